# ruff: noqa: F811 - the register fixture imported from test_register_import is used by name
"""A case takes its 立 number when it is filed, not when it is entered 待立案 (REFERENCE §3.1): one not filed carries
none — the list and the workspace say 未立案, the command line gives null — and a 不予立案 case never takes one. The
date a case went to 法制审核 is labelled so; a decided warning alone shows 警告 in the case list, not ¥0.00; a
register row numbered 佛市监… is the city bureau's case where the installation works as the city bureau."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.helpers import beijing_year, run_json
from tests.test_register_import import register  # noqa: F401 - the fixture, used by name
from workstation.case_reference import UNFILED_MARK
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.penalty_terms import cases_warned_only
from workstation.procedure import apply
from workstation.store import agency_id_for_code, get_case, list_cases, next_case_number
from workstation.store.cases import update_case

NANHAI = "440605"
FACTS = "当事人未经消费者同意，向其发送商业性短信。"


def _row(db, case_id):
    return next(r for r in list_cases(db, limit=1000) if r.id == case_id)


# ---- 1. the 立 number is the filed case's ----------------------------------------------------------------------

def test_a_pending_case_carries_no_number_until_it_is_filed_and_then_takes_the_next_one(db, make_case):
    agency = agency_id_for_code(NANHAI)
    expected = next_case_number(db, agency)
    first, second = make_case(), make_case()  # two cases 待立案 side by side: neither holds a number
    assert (first.case_number, second.case_number, _row(db, first.id).case_number) == ("", "", "")
    assert next_case_number(db, agency) == expected  # none was used up by them
    filed = apply(db, second.id, "file")
    assert filed.case_number == expected and get_case(db, second.id).case_number == expected
    assert _row(db, second.id).case_number == expected
    head, serial = expected.split("〕")
    # the case entered first but filed second takes the number after: numbers run in the order of filing
    assert apply(db, first.id, "file").case_number == f"{head}〕{int(serial[:-1]) + 1}号"


def test_filing_takes_the_number_of_the_filing_year_in_the_agencys_sequence(db, make_case):
    agency = agency_id_for_code(NANHAI)
    case = make_case()
    filed = apply(db, case.id, "file", on_date="2026-03-02")
    assert filed.case_number == "佛南市监立〔2026〕1号"
    assert apply(db, make_case().id, "file", on_date="2026-03-03").case_number == "佛南市监立〔2026〕2号"
    assert next_case_number(db, agency, 2026) == "佛南市监立〔2026〕3号"


def test_a_case_not_filed_never_takes_a_number(db, make_case):
    case = make_case()
    declined = apply(db, case.id, "decline_filing", reason="不属于本局管辖")
    assert declined.status == "not_filed" and declined.case_number == ""
    # the table keeps the mark of a case not filed, unique to it, never a 立 number
    stored = db.execute("SELECT case_number FROM cases WHERE id = ?", [case.id]).fetchone()[0]
    assert stored == UNFILED_MARK + case.id and "立〔" not in stored
    # edited and saved again, it still needs none
    assert update_case(db, replace(declined, facts="经核查，不属于本局管辖。")).case_number == ""


def test_a_case_not_filed_and_closed_or_archived_takes_no_number_either(db, make_case):
    """Closing a 不予立案 case gave it the next 立 number (佛南市监立〔2026〕N号), and the next case filed took N+1."""
    case = make_case()
    agency, year = case.agency_id, beijing_year()
    apply(db, case.id, "decline_filing", reason="证据不足")
    following = next_case_number(db, agency, year)
    closed = apply(db, case.id, "close")
    assert closed.status == "closed" and closed.case_number == ""
    assert db.execute("SELECT case_number FROM cases WHERE id = ?", [case.id]).fetchone()[0] == UNFILED_MARK + case.id
    assert next_case_number(db, agency, year) == following  # no serial taken
    assert update_case(db, replace(closed, facts="经核查，证据不足，不予立案。")).case_number == ""  # edited: none needed


def test_a_case_entered_already_filed_is_numbered_at_once(db, make_case):
    case = make_case(status="investigating", filed_on="2026-03-02")
    assert case.case_number.startswith("佛南市监立〔")


def test_the_command_line_gives_null_for_a_case_not_filed_and_its_number_once_filed(capsys, cli_station, tmp_path):
    station = cli_station(tmp_path / "station", ["init", "--agency", NANHAI], ["demo", "--without-complaints"])
    from tests.helpers import open_db
    from workstation.records import Case

    db = open_db(station)
    try:
        demo = get_case(db, next(r.id for r in list_cases(db, limit=1000) if r.case_number.startswith("佛南")))
        from workstation.store import create_case

        case = create_case(db, Case(case_number="", cause="涉嫌未经消费者同意发送商业性信息案", sector="real_estate",
                                    agency_id=demo.agency_id, party_ids=demo.party_ids, officer_ids=demo.officer_ids))
    finally:
        db.conn.close()
    listed = run_json(capsys, "--data-dir", station, "cases", "list", "--status", "pending_filing")
    assert [c["case_number"] for c in listed if c["id"] == case.id] == [None]
    filed = run_json(capsys, "--data-dir", station, "cases", "transition", case.id, "file")
    assert filed["case_number"].startswith("佛南市监立〔")
    listed = run_json(capsys, "--data-dir", station, "cases", "list")
    assert [c["case_number"] for c in listed if c["id"] == case.id] == [filed["case_number"]]


# ---- 3. a warning decided alone -------------------------------------------------------------------------------

@pytest.fixture
def warned(db, data_dir, make_case):
    """A case decided with a warning alone (its 行政处罚决定书 in force imposes no fine or confiscation)."""
    case = make_case(status="penalty_decided", filed_on="2026-03-02", notice_served_on="2026-03-16",
                     decided_on="2026-04-01", facts=FACTS)
    issue_document(db, data_dir, case, find_form("penalty_decision"),
                   {"party_address": "佛山市南海区桂城街道南海大道北1号", "warning": True, "fine_fen": "",
                    "confiscated_fen": ""})
    return case


def test_the_cases_decided_with_a_warning_alone_are_found_in_one_query(db, data_dir, make_case, warned):
    fined = make_case(status="penalty_decided", filed_on="2026-03-02", notice_served_on="2026-03-16",
                      decided_on="2026-04-01", facts=FACTS)
    issue_document(db, data_dir, fined, find_form("penalty_decision"),
                   {"party_address": "佛山市南海区桂城街道南海大道北1号", "warning": True, "fine_fen": "5000"})
    undecided = make_case(status="investigating", filed_on="2026-03-02")
    assert cases_warned_only(db, [warned.id, fined.id, undecided.id]) == {warned.id}
    assert cases_warned_only(db, []) == set()


# ---- GUI: the case list and the workspace -----------------------------------------------------------------------

def _list_row(window, case_id):
    model = window.case_list.model
    model.refresh()
    return next(r for r in range(model.rowCount()) if model.case_id(r) == case_id)


def _cell(window, row, column):
    return window.case_list.model.index(row, column).data()


def test_the_case_list_shows_not_filed_a_warning_and_no_zero_amount(db, make_case, make_window, warned, english):
    from ui.case_model import PENALTY_COLUMN

    pending = make_case()
    window = make_window(db)
    row = _list_row(window, pending.id)
    assert (_cell(window, row, 0), _cell(window, row, PENALTY_COLUMN)) == ("not filed", "—")
    row = _list_row(window, warned.id)
    assert _cell(window, row, 0).startswith("佛南市监立〔") and _cell(window, row, PENALTY_COLUMN) == "warning"
    fined = make_case(status="penalty_decided", filed_on="2026-03-02", decided_on="2026-04-01", fine_fen=500_000)
    assert _cell(window, _list_row(window, fined.id), PENALTY_COLUMN) == "¥5,000.00"


def test_the_workspace_names_the_legal_review_date_and_a_case_not_filed(db, make_case, make_window, english):
    from PySide6.QtWidgets import QLabel

    reviewed = make_case(status="under_review", filed_on="2026-03-02", review_on="2026-03-20")
    window = make_window(db)
    workspace = window.open_case(reviewed.id)
    labels = [w.text() for w in workspace.findChildren(QLabel)]
    assert "Sent to case or legal review" in labels and "Sent to legal review" not in labels
    pending = window.open_case(make_case().id)
    assert "not filed" in pending.findChild(QLabel, "case_title").text()
    assert UNFILED_MARK not in window.case_tabs.tabText(window.case_tabs.indexOf(pending))


# ---- 4. a register row numbered 佛市监… ------------------------------------------------------------------------

CITY_ROW = ["佛市监立〔2026〕7号", "佛山市南海区誉嘉房地产代理有限公司", "91512081MA62K0260E", "南海区", "房地产租售",
            "涉嫌未经消费者同意发送商业性信息案", "未经同意发送商业性信息", "2026-03-02", "立案调查", "3,200", "", ""]


def test_a_city_numbered_register_row_is_the_city_bureaus_case_where_the_city_bureau_keeps_its_cases(
        db, register, english):
    from workstation.importing.register import import_register
    from workstation.station_role import city_bureau
    from workstation.store.base import set_setting

    set_setting(db, "station_agency", city_bureau(db))  # this installation works for the city bureau
    result = import_register(db, register(rows=[CITY_ROW]))
    case = get_case(db, next(r.id for r in list_cases(db) if r.case_number == "佛市监立〔2026〕7号"))
    assert (case.agency_id, case.district) == (city_bureau(db), "南海区")
    assert not [w for w in result.warnings if "佛市监" in w["message"]]


def test_a_city_numbered_register_row_at_a_district_station_is_warned_of_as_another_agencys_prefix(
        db, register, english):
    from workstation.importing.register import import_register
    from workstation.store.base import set_setting

    set_setting(db, "station_agency", agency_id_for_code(NANHAI))
    result = import_register(db, register(rows=[CITY_ROW]))
    case = get_case(db, next(r.id for r in list_cases(db) if r.case_number == "佛市监立〔2026〕7号"))
    assert case.agency_id == agency_id_for_code(NANHAI)
    assert any(w["message"].startswith("The case number begins with 佛市监") for w in result.warnings)


def test_a_warning_revoked_in_court_shows_revoked_in_the_list_and_the_header(qapp, db, data_dir, warned,
                                                                             make_window, english):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel

    from ui.case_model import MUTED, PENALTY_COLUMN, CaseTableModel
    from workstation import procedure
    from workstation.records import ClockEvent
    from workstation.store import CaseFilter
    from workstation.store.clock_events import record_clock_event

    procedure.apply(db, warned.id, "serve_decision", on_date="2026-04-02")
    record_clock_event(db, ClockEvent(case_id=warned.id, kind="litigation", starts_on="2026-04-10"))
    record_clock_event(db, ClockEvent(case_id=warned.id, kind="challenge_revoked", starts_on="2026-06-01",
                                      approved_by="（2026）粤0605行初3号"))
    revoked: set[str] = set()
    assert cases_warned_only(db, [warned.id], revoked) == set() and revoked == {warned.id}
    model = CaseTableModel(db)
    model.set_filter(CaseFilter())
    cell = model.index(model.row_of(warned.id), PENALTY_COLUMN)
    assert cell.data() == "revoked"
    assert cell.data(Qt.ItemDataRole.ForegroundRole) == MUTED
    assert "revoked on the party's reconsideration or lawsuit" in cell.data(Qt.ItemDataRole.ToolTipRole)
    workspace = make_window(db).open_case(warned.id)
    number = db.execute("SELECT number FROM documents WHERE case_id = ?", [warned.id]).fetchone()[0]
    assert workspace.findChild(QLabel, "penalties_total").text() == (
        f"a warning ({number}), revoked on the party's reconsideration or lawsuit")
