"""Follow-ups of the document forms (formsfix3), read back from the produced PDF: the notices whose time the clocks
do not count offer to record it; the 延长行政强制措施期限决定书 takes the original end from its decision and opens
the extension with the days up to its new end; an 审批表 of an extension needs its period (``required_for``); the
清单 takes the decision's columns and items; a 封条 is refused under a 扣押 decision; the conclusions of the 听证报告,
案件审核表 and 集体讨论记录 are left to their authors; the 当场行政处罚决定书's receipt and the 延期/分期 notice's
审查意见 follow the party and the choice."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.test_enforcement_documents import DECISION, overdue  # noqa: F401  (a case fined ¥50,000, unpaid)
from tests.test_forms_compulsory_disposal import ITEMS, PERSON, printed, sealed  # noqa: F401
from tests.test_forms_follow_up import _with
from tests.test_law_guards import under_investigation
from ui.case_clocks import ClockEventDialog
from workstation.documents.drafts import draft_document, find_form
from workstation.documents.issuing import issue_document
from workstation.errors import ValidationError
from workstation.formkit.spec import FormError, load_form
from workstation.formkit.values import case_context, resumed_values
from workstation.paths import FORMS
from workstation.records import ClockEvent, today
from workstation.store import find_case
from workstation.store.clock_events import record_clock_event

# the power to seize, which the decision never names by default (《个人信息保护法》 art. 63 para. 1 (4))
SEIZURE_BASIS = "《中华人民共和国个人信息保护法》第六十三条第一款第（四）项"

COMPANY = "佛南市监立〔2026〕1号"  # 佛山市南海区瀚沅房地产经纪有限公司
#: what the chair, the reviewers, the meeting and the officers write before these documents can be printed
WRITTEN = {
    "hearing_report": {"analysis": "当事人提出的申辩理由不能成立。", "proposal": "维持"},
    "legal_review": {"facts_clear": "是", "evidence_sufficient": "是", "procedure_lawful": "是",
                     "basis_correct": "是", "discretion_proper": "是", "opinion": "经审核，同意办案机构的处理意见。"},
    "collective_discussion": {"conclusion": "经集体讨论，同意办案机构的处理意见。"},
    "matter_approval": {"period": "延长三十日"},
}
OLD_CONCLUSIONS = [
    ("hearing_report", "analysis", "经听证，调查人员提出的违法事实清楚，证据确实充分，适用法律正确，程序合法。"),
    ("legal_review", "opinion", "经审核，本案事实清楚，证据确凿充分，程序合法，适用依据正确，裁量适当，同意办案机构的处理意见。"),
    ("collective_discussion", "conclusion", "经集体讨论，本案事实清楚，证据确凿，适用依据正确，程序合法，同意办案机构的处理意见。"),
]


def _refusal(db, case_number: str, form_id: str, values: dict | None = None) -> dict:
    with pytest.raises(ValidationError) as refused:
        draft_document(db, find_case(db, case_number), find_form(form_id), values)
    return refused.value.errors


# ---- 1. the time not counted

@pytest.mark.parametrize(("form_id", "event", "date"), [
    ("testing_period_notice", ("testing", ""), "period_from"),
    ("identification_request", ("identification", ""), "signed_on"),
    ("refund_order", ("refund_order", ""), "signed_on"),
])
def test_the_notices_of_a_time_not_counted_offer_to_record_it(form_id, event, date):
    form = load_form(FORMS / f"{form_id}.toml")
    assert (form.event_for({}), form.event_date) == (event, date)


# ---- 2. the extension of a seal-up or seizure

def test_the_extension_takes_the_original_end_from_the_decision(demo_db, data_dir):
    with under_investigation(demo_db, find_case(demo_db, PERSON)) as case:  # decided since: seized before
        issue_document(demo_db, data_dir, case, find_form("compulsory_measure_decision"),
                       {"legal_basis": SEIZURE_BASIS, "measure": "扣押", "items": ITEMS, "period_until": (dt.date.fromisoformat(today()) + dt.timedelta(days=20)).isoformat()})
    end = dt.date.fromisoformat(today()) + dt.timedelta(days=20)
    text = printed(demo_db, "compulsory_measure_extension", {"extended_until": (end + dt.timedelta(days=10)).isoformat()})
    assert f"扣押期限至{end.year}年{end.month}月{end.day}日届满。" in text


def test_without_an_end_in_the_decision_the_original_end_is_thirty_days_after_it(demo_db, sealed):  # noqa: F811
    end = dt.date.fromisoformat(today()) + dt.timedelta(days=30)
    text = printed(demo_db, "compulsory_measure_extension", {"extended_until": (end + dt.timedelta(days=5)).isoformat()})
    assert f"查封期限至{end.year}年{end.month}月{end.day}日届满。" in text


def test_issuing_the_extension_opens_it_with_the_days_up_to_the_new_end(db, overdue, opened, prompts,  # noqa: F811
                                                                       monkeypatch):
    shown = []
    monkeypatch.setattr(ClockEventDialog, "exec", lambda dialog: shown.append(
        (dialog.kind.currentData(), dialog.clock.currentData(), dialog.days.value())))
    prompts.confirm_answer = True  # issue it, and record its event
    with under_investigation(db, overdue) as case:  # seized and extended while investigated, before its decision
        record_clock_event(db, ClockEvent(case_id=case.id, kind="seizure", starts_on="2026-06-01"))  # due 07-01
        editor = opened(db, "compulsory_measure_extension", case)
        for name, value in {"decision_no": "佛南市监强制〔2026〕1号", "measured_on": "2026-06-01",
                            "original_until": "2026-07-01", "decided_on": "2026-06-26",
                            "extended_until": "2026-07-20"}.items():
            editor.fields[name].set_value(value)
        editor.issue()
    assert editor.document is not None
    assert shown == [("extension", "T14", 19)]


# ---- 3. the period of an extension approved

def test_an_extension_asked_for_without_its_period_is_refused(read_demo_db, english):
    for matter in ("延长办案期限", "延长核查期限"):
        assert _refusal(read_demo_db, COMPANY, "matter_approval", {"matter": matter}) == {
            "期限（延长或者中止的期间）": "This field is required."}
    # a resumption needs none
    draft_document(read_demo_db, find_case(read_demo_db, COMPANY), find_form("matter_approval"),
                   {"matter": "恢复案件调查", "suspend_ground": "等待协查"})


@pytest.mark.parametrize(("old", "new", "message"), [
    ('field = "matter"\nvalues = ["延长办案期限"', 'field = "reason"\nvalues = ["延长办案期限"',
     "Form matter_approval.toml, fields[6].required_for.field: reason names no choice field"),
    ('values = ["延长办案期限", "延长核查期限"]', 'values = ["延长调查期限"]',
     "Form matter_approval.toml, fields[6].required_for.values: 延长调查期限 is not one of the choices of matter"),
])
def test_a_bad_required_for_is_a_load_error_naming_it(tmp_path, english, old, new, message):
    with pytest.raises(FormError) as refused:
        load_form(_with(tmp_path, "matter_approval", old, new))
    assert refused.value.message.startswith(message)


# ---- 4. the list of the things sealed up or seized

def test_the_list_takes_the_decisions_columns_and_items(demo_db, sealed):  # noqa: F811
    text = printed(demo_db, "seized_items_list")
    assert "序号名称规格（型号）数量备注" in text and "状况" not in text
    assert "1台式计算机（存有客户名单）戴尔OptiPlex 30002台主机" in text and "2U盘金士顿64G1个" in text


# ---- 5. a seal strip belongs to a seal-up

def test_a_seal_strip_under_a_seizure_decision_is_refused_naming_it(demo_db, data_dir, english):
    with under_investigation(demo_db, find_case(demo_db, PERSON)) as case:  # decided since: seized before
        number = issue_document(demo_db, data_dir, case, find_form("compulsory_measure_decision"),
                                {"legal_basis": SEIZURE_BASIS, "measure": "扣押", "items": ITEMS}).number
        errors = _refusal(demo_db, PERSON, "seal_strip")
    assert errors == {"行政强制措施": (
        f"The case's last 实施行政强制措施决定书 ({number}) decides 扣押, but this document serves only 查封: issue a "
        "decision of 查封 first, or choose 查封 and type the 文号 of such a decision given on paper.")}


def test_the_editor_shows_the_seizure_of_the_decision_and_refuses_it(demo_db, data_dir, opened):
    with under_investigation(demo_db, find_case(demo_db, PERSON)) as case:  # decided since: seized before
        issue_document(demo_db, data_dir, case, find_form("compulsory_measure_decision"),
                       {"legal_basis": SEIZURE_BASIS, "measure": "扣押", "items": ITEMS})
    editor = opened(demo_db, "seal_strip", case)
    assert editor.fields["measure"].value() == "扣押"
    assert "measure" in editor.validate()


# ---- 6. conclusions left to their authors

@pytest.mark.parametrize(("form_id", "names"), [
    ("hearing_report", {"主持人对案件事实、证据和法律适用的意见", "处理建议"}),
    ("legal_review", {"事实是否清楚", "证据是否确凿充分", "程序是否合法", "适用依据是否正确", "裁量是否适当", "审核意见"}),
    ("collective_discussion", {"结论性意见"}),
])
def test_a_conclusion_is_not_written_or_ticked_by_the_program(read_demo_db, english, form_id, names):
    assert set(_refusal(read_demo_db, COMPANY, form_id)) == names
    text = "".join(printed(read_demo_db, form_id, WRITTEN[form_id], case_number=COMPANY))
    for written in WRITTEN[form_id].values():
        if len(written) > 2:
            assert written in text


@pytest.mark.parametrize(("form_id", "name", "old"), OLD_CONCLUSIONS)
def test_a_kept_draft_holding_the_old_conclusion_does_not_keep_it(read_demo_db, form_id, name, old):
    context = case_context(read_demo_db, find_case(read_demo_db, COMPANY))
    assert resumed_values(find_form(form_id), {name: old}, context)[name] in (None, "")
    assert resumed_values(find_form(form_id), {name: old + "另查明"}, context)[name] == old + "另查明"


def test_the_hearing_reports_proposal_starts_with_nothing_chosen(demo_db, opened):
    editor = opened(demo_db, "hearing_report", find_case(demo_db, COMPANY))
    assert editor.fields["proposal"].value() == ""
    editor.fields["proposal"].set_value("变更")
    assert editor.fields["proposal"].value() == "变更"


# ---- 7. the receipt of an on-the-spot decision

def test_a_unit_signs_or_seals_the_on_the_spot_decision_and_a_person_signs_or_thumbprints(read_demo_db):
    values = {"serial_no": "0012345", "fine_fen": "100"}
    unit = printed(read_demo_db, "on_the_spot_decision", values, case_number=COMPANY)
    person = printed(read_demo_db, "on_the_spot_decision", values, case_number=PERSON)
    assert "（签名或者盖章）" in unit and "捺指印" not in unit
    assert "（签名或者捺指印）" in person and "盖章" not in person


# ---- 8. the review of a deferral or of instalments

def test_the_review_sentence_names_the_deferral_or_the_instalments(db, overdue):  # noqa: F811
    form = find_form("payment_deferral_notice")
    deferral = draft_document(db, overdue, form, {"decision_no": DECISION, "deferred_to": "2026-09-30"}).text
    assert "确有经济困难，需要延期缴纳罚款。" in deferral and "延期或者分期" not in deferral
    instalments = draft_document(db, overdue, form, {"decision_no": DECISION, "by_instalments": True}).text
    assert "确有经济困难，需要分期缴纳罚款。" in instalments and "延期或者分期" not in instalments
    # a kept draft holding version 1's sentence takes the one of its choice
    context = case_context(db, overdue)
    old = "经审查，你单位确有经济困难，需要延期或者分期缴纳罚款。"
    assert resumed_values(form, {"review": old, "by_instalments": True}, context)["review"] == (
        "经审查，你单位确有经济困难，需要分期缴纳罚款。")


def test_ticking_instalments_in_the_editor_rewords_the_review_not_written_by_hand(db, overdue, opened):  # noqa: F811
    editor = opened(db, "payment_deferral_notice", overdue)
    assert editor.fields["review"].value() == "经审查，你单位确有经济困难，需要延期缴纳罚款。"
    editor.fields["by_instalments"].set_value(True)
    assert editor.fields["review"].value() == "经审查，你单位确有经济困难，需要分期缴纳罚款。"
    editor.fields["review"].set_value("经审查，当事人确有困难。")
    editor.fields["by_instalments"].set_value(False)
    assert editor.fields["review"].value() == "经审查，当事人确有困难。"
