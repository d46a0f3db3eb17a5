import json
import zipfile
from io import BytesIO
from pathlib import Path

import pytest

from tests.rendering import case_draft, docx_of, pdf_of
from workstation.cli import main
from workstation.documents.drafts import draft_document, find_form, render_document
from workstation.errors import NotFound, ValidationError
from workstation.formkit.spec import FormError, load_form, load_forms
from workstation.store import find_case

FORMS = Path(__file__).resolve().parent.parent / "forms"
CASE = "佛南市监立〔2026〕1号"
MINIMAL = """id = "{id}"
title = "测试文书"
kind = "notice"
type_code = "测"
version = 1
[[fields]]
name = "party_name"
label = "当事人"
[[blocks]]
kind = "paragraph"
text = "当事人：{{party_name}}"
"""


def write_form(tmp_path, text, name="sample"):
    path = tmp_path / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_shipped_form_loads():
    forms, broken = load_forms(FORMS)
    assert broken == {}
    assert {"penalty_decision", "delivery_receipt", "case_source_register"} <= set(forms)
    assert forms["penalty_decision"].type_code == "处"


@pytest.mark.parametrize("change, key", [
    (lambda t: t + 'colour = "red"\n', "colour"),
    (lambda t: t.replace('version = 1\n', ''), "version"),
    (lambda t: t.replace("{party_name}", "{partyname}"), "blocks[0]"),
    (lambda t: t.replace('id = "sample"', 'id = "other"'), "id"),
    (lambda t: t.replace('kind = "paragraph"', 'kind = "poem"'), "blocks[0].kind"),
    (lambda t: t + '[[blocks]]\nkind = "paragraph"\ntext = "x"\nwhen = "nothing"\n', "blocks[1].when"),
    (lambda t: t.replace('label = "当事人"', 'label = "当事人"\ncolor = 1'), "fields[0].color"),
])
def test_a_broken_form_is_refused_naming_file_and_key(tmp_path, english, change, key):
    path = write_form(tmp_path, change(MINIMAL.format(id="sample")))
    with pytest.raises(FormError) as refused:
        load_form(path)
    assert "sample.toml" in refused.value.message and key in refused.value.message


def test_a_broken_form_does_not_stop_the_others(tmp_path):
    write_form(tmp_path, MINIMAL.format(id="good"), "good")
    write_form(tmp_path, "id = ", "bad")
    forms, broken = load_forms(tmp_path)
    assert list(forms) == ["good"] and list(broken) == ["bad.toml"]


def test_forms_read_again_are_parsed_once_and_a_changed_file_is_read_anew(tmp_path, monkeypatch):
    """Every draft loads all the forms: a text already parsed gives its spec again without parsing it, but a
    file rewritten with a text of the same length (in the same tick of the clock) gives the new text's spec."""
    import os
    import tomllib

    from workstation.formkit import spec

    path = write_form(tmp_path, MINIMAL.format(id="sample"))
    stamp = path.stat().st_mtime_ns
    first = load_form(path)
    parsed = []
    parse = tomllib.loads
    monkeypatch.setattr(spec.tomllib, "loads", lambda text: parsed.append(text) or parse(text))
    assert load_form(path) == first and load_forms(tmp_path)[0] == {"sample": first} and parsed == []
    path.write_text(MINIMAL.format(id="sample").replace("测试文书", "另一文书"), encoding="utf-8")
    os.utime(path, ns=(stamp, stamp))
    assert load_form(path).title == "另一文书" and len(parsed) == 1
    path.write_text(MINIMAL.format(id="sample").replace("{party_name}", "{partyname}"), encoding="utf-8")
    for _again in range(2):  # a refusal is not kept: the file is refused each time it is read
        with pytest.raises(FormError, match="partyname"):
            load_form(path)


def test_a_table_row_must_fill_its_columns(tmp_path, english):
    text = MINIMAL.format(id="sample") + '[[blocks]]\nkind = "table"\nwidths = [0.5, 0.5]\nrows = [["a"]]\n'
    with pytest.raises(FormError, match="fill the 2 columns"):
        load_form(write_form(tmp_path, text))


