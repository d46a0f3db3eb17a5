"""法制审核 and 集体讨论 before the penalty decision (REFERENCE §1.5): which of them the case needs, whether they are
recorded, and whether their absence refuses 作出行政处罚决定 (and the issue of its 行政处罚决定书) or is only said.

Legal review is mandatory before the head decides a case listed in Penalty Law art. 58. Of its grounds the case
records one itself: a hearing held (art. 58 para 1 (2) — a hearing is offered only for the heavier penalties of art.
63, which directly concern the party's major rights); the others (a major public interest, a difficult and complex
case with several legal relationships, other laws requiring it: ``MARKED_GROUNDS``) are the officer's judgement, who
marks them on the case (``Case.review_grounds``, Penalty and discretion…, ``cases review-grounds``). Such a case is
refused its decision until a legal review is recorded: an issued 案件审核表 whose 审核类别 is 法制审核. The amounts, penalties and reduced penalty that
``resources/law/thresholds.toml`` lists for legal review and for collective discussion (Penalty Law art. 57 para 2)
are local examples, UNCONFIRMED for Foshan: they are said as warnings, and refuse only where the bureau sets
``binding = true`` in that data. A collective discussion is recorded by an issued 行政处罚案件集体讨论记录 about the
decision, or a 行政处理决定审批表 giving its date; the one that extends the 办案期限 a second time is required where
the extension is recorded (``store.clock_events``), not here. A case whose notices were written on paper (no
行政处罚告知书 or 听证通知书 issued in the workstation) is warned, not refused: its review may be on paper too — unless
the latest 法制审核 recorded here dated on or before the decision's day (``latest_legal_review``) did not pass (art. 58
para. 1: 审核未通过的，不得作出决定), which refuses it as in any case. A case decided before is not concerned: the guard
is on the step still to be taken."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from workstation.db import Database
from workstation.document_clocks import DOCUMENT_IN_FORCE
from workstation.errors import join_sentences
from workstation.i18n import N_, _, join_names
from workstation.records import Case
from workstation.validators import CHINESE_NUMERALS, chinese_numeral, parse_amount_fen

LEGAL_REVIEW_FORM = "legal_review"
LEGAL_REVIEW_KIND = "法制审核"  # the 审核类别 of the 案件审核表 that records a legal review (else 案件审核)
DISCUSSION_FORM = "collective_discussion"
APPROVAL_FORM = "decision_approval"
HEARING_GROUND = (
    "major_rights_after_hearing"  # the key of the ground of art. 58 para 1 (2) in thresholds.toml
)
#: the grounds of art. 58 para 1 an officer marks on a case (keys of thresholds.toml [[legal_review.grounds]]): (1), (3)
#: and (4); (2) follows from the hearing held
MARKED_GROUNDS = ("major_public_interest", "complex", "required_by_law")
#: the grounds of art. 57 para. 2 an officer marks on the case for the heads' collective discussion, each with its key
#: in thresholds.toml [[collective_discussion.grounds]] (情节复杂 is marked apart from art. 58's 疑难复杂)
DISCUSSION_GROUNDS = {"complex_circumstances": "complex", "major_violation": "major_violation"}
#: every ground a case may have marked (``Case.review_grounds``)
ALL_MARKED_GROUNDS = (*MARKED_GROUNDS, *DISCUSSION_GROUNDS)
#: the 审核事项 of the 案件审核表, each with what a 否 to it says (in a sentence “the review found …”)
REVIEW_ANSWERS = {
    "facts_clear": N_("the facts unclear"),
    "evidence_sufficient": N_("the evidence insufficient"),
    "procedure_lawful": N_("the procedure unlawful"),
    "basis_correct": N_("the basis applied incorrect"),
    "discretion_proper": N_("the discretion improper"),
}


@dataclass(frozen=True)
class ReviewNeed:
    """A review the decision needs and the case does not record: ``requirement`` ("legal_review" or
    "collective_discussion"), why (one sentence a reason), and whether its absence refuses the decision
    (``binding``: a hearing held, or data the bureau made binding) or is only said."""

    requirement: str
    reasons: tuple[str, ...]
    binding: bool
    #: of a legal review: why each 法制审核 recorded does not count (``_review_fault``), one sentence each; of a
    #: collective discussion: each record of it that does not count (``_unheld_discussions``)
    failed: tuple[str, ...] = ()
    #: of a legal review: whether the latest 法制审核 dated on or before the decision's day (``latest_legal_review``)
    #: did not pass (a 否 answer, art. 58 para. 1), not only is dated before the file went to review
    not_passed: bool = False
    #: whether each record that does not count (``failed``) fails only for being dated after the day of the decision
    late: bool = False
    #: of a legal review in a case with several parties: the name of the party whose decision needs it (the
    #: 案件审核表 is made for one party, ``_review_parties``); "" in a case with one party and of a discussion
    party: str = ""
    #: of a legal review: whether the latest (``latest_legal_review``) did not pass after one that did, which it
    #: overrules (``failed`` then names the latest alone)
    overruled: bool = False


def _issued_sheets(db: Database, case: Case, form_id: str, party_id: str | None = None,
                   parties: list | None = None) -> list[tuple[dict, str | None]]:
    """(values, 文号) of the case's documents of ``form_id`` in force — issued, not voided, and not replaced by an
    issued correction (a 法制审核 corrected to 案件审核 records no legal review) —, in the order issued. ``party_id``: in
    a case with several parties, only those written for that party (one recording none: the first party's,
    ``addressee.party_condition``)."""
    from workstation.documents.addressee import party_condition

    of_party, params = party_condition(db, case, party_id, "d", parties)
    rows = db.execute(
        f"SELECT number, values_json FROM documents d WHERE case_id = ? AND form_id = ? AND {DOCUMENT_IN_FORCE}"
        f"{of_party} ORDER BY d.issued_at, d.rowid",
        [case.id, form_id, *params],
    ).fetchall()
    return [(json.loads(text or "{}"), number) for number, text in rows]


def _issued_values(db: Database, case: Case, form_id: str, party_id: str | None = None,
                   parties: list | None = None) -> list[dict]:
    """The values of the case's documents of ``form_id`` in force (``_issued_sheets``)."""
    return [values for values, _number in _issued_sheets(db, case, form_id, party_id, parties)]


