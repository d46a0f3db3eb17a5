"""Officers moved or deactivated while they hold open cases (audit of session 59): the documents name the officers
of the case's agency, the officers' register asks before moving an officer of open cases, the case's tab marks one
who left or moved, the deadline board's command finds a deactivated officer (and one named by their certificate
number as written on the card), the former 文号 abbreviations are kept once each, and a station whose agency
changes is told of the officers it leaves at the old one."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from PySide6.QtWidgets import QGroupBox, QLabel

from tests.conftest import ScriptedPrompts
from tests.helpers import open_db, run, run_json
from workstation.formkit.values import case_context
from workstation.i18n import _
from workstation.records import Officer
from workstation.store import (
    agency_id_for_code,
    get_case,
    get_officer,
    list_agencies,
    list_officers,
    save_officer,
    set_officer_active,
)

SHUNDE = "440606"


def moved(db, officer, code: str = SHUNDE):
    """``officer`` moved to the agency of ``code`` in the officers' register."""
    return save_officer(db, replace(officer, agency_id=agency_id_for_code(code)), loaded=officer)


# 1. the documents ------------------------------------------------------------------------------------------

def test_documents_leave_an_officer_moved_to_another_bureau_after_those_of_the_cases_agency(db, officers,
                                                                                           make_case):
    third = save_officer(db, Officer(name="霍国栋", cert_no="44060519414", agency_id=agency_id_for_code("440605")))
    case = make_case(status="investigating")
    case = get_case(db, case.id)
    from workstation.store import update_case

    update_case(db, replace(case, officer_ids=[officers["陈志强"].id, officers["黄丽娟"].id, third.id]))
    moved(db, officers["陈志强"])
    context = case_context(db, get_case(db, case.id))
    assert (context["officer1.name"], context["officer2.name"]) == ("黄丽娟", "霍国栋")
    assert context["officer2.cert_no"] == "44060519414"


def test_documents_keep_an_officer_moved_to_a_town_office_of_the_cases_bureau(db, officers, make_case):
    case = make_case(status="investigating")
    town = next(a for a in list_agencies(db) if a.level == "town" and a.parent_id == agency_id_for_code("440605"))
    moved(db, officers["陈志强"], town.code)
    context = case_context(db, get_case(db, case.id))
    assert (context["officer1.name"], context["officer2.name"]) == ("陈志强", "黄丽娟")  # the case's order kept


# 2. the officers' register and the case's tab ----------------------------------------------------------------

@pytest.mark.gui
def test_moving_an_officer_of_open_cases_asks_first(qtbot, db, officers, make_case):
    from ui.officers_dialog import OfficersDialog

    case = make_case(status="investigating")
    prompts = ScriptedPrompts()
    dialog = OfficersDialog(db, prompts)
    qtbot.addWidget(dialog)

    def move(name: str, code: str) -> None:
        dialog.table.selectRow(next(i for i, o in enumerate(dialog.model.records) if o.name == name))
        dialog.agency.setCurrentIndex(dialog.agency.findData(agency_id_for_code(code)))
        dialog.save_button.click()

    move("陈志强", SHUNDE)  # answered No
    assert len(prompts.confirmations) == 1
    asked = prompts.confirmations[0]
    assert "陈志强" in asked and case.case_number in asked
    assert get_officer(db, officers["陈志强"].id).agency_id == agency_id_for_code("440605")  # nothing moved

    prompts.confirm_answer = True
    move("陈志强", SHUNDE)
    assert get_officer(db, officers["陈志强"].id).agency_id == agency_id_for_code(SHUNDE)
    assert not prompts.errors

    move("新同事", SHUNDE)  # no open case: nothing to ask
    assert len(prompts.confirmations) == 2
    assert get_officer(db, officers["新同事"].id).agency_id == agency_id_for_code(SHUNDE)


@pytest.mark.gui
def test_the_cases_tab_marks_an_officer_who_left_or_moved(qtbot, db, data_dir, officers, make_case):
    from ui.case_workspace import CaseWorkspace

    case = make_case(status="investigating", officer_names=("陈志强", "黄丽娟", "新同事"))
    set_officer_active(db, officers["黄丽娟"].id, False)
    moved(db, officers["陈志强"])
    workspace = CaseWorkspace(db, case.id, ScriptedPrompts(), ask_transition=None, data_dir=data_dir)
    qtbot.addWidget(workspace)
    box = next(b for b in workspace.findChildren(QGroupBox) if b.title() == _("Officers"))
    lines = [label.text() for label in box.findChildren(QLabel)]
    shunde = next(a for a in list_agencies(db) if a.code == SHUNDE)
    assert lines[0] == _("{officer} — now of {agency}").format(officer=_(
        "{name} (enforcement certificate {cert})").format(name="陈志强", cert="44060512001"),
        agency=shunde.short_name or shunde.name)
    assert lines[1] == _("{officer} — left (deactivated)").format(officer=_(
        "{name} (enforcement certificate {cert})").format(name="黄丽娟", cert="44060512002"))
    assert lines[2] == _("{name} (enforcement certificate {cert})").format(
        name="新同事", cert=_("no enforcement certificate"))


