"""A release ends what it releases: issuing the 解除先行登记保存证据通知书 (or the 解除行政强制措施决定书) while the
case's preservation (seizure) event runs asks whether to end it now (`records_event = "end:preservation"`); Yes opens
the dialog ending it with the release date filled in, and T13 (T14) is then met instead of running on to overdue;
No ends nothing; with nothing running nothing is asked. `docs issue` says what to end on stderr. The 实施行政强制措施
决定书's period may not end more than 30 days after its date (行政强制法 art. 25)."""

from __future__ import annotations

import pytest

from ui.case_clocks import EndEventDialog
from workstation import clocks
from workstation.documents.drafts import find_form
from workstation.documents.issuing import check_issue
from workstation.errors import ValidationError
from workstation.formkit.spec import FormError, load_form
from workstation.paths import FORMS
from workstation.records import ClockEvent
from workstation.store import find_case, get_case
from workstation.store.clock_events import record_clock_event

CASE = "佛南市监立〔2026〕9号"  # investigating, filed 2026-11-10
BEGUN, RELEASED = "2026-11-20", "2026-11-25"


@pytest.fixture
def answers(prompts):
    """The issue confirmation is answered yes; each later question takes ``answers.reply``."""
    prompts.confirm_answer = True

    def confirm(parent, message):
        prompts.confirmations.append(message)
        return answers.reply

    prompts.confirm = confirm
    answers = type("Answers", (), {"reply": True})()
    return answers


@pytest.fixture
def ended(monkeypatch):
    """The end dialogs opened (the last day they showed), each saved as the officer would."""
    shown = []

    def exec_(dialog):
        shown.append(dialog.value())
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(EndEventDialog, "exec", exec_)
    return shown


def _running(db, kind: str):
    case = find_case(db, CASE)
    record_clock_event(db, ClockEvent(case_id=case.id, kind=kind, starts_on=BEGUN))
    return case


def _clock(db, case, clock_id: str):
    return next(d for d in clocks.case_clocks(db, get_case(db, case.id)) if d.clock == clock_id)


def _ends(db, case) -> list[tuple[str, str | None]]:
    return [tuple(row) for row in db.execute("SELECT kind, ends_on FROM clock_events WHERE case_id = ? AND kind IN "
                                             "('preservation', 'seizure')", [case.id])]


def _release(db, opened, case, form_id: str, number_field: str, number: str, begun_field: str):
    editor = opened(db, form_id, case)
    editor.fields[number_field].set_value(number)  # served on paper: typed
    editor.fields[begun_field].set_value(BEGUN)
    editor.fields["released_on"].set_value(RELEASED)
    editor.issue()
    assert editor.document is not None
    return editor.document


def test_issuing_the_preservation_release_ends_the_preservation_and_meets_t13(demo_db, opened, answers, ended,
                                                                               prompts, english):
    case = _running(demo_db, "preservation")
    assert _clock(demo_db, case, "T13").state != "met"
    document = _release(demo_db, opened, case, "preservation_release", "notice_no", "佛南市监保存〔2026〕1号",
                        "preserved_on")
    assert prompts.confirmations[-1] == (f"解除先行登记保存证据通知书 issued as {document.number}. End the clock "
                                         f"event “Evidence registered for preservation” recorded from {BEGUN} now?")
    assert ended == [RELEASED] and _ends(demo_db, case) == [("preservation", RELEASED)]
    t13 = _clock(demo_db, case, "T13")
    assert (t13.state, t13.done_on) == ("met", RELEASED)


def test_issuing_the_measure_release_ends_the_seizure_and_meets_t14(demo_db, opened, answers, ended, prompts):
    case = _running(demo_db, "seizure")
    _release(demo_db, opened, case, "compulsory_measure_release", "decision_no", "佛南市监强制〔2026〕1号",
             "measured_on")
    assert "查封、扣押" in prompts.confirmations[-1] and ended == [RELEASED]
    t14 = _clock(demo_db, case, "T14")
    assert (t14.state, t14.done_on) == ("met", RELEASED)


