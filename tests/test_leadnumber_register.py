"""A lead registered by hand records the number complained of (被举报号码: "13800001111 keeps calling me about
loans"), in the 新建线索 dialog and with ``leads add --target-phone``: written as officers write it (full-width
digits, +86, dashes, spaces; several separated by spaces or 、, an SMS port too), stored as screening stores a lead's
numbers, a wrong one said in its field as it is typed. The lead is then listed with the number masked, found by it
(the leads page, an interview's lead), named by it in its letters and its case, and offered for the complaints that
name it, as a screened lead of that number is."""

import pytest

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import QDialogButtonBox

from tests.helpers import open_db, run, run_json
from ui.lead_dialog import LeadDialog
from workstation.errors import ValidationError
from workstation.i18n import _
from workstation.leads_register import LeadEntry, complained_numbers, register_lead
from workstation.leads_workflow import file_case_from_lead, get_lead_row, lead_context, target_of
from workstation.records import Party
from workstation.store import agency_id_for_code, get_case, save_party
from workstation.store.base import set_setting

NANHAI = "440605"
RECEIVED = "2026-03-02 10:00"
PARTY = "佛山市南海区誉嘉房地产代理有限公司"


@pytest.fixture
def station_db(db):
    set_setting(db, "station_agency", agency_id_for_code(NANHAI))
    return db


def leads_and_audit(db) -> tuple[int, int]:
    return tuple(db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("leads", "audit"))


def hand_lead(db, number: str, *, party: str = "", description: str = "来电举报：天天打电话推销贷款",
              reporter: str = "") -> dict:
    lead = register_lead(db, LeadEntry(source="report", received_at=RECEIVED, description=description, party=party,
                                       target_phone=number, complainant_phone=reporter))
    return get_lead_row(db, lead.id)


# ---- the number as typed and as stored ------------------------------------------------------------------------------

@pytest.mark.parametrize(("typed", "stored"), [
    ("13800001111", ["13800001111"]),
    ("１３８００００１１１１", ["13800001111"]),  # full-width digits, as an input method types them
    ("+86 138-0000-1111", ["13800001111"]),
    ("138 0000 1111", ["13800001111"]),  # one number written with spaces
    ("0757-8888 1234", ["075788881234"]),
    ("88881234", ["075788881234"]),  # a local number takes the default area code, as in complaints
    ("13800001111 0757-88881234", ["13800001111", "075788881234"]),
    ("13800001111、10690000123，4001234567", ["13800001111", "10690000123", "4001234567"]),  # an SMS port too
    ("13800001111 138-0000-1111", ["13800001111"]),  # a repeat dropped
    ("  ", []),
])
def test_the_numbers_complained_of_are_read_as_screening_reads_a_leads_numbers(typed, stored):
    assert complained_numbers(typed) == stored


@pytest.mark.parametrize("typed", ["12345", "1380000111", "13800001111转12", "找不到号码", "13800001111、abc"])
def test_a_wrong_number_is_named_as_typed(typed, english):
    with pytest.raises(ValueError) as refused:
        complained_numbers(typed)
    wrong = typed.split("、")[-1]
    assert str(refused.value).startswith(f"{wrong} is not a telephone number")


def test_the_lead_holds_its_numbers_as_a_screened_lead_does(station_db):
    row = hand_lead(station_db, "１３８００００１１１１、0757-8888 1234")
    assert (row["target_phone"], row["phones"]) == ("13800001111", "13800001111 075788881234")
    assert hand_lead(station_db, "")[("target_phone")] == ""


def test_a_refused_number_changes_nothing(station_db, english):
    before = leads_and_audit(station_db)
    with pytest.raises(ValidationError) as refused:
        register_lead(station_db, LeadEntry(source="report", received_at=RECEIVED, description="来电举报",
                                            target_phone="1380000111"))
    assert set(refused.value.errors) == {"target_phone"}
    with pytest.raises(ValidationError) as own:  # the reporter's own number is not the one complained of
        register_lead(station_db, LeadEntry(source="report", received_at=RECEIVED, description="来电举报",
                                            target_phone="13800001111", complainant_phone="138 0000 1111"))
    assert own.value.errors["target_phone"].startswith("138 0000 1111 is the reporter's own number")
    assert leads_and_audit(station_db) == before


