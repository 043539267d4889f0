"""Prometheus metrics for the whole worker fleet, read from Redis at scrape time: task counts and
durations per stage, documents processed and indexed, failures by stage and reason, queue depths,
dead letters and the index's document count. `newsflow metrics` serves them on /metrics."""
from __future__ import annotations

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily
from prometheus_client.registry import Collector, CollectorRegistry

from newsflow.clients import elasticsearch, redis_client
from newsflow.settings import Settings
from workers.app import QUEUES
from pipelines.failures import kind
from workers import dead_letters
from workers.dead_letters import FAILURES_KEY
from workers.monitoring import BUCKETS, DOCUMENTS_KEY, DURATIONS_KEY, STATS_KEY


class FleetCollector(Collector):
    def __init__(self, settings: Settings):
        self.settings = settings

    def collect(self):
        store = redis_client()
        tasks = CounterMetricFamily("newsflow_tasks", "Tasks by name and outcome", labels=["task", "state"])
        names = set()
        for key, value in store.hgetall(STATS_KEY).items():
            name, _, state = key.rpartition(":")
            names.add(name)
            tasks.add_metric([name, state], float(value))
        yield tasks

        durations = HistogramMetricFamily("newsflow_task_duration_seconds", "Task run time per stage", labels=["task"])
        for name in sorted(names):
            raw = store.hgetall(DURATIONS_KEY.format(name))
            if not raw:
                continue
            buckets = [(str(b), float(raw.get(f"le_{b}", 0))) for b in BUCKETS] + [("+Inf", float(raw["count"]))]
            durations.add_metric([name], buckets, float(raw.get("sum", 0)))
        yield durations

        documents = CounterMetricFamily("newsflow_documents", "Stories processed and indexed", labels=["stage"])
        for stage, value in store.hgetall(DOCUMENTS_KEY).items():
            documents.add_metric([stage], float(value))
        yield documents

        failures = CounterMetricFamily("newsflow_failures", "Inputs that became dead letters, by failure code "
                                       "(pipelines.failures)", labels=["stage", "code", "transient"])
        for key, value in store.hgetall(FAILURES_KEY).items():
            stage, _, code = key.partition("|")
            failures.add_metric([stage, code, str(kind(code).transient).lower()], float(value))
        yield failures

        depth = GaugeMetricFamily("newsflow_queue_depth", "Messages waiting per queue", labels=["queue"])
        for queue in QUEUES:
            depth.add_metric([queue], float(store.llen(queue)))
        yield depth
        yield GaugeMetricFamily("newsflow_dead_letters", "Dead letters kept (one per input and failure code)",
                                value=float(dead_letters.count(store)))
        yield CounterMetricFamily("newsflow_dead_letters_dropped", "Dead letters dropped to keep the store bounded",
                                  value=float(dead_letters.dropped(store)))
        try:
            count = float(elasticsearch().count(index=self.settings.index_alias)["count"])
        except Exception:  # a scrape must not fail because Elasticsearch is down; the gauge goes missing
            return
        yield GaugeMetricFamily("newsflow_index_documents", "Documents in the index", value=count)


def registry(settings: Settings) -> CollectorRegistry:
    reg = CollectorRegistry()
    reg.register(FleetCollector(settings))
    return reg
