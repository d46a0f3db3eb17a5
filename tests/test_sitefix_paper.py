"""The 现场笔录 and the 送达回证 on paper: the blank 现场笔录 printed for use on site gives each heading of 现场检查情况
ruled lines to write on and always prints 现场取证情况; its footer carries the case number and the signatures of
the party and of the officers on every page; the 送达回证 leaves the servers a place to sign and never pre-prints
a day of service that the recipient's own date could contradict. Read back from the PDF's laid-out lines and the
DOCX's paragraphs (REFERENCE §2.2 No. 9 and No. 50)."""

import io

import docx

from tests.rendering import case_draft, docx_of, pdf_of
from workstation.documents.drafts import find_form
from workstation.formkit.template import RULED_LINE, render, ruled

COMPANY = "佛南市监立〔2026〕1号"  # 佛山市南海区瀚沅房地产经纪有限公司
HEADINGS = ["1.经营场所基本情况：", "2.现场发现的客户名单、业主信息等消费者个人信息资料：",
            "3.电话营销话术、外呼记录及短信群发平台账号使用情况：", "4.电脑屏幕显示的消费者个人信息条数：", "5.其他情况："]


def pdf_lines(document) -> list[str]:
    return pdf_of(document).text_lines()


def docx_paragraphs(document) -> list[str]:
    """Every paragraph of the DOCX body, table cells included."""
    body = docx.Document(io.BytesIO(docx_of(document))).element.body
    return ["".join(t.text or "" for t in p.iter() if t.tag.endswith("}t"))
            for p in body.iter() if p.tag.endswith("}p")]


def after(lines: list[str], line: str, count: int) -> list[str]:
    """The ``count`` lines printed after ``line``."""
    index = lines.index(line)
    return lines[index + 1:index + 1 + count]


# ---- the 现场笔录's 现场检查情况 and 现场取证情况

def test_the_blank_site_record_gives_each_heading_ruled_lines_to_write_on(read_demo_db):
    document = case_draft(read_demo_db, COMPANY, "site_record")
    for lines in (pdf_lines(document), docx_paragraphs(document)):
        for heading in HEADINGS:
            # three ruled lines, each on a line of its own (it never runs onto a second one), before the next heading
            assert after(lines, heading, 4)[:3] == [RULED_LINE] * 3
            assert after(lines, heading, 4)[3] != RULED_LINE


def test_a_heading_written_after_keeps_its_text_and_only_the_empty_ones_are_ruled(read_demo_db):
    findings = ("1.经营场所基本情况：\n现场有电脑5台。\n"
                "2.现场发现的客户名单、业主信息等消费者个人信息资料：\n"
                "3.电话营销话术、外呼记录及短信群发平台账号使用情况：\n现场发现话术本1册。\n"
                "4.电脑屏幕显示的消费者个人信息条数：\n5.其他情况：\n无。")
    document = case_draft(read_demo_db, COMPANY, "site_record", {"findings": findings})
    for lines in (pdf_lines(document), docx_paragraphs(document)):
        assert after(lines, HEADINGS[0], 1) == ["现场有电脑5台。"]
        assert after(lines, HEADINGS[1], 3) == [RULED_LINE] * 3
        assert after(lines, HEADINGS[2], 1) == ["现场发现话术本1册。"]
        assert after(lines, "现场发现话术本1册。", 1) == [HEADINGS[3]]  # what the officer wrote is no heading
        assert after(lines, HEADINGS[3], 3) == [RULED_LINE] * 3
        assert after(lines, HEADINGS[4], 1) == ["无。"]
        assert after(lines, "无。", 1) == ["现场取证情况："]


def test_the_evidence_taken_is_printed_with_ruled_lines_while_none_is_typed(read_demo_db):
    blank = case_draft(read_demo_db, COMPANY, "site_record")
    typed = case_draft(read_demo_db, COMPANY, "site_record",
                       {"evidence_taken": "现场拍摄照片12张，录制视频2段（执法记录仪编号A03）。"})
    for lines in (pdf_lines(blank), docx_paragraphs(blank)):
        assert after(lines, "现场取证情况：", 3) == [RULED_LINE] * 3
    for lines in (pdf_lines(typed), docx_paragraphs(typed)):
        assert after(lines, "现场取证情况：", 1) == ["现场拍摄照片12张，录制视频2段（执法记录仪编号A03）。"]
        assert RULED_LINE not in lines[lines.index("现场取证情况："):]


def test_the_ruled_filter_rules_only_an_empty_value_or_the_headings_left_empty():
    heading = {"1.": True, "2.": True}.get
    assert ruled("", 2) == f"{RULED_LINE}\n{RULED_LINE}"
    assert ruled("现场拍摄照片3张", 2) == "现场拍摄照片3张"  # a field without headings is ruled only when empty
    assert ruled("1.\n2.", 1, lambda line: bool(heading(line))) == f"1.\n{RULED_LINE}\n2.\n{RULED_LINE}"
    assert ruled("1.\n\n写了\n2.", 1, lambda line: bool(heading(line))) == f"1.\n\n写了\n2.\n{RULED_LINE}"
    assert render("{x|ruled}", {"x": None}) == "\n".join([RULED_LINE] * 3)


# ---- the 现场笔录's footer

def test_every_page_of_the_site_record_carries_the_case_number_and_both_sides_signatures(read_demo_db):
    rendered = pdf_of(case_draft(read_demo_db, COMPANY, "site_record"))
    assert rendered.pages > 1
    for page in range(1, rendered.pages + 1):
        footer = "".join(line.text for line in rendered.lines if line.kind == "footer" and line.page == page)
        footer = footer.replace(" ", "")
        assert f"案件编号：{COMPANY}" in footer and f"第{page}页共{rendered.pages}页" in footer
        assert "当事人（见证人）签名：＿" in footer and "执法人员签名：＿" in footer
    word = docx.Document(io.BytesIO(docx_of(case_draft(read_demo_db, COMPANY, "site_record"))))
    footer = "".join(p.text for p in word.sections[0].footer.paragraphs).replace(" ", "")
    assert f"案件编号：{COMPANY}" in footer and "执法人员签名：＿" in footer


def test_the_site_record_version_was_raised_for_its_new_print():
    assert find_form("site_record").version >= 8 and find_form("delivery_receipt").version >= 6


# ---- the 送达回证

def test_the_delivery_receipt_leaves_the_servers_a_signature_and_prints_no_day_of_service(read_demo_db):
    document = case_draft(read_demo_db, COMPANY, "delivery_receipt",
                          {"served_document": "行政处罚决定书", "served_on": "2026-04-16"})
    for lines in (pdf_lines(document), docx_paragraphs(document)):
        text = "".join(lines).replace(" ", "").replace("\u3000", "")
        assert "2026年4月16日" not in text and "2026-04-16" not in text
        names = next(line for line in lines if "、" in line and "罗建华" in line)
        assert after(lines, names, 1) == ["送达人签名："]
        # the servers and the recipient each write the day by hand
        assert text.count("年月日") == 5  # 收件人, 代收人, 见证人, 送达人, the seal


def test_a_heading_with_text_written_on_its_own_line_is_not_ruled():
    findings = find_form("site_record").field("findings")
    value = "1.经营场所基本情况：店面约50平方米\n5.其他情况："
    assert ruled(value, 1, findings.heading_line) == f"{value}\n{RULED_LINE}"
    assert findings.heading_line("1. 经营场所基本情况：") and not findings.heading_line("无。")
