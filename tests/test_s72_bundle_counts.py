# ruff: noqa: F811 - the fixtures imported from test_bundle_hq are used by name
"""The signed manifest's ``counts`` are checked against the records the bundle holds: a bundle whose counts are
missing, malformed or different from its records is refused by ``bundle verify``, ``bundle import`` and the
window, naming the file and the table, headquarters unchanged; a bundle of an older version, written without some
tables (and without their counts), still imports. A station never named is told by its fingerprint in the
signature's refusal and in the number-block conflicts, never "station Station" (站点站点)."""

from __future__ import annotations

import shutil

import pytest

from tests.helpers import copy_station_and_hq, open_db, run, run_json
from tests.test_bundle import _members, _refused, _resign, _write
from tests.test_bundle_common_base import _as_written_by
from tests.test_bundle_hq import dirs, export, import_, take_headquarters_card, template  # noqa: F401
from tests.test_number_blocks_withdraw import _issued_outside_blocks, _numbers, _station_id
from tests.test_s49_block_withdrawals import _allocate, _block_refused_at_shunde, _issue_at_shunde

AGAIN = "ask the station to export it again."


def _unnamed(data_dir, known_at=None) -> str:
    """Name the station at ``data_dir`` as one never named is (站点), and so at ``known_at``, which trusted its card
    (as it would have trusted the card of a station never named); the first two groups of its fingerprint."""
    from workstation.station import this_station

    db = open_db(data_dir)
    try:
        db.execute("UPDATE stations SET name = ? WHERE role = 'self'", ["站点"])
        db.conn.commit()
        station = this_station(db)
    finally:
        db.conn.close()
    if known_at is not None:
        db = open_db(known_at)
        try:
            assert db.execute("UPDATE stations SET name = ? WHERE id = ?", ["站点", station.id]).rowcount == 1
            db.conn.commit()
        finally:
            db.conn.close()
    return " ".join(station.fingerprint.split()[:2])


@pytest.fixture(scope="module")
def exported(station_and_hq_template, tmp_path_factory):
    """An unnamed station with the demo whose card headquarters trusts, and its bundle good.bundle (made once)."""
    import contextlib
    import io

    from workstation.cli import main

    root = copy_station_and_hq(station_and_hq_template(issue_document=True), tmp_path_factory.mktemp("s72-counts"))
    short = _unnamed(root / "station")
    (root / "short.txt").write_text(short, encoding="utf-8")
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()) as err:
        for argv in (["--data-dir", root / "station", "station", "export", "-o", root / "station.card", "--force"],
                     ["--data-dir", root / "hq", "station", "trust", root / "station.card"],
                     ["--data-dir", root / "station", "bundle", "export", "-o", root / "good.bundle"]):
            assert main([str(a) for a in argv]) == 0, err.getvalue()
    return root


@pytest.fixture
def counted(exported, tmp_path):
    copy_station_and_hq(exported, tmp_path)
    for name in ("good.bundle", "short.txt"):
        shutil.copy(exported / name, tmp_path / name)
    return tmp_path


def _with_counts(dirs, change, name="bad.bundle"):
    members = _members(dirs / "good.bundle")
    _resign(dirs, members, change)
    _write(dirs / name, members)
    return dirs / name


def test_the_genuine_bundle_s_counts_are_its_records(counted):
    """What the writer counts (rows of each table: evidence items, file records, not the files alone) is what the
    reader holds, for every table the bundle carries."""
    from workstation.bundle.reader import open_bundle
    from workstation.bundle.tables import TABLES

    with open_bundle(counted / "good.bundle") as bundle:
        counts = bundle.manifest["counts"]
        assert set(counts) == {t.name for t in TABLES}
        assert counts == {name: len(rows) for name, rows in bundle.records.items()}
        assert counts["cases"] > 1 and counts["evidence"] > 1