# 3 and 5. the deadline board's command ---------------------------------------------------------------------------

@pytest.fixture
def demo_station(tmp_path, cli_station):
    return cli_station(tmp_path / "station", ["demo", "--without-complaints"])


def test_clocks_finds_a_deactivated_officer_with_open_cases(capsys, demo_station):
    db = open_db(demo_station)
    mo = next(o for o in list_officers(db) if o.name == "莫文辉")
    set_officer_active(db, mo.id, False)
    db.close()
    listed = run_json(capsys, "--data-dir", demo_station, "clocks", "--officer", "莫文辉")
    assert "佛顺市监立〔2026〕9号" in {d["case_number"] for d in listed}
    assert {d["case_number"] for d in listed} <= {"佛顺市监立〔2026〕9号", "佛顺市监立〔2026〕7号"}
    # by the certificate number too
    assert run_json(capsys, "--data-dir", demo_station, "clocks", "--officer", "44060618219") == listed
    # acting as them is still refused
    code, _out, err = run(capsys, "--data-dir", demo_station, "complaints", "correct", "X", "--related", "--reason",
                          "为何", "--officer", "莫文辉")
    assert code != 0 and "--officer" in err and "莫文辉" in err


def test_clocks_finds_an_officer_by_the_certificate_number_written_with_dashes(capsys, demo_station):
    by_number = run_json(capsys, "--data-dir", demo_station, "clocks", "--officer", "4406-0514-331")
    assert "佛南市监立〔2026〕9号" in {d["case_number"] for d in by_number}
    assert by_number == run_json(capsys, "--data-dir", demo_station, "clocks", "--officer", "罗建华")
    assert run_json(capsys, "--data-dir", demo_station, "clocks", "--officer", "粤４４０６０５１４３３１") == by_number


# 6. the former 文号 abbreviations ---------------------------------------------------------------------------

def test_former_doc_abbreviations_are_kept_once_each(capsys, demo_station):
    for abbrev in ("佛南甲", "佛南乙", "佛南丙"):
        run_json(capsys, "--data-dir", demo_station, "station", "details", "--agency", "440605", "--doc-abbrev",
                 abbrev)
    db = open_db(demo_station)
    from workstation.store.agencies import FORMER_ABBREVS_KEY, former_doc_abbrevs
    from workstation.store.base import get_setting, set_setting

    stored = json.loads(get_setting(db, FORMER_ABBREVS_KEY))
    assert stored[agency_id_for_code("440605")] == ["佛南市监", "佛南甲", "佛南乙"]
    # one written many times before: read once each
    set_setting(db, FORMER_ABBREVS_KEY, json.dumps({agency_id_for_code("440605"): ["佛南市监"] * 8 + ["佛南甲"]}))
    assert former_doc_abbrevs(db) == {agency_id_for_code("440605"): ["佛南市监", "佛南甲"]}
    db.close()


# 7. the station's agency changed -------------------------------------------------------------------------

def test_changing_the_stations_agency_names_the_officers_left_at_the_old_one(capsys, tmp_path, cli_station):
    station = cli_station(tmp_path / "station", ["demo", "--without-complaints"], ["init", "--agency", "440605"])
    code, out, err = run(capsys, "--data-dir", station, "init", "--agency", SHUNDE, "--change-agency")
    assert code == 0, err
    for name in ("霍国栋", "罗建华", "杨伟明", "罗展鹏", "黄少芬"):  # the bureau's and its town office's
        assert name in err
    assert "莫文辉" not in err  # already of the new one
    assert _("Enforcement officers") in err
    code, out, err = run(capsys, "--data-dir", station, "init", "--agency", "440605", "--change-agency", "--json")
    assert code == 0 and "莫文辉" in err and json.loads(out)["agency_changed"] == {"from": SHUNDE, "to": "440605"}
    # within one bureau (to its own town office) nobody is left
    db = open_db(station)
    town = next(a for a in list_agencies(db) if a.level == "town" and a.parent_id == agency_id_for_code("440605"))
    db.close()
    code, out, err = run(capsys, "--data-dir", station, "init", "--agency", town.code, "--change-agency")
    assert code == 0 and err == ""


@pytest.mark.gui
def test_changing_the_agency_in_the_window_names_the_officers_left(qtbot, db, data_dir, officers):
    from ui.exchange_page import ExchangePage
    from ui.task_runner import ImmediateRunner
    from workstation.station import ensure_station

    ensure_station(db, data_dir, name="南海站", agency_id=agency_id_for_code("440605"))
    prompts = ScriptedPrompts()
    prompts.confirm_answer = True
    page = ExchangePage(db, data_dir, prompts, ImmediateRunner())
    qtbot.addWidget(page)
    prompts.texts = ["南海站"]
    prompts.choices = [next(i for i, a in enumerate(list_agencies(db)) if a.code == SHUNDE)]
    page.rename_station()
    assert not prompts.errors
    said = "\n".join(prompts.infos)
    assert "陈志强" in said and "黄丽娟" in said


