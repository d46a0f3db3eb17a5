"""The question before issuing shows an amount once with its unit: the field's label without （元）, the amount in
figures and in words (罚款：¥150,000.00（壹拾伍万元整）)."""

from __future__ import annotations

from ui.case_documents import issue_summary
from workstation.documents.drafts import find_form


def test_the_amounts_are_shown_in_figures_and_words_under_labels_without_their_unit(english):
    form = find_form("penalty_decision")
    summary = issue_summary(form, {"party_name": "佛山市某科技有限公司", "fine_fen": 15_000_000,
                                   "confiscated_fen": 123_450, "total_fen": 15_123_450})
    lines = summary.split("\n")
    assert "罚款：¥150,000.00（壹拾伍万元整）" in lines
    assert "没收违法所得：¥1,234.50（壹仟贰佰叁拾肆元伍角整）" in lines
    assert "罚没款合计：¥151,234.50（壹拾伍万壹仟贰佰叁拾肆元伍角整）" in lines
    assert "（元）" not in summary and "人民币" not in summary