def test_counts_that_disagree_with_the_records_are_refused_by_verify_and_import(capsys, counted, english):
    def change(manifest):
        manifest["counts"]["cases"] = 99
        manifest["counts"]["evidence"] = 1

    bad = _with_counts(counted, change)
    code, out, err = run(capsys, "--data-dir", counted / "hq", "bundle", "verify", bad, "--json")
    assert code == 1 and '"valid": true' not in out, out
    assert "bad.bundle" in err and "the case records" in err and "99" in err and err.strip().endswith(AGAIN), err
    line = _refused(capsys, counted)  # headquarters' data and files unchanged
    assert line.startswith("Error: bad.bundle: ") and "the case records" in line and "99" in line, line
    assert line.endswith(AGAIN), line
    # the bundle as the station wrote it imports
    assert run_json(capsys, "--data-dir", counted / "hq", "bundle", "import", counted / "good.bundle")["new"] > 0


@pytest.mark.parametrize("change, said", [
    (lambda m: m.pop("counts"), None),
    (lambda m: m.update(counts=None), None),
    (lambda m: m.update(counts=[2, 6]), None),
    (lambda m: m["counts"].update(cases=-2), "the case records"),
    (lambda m: m["counts"].update(cases=True), "the case records"),
    (lambda m: m["counts"].update(cases="2"), "the case records"),
    (lambda m: m["counts"].update(cases=2.0), "the case records"),
    (lambda m: m["counts"].pop("evidence"), "the evidence records"),
    (lambda m: m["counts"].update(no_such_table=0), "no_such_table"),
])
def test_counts_missing_or_malformed_are_refused(capsys, counted, english, change, said):
    _with_counts(counted, change)
    line = _refused(capsys, counted)
    assert line.startswith("Error: bad.bundle: ") and line.endswith(AGAIN), line
    assert "count" in line, line
    if said is not None:
        assert said in line, line


def test_a_count_of_a_table_the_bundle_does_not_hold_is_refused(capsys, counted, english):
    def change(manifest, members):
        members.pop("records/lead_history.json")

    _as_written_by(counted / "station", counted / "good.bundle", counted / "bad.bundle", change)
    line = _refused(capsys, counted)
    assert "the lead history records" in line and line.endswith(AGAIN), line


@pytest.mark.parametrize("version", [1, 2])
def test_a_bundle_of_an_older_version_without_some_tables_still_imports(capsys, counted, version):
    """A version before number blocks, lead history and the publication reviews wrote neither their members nor
    their counts: it imports."""
    def change(manifest, members):
        for table in ("number_blocks", "lead_history", "publication_reviews"):
            members.pop(f"records/{table}.json")
            manifest["counts"].pop(table)
        manifest["format_version"] = version
        if version == 1:
            members.pop("bases.json")

    _as_written_by(counted / "station", counted / "good.bundle", counted / "old.bundle", change)
    verified = run_json(capsys, "--data-dir", counted / "hq", "bundle", "verify", counted / "old.bundle")
    assert verified["valid"]
    assert run_json(capsys, "--data-dir", counted / "hq", "bundle", "import", counted / "old.bundle")["new"] > 0


@pytest.mark.gui
def test_the_window_refuses_counts_that_disagree(counted, qtbot, prompts, english):
    from tests.data_digest import data_digest
    from ui.exchange_page import ExchangePage
    from ui.task_runner import ImmediateRunner

    bad = _with_counts(counted, lambda m: m["counts"].update(cases=99))
    before = data_digest(counted / "hq")
    db = open_db(counted / "hq")
    try:
        page = ExchangePage(db, counted / "hq", prompts, ImmediateRunner())
        qtbot.addWidget(page)
        page.import_bundles([str(bad)])
        shown = " ".join(str(e) for e in prompts.errors)
        assert "bad.bundle" in shown and "the case records" in shown and "99" in shown, shown
    finally:
        db.conn.close()
    assert data_digest(counted / "hq") == before


