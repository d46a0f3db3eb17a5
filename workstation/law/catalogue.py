"""The legal-basis catalogue of ``resources/law/catalogue.toml``: the norms (duties and penalty norms with
their penalty kinds and fine ranges, each with its effective dates), which norms a violation type falls
under, the fine range a norm allows for given illegal gains, the choice of one norm when one act breaks
several (Penalty Law art. 29: the higher fine) and of the law in time (art. 37: the law at the act unless
the new one is lighter)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import NamedTuple

from workstation.errors import NotFound, ValidationError
from workstation.i18n import _
from workstation.law.data import as_date, changed, check_amounts, load, shown_date, text, yuan

_DIGITS = "零一二三四五六七八九"


class FenRange(NamedTuple):
    """A fine range in fen, both ends inclusive; (0, 0) means no fine is available."""

    min_fen: int
    max_fen: int


@dataclass(frozen=True)
class FineRule:
    """How a penalty norm sets its fine: fixed amounts, or multiples of the illegal gains with a range for
    when there are none; optionally a turnover percentage and a condition without which there is no fine."""

    fixed_fen: tuple[int, int] | None = None
    gains_multiple: tuple[Fraction, Fraction] | None = None
    gains_cap_fen: int | None = None
    no_gains_fen: tuple[int, int] | None = None
    turnover_percent: Fraction | None = None
    condition: str = ""


@dataclass(frozen=True)
class Norm:
    """One citable provision: article/paragraph/item of an instrument, a duty or a penalty norm."""

    id: str
    instrument: str
    law_title: str
    article: int
    paragraph: int
    item: int
    kind: str
    summary: str
    effective_from: dt.date
    effective_to: dt.date | None
    rank: int
    source: str
    penalties: tuple[str, ...] = ()
    serious_penalties: tuple[str, ...] = ()
    measures: tuple[str, ...] = ()
    fine: FineRule | None = None
    refers_to: str = ""
    min_level: str = "district"
    unconfirmed: str = ""

    @property
    def citation(self) -> str:
        """《中华人民共和国消费者权益保护法》第五十六条第一款第（九）项"""
        return self.law_title + "".join(self.provision)

    @property
    def provision(self) -> tuple[str, str, str]:
        """The article, paragraph and item as cited ("第五十六条", "第一款", "第（九）项"), "" for a level not cited."""
        return (f"第{chinese_number(self.article)}条",
                f"第{chinese_number(self.paragraph)}款" if self.paragraph else "",
                f"第（{chinese_number(self.item)}）项" if self.item else "")

    def in_force(self, on: dt.date) -> bool:
        """Whether the norm was in force on ``on`` (effective_to is the last day in force)."""
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)


def cite(norms: Iterable[Norm], separator: str = "、") -> str:
    """``norms`` cited together in the order given, as Chinese legal drafting cites them: the law named once for
    its provisions cited one after the other, and an article (a paragraph) once for its paragraphs (items) —
    《中华人民共和国消费者权益保护法》第二十九条第一款、第三款、第五十六条第一款第（九）项; ``separator`` between
    the laws (", " in an English explanation)."""
    laws: list[list[str]] = []
    previous: Norm | None = None
    for n in norms:
        if previous is None or n.instrument != previous.instrument:
            laws.append([n.citation])
        else:
            laws[-1].append(_cited_after(n.provision, previous.provision))
        previous = n
    return separator.join("、".join(provisions) for provisions in laws)


def _cited_after(provision: tuple[str, str, str], before: tuple[str, str, str]) -> str:
    """A provision cited after one of the same law: without the article (and paragraph) both share when both go
    deeper (第三款 after 第二十九条第一款, 第（三）项 after 第十一条第一款第（一）项 or 第十三条第（一）项); whole
    otherwise (第五十六条第一款 after 第二十九条第一款, 第二十九条第一款 after 第二十九条)."""
    article, paragraph, item = provision
    if article == before[0] and paragraph == before[1] and item and before[2]:
        return item
    if article == before[0] and paragraph and before[1] and paragraph != before[1]:
        return paragraph + item
    return "".join(provision)


def by_rank(norms: Iterable[Norm]) -> tuple[Norm, ...]:
    """``norms`` in the order a document cites them: the higher-ranking instrument first (law, then
    administrative regulation, then local regulation, then rule: the instruments' ``rank`` in
    ``resources/law/catalogue.toml``), the order given kept within one rank."""
    return tuple(sorted(norms, key=lambda n: n.rank))


@dataclass(frozen=True)
class NormChoice:
    """The penalty norm chosen for one act, its fine range, the norms that refer to it and why (``explanation``,
    worked out when read: a register's range check of every row chooses, and reads no explanation)."""

    norm: Norm
    range: FenRange
    also_cite: tuple[Norm, ...]
    considered: tuple[tuple[Norm, FenRange], ...]
    explain: Callable[[], str] = field(compare=False, repr=False)

    @property
    def explanation(self) -> str:
        return self.explain()

    @property
    def source(self) -> str:
        return text("catalogue", "penalty_law_29")

    @property
    def cited(self) -> tuple[Norm, ...]:
        """The penalty norm with the norms that refer to it, in the order documents cite them (``by_rank``)."""
        return by_rank((*self.also_cite, self.norm))


@dataclass(frozen=True)
class LawChoice:
    """The law applied in time: whose date it is, the duties and the penalty choice, what is not applied."""

    basis_date: dt.date
    new_law_applied: bool
    duties: tuple[Norm, ...]
    penalty: NormChoice | None
    not_applied: tuple[Norm, ...]
    explain: Callable[[], str] = field(compare=False, repr=False)

    @property
    def explanation(self) -> str:
        """Why this law applies (worked out when read, as ``NormChoice.explanation``)."""
        return self.explain()

    @property
    def source(self) -> str:
        return text("catalogue", "penalty_law_37")


def chinese_number(n: int) -> str:
    """二十九, 五十六, 一百零三 — article numbers as Chinese legal citations write them (1–999)."""
    if n < 10:
        return _DIGITS[n]
    if n < 100:
        tens, units = divmod(n, 10)
        return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[units] if units else "")
    hundreds, rest = divmod(n, 100)
    tail = "" if not rest else ("零" + _DIGITS[rest] if rest < 10 else
                                 "一" + chinese_number(rest) if rest < 20 else chinese_number(rest))
    return _DIGITS[hundreds] + "百" + tail


