from collections import Counter

from tests.helpers import DEMO_EVIDENCE_FILES
from workstation import audit
from workstation.demo import load_demo
from workstation.store import get_case, get_officer, list_cases, parties_of_case
from workstation.validators import normalize_id_number, normalize_mobile, normalize_uscc

FIVE_DISTRICTS = {"禅城区", "南海区", "顺德区", "三水区", "高明区"}


def every_case(db):
    return [get_case(db, row.id) for row in list_cases(db, limit=1000)]


def count(db, table):
    return db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def test_the_seed_has_36_cases_split_by_sector_as_the_campaign_report(demo_db):
    cases = every_case(demo_db)
    assert len(cases) == 36
    assert Counter(c.sector for c in cases) == {"real_estate": 19, "education": 7, "decoration": 5,
                                                "microloan": 3, "other": 2}


def test_the_seed_covers_the_five_districts(demo_db):
    cases = every_case(demo_db)
    assert {c.district for c in cases} == FIVE_DISTRICTS
    for case in cases:
        agency = demo_db.execute("SELECT district FROM agencies WHERE id = ?", [case.agency_id]).fetchone()[0]
        assert agency == case.district


def test_every_case_has_a_party_and_two_certified_officers(demo_db):
    for case in every_case(demo_db):
        assert len(parties_of_case(demo_db, case.id)) >= 1, case.case_number
        officers = [get_officer(demo_db, oid) for oid in case.officer_ids]
        assert len(officers) >= 2 and all(o.certified for o in officers), case.case_number


def test_the_seed_counts_18176_records_and_189000_yuan(demo_db):
    cases = every_case(demo_db)
    assert sum(c.records_total for c in cases) == 18176
    assert sum(c.penalties_fen for c in cases) == 18_900_000


def test_every_number_in_the_seed_is_valid(demo_db):
    rows = demo_db.execute("SELECT kind, uscc, id_number, phone FROM parties").fetchall()
    assert len(rows) == 46
    for kind, uscc, id_number, phone in rows:
        assert uscc or id_number
        if uscc:
            assert normalize_uscc(uscc) == uscc
        if id_number:
            assert kind == "person" and normalize_id_number(id_number) == id_number
        if phone:
            assert normalize_mobile(phone) == phone


def test_case_dates_follow_the_procedure(demo_db):
    for case in every_case(demo_db):
        dates = [d for d in (case.lead_received_on, case.filed_on, case.notice_served_on, case.decided_on,
                             case.served_on, case.closed_on) if d]
        assert dates == sorted(dates), case.case_number
        if case.status in ("penalty_decided", "served", "performed", "closed") and case.penalties_fen:
            assert case.decided_on and (case.notice_served_on or case.notice_waived), case.case_number


def test_the_seed_has_leads_interviews_and_publicity(demo_db):
    assert count(demo_db, "leads") == 31
    assert count(demo_db, "interviews") == 7
    assert count(demo_db, "publicity") == 50
    assert count(demo_db, "officers") == 26
    joint = demo_db.execute("SELECT COUNT(*) FROM interview_parties ip JOIN interviews i ON i.id = ip.interview_id "
                            "WHERE i.kind = 'joint'").fetchone()[0]
    assert joint >= 3


def test_loading_the_demo_twice_adds_nothing(demo_db):
    tables = ("cases", "parties", "officers", "leads", "interviews", "publicity", "case_events", "clock_events",
              "audit")
    before = {t: count(demo_db, t) for t in tables}
    added = load_demo(demo_db, complaints=False)
    assert added == {"officers": 0, "parties": 0, "cases": 0, "leads": 0, "interviews": 0, "publicity": 0,
                     "clock_events": 0, "complaints": 0}
    assert {t: count(demo_db, t) for t in tables} == before


def test_the_demo_is_audited(db):
    added = load_demo(db, complaints=False)
    assert added == {"officers": 26, "parties": 46, "cases": 36, "leads": 31, "interviews": 7, "publicity": 50,
                     "clock_events": 26, "complaints": 0}
    result = audit.verify(db)
    assert result["valid"]
    by_entity = dict(db.execute("SELECT entity, COUNT(*) FROM audit WHERE action = 'create' GROUP BY entity"))
    # the evidence of the 34 cases past their investigation, registered as an officer registers it
    assert by_entity == {"agency": 38, "officer": 26, "party": 46, "case": 36, "lead": 31, "interview": 7,
                         "publicity": 50, "clock_event": 26, "evidence": DEMO_EVIDENCE_FILES}


