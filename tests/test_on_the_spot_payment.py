"""A fine collected on the spot (当场收缴罚款; REFERENCE §1.3, §1.8; Penalty Law arts. 68–71): the 当场行政处罚决定书
(version 6) says how the fine is paid — at the bank within 15 days, as before, or collected by the officers on the
spot on a ground of art. 68 with the official receipt's number (art. 70); a collection of a fine above ¥100 without
the ground that it would be hard to collect later, or without the receipt, is refused; 当场处罚 with such a decision
records the fine paid that day (the case can be closed), and T32 gives the officer 2 working days to hand the money
to the agency (art. 71), met by 罚款已交至行政机关 — in the case's clocks, the window and the command line."""

from __future__ import annotations

import json
from io import BytesIO

import pytest
from pypdf import PdfReader

from tests.helpers import run
from workstation import clocks, procedure
from workstation.documents.drafts import draft_document, find_form, render_document
from workstation.documents.issuing import issue_document
from workstation.errors import ValidationError
from workstation.on_the_spot_payment import REMOTE_AREA
from workstation.records import ClockEvent
from workstation.store import get_case
from workstation.store.clock_events import kind_refusal, record_clock_event

DECIDED = "2026-03-10"  # a Tuesday
PLACE = "佛山市南海区桂城街道南海大道北281号"
FACTS = "经查，当事人于2026年3月10日在门店向消费者发送商业性短信，未经消费者同意。"
COLLECTED = {"collected_on_the_spot": True, "collection_ground": "依法给予一百元以下罚款", "receipt_no": "粤财0012345"}


def _values(fine="100", **more):
    return {"serial_no": "No.0012345", "fine_fen": fine, "decided_at": f"{DECIDED} 09:30", "party_address": PLACE,
            "place": PLACE, "facts": FACTS, **more}


def _issue(db, data_dir, case, fine="100", **more):
    from tests.test_simple_procedure_m029 import fresh_serial  # a pre-printed 编号 is used once

    return issue_document(db, data_dir, case, find_form("on_the_spot_decision"),
                          _values(fine, **{"serial_no": fresh_serial(db), **more}))


def _text(db, case, **values) -> str:
    document = draft_document(db, case, find_form("on_the_spot_decision"), _values(**values))
    reader = PdfReader(BytesIO(render_document(document, "pdf").data))
    return "".join("".join(page.extract_text().split()).replace("\u3000", "") for page in reader.pages)


def _clock(db, case, clock_id, on):
    return next((d for d in clocks.case_clocks(db, get_case(db, case.id), on=on) if d.rule.id == clock_id), None)


# ---- the decision -------------------------------------------------------------------------------------------------

def test_the_decision_says_the_fine_is_paid_at_the_bank_unless_it_was_collected_on_the_spot(db, make_case):
    case = make_case()
    assert find_form("on_the_spot_decision").version == 9  # 6 added the collection; 7 ticks no warning by default; 8 names the account; 9 art. 69
    bank = _text(db, case)
    assert "当事人应当自收到本决定书之日起十五日内，到指定银行缴纳罚款" in bank and "当场收缴" not in bank
    spot = _text(db, case, **COLLECTED)
    assert ("当事人当场缴纳罚款。依法给予一百元以下罚款，执法人员依照《中华人民共和国行政处罚法》第六十八条的规定当场收缴"
            "罚款¥100.00，并依照该法第七十条的规定向当事人出具专用票据（票据号码：粤财0012345）。") in spot
    assert "到指定银行缴纳罚款" not in spot and "加处罚款" not in spot
    # a draft kept from version 5 has no choice: it reads as before, paid at the bank
    assert "到指定银行缴纳罚款" in _text(db, case, collected_on_the_spot=None, collection_ground=None, receipt_no=None)


def test_a_fine_above_100_is_collected_on_the_spot_only_when_hard_to_collect_later(db, data_dir, make_case,
                                                                                   english):
    case = make_case()
    with pytest.raises(ValidationError) as refused:
        _issue(db, data_dir, case, fine="200", **COLLECTED)
    assert refused.value.errors == {"当场收缴的情形": (
        "A fine of ¥200.00 is above ¥100.00: it may be collected on the spot only when it would be hard to collect "
        "later (“不当场收缴事后难以执行”, Penalty Law art. 68) or, in a remote, waterborne or poorly connected area, "
        f"when the party asks because paying at the bank is truly difficult (“{REMOTE_AREA}”, art. 69). Choose the "
        "ground that applies, if either does; else untick “当场收缴罚款”, and the party pays at the bank within 15 "
        "days.")}
    assert db.execute("SELECT COUNT(*) FROM documents WHERE case_id = ?", [case.id]).fetchone() == (0,)
    issued = _issue(db, data_dir, case, fine="200", **{**COLLECTED, "collection_ground": "不当场收缴事后难以执行"})
    assert issued.values["collected_on_the_spot"] is True


