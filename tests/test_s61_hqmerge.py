# ruff: noqa: F811 - the fixture imported from test_ui_exchange is used by name
"""Headquarters merging station bundles at scale (session 61, audit "hqmerge"): a complaint's work order is looked
up through the partial index of work-order ids, not by reading every complaint; a merge re-checks the data it
planned from and refuses when it changed since the preview; planning a bundle reports its progress and hears
Cancel; the preview dialog is freed once closed; a hand-out's audit log is written and read a record at a time."""

from __future__ import annotations

import re
from dataclasses import replace
from types import SimpleNamespace

import pytest

from tests.data_digest import data_digest
from tests.helpers import open_db, run_json, statements_run
from tests.test_ui_exchange import build  # noqa: F401 - the exchange page on a data folder, closed afterwards
from workstation.i18n import _

# -- 2: work-order look-ups read the partial index complaints_external (… WHERE external_id != '') -----------------


def _plans(db, statements: list[str]) -> list[str]:
    """What SQLite's planner says of each statement that reads complaints by their work-order id."""
    found = []
    for sql in statements:
        if "FROM complaints" in sql and re.search(r"external_id = (?!'')", sql) and sql.lstrip().startswith("SELECT"):
            found += [row[-1] for row in db.execute("EXPLAIN QUERY PLAN " + sql).fetchall()]
    return found


def test_work_order_look_ups_of_a_merge_and_an_import_use_the_index_not_a_scan(db):
    from workstation.bundle.merge import _number_mending, _same_complaint, _work_order_given
    from workstation.importing.complaints import _FileImport
    from workstation.store.complaints import first_stored

    row = {"id": "c-1", "source": "12345", "external_id": "FS12345-2026-000001", "received_at": "2026-03-02 10:00",
           "complainant_phone": "13800138000", "text": "商家拒不退款", "raw": "{}", "lead_id": None}
    importing = object.__new__(_FileImport)
    importing.db, importing.outcome = db, SimpleNamespace(profile="12345")
    with statements_run(db) as ran:
        _same_complaint(db, dict(row), {}, _number_mending(db))
        _work_order_given(db, row, {"id": "c-2", "external_id": "", "lead_id": None})
        first_stored(db, "12345", "FS12345-2026-000001", None)
        importing.stored_with_id_as_written("FS12345-2026-000001", "FS12345-2026-000001\u200e")
    plans = _plans(db, ran)
    assert len(plans) >= 4, ran
    assert not [p for p in plans if p.startswith("SCAN complaints")], plans
    assert all("complaints_external" in p for p in plans), plans


# -- 1: a merge re-checks the data its plan read: a change made after the preview is never overwritten unseen -------

#: a demo case performed, not closed, whose fine is edited on either side (as tests/test_ui_exchange.py does)
EDITED = "佛南市监立〔2026〕7号"


def _fine(data_dir) -> int:
    db = open_db(data_dir)
    try:
        return db.execute("SELECT fine_fen FROM cases WHERE case_number = ?", [EDITED]).fetchone()[0]
    finally:
        db.conn.close()


def _edit_fine(data_dir, fine_fen: int) -> None:
    from workstation.store import find_case, update_case

    db = open_db(data_dir)
    try:
        update_case(db, replace(find_case(db, EDITED), fine_fen=fine_fen))
    finally:
        db.conn.close()


def _conflict_fields(data_dir) -> list[str]:
    db = open_db(data_dir)
    try:
        return [r[0] for r in db.execute("SELECT field FROM conflicts ORDER BY field")]
    finally:
        db.conn.close()


def _changed_after_first_import(capsys, dirs):
    """Headquarters merged the station's first bundle; the station changed the case's fine and wrote two.bundle."""
    run_json(capsys, "--data-dir", dirs / "station", "bundle", "export", "-o", dirs / "one.bundle")
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "import", dirs / "one.bundle")
    _edit_fine(dirs / "station", 777_700)
    run_json(capsys, "--data-dir", dirs / "station", "bundle", "export", "-o", dirs / "two.bundle")
    return dirs / "two.bundle"


