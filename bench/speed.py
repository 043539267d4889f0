"""Speed benchmark: every stage, the pipeline in-process, and end to end through Redis, Celery and
Elasticsearch. Run on demand, never in the tests:

    make bench          (python -m bench.speed)           10,000 text stories + 2,000 HTML pages
    make bench-quick    (python -m bench.speed --quick)   about a minute

Prints per-stage cost (ms/story and share), in-process throughput (text stories/s and HTML pages/s,
one process, and two processes; and the text path again with the index stage in the same
processes), end-to-end throughput with 1 and 2 worker processes, enqueue-to-searchable latency
p50/p95 at 10 stories/s, peak RSS per worker process, and the ratios e2e/in-process and
2 workers/1 worker (and e2e against the in-process run with the index stage: what the queueing
machinery alone costs). ``--json FILE`` also writes the figures.

The machine's speed drifts by 15-25 % within minutes (a shared host), so each ratio is taken
from measurements made back to back: ``--repeat N`` rounds of in-process and end to end, one
right after the other, and the median of the rounds' ratios is reported with their range.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path

from bench.local_stack import ROOT, reset_index, signal_worker, start_worker, use

ENV = {"NEWSFLOW_REDIS_URL": "redis://127.0.0.1:6379/12", "NEWSFLOW_INDEX_ALIAS": "newsflow-bench"}
STAGES = {  # stage → (module, function names) of the functions the pipeline calls
    "decode": ("pipelines.run", ["decode"]),
    "extract": ("pipelines.run", ["extract"]),
    "clean": ("pipelines.run", ["clean", "repair", "remove_spam"]),
    "split": ("pipelines.run", ["split"]),
    "segment": ("pipelines.enrich", ["cut", "search_terms", "keywords"]),
    "recogniser": ("pipelines.run", ["recognise"]),
    "entities": ("pipelines.enrich", ["find_entities"]),
    "money/dates": ("pipelines.enrich", ["extract_money", "mentioned_dates", "infer_published_at"]),
    "fingerprint": ("pipelines.enrich", ["simhash"]),
}


def _read(path: Path):
    from pipelines.files import read_file

    return read_file(path, path.parent, "bench", 50_000_000)


def _results(paths: list[Path]):
    """The pipeline's results over ``paths`` in order, files taken together as a processing task
    takes them (NEWSFLOW_PROCESS_TOGETHER_FILES)."""
    from newsflow.settings import get_settings
    from pipelines.run import process_many

    together = max(1, get_settings().process_together_files)
    for first in range(0, len(paths), together):
        yield from process_many([_read(path) for path in paths[first:first + together]])


def _documents(paths: list[Path]) -> list:
    return [doc for result in _results(paths) if isinstance(result, list) for doc in result]


# ---------------------------------------------------------------- in-process

@contextmanager
def _stage_timers(spent: dict[str, float]):
    import importlib

    originals = []
    for stage, (module_name, names) in STAGES.items():
        module = importlib.import_module(module_name)
        for name in names:
            original = getattr(module, name)

            def timed(*args, _f=original, _stage=stage, **kwargs):
                start = time.perf_counter()
                try:
                    return _f(*args, **kwargs)
                finally:
                    spent[_stage] += time.perf_counter() - start

            originals.append((module, name, original))
            setattr(module, name, timed)
    try:
        yield
    finally:
        for module, name, original in originals:
            setattr(module, name, original)


def per_stage(paths: list[Path], es, store, settings) -> dict[str, float]:
    """ms per story of each stage over ``paths``, the index stage included (bulk into Elasticsearch)."""
    from newsflow.search_index import bulk_index

    spent: dict[str, float] = defaultdict(float)
    start = time.perf_counter()
    with _stage_timers(spent):
        docs = _documents(paths)
    total = time.perf_counter() - start
    spent["other"] = total - sum(spent.values())
    start = time.perf_counter()
    for i in range(0, len(docs), settings.bulk_chunk_size):
        bulk_index(es, store, settings, docs[i:i + settings.bulk_chunk_size])
    spent["index"] = time.perf_counter() - start
    return {stage: seconds * 1000 / len(docs) for stage, seconds in spent.items()}


def _count_stories(paths: list[Path]) -> int:
    return len(_documents(paths))


def throughput(paths: list[Path], processes: int) -> tuple[int, float]:
    """(stories, seconds) for the whole pipeline over ``paths`` in ``processes`` processes
    (forked after the dictionaries are loaded, as a worker's pool is)."""
    if processes == 1:
        start = time.perf_counter()
        stories = len(_documents(paths))
        return stories, time.perf_counter() - start
    chunks = [paths[i::processes] for i in range(processes)]
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        start = time.perf_counter()
        stories = sum(pool.map(_count_stories, chunks))
        return stories, time.perf_counter() - start


def _index_stories(paths: list[Path]) -> int:
    """The pipeline and the index stage in this process, without Celery or a broker: stories
    indexed a group at a time on the indexing thread as they are made, as a processing task does."""
    from itertools import chain

    from newsflow.indexing import index_in_groups

    _, _, settings = _fresh_clients()
    documents = chain.from_iterable(r for r in _results(paths) if isinstance(r, list))
    return sum(future.result().indexed for future in index_in_groups(documents, settings.index_group_stories))


def throughput_indexed(paths: list[Path], processes: int) -> tuple[int, float]:
    """(stories, seconds) from the first file read to the last story searchable, with the index
    stage in ``processes`` processes and no queue: what end to end costs less the queueing. In a
    replay window, refreshed at its end, as an end-to-end run is."""
    from newsflow import replay_window

    es, store, settings = _fresh_clients()
    reset_index(es, store, settings)
    replay_window.open_window(es, store, settings, 1)
    chunks = [paths[i::processes] for i in range(processes)]
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        start = time.perf_counter()
        indexed = sum(pool.map(_index_stories, chunks))
        replay_window.task_done(es, store, settings)
        searchable = _count(es, settings.index_alias)
        seconds = time.perf_counter() - start
    if searchable != indexed:
        raise RuntimeError(f"{searchable} stories searchable, {indexed} indexed")
    return searchable, seconds


# ---------------------------------------------------------------- end to end

def _worker_pids(proc) -> list[int]:
    """The worker's parent process and its pool children."""
    children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
    return [proc.pid] + ([int(p) for p in children.read_text().split()] if children.exists() else [])


def _peak_rss_mb(proc) -> float:
    """Highest VmHWM among the worker's processes (its parent and its pool children)."""
    peaks = []
    for pid in _worker_pids(proc):
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except FileNotFoundError:
            continue
        peaks += [int(line.split()[1]) / 1024 for line in status.splitlines() if line.startswith("VmHWM:")]
    return max(peaks, default=0.0)


def _cpu_seconds(pid: int) -> float:
    """User plus system CPU time of one process (0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _cpu_by_process(worker, settings) -> dict[str, float]:
    """CPU seconds so far of the worker's processes, Elasticsearch and Redis: where the two
    cores go during an end-to-end run (all three share them on one machine)."""
    from newsflow.stack import _paths, _pid_alive

    paths = _paths(settings)
    found = {"workers": sum(_cpu_seconds(pid) for pid in _worker_pids(worker))}
    for name, pidfile in (("elasticsearch", paths.es_pid), ("redis", paths.redis_pid)):
        pid = _pid_alive(pidfile)
        found[name] = _cpu_seconds(pid) if pid else 0.0
    return found


def _wait_ready(app, name: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if any(worker.startswith(name) for reply in (app.control.ping(timeout=1) or []) for worker in reply):
            return
        time.sleep(0.5)
    raise RuntimeError(f"worker {name} did not start")


def _isolated(function, *args):
    """``function(*args)`` in a forked child with connections of its own, so that the driver
    never holds a broker connection: it forks the in-process pool between end-to-end runs, and a
    broker connection held across that fork stopped hearing the workers' replies (a ping answered
    before the fork went unanswered after it)."""
    with multiprocessing.get_context("fork").Pool(1) as pool:
        return pool.apply(function, args)


def _fresh_clients():
    from newsflow.clients import elasticsearch, redis_client

    settings = use(ENV)
    return elasticsearch(), redis_client(), settings


def _count(es, alias: str) -> int:
    es.indices.refresh(index=alias)
    return es.count(index=alias)["count"]


def end_to_end(paths: list[Path], expected: int, processes: int, log: Path) -> dict:
    """Stories/s from the first task sent to the last story searchable, with ``processes``
    worker processes, as ``newsflow replay --wait`` runs it: the replay's tasks in a replay window
    (newsflow.replay_window), each result awaited, then one refresh; and the peak RSS of the worker's processes."""
    from workers.app import app
    from workers.tasks import open_replay, replay_pipelines

    es, store, settings = _fresh_clients()
    reset_index(es, store, settings)
    worker = start_worker(ENV, f"bench{processes}", processes, log, level="WARNING")
    try:
        _wait_ready(app, f"bench{processes}@")
        cpu_before = _cpu_by_process(worker, settings)
        start = time.perf_counter()
        tasks = replay_pipelines(paths, paths[0].parent, "bench")
        open_replay(tasks)
        results = [task.apply_async() for task in tasks]
        for result in results:  # waited on one by one: the backend tells (pub/sub), no polling
            result.get(timeout=3600)
        indexed = _count(es, settings.index_alias)
        seconds = time.perf_counter() - start
        cpu_after = _cpu_by_process(worker, settings)
        if indexed != expected:
            raise RuntimeError(f"{indexed} stories searchable, {expected} expected (worker log: {log})")
        return {"stories": indexed, "seconds": seconds, "per_second": indexed / seconds,
                "peak_rss_mb": _peak_rss_mb(worker),
                "cpu_ms_per_story": {name: (cpu_after[name] - cpu_before[name]) * 1000 / indexed
                                     for name in cpu_after}}
    finally:
        signal_worker(worker)


