"""The case list's sort orders and short searches: case numbers naturally (〔2026〕9号 before 〔2026〕10号), statuses in
procedural order, sectors in the vocabulary's, each served by an index (m025); a search of one or two characters
takes % and _ literally, and one of three or more with quotes or FTS operators finds nothing rather than failing."""

from __future__ import annotations

import json

import pytest

from tests.helpers import open_db
from workstation.records import Case, Party
from workstation.store import CaseFilter, agency_id_for_code, create_case, list_cases, save_party
from workstation.store.cases import NUMBER_ORDER, case_order_indexes, list_cases_sql
from workstation.vocabulary import labels

NUMBERS = ["佛南市监立〔2026〕10号", "佛顺市监立〔2026〕3号", "佛南市监立〔2026〕2号", "佛南市监立〔2025〕11号",
           "佛南市监立[2026]5号", "佛南市监立〔2026〕1号"]
# a number typed with other brackets sorts beside the ones in 〔〕 (by its own brackets' text), not among them
NATURAL = ["佛南市监立[2026]5号", "佛南市监立〔2025〕11号", "佛南市监立〔2026〕1号", "佛南市监立〔2026〕2号",
           "佛南市监立〔2026〕10号", "佛顺市监立〔2026〕3号"]


@pytest.fixture
def numbered(db):
    """Cases stored under the numbers of NUMBERS (one with square brackets, as an earlier version stored a number typed
    so: the store now writes its year in 〔〕)."""
    party = save_party(db, Party(name="佛山市南海区誉嘉房地产代理有限公司", uscc="91512081MA62K0260E"))
    causes = {"佛南市监立〔2026〕2号": "涉嫌发送100%中奖短信案", "佛南市监立〔2026〕1号": "涉嫌泄露客户_名单案"}
    for number in NUMBERS:
        case = create_case(db, Case(case_number=number, cause=causes.get(number, "涉嫌未经同意发送商业性信息案"),
                                    sector="real_estate", agency_id=agency_id_for_code("440605"), party_ids=[party.id],
                                    status="investigating"))  # a case not filed takes no typed number
        if case.case_number != number:
            db.execute("UPDATE cases SET case_number = ? WHERE id = ?", [number, case.id])
    return db


def numbers(db, **filters) -> list[str]:
    return [r.case_number for r in list_cases(db, CaseFilter(**filters))]


def test_case_numbers_sort_by_agency_year_and_serial_as_a_number_both_ways(numbered):
    assert numbers(numbered) == NATURAL
    assert numbers(numbered, descending=True) == NATURAL[::-1]


def top_level_plan(db, flt: CaseFilter) -> list[str]:
    sql, params = list_cases_sql(flt, 200, 0)
    return [row[3] for row in db.execute("EXPLAIN QUERY PLAN " + sql, params) if row[1] == 0]


@pytest.mark.parametrize(("flt", "index"), [
    (CaseFilter(), "cases_number_order"),
    (CaseFilter(descending=True), "cases_number_order"),
    (CaseFilter(order_by="status"), "cases_status_order"),
    (CaseFilter(order_by="sector", descending=True), "cases_sector_order"),
    (CaseFilter(status="closed"), "cases_status_number"),
    (CaseFilter(sector="education", descending=True), "cases_sector_number"),
    (CaseFilter(district="南海区"), "cases_district_number"),
    (CaseFilter(order_by="district"), "cases_district_order"),
])
def test_each_sort_order_is_read_from_an_index_without_sorting(db, flt, index):
    plan = top_level_plan(db, flt)
    assert any(step.startswith("S") and f"USING INDEX {index}" in step for step in plan), plan
    assert not [step for step in plan if "TEMP B-TREE" in step], plan


def test_statuses_sort_in_procedural_order_and_sectors_in_the_vocabularys_whatever_the_language(demo_db, english):
    statuses, sectors = list(labels("statuses")), list(labels("sectors"))
    for descending in (False, True):
        rows = list_cases(demo_db, CaseFilter(order_by="status", descending=descending), limit=1000)
        ranks = [statuses.index(r.status) for r in rows]
        assert ranks == sorted(ranks, reverse=descending) and len(set(ranks)) > 3
        rows = list_cases(demo_db, CaseFilter(order_by="sector", descending=descending), limit=1000)
        ranks = [sectors.index(r.sector) for r in rows]
        assert ranks == sorted(ranks, reverse=descending) and len(set(ranks)) > 2
    assert statuses[0] == "pending_filing" and statuses[-2:] == ["closed", "archived"]


