"""The drafts and renderings the per-form tests share (``tests/rendering.py``, ``read_demo_db``) hide nothing: the
shared demo database refuses writes, a draft that fails fails again for the next test that asks for it, a draft
for a test's own database is made anew, and two documents that differ are rendered apart."""

from __future__ import annotations

import pytest

from tests.rendering import case_draft, docx_of, drafted, pdf_of
from workstation.documents.blocks import Document, Paragraph
from workstation.errors import ValidationError

CASE = "佛南市监立〔2026〕1号"


def test_the_shared_demo_database_refuses_a_write(read_demo_db):
    before = read_demo_db.execute("SELECT cause FROM cases ORDER BY id LIMIT 1").fetchone()[0]
    with pytest.raises(Exception, match="readonly"):
        read_demo_db.execute("UPDATE cases SET cause = '改了'")
    assert read_demo_db.execute("SELECT cause FROM cases ORDER BY id LIMIT 1").fetchone()[0] == before


def test_a_draft_that_fails_is_not_kept_and_fails_again(read_demo_db):
    calls = []

    def broken():
        calls.append(1)
        raise ValidationError({"编号": "此项必填。"})

    for _again in range(2):
        with pytest.raises(ValidationError):
            drafted(read_demo_db, ("broken", "test_a_draft_that_fails_is_not_kept"), broken)
    assert len(calls) == 2


def test_a_draft_is_kept_for_the_shared_database_only(read_demo_db, demo_db):
    shared = case_draft(read_demo_db, CASE, "penalty_decision")
    assert case_draft(read_demo_db, CASE, "penalty_decision") is shared
    own = case_draft(demo_db, CASE, "penalty_decision")
    assert own == shared and own is not shared and case_draft(demo_db, CASE, "penalty_decision") is not own
    typed = case_draft(read_demo_db, CASE, "penalty_decision", {"statement": "当事人未提出陈述申辩。"})
    assert typed is not shared and "当事人未提出陈述申辩。" in typed.text


def test_documents_that_differ_are_rendered_apart_and_the_same_once():
    first = Document(title="甲", blocks=(Paragraph.of("第一份文书的正文"),))
    second = Document(title="甲", blocks=(Paragraph.of("第二份文书的正文"),))
    assert pdf_of(first) is pdf_of(Document(title="甲", blocks=(Paragraph.of("第一份文书的正文"),)))
    assert "".join(pdf_of(first).text_lines()) == "第一份文书的正文"
    assert "".join(pdf_of(second).text_lines()) == "第二份文书的正文"
    assert docx_of(first) is docx_of(first) and docx_of(first) != docx_of(second)
