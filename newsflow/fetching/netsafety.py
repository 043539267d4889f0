"""Which URLs a fetch may reach: http and https only, and no loopback, private, link-local or
otherwise internal address unless the operator allows that network."""
from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit


class Refused(ValueError):
    """A URL the fetch policy will not request; the message is the reason kept with the error."""


_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))


def embedded_ipv4(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address carries, by which a packet may end up at them:
    IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::a.b.c.d),
    6to4 (2002:AABB:CCDD::) and Teredo (2001::/32, server and client). Python's ``is_global``
    judges the IPv6 address alone and calls several of these global."""
    if address.version == 4:
        return []
    found = []
    if address.ipv4_mapped:
        found.append(address.ipv4_mapped)
    value = int(address)
    if value >> 32 == 0 and value > 1:  # ::a.b.c.d (:: and ::1 are IPv6's own)
        found.append(ipaddress.IPv4Address(value & 0xFFFFFFFF))
    if any(address in network for network in _NAT64):
        found.append(ipaddress.IPv4Address(value & 0xFFFFFFFF))
    if address.sixtofour:
        found.append(address.sixtofour)
    if address.teredo:
        found.extend(address.teredo)
    return found


def check_url(url: str, allowed_networks: list[str]) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise Refused(f"scheme {parts.scheme or '(none)'!r} is not fetched, only http and https")
    if not parts.hostname:
        raise Refused("no host in URL")
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80),
                                   type=socket.SOCK_STREAM)
    except socket.gaierror as err:
        raise Refused(f"host {parts.hostname} does not resolve: {err}") from err
    allowed = [ipaddress.ip_network(n, strict=False) for n in allowed_networks]
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%", 1)[0])
        if any(address in network for network in allowed):
            continue
        if address.is_global and all(inner.is_global for inner in embedded_ipv4(address)):
            continue
        raise Refused(f"{parts.hostname} resolves to {address}, a non-public address; "
                      f"allow its network in NEWSFLOW_FETCH_ALLOWED_NETWORKS to fetch it")