def _pair(values, convert=int) -> tuple | None:
    return (convert(values[0]), convert(values[1])) if values is not None else None


def _fine_rule(raw: dict | None) -> FineRule | None:
    if raw is None:
        return None
    percent = raw.get("turnover_percent")
    return FineRule(fixed_fen=_pair(raw.get("fixed_fen")),
                    gains_multiple=_pair(raw.get("gains_multiple"), lambda v: Fraction(str(v))),
                    gains_cap_fen=raw.get("gains_cap_fen"), no_gains_fen=_pair(raw.get("no_gains_fen")),
                    turnover_percent=Fraction(str(percent)) if percent is not None else None,
                    condition=raw.get("condition", ""))


def _norm(raw: dict, instruments: dict, raw_by_id: dict) -> Norm:
    instrument = instruments[raw["instrument"]]
    penal = raw_by_id[raw["penalty_as"]] if "penalty_as" in raw else raw
    return Norm(id=raw["id"], instrument=raw["instrument"], law_title=instrument["title"], article=raw["article"],
                paragraph=raw.get("paragraph", 0), item=raw.get("item", 0), kind=raw["kind"],
                summary=raw["summary"], effective_from=raw.get("effective_from", instrument["effective_from"]),
                effective_to=raw.get("effective_to", instrument.get("effective_to")), rank=instrument["rank"],
                source=instrument["source"], penalties=tuple(penal.get("penalties", ())),
                serious_penalties=tuple(penal.get("serious_penalties", ())),
                measures=tuple(penal.get("measures", ())), fine=_fine_rule(penal.get("fine")),
                refers_to=raw.get("penalty_as", ""), min_level=raw.get("min_level", "district"),
                unconfirmed=raw.get("unconfirmed", ""))


def norms() -> dict[str, Norm]:
    """Every norm of the catalogue by id, in file order: made once per catalogue read (again when the bureau's copy
    changes)."""
    kept = _NORMS_OF
    data = changed("catalogue", kept[0])
    if data is not None:
        raw_by_id = {raw["id"]: raw for raw in data["norms"]}
        kept[:] = [data, {raw["id"]: _norm(raw, data["instruments"], raw_by_id) for raw in data["norms"]}]
    return kept[1]


