# ruff: noqa: F811 - the fixtures imported from test_ui_exchange are used by name
"""Headquarters' analyst works down the list of conflicts a merge kept: resolving one chooses the next, so the
buttons stay ready and each conflict is resolved with one click."""

from __future__ import annotations

import pytest

from tests.test_ui_exchange import (  # noqa: F401
    EDITED,
    build,
    dirs,
    edit_case,
    export_from_station,
    merge_through,
    template,
)
from ui.merge_plan_model import field_label

pytestmark = pytest.mark.gui


def test_resolving_a_conflict_chooses_the_next_one(dirs, build, prompts):
    from workstation.store import find_case

    export_from_station(dirs, build, prompts, "one.bundle")
    db, page = build(dirs / "hq")
    prompts.confirm_answer = True
    merge_through(page, dirs / "one.bundle")
    edit_case(dirs / "hq", case=EDITED, fine_fen=610_000, records_other=111, facts="市局认定")
    edit_case(dirs / "station", case=EDITED, fine_fen=620_000, records_other=222, facts="站点认定")
    export_from_station(dirs, build, prompts, "two.bundle")
    merge_through(page, dirs / "two.bundle")
    assert page.conflicts_model.rowCount() == 3
    page.conflicts_view.selectRow(1)
    chosen = page.selected_conflict()
    page.buttons["keep_local"].click()
    assert page.conflicts_model.rowCount() == 2
    assert page.buttons["take_incoming"].isEnabled()
    assert page.selected_conflict() is not None and page.selected_conflict().id != chosen.id
    fields = {page.selected_conflict().field}
    page.buttons["take_incoming"].click()  # the last row was resolved: the one before it is chosen
    remaining = page.selected_conflict()
    assert page.conflicts_model.rowCount() == 1 and remaining is not None
    fields.add(remaining.field)
    page.buttons["keep_local"].click()
    assert page.conflicts_model.rowCount() == 0 and page.selected_conflict() is None
    assert not page.buttons["keep_local"].isEnabled()
    assert prompts.errors == []
    taken = (fields - {remaining.field}).pop()
    case = find_case(db, EDITED)
    values = {"fine_fen": (case.fine_fen, 620_000), "records_other": (case.records_other, 222),
              "facts": (case.facts, "站点认定")}
    assert values[taken][0] == values[taken][1], field_label(taken)
