"""The last Chinese of English mode (WORKSTATION_LANG=en): every statutory clock's title and how it was counted
(T27's duty of the police, who approves an extension, why a rule is unconfirmed or does not apply — the English
twins of resources/law/clocks.toml's texts), the clock-event dialog's kinds, time limits and hints, the leads
page's channel and sector filters, an evidence item on the timeline and a lead's decision opening a refusal
("The lead has been filed as a case"). Chinese mode reads as before."""

from __future__ import annotations

import re
import tomllib
from dataclasses import replace

import pytest

from tests.test_english_labels import CJK, foreign_chinese
from workstation import clocks, procedure
from workstation.paths import resource
from workstation.records import ClockEvent
from workstation.store import get_case, update_case
from workstation.store.clock_events import HEAD_STEPS, record_clock_event

# an article cited after a law's title (《行政处罚法》第五十二条、第八十五条；…): part of the quoted law
ARTICLES = re.compile(r"》(?:第?（?[〇一二三四五六七八九十百零\d]+）?[条款项][、，；]?)+")  # 第六十四条第（一）项


def english_chinese(text: str, case=None) -> list[str]:
    """``foreign_chinese`` of the text, the articles cited after a quoted law allowed with it."""
    return foreign_chinese(ARTICLES.sub("》", str(text)), case)


def at(db, case, status, **dates):
    return update_case(db, replace(get_case(db, case.id), status=status, **dates), allow_status_change=True)


def event(db, case, kind, starts_on, ends_on=None):
    # the head's decision on the transfer report is recorded with who decided (the letter's 批准人)
    record_clock_event(db, ClockEvent(case_id=case.id, kind=kind, starts_on=starts_on, ends_on=ends_on,
                                      approved_by="张局长" if kind in HEAD_STEPS else ""))


def cases_reaching_every_clock(db, make_case) -> list:
    """Cases whose deadlines, together, count every clock of clocks.toml a case has (T24 is a lead's)."""
    out = []
    lead = make_case(status="pending_filing", lead_received_on="2026-03-02")
    out.append(lead)
    filed = at(db, make_case(), "investigating", lead_received_on="2026-02-20", filed_on="2026-03-02")
    out.append(filed)
    event(db, filed, "preservation", "2026-03-05")
    event(db, filed, "seizure", "2026-03-05")
    procedure.apply(db, filed.id, "suspend", on_date="2026-03-10", reason="当事人下落不明")
    reviewed = at(db, make_case(), "under_review", filed_on="2026-03-02", review_on="2026-04-01")
    notified = at(db, make_case(), "pre_notice", filed_on="2026-03-02", review_on="2026-04-01",
                  notice_served_on="2026-04-10")
    served = at(db, make_case(fine_fen=5_000_000), "served", filed_on="2026-03-02", review_on="2026-04-01",
                notice_served_on="2026-04-10", decided_on="2026-05-06", served_on="2026-05-08")
    event(db, served, "reconsideration", "2026-05-20", "2026-07-01")
    event(db, served, "demand", "2026-05-27")
    event(db, served, "announcement", "2026-05-11", "2026-05-12")
    out += [reviewed, notified, served]
    decided = at(db, make_case(fine_fen=5_000_000), "penalty_decided", filed_on="2026-03-02", review_on="2026-04-01",
                 notice_served_on="2026-04-10", decided_on="2026-05-06")
    out.append(decided)
    sent = at(db, make_case(), "transferred_police", filed_on="2026-03-02")  # imported so: no transfer step
    out.append(sent)
    police = at(db, make_case(), "investigating", filed_on="2026-03-02")
    event(db, police, "transfer_report", "2026-03-10")
    event(db, police, "transfer_approved", "2026-03-11")
    procedure.apply(db, police.id, "transfer_to_police", on_date="2026-03-12", reason="涉嫌犯罪")
    out.append(get_case(db, police.id))
    refused = at(db, make_case(), "investigating", filed_on="2026-03-02")
    procedure.apply(db, refused.id, "transfer_to_police", on_date="2026-03-12", reason="涉嫌犯罪")
    event(db, refused, "police_refused", "2026-03-14")
    event(db, refused, "police_review_requested", "2026-03-15")
    out.append(get_case(db, refused.id))
    upheld = at(db, make_case(), "investigating", filed_on="2026-03-02")
    procedure.apply(db, upheld.id, "transfer_to_police", on_date="2026-03-12", reason="涉嫌犯罪")
    event(db, upheld, "police_refused", "2026-03-14")
    event(db, upheld, "police_review_requested", "2026-03-15")
    event(db, upheld, "police_review_upheld", "2026-03-16")
    out.append(get_case(db, upheld.id))
    opened = at(db, make_case(), "investigating", filed_on="2026-03-02")
    procedure.apply(db, opened.id, "transfer_to_police", on_date="2026-03-12", reason="涉嫌犯罪")
    event(db, opened, "police_filed", "2026-03-14")
    out.append(get_case(db, opened.id))
    return out


