"""The rectification reports awaited after administrative interviews (行政约谈) as deadlines of the deadline board:
each interview held with a rectification deadline, no follow-up finding it rectified and no escalation to a case gives
one, due on the day the interview set (one still scheduled gives none until it is held). 约谈 is administrative
guidance with no statutory period (REFERENCE §2.4), so the period is the interview's own; but it is a deadline the
party must meet, and one ending on a rest day runs to the next working day (REFERENCE §1.2 rule 3,
``store.interviews.rolled_deadline``), as the follow-up counts it. It is met by a follow-up finding the rectification
made (or by the case it was escalated to): one not rectified or not verified keeps it on the board."""

from __future__ import annotations

from typing import TYPE_CHECKING

from workstation.db import Database
from workstation.i18n import _
from workstation.masking import mask_text

if TYPE_CHECKING:
    from workstation.clocks import ClockRule, Deadline, _Engine
    from workstation.records import Interview

#: how long a row's party names may be on the board, as a lead's target is cut
NAME_LENGTH = 24
#: a ``Deadline.detail`` item (ROLLED, the day typed): the deadline typed fell on a rest day and runs to ``due``
ROLLED = "rolled_off_rest_day"
#: a ``Deadline.detail`` item (MAYBE_REST_DAY, the day typed, ``store.interviews.deadline_maybe_rest_day``'s kind and
#: holiday): the deadline typed may be a rest day of a year whose holidays are not known yet, counted as running to
#: ``due`` for now (日历待核实)
MAYBE_REST_DAY = "maybe_rest_day"


def interview_rule() -> ClockRule:
    """The board's time limit of an interview's rectification report: set by the interview, no statutory period."""
    from workstation.clocks import ClockRule

    return ClockRule(id=_("Interview"), title=_("rectification report after the interview"), period=0, unit="cd",
                     start="interview", source=_("the deadline set at the interview (administrative guidance, no "
                                                 "statutory period)"))


def counted_rule(engine: _Engine, start: int | None, due: int | None, typed: int, rolled: int) -> ClockRule:
    """``interview_rule`` with the period the interview set, as its 约谈记录 words it (``formkit.interview_values.
    rectification_terms``): the working days from the day after the interview when the deadline falls exactly that
    many working days after it (the usual ``store.interviews.rectification_workdays``, make-up working days counted),
    else the calendar days; the rule as it is when there is no period to tell (a deadline on or before the
    interview's day). Only the day is kept, not the unit the officer counted in: a day that happens to be a whole
    number of working days after the interview is said in working days, as the record words it (28 days to a
    Thursday, 20 working days). The period is that of the day typed (``typed``; ``rolled`` the working day it runs
    to off a rest day) when ``due`` is that day or ``rolled`` — a typed 30 days ending on a Saturday stays 30 days,
    due on the Monday, as the record prints it, never the working days that Monday happens to be —; else (the later
    day an issued 约谈记录's working days end on) that of ``due``."""
    from dataclasses import replace

    rule = interview_rule()
    if rolled == due:
        due = typed
    if start is None or due is None or due <= start:
        return rule
    workdays = engine.cal.workdays_between_ord(start, due)
    if workdays > 0 and engine.cal.add_workdays_ord(start, workdays) == due:
        period, unit = workdays, "wd"
    else:
        period, unit = due - start, "cd"
    counted = replace(rule, period=period, unit=unit)
    return replace(counted, source=_("the deadline set at the interview, {period} after it (administrative guidance, "
                                     "no statutory period)").format(period=counted.unit_text()))


