"""Finding and mapping the labor figures a career guide quotes, in its own words.

`read_guide` turns plain text, Markdown or HTML into the text to read; `OccupationTitles.from_rows`
takes the occupation titles the caller loads from the warehouse; `find_figures` returns every labor
figure with its offsets and mapping. The package has no warehouse or network access of its own, so
that `audit`, the rewrite and the benchmark can all use it on any text.
"""

from extractors.guide_text.finder import PROJECTION_METRICS, Figure, find_figures
from extractors.guide_text.reading import GuideReadError, GuideText, read_guide, visible_text
from extractors.guide_text.titles import Mention, OccupationTitles

__all__ = [
    "PROJECTION_METRICS",
    "Figure",
    "GuideReadError",
    "GuideText",
    "Mention",
    "OccupationTitles",
    "find_figures",
    "read_guide",
    "visible_text",
]