def deadline_texts(db, data_dir, make_case) -> list[tuple[str, str, object]]:
    """(clock, its title and calculation, case) of every deadline of the cases that reach the clocks: the police's
    (T27, T28 …), the transfer's, the party's remedies, the simple procedure's (T31, T32 of a fine collected on the
    spot, and the clocks it makes not applicable with why)."""
    from tests.test_simple_procedure_m029 import _decided

    cases = cases_reaching_every_clock(db, make_case)
    from tests.test_on_the_spot_payment import COLLECTED
    from tests.test_on_the_spot_payment import _issue as issue_collected

    cases += [_decided(db, data_dir, make_case, fine="200"), _decided(db, data_dir, make_case, fine="")]
    collected = make_case()  # the fine collected on the spot: its hand-over to the agency (T32), then the bank (T33)
    issue_collected(db, data_dir, collected, **COLLECTED)
    cases.append(procedure.apply(db, collected.id, "decide_on_the_spot"))
    record_clock_event(db, ClockEvent(case_id=collected.id, kind="fine_handed_over", starts_on="2026-03-11"))
    return [(d.clock, f"{d.limit_text}\n{d.calculation()}", case) for case in cases
            for d in clocks.case_clocks(db, get_case(db, case.id), on="2026-03-16")]


def test_in_english_every_deadline_is_titled_and_explained_in_english(db, data_dir, make_case, english):
    said = deadline_texts(db, data_dir, make_case)
    reached = {clock for clock, _text, _case in said}
    # a lead's, a hearing's, a correction's, a publication's (T20: tests/test_s46_publication_period.py), a decision
    # made again after a redo order's (T2b: tests/test_s47_remedy_clocks.py)
    assert {r.id for r in clocks.rules()} - reached <= {"T6", "T19", "T20", "T24", "T2b"}
    assert [(clock, text) for clock, text, case in said if english_chinese(text, case)] == []
    t27 = next(text for clock, text, _case in said if clock == "T27" and "must decide whether" in text)
    assert t27.startswith("T27 The police must decide whether to open a case by 2026-03-15 (inclusive); if they have "
                          "not answered by then, chase them\n")
    assert "Unconfirmed: whether the “3 days” are working days is not confirmed; counted as calendar days" in t27
    texts = "\n".join(text for _clock, text, _case in said)
    assert "Counted 24 hours from 2026-03-11 (Head approved the transfer)" in texts  # T26 from the approval
    assert "Does not apply to this case: A penalty decision made on the spot was handed to the party there and" in texts


def test_every_text_of_the_clock_rules_has_its_english_twin(english):
    """Who approves an extension, the police's duty, why a rule is unconfirmed or does not apply: in English for
    every rule of clocks.toml, not only those a case reaches (T24 is a lead's)."""
    with resource("law", "clocks.toml").open("rb") as fh:
        rules = tomllib.load(fh)["clock"]
    texts = []
    for r in clocks.rules():
        texts += [r.title, r.extension_approval, r.extension_further, r.unconfirmed, r.deadline_text,
                  *(why for _fact, why in r.not_applicable)]
        texts += [why for _kind, why in r.excluded_unconfirmed]  # why a kind of time is not counted: unconfirmed
    assert len(rules) == len(clocks.rules()) and len(texts) > 100
    assert [text for text in texts if english_chinese(text)] == []
    assert clocks.rule("T1").extension_approval == "approval of the head of the market regulation department"


