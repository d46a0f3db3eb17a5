"""Documents the law allows only at a stage of the case or from a date its steps fix (REFERENCE §1.1–§1.3, the
Compulsion Law arts. 25, 53, 54 and the Penalty Law arts. 51, 64): ``stage_refusal`` says why a case's document
cannot be issued with its checked values (``issuing.check_issue`` refuses it before a number is taken), and
``stage_warnings`` what the officer is told, not refused, before issuing it (the 涉嫌犯罪案件移送书 of a case whose
records stay below the criminal thresholds). The dates a field may not precede are the forms' own ``not_before``
and ``not_after`` (forms/README.md); what they cannot say — a period in working days or months after a service,
the state of the case — is here."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable

from workstation.db import Database
from workstation.document_clocks import _party as party_of  # the party a document is for (else the first)
from workstation.errors import join_reasons, join_sentences
from workstation.formkit.matter import RESUME, SUSPEND
from workstation.formkit.values import ARCHIVE_FORMS
from workstation.i18n import N_, _, ngettext
from workstation.penalty_terms import ENDED_UNDECIDED, Terms
from workstation.records import Case, Party, now, short_time
from workstation.store import parties_of_case
from workstation.vocabulary import shown_label

# the states in which the case has been decided (or went elsewhere): no hearing is held, and no other agency takes it
DECIDED_STATES = ("penalty_decided", "no_penalty", "served", "performed", "closed", "archived")
# the states a case leaves the ordinary procedure in without a decision of this bureau
ENDED_STATES = ENDED_UNDECIDED
# the states a case's file is put together in for the archive (立卷归档): closed, or ended without a decision; the
# 卷宗封面, 卷内文件目录 and 卷内备考表 are issued then (``_archive_state``), and the case file is no working copy
ARCHIVED_STATES = ("closed", "archived", *ENDED_STATES)
# 行政强制法 art. 54: the party has not performed ten (working) days after the 催告书 was served
DEMAND_WORKDAYS = 10
# 行政强制法 art. 25: a seal-up or seizure is extended by thirty days at most
MEASURE_EXTENSION_DAYS = 30
# 行政处罚法 art. 64(2): the party is told seven (working, art. 85) days before the hearing
HEARING_NOTICE_WORKDAYS = 7
# the 结案理由 of the 结案审批表 as the case ended (its choices)
PERFORMED_GROUND = "决定执行完毕"
# the 结案理由 that needs its reason written out (the 其他结案理由)
OTHER_GROUND = "其他"
# a served case closed once the people's court was applied to for a party that did not pay (行政强制法 art. 54)
ENFORCED_GROUND = "申请人民法院强制执行"
CLOSING_GROUNDS = {"performed": PERFORMED_GROUND, "no_penalty": "不予处罚", "transferred_police": "移送司法",
                   "terminated": "终止调查", "not_filed": "其他"}


def stage_refusal(db: Database, case: Case, form_id: str, values: dict, supersedes: str | None = None, *,
                  for_command_line: bool = False) -> str | None:
    """Why the case's document ``form_id`` with its checked ``values`` cannot be issued at the case's stage or on
    its dates (None when it can, and for a form with no such rule); ``supersedes`` (the id or 文号 of the document it
    corrects) is not counted against it. A release (``RELEASES``) returns only what the document it names still
    holds (``_released_items``), and the transfer of the goods only what it still holds (``_transferred_items``);
    nothing extends, transfers, lists, releases or asks help to seize what a decision whose goods were all given
    back held (``_released_in_full``), and the 协助扣押通知书 assists a seizure only (``_assisted_measure``); a
    行政处罚告知书 dated after the party's service recorded is refused unless it corrects (``_notice_after_service``). The
    document they name is looked up once (``_named_holding``). A refusal saying how to correct or void a document
    names 更正… or Void… in the case's documents and, ``for_command_line``, the command line's way too
    (``issuing.or_supersedes``, ``or_docs_void``)."""
    held = _named_holding(db, case, form_id, values) if form_id in NAMING_HELD else None
    if form_id in NAMING_HELD and (gone := _released_in_full(db, case, form_id, held, supersedes)):
        return gone
    if form_id == "seized_items_transfer_notice":
        return _transferred_items(db, case, values, held)
    if form_id == "seized_items_list":  # the list of what its decision seized: its measure and items
        return _listed_items(db, case, values, held)
    if form_id == "seizure_assistance_notice":  # it tells a third party the decision it names seized the goods
        return _assisted_measure(values, held)
    if form_id == "compulsory_measure_extension":  # a correction of the measure's extension is no second one
        return _extension(db, case, values, supersedes, for_command_line=for_command_line)
    if form_id in RELEASES:  # a correction of a release gives back nothing the release it corrects did not
        return _release_dates(db, case, form_id, values) or _released_measure(form_id, values, held) or \
            _released_items(db, case, form_id, values, held, supersedes, for_command_line)
    if form_id == DISPOSAL_RECORD:  # a correction disposes of nothing more than the record it corrects did
        return _items_disposal(db, case, values, supersedes)
    if form_id == "investigation_report":  # the correction of the party's report in force is no second report
        return _report(db, case, values, for_command_line=for_command_line, supersedes=supersedes)
    check = _REFUSALS.get(form_id)
    if check is None:
        return None
    refusal = check(db, case, values, for_command_line=for_command_line) if form_id in _VOID_FIRST_STAGES else check(
        db, case, values)
    if refusal or form_id != "pre_penalty_notice":
        return refusal
    return _notice_after_service(db, case, values, supersedes)  # a correction may bear a later day than the one served


def state_refusal(db: Database, case: Case, form_id: str, *, for_command_line: bool = False) -> str | None:
    """Why the case's document ``form_id`` cannot be issued at the case's stage, whatever its values (None when it
    can): checked before its values, so the officer is not asked to fill in a document the case cannot take. One
    after the decision says to void it first, with Void… beside it in the case's documents and, ``for_command_line``,
    `docs void` (``or_docs_void``); the window, which offers the button, asks for no command."""
    check = _STATE_REFUSALS.get(form_id)
    if check is None:
        return None
    return check(db, case, for_command_line=for_command_line) if form_id in _VOID_FIRST_STATES else check(db, case)


#: the documents that propose or impose a fine, whose amount ``penalty_terms.maximum_refusal`` holds to the maximum
FINING_FORMS = ("investigation_report", "pre_penalty_notice", "penalty_decision", "on_the_spot_decision")


def stage_warnings(db: Database, case: Case, form_id: str, values: dict, *,
                   for_command_line: bool = False) -> list[str]:
    """What the officer is told before ``form_id`` is issued, without being refused: for the 涉嫌犯罪案件移送书, the
    records and gains of the case below the criminal thresholds the workstation computes (other 情节严重
    circumstances may still make the case a crime); for a document proposing or imposing a fine, that its maximum
    could not be checked because the case records no violation, and for the 告知书 and 决定书 a fine below a minimum
    that depends on illegal gains the case does not record, and a penalty norm that does not cover every violation
    recorded (``_uncovered_acts``: separate acts are not 择一重处); for the 解除先行登记保存证据通知书, a release later
    than the seven working days after the preservation (T13), and for the 先行登记保存证据通知书, one signed after
    them; for the 送达回证 of a 听证通知书, a service less
    than seven working days before the hearing (T6), and for it and the 送达公告 a 文号 named that was not issued here
    (``_served_unknown``: one issued on paper); for the 催告书, a surcharge unlike the one computed or counted
    from a payment period ending in a year without holiday data, or no account to pay into (as the 决定书), and
    for it and the 强制执行申请书 of a party whose own amounts are not known, that they are checked against the
    case's total for all its parties only, and of the 强制执行申请书 one made after the three months of T16; and for
    the 听证通知书, its 送达回证 or 送达公告, the 解除先行登记保存证据通知书 and the 强制执行申请书, that the working days
    their check counts run through a year without holiday data (日历待核实, ``clocks.count_note``); for a form citing
    the provisions violated or the penalty basis, calls the case tells of without the facts of calls recorded
    (``case_law.cited_calls_warning``); for the
    实施行政强制措施决定书 and the 先行登记保存证据通知书, items another one of the party in force still holds
    (``_held_again``); for the 结案审批表, goods a seizure or preservation still holds (``closing.seizure_warnings``); for the
    查封/扣押物品移送告知书 sending the goods to the police, no transfer to them recorded or their refusal to open a
    criminal case (``_goods_not_with_police``); for the 询问笔录, an interview of under five minutes
    (``inquiry_times.short_warnings``); for every record of a sitting (its start and end: ``inquiry_times.time_pairs``),
    one running over four hours (``inquiry_times.long_warnings``). And for every
    document naming officers with their 执法证号 (the 当场行政处罚决定书, the 笔录 …), a number the officers' register
    gives another officer or not to the officer named (``officer_certificates``). And for every document of a case
    whose file is put together (closed, archived), its 卷宗封面, 卷内文件目录 and 卷内备考表 issued, which do not list it
    (``casefile.issue_sheets_warning``). A warning saying how to correct a document names 更正… in the case's
    documents and, ``for_command_line``, ``--supersedes``."""
    from workstation.documents.casefile import issue_sheets_warning
    from workstation.documents.drafts import find_form
    from workstation.documents.inquiry_times import long_warnings
    from workstation.documents.officer_certificates import certificate_warnings
    from workstation.law.case_law import cited_calls_warning

    form = find_form(form_id)
    # the calls of a case without the facts of calls, cited under the law of messages by a form citing provisions
    calls = cited_calls_warning(case, form)
    sheets = issue_sheets_warning(db, case, form_id, for_command_line=for_command_line)  # an archived file's sheets
    return _form_warnings(db, case, form_id, values, for_command_line) + certificate_warnings(
        db, form, values) + _no_contact_phone(form, values) + ([calls] if calls else []) + long_warnings(
        form, values) + ([sheets] if sheets else [])


def _paid_before_correction(db: Database, case: Case, values: dict, for_command_line: bool = False) -> list[str]:
    """行政处罚决定书 of a case performed, closed or archived (its correction: the case keeps one decision a party) whose
    fine and confiscated gains differ from what the party paid (``payments.recorded_payment``, its surcharge left
    out): what was paid and when against what it imposes — the difference refunded (退还) to the party when it asks
    less, still to be paid when it asks more —, and the 结案审批表 in force, which states the amounts paid under the
    decision it corrects, to be corrected too. Only when the correction changes the fine or the confiscated gains of
    the decision it corrects (``_corrected_decision``): one leaving them as they were (its facts reworded) changes
    nothing of what was paid, though the party paid less than decided (the rest waived, 行政强制法 art. 42, or
    enforced by the court). Told, not refused: the correction may be right (the amount was written wrong), the
    payment stays as it was made. Told before the window issues it and once the command line did, alike: the amounts
    compared are those of ``values``."""
    if case.status not in ("performed", "closed", "archived"):
        return []
    from workstation.documents.addressee import PARTY_KEY
    from workstation.payments import recorded_payment

    terms, corrected = Terms.of(values), _corrected_decision(db, case, values)
    if corrected is None:
        return []
    before = Terms.of(corrected.values)
    if (terms.fine_fen, terms.confiscated_fen) == (before.fine_fen, before.confiscated_fen):
        return []
    party_id = str(values.get(PARTY_KEY) or "") or None if len(case.party_ids) > 1 else None
    found = recorded_payment(db, case, party_id)
    if found is None or found[1].paid_fen is None:
        return []
    day, payment = found
    owed, paid = terms.fine_fen + terms.confiscated_fen, payment.paid_fen - payment.surcharge_fen
    if owed == paid:
        return []
    status = shown_label("statuses", case.status)
    if owed < paid:
        said = _("{paid} was paid on {date} under the decision this one corrects, and the case is “{status}”: this "
                 "decision imposes {owed} (fine and confiscated illegal gains), {difference} less. The difference, "
                 "{difference}, is to be refunded (退还) to the party; the payment recorded stays as it was made.")
    else:
        said = _("{paid} was paid on {date} under the decision this one corrects, and the case is “{status}”: this "
                 "decision imposes {owed} (fine and confiscated illegal gains), {difference} more, which the party "
                 "has not paid. Make sure the amount is right before the party is told of it.")
    sentences = [said.format(paid=_figures(paid), date=day or "—", status=status, owed=_figures(owed),
                             difference=_figures(abs(owed - paid)))]
    from workstation.closing import approval_in_force
    from workstation.documents.issuing import or_supersedes

    sheet = approval_in_force(db, case)
    if sheet is not None:
        sentences.append(_("The 结案审批表 in force states the amounts of the decision this one corrects and the payment "
                           "made under it: issue its correction too (更正… in the case's documents{or_supersedes})."
                           ).format(or_supersedes=or_supersedes(sheet.number or sheet.id, for_command_line)))
    return [join_sentences(sentences)]


def _corrected_decision(db: Database, case: Case, values: dict):
    """The 行政处罚决定书 (``IssuedDocument``) that the one of ``values`` corrects: the one named (``CORRECTS``, the
    window's), else, once the command line issued it (in the transaction issuing it, the party's last in force with
    these very values), the one it supersedes, else the party's decision in force, which it would correct. None
    when there is none (a decision given on paper) or the one issued corrects nothing."""
    from workstation.documents.issuing import get_document, party_in_force
    from workstation.errors import NotFound

    named = values.get(CORRECTS)
    in_force = party_in_force(db, case, "penalty_decision", party_of(case, values=values)) if not named else []
    if in_force and db.conn.in_transaction and in_force[-1].values == values:
        named = in_force[-1].supersedes_id
        if not named:
            return None
    if not named:
        return in_force[-1] if in_force else None
    try:
        return get_document(db, named)
    except NotFound:
        return None


def _no_contact_phone(form, values: dict) -> list[str]:
    """What the officer is told before issuing a document that prints the agency's telephone (a field drawn from
    ``agency.contact_phone``: the 询问通知书's 联系电话) while it is empty — 本局文书信息 not set, or the number
    cleared — as a decision naming no account is (``_no_account``): told, not refused; [] when the form refuses
    to go out without it (``required_to_issue``: the 告知书) or ``values`` do not give the field."""
    from workstation.agency_details import WHERE

    empty = [field for field in form.fields if field.source == "agency.contact_phone" and not field.required
             and field.name not in form.required_to_issue and field.name in values
             and not str(values[field.name] or "").strip()]
    if not empty:
        return []
    return [_("The {document} prints no {field}: its addressee has no number to call. Set this bureau's telephone "
              "in {where}, or write it in the {field} field.").format(document=form.title, field=empty[0].label, where=WHERE)]


def _form_warnings(db: Database, case: Case, form_id: str, values: dict, for_command_line: bool = False) -> list[str]:
    """The warnings of ``stage_warnings`` that only the document ``form_id`` is told."""
    if form_id == "investigation_report":  # the report proposes; the 告知书 and 决定书 are refused (_THRESHOLD_STEPS)
        return _threshold_warning(db, case) + _unchecked_fine(db, case, values) + _tiers(
            db, case, form_id, values) + _report_order(db, case, values)
    if form_id == "legal_review":  # the review of no report in force; a fine above the legal maximum (告知书 refused)
        return _review_without_report(db, case, values) + _reviewed_maximum(db, case, values)
    if form_id == "decision_approval":  # its 裁量阶次 against the fine, its 裁量理由 and 主要证据; the review, the discussion
        from workstation.decision_review import discussion_fine_warning

        fine = discussion_fine_warning(values)
        return _tiers(db, case, form_id, values) + (_failed_review(
            db, case, form_id, values) if values.get("decision_kind") == "给予行政处罚" else []) + ([fine] if fine else [])
    if form_id == "no_penalty_decision":  # 首违不罚 for a party penalised before within the window: told, not refused
        return _first_violation_warning(db, case, values) + _late_decision(db, case, form_id, values)
    if form_id == "performance_demand":  # the surcharge written against the one its days give, and the account
        from workstation.demand_surcharge import demand_warnings

        return demand_warnings(db, case, values) + _no_account(db, case, form_id, values)
    if form_id == "enforcement_application":  # a party whose own amounts are not known: checked against the total
        from workstation.demand_surcharge import enforcement_warnings

        return enforcement_warnings(db, case, values) + _late_enforcement(db, case, values) + _demand_count(
            db, values)
    if form_id == "penalty_decision":
        return _unchecked_fine(db, case, values) + _below_minimum(db, case, values) + _printed_tier(
            db, case, values) + _decision_gaps(db, case, values) + _uncovered_acts(db, case) + _lower_norm(
            db, case) + _unconfiscated_gains(db, case, values) + _late_decision(db, case, form_id, values) + \
            _paid_before_correction(db, case, values, for_command_line)
    if form_id == "pre_penalty_notice":
        return _unchecked_fine(db, case, values) + _below_minimum(db, case, values) + _printed_tier(
            db, case, values) + _uncovered_acts(db, case) + _lower_norm(db, case) + _unconfiscated_gains(
            db, case, values) + (_unconfirmed_hearing(db, case, values) or _class_hearing_amount(db, case, values)) + \
            _failed_review(db, case, form_id, values)
    if form_id == DEFERRAL_FORM:  # the party pays later: into the account the notice names (v3)
        return _no_account(db, case, form_id, values)
    if form_id == "on_the_spot_decision":  # a fine paid at the bank: the sheet handed over names where (v8)
        at_bank = Terms.of(values).fine_fen and not values.get("collected_on_the_spot")
        return _unchecked_fine(db, case, values) + (_no_account(db, case, form_id, values) if at_bank else [])
    if form_id in FINING_FORMS:
        return _unchecked_fine(db, case, values)
    if form_id == "inquiry_record":  # an interview of under five minutes: its times told (inquiry_times)
        from workstation.documents.inquiry_times import short_warnings

        return short_warnings(values)
    if form_id == "preservation_release":
        return _late_release(db, values)
    if form_id == "preservation_notice":  # the same goods held twice; a notice signed after T13 ran out
        return _held_again(db, case, form_id, values) + _late_preservation_notice(db, values)
    if form_id in HOLDING_FORMS:  # the same goods held twice
        return _held_again(db, case, form_id, values)
    if form_id == "hearing_notice":  # a hearing set on a count of T6 through a year without holiday data, or on a
        # rest day (told, not refused, as an interview's is)
        return _hearing_notice_count(db, values) + _hearing_rest_day(db, values, issued=for_command_line)
    if form_id == "service_public_notice":
        return _late_hearing_service(db, case, values) + _served_unknown(db, values, form_id)
    if form_id == "delivery_receipt":  # and its consent, its 拒收事由, its day against the step (document_clocks)
        from workstation.document_clocks import receipt_warnings

        return _late_hearing_receipt(db, case, values) + _served_unknown(db, values, form_id) + receipt_warnings(
            db, case, values)
    if form_id == "collective_discussion":  # no date, chair or members: it records no meeting; the parties' proposals
        from workstation.decision_review import discussion_summary_warnings, discussion_warnings

        return discussion_warnings(values) + discussion_summary_warnings(db, case, values)
    if form_id == "items_disposal_record":  # decided on paper: what it confiscated is checked by the officer
        return _disposal_warnings(db, case, values) + _disposed_items_warnings(db, case, values)
    if form_id == "closing_approval":  # a seizure not released: the goods are released or disposed of first
        from workstation.closing import seizure_warnings

        return [warning.message for warning in seizure_warnings(db, case)] + _asked_after_closing(
            case, values) + _no_decision_number(case, values)
    if form_id == "seized_items_transfer_notice":  # goods said to go to the police, who have not the case
        return _goods_not_with_police(db, case, values)
    if form_id == "case_transfer_letter":  # a case for the police; a filed case left running once it is sent
        return _transfer_letter_warnings(db, case, values, for_command_line)
    if form_id == "rectification_order":  # a 改正期限 or 报送期限 on a rest day runs to the next working day
        from workstation.rectification_checks import deadline_warnings

        return deadline_warnings(db, values)
    if form_id != "police_transfer":
        return []
    from workstation.law.transfer_basis import below_thresholds_warning

    # the letter against the transfer it goes with: a second one for it, dates unlike those recorded
    letters = _transfer_letter_again(db, case, values, for_command_line) + _transfer_letter_dates(db, case, values)
    # the counts staying below the thresholds, or none: one wording with the transfer's (``concluding``)
    below = below_thresholds_warning(case)
    return ([below] if below else []) + letters


#: the 移送理由 of the 查封/扣押物品移送告知书 sending the goods with the case to the police; its other, 不属于本局管辖,
#: sends them to another administrative agency competent for the case
CRIME_REASON = "涉嫌犯罪"
#: the police's answers that leave the case with the bureau: their refusal to open a criminal case, upheld on
#: reconsideration too (a withdrawal, 撤销案件, comes after they opened it and held the goods)
POLICE_REFUSALS = ("police_refused", "police_review_upheld")


def _goods_not_with_police(db: Database, case: Case, values: dict) -> list[str]:
    """查封/扣押物品移送告知书 telling the party the goods went with the case to the police (移送理由 涉嫌犯罪) when no
    transfer to the police is recorded (``procedure.police_transfer_state``), or when the police's latest answer to
    the latest transfer is a refusal to open a criminal case (``POLICE_REFUSALS``): the case, and the goods with it,
    stay with the bureau, which decides on them (transfer rules art. 9). Not while a request to reconsider the
    refusal or to the procuratorate is pending (they may still open the case). A transfer to another
    administrative agency (不属于本局管辖) has nothing to do with the police. Told, not refused; values without the
    reason take the form's default (涉嫌犯罪), as the document issued with them would."""
    from workstation.documents.drafts import find_form
    from workstation.procedure import police_answer, police_transfer_state

    form = find_form("seized_items_transfer_notice")
    if str(values.get("transfer_reason") or form.field("transfer_reason").default or "").strip() != CRIME_REASON:
        return []
    title = form.title
    if not police_transfer_state(db, case):
        return [_("The case records no transfer to the police, yet this {title} tells the party the goods went with "
                  "it to the police ({reason}): record the transfer to the police first, or issue it once the case "
                  "is transferred. Goods transferred to another administrative agency take the reason “{other}”.").format(
            title=title, reason=CRIME_REASON, other="不属于本局管辖")]
    answer = police_answer(db, case)
    if answer is None or answer[0] not in POLICE_REFUSALS:
        return []
    return [_("“{answer}” is recorded on {date}: the police did not take the case, so it and the goods sealed up or "
              "seized stay with the bureau, which decides on them (transfer rules art. 9); this {title} would tell "
              "the party they went to the police. Issue it only if the goods were handed to the police "
              "nonetheless.").format(answer=shown_label("clock_events", answer[0]), date=answer[1], title=title)]


def _latest_transfer(db: Database, case: Case) -> tuple[str, str, tuple[str, str] | None] | None:
    """(the time it was recorded, its day, the police's latest answer to it: ``procedure.police_answer``) of the
    case's latest transfer to the police, None when none is recorded (a case imported as transferred)."""
    from workstation.procedure import police_answer

    row = db.execute("SELECT at, COALESCE(on_date, substr(at, 1, 10)) FROM case_events WHERE case_id = ? AND kind = "
                     "'transition' AND to_status = 'transferred_police' ORDER BY COALESCE(on_date, substr(at, 1, 10)) "
                     "DESC, at DESC LIMIT 1", [case.id]).fetchone()
    return (row[0], row[1], police_answer(db, case)) if row else None


def _letter_day(values: dict, issued_at: str = "") -> str:
    """The day a 涉嫌犯罪案件移送书 bears (its 移送日期), else the day it was issued."""
    return str(values.get("issued_on") or issued_at)[:10]


def _transfer_letter_again(db: Database, case: Case, values: dict, for_command_line: bool = False) -> list[str]:
    """涉嫌犯罪案件移送书 issued while another one in force (neither voided nor corrected) already goes with the case's
    latest transfer to the police, or with the one to come: one transfer goes with one letter (transfer rules art.
    6), and ``procedure.transfer_document`` names the latest, so the 发文登记 would list two 文号 for one transfer. A
    new letter belongs to a new transfer once the police declined the last one (``procedure.POLICE_DECLINED``):
    a letter issued before a transfer they declined, or before the case came back from them
    (``resume_after_police``), or dated before the day they declined it, goes with no transfer to come — nor with
    a transfer recorded after they declined an earlier one (a decided case keeps its status when transferred, so
    it never comes back from them). Told, not
    refused. The document being warned of is not counted: the command line tells its warnings once it is issued (in
    the transaction issuing it, where it is the case's last of its form, with these very values); a correction is
    not counted against the document it replaces (``CORRECTS``). Its correction named as 更正… in the case's
    documents and, ``for_command_line``, ``--supersedes``."""
    from workstation.documents.issuing import in_force_of_form, or_supersedes
    from workstation.procedure import POLICE_DECLINED

    letters = in_force_of_form(db, case.id, "police_transfer")
    if letters and db.conn.in_transaction and letters[-1].values == values:
        letters = letters[:-1]
    letters = [d for d in letters if d.id != values.get(CORRECTS)]
    back = db.execute("SELECT MAX(at) FROM case_events WHERE case_id = ? AND kind = 'transition' AND from_status = "
                      "'transferred_police'", [case.id]).fetchone()[0] or ""
    latest = _latest_transfer(db, case)
    since, dated_from, sent = back, "", ""
    if latest is not None:
        at, day, answer = latest
        if answer is not None and answer[0] in POLICE_DECLINED:
            since, dated_from = max(since, at), answer[1]
        elif at > back:
            sent = day  # the transfer the case is with the police on (or theirs)
            # an earlier transfer the police declined: its letters go with none to come
            marks = ", ".join("?" for _kind in POLICE_DECLINED)
            declined = db.execute(f"SELECT MAX(starts_on) FROM clock_events WHERE case_id = ? AND kind IN ({marks}) "
                                  "AND starts_on <= ?", [case.id, *POLICE_DECLINED, day]).fetchone()[0]
            earlier = declined and db.execute(
                "SELECT MAX(at) FROM case_events WHERE case_id = ? AND kind = 'transition' AND to_status = "
                "'transferred_police' AND COALESCE(on_date, substr(at, 1, 10)) <= ? AND at < ?",
                [case.id, declined, at]).fetchone()[0]
            if earlier:
                since, dated_from = max(since, earlier), declined
    covering = [d for d in letters if d.issued_at > since and _letter_day(d.values, d.issued_at) >= dated_from]
    if not covering:
        return []
    first = covering[-1]
    if sent:
        text = _("The 涉嫌犯罪案件移送书 {number} (dated {dated}) is already issued for the transfer to the police "
                 "recorded on {sent}: one transfer goes with one letter, and a new one belongs to a new transfer, "
                 "after the police declined this one. To change that letter, issue this one as its correction (更正… "
                 "in the case's documents{or_supersedes}); if it must not stand, void it first, saying why.")
    else:
        text = _("The 涉嫌犯罪案件移送书 {number} (dated {dated}) is already issued for the case's transfer to the "
                 "police: one transfer goes with one letter. To change that letter, issue this one as its correction "
                 "(更正… in the case's documents{or_supersedes}); if it must not stand, void it first, saying why.")
    return [text.format(number=first.number or first.title, dated=_letter_day(first.values, first.issued_at),
                        sent=sent, or_supersedes=or_supersedes(first.number or first.id, for_command_line))]


def _transfer_letter_dates(db: Database, case: Case, values: dict) -> list[str]:
    """涉嫌犯罪案件移送书 whose dates are not those recorded: its 移送日期 unlike the day of the transfer the case is
    with the police on (recorded, not declined), its 批准日期 unlike the day the head's approval of the transfer
    report is recorded (the latest since the police last declined the case, transfer rules art. 5). Told, not
    refused: either record may be the one wrong. Nothing of a date not recorded; but no approval recorded at all
    (``procedure.transfer_approval_day``) is told, as the letter then prints its 批准人 and 批准日期 blank and the
    transfer rests on no approval the case records."""
    from workstation.procedure import POLICE_DECLINED, transfer_approval_day

    latest = _latest_transfer(db, case)
    declined = latest is not None and latest[2] is not None and latest[2][0] in POLICE_DECLINED
    warnings = []
    dated = _letter_day(values)
    if latest is not None and not declined and dated and dated != latest[1]:
        warnings.append(_("The 移送日期 of this 涉嫌犯罪案件移送书, {dated}, is not the day the case's transfer to the "
                          "police is recorded, {sent}: the case goes to the police with its letter, on the day it "
                          "bears. Correct whichever date is wrong.").format(dated=dated, sent=latest[1]))
    approved = transfer_approval_day(db, case, latest[1] if latest is not None and not declined else "9999-12-31")
    if approved is None:
        warnings.append(_unapproved_letter())
    written = str(values.get("approved_on") or "")[:10]
    if approved and written and written != approved:
        warnings.append(_("The 批准日期 of this 涉嫌犯罪案件移送书, {dated}, is not the day the head's approval of the "
                          "transfer report is recorded, {approved}: the letter states the approval the transfer rests "
                          "on (transfer rules art. 5). Correct whichever date is wrong.").format(
            dated=written, approved=approved))
    return warnings


def _police_transfer_state(db: Database, case: Case) -> str | None:
    """涉嫌犯罪案件移送书 of a case that is not transferred with it: one awaiting filing (a case is transferred once
    filed), or one whose handling ended (not filed, terminated, closed) without being with the police. It goes with
    the transfer (transfer rules art. 6), taken from the states ``procedure``'s “transfer_to_police” is taken from,
    and is issued before it or once the case is with the police or theirs (``procedure.police_transfer_state``: a
    late letter, a correction); refused before its 文号 is taken. Before the transfer, refused as the transfer is
    without two certified officers (``procedure.transfer_officers_refusal``)."""
    from workstation.procedure import BY_NAME, police_transfer_state, transfer_officers_refusal

    transfer = BY_NAME["transfer_to_police"]
    if police_transfer_state(db, case) in ("with_police", "opened"):
        return None
    if case.status in transfer.sources:  # written by the officers who transfer it: two certified (REFERENCE §1.7)
        return transfer_officers_refusal(db, case)
    status = shown_label("statuses", case.status)
    if case.status == "pending_filing":
        return _("The case is “{status}”: the 涉嫌犯罪案件移送书 goes with the case's transfer to the police "
                 "(“{transfer}”), which is taken once the case is filed and investigated (transfer rules art. 3): "
                 "file it first (“{file}”), then transfer it with this letter.").format(
            status=status, transfer=transfer.label, file=shown_label("transitions", "file"))
    return _("The case is “{status}” and not with the police: the 涉嫌犯罪案件移送书 goes with the case's transfer to "
             "the police (“{transfer}”), taken from a filed case under investigation or decided, and this case's "
             "handling is over. Register the facts suggesting a crime as a new lead and refer it to the police, or "
             "file a new case on them and transfer that with its own letter.").format(status=status,
                                                                                      transfer=transfer.label)


