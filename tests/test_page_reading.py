"""Reading a handbook page's tree: the shortcuts taken for speed give what the plain reading gives.

Tabs are found through libxml2's id index, a childless cell's text is read from `.text`, paragraphs inside
tables are found from the tables down, and a cell that is only a figure skips the general number reader.
Each shortcut is checked here on the markup where it could go wrong.
"""

from __future__ import annotations

import pickle
import re

import pytest

from extractors.fact import Fact, ParseResult
from extractors.parsing.numbers import parse_number
from extractors.parsing.page import (
    column_labels,
    load_page,
    match_case,
    paragraphs,
    sentences,
    table_rows,
    text_of,
)
from extractors.sources.bls_ooh.occupations import name_key


def _page(panes: str) -> str:
    return f'<html><body><div id="panes">{panes}</div><footer>site</footer></body></html>'


def test_a_tab_is_the_first_div_with_its_id_even_when_another_element_has_that_id_first():
    tree = load_page(
        _page(
            '<a name="tab-5">anchor</a><span id="tab-6">label</span>'
            '<div id="tab-5">pay</div><div id="tab-5">second pay</div><div id="tab-6">outlook</div>'
        )
    )
    assert text_of(tree.tab(5)) == "pay"
    assert text_of(tree.tab(6)) == "outlook"
    assert tree.tab(7) is None


def test_cell_text_is_every_descendant_text_with_spaces_collapsed():
    tree = load_page(
        _page(
            '<div id="tab-1"><table><tr><td>  Offices&nbsp;of\n physicians </td>'
            "<td>57<!-- note -->%</td><td><p><strong>Total,</strong> all<br>occupations</p></td>"
            '<td colspan="2">wide</td><td></td></tr></table></div>'
        )
    )
    (table,) = tree.tables()
    assert table_rows(table) == [
        ("table", ["Offices of physicians", "57%", "Total, all occupations", "wide", "wide", ""])
    ]


def test_body_rows_are_the_rows_outside_thead_and_tfoot_of_the_table_itself():
    tree = load_page(
        _page(
            "<table><thead><tr><th>Title</th><th>Jobs</th></tr></thead>"
            "<tfoot><tr><td colspan='2'>Source</td></tr></tfoot>"
            "<tbody><tr><td>Medical assistants</td><td>811,000</td></tr>"
            "<tr><td><table><thead><tr><th>inner</th></tr></thead></table></td><td>1</td></tr></tbody>"
            "<tr><td>Direct row</td><td>2</td></tr></table>"
        )
    )
    outer, inner = tree.tables()
    every = table_rows(outer)
    assert table_rows(outer, body_only=True) == [row for row in every if row[0] not in ("thead", "tfoot")]
    assert [cells[0] for _, cells in table_rows(outer, body_only=True)] == [
        "Medical assistants",
        "inner",
        "Direct row",
    ]
    assert [section for section, _ in table_rows(inner)] == ["thead"]
    (plain,) = load_page(_page("<table><tr><th>a</th></tr><tr><td>b</td></tr></table>")).tables()
    assert [section for section, _ in table_rows(plain)] == ["table", "table"]


def test_a_header_cell_spanning_columns_and_rows_is_read_once_and_labels_each_column():
    tree = load_page(
        _page(
            "<table><tr><th rowspan='2'>Title</th><th colspan='2'>Change, 2024–34</th></tr>"
            "<tr><th>Percent</th><th>Numeric</th></tr></table>"
        )
    )
    (table,) = tree.tables()
    read: list[str] = []

    def label(cell) -> str:
        read.append(text_of(cell))
        return text_of(cell)

    assert column_labels(list(table.iter("tr")), label) == [
        "Title",
        "Change, 2024–34 Percent",
        "Change, 2024–34 Numeric",
    ]
    assert sorted(read) == sorted(["Title", "Change, 2024–34", "Percent", "Numeric"])


