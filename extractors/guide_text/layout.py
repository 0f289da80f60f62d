"""The shape of a guide's text: lines, headings, list items and sentences, with character offsets.

Guides print figures in two layouts. Running prose states a figure inside a sentence whose words say
what it is ("the median annual wage ... was $87,530"). Lists and tables print bare label/value rows
("Offices of dentists $88,450", "California | 65,870 |") under a lead-in (a heading or a sentence
ending in a colon) that says what every row is. The finder reads each figure with the words of its
own sentence, or of its row plus the lead-in, so it needs both shapes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_BULLET = re.compile(r"^\s*(?:[-*+\u2022\u25aa\u25cf]|\d{1,2}[.)])\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"\u201d')\]]*\s+(?=[\"\u201c(\[]?[A-Z0-9$])")
_ABBREVIATION = re.compile(r"(?:\b[A-Z]\.[A-Z]\.|\b(?:Dr|Mr|Mrs|Ms|St|vs|etc|No|Inc|Co|Jr|Sr|approx|est)\.)$")
_VALUE_AT_END = re.compile(
    r"[|:\u2013\u2014-]?\s*[~\u2248]?\$?\$?\s?\d[\d,]*(?:\.\d+)?\s*(?:%|percent|million)?\s*(?:/\s?(?:year|yr|hour|hr))?\s*\|?\s*$"
)


@dataclass
class Line:
    """One line of the text; `kind` is `heading`, `item` (a list or table row) or `prose`."""

    start: int
    end: int
    text: str
    kind: str
    lead_in: Line | None = None
    heading: Line | None = None


@dataclass
class Sentence:
    start: int
    end: int
    text: str
    line: Line


@dataclass
class Layout:
    text: str
    lines: list[Line] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)

    def sentence_at(self, offset: int) -> Sentence:
        """The sentence holding `offset` (binary search; sentences are sorted and disjoint)."""
        low, high = 0, len(self.sentences) - 1
        while low < high:
            middle = (low + high + 1) // 2
            if self.sentences[middle].start <= offset:
                low = middle
            else:
                high = middle - 1
        return self.sentences[low]


def layout_of(text: str) -> Layout:
    layout = Layout(text=text)
    offset = 0
    lead_in: Line | None = None
    heading: Line | None = None
    for raw in text.split("\n"):
        start, end = offset, offset + len(raw)
        offset = end + 1
        stripped = raw.strip()
        if not stripped:
            continue
        kind = _line_kind(stripped)
        line = Line(start=start, end=end, text=raw, kind=kind, heading=heading)
        if kind == "item":
            line.lead_in = lead_in
        elif kind == "heading":
            heading = lead_in = line
        else:
            lead_in = line if stripped.endswith(":") else None
        layout.lines.append(line)
        layout.sentences.extend(_sentences(line))
    return layout


def _line_kind(stripped: str) -> str:
    words = stripped.split()
    is_bullet = bool(_BULLET.match(stripped))
    table_row = stripped.count("|") >= 1 and not stripped.endswith((".", ":"))
    short_with_value = len(words) <= 16 and _VALUE_AT_END.search(stripped) and not stripped.endswith(".")
    if table_row or (short_with_value and (is_bullet or _label_then_value(stripped))):
        return "item"
    if is_bullet:
        return "prose"
    if len(words) <= 12 and not stripped.endswith((".", ":", "!", ",", ";")):
        return "heading"
    return "prose"


def _label_then_value(stripped: str) -> bool:
    """`Offices of dentists $88,450`: a short label and one value, no verb-like sentence around it."""
    return len(re.findall(r"\d[\d,]*", stripped)) <= 2 and bool(re.match(r"[A-Za-z]", stripped))


def _sentences(line: Line) -> list[Sentence]:
    if line.kind != "prose":
        return [Sentence(line.start, line.end, line.text, line)]
    pieces: list[Sentence] = []
    begin = 0
    for match in _SENTENCE_END.finditer(line.text):
        if _ABBREVIATION.search(line.text[: match.start()]):
            continue
        pieces.append(
            Sentence(line.start + begin, line.start + match.start(), line.text[begin : match.start()], line)
        )
        begin = match.end()
    pieces.append(Sentence(line.start + begin, line.end, line.text[begin:], line))
    return pieces
