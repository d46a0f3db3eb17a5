"""Documents of a case with several parties (session 10): a company and its employee who sold the lists each
receive their own 行政处罚告知书, 行政处罚决定书 and 送达回证, with their own name, code, address and 文号; each
decision is compared with the notice of its own party; the command line says which party it means; the editor
offers the party and keeps each party's draft apart. A case with one party is unchanged."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from tests.helpers import numbers_taken, pdf_text, run
from workstation.documents.addressee import PARTY_KEY
from workstation.documents.drafts import draft_document, find_form, render_document
from workstation.documents.issuing import case_documents, document_pdf, issue_document
from workstation.errors import NotFound, WorkstationError
from workstation.records import Party
from workstation.store import get_case, save_party
from workstation.store.cases import update_case

FACTS = "经查，当事人未经消费者同意向其发送商业性短信，其员工向他人出售客户名单。"
COMPANY = ("佛山市南海区誉嘉房地产代理有限公司", "91512081MA62K0260E", "佛山市南海区桂城街道南海大道1号")
EMPLOYEE = ("朱子轩", "11010519491231002X", "佛山市禅城区祖庙路3号")


@pytest.fixture
def joint(db, make_case):
    """A case awaiting its decision against the company and its employee (a natural person), in that order."""
    case = make_case(status="decision_pending", filed_on="2026-03-02", notice_served_on="2026-03-03", facts=FACTS)
    company = get_case(db, case.id).party_ids[0]
    save_party(db, Party(name=COMPANY[0], uscc=COMPANY[1], address=COMPANY[2], legal_rep="梁嘉豪", id=company))
    employee = save_party(db, Party(name=EMPLOYEE[0], kind="person", id_number=EMPLOYEE[1], address=EMPLOYEE[2]))
    case = update_case(db, replace(get_case(db, case.id), party_ids=[company, employee.id]))
    return case, company, employee.id


def notice(db, data_dir, case, party, **values):
    return issue_document(db, data_dir, case, find_form("pre_penalty_notice"),
                          {"facts": FACTS, "issued_on": "2026-03-02", **values}, party_id=party)


def decide(db, data_dir, case, party, **values):
    return issue_document(db, data_dir, case, find_form("penalty_decision"), {"decided_on": "2026-03-20", **values},
                          party_id=party)


def test_each_party_gets_its_own_notice_and_decision_with_its_own_name_code_address_and_number(db, data_dir, joint):
    case, company, employee = joint
    notices = [notice(db, data_dir, case, company, fine_fen="150000", hearing_required=True),
               notice(db, data_dir, case, employee, fine_fen="5000")]
    decisions = [decide(db, data_dir, case, company), decide(db, data_dir, case, employee)]

    numbers = [d.number for d in notices + decisions]
    assert len(set(numbers)) == 4 and all(numbers)
    assert [d.values[PARTY_KEY] for d in notices + decisions] == [company, employee] * 2
    for document, (own, other) in zip(notices + decisions, [(COMPANY, EMPLOYEE), (EMPLOYEE, COMPANY)] * 2,
                                      strict=True):
        text = pdf_text(document_pdf(db, data_dir, document.id))
        assert own[0] in text and other[0] not in text
    company_decision, employee_decision = (pdf_text(document_pdf(db, data_dir, d.id)) for d in decisions)
    assert f"统一社会信用代码：{COMPANY[1]}" in company_decision and f"住所：{COMPANY[2]}" in company_decision
    assert f"身份证件号码：{EMPLOYEE[1]}" in employee_decision and f"住址：{EMPLOYEE[2]}" in employee_decision
    assert EMPLOYEE[1] not in company_decision and "梁嘉豪" not in employee_decision
    assert "罚款¥150,000.00" in company_decision and "罚款¥5,000.00" in employee_decision  # each from its notice


def test_each_partys_delivery_receipt_names_the_document_served_on_it(db, data_dir, joint):
    case, company, employee = joint
    company_notice = notice(db, data_dir, case, company, fine_fen="150000", hearing_required=True)
    notice(db, data_dir, case, employee, fine_fen="5000")  # issued last, but to the employee
    receipt = issue_document(db, data_dir, case, find_form("delivery_receipt"), {"method": "直接送达"},
                             party_id=company)
    assert receipt.values["served_document"] == f"行政处罚告知书（{company_notice.number}）"
    assert (receipt.values["recipient"], receipt.values["place"]) == (COMPANY[0], COMPANY[2])


def test_a_decision_is_compared_with_the_notice_of_its_own_party(db, data_dir, joint, english):
    case, company, employee = joint
    notice(db, data_dir, case, company, fine_fen="150000", hearing_required=True)
    employee_notice = notice(db, data_dir, case, employee, fine_fen="5000")
    taken = numbers_taken(db)
    with pytest.raises(WorkstationError) as refused:  # more than the employee was told, less than the company
        decide(db, data_dir, case, employee, fine_fen="8000")
    assert str(refused.value).startswith(
        f"The decision is heavier than the 行政处罚告知书 {employee_notice.number} of 2026-03-02 proposed: a fine of "
        "¥8,000.00 (the notice proposed ¥5,000.00).")
    assert numbers_taken(db) == taken
    # the company's decision is not held to the employee's later, lighter notice
    assert decide(db, data_dir, case, company, fine_fen="150000").values["fine_fen"] == 15_000_000


def test_the_hearing_amounts_are_those_of_the_party_the_notice_is_for(db, data_dir, joint, english):
    case, company, employee = joint
    with pytest.raises(WorkstationError) as refused:  # ¥50,000 gives a natural person the right to a hearing
        notice(db, data_dir, case, employee, fine_fen="50000", hearing_required=False)
    assert "reaches the hearing amount for this party (≥ ¥10,000.00)" in str(refused.value)
    told = notice(db, data_dir, case, employee, fine_fen="50000")  # the fine alone given: the box follows it
    assert told.number and told.values["hearing_required"] is True
    untold = notice(db, data_dir, case, company, fine_fen="50000")  # not to the company (below ¥100,000)
    assert untold.number and not untold.values["hearing_required"]


def test_a_party_not_of_the_case_is_refused(db, data_dir, joint, english):
    case, _company, _employee = joint
    stranger = save_party(db, Party(name="佛山市某某科技有限公司", uscc="91110000100017707H"))
    with pytest.raises(NotFound) as refused:
        draft_document(db, case, find_form("pre_penalty_notice"), party_id=stranger.id)
    assert str(refused.value).startswith(f"{stranger.id} is not a party of case {case.case_number}. Its parties are: ")
    assert EMPLOYEE[0] in str(refused.value)


def test_a_one_party_case_records_no_party_and_reads_as_before(db, data_dir, make_case):
    case = make_case(status="decision_pending", filed_on="2026-03-02", notice_served_on="2026-03-03", facts=FACTS)
    issued = notice(db, data_dir, case, None, fine_fen="5000")
    assert PARTY_KEY not in issued.values and issued.values["party_name"] == COMPANY[0]


# the command line --------------------------------------------------------------------------------------------
def cli(capsys, data_dir, *argv):
    return run(capsys, "--data-dir", data_dir, *argv)


def test_the_command_line_needs_the_party_of_a_case_with_several(db, data_dir, joint, tmp_path, capsys, english):
    case, company, employee = joint
    values = tmp_path / "告知.json"
    values.write_text(json.dumps({"facts": FACTS, "issued_on": "2026-03-02", "fine_fen": "5000"}), encoding="utf-8")
    db.conn.close()
    target = tmp_path / "告知书.pdf"
    for command in ("render", "issue"):
        code, out, err = cli(capsys, data_dir, "docs", command, case.id, "--form", "pre_penalty_notice",
                             "--values", values, "-o", target)
        assert (code, out) == (1, "") and not target.exists()
        assert err == (f"Error: Case {case.case_number} has 2 parties and the 行政处罚告知书 is written for each of "
                       f"them: say which one with --party (its id or name): {company} ({COMPANY[0]}); "
                       f"{employee} ({EMPLOYEE[0]}).\n")
    code, out, err = cli(capsys, data_dir, "docs", "issue", case.id, "--form", "pre_penalty_notice", "--values",
                         values, "--party", "某某", "-o", target)
    assert code == 1 and err.startswith(f"Error: 某某 is not a party of case {case.case_number}.")

    code, out, err = cli(capsys, data_dir, "--json", "docs", "issue", case.id, "--form", "pre_penalty_notice",
                         "--values", values, "--party", EMPLOYEE[0], "-o", target)
    assert code == 0, err
    text = pdf_text(target.read_bytes())
    assert EMPLOYEE[0] in text and COMPANY[0] not in text and json.loads(out)["number"]
    code, out, err = cli(capsys, data_dir, "docs", "render", case.id, "--form", "file_cover", "-o",
                         tmp_path / "封面.pdf")
    assert code == 0, err  # a document of the whole case needs no party


# the editor -----------------------------------------------------------------------------------------------------
@pytest.mark.gui
def test_the_editor_writes_for_the_chosen_party_and_keeps_each_partys_draft(make_window, db, data_dir, joint,
                                                                             prompts, make_case):
    from PySide6.QtWidgets import QPushButton

    from workstation.store.drafts import saved_draft

    case, company, employee = joint
    window = make_window(db)
    section = window.open_case(case.id).documents
    assert section.party_choice.isVisibleTo(section) and section.party_choice.currentData() == company
    section.form_choice.setCurrentIndex(section.form_choice.findData("file_cover"))
    assert not section.party_choice.isEnabled()  # the cover is the whole case's
    section.form_choice.setCurrentIndex(section.form_choice.findData("pre_penalty_notice"))
    section.party_choice.setCurrentIndex(section.party_choice.findData(employee))
    write = next(b for b in section.findChildren(QPushButton) if b.objectName() == "write")
    write.click()
    editor = window.editors[-1]
    assert editor.fields["party_name"].value() == EMPLOYEE[0] and editor.fields["you"].value() == "你"
    assert editor.windowTitle().startswith(f"行政处罚告知书（{EMPLOYEE[0]}）")
    editor.set_field("facts", "员工出售客户名单。")
    editor.save_draft()
    editor.close()

    kept = saved_draft(db, "pre_penalty_notice", case_id=case.id, party_id=employee)
    assert kept is not None and kept.values["facts"] == "员工出售客户名单。"
    assert saved_draft(db, "pre_penalty_notice", case_id=case.id, party_id=company, first_party=True) is None
    section.party_choice.setCurrentIndex(section.party_choice.findData(company))
    write.click()  # the company's notice: no draft of its own to continue, so none is offered
    editor = window.editors[-1]
    assert editor.fields["party_name"].value() == COMPANY[0] and editor.fields["facts"].value() != "员工出售客户名单。"
    editor.close()

    single = window.open_case(make_case(status="decision_pending", filed_on="2026-03-02").id).documents
    assert not single.party_choice.isVisibleTo(single)


def test_issued_documents_list_their_party(db, data_dir, joint):
    case, company, employee = joint
    notice(db, data_dir, case, employee, fine_fen="5000")
    assert [d.values.get(PARTY_KEY) for d in case_documents(db, case.id)] == [employee]
    draft = render_document(draft_document(db, case, find_form("delivery_receipt"), {PARTY_KEY: employee}), "pdf")
    assert EMPLOYEE[2] in pdf_text(draft.data) and COMPANY[2] not in pdf_text(draft.data)
