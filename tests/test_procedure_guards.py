"""Legal conditions of the procedure found in review: only active, certified officers count towards the two an
investigation needs; a hearing only for the penalties that give the right to one (and the notice tells of no
other); the party waives its rights only after the notice told it of them; the limitation period of the act."""

from dataclasses import replace

import pytest

from PySide6.QtWidgets import QLabel

from workstation import procedure
from workstation.documents.drafts import find_form
from workstation.documents.issuing import case_documents, issue_document
from workstation.errors import TransitionRefused, WorkstationError
from workstation.law.case_law import case_law, discretion_text, limitation
from workstation.records import ClockEvent, Party
from workstation.store import get_case, save_officer, save_party
from workstation.store.clock_events import record_clock_event


def deactivate(db, officer):
    return save_officer(db, replace(officer, active=False))


# ---- 1. two active officers with enforcement certificates (Penalty Law arts. 42, 55)

def test_a_deactivated_officer_does_not_count_towards_filing(db, make_case, officers, table_counts, english):
    case = make_case()
    deactivate(db, officers["黄丽娟"])
    before = table_counts(db)
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "file", on_date="2026-03-02")
    assert str(refused.value) == ("“File the case” needs at least two active officers with enforcement certificates "
                                  "(Penalty Law art. 42); this case has 1. 黄丽娟 is no longer an active officer: "
                                  "replace them in the case. Officers and their certificate numbers are entered "
                                  "under Case → Enforcement officers…, and named in the case under Edit case….")
    assert get_case(db, case.id).status == "pending_filing"
    assert table_counts(db) == before
    offered = {t.name: reason for t, reason in procedure.available(db, get_case(db, case.id))}
    assert "黄丽娟 is no longer an active officer" in offered["file"]


def test_each_officer_who_does_not_count_is_named(db, make_case, officers, english):
    case = make_case(officer_names=("陈志强", "黄丽娟", "新同事"))
    deactivate(db, officers["陈志强"])
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "file")
    message = str(refused.value)
    assert "this case has 1." in message
    assert "陈志强 is no longer an active officer" in message and "新同事 has no enforcement certificate" in message


def test_the_chinese_refusal_runs_its_sentences_together_without_a_space(db, make_case, officers):
    from workstation import i18n

    previous = i18n.language()
    i18n.set_language("zh_CN")
    try:
        case = make_case(officer_names=("陈志强", "黄丽娟", "新同事"))
        deactivate(db, officers["陈志强"])
        with pytest.raises(TransitionRefused) as refused:
            procedure.apply(db, case.id, "file")
    finally:
        i18n.set_language(previous)
    message = str(refused.value)
    assert "。陈志强" in message and "。新同事" in message
    assert "。 " not in message


@pytest.mark.parametrize(("status", "action", "reason"), [("suspended", "resume", ""),
                                                         ("transferred_police", "resume_after_police", "公安机关不予立案")])
def test_the_investigation_is_taken_up_again_only_by_two_active_officers(db, make_case, officers, english, status,
                                                                       action, reason):
    case = make_case(status=status, filed_on="2026-03-02")
    deactivate(db, officers["陈志强"])
    with pytest.raises(TransitionRefused, match="陈志强 is no longer an active officer"):
        procedure.apply(db, case.id, action, on_date="2026-03-10", reason=reason)
    assert get_case(db, case.id).status == status
    save_officer(db, replace(officers["陈志强"], active=True))
    if status == "transferred_police":  # the police declined it (imported as transferred: no date to follow)
        record_clock_event(db, ClockEvent(case_id=case.id, kind="police_refused", starts_on="2026-03-05"))
    assert procedure.apply(db, case.id, action, on_date="2026-03-10", reason=reason).status == "investigating"


# ---- 2. the right to a hearing (Penalty Law art. 63; amounts in resources/law/thresholds.toml [hearing])

def test_a_hearing_below_the_thresholds_is_refused_with_the_reason(db, make_case, table_counts, english):
    case = make_case(status="pre_notice", notice_served_on="2026-03-02", fine_fen=9_999_999)
    before = table_counts(db)
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "request_hearing", on_date="2026-03-03")
    assert str(refused.value).startswith("The party has no right to a hearing: the proposed fine ¥99,999.99 and "
                                         "confiscation ¥0.00 stay below the hearing amount for this party "
                                         "(≥ ¥100,000.00)")
    assert get_case(db, case.id).status == "pre_notice" and table_counts(db) == before
    offered = {t.name: reason for t, reason in procedure.available(db, case)}
    assert offered["request_hearing"].startswith("The party has no right to a hearing")


def test_the_hearing_refusal_names_the_law_and_no_data_file(db, make_case, english):
    case = make_case(status="pre_notice", notice_served_on="2026-03-02", fine_fen=9_999_999)
    offered = {t.name: reason for t, reason in procedure.available(db, case)}
    assert "or other heavier penalty is proposed (Penalty Law art. 63). No 行政处罚告知书" in offered["request_hearing"]
    assert "resources/" not in offered["request_hearing"] and "toml" not in offered["request_hearing"]


@pytest.mark.parametrize("fields", [{"fine_fen": 10_000_000}, {"confiscated_fen": 10_000_000}])
def test_a_hearing_at_the_thresholds_is_granted(db, make_case, fields):
    case = make_case(status="pre_notice", notice_served_on="2026-03-02", **fields)
    assert procedure.apply(db, case.id, "request_hearing", on_date="2026-03-03").status == "hearing"


