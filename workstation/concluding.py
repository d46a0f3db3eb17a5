"""What concluding the investigation (调查终结, REFERENCE §1.1 INVESTIGATION_CONCLUDED) warns about without refusing
it: a case that issued no record (询问笔录, 现场笔录, 电子数据证据提取笔录, 证据提取单, 抽样记录) and registered no evidence
has nothing here the 调查终结报告 and the decision can rest on. The records may have been made on paper, so the
officer may conclude all the same once they read the warning (the window asks to tick it, the command line says it),
as closing a case warns (``workstation.closing``). Submitting the case for review (提交审核) likewise warns while no
调查终结报告 is issued: the review examines it, and it too may have been written on paper. Terminating the
investigation warns while a 涉嫌犯罪案件移送书 is issued and the transfer is not recorded, and the transfer to the
police while none is issued. Deciding not to penalise (作出不予行政处罚决定) warns while a party has no 不予行政处罚决定书
issued, as deciding the penalty warns without its 行政处罚决定书 (``procedure.no_decision_warning``). Deciding not to
file (不予立案) warns while no 不予立案审批表 is issued; a decision made after the time limit for it (T2) ran out is
warned of, naming its last day and the days over (``late_decision_warnings``), as is filing or not filing after the
time limit for verifying the lead (T1) ran out (``late_filing_warnings``; both: ``late_step_warnings``)."""

from __future__ import annotations

import re

from workstation.closing import ClosingWarning
from workstation.db import Database
from workstation.errors import join_sentences
from workstation.i18n import _
from workstation.records import Case

REPORT_FORM = "investigation_report"
NON_FILING_FORM = "non_filing_approval"
DECISION_DATE = "decided_on"  # the case date the time limit for the decision (T2, T2b) is met on


def has_records_or_evidence(db: Database, case: Case) -> bool:
    """Whether the case issued a record that proves facts (``formkit.proof.RECORD_FORMS``, not voided) or holds an
    item in force in its evidence register (a voided one proves nothing)."""
    from workstation.formkit.proof import RECORD_FORMS

    marks = ", ".join("?" * len(RECORD_FORMS))
    issued = db.execute(f"SELECT 1 FROM documents WHERE case_id = ? AND status = 'issued' AND form_id IN ({marks}) "
                        f"LIMIT 1", [case.id, *RECORD_FORMS]).fetchone()
    return issued is not None or db.execute("SELECT 1 FROM evidence WHERE case_id = ? AND void_reason = '' LIMIT 1",
                                            [case.id]).fetchone() is not None


def conclusion_warnings(db: Database, case: Case) -> list[ClosingWarning]:
    """What concluding the investigation of ``case`` now goes against (empty: nothing)."""
    if has_records_or_evidence(db, case):
        return []
    return [ClosingWarning(
        _("No 询问笔录, 现场笔录 or other record has been issued in this case and its evidence register is empty: the "
          "调查终结报告 and the decision have no evidence here to rest on. Issue the records and register the "
          "evidence first; conclude the investigation all the same only if they were made on paper."),
        _("Investigation concluded with no issued record and no registered evidence."),
        _("The conclusion of the investigation is recorded. No 询问笔录, 现场笔录 or other record has been issued in "
          "this case and its evidence register is empty: issue the records and register the evidence now, or, if "
          "they were made on paper, keep them in the case file."))]


def review_warnings(db: Database, case: Case) -> list[ClosingWarning]:
    """What submitting ``case`` for review (提交审核) now goes against: no issued (not voided) 调查终结报告."""
    if db.execute("SELECT 1 FROM documents WHERE case_id = ? AND form_id = ? AND status = 'issued' LIMIT 1",
                  [case.id, REPORT_FORM]).fetchone() is not None:
        return []
    return [ClosingWarning(
        _("No 调查终结报告 has been issued in this case: the review (审核) examines the report of the investigation "
          "and the penalty it proposes. Write and issue it first; submit the case all the same only if the report "
          "was written on paper."),
        _("Submitted for review without an issued 调查终结报告."),
        _("The submission for review is recorded. No 调查终结报告 has been issued in this case: write and issue it "
          "now, or, if it was written on paper, keep it in the case file."))]