def test_a_penalty_decision_is_filled_from_its_case(demo_db):
    case = find_case(demo_db, "佛南市监立〔2026〕1号")
    document = draft_document(demo_db, case, find_form("penalty_decision"))
    text = document.text
    assert text.splitlines()[0] == "佛山市南海区市场监督管理局"
    assert "行政处罚决定书" in text and "（文号在签发时生成）" in text
    assert case.party_names in text
    assert "佛山市南海区人民政府申请行政复议" in text
    assert f"罚款¥{case.fine_fen // 100:,}.00" in text
    assert "人民币" in text and "元整" in text


def test_bad_values_are_refused_naming_the_field(demo_db):
    case = find_case(demo_db, "佛南市监立〔2026〕1号")
    form = find_form("penalty_decision")
    with pytest.raises(ValidationError) as refused:
        draft_document(demo_db, case, form, {"fine_fen": "-500", "decided_on": "2025-01-01", "party_name": ""})
    assert set(refused.value.errors) == {"罚款（元）", "决定日期", "当事人"}
    assert "2026" in refused.value.errors["决定日期"]


def test_an_unknown_form_says_how_to_list_them(english):
    with pytest.raises(NotFound, match="docs forms"):
        find_form("no_such_form")


@pytest.mark.parametrize("form_id", sorted(f.id for f in load_forms(FORMS)[0].values()
                                     if f.kind != "interview" and f.id != "report_result_notice"))
def test_every_form_renders_to_pdf_and_docx_from_a_case(read_demo_db, form_id):  # interview forms: test_interviews
    # (the 举报处理结果告知书 is refused for a case, written from its lead: test_report_notice_where)
    from pypdf import PdfReader

    from tests.test_docx_matches_pdf import DECIDED, WRITTEN

    case = find_case(read_demo_db, CASE)
    # the demo case was decided on paper: the enforcement documents are given the 文号 of its decision, and the
    # values the officer types (the same as test_docx_matches_pdf's, so the two share one draft and rendering)
    document = case_draft(read_demo_db, CASE, form_id, {**DECIDED, **WRITTEN.get(form_id, {})})  # conclusions written
    pdf = pdf_of(document)  # render_document(document, "pdf") is its data and pages
    reader = PdfReader(BytesIO(pdf.data))
    assert pdf.pages == len(reader.pages) >= 1
    assert [round(float(v), 2) for v in reader.pages[0].mediabox[2:]] == [595.28, 841.89]  # A4
    text = "".join(page.extract_text() for page in reader.pages).replace("\n", "").replace(" ", "")
    assert case.party_names in text
    xml = zipfile.ZipFile(BytesIO(docx_of(document))).read("word/document.xml").decode()
    assert "w:eastAsia" in xml and case.party_names in xml


def test_the_penalty_decision_pdf_prints_amounts_in_words(demo_db):
    from pypdf import PdfReader

    case = find_case(demo_db, "佛南市监立〔2026〕1号")
    pdf = render_document(draft_document(demo_db, case, find_form("penalty_decision")), "pdf")
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(pdf.data)).pages).replace("\n", "").replace(" ", "")
    assert "人民币叁仟元整" in text and "¥3,000.00" in text and "佛山市南海区人民政府" in text