def test_a_collection_needs_the_receipt_number_and_a_fine(db, data_dir, make_case, english):
    case = make_case()
    with pytest.raises(ValidationError) as refused:
        _issue(db, data_dir, case, **{**COLLECTED, "receipt_no": " "})
    assert refused.value.errors == {"专用票据号码": "A fine collected on the spot is receipted with the official "
                                                  "receipt (专用票据) of the finance department: write its number "
                                                  "(Penalty Law art. 70)."}
    with pytest.raises(ValidationError) as refused:
        _issue(db, data_dir, case, fine="", warning=True, **COLLECTED)  # a warning alone
    assert refused.value.errors == {"当场收缴罚款": "The decision imposes no fine: there is nothing to collect on the "
                                                   "spot. Untick “当场收缴罚款”."}


# ---- the step and the payment -------------------------------------------------------------------------------------

def test_deciding_on_the_spot_with_the_fine_collected_records_it_paid_that_day_and_the_case_closes(
        db, data_dir, make_case):
    from workstation.payments import recorded_payment

    case = make_case()
    _issue(db, data_dir, case, **COLLECTED)
    decided = procedure.apply(db, case.id, "decide_on_the_spot")
    assert (decided.status, decided.decided_on, decided.fine_fen) == ("performed", DECIDED, 10_000)
    on_date, payment = recorded_payment(db, decided)
    assert (on_date, payment.paid_fen, payment.voucher) == (DECIDED, 10_000, "粤财0012345")
    t8 = _clock(db, case, "T8", "2026-03-11")
    assert (t8.state, t8.done_on) == ("met", DECIDED)
    assert procedure.apply(db, case.id, "close", on_date="2026-03-12").status == "closed"


def test_a_fine_paid_at_the_bank_leaves_the_case_served_without_t32(db, data_dir, make_case):
    case = make_case()
    _issue(db, data_dir, case)
    assert procedure.apply(db, case.id, "decide_on_the_spot").status == "served"
    assert _clock(db, case, "T32", "2026-03-11") is None


def test_a_receipt_already_recorded_for_another_case_is_refused(db, data_dir, make_case):
    first, second = make_case(), make_case()
    _issue(db, data_dir, first, **COLLECTED)
    procedure.apply(db, first.id, "decide_on_the_spot")
    with pytest.raises(ValidationError, match="粤财0012345"):  # when the decision is issued, before it is handed over
        _issue(db, data_dir, second, **COLLECTED)
    assert get_case(db, second.id).status == "pending_filing"


# ---- T32: handing the money to the agency -------------------------------------------------------------------------

def test_t32_gives_two_working_days_to_hand_the_money_over_and_is_met_by_the_hand_over(db, data_dir, make_case,
                                                                                      english):
    case = make_case()
    _issue(db, data_dir, case, **COLLECTED)
    procedure.apply(db, case.id, "decide_on_the_spot")
    t32 = _clock(db, case, "T32", "2026-03-11")
    assert (t32.state, t32.start, t32.due) == ("due_soon", DECIDED, "2026-03-12")
    assert "第七十一条" in t32.rule.source and t32.rule.unit == "wd"
    on_board = {d.rule.id: d for d in clocks.board(db, on="2026-03-11") if d.case_id == case.id}
    assert on_board["T32"].due == "2026-03-12"
    assert _clock(db, case, "T32", "2026-03-13").state == "overdue"
    with pytest.raises(ValidationError) as refused:
        record_clock_event(db, ClockEvent(case_id=case.id, kind="fine_handed_over", starts_on="2026-03-09"))
    assert refused.value.errors == {"starts_on": "This cannot be dated before the on-the-spot decision (2026-03-10)."}
    record_clock_event(db, ClockEvent(case_id=case.id, kind="fine_handed_over", starts_on="2026-03-12"))
    met = _clock(db, case, "T32", "2026-03-20")
    assert (met.state, met.done_on) == ("met", "2026-03-12")
    assert "T32" not in {d.rule.id for d in clocks.board(db, on="2026-03-13") if d.case_id == case.id}


