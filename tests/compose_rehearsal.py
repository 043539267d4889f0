"""`docker compose up` rehearsed without an engine: docker-compose.yml read as compose reads it
(anchors, merge keys, ${VAR} from deploy/env.example), each service started as a local process in
the order its ``depends_on`` conditions allow, and a failure on a wait cycle or on a one-shot
service that exits non-zero.

Stand-ins, because no image runs here:
- ``redis`` and ``elasticsearch``: the local stack (`newsflow stack up`), healthy already; the
  compose URLs (passwords, TLS, service names) are replaced by the stack's loopback URLs.
- ``certs``: makes TLS certificates for the real Elasticsearch; the stack speaks plain HTTP, so it
  counts as completed.
- ``kibana``: a small local HTTP server answering Kibana's two endpoints newsflow calls
  (``GET /api/status``, ``POST /api/saved_objects/_import``). It starts only when Kibana's own
  ``depends_on`` conditions are met, so a service that waits for Kibana before Kibana may start
  is caught, as it would hang in compose.
Every other service runs its own ``command`` from the project's virtualenv, with the compose
environment.
"""
from __future__ import annotations

import json
import os
import re
import shlex
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
STACK_SERVICES = {"redis", "elasticsearch"}
STOOD_IN_ONE_SHOTS = {"certs"}
KIBANA = "kibana"


def env_file(path: Path) -> dict[str, str]:
    values = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#") and "=" in line:
            name, _, value = line.partition("=")
            values[name.strip()] = value.strip()
    return values


def interpolate(value, variables: dict[str, str]):
    """Compose's ${VAR}, ${VAR:?message}, ${VAR:-default} and $$, over a loaded YAML tree."""
    if isinstance(value, dict):
        return {k: interpolate(v, variables) for k, v in value.items()}
    if isinstance(value, list):
        return [interpolate(v, variables) for v in value]
    if not isinstance(value, str):
        return value

    def one(match: re.Match) -> str:
        if match.group(0) == "$$":
            return "$"
        name, rule, argument = match.group(1), match.group(2), match.group(3) or ""
        if variables.get(name):
            return variables[name]
        if rule == ":?":
            raise ValueError(f"${{{name}}} is required: {argument}")
        return argument if rule == ":-" else ""

    return re.sub(r"\$\$|\$\{(\w+)(?:(:\?|:-)([^}]*))?\}", one, value)


def load(compose_file: Path, variables: dict[str, str]) -> dict[str, dict]:
    document = yaml.safe_load(compose_file.read_text(encoding="utf-8"))  # resolves anchors and <<
    return interpolate(document["services"], variables)


def dependencies(service: dict) -> dict[str, str]:
    depends = service.get("depends_on") or {}
    if isinstance(depends, list):
        return {name: "service_started" for name in depends}
    return {name: spec.get("condition", "service_started") for name, spec in depends.items()}


def _environment(service: dict) -> dict[str, str]:
    environment = service.get("environment") or {}
    if isinstance(environment, list):
        environment = dict(item.split("=", 1) for item in environment)
    return {k: "" if v is None else str(v) for k, v in environment.items()}


class _KibanaStandIn(BaseHTTPRequestHandler):
    imports: list[dict] = []

    def log_message(self, *args) -> None:
        pass

    def _answer(self, status: int, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        if self.path.startswith("/api/status"):
            self._answer(200, {"status": {"overall": {"level": "available"}}})
        else:
            self._answer(404, {"message": "not found"})

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("content-length", 0)))
        if not self.path.startswith("/api/saved_objects/_import") or self.headers.get("kbn-xsrf") is None:
            self._answer(400, {"message": "not an import, or no kbn-xsrf header"})
            return
        objects = [json.loads(line) for line in body.split(b"\r\n\r\n", 1)[-1].splitlines()
                   if line.startswith(b"{")]
        type(self).imports.append({"objects": objects})
        self._answer(200, {"success": True, "successCount": len(objects)})


@dataclass
class Rehearsal:
    """What happened: the order services started in, their exit codes, the imports Kibana got."""

    started: list[str] = field(default_factory=list)
    exited: dict[str, int] = field(default_factory=dict)
    kibana_imports: list[dict] = field(default_factory=list)
    logs: dict[str, Path] = field(default_factory=dict)
    error: str | None = None