def latency(paths: list[Path], rate: float, log: Path) -> dict:
    """Enqueue one one-story page every 1/rate s; time each until a search (no forced refresh) finds it."""
    from pipelines.identity import page_id, story_id
    from workers.app import app
    from workers.tasks import file_pipeline

    es, store, settings = _fresh_clients()
    reset_index(es, store, settings)
    worker = start_worker(ENV, "bench2", 2, log, level="WARNING")
    try:
        _wait_ready(app, "bench2@")
        sent: dict[str, float] = {}
        found: dict[str, float] = {}
        start = time.perf_counter()
        for n, path in enumerate(paths):
            while time.perf_counter() < start + n / rate:
                _poll(es, settings, sent, found)
                time.sleep(0.01)
            doc_id = story_id(page_id(_read(path)), 0)
            sent[doc_id] = time.perf_counter()
            file_pipeline(path, path.parent, "bench").apply_async()
        deadline = time.perf_counter() + 60
        while len(found) < len(sent) and time.perf_counter() < deadline:
            _poll(es, settings, sent, found)
            time.sleep(0.01)
        waits = sorted(found[i] - sent[i] for i in found)
        return {"stories": len(waits), "lost": len(sent) - len(found), "p50_s": statistics.median(waits),
                "p95_s": waits[max(0, int(len(waits) * 0.95) - 1)], "max_s": waits[-1]}
    finally:
        signal_worker(worker)


