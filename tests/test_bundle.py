"""Case bundles: export at a station, verify and merge at headquarters, conflicts, audit continuity, trust, and
every bad bundle refused with the headquarters database left byte for byte as it was."""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import zipfile
from pathlib import Path

import pytest

from tests.data_digest import data_digest
from tests.helpers import (
    CASE,
    DEMO_EVIDENCE_FILES,
    copy_station_and_hq,
    db_digest,
    figures,
    open_db,
    run,
    run_json,
)


@pytest.fixture(scope="module")
def template(station_and_hq_template):
    """A Nanhai station with the demo and one issued document, and an empty headquarters holding the
    station's card; built once a worker (conftest.py), copied for each test."""
    return station_and_hq_template(issue_document=True)


@pytest.fixture
def dirs(template, tmp_path):
    return copy_station_and_hq(template, tmp_path)


@pytest.fixture(scope="module")
def first_merge(template, tmp_path_factory):
    """The folders of ``template`` after the station exported one.bundle and headquarters trusted the station's
    card and imported it: made once for the module (the first merge, checked by
    ``test_export_import_gives_equal_statistics_and_is_idempotent``), copied by ``merged`` for each test."""
    import contextlib
    import gc
    import io

    from workstation.cli import main

    root = copy_station_and_hq(template, tmp_path_factory.mktemp("bundle-merged"))
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()) as err:
        for argv in (["--data-dir", root / "station", "bundle", "export", "-o", root / "one.bundle"],
                     ["--data-dir", root / "hq", "station", "trust", root / "station.card"],
                     ["--data-dir", root / "hq", "bundle", "import", root / "one.bundle"]):
            assert main([str(a) for a in argv]) == 0, err.getvalue()
    gc.collect()
    return root


@pytest.fixture
def merged(first_merge, tmp_path):
    """``dirs`` as they are after the station's first export was merged at headquarters (a copy of
    ``first_merge``): what the tests of later bundles start from."""
    copy_station_and_hq(first_merge, tmp_path)
    shutil.copy(first_merge / "one.bundle", tmp_path / "one.bundle")
    return tmp_path


def export(capsys, dirs, name="one.bundle", *extra):
    return run_json(capsys, "--data-dir", dirs / "station", "bundle", "export", "-o", dirs / name, *extra)


def import_(capsys, dirs, name="one.bundle", *extra):
    return run_json(capsys, "--data-dir", dirs / "hq", "bundle", "import", dirs / name, *extra)


def trust(capsys, dirs):
    run_json(capsys, "--data-dir", dirs / "hq", "station", "trust", dirs / "station.card")


def stats(capsys, data_dir):
    return figures(capsys, data_dir)


def test_export_import_gives_equal_statistics_and_is_idempotent(capsys, dirs):
    result = export(capsys, dirs)
    # the issued 立案审批表 and the demo's evidence files, one per item of its 34 cases past their investigation (the
    # 18 of calls and messages hold both logs)
    assert result["cases"] == 36 and result["files"] == 1 + DEMO_EVIDENCE_FILES and not result["encrypted"]
    trust(capsys, dirs)
    merged = import_(capsys, dirs)
    assert merged["new"] == result["records"] and merged["conflicts"] == 0 and merged["updated"] == 0
    assert stats(capsys, dirs / "hq") == stats(capsys, dirs / "station")
    # the same figures, headquarters naming the station they come from (the station names none)
    stations = run_json(capsys, "--data-dir", dirs / "hq", "stats")["stations"]
    assert [s["station"] for s in stations] == ["南海区局"]
    assert run_json(capsys, "--data-dir", dirs / "station", "stats")["stations"] == []
    hq = open_db(dirs / "hq")
    title, sha = hq.execute("SELECT title, pdf_sha256 FROM documents").fetchone()
    from workstation.filestore import read_file

    assert title == "立案审批表" and read_file(dirs / "hq", sha)[:4] == b"%PDF"
    assert hq.execute("SELECT COUNT(*) FROM case_officers").fetchone()[0] == 72
    hq.conn.close()
    before = db_digest(dirs / "hq")
    again = import_(capsys, dirs)
    # nothing merged, nothing counted as if it were (session 70): the four counts 0, the flag saying why
    assert (again["new"], again["updated"], again["unchanged"], again["conflicts"], again["already_imported"]) == (
        0, 0, 0, 0, True)
    assert db_digest(dirs / "hq") == before


