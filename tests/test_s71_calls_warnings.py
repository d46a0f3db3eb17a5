"""The calls warning is given wherever the provisions a case of calls is cited under are seen or fixed (audit
lead_case_law, defects 3, 4 and 6): `docs render` and `docs issue` of a form printing the provisions violated or the
penalty basis (调查终结报告, 行政处罚告知书 …), the case's law box, and filing a lead whose case records no fact of
calls while its facts tell of them; recording a fact that changes the provisions after a 行政处罚告知书 names the
notice and the provisions before and after; and a category correction refused after the lead was filed says where
the case's law is corrected (`cases facts`)."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from tests.helpers import run, run_json
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.law.case_law import case_law, condition_labels
from workstation.screening.rules import RULES_PARTS, shipped_rules_path
from workstation.store import get_case

CALLS, MESSAGES = "commercial_calls", "commercial_messages"
REGULATIONS_24 = "《中华人民共和国消费者权益保护法实施条例》第二十四条"
HEADER = "工单编号,受理时间,来电号码,诉求人,内容描述,被反映对象,所属区\n"
#: the audit's 丙丁装饰 lead (d1): its complaints tell of messages and of calls (频繁拨打骚扰电话)
BINGDING = [
    "AUD0006,2026-11-05 12:10,13711110006,孙八,经常收到佛山市禅城区丙丁装饰有限公司的推销短信和电话，号码13933330003,,禅城区",
    "AUD0007,2026-11-05 13:10,13711110007,周九,佛山市禅城区丙丁装饰有限公司13933330003频繁发送营销短信,,禅城区",
    "AUD0008,2026-11-05 14:10,13711110008,吴十,佛山市禅城区丙丁装饰有限公司13933330003频繁拨打骚扰电话推销装修,,禅城区",
]
#: the audit's lead of calls alone (d2)
CALLS_ONLY = [
    "AUD0101,2026-11-10 09:10,13711110101,张三,号码13955550005打电话来推销贷款，说当天放款，已拒绝仍反复打来,,南海区",
    "AUD0102,2026-11-11 10:10,13711110102,李四,13955550005有人打来电话说当天放款，问我要不要贷款,,南海区",
]
ALSO_MESSAGES = "also cited under the law of messages"
CALLS_FACTS = "经查，当事人于2026年1月至2月，未经消费者同意多次拨打推销电话向消费者推销楼盘。"
NOTICE = {"fine_fen": "5000", "issued_on": "2026-03-01"}


def _opened(capsys, db, data_dir, rows: list[str], number: str) -> tuple[dict, object]:
    """`leads decide --file` of the lead of ``number`` screened from the 12345 ``rows``: its --json result and the
    case it opened."""
    export = data_dir / "12345.csv"
    export.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    run_json(capsys, "--data-dir", data_dir, "complaints", "import", export)
    run_json(capsys, "--data-dir", data_dir, "leads", "screen")
    lead_id = db.execute("SELECT id FROM leads WHERE phones LIKE ?", [f"%{number}%"]).fetchone()[0]
    run_json(capsys, "--data-dir", data_dir, "leads", "assign", lead_id, "--agency", "440605")
    result = run_json(capsys, "--data-dir", data_dir, "leads", "decide", lead_id, "--file")
    return result, get_case(db, result["case"]["id"])


@pytest.fixture
def bingding(demo_db, data_dir, capsys):
    """The audit's 丙丁装饰 case as it was opened before the facts were recorded on filing (d1): no fact recorded."""
    _result, case = _opened(capsys, demo_db, data_dir, BINGDING, "13933330003")
    run_json(capsys, "--data-dir", data_dir, "cases", "facts", case.id, "--clear")
    return get_case(demo_db, case.id)


# ---- 3. docs render / docs issue, the law box, filing ----------------------------------------------------------

def test_rendering_the_investigation_report_warns_of_the_calls_cited_as_messages(bingding, demo_db, data_dir,
                                                                                 capsys, tmp_path, english):
    assert bingding.law_conditions == [] and "第二十九条第三款" in case_law(demo_db, bingding).violated_norms
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "render", bingding.id, "--form",
                          "investigation_report", "-o", tmp_path / "report.pdf")
    assert code == 0 and (tmp_path / "report.pdf").exists()
    assert ALSO_MESSAGES in err and "案件调查终结报告" in err
    assert f"cases facts {bingding.id} --fact {CALLS} --fact {MESSAGES}" in err  # the command recording them
    # a form printing no provisions (the 立案审批表): not warned of
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "render", bingding.id, "--form",
                          "filing_approval", "-o", tmp_path / "approval.pdf")
    assert code == 0 and ALSO_MESSAGES not in err
    # the facts recorded: cited under 条例 art. 24 for the calls, and nothing more to say
    run_json(capsys, "--data-dir", data_dir, "cases", "facts", bingding.id, "--fact", CALLS, "--fact", MESSAGES)
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "render", bingding.id, "--form",
                          "investigation_report", "-o", tmp_path / "report2.pdf")
    assert code == 0 and ALSO_MESSAGES not in err


def test_the_case_law_box_shows_the_calls_warning(bingding, demo_db, prompts, qtbot, english):
    from PySide6.QtWidgets import QLabel

    from ui.case_law import CaseLawBox

    box = CaseLawBox(demo_db, bingding, prompts)
    qtbot.addWidget(box)
    warning = box.findChild(QLabel, "calls_fact_warning")
    assert warning is not None and ALSO_MESSAGES in warning.text()
    assert condition_labels()[CALLS] in warning.text() and "Penalty and discretion" in warning.text()
    recorded = replace(bingding, law_conditions=[CALLS, MESSAGES])
    quiet = CaseLawBox(demo_db, recorded, prompts)
    qtbot.addWidget(quiet)
    assert quiet.findChild(QLabel, "calls_fact_warning") is None


