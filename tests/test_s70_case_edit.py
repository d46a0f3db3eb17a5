"""Editing a case after its notice or decision, a closed case's violations and a minor party (audit case_edit):
- once a 行政处罚决定书 is in force its case's 违法行为 and 案由 are refused (shown read only, saying to void the
  decision first); after a 行政处罚告知书 they may change, with a note under the field; a decision whose 违反/依据
  provisions are not the notice's is warned of before it is issued (Penalty Law arts. 44, 62);
- a closed case keeps its violations as it keeps its 案由;
- a natural person under 18 by the birth date of the ID number is noted in the party dialog, and a fine typed or a
  decision issued for such a party without the 未满十四周岁 / 已满十四周岁不满十八周岁 circumstance is warned of (Penalty
  Law art. 30)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.errors import ValidationError
from workstation.penalty_terms import unrecorded_proposal_warning
from workstation.records import Party, today
from workstation.store import find_case, get_case, save_party
from workstation.store.cases import update_case
from workstation.validators import id_check_character

FACTS = "经查，当事人未经消费者同意向其发送商业性短信。"
ADDRESS = "佛山市南海区桂城街道南海大道1号"
SENDING = "unsolicited_commercial_messages"
LEAKING = "illegal_provision_or_leak"


def id_born(years_ago: int, on: str | None = None) -> str:
    """A valid ID number of someone ``years_ago`` years old (born on 1 January) on ``on`` (today)."""
    year = int((on or today())[:4]) - years_ago
    first17 = f"440605{year:04d}0101001"
    return first17 + id_check_character(first17)


def told(db, data_dir, make_case, party=None, case_values=None, **notice_values):
    """A case told of a ¥2,000 fine for 未经同意发送商业性信息 by a 行政处罚告知书 issued here (to ``party``), with
    ``notice_values`` (its 违反的规定, 处罚依据 as typed …) over those drafted, ``case_values`` over the case's."""
    case = make_case(**{"status": "under_review", "filed_on": "2026-02-20", "act_on": "2026-01-10", "facts": FACTS,
                        "violations": [SENDING], "fine_fen": 200_000, **(case_values or {})})
    if party is not None:
        case = update_case(db, replace(case, party_ids=[party.id]))
    notice = issue_document(db, data_dir, case, find_form("pre_penalty_notice"),
                            {"facts": FACTS, "issued_on": "2026-03-02", "fine_fen": "2000", "warning": False,
                             **notice_values})
    from workstation import procedure

    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-03")
    return update_case(db, replace(get_case(db, case.id), status="decision_pending"), allow_status_change=True), notice


def decide(db, data_dir, case):
    return issue_document(db, data_dir, get_case(db, case.id), find_form("penalty_decision"),
                          {"decided_on": "2026-03-20", "party_address": ADDRESS, "fine_fen": "2000",
                           "warning": False})


# 1. violations and 案由 after a notice or a decision -----------------------------------------------------------------

def test_a_decision_citing_other_provisions_than_the_notice_is_warned_of(db, data_dir, make_case, english):
    case, notice = told(db, data_dir, make_case)
    # after the notice the violations may still change (the note under the field says what follows)
    case = update_case(db, replace(case, violations=[LEAKING], cause="涉嫌非法提供消费者个人信息案"))
    assert case.violations == [LEAKING]
    decision = decide(db, data_dir, case)
    warning = unrecorded_proposal_warning(db, get_case(db, case.id), decision.values)
    assert warning is not None
    assert f"行政处罚告知书 {notice.number}" in warning and "(Penalty Law arts. 44, 62)" in warning
    assert "违反的规定" in warning or "provisions" in warning


def test_a_decision_citing_the_notices_provisions_is_not_warned_of(db, data_dir, make_case, english):
    case, _notice = told(db, data_dir, make_case)
    decision = decide(db, data_dir, case)
    assert unrecorded_proposal_warning(db, get_case(db, case.id), decision.values) is None