def termination_warnings(db: Database, case: Case) -> list[ClosingWarning]:
    """What terminating the investigation (终止调查) of ``case`` now goes against: a 涉嫌犯罪案件移送书 issued (not
    voided, since the case last came back from the police) while no transfer to the police is recorded — the case
    suspected of a crime is to go to the police (transfer rules), not be ended here."""
    from workstation.procedure import transfer_document

    document = transfer_document(db, case)
    if document is None or case.status == "transferred_police":
        return []
    number = document.number or _("(no number)")
    return [ClosingWarning(
        _("The 涉嫌犯罪案件移送书 {number} of {date} was issued in this case, but no transfer to the police is "
          "recorded: a case suspected of a crime goes to the police, it is not ended by terminating the "
          "investigation. Record the transfer (移送公安机关) if it was sent; terminate all the same only if it was "
          "decided not to transfer the case (void the letter then).").format(number=number, date=document.dated),
        _("Investigation terminated although the 涉嫌犯罪案件移送书 {number} was issued and no transfer is "
          "recorded.").format(number=number),
        _("The termination is recorded. The 涉嫌犯罪案件移送书 {number} was issued and no transfer to the police is "
          "recorded: void the letter if the case is not transferred.").format(number=number))]


def transfer_warnings(db: Database, case: Case) -> list[ClosingWarning]:
    """What transferring ``case`` to the police (移送公安机关) now goes against: no 涉嫌犯罪案件移送书 issued
    (``_transfer_document_warnings``), then no head's approval of the transfer report recorded since the police last
    declined the case (``_transfer_approval_warnings``), then the case's own assessment staying below the criminal
    thresholds (``_transfer_threshold_warnings``). Told, not refused: the first two may have been done on paper, and
    the transfer may rest on serious circumstances the counts do not weigh."""
    return _transfer_document_warnings(db, case) + _transfer_approval_warnings(db, case) + \
        _transfer_threshold_warnings(case)


def _transfer_threshold_warnings(case: Case) -> list[ClosingWarning]:
    """The counts recorded stay below the criminal thresholds, or nothing is counted: said as the 涉嫌犯罪案件移送书
    says it when it is issued (``law.transfer_basis.below_thresholds_warning``), as art. 5 items 1, 2 and 10 (and
    the other serious circumstances) are judgements the counts do not make."""
    from workstation.law.criminal import assess_case
    from workstation.law.transfer_basis import below_thresholds_warning

    assessment = assess_case(case, prior_punished=case.prior_punished)
    message = below_thresholds_warning(case, assessment)
    if not message:
        return []
    return [ClosingWarning(message, _("Transferred although the counts recorded stay below the criminal "
                                      "thresholds."), below_thresholds_warning(case, assessment, done=True))]


def _transfer_approval_warnings(db: Database, case: Case) -> list[ClosingWarning]:
    """No “transfer_approved” recorded since the police last declined the case (``procedure.transfer_approval_day``):
    the case goes to the police once the head approved the written transfer report (transfer rules art. 5), and its
    涉嫌犯罪案件移送书 prints that approval. A refusal by the head is refused, not warned of
    (``procedure._transfer_approval_guard``)."""
    from workstation.procedure import transfer_approval_day

    if transfer_approval_day(db, case) is not None:
        return []
    labels = transfer_step_labels()
    return [ClosingWarning(
        _("No approval of the transfer by the head is recorded (“{approved}” after “{report}”; one recorded before "
          "the police declined an earlier transfer went with that one): the case goes to the police once the head "
          "approved the written transfer report (transfer rules art. 5). Record the report and the approval, with "
          "who approved it, first (Case → Time limits); record the transfer all the same only if it was approved "
          "on paper.").format(**labels),
        _("Transferred with no approval of the transfer report by the head recorded."),
        _("The transfer to the police is recorded with no approval of the transfer report by the head recorded "
          "(transfer rules art. 5): record “{report}” and “{approved}” with who approved it (cases transition CASE "
          "transfer_report, then transfer_approved --approved-by NAME), or, if it was approved on paper, keep that "
          "approval in the case file.").format(**labels))]