def test_audit_verify_at_headquarters_stays_valid_after_merging(capsys, merged):
    dirs = merged
    assert run_json(capsys, "--data-dir", dirs / "hq", "audit", "verify")["valid"] is True


def test_dry_run_changes_nothing(capsys, dirs):
    export(capsys, dirs)
    trust(capsys, dirs)
    before = db_digest(dirs / "hq")
    preview = import_(capsys, dirs, "one.bundle", "--dry-run")
    assert preview["new"] > 0 and preview["dry_run"] is True
    assert db_digest(dirs / "hq") == before


#: the demo case edited on either side: performed, not closed (a closed case keeps its figures and cause,
#: ``cases.closed_figures_errors``)
EDITED = "佛南市监立〔2026〕7号"


def _edit_case(data_dir, **fields):
    from dataclasses import replace

    from workstation.store import find_case, update_case

    db = open_db(data_dir)
    case = find_case(db, EDITED)
    update_case(db, replace(case, **fields))
    db.conn.close()


def _case_row(data_dir):
    db = open_db(data_dir)
    row = db.execute("SELECT fine_fen, facts, cause FROM cases WHERE case_number = ?", [EDITED]).fetchone()
    db.conn.close()
    return row


def test_changes_since_the_last_export_travel_alone(capsys, merged):
    dirs = merged
    _edit_case(dirs / "station", facts="补充调查：当事人承认发送短信1200条。")
    second = export(capsys, dirs, "two.bundle")
    assert second["scope"] == "changed" and second["cases"] == 1
    merged = import_(capsys, dirs, "two.bundle")
    assert merged["by_table"]["cases"] == {"new": 0, "updated": 1, "unchanged": 0, "conflicts": 0}
    assert merged["by_table"]["case_events"]["new"] == 1  # the edit's own event
    assert _case_row(dirs / "hq")[1] == "补充调查：当事人承认发送短信1200条。"
    empty = export(capsys, dirs, "three.bundle")
    assert empty["cases"] == 0 and empty["records"] == 0, empty


def test_a_field_changed_on_both_sides_is_a_conflict_kept_and_resolvable(capsys, merged):
    dirs = merged
    original_fine = _case_row(dirs / "hq")[0]
    _edit_case(dirs / "hq", fine_fen=original_fine + 100_000)  # HQ corrects the fine
    _edit_case(dirs / "station", fine_fen=original_fine + 200_000, facts="站点补充事实")  # and so does the station
    export(capsys, dirs, "two.bundle")
    merged = import_(capsys, dirs, "two.bundle")
    assert merged["conflicts"] == 1
    fine, facts, _cause = _case_row(dirs / "hq")
    assert fine == original_fine + 100_000  # never overwritten silently
    assert facts == "站点补充事实"  # changed only at the station: taken
    conflicts = run_json(capsys, "--data-dir", dirs / "hq", "bundle", "conflicts")
    assert [(c["field"], c["local"], c["incoming"], c["record"]) for c in conflicts] == [
        ("fine_fen", original_fine + 100_000, original_fine + 200_000, EDITED)]
    # importing the same bundle again adds no second conflict
    import_(capsys, dirs, "two.bundle")
    assert len(run_json(capsys, "--data-dir", dirs / "hq", "bundle", "conflicts")) == 1
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "resolve", conflicts[0]["id"], "--take-incoming")
    assert _case_row(dirs / "hq")[0] == original_fine + 200_000
    assert run_json(capsys, "--data-dir", dirs / "hq", "bundle", "conflicts") == []


def test_a_change_made_only_at_headquarters_is_kept(capsys, merged):
    dirs = merged
    _edit_case(dirs / "hq", cause="侵害消费者个人信息案（市局更正）")
    _edit_case(dirs / "station", facts="站点补充事实")
    export(capsys, dirs, "two.bundle")
    merged = import_(capsys, dirs, "two.bundle")
    assert merged["conflicts"] == 0
    assert _case_row(dirs / "hq")[1:] == ("站点补充事实", "侵害消费者个人信息案（市局更正）")


