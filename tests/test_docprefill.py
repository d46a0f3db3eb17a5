"""Documents that start with what the workstation already knows (docprefill): the 听证笔录 and the 听证报告 take
the hearing's time, place and staff from the 听证通知书 (and the 听证笔录) in force, the 听证通知书 the day the party
asked for the hearing."""

from __future__ import annotations

import pytest

from tests.test_party_case10 import FACTS, SERVED
from workstation import procedure
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.formkit.values import case_context, default_values
from workstation.store import get_case


def _defaults(db, case, form_id: str) -> dict:
    return default_values(find_form(form_id), case_context(db, get_case(db, case.id)))


def _asked_for_hearing(db, data_dir, make_case):
    """A case whose party was served its 告知书 telling it of its hearing right on 2026-03-02 and asked on 03-04."""
    case = make_case(status="pre_notice", filed_on="2026-02-27", notice_served_on=SERVED, facts=FACTS)
    issue_document(db, data_dir, get_case(db, case.id), find_form("pre_penalty_notice"),
                   {"facts": FACTS, "issued_on": SERVED, "warning": True, "fine_fen": "150000",
                    "hearing_required": True})
    procedure.apply(db, case.id, "request_hearing", on_date="2026-03-04")
    return get_case(db, case.id)


NOTICE = {"issued_on": "2026-03-05", "requested_on": "2026-03-04", "hearing_date": "2026-03-17",
          "hearing_time": "下午2时30分", "hearing_place": "南海区市场监管局三楼听证室", "chair": "何伟明",
          "members": "李倩、周杰", "clerk": "梁晓敏", "publicity": "不公开"}


def test_the_hearing_notice_starts_with_the_day_the_party_asked(db, data_dir, make_case):
    case = _asked_for_hearing(db, data_dir, make_case)
    assert _defaults(db, case, "hearing_notice")["requested_on"] == "2026-03-04"


def test_the_hearing_record_starts_with_its_notices_time_place_and_staff(db, data_dir, make_case):
    case = _asked_for_hearing(db, data_dir, make_case)
    issue_document(db, data_dir, case, find_form("hearing_notice"), NOTICE)
    values = _defaults(db, case, "hearing_record")
    assert (values["time_from"], values["place"], values["publicity"]) == (
        "2026-03-17 14:30", "南海区市场监管局三楼听证室", "不公开")
    assert (values["chair"], values["members"], values["clerk"]) == ("何伟明", "李倩、周杰", "梁晓敏")


def test_a_voided_notice_gives_nothing_and_the_record_keeps_its_own_defaults(db, data_dir, make_case):
    from workstation.documents.issuing import void_document

    case = _asked_for_hearing(db, data_dir, make_case)
    notice = issue_document(db, data_dir, case, find_form("hearing_notice"), NOTICE)
    void_document(db, notice.id, "听证时间变更")
    values = _defaults(db, case, "hearing_record")
    assert values["place"] == "本局听证室" and values["chair"] is None and values["publicity"] == "公开"
    assert values["time_from"] != "2026-03-17 14:30"


def test_the_hearing_report_follows_the_record_as_held_else_the_notice(db, data_dir, make_case):
    case = _asked_for_hearing(db, data_dir, make_case)
    issue_document(db, data_dir, case, find_form("hearing_notice"), NOTICE)
    before = _defaults(db, case, "hearing_report")
    assert (before["hearing_from"], before["place"], before["chair"], before["clerk"]) == (
        "2026-03-17 14:30", "南海区市场监管局三楼听证室", "何伟明", "梁晓敏")
    record = {**_defaults(db, case, "hearing_record"), "time_from": "2026-03-17 14:40",
              "time_to": "2026-03-17 16:05", "members": "李倩", "agents": "李明（广东某某律师事务所律师）",
              "recusal_answer": "听清楚了，不申请回避。", "proceedings": "主持人：开始。\n调查人员：陈述。\n当事人：申辩。"}
    issue_document(db, data_dir, case, find_form("hearing_record"), record)
    after = _defaults(db, case, "hearing_report")
    assert (after["hearing_from"], after["hearing_to"], after["members"], after["agents"], after["publicity"]) == (
        "2026-03-17 14:40", "2026-03-17 16:05", "李倩", "李明（广东某某律师事务所律师）", "不公开")