def test_in_chinese_the_clocks_read_as_before(db, data_dir, make_case):
    said = deadline_texts(db, data_dir, make_case)
    texts = "\n".join(text for _clock, text, _case in said)
    assert "T27 公安机关应于2026-03-15（含当日）前作出是否立案决定（逾期未答复的，督促公安机关）" in texts
    assert "未确认：“三日”是否为工作日未确认，按自然日计" in texts or "“三日”是否为工作日未确认，按自然日计" in texts
    assert clocks.rule("T1").extension_approval == "市场监督管理部门负责人批准"
    assert clocks.rule("T27").title == "公安机关审查并决定是否立案"
    assert "负责人批准移送" in texts


def widget_texts(root) -> list[str]:
    """What ``root`` shows: its labels, buttons, check boxes, placeholders, tooltips, table headers and cells, list
    rows and every entry of its combo boxes (with their tooltips)."""
    from PySide6.QtCore import QModelIndex, Qt
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QComboBox,
        QDialogButtonBox,
        QGroupBox,
        QLabel,
        QLineEdit,
        QTabWidget,
        QWidget,
    )

    texts = [root.windowTitle()]
    for widget in [root, *root.findChildren(QWidget)]:
        texts.append(widget.toolTip())
        box = widget.parent()
        if isinstance(box, QDialogButtonBox) and box.standardButton(widget) != QDialogButtonBox.StandardButton.NoButton:
            continue  # Qt's own OK/Cancel: Qt's catalogue names them (Chinese once a test installed it on the app)
        if isinstance(widget, (QLabel, QAbstractButton)):
            texts.append(widget.text())
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
        elif isinstance(widget, QLineEdit):
            texts.append(widget.placeholderText())
        elif isinstance(widget, QTabWidget):
            texts += [widget.tabText(i) for i in range(widget.count())]
        elif isinstance(widget, QComboBox):
            texts += [widget.itemText(i) for i in range(widget.count())]
            texts += [widget.itemData(i, Qt.ItemDataRole.ToolTipRole) or "" for i in range(widget.count())]
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model, top = widget.model(), QModelIndex()
            try:
                columns = model.columnCount(top)
            except TypeError:  # a list's model: one column
                columns = 1
            texts += [str(model.headerData(i, Qt.Orientation.Horizontal) or "") for i in range(columns)]
            texts += [str(model.index(row, column, top).data() or "") for row in range(min(model.rowCount(top), 50))
                      for column in range(columns)]
    return [text for text in texts if text]


def test_in_english_the_clock_event_dialog_names_kinds_limits_and_approvers_in_english(db, make_case, prompts,
                                                                                        qtbot, english):
    from tests.test_clock_challenges import served_case
    from ui.case_clocks import ClockEventDialog

    case = at(db, make_case(), "investigating", filed_on="2026-03-02")
    dialog = ClockEventDialog(db, case, prompts)
    qtbot.addWidget(dialog)
    shown = widget_texts(dialog)
    for index in range(dialog.kind.count()):  # every kind's rows, names, hint and what is wrong with its dates
        dialog.kind.setCurrentIndex(index)
        shown += [*dialog.validate().values(), dialog.hint.text(), dialog.approved_by.placeholderText(),
                  *(label.text() for label, _holder in dialog.rows.values())]
    served = served_case(db, make_case)
    decided = ClockEventDialog(db, served, prompts)
    qtbot.addWidget(decided)
    assert [text for text in shown if english_chinese(text, get_case(db, case.id))] == []
    assert [text for text in widget_texts(decided) if english_chinese(text, get_case(db, served.id))] == []
    assert "Police declined to open a case (notice of refusal received)" in shown
    dialog.kind.setCurrentIndex(dialog.kind.findData("extension"))
    assert dialog.clock.itemText(0) == "T2 Make the decision (case-handling period)"
    assert dialog.approved_by.placeholderText().startswith("approval of the head of the market regulation department")
    dialog.kind.setCurrentIndex(dialog.kind.findData("suspension"))
    assert "Not counted in: T2 Make the decision (case-handling period)" in dialog.hint.text()


