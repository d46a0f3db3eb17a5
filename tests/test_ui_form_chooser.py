"""Choosing a document type among some sixty: the case's chooser lists them in procedural order under stage
headings, typing part of a title narrows it and Enter chooses the first match, and each form's description is its
tooltip; the 文书 page shows the same order with each form's stage and filters as typed."""

import pytest

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem

from workstation.formkit.spec import load_forms
from workstation.formkit.stages import INTERVIEWS, OTHER, STAGES, stage_of

pytestmark = pytest.mark.gui


def type_text(widget, text):
    """Type ``text`` into ``widget`` key by key (QTest's keyClicks takes ASCII only)."""
    from PySide6.QtGui import QKeyEvent

    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char))


def enter(widget):
    from PySide6.QtTest import QTest

    QTest.keyClick(widget, Qt.Key.Key_Return)


@pytest.fixture
def section(db, data_dir, make_case, prompts, qtbot):
    from ui.case_documents import CaseDocuments

    documents = CaseDocuments(db, data_dir, make_case(lead_received_on="2026-03-02"), prompts)
    qtbot.addWidget(documents)
    return documents


def test_every_catalogued_form_has_its_stage_and_the_stages_cover_the_catalogue():
    numbers = [n for first, last, _stage in STAGES for n in range(first, last + 1)]
    assert numbers == list(range(1, 57))  # no gap, no overlap, in procedural order
    forms, _broken = load_forms()
    for form in forms.values():
        if form.kind == "interview":
            assert stage_of(form) == INTERVIEWS
        elif not form.catalogue:  # a form the catalogue lacks (REFERENCE §2.1): the 举报处理结果告知书
            assert (form.id, stage_of(form)) == ("report_result_notice", OTHER)
        else:
            assert stage_of(form) not in (INTERVIEWS, OTHER)
    assert stage_of(forms["penalty_decision"]) == "Decisions"
    assert stage_of(forms["seal_strip"]) == "Compulsory measures"


def test_the_forms_are_in_procedural_order_under_stage_headings(english, section):
    choice = section.form_choice
    forms = section.forms
    ids = [choice.itemData(row) for row in range(choice.count())]
    assert ids[0] == "case_source_register" and ids[-1] == "file_remarks"
    assert ids.index("filing_approval") < ids.index("non_filing_approval") < ids.index("site_record")
    numbers = [forms[form_id].catalogue for form_id in ids]
    assert numbers == sorted(numbers) and 0 not in numbers  # no 约谈 document: issued from the interview register
    headings = choice.heading_rows()
    assert list(headings.values()) == [stage for _first, _last, stage in STAGES]
    assert headings[ids.index("case_source_register")] == "Filing and jurisdiction"
    assert headings[ids.index("site_record")] == "Investigation and evidence"
    assert headings[ids.index("pre_penalty_notice")] == "Notice and hearing"
    assert ids.index("inquiry_record") not in headings
    # the heading is drawn in a band above its first form, which is no item of its own
    view = choice.view()
    option = QStyleOptionViewItem()
    option.initFrom(view)
    delegate = choice.itemDelegate()
    first, plain = choice.model().index(0, 0), choice.model().index(1, 0)
    assert delegate.sizeHint(option, first).height() > delegate.sizeHint(option, plain).height()


@pytest.fixture
def hearing_section(db, data_dir, make_case, prompts, qtbot):
    """The documents of a case whose party asked for a hearing: its 听证通知书, 听证笔录 and 听证报告 are offered."""
    from ui.case_documents import CaseDocuments

    case = make_case(status="hearing", lead_received_on="2026-03-02", filed_on="2026-03-02",
                     notice_served_on="2026-03-20")
    documents = CaseDocuments(db, data_dir, case, prompts)
    qtbot.addWidget(documents)
    return documents


@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")  # offscreen Qt: the popup
def test_typing_part_of_a_title_narrows_the_list_and_enter_chooses_the_first(section, hearing_section, qtbot):
    choice = hearing_section.form_choice
    choice.lineEdit().clear()
    type_text(choice, "听证报")
    completer = choice.completer()
    assert completer.completionCount() == 1 and completer.currentCompletion() == "听证报告"
    enter(choice)
    assert choice.currentData() == "hearing_report" and choice.lineEdit().text() == "听证报告"
    assert hearing_section.choice()[0] == "hearing_report"  # what the section keeps across a refresh

    choice.lineEdit().clear()
    type_text(choice, "听证")
    assert completer.completionCount() == 3  # 听证通知书, 听证笔录, 听证报告
    enter(choice)
    assert choice.currentData() == "hearing_notice"  # the first in procedural order

    choice = section.form_choice  # no hearing requested: the three are greyed out, the other forms chosen as typed
    assert not any(choice.offered(choice.findData(form_id))
                   for form_id in ("hearing_notice", "hearing_record", "hearing_report"))
    completer = choice.completer()
    choice.lineEdit().clear()
    type_text(choice, "行政处罚决定书")  # also the end of 当场行政处罚决定书, listed before it: the exact title wins
    enter(choice)
    assert choice.currentData() == "penalty_decision"


@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")  # offscreen Qt: the popup
def test_typing_what_matches_nothing_keeps_the_form_chosen(section):
    choice = section.form_choice
    choice.setCurrentIndex(choice.findData("inquiry_record"))
    choice.lineEdit().clear()
    type_text(choice, "无此文书")
    enter(choice)
    assert choice.currentData() == "inquiry_record" and choice.lineEdit().text() == "询问笔录"
    # leaving the field after typing shows again the form chosen, the one Write… and Issue… use
    from PySide6.QtGui import QFocusEvent

    type_text(choice, "听证")
    QApplication.sendEvent(choice, QFocusEvent(QEvent.Type.FocusOut, Qt.FocusReason.TabFocusReason))
    assert choice.currentData() == "inquiry_record" and choice.lineEdit().text() == "询问笔录"


