"""Law leftovers of the morning's audit (REFERENCE §5, §4): a discretion tier starting at the edge the tier below
ends on is shown as starting above it (高于…至…), as the edge belongs to the lower tier; and a 行政处罚告知书 or
行政处罚决定书 imposing a kind of penalty its penalty basis does not provide (警告 under 广告法 art. 62, 没收非法财物
under 消法 art. 56) is refused at issue, naming the kind, the norm and the kinds it provides, and the law panel
shows those kinds. Amounts worked by hand: 消法 art. 56 without illegal gains is ¥0–¥500,000, cut at 30 % and 70 %
(¥150,000 and ¥350,000)."""

from __future__ import annotations

import pytest

from PySide6.QtWidgets import QLabel

from tests.helpers import numbers_taken
from workstation.documents.drafts import find_form
from workstation.documents.issuing import case_documents, issue_document
from workstation.errors import ValidationError, WorkstationError
from workstation.law import discretion
from workstation.law.case_law import case_law, save_penalty_choice
from workstation.store import get_case

FACTS = "经查，当事人未经消费者同意向其发送商业性短信。"
ADDRESS = "佛山市南海区桂城街道南海大道1号"
CHOICE = {
    "act_on": "2026-01-10",
    "prior_punished": False,
    "discretion_tier": "",
    "discretion_factors": [],
    "discretion_reason": "",
    "fine_fen": 0,
}
AD_LAW_62 = "《中华人民共和国广告法》第六十二条第一款"


# 1. tier edges -------------------------------------------------------------------------------------------------
def test_a_tier_above_a_shared_edge_is_shown_starting_above_it():
    bands = discretion.tiers(0, 50_000_000)
    assert [b.text for b in bands] == [
        "从轻：¥0.00至¥150,000.00",
        "一般：高于¥150,000.00至¥350,000.00",
        "从重：高于¥350,000.00至¥500,000.00",
    ]
    # the "only a maximum" style leaves a gap below 一般 (20 %–40 %): 一般 starts at its edge, 从重 above 60 %
    only_max = discretion.tiers(0, 50_000_000, style="max_only")
    assert [b.range_text for b in only_max] == [
        "¥0.00至¥100,000.00",
        "¥200,000.00至¥300,000.00",
        "高于¥300,000.00至¥500,000.00",
    ]
    assert only_max[1].contains(20_000_000) and not only_max[2].contains(30_000_000)


def test_the_edge_checked_against_the_upper_tier_says_it_lies_below_it():
    with pytest.raises(ValidationError) as refused:
        discretion.check(15_000_000, 0, 50_000_000, "ordinary")
    assert refused.value.errors["discretion_reason"] == (
        "¥150,000.00不在所选一般阶次（高于¥150,000.00至¥350,000.00）内，请填写裁量理由。"
    )
    result = discretion.check(15_000_000, 0, 50_000_000, "ordinary", "当事人积极整改")
    assert result.message == (
        "罚款¥150,000.00不在所选一般阶次（高于¥150,000.00至¥350,000.00）内，属于从轻；"
        "已说明理由：当事人积极整改"
    )
    assert discretion.check(15_000_001, 0, 50_000_000, "ordinary").message == (
        "罚款¥150,000.01在一般阶次（高于¥150,000.00至¥350,000.00）内。"
    )


def test_the_edge_reads_the_same_in_english(english):
    assert [b.text for b in discretion.tiers(0, 50_000_000)][1:] == [
        "Ordinary: above ¥150,000.00 up to ¥350,000.00",
        "Heavier: above ¥350,000.00 up to ¥500,000.00",
    ]


def test_the_tier_warning_before_issuing_names_the_band_above_the_edge(db, make_case, english):
    from workstation.discretion_tiers import tier_warnings

    case = make_case(
        status="investigation_concluded",
        filed_on="2026-03-02",
        facts=FACTS,
        violations=["unsolicited_commercial_messages"],
        act_on="2026-01-10",
    )
    warnings = tier_warnings(
        db, case, "investigation_report", {"fine_fen": 20_000_000, "discretion_level": "从轻"}
    )
    assert warnings == [
        "The 裁量阶次 ticked is 从轻, but the fine of ¥200,000.00 lies in the 一般 band (above ¥150,000.00 up to "
        "¥350,000.00) of the range of 《中华人民共和国消费者权益保护法》第五十六条第一款第（九）项: tick 一般, or state in "
        "the 裁量理由 why the amount lies outside the tier ticked."
    ]


def test_the_penalty_dialog_shows_the_upper_bands_starting_above_the_edge(db, make_case, make_window, qtbot):
    from ui.case_law import PenaltyChoiceDialog

    case = make_case(
        status="decision_pending",
        filed_on="2026-03-02",
        notice_served_on="2026-03-03",
        facts=FACTS,
        violations=["unsolicited_commercial_messages"],
        act_on="2026-01-10",
    )
    window = make_window(db)
    workspace = window.open_case(case.id)
    dialog = PenaltyChoiceDialog(db, workspace.case, window.prompts)
    qtbot.addWidget(dialog)
    assert "一般：高于¥150,000.00至¥350,000.00" in dialog.bands.text()
    dialog.tier.setCurrentIndex(dialog.tier.findData("ordinary"))
    dialog.fine.setText("150000")
    assert "（高于¥150,000.00至¥350,000.00）" in dialog.errors["discretion_reason"].text()


# 2. penalty kinds the cited norm provides -----------------------------------------------------------------------
@pytest.fixture
def assessed(make_case):
    """A case awaiting its decision about unsolicited messages (消法 art. 56 the norm allowing the higher fine, 广告法
    art. 62 another candidate), no illegal gains."""
    return make_case(
        status="decision_pending",
        filed_on="2026-03-02",
        notice_served_on="2026-03-03",
        facts=FACTS,
        violations=["unsolicited_commercial_messages"],
        act_on="2026-01-10",
    )


