"""The time limits the case's documents complete or bound rather than its steps (REFERENCE §1.2): the case review
T3, met on the 审核日期 of the 案件审核表 (法制审核表) issued in the case that passed (none answering 否:
``review_sheets``); the hearing notice T6, met on the day the 听证通知书 reached the party — the 送达日期 of the 送达回证
issued for it, or thirty days after the 行政处罚文书送达公告 that published it (T30); and the court-enforcement period T16 of one party, against which the 强制执行申请书 is
checked (``enforcement_window``).

Without its document each falls back, flagged: T3 on the service of the 行政处罚告知书, which follows the review — met
when that service was on time, else not judged (the review may have ended in time: the workstation does not know);
T6 on the 通知日期 the notice bears, the day before which it cannot have been served."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from workstation.db import Database
from workstation.i18n import _

if TYPE_CHECKING:
    from workstation.clocks import Deadline, EventFacts, _Engine
    from workstation.records import Case

REVIEW_FORM = "legal_review"
HEARING_NOTICE_FORM = "hearing_notice"
RECEIPT_FORM = "delivery_receipt"
#: the 送达方式 of a 送达回证 recording the 公告 itself: no receipt by the party (``_received``)
PUBLIC_SERVICE = "公告送达"
PUBLIC_NOTICE_FORM = "service_public_notice"
#: the days after its publication a document served by public notice is deemed served (T30, SAMR rules art. 82)
PUBLIC_NOTICE_DAYS = 30
#: the detail items of a deadline this module adds (``explain``)
DETAILS = ("reviewed", "review_before_start", "review_by_notice", "review_not_judged", "notice_served", "notice_unserved",
           "deemed_served", "demand_served", "review_after_hearing")
#: the detail item of the T3 of a review after the hearing (``after_hearing_reviews``), counted apart from the review
#: before the 行政处罚告知书: (kind, its start, the day the hearing was concluded, whether the start is the sheet's 送审日期)
REVIEW_AFTER_HEARING = "review_after_hearing"
#: the case dates that record the service of a document and start the party's periods (T4; T8, T10, T11 and T16
#: after them), with the form of that document and its title, by which a 送达公告 names it (``deemed_starts``)
SERVED_DOCUMENTS = {"notice_served_on": ("pre_penalty_notice", "行政处罚告知书"),
                    "served_on": ("penalty_decision", "行政处罚决定书")}
#: SQL (a document ``d``) of the documents in force: issued, and not replaced by an issued correction
DOCUMENT_IN_FORCE = ("d.status = 'issued' AND NOT EXISTS (SELECT 1 FROM documents s WHERE s.supersedes_id = d.id AND "
             "s.status = 'issued')")
#: the 案件移送函 sending a case or lead this bureau has no power over to the authority competent for it (REFERENCE
#: §1.1 TRANSFERRED_OUT, catalogue No. 4): its form id, defined here once (``procedure``, ``stats`` import it)
TRANSFER_LETTER_FORM = "case_transfer_letter"
#: SQL (a document ``d``) of a 案件移送函 naming its receiver (受移送机关 not empty once trimmed), as
#: ``procedure.letter_in_force`` takes only those: the letters the clocks and the figures read are the same
LETTER_NAMES_RECEIVER = ("TRIM(COALESCE(json_extract(d.values_json, '$.receiver'), ''), ' ' || char(9, 10, 13, 12288)) "
                         "!= ''")
#: the kind of the events read from the documents rather than recorded (``transfer_letters``): the time a filed case
#: sent away by a 案件移送函 in force waits, still under investigation here, for its 终止调查 — the matter is the
#: receiving authority's. It stops what the time with the police stops (T2: ``clocks._excluded_kind``), shown as
#: 已移送，待终止, not counted on to overdue
TRANSFERRED_OUT = "transferred_out"


def letter_day(alias: str = "d") -> str:
    """SQL of the day a document (``alias``) bears: its 落款日期 (issued_on) read as a date, else the day it was
    issued — the day a 案件移送函 starts its time from (``transfer_letters``) and, for the figures, the day it was sent
    (``stats.LETTER_BEFORE_STEP``)."""
    return f"COALESCE(date(json_extract({alias}.values_json, '$.issued_on')), substr({alias}.issued_at, 1, 10))"


def transfer_letters(one_case: bool = False) -> str:
    """The SQL of the 案件移送函 in force (``DOCUMENT_IN_FORCE``) of the cases, the case's own or the lead's it was filed
    from (as ``issuing.in_force_of_form`` reads them, and ``stats.TRANSFER_LETTER_CASES``), as clock-event rows of
    kind ``TRANSFERRED_OUT`` (``clocks.EVENT_COLUMNS`` and ``created_at``; the id the letter's): from the day it bears
    (else the day it was issued) to the day before the case first left its investigation after it (终止调查, as a
    rule); open while the case is still under investigation, none (ending the day before it began) for a case no
    longer under investigation when the letter came. ``one_case`` limits them to the case given as a parameter
    (twice); without it, they are those of the cases under investigation, the only ones whose running clocks a
    letter's time stops (T2). Read through the documents of the cases (documents_case) and of their leads
    (leads_case, documents_lead), never the whole table."""
    from workstation.decided_transfer import INVESTIGATION_ON

    investigating = ", ".join(f"'{status}'" for status in INVESTIGATION_ON)
    day = letter_day("d")

    def arm(case: str, source: str, where: str) -> str:
        left = (f"(SELECT MIN(COALESCE(r.on_date, substr(r.at, 1, 10))) FROM case_events r WHERE r.case_id = {case} "
                f"AND r.at > d.issued_at AND r.kind = 'transition' AND COALESCE(r.from_status, '') IN ({investigating}) "
                f"AND r.to_status NOT IN ({investigating}))")
        over = (f"(SELECT {day} FROM cases c WHERE c.id = {case} AND c.status NOT IN ({investigating}))")
        return (f"SELECT {case} AS case_id, d.id, '{TRANSFERRED_OUT}', '', {day}, date(COALESCE({left}, {over}), "
                f"'-1 day'), 0, NULL, '', NULL, NULL, d.issued_at FROM {source} WHERE {where} AND "
                f"d.form_id = '{TRANSFER_LETTER_FORM}' AND {DOCUMENT_IN_FORCE} AND {LETTER_NAMES_RECEIVER}")

    # of every case: those under investigation alone (the only ones a letter's time can stop a running clock of)
    cases = "= ?" if one_case else f"IN (SELECT id FROM cases WHERE status IN ({investigating}))"
    own = arm("d.case_id", "documents d", f"d.case_id {cases}")
    # the lead's: from the case's lead (``+``: not the documents of every lead, through their case's empty id)
    of_lead = arm("l.case_id", "leads l JOIN documents d ON d.lead_id = l.id", f"l.case_id {cases} AND +d.case_id IS NULL")
    return f"{own} UNION ALL {of_lead}"


@dataclass(frozen=True)
class NoticeService:
    """One 听证通知书 (or another document served on a party: ``document_services``) in force and how it reached its
    party: ``served_on`` from its 送达回证 (``how`` "receipt") or its 送达公告 (``how`` "public_notice", the
    publication thirty days before), None while neither is issued."""

    party_id: str | None
    number: str
    issued_on: str
    served_on: str | None
    how: str = ""

    @property
    def told_on(self) -> str:
        """The day the party counts as told: its service, else (flagged) the day the notice bears."""
        return self.served_on or self.issued_on


def _day(value) -> str | None:
    """The ISO day a stored date value names, None for none or one that is not a date."""
    text = str(value or "")[:10]
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        return None


def _documents(db: Database, case_ids: list[str], *form_ids: str) -> list[tuple[str, str, str, dict, str]]:
    """(case id, form id, 文号, values, issued day) of the documents in force of ``form_ids`` in ``case_ids``."""
    marks = ", ".join("?" * len(form_ids))
    rows = db.execute("SELECT d.case_id, d.form_id, COALESCE(d.number, ''), d.values_json, d.issued_at FROM "
                      "documents d WHERE d.case_id IN (SELECT value FROM json_each(?)) AND d.form_id IN "
                      f"({marks}) AND {DOCUMENT_IN_FORCE} ORDER BY d.issued_at, d.rowid",
                      [json.dumps(sorted(set(case_ids))), *form_ids]).fetchall()
    return [(case_id, form_id, number, json.loads(values or "{}"), str(issued_at or "")[:10])
            for case_id, form_id, number, values, issued_at in rows]


@dataclass(frozen=True)
class ReviewSheet:
    """A 案件审核表 in force that passed (``review_sheets``): its 审核日期 (``day``), its 送审日期 (``received``, None
    without one) and the party it was made for (None: the case's)."""

    day: str
    received: str | None
    party_id: str | None


def review_sheets(db: Database, case_ids: list[str]) -> dict[str, list[ReviewSheet]]:
    """{case id: each 案件审核表 in force that passed, its 审核日期 (the day it was issued without one), earliest
    first}. One answering 否 to a 审核事项 (``decision_review.failed_answers``) is left out: the review did not pass
    (审核未通过, Penalty Law art. 58 para. 1) and so did not end — the reviewer looks at the case again, or sends it
    back for further investigation (退回补充调查), after which the case submitted again counts its review anew from
    that day (``review_on``)."""
    from workstation.decision_review import failed_answers
    from workstation.documents.addressee import PARTY_KEY

    out: dict[str, list[ReviewSheet]] = {}
    for case_id, _form, _number, values, issued in _documents(db, case_ids, REVIEW_FORM):
        if failed_answers(values):
            continue
        day = _day(values.get("reviewed_on")) or issued
        if day:
            out.setdefault(case_id, []).append(ReviewSheet(day, _day(values.get("received_on")),
                                                           values.get(PARTY_KEY) or None))
    return {case_id: sorted(sheets, key=lambda sheet: sheet.day) for case_id, sheets in out.items()}


def hearing_ends(db: Database, case_ids: list[str]) -> dict[str, list[str]]:
    """{case id: the days its hearings were concluded (听证结束: the step from 听证 to 待决定), earliest first}; a
    hearing stage ended by the party's withdrawal or absence (``procedure.HEARING_GIVEN_UP``) held no hearing (as
    ``formkit.values.review_received_on`` reads them for the 送审日期 it prints)."""
    from workstation.procedure import given_up_step

    out: dict[str, list[str]] = {}
    for case_id, day, details in db.execute(
            "SELECT case_id, on_date, details FROM case_events WHERE case_id IN (SELECT value FROM json_each(?)) AND "
            "kind = 'transition' AND from_status = 'hearing' AND to_status = 'decision_pending'",
            [json.dumps(sorted(set(case_ids)))]):
        if day and not given_up_step(details):
            out.setdefault(case_id, []).append(str(day)[:10])
    return {case_id: sorted(days) for case_id, days in out.items()}


def after_hearing_reviews(start: str, sheets: list[ReviewSheet], ends: list[str], first: str | None = None,
                          heard: set[str] | None = None) -> tuple[list[str], list[tuple[ReviewSheet, str, str]]]:
    """The 案件审核表 ``sheets`` of a case whose file went to review on ``start``, split into the 审核日期 of those of
    that review (the one the 行政处罚告知书 follows) and the reviews after a hearing concluded (``ends``) since:
    (sheet, the day its review counts from, the day the hearing was concluded) of each one dated on or after the
    end of a hearing concluded after ``start``. After the hearing the file goes back to the review body — for the
    法制审核 a hearing requires (Penalty Law art. 58) — which has its own ten working days from receiving it (T3,
    REFERENCE §1.2: from the receipt of the file): from the sheet's 送审日期, else (none, or one before the hearing
    ended: the first submission printed) from the day the hearing was concluded. Such a review is not the end of the
    first one, which it follows by weeks. The first sheet of each party for each start counts. In a case with
    several parties (``first``: its first party's id, whose a sheet recording no party is) a sheet is of a review
    after a hearing only if its party asked for one (``heard``: ``procedure.hearing_requests``), not for being dated
    after another party's hearing."""
    days: list[str] = []
    later: dict[tuple[str | None, str], tuple[ReviewSheet, str, str]] = {}
    for sheet in sheets:
        party_id = sheet.party_id or first
        concluded = max((day for day in ends if start < day <= sheet.day), default=None)
        if concluded is None or (heard is not None and party_id not in heard):
            days.append(sheet.day)
            continue
        counted = sheet.received if sheet.received and sheet.received >= concluded else concluded
        later.setdefault((party_id, counted), (sheet, counted, concluded))
    return days, sorted(later.values(), key=lambda item: (item[1], item[0].day))


def hearing_notice_services(db: Database, case_ids: list[str]) -> dict[str, list[NoticeService]]:
    """{case id: each 听证通知书 in force with its service, in the order issued} (``document_services``)."""
    return document_services(db, case_ids, HEARING_NOTICE_FORM, "听证通知书")


def document_services(db: Database, case_ids: list[str], form_id: str, title: str,
                      date_fields: tuple[str, ...] = ("issued_on", "decided_on")) -> dict[str, list[NoticeService]]:
    """{case id: each document of ``form_id`` (titled ``title``) in force with its service, in the order issued: a
    听证通知书, a 不予行政处罚决定书}. A 送达回证 or 送达公告 in force serves the document its 送达文书名称及文号 names by
    its 文号, however typed (``stage_rules.served_numbers``; an unnumbered document: by its title, to the same party —
    one recording no party is the case's first party's),
    on or after the day the document bears (the first of its ``date_fields`` given: its 通知日期, its 决定日期; a
    催告书's signature date), else the day it was issued; the earliest such service counts."""
    from workstation.documents.addressee import PARTY_KEY
    from workstation.documents.stage_rules import names_number, served_numbers

    issued_documents: dict[str, list[tuple[str | None, str, str]]] = {}
    # (party, 送达文书名称及文号, day, how, the 文号 it names parsed once: ``served_numbers``)
    services: dict[str, list[tuple[str | None, str, str, str, list[tuple[str, int, int]]]]] = {}
    for case_id, form, number, values, issued in _documents(db, case_ids, form_id, RECEIPT_FORM,
                                                            PUBLIC_NOTICE_FORM):
        party = values.get(PARTY_KEY) or None
        if form == form_id:
            issued_documents.setdefault(case_id, []).append(
                (party, number, next((day for key in date_fields if (day := _day(values.get(key)))), None)
                 or issued))
        elif form == RECEIPT_FORM and (day := _day(values.get("served_on"))):
            named = str(values.get("served_document") or "")
            services.setdefault(case_id, []).append((party, named, day, "receipt", served_numbers(named)))
        elif form == PUBLIC_NOTICE_FORM and (day := _day(values.get("published_on"))):
            named = str(values.get("served_document") or "")
            services.setdefault(case_id, []).append((party, named, deemed_served(day), "public_notice",
                                                     served_numbers(named)))

    def names(named: str, parsed: list[tuple[str, int, int]], number: str) -> bool:
        return number in named or any(names_number(number, n) for n in parsed)

    firsts: dict[str, str] = {}

    def first(case_id: str) -> str:  # one recording no party is the case's first party's (issued with one party)
        if case_id not in firsts:
            from workstation.store import parties_of_case

            parties = parties_of_case(db, case_id)
            firsts[case_id] = parties[0].id if parties else ""
        return firsts[case_id]

    out: dict[str, list[NoticeService]] = {}
    for case_id, documents in issued_documents.items():
        for party, number, issued in documents:
            found = sorted((day, how) for served_party, named, day, how, parsed in services.get(case_id, ())
                           if day >= issued and (names(named, parsed, number) if number else title in named and (
                               (served_party or first(case_id)) == (party or first(case_id)))))
            served, how = found[0] if found else (None, "")
            out.setdefault(case_id, []).append(NoticeService(party, number, issued, served, how))
    return out


DEMAND_FORM = "performance_demand"


def demand_services(db: Database, case_id: str, party_id: str | None) -> list[NoticeService]:
    """The 催告书 in force of the case ``case_id`` served (or to be served) on the party ``party_id`` (None: any), each
    with its service (``document_services``; its ``issued_on`` the day it bears, its signature's): T15 counts from
    that service (行政强制法 art. 54)."""
    services = document_services(db, [case_id], DEMAND_FORM, "催告书", ("signed_on",)).get(case_id, [])
    return [s for s in services if party_id is None or s.party_id in (None, party_id)]


def demand_recorded_for(services: list[NoticeService], day: str) -> NoticeService | None:
    """Of ``demand_services``, the 催告书 a demand recorded on ``day`` records: the last dated on or before it."""
    mine = [s for s in services if s.issued_on <= day]
    return max(mine, key=lambda s: s.issued_on) if mine else None


def demand_served_later(services: list[NoticeService], party_id: str | None, day: str) -> NoticeService | None:
    """Of ``demand_services`` (of any party), the 催告书 signed on ``day`` whose demand to perform on the party
    ``party_id`` (None: any) was recorded on ``day`` — as its issue once filled it in — when a 送达回证 or 送达公告 in
    force gives its service later: T15, and the application to the court after it, count from that service
    (行政强制法 art. 54), not from ``day``. None otherwise: a demand recorded on another day (given by the officer,
    or the service of one of the party's 催告书) counts from its own day. One source for the clocks (``_demand``),
    the application to the court (``enforcement.demand_days``) and the refusal of a demand dated before its
    service (``store.clock_events``)."""
    mine = [s for s in services if party_id is None or s.party_id in (None, party_id)]
    if any(s.served_on == day for s in mine):
        return None
    signed = [s for s in mine if s.issued_on == day and s.served_on is not None and s.served_on > day]
    return max(signed, key=lambda s: s.served_on) if signed else None


def deemed_served(published: str) -> str:
    """The day a document published by a 送达公告 on ``published`` is deemed served (T30)."""
    return (dt.date.fromisoformat(published) + dt.timedelta(days=PUBLIC_NOTICE_DAYS)).isoformat()


def deemed_starts(db: Database, case_ids: list[str] | None = None) -> dict[str, dict[str, tuple[str, str]]]:
    """{case id: {case date (``SERVED_DOCUMENTS``): (publication, deemed service)}} of the cases (``case_ids``, None:
    every case) whose 行政处罚告知书 or 行政处罚决定书 a 送达公告 in force naming no party published (``_deemed``): the
    party's periods count from the day it is deemed served (SAMR rules art. 82), the earliest such day. These are the
    case-level dates; in a case with several parties such a notice is its first party's, and each party's own periods
    are ``party_deemed_starts``'."""
    from workstation.documents.addressee import PARTY_KEY

    if case_ids is None:
        case_ids = [row[0] for row in db.execute(f"SELECT DISTINCT d.case_id FROM documents d WHERE d.form_id = ? AND "
                                                 f"d.case_id IS NOT NULL AND {DOCUMENT_IN_FORCE}",
                                                 [PUBLIC_NOTICE_FORM])]
    if not case_ids:
        return {}
    by_case: dict[str, list] = {}
    for row in _served_documents(db, case_ids):
        if not row[3].get(PARTY_KEY):
            by_case.setdefault(row[0], []).append(row)
    return {case_id: found for case_id, rows in by_case.items() if (found := _deemed(rows))}


def party_deemed_starts(db: Database, case: Case, parties: list) -> dict[str, dict[str, tuple[str, str]]]:
    """{party id: {case date: (publication, deemed service)}} of the parties of a case with several parties whose
    own 行政处罚告知书 or 行政处罚决定书 a 送达公告 in force addressed to that party published (``_deemed``, the
    documents of each party: one recording no party was the first party's): that party's periods count from the
    day it is deemed served."""
    from workstation.documents.addressee import PARTY_KEY

    if not parties:
        return {}
    rows = _served_documents(db, [case.id])
    first = parties[0].id
    return {party.id: found for party in parties
            if (found := _deemed([r for r in rows if (r[3].get(PARTY_KEY) or first) == party.id]))}


def deemed_of(db: Database, case: Case, party_id: str | None = None) -> dict[str, tuple[str, str]]:
    """{case date: (publication, deemed service)} of the case with one party (``party_id`` None:
    ``deemed_starts``) or of its party ``party_id`` (``party_deemed_starts``)."""
    if party_id is None:
        return deemed_starts(db, [case.id]).get(case.id, {})
    from workstation.store import parties_of_case

    return party_deemed_starts(db, case, parties_of_case(db, case.id)).get(party_id, {})


def public_notice_cases(db: Database, case_ids: set[str]) -> set[str]:
    """Those of ``case_ids`` with a 送达公告 in force: a party of such a case with several parties may count its
    periods from the day it is deemed served (``party_deemed_starts``), whether or not its service was recorded per
    party."""
    if not case_ids:
        return set()
    rows = db.execute("SELECT DISTINCT d.case_id FROM documents d WHERE d.form_id = ? AND d.case_id IN (SELECT value "
                      f"FROM json_each(?)) AND {DOCUMENT_IN_FORCE}", [PUBLIC_NOTICE_FORM, json.dumps(sorted(case_ids))])
    return {row[0] for row in rows}


def _served_documents(db: Database, case_ids: list[str]) -> list[tuple[str, str, str, dict, str]]:
    """``_documents`` of the 送达公告, of the documents a 送达公告 deems served (``SERVED_DOCUMENTS``) and of the
    送达回证 that may show them received during its period (``_deemed``)."""
    return _documents(db, case_ids, PUBLIC_NOTICE_FORM, RECEIPT_FORM,
                      *(form_id for form_id, _title in SERVED_DOCUMENTS.values()))


def _deemed(rows: list[tuple[str, str, str, dict, str]]) -> dict[str, tuple[str, str]]:
    """{case date: (publication, deemed service)} that the documents ``rows`` of one party of one case give: a
    送达公告 naming the title of a 行政处罚告知书 or 行政处罚决定书 (``_names``), published no earlier than the latest
    such document in force was issued, deems it served thirty days after (T30); the earliest such day counts —
    unless the party received the document during that period (``_received``): then that receipt is its service,
    and no day is deemed. The one place the clocks, the forms' dates, the 强制执行申请书's checks and
    ``enforcement_window`` learn of it (through ``deemed_starts``, ``party_deemed_starts``, ``deemed_of``)."""
    forms = {form_id: (field, title) for field, (form_id, title) in SERVED_DOCUMENTS.items()}
    # form: the day the latest document in force was issued (the day it bears: a 告知书's 告知日期, a 决定书's 决定日期)
    issued = {form_id: _day(values.get("issued_on") or values.get("decided_on")) or day
              for _case, form_id, _number, values, day in rows if form_id in forms}
    numbers = {form_id: number for _case, form_id, number, _values, _issued in rows if form_id in forms}  # the latest
    found: dict[str, tuple[str, str]] = {}
    for _case, form_id, _number, values, _issued in rows:
        published = _day(values.get("published_on"))
        if form_id != PUBLIC_NOTICE_FORM or published is None:
            continue
        for form, (field, title) in forms.items():
            if _names(str(values.get("served_document") or ""), title) and published >= issued.get(form, ""):
                pair = (published, deemed_served(published))
                found[field] = min(found.get(field, pair), pair)
    receipts = [values for _case, form_id, _number, values, _issued in rows if form_id == RECEIPT_FORM]
    return {field: pair for field, pair in found.items()
            if not _received(receipts, numbers.get(SERVED_DOCUMENTS[field][0], ""), SERVED_DOCUMENTS[field][1], pair)}


def _received(receipts: list[dict], number: str, title: str, deemed: tuple[str, str]) -> bool:
    """Whether one of the 送达回证 ``receipts`` (values) in force shows the document (its 文号 ``number``; without one,
    its title) received during the period of the 送达公告 ``deemed`` (publication, deemed service): a 送达方式 given
    other than 公告送达, and a 送达日期 after the publication and no later than the deemed day. A bare service recorded after the
    publication is not one (the notice's last posting may be recorded as its service; 民诉法解释 art. 138)."""
    from workstation.documents.stage_rules import names_number, served_numbers

    for values in receipts:
        day = _day(values.get("served_on"))
        if values.get("method") in (None, "", PUBLIC_SERVICE) or day is None or not deemed[0] < day <= deemed[1]:
            continue
        named = str(values.get("served_document") or "")
        if (any(names_number(number, n) for n in served_numbers(named)) or number in named) if number else _names(
                named, title):
            return True
    return False


def _names(served_document: str, title: str) -> bool:
    """Whether a 送达公告's 送达文书名称及文号 names a document titled ``title`` (not the 不予行政处罚决定书 or the
    当场行政处罚决定书, whose titles contain it)."""
    return re.search(f"(?<!不予)(?<!当场){title}", served_document) is not None


def notice_for_hearing(services: list[NoticeService], hearing: str, party_id: str | None) -> NoticeService | None:
    """Of a case's notices, the one that set the hearing held on ``hearing`` for ``party_id`` (None: any party): the
    last issued on or before that day."""
    mine = [s for s in services if s.issued_on <= hearing and (party_id is None or s.party_id in (None, party_id))]
    return mine[-1] if mine else None


def complete_by_documents(db: Database, engine: _Engine, deadlines: list[Deadline],
                          events: dict[str, list[EventFacts]], *, board: bool = False) -> list[Deadline]:
    """``deadlines`` with T3 and T6 counted against the documents that meet them (see the module); ``board`` keeps
    only the running ones. Only the cases with such a deadline are read (one query for each kind)."""
    reviews = [d for d in deadlines if d.clock == "T3" and d.case_id and d.start_ord is not None]
    notices = [d for d in deadlines if d.clock == "T6" and d.case_id and d.start_ord is not None]
    demands = [d for d in deadlines if d.clock == "T15" and d.case_id and d.start_ord is not None]
    if not reviews and not notices and not demands:
        return deadlines
    reviewed = review_sheets(db, [d.case_id for d in reviews]) if reviews else {}
    ends = hearing_ends(db, sorted(reviewed)) if reviewed else {}
    served = hearing_notice_services(db, [d.case_id for d in notices]) if notices else {}
    changed: dict[int, Deadline] = {}
    added: dict[int, list[Deadline]] = {}
    heard_of: dict[str, tuple[list, set[str] | None]] = {}  # read once a case, and only of a case heard with sheets
    for d in reviews:
        sheets, case_ends = reviewed.get(d.case_id, []), ends.get(d.case_id, [])
        if sheets and case_ends and d.case_id not in heard_of:
            heard_of[d.case_id] = _heard_parties(db, d.case_id)
        parties, heard = heard_of.get(d.case_id, ([], None))
        days, later = after_hearing_reviews(d.start, sheets, case_ends, parties[0].id if heard is not None else None,
                                            heard)
        changed[id(d)] = _review(engine, d, days, events.get(d.case_id, []), later=bool(later))
        if later:
            added[id(d)] = _reviews_after_hearing(engine, d, later, events.get(d.case_id, []), parties)
    for d in notices:
        changed[id(d)] = _notice(engine, d, served.get(d.case_id, []), events.get(d.case_id, []))
    if demands:
        ids = sorted({d.case_id for d in demands})
        demanded = document_services(db, ids, DEMAND_FORM, "催告书", ("signed_on",))
        statuses = dict(db.execute("SELECT id, status FROM cases WHERE id IN (SELECT value FROM json_each(?))",
                                   [json.dumps(ids)]).fetchall())
        for d in demands:
            changed[id(d)] = _demand(engine, d, demanded.get(d.case_id, []), events.get(d.case_id, []),
                                     statuses.get(d.case_id, ""))
    from workstation.clocks import OPEN_STATES

    out = [one for d in deadlines for one in (changed.get(id(d), d), *added.get(id(d), ()))]
    return [d for d in out if d.state in OPEN_STATES] if board else out


def _heard_parties(db: Database, case_id: str) -> tuple[list, set[str] | None]:
    """(the case's parties, the ids of those who asked for a hearing — None in a case with one party, whose
    hearing is the case's: ``procedure.hearing_requests``)."""
    from workstation.procedure import hearing_requests
    from workstation.store import get_case, parties_of_case

    parties = parties_of_case(db, case_id)
    if len(parties) < 2:
        return parties, None
    return parties, set(hearing_requests(db, get_case(db, case_id)))


def _reviews_after_hearing(engine: _Engine, d: Deadline, later: list[tuple[ReviewSheet, str, str]],
                           events: list[EventFacts], parties: list) -> list[Deadline]:
    """The T3 of each review after the hearing (``after_hearing_reviews``) of the case of the T3 ``d``: counted from
    the day its file was received, met on its 审核日期 (an extension approved since counts). Named by its party in a
    case with several ``parties`` (each party's 法制审核 is its own sheet; one recording no party the first
    party's)."""
    names = {party.id: party.name for party in parties} if len(parties) > 1 else {}
    out = []
    for sheet, counted, concluded in later:
        start = engine.ordinal(counted)
        again = engine.compute(d.rule, d.case_id, d.case_number, "", start, engine.ordinal(sheet.day),
                               [e for e in events if e.start >= start])
        again.detail = (*again.detail, (REVIEW_AFTER_HEARING, start, engine.ordinal(concluded),
                                        counted == sheet.received), ("reviewed", engine.ordinal(sheet.day)))
        if (party_id := sheet.party_id or (parties[0].id if names else None)) in names:
            again.party, again.party_id = names[party_id], party_id
        out.append(again)
    return out


def _recount(engine: _Engine, d: Deadline, done_on: int, events: list[EventFacts]) -> Deadline:
    """``d`` counted again, met (or met late) on ``done_on``, keeping who and what it concerns."""
    event = next((e for e in events if e.id == d.event_id), None)
    again = engine.compute(d.rule, d.case_id, d.case_number, "", d.start_ord, done_on, events, event)
    again.party, again.party_id, again.start_what = d.party, d.party_id, d.start_what
    return again


def _review(engine: _Engine, d: Deadline, days: list[str], events: list[EventFacts], *,
            later: bool = False) -> Deadline:
    """T3 met on the first 审核日期 on or after the file went to review; without a 案件审核表, the service of the
    告知书 (clocks.toml ``done``) bounds the review's end: on time it meets T3, late it leaves T3 unjudged. ``later``:
    the case holds a 案件审核表 of a review after the hearing (not among ``days``: it has its own T3), said as such."""
    day = next((day for day in days if day >= d.start), None)
    if day is not None:
        again = _recount(engine, d, engine.ordinal(day), events)
        again.detail = (*again.detail, ("reviewed", engine.ordinal(day)))
        return again
    # a 案件审核表 dated before the file went to review (refused at issue now; older ones are kept): said as such, not
    # as no sheet issued
    early = (("review_before_start", engine.ordinal(days[-1]), d.start_ord),) if days else ()
    if d.done_ord is None:
        d.detail = (*d.detail, *early)
        return d
    if d.state == "met":
        d.detail = (*d.detail, *early, ("review_by_notice", d.done_ord, bool(early), later))
        return d
    from workstation.clocks import Deadline

    return Deadline(d.case_id, d.case_number, d.rule, "ended", d.start_ord, d.due_ord, None, d.confirmed,
                    detail=(*d.detail, *early, ("review_not_judged", d.done_ord, bool(early), later)))


def _demand(engine: _Engine, d: Deadline, services: list[NoticeService], events: list[EventFacts],
            status: str) -> Deadline:
    """T15 counted from the service of the 催告书 signed on the day its demand was recorded (``demand_served_later``)
    when a 送达回证 or 送达公告 in force gives it later — a demand recorded on the day the 催告书 was signed, as its
    issue once filled it in: the ten working days run from the service (行政强制法 art. 54), said in its
    calculation."""
    demand = demand_served_later(services, d.party_id, d.start)
    if demand is None:
        return d
    event = next((e for e in events if e.id == d.event_id), None)
    again = engine.compute(d.rule, d.case_id, d.case_number, status, engine.ordinal(demand.served_on), d.done_ord,
                           events, event)
    again.party, again.party_id, again.start_what = d.party, d.party_id, d.start_what
    again.detail = (*again.detail, ("demand_served", demand.number, engine.ordinal(demand.served_on), demand.how,
                                    d.start_ord))
    return again


def _notice(engine: _Engine, d: Deadline, services: list[NoticeService], events: list[EventFacts]) -> Deadline:
    """T6 met on the day the 听证通知书 that set the hearing reached the party, else (flagged) on its 通知日期."""
    notice = notice_for_hearing(services, d.start, d.party_id)
    if notice is None:
        return d
    again = _recount(engine, d, engine.ordinal(notice.told_on), events)
    item = (("notice_served", notice.number, engine.ordinal(notice.served_on), notice.how) if notice.served_on
            else ("notice_unserved", notice.number, engine.ordinal(notice.issued_on)))
    again.detail = (*again.detail, item)
    return again


def explain(item: tuple) -> str:
    """The line of a deadline's calculation saying how the document completed it (``DETAILS``)."""
    kind = item[0]
    if kind == "deemed_served":
        published, deemed, recorded = (dt.date.fromordinal(day).isoformat() for day in item[2:5])
        return _("The {document} was served by public notice, published on {published}: deemed served on {date} "
                 "({days} days after the announcement), the day the period counts from, not the service recorded on "
                 "{recorded}.").format(document=item[1], published=published, date=deemed, days=PUBLIC_NOTICE_DAYS,
                                       recorded=recorded)
    day = dt.date.fromordinal(item[2 if kind.startswith(("notice_", "demand_")) else 1]).isoformat()
    if kind == "reviewed":
        return _("Met on the 审核日期 of the 案件审核表 ({date}).").format(date=day)
    if kind == REVIEW_AFTER_HEARING and item[3]:
        return _("The review after the hearing concluded on {ended}: the file went back to the review body on {date}, "
                 "the 送审日期 of its 案件审核表, and this review has its own time limit counted from then, apart from "
                 "the review before the 行政处罚告知书.").format(
            ended=dt.date.fromordinal(item[2]).isoformat(), date=day)
    if kind == REVIEW_AFTER_HEARING:
        return _("The review after the hearing concluded on {date}: its 案件审核表 gives no 送审日期 after the hearing, "
                 "so this review's own time limit counts from the end of the hearing, apart from the review before "
                 "the 行政处罚告知书.").format(date=dt.date.fromordinal(item[2]).isoformat())
    if kind == "review_by_notice" and len(item) > 3 and item[3] and not item[2]:
        return _("No 案件审核表 was issued for this review, before the 行政处罚告知书 (the one issued after the hearing "
                 "is of the review after the hearing, with its own time limit), so the day it ended is not recorded: "
                 "counted as met on {date}, when the 行政处罚告知书 was served, which the review precedes.").format(
            date=day)
    if kind == "review_not_judged" and len(item) > 3 and item[3] and not item[2]:
        return _("No 案件审核表 was issued for this review, before the 行政处罚告知书 (the one issued after the hearing "
                 "is of the review after the hearing, with its own time limit), so the day it ended is not recorded; "
                 "the 行政处罚告知书 was served on {date}, after this deadline, which does not show whether the review "
                 "itself was late.").format(date=day)
    if kind == "review_before_start":
        return _("The 案件审核表 issued here is dated {date}, before the file went to review on {start}: its 审核日期 "
                 "cannot be the day the review was done, so it does not count for this deadline. Correct the "
                 "案件审核表 (or the case's date of submission for review).").format(
            date=day, start=dt.date.fromordinal(item[2]).isoformat())
    if kind == "review_by_notice" and len(item) > 2 and item[2]:
        return _("The day the review ended is not known from the 案件审核表 (see above): counted as met on {date}, "
                 "when the 行政处罚告知书 was served, which the review precedes.").format(date=day)
    if kind == "review_not_judged" and len(item) > 2 and item[2]:
        return _("The day the review ended is not known from the 案件审核表 (see above); the 行政处罚告知书 was "
                 "served on {date}, after this deadline, which does not show whether the review itself was "
                 "late.").format(date=day)
    if kind == "review_by_notice":
        return _("No 案件审核表 was issued here, so the day the review ended is not recorded: counted as met on "
                 "{date}, when the 行政处罚告知书 was served, which the review precedes.").format(date=day)
    if kind == "review_not_judged":
        return _("No 案件审核表 was issued here, so the day the review ended is not recorded; the 行政处罚告知书 was "
                 "served on {date}, after this deadline, which does not show whether the review itself was late. "
                 "Issue the 案件审核表 with its 审核日期 to have it counted.").format(date=day)
    number = item[1] or _("(no number)")
    if kind == "demand_served":
        return _("The 催告书 {number} was served on {date} ({how}), after the day the demand is recorded, {recorded}: "
                 "the party's ten working days count from its service (Administrative Compulsion Law art. 54), so "
                 "from {date}. Correct the recorded demand to {date}.").format(
            number=number, date=day, recorded=dt.date.fromordinal(item[4]).isoformat(),
            how=_("deemed served by its 送达公告") if item[3] == "public_notice" else _("its 送达回证"))
    if kind == "notice_served" and item[3] == "public_notice":
        return _("The 听证通知书 {number} was served by public notice, deemed served on {date} ({days} days after the "
                 "announcement).").format(number=number, date=day, days=PUBLIC_NOTICE_DAYS)
    if kind == "notice_served":
        return _("The 听证通知书 {number} was served on {date} (its 送达回证).").format(number=number, date=day)
    return _("The service of the 听证通知书 {number} is not recorded: counted from its 通知日期 {date}, the earliest "
             "day it can have reached the party. Issue its 送达回证 with the 送达日期 to count from the day it was "
             "served.").format(number=number, date=day)


@dataclass(frozen=True)
class EnforcementWindow:
    """When one party's decision may be enforced by the court (T16): from ``first`` to ``last``; ``pending`` names the
    challenges still pending (a reconsideration, a lawsuit: nothing may be applied for yet, ``first`` and ``last``
    None), ``pending_since`` the day the first began; ``moved`` says whether a challenge or a deferral moved the start
    from the end of the party's time to sue after the decision's service."""

    first: dt.date | None
    last: dt.date | None
    pending: tuple[str, ...] = ()
    pending_since: dt.date | None = None
    moved: bool = False
    deadline: Deadline | None = None


def case_events(db: Database, engine: _Engine, case: Case) -> list[EventFacts]:
    """The case's clock events as the clocks count them (those recorded and those read from its steps and
    documents)."""
    from workstation.clocks import CASE_EVENT_PARAMS, CASE_EVENTS, EVENT_COLUMNS, EVENT_ORDER, event_facts

    rows = db.execute(f"SELECT {EVENT_COLUMNS} FROM {CASE_EVENTS} ORDER BY {EVENT_ORDER}",
                      [case.id] * CASE_EVENT_PARAMS).fetchall()
    return event_facts(engine, rows).get(case.id, [])


def enforcement_window(db: Database, case: Case, served: dt.date, party_id: str | None = None) -> EnforcementWindow:
    """The T16 of the party ``party_id`` (None: the case's) whose decision was served on ``served``: three months
    after its time to sue (T11; a decision made on the spot, T10: 复议前置) — or after the end of its time to sue after
    a reconsideration decision (T12), or of its lawsuit, whichever is latest, or after a deferral of its payment —
    counted as the case's clocks count it, with that party's own challenges and those of the whole case. A decision
    that a 送达公告 published counts from the day it is deemed served (``deemed_of``)."""
    from workstation.clocks import engine_for, rule

    moved = deemed_of(db, case, party_id).get("served_on")
    if moved is not None and moved[1] > served.isoformat():
        served = dt.date.fromisoformat(moved[1])
    engine = engine_for(db)
    # the challenges, outcomes and deferral of a decision since revoked and made again no longer count (T16's
    # ``current_decision``)
    events = rule("T16").current([e for e in case_events(db, engine, case) if party_id is None or e.of(party_id)],
                                 engine.ordinal(case.decided_on))
    suit = rule("T10" if case.procedure_kind == "simple" else "T11")
    remedies = engine.compute(suit, case.id, case.case_number, "served", served.toordinal(), None, [])
    # a challenge begun after its period (T10, T11, T12) neither stops nor moves it (``_Engine.late_challenges``)
    ends = {clock_id: engine.compute(rule(clock_id), case.id, case.case_number, "served", served.toordinal(), None,
                                     []).due_ord for clock_id in (("T10",) if case.procedure_kind == "simple"
                                                                  else ("T10", "T11"))}
    deadline = engine.compute(rule("T16"), case.id, case.case_number, "served", remedies.due_ord, None, events,
                              start_unconfirmed="" if remedies.confirmed else f"clock:{suit.id}", remedy_ends=ends)
    if deadline.awaiting:
        since = next(item[1] for item in deadline.detail if item[0] == "awaiting")
        return EnforcementWindow(None, None, deadline.awaiting, dt.date.fromordinal(since), True, deadline)
    begun = next((item[1] for item in deadline.detail if item[0] == "start_deferred"), deadline.start_ord)
    return EnforcementWindow(dt.date.fromordinal(begun + 1), dt.date.fromordinal(deadline.due_ord),
                             moved=begun != remedies.due_ord, deadline=deadline)


# ---- the 送达回证 against the document it names, the party's consent and the service recorded (REFERENCE §2.2) ----

#: the 送达地址确认书: the address the party confirms and whether it consents to electronic service (SAMR rules art. 82)
ADDRESS_FORM = "service_address_confirmation"
#: the 送达方式 of the 送达回证 that needs the party's consent (``address_confirmation``), and the one left at the address
ELECTRONIC_SERVICE = "电子送达"
LEFT_SERVICE = "留置送达"
#: the forms served on the party whose service the case records on its steps, with that step's case date
RECORDED_SERVICES = {"pre_penalty_notice": "notice_served_on", "penalty_decision": "served_on"}


def _party(case: Case, party_id: str | None = None, values: dict | None = None) -> str | None:
    """The party ``party_id``, else the one the document ``values`` is written for, else the case's first party (as
    ``issuing.party_in_force`` reads a document naming none)."""
    from workstation.documents.addressee import PARTY_KEY

    return party_id or (values or {}).get(PARTY_KEY) or (case.party_ids[0] if case.party_ids else None)


def address_confirmation(db: Database, case: Case, party_id: str | None) -> dict | None:
    """The values of the party's (None: the case's first party's) latest 送达地址确认书 in force
    (``issuing.party_in_force``), None without one: the address its documents are served at and whether it consents
    to electronic service."""
    from workstation.documents.issuing import party_in_force

    mine = party_in_force(db, case, ADDRESS_FORM, _party(case, party_id))
    return mine[-1].values if mine else None


def confirmed_address(db: Database, case: Case, party_id: str | None) -> str | None:
    """The 送达地址 of the party's latest 送达地址确认书 in force (``address_confirmation``), None without one or when
    it names none: the 送达回证's 送达地点 before the address the party is registered at."""
    values = address_confirmation(db, case, party_id)
    address = str((values or {}).get("address") or "").strip()
    return address or None


def _named_documents(db: Database, case: Case, values: dict) -> list:
    """The case's documents in force whose 文号 the 送达回证 ``values`` names in its 送达文书名称及文号."""
    from workstation.documents.issuing import documents_of_case
    from workstation.documents.stage_rules import names_number, served_numbers

    named = served_numbers(values.get("served_document"))
    if not named:
        return []
    documents = documents_of_case(db, case.id)
    corrected = {d.supersedes_id for d in documents if d.supersedes_id and d.status == "issued"}
    return [d for d in documents if d.status == "issued" and d.id not in corrected and d.number
            and any(names_number(d.number, n) for n in named)]


def _borne(document) -> str:
    """The day an issued document bears (``formkit.values.document_date``)."""
    from workstation.documents.drafts import find_form
    from workstation.formkit.values import document_date

    return document_date(find_form(document.form_id), document.values, document.issued_at[:10])


def _serves_decision(values: dict, documents: list) -> bool:
    """Whether the 送达回证 ``values`` serves a 决定书: a decision it names (a form of kind decision), else its
    送达文书名称及文号 says so."""
    from workstation.documents.drafts import find_form

    if documents:
        return any(find_form(d.form_id).kind == "decision" for d in documents)
    return "决定书" in str(values.get("served_document") or "")


def _no_consent(confirmation: dict | None, decision: bool) -> str:
    """What is wrong with a 送达回证 recording 电子送达 without the party's consent in force (``confirmation``: its
    latest 送达地址确认书 in force, ``address_confirmation``), and how to serve it instead, citing for a ``decision``
    Penalty Law art. 61, else SAMR rules art. 82."""
    why = (_("the party's 送达地址确认书 in force does not consent to it ({answer})").format(
        answer=confirmation.get("e_consent") or _("not ticked")) if confirmation is not None
        else _("no 送达地址确认书 of the party is issued in the case"))
    advice = _("Serve the decision another way (直接送达, 邮寄送达 …), or issue the party's 送达地址确认书 consenting to "
               "electronic service first.") if decision else _(
        "Serve it another way (直接送达, 邮寄送达 …), or issue the party's 送达地址确认书 consenting to electronic service "
        "first.")
    return " ".join([_("The 送达回证 records 电子送达, but {why}: electronic service is lawful only with the party's "
                       "consent ({law}), and without it the document is not served and no period has begun.").format(
        why=why, law=_("行政处罚法 art. 61") if decision else _("市场监督管理行政处罚程序规定 art. 82")), advice])


def receipt_refusal(db: Database, case: Case, values: dict) -> str | None:
    """Why a 送达回证 ``values`` cannot be issued (None when it can): its 送达日期 before the day the document it names
    bears (no document is served before it is written), or any document served by 电子送达 without the party's
    consent in force (``address_confirmation``; SAMR rules art. 82 (三), REFERENCE §2.2; a decision: Penalty Law
    art. 61) — not served, nothing counts from it."""
    documents = _named_documents(db, case, values)
    served = _day(values.get("served_on"))
    from workstation.documents.issuing import document_name

    for document in documents:
        if served is not None and served < (borne := _borne(document)):
            return _("The 送达日期 {served} of the 送达回证 is before {document} was written ({borne}): it cannot have "
                     "been served then. Write the day it was served, {borne} or later.").format(
                served=served, document=document_name(document), borne=borne)
    if values.get("method") == ELECTRONIC_SERVICE:
        # the party's consent in its latest 送达地址确认书 in force (SAMR rules art. 82; of a decision, Penalty Law
        # art. 61: only with its consent)
        confirmation = address_confirmation(db, case, _party(case, values=values))
        if confirmation is None or confirmation.get("e_consent") != "同意":
            return _no_consent(confirmation, _serves_decision(values, documents))
    return None


def _recorded_service(db: Database, case: Case, form_id: str, party_id: str | None) -> str | None:
    """The day the case's steps record the service of its document of ``form_id`` (``RECORDED_SERVICES``) on the
    party ``party_id``: its own in a case with several parties, else the case's."""
    from workstation.store import parties_of_case

    parties = parties_of_case(db, case.id)
    if len(parties) > 1 and party_id:
        if form_id == "pre_penalty_notice":
            from workstation.party_notices import services

            return services(db, case, parties).get(party_id)
        from workstation.party_decisions import decision_services

        return decision_services(db, case, parties).get(party_id)
    return getattr(case, RECORDED_SERVICES[form_id])


def receipt_warnings(db: Database, case: Case, values: dict) -> list[str]:
    """What the officer is told before a 送达回证 ``values`` is issued, not refused: 留置送达 with no 拒收事由 (nor a
    witness's signature under it, SAMR rules art. 82 (二)); and a 送达日期 unlike the service the case's steps record
    of the 行政处罚告知书 or 行政处罚决定书 it names (the periods count from that step: one of them is wrong)."""
    from workstation.documents.issuing import document_name

    warnings = []
    documents = _named_documents(db, case, values)
    if values.get("method") == LEFT_SERVICE and not str(values.get("refusal") or "").strip():
        warnings.append(_("The 送达回证 records 留置送达 with its 拒收事由 empty: write why and how the party refused "
                          "it, and have the witness sign there, or record the leaving by photo or video "
                          "(市场监督管理行政处罚程序规定 art. 82)."))
    served = _day(values.get("served_on"))
    party_id = _party(case, values=values)
    for document in documents:
        if served is None or document.form_id not in RECORDED_SERVICES:
            continue
        recorded = _recorded_service(db, case, document.form_id, party_id)
        if recorded and recorded >= _borne(document) and recorded != served:
            warnings.append(_("The 送达日期 {served} of the 送达回证 is not the service of {document} the case records "
                              "({recorded}), from which the party's periods count: correct the one that is wrong — "
                              "this 送达日期, or the step (undo it and record it again with the day of the "
                              "receipt).").format(served=served, document=document_name(document),
                                                 recorded=recorded))
    return warnings


def receipt_service_day(db: Database, case: Case, form_id: str, party_id: str | None = None) -> str | None:
    """The 送达日期 of the earliest 送达回证 in force of the party ``party_id`` (None: the case's first) naming the
    party's latest document in force of ``form_id`` — on or after the day it bears —, None without one: the day
    its service is recorded with when none is given (``procedure.apply``; the window's dialog starts at it)."""
    from workstation.documents.issuing import party_in_force
    from workstation.documents.stage_rules import names_number, served_numbers

    party = _party(case, party_id)
    mine = [d for d in party_in_force(db, case, form_id, party) if d.number]
    if not mine:
        return None
    document, borne = mine[-1], _borne(mine[-1])
    days = [day for receipt in party_in_force(db, case, RECEIPT_FORM, party)
            if (day := _day(receipt.values.get("served_on"))) and day >= borne
            and any(names_number(document.number, n) for n in served_numbers(receipt.values.get("served_document")))]
    return min(days) if days else None
