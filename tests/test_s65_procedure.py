"""The penalty procedure as the s65 audit found it: the 当场行政处罚决定书 was issued in a case that must go to the
police or in which no penalty may be given (limitation run, a circumstance barring it), refused only at the later
step 当场处罚; a circumstance in which the penalty must be lighter or reduced (应当从轻或者减轻, Penalty Law art. 32)
was weighed only when the officer chose a tier, so a fine in the 从重 band passed the 告知书, the 决定书, the
当场行政处罚决定书 and the decision recorded on paper when no tier was chosen."""

from __future__ import annotations

from dataclasses import replace

import pytest

from workstation import procedure
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.documents.stage_rules import state_refusal
from workstation.errors import TransitionRefused, WorkstationError
from workstation.law.case_law import case_law
from workstation.store import get_case
from workstation.store.cases import update_case

PLACE = "佛山市南海区桂城街道南海大道北281号"
FACTS = "经查，当事人未经消费者同意向其发送商业性短信300条。"
MESSAGES = "unsolicited_commercial_messages"  # 消法 art. 56: ¥0–500,000 without gains (从轻 up to ¥150,000)
LEAK = "illegal_provision_or_leak"


def _documents(db, case) -> int:
    return db.execute("SELECT COUNT(*) FROM documents WHERE case_id = ?", [case.id]).fetchone()[0]


def _on_the_spot(db, data_dir, case, fine="100", day="2026-11-02"):
    values = {"serial_no": "No.0000777", "fine_fen": fine, "decided_at": f"{day} 09:30", "party_address": PLACE,
              "place": PLACE, "facts": FACTS, "warning": False}
    return issue_document(db, data_dir, get_case(db, case.id), find_form("on_the_spot_decision"), values)


# ---- 1. the 当场行政处罚决定书 where no penalty may be given ------------------------------------------------------------

def test_the_on_the_spot_decision_of_a_case_at_the_criminal_threshold_is_refused(db, data_dir, make_case, english):
    case = make_case(violations=[LEAK], records_other=6000, facts=FACTS, lead_received_on="2026-11-01",
                     act_on="2026-10-30")
    refusal = state_refusal(db, get_case(db, case.id), "on_the_spot_decision")  # before its values are asked for
    assert refusal and "criminal threshold" in refusal
    with pytest.raises(WorkstationError, match="criminal threshold"):
        _on_the_spot(db, data_dir, case)
    assert _documents(db, case) == 0  # no number taken


def test_the_on_the_spot_decision_after_the_limitation_period_is_refused(db, data_dir, make_case, english):
    case = make_case(violations=[MESSAGES], facts=FACTS, act_on="2024-01-01", lead_received_on="2026-11-01")
    with pytest.raises(WorkstationError, match="(?i)limitation"):
        _on_the_spot(db, data_dir, case)
    assert _documents(db, case) == 0


def test_the_on_the_spot_decision_beside_a_circumstance_barring_a_penalty_is_refused(db, data_dir, make_case,
                                                                                      english):
    case = make_case(violations=[MESSAGES], facts=FACTS, act_on="2026-10-30", lead_received_on="2026-11-01",
                     discretion_factors=["no_fault"])
    with pytest.raises(WorkstationError, match="No penalty may be decided"):
        _on_the_spot(db, data_dir, case)
    assert _documents(db, case) == 0
    update_case(db, replace(get_case(db, case.id), discretion_factors=[]))
    assert _on_the_spot(db, data_dir, case).id  # the same decision once nothing bars it


# ---- 2. a mandatory lighter circumstance with no tier chosen -------------------------------------------------------

@pytest.fixture
def reviewed(db, make_case):
    """A case with one party sent to review, ``eliminated_harm`` recorded (应当从轻或者减轻) and no tier chosen."""

    def make(**fields):
        fields = {"violations": [MESSAGES], "facts": FACTS, "discretion_factors": ["eliminated_harm"], **fields}
        return make_case(status="under_review", filed_on="2026-10-12", review_on="2026-10-21", act_on="2026-08-01",
                         **fields)

    return make


def _notice(db, data_dir, case, fine):
    return issue_document(db, data_dir, get_case(db, case.id), find_form("pre_penalty_notice"),
                          {"facts": FACTS, "issued_on": "2026-11-05", "warning": True, "fine_fen": fine,
                           "hearing_required": True})


def test_a_notice_fining_in_the_heavier_band_beside_a_must_lighter_circumstance_is_refused(db, data_dir, reviewed,
                                                                                         english):
    case = reviewed()
    assert not case.discretion_tier
    with pytest.raises(WorkstationError) as refused:
        _notice(db, data_dir, case, "480000")  # 96 % of the ¥500,000 maximum: the 从重 band
    message = refused.value.message
    assert "must be lighter or reduced" in message and "¥480,000.00" in message
    assert "¥150,000.00" in message  # the top of the 从轻 band the fine is to be lowered into
    assert "take it off" in message  # or the circumstance, if it does not apply
    assert _documents(db, case) == 0
    # the ordinary band is refused too; the lighter band is issued
    with pytest.raises(WorkstationError, match="must be lighter or reduced"):
        _notice(db, data_dir, case, "200000")
    assert _notice(db, data_dir, case, "100000").number


