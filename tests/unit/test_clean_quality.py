"""The clean-up targets over the seeds and the project's own variants (bench/quality_clean.py)."""
import pytest

from bench.quality_clean import measure_all

RESULTS = measure_all()


@pytest.mark.parametrize("result", RESULTS, ids=[r.name for r in RESULTS])
def test_article_kept_chrome_removed_spam_gone(result):
    assert result.kept >= 0.99, result.lost
    assert result.removed == 1.0, result.leaked
    assert result.spam_left == 0
