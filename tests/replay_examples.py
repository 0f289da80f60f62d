"""Writes the recorded answers of the sources other than the handbook into `examples/replay/`.

    uv run python tests/replay_examples.py

The documents are built by `tests/source_pages.py` (our markup, real figures) and written through the
same `RecordingFetcher` that `--record` uses, so the folder has exactly the layout of a real recording:
GET pages by URL, BLS API queries by URL and canonical body. The API's queries are the ones the default
configuration plans, both without a key (version 1.0, two queries of 25 and 5 series) and with one
(version 2.0, one query of 30), so that the quickstart works whether or not `BLS_API_KEY` is set. The
handbook pages already in the folder are kept.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from source_pages import (
    api_answer,
    ep_2023_33,
    medical_assistants_oews_2024,
    medical_secretaries_oews_2024,
    render_aama,
    render_ep,
    render_nha,
    render_oews,
    render_ziprecruiter,
)

from extractors.http.replay import RecordingFetcher
from extractors.http.response import Response
from extractors.plan import plan_targets
from flows.config import DEFAULT_CONFIG

FOLDER = Path(__file__).resolve().parents[1] / "examples" / "replay"
HTML = {"Content-Type": "text/html; charset=UTF-8"}
JSON = {"Content-Type": "application/json;charset=UTF-8"}

# OEWS May 2024 estimates we could confirm (the 2025 handbook quotes them); other series answer no data.
API_POINTS = {
    "OEUN000000000000031909208": ("2024", "21.25"),
    "OEUN000000000000031909211": ("2024", "35020"),
    "OEUN000000000000031909213": ("2024", "44200"),
    "OEUN000000000000031909215": ("2024", "57830"),
    "OEUN000000000000043601313": ("2024", "44640"),
}

PAGES = {
    "https://www.bls.gov/oes/current/oes319092.htm": render_oews(medical_assistants_oews_2024()),
    "https://www.bls.gov/oes/current/oes436013.htm": render_oews(medical_secretaries_oews_2024()),
    "https://www.bls.gov/emp/tables/emp-by-major-occupational-group.htm": render_ep(*ep_2023_33()),
    "https://info.nhanow.com/outlook": render_nha(),
    "https://www.ziprecruiter.com/Salaries/Medical-Administration-Assistant-Salary": render_ziprecruiter(),
    "https://www.aama-ntl.org/certification": render_aama(),
}


class Served:
    """Stands in for the hosts: answers each URL with the document built for it."""

    def get(self, url: str, *, source: str = "", cached=None) -> Response:
        return Response(url, 200, HTML, PAGES[url].encode("utf-8"))

    def post(self, url: str, body: bytes, **_) -> Response:
        asked = url.split("#series=", 1)[1].split(",")
        points = {sid: API_POINTS[sid] for sid in asked if sid in API_POINTS}
        return Response(url, 200, JSON, api_answer(points, empty=[sid for sid in asked if sid not in points]))


def main() -> None:
    recorder = RecordingFetcher(Served(), FOLDER)
    for url in PAGES:
        recorder.get(url)
    for key in (None, "0" * 32):  # without and with a registration key (the key is never recorded)
        if key:
            os.environ["BLS_API_KEY"] = key
        else:
            os.environ.pop("BLS_API_KEY", None)
        for target in plan_targets(DEFAULT_CONFIG, ["bls-api"], None):
            recorder.post(target.url, target.body)
    print(f"{FOLDER / 'manifest.json'}: {len(recorder.entries)} responses", file=sys.stderr)


if __name__ == "__main__":
    main()