#: (the parsed catalogue.toml, its norms by id) of the last ``norms``
_NORMS_OF: list = [None, None]


def norm(norm_id: str) -> Norm:
    """The norm with this id; NotFound otherwise."""
    try:
        return norms()[norm_id]
    except KeyError:
        raise NotFound(_("No norm {id} in the legal catalogue.").format(id=norm_id)) from None


def penalty_label(key: str) -> str:
    """The Chinese name of a penalty kind or measure key (警告, 罚款, 责令停业整顿 …)."""
    return load("catalogue")["penalty_kinds"].get(key, key)


def shown_penalty_label(key: str) -> str:
    """The name of a penalty kind or measure key in the user's language: its English one (``[penalty_kinds_en]``,
    "an order to suspend business for rectification") when ``WORKSTATION_LANG=en``, else ``penalty_label``."""
    from workstation.i18n import language

    english = load("catalogue").get("penalty_kinds_en", {}).get(key) if language() == "en" else None
    return english or penalty_label(key)


def kinds_text(norm: Norm) -> str:
    """The penalty kinds a norm provides, in the user's language, those only for serious cases marked:
    警告、没收违法所得、罚款、责令停业整顿（情节严重）、吊销营业执照（情节严重）."""
    return _joined(text("catalogue", "serious_kind", kind=shown_penalty_label(k)) if k in norm.serious_penalties
                   else shown_penalty_label(k) for k in norm.penalties)


def _check_choices(conditions: Iterable[str], level: str) -> frozenset[str]:
    data = load("catalogue")
    given = frozenset(conditions)
    errors = {}
    if given - set(data["conditions"]):
        errors["conditions"] = _("Unknown condition: {names}; known: {known}.").format(
            names=", ".join(sorted(given - set(data["conditions"]))), known=", ".join(data["conditions"]))
    if level not in data["levels"]:
        errors["level"] = _("Unknown level {level}; known: {known}.").format(level=level,
                                                                               known=", ".join(data["levels"]))
    if errors:
        raise ValidationError(errors)
    return given


def norms_for(violation_key: str, act_date: dt.date | str, *, kind: str | None = None,
              conditions: Iterable[str] = (), level: str = "district") -> list[Norm]:
    """The duty norms, then the candidate penalty norms, of a violation type in force on ``act_date``;
    ``conditions`` adds the norms that need them (``intermediary``); norms reserved to a higher level than
    ``level`` (PIPL art. 66 para 2: provincial) are left out. ``kind`` keeps only duties or penalties."""
    given = _check_choices(conditions, level)
    on = as_date(act_date, "act_date")
    mapping = load("catalogue")["violations"].get(violation_key)
    if mapping is None:
        raise ValidationError({"violation": _("Unknown violation type {key}.").format(key=violation_key)})
    extra = [mapping["when"][c] for c in sorted(given) if c in mapping.get("when", {})]
    # a fact whose norms replace the violation's own (calls, not messages: 条例 art. 24 alone) unless another fact
    # keeps them (calls and messages both)
    replaced = any(e.get("replaces_own") for e in extra) and not any(e.get("keeps_own") for e in extra)
    levels = load("catalogue")["levels"]
    found = []
    for part in ("duties", "penalties"):
        ids = dict.fromkeys([*(() if replaced else mapping.get(part, ())), *(n for e in extra for n in e.get(part, ()))])
        for norm_id in ids:
            item = norm(norm_id)
            if item.in_force(on) and levels.index(item.min_level) <= levels.index(level):
                found.append(item)
    return [n for n in found if kind is None or n.kind == kind]


def rectification_closing(violations: Iterable[str], party_kind: str) -> str | None:
    """The closing general item of the 改正要求 catalogue.toml ``[rectification_closing]`` gives the party's kind
    (``party_kinds``: "" leaves it out — a natural person keeps no 制度) or, else, the violations recorded
    (``violations``: the keys of those a case records alone, in alphabetical order joined by +). None otherwise (and
    in a bureau's copy of an earlier version of the file, which has no such table): ``rectification_items`` then
    closes with ``[texts] rectification_closing``."""
    rule = load("catalogue").get("rectification_closing")
    rule = rule if isinstance(rule, dict) else {}
    by_kind, by_violations = rule.get("party_kinds") or {}, rule.get("violations") or {}
    closing = by_kind.get(party_kind)
    if not isinstance(closing, str):
        closing = by_violations.get("+".join(sorted(dict.fromkeys(violations))))
    return closing if isinstance(closing, str) else None


