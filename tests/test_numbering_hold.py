# ruff: noqa: F811 - the fixtures imported from test_bundle_hq are used by name
"""The numbering hold after a restore: a station that had sent bundles and is restored from a backup gives no case
number or 文号 (filing, issuing, also with --serial) until headquarters' hand-out for it, made after the backup and
after the newest bundle exported since, is imported, or an officer releases the hold after checking the paper files;
drafting, editing and exporting go on. Both ways out are audited; the window shows the hold and releases it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.data_digest import data_digest
from tests.helpers import db_digest, open_db, run, run_json
from tests.test_bundle_hq import (  # noqa: F401
    STATIONS,
    dirs,
    edit_case,
    export,
    import_,
    take_headquarters_card,
    template,
)
from tests.test_law_guards import APPEARANCE
from tests.test_restorefix import _sent_after_a_backup
from workstation.i18n import _

SHUNDE_CASE = STATIONS["shunde"][2]


def _restored_after_sending(capsys, dirs) -> dict:
    """Shunde backs up, then sends its case (s1.bundle), which headquarters merges (``_sent_after_a_backup``);
    then Shunde is restored from that backup. The restore's result."""
    backup = _sent_after_a_backup(capsys, dirs)
    return run_json(capsys, "--data-dir", dirs / "shunde", "backup", "restore", backup)


def _held(capsys, dirs) -> bool:
    return run_json(capsys, "--data-dir", dirs / "shunde", "numbers", "hold")["held"]


def _summons(dirs) -> Path:
    """A values file giving the 询问通知书 its day, time and place, which it is issued with (required to issue)."""
    path = dirs / "summons.json"
    path.write_text(json.dumps(APPEARANCE, ensure_ascii=False), encoding="utf-8")  # a month after today
    return path


def _issue(capsys, dirs, *extra):
    return run(capsys, "--data-dir", dirs / "shunde", "docs", "issue", SHUNDE_CASE, "--form", "inquiry_notice",
               "--values", _summons(dirs), "-o", dirs / "notice.pdf", *extra)


def _file_new_case(data_dir, status="investigating"):
    """A new case filed at once (it takes the next case number), or with ``status`` pending_filing: to be filed."""
    from workstation.records import Case
    from workstation.store import create_case, list_cases

    db = open_db(data_dir)
    try:
        existing = list_cases(db)[0]
        case = Case(case_number="", cause="涉嫌违法发送商业性信息案", sector="real_estate",
                    agency_id=existing.agency_id,
                    status=status, filed_on="2026-03-05" if status == "investigating" else None,
                    party_ids=[_party(db)],
                    officer_ids=[r[0] for r in db.execute("SELECT id FROM officers")],
                    violations=["unsolicited_commercial_messages"])
        return create_case(db, case)
    finally:
        db.conn.close()


def _party(db) -> str:
    return db.execute("SELECT id FROM parties LIMIT 1").fetchone()[0]


def _audit(capsys, dirs, action):
    return run_json(capsys, "--data-dir", dirs / "shunde", "audit", "list", "--entity", "numbering", "--action",
                    action)["entries"]


def test_a_restore_of_a_station_that_sent_bundles_holds_its_numbers_but_not_its_other_work(capsys, dirs, english):
    from workstation.errors import WorkstationError
    from workstation.numbering_hold import refusal_text

    result = _restored_after_sending(capsys, dirs)
    hold = result["numbering_hold"]
    assert hold["backup_created"] == result["created"] and hold["restored_at"] > result["created"]
    assert hold["newest_export"]["file"] == "s1.bundle"
    assert "numbers release-hold --checked" in result["advice"]
    assert _held(capsys, dirs)
    refusal = refusal_text(hold)
    assert result["created"][:16].replace("T", " ") in refusal and "bundle import" in refusal
    # filing a case (its case number) is refused, and nothing is written
    before = db_digest(dirs / "shunde")
    with pytest.raises(WorkstationError) as refused:
        _file_new_case(dirs / "shunde")
    assert refused.value.message == refusal
    assert db_digest(dirs / "shunde") == before
    # issuing a document (its 文号), also with a serial chosen by hand, is refused saying why
    for extra in ((), ("--serial", "7")):
        code, _out, err = _issue(capsys, dirs, *extra)
        assert code == 1 and "File → Release numbering hold…" in err and not (dirs / "notice.pdf").exists()
    assert db_digest(dirs / "shunde") == before
    # drafting, editing and exporting go on
    code, _out, err = run(capsys, "--data-dir", dirs / "shunde", "docs", "render", SHUNDE_CASE, "--form",
                          "inquiry_notice", "-o", dirs / "draft.pdf")
    assert code == 0, err
    assert (dirs / "draft.pdf").stat().st_size > 0
    edit_case(dirs / "shunde", SHUNDE_CASE, facts="恢复后补记的案情")
    # a case to be filed is registered; its filing is offered greyed out with the reason, and refused
    pending = _file_new_case(dirs / "shunde", status="pending_filing")
    db = open_db(dirs / "shunde")
    try:
        from workstation import procedure
        from workstation.store import get_case

        offered = {t.name: why for t, why in procedure.available(db, get_case(db, pending.id))}
        assert offered["file"] == refusal
        with pytest.raises(WorkstationError):
            procedure.apply(db, pending.id, "file", on_date="2026-03-06")
        assert get_case(db, pending.id).case_number == ""
    finally:
        db.conn.close()
    assert export(capsys, dirs, "shunde", "s2.bundle")["cases"] == 2