def _awaited(db: Database, agency_id: str | None) -> list[tuple]:
    """(id, held_on, rectification_due, names of the parties awaited: ``awaited_party_names``) of the interviews whose
    rectification report is awaited: held, and a party of it neither followed up as rectified nor escalated
    (``store.interviews.follow_up_overdue``'s reading)."""
    # a follow-up of the whole interview chosen as rectified meets it; one not rectified or not verified does not
    from workstation.stats import DECLINED_CASE

    where = ("rectification_due IS NOT NULL AND rectification_due != '' AND (COALESCE(follow_up_result, '') = '' "
             "OR party_results IS NOT NULL OR COALESCE(follow_up_outcome, '') != 'rectified') "
             # an escalation to a case whose filing was declined has ended (``store.interviews.declined_escalations``)
             f"AND (case_id IS NULL OR party_results IS NOT NULL OR case_id IN (SELECT id FROM cases WHERE "
             f"{DECLINED_CASE})) "
             # only one held: not one its party did not attend (no rectification is awaited), nor one still
             # scheduled (a deadline set ahead is awaited once it was held), nor one voided (``follow_up_overdue``)
             "AND status = 'held'")
    params: list = []
    if agency_id:
        from workstation.store.agencies import AGENCY_AND_OFFICES

        where += f" AND agency_id IN ({AGENCY_AND_OFFICES})"
        params += [agency_id, agency_id]
    rows = db.execute(f"SELECT i.id, i.held_on, i.rectification_due FROM interviews i WHERE {where}", params).fetchall()
    names = awaited_party_names(db, [row[0] for row in rows])
    return [(*row, names.get(row[0], "")) for row in rows]


def party_names(db: Database, interview_ids: list[str]) -> dict[str, str]:
    """{interview id: its parties' names joined with 、} in the order the interview lists them (the order they were
    entered, as the register and its documents name them), never in the order of their ids."""
    return {interview_id: "、".join(name for _party, name in listed)
            for interview_id, listed in _parties_listed(db, interview_ids).items()}


def awaited_party_names(db: Database, interview_ids: list[str]) -> dict[str, str]:
    """``party_names`` of the parties whose rectification report is still awaited: of a joint interview those neither
    followed up as rectified nor escalated to a case (each its own, ``store.interviews.party_awaited``), in the
    order entered; an interview awaiting none is left out."""
    from workstation.store.interviews import escalations_in_force, get_interview, party_awaited, party_result

    names = {}
    for interview_id, listed in _parties_listed(db, interview_ids).items():
        interview = get_interview(db, interview_id)
        # an escalation to a case whose filing was declined has ended: awaited again
        results = escalations_in_force(db, [party_result(interview, party_id) for party_id, _name in listed])
        awaited = [name for (_party_id, name), r in zip(listed, results, strict=True) if party_awaited(r)]
        if awaited:
            names[interview_id] = "、".join(awaited)
    return names


def _parties_listed(db: Database, interview_ids: list[str]) -> dict[str, list[tuple[str, str]]]:
    """{interview id: [(party id, name)]} in the order the interview lists its parties."""
    listed: dict[str, list[tuple[str, str]]] = {}
    for start in range(0, len(interview_ids), 500):  # within SQLite's limit of bound values
        ids = interview_ids[start:start + 500]
        for interview_id, party_id, name in db.execute(
                "SELECT ip.interview_id, p.id, p.name FROM interview_parties ip JOIN parties p ON p.id = ip.party_id "
                f"WHERE ip.interview_id IN ({', '.join('?' * len(ids))}) ORDER BY ip.rowid", ids):
            listed.setdefault(interview_id, []).append((party_id, name))
    return listed


def _confirmed(db: Database, engine: _Engine, interview: Interview, start: int | None, due: int | None) -> bool:
    """False (日历待核实) for a rectification deadline the register marks so (``store.interviews.
    deadline_unconfirmed_years``, the one reading of it): counted in working days after the interview through a year
    without holiday data, or typed in on a day that may be a rest day of such a year — the working day it runs to is
    not certain yet."""
    from workstation.store.interviews import deadline_unconfirmed_years

    return start is None or due is None or not deadline_unconfirmed_years(db, interview, calendar=engine.cal)


