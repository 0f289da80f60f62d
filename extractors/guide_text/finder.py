"""Every labor figure in a guide's text, read and mapped: what it measures, for whom, where and when.

The finder walks the number-shaped tokens of a text and keeps those whose words make them labor
figures (pay, employment, growth, openings), deciding for each the metric in the contract's vocabulary,
the occupation (from the sentence, the list's lead-in, the headings, else the occupation the guide is
about), the area, the industry, the period and the source it is attributed to. Figures attributed to
another source are kept (a report must show them) but never marked for mapping to BLS.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from extractors.guide_text import cues
from extractors.guide_text.attribution import BLS, heading_source, source_mentions
from extractors.guide_text.layout import Layout, Line, Sentence, layout_of
from extractors.guide_text.places import implied_spans_in, metro_name, spans_in, state_at, years_in
from extractors.guide_text.titles import Mention, OccupationTitles
from extractors.guide_text.tokens import Token, number_tokens

PROJECTION_METRICS = {
    "employment_change",
    "employment_change_pct",
    "openings_per_year",
    "employment_projected",
}
_INDUSTRY_LEAD = re.compile(r"industr|employer|sector|setting|in which they work", re.I)
_STATE_LEAD = re.compile(r"\bstates?\b", re.I)
_METRO_LEAD = re.compile(r"metro|metropolitan|\bcities\b|\bareas\b", re.I)
_THE_INDUSTRY = re.compile(r"\bthe ((?:[a-z&,'-]+ ){0,5}[a-z&'-]+) industry\b", re.I)
_EMPLOYED_BY = re.compile(
    r"\b(?:employed|working|work) (?:by|in|at|for) (?:the )?([\w&,.' -]{3,70}?)\s+"
    r"(?:industry\s+)?(?:earned|earn|made|make|were paid|received|averaged)\b"
)
_SUBJECT_VERB = re.compile(
    r"^\s*([A-Z][\w&' -]{2,50}?)\s+(?:pay|pays|paid|rank|ranks|offer|offers|offered)\b"
)
_LABEL_TRIM = re.compile(r"^\s*(?:[-*+\u2022]|\d{1,2}[.)])?\s*|[\s|:\u2013\u2014-]+$")


@dataclass(frozen=True)
class Figure:
    """One labor figure: `text == guide_text[start:end]`, read as `value` `unit` `qualifier`, and
    mapped to (`metric`, `soc_code`, `area`, `industry`, `period`). `attributed_to` is `BLS`, another
    source's name, or None when the text names none; `maps_to_bls` says whether the figure is to be
    checked against BLS series (never for another source's figures). `alternatives` lists other
    metrics the words allow (pay with no statistic named: median, else mean) for a caller that can
    pick the one whose value matches."""

    text: str
    start: int
    end: int
    value: int | float
    unit: str
    qualifier: str | None
    metric: str
    soc_code: str | None
    occupation: str | None
    area: str
    industry: str | None
    period: str | None
    attributed_to: str | None
    alternatives: tuple[str, ...] = ()

    @property
    def maps_to_bls(self) -> bool:
        return self.attributed_to in (BLS, None)


def find_figures(text: str, titles: OccupationTitles) -> list[Figure]:
    """All labor figures in `text`, in reading order. `titles` comes from the warehouse."""
    return _Reader(text, titles).figures()


class _Reader:
    def __init__(self, text: str, titles: OccupationTitles) -> None:
        self.text = text
        self.layout: Layout = layout_of(text)
        self.mentions: list[Mention] = titles.mentions(text)
        self.tokens = number_tokens(text)
        self.main = self._main_occupation()
        self.default_source = (
            BLS if source_mentions(text) and any(m.name == BLS for m in source_mentions(text)) else None
        )
        self.sources = self._carried_sources()
        self.spans = self._projection_spans()
        self.head_nouns = {m.title.lower().split()[-1] for m in self.mentions}

    # -- document-level context -------------------------------------------------------------------
    def _main_occupation(self) -> Mention | None:
        if not self.mentions:
            return None
        score: Counter[str] = Counter()
        first: dict[str, Mention] = {}
        early = self.layout.lines[1].end if len(self.layout.lines) > 1 else len(self.text)
        for mention in self.mentions:
            score[mention.soc_code] += 3 if mention.start < early else 1
            first.setdefault(mention.soc_code, mention)
        best = max(score, key=lambda soc: (score[soc], -first[soc].start))
        if score[best] * 2 < sum(score.values()):
            return None  # a guide about many occupations: a figure must name its own
        return first[best]

    def _carried_sources(self) -> dict[int, str | None]:
        """The source each sentence inherits from what came before (by sentence start)."""
        carried: dict[int, str | None] = {}
        current: str | None = None
        for sentence in self.layout.sentences:
            if sentence.line.kind == "heading":
                current = heading_source(sentence.text)
                carried[sentence.start] = current
                continue
            carried[sentence.start] = current
            named = {m.name for m in source_mentions(sentence.text)}
            if len(named) == 1:
                current = named.pop()
            elif named:
                last = source_mentions(sentence.text)[-1]
                current = last.name
        return carried

    def _projection_spans(self) -> list[tuple[int, str]]:
        found = []
        for sentence in self.layout.sentences:
            lowered = sentence.text.lower()
            found.extend((sentence.start + at, span) for at, span in spans_in(sentence.text))
            if cues.GROWTH.search(lowered) or cues.OPENINGS.search(lowered):
                found.extend((sentence.start + at, span) for at, span in implied_spans_in(sentence.text))
        return sorted(found)

    # -- per figure -----------------------------------------------------------------------------
    def figures(self) -> list[Figure]:
        found: list[Figure] = []
        previous_kinds: dict[int, list[str]] = {}
        for token in self.tokens:
            sentence = self.layout.sentence_at(token.start)
            if not sentence.start <= token.start < sentence.end + 1:
                continue
            figure = self._figure(token, sentence, previous_kinds.setdefault(sentence.start, []))
            if figure is not None:
                previous_kinds[sentence.start].append(figure.metric)
                found.append(figure)
        return found

    def _figure(self, token: Token, sentence: Sentence, earlier: list[str]) -> Figure | None:
        line = sentence.line
        local = token.start - sentence.start
        before = sentence.text[:local].lower()
        after_all = sentence.text[local + len(token.text) :].lower()
        next_token = next((t for t in self.tokens if t.start > token.start), None)
        stop = (next_token.start - token.end) if next_token and next_token.start < sentence.end else None
        after = after_all[:stop] if stop is not None else after_all
        context = self._lead_context(line).lower()
        if (
            line.kind == "prose"
            and token.kind == "money"
            and not cues.PAY_WORDS.search(sentence.text.lower())
        ):
            context = self._previous_sentence(sentence).lower()
        is_item = line.kind == "item"
        label = self._item_label(line, token) if is_item else ""
        area, industry = self._area_industry(token, sentence, label, context)

        metric, unit, value = self._metric(
            token, before, after, context, is_item, earlier, area, industry, line
        )
        if metric is None:
            return None
        qualifier = cues.qualifier(before, after)
        if metric.startswith("pay_p") and qualifier in {"<", ">"}:
            qualifier = None
        mention = self._occupation(token, sentence)
        alternatives: tuple[str, ...] = ()
        if metric.startswith("median_pay") and not cues.pay_cue(before, after) and not is_item:
            alternatives = (metric.replace("median", "mean"),)
        return Figure(
            text=token.text,
            start=token.start,
            end=token.end,
            value=value,
            unit=unit,
            qualifier=qualifier,
            metric=metric,
            soc_code=mention.soc_code if mention else None,
            occupation=mention.title if mention else None,
            area=area,
            industry=industry,
            period=self._period(token, sentence, metric),
            attributed_to=self._source(token, sentence),
            alternatives=alternatives,
        )

    def _previous_sentence(self, sentence: Sentence) -> str:
        """A list of figures continued from the sentence before ("Lower tiers include X at $Y") reads
        with that sentence's words."""
        index = self.layout.sentences.index(sentence)
        if index and self.layout.sentences[index - 1].line is sentence.line:
            return self.layout.sentences[index - 1].text
        return ""

    def _lead_context(self, line: Line) -> str:
        parts = []
        if line.kind == "item":
            if line.lead_in is not None:
                parts.append(line.lead_in.text)
            if line.heading is not None and line.heading is not line.lead_in:
                parts.append(line.heading.text)
        return " \n ".join(parts)

    def _item_label(self, line: Line, token: Token) -> str:
        raw = self.text[line.start : token.start]
        raw = raw.split("|")[-2] if raw.count("|") >= 2 else raw.replace("|", " ")
        return _LABEL_TRIM.sub("", _LABEL_TRIM.sub("", raw)).strip(" $")

    def _metric(self, token, before, after, context, is_item, earlier, area, industry, line):
        kind = token.kind
        window = f"{context} {before} {after}"
        if kind == "money":
            return self._pay_metric(token, before, after, context, is_item, area, industry, window)
        if kind == "percent":
            if cues.PERCENTILE_BEFORE.search(before[-12:]) or cues.NOT_GROWTH_PERCENT.match(after):
                return None, "", 0
            if cues.NOT_GROWTH_BEFORE.search(before):
                return None, "", 0
            paragraph = self.text[line.start : line.end].lower()
            if (
                cues.GROWTH.search(before + after)
                or cues.GROWTH.search(context)
                or (not is_item and cues.GROWTH.search(paragraph))
            ):
                value = -token.value if cues.DECLINE.search(before[-60:]) else token.value
                metric = "industry_employment_share" if industry and is_item else "employment_change_pct"
                if industry and is_item and cues.GROWTH.search(context):
                    metric = "employment_change_pct"
                return metric, "percent", value
            return None, "", 0
        # counts
        near_after = after[:40]
        near_before = before[-60:]
        if cues.NON_LABOR.search(near_after[:25]) or re.match(
            r"^\s*(?:students|graduates|hours|credits|members|patients|miles|square|words|pages|times|years)\b",
            after,
        ):
            return None, "", 0
        if cues.OPENINGS.search(near_before[-40:] + " " + near_after) or (
            is_item and cues.OPENINGS.search(context)
        ):
            return "openings_per_year", "jobs/year", token.value
        if cues.CHANGE.search(near_before[-40:] + " " + near_after) or "employment_change_pct" in earlier:
            return "employment_change", "jobs", token.value
        head = re.match(r"^\s*([a-z]+)", after)
        if (
            cues.EMPLOYMENT.search(near_before[-40:] + " " + near_after[:20])
            or (head and head.group(1) in self.head_nouns)
            or any(m.start - token.end in range(0, 3) for m in self.mentions)
        ):
            return ("industry_employment" if industry else "employment"), "jobs", token.value
        if is_item and cues.EMPLOYMENT.search(context):
            return ("industry_employment" if industry else "employment"), "jobs", token.value
        return None, "", 0

    def _pay_metric(self, token, before, after, context, is_item, area, industry, window):
        clause = re.split(r"[,;:(]", before)[-1] + " " + re.split(r"[,;:)]", after)[0]
        if cues.NON_LABOR.search(clause) and not cues.PAY_WORDS.search(clause):
            return None, "", 0
        if not cues.PAY_WORDS.search(window) and not cues.PAY_WORDS.search(before.rsplit("\n", 1)[-1]):
            return None, "", 0
        cue = cues.pay_cue(before, after) or (cues.pay_cue(context, "") if context else None)
        between = before[cue[1] :] if cue and cue[1] >= 0 else before[-40:]
        if cues.HOURLY_AFTER.match(after):
            hourly = True
        elif cues.ANNUAL_AFTER.match(after):
            hourly = False
        elif cues.HOURLY_WORD.search(between[-60:]) and not cues.ANNUAL_WORD.search(between[-30:]):
            hourly = True
        elif cues.ANNUAL_WORD.search(between[-60:]):
            hourly = False
        else:
            hourly = token.value < 200
        period = "hourly" if hourly else "annual"
        unit = "USD/hour" if hourly else "USD/year"
        kind = cue[0] if cue else None
        if kind in {"p10", "p25", "p75", "p90"}:
            return f"pay_{kind}_{period}", unit, token.value
        if kind == "median":
            return (
                (f"industry_median_pay_{period}" if industry and area == "US" else f"median_pay_{period}"),
                unit,
                token.value,
            )
        if kind == "mean" or industry or area != "US" or is_item:
            return f"mean_pay_{period}", unit, token.value
        return f"median_pay_{period}", unit, token.value

    def _area_industry(
        self, token: Token, sentence: Sentence, label: str, context: str
    ) -> tuple[str, str | None]:
        if sentence.line.kind == "item":
            metro = metro_name(label)
            states = state_at(label)
            if metro and not _INDUSTRY_LEAD.search(context):
                return metro, None
            if states and (_STATE_LEAD.search(context) or not _INDUSTRY_LEAD.search(context)):
                return states[0][2], None
            if _INDUSTRY_LEAD.search(context) and label:
                return "US", label
            return "US", None
        local = token.start - sentence.start
        before = sentence.text[:local]
        states = state_at(sentence.text)
        area = "US"
        if states:
            if "respectively" in sentence.text:
                figures = [
                    t
                    for t in self.tokens
                    if sentence.start <= t.start < sentence.end and t.kind == token.kind
                ]
                ahead = [s for s in states if s[0] < figures[0].start - sentence.start]
                if len(ahead) == len(figures):
                    area = ahead[figures.index(token)][2]
            else:
                prior = [s for s in states if s[0] < local]
                if prior:
                    area = prior[-1][2]
        industry = None
        candidates = [(m.start(1), m.group(1)) for m in _THE_INDUSTRY.finditer(before)]
        candidates += [
            (m.start(1), m.group(1))
            for m in _EMPLOYED_BY.finditer(sentence.text[: local + 1] + " ")
            if m.end() <= local + 1
        ]
        if candidates:
            industry = max(candidates)[1].strip()
        elif sentence.line.heading is not None and re.search(
            r"employer|industr|setting", sentence.line.heading.text, re.I
        ):
            subject = _SUBJECT_VERB.match(sentence.text)
            if subject and subject.end() <= local:
                industry = subject.group(1).strip()
        return area, industry

    def _occupation(self, token: Token, sentence: Sentence) -> Mention | None:
        line = sentence.line
        if line.kind == "item":
            for context in (line.lead_in, line.heading):
                if context is not None:
                    inside = [m for m in self.mentions if context.start <= m.start < context.end]
                    if inside:
                        return inside[-1]
            return self.main
        inside = [m for m in self.mentions if sentence.start <= m.start < sentence.end]
        prior = [m for m in inside if m.end <= token.start]
        if prior:
            return prior[-1]
        if inside:
            return inside[0]
        earlier_in_line = [m for m in self.mentions if line.start <= m.start < sentence.start]
        if earlier_in_line:
            return earlier_in_line[-1]
        if line.heading is not None:
            in_heading = [m for m in self.mentions if line.heading.start <= m.start < line.heading.end]
            if in_heading:
                return in_heading[-1]
        return self.main

    def _period(self, token: Token, sentence: Sentence, metric: str) -> str | None:
        if metric in PROJECTION_METRICS:
            preceding = [span for at, span in self.spans if at <= sentence.end]
            if preceding:
                in_sentence = [span for at, span in self.spans if sentence.start <= at < sentence.end]
                return in_sentence[0] if in_sentence else preceding[-1]
            following = [span for at, span in self.spans if at > sentence.end]
            return following[0] if following else None
        local = token.start - sentence.start
        years = years_in(sentence.text)
        if years:
            return min(years, key=lambda year: abs(year[0] - local))[2]
        line = sentence.line
        if line.kind == "item":
            for context in (line.lead_in, line.heading):
                if context is not None and years_in(context.text):
                    return years_in(context.text)[-1][2]
            return None
        earlier = years_in(self.text[line.start : sentence.start])
        if earlier:
            return earlier[-1][2]
        if line.heading is not None and years_in(line.heading.text):
            return years_in(line.heading.text)[-1][2]
        return None

    def _source(self, token: Token, sentence: Sentence) -> str | None:
        named = source_mentions(sentence.text, sentence.start)
        before = [m for m in named if m.end <= token.start]
        if before:
            return before[-1].name
        after = [m for m in named if m.start >= token.end]
        if after:
            return after[0].name
        line = sentence.line
        if line.kind == "item" and line.lead_in is not None:
            lead = source_mentions(line.lead_in.text)
            if lead:
                return lead[-1].name
        carried = self.sources.get(sentence.start)
        return carried if carried is not None else self.default_source
