"""A document whose issuing the deadlines depend on (`records_event` of its form: the 催告书 starts T15) asks, once
issued, whether to record that clock event now: Yes opens the case's 记录期限事项 dialog with the event chosen and the
document's date filled in, for the officer to correct and save; No records nothing; a form without the key asks
nothing. A 催告书's T15 counts from its service (s62): until a 送达回证 or 送达公告 records it, the officer is told to
record that first and nothing is asked; once it does, the dialog opens dated that service. A form naming an unknown event is a load error naming the key; `docs issue` names the event on stderr."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_enforcement_documents import DECISION, overdue  # noqa: F401  (the case with an unpaid fine)
from ui.case_clocks import ClockEventDialog
from workstation import clocks
from workstation.documents.issuing import case_documents
from workstation.formkit.spec import FormError, load_form
from workstation.paths import FORMS
from workstation.store import get_case

SIGNED = "2026-06-28"  # the 催告书's own date
SERVED = "2026-06-30"  # the day its 送达回证 gives


@pytest.fixture
def answers(prompts):
    """``answers(*yes_no)``: the issue confirmation is answered yes; each later question takes the next answer."""

    def script(*replies):
        replies = list(replies)
        prompts.confirm_answer = True

        def confirm(parent, message):
            prompts.confirmations.append(message)
            return replies.pop(0) if replies else False

        prompts.confirm = confirm

    return script


@pytest.fixture
def dialogs(monkeypatch):
    """The clock-event dialogs opened, each shown as it opened; ``dialogs.save`` saves them as the officer would."""
    opened = []

    def exec_(dialog):
        opened.append({"kind": dialog.kind.currentData(), "starts_on": dialog.starts_on.date().toString("yyyy-MM-dd")})
        if dialogs.save:
            dialog.save()
        return dialog.result()

    monkeypatch.setattr(ClockEventDialog, "exec", exec_)
    dialogs = type("Dialogs", (), {"opened": opened, "save": True})()
    return dialogs


def _demand(db, opened, case):
    editor = opened(db, "performance_demand", case)
    editor.fields["decision_no"].set_value(DECISION)
    editor.fields["signed_on"].set_value(SIGNED)
    return editor


def _events(db, case) -> list[tuple[str, str]]:
    return [tuple(row) for row in db.execute("SELECT kind, starts_on FROM clock_events WHERE case_id = ?",
                                             [case.id])]


def test_issuing_a_demand_says_its_service_comes_first_and_records_nothing(db, overdue, opened,  # noqa: F811
                                                                         answers, dialogs, prompts, english):
    # T15 counts from the 催告书's service (行政强制法 art. 54, s62), which its issue cannot have recorded yet: the
    # officer is told so, not asked to record the demand dated the day it was signed
    answers(True)
    editor = _demand(db, opened, overdue)
    editor.issue()
    assert editor.document is not None
    assert not any("Record the clock event" in text for text in prompts.confirmations)
    said = prompts.infos[-1]
    assert said.startswith(f"行政处罚决定履行催告书 issued as {editor.document.number}. The service of ")
    assert "is not recorded" in said and "record “送达催告书” on the case's 期限 tab" in said
    assert dialogs.opened == [] and _events(db, overdue) == []


def test_once_served_yes_records_it_from_the_dialog_no_records_nothing_and_cancelling_neither(
        db, data_dir, overdue, opened, answers, dialogs, prompts):  # noqa: F811
    from tests.test_s62_deadlines import _receipt
    from ui.case_documents import offer_clock_event
    from workstation.documents.drafts import find_form

    answers()
    editor = _demand(db, opened, overdue)
    editor.issue()
    demand, form = editor.document, find_form("performance_demand")
    _receipt(db, data_dir, overdue, demand, SERVED)
    answers(False)
    assert offer_clock_event(prompts, None, db, get_case(db, overdue.id), form, demand, "已签发。")
    assert "送达催告书" in prompts.confirmations[-1] and dialogs.opened == [] and _events(db, overdue) == []
    dialogs.save = False  # Yes, then the dialog cancelled
    answers(True)
    assert offer_clock_event(prompts, None, db, get_case(db, overdue.id), form, demand, "已签发。")
    assert dialogs.opened == [{"kind": "demand", "starts_on": SERVED}] and _events(db, overdue) == []
    dialogs.save = True  # Yes, then saved: T15 from the service
    answers(True)
    assert offer_clock_event(prompts, None, db, get_case(db, overdue.id), form, demand, "已签发。")
    assert _events(db, overdue) == [("demand", SERVED)]
    t15 = next(d for d in clocks.case_clocks(db, get_case(db, overdue.id)) if d.clock == "T15")
    assert t15.start == SERVED and t15.due is not None


def test_the_documents_list_says_the_same_in_place_of_saying_it_was_issued(db, overdue, answers,  # noqa: F811
                                                                          dialogs, prompts, data_dir, qtbot,
                                                                          monkeypatch, english):
    from ui.case_documents import CaseDocuments

    answers(False)
    section = CaseDocuments(db, data_dir, overdue, prompts)
    qtbot.addWidget(section)
    section.choose("performance_demand")
    # check_issue returns (checked values, context): the question shows the values its form marks
    monkeypatch.setattr("workstation.documents.issuing.check_issue", lambda *args, **kwargs: ({}, {}))
    monkeypatch.setattr("ui.case_documents.issue_document", lambda *args, **kwargs: type(
        "Issued", (), {"number": "佛南市监催告〔2026〕1号", "values": {"signed_on": SIGNED},
                       "title": "行政处罚决定履行催告书"})())
    section.issue()
    assert not any("Record the clock event" in text for text in prompts.confirmations)
    (said,) = prompts.infos
    assert said.startswith("行政处罚决定履行催告书 issued as 佛南市监催告〔2026〕1号. The service of 行政处罚决定履行催告书 "
                           "佛南市监催告〔2026〕1号 is not recorded")
    assert dialogs.opened == []


def test_a_form_without_the_key_asks_nothing(db, overdue, opened, answers, dialogs, prompts):  # noqa: F811
    answers(True)
    editor = opened(db, "rectification_order", overdue)
    editor.issue()
    assert editor.document is not None
    assert not any("期限事项" in text for text in prompts.confirmations)
    assert dialogs.opened == [] and _events(db, overdue) == []


def test_the_matter_approval_records_the_extension_of_the_matter_chosen_only():
    form = load_form(FORMS / "matter_approval.toml")
    assert form.event_for({"matter": "延长办案期限"}) == ("extension", "T2")
    assert form.event_for({"matter": "延长核查期限"}) == ("extension", "T1")
    assert form.event_for({"matter": "中止案件调查"}) is None


@pytest.mark.parametrize(("form_id", "event", "date"), [
    ("performance_demand", ("demand", ""), "signed_on"),  # T15
    ("payment_deferral_notice", ("deferral", ""), "signed_on"),  # T8, T16
    ("service_public_notice", ("announcement", ""), "published_on"),  # T30
    ("preservation_notice", ("preservation", ""), "preserved_on"),  # T13
    ("compulsory_measure_decision", ("seizure", ""), "decided_on"),  # T14
])
def test_the_documents_the_clocks_count_from_name_their_event(form_id, event, date):
    form = load_form(FORMS / f"{form_id}.toml")
    assert (form.event_for({}), form.event_date) == (event, date)


def test_the_dialog_preselects_an_extension_with_its_clock_and_approval_date(db, make_case, prompts, qtbot):
    # a case under investigation: its T2 still runs (a time limit met or over is not offered for extension)
    case = make_case(status="investigating", lead_received_on="2026-02-10", filed_on="2026-02-13")
    dialog = ClockEventDialog(db, case, prompts, kind="extension", clock="T2", on="2026-03-01")
    qtbot.addWidget(dialog)
    assert (dialog.kind.currentData(), dialog.clock.currentData()) == ("extension", "T2")
    assert dialog.approved_on.date().toString("yyyy-MM-dd") == "2026-03-01" and dialog.days.value() == 30


def _with(tmp_path: Path, name: str, replace: tuple[str, str]) -> Path:
    text = (FORMS / f"{name}.toml").read_text(encoding="utf-8")
    assert replace[0] in text
    path = tmp_path / f"{name}.toml"
    path.write_text(text.replace(replace[0], replace[1], 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(("name", "old", "new", "message"), [
    ("performance_demand", 'records_event = "demand"', 'records_event = "demands"',
     "Form performance_demand.toml, records_event: one of suspension, "),
    ("performance_demand", 'records_event = "demand"', 'records_event = "extension"',
     "Form performance_demand.toml, records_event: an extension names the time limit it extends: "),
    ("performance_demand", 'event_date = "signed_on"', 'event_date = "decision_no"',
     "Form performance_demand.toml, event_date: decision_no names no date field"),
    ("matter_approval", '"延长核查期限" = "extension:T1"', '"延长调查期限" = "extension:T1"',
     "Form matter_approval.toml, records_event.values.延长调查期限: not a choice of matter"),
])
def test_a_bad_records_event_is_a_load_error_naming_the_key(tmp_path, english, name, old, new, message):
    with pytest.raises(FormError) as refused:
        load_form(_with(tmp_path, name, (old, new)))
    assert refused.value.message.startswith(message)


def test_docs_issue_names_the_event_to_record_on_stderr(db, overdue, data_dir, tmp_path, capsys,  # noqa: F811
                                                         english):
    from workstation.cli import main

    values = tmp_path / "values.json"
    values.write_text(f'{{"decision_no": "{DECISION}", "signed_on": "{SIGNED}"}}', encoding="utf-8")
    db.conn.commit()
    code = main(["--data-dir", str(data_dir), "docs", "issue", overdue.case_number, "--form", "performance_demand",
                 "--values", str(values), "--output", str(tmp_path / "demand.pdf")])
    err = capsys.readouterr().err
    assert code == 0 and _events(db, overdue) == []
    [number] = [d.number for d in case_documents(db, overdue.id) if d.form_id == "performance_demand"]
    # the event named, and the command that records it from the document issued (or the window's button)
    assert ("Note: record the clock event “送达催告书”, dated the day the document was served or approved: "
            f"`clocks record {overdue.case_number} demand --document {number} --on DATE` (or in the case's "
            "Deadlines section, Record clock event…).") in err
    assert "records no clock events" not in err
