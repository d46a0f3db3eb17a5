"""Bad input on the command line (audit s76: /tmp/reports76/cli_badinput.md).

1–2. A file name or a backup id longer than the system takes (255 bytes: some 85 Chinese characters) is refused
     with its reason, the name shortened with "…", exit 1 — not a traceback, nor "internal error"; nothing changed.
3.   A freeze label, a publicity title and an evidence description with a control character are refused, as a
     party's name is; a freeze label is 100 characters at most.
4.   A freeze failing at its commit leaves no report file.
5.   An empty --paid is refused, as an empty --fine is.
6.   `cases review-grounds --ground` lists key (label) as the other options do and takes the label.
7.   An empty --party is said to be empty; a long value is not repeated whole.
"""

from __future__ import annotations

import json
import sqlite3

import pytest

from tests.helpers import open_db, run, run_json
from tests.test_clock_law_audit import reconsidered

CASE = "佛三市监立〔2026〕1号"
OPEN_CASE = "佛南市监立〔2026〕9号"  # under investigation: its evidence register open
LONG_NAME = "长" * 94  # 282 bytes in UTF-8


@pytest.fixture
def station(cli_station, tmp_path):
    return cli_station(tmp_path / "station")


def counts(data_dir) -> dict:
    db = open_db(data_dir)
    try:
        return {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                for t in ("audit", "evidence", "report_periods", "publicity", "cases")}
    finally:
        db.conn.close()


def refused_once(code, out, err) -> str:
    assert (code, out) == (1, ""), err
    assert "Traceback" not in err and "Internal error" not in err
    assert len(err.strip().splitlines()) == 1, err
    return err


# ---- 1–2. names too long ------------------------------------------------------------------------------------------

def test_a_backup_restore_of_a_long_id_says_the_name_is_too_long(station, capsys, english):
    before = counts(station)
    err = refused_once(*run(capsys, "--data-dir", station, "backup", "restore", "x" * 300))
    assert err == f"Error: {'x' * 80}… cannot be read: the name is too long\n"
    assert counts(station) == before


@pytest.mark.parametrize(("command", "said"), [
    (["backup", "verify", LONG_NAME], f"Error: {LONG_NAME[:80]}… cannot be read: the name is too long\n"),
    (["evidence", "add", CASE, f"{LONG_NAME}.pdf"], "cannot be read: the name is too long"),
    (["cases", "import", f"{LONG_NAME}.csv"], "cannot be read: the name is too long"),
    (["complaints", "import", f"{LONG_NAME}.csv"], "cannot be read: the name is too long"),
    (["report", "campaign", "--format", "pdf", "-o", "OUT"], "cannot be written: the name is too long"),
    (["docs", "render", CASE, "--form", "filing_approval", "-o", "OUT"], "cannot be written: the name is too long"),
])
def test_a_file_name_too_long_is_refused_with_its_reason(station, tmp_path, capsys, english, command, said):
    command = [str(tmp_path / f"{LONG_NAME}.pdf") if a == "OUT" else a for a in command]
    before = counts(station)
    err = refused_once(*run(capsys, "--data-dir", station, *command))
    assert said in err and "…" in err and LONG_NAME not in err
    assert counts(station) == before
    assert not list(tmp_path.glob("长*"))


def test_cases_import_json_names_the_reason_in_its_errors(station, capsys, english):
    code, out, err = run(capsys, "--data-dir", station, "cases", "import", f"{LONG_NAME}.csv", "--json")
    assert code == 1 and "the name is too long" in err
    [error] = json.loads(out)["errors"]
    assert error["message"].endswith("cannot be read: the name is too long")


# ---- 3. control characters and the freeze label's length ---------------------------------------------------------

@pytest.mark.parametrize("label", ["11月\x1b[2J\x07", "二" * 101])
def test_a_freeze_label_with_a_control_character_or_too_long_is_refused(station, tmp_path, capsys, english, label):
    out_file = tmp_path / "r.xlsx"
    before = counts(station)
    err = refused_once(*run(capsys, "--data-dir", station, "report", "campaign", "--freeze", label, "-o", out_file))
    assert "The label to freeze the period under" in err
    assert ("control character (U+001B)" in err) if "\x1b" in label else ("101 characters" in err and "100" in err)
    assert counts(station) == before and not out_file.exists()


