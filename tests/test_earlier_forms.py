"""Every earlier version of each form is kept in forms/earlier (``spec.earlier_form``): a document issued on one is
composed on it again for its DOCX copy and its publication copy, instead of being refused once its form changed."""

from __future__ import annotations

import json

import pytest

from tests.helpers import rewrite_issued
from tests.test_publication_copy import decided, docx_text
from workstation.documents.compose import compose
from workstation.documents.issuing import get_document, issued_docx
from workstation.documents.publication import publication_copy
from workstation.formkit.spec import EARLIER, earlier_form, load_forms
from workstation.paths import FORMS

FORMS_NOW = load_forms()[0]


@pytest.mark.parametrize("form_id", sorted(FORMS_NOW))
def test_each_version_below_the_forms_own_is_kept_and_loads(form_id):
    """Raising a form's version copies the file it replaces to forms/earlier/v<N>/ first."""
    current = FORMS_NOW[form_id].version
    missing = [version for version in range(1, current) if earlier_form(form_id, version) is None]
    assert not missing, (f"forms/{EARLIER}/v<N>/{form_id}.toml missing or broken for version(s) {missing}: copy the "
                         "form's file there, as it stood, before raising its version")
    assert earlier_form(form_id, current) is None  # the version in force is the form's own file
    for version in range(1, current):  # each still composes (a blank sheet) with today's writer
        assert compose(earlier_form(form_id, version), {}, agency="佛山市南海区市场监督管理局").blocks


def test_no_earlier_version_is_kept_of_a_form_that_no_longer_exists():
    kept = {path.stem for path in (FORMS / EARLIER).glob("v*/*.toml")}
    assert kept <= set(FORMS_NOW)


GIVEN_UP = "当事人于2026年3月6日撤回听证申请。"


def issued_on_version_11(db, data_dir, make_case):
    """A 行政处罚决定书 as version 11 of its form issued it (the party had asked for a hearing and withdrawn the
    request, which version 12 first said: version 11 printed its ordinary paragraph)."""
    case, decision = decided(db, data_dir, make_case, hearing_given_up=GIVEN_UP)
    stored = json.loads(db.execute("SELECT values_json FROM documents WHERE id = ?", [decision.id]).fetchone()[0])
    values = {**stored, "hearing_required": True}  # as kept, with what it was printed under
    rewrite_issued(db, decision.id, 11, values)  # issued documents are frozen: lifted for this only
    return case, get_document(db, decision.id)


def test_a_decision_issued_on_an_earlier_version_is_published_as_that_version_printed_it(db, data_dir, make_case):
    _case, decision = issued_on_version_11(db, data_dir, make_case)
    assert FORMS_NOW["penalty_decision"].version > 11
    text = publication_copy(db, data_dir, decision).text()
    assert "也未要求听证。" in text and GIVEN_UP not in text  # version 12 would say the request was withdrawn


def test_its_docx_copy_is_composed_on_that_version_too(db, data_dir, make_case):
    case, decision = issued_on_version_11(db, data_dir, make_case)
    text = docx_text(issued_docx(decision, FORMS_NOW["penalty_decision"], agency=decision.issued_as["agency"],
                                 case_number=case.case_number))
    assert "也未要求听证。" in text and GIVEN_UP not in text