def test_headquarters_newer_hand_out_lifts_the_hold_and_says_so(capsys, dirs, english):
    _restored_after_sending(capsys, dirs)
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "export", "-o", dirs / "h1.bundle", "--all",
             "--for", "顺德区局")
    code, out, err = run(capsys, "--data-dir", dirs / "shunde", "bundle", "import", dirs / "h1.bundle")
    assert code == 0, err
    assert "The numbering hold is lifted" in out
    assert not _held(capsys, dirs)
    assert _audit(capsys, dirs, "numbering_hold_lifted")
    code, _out, err = _issue(capsys, dirs)
    assert code == 0, err
    assert _file_new_case(dirs / "shunde").case_number


def test_a_hand_out_older_than_the_newest_bundle_sent_leaves_the_hold_saying_why(capsys, dirs, english):
    take_headquarters_card(capsys, dirs, "shunde")
    export(capsys, dirs, "shunde", "s0.bundle")
    import_(capsys, dirs, "s0.bundle")
    backup = run_json(capsys, "--data-dir", dirs / "shunde", "backup", "create")["path"]
    # headquarters' hand-out, made after the backup but before the station sent s1.bundle
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "export", "-o", dirs / "h1.bundle", "--all",
             "--for", "顺德区局")
    edit_case(dirs / "shunde", SHUNDE_CASE, facts="备份后改动")
    export(capsys, dirs, "shunde", "s1.bundle")
    import_(capsys, dirs, "s1.bundle")
    run_json(capsys, "--data-dir", dirs / "shunde", "backup", "restore", backup)
    result = run_json(capsys, "--data-dir", dirs / "shunde", "bundle", "import", dirs / "h1.bundle")
    assert result["numbering_hold"]["lifted"] is False
    assert "s1.bundle" in result["numbering_hold"]["message"] and "stays" in result["numbering_hold"]["message"]
    assert _held(capsys, dirs)
    assert _issue(capsys, dirs)[0] == 1
    assert not _audit(capsys, dirs, "numbering_hold_lifted")


def test_releasing_the_hold_needs_the_check_on_paper_and_is_audited_with_the_officer(capsys, dirs, english):
    _restored_after_sending(capsys, dirs)
    before = db_digest(dirs / "shunde")
    code, _out, err = run(capsys, "--data-dir", dirs / "shunde", "numbers", "release-hold")
    assert code == 1 and "--checked" in err and db_digest(dirs / "shunde") == before
    released = run_json(capsys, "--data-dir", dirs / "shunde", "numbers", "release-hold", "--checked",
                        "--officer", "李明")
    assert released["released"] is True
    assert not _held(capsys, dirs)
    assert [e["officer"] for e in _audit(capsys, dirs, "numbering_hold_released")] == ["李明"]
    code, _out, err = _issue(capsys, dirs)
    assert code == 0, err
    # nothing left to release
    code, _out, err = run(capsys, "--data-dir", dirs / "shunde", "numbers", "release-hold", "--checked")
    assert code == 1 and "no numbering hold" in err


def test_a_restore_of_a_station_that_never_sent_a_bundle_holds_nothing(capsys, dirs, english):
    backup = run_json(capsys, "--data-dir", dirs / "shunde", "backup", "create")["path"]
    result = run_json(capsys, "--data-dir", dirs / "shunde", "backup", "restore", backup)
    assert result["numbering_hold"] is None and not _held(capsys, dirs)
    code, _out, err = _issue(capsys, dirs)
    assert code == 0, err


