"""Outputs still in English or in keys where the officer reads Chinese (s51): the lead summary screening writes dates
its complaints as the documents quoting it print every other date (2026年3月25日); the window's refusals to issue
after a decision name its Void… button, not the command `docs void`; `audit list` shows its actions and records by
their labels, the keys kept for --json and the filters."""

from __future__ import annotations

import pytest

from tests.helpers import run, run_json
from tests.test_related10 import add
from workstation import audit
from workstation.screening import screen

HARASSER = "13812345678"


def test_the_lead_summary_screening_writes_dates_its_complaints_in_chinese(db):
    add(db, [("Q1", f"接到{HARASSER}的骚扰电话推销楼盘，个人信息被泄露。", "13600000001"),
             ("Q2", f"{HARASSER}天天打来推销楼盘，个人信息被泄露。", "13600000002")])
    screen(db)
    description = db.execute("SELECT description FROM leads WHERE phones = ?", [HARASSER]).fetchone()[0]
    assert "2件投诉（2026年3月2日至2026年3月2日）" in description and "2026-03-02" not in description


def test_a_stored_description_is_left_as_it_was_typed(db):
    add(db, [("Q1", f"接到{HARASSER}的骚扰电话推销楼盘，个人信息被泄露。", "13600000001")])
    screen(db)
    lead_id = db.execute("SELECT id FROM leads WHERE phones = ?", [HARASSER]).fetchone()[0]
    db.execute("UPDATE leads SET status = 'assigned', description = ? WHERE id = ?",
               ["骚扰电话：1件投诉（2026-03-02至2026-03-02）", lead_id])
    screen(db)
    stored = db.execute("SELECT description FROM leads WHERE id = ?", [lead_id]).fetchone()[0]
    assert stored == "骚扰电话：1件投诉（2026-03-02至2026-03-02）"


def _decided_refusals(db) -> list[tuple[str, str]]:
    """(as the window says it, as the command line says it) of the refusals to issue a document of a decided demo
    case that say to void the decision first."""
    from workstation.documents.stage_rules import INVESTIGATION_DOCUMENTS, state_refusal
    from workstation.store import get_case

    for (case_id,) in db.execute("SELECT id FROM cases WHERE status IN ('penalty_decided', 'served', 'performed')"):
        case = get_case(db, case_id)
        said = [(state_refusal(db, case, form_id), state_refusal(db, case, form_id, for_command_line=True))
                for form_id in (*INVESTIGATION_DOCUMENTS, "pre_penalty_notice", "investigation_report")]
        found = [(shown, told) for shown, told in said if told and "docs void" in told]
        if found:
            return found
    return []


def test_the_window_names_the_void_button_not_the_command(read_demo_db, english):
    refusals = _decided_refusals(read_demo_db)
    assert refusals  # the command line's refusal names both
    for shown, told in refusals:
        assert "docs void" not in shown and "Void… beside it in the case's documents)" in shown
        assert "(Void… beside it in the case's documents, or docs void)" in told


def test_the_chinese_window_names_the_void_button_not_the_command(read_demo_db, chinese):
    from workstation.i18n import catalogue_path, read_po

    refusals = _decided_refusals(read_demo_db)
    assert refusals and all("使用命令 docs void" in told for _shown, told in refusals)
    assert all("docs void" not in shown and "作废…" in shown for shown, _told in refusals)
    # every refusal saying the command in Chinese says it as the clause the window leaves out
    catalogue = read_po(catalogue_path("zh_CN"))
    clause = catalogue[", or docs void"]
    assert all(clause in text for msgid, text in catalogue.items() if ", or docs void)" in msgid)


def entries(db):
    with db.atomic():
        audit.append(db, "issue", "document", "doc-1", actor="陈志强")
        audit.append(db, "decide", "lead", "lead-1", actor="黄丽娟")
        audit.append(db, "some_new_action", "some_record", "x-1", actor="黄丽娟")


def test_audit_list_shows_labels_and_keeps_the_keys_for_json_and_filters(db, officers, data_dir, capsys, english):
    entries(db)
    code, out, _err = run(capsys, "--data-dir", data_dir, "audit", "list", "--limit", "3")
    lines = out.splitlines()
    assert code == 0
    assert lines[0].endswith("some_new_action  some_record  x-1")  # an unknown key shown as it is
    assert lines[1].endswith("Decision recorded  Lead  lead-1") and lines[2].endswith("Issued  Document  doc-1")
    listed = run_json(capsys, "--data-dir", data_dir, "audit", "list", "--action", "decide", "--entity", "lead")
    assert [(e["action"], e["entity"], e["entity_id"]) for e in listed["entries"]] == [("decide", "lead", "lead-1")]


def test_audit_list_in_chinese_shows_no_internal_key(db, officers, data_dir, capsys, chinese):
    entries(db)
    code, out, _err = run(capsys, "--data-dir", data_dir, "audit", "list", "--limit", "3")
    assert code == 0 and "issue" not in out and "decide" not in out and " lead " not in out


def test_audit_list_help_says_the_filters_take_the_keys(capsys, english):
    from workstation.cli import main

    with pytest.raises(SystemExit):
        main(["audit", "list", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "by its key as --json gives it (create, update, issue, decide …)" in out
