"""The bad-input corpus through a running worker: the expected dead letters and documents, and
the worker serving throughout."""
import json

from tests.bad_inputs import DOC, SKIPPED, write_corpus
from tests.integration.conftest import ROOT, newsflow


def test_bad_inputs_through_the_worker(env, worker, es, redis, fresh_index, tmp_path):
    expected = write_corpus(tmp_path / "bad")
    out = newsflow(env, "replay", str(tmp_path / "bad"), "--wait", check=False)
    assert "failed 0" in out.stdout, out.stdout + out.stderr
    from workers.dead_letters import entries

    dead = {e.source_key: e.reason for e in entries(redis, 200)}
    for name, outcome in expected.items():
        if outcome in (DOC, SKIPPED):
            assert name not in dead, f"{name}: {dead.get(name)}"
        else:
            assert outcome in dead.get(name, ""), f"{name}: expected '{outcome}', got {dead.get(name)}"
    es.indices.refresh(index=fresh_index.index_alias)
    indexed_files = {h["_source"]["source_path"].rsplit("/", 1)[1] for h in
                     es.search(index=fresh_index.index_alias, size=200, source=["source_path"])["hits"]["hits"]}
    assert indexed_files == {n for n, o in expected.items() if o == DOC}
    assert worker.poll() is None, "the worker process is alive"
    after = newsflow(env, "replay", str(ROOT / "seeds"), "--wait")
    assert "stories 10" in after.stdout, "and still serving"
    status = json.loads(newsflow(env, "status", "--json").stdout)
    assert status["dead_letters"] == sum(1 for o in expected.values() if o not in (DOC, SKIPPED))
