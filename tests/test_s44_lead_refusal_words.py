"""A lead's document refused for the lead's state (not assigned, a form the lead cannot have) is said as it is on
the command line: it printed the core's internal field names before the reason (``agency_id：请先交办该线索…``,
``form：…``), which an officer cannot act on."""

from __future__ import annotations

from tests.helpers import run
from workstation.leads_register import LeadEntry, register_lead


def _unassigned_lead(db) -> str:
    lead = register_lead(db, LeadEntry(source="12345", received_at="2026-11-30 10:00", description="骚扰电话推销楼盘",
                                       agency_id=None)).id
    db.execute("UPDATE leads SET agency_id = NULL WHERE id = ?", [lead])  # held by no bureau yet
    return lead


def _refusal(capsys, data_dir, lead: str, form: str, tmp_path) -> str:
    code, out, err = run(capsys, "--data-dir", data_dir, "docs", "issue", lead, "--form", form,
                         "-o", str(tmp_path / f"{form}.pdf"))
    assert code == 1 and out == "" and not (tmp_path / f"{form}.pdf").exists(), err
    return err.strip()


def test_an_unassigned_leads_letters_are_refused_without_internal_names(db, data_dir, capsys, english, tmp_path):
    lead = _unassigned_lead(db)
    assert _refusal(capsys, data_dir, lead, "assignment_notice", tmp_path) == (
        "Error: Assign the lead first: the notice is addressed to the district or town it is assigned to.")
    assert _refusal(capsys, data_dir, lead, "non_filing_approval", tmp_path) == (
        "Error: Assign the lead to a bureau or office first.")


def test_a_form_the_lead_cannot_have_is_refused_without_internal_names(db, data_dir, capsys, english, tmp_path):
    lead = _unassigned_lead(db)
    refusal = _refusal(capsys, data_dir, lead, "report_result_notice", tmp_path)
    assert refusal.startswith("Error: ") and "form:" not in refusal and "form：" not in refusal, refusal