def test_in_chinese_the_clock_event_dialog_reads_as_before(db, make_case, prompts, qtbot):
    from ui.case_clocks import ClockEventDialog

    dialog = ClockEventDialog(db, at(db, make_case(), "investigating", filed_on="2026-03-02"), prompts)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("extension"))
    assert dialog.clock.itemText(0) == "T2 作出处理决定（办案期限）"
    assert dialog.approved_by.placeholderText().startswith("市场监督管理部门负责人批准")
    assert dialog.kind.itemText(dialog.kind.findData("police_refused")) == "公安机关不予立案（收到不予立案通知书）"


def test_an_event_of_one_day_has_no_end_said_in_english(db, make_case, prompts, qtbot, english):
    from ui.case_clocks import CaseClocks

    case = at(db, make_case(), "investigating", filed_on="2026-03-02")
    record_clock_event(db, ClockEvent(case_id=case.id, kind="transfer_report", starts_on="2026-03-10"))
    section = CaseClocks(db, case, prompts)
    qtbot.addWidget(section)
    section.events.setCurrentRow(0)
    section.end_selected()
    assert prompts.infos[-1] == "“Report on transferring a suspected crime submitted” happened on one day, 2026-03-10: it has no end to record."


@pytest.mark.gui
def test_in_english_the_leads_page_filters_and_columns_name_channels_and_sectors_in_english(demo_db, make_window,
                                                                                           english):
    from workstation.vocabulary import english_labels

    page = make_window(demo_db).leads_page
    page.refresh()
    channels = [page.lead_filters["source"].itemText(i) for i in range(1, page.lead_filters["source"].count())]
    sectors = [page.lead_filters["sector"].itemText(i) for i in range(1, page.lead_filters["sector"].count())]
    assert "12345 hotline" in channels and len(channels) > 1
    assert set(channels) <= set(english_labels()["lead_sources"].values())
    assert sectors and set(sectors) <= set(english_labels()["sectors"].values())
    texts = widget_texts(page.lead_filters["source"].parentWidget())
    assert not [text for text in texts if text in channels + sectors and CJK.search(text)]


@pytest.mark.gui
def test_in_chinese_the_leads_page_filters_read_as_before(demo_db, make_window):
    page = make_window(demo_db).leads_page
    page.refresh()
    channels = [page.lead_filters["source"].itemText(i) for i in range(page.lead_filters["source"].count())]
    assert "12345热线" in channels


def test_in_english_an_evidence_item_on_the_timeline_names_its_kind_in_english(db, data_dir, make_case, tmp_path,
                                                                                english):
    from workstation.money import chinese_date
    from workstation.store.cases import case_timeline
    from workstation.store.evidence import add_evidence, describe, listed_text

    case = make_case(status="investigating", filed_on="2026-02-20")
    path = tmp_path / "客户名单.xlsx"
    path.write_bytes(b"customer list")
    item = add_evidence(db, data_dir, case.id, path, kind="customer_list", source="当事人办公电脑",
                        collected_on="2026-03-10", collector="陈志强")
    assert listed_text(item) == "客户名单.xlsx (Customer list, 当事人办公电脑, 2026-03-10, 陈志强)"
    notes = [entry.note for entry in case_timeline(db, get_case(db, case.id)) if entry.kind == "evidence"]
    assert notes == ["Evidence item 1 registered: 客户名单.xlsx (Customer list, 当事人办公电脑, 2026-03-10, 陈志强)"]
    # a document lists it in Chinese whatever the window's language
    assert describe(item, chinese_date) == "客户名单.xlsx（客户名单，当事人办公电脑，2026年3月10日，陈志强）"


def test_in_chinese_an_evidence_item_reads_as_before(db, data_dir, make_case, tmp_path):
    from workstation.store.evidence import add_evidence, listed_text

    case = make_case(status="investigating", filed_on="2026-02-20")
    path = tmp_path / "客户名单.xlsx"
    path.write_bytes(b"customer list")
    item = add_evidence(db, data_dir, case.id, path, kind="customer_list", source="当事人办公电脑",
                        collected_on="2026-03-10", collector="陈志强")
    assert listed_text(item) == "客户名单.xlsx（客户名单，当事人办公电脑，2026-03-10，陈志强）"


LEAD_WAS = {"registered": "The lead is registered", "assigned": "The lead has been assigned",
            "filed": "The lead has been filed as a case", "not_filed": "The lead has been declined",
            "referred": "The lead has been referred"}


