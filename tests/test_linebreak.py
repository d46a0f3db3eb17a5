import random

import pytest

from workstation.documents.linebreak import NO_END, NO_START, break_lines, check_lines

HAN = "当事人佛山市某有限公司于年月日在其经营场所销售不符合国家标准的产品经查证属实依据中华人民共和国产品质量法第条规定责令改正并处罚款"
PUNCT = "。，、；：？！）》」』”’…—（《「『“‘【】〔〕%·"
WORDS = ["GB/T", "9704-2012", "¥189,000.00", "91440604MA51ABCD2X", "PDF", "reportlab", "2026", "3.14",
         "hello world", "A4", "No.7"]


def width(text):
    """Fixed widths: a Chinese character or full-width sign 1, anything else half of that."""
    return sum(1.0 if ord(c) >= 0x2000 and c not in "‰℃°′″" else 0.5 for c in text)


def mixed_text(length=3000, seed=7):
    rng = random.Random(seed)
    parts, size = [], 0
    while size < length:
        pick = rng.random()
        part = (rng.choice(HAN) if pick < 0.65 else rng.choice(PUNCT) if pick < 0.85
                else rng.choice(WORDS) if pick < 0.99 else "。\n" + rng.choice(HAN))
        parts.append(part)
        size += len(part)
    return "".join(parts)


@pytest.mark.parametrize("max_width", [12, 20, 29, 33.5])
def test_a_long_mixed_text_breaks_without_a_single_violation(max_width):
    text = mixed_text()
    lines = break_lines(text, max_width, width)
    assert check_lines(lines) == []
    assert all(width(line) <= max_width for line in lines)
    # nothing lost or added but the spaces at soft breaks
    assert "".join(lines).replace(" ", "") == text.replace("\n", "").replace(" ", "")


def test_lines_are_filled_but_for_the_characters_pushed_down():
    rng = random.Random(3)
    text = "".join(rng.choice(HAN) if rng.random() < 0.85 else rng.choice(PUNCT) for _ in range(3000))
    lines = break_lines(text, 20, width)
    assert check_lines(lines) == []
    filled = [width(line) for line in lines[:-1]]
    assert min(filled) >= 16 and sum(filled) / len(filled) > 19


def test_latin_words_and_numbers_are_never_split():
    text = mixed_text(seed=11)
    joined = "\n".join(break_lines(text, 20, width))
    for word in {w for phrase in WORDS for w in phrase.split()}:
        assert joined.count(word) == text.count(word), word


def test_latin_words_break_at_spaces_and_the_spaces_are_dropped():
    assert break_lines("hello world again", 6, width) == ["hello world", "again"]
    assert break_lines("见 GB/T 9704-2012 第7条", 5.5, width) == ["见 GB/T", "9704-2012", "第7条"]


def test_explicit_newlines_are_hard_breaks_and_empty_lines_stay():
    assert break_lines("第一段。\n\n第二段", 20, width) == ["第一段。", "", "第二段"]
    assert break_lines("甲乙丙丁戊\r\n己", 3, width) == ["甲乙丙", "丁戊", "己"]
    assert break_lines("", 10, width) == [""]


def test_a_closing_mark_at_a_natural_break_takes_the_previous_character_with_it():
    assert break_lines("一二三四五。六七", 5, width) == ["一二三四", "五。六七"]
    assert break_lines("一二三四五”，六七", 5, width) == ["一二三四", "五”，六七"]


def test_an_opening_mark_at_a_natural_break_moves_to_the_next_line():
    assert break_lines("一二三四（五）", 5, width) == ["一二三四", "（五）"]
    assert break_lines("一二三“《五》”", 5, width) == ["一二三", "“《五》”"]


def test_dashes_and_ellipses_are_never_split():
    assert break_lines("一二三四——五", 5, width) == ["一二三", "四——五"]
    assert break_lines("一二三四……", 5, width) == ["一二三", "四……"]


