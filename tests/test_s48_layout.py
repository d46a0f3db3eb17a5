"""The printed layout (found by the layout audit):

- an emoji or pictograph an installed fallback face happens to draw (😀 ☺ ✂ in DejaVu Sans) was printed and issued
  without a word: it is refused on issue before a 文号 is taken and warned on a draft, whatever face has it; the
  symbols a form prints itself and the ones an officer types in a 公文 (☑ □ ○ ● ※ × √ ℃) are no pictographs;
- titles are set in a 小标宋 face when one is installed (the title font style), else in the Song face as before;
- a 立案审批表 and a 不予立案审批表 (小四 cells) keep their 8-character labels on one line (versions 11 and 9);
- ticked and empty boxes are drawn from one face."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.helpers import run
from tests.rendering import case_draft, pdf_of
from workstation.documents import fonts
from workstation.documents.drafts import find_form
from workstation.documents.fonts import describe, resolve_fonts
from workstation.documents.glyphs import document_missing_glyphs, draft_warnings, missing_glyphs
from workstation.documents.issuing import check_issue
from workstation.errors import WorkstationError
from workstation.store import find_case

UMING = Path("/usr/share/fonts/truetype/arphic/uming.ttc")
MICROHEI = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
CASE = "佛南市监立〔2026〕1号"
EMOJI = "😀☺✂"
VIOLATION = "经查，当事人在微信群“楼盘推广😀群”中发布推销信息☺，并群发短信✂。"


@pytest.fixture(autouse=True)
def _no_windows_fonts(monkeypatch):
    monkeypatch.delenv("WINDIR", raising=False)


# ---- emoji and pictographs

def test_an_emoji_a_fallback_face_draws_is_still_named(english):
    fontset = resolve_fonts()
    drawn = [c for c in EMOJI if not fontset.uncovered(c)]
    if not drawn:
        pytest.skip("no installed face draws these emoji")
    [found] = missing_glyphs((("违法事实", VIOLATION),), fonts=fontset)
    assert found.label == "违法事实" and set(drawn) <= set(found.chars + found.emoji)


def test_issuing_a_notice_with_an_emoji_is_refused_before_a_number_is_taken(demo_db, data_dir, tmp_path, capsys,
                                                                          english):
    values = tmp_path / "v.json"
    values.write_text(json.dumps({"violation": VIOLATION}, ensure_ascii=False), encoding="utf-8")
    before = demo_db.execute("SELECT COUNT(*) FROM doc_numbers").fetchone()[0]
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "issue", CASE, "--form", "rectification_order",
                          "--values", values, "-o", tmp_path / "o.pdf")
    assert code != 0 and not (tmp_path / "o.pdf").exists()
    assert "emoji" in err and "😀" in err and "cannot be issued" in err
    assert demo_db.execute("SELECT COUNT(*) FROM doc_numbers").fetchone()[0] == before


def test_the_check_before_confirming_refuses_it_too(read_demo_db, english):
    with pytest.raises(WorkstationError) as refused:
        check_issue(read_demo_db, find_case(read_demo_db, CASE), find_form("rectification_order"),
                    {"violation": VIOLATION})
    assert "emoji" in refused.value.message and "✂" in refused.value.message


def test_a_draft_with_an_emoji_is_written_with_a_warning(demo_db, data_dir, tmp_path, capsys, english):
    values = tmp_path / "v.json"
    values.write_text(json.dumps({"violation": VIOLATION}, ensure_ascii=False), encoding="utf-8")
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "render", CASE, "--form", "rectification_order",
                          "--values", values, "-o", tmp_path / "draft.pdf")
    assert code == 0 and (tmp_path / "draft.pdf").is_file()
    [line] = [line for line in err.splitlines() if "😀" in line]
    assert line.startswith("Warning: ") and "emoji" in line and "delete it" in line


def test_the_forms_own_boxes_and_common_symbols_are_no_pictographs(read_demo_db, data_dir):
    typed = "抽检结果：☑合格 □不合格；○ ● ※ × √ ★ 温度38℃，№12，第①项"
    document = case_draft(read_demo_db, CASE, "filing_approval", {"facts": typed, "source": "投诉"})
    assert "☑" in document.text and "□" in document.text
    assert document_missing_glyphs(document) == []
    assert draft_warnings(missing_glyphs((("简要案情", typed),)), data_dir) == []


# ---- the title's 小标宋 face

def test_layout_titles_use_the_title_font_style():
    from workstation.documents.pdf_layout import style

    assert style("title")["font"] == "title" and style("agency")["font"] == "title"


def test_without_a_xiaobiaosong_face_titles_use_the_song_face_unwarned(data_dir):
    fontset = resolve_fonts(data_dir)
    title, song = fontset.faces["title"], fontset.faces["song"]
    assert (title.name, title.path) == (song.name, song.path)
    assert "title" not in fontset.style_warnings
    rows = {row["style"]: row for row in describe(fontset)}
    assert rows["title"]["face"] == song.family and rows["title"]["warning"] == ""
    assert "小标宋" not in fonts.stand_in_note(fontset, data_dir / "fonts")


def test_a_xiaobiaosong_file_in_the_user_folder_sets_the_titles(data_dir):
    folder = data_dir / "fonts"
    folder.mkdir()
    shutil.copyfile(MICROHEI, folder / "FZXBSJW.TTF")  # the file name of 方正小标宋简体
    fontset = resolve_fonts(data_dir)
    title = fontset.faces["title"]
    assert (title.source, title.path) == ("user", folder / "FZXBSJW.TTF")
    assert title.name != fontset.faces["song"].name


def test_a_xiaobiaosong_family_is_found_whatever_its_file_name(data_dir, monkeypatch):
    spec = fonts.font_spec()
    patched = {**spec, "styles": {**spec["styles"], "title": {
        **spec["styles"]["title"], "families": [*spec["styles"]["title"]["families"], "WenQuanYi Micro Hei"]}}}
    monkeypatch.setattr(fonts, "font_spec", lambda: patched)
    folder = data_dir / "fonts"
    folder.mkdir()
    shutil.copyfile(MICROHEI, folder / "my title font.ttc")
    title = resolve_fonts(data_dir).faces["title"]
    assert (title.source, title.fallback) == ("user", False)


def test_the_fonts_command_lists_the_title_style(data_dir, capsys, english):
    code, out, _err = run(capsys, "--data-dir", data_dir, "--json", "fonts")
    assert code == 0
    rows = {row["style"]: row for row in json.loads(out)}
    assert rows["title"]["face"] == rows["song"]["face"] and rows["title"]["warning"] == ""
    assert "FZXBSJW.TTF" in rows["title"]["note"] and rows["song"]["note"] == ""
    code, out, err = run(capsys, "--data-dir", data_dir, "fonts")
    [line] = [line for line in out.splitlines() if line.startswith("XiaoBiaoSong\t")]
    assert "uses the Song face" in line and "XiaoBiaoSong" not in err


def test_the_title_is_drawn_in_the_title_face(read_demo_db):
    rendered = pdf_of(case_draft(read_demo_db, CASE, "filing_approval"))
    fontset = resolve_fonts()
    [title] = [line for line in rendered.lines if line.style.startswith("title")][:1]
    assert {segment.font for segment in title.segments} == {fontset.faces["title"].name}


# ---- the 立案审批表's labels

LONG = "当事人于2026年5月至8月通过第三方外呼平台向消费者批量拨打推销电话并发送商业性短信。" * 40


@pytest.mark.parametrize("facts", ["", LONG])
@pytest.mark.parametrize("form_id", ["filing_approval", "non_filing_approval"])
def test_an_approval_keeps_its_labels_on_one_line(read_demo_db, form_id, facts):
    rendered = pdf_of(case_draft(read_demo_db, CASE, form_id, {"facts": facts} if facts else {}))
    labels = [line for line in rendered.lines if line.style.startswith("cell_label")]
    texts = [line.text.strip() for line in labels]
    assert "统一社会信用代码" in texts
    if form_id == "filing_approval":
        assert "主体资格证照名称" in texts
    assert not [t for t in texts if len(t) == 1], texts


def test_an_ordinary_filing_approval_stays_one_page_in_its_size(read_demo_db):
    rendered = pdf_of(case_draft(read_demo_db, CASE, "filing_approval"))
    assert rendered.pages == 1
    assert {line.style for line in rendered.lines if line.kind == "cell"} == {"cell", "cell_label"}
    assert not rendered.line_problems()


def test_the_approvals_are_new_versions():
    assert find_form("filing_approval").version >= 11
    assert find_form("non_filing_approval").version >= 9  # 10 since session 49 (its approval date)
    root = Path(__file__).resolve().parents[1] / "forms" / "earlier"
    assert (root / "v10" / "filing_approval.toml").is_file() and (root / "v8" / "non_filing_approval.toml").is_file()


# ---- tick boxes

@pytest.mark.parametrize("form_id", ["filing_approval", "case_source_register"])
def test_ticked_and_empty_boxes_come_from_one_face(read_demo_db, form_id):
    rendered = pdf_of(case_draft(read_demo_db, CASE, form_id, {"source": "投诉"}))
    faces = {segment.font: set() for line in rendered.lines for segment in line.segments}
    for line in rendered.lines:
        for segment in line.segments:
            faces[segment.font].update(c for c in segment.text if c in "☑□")
    drawing = {font for font, chars in faces.items() if chars}
    assert set().union(*faces.values()) == {"☑", "□"}
    assert len(drawing) == 1, faces