def test_with_a_decision_in_force_violations_and_cause_are_refused(db, data_dir, make_case, english):
    case, _notice = told(db, data_dir, make_case)
    decision = decide(db, data_dir, case)
    case = get_case(db, case.id)
    with pytest.raises(ValidationError) as refused:
        update_case(db, replace(case, violations=[LEAKING]))
    message = refused.value.errors["violations"]
    assert decision.number in message and "void" in message
    with pytest.raises(ValidationError) as refused:
        update_case(db, replace(case, cause="涉嫌非法提供消费者个人信息案"))
    assert "cause" in refused.value.errors
    assert get_case(db, case.id).violations == [SENDING]
    # the facts are not held back
    assert update_case(db, replace(case, facts=FACTS + "补充。")).facts.endswith("补充。")


#: the provisions the decision drafted for SENDING cites, as an officer may have typed them on the notice: in another
#: order, joined by ，/和/及, half-width brackets, laws by their names without 中华人民共和国, an article cited again
REWORDED = {
    "violated": "你单位的上述行为违反了《侵害消费者权益行为处罚办法》第十一条第一款第(三)项，《消费者权益保护法》"
                "第二十九条第三款和《消费者权益保护法实施条例》第二十四条的规定。",
    "basis": "依据《消费者权益保护法实施条例》第五十条第三款、《中华人民共和国消费者权益保护法》第五十六条第一款第(九)项"
             "及《侵害消费者权益行为处罚办法》第十四条的规定"}


def test_the_notices_provisions_reordered_and_reworded_are_not_warned_of(db, data_dir, make_case, english):
    case, notice = told(db, data_dir, make_case, **REWORDED)
    assert notice.values["violated"] == REWORDED["violated"]  # the notice states them so
    decision = decide(db, data_dir, case)
    assert "《中华人民共和国消费者权益保护法》第二十九条第三款" in decision.values["violated"]
    assert unrecorded_proposal_warning(db, get_case(db, case.id), decision.values) is None


def test_a_provision_cited_after_its_article_reads_as_the_article_cited_again(db, data_dir, make_case, english):
    case, _notice = told(db, data_dir, make_case, violated=(
        "你单位的上述行为违反了《中华人民共和国消费者权益保护法》第二十九条第一款、第三款、"
        "《中华人民共和国消费者权益保护法实施条例》第二十四条的规定。"))
    decision = decide(db, data_dir, get_case(db, case.id))
    values = {**decision.values, "violated": "当事人的上述行为违反了《中华人民共和国消费者权益保护法》第二十九条第三款、"
                                             "第二十九条第一款、《中华人民共和国消费者权益保护法实施条例》第二十四条的规定。"}
    assert unrecorded_proposal_warning(db, get_case(db, case.id), values) is None


@pytest.mark.parametrize("violated", [
    # 第二款 for 第三款
    "你单位的上述行为违反了《中华人民共和国消费者权益保护法》第二十九条第二款、《中华人民共和国消费者权益保护法实施条例》"
    "第二十四条、《侵害消费者权益行为处罚办法》第十一条第一款第（三）项的规定。",
    # the 条例 left out
    "你单位的上述行为违反了《中华人民共和国消费者权益保护法》第二十九条第三款、《侵害消费者权益行为处罚办法》第十一条第一款"
    "第（三）项的规定。",
    # another item of the same paragraph
    "你单位的上述行为违反了《消费者权益保护法》第二十九条第三款、《消费者权益保护法实施条例》第二十四条、"
    "《侵害消费者权益行为处罚办法》第十一条第一款第(二)项的规定。"])
def test_a_notice_citing_really_other_provisions_is_warned_of(db, data_dir, make_case, english, violated):
    case, notice = told(db, data_dir, make_case, violated=violated)
    decision = decide(db, data_dir, case)
    warning = unrecorded_proposal_warning(db, get_case(db, case.id), decision.values)
    assert warning is not None and f"行政处罚告知书 {notice.number}" in warning and "违反的规定" in warning
    assert "处罚依据" not in warning  # the basis is the same


