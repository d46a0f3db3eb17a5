"""Document rules a review left open: a date refused as too early names the step of the case (or the field) it may
not precede; the 指定管辖通知书's designating agency is the register's, read only in the editor and refused when
typed over in a values file; the 责令退款通知书 names 有管辖权的人民法院 as the other documents' remedy clause
does; the 案件来源登记表 issued for a lead is the case's own once the lead became the case; the 卷内文件目录 and
卷内备考表 are kept one per case; and ``docs forms`` says which forms a case keeps one of."""

from __future__ import annotations

import json

import pytest

from tests.helpers import run, run_json
from tests.test_formkit import MINIMAL
from tests.test_leads_workflow import LEAD, fresh_lead
from workstation.documents.drafts import find_form
from workstation.documents.issuing import check_issue, decision_to_correct, issue_document, void_document
from workstation.errors import ValidationError, WorkstationError
from workstation.formkit.spec import load_forms
from workstation.formkit.values import (
    NOT_BEFORE_SOURCES,
    case_context,
    default_values,
    field_errors,
    resumed_values,
)
from workstation.leads_workflow import assign_lead, file_case_from_lead, issue_lead_document
from workstation.store import agency_by_code, find_case, get_case

COMPANY = "佛南市监立〔2026〕1号"  # a 南海区 bureau case, one party
CITY_CASE = COMPANY


def refusal(db, case, form_id: str, **values) -> str:
    with pytest.raises(WorkstationError) as refused:
        check_issue(db, get_case(db, case.id), find_form(form_id), values)
    if isinstance(refused.value, ValidationError):
        return " ".join(f"{label}: {message}" for label, message in refused.value.errors.items())
    return refused.value.message


def count(db, form_id: str) -> int:
    return db.execute("SELECT COUNT(*) FROM documents WHERE form_id = ?", [form_id]).fetchone()[0]


# ---- 1. a date before a step of the case names that step --------------------------------------------------------

def test_a_date_before_the_filing_names_the_filing_date(db, make_case, english):
    case = make_case(status="served", filed_on="2026-03-02", decided_on="2026-04-01", served_on="2026-04-02",
                     fine_fen=500000)
    message = refusal(db, case, "payment_deferral_notice", decision_no="佛南市监处〔2026〕1号",
                      decided_on="2026-03-01", signed_on="2026-04-10")
    assert message == "决定日期: This date is before the filing date (2026-03-02): pick 2026-03-02 or later."


def test_a_time_before_the_start_of_the_inquiry_names_that_field(demo_db, english):
    case = find_case(demo_db, COMPANY)
    form = find_form("inquiry_record")
    context = case_context(demo_db, case)
    values = {**default_values(form, context), "time_from": "2026-11-20 09:30", "time_to": "2026-11-20 09:10"}
    assert field_errors(form, values, context)[1]["time_to"] == (
        "This time is before 询问开始时间 (2026-11-20 09:30): pick 2026-11-20 09:30 or later.")


def test_every_date_of_the_case_a_form_may_not_precede_is_named():
    forms = load_forms()[0]
    named = {f.not_before for form in forms.values() for f in form.fields
             if f.not_before and not any(g.name == f.not_before for g in form.fields)}
    assert named and named <= set(NOT_BEFORE_SOURCES)


# ---- 2. the designating agency of the 指定管辖通知书 ---------------------------------------------------------------

def at_the_city_bureau(db):
    case = find_case(db, CITY_CASE)
    city = db.execute("SELECT parent_id FROM agencies WHERE id = ?", [case.agency_id]).fetchone()[0]
    db.execute("UPDATE cases SET agency_id = ? WHERE id = ?", [city, case.id])
    return find_case(db, CITY_CASE)


DESIGNATION = {"designated": "佛山市南海区市场监督管理局", "other_agencies": "佛山市禅城区市场监督管理局"}


def test_a_typed_over_designating_agency_is_refused_by_docs_issue_naming_the_field(demo_db, data_dir, tmp_path,
                                                                                   capsys, english):
    at_the_city_bureau(demo_db)
    demo_db.conn.close()
    values = tmp_path / "values.json"
    values.write_text(json.dumps({**DESIGNATION, "designating_agency": "佛山市南海区市场监督管理局"}),
                      encoding="utf-8")
    target = tmp_path / "指定管辖.pdf"
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "issue", CITY_CASE, "--form",
                          "jurisdiction_notice", "--values", values, "-o", target)
    assert code == 1 and "指定管辖的机关" in err
    assert "filled in by the workstation (佛山市市场监督管理局) and cannot be typed over" in err
    assert not target.exists()
    values.write_text(json.dumps({**DESIGNATION, "designating_agency": "佛山市市场监督管理局"}), encoding="utf-8")
    result = run_json(capsys, "--data-dir", data_dir, "docs", "issue", CITY_CASE, "--form", "jurisdiction_notice",
                      "--values", values, "-o", target)
    assert result["path"] == str(target) and target.exists()


