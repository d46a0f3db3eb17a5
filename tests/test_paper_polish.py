"""What a paper review of the printed documents found: the case number labelled 编号 in the head of some records
and approvals while their footers and the other forms say 案件编号; the officers' names printed where the
approvals leave a signature for the hand; the 不予行政处罚决定书's legal basis defaulting to 第三十三条第一款 whatever
ground was ticked (and the form kit's ``choice_defaults`` that makes a default follow a choice); a long 简要案情
moved whole to page 2 of the 立案审批表, leaving page 1 half empty, where a long row now continues by lines."""

from __future__ import annotations

import io

import docx
import pytest
from docx.oxml.ns import qn

from tests.rendering import case_draft, docx_of, pdf_of
from workstation.documents.blocks import Cell, Document, Row, Spacer, Table
from workstation.documents.drafts import find_form
from workstation.documents.fitting import mark_long_rows
from workstation.documents.pdf_writer import render_pdf
from workstation.formkit.spec import FormError, load_form
from workstation.formkit.values import case_context, resumed_values
from workstation.store import find_case

COMPANY = "佛南市监立〔2026〕1号"  # 佛山市南海区瀚沅房地产经纪有限公司
HEADED_FORMS = ["case_source_register", "electronic_evidence_record", "evidence_extraction", "filing_approval",
                "hearing_record", "hearing_report", "inquiry_record", "items_disposal_record", "non_filing_approval",
                "sampling_record", "site_record", "statement_record"]
LAW = "《中华人民共和国行政处罚法》"


def printed(db, form_id: str, values: dict | None = None) -> str:
    """The PDF's drawn lines (text and table cells) joined."""
    return "".join(pdf_of(case_draft(db, COMPANY, form_id, values)).text_lines())


# ---- 1. 案件编号

@pytest.mark.parametrize("form_id", HEADED_FORMS)
def test_the_head_labels_the_case_number_案件编号(read_demo_db, form_id):
    # the 陈述申辩笔录 answers a notice served, which this demo case has not had: name one
    values = {"statement_record": {"served_document": "行政处罚告知书（佛南市监告〔2026〕1号）"},
              "hearing_report": {"analysis": "申辩不成立。", "proposal": "维持"}}.get(form_id)
    text = printed(read_demo_db, form_id, values)
    assert f"案件编号：{COMPANY}" in text
    assert text.count(f"编号：{COMPANY}") == text.count(f"案件编号：{COMPANY}"), form_id


# ---- 2. signatures left for the hand

@pytest.mark.parametrize("form_id", ["closing_approval", "matter_approval", "decision_approval"])
def test_an_approval_names_the_officers_and_leaves_their_signature_blank(read_demo_db, form_id):
    context = case_context(read_demo_db, find_case(read_demo_db, COMPANY))
    first, second = context["officer1.name"], context["officer2.name"]
    text = printed(read_demo_db, form_id, {"period": "延长三十日"} if form_id == "matter_approval" else None)
    assert f"办案人员：{first}、{second}" in text
    assert f"签名：{first}" not in text and "签名：" + "　" * 16 + "年　　月　　日" in text


# ---- 3. the legal basis of a decision not to penalise follows its ground

@pytest.mark.parametrize(("ground", "basis"), [
    ("轻微不罚", LAW + "第三十三条第一款"), ("首违不罚", LAW + "第三十三条第一款"),
    ("无过错不罚", LAW + "第三十三条第二款"), ("超过时效", LAW + "第三十六条第一款")])
def test_the_legal_basis_of_no_penalty_follows_the_ground(read_demo_db, ground, basis):
    text = printed(read_demo_db, "no_penalty_decision", {"ground": ground})
    assert f"依据{basis}的规定，本局决定对当事人不予行政处罚。" in text


def test_another_ground_prints_the_circumstance_and_the_basis_the_officer_writes(read_demo_db):
    # 其他 has no article of its own: the officer writes both (a law without its article was printed before)
    text = printed(read_demo_db, "no_penalty_decision", {"ground": "其他", "ground_other": "违法行为已由其他机关处理",
                                                          "basis": LAW + "第二十九条"})
    assert f"依据{LAW}第二十九条的规定，本局决定对当事人不予行政处罚。" in text and "违法行为已由其他机关处理" in text


def test_a_legal_basis_the_officer_wrote_is_kept_whatever_the_ground(read_demo_db):
    text = printed(read_demo_db, "no_penalty_decision",
                   {"ground": "无过错不罚", "basis": LAW + "第三十三条第二款、第三款"})
    assert f"依据{LAW}第三十三条第二款、第三款的规定" in text


def test_a_kept_draft_holding_the_old_default_takes_the_basis_of_its_ground(read_demo_db):
    form = find_form("no_penalty_decision")
    context = case_context(read_demo_db, find_case(read_demo_db, COMPANY))
    stored = {"ground": "无过错不罚", "basis": LAW + "第三十三条第一款"}
    assert resumed_values(form, stored, context)["basis"] == LAW + "第三十三条第二款"


def test_the_editor_follows_the_ground_until_the_officer_writes_the_basis(demo_db, data_dir, prompts, qtbot):
    from ui.form_editor import FormEditor

    editor = FormEditor(demo_db, data_dir, find_case(demo_db, COMPANY), find_form("no_penalty_decision"), prompts)
    qtbot.addWidget(editor)
    basis, ground = editor.fields["basis"], editor.fields["ground"]
    assert basis.value() == LAW + "第三十三条第一款"
    ground.set_value("无过错不罚")
    assert basis.value() == LAW + "第三十三条第二款"
    ground.set_value("首违不罚")
    assert basis.value() == LAW + "第三十三条第一款"
    basis.set_value(LAW + "第三十三条第一款、第三款")
    ground.set_value("超过时效")
    assert basis.value() == LAW + "第三十三条第一款、第三款"


