# ruff: noqa: F811 - the fixtures imported from test_bundle_hq are used by name
"""Headquarters at the end of the campaign month: a lead headquarters hands to one station while a third station's
bundle, made before it saw that decision, touches the same lead (the decision stands everywhere, the third
station's unrelated change is kept, only a field two parties changed differently is a conflict)."""

from __future__ import annotations

import contextlib
import gc
import json
import zipfile
from pathlib import Path

import pytest

from tests.helpers import copy_of, open_db, run, run_json
from tests.test_bundle_hq import (  # noqa: F401
    dirs,
    export,
    import_,
    take_headquarters_card,
    template,
)
from tests.test_bundle_undecided import _Output
from workstation.store import agency_id_for_code

SHUNDE, GUICHENG = "440606", "440605011"  # 桂城所: an office of 南海区局


def _lead(data_dir, lead_id) -> dict:
    db = open_db(data_dir)
    row = db.execute("SELECT a.code, l.status, l.assigned_on, l.description, l.extension_days FROM leads l "
                     "LEFT JOIN agencies a ON a.id = l.agency_id WHERE l.id = ?", [lead_id]).fetchone()
    db.conn.close()
    return dict(zip(("agency", "status", "assigned_on", "description", "extension_days"), row, strict=True))


def _assign(data_dir, lead_id, code, on="2026-03-05"):
    from workstation.leads_workflow import assign_lead
    from workstation.store import agency_id_for_code

    db = open_db(data_dir)
    assign_lead(db, lead_id, agency_id_for_code(code), on=on)
    db.conn.close()


def _describe(data_dir, lead_id, text):
    from workstation.store.leads import list_leads, save_lead

    db = open_db(data_dir)
    lead = next(item for item in list_leads(db) if item.id == lead_id)
    save_lead(db, type(lead)(**{**lead.__dict__, "description": text}))
    db.conn.close()


def _extend(data_dir, lead_id, days=15):
    from workstation.leads_workflow import extend_lead

    db = open_db(data_dir)
    extend_lead(db, lead_id, days, "2026-03-10", "张局长")
    db.conn.close()


def _conflicts(capsys, dirs, at) -> dict:
    return {c["field"]: (c["local"], c["incoming"])
            for c in run_json(capsys, "--data-dir", dirs / at, "bundle", "conflicts")}


def _handed_to_shunde(capsys, dirs) -> str:
    """Nanhai registers a lead and sends it (n1); headquarters hands everything out (h1, taken by both stations),
    hands the lead to Shunde (h2, taken by Shunde), which extends its verification period and reports back (s2,
    taken by headquarters: headquarters last shared the lead with Shunde). Returns the lead's id."""
    for station in ("nanhai", "shunde"):
        take_headquarters_card(capsys, dirs, station)
    lead = run_json(capsys, "--data-dir", dirs / "nanhai", "leads", "add", "--source", "report", "--received",
                    "2026-03-02T10:00", "--description", "某公司骚扰电话", "--party", "佛山市某公司")["id"]
    export(capsys, dirs, "nanhai", "n1.bundle")
    import_(capsys, dirs, "n1.bundle")
    export(capsys, dirs, "hq", "h1.bundle", "--all")
    for station in ("nanhai", "shunde"):
        assert import_(capsys, dirs, "h1.bundle", at=station)["conflicts"] == 0
    _assign(dirs / "hq", lead, SHUNDE)
    export(capsys, dirs, "hq", "h2.bundle")
    assert import_(capsys, dirs, "h2.bundle", at="shunde")["conflicts"] == 0
    _extend(dirs / "shunde", lead)
    export(capsys, dirs, "shunde", "s2.bundle")
    assert import_(capsys, dirs, "s2.bundle")["conflicts"] == 0
    return lead


@pytest.fixture(scope="module")
def handed(template, tmp_path_factory) -> tuple[Path, str]:
    """(folder, lead id): ``template``'s folders after ``_handed_to_shunde``, made once for the module (its checks
    run there), copied by ``handed_to_shunde`` for each test."""
    root = copy_of(template, tmp_path_factory.mktemp("handed-to-shunde"))
    output = _Output()
    with contextlib.redirect_stdout(output.out), contextlib.redirect_stderr(output.err):
        lead = _handed_to_shunde(output, root)
    gc.collect()
    return root, lead


