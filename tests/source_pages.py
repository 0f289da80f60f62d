"""Builds small documents of the sources other than the handbook, for tests and for `examples/replay/`.

Each builder writes our own markup and wording with the structure the source's parser relies on (tables
found by their header cells, sentences that state a figure), and takes the figures from the caller, who
passes real published ones:

- OEWS May 2024 (medical assistants, 31-9092): annual 10th percentile $35,020, median $44,200, 90th
  $57,830, hourly median $21.25 (the figures the 2025 handbook quotes from OEWS); medical secretaries
  (43-6013): annual median $44,640.
- OEWS May 2023 (31-9092): employment 763,040, annual mean $43,350, hourly mean $20.84; annual 10th
  percentile $33,500, median $42,000, 90th $56,480, hourly median $20.19; Los Angeles-Long
  Beach-Anaheim (31080) 34,330 jobs, annual mean $46,480; San Francisco-Oakland-Berkeley (41860) 14,590
  jobs, annual mean $62,160.
- Employment Projections, 2023-33 (the edition the guide quotes): healthcare support occupations +15.2%;
  median annual wage of all occupations, May 2023, $48,060. 2014-24 (BLS's own summary of that edition):
  healthcare support +23.0% (+974,200, median $26,440 in 2014), healthcare practitioners and technical
  +16.4% (+1,348,100, $61,710), personal care and service +13.2% (+792,100, $21,260), computer and
  mathematical +13.1% (+531,400, $79,420), office and administrative support +2.0% (+466,500, $32,520),
  farming, fishing, and forestry -5.9% (-57,200, $20,250); all occupations +6.5%.
- NHA 2025 outlook: 72% (medical assistants), 47% (medical administrative assistants).
- ZipRecruiter 2025: $44,460 a year; cities Soledad, CA $66,508; Nome, AK $55,153; Berkeley, CA $54,439;
  Berlin Corners, VT $54,340; Atherton, CA $53,885. The hourly, weekly and monthly equivalents are the
  annual figures divided as ZipRecruiter divides them (2,080 hours, 52 weeks, 12 months).
- AAMA: 70,362 CMAs as of October 2024; recertification every 60 months.

A cell whose figure we could not confirm is left empty (the parsers read an empty cell as no figure).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from html import escape

# ---------------------------------------------------------------------------------------------- OEWS


@dataclass
class OewsArea:
    name: str  # as printed: "California", "Los Angeles-Long Beach-Anaheim, CA"
    href: str | None  # the link to the area's page ("/oes/current/oes_31080.htm"), or None
    cells: tuple[str, str, str, str, str]  # employment, per thousand jobs, location quotient, hourly, annual


@dataclass
class OewsPage:
    soc: str = "31-9092"
    title: str = "Medical Assistants"
    year: str = "2024"
    national: tuple[str, str, str] = ("", "", "")  # employment, mean hourly, mean annual
    hourly: tuple[str, str, str, str, str] = ("", "", "$21.25", "", "")  # 10, 25, 50, 75, 90th
    annual: tuple[str, str, str, str, str] = ("$35,020", "", "$44,200", "", "$57,830")
    # (label, employment, percent of industry employment, hourly mean, annual mean)
    industries: list[tuple[str, str, str, str, str]] = field(default_factory=list)
    top_paying_industries: list[tuple[str, str, str, str, str]] = field(default_factory=list)
    states: list[OewsArea] = field(default_factory=list)
    metros: list[OewsArea] = field(default_factory=list)
    national_table: bool = True
    percentile_table: bool = True
    top_code_note: bool = True


def medical_assistants_oews_2024() -> OewsPage:
    return OewsPage()


def medical_secretaries_oews_2024() -> OewsPage:
    return OewsPage(
        soc="43-6013",
        title="Medical Secretaries and Administrative Assistants",
        hourly=("", "", "", "", ""),
        annual=("", "", "$44,640", "", ""),
    )


def medical_assistants_oews_2023() -> OewsPage:
    return OewsPage(
        year="2023",
        national=("763,040", "$20.84", "$43,350"),
        hourly=("", "", "$20.19", "", ""),
        annual=("$33,500", "", "$42,000", "", "$56,480"),
        metros=[
            OewsArea(
                "Los Angeles-Long Beach-Anaheim, CA",
                "/oes/current/oes_31080.htm",
                ("34,330", "", "", "", "$46,480"),
            ),
            OewsArea(
                "San Francisco-Oakland-Berkeley, CA", "oes_41860.htm", ("14,590", "", "", "", "$62,160")
            ),
        ],
    )


def _row(cells: list[str], header: bool = False) -> str:
    tag = "th" if header else "td"
    return "<tr>" + "".join(f"<{tag}>{escape(c)}</{tag}>" for c in cells) + "</tr>"


def _table(lead: str, headings: list[str], rows: list[str]) -> str:
    return (
        f'<p class="lead">{escape(lead)}</p>\n<table class="regular">\n'
        f"<thead>{_row(headings, header=True)}</thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody></table>\n"
    )


_INDUSTRY_HEADINGS = [
    "Industry",
    "Employment (1)",
    "Percent of industry employment",
    "Hourly mean wage",
    "Annual mean wage (2)",
]
_AREA_COLUMNS = [
    "Employment (1)",
    "Employment per thousand jobs",
    "Location quotient (9)",
    "Hourly mean wage",
    "Annual mean wage (2)",
]


def _area_row(area: OewsArea) -> str:
    name = escape(area.name)
    label = f'<a href="{escape(area.href)}">{name}</a>' if area.href else name
    return f"<tr><td>{label}</td>" + "".join(f"<td>{escape(c)}</td>" for c in area.cells) + "</tr>"


def render_oews(page: OewsPage) -> str:
    who = page.title
    parts = [
        f"<h2>Occupational Employment and Wages, May {page.year}</h2>",
        f"<h2>{page.soc} {escape(who)}</h2>",
        f"<p>What {escape(who.lower())} do, in the words of the classification (our placeholder).</p>",
    ]
    if page.national_table:
        parts.append(
            _table(
                f"Estimates of employment and mean wages for {who}:",
                [
                    "Employment (1)",
                    "Employment RSE (3)",
                    "Mean hourly wage",
                    "Mean annual wage (2)",
                    "Wage RSE (3)",
                ],
                [_row([page.national[0], "", page.national[1], page.national[2], ""])],
            )
        )
    if page.percentile_table:
        parts.append(
            _table(
                f"Wage percentiles for {who}:",
                ["Percentile", "10%", "25%", "50% (Median)", "75%", "90%"],
                [
                    "<tr><th>Hourly Wage</th>"
                    + "".join(f"<td>{escape(c)}</td>" for c in page.hourly)
                    + "</tr>",
                    "<tr><th>Annual Wage (2)</th>"
                    + "".join(f"<td>{escape(c)}</td>" for c in page.annual)
                    + "</tr>",
                ],
            )
        )
    if page.industries:
        parts.append(
            _table(
                f"Industries employing the most {who}:",
                _INDUSTRY_HEADINGS,
                [_row(list(r)) for r in page.industries],
            )
        )
    if page.top_paying_industries:
        parts.append(
            _table(
                f"Best paying industries for {who}:",
                _INDUSTRY_HEADINGS,
                [_row(list(r)) for r in page.top_paying_industries],
            )
        )
    if page.states:
        parts.append(
            _table(
                f"States employing the most {who}:",
                ["State", *_AREA_COLUMNS],
                [_area_row(a) for a in page.states],
            )
        )
    if page.metros:
        parts.append(
            _table(
                f"Metropolitan areas employing the most {who}:",
                ["Metropolitan area", *_AREA_COLUMNS],
                [_area_row(a) for a in page.metros],
            )
        )
    notes = ["(1) Our note on estimates.", "(2) Our note on annual wages."]
    if page.top_code_note:
        notes.append("(5) This wage is equal to or greater than $115.00 per hour or $239,200 per year.")
    parts.append("<div class='footnotes'>" + "".join(f"<p>{n}</p>" for n in notes) + "</div>")
    body = "\n".join(parts)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(who)}</title></head>
<body><div id="main-content">
{body}
</div></body></html>
"""


