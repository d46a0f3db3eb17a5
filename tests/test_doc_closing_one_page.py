"""The 结案审批表 is one sheet, as the official form: a long 案由 (120 characters) with a fine, a confiscation, a
surcharge and the total paid, each in figures and 大写, fits one page in the PDF, and the DOCX carries the same
(smaller) cells, so that a word processor breaks it alike; an ordinary one keeps 小四; a text too long for one
page even in 五号 keeps its size and runs on."""

import io
import re
import shutil
import subprocess

import docx
import pytest
from pypdf import PdfReader

from workstation.documents.docx_writer import render_docx, style_name
from workstation.documents.drafts import draft_document, find_form
from workstation.documents.pdf_writer import render_pdf
from workstation.store import find_case

COMPANY = "佛南市监立〔2026〕1号"  # 佛山市南海区瀚沅房地产经纪有限公司: its 36-character 案由, a fine of ¥3,000
CAUSE = ("佛山市南海区瀚沅房地产经纪有限公司在代理销售新建商品房及二手房过程中，未经消费者同意或者请求，通过外呼系统"
         "和手机短信等方式向不特定消费者发送商业性信息，并向第三方营销公司非法提供其收集的购房客户姓名、手机号码、购房意向"
         "、家庭住址等个人信息案")
LONG = {"cause": CAUSE, "fine_fen": "98765.43", "confiscated_fen": "12345.67", "surcharge_fen": "8888.88",
        "paid_fen": "119999.98", "paid_on": "2026-06-01", "receipt_no": "4400123456789012",
        "decision": "警告；没收违法所得人民币壹万贰仟叁佰肆拾伍元陆角柒分；罚款人民币玖万捌仟柒佰陆拾伍元肆角叁分",
        "execution_note": "当事人已按期缴纳罚没款，责令改正事项已落实。"}
AMOUNTS = ("罚款¥98,765.43（人民币玖万捌仟柒佰陆拾伍元肆角叁分）", "没收违法所得¥12,345.67（人民币壹万贰仟叁佰肆拾伍元陆角柒分）",
           "加处罚款¥8,888.88（人民币捌仟捌佰捌拾捌元捌角捌分）", "实缴合计¥119,999.98（人民币壹拾壹万玖仟玖佰玖拾玖元玖角捌分）")
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def closing_approval(db, values):
    return draft_document(db, find_case(db, COMPANY), find_form("closing_approval"), values)


def cell_styles(data: bytes) -> set[str]:
    """The paragraph styles of the DOCX's table cells."""
    word = docx.Document(io.BytesIO(data))
    return {p.style.name for table in word.tables for row in table.rows for cell in row.cells for p in cell.paragraphs}


def test_a_long_cause_with_four_amounts_is_one_page_in_five_point_type(demo_db):
    assert len(CAUSE) == 120
    document = closing_approval(demo_db, LONG)
    rendered = render_pdf(document)
    assert rendered.pages == 1
    text = "".join(rendered.text_lines()).replace(" ", "")
    assert CAUSE in text and all(amount in text for amount in AMOUNTS)
    assert text.endswith("部门负责人审批意见签名：　　　　　　　　　　　　　　　　年　　月　　日")
    assert {line.style for line in rendered.lines if line.kind == "cell"} == {"cell_compact", "cell_label_compact"}
    data = render_docx(document)
    assert cell_styles(data) == {style_name("cell_compact"), style_name("cell_label_compact")}
    styles = {s.name: s for s in docx.Document(io.BytesIO(data)).styles}
    assert styles[style_name("cell_compact")].font.size.pt == 10.5  # 五号, as the PDF's cells


def test_an_ordinary_closing_approval_with_a_confiscation_keeps_small_four_on_one_page(demo_db):
    document = closing_approval(demo_db, {"confiscated_fen": "800"})  # the fine, the confiscation, the total
    rendered = render_pdf(document)
    assert rendered.pages == 1
    assert {line.style for line in rendered.lines if line.kind == "cell"} == {"cell", "cell_label"}
    assert cell_styles(render_docx(document)) == {style_name("cell"), style_name("cell_label")}


def test_a_text_too_long_for_one_page_even_in_five_point_keeps_its_size(demo_db):
    note = "\n".join(f"{n}. 当事人于2026年{n}月分期缴纳罚没款，已核对缴款凭证。" for n in range(1, 13))
    rendered = render_pdf(closing_approval(demo_db, {**LONG, "execution_note": note}))
    assert rendered.pages == 2
    assert {line.style for line in rendered.lines if line.kind == "cell"} == {"cell", "cell_label"}


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_libreoffice_lays_out_the_long_closing_approval_on_one_page_too(demo_db, tmp_path):
    source = tmp_path / "结案审批表.docx"
    source.write_bytes(render_docx(closing_approval(demo_db, LONG)))
    command = [SOFFICE, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
               "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    reader = PdfReader(tmp_path / "结案审批表.pdf")
    text = re.sub(r"\s", "", "".join(page.extract_text() for page in reader.pages))
    assert len(reader.pages) == 1
    assert "部门负责人审批意见" in text and "¥119,999.98" in text