@pytest.mark.gui
def test_the_window_shows_the_hold_and_releases_it_after_asking(capsys, dirs, qtbot, prompts, english):
    from PySide6.QtGui import QAction

    from ui.main_window import MainWindow
    from ui.task_runner import ImmediateRunner
    from workstation.numbering_hold import current_hold

    result = _restored_after_sending(capsys, dirs)
    db = open_db(dirs / "shunde")
    window = MainWindow(db=db, data_dir=dirs / "shunde", runner=ImmediateRunner(), prompts=prompts)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.numbering_hold_label.isVisible())
    assert window.numbering_hold_label.text() == _("Numbering held: import headquarters' hand-out first")
    window.fill_menus()
    action = window.findChild(QAction, "release_numbering_hold")
    action.trigger()  # declined: the hold stays
    assert result["created"][:16].replace("T", " ") in prompts.confirmations[0]
    assert prompts.destructive == prompts.confirmations
    assert current_hold(db) is not None and window.numbering_hold_label.isVisible()
    prompts.confirm_answer = True
    action.trigger()
    assert current_hold(db) is None and not window.numbering_hold_label.isVisible()
    assert db.execute("SELECT COUNT(*) FROM audit WHERE action = 'numbering_hold_released'").fetchone()[0] == 1
    window.close()
    db.conn.close()


def _hand_out(capsys, dirs, name, *extra):
    return run_json(capsys, "--data-dir", dirs / "hq", "bundle", "export", "-o", dirs / name, "--for", "顺德区局",
                    *extra)


def test_a_hand_out_made_after_a_bundle_headquarters_never_imported_leaves_the_hold_naming_it(capsys, dirs,
                                                                                              english):
    """The walkthrough's case: headquarters made its hand-out after the station exported s1.bundle, but had not
    imported s1.bundle: the hand-out lacks its numbers, so the hold stays, naming it; once headquarters has
    imported it, its next hand-out lifts the hold."""
    take_headquarters_card(capsys, dirs, "shunde")
    export(capsys, dirs, "shunde", "s0.bundle")
    import_(capsys, dirs, "s0.bundle")
    backup = run_json(capsys, "--data-dir", dirs / "shunde", "backup", "create")["path"]
    edit_case(dirs / "shunde", SHUNDE_CASE, facts="备份后改动")
    export(capsys, dirs, "shunde", "s1.bundle")  # never imported at headquarters (yet)
    _hand_out(capsys, dirs, "h1.bundle", "--all")  # made after s1.bundle was exported
    restored = run_json(capsys, "--data-dir", dirs / "shunde", "backup", "restore", backup)
    assert [row["file"] for row in restored["numbering_hold"]["exported_after"]] == ["s1.bundle"]
    result = run_json(capsys, "--data-dir", dirs / "shunde", "bundle", "import", dirs / "h1.bundle")
    assert result["numbering_hold"]["lifted"] is False
    message = result["numbering_hold"]["message"]
    assert "headquarters had not imported s1.bundle" in message and "import s1.bundle first" in message
    assert _held(capsys, dirs)
    assert _issue(capsys, dirs)[0] == 1
    assert not _audit(capsys, dirs, "numbering_hold_lifted")
    # headquarters imports s1.bundle, then hands out again: now the numbers are there
    import_(capsys, dirs, "s1.bundle")
    _hand_out(capsys, dirs, "h2.bundle")
    result = run_json(capsys, "--data-dir", dirs / "shunde", "bundle", "import", dirs / "h2.bundle")
    assert result["numbering_hold"]["lifted"] is True
    assert not _held(capsys, dirs)
    assert len(_audit(capsys, dirs, "numbering_hold_lifted")) == 1


def test_a_hand_out_that_does_not_say_what_headquarters_imported_leaves_the_hold_saying_so(capsys, dirs, english):
    from workstation.numbering_hold import after_import, current_hold
    from workstation.station import headquarters, this_station

    _restored_after_sending(capsys, dirs)
    db = open_db(dirs / "shunde")
    try:
        own, hq = this_station(db), headquarters(db)
        # a hand-out of an older version: made after everything, for this station, but without "imported"
        manifest = {"for": {"id": own.id}, "created_at": "2099-01-01T00:00:00+08:00", "bundle_id": "old"}
        said = after_import(db, manifest, hq.id, None, None)
        assert said["lifted"] is False
        assert "does not say which of this station's bundles headquarters had imported" in said["message"]
        assert "s1.bundle" in said["message"]
        assert current_hold(db) is not None
        # one saying headquarters had imported this station's log only up to before s1.bundle keeps it too
        said = after_import(db, manifest, hq.id, None, {own.id: 0})
        assert said["lifted"] is False and "had not imported s1.bundle" in said["message"]
        assert current_hold(db) is not None
    finally:
        db.conn.close()


