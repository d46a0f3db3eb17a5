"""Found in reviewing the session's changes: a lead searched for an interview by a business name holding ``_`` or a text
holding ``%`` finds what it says (the characters are no wildcards); an interview shows its own lead even when a
newer lead's description quotes that lead's id; facts stating 1000余条 agree with a count of 1,031 (余: over 1,000),
not with one of 980 or 2,031; complaints stored without a work-order number that a fuller export numbers are
changed with an audit entry each."""

import pytest

from tests.test_complaints12 import NUMBERS, fuller, plain
from workstation.documents.drafts import find_form
from workstation.documents.issuing import check_issue
from workstation.errors import WorkstationError
from workstation.importing.complaints import import_complaints
from workstation.records import Interview, Lead, Party
from workstation.store import get_case
from workstation.store.interviews import find_leads, lead_summary, linked_lead, save_interview
from workstation.store.leads import save_lead
from workstation.store.parties import save_party


def lead(db, received: str, **values) -> Lead:
    return save_lead(db, Lead(source="12345", received_at=received, **values))


def test_a_lead_search_takes_underscore_and_percent_as_written(db):
    wanted = lead(db, "2026-10-01T09:00:00+08:00", businesses="佛山市优惠_推广有限公司")
    lead(db, "2026-10-02T09:00:00+08:00", businesses="佛山市优惠A推广有限公司", description="退款500元")
    discount = lead(db, "2026-10-03T09:00:00+08:00", description="短信称全场50%折扣")
    assert [x.id for x in find_leads(db, "优惠_推广")] == [wanted.id]
    assert [x.id for x in find_leads(db, "50%")] == [discount.id]
    assert [x.id for x in find_leads(db, "%")] == [discount.id]
    assert [x.id for x in find_leads(db, "_")] == [wanted.id]


def test_an_interview_shows_its_own_lead_when_a_newer_lead_quotes_its_id(db):
    from ui.interviews_page import InterviewRow

    own = lead(db, "2026-10-01T09:00:00+08:00", businesses="佛山市某某地产有限公司", complaint_count=3)
    lead(db, "2026-11-01T09:00:00+08:00", description=f"续查：同一商家，见线索 {own.id}")
    agency = db.execute("SELECT id FROM agencies LIMIT 1").fetchone()[0]
    party = save_party(db, Party(kind="company", name="佛山市某某地产有限公司"))
    interview = save_interview(db, Interview(agency_id=agency, held_on="2026-11-02", subject="约谈地产公司",
                                             party_ids=[party.id], lead_id=own.id))
    assert linked_lead(db, own.id).id == own.id
    row = InterviewRow(db, interview, "2026-11-20")
    assert row.lead == lead_summary(own) and "佛山市某某地产有限公司" in row.lead


@pytest.mark.parametrize("records, agrees", [(1031, True), (1999, True), (1000, False), (980, False), (2031, False)])
def test_facts_stating_so_many_odd_records_agree_with_a_count_over_that_figure(db, make_case, english, records,
                                                                              agrees):
    case = make_case(status="investigating", filed_on="2026-03-02", records_other=records,
                     facts="经查，当事人将业主信息出售给他人，涉及消费者个人信息1000余条。")
    form = find_form("police_transfer")
    if agrees:
        check_issue(db, get_case(db, case.id), form, {"party_address": "佛山市南海区桂城街道南海大道1号"})
        return
    with pytest.raises(WorkstationError) as refused:
        check_issue(db, get_case(db, case.id), form, {"party_address": "佛山市南海区桂城街道南海大道1号"})
    assert "says 1,000余条 of personal information" in str(refused.value)


def test_complaints_given_their_work_order_numbers_are_each_audited(db, tmp_path):
    import_complaints(db, [plain(tmp_path / "12345工单（无编号）.csv")])
    ids = [r[0] for r in db.execute("SELECT id FROM complaints ORDER BY rowid")]
    before = db.execute("SELECT MAX(seq) FROM audit").fetchone()[0] or 0

    assert import_complaints(db, [fuller(tmp_path / "12345工单.csv")]).updated == 3

    entries = db.execute("SELECT action, entity, entity_id FROM audit WHERE seq > ? ORDER BY seq", [before]).fetchall()
    # each complaint given its number, then the file's own entry (what it stored and updated)
    assert entries == [("number_complaint", "complaints", cid) for cid in ids] + [("import", "complaints",
                                                                                   "12345工单.csv")]
    assert [r[0] for r in db.execute("SELECT external_id FROM complaints ORDER BY rowid")] == NUMBERS
    from workstation.audit import verify

    assert verify(db)["valid"]
