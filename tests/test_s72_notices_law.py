"""What the party is sent and what is published says the law of the case (session 72, notices_law audit):

1. the publication summary's 违法行为类型 of a case of calls says 拨打商业性电话 (calls are no 信息, REFERENCE §4.4),
   from the facts the case records (catalogue.toml [conditions] commercial_calls / commercial_messages);
2. the 行政处罚告知书's 裁量理由 speaks to the party as the notice does (你单位 / 你) and proposes (拟) the tier: the
   penalty is not decided before the party is heard; the 行政处罚决定书 keeps its own sentence (当事人…依法…);
3. the 不予行政处罚决定书's reason paragraph closes with 。 as the decision's does;
4. the 责令改正通知书's closing requirement fits the party and the violation: none for a natural person, the
   security measures for a case of leaking or providing alone (catalogue.toml [rectification_closing])."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.test_party_case10 import COMPANY, notice
from workstation import procedure
from workstation.documents.drafts import draft_document, find_form
from workstation.documents.issuing import issue_document
from workstation.documents.publication import publication_copy
from workstation.errors import WorkstationError
from workstation.formkit.values import case_context, default_values
from workstation.records import Party
from workstation.store import get_case, save_party
from workstation.store.cases import update_case

MESSAGES, LEAK = "unsolicited_commercial_messages", "illegal_provision_or_leak"
CALLS_FACTS = "经查，当事人未经消费者同意向其拨打商业性电话推销装修服务共1,200次。"
DECIDED_ON = "2026-03-10"
USCC = "91512081MA62K0260E"


def company(db, case):
    save_party(db, Party(name=COMPANY, uscc=USCC, address="佛山市南海区桂城街道南海大道1号", legal_rep="梁嘉豪",
                         id=case.party_ids[0]))


def person(db, case):
    save_party(db, Party(name="朱子轩", kind="person", id_number="11010519491231002X", address="佛山市禅城区祖庙路3号",
                         id=case.party_ids[0]))


# ---- 1. the publication summary of a case of calls -------------------------------------------------------------

def published_type(db, data_dir, make_case, conditions) -> str:
    case = make_case(status="under_review", filed_on="2026-02-20", review_on="2026-02-27", facts=CALLS_FACTS,
                     violations=[MESSAGES], law_conditions=list(conditions))
    company(db, case)
    notice(db, data_dir, case, case.party_ids[0], fine_fen="5000", hearing_required=False, facts=CALLS_FACTS)
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-02")
    procedure.apply(db, case.id, "end_statement_period", on_date=DECIDED_ON)
    decision = issue_document(db, data_dir, get_case(db, case.id), find_form("penalty_decision"),
                              {"decided_on": DECIDED_ON, "fine_fen": "5000", "facts": CALLS_FACTS},
                              party_id=case.party_ids[0])
    return dict(publication_copy(db, data_dir, decision).summary)["违法行为类型"]


def test_a_case_of_calls_alone_is_published_as_calls(db, data_dir, make_case):
    said = published_type(db, data_dir, make_case, ["commercial_calls"])
    assert "拨打商业性电话" in said and "发送商业性信息" not in said


def test_a_case_of_calls_and_messages_is_published_as_both(db, data_dir, make_case):
    said = published_type(db, data_dir, make_case, ["commercial_calls", "commercial_messages"])
    assert "发送商业性信息" in said and "拨打商业性电话" in said


def test_a_case_of_messages_keeps_its_label(db, data_dir, make_case):
    assert published_type(db, data_dir, make_case, []) == "未经同意发送商业性信息"


# ---- 2. the 告知书's 裁量理由 --------------------------------------------------------------------------------------

def lighter(db, make_case, party=company, reason=""):
    case = make_case(status="under_review", filed_on="2026-02-20", review_on="2026-02-27",
                     facts="经查，当事人未经消费者同意向其发送商业性短信。", violations=[MESSAGES])
    party(db, case)
    return update_case(db, replace(get_case(db, case.id), discretion_tier="lighter",
                                   discretion_factors=["cooperated", "minor_harm"], discretion_reason=reason))


def drafted(db, case, form_id) -> str:
    return str(default_values(find_form(form_id), case_context(db, get_case(db, case.id)))["discretion"] or "")


def test_the_notice_speaks_to_the_company_and_proposes_the_tier(db, make_case):
    text = drafted(db, lighter(db, make_case), "pre_penalty_notice")
    assert text.startswith("你单位具有") and "当事人具有" not in text
    assert "本局拟依法从轻处罚" in text and text.endswith("。")


def test_the_notice_speaks_to_a_person_as_you(db, make_case):
    text = drafted(db, lighter(db, make_case, person), "pre_penalty_notice")
    assert text.startswith("你具有") and "本局拟依法从轻处罚" in text


def test_a_circumstance_with_its_own_comma_reads_as_one(db, make_case):
    """积极配合调查，如实陈述… joined by 、 to the next read as a list broken in the middle."""
    text = drafted(db, lighter(db, make_case), "pre_penalty_notice")
    circumstances = text.split("具有", 1)[1].split("的情节", 1)[0]
    assert "，" not in circumstances and "积极配合调查" in circumstances and "危害后果较轻" in circumstances


def test_the_decision_keeps_its_own_sentence(db, make_case):
    text = drafted(db, lighter(db, make_case, reason="当事人及时删除了名单"), "penalty_decision")
    assert text.startswith("当事人具有") and "依法从轻处罚。" in text and "拟" not in text
    assert text.endswith("当事人及时删除了名单。")


def test_the_decision_after_the_notice_says_the_decided_tier(db, data_dir, make_case):
    """The decision draws the 裁量理由 on the notice the party was heard on: in the decision's words."""
    case = lighter(db, make_case)
    told = notice(db, data_dir, case, case.party_ids[0], fine_fen="5000", hearing_required=False)
    assert told.values["discretion"].startswith("你单位具有")
    text = drafted(db, case, "penalty_decision")
    assert text.startswith("当事人具有") and "依法从轻处罚" in text and "拟" not in text and "你单位" not in text