def test_an_agency_designating_nothing_cannot_type_one_in(demo_db, english):
    case = find_case(demo_db, COMPANY)  # a district bureau: it designates no jurisdiction for its own case
    message = refusal(demo_db, case, "jurisdiction_notice", **DESIGNATION,
                      designating_agency="佛山市市场监督管理局")
    # refused before its values: only a bureau with bureaus under it issues the notice (tests/test_s50_jurisdiction.py)
    assert message.startswith("Only a bureau with bureaus under it designates jurisdiction") and "佛山市市场监督管理局" in message


def test_the_designating_agency_is_read_only_in_the_editor_and_a_kept_draft_shows_the_registers(demo_db, opened):
    case = at_the_city_bureau(demo_db)
    form = find_form("jurisdiction_notice")
    context = case_context(demo_db, case)
    kept = {**default_values(form, context), "designating_agency": "别的机关"}
    assert resumed_values(form, kept, context)["designating_agency"] == "佛山市市场监督管理局"
    ed = opened(demo_db, "jurisdiction_notice", case)
    box = ed.fields["designating_agency"].edit
    assert box.isReadOnly() and box.text() == "佛山市市场监督管理局"
    assert not ed.fields["designated"].edit.isReadOnly()


def test_docs_fields_says_the_designating_agency_is_read_only(capsys, data_dir):
    entries = {e["name"]: e for e in run_json(capsys, "--data-dir", data_dir, "docs", "fields",
                                              "jurisdiction_notice")}
    assert entries["designating_agency"]["read_only"] is True and "read_only" not in entries["designated"]


# ---- 3. the refund order's court ---------------------------------------------------------------------------------

def test_the_refund_order_names_the_court_with_jurisdiction_as_the_other_remedy_clauses(demo_db):
    # the district court (agency.court) is the one applied to for compulsory enforcement only; a party sues before
    # 有管辖权的人民法院 in every document telling it of that right (tests/test_forms_lawtext.py)
    case = find_case(demo_db, COMPANY)
    context = case_context(demo_db, case)
    refund = default_values(find_form("refund_order"), context)
    measure = default_values(find_form("compulsory_measure_decision"), context)
    assert refund["court"] == measure["court"] == "有管辖权的人民法院"
    assert find_form("refund_order").field("court").source == find_form("compulsory_measure_decision").field(
        "court").source == ""
    kept = {**refund, "court": "佛山市南海区人民法院"}  # a draft of version 3 kept the district court
    assert resumed_values(find_form("refund_order"), kept, context)["court"] == "有管辖权的人民法院"


def test_the_printed_refund_order_tells_the_party_to_sue_before_the_court_with_jurisdiction(demo_db):
    from tests.test_party_kind_documents import draft, printed

    for text in printed(draft(demo_db, COMPANY, "refund_order")):
        assert "也可以在六个月内依法向有管辖权的人民法院提起行政诉讼。" in text
        assert "南海区人民法院" not in text


# ---- 4. the lead's 案件来源登记表 is the case's ---------------------------------------------------------------------

def test_the_case_source_register_of_the_lead_counts_as_the_cases(demo_db, data_dir, english):
    fresh_lead(demo_db)
    assign_lead(demo_db, LEAD, agency_by_code(demo_db, "440604").id, on="2026-03-02")
    form = find_form("case_source_register")
    on_lead = issue_lead_document(demo_db, data_dir, LEAD, form, {})
    case = file_case_from_lead(demo_db, LEAD)
    with pytest.raises(WorkstationError) as refused:  # as `docs issue` asks: naming its --supersedes
        issue_document(demo_db, data_dir, case, form, {}, for_command_line=True)
    assert refused.value.message.startswith(
        f"The case already has 案件来源登记表 (issued {on_lead.issued_at[:10]} for the lead the case was filed from) "
        "in force, and a case keeps one 案件来源登记表.")
    assert f"--supersedes {on_lead.id}" in refused.value.message
    assert count(demo_db, "case_source_register") == 1
    written = dict(on_lead.values)  # the case has no officer yet: the lead's 登记人 written again
    assert decision_to_correct(demo_db, case, form, written).id == on_lead.id  # the editor offers to correct it
    correction = issue_document(demo_db, data_dir, case, form, written, supersedes=on_lead.id)
    assert correction.case_id == case.id and correction.supersedes_id == on_lead.id
    with pytest.raises(WorkstationError, match="keeps one 案件来源登记表"):
        issue_document(demo_db, data_dir, case, form, written)


