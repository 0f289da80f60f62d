"""The handbook's A-Z index: which occupation pages exist.

The index (https://www.bls.gov/ooh/a-z-index.htm) lists job titles, each linking to the occupation page
that covers it, so most pages are linked many times. Occupation pages live at `/ooh/<group>/<page>.htm`;
the same shape is used by a few pages that are not occupations (`about/...`, `how-to-find-a-job/...`,
group landing pages `<group>/home.htm`), which are skipped.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml.etree import ParserError as LxmlParserError

from extractors.fact import ParseError
from extractors.http.fetch import Fetcher, check_response
from extractors.parsing.page import decode

INDEX_URL = "https://www.bls.gov/ooh/a-z-index.htm"
_HOSTS = {"www.bls.gov", "bls.gov"}
_OCCUPATION_PATH = re.compile(r"^/ooh/([a-z0-9-]+)/([a-z0-9-]+)\.htm$")
_NOT_OCCUPATION_GROUPS = {"about", "how-to-find-a-job"}
_NOT_OCCUPATION_PAGES = {"home", "index"}


def occupation_paths(html: bytes | str, base_url: str = INDEX_URL) -> list[str]:
    """Handbook paths (`healthcare/medical-assistants`) of every occupation page the index links to,
    each once, sorted (the index's own order repeats pages under many titles). Relative links resolve
    against `base_url`."""
    text = decode(html)
    if "<" not in text:
        return []
    try:
        root = lxml.html.document_fromstring(text)
    except (LxmlParserError, ValueError):
        return []
    paths: set[str] = set()
    for anchor in root.iter("a"):
        href = anchor.get("href")
        if not href:
            continue
        path = _occupation_path(urljoin(base_url, href.strip()))
        if path is not None:
            paths.add(path)
    return sorted(paths)


def _occupation_path(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or (parts.hostname or "") not in _HOSTS:
        return None
    match = _OCCUPATION_PATH.match(parts.path.lower())
    if match is None:
        return None
    group, page = match.groups()
    if group in _NOT_OCCUPATION_GROUPS or page in _NOT_OCCUPATION_PAGES:
        return None
    return f"{group}/{page}"


def fetch_occupation_paths(fetcher: Fetcher, url: str = INDEX_URL) -> list[str]:
    """The index through `fetcher` (so replay, recording and --base-url apply); an index that links no
    occupation page is an error naming its URL, since refreshing nothing would look like success."""
    response = check_response(fetcher.get(url))
    paths = occupation_paths(response.body, url)
    if not paths:
        raise ParseError(url, "not the handbook's A-Z index: it links to no occupation page")
    return paths
