"""Where the sources that are not read per occupation publish their figures (the `[urls]` defaults).

The handbook, OEWS pages and the API are asked about each tracked occupation; these sources each state
their figures on one page, whatever the occupation. The defaults are the pages the guide quotes. The AAMA
page is the one the guide cites for its certification figures; which AAMA page states the count of current
CMAs is not confirmed, so it is a setting (`[urls] aama = ...`) like every page here.
"""

from __future__ import annotations

SINGLE_PAGE_SOURCES = ("bls-ep", "nha", "ziprecruiter", "aama")

DEFAULT_URLS: dict[str, tuple[str, ...]] = {
    "bls-ep": ("https://www.bls.gov/emp/tables/emp-by-major-occupational-group.htm",),
    "nha": ("https://info.nhanow.com/outlook",),
    "ziprecruiter": ("https://www.ziprecruiter.com/Salaries/Medical-Administration-Assistant-Salary",),
    "aama": ("https://www.aama-ntl.org/certification",),
}
