"""Searching complaints for a number by its digits finds it however the text writes it (135-0000-0011,
0757-8888 1234, a local number without its area code): through the numbers screening extracted, merged into the
same pages, newest first, the number marked whole as written and masked as everywhere."""

import csv

import pytest

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
    ("50000001", ["N3", "N1"]),  # digits from inside the number
    ("075788881234", ["N2"]),
    ("88881234", ["N2"]),  # the number without its area code, written with a space
    ("86662345", ["N4"]),  # written with the area code in brackets
    ("13500000011 推销", ["N3", "N1"]),
    ("13500000011 楼", ["N1"]),  # a one-character word: the base table is read, the numbers too
    ("13500000011 短信", []),
    ("13500000012", []),
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
    # the mark does not depend on which digits were typed: it tells nothing of the masked ones
    for digits in ("1350000", "00000011", "50000001"):
        assert snippet(text, [digits], shown=masked) == snippet(text, ["13500000011"], shown=masked)
    (hit,) = search_complaints(numbered, "88881234")
    assert f"{MARK_START}0757-**** 1234{MARK_END}" in snippet(hit.text, list(hit.words), shown=mask_text(hit.text))


def test_a_run_of_four_digits_is_looked_for_in_the_text_only(numbered):
    assert found(numbered, "8888") == ["N2"]  # as written in the text
    assert found(numbered, "7578") == []  # only in the normalised 075788881234
