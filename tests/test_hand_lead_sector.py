"""A lead registered by hand (线索 → 登记线索…, ``leads add``) starts in the sector the screening rules suggest for its
description — the sector screening gives a complaint of the same text — shown as suggested in the dialog until the
officer chooses one, and the case opened on it starts in that sector. A sector the officer chose stays when the
description is corrected; a suggested one follows it. The sector is stored with the lead: headquarters holds the
station's value whatever its own rules say, and the hand-out brings it back without a conflict."""

from dataclasses import replace

import pytest

from tests.helpers import open_db, run, run_json
from tests.test_bundle_hq import dirs, export, import_, take_headquarters_card, template  # noqa: F401
from ui.lead_dialog import LeadDialog
from workstation.i18n import _
from workstation.leads_register import LeadEntry, edit_lead, lead_entry, register_lead
from workstation.leads_workflow import file_case_from_lead, get_lead_row
from workstation.paths import resource
from workstation.screening import screen_complaint
from workstation.store import agency_id_for_code, get_case
from workstation.store.base import set_setting

NANHAI = "440605"
HOUSES = "某楼盘销售人员反复来电推销，要求停止骚扰"
DECORATORS = "某装修公司天天打电话推销家装"
NUMBER = "13800138000"


@pytest.fixture
def station_db(db):
    set_setting(db, "station_agency", agency_id_for_code(NANHAI))
    return db


def hand_lead(db, description=HOUSES, **typed) -> dict:
    entry = LeadEntry(
        source="report", received_at="2026-03-02 10:00", description=description, target_phone=NUMBER, **typed
    )
    return get_lead_row(db, register_lead(db, entry).id)


def test_a_hand_lead_takes_the_sector_screening_gives_its_text_and_its_case_starts_there(station_db):
    lead = hand_lead(station_db)
    assert lead["sector"] == "real_estate"
    assert screen_complaint(HOUSES).sector == lead["sector"]  # a complaint of the same text: the same sector
    case = file_case_from_lead(station_db, lead["id"])
    assert get_case(station_db, case.id).sector == "real_estate"  # not 其他


def test_a_sector_chosen_is_kept_and_a_text_naming_no_sector_suggests_none(station_db):
    assert hand_lead(station_db, sector="other")["sector"] == "other"
    assert hand_lead(station_db, description="群众来信反映被骚扰")["sector"] == ""
    case = file_case_from_lead(station_db, hand_lead(station_db, sector="education")["id"])
    assert case.sector == "education"


def test_a_corrected_description_moves_a_suggested_sector_but_not_a_chosen_one(station_db):
    suggested, chosen = hand_lead(station_db), hand_lead(station_db, sector="microloan")
    row, changed = edit_lead(
        station_db, suggested["id"], replace(lead_entry(suggested, db=station_db), description=DECORATORS)
    )
    assert row["sector"] == "decoration" and sorted(changed) == ["description", "sector"]
    row, changed = edit_lead(
        station_db, chosen["id"], replace(lead_entry(chosen, db=station_db), description=DECORATORS)
    )
    assert row["sector"] == "microloan" and changed == ["description"]


def test_a_sector_outside_the_list_is_refused_at_its_field(station_db, english):
    from workstation.errors import ValidationError

    before = station_db.execute("SELECT COUNT(*) FROM leads").fetchone()[0]
    with pytest.raises(ValidationError) as refused:
        hand_lead(station_db, sector="housing")
    assert list(refused.value.errors) == ["sector"] and "房地产租售" in refused.value.errors["sector"]
    assert station_db.execute("SELECT COUNT(*) FROM leads").fetchone()[0] == before


# ---- the dialog -----------------------------------------------------------------------------------------------------


