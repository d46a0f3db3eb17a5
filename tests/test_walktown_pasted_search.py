"""What a town office's officer pastes into the search of a lead's complaints (更正筛查结论… with none selected):
a work-order number copied from a WeChat message or an e-mail comes in full-width digits (２０２６…), and a
complaint's text is kept as the caller wrote it, full-width letters included; the search reads both either way."""

from tests.test_complaint_verdict import CALLER, LEAK, LEAK2, add
from tests.test_complaint_verdict import complaint as row_of
from ui.lead_complaint_picker import LeadComplaintPicker
from workstation.screening import screen

WIDE = f"{CALLER}推销ＶＩＰ楼盘，个人信息被泄露。"  # an export's text with full-width letters, as typed by the caller


def test_a_full_width_number_pasted_into_the_picker_finds_the_complaint(db, qtbot, english):
    add(db, [("2026031200045", LEAK), ("2026031200046", LEAK2), ("2026031200047", WIDE)])
    screen(db)
    picker = LeadComplaintPicker(db, row_of(db, "2026031200045")["lead_id"], "pick")
    qtbot.addWidget(picker)
    assert picker.table.rowCount() == 3

    picker.search.setText("２０２６０３１２０００４６")  # as pasted from a WeChat message
    assert [picker.table.item(r, 0).text() for r in range(picker.table.rowCount())] == ["2026031200046"]
    assert picker.chosen()[0]["external_id"] == "2026031200046"

    picker.search.setText("vip")  # the text's full-width ＶＩＰ, typed in ASCII
    assert [picker.table.item(r, 0).text() for r in range(picker.table.rowCount())] == ["2026031200047"]

    picker.search.setText("\u3000２０２６０３１２０００４５\u3000")  # with the message's ideographic spaces
    assert [picker.table.item(r, 0).text() for r in range(picker.table.rowCount())] == ["2026031200045"]