def test_tables_captions_and_charts_are_collected_in_document_order_as_the_page_loads():
    tree = load_page(
        _page(
            "<dl><dt>a</dt></dl><table><caption>First</caption><tr><td>x<br>y</td></tr></table>"
            "<div><table><caption>Second</caption></table><dl><dt>b</dt></dl></div>"
        )
    )
    assert [text_of(c) for c in tree.captions] == ["First", "Second"]
    assert [text_of(t.find("caption")) for t in tree.tables()] == ["First", "Second"]
    assert [text_of(d) for d in tree.definition_lists] == ["a", "b"]
    assert table_rows(tree.tables()[0]) == [("table", ["x y"])]


def test_a_fact_built_positionally_or_by_keyword_equals_itself_and_stays_frozen():
    fact = Fact("bls-ooh", "employment", "31-9092", "Medical assistants", "2024", 811000, "jobs")
    same = Fact(
        source="bls-ooh", metric="employment", soc_code="31-9092", occupation="Medical assistants",
        period="2024", value=811000, unit="jobs", area="US", industry=None, qualifier=None,
    )  # fmt: skip
    assert fact == same and hash(fact) == hash(same)
    assert fact.as_dict()["area"] == "US" and fact.qualifier is None
    with pytest.raises(AttributeError):
        fact.value = 1  # type: ignore[misc]


def test_paragraphs_skip_those_inside_tables_at_any_depth():
    tree = load_page(
        _page(
            '<div id="tab-6"><p>First.</p><table><tr><td><div><p>In a cell.</p></div></td></tr></table>'
            "<div><p>Second.</p></div></div>"
        )
    )
    assert list(paragraphs(tree.tab(6))) == ["First.", "Second."]


def test_a_container_inside_a_table_has_no_paragraphs_outside_tables():
    tree = load_page(_page('<table><tr><td><div id="tab-6"><p>In a cell.</p></div></td></tr></table>'))
    assert list(paragraphs(tree.tab(6))) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,895,500", 1895500),
        ("$47,560", 47560),
        ("57%", 57),
        ("23.33", 23.33),
        ("1,,", 1),
        ("12,", 12),
        ("1,2,,3", 123),
        ("007", 7),
        ("\u0661\u0662", 12),  # digits of another script, as `\d` and `int` read them
        ("\u00b2", None),  # a digit that is not a decimal one
        ("$47,560 per year", 47560),
        (" 12 ", 12),
        ("3.2 million", 3200000),
        ("\u2013 12,400", -12400),
        ("\u2014", None),
        ("$5%", 5),  # a sign and a percent: the pattern allows both
        ("5,%", 5),
        ("$,5", 5),  # no digit right after the sign: the general reader finds the 5
        ("$\u0661\u0662", 12),
        ("12% (Much faster than average)", 12),
        ("$", None),
        ("%", None),
    ],
)
def test_figures_read_the_same_whether_plain_or_worded(text, value):
    number = parse_number(text)
    assert number == value and type(number) is type(value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pay rose. It fell! Did it? Yes.", ["Pay rose.", "It fell!", "Did it?", "Yes."]),
        ("a. . B", ["a. .", "B"]),  # a mark before a mark is no sentence end
        ("Pay.\n\t  “Quoted” text. (Aside) here", ["Pay.", "“Quoted” text.", "(Aside) here"]),
        (
            "U.S. employment rose. no capital follows. Next",
            ["U.S. employment rose. no capital follows.", "Next"],
        ),
        ("  Leading space. Trailing space.  ", ["  Leading space.", "Trailing space.  "]),
        ("", []),
    ],
)
def test_sentences_end_at_a_mark_and_space_before_a_capital_quote_or_parenthesis(text, expected):
    assert sentences(text) == expected
    # what splitting at the space alone gives (the definition the reader has always used)
    assert expected == [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z\"“(])", text) if s]


