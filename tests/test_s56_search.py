"""Searches read a name however its width is typed, and a search holding what no text holds still searches: a name the
register import keeps in full width (佛山市ＡＢＣ科技有限公司) is found by ABC科技, abc or 123信息 in the case list and the
party picker; the lead list reads brackets, letters and digits of either width as one (餐饮店(桂城 finds 餐饮店（桂城分
店）); a NUL pasted into a search is left out of it (cases and complaints); a --search the terminal passed in bytes that
are not UTF-8 is refused in one line naming --search."""

from __future__ import annotations

import csv

import pytest

from tests.helpers import run
from tests.test_leadsfixb import lead
from workstation.importing.complaints import import_complaints
from workstation.records import Case, Party
from workstation.store import CaseFilter, count_cases, create_case, list_cases, list_parties, save_party
from workstation.store.complaints import count_complaints, search_complaints
from workstation.store.leads import lead_holds, lead_rows

LETTERS = "佛山市ＡＢＣ科技有限公司"
DIGITS = "佛山市１２３信息咨询有限公司"
HONGYUN = "佛山市南海区鸿运置业有限公司"


@pytest.fixture
def parties(db, officers):
    """A case of each party, as the register import enters them: the names kept as written."""
    from workstation.store import agency_id_for_code

    for name in (LETTERS, DIGITS, HONGYUN):
        party = save_party(db, Party(name=name))
        create_case(db, Case(case_number="", cause="涉嫌未经消费者同意发送商业性信息案", sector="real_estate",
                             agency_id=agency_id_for_code("440605"), status="pending_filing", party_ids=[party.id],
                             officer_ids=[officers[n].id for n in ("陈志强", "黄丽娟")]))
    return db


def case_parties(db, search: str) -> list[str]:
    names = sorted(r.party_names for r in list_cases(db, CaseFilter(search=search), 1000))
    assert count_cases(db, CaseFilter(search=search)) == len(names)
    return names


# ---- 1. a full-width name found by its half-width letters and digits ---------------------------------------------

@pytest.mark.parametrize("query", ["ABC科技", "abc", "ＡＢＣ科技", "ａｂｃ", "Abc", "ab", "ｂ", "ABC 科技", "科技 ab"])
def test_the_case_list_finds_a_full_width_name_however_typed(parties, query):
    assert case_parties(parties, query) == [LETTERS]


@pytest.mark.parametrize("query", ["123信息", "１２３信息", "123", "23", "1２3"])
def test_the_case_list_finds_full_width_digits_typed_in_ascii(parties, query):
    assert case_parties(parties, query) == [DIGITS]


def test_the_case_list_still_finds_nothing_that_is_not_there(parties):
    assert case_parties(parties, "ABD") == [] and case_parties(parties, "abc 鸿运") == []


@pytest.mark.parametrize("query", ["ABC", "abc", "ＡＢＣ", "ａｂ", "ABC科技", "佛山市ABC科技有限公司"])
def test_the_party_picker_finds_a_full_width_name_however_typed(parties, query):
    assert [p.name for p in list_parties(parties, query)] == [LETTERS]


@pytest.mark.parametrize("query", ["123信息", "１２３信息", "123", "佛山市123信息"])
def test_the_party_picker_finds_full_width_digits_typed_in_ascii(parties, query):
    assert [p.name for p in list_parties(parties, query)] == [DIGITS]


# ---- 2. the lead list reads either width as one -------------------------------------------------------------------

BRANCH = "佛山市南海区某某餐饮店（桂城分店）"
SHOP = "佛山市某某商行(桂城)"


@pytest.fixture
def leads(db):
    made = {"branch": lead(db, business=BRANCH), "shop": lead(db, business=SHOP), "letters": lead(db, business=LETTERS),
            "digits": lead(db, business=DIGITS)}
    rows = {row["id"]: row for row in lead_rows(db)}
    return {name: rows[lead_id] for name, lead_id in made.items()}


def found(leads, text) -> set[str]:
    return {name for name, row in leads.items() if lead_holds(row, text)}


