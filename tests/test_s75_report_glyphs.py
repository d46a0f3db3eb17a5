"""The campaign report (通报) read back, audit report_readback: (1) a station's name or a case number sent in a bundle
with characters no installed font has (𠮷 U+20BB7, 𬌗 U+2C317) or an emoji (😀) printed blank boxes with no warning
and an emoji in a 公文 — now the report is checked as a document is (``glyphs.document_missing_glyphs``): `report
campaign` warns on stderr and in its --json "warnings", naming each character and where it is, the window says so
after printing, and a run that freezes the period is refused, changing nothing; (2) table 3 split a count of nine
digits (123456789 records) over two lines — from format 25 on a figure too wide for its cell is set smaller, whole on
one line, in the PDF and the DOCX, and a period frozen before prints as it was sent."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from tests.helpers import db_digest, open_db, run, run_json
from workstation.cli import main
from workstation.i18n import _

STATION = "三水𠮷𬌗站😀"
RARE_CASE = "佛水市监立〔2026〕𠮷11号"
HEAD = "案件编号,当事人,统一社会信用代码,所属区,行业领域,案由,违法行为,立案日期,办理状态,涉案信息条数,罚款金额（元）,没收违法所得（元）\n"
RARE_ROWS = (f"{RARE_CASE},甲公司,,三水区,房地产租售,案由,非法提供或泄露个人信息,2026-03-15,已决定,123456789,\"9,999.99\",0\n"
             "佛水市监立〔2026〕12号,乙公司,,三水区,教育培训,案由,未经同意发送商业性信息,2026-03-16,已决定,1,40,0\n")
BIG_ROWS = ("佛顺市监立〔2026〕11号,甲公司,,顺德区,房地产租售,案由,非法提供或泄露个人信息,2026-03-15,已决定,123456789,"
            "\"99,999,999.99\",0\n"
            "佛南市监立〔2026〕12号,乙公司,,南海区,教育培训,案由,未经同意发送商业性信息,2026-03-16,已决定,1,40,0\n"
            "佛禅市监立〔2026〕13号,丙公司,,禅城区,教育培训,案由,未经同意发送商业性信息,2026-03-17,已决定,1,40,0\n")


def _cli(*argv) -> None:
    quiet = io.StringIO()
    with contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet):
        assert main([str(a) for a in argv]) == 0, quiet.getvalue()


@pytest.fixture(scope="module")
def network(tmp_path_factory) -> Path:
    """A station of 三水 named with two rare characters and an emoji, whose register names a case with 𠮷 reaching
    the criminal threshold, and headquarters that merged its bundle."""
    root = tmp_path_factory.mktemp("glyphs")
    station, hq = root / "station", root / "hq"
    (root / "rare.csv").write_text(HEAD + RARE_ROWS, encoding="utf-8")
    _cli("--data-dir", station, "init", "--agency", "440607", "--station-name", STATION)
    _cli("--data-dir", station, "cases", "import", root / "rare.csv")
    _cli("--data-dir", station, "station", "export", "-o", root / "station.card")
    _cli("--data-dir", hq, "init", "--station-name", "佛山市局")
    _cli("--data-dir", hq, "station", "role", "headquarters")
    _cli("--data-dir", hq, "station", "trust", root / "station.card")
    _cli("--data-dir", station, "bundle", "export", "-o", root / "rare.bundle")
    _cli("--data-dir", hq, "bundle", "import", root / "rare.bundle")
    return root


@pytest.fixture(scope="module")
def big(tmp_path_factory) -> Path:
    """A city-wide database whose 顺德 case holds 123456789 records (nine digits)."""
    root = tmp_path_factory.mktemp("big")
    (root / "big.csv").write_text(HEAD + BIG_ROWS, encoding="utf-8")
    _cli("--data-dir", root / "db", "init")
    _cli("--data-dir", root / "db", "cases", "import", root / "big.csv")
    return root


# 1. characters no font has, and emoji ----------------------------------------------------------------------------

def test_a_report_printing_characters_no_font_has_warns_naming_each_and_where_it_is(capsys, network, tmp_path):
    code, out, err = run(capsys, "--data-dir", network / "hq", "report", "campaign", "-o", tmp_path / "r.pdf",
                         "--json")
    assert code == 0, err
    import json

    result = json.loads(out)
    assert result["path"] == str(tmp_path / "r.pdf") and result["pages"]  # the keys CLI.md lists are kept
    warnings = result["warnings"]
    station = _("Station name ({code})").format(code="440607")
    named = [w for w in warnings if w.startswith(station)]
    assert any("U+20BB7" in w and "U+2C317" in w for w in named)  # both rare characters of the station's name
    assert any("U+1F600" in w for w in named)  # the emoji, apart
    assert any(w.startswith(_("Case number")) and "U+20BB7" in w for w in warnings)
    for warning in warnings:  # each on stderr too
        assert warning in err
    # the PDF indeed prints them as blanks (what the warning is about)
    text = "".join(page.extract_text() for page in PdfReader(tmp_path / "r.pdf").pages)
    assert "𠮷" not in text and "三水" in text


def test_a_report_without_such_characters_has_no_warning(capsys, big, tmp_path):
    code, out, err = run(capsys, "--data-dir", big / "db", "report", "campaign", "-o", tmp_path / "r.pdf", "--json")
    assert code == 0 and "warnings" not in out and "U+" not in err


def test_the_docx_is_warned_of_the_emoji_word_draws_the_rare_characters_itself(capsys, network, tmp_path):
    result = run_json(capsys, "--data-dir", network / "hq", "report", "campaign", "--format", "docx",
                      "-o", tmp_path / "r.docx")
    assert any("U+1F600" in w for w in result["warnings"])
    assert not any("U+20BB7" in w for w in result["warnings"])


def test_freezing_a_report_that_would_print_blank_boxes_is_refused_changing_nothing(capsys, network, tmp_path):
    hq = tmp_path / "hq"
    import shutil

    shutil.copytree(network / "hq", hq)
    before = db_digest(hq)
    code, out, err = run(capsys, "--data-dir", hq, "report", "campaign", "--freeze", "2026年第1期",
                         "-o", tmp_path / "r.pdf")
    assert code != 0 and "U+20BB7" in err and "U+1F600" in err
    assert not (tmp_path / "r.pdf").exists()
    assert db_digest(hq) == before
    assert run_json(capsys, "--data-dir", hq, "report", "periods") == []
    # the workbook freezes the same figures, printed later as the PDF: refused too
    code, _out, err = run(capsys, "--data-dir", hq, "report", "campaign", "--freeze", "2026年第1期", "--format",
                          "xlsx", "-o", tmp_path / "r.xlsx")
    assert code != 0 and "U+20BB7" in err and not (tmp_path / "r.xlsx").exists()


def test_the_window_shows_the_warnings_after_printing(demo_db, make_window, prompts, tmp_path):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QDialogButtonBox

    demo_db.execute("UPDATE agencies SET short_name = '三水𠮷局' WHERE code = '440607'")
    window = make_window(demo_db)
    window.navigation.setCurrentRow(4)
    target = tmp_path / "通报.pdf"
    prompts.files.append(str(target))

    def fill_and_print():
        dialog = QApplication.activeModalWidget()
        dialog.choose_path()
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    QTimer.singleShot(0, fill_and_print)
    window.stats_page.print_report()
    assert target.exists() and prompts.errors == []
    assert str(target) in prompts.infos[-1]
    assert "U+20BB7" in prompts.details[-1] and _("Unit name") in prompts.details[-1]


# 2. table 3's nine-digit counts ------------------------------------------------------------------------------------

def _table3_lines(pdf: Path) -> list[str]:
    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    start = text.index("各单位工作情况")
    return text[start:text.index("图1", start)].splitlines()


def test_table_3_prints_a_nine_digit_count_whole_on_one_line_equal_to_stats(capsys, big, tmp_path):
    stats = run_json(capsys, "--data-dir", big / "db", "stats")
    assert stats["infringing_records"] == 123456791
    run_json(capsys, "--data-dir", big / "db", "report", "campaign", "-o", tmp_path / "big.pdf")
    lines = _table3_lines(tmp_path / "big.pdf")
    shunde = next(line for line in lines if line.startswith("顺德区局"))
    assert "123456789" in shunde.split()
    total = next(i for i, line in enumerate(lines) if line.startswith("全市"))
    assert str(stats["infringing_records"]) in " ".join(lines[total:total + 2]).split()
    assert not any(re.fullmatch(r"\d", line.strip()) for line in lines)  # no digit left alone on a line


def test_table_3_sets_only_the_figures_too_wide_smaller_and_the_docx_as_the_pdf(capsys, big, tmp_path):
    from workstation.documents.blocks import Table
    from workstation.reports import report_data
    from workstation.reports.document import report_document

    db = open_db(big / "db")
    try:
        data = report_data(db)
    finally:
        db.conn.close()
    table = [b for b in report_document(data).blocks if isinstance(b, Table)][2]
    styles = {p.text: p.style for row in table.rows[1:] for cell in row.cells for p in cell.paragraphs}
    assert styles["123456789"] == "cell_label_compact" and styles["1"] == "cell_label"
    # a period frozen before format 25 prints as it was sent
    table = [b for b in report_document(data | {"format": 24}).blocks if isinstance(b, Table)][2]
    assert {p.style for row in table.rows[1:] for cell in row.cells[1:] for p in cell.paragraphs} == {"cell_label"}
    # ten digits still fit on one line, smaller again
    data["bureau_table"][0]["records"] = 1234567890
    table = [b for b in report_document(data).blocks if isinstance(b, Table)][2]
    assert any(p.text == "1234567890" and p.style == "cell_label_small"
               for row in table.rows for cell in row.cells for p in cell.paragraphs)
    # the DOCX sets the cell in the same smaller size (10.5 pt), in table 3 only (table 2's column is wide enough)
    run_json(capsys, "--data-dir", big / "db", "report", "campaign", "--format", "docx", "-o", tmp_path / "big.docx")
    document = docx.Document(tmp_path / "big.docx")
    sizes = {}
    for table in document.tables:
        kind = "bureau" if any(c.text.replace("\n", "") == "按期办结（条）" for c in table.rows[0].cells) else "other"
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    if paragraph.text == "123456789":
                        sizes.setdefault(kind, set()).add(paragraph.style.font.size.pt)
    assert sizes == {"bureau": {10.5}, "other": {12.0}}


# 3. every emoji warned of in the DOCX, one no font has too (final read, finding 2) ---------------------------------

@pytest.fixture(scope="module")
def emoji(big, tmp_path_factory) -> Path:
    """The city-wide database of ``big`` whose agency is named with 🥰 (U+1F970, which no installed font has) and 😀
    (which DejaVu Sans draws)."""
    import shutil

    from workstation.documents.fonts import resolve_fonts

    assert resolve_fonts().uncovered("🥰😀") == "🥰"  # what the test is about: one emoji no font has, one a font has
    root = tmp_path_factory.mktemp("emoji")
    shutil.copytree(big / "db", root / "db")
    db = open_db(root / "db")
    try:
        db.execute("UPDATE agencies SET name = '佛山🥰市局😀', short_name = '佛山🥰局😀'")
        db.conn.commit()
    finally:
        db.conn.close()
    return root


def test_the_docx_is_warned_of_every_emoji_one_no_font_has_too(capsys, emoji, tmp_path):
    warnings = run_json(capsys, "--data-dir", emoji / "db", "report", "campaign", "--format", "docx",
                        "-o", tmp_path / "r.docx")["warnings"]
    named = [w for w in warnings if w.startswith(_("Agency name"))]
    assert len(named) == 1 and "U+1F970" in named[0] and "U+1F600" in named[0]
    # said as an emoji, to be deleted — not as a character to find a font for
    assert named[0].index("U+1F970") < named[0].index("U+1F600")  # in the order written
    assert not any("U+1F970" in w and "simsunb.ttf" in w for w in warnings)
    # the PDF names both as well: 🥰 as a blank box, 😀 as an emoji
    pdf = run_json(capsys, "--data-dir", emoji / "db", "report", "campaign", "-o", tmp_path / "r.pdf")["warnings"]
    assert any("U+1F970" in w for w in pdf) and any("U+1F600" in w for w in pdf)


# 4. no private helper of another module, no style named twice (final read, finding 3) ------------------------------

def test_the_report_uses_no_private_helper_of_the_documents_modules():
    import ast

    from workstation.documents import blocks, fitting, glyphs
    from workstation.reports import document

    assert callable(glyphs.by_field) and callable(blocks.width_in_chars) and callable(glyphs.pictograph)
    for path in Path(document.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module in ("workstation.documents.glyphs",
                                                                    "workstation.documents.blocks",
                                                                    "workstation.documents.compose"):
                assert not [a.name for a in node.names if a.name.startswith("_")], path.name
    assert document.FIGURE_STYLES == ("cell_label", fitting.COMPACT_STYLES["cell_label"],
                                      fitting.SMALL_STYLES["cell_label"])
