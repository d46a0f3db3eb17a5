"""Findings of the s63 publicity audit: a name asked to be masked that the decision writes nowhere is refused, naming
it (the copy, the review window, `docs publication --mask`); the review of a publication copy is kept only once its
file is written, with it; a restriction of business or practice longer than three years is published for its own
length (信息公示规定 art. 13 para 3), one whose length cannot be read said so; a decision declared void (确认无效) on
reconsideration or in court is not published (art. 11); a figure left blank in the publicity editor is refused, not
saved as 0; bringing back thousands of activities deleted together is quick, validated once, in one transaction."""

from __future__ import annotations

import json

import pytest

from tests.helpers import run
from tests.test_publication_copy import NAMED_FACTS, decided, documents_section
from tests.test_s45_publicity import event, served
from workstation.audit import verify
from workstation.documents.publication import publication_copy, publication_refusal
from workstation.documents.publication_review import stored_review
from workstation.errors import ValidationError, WorkstationError
from workstation.records import Publicity
from workstation.store.clock_events import record_clock_event

NUMBER = "佛府行复〔2026〕9号"


def audit_count(db) -> int:
    return db.execute("SELECT COUNT(*) FROM audit").fetchone()[0]


# ---- 1. a name to mask that the decision writes nowhere ----------------------------------------------------------

def test_a_name_written_nowhere_in_the_decision_is_refused_naming_it(db, data_dir, make_case, english):
    _case, decision = decided(db, data_dir, make_case, facts=NAMED_FACTS)
    with pytest.raises(WorkstationError) as refused:
        publication_copy(db, data_dir, decision, names=("王小明", "张三丰"))
    assert refused.value.message.startswith("“张三丰” is written nowhere in")
    assert "王小明" not in refused.value.message
    # the names it writes are masked as before
    assert "王某某" in publication_copy(db, data_dir, decision, names=("王小明",)).text()


def test_a_name_written_with_the_other_middle_dot_is_found(db, data_dir, make_case):
    facts = "经查，当事人员工阿依古丽•买买提负责发送商业性短信1,200条。"
    _case, decision = decided(db, data_dir, make_case, facts=facts)
    text = publication_copy(db, data_dir, decision, names=("阿依古丽·买买提",)).text()
    assert "阿某某某•某某某" in text and "买买提" not in text


def test_docs_publication_refuses_a_mask_the_text_does_not_give_and_keeps_no_review(
        db, data_dir, make_case, capsys, tmp_path, english):
    case, decision = decided(db, data_dir, make_case, facts=NAMED_FACTS)
    before = audit_count(db)
    code, out, err = run(capsys, "docs", "publication", case.case_number, "--data-dir", data_dir,
                         "-o", tmp_path / "p.txt", "--mask", "张三丰")
    assert code == 1 and out == "" and "“张三丰” is written nowhere in" in err
    assert not (tmp_path / "p.txt").exists()
    assert stored_review(db, decision.id) is None and audit_count(db) == before


def test_a_name_kept_from_an_earlier_review_that_the_decision_no_longer_writes_is_left_out(
        db, data_dir, make_case, capsys, tmp_path, english):
    from tests.helpers import run_json
    from workstation.documents.publication_review import record_review

    case, decision = decided(db, data_dir, make_case, facts=NAMED_FACTS)
    record_review(db, decision, "周七", set(), ("王小明", "周七"))  # as a correction is offered its decision's review
    result = run_json(capsys, "docs", "publication", case.case_number, "--data-dir", data_dir, "-o",
                      tmp_path / "a.txt")
    assert result["masked_as_reviewed"] == ["王小明"] and "周七" not in result["masked_on_request"]
    assert (tmp_path / "a.txt").exists()


@pytest.mark.gui
def test_the_review_window_says_a_name_written_nowhere_under_the_field_and_greys_out_save(
        qtbot, db, data_dir, make_case, prompts, english):
    from ui.publication_dialog import PublicationDialog

    _case, decision = decided(db, data_dir, make_case, facts=NAMED_FACTS)
    copy = publication_copy(db, data_dir, decision)
    dialog = PublicationDialog(prompts, None, decision.number, copy,
                               lambda names: publication_copy(db, data_dir, decision, names=names))
    qtbot.addWidget(dialog)
    dialog.names.setText("王小名")
    dialog.names.textEdited.emit("王小名")
    dialog.recompose()
    assert not dialog.error.isHidden() and dialog.error.text().startswith("“王小名” is written nowhere in")
    assert not dialog.save.isEnabled()


# ---- 2. the review is kept only with the copy written --------------------------------------------------------------