# ---- the dialog and the leads page ---------------------------------------------------------------------------------

def test_the_dialog_says_what_is_wrong_with_the_number_as_typed_and_saves_it(station_db, prompts, qtbot, english):
    dialog = LeadDialog(station_db, prompts)
    qtbot.addWidget(dialog)
    dialog.show()
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    dialog.source.setCurrentIndex(dialog.source.findData("report"))
    dialog.received_at.setDateTime(QDateTime(QDate(2026, 3, 2), QTime(10, 0)))
    dialog.description.setPlainText("市民来电：这个号码天天打电话推销贷款")
    assert save.isEnabled()
    qtbot.keyClicks(dialog.target_phone, "1380000111")
    assert dialog.errors["target_phone"].isVisibleTo(dialog)
    assert dialog.errors["target_phone"].text().startswith("1380000111 is not a telephone number")
    assert not save.isEnabled()
    qtbot.keyClicks(dialog.target_phone, "1")
    assert not dialog.errors["target_phone"].isVisibleTo(dialog) and save.isEnabled()
    save.click()
    row = get_lead_row(station_db, dialog.saved.id)
    assert (row["target_phone"], row["phones"]) == ("13800001111", "13800001111")


@pytest.mark.gui
def test_the_leads_page_lists_the_number_masked_and_finds_the_lead_by_it(station_db, make_window, english):
    row = hand_lead(station_db, "13800001111")
    other = hand_lead(station_db, "", description="来访举报：某店铺泄露会员信息", party="某店铺")
    page = make_window(station_db).leads_page
    model = page.model
    header = {model.headerData(c, Qt.Orientation.Horizontal): c for c in range(model.columnCount())}
    cells = {r["id"]: model.data(model.index(n, header["Numbers"])) for n, r in enumerate(model.records)}
    assert cells == {row["id"]: "138****1111", other["id"]: "—"}
    for typed in ("13800001111", "１３８００００１１１１", "138****1111"):
        page.lead_search.setText(typed)
        page.apply_lead_filters()
        assert [r["id"] for r in page.model.records] == [row["id"]]


# ---- what the number changes downstream ------------------------------------------------------------------------------

def test_a_lead_naming_only_a_number_is_about_its_user_and_its_case_calls_the_party_on_it(station_db):
    row = hand_lead(station_db, "0757-8888 1234")
    assert target_of(row) == "号码0757-88881234的使用人"
    context = lead_context(station_db, row)
    assert context["party.name"] == "号码0757-88881234的使用人"
    case = file_case_from_lead(station_db, row["id"])  # before, refused: the lead named nobody
    party = station_db.execute("SELECT name, kind, phone FROM parties WHERE id = ?",
                               [get_case(station_db, case.id).party_ids[0]]).fetchone()
    assert tuple(party) == ("号码0757-88881234的使用人", "person", "0757-88881234")


def test_without_a_number_a_lead_naming_nobody_still_needs_the_party(station_db):
    row = hand_lead(station_db, "")
    with pytest.raises(ValidationError) as refused:
        file_case_from_lead(station_db, row["id"])
    assert set(refused.value.errors) == {"party"}


def test_the_letters_and_case_of_a_lead_about_a_business_name_its_numbers(station_db, english):
    save_party(station_db, Party(name=PARTY, uscc="91512081MA62K0260E"))
    row = hand_lead(station_db, "0757-88881234 13800001111", party=PARTY, description="来访举报：该公司天天电话推销楼盘")
    context = lead_context(station_db, row)
    assert context["party.name"] == PARTY
    said = _("Numbers reported: {phones}.")
    assert context["case.facts"] == "来访举报：该公司天天电话推销楼盘。" + said.format(phones="0757-88881234、13800001111")
    # a number the description writes already is not said twice
    written = hand_lead(station_db, "13800001111 13900002222", party=PARTY,
                        description="来访举报：该公司用138-0000-1111推销楼盘")
    assert lead_context(station_db, written)["case.facts"] == "来访举报：该公司用138-0000-1111推销楼盘。" + said.format(
        phones="13900002222")
    case = file_case_from_lead(station_db, row["id"])
    assert get_case(station_db, case.id).facts == context["case.facts"]