def interview_deadlines(db: Database, engine: _Engine, agency_id: str | None = None,
                        officer_id: str | None = None) -> list[Deadline]:
    """The rectification report of every interview still awaiting it (of ``agency_id`` and its offices when
    given; with ``officer_id``, of the interviews that officer held), its state counted on the engine's day; its
    officers are the interviewers (``store.interviews.interviewing_officers``)."""
    from workstation.clocks import DUE_SOON_DAYS, Deadline
    from workstation.store.interviews import (
        PENDING_LABELS,
        deadline_in_force,
        deadline_maybe_rest_day,
        follow_up_overdue,
        follow_up_pending,
        get_interview,
        interviewing_officers,
    )

    out = []
    for interview_id, held_on, due_on, names in _awaited(db, agency_id):
        interview = get_interview(db, interview_id)
        # every party followed up or escalated (each its own): nothing awaited (on a day after the deadline, the
        # reading of ``follow_up_overdue``)
        if not follow_up_overdue(interview, "9999-12-31", db, calendar=engine.cal, documents=[]):
            continue
        officers = interviewing_officers(db, interview)
        if officer_id is not None and officer_id not in officers:
            continue
        # a deadline on a rest day runs to the next working day (REFERENCE §1.2 rule 3)
        start, typed = engine.ordinal(held_on), engine.ordinal(due_on)
        due = rolled = engine.cal.roll_forward_ord(typed)
        if due - engine.today <= DUE_SOON_DAYS:  # near or past: the working days its issued record gives may end later
            due = engine.ordinal(deadline_in_force(db, interview, calendar=engine.cal) or due_on)
        left = due - engine.today
        state = "overdue" if left < 0 else "due_soon" if left <= DUE_SOON_DAYS else "open"
        # the case column names the interview by its day; its parties are the party column's (``name_rows``), numbers
        # masked before the names are cut, so that no number is cut in half
        label_text = _("Interview of {date}").format(date=held_on)
        if pending := follow_up_pending(interview):  # followed up, not rectified or not verified: said so
            label_text = _("{label} ({state})").format(label=label_text, state=_(PENDING_LABELS[pending]))
        # the day typed, a rest day, run to the next working day — or, in a year whose holidays are not known yet,
        # perhaps a rest day (日历待核实) —: the calculation says so, unless an issued record's days end later
        maybe = deadline_maybe_rest_day(engine.cal, due_on)
        detail = () if due != rolled else ((MAYBE_REST_DAY, typed, *maybe),) if maybe is not None else \
            ((ROLLED, typed),) if typed < rolled else ()
        deadline = Deadline("", label_text, counted_rule(engine, start, due, typed, rolled), state, start, due, left,
                            confirmed=_confirmed(db, engine, interview, start, due),
                            detail=detail, interview_id=interview_id)
        deadline.party_label = mask_text(names or "")[:NAME_LENGTH]
        deadline.officers = "、".join(db.execute("SELECT name FROM officers WHERE id = ?", [o]).fetchone()[0]
                                     for o in officers)
        out.append(deadline)
    return out


def explain_interview_deadline(d: Deadline) -> list[str]:
    """How an interview's rectification deadline came about (the period it set, in working days or in days, as the
    record prints it) and what meets it, one line each."""
    import datetime as dt

    from workstation.store.interviews import unknown_rest_day_deadline

    r = d.rule
    # hedged in a year whose holidays are not known yet, as the register's warning is (``deadline_rest_day_warning``)
    rolled = [_("The deadline set, {typed}, is a rest day: a deadline the party must meet runs to the next working "
                "day, {due}.").format(typed=dt.date.fromordinal(item[1]).isoformat(), due=d.due)
              if item[0] == ROLLED else
              unknown_rest_day_deadline(item[2:], dt.date.fromordinal(item[1]).isoformat(), d.due)
              for item in d.detail if item[0] in (ROLLED, MAYBE_REST_DAY)]
    return [_("Set at the interview of {held}: the party reports its rectification within {period}, by {due}.").format(
                held=d.start, period=r.unit_text(), due=d.due) if r.period else
            _("Set at the interview of {held}: the party reports its rectification by {due}.").format(
                held=d.start, due=d.due),
            *rolled,
            # a follow-up finding it not rectified or not verified keeps it on the board (``follow_up_overdue``)
            _("Met by recording the follow-up on the interviews page (Follow-up…), or by escalating the interview "
              "to a case."),
            _("Deadline: {date}.").format(date=d.due),
            _("Source: {source}").format(source=d.rule.source)]