def review_then(qtbot, db, data_dir, make_case, prompts):
    """The case's documents section, its decision's copy reviewed with 王小明 typed, then saved: (section, decision,
    run) — ``run()`` opens the review and saves it, the file dialog answering with ``prompts.files``."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    case, decision = decided(db, data_dir, make_case, facts=NAMED_FACTS)
    section = documents_section(qtbot, db, data_dir, case, prompts)

    def review():
        dialog = QApplication.activeModalWidget()
        try:
            dialog.names.setText("王小明")
            dialog.names.textEdited.emit("王小明")
            dialog.save.click()
        finally:
            if dialog.isVisible():
                dialog.done(0)

    def go():
        QTimer.singleShot(0, review)
        section.save_publication_copy(decision)

    return decision, go


@pytest.mark.gui
def test_cancelling_the_file_dialog_keeps_no_review(qtbot, db, data_dir, make_case, prompts, english):
    decision, go = review_then(qtbot, db, data_dir, make_case, prompts)
    before = audit_count(db)
    prompts.files = []  # Cancel in the file dialog
    go()
    assert stored_review(db, decision.id) is None and audit_count(db) == before


@pytest.mark.gui
def test_a_copy_that_cannot_be_written_keeps_no_review(qtbot, db, data_dir, make_case, prompts, tmp_path, english):
    decision, go = review_then(qtbot, db, data_dir, make_case, prompts)
    before = audit_count(db)
    prompts.files = [str(tmp_path / "no such folder" / "公示版.txt")]
    go()
    assert prompts.errors and stored_review(db, decision.id) is None and audit_count(db) == before


@pytest.mark.gui
def test_a_copy_written_keeps_its_review(qtbot, db, data_dir, make_case, prompts, tmp_path, english):
    decision, go = review_then(qtbot, db, data_dir, make_case, prompts)
    prompts.files = [str(tmp_path / "公示版.txt")]
    go()
    assert (tmp_path / "公示版.txt").exists() and prompts.errors == []
    assert "王小明" in stored_review(db, decision.id).masked


# ---- 3. a restriction longer than three years is published for its own length -------------------------------------

def period(other_penalty: str, kind: str = "person"):
    from workstation.law import thresholds

    return thresholds.publication(kind, 500_000, penalties=("fine",), other_penalty=other_penalty)


@pytest.mark.parametrize(("written", "months"), [
    ("限制从业五年", 60), ("限制从业5年", 60), ("五年内限制从业", 60), ("限制从业四年六个月", 54),
    ("限制开展生产经营活动四十二个月", 42), ("限制开展生产经营活动，期限为十年", 120), ("禁止从业６年", 72),
    # the statutes' own wordings of a ban on practice (食品安全法 art. 135, 药品管理法 art. 118, 化妆品监督管理条例 art. 59)
    ("五年内不得从业", 60), ("十年内禁止从事药品生产经营活动", 120), ("10年内禁止其从事化妆品生产经营活动", 120),
    ("自处罚决定作出之日起五年内不得从事食品生产经营管理工作", 60),  # 自…之日起 closed before the length
    ("限制开展生产经营活动四年六个月", 54), ("限制从业三年半", 42), ("限制从业四年半", 54),
])
def test_a_restriction_longer_than_three_years_is_published_for_its_length(written, months):
    found = period(written)
    assert found.required and found.period_months == months
    assert any("实际限制期限" in reason for reason in found.reasons)


@pytest.mark.parametrize("written", ["限制从业二年", "限制从业三年", "吊销营业执照", "限制从业二年；吊销营业执照"])
def test_a_restriction_of_three_years_or_less_keeps_three_years(written):
    found = period(written)
    assert found.period_months == 36
    assert not any("限制期限" in reason for reason in found.reasons)


@pytest.mark.parametrize("written", [
    "限制从业三年以上", "终身禁止从业", "限制从业", "限制从业三至五年", "终身禁止从事药品生产经营活动",
    # a date or a bound, not a length: never read as one (2031 years, the 六 of 二〇二六 …)
    "限制从业，截止2031年", "限制从业，截至2031年", "限制从业，自二〇二六年起", "限制从业至2031年底", "限制从业2031年",
    "限制从业二〇三一年", "限制从业，从2026年至2031年", "限制从业，2031年末", "限制从业五五年",
    # more than a restriction can last, or no number read surely: not read
    "限制从业99999999999999999999年", "限制从业一百年", "限制从业60年", "限制从业十十五年", "限制从业零年",
    "限制从业四十个半月",
])
def test_a_restriction_whose_length_cannot_be_read_keeps_three_years_and_says_so(written, english):
    found = period(written)
    assert found.required and found.period_months == 36
    assert any("length could not be read" in reason for reason in found.reasons)
    assert not any("”, published for" in reason for reason in found.reasons)  # no length read


def test_a_date_or_a_bound_is_not_read_as_a_length():
    from workstation.law.thresholds import restriction_lengths

    assert restriction_lengths("限制从业，截止2031年") == (("限制从业，截止2031年", None),)
    assert restriction_lengths("限制从业，自二〇二六年起") == (("限制从业，自二〇二六年起", None),)
    assert restriction_lengths("限制从业三年半") == (("限制从业三年半", 42),)


@pytest.mark.parametrize("written", ["不予限制从业五年；吊销营业执照", "免于限制从业五年", "不予限制", "免于限制从业五年；吊销营业执照"])
def test_a_restriction_not_imposed_is_not_read(written):
    found = period(written)
    assert found.period_months == 36
    assert not any("限制期限" in reason for reason in found.reasons)


@pytest.mark.parametrize(("written", "named"), [
    ("五年内不得从业", ("restrict_practice",)), ("十年内禁止从事药品生产经营活动", ("restrict_practice",)),
    ("10年内禁止其从事化妆品生产经营活动", ("restrict_practice",)), ("限制从业五年", ("restrict_practice",)),
    ("免于限制从业五年", ()), ("不予限制", ()),
])
def test_the_hearing_reads_a_ban_on_practice_as_the_publication_does(written, named):
    from workstation.law.thresholds import written_penalties

    assert written_penalties(written) == named


def test_the_patterns_of_a_restriction_are_read_from_the_one_list_of_the_data(monkeypatch):
    """[hearing.words] restrict_practice is the one list: a pattern added there is read by the hearing and by the
    publication's length alike."""
    import copy

    from workstation.law import thresholds

    data = copy.deepcopy(thresholds._data())
    data["hearing"]["words"]["restrict_practice"] = ["停止执业"]
    monkeypatch.setattr(thresholds, "_data", lambda: data)
    assert thresholds.written_penalties("停止执业五年") == ("restrict_practice",)
    assert thresholds.restriction_lengths("停止执业五年") == (("停止执业五年", 60),)
    assert thresholds.restriction_lengths("限制从业五年") == ()