def _unapproved_letter() -> str:
    """What the 涉嫌犯罪案件移送书 of a transfer no head's approval is recorded for is told (``_transfer_letter_dates``)."""
    from workstation.concluding import transfer_step_labels

    return _("No approval of this transfer by the head is recorded (“{approved}” after “{report}”; one recorded "
             "before the police declined an earlier transfer went with that one): the case goes to the police once "
             "the head approved the written transfer report (transfer rules art. 5), and this 涉嫌犯罪案件移送书 "
             "prints its 批准人 and 批准日期 blank. Record the report and the approval, with who approved it (Case → "
             "Time limits, or `cases transition`), before issuing it; issue it all the same only if the approval is "
             "to be written on it by hand.").format(**transfer_step_labels())


def _tiers(db: Database, case: Case, form_id: str, values: dict) -> list[str]:
    """The 裁量阶次 ticked against the fine, and the 审批表's empty 裁量理由 or 主要证据 (``discretion_tiers``)."""
    from workstation.discretion_tiers import tier_warnings

    return tier_warnings(db, case, form_id, values)


#: the tiers a 裁量理由 states (``case_law.discretion_text``: 依法从轻处罚, 按一般情形处罚 …), by what it prints of each
_PRINTED_TIERS = {"lighter": "从轻处罚", "ordinary": "一般情形", "heavier": "从重处罚", "reduced": "减轻处罚"}


def _late_decision(db: Database, case: Case, form_id: str, values: dict) -> list[str]:
    """A 行政处罚决定书 or 不予行政处罚决定书 whose 决定日期 is after the time limit its decision meets ran out (T2 办案期限,
    or T2b after a decision ordered anew; counted with the days not counted and the extensions recorded) while the
    case records no decision yet: told as recording the decision is (``concluding.late_decision_warnings``), not
    refused — the decision is lawful all the same."""
    from workstation.concluding import late_decision_warnings

    action = "decide_penalty" if form_id == "penalty_decision" else "decide_no_penalty"
    dated = str(values.get("decided_on") or "")[:10]
    return [warning.message for warning in late_decision_warnings(db, case, action, dated)]


def _printed_tier(db: Database, case: Case, values: dict) -> list[str]:
    """The tier the 裁量理由 of a 行政处罚告知书 or 行政处罚决定书 prints against the tier its fine lies in
    (``discretion_tiers.amount_tier``), as the 裁量阶次 of the 调查终结报告 and 审批表 is (``_tiers``): told, not
    refused only without a written reason (``printed_tier_refusal``) — a fine outside its tier is lawful with one.
    Nothing for a text stating no tier, or several."""
    from workstation.discretion_tiers import amount_tier
    from workstation.law.case_law import basis_citation, case_law
    from workstation.law.data import yuan
    from workstation.law.discretion import tier_label, tiers

    text, fine = str(values.get("discretion") or ""), int(values.get("fine_fen") or 0)
    printed = [tier for tier, words in _PRINTED_TIERS.items() if words in text]
    from workstation.documents.addressee import PARTY_KEY

    # the range of the party's own law among several parties (``case_law``)
    law = case_law(db, case, party_id=values.get(PARTY_KEY) or None) if fine and len(printed) == 1 else None
    actual = amount_tier(law, fine) if law is not None else None
    if actual is None or actual == printed[0]:
        return []
    band = next(b for b in tiers(law.fine_range.min_fen, law.fine_range.max_fen) if b.tier == actual)
    return [_("The 裁量理由 states a {printed} penalty, but the fine of {fine} lies in the {actual} band ({band}) of the "
              "range of {basis}: correct the fine or the tier (Penalty and discretion… on the case), or state in the "
              "裁量理由 why the amount lies outside the tier.").format(
        printed=tier_label(printed[0]), fine=yuan(fine), actual=tier_label(actual), band=band.range_text,
        basis=basis_citation(law.penalty))]


def printed_tier_refusal(db: Database, case: Case, values: dict) -> str | None:
    """Why a 行政处罚告知书 or 行政处罚决定书 whose 裁量理由 states a tier its fine lies outside (``_printed_tier``)
    cannot be issued: no reason for the amount is written (``_reason_written``) — as Penalty and discretion… refuses
    such a fine without one (``discretion.check``). None when the tiers agree or a reason is written (then told)."""
    told = _printed_tier(db, case, values)
    if not told or _reason_written(case, str(values.get("discretion") or "")):
        return None
    return join_sentences([told[0], _(
        "The 裁量理由 gives no reason for it: a fine outside the tier stated is imposed only with the reason for its "
        "amount written, as Penalty and discretion… asks for one.")])


#: what ``case_law.discretion_text`` prints without a reason: the circumstances chosen (当事人具有…的情节) and the
#: tier (依法从轻处罚, 按一般情形处罚)
_BARE_DISCRETION = re.compile(r"(?:当事人|你单位|你)具有[^。；]*?的情节|(?:本局拟)?(?:依法|按)?(?:从轻处罚|从重处罚|减轻处罚|一般情形(?:处罚)?)")


def _reason_written(case: Case, text: str) -> bool:
    """Whether the 裁量理由 ``text``, stating one tier (``_PRINTED_TIERS``), gives a reason beside it: the case's own
    reason for the amount (Penalty and discretion…, which ``case_law.discretion_text`` prints after the tier), or
    anything written besides the circumstances chosen and the tier, before the tier (当事人积极配合调查，主动退赔，
    依法从轻处罚。) or after it."""
    own = (case.discretion_reason or "").strip().rstrip("。")
    if own and own in text:
        return True
    return bool(_BARE_DISCRETION.sub("", text).strip(" \t\n。，；、,;."))


def _failed_review(db: Database, case: Case, form_id: str, values: dict) -> list[str]:
    """The 行政处罚告知书 or 行政处理决定审批表 issued while the party's latest 法制审核, or its latest 案件审核表 being a
    案件审核, answers 否 (``decision_review.failed_review_warning``): told, not refused — the decision is refused after
    a 法制审核 that did not pass (``decision_review.review_refusal``)."""
    from workstation.decision_review import failed_review_warning
    from workstation.documents.drafts import find_form

    warning = failed_review_warning(db, case, values, find_form(form_id).title)
    return [warning] if warning else []


def _reviewed_maximum(db: Database, case: Case, values: dict) -> list[str]:
    """案件审核表 reviewing a fine above the maximum of the case's penalty basis: the check the 告知书 and 决定书 are
    refused by (``penalty_terms.maximum_refusal``), told, not refused — the reviewers may be answering 否 to it (said
    to them unless the sheet already answers 适用依据是否正确 or 裁量是否适当 否)."""
    from workstation.penalty_terms import maximum_refusal

    if not (reason := maximum_refusal(db, case, values)):
        return []
    answer = [] if any(values.get(name) == "否" for name in ("basis_correct", "discretion_proper")) else [_(
        "If the reviewers find the fine wrong, answer 适用依据是否正确 or 裁量是否适当 “否” and write it under "
        "存在的问题及建议.")]
    return [join_sentences([_("The 案件审核表 reviews a fine the 行政处罚告知书 would be refused:"), reason, *answer])]


def _unchecked_fine(db: Database, case: Case, values: dict) -> list[str]:
    """A fine whose legal maximum nothing on the case lets the workstation check: the case records no violation, so
    no penalty basis (its maximum refuses a fine above it, ``penalty_terms.maximum_refusal``); or it records no
    illegal gains while some are confiscated under a basis in multiples of them, and the fine is above that multiple
    of those confiscated (``penalty_terms.confiscated_maximum_warning``)."""
    from workstation.penalty_terms import confiscated_maximum_warning

    if not Terms.of(values).fine_fen:
        return []
    if case.violations:
        return [warning] if (warning := confiscated_maximum_warning(db, case, values)) else []
    return [_("The case records no violation, so the fine cannot be checked against the maximum its penalty basis "
              "allows: tick the violations in Edit case… (the basis and its maximum follow from them), or make sure "
              "the fine is within the basis cited in the document.")]


def _uncovered_acts(db: Database, case: Case) -> list[str]:
    """Violations recorded on the case that its penalty norm does not cover (``CaseLaw.uncovered_warning``): 择一重处
    (Penalty Law art. 29) is for one act; separate acts are each weighed and their penalties combined, their bases
    stated by hand. Told, not refused: whether the violations are one act is the officer's finding."""
    from workstation.law.case_law import case_law

    warning = case_law(db, case).uncovered_warning if len(case.violations) > 1 else ""
    return [warning] if warning else []


def _lower_norm(db: Database, case: Case) -> list[str]:
    """A penalty norm chosen by hand that allows a lower fine than the one Penalty Law art. 29 picks
    (``CaseLaw.norm_warning``). Told, not refused: whether the act breaks the other norm is the officer's finding."""
    from workstation.law.case_law import case_law

    warning = case_law(db, case).norm_warning if case.penalty_norm else ""
    return [warning] if warning else []


def _unconfiscated_gains(db: Database, case: Case, values: dict) -> list[str]:
    """A 告知书 or 决定书 of a case with one party confiscating less than the illegal gains the case records: they are
    confiscated (Penalty Law art. 28 para. 2) unless refunded to those they were taken from — told, not refused, for
    a refund is lawful. Nothing for a case with several parties, whose recorded gains are no one party's."""
    from workstation.law.data import yuan

    gains = case.illegal_gains_fen
    confiscated = Terms.of(values).confiscated_fen
    if not gains or confiscated >= gains or len(parties_of_case(db, case.id)) > 1:
        return []
    return [_("The case records illegal gains of {gains}, but the document confiscates {confiscated}: illegal gains "
              "are confiscated (Penalty Law art. 28 para. 2) unless they were refunded to those they were taken "
              "from. Confiscate {gains}, or state the refund in the document; correct the gains on the case (Edit "
              "case…) if they are wrong.").format(gains=yuan(gains), confiscated=yuan(confiscated))]


def _below_minimum(db: Database, case: Case, values: dict) -> list[str]:
    """A fine below the minimum of the case's penalty basis where that minimum depends on illegal gains the case does
    not record (``penalty_terms.minimum_warning``; where it records them, the fine is refused)."""
    from workstation.penalty_terms import minimum_warning

    return [warning] if (warning := minimum_warning(db, case, values)) else []


def evidence_gap(form_id: str, values: dict) -> str | None:
    """What a draft of a 行政处罚决定书 whose 证据 is empty is warned of (``docs render``, the editor's preview): the
    decision states the evidence of the violation (行政处罚法 art. 59), and issuing it is refused until it does
    (``_decision_evidence``); None for another form or a decision stating its evidence."""
    if form_id != "penalty_decision" or str(values.get("evidence") or "").strip():
        return None
    return _("The decision states the evidence of the violation (行政处罚法 art. 59), and its 证据 is empty: list "
             "the evidence in the 证据 field, or register the case's evidence (证据 tab, or evidence add) and issue "
             "its records (询问笔录, 现场笔录 …) — the list is then filled in from them.")


def _decision_evidence(_db: Database, _case: Case, values: dict) -> str | None:
    """行政处罚决定书: refused with its 证据 empty — no penalty is imposed where the evidence does not prove the facts
    (行政处罚法 art. 40), and the decision states the evidence (art. 59). A draft is only warned (``evidence_gap``)."""
    if str(values.get("evidence") or "").strip():
        return None
    return _("The 证据 of the decision is empty: a penalty is imposed only on facts the evidence proves, and the "
             "decision states that evidence (行政处罚法 arts. 40, 59). List the evidence in the 证据 field, or "
             "register the case's evidence (证据 tab, or evidence add) and issue its records (询问笔录, 现场笔录 …) — "
             "the list is then filled in from them; then issue the decision.")


def _penalty_decision(db: Database, case: Case, values: dict) -> str | None:
    """行政处罚决定书: refused while the case's tier is 不予处罚 (``_no_penalty_tier``), with no tier chosen a fine in a
    tier a mandatory circumstance excludes (``_unchosen_tier``), with its 证据 empty (``_decision_evidence``), dated
    before the party was heard (``_decision_date``) or confiscating gains that reach the criminal threshold
    (``_document_threshold``)."""
    return _no_penalty_tier(db, case, "penalty_decision", values) or _uncorrected_tier(db, case, values) or \
        _decision_evidence(db, case, values) or _decision_date(db, case, values) or _document_threshold(
            db, case, "penalty_decision", values)


def _uncorrected_tier(db: Database, case: Case, values: dict) -> str | None:
    """``_unchosen_tier`` of a 行政处罚决定书, except a correction of the party's decision in force that keeps (or
    lowers) its fine: the decision was held to the circumstances recorded when it was issued, and a correction of
    its wording is not refused for one recorded since, as the decision recorded on paper is not once a decision is in
    force (``procedure._typed_tier_refusal``). A correction raising the fine is held to them."""
    corrected = _corrected_decision(db, case, values)
    if corrected is not None and Terms.of(values).fine_fen <= Terms.of(corrected.values).fine_fen:
        return None
    return _unchosen_tier(db, case, values)


def _unchosen_tier(db: Database, case: Case, values: dict) -> str | None:
    """行政处罚告知书, 行政处罚决定书 or 当场行政处罚决定书 of a case choosing no tier whose fine lies in a tier a circumstance
    recorded on the case excludes — above the 从轻 band beside one in which the penalty must be lighter or reduced
    (应当从轻或者减轻, Penalty Law art. 32) … (``discretion_tiers.unchosen_tier_refusal``), as choosing that tier is
    refused. A reason the 裁量理由 writes (``_reason_written``) counts as the case's own: with it the fine may lie
    outside that band (``discretion.fine_tier_refusal``). The range follows from the illegal gains the document
    confiscates where they are more than the case records."""
    from workstation.discretion_tiers import unchosen_tier_refusal
    from workstation.documents.addressee import PARTY_KEY

    text = str(values.get("discretion") or "")
    reason = text if text.strip() and _reason_written(case, text) else ""
    terms = Terms.of(values)
    return unchosen_tier_refusal(db, case, terms.fine_fen, party_id=values.get(PARTY_KEY) or None, reason=reason,
                                 confiscated_fen=terms.confiscated_fen)


def _no_penalty_tier(db: Database, case: Case, form_id: str, values: dict) -> str | None:
    """行政处罚告知书, 行政处罚决定书 or 当场行政处罚决定书 imposing a penalty (a fine, confiscation, a warning …) while the
    case's discretion
    tier is 不予处罚: the case decided not to penalise, and its 裁量理由 says so; or, whatever its tier, while the case
    records a circumstance in which no penalty is given (轻微不罚, 无过错不罚 …) or an act whose limitation period has
    run (``case_law.no_penalty_refusal``, Penalty Law arts. 30, 31, 33, 36): what remains is not to penalise. The act
    counts as discovered when the case's lead was received (``case_law.discovery_day``)."""
    from workstation.law.case_law import discovery_day, no_penalty_refusal

    terms = Terms.of(values)
    if not (terms.fine_fen or terms.confiscated_fen or terms.warning or terms.confiscated_property
            or terms.other_penalty):
        return None
    if case.discretion_tier != "no_penalty":  # whatever the tier chosen: a circumstance or the time run bars it
        return no_penalty_refusal(case, discovery_day(db, case))
    document = {"penalty_decision": "行政处罚决定书", "on_the_spot_decision": "当场行政处罚决定书"}.get(form_id,
                                                                                          "行政处罚告知书")
    return _("The case's discretion tier is 不予处罚 (no penalty), but the {document} imposes a penalty: change the "
             "tier under Penalty and discretion if the party is to be penalised, or issue the 不予行政处罚决定书 "
             "instead.").format(document=document)


def _no_penalty_decision(db: Database, case: Case, values: dict) -> str | None:
    """不予行政处罚决定书 ticking no ground (``_no_ground_refusal``), or a ground the case's circumstances recorded
    under 处罚依据与裁量 contradict (``_ground_refusal``), or on the ground 首违不罚 for a party punished before
    (``case_law.first_violation_refusal``: the case records it, or another case of the party was decided with a
    penalty that stands, named); and after a hearing held for its party, before its 听证笔录 and 听证报告
    (``procedure.hearing_documents_refusal``: the decision not to penalise is made on the hearing record too, Penalty
    Law arts. 57, 65)."""
    from workstation.documents.addressee import PARTY_KEY
    from workstation.procedure import decision_hearing_documents_refusal

    if not values.get("ground"):  # never a ground nobody chose (version 9 ticked 轻微不罚 by default)
        return _no_ground_refusal(case)
    if refusal := _ground_refusal(case, values.get("ground")):
        return refusal
    if refusal := decision_hearing_documents_refusal(db, case, values, penalty=False):
        return refusal
    day = str(values.get("decided_on") or "")[:10]
    if day and (refusal := _decision_before_order(db, case, day, _addressee(db, case, values))):
        return refusal  # after an order to decide anew, not on its day (``_decision_before_order``)
    if values.get("ground") != "首违不罚":
        return None
    from workstation.law.case_law import first_violation_refusal

    party_id = values.get(PARTY_KEY) or None
    day = str(values.get("decided_on") or "")[:10] or None
    return first_violation_refusal(db, case, [party_id] if party_id else None, day)


def _addressee(db: Database, case: Case, values: dict, parties: list[Party] | None = None) -> str | None:
    """The party a decision's ``values`` are addressed to: the one they name, else the case's first (of ``parties``,
    the case's parties when the caller has read them already, else read here)."""
    from workstation.documents.addressee import PARTY_KEY

    if values.get(PARTY_KEY):
        return values[PARTY_KEY]
    if parties is None:
        parties = parties_of_case(db, case.id)
    return parties[0].id if parties else None


def _no_ground_refusal(case: Case) -> str:
    """Why a 不予行政处罚决定书 ticking no ground is not issued: it would decide not to penalise on no ground. The
    circumstance is recorded under 处罚依据与裁量 (the ground and its article then follow it), or chosen in the
    document; one the case records already is named, to tick."""
    from workstation.formkit.values import no_penalty_grounds_of

    if recorded := no_penalty_grounds_of(case.discretion_factors):
        return _("The 不予行政处罚决定书 ticks no ground in 不予行政处罚的情形: tick {grounds}, the ground of the "
                 "circumstance the case records under Penalty and discretion, then issue.").format(
            grounds="、".join(dict.fromkeys(name for _key, name in recorded)))
    return _("The 不予行政处罚决定书 ticks no ground in 不予行政处罚的情形, and the case records no circumstance in which no "
             "penalty is given: record it under Penalty and discretion, which ticks its ground and cites its article, or "
             "choose the ground in 不予行政处罚的情形, then issue.")


def _ground_refusal(case: Case, ground) -> str | None:
    """Why the 不予行政处罚决定书's ground ``ground`` contradicts the case (None when it does not): the case records
    circumstances in which no penalty is or may be given (无过错不罚, 未满十四周岁 …: ``values.no_penalty_grounds_of``),
    and ``ground`` is none of theirs — the decision would tick, and cite the article of, a ground the case does not
    rest on. Named with both, and where each is changed."""
    from workstation.formkit.values import no_penalty_grounds_of
    from workstation.law import discretion

    recorded = no_penalty_grounds_of(case.discretion_factors)
    if not ground or not recorded or ground in {name for _key, name in recorded}:
        return None
    known = discretion.all_factors()
    return _("The 不予行政处罚决定书 ticks the ground {chosen}, but the case records {circumstances} ({sources}) under "
             "Penalty and discretion, whose ground is {grounds}: tick {grounds} in 不予行政处罚的情形, or, if the "
             "circumstance was recorded in error, change it under Penalty and discretion.").format(
        chosen=ground, circumstances=discretion.circumstance_names(known[key].shown_text for key, _name in recorded),
        sources="、".join(dict.fromkeys(known[key].source for key, _name in recorded)),
        grounds="、".join(dict.fromkeys(name for _key, name in recorded)))


def _first_violation_warning(db: Database, case: Case, values: dict) -> list[str]:
    """不予行政处罚决定书 on the ground 首违不罚 for a party penalised before within the window of discretion.toml
    ``[first_violation]`` (``case_law.first_violation_warning``: the reading of 初次违法 is unconfirmed)."""
    if values.get("ground") != "首违不罚":
        return []
    from workstation.documents.addressee import PARTY_KEY
    from workstation.law.case_law import first_violation_warning

    party_id = values.get(PARTY_KEY) or None
    day = str(values.get("decided_on") or "")[:10] or None
    warning = first_violation_warning(db, case, [party_id] if party_id else None, day)
    return [warning] if warning else []


def _decision_date(db: Database, case: Case, values: dict) -> str | None:
    """行政处罚决定书 whose 决定日期 falls within the party's period to state, defend and request a hearing (T4),
    unless it waived them or was heard — the step 作出行政处罚决定 is refused on that day too
    (``procedure._statement_over_guard``; in a case with several parties the party's own period,
    ``party_notices.pending_refusal``) — or before the hearing held, which the decision would state as held after
    it (本局于……依法举行了听证; the decision's 听证日期, else the one the case records); and one dated before the
    party's notice in force, or within the period counted from that notice's date (``_decision_after_notice``)."""
    from workstation.party_notices import party_periods, pending_refusal
    from workstation.procedure import _statement_over_guard, party_hearing_held_on

    day = str(values.get("decided_on") or "")[:10]
    if not day:
        return None
    parties = parties_of_case(db, case.id)
    party_id = _addressee(db, case, values, parties)
    early = _decision_before_order_or_service(db, case, day, party_id, parties)
    if early:
        return early
    if len(parties) > 1:  # the party's own period, once its notice was served (an unserved one is the step's concern)
        running = any(item.party.id == party_id and item.period is not None and item.pending_on(day)
                      for item in party_periods(db, case))
        refusal = pending_refusal(db, case, day, party_id) if running else None
    else:
        refusal = _statement_over_guard(db, case, day)
    if refusal:
        return join_sentences([_("The 决定日期 ({date}) falls within the party's period to state, defend and "
                                 "request a hearing, and no decision is made before it ends:").format(date=day),
                               refusal, _("Date the decision after that period.")])
    held = str(values.get("hearing_held_on") or "")[:10] or party_hearing_held_on(db, case, party_id, parties)
    if held and day < held:
        return _("The 决定日期 ({date}) is before the hearing held on {held}: the decision is made after the hearing "
                 "it states as held, on the facts established there (行政处罚法 arts. 62, 65). Date the decision "
                 "on {held} or later, or correct the 听证日期.").format(date=day, held=held)
    return _decision_after_notice(db, case, day, party_id, parties)


def _decision_before_order_or_service(db: Database, case: Case, day: str, party_id: str | None,
                                      parties: list) -> str | None:
    """行政处罚决定书 dated (``day``) on or before the latest order that revoked the decision and ordered a new one
    (撤销并责令重新作出, ``challenge_redo``, of the whole case or of the party), or, in a case with one party, before the
    service of the 行政处罚告知书 the case records (``notice_served_on``) — also of a notice served on paper, which
    ``_decision_after_notice`` does not see: the new decision is made after the order and after its own notice. The
    revoked decision's date, which the case keeps until the new decision, is refused so."""
    refusal = _decision_before_order(db, case, day, party_id)
    if refusal:
        return refusal
    served = str(case.notice_served_on or "")[:10]
    if len(parties) > 1 or not served or day >= served:
        return None
    return _("The 决定日期 ({date}) is before the 行政处罚告知书 was served on the party on {served}, as the case records "
             "it: the decision follows the notice, once the party was told of the penalty and heard (行政处罚法 arts. "
             "44, 62). Date the decision after the notice's period to state, defend and request a hearing; if the "
             "service is recorded with a wrong date, correct it on the case.").format(date=day, served=served)


def _decision_before_order(db: Database, case: Case, day: str, party_id: str | None) -> str | None:
    """行政处罚决定书 or 不予行政处罚决定书 dated (``day``) on or before the latest order that revoked the decision
    and ordered a new one (撤销并责令重新作出, ``challenge_redo``, of the whole case or of the party ``party_id``), as
    ``procedure.after_order_refusal`` refuses the step: a decision of the order's day is the one it revoked."""
    from workstation.store.clock_events import latest_order_since

    order = latest_order_since(db, case, day, (party_id,))
    if order is not None:  # on the order's day too: an order on or after a decision's date annuls it (``annulled_by``)
        return _("The 决定日期 ({date}) is on or before {number} of {ordered}, which revoked the decision and ordered a new "
                 "one (撤销并责令重新作出): the new decision is made after that order, once a new 行政处罚告知书 was "
                 "served and the party heard (行政处罚法 arts. 44, 62), and is not dated with the revoked decision's "
                 "date. Date the decision on the day it is made, after {ordered}.").format(
            date=day, number=(order.approved_by or "").strip() or "—", ordered=order.starts_on)
    return None


def _decision_after_notice(db: Database, case: Case, day: str, party_id: str | None, parties: list) -> str | None:
    """行政处罚决定书 dated (``day``) before the party's 行政处罚告知书 served on it and issued here (its 告知日期: the
    one in force, or the notice its correction not served again replaced, ``penalty_terms.served_notice`` — a typo
    corrected afterwards, dated after the decision, does not hold back the decision or its correction), or within
    the period to state, defend and request a hearing (T4) counted from that notice's date — a notice is
    served on the day it bears at the earliest, so its period ends no sooner, whatever service the case records (a
    service typed in before the notice was printed, dated before it: ``_decision_date`` counts from the service
    recorded). Within that period only for a party that neither waived it nor was heard: the waiver (陈述申辩放弃)
    lets the decision follow the notice at once, and a hearing ends the period as ``procedure._statement_over_guard``
    counts it (in a case with several parties the party's own, ``party_notices.PartyPeriod``), the decision then held
    to the day of the hearing (``_decision_date``). None without a notice issued here (one served on paper)."""
    from workstation.penalty_terms import last_notice, served_notice

    several = len(parties) > 1
    notice = last_notice(db, case, party_id if several else None, parties)
    if notice is None or not notice.issued_on:
        return None
    # a correction not served again (proposing no more) leaves the notice served, and its period, as they were
    told = served_notice(db, case, party_id if several else None, notice)
    noticed, number = told.issued_on, told.number or "—"
    if day < noticed:
        return _("The 决定日期 ({date}) is before the 行政处罚告知书 {number} served on the party, dated {noticed}: the "
                 "decision follows the notice, once the party was told of the penalty and heard (行政处罚法 arts. 44, "
                 "62). Date the decision after the notice's period to state, defend and request a hearing; if the "
                 "notice bears a wrong date, correct it first (更正… in the case's documents).").format(
            date=day, number=number, noticed=noticed)
    if several:
        from workstation.party_notices import party_periods

        item = next((item for item in party_periods(db, case) if item.party.id == party_id), None)
        excused = item is not None and (item.waived_on is not None or item.hearing_stands)
    else:
        from workstation.procedure import _heard

        excused = bool(case.notice_waived) or _heard(db, case)
    if excused:
        return None
    from workstation.party_notices import statement_period
    from workstation.procedure import statement_count_note

    period = statement_period(db, case, noticed)
    if period is None or day > period.due:
        return None
    return join_sentences([_(
        "The 决定日期 ({date}) falls within the party's period to state, defend and request a hearing counted from the "
        "行政处罚告知书 {number} served on it, dated {noticed}: the notice is served on the day it bears at the "
        "earliest, so that period runs until {due} at least ({period} from {noticed}), unless the party expressly "
        "waived these rights or was heard (行政处罚法 arts. 45, 62, 64). Date the decision after {due}; if the notice "
        "bears a wrong date, correct it first (更正… in the case's documents).").format(
        date=day, number=number, noticed=noticed, due=period.due, period=period.rule.unit_text()),
        statement_count_note(db, period)])


#: the 处理决定种类 of the 行政处理决定审批表 that impose no money: its 罚没款 are cleared (the field's help)
_NO_MONEY_KINDS = ("不予行政处罚", "移送司法机关")


def _no_penalty_amounts(_db: Database, _case: Case, values: dict) -> str | None:
    """行政处理决定审批表 deciding 不予行政处罚 or 移送司法机关 with a fine, confiscated gains or their total still
    given (the case's, drawn in as defaults): the sheet would print amounts no decision imposes. The field's help
    has the officer clear them; refused naming each one given."""
    kind = values.get("decision_kind")
    if kind not in _NO_MONEY_KINDS:
        return None
    from workstation.documents.drafts import find_form

    form = find_form("decision_approval")
    given = [form.field(name).label for name in ("fine_fen", "confiscated_fen", "total_fen") if values.get(name)]
    if not given:
        return None
    return _("The 处理决定种类 is {kind}, which imposes no fine or confiscation, but {labels} still hold amounts: "
             "clear them (the case's amounts are filled in by default), and write the reasons in 其他处理.").format(
        kind=kind, labels="、".join(given))




def _decision_approval(db: Database, case: Case, values: dict) -> str | None:
    """行政处理决定审批表: its amounts (``_no_penalty_amounts``), and not before the case can take the decision it
    proposes: a penalty only once the 告知书 was served and the party's period to state its case (or ask for a
    hearing) has run, or was waived — before that the sheet would print 告知书送达日期 blank and 当事人在法定期限内未提出
    陈述、申辩意见, a waiver of the party's rights that never happened (行政处罚法 arts. 44, 45, 62). Checked as the
    行政处罚决定书 is (``procedure.issue_refusal``); 不予行政处罚, which no 告知书 precedes, and 移送司法机关 (a case goes
    to the police at any stage) are not held back. A penalty no heavier than the notice proposed
    (``penalty_terms.heavier_refusal``, arts. 44, 45), as the 行政处罚决定书's. And whatever it proposes, its row
    陈述申辩（听证）及复核情况 says nothing against the hearing held or the statement recorded
    (``procedure._hearing_claim_refusal``): left empty, it prints that the party stated nothing and asked for no
    hearing."""
    if refusal := _no_penalty_amounts(db, case, values):
        return refusal
    from workstation.procedure import _hearing_claim_refusal, issue_refusal

    if values.get("decision_kind") == "给予行政处罚":
        from workstation.penalty_terms import heavier_refusal

        if reason := issue_refusal(db, case, "penalty_decision"):
            return _("The 行政处理决定审批表 proposing {kind} is signed once that decision can be made: {reason}"
                     ).format(kind=values.get("decision_kind"), reason=reason)
        if reason := heavier_refusal(db, case, values):
            return _("The 行政处理决定审批表 cannot propose this penalty: {reason}").format(reason=reason)
    return _hearing_claim_refusal(db, case, values, sheet=True)