def transfer_step_labels() -> dict[str, str]:
    """The names of the two steps a transfer to the police rests on, as the approval warnings name them: ``report``
    (the written transfer report) and ``approved`` (the head's approval of it)."""
    from workstation.vocabulary import shown_label

    return {"approved": shown_label("clock_events", "transfer_approved"),
            "report": shown_label("clock_events", "transfer_report")}


def transfer_letter_reason(db: Database, case: Case) -> str:
    """The reason 终止调查 is recorded with by default in a case sent to another administrative authority by a
    案件移送函 (the latest in force of the case: ``issuing.in_force_of_form``): 本案不属于本局管辖，已以案件移送函（文号）移送 the authority
    it names — what the 结案审批表 prints as the termination's ground (``stage_rules.termination_context``), in
    Chinese as it does; "" when the case issued none."""
    from workstation.documents.issuing import in_force_of_form

    letters = in_force_of_form(db, case.id, "case_transfer_letter")
    if not letters:
        return ""
    receiver = str(letters[-1].values.get("receiver") or "").strip()
    letter = f"案件移送函（{letters[-1].number}）" if letters[-1].number else "案件移送函"
    return f"本案不属于本局管辖，已以{letter}移送{receiver}" if receiver else f"本案不属于本局管辖，已以{letter}移送"


def _transfer_document_warnings(db: Database, case: Case) -> list[ClosingWarning]:
    """No 涉嫌犯罪案件移送书 issued (not voided, since the case last came back from the police) — the case goes to
    the police with it and the materials it lists (REFERENCE §1.7; transfer rules art. 6), and it may have been
    written on paper. A case transferred again after the police declined its earlier transfer is told that the letter
    issued before went with that one (``procedure.earlier_transfer_document``), naming it."""
    from workstation.procedure import earlier_transfer_document, transfer_document

    if transfer_document(db, case) is not None:
        return []
    earlier = earlier_transfer_document(db, case)
    if earlier is not None:
        document, declined = earlier
        number = document.number or _("(no number)")
        what = (_("The 涉嫌犯罪案件移送书 {number} of {date} went to the police with the earlier transfer, which they "
                  "declined on {declined}: a new transfer goes with a new 涉嫌犯罪案件移送书, issued since, stating the "
                  "case as it stands and the materials of the case file it lists (transfer rules art. 6). Write and "
                  "issue it, then record the transfer on the day it is sent.")
                if declined else
                _("The 涉嫌犯罪案件移送书 {number} of {date} went to the police with the earlier transfer, which they "
                  "declined: a new transfer goes with a new 涉嫌犯罪案件移送书, issued since, stating the case as it "
                  "stands and the materials of the case file it lists (transfer rules art. 6). Write and issue it, "
                  "then record the transfer on the day it is sent."))
        return [ClosingWarning(
            what.format(number=number, date=document.dated, declined=declined),
            _("Recorded without a 涉嫌犯罪案件移送书 issued since the police declined the earlier transfer (the earlier "
              "one: {number}).").format(number=number),
            _("The transfer to the police is recorded. The 涉嫌犯罪案件移送书 {number} went to the police with the "
              "earlier transfer, which they declined: write and issue a new one for this transfer now (transfer rules "
              "art. 6), or, if it was written on paper, keep it in the case file.").format(number=number))]
    return [ClosingWarning(
        _("No 涉嫌犯罪案件移送书 has been issued in this case. The case goes to the police with that document and the "
          "materials of the case file it lists (the investigation report, the list of seized items, inspection or "
          "appraisal reports; transfer rules art. 6): write and issue it, then record the transfer on the day it is "
          "sent."),
        _("Recorded without an issued 涉嫌犯罪案件移送书."),
        _("The transfer to the police is recorded. No 涉嫌犯罪案件移送书 has been issued in this case: the case goes "
          "to the police with it and the materials it lists (transfer rules art. 6); write and issue it now, or, if "
          "it was written on paper, keep it in the case file."))]


def no_penalty_warnings(db: Database, case: Case) -> list[ClosingWarning]:
    """What deciding not to penalise ``case`` (作出不予行政处罚决定) now goes against: a party without a
    不予行政处罚决定书 issued to it (``_no_penalty_document_warnings``), and the legal review or collective discussion
    the case calls for and does not record (``decision_review.no_penalty_review_warnings``: warned, not refused)."""
    from workstation.decision_review import no_penalty_review_note, no_penalty_review_warnings

    reviews = no_penalty_review_warnings(db, case)
    note = no_penalty_review_note()
    return _no_penalty_document_warnings(db, case) + [
        ClosingWarning(message, "" if i else note) for i, message in enumerate(reviews)]


