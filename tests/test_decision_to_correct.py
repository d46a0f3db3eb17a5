"""``issuing.decision_to_correct``: the issued decision a second, refused 决定书 may be issued as the correction of
(the rule the editor offers, kept in the core): the party's decision of that kind in force, none for other forms
and none before a decision."""

from workstation.documents.drafts import find_form
from workstation.documents.issuing import decision_to_correct, issue_document
from workstation.store import find_case

CASE = "佛南市监立〔2026〕1号"  # demo case, one party


def test_the_decision_in_force_is_the_one_to_correct_and_then_its_correction(demo_db, data_dir):
    case, form = find_case(demo_db, CASE), find_form("penalty_decision")
    assert decision_to_correct(demo_db, case, form, {}) is None  # nothing decided yet
    first = issue_document(demo_db, data_dir, case, form, {})
    assert decision_to_correct(demo_db, case, form, {}).id == first.id
    assert decision_to_correct(demo_db, case, find_form("hearing_notice"), {}) is None
    correction = issue_document(demo_db, data_dir, case, form, {}, supersedes=first.id)
    assert decision_to_correct(demo_db, case, form, {}).id == correction.id
    assert decision_to_correct(demo_db, case, form, {}, case_party="someone else") is None
