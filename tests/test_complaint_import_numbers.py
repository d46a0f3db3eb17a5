"""The importer fills the index of numbers as it reads each row (sharing the reading of the text's numbers with
screening) instead of reading every text again afterwards: what it stores must be exactly what
``reindex_numbers`` computes from the stored texts, for every way a text writes a number, screened or not."""

import csv
import sys
from pathlib import Path

import pytest

from workstation.importing.complaints import import_complaints
from workstation.screening.rules import save_rules, shipped_rules_path
from workstation.store.complaints import reindex_numbers

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import make_complaints  # noqa: E402

TEXTS = [  # related or not, numbers written in every way the index has to read them
    "这个号码135-0000-0011天天打电话推销楼盘，严重骚扰",
    "收到0757-8888 1234发来的推销短信，回复退订无效",
    "座机８３２３　４５６７打来，天天推销装修",
    "店铺电话8323 4567一直打不通，预付卡无法退款",
    "订单20260301，金额12345678元，商家不退款",
    "号码(0757)8666 2345每天打来推销贷款，骚扰电话不断",
    "+86 138 0013 8000 天天打电话推销，知道我的名字",
    "本人电话139-0013-9002，商家答应回电一直没有回复",
    "客服电话400-800-1234一直占线",
    "联系人13812345678说明天退款",
    "对方号码86-757-8123-4567，自称某房产公司，天天打电话",
    "包装上的序列号8323-4567AB查不到",
    "（020）8765-4321打来推销电话，另有０７５７－８３２３－４５６７",
    "打10086投诉无果，又接到推销电话",
]


def council_csv(path: Path, texts, prefix="N", duplicate_of_first=""):
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["投诉编号", "投诉时间", "联系电话", "投诉内容"])
        writer.writerows((f"{prefix}{i}", f"2026-03-{i % 28 + 1:02d} 09:00:00", f"1390013900{i % 10}", text)
                         for i, text in enumerate(texts))
        if duplicate_of_first:  # the same work order again: left out, its numbers with it
            writer.writerow([f"{prefix}0", "2026-03-01 10:00:00", "13900139000", duplicate_of_first])
    return path


def number_rows(db, after_rowid=0):
    return db.execute("SELECT c.external_id, n.numbers FROM complaint_numbers AS n JOIN complaints AS c "
                      "ON c.rowid = n.complaint_rowid WHERE c.rowid > ? ORDER BY c.rowid", [after_rowid]).fetchall()


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("generated")
    make_complaints.write_council_csv(folder / "council.csv", 400, answers=False)
    make_complaints.write_hotline_xlsx(folder / "hotline.xlsx", 300, answers=False)
    return folder


def test_the_import_stores_the_numbers_reindexing_would(db, tmp_path, generated):
    hand = council_csv(tmp_path / "消委会投诉.csv", TEXTS, duplicate_of_first="另一个号码0757-1234 5678天天骚扰")
    result = import_complaints(db, [hand, generated / "council.csv", generated / "hotline.xlsx"])
    assert not result.refused and result.duplicates > 0
    imported = number_rows(db)
    by_id = dict(imported)
    assert by_id["N0"] == "13500000011"
    assert by_id["N2"] == "075783234567"  # a local number in full width with an ideographic space
    assert by_id["N3"] == "075783234567"  # not screened as related: indexed all the same
    assert by_id["N7"] == "13900139002"  # the complainant's own number too
    assert by_id["N12"] == "02087654321 075783234567"
    for absent in ("N4", "N9", "N11", "N13"):  # a date and money, written normalised, run into letters, a service
        assert absent not in by_id
    assert not any("075712345678" in numbers for _id, numbers in imported)  # the duplicate left out
    assert len(imported) > 100  # the generated exports write numbers in many ways
    reindex_numbers(db)
    assert number_rows(db) == imported


def test_an_import_after_the_rules_changed_reads_numbers_with_the_rules_in_force(db, tmp_path, data_dir):
    import_complaints(db, [council_csv(tmp_path / "first.csv", TEXTS[:4])])
    before = db.execute("SELECT MAX(rowid) FROM complaints").fetchone()[0]
    save_rules(data_dir, shipped_rules_path().read_text(encoding="utf-8").replace(
        'default_area_code = "0757"', 'default_area_code = "020"'))
    # not screened yet with the new rules: the import leaves screening to the next run, the numbers read as now
    import_complaints(db, [council_csv(tmp_path / "second.csv", TEXTS, prefix="M")])
    imported = number_rows(db, before)
    assert dict(imported)["M3"] == "02083234567"
    assert db.execute("SELECT COUNT(*) FROM complaints WHERE rowid > ? AND screened_at IS NOT NULL",
                      [before]).fetchone()[0] == 0
    reindex_numbers(db)
    assert number_rows(db, before) == imported
