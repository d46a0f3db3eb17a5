"""The other grounds of Penalty Law art. 58 para. 1 (重大公共利益; 疑难复杂、涉及多个法律关系; 法律、法规规定的其他情形),
REFERENCE §1.5: the officer marks them on the case (处罚依据与裁量…, ``cases review-grounds``), and the decision is then
refused until its 法制审核 is recorded, as that of a case whose hearing was held (m044 ``cases.review_grounds``)."""

from __future__ import annotations

import pytest

from PySide6.QtWidgets import QCheckBox, QDialogButtonBox

from tests.helpers import run, run_json
from workstation import procedure
from workstation.decision_review import mark_review_grounds, review_refusal
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.errors import TransitionRefused, ValidationError, WorkstationError
from workstation.law.case_law import case_law, save_penalty_choice
from workstation.store import get_case

FACTS = "经查，当事人未经消费者同意向其发送商业性短信。"
ADDRESS = "佛山市南海区桂城街道南海大道1号"
SERVED = "2026-03-02"
REVIEW = {
    "facts_clear": "是",
    "evidence_sufficient": "是",
    "procedure_lawful": "是",
    "basis_correct": "是",
    "discretion_proper": "是",
    "opinion": "同意办案机构的处理意见。",
    "reviewed_on": "2026-03-12",
    "review_kind": "法制审核",
}
REFUSED = (
    "This case must go through legal review (法制审核, Penalty Law art. 58) before the penalty is decided, and "
    "no review opinion is recorded: The case is difficult and complex and involves several legal relationships "
    "(marked on the case). Issue the 案件审核表 with 审核类别 “法制审核” and the reviewers' opinion, then decide."
)


@pytest.fixture
def noticed(db, data_dir, make_case):
    """A company's case told of a fine of ¥50,000 (below the hearing amount) by a 行政处罚告知书 issued here, whose
    statement period is over: awaiting its decision, no hearing, nothing marked."""
    case = make_case(status="pre_notice", filed_on="2026-02-27", notice_served_on=SERVED, facts=FACTS)
    issue_document(
        db,
        data_dir,
        get_case(db, case.id),
        find_form("pre_penalty_notice"),
        {"facts": FACTS, "issued_on": SERVED, "fine_fen": "50000", "hearing_required": False},
    )
    return procedure.apply(db, case.id, "end_statement_period", on_date="2026-03-10")


def test_a_case_marked_complex_is_decided_only_after_its_legal_review(
    db, data_dir, noticed, english, table_counts
):
    assert review_refusal(db, noticed) is None  # nothing marked: no statutory ground (the amounts only warn)
    case = mark_review_grounds(db, noticed, ["complex"])
    assert get_case(db, case.id).review_grounds == ["complex"]
    before = table_counts(db)
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "decide_penalty", on_date="2026-03-13")
    assert str(refused.value) == REFUSED
    with pytest.raises(WorkstationError, match=r"must go through legal review"):
        issue_document(
            db,
            data_dir,
            get_case(db, case.id),
            find_form("penalty_decision"),
            {"decided_on": "2026-03-20", "party_address": ADDRESS, "fine_fen": "50000"},
        )
    assert table_counts(db) == before
    issue_document(db, data_dir, get_case(db, case.id), find_form("legal_review"), REVIEW)
    assert review_refusal(db, get_case(db, case.id)) is None


def test_an_unknown_ground_is_refused_naming_the_field(db, noticed, english):
    with pytest.raises(ValidationError) as refused:
        mark_review_grounds(db, noticed, ["major_rights_after_hearing"])
    assert refused.value.errors == {
        "review_grounds": (
            "Unknown ground of legal review or collective discussion major_rights_after_hearing; known: "
            "major_public_interest, complex, required_by_law, complex_circumstances, major_violation."
        )
    }
    assert get_case(db, noticed.id).review_grounds == []


def test_the_law_panel_counts_the_marked_ground_for_legal_review(db, noticed, english):
    law = dict(case_law(db, mark_review_grounds(db, noticed, ["major_public_interest"])).thresholds)
    assert law["legal_review"].applies
    assert "It concerns a major public interest" in law["legal_review"].reasons


def test_the_penalty_dialog_marks_the_grounds_and_saving_keeps_them(db, noticed, make_window, qtbot):
    from ui.case_law import PenaltyChoiceDialog

    window = make_window(db)
    workspace = window.open_case(noticed.id)
    dialog = PenaltyChoiceDialog(db, workspace.case, window.prompts)
    qtbot.addWidget(dialog)
    boxes = {
        b.objectName(): b for b in dialog.findChildren(QCheckBox) if b.objectName().startswith("review_")
    }
    assert sorted(boxes) == ["review_complex", "review_major_public_interest", "review_required_by_law"]
    assert boxes["review_complex"].text() == "案件情况疑难复杂、涉及多个法律关系"
    boxes["review_required_by_law"].setChecked(True)
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled()
    dialog.save()
    assert get_case(db, noticed.id).review_grounds == ["required_by_law"]
    # saved from the core without grounds given, the marked ones stay
    case = save_penalty_choice(
        db,
        get_case(db, noticed.id),
        act_on=None,
        prior_punished=False,
        penalty_norm="",
        discretion_tier="",
        discretion_factors=[],
        discretion_reason="",
        fine_fen=0,
    )
    assert case.review_grounds == ["required_by_law"]
    assert review_refusal(db, case) is not None
    again = PenaltyChoiceDialog(db, get_case(db, noticed.id), window.prompts)
    qtbot.addWidget(again)
    assert again.findChild(QCheckBox, "review_required_by_law").isChecked()
    assert not again.findChild(QCheckBox, "review_complex").isChecked()


def test_the_command_line_marks_shows_and_clears_the_grounds(
    db, data_dir, noticed, capsys, english, table_counts
):
    number = noticed.case_number
    marked = run_json(
        capsys,
        "--data-dir",
        data_dir,
        "cases",
        "review-grounds",
        number,
        "--ground",
        "complex",
        "--ground",
        "major_public_interest",
    )
    assert marked == {
        "case_number": number,
        "review_grounds": ["complex", "major_public_interest"],
        "legal_review_recorded": False,
    }
    code, out, _err = run(capsys, "--data-dir", data_dir, "cases", "review-grounds", number)
    assert code == 0
    assert out.endswith(
        ": legal review is required before the decision: It concerns a major public interest, "
        "The case is difficult and complex and involves several legal relationships.\n"
    )
    before = table_counts(db)
    code, out, err = run(
        capsys, "--data-dir", data_dir, "cases", "review-grounds", number, "--ground", "hearing"
    )
    assert (code, out) == (1, "")
    assert "--ground" in err and "Unknown ground of legal review or collective discussion hearing" in err
    assert table_counts(db) == before
    cleared = run_json(capsys, "--data-dir", data_dir, "cases", "review-grounds", number, "--clear")
    assert cleared["review_grounds"] == []
    assert review_refusal(db, get_case(db, noticed.id)) is None
