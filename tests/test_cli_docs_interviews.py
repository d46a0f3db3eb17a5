"""`docs render` of the 约谈 documents, as a headquarters script or an officer at the command line prints them:
the interview's id stands where a case's id or number stands for a case's document, the --json result keeps
{"path", "pages"}, nothing is stored and no 文号 taken; a reference of the wrong kind is refused naming the form
and what to give, with nothing written."""

import io
import sqlite3

import docx
import pytest
from pypdf import PdfReader

from tests.helpers import CASE, run, run_json
from workstation.paths import database_path

ASSOCIATION = "52a22518-c36c-5134-9ae4-c04b780089af"  # the real-estate association, interviewed alone
OPERATORS = "0e7e310e-296a-586e-96a9-4a924496795f"  # the joint interview of the three telecom operators
TELECOM = "641220f8-c5b0-55b0-ad28-59a9c2847b6b"  # 中国电信股份有限公司佛山分公司, one of them
OPERATOR_NAMES = ("中国移动通信集团广东有限公司佛山分公司", "中国联合网络通信有限公司佛山市分公司",
                  "中国电信股份有限公司佛山分公司")
TABLES = ("documents", "doc_numbers", "audit", "files")


@pytest.fixture
def station(tmp_path, cli_station):
    return cli_station(tmp_path / "station", ["init", "--agency", "440605"], ["demo", "--without-complaints"])


def counts(data_dir) -> dict[str, int]:
    conn = sqlite3.connect(database_path(data_dir))
    try:
        return {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        conn.close()


def pdf_text(path) -> str:
    return "".join(page.extract_text() for page in PdfReader(path).pages).replace("\n", "").replace(" ", "")


def test_docs_render_drafts_an_interview_notice_from_the_interview_id(station, tmp_path, capsys):
    before = counts(station)
    target = tmp_path / "约谈通知书.pdf"
    result = run_json(capsys, "--data-dir", station, "docs", "render", ASSOCIATION, "--form", "interview_notice",
                      "-o", target)
    assert result["path"] == str(target) and result["pages"] == len(PdfReader(target).pages) >= 1
    text = pdf_text(target)
    assert "约谈通知书" in text and "佛山市房地产业协会" in text
    assert "（文号在签发时生成）" in text  # a draft: no number taken
    word = tmp_path / "约谈通知书.docx"
    result = run_json(capsys, "--data-dir", station, "docs", "render", ASSOCIATION, "--form", "interview_notice",
                      "-o", word)
    assert set(result) >= {"path", "pages"} and result["pages"] is None
    paragraphs = "".join(p.text for p in docx.Document(io.BytesIO(word.read_bytes())).paragraphs)
    assert "佛山市房地产业协会" in paragraphs
    assert counts(station) == before


def test_docs_render_drafts_a_joint_interviews_record_for_the_party_given(station, tmp_path, capsys):
    target = tmp_path / "约谈记录.pdf"
    run_json(capsys, "--data-dir", station, "docs", "render", OPERATORS, "--form", "interview_record",
             "--party", TELECOM, "-o", target)
    text = pdf_text(target)
    assert OPERATOR_NAMES[2] in text and "陈嘉欣" in text and "黎志聪" not in text  # its attendee, not another's
    minutes = run_json(capsys, "--data-dir", station, "docs", "render", OPERATORS, "--form", "interview_minutes",
                       "-o", tmp_path / "约谈纪要.pdf")
    assert all(name in pdf_text(minutes["path"]) for name in OPERATOR_NAMES)


@pytest.mark.parametrize(("command", "says"), [
    (["docs", "render", CASE, "--form", "interview_notice"],
     f"{CASE} is a case, and the 约谈通知书 is drawn from an administrative interview: give the interview's id "
     "(`interviews list` prints them)."),
    (["docs", "render", "佛南约谈1", "--form", "interview_record"],
     "No interview 佛南约谈1: the 约谈记录 is drawn from an administrative interview; give the interview's id "
     "(`interviews list` prints them)."),
    (["docs", "render", ASSOCIATION, "--form", "closing_approval"],
     f"{ASSOCIATION} is an administrative interview, and the 结案审批表 is a case document: give a case id or case "
     "number."),
    (["docs", "render", CASE, "--form", "file_cover", "--party", TELECOM],
     "The 卷宗封面 is written for the whole case, not for one party: leave out the party."),
    (["docs", "issue", ASSOCIATION, "--form", "interview_notice"],
     "The 约谈通知书 is drawn from an administrative interview: issue it with `interviews issue INTERVIEW --form "
     "interview_notice`."),
    (["docs", "issue", ASSOCIATION, "--form", "penalty_decision"],
     f"{ASSOCIATION} is an administrative interview, and the 行政处罚决定书 is a case document: give a case id or case "
     "number."),
])
def test_a_reference_of_the_wrong_kind_is_refused_naming_the_form_and_what_to_give(station, tmp_path, capsys,
                                                                                    english, command, says):
    before = counts(station)
    target = tmp_path / "文书.pdf"
    code, out, err = run(capsys, "--data-dir", station, *command, "-o", target, "--json")
    assert (code, out, err) == (1, "", f"Error: {says}\n")
    assert not target.exists() and counts(station) == before


def test_a_case_document_is_still_drawn_from_its_case_number(station, tmp_path, capsys):
    result = run_json(capsys, "--data-dir", station, "docs", "render", CASE, "--form", "closing_approval",
                      "-o", tmp_path / "结案审批表.pdf")
    assert set(result) >= {"path", "pages"} and CASE in pdf_text(result["path"])