def test_a_case_filed_from_a_lead_without_a_register_issues_its_own(demo_db, data_dir):
    fresh_lead(demo_db)
    assign_lead(demo_db, LEAD, agency_by_code(demo_db, "440604").id, on="2026-03-02")
    case = file_case_from_lead(demo_db, LEAD)
    issued = issue_document(demo_db, data_dir, case, find_form("case_source_register"), {"registrar": "陈志强"})
    assert issued.case_id == case.id


# ---- 5. one 卷内文件目录 and one 卷内备考表 per case ---------------------------------------------------------------

@pytest.mark.parametrize("form_id", ["file_index", "file_remarks"])
def test_a_second_index_or_remarks_sheet_is_refused_and_a_new_one_replaces_the_old(demo_db, data_dir, form_id,
                                                                                   english):
    case = find_case(demo_db, COMPANY)
    form = find_form(form_id)
    first = issue_document(demo_db, data_dir, case, form, {})
    with pytest.raises(WorkstationError) as refused:
        issue_document(demo_db, data_dir, case, form, {})
    assert f"a case keeps one {form.title}" in refused.value.message
    assert count(demo_db, form_id) == 1
    again = issue_document(demo_db, data_dir, case, form, {}, supersedes=first.id)
    assert again.supersedes_id == first.id


# ---- 6. docs forms says which forms a case keeps one of -------------------------------------------------------------

def test_docs_forms_shows_the_one_per_case_flag(capsys, data_dir, english):
    rows = {r["id"]: r for r in run_json(capsys, "--data-dir", data_dir, "docs", "forms")}
    assert rows["file_index"]["one_per_case"] is True and rows["case_source_register"]["one_per_case"] is True
    assert rows["penalty_decision"]["one_per_case"] is False
    assert {"id", "title", "catalogue", "type_code"} <= set(rows["penalty_decision"])  # the keys it had stay
    code, out, _err = run(capsys, "--data-dir", data_dir, "docs", "forms")
    lines = {line.split("\t")[0]: line for line in out.splitlines()}
    assert code == 0 and lines["file_remarks"].endswith("one per case (a new one corrects or replaces the one in "
                                                        "force)")
    assert "one per case" not in lines["penalty_decision"]


def test_a_read_only_field_without_a_source_is_refused_naming_it(tmp_path, english):
    from workstation.formkit.spec import FormError, load_form

    text = MINIMAL.format(id="sample").replace('label = "当事人"\n', 'label = "当事人"\nread_only = true\n')
    path = tmp_path / "sample.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FormError, match=r"fields\[0\]\.read_only") as refused:
        load_form(path)
    assert "give it a source" in refused.value.message
    path.write_text(text.replace('read_only = true\n', 'read_only = true\nsource = "party.name"\n'),
                    encoding="utf-8")
    assert load_form(path).field("party_name").read_only


def test_a_lead_is_not_issued_a_second_register_nor_one_beside_its_cases(demo_db, data_dir, english):
    fresh_lead(demo_db)
    assign_lead(demo_db, LEAD, agency_by_code(demo_db, "440604").id, on="2026-03-02")
    form = find_form("case_source_register")
    first = issue_lead_document(demo_db, data_dir, LEAD, form, {})
    with pytest.raises(WorkstationError) as refused:
        issue_lead_document(demo_db, data_dir, LEAD, form, {})
    assert refused.value.message.startswith(f"案件来源登记表 (issued {first.issued_at[:10]}) is already in force for "
                                            "this lead or the case opened from it")
    void_document(demo_db, first.id, "登记内容有误")
    case = file_case_from_lead(demo_db, LEAD)
    on_case = issue_document(demo_db, data_dir, case, form, {"registrar": "陈志强"})
    with pytest.raises(WorkstationError, match="already in force for this lead or the case opened from it"):
        issue_lead_document(demo_db, data_dir, LEAD, form, {})
    assert on_case.case_id == case.id and count(demo_db, "case_source_register") == 2
