"""The legal basis a penalty rests on (audit law_catalogue, 1, 3 and the warning of 4).

1. A case recording violations that no norm penalised when the act occurred (calls made before 2024-07-01: 条例 art. 24
   did not exist yet and 消法 art. 29 para. 3 names messages only) has no penalty basis: no 行政处罚告知书, 行政处罚决定书
   or 当场行政处罚决定书 proposes or imposes a penalty in it, nor does the service of a notice or the decision get
   recorded; the refusal quotes why (the law in time) and points to 不予行政处罚 or the act's date. Its documents do not
   fall back on the forms' 消法 defaults.
3. 广告法 art. 62 (messages: electronic ads only) is no penalty basis for a case of calls and messages: chosen for the
   higher fine it dropped 条例 art. 24, the only norm of the calls, from the 违反的规定.
4. A case of calls alone whose 案由 names 商业性信息 (messages) is warned of by a document citing its provisions."""

from __future__ import annotations

import json
from dataclasses import replace

from tests.helpers import numbers_taken, run
from workstation.documents.drafts import draft_values, find_form
from workstation.law.case_law import COMMERCIAL_CALLS, case_law, cited_calls_warning, no_basis_refusal
from workstation.law.data import condition_labels
from workstation.procedure import ON_THE_SPOT_FORM, available, issue_refusal, values_refusal
from workstation.store import find_case
from workstation.vocabulary import shown_label

NANHAI_9 = "佛南市监立〔2026〕9号"  # calls only, still investigated
CHANCHENG_7 = "佛禅市监立〔2026〕7号"  # calls and messages
SHUNDE_3 = "佛顺市监立〔2026〕3号"  # messages only
REGULATIONS_24 = "《中华人民共和国消费者权益保护法实施条例》第二十四条"
CONSUMER_56 = "第五十六条第一款第（九）项"
PENALTY_FORMS = ("pre_penalty_notice", "penalty_decision", ON_THE_SPOT_FORM)


def _calls_before_the_regulations(db, status: str = "pre_notice"):
    """佛南9 (calls only) made on 2024-06-30, the day before 条例 art. 24 came into force, found in time."""
    db.execute("UPDATE cases SET act_on = '2024-06-30', lead_received_on = '2026-06-15', status = ?, "
               "fine_fen = 300000 WHERE case_number = ?", [status, NANHAI_9])
    return find_case(db, NANHAI_9)


def _no_basis_explanation(db, case) -> str:
    law = case_law(db, case)
    assert law.penalty is None and law.violations
    return law.violations[0].law.explanation


# ---- 1. no penalty without a basis

def test_the_notice_of_calls_made_before_the_regulations_is_refused_and_numbers_nothing(demo_db, data_dir, tmp_path,
                                                                                        capsys):
    case = _calls_before_the_regulations(demo_db)
    explanation = _no_basis_explanation(demo_db, case)
    values = tmp_path / "values.json"
    values.write_text(json.dumps({"contact_phone": "0757-12345678", "contact_address": "佛山市南海区桂城街道1号",
                                  "fine_fen": 300000}), encoding="utf-8")
    taken = numbers_taken(demo_db)
    code, out, err = run(capsys, "--data-dir", data_dir, "docs", "issue", NANHAI_9, "--form", "pre_penalty_notice",
                         "--values", values, "-o", tmp_path / "notice.pdf")
    assert code == 1, (out, err)
    assert explanation in err and "不予行政处罚" in err
    assert numbers_taken(demo_db) == taken
    assert not demo_db.execute("SELECT COUNT(*) FROM documents WHERE case_id = ? AND form_id = 'pre_penalty_notice'",
                               [case.id]).fetchone()[0]


def test_every_penalty_document_is_refused_any_penalty_kind_without_a_basis(demo_db):
    case = _calls_before_the_regulations(demo_db)
    explanation = _no_basis_explanation(demo_db, case)
    for form_id in PENALTY_FORMS:
        for values in ({"fine_fen": 300000}, {"warning": True}, {"other_penalty": "通报批评"}):
            refusal = values_refusal(demo_db, case, form_id, values)
            assert refusal and explanation in refusal, (form_id, values)
        refusal = issue_refusal(demo_db, case, form_id)  # said before the values are even looked at
        assert refusal and explanation in refusal, form_id


def test_the_documents_do_not_fall_back_on_the_consumer_law_defaults(demo_db):
    case = _calls_before_the_regulations(demo_db)
    for form_id in (*PENALTY_FORMS, "legal_review", "decision_approval"):
        values = draft_values(demo_db, case, find_form(form_id), {}, None, [])[0]
        printed = "".join(str(values.get(name) or "") for name in ("violated", "basis"))
        assert "消费者权益保护法" not in printed and CONSUMER_56 not in printed, (form_id, printed)


def test_the_steps_of_a_penalty_are_refused_without_a_basis(demo_db):
    for status, step in (("under_review", "send_pre_notice"), ("decision_pending", "decide_penalty"),
                         ("pending_filing", "decide_on_the_spot")):
        case = _calls_before_the_regulations(demo_db, status)
        explanation = _no_basis_explanation(demo_db, case)
        refusal = dict((t.name, why) for t, why in available(demo_db, case))[step]
        assert refusal and explanation in refusal, (step, refusal)


def test_the_refusal_names_the_calls_of_a_case_of_calls_alone_as_calls(demo_db):
    """佛南9 records calls alone (no messages): the refusal names the violation as the calls fact, as every other
    message of the case does (``_violation_named``), not as 未经同意发送商业性信息 (messages), and then says the
    calls had no norm."""
    case = _calls_before_the_regulations(demo_db)
    refusal = no_basis_refusal(case)
    calls = condition_labels()[COMMERCIAL_CALLS]
    assert f"{calls}: " in refusal or f"{calls}：" in refusal, refusal
    messages = shown_label("violations", "unsolicited_commercial_messages")
    assert messages not in refusal, refusal