def test_the_dialog_suggests_the_sector_as_the_description_is_typed_until_one_is_chosen(
    station_db, prompts, qtbot
):
    from PySide6.QtCore import Qt

    dialog = LeadDialog(station_db, prompts)
    qtbot.addWidget(dialog)
    dialog.source.setCurrentIndex(dialog.source.findData("report"))
    assert dialog.sector.currentData() == ""
    assert dialog.sector_note.text() == _(
        "No sector suggested by the description: choose one if you know it."
    )
    dialog.description.setPlainText(HOUSES)
    assert dialog.sector.currentData() == "real_estate"
    assert dialog.sector_note.text() == _("Suggested from the description: choose another if it is wrong.")
    dialog.description.setPlainText(DECORATORS)
    assert dialog.sector.currentData() == "decoration"  # it follows the description
    qtbot.keyClick(dialog.sector, Qt.Key.Key_Down)  # the officer picks the next one: 小贷金融
    assert dialog.sector.currentData() == "microloan"
    assert dialog.sector_note.text() == _("Chosen: a corrected description does not change it.")
    dialog.description.setPlainText(HOUSES + "，称可办理首付分期")
    assert dialog.sector.currentData() == "microloan"  # the choice stays
    dialog.save()
    assert dialog.saved.sector == "microloan"


def test_the_edit_dialog_keeps_a_chosen_sector_and_moves_a_suggested_one(station_db, prompts, qtbot):
    chosen = LeadDialog(station_db, prompts, lead=hand_lead(station_db, sector="other"))
    qtbot.addWidget(chosen)
    assert chosen.sector.currentData() == "other"
    assert chosen.sector_note.text() == _("Chosen: a corrected description does not change it.")
    chosen.description.setPlainText(DECORATORS)
    chosen.save()
    assert (chosen.saved.sector, chosen.changed) == ("other", ["description"])
    suggested = LeadDialog(station_db, prompts, lead=hand_lead(station_db))
    qtbot.addWidget(suggested)
    assert suggested.sector.currentData() == "real_estate"
    assert suggested.sector_note.text() == _("Suggested from the description: choose another if it is wrong.")
    suggested.description.setPlainText(DECORATORS)
    assert suggested.sector.currentData() == "decoration"
    suggested.save()
    assert suggested.saved.sector == "decoration" and sorted(suggested.changed) == ["description", "sector"]


# ---- the command line and headquarters ---------------------------------------------------------------------------


def test_leads_add_says_the_sector_suggested_and_takes_the_one_given(tmp_path, capsys, english):
    data = tmp_path / "station"
    assert run(capsys, "--data-dir", data, "init", "--plaintext", "--agency", NANHAI)[0] == 0
    adding = ("--data-dir", data, "leads", "add", "--source", "report", "--received", "2026-03-02 10:00",
              "--description", HOUSES)
    code, out, _err = run(capsys, *adding)
    assert code == 0 and "Sector: " in out and "suggested from the description" in out
    given = run_json(capsys, *adding, "--sector", "其他")
    assert given["sector"] == "other"
    edited = run_json(capsys, "--data-dir", data, "leads", "edit", given["id"], "--sector", "education")
    assert (edited["sector"], edited["changed"]) == ("education", ["sector"])


def test_headquarters_holds_the_stations_sector_whatever_its_own_rules_say(capsys, dirs):  # noqa: F811
    station, hq = dirs / "shunde", dirs / "hq"
    take_headquarters_card(capsys, dirs)
    lead = run_json(
        capsys,
        "--data-dir",
        station,
        "leads",
        "add",
        "--source",
        "report",
        "--received",
        "2026-03-01T09:00",
        "--description",
        HOUSES,
        "--target-phone",
        NUMBER,
    )
    assert lead["sector"] == "real_estate"
    # headquarters' officers edited its screening rules: 楼盘 is no sector word there
    rules = resource("screening", "rules.toml").read_text(encoding="utf-8")
    assert rules.count('"楼盘", ') == 1
    (hq / "screening").mkdir(exist_ok=True)
    (hq / "screening" / "rules.toml").write_text(rules.replace('"楼盘", ', ""), encoding="utf-8")
    export(capsys, dirs, "shunde", "s1.bundle")
    assert import_(capsys, dirs, "s1.bundle")["conflicts"] == 0
    db = open_db(hq)
    assert db.execute("SELECT sector FROM leads WHERE id = ?", [lead["id"]]).fetchone()[0] == "real_estate"
    db.conn.close()
    export(capsys, dirs, "hq", "h1.bundle", "--all")
    assert import_(capsys, dirs, "h1.bundle", at="shunde")["conflicts"] == 0
