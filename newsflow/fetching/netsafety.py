"""Which URLs a fetch may reach: http and https only, and no loopback, private, link-local or
otherwise internal address unless the operator allows that network."""
from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit


class Refused(ValueError):
    """A URL the fetch policy will not request; the message is the reason kept with the error."""


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
        address = ipaddress.ip_address(info[4][0])
        if address.is_global or any(address in network for network in allowed):
            continue
        raise Refused(f"{parts.hostname} resolves to {address}, a non-public address; "
                      f"allow its network in NEWSFLOW_FETCH_ALLOWED_NETWORKS to fetch it")
