"""Cases: validation, creation and editing (audited, with a timeline event), case numbers, the filtered and
sorted case list with search, and the case timeline."""

from __future__ import annotations

import json
import re
import string
import unicodedata
from array import array
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import lru_cache

from workstation.audit import AuditWriter
from workstation.case_reference import (
    FILED_NUMBER_SQL,
    UNFILED_SHOWN,
    case_named,
    case_number_typed,
    filed_number,
    number_key,
    number_year_refusal,
    numbered_alike,
    search_key,
    stored_number,
)
from workstation.db import Database
from workstation.db.connection import immediate
from workstation.errors import NotFound, ValidationError, WorkstationError, join_sentences
from workstation.i18n import N_, _
from workstation.penalty_terms import ENDED_UNDECIDED_SQL
from workstation.records import Case, CaseEvent, CaseRow, Officer, now, today
from workstation.store.agencies import AGENCY_AND_OFFICES, agency_condition, listed_agency_condition
from workstation.store.base import dumps, fetch_dict, fetch_dicts, from_row, write_row
from workstation.store.leads import MASK_CHARS
from workstation.store.sort_keys import fill_sort_keys
from workstation.validators import USCC_FORM, compact_code, normalize_id_number, parse_date, year_slip
from workstation.vocabulary import labels

DATE_FIELDS = ("lead_received_on", "filed_on", "review_on", "notice_served_on", "decided_on", "served_on", "closed_on")
COUNT_FIELDS = ("records_trace", "records_sensitive", "records_other", "illegal_gains_fen", "fine_fen",
                "confiscated_fen")

# The natural order of case numbers (佛南市监立〔2026〕9号 before 〔2026〕10号): the text up to the year's closing
# bracket (agency prefix and four-digit year), then the length (in one prefix and year a longer number has the
# larger serial), then the number itself. A number without a year bracket sorts before those with one, by length
# and text (9 before 12); the other brackets officers type (case_reference) close a year too, such numbers sorting
# beside, not among, the ones in 〔〕. Cheap built-in functions only: the key is computed for each row a filtered or
# otherwise sorted list considers, and the expression indexes of m025 serve the list's ORDER BY (which must repeat
# these expressions exactly); a change of these expressions needs a migration that makes those indexes again.
_YEAR_END = ", ".join(f"instr(case_number, '{bracket}')" for bracket in "〕]】）)")
NUMBER_ORDER = (f"substr(case_number, 1, max({_YEAR_END}))", "length(case_number)", "case_number")


def rank_sql(column: str, keys: Iterable[str]) -> str:
    """SQL: the position of ``column``'s key among ``keys`` (an unknown key after them all)."""
    keys = list(keys)
    whens = " ".join(f"WHEN '{key}' THEN {n}" for n, key in enumerate(keys))
    return f"(CASE {column} {whens} ELSE {len(keys)} END)"


def status_order() -> str:
    """SQL: a case's status as its rank in the procedure (待立案, 立案调查 … 已结案, 已归档: the vocabulary lists the
    statuses in the order a case goes through them), the same in every language."""
    return rank_sql("status", labels("statuses"))


def sector_order() -> str:
    """SQL: a case's sector as its rank in the vocabulary's list of sectors (其他 last)."""
    return rank_sql("sector", labels("sectors"))


@lru_cache(maxsize=1)
def reference_districts() -> tuple[str, ...]:
    """The districts of the reference agencies (``resources/reference/agencies.toml``) in pinyin order, as officers
    know it from Excel and WPS (``sort_keys.text_sort_key``): 禅城区, 高明区, 南海区, 三水区, 顺德区 — not by character
    code, which puts 三水区 first and 禅城区 (a second-level character of GB 2312) among the last."""
    import tomllib

    from workstation.paths import resource
    from workstation.store.sort_keys import text_sort_key

    with resource("reference", "agencies.toml").open("rb") as fh:
        agencies = tomllib.load(fh)["agency"]
    names = {agency.get("district", "") for agency in agencies if agency.get("level") == "district"}
    return tuple(sorted((name for name in names if name), key=text_sort_key))


def district_order() -> str:
    """SQL: a case's district as its rank in pinyin order among the reference districts (``reference_districts``);
    any other (the city bureau's own cases, which have none) after them. The index of m064 repeats it exactly: the
    districts of the reference file changed need a migration making that index again (until then the list still
    sorts right, without the index)."""
    return rank_sql("district", reference_districts())


def district_order_index() -> str:
    """The index of the case list sorted by 辖区 (m064): the districts' pinyin rank, the district itself (the order of
    any other among themselves), then the natural number order, as the list's ORDER BY names them
    (``_order_terms``)."""
    return f"CREATE INDEX cases_district_order ON cases({district_order()}, district, {', '.join(NUMBER_ORDER)})"


def case_order_indexes() -> list[str]:
    """The indexes the case list's sort orders use (m025): the natural number order, alone and after the status
    and sector ranks, and after each exact filter (status, sector, district) so that a filtered list needs no sort.
    They hold the vocabulary's orders of today: a status or sector added or moved needs a migration making them
    again (until then the list still sorts right, without the index)."""
    number = ", ".join(NUMBER_ORDER)
    return [f"CREATE INDEX cases_number_order ON cases({number})",
            f"CREATE INDEX cases_status_order ON cases({status_order()}, {number})",
            f"CREATE INDEX cases_sector_order ON cases({sector_order()}, {number})",
            f"CREATE INDEX cases_status_number ON cases(status, {number})",
            f"CREATE INDEX cases_sector_number ON cases(sector, {number})",
            f"CREATE INDEX cases_district_number ON cases(district, {number})"]


def column_order_indexes() -> list[str]:
    """The indexes of m042: the list sorted by 涉案信息条数 (the three record counts summed) and by 登记日期, each before
    the natural number order (the list's tie-break), so that a page of either sort, either way, is read from an
    index instead of sorting every case (the first term repeats ``SORT_COLUMNS``' exactly, as the ORDER BY names
    it). The filing-date index holds what the plain one of m001 did (``cases_filed``, which m042 drops)."""
    number = ", ".join(NUMBER_ORDER)
    return [f"CREATE INDEX cases_records_order ON cases({SORT_COLUMNS['records_total']}, {number})",
            f"CREATE INDEX cases_filed_order ON cases({SORT_COLUMNS['filed_on']}, {number})"]


SORT_COLUMNS = {
    # party and cause in pinyin order (their GB18030 keys, ``sort_keys``), as in Excel and WPS; the districts in that
    # order too, by their rank (``district_order``, in ``_order_terms`` with the statuses' and sectors')
    "party_names": "party_sort", "cause": "cause_sort", "filed_on": "filed_on",
    "records_total": "(records_trace + records_sensitive + records_other)",
    # fines and confiscation as the list shows them: as decided, each party's decision in force counted once
    # (penalty_terms.decided_sql) and one revoked on the party's reconsideration or lawsuit not at all, else, before
    # the decision, as proposed (拟; shown_penalties_sql), kept on each case by triggers and indexed (m043, m046,
    # ``sort_keys.penalty_key_triggers``): worked out for every case at each page, the sort held the window 0.2–0.4 s
    # a page at 100,000 cases
    "penalties_fen": "penalty_sort",
}


@lru_cache(maxsize=1)
def list_columns() -> str:
    """The columns of a case list row (``CaseRow``). The number of a case not filed reads ""
    (case_reference.UNFILED_MARK); named apart from the column, which the ORDER BY of NUMBER_ORDER must name so that
    the indexes of m025 serve it. The 罚没金额 leaves out a decision revoked on the party's reconsideration or lawsuit,
    as the statistics do, and says how much was revoked (``penalty_terms.listed_penalties_sql``: made on first use,
    it reads ``clocks``)."""
    from workstation.penalty_terms import listed_penalties_sql

    shown, revoked = listed_penalties_sql()
    return (f"id, {FILED_NUMBER_SQL} AS filed_number, party_names, cause, sector, district, agency_id, status, "
            "filed_on, records_trace + records_sensitive + records_other AS records_total, "
            f"{shown} AS penalties_fen, {ENDED_UNDECIDED_SQL} AS penalties_undecided, "
            f"{revoked} AS penalties_revoked_fen")


@dataclass(frozen=True)
class CaseFilter:
    """What the case list shows: exact filters, a search text and the sort order."""

    status: str | None = None
    sector: str | None = None
    district: str | None = None
    agency_id: str | None = None
    search: str = ""
    order_by: str = "case_number"
    descending: bool = False
    # with agency_id: every case of the agency and the offices under it, the city bureau's being the whole city (a
    # hand-out's cases), rather than the list's filter, which gives the city bureau its own cases only
    agency_tree: bool = False


#: the most characters a 案由 holds, as the register import takes it (``importing.register.TEXT_LIMITS``)
CAUSE_LIMIT = 500


def case_field_errors(db: Database, case: Case, *, existing: bool, stored: Case | None = None,
                      fine_follows_document: bool = False) -> dict[str, str]:
    """Field errors of a case as the editor shows them ({} when valid); ``stored``: the case as it is stored, whose
    dates are not refused again when kept as they are (``_step_errors``), and which, closed or archived, keeps its
    record counts, amounts and 案由 (``closed_figures_errors``; its fine all the same when it ``fine_follows_document``
    issued or voided, ``update_case``)."""
    from workstation.store.parties import text_field_problem

    errors: dict[str, str] = {}
    if not case.cause.strip():
        errors["cause"] = _("Enter the cause of the case (案由).")
    elif (problem := text_field_problem(case.cause, CAUSE_LIMIT)) and not (stored and case.cause == stored.cause):
        errors["cause"] = problem  # one stored before this check is not refused at every later edit
    if case.sector not in labels("sectors"):
        errors["sector"] = _("Choose a sector.")
    if case.status not in labels("statuses"):
        errors["status"] = _("Unknown case status {status}.").format(status=case.status)
    bad = [v for v in case.violations if v not in labels("violations")]
    if bad:
        errors["violations"] = _("Unknown violation type {name}.").format(name=bad[0])
    from workstation.decision_review import ALL_MARKED_GROUNDS

    bad = [g for g in case.review_grounds if g not in ALL_MARKED_GROUNDS]
    if bad:
        errors["review_grounds"] = _("Unknown ground of legal review or collective discussion {name}; known: "
                                     "{known}.").format(name=bad[0], known=", ".join(ALL_MARKED_GROUNDS))
    if db.execute("SELECT 1 FROM agencies WHERE id = ?", [case.agency_id]).fetchone() is None:
        errors["agency_id"] = _("Choose the agency handling the case.")
    elif stored is not None and (refusal := agency_change_refusal(db, stored, case)):
        errors["agency_id"] = refusal  # documents under its bureau's 文号 bind the case to it
    number = number_key(case.case_number)  # 佛南市监立(2026)9号 is 佛南市监立〔2026〕9号, as stored
    if number:
        clash = next((other for case_id, other in numbered_alike(db, number) if case_id != case.id), None)
        # a number stored already is not refused at every later edit
        own = existing and db.execute("SELECT 1 FROM cases WHERE id = ? AND case_number = ?",
                                      [case.id, number]).fetchone() is not None
        if clash is not None:
            errors["case_number"] = _("Case number {number} is already used by another case.").format(
                number=clash)
        elif not own and unfiled(replace(case, case_number=""), stored):  # a 立 number is the filed case's (§3.1)
            from workstation.bundle.conflict_text import FIELD_LABELS

            errors["case_number"] = _("“{field}”: a case not filed has no case number; it is numbered when it is "
                                      "filed. Leave the field empty.").format(field=_(FIELD_LABELS["case_number"]))
        elif not own and (voided := voided_case_number(db, number)) is not None and \
                not _voided_for(stored, voided[1]):
            errors["case_number"] = voided_number_refusal(*voided)
        elif (refusal := number_year_refusal(number, int(today()[:4]))) and not own:
            errors["case_number"] = refusal
    elif existing and not unfiled(case, stored):
        errors["case_number"] = _("Enter the case number.")
    for field in COUNT_FIELDS:
        value = getattr(case, field)
        if not isinstance(value, int) or value < 0:
            errors[field] = _("Must be zero or a positive whole number.")
    if "confiscated_fen" not in errors and (problem := _confiscation_problem(case, stored)):
        errors["confiscated_fen"] = problem
    if stored is not None:
        errors |= closed_figures_errors(stored, replace(case, fine_fen=stored.fine_fen) if fine_follows_document
                                        else case, db)
        for field, refusal in decided_legal_errors(db, stored, case).items():
            errors.setdefault(field, refusal)  # a closed case's own refusal said first
    _date_errors(case, stored, errors, redone_after(db, case))
    _step_errors(case, stored, errors)
    _proposal_errors(case, errors)
    if not case.party_ids:
        errors["party_ids"] = _("Add at least one party.")
    for pid in case.party_ids:
        if db.execute("SELECT 1 FROM parties WHERE id = ?", [pid]).fetchone() is None:
            errors["party_ids"] = _("A party of this case does not exist.")
    if stored is not None and "party_ids" not in errors:
        from workstation.penalty_terms import party_change_refusal

        # a decision issued to it binds the party; a case decided on the spot has its one
        if refusal := party_change_refusal(db, stored, case):
            errors["party_ids"] = refusal
    for oid in case.officer_ids:
        if db.execute("SELECT 1 FROM officers WHERE id = ?", [oid]).fetchone() is None:
            errors["officer_ids"] = _("An officer of this case does not exist.")
    if "officer_ids" not in errors and (refusal := _officers_edit_refusal(db, case, stored)):
        errors["officer_ids"] = refusal
    return errors