def _filing_date(_db: Database, case: Case, values: dict) -> str | None:
    """立案审批表 of a filed case whose 立案日期 (``approved_on``) is not the case's filing date: the sheet would
    print a filing date the case (its clocks, its other documents) does not have. A wrong filing date is corrected
    on the case first, and the sheet then follows it."""
    day = str(values.get("approved_on") or "")[:10]
    if not day or not case.filed_on or day == str(case.filed_on)[:10]:
        return None
    return _("The 立案日期 ({date}) is not the case's filing date ({filed}): the sheet prints the day the case was "
             "filed. Write {filed}; if the case's filing date is wrong, correct it under Edit case… first.").format(
        date=day, filed=str(case.filed_on)[:10])


def _non_filing_date(db: Database, case: Case, values: dict) -> str | None:
    """不予立案审批表 of a case whose filing was declined, whose 审批日期 (``approved_on``) is not the day the decline
    was recorded on (``formkit.values.declined_on``): the sheet would approve a decision on a day the case (its
    clocks, its lead's, the reporter's letter) does not have, as a 立案审批表 dated otherwise than the filing
    (``_filing_date``). A wrong day of the decline is corrected on the case first, and the sheet then follows it."""
    from workstation.formkit.values import declined_on

    day = str(values.get("approved_on") or "")[:10]
    declined = declined_on(db, case.id) if day else None
    if not declined or day == declined:
        return None
    return _("The 审批日期 ({date}) is not the day the case's filing was declined ({declined}): the sheet approves "
             "that decision. Write {declined}; if the day of the decline is wrong, undo it (撤销上一步 in the case's "
             "workspace, after any step recorded since) and record it again on the right day.").format(
        date=day, declined=declined)


def _legal_review(db: Database, case: Case, values: dict, *, for_command_line: bool = False) -> str | None:
    """案件审核表 whose paperwork cannot be right: a reviewer who investigated the case (the review is by others than
    its officers), a 送审日期 or 审核日期 before the file went to review (``case.review_on``) or before the party's
    调查终结报告 it reviews (its earliest in force) — whose 报告日期 may be the wrong one, corrected with 更正…
    (``for_command_line``: ``--supersedes``) —, or a 否 answered with no 存在的问题及建议 written (the sheet would
    print 无)."""
    from workstation.decision_review import REVIEW_ANSWERS, failed_answers
    from workstation.documents.issuing import or_supersedes, party_in_force
    from workstation.formkit.values import case_officers

    problems = []
    officers = {name for name, _cert in case_officers(db, case)} | {
        str(values.get(name) or "").strip() for name in ("officer1", "officer2")}
    reviewers = {name for name in re.split(r"[、，,；;／/\s]+", str(values.get("reviewers") or "")) if name}
    if clash := sorted(reviewers & (officers - {""})):
        problems.append(_("{names} investigated this case: its review is by reviewers other than its investigating "
                          "officers. Write the reviewers who reviewed it.").format(names="、".join(clash)))
    # the earliest 报告日期 of the party's reports in force (each sheet reviews one party's; two may share a day)
    party_id = party_of(case, values=values)
    reported, report = min(((str(d.values.get("reported_on"))[:10], d) for d in party_in_force(
        db, case, "investigation_report", party_id) if d.values.get("reported_on")), key=lambda pair: pair[0],
        default=("", None))
    review_on = str(case.review_on or "")[:10]
    for name, label in (("received_on", "送审日期"), ("reviewed_on", "审核日期")):
        day = str(values.get(name) or "")[:10]
        if day and review_on and day < review_on:
            problems.append(_("The {field} ({date}) is before the file went to review ({review_on}): the review "
                              "follows the submission for review (提交审核). Write the day it was done, or correct "
                              "the case's date of submission first.").format(field=label, date=day,
                                                                           review_on=review_on))
        elif day and reported and day < reported:
            problems.append(_("The {field} ({date}) is before the 调查终结报告 it reviews (reported on "
                              "{reported}). Write the day it was done; if it is the report's 报告日期 that is wrong "
                              "(later than the day the report was written), correct the report instead (更正… beside "
                              "it in the case's documents{or_supersedes}).").format(
                field=label, date=day, reported=reported,
                or_supersedes=or_supersedes(report.number or report.id, for_command_line)))
    written = str(values.get("problems") or "").strip()
    if failed_answers(values) and written in ("", "无"):
        from workstation.documents.drafts import find_form

        labels = {field.name: field.label for field in find_form("legal_review").fields}
        answered = "、".join(labels.get(name, name) for name in REVIEW_ANSWERS if values.get(name) == "否")
        problems.append(_("A 审核事项 is answered 否 ({fields}) and nothing is written under 存在的问题及建议: write "
                          "the problems found and what to investigate or correct.").format(fields=answered))
    return join_sentences(problems) if problems else None


def _refund_amount(_db: Database, _case: Case, values: dict) -> str | None:
    """责令退款通知书 ordering a refund of 0 yuan: it would print the blank 人民币＿＿元 of a draft; the amount
    overcharged is required to issue it."""
    if values.get("refund_fen") != 0:
        return None
    return _("The 应退还的多收价款 is 0: the notice orders the party to refund what it overcharged; write the amount "
             "to refund.")


def _decision_gaps(db: Database, case: Case, values: dict) -> list[str]:
    """What the officer is told, not refused, before issuing a 行政处罚决定书: no evidence (``evidence_gap``: a
    draft's warning, issuing such a decision is refused by ``_decision_evidence``), nothing said of the party's
    statement or hearing the case records (``_statement_gap``), no discretion reasoning (裁量理由), and, for a
    decision imposing money, no account to pay into or one lacking a part (``_no_account``)."""
    warnings = [gap] if (gap := evidence_gap("penalty_decision", values)) else []
    warnings += _statement_gap(db, case, values)
    if not str(values.get("discretion") or "").strip():
        warnings.append(_("The 裁量理由 is empty: the decision gives no reasons for the amount it imposes. State the "
                          "circumstances for a lighter, reduced or heavier penalty (Penalty and discretion… on the "
                          "case fills it in), or make sure none need stating."))
    terms = Terms.of(values)
    return warnings + (_no_account(db, case, "penalty_decision", values)
                       if terms.fine_fen or terms.confiscated_fen else [])


def _statement_gap(db: Database, case: Case, values: dict) -> list[str]:
    """A 行政处罚决定书 whose 陈述申辩及采纳情况 (``statement``) is empty although the case records that the party
    was heard: a hearing held (the decision's 听证日期, else the one the case records,
    ``procedure.party_hearing_held_on``) or an issued 陈述申辩笔录 of the party. The decision would then say nothing
    of what the party argued and whether it was adopted, which it states with the reasons (行政处罚法 arts. 45, 62;
    REFERENCE §2.2 No. 45). Warned, not refused: the officer may have written it elsewhere in the text; what the
    decision would contradict is refused (``procedure._hearing_claim_refusal``)."""
    from workstation.documents.addressee import party_condition
    from workstation.procedure import party_hearing_held_on

    if str(values.get("statement") or "").strip():
        return []
    parties = parties_of_case(db, case.id)
    party_id = _addressee(db, case, values, parties)
    held = str(values.get("hearing_held_on") or "")[:10] or party_hearing_held_on(db, case, party_id, parties)
    if held:
        why = _("A hearing was held on {date}, but “陈述申辩及采纳情况” is empty: the decision says nothing of what "
                "the party argued at the hearing and whether it was adopted (行政处罚法 arts. 45, 62). Write the "
                "party's statements and defence and whether each was adopted, with the reasons, in “陈述申辩及采纳情况” "
                "(the editor's 事实与证据 section; “statement” in docs issue --values).").format(date=held)
    else:
        import json

        from workstation.documents.drafts import find_form
        from workstation.formkit.values import document_date

        condition, params = party_condition(db, case, party_id, "d", parties)
        rows = db.execute(f"SELECT values_json, issued_at FROM documents d WHERE case_id = ? AND form_id = "
                          f"'statement_record' AND status = 'issued'{condition}", [case.id, *params]).fetchall()
        if not rows:
            return []
        form = find_form("statement_record")
        day = max(document_date(form, json.loads(values_json or "{}"), issued_at) for values_json, issued_at in rows)
        why = _("The party stated its case on {date} (its 陈述申辩笔录), but “陈述申辩及采纳情况” is empty: the "
                "decision says nothing of what the party argued and whether it was adopted (行政处罚法 arts. 45, 62). "
                "Write the party's statements and defence and whether each was adopted, with the reasons, in "
                "“陈述申辩及采纳情况” (the editor's 事实与证据 section; “statement” in docs issue --values).").format(date=day)
    if party_id and len(parties) > 1:
        name = next((party.name for party in parties if party.id == party_id), party_id)
        return [_("{party}: {why}").format(party=name, why=why)]
    return [why]


#: the words that name each part of the account in a 收款账户 the officer wrote (besides the part's value as
#: 本局文书信息 gives it)
ACCOUNT_WORDS = {"bank": ("银行", "开户行", "信用社"), "account_name": ("户名", "收款人", "收款单位"),
                 "account_number": ("账号", "帐号", "卡号")}


#: the 延期/分期缴纳罚款通知书: the party pays later, into the account it names (its version 3)
DEFERRAL_FORM = "payment_deferral_notice"


def _form_title(form_id: str) -> str:
    from workstation.documents.drafts import find_form

    return find_form(form_id).title


def _no_account(db: Database, case: Case, form_id: str, values: dict) -> list[str]:
    """What the officer is told before issuing a 行政处罚决定书 imposing money, a 当场行政处罚决定书 whose fine is paid
    at the bank, a 延期/分期缴纳罚款通知书 or a 催告书 (``form_id``), whose
    收款账户 (``payment_details``) is empty: it names no account to pay into, the agency's 收款银行, 户名 and 账号 not
    being set (``agency_details``; a town office's case its bureau's); naming where to set them. A 收款账户 naming
    only some of them (the agency's bank set and not its 户名 or 账号, or an account written by hand without them:
    ``ACCOUNT_WORDS``) is warned naming exactly the parts missing. [] when it names all three."""
    from workstation.agency_details import FIELDS, PAYMENT_FIELDS, WHERE, agency_details, missing_payment
    from workstation.formkit.values import acting_agency

    agency_id = acting_agency(db, case).id
    written = str(values.get("payment_details") or "").strip()
    if not written:
        missing = "、".join(missing_payment(db, agency_id) or [FIELDS[name] for name in PAYMENT_FIELDS])
        if form_id == "performance_demand":
            return [_("The 催告书 names no account to pay into: this bureau's {missing} are not set. Set them in "
                      "{where}, or write them in the 收款账户 field.").format(missing=missing, where=WHERE)]
        if form_id == DEFERRAL_FORM:
            return [_("The {title} names no account to pay into: this bureau's {missing} are not set. Set them in "
                      "{where}, or write them in the 收款账户 field.").format(title=_form_title(form_id), missing=missing,
                                                                       where=WHERE)]
        return [_("The decision names no account to pay into: this bureau's {missing} are not set. Set them in "
                  "{where}, or write them in the 收款账户 field.").format(missing=missing, where=WHERE)]
    details = agency_details(db, agency_id)
    absent = [name for name in PAYMENT_FIELDS if not (details[name] and details[name] in written)
              and not any(word in written for word in ACCOUNT_WORDS[name])]
    if not absent:
        return []
    missing = "、".join(FIELDS[name] for name in absent)
    if form_id == "performance_demand":
        lacking = _("The account the 催告书 names to pay into has no {missing}.").format(missing=missing)
    elif form_id == DEFERRAL_FORM:
        lacking = _("The account the {title} names to pay into has no {missing}.").format(title=_form_title(form_id),
                                                                                           missing=missing)
    else:
        lacking = _("The account the decision names to pay into has no {missing}.").format(missing=missing)
    unset = [FIELDS[name] for name in absent if not details[name]]
    if unset:
        fix = ngettext("This bureau's {unset} is not set: set it in {where}, or write it in the 收款账户 field.",
                       "This bureau's {unset} are not set: set them in {where}, or write them in the 收款账户 field.",
                       len(unset)).format(unset="、".join(unset), where=WHERE)
    else:
        fix = ngettext("Write it in the 收款账户 field, as 本局文书信息 gives it.",
                       "Write them in the 收款账户 field, as 本局文书信息 gives them.", len(absent))
    return [join_sentences([lacking, fix])]


def _late_hearing_service(db: Database, case: Case, values: dict) -> list[str]:
    """A 听证通知书 served by public notice (行政处罚文书送达公告): deemed served thirty days after the publication
    (T30), it reaches the party less than seven working days before the hearing it sets (行政处罚法 art. 64(2)), which
    the officer is told before publishing: the hearing is to be set later with a corrected notice."""
    from workstation.document_clocks import PUBLIC_NOTICE_DAYS
    from workstation.documents.addressee import PARTY_KEY

    published = _day(values.get("published_on"))
    served_document = str(values.get("served_document") or "")
    if published is None or "听证通知书" not in served_document:
        return []
    found = notice_hearing_date(db, case, values.get(PARTY_KEY))
    if found is None:
        return []
    number, hearing = found
    served = published + dt.timedelta(days=PUBLIC_NOTICE_DAYS)
    earliest = _calendar(db).add_workdays(served, HEARING_NOTICE_WORKDAYS)
    note = _count_note(db, served, earliest, HEARING_NOTICE_WORKDAYS, on=hearing)
    if hearing >= earliest:
        return [note] if note else []
    return [join_sentences([_("Published on {published}, the 听证通知书 {number} is deemed served on {served} ({days} days after "
              "the announcement), less than seven working days before the hearing it sets on {hearing} (行政处罚法 "
              "art. 64): the party would not be told in time. Set the hearing on {earliest} or later with a "
              "corrected 听证通知书, and serve that one.").format(
        published=published, number=number or _("(no number)"), served=served, days=PUBLIC_NOTICE_DAYS,
        hearing=hearing, earliest=earliest), note])]


def _late_hearing_receipt(db: Database, case: Case, values: dict) -> list[str]:
    """A 送达回证 of a 听证通知书 served less than seven working days before the hearing it sets (行政处罚法 art. 64(2);
    T6 counts from this service): the officer is told, not refused — the receipt records what happened, and the
    hearing is to be set later with a corrected notice."""
    from workstation.documents.addressee import PARTY_KEY

    served = _day(values.get("served_on"))
    if served is None or "听证通知书" not in str(values.get("served_document") or ""):
        return []
    found = notice_hearing_date(db, case, values.get(PARTY_KEY))
    if found is None or found[0] and found[0] not in str(values["served_document"]):
        return []
    number, hearing = found
    earliest = _calendar(db).add_workdays(served, HEARING_NOTICE_WORKDAYS)
    note = _count_note(db, served, earliest, HEARING_NOTICE_WORKDAYS, on=hearing)
    if hearing >= earliest:
        return [note] if note else []
    return [join_sentences([_("Served on {served}, the 听证通知书 {number} reaches the party less than seven working days before the "
              "hearing it sets on {hearing} (行政处罚法 art. 64): the party is not told in time. Set the hearing on "
              "{earliest} or later with a corrected 听证通知书, and serve that one.").format(
        served=served, number=number or _("(no number)"), hearing=hearing, earliest=earliest), note])]


#: a 文号 a 送达回证's 送达文书名称及文号 names, once its brackets and digits are read as the store writes them
#: (``case_reference.search_key``): what precedes the year (the agency's abbreviation and type code, with whatever was
#: typed against them), the year and the serial (第 and leading zeros dropped)
_NAMED_NUMBER = re.compile(r"([^\s（）()《》〈〉、，,;；：:“”]*)〔(\d{4})〕\s*第?\s*0*(\d+)\s*号")
#: the forms naming the document they serve in ``served_document`` (``_served_refusal``)
SERVING_FORMS = ("delivery_receipt", "service_public_notice")


def served_numbers(text: object) -> list[tuple[str, int, int]]:
    """(what precedes the year, year, serial) of each 文号 a 送达文书名称及文号 ``text`` names, in order, however it
    was typed (other brackets, full-width digits, 第, leading zeros)."""
    from workstation.case_reference import search_key

    return [(m.group(1), int(m.group(2)), int(m.group(3)))
            for m in _NAMED_NUMBER.finditer(search_key(str(text or "")))]


def names_number(number: str | None, named: tuple[str, int, int]) -> bool:
    """Whether the 文号 ``number`` (as the store writes it) is the one ``named`` (``served_numbers``)."""
    found = re.fullmatch(r"(.*)〔(\d{4})〕(\d+)号", number or "")
    return found is not None and (int(found[2]), int(found[3])) == named[1:] and named[0].endswith(found[1])


def _served_label(form_id: str) -> str:
    from workstation.documents.drafts import find_form

    return find_form(form_id).field("served_document").label


def _served_refusal(db: Database, case: Case, values: dict, form_id: str) -> str | None:
    """送达回证 (or 送达公告) whose 送达文书名称及文号 names a 文号 that is no document in force of the case: one voided
    or replaced by an issued correction (naming it), one of another case, a lead or an interview, a 文号 voided, or
    one never given — past the last serial given in its sequence here. It would file the service of a document
    that does not stand. A 文号 this station never numbered in its sequence and year (a document issued on paper) is
    told, not refused (``_served_unknown``)."""
    from workstation.documents.issuing import document_name, documents_of_case

    named = served_numbers(values.get("served_document"))
    if not named:
        return None
    documents = [d for d in documents_of_case(db, case.id) if d.number]
    corrected = {d.supersedes_id: d for d in documents if d.supersedes_id and d.status == "issued"}  # the last
    label = _served_label(form_id)
    for number in named:
        mine = [d for d in documents if names_number(d.number, number)]
        if any(d.status == "issued" and d.id not in corrected for d in mine):
            continue
        if mine and mine[-1].status == "void":
            return _("The {label} names {document}, which is void ({reason}): a void document is not served, and "
                     "this would file the service of a document that does not stand. Name the document served in its "
                     "place (its correction, or the one issued anew), or issue that one first.").format(
                label=label, document=document_name(mine[-1]), reason=mine[-1].void_reason or "—")
        if mine:
            return _("The {label} names {document}, which {correction} corrected: the correction is the document "
                     "in force, served in its place. Name {correction} in the {label}.").format(
                label=label, document=document_name(mine[-1]), correction=document_name(corrected[mine[-1].id]))
        if refusal := _served_elsewhere(db, case, number, label):
            return refusal
    return None


def _numbers_of_year(db: Database, named: tuple[str, int, int]) -> list[tuple[str, int, str, str, str | None]]:
    """(文号, serial, status, void reason, document id) of each 文号 given here in the sequence ``named`` names (its
    year, and the abbreviation and type code before it)."""
    rows = db.execute("SELECT number, serial, status, void_reason, document_id FROM doc_numbers WHERE year = ? "
                      "ORDER BY serial", [named[1]]).fetchall()
    return [row for row in rows if named[0].endswith(str(row[0]).split("〔", 1)[0])]


def _served_elsewhere(db: Database, case: Case, named: tuple[str, int, int], label: str) -> str | None:
    """Why the 文号 ``named``, no document of ``case``, is not served by this case's 送达回证 (``_served_refusal``);
    None for one this station never numbered (``_served_unknown``)."""
    from workstation.case_reference import case_named
    from workstation.documents.issuing import document_name, get_document
    from workstation.errors import NotFound

    sequence = _numbers_of_year(db, named)
    given = sorted((row for row in sequence if row[1] == named[2]), key=lambda row: row[2] == "void")  # in force first
    number = given[0][0] if given else None
    try:
        document = get_document(db, number) if number else None
    except NotFound:
        document = None
    if document is not None and document.case_id == case.id:  # the case's own (checked by ``_served_refusal``)
        return None
    if document is not None and document.case_id:
        row = db.execute("SELECT case_number, cause FROM cases WHERE id = ?", [document.case_id]).fetchone()
        other = case_named(row[0], "", row[1]) if row else document.case_id
        return _("The {label} names {document}, a document of case {other}, not of case {case}: a receipt is "
                 "issued in the case of the document it served. Name this case's document, or issue it in case "
                 "{other}.").format(label=label, document=document_name(document), other=other,
                                   case=case_named(case.case_number, case.party_names, case.cause))
    if document is not None:
        return _("The {label} names {document}, which is not a document of case {case} (it was issued for a lead "
                 "or an interview): name the document of this case that was served.").format(
            label=label, document=document_name(document),
            case=case_named(case.case_number, case.party_names, case.cause))
    if given and given[0][2] == "void":
        return _("The {label} names {number}, a 文号 voided ({reason}): no document in force bears it. Name the "
                 "document served.").format(label=label, number=number, reason=given[0][3] or "—")
    if sequence and not given and named[2] > sequence[-1][1]:
        return _("The {label} names {number}, which was never issued: the last 文号 given of that type and year is "
                 "{last}. Write the 文号 of the document served (the case's documents list each one), or issue that "
                 "document first.").format(label=label, number=_named_text(sequence[-1][0], named),
                                           last=sequence[-1][0])
    return None


def _named_text(model: str, named: tuple[str, int, int]) -> str:
    """The 文号 ``named`` written as the store writes those of its sequence (``model`` one of them)."""
    return f"{model.split('〔', 1)[0]}〔{named[1]}〕{named[2]}号"


def _served_unknown(db: Database, values: dict, form_id: str) -> list[str]:
    """The 文号 a 送达回证 (or 送达公告) names that nothing here gives — no document bears it, and this station gave no
    such 文号 nor any later one of its sequence (which ``_served_refusal`` refuses) —: a document issued on paper or in
    another system, or a slip of the keyboard. Told, not refused."""
    warnings = []
    for named in served_numbers(values.get("served_document")):
        sequence = _numbers_of_year(db, named)
        if any(row[1] == named[2] for row in sequence) or (sequence and named[2] > sequence[-1][1]):
            continue
        if any(names_number(row[0], named) for row in db.execute(
                "SELECT number FROM documents WHERE number LIKE ?", [f"%〔{named[1]}〕{named[2]}号"])):
            continue
        warnings.append(_("The {label} names {number}, which was not issued here: check that it is the 文号 of the "
                          "document served (one issued on paper or in another system), else correct it.").format(
            label=_served_label(form_id), number=f"{named[0]}〔{named[1]}〕{named[2]}号"))
    return warnings


def standing_receipts(db: Database, document) -> list[str]:
    """What voiding the issued ``document`` leaves standing, as sentences for the officer's confirmation
    (``issuing.void_consequences``): its case's 送达回证 and 送达公告 in force (neither voided nor corrected) that name its
    文号, each form's with the dates they bear — the record of a service of a document that is void afterwards."""
    from workstation.documents.drafts import find_form
    from workstation.documents.issuing import documents_of_case
    from workstation.formkit.values import document_date

    if not document.number or not document.case_id:
        return []
    documents = documents_of_case(db, document.case_id)
    corrected = {d.supersedes_id for d in documents if d.supersedes_id and d.status == "issued"}
    standing: dict[str, list[str]] = {}
    for served in documents:
        if served.form_id in SERVING_FORMS and served.status == "issued" and served.id not in corrected and any(
                names_number(document.number, named) for named in served_numbers(served.values.get("served_document"))):
            form = find_form(served.form_id)
            standing.setdefault(form.title, []).append(document_date(form, served.values, served.issued_at[:10]))
    return [ngettext("Its {title} of {dates} stays in force: it records that this document was served. Void it too, "
                     "saying why, if that service is not to stand.",
                     "Its {title} of {dates} stay in force: they record that this document was served. Void them "
                     "too, saying why, if that service is not to stand.", len(dates)).format(
        title=title, dates="、".join(dates)) for title, dates in standing.items()]


def _t13_last(db: Database, preserved: dt.date):
    """(the rule T13, the last day it gives) counted from the day evidence was ``preserved``, as the case's clocks
    count it: their rule and this database's working-day calendar."""
    from workstation import clocks

    rule = clocks.rule("T13")
    return rule, dt.date.fromordinal(clocks.engine_for(db).add(rule.unit, preserved.toordinal(), rule.period))


def _late_release(db: Database, values: dict) -> list[str]:
    """A release of evidence preserved later than T13 allows (行政处罚法 art. 56: a decision within seven working days
    of the preservation), counted as the case's clocks count it (their rule and this database's working-day
    calendar): the preservation has lapsed by then, which the officer is told, not refused — the items are still
    to be given back."""
    from workstation import clocks

    preserved, released = _day(values.get("preserved_on")), _day(values.get("released_on"))
    if preserved is None or released is None:
        return []
    rule, last = _t13_last(db, preserved)
    note = clocks.count_note(db, preserved, last, rule.unit_text(), on=released)
    if released <= last:
        return [note] if note else []
    return [join_sentences([_("The 解除日期 ({released}) is later than seven working days after the preservation ({preserved}), which "
              "ran until {last} ({source}): the decision on the preserved evidence came late. Issue the release all "
              "the same if that is when it was decided, and record why in the case file.").format(
        released=released, preserved=preserved, last=last, source=rule.source), note])]


def _late_preservation_notice(db: Database, values: dict) -> list[str]:
    """先行登记保存证据通知书 signed (落款日期) after the last day of T13 counted from the preservation it announces, as
    ``_late_release`` counts it: the preservation had lapsed by then — the notice is handed to the party when the
    evidence is preserved, and a decision on it is due within those seven working days (行政处罚法 art. 56). Told,
    not refused: one of the two dates may be the one written wrong, or the notice be issued late for the file."""
    from workstation import clocks

    preserved, signed = _day(values.get("preserved_on")), _day(values.get("signed_on"))
    if preserved is None or signed is None:
        return []
    rule, last = _t13_last(db, preserved)
    if signed <= last:
        return []
    return [join_sentences([_("The 落款日期 ({signed}) is later than seven working days after the preservation "
                              "({preserved}), which ran until {last} ({source}): the preservation had lapsed by "
                              "then. The notice is handed to the party when the evidence is preserved: check the "
                              "先行登记保存日期 and the 落款日期, and if both are right, issue it all the same and record "
                              "why in the case file.").format(
        signed=signed, preserved=preserved, last=last, source=rule.source),
        clocks.count_note(db, preserved, last, rule.unit_text(), on=signed)])]


#: the 审批事项 of the 行政处罚案件有关事项审批表 that extends the 办案期限 (T2)
EXTENSION_MATTER = "延长办案期限"
# the 有关事项审批表's extension of T1, refused once the case is filed (``_verification_after_filing``)
VERIFICATION_MATTER = "延长核查期限"
# a number of days: digits or Chinese numerals before 日, 天 or 工作日 — not the day of a date (7月7日)
_DAYS = re.compile(r"(?<![月0-9０-９])([0-9０-９]+|[零〇一二两三四五六七八九十百千]+)\s*(?:个)?\s*(工作日|日|天)")


def extension_days(period: str) -> tuple[int, str] | None:
    """The days and their unit (日 or 工作日) the 期限 of a 有关事项审批表 asks for (延长三十日，至2026年7月7日 → (30,
    "日")), None when it names no number of days."""
    match = _DAYS.search(str(period or ""))
    if match is None:
        return None
    from workstation.validators import chinese_numeral

    unit = "工作日" if match.group(2) == "工作日" else "日"
    return chinese_numeral(match.group(1)) or 0, unit


def t2_extensions(db: Database, case: Case, before: str | None = None) -> list[tuple[int, str, str]]:
    """The approved extensions of the case's 办案期限 (T2) its clock counts (``clocks.counted_extensions``: T2 is not
    extended only once, so every one recorded), as (days, approved_on, approved_by) in the order they were approved;
    with ``before`` (a day) only those approved before it: the approval form dated as one of them asked for that
    one (a correction of it is no further extension of itself)."""
    from workstation import clocks

    rule = clocks.rule("T2")
    rows = db.execute("SELECT id, days, approved_on, approved_by FROM clock_events WHERE case_id = ? AND "
                      "kind = ? AND clock = ? ORDER BY approved_on, created_at",
                      [case.id, clocks.EXTENSION, rule.id]).fetchall()
    facts = [clocks.EventFacts(r[0], clocks.EXTENSION, rule.id, 0, None, r[1], r[2] or "", r[3] or "") for r in rows]
    counted = clocks.counted_extensions(rule, facts)[0]
    return [(e.days, e.approved_on, e.approved_by) for e in counted if not before or e.approved_on < before]


def _extensions_text(extensions: list[tuple[int, str, str]]) -> str:
    """The extensions granted, as a refusal names them: “30 days, approved on 2026-05-25 by 王局长”."""
    return _("; ").join(_("{days} days, approved on {date} by {who}").format(days=days, date=on or "—", who=who or "—")
                     for days, on, who in extensions)


def further_extension_context(db: Database, case: Case) -> dict[str, object]:
    """The 事由及依据 a 有关事项审批表 of a case whose 办案期限 was already extended starts with (its ``reason`` field's
    source): a further extension, which the heads decide by collective discussion (REFERENCE §1.2 T2), saying so and
    naming the extension granted; {} for a case not extended yet (the form's own default, the head's thirty days)."""
    from workstation.law.catalogue import chinese_number
    from workstation.money import chinese_date

    granted = t2_extensions(db, case)
    if not granted:
        return {}
    if len(granted) == 1:
        days, on, _who = granted[0]
        before = f"本案已于{chinese_date(on)}经批准延长办案期限{chinese_number(days)}日"
    else:
        before = (f"本案办案期限已先后{chinese_number(len(granted))}次经批准延长，共"
                  f"{chinese_number(sum(g[0] for g in granted))}日")
    return {"lead.matter_reason": (
        f"{before}，因案情特别复杂，相关证据仍需进一步调取核实，在延长的期限内仍不能作出处理决定。依照《中华人民共和国"
        "行政处罚法》第六十条和《市场监督管理行政处罚程序规定》的规定，提请本局负责人集体讨论决定继续延长办案期限。")}


def extension_prefill(db: Database, case: Case, clock: str, values: dict) -> tuple[int | None, str]:
    """What the clock-event dialog opened after a 有关事项审批表 was issued for an extension of ``clock`` starts with:
    the days its 期限 asks for (in the clock's unit, else None) and, for a further extension of T2 (the case's
    办案期限 already extended before the form's date), the approver the clock asks of one (clocks.toml
    ``extension.further``: the heads' collective discussion), else ""."""
    from workstation import clocks

    rule = clocks.rule(clock)
    asked = extension_days(str(values.get("period") or ""))
    days = asked[0] if asked and asked[0] > 0 and asked[1] == ("工作日" if rule.unit == "wd" else "日") else None
    further = clock == "T2" and values.get("matter") == EXTENSION_MATTER and bool(
        t2_extensions(db, case, str(values.get("proposed_on") or "")[:10] or None))
    return days, rule.extension_further if further else ""


