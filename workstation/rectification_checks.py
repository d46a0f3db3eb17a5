"""The re-inspection (复查) after a 责令改正通知书 (REFERENCE §2.2 No. 33) as a deadline of the board and of the case.

An issued order that is neither voided nor replaced by an issued correction, and sets a 改正期限 or a 报送期限, gives
one row for the party it is addressed to (each party of a case receives its own order): due a few working days
(``check_working_days``: resources/law/thresholds.toml ``[rectification_check]``, UNCONFIRMED practice) after the
later of the two days (one on a rest day run to the next working day, REFERENCE §1.2 rule 3) — a finding of 未改正
is taken only once the 改正期限 is over (store/clock_events), so the row is never overdue on the first day it can be
met —, running until a re-inspection of that order is recorded (a one-day clock event of kind ``CHECK`` whose
``clock`` column holds the order's id, or that of an order its correction replaced: ``CHAIN_SQL``, and whose
``days`` column the result, ``RESULTS``), overdue after it. The days are the order's own, set by the agency in
practice: there is no statutory period, so the row carries no T number and no article. A case closed without a
re-inspection ends its rows there, saying so. The board reads the orders of every case it shows in one query
(``board_checks``), not one per case."""

from __future__ import annotations

from typing import TYPE_CHECKING

from workstation.db import Database
from workstation.i18n import _
from workstation.store.interviews import deadline_on_rest_day, rolled_deadline
from workstation.vocabulary import label, shown_label

if TYPE_CHECKING:
    from workstation.clocks import ClockRule, Deadline, _Engine

#: the clock-event kind of a re-inspection after a 责令改正通知书 (vocabulary [clock_events] and [one_off_events])
CHECK = "rectification_check"
#: the form of the 责令改正通知书
FORM = "rectification_order"
#: the id of the board rows (the ``clock`` of ``clocks --json``): no statutory time limit, so no T number
CLOCK = "rectification_check"
#: the result of a re-inspection as kept in its event's ``days`` column, with its key in [rectification_results]
RESULTS = {1: "corrected", 2: "partly_corrected", 3: "not_corrected"}
#: the state of a row once the re-inspection was recorded (vocabulary [deadline_states]): off the running list
CHECKED = "checked"
NOT_CORRECTED = 3
PARTLY_CORRECTED = 2
CORRECTED = 1
#: the detail of a row whose 改正期限 or 报送期限 falls on a rest day: (ROLLED, the day typed, the working day it runs
#: to, the first year of the two days whose holidays are not known yet — the day run to then being counted, 日历待核实 —
#: or None)
ROLLED = "rectification_rolled"
#: the fact of the case (``Case.law_conditions``, catalogue.toml [conditions]) that the party refused to correct after
#: being ordered to (拒不改正: 个人信息保护法 art. 66 para. 1 then fines, REFERENCE §4.5)
REFUSED = "refused_correction"

# the order ``d`` and every order it replaces, correction after correction (its ``supersedes`` chain): a
# re-inspection recorded on the order a correction replaces is the re-inspection of the correction (the same order,
# reworded: an added phone number …), matched so rather than moved to the correction's id
CHAIN_SQL = (
    "(WITH RECURSIVE chain(id) AS (SELECT d.id UNION SELECT s.supersedes_id FROM documents s JOIN chain "
    "ON s.id = chain.id WHERE s.supersedes_id IS NOT NULL) SELECT id FROM chain)")
