"""A complaint opened on the complaints tab says where it came from and what became of it, under its text: its
channel with the file and row it was imported from, what screening made of it (not screened yet, not about
personal information, or its category and lead), the same complaint received through another channel, and its row
as imported, the numbers masked until revealed."""

import json

from workstation.screening import screen
from workstation.store.complaints import insert_complaints, set_same_as
from workstation.vocabulary import shown_label

TEXT = "骚扰电话天天打来推销楼盘，号码13800138000"


def complaint(cid, source, number, text, file, row, when="2026-04-01 09:00:00"):
    raw = json.dumps({"工单编号": number, "来电号码": "13900139000", "内容": text}, ensure_ascii=False)
    return (cid, source, number, when, text, raw, file, row, "2026-04-09T00:00:00+08:00", source, "13900139000",
            "", "", "", "", "", "", "", None, None)


def opened(page, query: str, work_order: str) -> list[str]:
    page.tabs.setCurrentIndex(1)
    page.search.setText(query)
    page.run_search()
    rows = [n for n, hit in enumerate(page.complaint_model.records) if hit.external_id == work_order]
    page.complaint_view.selectRow(rows[0])
    return page.complaint_origin.text().splitlines()


def test_an_opened_complaint_shows_its_file_row_screening_other_channel_and_raw_row(db, make_window, english):
    insert_complaints(db, [complaint("id-a", "12345", "W1", TEXT, "12345工单.csv", 7),
                           complaint("id-b", "consumer_council", "C1", TEXT, "消委会.csv", 3),
                           complaint("id-c", "12345", "W2", "小区门口占道经营", "12345工单.csv", 8)])
    set_same_as(db, [("id-b", "id-a")])  # the same complaint sent through both channels, as an import links it
    page = make_window(db).leads_page
    hotline, council = shown_label("lead_sources", "12345"), shown_label("lead_sources", "consumer_council")
    lines = opened(page, "占道", "W2")
    assert lines[:2] == [f"Channel: {hotline}; imported from 12345工单.csv, row 8.", "Screening: not screened yet."]
    screen(db)
    page.refresh()
    assert opened(page, "占道", "W2")[1] == "Screening: not about personal information."
    lines = opened(page, "推销楼盘", "W1")
    lead = db.execute("SELECT l.received_at FROM leads AS l JOIN complaints AS c ON c.lead_id = l.id "
                      "WHERE c.id = 'id-a'").fetchone()
    assert lead is not None  # grouped by the number the text writes
    assert lines[1] == f"Screening: 骚扰电话, in the lead received {lead[0][:10]} (138****8000)."
    assert lines[2] == f"The same complaint came through {council} too: work order C1, 消委会.csv, row 3."
    assert lines[3] == ("Row as imported: 工单编号: W1; 来电号码: 139****9000; "  # the list separator of the language
                        "内容: 骚扰电话天天打来推销楼盘，号码138****8000")
    # seen from the other channel, the link goes the other way
    assert f"The same complaint came through {hotline} too: work order W1, 12345工单.csv, row 7." in opened(
        page, "推销楼盘", "C1")
    assert "13900139000" not in page.complaint_origin.text() and "13800138000" not in page.complaint_origin.text()
    page.complaint_view.actions()[0].trigger()  # 显示完整号码 (audited): the raw row's numbers too
    assert "来电号码: 13900139000" in page.complaint_origin.text() and "13800138000" in page.complaint_origin.text()
    page.search.setText("没有这样的投诉")  # nothing selected: nothing of the last complaint stays below the list
    page.run_search()
    assert page.complaint_origin.text() == ""
