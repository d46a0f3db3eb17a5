"""The 联系电话 (and 联系地址) a notice or letter gives the party, or the body it writes to, to reach the agency are the
agency's, as 本局文书信息 holds them (a town office's own, else its bureau's, field by field; workstation/agency_details.py),
as the 行政处罚告知书's are: the officer no longer types them on each document. The party's own telephone (a 笔录's,
a register's 联系电话) stays the party's, and a draft kept while the form gave none takes the agency's too, unless the
officer cleared it."""

from __future__ import annotations

import pytest

from workstation.agency_details import set_agency_details
from workstation.documents.drafts import draft_document, find_form
from workstation.formkit.spec import load_forms
from workstation.formkit.values import case_context, default_values, resumed_values
from workstation.store import agency_id_for_code, drafts, find_case

NANHAI = agency_id_for_code("440605")
GUICHENG = agency_id_for_code("440605011")  # 桂城市场监督管理所, a town office of the Nanhai bureau
BUREAU_CASE = "佛南市监立〔2026〕1号"  # the Nanhai bureau's own case
TOWN_CASE = "佛南市监立〔2026〕2号"  # a case of its 桂城 office
BUREAU = {"contact_phone": "0757-86281234", "contact_address": "佛山市南海区桂城街道南海大道北1号"}
TOWN = {"contact_phone": "0757-86225678", "contact_address": "佛山市南海区桂城街道海五路28号"}

#: the forms whose 联系电话 is the agency's, and those of them printing its 联系地址 too
PHONE_FORMS = ["assistance_letter", "compulsory_measure_decision", "compulsory_measure_extension",
               "compulsory_measure_release", "custody_entrustment", "early_disposal_notice", "enforcement_application",
               "hearing_notice", "identification_request", "inquiry_notice", "jurisdiction_notice", "materials_order",
               "payment_deferral_notice", "performance_demand", "police_transfer", "pre_penalty_notice",
               "preservation_notice", "preservation_release", "rectification_order", "refund_order",
               "seized_items_transfer_notice", "seizure_assistance_notice", "service_public_notice",
               "testing_commission", "testing_period_notice", "testing_result_notice"]
ADDRESS_FORMS = {"early_disposal_notice", "hearing_notice", "pre_penalty_notice"}
#: whose else a 联系电话 may be: the party's own, a lead's letters (the officer's last typed), an interview's
OTHERS = ("party.", "lead.", "interview.")


@pytest.fixture
def details(demo_db):
    """The Nanhai bureau's telephone and address and its 桂城 office's own, as the officers set them."""
    set_agency_details(demo_db, NANHAI, BUREAU)
    set_agency_details(demo_db, GUICHENG, TOWN)
    return demo_db


def _printed(db, case_number: str, form_id: str) -> str:
    """The draft of ``form_id`` for the demo case, the required fields it leaves empty as ruled blanks."""
    document = draft_document(db, find_case(db, case_number), find_form(form_id), {}, blanks=[])
    return document.text.replace(" ", "")


@pytest.mark.parametrize("form_id", PHONE_FORMS)
def test_the_notice_prints_the_bureaus_contact_for_its_case_and_the_town_offices_own_for_the_offices(details,
                                                                                                   form_id):
    bureau = _printed(details, BUREAU_CASE, form_id)
    assert f"联系电话：{BUREAU['contact_phone']}" in bureau
    assert TOWN["contact_phone"] not in bureau
    town = _printed(details, TOWN_CASE, form_id)
    assert f"联系电话：{TOWN['contact_phone']}" in town
    assert BUREAU["contact_phone"] not in town
    if form_id in ADDRESS_FORMS:
        assert f"联系地址：{BUREAU['contact_address']}" in bureau and f"联系地址：{TOWN['contact_address']}" in town


def test_a_town_office_without_a_telephone_of_its_own_prints_the_bureaus_and_its_own_address(details):
    set_agency_details(details, GUICHENG, {"contact_phone": ""})
    values = default_values(find_form("hearing_notice"), case_context(details, find_case(details, TOWN_CASE)))
    assert values["contact_phone"] == BUREAU["contact_phone"]
    assert values["contact_address"] == TOWN["contact_address"]


