"""Several parties in one case, one of them decided not to be penalised (不予行政处罚决定书) beside the others' fines:
that party's periods to apply for reconsideration (T10) and to sue (T11) count from the service of its own decision
(REFERENCE §1.2: from when it learns of the act), as the fined parties' count from theirs — shown per party, with its
name, on the case's deadlines and by `clocks --case`; before its service, its periods are a gap to fill. Once the case
is closed (结案) or archived, the service is no longer recorded with 送达处罚决定书: refused, saying so and what to do —
the day its 送达回证 bears is then what its periods count from."""

from __future__ import annotations

import pytest

from tests.helpers import run
from tests.test_multiparty13 import draft_values
from tests.test_multiparty_closeguard import company_decided, spare
from tests.test_party_case10 import COMPANY, EMPLOYEE
from workstation import clocks, procedure
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.errors import TransitionRefused
from workstation.store import get_case

ON = "2026-03-25"


def remedies(db, case, on=ON) -> dict[str, list[tuple]]:
    """{clock: [(party shown, start, last day, state)]} of T10 and T11 as the case's Deadlines section lists them."""
    found: dict[str, list[tuple]] = {}
    for d in clocks.case_clocks(db, get_case(db, case.id), on=on):
        if d.clock in ("T10", "T11"):
            found.setdefault(d.clock, []).append((d.party, d.start, d.due, d.state))
    return found


def test_the_spared_party_counts_its_periods_to_challenge_from_its_own_service(db, data_dir, spared_performed, english,
                                                                              capsys):
    case, _company, employee, _spared = spared_performed
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-24", party_ids=(employee,))
    found = remedies(db, case)
    # the company's from 03-12 as before; the employee's from 03-24: 60 days end on Saturday 05-23, so 05-25;
    # six months on 09-24
    assert found["T10"] == [(COMPANY, "2026-03-12", "2026-05-11", "open"),
                            (EMPLOYEE, "2026-03-24", "2026-05-25", "open")]
    assert found["T11"] == [(COMPANY, "2026-03-12", "2026-09-14", "open"),
                            (EMPLOYEE, "2026-03-24", "2026-09-24", "open")]
    spared = [d for d in clocks.case_clocks(db, get_case(db, case.id), on=ON) if d.party == EMPLOYEE]
    assert [d.clock for d in spared] == ["T10", "T11"]  # nothing to pay or enforce under its decision (T8, T16)
    assert all("不予行政处罚决定书" in d.calculation() for d in spared)
    code, out, err = run(capsys, "--data-dir", data_dir, "clocks", "--case", case.case_number, "--as-of", ON)
    assert code == 0, err
    lines = [(line[:10], line.split("  ")[-1]) for line in out.splitlines() if " T10 " in line or " T11 " in line]
    reconsider, sue = "T10 Party applies for administrative reconsideration", "T11 Party brings an administrative lawsuit"
    assert lines == [("2026-05-11", f"{reconsider}（{COMPANY}）"), ("2026-05-25", f"{reconsider}（{EMPLOYEE}）"),
                     ("2026-09-14", f"{sue}（{COMPANY}）"), ("2026-09-24", f"{sue}（{EMPLOYEE}）")], out


def test_before_its_service_the_spared_partys_periods_are_a_gap(db, data_dir, make_case, english):
    case, _company, employee = company_decided(db, data_dir, make_case)
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12")
    spare(db, data_dir, case, employee, "2026-03-21")
    found = remedies(db, case)
    assert found["T10"] == [(COMPANY, "2026-03-12", "2026-05-11", "open"), (EMPLOYEE, None, None, "missing")]
    assert found["T11"] == [(COMPANY, "2026-03-12", "2026-09-14", "open"), (EMPLOYEE, None, None, "missing")]


