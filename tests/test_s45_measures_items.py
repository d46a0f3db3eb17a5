"""A release releases what was seized or preserved, once: the 解除行政强制措施决定书 and the 解除先行登记保存证据通知书
are refused for an item the document they name (by its 文号) never held, for more of it than it still holds, and for
items an earlier release of that document gave back already (naming that release's 文号); a correction of a release
does not count the release it corrects. A second 实施行政强制措施决定书 (or 先行登记保存证据通知书) listing goods one
in force still holds is warned of, naming it. The defaults of a release follow the 文号 typed, not the last
document issued."""

from __future__ import annotations

import pytest

from workstation.db.connection import immediate
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document, void_document
from workstation.documents.stage_rules import stage_warnings
from workstation.errors import WorkstationError
from workstation.formkit.measures import measures_context
from workstation.store import find_case

CASE = "佛南市监立〔2026〕9号"  # investigating, filed 2026-11-10
BASIS = "《中华人民共和国个人信息保护法》第六十三条第一款第（四）项"
PHONES = "1 | 手机 | 华为Mate 60 | ２部 | 已关机\n2 | 笔记本电脑 | 联想T14 | 1台 | \n3 | 客户名单 | A4 | 一批 | 纸质"
OTHER = "1 | 电脑主机 | 戴尔 | 3台 | 机房"
REASON = {"reason": "其他不再需要采取查封、扣押措施的情形", "reason_detail": "测试"}


@pytest.fixture
def case(demo_db):
    return find_case(demo_db, CASE)


def _decide(db, data_dir, case, items=PHONES, **values):
    return issue_document(db, data_dir, case, find_form("compulsory_measure_decision"),
                          {"legal_basis": BASIS, "measure": "扣押", "objects": "财物", "reason": "涉嫌违法",
                           "items": items, **values})


def _release(db, data_dir, case, number, items, supersedes=None):
    return issue_document(db, data_dir, case, find_form("compulsory_measure_release"),
                          {"decision_no": number, "items": items, **REASON}, supersedes=supersedes)


def _refusal(db, data_dir, case, number, items) -> str:
    with pytest.raises(WorkstationError) as raised:
        _release(db, data_dir, case, number, items)
    return raised.value.message


def test_an_item_never_seized_is_not_released(demo_db, data_dir, case, english):
    decision = _decide(demo_db, data_dir, case)
    message = _refusal(demo_db, data_dir, case, decision.number, "1 | 手机 | 华为Mate 60 | 1部 | \n"
                                                                  "2 | 汽车 | 宝马X5 | 1辆 | 未扣押之物")
    assert "line 2" in message and "汽车 宝马X5" in message and decision.number in message
    assert "手机" not in message.split(decision.number, 1)[1]  # the phone is among its items
    # the same item written otherwise (full-width, spaces) is the same item
    assert _release(demo_db, data_dir, case, decision.number, "1 | 手 机 | 华为ＭＡＴＥ60 | 2部 | ").number


def test_more_than_was_seized_is_not_released(demo_db, data_dir, case, english):
    decision = _decide(demo_db, data_dir, case)
    message = _refusal(demo_db, data_dir, case, decision.number, "1 | 手机 | 华为Mate 60 | 5部 | ")
    assert "line 1" in message and "手机 华为Mate 60" in message and "5部" in message and "2部" in message
    # a quantity not a plain number, or of another unit, is not judged
    assert _release(demo_db, data_dir, case, decision.number, "1 | 客户名单 | A4 | 120页 | ").number


def test_what_was_released_already_is_not_released_again(demo_db, data_dir, case, english):
    decision = _decide(demo_db, data_dir, case)
    first = _release(demo_db, data_dir, case, decision.number, "1 | 手机 | 华为Mate 60 | 1部 | ")
    message = _refusal(demo_db, data_dir, case, decision.number, "1 | 手机 | 华为Mate 60 | 2部 | ")
    assert "1部" in message and "line 1" in message  # one of the two is left
    second = _release(demo_db, data_dir, case, decision.number, "1 | 手机 | 华为Mate 60 | 1部 | ")
    message = _refusal(demo_db, data_dir, case, decision.number, "1 | 手机 | 华为Mate 60 | 1部 | ")
    assert first.number in message and second.number in message and "手机 华为Mate 60" in message
    whole = _release(demo_db, data_dir, case, decision.number, "1 | 客户名单 | A4 | 一批 | ")
    assert whole.number in _refusal(demo_db, data_dir, case, decision.number, "1 | 客户名单 | A4 | 一批 | ")
    # a voided release gave nothing back; a correction replaces the release it corrects
    void_document(demo_db, second.id, "文书有误")
    assert _release(demo_db, data_dir, case, decision.number, "1 | 手机 | 华为Mate 60 | 1部 | ").number
    assert _release(demo_db, data_dir, case, decision.number, "1 | 客户名单 | A4 | 一批 | 更正",
                    supersedes=whole.id).number


