"""The hearing steps an audit found open for a case with several parties: a 听证通知书, 听证笔录 or 听证报告 issued to a
party who never asked for a hearing because another party asked (Penalty Law arts. 63, 64: the hearing is the
requesting party's); a 听证通知书 naming no 主持人 or 记录员, so the party cannot use the recusal right it states (art. 64
(4)); a 个体工商户 between the natural-person and organisation hearing amounts told of its hearing as a natural person
(民法典 art. 54; withholding a hearing due makes the decision unlawful, art. 62), and warned of it where a bureau's data
still classes it as an organisation; and
`cases transition … --party` given a party's name."""

from __future__ import annotations

import pytest

from tests.helpers import run_json
from tests.test_party_case10 import EMPLOYEE, FACTS, notice, with_employee
from workstation import procedure
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.documents.stage_rules import stage_warnings
from workstation.errors import WorkstationError
from workstation.records import Party
from workstation.store import get_case, save_party

ASKED, TOLD, HELD = "2026-03-03", "2026-03-03", "2026-03-12"
NAMED = {"chair": "李主持", "clerk": "王记录"}
NOTICE = {"issued_on": TOLD, "hearing_date": HELD, "hearing_time": "上午9时30分", "hearing_place": "本局听证室"}
RECORD = {"time_from": f"{HELD} 09:30", "chair": "李主持", "recusal_answer": "不申请回避",
          "proceedings": "主持人：宣布听证开始。\n当事人：对调查人员提出的事实无异议。"}


def issue(db, data_dir, case, form_id, values, party):
    return issue_document(db, data_dir, get_case(db, case.id), find_form(form_id), values, party_id=party)


@pytest.fixture
def one_asked(request, db, data_dir, kept_state):
    """The company and its employee, each told of a fine of ¥150,000 with a hearing right, served on 03-02; only the
    company asked for a hearing (03-03): (case, company, employee)."""
    def make():
        make_case = request.getfixturevalue("make_case")
        case, company, employee = with_employee(db, make_case(status="under_review", filed_on="2026-02-20",
                                                              review_on="2026-02-27", facts=FACTS))
        notice(db, data_dir, case, company, fine_fen="150000", hearing_required=True)
        notice(db, data_dir, case, employee, fine_fen="150000", hearing_required=True)
        procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-02")
        procedure.apply(db, case.id, "request_hearing", on_date=ASKED, party_id=company)
        return case, company, employee

    return kept_state("one_asked", db, data_dir, make, ("make_case", "officers"))


# ---- 1. the hearing's documents go to the party who asked ---------------------------------------------------------

def test_no_hearing_notice_to_a_party_who_did_not_ask(db, data_dir, one_asked, english, table_counts):
    case, company, employee = one_asked
    before = table_counts(db)
    with pytest.raises(WorkstationError) as refused:
        issue(db, data_dir, case, "hearing_notice", {**NOTICE, **NAMED}, employee)
    assert f"{EMPLOYEE} did not ask for a hearing" in str(refused.value)
    assert table_counts(db) == before
    assert issue(db, data_dir, case, "hearing_notice", {**NOTICE, **NAMED}, company).number


def test_no_hearing_record_of_a_party_who_did_not_ask(db, data_dir, one_asked, english):
    case, company, employee = one_asked
    issue(db, data_dir, case, "hearing_notice", {**NOTICE, **NAMED}, company)
    with pytest.raises(WorkstationError, match=f"{EMPLOYEE} did not ask for a hearing"):
        issue(db, data_dir, case, "hearing_record", RECORD, employee)
    assert issue(db, data_dir, case, "hearing_record", RECORD, company).id


# ---- 2. the notice names who holds the hearing (art. 64 (4)) ------------------------------------------------------

@pytest.mark.parametrize("left_out", ["chair", "clerk"])
def test_the_hearing_notice_names_its_chair_and_clerk(db, data_dir, one_asked, english, left_out):
    case, company, _employee = one_asked
    values = {**NOTICE, **NAMED}
    del values[left_out]
    with pytest.raises(WorkstationError):
        issue(db, data_dir, case, "hearing_notice", values, company)
    form = find_form("hearing_notice")
    assert {"chair", "clerk"} <= set(form.required_to_issue) and "members" not in form.required_to_issue