# the orders in force of the cases (one per row), with the party each is written for (else the case's first) and
# the re-inspection recorded for it or an order it replaces; ``{where}`` narrows the cases
ORDERS_SQL = (
    "SELECT d.id, d.case_id, {number}, c.status, d.number, json_extract(d.values_json, '$.signed_on'), "
    "json_extract(d.values_json, '$.correct_by'), json_extract(d.values_json, '$.submit_by'), "
    "COALESCE(json_extract(d.values_json, '$.party_id'), (SELECT cp.party_id FROM case_parties cp "
    "WHERE cp.case_id = d.case_id ORDER BY cp.position LIMIT 1)), json_extract(d.values_json, '$.party_name'), "
    "json_extract(d.values_json, '$.consequence'), "
    "(SELECT e.starts_on || '|' || e.days || '|' || e.id FROM clock_events e WHERE e.case_id = d.case_id "
    "AND e.kind = '" + CHECK + "' AND e.clock IN " + CHAIN_SQL + " ORDER BY e.starts_on DESC LIMIT 1) "
    "FROM documents d JOIN cases c ON c.id = d.case_id "
    "WHERE d.form_id = '" + FORM + "' AND d.status = 'issued' AND d.id NOT IN (SELECT supersedes_id FROM documents "
    "WHERE supersedes_id IS NOT NULL AND status = 'issued') "
    "AND (COALESCE(json_extract(d.values_json, '$.correct_by'), '') != '' "
    "OR COALESCE(json_extract(d.values_json, '$.submit_by'), '') != '') AND {where} ORDER BY d.issued_at, d.rowid")


def check_working_days() -> int:
    """The working days after the order's last day (its 改正期限, or its 报送期限 when later) by which the
    re-inspection is due (resources/law/thresholds.toml ``[rectification_check] working_days``: practice,
    UNCONFIRMED)."""
    from workstation.law.data import load

    return int(load("thresholds")["rectification_check"]["working_days"])


def check_rule() -> ClockRule:
    """The time limit of a re-inspection: ``check_working_days`` after the days the order set, no statutory
    period."""
    from workstation.clocks import ClockRule
    from workstation.law.data import load

    # titled as the event that meets it (责令改正复查), its English twin in vocabulary_en.toml [clock_titles]
    return ClockRule(id=CLOCK, title=label("clock_events", CHECK), period=check_working_days(), unit="wd",
                     start="rectification_order",
                     source=_("the days set in the 责令改正通知书 and the working days after them kept in "
                              "thresholds.toml (practice; no statutory period)"),
                     unconfirmed=str(load("thresholds")["rectification_check"].get("unconfirmed", "")))


def _orders(db: Database, where: str, params: list) -> list[tuple]:
    from workstation.case_reference import FILED_NUMBER_SQL

    # (``documents`` has no case_number column: the number is the case's)
    return db.execute(ORDERS_SQL.format(number=FILED_NUMBER_SQL, where=where), params).fetchall()


def _deadlines(db: Database, engine: _Engine, rows: list[tuple], board: bool) -> list[Deadline]:
    from workstation.clocks import DUE_SOON_DAYS, ENDED_STATUSES, Deadline

    rule = check_rule()
    party_ids = sorted({row[8] for row in rows if row[8]})
    names: dict[str, str] = {}
    if party_ids:
        import json

        names = dict(db.execute("SELECT id, name FROM parties WHERE id IN (SELECT value FROM json_each(?))",
                                [json.dumps(party_ids)]).fetchall())
    out = []
    for (doc_id, case_id, case_number, status, doc_number, signed_on, correct_by, submit_by, party_id, party_name,
         consequence, check) in rows:
        # a day on a rest day runs to the next working day (REFERENCE §1.2 rule 3); the party's last day is the
        # later of the two: a re-inspection after it
        correct_to, submit_to = (rolled_deadline(db, day, calendar=engine.cal) for day in (correct_by, submit_by))
        last = max(engine.ordinal(day) for day in (correct_to, submit_to) if day)
        typed = min(engine.ordinal(day) for day in (correct_by, submit_by) if day)
        due = engine.add(rule.unit, last, rule.period)
        start = engine.ordinal(signed_on) if signed_on else None
        checked_on, result, event_id = (check.split("|", 2) if check else (None, None, None))
        if check:
            state, left, done = CHECKED, None, engine.ordinal(checked_on)
        elif status in ENDED_STATUSES:
            state, left, done = "ended", None, None
        else:
            left = due - engine.today
            state = "overdue" if left < 0 else "due_soon" if left <= DUE_SOON_DAYS else "open"
            done = None
        if board and state not in ("overdue", "due_soon", "open"):
            continue
        deadline = Deadline(case_id, case_number or "", rule, state, start, due, left,
                            engine.span_confirmed(typed, due), done,
                            event_id=event_id, party=names.get(party_id) or party_name or "", party_id=party_id,
                            document_id=doc_id,
                            detail=(("rectification", doc_number or "", correct_by or "", submit_by or "",
                                     RESULTS.get(int(result)) if result else "", consequence or ""),
                                    *_moved(engine, (correct_by, correct_to), (submit_by, submit_to))))
        out.append(deadline)
    return out


