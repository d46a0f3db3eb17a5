"""`docs render` writes a draft as the window's editor prints it: required fields still empty as ruled blanks for
hand-filling, with a warning on stderr naming them (issuing needs them), where it refused the draft before — the
不予立案审批表 of most demo leads, whose bureau has more than two certified officers, so no 办案人员 is filled in.
`docs issue` still refuses such a document, a wrong value still refuses the draft, and --json keeps its keys.
An interview's draft likewise. The 案件审核表 of a party in a case with several parties proposes what that party's issued 调查终结报告 proposed,
so that it is issued without the fine being typed again."""

from __future__ import annotations

import json

import pytest
from pypdf import PdfReader

from tests.helpers import run, run_json, without_font_note
from tests.test_party_case10 import FACTS, with_employee
from workstation.documents.drafts import find_form
from workstation.documents.issuing import check_issue, issue_document
from workstation.errors import ValidationError
from workstation.formkit.refusals import BLANK_LINES
from workstation.formkit.values import case_context, default_values
from workstation.leads_workflow import draft_lead_document
from workstation.store import get_case

FORM = "non_filing_approval"
CASE = "佛南市监立〔2026〕1号"
ISSUING_NEEDS = ("required but empty, printed as ruled blanks to be filled in by hand. Issuing needs them: give them "
                 "in a --values file (`docs fields {form}` lists the fields) or write them in the window.")


def refused_lead(db) -> str:
    """A demo lead whose 不予立案审批表 a draft checked as before refuses for its empty 办案人员."""
    form = find_form(FORM)
    for (lead,) in db.execute("SELECT id FROM leads ORDER BY id").fetchall():
        try:
            draft_lead_document(db, lead, form)
        except ValidationError as exc:
            if "办案人员" in exc.message:
                return lead
    pytest.fail("no demo lead lacks its officers")


def documents(db) -> int:
    return db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]


def pdf_text(path) -> str:
    return "".join(page.extract_text() for page in PdfReader(path).pages)


def test_a_leads_draft_without_its_officers_is_written_with_blanks_and_a_warning(demo_db, data_dir, tmp_path,
                                                                                 capsys, english):
    lead = refused_lead(demo_db)
    before = documents(demo_db)
    target = tmp_path / "不予立案审批表.pdf"
    code, out, err = run(capsys, "--data-dir", data_dir, "docs", "render", lead, "--form", FORM, "-o", target)
    assert code == 0, err
    assert out == f"{target} written.\n"
    assert without_font_note(err) == ("Warning: 办案人员（officer1_name）、执法证号（officer1_cert）、办案人员（officer2_name）、"
                   "执法证号（officer2_cert）: " + ISSUING_NEEDS.format(form=FORM) + "\n")
    text = pdf_text(target)
    assert "不予立案审批表" in text and "办案人员" in text
    assert documents(demo_db) == before  # a draft: nothing issued


def test_the_same_document_is_still_refused_when_issued(demo_db, data_dir, tmp_path, capsys, english):
    lead = refused_lead(demo_db)
    before = documents(demo_db)
    target = tmp_path / "不予立案审批表.pdf"
    code, out, err = run(capsys, "--data-dir", data_dir, "docs", "issue", lead, "--form", FORM, "-o", target)
    assert code == 1 and out == ""
    # every field named by its key too (session 61): the two officers' rows no longer read as one
    assert err == ("Error: 办案人员 (officer1_name): This field is required; 执法证号 (officer1_cert): This field is "
                   "required; 办案人员 (officer2_name): This field is required; 执法证号 (officer2_cert): This field is "
                   "required.\n")
    assert not target.exists() and documents(demo_db) == before


def test_json_keeps_its_keys_and_the_warning_stays_on_stderr(demo_db, data_dir, tmp_path, capsys, english):
    lead = refused_lead(demo_db)
    target = tmp_path / "不予立案审批表.pdf"
    code, out, err = run(capsys, "--data-dir", data_dir, "docs", "render", lead, "--form", FORM, "-o", target,
                         "--json")
    assert code == 0, err
    assert json.loads(out) == {"path": str(target), "pages": 1, "format": "pdf"}
    assert err.startswith("Warning: 办案人员（officer1_name）") and target.exists()


