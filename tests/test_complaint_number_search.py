"""Searching complaints for a number by its digits finds it however the text writes it (135-0000-0011,
0757-8888 1234, a local number without its area code): through the numbers screening extracted, merged into the
same pages, newest first, the number marked whole as written and masked as everywhere."""

import csv

import pytest

from tests.helpers import insert_complaint_texts
from workstation.importing.complaints import import_complaints
from workstation.masking import mask_text
from workstation.store import complaints
from workstation.store.complaints import MARK_END, MARK_START, count_complaints, search_complaints, snippet

ROWS = [  # work order, received, text
    ("N1", "2026-03-01 09:00:00", "这个号码135-0000-0011天天打电话推销楼盘，严重骚扰"),
    ("N2", "2026-03-02 09:00:00", "收到0757-8888 1234发来的推销短信，回复退订无效"),
    ("N3", "2026-03-03 09:00:00", "13500000011又打来推销电话，说是装修公司"),
    ("N4", "2026-03-04 09:00:00", "号码(0757)8666 2345每天打来推销贷款，骚扰电话不断"),
    ("N5", "2026-03-05 09:00:00", "小区门口的店铺占道经营，影响通行"),
]


@pytest.fixture
def numbered(db, tmp_path):
    path = tmp_path / "消委会投诉.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["投诉编号", "投诉时间", "联系电话", "投诉内容"])
        writer.writerows([(n, when, f"1390013900{i}", text) for i, (n, when, text) in enumerate(ROWS)])
    import_complaints(db, [path])  # screened as imported: the related ones carry the numbers they name
    return db


def found(db, query, **page):
    hits = search_complaints(db, query, **page)
    return [h.external_id for h in hits]


@pytest.mark.parametrize("query, expected", [
    ("13500000011", ["N3", "N1"]),  # written as typed (N3) and with dashes (N1), newest first
    ("１３５００００００１１", ["N3", "N1"]),  # typed in full width
    ("50000001", []),  # digits from inside the number: masked in the list, they find nothing
    ("075788881234", ["N2"]),
    ("88881234", ["N2"]),  # the number without its area code, written with a space
    ("86662345", ["N4"]),  # written with the area code in brackets
    ("13500000011 推销", ["N3", "N1"]),
    ("13500000011 楼", ["N1"]),  # a one-character word: the base table is read, the numbers too
    ("13500000011 短信", []),
    ("13500000012", []),
    ("135-0000-0011", ["N3", "N1"]),  # typed with separators: found written without them too
    ("(0757)8888-1234", ["N2"]),
    ("０７５７－８６６６２３４５", ["N4"]),
])
def test_a_number_is_found_by_its_digits_however_the_text_writes_it(numbered, query, expected):
    assert found(numbered, query, limit=50) == expected
    assert count_complaints(numbered, query) == len(expected)


def test_numbers_found_both_ways_are_paged_as_one_list(numbered, monkeypatch):
    assert found(numbered, "13500000011", limit=1) == ["N3"]
    assert found(numbered, "13500000011", limit=1, offset=1) == ["N1"]
    assert found(numbered, "13500000011", limit=1, offset=2) == []
    monkeypatch.setattr(complaints, "MANY_MATCHES", 1)  # many matches: walked in the receipt-time index
    assert found(numbered, "13500000011", limit=50) == ["N3", "N1"]
    assert found(numbered, "13500000011 推销", limit=50) == ["N3", "N1"]


def test_the_number_is_marked_whole_as_written_and_masked(numbered):
    hits = {h.external_id: h for h in search_complaints(numbered, "13500000011")}
    assert f"{MARK_START}135-0000-0011{MARK_END}" in hits["N1"].snippet
    assert f"{MARK_START}13500000011{MARK_END}" in hits["N3"].snippet
    text = hits["N1"].text
    masked = mask_text(text)
    assert f"{MARK_START}135-****-0011{MARK_END}" in snippet(text, ["13500000011"], shown=masked)
    # a part of the number marks nothing of what masking hides (and finds nothing: see the search tests)
    for digits in ("1350000", "00000011", "50000001"):
        assert MARK_START not in snippet(text, [digits], shown=masked)
    (hit,) = search_complaints(numbered, "88881234")
    assert f"{MARK_START}0757-**** 1234{MARK_END}" in snippet(hit.text, list(hit.words), shown=mask_text(hit.text))


def test_a_run_of_four_digits_is_looked_for_in_the_text_only(numbered):
    assert found(numbered, "1234") == ["N2"]  # as written in the text, where the list shows it (0757-**** 1234)
    assert found(numbered, "8888") == []  # written in the text, but only in the digits masking hides
    assert found(numbered, "7578") == []  # only in the normalised 075788881234


