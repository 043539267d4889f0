"""Run ``newsflow process FILE --json`` as a user would and reduce it to what must not drift."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEEDS_DIR = ROOT / "seeds"
GOLDEN_DIR = Path(__file__).resolve().parent
VOLATILE = {"fetched_at", "indexed_at"}


def run_process(path: Path) -> list[dict]:
    done = subprocess.run([sys.executable, "-m", "newsflow.cli", "process", str(path), "--json"],
                          capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(done.stdout)


def stable(document: dict) -> dict:
    kept = {k: v for k, v in document.items() if k not in VOLATILE}
    kept["source_path"] = Path(kept["source_path"]).name
    return kept