def test_a_freeze_label_of_100_characters_is_frozen(station, tmp_path, capsys):
    result = run_json(capsys, "--data-dir", station, "report", "campaign", "--freeze", "二" * 100,
                      "-o", tmp_path / "r.xlsx")
    assert result["frozen"] is True and (tmp_path / "r.xlsx").is_file()


def test_a_publicity_title_with_an_escape_is_refused(station, capsys, english):
    before = counts(station)
    err = refused_once(*run(capsys, "--data-dir", station, "publicity", "add", "--date", "2026-03-08", "--agency",
                            "440607", "--title", "进社区\x1b[2J宣传\x07"))
    assert "--title" in err and "control character (U+001B)" in err
    assert counts(station) == before


def test_an_evidence_description_with_a_bell_is_refused(station, tmp_path, capsys, english):
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"\xff\xd8\xff" + b"0" * 100)
    before = counts(station)
    err = refused_once(*run(capsys, "--data-dir", station, "evidence", "add", OPEN_CASE, photo, "--description",
                            "现场照片\x07"))
    assert "--description" in err and "control character (U+0007)" in err
    assert counts(station) == before


# ---- 4. a freeze failing at its commit --------------------------------------------------------------------------

class _CommitFails:
    """A connection whose COMMIT fails as on a full disk; everything else is the connection's own."""

    def __init__(self, conn):
        self._conn = conn

    def execute(self, sql, *params):
        if sql.strip().upper() == "COMMIT":
            raise sqlite3.OperationalError("database or disk is full")
        return self._conn.execute(sql, *params)

    def __getattr__(self, name):
        return getattr(self._conn, name)


def test_a_freeze_failing_at_its_commit_leaves_no_report(station, tmp_path):
    from workstation.errors import WorkstationError
    from workstation.reports import list_periods, write_campaign_report

    db = open_db(station)
    (tmp_path / "out").mkdir()
    out_file = tmp_path / "out" / "r.xlsx"
    try:
        real = db.conn
        db.conn = _CommitFails(real)
        try:
            with pytest.raises(WorkstationError):
                write_campaign_report(db, out_file, "xlsx", freeze_as="2026年11月")
        finally:
            db.conn = real
        assert list_periods(db) == []
    finally:
        db.conn.close()
    assert list((tmp_path / "out").iterdir()) == []


# ---- 5. an empty --paid ------------------------------------------------------------------------------------------

def test_an_empty_paid_is_refused_not_read_as_no_payment(db, data_dir, make_case, capsys, english):
    case = reconsidered(db, make_case)
    code, out, err = run(capsys, "cases", "transition", case.case_number, "record_performance", "--date",
                         "2026-07-11", "--paid", "", "--data-dir", data_dir)
    assert (code, out) == (1, "") and "--paid" in err and "empty" in err
    assert db.execute("SELECT status FROM cases WHERE id = ?", [case.id]).fetchone()[0] == case.status


# ---- 6. review grounds as the other options --------------------------------------------------------------------

def test_review_grounds_listed_as_key_and_label_and_taken_by_label(station, capsys, chinese):
    code, out, err = run(capsys, "--data-dir", station, "cases", "review-grounds", CASE, "--ground", "疑难")
    assert (code, out) == (1, "")
    assert "complex（案件情况疑难复杂、涉及多个法律关系）、required_by_law（" in err and ", " not in err
    marked = run_json(capsys, "--data-dir", station, "cases", "review-grounds", CASE, "--ground", "情节复杂",
                      "--ground", "案件情况疑难复杂、涉及多个法律关系")
    assert marked["review_grounds"] == ["complex_circumstances", "complex"]


# ---- 7. empty and long values in refusals ------------------------------------------------------------------------