def failed_answers(values: dict) -> list[str]:
    """What the 否 answers of a 案件审核表's ``values`` say the review found (“the facts unclear” …), in the user's
    language; empty when none is 否."""
    return [_(text) for name, text in REVIEW_ANSWERS.items() if values.get(name) == "否"]


def _review_day(values: dict) -> str:
    """The 审核日期 of a 案件审核表's ``values`` (the day it was issued as, without one)."""
    return str(values.get("reviewed_on") or (values.get("_issued_as") or {}).get("date") or "")[:10]


def _day(value) -> str:
    """The day (YYYY-MM-DD) a date or date and time ``value`` gives, "" for none."""
    return str(value or "")[:10]


def _after(day: str, on_date: str | None) -> bool:
    """Whether ``day`` is after the day of the decision ``on_date`` (never without either): a review or discussion
    that day does not come before the decision."""
    return bool(day and on_date and day > _day(on_date))


def _review_fault(values: dict, case: Case, on_date: str | None = None) -> tuple[str, str] | None:
    """(kind, why) the 法制审核 of the 案件审核表 ``values`` does not count for the decision, None when it does: a 否
    answer (kind "failed": 审核未通过, Penalty Law art. 58 para. 1), a 审核日期 before the file went to review
    (``case.review_on``; "early"), or — for the decision made on ``on_date`` — after that day ("late"): the review
    comes before the decision (art. 58). Not one before a hearing: the review precedes the 行政处罚告知书 and the
    hearing follows it (REFERENCE §1.1), so a review that passed is dated before any hearing."""
    day = _review_day(values)
    if found := failed_answers(values):
        return "failed", _("the review found {findings}").format(findings=join_names(found))
    if day and case.review_on and day < str(case.review_on)[:10]:
        return "early", _("its 审核日期 {date} is before the file went to review on {review_on}").format(
            date=day, review_on=str(case.review_on)[:10])
    if _after(day, on_date):
        return "late", _("its 审核日期 {date} is after the day of the decision, {decided}").format(
            date=day, decided=_day(on_date))
    return None


def _review_sheets(db: Database, case: Case, party_id: str | None = None,
                   parties: list | None = None) -> list[tuple[dict, str | None]]:
    """(values, 文号) of each 案件审核表 in force, of either 审核类别 — in a case with several parties, with
    ``party_id``, each made for that party (one recording none: the first party's, ``addressee.party_condition``) —,
    in the order of their 审核日期 (``_review_day``), those of one day in the order issued: the last is the latest."""
    sheets = _issued_sheets(db, case, LEGAL_REVIEW_FORM, party_id, parties)
    return sorted(sheets, key=lambda sheet: _review_day(sheet[0]))  # a stable sort: one day's stay as issued


def _legal_review_sheets(db: Database, case: Case, party_id: str | None = None,
                        parties: list | None = None) -> list[tuple[dict, str | None]]:
    """Those of ``_review_sheets`` whose 审核类别 is 法制审核, in the same order: the last is the latest."""
    return [sheet for sheet in _review_sheets(db, case, party_id, parties)
            if sheet[0].get("review_kind") == LEGAL_REVIEW_KIND]


def _latest(sheets: list[tuple[dict, str | None]], on_date: str | None) -> tuple[dict, str | None] | None:
    """The last of ``sheets`` (``_legal_review_sheets``) dated on or before ``on_date`` (any, without it)."""
    return next((sheet for sheet in reversed(sheets) if not _after(_review_day(sheet[0]), on_date)), None)


def latest_legal_review(db: Database, case: Case, party_id: str | None = None, on_date: str | None = None,
                        parties: list | None = None) -> tuple[dict, str | None] | None:
    """The 法制审核 that counts for the decision of the case — of ``party_id``, in a case with several parties (a sheet
    recording no party is the first party's) — made on ``on_date``: (values, 文号) of its latest 案件审核表 in force whose
    审核类别 is 法制审核 by 审核日期 (those of one day: the last issued), of those dated on or before that day (any,
    without it); None when there is none. A later review stands for an earlier one: one answering 否 refuses the
    decision although an earlier one passed (Penalty Law art. 58 para. 1, ``review_refusal``), one that passed after
    a failed one lets it be made. The warning at issue of the paper before the decision reads the same one
    (``failed_review_warning``)."""
    return _latest(_legal_review_sheets(db, case, party_id, parties), on_date)


def _legal_reviews(sheets: list[tuple[dict, str | None]], case: Case,
                   on_date: str | None = None) -> list[tuple[dict, tuple[str, str] | None]]:
    """Each legal review of ``sheets`` (``_legal_review_sheets``) with why it does not count for the decision made
    on ``on_date`` (``_review_fault``)."""
    return [(values, _review_fault(values, case, on_date)) for values, _number in sheets]


def _sheet_named(values: dict, number: str | None) -> str:
    """A 案件审核表 named by its 文号 and 审核日期, or its 审核日期 alone without a 文号."""
    day = _review_day(values) or "—"
    return _("{number} of {date}").format(number=number, date=day) if number else day


def _failed_reviews(reviews: list[tuple[dict, tuple[str, str] | None]]) -> list[str]:
    """A sentence for each legal review of ``reviews`` that does not count, saying why."""
    return [_("The 法制审核 of the 案件审核表 dated {date} does not count: {why}.").format(
        date=_review_day(values) or "—", why=fault[1]) for values, fault in reviews if fault]


def legal_review_recorded(db: Database, case: Case, on_date: str | None = None, party_id: str | None = None) -> bool:
    """Whether the case holds a 案件审核表 in force (issued, not voided, not corrected) whose 审核类别 is 法制审核 and
    that counts (``_review_fault``): every answer 是, dated on or after the file went to review — and, for the
    decision made on ``on_date``, on or before that day. ``party_id``: in a case with several parties, one made for
    that party (one recording no party is the first party's); without it, any party's of the case. Only the latest
    counts (``latest_legal_review``): a later one answering 否 overrules an earlier one that passed."""
    from workstation.store import parties_of_case

    parties = parties_of_case(db, case.id)
    if party_id is None and len(parties) > 1:
        return any(legal_review_recorded(db, case, on_date, party.id) for party in parties)
    latest = latest_legal_review(db, case, party_id, on_date, parties)
    return latest is not None and _review_fault(latest[0], case, on_date) is None


