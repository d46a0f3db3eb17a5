# ruff: noqa: F811 - the fixtures imported from test_bundle_hq are used by name
"""The exchange page's words and what it tells the window: settling or reopening a conflict marks the statistics
stale (they count the open conflicts); a bundle refused for a withdrawn key or encrypted for another installation is
said with the page's buttons, not commands; at a station the conflicts are with headquarters' values; headquarters
importing its own hand-out is told so; the 导入记录 list says "refused" once."""

from __future__ import annotations

import pytest

from tests.helpers import open_db, run, run_json
from tests.test_bundle_hq import STATIONS, dirs, edit_case, export, import_, take_headquarters_card, template  # noqa: F401
from ui.exchange_page import ExchangePage
from ui.task_runner import ImmediateRunner
from workstation.i18n import _

pytestmark = pytest.mark.gui

NANHAI_CASE = STATIONS["nanhai"][2]


@pytest.fixture
def build(qtbot, prompts):
    """build(data_dir) → (db, page): the exchange page on its own; every connection closed afterwards."""
    opened = []

    def make(data_dir):
        db = open_db(data_dir)
        opened.append(db)
        page = ExchangePage(db, data_dir, prompts, ImmediateRunner())
        qtbot.addWidget(page)
        return db, page

    yield make
    for db in opened:
        db.conn.close()


def _conflict_at_hq(capsys, dirs) -> None:
    """Nanhai sends its case, then both change its 其他个人信息 count: Nanhai's second bundle leaves a conflict at
    headquarters."""
    take_headquarters_card(capsys, dirs, "nanhai")
    export(capsys, dirs, "nanhai", "n1.bundle")
    import_(capsys, dirs, "n1.bundle")
    edit_case(dirs / "hq", NANHAI_CASE, records_other=111)
    edit_case(dirs / "nanhai", NANHAI_CASE, records_other=222)
    export(capsys, dirs, "nanhai", "n2.bundle")
    assert import_(capsys, dirs, "n2.bundle")["conflicts"] == 1


def _conflict_at_nanhai(capsys, dirs) -> None:
    """As ``_conflict_at_hq``, but headquarters' hand-out for Nanhai leaves the conflict at Nanhai."""
    take_headquarters_card(capsys, dirs, "nanhai")
    export(capsys, dirs, "nanhai", "n1.bundle")
    import_(capsys, dirs, "n1.bundle")
    edit_case(dirs / "hq", NANHAI_CASE, records_other=111)
    edit_case(dirs / "nanhai", NANHAI_CASE, records_other=222)
    export(capsys, dirs, "hq", "h1.bundle", "--for", "南海区局")
    assert import_(capsys, dirs, "h1.bundle", at="nanhai")["conflicts"] == 1


def _pump(qtbot) -> None:
    qtbot.wait(10)


def test_keeping_the_local_value_and_undoing_it_mark_the_statistics_stale(capsys, dirs, qtbot, prompts):
    from ui.main_window import MainWindow

    _conflict_at_hq(capsys, dirs)
    db = open_db(dirs / "hq")
    try:
        window = MainWindow(db=db, data_dir=dirs / "hq", runner=ImmediateRunner(), prompts=prompts)
        qtbot.addWidget(window)
        window.show()
        window.show_page(4)
        _pump(qtbot)
        label = window.stats_page.overview.conflicts_label
        assert label.isVisible() and label.text()  # the open conflict is said on the statistics
        window.show_page(5)
        _pump(qtbot)
        page = window.exchange_page
        prompts.confirm_answer = True
        page.conflicts_view.selectRow(0)
        page.resolve(False)  # 保留本地值: no record changes, but the conflict is settled
        assert page.conflicts_model.rowCount() == 0 and prompts.errors == []
        window.show_page(4)
        _pump(qtbot)
        assert not label.isVisible()
        window.show_page(5)
        _pump(qtbot)
        page.reopen()  # undone: the conflict is open again
        assert page.conflicts_model.rowCount() == 1
        window.show_page(4)
        _pump(qtbot)
        assert label.isVisible() and label.text()
        window.close()
    finally:
        db.conn.close()


def test_a_bundle_signed_with_a_withdrawn_key_is_refused_naming_the_trust_button(capsys, dirs, build, prompts):
    from workstation.station import station_named, untrust_station

    db, page = build(dirs / "hq")
    untrust_station(db, station_named(db, "南海区局"), "笔记本遗失")
    export(capsys, dirs, "nanhai", "n1.bundle")
    page.import_bundles([str(dirs / "n1.bundle")])
    assert len(prompts.errors) == 1
    said = prompts.errors[0]
    assert "n1.bundle" in said and "笔记本遗失" in said
    assert f"“{_('Trust a station…')}”" in said and "station trust" not in said
    # the 导入记录 list says the same, and says it was refused once
    row = next(r for r in range(page.imports_model.rowCount()) if page.imports_model.index(r, 1).data() == "n1.bundle")
    result = page.imports_model.index(row, 3).data(3)  # the whole text (the tooltip)
    assert "station trust" not in result and f"“{_('Trust a station…')}”" in result
    assert result.casefold().count(_refused_word()) == 1


