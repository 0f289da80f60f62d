"""A guide's text with its outdated BLS figures replaced by the latest values, written the same way.

Only two kinds of span change: an outdated figure's printed number (`$87,530`, `7 percent`, `16,400`,
`$20.83`, `3.2 million`), rewritten in its own style (dollar sign, thousands separators, decimals, scale
word), and the period words that date it in the same sentence ("May 2023", "2022 to 2032", "2022-32",
"by 2032"), rewritten to the new period in their own form. Everything else is copied unchanged.

Period words are shared by the figures of a sentence ("... $87,530 in May 2023, and the lowest 10
percent ... $65,110"): they are changed only when every BLS figure the sentence dates with them moves to
the same new period; otherwise they are left and the change list says so. A figure whose sign would flip
(a decline that became growth) is not rewritten: its words would be wrong.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from transforms.audit import AuditRow

_NUMBER = re.compile(r"(?P<lead>[^\d]*?)(?P<num>\d[\d,]*(?:\.\d+)?)(?P<tail>.*)", re.S)
_SCALE = re.compile(r"^\s?(thousand|million|billion|[kK])\b")
_SCALES = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "k": 1_000}
_HIDDEN = re.compile(r"<(head|script|style|noscript|template|svg|iframe)\b.*?</\1\s*>", re.S | re.I)
_ITEM = re.compile(r"^\s*(?:[-*+\u2022]|\d{1,2}[.)]|\|)\s*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(])|\n")


@dataclass(frozen=True, slots=True)
class Change:
    """One replaced span: `text[start:end]` was `old` and is now `new` (offsets into the input)."""

    start: int
    end: int
    old: str
    new: str
    why: str


@dataclass(frozen=True, slots=True)
class Rewrite:
    text: str
    changes: list[Change]
    skipped: list[str]  # figures or period words left as they were, and why


def format_like(printed: str, value: float) -> str:
    """`value` written the way `printed` is: `$87,530` -> `$89,410`; `3.2 million` -> `3.3 million`."""
    match = _NUMBER.match(printed)
    if match is None:
        raise ValueError(f"no number in {printed!r}")
    lead, number, tail = match.group("lead"), match.group("num"), match.group("tail")
    decimals = len(number.split(".")[1]) if "." in number else 0
    scale = _SCALE.match(tail)
    factor = _SCALES[scale.group(1).lower()] if scale else 1
    # The printed number shows its style when it has four digits or more; a shorter one shows none,
    # and BLS's own style (thousands separated) applies.
    digits = len(number.split(".")[0].replace(",", ""))
    grouped = "," in number or (digits < 4 and abs(value) / factor >= 1_000)
    scaled = abs(value) / factor
    text = f"{scaled:,.{decimals}f}" if grouped else f"{scaled:.{decimals}f}"
    return f"{lead}{text}{tail}"


def rewrite(text: str, rows: Sequence[AuditRow]) -> Rewrite:
    """`text` with each `outdated` BLS figure in `rows` (whose offsets point into `text`) updated."""
    changes: list[Change] = []
    skipped: list[str] = []
    movable: list[AuditRow] = []
    for row in rows:
        if row.status != "outdated" or row.current_value is None:
            continue
        if text[row.start : row.end] != row.text:
            skipped.append(f"{row.text} at {row.start}: the text there differs; not rewritten")
            continue
        if (row.current_value < 0 < row.value) or (row.value < 0 < row.current_value):
            skipped.append(
                f"{row.text} at {row.start}: the change turned from {_direction(row.value)} to "
                f"{_direction(row.current_value)}; reword by hand"
            )
            continue
        new = format_like(row.text, row.current_value)
        if new != row.text:
            why = f"{row.metric} {row.soc_code}: {row.period or 'undated'} -> {row.current_period}"
            changes.append(Change(row.start, row.end, row.text, new, why))
        movable.append(row)
    changes.extend(_period_changes(text, rows, movable, skipped))
    kept: list[Change] = []
    for change in sorted(changes, key=lambda c: c.start):
        if kept and change.start < kept[-1].end:
            skipped.append(f"{change.old!r} at {change.start}: overlaps another change; not rewritten")
            continue
        kept.append(change)
    pieces, cursor = [], 0
    for change in kept:
        pieces.extend([text[cursor : change.start], change.new])
        cursor = change.end
    pieces.append(text[cursor:])
    return Rewrite("".join(pieces), kept, skipped)


def _direction(value: float) -> str:
    return "decline" if value < 0 else "growth"


def _period_changes(
    text: str, rows: Sequence[AuditRow], movable: Sequence[AuditRow], skipped: list[str]
) -> list[Change]:
    """The period words dating each moved figure, in its sentence, when all figures they date move."""
    found: dict[tuple[int, int], Change] = {}
    blocked: set[tuple[int, int]] = set()
    for row in movable:
        if row.period is None or row.current_period is None or row.period == row.current_period:
            continue
        start, end = _sentence(text, row.start)
        words = _period_words(text, start, end, row.period, row.current_period)
        if not words:
            # Dated by what came before, as the finder dates it: a list item by its lead-in ("... in May
            # 2023:"), a sentence by an earlier one on its line. Only the nearest such words move; the
            # figures they date are those of the lead-in's list, or of the line.
            start, end, before = _dating_region(text, start)
            words = _period_words(text, start, before, row.period, row.current_period)[-1:]
        for span_start, span_end, new in words:
            key = (span_start, span_end)
            sharers = [
                other
                for other in rows
                if other.period == row.period
                and other.status not in ("other-source",)
                and start <= other.start < end
            ]
            if any(o.status != "outdated" or o.current_period != row.current_period for o in sharers):
                if key not in blocked:
                    blocked.add(key)
                    skipped.append(
                        f"{text[span_start:span_end]!r} at {span_start}: also dates figures that do not move "
                        f"to {row.current_period}; left as it was"
                    )
                continue
            found[key] = Change(
                span_start,
                span_end,
                text[span_start:span_end],
                new,
                f"period {row.period} -> {row.current_period}",
            )
    return [change for key, change in found.items() if key not in blocked]


def _sentence(text: str, at: int) -> tuple[int, int]:
    """The sentence (or list line) around offset `at`."""
    start = 0
    for match in _SENTENCE_END.finditer(text, 0, at):
        start = match.end()
    after = _SENTENCE_END.search(text, at)
    return start, after.start() if after else len(text)


def _dating_region(text: str, sentence_start: int) -> tuple[int, int, int]:
    """(start, end, before): the region whose figures share period words found in text[start:before]:
    for a list item, its lead-in line and the whole list (words searched in the lead-in); for prose,
    its line (words searched before the sentence)."""
    lines = text.split("\n")
    offsets, at = [], 0
    for line in lines:
        offsets.append(at)
        at += len(line) + 1
    line_start = text.rfind("\n", 0, sentence_start) + 1
    index = offsets.index(line_start)
    if not _ITEM.match(lines[index]):
        return line_start, line_start + len(lines[index]), sentence_start
    first = index
    while first > 0 and (_ITEM.match(lines[first]) or not lines[first].strip()):
        first -= 1
    last = index
    while last + 1 < len(lines) and _ITEM.match(lines[last + 1]):
        last += 1
    lead_end = offsets[first] + len(lines[first])
    return offsets[first], offsets[last] + len(lines[last]), lead_end


def _period_words(text: str, start: int, end: int, old: str, new: str) -> list[tuple[int, int, str]]:
    """Spans in `text[start:end]` that state period `old`, with their rewriting to `new`."""
    old_parts, new_parts = old.split("-"), new.split("-")
    if len(old_parts) != len(new_parts):
        return []
    found = []
    if len(old_parts) == 2:
        a, b = old_parts
        span = re.compile(
            rf"\b{a}(?P<sep>\s*(?:-|\u2013|\u2014|to|through)\s*)(?P<b>{b}|{b[2:]})\b(?![,.]?\d)"
        )
        for match in span.finditer(text, start, end):
            end_year = new_parts[1] if len(match.group("b")) == 4 else new_parts[1][2:]
            found.append((match.start(), match.end(), f"{new_parts[0]}{match.group('sep')}{end_year}"))
        if not found:
            for match in re.finditer(rf"\b(by|through|until|to|in)(\s+)(the year\s+)?{b}\b", text[start:end]):
                s = start + match.start()
                found.append((s, start + match.end(), match.group(0)[: -len(b)] + new_parts[1]))
        return found
    year = re.compile(rf"(?<![\d,$.-]){old}(?![\d%]|,\d|\s?percent|\s*(?:-|\u2013|to)\s*(?:19|20)?\d\d)")
    return [(m.start(), m.end(), new) for m in year.finditer(text, start, end)]


def onto_markup(markup: str, visible: str, changes: Sequence[Change]) -> Rewrite:
    """The changes (offsets into `visible`, the text an HTML page shows) applied to the page's markup.

    Each change's old text is found as the same occurrence in the markup's text (outside tags) as in the
    visible text: the n-th `$87,530` the reader sees is the n-th in the markup. A change whose old text
    the markup writes differently (an entity, a tag inside the number) is left and reported.
    """
    hidden = [(m.start(), m.end()) for m in _HIDDEN.finditer(markup)]
    text_runs = [
        (m.start(), m.end())
        for m in re.finditer(r"<!--.*?-->|<[^>]*>|[^<]+", markup, re.S)
        if m.group(0)[0] != "<" and not any(a <= m.start() < b for a, b in hidden)
    ]
    applied: list[Change] = []
    skipped: list[str] = []
    for change in changes:
        nth = visible.count(change.old, 0, change.start)
        found = _nth_in_runs(markup, text_runs, change.old, nth)
        if found is None:
            skipped.append(
                f"{change.old!r} at {change.start}: not found as written in the markup; not rewritten"
            )
            continue
        applied.append(Change(found, found + len(change.old), change.old, change.new, change.why))
    applied.sort(key=lambda c: c.start)
    pieces, cursor = [], 0
    for change in applied:
        pieces.extend([markup[cursor : change.start], change.new])
        cursor = change.end
    pieces.append(markup[cursor:])
    return Rewrite("".join(pieces), applied, skipped)


def _nth_in_runs(markup: str, runs: list[tuple[int, int]], needle: str, nth: int) -> int | None:
    seen = 0
    for start, end in runs:
        at = markup.find(needle, start, end)
        while at >= 0:
            if seen == nth:
                return at
            seen += 1
            at = markup.find(needle, at + 1, end)
    return None