def test_within_one_status_the_cases_follow_their_numbers_naturally(numbered):
    assert numbers(numbered, order_by="status") == NATURAL
    assert numbers(numbered, order_by="sector", descending=True) == NATURAL[::-1]


@pytest.mark.parametrize(("text", "expected"), [
    ("%", ["佛南市监立〔2026〕2号"]), ("_", ["佛南市监立〔2026〕1号"]), ("0%", ["佛南市监立〔2026〕2号"]),
    ("户_", ["佛南市监立〔2026〕1号"]), ("\\", []), ("%_", []),
])
def test_a_short_search_takes_percent_and_underscore_literally(numbered, text, expected):
    assert numbers(numbered, search=text) == expected


@pytest.mark.parametrize("text", ['"""', '" *', "***", "-10", "AND", "a OR", "NOT", '"a"*', "(a)", "^10"])
def test_a_search_with_quotes_or_fts_operators_finds_no_case_and_raises_nothing(numbered, text):
    assert numbers(numbered, search=text) == []


def test_a_three_character_search_with_an_fts_operator_finds_the_literal_text(numbered):
    assert numbers(numbered, search="100%") == ["佛南市监立〔2026〕2号"]


def test_a_database_of_the_version_before_gets_the_order_indexes_and_sorts_naturally(numbered, data_dir):
    made = [statement.split()[2] for statement in case_order_indexes()]
    with numbered.atomic():
        for name in made:
            numbered.execute(f"DROP INDEX {name}")
        numbered.execute("CREATE INDEX cases_status ON cases(status, case_number)")
        numbered.execute("DELETE FROM _sqlite_migrations WHERE name = 'm025_case_list_order'")
    assert numbers(numbered) == NATURAL  # the ORDER BY alone is right, sorted without an index
    numbered.conn.close()
    db = open_db(data_dir)  # m025 runs
    try:
        indexes = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert set(made) <= indexes and "cases_status" not in indexes
        assert numbers(db) == NATURAL
        assert any("cases_number_order" in step for step in top_level_plan(db, CaseFilter()))
    finally:
        db.conn.close()


def test_a_number_written_without_a_year_sorts_first_by_its_length_then_as_text(db):
    rows = ["12", "9", "立字第3号", "〔2026〕2号"]
    got = [r[0] for r in db.execute(f"SELECT value FROM json_each(?) ORDER BY "
                                    f"{', '.join(NUMBER_ORDER).replace('case_number', 'value')}",
                                    [json.dumps(rows)])]
    assert got == ["9", "12", "立字第3号", "〔2026〕2号"]


@pytest.mark.gui
def test_a_saved_header_state_is_widened_where_a_header_grew_and_keeps_wider_columns(make_window, demo_db):
    from PySide6.QtCore import Qt

    first = make_window(demo_db)
    header = first.case_list.table.horizontalHeader()
    header.resizeSection(7, 30)  # as a version with a shorter header let the user leave 涉案信息（条）
    header.resizeSection(1, 400)  # the party column made wide by the user
    header.setSortIndicator(5, Qt.SortOrder.DescendingOrder)
    state = header.saveState()
    first.settings.setValue("cases/header", state)
    first.settings.sync()

    page = make_window(demo_db).case_list  # reads the state saved above
    restored = page.table.horizontalHeader()
    assert restored.sectionSizeHint(7) > 30
    assert restored.sectionSize(7) == restored.sectionSizeHint(7)
    assert restored.sectionSize(1) == 400
    assert (restored.sortIndicatorSection(), restored.sortIndicatorOrder()) == (5, Qt.SortOrder.DescendingOrder)
    assert page.model.case_filter.order_by == "status" and page.model.case_filter.descending
    assert not page.restore_header(b"not a header state")
    assert restored.sectionSize(1) == 400
