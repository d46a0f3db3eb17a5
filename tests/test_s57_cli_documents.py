"""The command line writes an issued document as issued and records clock events (audit s57, walk run2).

1. `docs render --document ID|文号 -o FILE` writes the PDF issued (its stored bytes) or its DOCX as issued
   (``issuing.issued_docx``, as the window's Save DOCX…), with its 文号 and the values given at issue; a voided or
   corrected document's copy is warned about as the window asks before making it. A plain `docs render` of a form
   with an issued document in force for the case warns that it writes a draft, naming the 文号 and the option.
2. `clocks record CASE KIND` records what the window's clock-event dialog records (the same store function and
   checks: a refusal names the option), `clocks events CASE` lists them, `clocks end EVENT --on DATE` ends one;
   `docs issue` of a document recording an event points to `clocks record`.
"""

from __future__ import annotations

import io
import json

import docx as word

from tests.helpers import pdf_text, program_day, run, run_json
from tests.test_s56_instalments import served, t8
from workstation import clocks
from workstation.documents.drafts import find_form
from workstation.documents.issuing import case_documents, document_pdf, issue_document, void_document
from workstation.records import ClockEvent
from workstation.store import get_case
from workstation.store.clock_events import clock_events_of, record_clock_event

ADDRESS = "佛山市南海区桂城街道南海大道1号"
PENALTY = {"decided_on": "2026-03-10", "fine_fen": "5000", "party_address": ADDRESS}
FACTS = "当事人于2026年1月至2月期间未经消费者同意向其发送商业性短信共计1200条。"


def docx_text(data: bytes) -> str:
    document = word.Document(io.BytesIO(data))
    body = document.element.body
    return "".join(t.text or "" for t in body.iter() if t.tag.endswith("}t"))


def decided(db, data_dir, make_case):
    case = make_case(status="decision_pending", filed_on="2026-02-20", notice_served_on="2026-03-02",
                     notice_waived=True, facts=FACTS, fine_fen=500_000)
    document = issue_document(db, data_dir, get_case(db, case.id), find_form("penalty_decision"), PENALTY)
    return get_case(db, case.id), document


# ---- 1. the issued document as issued ------------------------------------------------------------------------------

def test_the_issued_document_is_written_as_issued(db, data_dir, make_case, tmp_path, capsys, english):
    case, document = decided(db, data_dir, make_case)
    target = tmp_path / "issued.docx"
    result = run_json(capsys, "--data-dir", data_dir, "docs", "render", "--document", document.number,
                      "--format", "docx", "-o", target)
    assert result["number"] == document.number and result["format"] == "docx" and result["id"] == document.id
    text = docx_text(target.read_bytes())
    assert document.number in text and "（文号在签发时生成）" not in text
    assert ADDRESS in text  # a value given only when it was issued
    pdf = tmp_path / "issued.pdf"
    code, out, err = run(capsys, "--data-dir", data_dir, "docs", "render", "--document", document.id, "-o", pdf)
    assert code == 0, err
    assert pdf.read_bytes() == document_pdf(db, data_dir, document.id)  # the PDF issued, byte for byte
    assert str(pdf) in out and "draft" not in err.lower()


def test_a_draft_of_a_form_issued_already_is_said_to_be_a_draft(db, data_dir, make_case, tmp_path, capsys,
                                                                english):
    case, document = decided(db, data_dir, make_case)
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "render", case.case_number, "--form",
                          "penalty_decision", "--format", "docx", "-o", tmp_path / "draft.docx")
    assert code == 0, err
    assert document.number in err and "--document" in err and "draft" in err
    assert "（文号在签发时生成）" in docx_text((tmp_path / "draft.docx").read_bytes())
    # voided, nothing is in force: no warning
    void_document(db, document.id, "文书有误")
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "render", case.case_number, "--form",
                          "penalty_decision", "-o", tmp_path / "draft2.docx")
    assert code == 0 and document.number not in err


def test_a_void_document_is_copied_with_the_windows_warning(db, data_dir, make_case, tmp_path, capsys, english):
    _case, document = decided(db, data_dir, make_case)
    void_document(db, document.id, "文书有误")
    code, out, err = run(capsys, "--data-dir", data_dir, "docs", "render", "--document", document.number, "-o",
                         tmp_path / "void.pdf", "--json")
    assert code == 0, err
    result = json.loads(out)
    assert "no longer in force (void: 文书有误)" in err and "must not be served or relied on" in err
    assert any("no longer in force" in w for w in result["warnings"])
    assert document.number in pdf_text((tmp_path / "void.pdf").read_bytes()).replace(" ", "")


