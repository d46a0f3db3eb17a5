import re
from dataclasses import replace

import pytest

from tests.helpers import beijing_year
from tests.test_case_list_keeps_place import shown
from workstation.errors import NotFound, ValidationError, WorkstationError
from workstation.records import Case, Officer, Party
from workstation.store import (
    CaseFilter,
    agency_id_for_code,
    case_events,
    count_cases,
    create_case,
    find_case,
    get_case,
    get_party,
    list_cases,
    next_case_number,
    parties_of_case,
    save_officer,
    save_party,
    update_case,
)

NANHAI = agency_id_for_code("440605")
GUICHENG = agency_id_for_code("440605011")
CHANCHENG = agency_id_for_code("440604")
SHUNDE = agency_id_for_code("440606")
YEAR = beijing_year()


@pytest.fixture
def officers(db):
    return [save_officer(db, Officer(name=name, cert_no=cert, agency_id=NANHAI))
            for name, cert in (("陈志强", "44060512001"), ("黄丽娟", "44060512002"))]


@pytest.fixture
def party(db):
    return save_party(db, Party(name="佛山市南海区誉嘉房地产代理有限公司", uscc="91110000100017707H"))


@pytest.fixture
def new_case(db, officers, party):
    # entered as filed (立案): a case takes its 立 number when filed, never while 待立案 (tests/test_casenum_filing.py)
    def make(**changes):
        case = Case(case_number="", cause="涉嫌未经消费者同意发送商业性信息案", sector="real_estate",
                    agency_id=NANHAI, party_ids=[party.id], officer_ids=[o.id for o in officers],
                    violations=["unsolicited_commercial_messages"], status="investigating")
        return create_case(db, replace(case, **changes))

    return make


def all_cases(db):
    return list_cases(db, limit=1000)


def test_a_party_with_an_invalid_uscc_is_refused_naming_the_field(db, table_counts, english):
    before = table_counts(db)
    with pytest.raises(ValidationError) as refused:
        save_party(db, Party(name="佛山市某科技有限公司", uscc="91350100M000100Y4Z"))
    assert list(refused.value.errors) == ["uscc"]
    assert "unified social credit code" in refused.value.errors["uscc"]
    assert table_counts(db) == before


def test_a_person_with_a_bad_id_number_is_refused_naming_the_field(db, table_counts, english):
    before = table_counts(db)
    with pytest.raises(ValidationError) as refused:
        save_party(db, Party(name="朱子轩", kind="person", id_number="110105194912310021"))
    assert list(refused.value.errors) == ["id_number"]
    assert "check digit" in refused.value.errors["id_number"]
    assert table_counts(db) == before


def test_a_person_cannot_carry_a_uscc_and_every_bad_field_is_named(db, english):
    with pytest.raises(ValidationError) as refused:
        save_party(db, Party(name=" ", kind="person", uscc="91110000100017707H", phone="12345"))
    assert set(refused.value.errors) == {"name", "uscc", "phone"}
    assert "natural person has no unified social credit code" in refused.value.errors["uscc"]


def test_a_saved_party_is_stored_normalised_and_audited(db):
    saved = save_party(db, Party(name=" 朱子轩 ", kind="person", id_number="11010519491231002x",
                                 phone="+86 138-0013-8000"))
    stored = get_party(db, saved.id)
    assert (stored.name, stored.id_number, stored.phone) == ("朱子轩", "11010519491231002X", "13800138000")
    entry = db.execute("SELECT action, entity, actor FROM audit WHERE entity_id = ?", [saved.id]).fetchall()
    assert entry == [("create", "party", "tester")]


def test_a_new_case_gets_the_next_case_number_its_district_and_a_created_event(db, new_case, party):
    case = new_case()
    assert case.case_number == f"佛南市监立〔{YEAR}〕1号"
    assert case.district == "南海区"
    assert case.status == "investigating"
    assert case.party_names == party.name
    assert case.version == 1
    assert [p.name for p in parties_of_case(db, case.id)] == [party.name]
    events = case_events(db, case.id)
    assert [(e.kind, e.to_status, e.actor) for e in events] == [("created", "investigating", "tester")]
    audited = db.execute("SELECT action FROM audit WHERE entity = 'case' AND entity_id = ?", [case.id]).fetchall()
    assert audited == [("create",)]


