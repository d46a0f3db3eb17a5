"""Asking for the date and, where the law requires one, the reason of a procedure action; a date the procedure
refuses (not yet come, before the case's latest step, inside the party's statement period) or a missing reason is
said under its field once the officer has changed and left it, or tried OK (``ui.field_errors``), and OK's tooltip
says it meanwhile. An action one party takes in a case with several parties (the hearing request, the waiver) asks
which party, among those the procedure lets take it; the service of the pre-penalty notice asks on which party, or on
all on one date (``party_choices``), and the date is judged for the party chosen. An action the law warns about (filing an act whose limitation period has
run, Penalty Law art. 36) shows the warning, and OK waits until the officer ticks that they read it; the timeline
records that.
An action made with a document (the transfer to the police, with its 涉嫌犯罪案件移送书) names the one issued, or
warns that none was and offers to write it; the transfer also warns of no head's approval of its report recorded. Filing also takes the optional day the filing was proposed for approval
(立案呈批日期, ``FilingProposal``), checked against the filing date as typed; after the 立案审批表 was issued, both
start at the days it bears, and other days are warned of (``filing_advice``). 不予立案 of a case sent away by its
案件移送函 records the referral: the letter named, the date and reason starting at its own (``referral_advice``). The payment (履行完毕) takes the amount
paid, the surcharge (加处罚款) in it and the payment voucher's number (``PaymentCheck``): an amount that is not
unreadable but differs from what is owed on the day picked is warned about (``workstation.payments``); a decision
that imposed no money (a warning only) asks for no amount and says there is nothing to pay; a party whose own amount
is not known (a case with several parties decided outside the workstation) gets nothing prefilled, and is told why. Closing a
case (结案) warns of a 结案审批表 not issued, of a penalty not yet published and of case articles not yet handed over
to the police (``closing_warning``); concluding the
investigation (调查终结), of a case with no issued record and no registered evidence, and submitting it for review
(提交审核), of no 调查终结报告 issued (``conclusion_warning``); deciding or serving the penalty (作出行政处罚决定,
送达处罚决定书) with no 行政处罚决定书 issued, of where the amounts decided outside go (``no_decision_warning``);
serving the pre-penalty notice (送达行政处罚告知书) with no 行政处罚告知书 in force, of what the party is taken as told
of (``no_notice_warning``); archiving (归档) with the 卷宗封面, 卷内文件目录 or 卷内备考表 not issued
or out of date, or the cover's 归档日期 another day (``archive_warning``; a blank one said, ``archive_advice``);
applying to the court for enforcement after T16 ran out, that the court may refuse it (``late_enforcement_warning``);
deciding after the time limit for the decision (T2) ran out, its last day and the days over
(``late_decision_warning``); 不予立案 with no 不予立案审批表 issued (``with_count_warning``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.access_keys import with_fixed_letter
from ui.date_edits import DateEdit
from ui.dialog_undo import DialogEdits, FieldsHistory
from ui.field_widgets import date_placeholder
from ui.layouts import AsksBeforeDropping, error_label, fit_to_fields, scrolled_fields, show_field_errors
from workstation.errors import join_sentences
from workstation.i18n import _
from workstation.money import chinese_date
from workstation.records import today

# why the action cannot be recorded with a date (ISO text), None when it can; with parties to choose from, it is
# also given the id of the party chosen (None: the whole case, or every party)
DateCheck = Callable[..., "str | None"]
# what the officer must read before recording the action with a date (ISO text), and the note the timeline keeps
# once they acknowledged it; None when there is nothing to warn about. With parties to choose from, it is also given
# the id of the party chosen (None: the whole case, or every party)
DateWarning = Callable[..., "tuple[str, str] | None"]

def limitation_warning(case, action: str, db=None) -> DateWarning | None:
    """The limitation-period warning of ``action`` on ``case`` (``case_law.limitation_warning``), None for an action
    that does not go on towards a penalty. With ``db``, the act counts as discovered when the case's lead was
    received (``case_law.discovery_day``), not on the day it was assigned."""
    from workstation.law.case_law import LIMITATION_ADVICE, discovery_day
    from workstation.law.case_law import limitation_warning as warned

    if action not in LIMITATION_ADVICE:
        return None
    discovered = discovery_day(db, case) if db is not None else None
    return lambda on_date, _party_id=None: warned(case, action, on_date, discovered)


def party_choices(db, case, action: str) -> list[tuple[str | None, str]]:
    """The parties (id, name) the dialog offers for ``action`` in a case with several parties, empty otherwise:
    those who may ask for a hearing; for the service of the pre-penalty notice, "all parties, on one date" (None,
    the common case) and then each party not yet served; for the waiver, each party who may still waive (one at a
    time: a waiver is its party's own); for the withdrawal of a hearing request and the absence from the hearing,
    each party whose hearing is pending; likewise for the service of the decision and the payment
    (``_decision_party_choices``)."""
    from workstation import procedure
    from workstation.party_notices import unserved_parties, waiving_parties

    redo = procedure.redo_noticing_parties(db, case, action)
    if redo is not None:  # the new notice of a party decided anew, the case's status staying: that party's alone
        return [(party.id, party.name) for party in redo]
    if action == "request_hearing":
        return [(party.id, party.name) for party, refusal in procedure.hearing_request_refusals(db, case)
                if party is not None and refusal is None]
    if action == "send_pre_notice":
        return _service_choices(unserved_parties(db, case), first=case.status == "under_review")
    if action == "waive_statement":
        return [(party.id, party.name) for party in waiving_parties(db, case)]
    if action in procedure.HEARING_GIVEN_UP:  # each party whose hearing is pending gives up its own
        from workstation.store import parties_of_case

        pending = procedure.pending_hearings(db, case)
        return [(party.id, party.name) for party in parties_of_case(db, case.id) if party.id in pending]
    return _decision_party_choices(db, case, action)


def _decision_party_choices(db, case, action: str) -> list[tuple[str | None, str]]:
    """The service of the decision: "all parties, on one date" and each party not yet served, as for the notice;
    the payment: each party that may pay now (each pays its own fine)."""
    from workstation.party_decisions import paying_parties, unserved_parties

    if action == "serve_decision":
        return _service_choices(unserved_parties(db, case), first=case.status == "penalty_decided")
    if action == "record_performance":
        return [(party.id, party.name) for party in paying_parties(db, case)]
    if action == "apply_enforcement":  # each party that did not pay, in a case with several parties
        from workstation.enforcement import choices
        from workstation.store import parties_of_case

        if len(parties_of_case(db, case.id)) < 2:
            return []
        return [(party.id, party.name) for party in choices(db, case)]
    if action == "redecide":  # an order to decide anew concerning one party: recorded for that party (``--party``)
        return _redecide_choices(db, case)
    return []


def _redecide_choices(db, case) -> list[tuple[str | None, str]]:
    """重新作出处理决定 in a case with several parties: each party an order to decide anew concerning it alone is
    pending for (``procedure.party_redo_orders``) — the only one chosen already, several after a first entry asking to
    choose (the step is recorded for one party at a time); empty after an order of the whole case, recorded for the
    case."""
    from workstation import procedure
    from workstation.store import parties_of_case

    pending = procedure.party_redo_orders(db, case)
    if not pending or procedure.party_refusal(db, case, "redecide", None) is None:
        return []
    choices = [(party.id, party.name) for party in parties_of_case(db, case.id) if party.id in pending]
    return ([(None, _("Choose the party the new decision was ordered for"))] if len(choices) > 1 else []) + choices


def _service_choices(unserved: list, *, first: bool) -> list[tuple[str | None, str]]:
    """A service (of the notice or of the decision): each party not yet served and, when there are several, all of
    them on one date ("all parties" for the first service, "all parties not yet served" after it)."""
    if not unserved:
        return []
    everyone = _("All parties, on one date") if first else _("All parties not yet served, on one date")
    return ([(None, everyone)] if len(unserved) > 1 else []) + [(party.id, party.name) for party in unserved]


@dataclass(frozen=True)
class Advice:
    """What the dialog says of an action besides its date and reason: ``info`` shown above the date, ``note``
    added to what the timeline records, and ``offer`` a button (its text, what it opens) that closes the dialog
    without recording the action, then opens what the action needs first (the document it is made with)."""

    info: str = ""
    note: str = ""
    offer: tuple[str, Callable[[], None]] | None = None
    date: str = ""  # the day the dialog starts at instead of today (ISO), the day the action's document bears
    reason: str = ""  # the reason the dialog starts with, the one the action's document gives
    # the advice of the party chosen in the dialog, when it is that party's own (a service: its 送达回证's day);
    # asked again each time another party is chosen (``TransitionDialog._advise_party``)
    for_party: Callable[[str | None], Advice] | None = None


def on_the_spot_advice(db, case) -> Advice:
    """当场处罚 records the issued 当场行政处罚决定书: named with its serial and the day it bears, which the date starts
    at (the decision is made and handed over on the spot, Penalty Law art. 52)."""
    from workstation.procedure import on_the_spot_decision

    decision = on_the_spot_decision(db, case)
    if decision is None:
        return Advice()
    return Advice(info=_("The 当场行政处罚决定书 {serial} of {date} is recorded: the case is decided and served that "
                         "day, with its fine, under the simple procedure.").format(
        serial=decision.serial, date=chinese_date(decision.dated)), date=decision.dated)


def decision_advice(db, case) -> Advice:
    """作出行政处罚决定 after the 行政处罚决定书 of a case with one party was issued: the date starts at the day the
    document bears (its 决定日期), which the procedure requires (``procedure.decision_document_day``)."""
    from workstation.penalty_terms import decisions_in_force
    from workstation.procedure import decision_document_day

    day = decision_document_day(db, case)
    if day is None:
        return Advice()
    number = next((d.number for d in decisions_in_force(db, case) if d.decided_on == day), "")
    return Advice(info=_("The 行政处罚决定书 {number} of {date} is issued: the decision is recorded with the day it "
                         "bears.").format(number=number or _("(no number)"), date=chinese_date(day)), date=day)


# the decision steps recorded in the window, with the 决定书 each is made with and then issued and served
DECISION_DOCUMENTS = {"decide_penalty": "penalty_decision", "decide_no_penalty": "no_penalty_decision"}


@dataclass(frozen=True)
class DecisionToDraft:
    """The 决定书 a decision step just recorded still needs (``decision_to_draft``): its form, the party it is for
    (None in a case with one party) and the question offering to draft it now, with its two answers."""

    form_id: str
    party_id: str | None
    question: str
    draft: str
    later: str


def decision_to_draft(db, case, action: str, forms: dict, offered=frozenset()) -> DecisionToDraft | None:
    """After 作出行政处罚决定 or 作出不予行政处罚决定 (``DECISION_DOCUMENTS``) was recorded: the 行政处罚决定书 (不予行政处罚决定书)
    that must now be issued and served when none is in force for the case — in a case with several parties, for the
    first party no decision of either kind in force concludes (``party_decisions.unconcluded_parties``, as
    ``undecided_parties`` reads them) —, offered to draft now; None when there is nothing to offer, or
    when its form is not among ``forms`` (the documents section's: a form file missing or broken is not offered).
    Only offered: a decision made outside the workstation (on paper) is recorded as it was (README). ``offered``:
    the ids of the parties offered already (their editors opened), left out so that the next one is offered."""
    form_id = DECISION_DOCUMENTS.get(action)
    if form_id is None or form_id not in forms:
        return None
    from workstation.party_decisions import unconcluded_parties
    from workstation.store import parties_of_case
    from workstation.vocabulary import shown_label

    parties = parties_of_case(db, case.id)
    missing = [party for party in (unconcluded_parties(db, case, parties) if parties else [])
               if party.id not in offered]
    if not missing:
        return None
    title = forms[form_id].title
    later = _("Not now")
    if len(parties) > 1:
        from workstation.masking import mask_text

        question = _("“{action}” is recorded, but no {document} is in force for {party}: it must now be issued and "
                     "served on that party. Draft it now? (Choose “{later}” if it was written on paper.)").format(
            action=shown_label("transitions", action), document=title, party=mask_text(missing[0].name),
            later=later)
    else:
        question = _("“{action}” is recorded, but no {document} is in force in this case: it must now be issued and "
                     "served. Draft it now? (Choose “{later}” if it was written on paper.)").format(
            action=shown_label("transitions", action), document=title, later=later)
    return DecisionToDraft(form_id, missing[0].id if len(parties) > 1 else None, question,
                           _("Draft the {document}").format(document=title), later)


def failed_review_text(failed) -> str:
    """The failed review (``procedure.failed_review``) 退回补充调查 answers: said with its button and in its dialog."""
    return _("{review} The case goes back to its investigation, the 案件审核表 kept; submitted again, its review "
             "counts anew.").format(review=failed.sentence())


def return_advice(db, case) -> Advice:
    """退回补充调查 after a review that did not pass: the review named above the date (as its button's tooltip does),
    the reason started from the review's 存在的问题及建议 (the officer edits it); nothing without one."""
    from workstation.documents.issuing import get_document
    from workstation.procedure import failed_review

    failed = failed_review(db, case)
    if failed is None:
        return Advice()
    problems = str(get_document(db, failed.document_id).values.get("problems") or "").strip()
    return Advice(info=failed_review_text(failed), reason=problems)


def service_advice(db, case, action: str) -> Advice:
    """送达行政处罚告知书 and 送达行政处罚决定书 (``procedure.SERVICE_STEPS``) after a 送达回证 of the document was issued:
    the date starts at its 送达日期 (``procedure.receipt_day``), which the service is recorded with — in a case with
    several parties, that of the party chosen in the dialog (``for_party``; none for all parties on one date)."""
    from workstation.procedure import receipt_day

    def advice(party_id: str | None) -> Advice:
        served = receipt_day(db, case, action, (party_id,) if party_id else ())
        if served is None:
            return Advice(for_party=advice)
        return Advice(info=_("The 送达回证 of this document records its service on {date}: the service is recorded "
                             "with that day.").format(date=chinese_date(served)), date=served, for_party=advice)

    return advice(None)


def hearing_given_up_advice(action: str, several: bool = False) -> Advice:
    """当事人撤回听证申请 and 当事人无正当理由未参加听证 (``procedure.HEARING_GIVEN_UP``): no hearing is held and the
    case goes on to its decision, whose documents say why; the reason the dialog asks for records how. ``several``:
    the hearings of several parties are pending, and the step is the chosen party's own."""
    if action == "withdraw_hearing":
        info = _("No hearing is held: the case goes on to its decision, whose documents say that the party withdrew "
                 "its request. Write under Reason how it was withdrawn: in writing (its letter), or orally, recorded "
                 "in a 笔录.")
    else:
        info = _("No hearing is held: the party, told of the hearing, stayed away from it without good reason, which "
                 "gives the hearing up (Penalty Law art. 64 (6)); the case goes on to its decision, whose documents "
                 "say so. Write under Reason what happened (未到场, and any reason given).")
    if several:
        info = join_sentences([info, _("Several parties' hearings are pending: this is the chosen party's own, and "
                                       "the case stays at its hearing until the hearing of each party who asked is "
                                       "concluded or given up.")])
    return Advice(info=info)


def conclusion_advice(db, case) -> Advice:
    """听证结束: whom it records as heard, and that a party who did not appear is recorded absent first
    (``procedure.conclusion_note``)."""
    from workstation.procedure import conclusion_note

    return Advice(info=conclusion_note(db, case) or "")


def transfer_advice(db, case, write: Callable[[], None] | None = None) -> tuple[DateWarning | None, Advice]:
    """The warning and advice of the transfer to the police: the case goes with its 涉嫌犯罪案件移送书 and the
    materials it lists (REFERENCE §1.7; transfer rules art. 6), once the head approved the transfer report (art. 5).
    Each of ``concluding.transfer_warnings`` — no 移送书 issued, no approval recorded, counts below the thresholds —
    is said, one under the other, for the officer to tick before recording the transfer all the same (the timeline
    keeps their notes), as the command line says them once the transfer is recorded. Issued: its 文号 and date are named (the timeline records it
    with the transfer, ``procedure.transfer_note``, as the command line does), a missing approval still warned of.
    Not issued: ``write`` (when given) offered as a button that opens the document."""
    from workstation.concluding import transfer_warnings
    from workstation.procedure import transfer_document

    warning = _read_and_ticked(transfer_warnings(db, case))
    document = transfer_document(db, case)
    if document is not None:
        return warning, Advice(
            info=_("The case goes to the police with the 涉嫌犯罪案件移送书 {number} of {date} and the materials it "
                   "lists.").format(number=document.number, date=chinese_date(document.dated)))
    offer = (_("Write the 涉嫌犯罪案件移送书…"), write) if write is not None else None
    return warning, Advice(offer=offer)


def referral_advice(db, case) -> Advice:
    """不予立案 of a case awaiting filing sent away by its 案件移送函 (``procedure.pending_referral``): it records the
    referral — named with the letter, the date starting at the day it bears and the reason at the transfer it states
    (``concluding.transfer_letter_reason``, as the command line takes them), the lead said to be referred with it."""
    from workstation.procedure import pending_referral

    referral = pending_referral(db, case)
    if referral is None:
        return Advice()
    from workstation.concluding import transfer_letter_reason
    from workstation.vocabulary import shown_label

    return Advice(info=_("The 案件移送函 {number} of {date} sent this case to {receiver}: recording it as not filed here "
                         "records that referral, on the letter's day unless another is picked — T1 met that day, "
                         "and the lead it was opened from, if any, “{referred}” to {receiver}.").format(
        number=referral.number or _("(no number)"), date=chinese_date(referral.dated), receiver=referral.receiver,
        referred=shown_label("lead_statuses", "referred")), date=referral.dated, reason=transfer_letter_reason(db, case))


def termination_advice(db, case) -> Advice:
    """终止调查 of a filed case sent to another authority by its 案件移送函 in force
    (``jurisdiction.awaiting_termination``): the letter named, the reason starting at the transfer it states
    (``concluding.transfer_letter_reason``, as the command line takes it)."""
    from workstation.documents.jurisdiction import awaiting_termination

    letter = awaiting_termination(db, case)
    if letter is None:
        return Advice()
    from workstation.concluding import transfer_letter_reason

    return Advice(info=_("The 案件移送函 {number} of {date} sent this case to {receiver}: terminating the investigation "
                         "with that transfer as the reason ends this bureau's handling; close the case after it.").format(
        number=letter.number or _("(no number)"), date=chinese_date(letter.dated), receiver=letter.receiver),
        reason=transfer_letter_reason(db, case))


def filing_advice(db, case) -> Advice:
    """立案 after the 立案审批表 was issued: the date starts at the 立案日期 it bears (the head's approval), and the
    days it bears are named (``procedure.filing_approval``); the 立案呈批日期 it bears is prefilled too
    (``filing_proposal``). Filing on other days is warned of (``FilingProposal.warning``). A sheet bearing neither
    day (both left for hand filling) gives no advice."""
    from workstation.procedure import filing_approval

    sheet = filing_approval(db, case)
    if sheet is None or not (sheet.approved_on or sheet.proposed_on):
        return Advice()
    if sheet.approved_on and sheet.proposed_on:
        info = _("The 立案审批表 issued {issued} bears the 立案日期 {approved} and the 立案呈批日期 {proposed}: the "
                 "filing is recorded with those days.")
    elif sheet.approved_on:
        info = _("The 立案审批表 issued {issued} bears the 立案日期 {approved}: the filing is recorded with that day.")
    else:
        info = _("The 立案审批表 issued {issued} bears the 立案呈批日期 {proposed} and leaves its 立案日期 to be written "
                 "by hand: record the day the head approved the filing.")
    return Advice(info=info.format(issued=chinese_date(sheet.issued_on), approved=chinese_date(sheet.approved_on or ""),
                                   proposed=chinese_date(sheet.proposed_on or "")), date=sheet.approved_on or "")


@dataclass(frozen=True)
class FilingProposal:
    """The filing's proposal date (立案呈批日期) the filing dialog offers beside the filing date (the head's
    approval): ``stored`` the one recorded, else ``sheet``, the one the issued 立案审批表 bears, prefilled;
    ``received_on`` the day the lead was received; ``differs(filed_on, proposed_on)`` the warning, with its note, of
    days other than the 立案审批表's (``procedure.filing_date_warning``), None without one."""

    stored: str | None = None
    received_on: str | None = None
    sheet: str | None = None
    differs: Callable[[str, str | None], tuple[str, str] | None] | None = None

    @property
    def prefilled(self) -> str:
        return self.stored or self.sheet or ""

    def refusal(self, typed: str, filed_on: str) -> str | None:
        """Why the proposal ``typed`` (empty: the one recorded stays) cannot go with a filing on ``filed_on``."""
        from workstation.store.cases import proposal_refusal

        return proposal_refusal(typed or self.stored, filed_on, self.received_on)

    def warning(self, typed: str | None, filed_on: str) -> tuple[str, str] | None:
        """The warning of filing on ``filed_on`` with the proposal ``typed`` (empty: the one recorded stays) while
        the 立案审批表 issued bears other days, with the note the timeline keeps; None when they agree."""
        return self.differs(filed_on, typed or None) if self.differs is not None else None


def filing_proposal(case, db=None) -> FilingProposal:
    """The proposal of ``case``'s filing; with ``db``, the 立案呈批日期 its issued 立案审批表 bears prefilled when the
    case records none, and the days of that sheet compared with those given (``procedure.filing_date_warning``)."""
    if db is None:
        return FilingProposal(stored=case.filing_proposed_on, received_on=case.lead_received_on)
    from workstation.procedure import filing_approval, filing_date_warning

    sheet = filing_approval(db, case)
    return FilingProposal(stored=case.filing_proposed_on, received_on=case.lead_received_on,
                          sheet=sheet.proposed_on if sheet is not None else None,
                          differs=lambda filed_on, proposed_on: filing_date_warning(db, case, filed_on, proposed_on))


def closing_warning(db, case) -> DateWarning:
    """The warnings of closing the case (``workstation.closing``), and, on the date picked, of closing it before the
    day its 结案审批表 giving no 报请日期 was issued (``closing.approval_date_warnings``): read and ticked before it is
    closed all the same, and kept on the timeline. The case is judged once, the sheet's day on each date picked."""
    from workstation.closing import approval_date_warnings, closing_warnings

    found = closing_warnings(db, case)

    def warning(on_date: str, _party_id: str | None = None) -> tuple[str, str] | None:
        said = _read_and_ticked(found + approval_date_warnings(db, case, on_date))
        return said(on_date) if said is not None else None

    return warning


def archive_warning(db, case) -> DateWarning | None:
    """The warning of archiving the case with the file's own sheets (卷宗封面, 卷内文件目录, 卷内备考表) not issued or
    out of date, and, on the date picked, with a cover giving another 归档日期 (``closing.archive_warnings``): read
    and ticked before it is archived all the same, and kept on the timeline. The sheets are judged once, the cover's
    day on each date picked. A cover giving none is no warning (``archive_advice`` says it)."""
    from workstation.closing import archive_date_warnings, archive_warnings

    sheets = archive_warnings(db, case)

    def warning(on_date: str, _party_id: str | None = None) -> tuple[str, str] | None:
        found = _read_and_ticked(sheets + archive_date_warnings(db, case, on_date))
        return found(on_date) if found is not None else None

    return warning


def archive_advice(db, case) -> Advice:
    """归档 with the case's 卷宗封面 issued (``closing.archive_cover``): one giving its 归档日期 starts the date at
    that day; one giving none (left blank until the archiving, as its help says) is said, with what to do once
    archived (``closing.archive_reminder``), not asked to be ticked — unless its correction is asked for already."""
    from workstation.closing import archive_reminder, cover_archive_day

    reminder = archive_reminder(db, case)
    if reminder is not None:
        return Advice(info=reminder.message)
    day = cover_archive_day(db, case)  # as `cases transition CASE archive` without --date takes it
    if day is None:
        return Advice()
    given, cover = day
    return Advice(info=_("The {title} issued {issued} gives 归档日期 {date}: the archiving is recorded with that day "
                         "unless another is picked.").format(title=cover.title, issued=cover.issued_at[:10],
                                                             date=given), date=given)


def no_notice_warning(db, case) -> DateWarning | None:
    """送达行政处罚告知书 with no 行政处罚告知书 in force in the workstation (a notice written outside it): said, with
    what the party is taken as told of (``procedure.no_notice_warning``), and ticked before the service is recorded
    all the same; the timeline keeps that it was (naming the 告知书 issued and voided, when one was). None when a
    notice is in force."""
    from workstation.procedure import no_notice_note
    from workstation.procedure import no_notice_warning as warning

    message = warning(db, case)
    if message is None:
        return None
    note = no_notice_note(db, case)
    return lambda _on_date, _party_id=None: (message, note)


def conclusion_warning(db, case, action: str = "conclude_investigation") -> DateWarning | None:
    """The warning of concluding the investigation with no issued record and no registered evidence, or of
    submitting it for review with no issued 调查终结报告 (``action``; ``workstation.concluding``): read and ticked
    before the action is recorded all the same, and kept on the timeline; None when there is nothing to warn about."""
    from workstation.concluding import action_warnings

    return _read_and_ticked(action_warnings(db, case, action))


def no_decision_warning(db, case, action: str) -> DateWarning | None:
    """作出行政处罚决定 or 送达处罚决定书 with no 行政处罚决定书 issued in the workstation (a decision made outside it):
    said, with where its amounts go (``procedure.no_decision_warning``), and ticked before the step is recorded all
    the same; the timeline keeps that it was (naming the 决定书 issued and voided, when one was). For 作出行政处罚决定,
    in a case with several parties, each party still without a decision (``party_decisions.undecided_warning``),
    and, on the date picked, the legal review or collective discussion it goes without (``review_warning``). None
    for 送达处罚决定书 with a decision in force and nothing missing."""
    from workstation.procedure import no_decision_note, noted_reason
    from workstation.procedure import no_decision_warning as warning

    message = warning(db, case, action)
    found = [(message, no_decision_note(db, case))] if message is not None else []
    if action == "decide_penalty":
        from workstation.party_decisions import undecided_note, undecided_warning

        undecided = undecided_warning(db, case)
        if undecided:
            found.append((undecided, undecided_note(db, case)))
    fixed = None
    if found:  # each said, each kept on the timeline; the review's judged on the date picked
        said, kept = "\n".join(text for text, _note in found), noted_reason(*(note for _text, note in found))
        fixed = lambda _on_date, _party_id=None: (said, kept)  # noqa: E731
    return joined_warnings(fixed, review_warning(db, case) if action == "decide_penalty" else None)


def late_enforcement_warning(db, case) -> DateWarning:
    """申请法院强制执行 on a day after T16 ran out for a party it is recorded for (``enforcement.late_warnings``; in a
    case with several parties, the party chosen only): the court may refuse a late application. Said and ticked
    before the step is recorded all the same, the timeline keeping that it was late."""
    from workstation.enforcement import late_warnings

    def warning(on_date: str, party_id: str | None = None) -> tuple[str, str] | None:
        found = _read_and_ticked(late_warnings(db, case, on_date, (party_id,) if party_id else ()))
        return found(on_date) if found is not None else None

    return warning


def review_warning(db, case) -> DateWarning:
    """作出行政处罚决定 on the date picked without the legal review or collective discussion the data's local thresholds
    suggest (or, in a case kept on paper, that a hearing held requires; ``workstation.decision_review``), or with one
    dated after that day, which does not count for it: said and ticked before the step is recorded all the same, the
    timeline keeping that it was. Nothing on a date when nothing is missing."""
    from workstation.decision_review import review_note, review_warnings

    def warning(on_date: str, _party_id: str | None = None) -> tuple[str, str] | None:
        found = review_warnings(db, case, on_date or None)
        return ("\n".join(found), review_note()) if found else None

    return warning


def late_decision_warning(db, case, action: str) -> DateWarning | None:
    """作出行政处罚决定 or 作出不予行政处罚决定 (``concluding.deciding_steps``) on a day after the time limit for the
    decision ran out (T2, or T2b after a decision ordered made anew), or 立案 or 不予立案 after the time limit for
    verifying the lead ran out (T1), as ``concluding.late_step_warnings`` says them: its last day and the days over
    said, ticked before the step is recorded all the same, the timeline keeping that it was late.
    None for any other action."""
    from workstation.concluding import FILING_STEPS, deciding_steps, late_step_warnings
    from workstation.store import get_case

    if action not in deciding_steps() and action not in FILING_STEPS:
        return None

    def warning(on_date: str, _party_id: str | None = None) -> tuple[str, str] | None:
        found = _read_and_ticked(late_step_warnings(db, get_case(db, case.id), action, on_date))
        return found(on_date) if found is not None else None

    return warning


def joined_warnings(*warnings: DateWarning | None) -> DateWarning | None:
    """The warnings given (None: none) as one: each said on the date picked (for the party chosen), one under the
    other, their notes kept together on the timeline; None when none is given."""
    given = [w for w in warnings if w is not None]
    if len(given) < 2:
        return given[0] if given else None
    from workstation.procedure import noted_reason

    def joined(on_date: str, party_id: str | None = None) -> tuple[str, str] | None:
        found = [f for f in ((w(on_date, party_id) if party_id else w(on_date)) for w in given) if f is not None]
        if not found:
            return None
        return "\n".join(text for text, _note in found), noted_reason(*(note for _text, note in found))

    return joined


def with_count_warning(db, case, action: str, warning: DateWarning | None) -> DateWarning | None:
    """``warning`` followed, on the date picked, by what the action's legal condition counted in working days
    through a year without holiday data says (日历待核实, ``procedure.count_warning``) for the party chosen, if any:
    the day it allows the action from may move once that year's holidays are known. Ticked like any warning, the
    timeline keeping that it was.
    The warnings the workspace gives every action last come with it: a decision made after its time limit ran out
    (``late_decision_warning``) and 不予立案 with no 不予立案审批表 issued (``conclusion_warning``, as the steps with a
    missing document warn).
    ``warning`` itself for an action that counts nothing and is warned of nothing more."""
    from workstation import procedure
    from workstation.store import get_case

    warning = joined_warnings(warning, late_decision_warning(db, case, action),
                              conclusion_warning(db, case, action) if action == "decline_filing" else None)
    if action not in procedure.COUNTED_ACTIONS:
        return warning

    def counted(on_date: str, party_id: str | None = None) -> tuple[str, str] | None:
        first = (warning(on_date, party_id) if party_id else warning(on_date)) if warning is not None else None
        # the chosen party's own count, in a case with several parties (as ``--party`` on the command line)
        note = procedure.count_warning(db, get_case(db, case.id), action, on_date, (party_id,) if party_id else ())
        if not note:
            return first
        kept = procedure.count_warning_note()
        return (note, kept) if first is None else (f"{first[0]}\n{note}", procedure.noted_reason(first[1], kept))

    return counted


def _joined(first: tuple[str, str] | None, second: tuple[str, str] | None) -> tuple[str, str] | None:
    """Two warnings found (each with its note; None: none) as one, said one under the other, noted together."""
    if first is None or second is None:
        return first or second
    from workstation.procedure import noted_reason

    return f"{first[0]}\n{second[0]}", noted_reason(first[1], second[1])


def _read_and_ticked(found) -> DateWarning | None:
    if not found:
        return None
    from workstation.procedure import noted_reason

    message = "\n".join(item.message for item in found)
    note = noted_reason("", *(item.note for item in found))
    return lambda _on_date, _party_id=None: (message, note)


@dataclass(frozen=True)
class PaymentCheck:
    """What the payment dialog checks the payment against: ``owed(on_date, party_id)`` gives what is owed when
    paying that day (``workstation.payments.Owed``)."""

    owed: Callable[[str, str | None], object]
    # ("voucher", why) for a voucher number already recorded for another case's payment, or for an earlier payment
    # of this case (of the party chosen, ``party_id``), None otherwise
    voucher: Callable[[object, str | None], tuple[str, str] | None] = lambda _payment, _party_id=None: None


def payment_check(db, case) -> PaymentCheck:
    from workstation import payments
    from workstation.store import get_case

    return PaymentCheck(owed=lambda on_date, party_id=None: payments.owed(db, get_case(db, case.id), on_date,
                                                                       party_id),
                        voucher=lambda payment, party_id=None: payments.voucher_refusal(
                            db, case, payment, (party_id,) if party_id else None))


class _DateStep(DialogEdits):
    """A day picked or typed in the step dialog, with what it changed with it (the amounts prefilled for it, the
    tick a new warning cleared): the days one after another — each part of a date typed, digit by digit — one step,
    which puts back the day before the first and what it showed."""

    DATE = 2  # the id of the commands that merge: days picked one after another (``DialogEdit.TYPING`` is 1)

    def id(self) -> int:
        return self.DATE

    def mergeWith(self, other) -> bool:  # noqa: N802 (Qt's name)
        if not isinstance(other, _DateStep) or other.dialog is not self.dialog:
            return False
        merged = {}
        for key in self.dialog.fields:  # the dialog's order: the day first, then what it fills
            if key in self.changes or key in other.changes:
                before = (self.changes if key in self.changes else other.changes)[key][0]
                after = (other.changes if key in other.changes else self.changes)[key][1]
                merged[key] = (before, after)
        self.changes = merged
        return True

    def _show(self, values: dict) -> None:
        super()._show(values)
        date = self.dialog.fields["date"]
        if date.isVisible() and date.isEnabled():  # the keyboard on the day that came back, not on what it filled
            date.setFocus()


class _StepHistory(FieldsHistory):
    """The step dialog's undo history: an amount put back by an undo or a redo counts as typed by the officer
    (another day picked then keeps it) unless it is what the dialog prefilled for the day and party shown."""

    holding = False  # the dialog filling the amounts for the day or party picked: one step with that choice

    def _record(self) -> None:
        if not self.holding:
            super()._record()

    def _step(self, changed: dict):
        """A change of the day (with what it filled or cleared) merges with the day's change before it
        (``_DateStep``)."""
        return _DateStep(self, changed) if "date" in changed else super()._step(changed)

    def put(self, key: str, value) -> None:
        super().put(key, value)
        dialog = self.parent()
        if key in ("paid", "surcharge"):
            edit = self.fields[key]
            edit.setModified(edit.text() != dialog._prefilled.get(key, ""))


class TransitionDialog(AsksBeforeDropping, QDialog):
    """Date (default today) and reason of one action; OK stays disabled until a required reason is given and
    ``check`` accepts the date, and until the officer ticks that they read the ``warning`` of that date (if any).
    Cancel or Esc after typing asks before the typing is thrown away."""

    carries_out_step = True  # its OK takes the action: Ctrl+Enter presses it (``ui.save_keys``)

    def __init__(self, transition, parent: QWidget | None = None, check: DateCheck | None = None, prompts=None,
                 warning: DateWarning | None = None, parties: list[tuple[str, str]] | None = None,
                 advice: Advice | None = None, proposal: FilingProposal | None = None,
                 payment: PaymentCheck | None = None):
        super().__init__(parent)
        self.proposal = proposal
        self.payment_check = payment
        self.transition, self.check, self.prompts, self.warning = transition, check, prompts, warning
        self.advice = advice or Advice()
        self.offer_taken = False  # the officer chose the offer: nothing is recorded, the offer opens afterwards
        self._warned: tuple[str, str] | None = None
        self.setWindowTitle(transition.label)
        self.setMinimumWidth(440)  # a refusal cites dates and articles: room for it in a few lines
        body = QWidget()  # the fields and warnings, scrolled on a laptop's short screen: OK and Cancel stay in view
        form = QFormLayout(body)
        form.addRow(QLabel(_("Action: {action}").format(action=transition.label)))
        self.info = QLabel(self)  # with its dialog: shown without one, it is a window of its own
        self.info.setObjectName("info")
        self.info.setWordWrap(True)
        self._show_advice(self.advice)
        form.addRow(self.info)
        self.party = QComboBox()  # (id, name) of the parties who may take the action; hidden without them
        self.party.setObjectName("party")
        for party_id, name in parties or ():
            self.party.addItem(name, party_id)
        party_label = QLabel(_("&Party"))
        party_label.setBuddy(self.party)
        self.party.setAccessibleName(_("Party"))  # on Linux Qt names a drop-down by its current choice
        form.addRow(party_label, self.party)
        form.setRowVisible(self.party, bool(parties))
        from workstation import procedure

        # the services (``procedure.SERVICE_STEPS``) list each party not yet served after "all parties, on one date"
        # (``_service_choices``)
        if transition.name in procedure.SERVICE_STEPS and len(parties or ()) > 1 and parties[0][0] is None:
            # a service opens on the first party not yet served: each party's period counts from its own service
            # (one served by post later than another), "all parties, on one date" is chosen on purpose
            self.party.setCurrentIndex(1)
        self.party_error = error_label("party")  # nothing chosen in the list (none can be recorded for no party)
        form.addRow("", self.party_error)
        if self.advice.for_party is not None and self.party.count():  # the advice of the party the dialog opens on
            self._show_advice(self.advice.for_party(self.chosen_party()))
        self.date = DateEdit(QDate.fromString(self.advice.date or today(), "yyyy-MM-dd"))  # the day in Asia/Shanghai
        self.date.setObjectName("date")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        date_label = QLabel(_("&Date"))
        date_label.setBuddy(self.date)
        form.addRow(date_label, self.date)
        self.date_error = error_label("date")
        form.addRow("", self.date_error)
        self.errors = {"date": self.date_error, "party": self.party_error}
        self.proposed_on = None  # filing only: the day it was proposed for approval (立案呈批日期), optional
        if proposal is not None:
            self.proposed_on = QLineEdit(proposal.prefilled)
            self.proposed_on.setObjectName("proposed_on")
            self.proposed_on.setPlaceholderText(date_placeholder())
            proposed_label = QLabel(with_fixed_letter(_("Filing proposed on"), "F"))  # 立案呈批日期(&F)
            proposed_label.setBuddy(self.proposed_on)
            form.addRow(proposed_label, self.proposed_on)
            self.errors["proposed_on"] = error_label("proposed_on")
            form.addRow("", self.errors["proposed_on"])
        self.paid = self.surcharge = self.voucher = None  # the payment only: amount, surcharge, voucher
        self._prefilled: dict[str, str] = {}  # the amounts' texts prefilled for the day and party picked
        if payment is not None:
            self._payment_fields(form)
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("reason")
        self.reason.setTabChangesFocus(True)
        self.reason.setPlaceholderText(_("Reason (required)") if transition.needs_reason else _("Note (optional)"))
        if self.advice.reason:  # the one the action's document gives (a referral's 案件移送函)
            self.reason.setPlainText(self.advice.reason)
        reason_label = QLabel(_("&Reason") if transition.needs_reason else _("&Note"))
        reason_label.setBuddy(self.reason)
        form.addRow(reason_label, self.reason)
        self.reason_error = error_label("reason")
        form.addRow("", self.reason_error)
        self.warning_label = error_label("warning")
        form.addRow(self.warning_label)
        # 我已阅读以上提示，仍记录此操作(&W): no other field of any variant answers to W (tests/test_s69_transition_dialog.py)
        self.acknowledge = QCheckBox(with_fixed_letter(_("I have read this warning and record the action all the same"),
                                                       "W"))
        self.acknowledge.setObjectName("acknowledge")
        self.acknowledge.setVisible(False)
        form.addRow(self.acknowledge)
        self.acknowledge_error = error_label("acknowledge")
        form.addRow(self.acknowledge_error)
        self.offer = None
        if self.advice.offer is not None:
            self.offer = QPushButton(self.advice.offer[0])
            self.offer.setObjectName("offer")
            self.offer.setAutoDefault(False)
            self.offer.clicked.connect(self.take_offer)
            form.addRow(self.offer)
        self.errors.update(reason=self.reason_error, acknowledge=self.acknowledge_error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        self.fields_scroll = scrolled_fields(body)
        layout.addWidget(self.fields_scroll)
        layout.addWidget(self.buttons)
        self.reason.textChanged.connect(self.validate)
        # dateTimeChanged, which the undo history hears after this: a tick a new warning clears goes with the day
        self.date.dateTimeChanged.connect(self.validate)
        if self.advice.for_party is not None and self.party.count():  # its day follows the party chosen
            self.party.currentIndexChanged.connect(self._advise_party)
        self.party.currentIndexChanged.connect(self.validate)  # the date is judged for the party chosen
        self.acknowledge.toggled.connect(self.validate)
        if self.proposed_on is not None:
            self.proposed_on.textChanged.connect(self.validate)
        for edit in (self.paid, self.surcharge, self.voucher):
            if edit is not None:
                edit.textChanged.connect(self.validate)
        self.validate()
        # Ctrl+Z takes back the last change of any field (a date, a party, a tick, an amount), Ctrl+Y redoes it
        fields = {"date": self.date, "party": self.party, "reason": self.reason, "acknowledge": self.acknowledge}
        if self.proposed_on is not None:
            fields["proposed_on"] = self.proposed_on
        if payment is not None:
            fields.update(paid=self.paid, surcharge=self.surcharge, voucher=self.voucher, in_full=self.in_full)
        self.fields_history = _StepHistory(self, fields, "step")
        # as tall as its fields and warnings, within the screen's free area (1366 × 768 at 150 % leaves 472 pixels)
        fit_to_fields(self, self.fields_scroll)
        self.mark_loaded()

    def _payment_fields(self, form: QFormLayout) -> None:
        """The amount paid (yuan), the surcharge in it (prefilled with what the law adds for the day picked) and the
        voucher's number, each with its error line."""
        for name, text, hint in (("paid", _("&Amount paid (yuan)"), _("e.g. 3000 or 3,000.00")),
                                 ("surcharge", _("Of which &surcharge 加处罚款 (yuan)"), _("0 when paid in time")),
                                 ("voucher", _("Payment &voucher no."), _("the number on the 缴款凭证"))):
            edit = QLineEdit()
            edit.setObjectName(name)
            edit.setPlaceholderText(hint)
            label_widget = QLabel(text)
            label_widget.setBuddy(edit)
            form.addRow(label_widget, edit)
            self.errors[name] = error_label(name)
            form.addRow("", self.errors[name])
            setattr(self, name, edit)
        # a decision that imposed no money (a warning only): the amounts give way to saying there is nothing to pay
        self.nothing_owed = QLabel(_("The decision imposes no fine and confiscates no illegal gains: there is "
                                     "nothing to pay. Record the day the decision was carried out."))
        self.nothing_owed.setObjectName("nothing_owed")
        self.nothing_owed.setWordWrap(True)
        form.addRow(self.nothing_owed)
        # a party of a case decided outside the workstation for all its parties: its own amount is not known
        self.unknown_owed = QLabel()
        self.unknown_owed.setObjectName("unknown_owed")
        self.unknown_owed.setWordWrap(True)
        form.addRow(self.unknown_owed)
        # paid in instalments: the amount prefilled is what is due by the next instalment, which this names
        self.instalment_info = QLabel()
        self.instalment_info.setObjectName("instalment_info")
        self.instalment_info.setWordWrap(True)
        form.addRow(self.instalment_info)
        # the surcharge prefilled counts from a payment period ending in a year without holiday data (日历待核实)
        self.surcharge_unconfirmed = QLabel()
        self.surcharge_unconfirmed.setObjectName("surcharge_unconfirmed")
        self.surcharge_unconfirmed.setWordWrap(True)
        form.addRow(self.surcharge_unconfirmed)
        # the surcharge field left empty with the amount owed surcharge included: the surcharge computed is recorded
        self.surcharge_filled = QLabel()
        self.surcharge_filled.setObjectName("surcharge_filled")
        self.surcharge_filled.setWordWrap(True)
        form.addRow(self.surcharge_filled)
        # an amount short of what is owed in a case with one party is a payment of part (the case stays served)
        # unless the officer records the decision performed all the same (``procedure.apply``'s ``in_full``)
        self.in_full = QCheckBox(_("Record as performed (履行完毕): the difference was reduced or waived, or is "
                                   "otherwise settled"))
        self.in_full.setObjectName("in_full")
        form.addRow(self.in_full)
        form.setRowVisible(self.in_full, False)
        self.in_full.toggled.connect(self.validate)
        self._form = form
        self._prefill_payment()
        # before the undo history hears of the day or party picked (``_StepHistory``): what they fill goes with them
        self.date.dateTimeChanged.connect(self._prefill_payment)
        self.party.currentIndexChanged.connect(self._prefill_payment)

    def owes_nothing(self) -> bool:
        """Whether the party chosen owes no money under its decision (the payment fields are then hidden)."""
        return self.payment_check is not None and self.payment_check.owed(
            self.date.date().toString("yyyy-MM-dd"), self.chosen_party()).nothing

    def _prefill_payment(self) -> None:
        """Prefill what is owed on the day picked while the officer has not typed an amount of their own; paid in
        instalments, what is due by the next instalment (said which one)."""
        from workstation.money import yuan_input
        from workstation.payments import instalment_due, instalment_text

        owed = self.payment_check.owed(self.date.date().toString("yyyy-MM-dd"), self.chosen_party())
        # after payments of part, the rest: of it the surcharge accrued by the day picked less what they paid of it
        before = owed.paid_in_part_fen
        surcharge = max(owed.surcharge_fen - owed.surcharge_paid_fen, 0) if before else owed.surcharge_fen
        due = instalment_due(owed)  # paid in instalments: the next one's, with the surcharge still owed in it
        paid = owed.total_fen - before if due is None else due[0]
        if due is not None:
            surcharge = due[1]
        self.instalment_info.setText(instalment_text(owed) if due is not None else "")
        self._form.setRowVisible(self.instalment_info, due is not None)
        history = getattr(self, "fields_history", None)
        if history is not None:  # no step of their own: the day or party picked is the step, heard after this
            history.holding = True
        try:
            for edit, amount in ((self.paid, paid), (self.surcharge, surcharge)):
                self._prefilled[edit.objectName()] = yuan_input(amount) if amount else ""
                if not edit.isModified():
                    edit.setText(self._prefilled[edit.objectName()])
        finally:
            if history is not None:
                history.holding = False
        for edit in (self.paid, self.surcharge, self.voucher):
            self._form.setRowVisible(edit, not owed.nothing)
            self._form.setRowVisible(self.errors[edit.objectName()], not owed.nothing)
        self._form.setRowVisible(self.nothing_owed, owed.nothing)
        self.unknown_owed.setText(owed.unknown)
        self._form.setRowVisible(self.unknown_owed, bool(owed.unknown))
        self.surcharge_unconfirmed.setText(owed.unconfirmed)
        self._form.setRowVisible(self.surcharge_unconfirmed, bool(owed.unconfirmed))

    def payment(self):
        """The payment typed (``workstation.payments.Payment``), None without payment fields; ValueError naming
        the field for an amount that cannot be read."""
        if self.paid is None:
            return None
        from workstation.payments import Payment

        if self.owes_nothing():  # nothing to pay: whatever the hidden fields hold is not a payment
            return Payment()
        from workstation.validators import parse_amount_fen  # 1.5万 as the case editor reads it

        amounts = {}
        for name, edit in (("paid", self.paid), ("surcharge", self.surcharge)):
            text = edit.text().strip()
            try:
                amounts[name] = parse_amount_fen(text) if text else None
            except ValueError as exc:
                raise ValueError(name, str(exc)) from None
        payment = Payment(paid_fen=amounts["paid"], surcharge_fen=amounts["surcharge"] or 0,
                          voucher=self.voucher.text().strip())
        if amounts["surcharge"] is not None:
            return payment
        # none given: the one computed, as the command line records it
        from workstation.payments import with_owed_surcharge

        return with_owed_surcharge(self.payment_check.owed(self.answer()[0], self.chosen_party()), payment)[0]

    def _filled_note(self) -> str:
        """What says the surcharge computed is recorded, the surcharge field left empty ("" otherwise)."""
        from workstation.payments import Payment, with_owed_surcharge

        if self.paid is None or self.surcharge.text().strip() or self.owes_nothing():
            return ""
        try:
            payment = self.payment()
        except ValueError:
            return ""
        return with_owed_surcharge(self.payment_check.owed(self.answer()[0], self.chosen_party()),
                                   Payment(payment.paid_fen, 0, payment.voucher))[1]

    def _payment_refusal(self, date: str) -> tuple[str, str] | None:
        from workstation.payments import payment_refusal

        payment = self.payment()
        return (payment_refusal(self.payment_check.owed(date, self.chosen_party()), payment)
                or self.payment_check.voucher(payment, self.chosen_party()))

    def _short(self, date: str) -> bool:
        """Whether the amount typed, with the payments of part before it, is short of what is owed in a case with
        one party (``Owed.parts``): recorded as a payment of part unless ``in_full`` is ticked."""
        try:
            payment = self.payment()
        except ValueError:
            return False
        owing = self.payment_check.owed(date, self.chosen_party())
        total = owing.total_fen if owing.changed_later is None else owing.changed_total_fen
        if not owing.parts or owing.unknown or owing.nothing or total is None or payment.paid_fen is None:
            return False
        return owing.paid_in_part_fen + payment.paid_fen < total

    def recorded_in_full(self) -> bool:
        """Whether a payment short of what is owed is to be recorded as the decision performed (the box offered
        and ticked)."""
        return self.paid is not None and self.in_full.isChecked() and self._short(self.answer()[0])

    def _payment_warning(self, date: str) -> tuple[str, str] | None:
        from dataclasses import replace

        from workstation.payments import mismatch, mismatch_note

        payment = self.payment()
        owing = self.payment_check.owed(date, self.chosen_party())
        if self.in_full.isChecked() and self._short(date):  # recorded as performed: not said to be a part
            owing = replace(owing, parts=False)
        message = mismatch(owing, payment)
        if message is None:
            return None
        return message, mismatch_note(payment, owing)

    def validate(self) -> dict[str, str]:
        """What keeps OK refused: a date the procedure refuses, a missing required reason, a warning not yet
        acknowledged. Each shows under its field once the officer has changed and left it, or tried OK; the
        warning itself shows as soon as the date picked calls for it."""
        date = self.answer()[0]
        errors = {}
        refusal = None
        if self.party.count() and self.party.currentIndex() < 0:  # said here, by the list: the core would list ids
            errors["party"] = _("Choose the party in the list.")
        elif self.check is not None:
            refusal = self.check(date, self.chosen_party()) if self.party.count() else self.check(date)
        if refusal:
            errors["date"] = refusal
        if self.proposal is not None:  # a stored proposal kept (the field emptied) is judged at the filing date
            refused = self.proposal.refusal(self.proposed(), date)
            if refused:
                errors.setdefault("proposed_on" if self.proposed() else "date", refused)
        if self.transition.needs_reason and not self.reason.toPlainText().strip():
            errors["reason"] = _("“{action}” needs a reason.").format(action=self.transition.label)
        self._warned = None
        if self.warning is not None and not refusal and "party" not in errors:  # judged for the party chosen
            self._warned = self.warning(date, self.chosen_party()) if self.party.count() else self.warning(date)
        if self.proposal is not None and not refusal and "proposed_on" not in errors:  # the 立案审批表's days
            self._warned = _joined(self._warned, self.proposal.warning(self.proposed(), date))
        if self.paid is not None and not refusal:
            try:
                self.payment()
            except ValueError as exc:  # an amount typed that cannot be read: (field, why), said under the field
                if len(exc.args) != 2 or exc.args[0] not in ("paid", "surcharge"):
                    raise  # not the officer's typing: a fault of the program, not shown as a wrong amount
                errors[exc.args[0]] = exc.args[1]
            else:
                refused = self._payment_refusal(date)
                if refused:  # nothing to pay, a surcharge above the fine: refused under the field, not warned of
                    errors[refused[0]] = refused[1]
                else:
                    self._warned = self._warned or self._payment_warning(date)
        self._show_warning(self._warned[0] if self._warned else "")
        if self.paid is not None:
            filled = self._filled_note()
            self.surcharge_filled.setText(filled)
            self._form.setRowVisible(self.surcharge_filled, bool(filled))
            self._form.setRowVisible(self.in_full, not refusal and self._short(date))
        self.acknowledge.setVisible(self._warned is not None)
        if self._warned is not None and not self.acknowledge.isChecked():
            errors["acknowledge"] = _("Tick that you have read the warning to record the action.")
        fields = {"date": self.date, "reason": self.reason, "acknowledge": self.acknowledge, "party": self.party}
        if self.paid is not None:
            fields.update(paid=self.paid, surcharge=self.surcharge, voucher=self.voucher)
        if self.proposed_on is not None:
            fields["proposed_on"] = self.proposed_on
        return show_field_errors(self.errors, errors, self.buttons.button(QDialogButtonBox.StandardButton.Ok),
                                 fields=fields)

    def _show_warning(self, text: str) -> None:
        """Show the warning ``text`` ("" none); a warning other than the one shown (the amount, date or party
        changed) clears the tick, which acknowledged the one read, not this one."""
        if text != self.warning_label.text() and self.acknowledge.isChecked():
            blocked = self.acknowledge.blockSignals(True)  # ``validate`` is running: not again
            self.acknowledge.setChecked(False)
            self.acknowledge.blockSignals(blocked)
        self.warning_label.setText(text)
        self.warning_label.setVisible(bool(text))

    def accept(self) -> None:
        if not self.validate():  # Enter in the date field too
            super().accept()

    def take_offer(self) -> None:
        """Close without recording the action (nothing typed is kept: the action is taken up again once the offer
        is done)."""
        self.offer_taken = True
        QDialog.reject(self)

    def typed(self) -> tuple[str | None, ...]:
        """What Cancel or Esc would throw away: the date, the reason, the proposal date, the party chosen and, in the
        payment, the amounts and the voucher — an amount as prefilled for the day and party picked counting as not
        typed, since picking another day fills it anew."""
        typed = (*self.answer(), self.proposed() or "", self.chosen_party())
        if self.paid is None:
            return typed
        amounts = tuple(text if text != self._prefilled.get(edit.objectName(), "") else ""
                        for edit in (self.paid, self.surcharge) for text in [edit.text().strip()])
        return (*typed, *amounts, self.voucher.text().strip())

    def answer(self) -> tuple[str, str]:
        return self.date.date().toString("yyyy-MM-dd"), self.reason.toPlainText().strip()

    def proposed(self) -> str | None:
        """The filing's proposal date typed (as typed: the core normalises it), None when left empty."""
        return (self.proposed_on.text().strip() or None) if self.proposed_on is not None else None

    def _show_advice(self, advice: Advice) -> None:
        """Say ``advice`` (of the party chosen) above the date."""
        self.advice = advice
        self.info.setText(advice.info)
        self.info.setVisible(bool(advice.info))

    def _advise_party(self) -> None:
        """Another party chosen: its own advice said, and the date moved to the day it gives (today without one)
        unless the officer changed the date from the one advised before."""
        advised = self.advice.for_party(self.chosen_party())
        if self.date.date().toString("yyyy-MM-dd") == (self.advice.date or today()):
            self.date.setDate(QDate.fromString(advised.date or today(), "yyyy-MM-dd"))
        self._show_advice(advised)

    def chosen_party(self) -> str | None:
        """The id of the party chosen, None when the action is the whole case's."""
        return self.party.currentData() if self.party.count() else None

    def recorded(self) -> tuple[str, str]:
        """The date and the note to record: the reason typed, followed by the warning the officer acknowledged and
        the advice's note (the document the action was made with)."""
        from workstation.procedure import noted_reason

        date, reason = self.answer()
        return date, noted_reason(reason, self._warned[1] if self._warned is not None else "", self.advice.note)


def ask_transition(parent: QWidget, transition, check: DateCheck | None = None, prompts=None,
                   warning: DateWarning | None = None,
                   parties: list[tuple[str, str]] | None = None,
                   advice: Advice | None = None,
                   proposal: FilingProposal | None = None,
                   payment: PaymentCheck | None = None) -> tuple | None:
    """Show the dialog; (date, note), with ``parties`` (id, name) to choose from (date, note, party id), with a
    ``proposal`` to ask for (date, note, party id or None, proposal date or None), with a ``payment`` to check
    (date, note, party id or None, None, the ``Payment`` typed, whether a payment short of what is owed is recorded
    as performed); None when cancelled, or when the officer took the
    ``advice``'s offer (which then opens)."""
    dialog = TransitionDialog(transition, parent, check=check, prompts=prompts, warning=warning, parties=parties,
                              advice=advice, proposal=proposal, payment=payment)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        if dialog.offer_taken and dialog.advice.offer is not None:
            dialog.advice.offer[1]()
        return None
    if payment is not None:
        return *dialog.recorded(), dialog.chosen_party(), None, dialog.payment(), dialog.recorded_in_full()
    if proposal is not None:
        return *dialog.recorded(), dialog.chosen_party(), dialog.proposed()
    return (*dialog.recorded(), dialog.chosen_party()) if parties else dialog.recorded()
