"""The 调查经过 of the 案件调查终结报告 is told from what the case recorded (its issued records with their days, its
evidence register, its 先行登记保存 and its release), never boilerplate steps that did not take place; a case that
recorded nothing prints a ruled line; a kept draft holding the old boilerplate takes the case's course. And 调查终结
of a case with no issued record and no registered evidence is warned about (not refused: the records may be on
paper), in the window — ticked, kept on the timeline — and on the command line."""

from __future__ import annotations

import pytest

from tests.helpers import INQUIRY_TO_ISSUE, pdf_text, run_json
from workstation import procedure
from workstation.concluding import conclusion_warnings
from workstation.documents.drafts import draft_document, find_form, render_document
from workstation.documents.issuing import issue_document, void_document
from workstation.formkit.values import case_context, default_values, resumed_values
from workstation.store import get_case
from workstation.store.cases import case_timeline

FACTS = "经查，当事人未经消费者同意向其发送商业性短信。"
ADDRESS = {"party_address": "佛山市南海区桂城街道南海大道北1号"}
PLACE = "佛山市南海区桂城街道南海大道北1号"
#: the course the versions up to 7 wrote in, by the party's kind
BOILERPLATES = ["立案后，办案人员依法对当事人经营场所进行了现场检查，询问了当事人的有关人员，提取了相关书证和电子数据，调查取证工作已经完成。",
                "立案后，办案人员依法询问了当事人，对有关场所进行了现场检查，提取了相关书证和电子数据，调查取证工作已经完成。",
                "立案后，办案人员依法对当事人办公场所进行了现场检查，询问了当事人的有关人员，提取了相关书证和电子数据，调查取证工作已经完成。"]


@pytest.fixture
def investigated(make_case):
    """A case under investigation that issued nothing and registered no evidence."""
    return make_case(status="investigating", filed_on="2026-03-02", facts=FACTS)


def course(db, case) -> str:
    return default_values(find_form("investigation_report"), case_context(db, get_case(db, case.id)))["course"]


def printed_course(db, case, values=None) -> str:
    draft = draft_document(db, get_case(db, case.id), find_form("investigation_report"), {**ADDRESS, **(values or {})})
    text = pdf_text(render_document(draft, "pdf").data)
    return text.split("立案调查。")[1].split("三、调查认定的事实")[0]


def site_record(db, data_dir, case, day="2026-03-05"):
    return issue_document(db, data_dir, case, find_form("site_record"),
                          {"place": PLACE, "recusal_answer": "不申请", "findings": "当事人办公电脑存有客户名单。",
                           "time_from": f"{day} 09:30", "time_to": f"{day} 10:30"})


def inquiry_record(db, data_dir, case, day="2026-03-03"):
    return issue_document(db, data_dir, case, find_form("inquiry_record"),
                          {**INQUIRY_TO_ISSUE, "time_from": f"{day} 09:30", "time_to": f"{day} 11:05",
                           "interviewee": "黄志明", "relation": "法定代表人", "recusal_answer": "不申请",
                           "questions_answers": "问：你单位是否发送过推销短信？\n答：发送过。"})


def register(db, data_dir, case, tmp_path, name, day):
    from workstation.store.evidence import add_evidence

    path = tmp_path / name
    path.write_bytes(name.encode())
    return add_evidence(db, data_dir, case.id, path, kind="other", source="当事人办公电脑", collected_on=day)


# ---- 1. the course the report proposes ----------------------------------------------------------------------------

def test_a_case_that_recorded_nothing_gets_a_ruled_line_not_steps_never_taken(db, investigated):
    assert not course(db, investigated)
    printed = printed_course(db, investigated)
    assert printed == "＿" * 30
    assert "现场检查" not in printed and "询问" not in printed and "提取" not in printed


