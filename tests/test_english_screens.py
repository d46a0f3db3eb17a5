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
    assert broken == {} and len(forms) == 62
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
    from workstation.stats import bureau_table
    from workstation.stats_export import write_bureau_csv

    path = write_bureau_csv(db, bureau_table(db), tmp_path / "bureaus.csv")
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
    assert [states.itemText(i) for i in range(1, states.count())] == ["Scheduled", "Held", "Party did not attend"]
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
    assert [states.itemText(i) for i in range(1, states.count())] == ["已安排", "已约谈", "当事人未到场"]
    assert "集体约谈" in widget_texts(page)


# ---- the law texts of a case's legal assessment ------------------------------------------------------------------

def law_chinese(text: str) -> list[str]:
    """``english_chinese`` of the text, the items of the norms cited (第（九）项) allowed with their articles."""
    import re

    return english_chinese(re.sub(r"第（[一二三四五六七八九十]+）项", "", text))

@pytest.fixture
def unsolicited(db, make_case):
    """A Nanhai case about unsolicited messages, served with a ¥50,000 fine due on 2026-06-16 (消法 56, ¥0 – ¥500,000;
    广告法 62 and the others considered with it)."""
    from dataclasses import replace

    from workstation.store.cases import update_case

    case = make_case(lead_received_on="2026-02-10", violations=["unsolicited_commercial_messages"],
                     facts="经查，当事人未经消费者同意向其发送商业性短信。")
    return update_case(db, replace(get_case(db, case.id), status="served", filed_on="2026-02-13",
                                   notice_served_on="2026-03-20", decided_on="2026-04-13", served_on="2026-06-01",
                                   fine_fen=5_000_000, discretion_tier="ordinary",
                                   discretion_factors=["cooperated", "minor_harm"]), allow_status_change=True)


def test_in_english_the_choice_of_norm_and_the_law_in_time_are_explained_in_english(english):
    from workstation.law import catalogue

    law = catalogue.applicable_law("unsolicited_commercial_messages", "2026-03-01", "2026-04-13")
    assert law.explanation.startswith("The norms in force when the act occurred (2026-03-01) and when the penalty is "
                                      "decided (2026-04-13) are the same")
    assert law_chinese(law.explanation) == []
    choice = law.penalty
    assert choice.explanation.startswith("When one illegal act breaks several legal norms that each call for a fine, "
                                         "the norm allowing the higher fine applies: 《中华人民共和国消费者权益保护法》")
    assert ", higher than 《" in choice.explanation
    assert " Cited with it, as they provide for a penalty under it: 《侵害消费者权益行为处罚办法》第十四条" in choice.explanation
    assert catalogue.range_text(choice.range) == "¥0.00 to ¥500,000.00"
    older = catalogue.applicable_law("unsolicited_commercial_messages", "2024-03-01", "2026-04-13")
    assert older.explanation.startswith("The norms in force when the act occurred (2024-03-01) apply: ")
    assert "do not punish more lightly and are not applied" in older.explanation
    assert law_chinese(older.explanation) == []


def test_in_chinese_the_choice_of_norm_and_the_law_in_time_read_as_before():
    from workstation.law import catalogue

    law = catalogue.applicable_law("unsolicited_commercial_messages", "2026-03-01", "2026-04-13")
    assert law.explanation.startswith("违法行为发生时（2026年3月1日）与作出处罚决定时（2026年4月13日）适用的规定相同")
    assert law.penalty.explanation.startswith("同一违法行为违反多个法律规范应当给予罚款处罚的，按照罚款数额高的规定处罚：")
    assert "、" in law.explanation
    assert catalogue.range_text(law.penalty.range) == "¥0.00至¥500,000.00"


