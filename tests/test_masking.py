import csv
import html
import io
import json
import logging
import zipfile

import pytest

from workstation.cli import main
from workstation.errors import NotFound, WorkstationError
from workstation.log import PersonalDataFilter, scrub
from workstation.masking import (
    mask_accounts,
    mask_address,
    mask_field,
    mask_id,
    mask_phone,
    mask_text,
    reveal,
)
from workstation.paths import resource
from workstation.records import Party
from workstation.store import save_party
from workstation.store.complaints import search_complaints


@pytest.mark.parametrize(("written", "shown"), [
    ("13800138000", "138****8000"),
    ("138-0013-8000", "138-****-8000"),
    ("+86 138 0013 8000", "+86 138 **** 8000"),
    ("075712345678", "0757****5678"),
    ("0757-12345678", "0757-****5678"),
    ("010-62345678", "010-****5678"),
    ("02012345678", "020****5678"),
    ("4001234567", "400***4567"),
    ("85836433", "****6433"),
    ("10086", "10086"),
    ("", ""),
])
def test_phone_numbers_keep_their_prefix_and_last_four_digits(written, shown):
    assert mask_phone(written) == shown


@pytest.mark.parametrize(("number", "shown"), [
    ("440602199001011234", "4406**********1234"),
    ("11010519491231002X", "1101**********002X"),
    ("440602900101123", "4406*******1123"),
    ("1234", "1234"),
])
def test_id_numbers_keep_region_and_last_four(number, shown):
    assert mask_id(number) == shown


@pytest.mark.parametrize(("address", "shown"), [
    ("广东省佛山市禅城区祖庙路3号", "广东省佛山市禅城区****"),
    ("广州市天河区体育西路1号", "广州市天河区****"),
    ("湖北省恩施土家族苗族自治州恩施市舞阳大道", "湖北省恩施土家族苗族自治州恩施市****"),
    ("佛山市桂城街道某某小区5栋", "佛山市****"),  # 小区 is no district
    ("某某村3号", "****"),
    ("佛山市禅城区", "佛山市禅城区"),
    ("", ""),
])
def test_an_address_keeps_its_divisions_down_to_the_county(address, shown):
    assert mask_address(address) == shown


def test_bank_accounts_keep_their_last_four_digits_and_shorter_numbers_stay():
    text = "账号6222021234567890123，卡号6222 0212 3456 7890，发送12345条，信用代码91440604MA5062D90R，2026年3月"
    assert mask_accounts(text) == ("账号***************0123，卡号**** **** **** 7890，发送12345条，"
                                   "信用代码91440604MA5062D90R，2026年3月")


def test_every_number_written_in_free_text_is_masked():
    text = ("消费者反映号码0757-85836433以“房产顾问”名义来电，我的电话１３８００１３８０００，身份证440602199001011234，"
            "另一个号码85836433，2026年2月19日（20260219），金额12345678元，信用代码91440604MA5062D90R，投诉10086")
    masked = mask_text(text)
    assert "0757-****6433" in masked and "１３８****８０００" in masked and "4406**********1234" in masked
    assert "另一个号码****6433" in masked
    for kept in ("20260219", "12345678元", "91440604MA5062D90R", "10086", "2026年2月19日"):
        assert kept in masked
    for hidden in ("85836433", "１３８００１３８０００", "440602199001011234"):
        assert hidden not in masked
    assert len(masked) == len(text)


def test_fields_are_masked_by_what_they_hold():
    assert mask_field("phones", "075785836433 13800138000") == "0757****6433 138****8000"
    assert mask_field("id_number", "440602199001011234") == "4406**********1234"
    assert mask_field("facts", "当事人电话13800138000") == "当事人电话138****8000"
    assert mask_field("fine_fen", 500000) == 500000


def audit_rows(db):
    return db.execute("SELECT action, entity, entity_id, before_digest, after_digest FROM audit ORDER BY seq").fetchall()


def test_reveal_returns_the_stored_value_and_audits_the_field_but_not_the_value(db):
    party = save_party(db, Party(name="朱子轩", kind="person", id_number="11010519491231002X", phone="13800138000"))
    before = len(audit_rows(db))
    assert reveal(db, "party", party.id, "phone") == "13800138000"
    assert reveal(db, "party", party.id, "id_number", reason="核对身份") == "11010519491231002X"
    rows = audit_rows(db)[before:]
    assert [(r[0], r[1], r[2]) for r in rows] == [("reveal", "party.phone", party.id),
                                                   ("reveal", "party.id_number", party.id)]
    stored = json.dumps(rows) + repr(db.execute("SELECT * FROM audit").fetchall())
    assert "13800138000" not in stored and "11010519491231002X" not in stored
    from workstation import audit

    assert audit.verify(db)["valid"]