def legal_review_recorded_for_each(db: Database, case: Case) -> bool:
    """Whether the case records the 法制审核 its decision needs (``legal_review_recorded``): in a case with several
    parties, one of its own for each party whose decision needs one (``_review_parties``: those still to be decided,
    less those spared by a 不予行政处罚决定书) — its own hearing held, a ground of art. 58 marked on the case, or the
    data's reasons of its own penalty where the bureau made them binding (``_legal_review_grounds``) —, the
    案件审核表 being made for one party. When no party needs one, or in a case with one party: any party's latest
    法制审核 passed (``legal_review_recorded`` without a party) — a later one answering 否 overrules an earlier pass."""
    from workstation.law.case_law import party_terms
    from workstation.law.data import load
    from workstation.store import parties_of_case

    parties = parties_of_case(db, case.id)
    if len(parties) > 1:
        data = load("thresholds")
        binding = bool(data["legal_review"].get("binding"))
        terms_of = party_terms(db, case)
        needing = [party for party in _review_parties(db, case, parties)
                   if (grounds := _legal_review_grounds(db, case, data, party, parties, terms_of))[0]
                   or (binding and grounds[1])]
        if needing:
            return all(legal_review_recorded(db, case, party_id=party.id) for party in needing)
    return legal_review_recorded(db, case)


def discussion_recorded(db: Database, case: Case, on_date: str | None = None) -> bool:
    """Whether the case records the heads' collective discussion of its decision: a 行政处罚案件集体讨论记录 in force
    (not voided, not corrected) with its date, chair and members, at least two people (``discussion_held``), whose
    讨论事项 is not the extension of the 办案期限 alone, or a 行政处理决定审批表 in force giving the day of the
    discussion; for the decision made on ``on_date``, one held on or before that day (the decision is made by the
    discussion, Penalty Law art. 57 para. 2)."""
    for values in _issued_values(db, case, DISCUSSION_FORM):
        if not discussion_held(values):  # a record with no date, chair or members records no meeting
            continue
        if about_decision(values) and not _after(_day(values.get("held_from")), on_date):
            return True
    return any(values.get("collective_on") and not _after(_day(values.get("collective_on")), on_date)
               for values in _issued_values(db, case, APPROVAL_FORM))


def about_decision(values: dict) -> bool:
    """Whether a 行政处罚案件集体讨论记录's 讨论事项 is the decision, not the extension of the 办案期限 alone."""
    topic = str(values.get("topic") or "")
    return "延长" not in topic or any(word in topic for word in ("处罚", "处理决定"))


#: the fields of a 行政处罚案件集体讨论记录 that record the meeting held: its date (讨论开始时间), chair and members
DISCUSSION_HELD_FIELDS = ("held_from", "chair", "members")


def discussion_held(values: dict) -> bool:
    """Whether a 行政处罚案件集体讨论记录's ``values`` record a meeting: its date (讨论开始时间), chair and members, and
    at least two people attending (``discussion_people``) — one alone is no collective discussion."""
    return all(str(values.get(name) or "").strip() for name in DISCUSSION_HELD_FIELDS) and not _one_person(values)


def _one_person(values: dict) -> bool:
    """Whether a 行政处罚案件集体讨论记录's ``values`` name fewer than two people attending (``discussion_people``): one
    alone, its 主持人 the only one, is no collective discussion of the heads."""
    return len(discussion_people(values)) < 2


_SPACES = re.compile(r"\s+")


def discussion_people(values: dict) -> list[str]:
    """The people a 行政处罚案件集体讨论记录's ``values`` name as attending, each once: its 主持人 and its 出席人员, names
    set apart as those of a hearing's officers are (``stage_rules._NAME_SEPARATORS``: 、，,；;/) or by lines, what is
    in brackets after one left out (局长甲（主持）) and the spaces within one removed (局长 李明 is 局长李明)."""
    from workstation.documents.stage_rules import _BRACKETED, _NAME_SEPARATORS

    text = "\n".join(str(values.get(name) or "") for name in ("chair", "members"))
    names = (_SPACES.sub("", part) for line in text.splitlines()
             for part in _NAME_SEPARATORS.split(_BRACKETED.sub(" ", line)))
    return list(dict.fromkeys(name for name in names if name))


def _field_labels() -> dict[str, str]:
    """{field name: label} of the 行政处罚案件集体讨论记录."""
    from workstation.documents.drafts import find_form

    return {field.name: field.label for field in find_form(DISCUSSION_FORM).fields}


def discussion_gaps(values: dict) -> str:
    """The labels of the fields of ``DISCUSSION_HELD_FIELDS`` a 行政处罚案件集体讨论记录's ``values`` leave empty
    (讨论开始时间、主持人、出席人员), joined; "" when none is."""
    labels = _field_labels()
    return "、".join(labels.get(name, name) for name in DISCUSSION_HELD_FIELDS
                    if not str(values.get(name) or "").strip())


def discussion_warnings(values: dict) -> list[str]:
    """What issuing the 行政处罚案件集体讨论记录 ``values`` is told, not refused: the fields recording the meeting it
    leaves empty — it then records no meeting and does not count as the heads' collective discussion of the decision
    (``discussion_recorded``); or a single person attending, its 主持人 the only one it names (``discussion_people``).
    A paper record may be filled in by hand, so they are not required."""
    if not (empty := discussion_gaps(values)):
        if not _one_person(values):
            return []
        labels, people = _field_labels(), discussion_people(values)
        return [_("This 行政处罚案件集体讨论记录 names only {name} as its {chair} and {members}: a collective discussion "
                  "is held by the bureau's heads attending, at least two people, and the workstation does not count "
                  "this one as the heads' collective discussion of the decision (Penalty Law art. 57 para. 2). Write "
                  "the heads who attended in {members} before issuing it.").format(
            name="、".join(people), chair=labels.get("chair", "chair"), members=labels.get("members", "members"))]
    return [_("This 行政处罚案件集体讨论记录 leaves {fields} empty: without them it records no meeting, and the "
              "workstation does not count it as the heads' collective discussion of the decision (Penalty Law art. "
              "57 para. 2). Fill them in before issuing it; if they are written by hand on paper, issue a "
              "correction with them before the decision.").format(fields=empty)]


