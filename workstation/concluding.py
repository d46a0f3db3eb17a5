"""What concluding the investigation (调查终结, REFERENCE §1.1 INVESTIGATION_CONCLUDED) warns about without refusing
it: a case that issued no record (询问笔录, 现场笔录, 电子数据证据提取笔录, 证据提取单, 抽样记录) and registered no evidence
has nothing here the 调查终结报告 and the decision can rest on. The records may have been made on paper, so the
officer may conclude all the same once they read the warning (the window asks to tick it, the command line says it),
as closing a case warns (``workstation.closing``). Submitting the case for review (提交审核) likewise warns while no
调查终结报告 is issued: the review examines it, and it too may have been written on paper. Terminating the
investigation warns while a 涉嫌犯罪案件移送书 is issued and the transfer is not recorded, and the transfer to the
police while none is issued. Deciding not to penalise (作出不予行政处罚决定) warns while a party has no 不予行政处罚决定书
issued, as deciding the penalty warns without its 行政处罚决定书 (``procedure.no_decision_warning``)."""

from __future__ import annotations

from workstation.closing import ClosingWarning
from workstation.db import Database
from workstation.i18n import _
from workstation.records import Case

REPORT_FORM = "investigation_report"


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
    """What transferring ``case`` to the police (移送公安机关) now goes against: no 涉嫌犯罪案件移送书 issued (not
    voided, since the case last came back from the police) — the case goes to the police with it and the materials
    it lists (REFERENCE §1.7; transfer rules art. 6), and it may have been written on paper. A case transferred again
    after the police declined its earlier transfer is told that the letter issued before went with that one
    (``procedure.earlier_transfer_document``), naming it."""
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


def action_warnings(db: Database, case: Case, action: str) -> list[ClosingWarning]:
    """The warnings of ``action`` handled here (调查终结, 提交审核, 终止调查, 移送公安机关, 作出不予行政处罚决定); empty
    for any other action."""
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
