"""Provisions are cited as documents cite them: law (法律) first, then administrative regulation (行政法规), then local
regulation, then rule (规章) — the rank of each instrument in resources/law/catalogue.toml — keeping the order given
within one rank; in the penalty basis drawn from the case, in the documents and CLI drafts that print it, and in the
basis the officer ticks in the catalogue picker."""

import pytest

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QListWidget

from tests.helpers import pdf_text, run_json
from workstation.documents.drafts import draft_document, find_form
from workstation.law import catalogue
from workstation.law.case_law import case_law
from workstation.store import find_case

LAW = "《中华人民共和国消费者权益保护法》第五十六条第一款第（九）项"
REGULATION = "《中华人民共和国消费者权益保护法实施条例》第五十条第三款"
RULE = "《侵害消费者权益行为处罚办法》第十四条"
BASIS = f"依据{LAW}、{REGULATION}、{RULE}的规定"
CASE = "佛禅市监立〔2026〕1号"  # its assessment rests on 消法 art. 56, to which the regulation and the rule refer


def test_each_instrument_has_its_rank_law_before_regulation_before_rule():
    ranks = {n.instrument: n.rank for n in catalogue.norms().values()}
    assert ranks["consumer_law"] == ranks["pipl"] == ranks["advertising_law"] == 1
    assert ranks["consumer_law"] < ranks["consumer_regulations"] < ranks["consumer_measures"]


def test_norms_are_ordered_by_rank_and_kept_in_their_order_within_one_rank():
    given = [catalogue.norm(i) for i in ("consumer_measures_14", "pipl_66_1", "consumer_regulations_50_3",
                                         "consumer_law_56_9", "consumer_measures_15")]
    assert [n.id for n in catalogue.by_rank(given)] == ["pipl_66_1", "consumer_law_56_9", "consumer_regulations_50_3",
                                                        "consumer_measures_14", "consumer_measures_15"]
    assert [n.id for n in catalogue.by_rank(reversed(given))][:2] == ["consumer_law_56_9", "pipl_66_1"]


def test_the_penalty_basis_of_a_case_cites_the_law_first(demo_db):
    law = case_law(demo_db, find_case(demo_db, CASE))
    assert law.penalty.norm.id == "consumer_law_56_9" and len(law.penalty.also_cite) == 2  # both refer to it
    assert law.basis_text == BASIS


@pytest.mark.parametrize("form_id", ["investigation_report", "pre_penalty_notice"])
def test_the_report_and_the_notice_print_the_law_first(demo_db, form_id):
    text = draft_document(demo_db, find_case(demo_db, CASE), find_form(form_id), {}).text.replace("\n", "")
    assert BASIS in text
    assert f"{RULE}、{REGULATION}" not in text


def test_a_cli_draft_prints_the_law_first(demo_db, data_dir, tmp_path, capsys):
    out = tmp_path / "决定书.pdf"
    result = run_json(capsys, "--data-dir", data_dir, "docs", "render", CASE, "--form", "penalty_decision",
                      "--format", "pdf", "-o", out)
    assert result["path"] == str(out)
    assert BASIS in pdf_text(out.read_bytes())


@pytest.mark.gui
def test_provisions_ticked_in_the_picker_are_cited_by_rank(demo_db, opened):
    editor = opened(demo_db, "penalty_decision", find_case(demo_db, CASE))
    editor.set_field("basis", "")

    offered = []

    def tick_all_but_the_law():
        listing = editor.picker.findChild(QListWidget, "picker_list")
        offered.extend(listing.item(i).text() for i in range(listing.count()))
        for i in range(listing.count()):
            law_item = listing.item(i).text() == LAW
            listing.item(i).setCheckState(Qt.CheckState.Unchecked if law_item else Qt.CheckState.Checked)
        editor.picker.accept()

    QTimer.singleShot(0, tick_all_but_the_law)
    editor.pick_norms("basis")
    assert offered[:3] == [LAW, REGULATION, RULE]  # the assessment's own choice, ticked, in citing order
    basis = editor.fields["basis"].value()
    cited = basis.removeprefix("依据").removesuffix("的规定").split("、")
    ranks = {n.citation: n.rank for n in catalogue.norms().values()}
    assert LAW not in cited and len(cited) >= 2
    assert [ranks[c] for c in cited] == sorted(ranks[c] for c in cited)  # whatever else is offered: law first
    assert cited[-1] == RULE or ranks[cited[-1]] == ranks[RULE]
