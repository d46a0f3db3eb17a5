"""Parties as the audit met them: the kind a register import gives a party follows the registration-authority
code and type of its USCC (a 92… 个体工商户 named 商会路小吃店, a 91… company named 协会服务中心有限公司, a 52…
民办非企业单位; a 12… 事业单位 stays a company), the name only without a code; several parties' 立案审批表 rows name the licence
the code says; a lead's party typed with other brackets or as its code is the registered one; ``interviews add
--party`` finds a party by its code however written; a party named after a number shows it masked."""

import pytest

from tests.test_register_import import HEADER, write_csv
from workstation.formkit.party_rows import filing_rows
from workstation.importing.register import import_register
from workstation.records import Party
from workstation.store import find_case, get_party, parties_of_case, save_party
from workstation.validators import id_check_character, uscc_check_character


def uscc(first17: str) -> str:
    return first17 + uscc_check_character(first17)


def id_number(first17: str) -> str:
    return first17 + id_check_character(first17)


SHOP = uscc("92440605MA4X12340")
COMPANY = uscc("91440605MA4X12351")
SCHOOL = uscc("52440605MJ1234567")
FOUNDATION = uscc("53440605MJ1234568")
SOCIETY = uscc("51440605MJ1234569")
COLLEGE = uscc("12440605455123456")
COOPERATIVE = uscc("93440605MA4X12362")
PERSON = id_number("44068219930327585")


def row(n: int, name: str, code: str) -> list[str]:
    return [f"佛南市监立〔2026〕{900 + n}号", name, code, "南海区", "其他", "涉嫌违法案", "未经同意发送商业性信息",
            "2026-03-02", "立案调查", "10", "", ""]


@pytest.mark.parametrize(("name", "code", "kind"), [
    ("佛山市南海区商会路小吃店", SHOP, "individual_business"),
    ("佛山市南海区协会服务中心有限公司", COMPANY, "company"),
    ("佛山市南海区某某培训学校", SCHOOL, "association"),
    ("佛山市南海区某某慈善基金会", FOUNDATION, "association"),
    ("佛山市南海区某某商会", SOCIETY, "association"),
    ("佛山市南海区某某学院", COLLEGE, "company"),
    ("佛山市南海区某某农民专业合作社", COOPERATIVE, "company"),
])
def test_an_imported_party_takes_the_kind_its_code_registers(tmp_path, db, name, code, kind):
    path = write_csv(tmp_path / "台账.csv", [HEADER, row(1, name, code)])
    import_register(db, path)
    party = parties_of_case(db, find_case(db, "佛南市监立〔2026〕901号").id)[0]
    assert (party.name, party.kind) == (name, kind)


@pytest.mark.parametrize(("name", "kind"), [
    ("张伟", "person"), ("号码13912345678的使用人", "person"), ("佛山市南海区某某行业协会", "association"),
    ("佛山市南海区个体户无码", "individual_business"), ("佛山市南海区某某有限公司", "company"),
])
def test_without_a_code_the_name_decides(name, kind):
    from workstation.store.parties import inferred_party_kind

    assert inferred_party_kind(name) == kind


def test_a_code_decides_before_the_name():
    from workstation.store.parties import inferred_party_kind

    assert inferred_party_kind("佛山市南海区商会路小吃店", SHOP) == "individual_business"
    assert inferred_party_kind("张伟", id_number=PERSON) == "person"


@pytest.mark.parametrize(("code", "licence"), [
    (SHOP, "营业执照"), (COMPANY, "营业执照"), (SOCIETY, "社会团体法人登记证书"),
    (SCHOOL, "民办非企业单位登记证书"), (FOUNDATION, "基金会法人登记证书"), (COLLEGE, "事业单位法人证书"),
])
def test_the_licence_follows_the_code(code, licence):
    from workstation.formkit.party_rows import licence_name
    from workstation.store.parties import inferred_party_kind

    party = Party(name="某单位", kind=inferred_party_kind("某单位", code), uscc=code)
    assert licence_name(party) == licence
    rows = filing_rows([party, Party(name="张伟", kind="person", id_number=PERSON)])
    assert f"主体资格证照名称 | {licence} |" in rows


def test_an_individual_business_imported_prints_its_licence_and_operator(tmp_path, db):
    path = write_csv(tmp_path / "台账.csv", [HEADER, row(1, "佛山市南海区商会路小吃店", SHOP)])
    import_register(db, path)
    shop = parties_of_case(db, find_case(db, "佛南市监立〔2026〕901号").id)[0]
    rows = filing_rows([shop, Party(name="张伟", kind="person", id_number=PERSON)])
    assert "营业执照" in rows and "经营者" in rows and "社会团体" not in rows


# leads ------------------------------------------------------------------------------------------------------------
BRANCH = "佛山市南海区誉嘉房地产代理有限公司（分店）"
BRANCH_USCC = "91440600715768638N"


@pytest.mark.parametrize("typed", ["佛山市南海区誉嘉房地产代理有限公司(分店)", " 佛山市南海区誉嘉房地产代理有限公司（分店）  ",
                                   BRANCH_USCC, BRANCH_USCC.lower(), "９１４４０６００７１５７６８６３８Ｎ"])