#: the statuses of a case filed and still in its officers' hands: investigated, reviewed, told of its penalty, decided
#: and served (REFERENCE §1.1). An edit of its officers or of its agency does not leave it without two officers on duty
#: holding certificates (``_officers_edit_refusal``); the officers' steps are refused then too
#: (``procedure._officers_refusal``). A case ended, closed or with the police keeps the officers it recorded.
OFFICERS_NEEDED = ("investigating", "suspended", "investigation_concluded", "under_review", "pre_notice", "hearing",
                   "decision_pending", "penalty_decided", "served")


def officers_agency(db: Database, agency_id: str) -> str:
    """The agency whose officers, with those of the offices under it, handle a case of ``agency_id``: a town office's
    (市场监管所) district bureau, else the agency itself — the officers the case editor offers (``list_officers``)."""
    from workstation.documents.numbering import numbering_owner

    return numbering_owner(db, agency_id) or agency_id  # the bureau a town office numbers and works under


def outside_agency_refusal(db: Database, agency_id: str, officer: Officer) -> str | None:
    """Why ``officer`` does not handle a case of ``agency_id`` (None when they do): they are an officer of another
    agency than the case's bureau and its offices (``officers_agency``), and the documents would print them."""
    owner = officers_agency(db, agency_id)
    if db.execute(f"SELECT 1 WHERE ? IN ({AGENCY_AND_OFFICES})", [officer.agency_id, owner, owner]).fetchone():
        return None
    names = dict(db.execute("SELECT id, name FROM agencies WHERE id IN (?, ?)", [officer.agency_id or "", owner]))
    return _("{name} is an officer of {agency}; this case is handled by officers of {owner} and its offices.").format(
        name=officer.name, agency=names.get(officer.agency_id) or "—", owner=names.get(owner) or "—")


def case_officers_counted(db: Database, case: Case) -> tuple[int, list[str]]:
    """(how many of the case's officers count as its investigators, what is said of each who does not): on duty
    (not deactivated), holding an enforcement certificate, of the case's agency or its offices (Penalty Law arts. 42,
    55). An officer not in the register is left out (``case_field_errors`` says so)."""
    counted, problems = 0, []
    for oid in dict.fromkeys(case.officer_ids):
        row = fetch_dict(db, "SELECT * FROM officers WHERE id = ?", [oid])
        if row is None:
            continue
        officer = from_row(Officer, row, active=bool(row["active"]))
        if not officer.active:
            problems.append(_("{name} is no longer an active officer: replace them in the case.").format(
                name=officer.name))
        elif not officer.certified:
            problems.append(_("{name} has no enforcement certificate.").format(name=officer.name))
        elif refusal := outside_agency_refusal(db, case.agency_id, officer):
            problems.append(refusal)
        else:
            counted += 1
    return counted, problems


def _officers_edit_refusal(db: Database, case: Case, stored: Case | None) -> str | None:
    """Why an edit cannot name the officers of a case filed and in its officers' hands (``OFFICERS_NEEDED``): fewer
    than two of them count (``case_officers_counted``). Only an edit of the officers or of the agency is refused: a
    case stored (its officers since left) takes any other edit, and its next step says what is missing; a case
    created (a register's, without officers) or one the procedure moves is stored as it is."""
    if stored is None or stored.status not in OFFICERS_NEEDED or (
            set(case.officer_ids) == set(stored.officer_ids) and case.agency_id == stored.agency_id):
        return None
    counted, problems = case_officers_counted(db, case)
    if counted >= 2:
        return None
    return join_sentences([_("A filed case is handled by at least two active officers with enforcement certificates "
                             "(Penalty Law arts. 42, 55); {n} of the officers named count.").format(n=counted),
                           *problems])


#: the documents an agency-change refusal names, the decisions first; those after them are counted
NAMED_DOCUMENTS = 3


def _bureau_documents(db: Database, case: Case) -> tuple[str, str] | None:
    """(the name of ``case``'s bureau, the documents issued in the case under its 文号 and not voided, as said),
    None when there is none: the decisions first, then in the order issued, the first ``NAMED_DOCUMENTS`` named."""
    rows = db.execute("SELECT title, number FROM documents WHERE case_id = ? AND status = 'issued' AND "
                      "COALESCE(number, '') != '' ORDER BY form_id IN ('penalty_decision', 'no_penalty_decision', "
                      "'on_the_spot_decision') DESC, issued_at, rowid", [case.id]).fetchall()
    if not rows:
        return None
    bureau = db.execute("SELECT name FROM agencies WHERE id = ?", [officers_agency(db, case.agency_id)]).fetchone()
    documents = "、".join(f"{title}{number}" for title, number in rows[:NAMED_DOCUMENTS])
    if len(rows) > NAMED_DOCUMENTS:
        documents = _("{documents} and others, {n} in all").format(documents=documents, n=len(rows))
    return bureau[0] if bureau else "—", documents


def agency_change_refusal(db: Database, stored: Case, case: Case) -> str | None:
    """Why the edit ``case`` cannot hand the ``stored`` case to another bureau (None when it can): documents issued in
    it and not voided carry its bureau's 文号 (the 立案审批表, the 行政处罚决定书 …), and the documents after them, headed
    by the new bureau, would cite them as its own (本局…作出), while the statistics counted the case in the new
    district. A move between the bureau and its town offices, whose documents go out in the bureau's name under its
    文号 (``officers_agency``), changes no bureau; a case whose numbered documents are all voided moves as before. A
    case another agency has jurisdiction over is transferred to it (案件移送函), not edited into its hands."""
    if case.agency_id == stored.agency_id or officers_agency(db, case.agency_id) == officers_agency(db, stored.agency_id):
        return None
    if (bound := _bureau_documents(db, stored)) is None:
        return None
    from workstation.bundle.conflict_text import FIELD_LABELS

    return _("Case {case}: the “{field}” cannot be changed, as documents of the case were issued under the 文号 of "
             "{bureau} ({documents}) and those after them cite them as their own bureau's; nothing was changed. If the "
             "case was entered under the wrong agency, void those documents first (saying why); if another agency "
             "has jurisdiction, transfer the case to it with a 案件移送函.").format(
        case=case_named(stored.case_number, stored.party_names, stored.cause), field=_(FIELD_LABELS["agency_id"]),
        bureau=bound[0], documents=bound[1])


def agency_locked_note(db: Database, case: Case) -> str | None:
    """What the case editor says under the agency while the case may not leave its bureau (``agency_change_refusal``;
    None while it may): the documents binding it and what to do instead. Its town offices stay offered."""
    if (bound := _bureau_documents(db, case)) is None:
        return None
    return _("Documents of the case were issued under the 文号 of {bureau} ({documents}): the case stays with that "
             "bureau and its offices. If it was entered under the wrong agency, void those documents first; if another "
             "agency has jurisdiction, transfer the case to it with a 案件移送函.").format(
        bureau=bound[0], documents=bound[1])


def voided_case_number(db: Database, number: str) -> tuple[str, str] | None:
    """(the number as kept, why) when ``number`` reads as (``number_key``) a case number kept void
    (``_keep_changed_number``, a restore's ``keep_case_numbers``): a case number once given is never given again
    (REFERENCE §3.1). None when it is not one. Found through a GLOB on the key with the year's brackets left open, as
    ``numbered_alike`` finds the cases. Why: the reason it was kept and those of the numbers its case was changed to
    after it (``_later_changes``), the last naming the number that case carries now."""
    from workstation.documents.number_blocks import CASE_TYPE_CODE

    key = number_key(number)
    if not key:
        return None
    pattern = "".join(f"[{c}]" if c in "*?[" else "?" if c in "〔〕" else c for c in key)
    rows = db.execute("SELECT number, void_reason FROM doc_numbers WHERE number GLOB ? AND type_code = ? AND "
                      "status = 'void' ORDER BY voided_at", [pattern, CASE_TYPE_CODE])
    found = next(((kept, reason or "") for kept, reason in rows if number_key(kept) == key), None)
    return None if found is None else (found[0], _later_changes(db, *found))


def _later_changes(db: Database, number: str, reason: str) -> str:
    """``reason``, why the case number ``number`` is kept void, followed by why each number its case carried after
    it is: a number changed by an edit is kept for the number it was changed to (``_keep_changed_number`` names it),
    and that one, changed in turn, for the next (佛南市监立〔2026〕9号 changed to 19号, 19号 to 29号: the reasons of
    9号 and 19号, the last naming 29号). Each number once, as a number given back to its case (29号 to 9号) closes
    the chain."""
    from workstation.documents.number_blocks import CASE_TYPE_CODE

    seen, reasons = {number}, [reason]
    while reason:
        rows = db.execute("SELECT number, void_reason FROM doc_numbers WHERE type_code = ? AND status = 'void' AND "
                          "instr(?, number) > 0 ORDER BY voided_at", [CASE_TYPE_CODE, reason])
        later = next(((kept, why or "") for kept, why in rows if kept not in seen), None)
        if later is None:
            break
        seen.add(later[0])
        reason = later[1]
        reasons.append(reason)
    return _("; ").join(r for r in reasons if r)


def _voided_for(stored: Case | None, reason: str) -> bool:
    """Whether the case number kept void for ``reason`` (``voided_case_number``: why, with the changes of its case
    after it) was the case ``stored``'s own: its chain of changes reaches the number ``stored`` carries now, so it
    is a number of this case given back to it (9号 changed to 19号 then 29号, and back to 9号), still the case it was
    given to first. A number taken from another case names that case's numbers, never this one's."""
    return stored is not None and bool(stored.case_number) and stored.case_number in (reason or "")


def voided_number_refusal(number: str, reason: str) -> str:
    """Why a case number kept void (``voided_case_number``: the number, why it was kept) cannot be given to a case."""
    return _("Case number {number} is void ({reason}): a case number once given is never given again, as paper "
             "served under it points to the case it was given first. Enter another number.").format(
        number=number, reason=reason or "—")


#: the statuses of a case not filed: it has no 立 number until it is (REFERENCE §3.1)
UNFILED_STATUSES = ("pending_filing", "not_filed")


def unfiled(case: Case, stored: Case | None = None) -> bool:
    """Whether the case was never filed (立案): 待立案, 不予立案, or decided on the spot (简易程序) without filing. Such
    a case carries no 立 number; filing gives it the next one (``procedure.apply``). With ``stored`` (the case as
    stored before this change): a case stored without a number that is not being filed stays unfiled whatever its
    status — a 不予立案 case closed (结案) or archived takes no 立 number."""
    if not case.filed_on and (case.status in UNFILED_STATUSES or case.procedure_kind == "simple"):
        return True
    return stored is not None and not stored.case_number and not case.case_number and not case.filed_on


def redone_after(db: Database, case: Case) -> str | None:
    """The day of the latest order of the whole case to decide anew (撤销并责令重新作出, clock event
    ``challenge_redo`` naming no party) on or after the case's decision date, None without one: a pre-penalty notice
    served on or after it precedes the new decision, and is dated after the revoked decision the case still records
    until the new one (``_date_errors``)."""
    if not case.decided_on or not case.id:
        return None
    row = db.execute("SELECT MAX(starts_on) FROM clock_events WHERE case_id = ? AND kind = 'challenge_redo' AND "
                     "COALESCE(party_id, '') = '' AND starts_on >= ?", [case.id, case.decided_on]).fetchone()
    return row[0] if row else None


def _date_errors(case: Case, stored: Case | None, errors: dict[str, str], redone: str | None = None) -> None:
    """The case's dates against the order of the procedure (``DATE_FIELDS``). ``redone``: the day the whole case's
    decision was ordered made anew (``redone_after``): a pre-penalty notice served on or after it belongs to the new
    round, and is not refused for coming after the revoked decision the case records. A date that is no date is
    named by its field's label, as the proposal's (``proposal_refusal``): 线索接收日期：…"""
    from workstation.bundle.conflict_text import FIELD_LABELS

    def named(field: str, exc: ValueError) -> str:
        return _("{field}: {message}").format(field=_(FIELD_LABELS[field]), message=exc)

    if case.act_on:
        try:
            act = parse_date(case.act_on)
        except ValueError as exc:
            errors["act_on"] = named("act_on", exc)
        else:
            first = next((getattr(case, f) for f in DATE_FIELDS if getattr(case, f)), None)
            if first and act > first:
                errors["act_on"] = _("The act cannot have occurred after the case's first recorded date ({date})."
                                     ).format(date=first)
    previous = None
    for field in DATE_FIELDS:
        value = getattr(case, field)
        if not value:
            continue
        try:
            iso = parse_date(value)
        except ValueError as exc:
            errors[field] = named(field, exc)
            continue
        if (previous and iso < previous[1] and not (redone and field == "decided_on"
                                                     and previous[0] == "notice_served_on" and previous[1] >= redone)):
            _order_error(case, stored, previous, (field, iso), errors)
        previous = (field, iso)


