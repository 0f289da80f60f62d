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
METRIC = "certification_required_share"

_SHARE = re.compile(
    r"(\d{1,3}(?:\.\d+)?)\s*(?:%|percent)\s+of\s+(?:all\s+|surveyed\s+|the\s+)?employers", re.I
)
_REQUIRE = re.compile(r"\b(requir|encourag|prefer|mandat)", re.IGNORECASE)
_CERTIFICATION = re.compile(r"\bcertif", re.IGNORECASE)
_ROLE_SUFFIX = (
    r"(?:assistants?|technicians?|specialists?|coders?|aides?|workers?|nurses?|"
    r"phlebotomists?|secretar(?:y|ies)|clerks?|managers?|professionals?)\b"
)
_ROLE_NOUN = rf"[A-Za-z][A-Za-z ]*?{_ROLE_SUFFIX}"
# "... for roles such as Medical Assistants (MA), Pharmacy Technicians, and Phlebotomy Technicians": a list
# of roles, each of a few words ending in a role noun, with its abbreviation in brackets.
_LIST_INTRO = re.compile(r"\b(?:such\s+as|including)\s+", re.IGNORECASE)
_LIST_SEPARATOR = re.compile(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", re.IGNORECASE)
_LISTED_ROLE = re.compile(rf"((?:[A-Za-z]+\s+){{0,3}}?{_ROLE_SUFFIX})(?:\s*\([A-Za-z]+\))?", re.IGNORECASE)
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
            if not shares:  # "Certification may also be required for ...": no figure to read
                continue
            # A sentence may state several shares ("72% ... for X, and 47% ... for Y"): each share's role
            # is named in its own stretch of the sentence, up to the next share.
            ends = [following.start() for following in shares[1:]] + [len(sentence)]
            for share, end in zip(shares, ends, strict=True):
                roles = _roles(sentence[share.start() : end], heading_role)
                if not roles:
                    warnings.append(f"{document}: a certification share names no role: {sentence!r}")
                value = _number(share.group(1))
                facts += [
                    Fact(SOURCE, METRIC, None, role_name(role), year, value, "percent") for role in roles
                ]
    if not facts:
        raise ParseError(
            document, "no sentence states the share of employers requiring certification for a role"
        )
    return ParseResult(facts=facts, warnings=warnings)


def _roles(stretch: str, heading_role: str | None) -> list[str]:
    """The roles a share's stretch of a sentence names: a listed few ("such as A, B, and C"), else the one
    after "certification for" / "employers hiring", else the section's heading."""
    if listed := _listed_roles(stretch):
        return listed
    named = _ROLE.search(stretch)
    if named:
        return [named.group(1)]
    return [heading_role] if heading_role else []


def _listed_roles(stretch: str) -> list[str]:
    intro = _LIST_INTRO.search(stretch)
    if intro is None:
        return []
    roles: list[str] = []
    for piece in _LIST_SEPARATOR.split(stretch[intro.end() :]):
        piece = piece.strip()
        found = _LISTED_ROLE.match(piece)
        if found is None:
            break
        roles.append(found.group(1))
        if found.end() < len(piece):  # the list ends inside this piece ("... Technicians in hospitals")
            break
    return roles


def _number(text: str) -> int | float:
    return float(text) if "." in text else int(text)


DEFINITION = Source(
    name=SOURCE,
    title="National Healthcareer Association, industry outlook",
    read=parse_nha_outlook,
    order=50,
    hosts={"nha": "info.nhanow.com"},
    places=(("info.nhanow.com", "/"),),
    default_urls=("https://info.nhanow.com/outlook",),
    metrics={METRIC: "percent"},
)