def failed_review_warning(db: Database, case: Case, values: dict, document: str) -> str | None:
    """What issuing the ``document`` (the 行政处罚告知书, or the 行政处理决定审批表 proposing a penalty) with ``values`` is
    told while a 案件审核表 in force of its party (one recording no party is the first party's) answers 否 — told, not
    refused: the paper before the decision goes on as if the review had passed. The party's latest 法制审核
    (``latest_legal_review``, the one its decision is judged on) answering 否: a penalty is not decided on it (Penalty
    Law art. 58 para. 1, REFERENCE §1.5), and the decision is refused while it is the latest, although an earlier one
    passed (``review_refusal``, in a case whose notices were written on paper too). Else its latest
    sheet of either kind (by 审核日期, those of one day in the order issued, as the 法制审核), a 案件审核 answering 否:
    the bureau's own review found the case not ready, which refuses nothing (a 案件审核 is no legal review). None when
    neither."""
    from workstation.documents.addressee import PARTY_KEY
    from workstation.store import parties_of_case

    parties = parties_of_case(db, case.id)
    party_id = values.get(PARTY_KEY) or (parties[0].id if parties else None)
    sheets = _review_sheets(db, case, party_id, parties)  # of either kind, as the 法制审核's (the last is the latest)
    latest = latest_legal_review(db, case, party_id, parties=parties)
    if latest and failed_answers(latest[0]):
        (answers, number), message = latest, _(
            "The latest 案件审核表 in force ({named}) did not pass: the review found {findings}, and its 审核意见 is "
            "“{opinion}”. A penalty is not decided on a review that did not pass (Penalty Law art. 58 para. 1), and "
            "this {document} goes on as if it had.")
    elif sheets and sheets[-1][0].get("review_kind") != LEGAL_REVIEW_KIND and failed_answers(sheets[-1][0]):
        (answers, number), message = sheets[-1], _(
            "The latest 案件审核表 in force ({named}), a 案件审核, did not pass: the review found {findings}, and its "
            "审核意见 is “{opinion}”. This {document} goes on as if it had.")
    else:
        return None
    return join_sentences([
        message.format(named=_sheet_named(answers, number), findings=join_names(failed_answers(answers)),
                       document=document, opinion=str(answers.get("opinion") or "").strip().rstrip("。") or "—"),
        _("Send the case back for further investigation (退回补充调查) and deal with what the review found, or have it "
          "reviewed again and issue a new 案件审核表 with every 审核事项 “是”, before issuing it.")])


#: the fields of a 行政处罚案件集体讨论记录 stating what the heads discussed, each party's in a case with several
SUMMARY_FIELDS = ("proposal", "review_opinion")


def discussion_summary_warnings(db: Database, case: Case, values: dict) -> list[str]:
    """What issuing the 行政处罚案件集体讨论记录 ``values`` of the decision of a case with several parties is told when
    it leaves its 办案机构处理意见 or 审核意见 empty: they are filled in, party by party, only once every party's
    案件审核表 is in force (``formkit.values.review_results_context``), and the minutes state what the heads
    discussed. Told, not refused: they may be written by hand."""
    from workstation.store import parties_of_case

    if not about_decision(values) or len(parties_of_case(db, case.id)) < 2:
        return []
    labels = _field_labels()
    empty = [labels.get(name, name) for name in SUMMARY_FIELDS if not str(values.get(name) or "").strip()]
    if not empty:
        return []
    return [_("This 行政处罚案件集体讨论记录 leaves {fields} empty: the minutes state what the heads discussed, and "
              "in a case with several parties they are filled in only once every party's 案件审核表 is in force. "
              "Write each party's on its own line (甲：…；乙：…), or issue the missing 案件审核表 first and draft the "
              "record again.").format(fields="、".join(empty))]


#: a fine a text states: 罚款 then an amount in figures (¥90,000.00, 90000元, 9万元) or in words (玖万元整, 二〇〇〇元,
#: 九千元九角, 叁仟元零伍分 as ``money.uppercase`` writes it): the characters ``validators.chinese_numeral`` reads
_FINE_STATED = re.compile(
    r"罚款\s*(?:人民币)?\s*(?:[¥￥]\s*(?P<sign>\d[\d,]*(?:\.\d{1,2})?)|(?P<figures>\d[\d,]*(?:\.\d+)?\s*万?)\s*元"
    rf"|(?P<words>[{CHINESE_NUMERALS}]+)元(?:零?(?P<jiao>[{CHINESE_NUMERALS}])角)?(?:零?(?P<fen>[{CHINESE_NUMERALS}])分)?)")


def stated_fines(text: str) -> list[int]:
    """The fines (fen) a text states after 罚款, in figures or in words: 罚款柒万柒仟元, 罚款二〇〇〇元, 罚款¥77,000.00,
    罚款7.7万元 (``validators.parse_amount_fen``, ``validators.chinese_numeral``); an amount that cannot be read as
    one (罚款万元, 罚款1.2345678万元) is left out, not read as none. Not a range stated before 罚款
    (处一万元以上十万元以下罚款), nor what is confiscated (没收违法所得…)."""
    fines = []
    for found in _FINE_STATED.finditer(text or ""):
        if found["words"]:
            whole, jiao, cents = (chinese_numeral(found[name]) if found[name] else 0 for name in ("words", "jiao",
                                                                                                   "fen"))
            if whole is None or jiao is None or cents is None or jiao > 9 or cents > 9:
                continue
            fines.append(whole * 100 + jiao * 10 + cents)
            continue
        try:
            fines.append(parse_amount_fen(found["sign"] or found["figures"].replace(" ", "")))
        except ValueError:
            continue  # not one amount (finer than the fen, too large): nothing said of it
    return fines


def discussion_fine_warning(values: dict) -> str | None:
    """What issuing the 行政处理决定审批表 ``values`` proposing a penalty is told when its 集体讨论结论 states a fine
    (罚款柒万柒仟元) and none it states is the 罚款 the sheet proposes: the heads decided on another amount, or the
    one of the sheet is wrong. None when the conclusion states no fine, or the sheet's own among others (several
    parties discussed together)."""
    from workstation.law.data import yuan
    from workstation.penalty_terms import Terms

    if values.get("decision_kind") != "给予行政处罚":
        return None
    fines, own = stated_fines(str(values.get("collective_conclusion") or "")), Terms.of(values).fine_fen
    if not fines or own in fines:
        return None
    return _("The 集体讨论结论 states a fine of {stated}, but this 行政处理决定审批表 proposes {own}: the penalty "
             "approved is the one the heads decided by collective discussion (Penalty Law art. 57 para. 2). Correct "
             "the 罚款 or the 集体讨论结论, whichever is wrong.").format(
        stated="、".join(yuan(fen) for fen in dict.fromkeys(fines)), own=yuan(own))


