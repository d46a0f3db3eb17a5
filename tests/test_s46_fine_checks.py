"""The fine of a 行政处罚告知书, 行政处罚决定书 or 当场行政处罚决定书 held to the case's penalty basis (session 46 audit).

1. 个人信息保护法 art. 66 para. 1 fines only a party that refused to correct (拒不改正, ``law_conditions``): with the fact
   recorded its maximum of ¥1,000,000 is held to as any other's (``case_law.maximum_of``); without it any fine is
   refused, saying that 拒不改正 is not recorded and how to record it (``penalty_terms.maximum_refusal``).
2. The 当场行政处罚决定书 is held to the basis's maximum, minimum and penalty kinds like the ordinary procedure's
   documents (``procedure.values_refusal``), its own cap for the simple procedure staying as it is."""

from __future__ import annotations

import pytest

from workstation import procedure
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.errors import ValidationError, WorkstationError
from workstation.law.case_law import fine_maximum, save_penalty_choice
from workstation.penalty_terms import maximum_refusal

PIPL_66_1 = "《中华人民共和国个人信息保护法》第六十六条第一款"
AD_62_1 = "《中华人民共和国广告法》第六十二条第一款"
CHOICE = {"act_on": None, "prior_punished": False, "discretion_tier": "", "discretion_factors": [],
          "discretion_reason": "", "fine_fen": 0}
NOTICE = {"contact_phone": "0757-1", "contact_address": "佛山", "hearing_required": True}


@pytest.fixture
def leak(db, make_case):
    """A Nanhai case about personal information provided to others, no illegal gains, its penalty
    basis chosen as 个人信息保护法 art. 66 para. 1, its 行政处罚告知书 to be issued."""
    case = make_case(status="pre_notice", lead_received_on="2026-02-10", filed_on="2026-02-13",
                     violations=["illegal_provision_or_leak"], facts="经查，当事人向他人提供消费者个人信息。")
    return save_penalty_choice(db, case, **CHOICE, penalty_norm="pipl_66_1")


# ---- 1. 个人信息保护法 art. 66 para. 1 ---------------------------------------------------------------------------------

def test_a_fine_under_pipl_66_1_is_held_to_its_maximum_once_the_refusal_to_correct_is_recorded(db, leak, english):
    case = save_penalty_choice(db, leak, **CHOICE, penalty_norm="pipl_66_1", law_conditions=["refused_correction"])
    maximum = fine_maximum(db, case)
    assert (maximum.citation, maximum.max_fen, maximum.kind) == (PIPL_66_1, 100_000_000, "fixed")
    refusal = procedure.values_refusal(db, case, "pre_penalty_notice", {**NOTICE, "fine_fen": 500_000_000})
    assert refusal.startswith(f"The fine ¥5,000,000.00 is above the maximum of ¥1,000,000.00 that the penalty basis "
                              f"{PIPL_66_1} allows.")
    assert maximum_refusal(db, case, {"fine_fen": 100_000_000, "warning": True}) is None


def test_without_the_refusal_to_correct_no_fine_under_pipl_66_1_is_issued(db, leak, data_dir, english):
    assert leak.law_conditions == [] and leak.penalty_norm == "pipl_66_1"
    refusal = procedure.values_refusal(db, leak, "pre_penalty_notice", {**NOTICE, "fine_fen": 10_000_000})
    assert refusal.startswith(f"The penalty basis {PIPL_66_1} provides a fine only on the fact “当事人拒不改正”, which "
                              f"the case does not record: no fine can be proposed or imposed under it.")
    assert "Penalty and discretion… (tick “当事人拒不改正”)" in refusal and "--fact refused_correction" in refusal
    for form_id in ("penalty_decision", "on_the_spot_decision"):
        assert "拒不改正" in procedure.values_refusal(db, leak, form_id, {"fine_fen": 100, "warning": True})
    with pytest.raises(WorkstationError) as refused:
        issue_document(db, data_dir, leak, find_form("pre_penalty_notice"), {**NOTICE, "fine_fen": "1000"})
    assert "拒不改正" in str(refused.value)
    # a warning alone is what the basis gives without the fact
    assert maximum_refusal(db, leak, {"fine_fen": 0, "warning": True}) is None


# ---- 2. the 当场行政处罚决定书 ---------------------------------------------------------------------------------------

PLACE = "佛山市南海区桂城街道南海大道北281号"
SPOT = {"serial_no": "No.0012345", "decided_at": "2026-03-10 09:30", "party_address": PLACE, "place": PLACE,
        "facts": "经查，当事人于2026年3月10日在门店向消费者发送商业性短信，未经消费者同意。"}


def _spot(db, data_dir, case, **values):
    return issue_document(db, data_dir, case, find_form("on_the_spot_decision"), {**SPOT, **values})


def test_the_on_the_spot_decision_is_held_to_the_minimum_and_kinds_of_its_basis(db, data_dir, make_case, english):
    case = make_case(violations=["unsolicited_commercial_messages"])
    case = save_penalty_choice(db, case, **CHOICE, penalty_norm="advertising_law_62_1")  # a fine of ¥5,000–30,000
    with pytest.raises(WorkstationError) as refused:
        _spot(db, data_dir, case, warning=True, fine_fen="2000")
    assert str(refused.value).startswith(
        f"The fine ¥2,000.00 is below the minimum of ¥5,000.00 that the penalty basis {AD_62_1} allows.")
    refusal = procedure.values_refusal(db, case, "on_the_spot_decision", {"warning": True, "fine_fen": 500_000})
    assert refusal.startswith(f"The penalty basis {AD_62_1} does not provide a warning")
    # a warning alone, no fine: the fine this basis requires is missing (session 61: a zero fine is held to the
    # minimum unless the norm makes the fine optional)
    refusal = procedure.values_refusal(db, case, "on_the_spot_decision", {"warning": True, "fine_fen": 0})
    assert refusal.startswith(f"The fine ¥0.00 is below the minimum of ¥5,000.00 that the penalty basis {AD_62_1}")


def test_the_on_the_spot_decision_keeps_the_simple_procedures_cap(db, data_dir, make_case, english):
    case = make_case(violations=["illegal_collection_or_use"])  # 消法 art. 56: up to ¥500,000 without gains
    assert procedure.values_refusal(db, case, "on_the_spot_decision", {"warning": True, "fine_fen": 300_000}) is None
    with pytest.raises(ValidationError) as refused:  # ¥3,000 is the simple procedure's cap for an organisation
        _spot(db, data_dir, case, warning=True, fine_fen="3001")
    assert "罚款" in "".join(refused.value.errors)
    assert _spot(db, data_dir, case, warning=True, fine_fen="3000").values["fine_fen"] == 300_000
