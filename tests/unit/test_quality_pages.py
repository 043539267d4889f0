"""Floors on real pages nobody here wrote (../shared/realpages, the development set) and on
one-article text files in print layouts made from their gold: the figures of
``python -m bench.quality_pages`` and ``python -m bench.quality_text`` may rise, never fall."""
import pytest

from bench import quality_pages, quality_text

FOLDER = quality_pages.pages_dir()
pytestmark = pytest.mark.skipif(not FOLDER.is_dir(), reason=f"no development pages at {FOLDER}")


@pytest.fixture(scope="module")
def pages() -> dict:
    return quality_pages.run(FOLDER)[1]


def test_no_real_page_is_split_or_lost(pages):
    assert pages["pages"] >= 45
    assert pages["pages_split"] == 0
    assert pages["pages_rejected_or_empty"] == 0


def test_body_text_beats_plain_trafilatura(pages):
    assert pages["body_f1"] >= 0.935
    assert pages["body_f1"] > pages["trafilatura_f1"]


def test_dates_authors_and_titles_hold_their_floor(pages):
    assert pages["date_right"] / pages["dated_pages"] >= 0.90
    assert pages["author_right"] / pages["authored_pages"] >= 0.60
    assert pages["title_right"] / pages["titled_pages"] >= 0.8


def test_one_article_text_files_stay_whole_with_title_date_and_bylines():
    counts, misses = quality_text.score(FOLDER)
    assert counts["files"] >= 15
    assert counts["split"] == 0 and counts["rejected"] == 0, misses
    assert counts["title"] / counts["files"] >= 0.9, misses
    assert counts["date"] == counts["files"], misses
    assert counts["bylines"] / counts["files"] >= 0.9, misses
