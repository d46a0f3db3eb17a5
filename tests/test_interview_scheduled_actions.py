"""An interview still scheduled (已安排: dated ahead, or not marked held yet) has nothing to follow up and nothing
to escalate: 跟进 and 转为案件 are greyed out on the register saying why, as the 约谈记录 and 约谈纪要 are, and
the core refuses both, changing nothing."""

import datetime as dt
from dataclasses import replace

import pytest

from workstation.errors import WorkstationError
from workstation.records import Case, Interview, Party, today
from workstation.store import agency_id_for_code, create_case, save_party
from workstation.store.interviews import escalate_to_case, get_interview, record_follow_up, save_interview

SHOP = Party(name="佛山市顺德区讯达信息科技有限公司", kind="company", uscc="91440606MA5ABCDE1P",
             address="佛山市顺德区容桂街道文华路8号", legal_rep="何志明")


def day(offset: int) -> str:
    return (dt.date.fromisoformat(today()) + dt.timedelta(days=offset)).isoformat()


def interview(db, held_on: str, status: str = "held") -> Interview:
    party = save_party(db, replace(SHOP))
    return save_interview(db, Interview(agency_id=agency_id_for_code("440605"), held_on=held_on,
                                        subject="约谈短信发送企业违规发送营销短信", party_ids=[party.id],
                                        rectification_due=day(30), status=status))


def audit_rows(db) -> int:
    return db.execute("SELECT COUNT(*) FROM audit").fetchone()[0]


def test_the_core_refuses_the_follow_up_and_escalation_of_a_scheduled_interview(demo_db, english):
    ahead = interview(demo_db, day(7))
    case = create_case(demo_db, Case(case_number="", cause="涉嫌未经消费者同意发送商业性信息案", sector="other",
                                     agency_id=agency_id_for_code("440605"), status="pending_filing",
                                     party_ids=ahead.party_ids))  # against the interviewed business
    unmarked = interview(demo_db, day(-3), status="scheduled")
    before = audit_rows(demo_db)
    with pytest.raises(WorkstationError, match=f"scheduled for {day(7)}, still to come: its follow-up"):
        record_follow_up(demo_db, ahead.id, today(), "已整改。")
    with pytest.raises(WorkstationError, match="escalated to a case only after it was held"):
        escalate_to_case(demo_db, ahead.id, case.id)
    with pytest.raises(WorkstationError, match="not marked held yet: tick Held .* before escalating"):
        escalate_to_case(demo_db, unmarked.id, case.id)
    with pytest.raises(WorkstationError, match="not marked held yet: tick Held .* before recording its follow-up"):
        record_follow_up(demo_db, unmarked.id, today(), "已整改。")
    assert audit_rows(demo_db) == before
    assert get_interview(demo_db, ahead.id).case_id is None and get_interview(demo_db, ahead.id).follow_up_result == ""
    # now overdue, even when it ran past a holiday to the next working day (REFERENCE §1.2 rule 3, s65)
    held = save_interview(demo_db, replace(interview(demo_db, day(-30)), rectification_due=day(-10)))
    assert record_follow_up(demo_db, held.id, today(), "逾期未整改。").follow_up_result == "逾期未整改。"
    assert escalate_to_case(demo_db, held.id, case.id).case_id == case.id


def test_the_register_greys_out_follow_up_and_escalation_of_a_scheduled_interview(demo_db, make_window, prompts,
                                                                                 english):
    ahead = interview(demo_db, day(7))
    held = interview(demo_db, day(-3))
    page = make_window(demo_db).interviews_page
    page.refresh()
    page.select(ahead.id)
    follow_up, escalate = page.buttons["follow_up"], page.buttons["escalate"]
    assert not follow_up.isEnabled() and not escalate.isEnabled()
    assert follow_up.toolTip() == (f"Follow-up: The interview is scheduled for {day(7)}, still to come: its "
                                   "follow-up is recorded after it was held.")
    assert escalate.toolTip().startswith(f"Escalate to a case: The interview is scheduled for {day(7)}")
    reasons = page.reason.text().splitlines()
    assert follow_up.toolTip() in reasons and escalate.toolTip() in reasons
    page.follow_up()  # reached otherwise than by the greyed-out button: refused with the same reason
    page.escalate()
    assert prompts.errors[-2:] == [follow_up.toolTip(), escalate.toolTip()]
    assert get_interview(demo_db, ahead.id).case_id is None

    page.select(held.id)
    assert follow_up.isEnabled() and escalate.isEnabled()
    assert not any(line.startswith(("Follow-up:", "Escalate to a case:")) for line in page.reason.text().splitlines())