def test_the_notice_s_own_sentence_is_no_reason_for_a_fine_outside_its_tier(db, data_dir, make_case):
    case = lighter(db, make_case)
    with pytest.raises(WorkstationError):  # ¥400,000 lies in the 从重 band of ¥0–500,000
        notice(db, data_dir, case, case.party_ids[0], fine_fen="400000", hearing_required=True,
               discretion=drafted(db, case, "pre_penalty_notice"))


# ---- 3. the 不予行政处罚决定书's reason ------------------------------------------------------------------------------

@pytest.mark.parametrize("typed", ["当事人系初次违法，已删除相关信息", "当事人系初次违法，已删除相关信息。"])
def test_the_no_penalty_reason_closes_with_a_full_stop(db, make_case, typed):
    case = make_case(status="under_review", filed_on="2026-02-20", review_on="2026-02-27",
                     facts="经查，当事人未经消费者同意向其发送商业性短信。", violations=[MESSAGES])
    company(db, case)
    case = update_case(db, replace(get_case(db, case.id), discretion_tier="no_penalty",
                                   discretion_factors=["first_violation_minor"], discretion_reason=typed))
    printed = draft_document(db, case, find_form("no_penalty_decision"),
                             {"party_address": "佛山市南海区桂城街道1号", "decided_on": "2026-03-20"}).text
    (line,) = [line for line in printed.splitlines() if "当事人系初次违法" in line]
    assert line.strip().endswith("已删除相关信息。") and "。。" not in line


# ---- 4. the 责令改正通知书's closing requirement -----------------------------------------------------------------------

def requirements(db, make_case, party, violations) -> list[str]:
    case = make_case(status="investigating", filed_on="2026-02-20", violations=list(violations))
    party(db, case)
    values = default_values(find_form("rectification_order"), case_context(db, get_case(db, case.id)))
    return str(values["requirements"]).splitlines()


def test_a_person_is_not_ordered_to_build_a_system(db, make_case):
    lines = requirements(db, make_case, person, [LEAK])
    assert len(lines) == 1 and lines[0].startswith("1.停止") and lines[0].endswith("。")
    assert "制度" not in "".join(lines) and "留存消费者同意" not in "".join(lines)