def test_case_numbers_follow_the_pattern_and_town_offices_share_their_district_sequence(new_case):
    numbers = [new_case().case_number, new_case().case_number, new_case(agency_id=GUICHENG).case_number,
               new_case(agency_id=CHANCHENG).case_number]
    assert numbers == [f"佛南市监立〔{YEAR}〕1号", f"佛南市监立〔{YEAR}〕2号", f"佛南市监立〔{YEAR}〕3号",
                       f"佛禅市监立〔{YEAR}〕1号"]
    assert all(re.fullmatch(r"佛[禅南]市监立〔\d{4}〕\d+号", n) for n in numbers)


def test_a_case_number_is_never_reused_even_after_its_case_is_gone(db, new_case):
    new_case()
    last = new_case()
    db.execute("DELETE FROM cases WHERE id = ?", [last.id])
    assert new_case().case_number == f"佛南市监立〔{YEAR}〕3号"


def test_looking_at_the_next_number_does_not_consume_it(db, new_case):
    assert next_case_number(db, NANHAI) == next_case_number(db, NANHAI) == f"佛南市监立〔{YEAR}〕1号"
    assert new_case().case_number == f"佛南市监立〔{YEAR}〕1号"


def test_the_next_number_skips_numbers_already_used_by_seeded_cases(demo_db):
    assert next_case_number(demo_db, NANHAI, 2026) == "佛南市监立〔2026〕10号"
    assert next_case_number(demo_db, SHUNDE, 2026) == "佛顺市监立〔2026〕10号"
    assert next_case_number(demo_db, NANHAI, 2027) == "佛南市监立〔2027〕1号"


def test_an_explicit_case_number_is_kept_and_a_duplicate_refused(db, new_case, table_counts, english):
    case = new_case(case_number="佛南市监立〔2026〕88号")
    assert case.case_number == "佛南市监立〔2026〕88号"
    before = table_counts(db)
    with pytest.raises(ValidationError) as refused:
        new_case(case_number="佛南市监立〔2026〕88号")
    assert refused.value.errors == {"case_number": "Case number 佛南市监立〔2026〕88号 is already used by another case."}
    assert table_counts(db) == before


def test_an_invalid_case_is_refused_with_every_bad_field(db, new_case, table_counts, english):
    before = table_counts(db)
    with pytest.raises(ValidationError) as refused:
        new_case(cause=" ", sector="gambling", party_ids=[], fine_fen=-100, lead_received_on="2026-03-10",
                 filed_on="2026-03-01", decided_on="2026-02-30", violations=["spam"])
    errors = refused.value.errors
    assert set(errors) == {"cause", "sector", "party_ids", "fine_fen", "filed_on", "decided_on", "violations"}
    assert "is before “Lead received” 2026-03-10" in errors["filed_on"]
    assert "not a date in the calendar" in errors["decided_on"]
    assert table_counts(db) == before


def test_editing_a_case_saves_the_fields_bumps_the_version_and_records_what_changed(db, new_case):
    case = new_case()
    # a date typed on the case (a step's date, such as the filing's, is the procedure action's)
    edited = update_case(db, replace(case, cause="涉嫌非法提供消费者个人信息案", fine_fen=5_000_000,
                                     lead_received_on="2026/3/1"))
    assert (edited.cause, edited.fine_fen, edited.lead_received_on, edited.version) == (
        "涉嫌非法提供消费者个人信息案", 5_000_000, "2026-03-01", 2)
    assert get_case(db, case.id) == edited
    last = case_events(db, case.id)[-1]
    assert last.kind == "edited"
    assert set(last.note.split(", ")) == {"cause", "fine_fen", "lead_received_on"}
    actions = [r[0] for r in db.execute("SELECT action FROM audit WHERE entity_id = ? ORDER BY seq", [case.id])]
    assert actions == ["create", "update"]


def test_saving_over_a_newer_version_is_refused_and_keeps_the_other_edit(db, new_case, english):
    case = new_case()
    mine, theirs = get_case(db, case.id), get_case(db, case.id)
    update_case(db, replace(theirs, fine_fen=300_000))
    with pytest.raises(WorkstationError, match="was changed elsewhere since you opened it"):
        update_case(db, replace(mine, fine_fen=100_000))
    stored = get_case(db, case.id)
    assert (stored.fine_fen, stored.version) == (300_000, 2)