def _order_error(case: Case, stored: Case | None, earlier: tuple[str, str], later: tuple[str, str],
                 errors: dict[str, str]) -> None:
    """Say that the step ``earlier`` (field, ISO date) of the procedure is dated after the step ``later`` under the
    date the officer changed: the later one, unless it is kept as ``stored`` holds it while the earlier one was
    typed (a 线索接收日期 typed after the 立案日期, which the procedure recorded and the editor shows read only)."""
    from workstation.bundle.conflict_text import FIELD_LABELS

    def changed(field: str) -> bool:
        return stored is None or _date_or_none(getattr(case, field)) != getattr(stored, field)

    typed_earlier = not changed(later[0]) and changed(earlier[0])
    (field, date), (other, other_date) = (earlier, later) if typed_earlier else (later, earlier)
    message = _("“{field}” {date} is after “{other}” {other_date}, a later step of the procedure: enter a date on "
                "or before {other_date}.") if typed_earlier else _(
        "“{field}” {date} is before “{other}” {other_date}, an earlier step of the procedure: enter a date on or "
        "after {other_date}.")
    errors[field] = message.format(field=_(FIELD_LABELS[field]), date=date, other=_(FIELD_LABELS[other]),
                                   other_date=other_date)


# the dates the procedure actions record (procedure.TRANSITIONS, whose 当场处罚 records the decision and its service)
STEP_FIELDS = ("filed_on", "review_on", "notice_served_on", "decided_on", "served_on", "closed_on")
_ON_THE_SPOT = ("decide_on_the_spot", ("decided_on", "served_on"))
# the decision revoked with a new one ordered (procedure ``redecide``) takes the case back to its decision keeping the
# dates it had: a case whose decision was ordered made again is awaiting it with them, and goes on from there as a case
# that never took those steps would (what it reaches so is not counted as reached after them)
_BACK = "redecide"
# 转为普通程序 takes a case decided on the spot back to 待立案 with its decision's dates cleared: no step is reached by it
_LEFT_SIMPLE = "leave_simple_procedure"


@lru_cache(maxsize=1)
def _steps() -> tuple[dict[str, tuple[str, ...]], dict[str, frozenset[str]]]:
    """{date field: the actions recording it} and {date field: the statuses a case can be in once it took that
    step}: the step's own state and every state the procedure leads on to from it."""
    from workstation.decided_transfer import DECIDED_ON
    from workstation.procedure import TRANSITIONS

    following: dict[str, set[str]] = {}
    actions: dict[str, list[str]] = {field: [] for field in STEP_FIELDS}
    targets: dict[str, set[str]] = {field: set() for field in STEP_FIELDS}
    back = next(t for t in TRANSITIONS if t.name == _BACK)
    for transition in TRANSITIONS:
        if transition is back or transition.name == _LEFT_SIMPLE:
            continue
        for source in transition.sources + transition.several_parties_sources:
            if transition.name == "transfer_to_police" and source in DECIDED_ON:
                continue  # transferred after its decision, the case keeps its status (decided_transfer)
            following.setdefault(source, set()).add(transition.target)
        fields = _ON_THE_SPOT[1] if transition.name == _ON_THE_SPOT[0] else (transition.date_field,)
        for field in fields:
            if field in actions:
                actions[field].append(transition.name)
                targets[field].add(transition.target)
    reached = {}
    for field, starts in targets.items():
        seen, todo = set(starts), list(starts)
        while todo:
            for status in following.get(todo.pop(), ()):
                if status not in seen:
                    seen.add(status)
                    todo.append(status)
        if seen & set(back.sources):
            seen.add(back.target)
        reached[field] = frozenset(seen)
    return {f: tuple(names) for f, names in actions.items()}, reached


def step_actions(field: str) -> tuple[str, ...]:
    """The names of the procedure actions that record the date ``field`` (none: a date typed on the case)."""
    return _steps()[0].get(field, ())


def step_reached(field: str, status: str) -> bool:
    """Whether a case in ``status`` can have taken the procedure step whose date is ``field`` (any date that is not
    a step's: True)."""
    reached = _steps()[1].get(field)
    return reached is None or status in reached


def future_date_errors(case: Case, stored: Case | None = None) -> dict[str, str]:
    """The dates of the case still to come (after today) as the officer typed them (the case editor; the register
    import checks its own), by field; a date kept as ``stored`` holds it is not refused again."""
    errors = {}
    for field in DATE_FIELDS:
        iso = _date_or_none(getattr(case, field))
        if iso and iso > today() and (stored is None or iso != getattr(stored, field)):
            errors[field] = _("{date} is still to come (today is {today}): enter the day it happened.").format(
                date=iso, today=today())
    return errors


def _step_errors(case: Case, stored: Case | None, errors: dict[str, str]) -> None:
    """A date given for a procedure step the case's status has not reached (the actions record it when the case
    takes the step). A date kept as ``stored`` holds it is not refused again (an edit of something else goes
    through)."""
    from workstation.vocabulary import shown_label

    for field in DATE_FIELDS:
        value = getattr(case, field)
        if not value or field in errors:
            continue
        iso = parse_date(value)
        if stored is not None and iso == getattr(stored, field):
            continue
        if not step_reached(field, case.status):
            actions = _("” or “").join(shown_label("transitions", name) for name in step_actions(field))
            errors[field] = _("A case in status “{status}” has not taken this step yet: its date is recorded by the "
                              "procedure action “{action}” when the case takes it.").format(
                status=shown_label("statuses", case.status), action=actions)


def proposal_refusal(proposed_on, filed_on=None, received_on=None) -> str | None:
    """Why ``proposed_on`` cannot be the day a filing was proposed for approval (立案呈批日期), or None: a real day,
    not still to come nor in a year before ``validators.EARLIEST_YEAR`` (``year_slip``), not after the approval
    (``filed_on``, the filing date) nor before the lead was received (``received_on``). A wrong ``filed_on`` or
    ``received_on`` is said at its own field."""
    try:
        proposed = parse_date(proposed_on)
    except ValueError as exc:
        return _("Filing proposed on: {error}").format(error=exc)
    if proposed is None:
        return None
    if proposed > today():
        return _("Filing proposed on: {date} is still to come (today is {today}).").format(date=proposed,
                                                                                         today=today())
    if slip := year_slip(proposed, _("The day the filing was proposed")):
        return slip
    filed, received = _date_or_none(filed_on), _date_or_none(received_on)
    if filed and proposed > filed:
        return _("Filing proposed on: {date} is after the filing date {filed}; a filing is approved on or after the "
                 "day it was proposed.").format(date=proposed, filed=filed)
    if received and proposed < received:
        return _("Filing proposed on: {date} is before the lead was received ({received}).").format(
            date=proposed, received=received)
    return None


def _date_or_none(value) -> str | None:
    try:
        return parse_date(value)
    except ValueError:
        return None


#: what a closed (结案) or archived case keeps as it was closed with it: its record counts, amounts, 违法行为 and 案由
#: (its violations give its law and the statistics' counts by violation, as its documents stated them)
CLOSED_FIELDS = ("records_trace", "records_sensitive", "records_other", "illegal_gains_fen", "fine_fen",
                 "confiscated_fen", "violations", "cause")


def closed_figures_note(case: Case, db: Database | None = None) -> str | None:
    """What the case editor says of the record counts, amounts and 案由 of a closed (结案) or archived case, which it
    shows read only (None while the case is open): they stay as the case was closed with them, as its evidence is no
    longer counted into them (``evidence_count.closed_refusal``) — its documents and the statistics state them, and
    nothing reopens a closed case to change them —; a closing recorded too early is undone step by step (撤销上一步,
    ``step_undo``), the figures corrected and the case closed again. With ``db``: None too for a case closed with no
    step recorded and no decision issued (``closed_as_entered``), whose figures are corrected as typed."""
    from workstation.store.parties import SETTLED_STATUSES
    from workstation.vocabulary import shown_label

    if case.status not in SETTLED_STATUSES or (db is not None and closed_as_entered(db, case)):
        return None
    return _("The case is “{status}”: its record counts, amounts, violations and cause stay as it was closed with "
             "them, and a closed case is not reopened to change them. If it was closed too early, undo the steps back to before "
             "its closing (撤销上一步 in the case's workspace), correct them and close it again.").format(
        status=shown_label("statuses", case.status))


def closed_as_entered(db: Database, case: Case) -> bool:
    """Whether a closed or archived case was entered so (a register row imported 已结案, a case typed in closed)
    rather than closed by the procedure: no procedure step is recorded in it (``step_undo.last_step``) and no
    decision (行政处罚决定书, 不予行政处罚决定书, 当场行政处罚决定书) was issued in it and not voided. Nothing was closed with
    its record counts, amounts and 案由 then, and no step can be undone to correct them (``step_undo`` has none to
    undo): they are corrected as typed, the edit audited as every edit is."""
    from workstation.penalty_terms import DECISION_FORMS
    from workstation.step_undo import last_step

    if last_step(db, case.id) is not None:
        return False
    forms = ", ".join("?" * len(DECISION_FORMS))
    return db.execute(f"SELECT 1 FROM documents WHERE case_id = ? AND status = 'issued' AND form_id IN ({forms}) "
                      "LIMIT 1", [case.id, *DECISION_FORMS]).fetchone() is None


def closed_figures_errors(stored: Case, case: Case, db: Database | None = None) -> dict[str, str]:
    """The field errors of an edit ``case`` of the ``stored`` case that changes what a closed or archived case keeps
    (``CLOSED_FIELDS``, ``closed_figures_note``), each naming its field; {} for an open case or none changed, and,
    with ``db``, for a case closed with no step recorded and no decision issued (``closed_as_entered``: imported
    已结案), whose figures and 案由 are corrected as typed."""
    from workstation.bundle.conflict_text import FIELD_LABELS
    from workstation.store.parties import SETTLED_STATUSES
    from workstation.vocabulary import shown_label

    if stored.status not in SETTLED_STATUSES:
        return {}
    changed = changed_fields(CLOSED_FIELDS, stored, case)
    if not changed or (db is not None and closed_as_entered(db, stored)):
        return {}
    return {field: _("“{field}” cannot be changed: the case is “{status}” and keeps the record counts, amounts, "
                     "violations and cause it was closed with; a closed case is not reopened to change them. If it was closed too "
                     "early, undo the steps back to before its closing (撤销上一步 in the case's workspace), correct "
                     "the field and close the case again.").format(
        field=_(FIELD_LABELS[field]), status=shown_label("statuses", stored.status)) for field in changed}


#: how a field of a case is compared to tell whether an edit changes it (``changed_fields``), where its raw value is
#: not: the violations' and the facts' order, the cause's spaces and an empty date or basis against none are no change
COMPARED_AS = {"violations": frozenset, "law_conditions": frozenset, "cause": str.strip,
               "act_on": lambda value: value or "", "penalty_norm": lambda value: value or ""}


def compared_value(field: str, value):
    """``value`` of the case field ``field`` as an edit is compared by (``COMPARED_AS``; the value itself else)."""
    return COMPARED_AS.get(field, lambda same: same)(value)


def changed_fields(fields, stored: Case, case: Case) -> list[str]:
    """Of the case fields ``fields``, those the edit ``case`` of ``stored`` changes (``compared_value``)."""
    return [field for field in fields
            if compared_value(field, getattr(case, field)) != compared_value(field, getattr(stored, field))]


#: what a decision in force states of its case, or decided it on, and the case no longer takes typed
#: (``binding_decisions``): its 违法行为 and the facts established that change the law applied, its penalty basis and
#: the date of its act (the provisions it cites as violated and as its basis follow from them: 条例 art. 24 for calls,
#: none for an act before a norm came into force), and its 案由 (its title, the 不予行政处罚决定书's 立案调查 sentence)
DECIDED_LEGAL_FIELDS = ("violations", "cause", "law_conditions", "penalty_norm", "act_on")


def binding_decisions(db: Database, case: Case) -> list[str]:
    """The decisions in force of the case that state its violations (违反的规定) and 案由, each named by its title and
    文号 (a 当场行政处罚决定书 by its pre-printed 编号), in the order issued: its 行政处罚决定书 in force
    (``penalty_terms.decisions_in_force``: a voided one or one replaced by a correction left out), then its
    不予行政处罚决定书 and 当场行政处罚决定书 issued and not voided nor replaced by a correction (``DOCUMENT_IN_FORCE``);
    each of ``penalty_terms.DECISION_FORMS`` decides the case on the provisions its violations give. [] for a case
    not stored."""
    from workstation.document_clocks import DOCUMENT_IN_FORCE
    from workstation.penalty_terms import DECISION_FORM, DECISION_FORMS, decisions_in_force

    if not case.id:
        return []
    named = [f"行政处罚决定书 {decision.number}".strip() for decision in decisions_in_force(db, case)]
    others = [form for form in DECISION_FORMS if form != DECISION_FORM]
    rows = db.execute(f"SELECT d.title, COALESCE(d.number, json_extract(d.values_json, '$.serial_no'), '') FROM "
                      f"documents d WHERE d.case_id = ? AND d.form_id IN ({', '.join('?' * len(others))}) AND "
                      f"{DOCUMENT_IN_FORCE} ORDER BY d.issued_at, d.rowid", [case.id, *others]).fetchall()
    return named + [f"{title} {number}".strip() for title, number in rows]


