"""The styles an officer sees in Word's or WPS's style gallery when editing a DOCX are named in Chinese (公文标题,
公文正文（紧凑）, 表格标签 …), not "WS Body"; their ids stay ASCII, and each layout style has a name of its own that is
not one of the names a Chinese Word gives its built-in styles (正文 is Normal there, 页脚 Footer)."""

from __future__ import annotations

import io
import re

import docx
from docx.enum.style import WD_STYLE_TYPE

from tests.rendering import case_draft, docx_of
from workstation.documents.blocks import layout
from workstation.documents.docx_writer import style_name

CASE = "佛南市监立〔2026〕1号"
CJK = re.compile(r"[\u4e00-\u9fff]")
# the names Chinese Word shows for built-in styles a layout style could be mistaken for
BUILT_IN = {"正文", "标题", "标题 1", "标题 2", "页脚", "页眉", "页码", "签名", "正文文本", "纯文本"}


def custom_paragraph_styles(data: bytes) -> list:
    return [style for style in docx.Document(io.BytesIO(data)).styles
            if style.type == WD_STYLE_TYPE.PARAGRAPH and not style.builtin]


def test_every_custom_style_of_a_penalty_decision_is_named_in_chinese(read_demo_db):
    data = docx_of(case_draft(read_demo_db, CASE, "penalty_decision"))
    styles = custom_paragraph_styles(data)
    assert len(styles) >= len(layout()["styles"])
    for style in styles:
        assert CJK.search(style.name) and "WS " not in style.name, style.name
        assert style.style_id.isascii() and " " not in style.style_id, style.style_id
    used = {paragraph.style.name for paragraph in docx.Document(io.BytesIO(data)).paragraphs}
    assert style_name("body") in used and all(CJK.search(name) for name in used)


def test_each_layout_style_has_a_name_of_its_own():
    names = [style_name(key) for key in layout()["styles"]]
    assert len(set(names)) == len(names)
    assert all(CJK.search(name) for name in names)
    assert not set(names) & BUILT_IN
    assert style_name("title") == "公文标题" and style_name("body_compact") == "公文正文（紧凑）"
