"""Checking a response before anything archives or parses it.

Hosts that block a client often answer 200 with a page of their own ("Access Denied", a captcha, a
"Just a moment..." browser check). Parsed as a document such a page would at best fail with a confusing
parser error and at worst yield nothing and look like data removed; it is a blocked source instead. A
body of the wrong kind (a PDF where the source serves HTML) is refused for the same reason.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import urlsplit

from extractors.http.response import FetchError, Response

# Block and challenge pages are short; their tell-tales sit near the top.
SCAN_BYTES = 64 * 1024
_TITLE_MARKERS = re.compile(
    rb"<title[^>]*>\s*(Access Denied|Just a moment\.\.\.|Attention Required|Request Rejected"
    rb"|Pardon Our Interruption|Are you a robot|[^<]{0,80}captcha)",
    re.IGNORECASE,
)
_BODY_MARKERS = re.compile(
    rb"(g-recaptcha|h-captcha|cf-chl-|challenge-platform|_Incapsula_Resource|px-captcha)", re.IGNORECASE
)
_TEXTUAL = ("text/", "application/xhtml")
_REFUSALS = {401: "authentication required", 403: "access forbidden"}


def block_marker(response: Response) -> str | None:
    """The tell-tale of a block or challenge page in an HTML body, or None."""
    content_type = (response.content_type or "text/html").lower()
    if not content_type.startswith(_TEXTUAL):
        return None
    head = response.body[:SCAN_BYTES]
    found = _TITLE_MARKERS.search(head) or _BODY_MARKERS.search(head)
    return found.group(1).decode("ascii", "replace").strip() if found else None


def media_type(content_type: str | None) -> str | None:
    if not content_type:
        return None
    return content_type.split(";", 1)[0].strip().lower() or None


def check_response(
    response: Response, content_types: Sequence[str] | None = None, source: str | None = None
) -> Response:
    """Refuse what is not a document: block/challenge pages (whatever the status), error statuses, empty
    bodies, and bodies whose content type is not one of `content_types` (when given). A response without
    a content type is let through to the parser, which names the document if it cannot read it."""
    marker = block_marker(response)
    if marker is not None or response.status in _REFUSALS:
        what = f"a {marker!r} page" if marker else _REFUSALS[response.status]
        if (urlsplit(response.url).hostname or "").endswith("bls.gov"):
            hint = " (bls.gov refuses clients whose User-Agent names no contact: set LABORSTATS_CONTACT)"
        else:  # sites that block scripts (ZipRecruiter) still let a person save the page
            hint = " (save the page from a browser and run `laborstats archive add URL FILE`)"
        raise FetchError(response.url, f"blocked: HTTP {response.status}, {what}{hint}", blocked=True)
    if response.status != 200:
        raise FetchError(response.url, f"HTTP {response.status}")
    if not response.body:
        raise FetchError(response.url, "empty body")
    served = media_type(response.content_type)
    if content_types and served is not None and served not in content_types:
        who = f"{source} serves" if source else "expected"
        raise FetchError(
            response.url, f"content type {served!r} is not what {who} ({', '.join(content_types)})"
        )
    return response