def decided_legal_note(db: Database, case: Case) -> str | None:
    """What the case editor says of the violations and 案由 of a case with a decision in force (``binding_decisions``:
    a 行政处罚决定书, 不予行政处罚决定书 or 当场行政处罚决定书), which it shows read only (None without one, a voided one
    included): the decision states them, with the provisions they give it — changed on the case, the case would no
    longer be the one decided, and its later documents (结案审批表 …) would cite another —, so the decision is voided
    first, and a new one issued on the corrected case, after a new 行政处罚告知书 when the provisions change (Penalty
    Law arts. 44, 62)."""
    decisions = binding_decisions(db, case)
    if not decisions:
        return None
    return _("The violations and cause, the facts changing the law applied, the penalty basis and the date of the "
             "act are those the {documents} in force decided on, and cannot be changed on the case. To change them, "
             "void the decision first (Void… in the case's documents, or docs void), correct "
             "them and decide again, telling the party of the changed provisions in a new 行政处罚告知书 before a "
             "penalty is decided (Penalty Law arts. 44, 62).").format(documents="、".join(decisions))


def decided_legal_errors(db: Database, stored: Case, case: Case) -> dict[str, str]:
    """The field errors of an edit ``case`` of the ``stored`` case that changes what a decision in force decided on
    (``DECIDED_LEGAL_FIELDS``: its violations, 案由, facts changing the law, penalty basis or date of the act;
    ``decided_legal_note``), each naming its field; {} when none is changed or no decision is in force."""
    from workstation.bundle.conflict_text import FIELD_LABELS

    changed = changed_fields(DECIDED_LEGAL_FIELDS, stored, case)
    if not changed or (note := decided_legal_note(db, stored)) is None:
        return {}
    return {field: join_sentences([_("“{field}” cannot be changed.").format(
        field=_(FIELD_LABELS[field])), note]) for field in changed}


def told_legal_note(db: Database, case: Case) -> str | None:
    """What the case editor says under the violations and 案由 of a case whose party was told of its penalty by a
    行政处罚告知书 (issued here and not voided, else its service recorded) and that has no decision in force: they
    may still be corrected, but the decision is held to the facts, provisions and basis the party was told of and
    heard on (Penalty Law arts. 44, 62) — a decision citing others is warned of as it is issued
    (``penalty_terms.told_provisions_warning``) —, so changed provisions are put to the party in a new notice
    first. None before any notice, and once a decision is in force (``decided_legal_note`` then)."""
    if binding_decisions(db, case):
        return None
    return told_note_undecided(db, case)


def told_note_undecided(db: Database, case: Case) -> str | None:
    """``told_legal_note`` for a case known to have no decision in force (``decided_legal_note`` None: not checked
    again): what the party was told of the violations by, and that they may still be corrected; None before any
    notice, and for a case not stored."""
    from workstation.penalty_terms import last_notice

    if not case.id:
        return None
    notice = last_notice(db, case)
    if notice is not None:
        told = _("The party was told of the violations and their provisions by the 行政处罚告知书 {number} of {date}.")\
            .format(number=notice.number, date=notice.issued_on)
    elif case.notice_served_on:
        told = _("The party was told of the violations and their provisions by the notice served on {date}.")\
            .format(date=case.notice_served_on)
    else:
        return None
    return join_sentences([told, _(
        "They may still be corrected, but a penalty is decided only on the facts, provisions and basis the party was "
        "told of and heard on (Penalty Law arts. 44, 62): if the violations change, issue a new 行政处罚告知书 before "
        "the decision.")])


def _confiscation_problem(case: Case, stored: Case | None) -> str | None:
    """Why the case cannot record its confiscated illegal gains (None when it can): more than the illegal gains it
    records — only what was gained illegally is confiscated (Penalty Law art. 28 para. 2), and the fine's range
    follows from the gains recorded, not from a larger confiscation. Not compared while no gains are recorded, nor
    for both amounts kept as stored before this check (not refused at every later edit)."""
    from workstation.money import figures

    gains, confiscated = case.illegal_gains_fen, case.confiscated_fen
    if not isinstance(gains, int) or not isinstance(confiscated, int) or not gains or confiscated <= gains:
        return None
    if stored is not None and (stored.illegal_gains_fen, stored.confiscated_fen) == (gains, confiscated):
        return None
    return _("{confiscated} confiscated is more than the illegal gains of {gains} the case records: only what was "
             "gained illegally is confiscated (Penalty Law art. 28 para. 2). Confiscate {gains} at most, or correct "
             "the illegal gains if they were larger.").format(confiscated=figures(confiscated), gains=figures(gains))


def _proposal_errors(case: Case, errors: dict[str, str]) -> None:
    refusal = proposal_refusal(case.filing_proposed_on, case.filed_on, case.lead_received_on)
    if refusal:
        errors["filing_proposed_on"] = refusal


def normalized_case(db: Database, case: Case, *, existing: bool, stored: Case | None = None,
                    fine_follows_document: bool = False) -> Case:
    errors = case_field_errors(db, case, existing=existing, stored=stored,
                               fine_follows_document=fine_follows_document)
    if errors:
        raise ValidationError(errors)
    dates = {f: parse_date(getattr(case, f)) for f in (*DATE_FIELDS, "act_on", "filing_proposed_on")}
    district = case.district.strip() or _agency_district(db, case.agency_id)
    return replace(case, case_number=number_key(case.case_number), cause=case.cause.strip(), district=district,
                   party_ids=list(dict.fromkeys(case.party_ids)),
                   officer_ids=list(dict.fromkeys(case.officer_ids)), **dates)


def _agency_district(db: Database, agency_id: str) -> str:
    row = db.execute("SELECT district FROM agencies WHERE id = ?", [agency_id]).fetchone()
    return row[0] if row else ""


def case_row(case: Case, created_at: str, updated_at: str) -> dict:
    """The ``cases`` row of a case (without its party/officer links)."""
    row = {f: getattr(case, f) for f in (
        "id", "cause", "sector", "agency_id", "district", "status", "party_names", "facts",
        "version", "act_on", "penalty_norm", "discretion_tier", "discretion_reason", *DATE_FIELDS, *COUNT_FIELDS,
        "filing_proposed_on", "procedure_kind")}
    row.update(case_number=stored_number(case.case_number, case.id), violations=dumps(case.violations), notice_waived=int(case.notice_waived),
               duty_related=int(case.duty_related), prior_punished=int(case.prior_punished),
               discretion_factors=dumps(case.discretion_factors), review_grounds=dumps(case.review_grounds),
               law_conditions=dumps(case.law_conditions), created_at=created_at, updated_at=updated_at)
    return row


def _check_numbering(db: Database) -> None:
    """Refused after a restore until the numbers taken since the backup are known here again (numbering hold)."""
    from workstation.numbering_hold import check_numbering

    check_numbering(db)


def filing_year(filed_on: str | None) -> int | None:
    """The year of the case number of a case filed on ``filed_on``: that date's year (a case filed on 2026-12-30 takes
    〔2026〕 whenever it is entered); None (this year) for no date, one not a date — refused elsewhere, naming the
    field —, or one in a year not begun."""
    try:
        filed = parse_date(filed_on) if filed_on else None
    except ValueError:
        return None
    return int(filed[:4]) if filed and filed[:4] <= today()[:4] else None


def next_case_number(db: Database, agency_id: str, year: int | None = None, *, consume: bool = False,
                     pending: Iterable[str] = (), check_blocks: bool = True,
                     highest: dict[tuple[str, int], int] | None = None) -> str:
    """The next free case number of the agency (or its district bureau) for the year: 佛南市监立〔2026〕3号. Where
    headquarters gave number blocks (号段) of the type code 立, inside this station's blocks, or past other stations'
    blocks (``documents.number_blocks.choose_case_serial``; ``pending``: numbers given to cases not stored yet);
    refused, before anything is written, when this station's blocks are used up. ``check_blocks`` False: the caller
    found no 立 block here (``number_blocks.has_case_blocks``, once for many numbers). ``highest``: {(bureau, year):
    the highest serial in use}, kept by a caller numbering many cases in one transaction (a register import): read
    once for each sequence and brought up to date with each number given here, not read again for every case."""
    from workstation.documents.number_blocks import (
        CASE_TYPE_CODE,
        block_year_held,
        case_number_prefixes,
        choose_case_serial,
        sequence_blocks,
        used_up_refusal,
    )

    if consume:
        _check_numbering(db)
    year = year or int(today()[:4])  # Beijing's year: a number issued on its 1 January is of the new year
    row = db.execute("SELECT COALESCE(NULLIF(a.doc_abbrev, ''), p.doc_abbrev, ''), "
                     "CASE WHEN a.level = 'town' THEN a.parent_id ELSE a.id END "
                     "FROM agencies a LEFT JOIN agencies p ON p.id = a.parent_id WHERE a.id = ?",
                     [agency_id]).fetchone()
    if row is None:
        raise NotFound(_("No agency {id}.").format(id=agency_id))
    abbrev, owner = row
    blocks = sequence_blocks(db, owner, CASE_TYPE_CODE, year) if check_blocks else []
    # a station that numbers inside headquarters' 立 blocks in another year waits for this year's block
    # (``choose_case_serial``)
    if blocks or (check_blocks and block_year_held(db, owner, CASE_TYPE_CODE, year) is not None):
        n = choose_case_serial(db, owner, year, blocks, pending)
        if n is None:
            raise WorkstationError(used_up_refusal(db, owner, abbrev, CASE_TYPE_CODE, year))
    else:
        seq = db.execute("SELECT last FROM number_sequences WHERE agency_id = ? AND kind = 'case' AND year = ?",
                         [owner, year]).fetchone()
        # past the numbers cases carry, or carried before an edit or a restore (``number_blocks.keep_case_number``),
        # written with the bureau's abbreviation or one it had before (``store.agencies.former_doc_abbrevs``): the
        # serials go on when the abbreviation changes. Above the highest of them, not in a gap below it (a register
        # imported with 20 and 21, a number typed as its paper bears it): a serial below may be on paper already,
        # and the register reads in order. The numbers of a register being imported (``pending``) are skipped only
        # (``importing.register._new_case_number``): reading them all again for each row without a number would
        # make a large register's import several times slower
        prefixes = list(dict.fromkeys([f"{abbrev}立〔{year}〕", *case_number_prefixes(db, owner, year)]))
        if highest is None or (owner, year) not in highest:
            in_use = _highest_case_serial(db, owner, year, prefixes)
            if highest is not None:
                highest[owner, year] = in_use
        else:
            in_use = highest[owner, year]
        n = max(seq[0] if seq else 0, in_use) + 1
        marks = ", ".join("?" * len(prefixes))
        while db.execute(f"SELECT 1 FROM cases WHERE case_number IN ({marks}) UNION ALL SELECT 1 FROM doc_numbers "
                         f"WHERE number IN ({marks})", [f"{p}{n}号" for p in prefixes] * 2).fetchone():
            n += 1
        if highest is not None:
            highest[owner, year] = n
    # a serial inside a block is issued by the case carrying it; one outside every block counts on this station's counter
    if consume and not any(b.holds(n) for b in blocks):
        db.execute("INSERT INTO number_sequences (agency_id, kind, year, last) VALUES (?, 'case', ?, ?) "
                   "ON CONFLICT(agency_id, kind, year) DO UPDATE SET last = excluded.last", [owner, year, n])
    return f"{abbrev}立〔{year}〕{n}号"


def _highest_case_serial(db: Database, owner: str, year: int, prefixes: list[str]) -> int:
    """The highest serial of the case sequence (``owner``, ``year``) in use: carried by a case under one of
    ``prefixes`` (佛南市监立〔2026〕), also by one whose number is written otherwise with the same abbreviation and year
    (佛南市监立〔2026〕57, 佛南市监立字〔2026〕第51号, 佛南市监立〔二〇二六〕58号, imported as a register wrote them:
    ``number_blocks.case_serial``, as ``number_blocks.case_serials`` reads them where 立 blocks are held), or kept
    taken in ``doc_numbers`` (``number_blocks.keep_case_number``); 0 when none. Read through the index of the case
    numbers, a prefix at a time; of the numbers written otherwise only those not written as the store writes them
    are read back (``number_blocks.numbers_written_otherwise``)."""
    from workstation.documents.number_blocks import case_serial, glob_text, numbers_written_otherwise

    highest = db.execute("SELECT COALESCE(MAX(serial), 0) FROM doc_numbers WHERE agency_id = ? AND type_code = '立' "
                         "AND year = ?", [owner, year]).fetchone()[0]
    for prefix in prefixes:
        start, pattern = len(prefix) + 1, glob_text(prefix) + "[0-9]*号"
        found = db.execute("SELECT MAX(CAST(substr(case_number, ?1, length(case_number) - ?1) AS INTEGER)) FROM cases "
                           "WHERE case_number GLOB ?2 AND substr(case_number, ?1, length(case_number) - ?1) "
                           "NOT GLOB '*[^0-9]*'", [start, pattern]).fetchone()[0]
        highest = max(highest, found or 0)
    serials = (case_serial(number, prefixes) for number in numbers_written_otherwise(db, prefixes))
    return max([highest, *(s for s in serials if s is not None)])


