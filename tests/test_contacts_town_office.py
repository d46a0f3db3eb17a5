"""A town office (市场监管所) issues in its district bureau's name, but the party of its case states, defends and asks
for a hearing at the office: its 行政处罚告知书 prints the office's own 联系电话 and 联系地址, set once for the office
(``station details --agency``, 文件 → 本局文书信息…), the bureau's where the office has none; the 行政处罚决定书's
account is the bureau's whoever handles the case. Which agency's details a document prints follows the case's
agency, not the station's."""

from __future__ import annotations

import pytest

from tests.helpers import pdf_text, run, run_json
from workstation.agency_details import agency_details, document_details, set_agency_details
from workstation.documents.drafts import draft_document, find_form
from workstation.documents.pdf_writer import render_pdf
from workstation.errors import ValidationError
from workstation.formkit.values import case_context
from workstation.store import agency_id_for_code, get_case
from workstation.store.base import get_setting, set_setting

NANHAI = agency_id_for_code("440605")
GUICHENG = agency_id_for_code("440605011")  # 桂城市场监督管理所, a town office of the Nanhai bureau
CITY = agency_id_for_code("440600")
BUREAU = {"contact_phone": "0757-86281234", "contact_address": "佛山市南海区桂城街道南海大道北1号",
          "bank": "中国工商银行佛山南海支行", "account_name": "佛山市南海区财政局", "account_number": "2013000000000001"}
TOWN = {"contact_phone": "0757-86225678", "contact_address": "佛山市南海区桂城街道海五路28号"}
FACTS = "经查，当事人于2026年1月至2月，未经消费者同意向其发送商业性短信1,200条。"
DECISION = {"decided_on": "2026-03-10", "fine_fen": "5000", "party_address": "佛山市南海区桂城街道南海大道1号",
            "evidence": "1.当事人营业执照复印件；\n2.询问笔录（2026年3月2日）。", "discretion": "当事人系初次违法，依法从轻处罚。"}


@pytest.fixture
def details(db):
    """The Nanhai bureau's details and its 桂城 office's own telephone and address, as the officers set them."""
    set_agency_details(db, NANHAI, BUREAU)
    set_agency_details(db, GUICHENG, TOWN)


@pytest.fixture
def town_case(db, make_case):
    """A case of the 桂城 office, investigated (its notice and decision can be drafted)."""
    case = make_case(status="under_review", filed_on="2026-02-20", facts=FACTS, fine_fen=500_000)
    db.execute("UPDATE cases SET agency_id = ? WHERE id = ?", [GUICHENG, case.id])
    return get_case(db, case.id)


def notice_text(db, case) -> str:
    return pdf_text(render_pdf(draft_document(db, case, find_form("pre_penalty_notice"),
                                              {"fine_fen": "5000", "issued_on": "2026-03-01"})).data)


def test_a_town_offices_notice_prints_the_offices_telephone_and_address_in_the_bureaus_name(db, details, town_case):
    set_setting(db, "station_agency", CITY)  # headquarters printing the town office's case prints the office's
    text = notice_text(db, town_case)
    assert TOWN["contact_phone"] in text and TOWN["contact_address"] in text
    assert BUREAU["contact_phone"] not in text and BUREAU["contact_address"] not in text
    assert "佛山市南海区市场监督管理局" in text  # it still goes out in the bureau's name


def test_the_bureaus_own_case_prints_the_bureaus_telephone_and_address(db, details, make_case):
    case = make_case(status="under_review", filed_on="2026-02-20", facts=FACTS, fine_fen=500_000)
    set_setting(db, "station_agency", GUICHENG)  # whatever station prints it
    text = notice_text(db, case)
    assert BUREAU["contact_phone"] in text and BUREAU["contact_address"] in text
    assert TOWN["contact_phone"] not in text and TOWN["contact_address"] not in text


def test_a_town_office_without_its_own_prints_the_bureaus(db, details, town_case):
    set_agency_details(db, GUICHENG, {"contact_phone": "", "contact_address": ""})
    text = notice_text(db, town_case)
    assert BUREAU["contact_phone"] in text and BUREAU["contact_address"] in text
    set_agency_details(db, GUICHENG, {"contact_phone": TOWN["contact_phone"]})  # the address it leaves empty
    context = case_context(db, town_case)
    assert context["agency.contact_phone"] == TOWN["contact_phone"]
    assert context["agency.contact_address"] == BUREAU["contact_address"]


def test_details_kept_before_town_offices_had_their_own_are_every_offices(db, details, town_case):
    """Older data: only the bureau's key in the settings (the conftest's town keys gone too)."""
    db.execute("DELETE FROM settings WHERE key LIKE 'agency_details.%' AND key != ?", ["agency_details." + NANHAI])
    assert document_details(db, GUICHENG) == {**dict.fromkeys(agency_details(db, NANHAI), ""), **BUREAU,
                                              "e_payment": ""}
    text = notice_text(db, town_case)
    assert BUREAU["contact_phone"] in text and BUREAU["contact_address"] in text


def test_a_town_offices_decision_names_the_bureaus_account(db, details, town_case):
    paragraph = "收款银行：中国工商银行佛山南海支行；户名：佛山市南海区财政局；账号：2013000000000001。"
    assert case_context(db, town_case)["agency.payment_details"] == paragraph
    text = pdf_text(render_pdf(draft_document(db, town_case, find_form("penalty_decision"), DECISION)).data)
    assert BUREAU["account_number"] in text and BUREAU["account_name"] in text


