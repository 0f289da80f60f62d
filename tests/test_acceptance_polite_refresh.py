"""Issue 3's acceptance check, through the `laborstats refresh` command against a stand-in for bls.gov.

Three occupation pages that each fail once in their own way (429 with Retry-After, 503, a body cut in
half) and then succeed, plus a fourth page that is permanently refused with 403. The first run loads the
three, names the blocked one and exits 3; the second asks conditionally, gets 304s, archives nothing new
and adds no history rows.
"""

from __future__ import annotations

import dataclasses
import hashlib

from conftest import Served
from conftest import warehouse_rows as query
from ooh_pages import medical_assistants_2025, render
from typer.testing import CliRunner

from extractors.http.archive import RawArchive
from flows.cli import app

CONTACT = "data-team@example.org"
ROOT = "https://www.bls.gov/ooh/healthcare/"
# slug -> (title, SOC code)
PAGES = {
    "medical-assistants": ("Medical Assistants", "31-9092"),
    "dental-assistants": ("Dental Assistants", "31-9091"),
    "phlebotomists": ("Phlebotomists", "31-9097"),
}
BLOCKED = "surgical-technologists"


def occupation_page(title: str, soc: str) -> bytes:
    base = medical_assistants_2025()
    row = dataclasses.replace(base.rows[0], title=title.capitalize(), soc=soc)
    return render(dataclasses.replace(base, title=title, plural=title.lower(), rows=[row])).encode()


def config(tmp_path) -> str:
    occupations = "".join(
        f'[[occupations]]\nslug = "{slug}"\nooh = "healthcare/{slug}"\n\n' for slug in [*PAGES, BLOCKED]
    )
    # Backoff in milliseconds and no gap between requests keep the test quick; Retry-After (1 s) is obeyed
    # as served, since it is under the default cap.
    fetch = "[fetch]\nmin_interval_s = 0\nbackoff_base_s = 0.01\nbackoff_max_s = 0.05\n"
    path = tmp_path / "laborstats.toml"
    path.write_text('sources = ["bls-ooh"]\n' + occupations + fetch, encoding="utf-8")
    return str(path)