def _poll(es, settings, sent: dict, found: dict) -> None:
    pending = [i for i in sent if i not in found]
    if not pending:
        return
    hits = es.search(index=settings.index_alias, query={"ids": {"values": pending}}, size=len(pending),
                     source=False)["hits"]["hits"]
    now = time.perf_counter()
    for hit in hits:
        found.setdefault(hit["_id"], now)


# ---------------------------------------------------------------- main

def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="a small corpus: about a minute")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--repeat", type=int, help="rounds of in-process and end-to-end runs (3; 1 with --quick)")
    args = parser.parse_args(argv)
    text_n, html_n, e2e_n, latency_seconds = (1000, 200, 1000, 10) if args.quick else (10_000, 2_000, 10_000, 30)
    rounds = args.repeat or (1 if args.quick else 3)

    settings = use(ENV)
    from bench.corpus import build
    from newsflow.clients import elasticsearch, redis_client
    from pipelines.run import preload

    (ROOT / "run").mkdir(exist_ok=True)
    log = ROOT / "run" / "bench-worker.log"
    log.unlink(missing_ok=True)
    es, store = elasticsearch(), redis_client()
    work = Path(tempfile.mkdtemp(prefix="newsflow-bench-"))
    figures: dict = {"corpus": {}}
    try:
        texts, pages = build(work, text_n, html_n)
        figures["corpus"] = {"text_pages": len(texts), "html_pages": len(pages),
                             "mean_text_kb": round(statistics.mean(p.stat().st_size for p in texts) / 1024, 2)}
        preload()
        _documents(texts[:20] + pages[:20])  # warm caches (trafilatura's tables, regexes)

        reset_index(es, store, settings)
        stage_ms = per_stage(texts[:min(len(texts), 2000)] + pages[:min(len(pages), 400)], es, store, settings)
        figures["stages_ms_per_story"] = stage_ms
        pages_done, seconds = throughput(pages, 1)
        figures["in_process_html"] = {"pages": pages_done, "per_second": pages_done / seconds}
        e2e_paths = texts[:e2e_n]
        figures["rounds"] = []
        for _ in range(rounds):  # each end-to-end run right after its in-process twin
            this: dict = {}
            for processes, inside, indexing, outside in (
                    (1, "in_process_text", "in_process_indexing", "e2e_1_worker"),
                    (2, "in_process_text_2_processes", "in_process_indexing_2_processes", "e2e_2_workers")):
                stories, seconds = throughput(e2e_paths, processes)
                this[inside] = {"stories": stories, "per_second": stories / seconds}
                indexed, seconds = throughput_indexed(e2e_paths, processes)
                this[indexing] = {"stories": indexed, "per_second": indexed / seconds}
                this[outside] = _isolated(end_to_end, e2e_paths, stories, processes, log)
            figures["rounds"].append(this)
        for key in ("in_process_text", "in_process_text_2_processes", "in_process_indexing",
                    "in_process_indexing_2_processes", "e2e_1_worker", "e2e_2_workers"):
            figures[key] = _median_run([r[key] for r in figures["rounds"]])
        extra, _ = build(work / "latency", int(10 * latency_seconds), 0, first=5_000_000)
        figures["latency_at_10_per_s"] = _isolated(latency, extra, 10.0, log)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    figures["ratios"], figures["ratio_ranges"] = {}, {}
    for name, top, bottom in (ratio for group in RATIOS.values() for ratio in group):
        each = [r[top]["per_second"] / r[bottom]["per_second"] for r in figures["rounds"]]
        figures["ratios"][name] = statistics.median(each)
        figures["ratio_ranges"][name] = [min(each), max(each)]
    given_back = [r["e2e_2_workers"]["per_second"] / r["in_process_text_2_processes"]["per_second"]
                  * _without_elasticsearch(r["e2e_2_workers"]) for r in figures["rounds"]]
    figures["estimates"] = {"e2e_2_workers/in_process_2, Elasticsearch's CPU given back": statistics.median(given_back)}
    _print(figures)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    return 0


