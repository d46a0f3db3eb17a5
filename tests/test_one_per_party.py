"""A document a party receives once (``one_per_party``: the 行政处罚告知书, the 催告书, the 强制执行申请书) is not
issued to the same party a second time while one is in force: refused naming it, and offered as its correction."""
from __future__ import annotations

import pytest

from tests.test_enforcement_documents import DECISION, overdue  # noqa: F401  (the fixture)
from tests.test_multiparty13 import decided_case, serve
from workstation.documents.drafts import find_form
from workstation.documents.issuing import case_documents, decision_to_correct, issue_document, void_document
from workstation.errors import WorkstationError
from workstation.formkit.spec import FormError, load_form, load_forms
from workstation.paths import FORMS
from workstation.store import get_case


def test_the_forms_a_party_receives_once_are_marked_and_the_repeated_ones_are_not():
    forms = load_forms()[0]
    assert {f.id for f in forms.values() if f.one_per_party} == {
        "pre_penalty_notice", "performance_demand", "enforcement_application"}
    for repeated in ("inquiry_record", "delivery_receipt", "evidence_extraction", "hearing_notice"):
        assert not forms[repeated].one_per_party


def test_a_form_is_not_both_one_per_case_and_one_per_party(tmp_path, english):
    text = (FORMS / "closing_approval.toml").read_text(encoding="utf-8")
    both = tmp_path / "closing_approval.toml"
    both.write_text(text.replace("one_per_case = true", "one_per_case = true\none_per_party = true"), encoding="utf-8")
    with pytest.raises(FormError, match="one_per_party"):
        load_form(both)


def test_a_second_demand_to_the_same_party_is_refused_naming_the_one_in_force_and_nothing_is_taken(
        db, data_dir, overdue, english):  # noqa: F811
    form = find_form("performance_demand")
    first = issue_document(db, data_dir, overdue, form, {"decision_no": DECISION})
    with pytest.raises(WorkstationError) as refused:  # as `docs issue` asks: naming its --supersedes
        issue_document(db, data_dir, overdue, form, {"decision_no": DECISION}, for_command_line=True)
    message = refused.value.message
    assert first.number in message and first.issued_at[:10] in message
    assert "receives one 行政处罚决定履行催告书" in message and "--supersedes" in message
    assert [d.id for d in case_documents(db, overdue.id)] == [first.id]  # no 文号 taken, nothing issued
    # the editor offers to issue it as the correction of the one in force
    assert decision_to_correct(db, overdue, form, {"decision_no": DECISION}).id == first.id
    corrected = issue_document(db, data_dir, overdue, form, {"decision_no": DECISION}, supersedes=first.id)
    assert corrected.supersedes_id == first.id
    void_document(db, corrected.id, "送达对象有误")  # the one it corrected stands again
    with pytest.raises(WorkstationError, match="already has 行政处罚决定履行催告书"):
        issue_document(db, data_dir, overdue, form, {"decision_no": DECISION})
    void_document(db, first.id, "送达对象有误")
    again = issue_document(db, data_dir, overdue, form, {"decision_no": DECISION})  # none in force: a new one
    assert again.number not in (first.number, corrected.number)


def test_each_party_of_a_case_receives_its_own_demand_once(db, data_dir, make_case, monkeypatch, english):
    case, company, employee = decided_case(db, data_dir, make_case)
    serve(db, case, "2026-03-12", company)
    serve(db, case, "2026-03-16", employee)
    monkeypatch.setattr("workstation.formkit.values.today", lambda: "2026-04-06")
    monkeypatch.setattr("workstation.law.case_law.today", lambda: "2026-04-06")
    case = get_case(db, case.id)
    form = find_form("performance_demand")
    to_company = issue_document(db, data_dir, case, form, party_id=company)
    to_employee = issue_document(db, data_dir, case, form, party_id=employee)  # another party: its own
    assert to_company.number != to_employee.number
    with pytest.raises(WorkstationError, match=to_employee.number.replace("〔", ".").replace("〕", ".")):
        issue_document(db, data_dir, case, form, party_id=employee)
    assert decision_to_correct(db, case, form, {}, party_id=employee, case_party=employee).id == to_employee.id


@pytest.mark.gui
def test_the_editor_offers_a_second_demand_as_the_correction_of_the_one_in_force(
        db, data_dir, overdue, opened, prompts, monkeypatch, english):  # noqa: F811
    from ui.case_clocks import ClockEventDialog

    monkeypatch.setattr(ClockEventDialog, "exec", lambda dialog: 0)  # the clock event it offers: not recorded now
    first = issue_document(db, data_dir, overdue, find_form("performance_demand"), {"decision_no": DECISION})
    editor = opened(db, "performance_demand", overdue)
    editor.fields["decision_no"].set_value(DECISION)
    prompts.confirm_answer = True
    prompts.choices = [0]  # Issue as correction of 佛南市监催告〔2026〕1号
    editor.issue()
    assert editor.document is not None and editor.document.supersedes_id == first.id
    message, *options = prompts.offered[-1]
    assert f"already has 行政处罚决定履行催告书 {first.number}" in message
    assert options[0] == f"Issue as correction of {first.number}"