# ---- 2. the 有关事项审批表 asks for what the case's situation needs -------------------------------------------

def _suspended(db, make_case, reason="等待协查"):
    case = make_case(status="investigating", filed_on="2026-02-27", facts=FACTS)
    procedure.apply(db, case.id, "suspend", on_date="2026-03-10", reason=reason)
    return get_case(db, case.id)


def test_a_running_case_asks_to_extend_its_period(db, make_case):
    case = make_case(status="investigating", filed_on="2026-02-27", facts=FACTS)
    values = _defaults(db, case, "matter_approval")
    assert values["matter"] == "延长办案期限" and values["reason"].startswith("本案案情复杂")


def test_a_suspended_case_asks_to_suspend_with_its_recorded_reason_then_to_resume(db, data_dir, make_case):
    case = _suspended(db, make_case, "等待协查。")
    values = _defaults(db, case, "matter_approval")
    assert (values["matter"], values["suspend_ground"]) == ("中止案件调查", "等待协查")
    assert values["reason"].startswith("本案因等待协查，案件调查暂时无法继续进行。")
    issue_document(db, data_dir, case, find_form("matter_approval"), {**values, "proposed_on": "2026-03-09"})
    resumed = _defaults(db, case, "matter_approval")
    assert resumed["matter"] == "恢复案件调查"
    assert resumed["reason"].startswith("本案因等待协查中止调查，现中止调查的情形已经消除")


def test_a_second_suspension_asks_for_its_own_approval(db, data_dir, make_case):
    case = _suspended(db, make_case)
    values = _defaults(db, case, "matter_approval")
    issue_document(db, data_dir, case, find_form("matter_approval"), {**values, "proposed_on": "2026-03-10"})
    procedure.apply(db, case.id, "resume", on_date="2026-03-20")
    procedure.apply(db, case.id, "suspend", on_date="2026-04-01", reason="等待检测结果")
    again = _defaults(db, case, "matter_approval")
    assert (again["matter"], again["suspend_ground"]) == ("中止案件调查", "等待检测结果")


def test_the_reason_follows_the_matter_chosen_unless_the_officer_wrote_it(db, make_case, opened):
    case = _suspended(db, make_case)
    editor = opened(db, "matter_approval", case)
    assert editor.values["matter"] == "中止案件调查"
    editor.set_field("matter", "延长办案期限")
    assert editor.values["reason"].startswith("本案案情复杂")
    editor.set_field("matter", "恢复案件调查")
    assert editor.values["reason"].startswith("本案因等待协查中止调查")
    editor.set_field("reason", "协查函已回复，申请恢复调查。")
    editor.set_field("matter", "中止案件调查")
    assert editor.values["reason"] == "协查函已回复，申请恢复调查。"


def test_an_extended_case_suspended_asks_to_suspend_not_to_extend_again(db, make_case, monkeypatch):
    from workstation.documents import stage_rules

    further = "本案已于2026年5月1日经批准延长办案期限三十日，提请本局负责人集体讨论决定继续延长办案期限。"
    monkeypatch.setattr(stage_rules, "further_extension_context", lambda _db, _case: {"lead.matter_reason": further})
    case = _suspended(db, make_case)
    values = _defaults(db, case, "matter_approval")
    assert values["reason"].startswith("本案因等待协查")
    context = case_context(db, case)
    from workstation.formkit.values import choice_default

    reason = find_form("matter_approval").field("reason")
    assert choice_default(reason, "延长办案期限", context) == further


# ---- 3. docs list dates each document as the 卷内文件目录 does -------------------------------------------------