def test_the_course_tells_the_records_evidence_and_measures_by_their_days(db, data_dir, investigated, tmp_path):
    site_record(db, data_dir, investigated, "2026-03-05")
    inquiry_record(db, data_dir, investigated, "2026-03-03")
    register(db, data_dir, investigated, tmp_path, "客户名单.xlsx", "2026-03-05")
    register(db, data_dir, investigated, tmp_path, "短信记录.csv", "2026-03-05")
    notice = issue_document(db, data_dir, investigated, find_form("preservation_notice"),
                            {"preserved_on": "2026-03-05", "items": "电脑主机一台", "signed_on": "2026-03-05",
                             "contact_phone": "0757-86280000"})
    release = issue_document(db, data_dir, investigated, find_form("preservation_release"),
                             {"released_on": "2026-03-10", "signed_on": "2026-03-10",
                              "contact_phone": "0757-86280000"})
    told = course(db, investigated)
    assert told == (
        "立案后，办案人员依法开展调查：2026年3月3日，询问了当事人的法定代表人黄志明，制作了询问笔录；"
        f"2026年3月5日，对{PLACE}进行了现场检查，制作了现场笔录；"
        f"2026年3月5日，对有关证据采取了先行登记保存措施（{notice.number}）；"
        "2026年3月5日，收集了客户名单.xlsx、短信记录.csv共2项证据材料并登记；"
        f"2026年3月10日，解除了先行登记保存措施（{release.number}）。调查取证工作已经完成。")
    assert printed_course(db, investigated) == told  # printed as proposed, and no other step
    mine = "立案后，办案人员询问了当事人的法定代表人黄志明。"  # the officer may write it otherwise
    assert printed_course(db, investigated, {"course": mine}) == mine


def test_a_voided_record_is_not_told(db, data_dir, investigated):
    record = site_record(db, data_dir, investigated)
    assert "现场检查" in course(db, investigated)
    void_document(db, record.id, "写错了检查地点")
    assert not course(db, investigated)


@pytest.mark.parametrize("boilerplate", BOILERPLATES, ids=["company", "person", "association"])
def test_a_kept_report_holding_the_old_course_takes_the_cases(db, data_dir, investigated, boilerplate):
    site_record(db, data_dir, investigated)
    form = find_form("investigation_report")
    context = case_context(db, get_case(db, investigated.id))
    told = resumed_values(form, {"course": boilerplate}, context)["course"]
    assert told.startswith(f"立案后，办案人员依法开展调查：2026年3月5日，对{PLACE}进行了现场检查")
    assert "询问" not in told
    written = boilerplate.replace("调查取证工作已经完成。", "另调取了短信平台发送记录。")  # the officer's own
    assert resumed_values(form, {"course": written}, context)["course"] == written


def test_a_kept_report_of_a_case_that_recorded_nothing_gives_the_ruled_line(db, investigated):
    form = find_form("investigation_report")
    values = resumed_values(form, {"course": BOILERPLATES[0]}, case_context(db, get_case(db, investigated.id)))
    assert not values["course"]


# ---- 2. the warning of 调查终结 ------------------------------------------------------------------------------------

def test_concluding_with_no_record_and_no_evidence_is_warned_not_refused(db, investigated, english):
    (warning,) = conclusion_warnings(db, investigated)
    assert warning.message.startswith("No 询问笔录, 现场笔录 or other record has been issued in this case")
    assert "made on paper" in warning.message
    assert procedure.apply(db, investigated.id, "conclude_investigation",
                           on_date="2026-03-20").status == "investigation_concluded"


def test_a_record_or_an_evidence_item_takes_the_warning_away(db, data_dir, make_case, tmp_path):
    recorded = make_case(status="investigating", filed_on="2026-03-02", facts=FACTS)
    inquiry_record(db, data_dir, recorded)
    assert conclusion_warnings(db, get_case(db, recorded.id)) == []
    registered = make_case(status="investigating", filed_on="2026-03-02", facts=FACTS)
    register(db, data_dir, registered, tmp_path, "客户名单.xlsx", "2026-03-05")
    assert conclusion_warnings(db, get_case(db, registered.id)) == []


def test_the_command_line_says_the_warning_of_concluding(db, data_dir, investigated, capsys, english):
    result = run_json(capsys, "cases", "transition", investigated.case_number, "conclude_investigation", "--date",
                      "2026-03-20", "--data-dir", data_dir)
    assert result["status"] == "investigation_concluded"
    (warning,) = result["warnings"]
    assert warning.startswith("The conclusion of the investigation is recorded. No 询问笔录, 现场笔录 or other record "
                              "has been issued in this case")  # done, with what to add: the step is recorded
    assert "first" not in warning