# --------------------------------------------------------------------------- Employment Projections


@dataclass
class EpRow:
    title: str
    code: str
    employment: str = ""
    projected: str = ""
    change: str = ""
    change_pct: str = ""
    wage: str = ""


def ep_2023_33() -> tuple[str, str, list[EpRow]]:
    """The edition the guide quotes, with the figures we know of it."""
    return (
        "2023",
        "2033",
        [
            EpRow("Total, all occupations", "00-0000", wage="$48,060"),
            EpRow("Healthcare support occupations", "31-0000", change_pct="15.2"),
        ],
    )


def ep_2014_24() -> tuple[str, str, list[EpRow]]:
    """An older edition, whose summary BLS published with every group's growth, change and wage."""
    return (
        "2014",
        "2024",
        [
            EpRow("Total, all occupations", "00-0000", change_pct="6.5"),
            EpRow("Computer and mathematical occupations", "15-0000", change="531.4", change_pct="13.1", wage="79,420"),
            EpRow(
                "Healthcare practitioners and technical occupations",
                "29-0000",
                change="1,348.1",
                change_pct="16.4",
                wage="61,710",
            ),
            EpRow("Healthcare support occupations", "31-0000", change="974.2", change_pct="23.0", wage="26,440"),
            EpRow("Personal care and service occupations", "39-0000", change="792.1", change_pct="13.2", wage="21,260"),
            EpRow("Office and administrative support occupations", "43-0000", change="466.5", change_pct="2.0", wage="32,520"),
            EpRow("Farming, fishing, and forestry occupations", "45-0000", change="-57.2", change_pct="-5.9", wage="20,250"),
        ],
    )  # fmt: skip


