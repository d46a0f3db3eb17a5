"""Leads audit (session 62): a lead is never "referred" to the agency holding it, however that agency is written
(its register code, 市场监管局/市监局 wordings, a town office's code); a bare number that is no agency code is refused
and another agency's code is written as its name in the letter; complaints are not joined to a lead whose case is
opened; the assignment drop-down preselects no agency of another district when the lead names none; assigning a lead
again to the agency holding it on the same day says nothing changed; an extension over the limit is not said as if
the lead had been extended already."""

from __future__ import annotations

import pytest

from tests.helpers import run, run_json
from tests.test_related10 import add
from workstation.documents.drafts import find_form
from workstation.errors import ValidationError, WorkstationError
from workstation.leads_register import LeadEntry, register_lead
from workstation.leads_workflow import assign_lead, check_lead_issue, get_lead_row
from workstation.store import agency_by_code

NANHAI = "佛山市南海区市场监督管理局"
SHUNDE = "佛山市顺德区市场监督管理局"
LETTER = "case_transfer_letter"
TYPED = {"contact_person": "陈志强", "issued_on": "2026-09-25"}


def nanhai_lead(db, code: str = "440605") -> str:
    lead = register_lead(db, LeadEntry(source="report", received_at="2026-09-21 10:00",
                                       description="来访举报某公司反复拨打推销电话", target_phone="13912345678",
                                       complainant_phone="13800138000", reporter_name="李四"))
    assign_lead(db, lead.id, agency_by_code(db, code).id, "2026-09-22")
    return lead.id


def refusal(db, lead: str, receiver: str) -> str:
    try:
        check_lead_issue(db, lead, find_form(LETTER), {**TYPED, "receiver": receiver})
    except ValidationError as refused:
        return " ".join(f"{label}: {message}" for label, message in refused.errors.items())
    return ""


# ---- 1. a lead referred to the agency holding it ------------------------------------------------------------------

@pytest.mark.parametrize("receiver", ["440605", "４４０６０５", "佛山市南海区市场监管局", "南海区市监局", "南海市监局",
                                      "南海区市场监管局", " 佛山市南海区市监局 "])
def test_the_bureau_holding_the_lead_however_written_is_refused(db, officers, english, receiver):
    lead = nanhai_lead(db)
    message = refusal(db, lead, receiver)
    assert message.startswith("受移送机关: ") and f"cannot be referred to {NANHAI}" in message, message
    assert "decide not to file" in message and "assign" in message


GUICHENG = "佛山市南海区市场监督管理局桂城市场监督管理所"


@pytest.mark.parametrize("receiver", ["440605011", "桂城市场监管所", "桂城市监所", "南海区桂城市场监管所",
                                      "佛山市南海区桂城市监所", "桂城街道市场监管所", "南海区桂城街道市监所",
                                      "南海区市场监督管理局桂城市场监督管理所", "桂城所"])
def test_the_town_office_holding_the_lead_is_refused_by_its_code_or_wording(db, officers, english, receiver):
    lead = nanhai_lead(db, "440605011")
    message = refusal(db, lead, receiver)
    assert f"{GUICHENG} holds the lead" in message and f"cannot be referred to {GUICHENG}" in message, message
    assert "decide not to file" in message


@pytest.mark.parametrize("receiver", ["南海市监局", NANHAI, "440605", "南海区局"])
def test_the_bureau_of_the_town_office_holding_the_lead_names_the_office_as_its_holder(db, officers, english,
                                                                                      receiver):
    lead = nanhai_lead(db, "440605011")
    message = refusal(db, lead, receiver)
    # the office holds the lead, the bureau issues its letter: each said as it is
    assert f"{NANHAI} is the bureau issuing this letter" in message and f"{GUICHENG}, which holds the lead" in message
    assert f"{NANHAI} holds" not in message and "the agency holding it" not in message, message
    assert "decide not to file" in message


# ---- the agency a name means: the register's, by its wordings, never another body -----------------------------------

