"""Correcting a lead registered by hand (修改线索, ``leads edit``): a mistyped receipt time, description, party,
number complained of or reporter's number is corrected while the lead is undecided; only what differs is written,
as one audited update the audit chain verifies; a corrected receipt time moves its T1 on the deadline board; bad
input is refused as 新建线索 refuses it, one line per option on the command line, and changes nothing; a lead
grouped from complaints, decided, being filed, or quoted by a document issued is refused saying what to do."""

import pytest

from tests.helpers import db_digest, open_db, run, run_json
from workstation import clocks
from workstation.audit import digest, verify
from workstation.errors import ValidationError, WorkstationError
from workstation.leads_register import LeadEntry, edit_lead, lead_entry, register_lead
from workstation.leads_workflow import assign_lead, decide_lead, extend_lead, get_lead_row, t1_due
from workstation.records import Party
from workstation.store import agency_by_code, agency_id_for_code, save_party
from workstation.store.base import set_setting

NANHAI = "440605"
RECEIVED = "2026-03-02 10:00"


@pytest.fixture
def station_db(db):
    set_setting(db, "station_agency", agency_id_for_code(NANHAI))
    return db


def hand_lead(db, **typed) -> dict:
    values = {"source": "report", "received_at": RECEIVED, "description": "来电举报：天天打电话推销贷款",
              "target_phone": "13800001111", "complainant_phone": "13900002222", **typed}
    return get_lead_row(db, register_lead(db, LeadEntry(**values)).id)


def corrected(lead: dict, **typed) -> LeadEntry:
    from dataclasses import replace

    return replace(lead_entry(lead), **typed)


def lead_audit(db, lead_id: str) -> list[tuple]:
    return db.execute("SELECT action, before_digest, after_digest FROM audit WHERE entity = 'lead' AND entity_id = ? "
                      "ORDER BY seq", [lead_id]).fetchall()


def counts(db) -> tuple[int, int]:
    return tuple(db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("leads", "audit"))


# ---- what is written, and how it is audited ------------------------------------------------------------------------

def test_a_correction_writes_only_what_differs_as_one_audited_update(station_db):
    lead = hand_lead(station_db)
    row, changed = edit_lead(station_db, lead["id"], corrected(
        lead, received_at="2026-03-01 09:30", description="来电举报：天天打电话推销贷款和理财",
        target_phone="13800001112、0757-8888 1234"))
    assert sorted(changed) == ["description", "phones", "received_at", "target_phone"]
    assert (row["received_at"], row["target_phone"], row["phones"]) == (
        "2026-03-01T09:30:00+08:00", "13800001112", "13800001112 075788881234")
    assert row["complainant_phone"] == "13900002222" and row["source"] == "report"  # untouched
    assert row["updated_at"] >= lead["updated_at"]
    # one update, digesting the whole lead before and after, chained: the log verifies
    assert lead_audit(station_db, lead["id"])[-1] == ("update", digest(lead), digest(row))
    assert verify(station_db)["valid"]


def test_saving_the_lead_as_it_is_writes_nothing(station_db):
    lead = hand_lead(station_db)
    before = counts(station_db)
    row, changed = edit_lead(station_db, lead["id"], lead_entry(lead))
    assert changed == [] and row == lead == get_lead_row(station_db, lead["id"])
    assert counts(station_db) == before


def test_a_party_of_the_register_is_linked_and_a_name_only_unlinks_it(station_db):
    party = save_party(station_db, Party(name="佛山市南海区誉嘉房地产代理有限公司", uscc="91440605MA4UJ8TK17"))
    lead = hand_lead(station_db, party="誉嘉")
    row, _changed = edit_lead(station_db, lead["id"], corrected(lead, party=party.name, party_id=party.id))
    assert (row["target_name"], row["target_party_id"]) == (party.name, party.id)
    row, _changed = edit_lead(station_db, lead["id"], corrected(row, party="某推销公司", party_id=None))
    assert (row["target_name"], row["target_party_id"]) == ("某推销公司", None)


def test_a_corrected_receipt_time_moves_t1_on_the_deadline_board(station_db):
    lead = hand_lead(station_db)

    def board_due() -> str:
        return next(d.due for d in clocks.board(station_db, on="2026-03-03") if d.lead_id == lead["id"])

    assert board_due() == t1_due(station_db, lead) == "2026-03-23"
    edit_lead(station_db, lead["id"], corrected(lead, received_at="2026-02-24 09:00"))
    assert board_due() == t1_due(station_db, get_lead_row(station_db, lead["id"])) == "2026-03-16"


