"""The ``newsflow`` command line."""
from __future__ import annotations

import json
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from newsflow.settings import get_settings

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_show_locals=False,
                  help="Ingest Chinese regional news: fetch, clean, enrich, index into Elasticsearch.")
stack_app = typer.Typer(no_args_is_help=True, help="Local Redis and Elasticsearch on 127.0.0.1, without Docker.")
app.add_typer(stack_app, name="stack")
dlq_app = typer.Typer(no_args_is_help=True, help="Dead letters: inputs that became no document, with the reason.")
app.add_typer(dlq_app, name="dlq")
console = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


def _fail(message: str, code: int = 1) -> None:
    err.print(f"[red]error:[/red] {escape(message)}")
    raise typer.Exit(code)


def _require_redis() -> None:
    """Fail at once when Redis does not answer, before Celery spends its reconnect retries on it."""
    from newsflow.clients import redis_client

    redis_client().ping()


def _require_index() -> None:
    """Fail at once when the index the workers write to is not there (a wrong NEWSFLOW_ES_URL or
    alias, or no `newsflow setup` yet), instead of sending work that cannot be indexed."""
    from newsflow import search_index
    from newsflow.clients import elasticsearch
    from newsflow.unreachable import missing_alias

    if not search_index.aliased_indices(elasticsearch(), get_settings()):
        _fail(missing_alias(get_settings()))