def _forged(dirs):
    import base64

    from cryptography.hazmat.primitives.asymmetric import ed25519

    members = _members(dirs / "good.bundle")
    members["manifest.sig"] = base64.b64encode(ed25519.Ed25519PrivateKey.generate().sign(members["manifest.json"]))
    _write(dirs / "forged.bundle", members)
    return dirs / "forged.bundle"


def test_a_forged_signature_names_an_unnamed_station_by_its_fingerprint(capsys, counted, english):
    _forged(counted)
    short = (counted / "short.txt").read_text(encoding="utf-8")
    line = _refused(capsys, counted, "forged.bundle")
    assert f"not signed by station unnamed (fingerprint {short}…)" in line, line
    assert "station 站点" not in line and "station Station" not in line, line


def test_a_forged_signature_names_an_unnamed_station_by_its_fingerprint_in_chinese(counted, chinese):
    from workstation.bundle.reader import BundleRefused, open_bundle

    short = (counted / "short.txt").read_text(encoding="utf-8")
    with pytest.raises(BundleRefused) as refused:
        open_bundle(_forged(counted))
    message = str(refused.value)
    assert f"未命名（指纹 {short}…）" in message, message
    assert "站点 站点" not in message and "站点站点" not in message and "）所签" in message, message


def _block_conflicts(capsys, dirs) -> list[dict]:
    return [c for c in run_json(capsys, "--data-dir", dirs / "hq", "bundle", "conflicts")
            if c["table"] == "number_blocks"]


def test_a_withdrawal_headquarters_sends_names_an_unnamed_headquarters(capsys, dirs, english):
    take_headquarters_card(capsys, dirs)
    shunde = _station_id(capsys, dirs / "shunde")
    _allocate(capsys, dirs, 1, 50, shunde)
    export(capsys, dirs, "hq", "h1.bundle", "--all")
    import_(capsys, dirs, "h1.bundle", at="shunde")
    _issued_outside_blocks(dirs / "shunde", "440606", 3)
    run_json(capsys, "--data-dir", dirs / "hq", *_numbers("withdraw", "440606", "处", 1, 50))
    short = _unnamed(dirs / "hq", known_at=dirs / "shunde")
    export(capsys, dirs, "hq", "h2.bundle", "--all")
    assert import_(capsys, dirs, "h2.bundle", at="shunde")["conflicts"] == 1
    [conflict] = run_json(capsys, "--data-dir", dirs / "shunde", "bundle", "conflicts")
    assert conflict["incoming"] == f"Withdrawn at station unnamed (fingerprint {short}…)", conflict


def test_a_station_s_refusal_of_a_block_names_an_unnamed_station(capsys, dirs, english):
    _block_refused_at_shunde(capsys, dirs)
    short = _unnamed(dirs / "shunde", known_at=dirs / "hq")
    export(capsys, dirs, "shunde", "s1.bundle")
    import_(capsys, dirs, "s1.bundle")
    [conflict] = _block_conflicts(capsys, dirs)
    assert conflict["incoming"].startswith(f"Station unnamed (fingerprint {short}…) refused the block"), conflict


def _withdrawn_after_issuing(capsys, dirs) -> None:
    """Headquarters allocates 询 4–10 to Shunde, Shunde issues 4 and 5 from it, and headquarters, not knowing that,
    withdraws the block: Shunde has read the withdrawal."""
    take_headquarters_card(capsys, dirs)
    shunde = _station_id(capsys, dirs / "shunde")
    _allocate(capsys, dirs, 4, 10, shunde, "询")
    export(capsys, dirs, "hq", "h1.bundle", "--all")
    import_(capsys, dirs, "h1.bundle", at="shunde")
    _issue_at_shunde(capsys, dirs)
    _issue_at_shunde(capsys, dirs)
    run_json(capsys, "--data-dir", dirs / "hq", *_numbers("withdraw", "440606", "询", 4, 10))
    export(capsys, dirs, "hq", "h2.bundle", "--all")
    import_(capsys, dirs, "h2.bundle", at="shunde")


