"""The 线索 page names a lead whose case was decided on the spot (简易程序, never filed) 已当场处罚, not 已立案: in the
list's status column, the status filter, the summary and the lead's details."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.test_s59_onspot import _decided_from_lead


def test_the_leads_page_says_decided_on_the_spot(db, data_dir, officers, make_window, english):
    lead, _case, _document = _decided_from_lead(db, data_dir, officers)
    page = make_window(db).leads_page
    page.refresh(select=lead)
    row = next(n for n, record in enumerate(page.model.records) if record["id"] == lead)
    status = next(c for c in range(page.model.columnCount()) if page.model.headerData(c, Qt.Orientation.Horizontal) == "Status")
    assert page.model.index(row, status).data() == "Decided on the spot"
    combo = page.lead_filters["status"]
    offered = {combo.itemText(i) for i in range(combo.count())}
    assert "Decided on the spot" in offered and "Case filed" not in offered
    assert "Decided on the spot 1" in page.summary.text()
    assert "Decision: Decided on the spot on 2026-09-25" in page.detail.toPlainText()
