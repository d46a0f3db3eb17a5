"""Long work off the GUI thread with progress and Cancel: the deadline board's count, and the bundle's records
encoded so that the GUI thread gets its turns meanwhile."""

from __future__ import annotations

import json

import pytest

from workstation import clocks
from workstation.errors import Cancelled
from workstation.i18n import _
from workstation.progress import CancelToken


def key(deadlines):
    return [(d.case_id, d.lead_id, d.interview_id, d.due, d.state) for d in deadlines]


def test_the_board_counts_through_the_task_runner_with_progress(make_window, demo_db, english):
    window = make_window(demo_db)
    runner = window.runner
    window.board.refresh()
    messages = {m for _d, _t, m in runner.progress_reports}
    assert _("Counting the deadlines of the cases") in messages
    assert key(window.board.deadlines) == key(clocks.board(demo_db)) and window.board.deadlines
    assert not window.board.count_button.isVisible()
    assert window.board.summary.text().startswith(_("Overdue or expired: {overdue}").split("{")[0])


def test_a_cancelled_count_keeps_the_board_as_it_was_and_can_count_again(make_window, demo_db, english):
    window = make_window(demo_db)
    window.show()
    board, runner = window.board, window.runner
    board.refresh()
    before = key(board.deadlines)
    runner.cancel_token.cancel()  # Cancel pressed before the count got anywhere
    board.refresh()
    assert key(board.deadlines) == before  # nothing half counted replaces the list
    assert board.summary.text() == _("Counting the deadlines was cancelled: the list below may be out of date.")
    assert board.count_button.isVisible() and board.count_button.text() == _("Count again")
    assert board.stale
    runner.cancel_token = CancelToken()
    board.count_button.click()
    assert key(board.deadlines) == before
    assert not board.count_button.isVisible()


def test_the_board_counts_in_the_background_and_shows_it(qtbot, make_window, demo_db, english, monkeypatch):
    import threading

    from ui.task_runner import TaskRunner
    from workstation import tasks

    go = threading.Event()  # the count waits for it: Cancel is pressed while it runs, whatever the machine's speed
    count = tasks.board_task

    def held(*args, **kwargs):
        assert go.wait(20)
        return count(*args, **kwargs)

    monkeypatch.setattr(tasks, "board_task", held)
    runner = TaskRunner()
    window = make_window(demo_db, runner=runner)
    window.show()
    board = window.board
    board.refresh()  # returns at once: the count runs on the runner's thread
    assert board.summary.text().startswith(_("Counting the deadlines…"))
    assert board.count_button.isVisible() and board.count_button.text() == _("Cancel")
    go.set()
    qtbot.waitUntil(lambda: not board.count_button.isVisible(), timeout=20000)
    assert key(board.deadlines) == key(clocks.board(demo_db)) and board.deadlines
    go.clear()
    board.refresh()
    board.count_button.click()  # Cancel: the count stops at its next look at the token
    assert not board.count_button.isEnabled()
    go.set()
    qtbot.waitUntil(lambda: board.count_button.text() == _("Count again"), timeout=20000)
    assert board.summary.text() == _("Counting the deadlines was cancelled: the list below may be out of date.")
    assert key(board.deadlines) == key(clocks.board(demo_db))  # the list counted before stays
    runner.wait()


def test_clocks_board_stops_when_cancelled_midway(demo_db, english):
    token = CancelToken()
    seen = []

    def progress(done, total, message):
        seen.append(message)
        token.cancel()

    with pytest.raises(Cancelled):
        clocks.board(demo_db, progress=progress, cancel=token)
    assert seen == [_("Counting the deadlines of the cases")]


def test_bundle_records_are_encoded_a_part_at_a_time_as_one_call_would(monkeypatch):
    """A bundle's large tables go through ``json.dumps`` in runs of a few hundred values (one call over 100,000
    cases held the interpreter lock for seconds: the window froze while the bundle was written in the
    background), and the text is byte for byte what one call gives."""
    from workstation.bundle import writer

    rows = [{"id": f"c{i}", "name": "鸿运置业\n\"甲\"", "n": i, "gone": None, "amount": 1.5, "tags": [1, {"b": 1, "a": 2}]}
            for i in range(600)]
    value = {"records": {"cases": {f"c{i}": "digest" for i in range(300)}, "none": {}}, "complete": True,
             "rows": [1, {"a": list(range(300))}, *rows, list(range(300)), [], {}]}
    whole = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
    sizes = []
    dumps = json.dumps

    def counting(obj, **kwargs):
        sizes.append(10**9 - writer._items_left(obj, 10**9))  # the values nested in what one call encodes
        return dumps(obj, **kwargs)

    monkeypatch.setattr(writer.json, "dumps", counting)
    assert writer._json_bytes(value) == whole
    assert max(sizes) < (10**9 - writer._items_left(value, 10**9)) // 2  # runs of rows, never the whole table
    assert writer._json_bytes(rows[:3]) == dumps(rows[:3], ensure_ascii=False, separators=(",", ":"),
                                                 sort_keys=True).encode("utf-8")