def rectification_items(violations: Iterable[str], closing: str | None = None) -> str:
    """The 改正要求 of the 责令改正通知书 for the violation types a case records: one numbered item per type, in
    the order recorded, worded by its ``rectification`` in catalogue.toml ``[violations]``, then the closing
    general item ``closing`` (``rectification_closing``; None: ``[texts] rectification_closing``; "" leaves it out),
    a line each ending in ；, the last in 。 (1.…；\\n2.…。).
    "" when no type recorded has a wording (a case recording no violation): the officer writes them."""
    kinds = load("catalogue")["violations"]
    own = [kinds[v]["rectification"].strip() for v in dict.fromkeys(violations)
           if str(kinds.get(v, {}).get("rectification", "")).strip()]
    if not own:
        return ""
    if closing is None:
        closing = load("catalogue")["texts"]["rectification_closing"]
    items = [*own, *([closing.strip()] if closing.strip() else [])]
    return "\n".join(f"{number}.{item.rstrip('；。;.')}{'。' if number == len(items) else '；'}"
                     for number, item in enumerate(items, 1))


def fine_range(norm: Norm, gains_fen: int, *, conditions: Iterable[str] = (), turnover_fen: int = 0) -> FenRange:
    """The fine a penalty norm allows: ``gains_fen`` × its multiples (capped) when there are illegal gains,
    its no-gains or fixed range otherwise, raised to its turnover percentage when that is higher; (0, 0) for
    a duty norm or when the norm's condition (e.g. ``refused_correction``) is not among ``conditions``."""
    check_amounts(gains_fen=gains_fen, turnover_fen=turnover_fen)
    rule = norm.fine
    if rule is None or (rule.condition and rule.condition not in set(conditions)):
        return FenRange(0, 0)
    if rule.fixed_fen is not None:
        low, high = rule.fixed_fen
    elif gains_fen and rule.gains_multiple is not None:
        low = math.ceil(gains_fen * rule.gains_multiple[0])
        high = math.floor(gains_fen * rule.gains_multiple[1])
        high = min(high, rule.gains_cap_fen) if rule.gains_cap_fen is not None else high
        low = min(low, high)
    else:
        low, high = rule.no_gains_fen or (0, 0)
    if rule.turnover_percent is not None and turnover_fen:
        high = max(high, math.floor(turnover_fen * rule.turnover_percent / 100))
    return FenRange(low, high)


def range_text(fen_range: FenRange) -> str:
    """¥0.00至¥500,000.00, or 不予罚款 for (0, 0)."""
    if fen_range == (0, 0):
        return text("catalogue", "no_fine")
    return text("catalogue", "range", low=yuan(fen_range.min_fen), high=yuan(fen_range.max_fen))


def _joined(items: Iterable[str]) -> str:
    """Items of an explanation one after the other: 、 in Chinese, a comma in English (``[texts_en]`` ``separator``)."""
    return text("catalogue", "separator").join(items)


def _choice_text(chosen: Norm, ranges: dict[str, FenRange], rivals: list[Norm]) -> str:
    if not rivals:
        return text("catalogue", "choice_single", norm=chosen.citation, range=range_text(ranges[chosen.id]))
    top = ranges[chosen.id]
    tied = [n for n in rivals if ranges[n.id] == top]
    if tied:
        return text("catalogue", "choice_tie", norm=chosen.citation, high=yuan(top.max_fen),
                    others=_cited(tied))
    others = _joined(text("catalogue", "choice_other", norm=n.citation, range=range_text(ranges[n.id]))
                       for n in rivals)
    return text("catalogue", "choice", norm=chosen.citation, range=range_text(top), others=others)


