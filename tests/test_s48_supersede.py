"""A correction (``docs issue --supersedes``, the window's 更正…) replaces only a document it may replace, and a
document no longer in force says so (session 48 documents audit).

1. the corrected document must be of the same form, of the same case, to the same party (a case with several
   parties) and in force (not void, not corrected already): refused otherwise before a 文号 is taken;
2. a void or corrected document opened in the editor says so in its banner and title, and saving a copy of it
   asks first, saying the copy must not be served;
3. a 不予行政处罚决定书 in a case decided with a penalty is refused by the exclusion of the two decisions (not by a
   self-contradictory state message), and the case's documents chooser does not offer it;
4. the banner of a document issued with nobody signed in says so instead of an empty 签发人."""

from __future__ import annotations

import pytest

from tests.helpers import numbers_taken, run
from workstation.documents.drafts import find_form
from workstation.documents.issuing import get_document, issue_document, void_document
from workstation.errors import WorkstationError
from workstation.records import Case, Party
from workstation.store import agency_id_for_code, create_case, get_case, save_party

FACTS = "经查，当事人向他人提供消费者个人信息100条。"
ORDER = {"signed_on": "2026-03-10", "correct_by": "2026-03-25", "violation": FACTS}
MATERIALS = {"signed_on": "2026-03-10", "deadline": "2026-03-20"}


@pytest.fixture
def investigated(make_case):
    return make_case(status="investigating", lead_received_on="2026-02-10", filed_on="2026-03-02",
                     violations=["illegal_provision_or_leak"], facts=FACTS)


def issue(db, data_dir, case, form_id, values, **kw):
    return issue_document(db, data_dir, get_case(db, case.id), find_form(form_id), values, **kw)


def documents(db) -> int:
    return db.execute("SELECT count(*) FROM documents").fetchone()[0]


def refused(db, data_dir, case, form_id, values, supersedes, **kw) -> str:
    before = (numbers_taken(db), documents(db))
    with pytest.raises(WorkstationError) as refusal:
        issue(db, data_dir, case, form_id, values, supersedes=supersedes, **kw)
    assert (numbers_taken(db), documents(db)) == before  # no 文号 taken, nothing written
    return refusal.value.message


def in_force(db, document) -> bool:
    row = db.execute("SELECT count(*) FROM documents WHERE supersedes_id = ? AND status = 'issued'",
                     [document.id]).fetchone()
    return get_document(db, document.id).status == "issued" and row[0] == 0


# ---- 1. what a correction may replace ----------------------------------------------------------------------------

def test_a_document_of_another_form_is_not_corrected_by_it(db, data_dir, investigated, english):
    order = issue(db, data_dir, investigated, "rectification_order", ORDER)
    message = refused(db, data_dir, investigated, "materials_order", MATERIALS, order.number)
    assert order.number in message and "责令改正通知书" in message and "限期提供材料通知书" in message
    assert in_force(db, order)


def test_a_document_of_another_case_is_not_corrected_from_this_one(db, data_dir, investigated, make_case, english):
    other = make_case(status="investigating", lead_received_on="2026-02-11", filed_on="2026-03-03",
                      violations=["illegal_provision_or_leak"], facts=FACTS)
    theirs = issue(db, data_dir, other, "rectification_order", ORDER)
    message = refused(db, data_dir, investigated, "rectification_order", ORDER, theirs.number)
    assert theirs.number in message and get_case(db, other.id).case_number in message
    assert in_force(db, theirs)


def test_a_void_document_is_not_corrected(db, data_dir, investigated, english):
    order = issue(db, data_dir, investigated, "rectification_order", ORDER)
    void_document(db, order.id, "写错了")
    message = refused(db, data_dir, investigated, "rectification_order", ORDER, order.number)
    assert order.number in message and "void" in message


def test_a_document_corrected_already_is_corrected_through_its_correction(db, data_dir, investigated, english):
    order = issue(db, data_dir, investigated, "rectification_order", ORDER)
    correction = issue(db, data_dir, investigated, "rectification_order", ORDER, supersedes=order.number)
    message = refused(db, data_dir, investigated, "rectification_order", ORDER, order.number)
    assert correction.number in message


def test_a_document_of_the_same_form_and_case_in_force_is_corrected(db, data_dir, investigated):
    order = issue(db, data_dir, investigated, "rectification_order", ORDER)
    correction = issue(db, data_dir, investigated, "rectification_order", ORDER, supersedes=order.number)
    assert correction.supersedes_id == order.id and not in_force(db, order)


def test_in_a_case_with_several_parties_a_partys_document_is_not_corrected_for_another(db, data_dir, officers,
                                                                                       english):
    first = save_party(db, Party(name="佛山市南海区誉嘉房地产代理有限公司", uscc="91512081MA62K0260E"))
    second = save_party(db, Party(name="佛山市南海区泊岸小额贷款有限公司", kind="company"))
    case = create_case(db, Case(case_number="", cause="涉嫌未经消费者同意发送商业性信息案", sector="real_estate",
                                agency_id=agency_id_for_code("440605"), status="investigating",
                                party_ids=[first.id, second.id],
                                officer_ids=[officers[n].id for n in ("陈志强", "黄丽娟")],
                                lead_received_on="2026-02-10", filed_on="2026-03-02",
                                violations=["illegal_provision_or_leak"], facts=FACTS))
    to_first = issue(db, data_dir, case, "rectification_order", ORDER, party_id=first.id)
    message = refused(db, data_dir, case, "rectification_order", ORDER, to_first.number, party_id=second.id)
    assert to_first.number in message and first.name in message and second.name in message
    assert in_force(db, to_first)
    correction = issue(db, data_dir, case, "rectification_order", ORDER, supersedes=to_first.number,
                       party_id=first.id)
    assert correction.supersedes_id == to_first.id


