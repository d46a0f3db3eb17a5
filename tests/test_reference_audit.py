"""The reference data and paper rules of REFERENCE §2.2, §6.1 and §8.2 checked against answers worked out by hand
from REFERENCE's own tables: every Foshan district and town with its code, the birth day of an ID number on 29
February, the 送达方式 of the 送达回证, and one inquiry at a time for an officer (the 询问笔录's time window)."""

import tomllib

import pytest

from tests.helpers import INQUIRY_TO_ISSUE
from tests.rendering import case_draft, pdf_of
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document, void_document
from workstation.errors import ValidationError
from workstation.paths import resource
from workstation.screening.rules import district_of
from workstation.store import find_case
from workstation.validators import id_check_character, normalize_id_number

# REFERENCE §6.1, typed from its table: district (GB/T 2260 code) → town or street (9-digit NBS code)
FOSHAN = {
    ("禅城区", "440604"): {
        "石湾镇街道": "440604010",
        "张槎街道": "440604011",
        "祖庙街道": "440604012",
        "南庄镇": "440604100",
    },
    ("南海区", "440605"): {
        "桂城街道": "440605011",
        "九江镇": "440605121",
        "西樵镇": "440605122",
        "丹灶镇": "440605123",
        "狮山镇": "440605124",
        "大沥镇": "440605125",
        "里水镇": "440605126",
    },
    ("顺德区", "440606"): {
        "伦教街道": "440606003",
        "勒流街道": "440606004",
        "大良街道": "440606005",
        "容桂街道": "440606006",
        "陈村镇": "440606101",
        "北滘镇": "440606102",
        "乐从镇": "440606103",
        "龙江镇": "440606104",
        "杏坛镇": "440606105",
        "均安镇": "440606106",
    },
    ("三水区", "440607"): {
        "西南街道": "440607001",
        "云东海街道": "440607004",
        "大塘镇": "440607101",
        "乐平镇": "440607103",
        "白坭镇": "440607104",
        "芦苞镇": "440607105",
        "南山镇": "440607106",
    },
    ("高明区", "440608"): {
        "荷城街道": "440608004",
        "杨和镇": "440608106",
        "明城镇": "440608107",
        "更合镇": "440608108",
    },
}
TOWNS = [(district, town) for (district, _code), towns in FOSHAN.items() for town in towns]


def _agencies() -> dict[str, dict]:
    with resource("reference", "agencies.toml").open("rb") as fh:
        return {entry["code"]: entry for entry in tomllib.load(fh)["agency"]}


def test_the_agencies_are_the_city_and_the_five_districts_and_32_towns_of_the_reference_with_their_codes():
    agencies = _agencies()
    expected = (
        {"440600"}
        | {code for (_d, code) in FOSHAN}
        | {c for towns in FOSHAN.values() for c in towns.values()}
    )
    assert set(agencies) == expected and len(expected) == 1 + 5 + 32  # no 4xx farms, prisons or labour camps
    for (district, code), towns in FOSHAN.items():
        assert (agencies[code]["level"], agencies[code]["district"], agencies[code]["parent"]) == (
            "district",
            district,
            "440600",
        )
        assert agencies[code]["name"] == f"佛山市{district}市场监督管理局"
        for town, town_code in towns.items():
            entry = agencies[town_code]
            assert (entry["level"], entry["district"], entry["town"], entry["parent"]) == (
                "town",
                district,
                town,
                code,
            ), town


@pytest.mark.parametrize(("district", "town"), TOWNS)
def test_a_complaint_naming_a_town_in_full_is_placed_in_its_district(district, town):
    place = district_of(f"投诉人反映佛山市{town}一家中介每天打电话")
    assert (place.district, place.town) == (district, town)


def _with_check(first17: str) -> str:
    return first17 + id_check_character(first17)


def test_an_id_number_born_on_29_february_is_valid_only_in_a_leap_year(english):
    # 2000 is a leap year (divisible by 400), 1900 and 2001 are not (REFERENCE §8.2: the birth date must exist)
    assert normalize_id_number(_with_check("44060520000229123")) == "440605200002291239"
    for year in ("1900", "2001"):
        with pytest.raises(ValueError, match="The birth date in ID number 4406.* does not exist"):
            normalize_id_number(_with_check(f"440605{year}0229123"))
    # an old 15-digit number is read as born in 19YY: 800229 is 1980-02-29, 000229 would be 1900-02-29
    assert normalize_id_number("440605800229123") == "440605198002291239"
    with pytest.raises(ValueError, match="old 15-digit ID number"):
        normalize_id_number("440605000229123")


# ---- §2.2 No. 10/50: the service methods of the 送达回证


def test_the_delivery_receipt_offers_service_through_another_body_and_ticks_it(read_demo_db):
    # REFERENCE §2.2 lists 直接, 留置, 邮寄, 委托, 电子, 转交 and 公告 service (SAMR rules art. 82)
    assert find_form("delivery_receipt").field("method").choices == (
        "直接送达",
        "留置送达",
        "邮寄送达",
        "委托送达",
        "电子送达",
        "转交送达",
        "公告送达",
    )
    document = case_draft(
        read_demo_db,
        "佛南市监立〔2026〕1号",
        "delivery_receipt",
        {"method": "转交送达", "served_document": "行政处罚决定书（佛南市监处〔2026〕1号）"},
    )
    cells = "".join(pdf_of(document).text_lines(("cell",)))
    assert "☑转交送达" in cells and "□直接送达" in cells and "□公告送达" in cells


# ---- §2.2 No. 14: one record per time window, the same officers never in two overlapping 询问笔录