def test_the_leads_summary_counts_the_complaints_through_indexes(make_window, demo_db):
    """The leads page's summary counted 1,000,000 complaints in one pass over the table (a second's freeze each
    time it was read again): each statement the refresh runs on the complaints goes through an index."""
    window = make_window(demo_db)
    page = window.page(1)
    statements = []
    demo_db.conn.set_trace_callback(statements.append)
    try:
        page.refresh()
    finally:
        demo_db.conn.set_trace_callback(None)
    on_complaints = [s for s in statements if "FROM complaints" in s and s.lstrip().upper().startswith("SELECT")]
    assert on_complaints
    for statement in on_complaints:
        plan = [row[3] for row in demo_db.execute("EXPLAIN QUERY PLAN " + statement).fetchall()]
        assert "SCAN complaints" not in plan, (statement, plan)


def test_the_leads_lists_size_their_columns_from_a_sample_of_rows(make_window, demo_db):
    """Sizing the columns of 2,600 leads (or 9,000 complaints in no lead) read a thousand rows' masked text: most
    of a second on every refresh. The columns are sized from the first rows and those in view."""
    from ui import leads_page, leads_without_lead

    page = make_window(demo_db).page(1)
    assert page.view.horizontalHeader().resizeContentsPrecision() == leads_page.WIDTH_SAMPLE_ROWS <= 200
    assert page.without_lead.view.horizontalHeader().resizeContentsPrecision() == \
        leads_without_lead.WIDTH_SAMPLE_ROWS <= 200


def test_a_bundle_written_a_block_at_a_time_is_the_archive_one_write_per_member_gives(demo_db, data_dir, tmp_path,
                                                                                    monkeypatch):
    """A bundle's JSON members go into the archive in blocks (one join and encode of 100,000 cases held the
    interpreter lock for up to a second), and the archive is byte for byte what writing each member whole gives."""
    import zipfile

    from workstation.bundle import writer

    monkeypatch.setattr(writer, "_JSON_BLOCK", 64)
    monkeypatch.setattr(writer, "_JSON_PART", 8)
    writes = []
    write = zipfile._ZipWriteFile.write
    monkeypatch.setattr(zipfile._ZipWriteFile, "write", lambda self, data: writes.append(len(data)) or write(self, data))
    path = tmp_path / "blocks.bundle"
    writer.export_bundle(demo_db, data_dir, path, everything=True, encrypt=False)
    cases = zipfile.ZipFile(path).getinfo("records/cases.json").file_size
    assert cases > 1000 and max(writes) < cases // 3  # the cases went in several blocks, never whole
    whole = tmp_path / "whole.bundle"
    with zipfile.ZipFile(path) as written, zipfile.ZipFile(whole, "w") as again:
        for info in written.infolist():
            data = written.read(info)
            if info.filename.endswith(".json") and info.filename != "manifest.json":
                assert data == json.dumps(json.loads(data), ensure_ascii=False, separators=(",", ":"),
                                          sort_keys=True).encode("utf-8")
            copy = zipfile.ZipInfo(info.filename, writer.ZIP_DATE)
            copy.compress_type = info.compress_type
            copy.external_attr = info.external_attr
            again.writestr(copy, data, compresslevel=6 if info.compress_type == zipfile.ZIP_DEFLATED
                           and info.filename.startswith(("records/", "audit", "bases")) else None)
    assert path.read_bytes() == whole.read_bytes()


