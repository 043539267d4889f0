"""The targets of the entity stages on the annotated set (bench/quality_entities.py)."""
from bench.quality_entities import evaluate

SCORES = evaluate()


def test_persons_with_the_right_post():
    s = SCORES["persons"]
    assert s.precision >= 0.95 and s.recall >= 0.90, s.errors


def test_places():
    s = SCORES["places"]
    assert s.precision >= 0.95 and s.recall >= 0.90, s.errors


def test_organisations():
    s = SCORES["organizations"]
    assert s.precision >= 0.90 and s.recall >= 0.85, s.errors


def test_money_values_exact():
    s = SCORES["money"]
    assert s.recall >= 0.95 and s.precision >= 0.95, s.errors
