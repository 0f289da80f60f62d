"""Builds small Occupational Outlook Handbook pages for tests and for `examples/replay/`.

The markup follows what the parser relies on in real handbook pages (tab divs, a quick facts table headed
"Quick Facts: ...", lead-in sentences ending "as follows:", a projections table with a caption, a two-row
header and a footer); the wording is ours and the figures are real BLS figures passed in by the caller.
`browser_form=True` adds what a browser's scripts add (`id="outlook-table"`, `data-label` attributes).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape


@dataclass
class ProjectionRow:
    title: str
    soc: str  # "—" where the handbook prints a dash
    employment: str
    projected: str
    change_pct: str
    change: str
    group: bool = False


@dataclass
class OohPage:
    title: str  # "Medical Assistants"
    plural: str  # "medical assistants"
    date: str = "2025-08-28"
    pay_year: str = "2024"
    pay_text: str = "$44,200 per year <br>$21.25 per hour"
    education: str = "Postsecondary nondegree award"
    experience: str = "None"
    training: str = "None"
    base_year: str = "2024"
    projected_year: str = "2034"
    span_label: str = "2024\u201334"
    jobs: str = "811,000"
    outlook: str = "12% (Much faster than average)"
    change: str = "101,200"
    employers: list[tuple[str, str]] = field(default_factory=list)
    pay_sentence: str = ""
    industry_pay_kind: str = "annual"
    industry_pay: list[tuple[str, str]] = field(default_factory=list)
    openings: str = "112,300"
    rows: list[ProjectionRow] = field(default_factory=list)
    quick_facts: bool = True
    # Optional extras of pages that cover several detailed occupations (all default to absent):
    # "Employment in the detailed occupations that make up ... was distributed as follows:" rows
    detailed_employment: list[tuple[str, str]] = field(default_factory=list)
    # more largest-employer tables, one per detailed occupation: (occupation as named, rows)
    more_employers: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)
    # more pay paragraphs (e.g. one median + percentiles sentence per detailed occupation)
    more_pay_sentences: list[str] = field(default_factory=list)
    # more top-industry wage tables, one per detailed occupation: (occupation as named, rows)
    more_industry_pay: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)
    # wages by detailed occupation; "median" reads "Median annual wages for ... were as follows:",
    # "mean" reads like the physicians page (means, which the parser must not take for medians)
    detailed_pay: list[tuple[str, str]] = field(default_factory=list)
    detailed_pay_kind: str = "median"
    # bar charts: (label, printed figure) bars of "Median <kind> wages, May <year>" (pay tab) and
    # "Percent change in employment, projected <span>" (job outlook tab)
    pay_chart: list[tuple[str, str]] = field(default_factory=list)
    change_chart: list[tuple[str, str]] = field(default_factory=list)


def render(page: OohPage, browser_form: bool = False) -> str:
    qf = _quick_facts(page) if page.quick_facts else ""
    return f"""<!DOCTYPE html>
