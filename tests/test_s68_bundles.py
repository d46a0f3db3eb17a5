"""Audit 68 (case bundles, station → headquarters): a small bundle signed by a key headquarters does not know no
longer makes it inflate, hash and stage its files before it is refused — the station is checked first (not trusted,
a withdrawn key), on the command line and in the window (asked about first, staged after); a stored file deflated
in the archive (no workstation ever wrote one so), deflated members inflating too far together, and files the
file records do not list are refused before any file is hashed. The merge preview tells a record headquarters
changed since (the station sending its old value again) from one unchanged: “newer here, kept”."""

from __future__ import annotations

import base64
import hashlib
import json
import uuid
import zipfile
from pathlib import Path

import pytest

from tests.data_digest import data_digest
from tests.helpers import CASE, copy_station_and_hq, open_db, run, run_json
from workstation.bundle import reader


@pytest.fixture
def dirs(station_and_hq_template, tmp_path):
    """A Nanhai station holding the demo and an issued document (a stored file), its plain bundle (base.bundle), and
    headquarters that does not trust it yet."""
    root = copy_station_and_hq(station_and_hq_template(issue_document=True), tmp_path)
    return root


def _export(capsys, dirs, name="base.bundle", *extra) -> Path:
    run_json(capsys, "--data-dir", dirs / "station", "bundle", "export", "-o", dirs / name, *extra)
    return dirs / name


def _trust(capsys, dirs) -> None:
    run_json(capsys, "--data-dir", dirs / "hq", "station", "trust", dirs / "station.card")