def test_docs_commands(demo_db, data_dir, tmp_path, capsys):
    demo_db.conn.close()
    assert main(["--data-dir", str(data_dir), "docs", "forms", "--json"]) == 0
    ids = [row["id"] for row in json.loads(capsys.readouterr().out)]
    assert "penalty_decision" in ids
    values = tmp_path / "values.json"
    values.write_text(json.dumps({"statement": "当事人提出陈述申辩，经复核不予采纳。"}), encoding="utf-8")
    target = tmp_path / "决定书.docx"
    assert main(["--data-dir", str(data_dir), "docs", "render", "佛南市监立〔2026〕1号", "--form",
                 "penalty_decision", "--values", str(values), "--format", "docx", "-o", str(target), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["path"] == str(target)
    assert "经复核不予采纳" in zipfile.ZipFile(target).read("word/document.xml").decode("utf-8")


def test_docs_render_refuses_a_missing_folder_and_writes_nothing(demo_db, data_dir, tmp_path, capsys):
    demo_db.conn.close()
    target = tmp_path / "missing" / "x.docx"
    assert main(["--data-dir", str(data_dir), "docs", "render", "佛南市监立〔2026〕1号", "--form",
                 "penalty_decision", "--format", "docx", "-o", str(target)]) == 1
    assert "missing" in capsys.readouterr().err and not target.exists()


def test_the_hearing_right_follows_the_thresholds_of_the_law_data(demo_db):
    from dataclasses import replace

    from workstation.formkit.values import hearing_required

    case = find_case(demo_db, "佛南市监立〔2026〕1号")
    assert not hearing_required(replace(case, fine_fen=9_999_999, confiscated_fen=0), "company")
    assert hearing_required(replace(case, fine_fen=10_000_000), "company")
    assert hearing_required(replace(case, fine_fen=1_000_000), "person")
    assert hearing_required(replace(case, fine_fen=0, confiscated_fen=10_000_000), "association")


def test_archive_forms_see_the_issued_documents(demo_db, data_dir):
    from workstation.documents.issuing import issue_document
    from workstation.formkit.values import case_context

    case = find_case(demo_db, "佛南市监立〔2026〕1号")
    issued = issue_document(demo_db, data_dir, case, find_form("penalty_decision"))
    context = case_context(demo_db, case)
    assert context["documents.count"] == 1 and context["documents.pages"] == issued.pages
    assert context["documents.index"] == f"1. 佛南市监处〔2026〕1号 行政处罚决定书（{issued.pages}页）"


def test_tick_boxes_print_ticked_and_unticked(demo_db):
    from pypdf import PdfReader

    case = find_case(demo_db, "佛南市监立〔2026〕1号")
    # the 送达方式 given (s54: a receipt without one ticks none, the method ticked by hand)
    document = draft_document(demo_db, case, find_form("delivery_receipt"), {"served_document": "决定书",
                                                                            "method": "直接送达"})
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(render_document(document, "pdf").data)).pages)
    assert "☑直接送达" in text.replace(" ", "") and "□邮寄送达" in text.replace(" ", "")


def test_a_footer_keeps_its_page_numbers_for_the_writers(tmp_path):
    from workstation.documents.compose import compose

    text = MINIMAL.format(id="sample").replace('version = 1', 'version = 1\nfooter = "{party_name} 第 {page} 页 共 {pages} 页"')
    form = load_form(write_form(tmp_path, text))
    document = compose(form, {"party_name": "甲公司"}, agency="某局")
    assert document.footer == "甲公司 第 {page} 页 共 {pages} 页"


def test_a_footer_placeholder_must_name_a_field(tmp_path, english):
    text = MINIMAL.format(id="sample").replace('version = 1', 'version = 1\nfooter = "第 {page} 页 {nothing}"')
    with pytest.raises(FormError, match="footer"):
        load_form(write_form(tmp_path, text))


@pytest.mark.parametrize("case_number", ["佛南市监立〔2026〕1号", "佛禅市监立〔2026〕2号", "佛顺市监立〔2026〕3号"])
@pytest.mark.parametrize("form_id", ["police_transfer", "no_penalty_decision", "pre_penalty_notice",
                                     "penalty_decision"])
def test_the_signature_never_stands_alone_on_a_page(read_demo_db, form_id, case_number):
    rendered = pdf_of(case_draft(read_demo_db, case_number, form_id))
    lines = rendered.lines
    # (the 三号 styles on a closer line pitch too: signature_close, body_close …, fitting.fit_closing)
    signature_pages = {line.page for line in lines if getattr(line, "style", "").startswith("signature")}
    assert signature_pages
    for page in signature_pages:
        body_on_page = [line for line in lines if line.page == page
                        and getattr(line, "style", "").split("_")[0] in ("body", "plain", "heading1", "heading2")
                        and line.text.strip("\u3000 ")]
        assert body_on_page, f"signature alone on page {page} of {rendered.pages}"


