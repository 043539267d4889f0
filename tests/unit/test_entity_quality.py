"""The targets of the entity stages on the annotated set (bench/quality_entities.py)."""
import pytest

from bench.quality_entities import evaluate

SCORES = evaluate()
# (minimum precision, minimum recall) per type; for money, amounts with the exact value. Since
# pipeline 0.4.0 the set lists every person, place and organisation (its guidelines), not only
# officials with posts and functional bodies: precision is measured against that wider set.
# Organisations 0.77 / 0.96 since the recogniser runs in integers (pipeline 0.6): it reads 江科大 as
# 江 + 科大, one of the 0.3 % of characters it tags otherwise than the float model; the two public
# development sets score the same or better (docs/entities.md).
TARGETS = {"persons": (0.94, 0.99), "places": (0.85, 0.97), "organizations": (0.77, 0.96), "money": (0.95, 0.95)}


@pytest.mark.parametrize("kind", TARGETS)
def test_precision_and_recall_meet_the_targets(kind):
    score, (precision, recall) = SCORES[kind], TARGETS[kind]
    assert score.precision >= precision and score.recall >= recall, score.errors
