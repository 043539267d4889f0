"""A replay lengthens the index's refresh interval and its last task restores it, on the real
stack; a replay whose tasks vanished has it restored when its lease runs out."""
import json
import time

from newsflow import replay_window
from tests.integration.conftest import ROOT, newsflow, wait_for

SEEDS = ROOT / "seeds"


def refresh_interval(es, settings) -> str | None:
    found = es.indices.get_settings(index=settings.index_name, name="index.refresh_interval")
    # Only what is set is returned: nothing at all while the interval is the default.
    return found.body.get(settings.index_name, {}).get("settings", {}).get("index", {}).get("refresh_interval")


def test_the_window_opens_for_each_task_and_closes_after_the_last(es, redis, fresh_index):
    assert refresh_interval(es, fresh_index) is None  # Elasticsearch's default outside replays
    assert replay_window.open_window(es, redis, fresh_index, tasks=2)
    assert refresh_interval(es, fresh_index) == fresh_index.replay_refresh_interval == "5s"
    assert replay_window.state(redis, fresh_index)["pending_tasks"] == 2
    assert not replay_window.task_done(es, redis, fresh_index)
    assert refresh_interval(es, fresh_index) == "5s"
    assert replay_window.task_done(es, redis, fresh_index)
    assert refresh_interval(es, fresh_index) is None
    assert replay_window.state(redis, fresh_index) == {"open": False, "pending_tasks": 0,
                                                        "refresh_interval": "1s (default)", "lease_seconds_left": 0}
    # A task of the closed window (redelivered after its worker died) neither reopens nor closes it.
    assert not replay_window.task_done(es, redis, fresh_index)
    assert replay_window.state(redis, fresh_index)["open"] is False


def test_a_window_whose_tasks_stopped_reporting_closes_when_its_lease_runs_out(es, redis, fresh_index):
    short = fresh_index.model_copy(update={"replay_lease_seconds": 1})
    replay_window.open_window(es, redis, short, tasks=5)
    assert not replay_window.close_if_stale(es, redis, short)  # the lease is alive
    time.sleep(1.5)
    assert replay_window.close_if_stale(es, redis, short)
    assert refresh_interval(es, fresh_index) is None
    assert not replay_window.close_if_stale(es, redis, short)  # nothing left to close


def test_a_replay_through_the_worker_restores_the_interval_and_is_searchable_at_once(env, worker, es, fresh_index):
    replay = newsflow(env, "replay", str(SEEDS), "--wait")
    assert "index refreshed every 5s until this replay's last task is done" in replay.stderr
    assert "indexed 10" in replay.stdout
    # No refresh of our own: the replay's end made every story searchable.
    assert es.count(index=fresh_index.index_alias)["count"] == 10
    wait_for(lambda: not json.loads(newsflow(env, "status", "--json").stdout)["replay_window"]["open"],
             30, "the replay window closed by its last task")
    assert refresh_interval(es, fresh_index) is None
