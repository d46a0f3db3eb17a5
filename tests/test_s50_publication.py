"""Publication (REFERENCE §1.9, T18–T20; 市场监督管理行政处罚信息公示规定): the address masked in a published decision
ends at its last address unit, the words after it kept; an early stop of the publication (提前停止公示, art. 14) is
its own event, refused for the serious penalties and before the minimum time, and ends T20; a withdrawal (撤回, art.
11) with no change of the decision behind it is warned about; names after a verb (雇佣, 指使 …) are suggested."""

import json
from dataclasses import replace
from types import SimpleNamespace

import pytest

from workstation import clocks
from workstation.errors import ValidationError
from workstation.masking import mask_published
from workstation.records import ClockEvent
from workstation.store import get_case
from workstation.store.cases import update_case
from workstation.store.clock_events import (
    EARLY_STOP,
    clock_event_errors,
    record_clock_event,
    withdrawal_warning,
)


@pytest.mark.parametrize(("text", "shown"), [
    ("当事人向家庭住址为佛山市南海区桂城街道1号的消费者发送短信300条，违法所得500元。",
     "当事人向家庭住址为佛山市南海区****的消费者发送短信300条，违法所得500元。"),
    ("业主李某家庭住址：广东省佛山市禅城区祖庙路3号附近派发传单。", "业主李某家庭住址：广东省佛山市禅城区****附近派发传单。"),
    ("消费者住址在佛山市南海区大沥镇某某村5组旁开设门店。", "消费者住址在佛山市南海区****旁开设门店。"),
    ("住址为佛山市禅城区祖庙路3号2栋501室并拨打电话。", "住址为佛山市禅城区****并拨打电话。"),
    ("住址为广州市天河区体育西路1号开设门店。", "住址为广州市天河区****开设门店。"),
    ("家庭住址：广东省佛山市禅城区祖庙路3号", "家庭住址：广东省佛山市禅城区****"),
    ("住址：佛山市南海区桂城街道南海大道北281号302铺处张贴广告。", "住址：佛山市南海区****处张贴广告。"),
])
def test_the_words_after_a_cued_address_stay_and_the_address_is_masked(text, shown):
    assert mask_published(text) == shown


# ---- the early stop (art. 14) and the withdrawal (art. 11)

def served_case(db, make_case):
    case = make_case(fine_fen=20_000_000)
    return update_case(db, replace(get_case(db, case.id), status="served", filed_on="2025-03-10",
                                   notice_served_on="2025-05-01", decided_on="2025-06-16", served_on="2025-06-17"),
                       allow_status_change=True)


def decision(db, case, other_penalty="", voided_on=None):
    """A 行政处罚决定书 as issued (voided on ``voided_on``), written as the store keeps it."""
    db.execute("INSERT OR IGNORE INTO files (sha256, size, media_type, created_at) VALUES ('x', 1, 'application/pdf', "
               "'')")
    number = "佛南市监处〔2025〕7号"
    db.execute("INSERT INTO documents (id, case_id, form_id, form_version, title, status, number, values_json, "
               "pdf_sha256, pages, supersedes_id, issued_at, issued_by, void_reason) VALUES ('d7', ?, "
               "'penalty_decision', 1, '行政处罚决定书', ?, ?, ?, 'x', 1, NULL, '2025-06-16T10:00:00+08:00', '', ?)",
               [case.id, "void" if voided_on else "issued", number,
                json.dumps({"fine_fen": 20_000_000, "other_penalty": other_penalty, "decided_on": "2025-06-16"}),
                "金额有误" if voided_on else ""])
    db.execute("INSERT INTO doc_numbers (id, agency_id, type_code, year, serial, number, document_id, status, "
               "void_reason, issued_at, voided_at) VALUES ('n7', ?, '处', 2025, 7, ?, 'd7', ?, '', "
               "'2025-06-16T10:00:00+08:00', ?)",
               [case.agency_id, number, "void" if voided_on else "issued",
                f"{voided_on}T16:30:00+08:00" if voided_on else None])