@pytest.mark.gui
def test_the_window_asks_to_tick_the_warning_and_the_timeline_keeps_it(db, investigated, make_window, monkeypatch,
                                                                        english):
    import ui.transition_dialog
    from ui.transition_dialog import TransitionDialog

    shown = {}

    def answer(parent, transition, check=None, prompts=None, warning=None, parties=None, advice=None,
               proposal=None, payment=None):
        dialog = TransitionDialog(transition, parent, check=check, warning=warning, parties=parties)
        dialog.date.setDate(dialog.date.date().fromString("2026-03-20", "yyyy-MM-dd"))
        ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
        shown["enabled before ticking"] = ok.isEnabled()
        shown["warning"] = dialog.warning_label.text()
        dialog.acknowledge.setChecked(True)
        shown["enabled after ticking"] = ok.isEnabled()
        return dialog.recorded()

    monkeypatch.setattr(ui.transition_dialog, "ask_transition", answer)
    workspace = make_window(db).open_case(investigated.id)
    workspace._apply(procedure.BY_NAME["conclude_investigation"])
    assert shown["warning"].startswith("No 询问笔录, 现场笔录 or other record has been issued in this case")
    assert (shown["enabled before ticking"], shown["enabled after ticking"]) == (False, True)
    assert get_case(db, investigated.id).status == "investigation_concluded"
    concluded = [e for e in case_timeline(db, get_case(db, investigated.id)) if e.kind == "transition"][-1]
    assert "Investigation concluded with no issued record and no registered evidence." in concluded.note


# ---- 3. the warning of 提交审核 ------------------------------------------------------------------------------------

def test_submitting_for_review_without_an_issued_report_is_warned_until_one_is_issued(db, data_dir, make_case,
                                                                                      capsys, english):
    from workstation.concluding import review_warnings

    case = make_case(status="investigation_concluded", filed_on="2026-03-02", facts=FACTS, fine_fen=300_000)
    (warning,) = review_warnings(db, case)
    assert warning.message.startswith("No 调查终结报告 has been issued in this case")
    report = issue_document(db, data_dir, case, find_form("investigation_report"), ADDRESS)
    assert review_warnings(db, get_case(db, case.id)) == []
    void_document(db, report.id, "写错了当事人住所")  # a voided report is no report
    result = run_json(capsys, "cases", "transition", case.case_number, "submit_review", "--date", "2026-03-25",
                      "--data-dir", data_dir)
    assert result["status"] == "under_review"  # warned, never refused
    (said,) = result["warnings"]
    assert said.startswith("The submission for review is recorded. No 调查终结报告 has been issued in this case")


@pytest.mark.gui
def test_the_window_warns_at_submitting_for_review_and_the_timeline_keeps_it(db, make_case, make_window,
                                                                              monkeypatch, english):
    import ui.transition_dialog
    from ui.transition_dialog import TransitionDialog

    case = make_case(status="investigation_concluded", filed_on="2026-03-02", facts=FACTS)
    shown = {}

    def answer(parent, transition, check=None, prompts=None, warning=None, parties=None, advice=None,
               proposal=None, payment=None):
        dialog = TransitionDialog(transition, parent, check=check, warning=warning, parties=parties)
        dialog.date.setDate(dialog.date.date().fromString("2026-03-25", "yyyy-MM-dd"))
        shown["warning"] = dialog.warning_label.text()
        dialog.acknowledge.setChecked(True)
        return dialog.recorded()

    monkeypatch.setattr(ui.transition_dialog, "ask_transition", answer)
    make_window(db).open_case(case.id)._apply(procedure.BY_NAME["submit_review"])
    assert shown["warning"].startswith("No 调查终结报告 has been issued in this case")
    assert get_case(db, case.id).status == "under_review"
    submitted = [e for e in case_timeline(db, get_case(db, case.id)) if e.kind == "transition"][-1]
    assert "Submitted for review without an issued 调查终结报告." in submitted.note
