"""The Elasticsearch side: index template, versioned index behind an alias, bulk indexing with
deterministic ids, and the Chinese search query.

Chinese words are found through ``search_terms``: jieba's search-mode terms, sent as one
space-separated string and indexed as exact terms by the whitespace analyzer, because no word
segmenter ships with Elasticsearch's minimal distribution. ``title`` and ``body`` keep the
standard analyzer (one token per Chinese character) for phrase matching, highlighting and
Kibana's free-text search.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone

from elasticsearch import Elasticsearch, helpers
from redis import Redis

from newsflow import near_duplicates
from newsflow.settings import Settings
from pipelines.dedup import bands
from pipelines.money import CURRENCIES
from pipelines.records import Document
from pipelines.segment import query_terms

_KEYWORD = {"type": "keyword"}
_DATE = {"type": "date"}

MAPPING: dict = {
    "dynamic": "strict",
    "properties": {
        "id": _KEYWORD, "parent_id": _KEYWORD, "story_index": {"type": "integer"},
        "source": _KEYWORD, "source_path": _KEYWORD, "url": _KEYWORD,
        "site_name": _KEYWORD, "publisher": _KEYWORD,
        "title": {"type": "text", "analyzer": "standard", "fields": {"raw": {"type": "keyword", "ignore_above": 512}}},
        "kicker": {"type": "text", "analyzer": "standard"},
        "subtitle": {"type": "text", "analyzer": "standard"},
        # Positions only: the highlighter analyses the few bodies it shows again, cheaper than
        # offsets for every story (about a fifth of Elasticsearch's CPU per story; term vectors cost more).
        "body": {"type": "text", "analyzer": "standard"},
        "sections": {"type": "text", "analyzer": "standard", "fields": {"raw": {"type": "keyword", "ignore_above": 256}}},
        # One text field of whitespace-separated terms, not a keyword array: Elasticsearch parses one
        # string instead of ~450 values per story (its CPU per story 0.83 -> 0.60 ms together with
        # the body's offsets dropped; README, Speed). Term queries match a term exactly as before:
        # jieba's terms never contain whitespace. No positions, no norms: only ``term`` asks it.
        "search_terms": {"type": "text", "analyzer": "whitespace", "index_options": "docs", "norms": False},
        "published_at": _DATE, "published_at_source": _KEYWORD,
        "authors": _KEYWORD, "editors": _KEYWORD, "keywords": _KEYWORD,
        "persons": {"properties": {"name": _KEYWORD, "mention": _KEYWORD, "titles": _KEYWORD, "organization": _KEYWORD, "place": _KEYWORD}},
        "places": {"properties": {
            "name": _KEYWORD, "mention": _KEYWORD, "adcode": _KEYWORD, "level": _KEYWORD, "province": _KEYWORD,
            "city": _KEYWORD, "county": _KEYWORD, "township": _KEYWORD, "location": {"type": "geo_point"}}},
        "organizations": {"properties": {"name": _KEYWORD, "mention": _KEYWORD, "kind": _KEYWORD,
                                          "place": _KEYWORD, "parent": _KEYWORD}},
        "money": {"properties": {"text": _KEYWORD, "value": {"type": "double"}, "currency": _KEYWORD, "qualifier": _KEYWORD}},
        # The story's amounts added up per currency (index-only): money is an array of objects,
        # not nested, so a sum of money.value under a money.currency bucket would add a story's
        # amounts in every currency it names. Kibana charts these (docs/kibana.md).
        "money_by_currency": {"properties": {currency.lower(): {"type": "double"} for currency in CURRENCIES}},
        "dates": _DATE,
        "flags": _KEYWORD, "spam_removed": {"type": "keyword", "ignore_above": 512},
        "simhash": _KEYWORD, "simhash_bands": _KEYWORD, "duplicate_of": _KEYWORD,
        "pipeline_version": _KEYWORD, "fetched_at": _DATE, "indexed_at": _DATE,
    },
}


def template_body(settings: Settings) -> dict:
    return {
        "index_patterns": [f"{settings.index_alias}-v*"],
        "priority": 200,
        "template": {
            "settings": {"number_of_shards": settings.index_shards,
                         "number_of_replicas": settings.index_replicas,
                         **({"refresh_interval": settings.index_refresh_interval}
                            if settings.index_refresh_interval else {})},
            "mappings": MAPPING,
        },
        "_meta": {"managed_by": "newsflow"},
    }


def setup_index(es: Elasticsearch, store: Redis, settings: Settings) -> str:
    """Install the template, create the current versioned index, point the alias at it and make
    the near-duplicate sets in Redis describe it.

    Idempotent. When the version moves on, the alias moves to the new index in one atomic call;
    the old index stays for a reindex or rollback.
    """
    es.indices.put_index_template(name=settings.template_name, **template_body(settings))
    index = settings.index_name
    if not es.indices.exists(index=index):
        es.indices.create(index=index)
    else:
        # New fields are added to the live index in place; a change Elasticsearch cannot make in
        # place (a field's type) fails here, and needs NEWSFLOW_INDEX_VERSION raised and a reprocess.
        es.indices.put_mapping(index=index, dynamic=MAPPING["dynamic"], properties=MAPPING["properties"])
    current = aliased_indices(es, settings)
    actions = [{"remove": {"index": old, "alias": settings.index_alias}} for old in current if old != index]
    if index not in current:
        actions.append({"add": {"index": index, "alias": settings.index_alias, "is_write_index": True}})
    if actions:
        es.indices.update_aliases(actions=actions)
    near_duplicates.ensure_built(store, es, settings)
    return index


def aliased_indices(es: Elasticsearch, settings: Settings) -> list[str]:
    if not es.indices.exists_alias(name=settings.index_alias):
        return []
    return sorted(es.indices.get_alias(name=settings.index_alias))


@dataclass
class BulkOutcome:
    stories: int = 0
    created: int = 0
    updated: int = 0
    failed: list[dict] = field(default_factory=list)

    @property
    def indexed(self) -> int:
        return self.created + self.updated


def index_source(doc: Document, duplicate_of: str | None, now: datetime) -> dict:
    """The document as Elasticsearch stores it (and a dead letter keeps it): the contract and the
    fields only the index has."""
    source = doc.contract()
    source["search_terms"] = " ".join(doc.search_terms)
    source["simhash_bands"] = bands(doc.simhash)
    source["duplicate_of"] = duplicate_of
    source["money_by_currency"] = money_by_currency(doc)
    source["indexed_at"] = now.isoformat()
    return source


def money_by_currency(doc: Document) -> dict[str, float]:
    totals: dict[str, float] = {}
    for amount in doc.money:
        if amount.currency in CURRENCIES:
            totals[amount.currency.lower()] = totals.get(amount.currency.lower(), 0.0) + amount.value
    return totals


def document_of(source: dict) -> Document:
    """The document an index source was made from: what a dead letter's stored source is retried as."""
    fields = {name: value for name, value in source.items() if name in Document.model_fields}
    if isinstance(fields.get("search_terms"), str):
        fields["search_terms"] = fields["search_terms"].split()
    return Document.model_validate(fields)