def test_document_options_are_checked(db, data_dir, make_case, tmp_path, capsys, english):
    case, document = decided(db, data_dir, make_case)
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "render", case.case_number, "--document",
                          document.number, "-o", tmp_path / "x.pdf")
    assert code == 2 and "--document" in err
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "render", "-o", tmp_path / "x.pdf")
    assert code == 2 and "--form" in err
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "render", "--document", "佛南市监处〔2026〕99号",
                          "-o", tmp_path / "x.pdf")
    assert code == 1 and "No issued document" in err
    assert not (tmp_path / "x.pdf").exists()


# ---- 2. clock events -----------------------------------------------------------------------------------------------

DECISION = "佛南市监处〔2026〕1号"
SIGNED = "2026-12-11"
LAST = "2027-01-29"


def test_the_deferral_is_recorded_from_its_notice(db, data_dir, make_case, tmp_path, monkeypatch, capsys,
                                                  english):
    case = served(db, make_case)
    program_day(monkeypatch, SIGNED)
    values = tmp_path / "deferral.json"
    values.write_text(json.dumps({"decision_no": DECISION, "applied_on": "2026-12-10", "deferred_to": LAST}),
                      encoding="utf-8")
    code, out, err = run(capsys, "--data-dir", data_dir, "docs", "issue", case.case_number, "--form",
                         "payment_deferral_notice", "--values", values, "-o", tmp_path / "notice.pdf")
    assert code == 0, err
    assert "clocks record" in err and "records no clock events" not in err
    [number] = [d.number for d in case_documents(db, case.id) if d.form_id == "payment_deferral_notice"]
    assert t8(db, case, SIGNED).due != LAST
    # approver missing: refused naming the option, nothing recorded
    code, _out, err = run(capsys, "--data-dir", data_dir, "clocks", "record", case.case_number, "deferral",
                          "--document", number)
    assert code == 1 and "--approved-by" in err and clock_events_of(db, case.id) == []
    result = run_json(capsys, "--data-dir", data_dir, "clocks", "record", case.case_number, "deferral",
                      "--document", number, "--approved-by", "局长王某")
    assert (result["kind"], result["starts_on"], result["ends_on"], result["approved_on"], result["approved_by"]) \
        == ("deferral", SIGNED, LAST, SIGNED, "局长王某")
    assert t8(db, case, SIGNED).due == LAST
    listed = run_json(capsys, "--data-dir", data_dir, "clocks", "events", case.case_number)
    assert [e["id"] for e in listed] == [result["id"]] and "局长王某" in listed[0]["text"]
    code, out, _err = run(capsys, "--data-dir", data_dir, "clocks", "events", case.case_number)
    assert code == 0 and result["id"] in out and LAST in out


def test_clock_record_refusals_name_the_options(db, data_dir, make_case, capsys, monkeypatch, english):
    case = served(db, make_case)
    program_day(monkeypatch, SIGNED)
    code, _out, err = run(capsys, "--data-dir", data_dir, "clocks", "record", case.case_number, "no_such_kind",
                          "--on", SIGNED)
    assert code == 2 and "deferral (暂缓或分期缴纳罚款)" in err
    code, _out, err = run(capsys, "--data-dir", data_dir, "clocks", "record", case.case_number, "deferral")
    assert code == 2 and "--on" in err
    code, _out, err = run(capsys, "--data-dir", data_dir, "clocks", "record", case.case_number, "deferral", "--on",
                          SIGNED, "--approved-by", "局长王某")
    assert code == 1 and "--until: Enter the approved date until which payment is deferred." in err
    code, _out, err = run(capsys, "--data-dir", data_dir, "clocks", "record", case.case_number, "publication",
                          "--on", "2026-12-01", "--days", "5")
    assert code == 1 and "--days" in err
    code, _out, err = run(capsys, "--data-dir", data_dir, "clocks", "record", case.case_number, "publication",
                          "--on", "2027-02-01")
    assert code == 1 and "--on: 2027-02-01 is after today" in err
    # a kind the case's stage does not allow: said as the dialog's tooltip says it
    code, _out, err = run(capsys, "--data-dir", data_dir, "clocks", "record", case.case_number, "demand", "--on",
                          "2026-12-01")
    assert code == 1 and "The time to pay the fine (T8) has not run yet" in err
    assert clock_events_of(db, case.id) == []
    # the Chinese label is taken as the kind too; the publication (T18) recorded
    result = run_json(capsys, "--data-dir", data_dir, "clocks", "record", case.case_number, "公示处罚信息", "--on",
                      "2026-12-01", "--note", "国家企业信用信息公示系统")
    assert (result["kind"], result["starts_on"], result["note"]) == ("publication", "2026-12-01",
                                                                      "国家企业信用信息公示系统")
    [t18] = [d for d in clocks.case_clocks(db, get_case(db, case.id), on=SIGNED) if d.clock == "T18"]
    assert t18.state == "met"