def test_the_restore_says_headquarters_will_refuse_further_bundles_and_offers_putting_back_first(capsys, dirs,
                                                                                                english):
    result = _restored_after_sending(capsys, dirs)
    advice = result["advice"]
    kept = Path(result["kept"]).name
    put_back = f"backup put-back {kept}"
    assert "Headquarters will refuse this station's further bundles" in advice
    assert put_back in advice
    assert advice.index(put_back) < advice.index("hand-out") < advice.index("numbers release-hold")
    held = run_json(capsys, "--data-dir", dirs / "shunde", "numbers", "hold")
    code, out, _err = run(capsys, "--data-dir", dirs / "shunde", "numbers", "hold")
    assert held["held"] and code == 0
    assert "headquarters will refuse this station's further bundles" in out and put_back in out
    assert out.index(put_back) < out.index("bundle import") < out.index("numbers release-hold")
    # the way out offered first works: the data put back holds the numbers sent, and no hold
    run_json(capsys, "--data-dir", dirs / "shunde", *put_back.split())
    assert not _held(capsys, dirs)
    code, _out, err = _issue(capsys, dirs)
    assert code == 0, err


def test_a_restore_with_no_bundle_sent_after_the_backup_does_not_speak_of_refused_bundles(capsys, dirs, english):
    take_headquarters_card(capsys, dirs, "shunde")
    export(capsys, dirs, "shunde", "s0.bundle")
    backup = run_json(capsys, "--data-dir", dirs / "shunde", "backup", "create")["path"]
    result = run_json(capsys, "--data-dir", dirs / "shunde", "backup", "restore", backup)
    assert result["numbering_hold"] is not None
    assert "refuse" not in result["advice"] and "put-back" not in result["advice"]
    assert "latest hand-out" in result["advice"]


def test_a_hand_out_clashing_with_a_number_this_station_gave_again_tells_the_station_what_to_do(capsys, dirs,
                                                                                               english):
    take_headquarters_card(capsys, dirs, "shunde")
    backup = run_json(capsys, "--data-dir", dirs / "shunde", "backup", "create")["path"]
    code, _out, err = _issue(capsys, dirs)
    assert code == 0, err
    export(capsys, dirs, "shunde", "s1.bundle")
    import_(capsys, dirs, "s1.bundle")
    run_json(capsys, "--data-dir", dirs / "shunde", "backup", "restore", backup)
    run_json(capsys, "--data-dir", dirs / "shunde", "numbers", "release-hold", "--checked")
    # the numbers the replaced data took, which the restore keeps taken, lost (restored on another laptop, say)
    db = open_db(dirs / "shunde")
    with db.atomic():
        db.execute("DELETE FROM doc_numbers WHERE status IN ('void', 'lost') AND document_id IS NULL")
    db.conn.close()
    (dirs / "notice.pdf").unlink()
    number = run_json(capsys, "--data-dir", dirs / "shunde", "docs", "issue", SHUNDE_CASE, "--form",
                      "inquiry_notice", "--values", _summons(dirs),
                      "-o", dirs / "notice.pdf")["number"]  # the same 文号 again
    _hand_out(capsys, dirs, "h1.bundle", "--all")
    before = data_digest(dirs / "shunde")
    code, _out, err = run(capsys, "--data-dir", dirs / "shunde", "bundle", "import", dirs / "h1.bundle")
    assert code == 1
    assert number in err and "this station's own document" in err and SHUNDE_CASE in err
    assert "Void or correct this station's" in err and "contact headquarters" in err
    assert "ask the station" not in err
    assert data_digest(dirs / "shunde") == before


