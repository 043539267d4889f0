"""A real Redis and a real single-node Elasticsearch on 127.0.0.1, for machines without Docker.

Elasticsearch comes from Maven Central (the minimal ``integ-test-zip`` distribution, fetched
with ``mvn dependency:copy`` once and cached in the stack directory), runs on Debian's OpenJDK,
and as an unprivileged user because it refuses to run as root.
Redis is the ``redis-server`` on the PATH (Debian's package). Every call is idempotent.
"""
from __future__ import annotations

import json
import os
import pwd
import shutil
import signal
import socket
import stat
import subprocess
import time
import urllib.request
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from newsflow.settings import Settings

ES_ARTIFACT = "org.elasticsearch.distribution.integ-test-zip:elasticsearch:{version}:zip"


class StackError(RuntimeError):
    pass


@dataclass(frozen=True)
class Paths:
    root: Path
    es_version: str

    @property
    def downloads(self) -> Path: return self.root / "downloads"
    @property
    def es_zip(self) -> Path: return self.downloads / f"elasticsearch-{self.es_version}.zip"
    @property
    def es_home(self) -> Path: return self.root / f"elasticsearch-{self.es_version}"
    @property
    def es_data(self) -> Path: return self.root / "es-data"
    @property
    def es_logs(self) -> Path: return self.root / "es-logs"
    @property
    def es_pid(self) -> Path: return self.root / "run" / "elasticsearch.pid"
    @property
    def redis_dir(self) -> Path: return self.root / "redis"
    @property
    def redis_pid(self) -> Path: return self.root / "run" / "redis.pid"
    @property
    def redis_log(self) -> Path: return self.root / "redis" / "redis.log"


def _paths(settings: Settings) -> Paths:
    return Paths(settings.stack_dir, settings.es_version)


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _pid_alive(pidfile: Path) -> int | None:
    try:
        pid = int(pidfile.read_text().strip())
        os.kill(pid, 0)
        return pid
    except (FileNotFoundError, ValueError, ProcessLookupError):
        return None
    except PermissionError:  # alive, owned by the stack user
        return int(pidfile.read_text().strip())


def _stop_pid(pidfile: Path, timeout: float = 60) -> bool:
    pid = _pid_alive(pidfile)
    if pid is None:
        return False
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.3)
    else:
        os.kill(pid, signal.SIGKILL)
    pidfile.unlink(missing_ok=True)
    return True


def _already_running(pidfile: Path, ready: Callable[[], bool], port: int) -> bool:
    """True when our own server answers; an error when some other process holds the port."""
    if _pid_alive(pidfile) and ready():
        return True
    if _port_open(port):
        raise StackError(f"port {port} is taken by another process")
    return False


def _wait_until(ready: Callable[[], bool], seconds: float, failure: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if ready():
            return
        time.sleep(0.5)
    raise StackError(f"{failure} in {seconds:.0f}s")


# --- Elasticsearch ---------------------------------------------------------------------------

def _download_es(p: Paths) -> None:
    if p.es_zip.exists():
        return
    if not shutil.which("mvn"):
        raise StackError("Maven (mvn) is needed once to fetch Elasticsearch from Maven Central")
    p.downloads.mkdir(parents=True, exist_ok=True)
    cmd = ["mvn", "-q", "-B", "dependency:copy", f"-Dartifact={ES_ARTIFACT.format(version=p.es_version)}",
           f"-DoutputDirectory={p.downloads}", "-Dmdep.overWriteReleases=false"]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=p.downloads)
    if done.returncode != 0 or not p.es_zip.exists():
        raise StackError(f"could not fetch Elasticsearch {p.es_version}:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")


def _unzip_keeping_modes(archive: Path, into: Path) -> None:
    # zipfile drops the executable bits that bin/elasticsearch needs; restore them from the entry.
    with zipfile.ZipFile(archive) as zf:
        for info in zf.infolist():
            target = Path(zf.extract(info, into))
            mode = info.external_attr >> 16
            if mode and not info.is_dir():
                target.chmod(stat.S_IMODE(mode))


def _install_es(p: Paths) -> None:
    if (p.es_home / "bin" / "elasticsearch").exists():
        return
    _download_es(p)
    staging = p.root / "unpack.tmp"
    shutil.rmtree(staging, ignore_errors=True)
    _unzip_keeping_modes(p.es_zip, staging)
    (staging / p.es_home.name).rename(p.es_home)
    shutil.rmtree(staging, ignore_errors=True)


def _java_home(settings: Settings) -> Path:
    """A full JDK 17 or 21: Elasticsearch 8 needs modules (jdk.incubator.vector) that trimmed
    runtimes leave out, so Debian's OpenJDK is used rather than a jlink image."""
    candidates = [settings.es_java_home] if settings.es_java_home else []
    candidates += sorted(Path("/usr/lib/jvm").glob("java-2[15]-openjdk-*"))
    candidates += sorted(Path("/usr/lib/jvm").glob("java-17-openjdk-*"))
    for home in candidates:
        if home and (Path(home) / "bin" / "java").exists():
            return Path(home)
    raise StackError("no JDK 17/21 found: install Debian's openjdk-17-jre-headless (make sysdeps) "
                     "or set NEWSFLOW_ES_JAVA_HOME")


