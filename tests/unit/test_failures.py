"""The one table of failure kinds: every code the code writes is in it, with its stage."""
import re
from pathlib import Path

from pipelines.decode import decode
from pipelines.failures import KINDS, Stage, kind
from pipelines.records import RawInput
from newsflow.fetching.netsafety import Refused, check_url, embedded_ipv4

ROOT = Path(__file__).resolve().parents[2]
_CODE = re.compile(r'''code="(\w+)"|NotText\("(\w+)"|dead_letter\("(\w+)"|reject(?:ed)?\("(\w+)"|_rejected\(\w+, "(\w+)"''')


def test_every_code_written_is_in_the_table():
    written = set()
    for folder in ("pipelines", "workers", "newsflow"):
        for path in (ROOT / folder).rglob("*.py"):
            for match in _CODE.finditer(path.read_text(encoding="utf-8")):
                written.add(next(group for group in match.groups() if group))
    assert written >= {"file_gone", "binary", "host_busy", "time_limit", "outside_folder"}
    assert written <= set(KINDS), written - set(KINDS)


def test_only_service_failures_are_transient():
    transient = {code for code, k in KINDS.items() if k.transient}
    assert transient == {"host_unavailable", "host_busy", "index_unavailable"}
    assert kind("something from an old version").code == "task_error"
    assert {k.stage for k in KINDS.values()} == set(Stage)


def _raw(data: bytes) -> RawInput:
    from datetime import datetime, timezone

    return RawInput(data=data, source="t", source_key="a.txt", fetched_at=datetime.now(timezone.utc))


def test_a_stray_nul_byte_is_dropped_not_fatal():
    text = "镇江经开区召开高质量发展暨产业强区推进大会，动员全区上下坚定信心。".encode()
    decoded = decode(_raw(text[:12] + b"\0" + text[12:] + b"\0"))
    assert "\0" not in decoded.text and decoded.text.startswith("镇江经开区召开")
    assert decode(_raw(b"\0" * 4096)).code == "binary"
    assert decode(_raw(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)).code == "binary"


def test_ipv6_addresses_that_embed_a_private_ipv4_address_are_refused():
    for url in ("http://[::127.0.0.1]/", "http://[64:ff9b::7f00:1]/", "http://[::ffff:10.0.0.1]/",
                "http://[64:ff9b:1::a00:1]/", "http://[2002:c0a8:101::1]/",
                "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/"):
        try:
            check_url(url, [])
        except Refused:
            continue
        raise AssertionError(f"{url} was let through")
    import ipaddress

    assert [str(a) for a in embedded_ipv4(ipaddress.ip_address("64:ff9b::7f00:1"))] == ["127.0.0.1"]
    assert embedded_ipv4(ipaddress.ip_address("2606:4700:4700::1111")) == []
    check_url("http://[2606:4700:4700::1111]/", [])  # a public IPv6 address stays allowed