def test_no_ends_nothing_and_nothing_running_asks_nothing(demo_db, opened, answers, ended, prompts):
    case = _running(demo_db, "preservation")
    answers.reply = False
    _release(demo_db, opened, case, "preservation_release", "notice_no", "佛南市监保存〔2026〕1号", "preserved_on")
    assert "先行登记保存证据" in prompts.confirmations[-1]
    assert ended == [] and _ends(demo_db, case) == [("preservation", None)]
    asked = len(prompts.confirmations)
    answers.reply = True
    _release(demo_db, opened, case, "compulsory_measure_release", "decision_no", "佛南市监强制〔2026〕1号",
             "measured_on")  # no seizure recorded
    assert not any("查封、扣押" in text for text in prompts.confirmations[asked:]) and ended == []


def test_docs_issue_says_which_event_to_end(demo_db, data_dir, tmp_path, capsys, english):
    from workstation.cli import main

    case = _running(demo_db, "preservation")
    values = tmp_path / "values.json"
    values.write_text(f'{{"notice_no": "佛南市监保存〔2026〕1号", "preserved_on": "{BEGUN}", "released_on": '
                      f'"{RELEASED}"}}', encoding="utf-8")
    demo_db.conn.commit()
    code = main(["--data-dir", str(data_dir), "docs", "issue", CASE, "--form", "preservation_release",
                 "--values", str(values), "--output", str(tmp_path / "release.pdf")])
    assert code == 0 and _ends(demo_db, case) == [("preservation", None)]
    err = capsys.readouterr().err
    # the event named, and the commands that find and end it (or the window's button)
    assert ("Note: end the clock event “先行登记保存证据” on the day it was released: `clocks events "
            f"{CASE}` lists it with its id, `clocks end EVENT --on DATE` ends it (or in the case's Deadlines "
            "section, End selected…).") in err
    assert "records no clock events" not in err


def test_an_end_names_a_lasting_event_or_the_form_does_not_load(tmp_path, english):
    text = (FORMS / "preservation_release.toml").read_text(encoding="utf-8")
    path = tmp_path / "preservation_release.toml"
    path.write_text(text.replace('records_event = "end:preservation"', 'records_event = "end:demand"'), encoding="utf-8")
    with pytest.raises(FormError) as refused:
        load_form(path)
    assert refused.value.message.startswith("Form preservation_release.toml, records_event: an end names the "
                                            "lasting event it ends: end:suspension, ")


def test_the_measure_period_may_not_end_more_than_thirty_days_after_the_decision(demo_db):
    case = find_case(demo_db, CASE)
    form = find_form("compulsory_measure_decision")
    with pytest.raises(ValidationError) as refused:
        check_issue(demo_db, case, form, {"decided_on": BEGUN, "period_until": "2026-12-21"})
    assert "期限届满日期" in refused.value.errors
    values, _context = check_issue(demo_db, case, form, {"decided_on": BEGUN, "period_until": "2026-12-20",
                                                         "legal_basis": "《中华人民共和国个人信息保护法》第六十三条第一款第（四）项",
                                                         "items": "1 | 台式计算机 | 戴尔OptiPlex 3000 | 1台 | "})
    assert values["period_until"] == "2026-12-20"


@pytest.mark.parametrize("form_id", ["performance_demand", "enforcement_application"])
def test_nothing_unpaid_is_neither_demanded_nor_enforced(demo_db, form_id, english):
    from workstation.errors import WorkstationError

    case = find_case(demo_db, "佛顺市监立〔2026〕8号")  # decided: a warning alone
    typed = {"decision_no": "佛顺市监处〔2026〕8号"}
    if form_id == "enforcement_application":  # applied for once the demand's and the remedy periods have run
        typed.update(decided_on="2026-01-05", decision_served_on="2026-01-06", demand_served_on="2026-07-20",
                     signed_on="2026-08-04")
    # a warning alone leaves no money to demand or enforce, whatever amount is typed (the decision named)
    for given in ({}, {"unpaid_fen": "500"}):
        with pytest.raises(WorkstationError, match=r"^The decision .* imposes no fine and confiscates no illegal "):
            check_issue(demo_db, case, find_form(form_id), {**typed, **given})