<html lang="en-us">
<head>
<meta charset="utf-8">
<title>{escape(page.title)} : Occupational Outlook Handbook</title>
<meta name="date" content="{page.date}">
</head>
<body>
<div id="main-content">
<ul class="tabs">
<li><a class="tab_link" href="#tab-1">Summary</a></li>
<li><a class="tab_link" href="#tab-3">Work Environment</a></li>
<li><a class="tab_link" href="#tab-5">Pay</a></li>
<li><a class="tab_link" href="#tab-6">Job Outlook</a></li>
</ul>
<div id="panes">
<div id="tab-1">
<article>
<h2>Summary</h2>
{qf}
<h3><a class="tab_link" href="#tab-6">Job Outlook</a></h3>
<p>Openings: about {page.openings} openings for {escape(page.plural)} are projected each year, on
average, across the projection decade.</p>
</article>
</div>
<div id="tab-2"><article><h2>What They Do</h2><p>Duties vary.</p></article></div>
<div id="tab-3">
<article>
<h2>Work Environment</h2>
{_table_after(f"In {page.base_year}, the {escape(page.plural)} occupations added up to about {page.jobs} jobs. Employment in the detailed occupations that make up {escape(page.plural)} was distributed as follows:", page.detailed_employment)}
{_table_after(f"In {page.base_year}, {escape(page.plural)} held about {page.jobs} jobs. The largest employers of {escape(page.plural)} were as follows:", page.employers)}
{"".join(_table_after(f"Counting {escape(name)} alone, the largest employers of {escape(name)} were as follows:", rows) for name, rows in page.more_employers)}
</article>
</div>
<div id="tab-4"><article><h2>How to Become One</h2><p>Training varies.</p></article></div>
<div id="tab-5">
<article>
<h2>Pay</h2>
{_chart(page.title, f"Median {page.industry_pay_kind} wages, May {page.pay_year}", page.pay_chart)}
<p>{page.pay_sentence}</p>
{"".join(f"<p>{sentence}</p>" for sentence in page.more_pay_sentences)}
{_detailed_pay(page)}
{_table_after(f"In May {page.pay_year}, the median {page.industry_pay_kind} wages for {escape(page.plural)} in the top industries in which they worked were as follows:", page.industry_pay)}
{"".join(_table_after(f"In May {page.pay_year}, the median {page.industry_pay_kind} wages for {escape(name)} in the top industries in which they worked were as follows:", rows) for name, rows in page.more_industry_pay)}
</article>
</div>
<div id="tab-6">
<article>
<h2>Job Outlook</h2>
{_chart(page.title, f"Percent change in employment, projected {page.span_label}", page.change_chart)}
<p>Employment of {escape(page.plural)} is projected to change {page.outlook.split(" ")[0]} from
{page.base_year} to {page.projected_year}.</p>
<p>About {page.openings} openings for {escape(page.plural)} are projected each year, on average, over the
decade.</p>
{_projections(page, browser_form)}
</article>
</div>
<div id="tab-7"><article><h2>State &amp; Area Data</h2></article></div>
<div id="tab-8"><article><h2>Similar Occupations</h2></article></div>
<div id="tab-9"><article><h2>Contacts for More Information</h2></article></div>
</div>
</div>
</body>
</html>
"""


def _quick_facts(page: OohPage) -> str:
    rows = [
        (f"{page.pay_year} Median Pay", page.pay_text),
        ("Typical Entry-Level Education", escape(page.education)),
        ("Work Experience in a Related Occupation", escape(page.experience)),
        ("On-the-job Training", escape(page.training)),
        (f"Number of Jobs, {page.base_year}", page.jobs),
        (f"Job Outlook, {page.span_label}", escape(page.outlook)),
        (f"Employment Change, {page.span_label}", page.change),
    ]
    body = "\n".join(
        f'<tr><th scope="row"><a href="#qf">{label}</a></th><td>\n    {value}\n</td></tr>'
        for label, value in rows
    )
    return f"""<table class="regular-text tooltips" id="quickfacts">