def test_a_bundle_s_tables_are_read_a_value_at_a_time_as_json_loads_reads_them(demo_db, data_dir, tmp_path,
                                                                               monkeypatch):
    """A bundle's tables and audit segment are read a value at a time from text decoded in pieces (one
    ``json.loads`` over 100,000 cases held the interpreter lock for a second while the bundle was checked), giving
    what ``json.loads`` gives, and refusing what it refuses."""
    import zipfile

    from workstation.bundle import reader, writer

    path = tmp_path / "read.bundle"
    writer.export_bundle(demo_db, data_dir, path, everything=True, encrypt=False)
    loads = json.loads

    def whole_lists_refused(data, **kwargs):
        assert not (isinstance(data, bytes) and data[:1] == b"[" and len(data) > 200), "a whole table in one call"
        return loads(data, **kwargs)

    monkeypatch.setattr(reader, "_TEXT_PIECE", 16)
    monkeypatch.setattr(reader.json, "loads", whole_lists_refused)
    with reader.open_bundle(path) as bundle, zipfile.ZipFile(path) as archive:
        assert bundle.records["cases"] and bundle.audit
        for table, rows in bundle.records.items():
            if table != "clock_events":  # read as an older version wrote them (``_party_out_of_clock``)
                assert rows == loads(archive.read(f"records/{table}.json")), table
        assert bundle.audit == loads(archive.read("audit.json"))

    def outcome(data: bytes):
        try:
            return loads(data)
        except (ValueError, UnicodeDecodeError) as exc:
            return type(exc).__name__ if isinstance(exc, UnicodeDecodeError) else "ValueError"

    def read(data: bytes):
        try:
            return reader._json_loads(data)
        except (ValueError, UnicodeDecodeError) as exc:
            return type(exc).__name__ if isinstance(exc, UnicodeDecodeError) else "ValueError"

    samples = [b"[]", b" [ ] ", b"[12345678901234567890123]", b"[1,2", b"[1,]", b"[,1]", b"[1 2]", b"[1] x",
               b"[1]]", b"[", b"[\"\xe9\xb8\xbf\xe8\xbf\x90\xe7\xbd\xae\xe4\xb8\x9a\"]", b"[\"\xe9\xb8\"]",
               b"[1.5e10, -0, true, false, null, NaN]", b"\xef\xbb\xbf[1]", "[1, 2]".encode("utf-16"),
               b"[{\"a\": [1, {\"b\": \"\\ud800\"}]},\n \"x\"]\n", b"[\"\xed\xa0\x80\"]", b"[tru]", b"[\"abc",
               b"{\"a\": 1}", b"1", b""]
    for data in samples:
        assert read(data) == outcome(data), data


def test_bundle_tasks_hold_off_the_garbage_collector_and_restore_it(data_dir, monkeypatch):
    """Exporting, checking and merging a bundle run with automatic garbage collection held off (each full
    collection over 270,000 records held the interpreter lock for a fifth of a second), and it resumes after,
    nested or not, only if it was on before."""
    import gc

    from ui import bundle_tasks
    from workstation.collector import collections_held

    seen = []
    monkeypatch.setattr(bundle_tasks, "export_bundle", lambda *a, **k: seen.append(gc.isenabled()) or {})
    monkeypatch.setattr(bundle_tasks, "apply_merge", lambda *a, **k: seen.append(gc.isenabled()) or {})

    class Preview:
        bundle = plan = None

        def close(self):
            seen.append("closed")

    assert gc.isenabled()
    bundle_tasks.export_task(data_dir, "x.bundle", case_ids=None, everything=True, encrypt=False, progress=None,
                             cancel=None)
    bundle_tasks.merge_task(data_dir, Preview(), progress=None, cancel=None)
    assert seen == [False, False, "closed"] and gc.isenabled()
    with collections_held():
        with collections_held():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with collections_held():
            pass
        assert not gc.isenabled()  # off before: left off
    finally:
        gc.enable()


def test_the_exported_records_are_let_go_a_slice_at_a_time():
    """The records of a bundle are freed in slices once it is written (freed at once they held the lock)."""
    from workstation.bundle import writer

    lists = [[{"id": i} for i in range(4500)], [], [[1]] * 3]
    sizes = []
    real = list.__delitem__

    class Watched(list):
        def __delitem__(self, index):
            sizes.append(len(self[index]))
            real(self, index)

    lists = [Watched(rows) for rows in lists]
    writer._let_go(lists)
    assert lists == [[], [], []] and sizes == [2000, 2000, 500, 3]