# 8. the final read's mends -------------------------------------------------------------------------------------

def test_a_station_leaving_the_city_bureau_names_only_the_city_bureaus_own_officers(capsys, tmp_path, cli_station):
    station = cli_station(tmp_path / "station", ["init", "--agency", "440600"], ["demo", "--without-complaints"])
    db = open_db(station)
    city = agency_id_for_code("440600")
    own = {o.name for o in list_officers(db) if o.agency_id == city}
    others = {o.name for o in list_officers(db) if o.agency_id != city} - own
    db.close()
    assert own and others
    code, out, err = run(capsys, "--data-dir", station, "init", "--agency", "440605", "--change-agency")
    assert code == 0, err
    assert all(name in err for name in own)
    assert not [name for name in others if name in err]  # 顺德's, 南海's… were never the city bureau's own


def test_many_officers_left_are_named_up_to_a_few(db, officers):
    from workstation.i18n import ngettext
    from workstation.store.agencies import LISTED_OFFICERS, get_agency, officers_left_at, officers_left_note

    for n in range(LISTED_OFFICERS):
        save_officer(db, Officer(name="何" + "一二三四五六七八九十百千"[n % 12] + "明华"[n // 12], cert_no=f"4406059{n:04d}",
                                 agency_id=agency_id_for_code("440605")))
    old, new = get_agency(db, agency_id_for_code("440605")), get_agency(db, agency_id_for_code(SHUNDE))
    left = officers_left_at(db, old.id, new.id)
    assert len(left) == LISTED_OFFICERS + 3
    note = officers_left_note(db, old, new)
    assert ngettext("{names}… ({n} officer in all)", "{names}… ({n} officers in all)", len(left)).format(
        names="、".join(o.name for o in left[:LISTED_OFFICERS]), n=len(left)) in note
    assert not [o.name for o in left[LISTED_OFFICERS:] if o.name in note]


@pytest.mark.gui
def test_moving_one_of_two_officers_says_the_documents_still_print_them_after_the_other(qtbot, db, officers,
                                                                                        make_case):
    from ui.officers_dialog import OfficersDialog
    from workstation.i18n import ngettext

    case = make_case(status="investigating")
    prompts = ScriptedPrompts()
    prompts.confirm_answer = True
    dialog = OfficersDialog(db, prompts)
    qtbot.addWidget(dialog)
    dialog.table.selectRow(next(i for i, o in enumerate(dialog.model.records) if o.name == "陈志强"))
    dialog.agency.setCurrentIndex(dialog.agency.findData(agency_id_for_code(SHUNDE)))
    dialog.save_button.click()
    (asked,) = prompts.confirmations
    assert ngettext(
        "{name} is named in {n} open case ({cases}) that officers of that agency do not handle: the case will no "
        "longer count them as one of its officers, and its documents print them only after its other officers on "
        "duty. Name another officer in it before its next step.",
        "{name} is named in {n} open cases ({cases}) that officers of that agency do not handle: the cases will no "
        "longer count them as one of their officers, and their documents print them only after their other "
        "officers on duty. Name another officer in each before its next step.", 1).format(
        name="陈志强", n=1, cases=case.case_number) in asked
    # what the documents do: the moved officer is still printed, after the other
    context = case_context(db, get_case(db, case.id))
    assert (context["officer1.name"], context["officer2.name"]) == ("黄丽娟", "陈志强")


def test_an_officer_who_left_registered_twice_is_refused_not_picked_at_random(db, officers):
    from workstation.errors import ValidationError
    from workstation.store import officer_named

    chen = officers["陈志强"]
    with db.atomic():  # the same officer held twice (two stations' bundles), both records since deactivated
        db.execute("INSERT INTO officers (id, name, cert_no, agency_id, active, updated_at) SELECT "
                   "'00000000-0000-0000-0000-000000000001', name, cert_no, agency_id, 1, updated_at FROM officers "
                   "WHERE id = ?", [chen.id])
    set_officer_active(db, chen.id, False)
    set_officer_active(db, "00000000-0000-0000-0000-000000000001", False)
    for text in (chen.cert_no, "陈志强"):
        with pytest.raises(ValidationError) as refused:
            officer_named(db, text, deactivated=True)
        message = str(refused.value)
        assert "陈志强" in message and message.count(chen.cert_no) == 1
        assert message == str(ValidationError({"officer": _(
            "{name} is registered twice with the same enforcement certificate number {cert}, and both records are "
            "deactivated: the two records are the same officer. Take one of them back on duty in the officers' "
            "register (Enforcement officers…, Take back on duty), then name the officer again.").format(
            name="陈志强", cert=chen.cert_no)}))