def test_no_penalty_decision_in_force_locks_violations_and_cause(db, data_dir, make_case, english):
    case = make_case(status="no_penalty", filed_on="2026-03-02", decided_on="2026-04-01", facts=FACTS,
                     violations=[SENDING])
    decision = issue_document(db, data_dir, case, find_form("no_penalty_decision"),
                              {"party_address": ADDRESS, "ground": "轻微不罚", "decided_on": "2026-04-01"})
    case = get_case(db, case.id)
    with pytest.raises(ValidationError) as refused:
        update_case(db, replace(case, violations=[LEAKING], cause="涉嫌非法提供消费者个人信息案"))
    assert decision.number in refused.value.errors["violations"] and "void" in refused.value.errors["violations"]
    assert "不予行政处罚决定书" in refused.value.errors["cause"]
    assert get_case(db, case.id).violations == [SENDING]


def test_renaming_the_party_of_a_decided_case_keeps_its_cause(db, data_dir, make_case, english):
    from workstation.store import get_party
    from workstation.store.parties import cases_naming

    case, _notice = told(db, data_dir, make_case)
    party = get_party(db, case.party_ids[0])
    cause = f"{party.name}涉嫌未经消费者同意发送商业性信息案"
    case = update_case(db, replace(case, cause=cause))  # named by its party before the decision
    decide(db, data_dir, case)
    assert cases_naming(db, party.id, party.name) == []  # not offered for a rename of its cause
    renamed = save_party(db, replace(party, name="佛山市南海区誉嘉房产代理有限公司"), rename_causes=True)
    assert get_party(db, party.id).name == renamed.name == "佛山市南海区誉嘉房产代理有限公司"
    assert get_case(db, case.id).cause == cause


@pytest.mark.gui
def test_a_closed_decided_case_shows_only_the_closed_note(qtbot, db, data_dir, make_case, prompts, english):
    from ui.case_dialog import CaseDialog
    from workstation.store.cases import closed_figures_note

    case, _notice = told(db, data_dir, make_case)
    decide(db, data_dir, case)
    db.execute("UPDATE cases SET status = 'closed', decided_on = '2026-03-20' WHERE id = ?", [case.id])
    closed = get_case(db, case.id)
    assert closed_figures_note(closed, db) is not None
    dialog = CaseDialog(db, prompts, closed)
    qtbot.addWidget(dialog)
    assert not dialog.closed_note.isHidden() and dialog.violations_note.isHidden()
    assert not any(box.isEnabled() for box in dialog.violations.values()) and dialog.cause.isReadOnly()


def test_the_fourteenth_birthday_counts_as_thirteen():
    from workstation.discretion_tiers import MINOR_14_TO_18, UNDER_14, minor_circumstance
    from workstation.validators import id_age_on

    first17 = "44060520120310001"
    number = first17 + id_check_character(first17)
    assert id_age_on(number, "2026-03-10") == 13  # the birthday itself: not yet 已满十四周岁
    assert id_age_on(number, "2026-03-11") == 14
    assert minor_circumstance(13)[0] == UNDER_14 and minor_circumstance(14)[0] == MINOR_14_TO_18
    assert minor_circumstance(17)[0] == MINOR_14_TO_18 and minor_circumstance(18) is None
    assert minor_circumstance(-1) is None
    assert minor_circumstance(12)[1] != UNDER_14  # the circumstance as discretion.toml words it


@pytest.mark.gui
def test_the_dialog_shows_decided_violations_read_only(qtbot, db, data_dir, make_case, prompts, english):
    from ui.case_dialog import CaseDialog

    case, _notice = told(db, data_dir, make_case)
    decision = decide(db, data_dir, case)
    dialog = CaseDialog(db, prompts, get_case(db, case.id))
    qtbot.addWidget(dialog)
    assert not any(box.isEnabled() for box in dialog.violations.values())
    assert dialog.cause.isReadOnly()
    assert not dialog.violations_note.isHidden()
    assert decision.number in dialog.violations_note.text() and "void" in dialog.violations_note.text()


