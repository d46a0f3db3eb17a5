"""What an end-to-end walk of a campaign case found printed or shown wrongly: the evidence lists of the 调查终结报告,
告知书, 听证报告, 审批表 and 决定书 named a 当事人营业执照复印件 nobody collected (it is listed only when the case's
evidence register holds one); the 法制审核表 drafted after the hearing printed the 送审日期 of the review before the
notice (it now starts from the day the hearing was concluded, and stays editable); the timeline kept "no 行政处罚决定书
issued" on a decision recorded before its 决定书 was issued the same day; and the 处罚依据与裁量 dialog called a
may-lighter circumstance (积极配合调查) one in which the penalty must be lighter."""

from __future__ import annotations

import pytest

from tests.helpers import TEST_EVIDENCE_LISTED, run_json
from tests.test_doc_case_defaults import defaults, printed
from workstation import procedure
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.store import get_case

FACTS = "经查，当事人未经消费者同意向其发送商业性短信。"
ADDRESS = {"party_address": "佛山市南海区桂城街道南海大道北1号"}
#: the forms drawing the numbered evidence list (``evidence.proof``, ``evidence.proof_stated``), with their field
LISTING_FORMS = {"investigation_report": "evidence", "pre_penalty_notice": "evidence", "hearing_report":
                 "presented_evidence", "decision_approval": "evidence", "penalty_decision": "evidence",
                 "no_penalty_decision": "evidence"}
#: what the officer writes in a form before it is drafted at all
WRITTEN = {"hearing_report": {"analysis": "当事人提出的理由不成立。", "proposal": "维持"}}
LISTED = TEST_EVIDENCE_LISTED.format(date="2026年3月2日")


# ---- 1. the licence copy is listed only when the register holds one ---------------------------------------------

@pytest.fixture
def registered(make_case):
    """A company's case under review holding one item in its register (the customer list), no licence copy."""
    return make_case(status="under_review", filed_on="2026-03-02", facts=FACTS, evidence=True)


def add_licence(db, data_dir, case, tmp_path, **described):
    from workstation.store.evidence import add_evidence

    licence = tmp_path / "营业执照复印件.pdf"
    licence.write_bytes(b"%PDF-1.4 licence")
    return add_evidence(db, data_dir, case.id, licence, kind="documentary", source="当事人提供",
                        collected_on="2026-03-05", **described)


@pytest.mark.parametrize("form_id", LISTING_FORMS)
def test_no_licence_copy_is_listed_that_the_register_does_not_hold(db, registered, form_id):
    evidence = defaults(db, registered, form_id)[LISTING_FORMS[form_id]]
    assert evidence.startswith(f"1.{LISTED}"), evidence
    assert "营业执照" not in evidence and len(evidence.split("\n")) == 1
    text = printed(db, registered, form_id, {**ADDRESS, "decided_on": "2026-04-01", "reported_on": "2026-03-20",
                                             **WRITTEN.get(form_id, {})})
    assert "营业执照复印件" not in text and f"1.{LISTED}" in text


@pytest.mark.parametrize("form_id", ["decision_approval", "investigation_report"])
def test_a_licence_copy_in_the_register_is_listed_first_once(db, data_dir, registered, tmp_path, form_id):
    add_licence(db, data_dir, registered, tmp_path)
    lines = defaults(db, registered, form_id)["evidence"].split("\n")
    if form_id == "investigation_report":
        assert lines[0] == "1.当事人营业执照复印件，证明当事人的主体资格；"
    else:
        assert lines[0] == "1.当事人营业执照复印件；"
    assert lines[1] == f"2.{LISTED}。" and len(lines) == 2  # the licence not listed again among the register's


def test_a_licence_copy_described_by_the_officer_is_recognised_and_a_voided_one_is_not_listed(db, data_dir,
                                                                                             registered, tmp_path):
    from workstation.store.evidence import add_evidence, void_evidence

    photo = tmp_path / "IMG_0001.jpg"
    photo.write_bytes(b"photo of the licence")
    item = add_evidence(db, data_dir, registered.id, photo, kind="photo", collected_on="2026-03-05",
                        description="营业执照副本照片")
    assert defaults(db, registered, "penalty_decision")["evidence"] == f"1.当事人营业执照复印件；\n2.{LISTED}。"
    void_evidence(db, item.id, "拍错了")
    assert defaults(db, registered, "penalty_decision")["evidence"] == f"1.{LISTED}。"


