"""Amounts and serials as the officer types them (audit s70: /tmp/reports70/penalty_money.md 1–2,
/tmp/reports70/documents_gui.md 1–2).

1. An amount written in 万 (1.5万, 1.5万元), read as ¥15,000.00 by the case editor and `cases import`, is read alike
   wherever an officer types an amount: the document editor's money fields and their capitals, `law criminal
   --gains`, `--paid`/`--surcharge` and `--fine`; text with 万 that is no one exact amount stays refused.
2. An amount finer than the fen and below one is never "corrected" to 0.00, which in a fine field means no fine.
3. A serial typed as the sequence's last (999999) does not promise numbering goes on from 1000000号: it says
   automatic numbering stops after it.
4. A seventh digit typed in the issue dialog's serial is kept, refused under the field, Issue greyed out.
"""

from __future__ import annotations

import json

import pytest

from tests.helpers import run, run_json
from tests.test_clock_challenges import served_case
from tests.test_clock_law_audit import reconsidered
from workstation.documents.drafts import find_form
from workstation.documents.numbering import MAX_SERIAL, next_number, serial_refusal
from workstation.formkit.values import _normalise
from workstation.store import find_case, get_case
from workstation.validators import parse_amount_fen, parse_money_fen


def _fine_field():
    return next(f for f in find_form("penalty_decision").fields if f.name == "fine_fen")


# ---- 1. 万 read on every amount input ------------------------------------------------------------------------------

@pytest.mark.parametrize(("typed", "fen"), [("1.5万", 1_500_000), ("1.5万元", 1_500_000), ("¥2万", 2_000_000),
                                            ("1,234.50", 123_450), ("30,000元整", 3_000_000)])
def test_the_document_editor_reads_an_amount_in_wan(typed, fen):
    assert _normalise(_fine_field(), typed) == fen


@pytest.mark.parametrize("typed", ["1.234", "-5", "−5", "约1.5万", "1万5千", "1.5-2万", "1e3", "abc", "1.2345678万"])
def test_what_is_no_exact_amount_is_refused_as_before_with_the_same_words(typed, english):
    with pytest.raises(ValueError) as by_amount:
        _normalise(_fine_field(), typed)
    try:
        said = str(parse_money_fen(typed))
    except ValueError as exc:
        said = str(exc)
    if "万" not in typed:  # the same refusal as before, word for word
        assert str(by_amount.value) == said
    else:  # refused as no one exact amount, naming what was typed
        assert typed in str(by_amount.value)


def test_the_money_field_shows_the_capitals_of_an_amount_in_wan(qtbot):
    from ui.field_widgets import MoneyField

    field = MoneyField(_fine_field())
    qtbot.addWidget(field.widget)
    field.edit.setText("1.5万")
    assert field.upper.text() == "人民币壹万伍仟元整"
    field.edit.setText("约1.5万")
    assert field.upper.text() == ""


def test_law_criminal_reads_gains_in_wan(capsys, tmp_path):
    result = run_json(capsys, "--data-dir", tmp_path / "d", "law", "criminal", "--gains", "0.5万")
    assert result["serious"] is True
    code, out, err = run(capsys, "--data-dir", tmp_path / "d", "law", "criminal", "--gains", "约0.5万")
    assert code != 0 and out == "" and "--gains" in err


def test_a_payment_is_recorded_with_amounts_in_wan(db, data_dir, make_case, capsys, english):
    case = reconsidered(db, make_case)  # ¥5,000 late: ¥900 surcharge owed
    result = run_json(capsys, "cases", "transition", case.case_number, "record_performance", "--date", "2026-07-11",
                      "--paid", "0.59万", "--surcharge", "0.09万", "--data-dir", data_dir)
    assert (result["status"], result.get("warnings", [])) == ("performed", [])


