"""The proposed penalty and the hearing right, the same from the 案件调查终结报告 to the 行政处罚告知书 (REFERENCE
§1.4: a company from ¥100,000, a natural person from ¥10,000): the report's statement on the hearing follows its
amounts (computed when only the amounts are given, refused on issue when it says otherwise); the notice proposes
what the last issued report proposed while the case records no penalty, and a notice proposing nothing prints a
ruled line to write on; the refusal names only the amounts proposed; the case review sheet ticks no warning nobody
proposed; and in the editor the hearing box and the 罚没款合计 follow the amounts as they are typed."""

from __future__ import annotations

import pytest

from PySide6.QtCore import Qt

from tests.helpers import pdf_text
from tests.test_doc_case_defaults import defaults, printed
from workstation.documents.drafts import find_form
from workstation.documents.issuing import case_documents, document_pdf, issue_document
from workstation.errors import WorkstationError
from workstation.formkit.follow import followed
from workstation.store import get_case

FACTS = "经查，当事人未经消费者同意向其发送商业性短信。"
ADDRESS = {"party_address": "佛山市南海区桂城街道南海大道北1号"}


@pytest.fixture
def investigated(make_case):
    """A company's case under review recording no penalty, nothing issued."""
    return make_case(status="under_review", filed_on="2026-03-02", facts=FACTS)


def report(db, data_dir, case, **values):
    return issue_document(db, data_dir, get_case(db, case.id), find_form("investigation_report"),
                          {**ADDRESS, **values})


# ---- 1. the report's statement on the hearing ----------------------------------------------------------------------

def test_a_report_saying_a_hearing_fine_stays_below_the_hearing_amount_is_refused(db, data_dir, investigated, english):
    with pytest.raises(WorkstationError) as refused:
        report(db, data_dir, investigated, fine_fen="200000", hearing_required=False)
    assert str(refused.value) == (
        "The penalty proposed (a fine of ¥200,000.00) reaches the hearing amount for this party (≥ ¥100,000.00), so "
        "the report cannot say it stays below: the party has the right to request a hearing and the notice must tell "
        "it so (Penalty Law arts. 63, 64). Tick “当事人享有要求听证的权利”, or propose a penalty below that amount.")
    assert case_documents(db, investigated.id) == []


def test_a_report_claiming_a_hearing_right_the_penalty_does_not_give_is_refused(db, data_dir, investigated, english):
    with pytest.raises(WorkstationError, match="The party has no right to a hearing.*Untick “当事人享有要求听证的权利”"):
        report(db, data_dir, investigated, fine_fen="5000", hearing_required=True)
    assert case_documents(db, investigated.id) == []


def test_a_report_given_its_fine_alone_states_the_hearing_right_and_the_total_it_gives(db, data_dir, investigated):
    issued = report(db, data_dir, investigated, fine_fen="200000")
    assert issued.values["hearing_required"] is True and issued.values["total_fen"] == 20_000_000
    text = pdf_text(document_pdf(db, data_dir, issued.id))
    assert "以上罚没款合计¥200,000.00（人民币贰拾万元整）。" in text and "本案拟作出的行政处罚达到听证标准" in text
    assert "未达到听证标准" not in text


# ---- 2. the notice proposes the issued report's penalty ------------------------------------------------------------

def test_the_notice_proposes_the_issued_reports_penalty_and_tells_of_the_hearing(db, data_dir, investigated):
    report(db, data_dir, investigated, fine_fen="200000", confiscated_property="用于群发短信的电脑主机一台")
    values = defaults(db, investigated, "pre_penalty_notice")
    assert (values["fine_fen"], values["hearing_required"], values["confiscated_property"]) == (
        "200000.00", True, "用于群发短信的电脑主机一台")
    text = printed(db, investigated, "pre_penalty_notice")
    proposed = text.split("本局拟对你单位作出如下行政处罚：")[1]
    assert proposed.startswith("1.没收非法财物：用于群发短信的电脑主机一台；2.罚款¥200,000.00（人民币贰拾万元整）")
    assert "你单位有权要求举行听证" in proposed


def test_the_cases_own_amounts_still_come_before_the_reports(db, data_dir, make_case):
    case = make_case(status="under_review", filed_on="2026-03-02", facts=FACTS, fine_fen=300_000)
    report(db, data_dir, case, fine_fen="200000")
    values = defaults(db, case, "pre_penalty_notice")
    assert (values["fine_fen"], values["hearing_required"]) == ("3000.00", False)


def test_a_notice_proposing_nothing_prints_a_ruled_line_to_write_the_penalty_on(db, investigated):
    values = defaults(db, investigated, "pre_penalty_notice")
    assert [values[name] for name in ("warning", "fine_fen", "confiscated_property", "other_penalty")] == [
        None, "0.00", None, None]
    proposed = printed(db, investigated, "pre_penalty_notice").split("本局拟对你单位作出如下行政处罚：")[1]
    assert proposed.startswith("＿" * 24 + "根据《中华人民共和国行政处罚法》第四十四条")