def render_ep(base: str, projected: str, rows: list[EpRow], *, percent_column: bool = True) -> str:
    span = f"{base}\u2013{projected[2:]}"
    head_1 = (
        f'<tr><th rowspan="2">{base} National Employment Matrix title</th>'
        f'<th rowspan="2">{base} National Employment Matrix code</th>'
        '<th colspan="2">Employment</th><th colspan="2">Employment distribution, percent</th>'
        + (
            f'<th colspan="2">Employment change, {span}</th>'
            if percent_column
            else f'<th rowspan="2">Employment change, {span}</th>'
        )
        + f'<th rowspan="2">Median annual wage, {base}(1)</th></tr>'
    )
    head_2 = (
        f"<tr><th>{base}</th><th>{projected}</th><th>{base}</th><th>{projected}</th>"
        + ("<th>Number</th><th>Percent</th>" if percent_column else "")
        + "</tr>"
    )
    body = []
    for r in rows:
        cells = (
            [r.employment, r.projected, "", "", r.change]
            + ([r.change_pct] if percent_column else [])
            + [r.wage]
        )
        body.append(
            f"<tr><th>{escape(r.title)}</th><td>{r.code}</td>"
            + "".join(f"<td>{escape(c)}</td>" for c in cells)
            + "</tr>"
        )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Employment by major occupational group</title></head>
<body><div id="main-content">
<h1>Employment by major occupational group</h1>
<table id="ep_table_101">
<caption><span>Table 1.1 Employment by major occupational group, {base} and projected {projected}</span>
<span>(Numbers in thousands)</span></caption>
<thead>{head_1}{head_2}</thead>
<tbody>
{"".join(body)}
</tbody>
<tfoot><tr><td colspan="9">(1) Our note on the wage data.</td></tr></tfoot>
</table>
</div></body></html>
"""


# ----------------------------------------------------------------------------------------------- NHA


def render_nha(year: str = "2025", shares: list[tuple[str, str]] | None = None, *, heading: str = "") -> str:
    """`shares`: (percent, role as the sentence names it)."""
    shares = (
        shares
        if shares is not None
        else [("72", "medical assistants"), ("47", "medical administrative assistants")]
    )
    sentences = "".join(
        f"<p>In the survey, {pct}% of employers require or encourage certification for {escape(role)}.</p>"
        for pct, role in shares
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{year} Industry Outlook | NHA</title></head>
<body>
<header><nav><a href="/">Home</a></nav></header>
<main>
<h1>The {year} Industry Outlook</h1>
<p>Our yearly look at hiring across allied health.</p>
{heading}
{sentences}
<p><a href="/outlook/download">Get the full report</a></p>
</main>
</body></html>
"""