def test_a_fine_changed_is_recorded_in_wan_by_transition_and_by_clocks_record(db, data_dir, make_case, capsys,
                                                                              english):
    case = served_case(db, make_case)  # fined ¥50,000
    run_json(capsys, "cases", "transition", case.id, "reconsideration", "--date", "2026-06-20", "--data-dir", data_dir)
    changed = run_json(capsys, "cases", "transition", case.id, "challenge_changed", "--date", "2026-08-03",
                       "--number", "南府行复〔2026〕12号", "--fine", "1.5万", "--data-dir", data_dir)
    assert (changed["event"], changed["fine_fen"]) == ("challenge_changed", 1_500_000)
    other = served_case(db, make_case)
    code, _out, err = run(capsys, "clocks", "record", other.id, "reconsideration", "--on", "2026-06-20",
                          "--data-dir", data_dir)
    assert code == 0, err
    code, out, err = run(capsys, "clocks", "record", other.id, "challenge_changed", "--on", "2026-08-03", "--number",
                         "佛府复〔2026〕1号", "--fine", "1.5万", "--json", "--data-dir", data_dir)
    assert code == 0, err
    stored = db.execute("SELECT days, no_fine FROM clock_events WHERE case_id = ? AND kind = 'challenge_changed'",
                        [get_case(db, other.id).id]).fetchone()
    assert tuple(stored) == (1_500_000, 0)
    assert json.loads(out)


def test_the_total_and_the_hearing_box_follow_a_fine_typed_in_wan():
    from workstation.formkit.follow import followed, hearing_given, read_amounts

    form = find_form("penalty_decision")
    before = {"fine_fen": "", "confiscated_fen": "0", "total_fen": ""}
    after = {**before, "fine_fen": "1.5万"}
    assert read_amounts(after) == (1_500_000, 0)
    assert followed(form, "company", before, after)["total_fen"] == "15000.00"
    assert hearing_given("company", {"fine_fen": "20万", "confiscated_fen": ""}) is True
    assert hearing_given("company", {"fine_fen": "0.5万", "confiscated_fen": ""}) is False
    assert hearing_given("company", {"fine_fen": "约20万", "confiscated_fen": ""}) is None


def test_the_editor_totals_a_fine_typed_in_wan_and_ticks_the_hearing_box(demo_db, opened):
    ed = opened(demo_db, "penalty_decision", find_case(demo_db, "佛禅市监立〔2026〕7号"))
    ed.set_field("confiscated_fen", "0")
    ed.set_field("fine_fen", "1.5万")
    assert not ed.errors.get("fine_fen")
    assert ed.fields["total_fen"].value() == "15000.00"
    notice = opened(demo_db, "pre_penalty_notice", find_case(demo_db, "佛南市监立〔2026〕9号"))
    notice.set_field("fine_fen", "")
    notice.set_field("hearing_required", False)
    notice.set_field("fine_fen", "20万")
    assert notice.fields["hearing_required"].value()


def test_a_total_written_in_wan_empties_with_the_amounts_it_states(demo_db, opened):
    ed = opened(demo_db, "penalty_decision", find_case(demo_db, "佛禅市监立〔2026〕7号"))
    ed.set_field("confiscated_fen", "0")
    ed.set_field("fine_fen", "15000")
    ed.set_field("total_fen", "1.5万")  # the same sum, written in 万
    ed.set_field("fine_fen", "约1.5万")  # no amount any more: the total no longer states it
    assert ed.fields["total_fen"].value() in (None, "")


@pytest.mark.gui
def test_the_clock_dialog_reads_a_fine_changed_in_wan(db, make_case, prompts, qtbot, english):
    from ui.case_clocks import ClockEventDialog
    from workstation.records import ClockEvent
    from workstation.store.clock_events import record_clock_event

    case = served_case(db, make_case)  # fined ¥50,000
    record_clock_event(db, ClockEvent(case_id=case.id, kind="reconsideration", starts_on="2026-06-20"))
    dialog = ClockEventDialog(db, get_case(db, case.id), prompts)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("challenge_changed"))
    dialog.starts_on.setDate(dialog.starts_on.date().fromString("2026-08-03", "yyyy-MM-dd"))
    dialog.approved_by.setText("佛府复〔2026〕1号")
    dialog.fine.setText("1.5万")
    assert dialog.validate() == {}
    assert (dialog.current().days, dialog.current().no_fine) == (1_500_000, False)
    dialog.fine.setText("约1.5万")
    assert dialog.validate().get("fine")