def test_the_status_cannot_be_edited_outside_the_procedure(db, new_case, english):
    case = new_case()
    with pytest.raises(WorkstationError, match="changes only through the procedure actions"):
        update_case(db, replace(case, status="closed"))
    assert get_case(db, case.id).status == "investigating"
    assert get_case(db, case.id).version == 1


def test_a_missing_case_is_not_found(db, english):
    with pytest.raises(NotFound, match="give a case id or case number"):
        find_case(db, "佛南市监立〔2026〕999号")


def test_find_case_accepts_the_case_number_or_the_id(demo_db):
    by_number = find_case(demo_db, "佛顺市监立〔2026〕5号")
    assert find_case(demo_db, by_number.id) == by_number
    assert by_number.fine_fen == 1_000_000 and by_number.confiscated_fen == 240_000


def test_renaming_a_party_updates_the_case_list_and_its_search(demo_db):
    case = find_case(demo_db, "佛禅市监立〔2026〕1号")
    party = get_party(demo_db, case.party_ids[0])
    assert party.name == "佛山市禅城区沐棠信息咨询服务有限公司"

    save_party(demo_db, replace(party, name="佛山市禅城区新澜信息科技有限公司"))

    row = next(r for r in all_cases(demo_db) if r.id == case.id)
    assert row.party_names == "佛山市禅城区新澜信息科技有限公司"
    assert [r.id for r in list_cases(demo_db, CaseFilter(search="新澜信息"))] == [case.id]
    assert [r.id for r in list_cases(demo_db, CaseFilter(search="新澜"))] == [case.id]
    for text in ("沐棠信息咨询", "沐棠"):
        # the old name is still in the cause (案由) written at filing, but no longer a party name
        found = list_cases(demo_db, CaseFilter(search=text))
        assert [(r.id, r.party_names) for r in found] == [(case.id, "佛山市禅城区新澜信息科技有限公司")]


def test_the_case_list_shows_totals_of_records_and_penalties(demo_db):
    row = next(r for r in all_cases(demo_db) if r.case_number == "佛禅市监立〔2026〕2号")
    assert (row.party_names, row.sector, row.district, row.status) == (
        "佛山市禅城区朔峰房地产代理有限公司", "real_estate", "禅城区", "closed")
    assert (row.records_total, row.penalties_fen, row.filed_on) == (587, 1_120_000, get_case(demo_db, row.id).filed_on)


@pytest.mark.parametrize(("flt", "expected"), [
    (CaseFilter(status="closed"), 26),
    (CaseFilter(status="investigating"), 2),
    (CaseFilter(sector="real_estate"), 19),
    (CaseFilter(sector="microloan"), 3),
    (CaseFilter(district="南海区"), 9),
    (CaseFilter(district="高明区"), 5),
    (CaseFilter(agency_id=NANHAI), 9),
    (CaseFilter(agency_id=GUICHENG), 3),
    (CaseFilter(agency_id=agency_id_for_code("440600")), 0),  # the city bureau's own: the demo's are the districts'
    (CaseFilter(sector="real_estate", district="顺德区", status="closed"), 3),
])
def test_the_case_list_filters(demo_db, flt, expected):
    rows = list_cases(demo_db, flt)
    assert len(rows) == count_cases(demo_db, flt) == expected
    for row in rows:
        assert flt.status in (None, row.status)
        assert flt.sector in (None, row.sector)
        assert flt.district in (None, row.district)


def test_the_agency_filter_includes_the_town_offices_under_a_district(demo_db):
    agencies = {r.agency_id for r in list_cases(demo_db, CaseFilter(agency_id=NANHAI))}
    assert agencies == {NANHAI, GUICHENG}


def test_the_city_bureau_filter_lists_its_own_cases_not_every_case_in_the_city(demo_db):
    city = CaseFilter(agency_id=agency_id_for_code("440600"))
    assert list_cases(demo_db, city) == [] and len(all_cases(demo_db)) == 36  # all agencies: the whole city