def test_the_number_is_marked_whole_however_the_search_and_the_text_write_it(numbered):
    texts = {h.external_id: h.text for h in search_complaints(numbered, "13500000011")}
    for query in ("13500000011", "135-0000-0011", "１３５００００００１１", "+86 135 0000 0011"):
        assert f"{MARK_START}135****0011{MARK_END}" in snippet(texts["N3"], [query], shown=mask_text(texts["N3"]))
        assert f"{MARK_START}135-****-0011{MARK_END}" in snippet(texts["N1"], [query], shown=mask_text(texts["N1"]))
        assert f"{MARK_START}13500000011{MARK_END}" in snippet(texts["N3"], [query])  # revealed: the same mark


UNSCREENED = [  # work order, complainant, text: no personal-information complaint, or the complainant's own number
    ("U1", "13900139001", "店铺电话0757-8323 4567一直打不通，预付卡无法退款"),
    ("U2", "13900139002", "本人电话139-0013-9002，商家答应回电一直没有回复"),
    ("U3", "13900139003", "商家联系人（0757）83234567说下周处理"),
    ("U4", "13900139004", "联系人13812345678说明天退款"),
]


@pytest.fixture
def unscreened(db):
    insert_complaint_texts(db, UNSCREENED)
    return db


@pytest.mark.parametrize("query, expected", [
    ("075783234567", ["U3", "U1"]),  # unrelated complaints, never screened, the number written two ways
    ("83234567", ["U3", "U1"]),
    ("13900139002", ["U2"]),  # the complainant's own number, written in the text with dashes
    ("0013900", []),  # a part of it: hidden in the list (139-****-9002), so not found
    ("138-1234-5678", ["U4"]),  # written without the separators typed
    ("13900139001", ["U1"]),  # a complainant's number typed whole finds their 来电号码 too (listed masked)
])
def test_a_number_is_found_by_its_digits_in_every_complaint_screened_or_not(unscreened, query, expected):
    assert found(unscreened, query) == expected
    assert count_complaints(unscreened, query) == len(expected)
    for hit in search_complaints(unscreened, query):  # the complainant's number stays masked in the list
        assert hit.complainant.startswith("139****")


def test_the_numbers_are_indexed_again_when_edited_rules_change_the_area_code(unscreened, data_dir):
    from workstation.screening import screen
    from workstation.screening.rules import save_rules, shipped_rules_path
    from workstation.store.complaints import insert_complaints

    insert_complaints(unscreened, [("id-U5", "12345", "U5", "2026-04-05 09:00:00", "来电号码8323 4567推销", "{}",
                                    "f.csv", 6, "2026-04-09T00:00:00+08:00", "12345", "", "", "", "", "", "", "",
                                    "", None)])
    assert found(unscreened, "075783234567") == ["U5", "U3", "U1"]  # a local number takes the area code 0757
    save_rules(data_dir, shipped_rules_path().read_text(encoding="utf-8").replace(
        'default_area_code = "0757"', 'default_area_code = "020"'))
    screen(unscreened)
    assert found(unscreened, "075783234567") == ["U3", "U1"]  # these two write 0757 themselves
    assert found(unscreened, "02083234567") == ["U5"]


def test_only_numbers_the_text_index_cannot_find_are_kept_apart():
    from workstation.store.complaints import numbers_written_otherwise

    assert numbers_written_otherwise("店铺电话8323 4567，另一个(020)8765-4321") == "075783234567 02087654321"
    assert numbers_written_otherwise("联系人13812345678、０７５７８３２３４５６７，退款276元") == ""
    assert numbers_written_otherwise("") == ""


def test_a_database_from_before_the_index_of_numbers_gets_its_stored_complaints_indexed(data_dir, monkeypatch):
    from workstation.db import open_database, schema
    from workstation.paths import database_path

    every = list(schema.MIGRATIONS)
    monkeypatch.setattr(schema, "MIGRATIONS", [m for m in every if m[0] < "m014"])
    db = open_database(database_path(data_dir))
    db.execute("INSERT INTO complaints (id, source, external_id, received_at, text, created_at) VALUES "
               "('old', '12345', 'OLD1', '2026-01-05 09:00:00', '号码0757-8323 4567骚扰', '2026-01-06')")
    db.conn.close()
    monkeypatch.setattr(schema, "MIGRATIONS", every)
    db = open_database(database_path(data_dir))
    try:
        assert found(db, "075783234567") == ["OLD1"]
    finally:
        db.conn.close()


SPACED = [  # work order, complainant, text
    ("S1", "13900139001", "联系人138 1234 5678天天打电话推销"),
    ("S2", "13900139002", "联系人13812345678天天打电话推销"),
    ("S3", "13900139003", "订单138元，编号1234，取件码5678，商家不退款"),
]


@pytest.fixture
def spaced(db):
    insert_complaint_texts(db, SPACED, month="05")
    return db