def test_the_hand_over_is_refused_where_no_fine_was_collected_on_the_spot(db, data_dir, make_case, english):
    case = make_case()
    _issue(db, data_dir, case)  # paid at the bank
    procedure.apply(db, case.id, "decide_on_the_spot")
    assert kind_refusal(db, get_case(db, case.id), "fine_handed_over").startswith(
        "No fine was collected on the spot in this case")
    with pytest.raises(ValidationError):
        record_clock_event(db, ClockEvent(case_id=case.id, kind="fine_handed_over", starts_on="2026-03-11"))


# ---- T33: the agency paying the money into the bank ----------------------------------------------------------------

def test_t33_gives_the_agency_two_working_days_from_the_hand_over_to_pay_into_the_bank(db, data_dir, make_case,
                                                                                       english):
    case = make_case()
    _issue(db, data_dir, case, **COLLECTED)
    procedure.apply(db, case.id, "decide_on_the_spot")
    assert _clock(db, case, "T33", "2026-03-11") is None  # not before the money reached the agency
    assert kind_refusal(db, get_case(db, case.id), "fine_banked").startswith(
        "The fine collected on the spot has not been handed to the agency")
    record_clock_event(db, ClockEvent(case_id=case.id, kind="fine_handed_over", starts_on="2026-03-12"))  # Thursday
    t33 = _clock(db, case, "T33", "2026-03-13")
    assert (t33.state, t33.start, t33.due) == ("due_soon", "2026-03-12", "2026-03-16")  # Friday, then Monday
    assert "第七十一条" in t33.rule.source and t33.rule.unit == "wd"
    assert _clock(db, case, "T33", "2026-03-17").state == "overdue"
    with pytest.raises(ValidationError) as refused:
        record_clock_event(db, ClockEvent(case_id=case.id, kind="fine_banked", starts_on="2026-03-11"))
    assert refused.value.errors == {
        "starts_on": "This cannot be dated before the hand-over of the fine to the agency (2026-03-12)."}
    record_clock_event(db, ClockEvent(case_id=case.id, kind="fine_banked", starts_on="2026-03-16"))
    met = _clock(db, case, "T33", "2026-03-20")
    assert (met.state, met.done_on) == ("met", "2026-03-16")
    assert "T33" not in {d.rule.id for d in clocks.board(db, on="2026-03-17") if d.case_id == case.id}


def test_the_bank_payment_is_refused_where_no_fine_was_collected_on_the_spot(db, data_dir, make_case, english):
    case = make_case()
    _issue(db, data_dir, case)  # paid at the bank by the party
    procedure.apply(db, case.id, "decide_on_the_spot")
    assert kind_refusal(db, get_case(db, case.id), "fine_banked").startswith(
        "No fine was collected on the spot in this case")
    assert _clock(db, case, "T33", "2026-03-20") is None


# ---- the command line ---------------------------------------------------------------------------------------------

def test_the_command_line_issues_the_collection_and_records_the_hand_over(capsys, db, data_dir, make_case,
                                                                          tmp_path):
    case = make_case()
    values = tmp_path / "values.json"
    values.write_text(json.dumps(_values(**COLLECTED), ensure_ascii=False), encoding="utf-8")
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "issue", case.id, "--form", "on_the_spot_decision",
                          "--values", str(values), "-o", str(tmp_path / "decision.pdf"))
    assert code == 0, err
    code, _out, err = run(capsys, "--data-dir", data_dir, "cases", "transition", case.id, "decide_on_the_spot")
    assert code == 0, err
    assert get_case(db, case.id).status == "performed"
    code, out, err = run(capsys, "--data-dir", data_dir, "--json", "cases", "transition", case.id,
                         "hand_over_fine", "--date", "2026-03-11")
    assert code == 0, err
    assert json.loads(out)["handed_over_on"] == "2026-03-11"
    code, out, err = run(capsys, "--data-dir", data_dir, "--json", "clocks", "--case", case.id, "--as-of",
                         "2026-03-20")
    shown = {d["clock"]: d for d in json.loads(out)}
    assert (shown["T32"]["state"], shown["T32"]["done_on"]) == ("met", "2026-03-11")
    code, out, err = run(capsys, "--data-dir", data_dir, "--json", "cases", "transition", case.id, "bank_fine",
                         "--date", "2026-03-12")
    assert code == 0, err
    assert json.loads(out)["banked_on"] == "2026-03-12"
    code, out, err = run(capsys, "--data-dir", data_dir, "--json", "clocks", "--case", case.id, "--as-of",
                         "2026-03-20")
    shown = {d["clock"]: d for d in json.loads(out)}
    assert (shown["T33"]["state"], shown["T33"]["done_on"]) == ("met", "2026-03-12")


