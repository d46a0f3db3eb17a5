"""An interview is escalated only to a case against one of its parties, and only when the rectification was not
made: a case against another business is refused naming both sides, and a follow-up telling of a rectification
(已报送整改情况) asks the officer to confirm it was not made after all (--not-rectified on the command line, a
question in the window); refused, nothing changes."""

import pytest

from tests.helpers import run
from workstation.errors import WorkstationError
from workstation.records import Case, Party
from workstation.store import agency_id_for_code, create_case, find_case, save_party
from workstation.store.interviews import (
    escalate_to_case,
    get_interview,
    record_follow_up,
    rectified_follow_up,
)

MICRO_LOAN = "5246de4e-a5d4-5f9f-9de1-a4c3d3d45bf5"  # the demo's interview of 佛山市小额贷款行业协会, not followed up
FOREIGN_CASE = "佛顺市监立〔2026〕9号"  # the demo's case against 佛山市顺德区铎恒置业顾问有限公司


def case_against(db, party_ids) -> Case:
    return create_case(db, Case(case_number="", cause="涉嫌违法收集使用借款人个人信息案", sector="microloan",
                                agency_id=agency_id_for_code("440600"), status="pending_filing",
                                party_ids=list(party_ids)))


def audit_rows(db) -> int:
    return db.execute("SELECT COUNT(*) FROM audit").fetchone()[0]


def test_a_case_against_none_of_the_interviewed_parties_is_refused_naming_both(demo_db, english):
    before = audit_rows(demo_db)
    with pytest.raises(WorkstationError) as refused:
        escalate_to_case(demo_db, MICRO_LOAN, find_case(demo_db, FOREIGN_CASE).id)
    assert refused.value.message == (
        "Case 佛顺市监立〔2026〕9号 is against 佛山市顺德区铎恒置业顾问有限公司, none of whom was interviewed here "
        "(佛山市小额贷款行业协会): escalate the interview to a case against one of its parties.")
    assert get_interview(demo_db, MICRO_LOAN).case_id is None and audit_rows(demo_db) == before


def test_the_same_business_entered_again_for_the_case_is_one_of_the_interviewed_parties(demo_db):
    interviewed = demo_db.execute("SELECT name, uscc FROM parties WHERE id = ?",
                                  [get_interview(demo_db, MICRO_LOAN).party_ids[0]]).fetchone()
    again = save_party(demo_db, Party(name=interviewed[0] + "（重复录入）", kind="association"))
    # a second record of the same code, as stored before save_party refused one (``store.parties.party_code_errors``)
    demo_db.execute("UPDATE parties SET uscc = ? WHERE id = ?", [interviewed[1], again.id])
    case = case_against(demo_db, [again.id])  # another record, the same credit code
    assert escalate_to_case(demo_db, MICRO_LOAN, case.id).case_id == case.id


@pytest.mark.parametrize("result", ["逾期未报送整改情况。", "复查发现未整改到位", "拒不整改", "整改不到位，仍有投诉"])
def test_a_follow_up_saying_it_was_not_rectified_lets_the_interview_be_escalated(demo_db, result):
    case = case_against(demo_db, get_interview(demo_db, MICRO_LOAN).party_ids)
    record_follow_up(demo_db, MICRO_LOAN, "2026-07-10", result)
    assert rectified_follow_up(get_interview(demo_db, MICRO_LOAN)) is None
    assert escalate_to_case(demo_db, MICRO_LOAN, case.id).case_id == case.id


def test_a_follow_up_telling_of_a_rectification_needs_the_officers_word(demo_db, english):
    case = case_against(demo_db, get_interview(demo_db, MICRO_LOAN).party_ids)
    record_follow_up(demo_db, MICRO_LOAN, "2026-07-10", "已报送整改情况")
    before = audit_rows(demo_db)
    with pytest.raises(WorkstationError, match="The follow-up of 2026-07-10 found: “已报送整改情况”. An interview is "
                                               "escalated to a case when the rectification was not made."):
        escalate_to_case(demo_db, MICRO_LOAN, case.id)
    assert get_interview(demo_db, MICRO_LOAN).case_id is None and audit_rows(demo_db) == before
    assert escalate_to_case(demo_db, MICRO_LOAN, case.id, not_rectified=True).case_id == case.id


def test_the_readme_walk_is_refused_on_the_command_line_and_the_option_confirms(demo_db, data_dir, capsys):
    def escalate(*extra):
        return run(capsys, "interviews", "escalate", MICRO_LOAN, *extra, "--data-dir", data_dir)

    assert run(capsys, "interviews", "follow-up", MICRO_LOAN, "--on", "2026-07-10", "--result", "已报送整改情况",
               "--data-dir", data_dir)[0] == 0
    code, out, err = escalate(FOREIGN_CASE)
    assert code == 1 and out == ""
    assert "佛顺市监立〔2026〕9号" in err and "佛山市顺德区铎恒置业顾问有限公司" in err and "佛山市小额贷款行业协会" in err
    case = case_against(demo_db, get_interview(demo_db, MICRO_LOAN).party_ids)
    code, out, err = escalate(case.id)
    assert code == 1 and "已报送整改情况" in err and err.rstrip().rstrip("。.").endswith("--not-rectified")
    assert get_interview(demo_db, MICRO_LOAN).case_id is None
    code, out, err = escalate(case.id, "--not-rectified")
    assert code == 0 and get_interview(demo_db, MICRO_LOAN).case_id == case.id


@pytest.mark.parametrize("answer", [False, True])
def test_the_window_asks_before_escalating_an_interview_whose_follow_up_tells_of_a_rectification(
        demo_db, make_window, prompts, english, answer):
    case = case_against(demo_db, get_interview(demo_db, MICRO_LOAN).party_ids)
    record_follow_up(demo_db, MICRO_LOAN, "2026-07-10", "协会已报送会员单位整改情况")
    page = make_window(demo_db).interviews_page
    page.on = "2026-11-29"
    page.refresh()
    page.select(MICRO_LOAN)
    prompts.confirm_answer = answer
    prompts.texts.append(case.id)  # a case 待立案 has no number yet: its id
    page.buttons["escalate"].click()
    assert len(prompts.confirmations) == 1 and "协会已报送会员单位整改情况" in prompts.confirmations[0]
    assert "Was the rectification not made after all" in prompts.confirmations[0]
    assert get_interview(demo_db, MICRO_LOAN).case_id == (case.id if answer else None)
    assert prompts.texts == ([] if answer else [case.id])  # declined: the case number is not even asked
    assert prompts.errors == []


def test_the_window_refuses_a_case_against_another_business(demo_db, make_window, prompts, english):
    page = make_window(demo_db).interviews_page
    page.select(MICRO_LOAN)
    prompts.texts.append(FOREIGN_CASE)
    page.buttons["escalate"].click()
    assert len(prompts.errors) == 1 and "佛山市顺德区铎恒置业顾问有限公司" in prompts.errors[0]
    assert get_interview(demo_db, MICRO_LOAN).case_id is None
