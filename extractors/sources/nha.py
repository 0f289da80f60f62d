"""Parser for the NHA industry outlook page (source `nha`): https://info.nhanow.com/outlook.

The National Healthcareer Association's yearly report says what share of employers require or encourage
certification for each role it surveys. The page's layout is not confirmed, so the shares are read from
the sentences that state them, wherever they stand: a percentage of employers, a verb of requiring or
encouraging, certification, and the role, either named in the sentence ("72% of employers require or
encourage certification for medical assistants") or, when the sentence names none, in the heading just
before it (a section per role).

`occupation` is the role as the report names it, in the singular and capitalised as a title ("Medical
Assistant", "Medical Administrative Assistant"), so the same role reads the same from year to year; the
period is the report's year ("2025 Industry Outlook"). A page that states no such share is refused.
"""

from __future__ import annotations

import re

from extractors.fact import Fact, ParseError, ParseResult
from extractors.parsing.html_page import load_html, text_blocks
from extractors.parsing.numbers import clean_text
from extractors.parsing.page import sentences
from extractors.sources.base import Source

SOURCE = "nha"
PARSER_VERSION = "1"
METRIC = "certification_required_share"

_SHARE = re.compile(
    r"(\d{1,3}(?:\.\d+)?)\s*(?:%|percent)\s+of\s+(?:all\s+|surveyed\s+|the\s+)?employers", re.I
)
_REQUIRE = re.compile(r"\b(requir|encourag|prefer|mandat)", re.IGNORECASE)
_CERTIFICATION = re.compile(r"\bcertif", re.IGNORECASE)
_ROLE_NOUN = (
    r"[A-Za-z][A-Za-z ]*?(?:assistants?|technicians?|specialists?|coders?|aides?|workers?|nurses?|"
    r"phlebotomists?|secretar(?:y|ies)|clerks?|managers?|professionals?)"
)
# The role follows "certification for ..." or "employers hiring ...".
_ROLE = re.compile(
    r"\b(?:certifi\w*\s+(?:\w+ly\s+)?(?:for|of|from|among)"
    r"|employers\s+(?:hiring|of|for|that\s+hire|who\s+hire|employing))"
    rf"\s+(?:their\s+|new\s+|all\s+|the\s+)?({_ROLE_NOUN})\b",
    re.IGNORECASE,
)
_HEADING_ROLE = re.compile(
    r"^([A-Za-z][A-Za-z ]*?(?:assistants?|technicians?|specialists?|coders?|aides?|phlebotomists?|"
    r"secretar(?:y|ies)|clerks?|managers?))(?:\s*\([A-Z]+\))?$",
    re.IGNORECASE,
)
_REPORT_YEAR = re.compile(
    r"\b(20\d{2})\s+(?:National\s+)?(?:Healthcare\s+)?Industry\s+Outlook"
    r"|Industry\s+Outlook\W{0,3}(?:Report\W{0,3})?(20\d{2})\b",
    re.IGNORECASE,
)


def role_name(text: str) -> str:
    """`medical assistants` -> `Medical Assistant`; `secretaries` -> `Secretary`."""
    words = clean_text(text).split()
    last = words[-1]
    if last.lower().endswith("ies"):
        last = last[:-3] + "y"
    elif last.lower().endswith("s") and not last.lower().endswith("ss"):
        last = last[:-1]
    return " ".join(word[:1].upper() + word[1:].lower() for word in [*words[:-1], last])


def parse_nha_outlook(html: bytes | str, document: str) -> ParseResult:
    root = load_html(html)
    if root is None:
        raise ParseError(document, "not the NHA industry outlook page: no markup")
    blocks = text_blocks(root)
    year = next((m.group(1) or m.group(2) for m in map(_REPORT_YEAR.search, blocks) if m), None)
    if year is None:
        raise ParseError(document, "the page names no report year ('2025 Industry Outlook')")
    facts: list[Fact] = []
    warnings: list[str] = []
    heading_role: str | None = None
    for block in blocks:
        if heading := _HEADING_ROLE.match(block):
            heading_role = heading.group(1)
            continue
        for sentence in sentences(block):
            if not (_REQUIRE.search(sentence) and _CERTIFICATION.search(sentence)):
                continue
            shares = list(_SHARE.finditer(sentence))
            # A sentence may state several shares ("72% ... for X, and 47% ... for Y"): each share's role
            # is named in its own stretch of the sentence, up to the next share.
            for share, following in zip(shares, [*shares[1:], None], strict=True):
                stretch = sentence[share.start() : following.start() if following else len(sentence)]
                named = _ROLE.search(stretch)
                role = named.group(1) if named else heading_role
                if role is None:
                    warnings.append(f"{document}: a certification share names no role: {sentence!r}")
                    continue
                value = _number(share.group(1))
                facts.append(Fact(SOURCE, METRIC, None, role_name(role), year, value, "percent"))
    if not facts:
        raise ParseError(
            document, "no sentence states the share of employers requiring certification for a role"
        )
    return ParseResult(facts=facts, warnings=warnings)


def _number(text: str) -> int | float:
    return float(text) if "." in text else int(text)


DEFINITION = Source(
    name=SOURCE,
    title="National Healthcareer Association, industry outlook",
    parse=parse_nha_outlook,
    order=50,
    hosts={"nha": "info.nhanow.com"},
    places=(("info.nhanow.com", "/"),),
    default_urls=("https://info.nhanow.com/outlook",),
    metrics={METRIC: "percent"},
)