def refresh_cases_of_parties(db: Database, party_ids: Iterable[str]) -> int:
    """Recompute the party names (and with them the search index and the sort keys) of every case linked to one of
    ``party_ids``, as a party renamed by a merge or a conflict settled needs: only the cases whose names read
    otherwise now are written (an unchanged case's search index is left alone); the number of cases written."""
    ids = list(dict.fromkeys(party_ids))
    written = 0
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        cases = [r[0] for r in db.execute(f"SELECT DISTINCT case_id FROM case_parties WHERE party_id IN "
                                          f"({', '.join('?' * len(chunk))})", chunk)]
        for case_id in cases:
            names = "、".join(r[0] for r in db.execute(
                "SELECT p.name FROM case_parties cp JOIN parties p ON p.id = cp.party_id WHERE cp.case_id = ? "
                "ORDER BY cp.position", [case_id]))
            if db.execute("UPDATE cases SET party_names = ? WHERE id = ? AND party_names IS NOT ?",
                          [names, case_id, names]).rowcount:
                fill_sort_keys(db, case_id)
                written += 1
    return written


def refresh_party_names(db: Database, case_id: str) -> None:
    """Recompute the denormalised party names the case list shows and searches, and the sort keys of the names and
    the cause (``sort_keys``)."""
    names = [r[0] for r in db.execute("SELECT p.name FROM case_parties cp JOIN parties p ON p.id = cp.party_id "
                                      "WHERE cp.case_id = ? ORDER BY cp.position", [case_id])]
    db.execute("UPDATE cases SET party_names = ? WHERE id = ?", ["、".join(names), case_id])
    fill_sort_keys(db, case_id)  # the pinyin order of the party and cause columns


def _write_links(db: Database, case: Case) -> None:
    db.execute("DELETE FROM case_parties WHERE case_id = ?", [case.id])
    db.execute("DELETE FROM case_officers WHERE case_id = ?", [case.id])
    db.conn.executemany("INSERT INTO case_parties (case_id, party_id, position) VALUES (?, ?, ?)",
                        [(case.id, pid, i) for i, pid in enumerate(case.party_ids)])
    db.conn.executemany("INSERT INTO case_officers (case_id, officer_id, position) VALUES (?, ?, ?)",
                        [(case.id, oid, i) for i, oid in enumerate(case.officer_ids)])
    refresh_party_names(db, case.id)


def add_event(db: Database, event: CaseEvent) -> None:
    db.execute("INSERT INTO case_events (id, case_id, kind, on_date, at, actor, from_status, to_status, note, "
               "party_id, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
               [event.id, event.case_id, event.kind, event.on_date, event.at, event.actor, event.from_status,
                event.to_status, event.note, event.party_id, event.details])


def create_case(db: Database, case: Case, audit: AuditWriter | None = None, *, note: str = "",
                event_id: str | None = None) -> Case:
    """Validate and create a case with its links, a case number if none was given and it is filed (a case 待立案
    takes its number when it is filed, ``procedure.apply``), and a 'created' event (with
    ``event_id``, that id: the demo's, the same at every installation, merges once at headquarters). A number
    taken here is synced to the disk with the case (``immediate``: a power cut cannot give it to the next case too);
    inside a bigger transaction that one decides."""
    with immediate(db):
        writer = audit or AuditWriter(db)
        if db.execute("SELECT 1 FROM cases WHERE id = ?", [case.id]).fetchone():
            raise WorkstationError(_("A case with this id already exists."))
        case = normalized_case(db, case, existing=False)
        if not unfiled(case):  # a filed case takes a case number, typed or the next (none after a restore: hold)
            _check_numbering(db)
        if not case.case_number and not unfiled(case):  # a case not filed takes its number when it is
            # of its filing year: a case filed on 30 December entered on 4 January takes 〔2026〕 (REFERENCE §3.1)
            case = replace(case, case_number=next_case_number(db, case.agency_id, filing_year(case.filed_on),
                                                              consume=True))
        stamp = now()
        write_row(db, "cases", case_row(case, stamp, stamp), audit=writer, entity="case")
        _write_links(db, case)
        add_event(db, CaseEvent(case_id=case.id, kind="created", at=stamp, actor=writer.actor,
                                to_status=case.status, on_date=case.filed_on, note=note,
                                **({"id": event_id} if event_id else {})))
        if audit is None:
            writer.flush()
    return get_case(db, case.id)


def update_case(db: Database, case: Case, *, allow_status_change: bool = False,
                fine_follows_document: bool = False) -> Case:
    """Save an edited case. Refused when someone else saved it meanwhile (version check), when the status
    would change outside the procedure or when it types another fine or confiscation than its 行政处罚决定书 in force
    imposes (``penalty_terms.typed_amounts_refusal``) or takes off a party a decision was issued to, or adds one to
    a case decided on the spot (``party_change_refusal``), or hands it to another bureau once documents under its
    bureau's 文号 were issued (``agency_change_refusal``), or changes the violations, 案由, facts changing the law,
    penalty basis or date of the act of a case with a decision in force (``decided_legal_errors``), or the record
    counts, amounts, violations or 案由 of a closed or archived case (``closed_figures_errors``; not of one closed with no step recorded and no decision issued, such as a register
    row imported 已结案, ``closed_as_entered``: it is corrected as typed, audited; ``fine_follows_document``: the fine of a 当场行政处罚决定书 issued or voided, which
    a closed case follows too, ``procedure.follow_on_the_spot_fine``). A case handed to another agency takes that
    agency's district, as a new case does (the statistics count it there, in the text as in the table by district)."""
    with db.atomic():
        stored = get_case(db, case.id)
        if stored.version != case.version:
            raise WorkstationError(_("Case {number} was changed elsewhere since you opened it: reopen it and "
                                     "apply your changes again.").format(
                number=case_named(stored.case_number, stored.party_names, stored.cause)))
        if case.status != stored.status and not allow_status_change:
            raise WorkstationError(_("The status of a case changes only through the procedure actions."))
        if _unchanged(stored, case):  # Save with nothing changed: no new version, no audit entry, no bundle row
            return stored
        # imported here: it reads the store
        from workstation.penalty_terms import party_change_refusal, typed_amounts_refusal

        if (refusal := typed_amounts_refusal(db, stored, case) or party_change_refusal(db, stored, case)
                or agency_change_refusal(db, stored, case)) is not None:
            raise WorkstationError(refusal)
        if case.agency_id != stored.agency_id and case.district == stored.district:
            case = replace(case, district="")  # normalized_case fills in the new agency's
        if not stored.case_number and not unfiled(case, stored):  # filed now: a case number, typed or the next
            _check_numbering(db)
        if not case.case_number and not stored.case_number and not unfiled(case, stored):
            # a case filed now takes the next 立 number of its agency, of the filing year (REFERENCE §3.1)
            case = replace(case, case_number=next_case_number(db, case.agency_id, filing_year(case.filed_on),
                                                              consume=True))
        case = normalized_case(db, case, existing=True, stored=stored, fine_follows_document=fine_follows_document)
        if stored.case_number and case.case_number != stored.case_number:
            _keep_changed_number(db, stored, case.case_number)
        from workstation.party_notices import keep_served
        from workstation.penalty_terms import added_parties_details

        # the parties a notice or decision recorded for the case alone concerned, kept as parties join
        details = added_parties_details(stored, case)
        case = keep_served(db, stored, case)  # a party added after the notice: its own is still to be served
        if _unchanged(stored, case):  # the same case as typed otherwise (佛南市监立(2026)9号, a cause's spaces)
            return stored
        writer = AuditWriter(db)
        created = db.execute("SELECT created_at FROM cases WHERE id = ?", [case.id]).fetchone()[0]
        case = replace(case, version=stored.version + 1)
        write_row(db, "cases", case_row(case, created, now()), audit=writer, entity="case")
        _write_links(db, case)
        changed = _changed_fields(stored, case)
        if (changed and not allow_status_change) or details:
            add_event(db, CaseEvent(case_id=case.id, kind="edited", at=now(), actor=writer.actor,
                                    note=", ".join(changed), details=details))
        writer.flush()
    return get_case(db, case.id)


def _keep_changed_number(db: Database, stored: Case, number: str) -> None:
    """Keep the case number ``stored`` carried taken when an edit changes it to ``number``: it may be on paper
    served to a party, and a case number once given is never given again (REFERENCE §3.1), not even inside a
    number block (``number_blocks.keep_case_number``). ``number`` "": the number taken from a case no longer filed
    (its filing undone, ``step_undo``), kept the same way; filed again, the case takes the next one."""
    from workstation.documents.number_blocks import CASE_TYPE_CODE, keep_case_number

    if number:
        reason = _("the case number of a case, changed to {number} on {date}").format(number=number, date=today())
    else:
        reason = _("the case number of a case whose filing was undone on {date}").format(date=today())
    held = voided_case_number(db, stored.case_number)
    if held is None:
        keep_case_number(db, stored.agency_id, stored.case_number, reason)
        return
    # a number given back to this case and changed again (9号→19号→9号→29号): kept already, its reason says this
    # change too, so that the chain of the case's numbers (``_later_changes``) reaches the one it carries now
    db.execute("UPDATE doc_numbers SET void_reason = void_reason || ? WHERE number = ? AND type_code = ? AND "
               "status = 'void'", [_("; ") + reason, held[0], CASE_TYPE_CODE])


def _unchanged(stored: Case, case: Case) -> bool:
    """Whether saving ``case`` would write nothing new over ``stored``: no field of the timeline's 修改 changed
    (``_changed_fields``), nor the status."""
    return case.status == stored.status and not _changed_fields(stored, case)


def _changed_fields(old: Case, new: Case) -> list[str]:
    skip = {"version", "party_names", "status"}
    return [f for f in old.__dataclass_fields__ if f not in skip and getattr(old, f) != getattr(new, f)]


def get_case(db: Database, case_id: str) -> Case:
    row = fetch_dict(db, "SELECT * FROM cases WHERE id = ?", [case_id])
    if row is None:
        raise NotFound(_("No case {id}.").format(id=case_id))
    parties = [r[0] for r in db.execute("SELECT party_id FROM case_parties WHERE case_id = ? ORDER BY position",
                                        [case_id])]
    officers = [r[0] for r in db.execute("SELECT officer_id FROM case_officers WHERE case_id = ? "
                                         "ORDER BY position", [case_id])]
    row["case_number"] = filed_number(row["case_number"])
    return from_row(Case, row, violations=json.loads(row["violations"]), notice_waived=bool(row["notice_waived"]),
                    duty_related=bool(row["duty_related"]), prior_punished=bool(row["prior_punished"]),
                    discretion_factors=json.loads(row["discretion_factors"]),
                    review_grounds=json.loads(row["review_grounds"]),
                    law_conditions=json.loads(row["law_conditions"]), party_ids=parties,
                    officer_ids=officers)


def find_case(db: Database, reference: str) -> Case:
    """The case with this id or case number; a number typed with other year brackets, full-width digits or spaces
    finds its case when only one case's number reads the same (``case_reference.number_key``)."""
    from workstation.case_reference import cases_numbered

    given = reference.strip()
    row = db.execute("SELECT id FROM cases WHERE id = ? OR case_number = ?", [given, given]).fetchone()
    if row is None:
        found = cases_numbered(db, given)
        row = found if len(found) == 1 else None
    if row is None:
        raise NotFound(_("No case {ref}: give a case id or case number.").format(ref=reference))
    return get_case(db, row[0])


#: a search of digits typed in groups (138 0013 8000, 0757-8583 6433, as a phone number is written): also looked for
#: as the one number, between these many digits
_DIGIT_GROUPS = re.compile(r"\d+(?:[\s\-－—]+\d+)+")
_GROUPED_DIGITS = range(7, 14)


