"""The day a hearing was asked for, as a hearing given up says it (session 52): a party of a case with one party that
asked, withdrew, was served a corrected notice again, asked anew and withdrew again gave up the hearing it asked for
last — the refusal of a hearing's document and the decision say that request's day, as the 听证通知书 starts with
(``hearing.requested_on``), not the first request's."""

from __future__ import annotations

import pytest

from tests.test_guards_review import ASKED
from tests.test_party_case10 import COMPANY
from tests.test_s52_hearing import asked_again, issue
from workstation import procedure
from workstation.documents.drafts import draft_values, find_form
from workstation.documents.stage_rules import state_refusal
from workstation.errors import WorkstationError
from workstation.store import get_case

ASKED_AGAIN = "2026-03-06"


@pytest.fixture
def withdrawn_twice(request, db, data_dir, kept_state):
    def make():
        make_case = request.getfixturevalue("make_case")
        case = asked_again(db, data_dir, make_case, ASKED_AGAIN)
        procedure.apply(db, case.id, "withdraw_hearing", on_date="2026-03-09", reason="再次书面撤回")
        return get_case(db, case.id)

    return kept_state("withdrawn_twice", db, data_dir, make, ("make_case", "officers"))


@pytest.mark.parametrize("form_id", ("hearing_notice", "hearing_record", "hearing_report"))
def test_the_refusal_says_the_request_withdrawn_last(db, data_dir, withdrawn_twice, english, form_id):
    with pytest.raises(WorkstationError) as refused:
        issue(db, data_dir, withdrawn_twice, form_id)
    said = str(refused.value)
    assert f"{COMPANY} withdrew its hearing request on 2026-03-09 (asked for on {ASKED_AGAIN})" in said
    assert f"asked for on {ASKED})" not in said
    assert state_refusal(db, get_case(db, withdrawn_twice.id), form_id) == said


def test_the_decision_says_the_request_withdrawn_last(db, withdrawn_twice):
    values, _context = draft_values(db, withdrawn_twice, find_form("penalty_decision"), blanks=[])
    assert values["hearing_given_up"] == "当事人于2026年3月6日要求听证，后于2026年3月9日撤回听证申请。"
