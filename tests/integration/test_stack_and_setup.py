"""The local stack and the index setup, as an operator runs them."""
import json

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


def _closed_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_service_that_does_not_answer_is_one_clear_line_and_the_rest_is_still_reported(env, fresh_index):
    dead_redis = {**env, "NEWSFLOW_REDIS_URL": f"redis://:hunter2@127.0.0.1:{_closed_port()}/15"}
    status = newsflow(dead_redis, "status", check=False)
    assert status.returncode == 1
    assert "broker: Redis at redis://:***@127.0.0.1:" in status.stderr and "does not answer" in status.stderr
    assert "hunter2" not in status.stdout + status.stderr
    alias = fresh_index.index_alias
    assert f"index {alias} -> ['{alias}-v{fresh_index.index_version}']: 0 documents" in status.stdout
    as_json = newsflow(dead_redis, "status", "--json", check=False)
    assert as_json.returncode == 1 and "does not answer" in json.loads(as_json.stdout)["broker_error"]

    for command in (("replay", "seeds"), ("dlq", "list")):
        done = newsflow(dead_redis, *command, check=False)
        assert done.returncode == 1, command
        assert "error: Redis at" in done.stderr and "Traceback" not in done.stderr, done.stderr

    dead_es = {**env, "NEWSFLOW_ES_URL": f"http://127.0.0.1:{_closed_port()}"}
    search = newsflow(dead_es, "search", "新能源", check=False)
    assert search.returncode == 1
    assert "error: Elasticsearch at http://127.0.0.1:" in search.stderr and "Traceback" not in search.stderr
