"""Where a handbook page's parse time goes beyond lxml's floor, stage by stage, in one process.

    uv run python benchmarks/ooh_parse_stages.py DIR [--repeat N] [--rounds N]

`benchmarks/ooh_parse.py` gives the whole parse against lxml building the same regions (goal at most
1.5x). This script splits that ratio into what each stage adds, so a proposed speed-up can be weighed
against what is left to gain. Each stage runs on every page of DIR (`*.htm`, `*.html`), N times each
(default 10), in this process, and is timed in CPU seconds; the stages are timed in turn for `--rounds`
rounds (default 10) and each keeps its best round (the machine is shared).

- `floor`: read the file, build the content region's tree with the parser `load_page` uses (the region's
  offsets found beforehand), free it: `ooh_parse.py`'s physical floor, one process.
- `load`: `load_page` on the file's bytes: the floor plus the encoding check, finding the region and the
  date, and the walk that collects tables, captions and definition lists.
- `load_and_texts`: `load` plus taking out every text the readers read, the way they take it: the quick
  facts and projections tables' rows (the projections table up to its sixth column, where the real
  tables' last figure is), each other table's lead-in and, when it says "follows", its rows, each bar
  chart's title and bars, and the job outlook and pay tabs' paragraphs that have a word the openings and
  pay patterns need. No pattern beyond those word checks, no number, no fact.
- `parse`: the whole parse of every tab, as `laborstats parse` runs it in each worker
  (`extractors.batch.parse_file`), facts and result included.

Prints one JSON object: milliseconds of CPU per page for each stage and each stage's ratio to the floor.
The difference `parse` - `load_and_texts` is what reading the texts costs (patterns, numbers, facts);
`load_and_texts` alone bounds from below what any reader written over the same helpers could reach.
This is a script, not a test: timings belong here, never in the test suite.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "benchmarks")]

from ooh_parse import _build_regions, region_bounds  # noqa: E402

from extractors.batch import parse_file  # noqa: E402
from extractors.parsing.page import (  # noqa: E402
    PageTree,
    lead_in,
    load_page,
    match_case,
    paragraphs,
    table_rows,
    text_of,
)
from extractors.sources.bls_ooh.pay import may_state_pay  # noqa: E402
from extractors.sources.bls_ooh.projections import find_projections_table  # noqa: E402
from extractors.sources.bls_ooh.quick_facts import find_quick_facts  # noqa: E402
from extractors.sources.bls_ooh.tables import follows_sentence  # noqa: E402

# The projections table's columns up to its last figure on the handbook's pages (title, SOC, employment,
# projected, percent and numeric change); the parser finds this width from the header.
_PROJECTIONS_WIDTH = 6


def take_texts(tree: PageTree) -> int:
    """Every text the readers read, taken out as they take it; returns how many texts."""
    texts = 0
    quick, projections = find_quick_facts(tree), find_projections_table(tree)
    if quick is not None:
        texts += sum(len(cells) for _, cells in table_rows(quick))
    if projections is not None:
        rows = table_rows(projections, body_only=True, width=_PROJECTIONS_WIDTH)
        texts += sum(len(cells) for _, cells in rows)
    for table in tree.tables():
        if table is not quick and table is not projections and follows_sentence(lead_in(table)):
            texts += sum(len(cells) for _, cells in table_rows(table, body_only=True))
    for chart in tree.definition_lists:
        lead_in(chart)
        texts += sum(1 for child in chart if child.tag in ("dt", "dd") and text_of(child))
    outlook, pay = tree.tab(6), tree.tab(5)
    texts += len(list(paragraphs(outlook, lambda text: "openings" in match_case(text))))
    texts += len(list(paragraphs(pay, may_state_pay)))
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", type=Path, help="saved pages (*.htm, *.html)")
    parser.add_argument("--repeat", type=int, default=10, help="times each page is parsed per round")
    parser.add_argument("--rounds", type=int, default=10, help="rounds of every stage, in turn; best kept")
    args = parser.parse_args()

    pages = sorted(str(p) for p in args.directory.iterdir() if p.suffix in (".htm", ".html"))
    if not pages:
        parser.error(f"{args.directory}: no .htm or .html files")
    documents = pages * args.repeat
    bounds = {page: region_bounds(page) for page in pages}
    regions = [(document, *bounds[document]) for document in documents]

    def load() -> None:
        for document in documents:
            load_page(Path(document).read_bytes())

    def load_and_texts() -> None:
        for document in documents:
            take_texts(load_page(Path(document).read_bytes()))

    def parse() -> None:
        for document in documents:
            parse_file("bls-ooh", document)

    stages: dict[str, Callable[[], object]] = {
        "floor": lambda: _build_regions(regions),
        "load": load,
        "load_and_texts": load_and_texts,
        "parse": parse,
    }
    for run in stages.values():  # untimed: first calls, caches, the page cache
        run()
    best = dict.fromkeys(stages, float("inf"))
    for _ in range(max(1, args.rounds)):
        for name, run in stages.items():
            start = time.process_time()
            run()
            best[name] = min(best[name], time.process_time() - start)

    per_page = {name: seconds / len(documents) * 1000 for name, seconds in best.items()}
    report = {
        "pages": len(documents),
        "rounds": args.rounds,
        "cpu_ms_per_page": {name: round(ms, 3) for name, ms in per_page.items()},
        "ratio_to_floor": {name: round(ms / per_page["floor"], 3) for name, ms in per_page.items()},
    }
    print(json.dumps(report))


if __name__ == "__main__":
    main()
