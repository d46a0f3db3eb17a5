"""Two clock defects the s68 audit found:

1. Correcting a recorded extension was not checked against the end of the time limit it extends: an approval date
   moved past that end (or past the day the limit was met) was accepted, hiding a real 已逾期. A correction is now
   checked as a new extension would be, the case's deadlines counted without the extension corrected — by
   ``clocks correct`` and by the window's “Correct selected extension…” alike.
2. While the clock is stopped (the case suspended), the calculation stated a statutory end date that no longer held,
   so an extension approved while suspended read as late: it now says that end is not counted while the clock is
   stopped, with the days that were left when it stopped.
"""

from dataclasses import replace

import pytest

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialogButtonBox

from tests.helpers import run
from tests.test_clocks import stage
from ui.case_clocks import ClockEventDialog
from workstation import clocks, procedure
from workstation.errors import ValidationError
from workstation.records import ClockEvent
from workstation.store import get_case
from workstation.store.clock_events import correct_extension, get_clock_event, record_clock_event

RAN_OUT = "The time limit ran out on 2026-07-30: an extension must be approved before then."


def extension(case, days, approved_on, approved_by="张局长", clock="T2"):
    return ClockEvent(case_id=case.id, kind="extension", clock=clock, days=days, starts_on=approved_on,
                      approved_on=approved_on, approved_by=approved_by)


def extended_case(db, make_case):
    """A case filed on 2026-05-01 (T2: 90 days, to 2026-07-30) extended by 30 days on 2026-07-20."""
    case = stage(db, make_case(), "investigating", filed_on="2026-05-01")
    return case, record_clock_event(db, extension(case, 30, "2026-07-20"))


def t2(db, case, on):
    return next(d for d in clocks.case_clocks(db, get_case(db, case.id), on=on) if d.clock == "T2")


# ---- 1. a correction is checked as a new extension ---------------------------------------------------------------

def test_a_new_extension_after_the_end_is_refused_as_the_audit_saw(db, make_case, english):
    case = stage(db, make_case(), "investigating", filed_on="2026-05-01")
    with pytest.raises(ValidationError) as refused:
        record_clock_event(db, extension(case, 30, "2026-08-15"))
    assert refused.value.errors["approved_on"] == "The time limit ran out on 2026-07-30: an extension must be " \
                                                  "approved before then."


def test_a_correction_moving_the_approval_past_the_end_is_refused_and_changes_nothing(db, make_case, english,
                                                                                       table_counts):
    case, recorded = extended_case(db, make_case)
    before = table_counts(db, ("audit", "case_events"))
    with pytest.raises(ValidationError) as refused:
        correct_extension(db, recorded.id, 30, "2026-12-01", "张局长")
    assert refused.value.errors == {"approved_on": RAN_OUT}
    assert get_clock_event(db, recorded.id) == recorded and table_counts(db, ("audit", "case_events")) == before
    assert t2(db, case, "2026-08-01").due == "2026-08-29"  # still extended from 07-30 by the approval of 07-20


def test_a_correction_within_the_limit_is_still_saved(db, make_case, english):
    case, recorded = extended_case(db, make_case)
    corrected = correct_extension(db, recorded.id, 20, "2026-07-30", "局长 张三")  # the last day itself: in time
    assert (corrected.days, corrected.approved_on, corrected.approved_by) == (20, "2026-07-30", "局长 张三")
    assert t2(db, case, "2026-08-01").due == "2026-08-19"
    # the approver alone corrected: its own extension is not what makes it late
    assert correct_extension(db, recorded.id, 20, "2026-07-30", "局长 李四").approved_by == "局长 李四"


def test_a_correction_after_the_limit_was_met_is_refused(db, make_case, english):
    case, recorded = extended_case(db, make_case)
    stage(db, case, "penalty_decided", notice_served_on="2026-07-25", decided_on="2026-08-10")
    assert t2(db, case, "2026-08-11").done_on == "2026-08-10"
    with pytest.raises(ValidationError) as refused:
        correct_extension(db, recorded.id, 30, "2026-08-20", "张局长")
    assert refused.value.errors == {"approved_on": "T2 was already met on 2026-08-10: a time limit that has ended "
                                                   "cannot be extended."}
    assert get_clock_event(db, recorded.id) == recorded


def test_the_command_line_refuses_the_correction_and_changes_nothing(capsys, db, data_dir, make_case, english):
    _case, recorded = extended_case(db, make_case)
    code, _out, err = run(capsys, "--data-dir", data_dir, "clocks", "correct", recorded.id,
                          "--approved-on", "2026-12-01")
    assert code == 1 and "2026-07-30" in err and "approved before then" in err, err
    assert get_clock_event(db, recorded.id) == recorded


def test_the_window_refuses_the_correction_as_it_is_typed(db, make_case, english, prompts, qtbot):
    case, recorded = extended_case(db, make_case)
    dialog = ClockEventDialog(db, get_case(db, case.id), prompts, correcting=recorded)
    qtbot.addWidget(dialog)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    dialog.approved_on.setDate(QDate(2026, 12, 1))
    assert not save.isEnabled() and dialog.errors["approved_on"].text() == RAN_OUT
    dialog.approved_on.setDate(QDate(2026, 7, 25))
    assert save.isEnabled()
    save.click()
    assert prompts.errors == [] and get_clock_event(db, recorded.id).approved_on == "2026-07-25"


