"""`docs casefile` says its progress on stderr as the window's progress dialog does — the cover and index, each
document as it is added (n of N), the remarks sheet — between a start line and an end line, as `cases import` and
`bundle export` do; stdout and --json are what they were, and a refusal is still its one line."""

from __future__ import annotations

import json

import pytest

import workstation.cli
from tests.helpers import run
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.store import find_case, get_case

CASE = "佛南市监立〔2026〕1号"


@pytest.fixture
def slow_clock(monkeypatch):
    """Every look at the progress clock finds a second gone: each step's progress is said (to a file or pipe)."""
    clock = [1000.0]

    def slow():
        clock[0] += 1
        return clock[0]

    monkeypatch.setattr(workstation.cli, "_progress_clock", slow)


def two_issued(db, data_dir) -> list:
    case = find_case(db, CASE)
    decision = issue_document(db, data_dir, case, find_form("penalty_decision"))
    receipt = issue_document(db, data_dir, get_case(db, case.id), find_form("delivery_receipt"),
                             {"served_document": f"行政处罚决定书 {decision.number}"})
    db.conn.close()
    return [decision, receipt]


def named(document) -> str:
    return f"{document.title}{document.number}" if document.number else document.title


def test_the_case_file_says_each_document_it_adds_on_stderr(demo_db, data_dir, tmp_path, capsys, english,
                                                             slow_clock):
    decision, receipt = two_issued(demo_db, data_dir)
    target = tmp_path / "卷宗.pdf"
    code, out, err = run(capsys, "--data-dir", data_dir, "docs", "casefile", CASE, "-o", target)
    assert code == 0, err
    assert out == f"{target} written.\n"  # stdout as before
    assert err.splitlines() == [
        f"Printing the case file {target}…",
        "Adding the cover and the index: 0%",
        f"Adding {named(decision)} (1 of 2): 25%",
        f"Adding {named(receipt)} (2 of 2): 50%",
        "Adding the remarks sheet: 75%",
        "Adding the remarks sheet: 100%",
        f"Case file {target}: printed.",
    ]
    assert "\r" not in err and target.exists()


def test_json_is_unchanged_and_alone_on_stdout(demo_db, data_dir, tmp_path, capsys, english, slow_clock):
    two_issued(demo_db, data_dir)
    target = tmp_path / "卷宗.pdf"
    code, out, err = run(capsys, "--data-dir", data_dir, "docs", "casefile", CASE, "-o", target, "--json")
    assert code == 0, err
    result = json.loads(out)
    assert set(result) == {"path", "pages"} and result["path"] == str(target)
    assert err.splitlines()[0] == f"Printing the case file {target}…" and "(2 of 2)" in err


def test_a_refusal_is_its_one_line_without_progress(demo_db, data_dir, tmp_path, capsys, english, slow_clock):
    demo_db.conn.close()  # nothing issued in the case
    target = tmp_path / "卷宗.pdf"
    code, out, err = run(capsys, "--data-dir", data_dir, "docs", "casefile", CASE, "-o", target)
    assert (code, out) == (1, "")
    assert len(err.splitlines()) == 1 and "no issued documents" in err and "Printing" not in err
    assert not target.exists()