def test_in_english_the_surcharge_steps_read_in_english():
    from workstation import i18n
    from workstation.law.surcharge import surcharge

    previous = i18n.language()
    i18n.set_language("en")
    try:
        owed = surcharge(1_000_001, "2026-06-15", "2026-06-25", paused=[("2026-06-20", "2026-06-21")])
        not_yet = surcharge(1_000_000, "2026-06-15", "2026-06-10")
        capped = surcharge(100, "2026-06-15", "2026-09-30")
    finally:
        i18n.set_language(previous)
    assert owed.steps == (
        "The period for paying the fine ended on 2026-06-15; from 2026-06-16 a surcharge of 3% of the fine is added "
        "for each day.",
        "Surcharge a day: ¥10,000.01 × 3% = ¥300.0003.",
        "By 2026-06-25 the fine is 10 days overdue; 2 days of a pending administrative reconsideration or lawsuit are "
        "not counted: 8 days.",
        "¥300.0003 × 8 days = ¥2400.0024.",
        "Fractions of a fen are dropped: ¥2,400.00.")
    assert not_yet.steps == ("The period for paying the fine (ending 2026-06-15) has not passed by 2026-06-10: no "
                             "surcharge is added.",)
    assert capped.steps[-1] == "The surcharge may not exceed the fine: ¥1.00."
    assert [step for step in owed.steps + capped.steps if CJK.search(step)] == []
    # Chinese mode as before
    assert surcharge(1_000_000, "2026-06-15", "2026-06-10").steps == (
        "截至2026年6月10日缴纳罚款的期限（2026年6月15日）尚未届满，不加处罚款。",)


def test_in_english_the_legal_review_and_collective_discussion_grounds_read_in_english(english):
    from workstation.law import thresholds

    review = thresholds.legal_review("company", 0, grounds=["major_public_interest", "complex"])
    assert review.reasons == ("It concerns a major public interest",
                              "The case is difficult and complex and involves several legal relationships")
    discussion = thresholds.collective_discussion("company", 0, grounds=["second_extension"])
    assert discussion.reasons == ("The 90-day time limit for handling the case, already extended by 30 days, must be "
                                  "extended again",)
    every = [g for section in ("legal_review", "collective_discussion")
             for g in thresholds._data()[section]["grounds"]]
    assert [g["key"] for g in every if not g.get("text_en") or CJK.search(g["text_en"])] == []


def test_in_chinese_the_grounds_read_as_before():
    from workstation.law import thresholds

    assert thresholds.legal_review("company", 0, grounds=["major_public_interest"]).reasons == ("涉及重大公共利益",)
    assert thresholds.collective_discussion("company", 0, grounds=["complex"]).reasons == ("情节复杂",)


def test_in_english_the_circumstances_tiers_and_discretion_checks_read_in_english(english):
    from workstation.law import discretion

    factors = discretion.all_factors()
    assert [k for k, f in factors.items() if not f.text_en or CJK.search(f.text_en)] == []
    assert factors["first_violation_minor"].shown_text == ("A first violation with minor harm, corrected in time "
                                                           "(first violation, not penalised)")
    assert factors["first_violation_minor"].text == "初次违法且危害后果轻微并及时改正（首违不罚）"  # as decisions print it
    assert discretion.suggest(["cooperated", "minor_harm"]).message == (
        "A circumstance in which the penalty may be lighter or reduced applies: the party cooperated with the "
        "investigation, stated the facts truthfully and offered evidence of its own accord; the harm of the violation "
        "is minor.")
    assert not CJK.search(discretion.suggest(["first_violation_minor", "obstruction"]).message)
    within = discretion.check(25_000_000, 0, 50_000_000, "ordinary")
    assert within.message == "The fine of ¥250,000.00 lies within the tier “Ordinary” (above ¥150,000.00 up to ¥350,000.00)."
    outside = discretion.check(10_000_000, 0, 50_000_000, "ordinary", "配合调查")
    assert outside.message.startswith("The fine of ¥100,000.00 lies outside the chosen tier “Ordinary” "
                                      "(above ¥150,000.00 up to ¥350,000.00), in the tier “Lighter”; the reason given: ")
    reduced = discretion.check(100_000, 500_000, 5_000_000, "reduced", factors=["minor_harm"])
    assert reduced.message == ("The fine of ¥1,000.00 is below the statutory minimum of ¥5,000.00: the penalty is "
                               "reduced, as the harm of the violation is minor.")
    assert [b.text for b in discretion.tiers(500_000, 5_000_000)][0] == "Reduced: below the statutory minimum of ¥5,000.00"
    assert not [b.text for b in discretion.tiers(0, 50_000_000) if CJK.search(b.text)]


