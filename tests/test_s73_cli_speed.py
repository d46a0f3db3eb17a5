"""What one `docs render` process spends on start-up work it does not need (bench/bench_docs_render.py): the
region-code table read from python-stdnum's file without importing python-stdnum, and the statistics (with the
bundle modules they import) not loaded for a case never transferred to the police nor declined."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent

# one draft of the demo's first case rendered in a fresh process: the modules it loaded, and the T18 of the case
RENDER = r"""
import json, sys
from pathlib import Path
from workstation import clocks
from workstation.db import open_database
from workstation.documents.drafts import draft_document, find_case_for, find_form, render_document
from workstation.paths import database_path
db = open_database(database_path(Path(sys.argv[1])))
form = find_form("penalty_decision")
case = find_case_for(db, sys.argv[2], form)
assert render_document(draft_document(db, case, form, {}, None, []), "pdf").data.startswith(b"%PDF")
print(json.dumps([clocks._divisions.cache_info().currsize,
                  sorted(n for n in ("stdnum", "workstation.stats", "workstation.bundle") if n in sys.modules)]))
"""


def test_the_division_table_read_from_the_file_is_the_one_stdnum_reads():
    from stdnum import numdb

    from workstation import clocks

    assert clocks._division_prefixes() == numdb.get("cn/loc").prefixes
    provinces, written = clocks._divisions()
    assert provinces["44"] == "广东省" and len(provinces) == 34
    assert clocks.registration_province("某某公司", "", "湖南省长沙市岳麓区1号") == ("43", "address")


@pytest.mark.parametrize("layout", [
    '11 province="北京市"\n  0101-0102 county="东城区"\n',  # a range
    '11 province="北京市"\n  0101 county="东城区"\n    010101 town="东华门街道"\n',  # a third level, four spaces in
    '11 province="北京市" short="京"\n  0101 county="东城区"\n',  # two properties on a line
    '11  province="北京市"\n  0101 county="东城区"\n',  # two spaces after the code
])
def test_a_division_file_written_otherwise_is_read_by_stdnum(monkeypatch, tmp_path, layout):
    from stdnum import numdb

    from workstation import clocks

    odd = tmp_path / "loc.dat"
    odd.write_text(layout, encoding="utf-8")  # stdnum's table, not this file's
    monkeypatch.setattr(clocks, "_division_file", lambda: odd)
    assert clocks._division_prefixes() == numdb.get("cn/loc").prefixes


def test_no_division_file_is_read_by_stdnum(monkeypatch):
    from stdnum import numdb

    from workstation import clocks

    monkeypatch.setattr(clocks, "_division_file", lambda: None)  # python-stdnum laid out otherwise
    assert clocks._division_prefixes() == numdb.get("cn/loc").prefixes


def test_a_draft_of_a_case_never_transferred_loads_neither_stdnum_nor_the_statistics(demo_db, data_dir):
    number = demo_db.execute("SELECT case_number FROM cases WHERE decided_on IS NOT NULL AND case_number IS NOT NULL "
                             "AND status NOT IN ('transferred_police', 'not_filed') ORDER BY case_number").fetchone()[0]
    demo_db.conn.commit()
    done = subprocess.run([sys.executable, "-c", RENDER, str(data_dir), number], cwd=PROJECT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1]) == [1, []]  # the table read (T18 asks), no module of these