def test_reveal_of_an_unknown_record_or_a_field_that_is_not_personal_is_refused_unaudited(db):
    party = save_party(db, Party(name="佛山市某某科技有限公司", phone="13800138000"))
    before = len(audit_rows(db))
    with pytest.raises(NotFound):
        reveal(db, "party", "no-such-id", "phone")
    with pytest.raises(WorkstationError):
        reveal(db, "party", party.id, "kind")
    with pytest.raises(WorkstationError):
        reveal(db, "settings", "x", "value")
    assert len(audit_rows(db)) == before


def test_the_complaint_search_shows_the_complainant_masked(db):
    db.execute("INSERT INTO complaints (id, source, external_id, received_at, text, raw, created_at, "
               "complainant_phone) VALUES ('c1', '12345', 'GD1', '2026-03-01T09:00:00+08:00', "
               "'号码13912345678多次来电推销', '{}', '2026-03-01', '13800138000')")
    hit = search_complaints(db, "推销")[0]
    assert hit.complainant == "138****8000"


# --- logs -------------------------------------------------------------------------------------------------


def test_the_log_filter_masks_numbers_and_withholds_chinese_text():
    record = logging.LogRecord("workstation.x", logging.INFO, __file__, 1, "party %s phone %s id %s count %d",
                               ("朱子轩", "13800138000", "11010519491231002X", 13543), None)
    assert PersonalDataFilter().filter(record)
    message = record.getMessage()
    assert message == "party [zh:3] phone 138****8000 id 1101**********002X count 13543"
    assert scrub("order 12345678901234567890 font /usr/share/fonts/uming.ttc") == \
        "order ****************7890 font /usr/share/fonts/uming.ttc"


def test_a_logged_exception_is_scrubbed_too(tmp_path):
    from workstation.log import setup_logging

    path = setup_logging(tmp_path)
    log = logging.getLogger("workstation.test")
    try:
        raise RuntimeError("朱子轩 13800138000 440602199001011234")
    except RuntimeError:
        log.exception("command failed: %s", "stats")
    text = path.read_text(encoding="utf-8")
    assert "command failed: stats" in text and "RuntimeError" in text
    assert "13800138000" not in text and "440602199001011234" not in text and "朱子轩" not in text


# --- the statistics export --------------------------------------------------------------------------------


def demo_personal_data() -> list[str]:
    """Every party name, legal representative, address, phone and ID number of the demo data, the officers'
    and interview attendees' names and the leads' numbers and businesses."""
    seed = json.loads(resource("demo", "seed.json").read_text(encoding="utf-8"))
    found = set()
    for party in seed["parties"]:
        found.update(party.get(k, "") for k in ("name", "legal_rep", "address", "phone", "id_number"))
    found.update(officer["name"] for officer in seed["officers"])
    for interview in seed["interviews"]:
        found.update(a["name"] for a in interview.get("attendees", []))
    for lead in seed["leads"]:
        found.update((lead.get("target_phone", ""), lead.get("target_name", "")))
    return sorted(v for v in found if v)


def readable_contents(path) -> str:
    """The text of a CSV file, or of every member of an XLSX package: unzipped (zip compresses the text) and
    with XML character references resolved (openpyxl may write 房 as &#25151;)."""
    data = path.read_bytes()
    if data[:2] != b"PK":
        return data.decode("utf-8-sig")
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return "\n".join(html.unescape(package.read(name).decode("utf-8", "replace")) for name in package.namelist())


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_the_statistics_export_holds_no_personal_data(demo_db, data_dir, tmp_path, capsys, suffix):
    demo_db.conn.close()
    target = tmp_path / f"统计.{suffix}"
    assert main(["--data-dir", str(data_dir), "stats", "export", "-o", str(target), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["path"] == str(target)
    text = readable_contents(target)
    assert "房地产租售" in text and "18176" in text and "189000" in text.replace(",", "")  # the figures are there
    personal = demo_personal_data()
    assert len(personal) > 100
    assert [value for value in personal if value in text] == []
    if suffix == "csv":
        rows = list(csv.reader(io.StringIO(text)))
        rows = rows[rows.index(["分组", "项目", "指标", "数值"]):]  # after the lines saying what is counted
        assert ["房地产租售", "19", "9016", "90400.00", "9000.00", "99400.00"] in rows  # the sector table
        assert ["概况", "", "罚没合计（元）", "189000.00"] in rows


def test_a_statistics_export_with_a_bad_date_writes_nothing(demo_db, data_dir, tmp_path, capsys):
    demo_db.conn.close()
    target = tmp_path / "s.csv"
    code = main(["--data-dir", str(data_dir), "stats", "export", "-o", str(target), "--from", "2026-13-01"])
    assert code == 1 and not target.exists() and "2026-13-01" in capsys.readouterr().err
