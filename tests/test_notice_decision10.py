"""The penalty between the 行政处罚告知书 and the 行政处罚决定书 (session 10): the decision's draft starts from what
the last issued notice proposed while the case records no amounts, a decision heavier than that notice is not
issued (Penalty Law arts. 44, 45: a new notice first), and neither document is issued with a fine above the
maximum of the case's penalty basis where the legal data fixes it."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from tests.helpers import numbers_taken, pdf_text
from workstation.cli import main
from workstation.documents.drafts import find_form
from workstation.documents.issuing import case_documents, document_pdf, issue_document
from workstation.errors import WorkstationError
from workstation.store import get_case
from workstation.store.cases import update_case

FACTS = "经查，当事人未经消费者同意向其发送商业性短信。"
ADDRESS = "佛山市南海区桂城街道南海大道1号"
BASIS = "《中华人民共和国消费者权益保护法》第五十六条第一款第（九）项"


def notice(db, data_dir, case, supersedes=None, **values):
    """Issue a 行政处罚告知书 dated 2 March 2026 in the case proposing ``values`` (amounts in yuan, as the officer
    types them); ``supersedes`` the notice in force it replaces (a party receives one in force)."""
    return issue_document(db, data_dir, get_case(db, case.id), find_form("pre_penalty_notice"),
                          {"facts": FACTS, "issued_on": "2026-03-02", **values}, supersedes=supersedes)


def decide(db, data_dir, case, **values):
    return issue_document(db, data_dir, get_case(db, case.id), find_form("penalty_decision"),
                          {"decided_on": "2026-03-20", "party_address": ADDRESS, **values})


@pytest.fixture
def awaiting(make_case):
    """A case awaiting its decision, with no fine or confiscation recorded on it, and no legal assessment."""
    return make_case(status="decision_pending", filed_on="2026-03-02", notice_served_on="2026-03-03", facts=FACTS)


@pytest.fixture
def assessed(make_case):
    """A case awaiting its decision whose violation is assessed under 消法 art. 56: ¥500,000 at most without
    illegal gains, ten times them with."""
    return make_case(status="decision_pending", filed_on="2026-03-02", notice_served_on="2026-03-03", facts=FACTS,
                     violations=["unsolicited_commercial_messages"], act_on="2026-01-10")


# 1. the decision starts from the notice ------------------------------------------------------------------------
def test_the_decision_starts_from_the_penalty_the_last_notice_proposed(db, data_dir, awaiting):
    first = notice(db, data_dir, awaiting, fine_fen="200000", hearing_required=True)
    notice(db, data_dir, awaiting, fine_fen="150000", confiscated_fen="2000", warning=False, supersedes=first.id,
           confiscated_property="用于群发短信的电脑主机一台", hearing_required=True)  # the one in force
    decision = decide(db, data_dir, awaiting)

    assert decision.values["fine_fen"] == 15_000_000 and decision.values["confiscated_fen"] == 200_000
    assert decision.values["total_fen"] == 15_200_000
    text = pdf_text(document_pdf(db, data_dir, decision.id))
    assert "罚款¥150,000.00（人民币壹拾伍万元整）" in text
    assert "没收违法所得¥2,000.00（人民币贰仟元整）" in text
    assert "没收非法财物：用于群发短信的电脑主机一台" in text
    assert "警告" not in text  # the notice proposed none
    assert "告知当事人依法享有陈述、申辩和要求听证的权利" in text  # the notice told of the hearing right


def test_amounts_recorded_on_the_case_come_before_the_notice(db, data_dir, awaiting):
    from workstation.formkit.values import case_context, default_values

    notice(db, data_dir, awaiting, fine_fen="150000", warning=False, hearing_required=True)
    case = update_case(db, replace(get_case(db, awaiting.id), fine_fen=12_000_000))
    values = default_values(find_form("penalty_decision"), case_context(db, case))
    assert (values["fine_fen"], values["warning"], values["hearing_required"]) == ("120000.00", False, True)


def test_without_a_notice_the_decision_starts_from_the_case_as_before(db, awaiting):
    from workstation.formkit.values import case_context, default_values

    case = update_case(db, replace(get_case(db, awaiting.id), fine_fen=3_000_000))
    values = default_values(find_form("penalty_decision"), case_context(db, case))
    # a warning only when a notice or report proposed one: never the form's default (tests/test_issueguard.py)
    assert (values["fine_fen"], values["warning"], values["hearing_required"]) == ("30000.00", None, False)
    assert values["confiscated_property"] is None and values["total_fen"] == "30000.00"


def test_a_kept_draft_keeps_the_fine_the_officer_typed(db, data_dir, awaiting):
    from workstation.formkit.values import case_context, resumed_values
    from workstation.store.drafts import open_draft

    form = find_form("penalty_decision")
    draft = open_draft(db, form.id, {"fine_fen": "80000", "warning": True}, case_id=awaiting.id)
    notice(db, data_dir, awaiting, fine_fen="150000", warning=False, hearing_required=True)
    values = resumed_values(form, draft.values, case_context(db, get_case(db, awaiting.id)))
    assert (values["fine_fen"], values["warning"]) == ("80000", True)
    assert values["hearing_required"] is True  # a field the draft does not hold follows the notice


# 2. no decision heavier than the notice -------------------------------------------------------------------------
@pytest.mark.parametrize(("given", "said"), [
    ({"fine_fen": "200000"}, "a fine of ¥200,000.00 (the notice proposed ¥150,000.00)"),
    ({"confiscated_fen": "5000"}, "confiscation of illegal gains of ¥5,000.00, which the notice did not propose"),
    ({"warning": True}, "a warning, which the notice did not propose"),
    ({"confiscated_property": "电脑主机一台"},
     "confiscation of illegal property (电脑主机一台), which the notice did not propose"),
    ({"other_penalty": "责令停业整顿"}, "another penalty (责令停业整顿), which the notice did not propose"),
])
def test_a_decision_heavier_than_the_notice_is_refused_and_takes_no_number(db, data_dir, awaiting, english, given,
                                                                          said):
    issued = notice(db, data_dir, awaiting, fine_fen="150000", warning=False, hearing_required=True)
    taken, documents = numbers_taken(db), len(case_documents(db, awaiting.id))
    with pytest.raises(WorkstationError) as refused:
        decide(db, data_dir, awaiting, **given)
    assert str(refused.value) == (
        f"The decision is heavier than the 行政处罚告知书 {issued.number} of 2026-03-02 proposed: {said}. "
        "The party was told of the notice's penalty and heard on it, and may not be penalised more heavily for "
        "having stated or defended (Penalty Law arts. 44, 45). To impose this penalty, issue a new 行政处罚告知书 "
        "proposing it and let the party state, defend (or request a hearing) again; otherwise decide no more than "
        "the notice proposed.")
    assert numbers_taken(db) == taken and len(case_documents(db, awaiting.id)) == documents


def test_every_heavier_item_is_named_and_a_lighter_decision_is_issued(db, data_dir, awaiting, english):
    notice(db, data_dir, awaiting, fine_fen="150000", confiscated_fen="2000", hearing_required=True)
    with pytest.raises(WorkstationError) as refused:
        decide(db, data_dir, awaiting, fine_fen="160000", confiscated_fen="3000")
    assert ("proposed: a fine of ¥160,000.00 (the notice proposed ¥150,000.00); confiscation of illegal gains of "
            "¥3,000.00 (the notice proposed ¥2,000.00).") in str(refused.value)

    decision = decide(db, data_dir, awaiting, fine_fen="100000", warning=False)  # lighter after the defence
    assert decision.number.startswith("佛南市监处") and decision.values["fine_fen"] == 10_000_000


def test_a_new_notice_proposing_the_heavier_penalty_lets_the_decision_through(db, data_dir, awaiting, english):
    first = notice(db, data_dir, awaiting, fine_fen="50000")
    with pytest.raises(WorkstationError, match="issue a new 行政处罚告知书 proposing it"):
        decide(db, data_dir, awaiting, fine_fen="80000")
    notice(db, data_dir, awaiting, fine_fen="80000", supersedes=first.id)  # the new notice replaces the first
    assert decide(db, data_dir, awaiting, fine_fen="80000").values["fine_fen"] == 8_000_000


def test_a_decision_without_a_notice_issued_here_is_not_compared(db, data_dir, awaiting):
    # the notice was served on paper outside the workstation: nothing to compare the decision with
    assert decide(db, data_dir, awaiting, fine_fen="30000").number.startswith("佛南市监处")


def test_docs_issue_refuses_a_decision_heavier_than_the_notice(db, data_dir, awaiting, tmp_path, capsys, english):
    issued = notice(db, data_dir, awaiting, fine_fen="150000", warning=False, hearing_required=True)
    values = tmp_path / "决定.json"
    values.write_text(json.dumps({"decided_on": "2026-03-20", "party_address": ADDRESS, "fine_fen": 30_000_000}),
                      encoding="utf-8")
    db.conn.close()
    target = tmp_path / "决定书.pdf"
    code = main(["--data-dir", str(data_dir), "docs", "issue", awaiting.id, "--form", "penalty_decision",
                 "--values", str(values), "-o", str(target)])
    out, err = capsys.readouterr()
    assert (code, out) == (1, "")
    assert err.startswith(f"Error: The decision is heavier than the 行政处罚告知书 {issued.number} of 2026-03-02 ")
    assert "a fine of ¥300,000.00 (the notice proposed ¥150,000.00)" in err and "issue a new 行政处罚告知书" in err
    assert not target.exists()


@pytest.mark.gui
def test_the_decision_editor_starts_from_the_notice_and_refuses_a_heavier_fine(make_window, db, data_dir, awaiting,
                                                                               prompts, english):
    from PySide6.QtWidgets import QPushButton

    issued = notice(db, data_dir, awaiting, fine_fen="150000", warning=False, hearing_required=True)
    window = make_window(db)
    section = window.open_case(awaiting.id).documents
    section.form_choice.setCurrentIndex(section.form_choice.findData("penalty_decision"))
    next(b for b in section.findChildren(QPushButton) if b.objectName().startswith("write")).click()
    ed = window.editors[-1]
    assert ed.fields["fine_fen"].value() == "150000.00" and ed.fields["warning"].value() is False
    ed.set_field("party_address", ADDRESS)
    ed.set_field("decided_on", "2026-03-20")
    ed.set_field("fine_fen", "200000")
    prompts.confirm_answer = True
    taken = numbers_taken(db)
    ed.issue()
    assert prompts.errors == [
        f"The decision is heavier than the 行政处罚告知书 {issued.number} of 2026-03-02 proposed: a fine of "
        "¥200,000.00 (the notice proposed ¥150,000.00). The party was told of the notice's penalty and heard on it, "
        "and may not be penalised more heavily for having stated or defended (Penalty Law arts. 44, 45). To impose "
        "this penalty, issue a new 行政处罚告知书 proposing it and let the party state, defend (or request a "
        "hearing) again; otherwise decide no more than the notice proposed."]
    assert ed.document is None and numbers_taken(db) == taken

    ed.set_field("fine_fen", "150000")
    ed.issue()
    assert len(prompts.errors) == 1 and ed.document.number.startswith("佛南市监处")


@pytest.mark.gui
def test_the_issue_button_refuses_the_case_amount_heavier_than_the_notice(make_window, db, data_dir, awaiting, prompts,
                                                                         english):
    from PySide6.QtWidgets import QPushButton

    from workstation.records import Party
    from workstation.store import save_party

    notice(db, data_dir, awaiting, fine_fen="150000", hearing_required=True)
    party = get_case(db, awaiting.id).party_ids[0]
    save_party(db, replace(Party(name="佛山市南海区誉嘉房地产代理有限公司", uscc="91512081MA62K0260E", address=ADDRESS),
                           id=party))
    # the fine recorded on the case afterwards (Penalty and discretion…) is the decision's default
    update_case(db, replace(get_case(db, awaiting.id), fine_fen=20_000_000))
    # the decision's date, which the document takes: the case editor no longer writes a step's date (the action
    # records it), so it is put in place here
    db.execute("UPDATE cases SET decided_on = '2026-03-20' WHERE id = ?", [awaiting.id])
    window = make_window(db)
    section = window.open_case(awaiting.id).documents
    section.form_choice.setCurrentIndex(section.form_choice.findData("penalty_decision"))
    prompts.confirm_answer = True
    taken = numbers_taken(db)
    next(b for b in section.findChildren(QPushButton) if b.objectName().startswith("issue")).click()
    assert len(prompts.errors) == 1
    assert "proposed: a fine of ¥200,000.00 (the notice proposed ¥150,000.00)." in prompts.errors[0]
    assert numbers_taken(db) == taken and [d.form_id for d in case_documents(db, awaiting.id)] == ["pre_penalty_notice"]


# 3. no fine above the maximum of the penalty basis --------------------------------------------------------------
def test_a_notice_above_the_maximum_without_gains_is_refused(db, data_dir, assessed, english):
    taken = numbers_taken(db)
    with pytest.raises(WorkstationError) as refused:
        notice(db, data_dir, assessed, fine_fen="3000000", hearing_required=True)
    assert str(refused.value) == (
        f"The fine ¥3,000,000.00 is above the maximum of ¥500,000.00 that the penalty basis {BASIS} allows. That is "
        "the maximum for an act without illegal gains, as the case records none; if the party had illegal gains, "
        "record them on the case (Edit case…): the maximum is then 10 times them. Lower the fine to ¥500,000.00 at "
        "most, or correct the case's violations or penalty basis (Edit case…, Penalty and discretion…) if they are "
        "wrong.")
    assert numbers_taken(db) == taken and case_documents(db, assessed.id) == []
    assert notice(db, data_dir, assessed, fine_fen="500000", hearing_required=True).number  # the maximum itself


def test_a_decision_above_the_maximum_is_refused_too(db, data_dir, assessed, english):
    with pytest.raises(WorkstationError, match=r"^The fine ¥600,000\.00 is above the maximum of ¥500,000\.00"):
        decide(db, data_dir, assessed, fine_fen="600000")
    assert case_documents(db, assessed.id) == []


def test_with_illegal_gains_recorded_the_maximum_is_their_multiple(db, data_dir, assessed, english):
    case = update_case(db, replace(get_case(db, assessed.id), illegal_gains_fen=40_000_000))
    # gains at the criminal threshold: the case was transferred and came back, the police declined it (else no 告知书)
    db.execute("INSERT INTO case_events (id, case_id, kind, at, to_status) VALUES ('police', ?, 'transition', "
               "'2026-03-01T09:00:00', 'transferred_police')", [case.id])
    first = notice(db, data_dir, case, fine_fen="3000000", hearing_required=True)
    assert first.number  # ≤ 10 × ¥400,000
    with pytest.raises(WorkstationError) as refused:
        notice(db, data_dir, case, fine_fen="4000001", hearing_required=True, supersedes=first.id)
    assert "above the maximum of ¥4,000,000.00" in str(refused.value)
    assert "That is 10 times the illegal gains of ¥400,000.00 recorded on the case." in str(refused.value)


def test_a_fixed_range_basis_names_its_own_maximum(db, data_dir, make_case, english):
    case = make_case(status="decision_pending", filed_on="2026-03-02", notice_served_on="2026-03-03", facts=FACTS,
                     violations=["unsolicited_commercial_messages"], act_on="2026-01-10",
                     penalty_norm="advertising_law_62_1")
    with pytest.raises(WorkstationError) as refused:
        decide(db, data_dir, case, fine_fen="50000")
    assert str(refused.value).startswith("The fine ¥50,000.00 is above the maximum of ¥30,000.00 that the penalty "
                                         "basis 《中华人民共和国广告法》第六十二条第一款 allows. Lower the fine")


@pytest.mark.parametrize("case_fields", [
    {},  # no violation recorded: no legal assessment, no maximum
    # (a fine only if 拒不改正, 个人信息保护法 art. 66 para. 1, is held to the fact recorded: test_s46_fine_checks)
], ids=["no_assessment"])
def test_no_maximum_is_guessed_where_the_data_gives_none(db, data_dir, make_case, case_fields):
    case = make_case(status="under_review", filed_on="2026-03-02", facts=FACTS, act_on="2026-01-10", **case_fields)
    assert notice(db, data_dir, case, fine_fen="3000000", hearing_required=True).number


def test_confiscated_gains_the_case_does_not_record_are_taken_as_the_gains(db, data_dir, assessed, english):
    # gains are confiscated, so there were some: the ¥500,000 maximum for an act without them does not apply; the
    # case recording none, those confiscated are the gains its maximum is ten times (larger ones are recorded first)
    with pytest.raises(WorkstationError) as refused:
        notice(db, data_dir, assessed, fine_fen="3000000", confiscated_fen="4000", hearing_required=True)
    assert "above the maximum of ¥40,000.00" in str(refused.value)
    assert "10 times the illegal gains of ¥4,000.00 confiscated" in str(refused.value)
    assert notice(db, data_dir, assessed, fine_fen="40000", confiscated_fen="4000").number