def t20_due(db, make_case, other_penalty: str, expected: str) -> None:
    from tests.test_s59_clocks import publication, served_case
    from workstation import clocks
    from workstation.store import get_case

    case = served_case(db, make_case)
    db.execute("INSERT INTO files (sha256, size, media_type, created_at) VALUES ('x', 1, 'application/pdf', '')")
    db.execute("INSERT INTO documents (id, case_id, form_id, form_version, title, status, number, values_json, "
               "pdf_sha256, pages, supersedes_id, issued_at, issued_by, void_reason) VALUES ('1', ?, "
               "'penalty_decision', 1, '行政处罚决定书', 'issued', '佛南市监处〔2026〕1号', ?, 'x', 1, NULL, "
               "'2026-06-15T10:00:00+08:00', '', '')",
               [case.id, json.dumps({"fine_fen": 500_000, "other_penalty": other_penalty}, ensure_ascii=False)])
    record_clock_event(db, publication(case, "2026-06-20"))
    [due] = [d.due for d in clocks.case_clocks(db, get_case(db, case.id), on="2026-07-01") if d.clock == "T20"]
    assert due == expected


@pytest.mark.parametrize(("other_penalty", "expected"), [
    ("限制从业五年", "2031-06-20"),
    # a date is no length: three years, the deadline board not broken (2031 read as years failed it)
    ("限制从业，截止2031年", "2029-06-20"), ("限制从业，自二〇二六年起", "2029-06-20"),
])
def test_t20_runs_the_restrictions_length(db, make_case, other_penalty, expected):
    t20_due(db, make_case, other_penalty, expected)


# ---- 4. a decision declared void ------------------------------------------------------------------------------------

def test_a_decision_declared_void_is_not_published(db, data_dir, make_case, english):
    case, decision = served(db, data_dir, make_case)
    record_clock_event(db, event(case, "reconsideration", "2026-03-20"))
    record_clock_event(db, event(case, "challenge_void", "2026-05-10", approved_by=NUMBER))
    refusal = publication_refusal(db, decision)
    assert refusal is not None and refusal.startswith(f"行政处罚决定书 {decision.number} was declared void on 2026-05-10 (")
    assert NUMBER in refusal and "art. 11" in refusal
    with pytest.raises(ValidationError) as refused:
        record_clock_event(db, event(case, "publication", "2026-05-20"))
    assert "declared void on 2026-05-10" in refused.value.errors["kind"]


def test_the_void_outcome_is_labelled_in_both_languages():
    from workstation.store.clock_events import OUTCOMES, UNPUBLISHED
    from workstation.vocabulary import labels

    assert "challenge_void" in OUTCOMES and "challenge_void" in UNPUBLISHED
    assert "确认原处罚决定无效" in labels("clock_events")["challenge_void"]
    assert labels("one_off_events")["challenge_void"] == "确认原处罚决定无效"


def test_the_void_outcome_has_its_english_label(english):
    from workstation.vocabulary import shown_label

    assert shown_label("one_off_events", "challenge_void") == "penalty decision declared void"