def _further_extension(rule, values: dict, granted: list[tuple[int, str, str]]) -> str | None:
    """A 延长办案期限 approval form of a case whose 办案期限 was already extended: a further extension, which the head
    cannot approve — the heads decide it by collective discussion and fix a reasonable period (REFERENCE §1.2 T2;
    clocks.toml ``further``): its 事由及依据 says so (names 集体讨论, ``further_by``) and its 期限 the days decided,
    with no thirty-day cap (none unless clocks.toml gives ``further_limit``)."""
    reason = str(values.get("reason") or "")
    if not any(word in reason for word in rule.extension_further_by):
        return _("The 办案期限 of this case was already extended ({granted}): the head cannot approve another "
                 "extension. A further extension is decided by the heads' collective discussion (集体讨论), which "
                 "fixes a reasonable period: hold it, record it on a 行政处罚案件集体讨论记录, and say in the 事由及依据 "
                 "that the extension is decided by collective discussion (集体讨论决定).").format(
            granted=_extensions_text(granted))
    asked = extension_days(str(values["period"]))
    if asked is None or asked[1] != "日" or asked[0] <= 0:
        return _("The 期限 “{period}” names no number of calendar days: a further extension of the 办案期限 runs for "
                 "the days the heads' collective discussion fixed; write them, such as 延长六十日.").format(
            period=values["period"])
    if rule.extension_further_limit and asked[0] > rule.extension_further_limit:
        return _("The 期限 asks for {days} days, more than the {limit} days a further extension may add.").format(
            days=asked[0], limit=rule.extension_further_limit)
    return None


def _verification_after_filing(case: Case, values: dict) -> str | None:
    """行政处罚案件有关事项审批表 for 延长核查期限 (T1) asked for (报请日期, else the day issued) after the case was
    filed: the filing ended the time to verify the lead and decide whether to file it, and the extension the form
    offers to record is refused then (``clock_events``: not after the filing). One dated on or before the filing
    day (written then, entered now) is not refused."""
    from workstation.records import today

    day = str(values.get("proposed_on") or "")[:10] or today()
    if not case.filed_on or day <= case.filed_on[:10]:
        return None
    return _("The case was filed on {filed}, which ended the time to verify the lead and decide whether to file it "
             "(T1): the 审批事项 延长核查期限 cannot be approved after the filing (报请日期 {day}). Choose the matter to "
             "approve now, such as 延长办案期限; an extension approved before the filing is dated on or before "
             "{filed}.").format(filed=case.filed_on[:10], day=day)


def _suspension_matter(db: Database, case: Case, values: dict) -> str | None:
    """行政处罚案件有关事项审批表 for 恢复案件调查 of a case whose investigation is not suspended when it is asked for
    (报请日期, else the day issued): no suspension running, nor one resumed on or after that day (an approval
    entered after the step 恢复 was taken is not refused) — there is nothing to resume, and its 事由 would name no
    ground; or for 中止 or 恢复 whose 事由及依据 still holds the blank (＿) its default leaves for the ground of the
    suspension: drafted before the ground was given (the form's 中止调查的情形, required for both, comes after it)."""
    from workstation.records import today
    from workstation.store.clock_events import open_event

    day = str(values.get("proposed_on") or "")[:10] or today()
    if values.get("matter") == RESUME and case.status != "suspended" and open_event(
            db, case.id, "suspension") is None:
        row = db.execute("SELECT MAX(ends_on) FROM clock_events WHERE case_id = ? AND kind = 'suspension'",
                         [case.id]).fetchone()
        ended = _day(row[0]) if row else None  # the last day suspended: the day before the step 恢复
        if ended is None:
            return _("The investigation of this case is not suspended: the 审批事项 恢复案件调查 resumes a suspended "
                     "investigation. Choose the matter to approve now; a suspension is approved with 中止案件调查 and "
                     "recorded with the step “{suspend}”.").format(suspend=shown_label("transitions", "suspend"))
        resumed = (ended + dt.timedelta(days=1)).isoformat()
        if day > resumed:
            return _("The investigation of this case is not suspended: it resumed on {resumed}, before this "
                     "恢复案件调查 was asked for (报请日期 {day}). If it is the approval of that resumption, date it on "
                     "or before {resumed}; otherwise choose the matter to approve now.").format(resumed=resumed,
                                                                                               day=day)
    if "＿" in str(values.get("reason") or ""):
        return _("The 事由及依据 still has a blank (＿＿) where the ground of the suspension goes: write the ground "
                 "({ground}) in its place.").format(ground=str(values.get("suspend_ground") or "").strip())
    return None


def _matter_approval(db: Database, case: Case, values: dict) -> str | None:
    """行政处罚案件有关事项审批表 for 延长办案期限 (REFERENCE §1.2 T2, 行政处罚法 art. 60): the period is a number of
    calendar days the bureau head's approval can grant — at most the extension T2 allows (thirty days); a longer
    extension is decided by the heads' collective discussion, recorded on its own record, and so is any further one
    once the case's 办案期限 was extended (``_further_extension``). Not for a case decided (or ended): its 办案期限 ran
    until the decision, and nothing is left to extend — unless, in a case with several parties, a party is still
    without its decision. For 延长核查期限 once the case was filed (``_verification_after_filing``), and for 中止 or
    恢复案件调查 (``_suspension_matter``), what those refuse."""
    if values.get("matter") == VERIFICATION_MATTER:
        return _verification_after_filing(case, values)
    if values.get("matter") in (SUSPEND, RESUME):
        return _suspension_matter(db, case, values)
    if values.get("matter") != EXTENSION_MATTER:
        return None
    if case.status in DECIDED_STATES + ENDED_STATES and not _undecided_party(db, case):
        return _("The case is “{status}” ({decision}): the 办案期限 runs until the case is decided, so there is "
                 "nothing left to extend (行政处罚法 art. 60). Extend it only before the decision; if the decision was "
                 "wrong, void it first.").format(status=shown_label("statuses", case.status),
                                                 decision=_decided_here(db, case) or shown_label("statuses",
                                                                                                 case.status))
    if not values.get("period"):
        return None
    from workstation import clocks

    rule = clocks.rule("T2")
    granted = t2_extensions(db, case, str(values.get("proposed_on") or "")[:10] or None)
    if granted:
        return _further_extension(rule, values, granted)
    asked = extension_days(str(values["period"]))
    if asked is not None and asked[1] == "工作日":
        return _("The 期限 “{period}” asks for {days} working days (工作日): the 办案期限 is extended by calendar days "
                 "(日) with the head's approval, at most {limit} days (行政处罚法 art. 60); write the calendar days asked "
                 "for, such as 延长三十日.").format(period=values["period"], days=asked[0], limit=rule.extension_limit)
    if asked is None or asked[1] != "日" or asked[0] <= 0:
        return _("The 期限 “{period}” names no number of days: the 办案期限 is extended by calendar days with the "
                 "head's approval, at most {limit} days (行政处罚法 art. 60); write the days asked for, "
                 "such as 延长三十日.").format(period=values["period"], limit=rule.extension_limit)
    if asked[0] > rule.extension_limit:
        return _("The 期限 asks for {days} days, more than the {limit} days the head's approval can extend the 办案期限 "
                 "by: ask for {limit} days at most on this form. A longer or a further extension is "
                 "decided by the heads' collective discussion (集体讨论), which fixes a reasonable period: record it on "
                 "a 行政处罚案件集体讨论记录.").format(days=asked[0], limit=rule.extension_limit)
    return None


def closing_ground(db: Database, case: Case) -> str:
    """The 结案理由 the case's end gives the 结案审批表: 决定执行完毕 only once the performance is recorded, 不予处罚,
    移送司法, 终止调查 or 其他 (不予立案) as it ended, 申请人民法院强制执行 for a served case closed after the court was
    applied to; "" while it has not ended (the form's default). A case the police opened a criminal case on ends
    移送司法 whatever its status: one transferred after its decision keeps the decision's status (``decided_transfer``),
    its performance, if any, printed in the sheet's 执行情况 (the 结案理由 is one choice)."""
    from workstation.procedure import police_transfer_state

    if police_transfer_state(db, case) == "opened":
        return CLOSING_GROUNDS["transferred_police"]
    status = case.status
    if status in ("closed", "archived"):
        row = db.execute("SELECT from_status FROM case_events WHERE case_id = ? AND kind = 'transition' AND "
                         "to_status = 'closed' ORDER BY at DESC LIMIT 1", [case.id]).fetchone()
        status = row[0] if row else ("performed" if _performed(db, case) else "")
        if status == "served" and _enforcement_applied(db, case):
            return ENFORCED_GROUND
    if status == "served" and _warning_only(db, case):  # a warning is executed when the decision is served
        return PERFORMED_GROUND
    if case.status == "served" and _enforcement_applied(db, case):
        from workstation.enforcement import closing_refusal

        if closing_refusal(db, case) is None:  # the court applied to for each party that did not pay: closable
            return ENFORCED_GROUND
    return CLOSING_GROUNDS.get(status, "")


def _warning_only(db: Database, case: Case) -> bool:
    """Whether the case's decisions in force impose nothing but a warning (no fine, confiscation or other penalty
    to perform): served, such a decision is executed (决定执行完毕)."""
    from workstation.penalty_terms import decisions_in_force

    decisions = decisions_in_force(db, case)
    return bool(decisions) and not case.penalties_fen and all(
        d.terms.warning and not (d.terms.fine_fen or d.terms.confiscated_fen or d.terms.confiscated_property
                                 or d.terms.other_penalty) for d in decisions)


def termination_context(db: Database, case: Case, context: dict) -> dict[str, object]:
    """``documents.decision_text`` of a case that no decision decided and that ended otherwise, so that the 结案审批表's
    处理决定内容 is not empty: terminated (终止调查), the termination and its recorded reason; transferred to the
    police (移送司法), 移送公安机关 with its 涉嫌犯罪案件移送书's 文号 as the cover's 处理结果 says it
    (``values.ended_without_decision``); not filed (不予立案), that and the reason its filing was declined for
    (``values.declined_context``). {} for any other case or one whose decision text is given."""
    if context.get("documents.decision_text"):
        return {}
    ground = closing_ground(db, case)
    if ground == CLOSING_GROUNDS["transferred_police"]:
        from workstation.formkit.values import ended_without_decision

        return {"documents.decision_text": ended_without_decision(db, case)}
    if ground == CLOSING_GROUNDS["not_filed"] and not case.filed_on:
        from workstation.formkit.values import declined_context

        declined = str(declined_context(db, case)["lead.decision_reason"] or "").strip().rstrip("。")
        return {"documents.decision_text": f"不予立案。理由：{declined}。" if declined else "不予立案。"}
    if ground != CLOSING_GROUNDS["terminated"]:
        return {}
    row = db.execute("SELECT note FROM case_events WHERE case_id = ? AND kind = 'transition' AND to_status = "
                     "'terminated' ORDER BY at DESC, rowid DESC LIMIT 1", [case.id]).fetchone()
    reason = str(row[0] or "") if row else ""
    from workstation.concluding import termination_warnings

    for warning in termination_warnings(db, case):  # the warning acknowledged is kept on the timeline, not printed
        reason = reason.replace(warning.note, "")
    reason = reason.strip().rstrip("。")
    text = f"终止调查。理由：{reason}。" if reason else "终止调查。"
    return {"documents.decision_text": text}


def _enforcement_applied(db: Database, case: Case) -> bool:
    """Whether the people's court was applied to for a party of the case (the step, or a 强制执行申请书 in force)."""
    from workstation.enforcement import court_applications
    from workstation.store import parties_of_case

    return bool(court_applications(db, case, parties_of_case(db, case.id)))


def _performed(db: Database, case: Case, unpaid: list[Party] | None = None) -> bool:
    """Whether the case records the decision performed: the step 履行完毕, or in a case with one party its payment
    (a payment of part of what is owed, recorded without a party, is not: ``payments.part_left``). In a case with
    several parties one party's payment is not the decision performed: every party owing money under its decision
    paid all it owes (``party_decisions.payments``: a payment of part is not; a party whose decision was revoked on
    its reconsideration or lawsuit owes nothing: ``party_decisions.still_owing``, or ``unpaid`` when the caller
    has it) — served, or closed from 已送达. In a case with one party, its payments of part reaching what the
    decision as it now stands asks are its payment (``payments.balance``). A party that did not pay, the people's
    court applied to for it, ends the case 申请人民法院强制执行, not 决定执行完毕 (``closing_ground``)."""
    from workstation.party_decisions import PAID

    row = db.execute("SELECT 1 FROM case_events WHERE case_id = ? AND kind = 'transition' AND to_status = "
                     "'performed' LIMIT 1", [case.id]).fetchone()
    if row is not None or case.status == "performed":
        return True
    if len(parties_of_case(db, case.id)) > 1:
        closed = db.execute("SELECT 1 FROM case_events WHERE case_id = ? AND kind = 'transition' AND to_status = "
                            "'closed' AND from_status = 'served' LIMIT 1", [case.id]).fetchone()
        if case.status != "served" and (closed is None or case.status not in ("closed", "archived")):
            return False
        from workstation.party_decisions import still_owing

        return not (still_owing(db, case) if unpaid is None else unpaid)
    row = db.execute("SELECT 1 FROM case_events WHERE case_id = ? AND kind = ? AND party_id IS NOT NULL LIMIT 1",
                     [case.id, PAID]).fetchone()
    if row is not None:
        return True
    # its payments of part reach what the decision as it now stands asks (a fine lowered since by a reconsideration
    # or lawsuit to what was paid, or below: ``payments.balance``): paid, the decision performed
    from workstation.payments import balance

    paid = balance(db, case)
    return paid is not None and paid.settled and not paid.unstated and paid.paid_fen > 0


def _day(value) -> dt.date | None:
    return dt.date.fromisoformat(str(value)[:10]) if value else None


def _calendar(db: Database | None = None):
    """The working-day calendar: with ``db``, that of its data directory (the holiday files the officer added, as
    the clocks and ``procedure.hearing_notice_refusal`` count), else the shipped data only."""
    from workstation.workdays import default_calendar

    if db is None:
        return default_calendar()
    from workstation.clocks import data_dir_of

    return default_calendar(data_dir_of(db))


def _extension(db: Database, case: Case, values: dict, supersedes: str | None = None, *,
               for_command_line: bool = False) -> str | None:
    """延长行政强制措施期限决定书 (行政强制法 art. 25): a measure is extended once (``_extended_already``; a correction
    of its extension, ``supersedes``, is no second one); its 原期限届满日期 is the end of the measure issued here
    (``_original_end_refusal``); decided before the original period ends (its end, or thirty days after the
    measure), and extending it to a day after that end and after the decision."""
    measure_end = _measure_end(db, case, values)
    if refusal := _extended_already(db, case, values, supersedes, for_command_line) \
            or _original_end_refusal(values, measure_end):
        return refusal
    decided, until = _day(values.get("decided_on")), _day(values.get("extended_until"))
    end = _day(values.get("original_until")) or measure_end
    if end is None and values.get("measured_on"):
        end = _day(values["measured_on"]) + dt.timedelta(days=30)
    if decided and end and decided > end:
        return _("The 决定日期 ({decided}) is after the original period of the measure ended ({end}): a seizure is "
                 "extended only before its period ends (行政强制法 art. 25). Date the decision {end} or earlier, or "
                 "release the items and decide the measure anew.").format(decided=decided, end=end)
    if until and end and until <= end:
        return _("The 延长至 date ({until}) is not after the original end of the measure ({end}): an extension runs "
                 "past that end; pick a day after {end} (at most 30 days after it).").format(until=until, end=end)
    if until and end and until > end + dt.timedelta(days=MEASURE_EXTENSION_DAYS):
        return _("The 延长至 date ({until}) is more than 30 days after the original end of the measure ({end}): a "
                 "seal-up or seizure is extended by at most thirty days (行政强制法 art. 25). The latest day allowed is "
                 "{latest}.").format(until=until, end=end,
                                     latest=end + dt.timedelta(days=MEASURE_EXTENSION_DAYS))
    if until and decided and until <= decided:
        return _("The 延长至 date ({until}) is not after the 决定日期 ({decided}): pick a later day.").format(
            until=until, decided=decided)
    return None


def _extended_measure(db: Database, case: Case, values: dict):
    """The 实施行政强制措施决定书 in force of the case the extension ``values`` names by its 文号 (``decision_no``), None
    for one not issued here (given on paper) or voided."""
    from workstation.documents.issuing import in_force_of_form

    number = str(values.get("decision_no") or "").strip()
    return next((d for d in in_force_of_form(db, case.id, "compulsory_measure_decision")
                 if number and (d.number or "").strip() == number), None)


def _extended_already(db: Database, case: Case, values: dict, supersedes: str | None,
                      for_command_line: bool = False) -> str | None:
    """A second 延长行政强制措施期限决定书 of one measure (its 实施行政强制措施决定书's 文号): the period of a seal-up or
    seizure is extended once, by at most thirty days (行政强制法 art. 25; REFERENCE §1.2 T14). An extension voided
    does not count, nor the one the new document corrects. Its correction named as 更正… in the case's documents
    and, ``for_command_line``, ``--supersedes``."""
    from workstation.documents.issuing import in_force_of_form, or_supersedes

    number = str(values.get("decision_no") or "").strip()
    issued = [d for d in in_force_of_form(db, case.id, "compulsory_measure_extension")
              if str(d.values.get("decision_no") or "").strip() == number
              and not (supersedes and supersedes in (d.id, d.number))]
    if not number or not issued:
        return None
    first = issued[0]
    return _("The measure of the 实施行政强制措施决定书 {decision} was already extended, to {until}, by the "
             "延长行政强制措施期限决定书 {extension}: a seal-up or seizure is extended once, by at most thirty days "
             "(行政强制法 art. 25). To change that extension, issue the new one as its correction (更正… in the case's "
             "documents{or_supersedes}); if it must not stand, void it first, saying why.").format(
        decision=number, until=first.values.get("extended_until") or "—", extension=first.number or first.id,
        or_supersedes=or_supersedes(first.number or first.id, for_command_line))


def _measure_end(db: Database, case: Case, values: dict) -> dt.date | None:
    """The day the measure the extension ``values`` names ends, when it was issued here (``_extended_measure``), as
    ``measures.measure_end`` counts it; None for a measure given on paper, or while a testing recorded runs."""
    from workstation.formkit.measures import measure_end, measure_party_of

    measure = _extended_measure(db, case, values)
    return measure_end(db, case, measure.values.get("decided_on"), measure.values.get("period_until"),
                       measure_party_of(measure.values)) if measure else None


def _original_end_refusal(values: dict, end: dt.date | None) -> str | None:
    """A 原期限届满日期 typed other than ``end``, that of the measure issued here (``_measure_end``): the thirty days of
    the extension and its decision before the end are counted from that end, not from a later day written in."""
    typed = _day(values.get("original_until"))
    if typed is None or end is None or typed == end:
        return None
    return _("The 原期限届满日期 ({typed}) is not the day the measure of the 实施行政强制措施决定书 {decision} ends "
             "({end}: its 期限届满日期, else thirty days after its 决定日期, with the days of testing or appraisal "
             "recorded for its party's goods or for the whole case added): the extension is decided before that day "
             "and runs at most thirty days past it (行政强制法 art. 25). Write {end} as the 原期限届满日期.").format(
        typed=typed, decision=str(values.get("decision_no") or "").strip(), end=end)


def demand_period_end(demand: dt.date, db: Database | None = None) -> dt.date:
    """The last of the ten working days the party has after the 催告书 was served on ``demand`` (行政强制法 art. 54):
    the court is applied to only after it; counted on ``db``'s calendar (its data directory's holiday files)."""
    return _calendar(db).add_workdays(demand, DEMAND_WORKDAYS)


def demand_count_note(db: Database, demand: dt.date, *, on: dt.date | None = None) -> str:
    """``clocks.count_note`` of the ten working days after the 催告书 served on ``demand`` (T15), for a date acted on
    ``on``: what the 强制执行申请书 and the 申请法院强制执行 step are told while those days run through a year without
    holiday data."""
    return _count_note(db, demand, demand_period_end(demand, db), DEMAND_WORKDAYS, on=on)


def _enforcement_window(db: Database, case: Case, values: dict, served: dt.date):
    """The T16 of the party the 强制执行申请书 ``values`` is written for, its decision served on ``served``
    (``document_clocks.enforcement_window``)."""
    from workstation.document_clocks import enforcement_window
    from workstation.documents.addressee import PARTY_KEY

    return enforcement_window(db, case, served, values.get(PARTY_KEY) or None)


def _pending_challenge(window) -> str:
    return _("The party's {kinds} recorded since {since} has not ended: the court is applied to only once the party "
             "can no longer challenge the decision (行政强制法 art. 53; T16 counts three months from then). Record its "
             "end on the case's 期限 tab first.").format(
        kinds="、".join(shown_label("clock_events", kind) for kind in window.pending), since=window.pending_since)


def _recorded_services(db: Database, case: Case, values: dict, demand: dt.date | None,
                       served: dt.date | None) -> str | None:
    """Why the 强制执行申请书 ``values`` does not rest on the services the case records for its party (None when it
    does, or when the party owes nothing the court could be applied for, said elsewhere): no 催告书 served on it is
    recorded under the decision in force — the application is counted as made (``enforcement.court_applications``)
    and closes the case, so it needs the 催告书 the step 申请法院强制执行 needs —, or the 决定书送达日期 or
    催告书送达日期 typed is not the day recorded (of a decision a 送达公告 published, the day recorded or the day it is
    deemed served, ``_deemed_service``), or that 催告书 was served while the payment was deferred
    (``clock_events.deferred_on``)."""
    from workstation.documents.addressee import PARTY_KEY
    from workstation.enforcement import demand_days, unpaid_parties
    from workstation.store.clock_events import deferred_on

    party_id = values.get(PARTY_KEY) or None
    item = next((item for item in unpaid_parties(db, case) if party_id is None or item.party.id == party_id), None)
    if item is None:
        return None
    recorded = item.decision_served_on
    # a decision a 送达公告 published: the day it is deemed served (T30), as the forms fill in and the clocks count
    published, deemed = _deemed_service(db, case, values, recorded)
    if served is not None and deemed and served.isoformat() not in (recorded, deemed):
        return _("The 决定书送达日期 ({typed}) is not the day the case records the decision served on {party}: it was "
                 "served by public notice, published on {published}, and is deemed served on {deemed} (SAMR rules "
                 "art. 82): write {deemed}, or correct the service recorded on the case first.").format(
            typed=served, party=item.party.name, published=published, deemed=deemed)
    if served is not None and recorded and not deemed and served.isoformat() != recorded:
        return _("The 决定书送达日期 ({typed}) is not the day the case records the decision served on {party} "
                 "({recorded}): write {recorded}, or correct the service recorded on the case first.").format(
            typed=served, party=item.party.name, recorded=recorded)
    days = demand_days(db, case, item.party.id)
    deferral = deferred_on(db, case, demand.isoformat(), item.party.id) if demand is not None else None
    if deferral is not None:  # recorded or not, it demanded a payment not yet due (``enforcement.demand_days``)
        return _("The 催告书送达日期 ({typed}) falls while the payment of {party} was deferred until {end}: a 催告书 "
                 "served then demanded a payment not yet due and does not count (行政处罚法 art. 66; 行政强制法 art. "
                 "54). Serve a 催告书 after {end} and write the day it was served.").format(
            typed=demand, party=item.party.name, end=deferral.ends_on)
    if not days:
        return _("No 催告书 service is recorded for {party} under the decision in force (decided on {decided}): the "
                 "court is applied to only after the party was served a 催告书 and did not perform within ten working "
                 "days (行政强制法 art. 54). Serve the 催告书 and record “{event}” on the case's 期限 tab first, then "
                 "write the day it was served.").format(party=item.party.name, decided=case.decided_on,
                                                       event=shown_label("clock_events", "demand"))
    if demand is not None and demand.isoformat() not in days:
        return _("The 催告书送达日期 ({typed}) is not a day the case records a 催告书 served on {party} ({recorded}): "
                 "write the day recorded, or record that service on the case's 期限 tab first.").format(
            typed=demand, party=item.party.name, recorded="、".join(days))
    return None


def _deemed_service(db: Database, case: Case, values: dict, recorded: str | None) -> tuple[str, str]:
    """(publication, deemed service) of the decision of the party the 强制执行申请书 ``values`` is written for, served
    on ``recorded`` as the case records it, when a 送达公告 published it and it is deemed served later (T30,
    ``document_clocks.deemed_of``, as ``_enforcement_window`` counts it); ("", "") otherwise."""
    from workstation.document_clocks import deemed_of
    from workstation.documents.addressee import PARTY_KEY

    found = deemed_of(db, case, values.get(PARTY_KEY) or None).get("served_on")
    if not recorded or found is None or found[1] <= recorded:
        return "", ""
    return found


def _enforcement(db: Database, case: Case, values: dict) -> str | None:
    """强制执行申请书 (行政强制法 arts. 53, 54): only once ten working days after the 催告书's service have run and the
    party can no longer challenge the decision — its time to apply for reconsideration (60 days) and to sue (6
    months) after the decision's service expired, or, after a reconsideration or a lawsuit, the time to sue after it
    or the lawsuit itself, or a deferral of the payment ended: the start of T16, as the case's clocks count it
    (``document_clocks.enforcement_window``). Later than the three months of T16 it is warned of
    (``_late_enforcement``)."""
    signed = _day(values.get("signed_on"))
    demand, served = _day(values.get("demand_served_on")), _day(values.get("decision_served_on"))
    refusal = _recorded_services(db, case, values, demand, served)
    if refusal:
        return refusal
    window = _enforcement_window(db, case, values, served) if served is not None else None
    if demand is None:
        text = _("The 催告书送达日期 is empty: the court is applied to only after the party was served a 催告书 and "
                 "did not perform within ten working days (行政强制法 art. 54). Issue and serve the 催告书 first, "
                 "then write the day it was served.")
        if window is None:
            return text
        if window.pending:
            return f"{text} {_pending_challenge(window)}"
        return text + _(" After those ten working days the application also waits until the party's time to apply "
                        "for reconsideration or to sue after the decision was served ({served}) has run on {end} "
                        "(行政强制法 art. 53): the court is applied to from {first} at the earliest.").format(
            served=served, end=window.first - dt.timedelta(days=1), first=window.first)
    if window is None:
        return _("The 决定书送达日期 is empty: the application waits until the party's time to apply for "
                 "reconsideration or to sue after the decision was served has run (行政强制法 art. 53). Write the day "
                 "the decision was served.")
    demand_end = demand_period_end(demand, db)
    if signed and signed <= demand_end:
        return join_sentences([_("The 申请日期 ({signed}) is within the ten working days after the 催告书 was served "
                                 "({served}), which run until {end} (行政强制法 art. 54): date the application {first} "
                                 "or later.").format(signed=signed, served=demand, end=demand_end,
                                                     first=demand_end + dt.timedelta(days=1)),
                               demand_count_note(db, demand)])
    if window.pending:
        return _pending_challenge(window)
    if signed and signed < window.first and window.moved:
        return _("The 申请日期 ({signed}) is before {first}: the party challenged the decision (a reconsideration or a "
                 "lawsuit recorded) or was allowed to defer its payment, so the court is applied to once that has run "
                 "its course, from {first} until {last} (行政强制法 art. 53; T16 on the case's 期限 tab shows how it "
                 "is counted).").format(signed=signed, first=window.first, last=window.last)
    if signed and signed < window.first:
        return _("The 申请日期 ({signed}) is before the party's time to apply for reconsideration (60 days) or to sue "
                 "(6 months) after the decision was served ({served}) has expired on {end} (行政强制法 art. 53): the "
                 "court is applied to from {first} until {last}.").format(
            signed=signed, served=served, end=window.first - dt.timedelta(days=1), first=window.first,
            last=window.last)
    return None


def _late_enforcement(db: Database, case: Case, values: dict) -> list[str]:
    """A 强制执行申请书 dated after the three months T16 gives the bureau once the party can no longer challenge the
    decision (行政强制法 art. 53): told, not refused — the court decides whether a late application has good cause."""
    signed, served = _day(values.get("signed_on")), _day(values.get("decision_served_on"))
    if signed is None or served is None:
        return []
    window = _enforcement_window(db, case, values, served)
    if window.last is None or signed <= window.last:
        return []
    return [_("The 申请日期 ({signed}) is after the three months the bureau has to apply to the court once the party "
              "can no longer challenge the decision, which ran from {first} until {last} (行政强制法 art. 53; T16): "
              "the court may refuse a late application. Issue it all the same if that is when it is made, and record "
              "in the case file why it came late.").format(signed=signed, first=window.first, last=window.last)]


#: the 分期缴纳罚款通知书's instalments in their order, as (amount field, date field)
INSTALMENTS = tuple((f"instalment{n}_fen", f"instalment{n}_on") for n in range(1, 5))
DEFERRAL_DATES = ("deferred_to", *(on for _amount, on in INSTALMENTS))


def _deferral(db: Database, case: Case, values: dict) -> str | None:
    """延期/分期缴纳罚款通知书 (行政处罚法 art. 66): it defers a fine the party's decision in force imposed and the
    party has not paid (``_deferred_fine``), in instalments that fall due one after another (``_instalments``); the
    deferred date and each instalment's come after the notice itself (a party told of a time limit already passed
    could not keep it)."""
    from workstation.documents.drafts import find_form

    form = find_form("payment_deferral_notice")
    refusal = _deferred_fine(db, case, form, values) or _instalments(form, values)
    if refusal:
        return refusal
    signed = str(values.get("signed_on") or "")[:10]
    for name in DEFERRAL_DATES:
        due = str(values.get(name) or "")[:10]
        if signed and due and due < signed:
            return _("The {label} ({due}) is before the notice's own date ({signed}): the party cannot pay by a day "
                     "already passed. Pick {signed} or later, or date the notice the day it was approved.").format(
                label=form.field(name).label, due=due, signed=signed)
    return None


