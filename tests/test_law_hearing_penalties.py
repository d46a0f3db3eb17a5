"""The hearing right the non-money penalties of 行政处罚法 art. 63 give whatever the amounts (降低资质等级, 吊销许可证件 or
营业执照, 责令停产停业, 责令关闭, 限制从业): a 告知书 or 调查终结报告 proposing one of them in its 其他行政处罚 without the
hearing paragraph is refused, as one proposing a ¥100,000 fine is; the report's proposal carries the right to the
notice's default, and the editor's hearing box ticks once such a penalty is typed."""

from __future__ import annotations

import pytest

from tests.helpers import pdf_text
from tests.test_doc_case_defaults import defaults
from tests.test_doc_hearing_proposal import typed
from workstation.documents.drafts import find_form
from workstation.documents.issuing import case_documents, document_pdf, issue_document
from workstation.errors import WorkstationError
from workstation.formkit.follow import followed
from workstation.law.thresholds import hearing, written_penalties
from workstation.store import get_case

FACTS = "经查，当事人未经消费者同意向其发送商业性短信。"
ADDRESS = {"party_address": "佛山市南海区桂城街道南海大道北1号"}


@pytest.fixture
def investigated(make_case):
    return make_case(status="under_review", filed_on="2026-03-02", facts=FACTS)


def test_the_penalties_of_article_63_are_recognised_as_written():
    assert written_penalties("吊销营业执照") == ("revoke_business_licence",)
    assert written_penalties("吊销《食品经营许可证》") == ("revoke_permit",)
    assert written_penalties("责令停产停业三个月") == ("suspend_production",)
    assert written_penalties("责令停业整顿") == ("suspend_for_rectification",)
    assert written_penalties("责令改正", "") == ()
    assert hearing("company", 200_000, penalties=written_penalties("吊销营业执照")).applies
    assert not hearing("company", 200_000, penalties=written_penalties("责令改正")).applies


def test_a_notice_proposing_a_licence_revocation_without_the_hearing_paragraph_is_refused(
        db, data_dir, investigated, english):
    with pytest.raises(WorkstationError) as refused:
        issue_document(db, data_dir, investigated, find_form("pre_penalty_notice"),
                       {"facts": FACTS, "fine_fen": "2000", "other_penalty": "吊销营业执照", "hearing_required": False})
    assert str(refused.value) == (
        "The penalty proposed (revocation of the business licence) gives the party the right to request a hearing "
        "whatever the amounts (Penalty Law art. 63): the notice must tell the party of that right (Penalty Law arts. "
        "44, 63, 64). Tick “告知听证权利”, or propose another penalty.")
    assert case_documents(db, investigated.id) == []


def test_a_report_saying_a_licence_revocation_stays_below_the_hearing_standard_is_refused(
        db, data_dir, investigated, english):
    with pytest.raises(WorkstationError, match=r"gives the party the right to request a hearing whatever the amounts"):
        issue_document(db, data_dir, get_case(db, investigated.id), find_form("investigation_report"),
                       {**ADDRESS, "other_penalty": "责令停产停业", "hearing_required": False})
    assert case_documents(db, investigated.id) == []


def test_the_reports_licence_revocation_gives_the_notice_its_hearing_paragraph(db, data_dir, investigated):
    issued = issue_document(db, data_dir, get_case(db, investigated.id), find_form("investigation_report"),
                            {**ADDRESS, "fine_fen": "2000", "other_penalty": "吊销营业执照", "hearing_required": True})
    assert issued.values["hearing_required"] is True
    values = defaults(db, investigated, "pre_penalty_notice")
    assert (values["other_penalty"], values["hearing_required"]) == ("吊销营业执照", True)


def test_a_notice_given_a_licence_revocation_alone_tells_of_the_hearing(db, data_dir, investigated):
    issued = issue_document(db, data_dir, investigated, find_form("pre_penalty_notice"),
                            {"facts": FACTS, "fine_fen": "2000", "other_penalty": "吊销营业执照"})
    assert issued.values["hearing_required"] is True
    assert "你单位有权要求举行听证" in pdf_text(document_pdf(db, data_dir, issued.id))


def test_typing_a_licence_revocation_ticks_the_hearing_box():
    notice = find_form("pre_penalty_notice")
    before = {"fine_fen": "2000", "confiscated_fen": "", "other_penalty": "", "hearing_required": False}
    assert followed(notice, "company", before, {**before, "other_penalty": "吊销营业执照"}) == {"hearing_required": True}
    assert followed(notice, "company", before, {**before, "other_penalty": "责令改正"}) == {}


@pytest.mark.gui
def test_typing_a_licence_revocation_in_the_editor_ticks_the_notices_hearing_box(db, investigated, opened, qtbot):
    editor = opened(db, "pre_penalty_notice", get_case(db, investigated.id))
    typed(qtbot, editor, "fine_fen", "2000")
    assert not editor.fields["hearing_required"].value()
    box = editor.fields["other_penalty"].edit
    box.setFocus()
    box.insert("吊销营业执照")  # as an input method commits it (keyClicks types ASCII only)
    assert editor.fields["hearing_required"].value() is True


@pytest.mark.parametrize("written", ["不予吊销营业执照", "暂不责令停产停业", "不予以吊销《食品经营许可证》",
                                     "免予责令关闭", "无需责令停业整顿", "警告；不吊销营业执照"])
def test_a_penalty_written_as_not_imposed_gives_no_hearing(written):
    assert written_penalties(written) == ()
    assert not hearing("company", 200_000, penalties=written_penalties(written)).applies


def test_a_penalty_imposed_beside_one_not_imposed_still_gives_the_hearing():
    assert written_penalties("不予吊销许可证、吊销营业执照") == ("revoke_business_licence",)
    assert written_penalties("暂不吊销营业执照；责令停产停业一个月") == ("suspend_production",)
    # a negation in the condition, not before the penalty, does not lift it
    assert written_penalties("对逾期不改正的当事人吊销营业执照") == ("revoke_business_licence",)
    assert hearing("company", 200_000, penalties=written_penalties("不予吊销许可证、吊销营业执照")).applies


def test_a_report_proposing_not_to_revoke_is_issued_without_the_hearing_paragraph(db, data_dir, investigated):
    issued = issue_document(db, data_dir, get_case(db, investigated.id), find_form("investigation_report"),
                            {**ADDRESS, "fine_fen": "2000", "other_penalty": "不予吊销营业执照",
                             "hearing_required": False})
    assert [d.form_id for d in case_documents(db, investigated.id)] == ["investigation_report"]
    assert issued.values["hearing_required"] is False
