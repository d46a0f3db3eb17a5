"""From an audit of compulsory measures and closing: the 场所/设施/财物清单 is checked against the 实施行政强制措施决定书
it names (its items against what the decision still holds, its measure, its date); closing a case, and its
结案审批表, warn of the goods a decision or a 先行登记保存证据通知书 in force still holds — item, quantity and document —
whether or not a clock event was recorded, and word T14 by its state; a partial release does not offer to end the
seizure; the 结案审批表's 涉案物品处理 is drawn from the measures and releases, blank (not 无) when a measure was taken
and nothing is written; an extension of a measure decided on paper runs at most thirty days past its end."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests.helpers import pdf_text
from workstation import procedure
from workstation.clocks import case_clocks
from workstation.closing import closing_warnings
from workstation.documents.drafts import draft_document, draft_values, find_form, render_document
from workstation.documents.issuing import issue_document
from workstation.documents.stage_rules import stage_warnings
from workstation.errors import ValidationError, WorkstationError
from workstation.records import ClockEvent
from workstation.store import find_case, get_case
from workstation.store.clock_events import get_clock_event, record_clock_event

CASE = "佛南市监立〔2026〕9号"  # demo: investigating, filed 2026-11-10
BASIS = "《中华人民共和国个人信息保护法》第六十三条第一款第（四）项"
SEIZED = "1 | 台式计算机（存有客户名单） | 戴尔OptiPlex 3000 | 2台 | 主机\n2 | 移动硬盘 | 西部数据 1TB | 3个 | "
DECIDED = "2026-11-20"
REASON = {"reason": "其他不再需要采取查封、扣押措施的情形", "reason_detail": "测试"}
PRESERVED = "1 | 学员名单 | A4 | 2本 | 本局"


@pytest.fixture
def case(demo_db):
    return find_case(demo_db, CASE)


def _decide(db, data_dir, case, items=SEIZED, **values):
    return issue_document(db, data_dir, get_case(db, case.id), find_form("compulsory_measure_decision"),
                          {"legal_basis": BASIS, "measure": "扣押", "objects": "财物", "reason": "涉嫌违法",
                           "items": items, "decided_on": DECIDED, **values})


def _release(db, data_dir, case, number, items, **values):
    return issue_document(db, data_dir, get_case(db, case.id), find_form("compulsory_measure_release"),
                          {"decision_no": number, **({"items": items} if items is not None else {}),
                           "released_on": "2026-11-25", "signed_on": "2026-11-25", **REASON, **values})


def _preserve(db, data_dir, case, items=PRESERVED):
    return issue_document(db, data_dir, get_case(db, case.id), find_form("preservation_notice"),
                          {"preserved_on": "2026-11-20", "signed_on": "2026-11-20", "items": items})


def _list(db, data_dir, case, **values):
    return issue_document(db, data_dir, get_case(db, case.id), find_form("seized_items_list"), values)


def _refused(call, *args, **kwargs) -> str:
    with pytest.raises(WorkstationError) as raised:
        call(*args, **kwargs)
    if isinstance(raised.value, ValidationError):
        return " ".join(f"{label}: {message}" for label, message in raised.value.errors.items())
    return raised.value.message


def _terminated(db, case):
    procedure.apply(db, case.id, "terminate", on_date="2026-12-01", reason="违法事实不能成立")
    return get_case(db, case.id)


# ---- 1. the 场所/设施/财物清单 against its decision ----------------------------------------------------------------

def test_a_list_naming_more_or_other_items_than_the_decision_holds_is_refused(demo_db, data_dir, case, english):
    decision = _decide(demo_db, data_dir, case)
    message = _refused(_list, demo_db, data_dir, case, items=(
        "1 | 台式计算机（存有客户名单） | 戴尔OptiPlex 3000 | 5台 | 主机\n2 | 移动硬盘 | 西部数据 1TB | 3个 | \n"
        "3 | 手机 | 华为Mate 60 | 4部 | "))
    assert decision.number in message and "5台" in message and "2台" in message and "手机" in message
    assert "移动硬盘" not in message
    assert _list(demo_db, data_dir, case).values["items"] == SEIZED.strip()  # its own items, by default: issued


def test_a_list_of_items_released_already_is_refused(demo_db, data_dir, case, english):
    decision = _decide(demo_db, data_dir, case)
    release = _release(demo_db, data_dir, case, decision.number, "1 | 移动硬盘 | 西部数据 1TB | 3个 | ")
    message = _refused(_list, demo_db, data_dir, case, items=SEIZED)
    assert release.number in message and "移动硬盘" in message


def test_a_list_ticking_another_measure_than_its_decision_is_refused(demo_db, data_dir, case, english):
    decision = _decide(demo_db, data_dir, case)
    message = _refused(_list, demo_db, data_dir, case, measure="查封")
    assert decision.number in message and "扣押" in message and "查封" in message


def test_a_list_dated_before_its_decision_is_refused(demo_db, data_dir, case, english):
    _decide(demo_db, data_dir, case)
    message = _refused(_list, demo_db, data_dir, case, done_on="2026-11-15")
    assert "实施日期" in message and DECIDED in message
    assert _list(demo_db, data_dir, case, done_on=DECIDED).number is None  # a list carries no 文号 of its own


# ---- 2. closing with goods still held ------------------------------------------------------------------------------

def test_closing_names_the_goods_a_decision_still_holds_without_a_clock_event(demo_db, data_dir, case, english):
    decision = _decide(demo_db, data_dir, case)
    _release(demo_db, data_dir, case, decision.number, "1 | 台式计算机（存有客户名单） | 戴尔OptiPlex 3000 | 1台 | ")
    closed = _terminated(demo_db, case)
    [warning] = [w for w in closing_warnings(demo_db, closed) if decision.number in w.message]
    assert "台式计算机（存有客户名单）" in warning.message and "1台" in warning.message
    assert "移动硬盘" in warning.message and "3个" in warning.message and "2台" not in warning.message
    assert decision.number in warning.note and "移动硬盘" in warning.note
    told = stage_warnings(demo_db, closed, "closing_approval", {"ground": "终止调查"})
    assert any(decision.number in w and "移动硬盘" in w for w in told)


def test_goods_all_released_are_not_warned_of(demo_db, data_dir, case, english):
    decision = _decide(demo_db, data_dir, case)
    _release(demo_db, data_dir, case, decision.number, SEIZED)
    closed = _terminated(demo_db, case)
    assert not [w for w in closing_warnings(demo_db, closed) if decision.number in w.message]


def test_closing_names_the_goods_a_preservation_still_holds(demo_db, data_dir, case, english):
    notice = _preserve(demo_db, data_dir, case)
    record_clock_event(demo_db, ClockEvent(case_id=case.id, kind="preservation", starts_on="2026-11-20"))
    closed = _terminated(demo_db, case)
    [warning] = [w for w in closing_warnings(demo_db, closed) if notice.number in w.message]
    assert "学员名单" in warning.message and "2本" in warning.message and "T13" in warning.message


def test_t14_is_worded_by_its_state(demo_db, data_dir, case, english, monkeypatch):
    from tests.helpers import program_day

    program_day(monkeypatch, "2026-12-01")
    decision = _decide(demo_db, data_dir, case)
    record_clock_event(demo_db, ClockEvent(case_id=case.id, kind="seizure", starts_on=DECIDED))
    [warning] = [w for w in closing_warnings(demo_db, _terminated(demo_db, case)) if decision.number in w.message]
    [t14] = [d for d in case_clocks(demo_db, get_case(demo_db, case.id)) if d.clock == "T14"]
    assert t14.state == "open" and f"T14 (Running, due {t14.due})" in warning.message
    assert "overdue" not in warning.message
    program_day(monkeypatch, "2027-01-20")  # past its end: overdue
    [warning] = [w for w in closing_warnings(demo_db, get_case(demo_db, case.id)) if decision.number in w.message]
    assert f"T14 (Overdue, due {t14.due})" in warning.message


# ---- 3. the 结案审批表's 涉案物品处理 -------------------------------------------------------------------------------

def _approval_text(db, case, values=None) -> str:
    document = draft_document(db, get_case(db, case.id), find_form("closing_approval"), values)
    return pdf_text(render_document(document, "pdf").data).replace(" ", "")


def test_the_disposal_is_drawn_from_the_measures_and_releases(demo_db, data_dir, case):
    decision = _decide(demo_db, data_dir, case)
    extension = issue_document(demo_db, data_dir, get_case(demo_db, case.id), find_form("compulsory_measure_extension"),
                               {"decision_no": decision.number, "extended_until": "2027-01-10",
                                "decided_on": "2026-12-05", "reason": "案情复杂"})
    release = _release(demo_db, data_dir, case, decision.number, "1 | 移动硬盘 | 西部数据 1TB | 1个 | ")
    closed = _terminated(demo_db, case)
    values, _context = draft_values(demo_db, closed, find_form("closing_approval"))
    text = values["items_disposal"]
    for said in (decision.number, extension.number, release.number, "2027年1月10日", "台式计算机（存有客户名单）",
                 "移动硬盘（西部数据 1TB）1个", "尚扣押", "移动硬盘（西部数据 1TB）2个"):
        assert said in text, said
    printed = _approval_text(demo_db, closed)
    assert decision.number in printed and "尚扣押" in printed


def test_no_measure_prints_none_and_a_measure_left_unwritten_prints_blank(demo_db, data_dir, case):
    printed = _approval_text(demo_db, case)
    assert "涉案物品处理无" in printed
    _decide(demo_db, data_dir, case)
    assert "涉案物品处理无" not in _approval_text(demo_db, case, {"items_disposal": ""})


def test_the_earlier_version_is_kept():
    from workstation.formkit.spec import earlier_form

    form = find_form("closing_approval")
    earlier = earlier_form(form.id, 11)  # the version before the 涉案物品处理 was drawn from the case (12)
    assert form.field("items_disposal").source == "documents.items_disposal"
    assert earlier.version == 11 and not earlier.field("items_disposal").source


# ---- 4. an extension of a measure decided on paper -----------------------------------------------------------------

def test_an_extension_runs_at_most_thirty_days_past_the_end_of_a_measure_on_paper(demo_db, data_dir, case,
                                                                                  english):
    paper = {"decision_no": "佛南市监强制〔2026〕99号", "measured_on": "2026-11-11", "original_until": "",
             "decided_on": "2026-12-05", "reason": "案情复杂", "measure": "扣押", "objects": "财物"}
    form = find_form("compulsory_measure_extension")
    message = _refused(issue_document, demo_db, data_dir, case, form, {**paper, "extended_until": "2027-01-11"})
    assert "2027-01-10" in message  # 2026-11-11 + 30 = 2026-12-11, + 30
    assert issue_document(demo_db, data_dir, case, form, {**paper, "extended_until": "2027-01-10"}).number


# ---- 5. a partial release does not end the seizure -----------------------------------------------------------------

def _offered(qtbot, monkeypatch, prompts, db, case, release):
    from ui.case_clocks import EndEventDialog
    from ui.case_documents import offer_clock_event

    def exec_(dialog):
        qtbot.addWidget(dialog)
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(EndEventDialog, "exec", exec_)
    prompts.confirm_answer = True
    return offer_clock_event(prompts, None, db, get_case(db, case.id), find_form("compulsory_measure_release"),
                             release, "Issued.")


@pytest.mark.gui
def test_a_partial_release_does_not_offer_to_end_the_seizure(demo_db, data_dir, case, qtbot, prompts, monkeypatch,
                                                            english):
    decision = _decide(demo_db, data_dir, case)
    event = record_clock_event(demo_db, ClockEvent(case_id=case.id, kind="seizure", starts_on=DECIDED))
    release = _release(demo_db, data_dir, case, decision.number, "1 | 移动硬盘 | 西部数据 1TB | 1个 | ")
    assert _offered(qtbot, monkeypatch, prompts, demo_db, case, release)
    assert not prompts.confirmations and get_clock_event(demo_db, event.id).ends_on is None
    [told] = prompts.infos
    assert decision.number in told and "移动硬盘" in told and "2个" in told and "台式计算机" in told
    rest = _release(demo_db, data_dir, case, decision.number, None)  # the rest, by default
    assert _offered(qtbot, monkeypatch, prompts, demo_db, case, rest)
    assert prompts.confirmations and get_clock_event(demo_db, event.id).ends_on == "2026-11-25"


@pytest.mark.gui
def test_a_release_not_issued_here_is_offered_as_before(demo_db, case, qtbot, prompts, monkeypatch, english):
    event = record_clock_event(demo_db, ClockEvent(case_id=case.id, kind="seizure", starts_on=DECIDED))
    release = SimpleNamespace(values={"released_on": "2026-11-25"}, issued_at="2026-11-25T10:00:00")
    assert _offered(qtbot, monkeypatch, prompts, demo_db, case, release)
    assert prompts.confirmations and get_clock_event(demo_db, event.id).ends_on == "2026-11-25"