def _demand_in_deferral(db: Database, case: Case, values: dict) -> str | None:
    """催告书: not dated within the period an issued 延期/分期缴纳罚款通知书 in force approved (from its date to its
    延期至 or last instalment) while that deferral is not recorded among the case's deadlines — the payment period
    and the surcharge, which it moves (``clocks.deferred_by``), would still be counted without it; nor within a
    deferral recorded (暂缓或分期缴纳罚款 on the 期限 tab, ``clock_events.deferred_on``) of the party or the whole
    case — one approved after the time to pay ran out too, which leaves the payment deadline the surcharge counts
    from as it was: the party is not late while it runs (行政处罚法 art. 66; 行政强制法 art. 54)."""
    from workstation.demand_surcharge import enforced
    from workstation.payments import unrecorded_deferral
    from workstation.store.clock_events import deferred_on, demand_from

    signed = str(values.get("signed_on") or "")[:10]
    if not signed:
        return None
    found = enforced(db, case, values, "催告书")
    notice = unrecorded_deferral(db, case, signed, found.party_id or None)
    if notice is None:
        deferred = deferred_on(db, case, signed, found.party_id or None)
        if deferred is None:
            return None
        return deferred.refusal(signed, demand_from(db, case, found.party_id or None)[0])
    return _("The 延期/分期缴纳罚款通知书 {number} of {signed_on} defers the payment until {end}, and this 催告书 is "
             "dated {date}, within it: the party is not late while it runs. That deferral is not recorded among the "
             "case's deadlines, so the surcharge is still counted as if there were none. Record the deferral (期限事项 "
             "“{event}”, in the case's {tab} section, {button}) or date the 催告书 after {end}.").format(
        number=notice.number, signed_on=notice.signed_on, end=notice.ends_on, date=signed,
        event=shown_label("clock_events", "deferral"), tab=_("Deadlines"), button=_("Record clock event…"))


def _deferred_fine(db: Database, case: Case, form, values: dict) -> str | None:
    """Why the 延期/分期缴纳罚款通知书 cannot defer its 罚款 (None when it can): the party has no fine in force — its
    decision imposes none (a warning alone), none is recorded, or a reconsideration or lawsuit revoked it, declared it
    void or changed it to none —, or the case records it paid; the 罚款 written is more than is left unpaid of it, or,
    nothing being paid, is not the fine in force (as a reconsideration or lawsuit changed it, when one did), which the
    notice defers.
    The decision is the party's as the 催告书 enforces it (``demand_surcharge.enforced``): a party of a case with
    several parties whose own decision is not known is held to the case's total for all of them, an upper limit."""
    from workstation.clocks import VOID
    from workstation.demand_surcharge import enforced
    from workstation.money import figures
    from workstation.penalty_terms import changed_fine
    from workstation.store.clock_events import annulled_by

    title = form.title
    found = enforced(db, case, values, title)
    if found.undecided:
        return found.undecided
    if (revoked := annulled_by(db, case, found.party_id)) is not None and revoked.kind == VOID:
        return _("The penalty decision was declared void on {date} ({number}): no fine is in force, so there is none "
                 "for a {title} to defer.").format(date=revoked.starts_on, number=revoked.approved_by, title=title)
    if revoked is not None:
        return _("The penalty decision was revoked on {date} ({number}): no fine is in force, so there is none for a "
                 "{title} to defer.").format(date=revoked.starts_on, number=revoked.approved_by, title=title)
    changed = changed_fine(db, case, found.party_id)
    in_force = found.fine_fen if changed is None else changed
    if not in_force:
        return _("The decision {decision} imposes no fine (a warning alone, a fine changed to none on reconsideration "
                 "or in court, or no fine recorded on the case): a {title} defers the payment of a fine, so there is "
                 "nothing to defer. If the decision did impose a fine, record it on the case, or issue its "
                 "行政处罚决定书 first.").format(decision=found.decision, title=title)
    paid, on = _fine_paid(db, case, found.party_id, in_force + found.confiscated_fen)
    unpaid = min(in_force, max(in_force + found.confiscated_fen - paid, 0))
    if on is not None and not unpaid:
        return _("The fine of the decision {decision} is paid: the case records {paid} paid on {date}, so there is "
                 "nothing left for a {title} to defer. If the payment was recorded by mistake, correct it on the case "
                 "first.").format(decision=found.decision, paid=figures(paid), date=on or "—", title=title)
    amount, label = int(values.get("fine_fen") or 0), form.field("fine_fen").label
    if amount > unpaid and (found.unknown or on is not None):
        return join_sentences([found.unknown, _(
            "The {label} ({amount}) is more than the fine left unpaid: the decision {decision} imposes {fine} and the "
            "case records {paid} paid, so {due} at most. Write the fine the party has not paid.").format(
            label=label, amount=figures(amount), decision=found.decision, fine=figures(in_force),
            paid=figures(paid), due=figures(unpaid))])
    if found.unknown or on is not None or amount == in_force:
        return None
    if changed is not None:  # the fine as changed is the one in force, not the one decided
        from workstation.store.clock_events import fine_changes, outcome_text

        change = fine_changes(db, case, found.party_id)[-1]
        return _("The {label} ({amount}) is not the fine in force ({fine}): the decision {decision} imposed {decided}, "
                 "changed to {fine} on {date} ({outcome}). The notice defers the fine in force: write {fine}.").format(
            label=label, amount=figures(amount), decision=found.decision,
            decided=figures(_decided_fine(db, case, found.party_id)), date=change.starts_on,
            outcome=outcome_text(change, db), fine=figures(in_force))
    return _("The {label} ({amount}) is not the fine the decision {decision} imposed ({fine}): the notice defers "
             "that fine and states it as the decision's. Write {fine}.").format(
        label=label, amount=figures(amount), decision=found.decision, fine=figures(in_force))


def _fine_paid(db: Database, case: Case, party_id: str | None, total: int) -> tuple[int, str | None]:
    """(what the party paid of its fine and confiscated gains ``total``, the day paid) as the case records its
    payment (履行完毕, or the party's own): the amount given less the surcharge in it, else ``total``; (0, None)
    without a payment recorded."""
    from workstation.payments import recorded_payment

    recorded = recorded_payment(db, case, party_id)
    if recorded is None:
        return 0, None
    day, payment = recorded
    return (total if payment.paid_fen is None else max(payment.paid_fen - payment.surcharge_fen, 0)), day


def _decided_fine(db: Database, case: Case, party_id: str | None = None) -> int:
    """The fine the party's decision in force imposed as the documents state it (``documents.decision_fine_fen``:
    its 行政处罚决定书's or 当场行政处罚决定书's, else the case's), before any change on reconsideration or in court."""
    from workstation.formkit.spec import load_forms
    from workstation.formkit.values import current_decision, decided_context

    forms = load_forms()[0]
    decision = current_decision(db, case, forms, party_id)
    return int(decided_context(case, forms, decision)["documents.decision_fine_fen"] or 0)


def _instalments(form, values: dict) -> str | None:
    """Why the instalments of a 分期缴纳罚款通知书 cannot be issued (None when they can, and for a deferral to one
    date): none is given an amount (the amounts given adding up to the 罚款 is the form's ``sums``), a date is given
    to an instalment without an amount (not printed, it would still end the deferral recorded, ``event_until``), an
    instalment is left empty before one written (第一期 and 第三期 without 第二期), or an instalment falls due on or
    before the one before it."""
    if not values.get("by_instalments"):
        return None
    if not any(values.get(amount) for amount, _on in INSTALMENTS):
        return _("“{ticked}” is ticked but no instalment's amount is given: write each instalment's amount and date "
                 "(the amounts add up to the {fine}), or untick it to defer the whole fine to one date.").format(
            ticked=form.field("by_instalments").label, fine=form.field("fine_fen").label)
    before, skipped = None, None
    for amount, on in INSTALMENTS:
        due = str(values.get(on) or "")[:10]
        if due and not values.get(amount):
            return _("The {date} ({due}) is written but the {amount} is empty: an instalment without its amount is not "
                     "printed. Write its amount, or clear its date.").format(
                date=form.field(on).label, due=due, amount=form.field(amount).label)
        if not values.get(amount):
            skipped = skipped or (amount, on)
            continue
        if skipped:  # the instalments are numbered in order: none is left out before one written
            return _("The {amount} and the {date} are empty, yet the {later} after them is filled in: the instalments "
                     "are numbered one after another and none is skipped. Write that instalment, or move the later "
                     "ones up into its place.").format(amount=form.field(skipped[0]).label,
                                                       date=form.field(skipped[1]).label,
                                                       later=form.field(amount).label)
        if due and before and due <= before[1]:
            return _("The {label} ({due}) is not after the {previous} ({before}): each instalment falls due after the "
                     "one before it. Correct the dates so that they follow the order of the instalments.").format(
                label=form.field(on).label, due=due, previous=form.field(before[0]).label, before=before[1])
        before = (on, due) if due else before
    return None


def _hearing_requested(db: Database, case: Case) -> bool:
    row = db.execute("SELECT 1 FROM case_events WHERE case_id = ? AND kind = 'transition' AND to_status = "
                     "'hearing' LIMIT 1", [case.id]).fetchone()
    return case.status == "hearing" or row is not None


def _hearing_given_up(db: Database, case: Case, title: str) -> str | None:
    """Why no ``title`` is written for the hearing asked for: the party withdrew its request (撤回听证申请) or did not
    appear at the hearing without good reason, which gives it up (行政处罚法 art. 64 (6)), and asked for none since
    (``procedure.hearing_given_up``: a corrected notice served again, the party asking anew); in a case with several
    parties each asking for its own hearing, once every party that asked gave its hearing up
    (``procedure.hearings_given_up``). None while a hearing asked for stands, or was held."""
    from workstation.procedure import hearing_given_up, hearing_requests, hearings_given_up

    parties = parties_of_case(db, case.id)
    asked = hearing_requests(db, case) if len(parties) > 1 else {}
    if asked:
        given_up = hearings_given_up(db, case)
        if any(party_id not in given_up for party_id in asked):
            return None
        steps = [(party_id, *given_up[party_id], asked[party_id]) for party_id in asked]
    else:
        found = hearing_given_up(db, case, None, parties)
        # the hearing step recorded last is a request: the party asked again after it gave the hearing up
        last = db.execute("SELECT to_status FROM case_events WHERE case_id = ? AND kind = 'transition' AND "
                          "(to_status = 'hearing' OR from_status = 'hearing') ORDER BY on_date DESC, at DESC, "
                          "rowid DESC LIMIT 1", [case.id]).fetchone()
        if found is None or (last and last[0] == "hearing"):
            return None
        steps = [(parties[0].id if parties else None, *found)]
    return _given_up_text(parties, steps, title)


def _given_up_text(parties, steps, title: str) -> str:
    """Why no ``title`` is written: each of ``steps`` ((party id, step, day, asked on)) a hearing given up."""
    names = {party.id: party.name for party in parties}
    reasons = []
    for party_id, step, day, on in steps:
        name = names.get(party_id) or _("The party")
        if step == "withdraw_hearing":
            reasons.append(_("{party} withdrew its hearing request on {day} (asked for on {asked})").format(
                party=name, day=day, asked=on))
        else:
            reasons.append(_("{party} did not appear at its hearing on {day} without good reason (asked for on "
                             "{asked}), which gives the hearing up (行政处罚法 art. 64 (6))").format(
                party=name, day=day, asked=on))
    return _("{reasons}: no hearing is held, so no {title} is written. If that step was recorded in error, undo it "
             "first (撤销上一步).").format(reasons=join_reasons(reasons), title=title)


def _undecided_party(db: Database, case: Case) -> bool:
    from workstation.party_decisions import undecided_parties

    return len(parties_of_case(db, case.id)) > 1 and bool(undecided_parties(db, case))


#: the documents of the hearing after its notice: held only on the party's request and before the decision
HEARING_DOCUMENTS = ("hearing_record", "hearing_report")
#: the dates of each that the hearing set by the 听证通知书 in force may not follow ({form id: (field, …)})
_HEARING_DATES = {"hearing_record": ("time_from",), "hearing_report": ("hearing_from", "reported_on")}


def _hearing_state(db: Database, case: Case, form_id: str) -> str | None:
    """行政处罚听证通知书, 听证笔录 and 听证报告 (行政处罚法 arts. 63, 64): for a party that asked for a hearing, before
    the decision (the workstation holds no hearing of its own motion: the step 要求听证 is the party's), and not
    once the party gave the hearing it asked for up (``_hearing_given_up``). One refusal for the three, each naming
    its own title. A case decided without the 听证笔录 or 听证报告 of the hearing held before its decision may still
    have it issued (``_late_hearing_parties``)."""
    from workstation.documents.drafts import find_form

    title = find_form(form_id).title
    if case.status in DECIDED_STATES + ENDED_STATES and not _undecided_party(db, case) \
            and not _late_hearing_parties(db, case, form_id):
        return _after_decision(case, title)
    if not _hearing_requested(db, case):
        return _("No hearing request is recorded in this case, so no {title} can be written: a hearing is held "
                 "only when the party asks for one within five working days after the 行政处罚告知书 was served "
                 "(行政处罚法 art. 64). Record the step “{action}” first.").format(
            title=title, action=shown_label("transitions", "request_hearing"))
    return _hearing_given_up(db, case, title)


def _after_decision(case: Case, title: str) -> str:
    """Why the hearing document ``title`` is not issued in a case decided or ended (``_hearing_state``)."""
    return _("The case is “{status}”: a hearing is held before the decision, not after it, so no {title} is "
             "issued now.").format(status=shown_label("statuses", case.status), title=title)


def _late_hearing_parties(db: Database, case: Case, form_id: str, parties: list | None = None) -> list[str | None]:
    """The parties (None: the case's, of a case with one party) of a case decided without the 听证笔录 or 听证报告
    ``form_id`` of the hearing held for them on or before its decision (decided by an earlier version, or its status
    edited or imported): the record of a hearing that was held may still be issued, the decision having rested on
    it (行政处罚法 art. 65). Empty for the 听证通知书, a case not decided, or no such hearing. ``parties``: the case's
    parties (``parties_of_case``) when the caller has them already."""
    if form_id not in HEARING_DOCUMENTS or case.status not in DECIDED_STATES:
        return []
    from workstation.procedure import missing_hearing_documents

    if parties is None:
        parties = parties_of_case(db, case.id)
    decided = str(case.decided_on or "")[:10]
    late: list[str | None] = []
    for party_id in [party.id for party in parties] if len(parties) > 1 else [None]:
        held, missing = missing_hearing_documents(db, case, party_id, parties)
        if held and form_id in missing and (not decided or held <= decided):
            late.append(party_id)
    return late


def notice_hearing_date(db: Database, case: Case, party_id: str | None = None) -> tuple[str, dt.date] | None:
    """(文号, 听证日期) of the 听证通知书 in force issued last (to ``party_id`` in a case with several parties), None
    when none in force gives a hearing date."""
    import json

    from workstation.documents.addressee import party_condition

    condition, params = party_condition(db, case, party_id, "d")
    rows = db.execute(f"SELECT COALESCE(d.number, ''), d.values_json FROM documents d WHERE d.case_id = ? AND "
                      f"d.form_id = 'hearing_notice' AND d.status = 'issued'{condition} AND NOT EXISTS (SELECT 1 FROM "
                      f"documents s WHERE s.supersedes_id = d.id AND s.status = 'issued') ORDER BY d.issued_at DESC, "
                      f"d.rowid DESC", [case.id, *params]).fetchall()
    for number, values in rows:
        try:
            day = _day(str(json.loads(values or "{}").get("hearing_date") or "")[:10] or None)
        except ValueError:
            continue
        if day:
            return number, day
    return None


def _unasked_hearing(db: Database, case: Case, values: dict, form_id: str) -> str | None:
    """行政处罚听证通知书, 听证笔录 and 听证报告 of a case with several parties: only for a party that asked for its own
    hearing (``procedure.hearing_requests``), not for one whose request another party's stands in for (Penalty Law
    art. 64: the hearing is the party's, on its request). A case whose requests record no party (the case's own, one
    party) is held to ``_hearing_state`` only."""
    from workstation.documents.addressee import PARTY_KEY
    from workstation.documents.drafts import find_form
    from workstation.procedure import hearing_requests, hearings_given_up

    parties = parties_of_case(db, case.id)
    asked = hearing_requests(db, case) if len(parties) > 1 else {}
    party_id = (values.get(PARTY_KEY) or parties[0].id) if parties else None
    if not asked or party_id is None:
        return None
    if party_id in asked:  # its own hearing, unless it withdrew its request or stayed away (art. 64 (6))
        given_up = hearings_given_up(db, case).get(party_id)
        return _given_up_text(parties, [(party_id, *given_up, asked[party_id])], find_form(form_id).title) \
            if given_up else None
    name = next((p.name for p in parties if p.id == party_id), party_id)
    askers = "、".join(p.name for p in parties if p.id in asked)
    return _("{party} did not ask for a hearing, so no {title} is written for it: in this case only {askers} asked "
             "(行政处罚法 art. 64: a hearing is held on the party's own request). Choose the party who asked, or record "
             "the step “{action}” for {party} if it asked in time.").format(
        party=name, title=find_form(form_id).title, askers=askers, action=shown_label("transitions", "request_hearing"))


def _hearing_document(db: Database, case: Case, values: dict, form_id: str) -> str | None:
    """听证笔录 and 听证报告: for the party that asked (``_unasked_hearing``), not dated before the hearing the
    听证通知书 in force set (a record or report of a hearing not yet held); in a case with several parties decided,
    only for a party whose hearing held before the decision lacks it (``_late_hearing_parties``)."""
    from workstation.documents.addressee import PARTY_KEY
    from workstation.documents.drafts import find_form

    unasked = _unasked_hearing(db, case, values, form_id)
    if unasked:
        return unasked
    parties = parties_of_case(db, case.id)
    if len(parties) > 1 and case.status in DECIDED_STATES and not _undecided_party(db, case) and (
            values.get(PARTY_KEY) or parties[0].id) not in _late_hearing_parties(db, case, form_id, parties):
        return _after_decision(case, find_form(form_id).title)
    found = notice_hearing_date(db, case, values.get(PARTY_KEY))
    if found is None:
        return None
    number, hearing = found
    form = find_form(form_id)
    for name in _HEARING_DATES[form_id]:
        day = _day(values.get(name))
        if day and day < hearing:
            return _("The {label} ({day}) is before the 听证日期 ({hearing}) the 听证通知书 {number} set: the {title} "
                     "is written at or after the hearing. Correct the date, or, if the hearing was moved, issue a "
                     "corrected 听证通知书 first.").format(label=form.field(name).label, day=day, hearing=hearing,
                                                         number=number or _("(no number)"), title=form.title)
    return None


#: the fields naming who holds the hearing, who must not be the case's investigators (行政处罚法 art. 64(4))
HEARING_OFFICER_FIELDS = ("chair", "members")
HEARING_OFFICER_FORMS = ("hearing_notice", *HEARING_DOCUMENTS)
_NAME_SEPARATORS = re.compile(r"[、，,；;/]+")
_SPACES = re.compile(r"\s+")
# what may follow a name in brackets (罗建华（执法证号44060001）) and the words joining two names (罗建华和杨伟明)
_BRACKETED = re.compile(r"[（(][^（）()]*[）)]")
_NAME_JOINERS = re.compile(r"[和及与]")


def _named_among(text: str, names: set[str]) -> list[str]:
    """The names of ``names`` (written without spaces) that ``text`` names, its names set apart by 、，,；;/: each
    compared with its spaces removed (罗　建华 is 罗建华), and each word of one holding a space (王明 黄丽娟, two
    names); what is in brackets after a name (罗建华（执法证号44060001）) left out, and names joined by 和, 及 or 与
    (罗建华和杨伟明) each compared too (a name holding one of these words is still compared whole)."""
    found = []
    for part in _NAME_SEPARATORS.split(_BRACKETED.sub(" ", text)):
        joined = [_SPACES.sub("", piece) for piece in _NAME_JOINERS.split(part)]
        for candidate in (_SPACES.sub("", part), *_SPACES.split(part.strip()), *joined):
            if candidate in names and candidate not in found:
                found.append(candidate)
    return found


def _agents_refusal(form_id: str, values: dict) -> dict[str, str]:
    """The 听证笔录's or 听证报告's 委托代理人 naming more than two (``hearing.agents_refusal``)."""
    from workstation.documents.drafts import find_form
    from workstation.formkit.hearing import AGENT_FORMS, agents_refusal

    return agents_refusal(find_form(form_id), values) if form_id in AGENT_FORMS else {}


def field_refusals(db: Database, case: Case, form_id: str, values: dict) -> dict[str, str]:
    """{field label: why} for the values of a case's document the law refuses in a field (``issuing.check_issue``
    raises them as a ValidationError): the 听证主持人 or a 听证员 of the 听证通知书, 听证笔录 or 听证报告 who is one
    of the case's officers — the hearing is held by staff who did not investigate the case (行政处罚法 art. 64(4));
    the 询问笔录 whose officers took part in another one at an overlapping time (``record_overlap``), or whose
    性别 or 出生年月 contradicts its ID number (``interviewee_identity``); the 当场行政处罚决定书 collecting its fine on
    the spot where Penalty Law arts. 68, 70 do not allow it or with a 专用票据 of another case (``on_the_spot_payment``),
    or dated on a day its case decided on the spot cannot take (``procedure.on_the_spot_day_refusals``)."""
    from workstation.documents.interviewee_identity import identity_refusals
    from workstation.documents.record_overlap import overlap_refusals
    from workstation.on_the_spot_payment import collection_refusals, receipt_refusals
    from workstation.procedure import on_the_spot_day_refusals

    if refused := identity_refusals(form_id, values) or overlap_refusals(db, form_id, values) \
            or collection_refusals(form_id, values) or receipt_refusals(db, case, form_id, values) \
            or on_the_spot_day_refusals(db, case, form_id, values) or _jurisdiction_errors(db, case, form_id, values) \
            or _agents_refusal(form_id, values) or _notice_before_review(case, form_id, values):
        return refused
    if form_id not in HEARING_OFFICER_FORMS or not case.officer_ids:
        return {}
    from workstation.documents.drafts import find_form

    marks = ",".join("?" * len(case.officer_ids))
    investigators = {_SPACES.sub("", row[0]) for row in db.execute(f"SELECT name FROM officers WHERE id IN ({marks})",
                                                                 list(case.officer_ids)) if row[0]}
    form = find_form(form_id)
    errors = {}
    for name in HEARING_OFFICER_FIELDS:
        named = _named_among(str(values.get(name) or ""), investigators)
        if named:
            field = form.field(name).label
            errors[field] = _("{names} investigated this case (a case officer) and cannot be its {field}: the hearing "
                              "is held by staff the bureau designates who did not investigate the case (行政处罚法 "
                              "art. 64(4)). Name another officer.").format(names="、".join(named), field=field)
    return errors


def _notice_before_review(case: Case, form_id: str, values: dict) -> dict[str, str]:
    """The 行政处罚告知书 dated (its 告知日期) before the case's file went to review (``case.review_on``): it tells the
    party 现已调查终结 and the penalty the review led to (REFERENCE §1.1: 调查终结, 审核, then 告知), so it bears that
    day or a later one. {} when it does, or the case records no day of review."""
    review_on, dated = str(case.review_on or "")[:10], str(values.get("issued_on") or "")[:10]
    if form_id != "pre_penalty_notice" or not review_on or not dated or dated >= review_on:
        return {}
    from workstation.documents.drafts import find_form

    return {find_form(form_id).field("issued_on").label: _(
        "The notice tells the party that the investigation is concluded (现已调查终结) and of the penalty its review "
        "led to, and the case went to review on {review}: date it {review} or later, not {date}.").format(
        review=review_on, date=dated)}


def _jurisdiction_errors(db: Database, case: Case, form_id: str, values: dict) -> dict[str, str]:
    """The 案件移送函 to the case's own bureau, one of its town offices or the bureau above; the 指定管辖通知书 naming
    other than bureaus under the designating one, each once (``jurisdiction.jurisdiction_errors``)."""
    if form_id not in ("case_transfer_letter", "jurisdiction_notice"):
        return {}
    from workstation.documents.drafts import find_form
    from workstation.documents.jurisdiction import jurisdiction_errors

    return jurisdiction_errors(db, case.agency_id, find_form(form_id), values)


def _designating(db: Database, case: Case) -> str | None:
    """指定管辖通知书: issued only by a bureau with bureaus under it (``jurisdiction.designating_refusal``)."""
    from workstation.documents.jurisdiction import designating_refusal

    return designating_refusal(db, case.agency_id)


#: the 处理方式 of the 涉案物品处理记录 that take the items for good: only under a decision confiscating them, or for
#: items the case holds (seized, preserved) disposed of early
FINAL_DISPOSALS = ("销毁", "拍卖", "上缴国库")


def _issued(db: Database, case: Case, *form_ids: str) -> bool:
    marks = ",".join("?" * len(form_ids))
    return db.execute(f"SELECT 1 FROM documents WHERE case_id = ? AND status = 'issued' AND form_id IN ({marks}) "
                      f"LIMIT 1", [case.id, *form_ids]).fetchone() is not None


def _recorded(db: Database, case: Case, kind: str) -> bool:
    return db.execute("SELECT 1 FROM clock_events WHERE case_id = ? AND kind = ? LIMIT 1",
                      [case.id, kind]).fetchone() is not None


#: the 涉案物品处理记录, checked against the goods the case's measures still hold (``_disposed_items``)
DISPOSAL_RECORD = "items_disposal_record"
#: its 处理方式 giving the goods back, which only goods held can be, whatever a decision confiscated
RETURNED = "退还当事人"


def _confiscating(db: Database, case: Case) -> bool:
    """Whether a penalty decision of the case may have confiscated the goods a 涉案物品处理记录 disposes of: one in
    force confiscating illegal property, or one decided on paper (what it confiscated is not known here)."""
    from workstation.penalty_terms import decisions_in_force

    decisions = decisions_in_force(db, case)
    return any(d.terms.confiscated_property for d in decisions) or (not decisions and _decided_elsewhere(db, case))


def _disposed_items(db: Database, case: Case, values: dict, supersedes: str | None = None) -> str | None:
    """涉案物品处理记录 disposing of an item no 先行登记保存证据通知书 or 实施行政强制措施决定书 in force issued here held,
    one no longer held (released, transferred, disposed of), or more of one than they still hold together
    (``measures.disposal_problems``; a correction not counting the record it corrects): the record states what
    became of goods the case held, and the 结案审批表 tells them from it. Under a decision confiscating property
    (``_confiscating``: goods handed over at the decision need not have been seized) only warned of
    (``_disposed_items_warnings``), unless the goods are given back (退还当事人: only goods held are)."""
    from workstation.formkit.measures import disposal_problems

    if str(values.get("method") or "") != RETURNED and _confiscating(db, case):
        return None
    problems = disposal_problems(db, case, values.get("items"), supersedes)
    if not problems:
        return None
    return _("The items of this 涉案物品处理记录 do not match the goods the case's 先行登记保存证据通知书 and "
             "实施行政强制措施决定书 still hold: {problems}. It records what became of goods the case held (the "
             "结案审批表 tells them from it). Remove or correct those lines; goods held on paper are held by a document "
             "to issue or record first.").format(problems="; ".join(problems))


def _disposed_items_warnings(db: Database, case: Case, values: dict) -> list[str]:
    """What ``_disposed_items`` refuses, told instead under a decision confiscating property (the confiscated goods
    may have been handed over at the decision, not seized). The record warned of is not counted against itself: a
    correction's (``CORRECTS``, the record it replaces), nor, as ``_held_again``, the record the command line tells
    its warnings of once issued (in the transaction issuing it, the case's last in force, with these very values),
    nor the one that record corrects."""
    from workstation.documents.issuing import in_force_of_form
    from workstation.formkit.measures import disposal_problems

    if str(values.get("method") or "") == RETURNED or not _confiscating(db, case):
        return []
    excluded = [values.get(CORRECTS)]
    if db.conn.in_transaction:
        records = in_force_of_form(db, case.id, DISPOSAL_RECORD)
        if records and records[-1].values == values:
            excluded += [records[-1].id, records[-1].supersedes_id]
    problems = disposal_problems(db, case, values.get("items"), *excluded)
    if not problems:
        return []
    return [_("The items of this 涉案物品处理记录 do not all match the goods the case's 先行登记保存证据通知书 and "
              "实施行政强制措施决定书 still hold: {problems}. Goods confiscated by the decision but never seized may be "
              "disposed of; check the lines against what was confiscated.").format(problems="; ".join(problems))]


def _items_disposal(db: Database, case: Case, values: dict, supersedes: str | None = None) -> str | None:
    """涉案物品处理记录: its items checked against the goods the case still holds (``_disposed_items``); and
    items are destroyed, auctioned or handed to the treasury only once the bureau may dispose of
    them: under a decision in force confiscating them (没收非法财物); disposed of early, with a 先行处置物品确认书 or
    先行处置物品公告 issued (``EARLY_DISPOSAL_FORMS``); or, auctioned, seized goods covering the fine a decision in
    force imposes (行政强制法 art. 46(3)). A seizure (实施行政强制措施决定书, 查封扣押 recorded) or a 先行登记保存 only
    holds the goods — they end confiscated by a decision or released (行政强制法 art. 28; 行政处罚法 art. 56) — and
    is no ground by itself: the refusal names what holds them and what is missing (``_disposal_refusal``)."""
    return _disposal_method(db, case, values) or _disposed_items(db, case, values, supersedes)


def _disposal_method(db: Database, case: Case, values: dict) -> str | None:
    """涉案物品处理记录 destroying, auctioning or handing over to the treasury without a ground (``_items_disposal``)."""
    from workstation.penalty_terms import decisions_in_force

    method = str(values.get("method") or "")
    if method not in FINAL_DISPOSALS:
        return None
    decisions = decisions_in_force(db, case)
    if any(d.terms.confiscated_property for d in decisions) or _issued(db, case, *EARLY_DISPOSAL_FORMS):
        return None
    if not decisions and _decided_elsewhere(db, case):  # its decision is on paper: warned of (``_disposal_warnings``)
        return None
    fined = any(d.terms.fine_fen for d in decisions)
    seized = _issued(db, case, "compulsory_measure_decision") or _recorded(db, case, "seizure")
    if method == AUCTION and fined and seized:  # art. 46(3): seized goods auctioned to pay the fine, once demanded
        missing = _auction_missing(db, case)
        return _auction_refusal(missing) if missing else None
    return _disposal_refusal(db, case, method, fined, seized)


def _decided_elsewhere(db: Database, case: Case) -> bool:
    """Whether the case records its penalty decided without a 行政处罚决定书 issued here (decided on paper, or imported
    from a register): a 决定日期 and a fine or confiscation recorded, and no 行政处罚决定书 (in force or voided) in its
    documents. What that decision confiscated is not known here (``_disposal_warnings``)."""
    from workstation.penalty_terms import DECISION_FORM

    if not case.decided_on or not (case.fine_fen or case.confiscated_fen):
        return False
    return db.execute("SELECT 1 FROM documents WHERE case_id = ? AND form_id = ? LIMIT 1",
                      [case.id, DECISION_FORM]).fetchone() is None


