"""Bytes to text: find the real encoding of Chinese pages, refuse what is not text."""
from __future__ import annotations

import codecs
import re
from typing import NamedTuple

from charset_normalizer import from_bytes

from pipelines.records import DecodedInput, InputKind, RawInput, Rejected

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", re.I)
_HTML_START = re.compile(r"^\s*(<!doctype\s+html|<html|<head|<body|<\?xml[^>]*>\s*<html)", re.I)
# A crawl envelope before the markup: <text id="URL" title="…" encoding="…"> (collected corpora)
# or a WARC record's headers, optionally followed by the HTTP response headers.
_TEXT_ENVELOPE = re.compile(rb"\A\s*<text\b(?P<attrs>[^>\n]*)>[ \t]*\r?\n")
_ENVELOPE_ATTR = re.compile(rb"""(?P<name>id|url|title|encoding)\s*=\s*"(?P<value>[^"]*)\"""")
_ENVELOPE_END = re.compile(rb"\s*</text>\s*\Z")
_WARC_START = re.compile(rb"\AWARC/\d\.\d\r?\n")
_HEADER_END = re.compile(rb"\r?\n\r?\n")
_WARC_URI = re.compile(rb"^WARC-Target-URI:\s*<?(?P<url>[^>\r\n]+)", re.M | re.I)
_HTTP_CONTENT_TYPE = re.compile(rb"^Content-Type:\s*(?P<value>[^\r\n]+)", re.M | re.I)
# "All but a few bytes": a page this close to its encoding is that encoding with damage.
_REPAIRABLE_SHARE = 1 / 2000
_REPAIRABLE_MIN = 4

# GB2312 and GBK are subsets of GB18030: decoding with the superset never loses a character
# that a page mislabelled as GB2312 actually uses.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030"}


class NotText(ValueError):
    """The input cannot be read as text; the message is the reason kept with the dead letter."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


def _canonical(name: str) -> str | None:
    try:
        codec = codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None
    return _SUPERSETS.get(codec, codec)


def _declared(raw: RawInput, data: bytes, envelope_charset: str | None = None) -> list[str]:
    found = []
    if raw.content_type and (m := _HEADER_CHARSET.search(raw.content_type)):
        found.append(m.group(1))
    if envelope_charset:
        found.append(envelope_charset)
    if m := _META_CHARSET.search(data[:4096]):
        found.append(m.group(1).decode("ascii"))
    return [c for c in (_canonical(n) for n in found) if c]


_NOT_CONTROL = bytes(b for b in range(256) if not (b < 9 or 13 < b < 32))


# A few NUL bytes in text are a bad copy or a database's padding, not a sign of binary data:
# no text encoding this reads (UTF-8, GBK, GB18030, Big5) uses the byte 0 inside a character,
# so they are dropped. Binary data has NULs throughout.
_STRAY_NULS = 16


def _drop_stray_nuls(data: bytes) -> tuple[bytes, bool]:
    head = data[:8192]
    nuls = head.count(0)
    if nuls == 0 or nuls > max(_STRAY_NULS, len(head) // 200):
        return data, False
    return data.replace(b"\x00", b""), True


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = len(head.translate(None, _NOT_CONTROL))  # the control bytes are what is left
    return controls > len(head) * 0.05


class Envelope(NamedTuple):
    data: bytes
    url: str | None = None
    title: bytes | None = None
    charset: str | None = None


def open_envelope(data: bytes) -> Envelope:
    """The page inside a crawl envelope, and what the envelope says of it; other data as it is."""
    if m := _TEXT_ENVELOPE.match(data):
        attrs = {a["name"].lower(): a["value"] for a in _ENVELOPE_ATTR.finditer(m["attrs"])}
        body = _ENVELOPE_END.sub(b"", data[m.end():])
        url = attrs.get(b"id") or attrs.get(b"url")
        return Envelope(body, url.decode("ascii", "replace") if url else None, attrs.get(b"title"),
                        (attrs.get(b"encoding") or b"").decode("ascii", "replace") or None)
    if _WARC_START.match(data) and (end := _HEADER_END.search(data)):
        headers, body = data[:end.start()], data[end.end():]
        url = m["url"].decode("ascii", "replace").strip() if (m := _WARC_URI.search(headers)) else None
        charset = None
        if body.startswith(b"HTTP/") and (http_end := _HEADER_END.search(body)):
            if ct := _HTTP_CONTENT_TYPE.search(body[:http_end.start()]):
                found = _HEADER_CHARSET.search(ct["value"].decode("latin-1"))
                charset = found.group(1) if found else None
            body = body[http_end.end():]
        return Envelope(body, url, None, charset)
    return Envelope(data)


def _repaired(data: bytes, candidates: list[str]) -> tuple[str, str] | None:
    """The candidate that fits all but a few bytes best, decoded with those bytes replaced."""
    best: tuple[int, str, str] | None = None
    for candidate in dict.fromkeys(candidates):
        text = data.decode(candidate, errors="replace")
        bad = text.count("\ufffd")
        if bad <= max(_REPAIRABLE_MIN, len(text) * _REPAIRABLE_SHARE) and (best is None or bad < best[0]):
            best = (bad, text, candidate)
    return (best[1], best[2]) if best else None


def decode_text(data: bytes, declared: list[str]) -> tuple[str, str, bool]:
    """The text, its encoding, and whether a few undecodable bytes were replaced."""
    if not data.strip():
        raise NotText("empty", "empty input")
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace"), "utf-8", False
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16", False
    data, _ = _drop_stray_nuls(data)
    if _looks_binary(data):
        raise NotText("binary", "binary data, not text")
    # A declaration is only trusted when the bytes decode cleanly with it: portals often lie.
    candidates = [*declared, "utf-8"]
    for candidate in candidates:
        try:
            return data.decode(candidate), candidate, False
        except UnicodeDecodeError:
            continue
    # One bad byte in a GB2312 page (a truncated character, a bad copy) does not make it another
    # encoding; the candidate with the fewest bad bytes wins, so UTF-8 mislabelled as GBK stays UTF-8.
    if repaired := _repaired(data, candidates):
        return repaired[0], repaired[1], True
    best = from_bytes(data, cp_isolation=["gb18030", "big5", "utf_8", "utf_16"]).best()
    if best is None:
        raise NotText("no_encoding", "no text encoding fits the bytes")
    encoding = _canonical(best.encoding) or best.encoding
    text = data.decode(encoding, errors="replace")
    return text, encoding, "\ufffd" in text


def detect_kind(raw: RawInput, text: str) -> InputKind:
    if raw.content_type and "html" in raw.content_type.lower():
        return InputKind.HTML
    if raw.source_key.lower().endswith((".html", ".htm", ".shtml")) or _HTML_START.match(text):
        return InputKind.HTML
    return InputKind.TEXT


def decode(raw: RawInput) -> DecodedInput | Rejected:
    envelope = open_envelope(raw.data)
    try:
        text, encoding, repaired = decode_text(envelope.data, _declared(raw, envelope.data, envelope.charset))
    except NotText as err:
        return Rejected(source=raw.source, source_key=raw.source_key, source_path=raw.source_path,
                        url=raw.url, code=err.code, reason=str(err))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    title = envelope.title.decode(encoding, errors="replace").strip() if envelope.title else None
    return DecodedInput(raw=raw, text=text, encoding=encoding, kind=detect_kind(raw, text),
                        envelope_url=envelope.url, envelope_title=title or None,
                        flags=frozenset({"encoding_repaired"} if repaired else ()))
