# ruff: noqa: F811 - the fixtures imported from test_bundle_hq are used by name
"""The exchange page's number blocks (号段) tab after merging headquarters' hand-out that withdraws a block: the
block is gone from the list at once, and the preview said it was withdrawn where the bundle was made."""

from __future__ import annotations

import pytest

from tests.helpers import beijing_year, open_db, run_json
from tests.test_bundle_hq import dirs, export, import_, take_headquarters_card, template  # noqa: F401
from tests.test_number_blocks_withdraw import _numbers, _station_id
from tests.test_ui_exchange import ModalAnswer, _children_by_status, ok_button
from ui.bundle_dialogs import MergePreviewDialog
from ui.exchange_page import ExchangePage
from ui.task_runner import ImmediateRunner

pytestmark = pytest.mark.gui
YEAR = beijing_year()


def test_the_blocks_tab_drops_a_block_headquarters_withdrew_once_its_hand_out_is_merged(capsys, dirs, qtbot,
                                                                                          prompts, english):
    take_headquarters_card(capsys, dirs)
    shunde = _station_id(capsys, dirs / "shunde")
    for first, last in ((1, 50), (51, 100)):
        run_json(capsys, "--data-dir", dirs / "hq", *_numbers("allocate", "440606", "处", first, last),
                 "--station", shunde)
    export(capsys, dirs, "hq", "h1.bundle", "--all")
    import_(capsys, dirs, "h1.bundle", at="shunde")
    run_json(capsys, "--data-dir", dirs / "hq", *_numbers("withdraw", "440606", "处", 1, 50))
    export(capsys, dirs, "hq", "h2.bundle", "--all")
    db = open_db(dirs / "shunde")
    try:
        page = ExchangePage(db, dirs / "shunde", prompts, ImmediateRunner())
        qtbot.addWidget(page)
        assert page.blocks_model.rowCount() == 2
        seen: dict = {}

        def merge(dialog):
            model = dialog.model
            seen["blocks"] = _children_by_status(model, "number_blocks")
            table = next(model.index(r, 0) for r in range(model.rowCount())
                         if model.root.children[r].table == "number_blocks")
            seen["results"] = [model.index(r, 1, table).data() for r in range(model.rowCount(table))]
            ok_button(dialog).click()

        answer = ModalAnswer(MergePreviewDialog, merge)
        page.import_bundles([str(dirs / "h2.bundle")])
        answer.check()
        assert prompts.errors == []
        assert seen["blocks"]["deleted"] == [f"处〔{YEAR}〕1–50"]
        assert "－ Withdrawn where the bundle was made" in seen["results"]
        assert [(r["from"], r["to"]) for r in page.blocks_model.records] == [(51, 100)]
    finally:
        db.conn.close()
