"""The complaint list marks every occurrence of every word of the search, as the pane below does, by painting them
highlighted (``MarkedTextDelegate``), never by writing 【】 into the complaint's text."""

from PySide6.QtGui import QColor

from tests.helpers import insert_complaint_texts
from ui.marked_text import MARK_BACKGROUND, MARKS_ROLE, MarkedTextDelegate

TEXT = "推销电话天天打来，电话里说是装修公司，又推销楼盘"


def highlighted_pixels(view) -> int:
    image = view.viewport().grab().toImage()
    mark = QColor(MARK_BACKGROUND).rgb()
    return sum(1 for y in range(0, image.height(), 2) for x in range(0, image.width(), 2) if image.pixel(x, y) == mark)


def test_every_word_is_marked_in_the_list_as_in_the_pane_without_brackets(db, make_window, qtbot):
    import re

    insert_complaint_texts(db, [("W1", "13900139001", TEXT)])
    page = make_window(db).leads_page
    page.search.setText("推销 电话")
    page.run_search()
    index = page.complaint_model.index(0, 3)
    cell, marks = page.complaint_model.data(index), page.complaint_model.data(index, MARKS_ROLE)
    assert cell == TEXT and "【" not in cell and "】" not in cell  # the complaint's own text, nothing added
    assert [cell[a:b] for a, b in marks] == ["推销电话", "电话", "推销"]  # each occurrence of each word
    page.complaint_view.selectRow(0)
    in_pane = re.findall(r"background-color:#fff3cd;\">([^<]*)<", page.snippet.toHtml())
    assert in_pane == [cell[a:b] for a, b in marks]  # the list marks what the pane marks
    page.complaint_view.clearSelection()
    page.complaint_view.setCurrentIndex(page.complaint_model.index(-1, -1))
    view = page.complaint_view
    assert isinstance(view.itemDelegateForColumn(3), MarkedTextDelegate)
    view.resize(900, 300)
    view.setColumnWidth(3, 500)
    assert highlighted_pixels(view) > 0  # the marks are painted
    page.search.setText("不存在的内容")
    page.run_search()
    assert page.complaint_model.rowCount() == 0 and highlighted_pixels(view) == 0