<thead><tr><th colspan="2">Quick Facts: {escape(page.title)}</th></tr></thead>
<tbody>
{body}
</tbody>
</table>"""


def _table_after(sentence: str, rows: list[tuple[str, str]]) -> str:
    if not rows:
        return ""
    body = "\n".join(
        f'<tr><td>{escape(label)}</td><td style="text-align:right;">{value}</td></tr>'
        for label, value in rows
    )
    return f'<p>{sentence}</p>\n<table class="ooh-tab-table"><tbody>\n{body}\n</tbody></table>'


def _chart(title: str, caption: str, bars: list[tuple[str, str]]) -> str:
    if not bars:
        return ""
    body = "".join(
        f'<dt><span>{escape(label)}</span></dt><dd><div class="value"><p><span> {value} </span></p></div></dd>'
        for label, value in bars
    )
    legend = '<dt>&nbsp;</dt><dd class="legend"><div><p><span></span></p></div></dd>'
    return (
        f'<div class="ooh-chart"><h3>{escape(title)}</h3><p>{caption}</p><dl>{body}{legend}</dl>'
        '<p class="footer">Note: bars compare the occupation with broader groups.</p></div>'
    )


def _detailed_pay(page: OohPage) -> str:
    if page.detailed_pay_kind == "mean":
        sentence = (
            f"Median wages are not published for each kind of {escape(page.plural)}; instead, mean "
            f"(average) annual wages for {escape(page.plural)} in May {page.pay_year} were as follows:"
        )
    else:
        sentence = f"Median annual wages for {escape(page.plural)} in May {page.pay_year} were as follows:"
    return _table_after(sentence, page.detailed_pay)


def _projections(page: OohPage, browser_form: bool) -> str:
    if not page.rows:
        return ""
    table_id = ' id="outlook-table"' if browser_form else ""

    def label(text: str) -> str:
        return f' data-label="{text}"' if browser_form else ""

    body = []
    for row in page.rows:
        cls = ' class="greenbar"' if row.group else ""
        p = "<p>" if row.group else '<p class="sub1">'
        link = "\u2014" if row.soc == "\u2014" else '<a href="https://data.bls.gov/projections/">Get data</a>'
        body.append(
            f"<tr{cls}>"
            f'<th scope="row"{label(" ")}>{p}<strong>{escape(row.title)}</strong></p></th>'
            f"<td{label('SOC Code:')}>{row.soc}</td>"
            f"<td{label('employment:')}>{row.employment}</td>"
            f"<td{label('projected employment:')}>{row.projected}</td>"
            f"<td{label('change (percent):')}>{row.change_pct}</td>"
            f"<td{label('change (numeric):')}>{row.change}</td>"
            f"<td{label('employment by industry:')}>{link}</td>"
            "</tr>"
        )
    rows = "\n".join(body)
    return f"""<table class="regular"{table_id}>
<caption><span class="tableTitle">Employment projections data for {escape(page.plural)}, {page.span_label}</span></caption>
<thead>
<tr>
<th rowspan="2" scope="col">Occupational Title</th>
<th rowspan="2" scope="col">SOC Code</th>
<th rowspan="2" scope="col">Employment, {page.base_year}</th>
<th rowspan="2" scope="col">Projected Employment, {page.projected_year}</th>
<th colspan="2" scope="colgroup">Change, {page.span_label}</th>
<th rowspan="2" colspan="2" scope="col">Employment by Industry</th>
</tr>
<tr><th scope="col">Percent</th><th scope="col">Numeric</th></tr>
</thead>
<tfoot><tr><td colspan="8"><p class="footnotes">SOURCE: BLS Employment Projections program</p></td></tr></tfoot>
<tbody>
{rows}
</tbody>
</table>"""


def render_index(links: list[tuple[str, str]]) -> str:
    """A small A-Z index: navigation links that are not occupations, then (title, href) entries, each
    job title linking to the page that covers it (so pages repeat, as on the real index)."""
    items = "\n".join(
        f'<li><a href="{escape(href)}">{escape(title)}</a>, see: <a href="{escape(href)}">{escape(title)}</a></li>'
        for title, href in links
    )
    return f"""<!DOCTYPE html>