def test_the_case_list_sorts_by_any_column_both_ways(demo_db):
    by_number = [r.case_number for r in all_cases(demo_db)]
    assert by_number == sorted(by_number)
    by_penalty = list_cases(demo_db, CaseFilter(order_by="penalties_fen", descending=True))
    amounts = [shown(demo_db, r) for r in by_penalty]  # as the column shows them: decided, else proposed (拟)
    assert amounts == sorted(amounts, reverse=True)
    assert by_penalty[0].penalties_fen == 1_573_300
    by_records = [r.records_total for r in list_cases(demo_db, CaseFilter(order_by="records_total"))]
    assert by_records == sorted(by_records) and by_records[0] == 75
    assert by_records[-1] == 1207


def test_the_case_list_pages(demo_db):
    first = list_cases(demo_db, limit=20)
    second = list_cases(demo_db, limit=20, offset=20)
    assert len(first) == 20 and len(second) == 16
    assert {r.id for r in first}.isdisjoint({r.id for r in second})


@pytest.mark.parametrize("text", [
    "沐棠信息咨询",  # party name, FTS
    "房地产代理",  # part of many party names
    "佛南市监立〔2026〕5号",  # a whole case number
    "〔2026〕1号",  # the first case of every district
    "禅城",  # two characters: base table
    "朔",  # one character
    "5号",
    "9",
    "佛山",
])
def test_search_finds_exactly_the_cases_whose_number_party_or_cause_contain_the_text(demo_db, text):
    rows = all_cases(demo_db)
    expected = {r.case_number for r in rows if text in r.case_number or text in r.party_names or text in r.cause}
    found = {r.case_number for r in list_cases(demo_db, CaseFilter(search=text))}
    assert expected and found == expected
    assert count_cases(demo_db, CaseFilter(search=text)) == len(expected)


def test_search_by_case_number_finds_that_case(demo_db):
    found = list_cases(demo_db, CaseFilter(search="佛南市监立〔2026〕5号"))
    assert [r.case_number for r in found] == ["佛南市监立〔2026〕5号"]


def test_search_combines_with_filters_and_handles_quotes(demo_db):
    found = list_cases(demo_db, CaseFilter(search="〔2026〕1号", district="顺德区"))
    assert [r.case_number for r in found] == ["佛顺市监立〔2026〕1号"]
    assert list_cases(demo_db, CaseFilter(search='"佛山')) == []
    assert list_cases(demo_db, CaseFilter(search='" OR "')) == []


def test_new_ids_are_version_7_uuids_that_sort_by_time_and_do_not_repeat(monkeypatch):
    import time
    import uuid

    from workstation.records import new_id

    batch = [new_id() for _ in range(20_000)]
    assert len(set(batch)) == len(batch)
    parsed = [uuid.UUID(i) for i in batch]
    assert {(u.version, u.variant) for u in parsed} == {(7, uuid.RFC_4122)}
    stamps = [u.int >> 80 for u in parsed]  # the milliseconds in front
    assert stamps == sorted(stamps) and abs(stamps[-1] - time.time_ns() // 1_000_000) < 60_000
    monkeypatch.setattr(time, "time_ns", lambda: 1_796_000_000_000_000_000)
    later = new_id()
    monkeypatch.setattr(time, "time_ns", lambda: 1_796_000_000_001_000_000)
    assert new_id() > later  # one millisecond later sorts after, whatever the random part


def test_an_id_stream_gives_version_7_uuids_in_increasing_order(monkeypatch):
    import time
    import uuid

    from workstation.records import id_stream

    monkeypatch.setattr(time, "time_ns", lambda: 1_796_000_000_000_000_000)
    first = id_stream()
    batch = [next(first) for _ in range(20_000)]
    assert len(set(batch)) == len(batch) and batch == sorted(batch)
    parsed = [uuid.UUID(i) for i in batch]
    assert {(u.version, u.variant) for u in parsed} == {(7, uuid.RFC_4122)}
    assert {u.int >> 80 for u in parsed} == {1_796_000_000_000}
    assert next(id_stream()) not in batch  # another stream of the same millisecond: other random bits
    monkeypatch.setattr(time, "time_ns", lambda: 1_796_000_000_001_000_000)
    assert next(id_stream()) > batch[-1]  # one millisecond later sorts after, whatever the random part
