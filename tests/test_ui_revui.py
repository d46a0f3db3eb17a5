"""Review of this session's window changes, what was mended: the interview register reads the agencies and the
station's agency once, not once per interview; the wrong passphrases not audited at the lock are logged as at the
start (one helper for both)."""

from __future__ import annotations

from dataclasses import replace

from tests import test_ui_login
from tests.helpers import statements_run
from workstation.i18n import ngettext
from workstation.records import Interview
from workstation.store import agency_id_for_code, get_agency
from workstation.store.base import set_setting
from workstation.store.interviews import get_interview, save_interview

_encryption, windows = test_ui_login._encryption, test_ui_login.windows  # the encrypted window fixtures

MICRO_LOAN = "5246de4e-a5d4-5f9f-9de1-a4c3d3d45bf5"  # the city bureau's interview of the demo, follow-up overdue


def _copies(db, n: int, agency_id: str) -> None:
    micro = get_interview(db, MICRO_LOAN)
    for _i in range(n):
        save_interview(db, replace(micro, id=Interview(agency_id="", held_on="", subject="").id, agency_id=agency_id,
                                   case_id=None), allow_duplicate=True)


def _agency_and_setting_queries(db, page) -> int:
    """The statements reading the agencies or the settings that a refresh of the register runs."""
    with statements_run(db) as seen:
        page.refresh()
    return sum(1 for sql in seen if "FROM agencies" in sql or "FROM settings" in sql)


def test_the_interview_register_reads_agencies_and_the_station_once_however_many_interviews(demo_db,
                                                                                             make_window):
    shunde = agency_id_for_code("440606")
    set_setting(demo_db, "station_agency", shunde)
    page = make_window(demo_db).interviews_page
    few = _agency_and_setting_queries(demo_db, page)
    _copies(demo_db, 30, shunde)
    many = _agency_and_setting_queries(demo_db, page)
    assert many == few  # not one query more per interview (the agency's name, the station's agency)
    # the count is still of the station's own overdue follow-ups (the demo's are the city bureau's)
    name = get_agency(demo_db, shunde).name
    assert page.overdue_label.text().startswith(ngettext(
        "{agency}: {n} overdue follow-up, its row is highlighted.",
        "{agency}: {n} overdue follow-ups, their rows are highlighted.", 30).format(agency=name, n=30))
    shown = [r.agency for r in page.rows if r.interview.agency_id == shunde]
    assert len(shown) >= 30 and set(shown) == {get_agency(demo_db, shunde).short_name or name}


def test_wrong_passphrases_at_the_lock_not_written_are_logged_not_lost_silently(qtbot, data_dir, windows, monkeypatch,
                                                                                caplog):
    """One helper audits the wrong passphrases at the start and at the lock; a database refusing the write (disk
    full) leaves them in the keyring and the log says so, at the lock as at the start."""
    from tests.test_ui_login import PASS, make_encrypted
    from workstation.errors import WorkstationError
    from workstation.security import events

    make_encrypted(data_dir)
    window = windows(data_dir, PASS, show=test_ui_login.officers_later)
    window.show()
    window.lock_now()

    def refused(_db, _data_dir):
        raise WorkstationError("disk full")

    monkeypatch.setattr(events, "record_failed_logins", refused)
    lock = window.idle_lock.dialog
    lock.passphrase.setText(PASS)
    with caplog.at_level("WARNING", logger="workstation.ui"):
        lock.login_button.click()
    assert not window.idle_lock.is_locked
    assert "wrong passphrases not audited: disk full" in caplog.text
