"""Every seed and quality text, read as the tests compare them (undecodable bytes replaced)."""
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEXTS = [p.read_text("utf-8", errors="replace") for p in sorted((ROOT / "seeds").iterdir())]
TEXTS += [p.read_text("utf-8", errors="replace") for p in sorted((ROOT / "tests" / "quality").rglob("*")) if p.is_file()]