def test_awaiting_filing_the_refusal_points_to_declining_the_filing(demo_db):
    """At 待立案 the case offers 不予立案, not 不予行政处罚 (a decision of a filed case): the refusal of 当场处罚 and of
    its 当场行政处罚决定书 points there."""
    case = _calls_before_the_regulations(demo_db, "pending_filing")
    offered = {t.name for t, _why in available(demo_db, case)}
    assert "decline_filing" in offered and "decide_no_penalty" not in offered
    for refusal in (dict((t.name, why) for t, why in available(demo_db, case))["decide_on_the_spot"],
                    issue_refusal(demo_db, case, ON_THE_SPOT_FORM), no_basis_refusal(case)):
        assert refusal and "不予立案" in refusal and "不予行政处罚" not in refusal, refusal
    later = _calls_before_the_regulations(demo_db, "decision_pending")  # filed: not to penalise is what remains
    assert "不予行政处罚" in no_basis_refusal(later) and "不予立案" not in no_basis_refusal(later)


def test_a_case_with_a_basis_is_not_refused_so(demo_db):
    """佛南9's calls of 2026 (条例 art. 24): nothing refused, each penalty document at the stage it is issued in."""
    for status, form_id in (("under_review", "pre_penalty_notice"), ("decision_pending", "penalty_decision"),
                            ("pending_filing", ON_THE_SPOT_FORM)):
        served = "2026-07-01" if status == "decision_pending" else None  # the notice served, its period run
        demo_db.execute("UPDATE cases SET status = ?, notice_served_on = ? WHERE case_number = ?",
                        [status, served, NANHAI_9])
        case = find_case(demo_db, NANHAI_9)
        assert case_law(demo_db, case).penalty is not None
        assert no_basis_refusal(case) is None and no_basis_refusal(case, find_form(form_id).title) is None
        assert issue_refusal(demo_db, case, form_id) is None, (form_id, issue_refusal(demo_db, case, form_id))


# ---- 3. 广告法 art. 62 is not the basis of calls and messages

def test_calls_and_messages_keep_the_regulations_whatever_the_gains(read_demo_db, english):
    case = replace(find_case(read_demo_db, CHANCHENG_7), illegal_gains_fen=100000)
    law = case_law(read_demo_db, case)
    # the messages: 广告法 art. 62 allows the higher fine (Penalty Law art. 29, REFERENCE §4.7) …
    assert law.penalty.norm.id == "advertising_law_62_1"
    # … but it penalises no call: 条例 art. 24 stays among the provisions violated, and the officer is told
    assert REGULATIONS_24 in law.violated_norms and "广告法》第四十三条" in law.violated_norms
    assert [(p.violation, p.part) for p in law.uncovered] == [("unsolicited_commercial_messages", "commercial_calls")]
    warning = law.uncovered_warning
    assert "广告法》第六十二条第一款" in warning and "拨打商业性电话" in warning and CONSUMER_56 in warning
    # told with the documents citing the provisions, whose 违反的规定 names 条例 art. 24 too
    assert warning in cited_calls_warning(case, find_form("pre_penalty_notice"))
    values = draft_values(read_demo_db, case, find_form("pre_penalty_notice"), {}, None, [])[0]
    assert REGULATIONS_24 in values["violated"] or "实施条例》第二十四条" in values["violated"]
    # the usual gains: 消法 art. 56 covers calls and messages alike, nothing to tell
    usual = case_law(read_demo_db, find_case(read_demo_db, CHANCHENG_7))
    assert usual.penalty.norm.id == "consumer_law_56_9" and not usual.uncovered and not usual.uncovered_warning
    assert REGULATIONS_24 in usual.violated_norms


def test_calls_before_the_regulations_beside_messages_are_not_cited(read_demo_db):
    case = replace(find_case(read_demo_db, CHANCHENG_7), act_on="2024-06-30", illegal_gains_fen=100000)
    law = case_law(read_demo_db, case)  # the messages alone have a basis; the calls none (no 条例 art. 24 yet)
    assert law.penalty is not None and not law.uncovered and "第二十四条" not in law.violated_norms


def test_messages_alone_still_take_the_higher_fine_of_the_advertising_law(read_demo_db):
    case = replace(find_case(read_demo_db, SHUNDE_3), illegal_gains_fen=100000, penalty_norm="")
    assert case_law(read_demo_db, case).penalty.norm.id == "advertising_law_62_1"


# ---- 4. a cause naming messages in a case of calls alone

def test_a_cause_naming_commercial_information_in_a_case_of_calls_is_warned_of(read_demo_db):
    called = find_case(read_demo_db, NANHAI_9)
    assert called.law_conditions == ["commercial_calls"]
    case = replace(called, cause="佛山市南海区翊晟建筑装饰设计有限公司涉嫌未经消费者同意向其发送商业性信息案")
    for form_id in ("pre_penalty_notice", "penalty_decision"):
        warning = cited_calls_warning(case, find_form(form_id))
        assert "商业性信息" in warning and "拨打商业性电话" in warning, warning
    worded = replace(case, cause="佛山市南海区翊晟建筑装饰设计有限公司涉嫌未经消费者同意拨打商业性电话案")
    assert cited_calls_warning(worded, find_form("pre_penalty_notice")) == ""
    both = replace(find_case(read_demo_db, CHANCHENG_7), cause=case.cause)  # calls and messages: 商业性信息 names them
    assert cited_calls_warning(both, find_form("pre_penalty_notice")) == ""
    assert cited_calls_warning(case, find_form("inquiry_record")) == ""  # prints no provisions