@lru_cache(maxsize=64)
def search_terms(text: str) -> tuple[tuple[str, ...], ...]:
    """What a search of the case list looks for: its words (split at spaces), each a tuple of the ways it is found
    (as typed, and as case numbers are stored: ``search_key``, ``number_key`` — 佛南市监立(2026)5号, 2026]5 or
    〔2026〕第05号 finds 佛南市监立〔2026〕5号), a case having every word. A case number typed with spaces (佛南市监立
    〔2026〕 9号) is one word, the number; digits typed in groups (138 0013 8000) are the number they make, or the
    text as typed. A word is also looked for in full width (``complaints._written_ways``: ABC科技, abc or 123信息
    finds 佛山市ＡＢＣ科技有限公司, as the register import keeps a name). The control characters no stored text holds
    (a NUL pasted with the text: ``importing.tables.without_unsafe``) are left out."""
    from workstation.importing.tables import without_unsafe
    from workstation.store.complaints import _written_ways

    text = without_unsafe(text).strip()
    if not text:
        return ()
    if any(ch.isspace() for ch in text) and (number := case_number_typed(text)):
        return ((number,),)
    plain = search_key(text)
    if _DIGIT_GROUPS.fullmatch(plain) and len(digits := re.sub(r"\D", "", plain)) in _GROUPED_DIGITS:
        return (tuple(dict.fromkeys([digits, " ".join(plain.split())])),)
    # NFKC too: a name typed with full-width brackets finds one stored with half-width ones (search_key the other way)
    return tuple(_masked_forms(word) if masked_glob(word.replace(_KEPT_SPACE, "")) else
                 tuple(dict.fromkeys([word, search_key(word), number_key(search_key(word)),
                                      unicodedata.normalize("NFKC", word), *_serial_without_di(word),
                                      *_written_ways(word)]))
                 for word in _SPACED_MASK.sub(_KEPT_SPACE, text).split())


#: the characters standing for a number's hidden digits as the list shows it (138****8000, ``masking.mask_text``),
#: typed or copied, as the leads' search reads them
_MASK = re.escape(MASK_CHARS)
#: the spaces around the hidden digits of a number copied as the list shows one written in groups (138 **** 8000):
#: kept in the word (as _KEPT_SPACE), so that the number is one word; a mask character between words (张 · 三) is no
#: number's
_SPACED_MASK = re.compile(f"(?<=[0-9０-９{_MASK}])\\s+(?=[{_MASK}])|(?<=[{_MASK}])\\s+(?=[0-9０-９])")
_KEPT_SPACE = "\x00"
#: a run of hidden digits (two or more: the list hides four digits of a number at least) beside a visible one: what
#: makes a word a masked number (3·15投诉, one mark between digits, is a word as typed)
_MASKED_RUN = re.compile(f"[0-9０-９][{_MASK}]{{2,}}|[{_MASK}]{{2,}}[0-9０-９]")


#: the ASCII letters in lower case, as LIKE compares them (it folds no other letter's case)
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def _masked_forms(word: str) -> tuple[str, ...]:
    """A masked number's ways of being found: as one run of characters (138****8000), and with the spaces copied
    around its hidden digits (138 **** 8000, a number stored in groups)."""
    return tuple(dict.fromkeys([word.replace(_KEPT_SPACE, ""), word.replace(_KEPT_SPACE, " ")]))


def masked_glob(word: str) -> str | None:
    """The GLOB pattern a search word copied as the list shows a number in a party's name or a cause matches
    (138****8000: 138, as many digits as there are stars — the list masks a number digit for digit — and 8000; 号码
    138****8000 with its text before), None when the word is no masked number (no mask character beside a digit)."""
    if _MASKED_RUN.search("".join(word.split())) is None:
        return None
    special = {"?": "[?]", "[": "[[]"}  # GLOB's own characters, as themselves
    return "*" + "".join("[0-9０-９]" if ch in MASK_CHARS else special.get(ch, ch) for ch in word) + "*"


#: the cases of a party with a given 统一社会信用代码 (the partial index ``parties_uscc`` finds the party)
_CASES_OF_USCC = ("(SELECT cp.case_id FROM case_parties cp JOIN parties p ON p.id = cp.party_id "
                  "WHERE p.uscc = ? AND p.uscc != '')")


_CASES_OF_ID = ("(SELECT cp.case_id FROM case_parties cp JOIN parties p ON p.id = cp.party_id "
                "WHERE p.id_number = ? AND p.id_number != '')")
_CASES_OF_MASKED_ID = ("(SELECT cp.case_id FROM case_parties cp JOIN parties p ON p.id = cp.party_id "
                       "WHERE p.id_number GLOB ? AND p.id_number != '')")
#: an ID number as the list shows it (``masking.mask_id``): its first four and last four characters, the 10 digits
#: between hidden, spaces or dashes copied with it left out; or an old 15-digit number masked so (7 hidden: copied
#: from an older paper or system, as parties store every number in its 18 digits: ``masked_id_glob`` converts it)
_MASKED_ID = re.compile(f"([0-9]{{4}})([{_MASK}]{{10}}|[{_MASK}]{{7}})([0-9]{{3}}[0-9X])")


def id_typed(word: str) -> str | None:
    """The 居民身份证号 a search word is, as parties store it (``validators.normalize_id_number``: 18 characters, the X
    upper-cased, an old 15-digit number converted), None when it is no valid ID number. The search index holds no
    party's ID number, so the number of a person's ID card found no case of theirs."""
    if not any(ch.isdigit() for ch in word):
        return None
    try:
        return normalize_id_number(word)
    except ValueError:
        return None


def masked_id_glob(word: str) -> str | None:
    """The GLOB pattern of the ID numbers a word copied as the list shows one (4406**********5854, 4406 **** ****
    **5854) may be: its four visible characters at each end, as many digits between as are hidden. A person is
    found by what the list shows of their number, as a masked phone number is: it may find another person whose
    number shows the same eight characters (one in ten thousand of a district's), never one it does not show. An
    old 15-digit number masked (4406*******1758) is looked for as parties store it, in its 18 digits
    (``validators.legacy_id_as_18``: 19 put before the birth year, a check character added): 4406??19?????1758?.
    None for a word of another form (and for a 15-digit one ending in X, which no old number does)."""
    match = _MASKED_ID.fullmatch(compact_code(word.replace(_KEPT_SPACE, "")))
    if match is None:
        return None
    first, hidden, last = match[1], len(match[2]), match[3]
    if hidden == 10:
        return first + "?" * hidden + last
    if last.endswith("X"):
        return None
    # the 15 digits: 6 of the place, 6 of the birth date (YYMMDD), 3 of the order; 18 puts 19 before YY and ends
    # with a check character: first four, ?? (the place's last two), 19, ????? (YYMM and the day's first digit),
    # the last four shown (the day's last digit and the order), ? (the check character)
    return first + "??19?????" + last + "?"


def uscc_typed(word: str) -> str | None:
    """The 统一社会信用代码 a search word is, as parties store it (upper case, half width: ``compact_code``), None when
    it has not the code's form (18 digits and capital letters: ``validators.USCC_FORM``). The search index holds no
    party's code, so a code copied from a business licence found no case of its party."""
    code = compact_code(word)
    return code if USCC_FORM.match(code) else None


def _phrase(word: str) -> str:
    """``word`` as a phrase of an FTS5 MATCH (in quotes, a quote in it doubled)."""
    return '"' + word.replace('"', '""') + '"'


def _any_phrase(term: Iterable[str]) -> str:
    """An FTS5 MATCH finding any of the forms of a search word (``search_terms``)."""
    return "(" + " OR ".join(map(_phrase, term)) + ")"


def _serial_without_di(word: str) -> list[str]:
    """A serial typed with 第 and without the year (第200002号): as numbers are stored, without 第 (number_key drops
    it only after the year's bracket), so that it finds 佛南市监立〔2026〕200002号."""
    rest = word[1:]
    return [number_key(search_key(rest))] if word.startswith("第") and rest[:1].isdigit() else []


def case_district(db: Database, given: str) -> str:
    """The district ``given`` names as cases store it: a district of the agencies (南海区) or one cases hold, or a
    district named short or with its city (南海, 佛山市南海区: ``screening.rules.place_named``). Raises
    WorkstationError naming the districts when it names none (nanhai, a town, another city's district)."""
    value = given.strip()
    from workstation.store.agencies import districts

    known = [d for d in districts(db) if d]
    if value in known or db.execute("SELECT 1 FROM cases WHERE district = ? LIMIT 1", [value]).fetchone():
        return value
    from workstation.screening.rules import place_named

    place = place_named(value)
    if place is not None and not place.town and place.district in known:
        return place.district
    raise WorkstationError(_("No district {district}: give one of {districts}.").format(
        district=value, districts=_(", ").join(known)))


def _checked(db: Database, flt: CaseFilter) -> CaseFilter:
    """``flt`` with its district as cases store it (``case_district``); raises WorkstationError for one unknown."""
    if not flt.district or not flt.district.strip():
        return replace(flt, district=None) if flt.district else flt
    district = case_district(db, flt.district)
    return flt if district == flt.district else replace(flt, district=district)


def _where(flt: CaseFilter) -> tuple[str, list]:
    clauses, params = [], []
    for column in ("status", "sector", "district"):
        value = getattr(flt, column)
        if value:
            clauses.append(f"{column} = ?")
            params.append(value)
    if flt.agency_id:  # the city bureau's own cases (every case in the city: no filter)
        condition, agency_params = agency_condition(flt.agency_id) if flt.agency_tree else \
            listed_agency_condition(flt.agency_id)
        clauses.append(condition)
        params += agency_params
    # a case not filed is found as its number reads in the list, 未立案, never by the mark and id its number column
    # holds (case_reference.UNFILED_MARK): the search index holds the mark, so such a case found there must have
    # each word in its party or its cause; a word 未立案 finds every case the list shows so, by its number, not
    # through the mark in the index
    indexed, checks, check_params, looked_up, looked_up_params = [], [], [], [], []
    for term in search_terms(flt.search):
        if person := id_typed(term[0]):  # a person's 身份证号 (before the USCC: 18 digits have the code's form too)
            looked_up.append(f"(cases.id IN {_CASES_OF_ID} OR cases.id IN {_CASES_OF_USCC} OR rowid IN (SELECT "
                             "rowid FROM cases_fts WHERE cases_fts MATCH ?))")
            looked_up_params += [person, person, _any_phrase(term)]
        elif uscc := uscc_typed(term[0]):  # a party's 统一社会信用代码: its cases, or the word found as any other
            phrases = _any_phrase(term)
            looked_up.append(f"(cases.id IN {_CASES_OF_USCC} OR rowid IN (SELECT rowid FROM cases_fts WHERE "
                             "cases_fts MATCH ?))")
            looked_up_params += [uscc, phrases]
        elif masked_glob(term[0]) is not None:  # a number copied as the list shows it: in the party or the cause
            globs = " OR ".join(["party_names GLOB ? OR cause GLOB ?"] * len(term))
            glob_params = [glob for form in term for glob in [masked_glob(form)] * 2]
            # its visible runs of three characters or more found in the index first: no scan of every case
            runs = [run for run in re.split(f"[{_MASK}\\s]+", term[0]) if len(run) >= 3]
            if ids := masked_id_glob(term[0]):
                # a masked ID number is also a party's, which the index does not hold: the cases the index and the
                # GLOBs find, or those of a party whose number it may be (SQLite reads both sides through an
                # index, a MULTI-INDEX OR: ~9 ms at 100,000 cases, not a scan of every case's texts: ~220 ms)
                found = f"rowid IN (SELECT rowid FROM cases_fts WHERE cases_fts MATCH ?) AND ({globs})" if runs \
                    else globs
                looked_up.append(f"(({found}) OR cases.id IN {_CASES_OF_MASKED_ID})")
                looked_up_params += ([" AND ".join(map(_phrase, runs))] if runs else []) + glob_params + [ids]
                continue
            looked_up.append(f"({globs})")
            looked_up_params += glob_params
            if runs:
                indexed.append("(" + " AND ".join(map(_phrase, runs)) + ")")
        elif min(map(len, term)) >= 3:
            # trigram index; words under three characters find nothing there and go to the base table
            phrases = _any_phrase(term)
            if any(t in UNFILED_SHOWN for t in term):  # every case not filed, by its number as the list shows it
                looked_up.append(f"({FILED_NUMBER_SQL} = '' OR rowid IN (SELECT rowid FROM cases_fts WHERE "
                                 "cases_fts MATCH ?))")
                looked_up_params.append(phrases)
            else:
                indexed.append(phrases)
                checks.append(f"({FILED_NUMBER_SQL} != '' OR " + " OR ".join(
                    ["instr(lower(party_names || char(31) || cause), lower(?)) > 0"] * len(term)) + ")")
                check_params += term
        else:
            # % and _ typed are themselves, not LIKE's wildcards; LIKE folds only ASCII letters' case, the trigram
            # index every letter's: the word's lower and upper case forms too (ü finds ÜNÏCODE as Ünï does), of the
            # forms LIKE reads alike (ab and AB) one only, each form being a scan of every case
            forms: dict[str, str] = {}
            for form in (form for t in term for form in (t, t.lower(), t.upper())):
                forms.setdefault(form.translate(_ASCII_LOWER), form)
            term = tuple(forms.values())
            number = f"(CASE {FILED_NUMBER_SQL} WHEN '' THEN '{UNFILED_SHOWN}' ELSE case_number END)"
            looked_up.append("(" + " OR ".join([f"{number} LIKE ? ESCAPE '\\' OR party_names LIKE ? ESCAPE '\\' "
                                                "OR cause LIKE ? ESCAPE '\\'"] * len(term)) + ")")
            for t in term:
                literal = t.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
                looked_up_params += [f"%{literal}%"] * 3
    if indexed:  # the indexed words in one query of the index (each word there: AND), before the table's words
        clauses += ["rowid IN (SELECT rowid FROM cases_fts WHERE cases_fts MATCH ?)", *checks]
        params += [" AND ".join(indexed), *check_params]
    clauses += looked_up
    params += looked_up_params
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def list_cases_sql(flt: CaseFilter, limit: int, offset: int) -> tuple[str, list]:
    """The SQL behind one page of the case list (also used by the benchmark as its baseline)."""
    where, params = _where(flt)
    return _page_sql(where, flt.order_by, flt.descending), params + [limit, offset]


