"""The local stack and the index setup, as an operator runs them."""
from tests.integration.conftest import newsflow


def test_stack_up_is_idempotent_and_status_says_where_the_logs_are(env):
    up = newsflow(env, "stack", "up")
    assert "redis: already running" in up.stdout and "elasticsearch: already running" in up.stdout
    status = newsflow(env, "stack", "status")
    assert "elasticsearch: running" in status.stdout and "health=" in status.stdout
    assert "logs=" in status.stdout and "version=8.19.21" in status.stdout


def test_setup_is_idempotent_and_puts_the_alias_on_the_versioned_index(env, es, fresh_index):
    for _ in range(2):
        out = newsflow(env, "setup").stdout
        assert f"{fresh_index.index_alias} -> {fresh_index.index_alias}-v{fresh_index.index_version}" in out
    assert list(es.indices.get_alias(name=fresh_index.index_alias)) == [f"{fresh_index.index_alias}-v{fresh_index.index_version}"]
    mapping = es.indices.get_mapping(index=fresh_index.index_alias)
    properties = next(iter(mapping.values()))["mappings"]["properties"]
    assert properties["search_terms"] == {"type": "text", "analyzer": "whitespace", "index_options": "docs", "norms": False}
    assert properties["places"]["properties"]["location"]["type"] == "geo_point"


def test_server_and_client_majors_match(es):
    import elasticsearch

    (node,) = es.nodes.info()["nodes"].values()
    assert node["version"] == "8.19.21"
    assert node["version"].split(".")[0] == elasticsearch.__versionstr__.split(".")[0]


def test_setup_adds_new_fields_to_an_existing_index(env, es, fresh_index):
    from newsflow.search_index import MAPPING

    index = f"{fresh_index.index_alias}-v{fresh_index.index_version}"
    old = {k: v for k, v in MAPPING["properties"].items() if k != "sections"}
    es.indices.delete(index=index)
    es.indices.create(index=index, mappings={"dynamic": "strict", "properties": old},
                      aliases={fresh_index.index_alias: {"is_write_index": True}})
    newsflow(env, "setup")
    properties = es.indices.get_mapping(index=index)[index]["mappings"]["properties"]
    assert properties["sections"]["type"] == "text"