def test_filing_a_lead_of_calls_with_the_facts_recorded_says_nothing_of_them(demo_db, data_dir, capsys, english):
    result, case = _opened(capsys, demo_db, data_dir, CALLS_ONLY, "13955550005")
    assert case.law_conditions == [CALLS]
    assert not any(ALSO_MESSAGES in w for w in result.get("warnings", []))


def test_filing_a_lead_whose_case_records_no_fact_of_calls_warns(demo_db, data_dir, capsys, english):
    """A bureau's screening rules edited before the fact of calls existed (骚扰电话 gives no ``facts``): the case of
    calls opened records none, cited under the law of messages; `leads decide --file` says so, with the command."""
    shipped = shipped_rules_path().read_text(encoding="utf-8")
    assert 'facts = ["commercial_calls"]\n' in shipped
    edited = data_dir.joinpath(*RULES_PARTS)
    edited.parent.mkdir(parents=True, exist_ok=True)
    edited.write_text(shipped.replace('facts = ["commercial_calls"]\n', "", 1), encoding="utf-8")
    result, case = _opened(capsys, demo_db, data_dir, CALLS_ONLY, "13955550005")
    assert case.law_conditions == []
    warnings = [w for w in result.get("warnings", []) if ALSO_MESSAGES in w]
    assert len(warnings) == 1 and f"cases facts {case.id} --fact {CALLS}" in warnings[0]


# ---- 4. the fact recorded after a 行政处罚告知书 ------------------------------------------------------------------

@pytest.fixture
def notified(db, data_dir, make_case):
    """A case of calls without the fact, whose 行政处罚告知书 cited 消法29③ + 条例24 + 办法11①(三); the notice."""
    case = make_case(status="pre_notice", filed_on="2026-02-20", facts=CALLS_FACTS, fine_fen=500_000,
                     violations=["unsolicited_commercial_messages"])
    assert case.law_conditions == []
    notice = issue_document(db, data_dir, get_case(db, case.id), find_form("pre_penalty_notice"), NOTICE)
    assert "第二十九条第三款" in notice.values["violated"]
    return get_case(db, case.id), notice


def test_issuing_the_notice_warns_of_the_calls_cited_as_messages(db, data_dir, make_case, tmp_path, capsys,
                                                                english):
    case = make_case(status="pre_notice", filed_on="2026-02-20", facts=CALLS_FACTS, fine_fen=500_000,
                     violations=["unsolicited_commercial_messages"])
    values = tmp_path / "notice.json"
    values.write_text(json.dumps(NOTICE, ensure_ascii=False), encoding="utf-8")
    result = run_json(capsys, "--data-dir", data_dir, "docs", "issue", case.case_number, "--form",
                      "pre_penalty_notice", "--values", values, "-o", tmp_path / "notice.pdf")
    assert result["number"]
    assert any(ALSO_MESSAGES in w and "行政处罚告知书" in w for w in result["warnings"])


def test_recording_the_fact_after_the_notice_names_the_notice_and_the_provisions(notified, data_dir, capsys,
                                                                                 english):
    case, notice = notified
    code, out, err = run(capsys, "--data-dir", data_dir, "cases", "facts", case.case_number, "--fact", CALLS)
    assert code == 0 and REGULATIONS_24 in out
    assert notice.number and notice.number in err  # the notice the party was told of the provisions by
    assert "change from" in err and "第二十九条第三款" in err and f"to {REGULATIONS_24}" in err
    assert "new 行政处罚告知书" in err
    # shown again, nothing recorded: nothing changes
    code, _out, err = run(capsys, "--data-dir", data_dir, "cases", "facts", case.case_number)
    assert code == 0 and notice.number not in err


def test_no_notice_no_note(db, data_dir, make_case, capsys, english):
    case = make_case(status="investigating", filed_on="2026-02-20", facts=CALLS_FACTS,
                     violations=["unsolicited_commercial_messages"])
    code, _out, err = run(capsys, "--data-dir", data_dir, "cases", "facts", case.case_number, "--fact", CALLS)
    assert code == 0 and "change from" not in err


def test_the_penalty_dialog_names_the_notice_as_the_fact_is_ticked(notified, db, prompts, qtbot, english):
    from PySide6.QtWidgets import QLabel

    from ui.case_law import PenaltyChoiceDialog

    case, notice = notified
    dialog = PenaltyChoiceDialog(db, case, prompts)
    qtbot.addWidget(dialog)
    note = dialog.findChild(QLabel, "told_provisions_note")
    assert note.isHidden()
    dialog.conditions[CALLS].setChecked(True)
    assert not note.isHidden() and notice.number in note.text() and REGULATIONS_24 in note.text()
    dialog.conditions[CALLS].setChecked(False)
    assert note.isHidden()


# ---- 6. the category correction refused after filing ----------------------------------------------------------

def test_the_refused_category_correction_names_cases_facts(bingding, data_dir, capsys, english):
    code, _out, err = run(capsys, "--data-dir", data_dir, "complaints", "correct", "AUD0006", "--related",
                          "--category", "骚扰电话", "--reason", "消费者所述为来电推销")
    assert code != 0 and "cannot be corrected" in err
    assert f"cases facts {bingding.id} --fact {CALLS} --fact {MESSAGES}" in err