def _notice(db, data_dir, case, **values):
    return issue_document(
        db,
        data_dir,
        get_case(db, case.id),
        find_form("pre_penalty_notice"),
        {"facts": FACTS, "issued_on": "2026-03-02", "hearing_required": False, **values},
    )


def _decide(db, data_dir, case, **values):
    return issue_document(
        db,
        data_dir,
        get_case(db, case.id),
        find_form("penalty_decision"),
        {"decided_on": "2026-03-20", "party_address": ADDRESS, **values},
    )


def test_a_warning_under_the_advertising_law_is_refused_at_issue_naming_the_kinds_it_provides(
    db, data_dir, assessed, english
):
    case = save_penalty_choice(db, assessed, penalty_norm="advertising_law_62_1", **CHOICE)
    taken, documents = numbers_taken(db), len(case_documents(db, case.id))
    with pytest.raises(WorkstationError) as refused:
        _notice(db, data_dir, case, warning=True, fine_fen="10000")
    assert str(refused.value) == (
        f"The penalty basis {AD_LAW_62} does not provide a warning: it provides a fine. Take a warning out of the "
        "document, or correct the case's penalty basis (Penalty and discretion…) or its violations (Edit case…) if "
        "they are wrong."
    )
    assert numbers_taken(db) == taken and len(case_documents(db, case.id)) == documents
    # the fine alone, which the norm provides (¥5,000–¥30,000), is issued
    assert _notice(db, data_dir, case, warning=False, fine_fen="10000").number


def test_confiscated_property_under_article_56_is_refused_and_its_warning_issued(
    db, data_dir, assessed, english
):
    with pytest.raises(WorkstationError) as refused:
        _decide(
            db,
            data_dir,
            assessed,
            warning=True,
            fine_fen="50000",
            confiscated_property="用于群发短信的电脑主机一台",
        )
    assert str(refused.value).startswith(
        "The penalty basis 《中华人民共和国消费者权益保护法》第五十六条第一款第（九）项 does not provide confiscation of "
        "illegal property: it provides a warning, confiscation of illegal gains, a fine, "
    )
    decision = _decide(db, data_dir, assessed, warning=True, fine_fen="50000", other_penalty="责令停业整顿",
                       hearing_required=True)  # 停业整顿 gives the right to a hearing
    assert decision.number


def test_a_revoked_permit_written_out_is_named_as_not_provided(db, data_dir, assessed, english):
    with pytest.raises(WorkstationError) as refused:
        _notice(db, data_dir, assessed, fine_fen="50000", other_penalty="吊销食品经营许可证")
    assert str(refused.value).startswith(
        "The penalty basis 《中华人民共和国消费者权益保护法》第五十六条第一款第（九）项 "
        "does not provide revocation of permits: it provides a warning, confiscation "
        "of illegal gains, a fine, an order to suspend business for rectification "
        "(serious cases), revocation of the business licence (serious cases)."
    )


def test_a_case_without_a_violation_is_not_refused_for_its_kinds(db, data_dir, make_case):
    case = make_case(
        status="decision_pending", filed_on="2026-03-02", notice_served_on="2026-03-03", facts=FACTS
    )
    assert _notice(
        db, data_dir, case, warning=True, fine_fen="10000", confiscated_property="电脑主机一台"
    ).number


def test_the_law_panel_names_the_kinds_and_what_the_notice_imposes_beyond_them(
    db, data_dir, assessed, english, qtbot
):
    from ui.case_law import CaseLawBox

    # issued under 消法 art. 56, which provides a warning
    _notice(db, data_dir, assessed, warning=True, fine_fen="10000")
    # the basis then corrected to 广告法 art. 62: the notice stays as issued, its warning now not provided
    case = save_penalty_choice(db, get_case(db, assessed.id), penalty_norm="advertising_law_62_1", **CHOICE)
    law = case_law(db, case)
    assert law.kinds_problem.startswith(
        f"The penalty basis {AD_LAW_62} does not provide a warning: it provides a fine."
    )
    box = CaseLawBox(db, case, None)
    qtbot.addWidget(box)
    shown = box.findChild(QLabel, "penalty_kinds").text()
    assert shown.startswith(f"Provided by {AD_LAW_62}: a fine\n")
    assert "Kinds only another norm of the act provides are not imposed with it (" in shown
    assert shown.endswith(law.kinds_problem)


def test_under_article_56_the_panel_lists_its_kinds_without_a_problem(db, assessed, english, qtbot):
    from ui.case_law import CaseLawBox

    box = CaseLawBox(db, assessed, None)
    qtbot.addWidget(box)
    assert box.findChild(QLabel, "penalty_kinds").text() == (
        "Provided by 《中华人民共和国消费者权益保护法》第五十六条第一款第（九）项: a warning, confiscation of illegal gains, "
        "a fine, an order to suspend business for rectification (serious cases), revocation of the business licence "
        "(serious cases)"
    )
    assert case_law(db, assessed).kinds_problem == ""


def test_the_gains_are_confiscated_under_the_advertising_law_too(db, data_dir, assessed, english):
    """Penalty Law art. 28 para. 2: the illegal gains are confiscated whatever norm sets the fine — a notice under
    广告法 art. 62 (a fine only, chosen as the higher fine) confiscating them was refused (found by the law audit)."""
    case = save_penalty_choice(db, assessed, penalty_norm="advertising_law_62_1", **CHOICE)
    assert _notice(db, data_dir, case, warning=False, fine_fen="10000", confiscated_fen="3000").number