def _plan(data_dir, path):
    """(db, opened bundle, plan) as the preview works it out; the caller closes both."""
    from workstation.bundle.merge import plan_merge
    from workstation.bundle.reader import open_bundle

    db = open_db(data_dir)
    bundle = open_bundle(path)
    return db, bundle, plan_merge(db, bundle)


def test_a_change_made_after_the_preview_refuses_the_merge_which_changes_nothing(capsys, station_and_hq_dirs):
    from workstation.bundle.merge import PlanOutdated, apply_merge, outdated_text

    dirs = station_and_hq_dirs
    bundle_path = _changed_after_first_import(capsys, dirs)
    db, bundle, plan = _plan(dirs / "hq", bundle_path)
    try:
        assert plan.counts()["conflicts"] == 0  # the preview: the station's fine taken
        _edit_fine(dirs / "hq", 555_500)  # meanwhile, headquarters' own change (another program, another bundle)
        before = data_digest(dirs / "hq")
        with pytest.raises(PlanOutdated) as refused:
            apply_merge(db, dirs / "hq", bundle, plan)
        assert refused.value.message == outdated_text("two.bundle")
        assert data_digest(dirs / "hq") == before and _fine(dirs / "hq") == 555_500
    finally:
        bundle.close()
        db.conn.close()
    # checked again, the change is a conflict, as when the two come one after the other
    result = run_json(capsys, "--data-dir", dirs / "hq", "bundle", "import", bundle_path)
    assert result["conflicts"] == 1 and _conflict_fields(dirs / "hq") == ["fine_fen"]
    assert _fine(dirs / "hq") == 555_500


def test_the_check_after_a_change_says_how_far_it_got_and_no_preview_is_named(capsys, station_and_hq_dirs,
                                                                                monkeypatch):
    from workstation.bundle import merge
    from workstation.bundle.merge import PlanOutdated, apply_merge, outdated_text

    monkeypatch.setattr(merge, "PLAN_STEP", 1)  # every record planned is said

    dirs = station_and_hq_dirs
    bundle_path = _changed_after_first_import(capsys, dirs)
    db, bundle, plan = _plan(dirs / "hq", bundle_path)
    heard = []
    try:
        _edit_fine(dirs / "hq", 555_500)
        with pytest.raises(PlanOutdated):
            apply_merge(db, dirs / "hq", bundle, plan, progress=lambda done, total, message="": heard.append(
                (done, total)))
    finally:
        bundle.close()
        db.conn.close()
    assert heard[0] == (0, 1) and any(total > 1 for _done, total in heard[1:]), heard
    assert "preview" not in outdated_text("two.bundle")


def test_a_change_the_plan_does_not_depend_on_lets_the_previewed_merge_go_ahead(capsys, station_and_hq_dirs):
    from workstation.bundle.merge import apply_merge, data_state
    from workstation.records import Officer
    from workstation.store import save_officer

    dirs = station_and_hq_dirs
    bundle_path = _changed_after_first_import(capsys, dirs)
    db, bundle, plan = _plan(dirs / "hq", bundle_path)
    try:
        other = open_db(dirs / "hq")  # an officer added at headquarters meanwhile: audited, nothing the plan read
        agency = other.execute("SELECT agency_id FROM cases WHERE case_number = ?", [EDITED]).fetchone()[0]
        save_officer(other, Officer(name="赵敏", cert_no="44060099001", agency_id=agency))
        other.conn.close()
        assert data_state(db) != plan.data_state  # the merge plans again, and finds the same plan
        result = apply_merge(db, dirs / "hq", bundle, plan)
    finally:
        bundle.close()
        db.conn.close()
    assert result["conflicts"] == 0 and result["updated"] == plan.counts()["updated"]
    assert _fine(dirs / "hq") == 777_700


