"""A person's check of Flower: headless Chromium loads Flower (behind basic auth) against the
running local stack, and the page it renders must show the worker and the tasks it processed.

    python -m bench.flower_check     (make flower-check; CI runs it)

Prints what it found and leaves a screenshot in run/flower.png; exits 1 when the page does not
show them."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from base64 import b64encode
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENV = {"NEWSFLOW_REDIS_URL": "redis://127.0.0.1:6379/13", "NEWSFLOW_INDEX_ALIAS": "newsflow-flower"}
PORT = 5566
AUTH = "operator:flower-check"  # a throwaway account of this local check only


def _chromium(args: list[str], profile: str) -> subprocess.CompletedProcess:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if not browser:
        raise SystemExit("chromium is not installed (make flower-check installs Debian's package as root)")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}", "--virtual-time-budget=8000", "--window-size=1400,900"]
    return subprocess.run([browser, *flags, *args], capture_output=True, text=True, timeout=120)


def main() -> int:
    env = {**os.environ, **ENV}
    (ROOT / "run").mkdir(exist_ok=True)
    subprocess.run([sys.executable, "-m", "newsflow.cli", "setup"], env=env, cwd=ROOT, check=True, capture_output=True)
    log = (ROOT / "run" / "flower-check.log").open("w")
    worker = subprocess.Popen([sys.executable, "-m", "celery", "-A", "workers.app", "worker", "-Q",
                               "fetch,process,index", "-c", "1", "-n", "flowercheck@%h"], env=env, cwd=ROOT,
                              stdout=log, stderr=subprocess.STDOUT)
    flower = subprocess.Popen([sys.executable, "-m", "celery", "-A", "workers.app", "flower", "--address=127.0.0.1",
                               f"--port={PORT}", f"--basic-auth={AUTH}"], env=env, cwd=ROOT,
                              stdout=log, stderr=subprocess.STDOUT)
    profile = tempfile.mkdtemp(prefix="flower-chromium-")
    try:
        time.sleep(8)  # Flower connects to the broker and starts receiving events
        subprocess.run([sys.executable, "-m", "newsflow.cli", "replay", str(ROOT / "seeds"), "--wait"],
                       env=env, cwd=ROOT, check=True, capture_output=True, timeout=300)
        time.sleep(3)
        url = f"http://{AUTH}@127.0.0.1:{PORT}/"
        request = urllib.request.Request(f"http://127.0.0.1:{PORT}/", headers={
            "Authorization": "Basic " + b64encode(AUTH.encode()).decode()})
        denied = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", f"http://127.0.0.1:{PORT}/"],
                                capture_output=True, text=True).stdout
        with urllib.request.urlopen(request, timeout=10) as answer:
            assert answer.status == 200
        dom = _chromium(["--dump-dom", url], profile).stdout
        _chromium([f"--screenshot={ROOT / 'run' / 'flower.png'}", url], profile)
        tasks_dom = _chromium(["--dump-dom", f"http://{AUTH}@127.0.0.1:{PORT}/tasks"], profile).stdout
    finally:
        for proc in (flower, worker):
            proc.terminate()
            proc.wait(timeout=30)
        shutil.rmtree(profile, ignore_errors=True)
    worker_shown = "flowercheck@" in dom
    tasks_shown = "newsflow.process_file" in tasks_dom or "newsflow.index_documents" in tasks_dom
    print(f"without credentials Flower answers {denied}")
    print(f"worker shown on the dashboard: {worker_shown}")
    print(f"processed tasks shown: {tasks_shown}")
    print(f"screenshot: {ROOT / 'run' / 'flower.png'}")
    ok = denied == "401" and worker_shown and tasks_shown
    print(f"{int(ok)} passed, {int(not ok)} failed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
