"""Documents and the 卷宗 as the audit of the case file found them wanting: a 送达回证 names an issued document in
force of its case (never one voided, corrected or never issued), and voiding a served document says that its receipt
stands; a 案件调查终结报告 proposes something — a penalty, or 不予行政处罚 or 移送 —, never an empty line; a document
replaced by a correction is stamped 已更正 on its pages in the printed 卷宗; the help of `docs issue --serial` and
`docs register --year` says the year of the document's date, and the register's lines say when each was issued; the
目录's 题名 and 备注 are not starved for its 责任者."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from pypdf import PdfReader

from tests.helpers import beijing_today, beijing_year, run
from workstation.cli import main
from workstation.documents.casefile import print_case_file
from workstation.documents.drafts import draft_document, find_form
from workstation.documents.issuing import check_issue, document_pdf, get_document, issue_document
from workstation.documents.pdf_writer import render_pdf
from workstation.errors import WorkstationError
from workstation.store import find_case

CASE = "佛南市监立〔2026〕9号"  # demo case under investigation, with no document issued yet


def _number(serial: int, year: int | None = None) -> str:
    return f"佛南市监询〔{year or beijing_year()}〕{serial}号"


@pytest.fixture
def files(tmp_path):
    """Values files for the command line: an 询问通知书, and a 送达回证 naming what it served."""

    def write(name: str, values: dict):
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(values, ensure_ascii=False), encoding="utf-8")
        return path

    appear = (beijing_today() + dt.timedelta(days=5)).isoformat()
    notice = write("notice", {"appear_on": appear, "appear_time": "上午9时30分", "appear_place": "302室"})
    return notice, lambda served: write("receipt", {"served_document": served})


def _issue_notice(capsys, data_dir, notice, tmp_path, *more) -> None:
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "issue", CASE, "--form", "inquiry_notice",
                          "--values", notice, "-o", tmp_path / "n.pdf", "--force", *more)
    assert code == 0, err


def _issue_receipt(capsys, data_dir, receipt, tmp_path):
    target = tmp_path / "r.pdf"
    target.unlink(missing_ok=True)
    code, out, err = run(capsys, "--data-dir", data_dir, "docs", "issue", CASE, "--form", "delivery_receipt",
                         "--values", receipt, "-o", target)
    return code, out, err, target.exists()


# 1. a 送达回证 names a document issued and in force -------------------------------------------------------------
def test_a_receipt_for_a_voided_document_is_refused_naming_its_number(demo_db, data_dir, files, tmp_path, capsys,
                                                                      english):
    notice, receipt = files
    _issue_notice(capsys, data_dir, notice, tmp_path)
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "void", _number(1), "--reason", "地址错误")
    assert code == 0, err
    code, out, err, written = _issue_receipt(capsys, data_dir, receipt(f"询问通知书（{_number(1)}）"), tmp_path)
    assert (code, out, written) == (1, "", False)
    assert _number(1) in err and "void" in err and "地址错误" in err


def test_a_receipt_for_a_number_never_issued_is_refused(demo_db, data_dir, files, tmp_path, capsys, english):
    notice, receipt = files
    _issue_notice(capsys, data_dir, notice, tmp_path)
    code, out, err, written = _issue_receipt(capsys, data_dir, receipt(f"询问通知书（{_number(99)}）"), tmp_path)
    assert (code, out, written) == (1, "", False)
    assert _number(99) in err and "never issued" in err and _number(1) in err  # the last one given named


def test_a_receipt_for_a_corrected_document_is_refused_naming_its_correction(demo_db, data_dir, files, tmp_path,
                                                                             capsys, english):
    notice, receipt = files
    _issue_notice(capsys, data_dir, notice, tmp_path)
    _issue_notice(capsys, data_dir, notice, tmp_path, "--supersedes", _number(1))
    code, _out, err, written = _issue_receipt(capsys, data_dir, receipt(f"询问通知书（{_number(1)}）"), tmp_path)
    assert (code, written) == (1, False)
    assert _number(1) in err and _number(2) in err and "corrected" in err
    code, _out, err, written = _issue_receipt(capsys, data_dir, receipt(f"询问通知书（{_number(2)}）"), tmp_path)
    assert (code, written) == (0, True), err  # the one in force is served


def test_a_receipt_for_another_cases_document_is_refused_naming_that_case(demo_db, data_dir, files, tmp_path,
                                                                          capsys, english):
    from workstation.documents.stage_rules import stage_refusal

    notice, _receipt = files
    _issue_notice(capsys, data_dir, notice, tmp_path)
    other = find_case(demo_db, "佛南市监立〔2026〕8号")
    said = stage_refusal(demo_db, other, "delivery_receipt", {"served_document": f"询问通知书（{_number(1)}）"})
    assert _number(1) in said and CASE in said and "佛南市监立〔2026〕8号" in said


def test_a_receipt_naming_a_number_this_station_never_numbered_is_issued_with_a_warning(demo_db, data_dir, files,
                                                                                       tmp_path, capsys, english):
    _notice, receipt = files  # a document issued on paper, in a sequence this station has not numbered
    code, _out, err, written = _issue_receipt(capsys, data_dir, receipt(f"询问通知书（{_number(3, 2024)}）"),
                                              tmp_path)
    assert (code, written) == (0, True), err
    assert _number(3, 2024) in err and "paper" in err


def test_voiding_a_served_document_says_its_receipt_still_stands(demo_db, data_dir, files, tmp_path, capsys,
                                                                  english):
    notice, receipt = files
    _issue_notice(capsys, data_dir, notice, tmp_path)
    code, _out, err, _written = _issue_receipt(capsys, data_dir, receipt(f"询问通知书（{_number(1)}）"), tmp_path)
    assert code == 0, err
    code, out, err = run(capsys, "--data-dir", data_dir, "docs", "void", _number(1), "--reason", "地址错误")
    assert code == 0, err
    assert "送达回证" in out and "stays in force" in out and beijing_today().isoformat() in out


# 2. a 案件调查终结报告 proposes something -------------------------------------------------------------------------
def _report(db, **values):
    return check_issue(db, find_case(db, CASE), find_form("investigation_report"), values)


def test_a_report_proposing_nothing_is_refused_saying_how_to_propose(demo_db, english):
    with pytest.raises(WorkstationError) as refused:
        _report(demo_db)
    said = str(refused.value)
    assert "警告" in said and "罚款" in said and "不予行政处罚或者移送" in said and "transfer" in said
    values, _context = _report(demo_db, fine_fen=5000)  # a penalty proposed (in yuan)
    assert values["fine_fen"] == 500000


@pytest.mark.parametrize("disposal", ["不予行政处罚", "移送司法机关"])
def test_a_report_may_propose_no_penalty_or_a_transfer_and_prints_it(demo_db, data_dir, english, disposal):
    case = find_case(demo_db, CASE)
    report = issue_document(demo_db, data_dir, case, find_form("investigation_report"), {"disposal": disposal})
    printed = "".join("".join(page.extract_text().split())
                      for page in PdfReader(io.BytesIO(document_pdf(demo_db, data_dir, report.id))).pages)
    assert f"建议对本案作出如下处理：{disposal}。" in printed
    assert "如下行政处罚" not in printed and "听证标准" not in printed  # no penalty, so no hearing either
    with pytest.raises(WorkstationError) as refused:  # a penalty besides is refused: one or the other
        _report(demo_db, disposal=disposal, fine_fen=5000)
    assert disposal in str(refused.value) and "罚款" in str(refused.value)


def test_the_report_form_before_the_disposal_is_kept_for_the_documents_issued_on_it():
    from workstation.formkit.spec import earlier_form

    form = find_form("investigation_report")
    earlier = earlier_form(form.id, 8)  # the version before session 54's disposal
    assert earlier is not None and earlier.field("disposal") is None and form.field("disposal") is not None


# 3. a document replaced by a correction is stamped in the 卷宗 ---------------------------------------------------
def test_a_corrected_document_is_stamped_with_its_correction_in_the_printed_case_file(demo_db, data_dir, files,
                                                                                       tmp_path, capsys):
    notice, _receipt = files
    _issue_notice(capsys, data_dir, notice, tmp_path)
    _issue_notice(capsys, data_dir, notice, tmp_path, "--supersedes", _number(1))
    db = demo_db
    case = find_case(db, CASE)
    case_file = print_case_file(db, data_dir, case)
    pages = PdfReader(io.BytesIO(case_file.data)).pages
    before = 2  # the cover and the index
    old, new = get_document(db, _number(1)), get_document(db, _number(2))

    def texts(document):
        first, last = case_file.numbered[document.id]
        return ["".join(pages[before + n - 1].extract_text().split()) for n in range(first, last + 1)]

    assert all("已更正" in text and f"见{_number(2)}" in text for text in texts(old))
    assert not any("已更正" in text for text in texts(new))


# 4. the help and the register say which year and when -------------------------------------------------------------
def _help(capsys, *argv) -> str:
    with pytest.raises(SystemExit):
        main([*argv, "--help"])
    return " ".join(capsys.readouterr().out.split())


def test_the_serial_and_year_options_say_the_year_of_the_documents_date(capsys, english):
    issue = _help(capsys, "docs", "issue")
    assert "this year's" not in issue and "the year of the date the document bears" in issue
    register = _help(capsys, "docs", "register")
    assert "issued in that year" not in register and "dated in that year" in register


def test_the_registers_lines_say_when_each_document_was_issued(demo_db, data_dir, files, tmp_path, capsys):
    notice, _receipt = files
    _issue_notice(capsys, data_dir, notice, tmp_path)
    code, out, err = run(capsys, "--data-dir", data_dir, "docs", "register", "--search", _number(1))
    issued = get_document(demo_db, _number(1)).issued_at[:16].replace("T", " ")
    assert code == 0 and out.splitlines()[0].split("\t")[6] == issued  # the parties and id follow it (s68)


# 5. the 目录's widths -----------------------------------------------------------------------------------------------
AGENCY = "佛山市顺德区市场监督管理局"


def _cells(db, rows: list[str]) -> list[str]:
    case = find_case(db, CASE)
    return render_pdf(draft_document(db, case, find_form("file_index"), {"index": "\n".join(rows)})).text_lines(
        ("cell",))


def test_the_index_keeps_a_title_whole_and_wraps_the_agency_instead(read_demo_db):
    lines = _cells(read_demo_db, [f"1 |  | {AGENCY} | 立案审批表 | 2026年9月7日 | 1 | ",
                                  f"2 | 佛顺市监处〔2026〕1号 | {AGENCY} | 行政处罚决定书 | 2026年11月13日 | 2-3 | "])
    assert "行政处罚决定书" in lines and AGENCY not in lines


def test_the_index_gives_a_remark_more_than_two_characters_a_line(read_demo_db):
    rows = [f"{n} | 佛南市监询〔2026〕{n}号 | {AGENCY} | 询问通知书 | 2026年12月5日 | {n} | " for n in range(1, 12)]
    lines = _cells(read_demo_db, [*rows, f"12 | 佛南市监询〔2026〕12号 | {AGENCY} | 询问通知书 | 2026年12月5日 | 12 | "
                                         "已作废：地址错误"])
    remark = lines[next(i for i, line in enumerate(lines) if line.startswith("已作")):]
    wrapped = remark[:remark.index("")] if "" in remark else remark  # the last cell of the row: blank rows after
    assert "".join(wrapped).startswith("已作废：地址错误") and all(len(line) >= 4 for line in wrapped[:-1]), wrapped
