"""The calls warning and the command recording its facts are worked out from one reading of the screening rules and
one look at what the case's facts tell (final stop read A, findings 1–3 and 5): a warning with its command
(``cited_calls_warning``, `cases facts`, filing a lead), the penalty dialog as facts are ticked, and a lead's
categories read once for the violations and the facts its case starts with. What the officer is told is unchanged."""

from __future__ import annotations

import pytest

from tests.helpers import run, run_json
from tests.test_s71_calls_warnings import BINGDING, CALLS_ONLY, _opened, bingding  # noqa: F401 (fixture)
from workstation.documents.drafts import find_form
from workstation.law import case_law as case_law_module
from workstation.leads_workflow import get_lead_row
from workstation.store import get_case

CALLS, MESSAGES = "commercial_calls", "commercial_messages"
ALSO_MESSAGES = "also cited under the law of messages"
NANHAI_9 = "佛南市监立〔2026〕9号"  # calls only, still investigated: its facts can be changed


def _counted(monkeypatch, module, name: str) -> list:
    """The calls made to ``module.name`` from now on (it still runs): one entry per call."""
    calls = []
    real = getattr(module, name)

    def counting(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counting)
    return calls


def test_the_warning_of_a_printed_form_reads_the_rules_once(bingding, monkeypatch, english):  # noqa: F811
    loaded = _counted(monkeypatch, case_law_module, "bureau_rules")
    looked = _counted(monkeypatch, case_law_module, "calls_facts_missing")
    warning = case_law_module.cited_calls_warning(bingding, find_form("investigation_report"))
    assert ALSO_MESSAGES in warning and "案件调查终结报告" in warning
    assert f"cases facts {bingding.id} --fact {CALLS} --fact {MESSAGES}" in warning
    assert len(loaded) == 1
    assert len(looked) == 2  # the facts missing, then those beside the facts recorded (``facts_command``)


def test_the_warning_and_its_command_are_those_said_apart(bingding, english):  # noqa: F811
    warning, command = case_law_module.calls_fact_warning(bingding), case_law_module.calls_fact_command(bingding)
    missing = case_law_module.calls_facts_missing(bingding)
    assert missing == (CALLS, MESSAGES)
    assert case_law_module.calls_fact_warning(bingding, missing=missing) == warning
    assert case_law_module.calls_fact_command(bingding, missing=missing) == command
    assert case_law_module.calls_fact_warning(bingding, missing=()) == ""
    assert case_law_module.calls_fact_command(bingding, missing=()) == ""


def test_cases_facts_looks_once_for_the_facts_missing(demo_db, data_dir, capsys, monkeypatch, english):
    looked = _counted(monkeypatch, case_law_module, "calls_facts_missing")
    code, _out, err = run(capsys, "cases", "facts", NANHAI_9, "--data-dir", data_dir, "--clear")
    assert code == 0 and ALSO_MESSAGES in err and f"--fact {CALLS}" in err
    assert len(looked) == 2  # the warning's, and ``facts_command``'s beside the facts recorded


def test_filing_a_lead_looks_once_for_the_facts_missing(demo_db, data_dir, capsys, monkeypatch, english):
    from workstation.leads_workflow import opened_case_warnings

    _result, case = _opened(capsys, demo_db, data_dir, BINGDING, "13933330003")
    run_json(capsys, "--data-dir", data_dir, "cases", "facts", case.id, "--clear")
    case = get_case(demo_db, case.id)
    lead = get_lead_row(demo_db, demo_db.execute("SELECT id FROM leads WHERE case_id = ?", [case.id]).fetchone()[0])
    looked = _counted(monkeypatch, case_law_module, "calls_facts_missing")
    warnings = [w for w in opened_case_warnings(demo_db, lead, case) if ALSO_MESSAGES in w]
    assert len(warnings) == 1 and f"cases facts {case.id} --fact {CALLS} --fact {MESSAGES}" in warnings[0]
    assert len(looked) == 2


def test_the_penalty_dialog_reads_the_rules_once(bingding, demo_db, prompts, qtbot, monkeypatch,  # noqa: F811
                                                 english):
    from PySide6.QtWidgets import QLabel

    from ui.case_law import PenaltyChoiceDialog

    dialog = PenaltyChoiceDialog(demo_db, bingding, prompts)
    qtbot.addWidget(dialog)
    note = dialog.findChild(QLabel, "calls_fact_warning")
    assert ALSO_MESSAGES in note.text()
    loaded = _counted(monkeypatch, case_law_module, "bureau_rules")
    dialog.conditions[CALLS].setChecked(True)
    assert ALSO_MESSAGES not in note.text() and "not cited under the law of messages" in note.text()
    dialog.conditions[MESSAGES].setChecked(True)
    assert note.isHidden()
    dialog.conditions[CALLS].setChecked(False)
    dialog.conditions[MESSAGES].setChecked(False)
    assert ALSO_MESSAGES in note.text() and not note.isHidden()
    assert loaded == []


def test_the_categories_of_messages_are_those_whose_keywords_name_them():
    from workstation.screening.rules import load_rules, normalise

    rules = load_rules()
    keys = {c.key for c in rules.messages_categories}
    assert "marketing_sms" in keys and "harassment_call" not in keys
    assert all(any("短信" in normalise(w) for w in c.keywords) for c in rules.messages_categories)
    assert rules.messages_rx.search("营销短信")


def test_a_lead_is_read_once_for_its_cases_violations_and_facts(demo_db, data_dir, capsys, monkeypatch):
    from workstation.leads_workflow import category_law
    from workstation.screening import complaint

    _result, case = _opened(capsys, demo_db, data_dir, BINGDING, "13933330003")
    lead = get_lead_row(demo_db, demo_db.execute("SELECT id FROM leads WHERE case_id = ?", [case.id]).fetchone()[0])
    apart = category_law(demo_db, lead)  # (violations, facts)
    assert apart[1] == (CALLS, MESSAGES)
    read = _counted(monkeypatch, complaint, "rules_for")
    assert category_law(demo_db, lead) == apart
    assert len(read) == 1


@pytest.mark.parametrize("lead", [{"category": None}, {"category": ""}])
def test_a_lead_of_no_category_starts_with_nothing(demo_db, lead):
    from workstation.leads_workflow import category_law

    assert category_law(demo_db, lead) == ((), ())