def early_stop(case, on, applied="2026-08-03", note="当事人申请，已履行处罚决定，已消除不良影响"):
    return ClockEvent(case_id=case.id, kind=EARLY_STOP, starts_on=on, approved_on=applied, note=note)


def t20(db, case, on):
    return [d for d in clocks.case_clocks(db, get_case(db, case.id), on=on) if d.clock == "T20"]


def test_an_early_stop_needs_a_publication_the_application_date_and_a_note(db, make_case, english):
    case = served_case(db, make_case)
    decision(db, case)
    errors = clock_event_errors(db, early_stop(case, "2026-08-10"), case)
    assert "No publication" in errors["starts_on"]
    record_clock_event(db, ClockEvent(case_id=case.id, kind="publication", starts_on="2025-06-20"))
    errors = clock_event_errors(db, early_stop(case, "2026-08-10", applied=None, note=" "), case)
    assert "application" in errors["approved_on"] and "art. 14" in errors["note"]
    errors = clock_event_errors(db, early_stop(case, "2026-08-10", applied="2026-08-20"), case)
    assert "approved_on" in errors


def test_an_early_stop_before_the_minimum_time_is_refused(db, make_case, english):
    case = served_case(db, make_case)
    decision(db, case)
    record_clock_event(db, ClockEvent(case_id=case.id, kind="publication", starts_on="2025-06-20"))
    errors = clock_event_errors(db, early_stop(case, "2025-09-10", applied="2025-09-01"), case)
    assert "2026-06-20" in errors["starts_on"] and "art. 14" in errors["starts_on"]
    with pytest.raises(ValidationError):
        record_clock_event(db, early_stop(case, "2025-09-10", applied="2025-09-01"))


@pytest.mark.parametrize("penalty", ["吊销营业执照", "责令停产停业三个月", "限制从业"])
def test_an_early_stop_is_refused_for_the_serious_penalties(db, make_case, english, penalty):
    case = served_case(db, make_case)
    decision(db, case, other_penalty=penalty)
    record_clock_event(db, ClockEvent(case_id=case.id, kind="publication", starts_on="2025-06-20"))
    errors = clock_event_errors(db, early_stop(case, "2026-08-10"), case)
    assert "may not be stopped early" in errors["kind"]


def test_an_early_stop_granted_ends_the_publication_period_and_is_not_a_withdrawal(db, make_case, english):
    case = served_case(db, make_case)
    decision(db, case)
    record_clock_event(db, ClockEvent(case_id=case.id, kind="publication", starts_on="2025-06-20"))
    [running] = t20(db, case, "2026-08-01")
    assert running.done_on is None
    record_clock_event(db, early_stop(case, "2026-08-10"))
    [ended] = t20(db, case, "2026-08-20")
    assert ended.done_on == "2026-08-10"
    assert db.execute("SELECT COUNT(*) FROM clock_events WHERE kind = 'publication_withdrawn'").fetchone()[0] == 0
    # a second early stop of the same publication is refused
    assert "starts_on" in clock_event_errors(db, early_stop(case, "2026-08-12"), case)


def test_a_withdrawal_with_no_change_of_the_decision_behind_it_is_warned_about(db, make_case, english):
    case = served_case(db, make_case)
    decision(db, case)
    record_clock_event(db, ClockEvent(case_id=case.id, kind="publication", starts_on="2025-06-20"))
    withdrawal = ClockEvent(case_id=case.id, kind="publication_withdrawn", starts_on="2025-08-03")
    warning = withdrawal_warning(db, get_case(db, case.id), withdrawal)
    assert "art. 11" in warning and "record" in warning and "Publication stopped early" in warning


def test_a_withdrawal_after_the_decision_was_voided_is_not_warned_about(db, make_case, english):
    case = served_case(db, make_case)
    record_clock_event(db, ClockEvent(case_id=case.id, kind="publication", starts_on="2025-06-20"))
    decision(db, case, voided_on="2025-07-30")
    withdrawal = ClockEvent(case_id=case.id, kind="publication_withdrawn", starts_on="2025-08-03")
    assert withdrawal_warning(db, get_case(db, case.id), withdrawal) == ""


