"""Host short names and `--base-url` rewriting, so tests and mirrors can stand in for real hosts.

Requests go to the stand-in (`rewrite`); provenance keeps the real host's URL (`canonical`). Links found
on a page fetched from a stand-in may be relative, absolute on the real host, or absolute on the
stand-in; `resolve_link` turns each into the canonical URL, which the fetcher then sends to the stand-in.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urldefrag, urljoin, urlsplit, urlunsplit


class UrlError(ValueError):
    pass


def parse_base_urls(pairs: list[str] | None, hosts: Mapping[str, str]) -> dict[str, str]:
    """`["bls=http://127.0.0.1:8000"]` -> `{"www.bls.gov": "http://127.0.0.1:8000"}`.

    `hosts` maps short names to hosts (the sources declare them: `extractors.sources.hosts()`).
    """
    mapping: dict[str, str] = {}
    for pair in pairs or []:
        name, sep, base = pair.partition("=")
        if not sep or not base:
            raise UrlError(f"--base-url {pair!r}: expected SOURCE=URL, e.g. bls=http://127.0.0.1:8000")
        host = hosts.get(name.strip())
        if host is None:
            raise UrlError(f"--base-url {pair!r}: unknown host name {name!r}; known: {sorted(hosts)}")
        if urlsplit(base).scheme not in ("http", "https"):
            raise UrlError(f"--base-url {pair!r}: {base!r} is not an http(s) URL")
        mapping[host] = base.rstrip("/")
    return mapping


def rewrite(url: str, base_urls: dict[str, str]) -> str:
    """Send `url` to the stand-in for its host, keeping path and query."""
    parts = urlsplit(url)
    base = base_urls.get(parts.hostname or "")
    if base is None:
        return url
    target = urlsplit(base)
    path = target.path.rstrip("/") + parts.path
    return urlunsplit((target.scheme, target.netloc, path, parts.query, ""))


CANONICAL_SCHEME = "https"


def canonical(url: str, base_urls: dict[str, str]) -> str:
    """The real host's URL for a URL on a stand-in (the inverse of `rewrite`); other URLs unchanged.

    Give each host its own stand-in: with two hosts on one base URL the first configured wins.
    """
    parts = urlsplit(url)
    for host, base in base_urls.items():
        stand_in = urlsplit(base)
        prefix = stand_in.path.rstrip("/")
        same_server = (parts.scheme.lower(), parts.netloc.lower()) == (
            stand_in.scheme.lower(),
            stand_in.netloc.lower(),
        )
        if same_server and (parts.path == prefix or parts.path.startswith(prefix + "/")):
            path = parts.path[len(prefix) :] or "/"
            return urlunsplit((CANONICAL_SCHEME, host, path, parts.query, parts.fragment))
    return url


def resolve_link(href: str, page_url: str, base_urls: dict[str, str]) -> str:
    """The canonical absolute URL of a link `href` found on the page at `page_url` (without fragment).

    Relative links resolve against the page's canonical URL; absolute links to a stand-in map back to
    the real host; absolute links to the real host stay as they are.
    """
    base = canonical(page_url, base_urls)
    return canonical(urldefrag(urljoin(base, href.strip())).url, base_urls)