def bulk_index(es: Elasticsearch, store: Redis, settings: Settings, documents: list[Document]) -> BulkOutcome:
    """Index by deterministic id, so a replay overwrites. A story that repeats one seen before
    (Redis keeps the first copies, see near_duplicates) gets ``duplicate_of`` the first copy.
    Failed items are returned, never dropped."""
    now = datetime.now(timezone.utc)
    originals = near_duplicates.originals_of(store, es, settings, documents)
    actions = []
    sources: dict[str, dict] = {}
    for doc, original in zip(documents, originals):
        source = index_source(doc, original, now)
        sources[doc.id] = source
        actions.append({"_op_type": "index", "_index": settings.index_alias, "_id": doc.id, "_source": source})
    outcome = BulkOutcome(stories=len(documents))
    for ok, item in helpers.streaming_bulk(es, actions, chunk_size=settings.bulk_chunk_size,
                                           raise_on_error=False, raise_on_exception=False):
        result = item.get("index", {})
        if ok and result.get("result") == "created":
            outcome.created += 1
        elif ok:
            outcome.updated += 1
        else:
            outcome.failed.append({"id": result.get("_id"), "status": result.get("status"),
                                   "error": result.get("error"), "document": sources.get(result.get("_id"))})
    return outcome


def search_query(text: str) -> dict:
    """Every query word must be a word of the hit, and the query must stand in it contiguously."""
    terms = query_terms(text)
    per_field = []
    for fld in ("title", "body"):
        must = [{"match_phrase": {fld: text}}]
        must += [{"term": {"search_terms": t}} for t in terms]
        per_field.append({"bool": {"must": must}})
    return {"bool": {"should": per_field, "minimum_should_match": 1}}


def search(es: Elasticsearch, settings: Settings, text: str, size: int = 10,
           filters: list[dict] | None = None, duplicates: bool = False) -> dict:
    """Stories matching ``text`` (everything when it is empty), reposts folded into their first copy."""
    must = [search_query(text)] if text.strip() else [{"match_all": {}}]
    must_not = [] if duplicates else [{"exists": {"field": "duplicate_of"}}]
    query = {"bool": {"must": must, "filter": filters or [], "must_not": must_not}}
    return es.search(
        index=settings.index_alias, query=query, size=size,
        source_excludes=["search_terms", "body"],
        highlight={"fields": {"body": {"highlight_query": {"match_phrase": {"body": text or " "}},
                                       "fragment_size": 80, "number_of_fragments": 1},
                              "title": {"highlight_query": {"match_phrase": {"title": text or " "}},
                                        "number_of_fragments": 0}},
                   "pre_tags": ["["], "post_tags": ["]"],
                   # A body longer than the index's highlight limit (a story indexed before bodies
                   # were capped) is highlighted in its first million characters, not a 400.
                   "max_analyzed_offset": 999_999},
    )


def stale_stories(es: Elasticsearch, settings: Settings, keep: dict[str, list[str]]) -> list[str]:
    """The ids of indexed stories of these pages (parent ids) that are not among the ids to keep:
    stories a re-read page no longer has."""
    if not keep:
        return []
    should = [{"bool": {"filter": [{"term": {"parent_id": parent}}],
                        "must_not": [{"ids": {"values": ids}}] if ids else []}}
              for parent, ids in keep.items()]
    query = {"bool": {"should": should, "minimum_should_match": 1}}
    # One page: the stories of at most a task's inputs (a few dozen pages) are far under 10,000.
    found = es.search(index=settings.index_alias, query=query, source=False, size=10_000,
                      track_total_hits=False)
    return [hit["_id"] for hit in found["hits"]["hits"]]


def remove_stories(es: Elasticsearch, store: Redis, settings: Settings, ids: list[str]) -> int:
    """Delete stories by id, and forget them as first copies so no later story reposts them."""
    if not ids:
        return 0
    actions = ({"_op_type": "delete", "_index": settings.index_alias, "_id": i} for i in ids)
    deleted = sum(1 for ok, item in helpers.streaming_bulk(es, actions, raise_on_error=False,
                                                            raise_on_exception=False)
                  if ok and item.get("delete", {}).get("result") == "deleted")
    near_duplicates.forget(store, settings, ids)
    return deleted


def count(es: Elasticsearch, settings: Settings) -> int:
    return es.count(index=settings.index_alias)["count"]
