"""The targets of the entity stages on the annotated set (bench/quality_entities.py)."""
import pytest

from bench.quality_entities import evaluate

SCORES = evaluate()
# (minimum precision, minimum recall) per type; for money, amounts with the exact value. Since
# pipeline 0.4.0 the set lists every person, place and organisation (its guidelines), not only
# officials with posts and functional bodies: precision is measured against that wider set.
# The two organisations still missed: 智能制造龙城实验室 (the model's 龙城实验室; a rule reaching
# further left over 智能制造 took CLUENER's "社会闲杂人员虚构上海经贸学院" with it) and 重大项目推进办
# (no suffix rule for 办 after a verb); docs/entities.md.
TARGETS = {"persons": (0.94, 0.99), "places": (0.85, 0.99), "organizations": (0.78, 0.97), "money": (0.95, 0.95)}


@pytest.mark.parametrize("kind", TARGETS)
def test_precision_and_recall_meet_the_targets(kind):
    score, (precision, recall) = SCORES[kind], TARGETS[kind]
    assert score.precision >= precision and score.recall >= recall, score.errors