def test_a_town_office_cannot_set_an_account_of_its_own(db, details, english):
    before = get_setting(db, "agency_details." + GUICHENG)
    with pytest.raises(ValidationError) as refused:
        set_agency_details(db, GUICHENG, {"contact_phone": "0757-86220000", "bank": "某银行"})
    assert list(refused.value.errors) == ["收款银行"]
    assert "佛山市南海区市场监督管理局" in refused.value.errors["收款银行"] and "440605" in refused.value.errors["收款银行"]
    assert get_setting(db, "agency_details." + GUICHENG) == before  # the telephone given with it not stored either


# ---- the command line -------------------------------------------------------------------------------------------

def test_station_details_sets_and_shows_a_town_offices_own(db, data_dir, details, capsys, english):
    result = run_json(capsys, "--data-dir", data_dir, "station", "details", "--agency", "440605011",
                      "--contact-phone", "0757 8622 0000")
    assert result["agency"] == "440605011" and result["acting_agency"] == "440605"
    assert result["contact_phone"] == "0757-86220000" and result["contact_address"] == TOWN["contact_address"]
    assert result["bank"] == BUREAU["bank"]  # the bureau's, marked so
    assert result["from_acting_agency"] == ["bank", "account_name", "account_number", "e_payment"]
    assert agency_details(db, GUICHENG)["contact_phone"] == "0757-86220000"
    assert agency_details(db, NANHAI) == {**BUREAU, "e_payment": ""}  # the bureau's own untouched
    set_agency_details(db, GUICHENG, {"contact_address": ""})
    code, out, _err = run(capsys, "--data-dir", data_dir, "station", "details", "--agency", "440605011")
    assert code == 0
    assert f"联系地址：{BUREAU['contact_address']} (from 佛山市南海区市场监督管理局)" in out.splitlines()
    assert "联系电话：0757-86220000" in out.splitlines()


def test_station_details_at_a_town_station_shows_what_its_cases_print(db, data_dir, details, capsys):
    set_setting(db, "station_agency", GUICHENG)
    result = run_json(capsys, "--data-dir", data_dir, "station", "details")
    assert result["agency"] == "440605011" and result["contact_phone"] == TOWN["contact_phone"]


def test_station_details_refuses_an_account_for_a_town_office_changing_nothing(db, data_dir, details, capsys,
                                                                               english):
    before = get_setting(db, "agency_details." + GUICHENG), get_setting(db, "agency_details." + NANHAI)
    code, _out, err = run(capsys, "--data-dir", data_dir, "station", "details", "--agency", "440605011",
                          "--contact-phone", "0757-86220000", "--bank", "某银行")
    assert code == 1 and err.count("\n") == 1
    assert "收款银行" in err and "(agency code 440605)" in err
    assert (get_setting(db, "agency_details." + GUICHENG), get_setting(db, "agency_details." + NANHAI)) == before


# ---- the window -------------------------------------------------------------------------------------------------

@pytest.mark.gui
def test_the_dialog_sets_a_town_offices_telephone_and_address_the_account_read_only(db, details, qtbot, english):
    from ui.agency_details_dialog import AgencyDetailsDialog

    set_setting(db, "station_agency", GUICHENG)
    set_agency_details(db, GUICHENG, {"contact_address": ""})
    dialog = AgencyDetailsDialog(db)
    qtbot.addWidget(dialog)
    assert dialog.agency.currentData() == GUICHENG  # the station's own office, not its bureau
    assert "in the name of 佛山市南海区市场监督管理局" in dialog.note.text()
    assert dialog.edits["contact_phone"].text() == TOWN["contact_phone"]
    assert dialog.edits["contact_address"].text() == ""
    assert BUREAU["contact_address"] in dialog.edits["contact_address"].placeholderText()  # printed while empty
    for field in ("bank", "account_name", "account_number"):
        assert dialog.edits[field].isReadOnly() and dialog.edits[field].text() == BUREAU[field]
    assert not dialog.edits["contact_phone"].isReadOnly()
    dialog.edits["contact_address"].setText("佛山市南海区桂城街道灯湖东路1号")
    dialog.edits["contact_phone"].setText("12")
    assert not dialog.save() and "is not a telephone number" in dialog.errors["contact_phone"].text()
    assert agency_details(db, GUICHENG)["contact_address"] == ""  # nothing stored
    dialog.edits["contact_phone"].setText("075786229999")
    assert dialog.save()
    assert agency_details(db, GUICHENG) == {**dict.fromkeys(BUREAU, ""), "e_payment": "",
                                            "contact_phone": "0757-86229999",
                                            "contact_address": "佛山市南海区桂城街道灯湖东路1号"}
    assert agency_details(db, NANHAI) == {**BUREAU, "e_payment": ""}


@pytest.mark.gui
def test_the_dialog_switches_from_a_town_office_to_its_bureau_whose_account_is_editable(db, details, qtbot):
    from ui.agency_details_dialog import AgencyDetailsDialog

    dialog = AgencyDetailsDialog(db, agency_id=GUICHENG)
    qtbot.addWidget(dialog)
    dialog.agency.setCurrentIndex(dialog.agency.findData(NANHAI))
    assert not dialog.edits["bank"].isReadOnly() and dialog.edits["contact_phone"].placeholderText() == ""
    assert dialog.edits["contact_phone"].text() == BUREAU["contact_phone"]
    dialog.edits["account_number"].setText("2013000000000009")
    assert dialog.save()
    assert agency_details(db, NANHAI)["account_number"] == "2013000000000009"