def test_each_form_s_description_is_its_tooltip(section):
    choice = section.form_choice
    description = section.forms["penalty_decision"].description
    assert description
    row = choice.findData("penalty_decision")
    assert choice.itemData(row, Qt.ItemDataRole.ToolTipRole) == description
    choice.setCurrentIndex(row)
    assert choice.toolTip().startswith(description)
    assert choice.completer().completionModel().sourceModel().index(row, 0).data(
        Qt.ItemDataRole.ToolTipRole) == description  # the filtered list shows it too


def test_the_documents_page_lists_the_forms_by_stage_and_filters_them(english, data_dir, qtbot):
    from ui.documents_page import DocumentsPage
    from ui.record_model import TOOLTIP_ROLE

    page = DocumentsPage(data_dir)
    qtbot.addWidget(page)
    records = page.forms_model.records
    assert records[0]["id"] == "case_source_register" and records[0]["stage"] == "Filing and jurisdiction"
    # the 约谈 documents after the catalogue, then the forms it lacks (the 举报处理结果告知书, written from a lead)
    assert [r["id"] for r in records[-5:]] == ["interview_notice", "interview_delivery_receipt", "interview_record",
                                               "interview_minutes", "report_result_notice"]
    assert (records[-2]["stage"], records[-1]["stage"]) == ("Administrative interviews", "Other documents")
    row = next(r for r, record in enumerate(records) if record["id"] == "penalty_decision")
    assert page.forms_model.index(row, 1).data(TOOLTIP_ROLE) == records[row]["description"]

    page.forms_filter.setText("听证")
    shown = [records[r]["id"] for r in range(len(records)) if not page.forms_view.isRowHidden(r)]
    assert shown == ["hearing_notice", "hearing_record", "hearing_report"]
    page.forms_filter.returnPressed.emit()
    assert [index.row() for index in page.forms_view.selectionModel().selectedRows()] == [
        next(r for r, record in enumerate(records) if record["id"] == "hearing_notice")]
    page.refresh()  # the filter typed stays
    assert page.forms_filter.text() == "听证"
    assert sum(not page.forms_view.isRowHidden(r) for r in range(len(page.forms_model.records))) == 3


# ---- the form the chooser starts at: the one the case's status needs next (resources/documents/next_forms.toml)

@pytest.mark.parametrize("status, form_id", [("pending_filing", "filing_approval"),
                                             ("investigating", "site_record"),
                                             ("penalty_decided", "penalty_decision"),
                                             ("closed", "closing_approval")])
def test_the_chooser_starts_at_the_document_the_case_s_status_needs_next(db, data_dir, make_case, prompts, qtbot,
                                                                         status, form_id):
    from ui.case_documents import CaseDocuments

    documents = CaseDocuments(db, data_dir, make_case(status=status, lead_received_on="2026-03-02"), prompts)
    qtbot.addWidget(documents)
    assert documents.form_choice.currentData() == form_id
    assert documents.form_choice.offered(documents.form_choice.currentIndex())
    assert documents.choice()[0] is None  # the officer chose nothing: a rebuilt section starts from the status


def test_the_next_document_skips_what_the_case_issued_and_what_it_refuses():
    from workstation.formkit.stages import next_forms, starting_form
    from workstation.vocabulary import labels

    table = next_forms()
    assert set(table) == set(labels("statuses"))  # every status has its next documents
    assert starting_form("penalty_decided", {"penalty_decision"}, {"penalty_decision", "delivery_receipt"},
                         table) == "delivery_receipt"
    # all issued: the last is written again (another 送达回证)
    assert starting_form("penalty_decided", {"penalty_decision", "delivery_receipt"},
                         {"penalty_decision", "delivery_receipt"}, table) == "delivery_receipt"
    assert starting_form("penalty_decided", set(), {"delivery_receipt"}, table) == "delivery_receipt"  # refused
    assert starting_form("penalty_decided", set(), {"filing_approval"}, table) is None


def test_the_officer_s_choice_is_kept_when_the_section_is_rebuilt(db, data_dir, make_case, prompts, qtbot):
    from ui.case_documents import CaseDocuments

    case = make_case(status="pending_filing", lead_received_on="2026-03-02")
    first = CaseDocuments(db, data_dir, case, prompts)
    qtbot.addWidget(first)
    first.form_choice.setCurrentIndex(first.form_choice.findData("inquiry_notice"))
    rebuilt = CaseDocuments(db, data_dir, case, prompts)
    qtbot.addWidget(rebuilt)
    rebuilt.choose(*first.choice())
    assert rebuilt.form_choice.currentData() == "inquiry_notice" and rebuilt.choice()[0] == "inquiry_notice"


@pytest.mark.parametrize("content, key", [
    ('[statuses]\nbogus = ["filing_approval"]\n', "statuses.bogus"),
    ('[statuses]\npending_filing = ["no_such_form"]\n', "statuses.pending_filing"),
    ('[statuses]\npending_filing = ["filing_approval"]\n', "statuses.not_filed"),
])
def test_a_broken_next_documents_table_is_refused_naming_file_and_key(tmp_path, english, content, key):
    from workstation.errors import WorkstationError
    from workstation.formkit.stages import next_forms

    path = tmp_path / "next_forms.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(WorkstationError, match=f"next_forms.toml, {key}: "):
        next_forms(path)