@pytest.fixture
def handed_to_shunde(handed, tmp_path) -> tuple[Path, str]:
    """(folders, lead id): a copy of ``handed``, as ``dirs`` is of ``template``."""
    root, lead = handed
    return copy_of(root, tmp_path), lead


def _nanhai_edits(capsys, dirs, lead, **nanhai_edit) -> str:
    """After ``_handed_to_shunde``: Nanhai, not having taken h2, edits the lead and sends n2; headquarters hands out
    again (h3) before importing n2. Returns the lead's id."""
    if "description" in nanhai_edit:
        _describe(dirs / "nanhai", lead, nanhai_edit["description"])
    if "assign" in nanhai_edit:
        _assign(dirs / "nanhai", lead, nanhai_edit["assign"], on="2026-03-06")
    export(capsys, dirs, "nanhai", "n2.bundle")
    export(capsys, dirs, "hq", "h3.bundle")
    return lead


def test_a_lead_handed_to_one_station_stays_handed_out_at_a_third_station_that_edited_it_meanwhile(capsys,
                                                                                                   handed_to_shunde):
    dirs, lead = handed_to_shunde
    _nanhai_edits(capsys, dirs, lead, description="某公司骚扰电话（补充号码）")
    # Nanhai takes the hand-outs: the hand-out to Shunde and Shunde's extension are taken, its own wording stays;
    # nobody changed any field on two sides, so there is nothing to choose
    assert import_(capsys, dirs, "h2.bundle", at="nanhai")["conflicts"] == 0
    merged = import_(capsys, dirs, "h3.bundle", at="nanhai")
    assert merged["conflicts"] == 0 and merged["by_table"]["leads"]["updated"] == 1
    assert _conflicts(capsys, dirs, "nanhai") == {}
    expected = {"agency": SHUNDE, "status": "assigned", "assigned_on": "2026-03-05",
                "description": "某公司骚扰电话（补充号码）", "extension_days": 15}
    assert _lead(dirs / "nanhai", lead) == expected
    # headquarters takes Nanhai's wording as a plain update, its decision standing
    merged = import_(capsys, dirs, "n2.bundle")
    assert merged["conflicts"] == 0 and merged["by_table"]["leads"]["updated"] == 1
    assert _lead(dirs / "hq", lead) == expected and _conflicts(capsys, dirs, "hq") == {}
    # and the next round reaches Shunde quietly
    assert export(capsys, dirs, "hq", "h4.bundle")["records"] >= 1  # the merged wording goes out again
    assert import_(capsys, dirs, "h3.bundle", at="shunde")["conflicts"] == 0
    assert import_(capsys, dirs, "h4.bundle", at="shunde")["conflicts"] == 0
    assert _lead(dirs / "shunde", lead) == expected


@pytest.mark.parametrize("hq_first", [True, False], ids=["hq-takes-n2-first", "nanhai-takes-h3-first"])
def test_a_third_station_handing_the_same_lead_elsewhere_is_a_conflict_of_those_fields_only(capsys, handed_to_shunde,
                                                                                          hq_first):
    dirs, lead = handed_to_shunde
    # Nanhai (holding the lead, which it received) hands it to its own 桂城 office on the 6th: inside the bureau, its
    # T1 kept, so no day of assignment is recorded there (assigning it to Nanhai itself is refused: its T1 would
    # start again)
    _nanhai_edits(capsys, dirs, lead, assign=GUICHENG)
    if hq_first:
        assert import_(capsys, dirs, "n2.bundle")["conflicts"] == 1
    assert import_(capsys, dirs, "h2.bundle", at="nanhai")["conflicts"] == 1
    assert import_(capsys, dirs, "h3.bundle", at="nanhai")["conflicts"] == 0  # nothing new to choose
    # who holds the lead was changed on both sides, so it is a conflict, kept as Nanhai's office; the day of the
    # assignment (changed only by headquarters) and Shunde's extension (which Nanhai never touched) are taken
    # without a question
    shunde, guicheng = agency_id_for_code(SHUNDE), agency_id_for_code(GUICHENG)
    assert _conflicts(capsys, dirs, "nanhai") == {"agency_id": (guicheng, shunde)}
    assert _lead(dirs / "nanhai", lead) == {"agency": GUICHENG, "status": "assigned", "assigned_on": "2026-03-05",
                                            "description": "某公司骚扰电话", "extension_days": 15}
    if not hq_first:
        assert import_(capsys, dirs, "n2.bundle")["conflicts"] == 1
    assert _conflicts(capsys, dirs, "hq") == {"agency_id": (shunde, guicheng)}
    assert _lead(dirs / "hq", lead) == {"agency": SHUNDE, "status": "assigned", "assigned_on": "2026-03-05",
                                        "description": "某公司骚扰电话", "extension_days": 15}