def test_a_date_limit_named_by_another_field_is_compared_as_a_date(demo_db):
    case = find_case(demo_db, "佛南市监立〔2026〕1号")
    form = find_form("inquiry_notice")
    limit = next(f for f in form.fields if f.not_before and form.field(f.not_before))
    ok = {limit.not_before: "2026年3月10日", limit.name: "2026-03-12"}
    draft_document(demo_db, case, form, ok)
    with pytest.raises(ValidationError) as refused:
        draft_document(demo_db, case, form, {limit.not_before: "2026年3月10日", limit.name: "2026-03-09"})
    assert limit.label in refused.value.errors


# ---- defaults that print other fields, and defaults of earlier versions

DEFAULTS = MINIMAL + '''[[fields]]
name = "you"
label = "称谓"
default = "你单位"
[fields.party_defaults]
person = "你"
[[fields]]
name = "sentence"
label = "句子"
default = "{{you}}的上述行为违法。"
old_defaults = ["上述行为违法。"]
[[fields]]
name = "facts"
label = "事实"
source = "case.facts"
'''


def test_a_default_prints_the_other_fields_defaults(tmp_path):
    from workstation.formkit.values import default_values

    form = load_form(write_form(tmp_path, DEFAULTS.format(id="sample")))
    assert default_values(form, {"party.kind": "person"})["sentence"] == "你的上述行为违法。"
    assert default_values(form, {"party.kind": "company"})["sentence"] == "你单位的上述行为违法。"
    assert default_values(form, {"case.facts": "{you}"})["facts"] == "{you}"  # what the case gives is not filled


@pytest.mark.parametrize(("change", "key"), [
    (lambda t: t.replace("{{you}}的", "{{nothing}}的"), "fields[2].default"),
    (lambda t: t.replace("{{you}}的", "{{sentence}}的"), "fields[2].default"),
    (lambda t: t.replace('default = "你单位"', 'default = "{{sentence}}"'), "fields[1].default"),
    (lambda t: t.replace('old_defaults = ["上述行为违法。"]', "old_defaults = [1]"), "fields[2].old_defaults"),
])
def test_a_default_printing_no_plain_field_or_an_old_default_not_text_is_refused(tmp_path, english, change, key):
    path = write_form(tmp_path, change(DEFAULTS).format(id="sample"))
    with pytest.raises(FormError) as refused:
        load_form(path)
    assert "sample.toml" in refused.value.message and key in refused.value.message


def test_a_kept_value_equal_to_an_old_default_takes_the_current_default(tmp_path):
    from workstation.formkit.values import resumed_values

    form = load_form(write_form(tmp_path, DEFAULTS.format(id="sample")))
    kept = resumed_values(form, {"sentence": "上述行为违法。", "party_name": "甲"}, {"party.kind": "person"})
    assert kept == {"party_name": "甲", "you": "你", "sentence": "你的上述行为违法。", "facts": None}
    written = resumed_values(form, {"sentence": "当事人的上述行为违法。"}, {"party.kind": "person"})
    assert written["sentence"] == "当事人的上述行为违法。"  # what the officer wrote stays


def test_finding_one_form_reads_its_own_file_alone(monkeypatch):
    """A draft finds its form by id: only that file is read (not the 60 of forms/), and it is the form
    ``load_forms`` gives; an id naming no file, or a path, is no document type."""
    from workstation.documents import drafts
    from workstation.formkit import spec

    read = []
    load = spec.load_form
    monkeypatch.setattr(spec, "load_form", lambda path: read.append(path.name) or load(path))
    found = drafts.find_form("penalty_decision")
    assert read == ["penalty_decision.toml"]
    assert found == load_forms()[0]["penalty_decision"]
    for wrong in ("no_such_form", "../forms/penalty_decision", ""):
        with pytest.raises(NotFound, match="No document type|没有文书类型"):
            drafts.find_form(wrong)
