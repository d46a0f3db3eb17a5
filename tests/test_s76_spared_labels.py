"""Several parties in one case, one of them decided not to be penalised (不予行政处罚决定书) beside the others' fines:
the service of its decision is named as its 不予行政处罚决定书's on the timeline and in the last step's text, as its
送达回证 and the 卷内文件目录 name it (REFERENCE §1.1), the fined parties' as their 行政处罚决定书's; the party's line on
the case page names its decision by its 文号 (just "not penalised" without one), never the decision's name twice."""

from __future__ import annotations

from tests.helpers import SPARED_ON, employee_line
from tests.test_multiparty_closeguard import company_decided, spare
from tests.test_party_case10 import COMPANY, EMPLOYEE
from workstation import party_decisions, procedure
from workstation.documents.issuing import void_document
from workstation.store import get_case
from workstation.store.cases import case_timeline


def timeline(db, case) -> list[tuple[str, str]]:
    return [(e.on_date, e.text) for e in case_timeline(db, get_case(db, case.id))]





def test_the_spared_partys_service_is_named_as_its_no_penalty_decision(db, spared_performed, english):
    case, _company, employee, _spared = spared_performed
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-24", party_ids=(employee,))
    lines = timeline(db, case)
    assert ("2026-03-24", f"No-penalty decision served on {EMPLOYEE}") in lines, lines
    assert ("2026-03-12", f"Decision served on {COMPANY}") in lines, lines  # the fined party's as before
    assert ("2026-03-24", f"Decision served on {EMPLOYEE}") not in lines
    assert procedure.latest_step(db, get_case(db, case.id)) == (
        "2026-03-24", f"the no-penalty decision was served on {EMPLOYEE}")


def test_the_fined_partys_service_reads_as_before_in_chinese(db, spared_performed, chinese):
    case, _company, employee, _spared = spared_performed
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-24", party_ids=(employee,))
    texts = [text for _day, text in timeline(db, case)]
    assert f"向{COMPANY}送达行政处罚决定书" in texts
    # the employee was served its 不予行政处罚决定书, never a 行政处罚决定书
    assert f"向{EMPLOYEE}送达行政处罚决定书" not in texts
    assert f"向{EMPLOYEE}送达不予行政处罚决定书" in texts
    assert procedure.latest_step(db, get_case(db, case.id))[1] == f"向{EMPLOYEE}送达不予行政处罚决定书"


def test_a_service_on_both_at_once_names_each_partys_own_decision(db, data_dir, make_case, english):
    case, company, employee = company_decided(db, data_dir, make_case)
    spare(db, data_dir, case, employee, SPARED_ON)
    assert procedure.apply(db, case.id, "serve_decision", on_date="2026-03-24").status == "served"
    assert party_decisions.decision_services(db, get_case(db, case.id)) == {company: "2026-03-24",
                                                                            employee: "2026-03-24"}
    lines = timeline(db, case)
    assert ("2026-03-24", f"Decision served on {COMPANY}") in lines, lines
    assert ("2026-03-24", f"No-penalty decision served on {EMPLOYEE}") in lines, lines


def test_a_service_recorded_before_the_spared_decision_keeps_its_reading(db, spared_performed, english):
    case, _company, employee, _spared = spared_performed
    # as the whole case's service recorded before it was held to the party's own day: no 不予行政处罚决定书 yet then
    procedure._party_events(db, get_case(db, case.id), party_decisions.DECISION_SERVED, (employee,), "2026-03-15", "")
    assert ("2026-03-15", f"Decision served on {EMPLOYEE}") in timeline(db, case)


def test_the_spared_partys_line_names_its_decision_by_its_number(db, spared_performed, english):
    case, _company, employee, spared = spared_performed
    assert spared.number
    assert employee_line(db, case).endswith(f"not penalised ({spared.number})")
    assert "不予行政处罚决定书" not in employee_line(db, case)
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-24", party_ids=(employee,))
    assert employee_line(db, case).endswith(f"not penalised ({spared.number})；decision served 2026-03-24")


def test_the_spared_partys_line_without_a_number_says_not_penalised(db, spared_performed, english):
    case, _company, _employee, spared = spared_performed
    # the decision recorded without its 文号 (as one kept from before numbering), the numbered one voided
    columns = [row[1] for row in db.execute("PRAGMA table_info(documents)").fetchall()]
    copied = ", ".join({"id": "'numberless'", "number": "NULL"}.get(column, column) for column in columns)
    db.execute(f"INSERT INTO documents ({', '.join(columns)}) SELECT {copied} FROM documents WHERE id = ?", [spared.id])
    void_document(db, spared.id, "文号录错")
    assert [number for _party, number in party_decisions.no_penalty_decisions(db, get_case(db, case.id))] == [""]
    assert employee_line(db, case).endswith("；not penalised")
