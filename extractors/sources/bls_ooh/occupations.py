"""Who a handbook figure is about: the page's occupation or one of the detailed occupations it covers.

A page such as software developers covers several SOC occupations. Its projections table lists each with
its SOC code; sentences and tables elsewhere name them in running text ("The largest employers of software
quality assurance analysts and testers were as follows:"). Matching those names to the projections rows'
titles gives each figure the SOC code and title of the row it belongs to, so the same figure stated in two
places is one fact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SOURCE = "bls-ooh"

_NOT_WORD = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True, slots=True)
class Occupation:
    title: str
    soc_code: str | None


def name_key(name: str) -> str:
    """Case, punctuation and spacing removed, so "Surgeons, All Other" meets "Surgeons, all other"."""
    name = name.lower().replace("\u2019", "'").replace("'s", "s")
    if name.isascii():  # what the pattern gives, by a byte table and a split (half its cost)
        name = " ".join(name.encode("ascii").translate(_ASCII_NOT_WORD).decode("ascii").split())
    else:
        name = _NOT_WORD.sub(" ", name).strip()
    return name.removeprefix("the ").removeprefix("overall ")


# Every ASCII character `_NOT_WORD` matches, as a space (`str.translate` looks each character up in a
# dict, slower than the pattern; `bytes.translate` indexes a table).
_ASCII_NOT_WORD = bytes.maketrans(
    bytes(range(128)), bytes(32 if _NOT_WORD.fullmatch(chr(c)) else c for c in range(128))
)


class Occupations:
    """The page occupation (the projections table's first row) and every row, looked up by name."""

    def __init__(self, page: Occupation, rows: list[Occupation], aliases: tuple[str, ...] = ()) -> None:
        """`aliases` are other names of the page occupation: the quick facts title ("Teacher Assistants"
        on a page whose projections row is "Teaching assistants, except postsecondary")."""
        self.page = page
        self._found: dict[str, Occupation | None] = {}  # the same names are looked up again and again
        self._by_name: dict[str, Occupation] = {}
        self._unlisted: dict[str, Occupation] = {}  # `row`'s occupations that have no projections row
        for occupation in [page, *rows]:
            self._by_name.setdefault(name_key(occupation.title), occupation)
        for alias in aliases:
            if alias:
                self._by_name.setdefault(name_key(alias), page)

    def find(self, name: str | None) -> Occupation | None:
        if not name:
            return None
        if name not in self._found:
            self._found[name] = self._by_name.get(name_key(name))
        return self._found[name]

    def named(self, name: str | None) -> Occupation:
        """The occupation a sentence names; the page occupation when the name matches no row."""
        return self.find(name) or self.page

    def row(self, title: str) -> Occupation:
        """A table row that names a detailed occupation: its projections row, else the title as printed
        (with no SOC code, which the contract allows: the title then identifies the occupation)."""
        found = self.find(title)
        if found is None:  # kept per title: charts and tables name the same groups and industries again
            found = self._unlisted.get(title)
            if found is None:
                found = self._unlisted[title] = Occupation(title, None)
        return found
