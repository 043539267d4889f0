"""Live sources end to end: a local server, the real Redis, a real worker and beat, the real
Elasticsearch. Feeds are polled, every article is indexed once with the right text, a second
poll costs 304s, robots.txt is obeyed, broken endpoints leave recorded errors, and reprocess
updates documents from the archive without fetching."""
import json
import time

import pytest

from tests.fetch_server import ARTICLES, FetchServer
from tests.integration.conftest import SOURCES_FILE, newsflow, settled, start_beat, stop, wait_for

BROKEN = ["/slow.html", "/loop", "/big.html", "/gzip-bomb.html", "/missing.html"]


@pytest.fixture(scope="module")
def server():
    srv = FetchServer().start()
    yield srv
    srv.shutdown()


def sources_yaml(base: str) -> str:
    pages = [f"{base}/flaky.html", f"{base}/retry-after.html"] + [f"{base}{p}" for p in BROKEN]
    return (f"sources:\n"
            f"  - {{id: rss, kind: feed, url: '{base}/rss.xml', interval: 2}}\n"
            f"  - {{id: atom, kind: feed, url: '{base}/atom.xml', interval: 2}}\n"
            f"  - {{id: broken-feed, kind: feed, url: '{base}/malformed.xml', interval: 2}}\n"
            f"  - {{id: pages, kind: pages, urls: {json.dumps(pages)}, interval: 20}}\n")


def expected_ids(env, server) -> set[str]:
    """What the same pipeline makes of every fetchable article, in-process (`process URL`)."""
    ids = set()
    for url in [f"{server.base}/articles/{n}.html" for n in ARTICLES] + [f"{server.base}/flaky.html",
                                                                      f"{server.base}/retry-after.html"]:
        out = newsflow(env, "process", url, "--json", check=False)
        ids |= {d["id"] for d in json.loads(out.stdout or "[]")}
    return ids


def test_process_url_reads_a_feed_under_the_fetch_policy(env, server):
    out = newsflow(env, "process", f"{server.base}/rss.xml", "--json")
    documents = json.loads(out.stdout)
    urls = {d["url"].rsplit("/", 1)[1] for d in documents}
    assert urls == {"a0.html", "a1.html", "a2.html"}, "the robots-forbidden entry is not fetched"
    assert "forbidden by robots.txt" in out.stderr
    a1 = [d for d in documents if d["url"].endswith("a1.html")]
    assert a1 and "新春第一会" in a1[0]["title"] + a1[0]["body"], "GBK declared only in <meta> reads right"
    a2 = [d for d in documents if d["url"].endswith("a2.html")]
    assert a2 and "锡山区" in a2[0]["body"], "GBK declared nowhere reads right"
    for d in documents:
        assert "热门排行" not in d["body"] and "网友评论" not in d["body"] and "ICP" not in d["body"]


def test_sources_are_polled_indexed_once_and_then_cost_304s(env, worker, es, redis, fresh_index, server, tmp_path):
    expected = expected_ids(env, server)
    server.requests.clear()
    server.not_modified.clear()
    SOURCES_FILE.write_text(sources_yaml(server.base))
    alias = fresh_index.index_alias
    beat = start_beat(env, tmp_path)

    def indexed_ids() -> set[str]:
        es.indices.refresh(index=alias)
        return {h["_id"] for h in es.search(index=alias, size=200, source=False)["hits"]["hits"]}

    try:
        wait_for(lambda: indexed_ids() == expected, seconds=90, what="every article indexed")
        counts = lambda: {k: int(v) for k, v in redis.hgetall("newsflow:task_counts").items()}  # noqa: E731
        # A task's stories are searchable a moment before its success is counted.
        processed = settled(lambda: counts().get("newsflow.process_archived:succeeded", 0))
        article_requests = sum(n for p, n in server.requests.items() if p.startswith("/articles/"))
        wait_for(lambda: server.not_modified["/rss.xml"] >= 2 and server.not_modified["/atom.xml"] >= 2,
                 seconds=30, what="feeds polled again with 304s")
        time.sleep(2)
        assert counts().get("newsflow.process_archived:succeeded", 0) == processed, "nothing new was processed"
        assert sum(n for p, n in server.requests.items() if p.startswith("/articles/")) == article_requests
        assert indexed_ids() == expected
        page_errors = lambda: " ".join(redis.lrange("newsflow:source:pages:errors", 0, -1))  # noqa: E731
        wait_for(lambda: all(f"{server.base}{path}: " in page_errors() for path in BROKEN), seconds=60,
                 what="an error recorded for every broken endpoint")
    finally:
        stop(beat)
    assert server.requests["/private/secret.html"] == 0, "robots.txt forbids it"
    # Indexed above, so the retries got through: 500, 500, then 200; 503 with Retry-After, then 200.
    assert server.requests["/flaky.html"] >= 3 and server.requests["/retry-after.html"] >= 2
    state = {s["id"]: s for s in json.loads(newsflow(env, "sources", "--json").stdout)}
    assert state["rss"]["last_success"] and state["atom"]["unchanged"] >= 2
    assert "malformed feed" in state["broken-feed"]["last_error"]
    page_errors = " ".join(redis.lrange("newsflow:source:pages:errors", 0, -1))
    for path, reason in [("/slow.html", "timeout"), ("/loop", "redirects"), ("/big.html", "larger than"),
                         ("/gzip-bomb.html", "larger than"), ("/missing.html", "HTTP 404")]:
        assert f"{server.base}{path}: " in page_errors and reason in page_errors, path
    status = json.loads(newsflow(env, "status", "--json").stdout)
    assert any(w.startswith("test@") for w in status["workers"]), "the worker kept serving"

    # A pipeline change is applied from the archive, without fetching anything again.
    before = sum(server.requests.values())
    for doc_id in expected:
        es.update(index=alias, id=doc_id, doc={"body": "stale", "pipeline_version": "0.0.0"})
    out = newsflow(env, "reprocess", "--wait")
    assert "failed 0" in out.stdout
    es.indices.refresh(index=alias)
    stale = es.count(index=alias, query={"term": {"pipeline_version": "0.0.0"}})["count"]
    assert stale == 0 and indexed_ids() == expected
    assert sum(server.requests.values()) == before, "reprocess fetched nothing"