def test_a_hand_out_continuing_an_earlier_one_names_headquarters_and_its_command(capsys, dirs, english):
    take_headquarters_card(capsys, dirs, "shunde")
    _hand_out(capsys, dirs, "h1.bundle", "--all")
    take_headquarters_card(capsys, dirs, "nanhai")
    export(capsys, dirs, "nanhai", "o1.bundle")
    import_(capsys, dirs, "o1.bundle")  # headquarters' log goes on
    _hand_out(capsys, dirs, "h2.bundle")
    code, _out, err = run(capsys, "--data-dir", dirs / "shunde", "bundle", "import", dirs / "h2.bundle")
    assert code == 1
    assert "nothing has been imported from headquarters" in err
    assert "bundle export --all --for 顺德区局" in err and "station" not in err.split("headquarters", 1)[0]
    assert "ask it for a full bundle" not in err
    # after the first hand-out, one that skips the next names headquarters too
    code, _out, err = run(capsys, "--data-dir", dirs / "shunde", "bundle", "import", dirs / "h1.bundle")
    assert code == 0, err
    edit_case(dirs / "nanhai", STATIONS["nanhai"][2], facts="南海补记")
    export(capsys, dirs, "nanhai", "o2.bundle")
    import_(capsys, dirs, "o2.bundle")
    _hand_out(capsys, dirs, "h3.bundle")
    code, _out, err = run(capsys, "--data-dir", dirs / "shunde", "bundle", "import", dirs / "h3.bundle")
    assert code == 1
    assert "does not continue the last hand-out imported from headquarters" in err
    assert "at least one hand-out headquarters 佛山市局 made between" in err and "bundle export --all --for 顺德区局" in err
    assert "station 佛山市局" not in err
    # the window says it in the same words, with its own way to make the hand-out again: at headquarters
    from ui.exchange_page import missing_bundle_advice
    from workstation.bundle import import_bundle
    from workstation.bundle.merge import EarlierBundleMissing

    db = open_db(dirs / "shunde")
    try:
        with pytest.raises(EarlierBundleMissing) as refused:
            import_bundle(db, dirs / "shunde", dirs / "h3.bundle")
    finally:
        db.conn.close()
    advice = missing_bundle_advice(refused.value)
    assert "ask headquarters for a complete hand-out for this station (at headquarters: “Everything” under “What " \
        "the bundle holds”)" in advice and "ask the station" not in advice


def test_bundle_import_keeps_the_file_apart_from_what_was_merged(capsys, dirs, english):
    take_headquarters_card(capsys, dirs, "shunde")
    _hand_out(capsys, dirs, "h1.bundle", "--all")
    code, out, err = run(capsys, "--data-dir", dirs / "shunde", "bundle", "import", dirs / "h1.bundle")
    assert code == 0, err
    assert out.startswith(f"{dirs / 'h1.bundle'}: merged cases: ")


def test_a_restore_without_bundles_sent_keeps_the_numbers_taken_since_the_backup(capsys, dirs):
    """Found by the numbering audit: a station that never sent a bundle (or headquarters) had no hold, and the 文号 and
    case number taken after the backup were given again after the restore — to another document, another case,
    while the first are on paper. The data the restore replaced tells which it took."""
    backup = run_json(capsys, "--data-dir", dirs / "shunde", "backup", "create")["path"]
    code, out, err = _issue(capsys, dirs, "--json")
    assert code == 0, err
    first = json.loads(out)["number"]
    case_number = _file_new_case(dirs / "shunde").case_number
    restored = run_json(capsys, "--data-dir", dirs / "shunde", "backup", "restore", backup)
    assert restored["numbering_hold"] is None and restored["numbers_carried"] == 1
    assert not _held(capsys, dirs)
    code, out, err = _issue(capsys, dirs, "--json", "--force")
    assert code == 0, err
    again = json.loads(out)["number"]
    assert again != first and again.startswith(first[:first.index("〕") + 1])
    assert _file_new_case(dirs / "shunde").case_number != case_number
    # the number taken before the restore, its document lost, is not void: its document may be issued again under
    # it (session 66, docregister 1), once
    code, out, err = _issue(capsys, dirs, "--json", "--serial", first[first.index("〕") + 1:-1], "--force")
    assert code == 0 and json.loads(out)["number"] == first, err
    code, _out, err = _issue(capsys, dirs, "--serial", first[first.index("〕") + 1:-1], "--force")
    assert code == 1 and ("already issued" in err or "已" in err) and "作废" not in err and "void" not in err


@pytest.mark.parametrize("serial", ["99999999999999999999", "9223372036854775807", "1000000"])
def test_a_serial_too_large_is_refused_in_one_line(capsys, dirs, english, serial):
    """Found by the numbering audit: a 20-digit serial was an internal error, and 9223372036854775807 was taken —
    every later number of the sequence then failed."""
    code, _out, err = _issue(capsys, dirs, "--serial", serial)
    assert code == 1 and err == f"Error: Serial {serial} is too large: a 文号's serial is at most 999,999; check the " \
                                 "number typed.\n"
    code, _out, err = _issue(capsys, dirs, "--force")
    assert code == 0, err