def _unheld_discussions(db: Database, case: Case, on_date: str | None = None) -> list[tuple[str, bool]]:
    """(a sentence, whether it is only late) for each 行政处罚案件集体讨论记录 in force of the case's decision that
    does not count: it leaves its date, chair or members empty (``discussion_gaps``), names a single person
    (``discussion_people``), or — for the decision made on ``on_date`` — was held after that day; it is named by its
    讨论开始时间's day, else the day it was issued. And each 行政处理决定审批表 in force whose 集体讨论日期 is after
    that day."""
    rows = db.execute(
        f"SELECT values_json, issued_at FROM documents d WHERE case_id = ? AND form_id = ? AND {DOCUMENT_IN_FORCE} "
        "ORDER BY issued_at", [case.id, DISCUSSION_FORM]).fetchall()
    found = []
    for values_json, issued_at in rows:
        values = json.loads(values_json or "{}")
        if not about_decision(values):
            continue
        dated = str(values.get("held_from") or issued_at or "")[:10] or "—"
        if empty := discussion_gaps(values):
            found.append((_("The 行政处罚案件集体讨论记录 dated {date} leaves {fields} empty, so it records no "
                            "meeting.").format(date=dated, fields=empty), False))
        elif _one_person(values):
            labels = _field_labels()
            found.append((_("The 行政处罚案件集体讨论记录 dated {date} names only {name} as its {chair} and {members}: a "
                            "collective discussion is held by the bureau's heads, at least two people, so it does "
                            "not count.").format(date=dated, name="、".join(discussion_people(values)),
                                                 chair=labels.get("chair", "chair"),
                                                 members=labels.get("members", "members")), False))
        elif _after(_day(values.get("held_from")), on_date):
            found.append((_("The 行政处罚案件集体讨论记录 dated {date} records a discussion held after the day of the "
                            "decision, {decided}: the penalty is decided by the discussion, after it.").format(
                date=dated, decided=_day(on_date)), True))
    for values in _issued_values(db, case, APPROVAL_FORM):
        if _after(day := _day(values.get("collective_on")), on_date):
            found.append((_("The 行政处理决定审批表 gives the 集体讨论日期 {date}, after the day of the decision, "
                            "{decided}.").format(date=day, decided=_day(on_date)), True))
    return found


def hearing_held_on(db: Database, case: Case) -> str | None:
    """The first day a hearing of the case was held (in a case with several parties, of any party who asked for one),
    None when it records none (``procedure.party_hearing_held_on``)."""
    from workstation.procedure import hearing_requests, party_hearing_held_on
    from workstation.store import parties_of_case

    parties = parties_of_case(db, case.id)
    # only a party who asked can have had its hearing held: a case of forty parties is not asked about each of them
    requests = hearing_requests(db, case) if len(parties) > 1 else {}
    asked = [party.id for party in parties if party.id in requests] if len(parties) > 1 else [None]
    return min(
        (day for party_id in asked if (day := party_hearing_held_on(db, case, party_id, parties))),
        default=None,
    )


def _notices_kept_here(db: Database, case: Case) -> bool:
    """Whether a 行政处罚告知书 or 听证通知书 was issued for the case in the workstation (voided ones included): a case
    whose notices were written on paper may have had its review on paper too."""
    return (
        db.execute(
            "SELECT 1 FROM documents WHERE case_id = ? AND form_id IN ('pre_penalty_notice', "
            "'hearing_notice') LIMIT 1",
            [case.id],
        ).fetchone()
        is not None
    )


def _local_reasons(db: Database, case: Case, requirement: str, party_id: str | None = None,
                   parties: list | None = None, terms_of: dict | None = None) -> tuple[list[str], str]:
    """The reasons the data's local amounts, penalties and (for legal review) reduced penalty give ``requirement``
    for the penalty each party is judged on (``case_law.party_terms``: its decision in force, else its notice, else
    the case's amounts), each prefixed with its party in a case with several — with ``party_id``, that party's alone,
    unprefixed —; and the data's ``unconfirmed`` note. ``parties``, ``terms_of``: the case's parties and their
    ``party_terms``, when the caller read them already (once for all its parties)."""
    from workstation.law import thresholds
    from workstation.law.case_law import party_terms, terms_kinds
    from workstation.store import parties_of_case

    test = thresholds.legal_review if requirement == "legal_review" else thresholds.collective_discussion
    grounds = (
        ["reduced_penalty"] if requirement == "legal_review" and case.discretion_tier == "reduced" else []
    )
    parties = parties_of_case(db, case.id) if parties is None else parties
    terms_of = party_terms(db, case) if terms_of is None else terms_of
    reasons: list[str] = []
    note = ""
    for party in parties:
        terms = terms_of.get(party.id)
        if terms is None or (party_id is not None and party.id != party_id):
            continue
        result = test(
            party.kind, terms.fine_fen, terms.confiscated_fen, penalties=terms_kinds(terms), grounds=grounds
        )
        if not result.applies:
            continue
        note = result.unconfirmed or note
        reasons += [
            _("{party}: {why}").format(party=party.name, why=why) if len(parties) > 1 and party_id is None else why
            for why in result.reasons
        ]
    return list(dict.fromkeys(reasons)), note


def legal_review_needed(db: Database, case: Case) -> bool:
    """Whether the case's decision needs a 法制审核 (Penalty Law art. 58), recorded or not: it has a ground of art. 58
    para. 1 — a hearing held ((2)), or one the officer marked on it ((1), (3), (4): ``MARKED_GROUNDS``) —, or an amount,
    penalty or reduced penalty ``resources/law/thresholds.toml`` lists for legal review where the bureau made that
    data binding. Local amounts that are not binding are only said (``review_warnings``): they do not make it one."""
    if case.id is None:
        return False
    if any(key in case.review_grounds for key in MARKED_GROUNDS) or hearing_held_on(db, case) is not None:
        return True
    from workstation.law.data import load

    return bool(load("thresholds")["legal_review"].get("binding")) and bool(_local_reasons(db, case, "legal_review")[0])