def _no_penalty_document_warnings(db: Database, case: Case) -> list[ClosingWarning]:
    """A party without a 不予行政处罚决定书 issued to it (not voided; ``party_decisions.no_penalty_parties``) — the
    decision and its ground reach the party in that document, which may have been written on paper. In a case with
    several parties, some spared by their own document, the others are named."""
    from workstation.party_decisions import no_penalty_parties
    from workstation.store import parties_of_case

    parties = parties_of_case(db, case.id)
    spared = no_penalty_parties(db, case, parties)
    missing = [party.name for party in parties if party.id not in spared]
    if spared and not missing:
        return []
    if spared:  # several parties, some of them spared by their own document
        names = "、".join(missing)
        return [ClosingWarning(
            _("No 不予行政处罚决定书 has been issued to {parties}: each party not penalised is told of the decision and "
              "its ground in a 不予行政处罚决定书 of its own. Write and issue it first; record the decision all the same "
              "only if it was written on paper.").format(parties=names),
            _("Decided not to penalise without a 不予行政处罚决定书 issued to {parties}.").format(parties=names),
            _("The decision not to penalise is recorded. No 不予行政处罚决定书 has been issued to {parties}: write and "
              "issue it now, or, if it was written on paper, keep it in the case file.").format(parties=names))]
    return [ClosingWarning(
        _("No 不予行政处罚决定书 has been issued in this case: a party not penalised is told of the decision and its "
          "ground in that document. Write and issue it first; record the decision all the same only if it was "
          "written on paper."),
        _("Decided not to penalise without an issued 不予行政处罚决定书."),
        _("The decision not to penalise is recorded. No 不予行政处罚决定书 has been issued in this case: write and "
          "issue it now, or, if it was written on paper, keep it in the case file."))]


def non_filing_approval_issued(db: Database, case: Case) -> bool:
    """Whether a 不予立案审批表 is issued (not voided) for the case, or for the lead it came from (written on the 线索
    page, ``leads_page.offer_non_filing_approval``)."""
    return db.execute("SELECT 1 FROM documents WHERE form_id = ? AND status = 'issued' AND (case_id = ? OR lead_id IN "
                      "(SELECT id FROM leads WHERE case_id = ?)) LIMIT 1",
                      [NON_FILING_FORM, case.id, case.id]).fetchone() is not None


#: what the timeline keeps of 不予立案 recorded without an issued 不予立案审批表 (``decline_warnings``)
DECLINE_NOTE = "Declined to file without an issued 不予立案审批表."
#: what it keeps of 不予立案 recorded after T1 ran out (``late_filing_warnings``), its placeholders filled in
LATE_DECLINE_NOTE = "Decided not to file {over} after the time limit {clock} ran out on {due}."


def decline_note() -> str:
    return _("Declined to file without an issued 不予立案审批表.")


def _decline_notes() -> list[re.Pattern]:
    """The notes of ``without_decline_note`` as patterns, each in English, in the language of the window and in
    Chinese (a step recorded in one language is read in another), the placeholders of the late note matching what
    filled them."""
    from workstation.i18n import DEFAULT_LANGUAGE, load_catalogue

    chinese = load_catalogue(DEFAULT_LANGUAGE)
    out = []
    for note in (DECLINE_NOTE, LATE_DECLINE_NOTE):
        for text in dict.fromkeys((note, _(note), chinese.get(note, note))):
            pattern = re.escape(text)
            for name, filled in (("over", r".+?"), ("clock", r"\S+?"), ("due", r"\S+?")):  # over: "7 days"
                pattern = pattern.replace(re.escape("{" + name + "}"), filled)
            out.append(re.compile(r"\s*" + pattern))
    return out


