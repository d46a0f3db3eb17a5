"""An interview dated ahead says its record waits for its day (its Held box cannot be ticked before, and the greyed
box says why and when it can be), while one whose day has come says to tick Held."""

from __future__ import annotations

import pytest

from tests.test_interview_scheduled_actions import day, interview
from workstation.documents.drafts import find_form
from workstation.documents.interview_documents import held_refusal


def test_a_record_of_an_interview_dated_ahead_waits_for_its_day_not_for_a_tick(demo_db, english):
    ahead = interview(demo_db, day(7), status="scheduled")
    said = held_refusal(ahead, find_form("interview_record"))
    assert "once that day has come" in said and day(7) in said and "tick Held" not in said
    unmarked = interview(demo_db, day(-3), status="scheduled")
    assert "tick Held" in held_refusal(unmarked, find_form("interview_record"))


@pytest.mark.gui
def test_the_greyed_held_box_says_why_and_when_it_can_be_ticked(demo_db, prompts, qtbot, english):
    from ui.interview_dialog import InterviewDialog

    dialog = InterviewDialog(demo_db, prompts, interview(demo_db, day(7), status="scheduled"))
    qtbot.addWidget(dialog)
    assert not dialog.held.isEnabled()
    assert dialog.held.toolTip() == (f"The interview is dated {day(7)}, still to come: it can be marked held on that "
                                     "day, or change its date first.")