def test_an_interval_is_ended_from_the_command_line(db, data_dir, make_case, capsys, monkeypatch, english):
    case = make_case(status="investigating", filed_on="2026-09-01")
    program_day(monkeypatch, "2026-10-20")
    result = run_json(capsys, "--data-dir", data_dir, "clocks", "record", case.id, "testing", "--on", "2026-10-01")
    assert result["ends_on"] is None
    code, _out, err = run(capsys, "--data-dir", data_dir, "clocks", "end", result["id"], "--on", "2026-09-20")
    assert code == 1 and "--on" in err
    ended = run_json(capsys, "--data-dir", data_dir, "clocks", "end", result["id"], "--on", "2026-10-15")
    assert ended["ends_on"] == "2026-10-15"
    assert clock_events_of(db, case.id)[0].ends_on == "2026-10-15"


def test_a_seizure_asks_about_a_running_preservation(db, data_dir, make_case, capsys, monkeypatch, english):
    case = make_case(status="investigating", filed_on="2026-09-01")
    program_day(monkeypatch, "2026-10-20")
    record_clock_event(db, ClockEvent(case_id=case.id, kind="preservation", starts_on="2026-10-01"))
    code, _out, err = run(capsys, "--data-dir", data_dir, "clocks", "record", case.id, "seizure", "--on",
                          "2026-10-05")
    assert code == 1 and "--preservation" in err
    assert len(clock_events_of(db, case.id)) == 1
    run_json(capsys, "--data-dir", data_dir, "clocks", "record", case.id, "seizure", "--on", "2026-10-05",
             "--preservation", "end")
    preservation = next(e for e in clock_events_of(db, case.id) if e.kind == "preservation")
    assert preservation.ends_on == "2026-10-05"


def test_an_extension_names_its_time_limit(db, data_dir, make_case, capsys, monkeypatch, english):
    case = make_case(status="investigating", filed_on="2026-09-01")
    program_day(monkeypatch, "2026-10-20")
    code, _out, err = run(capsys, "--data-dir", data_dir, "clocks", "record", case.id, "extension", "--on",
                          "2026-10-19", "--days", "30", "--approved-by", "局长王某")
    assert code == 1 and "--clock: Choose the time limit that is extended" in err
    code, _out, err = run(capsys, "--data-dir", data_dir, "clocks", "record", case.id, "extension", "--on",
                          "2026-10-19", "--clock", "T2", "--days", "30")
    assert code == 1 and "--approved-by: Enter who approved the extension" in err
    before = next(d.due for d in clocks.case_clocks(db, get_case(db, case.id), on="2026-10-20") if d.clock == "T2")
    result = run_json(capsys, "--data-dir", data_dir, "clocks", "record", case.id, "extension", "--on",
                      "2026-10-19", "--clock", "T2", "--days", "30", "--approved-by", "局长王某")
    assert (result["clock"], result["days"], result["approved_on"]) == ("T2", 30, "2026-10-19")
    after = next(d.due for d in clocks.case_clocks(db, get_case(db, case.id), on="2026-10-20") if d.clock == "T2")
    assert after > before


# ---- 3. the final read: what the window does too ------------------------------------------------------------------

def issued_deferral(db, data_dir, case, tmp_path, capsys, values, *options):
    """Issue a 分期缴纳罚款通知书 of ``values`` by `docs issue` (with ``options``); its 文号."""
    path = tmp_path / f"deferral-{len(case_documents(db, case.id))}.json"
    path.write_text(json.dumps(values), encoding="utf-8")
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "issue", case.case_number, "--form",
                          "payment_deferral_notice", "--values", path, "-o", tmp_path / f"{path.stem}.pdf",
                          *options)
    assert code == 0, err
    return [d.number for d in case_documents(db, case.id) if d.form_id == "payment_deferral_notice"][-1]


def test_a_corrected_document_records_no_clock_event(db, data_dir, make_case, tmp_path, monkeypatch, capsys,
                                                     english):
    case = served(db, make_case)
    program_day(monkeypatch, SIGNED)
    first = issued_deferral(db, data_dir, case, tmp_path, capsys,
                            {"decision_no": DECISION, "applied_on": "2026-12-10", "deferred_to": "2027-01-15"})
    correction = issued_deferral(db, data_dir, case, tmp_path, capsys,
                                 {"decision_no": DECISION, "applied_on": "2026-12-10", "deferred_to": LAST},
                                 "--supersedes", first)
    code, _out, err = run(capsys, "--data-dir", data_dir, "clocks", "record", case.case_number, "deferral",
                          "--document", first, "--approved-by", "局长王某")
    assert code == 1 and "--document" in err and correction in err
    assert clock_events_of(db, case.id) == []
    result = run_json(capsys, "--data-dir", data_dir, "clocks", "record", case.case_number, "deferral",
                      "--document", correction, "--approved-by", "局长王某")
    assert result["ends_on"] == LAST