# ---- bad input ------------------------------------------------------------------------------------------------------

def test_the_fields_are_refused_as_new_lead_refuses_them_and_nothing_changes(station_db, english):
    lead = hand_lead(station_db)
    before = counts(station_db), get_lead_row(station_db, lead["id"])
    with pytest.raises(ValidationError) as refused:
        edit_lead(station_db, lead["id"], corrected(lead, received_at="2099-01-01 09:00", description="  ",
                                                    target_phone="1380000111", complainant_phone="12"))
    errors = refused.value.errors
    assert set(errors) == {"received_at", "description", "target_phone", "complainant_phone"}
    assert errors["received_at"].startswith("2099-01-01 09:00 is in the future")
    assert errors["target_phone"].startswith("1380000111 is not a telephone number")
    assert (counts(station_db), get_lead_row(station_db, lead["id"])) == before


def test_an_assigned_lead_keeps_its_receipt_before_its_assignment_and_changes_hands_by_reassignment(station_db,
                                                                                                     english):
    lead = hand_lead(station_db)
    assign_lead(station_db, lead["id"], agency_id_for_code("440604"), on="2026-03-04",
                received_by=agency_id_for_code("440600"))  # the city bureau assigning (a district station assigns only below it: test_s73_jurisdiction)
    lead = get_lead_row(station_db, lead["id"])
    with pytest.raises(ValidationError) as refused:
        edit_lead(station_db, lead["id"], corrected(lead, received_at="2026-03-05 09:00",
                                                    agency_id=agency_id_for_code(NANHAI)))
    assert refused.value.errors["received_at"].startswith("The lead was assigned on 2026-03-04")
    assert refused.value.errors["agency_id"].startswith("The lead is assigned already: re-assign it")
    row, changed = edit_lead(station_db, lead["id"], corrected(lead, received_at="2026-03-03 16:00"))
    assert changed == ["received_at"] and row["assigned_on"] == "2026-03-04"


def test_the_receipt_stays_before_an_extension_approved(station_db, english):
    lead = hand_lead(station_db)
    extend_lead(station_db, lead["id"], 15, "2026-03-10", "王局长")
    with pytest.raises(ValidationError) as refused:
        edit_lead(station_db, lead["id"], corrected(get_lead_row(station_db, lead["id"]),
                                                    received_at="2026-03-11 09:00"))
    assert refused.value.errors["received_at"].startswith("The lead's T1 extension was approved on 2026-03-10")


# ---- leads that are not corrected by hand ------------------------------------------------------------------------

def test_a_screened_lead_is_refused_its_numbers_coming_from_its_complaints(station_db, english):
    lead = hand_lead(station_db)
    station_db.execute("UPDATE leads SET group_key = 'phone:13800001111', complaint_count = 3 WHERE id = ?",
                       [lead["id"]])
    with pytest.raises(WorkstationError) as refused:
        edit_lead(station_db, lead["id"], corrected(lead, description="改"))
    assert refused.value.message.startswith("This lead was grouped from 3 complaints")
    assert "Correct the screening result" in refused.value.message


def test_a_lead_of_one_complaint_is_said_so_in_the_singular(station_db, english):
    lead = hand_lead(station_db)
    station_db.execute("UPDATE leads SET group_key = 'phone:13800001111', complaint_count = 1 WHERE id = ?",
                       [lead["id"]])
    with pytest.raises(WorkstationError) as refused:
        edit_lead(station_db, lead["id"], corrected(lead, description="改"))
    assert refused.value.message.startswith("This lead was grouped from 1 complaint: its numbers, business and "
                                            "counts come from it")


@pytest.mark.parametrize(("decision", "says"), [("not_file", "The lead was decided “Not filed”"),
                                                ("refer", "The lead's status is “Referred”")])
def test_a_decided_lead_is_refused(station_db, english, decision, says):
    lead = hand_lead(station_db)
    decide_lead(station_db, lead["id"], decision, on="2026-03-05", reason="未发现违法行为",
                **({"referred_to": "广东省通信管理局"} if decision == "refer" else {}))
    before = counts(station_db)
    with pytest.raises(WorkstationError) as refused:
        edit_lead(station_db, lead["id"], corrected(lead, description="改"))
    assert refused.value.message.startswith(says)
    assert counts(station_db) == before


