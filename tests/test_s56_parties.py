"""Parties whose names hold rare characters, parties of one name or one ID number, and ID numbers of impossible birth
years: a name with a character of CJK Extension A or B (王䶮明, 陈䶮, 王𠮷) is masked in the publication copy (公示版),
can be given by hand to mask, and is a natural person's on import; a register row giving only a name is not filed
under a stored natural person known by ID number (whose ID number and address would print on the case's documents);
a person may have the ID number an individual business's operator has (two subjects), two persons never; an ID
number born before 1880 is refused."""

from __future__ import annotations

import csv
from dataclasses import replace

import pytest

from tests.helpers import INQUIRY_TO_ISSUE
from tests.test_law_guards import under_investigation
from tests.test_publication_copy import ID_NUMBER, PHONE, decided
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.documents.publication import names_to_mask, publication_copy
from workstation.errors import ValidationError, WorkstationError
from workstation.importing.register import import_register
from workstation.records import Party
from workstation.store import find_case, get_case, parties_of_case, save_party
from workstation.store.cases import update_case
from workstation.store.parties import inferred_party_kind, list_parties, party_code_errors, party_named
from workstation.validators import id_check_character, normalize_id_number, uscc_check_character

HEADER = ["案件编号", "当事人名称", "统一社会信用代码（或身份证号码）", "所属区", "行业领域", "案由", "违法行为",
          "立案日期", "办理状态", "涉案信息条数", "罚款金额", "没收违法所得（元）"]
SHOP_USCC = "92440605MA4X12340" + uscc_check_character("92440605MA4X12340")
COMPANY_USCC = "91440605MA4X56780" + uscc_check_character("91440605MA4X56780")
OPERATOR_ID = "11010519491231002X"


def register(tmp_path, *rows) -> str:
    """A register file of ``rows`` ((case number, party, code)), each a case filed 2026-03-02 in 南海区."""
    path = tmp_path / "台账.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        for number, name, code in rows:
            writer.writerow([number, name, code, "南海区", "其他", "涉嫌违法案", "未经同意发送商业性信息",
                             "2026-03-02", "立案调查", "10", "", ""])
    return str(path)


def party_of(db, number):
    (party,) = parties_of_case(db, find_case(db, number).id)
    return party


# 1. the publication copy

def test_names_with_rare_characters_are_masked_in_the_publication_copy(db, data_dir, make_case):
    facts = f"经查，当事人法定代表人梁嘉豪安排员工王䶮明与陈䶮、李明使用手机号码{PHONE}向消费者发送商业性短信1,200条。"
    case, decision = decided(db, data_dir, make_case, facts=facts)
    with under_investigation(db, case) as investigated:
        issue_document(db, data_dir, investigated, find_form("inquiry_record"),
                       {**INQUIRY_TO_ISSUE, "interviewee": "王䶮明（当事人员工）", "time_from": "2026-02-25 10:00",
                        "time_to": "2026-02-25 11:05"})
        issue_document(db, data_dir, get_case(db, case.id), find_form("inquiry_record"),
                       {**INQUIRY_TO_ISSUE, "interviewee": "李明（当事人员工）", "time_from": "2026-02-25 13:00",
                        "time_to": "2026-02-25 14:05"})
    other = save_party(db, Party(name="陈䶮", kind="person", id_number=ID_NUMBER))
    update_case(db, replace(get_case(db, case.id), party_ids=[*case.party_ids, other.id]))
    text = publication_copy(db, data_dir, decision).text()
    (line,) = [line for line in text.splitlines() if "安排员工" in line]
    assert "安排员工王某某与陈某、李某使用" in line
    assert "䶮" not in text


def test_a_name_with_a_rare_character_can_be_given_to_mask(db, data_dir, make_case, english):
    assert names_to_mask(["刘䶮", " 王𠮷 ", "欧阳䶮娜", "李明"], {"party_name": "某公司"}) == (
        "刘䶮", "王𠮷", "欧阳䶮娜", "李明")
    for refused in ("李某", "ABC", "刘"):
        with pytest.raises(WorkstationError, match="is not a person's name to mask"):
            names_to_mask([refused], {"party_name": "某公司"})
    facts = f"经查，当事人使用手机号码{PHONE}向刘䶮等消费者发送商业性短信1,200条。"
    _case, decision = decided(db, data_dir, make_case, facts=facts)
    text = publication_copy(db, data_dir, decision, names=("刘䶮",)).text()
    assert "向刘某等消费者" in text and "䶮" not in text