# ---- the window ---------------------------------------------------------------------------------------------------

@pytest.mark.gui
def test_the_clock_event_dialog_offers_the_hand_over_only_after_a_collection(db, data_dir, make_case, prompts,
                                                                             qtbot, english):
    from ui.case_clocks import ClockEventDialog

    def offered(case):
        dialog = ClockEventDialog(db, get_case(db, case.id), prompts)
        qtbot.addWidget(dialog)
        item = dialog.kind.model().item(dialog.kind.findData("fine_handed_over"))
        return item.isEnabled(), item.toolTip(), dialog

    bank, spot = make_case(), make_case()
    _issue(db, data_dir, bank)
    _issue(db, data_dir, spot, **{**COLLECTED, "receipt_no": "粤财0099999"})
    for case in (bank, spot):
        procedure.apply(db, case.id, "decide_on_the_spot")
    enabled, tip, _dialog = offered(bank)
    assert not enabled and tip.startswith("No fine was collected on the spot in this case")
    enabled, _tip, dialog = offered(spot)
    assert enabled
    dialog.kind.setCurrentIndex(dialog.kind.findData("fine_handed_over"))
    assert dialog.rows["starts_on"][0].text().replace("&", "").startswith("Handed over on")


@pytest.mark.gui
def test_the_editor_offers_the_collection_and_flags_one_the_law_does_not_allow_as_typed(db, make_case, opened,
                                                                                      english):
    case = make_case(lead_received_on="2026-02-20")
    editor = opened(db, "on_the_spot_decision", case)
    assert {"collected_on_the_spot", "collection_ground", "receipt_no"} <= set(editor.fields)
    editor.fields["fine_fen"].set_value("200")
    editor.validate()
    assert not {"collected_on_the_spot", "collection_ground", "receipt_no"} & set(editor.errors)  # paid at the bank
    editor.fields["collected_on_the_spot"].set_value(True)
    editor.validate()
    assert editor.errors["collection_ground"].startswith("A fine of ¥200.00 is above ¥100.00")
    assert "official receipt" in editor.errors["receipt_no"]
    assert "当场收缴的情形" in editor.errors_label.text()
    editor.fields["collection_ground"].set_value("不当场收缴事后难以执行")
    editor.fields["receipt_no"].set_value("粤财0012345")
    editor.validate()
    assert not {"collection_ground", "receipt_no"} & set(editor.errors)


def test_a_case_closed_the_day_its_fine_was_collected_keeps_the_hand_over_and_the_bank_payment_on_the_board(
        db, data_dir, make_case, english):
    """Decided and collected on Tuesday 03-10 and closed the same day: the agency's two periods are its own and run
    on after 结案 (and 归档), on the board, until the hand-over and the bank payment are recorded."""
    case = make_case()
    _issue(db, data_dir, case, **COLLECTED)
    procedure.apply(db, case.id, "decide_on_the_spot")
    assert procedure.apply(db, case.id, "close", on_date=DECIDED).status == "closed"

    def on_board(on):
        return {d.rule.id: d for d in clocks.board(db, on=on) if d.case_id == case.id}

    assert on_board("2026-03-11")["T32"].due == "2026-03-12"
    assert on_board("2026-03-13")["T32"].state == "overdue"
    record_clock_event(db, ClockEvent(case_id=case.id, kind="fine_handed_over", starts_on="2026-03-12"))
    board = on_board("2026-03-13")
    assert "T32" not in board and board["T33"].due == "2026-03-16"
    record_clock_event(db, ClockEvent(case_id=case.id, kind="fine_banked", starts_on="2026-03-16"))
    assert not {"T32", "T33"} & set(on_board("2026-03-17"))
    assert _clock(db, case, "T33", "2026-03-17").state == "met"