@pytest.mark.parametrize("query", ["138 1234 5678", "  138  1234 5678 ", "１３８　１２３４　５６７８", "138 1234-5678"])
def test_a_number_typed_with_spaces_is_one_number_not_three_words(spaced, query):
    assert found(spaced, query) == ["S2", "S1"]  # not S3, which writes the three pieces apart
    assert count_complaints(spaced, query) == 2
    hits = {h.external_id: h for h in search_complaints(spaced, query)}
    for name, written in (("S1", "138 **** 5678"), ("S2", "138****5678")):  # the whole number marked, masked
        hit = hits[name]
        assert f"{MARK_START}{written}{MARK_END}" in snippet(hit.text, list(hit.words), shown=mask_text(hit.text))


def test_only_a_whole_query_that_is_a_number_is_read_as_one(spaced, numbered):
    from workstation.store.complaints import search_words

    assert search_words("138 1234 5678") == ("138 1234 5678",)
    assert search_words("0757 8888 1234") == ("0757 8888 1234",)
    assert search_words("8888 1234") == ("8888 1234",)
    assert search_words("138 1234 5678 推销") == ("138", "1234", "5678", "推销")  # not a number as a whole
    assert search_words("2026 0301") == ("2026", "0301")  # a date, not a local number
    assert search_words("138 退款") == ("138", "退款")
    assert found(spaced, "138 1234 5678 退款") == ["S3"]  # words that are not a number stay separate words
    assert found(numbered, "0757 8888 1234") == ["N2"]


def test_a_number_typed_with_separators_takes_the_area_code_of_the_rules_in_force(unscreened, data_dir):
    from workstation.screening import screen
    from workstation.screening.rules import save_rules, shipped_rules_path
    from workstation.store.complaints import insert_complaints

    insert_complaints(unscreened, [("id-U5", "12345", "U5", "2026-04-05 09:00:00", "来电号码8323 4567推销", "{}",
                                    "f.csv", 6, "2026-04-09T00:00:00+08:00", "12345", "", "", "", "", "", "", "",
                                    "", None)])
    assert found(unscreened, "8323-4567") == ["U5", "U3", "U1"]  # all three are 0757 8323 4567
    save_rules(data_dir, shipped_rules_path().read_text(encoding="utf-8").replace(
        'default_area_code = "0757"', 'default_area_code = "020"'))
    screen(unscreened)
    # 020 8323 4567 now: U1 and U3 write 0757 themselves (U3's digits typed unseparated are a part of its number)
    assert found(unscreened, "8323-4567") == ["U5"]
    for query in ("(020)8323-4567", "020 8323 4567"):
        assert found(unscreened, query) == ["U5"], query
        assert count_complaints(unscreened, query) == 1
    (hit,) = search_complaints(unscreened, "020 8323 4567")
    assert f"{MARK_START}8323 4567{MARK_END}" in hit.snippet  # marked as the search found it, with the same rules
    assert f"{MARK_START}**** 4567{MARK_END}" in snippet(hit.text, list(hit.words), shown=mask_text(hit.text),
                                                        rules=hit.rules)


ID_TEXT = "本人身份证号44060219900101123X被泄露给装修公司，天天接到推销电话"


@pytest.mark.parametrize("query", ["44060219900101123X", "44060219900101123x", "４４０６０２１９９００１０１１２３Ｘ"])
def test_a_masked_id_number_found_by_its_digits_is_marked_whole_as_masked(db, query):
    from workstation.store.complaints import insert_complaints

    insert_complaints(db, [("c1", "12345", "W1", "2026-03-01 10:00:00", ID_TEXT, "{}", "f.csv", 2,
                            "2026-03-02T00:00:00+08:00", "12345", "", "", "", "", "", "", "", "", None)])
    (hit,) = search_complaints(db, query)
    masked = mask_text(ID_TEXT)
    assert "4406**********123X" in masked
    # the same mark whichever of its characters were typed: it tells nothing of the masked ones
    assert f"{MARK_START}4406**********123X{MARK_END}" in snippet(hit.text, list(hit.words), shown=masked)
    assert f"{MARK_START}44060219900101123X{MARK_END}" in snippet(hit.text, list(hit.words))  # revealed: the same


def test_a_short_run_of_digits_marks_only_the_visible_part_of_an_id_number():
    masked = mask_text(ID_TEXT)
    assert f"4406**********{MARK_START}123X{MARK_END}" in snippet(ID_TEXT, ["123X"], shown=masked)
    assert MARK_START not in snippet(ID_TEXT, ["1990"], shown=masked)  # only in the masked digits: no mark


@pytest.mark.parametrize("query", ["19900101", "０１０１１２３", "01123x", "4406021990"])
def test_a_part_of_a_masked_id_number_finds_nothing(db, query):
    from workstation.store.complaints import insert_complaints

    insert_complaints(db, [("c1", "12345", "W1", "2026-03-01 10:00:00", ID_TEXT, "{}", "f.csv", 2,
                            "2026-03-02T00:00:00+08:00", "12345", "", "", "", "", "", "", "", "", None)])
    assert search_complaints(db, query) == [] and count_complaints(db, query) == 0
    assert found(db, "123X") == ["W1"]  # its visible end is found, and marked alone
