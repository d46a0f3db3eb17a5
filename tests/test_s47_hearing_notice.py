"""The statement and hearing after a corrected 行政处罚告知书 (session 47 audit): a corrected notice proposing more than
the one served (or adding a hearing right) is served, and its own period to state, defend and request a hearing runs,
before the heavier penalty is decided (Penalty Law arts. 44, 45, 62-64); an investigator named with his 执法证号 in
brackets, or with 和/及/与, may not chair the hearing (art. 64 (4)); and the refusal of a hearing record with only its
template's headings names its field once, in words that fit any template."""

from __future__ import annotations

import pytest

from tests.helpers import legal_review
from workstation import procedure
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.errors import TransitionRefused, ValidationError, WorkstationError
from workstation.store import get_case

FACTS = "经查，当事人未经消费者同意向其发送商业性短信。"
ADDRESS = "佛山市南海区桂城街道南海大道1号"


def notice(db, data_dir, case, issued_on, supersedes=None, **values):
    return issue_document(db, data_dir, get_case(db, case.id), find_form("pre_penalty_notice"),
                          {"facts": FACTS, "issued_on": issued_on, **values}, supersedes=supersedes)


def decide(db, data_dir, case, decided_on, **values):
    return issue_document(db, data_dir, get_case(db, case.id), find_form("penalty_decision"),
                          {"decided_on": decided_on, "party_address": ADDRESS, **values})


@pytest.fixture
def corrected(request, db, data_dir, english, kept_state):
    """A case told of a fine of ¥50,000 (served on Tuesday 2026-03-03, its period run and ended on 03-11), then
    issued on 03-12 a corrected notice proposing ¥150,000 with the right to a hearing; legally reviewed."""
    def make():
        make_case = request.getfixturevalue("make_case")
        case = make_case(status="under_review", filed_on="2026-02-27", review_on="2026-03-02", facts=FACTS)
        first = notice(db, data_dir, case, "2026-03-02", fine_fen="50000")
        procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-03")
        procedure.apply(db, case.id, "end_statement_period", on_date="2026-03-11")
        with pytest.raises(WorkstationError, match="heavier"):
            decide(db, data_dir, case, "2026-03-12", fine_fen="150000")
        notice(db, data_dir, case, "2026-03-12", supersedes=first.id, fine_fen="150000",
               hearing_required=True)
        legal_review(db, data_dir, case, reviewed_on="2026-03-12")
        return get_case(db, case.id)

    return kept_state("corrected", db, data_dir, make, ("make_case", "officers"))


def test_the_heavier_correction_is_not_decided_before_it_is_served(db, data_dir, corrected, english):
    with pytest.raises(WorkstationError, match="not been served") as refused:
        decide(db, data_dir, corrected, "2026-03-13", fine_fen="150000")
    assert "2026-03-12" in str(refused.value)
    with pytest.raises(TransitionRefused, match="not been served"):
        procedure.apply(db, corrected.id, "decide_penalty", on_date="2026-03-13")
    assert get_case(db, corrected.id).status == "decision_pending"


def test_its_service_opens_a_new_period_before_the_decision(db, data_dir, corrected, english):
    offered = {t.name: why for t, why in procedure.available(db, corrected)}
    assert "send_pre_notice" in offered and offered["send_pre_notice"] is None
    served = procedure.apply(db, corrected.id, "send_pre_notice", on_date="2026-03-13")
    assert (served.status, served.notice_served_on, served.notice_waived) == ("pre_notice", "2026-03-13", False)
    period = procedure.statement_deadline(db, served)
    assert period.due == "2026-03-20"  # five working days from the service of the correction
    with pytest.raises(TransitionRefused, match="until 2026-03-20"):
        procedure.apply(db, corrected.id, "end_statement_period", on_date="2026-03-20")
    procedure.apply(db, corrected.id, "end_statement_period", on_date="2026-03-23")
    decision = decide(db, data_dir, corrected, "2026-03-23", fine_fen="150000")
    assert decision.values["fine_fen"] == 15_000_000
    assert procedure.apply(db, corrected.id, "decide_penalty", on_date="2026-03-23").status == "penalty_decided"


def test_a_correction_proposing_no_more_is_decided_without_a_new_service(db, data_dir, make_case, english):
    case = make_case(status="under_review", filed_on="2026-02-27", review_on="2026-03-02", facts=FACTS)
    first = notice(db, data_dir, case, "2026-03-02", fine_fen="50000")
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-03")
    procedure.apply(db, case.id, "end_statement_period", on_date="2026-03-11")
    notice(db, data_dir, case, "2026-03-12", supersedes=first.id, fine_fen="40000")
    offered = {t.name for t, _why in procedure.available(db, get_case(db, case.id))}
    assert "send_pre_notice" not in offered
    assert decide(db, data_dir, case, "2026-03-12", fine_fen="40000").values["fine_fen"] == 4_000_000


# ---- 2. the investigator chairing the hearing, written with his 执法证号 or joined by 和 -----------------------------


@pytest.mark.parametrize("chair", ["{name}", "{name}（执法证号44060001）", "{name}(执法证号44060001)", "{name}和杨伟明",
                                   "杨伟明及{name}", "杨伟明与{name}"])
def test_an_investigator_is_found_behind_brackets_and_conjunctions(db, make_case, chair):
    from workstation.documents.stage_rules import field_refusals
    from workstation.store import get_officer

    case = make_case(status="hearing", filed_on="2026-02-27", notice_served_on="2026-03-02", facts=FACTS)
    name = get_officer(db, case.officer_ids[0]).name
    refused = field_refusals(db, case, "hearing_notice", {"chair": chair.format(name=name)})
    assert refused and name in next(iter(refused.values()))


# ---- 4. the headings-only refusal -----------------------------------------------------------------------------------


def test_the_headings_refusal_names_its_field_once_and_fits_any_template(english):
    from workstation.formkit.values import only_headings

    form = find_form("hearing_record")
    field = next(f for f in form.fields if f.headings)
    refused = only_headings(form, {field.name: field.default}, {})
    assert list(refused) == [field.label]
    message = str(ValidationError(refused))
    assert message.count(field.label) == 1
    assert "found" not in message


def test_the_party_may_ask_for_a_hearing_on_the_corrected_notice(db, data_dir, corrected, english):
    procedure.apply(db, corrected.id, "send_pre_notice", on_date="2026-03-13")
    offered = {t.name: why for t, why in procedure.available(db, get_case(db, corrected.id))}
    assert offered.get("request_hearing", "missing") is None
    assert procedure.apply(db, corrected.id, "request_hearing", on_date="2026-03-16").status == "hearing"


def test_the_correction_is_not_served_before_the_day_it_bears(db, data_dir, corrected, english):
    with pytest.raises(TransitionRefused, match="bears 2026-03-12"):
        procedure.apply(db, corrected.id, "send_pre_notice", on_date="2026-03-11")