# Printed under their heading: (name, numerator run, denominator run), each taken per round.
RATIOS: dict[str, list[tuple[str, str, str]]] = {
    "": [("e2e_1_worker/in_process_1", "e2e_1_worker", "in_process_text"),
         ("e2e_2_workers/in_process_2", "e2e_2_workers", "in_process_text_2_processes"),
         ("2_workers/1_worker", "e2e_2_workers", "e2e_1_worker")],
    "the queueing machinery alone (against the in-process run with the index stage):": [
        ("e2e_1_worker/in_process_1_indexing", "e2e_1_worker", "in_process_indexing"),
        ("e2e_2_workers/in_process_2_indexing", "e2e_2_workers", "in_process_indexing_2_processes")],
    "the index stage alone, no queue (Elasticsearch on the same cores):": [
        ("in_process_1_indexing/in_process_1", "in_process_indexing", "in_process_text"),
        ("in_process_2_indexing/in_process_2", "in_process_indexing_2_processes", "in_process_text_2_processes")],
}


def _without_elasticsearch(run: dict) -> float:
    """How much faster a run whose cores were all busy would have been had Elasticsearch's CPU
    not come out of them (Elasticsearch on a host of its own): core time per story over core
    time per story less Elasticsearch's share. An estimate, printed apart from the measurements."""
    core_ms = _core_ms_per_story(run)
    return core_ms / (core_ms - run["cpu_ms_per_story"]["elasticsearch"])


