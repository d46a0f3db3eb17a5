"""The 案件调查终结报告's date and its place before the 审核 and the 告知书 (REFERENCE §1.1), as an audit of a case with
several parties found them: its 报告日期 is the day the case's latest 调查终结 was recorded (today without one, or while
the case is back in 调查中), a report dated after that step is warned of and one dated after the party's 告知书
refused, a correction too; a report voided after the 告知书 is replaced by a new one (warned that the 告知书 came
first), one in force is corrected, not voided; a 案件审核表 of a party with no report in force is warned of, and one
dated before the party's report names the report's date as what may be wrong (two parties' reports of one day
included); a 个体工商户 told of a hearing at the natural-person amount is told that amount, and that its class and
the amounts are unconfirmed data — not when another penalty gives the hearing anyway."""

from __future__ import annotations

import pytest

from tests.helpers import issue
from tests.test_s46_review import REVIEW
from workstation import procedure
from workstation.documents.issuing import void_document
from workstation.documents.stage_rules import stage_warnings
from workstation.errors import WorkstationError
from workstation.store import get_case

FACTS = "经查，当事人未经消费者同意向其发送商业性短信。"
REPORT = {"fine_fen": "50000", "facts": FACTS, "course": "调取短信记录", "party_address": "佛山市南海区桂城街道南海大道1号"}
NOTICE = {"facts": FACTS, "issued_on": "2026-03-20", "fine_fen": "50000", "hearing_required": False}


@pytest.fixture
def concluded(db, make_case):
    """A company's case filed on 2026-03-02 whose 调查终结 was recorded on 2026-03-16."""
    case = make_case(status="investigating", filed_on="2026-03-02", facts=FACTS, evidence=True)
    return procedure.apply(db, case.id, "conclude_investigation", on_date="2026-03-16")


def test_the_report_is_dated_the_day_the_investigation_was_concluded(db, data_dir, concluded, english):
    report = issue(db, data_dir, concluded, "investigation_report", REPORT)
    assert report.values["reported_on"] == "2026-03-16"


def test_a_report_of_a_case_without_the_step_recorded_is_dated_today(db, data_dir, make_case, english):
    from workstation.records import today

    case = make_case(status="investigation_concluded", filed_on="2026-03-02", facts=FACTS)
    assert issue(db, data_dir, case, "investigation_report", REPORT).values["reported_on"] == today()


def test_a_report_dated_after_the_step_is_warned_of(db, data_dir, concluded, english):
    warnings = stage_warnings(db, get_case(db, concluded.id), "investigation_report",
                              {**REPORT, "reported_on": "2026-03-25"})
    assert any("2026-03-25" in w and "2026-03-16" in w and "调查终结" in w for w in warnings), warnings
    assert not any("2026-03-16" in w for w in stage_warnings(
        db, get_case(db, concluded.id), "investigation_report", {**REPORT, "reported_on": "2026-03-16"}))


@pytest.fixture
def noticed(db, data_dir, concluded):
    """The case's report, then its 告知书 dated 2026-03-20."""
    report = issue(db, data_dir, concluded, "investigation_report", REPORT)
    procedure.apply(db, concluded.id, "submit_review", on_date="2026-03-17")
    issue(db, data_dir, concluded, "legal_review", {**REVIEW, "reviewed_on": "2026-03-18", "fine_fen": "50000"})
    procedure.apply(db, concluded.id, "send_pre_notice", on_date="2026-03-20")
    issue(db, data_dir, concluded, "pre_penalty_notice", NOTICE)
    return report


def test_a_report_in_force_after_the_notice_is_corrected_not_voided(db, data_dir, concluded, noticed, english):
    with pytest.raises(WorkstationError) as refused:
        issue(db, data_dir, concluded, "investigation_report", REPORT, for_command_line=True)
    assert "--supersedes" in str(refused.value) and "更正" in str(refused.value)
    corrected = issue(db, data_dir, concluded, "investigation_report", {**REPORT, "fine_fen": "40000"},
                      supersedes=noticed.id, for_command_line=True)
    assert corrected.supersedes_id == noticed.id
    warnings = stage_warnings(db, get_case(db, concluded.id), "investigation_report", corrected.values)
    assert any("行政处罚告知书" in w and "before" in w for w in warnings), warnings


def test_a_voided_report_is_replaced_after_the_notice_with_a_warning(db, data_dir, concluded, noticed, english):
    void_document(db, noticed.id, "报告日期有误")
    with pytest.raises(WorkstationError, match=r"2026-03-25.*2026-03-20"):  # dated after the notice
        issue(db, data_dir, concluded, "investigation_report", {**REPORT, "reported_on": "2026-03-25"})
    new = issue(db, data_dir, concluded, "investigation_report", REPORT)
    assert new.values["reported_on"] == "2026-03-16"
    warnings = stage_warnings(db, get_case(db, concluded.id), "investigation_report", new.values)
    assert any("行政处罚告知书" in w and "before" in w for w in warnings), warnings


