"""A character no installed font has (𠮷 U+20BB7 in a party's name, with the Debian faces alone) never prints as a
blank box unsaid: issuing refuses the document naming the character, its code point and its field, taking no 文号
and changing nothing; a draft is still written, with the same said as a warning (``docs render`` on stderr). A
character the styles' faces lack but another installed face has (the per-character fallback) is drawn from that
face and refuses nothing."""

from __future__ import annotations

import json
import shutil

import pytest

from tests.helpers import program_day, run
from workstation.documents.drafts import draft_document, find_form
from workstation.documents.fonts import resolve_fonts
from workstation.documents.glyphs import document_missing_glyphs, draft_warnings
from workstation.documents.issuing import check_issue, issue_document
from workstation.documents.numbering import next_number
from workstation.errors import WorkstationError
from workstation.store import find_case

CASE = "佛南市监立〔2026〕1号"


def _rare() -> str:
    """𠮷 where no installed face has it (the Debian faces of the bootstrap); else a private-use code point none
    maps, so that the test says the same on a machine with fonts-hanazono."""
    fonts = resolve_fonts()
    return next(c for c in ("𠮷", "\U0010fffd") if fonts.uncovered(c))


RARE = _rare()
NAME = f"佛山市南海区{RARE}祥商行"
CODE = f"U+{ord(RARE):04X}"
#: what the demo case's decision needs besides (its evidence: the demo case has no record issued)
GIVEN = {"evidence": "1.询问笔录一份；2.现场笔录一份。"}


@pytest.fixture
def case(demo_db):
    return find_case(demo_db, CASE)


def _counts(db) -> tuple:
    return tuple(db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
                 for table in ("documents", "doc_numbers", "audit", "files"))


def test_issuing_with_a_character_no_font_has_is_refused_naming_it_and_takes_no_number(demo_db, data_dir, case,
                                                                                     english):
    form = find_form("penalty_decision")
    before, counts = next_number(demo_db, case.agency_id, "处", 2026), _counts(demo_db)
    with pytest.raises(WorkstationError) as refused:
        issue_document(demo_db, data_dir, case, form, {**GIVEN, "party_name": NAME})
    message = refused.value.message
    assert message.startswith(f"{form.field('party_name').label}: “{RARE}” ({CODE}) has no glyph")
    assert "cannot be issued" in message and "证据" not in message
    assert str(data_dir / "fonts") in message and "公安" in message and "生僻字" in message
    assert next_number(demo_db, case.agency_id, "处", 2026) == before
    assert _counts(demo_db) == counts


def test_the_check_before_the_confirmation_refuses_it_too(demo_db, case, english):
    with pytest.raises(WorkstationError) as refused:
        check_issue(demo_db, case, find_form("penalty_decision"), {**GIVEN, "party_name": NAME})
    assert refused.value.message.startswith(f"当事人: “{RARE}” ({CODE})")


def test_the_same_document_with_the_common_character_is_issued(demo_db, data_dir, case):
    issued = issue_document(demo_db, data_dir, case, find_form("penalty_decision"),
                            {**GIVEN, "party_name": "佛山市南海区吉祥商行"})
    assert issued.number


def test_a_character_only_a_fallback_face_has_is_drawn_from_it_and_refuses_nothing(demo_db, data_dir, case):
    fonts = resolve_fonts()
    fangsong = fonts.faces["fangsong"].name
    # an ideograph the body's face lacks and another installed face has (WenQuanYi has some UMing lacks)
    borrowed = next(c for name in fonts.chars if name != fangsong for c in sorted(fonts.chars[name])
                    if "\u4e00" <= c <= "\u9fff" and c not in fonts.chars[fangsong])
    document = draft_document(demo_db, case, find_form("penalty_decision"),
                              {**GIVEN, "party_name": f"佛山市{borrowed}记商行"})
    assert document_missing_glyphs(document) == []
    assert issue_document(demo_db, data_dir, case, find_form("penalty_decision"),
                          {**GIVEN, "party_name": f"佛山市{borrowed}记商行"}).number


def test_a_draft_names_the_field_and_the_character(demo_db, data_dir, case, english):
    document = draft_document(demo_db, case, find_form("penalty_decision"), {**GIVEN, "party_name": NAME})
    missing = document_missing_glyphs(document)
    assert [(m.label, m.chars) for m in missing] == [("当事人", RARE)]
    [warning] = draft_warnings(missing, data_dir)
    assert warning.startswith(f"当事人: “{RARE}” ({CODE}) has no glyph") and "blank box" in warning


def test_docs_render_writes_the_draft_and_warns_on_stderr(demo_db, data_dir, tmp_path, capsys, english):
    values = tmp_path / "v.json"
    values.write_text(json.dumps({**GIVEN, "party_name": NAME}, ensure_ascii=False), encoding="utf-8")
    code, out, err = run(capsys, "--data-dir", data_dir, "docs", "render", CASE, "--form", "penalty_decision",
                         "--values", values, "-o", tmp_path / "draft.pdf")
    assert code == 0 and (tmp_path / "draft.pdf").read_bytes().startswith(b"%PDF")
    assert f"Warning: 当事人: “{RARE}” ({CODE}) has no glyph" in err and "Warning" not in out


