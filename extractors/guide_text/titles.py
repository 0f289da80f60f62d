"""Occupation titles the finder recognises in a guide, built from data the caller passes in.

The caller builds the table from the warehouse (handbook page titles and their A-Z aliases, OEWS and EP
titles, 2010 and 2018 SOC) so that the finder knows every occupation BLS publishes, never a list frozen
in code. Guides rarely print a title exactly: they write the singular ("pharmacy technician"), half of a
paired title ("radiologic technologists" for "Radiologic Technologists and Technicians", "heavy truck
drivers" for "Heavy and Tractor-Trailer Truck Drivers"), drop a middle word ("medical health services
managers") or shorten a long title to its first and last words ("wind technicians"). Each title is
expanded into such variants; a variant that two occupations share is dropped, because guessing between
them would map a figure to the wrong series. Exact titles win over derived variants.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_WORD = re.compile(r"[a-z0-9]+(?:['\u2019]s)?|&", re.IGNORECASE)
_SOC = re.compile(r"^\d{2}-\d{4}$")
_MAX_WORDS = 12
_GENERIC_ENDINGS = {"occupations", "workers", "occupation"}
# Words that never make a variant on their own: they are ordinary English before they are titles.
_STOP_SINGLE = {"all", "other", "and", "the", "of", "or", "except", "including", "general", "miscellaneous"}

EXACT, SPLIT, SHORT = 0, 1, 2


@dataclass(frozen=True)
class Mention:
    """An occupation named in the text: `text[start:end]` names occupation `soc_code` (`title`)."""

    start: int
    end: int
    soc_code: str
    title: str
    exact: bool


def words_of(text: str) -> list[tuple[str, int, int]]:
    """Lower-cased words with offsets; a possessive `'s` is dropped, `&` reads as `and`."""
    found = []
    for match in _WORD.finditer(text):
        word = match.group(0).lower()
        if word == "&":
            word = "and"
        elif word.endswith(("'s", "\u2019s")):
            word = word[:-2]
        found.append((word, match.start(), match.end()))
    return found


def singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if word.endswith("men"):
        return word[:-3] + "man"
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def plural(word: str) -> str:
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("ch", "sh", "ss", "x")):
        return word + "es"
    if word.endswith("man"):
        return word[:-3] + "men"
    return word + "s"


class OccupationTitles:
    """Title variants -> (SOC code, title), and a scanner that finds them in a text.

    Build with `OccupationTitles.from_rows([(title, soc_code), ...])`. Earlier rows win when two exact
    titles collide, so pass the preferred source first (handbook pages, then the latest OEWS, then EP).
    """

    def __init__(self, variants: dict[tuple[str, ...], tuple[str, str, int]]) -> None:
        self._variants = variants
        self._longest = max((len(key) for key in variants), default=0)

    def __len__(self) -> int:
        return len(self._variants)

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, str]]) -> OccupationTitles:
        best: dict[tuple[str, ...], tuple[int, set[str], str, str]] = {}
        for title, soc_code in rows:
            if not title or not soc_code or not _SOC.match(soc_code.strip()):
                continue
            soc_code = soc_code.strip()
            for key, rank in _variants_of(title):
                held = best.get(key)
                if held is None or rank < held[0]:
                    best[key] = (rank, {soc_code}, soc_code, title.strip())
                elif rank == held[0] and rank != EXACT:
                    held[1].add(soc_code)
        variants = {
            key: (soc, title, rank) for key, (rank, socs, soc, title) in best.items() if len(socs) == 1
        }
        return cls(variants)

    def lookup(self, phrase: str) -> tuple[str, str] | None:
        """(SOC code, title) for a phrase that is exactly a known title or variant, else None."""
        key = tuple(word for word, _, _ in words_of(phrase))
        hit = self._variants.get(key)
        return (hit[0], hit[1]) if hit else None

    def mentions(self, text: str) -> list[Mention]:
        """Every occupation named in `text`, longest match first at each position, no overlaps."""
        words = words_of(text)
        found: list[Mention] = []
        index = 0
        while index < len(words):
            for size in range(min(self._longest, len(words) - index), 0, -1):
                key = tuple(word for word, _, _ in words[index : index + size])
                hit = self._variants.get(key)
                if hit is not None:
                    start, end = words[index][1], words[index + size - 1][2]
                    found.append(Mention(start, end, hit[0], hit[1], hit[2] == EXACT))
                    index += size
                    break
            else:
                index += 1
        return found


def _variants_of(title: str) -> Iterable[tuple[tuple[str, ...], int]]:
    lowered = title.lower().replace("&", " and ")
    if "all other" in lowered:
        return
    words = [word for word, _, _ in words_of(lowered)]
    if not words or len(words) > _MAX_WORDS:
        return
    yield from _numbered(words, EXACT)
    if words[-1] in _GENERIC_ENDINGS and len(words) >= 3:
        yield from _numbered(words[:-1], EXACT)
    parts = [part for part in re.split(r",\s*(?:and\s+|or\s+)?|\s+and\s+", lowered) if part]
    parts = [[word for word, _, _ in words_of(part)] for part in parts]
    parts = [part for part in parts if part]
    if "and" in words:
        yield from _numbered([word for word in words if word != "and"], SPLIT)
    if len(parts) >= 2:
        last, first = parts[-1], parts[0]
        for part in parts[:-1]:
            for keep in range(1, len(last)):
                yield from _numbered(part + last[-keep:], SPLIT)
        for part in parts[1:]:
            for drop in range(1, len(first)):
                yield from _numbered(first[:-drop] + part, SPLIT)
        for part in parts:
            if len(part) >= 2:
                yield from _numbered(part, SPLIT)
    if len(words) >= 3 and "and" not in words:
        yield from _numbered([words[0], words[-1]], SHORT)


def _numbered(words: list[str], rank: int) -> Iterable[tuple[tuple[str, ...], int]]:
    if len(words) == 1 and (words[0] in _STOP_SINGLE or rank != EXACT):
        return
    if any(word in {"except", "including"} for word in words):
        return
    head = words[-1]
    for form in {head, singular(head), plural(singular(head))}:
        yield (*words[:-1], form), rank
