"""Justified lines holding a long number, web address or hash (a bank account, IMEI, URL, SHA-256) and few Chinese
characters: the room a line lacks goes only to the gaps outside numbers and Latin words (``linebreak.word_gaps``), so
the spread limit (``MAX_SPREAD``, 0.1 em) holds per such gap — before, it was checked against all the line's gaps and
the few stretchable ones got a character or more each (…abcdef　 。　 账　 号, audit documents_layout). Checked on the
PDF writer's own laid-out lines: the gap after each character is the line's character spacing less its segment's
``squeeze``, as the writer draws it."""

from pathlib import Path

import pytest

from tests.rendering import case_draft, pdf_of
from workstation.documents.blocks import Paragraph, tracking
from workstation.documents.fonts import resolve_fonts
from workstation.documents.linebreak import break_lines, check_lines
from workstation.documents.pdf_layout import MAX_SPREAD, measurer, paragraph_lines, style

UMING = Path("/usr/share/fonts/truetype/arphic/uming.ttc")
needs_fonts = pytest.mark.skipif(not UMING.is_file(), reason="needs fonts-arphic-uming")
CASE = "佛南市监立〔2026〕8号"
COLUMN = 156 * 72 / 25.4  # the body's column on A4 with 28 mm and 26 mm margins

URL = ("网址为https://www.example.com/very/long/path/to/the/records/of/the/case/index.html?id=1234567890abcdef。"
       "账号6222021234567890123（工商银行）。")
IMEI = "经查，涉案手机的IMEI为861234567890123，序列号为ABCDEFGHJKLMNPQRSTUV，均与记录一致。"
SHA = ("证据文件call_records_20260301.xlsx的SHA-256为3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b，"
       "证明当事人拨打推销电话的事实。")
EVIDENCE = (  # the audit's repro (vals_ev.json)
    "1．当事人营业执照复印件，证明当事人的主体资格；\n"
    "2．外呼系统导出的通话记录（文件名call_records_20260301.xlsx，SHA-256：3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c"
    "1835420b6b9942dd4f1b），证明当事人拨打推销电话的事实；\n"
    "3．当事人对公账户（开户行中国工商银行佛山分行，账号2013012345678901234）的流水，证明违法所得；\n"
    "4．短信平台后台截图（https://sms.example-platform.com/admin/records?page=1），证明发送短信的事实。")


def gaps(line) -> list[float]:
    """The spacing the writer adds after each character of ``line`` but its last (``pdf_writer._draw_line``)."""
    out = []
    for segment in line.segments:
        out += [line.char_space - segment.squeeze] * len(segment.text)
    return out[:-1]


def widest_gaps(lines, spacing: float, size: float) -> list[tuple[str, float]]:
    """The lines but each paragraph's last whose widest gap exceeds the limit, with that gap in ems beyond tracking."""
    limit = spacing + MAX_SPREAD * size + 1e-6
    return [(line.text, round((max(gaps(line)) - spacing) / size, 3)) for line in lines
            if not line.last and gaps(line) and max(gaps(line)) > limit]


@needs_fonts
@pytest.mark.parametrize("style_name", ["body", "body_small"])
@pytest.mark.parametrize("tail", [URL, IMEI, SHA], ids=["url", "imei", "sha"])
def test_no_gap_of_a_justified_line_is_spread_wider_than_the_maximum(data_dir, style_name, tail):
    measure = measurer(resolve_fonts(data_dir))
    spacing, size = tracking(style(style_name)), style(style_name)["size"]
    for k in range(28):
        text = "甲" * k + tail
        lines = paragraph_lines(Paragraph.of(text, style_name), COLUMN, measure)
        assert widest_gaps(lines, spacing, size) == [], k
        assert "".join(line.text for line in lines) == text
        assert check_lines([line.text for line in lines]) == []
        assert all(line.x + line.width <= COLUMN + 0.01 for line in lines)


@needs_fonts
def test_a_line_of_many_chinese_characters_is_still_spread_flush_right(data_dir):
    """The fix leaves ordinary justified lines alone: a line with a short number in it still ends at the margin."""
    text = "当事人于2026年3月1日至3月15日期间，通过外呼系统向消费者拨打推销电话共计1234次，" * 3
    lines = paragraph_lines(Paragraph.of(text, "body"), COLUMN, measurer(resolve_fonts(data_dir)))
    inner = [line for line in lines if not line.last]
    assert len(inner) >= 3
    assert all(line.x + line.width == pytest.approx(COLUMN, abs=0.01) for line in inner)


