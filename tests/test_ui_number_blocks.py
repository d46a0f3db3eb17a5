"""The exchange page's number blocks (号段) tab: a station sees the blocks it holds and enters the one headquarters
gave it (the checks of `numbers add-block`, a refusal changing nothing); headquarters sees the blocks it
allocated, and is sent to `numbers allocate` instead of the station's button."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.helpers import build_station_and_hq, copy_station_and_hq, open_db, run_json
from ui.exchange_page import ExchangePage
from ui.task_runner import ImmediateRunner

pytestmark = pytest.mark.gui

YEAR = dt.date.today().year


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return build_station_and_hq(tmp_path_factory.mktemp("blocks-template"))


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
                                          "南海区局 (this station)", "0 / 100", f"佛南市监处〔{YEAR}〕"]]
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


def test_headquarters_lists_the_blocks_it_allocated_and_is_sent_to_the_command_line(dirs, page, capsys, english):
    station = run_json(capsys, "--data-dir", dirs / "hq", "station", "trust", dirs / "station.card")["id"]
    run_json(capsys, "--data-dir", dirs / "hq", "numbers", "allocate", "--agency", "440605", "--type", "告",
             "--year", YEAR, "--from", 1, "--to", 20, "--station", station)
    _db, built = page(dirs / "hq")
    rows = _rows(built.blocks_model)
    assert [(r[1], r[3], r[4], r[5]) for r in rows] == [("告", "1–20", "南海区局", "0 / 20")]
    button = built.buttons["add_number_block"]
    assert not button.isEnabled() and "numbers allocate" in button.toolTip()


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
                                 officer_ids=demo.officer_ids))
    assert filed.case_number == f"佛南市监立〔{YEAR}〕101号"
    built.refresh()
    assert [(r[1], r[3], r[5]) for r in _rows(built.blocks_model)] == [("立", "101–102", "1 / 2")]