# ---- 2. the sub-fen hint -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("parse", [parse_money_fen, parse_amount_fen])
@pytest.mark.parametrize("typed", ["0.001", "0.004", "0.0000001万"])
def test_an_amount_below_half_a_fen_is_never_suggested_as_zero(parse, typed, english):
    if parse is parse_money_fen and "万" in typed:
        return
    with pytest.raises(ValueError) as refused:
        parse(typed)
    said = str(refused.value)
    assert "0.00" not in said.replace(typed, "") and typed in said and "fen" in said


def test_the_sub_fen_hint_says_the_amount_is_less_than_one_fen(capsys, tmp_path, english):
    code, out, err = run(capsys, "--data-dir", tmp_path / "d", "law", "criminal", "--gains", "0.001")
    assert code != 0 and out == "" and "--gains" in err
    assert "0.001 is less than one fen; check the digits typed." in err
    assert "such as" not in err


def test_a_larger_amount_keeps_its_example(english):
    with pytest.raises(ValueError, match=r"write 12\.345 to the fen, such as 12\.35"):
        parse_money_fen("12.345")
    with pytest.raises(ValueError, match=r"such as 0\.01"):
        parse_money_fen("0.005")


# ---- 3. the skip warning at the last serial ------------------------------------------------------------------------

CASE = "佛禅市监立〔2026〕1号"


def test_a_skip_to_the_last_serial_says_automatic_numbering_stops(demo_db, english):
    case = find_case(demo_db, CASE)
    said = serial_refusal(demo_db, case.agency_id, "责改", MAX_SERIAL)
    assert said and "1000000号" not in said and "1,000,000" not in said and "continue" not in said
    assert "automatic numbering" in said and "stop" in said and "typed by hand" in said
    # the serials named are those left below the last one, not ones after it
    following = next_number(demo_db, case.agency_id, "责改")
    first = int(following.rsplit("〕", 1)[1].rstrip("号"))
    assert f"would stop after it: only {first}–999998号 would be left, each issued only with its serial typed by hand" \
        in said
    assert "every later" not in said
    ordinary = serial_refusal(demo_db, case.agency_id, "责改", 120)
    assert "numbering would continue from 121号" in ordinary  # below the last serial: as before
    almost = serial_refusal(demo_db, case.agency_id, "责改", MAX_SERIAL - 1)
    assert "numbering would continue from 999999号" in almost


# ---- 4. the seventh digit ------------------------------------------------------------------------------------------

def test_a_seventh_digit_is_kept_and_refused_under_the_field(demo_db, qtbot, english):
    from ui.case_documents import issue_question, serial_check
    from ui.serial_dialog import IssueNumberDialog

    case = find_case(demo_db, CASE)
    form = find_form("rectification_order")
    dialog = IssueNumberDialog(None, lambda n, c: issue_question(form, n, c),
                               next_number(demo_db, case.agency_id, "责改"), serial_check(demo_db, case.agency_id, form))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.use_serial.setChecked(True)
    qtbot.keyClicks(dialog.serial_edit, "1000000")
    assert dialog.serial_edit.text() == "1000000"
    assert not dialog.ok.isEnabled()
    assert dialog.error.isVisibleTo(dialog)
    assert dialog.error.text() == "Serial 1000000 is too large: a 文号's serial is at most 999,999; check the number typed."
    assert "100000号" not in dialog.question.text()
    dialog.serial_edit.clear()
    qtbot.keyClicks(dialog.serial_edit, "1a2-")  # what is no digit is still not taken
    assert dialog.serial_edit.text() == "12"
    assert dialog.ok.isEnabled()
