"""Related complaints in no lead, as an officer and an HQ analyst see them: the statistics say how many of the
complaints about personal information are in leads, the leads page lists the others with why each formed no lead,
and a number written with Chinese dashes groups like any other."""

import csv
import hashlib
import uuid

import pytest

from workstation.screening import screen
from workstation.screening.complaint import RULES_SETTING, rules_for
from workstation.screening.phones import extract_phones
from workstation.screening.rules import shipped_rules_path
from workstation.screening.without_lead import complaints_without_lead, reason_without_lead
from workstation.stats import campaign_stats
from workstation.store.base import set_setting
from workstation.vocabulary import shown_label

NAMELESS = "最近每天都接到推销贷款的骚扰电话，号码每次都不一样，不知道是哪家公司，请求整治。"
OWN = "本人手机13712345678，天天接到推销楼盘的骚扰电话，对方不肯透露号码和公司，要求查处。"
SERVICE = "收到95588发来的贷款营销短信，我从未同意接收，要求查处。"
PORT = "收到1069 0123 4567 8发来的楼盘营销短信，我从未同意接收，退订无效，个人信息被泄露。"
MASKED = "接到138****8000的骚扰电话推销装修，拒绝后仍然继续打，个人信息被泄露，要求查处。"
NAMED = "接到13800138000的骚扰电话推销楼盘，多次拒绝仍继续拨打，要求查处。"


def add(db, rows):
    """Insert complaints (external id, text, complainant's number) as an import stores them before screening."""
    with db.atomic():
        for external_id, text, own in rows:
            db.execute("INSERT INTO complaints (id, source, channel, external_id, received_at, text, complainant_phone, "
                       "created_at) VALUES (?, '12345', '12345', ?, '2026-03-02 10:00:00', ?, ?, "
                       "'2026-03-31T00:00:00+08:00')", [str(uuid.uuid4()), external_id, text, own])


@pytest.fixture
def screened(db):
    add(db, [("N1", NAMED, "13900139000"), ("N2", NAMED.replace("13800138000", "138 0013 8000"), "13900139001"),
             ("A1", NAMELESS, "13600000001"), ("A2", NAMELESS, "13600000002"), ("O1", OWN, "13600000003"),
             ("O2", "接到13600000004打来的骚扰电话推销贷款，个人信息被泄露。", "13600000004"),
             ("S1", SERVICE, "13600000005"), ("S2", PORT, "13600000006"), ("M1", MASKED, "13600000007"),
             ("U1", "宽带经常断网，报修多次仍未解决。", "13600000008")])
    result = screen(db)
    # the SMS port 1069 0123 4567 8 is a lead's number like any other (it names who sent the SMS)
    assert result.related == 9 and sorted(lead["phones"] for lead in result.leads) == [["1069012345678"],
                                                                                       ["13800138000"]]
    return db


def test_each_related_complaint_in_no_lead_is_listed_with_why(screened):
    found = {c.external_id: c.reason for c in complaints_without_lead(screened)}
    assert found == {"A1": "nothing_named", "A2": "nothing_named", "O1": "own_number", "O2": "own_number",
                     "S1": "service_number", "M1": "masked_number"}


def test_a_complaint_naming_a_number_but_not_grouped_yet_says_to_screen_again(db):
    rules = rules_for(db)
    assert reason_without_lead(NAMED, "", "", "13900139000", rules) == "not_grouped"
    assert reason_without_lead(NAMELESS, "", "", "13900139000", rules) == "nothing_named"


def test_the_statistics_say_how_many_related_complaints_are_in_leads(screened, tmp_path):
    from workstation.stats_export import export_statistics

    assert campaign_stats(screened)["complaints"] == {"imported": 10, "related": 9, "in_leads": 3}
    path = tmp_path / "figures.csv"
    export_statistics(screened, path, "csv")
    with path.open(encoding="utf-8-sig") as fh:
        rows = {row[2]: row[3] for row in csv.reader(fh) if row[:1] == ["概况"]}
    assert (rows["涉个人信息投诉（宗）"], rows["其中已归入线索（宗）"], rows["其中未成线索（宗）"]) == ("9", "3", "6")