def test_a_natural_persons_threshold_is_lower(db, make_case):
    case = make_case(status="pre_notice", notice_served_on="2026-03-02", fine_fen=1_000_000)
    # the case's party recorded as the natural person it is (a party told of the notice is not replaced by
    # another: tests/test_s61_parties.py)
    save_party(db, Party(name="李某", kind="person", id_number="11010519491231002X", id=case.party_ids[0]))
    assert procedure.apply(db, case.id, "request_hearing", on_date="2026-03-03").status == "hearing"


def notice(db, data_dir, case, **values):
    return issue_document(db, data_dir, get_case(db, case.id), find_form("pre_penalty_notice"),
                          {"facts": "经查，当事人未经消费者同意向其发送商业性短信。", "filed_on": "2026-02-27", **values})


def test_the_notice_tells_of_no_hearing_the_proposed_penalty_does_not_give(db, data_dir, make_case, english):
    case = make_case(status="under_review", fine_fen=5_000_000)
    numbers = db.execute("SELECT COUNT(*) FROM doc_numbers").fetchone()[0]
    with pytest.raises(WorkstationError) as refused:
        notice(db, data_dir, case, hearing_required=True)
    assert "no right to a hearing" in str(refused.value) and "Untick “告知听证权利”" in str(refused.value)
    assert case_documents(db, case.id) == []
    assert db.execute("SELECT COUNT(*) FROM doc_numbers").fetchone()[0] == numbers
    # by default the paragraph follows the thresholds; a heavier penalty proposed gives the right
    first = notice(db, data_dir, case)
    assert first.values["hearing_required"] is False
    assert issue_document(db, data_dir, get_case(db, case.id), find_form("pre_penalty_notice"),  # replacing it
                          {"facts": "经查，当事人未经消费者同意向其发送商业性短信。", "filed_on": "2026-02-27",
                           "hearing_required": True, "other_penalty": "责令停业整顿"},
                          supersedes=first.id).values["hearing_required"]


def test_a_notice_proposing_a_heavier_penalty_allows_the_hearing(db, data_dir, make_case):
    case = make_case(status="under_review")
    notice(db, data_dir, case, fine_fen="0", other_penalty="吊销许可证", hearing_required=True, issued_on="2026-03-02")
    case = procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-02")
    assert procedure.apply(db, case.id, "request_hearing", on_date="2026-03-03").status == "hearing"


def test_the_issued_notice_not_the_case_says_what_was_proposed(db, data_dir, make_case, english):
    # the case records a large fine, but the notice served proposed ¥50,000 without a hearing paragraph
    case = make_case(status="under_review", fine_fen=20_000_000)
    notice(db, data_dir, case, fine_fen="50000", hearing_required=False, issued_on="2026-03-02")
    case = procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-02")
    with pytest.raises(TransitionRefused, match="proposed fine ¥50,000.00"):
        procedure.apply(db, case.id, "request_hearing", on_date="2026-03-03")


# ---- 4. the waiver follows the notice: see tests/test_procedure.py (test_no_waiver_before_the_notice…)

# ---- 3. the limitation period (Penalty Law art. 36; resources/law/thresholds.toml [limitation])

def test_an_act_discovered_after_two_years_is_flagged(db, make_case, english):
    case = make_case(act_on="2023-02-10", lead_received_on="2025-02-11")
    found = limitation(case)
    assert (found.expired, found.years, found.last_day, found.discovered_on) == (True, 2, "2025-02-10", "2025-02-11")
    assert found.message.startswith("Limitation period run: the act of 2023-02-10 was discovered on 2025-02-11 "
                                    "(the lead was received), after the 2-year limitation period ended on "
                                    "2025-02-10")
    assert "the period is 5 years: tick that circumstance" in found.message
    assert case_law(db, case).limitation == found


def test_discovery_on_the_last_day_is_in_time(make_case):
    assert not limitation(replace(make_case(act_on="2024-02-29"), lead_received_on="2026-02-28")).expired
    assert limitation(replace(make_case(act_on="2024-02-29"), lead_received_on="2026-03-01")).expired


def test_the_five_year_kind_is_marked_on_the_case_and_not_printed_as_discretion(db, make_case):
    case = make_case(status="investigating", act_on="2022-05-01", filed_on="2025-06-01", discretion_tier="ordinary",
                     discretion_factors=["endangers_life_health_finance", "cooperated"])
    found = limitation(case)
    assert (found.expired, found.years, found.last_day, found.discovered_on) == (False, 5, "2027-05-01",
                                                                                 "2025-06-01")
    assert "涉及公民生命健康安全" not in discretion_text(case)
    assert "积极配合调查" in discretion_text(case)


def test_no_limitation_warning_without_a_recorded_act_date(make_case):
    assert limitation(make_case(lead_received_on="2020-01-01")) is None


def test_the_workspace_shows_the_limitation_warning_before_filing(db, make_case, make_window):
    case = make_case(act_on="2023-01-05", lead_received_on="2025-03-01")
    workspace = make_window(db).open_case(case.id)
    warning = workspace.law.findChild(QLabel, "limitation")
    assert "2023-01-05" in warning.text() and "2025-01-05" in warning.text()
    assert "#b00020" in warning.styleSheet()