def test_the_command_line_plans_again_when_the_data_changes_between_its_plan_and_its_merge(
        capsys, station_and_hq_dirs, monkeypatch):
    from workstation.bundle import merge

    dirs = station_and_hq_dirs
    bundle_path = _changed_after_first_import(capsys, dirs)
    planned = merge._planned
    calls = []

    def then_changed(*args, **kwargs):
        plan = planned(*args, **kwargs)
        if not calls:  # another program saves between the first plan and the merge
            _edit_fine(dirs / "hq", 555_500)
        calls.append(plan)
        return plan

    monkeypatch.setattr(merge, "_planned", then_changed)
    plan_merge, plans = merge.plan_merge, []

    def counted(*args, **kwargs):
        plans.append(1)
        return plan_merge(*args, **kwargs)

    monkeypatch.setattr(merge, "plan_merge", counted)
    result = run_json(capsys, "--data-dir", dirs / "hq", "bundle", "import", bundle_path)
    # the plan the merge made again is carried out: planned once more, not twice (nobody saw the first)
    assert len(calls) == 1 and len(plans) == 2
    assert result["conflicts"] == 1 and _conflict_fields(dirs / "hq") == ["fine_fen"]
    assert _fine(dirs / "hq") == 555_500


@pytest.mark.gui
def test_the_window_checks_the_bundle_again_when_the_data_changed_while_its_preview_was_open(
        capsys, station_and_hq_dirs, build, prompts, monkeypatch):
    from PySide6.QtWidgets import QDialog

    from ui.bundle_dialogs import MergePreviewDialog
    from ui.exchange_page import outdated_preview_text

    dirs = station_and_hq_dirs
    bundle_path = _changed_after_first_import(capsys, dirs)
    previews: list[dict] = []

    def merge(dialog):
        previews.append(dialog.plan.counts())
        if len(previews) == 1:  # another program saves while the first preview is open
            _edit_fine(dirs / "hq", 555_500)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(MergePreviewDialog, "exec", merge)
    db, page = build(dirs / "hq")
    page.import_bundles([str(bundle_path)])
    assert prompts.errors == []
    assert [p["conflicts"] for p in previews] == [0, 1]  # the second preview shows the conflict it now makes
    assert prompts.infos[0] == outdated_preview_text("two.bundle")
    assert _fine(dirs / "hq") == 555_500 and _conflict_fields(dirs / "hq") == ["fine_fen"]
    assert page.imports_model.rowCount() == 2  # one.bundle, then two.bundle merged once; nothing listed as refused


# -- 3: planning a bundle says how far it got, and hears Cancel --------------------------------------------------

def test_planning_reports_its_progress_and_stops_at_cancel(capsys, station_and_hq_dirs):
    from workstation.bundle.merge import PLAN_STEP, plan_merge
    from workstation.bundle.reader import open_bundle
    from workstation.errors import Cancelled
    from workstation.progress import CancelToken

    dirs = station_and_hq_dirs
    run_json(capsys, "--data-dir", dirs / "station", "bundle", "export", "-o", dirs / "one.bundle")
    db = open_db(dirs / "hq")
    try:
        with open_bundle(dirs / "one.bundle") as bundle:
            records = sum(len(rows) for rows in bundle.records.values())
            assert records > 2 * PLAN_STEP
            reports: list[tuple] = []
            plan_merge(db, bundle, progress=lambda *report: reports.append(report))
            assert [done for done, _total, _text in reports] == list(range(PLAN_STEP, records + 1, PLAN_STEP))
            assert {total for _done, total, _text in reports} == {records}
            token, heard = CancelToken(), []

            def cancelled_at_first_report(done, total, text):
                heard.append(done)
                token.cancel()

            with pytest.raises(Cancelled):
                plan_merge(db, bundle, progress=cancelled_at_first_report, cancel=token)
            assert heard == [PLAN_STEP]  # stopped at the next look, not at the end of the table or the plan
    finally:
        db.conn.close()