def _auction_missing(db: Database, case: Case) -> list[str]:
    """What an auction of seized goods to cover the fine (行政强制法 art. 46(3)) still lacks besides the fine decided
    and the goods seized: the 催告 (a 催告书 served, clock event ``demand`` under the decision in force, as
    ``enforcement`` reads it for the 强制执行申请书), and the fine left unpaid (the decision performed, 履行完毕, or
    every party paid: nothing is left to cover). Empty when nothing is."""
    from workstation.enforcement import demand_days

    missing = []
    if not demand_days(db, case, None):
        missing.append(_("no 催告书 is recorded as served since the decision (“{event}”, Case → Time limits): the party "
                         "is demanded to perform first (行政强制法 art. 35)").format(
            event=shown_label("clock_events", "demand")))
    if _fine_performed(db, case):
        missing.append(_("the fine was paid (履行完毕 recorded): nothing is left to cover"))
    return missing


def _fine_performed(db: Database, case: Case) -> bool:
    """Whether the fine decided was paid in full: in a case with several parties, every party owing paid
    (``party_decisions.all_paid``); else its 履行完毕 recorded since the decision (a payment of part keeps the case
    served, ``payments.part_left``; the rest waived or reduced is recorded so too, 行政强制法 art. 42)."""
    if len(parties_of_case(db, case.id)) > 1:
        from workstation.party_decisions import all_paid, party_payments

        return any(item.owes for item in party_payments(db, case)) and all_paid(db, case)
    from workstation.payments import under_decision_in_force

    in_force, since = under_decision_in_force(case.decided_on or "")
    performed = db.execute("SELECT 1 FROM case_events WHERE case_id = ? AND kind = 'transition' AND to_status = "
                           f"'performed' AND {in_force} LIMIT 1", [case.id, *since]).fetchone()
    return performed is not None


def _auction_refusal(missing: list[str]) -> str:
    """Why seized goods may not yet be auctioned to cover the fine decided (``_auction_missing``)."""
    return _("Seized goods are auctioned to cover a fine only when the party, demanded to perform (催告), still did not "
             "pay (行政强制法 art. 46(3)), and {missing}. Record the 催告书's service first, or choose another 处理方式."
             ).format(missing=join_reasons(missing))


def _disposal_warnings(db: Database, case: Case, values: dict) -> list[str]:
    """涉案物品处理记录 destroying, auctioning or handing to the treasury the goods of a case decided on paper
    (``_decided_elsewhere``): not refused, as that decision may have confiscated them, but the officer checks it did —
    or, auctioned to cover its fine, that the 催告 was served and the fine is unpaid (``_auction_missing``)."""
    from workstation.penalty_terms import decisions_in_force

    method = str(values.get("method") or "")
    if method not in FINAL_DISPOSALS or decisions_in_force(db, case) or not _decided_elsewhere(db, case):
        return []
    if _issued(db, case, *EARLY_DISPOSAL_FORMS):
        return []
    warning = _("The case's decision of {date} was made on paper (no 行政处罚决定书 issued here): check that it "
                "confiscated the goods (没收非法财物) before they are disposed of by “{method}”.").format(
        date=case.decided_on, method=method)
    if method == AUCTION and (missing := _auction_missing(db, case)):
        warning = join_sentences([warning, _("Auctioned to cover its fine instead (行政强制法 art. 46(3)): {missing}."
                                             ).format(missing=join_reasons(missing))])
    return [warning]


#: the documents of an early disposal (先行处置) of goods held, perishable or costly to keep: the party's
#: confirmation or, the party unknown or absent, the public notice (REFERENCE §2.1 Nos. 27, 28)
EARLY_DISPOSAL_FORMS = ("early_disposal_confirmation", "early_disposal_notice")
#: the 处理方式 by which seized goods cover a fine the party did not pay (行政强制法 art. 46(3))
AUCTION = "拍卖"


def _disposal_refusal(db: Database, case: Case, method: str, fined: bool, seized: bool) -> str:
    """Why the 涉案物品处理记录 may not dispose of the items by ``method`` (``_items_disposal``): no decision
    confiscating them, no early-disposal document, for an auction no fine decided on seized goods (``fined``,
    ``seized``); what holds the goods meanwhile (the 实施行政强制措施决定书 in force by 文号, else the seizure recorded
    by its date, else the 先行登记保存), or that nothing does."""
    from workstation.documents.issuing import in_force_of_form

    sentences = [_("The 处理方式 is “{method}”, but no 行政处罚决定书 in force confiscates the items (没收非法财物) and "
                   "no 先行处置物品确认书 or 先行处置物品公告 is issued: items are destroyed, auctioned or handed to the "
                   "treasury only once confiscated by a decision, or when disposed of early.").format(method=method)]
    if method == AUCTION and not fined:
        sentences.append(_("Seized goods are auctioned to cover a fine only once a 行政处罚决定书 in force imposes it "
                           "and the party did not pay (行政强制法 art. 46(3)); none imposing a fine is in force."))
    elif method == AUCTION:
        sentences.append(_("A 行政处罚决定书 in force imposes a fine, but no seizure is recorded: only goods seized in "
                           "the case are auctioned to cover it (行政强制法 art. 46(3))."))
    numbers = [d.number or d.id for d in in_force_of_form(db, case.id, "compulsory_measure_decision")]
    days = [row[0] for row in db.execute("SELECT starts_on FROM clock_events WHERE case_id = ? AND kind = 'seizure' "
                                         "ORDER BY starts_on", [case.id])]
    if numbers:
        held = _("The 实施行政强制措施决定书 {numbers}").format(numbers="、".join(numbers))
    elif days:
        held = _("The seizure recorded on {dates}").format(dates="、".join(days))
    elif _issued(db, case, "preservation_notice") or _recorded(db, case, "preservation"):
        held = _("The 先行登记保存")
    else:
        held = ""
    sentences.append(_("{held} only holds the goods: they end confiscated by a decision or released (行政强制法 art. "
                       "28; a 先行登记保存 is decided on within seven working days, 行政处罚法 art. 56).").format(
        held=held) if held else _("Nothing here holds the goods either: no seizure (实施行政强制措施决定书, 查封扣押) "
                                  "and no 先行登记保存 is recorded."))
    sentences.append(_("Issue the decision or the early-disposal document first, or choose another 处理方式 (退还当事人, "
                       "移送有关部门)."))
    return join_sentences(sentences)


def _hearing_notice(db: Database, case: Case, values: dict) -> str | None:
    """行政处罚听证通知书 (行政处罚法 arts. 64, 85): sent seven working days before the hearing, counted on the data
    directory's calendar (a holiday file the officer added counts); for the party that asked (``_unasked_hearing``),
    answering its request — dated on or after it, and stating it as recorded (``_notice_request_refusal``)."""
    unasked = _unasked_hearing(db, case, values, "hearing_notice")
    if unasked:
        return unasked
    issued, hearing = _day(values.get("issued_on")), _day(values.get("hearing_date"))
    if refusal := _notice_request_refusal(db, case, values, issued):
        return refusal
    if issued and hearing:
        earliest = _calendar(db).add_workdays(issued, HEARING_NOTICE_WORKDAYS)
        if hearing < earliest:
            return join_sentences([_("The 听证日期 ({hearing}) is less than seven working days after the 通知日期 "
                                     "({issued}): the party is told seven days before the hearing (行政处罚法 arts. "
                                     "64, 85); hold it on {earliest} or later.").format(
                hearing=hearing, issued=issued, earliest=earliest),
                _count_note(db, issued, earliest, HEARING_NOTICE_WORKDAYS)])
    return None


def _notice_request_refusal(db: Database, case: Case, values: dict, issued: dt.date | None) -> str | None:
    """Why the 听证通知书 does not answer the request the case records (None when it does): the notice is sent after
    the party asked (行政处罚法 art. 64), so its 通知日期 is not before the day the case records the request
    (``hearing.requested_on``, the party's own in a case with several) — else the seven working days before the
    hearing would be counted from a notice that could not have been sent —, and the 当事人提出听证要求的日期 it
    prints is that day (without a request recorded, not after the 通知日期)."""
    from workstation.documents.addressee import PARTY_KEY
    from workstation.documents.drafts import find_form
    from workstation.formkit.hearing import requested_on

    parties = parties_of_case(db, case.id)
    asked = requested_on(db, case, values.get(PARTY_KEY), parties)
    try:
        typed = _day(values.get("requested_on"))
    except ValueError:  # refused by the form's own check of the date
        typed = None
    label = find_form("hearing_notice").field("requested_on").label
    if asked and issued and issued.isoformat() < asked:
        return _("The 通知日期 ({issued}) is before the party asked for the hearing on {asked} (the step “{action}” "
                 "recorded): the 听证通知书 answers the party's request (行政处罚法 art. 64), and the seven working "
                 "days before the hearing are counted from a notice that could be sent. Date it {asked} or later, "
                 "and set the hearing seven working days or more after that date.").format(
            issued=issued, asked=asked, action=shown_label("transitions", "request_hearing"))
    if asked and typed and typed.isoformat() != asked:
        return _("The {label} ({typed}) is not the day the case records the party's request ({asked}, the step "
                 "“{action}”): the notice states the request as recorded. Write {asked}, or leave it for the form to "
                 "fill in; if the request was recorded with a wrong day, undo that step first (撤销上一步) and record "
                 "it again with the right day.").format(
            label=label, typed=typed, asked=asked, action=shown_label("transitions", "request_hearing"))
    if typed and issued and typed > issued:
        return _("The {label} ({typed}) is after the 通知日期 ({issued}): the 听证通知书 answers a request already "
                 "made (行政处罚法 art. 64). Correct the day the party asked, or date the notice on or after it."
                 ).format(label=label, typed=typed, issued=issued)
    return None


def _unconfirmed_hearing(db: Database, case: Case, values: dict) -> list[str]:
    """The 行政处罚告知书 not telling a 个体工商户 of a hearing the natural-person amounts would give it, its class being
    unconfirmed (``procedure.unconfirmed_class_warning``): warned of, not refused."""
    from workstation.procedure import unconfirmed_class_warning

    warning = unconfirmed_class_warning(db, case, values)
    return [warning] if warning else []


def _class_hearing_amount(db: Database, case: Case, values: dict) -> list[str]:
    """The 行政处罚告知书 to a party of a kind whose class is unconfirmed (``procedure.UNCONFIRMED_CLASS_KINDS``: the
    个体工商户) proposing a fine or confiscation between the natural person's and the organisation's hearing amounts
    (``thresholds.hearing_limit``), so that the class the data gives it decides its right to a hearing: which amount
    was applied, and that the class ([party_classes]) and the amounts ([hearing]) are editable data, unconfirmed
    (REFERENCE §1.4) — told, not refused, as the 法制审核's sample amounts are. Not when another penalty proposed
    (confiscated property, 吊销营业执照 …: ``procedure._proposed_penalty``) gives the hearing whatever the class."""
    from workstation.law.data import yuan
    from workstation.law.thresholds import hearing, hearing_limit, party_class
    from workstation.procedure import UNCONFIRMED_CLASS_KINDS, _proposed_penalty
    from workstation.store import get_party

    party_id = party_of(case, values=values)
    party = get_party(db, party_id) if party_id else None
    if party is None or party.kind not in UNCONFIRMED_CLASS_KINDS:
        return []
    fine_fen, confiscated_fen, other_penalty = _proposed_penalty(values)
    if other_penalty:
        return []  # the hearing is due whatever the class (Penalty Law art. 63)
    as_person, as_organisation = (hearing(kind, fine_fen, confiscated_fen).applies for kind in ("person", "company"))
    if as_person == as_organisation:
        return []  # the same either way: the class decides nothing
    person = party_class(party.kind) == "natural_person"
    applied, inclusive = hearing_limit(party.kind)
    other, _inclusive = hearing_limit("company" if person else "person")
    message = _("{party} ({kind}) is counted by the workstation as {as_class}, with the hearing amount {op} "
                "{applied} ({other_class} is {op} {other}), so the proposed fine {fine} and confiscation "
                "{confiscated} {outcome}. That class is editable data, unconfirmed (REFERENCE §1.4; "
                "resources/law/thresholds.toml [party_classes]), as are the amounts ([hearing]: {note}): check "
                "both against the rules the bureau applies before the notice is served.")
    as_class, other_class = (_("a natural person"), _("an organisation's")) if person else (
        _("an organisation"), _("a natural person's"))
    outcome = _("give it the right to a hearing") if as_person == person else _(
        "do not give it the right to a hearing")
    return [message.format(party=party.name, kind=shown_label("party_kinds", party.kind), as_class=as_class,
                           other_class=other_class, op="≥" if inclusive else ">", applied=yuan(applied), other=yuan(other),
                           fine=yuan(fine_fen), confiscated=yuan(confiscated_fen), outcome=outcome,
                           note=hearing(party.kind, fine_fen, confiscated_fen).unconfirmed or "—")]


def _hearing_notice_count(db: Database, values: dict) -> list[str]:
    """The 听证通知书 whose hearing is set seven working days or more after its 通知日期 (``_hearing_notice`` allows
    it) on a count through a year without holiday data: told that the day it rests on may move
    (``clocks.count_note``)."""
    issued, hearing = _day(values.get("issued_on")), _day(values.get("hearing_date"))
    if issued is None or hearing is None:
        return []
    earliest = _calendar(db).add_workdays(issued, HEARING_NOTICE_WORKDAYS)
    note = _count_note(db, issued, earliest, HEARING_NOTICE_WORKDAYS, on=hearing) if hearing >= earliest else ""
    return [note] if note else []


def _hearing_rest_day(db: Database, values: dict, *, issued: bool = False) -> list[str]:
    """The 听证通知书 setting its hearing on a rest day — a weekend or a holiday of the data directory's calendar, or
    in a year without holiday data a day that may be one, said as unconfirmed —: told, not refused, as an interview
    set on one is (``store.interviews.rest_day_warning``, whose kinds of day it shares: ``rest_day_kind``): a hearing
    is held on a working day as a rule, and the officer checks the date. ``issued``: said once the notice was issued
    (the command line's `docs issue`), with how to correct it. Empty on a working day, and for a date not given or not
    read."""
    from workstation.store.interviews import rest_day_kind

    try:
        day = _day(values.get("hearing_date"))
    except ValueError:
        return []
    if day is None or (rest := rest_day_kind(_calendar(db), day)) is None:
        return []
    kind, holiday = rest
    message = (_ISSUED_HEARING_REST_DAY if issued else _HEARING_REST_DAY)[kind]
    return [_(message).format(date=day.isoformat(), holiday=shown_label("holidays", holiday) if holiday else "",
                              year=day.year)]


#: what ``_hearing_rest_day`` says before the notice is issued, by the kind of rest day (as
#: ``store.interviews._REST_DAY``): a holiday or a weekend of a year whose calendar is known, a holiday fixed by date, a
#: day about a festival or a weekend day of a year not known
_HEARING_REST_DAY = {
    "holiday": N_("The hearing is set for {date}, a rest day ({holiday}): hearings are held on working days as a rule; "
                  "check the 听证日期 before the 听证通知书 is issued."),
    "weekend": N_("The hearing is set for {date}, a rest day (weekend): hearings are held on working days as a rule; "
                  "check the 听证日期 before the 听证通知书 is issued."),
    "fixed": N_("The hearing is set for {date}, a rest day ({holiday}; the other holidays of {year} are not known yet): "
                "hearings are held on working days as a rule; check the 听证日期 before the 听证通知书 is issued."),
    "festival": N_("The hearing is set for {date}, which may be a rest day of the {holiday} holidays (the {year} "
                   "calendar is not known yet): hearings are held on working days as a rule; check the 听证日期 "
                   "before the 听证通知书 is issued."),
    "maybe": N_("The hearing is set for {date}, a weekend day, which may be a rest day (the {year} calendar is not "
                "known yet): hearings are held on working days as a rule; check the 听证日期 before the 听证通知书 is "
                "issued."),
}
#: and what it says once the notice was issued: what to check in it, and how it is corrected
_ISSUED_HEARING_REST_DAY = {
    "holiday": N_("Issued; check the hearing's date: {date} is a rest day ({holiday}), and hearings are held on "
                  "working days as a rule. If the date is wrong, issue a corrected 听证通知书 (更正… in the case's "
                  "documents, `docs issue --supersedes`) setting the hearing on a working day seven working days or "
                  "more after its own date."),
    "weekend": N_("Issued; check the hearing's date: {date} is a rest day (weekend), and hearings are held on "
                  "working days as a rule. If the date is wrong, issue a corrected 听证通知书 (更正… in the case's "
                  "documents, `docs issue --supersedes`) setting the hearing on a working day seven working days or "
                  "more after its own date."),
    "fixed": N_("Issued; check the hearing's date: {date} is a rest day ({holiday}; the other holidays of {year} are "
                "not known yet), and hearings are held on working days as a rule. If the date is wrong, issue a "
                "corrected 听证通知书 (更正… in the case's documents, `docs issue --supersedes`) setting the hearing on a "
                "working day seven working days or more after its own date."),
    "festival": N_("Issued; check the hearing's date: {date} may be a rest day of the {holiday} holidays (the {year} "
                   "calendar is not known yet), and hearings are held on working days as a rule. If the date is "
                   "wrong, issue a corrected 听证通知书 (更正… in the case's documents, `docs issue --supersedes`) "
                   "setting the hearing on a working day seven working days or more after its own date."),
    "maybe": N_("Issued; check the hearing's date: {date} is a weekend day, which may be a rest day (the {year} "
                "calendar is not known yet), and hearings are held on working days as a rule. If the date is wrong, "
                "issue a corrected 听证通知书 (更正… in the case's documents, `docs issue --supersedes`) setting the "
                "hearing on a working day seven working days or more after its own date."),
}


def _demand_count(db: Database, values: dict) -> list[str]:
    """The 强制执行申请书 dated after the ten working days of the 催告书 (``_enforcement`` allows it) counted through a
    year without holiday data: told that the day it rests on may move (``clocks.count_note``)."""
    signed, demand = _day(values.get("signed_on")), _day(values.get("demand_served_on"))
    if signed is None or demand is None:
        return []
    note = demand_count_note(db, demand, on=signed) if signed > demand_period_end(demand, db) else ""
    return [note] if note else []


def _count_note(db: Database, start: dt.date, end: dt.date, workdays: int, *, on: dt.date | None = None) -> str:
    """``clocks.count_note`` of ``workdays`` working days from ``start`` to ``end`` (for a date acted on ``on``)."""
    from workstation.clocks import count_note

    return count_note(db, start, end, _("{n} working days").format(n=workdays), on=on)


def _closing(db: Database, case: Case, values: dict) -> str | None:
    """结案审批表: only once the case has ended (``_not_ended``), with the 结案理由 its end gives (``_other_ground``):
    决定执行完毕 only when the performance is recorded, or nothing was owed; 其他 only with the reason written after it
    (its 其他结案理由), and only once the case can be closed (not while the closing is refused); its amounts
    agreeing with the decision and the law (``_closing_amounts``).
    With several parties, 决定执行完毕 only once every party fined paid all it owes (``_performed``; what they owe,
    ``_parties_owed``): a party that did not pay, the court applied to for it, ends the case 申请人民法院强制执行."""
    ground, expected = str(values.get("ground") or ""), closing_ground(db, case)
    unended = _not_ended(db, case, expected)
    if ground == OTHER_GROUND and not str(values.get("ground_other") or "").strip():
        if unended == "":  # 其他 drawn in as the default of a case that has not ended
            return _("The case is “{status}”: it has not ended, so the 结案审批表 has no reason to state (其他 is "
                     "ticked, with nothing after it). Bring the case to its end first — its decision served or "
                     "performed, its investigation terminated, or the case transferred —, then issue the "
                     "sheet.").format(status=shown_label("statuses", case.status))
        return _("The 结案理由 is 其他, but nothing is written after it: write the reason the case ends in “其他结案理由”, "
                 "or tick the reason it ends with (决定执行完毕 once the decision is performed — a warning alone is "
                 "performed when served —, 不予处罚, 移送司法, 终止调查, 申请人民法院强制执行).")
    # in a state a case is closed from, 决定执行完毕 is held to the payment (``_performed_closing`` says what is owed);
    # any other ground, 其他 with its reason too, is refused while the closing is (``_not_ended``): an approval nothing
    # could act on
    if unended is not None and (unended == "" or ground != PERFORMED_GROUND):
        return join_sentences([_("The case is “{status}”: it has not ended, so the 结案审批表 cannot state that it ends "
                                 "with {ground} nor ask to close it.").format(
            status=shown_label("statuses", case.status), ground=ground or "—"), unended,
            _("Issue the sheet once the case can be closed.")])
    if values.get("ground") != PERFORMED_GROUND:
        return _other_ground(case, ground, expected) or _closing_amounts(db, case, values)
    return _performed_closing(db, case, values) or _other_ground(case, ground, expected)


def _performed_closing(db: Database, case: Case, values: dict) -> str | None:
    """The 结案审批表 ticking 决定执行完毕 (``_closing``): refused while the case records no performance of what is
    owed, and its amounts checked (``_closing_amounts``); told first, before the ground the case's end gives."""
    several, owed = len(parties_of_case(db, case.id)) > 1, 0
    if several:
        owed = _parties_owed(db, case)
        if refusal := _closing_amounts(db, case, values, owed):
            return refusal  # the sheet's own totals first (``_parties_paid_short``)
    owing = bool(owed or case.penalties_fen)
    if several and owing:
        from workstation.party_decisions import still_owing

        unpaid = still_owing(db, case)  # read once: ``_performed`` tests it, the refusal names it
    else:
        unpaid = []
    if owing and not _performed(db, case, unpaid):
        if unpaid:  # a party fined that did not pay all it owes: sent to the court, the case ends so
            return _("The 结案理由 says 决定执行完毕, but {parties} did not pay all it owes under its decision: the "
                     "decision is performed once every party fined paid all of it. Record the payment (履行完毕) "
                     "first, or choose the reason the case really ends with (申请人民法院强制执行 once the people's "
                     "court was applied to for a party that did not pay).").format(
                parties="、".join(party.name for party in unpaid))
        return _("The 结案理由 says 决定执行完毕, but the case records no performance of its decision and the party owes "
                 "{amount}: record the payment (履行完毕) first, or choose the reason the case really ends with.").format(
            amount=_figures(owed or case.penalties_fen))
    return None if several else _closing_amounts(db, case, values)  # several: their amounts were checked first


def _asked_after_closing(case: Case, values: dict) -> list[str]:
    """结案审批表 of a closed (archived) case whose 报请日期 is after the day the case was closed: the closing is
    approved on the sheet asking for it, which is not asked for once the case is closed. Told, not refused: the
    closing's own day may be the one recorded wrong (undone and recorded again, or noted in the case file)."""
    asked, closed = str(values.get("proposed_on") or "")[:10], case.closed_on or ""
    if case.status not in ("closed", "archived") or not asked or not closed or asked <= closed:
        return []
    return [_("The 报请日期 of this 结案审批表 ({asked}) is after the day the case was closed ({closed}): the sheet asks "
              "for the closing it approves, so it is dated on or before that day. Write {closed} or an earlier day, "
              "unless it is the closing's day that was recorded wrong.").format(asked=asked, closed=closed)]


def _no_decision_number(case: Case, values: dict) -> list[str]:
    """结案审批表 of a case decided (a 决定日期 on the sheet or the case), with one party, whose 处理决定书文号 is empty:
    no decision in force issued in the workstation gives it (a decision made on paper), and the sheet would print its
    决定书文号 blank beside the decision's date. Told, not refused: the officer writes it in, or on the sheet."""
    decided = str(values.get("decided_on") or case.decided_on or "")[:10]
    if not decided or values.get("party_rows") or str(values.get("decision_number") or "").strip():
        return []
    return [_("The 结案审批表's 决定书文号 (处理决定书文号) is empty, although the case was decided on {date}: no decision "
              "issued in the workstation gives it. Write the 文号 of the decision made in 处理决定书文号, or the sheet "
              "prints that row blank.").format(date=decided)]


def _not_ended(db: Database, case: Case, expected: str) -> str | None:
    """Why the case has not ended so as to be closed (结案): "" when its state is not one it is closed from; in one it
    is, while its end gives no 结案理由 (``expected``, ``closing_ground``: a served case whose party neither paid nor
    had the people's court applied to), what the closing itself is refused for (``procedure``'s ``close`` guard).
    None once it has ended, or is closed or archived (a correction of its sheet)."""
    from workstation.procedure import BY_NAME, police_opened

    if case.status in ("closed", "archived"):
        return None
    close = BY_NAME["close"]
    # the states of a case that has ended (those it is closed from: a case the police opened, taken back, too)
    if case.status not in (*close.sources, *(close.police_sources if police_opened(db, case) else ())):
        return ""
    if expected or close.guard is None:
        return None
    return close.guard(db, case)


def _other_ground(case: Case, ground: str, expected: str) -> str | None:
    """A 结案理由 ``ground`` other than ``expected``, the one the case's end gives (``closing_ground``, the sheet's
    default): a case performed is not closed 移送司法, nor one terminated 决定执行完毕. A case whose end gives none (a
    served case whose decision was revoked or changed to no fine) is not closed on a ground another end would give
    (移送司法, 终止调查, 申请人民法院强制执行); 决定执行完毕 is checked against the payment (``_closing``), and 其他 with
    its reason written out is the officer's own (a party dissolved with nothing left to enforce on, 行政强制法
    art. 40)."""
    if not ground or ground in (expected, OTHER_GROUND):  # 其他 written out (checked before) says why itself
        return None
    if expected:
        return _("The 结案理由 ticked is {ground}, but the case ends with {expected} by what is recorded in it (it is "
                 "“{status}”): the 结案审批表 states the reason the case really ends with. Tick {expected}, or record "
                 "first the step that ends the case otherwise.").format(
            ground=ground, expected=expected, status=shown_label("statuses", case.status))
    if ground in (CLOSING_GROUNDS["transferred_police"], CLOSING_GROUNDS["terminated"], ENFORCED_GROUND):
        return _("The 结案理由 ticked is {ground}, but nothing recorded in the case ends it so (it is “{status}”): "
                 "the 结案审批表 states the reason the case really ends with. Tick that reason (其他, with it written "
                 "after it, when none of the others fits), or record first the step that ends the case with "
                 "{ground}.").format(ground=ground, status=shown_label("statuses", case.status))
    return None


def _closing_amounts(db: Database, case: Case, values: dict, owed: int | None = None) -> str | None:
    """The amounts of a 结案审批表 that contradict its decision or the law (None when none does; a case with several
    parties prints each party's rows, ``party_rows``, instead of them): a 罚款 other than the fine of the decision in
    force, which the same sheet states in its 处理决定 (``documents.decision_fine_fen``), or than that fine as a
    reconsideration or lawsuit changed it; a 加处罚款 above the fine (行政处罚法 art. 72); with 决定执行完毕 ticked, a
    实缴罚没款合计 below the fine, confiscated gains and surcharge the sheet lists — the decision said performed while
    part of it is unpaid; in a case that nothing decided (no decision in force, no decision date recorded: closed
    移送司法 or 终止调查), any amount decided or paid — the fine it proposed was never imposed, nor paid. With several
    parties: with 决定执行完毕 ticked, a 实缴合计 below what the parties owe (``_parties_owed``, or ``owed`` when the
    caller has it)."""
    if values.get("party_rows"):
        return _parties_paid_short(db, case, values, owed)
    from workstation.demand_surcharge import above_fine_refusal
    from workstation.documents.drafts import find_form
    from workstation.formkit.values import current_decision
    from workstation.penalty_terms import changed_fine

    form = find_form("closing_approval")
    if not case.decided_on and current_decision(db, case) is None:
        given = [form.field(name).label for name in ("fine_fen", "confiscated_fen", "surcharge_fen", "paid_fen")
                 if int(values.get(name) or 0)]
        if given:
            return _("No decision is recorded in this case: nothing was decided nor paid, so the sheet states no "
                     "{fields}. Leave them empty, or record the decision first if one was made.").format(
                fields="、".join(given))
    changed, fine = changed_fine(db, case), values.get("fine_fen")
    decided = _decided_fine(db, case)
    if fine is not None and int(fine) not in (decided, changed):
        return _("The {label} ({amount}) is not the fine of the decision in force ({fine}), which the sheet states in "
                 "its 处理决定内容: write {fine}.").format(label=form.field("fine_fen").label,
                                                      amount=_figures(int(fine)), fine=_figures(decided))
    in_force = changed if changed is not None else decided
    surcharge = int(values.get("surcharge_fen") or 0)
    if refusal := above_fine_refusal(form.field("surcharge_fen").label, surcharge, in_force):
        return refusal
    paid, owed = values.get("paid_fen"), in_force + int(values.get("confiscated_fen") or 0) + surcharge
    if values.get("ground") != PERFORMED_GROUND or paid is None or int(paid) >= owed:
        return None
    return _("The {label} ({paid}) is less than the fine, confiscated illegal gains and surcharge the sheet lists "
             "({owed}), yet its 结案理由 says 决定执行完毕: the decision is performed once all of it is paid. Write the "
             "total of the payment vouchers (缴款凭证), or, if the party did not pay it all, choose the reason the case "
             "really ends with.").format(label=form.field("paid_fen").label, paid=_figures(int(paid)),
                                         owed=_figures(owed))


def _parties_paid_short(db: Database, case: Case, values: dict, owed: int | None = None) -> str | None:
    """Why the 结案审批表 of a case with several parties cannot say 决定执行完毕 with its 实缴合计: it is below the
    fines and confiscated illegal gains its parties owe, each party's as its decision in force imposed them (as a
    reconsideration or lawsuit changed its fine; none for a party whose decision was revoked: ``_parties_owed``,
    or ``owed`` when the caller has it). None when it can."""
    if values.get("ground") != PERFORMED_GROUND:
        return None
    owed = _parties_owed(db, case) if owed is None else owed
    paid = int(values.get("paid_total_fen") or 0)
    if paid >= owed:
        return None
    from workstation.documents.drafts import find_form

    return _("The {label} ({paid}) is less than the fines and confiscated illegal gains the parties owe under their "
             "decisions in force ({owed}), yet its 结案理由 says 决定执行完毕: the decision is performed once every "
             "party paid all of it. Write the total of the payment vouchers (缴款凭证), or, if a party did not pay, "
             "choose the reason the case really ends with (申请人民法院强制执行 once the court was applied to for "
             "it).").format(label=find_form("closing_approval").field("paid_total_fen").label,
                           paid=_figures(paid), owed=_figures(owed))


