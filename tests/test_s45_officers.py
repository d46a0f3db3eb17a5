# ruff: noqa: F811 - the fixture station imported from test_officers_passphrases is used by name
"""Officers and access: a renamed officer's passphrase follows the rename (so leaving still withdraws it), a clock
that ran ahead does not lock everyone out, documents naming an officer who left or has no 执法证号 are warned about,
and one 执法证号 written differently is still one officer's."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest

from tests.test_officers_passphrases import WANG, officer_id, station  # noqa: F401  (the fixture)
from tests.test_ui_login import PASS
from workstation.documents.drafts import find_form
from workstation.documents.officer_certificates import certificate_warnings
from workstation.errors import ValidationError, WorkstationError
from workstation.records import Officer, today
from workstation.security import access, keyring, session
from workstation.store import agency_id_for_code, get_officer, officer_field_errors, save_officer


# 1. a renamed officer's passphrase -------------------------------------------------------------------------------
def test_a_renamed_officer_keeps_their_passphrase_under_the_new_name(station):
    db, data = station
    save_officer(db, replace(get_officer(db, officer_id(db, "陈志强")), name="陈志刚"))
    assert sorted(keyring.officers(data)) == ["王芳", "陈志刚"]
    assert keyring.unlock(data, PASS, "陈志刚")[0] == "陈志刚"  # the same passphrase opens it under the new name
    assert keyring.unlock(data, PASS)[0] == "陈志刚"


def test_a_renamed_officer_who_leaves_has_their_passphrase_withdrawn(station):
    db, data = station
    chen = officer_id(db, "陈志强")
    save_officer(db, replace(get_officer(db, chen), name="陈志刚"))
    changed, passphrase = access.set_on_duty(db, data, chen, False)
    assert (changed.name, changed.active, passphrase) == ("陈志刚", False, "withdrawn")
    assert keyring.officers(data) == ["王芳"]
    with pytest.raises(keyring.WrongPassphrase):
        keyring.unlock(data, PASS)


def test_the_last_passphrase_is_still_kept_after_a_rename(station):
    db, data = station
    keyring.remove_officer(data, "王芳")
    chen = officer_id(db, "陈志强")
    save_officer(db, replace(get_officer(db, chen), name="陈志刚"))
    with pytest.raises(WorkstationError, match="陈志刚"):
        access.set_on_duty(db, data, chen, False)
    assert get_officer(db, chen).active and keyring.unlock(data, PASS)[0] == "陈志刚"


def test_a_rename_the_keyring_cannot_take_changes_nothing(station, monkeypatch):
    db, data = station
    chen = officer_id(db, "陈志强")

    def full_disk(*_args, **_kwargs):
        raise WorkstationError("disk full")

    monkeypatch.setattr(keyring, "_save", full_disk)
    with pytest.raises(WorkstationError):
        save_officer(db, replace(get_officer(db, chen), name="陈志刚"))
    monkeypatch.undo()
    assert get_officer(db, chen).name == "陈志强" and "陈志强" in keyring.officers(data)


def test_renaming_onto_a_name_holding_a_passphrase_is_refused(station):
    db, data = station
    chen = officer_id(db, "陈志强")
    with pytest.raises(ValidationError):
        save_officer(db, replace(get_officer(db, chen), name="王芳", cert_no="44060510009"))
    assert get_officer(db, chen).name == "陈志强" and sorted(keyring.officers(data)) == ["王芳", "陈志强"]


def test_follow_register_leaves_a_passphrase_under_a_name_the_register_does_not_hold(station):
    # an officer renamed by an earlier version, or a computer account's entry: perhaps the officer at the keyboard,
    # whom the lock would then shut out — only officers the register holds as having left are suspended
    db, data = station
    keyring.add_officer(data, session.require_key(data), "赵六", "赵六的口令2026")
    assert access.follow_register(db, data) == []
    assert "赵六" in keyring.officers(data, on_duty=True)
    assert keyring.unlock(data, "赵六的口令2026")


@pytest.mark.gui
def test_the_dialog_asks_about_the_passphrase_of_a_renamed_officer(station, prompts, qtbot):
    from ui.officers_dialog import OfficersDialog

    db, data = station
    dialog = OfficersDialog(db, prompts)
    qtbot.addWidget(dialog)
    dialog.table.selectRow([o.name for o in dialog.model.records].index("王芳"))
    dialog.name.setText("王芳芳")
    dialog.save_button.click()
    dialog.table.selectRow([o.name for o in dialog.model.records].index("王芳芳"))
    prompts.choices.append(0)
    dialog.active_button.click()
    assert "王芳芳" in prompts.offered[-1][0]
    assert keyring.officers(data) == ["陈志强"]
    with pytest.raises(keyring.WrongPassphrase):
        keyring.unlock(data, WANG)


# 2. a clock that ran ahead ---------------------------------------------------------------------------------------
def test_a_failure_recorded_in_the_future_waits_no_longer_than_the_wait(station):
    _db, data = station
    with keyring.exclusive_lock(data):
        content = keyring.load(data)
        content["failures"], content["last_failure"] = 10, time.time() + 30 * 86400
        keyring._save(data, content)
    assert 0 < keyring.failure_delay(data) <= keyring._wait_after(10)


# 3. documents naming an officer who left or has no 执法证号 ------------------------------------------------------
def spot(day: str, **values) -> dict:
    return {"decided_at": f"{day} 00:00", "officer1_name": "陈志强", "officer1_cert": "44060512001",
            "officer2_name": "黄丽娟", "officer2_cert": "44060512002", **values}


def register(db, *officers) -> None:
    agency = agency_id_for_code("440605")
    for name, cert, active in officers:
        save_officer(db, Officer(name=name, cert_no=cert, agency_id=agency, active=active))


def test_a_new_document_naming_an_officer_who_left_is_warned_about(db, english):
    register(db, ("陈志强", "44060512001", False), ("黄丽娟", "44060512002", True))
    warnings = certificate_warnings(db, find_form("on_the_spot_decision"), spot(today()))
    assert len(warnings) == 1 and "陈志强" in warnings[0] and "left" in warnings[0]
    # dated before: he may have been on duty then
    assert certificate_warnings(db, find_form("on_the_spot_decision"), spot("2020-01-06")) == []


def test_a_new_document_naming_an_officer_without_a_certificate_number_is_warned_about(db, english):
    register(db, ("陈志强", "", True), ("黄丽娟", "44060512002", True))
    warnings = certificate_warnings(db, find_form("on_the_spot_decision"), spot(today()))
    assert len(warnings) == 1 and "陈志强" in warnings[0] and "no 执法证号" in warnings[0]


def test_officers_on_duty_with_their_numbers_are_not_warned_about(db, english):
    register(db, ("陈志强", "44060512001", True), ("黄丽娟", "44060512002", True))
    assert certificate_warnings(db, find_form("on_the_spot_decision"), spot(today())) == []


# 4. one 执法证号 written differently -----------------------------------------------------------------------------
@pytest.mark.parametrize("typed", ["粤44060012034", "4406-0012-034", "粤字44060012034", "４４０６００１２０３４"])
def test_a_certificate_number_written_differently_is_still_taken(db, english, typed):
    agency = agency_id_for_code("440605")
    save_officer(db, Officer(name="陈志强", cert_no="44060012034", agency_id=agency))
    errors = officer_field_errors(db, Officer(name="新同事", cert_no=typed, agency_id=agency))
    assert "陈志强" in errors.get("cert_no", "")


def test_a_certificate_number_with_a_prefix_is_taken_when_given_bare(db, english):
    agency = agency_id_for_code("440605")
    save_officer(db, Officer(name="陈志强", cert_no="粤4406-0012-034", agency_id=agency))
    assert "陈志强" in officer_field_errors(db, Officer(name="新同事", cert_no="44060012034",
                                                        agency_id=agency)).get("cert_no", "")
    assert officer_field_errors(db, Officer(name="新同事", cert_no="44060012035", agency_id=agency)) == {}


def test_renaming_a_passphrase_holder_onto_another_officer_on_duty_is_refused(station):
    # the passphrase goes by the name: it would follow the namesake too, and leaving would no longer withdraw it
    db, data = station
    from workstation.records import Officer
    from workstation.store.agencies import save_officer as save

    chen = officer_id(db, "陈志强")
    namesake = get_officer(db, officer_id(db, "王芳"))
    save(db, Officer(name="李雷", agency_id=namesake.agency_id, cert_no="44060510123"))
    with pytest.raises(ValidationError) as refused:
        save_officer(db, replace(get_officer(db, chen), name="李雷", cert_no="44060510009"))
    assert "another officer on duty" in str(refused.value.errors) or "另一" in str(refused.value.errors)
    assert get_officer(db, chen).name == "陈志强" and "陈志强" in keyring.officers(data)
