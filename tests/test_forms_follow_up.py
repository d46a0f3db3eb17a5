"""Follow-ups of the forms of the seizure, enforcement and review documents: the 延长行政强制措施期限决定书 records the
extension of T14 and may extend by at most thirty days after the original end; the 延期/分期缴纳罚款通知书 prefills
the deferral's approved end (``event_until``) and refuses instalments that do not add up to the fine (``sums``);
the fields a document is defective without are required; a document whose title the values choose (分期缴纳罚款通知书,
法制审核表) is issued, listed and written under that title; the keys are loaded strictly."""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path

import pytest

from tests.test_enforcement_documents import DECISION, overdue  # noqa: F401  (a case fined ¥50,000, unpaid)
from ui.case_clocks import ClockEventDialog
from workstation.documents.drafts import draft_document, find_form
from workstation.documents.issuing import issue_document
from workstation.errors import ValidationError
from workstation.formkit.spec import FormError, load_form
from workstation.paths import FORMS

#: what the reviewers write on the 案件审核表 (nothing is ticked or concluded for them)
REVIEWED = {"facts_clear": "是", "evidence_sufficient": "是", "procedure_lawful": "是", "basis_correct": "是",
            "discretion_proper": "是", "opinion": "经审核，同意办案机构的处理意见。"}
INSTALMENTS = {"decision_no": DECISION, "by_instalments": True, "signed_on": "2026-06-26",
               "instalment1_fen": "30000", "instalment1_on": "2026-08-31",
               "instalment2_fen": "20000", "instalment2_on": "2026-10-31"}


def _refusal(db, case, form_id: str, values: dict) -> dict:
    with pytest.raises(ValidationError) as refused:
        draft_document(db, case, find_form(form_id), values)
    return refused.value.errors


def test_the_extension_records_the_extension_of_t14_from_its_decision_date():
    form = load_form(FORMS / "compulsory_measure_extension.toml")
    assert (form.event_for({}), form.event_date) == (("extension", "T14"), "decided_on")


def test_the_extension_may_end_at_most_thirty_days_after_the_original_end(db, overdue, english):  # noqa: F811
    typed = {"decision_no": "佛南市监强制〔2026〕1号", "measured_on": "2026-06-01", "original_until": "2026-06-30"}
    errors = _refusal(db, overdue, "compulsory_measure_extension", {**typed, "extended_until": "2026-07-31"})
    assert errors == {"延长至": "This date is more than 30 days after the 原期限届满日期 (2026-06-30): pick 2026-07-30 "
                                "or earlier."}
    text = draft_document(db, overdue, find_form("compulsory_measure_extension"),
                          {**typed, "extended_until": "2026-07-30"}).text
    assert "延长上述财物的扣押期限至2026年7月30日。" in text
    # without the original end nothing is compared; without the new end the decision is refused
    draft_document(db, overdue, find_form("compulsory_measure_extension"),
                   {**typed, "original_until": "", "extended_until": "2026-09-30"})
    assert _refusal(db, overdue, "compulsory_measure_extension", typed) == {"延长至": "This field is required."}


def test_an_entrustment_names_its_custodian_and_the_place_of_custody(db, overdue, english):  # noqa: F811
    errors = _refusal(db, overdue, "custody_entrustment", {"decision_no": "佛南市监强制〔2026〕1号"})
    assert errors == {"保管人": "This field is required.", "保管地点": "This field is required."}


def test_instalments_not_adding_up_to_the_fine_are_refused_at_the_last_one(db, overdue, english):  # noqa: F811
    errors = _refusal(db, overdue, "payment_deferral_notice", {**INSTALMENTS, "instalment2_fen": "10000"})
    assert errors == {"第二期数额（元）": "The amounts 第一期数额（元）、第二期数额（元） add up to ¥40,000.00, not to the "
                                         "罚款（元） of ¥50,000.00: correct them so that they add up to ¥50,000.00."}
    draft_document(db, overdue, find_form("payment_deferral_notice"), INSTALMENTS)  # ¥30,000 + ¥20,000
    # a deferral prints no instalment: an amount left typed there is not compared
    draft_document(db, overdue, find_form("payment_deferral_notice"),
                   {**INSTALMENTS, "by_instalments": False, "instalment2_fen": "10000", "deferred_to": "2026-09-30"})


