"""Small builders shared by the tests."""
from __future__ import annotations

from datetime import datetime, timezone

from pipelines.decode import decode
from pipelines.records import DecodedInput, InputKind, Page, RawInput

FIXED_TIME = datetime(2024, 3, 30, tzinfo=timezone.utc)


def raw(data: bytes | str, key: str = "page.txt", content_type: str | None = None,
        modified_at: datetime | None = None) -> RawInput:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return RawInput(data=data, source="test", source_key=key, source_path=key, content_type=content_type,
                    fetched_at=FIXED_TIME, modified_at=modified_at)


def page(*paragraphs: str) -> Page:
    decoded = DecodedInput(raw=raw("\n".join(paragraphs)), text="\n".join(paragraphs),
                           encoding="utf-8", kind=InputKind.TEXT)
    return Page(decoded=decoded, paragraphs=tuple(paragraphs))


def decoded(data: bytes | str, **kwargs) -> DecodedInput:
    result = decode(raw(data, **kwargs))
    assert isinstance(result, DecodedInput), result
    return result