def _core_ms_per_story(run: dict) -> float:
    """The machine's core time per story during an end-to-end run: all cores, the run's wall time."""
    return 1000 * run["seconds"] / run["stories"] * (os.cpu_count() or 1)


def _median_run(runs: list[dict]) -> dict:
    """The run of median throughput (the lower middle one of an even number)."""
    return sorted(runs, key=lambda run: run["per_second"])[(len(runs) - 1) // 2]


def _print(f: dict) -> None:
    c = f["corpus"]
    print(f"corpus: {c['text_pages']} text stories (mean {c['mean_text_kb']} KB), {c['html_pages']} portal HTML pages")
    print("\nper-stage cost (text and HTML stories together)")
    total = sum(v for k, v in f["stages_ms_per_story"].items())
    for stage, ms in f["stages_ms_per_story"].items():
        print(f"  {stage:12} {ms:8.3f} ms/story  {100 * ms / total:5.1f} %")
    print(f"  {'total':12} {total:8.3f} ms/story")
    rounds = f["rounds"]
    print(f"\nin-process (no broker, no index; text: median of {len(rounds)} rounds)")
    print(f"  text path, 1 process    {f['in_process_text']['per_second']:8.1f} stories/s  {_each(rounds, 'in_process_text')}")
    print(f"  HTML path, 1 process    {f['in_process_html']['per_second']:8.1f} pages/s")
    print(f"  text path, 2 processes  {f['in_process_text_2_processes']['per_second']:8.1f} stories/s  "
          f"{_each(rounds, 'in_process_text_2_processes')}")
    print("\nin-process with the index stage (bulk into Elasticsearch from the same processes; no broker, no Celery)")
    print(f"  text path, 1 process    {f['in_process_indexing']['per_second']:8.1f} stories/s  {_each(rounds, 'in_process_indexing')}")
    print(f"  text path, 2 processes  {f['in_process_indexing_2_processes']['per_second']:8.1f} stories/s  "
          f"{_each(rounds, 'in_process_indexing_2_processes')}")
    print("\nend to end (Redis + Celery + Elasticsearch, text stories, enqueue to searchable; the median round's run)")
    for key, label in (("e2e_1_worker", "1 worker process "), ("e2e_2_workers", "2 worker processes")):
        e = f[key]
        print(f"  {label}  {e['per_second']:8.1f} stories/s  ({e['stories']} in {e['seconds']:.1f} s)  "
              f"peak RSS {e['peak_rss_mb']:.0f} MB  {_each(rounds, key)}")
        cpu = e["cpu_ms_per_story"]
        print(f"      CPU per story: workers {cpu['workers']:.2f} ms, Elasticsearch {cpu['elasticsearch']:.2f} ms, "
              f"Redis {cpu['redis']:.2f} ms (of {_core_ms_per_story(e):.2f} ms of "
              f"{os.cpu_count()} cores)")
    lat = f["latency_at_10_per_s"]
    print(f"\nlatency at 10 stories/s: p50 {lat['p50_s']:.3f} s  p95 {lat['p95_s']:.3f} s  max {lat['max_s']:.3f} s  "
          f"({lat['stories']} stories, {lat['lost']} not found)")
    print("\nratios (median of the rounds' ratios, each from runs made back to back; range)")
    for heading, group in RATIOS.items():
        if heading:
            print(f"  {heading}")
        for name, _, _ in group:
            low, high = f["ratio_ranges"][name]
            print(f"  {name:36} {f['ratios'][name]:6.2f}   ({low:.2f}-{high:.2f})")
    for name, value in f["estimates"].items():
        print(f"  estimate: {name} {value:.2f} (the 2-worker run keeps both cores busy, so Elasticsearch's CPU "
              f"comes out of the workers'; with 1 worker process it has the other core)")


def _each(rounds: list[dict], key: str) -> str:
    return "rounds: " + " / ".join(f"{r[key]['per_second']:.1f}" for r in rounds) if len(rounds) > 1 else ""


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