def test_an_empty_party_is_said_to_be_empty(station, tmp_path, capsys, english):
    with pytest.raises(SystemExit) as exited:  # argparse's usage error, as every empty argument's
        run(capsys, "--data-dir", station, "docs", "render", CASE, "--form", "filing_approval", "--party", "",
            "-o", tmp_path / "x.pdf")
    out, err = capsys.readouterr()
    assert exited.value.code == 2 and out == "" and "--party: the value is empty" in err


def test_a_long_party_is_not_repeated_whole(station, capsys, english):
    code, out, err = run(capsys, "--data-dir", station, "cases", "transition", CASE, "record_performance",
                         "--party", "甲" * 10_000)
    assert (code, out) == (1, "") and "--party" in err
    assert "甲" * 80 + "…" in err and "甲" * 81 not in err and len(err) < 1000


# ---- final read (/tmp/reports76/fr_cli_badinput.md) ------------------------------------------------------------

def _rename_fails(monkeypatch):
    """The report's file cannot be given its name once written (the target open in WPS on Windows)."""
    import errno

    from workstation.output import StagedOutput

    monkeypatch.setattr(StagedOutput, "finish", lambda self: self._refuse(PermissionError(errno.EACCES, "locked")))


def test_a_freeze_whose_file_cannot_be_named_says_the_period_is_frozen_and_how_to_print_it(
        station, tmp_path, capsys, english, monkeypatch):
    out_file = tmp_path / "r.xlsx"
    _rename_fails(monkeypatch)
    err = refused_once(*run(capsys, "--data-dir", station, "report", "campaign", "--freeze", "2026年11月",
                            "-o", out_file))
    assert "frozen as report period 2026年11月" in err and "--period 2026年11月" in err
    assert f"{out_file} cannot be written" in err and not out_file.exists()
    monkeypatch.undo()
    printed = run_json(capsys, "--data-dir", station, "report", "campaign", "--period", "2026年11月", "-o", out_file)
    assert printed["frozen"] is True and out_file.is_file()


@pytest.mark.gui
def test_the_report_dialog_shown_again_after_such_a_freeze_offers_the_frozen_period(demo_db, prompts, qtbot,
                                                                                     tmp_path):
    from ui.report_dialog import CampaignReportDialog
    from workstation.reports.campaign import freeze_period

    freeze_period(demo_db, "2026年11月")
    dialog = CampaignReportDialog(demo_db, prompts, (None, None, None), "")
    qtbot.addWidget(dialog)
    dialog.restore(("xlsx", str(tmp_path / "r.xlsx"), True, None, True, "2026年11月"))
    assert dialog.frozen.isChecked() and dialog.frozen_list.currentData() == "2026年11月"
    assert dialog.validate() == {}
    assert dialog.request()["period_label"] == "2026年11月"


@pytest.mark.gui
def test_a_name_too_long_in_the_report_dialog_is_refused_with_its_reason(demo_db, prompts, qtbot, tmp_path,
                                                                        english):
    from ui.report_dialog import CampaignReportDialog

    dialog = CampaignReportDialog(demo_db, prompts, (None, None, None), "")
    qtbot.addWidget(dialog)
    dialog.path.setText(str(tmp_path / f"{LONG_NAME}.xlsx"))
    dialog.print_()
    [said] = prompts.errors
    assert "cannot be written: the name is too long" in said and LONG_NAME not in said and said.endswith(
        "the name is too long")
    assert dialog.result() == 0


def test_the_window_s_report_task_refuses_a_name_too_long(station, tmp_path, english):
    from workstation.errors import WorkstationError
    from workstation.reports import write_campaign_report

    db = open_db(station)
    try:
        with pytest.raises(WorkstationError) as refused:
            write_campaign_report(db, tmp_path / f"{LONG_NAME}.xlsx", "xlsx", freeze_as="2026年11月")
    finally:
        db.conn.close()
    assert "cannot be written: the name is too long" in refused.value.message
    assert counts(station)["report_periods"] == 0


def _deep_folder(tmp_path):
    folder = tmp_path.joinpath(*(f"文件夹第{n}" for n in range(12)))
    folder.mkdir(parents=True)
    return folder


