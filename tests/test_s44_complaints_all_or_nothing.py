"""`complaints import FILE...` on the command line imports its files all or none: CLI.md's exit 1 says that nothing
was changed, so a refused file leaves every file of the command unimported, each refused one named with its reason
on stderr and stdout saying what to do. A dry run says the same of what an import would do. The window's import
(one file a call) keeps each file's import on its own."""

import json

import pytest

from tests.helpers import run, run_json
from workstation.errors import Cancelled
from workstation.importing.complaints import CancelledMidway, import_complaints
from workstation.progress import CancelToken

COUNCIL_CSV = ("投诉编号,投诉时间,投诉人,联系电话,被投诉方,投诉内容,投诉类别,处理状态\n"
               "XW2026001,2026-03-01 09:00,张先生,13800138000,佛山市某房产中介,一直接到房产推销电话,房屋及装修,已办结\n"
               "XW2026002,2026-03-02 10:00,李女士,13900139000,佛山市某教育,培训机构短信骚扰,教育培训服务,已办结\n")
# a row whose time is no date: the file is refused, nothing of it imported
BAD_ROW_CSV = "投诉编号,投诉时间,投诉人电话,投诉内容\nT9,2026-02-30 10:00,13800138009,推销电话骚扰\n"


@pytest.fixture
def station(tmp_path, cli_station):
    return cli_station(tmp_path / "station", ["init", "--agency", "440605"], ["demo", "--without-complaints"])


@pytest.fixture
def files(tmp_path):
    good, pdf, bad_row = tmp_path / "消委会.csv", tmp_path / "投诉.pdf", tmp_path / "工单.csv"
    good.write_text(COUNCIL_CSV, encoding="utf-8")
    pdf.write_bytes(b"%PDF-1.7")
    bad_row.write_text(BAD_ROW_CSV, encoding="utf-8")
    return good, pdf, bad_row


def imported(capsys, station) -> int:
    return run_json(capsys, "--data-dir", station, "stats")["complaints"]["imported"]


def test_a_refused_file_leaves_every_file_of_the_command_unimported(station, files, capsys, english):
    good, pdf, _bad_row = files
    code, out, err = run(capsys, "--data-dir", station, "complaints", "import", good, pdf)
    assert code == 1
    assert err.count("\n") == 1 and err.startswith(f"Error: {pdf}: .pdf files cannot be imported")
    assert out.splitlines() == [
        f"No file was imported: {pdf} was refused (its error line says why) and the files of one import are imported "
        f"all or none. Read without fault: {good}. Mend the refused file or leave it out, then run the command again."]
    assert imported(capsys, station) == 0

    code, out, err = run(capsys, "--data-dir", station, "complaints", "import", good, pdf, "--json")
    result = json.loads(out)
    assert code == 1 and {"rows", "imported", "duplicates", "errors"} <= set(result)
    assert (result["imported"], result["duplicates"], result["imported_files"], result["refused_files"]) == (
        0, 0, [], [str(pdf)])
    assert [f["imported"] for f in result["files"]] == [0, 0]
    assert result["errors"][0]["file"] == str(pdf)
    assert imported(capsys, station) == 0

    # the refused file left out, the good one is imported in full (not said to be imported already)
    code, out, err = run(capsys, "--data-dir", station, "complaints", "import", good)
    assert code == 0 and "Error" not in err and out.startswith(f"{good} (消委会投诉): 2 rows, 2 imported, 0 duplicates.")
    assert imported(capsys, station) == 2


def test_every_refused_file_is_named_with_its_reason_those_after_the_first_too(station, files, capsys, english):
    good, pdf, bad_row = files
    code, out, err = run(capsys, "--data-dir", station, "complaints", "import", pdf, good, bad_row)
    assert code == 1
    first, second = err.splitlines()
    assert first.startswith(f"Error: {pdf}: .pdf files cannot be imported")
    assert second.startswith(f"Error: {bad_row}: 1 row cannot be read; nothing was imported from this file.")
    assert out.splitlines() == [
        f"No file was imported: {pdf}, {bad_row} were refused (their error lines say why) and the files of one import "
        f"are imported all or none. Read without fault: {good}. Mend the refused files or leave them out, then run "
        "the command again."]
    assert imported(capsys, station) == 0


def test_a_dry_run_says_that_an_import_would_import_no_file(station, files, capsys, english):
    good, pdf, _bad_row = files
    code, out, err = run(capsys, "--data-dir", station, "complaints", "import", good, pdf, "--dry-run")
    assert code == 1 and err.count("\n") == 1 and err.startswith(f"Error: {pdf}: ")
    assert out.splitlines() == [
        f"An import would import no file: {pdf} is refused (its error line says why) and the files of one import are "
        f"imported all or none. Read without fault: {good}. Mend the refused file or leave it out, then run the "
        "command again.",
        "Dry run: nothing was changed."]
    code, out, err = run(capsys, "--data-dir", station, "complaints", "import", good, pdf, "--dry-run", "--json")
    result = json.loads(out)
    assert (result["imported"], result["would_import"], result["would_import_files"]) == (0, 0, [])
    assert [f["would_import"] for f in result["files"]] == [0, 0]
    assert imported(capsys, station) == 0


def test_files_imported_together_are_rolled_back_together_when_cancelled(db, files, tmp_path):
    good, _pdf, _bad_row = files
    later = tmp_path / "热线.csv"
    later.write_text(COUNCIL_CSV.replace("XW2026", "RX2026"), encoding="utf-8")
    cancel = CancelToken()

    def progress(done, total, message):
        if "热线.csv" in message:
            cancel.cancel()

    with pytest.raises(Cancelled) as cancelled:
        import_complaints(db, [good, later], progress=progress, cancel=cancel, together=True)
    assert not isinstance(cancelled.value, CancelledMidway)  # nothing stays imported to be named
    assert db.execute("SELECT COUNT(*) FROM complaints").fetchone()[0] == 0


def test_the_window_s_import_keeps_each_file_on_its_own(db, files):
    good, pdf, _bad_row = files
    result = import_complaints(db, [good, pdf])
    assert not result.withheld and [f.imported for f in result.files] == [2, 0]
    assert db.execute("SELECT COUNT(*) FROM complaints").fetchone()[0] == 2
