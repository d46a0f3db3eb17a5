"""Complaints whose export gave the date only show that date, no made-up 00:00 time: in the complaint search list
and in the selected lead's pane; a complaint received at a time keeps it."""

from workstation.importing.complaints import import_complaints
from workstation.screening import screen


def test_a_date_only_complaint_shows_its_date_alone(db, make_window, data_dir, english):
    export = data_dir / "消委会投诉.csv"
    export.write_text("投诉编号,投诉时间,联系电话,投诉内容\n"
                      "D1,2026-03-05,13900139001,号码83331234天天打电话推销楼盘，骚扰不断\n"
                      "D2,2026-03-06 14:22:10,13900139002,号码83331234又打来推销楼盘，骚扰电话\n",
                      encoding="utf-8")
    import_complaints(db, [export])
    screen(db)
    lead_id = db.execute("SELECT lead_id FROM complaints WHERE external_id = 'D1'").fetchone()[0]
    page = make_window(db).leads_page
    page.refresh(select=lead_id)
    lines = {line.split("  ")[1]: line for line in page.detail.toPlainText().splitlines() if "  D" in line}
    assert lines["D1"].startswith("2026-03-05  D1  ") and "00:00" not in lines["D1"]
    assert lines["D2"].startswith("2026-03-06 14:22:10  D2  ")
    page.tabs.setCurrentIndex(1)
    page.search.setText("推销楼盘")
    page.run_search()
    model = page.complaint_model
    shown = {model.records[row].external_id: model.index(row, 0).data() for row in range(model.rowCount())}
    assert shown == {"D1": "2026-03-05", "D2": "2026-03-06 14:22"}