# 2. the kind of a party imported

def test_a_name_with_a_rare_character_is_a_natural_persons(db, tmp_path):
    assert [inferred_party_kind(name) for name in ("刘䶮", "王𠮷", "陈䶮明", "阿依古丽·䶮")] == ["person"] * 4
    assert inferred_party_kind("𠮷野家餐饮（佛山）有限公司") == "company"
    assert inferred_party_kind("佛山市南海区䶮記餐饮店") == "company"
    import_register(db, register(tmp_path, ("佛南市监立〔2026〕601号", "陈䶮", "")))
    party = party_of(db, "佛南市监立〔2026〕601号")
    assert (party.name, party.kind) == ("陈䶮", "person")


# 3. a row giving only a name

def test_a_row_with_only_a_name_is_not_filed_under_a_person_known_by_id_number(db, tmp_path, english):
    person = save_party(db, Party(name="张伟", kind="person", id_number=ID_NUMBER, address="佛山市禅城区祖庙路3号"))
    company = save_party(db, Party(name="佛山市南海区某某科技有限公司", kind="company", uscc=COMPANY_USCC))
    named_only = save_party(db, Party(name="李娜", kind="person"))
    result = import_register(db, register(
        tmp_path, ("佛南市监立〔2026〕601号", "张伟", ""), ("佛南市监立〔2026〕602号", "张伟", ""),
        ("佛南市监立〔2026〕603号", "佛山市南海区某某科技有限公司", ""), ("佛南市监立〔2026〕604号", "李娜", "")))
    first, second = party_of(db, "佛南市监立〔2026〕601号"), party_of(db, "佛南市监立〔2026〕602号")
    assert first.id != person.id and first.id == second.id  # one new party for the rows naming it
    assert (first.name, first.kind, first.id_number, first.address) == ("张伟", "person", "", "")
    assert party_of(db, "佛南市监立〔2026〕603号").id == company.id
    assert party_of(db, "佛南市监立〔2026〕604号").id == named_only.id
    warned = {w["row"]: w["message"] for w in result.warnings}
    assert sorted(warned) == [2, 3]
    assert "张伟" in warned[2] and "a new party" in warned[2] and "ID number" in warned[2]
    assert ID_NUMBER not in warned[2]  # the stored person's number is not shown whole


# 4. a person with the ID number of an individual business's operator

def test_a_person_may_have_the_id_number_of_an_individual_business_operator(db, tmp_path, english):
    shop = save_party(db, Party(name="佛山市南海区张三小吃店", kind="individual_business", uscc=SHOP_USCC,
                                legal_rep="张三", id_number=OPERATOR_ID))
    person = save_party(db, Party(name="张三", kind="person", id_number=OPERATOR_ID))
    assert person.id != shop.id
    errors = party_code_errors(db, Party(name="张三", kind="person", id_number=OPERATOR_ID))
    assert "already that of the party “张三”" in errors["id_number"]  # two persons with one number, never
    with pytest.raises(ValidationError):
        save_party(db, Party(name="张叁", kind="person", id_number=OPERATOR_ID))
    other_shop = Party(name="佛山市南海区张三士多店", kind="individual_business", id_number=OPERATOR_ID)
    assert "佛山市南海区张三小吃店" in party_code_errors(db, other_shop)["id_number"]


def test_an_import_files_a_persons_case_under_the_person_not_the_shop(db, tmp_path):
    shop = save_party(db, Party(name="佛山市南海区张三小吃店", kind="individual_business", uscc=SHOP_USCC,
                                legal_rep="张三", id_number=OPERATOR_ID))
    import_register(db, register(tmp_path, ("佛南市监立〔2026〕701号", "张三", OPERATOR_ID),
                                 ("佛南市监立〔2026〕702号", "张三", OPERATOR_ID)))
    person = party_of(db, "佛南市监立〔2026〕701号")
    assert person.id != shop.id and (person.name, person.kind, person.id_number) == ("张三", "person", OPERATOR_ID)
    assert party_of(db, "佛南市监立〔2026〕702号").id == person.id
    # the shop written with its operator's ID number rather than its code is still the shop
    import_register(db, register(tmp_path, ("佛南市监立〔2026〕703号", "佛山市南海区张三小吃店", OPERATOR_ID)))
    assert party_of(db, "佛南市监立〔2026〕703号").id == shop.id