def test_the_hearing_notice_issues_without_members(db, data_dir, one_asked):
    case, company, _employee = one_asked
    assert issue(db, data_dir, case, "hearing_notice", {**NOTICE, **NAMED}, company).values.get("members") in (None, "")


# ---- 3. an individual business between the hearing amounts --------------------------------------------------------

@pytest.fixture
def shop(db, make_case):
    """A case of an individual business (个体工商户) under review."""
    case = make_case(status="under_review", filed_on="2026-02-20", review_on="2026-02-27", facts=FACTS)
    party = get_case(db, case.id).party_ids[0]
    save_party(db, Party(name="佛山市南海区桂城某商行", kind="individual_business", uscc="92440605MA4X0000YN",
                         address="佛山市南海区桂城街道2号", id=party))
    return get_case(db, case.id), party


def test_an_individual_business_may_be_told_of_a_hearing_at_the_natural_person_amount(db, data_dir, shop, english):
    case, party = shop
    issued = notice(db, data_dir, case, party, fine_fen="50000", hearing_required=True)
    assert issued.number


def test_an_individual_business_is_told_of_its_hearing_at_the_natural_person_amount(db, data_dir, shop, english):
    case, party = shop
    with pytest.raises(WorkstationError, match="reaches the hearing amount for this party"):
        notice(db, data_dir, case, party, fine_fen="50000", hearing_required=False)


def test_an_individual_business_classed_as_an_organisation_is_warned_when_not_told_at_the_natural_person_amount(
        db, data_dir, shop, english, monkeypatch):
    from workstation import paths
    from workstation.law import data as law_data

    monkeypatch.setattr(law_data, "_PARSED", {})
    shipped = paths.resource("law", "thresholds.toml").read_text(encoding="utf-8")
    (data_dir / "law").mkdir(exist_ok=True)  # the bureau's copy classing it as the workstation did before
    (data_dir / "law" / "thresholds.toml").write_text(shipped.replace(
        'individual_business = "natural_person"       #', 'individual_business = "organisation"       #', 1),
        encoding="utf-8")
    previous = paths.use_data_dir(data_dir)
    try:
        case, party = shop
        issued = notice(db, data_dir, case, party, fine_fen="50000", hearing_required=False)
        warnings = stage_warnings(db, get_case(db, case.id), "pre_penalty_notice", issued.values)
        below = stage_warnings(db, get_case(db, case.id), "pre_penalty_notice", {**issued.values, "fine_fen": 5000_00})
    finally:
        paths.use_data_dir(previous)
    assert any("unconfirmed" in w and "hearing may be due" in w for w in warnings), warnings
    assert not any("hearing may be due" in w for w in below)


def test_a_company_is_still_refused_the_hearing_paragraph_below_its_amount(db, data_dir, make_case, english):
    case = make_case(status="under_review", filed_on="2026-02-20", review_on="2026-02-27", facts=FACTS)
    party = get_case(db, case.id).party_ids[0]
    with pytest.raises(WorkstationError, match="no right to a hearing"):
        notice(db, data_dir, case, party, fine_fen="50000", hearing_required=True)


# ---- 4. `cases transition --party` takes a name ------------------------------------------------------------------

def test_the_command_line_takes_the_name_of_the_party_asking(db, data_dir, make_case, capsys, english):
    case, company, employee = with_employee(db, make_case(status="under_review", filed_on="2026-02-20",
                                                          review_on="2026-02-27", facts=FACTS))
    notice(db, data_dir, case, company, fine_fen="150000", hearing_required=True)
    notice(db, data_dir, case, employee, fine_fen="150000", hearing_required=True)
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-02")
    result = run_json(capsys, "cases", "transition", case.case_number, "request_hearing", "--date", ASKED,
                      "--party", EMPLOYEE, "--data-dir", data_dir)
    assert result["status"] == "hearing"
    assert procedure.hearing_requests(db, get_case(db, case.id)) == {employee: ASKED}