def _refused_word() -> str:
    """已拒收, as the 导入记录 list's “已拒收：{reason}” says it."""
    return _("Refused: {reason}").split("{")[0].strip(" :：").casefold()


def _fragments(msgid: str) -> list[str]:
    """The words of ``msgid`` as translated, between its fields."""
    import re

    return [piece.strip() for piece in re.split(r"\{[^}]*\}", _(msgid)) if piece.strip()]


def test_a_bundle_altered_is_listed_as_refused_once(capsys, dirs, build, prompts):
    export(capsys, dirs, "nanhai", "p.bundle", "--all")
    data = bytearray((dirs / "p.bundle").read_bytes())
    data[len(data) // 2] ^= 0x01
    (dirs / "flip.bundle").write_bytes(bytes(data))
    db, page = build(dirs / "hq")
    page.import_bundles([str(dirs / "flip.bundle")])
    assert len(prompts.errors) == 1
    row = next(r for r in range(page.imports_model.rowCount())
               if page.imports_model.index(r, 1).data() == "flip.bundle")
    result = page.imports_model.index(row, 3).data(3)
    assert result.casefold().count(_refused_word()) == 1, result


def test_the_import_list_says_refused_before_a_reason_that_does_not(capsys, dirs, build, prompts):
    db, page = build(dirs / "hq")
    (dirs / "empty.bundle").write_bytes(b"")
    page.import_bundles([str(dirs / "empty.bundle")])
    assert len(prompts.errors) == 1
    row = next(r for r in range(page.imports_model.rowCount())
               if page.imports_model.index(r, 1).data() == "empty.bundle")
    result = page.imports_model.index(row, 3).data(3)
    assert result == _("Refused: {reason}").format(reason=prompts.errors[0])


def test_a_bundle_encrypted_for_another_installation_names_the_set_key_button(capsys, dirs, build, prompts):
    take_headquarters_card(capsys, dirs, "nanhai")
    export(capsys, dirs, "nanhai", "n1.bundle")  # encrypted to headquarters' key
    db, page = build(dirs / "shunde")  # a station that names no headquarters: cannot tell what it is
    page.import_bundles([str(dirs / "n1.bundle")])
    assert len(prompts.errors) == 1
    said = prompts.errors[0]
    assert "n1.bundle" in said and "station headquarters" not in said
    button = _("Set headquarters' key…")
    assert f"“{button}”" in said
    # the command line keeps its own wording
    code, out, err = run(capsys, "--data-dir", dirs / "shunde", "bundle", "import", dirs / "n1.bundle")
    assert code == 1 and "station headquarters" in err


def test_at_a_station_the_conflicts_are_with_headquarters_values(capsys, dirs, build, prompts):
    from PySide6.QtCore import Qt

    _conflict_at_nanhai(capsys, dirs)
    db, page = build(dirs / "nanhai")
    model = page.conflicts_model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert _("Headquarters' value") in headers and _("Station's value") not in headers
    assert page.buttons["take_incoming"].text() == _("Take head&quarters' value")
    prompts.confirm_answer = True
    page.conflicts_view.selectRow(0)
    page.resolve(True)
    question = prompts.confirmations[-1]
    assert "111" in question and "222" in question
    station_words = _fragments("Take the value of station {station} for {kind} {record}, field {field}: "
                               "{station_value} replaces {here} held here?")
    assert not all(f in question for f in station_words)
    assert all(f in question for f in _fragments("Take the value of headquarters {station} for {kind} {record}, field "
                                                 "{field}: {station_value} replaces {here} held here?"))
    note = page.settled_note.text()
    assert "111" in note
    assert all(f in note for f in _fragments("{kind} {record}, field {field}: headquarters' value {station_value} "
                                             "was taken."))
    assert not all(f in note for f in _fragments("{kind} {record}, field {field}: the station's value "
                                                 "{station_value} was taken."))


def test_at_headquarters_the_conflicts_stay_with_the_station_s_values(capsys, dirs, build):
    from PySide6.QtCore import Qt

    _conflict_at_hq(capsys, dirs)
    db, page = build(dirs / "hq")
    model = page.conflicts_model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert _("Station's value") in headers and _("Headquarters' value") not in headers
    assert page.buttons["take_incoming"].text() == _("Take the stati&on's value")


def test_headquarters_importing_its_own_hand_out_is_told_it_is_for_the_station(capsys, dirs, build, prompts):
    take_headquarters_card(capsys, dirs, "nanhai")
    export(capsys, dirs, "nanhai", "n1.bundle")
    import_(capsys, dirs, "n1.bundle")
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "export", "-o", dirs / "h1.bundle", "--for", "南海区局",
             "--plain")
    db, page = build(dirs / "hq")
    page.import_bundles([str(dirs / "h1.bundle")])
    assert len(prompts.errors) == 1
    said = prompts.errors[0]
    assert "南海区局" in said
    assert "佛山市局" not in said  # not: ask headquarters for the hand-out for 佛山市局 (itself)
    code, out, err = run(capsys, "--data-dir", dirs / "hq", "bundle", "import", dirs / "h1.bundle")
    assert code == 1 and "佛山市局" not in err and "南海区局" in err