def test_a_notice_without_the_circumstance_is_issued_in_any_band(db, data_dir, reviewed):
    case = reviewed(discretion_factors=[])
    assert _notice(db, data_dir, case, "480000").number


def test_the_law_panel_says_the_fine_contradicts_the_circumstance(db, reviewed, english):
    case = reviewed(fine_fen=48_000_000)
    assert "must be lighter or reduced" in case_law(db, case).discretion_problem
    assert not case_law(db, update_case(db, replace(get_case(db, case.id), fine_fen=10_000_000))).discretion_problem


def test_a_decision_recorded_on_paper_in_the_heavier_band_is_refused(db, make_case, english):
    case = make_case(status="decision_pending", filed_on="2026-10-12", notice_served_on="2026-11-02",
                     notice_waived=True, facts=FACTS, violations=[MESSAGES], discretion_factors=["eliminated_harm"],
                     fine_fen=48_000_000, act_on="2026-08-01")
    with pytest.raises(TransitionRefused, match="must be lighter or reduced"):
        procedure.apply(db, case.id, "decide_penalty", on_date="2026-11-20")
    assert get_case(db, case.id).status == "decision_pending"
    update_case(db, replace(get_case(db, case.id), fine_fen=10_000_000))
    assert procedure.apply(db, case.id, "decide_penalty", on_date="2026-11-20").status == "penalty_decided"


def test_a_penalty_decision_in_the_heavier_band_is_refused(db, data_dir, make_case, english):
    case = make_case(status="decision_pending", filed_on="2026-10-12", notice_served_on="2026-11-02",
                     notice_waived=True, facts=FACTS, violations=[MESSAGES], discretion_factors=["eliminated_harm"],
                     act_on="2026-08-01")
    with pytest.raises(WorkstationError, match="must be lighter or reduced"):
        issue_document(db, data_dir, get_case(db, case.id), find_form("penalty_decision"),
                       {"fine_fen": "480000", "decided_on": "2026-11-20", "party_address": PLACE,
                        "hearing_required": True})
    assert _documents(db, case) == 0


def test_an_on_the_spot_decision_in_the_heavier_band_is_refused(db, data_dir, make_case, english):
    # an intermediary's leak under 办法 art. 15 chosen by hand: three times the gains of ¥500, ¥0–1,500
    case = make_case(violations=[LEAK], facts=FACTS, act_on="2026-10-30", lead_received_on="2026-11-01",
                     law_conditions=["intermediary"], penalty_norm="consumer_measures_15", illegal_gains_fen=50_000,
                     discretion_factors=["eliminated_harm"])
    assert case_law(db, case).penalty.range.max_fen == 150_000
    with pytest.raises(WorkstationError, match="must be lighter or reduced"):
        _on_the_spot(db, data_dir, case, fine="1200")
    assert _documents(db, case) == 0
    assert _on_the_spot(db, data_dir, case, fine="400").id


# ---- 3. the final read: the document's confiscation, a written reason, the heavier direction, corrections -----------

def test_the_fine_range_follows_the_gains_the_notice_confiscates(db, data_dir, reviewed, english):
    # no gains on the case, ¥100,000 confiscated by the notice: 消法 art. 56 at 1–10 times them, ¥300,000 is 从轻
    case = reviewed()
    notice = issue_document(db, data_dir, get_case(db, case.id), find_form("pre_penalty_notice"),
                            {"facts": FACTS, "issued_on": "2026-11-05", "warning": True, "fine_fen": "300000",
                             "confiscated_fen": "100000", "hearing_required": True})
    assert notice.number


def test_the_range_of_the_document_s_confiscation_still_refuses_a_fine_above_its_lighter_band(db, data_dir, reviewed,
                                                                                              english):
    case = reviewed()
    with pytest.raises(WorkstationError, match="must be lighter or reduced"):
        issue_document(db, data_dir, get_case(db, case.id), find_form("pre_penalty_notice"),
                       {"facts": FACTS, "issued_on": "2026-11-05", "warning": True, "fine_fen": "900000",
                        "confiscated_fen": "100000", "hearing_required": True})
    assert _documents(db, case) == 0


REASON = "当事人虽已消除危害后果，但发送短信涉及人数众多、持续时间长，故在一般阶次以上裁量"