@pytest.mark.parametrize("written", ["138–0013–8000", "138—0013—8000", "138——0013——8000", "+86 138—0013—8000"])
def test_a_mobile_written_with_chinese_dashes_is_read(written):
    assert extract_phones(f"接到{written}的骚扰电话推销楼盘") == ["13800138000"]


def test_complaints_writing_a_number_with_dashes_join_the_lead_of_that_number(db):
    add(db, [("D1", NAMED, "13900139000"), ("D2", NAMED.replace("13800138000", "138—0013—8000"), "13900139001")])
    result = screen(db)
    assert [sorted(lead["complaint_ids"]) for lead in result.leads] == [["D1", "D2"]]
    assert complaints_without_lead(db) == []


def test_complaints_screened_before_dashes_were_read_are_read_again_by_the_next_screening(db):
    add(db, [("D1", NAMED, "13900139000"), ("D2", NAMED.replace("13800138000", "138—0013—8000"), "13900139001")])
    screen(db)
    # as the older reading left them: the dashed number not found, the rules' digest of the text alone stored
    db.execute("UPDATE complaints SET phones = '', lead_id = NULL WHERE external_id = 'D2'")
    text = shipped_rules_path().read_text(encoding="utf-8")
    set_setting(db, RULES_SETTING, hashlib.sha256(text.encode()).hexdigest())
    assert [c.reason for c in complaints_without_lead(db)] == ["not_grouped"]
    result = screen(db)
    assert [sorted(lead["complaint_ids"]) for lead in result.leads] == [["D1", "D2"]]


def test_the_leads_page_links_to_the_related_complaints_in_no_lead(screened, make_window, english):
    page = make_window(screened).leads_page
    summary = page.summary.text()
    assert "9 of them concern personal information, 3 of those grouped into leads" in summary
    assert "6 related complaints are in no lead" in summary
    page.summary.linkActivated.emit("without_lead")
    assert page.tabs.currentWidget() is page.without_lead
    tab = page.without_lead
    rows = {record.external_id: [tab.model.data(tab.model.index(r, c)) for c in range(tab.model.columnCount())]
            for r, record in enumerate(tab.model.records)}
    assert sorted(rows) == ["A1", "A2", "M1", "O1", "O2", "S1"]
    assert rows["O1"][5] == "Names only the complainant's own number"
    assert rows["O1"][2] == shown_label("lead_sources", "12345") != "12345"
    assert rows["A1"][5] == "Names no number or business: nothing to group it by"
    assert rows["O1"][3] != "13600000003" and "13712345678" not in rows["O1"][6]  # numbers masked
    assert tab.counts.text().startswith("6 complaints concern personal information but are in no lead")
    assert "Names no number or business: nothing to group it by: 2" in tab.counts.text()
    assert "；" not in tab.counts.text() and ": 2; " in tab.counts.text()  # the list separator of the language
    tab.view.selectRow([r.external_id for r in tab.model.records].index("M1"))
    assert "装修" in tab.text.toPlainText()


def test_the_leads_page_reads_the_list_again_after_screening(db, make_window, english):
    page = make_window(db).leads_page
    page.tabs.setCurrentWidget(page.without_lead)
    assert page.without_lead.model.rowCount() == 0
    assert "in no lead" not in page.summary.text()
    add(db, [("A1", NAMELESS, "13600000001")])
    page.screen()
    assert [r.external_id for r in page.without_lead.model.records] == ["A1"]
    assert "1 related complaints are in no lead" in page.summary.text()


def test_the_dashboard_figure_says_how_many_related_complaints_are_in_leads(screened, make_window, english):
    figure = make_window(screened).stats_page.overview.figures["complaints"]
    assert figure.text() == "9 (3)"
    assert figure.toolTip() == ("Of 10 complaints imported, 9 concern personal information (screening); 3 of them "
                                "are grouped into leads. 6 are in no lead: the leads page lists them, with the reason "
                                "for each, under \"Related, yet in no lead\".")