def test_every_contact_line_of_the_forms_is_the_agencys_unless_it_is_the_partys_a_leads_or_an_interviews():
    forms, broken = load_forms()
    assert not broken
    agencys, others = set(), set()
    for form in forms.values():
        for field in form.fields:
            if field.label not in ("联系电话", "联系地址", "联系方式"):
                continue
            if field.source.startswith(OTHERS):
                others.add(form.id)
                continue
            assert field.source == f"agency.{field.name}", (form.id, field.name, field.source)
            assert "本局文书信息" in field.help, (form.id, field.name)
            agencys.add(form.id)
    assert agencys == set(PHONE_FORMS)
    # the party's own telephone in the records and registers, a lead's letters, the 约谈通知书
    assert {"inquiry_record", "site_record", "filing_approval", "assignment_notice", "interview_notice"} <= others


@pytest.mark.parametrize(("form_id", "name"), [
    ("inquiry_record", "phone"), ("statement_record", "phone"), ("service_address_confirmation", "phone"),
    ("site_record", "party_phone"), ("sampling_record", "party_phone"), ("filing_approval", "party_phone"),
    ("case_source_register", "party_phone"), ("investigation_report", "party_phone"),
    ("early_disposal_confirmation", "party_phone"), ("evidence_extraction", "provider_phone"),
])
def test_the_partys_own_telephone_is_still_the_partys(details, form_id, name):
    context = case_context(details, find_case(details, BUREAU_CASE))
    assert context["party.phone"] and context["party.phone"] != BUREAU["contact_phone"]
    assert default_values(find_form(form_id), context)[name] == context["party.phone"]


def test_a_draft_kept_before_the_form_gave_the_telephone_takes_it_unless_the_officer_wrote_or_cleared_it(details):
    form = find_form("hearing_notice")
    context = case_context(details, find_case(details, BUREAU_CASE))
    empty = {"contact_phone": "", "contact_address": "", "hearing_place": "本局听证室"}
    for began in (None, {"contact_phone": "", "contact_address": ""}):  # defaults not known, or known and empty
        resumed = resumed_values(form, empty, context, began)
        assert resumed["contact_phone"] == BUREAU["contact_phone"]
        assert resumed["contact_address"] == BUREAU["contact_address"]
        assert resumed["hearing_place"] == "本局听证室"
    # begun with the agency's telephone and address: the officer emptied them (to write them by hand)
    cleared = resumed_values(form, empty, context, {**BUREAU})
    assert cleared["contact_phone"] == "" and cleared["contact_address"] == ""
    typed = resumed_values(form, {**empty, "contact_phone": "0757-83330000"}, context, None)
    assert typed["contact_phone"] == "0757-83330000"


@pytest.mark.gui
def test_the_editor_fills_a_kept_drafts_empty_telephone_and_keeps_one_the_officer_cleared(details, opened):
    case = find_case(details, BUREAU_CASE)
    kept = drafts.open_draft(details, "inquiry_notice", {"contact_phone": "", "appear_place": "本局三楼"},
                             case_id=case.id, defaults=True)
    drafts.set_status(details, kept.id, "saved")
    editor = opened(details, "inquiry_notice", case, draft=drafts.get_draft(details, kept.id))
    assert editor.fields["contact_phone"].value() == BUREAU["contact_phone"]
    assert editor.fields["appear_place"].value() == "本局三楼"
    editor.shutdown()
    new = opened(details, "inquiry_notice", case)
    assert new.fields["contact_phone"].value() == BUREAU["contact_phone"]
    new.fields["contact_phone"].set_value("")
    new.save_draft()
    draft_id = new.draft.id
    new.shutdown()
    again = opened(details, "inquiry_notice", case, draft=drafts.get_draft(details, draft_id))
    assert again.fields["contact_phone"].value() == ""
