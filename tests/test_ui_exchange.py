"""The exchange page as an officer uses it: export a bundle at a station through the dialog, import it at
headquarters (trust the station on its fingerprint, preview, merge), import it again, resolve a conflict,
and see a tampered bundle refused with nothing changed."""

from __future__ import annotations

import shutil
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLabel

from tests.helpers import CASE, copy_station_and_hq, open_db
from ui.bundle_dialogs import ExportDialog, MergePreviewDialog
from ui.exchange_page import ExchangePage
from ui.merge_plan_model import MergePlanModel, field_label
from ui.task_runner import ImmediateRunner, TaskRunner
from workstation.i18n import _
from workstation.money import figures

pytestmark = pytest.mark.gui



@pytest.fixture(scope="module")
def template(station_and_hq_template):
    """A Nanhai station with the demo, an empty headquarters, and both station cards; copied for each test."""
    return station_and_hq_template()


@pytest.fixture
def dirs(template, tmp_path):
    return copy_station_and_hq(template, tmp_path)


@pytest.fixture
def build(qtbot, prompts):
    """build(data_dir, window=False, runner=None) → (db, page): the exchange page on its own, or inside a main
    window; every connection is closed afterwards."""
    opened = []

    def make(data_dir: Path, window: bool = False, runner=None):
        db = open_db(data_dir)
        opened.append(db)
        runner = runner or ImmediateRunner()
        if window:
            from ui.main_window import MainWindow

            main_window = MainWindow(db=db, data_dir=data_dir, runner=runner, prompts=prompts)
            qtbot.addWidget(main_window)
            main_window.navigation.setCurrentRow(5)
            return db, main_window
        page = ExchangePage(db, data_dir, prompts, runner)
        qtbot.addWidget(page)
        return db, page

    yield make
    for db in opened:
        db.conn.close()


class ModalAnswer:
    """Answers the next modal dialog of type ``kind`` by running ``act`` on it; a dialog left open is rejected so
    a failing test never hangs, and ``check`` raises what went wrong (or that no such dialog opened)."""

    def __init__(self, kind, act):
        self.kind, self.act = kind, act
        self.done, self.error, self.tries, self.stopped = False, None, 0, False
        QTimer.singleShot(0, self._handle)

    def _handle(self) -> None:
        if self.stopped:
            return
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, self.kind):  # not open yet, or a progress dialog still showing
            self.tries += 1
            if self.tries < 500:
                QTimer.singleShot(20, self._handle)
            return
        try:
            self.act(dialog)
            self.done = True
        except BaseException as exc:  # noqa: BLE001 - raised again by check() on the test's own stack
            self.error = exc
        finally:
            if dialog.isVisible():
                self.close(dialog)

    @staticmethod
    def close(dialog) -> None:
        """Reject ``dialog``, answering yes when it asks whether to drop what was chosen in it ("放弃所做的修改吗？",
        once cases are ticked), so that a failed step never leaves it open and the test hanging."""
        prompts = getattr(dialog, "prompts", None)
        if prompts is not None and hasattr(prompts, "confirm_answer"):
            before, prompts.confirm_answer = prompts.confirm_answer, True
            try:
                dialog.reject()
            finally:
                prompts.confirm_answer = before
        else:
            dialog.reject()
        if dialog.isVisible():  # asked some other way: close it past the question
            QDialog.reject(dialog)

    def check(self) -> None:
        self.stopped = True
        if self.error is not None:
            raise self.error
        assert self.done, "the dialog did not open"