def _rewrite(source: Path, target: Path, *, signer=None, members=None, deflate_files=False, stranger=False) -> Path:
    """``source`` rewritten: ``members`` {name: bytes} added or replaced (listed in the manifest with their sha256),
    its files deflated when ``deflate_files``, and the manifest signed again with ``signer`` — or, with
    ``stranger``, with a fresh key of a station nobody knows."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from workstation.station import fingerprint

    with zipfile.ZipFile(source) as archive:
        held = {info.filename: (info, archive.read(info)) for info in archive.infolist()}
    manifest = json.loads(held["manifest.json"][1])
    if stranger:
        signer = Ed25519PrivateKey.generate()
        public = base64.b64encode(signer.public_key().public_bytes(serialization.Encoding.Raw,
                                                                  serialization.PublicFormat.Raw)).decode()
        manifest["station"]["sign_key"] = public
        manifest["station"]["fingerprint"] = fingerprint(public)
        manifest["station"]["id"] = str(uuid.uuid4())
        manifest["station"]["name"] = "陌生站"
    added = dict(members or {})
    for name, data in added.items():
        manifest["members"][name] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
    manifest_bytes = json.dumps(manifest, ensure_ascii=False).encode()
    with zipfile.ZipFile(target, "w") as archive:
        for name, (info, data) in held.items():
            if name in ("manifest.json", "manifest.sig") or name in added:
                continue
            deflate = info.compress_type == zipfile.ZIP_DEFLATED or (deflate_files and name.startswith("files/"))
            archive.writestr(zipfile.ZipInfo(name, info.date_time), data,
                             compress_type=zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED)
        for name, data in added.items():
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=zipfile.ZIP_DEFLATED
                             if not name.startswith("files/") or deflate_files else zipfile.ZIP_STORED)
        archive.writestr(zipfile.ZipInfo("manifest.json"), manifest_bytes, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr(zipfile.ZipInfo("manifest.sig"), base64.b64encode(signer.sign(manifest_bytes)))
    return target


def _bomb(count: int) -> dict[str, bytes]:
    """``count`` files of 1 MiB that deflate to almost nothing, named by their sha256."""
    found = {}
    for n in range(count):
        data = n.to_bytes(8, "big") + b"\0" * ((1 << 20) - 8)
        found["files/" + hashlib.sha256(data).hexdigest()] = data
    return found


@pytest.fixture
def files_read(monkeypatch):
    """The stored files of a bundle read (hashed) or staged while it is checked, by member name."""
    seen: list[str] = []
    for name in ("_read_stored", "_stored_steps", "_member_steps", "_read_member"):
        original = getattr(reader, name)

        def spy(archive, info, bundle, _original=original):
            if info.filename.startswith("files/"):
                seen.append(info.filename)
            return _original(archive, info, bundle)

        monkeypatch.setattr(reader, name, spy)
    staged: list[str] = []
    put, steps = reader._Stager.put, reader._Stager.write_steps
    monkeypatch.setattr(reader._Stager, "put", lambda self, sha, data: (staged.append(sha), put(self, sha, data))[1])
    monkeypatch.setattr(reader._Stager, "write_steps",
                        lambda self, sha, chunks: (staged.append(sha), steps(self, sha, chunks))[1])
    return seen, staged


def _incoming(data_dir: Path) -> list[Path]:
    return [p for p in (data_dir / "files").glob(".incoming-*")] if (data_dir / "files").exists() else []


def _refused(capsys, dirs, bundle: Path, *extra) -> str:
    before = data_digest(dirs / "hq")
    code, out, err = run(capsys, "--data-dir", dirs / "hq", "bundle", "import", bundle, *extra)
    assert code == 1, out
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    assert data_digest(dirs / "hq") == before
    assert not _incoming(dirs / "hq")
    return lines[0].removeprefix("Error: ")


def test_a_bomb_signed_by_an_unknown_key_is_refused_for_its_signer_before_a_file_is_read(capsys, dirs, english,
                                                                                          files_read):
    from workstation.station import signing_key

    base = _export(capsys, dirs)
    bomb = _rewrite(base, dirs / "bomb.bundle", members=_bomb(40), deflate_files=True, stranger=True,
                    signer=signing_key(dirs / "station"))
    assert bomb.stat().st_size < (1 << 20)
    message = _refused(capsys, dirs, bomb)
    assert "bomb.bundle is signed by station 陌生站" in message and "which is not trusted here" in message, message
    assert "--trust" in message
    assert files_read == ([], [])
    # trusted in passing, it is refused for its compressed files (or, should they outweigh its records, for the
    # ratio of its compressed members together), still before any of them is read
    message = _refused(capsys, dirs, bomb, "--trust")
    assert message.startswith("bomb.bundle: ") and ("is compressed in the archive" in message
                                                    or "more than 200 times their size" in message), message
    assert files_read == ([], [])


def test_a_deflated_file_of_a_trusted_station_is_refused_before_any_file_is_read(capsys, dirs, english, files_read):
    from workstation.station import signing_key

    _trust(capsys, dirs)
    base = _export(capsys, dirs)
    with zipfile.ZipFile(base) as archive:
        assert [i for i in archive.infolist() if i.filename.startswith("files/")]
        assert all(i.compress_type == zipfile.ZIP_STORED for i in archive.infolist() if i.filename.startswith("files/"))
    bad = _rewrite(base, dirs / "deflated.bundle", deflate_files=True, signer=signing_key(dirs / "station"))
    message = _refused(capsys, dirs, bad)
    assert message.startswith("deflated.bundle: ") and "is compressed in the archive" in message, message
    assert message.endswith("ask the station to export it again."), message
    assert files_read == ([], [])
    # the same bundle stored as the workstation writes it is taken
    assert run_json(capsys, "--data-dir", dirs / "hq", "bundle", "import", base)["new"] > 0


def test_files_the_file_records_do_not_list_are_refused_before_any_file_is_read(capsys, dirs, english, files_read):
    from workstation.station import signing_key

    _trust(capsys, dirs)
    base = _export(capsys, dirs)
    extra = {f"files/{hashlib.sha256(b'x' * (2 << 20)).hexdigest()}": b"x" * (2 << 20)}
    with zipfile.ZipFile(base) as archive:
        listed = [i.filename for i in archive.infolist() if i.filename.startswith("files/")]
    bad = _rewrite(base, dirs / "extra.bundle", members=extra, signer=signing_key(dirs / "station"))
    message = _refused(capsys, dirs, bad)
    assert message == ("extra.bundle: the files of the bundle do not match its file records; it is refused: ask the "
                       "station to export it again.")
    assert files_read == ([], []), listed


def test_deflated_members_inflating_too_far_together_are_refused(capsys, dirs, english):
    from workstation.bundle.tables import TABLES
    from workstation.station import signing_key

    _trust(capsys, dirs)
    base = _export(capsys, dirs)
    # each just under 1 MiB (the limit of one member's ratio), together some 15 MiB from a few kB
    padded = dict([(f"records/{t.name}.json", b"[]" + b" " * ((1 << 20) - 100)) for t in TABLES
              if t.name != "files"][:15])
    bad = _rewrite(base, dirs / "padded.bundle", members=padded, signer=signing_key(dirs / "station"))
    assert bad.stat().st_size < (1 << 20)
    message = _refused(capsys, dirs, bad)
    assert message.startswith("padded.bundle: its compressed members would inflate to ") and \
        "more than 200 times their size in the archive" in message, message


def test_a_withdrawn_key_is_refused_before_any_file_is_read(capsys, dirs, english, files_read):
    _trust(capsys, dirs)
    base = _export(capsys, dirs)
    run_json(capsys, "--data-dir", dirs / "hq", "station", "untrust", "南海区局", "--reason", "笔记本遗失")
    message = _refused(capsys, dirs, base)
    assert message.startswith("base.bundle is refused: ") and "withdrawn" in message, message
    assert files_read == ([], [])


def test_the_window_asks_about_trust_before_checking_and_staging_the_files(capsys, dirs, english, files_read):
    from ui.bundle_tasks import plan_task, replan_task
    from workstation.station import signing_key

    base = _export(capsys, dirs)
    # altered as well: once trusted it is refused for that, never before the officer is asked about the station
    bad = _rewrite(base, dirs / "altered.bundle", deflate_files=True, signer=signing_key(dirs / "station"))
    preview = plan_task(dirs / "hq", str(bad), progress=None, cancel=None)
    try:
        assert preview.plan is None and preview.card["name"] == "南海区局"
        assert "not trusted here" in preview.refusal and not preview.key_changed
        assert files_read == ([], []) and not _incoming(dirs / "hq")
        with pytest.raises(reader.BundleRefused, match="is compressed in the archive"):
            replan_task(dirs / "hq", preview, progress=None, cancel=None)
    finally:
        preview.close()
    # a good bundle: asked about, then checked (its files staged) and planned once trusted
    preview = plan_task(dirs / "hq", str(base), progress=None, cancel=None)
    assert preview.plan is None and files_read == ([], [])
    trusted = replan_task(dirs / "hq", preview, progress=None, cancel=None)
    try:
        assert trusted.plan is not None and trusted.plan.station_status == "new_station"
        assert trusted.bundle.manifest["station"]["name"] == "南海区局"
        assert files_read[1], "the trusted bundle's files are staged for the merge"
    finally:
        trusted.close()
    assert not _incoming(dirs / "hq")


def test_a_record_changed_here_since_shows_as_newer_here_kept(capsys, dirs, english, qapp):
    from ui.merge_plan_model import MergePlanModel
    from workstation.bundle import open_bundle, plan_merge
    from workstation.store import find_case, update_case

    _trust(capsys, dirs)
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "import", _export(capsys, dirs, "a1.bundle", "--all"))
    db = open_db(dirs / "hq")
    try:
        from dataclasses import replace

        update_case(db, replace(find_case(db, CASE), facts="总部补记的案情"))
        again = _export(capsys, dirs, "a2.bundle", "--all")  # the station still holds the old facts
        with open_bundle(again) as bundle:
            plan = plan_merge(db, bundle)
        change = next(c for c in plan.changes if c.table == "cases" and c.label.startswith(CASE))
        assert change.status == "unchanged" and change.newer_here
        assert [f.field for f in change.kept_here] == ["facts"]
        assert change.kept_here[0].local == "总部补记的案情"
        others = [c for c in plan.changes if c.table == "cases" and c is not change]
        assert others and not any(c.newer_here for c in others)
        counts = plan.counts()
        assert counts["kept_newer"] == 1
        assert plan.by_table()["cases"]["unchanged"] == len(others) + 1  # the four counts as before
        model = MergePlanModel(plan)
        tables = [model.index(row, 0) for row in range(model.rowCount())]
        cases = next(i for i in tables if model.data(i).startswith("Cases"))
        assert f"{len(others)} unchanged, 1 newer here (kept)" in model.data(cases)
        rows = [model.index(row, 1, cases) for row in range(model.rowCount(cases))]
        shown = [model.data(i) for i in rows if model.data(model.index(i.row(), 0, cases)).startswith(CASE)]
        assert shown == ["≠ Newer here, kept"]
        record = next(model.index(i.row(), 0, cases) for i in rows
                      if model.data(model.index(i.row(), 0, cases)).startswith(CASE))
        assert model.rowCount(record) == 1
        assert model.data(model.index(0, 2, record)) == "总部补记的案情"
        assert model.data(model.index(0, 5, record)) == "Newer here: kept"
        # shown even when the unchanged records are hidden
        model.set_hide_unchanged(True)
        cases = next(model.index(r, 0) for r in range(model.rowCount()) if model.data(model.index(r, 0))
                     .startswith("Cases"))
        assert model.rowCount(cases) == 1
    finally:
        db.conn.close()