@pytest.mark.parametrize(("query", "names"), [
    ("餐饮店(桂城", {"branch"}), ("餐饮店（桂城", {"branch"}), ("(桂城分店)", {"branch"}), ("（桂城分店）", {"branch"}),
    ("(桂城)", {"shop"}), ("（桂城）", {"shop"}), ("桂城", {"branch", "shop"}),
    ("ABC", {"letters"}), ("abc", {"letters"}), ("ＡＢＣ", {"letters"}), ("ａｂｃ科技", {"letters"}),
    ("123信息", {"digits"}), ("１２３信息", {"digits"}), ("ABD", set()), ("(分店)", set())])
def test_the_lead_list_reads_brackets_letters_and_digits_of_either_width_as_one(leads, query, names):
    assert found(leads, query) == names


@pytest.mark.gui
def test_the_leads_page_finds_a_branch_typed_with_half_width_brackets(db, leads, make_window):
    page = make_window(db).leads_page
    page.lead_search.setText("餐饮店(桂城")
    page.apply_lead_filters()
    assert [r["id"] for r in page.model.records] == [leads["branch"]["id"]]


# ---- 3. a NUL pasted into a search ------------------------------------------------------------------------------

def test_a_nul_in_a_case_search_is_left_out(parties):
    assert case_parties(parties, "鸿\x00运置业") == [HONGYUN]
    assert case_parties(parties, "鸿运\x00") == [HONGYUN]  # under three characters: the table, not the index
    assert case_parties(parties, "\x00") == case_parties(parties, "")  # nothing searched: every case
    assert case_parties(parties, "\x00abc") == [LETTERS]


@pytest.mark.gui
def test_the_case_list_page_searches_a_pasted_nul_without_an_error(parties, qtbot):
    from PySide6.QtGui import QGuiApplication

    from ui.case_list_page import CaseListPage

    page = CaseListPage(parties)
    qtbot.addWidget(page)
    QGuiApplication.clipboard().setText("鸿\x00运置业")
    page.search.setFocus()
    page.search.paste()
    page.apply_filters()
    assert page.model.rowCount() == 1 and HONGYUN in page.model.index(0, 1).data()


@pytest.fixture
def complained(db, tmp_path):
    path = tmp_path / "消委会投诉.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["投诉编号", "投诉时间", "联系电话", "投诉内容"])
        writer.writerows([("W1", "2026-03-01 09:00:00", "13780367017", "楼下鸿运置业噪音扰民"),
                          ("W2", "2026-03-02 09:00:00", "13900139000", "推销电话骚扰")])
    import_complaints(db, [path])
    return db


@pytest.mark.parametrize("query", ["鸿\x00运置业", "鸿\x00运", "\x00鸿运 扰民"])
def test_a_nul_in_a_complaint_search_is_left_out(complained, query):
    assert [h.external_id for h in search_complaints(complained, query)] == ["W1"]
    assert count_complaints(complained, query) == 1


def test_a_lone_nul_is_no_complaint_search(complained):
    assert count_complaints(complained, "\x00") == count_complaints(complained, "") == 2


def test_a_nul_in_a_lead_search_is_left_out(leads):
    assert found(leads, "餐饮\x00店") == {"branch"} and found(leads, "\x00") == set(leads)


# ---- 4. a --search that is not UTF-8 ----------------------------------------------------------------------------

@pytest.mark.parametrize("command", [("cases", "list"), ("docs", "register")])
def test_a_search_the_terminal_passed_as_other_bytes_is_refused_in_one_line(cli_station, tmp_path, capsys, command):
    from workstation.i18n import _

    station = cli_station(tmp_path / "station", ["init", "--agency", "440605"])
    typed = b"\xff\xfe\xe9\xb8\xbf".decode("utf-8", "surrogateescape")  # as Python holds such an argument
    code, out, err = run(capsys, "--data-dir", station, *command, "--search", typed)
    assert (code, out) == (1, "")
    assert err == "错误：" + _("{field}: {message}").format(field="--search", message=_(
        "the text is not UTF-8 (the terminal sent other bytes): type it again in a terminal set to UTF-8.")) + "\n"
    assert "Traceback" not in "".join(p.read_text(encoding="utf-8") for p in (station / "logs").glob("*.log"))