def _signal_group(process: subprocess.Popen, sig: int) -> None:
    try:
        os.killpg(process.pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def rehearse(compose_file: Path, overrides: dict[str, str], workdir: Path, timeout: float = 300,
             keep_running: float = 3.0, while_up: Callable[[], None] | None = None) -> Rehearsal:
    """Start every service of ``compose_file`` as `docker compose up` would order them; return
    when every one-shot has finished and every long-running service has run ``keep_running``
    seconds (then they are stopped), or at the first failure (``Rehearsal.error``). ``while_up``
    is called once everything is up, before that; what it raises is the rehearsal's error."""
    services = load(compose_file, env_file(ROOT / "deploy" / "env.example"))
    report = Rehearsal()
    processes: dict[str, subprocess.Popen] = {}
    up: set[str] = set()              # started (a process, the stack, a stand-in)
    completed: dict[str, int] = {}    # one-shots that exited, with their code
    kibana_server: ThreadingHTTPServer | None = None
    _KibanaStandIn.imports = []
    bin_dir = Path(sys.executable).parent

    def one_shot(name: str) -> bool:
        return name in STOOD_IN_ONE_SHOTS or str(services[name].get("restart", "")) == "no"

    def satisfied(name: str) -> bool:
        for dependency, condition in dependencies(services[name]).items():
            if condition == "service_completed_successfully":
                if completed.get(dependency) != 0:
                    return False
            elif condition == "service_healthy":
                if "healthcheck" not in services[dependency] and dependency not in STACK_SERVICES:
                    raise AssertionError(f"{name} waits for {dependency} to be healthy, which has no healthcheck")
                if dependency not in up or dependency in completed:
                    return False
            elif dependency not in up:
                return False
        return True

    def start(name: str) -> None:
        nonlocal kibana_server
        report.started.append(name)
        up.add(name)
        if name in STACK_SERVICES:
            return
        if name in STOOD_IN_ONE_SHOTS:
            completed[name] = 0
            return
        if name == KIBANA:
            kibana_server = ThreadingHTTPServer(("127.0.0.1", 0), _KibanaStandIn)
            threading.Thread(target=kibana_server.serve_forever, daemon=True).start()
            return
        command = services[name]["command"]
        argv = command if isinstance(command, list) else shlex.split(command)
        argv = [arg.replace("/app/", f"{ROOT}/") for arg in argv]
        environment = {**os.environ, **_environment(services[name]),
                       "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
        for key, value in overrides.items():
            if key == "NEWSFLOW_KIBANA_URL":  # only where the service talks to Kibana at all
                if environment.get(key):
                    environment[key] = f"http://127.0.0.1:{kibana_server.server_port}" if kibana_server else \
                        "http://127.0.0.1:9"  # Kibana not started yet: nothing answers there
            else:
                environment[key] = value
        for key in ("NEWSFLOW_ES_USERNAME", "NEWSFLOW_ES_PASSWORD", "NEWSFLOW_ES_CA_CERTS"):
            environment.pop(key, None)
        log = workdir / f"{name}.log"
        report.logs[name] = log
        # A session of its own: `sh -c` does not pass a signal on, so its whole group is stopped.
        processes[name] = subprocess.Popen(argv, env=environment, cwd=ROOT, stdout=log.open("w"),
                                           stderr=subprocess.STDOUT, start_new_session=True)

    deadline = time.monotonic() + timeout
    settled_at: float | None = None
    try:
        while time.monotonic() < deadline:
            for name, process in processes.items():
                if name in completed or process.poll() is None:
                    continue
                completed[name] = process.returncode
                report.exited[name] = process.returncode
                if not one_shot(name) or process.returncode != 0:
                    report.error = (f"{name} exited with {process.returncode}: "
                                    f"{report.logs[name].read_text(errors='replace')[-600:]}")
                    return report
            for name in services:
                if name not in up and satisfied(name):
                    start(name)
            waiting = [name for name in services if name not in up]
            running_one_shots = [n for n in processes if one_shot(n) and n not in completed]
            if waiting and not running_one_shots and not any(satisfied(n) for n in waiting):
                report.error = "wait cycle: " + ", ".join(
                    f"{n} waits for {sorted(d for d in dependencies(services[n]) if d not in up or d in waiting)}"
                    for n in waiting)
                return report
            if not waiting and not running_one_shots:
                if settled_at is None:
                    settled_at = time.monotonic()
                    if while_up is not None:
                        try:
                            while_up()
                        except AssertionError as error:
                            report.error = f"while up: {error}"
                            return report
                if time.monotonic() - settled_at >= keep_running:
                    return report
            time.sleep(0.2)
        report.error = (f"not settled in {timeout:.0f}s: waiting "
                        f"{[n for n in services if n not in up]}, running one-shots "
                        f"{[n for n in processes if one_shot(n) and n not in completed]}")
        return report
    finally:
        report.kibana_imports = list(_KibanaStandIn.imports)
        for process in processes.values():
            _signal_group(process, signal.SIGTERM)
        for process in processes.values():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                _signal_group(process, signal.SIGKILL)
                process.wait(timeout=10)
            time.sleep(0.1)
            _signal_group(process, signal.SIGKILL)  # what is left of the group (a shell's child)
        if kibana_server:
            kibana_server.shutdown()