@lru_cache(maxsize=512)  # the combinations of filters in use and sorts: a few dozen
def _page_sql(where: str, order_by: str, descending: bool) -> str:
    """The statement of a page for a WHERE clause and a sort, made once per combination of the filters in use
    (their values are parameters; the status and sector ranks read the vocabulary, which is loaded once), not for
    every search typed and page fetched; the same string each time also saves sqlite3 hashing it again to find its
    prepared statement."""
    return f"SELECT {list_columns()} FROM cases{where} ORDER BY {_order_sql(order_by, descending)} LIMIT ? OFFSET ?"


def _order_terms(order_by: str) -> list[str]:
    """The terms the case list sorts by: the column's, then the case number's (unique, so that cases with the same
    value keep one order, page after page)."""
    if order_by == "status":
        first = [status_order()]
    elif order_by == "sector":
        first = [sector_order()]
    elif order_by == "district":
        first = [district_order(), "district"]
    elif order_by in SORT_COLUMNS:
        first = [SORT_COLUMNS[order_by]]
    else:  # the case number
        first = []
    return first + list(NUMBER_ORDER)


def _order_sql(order_by: str, descending: bool) -> str:
    direction = "DESC" if descending else "ASC"
    return ", ".join(f"{term} {direction}" for term in _order_terms(order_by))


@contextmanager
def deferred_search_index(db: Database, between: Callable[[int, int], None] | None = None, batch: int = 0):
    """For bulk inserts of cases inside a transaction: index the new rows for search at the end instead of row by
    row through the insert trigger (several times faster for large registers). With ``between`` and ``batch``, in
    statements of ``batch`` rows, ``between(done, count)`` called before each (it may raise Cancelled: the caller's
    transaction is then rolled back)."""
    trigger = db.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'cases_fts_insert'"
                         ).fetchone()
    before = db.execute("SELECT COALESCE(MAX(rowid), 0) FROM cases").fetchone()[0]
    if trigger:
        db.execute("DROP TRIGGER cases_fts_insert")
    yield
    last = db.execute("SELECT COALESCE(MAX(rowid), 0) FROM cases").fetchone()[0]
    step = batch if between and batch > 0 else max(last - before, 1)
    for start in range(before, last, step):
        if between:
            between(start - before, last - before)
        db.execute("INSERT INTO cases_fts(rowid, case_number, party_names, cause) SELECT rowid, case_number, "
                   "party_names, cause FROM cases WHERE rowid > ? AND rowid <= ?", [start, start + step])
    if trigger:
        db.execute(trigger[0])


def case_page(db: Database, flt: CaseFilter, limit: int = 200, offset: int = 0) -> list[tuple]:
    """One page of the case list as raw rows in the field order of ``CaseRow`` (for the list's item model)."""
    flt = _checked(db, flt)
    sql, params = list_cases_sql(flt, limit, offset)
    return db.execute(sql, params).fetchall()


def case_rowids(db: Database, flt: CaseFilter) -> array:
    """The rowids of every case of the list for ``flt``, in its order (``_order_sql``): what the list reads once, in
    the background, so that any page of it is then read by its rowids (``case_rows``) rather than by LIMIT/OFFSET,
    which sorted every case matching again for each page (1–3 s a page deep in a search of 100,000 cases). Compact
    (8 bytes a case) and a snapshot: a case added or moved meanwhile neither shows twice nor pushes another out."""
    sql, params = case_rowids_sql(_checked(db, flt))
    return array("q", (rowid for (rowid,) in db.execute(sql, params)))  # no list of every row first: 97 MB at 1M


def case_rowids_sql(flt: CaseFilter) -> tuple[str, list]:
    """The SQL behind ``case_rowids`` (also the benchmark's baseline)."""
    where, params = _where(flt)
    return f"SELECT rowid FROM cases{where} ORDER BY {_order_sql(flt.order_by, flt.descending)}", params


@lru_cache(maxsize=1)
def case_rows_sql() -> str:
    """The SQL behind ``case_rows``, its one parameter the rowids as a JSON array (also the benchmark's baseline)."""
    return f"SELECT rowid, {list_columns()} FROM cases WHERE rowid IN (SELECT value FROM json_each(?))"


def case_rows(db: Database, rowids: Iterable[int]) -> list[tuple | None]:
    """The rows of the list (as ``case_page``'s) of the cases ``rowids``, in that order; None for a case deleted since
    (one statement, its rowids a parameter: a few milliseconds for a page)."""
    rowids = list(rowids)
    if not rowids:
        return []
    found = {row[0]: row[1:] for row in db.execute(case_rows_sql(), [json.dumps(rowids)]).fetchall()}
    return [found.get(rowid) for rowid in rowids]


def case_rowid(db: Database, case_id: str) -> int | None:
    """The rowid of ``case_id`` (None: no such case), to find it among ``case_rowids``."""
    row = db.execute("SELECT rowid FROM cases WHERE id = ?", [case_id]).fetchone()
    return row[0] if row else None


def case_place(db: Database, rowids: array, case_id: str) -> int | None:
    """Where ``case_id`` is among ``rowids`` (``case_rowids``): its row in that list, None when it is not listed
    there (the filter left it out, or no such case)."""
    rowid = case_rowid(db, case_id)
    try:
        return rowids.index(rowid) if rowid is not None else None
    except ValueError:
        return None


def list_cases(db: Database, flt: CaseFilter = CaseFilter(), limit: int = 200, offset: int = 0) -> list[CaseRow]:
    """One page of the filtered, sorted case list."""
    return [CaseRow(*row) for row in case_page(db, flt, limit, offset)]


def count_cases(db: Database, flt: CaseFilter = CaseFilter()) -> int:
    flt = _checked(db, flt)
    where, params = _where(flt)
    return db.execute(f"SELECT COUNT(*) FROM cases{where}", params).fetchone()[0]


def case_position(db: Database, flt: CaseFilter, case_id: str) -> int | None:
    """The row (from 0) of ``case_id`` in the case list for ``flt`` — its filters, search and sort, the order of
    ``case_page`` —, None when the filter leaves it out: the cases sorting before it counted, reading no row's
    columns (the indexes of the sort orders serve the comparison), so that the list keeps a case selected through a
    sort or a filter without fetching every page before it. The case number, unique, ends every order; only the
    first term may be NULL (a case without a filing date), which SQLite sorts first ascending, last descending."""
    flt = _checked(db, flt)
    where, params = _where(flt)
    terms = _order_terms(flt.order_by)
    values = db.execute(f"SELECT {', '.join(terms)} FROM cases{where}{' AND' if where else ' WHERE'} cases.id = ?",
                        [*params, case_id]).fetchone()
    if values is None:
        return None
    values = list(values)
    before = ">" if flt.descending else "<"
    counts: list[tuple[str, list]] = []

    def count(condition: str, condition_params: list) -> None:
        counts.append((f"(SELECT COUNT(*) FROM cases{where}{' AND' if where else ' WHERE'} {condition})",
                       [*params, *condition_params]))

    def earlier(row_terms: list[str], row_values: list) -> str:
        return f"({', '.join(row_terms)}) {before} ({', '.join('?' * len(row_values))})"

    if len(terms) > len(NUMBER_ORDER) and values[0] is None:  # sorted by a column this case has no value in
        rest, rest_values = terms[1:], values[1:]
        if flt.descending:
            count(f"{terms[0]} IS NOT NULL", [])
        count(f"{terms[0]} IS NULL AND {earlier(rest, rest_values)}", rest_values)
    else:
        count(earlier(terms, values), values)
        if len(terms) > len(NUMBER_ORDER) and not flt.descending:
            count(f"{terms[0]} IS NULL", [])
    return db.execute("SELECT " + " + ".join(sql for sql, _params in counts),
                      [p for _sql, sql_params in counts for p in sql_params]).fetchone()[0]


def case_events(db: Database, case_id: str) -> list[CaseEvent]:
    """The case's timeline, oldest first."""
    rows = fetch_dicts(db, "SELECT * FROM case_events WHERE case_id = ? ORDER BY at, rowid", [case_id])
    return [from_row(CaseEvent, r) for r in rows]


# ``review_on`` is the day 提交审核 sent the file to review (REFERENCE §1.1, §1.5): 案件审核 (case review), or the
# 法制审核 (legal review) listed cases go through (``decision_review``) — named as both, as the 案件审核/法制审核表 is
MILESTONES = (("lead_received_on", N_("Lead registered")), ("filed_on", N_("Case filed")),
              ("review_on", N_("Sent to case or legal review")),
              ("notice_served_on", N_("Pre-penalty notice delivered")), ("decided_on", N_("Decision made")),
              ("served_on", N_("Decision served")), ("closed_on", N_("Case closed")))


@dataclass(frozen=True)
class TimelineEntry:
    """One line of the timeline a case shows: a key date of the procedure or a recorded event."""

    on_date: str
    kind: str
    text: str
    actor: str = ""
    note: str = ""


def _heard_parties(db: Database, case: Case, day: str, names: dict[str, str]) -> list[str]:
    """The names of the parties of a case with several parties whose hearing the 听证结束 of ``day`` concluded: each
    who asked for one by that day and did not give it up by then (``procedure.HEARING_GIVEN_UP``: withdrawn, or
    absent, recorded before it); empty for a case whose requests name no party."""
    from workstation.procedure import hearing_requests, hearings_given_up

    asked = hearing_requests(db, case)
    if not asked:
        return []
    given_up = hearings_given_up(db, case)
    return [names.get(pid, pid) for pid, on in asked.items()
            if on <= day and not (pid in given_up and given_up[pid][1] <= day)]


