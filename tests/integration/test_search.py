"""Chinese search on the real index: words, not scattered characters."""
from datetime import datetime, timezone

import pytest

from newsflow import search_index
from pipelines.fingerprint import simhash
from pipelines.records import Document
from pipelines.segment import search_terms
from tests.integration.conftest import newsflow

TEXTS = {
    "word-xnn": "常州加快发展新能源汽车产业，打造新能源之都。",
    "apart-xnn": "这是一个新的开始，能源结构持续优化，清洁能源占比提高。",
    "word-gzl": "全市上下推动高质量发展，奋力走在前列。",
    "apart-gzl": "发展的质量要高，高标准建设示范区，产品质量稳步提升。",
    "apart-gzl-2": "坚持高质量的发展道路，推进现代化建设。",
}


def document(key: str, body: str) -> Document:
    terms = search_terms(body)
    return Document(id=key, parent_id=key, story_index=0, source="test", title=key, body=body,
                    simhash=simhash(terms), pipeline_version="test",
                    fetched_at=datetime.now(timezone.utc), search_terms=terms)


@pytest.fixture()
def indexed(es, redis, fresh_index):
    outcome = search_index.bulk_index(es, redis, fresh_index, [document(k, v) for k, v in TEXTS.items()])
    assert outcome.created == len(TEXTS) and not outcome.failed
    es.indices.refresh(index=fresh_index.index_alias)
    return fresh_index


@pytest.mark.parametrize("query, expected", [
    ("新能源", {"word-xnn"}),
    ("高质量发展", {"word-gzl"}),
    ("能源", {"word-xnn", "apart-xnn"}),
])
def test_words_are_found_and_scattered_characters_are_not(es, indexed, query, expected):
    hits = search_index.search(es, indexed, query)["hits"]["hits"]
    assert {h["_id"] for h in hits} == expected


def test_search_command_prints_title_and_highlighted_snippet(env, indexed):
    out = newsflow(env, "search", "新能源").stdout
    assert "1 stories match" in out and "word-xnn" in out and "[新能源]" in out


def test_a_failed_bulk_item_is_reported_not_dropped(es, redis, indexed):
    bad = document("bad", "正文内容。").model_copy(update={"published_at": None})
    es.indices.put_mapping(index=indexed.index_alias, properties={"blocked": {"type": "keyword"}})
    es.indices.put_settings(index=indexed.index_alias, settings={"index.blocks.write": True})
    try:
        outcome = search_index.bulk_index(es, redis, indexed, [bad])
    finally:
        es.indices.put_settings(index=indexed.index_alias, settings={"index.blocks.write": False})
    assert outcome.indexed == 0 and len(outcome.failed) == 1
    assert outcome.failed[0]["id"] == "bad" and outcome.failed[0]["status"] == 403


def test_a_refused_document_kept_as_a_dead_letter_is_indexed_when_retried(es, redis, indexed):
    """The dead letter keeps the document as Elasticsearch was sent it; a retry indexes it
    unchanged, found by its words, with no second processing of its input."""
    from workers import dead_letters
    from workers.tasks import retry_dead_letter

    es.indices.put_settings(index=indexed.index_alias, settings={"index.blocks.write": True})
    try:
        failed = search_index.bulk_index(es, redis, indexed, [document("kept", "扬州推进新能源产业集群建设。")]).failed
    finally:
        es.indices.put_settings(index=indexed.index_alias, settings={"index.blocks.write": False})
    dead_letters.record(redis, "index", "index_refused", str(failed[0]["error"]), document_id="kept",
                        source_key="kept", documents=[failed[0]["document"]])
    (entry,) = [e for e in dead_letters.scan(redis) if e.document_id == "kept"]
    result = retry_dead_letter(entry).apply().get()
    assert result["created"] == 1 and result["failed"] == 0
    es.indices.refresh(index=indexed.index_alias)
    stored = es.get(index=indexed.index_alias, id="kept")["_source"]
    assert stored["search_terms"] == failed[0]["document"]["search_terms"] and "新能源" in stored["search_terms"].split()
    assert {h["_id"] for h in search_index.search(es, indexed, "新能源")["hits"]["hits"]} == {"word-xnn", "kept"}