<html lang="en-us"><head><meta charset="utf-8"><title>A-Z Index : Occupational Outlook Handbook</title></head>
<body>
<ul id="ooh-main-nav">
<li><a href="https://www.bls.gov/ooh/home.htm">OOH home</a></li>
<li><a href="https://www.bls.gov/ooh/about/ooh-faqs.htm">OOH FAQ</a></li>
<li><a href="https://www.bls.gov/ooh/how-to-find-a-job/home.htm">How to find a job</a></li>
<li><a href="https://www.bls.gov/ooh/a-z-index.htm#A">A</a></li>
<li><a href="https://data.bls.gov/ooh/about/ooh-faqs.htm">Contact</a></li>
</ul>
<div id="main-content"><h1>A-Z Index</h1>
<ul>
{items}
</ul></div>
</body></html>
"""


def medical_assistants_2025() -> OohPage:
    """The 2025 edition's figures for medical assistants (31-9092)."""
    return OohPage(
        title="Medical Assistants",
        plural="medical assistants",
        employers=[
            ("Offices of physicians", "57%"),
            ("Hospitals; state, local, and private", "17"),
            ("Outpatient care centers", "10"),
            ("Offices of other health practitioners", "7"),
        ],
        pay_sentence=(
            "Median annual wage, May 2024: $44,200. The lowest 10 percent earned less than $35,020, "
            "and the highest 10 percent earned more than $57,830."
        ),
        industry_pay=[
            ("Outpatient care centers", "$47,560"),
            ("Hospitals; state, local, and private", "45,930"),
            ("Offices of physicians", "43,880"),
            ("Offices of other health practitioners", "37,510"),
        ],
        rows=[ProjectionRow("Medical assistants", "31-9092", "811,000", "912,200", "12", "101,200", True)],
    )


def medical_assistants_2024() -> OohPage:
    """The previous edition (2023 employment, 2023-33 projections), the figures the guide quotes."""
    return OohPage(
        title="Medical Assistants",
        plural="medical assistants",
        date="2024-08-29",
        pay_year="2023",
        pay_text="$42,000 per year <br>$20.19 per hour",
        base_year="2023",
        projected_year="2033",
        span_label="2023\u201333",
        jobs="783,900",
        outlook="15% (Much faster than average)",
        change="118,000",
        employers=[
            ("Offices of physicians", "56%"),
            ("Hospitals; state, local, and private", "16"),
            ("Outpatient care centers", "9"),
            ("Offices of other health practitioners", "8"),
        ],
        pay_sentence=(
            "Median annual wage, May 2023: $42,000. The lowest 10 percent earned less than $34,170, "
            "and the highest 10 percent earned more than $56,480."
        ),
        industry_pay=[
            ("Outpatient care centers", "$46,090"),
            ("Hospitals; state, local, and private", "44,350"),
            ("Offices of physicians", "40,670"),
        ],
        openings="119,800",
        rows=[ProjectionRow("Medical assistants", "31-9092", "783,900", "901,900", "15", "118,000", True)],
    )


def secretaries_2025() -> OohPage:
    """Secretaries and administrative assistants (43-6000), with medical secretaries (43-6013)."""
    return OohPage(
        title="Secretaries and Administrative Assistants",
        plural="secretaries and administrative assistants",
        pay_text="$47,460 per year <br>$22.82 per hour",
        education="High school diploma or equivalent",
        experience="See How to Become One",
        training="See How to Become One",
        jobs="3,453,100",
        outlook="0% (Little or no change)",
        change="-12,400",
        employers=[
            ("Healthcare and social assistance", "30%"),
            ("Educational services; state, local, and private", "14"),
            ("Professional, scientific, and technical services", "11"),
            ("Government, excluding state and local education and hospitals", "8"),
            ("Religious, grantmaking, civic, professional, and similar organizations", "6"),
        ],
        pay_sentence=(
            "Median annual wage, May 2024: $47,460. The lowest 10 percent earned less than $33,840, "
            "and the highest 10 percent earned more than $76,550."
        ),
        industry_pay=[
            ("Professional, scientific, and technical services", "$52,120"),
            ("Government, excluding state and local education and hospitals", "51,540"),
            ("Religious, grantmaking, civic, professional, and similar organizations", "48,530"),
            ("Educational services; state, local, and private", "48,230"),
            ("Healthcare and social assistance", "45,110"),
        ],
        openings="358,300",
        rows=[
            ProjectionRow(
                "Secretaries and administrative assistants",
                "43-6000",
                "3,453,100",
                "3,440,800",
                "0",
                "-12,400",
                True,
            ),
            ProjectionRow(
                "Executive secretaries and executive administrative assistants",
                "43-6011",
                "502,800",
                "494,900",
                "-2",
                "-7,900",
            ),
            ProjectionRow(
                "Legal secretaries and administrative assistants",
                "43-6012",
                "156,300",
                "147,300",
                "-6",
                "-9,000",
            ),
            ProjectionRow(
                "Medical secretaries and administrative assistants",
                "43-6013",
                "850,000",
                "885,300",
                "4",
                "35,300",
            ),
            ProjectionRow(
                "Secretaries and administrative assistants, except legal, medical, and executive",
                "43-6014",
                "1,944,000",
                "1,913,200",
                "-2",
                "-30,800",
            ),
        ],
    )


