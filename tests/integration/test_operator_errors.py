"""What an operator gets wrong, answered in one line with a non-zero exit and within a timeout:
a bad sources file, an Elasticsearch URL that is not Elasticsearch, an alias that does not exist,
a hung service; and text that looks like console markup printed as it is."""
import json
import socket
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.integration.conftest import ROOT, newsflow

SEEDS = ROOT / "seeds"


def one_line_error(done: subprocess.CompletedProcess, *words: str) -> str:
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert done.returncode != 0, done.stdout + done.stderr
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


@pytest.mark.parametrize("content, words", [
    ("sources: [\n  - id: x\n", ["not valid YAML", "line"]),
    ("sources:\n  - {id: x, kind: telegram, url: 'http://a.example/'}\n", ["sources.0.kind"]),
    ("sources:\n  - {id: x, kind: feed}\n", ["needs url"]),
])
def test_an_invalid_sources_file_is_one_line_for_every_command_and_the_worker(env, tmp_path, content, words):
    bad = tmp_path / "sources.yaml"
    bad.write_text(content, encoding="utf-8")
    broken = {**env, "NEWSFLOW_SOURCES_FILE": str(bad)}
    for command in (["sources"], ["status"], ["replay", str(SEEDS)]):
        line = one_line_error(newsflow(broken, *command, check=False), str(bad), *words)
        assert "configuration error" in line
    worker = subprocess.run([sys.executable, "-m", "celery", "-A", "workers.app", "worker", "-Q", "process"],
                            env=broken, cwd=ROOT, capture_output=True, text=True, timeout=120)
    one_line_error(worker, "configuration error", *words)


def test_a_missing_sources_file_is_an_error_and_none_configured_is_said(env, tmp_path):
    missing = {**env, "NEWSFLOW_SOURCES_FILE": str(tmp_path / "nope.yaml")}
    one_line_error(newsflow(missing, "sources", check=False), "does not exist", "nope.yaml")
    unset = {k: v for k, v in env.items() if k != "NEWSFLOW_SOURCES_FILE"}
    done = newsflow(unset, "sources")
    assert "no sources file configured" in done.stderr


def test_a_bad_setting_is_one_line(env):
    done = newsflow({**env, "NEWSFLOW_ES_REQUEST_TIMEOUT": "soon"}, "status", check=False)
    one_line_error(done, "NEWSFLOW_ES_REQUEST_TIMEOUT")


class _NotElasticsearch(BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        body = b'{"hello": "I am some other JSON service"}'
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_HEAD = do_POST = do_PUT = do_GET


@pytest.fixture()
def not_elasticsearch():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _NotElasticsearch)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_an_es_url_that_is_not_elasticsearch_fails_every_command(env, redis, not_elasticsearch):
    wrong = {**env, "NEWSFLOW_ES_URL": not_elasticsearch}
    for command in (["search", "新能源"], ["setup"], ["replay", str(SEEDS)]):
        one_line_error(newsflow(wrong, *command, check=False), "not Elasticsearch")
    status = newsflow(wrong, "status", "--json", check=False)
    assert status.returncode == 1 and "not Elasticsearch" in json.loads(status.stdout)["index"]["error"]


def test_an_alias_that_does_not_exist_fails_every_command(env, es, redis):
    wrong = {**env, "NEWSFLOW_INDEX_ALIAS": "no-such-alias"}
    for command in (["search", "新能源"], ["replay", str(SEEDS)]):
        one_line_error(newsflow(wrong, *command, check=False), "no-such-alias", "newsflow setup")
    status = newsflow(wrong, "status", check=False)
    assert status.returncode == 1 and "does not exist" in status.stdout


@pytest.fixture()
def hung_port():
    """A port that accepts connections and never answers: a hung service."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    yield listener.getsockname()[1]
    listener.close()


def test_status_answers_within_its_timeout_when_a_service_hangs(env, hung_port):
    quick = {**env, "NEWSFLOW_COMMAND_TIMEOUT": "2"}
    es_hung = newsflow({**quick, "NEWSFLOW_ES_URL": f"http://127.0.0.1:{hung_port}"}, "status", check=False)
    assert es_hung.returncode == 1 and "did not answer within 2s" in es_hung.stdout
    redis_hung = newsflow({**quick, "NEWSFLOW_REDIS_URL": f"redis://127.0.0.1:{hung_port}/0"}, "status", check=False)
    assert redis_hung.returncode == 1 and "Redis" in redis_hung.stderr


def test_markup_in_text_and_paths_is_printed_as_it_is(env, redis, tmp_path):
    from workers import dead_letters

    folder = tmp_path / "[bold]odd["  # so the paths read ".../[bold]odd[/x].txt"
    folder.mkdir()
    (folder / "x].txt").write_text("[/x] 镇江召开[red]会议[/red]，部署全年重点工作，推动经济社会高质量发展再上新台阶。",
                                     encoding="utf-8")
    (folder / "y].txt").write_bytes(b"")
    done = newsflow(env, "process", str(folder), check=False)
    assert done.returncode == 0 and "[bold]odd[/x].txt#0" in done.stdout and "odd[/y].txt" in done.stderr, done.stderr
    dead_letters.record(redis, "decode", "empty", "empty [/x] input", source="[/x]", source_path=str(folder / "y].txt"))
    listed = newsflow({**env, "COLUMNS": "400"}, "dlq", "list")
    assert listed.returncode == 0 and "empty [/x] input" in listed.stdout