def _moved(engine: _Engine, *days: tuple[str | None, str | None]) -> tuple[tuple, ...]:
    """The details of the days typed on a rest day, each with the working day it runs to and the first year of the
    two whose holidays the engine's calendar does not know (None when it knows them: said as a fact, not hedged
    however far the re-inspection runs into a year not known), which the calculation says (``ROLLED``); once each (a
    改正期限 and 报送期限 on the same day)."""
    return tuple(dict.fromkeys((ROLLED, typed, moved, _unknown_year(engine, typed, moved))
                               for typed, moved in days if typed and moved != typed))


def _unknown_year(engine: _Engine, typed: str, moved: str) -> int | None:
    """The first year from ``typed``'s to ``moved``'s whose holidays the engine's calendar does not know; None."""
    return next((year for year in range(int(typed[:4]), int(moved[:4]) + 1) if not engine.cal.confirmed(year)),
                None)


def board_checks(db: Database, engine: _Engine, agency_id: str | None = None,
                 officer_id: str | None = None) -> list[Deadline]:
    """The re-inspections awaited of the open cases (of ``agency_id`` and its offices, of ``officer_id``'s cases when
    given), in one query."""
    from workstation.clocks import ENDED_STATUSES, case_filter

    where = f"c.status NOT IN ({', '.join('?' * len(ENDED_STATUSES))}) AND NOT EXISTS (SELECT 1 FROM clock_events e " \
            f"WHERE e.case_id = d.case_id AND e.kind = '{CHECK}' AND e.clock IN {CHAIN_SQL})"
    more, params = case_filter(agency_id, officer_id, agency="c.agency_id", case_id="d.case_id")
    where += more
    params[:0] = ENDED_STATUSES
    return _deadlines(db, engine, _orders(db, where, params), board=True)


def case_checks(db: Database, engine: _Engine, case_id: str) -> list[Deadline]:
    """Every re-inspection row of one case: awaited, recorded (已复查) or ended with the case."""
    return _deadlines(db, engine, _orders(db, "d.case_id = ?", [case_id]), board=False)


def result_label(key: str, labelled=label) -> str:
    return labelled("rectification_results", key)


def explain_check(d: Deadline) -> list[str]:
    """How a re-inspection row came about and what meets it, one line each."""
    _kind, number, correct_by, submit_by, result, consequence = d.detail[0]
    rolled = {item[1]: (item[2], item[3]) for item in d.detail[1:] if item[0] == ROLLED}  # typed: (to, unknown year)
    (correct_to, correct_unknown), (submit_to, submit_unknown) = (
        rolled.get(day, (day, None)) for day in (correct_by, submit_by))
    order = _("the 责令改正通知书 {number}").format(number=number) if number else _("the 责令改正通知书")
    lines = []
    if correct_by:
        lines.append(_("Set in {order} issued on {signed}: the party corrects by {day}.").format(
            order=order, signed=d.start or "—", day=correct_by))
        lines += _rest_day_line(correct_by, correct_to, correct_unknown)
    if submit_by:
        lines.append(_("Set in {order}: the party submits its written report by {day}.").format(
            order=order, day=submit_by))
        lines += _rest_day_line(submit_by, submit_to, submit_unknown)
    lines.append(_("The re-inspection is due {days} working days after {day} (practice, UNCONFIRMED: the number "
                   "is kept in resources/law/thresholds.toml).").format(
        days=d.rule.period, day=max(day for day in (correct_to, submit_to) if day)))
    lines.append(_("Due: {date}. Met by recording the re-inspection (“{kind}”) of this order in the case's "
                   "Deadlines section (Record clock event…).").format(date=d.due,
                                                                      kind=shown_label("clock_events", CHECK)))
    if d.state == CHECKED:
        lines.append(_("Re-inspected on {date}: {result}.").format(date=d.done_on,
                                                                    result=result_label(result, shown_label)))
        if result == RESULTS[NOT_CORRECTED]:
            lines.append(_("Not corrected: the order said “{consequence}”. Decide the next step: file a case "
                           "(立案) if none is filed yet, or take the further action the order announced.").format(
                consequence=consequence or "—"))
        if result in (RESULTS[NOT_CORRECTED], RESULTS[PARTLY_CORRECTED]):
            lines.append(_refusal_suggestion())
    elif d.state == "ended":
        lines.append(_("The case was closed without a re-inspection recorded: this item ended with the case."))
    lines.append(_("Source: {source}").format(source=d.rule.source))
    return lines


