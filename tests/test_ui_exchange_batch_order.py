# ruff: noqa: F811 - the fixtures imported from test_ui_exchange are used by name
"""Headquarters' analyst chooses several bundles of one station at once, in whatever order the file dialog gives
them: a bundle whose earlier one comes later in the same batch is tried again after the others instead of being
refused, the station is trusted once, and a bundle whose earlier one is really missing is still refused once with
nothing changed."""

from __future__ import annotations

import pytest

from PySide6.QtWidgets import QDialog

from tests.test_ui_exchange import EDITED, build, counts, dirs, edit_case, export_from_station, template  # noqa: F401
from ui.bundle_dialogs import MergePreviewDialog
from workstation.i18n import _

pytestmark = pytest.mark.gui


@pytest.fixture
def previews(monkeypatch):
    """The names of the bundles whose preview opened; each preview is accepted (Merge)."""
    opened: list[str] = []

    def accept(dialog):
        opened.append(dialog.windowTitle())
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(MergePreviewDialog, "exec", accept)
    return opened


def _fine(db) -> int:
    from workstation.store import find_case

    return find_case(db, EDITED).fine_fen


def three_bundles_then_hq(dirs, build, prompts, middle: str):
    """The station exports 1.bundle, ``middle`` and 3.bundle, its fine changed before each of the later two
    (777,700 then 888,800 fen); then headquarters' (db, page), which trusts the station when asked."""
    export_from_station(dirs, build, prompts, "1.bundle")
    edit_case(dirs / "station", case=EDITED, fine_fen=777_700)
    export_from_station(dirs, build, prompts, middle)
    edit_case(dirs / "station", case=EDITED, fine_fen=888_800)
    export_from_station(dirs, build, prompts, "3.bundle")
    db, page = build(dirs / "hq")
    prompts.confirm_answer = True
    return db, page


def test_bundles_of_one_station_chosen_latest_first_are_all_merged_in_their_order(dirs, build, prompts, previews):
    db, page = three_bundles_then_hq(dirs, build, prompts, "2.bundle")
    page.import_bundles([str(dirs / name) for name in ("3.bundle", "2.bundle", "1.bundle")])
    assert prompts.errors == []
    assert len(prompts.confirmations) == 1 and "南海区局" in prompts.confirmations[0]  # trusted once
    assert [page.imports_model.records[r]["file_name"] for r in range(page.imports_model.rowCount())] == \
        ["3.bundle", "2.bundle", "1.bundle"]  # newest first: merged 1, 2, 3
    assert len(previews) == 3 and _fine(db) == 888_800


def test_a_bundle_whose_earlier_one_is_not_in_the_batch_is_still_refused_once(dirs, build, prompts, previews):
    db, page = three_bundles_then_hq(dirs, build, prompts, "lost.bundle")
    page.import_bundles([str(dirs / "1.bundle")])
    fine, before = _fine(db), counts(db)
    page.import_bundles([str(dirs / "3.bundle"), str(dirs / "1.bundle")])
    assert prompts.infos[-1] == _("{file} was already imported; nothing changes.").format(file="1.bundle")
    assert len(prompts.errors) == 1 and prompts.errors[0].startswith("3.bundle")
    assert f"“{_('Everything')}”" in prompts.errors[0]
    assert counts(db) == before and _fine(db) == fine
    # the merged 1.bundle, and 3.bundle listed once as refused (the import log keeps refusals apart from the data)
    assert sorted(page.imports_model.records[r]["file_name"] for r in range(page.imports_model.rowCount())) == \
        ["1.bundle", "3.bundle"]