def test_a_company_leaking_alone_is_ordered_to_keep_the_information_safe(db, make_case):
    lines = requirements(db, make_case, company, [LEAK])
    assert len(lines) == 2 and lines[0].endswith("；") and lines[1].startswith("2.建立健全消费者个人信息保护制度")
    assert "留存消费者同意" not in lines[1] and "安全" in lines[1] and lines[1].endswith("。")


def test_a_company_sending_messages_keeps_the_consent_records(db, make_case):
    lines = requirements(db, make_case, company, [MESSAGES])
    assert lines[-1] == "2.建立健全消费者个人信息保护制度，依法取得并留存消费者同意的记录。"


def test_a_company_leaking_and_sending_keeps_the_consent_records(db, make_case):
    lines = requirements(db, make_case, company, [LEAK, MESSAGES])
    assert len(lines) == 3 and "留存消费者同意" in lines[-1]


# ---- the final read's mends (fr_notices) ----------------------------------------------------------------------------

def test_no_circumstance_holds_its_own_comma():
    """discretion.toml: a circumstance's text holds no ，, which would break the list of circumstances it is joined in."""
    from workstation.law import discretion

    assert not [f.key for f in discretion.all_factors().values() if "，" in f.text]


@pytest.mark.parametrize("typed, closed", [("当事人已改正", "当事人已改正。"), ("当事人已改正。", "当事人已改正。"),
                                           ("当事人已改正。 ", "当事人已改正。"), (" 当事人已改正 \n", "当事人已改正。"),
                                           ("  ", ""), ("", "")])
def test_a_closed_sentence_ends_in_one_full_stop(typed, closed):
    from workstation.law.case_law import closed_sentence

    assert closed_sentence(typed) == closed


def test_a_no_penalty_reason_typed_with_a_trailing_space_closes_once(db, make_case):
    """A reason typed 。 and a space printed 。 。 in the 不予行政处罚决定书 (and its 裁量理由)."""
    case = make_case(status="under_review", filed_on="2026-02-20", review_on="2026-02-27",
                     facts="经查，当事人未经消费者同意向其发送商业性短信。", violations=[MESSAGES])
    company(db, case)
    case = update_case(db, replace(get_case(db, case.id), discretion_tier="no_penalty",
                                   discretion_factors=["first_violation_minor"],
                                   discretion_reason="当事人系初次违法，已删除相关信息。 "))
    context = case_context(db, get_case(db, case.id))
    for key in ("case.no_penalty_reason", "case.discretion_text"):
        said = str(context[key])
        assert said.endswith("已删除相关信息。") and "。 。" not in said and "。。" not in said, (key, said)


def test_the_rectification_items_take_their_closing_item():
    """catalogue.rectification_items numbers the items and closes them itself, with the closing item given: the
    [texts] one by default, none for "", another as given (its own punctuation dropped)."""
    from workstation.law.catalogue import rectification_items

    general = "2.建立健全消费者个人信息保护制度，依法取得并留存消费者同意的记录。"
    assert rectification_items([MESSAGES]).splitlines()[-1] == general
    assert rectification_items([MESSAGES], None).splitlines()[-1] == general
    alone = rectification_items([LEAK], "").splitlines()
    assert len(alone) == 1 and alone[0].startswith("1.停止") and alone[0].endswith("。")
    lines = rectification_items([LEAK, MESSAGES], "保管好名单；").splitlines()
    assert len(lines) == 3 and lines[1].endswith("；") and lines[2] == "3.保管好名单。"
    assert rectification_items([], "保管好名单") == ""


@pytest.mark.parametrize("kind, violations, closing", [
    ("person", [LEAK], ""), ("person", [MESSAGES], ""), ("company", [MESSAGES], None),
    ("company", [LEAK, MESSAGES], None), ("company", [LEAK, LEAK], "leak")])
def test_the_closing_item_is_looked_up_by_party_kind_and_violations(kind, violations, closing):
    from workstation.law.catalogue import rectification_closing

    found = rectification_closing(violations, kind)
    if closing == "leak":
        assert found.startswith("建立健全消费者个人信息保护制度") and "安全" in found
    else:
        assert found == closing
