"""Every kind of broken input ends as a document or as a rejection that says why."""
import pytest

from pipelines.files import read_file
from pipelines.records import Rejected
from pipelines.run import process
from tests.bad_inputs import DOC, write_corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bad")
    return folder, write_corpus(folder)


def test_the_corpus_has_at_least_thirty_kinds(corpus):
    assert len(corpus[1]) >= 30


@pytest.mark.parametrize("name", sorted(write_corpus.__globals__["corpus"]()) + ["34-fifty-mb.html"])
def test_each_input_becomes_a_document_or_a_clear_rejection(corpus, name):
    folder, expected = corpus
    raw = read_file(folder / name, folder, "bad", 20 * 1024 * 1024)
    result = raw if isinstance(raw, Rejected) else process(raw)
    if expected[name] == DOC:
        assert isinstance(result, list) and result, getattr(result, "reason", None)
        assert all(len(d.body) >= 20 and d.title for d in result)
    else:
        assert isinstance(result, Rejected) and expected[name] in result.reason