@pytest.mark.gui
def test_the_dialog_notes_violations_told_of_by_a_notice(qtbot, db, data_dir, make_case, prompts, english):
    from ui.case_dialog import CaseDialog

    case, notice = told(db, data_dir, make_case)
    dialog = CaseDialog(db, prompts, case)
    qtbot.addWidget(dialog)
    assert all(box.isEnabled() for box in dialog.violations.values()) and not dialog.cause.isReadOnly()
    assert not dialog.violations_note.isHidden()
    assert notice.number in dialog.violations_note.text() and "arts. 44, 62" in dialog.violations_note.text()
    dialog.violations[SENDING].setChecked(False)
    dialog.violations[LEAKING].setChecked(True)
    assert "violations" not in dialog.validate()


# 2. a closed case's violations ---------------------------------------------------------------------------------------

def test_a_closed_case_keeps_its_violations(demo_db, english):
    case = find_case(demo_db, "佛三市监立〔2026〕3号")
    assert case.status == "closed"
    with pytest.raises(ValidationError) as refused:
        update_case(demo_db, replace(case, violations=[SENDING]))
    assert "violations" in refused.value.errors
    assert get_case(demo_db, case.id).violations == [LEAKING]


@pytest.mark.gui
def test_the_dialog_greys_out_a_closed_cases_violations(qtbot, demo_db, prompts, english):
    from ui.case_dialog import CaseDialog

    dialog = CaseDialog(demo_db, prompts, find_case(demo_db, "佛三市监立〔2026〕3号"))
    qtbot.addWidget(dialog)
    assert dialog.cause.isReadOnly() and not dialog.closed_note.isHidden()
    assert not any(box.isEnabled() for box in dialog.violations.values())


# 3. a minor party ----------------------------------------------------------------------------------------------------

def test_the_party_dialog_notes_a_minor(qtbot, db, prompts, english):
    from ui.party_dialog import PartyDialog
    from workstation.store.parties import party_field_warnings

    young = party_field_warnings(Party(name="李小明", kind="person", id_number=id_born(11), address=ADDRESS))
    assert "under 14" in young["id_number"] and "art. 30" in young["id_number"]
    older = party_field_warnings(Party(name="李小红", kind="person", id_number=id_born(16), address=ADDRESS))
    assert "under 18" in older["id_number"] and "under 14" not in older["id_number"]
    assert "id_number" not in party_field_warnings(Party(name="李大明", kind="person", id_number=id_born(30),
                                                         address=ADDRESS))

    dialog = PartyDialog(db, prompts)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("person"))
    dialog.edits["name"].setText("李小明")
    dialog.edits["id_number"].setText(id_born(11))
    dialog.edits["address"].setText(ADDRESS)
    dialog.edits["name"].setFocus()
    dialog.validate()
    assert "under 14" in dialog.warnings["id_number"].text()


def test_a_fine_for_a_minor_without_the_circumstance_is_warned_of(db, data_dir, make_case, english):
    from workstation.discretion_tiers import minor_party_warning

    minor = save_party(db, Party(name="李小明", kind="person", id_number=id_born(11, "2026-01-10"),
                                 address=ADDRESS))
    case, _notice = told(db, data_dir, make_case, minor)
    warning = minor_party_warning(db, case, 200_000)
    assert warning is not None and "李小明" in warning and "art. 30" in warning and "under 14" in warning
    assert minor_party_warning(db, case, 0) is None  # no fine typed: nothing to warn of
    decision = decide(db, data_dir, case)
    assert "李小明" in (unrecorded_proposal_warning(db, get_case(db, case.id), decision.values) or "")
    ticked = replace(get_case(db, case.id), discretion_factors=["under_14"])
    assert minor_party_warning(db, ticked, 200_000) is None


