# ruff: noqa: F811 - the register fixture imported from test_register_import is used by name
"""A register imported at a town office's station files the rows of its own district under that office (not under
the district bureau); rows of another district go to that district's bureau with a warning naming the row. A district
bureau's station keeps its district's rows; headquarters files by district as before."""

from __future__ import annotations

from tests.test_register_import import FIRST_DATA_ROW, GOOD, register  # noqa: F401 - the fixture, used by name
from workstation.store import agency_id_for_code, get_case, list_cases
from workstation.store.base import set_setting

NANHAI, GUICHENG, SHUNDE = "440605", "440605011", "440606"


def _agencies(db) -> dict[str, str]:
    return {r.case_number: get_case(db, r.id).agency_id for r in list_cases(db, limit=1000)}


def test_a_town_office_station_files_its_districts_rows_under_itself_and_warns_of_other_districts(
        db, register, english):
    from workstation.importing.register import import_register

    set_setting(db, "station_agency", agency_id_for_code(GUICHENG))
    result = import_register(db, register())
    agencies = _agencies(db)
    assert agencies["佛南市监立〔2026〕101号"] == agency_id_for_code(GUICHENG)  # 南海区: the station's own case
    assert agencies["佛顺市监立〔2026〕101号"] == agency_id_for_code(SHUNDE)  # another district: its bureau
    nanhai = get_case(db, next(r.id for r in list_cases(db) if r.case_number == "佛南市监立〔2026〕101号"))
    assert nanhai.district == "南海区"
    district_warnings = {w["row"]: w["message"] for w in result.warnings if w["field"] == "所属区"}
    # rows 2, 3 and 4 of the register (顺德, 祖庙街道, 高明区) are of other districts; row 1 (南海区) is not warned of
    assert sorted(district_warnings) == [FIRST_DATA_ROW + 1, FIRST_DATA_ROW + 2, FIRST_DATA_ROW + 3]
    assert district_warnings[FIRST_DATA_ROW + 1] == (
        "顺德 is not in 南海区, the district of this station's agency 桂城所: the case is filed under 顺德区局, "
        "not under 桂城所.")
    # the number prefix 佛南市监 is the town office's own (its district bureau's): no prefix warning for row 1
    assert not [w for w in result.warnings if w["row"] == FIRST_DATA_ROW]


def test_a_district_station_keeps_its_districts_rows_and_headquarters_files_by_district(db, register, english):
    from workstation.importing.register import import_register

    set_setting(db, "station_agency", agency_id_for_code(NANHAI))
    result = import_register(db, register(rows=GOOD[:2]))
    assert _agencies(db) == {"佛南市监立〔2026〕101号": agency_id_for_code(NANHAI),
                             "佛顺市监立〔2026〕101号": agency_id_for_code(SHUNDE)}
    assert [w["row"] for w in result.warnings if w["field"] == "所属区"] == [FIRST_DATA_ROW + 1]


def test_with_no_agency_chosen_rows_are_filed_by_district_without_a_warning(db, register, english):
    from workstation.importing.register import import_register

    result = import_register(db, register())
    agencies = _agencies(db)
    assert agencies["佛南市监立〔2026〕101号"] == agency_id_for_code(NANHAI)
    assert agencies["佛顺市监立〔2026〕101号"] == agency_id_for_code(SHUNDE)
    assert not [w for w in result.warnings if w["field"] == "所属区"]