@pytest.fixture
def recorded(prompts, monkeypatch):
    """The clock-event dialogs opened after issuing, each as shown, then saved; every question answered yes."""
    opened = []

    def exec_(dialog):
        opened.append((dialog.kind.currentData(), dialog.starts_on.date().toString("yyyy-MM-dd"),
                       None if dialog.running.isChecked() else dialog.ends_on.date().toString("yyyy-MM-dd")))
        if dialog.kind.currentData() == "deferral":  # the approver is typed (Penalty Law art. 66)
            dialog.approved_by.setText("局长")
        dialog.save()
        return dialog.result()

    monkeypatch.setattr(ClockEventDialog, "exec", exec_)
    prompts.confirm_answer = True
    prompts.confirm = lambda parent, message: True
    return opened


def test_issuing_the_instalment_notice_prefills_the_approved_end_with_the_last_instalment(
        db, overdue, opened, recorded):  # noqa: F811
    editor = opened(db, "payment_deferral_notice", overdue)
    for name, value in INSTALMENTS.items():
        editor.fields[name].set_value(value)
    editor.issue()
    assert editor.document is not None
    assert recorded == [("deferral", "2026-06-26", "2026-10-31")]
    assert [tuple(row) for row in db.execute("SELECT kind, starts_on, ends_on FROM clock_events WHERE case_id = ?",
                                             [overdue.id])] == [("deferral", "2026-06-26", "2026-10-31")]


def test_issuing_a_deferral_prefills_the_deferred_date(db, overdue, opened, recorded):  # noqa: F811
    editor = opened(db, "payment_deferral_notice", overdue)
    for name, value in {"decision_no": DECISION, "signed_on": "2026-06-26", "deferred_to": "2026-09-30"}.items():
        editor.fields[name].set_value(value)
    editor.issue()
    assert recorded == [("deferral", "2026-06-26", "2026-09-30")]


def test_a_title_the_values_choose_is_the_issued_documents_listed_and_written_title(db, overdue,  # noqa: F811
                                                                                     data_dir):
    from workstation.documents.docx_writer import render_docx
    from workstation.formkit.values import documents_context

    issued = issue_document(db, data_dir, overdue, find_form("payment_deferral_notice"), INSTALMENTS)
    assert issued.title == "分期缴纳罚款通知书"
    review = issue_document(db, data_dir, overdue, find_form("legal_review"), {**REVIEWED, "review_kind": "法制审核"})
    assert review.title == "法制审核表"
    rows = documents_context(db, overdue)["documents.rows"].split("\n")
    assert [row.split(" | ")[3] for row in rows] == ["分期缴纳罚款通知书", "法制审核表"]
    document = draft_document(db, overdue, find_form("legal_review"), {**REVIEWED, "review_kind": "法制审核"})
    core = zipfile.ZipFile(BytesIO(render_docx(document))).read("docProps/core.xml").decode()
    assert "<dc:title>法制审核表</dc:title>" in core
    # a fixed printed text (the cover's 行政处罚案卷) keeps the form's title
    assert draft_document(db, overdue, find_form("legal_review"), REVIEWED).title == "案件审核表"
    assert draft_document(db, overdue, find_form("file_cover")).title == "卷宗封面"


def _with(tmp_path: Path, name: str, old: str, new: str) -> Path:
    text = (FORMS / f"{name}.toml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / f"{name}.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(("name", "old", "new", "message"), [
    ("payment_deferral_notice", 'event_until = ["deferred_to"', 'event_until = ["review"',
     "Form payment_deferral_notice.toml, event_until: review names no date field"),
    ("payment_deferral_notice", 'parts = ["instalment1_fen"', 'parts = ["instalment1_on"',
     "Form payment_deferral_notice.toml, sums[0].parts: instalment1_on names no money field"),
    ("payment_deferral_notice", 'when = "by_instalments" }', 'when = "by_instalment" }',
     "Form payment_deferral_notice.toml, sums[0].when: by_instalment names no field"),
    ("compulsory_measure_extension", 'not_after = "original_until+30"', 'not_after = "reason+30"',
     "Form compulsory_measure_extension.toml, fields[8].not_after: reason names no date field"),
    ("compulsory_measure_extension", 'not_after = "original_until+30"', 'not_after = "original_until-30"',
     "Form compulsory_measure_extension.toml, fields[8].not_after: a date field's latest date"),
])
def test_a_bad_key_is_a_load_error_naming_it(tmp_path, english, name, old, new, message):
    with pytest.raises(FormError) as refused:
        load_form(_with(tmp_path, name, old, new))
    assert refused.value.message.startswith(message)
