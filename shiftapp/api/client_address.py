"""The caller's network address, as the sign-in throttle and the per-address rate limits count it.

Behind reverse proxies the peer is the proxy, so every user would share one address. Each trusted
proxy appends the address it received the request from to X-Forwarded-For; with TRUSTED_PROXY_HOPS
proxies in front of the app, the client is the hops-th entry from the right. Entries further left
are whatever the client sent, so they are never read. Reflex resolves the pages' address with the
same rule from the same setting (rxconfig's `trusted_proxy_hops`), so page and API agree.
"""

from __future__ import annotations

import ipaddress

from fastapi import Request

from shiftapp.config import get_settings


def resolve_client_address(peer: str | None, forwarded_for: str | None, trusted_proxy_hops: int) -> str | None:
    """The client behind `trusted_proxy_hops` proxies; the peer itself when there are none, or when
    the header is shorter than the chain or names something that is not an address (a misconfigured
    proxy must not let anyone pick their own bucket)."""
    if trusted_proxy_hops <= 0 or not forwarded_for:
        return peer
    entries = [entry.strip() for entry in forwarded_for.split(",") if entry.strip()]
    if len(entries) < trusted_proxy_hops:
        return peer
    candidate = entries[-trusted_proxy_hops]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return peer


def client_address(request: Request) -> str | None:
    return resolve_client_address(
        request.client.host if request.client else None,
        request.headers.get("x-forwarded-for"),
        get_settings().trusted_proxy_hops,
    )