def test_a_long_path_refused_keeps_its_file_name(station, tmp_path, capsys, english):
    folder = _deep_folder(tmp_path)
    existing = folder / ("2026年百日攻坚行动材料第0批" * 8)[:max(226 - len(str(folder)) - 6, 20)]
    existing = existing.with_name(existing.name + "通报.xlsx")
    existing.write_bytes(b"sent")
    assert len(str(existing)) >= 226
    err = refused_once(*run(capsys, "--data-dir", station, "report", "campaign", "-o", existing))
    assert "already exists" in err and "通报.xlsx" in err and existing.read_bytes() == b"sent"


def test_a_name_too_long_in_a_deep_folder_is_said_with_its_end(station, tmp_path, capsys, english):
    target = _deep_folder(tmp_path) / f"{LONG_NAME}.pdf"
    err = refused_once(*run(capsys, "--data-dir", station, "report", "campaign", "-o", target))
    assert "cannot be written: the name is too long" in err and "长.pdf" in err
    assert LONG_NAME not in err


def test_an_old_item_s_stored_escape_does_not_block_changing_another_text(station, tmp_path, capsys, english):
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"\xff\xd8\xff" + b"1" * 100)
    assert run(capsys, "--data-dir", station, "evidence", "add", OPEN_CASE, photo, "--description", "现场照片")[0] == 0
    db = open_db(station)
    try:  # stored as typed by an earlier version
        db.execute("UPDATE evidence SET description = ? WHERE file_name = 'photo.jpg'", ["现场照片\x1b[2J"])
        db.conn.commit()
    finally:
        db.conn.close()
    code, out, err = run(capsys, "--data-dir", station, "evidence", "set", OPEN_CASE, _item_number(station),
                         "--source", "当事人提供")
    assert code == 0, err
    err = refused_once(*run(capsys, "--data-dir", station, "evidence", "set", OPEN_CASE, _item_number(station),
                            "--description", "现场照片\x07"))
    assert "--description" in err and "control character (U+0007)" in err


def _item_number(data_dir) -> str:
    db = open_db(data_dir)
    try:
        case_id = db.execute("SELECT case_id FROM evidence WHERE file_name = 'photo.jpg'").fetchone()[0]
        return str(db.execute("SELECT COUNT(*) FROM evidence WHERE case_id = ?", [case_id]).fetchone()[0])
    finally:
        db.conn.close()


@pytest.mark.gui
@pytest.mark.parametrize(("label", "said"), [("11月\x1b[2J", "control character (U+001B)"),
                                             ("二" * 150, "150 characters")])
def test_the_report_dialog_shows_a_bad_freeze_label_under_its_field(demo_db, prompts, qtbot, tmp_path, english,
                                                                    label, said):
    from PySide6.QtWidgets import QDialogButtonBox

    from ui.report_dialog import CampaignReportDialog

    dialog = CampaignReportDialog(demo_db, prompts, (None, None, None), "")
    qtbot.addWidget(dialog)
    dialog.path.setText(str(tmp_path / "r.xlsx"))
    dialog.freeze.setChecked(True)
    dialog.freeze_label.setText(label)
    assert said in dialog.validate()["freeze_label"]
    assert said in dialog.errors["freeze_label"].text()
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()


def test_backup_create_into_a_folder_of_a_name_too_long_says_it_cannot_be_written(station, tmp_path, capsys,
                                                                                  english):
    err = refused_once(*run(capsys, "--data-dir", station, "backup", "create", "--folder", tmp_path / LONG_NAME))
    assert "the name is too long" in err and "cannot be read" not in err and LONG_NAME not in err


def test_argparse_s_own_error_does_not_repeat_a_long_value_whole(station, tmp_path, capsys, english):
    with pytest.raises(SystemExit) as exited:
        run(capsys, "--data-dir", station, "report", "campaign", "--format", "x" * 3000, "-o", tmp_path / "r.pdf")
    out, err = capsys.readouterr()
    assert exited.value.code == 2 and out == "" and "--format" in err
    assert "x" * 80 + "…" in err and "x" * 81 not in err and len(err) < 1000
