"""`docs render` of a PDF draft set in a stand-in face says so on stderr, as `docs issue` does
(``cli._stand_in_fonts_warning``); a DOCX draft, set by the word processor in faces of its own, does not."""

from __future__ import annotations

from tests.helpers import run


def _case(make_case):
    return make_case(status="investigating", lead_received_on="2026-03-01", filed_on="2026-03-02",
                     violations=["unsolicited_commercial_messages"], facts="经查，当事人未经消费者同意向其发送商业性短信。")


def test_a_pdf_draft_set_in_a_stand_in_face_says_so_as_issuing_does(db, data_dir, make_case, capsys, tmp_path,
                                                                     english):
    from workstation.documents.fonts import resolve_fonts

    assert resolve_fonts(data_dir).faces["fangsong"].fallback  # no 仿宋 on this machine (tests/test_fonts.py)
    case = _case(make_case)
    code, out, err = run(capsys, "--data-dir", data_dir, "docs", "render", case.id, "--form", "rectification_order",
                         "--format", "pdf", "-o", tmp_path / "order.pdf")
    assert code == 0 and (tmp_path / "order.pdf").exists(), err
    assert err == (f"Warning: No official FangSong font is installed: the preview and PDF use AR PL UMing CN instead. "
                   f"Put the official fonts (simfang.ttf) in {data_dir / 'fonts'}.\n")


def test_a_docx_draft_says_nothing_of_the_pdf_faces(db, data_dir, make_case, capsys, tmp_path, english):
    case = _case(make_case)
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "render", case.id, "--form", "rectification_order",
                          "--format", "docx", "-o", tmp_path / "order.docx")
    assert code == 0 and err == ""