def test_a_word_wider_than_the_line_is_broken_anyway():
    assert break_lines("91440604MA51ABCD2X", 5, width) == ["91440604MA", "51ABCD2X"]


def test_an_opening_mark_stays_with_a_word_that_does_not_fit_on_the_rest_of_its_line():
    # the word fits on no line, or no allowed break moves it down: it fills the line and goes on on the next
    assert break_lines("（91440604MA）", 5, width) == ["（91440604", "MA）"]
    assert break_lines("甲乙（91440604MA51ABCD2X）丙", 5, width) == ["甲乙（9144", "0604MA51AB", "CD2X）丙"]
    digest = "16fc2b603e2444779d51388af93c2ff8fee98b88a969348a0712231a48ab789c"
    lines = break_lines(f"文件哈希值（{digest}）。", 20, width)
    assert lines == [f"文件哈希值（{digest[:28]}", f"{digest[28:]}）。"]


def test_a_split_word_does_not_start_a_line_with_closing_punctuation_when_another_place_fits():
    # "www" would fill the line, but the rest would start with "."
    lines = break_lines("甲乙丙丁www.example.com/path", 5.5, width)
    assert lines[0] == "甲乙丙丁ww" and check_lines(lines) == []
    assert "".join(lines) == "甲乙丙丁www.example.com/path"


@pytest.mark.parametrize("max_width", [5, 8, 12, 20, 28])
def test_long_hashes_addresses_and_urls_in_brackets_break_without_a_single_violation(max_width):
    rng = random.Random(max_width)
    words = ["16fc2b603e2444779d51388af93c2ff8fee98b88a969348a0712231a48ab789c", "6222021234567890123",
             "www.example-outbound-platform.com/api/v2/send?id=1234567890", "91440604MA51ABCD2X"]
    text = "甲" + "".join(rng.choice(HAN) if (pick := rng.random()) < 0.6 else rng.choice(PUNCT) if pick < 0.85
                         else rng.choice(words) for _ in range(2000)) + "乙"
    lines = break_lines(text, max_width, width)
    assert check_lines(lines) == []
    assert "".join(lines) == text
    assert all(width(line) <= max_width or line[-1] in NO_START for line in lines)


def test_closing_punctuation_hangs_when_the_line_offers_no_other_break():
    assert break_lines("ABCDEFGHIJ，甲", 5, width) == ["ABCDEFGHIJ，", "甲"]


def test_check_lines_names_each_bad_start_and_end():
    problems = check_lines(["甲乙", "，丙（", "丁"])
    assert len(problems) == 2
    assert all("2" in p for p in problems)
    assert "，" in problems[0] and "（" in problems[1]


def test_the_rule_sets_hold_the_punctuation_of_the_standard():
    assert set("。，、；：？！）》」』”’…—%·") <= NO_START
    assert set(".,;:?!)]}") <= NO_START
    assert set("（《「『“‘【〔〈") <= NO_END
    assert not NO_START & NO_END


@pytest.mark.parametrize("max_width", [9, 10.5, 12, 13.5, 15, 17.5, 20])
def test_a_date_a_blank_date_and_a_document_number_stay_on_one_line(max_width):
    text = "本局于2026年12月1日以《决定书》（佛南市监处〔2026〕9号）扣押，请于＿＿＿＿年＿＿月＿＿日前到本局办理。" * 4
    joined = "\n".join(break_lines(text, max_width, width))
    # a blank date (11 wide) narrower than the line is whole; on a narrower line it breaks after its 月, never
    # inside a blank (＿＿ | ＿＿年 would read as two blanks)
    blank = "＿＿＿＿年＿＿月＿＿日" if max_width >= 11 else "＿＿＿＿年＿＿月\n＿＿日"
    # the 文号 in its brackets (12.5 wide) is whole on a line it fits, else broken where the line is full, never
    # inside its serial
    number = "佛南市监处〔2026〕9号" if max_width >= 12.5 else "9号"
    for kept in ("2026年12月1日", number, blank):
        assert joined.count(kept) == 4, (kept, joined)
