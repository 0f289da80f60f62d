"""The OEWS "Tables" page (https://www.bls.gov/oes/tables.htm): where each May reference year's
estimate zips are.

The page links every year's files as `/oes/special-requests/oesmYY<scope>.zip`, with scope `nat`
(national), `st` (states), `ma` (metropolitan and nonmetropolitan areas), `in4` (national by industry)
or `all` (all of them). Links are found by that href pattern alone, wherever they sit on the page and
whatever their text says, so a redesign of the page's prose or tables does not lose them (pages of
earlier years spell the folder `special.requests`; both spellings are links).
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from lxml import html as lxml_html

from extractors.fact import ParseError

PAGE_URL = "https://www.bls.gov/oes/tables.htm"
SCOPES = ("nat", "st", "ma", "in4", "all")

# `special.requests` is the folder's older spelling, which pages (and mirrors) of earlier years link.
_ZIP_LINK = re.compile(r"/oes/special[-.]requests/oesm(\d{2})(nat|st|ma|in4|all)\.zip$", re.IGNORECASE)


def zip_links(page: bytes | str, base_url: str = PAGE_URL) -> dict[str, dict[str, str]]:
    """Every year's zip URLs on the page: {"2023": {"nat": url, "st": url, ...}, ...}, absolute URLs."""
    try:
        root = lxml_html.fromstring(page)
    except (ValueError, lxml_html.etree.ParserError) as error:
        raise ParseError(base_url, f"the OEWS tables page is not HTML ({error})") from error
    found: dict[str, dict[str, str]] = {}
    for anchor in root.iter("a"):
        href = (anchor.get("href") or "").strip()
        url = urljoin(base_url, href)  # relative links ("special.requests/oesm13nat.zip") as the page means
        match = _ZIP_LINK.search(url.split("?", 1)[0].split("#", 1)[0])
        if match is None:
            continue
        year = f"20{match.group(1)}"
        found.setdefault(year, {}).setdefault(match.group(2).lower(), url)
    return found


def year_zips(
    page: bytes | str, year: str | None = None, scopes: tuple[str, ...] = SCOPES, base_url: str = PAGE_URL
) -> tuple[str, dict[str, str]]:
    """(reference year, {scope: url}) for the latest May year on the page, or the pinned `year`.

    Only the requested `scopes` are returned; a scope the page does not link for that year is an error
    naming the page, the year and the scope, since a refresh that silently skipped it would look complete.
    """
    unknown = [scope for scope in scopes if scope not in SCOPES]
    if unknown:
        raise ValueError(f"unknown OEWS file scope(s) {unknown}; known: {', '.join(SCOPES)}")
    links = zip_links(page, base_url)
    if not links:
        raise ParseError(base_url, "no OEWS zip links (/oes/special-requests/oesmYY<scope>.zip) on the page")
    chosen = year or max(links)
    if chosen not in links:
        raise ParseError(base_url, f"no OEWS files for May {chosen}; the page has {', '.join(sorted(links))}")
    missing = [scope for scope in scopes if scope not in links[chosen]]
    if missing:
        raise ParseError(base_url, f"May {chosen}: no link to the {', '.join(missing)} zip(s)")
    return chosen, {scope: links[chosen][scope] for scope in scopes}