def test_header_labels_follow_the_spans_as_well_as_the_texts():
    """Labels are worked out once per header shape: the same texts under other spans label otherwise."""
    one_row = load_page(_page("<table><tr><th>A</th><th>B</th><th>C</th></tr></table>")).tables()[0]
    spanned = load_page(
        _page("<table><tr><th colspan='2'>A</th><th>B</th></tr><tr><th>C</th></tr></table>")
    ).tables()[0]
    assert column_labels(list(one_row.iter("tr"))) == ["A", "B", "C"]
    assert column_labels(list(spanned.iter("tr"))) == ["A C", "A", "B"]
    assert column_labels(list(one_row.iter("tr")), lambda cell: text_of(cell).lower()) == ["a", "b", "c"]


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Surgeons, All Other", "surgeons all other"),
        ("The  Physicians' offices", "physicians offices"),
        ("Physicians\u2019 offices", "physicians offices"),
        ("Overall Médecins – all", "m decins all"),  # beyond ASCII: by the pattern, letter by letter
        ("Hospitals; state, local, and private", "hospitals state local and private"),
    ],
)
def test_occupation_names_are_keyed_alike_in_ascii_and_beyond(name, key):
    assert name_key(name) == key


def test_a_row_in_a_wrapper_inside_the_table_is_the_tables_and_a_nested_tables_rows_are_not():
    table = load_page(
        _page(
            "<table><tbody><tr><td>a</td><td>1</td></tr></tbody>"
            "<tr><td><table><tr><td>inner</td></tr></table></td><td>2</td></tr></table>"
        )
    ).tables()[0]
    assert [cells for _, cells in table_rows(table)] == [["a", "1"], ["inner", "2"]]


@pytest.mark.parametrize(
    ("text", "word", "found"),
    [
        ("The MEDIAN annual wage", "median", True),
        ("The lowest 10 percent \u2013 about", "lowest", True),
        ("Openings \u0131n the text", "in", True),  # dotless i, which case-insensitive patterns take for i
        ("The highe\u017ft 10 percent", "highest", True),  # long s
        ("The average wage", "median", False),
    ],
)
def test_match_case_finds_a_word_wherever_a_case_insensitive_pattern_would(text, word, found):
    assert (word in match_case(text)) is found
    assert (re.search(word, text, re.IGNORECASE) is not None) is found


def test_a_parse_result_crosses_processes_whole():
    result = ParseResult(
        facts=[
            Fact("bls-ooh", "employment", "29-2061", "Medical assistants", "2024", 811000, "jobs"),
            Fact(
                "bls-ooh",
                "industry_median_pay_hourly",
                None,
                "Cashiers",
                "2024",
                14.5,
                "USD/hour",
                industry="Gasoline stations",
                qualifier=">=",
            ),
        ],  # fmt: skip
        warnings=["page.htm: no quick facts table"],
        published="2025-04-18",
    )
    copy = pickle.loads(pickle.dumps(result))
    assert copy == result
    assert [type(fact) for fact in copy.facts] == [Fact, Fact]
    assert [fact.as_dict() for fact in copy.facts] == [fact._asdict() for fact in result.facts]
    assert pickle.loads(pickle.dumps(ParseResult([], []))) == ParseResult([], [])


def test_a_fact_stays_immutable_and_hashable_however_it_was_built():
    """Facts built by their constructor and by unpickling (`tuple.__new__`) are the same kind of record:
    immutable, equal and hashed by value, with the defaults filled in."""
    built = Fact("bls-ooh", "employment", "29-2061", "Medical assistants", "2024", 811000, "jobs")
    unpickled = pickle.loads(pickle.dumps(ParseResult([built], []))).facts[0]
    for fact in (built, unpickled):
        assert type(fact) is Fact and fact.area == "US" and fact.qualifier is None
        with pytest.raises(AttributeError):
            fact.value = 1  # type: ignore[misc]
    assert built == unpickled and hash(built) == hash(unpickled) and len({built, unpickled}) == 1
    assert built._replace(value=5).value == 5 and built.value == 811000


def test_paragraphs_having_a_word_are_chosen_by_it_and_read_with_whitespace_collapsed():
    tree = load_page(
        _page(
            '<div id="tab-6"><p>About  <b>100</b>\n openings are projected.</p><p>Nothing here.</p>'
            "<table><tr><td><p>Openings in a cell.</p></td></tr></table></div>"
        )
    )
    chosen = list(paragraphs(tree.tab(6), lambda text: "openings" in text.lower()))
    assert chosen == ["About 100 openings are projected."]
