"""The court the 强制执行申请书 is addressed to (此致 …): prefilled from the editable ``resources/reference/courts.toml``
by the district of the case's agency (a town office's district), still editable, the generic 有管辖权的人民法院 for
the city bureau unless an entry is added; a damaged file is refused naming the file and the key, and refuses only
the forms drawing on it."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.rendering import case_draft
from tests.test_party_kind_documents import PERSON, printed
from workstation.documents.drafts import draft_document, find_form
from workstation.errors import WorkstationError
from workstation.formkit import courts as courts_module
from workstation.formkit.values import case_context, default_values
from workstation.store import agency_id_for_code, find_case, get_agency

# 朱子轩's case (PERSON) is one of 桂城所, a town office of 南海区; it is closed with its fine paid, so nothing unpaid
# is prefilled (``payments.fine_unpaid``): the amount to enforce is typed
VALUES = {"decision_no": "佛南市监处〔2026〕9号", "demand_served_on": "2026-10-10", "unpaid_fen": "1000.00"}
FORM = "enforcement_application"


@pytest.fixture
def courts_file(tmp_path, monkeypatch):
    """``courts_file(text)``: the courts file read instead of the shipped one, holding ``text``."""
    path = tmp_path / "courts.toml"
    monkeypatch.setattr(courts_module, "courts_file", lambda: path)

    def write(text: str):
        path.write_text(text, encoding="utf-8")
        return path

    return write


def court_default(db, case) -> str:
    return default_values(find_form(FORM), case_context(db, case))["court"]


def test_a_town_office_case_applies_to_its_districts_court_in_pdf_and_docx(read_demo_db):
    case = find_case(read_demo_db, PERSON)
    assert get_agency(read_demo_db, case.agency_id).code == "440605011"  # 桂城所, not the district bureau
    pdf, docx = printed(case_draft(read_demo_db, PERSON, FORM, VALUES))
    assert "此致佛山市南海区人民法院" in pdf
    assert "此致佛山市南海区人民法院" in docx and "有管辖权的人民法院" not in docx


def test_the_officer_may_still_name_another_court(read_demo_db):
    pdf, docx = printed(case_draft(read_demo_db, PERSON, FORM, {**VALUES, "court": "佛山市中级人民法院"}))
    assert "此致佛山市中级人民法院" in pdf and "此致佛山市中级人民法院" in docx
    assert "南海区人民法院" not in pdf


def test_each_district_has_its_court_and_the_city_bureau_keeps_the_generic_text(read_demo_db):
    case = find_case(read_demo_db, PERSON)
    expected = {"440604": "佛山市禅城区人民法院", "440606": "佛山市顺德区人民法院", "440607": "佛山市三水区人民法院",
                "440608": "佛山市高明区人民法院", "440608004": "佛山市高明区人民法院", "440600": "有管辖权的人民法院"}
    for code, court in expected.items():
        assert court_default(read_demo_db, replace(case, agency_id=agency_id_for_code(code))) == court, code


def test_an_edited_courts_file_changes_the_court(read_demo_db, courts_file):
    courts_file('[courts]\n"440605" = "广东省佛山市南海区人民法院"\n"440600" = "佛山市中级人民法院"\n')
    case = find_case(read_demo_db, PERSON)
    pdf, docx = printed(draft_document(read_demo_db, case, find_form(FORM), dict(VALUES)))
    assert "此致广东省佛山市南海区人民法院" in pdf and "此致广东省佛山市南海区人民法院" in docx
    assert court_default(read_demo_db, replace(case, agency_id=agency_id_for_code("440600"))) == "佛山市中级人民法院"
    # a district left out of the file: the generic text
    assert court_default(read_demo_db, replace(case, agency_id=agency_id_for_code("440606"))) == "有管辖权的人民法院"


@pytest.mark.parametrize("text, named", [
    ('[courts]\n"440605" = "佛山市南海区人民法院\n', "line 2"),
    ('[courts]\n"440699" = "佛山市某区人民法院"\n', "courts.440699: 440699 is not the code of a district bureau"),
    ('[courts]\n"440605011" = "佛山市南海区人民法院"\n', "courts.440605011: 440605011 is not the code of a district"),
    ('[courts]\n"440605" = "南海区"\n', "courts.440605: “南海区” is not the name of a court"),
    ('[courts]\n"440605" = 440605\n', "courts.440605: “440605” is not the name of a court"),
    ('[court]\n"440605" = "佛山市南海区人民法院"\n', "court: write the courts under one table [courts]"),
    ('"440605" = "佛山市南海区人民法院"\n', "440605: write the courts under one table [courts]"),
])
def test_a_bad_courts_file_is_refused_naming_file_and_key_and_other_forms_still_draft(read_demo_db, courts_file,
                                                                                      english, text, named):
    path = courts_file(text)
    case = find_case(read_demo_db, PERSON)
    with pytest.raises(WorkstationError) as refused:
        draft_document(read_demo_db, case, find_form(FORM), dict(VALUES))
    message = str(refused.value)
    assert message.startswith(f"{path}") and named in message and "\n" not in message
    # the file is read only for a form drawing on it: the 催告书 of the same case still drafts
    draft_document(read_demo_db, case, find_form("performance_demand"),
                   {"decision_no": VALUES["decision_no"], "unpaid_fen": VALUES["unpaid_fen"]})


def test_a_missing_courts_file_is_refused_naming_it(read_demo_db, courts_file, english, tmp_path):
    path = courts_file("")
    path.unlink()
    with pytest.raises(WorkstationError, match="courts.toml cannot be read"):
        court_default(read_demo_db, find_case(read_demo_db, PERSON))


def test_the_editor_opens_with_the_districts_court_filled_in(demo_db, opened):
    editor = opened(demo_db, FORM, find_case(demo_db, PERSON))
    assert editor.current_values()["court"] == "佛山市南海区人民法院"