def test_a_review_without_a_report_in_force_is_warned_of(db, data_dir, concluded, english):
    values = {**REVIEW, "reviewed_on": "2026-03-18", "fine_fen": "50000"}
    warnings = stage_warnings(db, get_case(db, concluded.id), "legal_review", values)
    assert any("案件调查终结报告" in w for w in warnings), warnings
    issue(db, data_dir, concluded, "investigation_report", REPORT)
    assert not any("案件调查终结报告" in w for w in stage_warnings(db, get_case(db, concluded.id), "legal_review",
                                                               values))


def test_a_review_before_the_report_names_the_reports_date_as_what_may_be_wrong(db, data_dir, concluded, english):
    issue(db, data_dir, concluded, "investigation_report", {**REPORT, "reported_on": "2026-03-20"})
    procedure.apply(db, concluded.id, "submit_review", on_date="2026-03-17")
    with pytest.raises(WorkstationError) as refused:
        issue(db, data_dir, concluded, "legal_review", {**REVIEW, "reviewed_on": "2026-03-18", "fine_fen": "50000"},
              for_command_line=True)
    said = str(refused.value)
    assert "2026-03-20" in said and "report" in said and "--supersedes" in said and "更正" in said


def test_an_individual_business_told_of_a_hearing_is_told_the_amount_applied(db, data_dir, make_case, english):
    from workstation.records import Party
    from workstation.store import save_party

    case = make_case(status="pre_notice", filed_on="2026-03-02", notice_served_on="2026-03-20", facts=FACTS)
    party = get_case(db, case.id).party_ids[0]
    from workstation.store import get_party

    shop = get_party(db, party)
    save_party(db, Party(**{**shop.__dict__, "kind": "individual_business", "name": "佛山市南海区桂城安居地产中介服务部"}))
    values = {**NOTICE, "fine_fen": 3_000_000, "hearing_required": True}
    warnings = stage_warnings(db, get_case(db, case.id), "pre_penalty_notice", values)
    said = [w for w in warnings if "个体工商户" in w or "individual business" in w.lower()]
    assert said and "10,000" in said[0] and "unconfirmed" in said[0] and "thresholds.toml" in said[0], warnings
    small = stage_warnings(db, get_case(db, case.id), "pre_penalty_notice", {**values, "fine_fen": 500_000,
                                                                            "hearing_required": False})
    assert not any("10,000" in w for w in small)


# ---- final read (session 76): the findings of the read of the change above ------------------------------------------

PERSON = "王小明"


@pytest.fixture
def two_parties(db, concluded):
    """The concluded case with a second party, a natural person: (company, person) ids."""
    from dataclasses import replace

    from workstation.records import Party
    from workstation.store import save_party, update_case

    company = concluded.party_ids[0]
    person = save_party(db, Party(name=PERSON, kind="person", id_number="440605199001010014",
                                  address="佛山市南海区某村")).id
    update_case(db, replace(get_case(db, concluded.id), party_ids=[company, person]))
    return company, person


def test_two_parties_reports_of_the_same_day_do_not_break_the_review_check(db, data_dir, concluded, two_parties,
                                                                           english):
    from workstation.documents.stage_rules import stage_refusal

    company, person = two_parties
    first = issue(db, data_dir, concluded, "investigation_report", REPORT, party_id=company)
    second = issue(db, data_dir, concluded, "investigation_report", REPORT, party_id=person)
    assert first.values["reported_on"] == second.values["reported_on"] == "2026-03-16"
    procedure.apply(db, concluded.id, "submit_review", on_date="2026-03-17")
    review = {**REVIEW, "received_on": "2026-03-17", "reviewed_on": "2026-03-18", "fine_fen": "50000"}
    assert stage_refusal(db, get_case(db, concluded.id), "legal_review", {**review, "party_id": person}) is None
    issued = issue(db, data_dir, concluded, "legal_review", review, party_id=person)
    assert issued.values["reviewed_on"] == "2026-03-18"


def test_a_review_is_held_to_its_own_party_s_report(db, data_dir, concluded, two_parties, english):
    from workstation.documents.stage_rules import stage_refusal

    company, person = two_parties
    issue(db, data_dir, concluded, "investigation_report", REPORT, party_id=company)
    issue(db, data_dir, concluded, "investigation_report", {**REPORT, "reported_on": "2026-03-20"}, party_id=person)
    procedure.apply(db, concluded.id, "submit_review", on_date="2026-03-17")
    review = {**REVIEW, "received_on": "2026-03-17", "reviewed_on": "2026-03-18", "fine_fen": "50000"}
    case = get_case(db, concluded.id)
    assert stage_refusal(db, case, "legal_review", {**review, "party_id": company}) is None
    said = stage_refusal(db, case, "legal_review", {**review, "party_id": person})
    assert said and "2026-03-20" in said and "2026-03-18" in said, said