def _parties_owed(db: Database, case: Case) -> int:
    """The fines and confiscated illegal gains in fen the parties of a case with several owe under their decisions
    in force (``penalty_terms.decisions_in_force``): each party's fine as its reconsideration or lawsuit changed it
    (``changed_fine``), nothing for a party whose decision was revoked or declared void (``clock_events.annulled_by``).
    A case whose decision was made outside the workstation (none in force here) owes the fine and confiscated illegal
    gains it records for its parties together (the fine as the whole case's reconsideration or lawsuit changed it),
    nothing once revoked or declared void."""
    from workstation.penalty_terms import changed_fine, decisions_in_force
    from workstation.store.clock_events import annulled_by

    decisions = decisions_in_force(db, case)
    if not decisions:  # written outside: the amounts recorded on the case (Edit case…), of all its parties
        if annulled_by(db, case) is not None:
            return 0
        changed = changed_fine(db, case)
        return (case.fine_fen if changed is None or not case.fine_fen else changed) + case.confiscated_fen
    owed = 0
    for decision in decisions:
        party = decision.party_id or None
        if party and annulled_by(db, case, party) is not None:
            continue
        changed = changed_fine(db, case, party)
        owed += (decision.terms.fine_fen if changed is None else changed) + decision.terms.confiscated_fen
    return owed


def _figures(fen: int) -> str:
    from workstation.money import figures

    return figures(fen)


def _decided_here(db: Database, case: Case) -> str | None:
    """The 文号 (or title) of a decision issued in the case and in force, else the case's decision date."""
    row = db.execute("SELECT number, title FROM documents WHERE case_id = ? AND status = 'issued' AND form_id IN "
                     "('penalty_decision', 'no_penalty_decision', 'on_the_spot_decision') LIMIT 1",
                     [case.id]).fetchone()
    if row is not None:
        return row[0] or row[1]
    return case.decided_on


def _transfer_letter(db: Database, case: Case, values: dict | None = None, *,
                     for_command_line: bool = False) -> str | None:
    """案件移送函: a case this bureau decided is not sent to another agency as outside its jurisdiction; nor is a case
    transferred to the police (with them, or theirs: ``procedure.police_transfer_state``) — it went to them as
    suspected of a crime with the 涉嫌犯罪案件移送书, their document (transfer rules art. 6), and the 案件移送函 is
    for another administrative authority competent for a case this bureau is not. One the police declined is the
    bureau's again, and may be. With its ``values`` (``stage_refusal``; a new letter or a correction): one of a case
    not filed here whose lead was referred with its letter (``leads_workflow.refer_with_case``) is not addressed to
    another agency than the lead's — the lead would stay referred where no letter sends it; that step is undone
    first (撤销上一步; ``for_command_line``: `cases transition CASE undo`)."""
    if values is not None:
        receiver = str(values.get("receiver") or "").strip()
        lead = db.execute("SELECT referred_to, decided_on FROM leads WHERE case_id = ? AND status = 'referred' AND "
                          "decision = 'refer' ORDER BY received_at LIMIT 1", [case.id]).fetchone()
        if case.status != "not_filed" or lead is None or not receiver or receiver == (lead[0] or "").strip():
            return None
        undo = _("cases transition {case} undo --reason TEXT").format(case=case.id) if for_command_line \
            else _("Undo last step… in the case")
        return _("The case's “{step}” of {date} recorded with its 案件移送函 the lead's referral to {agency}: a "
                 "案件移送函 to {receiver} would leave the lead referred where no letter sends it. Undo that step "
                 "first (撤销上一步: {undo}), which puts the lead back as it was; then issue or correct the "
                 "letter.").format(step=shown_label("transitions", "decline_filing"), date=lead[1] or "—",
                                   agency=lead[0] or "—", receiver=receiver, undo=undo)
    decided = _decided_here(db, case)
    if decided is not None or case.status in DECIDED_STATES:
        return _("This bureau has already decided the case ({decision}): a case it decided is not transferred as "
                 "outside its jurisdiction. If the decision was wrong, void it first.").format(
            decision=decided or shown_label("statuses", case.status))
    from workstation.procedure import police_transfer_state

    state = police_transfer_state(db, case)
    if state == "opened":
        return _("The police opened a criminal case on the case's transfer: the case is theirs. The 案件移送函 sends a "
                 "case outside this bureau's jurisdiction to another administrative authority; a case suspected of a "
                 "crime goes to the police with the 涉嫌犯罪案件移送书, their document (transfer rules art. 6), not "
                 "with this letter.")
    if state == "with_police":
        return _("The case is transferred to the police as suspected of a crime: it goes to them with the "
                 "涉嫌犯罪案件移送书, their document (transfer rules art. 6), not with this 案件移送函, which sends a "
                 "case outside this bureau's jurisdiction to another administrative authority. Issue the "
                 "涉嫌犯罪案件移送书 instead; only if the police decline the case and it is taken back may another "
                 "authority competent for it be sent it with a 案件移送函.")
    return None


def _assignment_state(_db: Database, case: Case) -> str | None:
    """案件交办通知书 of a case: it hands a matter to a lower bureau or office to verify and, if the conditions are met,
    to file (依法立案查处; REFERENCE §2.1 No. 3) — not a case this bureau filed (or decided on the spot), which is
    investigated by its own officers: the notice would change nothing and tell the receiver to file it again; nor
    one never filed whose handling is over (not filed and closed), which is said as such. Refused before its 文号 is
    taken."""
    if not case.filed_on and case.status in ("pending_filing", "not_filed") and case.procedure_kind != "simple":
        return None
    if not case.filed_on and case.procedure_kind != "simple":  # never filed: declined (or referred) and closed
        return _("The case is “{status}”, its handling by this bureau over: the 案件交办通知书 hands a matter not yet "
                 "filed to a lower bureau or office to verify and, if the conditions are met, to file; it does not "
                 "hand over a case whose handling is over. If the case is another authority's, send it with the "
                 "案件移送函; to hand a lead down, assign it on the {page} page.").format(
            status=shown_label("statuses", case.status), page=_("Leads"))
    return _("The case is “{status}”, already taken up by this bureau (filed, or decided on the spot): the "
             "案件交办通知书 hands a matter not yet filed to a lower bureau or office to verify and, if the conditions "
             "are met, to file; it does not hand over a case taken up here. If the case is another authority's, send "
             "it with the 案件移送函; to hand a lead down, assign it on the {page} page.").format(
        status=shown_label("statuses", case.status), page=_("Leads"))


def _transfer_letter_warnings(db: Database, case: Case, values: dict, for_command_line: bool = False) -> list[str]:
    """What the 案件移送函 of a case is told, not refused: a case reaching the criminal threshold (not one the police
    declined) goes to the police with the 涉嫌犯罪案件移送书 (``_criminal_letter``); and a filed case under
    investigation stays “立案调查”, its T2 running on to overdue, until it is terminated with the transfer as the
    reason (the 结案审批表 states it; ``concluding.transfer_letter_reason`` is the command line's default reason)
    and closed (``_letter_ends_case``) — not said of a case for the police, whose termination is refused
    (``procedure._terminate_guard``)."""
    return _criminal_letter(db, case) or _letter_ends_case(case, values, for_command_line) or _letter_refers_pending(
        db, case, values, for_command_line)


def _letter_refers_pending(db: Database, case: Case, values: dict, for_command_line: bool) -> list[str]:
    """案件移送函 of a case awaiting filing (待立案, one ``decline_filing`` may end): the letter changes nothing of the
    case by itself — it stays “待立案”, its T1 running to overdue, its lead 立案中 —; the referral is recorded by
    “不予立案” (not filed here), which with a letter in force refers the lead to the authority it names and meets T1
    on the letter's day (``procedure.pending_referral``)."""
    from workstation.procedure import BY_NAME

    if case.status not in BY_NAME["decline_filing"].sources:
        return []
    receiver = str(values.get("receiver") or "").strip() or _("the authority it names")
    told = _("The case awaits filing: issuing this 案件移送函 leaves it “{status}”, its time limit T1 running on to "
             "overdue. Once the letter is sent to {receiver}, record “{decline}” (the case is not filed here): with "
             "the letter in force it records the referral, on the letter's day and for the transfer as its reason "
             "unless others are given, and T1 is met that day.").format(
        status=shown_label("statuses", case.status), receiver=receiver,
        decline=shown_label("transitions", "decline_filing"))
    if db.execute("SELECT 1 FROM leads WHERE case_id = ? AND status IN ('registered', 'assigned')",
                  [case.id]).fetchone():
        from workstation.leads_workflow import FILING_LABEL

        told = join_sentences([told, _("Its lead, “{filing}” until then, is recorded “{referred}” to {receiver}.").format(
            filing=_(FILING_LABEL), referred=shown_label("lead_statuses", "referred"), receiver=receiver)])
    if for_command_line:
        told = join_sentences([told, _("On the command line: cases transition {case} decline_filing (its reason and "
                                       "day are the letter's unless --reason or --date give others).").format(
            case=case.case_number or case.id)])
    return [told]


def _criminal_letter(db: Database, case: Case) -> list[str]:
    """案件移送函 of a case whose figures reach the criminal threshold: it goes to the police (transfer rules; Penalty
    Law art. 27), unless they declined it (``procedure.police_transfer_state`` "returned"). Told, not refused:
    another authority may be competent for the matter all the same."""
    from workstation.law.criminal import assess_case
    from workstation.procedure import police_transfer_state

    assessment = assess_case(case, prior_punished=case.prior_punished)
    if not assessment.transfer_suggested or police_transfer_state(db, case) == "returned":
        return []
    return [_("The case reaches the criminal threshold for personal information: {criteria} A case suspected of a "
              "crime goes to the police with the 涉嫌犯罪案件移送书 (transfer rules; Penalty Law art. 27), not to "
              "another administrative authority with this 案件移送函. Send it to that authority only if it is "
              "competent for the matter all the same, and keep in the case file why.").format(
        criteria=join_sentences(assessment.reached))]


def _letter_ends_case(case: Case, values: dict, for_command_line: bool) -> list[str]:
    """案件移送函 of a filed case under investigation (one ``terminate`` may end): the letter leaves the case
    “立案调查”, its T2 paused as 已移送，待终止 while the letter is in force (``clocks.TRANSFERRED_OUT``); the bureau
    ends its own handling by terminating the investigation, the transfer the reason, and closing the case — no state
    of its own (REFERENCE §1.1 TRANSFERRED_OUT)."""
    from workstation.clocks import TRANSFERRED_OUT_TEXT
    from workstation.procedure import BY_NAME

    if not case.filed_on or case.status not in BY_NAME["terminate"].sources:
        return []
    receiver = str(values.get("receiver") or "").strip() or _("the authority it names")
    told = _("The case is filed: issuing this 案件移送函 leaves it “{status}”, its time limit T2 shown “{state}” "
             "while the letter is in force. Once the letter is sent to {receiver}, end the bureau's own handling: "
             "record “{terminate}” with the transfer as the reason, which the 结案审批表 states, then close the case "
             "(“{close}”).").format(status=shown_label("statuses", case.status), receiver=receiver,
                                     state=_(TRANSFERRED_OUT_TEXT), terminate=shown_label("transitions", "terminate"),
                                     close=shown_label("transitions", "close"))
    if for_command_line:
        told = join_sentences([told, _("On the command line: cases transition {case} terminate (its reason is the "
                                       "transfer unless --reason gives another), then cases transition {case} "
                                       "close.").format(case=case.case_number or case.id)])
    return [told]


def _lead_letter(db: Database, case: Case) -> str:
    """举报处理结果告知书: the lead's letter to its reporter, never a case's (it names the case's lead)."""
    from workstation.leads_workflow import case_report_notice_refusal

    return case_report_notice_refusal(db, case)


def _on_the_spot_state(db: Database, case: Case) -> str | None:
    """当场行政处罚决定书 (简易程序, 行政处罚法 arts. 51, 52; REFERENCE §1.3): a case with one party awaiting filing
    (or one decided on the spot, for a correction), not one at the criminal threshold (``_threshold_refusal``)."""
    if case.status != "pending_filing" and case.procedure_kind != "simple":
        return _("The case is “{status}”: the 当场行政处罚决定书 is for the simple procedure, a case decided on the "
                 "spot while it awaits filing. A filed case is decided with a 行政处罚决定书.").format(
            status=shown_label("statuses", case.status))
    parties = parties_of_case(db, case.id)
    if len(parties) > 1:
        return _("The case has {n} parties: the simple procedure decides a case with one party on the spot; decide it "
                 "under the ordinary procedure.").format(n=len(parties))
    return _threshold_refusal(db, case, "on_the_spot_decision")  # it goes to the police (as 当场处罚 is refused)


def _on_the_spot(db: Database, case: Case, values: dict) -> str | None:
    """当场行政处罚决定书: not in a case in which no penalty may be given — the limitation period run, a circumstance
    barring a penalty, the tier 不予处罚 (``_no_penalty_tier``), as the step 当场处罚 is refused —; decided no earlier
    than the case's lead and act, and not later than now; with no tier chosen, no fine in a tier a mandatory
    circumstance excludes (``_unchosen_tier``). The criminal threshold refuses it before its values
    (``_THRESHOLD_STEPS``)."""
    if refusal := _no_penalty_tier(db, case, "on_the_spot_decision", values):
        return refusal
    at = str(values.get("decided_at") or "")[:16]
    if not at:
        return _unchosen_tier(db, case, values)
    for limit, what in ((case.lead_received_on, _("the day the lead was received")),
                        (case.act_on, _("the date of the act"))):
        if limit and at[:10] < str(limit)[:10]:
            return _("The 处罚时间 ({at}) is before {what} ({date}): correct the time of the decision.").format(
                at=at, what=what, date=str(limit)[:10])
    current = short_time(now())
    if at > current:
        return _("The 处罚时间 ({at}) is still to come: the decision is made and handed over on the spot, write the "
                 "time it was made.").format(at=at)
    return _unchosen_tier(db, case, values)


def _non_filing(db: Database, case: Case) -> str | None:
    """不予立案审批表: for a lead or a case awaiting filing, not for a case filed; nor for a case awaiting filing that
    must go to the police (its figures at the criminal threshold), whose filing the procedure does not decline
    (``procedure.decline_threshold_refusal``)."""
    if not case.filed_on and case.status == "pending_filing":
        from workstation.procedure import decline_threshold_refusal

        return decline_threshold_refusal(db, case)
    if not case.filed_on and case.status == "not_filed":
        return None
    return _("The case was filed ({date}): the 不予立案审批表 decides not to file a lead or a case awaiting filing. "
             "A filed case ends with “{terminate}” or its decision.").format(
        date=case.filed_on or shown_label("statuses", case.status), terminate=shown_label("transitions", "terminate"))


#: the documents that lead to the penalty step the procedure refuses for a case at the criminal threshold (it goes to
#: the police first): refused before their 文号 is taken, as the step they lead to would be
_THRESHOLD_STEPS = {"pre_penalty_notice": "send_pre_notice", "penalty_decision": "decide_penalty",
                    "no_penalty_decision": "decide_no_penalty", "on_the_spot_decision": "decide_on_the_spot"}


def _threshold_refusal(db: Database, case: Case, form_id: str) -> str | None:
    """The procedure's own refusal of the step the document leads to (``procedure.criminal_threshold_refusal``)."""
    from workstation.procedure import criminal_threshold_refusal

    return criminal_threshold_refusal(db, case, _THRESHOLD_STEPS[form_id])


def _document_threshold(db: Database, case: Case, form_id: str, values: dict) -> str | None:
    """行政处罚告知书 or 行政处罚决定书 confiscating more illegal gains than the case records: the criminal threshold
    assessed as ``_threshold_refusal`` assesses the case, with the larger of the two gains — what is confiscated was
    gained (REFERENCE §4.6 G, ``criminal.case_gains_fen``)."""
    from dataclasses import replace

    from workstation.law.criminal import case_gains_fen

    confiscated = Terms.of(values).confiscated_fen
    if confiscated <= case_gains_fen(case):
        return None
    return _threshold_refusal(db, replace(case, confiscated_fen=confiscated), form_id)


def _threshold_warning(db: Database, case: Case) -> list[str]:
    """The 调查终结报告 of a case at the criminal threshold is issued (it may propose the transfer), with the reason the
    告知书 and the 决定书 will be refused."""
    refusal = _threshold_refusal(db, case, "pre_penalty_notice")
    return [_("The 行政处罚告知书 and the 行政处罚决定书 of this case will be refused: {reason}").format(reason=refusal)] \
        if refusal else []


def _decision_named(db: Database, case: Case, party_id: str | None = None) -> str | None:
    """The 文号 and date of the decision in force that concludes the party ``party_id`` (any party of the case when
    None): its 行政处罚决定书 in force, else the 不予行政处罚决定书 issued to it; None without either. One revoked by an
    order to decide anew (撤销并责令重新作出, ``party_decisions.redone_decisions``) concludes nothing: the new
    decision is preceded by its own notice."""
    from workstation.money import chinese_date
    from workstation.party_decisions import no_penalty_decisions, redone_decisions
    from workstation.penalty_terms import decisions_in_force

    parties = parties_of_case(db, case.id)
    redone = redone_decisions(db, case, parties)
    for decision in decisions_in_force(db, case):
        if (party_id is None or decision.party_id == party_id) and decision.number not in redone:
            day = chinese_date(decision.decided_on) if decision.decided_on else ""
            return "，".join(part for part in (f"行政处罚决定书{decision.number}", day) if part)
    for decided_party, number in no_penalty_decisions(db, case, parties):
        if (party_id is None or decided_party == party_id) and number not in redone:
            return f"不予行政处罚决定书{number}"
    return None


def or_docs_void(for_command_line: bool) -> str:
    """The clause a refusal adds after Void… beside a document in the case's documents for the command line, which
    voids it with `docs void`; "" for the window, which offers the button."""
    return _(", or docs void") if for_command_line else ""


def in_window(reason: str | None) -> str | None:
    """``reason`` as the window says it: ``procedure.on_the_spot_refusal`` names the Void… button of the 当场行政处罚决定书
    in the case's documents and, whoever asks, `docs void`, which the window's tooltips leave out. The refusals of
    the documents' own rules name the command only when asked to (``for_command_line``: ``or_docs_void``)."""
    if not reason:
        return reason
    return reason.replace(_(", or docs void"), "")


def _notice_refusal(decision: str, for_command_line: bool = False) -> str:
    return _("The case's decision was already made ({decision}): the 行政处罚告知书 is served before the decision, so "
             "that the party can state, defend and ask for a hearing first (行政处罚法 arts. 44, 62), and is not issued "
             "after it. If the decision was wrong, void it first (Void… beside it in the case's documents{or_void}), "
             "then notify the party again.").format(decision=decision, or_void=or_docs_void(for_command_line))


# the steps that bring a case to its review (案件审核), after which the 行政处罚告知书 is served (REFERENCE §1.1: 调查终结
# → 审核 → 告知; the step 送达告知书 is taken from 案件审核 only), by the state the case is in before it
_STEPS_TO_REVIEW = {"pending_filing": ("file", "conclude_investigation", "submit_review"),
                    "investigating": ("conclude_investigation", "submit_review"),
                    "suspended": ("resume", "conclude_investigation", "submit_review"),
                    "investigation_concluded": ("submit_review",)}


def _notice_state(db: Database, case: Case, *, for_command_line: bool = False) -> str | None:
    """行政处罚告知书: refused before the case was reviewed (``_notice_early``) or after it left the procedure without
    a decision, at the criminal threshold (``_threshold_refusal``) and once the case is decided or closed — unless,
    in a case with several parties, a party is still without its decision (``_notice_party`` then holds each party to
    its own). From 案件审核 on, while the party is heard and until the decision, a notice (or a second one,
    correcting it or telling another party) is lawful."""
    refusal = _threshold_refusal(db, case, "pre_penalty_notice") or _notice_early(case)
    if refusal or case.status not in DECIDED_STATES:
        return refusal
    from workstation.party_decisions import undecided_parties

    if undecided_parties(db, case):
        return None
    return _notice_refusal(_decision_named(db, case) or case.decided_on or shown_label("statuses", case.status),
                           for_command_line)


def _notice_early(case: Case) -> str | None:
    """行政处罚告知书 of a case not yet reviewed, naming the steps that come first, or of one whose investigation ended
    without a decision of this bureau (transferred to the police, terminated, not filed)."""
    status = shown_label("statuses", case.status)
    if case.status in ENDED_STATES:
        return _("The case is “{status}”: its investigation has ended without a decision of this bureau, so no "
                 "行政处罚告知书 is served.").format(status=status)
    steps = _STEPS_TO_REVIEW.get(case.status)
    if steps is None:
        return None
    return _("The case is “{status}”: the 行政处罚告知书 is served after the investigation is concluded and the case "
             "reviewed, as it states. Record {steps} first, then issue the notice and record “{action}”."
             ).format(status=status, action=shown_label("transitions", "send_pre_notice"),
                      steps=_(", then ").join(f"“{shown_label('transitions', step)}”" for step in steps))


def _notice_party(db: Database, case: Case, values: dict, *, for_command_line: bool = False) -> str | None:
    """行政处罚告知书 to a party a decision in force already concludes (行政处罚法 arts. 44, 62: the notice precedes
    the decision), naming that decision's 文号 and date; or confiscating gains that reach the criminal threshold
    (``_document_threshold``)."""
    from workstation.documents.addressee import PARTY_KEY

    party_id = values.get(PARTY_KEY) or None
    if party_id is None:
        parties = parties_of_case(db, case.id)
        party_id = parties[0].id if len(parties) == 1 else None
    decision = _decision_named(db, case, party_id)
    if decision:
        return _notice_refusal(decision, for_command_line)
    return _no_penalty_tier(db, case, "pre_penalty_notice", values) or _unchosen_tier(db, case, values) or \
        _document_threshold(db, case, "pre_penalty_notice", values)


def _notice_after_service(db: Database, case: Case, values: dict, supersedes: str | None = None) -> str | None:
    """行政处罚告知书 dated (its 告知日期) after the day the case records the notice served on the party it is written
    for (``notice_service_bound``): the notice served bears that day or an earlier one. Issued later (a case imported
    at its notice stage, its notice printed afterwards with the day of printing), the case file would hold no notice
    dated before the party was heard and decided (行政处罚法 arts. 44, 62). Not refused: a correction of the notice
    in force (``supersedes``: served again when it tells more, ``penalty_terms.unserved_notice``), and the notices
    ``notice_service_bound`` leaves free."""
    from workstation.documents.addressee import PARTY_KEY

    dated = str(values.get("issued_on") or "")[:10]
    if supersedes or not dated:
        return None
    party, served, _in_force = notice_service_bound(db, case, values.get(PARTY_KEY))
    if not served or dated <= served:
        return None
    return _("The case records the 行政处罚告知书 as served on the party ({party}) on {served}, and this one is dated "
             "{date}, after that service: the notice served bears the day it was served or an earlier one, and the "
             "case file would show the party heard and decided on a notice dated after it (行政处罚法 arts. 44, 62). "
             "Date it {served} or earlier, as the notice served was dated (告知日期).").format(
        party=party.name if party else "", served=served, date=dated)


def notice_service_bound(db: Database, case: Case, party_id: str | None) -> tuple[object | None, str, bool]:
    """(the party — ``party_id``, else the case's first —, the day a 行政处罚告知书 to it not correcting another may
    be dated at the latest, whether the party has a notice in force issued here (``penalty_terms.last_notice``: a
    new one can only correct it)). The day is the one the case records the notice served on the party — the case's
    ``notice_served_on``; in a case with several parties the party's own service (``party_notices.services``) —;
    "" when none is recorded, for a notice in place of the party's notices all voided, whose service is recorded
    again (``procedure.voided_notice_refusal``), and for the notice of a decision ordered made anew
    (``procedure._redo_unnoticed``). Read by the refusal (``_notice_after_service``) and the 告知日期's default
    (``formkit.values.notice_dated_on``)."""
    from workstation.documents.addressee import party_condition

    parties = parties_of_case(db, case.id)
    party_id = party_id or (parties[0].id if parties else None)
    party = next((p for p in parties if p.id == party_id), None)
    if len(parties) > 1:
        from workstation.party_notices import services

        served = str(services(db, case, parties).get(party_id) or "")[:10]
    else:
        served = str(case.notice_served_on or "")[:10]
    if not served:
        return party, "", False
    from workstation.penalty_terms import last_notice
    from workstation.procedure import _redo_unnoticed

    in_force = last_notice(db, case, party_id, parties) is not None
    if _redo_unnoticed(db, case):
        return party, "", in_force
    if not in_force:
        condition, params = party_condition(db, case, party_id, parties=parties)
        if db.execute("SELECT 1 FROM documents WHERE case_id = ? AND form_id = 'pre_penalty_notice' AND status = "
                      f"'void'{condition} LIMIT 1", [case.id, *params]).fetchone():
            return party, "", in_force
    return party, served, in_force


#: the documents of the investigation (REFERENCE §1.1: after filing, until the 调查终结报告): summoning and questioning
#: (the 询问通知书 and the 询问笔录 it leads to), inspecting the site (现场笔录), extracting evidence and electronic
#: data, asking for materials, help or identification, preserving evidence, sampling, testing and the seizure with
#: its extension, list and seal — none is issued once the case is decided or has left the procedure; while it
#: awaits its decision (a hearing's further inquiry, a decision ordered made anew) they are. What follows a
#: decision is not here: releasing a measure (解除…), service, the 催告书, enforcement, the items' disposal, closing;
#: nor the 陈述申辩笔录 of the party's defence after the notice, nor the 约谈 records (administrative guidance)
INVESTIGATION_DOCUMENTS = ("inquiry_notice", "inquiry_record", "site_record", "evidence_extraction",
                           "electronic_evidence_record", "materials_order", "identification_request",
                           "assistance_letter", "seizure_assistance_notice", "preservation_notice",
                           "compulsory_measure_decision", "compulsory_measure_extension", "seized_items_list",
                           "seal_strip", "sampling_record", "testing_commission", "testing_period_notice")


def _investigation_state(db: Database, case: Case, form_id: str, *, for_command_line: bool = False) -> str | None:
    """A document of the investigation (``INVESTIGATION_DOCUMENTS``) of a case decided, closed or ended: the
    investigation ends before the decision, so no party is summoned, no evidence taken and no
    property seized after it (REFERENCE §1.1) — unless, in a case with several parties, a party is still without its
    decision."""
    if case.status not in DECIDED_STATES + ENDED_STATES or _undecided_party(db, case):
        return None
    from workstation.documents.drafts import find_form

    title = find_form(form_id).title
    status = shown_label("statuses", case.status)
    if case.status in ENDED_STATES:
        return _("The case is “{status}”: the {title} is a step of the investigation, and this case's investigation "
                 "has ended, so it is not issued now.").format(status=status, title=title)
    decided = _decided_here(db, case) or status
    return _("The case is “{status}” and its decision was made ({decision}): the {title} is a step of the "
             "investigation, which ends before the decision, so it is not issued after it. If the decision was "
             "wrong, void it first (Void… beside it in the case's documents{or_void}).").format(
        status=status, decision=decided, title=title, or_void=or_docs_void(for_command_line))


def _report_state(db: Database, case: Case, *, for_command_line: bool = False) -> str | None:
    """案件调查终结报告 of a case decided or ended (as the 行政处罚告知书 is refused after the decision): the report
    concludes the investigation and leads to the notice and the decision, not the other way round — unless, in a
    case with several parties, a party is still without its decision (``_report_party`` then holds each party)."""
    if case.status not in DECIDED_STATES + ENDED_STATES or _undecided_party(db, case):
        return None
    if case.status in ENDED_STATES:
        return _("The case is “{status}”: its investigation has ended without a decision of this bureau, so no "
                 "案件调查终结报告 is written now.").format(status=shown_label("statuses", case.status))
    decision = _decision_named(db, case)
    if decision:
        return _report_refusal(decision, for_command_line)
    return _("The case is “{status}” and its decision was made ({decision}): the 案件调查终结报告 concludes the "
             "investigation before the notice and the decision, and is not written after them. If the decision was "
             "wrong, void it first (Void… beside it in the case's documents{or_void}).").format(
        status=shown_label("statuses", case.status), decision=case.decided_on or shown_label("statuses", case.status),
        or_void=or_docs_void(for_command_line))


def _archive_state(db: Database, case: Case) -> str | None:
    """卷宗封面, 卷内文件目录 and 卷内备考表 of a case still open: they are made when its file is put together at 归档,
    after 结案 (REFERENCE §1.1), and describe the file as it is then (the cover's 结案日期 and 处理结果, every document
    counted) — issued earlier, they would be signed for a file still growing. A case ended otherwise (transferred
    to the police, terminated, not filed) is filed too. The printed case file does not need them issued: it draws
    them from the case meanwhile (``casefile``)."""
    if case.status in ARCHIVED_STATES:
        return None
    return _("The case is “{status}”: the 卷宗封面, 卷内文件目录 and 卷内备考表 are made when its file is put together "
             "for archiving, after the case is closed, and are issued then. The case file can be printed meanwhile: "
             "its sheets are drawn from the case as it is.").format(
        status=shown_label("statuses", case.status))


def _report_refusal(document: str, for_command_line: bool = False) -> str:
    return _("The 案件调查终结报告 comes before the notice and the decision it leads to, and {document} is already "
             "issued: a report written after them would conclude an investigation already decided on. If that "
             "document was wrong, void it first (Void… beside it in the case's documents{or_void}), then write the "
             "report and notify the party again.").format(document=document, or_void=or_docs_void(for_command_line))


def _report_party(db: Database, case: Case, values: dict, *, for_command_line: bool = False,
                  supersedes: str | None = None) -> str | None:
    """案件调查终结报告 for a party whose decision in force, or whose 行政处罚告知书 in force, is already issued, naming
    it — unless, after the 告知书, it corrects the party's report in force (``supersedes``) or replaces the party's
    reports all voided, whenever they were voided (``_voided_reports``; warned of, ``_report_order``); a second
    report beside one in force is refused, saying to correct that one, and so is the first report of a party that
    never had one recorded (the notice was drawn from none here: void it first). The correction or the replacement
    is refused dated after the 告知书 (``_report_after_notice``)."""
    from workstation.documents.issuing import party_in_force

    party_id = party_of(case, values=values)
    decision = _decision_named(db, case, party_id)
    if decision:
        return _report_refusal(decision, for_command_line)
    notices = party_in_force(db, case, "pre_penalty_notice", party_id)
    if not notices:
        return None
    notice = "行政处罚告知书" + (notices[-1].number or "")
    reports = party_in_force(db, case, "investigation_report", party_id)
    if supersedes and any(supersedes in (d.id, d.number) for d in reports):
        return _report_after_notice(values, notices[-1])  # warned of the notice before it (``_report_order``)
    if reports:
        from workstation.documents.issuing import or_supersedes

        report = reports[-1]
        return _("The 案件调查终结报告 of this party (报告日期 {date}) is in force, and {notice} was issued after it: "
                 "a second report would stand beside it. If that report is wrong, correct it (更正… beside it in the "
                 "case's documents{or_supersedes}) rather than voiding it; a report voided is replaced by a new one, "
                 "but the notice issued on it stays as it was.").format(
            date=str(report.values.get("reported_on") or "—")[:10], notice=notice,
            or_supersedes=or_supersedes(report.number or report.id, for_command_line))
    if not _voided_reports(db, case, party_id):
        return _report_refusal(notice, for_command_line)
    return _report_after_notice(values, notices[-1])