def test_in_chinese_the_circumstances_and_discretion_checks_read_as_before():
    from workstation.law import discretion

    assert discretion.all_factors()["minor_harm"].shown_text == "违法行为危害后果较轻"
    assert discretion.suggest(["cooperated", "minor_harm"]).message == (
        "具有可以从轻或者减轻处罚的情形：积极配合调查、如实陈述违法事实并主动提供证据材料、违法行为危害后果较轻。")
    assert discretion.check(25_000_000, 0, 50_000_000, "ordinary").message == (
        "罚款¥250,000.00在一般阶次（高于¥150,000.00至¥350,000.00）内。")
    assert discretion.check(10_000_000, 0, 50_000_000, "ordinary", "配合调查").message == (
        "罚款¥100,000.00不在所选一般阶次（高于¥150,000.00至¥350,000.00）内，属于从轻；已说明理由：配合调查")


def test_in_english_what_documents_print_of_the_assessment_stays_chinese(db, unsolicited, english):
    from workstation.formkit.values import law_context

    values = law_context(db, unsolicited)
    assert values["law.basis"].startswith("依据《中华人民共和国消费者权益保护法》第五十六条")
    assert values["case.discretion_text"] == (
        "当事人具有积极配合调查、如实陈述违法事实并主动提供证据材料、违法行为危害后果较轻的情节，按一般情形处罚。")
    assert values["case.discretion_tier_label"] == "一般"


@pytest.mark.gui
def test_in_english_the_legal_assessment_shows_the_norm_surcharge_and_circumstances_in_english(
        db, unsolicited, prompts, qtbot, english, monkeypatch):
    from PySide6.QtWidgets import QLabel, QListWidget

    import workstation.law.case_law as case_law_module
    from ui.case_law import CaseLawBox, PenaltyChoiceDialog

    monkeypatch.setattr(case_law_module, "today", lambda: "2026-06-26")
    box = CaseLawBox(db, unsolicited, prompts)
    qtbot.addWidget(box)
    norm = box.findChild(QLabel, "penalty_norm").text()
    assert norm.startswith("《中华人民共和国消费者权益保护法》第五十六条第一款第（九）项: ¥0.00 to ¥500,000.00\n"
                           "When one illegal act breaks several legal norms")
    surcharge = box.findChild(QLabel, "surcharge").text()
    assert surcharge.startswith("¥15,000.00\nThe period for paying the fine ended on 2026-06-16;")
    labels = [label.text() for label in box.findChildren(QLabel) if not label.text().startswith("Source: ")]
    assert [text for text in labels if law_chinese(text)] == []
    dialog = PenaltyChoiceDialog(db, unsolicited, prompts)
    qtbot.addWidget(dialog)
    listing = dialog.findChild(QListWidget, "discretion_factors")
    shown = [listing.item(i).text() for i in range(listing.count())]
    assert "The harm of the violation is minor" in shown
    assert [text for text in shown if CJK.search(text)] == []
    assert dialog.findChild(QLabel, "suggestion").text().startswith(
        "A circumstance in which the penalty may be lighter or reduced applies: the party cooperated")
    assert not CJK.search(dialog.findChild(QLabel, "bands").text().split("\n", 1)[1])


@pytest.mark.gui
def test_in_chinese_the_legal_assessment_shows_the_norm_surcharge_and_circumstances_as_before(
        db, unsolicited, prompts, qtbot, monkeypatch):
    from PySide6.QtWidgets import QLabel, QListWidget

    import workstation.law.case_law as case_law_module
    from ui.case_law import CaseLawBox, PenaltyChoiceDialog

    monkeypatch.setattr(case_law_module, "today", lambda: "2026-06-26")
    box = CaseLawBox(db, unsolicited, prompts)
    qtbot.addWidget(box)
    assert "同一违法行为违反多个法律规范应当给予罚款处罚的" in box.findChild(QLabel, "penalty_norm").text()
    assert "缴纳罚款的期限于2026年6月16日届满" in box.findChild(QLabel, "surcharge").text()
    dialog = PenaltyChoiceDialog(db, unsolicited, prompts)
    qtbot.addWidget(dialog)
    listing = dialog.findChild(QListWidget, "discretion_factors")
    assert "违法行为危害后果较轻" in [listing.item(i).text() for i in range(listing.count())]