def test_two_stations_merge_into_one_headquarters(capsys, dirs, tmp_path):
    from workstation.records import Case, Officer, Party
    from workstation.station import ensure_station
    from workstation.store import (
        agency_id_for_code,
        create_case,
        ensure_reference_data,
        save_officer,
        save_party,
    )

    other = tmp_path / "shunde"
    db = open_db(other)
    ensure_reference_data(db)
    ensure_station(db, other, name="顺德区局", agency_id=agency_id_for_code("440606"))
    agency = agency_id_for_code("440606")
    officers = [save_officer(db, Officer(name=n, cert_no=c, agency_id=agency))
                for n, c in (("李明", "44060612001"), ("王芳", "44060612002"))]
    party = save_party(db, Party(name="佛山市顺德区某装饰工程有限公司", uscc="91440604MA5062D90R"))
    create_case(db, Case(case_number="佛顺市监立〔2026〕101号", cause="涉嫌非法提供消费者个人信息案", sector="decoration", agency_id=agency,
                         status="penalty_decided", filed_on="2026-03-02", party_ids=[party.id],
                         officer_ids=[o.id for o in officers],  # decided: the statistics count its fine
                         records_other=300, fine_fen=500_000))
    db.conn.close()
    run_json(capsys, "--data-dir", other, "station", "export", "-o", tmp_path / "shunde.card")
    run_json(capsys, "--data-dir", other, "bundle", "export", "-o", tmp_path / "shunde.bundle")
    export(capsys, dirs)
    trust(capsys, dirs)
    run_json(capsys, "--data-dir", dirs / "hq", "station", "trust", tmp_path / "shunde.card")
    import_(capsys, dirs)
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "import", tmp_path / "shunde.bundle")
    merged = stats(capsys, dirs / "hq")
    nanhai = stats(capsys, dirs / "station")
    assert merged["cases"]["total"] == nanhai["cases"]["total"] + 1
    assert merged["infringing_records"] == nanhai["infringing_records"] + 300
    assert merged["fines_fen"] == nanhai["fines_fen"] + 500_000
    stations = run_json(capsys, "--data-dir", dirs / "hq", "station", "list")
    assert {s["name"] for s in stations if s["role"] == "trusted"} == {"南海区局", "顺德区局"}


def test_encrypted_bundle_opens_only_at_its_headquarters(capsys, dirs, tmp_path):
    run_json(capsys, "--data-dir", dirs / "station", "station", "headquarters", dirs / "hq.card")
    result = export(capsys, dirs)
    assert result["encrypted"]
    raw = (dirs / "one.bundle").read_bytes()
    assert "佛山市南海区".encode() not in raw and not raw.startswith(b"PK")
    # another headquarters cannot open it
    run_json(capsys, "--data-dir", tmp_path / "elsewhere", "init")
    code, _out, err = run(capsys, "--data-dir", tmp_path / "elsewhere", "bundle", "verify", dirs / "one.bundle")
    assert code == 1 and "one.bundle" in err
    # said to whoever holds it (here a station), not as if it were another headquarters
    assert "另一个总部" not in err and "只能在其导出时指定的总部打开" in err
    trust(capsys, dirs)
    assert import_(capsys, dirs)["new"] == result["records"]


def test_audit_segment_must_continue_the_previous_one(capsys, merged):
    dirs = merged
    _edit_case(dirs / "station", facts="第一次补充")
    export(capsys, dirs, "two.bundle")
    _edit_case(dirs / "station", facts="第二次补充")
    export(capsys, dirs, "three.bundle")
    before = data_digest(dirs / "hq")
    code, _out, err = run(capsys, "--data-dir", dirs / "hq", "bundle", "import", dirs / "three.bundle")
    assert code == 1 and "three.bundle" in err and "\n" not in err.strip()
    assert data_digest(dirs / "hq") == before
    import_(capsys, dirs, "two.bundle")
    assert import_(capsys, dirs, "three.bundle")["updated"] == 1
    assert _case_row(dirs / "hq")[1] == "第二次补充"


