"""What a change of the holiday calendar (a year's file imported or removed) does to the steps cases recorded: a
statement period counted through a year without its holidays (日历待核实) may end later once they are known, and a
step recorded after its last day as then counted may now lie inside it. Said to the officer with the import or the
removal (``calendar import``/``remove``, the deadline board's 导入节假日文件…/移除节假日文件…); the cases are not
changed — what to do (a notice served again, the decision looked at) is the officer's call."""

from __future__ import annotations

from collections.abc import Iterable

from workstation.i18n import _, ngettext

#: the recorded transitions (from status, to status) that may only come once the party's period to state, defend and
#: request a hearing (T4, Penalty Law arts. 45, 62, 64) has run, as ``procedure._statement_over_guard`` refuses them:
#: 陈述申辩期届满 (end_statement_period) and 作出行政处罚决定 (decide_penalty)
GUARDED_STEPS = {("pre_notice", "decision_pending"): "end_statement_period",
                 ("decision_pending", "penalty_decided"): "decide_penalty"}


def steps_inside_statement_periods(db, years: Iterable[int]) -> list[dict]:
    """The steps of ``GUARDED_STEPS`` cases recorded about ``years`` (from the December before to the January after:
    a statement period of five working days reaches no further) on a day the party's statement period, counted on
    the calendar as it now stands, had not yet run (``procedure._statement_over_guard`` refuses that day now), the
    step on or after the service of the case's notice in force: each {"case_id", "case_number", "step", "on", "due"
    (the period's last day, None where several parties each have their own), "problem" (the refusal the step would
    meet now)}, by case number and day."""
    from workstation.procedure import _statement_over_guard, statement_deadline
    from workstation.store import get_case

    years = sorted(set(years))
    if not years:
        return []
    rows = db.execute(
        "SELECT e.case_id, c.case_number, e.from_status, e.to_status, COALESCE(e.on_date, substr(e.at, 1, 10)) "
        "AS day FROM case_events e JOIN cases c ON c.id = e.case_id WHERE e.kind = 'transition' "
        "AND COALESCE(e.on_date, substr(e.at, 1, 10)) BETWEEN ? AND ? ORDER BY c.case_number, day",
        [f"{years[0] - 1}-12-01", f"{years[-1] + 1}-01-31"]).fetchall()
    found = []
    cases: dict[str, object] = {}
    for case_id, number, before, after, day in rows:
        step = GUARDED_STEPS.get((before, after))
        if step is None:
            continue
        case = cases.get(case_id) or cases.setdefault(case_id, get_case(db, case_id))
        if case.notice_served_on and day < case.notice_served_on:  # before the notice in force was served
            continue
        problem = _statement_over_guard(db, case, day)
        if not problem:
            continue
        period = statement_deadline(db, case)
        found.append({"case_id": case_id, "case_number": number or "", "step": step, "on": day,
                      "due": period.due if period is not None and period.due else None, "problem": problem})
    return found


def steps_lines(found: list[dict]) -> list[str]:
    """``steps_inside_statement_periods`` for the officer: a line counting the cases, then one a step (indented);
    nothing when there are none."""
    from workstation.vocabulary import shown_label

    if not found:
        return []
    cases = len({item["case_id"] for item in found})
    lines = [ngettext("{count} case recorded a step inside the party's period to state, defend and request a hearing "
                      "as it is now counted; check it (the case was not changed):",
                      "{count} cases recorded a step inside the party's period to state, defend and request a "
                      "hearing as it is now counted; check them (the cases were not changed):", cases).format(
        count=cases)]
    for item in found:
        step = shown_label("transitions", item["step"])
        if item["due"]:
            lines.append("  " + _("{case}: “{step}” recorded on {date}, but the period now runs until {due}").format(
                case=item["case_number"], step=step, date=item["on"], due=item["due"]))
        else:
            lines.append("  " + _("{case}: “{step}” recorded on {date}: {problem}").format(
                case=item["case_number"], step=step, date=item["on"], problem=item["problem"]))
    return lines