def test_an_import_files_a_second_row_of_a_person_under_that_person(db, tmp_path):
    person = save_party(db, Party(name="张三", kind="person", id_number=OPERATOR_ID))
    save_party(db, Party(name="佛山市南海区张三小吃店", kind="individual_business", uscc=SHOP_USCC,
                         legal_rep="张三", id_number=OPERATOR_ID))
    import_register(db, register(tmp_path, ("佛南市监立〔2026〕711号", "张三", OPERATOR_ID)))
    assert party_of(db, "佛南市监立〔2026〕711号").id == person.id


# 5. the birth year of an ID number

@pytest.mark.parametrize("first17", ["44060400010101001", "44060417000101001", "44060418791231001"])
def test_an_id_number_born_before_1880_is_refused(first17, english):
    number = first17 + id_check_character(first17)
    with pytest.raises(ValueError, match=rf"birth year in ID number 4406\*+.{{4}} \({first17[6:10]}\) is before 1880"):
        normalize_id_number(number)


def test_an_id_number_born_in_1880_or_later_is_kept():
    for first17 in ("44052418800101001", "44060419900307001"):
        number = first17 + id_check_character(first17)
        assert normalize_id_number(number) == number


# 6. a person and a shop of one ID number, found and re-saved

def test_a_shop_resaved_as_a_person_cannot_take_a_persons_id_number(db, english):
    shop = save_party(db, Party(name="佛山市南海区张三小吃店", kind="individual_business",
                                legal_rep="张三", id_number=OPERATOR_ID))
    save_party(db, Party(name="张三", kind="person", id_number=OPERATOR_ID))
    assert party_code_errors(db, shop) == {}  # kept as it is: not refused
    errors = party_code_errors(db, replace(shop, kind="person"))
    assert "already that of the party “张三”" in errors["id_number"]
    with pytest.raises(ValidationError):
        save_party(db, replace(shop, kind="person"))


def test_a_party_named_by_an_id_number_is_the_person_not_the_shop(db):
    save_party(db, Party(name="佛山市南海区张三小吃店", kind="individual_business", legal_rep="张三",
                         id_number=OPERATOR_ID))
    person = save_party(db, Party(name="张三", kind="person", id_number=OPERATOR_ID))
    assert party_named(db, OPERATOR_ID).id == person.id


def test_a_search_with_a_pasted_control_character_finds_what_it_names(db):
    save_party(db, Party(name="佛山市南海区张三小吃店", kind="individual_business", uscc=SHOP_USCC))
    save_party(db, Party(name="李四", kind="person"))
    assert [p.name for p in list_parties(db, "\x00小吃店")] == ["佛山市南海区张三小吃店"]
    assert [p.name for p in list_parties(db, "小吃\x00店")] == ["佛山市南海区张三小吃店"]


def test_a_name_with_a_character_of_extension_h_is_a_natural_persons():
    assert inferred_party_kind("王\U00031350") == "person"
    assert inferred_party_kind("王\U000323af明") == "person"


def test_evidence_reads_an_id_number_as_the_validators_do():
    from workstation.evidence_count import as_id_number

    valid = "44060419900307001" + id_check_character("44060419900307001")
    assert as_id_number(valid) == valid
    assert as_id_number(valid.translate(str.maketrans("0123456789", "０１２３４５６７８９"))) == valid
    ending_x = "44060419900307009X"
    assert as_id_number(ending_x.lower()) == ending_x
    arabic = ending_x.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))  # digits of another script: not read
    assert as_id_number(arabic) is None
    early = "44060418791231001" + id_check_character("44060418791231001")
    assert as_id_number(early) is None
    assert as_id_number(valid[:17] + ("1" if valid[17] != "1" else "2")) is None
