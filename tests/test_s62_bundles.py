"""Bundles audit, session 62.

1. A bundle export given a relative ``-o`` and cut off between putting the bundle in place and recording it: the
   next export, run from another folder, still finds that bundle and removes it (its note and its ``bundle_exports``
   row keep the absolute path), while what the command prints names the file as the officer gave it.
2. A file that is no bundle at all (a station card, a PDF) chosen for `bundle import`/`bundle verify` or on the
   exchange page is not called "truncated or damaged, copy it again": a station card is said to be one, with where
   it is taken in; anything else is said to be no case bundle; a zip cut short keeps its "truncated" refusal."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.backup_fixtures import PROJECT
from tests.data_digest import data_digest
from tests.helpers import open_db, run
from workstation.bundle.export_journal import journal_folder

CARD_REFUSAL = ("{name} is a station card, not a case bundle: take it in with `station headquarters FILE` "
                "(headquarters' card, at a station) or `station trust FILE` (a station's card, at headquarters).")
# the window names its buttons, no command (as ``not_for_this_key_text(window=True)``)
CARD_REFUSAL_WINDOW = ("{name} is a station card, not a case bundle: take it in on the Exchange page with “Set "
                       "headquarters' key…” (headquarters' card, at a station) or “Trust a station…” (a station's "
                       "card, at headquarters).")
NOT_A_BUNDLE = ("{name} is not a case bundle of the workstation: choose the .bundle file the station or headquarters "
                "exported.")
TRUNCATED = ("{name} is not a complete bundle (truncated or damaged archive): copy it again, or ask the sender for it "
             "again.")


def _exports(data: Path) -> list[tuple[str, str]]:
    db = open_db(data)
    try:
        return [(r[0], r[1]) for r in db.execute("SELECT id, path FROM bundle_exports ORDER BY created_at, rowid")]
    finally:
        db.conn.close()


def _killed_after_the_rename(data: Path, output: str, cwd: Path) -> subprocess.CompletedProcess:
    """`bundle export -o OUTPUT` run in ``cwd``, in a process that dies the moment its bundle is in place."""
    code = (f"import os, sys; sys.path.insert(0, {str(PROJECT)!r}); import workstation.bundle.writer as writer; "
            "placed = writer._put_in_place; "
            "writer._put_in_place = lambda temp, out: (placed(temp, out), os._exit(0)); "
            "from workstation.cli import main; main(sys.argv[1:])")
    return subprocess.run([sys.executable, "-c", code, "--data-dir", str(data), "bundle", "export", "--plain",
                           "-o", output], cwd=cwd, capture_output=True,
                          env={**os.environ, "WORKSTATION_LANG": "en"})


# 1 ----------------------------------------------------------------------------------------------------------------
def test_a_relative_output_cut_off_is_found_and_removed_by_an_export_run_from_elsewhere(
        capsys, station_and_hq_copy, tmp_path, monkeypatch, english):
    station = station_and_hq_copy / "station"
    stick, elsewhere = tmp_path / "stick", tmp_path / "elsewhere"
    stick.mkdir()
    elsewhere.mkdir()
    killed = _killed_after_the_rename(station, "cut.bundle", stick)
    assert killed.returncode == 0, killed.stderr
    cut = stick / "cut.bundle"
    assert cut.is_file()
    notes = list(journal_folder(station).glob("*.json"))
    assert len(notes) == 1 and json.loads(notes[0].read_text(encoding="utf-8"))["path"] == str(cut)

    monkeypatch.chdir(elsewhere)  # the next export, from another folder, with a relative -o again
    code, out, err = run(capsys, "--data-dir", station, "bundle", "export", "--plain", "-o", "next.bundle", "--json")
    assert code == 0, err
    result = json.loads(out)
    assert not cut.exists()
    assert [row["file"] for row in result["unrecorded"]] == [str(cut)] and result["unrecorded"][0]["removed"]
    assert f"The bundle {cut}, written by an export that was cut off" in err
    # what is printed names the file as given; what is recorded names it wherever the next run is started
    assert result["path"] == "next.bundle" and (elsewhere / "next.bundle").is_file()
    assert _exports(station)[-1] == (result["bundle_id"], str(elsewhere / "next.bundle"))
    assert not list(journal_folder(station).glob("*.json"))


# 2 ----------------------------------------------------------------------------------------------------------------
def _refused(capsys, data_dir: Path, *argv) -> str:
    before = data_digest(data_dir)
    code, out, err = run(capsys, "--data-dir", data_dir, *argv)
    assert code == 1, out
    assert "Traceback" not in err
    assert data_digest(data_dir) == before or argv[:2] == ("bundle", "import")  # import lists a refusal
    lines = [line for line in err.splitlines() if line.startswith("Error: ")]
    assert len(lines) == 1, err
    return lines[0].removeprefix("Error: ")


@pytest.mark.parametrize("command", [("bundle", "verify"), ("bundle", "import")])
def test_a_station_card_given_as_a_bundle_is_said_to_be_one_and_where_it_is_taken_in(
        capsys, station_and_hq_dirs, english, command):
    dirs = station_and_hq_dirs
    card = dirs / "hq.card"
    assert _refused(capsys, dirs / "station", *command, card) == CARD_REFUSAL.format(name="hq.card")
    indented = dirs / "南海.card"  # a card saved again by an editor: a byte-order mark, other spacing
    indented.write_bytes(b"\xef\xbb\xbf\n" + b" " * 20 + json.dumps(json.loads(card.read_text(encoding="utf-8")),
                                                           indent=4).encode("utf-8"))
    assert _refused(capsys, dirs / "hq", *command, indented) == CARD_REFUSAL.format(name="南海.card")


def test_a_station_cards_refusal_has_the_windows_wording_too(station_and_hq_dirs, english):
    from workstation.bundle.reader import BundleRefused, open_bundle

    with pytest.raises(BundleRefused) as refused:
        open_bundle(station_and_hq_dirs / "hq.card")
    assert refused.value.message == CARD_REFUSAL.format(name="hq.card")
    assert refused.value.window_message == CARD_REFUSAL_WINDOW.format(name="hq.card")


@pytest.mark.parametrize("content", [b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", b'{"format": "something-else"}',
                                     b"hello, not a zip", b"\x00" * 64])
def test_a_file_that_is_no_bundle_is_said_to_be_none(capsys, station_and_hq_dirs, english, content):
    dirs = station_and_hq_dirs
    (dirs / "x.pdf").write_bytes(content)
    for command in (("bundle", "verify"), ("bundle", "import")):
        assert _refused(capsys, dirs / "hq", *command, dirs / "x.pdf") == NOT_A_BUNDLE.format(name="x.pdf")


def test_a_zip_cut_short_is_still_said_to_be_truncated(capsys, station_and_hq_dirs, english):
    dirs = station_and_hq_dirs
    assert run(capsys, "--data-dir", dirs / "station", "bundle", "export", "--plain", "-o", dirs / "ok.bundle")[0] == 0
    raw = (dirs / "ok.bundle").read_bytes()
    for name, data in (("half.bundle", raw[:len(raw) // 2]), ("two.bundle", raw[:2]), ("empty.bundle", b"")):
        (dirs / name).write_bytes(data)
        assert _refused(capsys, dirs / "hq", "bundle", "verify", dirs / name) == TRUNCATED.format(name=name)


@pytest.mark.gui
def test_the_exchange_page_says_the_same_of_a_card_and_of_a_pdf(station_and_hq_dirs, qtbot, prompts, english):
    from ui.exchange_page import ExchangePage
    from ui.task_runner import ImmediateRunner

    dirs = station_and_hq_dirs
    (dirs / "通报.pdf").write_bytes(b"%PDF-1.7\n")
    db = open_db(dirs / "station")
    try:
        page = ExchangePage(db, dirs / "station", prompts, ImmediateRunner())
        qtbot.addWidget(page)
        page.import_bundles([str(dirs / "hq.card"), str(dirs / "通报.pdf")])
        assert prompts.errors == [CARD_REFUSAL_WINDOW.format(name="hq.card"), NOT_A_BUNDLE.format(name="通报.pdf")]
        assert prompts.confirmations == [] and prompts.infos == []
    finally:
        db.conn.close()
