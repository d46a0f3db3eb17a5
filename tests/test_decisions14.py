"""Session 14 (decisions): a party is decided once — a second 行政处罚决定书 (or 不予行政处罚决定书) to a party whose first
is in force is refused before a 文号 is taken, naming the party and that 文号 (a voided one no longer stands, a
correction names the one it corrects; the other parties of the case are unaffected); counting evidence into the
record counts of a closed case is refused (core, window, command line); ``evidence list`` writes each item's count."""

from __future__ import annotations

import pytest

from PySide6.QtWidgets import QPushButton

from tests.helpers import run, run_json
from tests.test_evidence_sales10 import LIST, add, sheet
from tests.test_multiparty12 import decided_case
from tests.test_multiparty_closeguard import company_decided, spare
from tests.test_party_case10 import COMPANY, EMPLOYEE, FACTS, decide, with_employee
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document, void_document
from workstation.documents.numbering import next_number
from workstation.errors import WorkstationError
from workstation.evidence_count import apply_count
from workstation.store import find_case, get_case
from workstation.store.evidence import add_evidence, get_evidence

DEMO_CASE = "佛南市监立〔2026〕1号"


def documents(db) -> int:
    return db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]


# 1. a party is decided once --------------------------------------------------------------------------------------

def test_a_second_penalty_decision_to_the_one_party_is_refused_before_a_number_is_taken(demo_db, data_dir, english):
    case = find_case(demo_db, DEMO_CASE)
    form = find_form("penalty_decision")
    first = issue_document(demo_db, data_dir, case, form, {})
    taken = next_number(demo_db, case.agency_id, "处", 2026)
    with pytest.raises(WorkstationError) as refused:
        issue_document(demo_db, data_dir, case, form, {})
    assert str(refused.value) == (
        f"{case.party_names} already has 行政处罚决定书 {first.number} in force, and a party is decided only once. If "
        "it is wrong, void it first (saying why), then issue the new one.")
    assert next_number(demo_db, case.agency_id, "处", 2026) == taken and documents(demo_db) == 1
    # a correction naming the decision it corrects replaces it openly; once voided, a new one may be issued
    fixed = issue_document(demo_db, data_dir, case, form, {}, supersedes=first.number)
    assert fixed.supersedes_id == first.id
    void_document(demo_db, fixed.id, "罚款金额有误")
    void_document(demo_db, first.id, "罚款金额有误")
    assert issue_document(demo_db, data_dir, case, form, {}).number == "佛南市监处〔2026〕3号"


def test_the_command_line_refuses_the_second_decision_in_one_line(demo_db, data_dir, tmp_path, capsys, english):
    demo_db.conn.close()
    issued = run_json(capsys, "--data-dir", data_dir, "docs", "issue", DEMO_CASE, "--form", "penalty_decision",
                      "-o", tmp_path / "一.pdf")
    code, out, err = run(capsys, "--data-dir", data_dir, "docs", "issue", DEMO_CASE, "--form", "penalty_decision",
                         "-o", tmp_path / "二.pdf")
    assert code == 1 and out == "" and err.count("\n") == 1
    assert f"行政处罚决定书 {issued['number']} in force" in err and "void it first" in err
    assert not (tmp_path / "二.pdf").exists()


def test_in_a_case_with_several_parties_only_the_decided_party_is_refused(db, data_dir, make_case, english):
    case, company, employee = company_decided(db, data_dir, make_case)
    number = db.execute("SELECT number FROM documents WHERE form_id = 'penalty_decision'").fetchone()[0]
    before = documents(db)
    with pytest.raises(WorkstationError) as refused:
        decide(db, data_dir, case, company, fine_fen="40000", decided_on="2026-03-10")
    assert str(refused.value).startswith(f"{COMPANY} already has 行政处罚决定书 {number} in force")
    assert documents(db) == before
    # the employee, without a decision, is issued its own
    assert decide(db, data_dir, case, employee, fine_fen="5000", decided_on="2026-03-10").number


def test_a_party_whose_decision_was_voided_is_issued_a_new_one_the_other_still_refused(db, data_dir, make_case):
    case, company, employee, first, second = decided_case(db, data_dir, make_case)
    void_document(db, second.id, "当事人名称有误")
    assert decide(db, data_dir, case, employee, fine_fen="3000", decided_on="2026-03-21").number
    with pytest.raises(WorkstationError, match=first.number.replace("〔", ".").replace("〕", ".")):
        decide(db, data_dir, case, company, fine_fen="3000", decided_on="2026-03-21")