def test_docs_render_of_a_docx_says_nothing_word_draws_it(demo_db, data_dir, tmp_path, capsys, english):
    values = tmp_path / "v.json"
    values.write_text(json.dumps({**GIVEN, "party_name": NAME}, ensure_ascii=False), encoding="utf-8")
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "render", CASE, "--form", "penalty_decision",
                          "--values", values, "-o", tmp_path / "draft.docx")
    assert code == 0 and "no glyph" not in err


def test_docs_issue_is_refused_with_exit_1_and_nothing_numbered(demo_db, data_dir, tmp_path, capsys, english):
    case = find_case(demo_db, CASE)
    values = tmp_path / "v.json"
    values.write_text(json.dumps({**GIVEN, "party_name": NAME}, ensure_ascii=False), encoding="utf-8")
    before, counts = next_number(demo_db, case.agency_id, "处", 2026), _counts(demo_db)
    code, out, err = run(capsys, "--data-dir", data_dir, "docs", "issue", CASE, "--form", "penalty_decision",
                         "--values", values, "-o", tmp_path / "decision.pdf")
    assert code == 1 and out == ""
    assert f"当事人: “{RARE}” ({CODE}) has no glyph" in err and "cannot be issued" in err
    assert not (tmp_path / "decision.pdf").exists()
    assert next_number(demo_db, case.agency_id, "处", 2026) == before and _counts(demo_db) == counts


def test_an_interviews_minutes_are_refused_before_the_question_and_take_no_number(demo_db, data_dir, english,
                                                                                  monkeypatch):
    from tests.test_interviews import OPERATORS
    from workstation.documents.interview_documents import check_interview_issue, issue_interview_document
    from workstation.store.interviews import get_interview

    interview, form = get_interview(demo_db, OPERATORS), find_form("interview_minutes")
    program_day(monkeypatch, "2026-04-20")  # before the report deadline the minutes announce, 2026-05-11 (s65)
    values = {"participants": f"市场监管局：陈志强；运营商：王{RARE}"}
    with pytest.raises(WorkstationError) as refused:
        check_interview_issue(demo_db, interview, form, values)
    assert refused.value.message.startswith(f"参加人员: “{RARE}” ({CODE}) has no glyph")
    counts = _counts(demo_db)
    with pytest.raises(WorkstationError, match=CODE.replace("+", r"\+")):
        issue_interview_document(demo_db, data_dir, interview, form, values)
    assert _counts(demo_db) == counts
    assert issue_interview_document(demo_db, data_dir, interview, form).number == "佛市监纪要〔2026〕1号"


def test_a_leads_letter_is_refused_when_issued_and_takes_no_number(demo_db, data_dir, english):
    from tests.test_lead_docs_checks10 import LEAD, unassigned_lead
    from workstation.leads_workflow import assign_lead, issue_lead_document
    from workstation.store import agency_by_code

    unassigned_lead(demo_db)
    assign_lead(demo_db, LEAD, agency_by_code(demo_db, "440604012").id, on="2026-03-02")
    form = find_form("assignment_notice")
    counts = _counts(demo_db)
    with pytest.raises(WorkstationError) as refused:
        issue_lead_document(demo_db, data_dir, LEAD, form, {"contact_person": f"陈{RARE}强", "report_by": "2026-03-23", "issued_on": "2026-03-02"})
    label = form.field("contact_person").label
    assert refused.value.message.startswith(f"{label}: “{RARE}” ({CODE}) has no glyph")
    assert "no 文号 was taken" in refused.value.message
    assert _counts(demo_db) == counts


def test_a_font_copied_into_the_font_folder_under_a_suggested_name_draws_the_character(_isolated_home):
    from workstation.documents.blocks import Document, Paragraph
    from workstation.documents.glyphs import document_missing_glyphs

    # 𝐁 (U+1D401) stands for the rare character: the Debian faces lack it, and a TrueType file of this machine has it
    char, source = "\U0001d401", "/usr/share/fonts/truetype/dejavu/DejaVuMathTeXGyre.ttf"
    document = Document("测试", (Paragraph.of(f"当事人：王{char}"),))
    if not resolve_fonts().uncovered(char):
        pytest.skip("an installed face already has U+1D401")
    assert [m.chars for m in document_missing_glyphs(document)] == [char]
    folder = _isolated_home / "fonts"
    folder.mkdir(parents=True)
    shutil.copyfile(source, folder / "HanaMinB.ttf")  # a name the refusal suggests
    assert document_missing_glyphs(document) == []
    assert resolve_fonts().face_for("fangsong", char) != resolve_fonts().name("fangsong")