def choose_norm(candidates: Sequence[Norm], gains_fen: int, *, conditions: Iterable[str] = (),
                turnover_fen: int = 0) -> NormChoice:
    """The penalty norm for one act breaking several norms: the one allowing the higher fine (Penalty Law
    art. 29; higher maximum, then higher minimum), ties going to the higher-ranking instrument (law before
    regulation before rule). Norms that only say "penalise under X" follow X and are cited with it."""
    conditions = frozenset(conditions)
    penal = [n for n in candidates if n.kind == "penalty"]
    if not penal:
        raise ValidationError({"norms": _("None of the given norms is a penalty norm.")})
    # a norm penalising "according to" another not among the candidates brings it along (条例 art. 50 para. 3 alone,
    # for calls: 消法 art. 56 is cited with it), only when the referring norm is itself a candidate — in force at
    # the act — so that a call before 2024-07-01 is not based on 消法 art. 56 (Penalty Law art. 37)
    given = {n.id for n in penal}
    for target in dict.fromkeys(n.refers_to for n in penal if n.refers_to and n.refers_to not in given):
        if (norm := norms().get(target)) is not None:
            penal.append(norm)
    ranges = {n.id: fine_range(n, gains_fen, conditions=conditions, turnover_fen=turnover_fen) for n in penal}
    own = [n for n in penal if not n.refers_to or n.refers_to not in ranges]
    order = {n.id: i for i, n in enumerate(own)}
    chosen = min(own, key=lambda n: (-ranges[n.id].max_fen, -ranges[n.id].min_fen, n.rank, order[n.id]))
    referring = tuple(n for n in penal if n.refers_to == chosen.id)

    def explain() -> str:
        explanation = _choice_text(chosen, ranges, [n for n in own if n is not chosen])
        if referring:
            explanation += text("catalogue", "choice_refers", norm=chosen.citation,
                                referring=_cited(referring))
        return explanation

    return NormChoice(norm=chosen, range=ranges[chosen.id], also_cite=referring,
                      considered=tuple((n, ranges[n.id]) for n in penal), explain=explain)


def _cited(norms: Iterable[Norm]) -> str:
    """Norms cited together in an explanation (``cite``), the laws separated as its other items (``_joined``)."""
    return cite(norms, text("catalogue", "separator"))


def applicable_law(violation_key: str, act_date: dt.date | str, decision_date: dt.date | str, gains_fen: int = 0,
                   *, conditions: Iterable[str] = (), level: str = "district", turnover_fen: int = 0) -> LawChoice:
    """The law in time for an act (Penalty Law art. 37): the norms in force when the act occurred — for a
    continuing act, the day it ended — unless the norms in force at the decision punish more lightly (lower
    maximum fine, then lower minimum) or no longer at all. A norm that entered into force after the act
    (消法实施条例 arts. 23–24 from 2024-07-01) is never the basis for an earlier act unless it is lighter."""
    act, decision = as_date(act_date, "act_date"), as_date(decision_date, "decision_date")
    if decision < act:
        raise ValidationError({"decision_date": _("The decision cannot come before the act ({date}).").format(
            date=act.isoformat())})
    options = {"conditions": tuple(conditions), "level": level}
    old, new = norms_for(violation_key, act, **options), norms_for(violation_key, decision, **options)
    old_pen, new_pen = [n for n in old if n.kind == "penalty"], [n for n in new if n.kind == "penalty"]
    new_only = tuple(n for n in new if n not in old)
    fine_options = {"conditions": options["conditions"], "turnover_fen": turnover_fen}

    def dates() -> dict[str, str]:
        return {"act": shown_date(act), "decision": shown_date(decision)}

    if not old_pen:
        key = "law_not_then" if new_pen else "law_none"
        return LawChoice(act, False, tuple(n for n in old if n.kind == "duty"), None, new_only,
                         lambda: text("catalogue", key, new=_cited(new_only), **dates()))
    if not new_pen:
        return LawChoice(decision, True, (), None, (), lambda: text("catalogue", "law_no_longer", **dates()))
    before = choose_norm(old_pen, gains_fen, **fine_options)
    after = choose_norm(new_pen, gains_fen, **fine_options)
    if (after.range.max_fen, after.range.min_fen) < (before.range.max_fen, before.range.min_fen):
        not_applied = tuple(n for n in old if n not in new)
        return LawChoice(decision, True, tuple(n for n in new if n.kind == "duty"), after, not_applied,
                         lambda: text("catalogue", "law_new_lighter", norms=_cited(after.cited),
                                      new_range=range_text(after.range), old_range=range_text(before.range),
                                      **dates()))
    key = "law_old" if new_only else "law_same"
    return LawChoice(act, False, tuple(n for n in old if n.kind == "duty"), before, new_only,
                     lambda: text("catalogue", key, norms=_cited(before.cited), new=_cited(new_only),
                                  **dates()))