def review_kind(db: Database, case: Case) -> str:
    """The 审核类别 the case's 案件审核表 starts with: 法制审核 for a case that needs it (``legal_review_needed``), else
    案件审核, which most cases get (REFERENCE §1.5)."""
    return LEGAL_REVIEW_KIND if legal_review_needed(db, case) else "案件审核"


def _review_parties(db: Database, case: Case, parties: list, party_ids: tuple[str, ...] = ()) -> list:
    """The parties of a case with several parties whose decision's legal review is checked: those of ``party_ids``
    (the party a 行政处罚决定书 is written for, or those a step names), else each party still undecided
    (``party_decisions.undecided_parties``), else all of them — less those spared by a 不予行政处罚决定书 that stands
    (``party_decisions.no_penalty_parties``), given no penalty to review (warned of when so decided,
    ``no_penalty_review_warnings``)."""
    from workstation.party_decisions import no_penalty_parties, undecided_parties

    if party_ids:
        return [party for party in parties if party.id in party_ids]
    spared = no_penalty_parties(db, case, parties)
    return [party for party in (undecided_parties(db, case) or parties) if party.id not in spared]


def _legal_review_grounds(db: Database, case: Case, data: dict, party=None, parties: list | None = None,
                          terms_of: dict | None = None) -> tuple[list[str], list[str], str]:
    """(the grounds of art. 58 para. 1, the data's local reasons, their note) on which the decision of the case with
    one party, or of ``party`` of a case with several, needs a 法制审核, as ``_legal_review_need`` says them: its own
    hearing held (``procedure.party_hearing_held_on``), those marked on the case, and the local reasons of its own
    penalty (``_local_reasons``, ``parties`` and ``terms_of`` as it takes them) — binding or not."""
    from workstation.law.thresholds import shown_ground
    from workstation.procedure import party_hearing_held_on

    party_id = party.id if party is not None else None
    statutory = []
    grounds = {g["key"]: g for g in data["legal_review"]["grounds"]}
    held = hearing_held_on(db, case) if party is None else party_hearing_held_on(db, case, party_id, parties)
    if held is not None:
        statutory.append(
            _("{ground} (the hearing was held on {date}).").format(
                ground=shown_ground(grounds[HEARING_GROUND]), date=held
            )
        )
    statutory += [
        _("{ground} (marked on the case).").format(ground=shown_ground(grounds[key]))
        for key in MARKED_GROUNDS
        if key in case.review_grounds
    ]
    local, note = _local_reasons(db, case, "legal_review", party_id, parties, terms_of)
    return statutory, local, note


def _legal_review_need(db: Database, case: Case, on_date: str | None, data: dict, kept: bool,
                       party=None, parties: list | None = None, terms_of: dict | None = None) -> ReviewNeed | None:
    """The legal review the decision made on ``on_date`` needs and the case does not record (None when its latest
    legal review dated on or before that day counts, ``latest_legal_review``, or it needs none — a later review
    answering 否 overrules an earlier one that passed, ``ReviewNeed.overruled``): of the case with one party, or of
    ``party`` of a case with several — the
    案件审核表 is made for one party (its proposal, its amount: one recording none is the first party's), so only a
    法制审核 made for that party counts, and the grounds are that party's: its own hearing held (art. 58 para. 1 (2),
    ``procedure.party_hearing_held_on``), those marked on the case (each party's decision is a decision the head
    makes after its review, art. 58), and the data's local reasons of its own penalty (``parties``, ``terms_of``:
    as ``_local_reasons`` takes them, read once by the caller)."""
    party_id = party.id if party is not None else None
    sheets = _legal_review_sheets(db, case, party_id, parties)
    reviews = _legal_reviews(sheets, case, on_date)
    # the latest review dated on or before the decision's day counts, not any (``latest_legal_review``)
    latest = _latest(sheets, on_date)
    fault = _review_fault(latest[0], case, on_date) if latest else None
    if latest and fault is None:
        return None
    # a later review that did not pass overrules an earlier one that did: only the later one is said
    overruled = bool(fault and fault[0] == "failed" and any(other is None for _values, other in reviews))
    failed = _failed_reviews([(latest[0], fault)] if overruled else reviews)
    statutory, local, note = _legal_review_grounds(db, case, data, party, parties, terms_of)
    binding = bool(data["legal_review"].get("binding"))
    local = [*local, f"（{note}）"] if local and note and not binding else local
    # a 法制审核 that did not pass refuses the decision whatever else (审核未通过的，不得作出决定, art. 58 para. 1): the
    # latest dated on or before the decision's day, as for any review — not one dated after it, nor one a later overrules
    not_passed = bool(fault and fault[0] == "failed")
    late = bool(failed) and all(fault[0] == "late" for _values, fault in reviews if fault)
    if not (statutory or local or not_passed):
        return None
    # a review that did not pass was recorded here: no paper review is presumed for it, whatever the notices
    return ReviewNeed("legal_review", tuple(statutory + local), kept and bool(statutory or binding) or not_passed,
                      tuple(failed), not_passed, late, party.name if party is not None else "", overruled)


def review_needs(db: Database, case: Case, on_date: str | None = None,
                 party_ids: tuple[str, ...] = ()) -> list[ReviewNeed]:
    """The legal review and collective discussion the case's decision (made on ``on_date``: only those dated on or
    before it count; any, without it) needs and the case does not record, each with its reasons and whether its
    absence refuses the decision (see the module's text). In a case with several parties the legal review is each
    party's own (``_legal_review_need``): one need for each party of ``_review_parties`` (``party_ids``: the party a
    行政处罚决定书 is written for) that lacks its review, naming it (``ReviewNeed.party``)."""
    from workstation.law.case_law import party_terms
    from workstation.law.data import load
    from workstation.law.thresholds import shown_ground
    from workstation.store import parties_of_case

    data = load("thresholds")
    kept = _notices_kept_here(db, case)
    # read once for every party's review and the discussion (``_local_reasons``), not once for each party
    parties = parties_of_case(db, case.id)
    terms_of = party_terms(db, case)
    several = len(parties) > 1
    needs = [need for party in (_review_parties(db, case, parties, party_ids) if several else [None])
             if (need := _legal_review_need(db, case, on_date, data, kept, party, parties, terms_of))]
    if not discussion_recorded(db, case, on_date):
        marked = {g["key"]: g for g in data["collective_discussion"]["grounds"]}
        statutory = [
            _("{ground} (marked on the case).").format(ground=shown_ground(marked[DISCUSSION_GROUNDS[key]]))
            for key in DISCUSSION_GROUNDS
            if key in case.review_grounds
        ]
        local, note = _local_reasons(db, case, "collective_discussion", parties=parties, terms_of=terms_of)
        binding = bool(data["collective_discussion"].get("binding"))
        local = [*local, f"（{note}）"] if local and note and not binding else local
        if statutory or local:
            unheld = _unheld_discussions(db, case, on_date)
            needs.append(
                ReviewNeed("collective_discussion", tuple(statutory + local), kept and bool(statutory or binding),
                           tuple(text for text, _late in unheld), late=bool(unheld) and all(
                               late for _text, late in unheld))
            )
    return needs


