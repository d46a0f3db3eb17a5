"""The exchange page's number blocks (号段) tab: a station sees the blocks it holds and enters the one headquarters
gave it (the checks of `numbers add-block`, a refusal changing nothing); headquarters sees the blocks it
allocated, and is sent to `numbers allocate` instead of the station's button."""

from __future__ import annotations

import pytest

from tests.helpers import beijing_year, copy_station_and_hq, open_db, run_json
from ui.exchange_page import ExchangePage
from ui.task_runner import ImmediateRunner

pytestmark = pytest.mark.gui

YEAR = beijing_year()


@pytest.fixture(scope="module")
def template(station_and_hq_template):
    return station_and_hq_template()


@pytest.fixture
def dirs(template, tmp_path):
    return copy_station_and_hq(template, tmp_path)


@pytest.fixture
def page(qtbot, prompts):
    opened = []

    def make(data_dir):
        db = open_db(data_dir)
        opened.append(db)
        built = ExchangePage(db, data_dir, prompts, ImmediateRunner())
        qtbot.addWidget(built)
        return db, built

    yield make
    for db in opened:
        db.conn.close()


def _rows(model) -> list[list[str]]:
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def test_a_station_enters_its_block_and_sees_it_listed(dirs, page, prompts, english):
    db, built = page(dirs / "station")
    assert built.blocks_model.rowCount() == 0 and built.buttons["add_number_block"].isEnabled()
    from workstation.documents.number_blocks import known_type_codes
    from workstation.store import list_agencies

    agencies = list_agencies(db)
    nanhai = next(i for i, a in enumerate(agencies) if a.code == "440605")
    prompts.choices = [nanhai, known_type_codes().index("处")]
    prompts.texts = [str(YEAR), "101-200"]
    built.add_number_block()
    assert prompts.errors == []
    assert prompts.infos == [f"Number block stored: 佛南市监处〔{YEAR}〕101–200号."]
    assert _rows(built.blocks_model) == [[agencies[nanhai].name, "处", str(YEAR), "101–200",
                                          "南海区局 (this station)", "0 / 100", f"佛南市监处〔{YEAR}〕",
                                          "not signed in"]]
    assert db.execute("SELECT action, entity FROM audit ORDER BY seq DESC LIMIT 1").fetchone() == (
        "add_block", "number_block")
    # an overlapping block is refused with the command line's reason, nothing stored
    prompts.choices = [nanhai, known_type_codes().index("处")]
    prompts.texts = [str(YEAR), "150～160"]
    built.add_number_block()
    assert len(prompts.errors) == 1 and "150–160 overlaps the block 101–200" in prompts.errors[0]
    assert built.blocks_model.rowCount() == 1
    # serials that are no range are refused before anything is checked
    prompts.choices = [nanhai, known_type_codes().index("处")]
    prompts.texts = [str(YEAR), "一百"]
    built.add_number_block()
    assert prompts.errors[-1] == "Serials: give the first and the last serial of the block, e.g. 101-200."
    assert built.blocks_model.rowCount() == 1


def test_headquarters_lists_the_blocks_it_allocated_and_is_sent_to_its_own_button(dirs, page, capsys, english):
    station = run_json(capsys, "--data-dir", dirs / "hq", "station", "trust", dirs / "station.card")["id"]
    run_json(capsys, "--data-dir", dirs / "hq", "numbers", "allocate", "--agency", "440605", "--type", "告",
             "--year", YEAR, "--from", 1, "--to", 20, "--station", station)
    _db, built = page(dirs / "hq")
    rows = _rows(built.blocks_model)
    assert [(r[1], r[3], r[4], r[5]) for r in rows] == [("告", "1–20", "南海区局", "0 / 20")]
    button = built.buttons["add_number_block"]
    assert not button.isEnabled() and "“Allocate number block…”" in button.toolTip()
    assert built.buttons["allocate_number_block"].isEnabled()


def test_the_conflict_list_names_an_overlapping_block_in_words(english):
    from ui.merge_plan_model import field_label, table_label
    from workstation.bundle.tables import BLOCK_FIELD

    assert (table_label("number_blocks"), field_label(BLOCK_FIELD)) == ("Number blocks", "Overlapping number block")


def test_serials_out_of_order_are_refused_in_the_page_s_words(dirs, page, prompts, english):
    """The serials typed in the dialog are refused naming the dialog's field, not the command line's --from/--to."""
    db, built = page(dirs / "station")
    from workstation.documents.number_blocks import known_type_codes
    from workstation.store import list_agencies

    nanhai = next(i for i, a in enumerate(list_agencies(db)) if a.code == "440605")
    for serials in ("200-101", "0-5"):
        prompts.choices = [nanhai, known_type_codes().index("处")]
        prompts.texts = [str(YEAR), serials]
        built.add_number_block()
    assert prompts.errors == ["Serials: 200–101 ends before it starts: give the first serial, then the last, "
                              "e.g. 101-200.",
                              "Serials: a block starts at serial 1 or above, e.g. 101-200."]
    assert built.blocks_model.rowCount() == 0
    assert db.execute("SELECT COUNT(*) FROM number_blocks").fetchone()[0] == 0


