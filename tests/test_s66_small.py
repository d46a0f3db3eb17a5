"""Session 66, small items: a party saved by the core (the command line, a script) names an individual business's ID
number as the party dialog does (经营者身份证号码); `backup create --folder` from a read-only data disk exits 0 once
the backup is written, with a note that the data folder's list of backups could not record it; a hidden case tab
takes the new number or party of its case changed elsewhere when the window next looks for changes."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from tests import backup_fixtures
from tests.helpers import run
from tests.test_read_only_data import read_only_copy  # noqa: F401 (a fixture)
from tests.test_s64_backup import refuse_on_the_data_disk
from workstation import procedure
from workstation.backup import backup_settings, list_backups, settings_path, verify_backup
from workstation.errors import ValidationError
from workstation.store import get_case

templates, copy_template, _fast_keys = (backup_fixtures.templates, backup_fixtures.copy_template,
                                        backup_fixtures._fast_keys)


# 1. the ID number of an individual business named as the party dialog names it -----------------------------------

def _bad_check_digit(kind: str):
    from workstation.case_records import Party

    return Party(name="张三小吃店" if kind != "person" else "张三", kind=kind, id_number="440605195001010017")


def test_a_party_saved_by_the_core_names_an_individual_business_s_id_number_as_the_dialog_does(db, english):
    from ui.party_dialog import KIND_FIELDS
    from workstation.store import save_party

    with pytest.raises(ValidationError) as refused:
        save_party(db, _bad_check_digit("individual_business"))
    label = KIND_FIELDS["individual_business"]["id_number"]  # the dialog's label for the kind
    assert refused.value.errors["id_number"].startswith(f"The check digit of {label} 4406")
    assert f"The check digit of {label} 4406" in refused.value.message


def test_a_person_s_id_number_keeps_its_generic_name(db, english):
    from workstation.store import save_party

    with pytest.raises(ValidationError) as refused:
        save_party(db, _bad_check_digit("person"))
    assert refused.value.errors["id_number"].startswith("The check digit of ID number 4406")


# 2. a backup written from a read-only data disk, its record refused ---------------------------------------------

def _listed_unrecorded(data: Path, usb: Path, code: int, out: str, err: str) -> Path:
    assert code == 0, err
    made = Path(json.loads(out)["path"])
    assert made.parent == usb and made.is_file()
    assert "Traceback" not in err
    assert "Note: " in err and "could not record it" in err and "it can be restored" in err
    assert "the automatic backup runs again at the next start" in err
    return made


def test_a_backup_written_whose_list_cannot_be_saved_exits_0_with_a_note(capsys, monkeypatch, copy_template,
                                                                         tmp_path, english):
    data = copy_template("plain")
    usb = tmp_path / "usb"
    usb.mkdir()
    refuse_on_the_data_disk(monkeypatch, data, "read-only")
    before = backup_settings(data)
    settings_path(data).with_name("backup.json.part").mkdir()  # backup.json cannot be written
    code, out, err = run(capsys, "--data-dir", data, "backup", "create", "--folder", usb, "--json")
    made = _listed_unrecorded(data, usb, code, out, err)
    result = json.loads(out)
    assert result["recorded"] is False and "could not record it" in result["not_recorded"]
    assert result["removed"] == [] and result["rotation_skipped"]
    assert backup_settings(data) == before
    assert verify_backup(data, str(made))["valid"]
    # without --json: the backup written said on stdout, the note on stderr
    code, out, err = run(capsys, "--data-dir", data, "backup", "create", "--folder", usb)
    assert code == 0, err
    assert "Note: " in err and "could not record it" in err and "could not record it" not in out


def test_a_backup_from_a_data_directory_on_a_read_only_disk_exits_0_with_a_note(capsys, copy_template,
                                                                                read_only_copy, tmp_path,  # noqa: F811
                                                                                english):
    data = read_only_copy(copy_template("plain"))
    usb = tmp_path / "usb"
    usb.mkdir()
    code, out, err = run(capsys, "--data-dir", data, "backup", "create", "--folder", usb, "--json")
    made = _listed_unrecorded(data, usb, code, out, err)
    assert "read-only disk" in err
    assert made in [Path(b["path"]) for b in list_backups(data, usb)]


# 4. a hidden case tab follows its case changed elsewhere ----------------------------------------------------------

def test_a_hidden_case_tab_takes_the_number_given_elsewhere(db, other, make_case, make_window, english):
    hidden = make_case(status="pending_filing", lead_received_on="2026-03-02")
    shown = make_case(status="pending_filing", lead_received_on="2026-03-02")
    window = make_window(db)
    workspace = window.open_case(hidden.id)
    window.open_case(shown.id)  # the first case's tab is no longer the current one
    tabs = window.case_tabs
    assert tabs.currentWidget() is not workspace
    assert tabs.tabText(tabs.indexOf(workspace)).startswith("Awaiting filing")
    procedure.apply(other, hidden.id, "file", on_date="2026-03-05", reason="")  # the command line files it
    assert window.look_for_changes()
    number = get_case(db, hidden.id).case_number
    assert number and tabs.tabText(tabs.indexOf(workspace)) == number
    assert tabs.currentWidget() is not workspace  # retitled, not shown


def test_a_hidden_case_tab_takes_its_party_renamed_elsewhere(db, other, make_case, make_window, english):
    from workstation.store import parties_of_case, save_party

    hidden = make_case(status="pending_filing", lead_received_on="2026-03-02")
    shown = make_case(status="pending_filing", lead_received_on="2026-03-02")
    window = make_window(db)
    workspace = window.open_case(hidden.id)
    window.open_case(shown.id)
    party = parties_of_case(other, hidden.id)[0]
    save_party(other, replace(party, name="佛山市南海区改名后的房地产代理有限公司"))
    assert window.look_for_changes()
    assert "改名后" in window.case_tabs.tabText(window.case_tabs.indexOf(workspace))
