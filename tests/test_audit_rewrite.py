"""The rewrite's rules on their own: figures written in the printed style, period words in their own
form, shared period words left alone when a figure they date stays, and every other character kept."""

from __future__ import annotations

import pytest

from transforms.audit import AuditRow, printed_equals
from transforms.rewrite import format_like, rewrite


@pytest.mark.parametrize(
    ("printed", "value", "expected"),
    [
        ("$87,530", 94260, "$94,260"),
        ("$87530", 94260, "$94260"),
        ("7 percent", 7.3, "7 percent"),
        ("7 percent", 12, "12 percent"),
        ("12.5%", 9.25, "9.2%"),
        ("16,400", 15350, "15,350"),
        ("591,300", 1204000, "1,204,000"),
        ("$20.83", 21.5, "$21.50"),
        ("3.2 million", 3345600, "3.3 million"),
        ("$1.1 million", 1250000, "$1.2 million"),
        ("$45k", 47120, "$47k"),
        ("950", 1020, "1,020"),
    ],
)
def test_values_are_written_in_the_printed_style(printed, value, expected):
    assert format_like(printed, value) == expected


@pytest.mark.parametrize(
    ("printed", "value", "stored", "same"),
    [
        ("3.2 million", 3_200_000, 3_213_400, True),
        ("3.2 million", 3_200_000, 3_260_000, False),
        ("7 percent", 7, 7.3, True),
        ("$87,530", 87530, 87540, False),
        ("$20.83", 20.83, 20.83, True),
        ("-3 percent", -3, 3, False),
    ],
)
def test_values_compare_at_the_printed_precision(printed, value, stored, same):
    assert printed_equals(printed, value, stored) is same


def row(text: str, body: str, status: str, period: str | None, now: float | None, now_period: str | None,
        value: float, metric: str = "median_pay_annual", occurrence: int = 0) -> AuditRow:  # fmt: skip
    start = -1
    for _ in range(occurrence + 1):
        start = body.index(text, start + 1)
    return AuditRow(
        document="t", text=text, start=start, end=start + len(text), value=value, unit="USD/year",
        qualifier=None, attributed_to="BLS", source="bls-ooh", metric=metric, soc_code="29-1292",
        occupation="Dental hygienists", area="US", industry=None, period=period, status=status,
        current_value=now, current_period=now_period,
    )  # fmt: skip


def test_period_forms_follow_the_text():
    body = (
        "Jobs are projected to grow 9 percent over 2023-33. Openings: 15,300 a year through 2033.\n"
        "Pay was $87,530 (May 2023) and employment stood near 3.2 million in 2023.\n"
    )
    rows = [
        row("9 percent", body, "outdated", "2023-2033", 7, "2024-2034", 9, "employment_change_pct"),
        row("15,300", body, "outdated", "2023-2033", 15400, "2024-2034", 15300, "openings_per_year"),
        row("$87,530", body, "outdated", "2023", 94260, "2024", 87530),
        row("3.2 million", body, "outdated", "2023", 3345600, "2024", 3200000, "employment"),
    ]
    result = rewrite(body, rows)
    assert result.text == (
        "Jobs are projected to grow 7 percent over 2024-34. Openings: 15,400 a year through 2034.\n"
        "Pay was $94,260 (May 2024) and employment stood near 3.3 million in 2024.\n"
    )
    assert result.skipped == []


def test_shared_period_words_stay_when_a_figure_they_date_is_current():
    body = "In May 2023 the median was $87,530 and the lowest tenth earned under $65,110.\n"
    rows = [
        row("$87,530", body, "outdated", "2023", 94260, "2024", 87530),
        row("$65,110", body, "current", "2023", 65110, "2023", 65110, "pay_p10_annual"),
    ]
    result = rewrite(body, rows)
    assert result.text == "In May 2023 the median was $94,260 and the lowest tenth earned under $65,110.\n"
    assert any("2023" in reason and "left as it was" in reason for reason in result.skipped)


def test_a_change_of_direction_is_left_for_a_person():
    body = "Employment is projected to decline 3 percent from 2023 to 2033.\n"
    rows = [row("3 percent", body, "outdated", "2023-2033", 2, "2024-2034", -3, "employment_change_pct")]
    result = rewrite(body, rows)
    assert result.text == body
    assert "from decline to growth" in result.skipped[0]


def test_nothing_outside_the_changed_spans_moves():
    body = "Intro ¶ with “quotes”,\ttabs and 2023 elsewhere.\n\nDental pay: $87,530 in 2023.\r\nEnd 2023\n"
    rows = [row("$87,530", body, "outdated", "2023", 94260, "2024", 87530)]
    result = rewrite(body, rows)
    spans = [(c.start, c.end) for c in result.changes]
    assert [body[s:e] for s, e in spans] == ["$87,530", "2023"]
    kept_before = body[: spans[0][0]]
    assert result.text.startswith(kept_before)
    assert result.text.endswith(body[spans[-1][1] :])
    assert result.text == body.replace("$87,530 in 2023", "$94,260 in 2024")


def test_period_words_before_the_sentence_move_only_when_nearest():
    body = (
        "Our program opened in 2023. Data for May 2023 follow. The median was $87,530.\nSince 2023 we grew.\n"
    )
    rows = [row("$87,530", body, "outdated", "2023", 94260, "2024", 87530)]
    result = rewrite(body, rows)
    assert result.text == (
        "Our program opened in 2023. Data for May 2024 follow. The median was $94,260.\nSince 2023 we grew.\n"
    )