@pytest.mark.parametrize("form_id", LISTING_FORMS)
def test_a_case_with_no_evidence_prints_no_list_and_no_licence(db, make_case, form_id):
    case = make_case(status="under_review", filed_on="2026-03-02", facts=FACTS, evidence=False)
    assert not defaults(db, case, form_id)[LISTING_FORMS[form_id]]
    text = printed(db, case, form_id, {**ADDRESS, "decided_on": "2026-04-01", "reported_on": "2026-03-20",
                                       **WRITTEN.get(form_id, {})})
    assert "营业执照复印件" not in text and "证据证明" not in text and "调查人员提出的证据" not in text


# ---- 2. the 送审日期 of the 法制审核表 drafted after the hearing -------------------------------------------------

def heard(db, data_dir, make_case, *, concluded="2026-03-12"):
    """A case sent to review on 02-24, its 行政处罚告知书 served on 03-02, a hearing asked for and held on 03-12."""
    from dataclasses import replace

    from tests.helpers import hearing_notice, legal_review
    from workstation.store.cases import update_case

    case = make_case(status="under_review", filed_on="2026-02-20", review_on="2026-02-24", facts=FACTS,
                     fine_fen=15_000_000)
    legal_review(db, data_dir, case, reviewed_on="2026-02-26")
    case = update_case(db, replace(get_case(db, case.id), status="pre_notice", notice_served_on="2026-03-02"),
                       allow_status_change=True)
    issue_document(db, data_dir, case, find_form("pre_penalty_notice"),
                   {"facts": FACTS, "issued_on": "2026-03-02", "fine_fen": "150000", "hearing_required": True})
    procedure.apply(db, case.id, "request_hearing", on_date="2026-03-03")
    hearing_notice(db, data_dir, case, issued_on="2026-03-03", hearing_date="2026-03-12")
    if concluded:
        procedure.apply(db, case.id, "conclude_hearing", on_date=concluded)
    return get_case(db, case.id)


def test_before_the_hearing_the_review_sheet_is_sent_on_the_day_of_submission(db, make_case):
    case = make_case(status="under_review", filed_on="2026-02-20", review_on="2026-02-24", facts=FACTS)
    assert defaults(db, case, "legal_review")["received_on"] == "2026-02-24"


def test_a_review_sheet_drafted_after_the_hearing_is_sent_on_the_day_it_was_concluded(db, data_dir, make_case):
    case = heard(db, data_dir, make_case, concluded="2026-03-13")
    assert defaults(db, case, "legal_review")["received_on"] == "2026-03-13"
    answers = {**dict.fromkeys(("facts_clear", "evidence_sufficient", "procedure_lawful", "basis_correct",
                                "discretion_proper"), "是"), "opinion": "同意办案机构的处理意见。"}
    text = printed(db, case, "legal_review", answers)
    assert "送审日期2026年3月13日" in text.replace(" ", "") and "2026年2月24日" not in text
    # editable: the day typed is printed
    typed = printed(db, case, "legal_review", {**answers, "received_on": "2026-03-16"})
    assert "送审日期2026年3月16日" in typed.replace(" ", "")


def test_a_hearing_still_pending_or_withdrawn_leaves_the_day_of_submission(db, data_dir, make_case):
    case = heard(db, data_dir, make_case, concluded=None)
    assert defaults(db, case, "legal_review")["received_on"] == "2026-02-24"
    procedure.apply(db, case.id, "withdraw_hearing", on_date="2026-03-10", reason="当事人书面撤回听证申请。")
    assert defaults(db, get_case(db, case.id), "legal_review")["received_on"] == "2026-02-24"


def test_the_pre_notice_review_still_counts_for_the_decision(db, data_dir, make_case):
    from workstation.decision_review import legal_review_recorded

    assert legal_review_recorded(db, heard(db, data_dir, make_case))


# ---- 3. the timeline's "no 行政处罚决定书" note once the 决定书 is issued ----------------------------------------------

DECISION = {**ADDRESS, "decided_on": "2026-05-06", "warning": True,
            "discretion": "当事人系初次违法，且能积极配合调查，依法从轻处罚。"}


def reviewed(db, data_dir, make_case):
    """Reviewed, told of a warning by its 行政处罚告知书, its statement period over: no 行政处罚决定书 issued."""
    case = make_case(status="under_review", lead_received_on="2026-03-20", filed_on="2026-03-23",
                     review_on="2026-04-20", facts=FACTS)
    issue_document(db, data_dir, case, find_form("pre_penalty_notice"),
                   {**ADDRESS, "issued_on": "2026-04-21", "warning": True})
    for name, day in (("send_pre_notice", "2026-04-21"), ("end_statement_period", "2026-04-30")):
        procedure.apply(db, case.id, name, on_date=day)
    return get_case(db, case.id)


