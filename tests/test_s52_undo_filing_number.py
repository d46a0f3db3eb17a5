"""撤销上一步 of the filing (session 52): a 待立案 case carries no case number and a case not filed (不予立案) never takes
one (REFERENCE §3.1). Undoing the filing takes the number it gave away — the case is 待立案 again, without a number —
and keeps that number void, as a number an edit changed is kept: it is never given to another case, and the case
filed again takes the next one. Refused, number and all, while a document issued after the filing is not voided."""

from __future__ import annotations

import pytest

from tests.helpers import run_json
from workstation import procedure
from workstation.errors import TransitionRefused
from workstation.store import get_case


def _listed(capsys, data_dir, case_id: str) -> dict:
    rows = run_json(capsys, "--data-dir", data_dir, "cases", "list", "--json")
    rows = rows["cases"] if isinstance(rows, dict) else rows
    return next(row for row in rows if row["id"] == case_id)


def _cli(capsys, data_dir, *argv) -> dict:
    return run_json(capsys, "--data-dir", data_dir, *argv)


def test_undoing_the_filing_takes_the_number_away_and_keeps_it_void(db, data_dir, make_case, capsys, english):
    case = make_case(status="pending_filing", lead_received_on="2026-03-02")
    _cli(capsys, data_dir, "cases", "transition", case.id, "file", "--date", "2026-03-05")
    number = _listed(capsys, data_dir, case.id)["case_number"]
    assert number and "立" in number
    _cli(capsys, data_dir, "cases", "transition", case.id, "undo", "--reason", "误立案")
    listed = _listed(capsys, data_dir, case.id)
    assert (listed["status"], listed["case_number"]) == ("pending_filing", None)
    _cli(capsys, data_dir, "cases", "transition", case.id, "decline_filing", "--date", "2026-03-06",
         "--reason", "查无实据")
    listed = _listed(capsys, data_dir, case.id)
    assert (listed["status"], listed["case_number"]) == ("not_filed", None)
    # the number stays void: the next case filed takes another, and typing it in is refused saying why
    other = make_case(status="pending_filing", lead_received_on="2026-03-02")
    _cli(capsys, data_dir, "cases", "transition", other.id, "file", "--date", "2026-03-07")
    other_number = _listed(capsys, data_dir, other.id)["case_number"]
    assert other_number and other_number != number
    third = make_case(status="investigating", filed_on="2026-03-08")
    from workstation.store.cases import voided_case_number

    kept = voided_case_number(db, number)
    assert kept is not None and kept[0] == number
    assert third.case_number not in (number, other_number)


def test_a_case_filed_again_after_the_undo_takes_a_new_number(db, data_dir, make_case, capsys, english):
    case = make_case(status="pending_filing", lead_received_on="2026-03-02")
    _cli(capsys, data_dir, "cases", "transition", case.id, "file", "--date", "2026-03-05")
    first = _listed(capsys, data_dir, case.id)["case_number"]
    _cli(capsys, data_dir, "cases", "transition", case.id, "undo", "--reason", "立案日期录错")
    assert _listed(capsys, data_dir, case.id)["case_number"] is None
    _cli(capsys, data_dir, "cases", "transition", case.id, "file", "--date", "2026-03-04")
    again = _listed(capsys, data_dir, case.id)
    assert again["status"] == "investigating" and again["case_number"] and again["case_number"] != first
    # the next case filed takes neither
    other = make_case(status="pending_filing", lead_received_on="2026-03-02")
    _cli(capsys, data_dir, "cases", "transition", other.id, "file", "--date", "2026-03-07")
    assert _listed(capsys, data_dir, other.id)["case_number"] not in (first, again["case_number"], None)


def test_the_void_number_is_refused_when_typed_into_another_case(db, data_dir, make_case, capsys, english):
    from dataclasses import replace

    from workstation.errors import ValidationError
    from workstation.store import update_case

    case = make_case(status="pending_filing", lead_received_on="2026-03-02")
    _cli(capsys, data_dir, "cases", "transition", case.id, "file", "--date", "2026-03-05")
    number = get_case(db, case.id).case_number
    procedure.undo_last_step(db, case.id, "误立案")
    other = make_case(status="investigating", filed_on="2026-03-08")
    with pytest.raises(ValidationError) as refused:
        update_case(db, replace(other, case_number=number))
    message = refused.value.errors["case_number"]
    assert number in message and "void" in message and "filing was undone" in message, message
    assert get_case(db, other.id).case_number != number


def test_the_filing_is_not_undone_while_a_document_issued_under_its_number_stands(db, data_dir, make_case, english):
    from tests.helpers import legal_review
    from tests.test_casenum_filing import FACTS

    case = make_case(status="pending_filing", lead_received_on="2026-03-02", facts=FACTS,
                     fine_fen=500_000)
    procedure.apply(db, case.id, "file", on_date="2026-03-05")
    number = get_case(db, case.id).case_number
    document = legal_review(db, data_dir, get_case(db, case.id), reviewed_on="2026-03-06")
    with pytest.raises(TransitionRefused, match="void it first"):
        procedure.undo_last_step(db, case.id, "误立案")
    assert document.number or document.title
    kept = get_case(db, case.id)
    assert (kept.status, kept.case_number) == ("investigating", number)