def test_a_second_no_penalty_decision_to_the_same_party_is_refused(db, data_dir, make_case, english):
    case, company, employee = with_employee(db, make_case(status="no_penalty", filed_on="2026-02-20", facts=FACTS))
    spared = spare(db, data_dir, case, employee)
    before = documents(db)
    with pytest.raises(WorkstationError) as refused:
        spare(db, data_dir, case, employee, decided_on="2026-03-22")
    assert str(refused.value).startswith(f"{EMPLOYEE} already has 不予行政处罚决定书 {spared.number} in force")
    assert documents(db) == before
    assert spare(db, data_dir, case, company).number  # the other party is decided on its own
    void_document(db, spared.id, "当事人认定错误")
    assert spare(db, data_dir, case, employee, decided_on="2026-03-22").number


# 2. a closed case keeps its record counts ------------------------------------------------------------------------

def add_closed(db, data_dir, case, path):
    """A file registered as the closed case's evidence before it was closed (its register no longer changes, s47)."""
    return add_evidence(db, data_dir, case.id, path, kind="customer_list", collected_on="2026-03-10",
                        after_closing=True)


CLOSED = ("Case {case} is “Closed”: its record counts stay as the case was closed with them, so its evidence is no "
          "longer counted into them. Nothing was changed.")


def test_counting_evidence_of_a_closed_case_is_refused_and_changes_nothing(db, data_dir, make_case, tmp_path,
                                                                         english):
    case = make_case(status="closed", records_other=7)
    item = add_closed(db, data_dir, case, sheet(tmp_path, "一.csv", LIST[:10]))
    with pytest.raises(WorkstationError) as refused:
        apply_count(db, data_dir, case.id, item.id, "other")
    assert str(refused.value) == CLOSED.format(case=case.case_number)
    assert get_case(db, case.id).records_other == 7 and get_evidence(db, item.id).record_count is None


def test_the_command_line_refuses_counting_on_a_closed_case(db, data_dir, make_case, tmp_path, capsys, english):
    case = make_case(status="closed")
    add_closed(db, data_dir, case, sheet(tmp_path, "一.csv", LIST[:10]))
    code, out, err = run(capsys, "--data-dir", data_dir, "evidence", "count", case.case_number, "1", "--category",
                         "other")
    assert code == 1 and out == "" and err.count("\n") == 1
    assert CLOSED.format(case=case.case_number) in err
    assert get_case(db, case.id).records_other == 0


@pytest.mark.gui
def test_the_window_disables_counting_on_a_closed_case_and_says_why(db, data_dir, make_case, tmp_path, prompts,
                                                                    qtbot, english):
    from ui.case_evidence import CaseEvidence

    case = make_case(status="closed")
    add_closed(db, data_dir, case, sheet(tmp_path, "一.csv", LIST[:10]))
    section = CaseEvidence(db, data_dir, get_case(db, case.id), prompts)
    qtbot.addWidget(section)
    button = section.findChild(QPushButton, "count_records")
    assert not button.isEnabled() and button.toolTip() == CLOSED.format(case=case.case_number)
    section.view.selectRow(0)
    assert not button.isEnabled() and button.toolTip() == CLOSED.format(case=case.case_number)
    section.count_selected()  # asked for otherwise (a shortcut): refused before the file is read
    assert prompts.errors == [CLOSED.format(case=case.case_number)]
    assert get_evidence(db, section.model.records[0].id).record_count is None
    open_case = make_case()
    add(db, data_dir, open_case, sheet(tmp_path, "二.csv", LIST[:10]))
    section = CaseEvidence(db, data_dir, get_case(db, open_case.id), prompts)
    qtbot.addWidget(section)
    section.view.selectRow(0)
    assert section.findChild(QPushButton, "count_records").isEnabled()


# 3. evidence list shows the counted records ----------------------------------------------------------------------

def test_evidence_list_writes_the_records_counted(db, data_dir, make_case, tmp_path, capsys, english):
    case = make_case()
    add(db, data_dir, case, sheet(tmp_path, "一.csv", LIST[:1200]))
    add(db, data_dir, case, sheet(tmp_path, "二.csv", LIST[:5], header="电话"))
    assert run(capsys, "--data-dir", data_dir, "evidence", "count", case.id, "1", "--category",
               "sensitive")[0] == 0
    code, out, err = run(capsys, "--data-dir", data_dir, "evidence", "list", case.id)
    assert code == 0, err
    first, second = out.splitlines()
    assert "1,200 records counted into “Lodging, communication records, health and transaction information”" in \
        first.split("\t")[0]
    assert "records counted" not in second
