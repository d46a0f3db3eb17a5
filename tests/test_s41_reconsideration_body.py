"""The 行政复议机关 a decision names is a people's government (行政复议法 2023 art. 24, in force since 2024): a
decision naming 佛山市市场监督管理局 — the upper-level bureau earlier law offered — is refused naming the field; the
agency's own default passes."""

from __future__ import annotations

import pytest

from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.errors import ValidationError
from workstation.store import find_case

CASE = "佛南市监立〔2026〕8号"  # a demo case decided with a fine


@pytest.mark.parametrize("form_id", ["penalty_decision", "no_penalty_decision", "rectification_order"])
def test_a_bureau_named_as_the_reconsideration_body_is_refused(demo_db, data_dir, form_id):
    from workstation.formkit.values import field_errors

    form = find_form(form_id)
    field = next(f for f in form.fields if f.name == "reconsideration_body")
    _out, errors = field_errors(form, {"reconsideration_body": "佛山市市场监督管理局"}, {})
    assert "people's government" in errors["reconsideration_body"] or "人民政府" in errors["reconsideration_body"]
    _out, errors = field_errors(form, {"reconsideration_body": "佛山市南海区人民政府"}, {})
    assert "reconsideration_body" not in errors
    assert field.check == "government"


def test_the_decision_issued_with_the_bureau_as_reconsideration_body_is_refused(demo_db, data_dir):
    case = find_case(demo_db, CASE)
    with pytest.raises(ValidationError) as refused:
        issue_document(demo_db, data_dir, case, find_form("rectification_order"),
                       {"reconsideration_body": "佛山市市场监督管理局"})
    assert "行政复议机关" in refused.value.errors