def software_developers_2025() -> OohPage:
    """A page covering two detailed occupations under a group row whose SOC code is a dash, with one
    largest-employers table, one pay paragraph and one top-industries table per detailed occupation."""
    return OohPage(
        title="Software Developers, Quality Assurance Analysts, and Testers",
        plural="software developers, quality assurance analysts, and testers",
        pay_text="$131,450 per year <br>$63.20 per hour",
        education="Bachelor's degree",
        jobs="1,895,500",
        outlook="15% (Much faster than average)",
        change="287,900",
        openings="129,200",
        more_employers=[
            (
                "software developers",
                [
                    ("Computer systems design and related services", "30%"),
                    ("Finance and insurance", "10"),
                    ("Software publishers", "9"),
                ],
            ),
            (
                "software quality assurance analysts and testers",
                [
                    ("Computer systems design and related services", "30%"),
                    ("Finance and insurance", "12"),
                    ("Administrative and support services", "5"),
                ],
            ),
        ],
        pay_sentence=(
            "For software developers, the median annual wage was reported below. The median annual wage "
            "for software developers was $133,080 in May 2024. Half earned more. The lowest 10 percent "
            "earned less than $79,850, and the highest 10 percent earned more than $211,450."
        ),
        more_pay_sentences=[
            "The median annual wage for software quality assurance analysts and testers was $102,610 in "
            "May 2024. The lowest 10 percent earned less than $60,690, and the highest 10 percent earned "
            "more than $166,960."
        ],
        more_industry_pay=[
            ("software developers", [("Software publishers", "$149,990"), ("Manufacturing", "134,910")]),
            (
                "software quality assurance analysts and testers",
                [("Manufacturing", "$125,990"), ("Administrative and support services", "102,620")],
            ),
        ],
        rows=[
            ProjectionRow(
                "Software developers, quality assurance analysts, and testers",
                "\u2014",
                "1,895,500",
                "2,183,300",
                "15",
                "287,900",
                True,
            ),
            ProjectionRow("Software developers", "15-1252", "1,693,800", "1,961,400", "16", "267,700"),
            ProjectionRow(
                "Software quality assurance analysts and testers",
                "15-1253",
                "201,700",
                "221,900",
                "10",
                "20,200",
            ),
        ],
    )


def actors_2025() -> OohPage:
    """An hourly-only occupation: pay, percentiles and the top-industries table are all hourly."""
    return OohPage(
        title="Actors",
        plural="actors",
        pay_text="$23.33 per hour",
        jobs="57,000",
        outlook="0% (Little or no change)",
        change="200",
        openings="6,300",
        pay_sentence=(
            "The median hourly wage for actors was $23.33 in May 2024. Half of them earned more than that. "
            "The lowest 10 percent earned less than $14.00, and the highest 10 percent earned more than "
            "$97.19."
        ),
        industry_pay_kind="hourly",
        industry_pay=[
            ("Theater companies and dinner theaters", "$27.07"),
            ("Amusement parks and arcades", "18.95"),
        ],
        rows=[ProjectionRow("Actors", "27-2011", "57,000", "57,100", "0", "200", True)],
    )