def test_the_party_without_a_report_is_warned_of_when_another_has_one(db, data_dir, concluded, two_parties, english):
    company, person = two_parties
    issue(db, data_dir, concluded, "investigation_report", REPORT, party_id=company)
    review = {**REVIEW, "reviewed_on": "2026-03-18", "fine_fen": "50000"}
    case = get_case(db, concluded.id)
    assert not any("案件调查终结报告" in w for w in stage_warnings(db, case, "legal_review",
                                                              {**review, "party_id": company}))
    warned = [w for w in stage_warnings(db, case, "legal_review", {**review, "party_id": person})
              if "案件调查终结报告" in w]
    assert warned and "this party" in warned[0], warned


def test_a_case_sent_back_for_investigation_dates_its_report_by_the_new_conclusion(db, data_dir, concluded,
                                                                                   english):
    from workstation.records import today

    issue(db, data_dir, concluded, "investigation_report", REPORT)
    procedure.apply(db, concluded.id, "submit_review", on_date="2026-03-17")
    procedure.apply(db, concluded.id, "return_for_investigation", on_date="2026-03-18", reason="补充调查")
    case = get_case(db, concluded.id)
    # investigating again: the old 调查终结 is no longer the day, and a report dated after it is not warned of
    assert not any("调查终结 was recorded" in w for w in stage_warnings(db, case, "investigation_report",
                                                                     {**REPORT, "reported_on": "2026-03-25"}))
    procedure.apply(db, concluded.id, "conclude_investigation", on_date="2026-03-24")
    new = issue(db, data_dir, concluded, "investigation_report", REPORT)
    assert new.values["reported_on"] == "2026-03-24" != today()
    warnings = stage_warnings(db, get_case(db, concluded.id), "investigation_report",
                              {**REPORT, "reported_on": "2026-03-25"})
    assert any("2026-03-24" in w and "调查终结" in w for w in warnings), warnings
    assert not any("2026-03-16" in w for w in warnings), warnings


def test_a_correction_after_the_notice_is_dated_no_later_than_the_notice(db, data_dir, concluded, noticed, english):
    with pytest.raises(WorkstationError, match=r"2026-03-25.*2026-03-20"):
        issue(db, data_dir, concluded, "investigation_report", {**REPORT, "reported_on": "2026-03-25"},
              supersedes=noticed.id)
    corrected = issue(db, data_dir, concluded, "investigation_report", {**REPORT, "reported_on": "2026-03-20"},
                      supersedes=noticed.id)
    assert corrected.values["reported_on"] == "2026-03-20"


def _shop(db, make_case):
    from workstation.records import Party
    from workstation.store import get_party, save_party

    case = make_case(status="pre_notice", filed_on="2026-03-02", notice_served_on="2026-03-20", facts=FACTS)
    shop = get_party(db, get_case(db, case.id).party_ids[0])
    save_party(db, Party(**{**shop.__dict__, "kind": "individual_business", "name": "佛山市南海区桂城安居地产中介服务部"}))
    return get_case(db, case.id)


def _class_warnings(warnings):
    return [w for w in warnings if "[party_classes]" in w]


def test_the_class_warning_reads_as_a_sentence_and_points_at_the_amounts(db, make_case, english):
    case = _shop(db, make_case)
    said = _class_warnings(stage_warnings(db, case, "pre_penalty_notice",
                                          {**NOTICE, "fine_fen": 3_000_000, "hearing_required": True}))
    assert len(said) == 1, said
    assert said[0].startswith("佛山市南海区桂城安居地产中介服务部 (Individual business) is counted"), said
    assert "is a Individual" not in said[0]
    assert "[hearing]: 听证办法2021年修订后的数额" in said[0] and "¥10,000" in said[0] and "¥100,000" in said[0], said


def test_no_class_warning_when_another_penalty_gives_the_hearing_anyway(db, make_case, english):
    case = _shop(db, make_case)
    for other in ({"other_penalty": "吊销营业执照"}, {"confiscated_property": "扣押的短信群发设备"}):
        values = {**NOTICE, "fine_fen": 3_000_000, "hearing_required": True, **other}
        assert not _class_warnings(stage_warnings(db, case, "pre_penalty_notice", values)), other


def test_a_notice_withholding_the_hearing_from_an_individual_business_is_told_the_amount(db, make_case, english):
    case = _shop(db, make_case)
    values = {**NOTICE, "fine_fen": 3_000_000, "hearing_required": False}
    said = _class_warnings(stage_warnings(db, case, "pre_penalty_notice", values))
    assert len(said) == 1 and "natural person" in said[0] and "give it the right to a hearing" in said[0], said


def test_the_report_form_is_version_10_and_keeps_version_9_dated_today():
    from workstation.documents.drafts import find_form
    from workstation.formkit.spec import earlier_form

    assert find_form("investigation_report").version == 10
    kept = earlier_form("investigation_report", 9)
    assert kept is not None and kept.field("reported_on").source == "today"
