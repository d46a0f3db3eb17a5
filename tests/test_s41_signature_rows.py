"""The rows naming who signs (the 法制审核表's 审核人员, the 立案审批表's 办案人员) go with the signature rows after
them, which are kept with the text before them: never the signatures alone on the last page
(compose.keep_signature_rows)."""
from __future__ import annotations

from workstation.documents.blocks import Cell, Row, Table
from workstation.documents.compose import keep_signature_rows


def row(label: str, text: str) -> Row:
    return Row((Cell.of(label, "cell_label"), Cell.of(text)))


def test_legal_review_reviewers_row_goes_with_the_opinion_before_it():
    table = Table((row("案情摘要", "当事人于2026年……" * 80), row("审核意见", "经审核，本案事实清楚，同意。"),
                   row("审核人员", "赵六\n签名：　　　　2026年12月4日"),
                   row("审核机构\n负责人意见", "\n\n签名：　　　　年　　月　　日")), (0.2, 0.8))
    kept = [r.keep_with_next for r in keep_signature_rows(table).rows]
    assert kept == [False, True, True, False]


def test_filing_approval_officers_row_goes_with_the_summary_before_it():
    officers = Row((Cell.of("办案人员", "cell_label"), Cell.of("罗建华\n黄丽娟"), Cell.of("执法证号", "cell_label"),
                    Cell.of("44060514331\n44060514332")))
    table = Table((row("案由", "涉嫌……案"), row("简要案情及\n立案理由", "经查，当事人……" * 60), officers,
                   row("办案机构\n负责人意见", "\n签名：　　　　年　　月　　日"),
                   row("部门负责人\n审批意见", "\n签名：　　　　年　　月　　日")), (0.2, 0.3, 0.2, 0.3))
    kept = [r.keep_with_next for r in keep_signature_rows(table).rows]
    assert kept == [False, True, True, True, False]