def _issued_conflicts(capsys, dirs) -> list[str]:
    """What headquarters' block conflicts say of the numbers Shunde issued, once Shunde's bundle is imported there."""
    export(capsys, dirs, "shunde", "s1.bundle")
    import_(capsys, dirs, "s1.bundle")
    return [c["incoming"] for c in _block_conflicts(capsys, dirs) if "issued at station" in str(c["incoming"])]


def test_a_block_the_unnamed_station_issued_from_names_it(capsys, dirs, english):
    _withdrawn_after_issuing(capsys, dirs)
    short = _unnamed(dirs / "shunde", known_at=dirs / "hq")
    issued = _issued_conflicts(capsys, dirs)
    assert issued and all(f"issued at station unnamed (fingerprint {short}…) up to 5号" in i for i in issued), \
        _block_conflicts(capsys, dirs)


def _named_alike_at_headquarters(dirs) -> tuple[str, str]:
    """At headquarters, the Nanhai station named as Shunde is (two stations of one name, as two laptops of one
    office are); Shunde's name and the first group of its fingerprint, which tells it apart."""
    from workstation.station import list_stations

    db = open_db(dirs / "hq")
    try:
        [(shunde, name)] = db.execute("SELECT id, name FROM stations WHERE role = 'trusted' AND name LIKE '%顺德%'")
        db.execute("UPDATE stations SET name = ? WHERE role = 'trusted' AND name LIKE '%南海%'", [name])
        db.conn.commit()
        [fingerprint] = [s.fingerprint for s in list_stations(db) if s.id == shunde]
        return name, fingerprint.split()[0]
    finally:
        db.conn.close()


def test_two_stations_of_one_name_are_read_apart_in_a_block_conflict(capsys, dirs, english):
    """Headquarters trusting two stations of one name: the station refusing a block is named with the start of its
    fingerprint, as the pickers name it, not by a name the other station shares."""
    _block_refused_at_shunde(capsys, dirs)
    name, start = _named_alike_at_headquarters(dirs)
    export(capsys, dirs, "shunde", "s1.bundle")
    import_(capsys, dirs, "s1.bundle")
    [conflict] = _block_conflicts(capsys, dirs)
    assert conflict["incoming"].startswith(f"Station {name} (fingerprint {start}) refused the block"), conflict


def test_the_station_that_issued_from_a_block_is_read_apart_from_one_of_its_name(capsys, dirs, english):
    _withdrawn_after_issuing(capsys, dirs)
    name, start = _named_alike_at_headquarters(dirs)
    issued = _issued_conflicts(capsys, dirs)
    assert issued and all(f"issued at station {name} (fingerprint {start}) up to 5号" in i for i in issued), \
        _block_conflicts(capsys, dirs)


@pytest.mark.parametrize("change, said", [
    (lambda m: m.update(counts=[2, 6]), "the manifest holds no count of the records of the bundle"),
    (lambda m: m["counts"].update(no_such_table=0), "no_such_table"),
])
@pytest.mark.parametrize("altered", ["records/cases.json", "audit.json"])
def test_counts_the_manifest_alone_refuses_are_refused_before_the_records_are_read(capsys, counted, english,
                                                                                  change, said, altered):
    """Counts that are no counts, or count a table the bundle does not hold, are refused from the manifest and the
    list of members, before a records member or the audit (hundreds of MB in a large bundle) is read: a member
    altered as well is not what the refusal names."""
    members = _members(counted / "good.bundle")
    _resign(counted, members, change)
    members[altered] = members[altered].replace(b"[", b"[ ", 1)
    _write(counted / "bad.bundle", members)
    line = _refused(capsys, counted)
    assert line.startswith("Error: bad.bundle: ") and said in line and line.endswith(AGAIN), line
    assert "sha256" not in line, line