INVESTIGATING = "佛南市监立〔2026〕9号"


def _issue_inquiry(db, data_dir, case_number, start, end, **values):
    return issue_document(
        db,
        data_dir,
        find_case(db, case_number),
        find_form("inquiry_record"),
        {**INQUIRY_TO_ISSUE, "time_from": start, "time_to": end, **values},
    )


def _documents(db) -> int:
    return db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]


def test_an_officer_in_an_inquiry_overlapping_another_is_refused_naming_the_other_record(
    demo_db, data_dir, english
):
    first = _issue_inquiry(demo_db, data_dir, INVESTIGATING, "2026-11-20 09:30", "2026-11-20 10:30")
    interviewer = first.values["interviewer1"]
    issued = _documents(demo_db)
    with pytest.raises(ValidationError) as refused:  # another interviewee, the same two officers, from 10:00
        _issue_inquiry(
            demo_db, data_dir, INVESTIGATING, "2026-11-20 10:00", "2026-11-20 11:00", interviewee="李四"
        )
    assert refused.value.errors == {
        "询问开始时间": (
            f"{'、'.join(sorted({interviewer, first.values['interviewer2']}))} already took part in the inquiry record "
            f"of case {INVESTIGATING} from 2026-11-20 09:30 to 2026-11-20 10:30, which overlaps this one (2026-11-20 "
            "10:00 to 2026-11-20 11:00): an officer cannot question two people at the same time. Correct the times, "
            "or name the officers who held this inquiry."
        )
    }
    assert _documents(demo_db) == issued  # nothing issued
    # the same officer in another case's record at that time is refused too: an officer is in one place at a time
    with pytest.raises(ValidationError, match=f"^询问开始时间: {interviewer} already took part"):
        _issue_inquiry(
            demo_db,
            data_dir,
            "佛顺市监立〔2026〕9号",
            "2026-11-20 08:00",
            "2026-11-20 09:45",
            interviewer1=interviewer,
            interviewer1_cert=first.values["interviewer1_cert"],
            recorder=interviewer,
        )
    # an officer of the same name with another 执法证号 is another officer
    namesake = _issue_inquiry(
        demo_db,
        data_dir,
        "佛顺市监立〔2026〕9号",
        "2026-11-20 08:00",
        "2026-11-20 09:45",
        interviewer1=interviewer,
        interviewer1_cert="44060699999",
    )
    assert namesake.status == "issued"


def test_inquiries_one_after_the_other_or_by_other_officers_are_issued(demo_db, data_dir):
    first = _issue_inquiry(demo_db, data_dir, INVESTIGATING, "2026-11-20 09:30", "2026-11-20 10:30")
    # the next one begins as the first ends
    second = _issue_inquiry(demo_db, data_dir, INVESTIGATING, "2026-11-20 10:30", "2026-11-20 11:30")
    # at the same time by two other officers of the district (another case's)
    other = _issue_inquiry(demo_db, data_dir, "佛顺市监立〔2026〕9号", "2026-11-20 09:00", "2026-11-20 10:00")
    assert {first.values["interviewer1"], first.values["recorder"]}.isdisjoint(
        {other.values["interviewer1"], other.values["interviewer2"], other.values["recorder"]}
    )
    assert first.number is None and second.status == other.status == "issued"


def test_a_voided_inquiry_record_leaves_its_time_to_the_officers(demo_db, data_dir):
    first = _issue_inquiry(demo_db, data_dir, INVESTIGATING, "2026-11-20 09:30", "2026-11-20 10:30")
    void_document(demo_db, first.id, "询问时间记错")
    again = _issue_inquiry(demo_db, data_dir, INVESTIGATING, "2026-11-20 09:35", "2026-11-20 10:30")
    assert again.status == "issued"


# ---- §2.2 No. 14 and §8.2: the interviewee's 性别 and 出生年月 are those of the ID number printed beside them


def test_a_sex_or_birth_month_the_id_number_contradicts_is_refused_naming_the_field(
    demo_db, data_dir, english
):
    # 440602198506150019: born June 1985, 17th digit 1 (odd): a man
    issued = _documents(demo_db)
    with pytest.raises(ValidationError) as refused:
        _issue_inquiry(
            demo_db,
            data_dir,
            INVESTIGATING,
            "2026-11-20 09:30",
            "2026-11-20 10:30",
            sex="女",
            birth="1958年6月",
        )
    assert refused.value.errors == {
        "性别": "女 is ticked, but ID number 4406**********0019 is a man's (its 17th digit is odd): tick the sex the "
        "ID card shows, or correct the ID number.",
        "出生年月": "1958年6月 differs from the birth date in ID number 4406**********0019 (1985年6月): write the "
        "month of birth the ID card shows, or correct the ID number.",
    }
    assert _documents(demo_db) == issued
    # a woman's number (17th digit 2, even) with 男 ticked
    woman = _with_check("44060219900301002")
    with pytest.raises(ValidationError, match="^性别: 男 is ticked, but ID number 4406.* is a woman's"):
        _issue_inquiry(
            demo_db, data_dir, INVESTIGATING, "2026-11-20 09:30", "2026-11-20 10:30", id_number=woman
        )


@pytest.mark.parametrize("birth", ["1985年6月", "1985年06月15日", "1985-06", "1985.6", "38岁", ""])
def test_a_sex_and_birth_month_agreeing_with_the_id_number_or_an_age_are_issued(demo_db, data_dir, birth):
    document = _issue_inquiry(
        demo_db, data_dir, INVESTIGATING, "2026-11-20 09:30", "2026-11-20 10:30", sex="男", birth=birth
    )
    assert document.status == "issued"