def test_the_event_dialog_offers_the_early_stop_beside_the_withdrawal(db, make_case, prompts, qtbot, english):
    from PySide6.QtCore import QDate

    from ui.case_clocks import ClockEventDialog

    case = served_case(db, make_case)
    decision(db, case)
    record_clock_event(db, ClockEvent(case_id=case.id, kind="publication", starts_on="2025-06-20"))
    dialog = ClockEventDialog(db, get_case(db, case.id), prompts)
    qtbot.addWidget(dialog)
    assert dialog.kind.findData("publication_withdrawn") >= 0
    dialog.kind.setCurrentIndex(dialog.kind.findData(EARLY_STOP))
    assert not dialog.rows["approved_on"][0].isHidden() and not dialog.rows["note"][0].isHidden()
    assert "applied" in dialog.rows["approved_on"][0].text()
    dialog.starts_on.setDate(QDate(2026, 8, 10))
    dialog.approved_on.setDate(QDate(2026, 8, 3))
    dialog.note.setText("当事人申请，符合第十四条条件")
    dialog.save()
    assert dialog.saved is not None and (dialog.saved.kind, dialog.saved.approved_on) == (EARLY_STOP, "2026-08-03")


# ---- names after a verb

def test_names_after_a_verb_are_suggested():
    from workstation.documents.publication import unmasked_names

    for text, names in (("当事人雇佣王小明、李娜拨打电话推销房产。", ["王小明", "李娜"]),
                        ("当事人指使陈静向消费者发送短信。", ["陈静"]),
                        ("当事人委托黄伟明发送短信。", ["黄伟明"]),
                        ("当事人安排刘洋拨打电话。", ["刘洋"]),
                        ("当事人授意张强使用他人号码。", ["张强"])):
        copy = SimpleNamespace(document=SimpleNamespace(values={}), summary=(), decision=SimpleNamespace(text=text))
        assert [found.name for found in unmasked_names(copy)] == names, text


def test_the_dialog_does_not_assure_that_no_name_is_left(qtbot, prompts, english):
    from PySide6.QtWidgets import QLabel

    from ui.publication_dialog import PublicationDialog
    from workstation.documents.blocks import Document

    copy = SimpleNamespace(document=SimpleNamespace(values={}), summary=(),
                           decision=Document(title="行政处罚决定书", blocks=()), names=(), text=lambda: "正文")
    dialog = PublicationDialog(prompts, None, "行政处罚决定书", copy, lambda names: copy)
    qtbot.addWidget(dialog)
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert "No further name was found in the text." not in texts
    assert any("read the whole text" in text for text in texts)


def test_voiding_a_decision_whose_publication_was_stopped_early_starts_no_withdrawal(db, make_case, english,
                                                                                      monkeypatch):
    from tests.helpers import program_day
    from tests.test_clock_challenges import T19_SENTENCE
    from tests.test_clock_challenges import decision as issued_decision
    from workstation.documents.issuing import void_consequences

    # voided on 2026-07-20: the publication of 2026-06-20 (a fine of ¥50,000, published 3 months, to 09-20) stands
    # but for its early stop of 07-01
    program_day(monkeypatch, "2026-07-20")
    case = served_case(db, make_case)
    first = issued_decision(db, case, "1")
    record_clock_event(db, ClockEvent(case_id=case.id, kind="publication", starts_on="2026-06-20"))
    assert void_consequences(db, first)[-1] == T19_SENTENCE
    db.execute("INSERT INTO clock_events (id, case_id, kind, starts_on, approved_on, note, created_at, updated_at) VALUES "
               "('stop', ?, ?, '2026-07-01', '2026-06-28', '当事人申请', '2026-07-01T10:00:00+08:00', '2026-07-01T10:00:00+08:00')", [case.id, EARLY_STOP])
    assert T19_SENTENCE not in void_consequences(db, first)  # stopped early: nothing stands published