def test_a_block_of_case_numbers_is_entered_and_listed_with_the_cases_filed_in_it(dirs, page, prompts, english):
    from workstation.documents.number_blocks import known_type_codes
    from workstation.records import Case
    from workstation.store import create_case, find_case, list_agencies

    db, built = page(dirs / "station")
    agencies = list_agencies(db)
    nanhai = next(i for i, a in enumerate(agencies) if a.code == "440605")
    prompts.choices = [nanhai, known_type_codes().index("立")]
    prompts.texts = [str(YEAR), "101-102"]
    built.add_number_block()
    assert prompts.errors == []
    demo = find_case(db, db.execute("SELECT id FROM cases LIMIT 1").fetchone()[0])
    filed = create_case(db, Case(case_number="", cause="涉嫌发送商业性信息案", sector="real_estate",
                                 agency_id=agencies[nanhai].id, party_ids=demo.party_ids,
                                 officer_ids=demo.officer_ids, status="investigating"))  # entered as filed
    assert filed.case_number == f"佛南市监立〔{YEAR}〕101号"
    built.refresh()
    assert [(r[1], r[3], r[5]) for r in _rows(built.blocks_model)] == [("立", "101–102", "1 / 2")]


def test_headquarters_allocates_a_block_to_a_station_picked_by_name_among_its_agencies(dirs, page, capsys, prompts,
                                                                                          english):
    run_json(capsys, "--data-dir", dirs / "hq", "station", "trust", dirs / "station.card")
    db, built = page(dirs / "hq")
    from workstation.documents.number_blocks import known_type_codes

    prompts.choices = [0, 0, known_type_codes().index("处")]
    prompts.texts = [str(YEAR), "1-20"]
    built.allocate_number_block()
    assert prompts.errors == []
    # the trusted station by name, then this installation (headquarters numbering inside a block of its own)
    assert prompts.offered[0] == ["Station", "南海区局（佛山市南海区市场监督管理局）", "佛山市局 (this installation)"]
    agencies = prompts.offered[1][1:]  # Nanhai's bureau (offered first) and its town offices only
    assert agencies[0] == "佛山市南海区市场监督管理局（440605）" and len(agencies) > 1
    assert all("（440605" in a for a in agencies)
    assert prompts.infos == [f"Number block allocated to 南海区局: 佛南市监处〔{YEAR}〕1–20号."]
    assert [(r[3], r[4], r[5]) for r in _rows(built.blocks_model)] == [("1–20", "南海区局", "0 / 20")]
    assert db.execute("SELECT action FROM audit WHERE entity = 'number_block'").fetchall() == [("allocate",)]
    # the command line's checks: an overlapping block is refused, nothing stored
    prompts.choices = [0, 0, known_type_codes().index("处")]
    prompts.texts = [str(YEAR), "10-30"]
    built.allocate_number_block()
    assert len(prompts.errors) == 1 and "10–30 overlaps the block 1–20" in prompts.errors[0]
    assert built.blocks_model.rowCount() == 1


def test_a_station_cannot_allocate_and_a_station_block_of_another_agency_is_refused(dirs, page, prompts, english):
    db, built = page(dirs / "station")
    button = built.buttons["allocate_number_block"]
    assert not button.isEnabled() and "“Add number block…”" in button.toolTip()
    from workstation.documents.number_blocks import known_type_codes
    from workstation.store import list_agencies

    shunde = next(i for i, a in enumerate(list_agencies(db)) if a.code == "440606")
    prompts.choices = [shunde, known_type_codes().index("处")]
    prompts.texts = [str(YEAR), "900-950"]
    built.add_number_block()
    assert len(prompts.errors) == 1 and "station 南海区局 works for 佛山市南海区市场监督管理局（440605）" in prompts.errors[0]
    assert db.execute("SELECT COUNT(*) FROM number_blocks").fetchone()[0] == 0


def test_the_officer_signed_in_is_shown_as_who_entered_the_block(dirs, page, prompts, english, monkeypatch):
    from workstation.documents.number_blocks import known_type_codes
    from workstation.store import list_agencies

    db, built = page(dirs / "station")
    officer = db.execute("SELECT name FROM officers WHERE active = 1 ORDER BY name LIMIT 1").fetchone()[0]
    monkeypatch.setenv("WORKSTATION_ACTOR", officer)  # as the login does (``security.access.act_as``)
    nanhai = next(i for i, a in enumerate(list_agencies(db)) if a.code == "440605")
    prompts.choices = [nanhai, known_type_codes().index("处")]
    prompts.texts = [str(YEAR), "1-9"]
    built.add_number_block()
    assert _rows(built.blocks_model)[0][-1] == officer


def test_headquarters_withdraws_the_chosen_block_once_confirmed(dirs, page, capsys, prompts, english):
    run_json(capsys, "--data-dir", dirs / "hq", "station", "trust", dirs / "station.card")
    for first, last in ((1, 20), (21, 40)):
        run_json(capsys, "--data-dir", dirs / "hq", "numbers", "allocate", "--agency", "440605", "--type", "处",
                 "--year", YEAR, "--from", first, "--to", last, "--station", "南海区局")
    db, built = page(dirs / "hq")
    assert not built.buttons["withdraw_number_block"].isEnabled()
    built.blocks_view.selectRow(1)
    assert built.buttons["withdraw_number_block"].isEnabled()
    built.withdraw_number_block()  # not confirmed: nothing changes
    assert prompts.confirmations == [f"Withdraw the number block 佛南市监处〔{YEAR}〕21–40号 of 南海区局? Its serials "
                                     "are no longer reserved for the station, and the next bundle carries the "
                                     "withdrawal."]
    assert built.blocks_model.rowCount() == 2
    prompts.confirm_answer = True
    built.withdraw_number_block()
    assert prompts.errors == [] and prompts.infos == [f"Number block withdrawn: 佛南市监处〔{YEAR}〕21–40号 of 南海区局."]
    assert [(r[3], r[4]) for r in _rows(built.blocks_model)] == [("1–20", "南海区局")]
    assert db.execute("SELECT action FROM audit WHERE entity = 'number_block' ORDER BY seq DESC LIMIT 1").fetchone() \
        == ("withdraw",)
