"""Issuing a 行政处罚告知书 or 行政处罚决定书 without its editor (the GUI walkthrough's case 佛南〔2026〕9号): the penalty
comes from the case, or from what its notice or 调查终结报告 proposed, never from the form's default (a warning); with
none known issuing is refused naming the penalty fields; the evidence listed is the case's own records and register
items, not boilerplate; and the question before issuing from the documents list shows the addressee and penalty."""

from __future__ import annotations

from pathlib import Path

import pytest

from workstation.documents.drafts import find_form
from workstation.documents.issuing import case_documents, issue_document
from workstation.errors import ValidationError
from workstation.formkit.spec import FormError, load_form
from workstation.formkit.values import case_context, default_values, resumed_values
from workstation.store import get_case

FACTS = "经查，当事人未经消费者同意向其发送商业性短信。"
BOILERPLATE = "1.当事人营业执照复印件；\n2.询问笔录；\n3.现场笔录；\n4.电子数据证据提取笔录及所附电子数据。"
PENALTY_LABELS = "警告、没收违法所得（元）、没收非法财物、罚款（元）、其他行政处罚"


@pytest.fixture
def investigated(make_case):
    """A case under review recording neither a fine nor a confiscation, nothing issued, no evidence."""
    return make_case(status="under_review", filed_on="2026-03-02", facts=FACTS, evidence=False)


def defaults(db, case, form_id):
    return default_values(find_form(form_id), case_context(db, get_case(db, case.id)))


@pytest.mark.parametrize("form_id", ["pre_penalty_notice", "penalty_decision"])
def test_a_case_proposing_no_penalty_leaves_the_penalty_empty(db, investigated, form_id):
    values = defaults(db, investigated, form_id)
    assert not values["warning"]  # the form's default was a warning
    assert [float(values[name] or 0) for name in ("confiscated_fen", "fine_fen")] == [0, 0]
    assert not values["confiscated_property"] and not values["other_penalty"]


def test_a_notice_without_a_penalty_is_refused_naming_the_penalty_fields_and_takes_no_number(
        db, data_dir, investigated, english):
    with pytest.raises(ValidationError) as refused:
        issue_document(db, data_dir, investigated, find_form("pre_penalty_notice"))
    assert list(refused.value.errors) == ["Penalty"]  # the group named once, not as its first field
    assert PENALTY_LABELS in refused.value.errors["Penalty"]
    assert case_documents(db, investigated.id) == []


def test_the_case_fine_is_proposed_without_a_warning_it_did_not_propose(db, data_dir, make_case):
    case = make_case(status="under_review", filed_on="2026-03-02", facts=FACTS, fine_fen=300_000)
    issued = issue_document(db, data_dir, case, find_form("pre_penalty_notice"))
    assert issued.values["fine_fen"] == 300_000 and not issued.values["warning"]


def test_the_warning_a_report_proposed_is_what_the_notice_and_decision_start_from(db, data_dir, investigated):
    issue_document(db, data_dir, investigated, find_form("investigation_report"), {"warning": True, "party_address": "佛山市南海区桂城街道南海大道北1号"})
    assert defaults(db, investigated, "pre_penalty_notice")["warning"] is True
    assert defaults(db, investigated, "penalty_decision")["warning"] is True


def test_the_no_penalty_decision_is_not_held_to_a_penalty(db, investigated):
    assert not find_form("no_penalty_decision").required_any


# ---- the evidence listed: the case's own ---------------------------------------------------------------------

def site_record(db, data_dir, case):
    return issue_document(db, data_dir, case, find_form("site_record"),
                          {"place": "佛山市南海区桂城街道南海大道北1号", "recusal_answer": "不申请",
                           "findings": "当事人办公电脑存有客户名单。", "time_from": "2026-03-05 09:30",
                           "time_to": "2026-03-05 10:30"})