def test_a_draft_of_a_form_issued_many_times_is_not_warned_about(db, data_dir, make_case, tmp_path, capsys,
                                                                 english):
    case, _decision = decided(db, data_dir, make_case)
    receipt = issue_document(db, data_dir, case, find_form("delivery_receipt"),
                             {"served_document": "行政处罚决定书", "place": ADDRESS})
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "render", case.case_number, "--form",
                          "delivery_receipt", "-o", tmp_path / "receipt.pdf")
    assert code == 0, err
    assert "--document" not in err and receipt.id not in err and "is a draft, not the document issued" not in err


PHONE = "13012349670"


def test_clock_events_are_listed_as_the_window_lists_them(db, data_dir, make_case, capsys, english):
    from tests.test_clock_rules import extended_twice_before_the_rule

    case, first, second = extended_twice_before_the_rule(db, make_case)
    record_clock_event(db, ClockEvent(case_id=case.id, kind="testing", starts_on="2026-03-02",
                                      note=f"检测机构电话{PHONE}"))
    code, out, err = run(capsys, "--data-dir", data_dir, "clocks", "events", case.id)
    assert code == 0, err
    assert PHONE not in out and "130****9670" in out
    [line] = [line for line in out.splitlines() if line.startswith(second.id)]
    assert ("not counted: T1 may be extended once and the first extension counts; correct or remove this record"
            in line)
    assert not any("not counted" in line for line in out.splitlines() if not line.startswith(second.id))
    rows = {row["id"]: row for row in run_json(capsys, "--data-dir", data_dir, "clocks", "events", case.id)}
    assert PHONE not in json.dumps(rows, ensure_ascii=False)
    assert any("130****9670" in row["note"] for row in rows.values())
    assert rows[second.id]["counted"] is False and "not counted" in rows[second.id]["text"]
    assert rows[first.id]["counted"] is True and "not counted" not in rows[first.id]["text"]


def test_ending_a_public_notice_off_its_deemed_service_is_warned_about(db, data_dir, make_case, capsys,
                                                                      monkeypatch, english):
    case = make_case(status="investigating", filed_on="2026-01-05")
    program_day(monkeypatch, "2026-03-20")
    notice = run_json(capsys, "--data-dir", data_dir, "clocks", "record", case.id, "announcement", "--on",
                      "2026-02-01")
    code, out, err = run(capsys, "--data-dir", data_dir, "clocks", "end", notice["id"], "--on", "2026-03-10",
                         "--json")
    assert code == 0, err
    result = json.loads(out)
    assert result["ends_on"] == "2026-03-10"
    assert "2026-03-03" in err and "deemed served" in err
    assert [w for w in result["warnings"] if "2026-03-03" in w and "2026-03-10" in w]
    # ended on the day it is deemed served: nothing to warn about
    other = make_case(status="investigating", filed_on="2026-01-05")
    notice = run_json(capsys, "--data-dir", data_dir, "clocks", "record", other.id, "announcement", "--on",
                      "2026-02-01")
    code, out, err = run(capsys, "--data-dir", data_dir, "clocks", "end", notice["id"], "--on", "2026-03-03",
                         "--json")
    assert code == 0 and "warnings" not in json.loads(out) and "deemed" not in err


def test_an_extension_is_dated_by_its_approval_and_refused_by_the_option_given(db, data_dir, make_case, capsys,
                                                                             monkeypatch, english):
    case = make_case(status="investigating", filed_on="2026-09-01")
    program_day(monkeypatch, "2026-10-20")
    due = next(d.due for d in clocks.case_clocks(db, get_case(db, case.id), on="2026-10-20") if d.clock == "T2")
    # the running deadline or a day before it: refused naming --until, the option given
    for until in (due, "2026-10-25"):
        code, _out, err = run(capsys, "--data-dir", data_dir, "clocks", "record", case.id, "extension",
                              "--approved-on", "2026-10-19", "--clock", "T2", "--until", until, "--approved-by",
                              "局长王某")
        assert code == 1 and "--days:" not in err, err
        assert f"--until: {until} is not after a running deadline of T2" in err
    assert clock_events_of(db, case.id) == []
    # --approved-on alone dates it (--on is the day it was approved)
    result = run_json(capsys, "--data-dir", data_dir, "clocks", "record", case.id, "extension", "--approved-on",
                      "2026-10-19", "--clock", "T2", "--days", "30", "--approved-by", "局长王某")
    assert (result["starts_on"], result["approved_on"], result["days"]) == ("2026-10-19", "2026-10-19", 30)