def case_timeline(db: Database, case: Case) -> list[TimelineEntry]:
    """The case's key dates, recorded events (creation, edits, actions), issued documents and clock events in
    date order; within a day the events and documents in the order they were recorded. Statuses and events are
    named in the user's language (``shown_label``). A step's note is shown as it was recorded, but for the "no
    行政处罚决定书 issued" it kept once a decision in force is dated that day or before (``procedure.shown_step_note``)."""
    from workstation.decided_transfer import DECIDED_ON
    from workstation.payments import is_part
    from workstation.penalty_terms import decisions_in_force
    from workstation.procedure import given_up_step, shown_step_note
    from workstation.stats import overruled_steps
    from workstation.vocabulary import shown_label

    recorded = []  # (when it was recorded, entry): events and documents of one day in the order they were made
    events = case_events(db, case.id)
    from workstation.store.agencies import recorded_officer

    officer = recorded_officer(db)  # an officer's name now, or theirs before a rename (m057)
    superseded = _parallel_steps(db, case, events)
    overruled = overruled_steps(db, case.id)
    given = _dates_given(events, superseded | overruled)
    # a key date shows once: a step recorded in the procedure gives it with its own line, in the order it was recorded
    # within its day; a date no step gives (a case imported from a register, the lead's registration, a date typed)
    # keeps its line. A step the status has not reached is not shown as taken (a date typed before the editor refused
    # it)
    milestones = [TimelineEntry(getattr(case, field), "milestone", _(text))
                  for field, text in MILESTONES if getattr(case, field) and step_reached(field, case.status)
                  and (field, getattr(case, field)) not in given]
    milestones = _lead_days(db, case, milestones)
    names = _party_names(db, case.id)  # read once for the events naming a party, not once per event
    decided: list[tuple[str, str]] | None = None  # the decisions in force (party, 决定日期), read once when needed
    no_penalty = None  # whether a party's service served its 不予行政处罚决定书 (``no_penalty_served``), read once
    for event in events:
        if event.id in superseded:
            continue
        when = event.on_date or event.at[:10]
        party = names.get(event.party_id, event.party_id)  # the party an event of one party names
        if event.kind == "transition":
            text = _("{before} → {after}").format(before=shown_label("statuses", event.from_status),
                                                  after=shown_label("statuses", event.to_status))
            step = given_up_step(event.details) if event.from_status == "hearing" else None  # no hearing held
            if event.party_id and event.to_status == "hearing" and not step:  # a party's request (several parties)
                text += _(": hearing requested by {party}").format(party=party)
            elif event.party_id and "redecided_for" in (event.details or ""):  # procedure.REDECIDED_KEY
                text += _(": a new decision ordered for {party}").format(party=party)
            if step and event.party_id:  # one party's own, in a case with several parties
                text += _(": {step} ({party})").format(step=shown_label("transitions", step), party=party)
            elif step:
                text += _(": {step}").format(step=shown_label("transitions", step))
            elif event.from_status == "hearing" and event.to_status == "decision_pending" and not event.party_id:
                heard = _heard_parties(db, case, event.on_date or when, names)  # 听证结束: whose hearing it held
                if heard:
                    text += _(": {step} ({party})").format(step=shown_label("transitions", "conclude_hearing"),
                                                           party="、".join(heard))
            if event.from_status == "closed" and event.to_status == "decision_pending":  # redecide: reopened
                text += _(": the case reopened for the new decision ordered")
            if event.to_status == "transferred_police" and event.from_status in DECIDED_ON:  # the case kept its status
                text = _("{before}: transferred to the police, the decision staying in force").format(
                    before=shown_label("statuses", event.from_status))
            if event.id in overruled:  # a station's transfer or decline, its status conflict settled otherwise
                text += _(": overruled, the case's status was settled otherwise")
        elif event.kind == "notice_served":  # the service on one party of a case with several parties
            text = _("Pre-penalty notice served on {party}").format(party=party)
        elif event.kind == "waiver":
            text = _("{party} waived its statement, defence and hearing").format(party=party)
        elif event.kind == "decision_served":  # the service of its decision on one party (party_decisions)
            if no_penalty is None:
                from workstation.party_decisions import no_penalty_served

                no_penalty = no_penalty_served(db, case)
            text = (_("No-penalty decision served on {party}") if no_penalty(event.party_id, event.on_date)
                    else _("Decision served on {party}")).format(party=party)
        elif event.kind == "payment":  # without a party: a payment of part in a case with one party (part_left)
            if not event.party_id:
                text = _("Part of what is owed paid")
            elif is_part(event.details):  # a party's payment of part of what it owes (several parties, as_part)
                text = _("{party} paid part of what it owes").format(party=party)
            else:
                text = _("{party} paid").format(party=party)
        elif event.kind == "enforcement_applied":  # the court applied to for a party that did not pay (enforcement)
            text = _("Applied to the people's court for enforcement against {party}").format(
                party=party)
        elif event.kind == "step_undone":  # 撤销上一步: the step undone, with the date it was recorded with
            from workstation.step_undo import undone_text

            text = undone_text(event)
        elif event.kind == "created":
            text = _("Case recorded as “{status}”").format(status=shown_label("statuses", event.to_status))
        elif event.kind == "clock":
            text = _("Clock event")
        elif event.kind == "evidence":
            text = _("Evidence")
        else:
            when, text = event.at[:10], _("Edited")
        if event.details and event.kind in ("transition", "payment"):
            text += payment_text(event.details)
        if event.details and event.kind in ("transition", "notice_served"):  # the penalty the party was told of
            from workstation.penalty_terms import served_text

            text += served_text(event.details)
        # who acted: an officer of the workstation (signed in, or named on the command line); an event recorded with
        # nobody signed in keeps the operating-system account for the audit log, never shown as the one who acted
        actor = event.actor if officer(event.actor, event.at) else ""
        note = event.note
        if note and event.kind in ("transition", "decision_served"):  # "no 决定书 issued", said before it was
            if decided is None:
                decided = [(d.party_id, d.decided_on) for d in decisions_in_force(db, case)]
            note = shown_step_note(note, when, [day for party_id, day in decided
                                                if not event.party_id or party_id == event.party_id])
        recorded.append((event.at, TimelineEntry(when, event.kind, text, actor, note)))
    recorded += _document_entries(db, case.id, officer)
    from workstation.exports_sent import case_exports, exported_text

    # the bundles that carried the case (m034), from bundle_exports: never audited, so nothing of it travels
    recorded += [(row["created_at"], TimelineEntry(row["created_at"][:10], "exported", exported_text(row))) for row in case_exports(db, case.id)]
    from workstation.store.interviews import interviews_escalated_to

    # the interviews whose party did not rectify and was escalated to this case: where the case came from
    recorded += [(on, TimelineEntry(on, "interview", text)) for on, text in interviews_escalated_to(db, case.id)]
    entries = milestones + [entry for _at, entry in sorted(recorded, key=lambda pair: pair[0])]
    from workstation.store.clock_events import OUTCOMES, clock_events_of, describe, one_off, outcome_text

    # who recorded each clock event: the first entry the audit log keeps of it (the table records nobody)
    recorders = dict(db.execute(
        "SELECT a.entity_id, a.actor || char(31) || a.at FROM audit a WHERE a.entity = 'clock_event' AND a.seq = "
        "(SELECT MIN(b.seq) FROM audit b WHERE b.entity = 'clock_event' AND b.entity_id = a.entity_id) AND "
        "a.entity_id IN (SELECT id FROM clock_events WHERE case_id = ?)", [case.id]).fetchall())
    for clock_event in clock_events_of(db, case.id):
        kind = "extension" if clock_event.kind == "extension" else "stopped"
        recorder, _sep, recorded_at = recorders.get(clock_event.id, "").partition("\x1f")
        # a one-day event's line starts with its date, which the timeline already shows in front of it; the outcome
        # of a reconsideration or lawsuit says which decided it, what and its number
        text = outcome_text(clock_event, db) if clock_event.kind in OUTCOMES else \
            shown_label("one_off_events", clock_event.kind) if one_off(clock_event.kind) else describe(clock_event, db)
        entries.append(TimelineEntry(clock_event.starts_on, kind, text,
                                     recorder if officer(recorder, recorded_at) else "", clock_event.note))
    return sorted(entries, key=lambda e: (e.on_date, e.kind != "milestone"))


def _lead_days(db: Database, case: Case, milestones: list[TimelineEntry]) -> list[TimelineEntry]:
    """``milestones`` with the lead's registration on the day it was received: a lead assigned (交办) after it was
    received gives its case the assignment day as 线索接收日期 (T1 counts from it, ``leads_workflow.t1_start``), which
    the timeline shows as the lead's assignment, after its registration on the day it came in."""
    registered = next((entry for entry in milestones if entry.text == _("Lead registered")), None)
    if registered is None:
        return milestones
    from workstation.leads_workflow import case_lead

    lead = case_lead(db, case.id)
    received = ((lead or {}).get("received_at") or "")[:10]
    if lead is None or lead.get("assigned_on") != registered.on_date or not received or received == registered.on_date:
        return milestones
    at = milestones.index(registered)
    return [*milestones[:at], replace(registered, on_date=received),
            TimelineEntry(registered.on_date, "milestone", _("Lead assigned")), *milestones[at + 1:]]


@lru_cache(maxsize=1)
def _step_date_fields() -> dict[tuple[str, str], tuple[str, ...]]:
    """{(from status, to status): the case's date fields the transition event of that step records}: a step with a
    date field (``procedure.TRANSITIONS``), 当场处罚 its decision and service dates; a pair another step without a date
    takes too is left out (which of them was taken cannot be told)."""
    from workstation.procedure import TRANSITIONS

    steps: dict[tuple[str, str], set[tuple[str, ...]]] = {}
    for transition in TRANSITIONS:
        fields = _ON_THE_SPOT[1] if transition.name == _ON_THE_SPOT[0] else \
            (transition.date_field,) if transition.date_field else ()
        for source in transition.sources + transition.several_parties_sources + transition.police_sources:
            steps.setdefault((source, transition.target), set()).add(fields)
    return {pair: next(iter(fields)) for pair, fields in steps.items() if len(fields) == 1 and () not in fields}


def _dates_given(events: list[CaseEvent], left_out: set[str]) -> set[tuple[str, str]]:
    """{(date field, day)} the case's transition events give (``left_out``: the ids of events the timeline leaves out
    or marks as overruled; an undone step's event is gone, its undoing a ``step_undone`` event, giving none)."""
    fields = _step_date_fields()
    return {(field, event.on_date) for event in events if event.kind == "transition" and event.on_date
            and event.id not in left_out for field in fields.get((event.from_status, event.to_status), ())}


def payment_text(details: str) -> str:
    """What the timeline adds to a payment: the amount paid, the surcharge in it and the voucher's number."""
    from workstation.money import figures
    from workstation.payments import Payment

    payment = Payment.from_json(details)
    if payment is None:
        return ""
    parts = []
    if payment.paid_fen is not None:
        parts.append(_("paid {amount}").format(amount=figures(payment.paid_fen)))
    if payment.surcharge_fen:
        parts.append(_("surcharge {amount} included").format(amount=figures(payment.surcharge_fen)))
    if payment.voucher:
        parts.append(_("voucher {number}").format(number=payment.voucher))
    return _(" ({what})").format(what=_(", ").join(parts)) if parts else ""


def _parallel_steps(db: Database, case: Case, events: list[CaseEvent]) -> set[str]:
    """The ids of transition events recording a dated step (e.g. 送达) that another event records too, on another
    date: both sides of a bundle took the case from the same state to the same one, so the merged timeline holds
    one event from each. The step's date field held one date in the end (a conflict resolved, or no conflict): the
    event of that date stays and the others are left out. While that date's conflict is open, or when no event has
    the date held, all of them are shown. A step taken again after the case came back to the state it starts from
    is not a parallel one."""
    from workstation.procedure import TRANSITIONS

    date_fields = {(source, t.target): t.date_field for t in TRANSITIONS if t.date_field for source in t.sources}
    groups: list[list[CaseEvent]] = []
    open_steps: dict[tuple, list[CaseEvent]] = {}  # (from, to, party): the group a parallel record joins
    for event in events:
        if event.kind != "transition":
            continue
        step = (event.from_status, event.to_status, event.party_id)
        if step in open_steps:
            open_steps[step].append(event)
        else:
            open_steps[step] = [event]
            groups.append(open_steps[step])
        # a step from the state this one reaches starts anew: the case came back to it
        for other in [s for s in open_steps if s[0] == event.to_status]:
            del open_steps[other]
    superseded = set()
    for group in groups:
        field = date_fields.get((group[0].from_status, group[0].to_status))
        held = getattr(case, field) if field else None
        if len(group) < 2 or not held or not any(e.on_date == held for e in group) or db.execute(
                "SELECT 1 FROM conflicts WHERE tbl = 'cases' AND record_id = ? AND field = ? AND status = 'open'",
                [case.id, field]).fetchone():
            continue
        kept = next(e for e in group if e.on_date == held)
        superseded.update(e.id for e in group if e is not kept)
    return superseded


def _party_names(db: Database, case_id: str) -> dict[str, str]:
    """{party id: name} of every party an event of the case names (a party since taken off the case included)."""
    return dict(db.execute("SELECT id, name FROM parties WHERE id IN (SELECT party_id FROM case_events WHERE "
                           "case_id = ? AND party_id IS NOT NULL)", [case_id]).fetchall())


def _documents_parties(db: Database, case_id: str) -> dict[str, str]:
    """{party id: name} of the case's parties when it has several (a document is named with its party's, as the
    文书 table names it), {} for a case with one party."""
    from workstation.store.parties import parties_of_case

    parties = parties_of_case(db, case_id)
    return {party.id: party.name for party in parties} if len(parties) > 1 else {}


def _document_named(row: dict, parties: dict[str, str]) -> str:
    """A document as the timeline names it: its title, with the party of the case it is for when the case has
    several (``parties``: ``_documents_parties``) — "法制审核表（朱子轩）", as the 文书 table — and its 文号."""
    from workstation.documents.addressee import PARTY_KEY

    title = row["title"]
    party = json.loads(row["values_json"] or "{}").get(PARTY_KEY) if parties else None
    if party in parties:
        title = f"{title}（{parties[party]}）"
    return f"{title} {row['number']}" if row["number"] else title


def _document_entries(db: Database, case_id: str, officer) -> list[tuple[str, TimelineEntry]]:
    """The case's issued documents as the timeline shows them, read from the documents table (each with the time
    it was issued): on the date the document bears, "签发 title 文号" (``_document_named``: its party too), marked
    when it corrects an earlier one, was corrected by a later one or was voided (the reason its note). Who issued it
    is shown when ``officer`` (the ``store.agencies.recorded_officer`` of the database) takes the name for an
    officer's when issued: a document issued with nobody signed in keeps the operating-system account, never
    shown."""
    from workstation.formkit.spec import load_forms
    from workstation.formkit.values import document_date

    rows = fetch_dicts(db, "SELECT id, form_id, title, number, status, void_reason, supersedes_id, issued_at, "
                           "issued_by, values_json FROM documents WHERE case_id = ? ORDER BY issued_at, rowid",
                       [case_id])
    if not rows:
        return []
    forms, _broken = load_forms()
    parties = _documents_parties(db, case_id)
    named = {row["id"]: _document_named(row, parties) for row in rows}
    corrected_by = {row["supersedes_id"]: row["id"] for row in rows if row["supersedes_id"] and
                    row["status"] == "issued"}
    entries = []
    for row in rows:
        text = _("Issued {document}").format(document=named[row["id"]])
        if row["supersedes_id"] in named:
            text += _(" (correcting {document})").format(document=named[row["supersedes_id"]])
        if row["status"] == "void":
            text += _(" (void)")
        elif row["id"] in corrected_by:
            text += _(" (corrected by {document})").format(document=named[corrected_by[row["id"]]])
        when = document_date(forms.get(row["form_id"]), json.loads(row["values_json"]), row["issued_at"])
        actor = row["issued_by"] if officer(row["issued_by"], row["issued_at"]) else ""
        entries.append((row["issued_at"], TimelineEntry(when, "document", text, actor, row["void_reason"] or "")))
    return entries
