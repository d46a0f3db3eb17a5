"""The leads workflow audit of session 69:

1. ``leads decide --refer`` of a lead whose T1 has ended says the referral is late, on stderr and in --json
   ``warnings``, as ``leads decide --not-file`` and ``docs issue`` of the 案件移送函 do;
2. ``leads assign --json``'s ``earlier`` names the agencies by their codes, as the top-level ``agency`` does (their
   ids kept under ``*_id``), and who re-assigned as ``by``, named as ``officer`` is: an officer of the register,
   never the computer's account;
3. the 案件交办通知书 words a lead described by hand as reported (据反映，…) unless its description says so itself
   (市民来电称…, …移送) or another department sent it; the description stored is unchanged, and so are the other
   letters."""

from __future__ import annotations

import json

import pytest

from tests.helpers import open_db, run, run_json
from tests.rendering import pdf_of
from workstation.documents.drafts import find_form
from workstation.leads_register import LeadEntry, register_lead
from workstation.leads_workflow import draft_lead_document, get_lead_row

DESCRIPTION = "佛山市某某地产公司多次拨打电话推销楼盘"
ADD = ("leads", "add", "--source", "report", "--received", "2026-10-08T09:00", "--description", DESCRIPTION,
       "--party", "佛山市某某地产公司", "--target-phone", "13512340000")


@pytest.fixture
def station(cli_station, tmp_path):
    """The city bureau's station initialised from the command line, with an officer on duty: it assigns (交办) to
    the district bureaus under it (a district station assigns only below it, test_s73_jurisdiction)."""
    from workstation.records import Officer
    from workstation.store import agency_id_for_code, save_officer

    path = cli_station(tmp_path / "station", ["init", "--agency", "440600", "--plaintext"])
    db = open_db(path)
    save_officer(db, Officer(name="陈志强", cert_no="44060512001", agency_id=agency_id_for_code("440600")))
    db.close()
    return path


def _reassigned(capsys, station, *officer: str) -> tuple[str, dict]:
    """A lead assigned to Shunde on 2026-10-09 and re-assigned to Chancheng on 2026-10-12: (its id, the --json of
    the re-assignment)."""
    lead = run_json(capsys, "--data-dir", station, *ADD)["id"]
    run_json(capsys, "--data-dir", station, "leads", "assign", lead, "--agency", "440606", "--date", "2026-10-09")
    result = run_json(capsys, "--data-dir", station, "leads", "assign", lead, "--agency", "440604", "--date",
                      "2026-10-12", "--reason", "辖区错误", *officer)
    return lead, result


# ---- 1. a late referral said ---------------------------------------------------------------------------------------

def test_a_referral_after_t1_ended_is_said_late_on_stderr_and_in_json(capsys, station, tmp_path, english):
    lead, _result = _reassigned(capsys, station)  # its T1 counted from 2026-10-12: ended long before 2026-12-07
    values = tmp_path / "v.json"
    values.write_text(json.dumps({"contact_person": "陈志强"}), encoding="utf-8")
    code, out, err = run(capsys, "--data-dir", station, "--json", "leads", "decide", lead, "--refer",
                         "广东省通信管理局", "--date", "2026-12-07", "--values", values, "-o", tmp_path / "ref.pdf")
    assert code == 0, err
    result = json.loads(out)
    assert result["status"] == "referred" and result["decided_on"] == "2026-12-07"
    [warning] = result["warnings"]
    assert "Decided late" in warning and "(T1) ended on" in warning, warning
    assert warning in err, err


def test_a_referral_after_t1_ended_is_said_late_in_chinese(capsys, station, tmp_path, chinese):
    lead, _result = _reassigned(capsys, station)
    values = tmp_path / "v.json"
    values.write_text(json.dumps({"contact_person": "陈志强"}), encoding="utf-8")
    code, _out, err = run(capsys, "--data-dir", station, "leads", "decide", lead, "--refer", "广东省通信管理局",
                          "--date", "2026-12-07", "--values", values, "-o", tmp_path / "ref.pdf")
    assert code == 0, err
    assert "逾期" in err, err


def test_a_referral_in_time_says_nothing_late(capsys, station, tmp_path, english):
    lead = run_json(capsys, "--data-dir", station, *ADD[:5], "2026-12-01T09:00", *ADD[6:])["id"]
    run_json(capsys, "--data-dir", station, "leads", "assign", lead, "--agency", "440606", "--date", "2026-12-02")
    values = tmp_path / "v.json"
    values.write_text(json.dumps({"contact_person": "陈志强"}), encoding="utf-8")
    code, out, err = run(capsys, "--data-dir", station, "--json", "leads", "decide", lead, "--refer",
                         "广东省通信管理局", "--date", "2026-12-07", "--values", values, "-o", tmp_path / "ref.pdf")
    assert code == 0, err
    assert "warnings" not in json.loads(out) and "late" not in err.lower(), err