def test_a_reason_on_the_case_lets_a_fine_outside_the_lighter_band_through(db, data_dir, reviewed, english):
    case = reviewed(discretion_reason=REASON, fine_fen=48_000_000)
    assert not case_law(db, get_case(db, case.id)).discretion_problem
    assert _notice(db, data_dir, case, "480000").number
    # as choosing the 从轻 tier with the same reason does (``discretion.check``: outside the tier with a reason)
    lighter = reviewed(discretion_reason=REASON, discretion_tier="lighter", fine_fen=48_000_000)
    assert not case_law(db, get_case(db, lighter.id)).discretion_problem


def test_a_reason_the_notice_writes_lets_the_fine_through(db, data_dir, reviewed, english):
    case = reviewed()
    notice = issue_document(db, data_dir, get_case(db, case.id), find_form("pre_penalty_notice"),
                            {"facts": FACTS, "issued_on": "2026-11-05", "warning": True, "fine_fen": "480000",
                             "hearing_required": True, "discretion": REASON + "。"})
    assert notice.number


def test_a_must_heavier_circumstance_refuses_a_fine_below_the_heavier_band_unless_a_reason_is_written(
        db, data_dir, reviewed, english):
    case = reviewed(discretion_factors=["repeat_within_year"], fine_fen=10_000_000)
    problem = case_law(db, get_case(db, case.id)).discretion_problem
    assert "must be heavier" in problem
    with pytest.raises(WorkstationError, match="must be heavier"):
        _notice(db, data_dir, case, "100000")
    assert _documents(db, case) == 0
    assert _notice(db, data_dir, case, "480000").number  # in the 从重 band
    with_reason = reviewed(discretion_factors=["repeat_within_year"], discretion_reason=REASON, fine_fen=10_000_000)
    assert not case_law(db, get_case(db, with_reason.id)).discretion_problem
    assert _notice(db, data_dir, with_reason, "100000").number


def _decided_before_the_circumstance(db, data_dir, make_case, fine="480000"):
    case = make_case(status="decision_pending", filed_on="2026-10-12", notice_served_on="2026-11-02",
                     notice_waived=True, facts=FACTS, violations=[MESSAGES], act_on="2026-08-01")
    decision = issue_document(db, data_dir, get_case(db, case.id), find_form("penalty_decision"),
                              {"fine_fen": fine, "decided_on": "2026-11-20", "party_address": PLACE,
                               "hearing_required": True})
    procedure.apply(db, case.id, "decide_penalty", on_date="2026-11-20")
    update_case(db, replace(get_case(db, case.id), discretion_factors=["eliminated_harm"]))
    return case, decision


def test_a_correction_of_a_decision_in_force_keeping_its_fine_is_issued(db, data_dir, make_case, english):
    case, decision = _decided_before_the_circumstance(db, data_dir, make_case)
    corrected = issue_document(db, data_dir, get_case(db, case.id), find_form("penalty_decision"),
                               {"fine_fen": "480000", "decided_on": "2026-11-21", "party_address": PLACE,
                                "hearing_required": True},
                               supersedes=decision.id)
    assert corrected.number


def test_a_correction_of_a_decision_in_force_raising_its_fine_is_held_to_the_circumstance(db, data_dir, make_case,
                                                                                          english):
    case, decision = _decided_before_the_circumstance(db, data_dir, make_case)
    with pytest.raises(WorkstationError, match="must be lighter or reduced"):
        issue_document(db, data_dir, get_case(db, case.id), find_form("penalty_decision"),
                       {"fine_fen": "490000", "decided_on": "2026-11-21", "party_address": PLACE,
                        "hearing_required": True},
                       supersedes=decision.id)


def test_a_notice_recorded_on_paper_in_the_heavier_band_is_refused(db, make_case, english):
    case = make_case(status="under_review", filed_on="2026-10-12", review_on="2026-10-21", act_on="2026-08-01",
                     facts=FACTS, violations=[MESSAGES], discretion_factors=["eliminated_harm"], fine_fen=48_000_000)
    with pytest.raises(TransitionRefused, match="must be lighter or reduced"):
        procedure.apply(db, case.id, "send_pre_notice", on_date="2026-11-05")
    update_case(db, replace(get_case(db, case.id), fine_fen=10_000_000))
    assert procedure.apply(db, case.id, "send_pre_notice", on_date="2026-11-05").status != "under_review"


@pytest.mark.gui
def test_the_law_panel_shows_the_fine_against_the_circumstance_with_no_tier_chosen(db, reviewed, prompts, qtbot,
                                                                                   english):
    from PySide6.QtWidgets import QLabel

    from ui.case_law import CaseLawBox

    case = get_case(db, reviewed(fine_fen=48_000_000).id)
    box = CaseLawBox(db, case, prompts)
    qtbot.addWidget(box)
    shown = "\n".join(label.text() for label in box.findChildren(QLabel))
    assert "No tier chosen yet." in shown
    assert "must be lighter or reduced" in shown and "¥480,000.00" in shown