def test_a_refresh_survives_rate_limits_errors_cut_bodies_and_blocks(
    tmp_path, loopback_site, monkeypatch, prefect_harness
):
    monkeypatch.setenv("LABORSTATS_CONTACT", CONTACT)
    bodies = {slug: occupation_page(title, soc) for slug, (title, soc) in PAGES.items()}

    def good(slug: str) -> Served:
        return Served(200, bodies[slug], {"Content-Type": "text/html", "ETag": f'"{slug}-2025"'})

    routes = loopback_site.routes
    routes["/ooh/healthcare/medical-assistants.htm"] = [
        Served(429, b"Too Many Requests", {"Content-Type": "text/plain", "Retry-After": "1"}),
        good("medical-assistants"),
    ]
    routes["/ooh/healthcare/dental-assistants.htm"] = [
        Served(503, b"Service Unavailable"),
        good("dental-assistants"),
    ]
    routes["/ooh/healthcare/phlebotomists.htm"] = [
        dataclasses.replace(good("phlebotomists"), cut=True),
        good("phlebotomists"),
    ]
    routes[f"/ooh/healthcare/{BLOCKED}.htm"] = Served(403, b"<html><title>Forbidden</title></html>")
    warehouse = tmp_path / "wh.duckdb"
    command = ["refresh", "--config", config(tmp_path), "--warehouse", str(warehouse)]
    command += ["--base-url", f"bls={loopback_site.url}"]
    runner = CliRunner()

    first = runner.invoke(app, command)

    # the blocked page is named with its reason; the others load; exit 3
    assert first.exit_code == 3, first.output
    blocked_url = f"{ROOT}{BLOCKED}.htm"
    assert f"failed: bls-ooh {blocked_url}: blocked: HTTP 403" in first.stderr
    assert "set LABORSTATS_CONTACT" in first.stderr
    assert "release 1 (partial)" in first.stdout
    loaded = query(warehouse, "SELECT soc_code, value_num FROM facts WHERE metric = 'employment' ORDER BY 1")
    assert loaded == [("31-9091", 811000), ("31-9092", 811000), ("31-9097", 811000)]
    assert query(warehouse, "SELECT url FROM source_failures") == [(blocked_url,)]
    # each fault was met and ridden out, as the fetch log shows
    log = query(warehouse, "SELECT url, attempt, http_status, error FROM fetch_log ORDER BY url, attempt")
    by_url: dict[str, list] = {}
    for url, attempt, status, error in log:
        by_url.setdefault(url.removeprefix(ROOT), []).append((attempt, status, error))
    assert by_url["medical-assistants.htm"] == [(1, 429, "HTTP 429"), (2, 200, None)]
    assert by_url["dental-assistants.htm"] == [(1, 503, "HTTP 503"), (2, 200, None)]
    [(_, cut_status, cut_error), second_try] = by_url["phlebotomists.htm"]
    assert cut_status == 200 and "IncompleteRead" in cut_error and second_try == (2, 200, None)
    assert by_url[f"{BLOCKED}.htm"] == [(1, 403, "HTTP 403")]  # not retried
    # Retry-After: 1 was waited out before the second try
    [(gap,)] = query(
        warehouse,
        "SELECT epoch(max(started_at)) - epoch(min(started_at)) FROM fetch_log "
        f"WHERE url = '{ROOT}medical-assistants.htm'",
    )
    assert gap >= 0.95
    # every request carried the contact; no more than 4 were in flight at once
    assert all(f"(+contact: {CONTACT})" in r["headers"]["User-Agent"] for r in loopback_site.requests)
    assert 1 <= loopback_site.max_in_flight <= 4
    # the archived bytes hash to what was served
    archive = RawArchive(tmp_path / "raw")
    documents = dict(query(warehouse, "SELECT url, sha256 FROM documents"))
    assert set(documents) == {f"{ROOT}{slug}.htm" for slug in PAGES}
    for slug, body in bodies.items():
        sha = documents[f"{ROOT}{slug}.htm"]
        assert sha == hashlib.sha256(body).hexdigest()
        assert archive.get(sha) == body
    archived = sorted(p.name for p in (tmp_path / "raw").rglob("*.gz"))
    history = query(warehouse, "SELECT count(*) FROM facts_history")
    asked_first = len(loopback_site.requests)

    second = runner.invoke(app, command)

    assert second.exit_code == 3, second.output  # the blocked page is still blocked
    assert "release 2 (partial)" in second.stdout
    again = loopback_site.requests[asked_first:]
    for slug in PAGES:
        [request] = [r for r in again if r["path"] == f"/ooh/healthcare/{slug}.htm"]
        assert request["headers"]["If-None-Match"] == f'"{slug}-2025"'
        assert request["status"] == 304
    conditional = query(
        warehouse,
        "SELECT http_status, conditional, count(*) FROM fetch_log WHERE release_id = 2 "
        "GROUP BY ALL ORDER BY 1",
    )
    assert conditional == [(304, True, 3), (403, False, 1)]
    assert sorted(p.name for p in (tmp_path / "raw").rglob("*.gz")) == archived  # nothing new archived
    assert query(warehouse, "SELECT count(*) FROM documents") == [(3,)]
    assert query(warehouse, "SELECT count(*) FROM facts_history") == history  # no history rows
    assert query(warehouse, "SELECT facts_added, facts_changed, facts_removed, facts_rolled FROM releases "
                 "WHERE release_id = 2") == [(0, 0, 0, 0)]  # fmt: skip
    assert query(warehouse, "SELECT count(*) FROM facts WHERE metric = 'employment'") == [(3,)]