# ---- 5. a blank figure in the editor ----------------------------------------------------------------------------------

def test_a_blank_figure_is_refused_as_the_command_line_refuses_it(db, english):
    from workstation.store import agency_id_for_code
    from workstation.store.publicity import publicity_field_errors

    item = Publicity(agency_id=agency_id_for_code("440605"), held_on="2026-04-01", title="进社区", kind="community",
                     flyers="  ", sms="", participants="30")
    errors = publicity_field_errors(db, item)
    assert errors["flyers"] == errors["sms"] == "Write a number; if there were none, write 0."
    assert "participants" not in errors
    assert publicity_field_errors(db, Publicity(agency_id=agency_id_for_code("440605"), held_on="2026-04-01",
                                                title="进社区")) == {}  # the figures not given: none


@pytest.mark.gui
def test_the_editor_does_not_save_a_blank_figure(qtbot, db, prompts, english):
    from ui.publicity_dialog import PublicityDialog
    from workstation.store import list_publicity

    dialog = PublicityDialog(db, prompts)
    qtbot.addWidget(dialog)
    dialog.texts["title"].setText("进社区")
    dialog.texts["sms"].setText("")
    assert dialog.validate()["sms"] == "Write a number; if there were none, write 0."
    dialog.save()
    assert list_publicity(db) == []


# ---- 6. thousands of activities deleted together brought back --------------------------------------------------

def many(db, count):
    from workstation.records import new_id
    from workstation.store import agency_id_for_code
    from workstation.store.base import save_audited

    nanhai = agency_id_for_code("440605")
    with db.atomic():
        for n in range(count):
            item = Publicity(agency_id=nanhai, held_on="2026-04-01", title=f"活动{n}", kind="community",
                             flyers=n, sms=2, participants=3, id=new_id())
            save_audited(db, "publicity", "publicity", {k: getattr(item, k) for k in item.__dataclass_fields__})


def test_bringing_back_five_thousand_activities_reads_the_database_a_few_times_not_once_a_row(db):
    """Checked as one batch and written in one transaction (0.4 s here for 5,000 rows, 4.5 s before): the statements
    run do not grow with the rows (the rows inserted and their audit entries each one statement run many times)."""
    from workstation.store import list_publicity
    from workstation.store.publicity import delete_publicities, restore_publicities, restored_twins

    many(db, 5000)
    deleted = delete_publicities(db, [p.id for p in list_publicity(db)])
    before = audit_count(db)
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    try:
        assert restored_twins(db, deleted) == []
        restored = restore_publicities(db, deleted)
    finally:
        db.conn.set_trace_callback(None)
    distinct = {" ".join(sql.split())[:60] for sql in statements}
    assert len(distinct) < 25, sorted(distinct)
    assert len([sql for sql in statements if sql.lstrip().upper().startswith("SELECT")]) < 25
    assert len(restored) == len(list_publicity(db)) == 5000 and audit_count(db) == before + 10000  # each kept row and its restore
    assert sorted(p.flyers for p in list_publicity(db)) == list(range(5000))
    assert {p.id for p in restored}.isdisjoint({p.id for p in deleted})
    assert verify(db)["valid"]


def test_a_bad_row_among_many_brings_none_back_naming_it(db, english):
    from dataclasses import replace

    from workstation.store import list_publicity
    from workstation.store.publicity import delete_publicities, restore_publicities

    many(db, 50)
    deleted = delete_publicities(db, [p.id for p in list_publicity(db)])
    deleted[7] = replace(deleted[7], kind="no_such_kind")
    before = audit_count(db)
    with pytest.raises(ValidationError) as refused:
        restore_publicities(db, deleted)
    assert "no_such_kind" in refused.value.errors["kind"]
    # which of the fifty: named (the list comes back latest first: the eighth is not 活动7)
    assert refused.value.errors["kind"].startswith(f"“{deleted[7].title}” of 南海区局 on 2026-04-01 (")
    assert list_publicity(db) == [] and audit_count(db) == before


def test_twins_among_many_are_found_as_one_by_one(db):
    from workstation.store import list_publicity, save_publicity
    from workstation.store.publicity import delete_publicities, restored_twins, same_activity

    many(db, 20)
    deleted = delete_publicities(db, [p.id for p in list_publicity(db)])
    again = [save_publicity(db, Publicity(**{**deleted[n].__dict__, "id": f"again{n}", "title": f" {deleted[n].title} "}))
             for n in (3, 11)]
    twins = restored_twins(db, deleted)
    assert [(item.id, twin.id) for item, twin in twins] == [(deleted[3].id, again[0].id),
                                                            (deleted[11].id, again[1].id)]
    assert twins == [(item, same_activity(db, item)) for item in deleted if same_activity(db, item)]
