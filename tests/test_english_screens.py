"""English mode (WORKSTATION_LANG=en) of the screens the earlier sweeps left with Chinese that is not data: the
description of every document type (a form's ``description_en``), the simple-procedure, hearing, publication and
discretion lines of a case's legal assessment, the dashboard's amount, the evaluation table's district and city
totals, the publicity log's figures and total line, and the interviews' states, kinds and party kinds. Chinese
mode reads as before."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_english_labels import CJK
from tests.test_english_leftovers import english_chinese, widget_texts
from workstation.formkit.spec import load_forms
from workstation.store import get_case

# the other title the 案件审核表 prints by the kind of review chosen, named in its description as it prints
PRINTED_TITLES = ("法制审核表",)


def form_description_chinese(form) -> list[str]:
    """The Chinese of the form's English description that is neither a document's name nor its 文号 type code."""
    text = form.shown_description()
    for allowed in (*PRINTED_TITLES, *([form.type_code] if form.type_code else [])):
        text = text.replace(allowed, "")
    return english_chinese(text)


def test_in_english_every_form_is_described_in_plain_english(english):
    forms, broken = load_forms()
    assert broken == {} and len(forms) == 61
    assert [f.id for f in forms.values() if not f.description_en] == []
    assert [(f.id, form_description_chinese(f)) for f in forms.values() if form_description_chinese(f)] == []
    assert forms["penalty_decision"].shown_description() == "Served on the party when the penalty decision is made."


def test_in_chinese_a_form_keeps_its_chinese_description():
    forms = load_forms()[0]
    assert forms["penalty_decision"].shown_description() == "作出行政处罚决定时送达当事人"
    assert forms["delivery_receipt"].shown_description() == ""  # none given, as before


def test_a_form_without_an_english_description_shows_its_chinese_one_in_english(tmp_path, english):
    from workstation.formkit.spec import load_form

    text = Path(load_forms()[0]["rectification_order"].path).read_text(encoding="utf-8")
    path = tmp_path / "rectification_order.toml"
    path.write_text("\n".join(line for line in text.splitlines() if not line.startswith("description_en")),
                    encoding="utf-8")
    assert load_form(path).shown_description() == "发现违法行为时责令当事人立即或者限期改正"


def test_a_form_whose_english_description_is_not_text_is_refused_naming_the_key(tmp_path):
    from workstation.formkit.spec import FormError, load_form

    source = Path(load_forms()[0]["rectification_order"].path).read_text(encoding="utf-8")
    path = tmp_path / "rectification_order.toml"
    path.write_text(source.replace('description_en = "', 'description_en = 3\nnot_used = "', 1), encoding="utf-8")
    with pytest.raises(FormError, match="description_en"):
        load_form(path)


@pytest.mark.gui
def test_in_english_the_document_chooser_and_the_documents_page_describe_forms_in_english(qtbot, data_dir,
                                                                                         english):
    from PySide6.QtCore import Qt

    from ui.documents_page import DocumentsPage
    from ui.form_chooser import FormChooser

    forms = load_forms()[0]
    chooser = FormChooser(forms.values())
    qtbot.addWidget(chooser)
    tips = {chooser.itemData(i): chooser.itemData(i, Qt.ItemDataRole.ToolTipRole) for i in range(chooser.count())}
    assert tips["penalty_decision"] == "Served on the party when the penalty decision is made."
    assert {form_id: tip for form_id, tip in tips.items() if tip} == {
        form.id: form.description_en for form in forms.values()}  # every form, described in English
    page = DocumentsPage(data_dir)
    qtbot.addWidget(page)
    model = page.forms_model
    row = next(i for i, record in enumerate(model.records) if record["id"] == "penalty_decision")
    assert model.data(model.index(row, 1), Qt.ItemDataRole.ToolTipRole) == (
        "Served on the party when the penalty decision is made.")


@pytest.mark.gui
def test_in_chinese_the_document_chooser_describes_forms_as_before(qtbot):
    from PySide6.QtCore import Qt

    from ui.form_chooser import FormChooser

    chooser = FormChooser(load_forms()[0].values())
    qtbot.addWidget(chooser)
    row = chooser.findData("penalty_decision")
    assert chooser.itemData(row, Qt.ItemDataRole.ToolTipRole) == "作出行政处罚决定时送达当事人"


def test_in_english_the_thresholds_publication_and_discretion_read_in_english(english):
    from workstation.law import discretion, thresholds

    simple = thresholds.simple_procedure("company", 1_000_000, 50_000)
    assert simple.reasons == (
        "Proposed: confiscation of illegal gains; the simple procedure allows only a warning or a small fine.",
        "The fine of ¥10,000.00 is above the simple procedure's limit of ¥3,000.00 for a legal person or other "
        "organisation: the ordinary procedure applies.")
    assert thresholds.simple_procedure("person", 10_000).reasons == (
        "A warning or a fine of up to ¥200.00 on a natural person may be decided on the spot under the simple "
        "procedure.",)
    assert thresholds.simple_procedure("person", 0).reasons == ("Neither a warning nor a fine is proposed.",)
    assert thresholds.hearing("person", 1_000_000).reasons == (
        "The fine of ¥10,000.00 reaches the amount of ¥10,000.00 set for a natural person (that amount itself "
        "included).",)
    assert thresholds.publication("company", 0).reasons == (
        "No fine, confiscation, warning or other penalty is recorded yet: whether the decision is published can be "
        "judged once the penalty is set.",)
    published = thresholds.publication("company", 20_000_000)
    assert published.reasons[1] == "Published for three years."
    assert published.reasons[0].startswith("A penalty decision made under the ordinary procedure must be published")
    assert discretion.suggest([]).message == "No circumstance chosen: the penalty is set in the ordinary tier."
    assert discretion.suggest(["first_violation_minor"]).message.endswith(
        "if a penalty is decided, it is set in the tier “Ordinary”.")
    assert discretion.shown_tier_label("lighter") == "Lighter"
    assert discretion.tier_label("lighter") == "从轻"  # what a decision prints, whatever the language


def test_in_chinese_the_thresholds_publication_and_discretion_read_as_before():
    from workstation.law import discretion, thresholds

    assert thresholds.simple_procedure("company", 1_000_000, 50_000).reasons == (
        "拟作出没收违法所得，简易程序仅适用于警告或者小额罚款。",
        "罚款¥10,000.00超过对法人或者其他组织适用简易程序的上限¥3,000.00，应当适用普通程序。")
    assert thresholds.publication("company", 0).reasons == (
        "尚未记录罚款、没收或者警告等处罚，是否公示待确定处罚后判断。",)
    assert discretion.suggest([]).message == "未选择裁量情节，按一般阶次裁量。"
    assert discretion.suggest(["first_violation_minor"]).message == (
        "具有可以不予行政处罚的情形：初次违法且危害后果轻微并及时改正（首违不罚）；决定处罚的，按一般阶次裁量。")
    assert discretion.shown_tier_label("lighter") == "从轻"


LAW_LINES = ("threshold_simple_procedure", "threshold_hearing", "publication", "discretion_check")


@pytest.mark.gui
def test_in_english_a_cases_legal_assessment_says_its_checks_in_english(db, make_case, prompts, qtbot, english):
    from PySide6.QtWidgets import QComboBox, QLabel

    from ui.case_law import CaseLawBox, PenaltyChoiceDialog

    shown = []
    for fine in (0, 500_000, 1_200_000):
        case = get_case(db, make_case(status="investigating", filed_on="2026-03-02", fine_fen=fine).id)
        box = CaseLawBox(db, case, prompts)
        qtbot.addWidget(box)
        lines = {name: box.findChild(QLabel, name) for name in LAW_LINES}
        shown += [(name, label.text()) for name, label in lines.items() if label is not None]
    names = {name for name, _text in shown}
    assert {"threshold_simple_procedure", "publication", "discretion_check"} <= names
    assert [(name, text) for name, text in shown if english_chinese(text)] == []
    texts = "\n".join(text for _name, text in shown)
    assert "The fine of ¥5,000.00 is above the simple procedure's limit of ¥3,000.00" in texts
    assert "No tier chosen yet. No circumstance chosen: the penalty is set in the ordinary tier." in texts
    assert "Published for three years." in texts or "published for three months" in texts
    dialog = PenaltyChoiceDialog(db, case, prompts)
    qtbot.addWidget(dialog)
    tiers = dialog.findChild(QComboBox, "discretion_tier")
    assert [tiers.itemText(i) for i in range(tiers.count())] == ["Lighter", "Ordinary", "Heavier", "Reduced",
                                                                 "No penalty"]


@pytest.mark.gui
def test_in_chinese_a_cases_legal_assessment_reads_as_before(db, make_case, prompts, qtbot):
    from PySide6.QtWidgets import QLabel

    from ui.case_law import CaseLawBox

    case = get_case(db, make_case(status="investigating", filed_on="2026-03-02", fine_fen=500_000).id)
    box = CaseLawBox(db, case, prompts)
    qtbot.addWidget(box)
    assert "罚款¥5,000.00超过对法人或者其他组织适用简易程序的上限¥3,000.00，应当适用普通程序。" in box.findChild(
        QLabel, "threshold_simple_procedure").text()
    assert "未选择裁量情节，按一般阶次裁量。" in box.findChild(QLabel, "discretion_check").text()


def statistics_texts(window) -> list[str]:
    page = window.stats_page
    return widget_texts(page)


@pytest.mark.gui
def test_in_english_the_statistics_say_amounts_totals_and_publicity_figures_in_english(demo_db, make_window,
                                                                                       english):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel, QTableView

    window = make_window(demo_db)
    shown = statistics_texts(window)
    assert [text for text in shown if "万" in text] == []
    assert "¥189,000.00" in shown  # the fines and confiscations of the seed campaign, 18.90万元 in Chinese
    assert any("¥189,000.00 fined and confiscated" in text for text in shown)
    page = window.stats_page
    bureaus = page.findChild(QTableView, "bureau_table").model()
    units = [bureaus.index(row, 0).data() for row in range(bureaus.rowCount())]
    assert {"Chancheng District total", "Nanhai District total", "Shunde District total", "Sanshui District total",
            "Gaoming District total", "City total"} <= set(units)
    assert [unit for unit in units if unit.endswith("合计")] == []
    publicity = page.findChild(QTableView, "publicity").model()
    heads = [publicity.headerData(i, Qt.Orientation.Horizontal) for i in range(publicity.columnCount())]
    assert heads[-3:] == ["Leaflets (copies)", "Reminder texts (messages)", "Participants (people)"]
    assert page.findChild(QLabel, "publicity_totals").text() == (
        "Total: 50 activities; 41,800 leaflets, 1,620,000 reminder texts, 277,675 participants.")


@pytest.mark.gui
def test_in_chinese_the_statistics_read_as_before(demo_db, make_window):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel, QTableView

    window = make_window(demo_db)
    shown = statistics_texts(window)
    assert "18.90万元" in shown
    page = window.stats_page
    bureaus = page.findChild(QTableView, "bureau_table").model()
    units = [bureaus.index(row, 0).data() for row in range(bureaus.rowCount())]
    assert {"禅城区合计", "全市合计"} <= set(units)
    publicity = page.findChild(QTableView, "publicity").model()
    assert publicity.headerData(publicity.columnCount() - 3, Qt.Orientation.Horizontal) == "宣传资料（份）"
    assert "宣传资料 41,800 份，提示短信 1,620,000 条，参与人数 277,675 人" in page.findChild(QLabel, "publicity_totals").text()


def test_the_evaluation_csv_keeps_the_chinese_totals_in_english(db, tmp_path, english):
    from workstation.evaluation import write_bureau_csv
    from workstation.stats import bureau_table

    path = write_bureau_csv(bureau_table(db), tmp_path / "bureaus.csv")
    assert "全市合计" in path.read_text(encoding="utf-8-sig")


@pytest.mark.gui
def test_in_english_the_interviews_name_states_kinds_and_parties_kinds_in_english(demo_db, make_window, prompts,
                                                                                  qtbot, english):
    from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit

    from ui.interview_dialog import InterviewDialog
    from workstation.vocabulary import english_labels, vocabulary

    page = make_window(demo_db).interviews_page
    shown = widget_texts(page)
    chinese = {v for group in ("interview_states", "interview_kinds", "party_kinds", "statuses")
               for v in vocabulary()[group].values()}
    assert [text for text in shown if text in chinese] == []
    assert {"Held", "Joint interview", "Individual interview"} <= set(shown)
    states = page.findChild(QComboBox, "interview_state_filter")
    assert [states.itemText(i) for i in range(1, states.count())] == ["Scheduled", "Held"]
    dialog = InterviewDialog(demo_db, prompts)
    qtbot.addWidget(dialog)
    texts = widget_texts(dialog)
    kinds = set(english_labels()["party_kinds"].values())
    party_rows = [text for text in texts if text.rsplit("  ", 1)[-1] in kinds | chinese]
    assert party_rows and all(text.rsplit("  ", 1)[-1] in kinds for text in party_rows)
    assert dialog.findChild(QCheckBox, "held").text() == "Held; until then it is scheduled and only its notice is " \
                                                         "issued"
    assert not CJK.search(dialog.findChild(QLineEdit, "held_at").placeholderText())


@pytest.mark.gui
def test_in_chinese_the_interviews_read_as_before(demo_db, make_window):
    from PySide6.QtWidgets import QComboBox

    page = make_window(demo_db).interviews_page
    states = page.findChild(QComboBox, "interview_state_filter")
    assert [states.itemText(i) for i in range(1, states.count())] == ["已安排", "已约谈"]
    assert "集体约谈" in widget_texts(page)
