"""`docker compose up` rehearsed on the local stack (tests/compose_rehearsal.py says what stands
in for the images): every service starts in the order its depends_on allows, the one-shots
succeed, the seeds are replayed into the index and the saved objects reach Kibana."""
import time

import httpx
import pytest

from tests.compose_rehearsal import ROOT, env_file, rehearse

ALIAS = "newsflow-compose"


@pytest.fixture()
def compose_overrides(es, redis, tmp_path):
    """The compose environment pointed at the local stack, in a Redis database and an index alias
    of its own."""
    import redis as redis_module

    url = "redis://127.0.0.1:6379/14"
    store = redis_module.Redis.from_url(url)
    store.flushdb()
    for index in es.indices.get(index=f"{ALIAS}-v*", allow_no_indices=True):
        es.indices.delete(index=index)
    (tmp_path / "sources.yaml").write_text("sources: []\n")
    yield {"NEWSFLOW_REDIS_URL": url, "NEWSFLOW_ES_URL": "http://127.0.0.1:9200", "NEWSFLOW_INDEX_ALIAS": ALIAS,
           "NEWSFLOW_SOURCES_FILE": str(tmp_path / "sources.yaml"), "NEWSFLOW_ARCHIVE_DIR": str(tmp_path / "archive"),
           "NEWSFLOW_KIBANA_URL": "(the stand-in's)"}
    store.flushdb()
    for index in es.indices.get(index=f"{ALIAS}-v*", allow_no_indices=True):
        es.indices.delete(index=index)


def _answers(url: str, auth=None) -> int:
    deadline = time.monotonic() + 60
    while True:
        try:
            return httpx.get(url, auth=auth, timeout=5).status_code
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise AssertionError(f"{url} does not answer")
            time.sleep(0.5)


def _services_answer() -> None:
    """Flower asks for the password from .env; the metrics endpoint serves."""
    env = env_file(ROOT / "deploy" / "env.example")
    assert _answers("http://127.0.0.1:5555/workers") == 401, "Flower without its password"
    assert _answers("http://127.0.0.1:5555/workers", (env["FLOWER_USER"], env["FLOWER_PASSWORD"])) == 200
    assert _answers("http://127.0.0.1:9108/metrics") == 200


def test_the_compose_stack_starts_and_replays_the_seeds(es, compose_overrides, tmp_path):
    report = rehearse(ROOT / "docker-compose.yml", compose_overrides, tmp_path, while_up=_services_answer)
    assert report.error is None, report.error
    order = report.started
    assert order.index("worker") < order.index("setup") < order.index("kibana") < order.index("kibana-objects")
    assert report.exited["setup"] == 0 and report.exited["kibana-objects"] == 0
    assert {"beat", "flower", "metrics", "worker"} <= set(order) and not {"beat", "flower", "metrics", "worker"} & set(report.exited)
    es.indices.refresh(index=ALIAS)
    assert es.count(index=ALIAS)["count"] == 10, "setup replayed the five seeds' ten stories"
    (imported,) = report.kibana_imports
    assert {o["type"] for o in imported["objects"]} >= {"index-pattern", "search", "dashboard"}