def width(text):
    """Fixed widths: a Chinese character or full-width sign 1, anything else half of that."""
    return sum(1.0 if ord(c) >= 0x2000 else 0.5 for c in text)


def test_the_line_breaker_counts_only_the_stretchable_gaps_before_breaking_inside_a_date():
    # 46 letters (23) and ，于 (2): 2026年5月8日 (6.5) does not fit the 3 left; spread over the line's 47 gaps that
    # is 0.064 each, but over the only 2 that stretch (x，and ，于) 1.5 each: the date breaks after its year
    text = "x" * 46 + "，于2026年5月8日直接送达。"
    assert break_lines(text, 28, width, stretch=0.1)[0] == "x" * 46 + "，于2026年"
    # without stretch the date still moves whole
    assert break_lines(text, 28, width)[0] == "x" * 46 + "，于"


@needs_fonts
def test_the_audits_evidence_list_prints_with_no_gap_wider_than_the_maximum(read_demo_db):
    rendered = pdf_of(case_draft(read_demo_db, CASE, "penalty_decision", {"evidence": EVIDENCE}))
    body = [line for line in rendered.lines if line.kind == "text" and style(line.style).get("align") == "justify"]
    printed = "".join(line.text for line in body)
    assert "3a7bd3e2360a3d29" in printed and "2013012345678901234" in printed and "records?page=1" in printed
    for style_name in {line.style for line in body}:
        spacing, size = tracking(style(style_name)), style(style_name)["size"]
        assert widest_gaps([line for line in body if line.style == style_name], spacing, size) == []
    assert not rendered.line_problems()


@needs_fonts
def test_a_line_full_but_for_less_than_a_letter_ends_flush_right_with_its_words_barely_looser(data_dir):
    """网址为https://www.example.com/very/long/path/to/the/ fills its line but for 0.4 em: its 3 gaps outside the URL
    take 0.1 em each, the rest goes into the URL's 50 gaps (0.02 pt each), so the line still ends at the margin."""
    size, spacing = style("body")["size"], tracking(style("body"))
    first = paragraph_lines(Paragraph.of(URL, "body"), COLUMN, measurer(resolve_fonts(data_dir)))[0]
    assert first.text.startswith("网址为https://") and not first.last
    assert first.x + first.width == pytest.approx(COLUMN, abs=0.01)
    assert max(gaps(first)) <= spacing + MAX_SPREAD * size + 1e-6
    inside = [gap for gap, a, b in zip(gaps(first), first.text, first.text[1:], strict=False)
              if a.isascii() and b.isascii()]
    assert inside and max(inside) <= spacing + 0.04 * size + 1e-6


def test_the_room_a_line_may_be_spread_is_one_rule_for_the_line_breaker_and_the_writer():
    """``linebreak.spread_room``: ``stretch`` per gap outside numbers and Latin words and ``squeeze`` per gap inside
    them, or ``stretch`` per gap in a line of words (or of Chinese characters) alone."""
    from workstation.documents.linebreak import spread_room, word_gaps
    # 甲|乙|2026|年: gaps 甲乙 乙2 6年 stretch, 20 02 26 squeeze
    assert spread_room(word_gaps("甲乙2026年"), 0.1, 0.04) == pytest.approx(3 * 0.1 + 3 * 0.04)
    assert spread_room(word_gaps("2026"), 0.1, 0.04) == pytest.approx(3 * 0.1)
    assert spread_room(word_gaps("甲乙丙"), 0.1, 0.04) == pytest.approx(2 * 0.1)
    assert spread_room(word_gaps("甲"), 0.1, 0.04) == pytest.approx(0.1)


@needs_fonts
@pytest.mark.parametrize("style_name", ["body", "body_small"])
def test_the_writer_spreads_a_line_flush_exactly_when_the_line_breaker_allows_it(data_dir, style_name):
    """A justified line is set flush right when its slack beyond tracking is within ``spread_room``, else ragged."""
    from workstation.documents.linebreak import spread_room, word_gaps
    from workstation.documents.pdf_layout import SQUEEZE
    measure = measurer(resolve_fonts(data_dir))
    spacing, size = tracking(style(style_name)), style(style_name)["size"]
    checked = 0
    for k in range(28):
        for tail in (URL, IMEI, SHA):
            for line in paragraph_lines(Paragraph.of("甲" * k + tail, style_name), COLUMN, measure)[:-1]:
                if line.x > 0.01:  # the first line, after its indent
                    continue
                natural = sum(measure.widths(style_name)[c] for c in line.text) * size
                slack = COLUMN - natural - spacing * (len(line.text) - 1)
                if slack < 0:
                    continue
                flush = line.x + line.width == pytest.approx(COLUMN, abs=0.01)
                room = spread_room(word_gaps(line.text), MAX_SPREAD * size, SQUEEZE * size)
                if abs(slack - room) > 0.01:
                    assert flush == (slack <= room), line.text
                    checked += 1
    assert checked > 20


