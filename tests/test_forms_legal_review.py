"""A legal officer's review of the forms added with the catalogue's Nos. 6–52: what each printed text must (not)
say, read back from its PDF. One draft per form, drawn from the shared read-only demo database with the values
the per-form tests type (so the draft and its PDF are shared with them: tests/rendering.py)."""

import re
from io import BytesIO

from pypdf import PdfReader

from tests.rendering import case_draft, pdf_of

CASE = "佛南市监立〔2026〕1号"  # a company: 你单位, 住所, 统一社会信用代码
TYPED = {"served_document": "行政处罚决定书", "decision_no": "佛南市监处〔2026〕9号",
         "notice_no": "佛南市监保存〔2026〕1号", "serial_no": "0012345"}


def printed(db, form_id: str) -> str:
    """The text of ``form_id``'s PDF drafted for CASE, without line breaks, spaces and page numbers (— 1 —)."""
    data = pdf_of(case_draft(db, CASE, form_id, TYPED)).data
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)
    return re.sub(r"—\d+—", "", text.replace("\n", "").replace(" ", ""))


def test_a_compulsory_measure_decision_cites_no_article_for_the_power_to_seize(read_demo_db):
    """行政强制法 art. 24 says what a decision contains, not that the bureau may seize, and REFERENCE gives no
    article conferring the power: the draft names no basis at all (a blank to fill in, required to issue), never the
    law without an empowering article; art. 25 (the period) stays."""
    text = printed(read_demo_db, "compulsory_measure_decision")
    assert "第二十四条" not in text
    assert "经本局负责人批准，依据＿＿＿＿＿＿＿＿＿＿＿＿的规定，本局决定对上述财物予以扣押" in text
    assert "依据《中华人民共和国行政强制法》第二十五条的规定，扣押期限为三十日" in text
    assert "向佛山市南海区人民政府申请行政复议，也可以在六个月内" in text


def test_the_on_the_spot_decision_does_not_announce_findings_twice(read_demo_db):
    """The officers' sentence ended in "查明：" and the facts begin "经查，": it now ends with the certificates."""
    text = printed(read_demo_db, "on_the_spot_decision")
    assert "查明：经查" not in text
    assert "向当事人出示执法证件，表明身份。经查，当事人于2026年1月至2月" in text
    # the remedy of an on-the-spot decision: reconsideration first, before the government at the bureau's level
    assert "应当先自收到本决定书之日起六十日内向佛山市南海区人民政府申请行政复议" in text


def test_an_assistance_letter_asks_once_and_leaves_a_line_for_the_numbers(read_demo_db):
    """The background repeated the opening's request, and with no numbers typed "使用下列号码" pointed at nothing."""
    text = printed(read_demo_db, "assistance_letter")
    assert text.count("需要贵单位协助调查") == 1
    assert "发送商业性短信。涉及号码：＿＿＿＿" in text
