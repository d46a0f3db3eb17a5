"""The values of a document: defaults taken from its case (``source`` paths such as ``party.name`` or
``officer1.cert_no``), overridden by what the officer gives, then checked and normalised by field type
(amounts in fen, ISO dates, not before a given date such as the filing date)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from workstation.db import Database
from workstation.document_clocks import RECEIPT_FORM  # the 送达回证, titled and filed by what it served
from workstation.documents.inquiry_times import span_refusal
from workstation.errors import ValidationError, WorkstationError, join_sentences
from workstation.formkit.courts import SOURCE as COURT_SOURCE
from workstation.formkit.courts import court_of
from workstation.formkit.measures import MISSING as MEASURES_MISSING
from workstation.formkit.measures import item_row_errors, measures_context, wrong_choice
from workstation.formkit.qa import format_pairs, parse_pairs
from workstation.formkit.spec import SOURCE_PLACEHOLDER, FieldSpec, FormSpec, load_forms
from workstation.formkit.template import left_blank, placeholders, render, row_cells
from workstation.i18n import N_, _
from workstation.law.thresholds import hearing
from workstation.money import chinese_date, yuan_input
from workstation.penalty_terms import changed_fine, decision_context
from workstation.read_once import context_reads_once
from workstation.records import Case, now, short_time, today
from workstation.store import get_agency, get_officer, parties_of_case
from workstation.store.base import LAZY_PREFIX
from workstation.validators import (
    MAX_FEN,
    AmountTooLarge,
    clock_text,
    compact_code,
    far_ahead,
    normalize_id_number,
    normalize_mobile,
    parse_amount_fen,
    parse_count,
    parse_date,
    parse_datetime,
    parse_time_of_day,
    year_slip,
)
from workstation.vocabulary import label


# its parts ask for the case's parties a dozen times, its evidence register four times (its lists, proof, 调查经过,
# 卷内备考表), the forms a dozen times, the account of the payment twice (each counting the case's clocks) and the
# legal data files a hundred times: each read once
@context_reads_once()
def case_context(db: Database, case: Case, party_id: str | None = None,
                 amounts: dict | None = None) -> dict[str, object]:
    """The flat {source path: value} a form's fields draw their defaults from; ``party.*`` is the party
    ``party_id`` (one of the case's; default the first), and so are the notice, decision and served document
    drawn on (those issued to that party, ``addressee.party_condition``). ``amounts``: those of the party's
    告知书 or 决定书 being drafted or issued, its law's own in a case with several parties (``law_context``)."""
    agency = acting_agency(db, case)
    context: dict[str, object] = {"today": today(), "now": short_time(now()), "agency.name": agency.name,
                                  "agency.reconsideration_body": agency.reconsideration_body,
                                  "agency.police": agency.police, "agency.district": agency.district,
                                  "agency.code": agency.code}  # agency.court is read from it (source_value)
    # the agency designating jurisdiction (指定管辖) is the common superior of those concerned: the acting agency only
    # when other bureaus (not its own town offices) are under it, else none — it cannot designate for itself (the
    # 指定管辖通知书 requires it to issue)
    below = db.execute("SELECT 1 FROM agencies WHERE parent_id = ? AND level != 'town' LIMIT 1", [agency.id]).fetchone()
    context["agency.designating"] = agency.name if below else None
    from workstation.agency_details import details_context

    # the contact telephone and address, and the payment account, the officers set (local data): by the case's own
    # agency, a town office's case printing the office's telephone and address and its bureau's account
    context.update(details_context(db, case.agency_id))
    for key, value in case.__dict__.items():
        if not isinstance(value, list):
            context[f"case.{key}"] = value
    # the 决定书's 决定日期: the case's decision date, none while the case awaits the new decision ordered on its
    # decision revoked (``DECISION_DATE_SOURCE``)
    context[DECISION_DATE_SOURCE] = None if awaiting_new_decision(db, case) else case.decided_on
    context["case.sector_label"] = label("sectors", case.sector)
    context["case.violations_label"] = "、".join(label("violations", v) for v in case.violations)
    context["case.records_total"] = case.records_total
    context["case.filing_facts"] = filing_facts(db, case)
    # …and as registered, for the 案件来源登记表 (worked out only for a form drawing on it)
    context[LAZY_PREFIX + "case.registered_facts"] = lambda: registered_facts(db, case)
    context["lead.source_choice"] = lead_source_choice(db, case)  # the 案件来源 box of the lead it came from
    context["lead.received_on"] = lead_received_on(db, case)  # the 案件来源登记表's 来源时间 and 登记时间
    context["lead.proposal"] = "立案" if case.filed_on else ""  # the register's 核查意见: none before it is decided
    # the 案件交办通知书's 交办日期 (a lead's: the day it was assigned): a case is handed over the day it is written
    context["lead.assigned_on"] = context["today"]
    context.update(declined_context(db, case))  # the 不予立案审批表's reason and ground, once filing was declined
    context["case.facts_found"] = facts_found(case.facts)  # for a document stating the violation itself
    from workstation.documents.stage_rules import closing_ground, further_extension_context

    context["case.closing_ground"] = closing_ground(db, case)  # the 结案审批表's 结案理由 as the case ended
    # its 其他结案理由: a case not filed ends 其他 for that reason (其他 is refused with nothing written after it)
    context["case.closing_ground_other"] = "不予立案" if context["case.closing_ground"] == "其他" else None
    # its 报请日期: the day the case was closed, else the day the sheet is written (closing before it is refused)
    context["case.closing_proposed_on"] = case.closed_on or context["today"]
    # the 有关事项审批表's 事由 once the 办案期限 was extended: a further extension, decided by collective discussion
    context.update(further_extension_context(db, case))
    from workstation.formkit.matter import matter_context

    # its 审批事项 by the case's situation (中止, 恢复 while suspended) and the reason the suspension was recorded with
    context.update(matter_context(db, case))
    context["case.archived_on"] = archived_on(db, case)  # the 卷宗封面's 归档日期
    from workstation.documents.casefile import file_case_number

    # the 案件编号 of the 卷宗封面, 卷内文件目录 and 卷内备考表: a case decided on the spot is named by its decision
    context["case.file_number"] = file_case_number(db, case)
    context["case.penalties_fen"] = case.penalties_fen
    parties = parties_of_case(db, case.id)
    context["transfer.receiver"] = transfer_receiver(parties)  # the 案件移送函's 受移送机关: never the police
    context.update(transfer_approval_context(db, case))  # the 涉嫌犯罪案件移送书's 批准人, 批准日期 and 移送日期
    context["parties.names"] = "、".join(p.name for p in parties)
    context["parties.count"] = len(parties)
    from workstation.formkit.party_rows import closing_context, code_label, filing_rows, register_rows

    # every party's 当事人 rows of the forms a case keeps one of ("" for a case with one party)
    context["parties.filing_rows"] = filing_rows(parties)
    context["parties.register_rows"] = register_rows(parties)
    closing, revocations = closing_context(db, case, parties)  # the 结案审批表's rows, each party's revocation
    context.update(closing)
    party = next((p for p in parties if p.id == party_id), parties[0]) if parties else None
    if party is not None:
        context["party.id"] = party.id
        for key in ("name", "uscc", "id_number", "address", "legal_rep", "phone"):
            context[f"party.{key}"] = getattr(party, key)
        context["party.kind"] = party.kind
        context["party.kind_label"] = label("party_kinds", party.kind)
        # who answers for the party: a natural person in person, otherwise the legal representative (负责人,
        # or an individual business's 经营者)
        context["party.representative"] = party.name if party.kind == "person" else party.legal_rep
        context["party.code"] = party.uscc or party.id_number
        context["party.code_label"] = code_label(party)  # by its kind: a company without a code is no person
        # the 询问笔录's 性别 and 出生年月 of a party whose resident ID number is recorded, as the number gives them
        from workstation.documents.interviewee_identity import id_described

        context["party.id_sex"], context["party.id_birth"] = id_described(party.id_number or "")
    context["case.hearing_required"] = hearing_required(case, party.kind if party else "company",
                                                        proposed_heavier(db, case))
    context.update(law_context(db, case, party.id if party is not None else None, amounts))
    chosen = party.id if party is not None else None
    # what the party's notice in force told it of, with one party as with several (Penalty Law arts. 44, 62)
    told = told_context(db, case, chosen if len(parties) > 1 else None, parties)
    if not context.get("law.basis") and case.id:  # the case records no assessment to word it from
        context["law.basis"] = told.get("law.basis") or ""
    if party is not None:  # the notice speaks to its own party (你 to a person, 你单位 to a business)
        context["law.violated_you"] = norms_text("law.violated_you", str(context["law.violated_norms"]),
                                                 addressed_as(party.kind))
    if party is not None and len(parties) > 1:  # its own notice's service and its own waiver, not the case's
        from workstation.party_notices import party_notice_context

        context.update(party_notice_context(db, case, party.id))
    # the 告知书's and 决定书's 违法事实, and the 裁量理由: those the party's notice in force told it of, else (the facts)
    # those of the party's 调查终结报告 in force, which the 案件审核表 reviews and the 告知书 draws on, while no notice is
    # recorded served on the party (a notice served on paper, or voided, leaves the 决定书 the case's), else the case's
    context["party.facts_found"] = told.get("party.facts_found") or (not context.get("case.notice_served_on") and (
        reported_facts(db, case, chosen if len(parties) > 1 else None))) or context["case.facts_found"]
    context["case.discretion_text"] = told.get("case.discretion_text") or context["case.discretion_text"]
    # the 告知书's: to its party (你单位, 你), the tier proposed (本局拟依法从轻处罚)
    from workstation.law.case_law import notice_discretion

    context["case.discretion_notice_text"] = notice_discretion(
        str(context["case.discretion_text"] or ""), addressed_as(party.kind if party is not None else "company"))
    context.update(documents_context(db, case, chosen))
    context.update(measures_context(db, case, chosen))  # 先行登记保存, 查封/扣押 documents to release
    context["documents.decision_served_on"] = decision_served_on(db, case, chosen, parties)
    # challenge.*: the party's reconsideration or lawsuit against that decision and its outcome
    context.update(challenge_context(db, case, chosen, recorded_day(context.get("documents.decided_on"))
                                     or case.decided_on))
    from workstation.enforcement import demand_days

    # the day the 催告书 was served on the party under the decision in force, when one day is recorded (the
    # 强制执行申请书's 催告书送达日期; with several, the officer writes the one the application rests on)
    demands = demand_days(db, case, chosen)
    context["documents.demand_served_on"] = demands[0] if len(demands) == 1 else None
    from workstation.payments import fine_unpaid

    # the 催告书's and 强制执行申请书's 尚未缴纳的罚没款: the decision's, less what the case (the party) records paid
    context["documents.unpaid_fen"] = fine_unpaid(db, case, context.get("documents.decision_total_fen"), chosen)
    context["documents.served_on"] = served_on_recorded(db, case, context, chosen)  # the 送达回证's 送达日期
    if party is not None:  # the 送达回证's 送达地点: the address the party confirmed, else the one registered
        from workstation.document_clocks import confirmed_address

        context["party.service_address"] = (confirmed_address(db, case, party.id) if case.id else None) or \
            party.address
    from workstation.procedure import party_hearing_held_on

    # the day the hearing the party asked for was held (the decision's 听证日期), None without one
    context["party.hearing_held_on"] = party_hearing_held_on(db, case, chosen, parties)
    from workstation.formkit.hearing import given_up_text, hearing_context

    # the hearing asked for and not held: the request withdrawn, or the party absent (the decision says which)
    context["party.hearing_given_up"] = given_up_text(db, case, chosen, parties)

    # hearing.*: the hearing asked for, its 听证通知书 and 听证笔录, for the documents that follow them
    context.update(hearing_context(db, case, chosen, parties))
    # payment.*: the payment recorded (履行完毕, the party's own in a case with several), for the 结案审批表; the amount
    # paid (实缴合计) is the decision's total with the surcharge recorded (加处罚款) when the payment did not say it,
    # none without a payment recorded
    from workstation.payments import payment_context

    paid = payment_context(db, case, chosen if len(parties) > 1 else None)
    context["payment.paid_fen"] = paid_as_decided(context.get("documents.decision_total_fen"),
                                                  paid.get("payment.surcharge_fen")) if paid else None
    context.update(paid)
    # the 结案审批表 of a decision revoked before the case closed (其他, its reason), and the 加处罚款 accrued and waived
    context.update(closing_sheet_context(db, case, parties, context, revocations))
    from workstation.formkit.execution import execution_note

    # its 其他执行情况: the deferral, 催告书, reconsideration or lawsuit, 复查, court application … recorded, by day
    from workstation.payments import payments_note

    # …and a fine paid in more than one payment, each with its day and voucher (the sheet's 缴款日期 is the latest)
    context["execution.other"] = "\n".join(filter(None, [execution_note(db, case), payments_note(db, case)])) or None
    from workstation.decided_transfer import not_penalised, penalty_before_transfer

    # the 涉嫌犯罪案件移送书 of a case decided with a penalty: the decision, what was paid, and that it is executed
    context["penalty.before_transfer"] = penalty_before_transfer(db, case, chosen if len(parties) > 1 else None)
    # …of a case decided not to penalise: its heading says so (nothing imposed nor executed)
    context["penalty.not_penalised"] = bool(context["penalty.before_transfer"]) and not_penalised(db, case)
    # penalty.*: the decision's penalty, from the case or else the party's last issued notice
    context.update(decision_context(db, case, hearing_right=bool(context["case.hearing_required"]),
                                    party_id=chosen))
    context.update(proposal_context(db, case, party.id if party is not None and len(parties) > 1 else None,
                                    context))
    if len(parties) <= 1:  # a decision made outside the workstation: what the case records it decided
        context.update(undocumented_decision(db, case, context))
    from workstation.documents.stage_rules import termination_context

    context.update(termination_context(db, case, context))  # a terminated case: its reason as its 处理决定
    from workstation.store.evidence import evidence_context, list_evidence, overlap_note

    items = list_evidence(db, case.id)  # read once for the three lists: a case may hold 1,500 items
    context.update(evidence_context(db, case, items))
    from workstation.formkit.proof import evidence_proof

    context["evidence.proof"] = evidence_proof(db, case, party.kind if party is not None else None, register=items)
    # the report's 相关证据及证明事项: the same list, each item saying what it proves
    context["evidence.proof_stated"] = evidence_proof(db, case, party.kind if party is not None else None, proves=True,
                                                      register=items)
    if note := overlap_note(db, case, items):  # its items' counts adding up to more: the records repeated between them
        context["evidence.proof_stated"] += "\n" + note
    from workstation.formkit.course import investigation_course

    # the report's 调查经过: the records, evidence and measures the case recorded, by day ("" with none)
    context["investigation.course"] = investigation_course(db, case, party.kind if party is not None else None)
    named = case_officers(db, case)[:2]
    for position, (name, cert_no) in enumerate(named, start=1):
        context[f"officer{position}.name"] = name
        context[f"officer{position}.cert_no"] = cert_no
    # the two named, joined (the 听证笔录's and 听证报告's 案件调查人员: both present their case, not the first alone)
    context["officers.names"] = "、".join(name for name, _cert in named) or None
    # the 案件审核表's 审核类别: 法制审核 for a case that needs it (Penalty Law art. 58), else 案件审核
    from workstation.decision_review import review_kind

    context[LAZY_PREFIX + "case.review_kind"] = lambda: review_kind(db, case)
    # its 送审日期: the day the file went to review, or the day the hearing was concluded for one drafted after it
    context[LAZY_PREFIX + "case.review_received_on"] = lambda: review_received_on(db, case, str(context["today"]))
    # the 审批表's 审核（法制审核）意见 and 集体讨论, the 集体讨论记录's 审核意见 and 办案机构处理意见: as the case records them
    context.update(review_results_context(db, case, chosen, parties))
    # the 告知书's 告知日期: the day its service on the party is recorded when one dated later is refused, else today
    context[LAZY_PREFIX + NOTICE_DAY_SOURCE] = lambda: notice_dated_on(db, case, chosen, str(context["today"]))
    # the 调查终结报告's 报告日期: the day the case's 调查终结 was recorded, else today (version 10)
    context[LAZY_PREFIX + CONCLUDED_SOURCE] = lambda: investigation_concluded_on(db, case.id) or str(context["today"])
    return context


#: the 案件调查终结报告's 报告日期 (``case_context``): the day the case's 调查终结 was recorded, else today
CONCLUDED_SOURCE = "case.investigation_concluded_on"


def investigation_concluded_on(db: Database, case_id: str) -> str | None:
    """The day the case's latest 调查终结 (``conclude_investigation``) was recorded on (the day it was typed in when
    recorded without one); None when none is recorded (a case made past it, or before it), or when the case was
    taken back to 调查中 after it (``return_for_investigation``, ``resume_after_police``): that 调查终结 is over, and
    the report of the new one is dated when it is recorded."""
    row = db.execute("SELECT to_status, COALESCE(on_date, substr(at, 1, 10)) FROM case_events WHERE case_id = ? AND "
                     "kind = 'transition' AND to_status IN ('investigation_concluded', 'investigating') "
                     "ORDER BY at DESC, rowid DESC LIMIT 1", [case_id]).fetchone()
    return str(row[1])[:10] if row and row[0] == "investigation_concluded" and row[1] else None


#: the 行政处罚决定书's and 不予行政处罚决定书's 决定日期 (``case_context``): the case's decision date, none while the case
#: awaits a new decision (``awaiting_new_decision``) — the revoked decision's day is not the new one's
DECISION_DATE_SOURCE = "case.decision_date"

#: the statuses of a case before its decision is made
BEFORE_DECISION = ("under_review", "pre_notice", "hearing", "decision_pending")


def awaiting_new_decision(db: Database, case: Case) -> bool:
    """Whether the case, its decision revoked on reconsideration or in court with a new one ordered (撤销并责令重新作出,
    ``store.cases.redone_after``), is back before its decision (``redecide``): it still records the revoked decision's
    date until the new decision is made."""
    if case.status not in BEFORE_DECISION or not case.decided_on:
        return False
    from workstation.store.cases import redone_after

    return redone_after(db, case) is not None


def notice_dated_on(db: Database, case: Case, party_id: str | None, on: str) -> str:
    """The 告知日期 a 行政处罚告知书 to ``party_id`` is drafted with on the day ``on``: the day the case records the
    notice served on that party when ``on`` is after it (a notice dated later is refused,
    ``stage_rules._notice_after_service``: a notice served on paper, or typed in, and printed here afterwards bears the
    day it was served), else ``on`` — a case not served, a notice after those voided or of a decision made anew
    (``stage_rules.notice_service_bound``), and the correction of the party's notice in force, written and served
    anew (issued with ``supersedes``: not refused)."""
    from workstation.documents.stage_rules import notice_service_bound

    _party, served, in_force = notice_service_bound(db, case, party_id)
    return served if served and on > served and not in_force else on


def review_received_on(db: Database, case: Case, on: str) -> str | None:
    """The 送审日期 a 案件审核表 drafted on ``on`` starts from: the day the case's hearing was concluded (听证结束, on
    or before ``on``) when that is after the day the file went to review (``case.review_on``) — the file goes back to
    the review body after the hearing, which a review before the 告知书 preceded (REFERENCE §1.1) —, else that day. A
    hearing stage ended by the party's withdrawal or absence (``procedure.HEARING_GIVEN_UP``) held no hearing. Only
    the date printed: which review counts for the decision (Penalty Law art. 58) is ``decision_review``'s."""
    from workstation.procedure import given_up_step

    ends = db.execute("SELECT on_date, details FROM case_events WHERE case_id = ? AND kind = 'transition' AND "
                      "from_status = 'hearing' AND to_status = 'decision_pending'", [case.id]).fetchall()
    concluded = max((str(day)[:10] for day, details in ends
                     if day and str(day)[:10] <= on and not given_up_step(details)), default=None)
    sent = str(case.review_on or "")[:10]
    return concluded if concluded and concluded > sent else case.review_on


def review_results_context(db: Database, case: Case, party_id: str | None, parties: list) -> dict[str, object]:
    """What the documents approving the decision start from, as the case records it in its latest documents in force
    (issued, neither voided nor corrected: ``issuing.in_force_of_form``; a correction gives its own), each worked out
    only for a form drawing on it (``LAZY_PREFIX``): ``review.legal_opinion``, the 审核意见 of the party's latest
    案件审核表 whose 审核类别 is 法制审核 (the 行政处理决定审批表's 审核（法制审核）意见: a 案件审核 is no legal review);
    ``review.opinion`` and ``review.proposal``, the 审核意见 of the case's latest 案件审核表 of either kind and the
    proposal it reviewed (``reviewed_proposal``) — the 集体讨论记录's, which is the whole case's: in a case with
    several parties, each sheet being one party's, each party's on a line of its own (甲：…), none while a party has
    no sheet in force (its issue is then warned of, ``decision_review.discussion_summary_warnings``) —; ``discussion.held_on`` and ``discussion.conclusion``, the day
    and 结论性意见 of the latest 集体讨论记录 of the decision (not of the extension alone) that records a meeting
    (``decision_review.discussion_held``): a record that does not count gives the 审批表 no 集体讨论日期, which would
    count in its place. A value the officer typed stays (``resumed_values``)."""
    if not case.id:
        return {}
    from functools import cache

    from workstation.decision_review import (
        DISCUSSION_FORM,
        LEGAL_REVIEW_FORM,
        LEGAL_REVIEW_KIND,
        about_decision,
        discussion_held,
    )
    from workstation.documents.addressee import PARTY_KEY
    from workstation.documents.issuing import in_force_of_form

    several = len(parties) > 1

    @cache
    def in_force(form_id: str) -> tuple[dict, ...]:  # oldest first
        return tuple(document.values for document in in_force_of_form(db, case.id, form_id))

    def latest(form_id: str, keep) -> dict:
        return next((values for values in reversed(in_force(form_id)) if keep(values)), {})

    def legal() -> dict:  # a party's own sheet in a case with several (one recording none: the first party's)
        return latest(LEGAL_REVIEW_FORM, lambda values: values.get("review_kind") == LEGAL_REVIEW_KIND and (
            not several or (values.get(PARTY_KEY) or parties[0].id) == party_id))

    def review() -> dict:
        return {} if several else latest(LEGAL_REVIEW_FORM, lambda _values: True)

    def each_party(make) -> str | None:  # of several: 甲：…\n乙：…, each party's latest sheet; None while one has none
        lines = []
        for party in parties:
            made = make(latest(LEGAL_REVIEW_FORM, lambda values, of=party.id: (
                values.get(PARTY_KEY) or parties[0].id) == of))
            if not made:
                return None
            lines.append(f"{party.name}：{made}")
        return "\n".join(lines)

    def discussion() -> dict:
        return latest(DISCUSSION_FORM, lambda values: about_decision(values) and discussion_held(values))

    def text(values: dict, name: str) -> str | None:
        return str(values.get(name) or "").strip() or None

    return {LAZY_PREFIX + "review.legal_opinion": lambda: text(legal(), "opinion"),
            LAZY_PREFIX + "review.opinion": lambda: each_party(lambda values: text(values, "opinion")) if several
            else text(review(), "opinion"),
            LAZY_PREFIX + "review.proposal": lambda: each_party(reviewed_proposal) if several
            else reviewed_proposal(review()),
            LAZY_PREFIX + "discussion.held_on": lambda: recorded_day(discussion().get("held_from")),
            LAZY_PREFIX + "discussion.conclusion": lambda: text(discussion(), "conclusion")}


def reviewed_proposal(values: dict) -> str | None:
    """The 办案机构处理意见 a 案件审核表's ``values`` reviewed, in one text as its sheet prints it: 依据……的规定，拟对当事人
    作出如下行政处罚：给予警告；罚款¥3,000.00（人民币叁仟元整）。 (its penalties in the sheet's order); None without a
    penalty (none issued: ``required_any``)."""
    def fen(name: str) -> int:
        value = values.get(name)
        return value if isinstance(value, int) and not isinstance(value, bool) else 0

    penalties = penalty_items(values.get("warning") is True,  # stored checked: a box ticked is true
                              fen("confiscated_fen"), str(values.get("confiscated_property") or "").strip(),
                              fen("fine_fen"), str(values.get("other_penalty") or "").strip().rstrip("。；;"))
    if not penalties:
        return None
    basis = str(values.get("basis") or "").strip().rstrip("，,。")
    return f"{basis + '，' if basis else ''}拟对当事人作出如下行政处罚：{'；'.join(penalties)}。"


def penalty_items(warning: bool, confiscated_fen: int, confiscated_property: str, fine_fen: int, other: str, *,
                  warning_word: str = "给予警告", fine_first: bool = False) -> list[str]:
    """The penalties as a text lists them, each one item, a blank or zero none: ``warning_word``, 没收违法所得 and
    罚款 as ¥3,000.00（人民币叁仟元整）, 没收 ``confiscated_property``, ``other`` as given — in the 案件审核表's
    order (警告, 没收违法所得, 没收财物, 罚款, 其他), or with the fine ``fine_first`` after the warning as a decision
    states them (``decided_transfer``)."""
    from workstation.money import figures, uppercase

    amounts = [f"罚款{figures(fine_fen)}（{uppercase(fine_fen)}）"] if fine_fen else []
    taken = [f"没收违法所得{figures(confiscated_fen)}（{uppercase(confiscated_fen)}）"] if confiscated_fen else []
    taken += [f"没收{confiscated_property}"] if confiscated_property else []
    return ([warning_word] if warning else []) + (amounts + taken if fine_first else taken + amounts) + (
        [other] if other else [])


def closing_sheet_context(db: Database, case: Case, parties: list, context: dict,
                          revocations: list | None = None) -> dict[str, object]:
    """What the 结案审批表 says beyond the decision and the payment (``context`` holds them): a decision revoked or
    declared void on the party's reconsideration or lawsuit before the case closed (``party_rows.revocation``) — of
    the whole case, or of every party of a case with several (``revocations``: each decided party's, as its rows
    found them, ``party_rows.closing_context``) — ends the case 其他, its reason 处罚决定已被撤销（文号）
    (``case.closing_ground_other``), where its end gives no other ground or would give 决定执行完毕 (paid before it
    was revoked: refunded) or 申请人民法院强制执行 (the enforcement of a decision revoked ends: 行政强制法 art. 40(4));
    in a case with one party ``case.decision_revoked`` says so in
    place of the amounts, which are no longer owed nor paid (paid before, to be refunded). Else, in a case with one
    party, ``payment.surcharge_accrued_fen`` and ``payment.surcharge_waived_fen``: the 加处罚款 accrued by the day
    paid and the part of it reduced or waived (``party_rows.closing_surcharge``), None when none (each party's rows
    of a case with several say their own)."""
    from workstation.documents.stage_rules import CLOSING_GROUNDS, ENFORCED_GROUND, OTHER_GROUND
    from workstation.formkit.party_rows import closing_surcharge, revocation, revoked_ground, revoked_text

    out: dict[str, object] = {"case.decision_revoked": None, "payment.surcharge_accrued_fen": None,
                              "payment.surcharge_waived_fen": None}
    several = len(parties) > 1
    if several:
        events = list(revocations or [])
        events = events if events and all(events) else []
    else:
        events = [event] if case.decided_on and (event := revocation(db, case)) is not None else []
    if events and context.get("case.closing_ground") in ("", None, CLOSING_GROUNDS["performed"], ENFORCED_GROUND):
        out["case.closing_ground"] = OTHER_GROUND
        out["case.closing_ground_other"] = revoked_ground(events)
    if events:  # with several parties each party's rows say it, the sheet's totals leaving out none paid
        paid = None if several else context.get("payment.paid_fen")
        out["case.decision_revoked"] = revoked_text(events[0], paid)  # type: ignore[arg-type]
        return out
    if several:
        return out
    accrued, waived = closing_surcharge(db, case, None, int(context.get("payment.surcharge_fen") or 0))
    out["payment.surcharge_accrued_fen"] = accrued or None
    out["payment.surcharge_waived_fen"] = waived or None
    return out


def paid_as_decided(decided_fen: int | None, surcharge_fen: int | None) -> int | None:
    """实缴合计 of a payment recorded without its amount (paid as decided): the decision's total (fine and
    confiscated gains) with the surcharge recorded in it (加处罚款); None when the decision's total is not known. The
    one-party sheet's ``payment.paid_fen`` and each party's row of a sheet with several (``party_rows``)."""
    return None if decided_fen is None else decided_fen + int(surcharge_fen or 0)


def case_officers(db: Database, case: Case) -> list[tuple[str, str]]:
    """(name, 执法证号) of the officers a case's documents name: the case's own officers; a case with none assigned —
    decided on the spot (简易程序), never filed — those its issued 当场行政处罚决定书 names (执法人员, as typed on it:
    the officers who decided it); else none, the forms leaving them blank to write in. The case's officers on duty
    with a certificate, of the case's bureau or its offices (those the filing guard counts, ``case_officers_counted``)
    come first (in the case's order): a document drafted now names those who act in it, not an officer who left the
    case's agency while two others carry it."""
    if case.officer_ids:
        from workstation.store.cases import outside_agency_refusal

        officers = [get_officer(db, oid) for oid in case.officer_ids]
        # stable: the case's order kept
        officers.sort(key=lambda officer: not (officer.active and officer.certified and
                                               outside_agency_refusal(db, case.agency_id, officer) is None))
        return [(officer.name, officer.cert_no) for officer in officers]
    row = db.execute("SELECT values_json FROM documents WHERE case_id = ? AND form_id = 'on_the_spot_decision' AND "
                     "status = 'issued' ORDER BY issued_at DESC, rowid DESC LIMIT 1", [case.id]).fetchone()
    values = json.loads(row[0] or "{}") if row else {}
    named = [(str(values.get(f"officer{n}_name") or "").strip(), str(values.get(f"officer{n}_cert") or "").strip())
             for n in (1, 2)]
    return [(name, cert_no) for name, cert_no in named if name]


def archived_on(db: Database, case: Case) -> str | None:
    """``case.archived_on``: the day the archived case was archived (归档, the last such step recorded), None while
    it is not archived."""
    if case.status != "archived":
        return None
    row = db.execute("SELECT on_date FROM case_events WHERE case_id = ? AND kind = 'transition' AND to_status = "
                     "'archived' ORDER BY at DESC, rowid DESC LIMIT 1", [case.id]).fetchone()
    return row[0] if row and row[0] else None


def proposal_context(db: Database, case: Case, party_id: str | None, context: dict[str, object]
                     ) -> dict[str, object]:
    """The penalty proposed to the party: ``proposal.*`` (调查终结报告) and ``notice.*`` (行政处罚告知书). For a case
    with one party (``party_id`` None) both are the case's amounts, as recorded — with the illegal gains it records
    proposed for confiscation while it records none confiscated (Penalty Law art. 28 para. 2) —; while it records
    none, those its last issued notice, else its last issued 调查终结报告, else the record of the notice's service (a notice written outside the
    workstation), proposed (with the hearing right they give). In a case with several parties the
    case's amounts are no one party's: ``proposal.*`` is what the party's last issued notice proposed, else what its
    last issued 调查终结报告 proposed (the 案件审核表 reviews that proposal), else the case's; ``notice.*`` is what
    that notice proposed, else what the party's last issued 调查终结报告 proposed, else nothing — the officer writes each party's own amounts (``PARTY_AMOUNT_SOURCES``), and whether they give a
    hearing is checked when the notice is issued."""
    from workstation.law.thresholds import written_penalties
    from workstation.penalty_terms import last_notice, party_proposal

    fine, confiscated = case.fine_fen, case.confiscated_fen
    # the illegal gains recorded are confiscated (Penalty Law art. 28 para. 2) while the case records none
    # confiscated; less, for a refund, is the officer's to write (``stage_rules._unconfiscated_gains`` tells it)
    gains = case.illegal_gains_fen if party_id is None and not confiscated and case.discretion_tier != "no_penalty" \
        else 0
    heard = context.get("case.hearing_required")
    if gains:
        heard = bool(heard) or hearing(str(context.get("party.kind") or "company"), fine, gains).applies
    out: dict[str, object] = {"proposal.fine_fen": fine, "proposal.confiscated_fen": confiscated or gains,
                              "proposal.total_fen": case.penalties_fen + gains, "proposal.warning": None,
                              "proposal.confiscated_property": None, "proposal.other_penalty": None,
                              "proposal.hearing_required": heard,
                              "notice.fine_fen": fine, "notice.confiscated_fen": confiscated or gains,
                              "notice.hearing_required": heard}
    if party_id is None:  # the kinds (a warning …) the case's last notice, else report, proposed; else those
        # recorded when a notice written outside the workstation was served, as the decision's draft takes them
        # (``penalty_terms.decision_context``); else none
        from workstation.penalty_terms import last_report, served_proposal

        proposed = last_notice(db, case) or last_report(db, case)
        served = served_proposal(db, case) if proposed is None else None
        if proposed is None and served is None:
            return out
        terms = proposed.terms if proposed is not None else served.terms
        out.update({"proposal.warning": terms.warning if proposed is not None else served.said_warning,
                    "proposal.confiscated_property": terms.confiscated_property or None,
                    "proposal.other_penalty": terms.other_penalty or None})
        if not (fine or confiscated):  # the case records no amounts: those proposed, and the hearing they give
            given = hearing(str(context.get("party.kind") or "company"), terms.fine_fen,
                            terms.confiscated_fen, penalties=written_penalties(terms.other_penalty)).applies
            for prefix in ("proposal", "notice"):
                out.update({f"{prefix}.fine_fen": terms.fine_fen, f"{prefix}.confiscated_fen": terms.confiscated_fen,
                            f"{prefix}.hearing_required": given})
            out["proposal.total_fen"] = terms.fine_fen + terms.confiscated_fen
        return out
    notice = last_notice(db, case, party_id)
    if notice is None:  # whether the party has a hearing follows from the amount written for it (checked on issue)
        from workstation.penalty_terms import last_report

        own = party_proposal(db, case, party_id)  # its own 调查终结报告, if one was issued to it
        out = {**out, "notice.fine_fen": own.fine_fen if own else None,
               "notice.confiscated_fen": own.confiscated_fen if own else None, "notice.hearing_required": None}
        report = last_report(db, case, party_id)
        if report is None:
            return out
        terms = report.terms  # what the report proposed to this party, not the case's amounts for all of them
        return {**out, "proposal.fine_fen": terms.fine_fen, "proposal.confiscated_fen": terms.confiscated_fen,
                "proposal.total_fen": terms.fine_fen + terms.confiscated_fen, "proposal.warning": terms.warning,
                "proposal.confiscated_property": terms.confiscated_property or None,
                "proposal.other_penalty": terms.other_penalty or None,
                "proposal.hearing_required": bool(report.values.get("hearing_required"))}
    terms = notice.terms
    return {**out, "proposal.fine_fen": terms.fine_fen, "proposal.confiscated_fen": terms.confiscated_fen,
            "proposal.total_fen": terms.fine_fen + terms.confiscated_fen, "proposal.warning": terms.warning,
            "proposal.confiscated_property": terms.confiscated_property or None,
            "proposal.other_penalty": terms.other_penalty or None,
            "proposal.hearing_required": bool(notice.values.get("hearing_required")),
            "notice.fine_fen": terms.fine_fen, "notice.confiscated_fen": terms.confiscated_fen,
            "notice.hearing_required": bool(notice.values.get("hearing_required"))}


#: the sentence that closes a case's facts with their legal conclusion (……上述行为违反了《…》第…条的规定。)
_CONCLUSION = re.compile(r"(?:^|(?<=[。；！\n]))[^。；！\n]*上述[^。；！\n]*行为[^。；！\n]*违反[^。；！\n]*的规定[。；]?\s*$")


def facts_found(facts: str) -> str:
    """The case's facts without the sentence that closes them with the provisions violated (上述行为违反了……的
    规定。), for the documents that state that conclusion in a paragraph of their own (责令改正通知书, 行政处罚决定书,
    当场行政处罚决定书 …), which would otherwise print it twice; the facts as they are when they end otherwise
    or are nothing but that sentence."""
    kept = _CONCLUSION.sub("", facts.rstrip()).rstrip()
    return kept if kept else facts


def reported_facts(db: Database, case: Case, party_id: str | None) -> str:
    """The 违法事实 of the last 调查终结报告 issued and not voided (``party_id``'s in a case with several parties, the
    case's with one), as the facts found (``facts_found``): what its 案件审核表 reviews and the 告知书 tells the party
    before one was issued; "" without one, or one stating none (the case's facts then)."""
    from workstation.penalty_terms import last_report

    report = last_report(db, case, party_id) if case.id else None
    facts = str(report.values.get("facts") or "").strip() if report is not None else ""
    return facts_found(facts) if facts else ""


def told_context(db: Database, case: Case, party_id: str | None, parties: list) -> dict[str, object]:
    """What the party's last issued 行政处罚告知书 (``party_id``'s in a case with several parties, the case's with one)
    told it of, as the documents after it draw on it: ``party.facts_found`` (its facts, ``facts_found``: a decision
    on other facts is warned of at issue, ``penalty_terms.told_facts_warning``), ``case.discretion_text`` (its 裁量理由
    as printed: the reasons the party was heard on, which the officer may have written there rather than on the
    case) and ``law.basis`` (the 处罚依据 it printed: what the 听证报告, the decision and its reviews state while the
    case records no violation to assess, rather than a blank 依据＿＿的规定 or a form's own default); each left out
    when the notice gives none (the case's then). With one party, its 裁量理由 only while the case's penalty is still
    the one the notice proposed (``_told_penalty_kept``): once the tier or amounts were changed on the case after
    the party's statement, the decision and a correcting notice state the case's, with the case's fine."""
    from workstation.penalty_terms import last_notice

    notice = last_notice(db, case, party_id, parties) if case.id else None
    if notice is None:
        return {}
    told: dict[str, object] = {}
    facts = str(notice.values.get("facts") or "").strip()
    if facts:
        told["party.facts_found"] = facts_found(facts)
    discretion = str(notice.values.get("discretion") or "").strip()
    if discretion and (len(parties) > 1 or _told_penalty_kept(case, notice.terms, discretion)):
        from workstation.law.case_law import decided_discretion

        told["case.discretion_text"] = decided_discretion(discretion)  # as the decision states it, not 本局拟…
    basis = str(notice.values.get("basis") or "").strip()
    if basis:
        told["law.basis"] = basis
    return told


def _told_penalty_kept(case: Case, terms, discretion: str) -> bool:
    """Whether the penalty a case with one party records is still the one its 行政处罚告知书 proposed with the 裁量理由
    ``discretion``: the fine and the confiscation the case records (none recorded: the decision takes the notice's,
    ``penalty_terms.decision_context``) are the notice's ``terms``, and the tier the case chose (none: any) is the one
    that text states, when it states one (``stage_rules._PRINTED_TIERS``). Else the notice's 裁量理由 would print a
    tier the decision's fine, the case's, no longer lies in — refused at issue (``stage_rules.printed_tier_refusal``)
    though the tier on the case is right."""
    from workstation.documents.stage_rules import _PRINTED_TIERS

    if case.fine_fen and case.fine_fen != terms.fine_fen:
        return False
    if case.confiscated_fen and case.confiscated_fen != terms.confiscated_fen:
        return False
    printed = [tier for tier, words in _PRINTED_TIERS.items() if words in discretion]
    return not case.discretion_tier or len(printed) != 1 or printed[0] == case.discretion_tier


def filing_facts(db: Database, case: Case, on: str | None = None) -> str:
    """The brief facts (简要案情) as they were known when the case was filed, for the 立案（不予立案）审批表, the
    案件来源登记表 and the 案件交办通知书, which record that moment however late they are printed: before the case is
    filed, its facts as they stand (what the officer knows now is what the filing decides on); after it, the
    description of the lead the case was filed from (with how many complaints it gathers) as it read on the day it
    was filed — its complaints received by then alone (``lead_as_of``; ``on``: another day, the register's,
    ``registered_facts``) —, else the first paragraph of the case's facts — not the findings the investigation added
    to them afterwards. Facts the officer wrote are worded as suspected (``suspected``): nothing is established before
    the case is filed and investigated."""
    if not case.filed_on:
        return suspected(case.facts)
    from workstation.leads_workflow import case_lead

    # the lead ``lead_received_on`` dates the register by, so that its day and facts are one lead's
    lead = case_lead(db, case.id)
    if lead and str(lead["description"] or "").strip():
        from workstation.leads_workflow import lead_as_of, lead_description

        # a complaint received after that day is not printed on a sheet dated then (counted, dated nor quoted)
        lead = lead_as_of(db, lead, on or str(case.filed_on)[:10])
        # the complainant's own numbers masked, as the lead's own documents quote it (the 案件移送函 went out with them)
        description, count = lead_description(db, lead).strip(), lead["complaint_count"] or 0
        return f"{description}（共{count}件相关投诉举报）" if count > 1 else description
    return suspected(next((line.strip() for line in case.facts.splitlines() if line.strip()), ""))


def registered_facts(db: Database, case: Case) -> str:
    """``case.registered_facts``, the 案件来源登记表's 线索及案情简述: the facts ``filing_facts`` gives, but those of a
    filed case from a lead as the lead read on the day the register is dated by (its 登记时间, ``lead_received_on``):
    the complaints received after it are not yet known there."""
    if case.filed_on and (day := lead_received_on(db, case)):
        return filing_facts(db, case, day)
    return filing_facts(db, case)


def lead_received_on(db: Database, case: Case) -> str | None:
    """``lead.received_on``, the 案件来源登记表's 来源时间 and 登记时间: the day the lead the case came from was received,
    as the lead's own register prints it (``leads_workflow._internal_form_context``); for a case without a lead, the
    case's ``lead_received_on``. Not that: a lead's case keeps there the start of its T1, the day the lead was
    assigned (交办) when it was (``leads_workflow.t1_start``), which the register of the lead does not print."""
    from workstation.leads_workflow import case_lead

    lead = case_lead(db, case.id)
    if lead and lead["received_at"]:
        return str(lead["received_at"])[:10]
    return str(case.lead_received_on)[:10] if case.lead_received_on else None


#: the opening that states facts as found by the investigation (经查，经查明，经调查，)
_FOUND_OPENING = re.compile(r"^\s*经(?:调查|查明|查)[，,：:]\s*")


def suspected(facts: str) -> str:
    """``facts`` worded as a suspicion, as a document written before the case is filed must put them: without the
    opening 经查， (no investigation has found anything yet) and with the closing 上述行为违反了……的规定。 turned into
    上述行为涉嫌违反……的规定。; a text already saying 涉嫌 there, or ending otherwise, keeps its close."""
    text = _FOUND_OPENING.sub("", facts or "", count=1)

    def suspect(match: re.Match) -> str:
        sentence = match.group(0)
        if "涉嫌" in sentence:
            return sentence
        return re.sub(r"违反了?", "涉嫌违反", sentence, count=1)

    return _CONCLUSION.sub(suspect, text.rstrip())


def lead_source_choice(db: Database, case: Case) -> str | None:
    """The 案件来源 the 案件来源登记表 and the 立案审批表 tick for a case that came from a lead: the box its source
    stands for (``leads_workflow.SOURCE_CHOICES``: 举报 for a report, 依据监督检查职权 for an inspection …); None for a
    case not from a lead: its forms tick none, the officer chooses, and issuing without one is refused."""
    from workstation.leads_workflow import SOURCE_CHOICES, case_lead

    lead = case_lead(db, case.id)  # the register's date and facts are that lead's too
    return SOURCE_CHOICES.get(lead["source"], "其他") if lead else None


def declined_context(db: Database, case: Case) -> dict[str, object]:
    """The 不予立案审批表's reason and ground of a case whose filing was declined: ``lead.decision_reason``, the reason
    its ``decline_filing`` was recorded with (the latest), else the one the lead it came from was not filed for; and
    ``lead.decision_ground``, the ground of art. 20 para. 1 that reason's words give (``not_filing_ground``); and
    ``case.declined_on``, its 审批日期 (``declined_on``). None for a case filed or not declined: the form keeps its own
    default."""
    from workstation.leads_workflow import not_filing_ground

    reason = None
    if not case.filed_on:
        row = db.execute("SELECT note FROM case_events WHERE case_id = ? AND kind = 'transition' AND to_status = "
                         "'not_filed' ORDER BY COALESCE(on_date, substr(at, 1, 10)) DESC, at DESC LIMIT 1",
                         [case.id]).fetchone()
        from workstation.concluding import without_decline_note

        reason = without_decline_note(row[0] or "") if row else ""  # the warning ticked is not the reason
        if not reason:
            row = db.execute("SELECT decision_reason FROM leads WHERE case_id = ? AND decision = 'not_file' ORDER BY "
                             "decided_on DESC LIMIT 1", [case.id]).fetchone()
            reason = (row[0] or "").strip() if row else ""
    return {"lead.decision_reason": reason or None, "lead.decision_ground": not_filing_ground(reason or ""),
            "case.declined_on": declined_on(db, case.id)}


def declined_on(db: Database, case_id: str) -> str | None:
    """``case.declined_on``, the 不予立案审批表's 审批日期 and the day a 不予立案审批表 left without one is dated by
    (``document_date``): the day the latest ``decline_filing`` of a case not filed was recorded on (the day it was
    typed in when recorded without one); None for a case filed or not declined."""
    row = db.execute("SELECT COALESCE(e.on_date, substr(e.at, 1, 10)) FROM case_events e JOIN cases c ON c.id = "
                     "e.case_id WHERE e.case_id = ? AND e.kind = 'transition' AND e.to_status = 'not_filed' AND "
                     "COALESCE(c.filed_on, '') = '' ORDER BY COALESCE(e.on_date, substr(e.at, 1, 10)) DESC, e.at DESC "
                     "LIMIT 1", [case_id]).fetchone()
    return str(row[0])[:10] if row and row[0] else None


def acting_agency(db: Database, case: Case):
    """The agency in whose name the case's documents go out: a town office acts in its district bureau's name."""
    agency = get_agency(db, case.agency_id)
    if agency.level == "town" and agency.parent_id:
        agency = get_agency(db, agency.parent_id)
    return agency


def law_context(db: Database, case: Case, party_id: str | None = None,
                amounts: dict | None = None) -> dict[str, object]:
    """The legal wording drawn from the case's assessment: the provisions violated, the penalty basis and the
    discretion paragraph (empty, so the form's own default applies, when the case gives nothing to go on).
    ``law.violated_you`` speaks to the party as a notice does: 你 to a natural person, 你单位 to any other. With
    them the late-payment surcharge accrued on the party's overdue fine (``surcharge_context``). In a case with
    several parties the assessment is the party's own (its penalty basis follows from its own illegal gains
    confiscated, not another party's: ``case_law``); with ``amounts`` ({"fine_fen": …, "confiscated_fen": …}, in
    fen, as ``penalty_terms._amounts_of_values`` reads them), on those of the party's document being drafted or
    issued, as its checks are (ignored in a case with one party)."""
    from workstation.discretion_tiers import tier_default
    from workstation.law.case_law import case_law, closed_sentence, discretion_text

    law = case_law(db, case, party_id=party_id, amounts=amounts)
    norms = law.violated_norms
    no_penalty = case.discretion_tier == "no_penalty"
    you = addressed_as(law.party_kind)
    return {"law.violated_norms": norms, "law.violated": norms_text("law.violated", norms),
            # violations recorded that no norm penalises in time (calls before 2024-07-01): the provisions are left
            # blank, not the form's 消法 default (``default_values``); a penalty is refused (``no_basis_refusal``)
            "law.no_basis": bool(case.violations) and law.penalty is None,
            "law.violated_you": norms_text("law.violated_you", norms, you),
            "law.basis": law.basis_text, "case.discretion_text": discretion_text(case, law),
            # the 责令改正通知书's basis: 行政处罚法 art. 28 para. 1 with the case's penalty norm ("" without one)
            "law.rectification_basis": law.rectification_basis,
            # its 改正要求: an item per violation type recorded, worded by the catalogue ("" without one)
            "law.rectification_items": rectification_requirements(case.violations, law.party_kind),
            "law.criminal_grounds": law.criminal.grounds,  # the standard of the 2017 interpretation reached
            # the illegal gains those grounds rest on (the larger of those recorded and confiscated): the 移送书's
            "law.case_gains_fen": law.criminal.gains_fen,
            # the case's tier, else its fine's, else none; none for 不予处罚, which no form's 裁量阶次 offers: such a
            # case's report and 审批表 propose 不予行政处罚 instead (``case.no_penalty_disposal``)
            "case.discretion_tier_label": "" if no_penalty else tier_default(law, case),
            "case.no_penalty_disposal": "不予行政处罚" if no_penalty else "",
            # the 不予行政处罚决定书's ground and reason: those recorded under 处罚依据与裁量 (Penalty Law arts. 30–36)
            "case.no_penalty_ground": no_penalty_ground(case.discretion_factors),
            # (a paragraph of its own: closed as the decision's is)
            "case.no_penalty_reason": closed_sentence(case.discretion_reason or "") if no_penalty else "",
            **surcharge_context(law, party_id, db, case)}


def rectification_requirements(violations, party_kind: str) -> str:
    """The 责令改正通知书's 改正要求 (``catalogue.rectification_items``: an item per violation type recorded) with the
    closing general item the party's kind and the violations call for (``catalogue.rectification_closing``)."""
    from workstation.law.catalogue import rectification_closing, rectification_items

    return rectification_items(violations, rectification_closing(violations, party_kind))


#: the 不予行政处罚决定书's ground (its choice) for each circumstance of discretion.toml ``[[factors]]`` in which no
#: penalty is or may be given (REFERENCE §1.6; Penalty Law arts. 30, 31, 33, 36)
NO_PENALTY_GROUNDS = {"minor_corrected_no_harm": "轻微不罚", "first_violation_minor": "首违不罚", "no_fault": "无过错不罚",
                      "under_14": "未满十四周岁", "mental_incapacity": "不能辨认或者控制行为", "time_barred": "超过时效"}


def no_penalty_grounds_of(factors) -> list[tuple[str, str]]:
    """(circumstance key, ground) for each circumstance among ``factors`` (a case's ``discretion_factors``) that the
    不予行政处罚决定书 ticks as a ground of its own (``NO_PENALTY_GROUNDS``), in the order recorded."""
    return [(key, NO_PENALTY_GROUNDS[key]) for key in dict.fromkeys(factors or ()) if key in NO_PENALTY_GROUNDS]


def no_penalty_ground(factors) -> str | None:
    """The 不予行政处罚决定书's ground the case's circumstances give (the first recorded), None when none does."""
    grounds = no_penalty_grounds_of(factors)
    return grounds[0][1] if grounds else None


def surcharge_context(law, party_id: str | None, db: Database | None = None, case: Case | None = None
                      ) -> dict[str, object]:
    """The late-payment surcharge (加处罚款) accrued until today on the party's overdue fine, as the law panel
    computes it (``law.case_law``: 3 % of the fine a day from the day after the payment deadline, days of a pending
    reconsideration or lawsuit not counted, never more than the fine), less what the party's payments of part paid
    of it (``payments.surcharge_payments``, with ``db`` and ``case``): ``penalty.surcharge_fen`` and
    ``penalty.surcharge_from`` (the first day it accrues: counted, not paused, ``first_counted``). In a case with several parties the party's own
    (``PartyLaw.surcharge``), none when its fine is not its own. Both None while no fine is overdue. With ``db``
    and ``case``, ``penalty.surcharge_basis`` too: the fine, its payment deadline and the days paused, from which
    a document dated another day states the surcharge accrued by its own day (``follow.surcharge_changes``). The
    fine is the one the 催告书 enforces (``demand_surcharge.enforced``): the party's own decision in force in a case
    with several parties; in a case with one party its decision in force (issued in the workstation, the case's
    typed fine left 0), else the case's — as a reconsideration or lawsuit changed it, when one did (the surcharge is
    then the one accrued on the fine in force)."""
    import datetime as dt

    if law.parties:
        owed = next((p.surcharge for p in law.parties if p.party_id == party_id), None)
    else:
        owed = law.surcharge
    if owed is None:
        return {"penalty.surcharge_fen": None, "penalty.surcharge_from": None, "penalty.surcharge_basis": None}
    # the surcharge counts every day from the day after the deadline to today, paused days aside
    first = dt.date.fromisoformat(today()) - dt.timedelta(days=owed.days + owed.paused_days - 1)
    due = first - dt.timedelta(days=1)
    amount, basis = owed.amount_fen, None
    if db is not None and case is not None:
        from workstation.law.case_law import _paused

        if law.parties:  # the fine of the party's own decision in force
            from workstation.penalty_terms import decisions_in_force

            fine = next((d.terms.fine_fen for d in decisions_in_force(db, case) if d.party_id == party_id), 0)
        else:  # the case's decision in force (or the case's fine), as changed on reconsideration or in court
            from workstation.payments import _amounts

            fine = _amounts(db, case, None)[0]
        # the days a deferral approved after the payment period stops it too (``case_law.late_deferral``)
        from workstation.law.case_law import surcharge_terms
        from workstation.payments import payment_period

        single = party_id if law.parties else None
        period = payment_period(db, case, single)
        paused = surcharge_terms(db, case, period, single)[1] if period is not None else _paused(db, case, single)
        # the first day counted, as the 催告书 prints it (自…起): not a day a reconsideration or lawsuit paused
        first = first_counted(first, paused)
        # payments of part lower the fine it is counted on; what they paid of the surcharge is not owed again
        from workstation.payments import fine_payments, surcharge_paid, surcharge_payments

        paid = fine_payments(db, case, party_id) if law.parties else fine_payments(db, case)
        paid_surcharge = surcharge_payments(db, case, party_id) if law.parties else surcharge_payments(db, case)
        basis = {"fine_fen": fine, "due": due.isoformat(),
                 "paused": [[start, end] for start, end in paused],
                 "payments": [[day, fen] for day, fen in paid],
                 "surcharge_payments": [[day, fen] for day, fen in paid_surcharge]} if fine else None
        if not law.parties:  # today's amount on that fine: the same as the law's unless the fine was changed
            from workstation.law.surcharge import surcharge

            if basis is None:  # changed to no fine: nothing accrues
                return {"penalty.surcharge_fen": None, "penalty.surcharge_from": None,
                        "penalty.surcharge_basis": None}
            amount = surcharge(fine, basis["due"], today(), paused, paid).amount_fen
        # the surcharge accrued in all less what the party paid of it: what the 催告书 and 强制执行申请书 demand, as
        # the payment dialog's rest counts it (REFERENCE §1.2 T9: the surcharge paid and owed at most the fine)
        amount = max(amount - surcharge_paid(paid_surcharge, today()), 0)
    return {"penalty.surcharge_fen": amount, "penalty.surcharge_from": first.isoformat(),
            "penalty.surcharge_basis": basis}


def first_counted(first, paused: list[tuple]):
    """The first day from ``first`` (the day after the payment period, a date) that a pause of the surcharge
    (``paused``: (start, end) ISO days, both inclusive, end None while pending) does not cover: the day its count
    starts, which the 催告书 prints (自…起). A pause still pending over it leaves it as it is (nothing counted yet)."""
    import datetime as dt

    moved = True
    while moved:
        moved = False
        for start, end in paused:
            if end and start <= first.isoformat() <= end:
                first, moved = dt.date.fromisoformat(end) + dt.timedelta(days=1), True
    return first


def decision_served_on(db: Database, case: Case, party_id: str | None, parties: list) -> str | None:
    """``documents.decision_served_on``: the day the 行政处罚决定书 was served on the party (in a case with several
    parties its own service, ``party_decisions.decision_services``; else the case's ``served_on``) — for a decision a
    送达公告 published, the day it is deemed served when later (SAMR rules art. 82, T30: ``document_clocks.deemed_of``),
    from which the clocks count its periods and the 催告书 its surcharge."""
    from workstation.document_clocks import deemed_of

    several = len(parties) > 1 and party_id is not None
    if several:
        from workstation.party_decisions import decision_services

        served = decision_services(db, case, parties).get(party_id)
    else:
        served = case.served_on
    deemed = deemed_of(db, case, party_id if several else None).get("served_on")
    if served and deemed is not None and deemed[1] > served:
        return deemed[1]
    return served


#: the sources of a field that holds provisions of law, as that field words them
NORM_SOURCES = ("law.violated", "law.violated_you", "law.violated_norms", "law.basis")
#: those, with the 责令改正通知书's basis: left blank, not the form's default (消法), for a case recording violations
#: that no norm penalises in time (``law_context`` ``law.no_basis``)
BASIS_SOURCES = (*NORM_SOURCES, "law.rectification_basis")


def norms_text(source: str, norms: str, you: str = "你单位") -> str:
    """Provisions (``norms``, joined by 、) worded as a field of this ``source`` holds them: the sentence of a
    decision (当事人的上述行为违反了…的规定。), of a notice speaking to the party as ``you`` (你的上述行为…), the
    provisions alone (printed inside a sentence of the form), or the penalty basis (依据…的规定); "" without any."""
    if not norms:
        return ""
    if source == "law.violated":
        return f"当事人的上述行为违反了{norms}的规定。"
    if source == "law.violated_you":
        return f"{you}的上述行为违反了{norms}的规定。"
    if source == "law.basis":
        return f"依据{norms}的规定"
    return norms


def addressed_as(party_kind: str) -> str:
    """How a document served on the party speaks to it: 你 to a natural person, 你单位 to a business or an
    association (the forms' ``you`` field has the same defaults: ``party_defaults`` person = "你")."""
    return "你" if party_kind == "person" else "你单位"


def hearing_required(case: Case, party_kind: str, penalties: tuple[str, ...] = ()) -> bool:
    """Whether the proposed fine or confiscation reaches the hearing threshold, or ``penalties`` (those giving the
    right whatever the amounts, ``proposed_heavier``) are proposed (``workstation.law.thresholds``, data in
    ``resources/law/thresholds.toml``; Penalty Law art. 63)."""
    return hearing(party_kind, case.fine_fen, case.confiscated_fen, penalties=penalties).applies


def proposed_heavier(db: Database, case: Case) -> tuple[str, ...]:
    """The penalties giving the hearing right whatever the amounts (吊销营业执照, 责令停产停业 …) that the 其他行政处罚
    of the case's last issued 行政处罚告知书, else 调查终结报告, names (``thresholds.written_penalties``); () without
    either."""
    from workstation.law.thresholds import written_penalties
    from workstation.penalty_terms import last_notice, last_report

    if not case.id:
        return ()
    proposed = last_notice(db, case) or last_report(db, case)
    return written_penalties(proposed.terms.other_penalty) if proposed is not None else ()


@dataclass(frozen=True)
class FiledDocument:
    """A document of the case file (卷宗) as its 目录 lists it: ``remark`` is its 备注 — 已作废：reason for one voided,
    已由<文号>更正 for one an issued correction replaces, 更正<文号> for a correction (joined by ；)."""

    id: str
    number: str | None
    title: str
    pages: int
    issued_at: str
    values_json: str
    form_id: str
    status: str
    remark: str
    supersedes_id: str | None = None
    issued_rank: int = 0  # its place in the order the case's documents were issued (issued_at, then rowid)


# the field holding the number a form takes in place of a 文号: the 当场行政处罚决定书 is a pre-printed form with its
# own serial (编号, REFERENCE §3.1), which names it wherever a document's 文号 is printed or listed
PRINTED_SERIAL_FIELD = "serial_no"


# SQL: a document known by a 文号 (``document_reference``): its number, else the serial printed on its form
_NUMBERED = (f"(number IS NOT NULL OR CASE WHEN json_valid(values_json) THEN "
             f"json_extract(values_json, '$.{PRINTED_SERIAL_FIELD}') END <> '')")


def document_reference(number: str | None, values: dict | str | None) -> str | None:
    """The 文号 a document is known by: the number of the bureau's sequence it took, else the serial pre-printed on
    its form (``PRINTED_SERIAL_FIELD`` of its values, given as a dict or as stored JSON: the 当场行政处罚决定书's
    编号), None when it has neither."""
    if number:
        return number
    if isinstance(values, str):
        values = json.loads(values or "{}")
    serial = str((values or {}).get(PRINTED_SERIAL_FIELD) or "").strip()
    return serial or None


# SQL over ``documents d``: those issued for the lead (or leads) the case with the id given was filed from — the
# lead's 案件来源登记表 is the case's own once the lead became the case (``issuing.lead_documents_of_case``)
OF_CASE_LEADS = "d.lead_id IN (SELECT l.id FROM leads l WHERE l.case_id = ?)"
# SQL over ``documents d``: the documents a case holds, its own and its leads' (two parameters: the case id twice)
OF_CASE = f"(d.case_id = ? OR {OF_CASE_LEADS})"
_LAST = 1000  # the place of a form without a catalogue number (约谈), after the catalogue's


def filed_documents(db: Database, case_id: str) -> list[FiledDocument]:
    """Every document the case issued — and those issued for the lead it was filed from, the case's own
    (``OF_CASE``) — as the case file holds it: a numbered document never leaves the file without trace, so a
    voided one and one replaced by a correction stay, marked in ``remark`` (``FiledDocument``). In procedural
    order: by the date each bears (``document_date``: a record entered after the fact takes the place of its
    day, not of the day it was typed in), documents of one day in the catalogue's order (``FormSpec.catalogue``),
    then in the order issued; a correction right after the document it replaces. The 卷内文件目录, its page ranges
    and the printed 卷宗 (``casefile``) follow this list. A case whose 卷内文件目录 in force was issued on a version
    before 5 keeps the file that 目录 lists (``_indexed_before_v5``): its own documents in the order issued, as its
    signed 目录 and 备考表 count them."""
    legacy = _indexed_before_v5(db, case_id)
    rows = db.execute("SELECT d.id, d.number, d.title, d.pages, d.issued_at, d.values_json, d.form_id, d.status, "
                      f"d.void_reason, d.supersedes_id FROM documents d WHERE "
                      f"{'d.case_id = ?' if legacy else OF_CASE} ORDER BY d.issued_at, d.rowid",
                      [case_id] if legacy else [case_id, case_id]).fetchall()
    rows = [(row[0], document_reference(row[1], row[5]), *row[2:]) for row in rows]
    named = {row[0]: row[1] or row[2] for row in rows}
    corrected_by: dict[str, str] = {}
    for row in rows:  # the correction issued last, not voided, replaces the document (``issuing.correction_of``)
        if row[9] and row[7] == "issued":
            corrected_by[row[9]] = row[0]
    filed = []
    for rank, (document_id, number, title, pages, issued_at, values_json, form_id, status, reason,
               supersedes) in enumerate(rows):
        remarks = []
        if supersedes:
            corrected = named.get(supersedes) or db.execute(
                "SELECT coalesce(number, title) FROM documents WHERE id = ?", [supersedes]).fetchone()[0]
            remarks.append(f"更正{corrected}")
        if status == "void":
            remarks.append(f"已作废：{reason.strip()}" if reason.strip() else "已作废")
        elif document_id in corrected_by:
            remarks.append(f"已由{named[corrected_by[document_id]]}更正")
        filed.append(FiledDocument(document_id, number, title, pages, issued_at, values_json, form_id, status,
                                   "；".join(remarks), supersedes, rank))
    if legacy:
        return filed
    return _in_procedural_order(filed, case_dates(db, case_id),
                                receipts_after=not _indexed_before(db, case_id, _RECEIPTS_PLACED))


def case_dates(db: Database, case_id: str) -> dict[str, object]:
    """The case's dates a document left without its own is dated by in the 卷宗 (``document_date``'s ``sources``):
    ``case.declined_on``, for a 不予立案审批表 issued before the decline was recorded, or its 审批日期 left blank."""
    return {"case.declined_on": declined_on(db, case_id)}


#: the version of the 卷内文件目录 that lists the documents by the date each bears, with the lead's (before it, the
#: case's own in the order issued)
_DATED_INDEX = 5


#: the version of the 卷内文件目录 that files each 送达回证 right after the document it served (``served_by``)
_RECEIPTS_PLACED = 7


def _indexed_before_v5(db: Database, case_id: str) -> bool:
    """Whether the case's 卷内文件目录 in force (issued, neither voided nor corrected) was issued on a version that
    listed the case's own documents in the order issued: its 卷宗 is composed as it was then, so that the page
    ranges signed in it still hold."""
    return _indexed_before(db, case_id, _DATED_INDEX)


def _indexed_before(db: Database, case_id: str, version: int) -> bool:
    """Whether the case's 卷内文件目录 in force (issued, neither voided nor corrected) was issued on a version of
    the form before ``version``."""
    return db.execute(
        "SELECT 1 FROM documents d WHERE d.case_id = ? AND d.form_id = 'file_index' AND d.status = 'issued' AND "
        "d.form_version < ? AND NOT EXISTS (SELECT 1 FROM documents n WHERE n.supersedes_id = d.id AND "
        "n.status = 'issued')", [case_id, version]).fetchone() is not None


def _served_text(document: FiledDocument) -> str:
    """What a 送达回证 says it served (its ``served_document``: 行政处罚告知书（佛南市监告〔2026〕1号）), "" for any other
    document or a receipt that says nothing."""
    if document.form_id != RECEIPT_FORM:
        return ""
    try:
        values = json.loads(document.values_json or "{}")
    except ValueError:
        return ""
    return str(values.get("served_document") or "").strip() if isinstance(values, dict) else ""


#: a 文号 as a 送达回证's 送达文书名称及文号 names it: 佛南市监告〔2026〕1号
_SERVED_NUMBER = re.compile(r"[^\s（）()《》、，,;；]*[〔［\[]\d{4}[〕］\]]\d+号")


def receipt_title(title: str, served: str) -> str:
    """The title of a 送达回证 as the 卷内文件目录 lists it: by what it served (``served``, as its 送达文书名称及文号
    says it) — several receipts of a file told apart —, by the 文号 alone when it names one, 送达回证（佛南市监告〔2026〕1号）
    (the document's title besides wrapped the row, and the 文号, in the narrow 题名 column of a two-party index),
    else by what it names, 送达回证（决定书）; ``title`` alone when it says nothing."""
    said = served.replace("《", "").replace("》", "").replace("\n", " ").strip()
    if number := _SERVED_NUMBER.search(said):
        said = number.group(0)
    return f"{title}（{said}）" if said else title


def _names_number(title: str) -> bool:
    """Whether a listed title names a 文号 (a 送达回证 titled by the number it served: ``receipt_title``)."""
    return _SERVED_NUMBER.search(title) is not None


def served_by(receipt: FiledDocument, filed: list[FiledDocument]) -> FiledDocument | None:
    """The document of ``filed`` the 送达回证 ``receipt`` served: the one whose 文号 its 送达文书名称及文号 names, else
    the one only of its title it names without a 文号; None when it names none of them (another document, written
    in by hand)."""
    served = _served_text(receipt)
    if not served:
        return None
    others = [d for d in filed if d.form_id != RECEIPT_FORM]
    numbered = [d for d in others if d.number and d.number in served]
    if numbered:  # the 文号 named, its document in force rather than a voided one of the same number
        return next((d for d in reversed(numbered) if d.status != "void"), numbered[-1])
    bare = re.sub(r"[《》（）()\s]", "", served)
    titled = [d for d in others if not d.number and d.title == bare]
    return titled[-1] if len(titled) == 1 else None


def _in_procedural_order(filed: list[FiledDocument], sources: dict | None = None, *,
                         receipts_after: bool = False) -> list[FiledDocument]:
    """``filed`` (in the order issued) by the date each bears (``document_date``, with ``sources``: ``case_dates``),
    then the catalogue's order, then the order issued; each correction right after the document it replaces (a
    correction of a correction after that one). With ``receipts_after`` (a 卷内文件目录 of version 7 on), each
    送达回证 right after the document it served (``served_by``: after that one's corrections, the receipts in the
    order issued), wherever their dates put them; a receipt naming no document of the file keeps its date's
    place."""
    forms = load_forms()[0]

    def key(document: FiledDocument) -> tuple:
        form = forms.get(document.form_id)
        try:
            values = json.loads(document.values_json or "{}")
        except ValueError:
            values = {}
        dated = document_date(form, values if isinstance(values, dict) else {}, document.issued_at[:10], sources)
        return dated, (form.catalogue if form is not None and form.catalogue else _LAST), document.issued_rank

    ids = {document.id for document in filed}
    corrections: dict[str, list[FiledDocument]] = {}
    for document in filed:  # in the order issued
        if document.supersedes_id in ids:
            corrections.setdefault(document.supersedes_id, []).append(document)
    receipts: dict[str, list[FiledDocument]] = {}
    if receipts_after:
        for document in filed:
            if document.supersedes_id not in ids and (served := served_by(document, filed)) is not None:
                receipts.setdefault(served.id, []).append(document)
    placed = {receipt.id for each in receipts.values() for receipt in each}
    ordered: list[FiledDocument] = []

    def place(document: FiledDocument) -> None:
        ordered.append(document)
        for correction in corrections.get(document.id, []):
            place(correction)
        # its receipts after its corrections: a receipt of a correction too, never left out of the index
        for receipt in receipts.get(document.id, []):
            place(receipt)

    for document in sorted((d for d in filed if d.supersedes_id not in ids and d.id not in placed), key=key):
        place(document)
    return ordered


def archive_pages(bound: list[FiledDocument]) -> dict[str, tuple[int, int]]:
    """The archive pages (first, last) of each of ``bound`` (``bound_documents``) as the printed case file stamps
    them, counted from 1 on the first document: the 页号 of the 卷内文件目录."""
    spans, first = {}, 1
    for document in bound:
        last = first + max(document.pages, 1) - 1
        spans[document.id] = (first, last)
        first = last + 1
    return spans


ARCHIVE_FORMS = ("file_cover", "file_index", "file_remarks")  # the file's own sheets: they describe it, never in it


def bound_documents(db: Database, case_id: str) -> list[FiledDocument]:
    """``filed_documents`` without the 卷宗封面, 卷内文件目录 and 卷内备考表 (``ARCHIVE_FORMS``): those are bound once, in
    their own places around the documents, and are not listed, counted or page-numbered among them."""
    return [f for f in filed_documents(db, case_id) if f.form_id not in ARCHIVE_FORMS]


def documents_context(db: Database, case: Case, party_id: str | None = None) -> dict[str, object]:
    """The case's documents for the archive forms (``filed_documents``: voided and corrected ones too, marked): ``documents.index`` (one line each: serial, 文号,
    title, pages), ``documents.rows`` (one line each, the columns of the 卷内文件目录 separated by " | ": serial,
    文号, 责任者 (the agency), title, the date it bears (``document_date``), archive page range, remarks (已作废：…,
    已由…更正) — the page range counted as the printed case file numbers them, from 1 on the first document),
    ``documents.count``, ``documents.pages``, ``documents.decision_number`` and ``documents.decision_text`` (what
    that decision decided, ``decision_text``), and ``documents.served`` (the latest served on the party,
    ``served_document``), and ``documents.unbound`` (the evidence and payment vouchers kept outside the file,
    ``casefile.unbound_materials``); with ``party_id``, the decision and the document served are those of that
    party."""
    from workstation.documents.casefile import unbound_materials

    filed = bound_documents(db, case.id)  # the cover, index and remarks sheet are not among the documents
    rows = [(f.number, f.title, f.pages, f.issued_at, f.values_json, f.form_id) for f in filed]
    forms = load_forms()[0]
    titled = addressed_titles(db, case, forms, rows)
    lines = [f"{i}. {number or '—'} {title}（{pages}页）" for i, ((number, _t, pages, *_rest), title)
             in enumerate(zip(rows, titled, strict=True), 1)]
    agency, table, spans, dates = acting_agency(db, case).name, [], archive_pages(filed), case_dates(db, case.id)
    for serial, (document, title) in enumerate(zip(filed, titled, strict=True), 1):
        first, last = spans[document.id]
        span = f"{first}" if last == first else f"{first}-{last}"
        dated = document_date(forms.get(document.form_id), json.loads(document.values_json or "{}"),
                              document.issued_at[:10], dates)
        table.append(" | ".join([str(serial), document.number or "", agency, title, chinese_date(dated), span,
                                 document.remark.replace("|", "｜").replace("\n", " ")]))
    decision = current_decision(db, case, forms, party_id)
    return {"documents.index": "\n".join(lines), "documents.rows": "\n".join(table), "documents.count": len(rows),
            "documents.pages": sum(r[2] for r in rows), "documents.decision_number": decision[0] if decision else "",
            "documents.decision_text": decision_text(forms.get(decision[1]), decision[2]) if decision else "",
            **decided_context(case, forms, decision, several=party_id is not None and len(case.party_ids) > 1,
                              changed=changed_fine(db, case, party_id)),
            "documents.served": served_document(db, case, forms, party_id),
            "documents.served_titled": served_document(db, case, forms, party_id, titled=True),
            "documents.unbound": unbound_materials(db, case), **case_decisions_context(db, case, forms)}


def undocumented_decision(db: Database, case: Case, context: dict[str, object]) -> dict[str, object]:
    """``documents.decision_text`` and ``documents.decisions_text`` of a case with one party decided with a penalty
    (a decision date recorded, and no 不予处罚) whose decision was not issued in the workstation: the penalty the case records
    (``penalty.*``: its amounts and the kinds its notice, report or the record of the notice's service proposed),
    worded as the decision prints its penalties (警告；罚款¥5,000.00（人民币伍仟元整）), as the 行政处理决定审批表 takes
    it — so that the 结案审批表 and the 卷宗封面 do not print the amounts decided beside an empty decision. {} when a
    decision was issued here, the case was not decided with a penalty, or it records none."""
    if context.get("documents.decision_text") or not case.decided_on or case.status == "no_penalty" or db.execute(
            "SELECT 1 FROM case_events WHERE case_id = ? AND kind = 'transition' AND to_status = 'no_penalty'",
            [case.id]).fetchone():
        return {}
    from workstation.penalty_terms import DECISION_FORM

    form = load_forms()[0].get(DECISION_FORM)
    values = {"warning": bool(context.get("penalty.warning")),
              "confiscated_fen": context.get("penalty.confiscated_fen") or None,
              "confiscated_property": context.get("penalty.confiscated_property") or None,
              "fine_fen": context.get("penalty.fine_fen") or None,
              "other_penalty": context.get("penalty.other_penalty") or None}
    from workstation.documents.compose import listed_items

    text = "；".join(listed_items(form, values)) if form is not None else ""
    if not text:
        return {}
    # the cover's 处理结果 adds what the party's reconsideration or lawsuit did to it (``challenge_note``)
    return {"documents.decision_text": text,
            "documents.decisions_text": text + challenge_note(db, case, None, case.decided_on)}


#: the party's challenge of its decision as the 强制执行申请书 says it was made (``challenge.kind``), by its kind
CHALLENGE_KINDS = {"reconsideration": "申请行政复议", "litigation": "提起行政诉讼"}
#: what the outcome of that challenge did to the decision, as the 强制执行申请书 says it (``challenge.outcome``:
#: 经三府行复〔2026〕3号维持该行政处罚决定), by the outcome's kind (``clock_events.OUTCOMES``)
CHALLENGE_OUTCOMES = {"challenge_upheld": "维持该行政处罚决定", "challenge_changed": "变更该行政处罚决定",
                      "challenge_revoked": "撤销该行政处罚决定", "challenge_redo": "撤销该行政处罚决定并责令重新作出",
                      "challenge_unlawful": "确认该行政处罚决定违法", "challenge_void": "确认该行政处罚决定无效",
                      "challenge_withdrawn": "终结，被申请人已撤回申请或者起诉",
                      "challenge_not_accepted": "不予受理其行政复议申请", "challenge_dismissed": "裁定驳回其起诉"}
#: the outcomes the 卷宗封面's 处理结果 adds to the decision's own terms (``challenge_note``): those that changed what
#: is in force
COVER_OUTCOMES = {"challenge_changed": "变更", "challenge_revoked": "撤销", "challenge_redo": "撤销并责令重新作出",
                  "challenge_unlawful": "确认违法", "challenge_void": "确认无效"}


def last_challenge(db: Database, case: Case, party_id: str | None, decided_on: str | None) -> tuple:
    """(the last reconsideration or lawsuit against the party's decision of ``decided_on``, its outcome): events of
    the whole case or of the party ``party_id`` recorded on or after that day; either None. The challenge is the one
    its outcome decides (its ``clock``), else the last applied for by the outcome's day."""
    from workstation.store.clock_events import OUTCOMES, PARTY_KINDS, clock_events_of, party_of

    events = [e for e in clock_events_of(db, case.id)
              if party_of(e) in ("", party_id or "") and e.starts_on >= (decided_on or "")]
    challenges = [e for e in events if e.kind in PARTY_KINDS]
    outcome = next((e for e in reversed(events) if e.kind in OUTCOMES), None)
    if outcome is None:
        return (challenges[-1] if challenges else None), None
    applied = next((e for e in challenges if e.id == outcome.clock), None) or next(
        (e for e in reversed(challenges) if e.starts_on <= outcome.starts_on), None)
    return applied, outcome


def changed_terms(outcome) -> str:
    """What an outcome changing the decision (变更) changed its fine to: 罚款变更为¥1,500.00（人民币壹仟伍佰元整）, 不再处以罚款,
    "" when it says no fine."""
    from workstation.money import figures, uppercase
    from workstation.store.clock_events import CHANGED, changed_fen

    fine = changed_fen(outcome) if outcome is not None and outcome.kind == CHANGED else None
    if fine is None:
        return ""
    return f"罚款变更为{figures(fine)}（{uppercase(fine)}）" if fine else "不再处以罚款"


def challenge_context(db: Database, case: Case, party_id: str | None, decided_on: str | None) -> dict[str, object]:
    """The party's reconsideration or lawsuit against its decision and its outcome (``last_challenge``), for the
    强制执行申请书 and the 履行催告书: ``challenge.kind`` (申请行政复议, 提起行政诉讼), ``challenge.applied_on``,
    ``challenge.number`` (the 文号 or 案号 of the decision on it), ``challenge.decided_on``, ``challenge.outcome``
    (维持该行政处罚决定 …) and ``challenge.in_force`` (an outcome changing the fine: the fine now in force,
    ``changed_terms``); all None without a challenge."""
    from workstation.store.clock_events import OUTCOME_OF

    applied, outcome = last_challenge(db, case, party_id, decided_on)
    kind = applied.kind if applied is not None else OUTCOME_OF.get(outcome.kind, "") if outcome is not None else ""
    said = CHALLENGE_KINDS.get(kind) or ("申请行政复议或者提起行政诉讼" if outcome is not None else None)
    return {"challenge.kind": said, "challenge.applied_on": applied.starts_on if applied is not None else None,
            "challenge.number": (outcome.approved_by.strip() or None) if outcome is not None else None,
            "challenge.decided_on": outcome.starts_on if outcome is not None else None,
            "challenge.outcome": CHALLENGE_OUTCOMES.get(outcome.kind) if outcome is not None else None,
            "challenge.in_force": changed_terms(outcome) or None}


def challenge_note(db: Database, case: Case, party_id: str | None, decided_on: str | None) -> str:
    """What the 卷宗封面's 处理结果 adds to the decision's own terms when the party's reconsideration or lawsuit changed,
    revoked or declared unlawful or void the decision: （经三府行复〔2026〕3号变更为罚款¥1,500.00）, （经…撤销）, （经…确认无效）;
    "" otherwise."""
    from workstation.money import figures
    from workstation.store.clock_events import CHANGED, changed_fen

    applied, outcome = last_challenge(db, case, party_id, decided_on)
    if outcome is None or outcome.kind not in COVER_OUTCOMES:
        return ""
    by = outcome.approved_by.strip() or {"reconsideration": "行政复议", "litigation": "行政诉讼"}.get(
        applied.kind if applied is not None else "", "行政复议或者行政诉讼")
    what = COVER_OUTCOMES[outcome.kind]
    fine = changed_fen(outcome) if outcome.kind == CHANGED else None
    if fine is not None:
        what += f"为罚款{figures(fine)}" if fine else "，不再处以罚款"
    return f"（经{by}{what}）"


def addressed_titles(db: Database, case: Case, forms: dict[str, FormSpec], rows: list) -> list[str]:
    """The title of each issued document (``rows``: title second, values and form id last) as the 卷内文件目录 lists
    it: in a case with several parties, a document written for one party (告知书, 决定书, 送达回证 …) is followed by
    that party's name in brackets — 行政处罚决定书（朱子轩）— since each party receives its own; a document issued
    without a party recorded was the first party's. A case with one party lists the titles alone. A 送达回证 is
    titled by the document it served (``receipt_title``), whatever the parties; one naming the 文号 it served
    without the party's name, that 文号 being the party's own, unless another receipt names the same 文号."""
    from workstation.documents.addressee import PARTY_KEY, addressed_to_party

    parties = parties_of_case(db, case.id)
    # a 送达回证 is titled by what it served (``receipt_title``): several of them told apart
    rows = [(*row[:1], receipt_title(row[1], str(json.loads(row[-2] or "{}").get("served_document") or "")),
             *row[2:]) if row[-1] == RECEIPT_FORM else row for row in rows]
    if len(parties) < 2:
        return [row[1] for row in rows]
    names = {party.id: party.name for party in parties}
    # a receipt naming the 文号 it served needs no party's name (that 文号 is the party's own document) unless
    # another receipt names the same one (a document served on both parties)
    served = [row[1] for row in rows if row[-1] == RECEIPT_FORM and _names_number(row[1])]
    titles = []
    for row in rows:
        form, values = forms.get(row[-1]), json.loads(row[-2] or "{}")
        party = values.get(PARTY_KEY) or parties[0].id
        named = form is not None and addressed_to_party(form) and party in names and not (
            row[-1] == RECEIPT_FORM and row[1] in served and served.count(row[1]) == 1)
        titles.append(f"{row[1]}（{names[party]}）" if named else row[1])
    return titles


def decided_context(case: Case, forms: dict[str, FormSpec], decision: tuple[str, str, dict] | None, *,
                    several: bool = False, changed: int | None = None) -> dict[str, object]:
    """What the decision in force (``current_decision``: the party's, in a case with several parties) decided, as
    the 结案审批表 records it: ``documents.decided_on`` (the date it bears), ``documents.decision_fine_fen``,
    ``documents.decision_confiscated_fen`` and ``documents.decision_total_fen`` (a 不予行政处罚决定书 imposes none);
    without a decision issued in the workstation, the case's own date and amounts — but for a party of a case with
    ``several`` parties, whose own amounts are then not known (the case's are all its parties'): none, for the
    officer to write those of its own decision (the 催告书, the 强制执行申请书, the 延期缴纳罚款通知书). With ``changed``
    (``penalty_terms.changed_fine``: the fine a reconsideration or lawsuit changed it to, 0 for none), the fine is the
    one in force as changed — what those documents enforce or defer — in place of a fine decided. Without a decision
    issued nor a decision date recorded (nothing decided: a case transferred to the police, terminated, still under
    way), none either: the fine the case records is then only proposed, not decided."""
    if decision is None and (several or not case.decided_on):
        return {"documents.decided_on": case.decided_on, "documents.decision_fine_fen": None,
                "documents.decision_confiscated_fen": None, "documents.decision_total_fen": None}
    if decision is None:
        fine, confiscated, decided_on = case.fine_fen, case.confiscated_fen, case.decided_on
    else:
        values = decision[2]
        fine, confiscated = int(values.get("fine_fen") or 0), int(values.get("confiscated_fen") or 0)
        decided_on = document_date(forms.get(decision[1]), values, case.decided_on or "") or None
    if changed is not None and fine:  # the fine in force, as changed on reconsideration or in court
        fine = changed
    return {"documents.decided_on": decided_on, "documents.decision_fine_fen": fine,
            "documents.decision_confiscated_fen": confiscated, "documents.decision_total_fen": fine + confiscated}


def case_decisions_context(db: Database, case: Case, forms: dict[str, FormSpec]) -> dict[str, object]:
    """The decisions of the whole case, for the 卷宗封面: ``documents.decision_numbers`` (the 文号 of each party's
    decision in force, in the order issued, joined by 、) and ``documents.decisions_text`` (what each decided,
    ``decision_text``, one line per party headed by its name). For a case with one party they are its decision's
    ``documents.decision_number`` and ``documents.decision_text``. A case that no decision in force decided says
    how it ended instead (``ended_without_decision``): 移送公安机关 (with its 涉嫌犯罪案件移送书's 文号), 终止调查."""
    decisions = decisions_in_force(db, case, forms)
    if not decisions:
        return {"documents.decision_numbers": "", "documents.decisions_text": ended_without_decision(db, case)}
    parties = parties_of_case(db, case.id)
    names = {party.id: party.name for party in parties}
    texts = [decision_text(forms.get(form_id), values) for _party, _number, form_id, values in decisions]
    # …with what the party's reconsideration or lawsuit did to it since, when it changed or revoked it
    texts = [text + challenge_note(db, case, party, recorded_day(values.get("decided_on")) or case.decided_on)
             for (party, _number, _form, values), text in zip(decisions, texts, strict=True)]
    if len(parties) > 1:
        texts = [f"{names.get(party) or values.get('party_name') or ''}：{text}"
                 for (party, _number, _form, values), text in zip(decisions, texts, strict=True)]
    return {"documents.decision_numbers": "、".join(number for _party, number, _form, _values in decisions),
            "documents.decisions_text": "\n".join(texts)}


def ended_without_decision(db: Database, case: Case) -> str:
    """How ``case``, which no decision in force decided, ended, as the 卷宗封面's 处理结果 says it: a case transferred
    to the police (the 结案理由 移送司法: ``stage_rules.closing_ground``) 移送公安机关, followed by the 文号 of its
    涉嫌犯罪案件移送书 in force (the latest issued) between brackets when one was issued; a case whose
    investigation was terminated 终止调查; a case whose filing was declined 不予立案; "" for any other (still under
    way)."""
    from workstation.documents.stage_rules import CLOSING_GROUNDS, closing_ground

    ground = closing_ground(db, case)
    if ground == CLOSING_GROUNDS["terminated"]:
        return "终止调查"
    if ground == CLOSING_GROUNDS["not_filed"] and not case.filed_on:
        return "不予立案"
    if ground != CLOSING_GROUNDS["transferred_police"]:
        return ""
    row = db.execute(
        "SELECT number FROM documents d WHERE case_id = ? AND form_id = 'police_transfer' AND status = 'issued' "
        "AND number IS NOT NULL AND number != '' AND NOT EXISTS (SELECT 1 FROM documents s WHERE s.supersedes_id = "
        "d.id AND s.status = 'issued') ORDER BY issued_at DESC, rowid DESC LIMIT 1", [case.id]).fetchone()
    return f"移送公安机关（{row[0]}）" if row else "移送公安机关"


def decisions_in_force(db: Database, case: Case, forms: dict[str, FormSpec] | None = None
                       ) -> list[tuple[str | None, str, str, dict]]:
    """(party id, 文号, form id, values) of the decision in force of each party of the case (``current_decision``
    for each), in the order they were issued; one (party None) for a case with one party. A decision recording no
    party was issued to the case's first party (``addressee.party_condition``)."""
    from workstation.documents.addressee import PARTY_KEY

    decisions = [form.id for form in (forms or load_forms()[0]).values() if form.kind == "decision"]
    parties = parties_of_case(db, case.id)
    first = parties[0].id if len(parties) > 1 else None
    rows = db.execute(
        f"SELECT number, form_id, values_json FROM documents d WHERE case_id = ? AND status = 'issued' "
        f"AND {_NUMBERED} AND form_id IN ({', '.join('?' * len(decisions))}) AND NOT EXISTS "
        f"(SELECT 1 FROM documents s WHERE s.supersedes_id = d.id AND s.status = 'issued') "
        f"ORDER BY issued_at, rowid", [case.id, *decisions]).fetchall()
    latest: dict[str | None, tuple[str | None, str, str, dict]] = {}
    for number, form_id, values_json in rows:
        values = json.loads(values_json or "{}")
        party = (values.get(PARTY_KEY) or first) if first else None
        latest.pop(party, None)  # a party's later decision stands in the place of its issue
        latest[party] = (party, document_reference(number, values) or "", form_id, values)
    return list(latest.values())


def served_document(db: Database, case: Case, forms: dict[str, FormSpec], party_id: str | None = None,
                    titled: bool = False) -> str:
    """The title and 文号 of the case's document last issued that is served on the party (a form with
    ``served_on_party``: a notice, a decision …), neither voided nor superseded by a later issued document, as
    the 送达回证 names it: 行政处罚告知书（佛南市监告〔2026〕3号）; "" when there is none. With ``party_id`` (a case with
    several parties), the latest served on that party. ``titled``: as a sentence names it, the title between 书名号
    (``documents.served_titled``: 《行政处罚决定书》（佛顺市监处〔2026〕8号）)."""
    row = _last_served(db, case, forms, party_id)
    if not row:
        return ""
    title = f"《{row[0]}》" if titled else row[0]
    return f"{title}（{row[1]}）" if row[1] else title


def _last_served(db: Database, case: Case, forms: dict[str, FormSpec], party_id: str | None
                 ) -> tuple[str, str | None, str] | None:
    """(title, 文号, form id) of the document ``served_document`` names, None without one."""
    from workstation.documents.addressee import party_condition

    served = [form.id for form in forms.values() if form.served_on_party]
    if not served:
        return None
    of_party, params = party_condition(db, case, party_id, "d")
    row = db.execute(
        f"SELECT title, number, form_id FROM documents d WHERE case_id = ? AND status = 'issued' "
        f"AND form_id IN ({', '.join('?' * len(served))}){of_party} AND NOT EXISTS (SELECT 1 FROM documents s "
        f"WHERE s.supersedes_id = d.id AND s.status = 'issued') ORDER BY issued_at DESC, rowid DESC LIMIT 1",
        [case.id, *served, *params]).fetchone()
    return tuple(row) if row else None


def served_on_recorded(db: Database, case: Case, context: dict[str, object], party_id: str | None) -> str | None:
    """``documents.served_on``: the day the case recorded the service of the document the 送达回证 names
    (``served_document``) on the party — a 行政处罚告知书's (``case.notice_served_on``, the party's own in a case with
    several) or a decision's (``documents.decision_served_on``); None for another document, whose service the case
    does not record, and while that one is not served."""
    row = _last_served(db, case, load_forms()[0], party_id)
    if row is None:
        return None
    form = load_forms()[0].get(row[2])
    if row[2] == "pre_penalty_notice":
        return context.get("case.notice_served_on") or None  # type: ignore[return-value]
    if form is not None and form.kind == "decision":
        return context.get("documents.decision_served_on") or None  # type: ignore[return-value]
    return None


def recorded_day(value) -> str | None:
    """The day (ISO) a date, datetime or time value as typed names (2026-09-16 09:30, 2026年9月16日9时30分,
    2026年9月16日), None when it names none (a time of day alone, nothing)."""
    text = str(value or "").strip()
    if not text:
        return None
    for parse in (parse_datetime, parse_date):
        try:
            day = parse(text)
        except ValueError:
            continue
        if day:
            return str(day)[:10]
    return None


def document_date(form: FormSpec | None, values: dict, issued_on: str, sources: dict | None = None) -> str:
    """The date a case document bears (ISO): the day it records, given by the field its form names as
    ``date_field`` (a 询问笔录's 询问开始时间, a 送达回证's 送达日期, a 法制审核表's 审核日期 …: a record is typed in
    after the day it happened); else the date its signature block prints (a decision's 决定日期, a
    notice's 签发日期, a report's 报告日期 … as typed); else the day it is issued (or, for a draft, today). A table
    form names its own (the 结案审批表's 报请日期, not its 决定日期, which is the decision's). ``sources``: what the
    case gives now of some sources (``case.declined_on``); a ``date_field`` left empty whose source is among them is
    dated by it — a 不予立案审批表 issued before the decline was recorded bears the day the case was declined."""
    if form is not None and form.date_field:
        if day := recorded_day(values.get(form.date_field)):
            return day
        field = form.field(form.date_field)
        if sources and field is not None and field.source and (day := recorded_day(sources.get(field.source))):
            return day
    for block in form.blocks if form else ():
        if block.kind != "signature" or not isinstance(block.lines, tuple):
            continue
        for line in block.lines:
            for name, name_filter, _argument in placeholders(line):
                # a date left to write by hand (a sheet for handwriting) is no day
                if name_filter == "date" and values.get(name) and not left_blank(values[name]):
                    return str(values[name])[:10]
    return str(issued_on)[:10]


def decision_number(db: Database, case: Case) -> str:
    """The 文号 of the case's decision (a form of kind ``decision``: 行政处罚决定书 or 不予行政处罚决定书) as
    issued and still in force: the latest one neither voided nor superseded by a later issued document; ""
    when there is none."""
    decision = current_decision(db, case)
    return decision[0] if decision else ""


def current_decision(db: Database, case: Case, forms: dict[str, FormSpec] | None = None,
                     party_id: str | None = None) -> tuple[str, str, dict] | None:
    """(文号, form id, values) of the case's decision in force (see ``decision_number``), None without one;
    ``forms`` the loaded forms when the caller has them; with ``party_id``, the decision of that party."""
    from workstation.documents.addressee import party_condition

    decisions = [form.id for form in (forms or load_forms()[0]).values() if form.kind == "decision"]
    of_party, params = party_condition(db, case, party_id, "d")
    row = db.execute(
        f"SELECT number, form_id, values_json FROM documents d WHERE case_id = ? AND status = 'issued' "
        f"AND {_NUMBERED} AND form_id IN ({', '.join('?' * len(decisions))}){of_party} AND NOT EXISTS "
        f"(SELECT 1 FROM documents s WHERE s.supersedes_id = d.id AND s.status = 'issued') "
        f"ORDER BY issued_at DESC, rowid DESC LIMIT 1", [case.id, *decisions, *params]).fetchone()
    if row is None:
        return None
    values = json.loads(row[2] or "{}")
    return document_reference(row[0], values) or "", row[1], values


def decision_text(form: FormSpec | None, values: dict) -> str:
    """What the decision decided, for the 结案审批表 and the 卷宗封面: the penalties it imposed as it printed
    them (警告；罚款¥50,000.00（人民币伍万元整）), or 不予行政处罚 for a decision that imposes none."""
    from workstation.documents.compose import listed_items

    # the penalties only: the order to correct the decision lists first is no penalty (行政处罚法 art. 28)
    items = listed_items(form, {**values, "order_correction": False}) if form else []
    return "；".join(items) if items else "不予行政处罚"


def default_values(form: FormSpec, context: dict[str, object], given: dict | None = None) -> dict[str, object]:
    """Each field's value from its source, else its literal default, written as an officer would type it
    (amounts in yuan: the case holds fen, the form's fields take yuan like every editor). A field with a
    default for the kind of the case's party (``party_defaults``) takes that one instead. A literal default
    that prints other fields is filled with their defaults (``{you}的上述行为…``: 你的 or 你单位的). A default
    that follows a choice (``choice_defaults``) is the one for the choice in ``given`` (the values the officer
    gave, which go on top of these), else for the choice field's own default; and the 罚没款合计 and the hearing box
    follow the amounts in ``given`` (``formkit.follow``) unless ``given`` holds them too."""
    values, literal = {}, []
    kind = context.get("party.kind")
    for field in form.fields:
        by_kind = dict(field.party_defaults)
        if kind in by_kind:  # the party's kind decides (the person is interviewed in person, …)
            values[field.name] = by_kind[kind]
            literal.append(field.name)
            continue
        value = source_value(field.source, context) if field.source else None
        if field.type == "money" and isinstance(value, int):
            value = yuan_input(value)
        if value in (None, "") and (field.default is not None or field.choice_field) \
                and not (field.source in BASIS_SOURCES and context.get("law.no_basis")):  # not 消法 with no basis
            value = field.default
            literal.append(field.name)
        values[field.name] = value
    for field in form.fields:  # a default following a choice, once every field holds its own (the choice too)
        if field.choice_field and kind not in dict(field.party_defaults):
            chosen = (given or {}).get(field.choice_field, values.get(field.choice_field))
            if field.name in literal:
                values[field.name] = field.default_for(chosen)
            elif choice_listed(field, chosen):  # the choice's own text goes before the source's
                values[field.name] = field.default_for(chosen)
                literal.append(field.name)
    filled = {name: render(values[name], values) for name in literal
              if isinstance(values[name], str) and placeholders(values[name])}
    values = {**values, **filled}
    if given:  # the total and the hearing box follow the amounts given, as in the editor, unless given too
        from workstation.formkit.follow import followed

        changes = followed(form, kind if isinstance(kind, str) else None, values, {**values, **given},
                           surcharge_basis=context.get("penalty.surcharge_basis"))  # type: ignore[arg-type]
        values.update({name: value for name, value in changes.items() if name not in given})
    return values


def choice_listed(field: FieldSpec, choice) -> bool:
    """Whether ``field``'s ``choice_defaults`` give ``choice`` a default of its own (a bool's: "true", "false")."""
    if isinstance(choice, bool):
        choice = "true" if choice else "false"
    return choice in dict(field.choice_defaults)


def choice_default(field: FieldSpec, choice, context: dict[str, object]) -> object:
    """The default ``field`` takes while the choice field it follows holds ``choice``: the text its
    ``choice_defaults`` list for that choice, else what its source gives, else its ``default`` (the 有关事项审批表's
    事由: a suspension's or resumption's own, else the extension the case asks for)."""
    if choice_listed(field, choice):
        return field.default_for(choice)
    value = source_value(field.source, context) if field.source else None
    return value if value not in (None, "") else field.default


def transfer_receiver(parties) -> str:
    """The 受移送机关 a case's 案件移送函 is drafted to: the telecom regulator when every party is a telecom operator
    (REFERENCE §4.8), else none — for the officer to name the competent administrative authority. Never the police:
    a case transferred to them goes with the 涉嫌犯罪案件移送书, and its 案件移送函 is refused
    (``stage_rules._transfer_letter``); a 治安 matter is sent to them only when the officer names them."""
    from workstation.leads_workflow import TELECOM_REGULATOR, names_operator

    return TELECOM_REGULATOR if parties and all(names_operator(p.name) for p in parties) else ""


def transfer_approval_context(db: Database, case: Case) -> dict[str, object]:
    """The 涉嫌犯罪案件移送书's defaults from the steps recorded (transfer rules art. 5): ``transfer.approved_on`` and
    ``transfer.approver``, the day of the head's approval of the latest transfer report (“transfer_approved”) and
    who approved it when that was recorded — none while that report awaits the head's decision or when the head
    refused it; and ``transfer.sent_on``, the day of the latest transfer to the police recorded on or after that
    approval (without one recorded, the transfer the case stands in with the police), else today."""
    from workstation.procedure import _last_transfer_day, police_transfer_state

    report = db.execute("SELECT MAX(starts_on) FROM clock_events WHERE case_id = ? AND kind = 'transfer_report'",
                        [case.id]).fetchone()[0] or ""
    decision = db.execute("SELECT kind, starts_on, approved_by FROM clock_events WHERE case_id = ? AND kind IN "
                          "('transfer_approved', 'transfer_refused') AND starts_on >= ? ORDER BY starts_on DESC, "
                          "created_at DESC, rowid DESC LIMIT 1", [case.id, report]).fetchone()
    approved = decision if decision is not None and decision[0] == "transfer_approved" else None
    sent = _last_transfer_day(db, case)
    if sent and approved is not None:
        sent = sent if sent >= approved[1] else None
    elif sent:
        sent = sent if police_transfer_state(db, case) in ("with_police", "opened") else None
    return {"transfer.approved_on": approved[1] if approved else None,
            "transfer.approver": (approved[2] or None) if approved else None, "transfer.sent_on": sent or today()}


def source_value(source: str, context: dict[str, object]):
    """The value of ``source`` in ``context``; ``agency.court`` is looked up only here, when a form draws on it, so
    that a damaged ``resources/reference/courts.toml`` refuses the 强制执行申请书 alone (workstation/formkit/courts.py),
    and a value the context holds as ``LAZY_PREFIX + source`` (a function: the distinct records of the 电子数据证据提取
    笔录, which may read the evidence files) is worked out only then — not for every form of the case drafted."""
    if source == COURT_SOURCE:
        return court_of(str(context.get("agency.code") or ""))
    if callable(lazy := context.get(LAZY_PREFIX + source)):  # worked out when drawn on, once
        context[source] = lazy()
        del context[LAZY_PREFIX + source]
    return context.get(source)


def resumed_values(form: FormSpec, stored: dict, context: dict[str, object],
                   began: dict | None = None) -> dict[str, object]:
    """The values of a kept draft (or of other stored values) to continue writing: the stored ones over the
    current defaults, except that a stored value equal to a default an earlier version of the form gave
    (``old_defaults``: the officer never wrote it) gives way to the current default, so that the draft of a
    decision kept before its 陈述申辩 paragraph learnt to say 也未要求听证 says it now — when ``began`` is known, only
    one still holding what the draft was opened with (``outdated_defaults``): the same words typed by the officer
    (the interviewee's 听清楚了，不申请回避。 in a 笔录 opened with the answer empty) stay, as ``docs render --values``
    prints them. An empty old default (the field had none) counts for a field the draft holds empty unless
    ``began`` — the defaults the draft was opened with, None when not known (kept before they were) — held
    something there, which the officer cleared: the 联系电话 a notice now takes from 本局文书信息 fills the one a draft
    kept before left empty. A field drawn from a source (``refreshed_source``: the party's 名称, 住所, 法定代表人 and
    code, the case's number and officers, 本局文书信息 …) still holding what ``began`` gave it takes what the source
    gives now: the officer never wrote it, and the party renamed or the bureau's telephone changed since is not
    printed as it was — the 告知书's 告知日期 only when it gives the day of the party's service (``NOTICE_DAY_SOURCE``).
    A value the officer typed stays."""
    defaults = default_values(form, context, stored)
    values = {**defaults, **stored}
    for field in outdated_defaults(form, values, context, began):
        values[field.name] = defaults.get(field.name)
    for field in form.fields:
        if "" in field.old_defaults and values.get(field.name) in (None, "") \
                and (began or {}).get(field.name) in (None, ""):
            values[field.name] = defaults.get(field.name)
    for field in form.fields:  # the party, case or 本局文书信息 changed since the draft was opened, still held as it was
        if refreshed_source(field.source) and field.name in stored and field.name in (began or {}) \
                and _same_text(stored[field.name], began[field.name]) \
                and (field.source != NOTICE_DAY_SOURCE or str(defaults.get(field.name)) != str(context.get("today"))):
            values[field.name] = defaults.get(field.name)
    for field in form.fields:  # a read-only field shows what its source gives now, whatever was kept
        if field.read_only:
            values[field.name] = defaults.get(field.name)
    for name, earlier in REDATED_TODAY.get(form.id, {}).items():  # dated today now, kept dated as it was before
        if name in stored and stored[name] and _same_text(stored[name], stored.get(earlier)) \
                and (began is None or _same_text(stored[name], began.get(name))):
            values[name] = defaults.get(name)
    return values


#: the date fields drawn from ``today`` now that an earlier version of their form drew from another field: form ->
#: {field: that field}. A kept draft still holding that field's value there, as it was opened (``began``; any, when
#: not known), takes today when continued (``resumed_values``): the 约谈纪要's 印发日期 was the meeting's day up to
#: version 10, and a draft kept then would be issued backdated to the meeting
REDATED_TODAY = {"interview_minutes": {"issued_on": "held_on"}}


#: the sources a kept draft does not take anew: the day and time it was written (a record is dated when it was made)
WRITING_TIME_SOURCES = frozenset({"today", "now"})

#: the 告知书's 告知日期 (``notice_dated_on``): a kept draft keeps the day it was opened with, as ``today``, unless the
#: source gives the day of the party's service now — recorded since (a paper notice's service typed in after the
#: draft was opened), a draft keeping its day would be refused at issue (``resumed_values``)
NOTICE_DAY_SOURCE = "notice.dated_on"


def refreshed_source(source: str) -> bool:
    """Whether a kept draft's field drawn from ``source``, still holding what it was opened with, takes what the
    source gives when the draft is continued (``resumed_values``): any source (the party, the case, its officers,
    本局文书信息 …) but the time of writing and what is counted as of it: the surcharge accrued up to the day the
    draft was opened (``penalty.surcharge_*``, whose day the draft keeps), and a lead's figures and summary as of its
    letter's date (``lead.*``, ``lead_values_on``) — a draft kept says what it said of that day."""
    return bool(source) and source not in WRITING_TIME_SOURCES | KEPT_SOURCES \
        and not source.startswith(DATED_SOURCE_PREFIXES)


#: the sources a kept draft does not take anew: the 不予行政处罚决定书's ground (the basis and education that follow it
#: are kept as written) and its reason, which a draft kept before version 9 did not draw from the case at all
KEPT_SOURCES = frozenset({"case.no_penalty_ground", "case.no_penalty_reason"})


#: the sources counted as of the draft's own day, which a kept draft keeps (``refreshed_source``)
DATED_SOURCE_PREFIXES = ("penalty.surcharge", "lead.")


#: the sources naming the party as its record holds it, which a document written for it is compared with on issuing
PARTY_RECORD_SOURCES = ("party.name", "party.address", "party.legal_rep", "party.representative", "party.code",
                        "party.uscc", "party.id_number")


def party_record_differences(form: FormSpec, values: dict, context: dict[str, object]) -> list[FieldSpec]:
    """The fields of ``form`` drawn from the party's record (``PARTY_RECORD_SOURCES``: its 名称, 住所, 法定代表人, code)
    whose value, written by the officer, is not what the record holds now (spaces and letter case aside): the party
    was corrected since it was written, or it was typed otherwise, and the document would name the party so. A
    field left empty, or whose source holds nothing, is not compared; nor the first party's fields a form with
    several parties' rows does not print (``one_party_fields``); nor, in a record the other side signs, the
    particulars of the person it names (``person_fields``: the 询问笔录's 被询问人, whose 工作单位 and 住址 are his
    own, not the party's). [] when there is none."""
    from workstation.formkit.party_rows import PARTY_ROWS, one_party_fields

    unprinted = set(one_party_fields(form)) if values.get(PARTY_ROWS) else set()
    unprinted |= person_fields(form)
    differing = []
    for field in form.fields:
        if field.source not in PARTY_RECORD_SOURCES or field.name in unprinted:
            continue
        typed, recorded = (re.sub(r"[\s\u3000]+", "", str(v or "")).upper()
                           for v in (values.get(field.name), source_value(field.source, context)))
        if typed and recorded and typed != recorded:
            differing.append(field)
    return differing


def person_fields(form: FormSpec) -> set[str]:
    """The fields of a record the other side signs (``signed_record``) describing the person it names (``person``: the
    询问笔录's 被询问人, the 在场人 of a 现场笔录): those of the sections holding such a field. Drawn from the party's
    record as a start (its representative, its name as his 工作单位, its address), they then hold that person's own
    particulars, whoever answered. Empty for any other form."""
    if not form.signed_record:
        return set()
    sections = {field.section for field in form.fields if field.person}
    return {field.name for field in form.fields if field.section in sections}


def _same_text(kept, began) -> bool:
    """Whether a kept value is the one the draft was opened with (an empty one and None alike; a text's surrounding
    spaces aside, ``_plain``)."""
    if kept in (None, "") or began in (None, ""):
        return kept in (None, "") and began in (None, "")
    if isinstance(kept, str) and isinstance(began, str):
        return _plain(kept) == _plain(began)
    return kept == began


def old_default_texts(field: FieldSpec, context: dict[str, object]) -> list[str]:
    """The defaults earlier versions of the form gave ``field``, as they read for this case: an old default
    naming a source (``你（单位）的上述行为违反了{law.violated_norms}的规定。``, the sentence an earlier version drew
    from the case's legal assessment) is filled from the case, and left out when the case gives nothing there.
    ``{agency.court}`` (the district court an earlier version named to sue before) is looked up as a source is; a
    court file that cannot be read gives no old default rather than refusing the form."""
    texts = []
    for text in field.old_defaults:
        names = SOURCE_PLACEHOLDER.findall(text)
        try:
            found = {name: source_value(name, context) for name in names}
        except WorkstationError:
            continue
        if any(value in (None, "") for value in found.values()):
            continue
        if field.type == "money":  # an amount in fen, as the field gave it: in yuan (0.00, ``default_values``)
            found = {name: yuan_input(value) if isinstance(value, int) else value for name, value in found.items()}
        texts.append(SOURCE_PLACEHOLDER.sub(lambda m, found=found: str(found[m.group(1)]), text))
    return texts


def _plain(value) -> str:
    """A text as compared with an old default: each line without its surrounding spaces, no blank end lines."""
    return "\n".join(line.strip() for line in str(value).strip().splitlines())


def outdated_defaults(form: FormSpec, values: dict, context: dict[str, object],
                      began: dict | None = None) -> list[FieldSpec]:
    """The fields whose value is still a default an earlier version of the form gave (``old_defaults``, as they
    read for this case): text the officer never wrote, which continues with the current default. A value the
    officer changed in any way is not one of them; nor, when ``began`` — the defaults a draft was opened with
    (``Draft.defaults``) — is known, one that is not what the draft was opened with there: the officer typed those
    words (the interviewee's answer 听清楚了，不申请回避。, once the 笔录's default) into a field the form had filled
    otherwise or left empty. Without ``began`` (a ``--values`` file, a draft kept before its defaults were), any."""
    outdated = []
    for field in form.fields:
        value = values.get(field.name)
        if began is not None and not _same_text(value, began.get(field.name)):
            continue  # typed by the officer, not left as the draft was opened
        if may_hold_old_default(field, value):
            if _plain(value) in {_plain(text) for text in old_default_texts(field, context)}:
                outdated.append(field)
    return outdated


def may_hold_old_default(field: FieldSpec, value) -> bool:
    """Whether ``value`` of ``field`` could be a default an earlier version of the form gave (``outdated_defaults``
    then compares it with them): text that is not blank, in a field that had such defaults."""
    return bool(field.old_defaults and isinstance(value, str) and value.strip())


def _normalise(field: FieldSpec, value):
    if value in (None, ""):
        return None
    if isinstance(value, list | tuple | dict) or (isinstance(value, bool) and field.type != "bool"):
        # a values file's [...], {...} or true, printed as Python's repr (a 询问笔录's 问：[{'q': …}])
        raise ValueError(_("This field takes text, not {value}: write it in quotes (\"…\") in the values file.").format(
            value=json.dumps(value, ensure_ascii=False)[:60]))
    if field.type == "money":  # as typed in yuan: 1,234.50, or in 万 as registers write fines (1.5万)
        return parse_amount_fen(value)
    if field.type == "integer":
        return parse_count(value)
    if field.type == "date":
        return parse_date(value)
    if field.type == "datetime":
        return parse_datetime(value)
    if field.type == "qa":
        return format_pairs(parse_pairs(str(value))) or None
    if field.type == "bool":
        return yes_or_no(value)
    if field.type == "choice" and str(value) not in field.choices:
        raise ValueError(_("Choose one of: {choices}.").format(choices="、".join(field.choices)))
    text = str(value).strip()
    if field.check == "id_number" and RESIDENT_ID_LIKE.fullmatch(compact_code(text)):  # 110105-19491231-002X too
        return normalize_id_number(text)  # ValueError naming what is wrong: the check digit, the birth date …
    if field.check == "party_code" and text:
        return party_code(text)
    if field.check == "time":  # ValueError for what is no time of day; kept as typed, but a clock's 11:00 printed
        clock = parse_time_of_day(text)  # as documents print a time (11时00分), as a record's start is
        if clock and re.fullmatch(r"\d{1,2}[:：]\d{2}", text):
            return clock_text(clock[1])
    if field.check == "mobile":  # the number SMS are served at (送达地址确认书): its 11 digits
        return normalize_mobile(text)
    if field.check == "email" and not EMAIL.fullmatch(text):
        raise ValueError(_("“{text}” is not an e-mail address: write it as name@example.com.").format(text=text))
    if field.check == "government" and not text.endswith("人民政府"):
        # 行政复议法 (2023) art. 24: since 2024 a market-regulation bureau's decision is reconsidered by the people's
        # government at its level only (the upper-level bureau, offered before, is no longer one)
        raise ValueError(_("“{text}” is no people's government: since 1 January 2024 the reconsideration of a "
                           "market-regulation bureau's decision goes to the people's government at the bureau's level "
                           "(行政复议法 art. 24), such as 佛山市南海区人民政府 for a district bureau and its offices, "
                           "佛山市人民政府 for the city bureau.").format(text=text))
    if field.check == "postcode":
        code = text.translate(FULLWIDTH_ID)
        if not re.fullmatch(r"[0-9]{6}", code):
            raise ValueError(_("“{text}” is not a postcode: a postcode has 6 digits, such as 528000.").format(
                text=text))
        return code
    return text


#: what a yes/no field (``type = "bool"``) takes as ticked and as not, written in a values file or a draft kept as
#: JSON: JSON's true and false, 1 and 0, and these words (any case, spaces around them ignored)
YES_WORDS = frozenset({"true", "1", "yes", "是"})
NO_WORDS = frozenset({"false", "0", "no", "否"})


def yes_or_no(value) -> bool | None:
    """A yes/no field's value: True or False as given (a JSON true or false, 1 or 0, ``YES_WORDS`` and
    ``NO_WORDS``), None for blank text (as for an empty one: not ticked); ValueError for anything else — "false" is
    some text, but not a ticked box."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    word = str(value).strip().lower()
    if not word:
        return None
    if word in YES_WORDS:
        return True
    if word in NO_WORDS:
        return False
    raise ValueError(_("“{value}” is neither yes nor no: write true or false (or 是, 否) for this box.").format(
        value=value))


#: an e-mail address (``check = "email"``): one @ between a name and a domain with a dot, no spaces
EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")


def party_code(text: str, person: bool = False) -> str:
    """A party's code as a document prints it (``check = "party_code"``): a natural person's (``person``, as
    ``code_is_id_number`` tells from the form) digits are a resident ID number, refused with a wrong check digit even
    when they would pass as a credit code; otherwise 18 letters and digits are a 统一社会信用代码
    (GB 32100, mod 31) or a resident ID number with a right check character, normalised; 15 digits with the check
    digit of an old 工商注册号 (GS 15-2006, ISO 7064 MOD 11,10) are that number, taken as written — read as an old ID
    number, it would be printed as an 18-digit one it never was —; a number of digits (and a final X) that is
    neither is refused naming the ID number's fault. Letters and digits one character short of a USCC's 18 or one
    too many (17, 19), or two (16, 20) after the start of a USCC (its two codes of the registering department and
    kind, and six digits of region: 914406…), are a USCC mistyped: refused saying it has 18, whatever else such a
    code could be — no passport, permit or organisation code is as long. Other text (a passport or permit number,
    the organisation code 12345678-9, the 15 characters of an old foreigner's permanent residence card) is taken as
    written. 18 characters passing as a USCC that read as an ID number that is not valid and are no plausible credit
    code are refused whoever the party (``mistyped_id_number``, as the party dialog and the register import). The code is
    read as ``compact_code`` cleans it (full-width characters, lower case, spaces and hyphens: 91110000-100017707H is
    a USCC) and a USCC or ID number printed so; other text is taken as written."""
    from workstation.validators import mistyped_id_number, normalize_uscc

    compact = compact_code(text)
    id_like = RESIDENT_ID_LIKE.fullmatch(compact)
    if person and id_like:  # a person has no credit code: the ID number's own fault named, a 15-digit one converted
        return normalize_id_number(compact)
    code = compact.isascii() and compact.isalnum()
    if len(compact) == 18 and code:
        try:
            uscc = normalize_uscc(compact)
        except ValueError:
            if not id_like:
                raise
        else:
            if (mistyped := mistyped_id_number(uscc)) is not None:
                raise ValueError(mistyped)
            return uscc
    if len(compact) == 15 and compact.isdigit():
        product = 10  # ISO 7064 MOD 11,10 over the first 14 digits: the 15th makes the sum 1 mod 10
        for digit in compact[:14]:
            product = ((product + int(digit)) % 10 or 10) * 2 % 11
        if (product + int(compact[14])) % 10 == 1:
            return text
    if id_like:  # its own fault named: the check digit, the birth date, an old 15-digit number …
        return normalize_id_number(compact)
    lettered = code and not compact.isdigit()
    if lettered and (len(compact) in (17, 19) or len(compact) in (16, 20) and re.match(
            r"[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}", compact)):
        normalize_uscc(compact)  # refused: "… has 17 characters, but a unified social credit code has 18 …"
    return text


def code_is_id_number(values: dict, context: dict[str, object]) -> bool:
    """Whether a form's party code (``party_code``) is a resident ID number, by what the form says of the party: its
    label names an ID card (居民身份证, 身份证件号码: also an individual business's operator's), or the party is a
    natural person — ``party_is_person`` ticked, or, where the form does not say (not given, or no such field), the
    document's party recorded as one (``party.kind``)."""
    if "身份证" in str(values.get("party_code_label") or ""):
        return True
    try:
        person = yes_or_no(values.get("party_is_person", ""))
    except ValueError:  # its own error under its field
        person = None
    return context.get("party.kind") == "person" if person is None else person


#: what a resident ID number is typed as (digits, a final X, spaces): checked as one; a passport or permit number
#: (with letters) is taken as written
RESIDENT_ID_LIKE = re.compile(r"[0-9 ]{14,}[0-9Xx]")
FULLWIDTH_ID = str.maketrans("０１２３４５６７８９Ｘｘ　", "0123456789Xx ")


def _time_before(value: str, limit: str) -> bool:
    """Whether the time of day ``value`` is earlier than ``limit`` (both as ``parse_time_of_day`` reads them): by
    date and time when both give their day, else by the time of day (the same day); against a day alone (the
    lead's ``case.lead_received_on``), by the day ``value`` gives (none given: not earlier)."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(limit).strip()):  # a day (``case.lead_received_on``): by the day
        try:
            day = parse_time_of_day(value)[0]
        except (TypeError, ValueError):
            return False
        return bool(day) and day < str(limit).strip()
    try:
        (day, clock), (limit_day, limit_clock) = parse_time_of_day(value), parse_time_of_day(limit)
    except (TypeError, ValueError):
        return False
    if day and limit_day:
        return (day, clock) < (limit_day, limit_clock)
    return clock < limit_clock


#: the forms whose end time (``check = "time"`` with ``not_before`` naming the start) may not be the start itself: an
#: interview that ends when it starts did not take place; an extraction of electronic data (电子数据证据提取笔录) may
#: start and end in the same minute
ENDS_AFTER_START = frozenset({"interview_record"})


def _time_not_after(value: str, limit: str) -> bool:
    """Whether the end time ``value`` is not later than the start ``limit`` (``_time_before``, or the same time:
    what ends when it starts did not take place); False when either cannot be read (refused as such)."""
    if _time_before(value, limit):
        return True
    try:
        (day, clock), (limit_day, limit_clock) = parse_time_of_day(value), parse_time_of_day(limit)
    except (TypeError, ValueError):
        return False
    return clock == limit_clock and (not (day and limit_day) or day == limit_day)


# what to do when a required value the case should give is missing
MISSING = {"party.code": N_("The party has no unified social credit code or ID number: add it to the party "
                            "(Edit party…) first."),
           "party.address": N_("The party has no address: add it to the party (Edit party…) first."),
           "case.decided_on": N_("No decision date is recorded on the case yet: give it in the document (Write…), "
                                 "or first record the decision among the case's procedure actions."),
           "documents.served": N_("No document served on the party has been issued in this case yet: issue it "
                                  "first, or type the title and 文号 of the document served."),
           "documents.served_titled": N_("No document served on the party has been issued in this case yet: issue it "
                                         "first, or type the title and 文号 of the document served."),
           "documents.decision_number": N_("No decision on this party has been issued in this case yet: issue the "
                                           "行政处罚决定书 first, or type the 文号 of the decision made."),
           # the 立案审批表 of a case not filed from a lead: its source is never presumed (a complaint, before)
           "lead.source_choice": N_("The case did not come from a registered lead, so where it came from is not "
                                    "known: choose it (依据监督检查职权 for a case found by an inspection, 其他部门移送 "
                                    "for one referred by another department, 投诉 for a complaint …)."),
           **MEASURES_MISSING}
#: a decision's 决定日期 (``DECISION_DATE_SOURCE``): none recorded, or the case awaits its new decision
MISSING[DECISION_DATE_SOURCE] = MISSING["case.decided_on"]


#: the fine a notice proposes to one party: in a case with several parties it has no default from the case
#: (``proposal_context``) and must be written for each party (0 for none)
PARTY_AMOUNT_SOURCES = ("notice.fine_fen",)
#: the amounts of one party's notice or decision that start empty in a case with several parties when nothing
#: recorded for that party gives them (``proposal_context``, ``penalty_terms.decision_context``): the officer
#: writes them (0 for none). A fine always; a confiscation when the case records illegal gains or a confiscation
#: (for its parties together), else it may stay empty
PARTY_OWN_SOURCES = ("penalty.fine_fen", "notice.confiscated_fen", "penalty.confiscated_fen")


def _several_parties(context: dict[str, object]) -> bool:
    return int(context.get("parties.count") or 0) > 1


def _party_amount_missing(source: str, context: dict[str, object]) -> str | None:
    """What to tell the officer of an amount ``PARTY_OWN_SOURCES`` left empty for one party of several (None when a
    confiscation may stay empty: the case records no illegal gains nor confiscation)."""
    from workstation.money import figures

    if source == "penalty.fine_fen":
        return _("The case has several parties and none of this party's own notice or report proposed its fine: "
                 "write the fine imposed on this party (0 for none); the case's amounts are not each party's.")
    confiscated, gains = int(context.get("case.confiscated_fen") or 0), int(context.get("case.illegal_gains_fen") or 0)
    if confiscated:
        recorded = _("confiscated illegal gains of {amount}").format(amount=figures(confiscated))
    elif gains:
        recorded = _("illegal gains of {amount}").format(amount=figures(gains))
    else:
        return None
    return _("The case records {recorded} for all its parties together, and nothing recorded for this party says "
             "its share: write the illegal gains confiscated from this party (0 for none).").format(recorded=recorded)


def _over_limit(field: FieldSpec, fen: int, context: dict[str, object]) -> str | None:
    """Why the amount ``fen`` of a money field with a ``limit`` is refused (None when within it): above the
    simple procedure's cap for the class of the document's party (``resources/law/thresholds.toml``
    ``[simple_procedure]``, Penalty Law art. 51). Without a party of a known kind, nothing is compared."""
    from workstation.law.thresholds import simple_procedure_limit
    from workstation.money import figures

    kind = str(context.get("party.kind") or "")
    if field.limit != "simple_procedure" or not kind:
        return None
    cap = simple_procedure_limit(kind)
    if fen <= cap:
        return None
    return _("A fine of {amount} is above the simple-procedure limit of {limit} for this party ({kind}; Penalty "
             "Law art. 51): lower it, or decide the case under the ordinary procedure with a 行政处罚决定书.").format(
        amount=figures(fen), limit=figures(cap), kind=label("party_kinds", kind))


#: where the officer changes what a choice field's source gives from the case (``_case_choice``)
CHOICE_SOURCE_PLACES = {"case.discretion_tier_label": N_("under Penalty and discretion… on the case")}


def _case_choice(field: FieldSpec, value, context: dict[str, object]) -> str | None:
    """The refusal of a choice field holding the value its source gives from the case, which is none of its choices
    (a tier the form does not tick): the value came from the case, and is changed there (``CHOICE_SOURCE_PLACES``)
    or chosen anew here. None for a value the officer typed."""
    if field.type != "choice" or not field.source or value in (None, ""):
        return None
    try:
        given = source_value(field.source, context)
    except WorkstationError:
        return None
    if given in (None, "") or str(given) != str(value):
        return None
    place = CHOICE_SOURCE_PLACES.get(field.source)
    return _("“{value}” comes from the case, but this form offers only {choices}: correct it {place}, or choose one "
             "of these here.").format(value=value, choices="、".join(field.choices),
                                      place=_(place) if place else _("where the case records it"))


def _fen_too_large(field: FieldSpec, refused: ValueError) -> str | None:
    """The refusal of an amount too large for ``field`` when a values file gives it in fen (``fine_fen``): in fen,
    the unit it was written in, with the limit — not the advice to write yuan, which such a file does not take (the
    window, which takes the field in yuan, keeps that advice: ``field_errors``' ``in_yuan``). None for any other
    refusal."""
    from workstation.formkit.field_list import in_fen

    if not isinstance(refused, AmountTooLarge) or not in_fen(field):
        return None
    return _("¥{yuan} ({fen} fen) is more than an amount can be: it must be less than ¥{limit_yuan} ({limit} fen). "
             "Check the digits: a values file gives {name} in fen (分), so 5000000 is ¥50,000.00.").format(
        yuan=f"{refused.fen // 100:,}.{refused.fen % 100:02d}", fen=f"{refused.fen:,}",
        limit_yuan=f"{MAX_FEN // 100:,}.00", limit=f"{MAX_FEN:,}", name=field.name)


def field_errors(form: FormSpec, values: dict, context: dict[str, object], in_yuan: bool = False) -> tuple[
        dict[str, object], dict[str, str]]:
    """The values normalised by type and the error of each bad field by field name ({} when all are good).
    ``in_yuan``: the values as the window's fields hold them, every amount typed in yuan — one too large is told as
    typed, not as a values file gives it in fen (``_fen_too_large``)."""
    errors: dict[str, str] = {}
    out: dict[str, object] = {}
    for field in form.fields:
        try:
            typed = values.get(field.name)
            # a person's ID number, whatever a USCC takes: also given as a JSON number (a bool is no code)
            if field.check == "party_code" and isinstance(typed, str | int | float) and not isinstance(typed, bool) \
                    and str(typed).strip() and code_is_id_number(values, context):
                out[field.name] = party_code(str(typed).strip(), person=True)
            else:
                out[field.name] = _normalise(field, typed)
        except ValueError as exc:
            errors[field.name] = wrong_choice(field, values.get(field.name), context) \
                or (None if in_yuan else _fen_too_large(field, exc)) \
                or _case_choice(field, values.get(field.name), context) or str(exc)
            continue
        if field.read_only and (message := typed_over(field, out[field.name], context)):
            errors[field.name] = message
            continue
        if field.required_by(values, context) and out[field.name] in (None, ""):
            missing = field.source in MISSING and context.get(field.source) in (None, "")
            errors[field.name] = _(MISSING[field.source]) if missing else _("This field is required.")
        elif field.limit and out[field.name] and (message := _over_limit(field, out[field.name], context)):
            errors[field.name] = message
        elif field.source in PARTY_AMOUNT_SOURCES and out[field.name] is None and _several_parties(context):
            errors[field.name] = _("The case has several parties: write the fine proposed to this party (0 for "
                                   "none); the case's amounts are not each party's.")
        elif (field.source in PARTY_OWN_SOURCES and out[field.name] is None and _several_parties(context)
              and context.get(field.source) is None and (message := _party_amount_missing(field.source, context))):
            errors[field.name] = message
    for name, message in year_slips(form, out, context).items():  # 2099 for 2026, 1026 for 2026
        errors.setdefault(name, message)
    for block in form.blocks:  # a field a table repeats row by row has at most the table's columns a line
        if not block.repeat or block.repeat in errors:
            continue
        for number, line in enumerate(str(out.get(block.repeat) or "").split("\n"), start=1):
            if len(row_cells(line)) > len(block.widths):
                errors[block.repeat] = too_many_columns(form, block, number, len(row_cells(line)))
                break
    for name, message in item_row_errors(form, out).items():  # a quantity above 0, a 名称 to each item row
        errors.setdefault(name, message)
    for field in form.fields:  # after all values are normalised, so a limit named by another field is a date
        limit, what = earliest_named(form, field, context, out)
        value = out.get(field.name)
        if field.name in errors or not value or not limit:
            continue
        if field.type == "date" and value < str(limit)[:10]:
            errors[field.name] = _("This date is before {what} ({date}): pick {date} or later.").format(
                what=what, date=str(limit)[:10])
        elif field.type == "datetime" and value < str(limit)[:16]:
            errors[field.name] = _("This time is before {what} ({time}): pick {time} or later.").format(
                what=what, time=str(limit)[:16])
        elif field.type == "datetime" and (message := span_refusal(form, field, out)):
            errors[field.name] = message  # an end days after its start: a month or day mistyped (inquiry_times)
        elif field.check == "time" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(limit).strip()) \
                and _time_before(str(value), str(limit)):
            errors[field.name] = _("This time is before {what} ({date}): pick {date} or later.").format(
                what=what, date=str(limit).strip())
        elif field.check == "time" and _time_before(str(value), str(limit)):
            errors[field.name] = _("This time is before {what} ({time}): it ends after it starts, pick a later "
                                   "time.").format(what=what, time=limit)
        elif field.check == "time" and form.id in ENDS_AFTER_START and _time_not_after(str(value), str(limit)):
            errors[field.name] = _("This time is the same as {what} ({time}): the interview ends after it starts, "
                                   "pick a later time.").format(what=what, time=limit)
    for field in form.fields:
        if field.name not in errors and out.get(field.name) and (message := _too_late(form, field, out, context)):
            errors[field.name] = message
    for name, message in same_officer_twice(form, out).items():
        errors.setdefault(name, message)
    for total, parts, when, wrong in form.sums:
        if any(name in errors for name in (total, *parts)):  # an amount not read: its own error says so
            continue
        named = [total] if wrong == "total" else parts_given(parts, out)[-1:]
        if (message := _not_adding_up(form, total, parts, when, out, wrong)) and named[-1] not in errors:
            errors[named[-1]] = message
    return out, _printed_errors(form, out, errors)


#: the fields naming a form's two officers, by what they draw on: each pair must name two different officers
OFFICER_PAIRS = (("officer1.name", "officer2.name"), ("officer1.cert_no", "officer2.cert_no"))


def same_officer_twice(form: FormSpec, out: dict[str, object]) -> dict[str, str]:
    """The error of the second officer's field when a form naming two officers (its fields drawing on
    ``officer1.*`` and ``officer2.*``) gives the same name or certificate number for both: investigation and
    inquiry are by two officers at least (Penalty Law art. 42), never one written twice. The first field of each
    source is the officer's own (the 询问笔录's 记录人, drawing on ``officer2.name`` after it, may be either
    interviewer). {} when they differ."""
    errors: dict[str, str] = {}
    for first_source, second_source in OFFICER_PAIRS:
        first = next((f for f in form.fields if f.source == first_source), None)
        second = next((f for f in form.fields if f.source == second_source), None)
        if first and second:
            a, b = (re.sub(r"[\s\u3000]+", "", str(out.get(f.name) or "")) for f in (first, second))
            if a and a == b:
                errors[second.name] = _("{value} is already given as the first officer: a case is investigated "
                                        "by two different officers (Penalty Law art. 42), name the second "
                                        "one.").format(value=a)
    return errors


def _printed_errors(form: FormSpec, out: dict[str, object], errors: dict[str, str]) -> dict[str, str]:
    """``errors`` without those of the fields the sheet does not print for this case: with several parties a form
    with party rows prints each party's rows (``party_rows``) in the place of the first party's fields
    (``one_party_fields``), which the editor hides, so what they hold neither blocks issuing nor is printed. A value
    that could not be read is kept as empty."""
    from workstation.formkit.party_rows import PARTY_ROWS, one_party_fields

    if not errors or not out.get(PARTY_ROWS) or PARTY_ROWS in errors:
        return errors
    unprinted = set(one_party_fields(form))
    for name in unprinted & errors.keys():
        out.setdefault(name, None)
    return {name: message for name, message in errors.items() if name not in unprinted}


#: the dates of the case a field's ``not_before`` may name, as a refusal names them (a field is named by its label)
NOT_BEFORE_SOURCES = {"case.filed_on": N_("the filing date"),
                      "case.lead_received_on": N_("the day the lead was received"),
                      "case.notice_served_on": N_("the day the 行政处罚告知书 was served"),
                      "interview.party.notice_issued_on": N_("the date of the 约谈通知书 served")}


def typed_over(field: FieldSpec, value, context: dict[str, object]) -> str | None:
    """Why ``value`` is refused for the read-only ``field`` (``read_only`` in the form's file: the 指定管辖通知书's
    指定管辖的机关, which the agencies' register gives): it is not the value its source gives (else its default);
    None when it is."""
    given = source_value(field.source, context)
    if given in (None, ""):
        given = field.default
    try:
        expected = _normalise(field, given)
    except ValueError:
        expected = given
    if (value or None) == (expected or None):
        return None
    if expected in (None, ""):
        return _("This field is filled in by the workstation and stays empty for this case; it cannot be typed "
                 "in: leave it out of the values.")
    return _("This field is filled in by the workstation ({expected}) and cannot be typed over: leave it out of "
             "the values, or give {expected}.").format(expected=expected)


def earliest_named(form: FormSpec, field: FieldSpec, context: dict[str, object], out: dict) -> tuple[object, str]:
    """The date (or time) ``field`` may not be earlier than: its ``not_before`` source or field; while that field
    is empty, the limit of that field in turn (the 审核日期 of a 案件审核表 without its 送审日期 is still not before
    the filing); with what that limit is, as a refusal names it: the date of the case (``NOT_BEFORE_SOURCES``:
    立案日期 …) or the label of the field it comes from. (None, "") without any."""
    seen = {field.name}
    while field.not_before:
        name = field.not_before
        limit = context.get(name) or out.get(name)
        known = any(f.name == name for f in form.fields)
        if limit or name in seen or not known:
            what = form.field(name).label if known else _(NOT_BEFORE_SOURCES[name]) \
                if name in NOT_BEFORE_SOURCES else name
            return limit, what
        seen.add(name)
        field = form.field(name)
    return None, ""


def none_given(form: FormSpec, out: dict) -> str | None:
    """Why the checked values ``out`` cannot be issued for want of any of the form's ``required_any`` fields (None
    when one holds a value: a ticked box, an amount above 0, a text): the penalty a notice proposes or a decision
    imposes is never a form's default, so one the case gives nothing for is written by the officer. Checked on
    issue only (``issuing.check_issue``): a draft may still be printed to be read."""
    if not form.required_any or any(out.get(name) not in (None, "", 0, False) for name in form.required_any):
        return None
    labels = "、".join(form.field(name).label for name in form.required_any)
    return _("{labels}: none is given, write at least one of them (tick the box, or type an amount above "
             "0).").format(labels=labels)


def only_headings(form: FormSpec, values: dict, context: dict | None = None) -> dict[str, str]:
    """{label: refusal} of the first required field of ``form`` whose checked value still holds only the headings of
    its template (``headings``: the 现场笔录's 1.经营场所基本情况： … 5.其他情况： with nothing after them), naming every
    such field; {} when none does. Checked on issue only (``issuing.check_issue``): a draft, and the blank sheet
    printed to be filled in by hand, keep their headings."""
    empty = [field.label for field in form.fields
             if field.headings and field.required_by(values, context) and field.only_headings(values.get(field.name))]
    if not empty:
        return {}
    # the refusal is shown after its field's label (``ValidationError``): said once, the other fields named after it
    refusal = _("only the headings of the template are there yet, with nothing written after them: write after each "
                "heading (one that does not apply may say 无), then issue.")
    if len(empty) > 1:
        refusal = join_sentences([refusal, _("The same holds for {labels}.").format(labels="、".join(empty[1:]))])
    return {empty[0]: refusal}


def year_slips(form: FormSpec, out: dict, context: dict) -> dict[str, str]:
    """{field name: why} of the date and date-and-time fields of the checked values ``out`` whose year is a slip of
    the keys: before ``EARLIEST_YEAR`` (``year_slip``), or more than ``LATEST_YEARS_AHEAD`` years after that of the
    document's date (``far_ahead``; ``document_date``, today's when it is not given or is itself such a slip) — a
    deadline of 2099 on a 责令改正通知书 served on the party. A historic document (an old case registered late) is
    checked against its own date, so its dates in the past are taken."""
    on = str(context.get("today") or today())[:10]
    anchor = document_date(form, out, on)
    if year_slip(anchor, "") or far_ahead(anchor, "", on=on):
        anchor = on
    errors = {}
    for field in form.fields:
        if field.type in ("date", "datetime") and out.get(field.name):
            day = str(out[field.name])[:10]
            if message := year_slip(day, field.label) or far_ahead(day, field.label, on=anchor):
                errors[field.name] = message
    return errors


def _too_late(form: FormSpec, field: FieldSpec, out: dict, context: dict | None = None) -> str | None:
    """Why the date of ``field`` is later than its ``not_after`` allows (None when it is not, or that date is not
    given): more than the days allowed after the date field it names; with ``not_after = "today"``, after today
    (the context's ``today``); with ``not_after = "now"``, a datetime after the context's ``now``."""
    import datetime as dt

    from workstation.formkit.spec import NOW, TODAY

    latest = field.latest()
    if latest == (NOW, 0) and form.field(NOW) is None:
        moment = short_time((context or {}).get("now") or now())
        if str(out[field.name])[:16] <= moment:
            return None
        return _("This time ({time}) is still to come: a record is made of what was done, give a time up to now "
                 "({now}).").format(time=str(out[field.name])[:16], now=moment)
    if latest == (TODAY, 0) and form.field(TODAY) is None:
        day = str((context or {}).get("today") or today())[:10]
        if str(out[field.name])[:10] <= day:
            return None
        return _("This date ({date}) is still to come: a document records what was done, date it today ({today}) "
                 "or earlier.").format(date=str(out[field.name])[:10], today=day)
    other = out.get(latest[0]) if latest else None
    if not other:
        return None
    last = (dt.date.fromisoformat(str(other)[:10]) + dt.timedelta(days=latest[1])).isoformat()
    if str(out[field.name])[:10] <= last:
        return None
    if not latest[1]:
        return _("This date is after the {label} ({date}): pick {date} or earlier.").format(
            label=form.field(latest[0]).label, date=str(other)[:10])
    return _("This date is more than {days} days after the {label} ({date}): pick {last} or earlier.").format(
        days=latest[1], label=form.field(latest[0]).label, date=str(other)[:10], last=last)


def parts_given(parts: tuple[str, ...], out: dict) -> list[str]:
    """The fields among ``parts`` given an amount (0 counts as given)."""
    return [name for name in parts if out.get(name) is not None and out.get(name) != ""]


def _not_adding_up(form: FormSpec, total: str, parts: tuple[str, ...], when: str, out: dict,
                   wrong: str = "parts") -> str | None:
    """Why the amounts of ``parts`` (``wrong``: "total", the amount of ``total``) are refused (None when they add
    up, none is given, the total is not, or the ``when`` condition does not hold): their sum is not the amount of
    ``total``; both named in yuan."""
    from workstation.documents.compose import condition_holds
    from workstation.money import figures

    given = parts_given(parts, out)
    if not given or out.get(total) in (None, "") or not condition_holds(when, out):
        return None
    added = sum(int(out[name]) for name in given)
    if added == int(out[total]):
        return None
    if wrong == "total":
        return _("The {label} of {total} is not {parts} added up ({sum}): write {sum}, or correct the amounts it "
                 "adds up.").format(label=form.field(total).label, total=figures(int(out[total])),
                                    parts="、".join(form.field(name).label for name in given), sum=figures(added))
    return _("The amounts {parts} add up to {sum}, not to the {label} of {total}: correct them so that they add up "
             "to {total}.").format(parts="、".join(form.field(name).label for name in given), sum=figures(added),
                                   label=form.field(total).label, total=figures(int(out[total])))


def too_many_columns(form: FormSpec, block, line: int, count: int) -> str:
    """What to tell the officer about a line of a repeated table row with more columns than the table: which
    line, which table (the form's, with its column heads), how many columns it has, and what to do."""
    heads = "、".join(cell.text.replace("\n", "") for row in block.rows[:block.header_rows] for cell in row)
    if heads:
        return _("Line {line} has {count} columns, but the table of the {title} has only {columns} ({heads}): "
                 "delete the extra | or join the extra columns into one; a line without | is printed across the "
                 "whole row.").format(line=line, count=count, title=form.title, columns=len(block.widths),
                                      heads=heads)
    return _("Line {line} has {count} columns, but the table of the {title} has only {columns}: delete the extra | "
             "or join the extra columns into one; a line without | is printed across the whole row.").format(
        line=line, count=count, title=form.title, columns=len(block.widths))


def checked_values(form: FormSpec, values: dict, context: dict[str, object]) -> dict[str, object]:
    """The values normalised by type; ValidationError naming each bad field by its label (by its label and its key
    in the values, 执法人员（officer2_name）, when two fields refused share a label: each message kept);
    ``values_keys`` gives each of its keys by label and key always (the key a --values file is corrected by: the
    command line's)."""
    out, errors = field_errors(form, values, context)
    if errors:
        labels = {f.name: f.label for f in form.fields}
        named = {name: _("{label} ({name})").format(label=labels[name], name=name) for name in errors}
        shared = {label for label in (labels[name] for name in errors)
                  if sum(labels[other] == label for other in errors) > 1}
        keys = {name: named[name] if labels[name] in shared else labels[name] for name in errors}
        refused = ValidationError({keys[name]: message for name, message in errors.items()})
        refused.values_keys = {keys[name]: named[name] for name in errors}
        raise refused
    return out