def test_given_the_officers_the_draft_has_no_warning(demo_db, data_dir, tmp_path, capsys, english):
    lead = refused_lead(demo_db)
    values = tmp_path / "values.json"
    values.write_text(json.dumps({"officer1_name": "陈志强", "officer1_cert": "44060001",
                                  "officer2_name": "黄丽娟", "officer2_cert": "44060002"}, ensure_ascii=False),
                      encoding="utf-8")
    target = tmp_path / "不予立案审批表.pdf"
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "render", lead, "--form", FORM,
                          "--values", values, "-o", target)
    assert code == 0 and without_font_note(err) == ""
    assert "陈志强" in pdf_text(target)


def test_a_cases_review_sheet_prints_the_reviewers_opinion_as_ruled_lines(demo_db, data_dir, tmp_path, capsys,
                                                                          english):
    """The reviewers' answers and opinion start empty (required): the draft is the sheet they fill in by hand,
    nothing ticked, the opinion's cell empty (ruled already)."""
    target = tmp_path / "案件审核表.pdf"
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "render", CASE, "--form", "legal_review",
                          "-o", target)
    assert code == 0, err
    assert "事实是否清楚（facts_clear）" in err and "审核意见（opinion）" in err and "Issuing needs them" in err
    text = pdf_text(target)
    assert "事实是否清楚：□是\u3000□否" in text and "裁量是否适当：□是\u3000□否" in text


def test_a_wrong_value_still_refuses_the_draft(demo_db, data_dir, tmp_path, capsys, english):
    values = tmp_path / "values.json"
    values.write_text(json.dumps({"reviewed_on": "2026-02-30"}), encoding="utf-8")
    target = tmp_path / "案件审核表.pdf"
    code, out, err = run(capsys, "--data-dir", data_dir, "docs", "render", CASE, "--form", "legal_review",
                         "--values", values, "-o", target)
    assert code == 1 and out == "" and not target.exists()
    assert "审核日期" in err and "Warning" not in err


# ---- the 案件审核表 proposes what the party's 调查终结报告 proposed ----------------------------------------------

REVIEWED = {"facts_clear": "是", "evidence_sufficient": "是", "procedure_lawful": "是", "basis_correct": "是",
            "discretion_proper": "是", "opinion": "同意办案机构处理意见。"}


def test_the_review_sheet_of_a_party_proposes_its_reports_fine(db, data_dir, make_case):
    case, company, employee = with_employee(db, make_case(status="under_review", filed_on="2026-02-20",
                                                          review_on="2026-02-27", facts=FACTS))
    issue_document(db, data_dir, get_case(db, case.id), find_form("investigation_report"),
                   {"fine_fen": "50000", "warning": True, "party_address": "佛山市禅城区祖庙路3号",
                    "reported_on": "2026-02-26"}, party_id=employee)
    form = find_form("legal_review")
    values = default_values(form, case_context(db, get_case(db, case.id), employee))
    assert (values["fine_fen"], values["warning"]) == ("50000.00", True)
    checked, _context = check_issue(db, get_case(db, case.id), form, REVIEWED, party_id=employee)
    assert checked["fine_fen"] == 5_000_000  # issued without the fine typed again
    # the company's report was not issued: its sheet takes the case's amounts (none recorded), not the employee's
    values = default_values(form, case_context(db, get_case(db, case.id), company))
    assert (values["fine_fen"], values["warning"]) == ("0.00", None)


def test_an_interview_records_draft_prints_its_empty_requirements_as_ruled_lines(demo_db, data_dir, tmp_path,
                                                                                 capsys, english):
    interview = next(i["id"] for i in run_json(capsys, "--data-dir", data_dir, "interviews", "list")
                     if len(i["parties"]) == 1)
    values = tmp_path / "values.json"
    values.write_text(json.dumps({"requirements": ""}), encoding="utf-8")
    target = tmp_path / "约谈记录.pdf"
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "render", interview, "--form", "interview_record",
                          "--values", values, "-o", target)
    assert code == 0, err
    assert without_font_note(err) == "Warning: 整改要求（requirements）: " + ISSUING_NEEDS.format(form="interview_record") + "\n"
    assert "三、整改要求\n" + BLANK_LINES + "\n" in pdf_text(target)