def without_decline_note(reason: str) -> str:
    """``reason``, a 不予立案 step's note, without the warning notes the timeline keeps with it, in either language:
    no 不予立案审批表 issued (``decline_note``) and the decision after T1 ran out (``late_filing_warnings``). The
    reason alone is what the 不予立案审批表, the 结案审批表, the lead and the reporter's 举报处理结果告知书 print — the
    lateness is the case's (its timeline and deadlines), not a ground told on paper."""
    for pattern in _decline_notes():
        reason = pattern.sub("", reason)
    return reason.strip()


def decline_warnings(db: Database, case: Case) -> list[ClosingWarning]:
    """What deciding not to file ``case`` (不予立案) now goes against: no 不予立案审批表 issued — not filing is
    approved by the department head on it (REFERENCE §1.1 "Must fill 不予立案审批表"), which may have been done on
    paper, as closing warns without its 结案审批表 (``closing.closing_warnings``)."""
    if non_filing_approval_issued(db, case):
        return []
    return [ClosingWarning(
        _("No 不予立案审批表 has been issued for this case or its lead: not filing a case needs the approval of the "
          "department head on it (《市场监督管理行政处罚程序规定》第二十条). Write and issue it first; record the decision "
          "not to file all the same only if it was approved on paper."),
        decline_note(),
        _("The decision not to file is recorded. No 不予立案审批表 has been issued for this case or its lead: write "
          "and issue it now, or, if not filing was approved on paper, keep that approval in the case file."))]


def deciding_steps() -> dict[str, str]:
    """The steps that make the decision a time limit waits for, each with the case date it records: those recording
    the decision date (``decided_on``) that a clock's ``done`` names (clocks.toml: T2 and T2b — 作出行政处罚决定,
    作出不予行政处罚决定). 终止调查 and 移送公安机关 end T2 without meeting it (shown 已结束, not 逾期完成), so they are
    not among them."""
    from workstation.clocks import rules
    from workstation.procedure import TRANSITIONS

    met = {r.done for r in rules()} & {DECISION_DATE}
    return {t.name: t.date_field for t in TRANSITIONS if t.date_field in met}


def _late_warnings(db: Database, case: Case, field: str, date: str, message: str, note: str,
                   done: str) -> list[ClosingWarning]:
    """A warning for each time limit met by the case date ``field`` (a clock's ``done``) whose last day, counted by
    the clocks engine as on ``date`` (the days not counted and the extensions recorded), is before ``date``:
    ``message``, ``note`` and ``done`` (translated) filled in with ``limit``, ``due``, ``date``, ``over`` (the days
    over: working days for a limit counted in them, T1) and ``clock``, the message followed by what is unconfirmed
    about a last day moved off a rest day."""
    import datetime as dt

    from workstation.clocks import case_clocks
    from workstation.i18n import ngettext
    from workstation.leads_workflow import workdays_over

    out = []
    for deadline in case_clocks(db, case, on=date):
        if deadline.rule.done != field or not deadline.open or deadline.due is None or date <= deadline.due:
            continue
        # a limit of working days (T1) overrun by the working days after its last day, as the lead's history and
        # `leads decide` count it (leads_workflow.workdays_over); on the rest days just after it, none: said in days
        workdays = workdays_over(db, deadline.due, date) if deadline.rule.unit == "wd" else 0
        days = workdays or (dt.date.fromisoformat(date) - dt.date.fromisoformat(deadline.due)).days
        over = (ngettext("{n} working day", "{n} working days", days) if workdays
                else ngettext("{n} day", "{n} days", days)).format(n=days)
        unconfirmed = (_("Unconfirmed: {text}").format(text=deadline.rule.unconfirmed)
                       if deadline.rule.unconfirmed and deadline.rest_day_flagged else "")
        values = {"limit": deadline.limit_text, "due": deadline.due, "date": date, "over": over,
                  "clock": deadline.clock}
        out.append(ClosingWarning(join_sentences([message.format(**values), unconfirmed]), note.format(**values),
                                  done.format(**values)))
    return out


