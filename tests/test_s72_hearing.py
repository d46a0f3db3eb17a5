"""The hearing path's defects an audit found (session 72): a 听证通知书 dated before the party asked for the hearing
(or stating a request day other than the one recorded) was issued, its seven working days counted from a notice that
could not have been sent (Penalty Law arts. 64 (2), 85); the 听证报告's 调查人员提出的违法事实 and the 案件审核表's
案情摘要 printed the case's facts, not those the party was notified of and heard on (as the decision states them);
a hearing set on a rest day was issued without a word; and 听证结束 stayed enabled, without a tooltip, in a case at its
hearing with no 听证通知书 issued."""

from __future__ import annotations

import json
import re

import pytest

from tests.helpers import hearing_notice, run
from tests.test_guards_review import notice
from tests.test_s45_hearing_path import asked
from workstation import procedure
from workstation.documents.drafts import draft_document, draft_values, find_form, without_old_defaults
from workstation.documents.issuing import issue_document
from workstation.documents.pdf_writer import render_pdf
from workstation.documents.stage_rules import stage_warnings
from workstation.errors import WorkstationError
from workstation.formkit.spec import earlier_form
from workstation.formkit.values import facts_found
from workstation.store import get_case

SERVED, ASKED = "2026-03-02", "2026-03-03"  # the 告知书 served on Monday 03-02, the hearing asked for on Tuesday 03-03
TABLES = ("cases", "case_events", "documents", "audit")
AT = {"hearing_time": "上午9时30分", "hearing_place": "本局听证室", "chair": "李主持", "clerk": "王记录"}


def issue_notice(db, data_dir, case, **values):
    return issue_document(db, data_dir, get_case(db, case.id), find_form("hearing_notice"), {**AT, **values})


def compact(text: str) -> str:
    return re.sub(r"[ \n]", "", text)


# ---- 1. the notice comes after the request it answers -------------------------------------------------------------


def test_a_notice_dated_before_the_request_is_refused_changing_nothing(db, data_dir, make_case, english,
                                                                       table_counts):
    case = asked(db, data_dir, make_case)
    before = table_counts(db, TABLES)
    # 03-11 is seven working days after 03-02, but the party asked only on 03-03
    with pytest.raises(WorkstationError) as refused:
        issue_notice(db, data_dir, case, issued_on=SERVED, hearing_date="2026-03-11")
    said = str(refused.value)
    assert "通知日期 (2026-03-02)" in said and ASKED in said and "art. 64" in said
    assert table_counts(db, TABLES) == before
    # dated the day of the request, seven working days before the hearing: issued
    assert issue_notice(db, data_dir, case, issued_on=ASKED, hearing_date="2026-03-12").number


def test_the_cli_refuses_it_too(db, data_dir, make_case, english, capsys, tmp_path):
    case = asked(db, data_dir, make_case)
    path = tmp_path / "听证通知书.json"
    path.write_text(json.dumps({**AT, "issued_on": SERVED, "hearing_date": "2026-03-11"}, ensure_ascii=False),
                    encoding="utf-8")
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "issue", case.id, "--form", "hearing_notice",
                          "--values", path, "-o", tmp_path / "n.pdf")
    assert code != 0 and "before the party asked for the hearing" in err and ASKED in err
    assert not (tmp_path / "n.pdf").exists()


@pytest.mark.parametrize("typed", ["2026-03-02", "2026-03-04"])
def test_a_request_day_other_than_the_one_recorded_is_refused(db, data_dir, make_case, english, typed):
    case = asked(db, data_dir, make_case)
    with pytest.raises(WorkstationError) as refused:
        issue_notice(db, data_dir, case, issued_on="2026-03-04", hearing_date="2026-03-13", requested_on=typed)
    said = str(refused.value)
    assert f"({typed})" in said and ASKED in said and "当事人提出听证要求的日期" in said
    # the day recorded, as the form starts with it, is issued and printed
    issued = issue_notice(db, data_dir, case, issued_on="2026-03-04", hearing_date="2026-03-13", requested_on=ASKED)
    assert issued.values["requested_on"] == ASKED


def test_the_notice_starts_with_the_request_recorded(db, data_dir, make_case):
    case = asked(db, data_dir, make_case)
    values, _context = draft_values(db, case, find_form("hearing_notice"), blanks=[])
    assert values["requested_on"] == ASKED


# ---- 2. the report and the review state the facts the party was notified of ----------------------------------------