def test_the_evidence_lists_the_records_issued_and_the_register_after_the_licence(db, data_dir, investigated,
                                                                                  tmp_path):
    from workstation.store.evidence import add_evidence

    record = site_record(db, data_dir, investigated)
    listing = tmp_path / "客户名单.xlsx"
    listing.write_bytes(b"customers")
    add_evidence(db, data_dir, investigated.id, listing, kind="other", source="当事人办公电脑",
                 collected_on="2026-03-05")
    licence = tmp_path / "营业执照复印件.pdf"  # the party's licence copy, registered: listed first
    licence.write_bytes(b"%PDF-1.4 licence")
    add_evidence(db, data_dir, investigated.id, licence, kind="documentary", source="当事人提供",
                 collected_on="2026-03-05")
    lines = defaults(db, investigated, "pre_penalty_notice")["evidence"].split("\n")
    assert lines[0] == "1.当事人营业执照复印件；"
    assert lines[1].startswith("2.现场笔录（") and lines[1].endswith("）；") and "年" in lines[1]
    assert record.title in lines[1]
    assert lines[2] == "3.证据材料一份（当事人办公电脑，2026年3月5日）。"  # served on the party: no file name
    assert len(lines) == 3  # the licence copy not listed again among the register's items


def test_a_case_with_no_record_and_no_evidence_lists_nothing_and_prints_no_list(db, data_dir, make_case):
    from tests.helpers import pdf_text
    from workstation.documents.drafts import draft_document, render_document

    case = make_case(status="under_review", filed_on="2026-03-02", facts=FACTS, fine_fen=300_000, evidence=False)
    assert not defaults(db, case, "pre_penalty_notice")["evidence"]
    text = pdf_text(render_document(draft_document(db, case, find_form("pre_penalty_notice")), "pdf").data)
    assert "证据证明" not in text and "营业执照" not in text


def test_a_kept_draft_holding_the_old_boilerplate_takes_the_cases_list(db, data_dir, investigated):
    site_record(db, data_dir, investigated)
    form = find_form("pre_penalty_notice")
    context = case_context(db, get_case(db, investigated.id))
    values = resumed_values(form, {"evidence": BOILERPLATE}, context)
    assert values["evidence"].startswith("1.现场笔录（")  # no licence copy in the register: none listed
    assert "营业执照" not in values["evidence"]


# ---- the form keys -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("line", "key"), [('required_any = ["warning", "nothing"]', "required_any"),
                                           ('confirm = ["nothing"]', "confirm"),
                                           ('required_any = ["warning"]', "required_any")])
def test_required_any_and_confirm_naming_no_field_are_refused_naming_the_key(tmp_path, line, key, english):
    text = Path(find_form("pre_penalty_notice").path).read_text(encoding="utf-8")
    text = text.replace('required_any = ["warning", "confiscated_fen", "confiscated_property", "fine_fen", '
                        '"other_penalty"]\n', "").replace("confirm = [", "# confirm = [")
    broken = tmp_path / "pre_penalty_notice.toml"
    broken.write_text(text.replace('served_on_party = true\n', f'served_on_party = true\n{line}\n'),
                      encoding="utf-8")
    with pytest.raises(FormError) as refused:
        load_form(broken)
    assert "pre_penalty_notice.toml" in str(refused.value) and key in str(refused.value)


# ---- the question before issuing from the documents list ---------------------------------------------------------

@pytest.mark.gui
def test_issuing_from_the_documents_list_shows_the_addressee_and_the_penalty(make_window, db, make_case, prompts,
                                                                             english):
    from PySide6.QtWidgets import QPushButton

    case = make_case(status="under_review", filed_on="2026-03-02", facts=FACTS, fine_fen=300_000)
    section = make_window(db).open_case(case.id).documents
    section.form_choice.setCurrentIndex(section.form_choice.findData("pre_penalty_notice"))
    prompts.confirm_answer = False
    next(b for b in section.findChildren(QPushButton) if b.objectName().startswith("issue")).click()
    assert prompts.errors == []
    (question,) = prompts.confirmations
    assert question.startswith("Issue 行政处罚告知书? It takes the next 文号")
    assert "Check what it says:\n当事人：佛山市南海区誉嘉房地产代理有限公司\n罚款：¥3,000.00（叁仟元整）" in question
    assert "警告" not in question
    assert case_documents(db, case.id) == []
