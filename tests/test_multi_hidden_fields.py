"""The first party's fields a sheet does not print in a case with several parties (its 当事人 rows replaced by
各当事人情况, ``party_rows.one_party_fields``) are hidden in the editor, so what they hold does not block issuing:
a draft begun while the case had one party, whose 当事人 was then emptied, is issued once the case has two, in the
window and by ``docs issue``; a case with one party still refuses it, naming the field."""

from __future__ import annotations

import json

import pytest

from tests.helpers import FILING_SOURCE, run
from tests.test_party_case10 import COMPANY, EMPLOYEE, FACTS, with_employee
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.errors import ValidationError
from workstation.formkit.values import case_context, checked_values, default_values, field_errors
from workstation.i18n import _
from workstation.store import drafts, get_case

FORMS = ("filing_approval", "case_source_register", "closing_approval")
#: what the 案件来源登记表 of a case not drafted from a lead is told (its 来源时间), and the emptied 当事人
GIVEN = {"filing_approval": {}, "case_source_register": {"received_on": "2026-02-10"}, "closing_approval": {}}


def errors_with_party_emptied(db, case, form_id: str, **typed) -> dict[str, str]:
    form = find_form(form_id)
    context = case_context(db, get_case(db, case.id))
    values = {**default_values(form, context), **GIVEN[form_id], "party_name": "", **typed}
    return field_errors(form, values, context)[1]


@pytest.fixture
def two_parties(db, make_case):
    return with_employee(db, make_case(status="investigating", filed_on="2026-02-20", facts=FACTS))[0]


@pytest.mark.parametrize("form_id", FORMS)
def test_a_field_the_sheet_does_not_print_for_several_parties_is_not_refused(db, make_case, two_parties, form_id):
    assert "party_name" not in errors_with_party_emptied(db, two_parties, form_id)
    # a field the sheet prints for several parties too is still refused
    printed = {"filing_approval": "cause", "case_source_register": "source", "closing_approval": "cause"}[form_id]
    assert printed in errors_with_party_emptied(db, two_parties, form_id, **{printed: ""})
    # with one party the sheet prints it: refused as before
    one = make_case(status="investigating", filed_on="2026-02-20", facts=FACTS)
    assert errors_with_party_emptied(db, one, form_id)["party_name"] == _("This field is required.")


def test_a_date_the_sheet_does_not_print_for_several_parties_is_not_held_to_its_limit(db, make_case, two_parties):
    # the first party's 缴款日期 before its 决定日期: both printed only in the one party's rows
    dated = {"decided_on": "2026-03-10", "paid_on": "2026-03-01"}
    assert "paid_on" not in errors_with_party_emptied(db, two_parties, "closing_approval", **dated)
    one = make_case(status="investigating", filed_on="2026-02-20", facts=FACTS)
    assert "paid_on" in errors_with_party_emptied(db, one, "closing_approval", **dated)


def test_the_sheet_is_issued_with_every_partys_rows_and_a_one_party_case_still_refuses(db, data_dir, make_case,
                                                                                     two_parties):
    form = find_form("filing_approval")
    issued = issue_document(db, data_dir, get_case(db, two_parties.id), form, {**FILING_SOURCE, "party_name": ""})
    assert issued.status == "issued"
    assert COMPANY in issued.values["party_rows"] and EMPLOYEE in issued.values["party_rows"]
    one = make_case(status="investigating", filed_on="2026-02-20", facts=FACTS)
    context = case_context(db, get_case(db, one.id))
    with pytest.raises(ValidationError) as refused:
        checked_values(form, {**default_values(form, context), "party_name": ""}, context)
    assert "当事人" in refused.value.errors


def test_docs_issue_on_the_command_line_agrees_with_the_window(db, data_dir, make_case, two_parties, tmp_path,
                                                               capsys, english):
    values = tmp_path / "values.json"
    values.write_text(json.dumps({**FILING_SOURCE, "party_name": ""}), encoding="utf-8")
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "issue", two_parties.id, "--form",
                          "filing_approval", "--values", values, "-o", tmp_path / "two.pdf")
    assert code == 0, err
    assert (tmp_path / "two.pdf").exists()
    one = make_case(status="investigating", filed_on="2026-02-20", facts=FACTS)
    before = db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "issue", one.id, "--form", "filing_approval",
                          "--values", values, "-o", tmp_path / "one.pdf")
    assert code == 1 and "当事人" in err and "This field is required." in err
    assert db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == before and not (tmp_path / "one.pdf").exists()


@pytest.mark.gui
def test_a_draft_begun_with_one_party_is_issued_once_a_second_party_is_added(db, make_case, opened, english):
    case = make_case(status="investigating", filed_on="2026-02-20", facts=FACTS)
    kept = drafts.open_draft(db, "filing_approval", {**FILING_SOURCE, "party_name": ""}, case_id=case.id)
    drafts.set_status(db, kept.id, "saved")
    editor = opened(db, "filing_approval", get_case(db, case.id), draft=drafts.get_draft(db, kept.id))
    assert "party_name" in editor.errors and not editor.issue_action.isEnabled()  # shown: the officer corrects it
    editor.shutdown()
    with_employee(db, get_case(db, case.id))
    editor = opened(db, "filing_approval", get_case(db, case.id), draft=drafts.get_draft(db, kept.id))
    editor.show()
    assert not editor.fields["party_name"].widget.isVisible()
    assert editor.current_values()["party_name"] == ""  # kept as the draft holds it, but not printed
    assert editor.errors == {} and editor.issue_action.isEnabled()
    assert editor.errors_label.text() == ""