def _of_party(need: ReviewNeed, text: str) -> str:
    """``text`` said of ``need``, prefixed with the party whose review it is in a case with several parties."""
    return _("{party}: {why}").format(party=need.party, why=text) if need.party else text


def review_refusal(db: Database, case: Case, on_date: str | None = None,
                   party_ids: tuple[str, ...] = ()) -> str | None:
    """Why the penalty cannot be decided yet — on ``on_date``, when given: a review or discussion dated after it does
    not count — for want of a legal review or a collective discussion that refuses it (``ReviewNeed.binding``), None
    when none does. In a case with several parties a legal review is each party's (``review_needs``: ``party_ids``,
    the party whose 行政处罚决定书 is issued, else those still to be decided), each line naming its party."""
    lines = []
    for need in review_needs(db, case, on_date, party_ids):
        if not need.binding:
            continue
        reasons = join_sentences(need.reasons)
        if need.requirement == "legal_review" and (need.overruled or need.not_passed):
            failed = [*need.failed, *need.reasons]
            if need.overruled:
                situation, when = _("its latest review did not pass, although an earlier one did"), _(
                    "on or before the day of the decision")
                failed.append(_("The earlier review no longer counts once a later one did not pass."))
            else:
                situation, when = _("no review that passed is recorded"), _("on or after the file went to review")
            lines.append(
                _(
                    "This case must pass legal review (法制审核, Penalty Law art. 58) before the penalty is "
                    "decided, and {situation}: {failed} A penalty is not decided on a review that did not pass (art. "
                    "58 para. 1): deal with what the review found, then have the case reviewed again and issue the "
                    "new 案件审核表 with 审核类别 “法制审核”, every 审核事项 “是”, dated {when}."
                ).format(situation=situation, failed=join_sentences(failed), when=when)
            )
        elif need.requirement == "legal_review" and need.late:
            lines.append(
                _(
                    "This case must go through legal review (法制审核, Penalty Law art. 58) before the penalty "
                    "is decided, and the review recorded is dated after the day of the decision, {date}: {failed} "
                    "Date the decision (the step, or the 行政处罚决定书's 决定日期) on or after the day of the review; "
                    "if the review was done on or before {date}, issue a correction of its 案件审核表 (更正… in the "
                    "case's documents) giving the 审核日期 it was done on."
                ).format(date=_day(on_date), failed=join_sentences([*need.failed, *need.reasons]))
            )
        elif need.requirement == "legal_review" and need.failed:
            lines.append(
                _(
                    "This case must go through legal review (法制审核, Penalty Law art. 58) before the penalty "
                    "is decided, and the review recorded is dated before the file went to review: {failed} If "
                    "the review was done on or after that day, issue a correction of its 案件审核表 (更正… in the "
                    "case's documents) giving the 审核日期 it was done on; if the case's date of submission for "
                    "review is the wrong one, correct that instead; otherwise have the case reviewed and issue a new "
                    "案件审核表 with 审核类别 “法制审核”."
                ).format(failed=join_sentences([*need.failed, *need.reasons]))
            )
        elif need.requirement == "legal_review":
            lines.append(
                _(
                    "This case must go through legal review (法制审核, Penalty Law art. 58) before the penalty "
                    "is decided, and no review opinion is recorded: {reasons} Issue the 案件审核表 with "
                    "审核类别 “法制审核” and the reviewers' opinion, then decide."
                ).format(reasons=reasons)
            )
        elif need.late:
            lines.append(
                _(
                    "This case must be decided by the collective discussion of the bureau's heads (集体讨论, "
                    "Penalty Law art. 57 para. 2), and the discussion recorded is dated after the day of the "
                    "decision, {date}: {failed} {reasons} Date the decision (the step, or the 行政处罚决定书's 决定日期) "
                    "on or after the day of the discussion; if it was held on or before {date}, issue a correction "
                    "of its 集体讨论记录 or 行政处理决定审批表 (更正… in the case's documents) giving the day it was "
                    "held."
                ).format(date=_day(on_date), failed=join_sentences(need.failed), reasons=reasons)
            )
        elif need.failed:
            lines.append(
                _(
                    "This case must be decided by the collective discussion of the bureau's heads (集体讨论, "
                    "Penalty Law art. 57 para. 2), and its record is incomplete: {failed} {reasons} Issue a "
                    "correction of that record (更正… in the case's documents) with the day the discussion was held, "
                    "its chair and its members, then decide."
                ).format(failed=join_sentences(need.failed), reasons=reasons)
            )
        else:
            lines.append(
                _(
                    "This case must be decided by the collective discussion of the bureau's heads (集体讨论, "
                    "Penalty Law art. 57 para. 2), and none is recorded: {reasons} Issue the 行政处罚案件集体讨论记录 "
                    "of the discussion (or give its date on the 行政处理决定审批表), then decide."
                ).format(reasons=reasons)
            )
        lines[-1] = _of_party(need, lines[-1])  # each need above gives one line
    return join_sentences(lines) if lines else None