def test_the_whole_demo_screens_its_13543_complaints_into_the_seed_s_31_leads(db):
    """As DESIGN §1 has it: 31 harassment-call leads from 13,543 screened complaints, through the complaint
    importer and screening, then assigned to their bureaus and decided as the seed says; loading it again adds
    nothing."""
    from workstation.demo import load_seed
    from workstation.stats import campaign_stats

    added = load_demo(db)
    assert (added["complaints"], added["leads"]) == (13_543, 31)
    stats = campaign_stats(db)
    assert stats["complaints"]["imported"] == 13_543 and 31 < stats["complaints"]["related"] < 13_543
    seed = {lead["id"]: lead for lead in load_seed()["leads"]}
    rows = {r[0]: r[1:] for r in db.execute(
        "SELECT l.id, l.status, l.source, l.target_phone, a.code, l.assigned_on, l.received_at, "
        "(SELECT COUNT(*) FROM complaints c WHERE c.lead_id = l.id), l.complaint_count FROM leads l "
        "JOIN agencies a ON a.id = l.agency_id")}
    assert set(rows) == set(seed)  # screening continued the seed's leads: no lead of its own
    decided = {"file": "filed", "not_file": "not_filed", "refer": "referred"}
    for lead_id, (status, source, phone, agency, assigned_on, received_at, linked, counted) in rows.items():
        item = seed[lead_id]
        assert (status, source, phone, agency) == (decided.get(item.get("decision"), "assigned"), item["source"],
                                                   item["target_phone"], item["agency"])
        assert received_at[:10] == item["received_at"][:10] <= assigned_on == item["assigned_on"]
        assert linked == counted >= 4
    assert sorted(r[0] for r in rows.values()).count("filed") == 14
    texts = db.execute("SELECT text FROM complaints c JOIN leads l ON l.id = c.lead_id").fetchall()
    assert all(any(seed_lead["target_phone"][-4:] in text.replace("-", "").replace(" ", "")
                   for seed_lead in seed.values()) for (text,) in texts)
    assert audit.verify(db)["valid"]
    tables = ("complaints", "leads", "cases", "audit")
    before = {t: count(db, t) for t in tables}
    again = load_demo(db)
    assert set(again.values()) == {0} and {t: count(db, t) for t in tables} == before


# the demo's lead about a telecom operator's own number, referred to the communications administration
OPERATOR_LEAD = "394154df-81fa-535e-80df-771a21abbdc9"


def referral_letter(db, lead_id: str) -> list[str]:
    """The paragraphs of the 案件移送函 drafted for the lead, as its editor and `docs render` print it."""
    from workstation.documents.blocks import Paragraph
    from workstation.documents.drafts import find_form
    from workstation.leads_workflow import draft_lead_document

    draft = draft_lead_document(db, lead_id, find_form("case_transfer_letter"), {"contact_person": "陈志强"})
    return [block.text for block in draft.blocks if isinstance(block, Paragraph)]


def test_the_demo_letter_to_the_communications_administration_gives_the_operators_reason(read_demo_db):
    from workstation.leads_workflow import NEUTRAL_TRANSFER_REASON, TELECOM_TRANSFER_REASON

    lines = referral_letter(read_demo_db, OPERATOR_LEAD)
    assert "广东省通信管理局：" in lines
    assert "当事人：中国电信股份有限公司佛山分公司（统一社会信用代码：" in "".join(lines)
    assert TELECOM_TRANSFER_REASON in lines and NEUTRAL_TRANSFER_REASON not in lines


def test_the_whole_demo_keeps_the_operators_lead_as_registered_by_hand_with_its_complaints(db, database_template):
    # screening never takes an operator for a business: the lead is the one an officer registered, which its
    # complaints join (their count and dates), its party and words kept
    import sqlite3

    from workstation.leads_workflow import TELECOM_TRANSFER_REASON

    # the whole demo as ``load_demo(db)`` leaves it: the "full" template (conftest.py), made by that very call once a
    # worker for all the tests that copy it, instead of importing and screening the 13,543 complaints again here
    source = sqlite3.connect(f"file:{database_template('full')}?mode=ro", uri=True)
    try:
        source.backup(db.conn)
    finally:
        source.close()
    target, status, count_ = db.execute(
        "SELECT target_name, status, complaint_count FROM leads WHERE id = ?", [OPERATOR_LEAD]
    ).fetchone()
    assert (target, status) == ("中国电信股份有限公司佛山分公司", "referred") and count_ >= 4
    assert TELECOM_TRANSFER_REASON in referral_letter(db, OPERATOR_LEAD)
