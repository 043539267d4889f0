"""Money as the dashboard charts it, on the real Elasticsearch: each story's amounts added up per
currency at index time, so a sum per currency never mixes in another currency's amounts, whatever
mix a story names."""
from newsflow import kibana, search_index
from pipelines.money import CURRENCIES
from pipelines.records import Money
from tests.integration.test_search import document


def test_money_is_summed_per_currency_and_never_across_currencies(es, redis, fresh_index):
    stories = {"a": [("CNY", 100.0), ("USD", 7.0)], "b": [("CNY", 50.0), ("CNY", 25.0)], "c": [("EUR", 3.0)], "d": []}
    documents = [document(key, "扬州推进新能源产业集群建设。").model_copy(
        update={"money": [Money(text=f"{v}{c}", value=v, currency=c) for c, v in amounts]})
        for key, amounts in stories.items()]
    outcome = search_index.bulk_index(es, redis, fresh_index, documents)
    assert outcome.created == 4 and not outcome.failed
    es.indices.refresh(index=fresh_index.index_alias)
    found = es.search(index=fresh_index.index_alias, size=0,
                      aggs={c: {"sum": {"field": kibana.money_field(c)}} for c in CURRENCIES})["aggregations"]
    expected = {c: sum(v for amounts in stories.values() for cur, v in amounts if cur == c) for c in CURRENCIES}
    assert {c: found[c]["value"] for c in CURRENCIES} == expected
    assert expected["CNY"] == 175.0 and expected["USD"] == 7.0
    # What the old "money by place" table did: money.value summed under a currency bucket.
    mixed = es.search(index=fresh_index.index_alias, size=0, aggs={"by": {
        "terms": {"field": "money.currency"}, "aggs": {"sum": {"sum": {"field": "money.value"}}}}})
    usd = next(b for b in mixed["aggregations"]["by"]["buckets"] if b["key"] == "USD")
    assert usd["sum"]["value"] == 107.0, "the flattened array adds the CNY amount into USD: why the fields exist"