def _voided_reports(db: Database, case: Case, party_id: str | None) -> list:
    """The party's 案件调查终结报告 voided (one recording no party: the case's first party's), oldest first."""
    from workstation.documents.issuing import kept_of_form

    return [d for d in kept_of_form(db, case.id, "investigation_report")
            if d.status == "void" and party_of(case, values=d.values) == party_id]


def _report_after_notice(values: dict, notice) -> str | None:
    """The 案件调查终结报告 issued while the party's 行政处罚告知书 (``notice``) is in force — correcting the party's
    report in force, or replacing its reports all voided (any voided, before the notice or after it) — dated after
    that notice: the report, corrected or new, concludes the investigation the notice follows (REFERENCE §1.1: 调查终结
    before 审核 before 告知), as a 案件审核表 dated before the report is refused (``_legal_review``)."""
    day, told = _day(values.get("reported_on")), _day(notice.values.get("issued_on"))
    if day is None or told is None or day <= told:
        return None
    return _("The 报告日期 ({date}) is after the 告知日期 of the 行政处罚告知书 {number} ({told}): the report concludes "
             "the investigation before the notice it leads to. Write the day the report was written, on or before "
             "{told} (the day the case's 调查终结 was recorded is the default).").format(
        date=day, number=notice.number or "", told=told)


def _report_order(db: Database, case: Case, values: dict) -> list[str]:
    """案件调查终结报告 dated after the day the case's 调查终结 was recorded (``formkit.values.investigation_concluded_on``:
    the report is written when the investigation ends; told, not refused — it may take days to write), and one issued
    while the party's 行政处罚告知书 is in force (replacing a report voided, or correcting one): the notice was issued
    before it, and states what the report it was drawn from concluded."""
    from workstation.documents.issuing import party_in_force
    from workstation.formkit.values import investigation_concluded_on

    warnings = []
    day, concluded = _day(values.get("reported_on")), investigation_concluded_on(db, case.id)
    if day is not None and concluded and day.isoformat() > concluded:
        warnings.append(_("The 报告日期 ({date}) is after the day the case's 调查终结 was recorded ({concluded}): the "
                          "report is written when the investigation ends, and is dated that day by default. If "
                          "{concluded} is the day it was written, write that day.").format(
            date=day.isoformat(), concluded=concluded))
    party_id = party_of(case, values=values)
    notices = party_in_force(db, case, "pre_penalty_notice", party_id)
    if notices:
        notice = notices[-1]
        warnings.append(_("The 行政处罚告知书 {number} (告知日期 {told}) was issued to the party before this 案件调查终结报告: "
                          "the notice states what the report it followed concluded. If this report "
                          "finds other facts or proposes another penalty or hearing right than the notice, correct "
                          "the notice too and serve it again.").format(
            number=notice.number or "", told=str(notice.values.get("issued_on") or "—")[:10]))
    return warnings


def _review_without_report(db: Database, case: Case, values: dict) -> list[str]:
    """案件审核表 of a party with no 案件调查终结报告 in force (none issued, or all voided: ``_voided_reports``) — the
    party's, in a case with several parties, each sheet reviewing one party's report: the review examines the report
    the officers wrote when the investigation ended (REFERENCE §1.1). Told, not refused: a report given on paper is
    not recorded here."""
    from workstation.documents.issuing import party_in_force

    party_id = party_of(case, values=values)
    if party_in_force(db, case, "investigation_report", party_id):
        return []
    if _voided_reports(db, case, party_id):
        return [_("Every 案件调查终结报告 of this party is void: the 案件审核表 reviews the report the officers wrote "
                  "when the investigation ended, and the case file holds it before the review. Issue a new report "
                  "first (a report voided is replaced by a new one).")]
    return [_("No 案件调查终结报告 of this party is issued: the 案件审核表 reviews the report the officers wrote when "
              "the investigation ended, and the case file holds it before the review. Issue the report first, unless "
              "it was written on paper.")]


#: the penalties a 案件调查终结报告 proposes: one of them at least, unless it proposes a disposal instead
#: (``_report_proposal``), as the 告知书 and the 决定书 impose one (their ``required_any``)
REPORT_PENALTIES = ("warning", "confiscated_fen", "confiscated_property", "fine_fen", "other_penalty")


def _report(db: Database, case: Case, values: dict, *, for_command_line: bool = False,
            supersedes: str | None = None) -> str | None:
    """案件调查终结报告: its party's notice or decision issued already (``_report_party``; ``supersedes``: the report
    it corrects), else what it proposes (``_report_proposal``), else illegal gains confiscated beyond those it
    states (``_report_gains``)."""
    return _report_party(db, case, values, for_command_line=for_command_line, supersedes=supersedes) or \
        _report_proposal(values) or _report_gains(values)


def _report_gains(values: dict) -> str | None:
    """案件调查终结报告 proposing to confiscate more illegal gains than its 违法所得 states: none stated, it prints
    现有证据不能证明当事人有违法所得 and then 没收违法所得; some, it confiscates what it says was not gained. Only what
    was gained illegally is confiscated (Penalty Law art. 28 para. 2, REFERENCE §2.3). The report is the only one
    of the documents proposing or imposing a penalty that states the gains (the 告知书 and 决定书 are held to the
    case's, ``penalty_terms.confiscation_refusal``)."""
    from workstation.documents.drafts import find_form
    from workstation.law.data import yuan

    confiscated, gains = Terms.of(values).confiscated_fen, int(values.get("illegal_gains_fen") or 0)
    if confiscated <= gains:
        return None
    form = find_form("investigation_report")
    stated, taken = form.field("illegal_gains_fen").label, form.field("confiscated_fen").label
    if not gains:
        return _("The 案件调查终结报告 proposes to confiscate {confiscated} of illegal gains ({taken}), but its {stated} "
                 "is empty, so it states that the evidence does not prove any illegal gains (现有证据不能证明当事人有违法"
                 "所得): only what was gained illegally is confiscated (Penalty Law art. 28 para. 2). Write the illegal "
                 "gains the evidence proves in {stated}, or clear {taken}.").format(
            confiscated=yuan(confiscated), taken=taken, stated=stated)
    return _("The 案件调查终结报告 proposes to confiscate {confiscated} of illegal gains ({taken}), more than the {gains} "
             "its {stated} states: only what was gained illegally is confiscated (Penalty Law art. 28 para. 2). "
             "Confiscate {gains} at most, or correct {stated} if the gains were larger.").format(
        confiscated=yuan(confiscated), taken=taken, gains=yuan(gains), stated=stated)


def _report_proposal(values: dict) -> str | None:
    """案件调查终结报告 proposing nothing — no penalty (``REPORT_PENALTIES``) and neither 不予行政处罚 nor 移送司法机关
    chosen (its ``disposal``) —, which would print 建议对当事人作出如下行政处罚： with a blank line after it; or a
    penalty and a disposal both, which say two things. Checked on issue: a draft may still be printed to be
    written in by hand."""
    from workstation.documents.drafts import find_form

    form = find_form("investigation_report")
    given = [name for name in (*REPORT_PENALTIES, "total_fen") if values.get(name) not in (None, "", 0, False)]
    disposal, label = str(values.get("disposal") or "").strip(), form.field("disposal").label
    if not given and not disposal:
        return _("The 案件调查终结报告 proposes nothing: {penalties} are all empty, and nothing is chosen in {label}. "
                 "Write the penalty proposed (tick the box, or type an amount above 0); or, when the report proposes "
                 "no penalty or a transfer to the judicial organs, choose that in {label}.").format(
            penalties="、".join(form.field(name).label for name in REPORT_PENALTIES), label=label)
    if given and disposal:
        return _("The 案件调查终结报告 proposes {disposal}, yet {labels} still hold a penalty: a report proposes a "
                 "penalty or {disposal}, not both. Clear them (the case's amounts are filled in by default), or leave "
                 "{label} unchosen.").format(disposal=disposal, label=label,
                                             labels="、".join(form.field(name).label for name in given))
    return None


#: the releases, each with the document it ends (its form) and its field naming that document's 文号
RELEASES = {"compulsory_measure_release": ("compulsory_measure_decision", "decision_no"),
            "preservation_release": ("preservation_notice", "notice_no")}
#: the documents holding goods (seized, sealed up, preserved), each with its release
HOLDING_FORMS = {held: release for release, (held, _field) in RELEASES.items()}


class _Held:
    """What a document holding goods still holds of one item, once its releases are counted: ``left`` (number,
    unit) while its quantity and each release's are plain numbers of one unit, else None (not known);
    ``written`` its 数量 as written while nothing was released; ``gone`` once all of it is released, and
    ``releases`` the 文号 of the releases that gave some back."""

    def __init__(self, item):
        self.item, self.left, self.written = item, item.amount, item.quantity
        self.gone, self.releases = False, []

    def add(self, item) -> None:
        """Another line of the same item in the document: its quantity counts too."""
        amount = item.amount
        self.left = (self.left[0] + amount[0], amount[1]) if self.left and amount and amount[1] == self.left[1] \
            else None
        self.written = None

    def release(self, item, number: str | None) -> None:
        from workstation.formkit.measures import compared

        amount = item.amount
        if self.left is not None and amount is not None and amount[1] == self.left[1]:
            self.left = (self.left[0] - amount[0], self.left[1])
            self.gone = self.gone or self.left[0] <= 0
        elif self.written is not None and compared(item.quantity) == compared(self.written):
            self.gone = True  # the whole of it, written alike ("一批"), given back
        else:
            self.left = None
        self.written = None  # what is left is no longer the quantity written
        if number:
            self.releases.append(number)

    def left_text(self) -> str:
        return f"{self.left[0].normalize():f}{self.left[1]}" if self.left else ""


def _holding(db: Database, case: Case, document, supersedes: str | None = None) -> dict[tuple[str, str], _Held]:
    """What the document ``document`` (a 实施行政强制措施决定书 or 先行登记保存证据通知书 issued here) still holds, by
    item (``measures.Item.key``): its items less those its releases in force gave back — neither voided nor
    corrected, nor the one ``supersedes`` names (the release a new one corrects)."""
    from workstation.documents.issuing import in_force_of_form
    from workstation.formkit.measures import item_rows, same_number

    held: dict[tuple[str, str], _Held] = {}
    for item in item_rows(document.values.get("items")):
        if item.key in held:
            held[item.key].add(item)
        else:
            held[item.key] = _Held(item)
    release_form = HOLDING_FORMS[document.form_id]
    field = RELEASES[release_form][1]
    for release in in_force_of_form(db, case.id, release_form):
        if not same_number(release.values.get(field), document.number) or (
                supersedes and supersedes in (release.id, release.number)):
            continue
        for item in item_rows(release.values.get("items")):
            if item.key in held:
                held[item.key].release(item, release.number or release.id)
    return held


#: of each release, the field of the document it names giving the day it seized or preserved the goods, and the
#: release's own fields that day bounds: the day it states that was done, its 解除日期 and its 落款日期
RELEASE_DATES = {"compulsory_measure_release": ("decided_on", ("measured_on", "released_on", "signed_on")),
                 "preservation_release": ("preserved_on", ("preserved_on", "released_on", "signed_on"))}


def _release_dates(db: Database, case: Case, form_id: str, values: dict) -> str | None:
    """解除行政强制措施决定书 or 解除先行登记保存证据通知书 stating the goods seized (preserved), or released, or signed
    before the date of the document it names by its 文号 when issued here: its ``not_before`` compares only with the
    day the release itself states (a field the officer may edit), as ``_original_end_refusal`` holds the extension
    to the measure's own end. A document given on paper is not compared."""
    from workstation.documents.drafts import find_form
    from workstation.formkit.measures import named_document

    held_form, number_field = RELEASES[form_id]
    number = str(values.get(number_field) or "").strip()
    document = named_document(db, case, held_form, number) if number else None
    held_field, fields = RELEASE_DATES[form_id]
    held_on = _day(document.values.get(held_field)) if document else None
    if held_on is None:
        return None
    form = find_form(form_id)
    for name in fields:
        day = _day(values.get(name))
        if day and day < held_on:
            return _("The {label} ({day}) is before the date of the {title} {number} it names ({held}): the goods "
                     "were held by that document from its date, and are released on or after it. Write {held} or a "
                     "later day, or name the document that holds them.").format(
                label=form.field(name).label, day=day, title=find_form(held_form).title, number=document.number,
                held=held_on)
    return None


def _released_items(db: Database, case: Case, form_id: str, values: dict, document,
                    supersedes: str | None, for_command_line: bool = False) -> str | None:
    """解除行政强制措施决定书 or 解除先行登记保存证据通知书 releasing, of ``document`` — the one it names by its 文号,
    else the one its default takes (``_named_holding``) — an item that document never held, more of one than it
    still holds (quantities compared only when both are plain numbers of one unit), or one its earlier releases
    gave back already (naming them): the release states that those items were seized or preserved by that
    document and are now returned (行政强制法 art. 28; 行政处罚法 art. 56). A document given on paper (None) is not
    compared. An earlier release is corrected with 更正… in the case's documents (and, ``for_command_line``,
    ``--supersedes``)."""
    from workstation.documents.drafts import find_form
    from workstation.documents.issuing import or_supersedes
    from workstation.formkit.measures import item_rows

    held_form = RELEASES[form_id][0]
    items = item_rows(values.get("items"))
    if document is None or not items:
        return None
    problems = _item_problems(_holding(db, case, document, supersedes), items,
                              _("line {line} ({item}) releases {quantity}, but it holds only {left} of it"))
    if not problems:
        return None
    title = find_form(held_form).title
    return _("The items of this {release} do not match what the {title} {number} holds: {problems}. A release "
             "returns only what that document seized or preserved and still holds, as it states. Remove or correct "
             "those lines, or name the document that holds them; to change an earlier release, issue the new one as "
             "its correction (更正… in the case's documents{or_supersedes}).").format(
        release=find_form(form_id).title, title=title, number=document.number, problems="; ".join(problems),
        or_supersedes=or_supersedes(None, for_command_line))


#: the objects a 实施行政强制措施决定书 seals up or seizes (its 实施对象, written alone or together: 设施、财物)
MEASURE_OBJECTS = ("场所", "设施", "财物")


def _other_measure(values: dict, document) -> tuple[str, str] | None:
    """(the measure ``document`` decided, the one ``values`` tick) when both are given and differ (查封 for a 扣押): a
    release or a 场所/设施/财物清单 states what the 实施行政强制措施决定书 it names decided; None otherwise."""
    measure, ticked = str(document.values.get("measure") or ""), str(values.get("measure") or "")
    return (measure, ticked) if measure and ticked and measure != ticked else None


def _released_measure(form_id: str, values: dict, document) -> str | None:
    """解除行政强制措施决定书 ticking another measure than the 实施行政强制措施决定书 it names (``document``,
    ``_named_holding``) decided (查封 for a 扣押), or naming among its 实施对象 a 场所, 设施 or 财物 that decision did not
    take: the release states what that decision sealed up or seized and ends it (行政强制法 art. 28), as the
    场所/设施/财物清单 is held to its decision (``_listed_items``). A decision given on paper (None), or objects the
    decision words otherwise, are not compared."""
    if form_id != "compulsory_measure_release" or document is None:
        return None
    from workstation.documents.drafts import find_form

    title, number = find_form(form_id).title, document.number or ""
    if (other := _other_measure(values, document)) is not None:
        measure, released = other
        return _("The {title} ticks {released}, but the 实施行政强制措施决定书 {number} it releases decided {measure}: "
                 "the release ends what that decision did. Tick {measure}, or name the decision of {released} in "
                 "实施行政强制措施决定书文号.").format(title=title, released=released, number=number, measure=measure)
    taken = [word for word in MEASURE_OBJECTS if word in str(document.values.get("objects") or "")]
    named = [word for word in MEASURE_OBJECTS if word in str(values.get("objects") or "")]
    others = [word for word in named if word not in taken]
    if taken and others:
        return _("The {title} releases {objects}, but the 实施行政强制措施决定书 {number} it names took {taken} only: "
                 "the release returns what that decision sealed up or seized. Write its 实施对象 as the decision "
                 "did ({taken}, or part of it), or name the decision that took them.").format(
            title=title, objects="、".join(others), number=number, taken="、".join(taken))
    return None


def _item_problems(held: dict, items: list, more: str) -> list[str]:
    """What is wrong with ``items`` (lines of a release or transfer) against what a document still holds (``held``,
    ``_holding``): an item it never held, one its releases gave back already (naming them), more of one than it
    holds (``more``, worded for the document: releases…, transfers…)."""
    problems = []
    for item in items:
        state = held.get(item.key)
        if state is None:
            problems.append(_("line {line} ({item}) is not among its items").format(line=item.line,
                                                                                     item=item.shown))
        elif state.gone:
            problems.append(_("line {line} ({item}) was released already by {releases}").format(
                line=item.line, item=item.shown, releases="、".join(dict.fromkeys(state.releases))))
        elif state.left and item.amount and item.amount[1] == state.left[1] and item.amount[0] > state.left[0]:
            problems.append(more.format(line=item.line, item=item.shown, quantity=item.quantity,
                                        left=state.left_text()))
        if state is not None and not state.gone:
            state.release(item, None)  # the same item twice in one document: both lines count
    return problems


#: the documents acting on the goods a 实施行政强制措施决定书 (先行登记保存证据通知书) still holds, naming it by its 文号:
#: {form: (the form it names, its field of that 文号)} — the releases, the extension, the transfer of the goods, the
#: 场所/设施/财物清单 and the 协助扣押通知书
NAMING_HELD = {**RELEASES, "compulsory_measure_extension": ("compulsory_measure_decision", "decision_no"),
               "seized_items_transfer_notice": ("compulsory_measure_decision", "decision_no"),
               "seized_items_list": ("compulsory_measure_decision", "decision_no"),
               "seizure_assistance_notice": ("compulsory_measure_decision", "decision_no")}


def _named_holding(db: Database, case: Case, form_id: str, values: dict):
    """The document issued here that ``form_id`` (``NAMING_HELD``) with ``values`` names by its 文号, else the one its
    default takes (``measures.measures_context``); None for one given on paper."""
    from workstation.documents.addressee import PARTY_KEY
    from workstation.formkit.measures import measures_context, named_document, number_source

    held_form, field = NAMING_HELD[form_id]
    number = str(values.get(field) or "").strip() or measures_context(
        db, case, values.get(PARTY_KEY) or None).get(number_source(held_form))
    return named_document(db, case, held_form, number) if number else None


def _released_in_full(db: Database, case: Case, form_id: str, document, supersedes: str | None) -> str | None:
    """A release, extension or transfer of the goods (``NAMING_HELD``) of ``document`` (the one it names,
    ``_named_holding``) whose items its releases in force gave back, all of them (naming them): the measure has
    ended, nothing is left to release, to hold longer or to transfer (行政强制法 arts. 25, 28). A correction of a
    release does not count the release it corrects. A document given on paper (None) is not compared."""
    from workstation.documents.drafts import find_form

    if document is None:
        return None
    held = _holding(db, case, document, supersedes if form_id in RELEASES else None)
    if not held or not all(state.gone for state in held.values()):
        return None
    return _("Every item of the {title} {number} was released, by {releases}: it holds nothing any more, so no "
             "{document} is issued for it. If a release was wrong, correct or void it first; goods held anew are "
             "held by a new {title}.").format(
        title=find_form(document.form_id).title, number=document.number or "", document=find_form(form_id).title,
        releases="、".join(dict.fromkeys(number for state in held.values() for number in state.releases)))


def _transferred_items(db: Database, case: Case, values: dict, document) -> str | None:
    """查封/扣押物品移送告知书 transferring, of ``document`` (the 实施行政强制措施决定书 it names, ``_named_holding``), an
    item it never held, one its releases gave back already (naming them), or more of one than it still holds: the
    goods transferred with the case are those seized and still held, not those returned to the party. A decision
    given on paper (None) is not compared."""
    from workstation.documents.drafts import find_form
    from workstation.formkit.measures import item_rows

    items = item_rows(values.get("items"))
    if document is None or not items:
        return None
    problems = _item_problems(_holding(db, case, document), items,
                              _("line {line} ({item}) transfers {quantity}, but it holds only {left} of it"))
    if not problems:
        return None
    return _("The items of this {transfer} do not match what the {title} {number} still holds: {problems}. The "
             "goods transferred are those that decision seized and still holds, not those released. Remove or "
             "correct those lines, or name the decision that holds them.").format(
        transfer=find_form("seized_items_transfer_notice").title, title=document.title,
        number=document.number or "", problems="; ".join(problems))


def _listed_items(db: Database, case: Case, values: dict, document) -> str | None:
    """场所/设施/财物清单 of ``document`` (the 实施行政强制措施决定书 it names, ``_named_holding``) ticking another measure
    than that decision takes (查封 for a 扣押), or listing an item the decision never held, one its releases gave back
    already (naming them), or more of one than it still holds: the list states what that decision sealed up or seized
    (行政强制法 art. 24); or dated (实施日期) before that decision: the goods are seized under it, on or after its date
    — as ``_release_dates`` holds a release to the document it names, the form's ``not_before`` holding the day to
    the filing only. A decision given on paper (None) is not compared."""
    from workstation.documents.drafts import find_form
    from workstation.formkit.measures import item_rows

    title = find_form("seized_items_list").title
    if document is None:
        return None
    if (other := _other_measure(values, document)) is not None:
        measure, listed = other
        return _("The {title} ticks {listed}, but the 实施行政强制措施决定书 {number} it belongs to decides {measure}: "
                 "the list states what that decision sealed up or seized. Tick {measure}, or name the decision of "
                 "{listed}.").format(title=title, listed=listed, number=document.number or "", measure=measure)
    done, decided = _day(values.get("done_on")), _day(document.values.get("decided_on"))
    if done and decided and done < decided:
        return _("The 实施日期 ({done}) of this {title} is before the date of the 实施行政强制措施决定书 {number} it "
                 "belongs to ({decided}): the goods are sealed up or seized under that decision, on or after its "
                 "date. Write {decided} or a later day, or name the decision the list belongs to.").format(
            done=done, title=title, number=document.number or "", decided=decided)
    items = item_rows(values.get("items"))
    problems = _item_problems(_holding(db, case, document), items,
                              _("line {line} ({item}) lists {quantity}, but it holds only {left} of it")) if items \
        else []
    if not problems:
        return None
    return _("The items of this {title} do not match what the 实施行政强制措施决定书 {number} holds: {problems}. The "
             "list states what that decision sealed up or seized and still holds (行政强制法 art. 24). Remove or "
             "correct those lines, or name the decision that holds them.").format(
        title=title, number=document.number or "", problems="; ".join(problems))


def _assisted_measure(values: dict, document) -> str | None:
    """协助扣押通知书 naming a 实施行政强制措施决定书 issued here (``document``, ``_named_holding``) that decided 查封,
    its field measure saying 扣押 all the same (typed over what the decision gives, which the form's choice refuses):
    the notice tells the assisting body that decision seized the goods (REFERENCE §2.1 No. 18 asks assistance with a
    seizure alone). A decision given on paper (None) is not compared."""
    if document is None:
        return None
    measure = str(document.values.get("measure") or "")
    if not measure or measure == str(values.get("measure") or "扣押"):
        return None
    return _("The 实施行政强制措施决定书 {number} named by this 协助扣押通知书 decides {measure}, not 扣押: the notice "
             "tells the assisting body that the bureau decided to seize (扣押) the goods. Name the decision of 扣押 it "
             "assists in 实施行政强制措施决定书文号; a seal-up ({measure}) is not assisted by this notice.").format(
        number=document.number or "", measure=measure)


#: a key of the values ``stage_warnings`` is told before a correction is issued: the id of the document it replaces,
#: which the correction does not repeat (``_held_again``)
CORRECTS = "_corrects"


def _held_again(db: Database, case: Case, form_id: str, values: dict) -> list[str]:
    """实施行政强制措施决定书 or 先行登记保存证据通知书 listing items another one of the party in force still holds
    (not released): the same goods would be seized or preserved twice, each document in force with its own 文号
    and period. Told, not refused: goods named alike may be others. The document being warned of is not counted
    as holding them: the command line tells its warnings once it is issued (in the transaction issuing it, where it
    is the case's last of its form, with these very values)."""
    from workstation.documents.issuing import party_in_force
    from workstation.formkit.measures import item_rows

    items = item_rows(values.get("items"))
    if not items:
        return []
    held = party_in_force(db, case, form_id, party_of(case, values=values))
    if held and db.conn.in_transaction and held[-1].values == values:
        held = held[:-1]
    held = [document for document in held if document.id != values.get(CORRECTS)]
    warnings = []
    for document in held:
        holding = _holding(db, case, document)
        again = [item.shown for item in items if item.key in holding and not holding[item.key].gone]
        if again:
            warnings.append(_("{items} of this document are held already by the {title} {number}, in force and not "
                              "released: the same goods would be seized or preserved twice. If that document is "
                              "wrong, correct or void it instead; if these are other goods, tell them apart by their "
                              "name or specification.").format(items="、".join(dict.fromkeys(again)),
                                                               title=document.title, number=document.number or ""))
    return warnings


def _measure_items(_db: Database, _case: Case, values: dict) -> str | None:
    """实施行政强制措施决定书 without its items: the decision states the name and quantity of each place, facility or
    thing sealed or seized (行政强制法 art. 24), and the 场所/设施/财物清单 handed over with it is drawn from them."""
    if str(values.get("items") or "").strip(" \n|｜"):
        return None
    return _("The table 查封、扣押的场所、设施、财物 of the 实施行政强制措施决定书 is empty: the decision states the name "
             "and quantity of what is sealed or seized (行政强制法 art. 24), and the 场所/设施/财物清单 handed over "
             "with it takes its items from the decision. Enter one line per item (number, name, specification, quantity "
             "and remarks, separated by |), then issue the decision and its list; a draft left empty prints blank "
             "rows to be filled in on the spot.")


#: the documents whose checks are told ``for_command_line``, so that a refusal names the command's own way beside
#: the window's: in ``_STATE_REFUSALS``, and in ``_REFUSALS`` (the party's own decision), those refused after the
#: decision say to void it first (Void… in the case's documents, `docs void`); the 案件审核表's (``legal_review``) says
#: to correct the report it follows (更正…, ``--supersedes``). The 案件调查终结报告's (``_report``) is called by
#: ``stage_refusal`` itself, told the report it corrects too
_VOID_FIRST_STATES = ("pre_penalty_notice", "investigation_report", *INVESTIGATION_DOCUMENTS)
_VOID_FIRST_STAGES = ("pre_penalty_notice", "case_transfer_letter", "legal_review")

_STATE_REFUSALS: dict[str, Callable[..., str | None]] = {
    **{form_id: functools.partial(_hearing_state, form_id=form_id) for form_id in ("hearing_notice",
                                                                                  *HEARING_DOCUMENTS)},
    "case_transfer_letter": _transfer_letter,
    "assignment_notice": _assignment_state,
    "police_transfer": _police_transfer_state,
    "jurisdiction_notice": _designating,
    "report_result_notice": _lead_letter,
    "non_filing_approval": _non_filing,
    # the 当场行政处罚决定书's state first, then the threshold (``_on_the_spot_state``)
    **{form_id: functools.partial(_threshold_refusal, form_id=form_id) for form_id in _THRESHOLD_STEPS
       if form_id != "on_the_spot_decision"},
    "on_the_spot_decision": _on_the_spot_state,
    "pre_penalty_notice": _notice_state,
    **{form_id: functools.partial(_investigation_state, form_id=form_id) for form_id in INVESTIGATION_DOCUMENTS},
    "investigation_report": _report_state,
    **dict.fromkeys(ARCHIVE_FORMS, _archive_state),
}


def _listed_dates(db: Database, case: Case, values: dict, form_id: str) -> str | None:
    """An extraction record listing an item of the register collected on another day than it records
    (``store.evidence.listed_dates_refusal``)."""
    from workstation.store.evidence import listed_dates_refusal

    return listed_dates_refusal(db, case, values, form_id)


def _receipt_refusal(db: Database, case: Case, values: dict) -> str | None:
    """A 送达回证 of no document in force (``_served_refusal``), then dated before the document it names or serving a
    decision electronically without the party's consent (``document_clocks.receipt_refusal``)."""
    from workstation.document_clocks import receipt_refusal

    return _served_refusal(db, case, values, "delivery_receipt") or receipt_refusal(db, case, values)


_REFUSALS: dict[str, Callable[..., str | None]] = {
    "enforcement_application": _enforcement,
    "hearing_notice": _hearing_notice,
    **{form_id: functools.partial(_hearing_document, form_id=form_id) for form_id in HEARING_DOCUMENTS},
    "closing_approval": _closing,
    "on_the_spot_decision": _on_the_spot,
    "payment_deferral_notice": _deferral,
    "performance_demand": _demand_in_deferral,
    "matter_approval": _matter_approval,
    "pre_penalty_notice": _notice_party,
    # a 送达回证 or 送达公告 of a document in force of the case (never one void, corrected or never issued)
    **{form_id: functools.partial(_served_refusal, form_id=form_id) for form_id in SERVING_FORMS},
    "delivery_receipt": _receipt_refusal,  # and its day, its 电子送达 of a decision (document_clocks.receipt_refusal)
    "compulsory_measure_decision": _measure_items,
    "penalty_decision": _penalty_decision,
    "no_penalty_decision": _no_penalty_decision,
    "decision_approval": _decision_approval,
    "filing_approval": _filing_date,
    "non_filing_approval": _non_filing_date,
    "refund_order": _refund_amount,
    "legal_review": _legal_review,
    "case_transfer_letter": _transfer_letter,  # its receiver: of a lead referred with it, the lead's agency
    # a record of an extraction lists the items collected on the day it records (store.evidence)
    **{form_id: functools.partial(_listed_dates, form_id=form_id)
       for form_id in ("electronic_evidence_record", "evidence_extraction")},
}