def test_docs_list_gives_the_date_a_document_bears_and_when_it_was_issued(db, data_dir, make_case, capsys):
    from tests.helpers import run, run_json
    from workstation.records import today

    case = _asked_for_hearing(db, data_dir, make_case)
    notice = issue_document(db, data_dir, case, find_form("hearing_notice"), NOTICE)
    db.conn.close()
    listed = {row["id"]: row for row in run_json(capsys, "--data-dir", data_dir, "docs", "list", case.id)}
    assert listed[notice.id]["issued_on"] == "2026-03-05" != today()
    assert listed[notice.id]["issued_at"][:10] == today()
    code, out, _err = run(capsys, "--data-dir", data_dir, "docs", "list", case.id)
    assert code == 0 and [line for line in out.splitlines() if line.startswith(notice.id)][0].endswith("2026-03-05")


# ---- 4. a lead's 不予立案审批表 from the command line, with its officers -----------------------------------------

@pytest.fixture
def declined_lead(db, officers):
    """A lead of this Nanhai station (its two certified officers: 陈志强, 黄丽娟) verified and not filed."""
    from workstation.leads_register import LeadEntry, register_lead
    from workstation.leads_workflow import decide_lead
    from workstation.store import agency_id_for_code
    from workstation.store.base import set_setting

    set_setting(db, "station_agency", agency_id_for_code("440605"))
    lead = register_lead(db, LeadEntry(source="report", received_at="2026-03-02 10:00", party="某某房产中介",
                                       description="举报人反映某某房产中介未经同意多次发送购房推销短信。"))
    decide_lead(db, lead.id, "not_file", on="2026-03-10", reason="该号码已停机，无法确认使用人")
    return lead.id


def test_a_leads_non_filing_approval_names_the_officers_filing_it_would_propose(db, declined_lead):
    from workstation.leads_workflow import get_lead_row, lead_context

    context = lead_context(db, get_lead_row(db, declined_lead), form_id="non_filing_approval")
    values = default_values(find_form("non_filing_approval"), context)
    assert (values["officer1_name"], values["officer1_cert"], values["officer2_name"], values["officer2_cert"]) == (
        "陈志强", "44060512001", "黄丽娟", "44060512002")


def test_docs_render_and_issue_take_a_lead_id_for_a_leads_form(db, data_dir, declined_lead, capsys, tmp_path):
    from tests.helpers import pdf_text, run, run_json

    db.conn.close()
    draft = tmp_path / "draft.pdf"
    rendered = run_json(capsys, "--data-dir", data_dir, "docs", "render", declined_lead, "--form",
                        "non_filing_approval", "-o", str(draft))
    assert rendered["pages"] == 1 and "该号码已停机，无法确认使用人" in pdf_text(draft.read_bytes()).replace("\n", "")
    issued = run_json(capsys, "--data-dir", data_dir, "docs", "issue", declined_lead, "--form", "non_filing_approval",
                      "-o", str(tmp_path / "issued.pdf"))
    from tests.helpers import open_db

    again = open_db(data_dir)
    try:
        assert again.execute("SELECT lead_id, form_id FROM documents WHERE id = ?", [issued["id"]]).fetchone() == (
            declined_lead, "non_filing_approval")
    finally:
        again.conn.close()
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "issue", declined_lead, "--form",
                          "penalty_decision", "-o", str(tmp_path / "d.pdf"))
    assert code != 0 and declined_lead in err  # a case's form for a lead: still no such case


def test_a_lead_of_another_agency_with_two_certified_officers_names_them_and_never_guesses_among_more(
        db, declined_lead, officers):
    from workstation.leads_workflow import get_lead_row, lead_officers
    from workstation.records import Officer
    from workstation.store import save_officer
    from workstation.store.base import set_setting

    set_setting(db, "station_agency", "")  # a workstation with no agency of its own: no pair proposed by filing
    lead = get_lead_row(db, declined_lead)
    assert lead_officers(db, lead)["officer2.name"] == "黄丽娟"
    save_officer(db, Officer(name="何伟明", cert_no="44060512003", agency_id=lead["agency_id"]))
    assert (lead_officers(db, lead)["officer1.name"], lead_officers(db, lead)["officer2.name"]) == ("", "")
