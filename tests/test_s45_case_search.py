"""The case list's search and district filter: a party renamed at a station is found by its new name at
headquarters, a search of several words finds the cases holding each of them (a case number however written, a
phone number typed in groups), and a district given otherwise than as stored is read as it or refused."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.helpers import open_db, run, run_json, send_bundle
from workstation.errors import WorkstationError
from workstation.store import CaseFilter, count_cases, list_cases


def numbers(db, **kw) -> list[str]:
    return [r.case_number for r in list_cases(db, CaseFilter(**kw), 1000)]


def test_a_party_renamed_at_the_station_is_listed_and_found_by_its_new_name_at_headquarters(station_and_hq_dirs,
                                                                                           capsys):
    from workstation.store import save_party
    from workstation.store.parties import get_party
    from workstation.store.sort_keys import text_sort_key

    dirs = station_and_hq_dirs
    send_bundle(capsys, dirs, "one.bundle")
    station = open_db(dirs / "station")
    pid = station.execute("SELECT id FROM parties WHERE name = '朱子轩'").fetchone()[0]
    save_party(station, replace(get_party(station, pid), name="欧阳娜娜"))
    station.conn.close()
    send_bundle(capsys, dirs, "two.bundle")
    hq = open_db(dirs / "hq")
    try:
        rows = hq.execute("SELECT c.case_number, c.party_names, c.party_sort FROM cases c JOIN case_parties cp ON "
                          "cp.case_id = c.id WHERE cp.party_id = ?", [pid]).fetchall()
        assert rows == [("佛南市监立〔2026〕5号", "欧阳娜娜", text_sort_key("欧阳娜娜"))]
        for text in ("欧阳娜娜", "欧阳"):  # through the search index and through the table
            assert numbers(hq, search=text) == ["佛南市监立〔2026〕5号"]
        assert hq.execute("INSERT INTO cases_fts(cases_fts, rank) VALUES('integrity-check', 1)").fetchall() == []
    finally:
        hq.conn.close()
    found = run_json(capsys, "--data-dir", dirs / "hq", "cases", "list", "--search", "欧阳娜娜")
    assert [r["case_number"] for r in found] == ["佛南市监立〔2026〕5号"]


def test_a_search_of_several_words_finds_the_cases_holding_each_of_them(demo_db):
    both = set(numbers(demo_db, search="南海")) & set(numbers(demo_db, search="房地产"))
    assert both and set(numbers(demo_db, search="南海 房地产")) == both
    assert set(numbers(demo_db, search="  房地产　南海 ")) == both  # any spaces, full-width too
    # a word under three characters is looked for in the table, not the trigram index
    assert numbers(demo_db, search="南海 泊岸") == ["佛南市监立〔2026〕2号"]
    assert numbers(demo_db, search="泊岸 小额贷款") == ["佛南市监立〔2026〕2号"]
    assert numbers(demo_db, search="南海 不存在的词") == []


@pytest.mark.parametrize("text", ["佛南市监立 〔2026〕9号", "佛南市监立〔2026〕第9号", "佛南市监立〔2026〕09号",
                                  "佛南市监立（2026）第９号", "佛南市监立 (2026) 9号"])
def test_a_case_number_typed_as_find_case_takes_it_is_found(demo_db, text):
    from workstation.store import find_case

    assert find_case(demo_db, text.replace(" ", "")).case_number == "佛南市监立〔2026〕9号"
    assert numbers(demo_db, search=text) == ["佛南市监立〔2026〕9号"]


@pytest.fixture
def phoned(demo_db, officers):
    from workstation.records import Case, Party
    from workstation.store import agency_id_for_code, create_case, save_party

    party = save_party(demo_db, Party(name="张三（13800138000）", kind="person"))
    create_case(demo_db, Case(case_number="", cause="张三涉嫌非法提供个人信息案", sector="real_estate",
                              agency_id=agency_id_for_code("440605"), status="pending_filing", party_ids=[party.id],
                              officer_ids=[o.id for o in officers.values()][:2]))
    return demo_db


@pytest.mark.parametrize("text", ["13800138000", "138 0013 8000", "138-0013-8000", "１３８ ００１３ ８０００"])
def test_a_phone_number_typed_in_groups_is_found(phoned, text):
    assert [r.party_names for r in list_cases(phoned, CaseFilter(search=text))] == ["张三（13800138000）"]


def test_a_case_not_filed_is_found_by_its_words_never_by_its_mark(phoned):
    assert [r.party_names for r in list_cases(phoned, CaseFilter(search="未立案 张三"))] == ["张三（13800138000）"]
    assert [r.party_names for r in list_cases(phoned, CaseFilter(search="未立 非法提供"))] == ["张三（13800138000）"]
    assert numbers(phoned, search="立案· 张三") == []


@pytest.mark.parametrize("given", ["南海区", "南海", "佛山市南海区", " 南海 "])
def test_a_district_named_short_or_with_its_city_lists_its_cases(demo_db, given):
    nanhai = count_cases(demo_db, CaseFilter(district="南海区"))
    assert nanhai > 3
    assert count_cases(demo_db, CaseFilter(district=given)) == nanhai
    assert len(list_cases(demo_db, CaseFilter(district=given), 1000)) == nanhai


@pytest.mark.parametrize("given", ["nanhai", "南山区", "桂城"])
def test_an_unknown_district_is_refused_naming_it_and_the_districts(demo_db, given):
    for call in (count_cases, list_cases):
        with pytest.raises(WorkstationError) as refused:
            call(demo_db, CaseFilter(district=given))
        assert given in str(refused.value) and "南海区" in str(refused.value) and "禅城区" in str(refused.value)


def test_the_command_line_refuses_an_unknown_district_with_exit_1(demo_db, data_dir, capsys):
    demo_db.conn.close()
    code, out, err = run(capsys, "--data-dir", data_dir, "cases", "list", "--district", "nanhai")
    assert code == 1 and out == "" and "nanhai" in err and "南海区" in err
    shown = run_json(capsys, "--data-dir", data_dir, "cases", "list", "--district", "南海")
    assert shown and {r["district"] for r in shown} == {"南海区"}