def test_a_minor_aged_14_to_18_on_the_act_date_is_warned_of(db, make_case, english):
    from workstation.discretion_tiers import minor_party_warning

    minor = save_party(db, Party(name="李小红", kind="person", id_number=id_born(16, "2026-01-10"),
                                 address=ADDRESS))
    case = make_case(status="investigating", filed_on="2026-02-20", act_on="2026-01-10")
    case = update_case(db, replace(case, party_ids=[minor.id]))
    warning = minor_party_warning(db, case, 200_000)
    assert warning is not None and "under 18" in warning and "minor" in warning.lower()
    assert minor_party_warning(db, replace(case, discretion_factors=["minor_14_to_18"]), 200_000) is None
    # aged 18 by the act date: nothing
    adult = save_party(db, Party(name="李大红", kind="person", id_number=id_born(18, "2026-01-10"),
                                 address=ADDRESS))
    assert minor_party_warning(db, replace(case, party_ids=[adult.id]), 200_000) is None


@pytest.mark.gui
def test_the_case_dialog_warns_of_a_fine_for_a_minor(qtbot, db, make_case, prompts, english):
    from ui.case_dialog import CaseDialog

    minor = save_party(db, Party(name="李小明", kind="person", id_number=id_born(11, "2026-01-10"),
                                 address=ADDRESS))
    case = make_case(status="investigating", filed_on="2026-02-20", act_on="2026-01-10", violations=[SENDING])
    case = update_case(db, replace(case, party_ids=[minor.id]))
    dialog = CaseDialog(db, prompts, case)
    qtbot.addWidget(dialog)
    dialog.money["fine_fen"].setText("2000")
    dialog.validate()
    assert not dialog.minor_warning.isHidden() and "李小明" in dialog.minor_warning.text()
    dialog.money["fine_fen"].setText("")
    dialog.validate()
    assert dialog.minor_warning.isHidden()


# s70 stop-read: the facts that choose the law locked with the violations; a minor without an act date ---------------
CALLS, MESSAGES = "commercial_calls", "commercial_messages"


def choice_of(case, **changed) -> dict:
    """The penalty choice ``case`` records, as ``save_penalty_choice`` takes it, with ``changed`` over it."""
    return {"act_on": case.act_on, "prior_punished": case.prior_punished, "penalty_norm": case.penalty_norm,
            "discretion_tier": case.discretion_tier, "discretion_factors": case.discretion_factors,
            "discretion_reason": case.discretion_reason, "fine_fen": case.fine_fen,
            "law_conditions": case.law_conditions, **changed}


def test_with_a_decision_in_force_the_facts_basis_and_act_date_are_refused(db, data_dir, make_case, capsys,
                                                                            english):
    from tests.helpers import run, run_json
    from workstation.documents.issuing import void_document
    from workstation.law.case_law import save_penalty_choice

    case, _notice = told(db, data_dir, make_case, case_values={"law_conditions": [CALLS, MESSAGES]})
    decision = decide(db, data_dir, case)
    case = get_case(db, case.id)
    code, out, err = run(capsys, "cases", "facts", case.id, "--data-dir", data_dir, "--clear")
    assert (code, out) == (1, "") and decision.number in err and "void" in err
    assert get_case(db, case.id).law_conditions == [CALLS, MESSAGES]  # nothing changed
    for field, value in (("law_conditions", [CALLS]), ("act_on", "2024-03-01"), ("act_on", None),
                         ("penalty_norm", "consumer_law_56_9")):
        with pytest.raises(ValidationError) as refused:
            save_penalty_choice(db, case, **choice_of(case, **{field: value}))
        assert decision.number in refused.value.errors[field] and "void" in refused.value.errors[field]
        with pytest.raises(ValidationError):  # the case editor's save as well
            update_case(db, replace(case, **{field: value}))
    stored = get_case(db, case.id)
    assert (stored.law_conditions, stored.act_on, stored.penalty_norm) == ([CALLS, MESSAGES], "2026-01-10", "")
    # the tier, circumstances and reason are still recorded; the facts as they were are no change
    saved = save_penalty_choice(db, case, **choice_of(case, discretion_reason="初次违法。",
                                                      law_conditions=[MESSAGES, CALLS]))
    assert saved.discretion_reason == "初次违法。"
    void_document(db, decision.id, "违法行为发生日认定有误")  # voided: unlocked again
    result = run_json(capsys, "cases", "facts", case.id, "--data-dir", data_dir, "--fact", CALLS)
    assert result["facts"] == [CALLS]
    assert save_penalty_choice(db, get_case(db, case.id), **choice_of(get_case(db, case.id),
                                                                      act_on="2025-12-01")).act_on == "2025-12-01"


