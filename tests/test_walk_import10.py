"""What an officer met importing a hotline workbook and a consumer-council CSV through the wizard and working the
leads: a 合计 row under an export whose text column comes first, the wizard's note of what is still to choose, the
bureau offered first when assigning a lead, a local number followed by 天天."""

import csv

import pytest

from tests.helpers import undecided_lead
from workstation.importing.complaints import import_complaints
from workstation.screening.phones import extract_phones, written_phones

# a council export whose columns come in an order of its own: the complaint text first, then the number, the id…
COUNCIL_TEXT_FIRST = [
    ["佛山市消费者委员会投诉登记表", "", "", "", ""],
    [],
    ["投诉内容", "联系电话", "投诉编号", "被投诉方", "投诉时间"],
    ["频繁接到推销房产的骚扰电话，号码13512345678", "13800138000", "TS001", "", "2026-03-05 14:22:10"],
    ["共计收到营销短信十余条，要求查处", "13900139000", "TS002", "", "2026/3/6 9:05"],
    ["合计", "共2件", "", "", ""],
]


def write_csv(path, rows, encoding="gb18030"):
    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def test_a_total_row_under_an_export_whose_text_comes_first_is_not_a_complaint(db, tmp_path):
    path = write_csv(tmp_path / "消委会投诉.csv", COUNCIL_TEXT_FIRST)
    result = import_complaints(db, [path])
    assert (result.rows, result.imported, result.errors) == (2, 2, [])
    texts = [r[0] for r in db.execute("SELECT text FROM complaints ORDER BY source_row")]
    # a complaint that starts with 共计 but writes its number and time stays a complaint
    assert texts == ["频繁接到推销房产的骚扰电话，号码13512345678", "共计收到营销短信十余条，要求查处"]

    again = import_complaints(db, [path])  # the same file once more: nothing new
    assert (again.imported, again.duplicates) == (0, 2)
    assert db.execute("SELECT COUNT(*) FROM complaints").fetchone()[0] == 2


def test_a_complaint_starting_with_a_total_word_without_an_id_keeps_its_time(db, tmp_path):
    rows = [["投诉内容", "联系电话", "投诉时间"], ["总计被骚扰三十多次", "13800138000", "2026-03-05 14:22:10"],
            ["合计", "", ""]]
    result = import_complaints(db, [write_csv(tmp_path / "c.csv", rows)])
    assert (result.rows, result.imported) == (1, 1)
    assert db.execute("SELECT text FROM complaints").fetchone()[0] == "总计被骚扰三十多次"


@pytest.mark.parametrize("text", ["83331234天天打来推销", "0757-83331234天天打来推销", "电话8333 1234天天打过来"])
def test_a_local_number_followed_by_tiantian_is_a_phone(text):
    assert extract_phones(text) == ["075783331234"]
    assert [n for _s, _e, n in written_phones(text)] == ["075783331234"]


@pytest.mark.parametrize("text", ["已经等了30天还没处理", "拖了12345678天", "欠款83331234元天天催", "共83331234条"])
def test_durations_amounts_and_counts_are_still_no_phone(text):
    assert extract_phones(text) == [] and written_phones(text) == []


class PromptsSeeingTheDefault:
    """Scripted prompts that also note which item a drop-down list offered first, and answer with it."""

    def __init__(self, prompts):
        self.prompts, self.defaults = prompts, []

    def choose_item(self, parent, title, label, items, current=0):
        self.defaults.append(items[current])
        return current

    def __getattr__(self, name):
        return getattr(self.prompts, name)


def test_assigning_a_lead_offers_the_bureau_of_its_district_first(demo_db, make_window, prompts):
    from workstation.store import agency_by_code

    lead = (demo_db.execute("SELECT id FROM leads ORDER BY received_at LIMIT 1").fetchone()[0], "顺德区")
    # a lead screened from complaints naming 顺德区, not yet assigned (the bureaus' list starts with 禅城区's)
    undecided_lead(demo_db, lead[0])
    demo_db.execute("UPDATE leads SET district = ? WHERE id = ?", [lead[1], lead[0]])
    page = make_window(demo_db).leads_page
    page.prompts = seeing = PromptsSeeingTheDefault(prompts)
    page.select(lead[0])
    prompts.confirm_answers = [True]  # assigned after its verification period ended (the demo's leads are old): yes
    page.assign()  # the officer presses Enter on the list as it opens
    bureau = demo_db.execute("SELECT id, name FROM agencies WHERE level = 'district' AND district = ?",
                             [lead[1]]).fetchone()
    assert seeing.defaults == [bureau[1]]
    assert demo_db.execute("SELECT agency_id FROM leads WHERE id = ?", [lead[0]]).fetchone()[0] == bureau[0]

    office = agency_by_code(demo_db, "440604012")  # reassigned to a town office: that office is offered next time
    demo_db.execute("UPDATE leads SET agency_id = ? WHERE id = ?", [office.id, lead[0]])
    page.refresh(select=lead[0])
    page.assign()
    assert seeing.defaults[-1] == office.name


def test_a_lead_pane_says_why_it_shows_more_complaints_than_the_list_counts(db, make_window, tmp_path, english):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    import make_complaints

    hotline, council = tmp_path / "12345.xlsx", tmp_path / "council.csv"
    make_complaints.write_hotline_xlsx(hotline, 200, seed=7, answers=False)
    make_complaints.write_council_csv(council, 200, seed=7, encoding="gb18030", answers=False)
    page = make_window(db).leads_page
    page.run_import([str(hotline), str(council)])
    lead = db.execute("SELECT l.id, l.complaint_count, COUNT(c.id) FROM leads l JOIN complaints c ON c.lead_id = l.id "
                      "GROUP BY l.id HAVING COUNT(c.id) > l.complaint_count LIMIT 1").fetchone()
    assert lead is not None  # a complaint sent through both channels is counted once in the list
    page.select(lead[0])
    row = page.model.records.index(page.selected())
    assert page.model.data(page.model.index(row, 4)) == str(lead[1])
    said = page.complaints_shown.text()
    assert said == (f"Complaints shown: {lead[2]} of {lead[2]}; {lead[2] - lead[1]} of them repeat a complaint "
                    f"received through another channel, so the lead counts {lead[1]}.")