# ---- 2. the calculation while the clock is stopped ---------------------------------------------------------------

def test_while_suspended_the_calculation_gives_no_stale_statutory_end(db, make_case, english):
    case = stage(db, make_case(), "investigating", filed_on="2026-09-01")  # T2 to 2026-11-30
    procedure.apply(db, case.id, "suspend", on_date="2026-10-01", reason="下落不明")
    record_clock_event(db, extension(case, 30, "2026-12-01"))  # while stopped: nothing ran out
    d = t2(db, case, "2026-12-02")
    assert d.state == "stopped"
    text = d.calculation()
    assert "2026-11-30" not in text, text
    assert ("The statutory period has no end date while the clock is stopped: 61 days of it were left on "
            "2026-10-01, when it stopped.") in text.splitlines(), text
    assert "Extended by 30 days, approved on 2026-12-01 by 张局长." in text.splitlines()


def test_an_earlier_suspension_ended_still_gives_the_statutory_end(db, make_case, english):
    case = stage(db, make_case(), "investigating", filed_on="2026-03-10")  # T2 to 2026-06-08
    procedure.apply(db, case.id, "suspend", on_date="2026-04-01", reason="下落不明")
    procedure.apply(db, case.id, "resume", on_date="2026-04-10")
    record_clock_event(db, extension(case, 30, "2026-06-10"))
    text = t2(db, case, "2026-06-11").calculation()
    assert "no end date" not in text
    assert any(line.startswith("After the periods not counted, the statutory period ends on 2026-06") for line in
               text.splitlines()), text


# ---- 3. a correction past an uncertain last day is warned as a new extension is -----------------------------------

def test_a_correction_just_past_an_unconfirmed_end_gets_the_new_extensions_warning(db, make_case, monkeypatch,
                                                                                   english):
    """T1 counted through 2027, a year without holiday data, to 2027-02-17: an extension approved on 02-10 corrected
    to 02-18 is saved, not refused, and told what a new extension approved on 02-18 is told."""
    from tests.test_s47_unconfirmed_calendar import ASSIGNED, DUE, at
    from workstation.store.clock_events import unconfirmed_extension_warning

    at(monkeypatch, "2027-02-18")
    case = make_case(lead_received_on=ASSIGNED)
    new = unconfirmed_extension_warning(db, case, extension(case, 15, "2027-02-18", "李局长", clock="T1"))
    assert DUE in new and "calendar unconfirmed" in new, new
    recorded = record_clock_event(db, extension(case, 15, "2027-02-10", "李局长", clock="T1"))
    corrected = replace(recorded, starts_on="2027-02-18", approved_on="2027-02-18")
    assert unconfirmed_extension_warning(db, case, corrected) == new  # as the command line asks it before saving
    saved = correct_extension(db, recorded.id, 15, "2027-02-18", "李局长")
    assert saved.approved_on == "2027-02-18"
    assert unconfirmed_extension_warning(db, get_case(db, case.id), saved) == new  # and once saved: not itself
    # in time, a correction is told nothing
    assert unconfirmed_extension_warning(db, case, replace(saved, starts_on="2027-02-12",
                                                           approved_on="2027-02-12")) == ""


def test_the_command_line_warns_of_a_correction_past_an_unconfirmed_end(capsys, db, data_dir, make_case, monkeypatch,
                                                                         english):
    """``clocks correct`` says on stderr (and under "warnings" in --json) what ``clocks record`` says of a new
    extension approved on the same day past an end counted through 2027."""
    import json

    from tests.test_s47_unconfirmed_calendar import ASSIGNED, DUE, at

    at(monkeypatch, "2027-02-18")
    case = make_case(lead_received_on=ASSIGNED)
    recorded = record_clock_event(db, extension(case, 15, "2027-02-10", "李局长", clock="T1"))
    db.conn.commit()
    code, out, err = run(capsys, "--data-dir", data_dir, "clocks", "correct", recorded.id,
                         "--approved-on", "2027-02-18", "--json")
    assert code == 0 and DUE in err and "calendar unconfirmed" in err, err
    warnings = json.loads(out)["warnings"]
    assert len(warnings) == 1 and DUE in warnings[0]
    assert get_clock_event(db, recorded.id).approved_on == "2027-02-18"


def test_the_window_warns_of_a_correction_past_an_unconfirmed_end_as_it_is_typed(db, make_case, monkeypatch, prompts,
                                                                                  qtbot, english):
    """The 更正所选延期… dialog says under its fields what the command line says on stderr: an approval moved past an
    end counted through 2027 (no holiday data) is saved, and warned of first; moved back in time, nothing is said."""
    from tests.test_s47_unconfirmed_calendar import ASSIGNED, DUE, at

    at(monkeypatch, "2027-02-18")
    case = make_case(lead_received_on=ASSIGNED)
    recorded = record_clock_event(db, extension(case, 15, "2027-02-10", "李局长", clock="T1"))
    dialog = ClockEventDialog(db, get_case(db, case.id), prompts, correcting=recorded)
    qtbot.addWidget(dialog)
    dialog.approved_on.setDate(QDate(2027, 2, 18))
    assert DUE in dialog.hint.text() and "calendar unconfirmed" in dialog.hint.text(), dialog.hint.text()
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled()
    dialog.approved_on.setDate(QDate(2027, 2, 12))
    assert DUE not in dialog.hint.text()