# a 造字 (a character in the Private Use Area, as an agency's own font has them) starting a line: 29 Chinese characters
# after it, ，于 (2) and the date 2026年5月8日 (6), which does not fit in the 3.05 left. The line's 32 characters have 31
# gaps, all stretching: spread by at most 0.1 each the line takes 3.1, and the date moves whole; were the 造字 not
# counted (as the writer's first-line indent stand-in is not), 3.0 would be too little and the date would break after
# its year (2026年, 3 wide, fits)
ZAOZI = "\ue0a1"


def test_a_private_use_character_at_a_lines_start_counts_as_a_character_of_it():
    text = ZAOZI + "甲" * 29 + "，于2026年5月8日直接送达。"
    assert break_lines(text, 35.05, width, stretch=0.1)[0] == ZAOZI + "甲" * 29 + "，于"


def test_the_first_line_indent_stand_in_sets_no_gap():
    from workstation.documents.linebreak import INDENT
    text = INDENT + "甲" * 29 + "，于2026年5月8日直接送达。"
    assert break_lines(text, 35.05, width, stretch=0.1, indented=True)[0] == INDENT + "甲" * 29 + "，于2026年"


# stop read (sr_report_disk_layout) ------------------------------------------------------------------------------
def test_a_justified_line_set_without_piece_widths_is_still_spread_flush_right():
    """Finding 3: a justified line (not its paragraph's last) set without ``piece_width`` is spread evenly to the
    column's edge, as before, rather than left ragged."""
    from workstation.documents.pdf_layout import Segment, _set_line

    spec = dict(style("body"))
    size = spec["size"]
    text = "当事人于2026年3月1日拨打推销电话"
    natural = size * width(text)
    segment = Segment(font="body", text=text, width=natural)
    available = natural + 0.05 * size * (len(text) - 1)  # well within MAX_SPREAD per gap
    line = _set_line(text, "body", spec, (segment,), 0.0, available, "justify", False, "text")
    assert line.x + line.width == pytest.approx(available, abs=0.01)
    # a line that would be spread too wide stays ragged
    wide = natural + 0.5 * size * (len(text) - 1)
    line = _set_line(text, "body", spec, (segment,), 0.0, wide, "justify", False, "text")
    assert line.width == pytest.approx(natural, abs=0.01)


# a 造字 at U+E000 (the first code point of the Private Use Area, an agency's first own character) starting a line
# that is not its paragraph's first: it is a character of the line, not the first-line indent's stand-in
def test_u_e000_starting_a_later_line_counts_as_a_character_of_it():
    text = "甲" * 35 + "\ue000" + "甲" * 29 + "，于2026年5月8日直接送达。"
    lines = break_lines(text, 35.05, width, stretch=0.1)
    assert lines[0] == "甲" * 35
    assert lines[1] == "\ue000" + "甲" * 29 + "，于"  # 31 gaps take 3.1: the date moves whole


def test_u_e000_starting_a_paragraph_without_an_indent_counts_as_a_character_of_it():
    # the writer breaks a paragraph with no first-line indent (or a hard line after the first) as it is: a 造字 at
    # U+E000 starting it is no stand-in; nor is it when it starts the text after a hard line break
    text = "\ue000" + "甲" * 29 + "，于2026年5月8日直接送达。"
    assert break_lines(text, 35.05, width, stretch=0.1)[0] == "\ue000" + "甲" * 29 + "，于"
    assert break_lines("甲\n" + text, 35.05, width, stretch=0.1)[1] == "\ue000" + "甲" * 29 + "，于"
    # only the text the writer marks as indented starts with the stand-in
    assert break_lines(text, 35.05, width, stretch=0.1, indented=True)[0] == "\ue000" + "甲" * 29 + "，于2026年"
