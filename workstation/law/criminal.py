"""The criminal thresholds for infringing citizens' personal information (REFERENCE §4.6, data in
``resources/law/criminal.toml``): record counts per category (C trace, D sensitive, E other) combined in
proportion, illegal gains, the halving for information obtained in the course of duties, prior punishment,
and the lawful-business purchase rule of art. 6 — with exact arithmetic, so 0.64 + 0.36 is exactly 1."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from fractions import Fraction
from math import lcm

from workstation.law.catalogue import chinese_number
from workstation.law.data import check_amounts, decimal_text, load, text, yuan
from workstation.records import Case


@dataclass(frozen=True)
class CriminalAssessment:
    """Whether a case reaches 情节严重 / 情节特别严重, the exact proportional ratio Σ count ÷ threshold, whether
    transfer to the police is suggested, each step of the computation in Chinese, and the legal source."""

    ratio: Fraction
    serious: bool
    especially_serious: bool
    transfer_suggested: bool
    steps: tuple[str, ...]
    source: str
    article: int = 5
    # the sentence a 涉嫌犯罪案件移送书 gives as the reason for the suspected offence ("" when not serious)
    grounds: str = ""
    # whether anything was counted (records, illegal gains, prior punishment): without, no conclusion is drawn
    counted: bool = True
    # the steps that reach the threshold (the criteria met: the ratio, the illegal gains, prior punishment …)
    reached: tuple[str, ...] = ()
    # whether the case's violations are the offence's acts (criminal.toml ``violations``: selling, providing or
    # illegally obtaining the information): False for a case recording, say, only unsolicited commercial messages,
    # whose records are weighed all the same but which is neither serious nor sent to the police (``assess_case``)
    covered: bool = True
    # a case the offence does not cover (``covered`` False) whose records reach the thresholds: it would be serious if
    # they were illegally obtained (bought, received, exchanged: interpretation art. 4) — the officer is warned
    serious_if_obtained: bool = False
    # the illegal gains the case proves (``case_gains_fen``, set by ``assess_case``): what the grounds rest on and the
    # 涉嫌犯罪案件移送书 states (``law.case_gains_fen``), so the two never disagree; counted in the grounds only where
    # the offence covers the case (``covered``)
    gains_fen: int = 0

    def as_dict(self) -> dict:
        """The JSON form of the command line: ratio as a float to 4 places and exactly as a fraction."""
        return {"ratio": round(float(self.ratio), 4), "ratio_exact": str(self.ratio), "serious": self.serious,
                "especially_serious": self.especially_serious, "transfer_suggested": self.transfer_suggested,
                "article": self.article, "steps": list(self.steps), "source": self.source,
                "counted": self.counted, "covered": self.covered,
                "serious_if_obtained": self.serious_if_obtained}


#: what a step of an assessment may already end with, so that no separator is added after it
_STEP_ENDS = "。；！？.;!?"


def joined_steps(steps: tuple[str, ...] | list[str]) -> str:
    """The steps of an assessment as one running text (a warning that quotes them): a step that ends without a stop
    (其他个人信息 3,200 ÷ 5,000 = 0.64) is followed by ；, in English by "; ", never run into the next one."""
    out = []
    for step in steps:
        step = step.strip()
        if step and step[-1] not in _STEP_ENDS:
            step += "；" if any("\u4e00" <= ch <= "\u9fff" for ch in step) else "; "
        elif step and step[-1] in ".;!?":
            step += " "
        out.append(step)
    return "".join(out).rstrip()


def _number(value: Fraction) -> str:
    return f"{value.numerator:,}" if value.denominator == 1 else decimal_text(value)


def _ratio_steps(data: dict, counts: dict[str, int], divisor: int) -> tuple[Fraction, list[str], list[int]]:
    steps, terms, items, ratio = [], [], [], Fraction(0)
    for key, category in data["categories"].items():
        count = counts[key]
        if not count:
            continue
        threshold = Fraction(category["threshold"], divisor)
        share = count / threshold
        ratio += share
        terms.append(decimal_text(share))
        items += [category["item"]] if share >= 1 else []
        steps.append(text("criminal", "category", label=category["label"], label_en=category.get("label_en"),
                          count=f"{count:,}",
                          threshold=_number(threshold), value=decimal_text(share)))
    if len(terms) > 1:
        steps.append(text("criminal", "total", terms=" + ".join(terms), ratio=decimal_text(ratio)))
    return ratio, steps, items or [data["combined_item"]]


def _article_5(data: dict, counts: dict[str, int], gains_fen: int, divisor: int, prior: bool) -> CriminalAssessment:
    ratio, steps, items = _ratio_steps(data, counts, divisor)
    # reached at half the thresholds with information obtained on duty: item 8, not items 3 to 7 (REFERENCE §4.6 H)
    duty_item = data["duty_item"] if divisor > 1 else None
    items = [duty_item] if duty_item else items
    multiple = data["especially_multiple"]
    shown = decimal_text(ratio)
    met = []  # the criteria the case meets, named in a refusal to settle it administratively
    if ratio >= 1:
        met.append(text("criminal", "ratio_serious", ratio=shown, items="、".join(map(chinese_number, items)),
                        item_numbers=", ".join(map(str, items))))
        steps.append(met[-1])
    elif ratio:
        steps.append(text("criminal", "ratio_below", ratio=shown))
    if ratio >= multiple:
        steps.append(text("criminal", "ratio_especially", ratio=shown, multiple=multiple))
    gains_limit = Fraction(data["gains_fen"], divisor)
    if gains_fen:
        key = "gains_serious" if gains_fen >= gains_limit else "gains_below"
        gains_item = duty_item or data["gains_item"]
        steps.append(text("criminal", key, gains=yuan(gains_fen), threshold=yuan(int(gains_limit)),
                          item=chinese_number(gains_item), item_number=gains_item))
        if key == "gains_serious":
            met.append(steps[-1])
        if gains_fen >= gains_limit * multiple:
            steps.append(text("criminal", "gains_especially", gains=yuan(gains_fen),
                              threshold=yuan(int(gains_limit * multiple))))
    if prior:
        steps.append(text("criminal", "prior", years=chinese_number(data["prior_years"]), year_count=data["prior_years"]))
        met.append(steps[-1])
    serious = ratio >= 1 or gains_fen >= gains_limit or prior
    especially = ratio >= multiple or gains_fen >= gains_limit * multiple
    steps.append(text("criminal", "transfer" if serious else "no_transfer"))
    reached = (items if ratio >= 1 else []) + ([data["gains_item"]] if gains_fen >= gains_limit else [])
    if duty_item and reached:  # half of items 3 to 7 reached with information obtained on duty: item 8
        reached = [duty_item]
    reached += [9] if prior else []
    provisions = "第五条第二款第三项" if especially else \
        "第五条第一款" + "、".join(f"第{chinese_number(n)}项" for n in sorted(set(reached)))
    grounds = text("criminal", "grounds", provisions=provisions, level="情节特别严重" if especially else "情节严重")
    return CriminalAssessment(ratio, serious, especially, serious, tuple(steps), data["source"], 5,
                              grounds if serious else "", reached=tuple(met))


def _article_6(data: dict, counts: dict[str, int], profit_fen: int, prior: bool) -> CriminalAssessment:
    rule = data["lawful_business"]
    ratio, counted, _items = _ratio_steps(data, counts, 1)
    steps = [text("criminal", "business"), *counted]
    key = "business_serious" if profit_fen >= rule["profit_fen"] else "business_below"
    steps.append(text("criminal", key, gains=yuan(profit_fen), threshold=yuan(rule["profit_fen"])))
    met = [steps[-1]] if key == "business_serious" else []
    if prior:
        steps.append(text("criminal", "business_prior", years=chinese_number(data["prior_years"]),
                          year_count=data["prior_years"]))
        met.append(steps[-1])
    serious = profit_fen >= rule["profit_fen"] or prior
    # not serious: what is left unconsidered is art. 6's own 其他情节严重的情形, not the circumstances of art. 5
    steps.append(text("criminal", "transfer" if serious else "business_no_transfer"))
    reached = ([1] if profit_fen >= rule["profit_fen"] else []) + ([2] if prior else [])
    provisions = "第六条第一款" + "、".join(f"第{chinese_number(n)}项" for n in reached)
    grounds = text("criminal", "grounds", provisions=provisions, level="情节严重") if serious else ""
    return CriminalAssessment(ratio, serious, False, serious, tuple(steps), data["source"], 6, grounds,
                              reached=tuple(met))


def assess(trace: int, sensitive: int, other: int, gains_fen: int, duty_related: bool = False,
           prior_punished: bool = False, *, lawful_business: bool = False) -> CriminalAssessment:
    """Assess record counts and illegal gains against art. 5 of the 2017 interpretation: serious when
    Σ count ÷ threshold ≥ 1 (C 50, D 500, E 5,000; all halved when ``duty_related``), gains ≥ ¥5,000 (¥2,500),
    or ``prior_punished`` (criminally, or administratively within 2 years, for the same); especially serious
    at 10× the thresholds. With ``lawful_business`` (bought only for lawful business, E records only) art. 6
    applies instead: serious only when the profit (``gains_fen``) reaches ¥50,000 or on prior punishment.
    Transfer to the police is suggested whenever the case is serious. Negative counts: ValidationError."""
    check_amounts(trace=trace, sensitive=sensitive, other=other, gains_fen=gains_fen)
    data = load("criminal")
    counts = {"trace": trace, "sensitive": sensitive, "other": other}
    if not any(counts.values()) and not gains_fen and not prior_punished:
        # nothing recorded yet (a new case): no verdict either way, only that nothing was counted
        return CriminalAssessment(Fraction(0), False, False, False, (text("criminal", "nothing_counted"),),
                                  data["source"], counted=False)
    if lawful_business and _business_only(data, counts):
        return _article_6(data, counts, gains_fen, prior_punished)
    lead = ((text("criminal", "business_not"),) if lawful_business else ()) + \
        ((text("criminal", "duty"),) if duty_related else ())
    result = _article_5(data, counts, gains_fen, data["duty_divisor"] if duty_related else 1, prior_punished)
    return replace(result, steps=lead + result.steps)


def threshold_reached(trace: int, sensitive: int, other: int, gains_fen: int, duty_related: bool = False,
                      prior_punished: bool = False, *, lawful_business: bool = False,
                      violations: Iterable[str] | None = None, data: dict | None = None) -> bool:
    """``assess(...).serious`` without wording its steps: a list of 100,000 cases asks only whether each one reached
    the threshold, and the wording with exact fractions took seconds. Counts checked as ``assess``. ``violations``
    (the case's violation kinds), when given, weigh the duty flag and the lawful-business fact as ``assess_case``
    does (``provides``): art. 6 not for a case providing the records, the halving only for one providing them or
    recording no violation yet. ``data``: criminal.toml as ``load`` gave it, read once by a caller weighing many
    cases (``load`` looks for the bureau's copy on disk at each call: 177,344 looks took 9 s at 100,000 cases)."""
    check_amounts(trace=trace, sensitive=sensitive, other=other, gains_fen=gains_fen)
    if violations is not None:
        violations = list(violations)
        duty_related, lawful_business = duty_related and halves(violations), lawful_business and not provides(
            violations)
    if prior_punished:
        return True
    data = data if data is not None else load("criminal")
    counts = {"trace": trace, "sensitive": sensitive, "other": other}
    if lawful_business and _business_only(data, counts):  # art. 6: the profit alone
        return gains_fen >= data["lawful_business"]["profit_fen"]
    divisor = data["duty_divisor"] if duty_related else 1
    # Σ count ÷ (threshold ÷ divisor) ≥ 1 as _ratio_steps sums it, in whole numbers: each share scaled by the
    # thresholds' least common multiple (exact, as the fractions are, without their cost)
    common = lcm(*(category["threshold"] for category in data["categories"].values()))
    scaled = sum(counts[key] * divisor * (common // category["threshold"])
                 for key, category in data["categories"].items())
    return scaled >= common or gains_fen * divisor >= data["gains_fen"]


def _business_only(data: dict, counts: dict[str, int]) -> bool:
    """Whether the records are all of the categories art. 6 speaks of (bought for lawful business: E only)."""
    return not any(counts[k] for k in data["categories"] if k not in data["lawful_business"]["categories"])


LAWFUL_BUSINESS = "lawful_business"  # the key of art. 6's fact among a case's ``law_conditions``


def assess_case(case: Case, *, prior_punished: bool = False) -> CriminalAssessment:
    """``assess`` on a case's record counts (records_trace / records_sensitive / records_other), illegal
    gains (``case_gains_fen``) and duty-related flag, under art. 6 when the officer established the information was
    bought only for lawful business (``LAWFUL_BUSINESS`` among the case's ``law_conditions``) — not for a case
    providing the records (``provides``) —, the duty flag halving the thresholds only as ``halves`` says (records
    provided, or no violation recorded yet). A case whose violations are none of those the offence covers
    (``offence_covers``: only unsolicited commercial messages, say) has its records weighed and shown, but is never
    serious and never sent to the police (``covered`` False): art. 5 item 9 needs the party to have again illegally
    obtained, sold or provided the information and item 7 counts only gains from that offence, so its gains and a prior
    penalty are not counted; when its records reach the thresholds (``serious_if_obtained``) the officer is warned
    that they would be serious if illegally obtained (interpretation art. 4), ``OBTAINING`` then to be recorded."""
    lawful = LAWFUL_BUSINESS in case.law_conditions
    duty = case.duty_related and halves(case.violations)
    business = lawful and not provides(case.violations)
    gains = case_gains_fen(case)
    covered = offence_covers(case.violations)
    if covered:
        result = assess(case.records_trace, case.records_sensitive, case.records_other, gains, duty, prior_punished,
                        lawful_business=business)
    else:  # the records alone: neither the gains nor a prior penalty are the offence's (items 7 and 9)
        result = assess(case.records_trace, case.records_sensitive, case.records_other, 0, duty,
                        lawful_business=business)
        counted = result.counted or bool(gains) or prior_punished
        steps = result.steps if result.counted else ()
        if result.serious:  # the conclusion is the check: no transfer until the illegal obtaining is recorded
            steps = steps[:-1]
        elif not result.counted:
            steps = (text("criminal", "no_transfer"),) if counted else result.steps
        check = (_check_obtained(case.violations),) if counted else ()
        result = replace(result, serious=False, especially_serious=False, transfer_suggested=False, grounds="",
                         reached=(), covered=False, counted=counted, serious_if_obtained=result.serious,
                         steps=steps + check if result.serious else check + steps)
    # the facts recorded that the assessment does not follow, said first: why art. 6 or the halving do not apply
    lead = ((lawful_business_conflict(case),) if lawful and provides(case.violations) else ()) + (
        (_duty_not_provided(),) if case.duty_related and not duty and result.counted else ())
    return replace(result, gains_fen=gains, steps=lead + result.steps)


def _check_obtained(violations) -> str:
    """The step of a case whose violations are none the offence covers (criminal.toml ``check_obtained``): its gains
    and a prior penalty are not counted, and the officer is to check how its records were obtained — bought, received
    or exchanged, they were illegally obtained (interpretation art. 4), ``OBTAINING`` is to be recorded and, the
    records reaching the thresholds, the case transferred."""
    from workstation.i18n import join_names
    from workstation.vocabulary import shown_label

    return text("criminal", "check_obtained", violations=join_names(shown_label("violations", v) for v in violations),
                obtaining=shown_label("violations", OBTAINING))


#: the violation kind that is selling or providing the information (非法提供或泄露, vocabulary [violations]): art. 5
#: item 8 halves the thresholds for information obtained on duty 出售或者提供, and art. 6 speaks of information bought
#: or received for lawful business only — reselling or providing it goes back to art. 5 (criminal.toml
#: [lawful_business])
PROVIDING = "illegal_provision_or_leak"
#: the violation kind that is collecting or using the information illegally (违法收集使用, vocabulary [violations]): what
#: a case holding records it bought, received or exchanged records (interpretation art. 4: 非法获取)
OBTAINING = "illegal_collection_or_use"


def provides(violations) -> bool:
    """Whether a case with ``violations`` (violation kinds) records selling or providing the information."""
    return PROVIDING in (violations or ())


def halves(violations) -> bool:
    """Whether the duty flag halves the thresholds of a case with ``violations`` (art. 5 para. 1 item 8: obtained on
    duty and sold or provided): one providing the information, or one recording no violation yet (assessed as one
    that may, as ``offence_covers`` assesses it) — not one that only collected or used it."""
    return not violations or provides(violations)


def lawful_business_conflict(case: Case) -> str:
    """Why the fact “bought only for lawful business” (art. 6) recorded on ``case`` is not followed: the case records
    providing the information (``provides``), and art. 6 covers buying and receiving only — providing goes back to
    art. 5. "" when the fact is not recorded or the case does not provide the information."""
    if LAWFUL_BUSINESS not in case.law_conditions or not provides(case.violations):
        return ""
    from workstation.i18n import _
    from workstation.vocabulary import shown_label

    return _("The case records “{violation}”, so art. 6 does not apply: it covers personal information bought or "
             "received only for lawful business, and providing the information is assessed under art. 5, whatever "
             "the fact “{fact}” recorded.").format(
        violation=shown_label("violations", PROVIDING), fact=load("criminal")["lawful_business"]["label"])


def _duty_not_provided() -> str:
    """The step saying the duty flag does not halve the thresholds of a case that only collected or used the
    information (``halves``)."""
    from workstation.i18n import _
    from workstation.vocabulary import shown_label

    return _("The information was obtained while performing duties or providing services, but the case records no "
             "“{violation}”: the thresholds are not halved, as art. 5 para. 1 item 8 halves them only for such "
             "information sold or provided.").format(violation=shown_label("violations", PROVIDING))


def offence_covers(violations, data: dict | None = None) -> bool:
    """Whether the violations a case records (``violations``, violation kinds) are the offence's acts of infringing
    citizens' personal information: one of them is among those criminal.toml ``violations`` lists, or none is
    recorded yet. A case they are not is assessed all the same (``assess_case``: asked how its records were obtained).
    ``data`` as ``threshold_reached`` takes it."""
    if not violations:
        return True
    covered = (data if data is not None else load("criminal"))["violations"]
    return any(v in covered for v in violations)


def case_gains_fen(case: Case) -> int:
    """The illegal gains a case proves (REFERENCE §4.6 test G): the gains it records, or the illegal gains it
    confiscates when larger — what was confiscated was gained (a register imports only 没收违法所得)."""
    return max(case.illegal_gains_fen, case.confiscated_fen)


def reachable_sql(data: dict, gains: str) -> str:
    """SQL over the columns of ``cases``: the condition every case that ``threshold_reached`` may find serious meets,
    with ``gains`` (an SQL expression: ``case_gains_sql``) as its illegal gains — its violations are the offence's or
    none is recorded yet (``offence_covers``: a case of unsolicited messages alone is never serious, ``assess_case``),
    and its records or gains reach the thresholds as halved for information obtained on duty (the lowest), the profit
    reaches art. 6's, or it was punished before. The few cases it keeps are then weighed one by one; the many it
    leaves out would not be named. Built from ``data`` (criminal.toml in force, the bureau's copy too), whole numbers
    only; the violation kinds are vocabulary keys (letters and underscores), checked when the file was read."""
    divisor = max(int(data["duty_divisor"]), 1)
    categories = data["categories"]
    common = lcm(*(int(category["threshold"]) for category in categories.values()))
    columns = {"trace": "records_trace", "sensitive": "records_sensitive", "other": "records_other"}
    scaled = " + ".join(f"{columns[key]} * {divisor * (common // int(category['threshold']))}"
                        for key, category in categories.items())
    # gains × divisor ≥ the gains threshold, in whole fen: gains ≥ its quotient rounded up; or art. 6's profit
    lowest = min(-(-int(data["gains_fen"]) // divisor), int(data["lawful_business"]["profit_fen"]))
    kinds = " OR ".join(f"violations LIKE '%\"{kind}\"%'" for kind in data["violations"] if kind.isidentifier())
    covered = "COALESCE(violations, '') IN ('', '[]')" + (f" OR {kinds}" if kinds else "")
    return f"(({covered}) AND (prior_punished != 0 OR {scaled} >= {common} OR {gains} >= {lowest}))"


def case_gains_sql(confiscated: str) -> str:
    """``case_gains_fen`` in SQL, over the columns of ``cases``: the gains the case records, or ``confiscated`` (an
    SQL expression of the illegal gains it confiscates) when larger: the statistics
    (``stats.threshold_not_transferred``) give what its 行政处罚决定书 in force confiscate, which issuing one never
    writes into the case, else the amount the case records."""
    return f"MAX(illegal_gains_fen, {confiscated})"