@pytest.mark.parametrize(("name", "code"), [
    ("佛山市监局", "440600"), ("佛山市市场监管局", "440600"), ("佛山市局", "440600"),
    ("南海市监局", "440605"), ("佛山市南海区市监局", "440605"), ("南海区市场监督管理局", "440605"), ("４４０６０５", "440605"),
    ("南海区桂城市场监管所", "440605011"), ("佛山市南海区桂城市监所", "440605011"), ("桂城街道市场监管所", "440605011"),
    ("桂城市场监督管理所", "440605011"), ("南海桂城市监所", "440605011"),
    ("北滘镇市监所", "440606102"), ("顺德区北滘市场监管所", "440606102"), ("北滘市监所", "440606102"),
    ("石湾镇市场监督管理所", "440604010"), ("石湾市监所", "440604010"), ("石湾街道市监所", "440604010"),
    ("南山市监所", "440607106"), ("狮山市场监管所", "440605124"),
    ("石湾镇街道市监所", "440604010"), ("佛山市禅城区石湾镇街道市监所", "440604010"),  # the register's town name
])
def test_an_agency_is_recognised_by_the_wordings_officers_write(db, name, code):
    from workstation.documents.jurisdiction import named_agency
    from workstation.store import list_agencies

    found = named_agency(list_agencies(db), name)
    assert found is not None and found.code == code, (name, found)


@pytest.mark.parametrize("name", [
    "山市监所", "佛山市通信管理局", "公安局南海分局", "佛山市公安局南海分局", "佛山市监狱管理局", "广州市监局",
    "广州市市场监督管理局", "广州市南海区市场监督管理局", "区市场监督管理局", "市场监督管理局", "市监所",
    "佛山市禅城区市场监督管理局纪检监察组", "桂城市场监督管理局", "南海区人民政府", "广东省通信管理局", "12345", "",
])
def test_no_other_body_is_taken_for_an_agency(db, name):
    from workstation.documents.jurisdiction import named_agency
    from workstation.store import list_agencies

    assert named_agency(list_agencies(db), name) is None


def test_a_town_office_of_the_bureau_holding_the_lead_is_refused_by_its_code(db, officers, english):
    lead = nanhai_lead(db)
    assert "is a town office of 佛山市南海区市场监督管理局" in refusal(db, lead, "440605011")


def test_a_bare_number_that_is_no_agency_code_is_refused(db, officers, english):
    lead = nanhai_lead(db)
    message = refusal(db, lead, "12345")
    assert "12345 is no agency code" in message and "name of the agency" in message, message


def test_another_agencys_code_in_the_window_is_refused_with_its_name(db, officers, english):
    lead = nanhai_lead(db)
    message = refusal(db, lead, "440606")
    # the letter is addressed to a name: the code typed into the letter's field is refused, naming the agency
    assert f"440606 is the code of {SHUNDE}" in message and f"write {SHUNDE}" in message, message


def test_a_designation_names_no_bureau_by_its_code(db, english):
    from workstation.documents.jurisdiction import designation_errors

    city = agency_by_code(db, "440600").id
    errors = designation_errors(db, city, {"designated": "440605", "other_agencies": "佛山市顺德区市场监管局"})
    assert errors == {"designated": f"440605 is the code of {NANHAI}: the document names the agency by its name; "
                                    f"write {NANHAI}."}


@pytest.mark.parametrize("receiver", ["佛山市通信管理局", "佛山市公安局南海分局"])
def test_another_agency_is_still_referred_to(db, officers, receiver):
    lead = nanhai_lead(db)
    assert refusal(db, lead, receiver) == ""


@pytest.mark.parametrize("receiver", [SHUNDE, "顺德区市场监管局", "佛山市禅城区市监局"])
def test_a_peer_bureau_of_the_register_is_referred_to_and_told_the_lead_is_handed_over(db, officers, english,
                                                                                        receiver):
    """程序规定 art. 14: a matter not this bureau's goes by 移送 to the bureau with jurisdiction, peers included; the
    lead is handed over to it (test_s73_peer_referral), which issuing it says."""
    from workstation.leads_workflow import lead_issue_warning

    lead = nanhai_lead(db)
    assert refusal(db, lead, receiver) == ""
    warning = lead_issue_warning(db, lead, find_form(LETTER), {**TYPED, "receiver": receiver})
    assert "is an agency of the register: the referral hands it the lead" in warning, warning