@pytest.mark.parametrize("archived", [False, True])
def test_a_closed_case_refuses_the_spared_partys_service_saying_what_to_do(db, data_dir, spared_performed, english,
                                                                           table_counts, capsys, archived):
    case, _company, employee, _spared = spared_performed
    procedure.apply(db, case.id, "close", on_date="2026-03-26")
    if archived:
        procedure.apply(db, case.id, "archive", on_date="2026-03-27")
    before = table_counts(db)
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "serve_decision", on_date="2026-03-24", party_ids=(employee,))
    said = str(refused.value)
    status = "Archived" if archived else "Closed"
    assert said.startswith(f"{EMPLOYEE}: the service of its 不予行政处罚决定书 is recorded (送达处罚决定书) before the case "
                           f"is closed (结案); case {case.case_number} is “{status}”, so it is no longer recorded "
                           "as a step."), said
    assert ("Issue its 送达回证 (Documents) with the day it was served as its 送达日期: its periods to apply for "
            "reconsideration and to sue count from that day.") in said
    undo = "Or undo “Close the case” (“Undo last step…”), then record the service and close the case again."
    assert (undo in said) is not archived
    assert "is not possible while" not in said
    assert table_counts(db) == before
    # the command line says the same
    code, _out, err = run(capsys, "--data-dir", data_dir, "cases", "transition", case.case_number, "serve_decision",
                          "--party", employee, "--date", "2026-03-24")
    assert code != 0 and said in err
    # done as said, its periods count from its 送达回证
    values = {**draft_values(db, case, "delivery_receipt", employee), "served_on": "2026-03-24"}
    issue_document(db, data_dir, get_case(db, case.id), find_form("delivery_receipt"), values, party_id=employee)
    found = remedies(db, case)
    assert (EMPLOYEE, "2026-03-24", "2026-05-25", "open") in found["T10"]
    assert (EMPLOYEE, "2026-03-24", "2026-09-24", "open") in found["T11"]
    # and the refusal then says the day it records
    with pytest.raises(TransitionRefused) as again:
        procedure.apply(db, case.id, "serve_decision", on_date="2026-03-24", party_ids=(employee,))
    assert str(again.value).startswith(f"{EMPLOYEE}: its 不予行政处罚决定书 was served on it on 2026-03-24, as its 送达回证 "
                                       "records: its periods to apply for reconsideration and to sue count from that "
                                       "day."), str(again.value)


def test_a_closed_case_refuses_a_fined_partys_service_as_before(db, data_dir, spared_performed, english):
    case, company, _employee, _spared = spared_performed
    procedure.apply(db, case.id, "close", on_date="2026-03-26")
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "serve_decision", on_date="2026-03-24", party_ids=(company,))
    assert str(refused.value).startswith("“Serve the penalty decision” is not possible while the case is “Closed”.")


def test_the_spared_party_served_while_the_case_is_decided_counts_its_periods_at_once(db, data_dir, make_case,
                                                                                    english):
    case, company, employee = company_decided(db, data_dir, make_case)
    spare(db, data_dir, case, employee, "2026-03-11")
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12", party_ids=(employee,))
    assert get_case(db, case.id).status == "penalty_decided"  # the company's 行政处罚决定书 not served yet
    found = remedies(db, case)
    assert found == {"T10": [(EMPLOYEE, "2026-03-12", "2026-05-11", "open")],
                     "T11": [(EMPLOYEE, "2026-03-12", "2026-09-14", "open")]}
    # the board shows them too, with the party's name
    shown = [(d.clock, d.party, d.due) for d in clocks.board(db, on=ON) if d.case_id == case.id
             and d.clock in ("T10", "T11")]
    assert shown == [("T10", EMPLOYEE, "2026-05-11"), ("T11", EMPLOYEE, "2026-09-14")]
    # the company's, from its own service, once it is served
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-13", party_ids=(company,))
    found = remedies(db, case)
    assert found["T10"] == [(COMPANY, "2026-03-13", "2026-05-12", "open"),
                            (EMPLOYEE, "2026-03-12", "2026-05-11", "open")]
