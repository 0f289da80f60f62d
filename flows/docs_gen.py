"""The data dictionary, `docs/metrics.md`, generated from the source registry.

    uv run python -m flows.docs_gen          # rewrite docs/metrics.md
    uv run python -m flows.docs_gen --check  # exit 1 when the committed page is stale

A test runs the check, so a source's new metric cannot reach main without its line in the dictionary.
"""

from __future__ import annotations

import inspect
import sys
from pathlib import Path

from extractors.sources import all_sources
from extractors.sources.base import Source, plan_pages
from transforms.vocabulary import QUALIFIERS, UNITS

PAGE = Path(__file__).resolve().parents[1] / "docs" / "metrics.md"


def _what_it_fetches(source: Source) -> str:
    if source.plan is plan_pages:
        pages = ", ".join(f"<{url}>" for url in source.default_urls)
        return f"its pages, whatever the occupations (`[urls]`; default {pages})"
    doc = inspect.getdoc(source.plan) or ""
    return " ".join(doc.split())


def render() -> str:
    lines = [
        "# Data dictionary: sources and metrics",
        "",
        "Generated from the source registry (`extractors/sources/`) by `uv run python -m flows.docs_gen`;",
        "do not edit by hand. A metric's unit is the `unit` every fact of it carries (*text*: the value is",
        "a text and the unit is empty).",
        "",
        "## Sources",
        "",
        "| source | what it is | hosts (`--base-url` name) | content | settings table |",
        "|---|---|---|---|---|",
    ]
    for source in all_sources():
        hosts = ", ".join(f"{host} (`{short}`)" for short, host in source.hosts.items())
        table = f"`[{source.settings_table}]`" if source.settings_table else ""
        content = ", ".join(source.content_types)
        lines.append(f"| `{source.name}` | {source.title} | {hosts} | {content} | {table} |")
    for source in all_sources():
        lines += [
            "",
            f"## `{source.name}`",
            "",
            # No version here: versions follow the code, and the page would go stale with every edit.
            f"{source.title}. Parser `{source.read.__module__}.{source.read.__name__}`.",
            "",
            f"Fetches: {_what_it_fetches(source)}",
            "",
            "| metric | unit |",
            "|---|---|",
        ]
        lines += [f"| `{metric}` | {unit or '*text*'} |" for metric, unit in sorted(source.metrics.items())]
    lines += [
        "",
        "## Units and qualifiers",
        "",
        "Units: " + ", ".join(f"`{unit}`" for unit in sorted(UNITS)) + ".",
        "",
        "Qualifiers: " + ", ".join(f"`{q}`" for q in sorted(QUALIFIERS)) + ".",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        if not PAGE.exists() or PAGE.read_text(encoding="utf-8") != text:
            print(f"{PAGE} is stale: run `uv run python -m flows.docs_gen`", file=sys.stderr)
            return 1
        return 0
    PAGE.write_text(text, encoding="utf-8")
    print(f"wrote {PAGE}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