def test_the_command_line_refuses_the_holders_code_and_wording(db, data_dir, officers, capsys, english, tmp_path):
    lead = nanhai_lead(db)
    letter = tmp_path / "r.pdf"
    row = get_lead_row(db, lead)
    for receiver in ("440605", "佛山市南海区市场监管局", "南海市监局"):
        code, out, err = run(capsys, "--data-dir", data_dir, "leads", "decide", lead, "--refer", receiver, "-o",
                             letter, "--date", "2026-09-25", "--officer", "陈志强")
        assert code == 1 and err.startswith("Error: --refer: ") and f"cannot be referred to {NANHAI}" in err, err
    code, out, err = run(capsys, "--data-dir", data_dir, "leads", "decide", lead, "--refer", "99999", "-o", letter,
                         "--date", "2026-09-25", "--officer", "陈志强")
    assert code == 1 and err.startswith("Error: --refer: 99999 is no agency code"), err
    assert get_lead_row(db, lead) == row and not letter.exists()


@pytest.mark.parametrize("code", ["440606", "４４０６０６", " 440606 "])
def test_the_command_line_refers_to_another_bureau_by_its_code_written_as_its_name(db, data_dir, officers, capsys,
                                                                                   english, tmp_path, code):
    lead = nanhai_lead(db)
    code, _out, err = run(capsys, "--data-dir", data_dir, "leads", "decide", lead, "--refer", code, "-o",
                          tmp_path / "r.pdf", "--date", "2026-09-25", "--officer", "陈志强")
    # a peer bureau of the register (程序规定 art. 14), its code written as its name on the letter and the lead
    assert code == 0, err
    row = get_lead_row(db, lead)
    assert (row["status"], row["referred_to"]) == ("referred", SHUNDE) and (tmp_path / "r.pdf").exists()
    assert row["referred_agency_id"] == agency_by_code(db, "440606").id


def test_the_window_asks_again_when_the_agency_typed_is_refused_until_one_is_accepted(db, make_window, prompts,
                                                                                     english):
    lead = nanhai_lead(db)
    before = get_lead_row(db, lead)
    window = make_window(db)
    page = window.leads_page
    page.select(lead)
    prompts.texts = ["南海市监局", "12345", "广东省通信管理局"]  # the holder, no code, then another authority
    page.refer()
    try:
        assert len(prompts.questions) == 3, prompts.questions
        assert f"cannot be referred to {NANHAI}" in prompts.questions[1]  # said as the box is asked again
        assert "12345 is no agency code" in prompts.questions[2]
        [editor] = window.editors
        assert editor.fields["receiver"].value() == "广东省通信管理局"
    finally:
        for editor in window.editors:
            editor.shutdown()
    assert get_lead_row(db, lead) == before  # referred only when the letter is issued


def test_the_window_writes_an_agency_code_typed_as_the_agencys_name(db, make_window, prompts, english):
    lead = nanhai_lead(db)
    before = get_lead_row(db, lead)
    window = make_window(db)
    page = window.leads_page
    page.select(lead)
    prompts.texts = ["４４０６０６"]  # another bureau by its code, typed full-width
    page.refer()
    try:
        assert len(prompts.questions) == 1, prompts.questions
        [editor] = window.editors
        assert editor.fields["receiver"].value() == SHUNDE  # the name, as the command line writes it
    finally:
        for editor in window.editors:
            editor.shutdown()
    assert get_lead_row(db, lead) == before  # referred only when the letter is issued


def test_the_window_opens_no_letter_when_the_box_asked_again_is_cancelled(db, make_window, prompts, english):
    lead = nanhai_lead(db)
    window = make_window(db)
    page = window.leads_page
    page.select(lead)
    prompts.texts = ["440605"]  # then Cancel
    page.refer()
    assert len(prompts.questions) == 2 and f"cannot be referred to {NANHAI}" in prompts.questions[1]
    assert window.editors == [] and get_lead_row(db, lead)["status"] == "assigned"


# ---- 2. complaints joined to a lead whose case is opened ------------------------------------------------------------

SHOP = "佛山市南海区誉嘉房地产代理有限公司"
NAMELESS = "最近每天都接到推销贷款的骚扰电话，号码每次都不一样，不知道是哪家公司，请求整治。"