def test_unknown_station_refused_until_trusted(capsys, dirs):
    export(capsys, dirs)
    before = data_digest(dirs / "hq")
    code, _out, err = run(capsys, "--data-dir", dirs / "hq", "bundle", "import", dirs / "one.bundle")
    assert code == 1 and "南海区局" in err
    assert data_digest(dirs / "hq") == before
    assert import_(capsys, dirs, "one.bundle", "--trust")["new"] > 0


def test_changed_station_key_refused_unless_trusted_anew(capsys, merged):
    dirs = merged
    shutil.rmtree(dirs / "station" / "station")  # the keys are lost: the station makes new ones
    _edit_case(dirs / "station", facts="新密钥之后的修改")
    export(capsys, dirs, "two.bundle")
    before = data_digest(dirs / "hq")
    code, _out, err = run(capsys, "--data-dir", dirs / "hq", "bundle", "import", dirs / "two.bundle")
    assert code == 1 and "two.bundle" in err
    assert data_digest(dirs / "hq") == before
    assert import_(capsys, dirs, "two.bundle", "--trust")["updated"] == 1


def test_trust_checks_the_fingerprint_read_out(capsys, dirs):
    code, _out, err = run(capsys, "--data-dir", dirs / "hq", "station", "trust", dirs / "station.card",
                          "--fingerprint", "0000 0000 0000 0000 0000")
    assert code == 1 and "station.card" in err
    card = json.loads((dirs / "station.card").read_text(encoding="utf-8"))
    run_json(capsys, "--data-dir", dirs / "hq", "station", "trust", dirs / "station.card", "--fingerprint",
             card["fingerprint"].lower())


# ---- bad bundles: each refused with a one-line reason and the headquarters database unchanged -------------------

def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def _write(path: Path, members: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data, compress_type=zipfile.ZIP_STORED if name.startswith("files/") else None)


def _resign(dirs, members: dict[str, bytes], change) -> None:
    from workstation.station import signing_key

    manifest = json.loads(members["manifest.json"])
    change(manifest)
    members["manifest.json"] = json.dumps(manifest, ensure_ascii=False).encode()
    members["manifest.sig"] = base64.b64encode(signing_key(dirs / "station").sign(members["manifest.json"]))


def _flip(path: Path, member: str) -> None:
    """Flip one byte in the middle of ``member``'s data as stored in the archive."""
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(member)
    raw = bytearray(path.read_bytes())
    header = info.header_offset
    name_len = int.from_bytes(raw[header + 26:header + 28], "little")
    extra_len = int.from_bytes(raw[header + 28:header + 30], "little")
    start = header + 30 + name_len + extra_len
    raw[start + info.compress_size // 2] ^= 0x01
    path.write_bytes(bytes(raw))


def _stored(data_dir: Path) -> set[str]:
    """Everything under the file store (staging folders included)."""
    return {str(p.relative_to(data_dir)) for p in (data_dir / "files").rglob("*")} if (data_dir / "files").exists() \
        else set()


def _refused(capsys, dirs, name="bad.bundle", *extra) -> str:
    before, files = data_digest(dirs / "hq"), _stored(dirs / "hq")
    code, out, err = run(capsys, "--data-dir", dirs / "hq", "bundle", "import", dirs / name, *extra)
    assert code == 1, out
    assert data_digest(dirs / "hq") == before  # only listed as refused (导入记录)
    assert _stored(dirs / "hq") == files  # no file of a refused bundle is kept, no staging folder is left
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err
    return lines[0]


@pytest.fixture(scope="module")
def exported(template, tmp_path_factory):
    """The folders of ``template`` after the station exported good.bundle and headquarters trusted the station's
    card: made once for the module, copied by ``plain_bundle`` for each test."""
    import contextlib
    import gc
    import io

    from workstation.cli import main

    root = copy_station_and_hq(template, tmp_path_factory.mktemp("bundle-exported"))
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()) as err:
        assert main(["--data-dir", str(root / "station"), "bundle", "export", "-o", str(root / "good.bundle")]) == 0, \
            err.getvalue()
        assert main(["--data-dir", str(root / "hq"), "station", "trust", str(root / "station.card")]) == 0, \
            err.getvalue()
    gc.collect()
    return root


@pytest.fixture
def plain_bundle(exported, dirs):
    """``dirs`` as they are after the station exported good.bundle and headquarters trusted its card (a copy)."""
    for name in ("station", "hq"):
        shutil.rmtree(dirs / name)
    copy_station_and_hq(exported, dirs)
    shutil.copy(exported / "good.bundle", dirs / "good.bundle")
    return dirs / "good.bundle"


