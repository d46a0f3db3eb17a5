"""Searches find what they hold however the words are typed: the complaint search a complainant's number typed with
spaces or the country code; the interview register a case number with other brackets; the 发文登记 and the party
picker each word of a search of several; the lead list a number typed with +86, 0086 or 86-."""

from __future__ import annotations

import csv

import pytest

from tests.test_casefile_voided import CASE, FIRST, filed  # noqa: F401 (the fixture)
from tests.test_leadsfixb import lead
from workstation.case_records import Interview
from workstation.document_register import count_documents, registered_documents
from workstation.importing.complaints import import_complaints
from workstation.records import Party
from workstation.store import list_parties, save_party
from workstation.store.cases import search_terms
from workstation.store.complaints import count_complaints, search_complaints
from workstation.store.interviews import interview_search_texts, search_texts_found
from workstation.store.leads import lead_holds, lead_rows

# ---- 1. the complainant's number typed with spaces or the country code -------------------------------------------

ROWS = [("W1", "2026-03-01 09:00:00", "13780367017", "楼下商铺噪音扰民"),
        ("W2", "2026-03-02 09:00:00", "13900139000", "推销电话骚扰")]


@pytest.fixture
def complained(db, tmp_path):
    path = tmp_path / "消委会投诉.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["投诉编号", "投诉时间", "联系电话", "投诉内容"])
        writer.writerows(ROWS)
    import_complaints(db, [path])
    return db


@pytest.mark.parametrize("query", ["13780367017", "137-8036-7017", "137 8036 7017", "137\u30008036\u30007017",
                                   "+86 13780367017", "+8613780367017", "+86 137 8036 7017", " 137 8036 7017 "])
def test_the_complainant_number_is_found_however_spaced(complained, query):
    assert [h.external_id for h in search_complaints(complained, query)] == ["W1"]
    assert count_complaints(complained, query) == 1


def test_a_date_typed_with_a_space_is_still_two_words(complained):
    assert search_complaints(complained, "2026 0301") == [] and count_complaints(complained, "2026 0301") == 0


# ---- 2. the interview register: a case number with other brackets -------------------------------------------------

INTERVIEW = Interview(agency_id="a", held_on="2026-03-01", subject="约谈某公司", summary="某某贸易(佛山)有限公司到场")


def interview_found(interview: Interview, query: str, *also: str) -> bool:
    """Whether the register's search (``interview_register.register_found``) finds ``query`` in the interview's texts
    and ``also``, as it searches them."""
    return search_texts_found(interview_search_texts(interview, *also), search_terms(query))


@pytest.mark.parametrize("query", ["佛南市监立〔2026〕9号", "佛南市监立[2026]9号", "佛南市监立（2026）9号",
                                   "佛南市监立(2026)9号", "佛南市监立 (2026) 第09号", "（2026）9号", "[2026]9",
                                   "（佛山）", "(广州)", "贸易（佛山", "ＡＢＣ", "abc", "约谈 （2026）", "约谈 2026 9号"])
def test_an_interview_is_found_by_its_case_number_however_written(query):
    # the summary writes (佛山) half-width, the party's name （广州） full-width: each found written the other way
    assert interview_found(INTERVIEW, query, "佛南市监立〔2026〕9号", "甲乙ABC（广州）商行")


@pytest.mark.parametrize("query", ["佛南市监立[2026]8号", "（2025）9号", "(深圳)", "约谈 深圳"])
def test_an_interview_is_not_found_by_another_number(query):
    assert not interview_found(INTERVIEW, query, "佛南市监立〔2026〕9号", "甲乙ABC（广州）商行")


# ---- 3. the 发文登记: each word of a search -------------------------------------------------------------------------

def test_the_register_finds_every_word_of_a_search(demo_db, filed):  # noqa: F811 (the fixture)
    case, decision, correction, receipt = filed

    def found(search):
        ids = [r.id for r in registered_documents(demo_db, search)]
        assert count_documents(demo_db, search) == len(ids)
        return ids

    party = demo_db.execute("SELECT name FROM parties WHERE id = ?", [case.party_ids[0]]).fetchone()[0]
    assert found(f"{party[-4:]} 决定书") == [correction.id, decision.id]
    assert found("2026 1号") == [receipt.id, correction.id, decision.id]  # the case's number and the decision's
    assert found("监处 2026") == [correction.id, decision.id]
    assert found("佛南市监处 [2026] 1号") == [decision.id]  # a number typed with spaces: one word
    assert found(f"{CASE} 回证") == [receipt.id]
    assert found(FIRST) == [decision.id]
    assert found("决定书 回证") == []


# ---- 4. the lead list: a mobile typed with the country code -------------------------------------------------------

@pytest.mark.parametrize("query", ["15079290096", "+86 150 7929 0096", "+8615079290096", "86-150-7929-0096",
                                   "0086 15079290096", "+86-150-7929-0096", "+86 15079290096"])
def test_a_lead_is_found_by_its_mobile_with_the_country_code(db, query):
    made = lead(db, phones="15079290096")
    row = next(r for r in lead_rows(db) if r["id"] == made)
    assert lead_holds(row, query)


def test_the_country_code_is_dropped_only_before_a_mobile(db):
    made = lead(db, phones="075785836433")
    row = next(r for r in lead_rows(db) if r["id"] == made)
    assert not lead_holds(row, "+86 0757 8583 6433 9")
    assert not lead_holds(row, "+86 150 7929 0096")


# ---- 5. the party picker: each word of a search -------------------------------------------------------------------

def test_the_party_picker_finds_every_word(db):
    save_party(db, Party(name="中国移动通信集团广东有限公司佛山分公司", kind="company"))
    save_party(db, Party(name="佛山市某某餐饮店（桂城分店）", kind="company"))

    def names(search):
        return [p.name for p in list_parties(db, search)]

    assert names("移动") == ["中国移动通信集团广东有限公司佛山分公司"]
    assert names("中国移动 佛山") == ["中国移动通信集团广东有限公司佛山分公司"]
    assert names("佛山　中国移动") == ["中国移动通信集团广东有限公司佛山分公司"]
    assert names("餐饮店 (桂城") == ["佛山市某某餐饮店（桂城分店）"]
    assert names("中国移动 桂城") == []