def test_the_command_line_refuses_a_correction_of_another_form(capsys, db, data_dir, investigated, english,
                                                               tmp_path):
    order = issue(db, data_dir, investigated, "rectification_order", ORDER)
    case_number = get_case(db, investigated.id).case_number
    before = numbers_taken(db)
    code, _out, err = run(capsys, "docs", "issue", case_number, "--form", "materials_order", "--supersedes",
                          order.number, "-o", str(tmp_path / "a.pdf"), "--data-dir", str(data_dir))
    assert code != 0 and order.number in err and numbers_taken(db) == before
    assert not (tmp_path / "a.pdf").exists() and in_force(db, order)


# ---- 3. a no-penalty decision in a case decided with a penalty ---------------------------------------------------

@pytest.mark.parametrize("status", ["penalty_decided", "served", "performed"])
def test_a_no_penalty_decision_after_a_penalty_is_refused_by_the_exclusion(db, make_case, status, english):
    from workstation.procedure import issue_refusal

    case = make_case(status=status, lead_received_on="2026-02-10", filed_on="2026-03-02", decided_on="2026-04-20",
                     fine_fen=300000, violations=["illegal_provision_or_leak"], facts=FACTS)
    message = issue_refusal(db, case, "no_penalty_decision")
    assert message and "exclude each other" in message and "cannot be issued while" not in message


def test_a_penalty_decision_after_a_decision_not_to_penalise_is_refused_by_the_exclusion(db, make_case, english):
    from workstation.procedure import issue_refusal

    case = make_case(status="no_penalty", lead_received_on="2026-02-10", filed_on="2026-03-02",
                     decided_on="2026-04-20", violations=["illegal_provision_or_leak"], facts=FACTS)
    message = issue_refusal(db, case, "penalty_decision")
    assert message and "exclude each other" in message and "cannot be issued while" not in message


@pytest.mark.gui
def test_the_documents_chooser_does_not_offer_a_no_penalty_decision_after_a_penalty(qtbot, db, data_dir, make_case,
                                                                                    prompts, english):
    from ui.case_documents import CaseDocuments

    case = make_case(status="served", lead_received_on="2026-02-10", filed_on="2026-03-02", decided_on="2026-04-20",
                     fine_fen=300000, violations=["illegal_provision_or_leak"], facts=FACTS)
    section = CaseDocuments(db, data_dir, get_case(db, case.id), prompts)
    qtbot.addWidget(section)
    assert "exclude each other" in section._refusals().get("no_penalty_decision", "")


# ---- 2. and 4. the editor on a document no longer in force -------------------------------------------------------

def _opened_issued(db, opened, case, document):
    return opened(db, document.form_id, get_case(db, case.id), document=get_document(db, document.id))


@pytest.mark.gui
def test_a_void_document_says_so_and_its_copy_is_saved_only_when_confirmed(db, data_dir, investigated, opened,
                                                                           prompts, tmp_path, english):
    order = issue(db, data_dir, investigated, "rectification_order", ORDER)
    void_document(db, order.id, "写错了")
    editor = _opened_issued(db, opened, investigated, order)
    banner, title = editor.banner.text(), editor.windowTitle()
    assert "void" in banner.lower() and "写错了" in banner and "void" in title.lower()
    target = tmp_path / "copy.pdf"
    prompts.files = [str(target)]
    prompts.confirm_answer = False
    editor.save_as("pdf")
    assert prompts.destructive and "served" in prompts.destructive[-1] and not target.exists()
    prompts.confirm_answer = True
    prompts.files = [str(target)]
    editor.save_as("pdf")
    assert target.exists()


@pytest.mark.gui
def test_a_corrected_document_names_its_correction_and_asks_before_a_copy(db, data_dir, investigated, opened,
                                                                           prompts, tmp_path, english):
    order = issue(db, data_dir, investigated, "rectification_order", ORDER)
    correction = issue(db, data_dir, investigated, "rectification_order", ORDER, supersedes=order.number)
    editor = _opened_issued(db, opened, investigated, order)
    assert correction.number in editor.banner.text() and correction.number in editor.windowTitle()
    prompts.files = [str(tmp_path / "copy.docx")]
    prompts.confirm_answer = False
    editor.save_as("docx")
    assert prompts.destructive and correction.number in prompts.destructive[-1]
    assert not (tmp_path / "copy.docx").exists()


@pytest.mark.gui
def test_a_document_in_force_is_saved_without_asking(db, data_dir, investigated, opened, prompts, tmp_path):
    order = issue(db, data_dir, investigated, "rectification_order", ORDER)
    editor = _opened_issued(db, opened, investigated, order)
    prompts.files = [str(tmp_path / "copy.pdf")]
    editor.save_as("pdf")
    assert prompts.confirmations == [] and (tmp_path / "copy.pdf").exists()


@pytest.mark.gui
def test_the_banner_names_no_officer_when_nobody_signed_in(db, data_dir, investigated, opened, english):
    from workstation.audit import no_officer_text

    order = issue(db, data_dir, investigated, "rectification_order", ORDER)  # issued with nobody signed in
    assert order.issued_by == ""
    editor = _opened_issued(db, opened, investigated, order)
    assert no_officer_text() in editor.banner.text() and "by  ·" not in editor.banner.text()
