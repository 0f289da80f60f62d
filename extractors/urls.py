"""Host short names and `--base-url` rewriting, so tests and mirrors can stand in for real hosts."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

HOSTS: dict[str, str] = {
    "bls": "www.bls.gov",
    "bls-api": "api.bls.gov",
    "nha": "info.nhanow.com",
    "ziprecruiter": "www.ziprecruiter.com",
    "aama": "www.aama-ntl.org",
}


class UrlError(ValueError):
    pass


def parse_base_urls(pairs: list[str] | None) -> dict[str, str]:
    """`["bls=http://127.0.0.1:8000"]` -> `{"www.bls.gov": "http://127.0.0.1:8000"}`."""
    mapping: dict[str, str] = {}
    for pair in pairs or []:
        name, sep, base = pair.partition("=")
        if not sep or not base:
            raise UrlError(f"--base-url {pair!r}: expected SOURCE=URL, e.g. bls=http://127.0.0.1:8000")
        host = HOSTS.get(name.strip())
        if host is None:
            raise UrlError(f"--base-url {pair!r}: unknown host name {name!r}; known: {sorted(HOSTS)}")
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