# ---- 3. the notice's refusal names only the amounts proposed -------------------------------------------------------

@pytest.mark.parametrize(("amounts", "named"), [
    ({"fine_fen": "200000"}, "(a fine of ¥200,000.00)"),
    ({"confiscated_fen": "150000"}, "(confiscation of illegal gains of ¥150,000.00)"),
    ({"fine_fen": "200000", "confiscated_fen": "150000"},
     "(a fine of ¥200,000.00 and confiscation of illegal gains of ¥150,000.00)")])
def test_the_notice_refused_for_its_missing_hearing_paragraph_names_only_the_amounts_proposed(
        db, data_dir, investigated, english, amounts, named):
    with pytest.raises(WorkstationError) as refused:
        issue_document(db, data_dir, investigated, find_form("pre_penalty_notice"),
                       {"facts": FACTS, **amounts, "hearing_required": False})
    message = str(refused.value)
    assert message.startswith(f"The penalty proposed {named} reaches the hearing amount for this party (≥ ¥100,000.00)")
    assert "¥0.00" not in message and "Tick “告知听证权利”" in message


def test_the_hearing_box_follows_the_amounts_for_the_partys_kind():
    notice = find_form("pre_penalty_notice")
    before = {"fine_fen": "0.00", "confiscated_fen": "", "hearing_required": False}
    assert followed(notice, "person", before, {**before, "fine_fen": "10000"}) == {"hearing_required": True}
    assert followed(notice, "company", before, {**before, "fine_fen": "10000"}) == {}
    reached = {**before, "fine_fen": "100000", "hearing_required": True}
    assert followed(notice, "company", reached, {**reached, "fine_fen": "1000"}) == {"hearing_required": False}
    by_hand = {**before, "fine_fen": "1000", "hearing_required": True}  # a heavier penalty proposed, ticked below
    assert followed(notice, "company", by_hand, {**by_hand, "fine_fen": "2000"}) == {}
    decision = find_form("penalty_decision")  # records what its notice told: not changed by the amounts
    assert "hearing_required" not in followed(decision, "company", before, {**before, "fine_fen": "200000"})


# ---- 5. the case review sheet ---------------------------------------------------------------------------------------

def test_the_review_sheet_ticks_a_warning_only_when_one_was_proposed(db, data_dir, investigated):
    assert not defaults(db, investigated, "legal_review")["warning"]
    report(db, data_dir, investigated, warning=True)
    assert defaults(db, investigated, "legal_review")["warning"] is True


# ---- 3 and 4 in the editor -----------------------------------------------------------------------------------------

def typed(qtbot, editor, name: str, text: str) -> None:
    box = editor.fields[name].edit
    box.selectAll()
    qtbot.keyClick(box, Qt.Key.Key_Delete)
    qtbot.keyClicks(box, text)


@pytest.mark.gui
def test_typing_a_fine_at_the_hearing_amount_ticks_the_notices_hearing_box(db, investigated, opened, qtbot):
    editor = opened(db, "pre_penalty_notice", get_case(db, investigated.id))
    assert not editor.fields["hearing_required"].value()
    typed(qtbot, editor, "fine_fen", "200000")
    assert editor.fields["hearing_required"].value() is True
    typed(qtbot, editor, "fine_fen", "5000")  # below again: the box it ticked is unticked
    assert editor.fields["hearing_required"].value() is False


@pytest.mark.gui
def test_the_reports_total_follows_the_fine_as_it_is_typed(db, investigated, opened, qtbot):
    editor = opened(db, "investigation_report", get_case(db, investigated.id))
    typed(qtbot, editor, "fine_fen", "200000")
    assert editor.fields["total_fen"].value() == "200000.00"
    assert editor.fields["hearing_required"].value() is True
    typed(qtbot, editor, "confiscated_fen", "1500")
    assert editor.fields["total_fen"].value() == "201500.00"
    editor.set_field("total_fen", "9.00")  # written by hand: kept when the amounts change
    typed(qtbot, editor, "fine_fen", "3000")
    assert editor.fields["total_fen"].value() == "9.00"


def test_a_report_proposing_nothing_leaves_the_hearing_statement_to_be_ticked(db, investigated):
    text = printed(db, investigated, "investigation_report", ADDRESS)
    assert "本案拟作出的行政处罚□达到　□未达到听证标准。" in text and "未达到听证标准，应当告知" not in text
    proposed = printed(db, investigated, "investigation_report", {**ADDRESS, "fine_fen": "5000"})
    assert "本案拟作出的行政处罚未达到听证标准，应当告知当事人享有陈述、申辩的权利。" in proposed
