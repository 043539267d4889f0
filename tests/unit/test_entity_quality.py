"""The targets of the entity stages on the annotated set (bench/quality_entities.py)."""
import pytest

from bench.quality_entities import evaluate

SCORES = evaluate()
# (minimum precision, minimum recall) per type; for money, amounts with the exact value.
TARGETS = {"persons": (0.95, 0.90), "places": (0.95, 0.90), "organizations": (0.90, 0.85), "money": (0.95, 0.95)}


@pytest.mark.parametrize("kind", TARGETS)
def test_precision_and_recall_meet_the_targets(kind):
    score, (precision, recall) = SCORES[kind], TARGETS[kind]
    assert score.precision >= precision and score.recall >= recall, score.errors