FORM = """id = "sample"
title = "测试"
kind = "decision"
type_code = "测"
version = 1
[[fields]]
name = "ground"
label = "情形"
type = "choice"
choices = ["甲", "乙"]
[[fields]]
name = "basis"
label = "依据"
default = "一"
choice_defaults = {follows}
[[blocks]]
kind = "paragraph"
text = "{{ground}}{{basis}}"
"""


@pytest.mark.parametrize(("follows", "key"), [
    ('{ field = "basis", values = { "甲" = "二" } }', "fields[1].choice_defaults.field"),
    ('{ field = "nothing", values = { "甲" = "二" } }', "fields[1].choice_defaults.field"),
    ('{ field = "ground", values = { "丙" = "二" } }', "fields[1].choice_defaults.values.丙"),
    ('{ field = "ground", values = { "甲" = 2 } }', "fields[1].choice_defaults.values.甲"),
    ('{ field = "ground" }', "fields[1].choice_defaults.values"),
    ('{ field = "ground", values = {}, colour = "red" }', "fields[1].choice_defaults.colour"),
])
def test_a_broken_choice_default_is_refused_naming_file_and_key(tmp_path, english, follows, key):
    path = tmp_path / "sample.toml"
    path.write_text(FORM.format(follows=follows), encoding="utf-8")
    with pytest.raises(FormError) as refused:
        load_form(path)
    assert "sample.toml" in refused.value.message and key in refused.value.message


def test_a_choice_not_listed_takes_the_plain_default(tmp_path):
    path = tmp_path / "sample.toml"
    path.write_text(FORM.format(follows='{ field = "ground", values = { "乙" = "二" } }'), encoding="utf-8")
    field = load_form(path).field("basis")
    assert (field.default_for("甲"), field.default_for("乙"), field.default_for(None)) == ("一", "二", "一")


# ---- 4. a long row continues on the next page by lines; a short one moves whole

FACTS = "经查，" + "当事人未经消费者同意，通过其员工使用的手机号码向多名消费者发送商业性短信，推销其代理的新建商品房项目。" * 12


@pytest.mark.parametrize("form_id", ["filing_approval", "non_filing_approval"])
def test_a_long_brief_of_the_case_starts_on_the_first_page_and_continues_on_the_next(read_demo_db, form_id):
    document = case_draft(read_demo_db, COMPANY, form_id, {"facts": FACTS})
    lines = [line for line in pdf_of(document).lines if line.kind == "cell"]
    facts = [line for line in lines if "发送商业性短信" in line.text or "消费者同意" in line.text]
    on_first = [line for line in facts if line.page == 1]
    assert len(on_first) >= 4 and any(line.page == 2 for line in facts)
    label = [line.page for line in lines if line.text.startswith("简要案情及")]
    assert label == [1]  # the label stays with the first part; the continuation's label cell is empty
    # the DOCX lets the same row break, and no other
    rows = docx.Document(io.BytesIO(docx_of(document))).tables[0].rows
    splitting = [row.cells[0].text for row in rows
                 if row._tr.trPr is None or row._tr.trPr.find(qn("w:cantSplit")) is None]
    assert splitting == [next(row.cells[0].text for row in rows if row.cells[0].text.startswith("简要案情及"))]


def _table_after(spacer_lines: float, text: str) -> list:
    """The cell lines of a two-column table of one row holding ``text`` under ``spacer_lines`` empty lines (of
    the 22 on a page: after 19, three lines of a cell fit; after 21, one)."""
    table = mark_long_rows(Table((Row((Cell.of("简要案情", "cell_label"), Cell.of(text))),), (0.2, 0.8)))
    rendered = render_pdf(Document("测试", (Spacer(spacer_lines), table), page_numbers=False))
    return [line for line in rendered.lines if line.kind == "cell"]


def test_a_short_row_that_does_not_fit_moves_whole_to_the_next_page():
    lines = _table_after(19, "\n".join(f"第{n}行" for n in range(1, 8)))
    assert {line.page for line in lines} == {2}


def test_a_long_row_fills_the_page_and_continues_with_two_lines_at_least_on_each():
    lines = _table_after(19, "\n".join(f"第{n}行" for n in range(1, 13)))
    first = [line.text for line in lines if line.page == 1]
    second = [line.text for line in lines if line.page == 2]
    assert first[0] == "简要案情" and "简要案情" not in second
    rows = [text for text in first + second if text.startswith("第")]
    assert rows == [f"第{n}行" for n in range(1, 13)]
    assert len([t for t in first if t.startswith("第")]) >= 2 and len(second) >= 2


def test_a_long_row_moves_whole_when_fewer_than_two_of_its_lines_fit():
    lines = _table_after(21, "\n".join(f"第{n}行" for n in range(1, 13)))
    assert {line.page for line in lines} == {2}


def test_rows_kept_high_for_handwriting_and_rows_under_repeated_heads_are_not_marked_to_split():
    long = Cell.of("\n".join(f"第{n}行" for n in range(1, 13)))
    plain = Table((Row((Cell.of("意见", "cell_label"), long)),), (0.2, 0.8))
    assert mark_long_rows(plain).rows[0].splits
    high = Table((Row((Cell.of("意见", "cell_label"), long), min_height_mm=100),), (0.2, 0.8))  # its text fits
    headed = Table((Row((Cell.of("序号"), Cell.of("内容"))), Row((Cell.of("1"), long))), (0.2, 0.8), header_rows=1)
    assert not any(row.splits for table in (high, headed) for row in mark_long_rows(table).rows)