def test_complaints_are_not_joined_to_a_lead_whose_case_is_opened(db, english):
    from workstation.leads_workflow import file_case_from_lead
    from workstation.screening.screen import add_complaints_to_lead, leads_to_join, screen
    from workstation.screening.without_lead import complaints_without_lead

    add(db, [("B1", f"{SHOP}的中介天天打电话推销楼盘，个人信息被泄露。", "13600000001"), ("A1", NAMELESS, "13600000003")])
    screen(db)
    [lead] = leads_to_join(db)
    assign_lead(db, lead["id"], agency_by_code(db, "440605").id)
    case = file_case_from_lead(db, lead["id"])
    assert leads_to_join(db) == []
    waiting = [c.id for c in complaints_without_lead(db)]
    with pytest.raises(WorkstationError, match=f"has its case .*{case.id}") as refused:
        add_complaints_to_lead(db, lead["id"], waiting)
    assert "read the list again" not in str(refused.value)
    assert db.execute("SELECT lead_id FROM complaints WHERE id = ?", waiting).fetchone()[0] is None
    assert get_lead_row(db, lead["id"])["complaint_count"] == 1


# ---- 3. the assignment drop-down at headquarters ------------------------------------------------------------------

def test_a_lead_naming_no_district_preselects_no_agency_when_the_station_has_none_listed(demo_db, make_window,
                                                                                       prompts, english):
    from tests.helpers import undecided_lead

    lead = "1570e256-43d8-5a43-aad1-38956cea1593"  # its complaints name no district
    undecided_lead(demo_db, lead)
    window = make_window(demo_db)
    page = window.leads_page
    page.select(lead)
    shown = []

    def choose_item(parent, title, label, items, current=0):
        shown.append(items[current])
        return current  # OK pressed on what is preselected

    prompts.choose_item = choose_item
    page.assign()
    assert shown == ["(choose the bureau or office)"]  # the placeholder, no bureau of another district
    assert prompts.errors and "Choose the bureau or office" in prompts.errors[-1]
    assert demo_db.execute("SELECT status, agency_id FROM leads WHERE id = ?", [lead]).fetchone() == (
        "registered", None)


# ---- 4. nothing changed said as such ------------------------------------------------------------------------------

def test_assigning_a_lead_again_to_its_agency_the_same_day_says_nothing_changed(db, data_dir, officers, capsys,
                                                                              english):
    lead = nanhai_lead(db)
    history = db.execute("SELECT COUNT(*) FROM lead_history").fetchone()[0]
    code, out, err = run(capsys, "--data-dir", data_dir, "leads", "assign", lead, "--agency", "440605", "--date",
                         "2026-09-22", "--reason", "重新交办")
    assert code == 0 and "already: nothing changed (the reason given is not recorded)" in out, out
    assert "decide whether to file by" not in out
    assert db.execute("SELECT COUNT(*) FROM lead_history").fetchone()[0] == history
    result = run_json(capsys, "--data-dir", data_dir, "leads", "assign", lead, "--agency", "440605", "--date",
                      "2026-09-22")
    assert result["changed"] is False
    code, out, err = run(capsys, "--data-dir", data_dir, "leads", "assign", lead, "--agency", "440605", "--date",
                         "2026-09-22")
    assert code == 0 and out.strip().endswith("already: nothing changed."), out


def test_an_extension_over_the_limit_is_not_said_as_a_second_one(db, officers, english):
    from workstation.leads_workflow import extend_lead

    lead = nanhai_lead(db)
    with pytest.raises(ValidationError) as refused:
        extend_lead(db, lead, 99, "2026-09-25", "局长")
    message = refused.value.errors["days"]
    # said of the days asked, not as if the lead had been extended already
    assert message.endswith(": 99 working days is more than that. Enter 15 or fewer."), message
    assert not get_lead_row(db, lead)["extension_days"]


def test_a_case_opened_against_the_user_of_a_number_is_warned_of(db, data_dir, officers, capsys, english):
    lead = nanhai_lead(db)  # registered by hand: no complaint, no business, the number 13912345678
    code, out, err = run(capsys, "--data-dir", data_dir, "--json", "leads", "decide", lead, "--file")
    assert code == 0, err
    assert err.startswith("Warning: The party of case ") and "user of number 13912345678" in err, err
    assert "the lead holds no complaint" in err and "Edit party" in err
    import json

    assert json.loads(out)["warnings"] == [err.removeprefix("Warning: ").strip()]


def test_a_case_opened_against_a_business_is_not_warned_of(db, data_dir, officers, capsys, english):
    lead = register_lead(db, LeadEntry(source="report", received_at="2026-09-21 10:00", description="推销电话",
                                       party=SHOP)).id
    assign_lead(db, lead, agency_by_code(db, "440605").id, "2026-09-22")
    code, out, err = run(capsys, "--data-dir", data_dir, "leads", "decide", lead, "--file")
    assert code == 0 and "not identified" not in err, err