def test_the_assignment_notice_prints_the_numbers(station_db):
    import io

    from docx import Document as read_docx

    from workstation.documents.drafts import find_form, render_document
    from workstation.leads_workflow import draft_lead_document

    save_party(station_db, Party(name=PARTY, uscc="91512081MA62K0260E"))
    row = hand_lead(station_db, "0757-88881234", party=PARTY, description="来访举报：该公司天天电话推销楼盘")
    draft = draft_lead_document(station_db, row["id"], find_form("assignment_notice"), {"contact_person": "陈志强"})
    paragraphs = read_docx(io.BytesIO(render_document(draft, "docx").data)).paragraphs
    text = "".join(p.text for p in paragraphs).replace(" ", "")
    assert PARTY in text and "0757-88881234" in text


def test_an_interview_finds_the_lead_by_its_number(station_db):
    from workstation.store.interviews import lead_summary, resolve_lead

    row = hand_lead(station_db, "13800001111", party="某贷款公司")
    hand_lead(station_db, "13900002222", party="某装修公司")
    lead = resolve_lead(station_db, "138-0000-1111")
    assert lead.id == row["id"] and "138****1111" in lead_summary(lead)


def test_the_complaints_naming_the_number_are_offered_to_the_lead(station_db):
    from workstation.screening.screen import leads_to_join
    from workstation.screening.without_lead import mentioned_lead

    hand_lead(station_db, "13800001111", party="某贷款公司")
    wanted = hand_lead(station_db, "13900002222", party="某装修公司")
    leads = leads_to_join(station_db)
    offered = mentioned_lead(leads, ["13900002222天天打电话推销装修", "又是13900002222"])
    assert leads[offered]["id"] == wanted["id"]


# ---- the command line ----------------------------------------------------------------------------------------------

@pytest.fixture
def nanhai(tmp_path, cli_station):
    return cli_station(tmp_path / "station", ["init", "--agency", NANHAI, "--station-name", "南海区局"])


def test_leads_add_records_the_number_complained_of(capsys, nanhai):
    result = run_json(capsys, "--data-dir", nanhai, "leads", "add", "--source", "report", "--received",
                      "2026-03-02T10:00", "--description", "来电举报：骚扰电话", "--target-phone",
                      "+86 138-0000-1111、10690000123")
    assert (result["target_phone"], result["phones"]) == ("13800001111", ["13800001111", "10690000123"])
    db = open_db(nanhai)
    try:
        row = get_lead_row(db, result["id"])
        assert (row["target_phone"], row["phones"]) == ("13800001111", "13800001111 10690000123")
    finally:
        db.conn.close()
    none = run_json(capsys, "--data-dir", nanhai, "leads", "add", "--source", "report", "--received",
                    "2026-03-02T10:00", "--description", "来信举报")
    assert (none["target_phone"], none["phones"]) == (None, [])


def test_leads_add_refuses_a_wrong_number_naming_the_option_and_changes_nothing(capsys, nanhai):
    def held():
        db = open_db(nanhai)
        try:
            return leads_and_audit(db)
        finally:
            db.conn.close()

    before = held()
    code, out, err = run(capsys, "--data-dir", nanhai, "leads", "add", "--source", "report", "--received",
                         "2026-03-02T10:00", "--description", "来电举报", "--target-phone", "1380000111")
    assert code == 1 and out == "" and len(err.strip().splitlines()) == 1
    assert "--target-phone：" in err and "1380000111" in err and held() == before