def test_a_lead_whose_document_was_issued_is_refused_until_it_is_voided(station_db, data_dir, english):
    from workstation.documents.drafts import find_form
    from workstation.documents.issuing import void_document
    from workstation.leads_workflow import issue_lead_document

    lead = hand_lead(station_db, party="某推销公司")
    assign_lead(station_db, lead["id"], agency_by_code(station_db, "440604").id, on="2026-03-03",
                received_by=agency_by_code(station_db, "440600").id)  # the city bureau assigning (a district station assigns only below it: test_s73_jurisdiction)
    issued = issue_lead_document(station_db, data_dir, lead["id"], find_form("case_source_register"),
                                 {"registrar": "李明"})
    with pytest.raises(WorkstationError) as refused:
        edit_lead(station_db, lead["id"], corrected(get_lead_row(station_db, lead["id"]), description="改"))
    assert "quotes the lead as it is: void it first (Void document… on the Leads page, or docs void " \
           f"{issued.number or issued.id}" in refused.value.message
    void_document(station_db, issued.id, "线索描述有误，更正后重新制作")
    _row, changed = edit_lead(station_db, lead["id"], corrected(get_lead_row(station_db, lead["id"]),
                                                                description="改"))
    assert changed == ["description"]


# ---- the command line -----------------------------------------------------------------------------------------------

@pytest.fixture
def station_dir(tmp_path, capsys):
    data = tmp_path / "station"
    assert run(capsys, "--data-dir", data, "init", "--plaintext", "--agency", NANHAI, "--station-name", "南海区局")[0] == 0
    return data


def cli_lead(capsys, data) -> dict:
    return run_json(capsys, "--data-dir", data, "leads", "add", "--source", "report", "--received", RECEIVED,
                    "--description", "来电举报", "--target-phone", "13800001111")


def test_leads_edit_changes_the_options_given_and_answers_as_leads_add(station_dir, capsys, english):
    added = cli_lead(capsys, station_dir)
    edited = run_json(capsys, "--data-dir", station_dir, "leads", "edit", added["id"], "--received", "2026-02-24 9:00",
                      "--complainant-phone", "139 0000 2222", "--target-phone", "")
    assert set(edited) == set(added) | {"changed"}
    assert sorted(edited["changed"]) == ["complainant_phone", "phones", "received_at", "target_phone"]
    assert (edited["received_at"], edited["target_phone"], edited["phones"]) == ("2026-02-24T09:00:00+08:00", None, [])
    assert (edited["t1_due"], added["t1_due"]) == ("2026-03-16", "2026-03-23")
    assert edited["agency"] == added["agency"] == NANHAI and edited["party"] == ""
    code, out, _err = run(capsys, "--data-dir", station_dir, "leads", "edit", added["id"], "--description", "来电举报")
    assert code == 0 and "nothing was changed" in out
    assert run_json(capsys, "--data-dir", station_dir, "audit", "verify")["valid"]


def test_leads_edit_refuses_each_bad_option_on_its_line_and_changes_nothing(station_dir, capsys, english):
    added = cli_lead(capsys, station_dir)
    before = db_digest(station_dir)
    code, out, err = run(capsys, "--data-dir", station_dir, "leads", "edit", added["id"], "--received",
                         "2099-01-01 09:00", "--description", " ", "--target-phone", "1380000111")
    assert code == 1 and out == ""
    for option in ("--received", "--description", "--target-phone"):
        assert f"{option}: " in err
    assert "2099-01-01 09:00 is in the future" in err and "1380000111 is not a telephone number" in err
    code, _out, err = run(capsys, "--data-dir", station_dir, "leads", "edit", "no-such-lead", "--description", "x")
    assert code == 1 and err.count("\n") == 1 and "no-such-lead" in err
    assert db_digest(station_dir) == before


def test_leads_edit_of_a_decided_lead_says_why_in_one_line(station_dir, capsys, english):
    added = cli_lead(capsys, station_dir)
    db = open_db(station_dir)
    decide_lead(db, added["id"], "not_file", on="2026-03-05", reason="未发现违法行为")
    db.conn.close()
    before = db_digest(station_dir)
    code, _out, err = run(capsys, "--data-dir", station_dir, "leads", "edit", added["id"], "--description", "改")
    assert code == 1 and err.count("\n") == 1
    assert "The lead was decided “Not filed”" in err and "Withdraw the decision not to file first" in err
    assert db_digest(station_dir) == before