def test_in_english_a_decided_lead_opens_a_refusal_in_plain_english(english):
    from workstation.leads_workflow import lead_form_refusal, lead_was, reporter_refusal

    assert {status: lead_was({"status": status}) for status in LEAD_WAS} == LEAD_WAS
    referred = {"status": "referred", "decision": "refer", "case_id": None, "complainant_phone": "13800138000",
                "source": "12345", "reporter_told_on": None}
    assert reporter_refusal(referred) == ("The lead has been referred: its reporter is told of a decision to file or "
                                          "not to file it (T24), and there was none.")
    filed = {**referred, "status": "filed", "decision": "file"}
    assert lead_form_refusal(None, filed, "case_transfer_letter") == (
        "The lead has been filed as a case: the 案件移送函 refers a lead not yet decided.")
    assert lead_form_refusal(None, filed, "non_filing_approval") == (
        "The lead has been filed as a case: the 不予立案审批表 is written for a lead being declined or already "
        "declined.")


def test_in_chinese_a_decided_lead_opens_a_refusal_as_before():
    from workstation.leads_workflow import lead_form_refusal, reporter_refusal

    referred = {"status": "referred", "decision": "refer", "case_id": None, "complainant_phone": "13800138000",
                "source": "12345", "reporter_told_on": None}
    assert reporter_refusal(referred) == "该线索已移送：只有立案或不予立案的决定才需告知举报人（T24），本线索没有此类决定。"
    filed = {**referred, "status": "filed", "decision": "file"}
    assert lead_form_refusal(None, filed, "non_filing_approval") == (
        "该线索已立案：不予立案审批表只用于拟不予立案或者已不予立案的线索。")


def vocabulary_chinese(texts) -> list[str]:
    """The texts that show a Chinese label of the vocabulary (a status, sector, violation, kind, channel or
    deadline state) whole, or as a part after a colon or beside a comma."""
    from workstation.vocabulary import vocabulary

    chinese = {v for table in vocabulary().values() if isinstance(table, dict) for v in table.values()
               if isinstance(v, str) and len(v) > 1 and CJK.search(v)}
    named = re.compile(r"[A-Za-z)] ?: ([^,;:\n]+)")  # "Status: 已结案", "Kind: 照片"
    return [t for t in texts if t in chinese or any(value.strip() in chinese for value in named.findall(t))]


@pytest.mark.gui
def test_in_english_the_board_case_list_and_a_case_name_the_vocabulary_in_english(demo_db, make_window, qtbot,
                                                                                   english):
    window = make_window(demo_db)
    window.board.refresh() if hasattr(window.board, "refresh") else None
    shown = widget_texts(window.board)
    window.case_tabs.setCurrentIndex(1)
    shown += widget_texts(window.case_list)
    decided = demo_db.execute("SELECT id FROM cases WHERE status = 'closed' ORDER BY id LIMIT 1").fetchone()[0]
    window.open_case(decided)
    shown += widget_texts(window.case_tabs.currentWidget())
    assert vocabulary_chinese(shown) == []
    assert "Closed" in [window.case_list.status_filter.itemText(i) for i in range(window.case_list.status_filter.count())]
    assert any(text.startswith("Status: ") for text in shown)


@pytest.mark.gui
def test_in_english_the_dialogs_offer_the_vocabulary_in_english(demo_db, data_dir, prompts, qtbot, tmp_path,
                                                                 english):
    from ui.case_dialog import CaseDialog
    from ui.case_evidence import EvidenceDialog
    from ui.lead_dialog import LeadDialog
    from ui.party_dialog import PartyDialog
    from ui.publicity_dialog import PublicityDialog

    case = get_case(demo_db, demo_db.execute("SELECT id FROM cases ORDER BY id LIMIT 1").fetchone()[0])
    photo = tmp_path / "现场.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0 photo")
    dialogs = [CaseDialog(demo_db, prompts), EvidenceDialog(demo_db, data_dir, case, prompts, path=str(photo)),
               LeadDialog(demo_db, prompts), PartyDialog(demo_db, prompts), PublicityDialog(demo_db, prompts)]
    shown = []
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        shown += widget_texts(dialog)
    assert vocabulary_chinese(shown) == []
    assert {"Photograph", "12345 hotline", "Individual business"} <= set(shown)
