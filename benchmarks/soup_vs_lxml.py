"""BeautifulSoup over lxml against lxml alone, building trees of the same handbook content regions.

    uv run python benchmarks/soup_vs_lxml.py ../shared/samples/bls-ooh/*.html [--rounds 5]

Each page is decoded and cut to its content region as `extractors.parsing.page.load_page` does; then each
round builds every region's tree once with `lxml.html.document_fromstring` and once with
`BeautifulSoup(region, "lxml")`. Prints the total seconds of each and the ratio.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import lxml.html
from bs4 import BeautifulSoup

from extractors.parsing.page import _region_start, decode


def regions(paths: list[Path]) -> list[str]:
    out = []
    for path in paths:
        text = decode(path.read_bytes())
        out.append(text[_region_start(text) :])
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("pages", nargs="+", type=Path)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    texts = regions(args.pages)
    timings = {"lxml": 0.0, "bs4+lxml": 0.0}
    for _ in range(args.rounds):
        start = time.perf_counter()
        for text in texts:
            lxml.html.document_fromstring(text)
        timings["lxml"] += time.perf_counter() - start
        start = time.perf_counter()
        for text in texts:
            BeautifulSoup(text, "lxml")
        timings["bs4+lxml"] += time.perf_counter() - start
    built = len(texts) * args.rounds
    print(f"{built} content regions ({len(texts)} pages x {args.rounds} rounds)")
    for name, seconds in timings.items():
        print(f"{name:9} {seconds:7.3f} s  ({seconds / built * 1000:.1f} ms a region)")
    print(f"BeautifulSoup over lxml is {timings['bs4+lxml'] / timings['lxml']:.1f}x slower")


if __name__ == "__main__":
    main()
