"""Every kind of broken input ends as a document or as a rejection that says why."""
import pytest

from pipelines.files import read_file
from pipelines.records import Rejected
from pipelines.run import process
from pipelines.failures import KINDS
from pipelines.run import MAX_PAGE_CHARS
from tests.bad_inputs import DOC, SKIPPED, write_corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bad")
    return folder, write_corpus(folder)


def test_the_corpus_has_at_least_thirty_kinds(corpus):
    assert len(corpus[1]) >= 30


@pytest.mark.parametrize("name", sorted(write_corpus.__globals__["corpus"]())
                         + ["34-fifty-mb.html", "38-fifo.txt", "39-link-out.txt"])
def test_each_input_becomes_a_document_or_a_clear_rejection(corpus, name):
    folder, expected = corpus
    raw = read_file(folder / name, folder, "bad", 20 * 1024 * 1024)
    result = raw if isinstance(raw, Rejected) else process(raw)
    if expected[name] == DOC:
        assert isinstance(result, list) and result, getattr(result, "reason", None)
        assert all(len(d.body) >= 20 and d.title for d in result)
        assert sum(len(d.body) for d in result) <= MAX_PAGE_CHARS + 100 * len(result)
    elif expected[name] == SKIPPED:  # read anyway (a task given its path): refused, and why
        assert isinstance(result, Rejected) and result.code in ("not_regular_file", "outside_folder")
    else:
        assert isinstance(result, Rejected) and expected[name] in result.reason
    if isinstance(result, Rejected):
        assert result.code in KINDS


def test_a_page_longer_than_the_cap_is_cut_and_flagged(corpus):
    folder, _ = corpus
    (document,) = process(read_file(folder / "37-megabytes-one-line.txt", folder, "bad", 20 * 1024 * 1024))
    assert "text_truncated" in document.flags and len(document.body) <= MAX_PAGE_CHARS