def test_a_release_is_checked_against_the_decision_it_names(demo_db, data_dir, case, english):
    first = _decide(demo_db, data_dir, case)
    second = _decide(demo_db, data_dir, case, items=OTHER)
    message = _refusal(demo_db, data_dir, case, first.number, OTHER)
    assert first.number in message and "电脑主机 戴尔" in message
    assert _release(demo_db, data_dir, case, first.number, "1 | 手机 | 华为Mate 60 | 2部 | ").number
    assert _release(demo_db, data_dir, case, second.number, OTHER).number
    # a decision given on paper: nothing here to compare with
    assert _release(demo_db, data_dir, case, "佛南市监强〔2026〕99号", "1 | 汽车 | 宝马X5 | 1辆 | ").number


def test_a_release_takes_the_items_of_the_decision_whose_number_was_typed(demo_db, data_dir, case):
    first = _decide(demo_db, data_dir, case)
    second = _decide(demo_db, data_dir, case, items=OTHER, decided_on="2026-12-02")
    assert measures_context(demo_db, case)["documents.measure_items"] == OTHER
    named = measures_context(demo_db, case, numbers={"documents.measure_number": first.number})
    assert named["documents.measure_number"] == first.number and named["documents.measure_items"] == PHONES
    assert named["documents.measure_decided_on"] == first.values["decided_on"]
    paper = measures_context(demo_db, case, numbers={"documents.measure_number": "佛南市监强〔2026〕99号"})
    assert paper["documents.measure_number"] == "佛南市监强〔2026〕99号" and paper["documents.measure_items"] is None
    assert second.number


def test_a_preservation_release_releases_what_was_preserved(demo_db, data_dir, case, english):
    notice = issue_document(demo_db, data_dir, case, find_form("preservation_notice"),
                            {"items": "1 | 宣传单 | A4 | 500张 | 当事人办公室"})
    release = find_form("preservation_release")
    with pytest.raises(WorkstationError) as raised:
        issue_document(demo_db, data_dir, case, release, {"notice_no": notice.number,
                                                           "items": "1 | 电脑主机 | 戴尔 | 3台 | 本局"})
    assert notice.number in raised.value.message and "电脑主机 戴尔" in raised.value.message
    done = issue_document(demo_db, data_dir, case, release, {"notice_no": notice.number,
                                                              "items": "1 | 宣传单 | A4 | 500张 | "})
    with pytest.raises(WorkstationError) as raised:
        issue_document(demo_db, data_dir, case, release, {"notice_no": notice.number,
                                                           "items": "1 | 宣传单 | A4 | 500张 | "})
    assert done.number in raised.value.message


def test_goods_held_already_are_warned_of_when_seized_again(demo_db, data_dir, case, english):
    first = _decide(demo_db, data_dir, case)
    values = {**first.values}
    warnings = [w for w in stage_warnings(demo_db, case, "compulsory_measure_decision", values)
                if first.number in w]
    assert len(warnings) == 1 and "手机 华为Mate 60" in warnings[0] and "笔记本电脑 联想T14" in warnings[0]
    assert not any(first.number in w for w in stage_warnings(
        demo_db, case, "compulsory_measure_decision", {**values, "items": OTHER}))
    # issued (the command line tells its warnings once issued), it is not warned of itself
    with immediate(demo_db):
        second = _decide(demo_db, data_dir, case, items=OTHER)
        assert not any(second.number in w for w in stage_warnings(
            demo_db, case, "compulsory_measure_decision", second.values))
    _release(demo_db, data_dir, case, first.number, PHONES)  # all given back: nothing held twice
    assert not any(first.number in w for w in stage_warnings(demo_db, case, "compulsory_measure_decision", values))


def test_goods_preserved_already_are_warned_of_when_preserved_again(demo_db, data_dir, case, english):
    notice = issue_document(demo_db, data_dir, case, find_form("preservation_notice"),
                            {"items": "1 | 宣传单 | A4 | 500张 | 当事人办公室"})
    warnings = stage_warnings(demo_db, case, "preservation_notice", {"items": "1 | 宣传单 | A4 | 100张 | 本局"})
    assert any(notice.number in w and "宣传单 A4" in w for w in warnings)


def test_a_correction_is_not_warned_of_as_seizing_again_what_it_replaces(demo_db, data_dir, english):
    from workstation.documents.stage_rules import CORRECTS, stage_warnings

    case = find_case(demo_db, "佛南市监立〔2026〕9号")
    first = issue_document(demo_db, data_dir, case, find_form("compulsory_measure_decision"),
                           {"legal_basis": "《中华人民共和国个人信息保护法》第六十三条第一款第（四）项", "measure": "扣押",
                            "objects": "财物", "reason": "涉嫌违法", "items": "1 | 手机 | 华为Mate 60 | 2部 | 已关机"})
    corrected = {**first.values, "reason": "涉嫌违法（更正）"}
    said = stage_warnings(demo_db, case, "compulsory_measure_decision", corrected)
    assert any(first.number in w for w in said)  # a new decision of the same goods: warned
    told = stage_warnings(demo_db, case, "compulsory_measure_decision", {**corrected, CORRECTS: first.id})
    assert not any(first.number in w for w in told)  # its correction: not
