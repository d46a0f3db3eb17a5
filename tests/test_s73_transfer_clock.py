"""A case sent to another market-regulation bureau with a 案件移送函 (session 73 audit, jurisdiction defect 4): while
the letter is in force and the case is not yet terminated, its investigation period T2 is not counted on to overdue
— the board, the case's clocks and the window's Remaining say 已移送，待终止 (the time stops as the time with the
police does) — and the case page offers 终止调查 with the transfer as its reason; terminating and closing it work as
before."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import open_db, program_day, run, run_json

CASE = "佛南市监立〔2026〕9号"  # the demo's Nanhai case under investigation, filed 2026-11-20: T2 due 2027-02-18
SHUNDE = "佛山市顺德区市场监督管理局"
LETTER = {"receiver": SHUNDE, "reason": "当事人住所及违法行为发生地均在顺德区，不属于本局管辖。",
          "contact_person": "张三", "issued_on": "2026-11-20"}
PAST_T2 = "2027-03-01"


def _ok(capsys, *argv) -> str:
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    return out


def _station(cli_station, tmp_path: Path, capsys, *, letter: bool = True) -> Path:
    data = cli_station(tmp_path / "d")
    if letter:
        (tmp_path / "v.json").write_text(json.dumps(LETTER, ensure_ascii=False), encoding="utf-8")
        _ok(capsys, "--data-dir", data, "docs", "issue", CASE, "--form", "case_transfer_letter", "--values",
            tmp_path / "v.json", "-o", tmp_path / "t.pdf")
    return data


def _t2(capsys, data: Path, *extra) -> list[dict]:
    rows = run_json(capsys, "--data-dir", data, "clocks", *extra)
    return [r for r in rows if r["case_number"] == CASE and r["clock"] == "T2"]


def _board_t2(data: Path):
    from workstation import clocks
    from workstation.store import find_case

    db = open_db(data)
    try:
        case = find_case(db, CASE)
        return [d for d in clocks.board(db) if d.case_id == case.id and d.clock == "T2"]
    finally:
        db.close()


def test_without_a_letter_t2_is_overdue_past_its_day(cli_station, tmp_path, capsys, monkeypatch):
    data = _station(cli_station, tmp_path, capsys, letter=False)
    program_day(monkeypatch, PAST_T2)
    [row] = _board_t2(data)
    assert row.state == "overdue" and row.due == "2027-02-18"


def test_after_the_letter_the_board_shows_t2_transferred_not_overdue(cli_station, tmp_path, capsys, monkeypatch,
                                                                    english):
    data = _station(cli_station, tmp_path, capsys)
    program_day(monkeypatch, PAST_T2)
    [row] = _board_t2(data)
    assert row.state not in ("overdue", "expired")
    from ui.deadlines import days_text, group_of
    from workstation.board_export import state_text
    from workstation.clocks import DUE_SOON_DAYS

    assert state_text(row) == "Transferred, awaiting termination"
    assert days_text(row) == "transferred, awaiting termination"  # the Remaining column
    # the board's group, whose count the dashboard and the board's heading give: not the overdue, the paused
    assert group_of(row, DUE_SOON_DAYS) == "stopped"
    # the command line's board and the case's clocks say so too
    [listed] = _t2(capsys, data, "--as-of", PAST_T2)
    assert listed["state"] == "stopped"
    [own] = _t2(capsys, data, "--case", CASE, "--as-of", PAST_T2)
    assert own["state"] == "stopped" and "案件移送函" in own["calculation"]
    _code, out, _err = run(capsys, "--data-dir", data, "clocks", "--as-of", PAST_T2)
    line = next(text for text in out.splitlines() if CASE in text and "T2 " in text)
    assert "Transferred, awaiting termination" in line and "overdue" not in line.lower()


def test_terminate_then_close_work_as_before_and_t2_ends(cli_station, tmp_path, capsys, monkeypatch):
    data = _station(cli_station, tmp_path, capsys)
    out = _ok(capsys, "--data-dir", data, "cases", "transition", CASE, "terminate")
    assert "案件移送函" in out  # the reason taken from the letter, said
    _ok(capsys, "--data-dir", data, "cases", "transition", CASE, "close")
    program_day(monkeypatch, PAST_T2)
    assert _board_t2(data) == []  # off the board
    [own] = _t2(capsys, data, "--case", CASE, "--as-of", PAST_T2)
    assert own["state"] == "ended"  # ended with the termination, neither stopped nor overdue


def test_a_voided_letter_lets_t2_run_to_overdue_again(cli_station, tmp_path, capsys, monkeypatch):
    data = _station(cli_station, tmp_path, capsys)
    db = open_db(data)
    try:
        from workstation.documents.issuing import void_document

        letter = db.execute("SELECT id FROM documents WHERE form_id = 'case_transfer_letter'").fetchone()[0]
        void_document(db, letter, "写错了受移送机关")
    finally:
        db.close()
    program_day(monkeypatch, PAST_T2)
    [row] = _board_t2(data)
    assert row.state == "overdue"


@pytest.mark.gui
def test_the_case_page_offers_termination_with_the_transfer_as_reason(qtbot, cli_station, tmp_path, capsys, prompts):
    from PySide6.QtWidgets import QLabel

    from ui.case_workspace import CaseWorkspace
    from ui.transition_dialog import TransitionDialog
    from workstation.store import find_case

    data = _station(cli_station, tmp_path, capsys)
    db = open_db(data)
    try:
        case = find_case(db, CASE)
        asked: dict = {}

        def ask(parent, transition, check=None, warning=None, **extra):
            dialog = TransitionDialog(transition, parent, check=check, warning=warning, **extra)
            asked["name"], asked["reason"] = transition.name, dialog.reason.toPlainText()
            asked["info"] = dialog.info.text()
            dialog.reject()
            return None

        workspace = CaseWorkspace(db, case.id, prompts, ask_transition=ask, data_dir=data)
        qtbot.addWidget(workspace)
        button = workspace.action_buttons["terminate"]
        assert button.isEnabled()
        note = workspace.findChild(QLabel, "transfer_next_step")
        assert note is not None and "终止调查" in note.text() and SHUNDE in note.text()
        button.click()
        assert asked["name"] == "terminate"
        assert asked["reason"].startswith("本案不属于本局管辖，已以案件移送函（") and SHUNDE in asked["reason"]
        assert "案件移送函" in asked["info"]
    finally:
        db.close()