CASE_FACTS = "经查，当事人未经消费者同意拨打装修推销电话540次。上述行为违反了《中华人民共和国消费者权益保护法》第二十九条第二款的规定。"
TOLD = "经查，当事人未经消费者同意向其发送商业性短信1000条。"
#: what the chair and the reviewers write themselves (the forms leave it empty; a draft needs it)
WRITTEN = {"hearing_report": {"analysis": "当事人提出的理由不成立。", "proposal": "维持"},
           "legal_review": {**dict.fromkeys(("facts_clear", "evidence_sufficient", "procedure_lawful", "basis_correct",
                                             "discretion_proper"), "是"), "opinion": "经审核，同意办案机构的处理意见。"}}


@pytest.fixture
def told_otherwise(db, data_dir, make_case):
    """A case at its hearing whose 告知书 told the party of other facts (TOLD) than the case now records."""
    case = make_case(status="pre_notice", filed_on="2026-02-27", notice_served_on=SERVED, facts=CASE_FACTS)
    notice(db, data_dir, case, fine_fen="150000", hearing_required=True, facts=TOLD)
    return procedure.apply(db, case.id, "request_hearing", on_date=ASKED)


@pytest.mark.parametrize(("form_id", "field"), [("hearing_report", "presented"), ("legal_review", "facts")])
def test_the_report_and_the_review_state_the_facts_told(db, told_otherwise, form_id, field):
    values, _context = draft_values(db, told_otherwise, find_form(form_id), blanks=[])
    assert values[field] == TOLD
    printed = compact("".join(render_pdf(draft_document(db, told_otherwise, find_form(form_id),
                                                        WRITTEN[form_id])).text_lines()))
    assert "发送商业性短信1000条" in printed and "540次" not in printed


def test_before_any_notice_the_review_states_the_case_facts_found(db, make_case):
    case = make_case(status="under_review", filed_on="2026-02-27", review_on=SERVED, facts=CASE_FACTS)
    values, _context = draft_values(db, case, find_form("legal_review"), blanks=[])
    assert values["facts"] == facts_found(CASE_FACTS) != CASE_FACTS


@pytest.mark.parametrize(("form_id", "field", "version"), [("hearing_report", "presented", 7),
                                                           ("legal_review", "facts", 8)])
def test_the_forms_are_new_versions_keeping_the_earlier(form_id, field, version):
    form = find_form(form_id)
    assert form.version == version and form.field(field).source == "party.facts_found"
    kept = earlier_form(form_id, version - 1)
    assert kept is not None and kept.field(field).source == "case.facts_found"


@pytest.mark.parametrize(("form_id", "field"), [("hearing_report", "presented"), ("legal_review", "facts")])
def test_a_values_file_holding_the_case_facts_found_takes_the_facts_told(db, told_otherwise, form_id, field):
    form = find_form(form_id)
    kept, replaced = without_old_defaults(db, told_otherwise, form, {field: facts_found(CASE_FACTS)})
    assert kept == {} and replaced == [form.field(field).label]


# ---- 3. a hearing on a rest day is warned of, not refused ---------------------------------------------------------


def notice_warnings(db, case, hearing_date, **kw):
    return stage_warnings(db, get_case(db, case.id), "hearing_notice",
                          {"issued_on": ASKED, "hearing_date": hearing_date}, **kw)


@pytest.mark.parametrize(("day", "said"), [
    ("2026-03-15", "2026-03-15, a rest day (weekend)"),
    ("2026-05-01", "2026-05-01, a rest day (Labour Day)"),
    # 2028 has no holiday data: said as a day that may be a rest day
    ("2028-01-15", "2028-01-15, a weekend day, which may be a rest day (the 2028 calendar is not known yet)"),
])
def test_a_hearing_set_on_a_rest_day_is_warned_of(db, data_dir, make_case, english, day, said):
    case = asked(db, data_dir, make_case)
    warnings = notice_warnings(db, case, day)
    assert any(said in w and "hearings are held on working days as a rule" in w for w in warnings), warnings


def test_none_on_a_working_day(db, data_dir, make_case, english):
    case = asked(db, data_dir, make_case)
    assert not any("rest day" in w for w in notice_warnings(db, case, "2026-03-17"))