def timeline_notes(db, case) -> list[str]:
    from workstation.store.cases import case_timeline

    return [entry.note for entry in case_timeline(db, get_case(db, case.id)) if entry.note]


@pytest.mark.parametrize("language", ["chinese", "english"])
def test_the_note_goes_once_the_decision_of_that_day_is_issued(db, data_dir, make_case, capsys, request, language):
    request.getfixturevalue(language)
    note = {"chinese": "记录时本系统中未签发行政处罚决定书。",
            "english": "Recorded without a 行政处罚决定书 issued in the workstation."}[language]
    case = reviewed(db, data_dir, make_case)
    run_json(capsys, "cases", "transition", case.id, "decide_penalty", "--date", "2026-05-06", "--data-dir",
             str(data_dir))
    assert any(note in kept for kept in timeline_notes(db, case))
    issue_document(db, data_dir, get_case(db, case.id), find_form("penalty_decision"), DECISION)
    assert not any(note in kept for kept in timeline_notes(db, case))


def test_the_note_stays_for_a_decision_dated_after_the_step_and_other_notes_stay(db, data_dir, make_case, english):
    case = reviewed(db, data_dir, make_case)
    note = "Recorded without a 行政处罚决定书 issued in the workstation."
    procedure.apply(db, case.id, "decide_penalty", on_date="2026-05-06", reason=f"纸质决定书另行制作。 {note}")
    issue_document(db, data_dir, get_case(db, case.id), find_form("penalty_decision"),
                   {**DECISION, "decided_on": "2026-05-07"})
    assert any(note in kept for kept in timeline_notes(db, case))
    issue_document(db, data_dir, get_case(db, case.id), find_form("penalty_decision"),
                   {**DECISION, "decided_on": "2026-05-06"},
                   supersedes=_decision_id(db, case))
    assert "纸质决定书另行制作。" in timeline_notes(db, case)


def _decision_id(db, case) -> str:
    return db.execute("SELECT id FROM documents WHERE case_id = ? AND form_id = 'penalty_decision' AND status = "
                      "'issued'", [case.id]).fetchone()[0]


# ---- 4. the circumstances of the suggestion, by 应当 and 可以 ---------------------------------------------------

def test_the_suggestion_says_which_circumstances_must_and_which_may_lighten(chinese):
    from workstation.law import discretion

    both = discretion.suggest(["eliminated_harm", "cooperated"])
    assert both.message == ("具有应当从轻或者减轻处罚的情形：主动消除或者减轻违法行为危害后果；具有可以从轻或者减轻处罚的"
                            "情形：积极配合调查、如实陈述违法事实并主动提供证据材料。")
    assert both.tier == "lighter" and both.mandatory
    assert discretion.suggest(["eliminated_harm"]).message == (
        "具有应当从轻或者减轻处罚的情形：主动消除或者减轻违法行为危害后果。")


def test_in_english_the_suggestion_says_the_same(english):
    from workstation.law import discretion

    assert discretion.suggest(["eliminated_harm", "cooperated"]).message == (
        "A circumstance in which the penalty shall be lighter or reduced applies: the party of its own accord "
        "eliminated or lessened the harm of the violation; and one in which it may be: the party cooperated with the "
        "investigation, stated the facts truthfully and offered evidence of its own accord.")


@pytest.mark.gui
def test_the_dialog_shows_the_grouped_sentence(qtbot, db, make_case, prompts, chinese):
    from PySide6.QtCore import Qt

    from ui.case_law import PenaltyChoiceDialog

    case = make_case(status="investigating", filed_on="2026-03-02", facts=FACTS)
    dialog = PenaltyChoiceDialog(db, get_case(db, case.id), prompts)
    qtbot.addWidget(dialog)
    for row in range(dialog.factors.count()):
        item = dialog.factors.item(row)
        if item.data(256) in ("eliminated_harm", "cooperated"):
            item.setCheckState(Qt.CheckState.Checked)
    text = dialog.suggestion.text()
    assert text.startswith("具有应当从轻或者减轻处罚的情形：主动消除或者减轻违法行为危害后果；")
    assert "具有可以从轻或者减轻处罚的情形：积极配合调查" in text
