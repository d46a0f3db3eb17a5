"""The stop read's finding on the 备份 dialog's folder label (sr_D): what it paints is what ``shown_text`` says it
shows — one elide computation, so that a test reading ``shown_text`` reads what the officer sees."""

from __future__ import annotations

import pytest

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPainter

from ui.backup_dialogs import FolderLabel

pytestmark = pytest.mark.gui

PATH = r"E:\移动硬盘\佛山市南海区市场监督管理局桂城市场监督管理所\案件管理工作站备份\每日备份"


def painted(label: FolderLabel) -> QImage:
    return label.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def drawn(label: FolderLabel, text: str) -> QImage:
    """``text`` drawn as the label draws a path too long for it, on its background."""
    image = QImage(label.size(), QImage.Format.Format_RGB32)
    image.fill(label.palette().color(label.backgroundRole()))
    painter = QPainter(image)
    painter.setFont(label.font())
    painter.setPen(label.palette().color(label.foregroundRole()))
    painter.drawText(label.contentsRect(), int(label.alignment()), text)
    painter.end()
    return image


class ShortenedAtTheEnd(FolderLabel):
    """A label whose shortening differs from the middle one: what it paints follows ``shown_text``."""

    def shown_text(self) -> str:
        return self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, self.contentsRect().width())


@pytest.mark.parametrize("kind", [FolderLabel, ShortenedAtTheEnd])
def test_a_long_folder_paints_what_shown_text_says(qtbot, kind):
    label = kind()
    qtbot.addWidget(label)
    label.setText(PATH)
    label.resize(label.fontMetrics().horizontalAdvance("国") * 10, label.sizeHint().height())
    shown = label.shown_text()
    assert shown != PATH and "…" in shown
    assert painted(label) == drawn(label, shown)
    assert painted(label) != drawn(label, PATH)


def test_a_folder_with_room_is_shown_whole(qtbot):
    label = FolderLabel()
    qtbot.addWidget(label)
    label.setText(r"E:\备份")
    label.resize(label.fontMetrics().horizontalAdvance(label.text()) * 3, label.sizeHint().height())
    assert label.shown_text() == label.text()