@app.command()
def process(target: str = typer.Argument(..., help="A saved article, a folder of them, or a page or feed URL."),
            as_json: bool = typer.Option(False, "--json", help="Print the documents as a JSON array."),
            source: Optional[str] = typer.Option(None, help="Source name; default: the folder's name or the host.")) -> None:
    """Run every stage in-process on TARGET and print the documents. Files need no service; a URL
    is fetched under the fetch policy (robots.txt, limits, safety)."""
    from pipelines.files import read_folder
    from pipelines.records import Rejected
    from pipelines.run import process as run_pipeline

    if target.startswith(("http://", "https://")):
        inputs = _fetch_inputs(target, source)
    else:
        path = Path(target)
        if not path.exists():
            _fail(f"{target}: no such file or folder")
        root = path.resolve() if path.is_dir() else path.resolve().parent
        inputs = read_folder(path, source or root.name, get_settings().max_input_bytes)
    documents, rejected = [], []
    for raw in inputs:
        result = raw if isinstance(raw, Rejected) else run_pipeline(raw)
        if isinstance(result, Rejected):
            rejected.append(result)
        else:
            documents.extend(result)
    if as_json:
        json.dump([d.contract() for d in documents], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for d in documents:
            console.print(f"[bold]{escape(d.title)}[/bold]  {d.published_at or ''}  {escape(str(d.source_path))}#{d.story_index}")
    for r in rejected:
        err.print(f"[yellow]rejected[/yellow] {escape(r.source_path or r.source_key)}: {escape(r.code)}: {escape(r.reason)}")
    if rejected and not documents:
        raise typer.Exit(1)


@app.command()
def entities(batch: int = typer.Option(64, help="Texts recognised together (the model runs in batches).")) -> None:
    """Annotate text: JSON lines {"id": …, "text": …} on stdin, one JSON line per input on stdout
    with persons, places, organizations, money and dates (each entity with `mention` as written and
    `name` normalised), by the pipeline's own code. A line that is not such an object gets
    {"id", "error"} and the rest go on."""
    from pipelines.entities import annotate

    def flush(pending: list[tuple[object, str]]) -> None:
        for (item_id, _), found in zip(pending, annotate([text for _, text in pending])):
            sys.stdout.write(json.dumps({"id": item_id, **found}, ensure_ascii=False) + "\n")
        sys.stdout.flush()

    pending: list[tuple[object, str]] = []
    for number, line in enumerate(sys.stdin, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            if not isinstance(item, dict) or not isinstance(item.get("text"), str):
                raise ValueError('expected an object with a "text" string')
        except ValueError as error:
            flush(pending)
            pending = []
            sys.stdout.write(json.dumps({"id": None, "line": number, "error": str(error)}, ensure_ascii=False) + "\n")
            continue
        pending.append((item.get("id"), item["text"]))
        if len(pending) >= batch:
            flush(pending)
            pending = []
    flush(pending)


def _fetch_inputs(url: str, source: str | None):
    """Raw inputs for `process URL`: the page itself, or every entry of a feed."""
    from datetime import datetime, timezone
    from urllib.parse import urlsplit

    from newsflow.fetching.http import Failure, Response, client
    from newsflow.fetching.policy import Policy, Wait
    from pipelines.feeds import parse_feed
    from pipelines.records import RawInput, Rejected

    settings = get_settings()
    policy = Policy(settings, client(settings), _redis_or_none())
    name = source or urlsplit(url).hostname

    def fetch(page_url: str) -> RawInput | Rejected:
        for _ in range(settings.fetch_retries + 1):
            answer = policy.fetch(page_url, conditional=False)
            if isinstance(answer, Wait):
                time.sleep(answer.seconds)
                continue
            if isinstance(answer, Failure) and answer.transient:
                time.sleep(min(answer.retry_after or 1.0, 10.0))
                continue
            break
        if not isinstance(answer, Response):
            return Rejected(source=name, source_key=page_url, url=page_url, code=getattr(answer, "code", "host_busy"),
                            reason=getattr(answer, "reason", "still waiting for the host's turn"))
        return RawInput(data=answer.body, source=name, source_key=answer.url, url=answer.url,
                        content_type=answer.headers.get("content-type"), fetched_at=datetime.now(timezone.utc))

    first = fetch(url)
    if isinstance(first, RawInput) and not (first.content_type or "").startswith("text/html"):
        feed = parse_feed(first.data, first.url, first.content_type)
        if feed.is_feed and feed.entries:
            if feed.error:
                err.print(f"[yellow]{url}[/yellow]: {feed.error}")
            return [fetch(entry.url) for entry in feed.entries]
    return [first]


def _redis_or_none():
    """The shared Redis when it answers: robots and host limits are then shared with workers."""
    from newsflow.clients import redis_client

    try:
        client = redis_client()
        client.ping()
        return client
    except Exception:
        return None


@app.command()
def setup(kibana_only: bool = typer.Option(False, "--kibana-only", help="Only import the Kibana saved objects."),
          kibana_wait: float = typer.Option(180, help="Seconds to wait for Kibana to answer.")) -> None:
    """Install or upgrade the index template and the versioned index behind the alias; import the
    Kibana saved objects when NEWSFLOW_KIBANA_URL is set."""
    from newsflow import kibana, search_index
    from newsflow.clients import elasticsearch, redis_client

    s = get_settings()
    if not kibana_only:
        index = search_index.setup_index(elasticsearch(), redis_client(), s)
        console.print(f"template [bold]{s.template_name}[/bold] installed; alias [bold]{s.index_alias}[/bold] -> {index}")
    if not s.kibana_url:
        if kibana_only:
            _fail("NEWSFLOW_KIBANA_URL is not set")
        return
    deadline = time.monotonic() + kibana_wait
    while True:
        try:
            result = kibana.import_saved_objects(s)
            break
        except kibana.KibanaRefused as error:  # permanent: said at once
            _fail(f"Kibana saved objects not imported: {error}")
        except kibana.KibanaNotReady as error:  # starting up: 503, or no answer for a while
            if time.monotonic() > deadline:
                _fail(f"Kibana saved objects not imported after {kibana_wait:.0f}s: {error}")
            time.sleep(5)
    console.print(f"Kibana: {result.get('successCount', 0)} saved objects imported (data view, searches, dashboard)")


@app.command("set-kibana-password", hidden=True)
def set_kibana_password() -> None:
    """Give Kibana's built-in kibana_system user the password in KIBANA_PASSWORD (compose setup)."""
    import os

    from newsflow.clients import elasticsearch

    password = os.environ.get("KIBANA_PASSWORD")
    if not password:
        _fail("KIBANA_PASSWORD is not set")
    from elasticsearch import ApiError

    try:
        elasticsearch().security.change_password(username="kibana_system", password=password)
    except ApiError as error:
        # Without security (the minimal distribution, or xpack.security disabled) there is no
        # kibana_system user, and Kibana needs no password: nothing to do.
        if "no handler found" in str(error) or ("security" in str(error).lower() and error.meta.status in (400, 500)):
            console.print("Elasticsearch runs without security: no kibana_system password to set")
            return
        raise
    console.print("kibana_system password set")


@app.command()
def replay(path: Path = typer.Argument(..., exists=True, file_okay=False, help="Folder of saved articles."),
           source: Optional[str] = typer.Option(None, help="Source name; default: the folder's name."),
           wait: bool = typer.Option(False, "--wait", help="Return when every file is indexed."),
           timeout: float = typer.Option(600, help="With --wait: give up after this many seconds.")) -> None:
    """Enqueue every file under PATH to the running workers."""
    from pipelines.files import list_files
    from workers.tasks import open_replay, replay_pipelines, replay_removal

    _require_redis()
    _require_index()
    root, files = list_files(path)
    name = source or root.name
    pipelines = replay_pipelines(files, root, name)
    in_replay = open_replay(pipelines)  # counts the processing tasks; the removal is not one
    removal, gone = replay_removal(root, files, name)
    if removal is not None:
        err.print(f"{gone} files gone since the last replay of this folder: their stories are removed")
        pipelines.append(removal)
    _enqueue_and_wait(pipelines, wait, timeout,
                      f"enqueued {len(files)} files from {root} as source '{name}'", files=len(files),
                      in_replay=in_replay)


_POLL_AT_ONCE = 20


def _enqueue_and_wait(pipelines: list, wait: bool, timeout: float, enqueued_message: str,
                      files: int | None = None, in_replay: bool = False) -> None:
    """Send each pipeline to the workers; with wait, follow them to the index and summarise.
    After a replay (refreshed every ``replay_refresh_interval``), a refresh makes every story
    searchable when the command returns."""
    from workers.batch import TaskResult

    columns = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()]
    if in_replay:
        err.print(f"index refreshed every {get_settings().replay_refresh_interval} until this replay's last task is done")
    summary = {"files": 0, "stories": 0, "indexed": 0, "created": 0, "failed": 0, "rejected": 0, "removed": 0}
    expected = len(pipelines) if files is None else files
    with Progress(*columns, console=err) as progress:
        sending = progress.add_task("enqueue", total=len(pipelines))
        results = []
        for pipeline in pipelines:
            results.append(pipeline.apply_async())
            progress.advance(sending)
        if not wait:
            console.print(enqueued_message)
            return
        indexing = progress.add_task("index", total=len(pipelines))
        pending = list(results)
        deadline = time.monotonic() + timeout
        while pending and time.monotonic() < deadline:
            # Tasks finish roughly in the order sent: asking about the oldest few each round
            # keeps a replay of thousands of tasks from costing the backend thousands of reads.
            still = pending[_POLL_AT_ONCE:]
            for result in pending[:_POLL_AT_ONCE]:
                if not result.ready():
                    still.append(result)
                    continue
                progress.advance(indexing)
                if result.failed():  # its inputs are dead letters (ProcessTask.on_failure)
                    summary["failed_tasks"] = summary.get("failed_tasks", 0) + 1
                    continue
                value = TaskResult.model_validate(result.get(disable_sync_subtasks=False))
                summary["files"] += value.inputs
                summary["stories"] += value.stories
                summary["indexed"] += value.created + value.updated
                summary["created"] += value.created
                summary["failed"] += value.failed
                summary["rejected"] += len(value.rejected)
                summary["removed"] += value.removed
            pending = still
            if pending:
                time.sleep(0.2)
    if in_replay and not pending:
        from newsflow.clients import elasticsearch

        elasticsearch().indices.refresh(index=get_settings().index_alias)
    unit = "file" if expected == 1 else "files"
    console.print(f"{unit} {summary['files']} of {expected}  stories {summary['stories']}  indexed {summary['indexed']} "
                  f"({summary['created']} new)  failed {summary['failed']}  dead letters {summary['rejected']}  "
                  f"removed {summary['removed']}"
                  + (f"  failed tasks {summary['failed_tasks']}" if summary.get("failed_tasks") else ""))
    if pending:
        _fail(f"{len(pending)} of {len(pipelines)} tasks still not finished after {timeout:.0f}s", 2)
    if summary["failed"] or summary.get("failed_tasks"):
        raise typer.Exit(1)


@app.command()
def reprocess(since: Optional[datetime] = typer.Option(None, help="Only pages fetched since (ISO date or time)."),
              wait: bool = typer.Option(False, "--wait", help="Return when every page is indexed again."),
              timeout: float = typer.Option(600, help="With --wait: give up after this many seconds.")) -> None:
    """Run the current pipeline again over the raw archive, without fetching anything."""
    from newsflow.fetching.archive import Archive
    from workers.tasks import archived_pipeline, open_replay

    _require_redis()
    _require_index()
    if since and since.tzinfo is None:
        since = since.replace(tzinfo=timezone.utc)
    entries = list(Archive(get_settings().archive_dir).entries(since))
    pipelines = [archived_pipeline(e.sha256, e.url, e.source, e.headers, e.fetched_at, in_replay=True)
                 for e in entries]
    _enqueue_and_wait(pipelines, wait, timeout, f"enqueued {len(entries)} archived pages",
                      in_replay=open_replay(pipelines))


@app.command("sources")
def list_sources(as_json: bool = typer.Option(False, "--json")) -> None:
    """The configured sources with their last poll, last success, item counts and errors."""
    from newsflow.clients import redis_client
    from newsflow.fetching import sources as source_state

    settings = get_settings()
    if settings.sources_file is None:
        err.print("no sources file configured (NEWSFLOW_SOURCES_FILE): nothing is polled")
    rows = []
    for src in source_state.load_sources(settings.sources_file):
        st = source_state.state(redis_client(), src.id)
        rows.append({"id": src.id, "kind": src.kind.value, "target": src.url or src.path or f"{len(src.urls)} pages",
                     "interval": src.interval, "last_poll": st.get("last_poll"), "last_success": st.get("last_success"),
                     "items": int(st.get("items", 0)), "unchanged": int(st.get("unchanged", 0)),
                     "errors": int(st.get("errors", 0)), "last_error": st.get("last_error"),
                     "recent_errors": source_state.errors(redis_client(), src.id, 5)})
    if as_json:
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    table = Table("id", "kind", "target", "every", "last poll", "last success", "items", "unchanged", "errors", "last error")
    for r in rows:
        table.add_row(*(escape(cell) for cell in (
            r["id"], r["kind"], r["target"], f"{r['interval']:.0f}s", (r["last_poll"] or "-")[:19],
            (r["last_success"] or "-")[:19], str(r["items"]), str(r["unchanged"]), str(r["errors"]),
            (r["last_error"] or "")[:60])))
    console.print(table)


@app.command()
def search(query: str = typer.Argument(..., help="Chinese words to find, e.g. 新能源; \"\" for any"),
           person: Optional[str] = typer.Option(None, help="Only stories naming this person."),
           place: Optional[str] = typer.Option(None, help="Only stories naming this place (溧阳 finds 溧阳市)."),
           organization: Optional[str] = typer.Option(None, help="Only stories naming this organisation."),
           duplicates: bool = typer.Option(False, "--duplicates", help="Also show reposts of a first copy."),
           size: int = typer.Option(10, help="How many hits to print."),
           as_json: bool = typer.Option(False, "--json")) -> None:
    """Query the index and print the matching stories."""
    from newsflow import search_index
    from newsflow.clients import elasticsearch

    filters = []
    if person:
        filters.append({"term": {"persons.name": person}})
    if place:
        filters.append({"prefix": {"places.name": place}})
    if organization:
        filters.append({"term": {"organizations.name": organization}})
    found = search_index.search(elasticsearch(), get_settings(), query, size=size, filters=filters,
                                duplicates=duplicates)
    hits = found["hits"]["hits"]
    if as_json:
        json.dump([{"id": h["_id"], "score": h["_score"], **h["_source"], "highlight": h.get("highlight", {})}
                   for h in hits], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    console.print(f"{found['hits']['total']['value']} stories match [bold]{escape(query)}[/bold]")
    for h in hits:
        src = h["_source"]
        snippet = (h.get("highlight", {}).get("body") or [""])[0].replace("\n", " ")
        console.print(f"\n[bold]{escape(src['title'])}[/bold]  {(src.get('published_at') or '')[:10]}  "
                      f"{escape(src.get('publisher') or src.get('site_name') or src['source'])}  [dim]{h['_id']}[/dim]",
                      highlight=False)
        console.print(f"  {snippet}", highlight=False, markup=False)


@app.command()
def status(as_json: bool = typer.Option(False, "--json")) -> None:
    """Workers online, queue depths, task counts, dead letters and the index's document count."""
    from newsflow.status import collect

    report = collect(get_settings())
    if as_json:
        json.dump(report, sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
        if report.get("broker_error") or report["index"].get("error"):
            raise typer.Exit(1)
        return
    if broken := report.get("broker_error"):
        err.print(f"[red]broker:[/red] {escape(broken)}")
        _print_index(report["index"])
        raise typer.Exit(1)
    workers = report["workers"]
    console.print(f"workers online: {len(workers)}" + (f"  ({escape(', '.join(workers))})" if workers else ""))
    table = Table("queue", "waiting")
    for name, depth in report["queues"].items():
        table.add_row(name, str(depth))
    console.print(table)
    tasks = Table("task", "succeeded", "failed", "retried")
    for name, counts in sorted(report["tasks"].items()):
        tasks.add_row(name, *(str(counts.get(k, 0)) for k in ("succeeded", "failed", "retried")))
    console.print(tasks)
    console.print(f"dead letters: {report['dead_letters']}"
                  + (f" ({report['dead_letters_dropped']} dropped at the cap)" if report.get("dead_letters_dropped") else ""))
    _print_index(report["index"])
    if (window := report["replay_window"])["open"]:
        console.print(f"replay running: {window['pending_tasks']} tasks to finish; index refreshed every "
                      f"{window['refresh_interval']} until then (lease {window['lease_seconds_left']}s)")
    if report["index"].get("error"):
        raise typer.Exit(1)


def _print_index(index: dict) -> None:
    console.print(f"index {escape(index['alias'])} -> {index.get('indices') or '-'}: {index.get('documents', '?')} documents"
                  + (f"  [red]{escape(index['error'])}[/red]" if index.get("error") else ""))
    if lag := index.get("ingest_lag"):
        console.print(f"ingest lag (fetch to index): p50 {lag['p50_seconds']}s, max {lag['max_seconds']}s, "
                      f"last indexed {lag['last_indexed_at'][:19]}")


@app.command()
def metrics(port: int = typer.Option(9108, help="Port of the /metrics endpoint."),
            address: str = typer.Option("127.0.0.1", help="Address to listen on."),
            once: bool = typer.Option(False, "--once", help="Print the metrics once and exit.")) -> None:
    """Serve Prometheus metrics of every worker (read from Redis at scrape time)."""
    from prometheus_client import generate_latest, start_http_server

    from newsflow.metrics import registry

    reg = registry(get_settings())
    if once:
        sys.stdout.write(generate_latest(reg).decode())
        return
    start_http_server(port, addr=address, registry=reg)
    console.print(f"metrics on http://{address}:{port}/metrics")
    while True:
        time.sleep(3600)


_STAGE = typer.Option(None, "--stage", help="Only this stage: read, fetch, decode, extract, index, task.")
_REASON = typer.Option(None, "--reason", help="Only this failure code (newsflow dlq codes), or reasons containing this text.")
_SOURCE = typer.Option(None, "--source", help="Only this source.")


@dlq_app.command("list")
def dlq_list(limit: int = typer.Option(50, help="How many, most recently seen last."),
             stage: Optional[str] = _STAGE, reason: Optional[str] = _REASON, source: Optional[str] = _SOURCE,
             as_json: bool = typer.Option(False, "--json")) -> None:
    """Dead letters (one per input and failure code) with their stage, code, reason, how many times
    they were seen and where the raw input is."""
    from newsflow.clients import redis_client
    from workers import dead_letters

    client = redis_client()
    found = dead_letters.entries(client, limit, stage=stage, reason=reason, source=source)
    if as_json:
        json.dump([letter.model_dump() for letter in found], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    table = Table()
    for column in ("last seen", "times", "stage", "code", "source", "input", "reason"):
        table.add_column(column, overflow="fold")
    for letter in found:
        table.add_row(*(escape(cell) for cell in (letter.at[:19], str(letter.times), letter.stage, letter.code,
                                                   letter.source or "", letter.input, letter.reason[:80])))
    console.print(table)
    dropped = dead_letters.dropped(client)
    console.print(f"{dead_letters.count(client)} dead letters in all"
                  + (f"; {dropped} dropped at the cap (NEWSFLOW_DEAD_LETTERS_MAX)" if dropped else ""))


@dlq_app.command("codes")
def dlq_codes() -> None:
    """The failure codes: stage, transient or permanent, and what each means."""
    from pipelines.failures import KINDS

    table = Table("code", "stage", "retried", "meaning")
    for code, kind in KINDS.items():
        table.add_row(code, kind.stage.value, "yes" if kind.transient else "no", escape(kind.meaning))
    console.print(table)


@dlq_app.command("retry")
def dlq_retry(stage: Optional[str] = _STAGE, reason: Optional[str] = _REASON, source: Optional[str] = _SOURCE,
              limit: Optional[int] = typer.Option(None, help="Retry at most this many.")) -> None:
    """Send the dead letters that match through the pipeline again, one at a time: each leaves the
    store only once its retry is sent, so an interrupted retry loses none. What fails again comes
    back with its reason."""
    from newsflow.clients import redis_client
    from workers import dead_letters
    from workers.tasks import retry_dead_letter

    client = redis_client()
    sent = kept = 0
    for letter in dead_letters.scan(client, stage=stage, reason=reason, source=source):
        if limit is not None and sent + kept >= limit:
            break
        pipeline = retry_dead_letter(letter)
        if pipeline is None:
            dead_letters.mark(client, letter, "raw input no longer available")
            kept += 1
            continue
        pipeline.apply_async()
        dead_letters.remove(client, letter)
        sent += 1
    console.print(f"{sent} sent again, {kept} kept (nothing to retry them from)")


@stack_app.command("up")
def stack_up() -> None:
    """Start Redis and Elasticsearch (downloaded once), wait until healthy."""
    from newsflow import stack

    try:
        for service, state in stack.up(get_settings()).items():
            console.print(f"{service}: {state}")
    except stack.StackError as error:
        _fail(str(error))
    _print_stack_status()


@stack_app.command("down")
def stack_down() -> None:
    """Stop the local Redis and Elasticsearch."""
    from newsflow import stack

    for service, state in stack.down(get_settings()).items():
        console.print(f"{service}: {state}")


@stack_app.command("status")
def stack_status() -> None:
    """Report the local Redis and Elasticsearch, with where their logs are."""
    if not _print_stack_status():
        raise typer.Exit(3)


def _print_stack_status() -> bool:
    from newsflow import stack

    report = stack.status(get_settings())
    for service in ("redis", "elasticsearch"):
        info = report[service]
        state = "[green]running[/green]" if info["running"] else "[red]stopped[/red]"
        extra = f" health={info['health']} version={info['version']}" if service == "elasticsearch" else ""
        console.print(f"{service}: {state} {info['url']} pid={info['pid']}{extra} "
                      f"logs={info.get('log') or info.get('logs')}")
    console.print(f"stack dir: {report['stack_dir']['path']}")
    return report["redis"]["running"] and report["elasticsearch"]["running"]


def main() -> None:
    """The console entry point: a service that does not answer is one line saying which and
    where, not a traceback through Celery's reconnect loop."""
    from newsflow.settings import ConfigError
    from newsflow.unreachable import describe

    try:
        settings = get_settings()
        # A command answers within its timeout: a hung service is an error, not a wait.
        settings.redis_socket_timeout = settings.command_timeout
        settings.es_request_timeout = settings.command_timeout
        settings.es_max_retries = 0
        app()
    except ConfigError as error:
        err.print(f"[red]configuration error:[/red] {escape(str(error))}")
        sys.exit(2)
    except Exception as error:
        message = describe(error, get_settings())
        if message is None:
            raise
        err.print(f"[red]error:[/red] {escape(message)}")
        sys.exit(1)


if __name__ == "__main__":
    main()