@pytest.mark.gui
def test_cancel_pressed_as_the_check_ends_opens_no_preview_and_merges_nothing(
        capsys, station_and_hq_dirs, build, prompts, monkeypatch):
    import ui.exchange_page as exchange_page
    from ui.bundle_dialogs import MergePreviewDialog

    dirs = station_and_hq_dirs
    run_json(capsys, "--data-dir", dirs / "station", "bundle", "export", "-o", dirs / "one.bundle")
    planned = exchange_page.plan_task

    def pressed_as_it_ended(*args, progress, cancel):
        preview = planned(*args, progress=progress, cancel=cancel)
        cancel.cancel()  # the officer's Cancel, arriving once the work had returned its preview
        return preview

    monkeypatch.setattr(exchange_page, "plan_task", pressed_as_it_ended)
    opened = []
    monkeypatch.setattr(MergePreviewDialog, "exec", lambda dialog: opened.append(dialog) or 1)
    db, page = build(dirs / "hq")
    before = data_digest(dirs / "hq")
    page.import_bundles([str(dirs / "one.bundle")])
    assert opened == [] and prompts.errors == []
    assert prompts.infos == [_("{file}: cancelled; nothing was changed.").format(file="one.bundle")]
    assert data_digest(dirs / "hq") == before


# -- 4: the preview dialog is freed once closed -------------------------------------------------------------------

@pytest.mark.gui
def test_a_closed_preview_dialog_is_deleted_with_its_plan(capsys, station_and_hq_dirs, build, prompts, monkeypatch):
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QDialog

    from ui.bundle_dialogs import MergePreviewDialog

    dirs = station_and_hq_dirs
    bundle_path = _changed_after_first_import(capsys, dirs)
    monkeypatch.setattr(MergePreviewDialog, "exec", lambda dialog: QDialog.DialogCode.Rejected)
    db, page = build(dirs / "hq")
    page.import_bundles([str(bundle_path)])
    monkeypatch.setattr(MergePreviewDialog, "exec", lambda dialog: QDialog.DialogCode.Accepted)
    page.import_bundles([str(bundle_path)])
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert page.findChildren(MergePreviewDialog) == []
    assert _fine(dirs / "hq") == 777_700


# -- 5: the audit segment is written (and read) a run of entries at a time -----------------------------------------

def _log_entries(db, count: int) -> None:
    from workstation.audit import AuditWriter

    with db.atomic():
        writer = AuditWriter(db, "测试")
        for number in range(count):
            writer.add("update", "setting", f"setting-{number}", {"value": number}, {"value": number + 1})
        writer.flush()


def _export_peak(db, data_dir, path) -> int:
    """The most memory Python held at once while writing the bundle of everything to ``path``."""
    import tracemalloc

    from workstation.bundle.writer import export_bundle

    tracemalloc.start()
    try:
        export_bundle(db, data_dir, path, everything=True)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_an_export_writes_its_audit_segment_without_holding_it_whole(db, data_dir, tmp_path):
    import json
    import zipfile

    from workstation.bundle.writer import AuditSegment, export_bundle

    def audit_json(after: int) -> bytes:  # the segment's JSON as the export writes it
        return b"".join(AuditSegment.of(db, after).json_blocks(db))

    export_bundle(db, data_dir, tmp_path / "first.bundle", everything=True)  # what the first export loads
    _log_entries(db, 10_000)
    smaller = (len(audit_json(0)), _export_peak(db, data_dir, tmp_path / "smaller.bundle"))
    _log_entries(db, 20_000)
    whole = audit_json(0)
    larger = (len(whole), _export_peak(db, data_dir, tmp_path / "larger.bundle"))
    # three times the log, about the same memory: only a run of entries is held at once (held as one list, the
    # 30,000 entries took some 6 times their JSON text)
    assert larger[0] - smaller[0] > 8_000_000
    assert larger[1] - smaller[1] < (larger[0] - smaller[0]) / 4, (smaller, larger)
    with zipfile.ZipFile(tmp_path / "larger.bundle") as archive:
        assert archive.read("audit.json") == whole  # the same bytes as the list written at once
        manifest = json.loads(archive.read("manifest.json"))
    last = db.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    assert manifest["audit"] == {"from": 1, "to": last[0], "head": last[1]}