def _with_complaints(source, target, data_dir, count: int) -> int:
    """The bundle ``source`` written to ``target`` holding ``count`` complaints of about 1 kB each (as a hotline's
    are in a bundle) and signed again with the station's key; returns the size of its complaints member."""
    import base64
    import hashlib
    import zipfile

    from workstation.station import signing_key

    text = "顺德区大良某家电商场的商品标价与结账价格不一致，多收了276元，要求退还差价。"
    rows = [{"id": f"01a239d8-032f-7d23-a1f6-{n:012d}", "source": "consumer_council", "external_id": f"TS{n:013d}",
             "received_at": "2026-01-01 08:00:25", "complainant_phone": f"187{n:08d}", "text": text,
             "raw": json.dumps({"投诉编号": f"TS{n:013d}", "投诉内容": text, "投诉人": "区女士"}, ensure_ascii=False),
             "source_file": "c.csv", "source_row": n, "lead_id": None, "verdict": None, "verdict_reason": ""}
            for n in range(count)]
    data = json.dumps(rows, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
    with zipfile.ZipFile(source) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    members["records/complaints.json"] = data
    manifest = json.loads(members["manifest.json"])
    manifest["counts"]["complaints"] = count  # the signed count the reader checks against the rows held (s72)
    manifest["members"]["records/complaints.json"] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
    members["manifest.json"] = json.dumps(manifest, ensure_ascii=False).encode("utf-8")
    members["manifest.sig"] = base64.b64encode(signing_key(data_dir).sign(members["manifest.json"]))
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, member in members.items():
            archive.writestr(name, member, compress_type=zipfile.ZIP_STORED if name.startswith("files/") else None)
    return len(data)


def test_checking_a_bundle_holds_its_records_but_never_their_member_whole(demo_db, data_dir, tmp_path):
    """A bundle's complaints (110 MB of JSON for 100,000 complaints, which peaked the check at 472 MB, now 363 MB) are
    hashed in 1 MiB steps and then read again in steps for their values: what the check holds at its peak beyond the
    records it keeps is the same within 1 MiB for 4,000 and 16,000 complaints, though the member grows by 7 MB."""
    import gc
    import tracemalloc

    from workstation.bundle import reader, writer

    source = tmp_path / "demo.bundle"
    writer.export_bundle(demo_db, data_dir, source, everything=True, encrypt=False)
    beyond, sizes = [], []
    for count in (4_000, 16_000):
        path = tmp_path / f"complaints-{count}.bundle"
        sizes.append(_with_complaints(source, path, data_dir, count))
        gc.collect()
        tracemalloc.start()
        try:
            with reader.open_bundle(path) as bundle:
                current, peak = tracemalloc.get_traced_memory()
                assert len(bundle.records["complaints"]) == count
        finally:
            tracemalloc.stop()
        beyond.append(peak - current)
    assert sizes[1] - sizes[0] > 6 << 20
    assert beyond[1] - beyond[0] < 1 << 20, f"the check held {beyond[0] / 2**20:.1f} MB beyond the records it " \
                                             f"kept, then {beyond[1] / 2**20:.1f} MB"


def test_a_large_table_is_read_in_steps_as_whole_and_refused_as_whole(demo_db, data_dir, tmp_path, monkeypatch,
                                                                      english):
    """Every table and the audit segment read in steps of 7 bytes give the records read whole; half a character
    cut in two by a step is still found and refused naming its record; a member that changes between its hashing
    and its reading is refused as altered."""
    import base64
    import hashlib
    import zipfile

    from workstation.bundle import reader, writer
    from workstation.station import signing_key

    path = tmp_path / "demo.bundle"
    writer.export_bundle(demo_db, data_dir, path, everything=True, encrypt=False)
    with reader.open_bundle(path) as bundle:
        whole = (bundle.records, bundle.audit)
    monkeypatch.setattr(reader, "READ_STEP", 7)
    with reader.open_bundle(path) as bundle:
        assert (bundle.records, bundle.audit) == whole

    with zipfile.ZipFile(path) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    rows = json.loads(members["records/parties.json"])
    rows[-1]["name"] = "张\ud800三"
    data = json.dumps(rows, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8",
                                                                                              "surrogatepass")
    members["records/parties.json"] = data
    manifest = json.loads(members["manifest.json"])
    manifest["members"]["records/parties.json"] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
    members["manifest.json"] = json.dumps(manifest, ensure_ascii=False).encode("utf-8")
    members["manifest.sig"] = base64.b64encode(signing_key(data_dir).sign(members["manifest.json"]))
    half = tmp_path / "half.bundle"
    with zipfile.ZipFile(half, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, member in members.items():
            archive.writestr(name, member)
    cut = data.index("\ud800".encode("utf-8", "surrogatepass")) + 1
    for step in (cut, cut + 1, 7):  # its three bytes cut by a step after the first, the second, or anywhere
        monkeypatch.setattr(reader, "READ_STEP", step)
        with pytest.raises(reader.BundleRefused, match=r"records/parties.json, record .*: the field name holds "
                                                       r"\"张\\ud800三\", which is not text \(it holds half of a "
                                                       r"character\)"):
            reader.open_bundle(half).close()

    readings = []
    real = reader._member_steps

    def changed_when_read_again(archive, info, bundle):
        readings.append(info.filename)
        for step in real(archive, info, bundle):
            yield step.replace(b"\"", b"'") if readings.count(info.filename) == 2 else step

    monkeypatch.setattr(reader, "READ_STEP", 7)
    monkeypatch.setattr(reader, "_member_steps", changed_when_read_again)
    with pytest.raises(reader.BundleRefused, match=r"^demo.bundle: audit.json does not match the sha256 in the "
                                                   r"signed manifest \(it was altered\)"):
        reader.open_bundle(path).close()
