"""The merge preview opened wide at headquarters: its value columns (本地值, 案卷包中的值, 上次共享的值) take their full
width when the dialog has room, their heads shown whole, instead of staying squeezed to the narrow dialog's
minimum while the record column takes hundreds of pixels it does not need."""

from __future__ import annotations

import pytest

from ui.bundle_dialogs import MergePreviewDialog
from workstation.bundle.merge import Change, FieldChange, MergePlan

pytestmark = pytest.mark.gui


def _plan() -> MergePlan:
    return MergePlan("b1", {"id": "s1", "name": "顺德区局", "fingerprint": "4D6A E8CA"}, "trusted", False,
                     [Change("cases", "c1", "conflict", "佛顺市监立〔2026〕503号",
                             [FieldChange("fine_fen", 1_100_000, 1_200_000, 1_000_000, "conflict")])], [])


@pytest.mark.parametrize("width", [1000, 1400])
def test_a_wide_preview_gives_the_values_their_width_and_shows_their_heads_whole(qtbot, width):
    dialog = MergePreviewDialog(_plan(), "sd-2.bundle", None)
    qtbot.addWidget(dialog)
    dialog.resize(width, 700)
    dialog.show()
    qtbot.waitExposed(dialog)
    tree, header = dialog.tree, dialog.tree.header()
    for column in (2, 3, 4):
        assert tree.columnWidth(column) == dialog.VALUE_WIDTH, column
        assert header.sectionSizeHint(column) <= tree.columnWidth(column), column  # the head is not cut
    # the record column still has what it needs, and the columns fill the tree without scrolling sideways
    assert tree.columnWidth(0) >= dialog._needed_record_width()
    assert sum(tree.columnWidth(c) for c in range(dialog.model.columnCount())) <= tree.viewport().width()


def test_a_narrow_preview_still_narrows_the_values_first(qtbot):
    dialog = MergePreviewDialog(_plan(), "sd-2.bundle", None)
    qtbot.addWidget(dialog)
    dialog.resize(800, 600)
    dialog.show()
    qtbot.waitExposed(dialog)
    tree = dialog.tree
    assert tree.columnWidth(0) >= dialog._needed_record_width()
    assert all(dialog.VALUE_WIDTH_MIN <= tree.columnWidth(c) < dialog.VALUE_WIDTH for c in (2, 3, 4))