# the role of an installation: set, never guessed ------------------------------------------------------------------

def _role(capsys, data_dir) -> dict:
    return run_json(capsys, "--data-dir", data_dir, "station", "role")


def test_a_laptop_trusting_and_importing_another_station_s_bundle_stays_a_station(capsys, dirs, english):
    # Nanhai names no headquarters and takes Shunde's bundle (trusting Shunde): before, that was enough for it to
    # call itself headquarters and to send hand-outs; it is a station until someone makes it headquarters
    export(capsys, dirs, "shunde", "s1.bundle")
    run_json(capsys, "--data-dir", dirs / "nanhai", "station", "trust", dirs / "shunde.card")
    import_(capsys, dirs, "s1.bundle", at="nanhai")
    assert _role(capsys, dirs / "nanhai") == {"role": "station", "explicit": False, "set_at": None, "set_by": None,
                                             "unreadable": None}
    shown = run_json(capsys, "--data-dir", dirs / "nanhai", "station", "show")
    assert shown["role"]["role"] == "station"
    code, out, _err = run(capsys, "--data-dir", dirs / "nanhai", "station", "show")
    assert code == 0 and "This installation is a station (no role was set)" in out
    assert "station role headquarters" in out  # and how headquarters sets it
    # its changed-since bundles are a station's: they carry no import positions (which only hand-outs carry)
    bases = _bases_of(capsys, dirs, "nanhai", "n1.bundle")
    assert "imported" not in bases
    # headquarters' role was set, and says when and by whom
    role = _role(capsys, dirs / "hq")
    assert role["role"] == "headquarters" and role["explicit"] and role["set_at"]
    assert role["set_by"] == ""  # no officer signed in: the computer's account is never recorded
    code, out, _err = run(capsys, "--data-dir", dirs / "hq", "station", "show")
    assert "This installation is headquarters (set on " in out
    assert "imported" in _bases_of(capsys, dirs, "hq", "h1.bundle")


def _bases_of(capsys, dirs, station, name) -> dict:
    """The bases.json of a (plain, signed) bundle the station exports now."""
    export(capsys, dirs, station, name)
    with zipfile.ZipFile(dirs / name) as archive:
        return json.loads(archive.read("bases.json"))


def test_headquarters_backup_restored_on_a_laptop_does_not_make_it_headquarters(capsys, dirs, english):
    made = run_json(capsys, "--data-dir", dirs / "hq", "backup", "create")
    laptop = dirs / "laptop"
    code, _out, err = run(capsys, "--data-dir", laptop, "backup", "restore", made["path"], "--json")
    assert code == 0, err
    # the data is headquarters' (its stations trusted), the role is not: it stays with the installation
    assert {s["role"] for s in run_json(capsys, "--data-dir", laptop, "station", "list")} == {"self", "trusted"}
    assert _role(capsys, laptop)["role"] == "station" and not _role(capsys, laptop)["explicit"]
    assert "imported" not in _bases_of(capsys, dirs, "laptop", "l1.bundle")
    # a role file naming another station is not taken either (a data directory copied over another's)
    (laptop / "role.json").write_text(json.dumps({"role": "headquarters", "station": "someone-else",
                                                  "set_at": "2026-03-01T08:00", "set_by": "x"}), encoding="utf-8")
    assert _role(capsys, laptop)["role"] == "station"
    # made headquarters on purpose, it is (audited: the entry headquarters made for itself came with its data)
    assert _set_roles(laptop) == 1
    assert run_json(capsys, "--data-dir", laptop, "station", "role", "headquarters")["role"] == "headquarters"
    assert _role(capsys, laptop)["role"] == "headquarters"
    assert _set_roles(laptop) == 2
    assert run_json(capsys, "--data-dir", laptop, "audit", "verify")["valid"]


