"""Rewrite the golden files from the current pipeline: ``python -m tests.golden.update``.

Review the diff before committing it: a golden file is what a reader should get."""
from __future__ import annotations

import json
from pathlib import Path

from tests.golden.compare import GOLDEN_DIR, SEEDS_DIR, run_process, stable

if __name__ == "__main__":
    for seed in sorted(SEEDS_DIR.iterdir()):
        documents = [stable(d) for d in run_process(seed)]
        target = GOLDEN_DIR / f"{seed.stem}.json"
        target.write_text(json.dumps(documents, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"{target}: {len(documents)} stories")