def review_warnings(db: Database, case: Case, on_date: str | None = None,
                    party_ids: tuple[str, ...] = ()) -> list[str]:
    """What deciding the penalty (on ``on_date``, when given) goes against without being refused: a legal review or
    collective discussion the data's local thresholds suggest (or, in a case whose notices were written on paper, one
    a hearing requires) that the case does not record, dated on or before that day — one recorded only after it is
    said as late (``ReviewNeed.late``), not as missing. In a case with several parties a legal review is each
    party's, named (``review_needs``, ``party_ids``)."""
    warnings = []
    for need in review_needs(db, case, on_date, party_ids):
        if need.binding:
            continue
        reasons = join_sentences([*need.failed, *need.reasons])
        if need.late and need.requirement == "legal_review":
            warnings.append(
                _(
                    "Legal review (法制审核, Penalty Law art. 58) may be required before the penalty is decided, "
                    "and the one recorded is dated after the day of the decision, {date}: {reasons} Date the "
                    "decision (the step, or the 行政处罚决定书's 决定日期) on or after the day of the review; if the "
                    "review was done on or before {date}, issue a correction of its 案件审核表 (更正… in the case's "
                    "documents) giving the 审核日期 it was done on."
                ).format(date=_day(on_date), reasons=reasons)
            )
        elif need.late:
            warnings.append(
                _(
                    "A collective discussion of the bureau's heads (集体讨论, Penalty Law art. 57 para. 2) may be "
                    "required before the penalty is decided, and the one recorded is dated after the day of the "
                    "decision, {date}: {reasons} Date the decision (the step, or the 行政处罚决定书's 决定日期) on or "
                    "after the day of the discussion; if it was held on or before {date}, issue a correction of its "
                    "集体讨论记录 or 行政处理决定审批表 (更正… in the case's documents) giving the day it was held."
                ).format(date=_day(on_date), reasons=reasons)
            )
        elif need.requirement == "legal_review":
            warnings.append(
                _(
                    "Legal review (法制审核, Penalty Law art. 58) may be required before the penalty is "
                    "decided, and none is recorded in the workstation: {reasons} Check that it was done, on "
                    "paper if not here, or issue the 案件审核表 with 审核类别 “法制审核”."
                ).format(reasons=reasons)
            )
        else:
            warnings.append(
                _(
                    "A collective discussion of the bureau's heads (集体讨论, Penalty Law art. 57 para. 2) "
                    "may be required before the penalty is decided, and none is recorded in the "
                    "workstation: {reasons} Check the bureau's rules; if they require it, hold it and issue "
                    "the 行政处罚案件集体讨论记录."
                ).format(reasons=reasons)
            )
        warnings[-1] = _of_party(need, warnings[-1])  # each need above gives one warning
    return warnings


def no_penalty_review_warnings(db: Database, case: Case) -> list[str]:
    """What deciding not to penalise the case (作出不予行政处罚决定) goes against without being refused: the legal review
    or collective discussion its grounds (marked, a hearing held, the data's amounts) call for and the case does not
    record — the decision is the head's all the same, and is warned of, not refused. In a case with several parties
    a legal review is each party's (``review_needs``), of every party, named."""
    from workstation.store import parties_of_case

    warnings = []
    for need in review_needs(db, case, party_ids=tuple(party.id for party in parties_of_case(db, case.id))):
        reasons = join_sentences([*need.failed, *need.reasons])
        if need.requirement == "legal_review":
            warnings.append(
                _(
                    "This case calls for legal review (法制审核, Penalty Law art. 58) before it is decided, and no "
                    "review that passed is recorded in the workstation: {reasons} Deciding not to penalise it is "
                    "the head's decision all the same: have the case reviewed first, or check that it was reviewed "
                    "on paper."
                ).format(reasons=reasons)
            )
        else:
            warnings.append(
                _(
                    "This case calls for the collective discussion of the bureau's heads (集体讨论, Penalty Law "
                    "art. 57 para. 2) before it is decided, and none is recorded in the workstation: {reasons} "
                    "Hold it and issue the 行政处罚案件集体讨论记录 first, or check that it was held and recorded on "
                    "paper."
                ).format(reasons=reasons)
            )
        warnings[-1] = _of_party(need, warnings[-1])
    return warnings


def no_penalty_review_note() -> str:
    """What the timeline keeps of 作出不予行政处罚决定 recorded all the same after ``no_penalty_review_warnings``."""
    return _("Decided not to penalise without the legal review or collective discussion recorded in the "
             "workstation.")


def review_note() -> str:
    """What the timeline keeps of 作出行政处罚决定 recorded all the same after ``review_warnings``."""
    return _("Decided without the legal review or collective discussion recorded in the workstation.")


def mark_review_grounds(db: Database, case: Case, grounds) -> Case:
    """Record on the case the grounds of Penalty Law art. 58 para. 1 and art. 57 para. 2 the officer judges it to
    have (keys of ``ALL_MARKED_GROUNDS``; none: no ground marked), in place of those recorded (audited, version
    checked); an unknown key is refused with the field ``review_grounds`` named and nothing changed. Its decision is
    then refused until its legal review, or the heads' collective discussion, is recorded (``review_refusal``)."""
    from dataclasses import replace

    from workstation.store.cases import update_case

    return update_case(db, replace(case, review_grounds=list(dict.fromkeys(grounds))))


def marked_ground_entries() -> dict[str, dict]:
    """Each ground an officer may mark on a case (``ALL_MARKED_GROUNDS``: art. 58's, then art. 57 para. 2's), by its
    key on the case, with its entry in thresholds.toml ({key, text, text_en, source}; ``law.thresholds.shown_ground``
    gives its wording): read here for the texts of the grounds marked and `cases review-grounds`."""
    from workstation.law.data import load

    data = load("thresholds")
    review = {g["key"]: g for g in data["legal_review"]["grounds"]}
    discussion = {g["key"]: g for g in data["collective_discussion"]["grounds"]}
    return {**{key: review[key] for key in MARKED_GROUNDS},
            **{key: discussion[listed] for key, listed in DISCUSSION_GROUNDS.items()}}


def marked_grounds_text(case: Case) -> str:
    """The grounds of art. 58 marked on the case in the user's language, one after the other; "" for none."""
    from workstation.law.thresholds import shown_ground

    grounds = marked_ground_entries()
    return join_names(shown_ground(grounds[key]) for key in MARKED_GROUNDS if key in case.review_grounds)


def marked_discussion_text(case: Case) -> str:
    """The grounds of art. 57 para. 2 marked on the case (``DISCUSSION_GROUNDS``) in the user's language, one after
    the other; "" for none."""
    from workstation.law.thresholds import shown_ground

    grounds = marked_ground_entries()
    return join_names(shown_ground(grounds[key]) for key in DISCUSSION_GROUNDS if key in case.review_grounds)
