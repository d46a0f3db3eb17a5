"""The 约谈通知书 is served as one sheet: the demo's notices, whose last paragraph and 落款 ran onto a second page by
two lines, print on one page (PDF and DOCX in the same smaller type), every paragraph and the 落款 on it; a shorter
notice takes 四号 rather than 小四, the larger size that keeps it on one page."""

from __future__ import annotations

import io

import docx
import pytest

from workstation.documents.docx_writer import render_docx, style_name
from workstation.documents.drafts import find_form
from workstation.documents.interview_documents import draft_interview_document
from workstation.documents.pdf_writer import render_pdf
from workstation.money import chinese_date
from workstation.records import today
from workstation.store.interviews import get_interview

# the demo's interviews: single ones (a developer, an association) and a joint one, written for one of its parties
NOTICES = {"developer": ("2665d286-9309-541e-9d11-f29c98a11471", None),
           "association": ("5246de4e-a5d4-5f9f-9de1-a4c3d3d45bf5", None),
           "operators": ("0e7e310e-296a-586e-96a9-4a924496795f", "60946fa0-2034-5fcf-950a-25ac4304d2c4")}


def notice(db, name: str, overrides: dict | None = None):
    interview, party = NOTICES[name]
    return draft_interview_document(db, get_interview(db, interview), find_form("interview_notice"), overrides,
                                    party_id=party, blanks=[])


@pytest.mark.parametrize("name", NOTICES)
def test_the_demo_interview_notices_print_on_one_page(read_demo_db, name):
    document = notice(read_demo_db, name)
    rendered = render_pdf(document)
    assert rendered.pages == 1
    text = "".join(rendered.text_lines()).replace(" ", "")
    for printed in ("一、约谈事由：", "六、需携带的材料", "七、联系人：", "按时参加约谈", "应当在约谈前与本局联系并说明理由。"):
        assert printed in text, printed
    assert text.endswith(f"市场监督管理局{chinese_date(today())}")  # the 落款 on the same page
    # the text in a smaller size than 三号, the agency line and the title as they were; the DOCX alike
    styles = {line.style for line in rendered.lines if line.kind == "text"}
    assert "body" not in styles and styles & {"body_compact", "body_small"}
    body = next(style for style in ("body_compact", "body_small") if style in styles)
    words = {p.style.name for p in docx.Document(io.BytesIO(render_docx(document))).paragraphs}
    assert style_name(body) in words and style_name("body") not in words


def test_a_shorter_notice_takes_the_larger_size_that_keeps_it_on_one_page(read_demo_db):
    short = {"materials": "1.自查报告。", "legal_basis": "《中华人民共和国消费者权益保护法》",
             "attendees": "你单位法定代表人", "interviewers": "欧文辉、冯俊杰", "reason": "消费者投诉的推销电话问题"}
    rendered = render_pdf(notice(read_demo_db, "developer", short))
    assert rendered.pages == 1
    styles = {line.style for line in rendered.lines if line.kind == "text"}
    assert "body_compact" in styles and not styles & {"body", "body_small"}  # 四号, not 小四