def _set_roles(data_dir) -> int:
    db = open_db(data_dir)
    count = db.execute("SELECT COUNT(*) FROM audit WHERE action = 'set_role'").fetchone()[0]
    db.conn.close()
    return count


def test_a_role_that_is_not_one_is_a_usage_error_and_changes_nothing(capsys, dirs):
    with pytest.raises(SystemExit) as exited:
        run(capsys, "--data-dir", dirs / "nanhai", "station", "role", "hq")
    out, err = capsys.readouterr()
    assert exited.value.code == 2 and out == "" and "headquarters" in err and "Traceback" not in err
    assert not (dirs / "nanhai" / "role.json").exists()


@pytest.mark.gui
def test_the_exchange_page_says_the_role_and_makes_headquarters_only_when_told(qtbot, prompts, dirs, capsys):
    from ui.exchange_page import ExchangePage
    from ui.task_runner import ImmediateRunner
    from workstation.i18n import _

    export(capsys, dirs, "shunde", "s1.bundle")
    run_json(capsys, "--data-dir", dirs / "nanhai", "station", "trust", dirs / "shunde.card")
    import_(capsys, dirs, "s1.bundle", at="nanhai")
    db = open_db(dirs / "nanhai")
    page = ExchangePage(db, dirs / "nanhai", prompts, ImmediateRunner())
    qtbot.addWidget(page)
    # the page names its own button, not the command line and "the exchange page" the officer is on
    assert page.role_status.text() == _("This installation is a station (no role was set). At headquarters, set it "
                                        "with “{button}”.").format(button=_("Role…"))
    assert page.hq_status.text() == _("Not set: bundles are not encrypted. Set headquarters' key from its station "
                                      "card.")
    prompts.choices.append(1)
    page.buttons["set_role"].click()
    assert prompts.offered[-1][1:] == [_("a station (sends its bundles to headquarters)"),
                                       _("headquarters (merges the stations' bundles and hands them out)")]
    assert page.role_status.text().startswith(_("This installation is headquarters (set on {when} by {who}).").split("{")[0])
    assert "1" in page.hq_status.text()  # headquarters for the one station it trusts
    prompts.choices.append(0)
    page.buttons["set_role"].click()
    assert page.role_status.text().startswith(_("This installation is a station (set on {when} by {who}).").split("{")[0])
    db.conn.close()


def test_a_damaged_role_file_is_said_not_passed_over_in_silence(capsys, dirs, english):
    """A role.json that could not be read made headquarters work as a station (its hand-outs then carried no merged
    records) with nothing said anywhere."""
    assert run_json(capsys, "--data-dir", dirs / "hq", "station", "role", "headquarters")["role"] == "headquarters"
    (dirs / "hq" / "role.json").write_text('{"role": "headquarters", "stat', encoding="utf-8")
    role = _role(capsys, dirs / "hq")
    assert role["role"] == "station" and "role.json was not taken" in role["unreadable"]
    code, out, _err = run(capsys, "--data-dir", dirs / "hq", "station", "role")
    assert code == 0 and "works as a station: " in out and "role.json was not taken" in out
    code, _out, err = run(capsys, "--data-dir", dirs / "hq", "bundle", "export", "-o", dirs / "x.bundle", "--plain")
    assert code == 0 and "role.json was not taken" in err
    # a missing file is the ordinary unset role, and says nothing of a file
    (dirs / "hq" / "role.json").unlink()
    assert _role(capsys, dirs / "hq")["unreadable"] is None