def _rest_day_line(typed: str, moved: str, unknown: int | None) -> list[str]:
    """The line of the calculation saying the day ``typed`` is a rest day run to ``moved`` (REFERENCE §1.2 rule 3),
    hedged when the calendar of ``unknown``, a year of the two days, is not known yet (日历待核实: ``_moved``); none
    on a working day."""
    if not moved or moved == typed:
        return []
    if unknown is not None:
        return [_("{typed} is counted as a rest day: the deadline runs to the next working day, counted as {moved} "
                  "until the calendar of {year} is known (日历待核实).").format(typed=typed, moved=moved,
                                                                          year=unknown)]
    return [_("{typed} is a rest day: a deadline the party must meet runs to the next working day, {moved}."
              ).format(typed=typed, moved=moved)]


def orders_to_check(db: Database, case_id: str) -> list[tuple[str, str]]:
    """(id, label) of the case's orders in force with a 改正期限 or 报送期限 not yet re-inspected, oldest first: what
    the clock-event dialog offers for a re-inspection. Each is due on the later of its two days run past the rest
    days it falls on to the next working day (REFERENCE §1.2 rule 3), as the board, ``explain_check`` and the
    refusal of an early finding count, the day the order writes in brackets when it is another."""
    from workstation.clocks import data_dir_of
    from workstation.workdays import default_calendar

    out, calendar = [], None
    for (doc_id, _case, _number, _status, doc_number, signed_on, correct_by, submit_by, _party, party_name,
         _consequence, check) in _orders(db, "d.case_id = ?", [case_id]):
        if not check:  # the query keeps the orders with at least one of the two days
            if calendar is None:  # read once, for the case's orders
                calendar = default_calendar(data_dir_of(db))
            day, typed = max((rolled_deadline(db, typed, calendar=calendar), typed)
                             for typed in (correct_by, submit_by) if typed)
            number = doc_number or _("order of {date}").format(date=signed_on or "—")
            if day == typed:
                label = _("{number} to {party}, due {day}").format(number=number, party=party_name or "—", day=day)
            else:
                label = _("{number} to {party}, due {day} (the order writes {typed})").format(
                    number=number, party=party_name or "—", day=day, typed=typed)
            out.append((doc_id, label))
    return out


def order_in_force(db: Database, case_id: str, document_id: str) -> tuple | None:
    """(signed_on, the re-inspection already recorded "date|result|event id" or None, the last day the party has to
    correct, its 改正期限 as typed or "") of the order ``document_id`` of the case in force with a deadline — or of the
    correction in force that replaces it (a re-inspection recorded on the order before it was corrected) —; None
    when it is no such order. The last day to correct is the 改正期限 run past the rest days it falls on to the next
    working day (REFERENCE §1.2 rule 3), or the day of the order when it orders to correct at once (no 改正期限):
    the 报送期限 is the day of the written report, not a time to correct."""
    rows = _orders(db, "d.case_id = ? AND ? IN " + CHAIN_SQL, [case_id, document_id])
    if not rows:
        return None
    signed_on, check, correct_by = rows[0][5], rows[0][11], rows[0][6]
    if not correct_by:
        return signed_on, check, signed_on, ""
    return signed_on, check, rolled_deadline(db, correct_by), correct_by


