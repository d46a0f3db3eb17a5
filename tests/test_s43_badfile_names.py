"""A file whose name is not UTF-8 — a zip made on Chinese Windows and unpacked on Linux keeps the GBK bytes of
台账.csv, which Python holds with surrogate escapes — is imported like any other: its name is stored and said as
GB18030 reads it (else with replacement characters), not refused by SQLite as an internal error."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from tests.helpers import run
from tests.test_register_import import GOOD, HEADER, write_csv

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="Windows names files in UTF-16, never in bytes")

REGISTER = b"\xcc\xa8\xd5\xcb.csv"  # 台账.csv in GBK
COMPLAINTS = b"\xb9\xa4\xb5\xa5.csv"  # 工单.csv in GBK
COMPLAINT_LINES = ["工单编号,受理时间,工单来源,工单类型,来电号码,内容描述,被反映对象,办理状态"] + [
    f"GBK-000{n},2026-03-01 10:00:00,12345热线,投诉,1380013800{n},接到骚扰电话推销楼盘，来电号码0757-8123456{n},"
    f"佛山某地产,已办结" for n in range(3)]


def bytes_named(folder: Path, name: bytes, content: bytes) -> str:
    """Write ``content`` to the file named by the bytes ``name`` in ``folder``: the path as the shell gives it."""
    raw = os.fsencode(folder) + b"/" + name
    with open(raw, "wb") as fh:
        fh.write(content)
    return os.fsdecode(raw)


def register_bytes(tmp_path: Path, rows=GOOD[:2]) -> bytes:
    return write_csv(tmp_path / "source.csv", [HEADER, *rows]).read_bytes()


def test_a_register_named_in_gbk_bytes_is_imported_and_its_cases_say_the_name_in_chinese(
        db, data_dir, tmp_path, capsys, english):
    path = bytes_named(tmp_path, REGISTER, register_bytes(tmp_path))
    code, out, err = run(capsys, "--data-dir", data_dir, "cases", "import", path)
    assert code == 0, err
    assert "2 rows: 2 imported" in out
    notes = [r[0] for r in db.execute("SELECT note FROM case_events WHERE kind = 'created' ORDER BY note")]
    assert notes == ["Imported from register 台账.csv, row 2", "Imported from register 台账.csv, row 3"]


def test_a_dry_run_and_a_refusal_name_the_file_in_chinese(db, data_dir, tmp_path, capsys, english):
    path = bytes_named(tmp_path, REGISTER, register_bytes(tmp_path))
    code, out, err = run(capsys, "--data-dir", data_dir, "cases", "import", path, "--dry-run")
    assert code == 0 and "Dry run" in out and f"Importing {tmp_path}/台账.csv" not in out
    bad = [list(GOOD[0])]
    bad[0][7] = "2026-02-30"
    refused = bytes_named(tmp_path, b"\xba\xc3" + REGISTER, register_bytes(tmp_path, bad))  # 好台账.csv
    code, out, err = run(capsys, "--data-dir", data_dir, "cases", "import", refused)
    assert code == 1
    assert err.startswith(f"Error: {tmp_path}/好台账.csv: 1 row refused, nothing imported: row 2, ")
    assert "\\udc" not in err + out


def test_complaints_named_in_gbk_bytes_are_imported_listed_and_withdrawn(db, data_dir, tmp_path, capsys, english):
    path = bytes_named(tmp_path, COMPLAINTS, "\n".join(COMPLAINT_LINES).encode() + b"\n")
    code, out, err = run(capsys, "--data-dir", data_dir, "complaints", "import", path, "--json")
    assert code == 0, err
    result = json.loads(out)
    assert (result["imported"], result["files"][0]["file"]) == (3, f"{tmp_path}/工单.csv")
    assert [r[0] for r in db.execute("SELECT DISTINCT source_file FROM complaints")] == ["工单.csv"]
    code, out, err = run(capsys, "--data-dir", data_dir, "complaints", "imports")
    assert "工单.csv: 3 complaints" in out
    code, out, err = run(capsys, "--data-dir", data_dir, "complaints", "withdraw-file", path)
    assert code == 0, err
    assert db.execute("SELECT COUNT(*) FROM complaints").fetchone()[0] == 0


def test_a_name_gb18030_cannot_read_is_stored_with_replacement_characters(db, data_dir, tmp_path, capsys, english):
    path = bytes_named(tmp_path, b"\xff\xfe" + COMPLAINTS[2:], "\n".join(COMPLAINT_LINES).encode() + b"\n")
    code, out, err = run(capsys, "--data-dir", data_dir, "complaints", "import", path)
    assert code == 0, err
    assert [r[0] for r in db.execute("SELECT DISTINCT source_file FROM complaints")] == ["\ufffd" * 4 + ".csv"]
    assert "\ufffd" * 4 + ".csv (12345热线工单): 3 rows, 3 imported" in out