def test_a_closed_case_compares_its_cause_and_violations_as_a_decided_one(db, make_case):
    from workstation.store.cases import DECIDED_LEGAL_FIELDS, closed_figures_errors, compared_value

    case = replace(make_case(violations=[SENDING, LEAKING]), status="closed")
    same = replace(case, cause=f" {case.cause} ", violations=[LEAKING, SENDING])
    assert closed_figures_errors(case, same) == {}
    assert set(closed_figures_errors(case, replace(case, violations=[SENDING]))) == {"violations"}
    for field in DECIDED_LEGAL_FIELDS:  # one comparison for both
        assert compared_value(field, getattr(same, field)) == compared_value(field, getattr(case, field))


@pytest.mark.gui
def test_the_penalty_dialog_greys_out_the_facts_basis_and_act_date_of_a_decided_case(qtbot, db, data_dir, make_case,
                                                                                      prompts, english):
    from ui.case_law import PenaltyChoiceDialog

    case, _notice = told(db, data_dir, make_case, case_values={"law_conditions": [CALLS]})
    decision = decide(db, data_dir, case)
    dialog = PenaltyChoiceDialog(db, get_case(db, case.id), prompts)
    qtbot.addWidget(dialog)
    assert not dialog.known_act.isEnabled() and not dialog.act_on.isEnabled() and not dialog.norm.isEnabled()
    assert not any(box.isEnabled() for box in dialog.conditions.values())
    assert not dialog.legal_note.isHidden()
    assert decision.number in dialog.legal_note.text() and "void" in dialog.legal_note.text()
    assert dialog.tier.isEnabled() and dialog.reason.isEnabled()
    dialog.reason.setPlainText("初次违法。")
    dialog.save()
    assert dialog.saved is not None and dialog.saved.law_conditions == [CALLS]
    # before the decision the controls are open and the note hidden
    other, _notice = told(db, data_dir, make_case)
    open_dialog = PenaltyChoiceDialog(db, other, prompts)
    qtbot.addWidget(open_dialog)
    assert open_dialog.norm.isEnabled() and open_dialog.legal_note.isHidden()


def test_a_minor_at_the_lead_with_no_act_date_is_warned_of(db, make_case, english):
    from workstation.discretion_tiers import minor_party_warning

    first17 = "44060520080301001"  # born 2008-03-01: 17 when the lead came in, 18 when the case was filed
    minor = save_party(db, Party(name="李小青", kind="person", id_number=first17 + id_check_character(first17),
                                 address=ADDRESS))
    case = make_case(status="investigating", lead_received_on="2026-02-10", filed_on="2026-03-05", act_on=None)
    case = update_case(db, replace(case, party_ids=[minor.id]))
    warning = minor_party_warning(db, case, 200_000)
    assert warning is not None and "李小青" in warning and "under 18" in warning and "2026-02-10" in warning
    assert "date of the act is not recorded" in warning
    dated = replace(case, act_on="2026-03-02")  # the act after the 18th birthday: nothing
    assert minor_party_warning(db, dated, 200_000) is None
    younger = replace(case, act_on="2026-01-10")  # the act recorded: no word of it missing
    assert "not recorded" not in minor_party_warning(db, younger, 200_000)