def deadline_warnings(db: Database, values: dict) -> list[str]:
    """What the officer is told (not refused) before issuing a 责令改正通知书 whose 改正期限 or 报送期限 falls on a rest
    day of the deadlines' calendar: the party's deadline runs to the next working day (REFERENCE §1.2 rule 3), which
    the re-inspection and the deadline board count to — in a year whose holidays are not known yet, said as
    unconfirmed (日历待核实) for a day that may be a rest day —, as an interview's rectification deadline is said
    (``store.interviews.deadline_on_rest_day``); none on working days or for a day not read."""
    out = []
    for key, what in (("correct_by", "改正期限"), ("submit_by", "报送期限")):
        due = str(values.get(key) or "")[:10]
        subject = _("The {what} {due} of the 责令改正通知书").format(what=what, due=due)
        if warning := deadline_on_rest_day(db, due, subject, _("the re-inspection")):
            out.append(warning)
    return out


def _refusal_suggestion() -> str:
    """The line of a re-inspection finding the order 未改正 or 部分改正: the fact 拒不改正 may be recorded."""
    from workstation.law.data import load

    fact = load("catalogue")["conditions"][REFUSED]
    return _("If the party refuses to correct, record the fact “{fact}” (拒不改正) under Penalty and discretion… "
             "(tick “{fact}”), or on the command line with `cases facts CASE --fact {key}`: 个人信息保护法 art. 66 "
             "para. 1 then provides a fine.").format(fact=fact, key=REFUSED)


def _order_named(doc_number: str | None, signed_on: str | None) -> str:
    return _("the 责令改正通知书 {number}").format(
        number=doc_number or _("order of {date}").format(date=signed_on or "—"))


def _findings(db: Database, case_id: str) -> tuple[list[tuple], list[tuple], list[tuple]]:
    """The case's orders in force with a 改正期限 or 报送期限, as (order named, re-inspected on): those whose latest
    re-inspection found them not or partly corrected, those it found corrected, those not re-inspected yet."""
    not_corrected, corrected, awaited = [], [], []
    for row in _orders(db, "d.case_id = ?", [case_id]):
        named, check = _order_named(row[4], row[5]), row[11]
        if not check:
            awaited.append((named, None))
            continue
        checked_on, result, _event = check.split("|", 2)
        (corrected if int(result) == CORRECTED else not_corrected).append((named, checked_on))
    return not_corrected, corrected, awaited


def refused_correction_refusal(db: Database, case_id: str) -> str | None:
    """Why the fact 拒不改正 (``REFUSED``) cannot be recorded on the case (None when it can): the latest
    re-inspection of each of its orders re-inspected found it corrected (已改正) and none found it not or partly
    corrected, so the party did not refuse to correct; the orders named with the days of their re-inspection."""
    not_corrected, corrected, _awaited = _findings(db, case_id)
    if not_corrected or not corrected:
        return None
    found = "；".join(_("{order}, re-inspected on {date}").format(order=named, date=day) for named, day in corrected)
    return _("The re-inspection found the party corrected (已改正): {found}. The fact “拒不改正” (个人信息保护法 "
             "art. 66 para. 1) is a refusal to correct after being ordered to, so it cannot be recorded. "
             "Leave it unrecorded, or correct the re-inspection recorded if it is wrong.").format(found=found)


def refused_correction_warning(db: Database, case_id: str) -> str | None:
    """What the case lacks to show the fact 拒不改正 (``REFUSED``), recorded nonetheless (the order may have been
    given on paper): an order issued here with a 改正期限, or a re-inspection of it finding it not corrected (未改正 or
    部分改正). None when a re-inspection found so, or when recording the fact is refused
    (``refused_correction_refusal``)."""
    not_corrected, corrected, awaited = _findings(db, case_id)
    if not_corrected or corrected:
        return None
    if not awaited:
        return _("No 责令改正通知书 with a 改正期限 is issued on this case here, and no re-inspection found the party "
                 "not corrected (未改正 or 部分改正): “拒不改正” (个人信息保护法 art. 66 para. 1) is a refusal to correct "
                 "after being ordered to. Check that the order was issued (on paper) and its re-inspection found it "
                 "not corrected.")
    return _("No re-inspection of {orders} is recorded yet, so none found the party not corrected (未改正 or "
             "部分改正): “拒不改正” (个人信息保护法 art. 66 para. 1) is a refusal to correct after being ordered to. "
             "Record the re-inspection (Record clock event…) once made.").format(
        orders="、".join(named for named, _day in awaited))