def test_it_is_issued_all_the_same_and_the_cli_says_it(db, data_dir, make_case, english, capsys, tmp_path):
    case = asked(db, data_dir, make_case)
    path = tmp_path / "听证通知书.json"
    path.write_text(json.dumps({**AT, "issued_on": ASKED, "hearing_date": "2026-03-15"}, ensure_ascii=False),
                    encoding="utf-8")
    code, out, err = run(capsys, "--data-dir", data_dir, "docs", "issue", case.id, "--form", "hearing_notice",
                         "--values", path, "-o", tmp_path / "n.pdf", "--json")
    assert code == 0, err
    said = json.loads(out)
    text = json.dumps(said, ensure_ascii=False)
    assert "Issued; check the hearing's date: 2026-03-15 is a rest day (weekend)" in text
    assert (tmp_path / "n.pdf").exists()


# ---- 4. 听证结束 greyed out, saying why, while no notice was issued --------------------------------------------------


@pytest.mark.gui
def test_conclude_is_greyed_out_saying_why_without_a_notice(qtbot, db, data_dir, make_case, prompts, english):
    from ui.case_workspace import CaseWorkspace

    case = asked(db, data_dir, make_case)
    workspace = CaseWorkspace(db, case.id, prompts, ask_transition=lambda *_a, **_k: None, data_dir=data_dir)
    qtbot.addWidget(workspace)
    button = workspace.action_buttons["conclude_hearing"]
    assert not button.isEnabled()
    assert "No 听证通知书 was issued for the hearing the party asked for" in button.toolTip()
    # issued and held: offered
    hearing_notice(db, data_dir, case, issued_on=ASKED, hearing_date="2026-03-12")
    workspace = CaseWorkspace(db, case.id, prompts, ask_transition=lambda *_a, **_k: None, data_dir=data_dir)
    qtbot.addWidget(workspace)
    assert workspace.action_buttons["conclude_hearing"].isEnabled()



# ---- 5. a party of several that gave its hearing up ------------------------------------------------------------------


def test_a_party_of_several_is_noticed_on_its_own_request_and_does_not_ask_again(db, data_dir, make_case, english):
    """The company of a case with two parties asked on 03-03 and withdrew on 03-05 while the employee, who asked on
    03-04, waits for its hearing: each notice states the party's own request; the company, served a corrected notice
    proposing more, cannot ask again — in a case with several parties a request is made once (so the day of the
    request the notice states, ``hearing.requested_on``, is the one a hearing given up says)."""
    from tests.test_party_case10 import FACTS, notice, with_employee
    from workstation.errors import TransitionRefused
    from workstation.formkit.hearing import requested_on
    from workstation.store.parties import parties_of_case

    case, company, employee = with_employee(db, make_case(status="pre_notice", filed_on="2026-02-27",
                                                          notice_served_on=SERVED, facts=FACTS))
    first = notice(db, data_dir, case, company, fine_fen="150000", hearing_required=True)
    notice(db, data_dir, case, employee, fine_fen="50000", hearing_required=True)
    procedure.apply(db, case.id, "request_hearing", on_date=ASKED, party_id=company)
    procedure.apply(db, case.id, "request_hearing", on_date="2026-03-04", party_id=employee)
    procedure.apply(db, case.id, "withdraw_hearing", on_date="2026-03-05", reason="书面撤回", party_id=company)
    issue_document(db, data_dir, get_case(db, case.id), find_form("pre_penalty_notice"),
                   {"facts": FACTS, "issued_on": "2026-03-06", "warning": True, "fine_fen": "200000",
                    "hearing_required": True}, party_id=company, supersedes=first.id)
    with pytest.raises(WorkstationError) as refused:
        procedure.apply(db, case.id, "request_hearing", on_date="2026-03-09", party_id=company)
    assert isinstance(refused.value, TransitionRefused) and f"already asked for a hearing on {ASKED}" in str(
        refused.value)
    case, parties = get_case(db, case.id), parties_of_case(db, case.id)
    assert requested_on(db, case, company, parties) == ASKED
    assert requested_on(db, case, employee, parties) == "2026-03-04"
    values, _context = draft_values(db, case, find_form("hearing_notice"), blanks=[], party_id=employee)
    assert values["requested_on"] == "2026-03-04"
    issued = issue_document(db, data_dir, case, find_form("hearing_notice"),
                            {**AT, "issued_on": "2026-03-04", "hearing_date": "2026-03-13"}, party_id=employee)
    assert issued.values["requested_on"] == "2026-03-04"