@pytest.mark.parametrize("member", ["manifest.json", "manifest.sig", "records/cases.json", "records/parties.json",
                                    "audit.json", "files"])
def test_one_flipped_byte_in_any_member_is_refused(capsys, dirs, plain_bundle, member):
    bad = dirs / "bad.bundle"
    shutil.copy(plain_bundle, bad)
    if member == "files":
        member = next(n for n in _members(bad) if n.startswith("files/"))
    _flip(bad, member)
    assert "bad.bundle" in _refused(capsys, dirs)


def test_flipped_byte_in_an_encrypted_bundle_is_refused(capsys, dirs):
    run_json(capsys, "--data-dir", dirs / "station", "station", "headquarters", dirs / "hq.card")
    export(capsys, dirs, "bad.bundle")
    trust(capsys, dirs)
    raw = bytearray((dirs / "bad.bundle").read_bytes())
    raw[len(raw) // 2] ^= 0x01
    (dirs / "bad.bundle").write_bytes(bytes(raw))
    assert "bad.bundle" in _refused(capsys, dirs)


@pytest.mark.parametrize("encrypted", [False, True])
def test_truncated_archive_is_refused(capsys, dirs, encrypted):
    if encrypted:
        run_json(capsys, "--data-dir", dirs / "station", "station", "headquarters", dirs / "hq.card")
    export(capsys, dirs, "bad.bundle")
    trust(capsys, dirs)
    raw = (dirs / "bad.bundle").read_bytes()
    (dirs / "bad.bundle").write_bytes(raw[: len(raw) * 2 // 3])
    message = _refused(capsys, dirs)
    assert "bad.bundle" in message


@pytest.mark.parametrize("evil", ["../x", "/x", "files/../../x", "C:/x"])
def test_member_escaping_the_bundle_is_refused(capsys, dirs, plain_bundle, evil):
    members = _members(plain_bundle)
    members[evil] = b"owned"
    _write(dirs / "bad.bundle", members)
    assert evil in _refused(capsys, dirs)


def test_zip_bomb_is_refused(capsys, dirs, plain_bundle):
    members = _members(plain_bundle)
    members["files/" + "0" * 64] = bytes(64 << 20)  # 64 MiB of zeros deflate to about 64 KiB
    _write(dirs / "bad.bundle", members)
    message = _refused(capsys, dirs)
    assert "files/" + "0" * 64 in message


@pytest.mark.parametrize("change, words", [
    (lambda m: m.update(format_version=99), "99"),
    (lambda m: m.update(app_version="9.0.0"), "9.0.0"),
    (lambda m: m.update(schema=[*m["schema"], "m099_future"]), "99"),
])
def test_unknown_format_or_newer_version_is_refused(capsys, dirs, plain_bundle, change, words):
    members = _members(plain_bundle)
    _resign(dirs, members, change)
    _write(dirs / "bad.bundle", members)
    assert words in _refused(capsys, dirs)


def test_headquarters_not_yet_upgraded_names_both_versions_and_says_to_upgrade_first(capsys, dirs, plain_bundle,
                                                                                     monkeypatch, english):
    from workstation.db import schema

    # headquarters still runs the version before the m012 migration and those after; the station's bundle has them
    latest = int(schema.MIGRATIONS[-1][0][1:4])
    shutil.rmtree(dirs / "hq")
    monkeypatch.setattr(schema, "MIGRATIONS", [m for m in schema.MIGRATIONS if m[0] < "m012"])
    run_json(capsys, "--data-dir", dirs / "hq", "init", "--station-name", "佛山市局")
    trust(capsys, dirs)
    message = _refused(capsys, dirs, "good.bundle")
    assert message == (f"Error: good.bundle was written by workstation 0.1.0 (database schema {latest}); this "
                       "workstation runs 0.1.0 (database schema 11) and cannot read it, so nothing was imported. "
                       "Upgrade the workstation here first, to the station's version or later, then import the "
                       "bundle again.")


def test_manifest_listing_an_absent_file_is_refused(capsys, dirs, plain_bundle):
    members = _members(plain_bundle)
    _resign(dirs, members, lambda m: m["members"].update({"files/" + "a" * 64: {"sha256": "a" * 64, "size": 1}}))
    _write(dirs / "bad.bundle", members)
    assert "files/" + "a" * 64 in _refused(capsys, dirs)


def test_file_not_in_the_manifest_is_refused(capsys, dirs, plain_bundle):
    members = _members(plain_bundle)
    members["files/" + "b" * 64] = b"smuggled"
    _write(dirs / "bad.bundle", members)
    assert "files/" + "b" * 64 in _refused(capsys, dirs)


def test_bundle_signed_by_another_key_is_refused(capsys, dirs, plain_bundle):
    from cryptography.hazmat.primitives.asymmetric import ed25519

    members = _members(plain_bundle)
    forger = ed25519.Ed25519PrivateKey.generate()
    members["manifest.sig"] = base64.b64encode(forger.sign(members["manifest.json"]))
    _write(dirs / "bad.bundle", members)
    assert "bad.bundle" in _refused(capsys, dirs)


def test_not_a_bundle_and_missing_file_are_refused(capsys, dirs):
    (dirs / "bad.bundle").write_text("hello", encoding="utf-8")
    assert "bad.bundle" in _refused(capsys, dirs)
    assert "nothing.bundle" in _refused(capsys, dirs, "nothing.bundle")


def test_export_to_an_unwritable_place_leaves_nothing(capsys, dirs, tmp_path):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file, not a folder", encoding="utf-8")
    code, _out, err = run(capsys, "--data-dir", dirs / "station", "bundle", "export", "-o", blocked / "x.bundle")
    assert code == 1 and "x.bundle" in err
    db = open_db(dirs / "station")
    assert db.execute("SELECT COUNT(*) FROM bundle_exports").fetchone()[0] == 0
    db.conn.close()


def test_cancelled_export_writes_no_bundle_and_keeps_the_last_export_mark(dirs):
    from workstation.bundle import export_bundle, last_export
    from workstation.errors import Cancelled
    from workstation.progress import CancelToken

    db = open_db(dirs / "station")
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        export_bundle(db, dirs / "station", dirs / "c.bundle", cancel=token)
    assert not (dirs / "c.bundle").exists() and not list(dirs.glob(".bundle-*"))
    assert last_export(db) is None
    db.conn.close()


def test_case_number_already_used_by_another_case_is_refused(capsys, dirs, tmp_path):
    from workstation.records import Case, Officer, Party
    from workstation.station import ensure_station
    from workstation.store import (
        agency_id_for_code,
        create_case,
        ensure_reference_data,
        save_officer,
        save_party,
    )

    other = tmp_path / "nanhai2"
    db = open_db(other)
    ensure_reference_data(db)
    ensure_station(db, other, name="南海区局第二台")
    agency = agency_id_for_code("440605")
    officers = [save_officer(db, Officer(name=n, cert_no=c, agency_id=agency))
                for n, c in (("李明", "44060512101"), ("王芳", "44060512102"))]
    party = save_party(db, Party(name="佛山市南海区某房产中介", uscc="91440604MA5062D90R"))
    create_case(db, Case(case_number=CASE, cause="涉嫌发送商业性信息案", sector="real_estate", agency_id=agency,
                         status="investigating", party_ids=[party.id], officer_ids=[o.id for o in officers]))
    db.conn.close()
    run_json(capsys, "--data-dir", other, "bundle", "export", "-o", dirs / "bad.bundle")
    export(capsys, dirs)
    trust(capsys, dirs)
    import_(capsys, dirs)
    message = _refused(capsys, dirs, "bad.bundle", "--trust")
    assert CASE in message


def _publicity_ids(data_dir) -> set[str]:
    db = open_db(data_dir)
    ids = {r[0] for r in db.execute("SELECT id FROM publicity")}
    db.conn.close()
    return ids


def _own_publicity_id(data_dir) -> str:
    """The first activity (by id) of an agency the station records for, which it may delete."""
    from workstation.store.publicity import recordable_agencies

    db = open_db(data_dir)
    allowed = recordable_agencies(db)
    ids = sorted(r[0] for r in db.execute("SELECT id, agency_id FROM publicity") if allowed is None or r[1] in allowed)
    db.conn.close()
    return ids[0]


def test_a_record_deleted_at_the_station_is_deleted_at_headquarters(capsys, merged):
    from workstation.store.publicity import delete_publicity

    dirs = merged
    gone = _own_publicity_id(dirs / "station")
    db = open_db(dirs / "station")
    delete_publicity(db, gone)
    db.conn.close()
    export(capsys, dirs, "two.bundle")
    merged = import_(capsys, dirs, "two.bundle")
    assert merged["updated"] == 1 and merged["conflicts"] == 0
    assert gone not in _publicity_ids(dirs / "hq")
    assert stats(capsys, dirs / "hq") == stats(capsys, dirs / "station")


def test_a_record_deleted_at_the_station_but_changed_here_is_a_conflict(capsys, merged):
    from workstation.store.publicity import delete_publicity

    dirs = merged
    gone = _own_publicity_id(dirs / "station")
    hq = open_db(dirs / "hq")
    with hq.atomic():
        hq.execute("UPDATE publicity SET flyers = flyers + 100 WHERE id = ?", [gone])
    hq.conn.close()
    db = open_db(dirs / "station")
    delete_publicity(db, gone)
    db.conn.close()
    export(capsys, dirs, "two.bundle")
    assert import_(capsys, dirs, "two.bundle")["conflicts"] == 1
    assert gone in _publicity_ids(dirs / "hq")  # kept: it was changed here
    conflicts = run_json(capsys, "--data-dir", dirs / "hq", "bundle", "conflicts")
    assert [(c["table"], c["field"]) for c in conflicts] == [("publicity", "_deleted")]
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "resolve", conflicts[0]["id"], "--take-incoming")
    assert gone not in _publicity_ids(dirs / "hq")


def _leads_of_complaints(data_dir) -> tuple[set[str], dict[str, str | None]]:
    db = open_db(data_dir)
    leads = {r[0] for r in db.execute("SELECT id FROM leads WHERE group_key != ''")}
    complaints = dict(db.execute("SELECT external_id, lead_id FROM complaints").fetchall())
    db.conn.close()
    return leads, complaints


def _screen_station(capsys, dirs, *, without_keyword: str | None = None):
    from workstation.screening.rules import save_rules, shipped_rules_path

    if without_keyword:
        text = shipped_rules_path().read_text(encoding="utf-8").replace(f'"{without_keyword}",', "")
        save_rules(dirs / "station", text)
    return run_json(capsys, "--data-dir", dirs / "station", "leads", "screen")


def test_a_lead_the_station_screened_away_is_deleted_at_headquarters(capsys, dirs):
    export_file = dirs / "council.csv"
    export_file.write_text("投诉编号,投诉时间,联系电话,投诉内容\n"
                           "L1,2026-03-02 10:00:00,13900139001,13800138000呼死你式来电，一天几十个\n"
                           "L2,2026-03-03 11:00:00,13900139002,138-0013-8000又是呼死你式来电\n", encoding="utf-8")
    run_json(capsys, "--data-dir", dirs / "station", "complaints", "import", export_file, "--profile",
             "consumer_council")
    assert len(_screen_station(capsys, dirs)["leads"]) == 1
    export(capsys, dirs)
    trust(capsys, dirs)
    import_(capsys, dirs)
    leads, complaints = _leads_of_complaints(dirs / "hq")
    assert len(leads) == 1 and set(complaints.values()) == leads
    assert _screen_station(capsys, dirs, without_keyword="呼死你")["leads"] == []
    export(capsys, dirs, "two.bundle")
    merged = import_(capsys, dirs, "two.bundle")
    assert merged["conflicts"] == 0
    assert _leads_of_complaints(dirs / "hq") == (set(), {"L1": None, "L2": None})
    assert stats(capsys, dirs / "hq") == stats(capsys, dirs / "station")


def test_a_lead_the_station_screened_away_but_headquarters_still_uses_is_kept_as_a_conflict(capsys, dirs,
                                                                                            english):
    export_file = dirs / "council.csv"
    export_file.write_text("投诉编号,投诉时间,联系电话,投诉内容\n"
                           "K1,2026-03-02 10:00:00,13900139001,13800138000呼死你式来电，一天几十个\n",
                           encoding="utf-8")
    run_json(capsys, "--data-dir", dirs / "station", "complaints", "import", export_file, "--profile",
             "consumer_council")
    _screen_station(capsys, dirs)
    export(capsys, dirs)
    trust(capsys, dirs)
    import_(capsys, dirs)
    (lead,), _complaints = _leads_of_complaints(dirs / "hq")
    hq = open_db(dirs / "hq")
    with hq.atomic():  # an analyst at headquarters files another complaint under the lead
        hq.execute("INSERT INTO complaints (id, source, external_id, text, created_at, lead_id) "
                   "VALUES ('hq-1', '12345', 'HQ1', '同一号码来电', '2026-03-04 09:00:00', ?)", [lead])
    hq.conn.close()
    _screen_station(capsys, dirs, without_keyword="呼死你")
    export(capsys, dirs, "two.bundle")
    assert import_(capsys, dirs, "two.bundle")["conflicts"] == 1
    leads, complaints = _leads_of_complaints(dirs / "hq")
    assert leads == {lead} and complaints == {"K1": None, "HQ1": lead}
    conflicts = run_json(capsys, "--data-dir", dirs / "hq", "bundle", "conflicts")
    assert [(c["table"], c["field"]) for c in conflicts] == [("leads", "_deleted")]
    message = run(capsys, "--data-dir", dirs / "hq", "bundle", "resolve", conflicts[0]["id"], "--take-incoming")
    assert message[0] == 1 and "still referred to here" in message[2]
    assert _leads_of_complaints(dirs / "hq")[0] == {lead}
    message = run(capsys, "--data-dir", dirs / "hq", "bundle", "resolve", "no-such-id", "--take-incoming")
    assert message[0] == 1 and "There is no conflict no-such-id here" in message[2]
    assert "`bundle conflicts`" in message[2]


def test_a_bundle_back_from_headquarters_takes_what_headquarters_changed(capsys, merged):
    dirs = merged
    _edit_case(dirs / "hq", cause="侵害消费者个人信息案（市局更正）")  # corrected at headquarters
    _edit_case(dirs / "station", facts="站点补充事实")  # meanwhile the station adds facts
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "export", "-o", dirs / "back.bundle", "--all")
    run_json(capsys, "--data-dir", dirs / "station", "station", "trust", dirs / "hq.card")
    back = run_json(capsys, "--data-dir", dirs / "station", "bundle", "import", dirs / "back.bundle")
    assert back["conflicts"] == 0 and back["by_table"]["cases"]["updated"] == 1
    assert _case_row(dirs / "station")[1:] == ("站点补充事实", "侵害消费者个人信息案（市局更正）")


def test_the_merge_looks_at_the_rules_file_once_not_once_a_record(capsys, dirs, monkeypatch):
    # the preview names each record masked (``merge._label``): a station's bundle of the demo with its complaints
    # looked for the rules file on disk for each of its 14,000 records
    from workstation.screening import rules

    exported = export(capsys, dirs)
    trust(capsys, dirs)
    looked_at = []
    shipped = rules.shipped_rules_path

    def counted():
        looked_at.append(1)
        return shipped()

    monkeypatch.setattr(rules, "shipped_rules_path", counted)
    preview = import_(capsys, dirs, "one.bundle", "--dry-run")
    assert preview["new"] == exported["records"] and len(looked_at) <= 2, len(looked_at)


def test_a_file_under_another_files_sha256_is_refused_even_signed(capsys, dirs, plain_bundle, english):
    """A station's signed manifest listing forged bytes under a file's name (its sha256): the content-addressed
    store would keep them in the real file's place, and skip the real copy arriving later."""
    members = _members(plain_bundle)
    member = next(name for name in members if name.startswith("files/"))
    members[member] = b"forged content"
    forged = {"sha256": hashlib.sha256(b"forged content").hexdigest(), "size": len(b"forged content")}
    _resign(dirs, members, lambda m: m["members"].update({member: forged}))
    _write(dirs / "bad.bundle", members)
    before = _stored(dirs / "hq")
    message = _refused(capsys, dirs)
    assert member in message and "holds other bytes than the file its name (its sha256) stands for" in message
    assert _stored(dirs / "hq") == before