def late_decision_warnings(db: Database, case: Case, action: str, date: str) -> list[ClosingWarning]:
    """What recording ``action``, a step that makes the decision (``deciding_steps``), on ``date`` is told, not
    refused: each time limit it meets (T2 办案期限, or T2b after a decision ordered made anew) whose last day, counted
    by the clocks engine as on that day (the days not counted — 中止, 听证, 检测 … — and the extensions recorded), is
    before ``date``. The decision is lawful all the same; REFERENCE §1.2 says the limit is to be flagged, and the
    deadlines show it met late (逾期完成) once recorded. Empty for any other step, or one in time."""
    field = deciding_steps().get(action)
    if field is None or not date:
        return []
    return _late_warnings(
        db, case, field, date,
        _("The time limit {limit} ran out on {due} (counted with the days not counted and the extensions "
          "recorded): a decision made on {date} comes {over} after it (Penalty Law art. 60). If an extension "
          "approved or days not counted (中止, 听证, 检测 …) are not recorded yet, record them under Deadlines "
          "first; otherwise record the decision all the same and keep in the case file why it came late."),
        _("Decided {over} after the time limit {clock} ran out on {due}."),
        _("The decision is recorded {over} after the time limit {limit} ran out on {due}: keep in the case file "
          "why it came late."))


FILING_STEPS = ("file", "decline_filing")  # the steps that decide whether to file, ending T1
FILING_DATE = "filed_on"  # the case date T1 is met on (clocks.toml: its ``done``)


def late_filing_warnings(db: Database, case: Case, action: str, date: str) -> list[ClosingWarning]:
    """What recording 立案 or 不予立案 (``FILING_STEPS``) on ``date`` is told, not refused: the time limit for
    verifying the lead and deciding whether to file (T1, 《市场监督管理行政处罚程序规定》第十八条: 15 working days from
    the lead's receipt or its assignment, 交办) ran out before ``date``, counted by the clocks engine as on that day
    with the days not counted and the extension approved (the lead's, copied into its case, or the case's own) — as
    the deadline board counts the case's T1 (the lead's own ``leads_workflow.t1_deadline`` while it has no case).
    The decision is lawful all the same; the timeline keeps that it came late. Empty for any other step, or one in
    time."""
    if action not in FILING_STEPS or not date:
        return []
    if action == "file":
        note = _("Filed {over} after the time limit {clock} ran out on {due}.")
        done = _("The case is filed {over} after the time limit {limit} ran out on {due}: keep in the case file "
                 "why the decision to file came late.")
    else:
        note = _("Decided not to file {over} after the time limit {clock} ran out on {due}.")
        done = _("The decision not to file is recorded {over} after the time limit {limit} ran out on {due}: "
                 "keep in the case file why it came late.")
    return _late_warnings(
        db, case, FILING_DATE, date,
        _("The time limit {limit} ran out on {due} (counted with the days not counted and the extension "
          "approved): deciding on {date} whether to file comes {over} after it (《市场监督管理行政处罚程序规定》"
          "第十八条). If an extension approved or days not counted (检测, 鉴定 …) are not recorded yet, record them "
          "under Deadlines first; otherwise record the decision all the same and keep in the case file why it "
          "came late."),
        note, done)


def late_step_warnings(db: Database, case: Case, action: str, date: str) -> list[ClosingWarning]:
    """What recording ``action`` on ``date`` is told about a time limit it meets late: a decision after T2 (or T2b)
    ran out (``late_decision_warnings``), 立案 or 不予立案 after T1 ran out (``late_filing_warnings``); empty for any
    other step, or one in time. The window and the command line both say these."""
    return late_decision_warnings(db, case, action, date) + late_filing_warnings(db, case, action, date)


def action_warnings(db: Database, case: Case, action: str) -> list[ClosingWarning]:
    """The warnings of ``action`` handled here (调查终结, 提交审核, 终止调查, 移送公安机关, 作出不予行政处罚决定,
    不予立案); empty for any other action — and for 不予立案 recording a referral (a case awaiting filing sent away by
    its 案件移送函 in force: ``procedure.pending_referral``), which goes with that letter, not a 不予立案审批表."""
    if action == "decline_filing":
        from workstation.procedure import pending_referral

        return [] if pending_referral(db, case) is not None else decline_warnings(db, case)
    if action == "conclude_investigation":
        return conclusion_warnings(db, case)
    if action == "transfer_to_police":
        return transfer_warnings(db, case)
    if action == "terminate":
        return termination_warnings(db, case)
    if action == "submit_review":
        return review_warnings(db, case)
    if action == "decide_no_penalty":
        return no_penalty_warnings(db, case)
    return []