def test_a_lead_filed_against_a_party_written_another_way_takes_the_registered_one(db, typed):
    from workstation.leads_register import LeadEntry, register_lead, resolve_party
    from workstation.leads_workflow import file_case_from_lead
    from workstation.store import agency_id_for_code

    stored = save_party(db, Party(name=BRANCH, kind="company", uscc=BRANCH_USCC))
    assert resolve_party(db, typed) == (stored.id, BRANCH)
    party_id, name = resolve_party(db, typed)
    lead = register_lead(db, LeadEntry(source="report", received_at="2026-03-01 09:00", description="群众来信反映被骚扰",
                                       party=name, party_id=party_id))
    case = file_case_from_lead(db, lead.id, agency_id=agency_id_for_code("440605"))
    assert case.party_ids == [stored.id]
    assert BRANCH_USCC not in case.cause
    assert db.execute("SELECT COUNT(*) FROM parties").fetchone()[0] == 1


def test_a_name_not_registered_is_still_the_name_typed(db):
    from workstation.leads_register import resolve_party

    save_party(db, Party(name=BRANCH, kind="company", uscc=BRANCH_USCC))
    assert resolve_party(db, "佛山市南海区另一家有限公司") == (None, "佛山市南海区另一家有限公司")


# interviews --------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("typed", [BRANCH_USCC.lower(), "９１４４０６００７１５７６８６３８Ｎ", "914406 0071 5768 638N"])
def test_an_interview_finds_a_party_by_its_code_however_written(db, typed):
    from workstation.cli import _interview_party

    stored = save_party(db, Party(name=BRANCH, kind="company", uscc=BRANCH_USCC))
    assert _interview_party(db, typed) == stored.id


@pytest.mark.parametrize("typed", ["110105491231002", "11010519491231002x", "110105 19491231 002X"])
def test_an_interview_finds_a_person_by_an_old_or_lowercase_id_number(db, typed):
    from workstation.cli import _interview_party

    stored = save_party(db, Party(name="朱子轩", kind="person", id_number="11010519491231002X"))
    assert _interview_party(db, typed) == stored.id


# a party named after a number ----------------------------------------------------------------------------------------
PLACEHOLDER = "号码13912345678的使用人"


def test_the_party_dialog_shows_a_name_with_a_number_masked_until_shown(qtbot, db):
    from tests.conftest import ScriptedPrompts
    from ui.party_dialog import PartyDialog

    party = save_party(db, Party(name=PLACEHOLDER, kind="person", phone="13912345678"))
    dialog = PartyDialog(db, ScriptedPrompts(), get_party(db, party.id))
    qtbot.addWidget(dialog)
    shown = dialog.edits["name"].text()
    assert "13912345678" not in shown and shown.startswith("号码139")
    assert dialog.to_save().name == PLACEHOLDER  # untouched, the stored name is kept
    dialog.reveal("name")
    assert dialog.edits["name"].text() == PLACEHOLDER


def test_a_masked_name_typed_over_identifies_the_party(qtbot, db):
    from tests.conftest import ScriptedPrompts
    from ui.party_dialog import PartyDialog

    party = save_party(db, Party(name=PLACEHOLDER, kind="person", phone="13912345678"))
    dialog = PartyDialog(db, ScriptedPrompts(), get_party(db, party.id))
    qtbot.addWidget(dialog)
    # masked, the name cannot be typed into (its stars would be saved, the number lost)
    assert dialog.edits["name"].isReadOnly() and "****" in dialog.edits["name"].text()
    dialog.reveal_buttons["name"].click()  # shown whole (audited), then replaced
    assert not dialog.edits["name"].isReadOnly() and dialog.edits["name"].text() == PLACEHOLDER
    dialog.edits["name"].setText("李娜")
    assert dialog.to_save().name == "李娜"


def test_the_case_dialog_lists_a_name_with_a_number_masked(qtbot, db):
    from tests.conftest import ScriptedPrompts
    from ui.case_dialog import CaseDialog

    party = save_party(db, Party(name=PLACEHOLDER, kind="person", phone="13912345678"))
    dialog = CaseDialog(db, ScriptedPrompts())
    qtbot.addWidget(dialog)
    dialog.add_party(party.id)
    label = dialog.parties.item(0).text()
    assert "13912345678" not in label and label.startswith("号码139")


def test_a_lead_registered_before_its_party_is_filed_against_it_however_its_name_was_written(db):
    from workstation.leads_register import LeadEntry, register_lead
    from workstation.leads_workflow import file_case_from_lead
    from workstation.store import agency_id_for_code

    lead = register_lead(db, LeadEntry(source="report", received_at="2026-03-01 09:00", description="群众来信反映被骚扰",
                                       party="佛山市南海区誉嘉房地产代理有限公司(分店)"))
    stored = save_party(db, Party(name=BRANCH, kind="company", uscc=BRANCH_USCC))
    case = file_case_from_lead(db, lead.id, agency_id=agency_id_for_code("440605"))
    assert case.party_ids == [stored.id] and BRANCH in case.cause