# ---- 2. earlier assignments by code, and by officer ------------------------------------------------------------------

def test_earlier_assignments_are_named_by_agency_codes_with_their_ids_kept(capsys, station):
    from workstation.store import agency_id_for_code

    _lead, result = _reassigned(capsys, station)
    assert result["agency"] == "440604"
    [earlier] = result["earlier"]
    assert (earlier["agency"], earlier["to"]) == ("440606", "440604")
    assert (earlier["agency_id"], earlier["to_id"]) == (agency_id_for_code("440606"), agency_id_for_code("440604"))
    assert (earlier["assigned_on"], earlier["until"], earlier["reason"]) == ("2026-10-09", "2026-10-12", "辖区错误")


def test_who_re_assigned_is_the_officer_as_officer_says_never_the_computer_s_account(capsys, station):
    _lead, result = _reassigned(capsys, station)
    assert result["officer"] is None and result["earlier"][0]["by"] is None
    _lead, result = _reassigned(capsys, station, "--officer", "陈志强")
    assert result["officer"] == "陈志强" and result["earlier"][0]["by"] == "陈志强"


# ---- 3. the 案件交办通知书 words a hand-typed description as reported ---------------------------------------------

TYPED = {"contact_person": "陈志强"}


def _notice_text(db, lead: str) -> str:
    return "".join(pdf_of(draft_lead_document(db, lead, find_form("assignment_notice"), TYPED)).text_lines())


def test_the_notice_words_a_hand_typed_description_as_reported(db):
    lead = register_lead(db, LeadEntry(source="12345", received_at="2026-11-02 09:00", description=DESCRIPTION,
                                       party="佛山市某某地产公司")).id
    printed = _notice_text(db, lead)
    assert f"据反映，{DESCRIPTION}" in printed, printed
    assert get_lead_row(db, lead)["description"] == DESCRIPTION  # the description stored is unchanged


def test_a_description_worded_as_reported_is_printed_as_written(db):
    for description in ("市民投诉佛山市某某地产公司多次拨打电话推销楼盘", "佛山市某某地产公司涉嫌多次拨打电话推销楼盘",
                        "有群众反映佛山市某某地产公司多次拨打电话推销楼盘"):
        lead = register_lead(db, LeadEntry(source="report", received_at="2026-11-02 09:00",
                                           description=description, party="佛山市某某地产公司")).id
        printed = _notice_text(db, lead)
        assert description in printed and "据反映" not in printed, printed


@pytest.mark.parametrize("description", ["市民来电称佛山市某某地产公司多次拨打电话推销楼盘",
                                         "市民称佛山市某某地产公司多次拨打电话推销楼盘",
                                         "来电称佛山市某某地产公司多次拨打电话推销楼盘",
                                         "区住建局移送：佛山市某某地产公司多次拨打电话推销楼盘"])
def test_a_description_saying_who_said_it_is_not_reported_twice(db, description):
    lead = register_lead(db, LeadEntry(source="12345", received_at="2026-11-02 09:00", description=description,
                                       party="佛山市某某地产公司")).id
    printed = _notice_text(db, lead)
    assert description in printed and "据反映" not in printed, printed


def test_a_lead_another_department_sent_is_printed_as_written(db):
    """Sent by another department (transfer), as found by the bureau itself (inspection): its own findings."""
    lead = register_lead(db, LeadEntry(source="transfer", received_at="2026-11-02 09:00", description=DESCRIPTION,
                                       party="佛山市某某地产公司")).id
    printed = _notice_text(db, lead)
    assert DESCRIPTION in printed and "据反映" not in printed, printed


def test_a_name_s_称_is_no_report(db):
    description = "佛山市某某地产公司（简称某某地产）多次拨打电话推销楼盘"
    lead = register_lead(db, LeadEntry(source="12345", received_at="2026-11-02 09:00", description=description,
                                       party="佛山市某某地产公司")).id
    assert f"据反映，{description}" in _notice_text(db, lead)


def test_the_transfer_letter_keeps_the_description_as_written(db):
    lead = register_lead(db, LeadEntry(source="12345", received_at="2026-11-02 09:00", description=DESCRIPTION,
                                       party="佛山市某某地产公司")).id
    document = draft_lead_document(db, lead, find_form("case_transfer_letter"),
                                   {**TYPED, "receiver": "广东省通信管理局"})
    assert "据反映" not in "".join(pdf_of(document).text_lines())


def test_the_notice_s_version_is_raised_and_its_earlier_copy_kept():
    from workstation.formkit.spec import earlier_form

    form = find_form("assignment_notice")
    assert form.version == 6
    assert "据反映" in form.field("summary").help
    assert earlier_form("assignment_notice", 5).version == 5