def _stack_user(settings: Settings) -> str | None:
    """The unprivileged user Elasticsearch runs as when we are root; None when we are not."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(settings.stack_user)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin",
                        settings.stack_user], check=True)
    return settings.stack_user


def _write_es_config(p: Paths, settings: Settings) -> None:
    config = {
        "cluster.name": "newsflow-local",
        "node.name": "newsflow-local-1",
        "network.host": "127.0.0.1",
        "http.port": settings.es_port,
        "transport.port": settings.es_port + 100,
        "discovery.type": "single-node",
        "path.data": str(p.es_data),
        "path.logs": str(p.es_logs),
        # Bound to loopback only; the compose deployment runs with security on.
        "xpack.security.enabled": False,
        "action.destructive_requires_name": True,
        "cluster.routing.allocation.disk.threshold_enabled": False,
    }
    lines = [f"{key}: {json.dumps(value)}" for key, value in config.items()]
    (p.es_home / "config" / "elasticsearch.yml").write_text("\n".join(lines) + "\n")
    heap = p.es_home / "config" / "jvm.options.d" / "heap.options"
    heap.parent.mkdir(exist_ok=True)
    heap.write_text(f"-Xms{settings.es_heap}\n-Xmx{settings.es_heap}\n")


def _chown_tree(path: Path, user: str) -> None:
    subprocess.run(["chown", "-R", f"{user}:", str(path)], check=True)


def es_health(settings: Settings) -> dict | None:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{settings.es_port}/_cluster/health", timeout=2) as r:
            return json.load(r)
    except OSError:
        return None


def _es_ready(settings: Settings) -> bool:
    health = es_health(settings)
    return bool(health) and health.get("status") in ("green", "yellow")


def start_es(settings: Settings, wait_seconds: float = 180) -> str:
    p = _paths(settings)
    if _already_running(p.es_pid, lambda: _es_ready(settings), settings.es_port):
        return "already running"
    for d in (p.root, p.es_data, p.es_logs, p.es_pid.parent):
        d.mkdir(parents=True, exist_ok=True)
    _install_es(p)
    java_home = _java_home(settings)
    _write_es_config(p, settings)
    user = _stack_user(settings)
    env = {**os.environ, "ES_JAVA_HOME": str(java_home), "ES_JAVA_OPTS": os.environ.get("ES_JAVA_OPTS", "")}
    env.pop("JAVA_HOME", None)
    cmd = [str(p.es_home / "bin" / "elasticsearch"), "-d", "-p", str(p.es_pid)]
    if user:
        for d in (p.es_home, p.es_data, p.es_logs, p.es_pid.parent):
            _chown_tree(d, user)
        p.root.chmod(0o755)
        cmd = ["runuser", "-u", user, "--", *cmd]
    # A session of its own: signals sent to the caller's process group (Ctrl-C, timeout) must not
    # take the server down with the command that started it.
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, start_new_session=True)
    if done.returncode != 0:
        raise StackError(f"Elasticsearch did not start (logs in {p.es_logs}):\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
    _wait_until(lambda: _es_ready(settings), wait_seconds,
                f"Elasticsearch (logs in {p.es_logs}) did not become healthy")
    return "started"


# --- Redis -----------------------------------------------------------------------------------

def _redis_ping(settings: Settings) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", settings.redis_port), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(64).startswith(b"+PONG")
    except OSError:
        return False


def start_redis(settings: Settings, wait_seconds: float = 20) -> str:
    p = _paths(settings)
    if _already_running(p.redis_pid, lambda: _redis_ping(settings), settings.redis_port):
        return "already running"
    server = shutil.which("redis-server")
    if not server:
        raise StackError("redis-server not found: install Debian's redis-server (make sysdeps)")
    for d in (p.redis_dir, p.redis_pid.parent):
        d.mkdir(parents=True, exist_ok=True)
    subprocess.run([server, "--port", str(settings.redis_port), "--bind", "127.0.0.1",
                    "--protected-mode", "yes", "--daemonize", "yes", "--pidfile", str(p.redis_pid),
                    "--logfile", str(p.redis_log), "--dir", str(p.redis_dir),
                    "--appendonly", "yes", "--save", ""], check=True, start_new_session=True)
    _wait_until(lambda: _redis_ping(settings), wait_seconds, f"Redis (log in {p.redis_log}) did not answer")
    return "started"


# --- the stack as a whole --------------------------------------------------------------------

def up(settings: Settings) -> dict[str, str]:
    return {"redis": start_redis(settings), "elasticsearch": start_es(settings)}


def down(settings: Settings) -> dict[str, str]:
    p = _paths(settings)
    return {"elasticsearch": "stopped" if _stop_pid(p.es_pid) else "not running",
            "redis": "stopped" if _stop_pid(p.redis_pid) else "not running"}


def status(settings: Settings) -> dict[str, dict]:
    p = _paths(settings)
    health = es_health(settings)
    return {
        "redis": {"running": _redis_ping(settings), "pid": _pid_alive(p.redis_pid),
                  "url": f"redis://127.0.0.1:{settings.redis_port}", "log": str(p.redis_log)},
        "elasticsearch": {"running": health is not None, "pid": _pid_alive(p.es_pid),
                          "health": health.get("status") if health else None,
                          "version": settings.es_version,
                          "url": f"http://127.0.0.1:{settings.es_port}", "logs": str(p.es_logs)},
        "stack_dir": {"path": str(p.root)},
    }
