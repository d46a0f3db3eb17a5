# ruff: noqa: F811 - the fixtures imported from test_ui_exchange are used by name
"""A laptop of 1366 × 768 at 125 % with the Windows taskbar (40 px) leaves a window 1093 × 574 logical pixels: the
publication copy's review and the officers' register open within them with their buttons in view; the documents
and exchange pages scroll instead of making the window taller than the screen, and look as before on a large one.
On headquarters' exchange page a refused bundle's result begins with the refusal, whatever its reason says; a
Cancel on one bundle of a batch names it and asks before the others are checked."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QScrollArea

from tests.test_small_screens import LAPTOP, TITLE_BAR, buttons_in_view, centred, fits, laptop  # noqa: F401
from tests.test_ui_exchange import build, dirs, export_from_station, template  # noqa: F401
from tests.test_ui_exchange_batch_order import previews  # noqa: F401
from tests.test_ui_keyboard import active
from ui.task_runner import CancelToken, ImmediateRunner
from workstation.i18n import _, ngettext

pytestmark = pytest.mark.gui

def all_buttons(dialog) -> list[str]:
    return [b.text() for b in dialog.findChild(QDialogButtonBox).buttons() if b.isVisibleTo(dialog)]


# ---- the dialogs

def test_the_publication_copy_s_review_fits_the_laptop_with_save_and_cancel_in_view(qtbot, prompts, laptop):
    from ui.publication_dialog import PublicationDialog
    from workstation.documents.blocks import Document

    text = "\n".join(["当事人于2026年3月在佛山市南海区某某路经营食品，未按规定标示。" * 3] * 60)
    copy = SimpleNamespace(document=SimpleNamespace(values={}), summary=(),
                           decision=Document(title="行政处罚决定书", blocks=()), names=(), text=lambda: text)
    dialog = PublicationDialog(prompts, None, "佛南市监罚〔2026〕9号 行政处罚决定书", copy, lambda names: copy)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    centred(dialog)
    assert fits(dialog), dialog.size()  # it opened 720 × 640
    assert buttons_in_view(dialog) == all_buttons(dialog) and len(all_buttons(dialog)) == 2  # 保存… and 取消


def test_the_officers_register_fits_above_the_taskbar_with_close_in_view(demo_db, make_window, qtbot, laptop,
                                                                        monkeypatch):
    seen = {}

    def looked_at(dialog, *_args) -> int:
        dialog.show()
        qtbot.waitExposed(dialog)
        seen[type(dialog).__name__] = (fits(dialog), dialog.size(), buttons_in_view(dialog), all_buttons(dialog))
        dialog.hide()
        return QDialog.DialogCode.Rejected.value

    monkeypatch.setattr(QDialog, "exec", looked_at)
    monkeypatch.setattr(QDialog, "open", looked_at)
    window = active(qtbot, make_window(demo_db))
    window.move(0, 0)
    window.resize(LAPTOP.width() - 16, LAPTOP.height() - TITLE_BAR)
    window.fill_menus()
    window.findChild(QAction, "officers").trigger()
    fitted, size, in_view, buttons = seen["OfficersDialog"]
    assert fitted, size  # it opened 760 × 560: 关闭 under the taskbar
    assert in_view == buttons


# ---- the pages

def test_the_documents_and_exchange_pages_keep_the_window_within_the_screen_above_the_taskbar(
        demo_db, make_window, qtbot, laptop):
    window = active(qtbot, make_window(demo_db))
    for row in range(6):
        window.go_to_page(row)
        least = max(window.minimumSizeHint().height(), window.minimumHeight())
        # the window's least height, its menu and status bars with it, below its title bar: it was 550 from 文书 on
        assert least + TITLE_BAR <= LAPTOP.height(), (row, least)
    window.resize(LAPTOP.width() - 16, LAPTOP.height() - TITLE_BAR)
    assert fits(window)
    for row in (3, 5):  # their lists no shorter than they may be: what does not fit scrolls into view
        window.go_to_page(row)
        scroll = window.page(row).findChild(QScrollArea, "page_scroll")
        assert scroll is not None and scroll.widgetResizable()
        body = scroll.widget()
        qtbot.waitUntil(lambda body=body, scroll=scroll: body.width() == scroll.viewport().width())
        assert body.height() >= body.minimumSizeHint().height()
        assert scroll.verticalScrollBar().maximum() == body.height() - scroll.viewport().height()


@pytest.mark.parametrize("height", [900, 640])
def test_on_a_larger_screen_the_documents_and_exchange_pages_do_not_scroll(demo_db, make_window, qtbot, height):
    window = active(qtbot, make_window(demo_db))
    window.resize(1280, height)
    for row in (3, 5):
        window.go_to_page(row)
        scroll = window.page(row).findChild(QScrollArea, "page_scroll")
        qtbot.waitUntil(lambda scroll=scroll: scroll.viewport().height() > height - 100)
        assert scroll.viewport().height() > scroll.widget().minimumSizeHint().height()
        # the page fills the window as before, its lists shorter on the shorter one, nothing to scroll
        assert scroll.widget().size() == scroll.viewport().size(), row
        assert scroll.verticalScrollBar().maximum() == 0, row


# ---- the exchange page's import list and a batch cancelled

def _refused_word() -> str:
    return _("Refused: {reason}").split("{")[0].strip(" :：")


@pytest.mark.parametrize("reason", [
    "x.bundle：records/cases.json 中记录 0f4e9a2c-77aa 的字段 fine_fen 的值为 abc，应为整数；案卷包已拒收：请站点重新导出案卷包。",
    "x.bundle was altered after it was encrypted: it is refused; copy it again from the station, or ask it to export "
    "it again.",
    "x.bundle：清单不完整。",
])
def test_a_refused_bundle_s_result_begins_with_the_refusal_and_its_tooltip_holds_the_whole_reason(
        dirs, build, prompts, reason):
    from PySide6.QtCore import Qt

    from workstation.bundle.import_log import record_refusal

    db, page = build(dirs / "hq")
    record_refusal(db, "x.bundle", reason, "南海区局")
    page.refresh()
    model = page.imports_model
    column = next(c for c in range(model.columnCount())
                  if model.headerData(c, Qt.Orientation.Horizontal) == _("Result"))
    shown = model.index(0, column).data()
    word = _refused_word()
    assert shown.startswith(word), shown  # it began “x.bundle：records/cases.json 中记录…”, the refusal cut off
    assert shown.casefold().count(word.casefold()) == 1, shown
    assert model.index(0, column).data(Qt.ItemDataRole.ToolTipRole).casefold().count(word.casefold()) == 1
    assert reason in model.index(0, column).data(Qt.ItemDataRole.ToolTipRole)


class CancelOne(ImmediateRunner):
    """Cancels the merge of ``bundle`` as the officer presses Cancel, once; then answers the question after it with
    ``go_on``. Records the titles of the tasks run."""

    def __init__(self, bundle: str, prompts, go_on: bool):
        super().__init__()
        self.bundle, self.prompts, self.go_on, self.titles = bundle, prompts, go_on, []

    def run(self, title, work, on_done, on_error, parent=None):
        self.titles.append(title)
        self.cancel_token = CancelToken()
        if title == _("Merging {file}").format(file=self.bundle) and not getattr(self, "cancelled", False):
            self.cancelled = True
            self.cancel_token.cancel()
            self.prompts.confirm_answer = self.go_on
        super().run(title, work, on_done, on_error, parent)


def test_a_bundle_cancelled_in_a_batch_is_named_and_the_others_wait_for_the_officer(
        dirs, build, prompts, previews):
    from tests.test_ui_exchange import counts

    export_from_station(dirs, build, prompts, "1.bundle")
    export_from_station(dirs, build, prompts, "2.bundle")
    export_from_station(dirs, build, prompts, "3.bundle")
    runner = CancelOne("1.bundle", prompts, go_on=False)
    db, page = build(dirs / "hq", runner=runner)
    prompts.confirm_answer = True  # the station trusted
    before = counts(db)
    page.import_bundles([str(dirs / name) for name in ("1.bundle", "2.bundle", "3.bundle")])
    notice = _("{file}: cancelled; nothing was changed.").format(file="1.bundle")
    question = prompts.confirmations[-1]
    assert question.startswith(notice)  # it said “已取消，未作任何更改。”, naming no bundle
    assert ngettext("Go on with the remaining {n} bundle?", "Go on with the remaining {n} bundles?", 2).format(n=2) \
        in question
    assert question in prompts.destructive  # No, stop, is the answer Enter gives
    assert prompts.errors == []
    # stopped: the other two neither checked nor merged
    assert _("Checking {file}").format(file="2.bundle") not in runner.titles
    assert _("Checking {file}").format(file="3.bundle") not in runner.titles
    assert counts(db) == before


def test_going_on_after_a_bundle_cancelled_checks_the_others(dirs, build, prompts, previews):
    export_from_station(dirs, build, prompts, "1.bundle")
    runner = CancelOne("1.bundle", prompts, go_on=True)
    db, page = build(dirs / "hq", runner=runner)
    prompts.confirm_answer = True
    page.import_bundles([str(dirs / "1.bundle"), str(dirs / "1.bundle")])  # the same one chosen again
    assert prompts.confirmations[-1].startswith(_("{file}: cancelled; nothing was changed.").format(file="1.bundle"))
    assert ngettext("Go on with the remaining {n} bundle?", "Go on with the remaining {n} bundles?", 1).format(n=1) \
        in prompts.confirmations[-1]
    assert runner.titles.count(_("Merging {file}").format(file="1.bundle")) == 2  # checked and merged after all
    assert db.execute("SELECT COUNT(*) FROM bundle_imports").fetchone()[0] == 1


def test_the_last_bundle_cancelled_is_named_and_nothing_is_asked(dirs, build, prompts, previews):
    export_from_station(dirs, build, prompts, "1.bundle")
    runner = CancelOne("1.bundle", prompts, go_on=True)
    db, page = build(dirs / "hq", runner=runner)
    prompts.confirm_answer = True
    page.import_bundles([str(dirs / "1.bundle")])
    assert prompts.infos[-1] == _("{file}: cancelled; nothing was changed.").format(file="1.bundle")
    assert len(prompts.confirmations) == 1  # the station's trust only
