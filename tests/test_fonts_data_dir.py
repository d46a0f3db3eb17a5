"""The fonts of ``--data-dir``: a command (or the window) working on a data directory named on its command line renders
and measures its documents with that directory's ``fonts`` folder, the one its messages name, not the fonts folder of
WORKSTATION_HOME or the platform's data directory."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.helpers import run
from workstation.documents.fonts import resolve_fonts
from workstation.paths import resolve_data_dir

CASE = "佛南市监立〔2026〕1号"
# 𝐁 (U+1D401) stands for a rare character: the Debian faces lack it, and a TrueType file of this machine has it
CHAR, SOURCE = "\U0001d401", Path("/usr/share/fonts/truetype/dejavu/DejaVuMathTeXGyre.ttf")
GIVEN = {"evidence": "1.询问笔录一份；2.现场笔录一份。"}


@pytest.fixture
def rare_font():
    if not SOURCE.is_file():
        pytest.skip(f"{SOURCE} is not installed")
    if not resolve_fonts().uncovered(CHAR):
        pytest.skip("an installed face already has U+1D401")
    return SOURCE


def _values(tmp_path: Path) -> Path:
    values = tmp_path / "v.json"
    values.write_text(json.dumps({**GIVEN, "party_name": f"佛山市南海区王{CHAR}商行"}, ensure_ascii=False),
                      encoding="utf-8")
    return values


def test_docs_render_uses_the_fonts_folder_of_data_dir_not_of_workstation_home(demo_db, data_dir, tmp_path,
                                                                              _isolated_home, rare_font, capsys,
                                                                              english):
    assert data_dir != _isolated_home  # WORKSTATION_HOME points elsewhere, at a folder without the font
    (data_dir / "fonts").mkdir()
    shutil.copyfile(rare_font, data_dir / "fonts" / "HanaMinB.ttf")  # a name the missing-glyph refusal suggests
    code, out, err = run(capsys, "--data-dir", data_dir, "docs", "render", CASE, "--form", "penalty_decision",
                         "--values", _values(tmp_path), "-o", tmp_path / "draft.pdf")
    assert code == 0, err
    assert "no glyph" not in err  # the character is drawn, not said to print as a blank box
    pdf = (tmp_path / "draft.pdf").read_bytes()
    assert b"DejaVuMathTeXGyre" in pdf  # the face of data_dir/fonts embedded for it


def test_the_font_in_workstation_home_is_not_used_for_another_data_dir(demo_db, data_dir, tmp_path, _isolated_home,
                                                                      rare_font, capsys, english):
    (_isolated_home / "fonts").mkdir(parents=True)
    shutil.copyfile(rare_font, _isolated_home / "fonts" / "HanaMinB.ttf")
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "render", CASE, "--form", "penalty_decision",
                          "--values", _values(tmp_path), "-o", tmp_path / "draft.pdf")
    assert code == 0
    assert "has no glyph" in err and str(data_dir / "fonts") in err  # the folder named is the one looked in
    assert b"DejaVuMathTeXGyre" not in (tmp_path / "draft.pdf").read_bytes()


def test_the_data_dir_of_a_command_is_given_back_when_it_ends(data_dir, _isolated_home, capsys):
    run(capsys, "--data-dir", data_dir, "fonts")
    assert resolve_data_dir(None) == _isolated_home  # the next caller without one gets the default again


@pytest.mark.gui
def test_the_window_on_data_dir_draws_with_its_fonts_folder(data_dir, _isolated_home, rare_font, monkeypatch, qapp):
    """The window's previews and PDFs (rendered without being handed the folder) use the fonts of its --data-dir."""
    import sys

    from ui import app

    (data_dir / "fonts").mkdir()
    shutil.copyfile(rare_font, data_dir / "fonts" / "HanaMinB.ttf")
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # main installs its error dialog there
    drawn = []

    def start(data, *args, **kwargs):  # the window as it would open: what its documents would draw 𝐁 with
        drawn.append((data, resolve_fonts().uncovered(CHAR)))
        return None  # the officer quit at the login

    monkeypatch.setattr(app, "start", start)
    assert app.main(["--data-dir", str(data_dir)]) == 0
    assert drawn == [(data_dir, "")]  # before: "𝐁", the fonts of WORKSTATION_HOME looked in
    assert resolve_data_dir(None) == _isolated_home  # given back once the window closed