def ok_button(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def export_from_station(dirs, build, prompts, name="one.bundle", **options):
    """Write a bundle at the station through its page (without the dialog)."""
    db, page = build(dirs / "station")
    page.run_export(str(dirs / name), **options)
    assert prompts.errors == []
    return dirs / name


def merge_next(seen: dict | None = None):
    """A ModalAnswer that merges the previewed bundle, keeping the plan in ``seen``."""

    def merge(dialog):
        if seen is not None:
            seen["plan"] = dialog.plan
            seen["dialog_cases"] = _children_by_status(dialog.model, "cases")
        ok_button(dialog).click()

    return ModalAnswer(MergePreviewDialog, merge)


def merge_through(page, bundle) -> None:
    """Open ``bundle`` on the exchange page and merge it from its preview."""
    answer = merge_next()
    page.import_bundles([str(bundle)])
    answer.check()


def _children_by_status(model: MergePlanModel, table: str) -> dict[str, list[str]]:
    tables = {model.root.children[r].table: model.index(r, 0) for r in range(model.rowCount())}
    parent = tables[table]
    result: dict[str, list[str]] = {}
    for row in range(model.rowCount(parent)):
        status = model.data(model.index(row, 0, parent), Qt.ItemDataRole.UserRole)
        result.setdefault(status, []).append(model.index(row, 0, parent).data())
    return result


def counts(db) -> dict[str, int]:
    return {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
            for t in ("cases", "parties", "audit", "bundle_imports", "stations", "conflicts", "sync_base")}


#: a demo case performed, not closed, whose fine and record counts are edited on either side to make a conflict (a
#: closed case such as CASE keeps its figures and cause, ``cases.closed_figures_errors``)
EDITED = "佛南市监立〔2026〕7号"


def edit_case(data_dir: Path, case: str = CASE, **fields) -> None:
    from workstation.store import find_case, update_case

    db = open_db(data_dir)
    update_case(db, replace(find_case(db, case), **fields))
    db.conn.close()


def test_this_station_card_is_written_with_the_fingerprint_shown(dirs, build, prompts):
    from workstation.station import read_card

    db, page = build(dirs / "station")
    prompts.files.append(str(dirs / "mine.card"))
    page.buttons["export_card"].click()
    assert prompts.errors == []
    card = read_card(dirs / "mine.card")
    assert card["name"] == "南海区局" and card["fingerprint"] == page.station_fingerprint.text()
    assert card["fingerprint"] in prompts.infos[-1]
    assert page.stations_model.rowCount() == 1 and page.stations_model.index(0, 0).data() == _("This station")


def test_the_station_is_named_and_placed_in_its_agency(dirs, build, prompts):
    from workstation.station import this_station
    from workstation.store import list_agencies

    db, page = build(dirs / "station")
    fingerprint = page.station_fingerprint.text()
    shunde = next(i for i, a in enumerate(list_agencies(db)) if a.code == "440606")
    prompts.texts.append("  顺德区局大良所  ")
    prompts.choices.append(shunde)
    page.buttons["rename_station"].click()
    station = this_station(db)
    assert (station.name, station.agency_id) == ("顺德区局大良所", list_agencies(db)[shunde].id)
    assert page.station_name.text() == "顺德区局大良所" and "440606" in page.station_agency.text()
    assert station.fingerprint == fingerprint  # renaming keeps the key headquarters trusts
    prompts.texts.append("   ")
    page.buttons["rename_station"].click()
    assert prompts.errors and this_station(db).name == "顺德区局大良所"


# export ----------------------------------------------------------------------------------------------------
def test_export_through_the_dialog_writes_a_signed_bundle_of_every_case(dirs, build, prompts, qtmodeltester):
    from workstation.bundle import verify_bundle

    db, page = build(dirs / "station")
    assert page.station_name.text() == "南海区局"
    fingerprint = page.station_fingerprint.text()
    assert len(fingerprint.split()) == 5 and page.station_fingerprint.font().pointSize() >= 16
    assert "440605" in page.station_agency.text()
    out = dirs / "out" / "南海.bundle"
    out.parent.mkdir()  # the save dialog chooses a folder that is there (a missing one is refused)
    prompts.files.append(str(out))
    prompts.choices.append(1)  # no headquarters' key: "Export unencrypted" when asked
    seen = {}

    def export(dialog):
        seen["default"] = dialog.path_edit.placeholderText()
        assert dialog.scope_changed.isChecked() and "36" in dialog.scope_changed.text()
        assert not dialog.encrypt_box.isEnabled() and not dialog.encrypt_box.isChecked()  # no HQ key set
        ok_button(dialog).click()  # no file chosen yet: the save prompt asks for one

    answer = ModalAnswer(ExportDialog, export)
    page.buttons["export_bundle"].click()
    answer.check()
    assert seen["default"].startswith("案卷包-南海区局-20") and seen["default"].endswith(".bundle")
    assert prompts.errors == []
    assert out.exists() and str(out) in prompts.infos[-1]
    hq = open_db(dirs / "hq")
    try:
        checked = verify_bundle(hq, dirs / "hq", out)
    finally:
        hq.conn.close()
    assert checked["cases"] == 36 and checked["station"]["fingerprint"] == fingerprint and not checked["trusted"]
    qtmodeltester.check(page.exports_model)
    assert page.exports_model.rowCount() == 1
    assert page.exports_model.index(0, 2).data() == "36" and page.exports_model.index(0, 5).data() == str(out)


def test_export_of_chosen_cases_holds_only_them(dirs, build, prompts):
    from workstation.bundle import verify_bundle
    from workstation.store import find_case

    db, page = build(dirs / "station")
    prompts.files.append(str(dirs / "two.bundle"))
    prompts.choices.append(1)  # no headquarters' key: "Export unencrypted" when asked

    def choose(dialog):
        assert not ok_button(dialog).isEnabled() or not dialog.scope_cases.isChecked()
        dialog.choose_cases([find_case(db, CASE).id])
        dialog.search.setText("佛南市监立〔2026〕2号")
        assert dialog.cases.count() == 1
        dialog.cases.item(0).setCheckState(Qt.CheckState.Checked)
        assert dialog.chosen_label.text() == _("{n} cases chosen").format(n=2)
        ok_button(dialog).click()

    answer = ModalAnswer(ExportDialog, choose)
    page.export_action.trigger()
    answer.check()
    assert verify_bundle(None, dirs / "hq", dirs / "two.bundle")["cases"] == 2


def test_a_failed_step_in_the_export_dialog_with_cases_ticked_still_closes_it(qtbot, dirs, build, prompts):
    from workstation.bundle.writer import last_export
    from workstation.station import headquarters, this_station
    from workstation.store import find_case

    db, page = build(dirs / "station")
    dialog = ExportDialog(db, prompts, this_station(db).name, headquarters(db), last_export(db), page)

    def tick_then_fail(dialog):
        dialog.choose_cases([find_case(db, CASE).id])
        raise AssertionError("a step of the test failed")

    answer = ModalAnswer(ExportDialog, tick_then_fail)
    dialog.open()
    qtbot.waitUntil(lambda: answer.error is not None)
    assert not dialog.isVisible()  # the question was answered: nothing left open to hang the test
    assert prompts.confirmations == [_("Discard the changes you made?")] and prompts.confirm_answer is False
    with pytest.raises(AssertionError, match="a step of the test failed"):
        answer.check()


def test_export_runs_on_the_thread_pool(qtbot, dirs, build, prompts):
    runner = TaskRunner()
    db, page = build(dirs / "station", runner=runner)
    with qtbot.waitSignal(runner.task_finished, timeout=60000):
        page.run_export(str(dirs / "threaded.bundle"), everything=True)
    runner.wait()
    assert prompts.errors == [] and (dirs / "threaded.bundle").exists()
    assert page.exports_model.rowCount() == 1


# import ----------------------------------------------------------------------------------------------------
def test_import_plans_and_merges_on_the_thread_pool(qtbot, dirs, build, prompts):
    from workstation.store import count_cases

    bundle = export_from_station(dirs, build, prompts)
    runner = TaskRunner()
    db, page = build(dirs / "hq", runner=runner)
    prompts.confirm_answer = True
    answer = merge_next()
    page.import_bundles([str(bundle)])
    qtbot.waitUntil(lambda: page.imports_model.rowCount() == 1 or bool(prompts.errors), timeout=60000)
    runner.wait()
    answer.check()
    assert prompts.errors == [] and count_cases(db) == 36


def test_headquarters_trusts_the_station_previews_and_merges_then_a_second_import_changes_nothing(
        dirs, build, prompts, qtmodeltester, monkeypatch):
    from workstation.store import count_cases

    bundle = export_from_station(dirs, build, prompts)
    station_fingerprint = build(dirs / "station")[1].station_fingerprint.text()
    db, window = build(dirs / "hq", window=True)
    page = window.exchange_page
    assert window.stack.currentWidget() is page
    prompts.files.append(str(bundle))
    prompts.confirm_answer = True
    seen = {}
    answer = merge_next(seen)
    page.buttons["import_bundle"].click()
    answer.check()
    assert prompts.errors == []
    assert len(prompts.confirmations) == 1
    assert "南海区局" in prompts.confirmations[0] and station_fingerprint in prompts.confirmations[0]
    assert len(seen["dialog_cases"]["new"]) == 36 and set(seen["dialog_cases"]) == {"new"}
    assert CASE in seen["dialog_cases"]["new"]
    qtmodeltester.check(MergePlanModel(seen["plan"]))
    assert count_cases(db) == 36
    assert window.case_list.model.rowCount() == 36  # the window reloaded its list after the merge
    assert page.imports_model.rowCount() == 1
    assert page.imports_model.index(0, 1).data() == "one.bundle" and page.imports_model.index(0, 2).data() == "南海区局"
    roles = {page.stations_model.records[r].name: page.stations_model.records[r].role
             for r in range(page.stations_model.rowCount())}
    assert roles == {"佛山市局": "self", "南海区局": "trusted"}

    before = counts(db)
    opened = []
    monkeypatch.setattr(MergePreviewDialog, "exec", lambda self: opened.append(self) or 0)
    prompts.files.append(str(bundle))
    page.buttons["import_bundle"].click()
    assert opened == [] and prompts.errors == []
    assert prompts.infos[-1] == _("{file} was already imported; nothing changes.").format(file="one.bundle")
    assert counts(db) == before
    assert page.imports_model.rowCount() == 1


def test_refusing_to_trust_the_station_or_cancelling_the_preview_changes_nothing(dirs, build, prompts):
    bundle = export_from_station(dirs, build, prompts)
    db, page = build(dirs / "hq")
    before = counts(db)
    prompts.confirm_answer = False
    page.import_bundles([str(bundle)])
    assert len(prompts.confirmations) == 1 and counts(db) == before
    prompts.confirm_answer = True
    answer = ModalAnswer(MergePreviewDialog, lambda dialog: dialog.buttons.button(
        QDialogButtonBox.StandardButton.Cancel).click())
    page.import_bundles([str(bundle)])
    answer.check()
    assert counts(db) == before  # not even the trust: it is recorded by the merge
    assert page.imports_model.rowCount() == 0


def test_a_station_trusted_from_its_card_imports_an_encrypted_bundle_without_asking(dirs, build, prompts):
    db_station, station = build(dirs / "station")
    prompts.files.append(str(dirs / "hq.card"))
    prompts.confirm_answer = True
    station.buttons["set_headquarters"].click()
    assert prompts.errors == [] and "佛山市局" in prompts.confirmations[-1]
    assert "佛山市局" in station.hq_status.text()
    seen = {}

    def export(dialog):
        seen["encrypt"] = dialog.encrypt_box.isEnabled() and dialog.encrypt_box.isChecked()
        dialog.path_edit.setText(str(dirs / "sealed.bundle"))
        ok_button(dialog).click()

    answer = ModalAnswer(ExportDialog, export)
    station.export_bundle()
    answer.check()
    assert seen["encrypt"] and (dirs / "sealed.bundle").read_bytes()[:4] == b"WSBX"
    assert station.exports_model.index(0, 4).data() == _("Yes")

    db, hq = build(dirs / "hq")
    prompts.files.append(str(dirs / "station.card"))
    hq.buttons["trust_station"].click()
    assert station.station_fingerprint.text() in prompts.confirmations[-1]
    asked = len(prompts.confirmations)
    merge_through(hq, dirs / "sealed.bundle")
    assert prompts.errors == [] and len(prompts.confirmations) == asked
    assert counts(db)["cases"] == 36


def test_a_tampered_bundle_is_refused_naming_the_file_and_nothing_changes(dirs, build, prompts):
    bundle = export_from_station(dirs, build, prompts)
    bad = dirs / "tampered.bundle"
    shutil.copy(bundle, bad)
    with zipfile.ZipFile(bad) as archive:
        info = archive.getinfo("records/cases.json")
    raw = bytearray(bad.read_bytes())
    name_len = int.from_bytes(raw[info.header_offset + 26:info.header_offset + 28], "little")
    extra_len = int.from_bytes(raw[info.header_offset + 28:info.header_offset + 30], "little")
    raw[info.header_offset + 30 + name_len + extra_len + info.compress_size // 2] ^= 0x01
    bad.write_bytes(bytes(raw))
    db, page = build(dirs / "hq")
    before = counts(db)
    prompts.files.append(str(bad))
    prompts.confirm_answer = True
    page.buttons["import_bundle"].click()
    assert len(prompts.errors) == 1 and "tampered.bundle" in prompts.errors[0]
    assert "\n" not in prompts.errors[0]
    # the station not trusted here yet is asked about first, before anything past the bundle's signature is read or
    # staged (s68: a small bundle signed by an unknown key wrote gigabytes to the disk), then the bundle is refused
    assert len(prompts.confirmations) == 1 and "南海区局" in prompts.confirmations[0]
    assert counts(db) == before  # no case data changes: the refusal is only listed under 导入记录
    assert page.imports_model.rowCount() == 1 and page.imports_model.index(0, 1).data() == "tampered.bundle"


def test_cancelling_the_merge_rolls_everything_back(dirs, build, prompts):
    bundle = export_from_station(dirs, build, prompts)

    class CancelTheMerge(ImmediateRunner):
        def run(self, title, work, on_done, on_error, parent=None):
            if title == _("Merging {file}").format(file=bundle.name):
                self.cancel_token.cancel()  # as the officer presses Cancel while the merge runs
            super().run(title, work, on_done, on_error, parent)

    db, page = build(dirs / "hq", runner=CancelTheMerge())
    before = counts(db)
    prompts.confirm_answer = True
    merge_through(page, bundle)
    assert prompts.errors == [] and prompts.infos[-1] == _("{file}: cancelled; nothing was changed.").format(
        file=bundle.name)  # said, not an error, naming the bundle
    assert counts(db) == before and page.imports_model.rowCount() == 0


# conflicts -------------------------------------------------------------------------------------------------
def test_a_field_changed_on_both_sides_is_listed_and_the_station_value_can_be_taken(dirs, build, prompts,
                                                                                     qtmodeltester):
    from workstation.store import find_case

    export_from_station(dirs, build, prompts)
    db, window = build(dirs / "hq", window=True)
    page = window.exchange_page
    prompts.confirm_answer = True
    merge_through(page, dirs / "one.bundle")
    fine = find_case(db, EDITED).fine_fen
    edit_case(dirs / "hq", case=EDITED, fine_fen=fine + 100_000)
    edit_case(dirs / "station", case=EDITED, fine_fen=fine + 200_000, facts="站点补充事实")
    export_from_station(dirs, build, prompts, "two.bundle")
    seen = {}
    answer = merge_next(seen)
    page.import_bundles([str(dirs / "two.bundle")])
    answer.check()
    assert seen["dialog_cases"] == {"conflict": [EDITED]}
    assert prompts.errors == []
    assert find_case(db, EDITED).fine_fen == fine + 100_000 and find_case(db, EDITED).facts == "站点补充事实"
    qtmodeltester.check(page.conflicts_model)
    model = page.conflicts_model
    assert model.rowCount() == 1
    row = [model.index(0, c).data() for c in range(model.columnCount())]
    assert row[:5] == [EDITED, _("Cases"), field_label("fine_fen"), figures(fine + 100_000), figures(fine + 200_000)]
    assert row[6] == "南海区局"  # after the value last shared (row[5])
    assert not page.buttons["take_incoming"].isEnabled()
    page.conflicts_view.selectRow(0)
    page.buttons["take_incoming"].click()
    assert prompts.errors == []
    assert find_case(db, EDITED).fine_fen == fine + 200_000
    assert model.rowCount() == 0


def test_a_conflict_the_station_comes_to_agree_with_is_settled_and_the_officer_told(dirs, build, prompts):
    from workstation.bundle import settled_note
    from workstation.store import find_case

    export_from_station(dirs, build, prompts)
    db, page = build(dirs / "hq")
    prompts.confirm_answer = True
    merge_through(page, dirs / "one.bundle")
    fine = find_case(db, EDITED).fine_fen
    edit_case(dirs / "hq", case=EDITED, fine_fen=fine + 100_000)
    edit_case(dirs / "station", case=EDITED, fine_fen=fine + 200_000)
    export_from_station(dirs, build, prompts, "two.bundle")
    merge_through(page, dirs / "two.bundle")
    assert page.conflicts_model.rowCount() == 1
    # the station's officer takes headquarters' fine after a phone call, and sends it
    edit_case(dirs / "station", case=EDITED, fine_fen=fine + 100_000)
    export_from_station(dirs, build, prompts, "three.bundle")
    shown = {}
    answer = ModalAnswer(MergePreviewDialog, lambda dialog: (shown.update(
        text=dialog.findChild(QLabel, "preview_summary").text()), ok_button(dialog).click()))
    page.import_bundles([str(dirs / "three.bundle")])
    answer.check()
    assert settled_note(1, planned=True) in shown["text"]
    assert prompts.errors == [] and prompts.infos[-1].endswith("\n" + settled_note(1))
    assert page.conflicts_model.rowCount() == 0 and find_case(db, EDITED).fine_fen == fine + 100_000


def test_an_issued_document_in_conflict_is_never_changed_and_the_page_says_why(dirs, build, prompts):
    export_from_station(dirs, build, prompts)
    db, page = build(dirs / "hq")
    prompts.confirm_answer = True
    merge_through(page, dirs / "one.bundle")
    import_id, station_id = db.execute("SELECT id, station_id FROM bundle_imports").fetchone()
    db.execute("INSERT INTO conflicts (id, tbl, record_id, field, local_value, incoming_value, station_id, import_id, "
               "detected_at) VALUES ('c1', 'documents', 'd1', 'title', '\"甲\"', '\"乙\"', ?, ?, '2026-11-30T10:00')",
               [station_id, import_id])
    db.conn.commit()
    page.refresh()
    page.conflicts_view.selectRow(0)
    page.buttons["take_incoming"].click()
    assert prompts.errors == [_("An issued document never changes: keep this one, and issue a correction if the "
                                "station's version is right.")]
    assert page.conflicts_model.rowCount() == 1
    page.buttons["keep_local"].click()
    assert page.conflicts_model.rowCount() == 0


def test_the_agency_numbers_were_issued_under_is_changed_only_when_the_officer_confirms(dirs, build, prompts,
                                                                                        english):
    """The window follows `init --agency`'s rule (``station.agency_change``): a change leaving 文号 or case numbers
    behind in the old agency's name is asked about first, naming it; any other change is made as before."""
    from workstation.documents.numbering import take_number
    from workstation.station import this_station
    from workstation.store import list_agencies

    db, page = build(dirs / "station")
    agencies = list_agencies(db)
    index = {a.code: i for i, a in enumerate(agencies)}
    code_of = {a.id: a.code for a in agencies}

    def choose(code: str) -> None:
        prompts.texts.append("南海区局")
        prompts.choices.append(index[code])
        page.buttons["rename_station"].click()

    choose("440604")  # nothing issued yet: changed without a question
    assert prompts.confirmations == [] and code_of[this_station(db).agency_id] == "440604"
    choose("440605")
    assert prompts.confirmations == [] and code_of[this_station(db).agency_id] == "440605"
    with db.atomic():
        take_number(db, this_station(db).agency_id, "处")
    choose("440604")  # declined: nothing changes
    assert prompts.confirmations == [
        "This station works for 佛山市南海区市场监督管理局 (440605) and has issued 文号 or case numbers in its name. "
        "Change its agency to 佛山市禅城区市场监督管理局 (440604)? The numbers already issued stay as they are."]
    assert code_of[this_station(db).agency_id] == "440605" and "440605" in page.station_agency.text()
    choose("440605011")  # its own town office numbers in the bureau's name: not asked
    assert len(prompts.confirmations) == 1 and code_of[this_station(db).agency_id] == "440605011"
    prompts.confirm_answer = True
    choose("440604")
    assert len(prompts.confirmations) == 2 and "440605" in prompts.confirmations[1]  # the old one is named
    assert code_of[this_station(db).agency_id] == "440604" and "440604" in page.station_agency.text()


def test_an_export_reloads_only_what_it_changes(dirs, build, prompts):
    """The history of exports and this station (a first export gives it its identity) are read again after an
    export; the imports, conflicts and number blocks, which it does not change, are not read again."""
    db, page = build(dirs / "station")
    imports, conflicts, blocks = page.imports_model.records, page.conflicts_model.records, page.blocks_model.records
    out = dirs / "after.bundle"
    page.run_export(str(out))
    assert prompts.errors == [] and str(out) in prompts.infos[-1]
    assert page.exports_model.rowCount() == 1 and page.exports_model.index(0, 5).data() == str(out)
    assert page.station_name.text() == "南海区局"
    assert page.imports_model.records is imports and page.conflicts_model.records is conflicts
    assert page.blocks_model.records is blocks