def _import_peak(data_dir, path) -> tuple[int, object]:
    """The most memory Python held at once while headquarters at ``data_dir`` imported the bundle at ``path``, and
    the import's result."""
    import tracemalloc

    from workstation.bundle.merge import import_bundle

    db = open_db(data_dir)
    tracemalloc.start()
    try:
        result = import_bundle(db, data_dir, path, trust=True)
        return tracemalloc.get_traced_memory()[1], result
    finally:
        tracemalloc.stop()
        db.conn.close()


def test_an_import_goes_through_a_large_audit_segment_without_holding_it_whole(capsys, tmp_path):
    import shutil

    from workstation.bundle.writer import export_bundle

    station, hq = tmp_path / "station", tmp_path / "hq"
    run_json(capsys, "--data-dir", station, "init", "--plaintext")
    run_json(capsys, "--data-dir", hq, "init", "--plaintext")
    run_json(capsys, "--data-dir", hq, "station", "role", "headquarters")
    db = open_db(station)
    try:
        _log_entries(db, 10_000)
        export_bundle(db, station, tmp_path / "smaller.bundle", everything=True)
        _log_entries(db, 20_000)
        export_bundle(db, station, tmp_path / "larger.bundle", everything=True)
        entries = db.execute("SELECT COUNT(*) FROM audit").fetchone()[0]
    finally:
        db.conn.close()
    shutil.copytree(hq, tmp_path / "hq2")
    _import_peak(tmp_path / "hq2", tmp_path / "smaller.bundle")  # what the first import loads
    smaller, _result = _import_peak(hq, tmp_path / "smaller.bundle")
    larger, result = _import_peak(tmp_path / "hq2", tmp_path / "larger.bundle")
    # the 20,000 more entries are some 9 MB of JSON, some 30 MB as a list of entries held
    assert larger - smaller < 4_000_000, (smaller, larger)
    db = open_db(tmp_path / "hq2")
    try:  # every entry of the station's log stored, the chain's head noted
        assert db.execute("SELECT COUNT(*) FROM station_audit").fetchone()[0] == entries
        assert db.execute("SELECT audit_seq FROM stations WHERE role != 'self'").fetchone()[0] == entries
    finally:
        db.conn.close()


# -- 4: a large audit segment changed on disk after the bundle was opened is refused as altered ----------------------

def test_an_audit_segment_changed_after_it_was_checked_is_refused_as_altered(monkeypatch):
    import hashlib
    import json

    from workstation.audit import GENESIS, entry_hash
    from workstation.bundle import reader
    from workstation.bundle.merge import BundleRefused
    from workstation.bundle.reader import _check_audit, _ReadAgain

    monkeypatch.setattr(reader, "_TEXT_PIECE", 64)  # read a little at a time, as a segment of megabytes is

    entries, prev = [], GENESIS
    for seq in range(1, 4):
        values = [seq, "2026-11-01T09:00:00", "officer", "create", "case", f"c{seq}", "", "d", prev]
        prev = entry_hash(*values)
        entries.append({**dict(zip(("seq", "at", "actor", "action", "entity", "entity_id", "before_digest",
                                     "after_digest", "prev_hash"), values, strict=True)), "hash": prev})
    good = json.dumps(entries).encode()
    digest = hashlib.sha256(good).hexdigest()
    at = good.index(b"}, {") + 1
    broken = good[:at] + b"!" + good[at:]  # changed on disk since: no longer JSON
    replaced = b"[7" + good[good.index(b"}, {") + 1:]  # still JSON, an entry no more

    def pieces(data):
        return [data[at:at + 50] for at in range(0, len(data), 50)]

    for changed in (broken, replaced):
        segment = _check_audit(_ReadAgain(pieces(good), digest, "s.bundle", "audit.json"), "s.bundle",
                               again=lambda changed=changed: _ReadAgain(pieces(changed), digest, "s.bundle",
                                                                        "audit.json"))
        assert len(segment) == 3
        with pytest.raises(BundleRefused) as refused:
            list(segment)
        assert "sha256" in refused.value.message  # altered, not unreadable nor an internal error
