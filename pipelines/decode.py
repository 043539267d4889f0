"""Bytes to text: find the real encoding of Chinese pages, refuse what is not text."""
from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from pipelines.records import DecodedInput, InputKind, RawInput, Rejected

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", re.I)
_HTML_START = re.compile(r"^\s*(<!doctype\s+html|<html|<head|<body|<\?xml[^>]*>\s*<html)", re.I)

# GB2312 and GBK are subsets of GB18030: decoding with the superset never loses a character
# that a page mislabelled as GB2312 actually uses.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030"}


class NotText(ValueError):
    """The input cannot be read as text; the message is the reason kept with the dead letter."""


def _canonical(name: str) -> str | None:
    try:
        codec = codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None
    return _SUPERSETS.get(codec, codec)


def _declared(raw: RawInput) -> list[str]:
    found = []
    if raw.content_type and (m := _HEADER_CHARSET.search(raw.content_type)):
        found.append(m.group(1))
    if m := _META_CHARSET.search(raw.data[:4096]):
        found.append(m.group(1).decode("ascii"))
    return [c for c in (_canonical(n) for n in found) if c]


_NOT_CONTROL = bytes(b for b in range(256) if not (b < 9 or 13 < b < 32))


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = len(head.translate(None, _NOT_CONTROL))  # the control bytes are what is left
    return controls > len(head) * 0.05


def decode_text(raw: RawInput) -> tuple[str, str]:
    data = raw.data
    if not data.strip():
        raise NotText("empty input")
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace"), "utf-8"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    if _looks_binary(data):
        raise NotText("binary data, not text")
    # A declaration is only trusted when the bytes decode cleanly with it: portals often lie.
    for candidate in [*_declared(raw), "utf-8"]:
        try:
            return data.decode(candidate), candidate
        except UnicodeDecodeError:
            continue
    best = from_bytes(data, cp_isolation=["gb18030", "big5", "utf_8", "utf_16"]).best()
    if best is None:
        # UTF-8 with a few broken bytes (a truncated download, a bad copy) is still that text.
        repaired = data.decode("utf-8", errors="replace")
        if repaired.count("\ufffd") <= max(3, len(repaired) // 100):
            return repaired, "utf-8"
        raise NotText("no text encoding fits the bytes")
    encoding = _canonical(best.encoding) or best.encoding
    return data.decode(encoding, errors="replace"), encoding


def detect_kind(raw: RawInput, text: str) -> InputKind:
    if raw.content_type and "html" in raw.content_type.lower():
        return InputKind.HTML
    if raw.source_key.lower().endswith((".html", ".htm", ".shtml")) or _HTML_START.match(text):
        return InputKind.HTML
    return InputKind.TEXT


def decode(raw: RawInput) -> DecodedInput | Rejected:
    try:
        text, encoding = decode_text(raw)
    except NotText as err:
        return Rejected(source=raw.source, source_key=raw.source_key,
                        source_path=raw.source_path, reason=str(err))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return DecodedInput(raw=raw, text=text, encoding=encoding, kind=detect_kind(raw, text))