# -------------------------------------------------------------------------------------- ZipRecruiter

ZIP_CITIES = [
    ("Soledad, CA", 66508),
    ("Nome, AK", 55153),
    ("Berkeley, CA", 54439),
    ("Berlin Corners, VT", 54340),
    ("Atherton, CA", 53885),
]


def _equivalents(annual: int) -> tuple[str, str, str]:
    return (f"${annual / 12:,.0f}", f"${annual / 52:,.0f}", f"${annual / 2080:,.2f}")


def render_ziprecruiter(
    annual: int = 44460,
    as_of: str = "Jan 20, 2025",
    cities: list[tuple[str, int]] | None = None,
    title: str = "Medical Administration Assistant",
) -> str:
    cities = ZIP_CITIES if cities is None else cities
    monthly, weekly, hourly = _equivalents(annual)
    rows = "".join(
        f"<tr><td>{escape(city)}</td><td>${pay:,}</td>"
        + "".join(f"<td>{value}</td>" for value in _equivalents(pay))
        + "</tr>"
        for city, pay in cities
    )
    table = (
        f"<h2>Top paying cities for {escape(title)} jobs</h2>"
        "<table><thead><tr><th>City</th><th>Annual Salary</th><th>Monthly Pay</th><th>Weekly Pay</th>"
        f"<th>Hourly Wage</th></tr></thead><tbody>{rows}</tbody></table>"
        if cities
        else ""
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(title)} Salary</title></head>
<body><main>
<h1>{escape(title)} Salary</h1>
<p>As of {as_of}, the average annual pay for a {escape(title)} in the United States is ${annual:,} a year.</p>
<p>Put another way, that comes to about {hourly} an hour, {weekly}/week or {monthly}/month.</p>
{table}
</main></body></html>
"""


CHALLENGE_PAGE = (
    "<!DOCTYPE html><html><head><title>Just a moment...</title></head>"
    "<body><div id='challenge-running'>Checking your browser</div></body></html>"
)


# ---------------------------------------------------------------------------------------------- AAMA


def render_aama(count: str = "70,362", as_of: str = "October 2024", months: str = "60") -> str:
    count_sentence = f"<p>{count} CMAs (AAMA) held a current credential as of {as_of}.</p>" if count else ""
    months_sentence = f"<p>A CMA (AAMA) must recertify every {months} months to keep the credential.</p>"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>CMA (AAMA) Certification</title></head>
<body><main>
<h1>The CMA (AAMA) credential</h1>
{count_sentence}
{months_sentence}
</main></body></html>
"""


# ------------------------------------------------------------------------------------------- BLS API


def api_answer(
    points: dict[str, tuple[str, str]],
    *,
    missing: list[str] = (),
    empty: list[str] = (),
    status: str = "REQUEST_SUCCEEDED",
    messages: list[str] | None = None,
    footnotes: dict[str, str] | None = None,
) -> bytes:
    """An answer of the BLS API: `points` series id -> (year, value); `missing` series get the API's
    "does not exist" message; `empty` series are listed with no data; `footnotes` series id -> text."""
    notes = footnotes or {}
    series = [
        {
            "seriesID": sid,
            "data": [
                {
                    "year": year,
                    "period": "A01",
                    "periodName": "Annual",
                    "latest": "true",
                    "value": value,
                    "footnotes": [{"code": "5", "text": notes[sid]}] if sid in notes else [{}],
                }
            ],
        }
        for sid, (year, value) in points.items()
    ] + [{"seriesID": sid, "data": []} for sid in empty]
    said = list(messages or []) + [f"Series does not exist for Series {sid}" for sid in missing]
    answer: dict = {"status": status, "responseTime": 42, "message": said}
    if status == "REQUEST_SUCCEEDED":
        answer["Results"] = {"series": series}
    return json.dumps(answer, indent=1).encode()
