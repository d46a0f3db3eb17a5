"""Chinese line breaking for the PDF writer (DESIGN §4): greedy filling that may break between any two Chinese
characters but never inside a run of Latin letters or digits, and never so that a line starts with closing
punctuation (。，、；：？！）》」』” …) or ends with opening punctuation (（《「『“ …). reportlab's
``wordWrap='CJK'`` does neither completely, so the writer splits lines with ``break_lines``."""

from __future__ import annotations

import re
from collections.abc import Callable

from workstation.i18n import _

#: Stands in front of a paragraph's text while the PDF writer breaks it into lines, as wide as the first-line indent
#: (pdf_layout, which says so: ``break_lines``' ``indented``): no character of the line, so it sets no gap in it
#: (``_too_slack``). U+E000 is also the first 造字 code point: elsewhere it is a character like any other.
INDENT = "\ue000"

#: Characters that may not start a line: closing brackets and quotes, sentence and clause punctuation,
#: ellipsis and dash (so …… and —— are never split), the interpunct, and signs written after a number
#: (%, ‰, ℃, °), in full and half width. GB/T 15834 and the W3C's "Requirements for Chinese Text Layout".
NO_START = frozenset(
    "。，、；：？！）》」』”’…—～·．％］｝〕】〉〗〙〛〞﹚﹜﹞・‰℃°′″〃々"
    ".,;:?!)]}%"
)

#: Characters that may not end a line: opening brackets and quotes, and currency signs written before an
#: amount (¥189,000.00), in full and half width.
NO_END = frozenset(
    "（《「『“‘【〔〈〖〘〚〝﹙﹛﹝［｛＄￥"
    "([{$¥£€"
)

# Characters laid out one by one (a break may fall between any two of them): CJK ideographs and symbols,
# kana, hangul, full-width forms except full-width letters and digits, and the punctuation Chinese text
# shares with Western text (quotes, dashes, ellipsis, interpunct). Everything else that is not a space
# (Latin letters, digits and the half-width punctuation and signs around them) forms unbreakable words.
_WIDE = (
    "\u1100-\u115f\u2e80-\u303e\u3040-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3"
    "\uf900-\ufaff\ufe10-\ufe1f\ufe30-\ufe6f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\uffe0-\uffe6"
    "\U00020000-\U0003fffd"
    "\u2014\u2015\u2018\u2019\u201c\u201d\u2026\u00b7\u2027"
)
#: A blank to be written in by hand (a run of ＿, or of two or more _) is one unit with the unit or closing marks that
#: follow it (＿＿年, ＿＿日, ＿＿＿元, ＿＿＿＿）。): moved whole to the next line rather than split, so that one blank never
#: looks like two; only a blank wider than a line is split.
_BLANK_UNIT = "年月日时分号元"
_BLANK_RUN = (rf"(?:＿[＿_]*|_{{2,}}(?![0-9A-Za-z]))[{_BLANK_UNIT}]?"
              rf"[{re.escape(''.join(sorted(NO_START)))}]*")
_TOKEN = re.compile(rf"{_BLANK_RUN}|[{_WIDE}]| +|[^ {_WIDE}]+")
_ONE_BY_ONE = re.compile(rf"[{_WIDE}]")
#: A run of at least this many full-width spaces is padding (签名：　　…　　年　　月　　日): when the rest of its line then
#: fits, it is set narrower, by up to half its width, rather than the date after it broken off (``padding_run``).
PADDING = 8
_PADDING_RUN = re.compile(f"\u3000{{{PADDING},}}")


def padding_run(text: str) -> tuple[int, int] | None:
    """Where the longest run of ``PADDING`` or more full-width spaces in ``text`` starts and ends; None when none."""
    runs = [match.span() for match in _PADDING_RUN.finditer(text)]
    return max(runs, key=lambda span: span[1] - span[0]) if runs else None

#: A date or a 文号's year and serial is kept on one line: 2026年12月1日, 〔2026〕9号, and a blank date to be written in
#: (＿＿＿＿年＿＿月＿＿日, its blanks each one unit: ``_BLANK_RUN``) — never 12月1 | 日, 9 | 号 or ＿＿月 | ＿＿日; only one
#: wider than the line, or a printed one whose line would be spread too wide, breaks after its 年 or 月 (or 〔2026〕).
#: (A blank of full-width spaces, 　　　　年　　月　　日, may still break, except after padding: ``PADDING``.)
_DIGIT = "0-9０-９"
_BLANK = f"{_DIGIT}＿_"
#: A 文号 whole — the agency's abbreviation and type code with its 〔year〕 and serial (佛南市监保存〔2026〕1号) — is one
#: unit too that never breaks inside (only one wider than the line does, where the line is full): its abbreviation is the ideographs
#: before 〔 from the bracket, quote, colon or comma that opens it, or from the one or two before the 市监 of a market
#: regulation bureau's abbreviation (作出佛南市监罚〔2026〕3号 keeps 佛南市监罚〔2026〕3号 together).
_IDEOGRAPH = "\u4e00-\u9fff"
_SERIAL = rf"〔[{_DIGIT}]{{4}}〕[{_DIGIT}]+号"
_NUMBER = (rf"(?:(?<=[（(《“「：:，,、 ])|^)(?![{_IDEOGRAPH}]{{0,8}}市监)[{_IDEOGRAPH}]{{1,10}}{_SERIAL}"
           rf"|[{_IDEOGRAPH}]{{1,2}}市监[{_IDEOGRAPH}]{{0,4}}{_SERIAL}")
_WHOLE_NUMBER = re.compile(_NUMBER)
_KEPT = re.compile(rf"{_NUMBER}|(?:[{_DIGIT}]{{1,4}}|[＿_]{{1,2}})年(?:[{_BLANK}]{{1,3}}月(?:[{_BLANK}]{{1,3}}日)?)?"
                   rf"|[{_BLANK}]{{1,3}}月[{_BLANK}]{{1,3}}日|(?:〔[{_DIGIT}]{{4}}〕)?[{_DIGIT}]+号")


def _kept_together(tokens: list[str]) -> tuple[set[int], dict[int, bool]]:
    """The indexes i of ``tokens`` before which a line may not end because a date or serial (``_KEPT``) runs
    across them, and of those the ones right after its 年, 月 or 〔year〕, each with whether its date is printed
    (True) or a blank to be written in (False): the places a printed date or 文号 may still be broken at rather than
    leave the line before it spread wide (``break_lines``' ``stretch``), a blank date only when it is wider than
    the line."""
    text = "".join(tokens)
    matches = list(_KEPT.finditer(text))
    kept, loose = set(), {}
    if not matches:  # most paragraphs and cells hold no date or serial: no need to map their tokens
        return kept, loose
    starts, offset = {}, 0
    for index, token in enumerate(tokens):
        starts[offset] = index
        offset += len(token)
    for match in matches:
        printed = not any(char in "＿_" for char in match.group())
        number = _WHOLE_NUMBER.fullmatch(match.group()) is not None
        year = match.start() + match.group().find("〔")  # a 文号's 〔year〕: its serial (9号) never split
        for at in range(match.start() + 1, match.end()):
            if at in starts:
                kept.add(starts[at])
                if number and (at <= year or text[at - 1] == "〕"):  # broken only when wider than the line
                    loose[starts[at]] = False
                elif not number and text[at - 1] in "年月〕":
                    loose[starts[at]] = printed
    return kept, loose


def _allowed_breaks(tokens: list[str]) -> tuple[list[bool], list[int]]:
    """allowed[i]: a line may end before tokens[i] (spaces around the break are dropped); and soft[i]: it may
    end there, inside a date or 文号 (``_kept_together``), only when the line offers no allowed break (1), or also
    when it would otherwise be spread too wide (2: a printed date or 文号)."""
    n = len(tokens)
    allowed = [False] * (n + 1)
    prev_end = ""  # last character of the last non-space token before i
    for i in range(1, n):
        if tokens[i - 1][0] != " ":
            prev_end = tokens[i - 1][-1]
        allowed[i] = bool(prev_end) and prev_end not in NO_END
    next_start = ""  # first character of the first non-space token at or after i, full-width spaces passed over:
    for i in range(n - 1, 0, -1):  # 一百条　。 breaks before 条, not so that the next line starts with 　。
        if tokens[i][0] != " " and (tokens[i] != "\u3000" or next_start not in NO_START):
            next_start = tokens[i][0]
        allowed[i] = allowed[i] and bool(next_start) and next_start not in NO_START
    kept, loose = _kept_together(tokens)
    soft = [0] * (n + 1)
    for i in kept:
        if allowed[i] and i in loose:
            soft[i] = 2 if loose[i] else 1
        allowed[i] = False
    return allowed, soft


def _spaced_close(tokens: list[str], at: int) -> bool:
    """Whether ``tokens[at]`` is a full-width space that closing punctuation follows (after more of them): a line
    starting there would start with it (``NO_START``)."""
    if tokens[at] != "\u3000":
        return False
    while at < len(tokens) and tokens[at] == "\u3000":
        at += 1
    return at < len(tokens) and tokens[at][0] in NO_START


def _split_word(word: str, max_width: float, width_of: Callable[[str], float]) -> tuple[str, str]:
    """The longest head of ``word`` that fits (at least one character) and the rest, split by the rules of
    ``_fill_word`` where a place fits."""
    return _fill_word(word, max_width, width_of, force=True) or (word[:1], word[1:])


def _fill_word(word: str, room: float, width_of: Callable[[str], float],
               force: bool = False) -> tuple[str, str] | None:
    """The longest head of ``word`` that fits in ``room`` and the rest, split where the head does not end with a
    ``NO_END`` and the rest does not start with a ``NO_START`` character. None when no such place fits, or with
    ``force`` the longest head that fits wherever it ends (None when not even one character fits)."""
    end = 0
    while end < len(word) - 1 and width_of(word[:end + 1]) <= room:
        end += 1
    cut = end
    while cut and (word[cut - 1] in NO_END or word[cut] in NO_START):
        cut -= 1
    if cut:
        return word[:cut], word[cut:]
    return (word[:end], word[end:]) if force and end else None


def _squeezed_in(tokens: list[str], widths: list[float], allowed: list[bool], start: int, i: int, width: float,
                 max_width: float, squeeze: float) -> int:
    """The end of the line from ``start`` when the word ``tokens[i]`` that overruns it (a number or Latin word,
    with what must stay with it up to the next allowed break: 9号, ）) fits once the line's characters are set
    tighter by at most ``squeeze`` each, else 0. Without it the whole word would go to the next line and leave
    this one spread wide by justification (缴纳罚没款 | ¥3,000.00 on a line of 28 characters)."""
    if not squeeze or i == start or tokens[i][0] == " " or _ONE_BY_ONE.match(tokens[i][0]):
        return 0
    end = i + 1
    while end < len(tokens) and not allowed[end]:
        end += 1
    if any(token[0] == " " for token in tokens[i:end]):
        return 0
    characters = sum(len(token) for token in tokens[start:end])
    return end if width + sum(widths[i:end]) <= max_width + squeeze * characters else 0


#: Closing punctuation whose full-width glyph stands in one half of its em box, so that at the end of a justified line
#: it may be set half as wide (half-width punctuation compression, as Chinese typesetting does): a line that would
#: otherwise move the character before it to the next line (送达了《行政处罚告知 | 书》，) keeps it and them.
COMPRESSIBLE = frozenset("，。、；：）》」』〕】〉〗”’")


def _compressed_in(tokens: list[str], widths: list[float], allowed: list[bool], start: int, i: int, width: float,
                   max_width: float) -> int:
    """The end of the line from ``start`` when the closing punctuation ``tokens[i]`` that overruns it fits once the
    run of closing punctuation it stands in (》，) is set half as wide (``COMPRESSIBLE``) and a line may end after
    that run, else 0."""
    first, end = i, i
    while end < len(tokens) and tokens[end] in COMPRESSIBLE:
        end += 1
    while first > start and tokens[first - 1] in COMPRESSIBLE:  # the run's first marks fitted whole
        first -= 1
    if end == i or first == start or (end < len(tokens) and not allowed[end]):
        return 0
    return end if width - sum(widths[first:i]) + sum(widths[first:end]) / 2 <= max_width else 0


def compressible_tail(text: str) -> int:
    """How many characters at the end of ``text`` are closing punctuation that may be set half as wide."""
    count = 0
    while count < len(text) and text[len(text) - 1 - count] in COMPRESSIBLE:
        count += 1
    return count


def word_gaps(text: str) -> list[bool]:
    """For each gap between two neighbouring characters of ``text``: whether it lies inside a number or Latin word
    (2026, ¥100,050.00, ABC): a justified line is spread in its other gaps only, so that a number never prints
    with its digits spaced apart (2 0 2 6年)."""
    def in_word(char: str) -> bool:
        return char != " " and not _ONE_BY_ONE.match(char)

    return [in_word(a) and in_word(b) for a, b in zip(text, text[1:], strict=False)]


def spread_room(rigid: list[bool], stretch: float, squeeze: float) -> float:
    """How much wider than its characters and their tracking a justified line may be spread (pdf_layout sets it so),
    ``rigid`` being the ``word_gaps`` of its text: ``stretch`` per gap outside numbers and Latin words and ``squeeze``
    per gap inside them, or ``stretch`` per gap in a line of words alone (or of no words), which is spread evenly."""
    words, loose = sum(rigid), len(rigid) - sum(rigid)
    return stretch * loose + squeeze * words if words and loose else stretch * max(len(rigid), 1)


def _too_slack(tokens: list[str], widths: list[float], start: int, end: int, max_width: float,
               stretch: float, squeeze: float = 0.0, indented: bool = False) -> bool:
    """Whether the line of ``tokens[start:end]`` (spaces at its end dropped) falls short of ``max_width`` by more
    than justifying it may spread it (``spread_room``). With ``indented`` (the paragraph's first line, its text
    marked as starting with the first-line indent's stand-in, ``INDENT``) that stand-in is no character of it and
    sets no gap; anywhere else U+E000 is a character (the first 造字 of an agency's own font) and counts."""
    while end > start and tokens[end - 1][0] == " ":
        end -= 1
    line = "".join(tokens[start:end])
    if indented and line[:1] == INDENT:
        line = line[1:]
    return max_width - sum(widths[start:end]) > spread_room(word_gaps(line), stretch, squeeze)


def _break_paragraph(text: str, max_width: float, width_of: Callable[[str], float],
                     squeeze: float = 0.0, stretch: float = 0.0, indented: bool = False) -> list[str]:
    indented = indented and text[:1] == INDENT  # the stand-in starts the first line only (``_too_slack``)
    tokens = _TOKEN.findall(text)
    if not tokens:
        return [text]
    allowed, soft = _allowed_breaks(tokens)
    widths = [width_of(t) for t in tokens]
    padded = _PADDING_RUN.search(text) is not None
    lines: list[str] = []
    start, i, width, last_ok, last_soft, last_loose = 0, 0, 0.0, 0, 0, 0
    while i < len(tokens):
        if i > start and allowed[i]:
            last_ok = i
        if i > start and soft[i]:
            last_soft = i
        if i > start and soft[i] == 2:
            last_loose = i
        if tokens[i][0] == " " or width + widths[i] <= max_width:
            width += widths[i]
            i += 1
            continue
        if i == start:  # one word wider than the line: break it anyway
            head, tokens[i] = _split_word(tokens[i], max_width, width_of)
            widths[i] = width_of(tokens[i])
            lines.append(head)
            if not tokens[i]:
                i += 1
            start = i
            continue
        rest = "".join(tokens[start:]).rstrip(" ") if padded else ""
        run = padding_run(rest)
        if run and sum(widths[start:]) - (run[1] - run[0]) // 2 * width_of("\u3000") <= max_width:
            lines.append(rest)  # the padding set narrower (pdf_layout) keeps the date after it on the line
            return lines
        squeezed = _squeezed_in(tokens, widths, allowed, start, i, width, max_width, squeeze) or \
            (squeeze and _compressed_in(tokens, widths, allowed, start, i, width, max_width))
        if squeezed:
            lines.append("".join(tokens[start:squeezed]))
            start = squeezed
            while start < len(tokens) and tokens[start][0] == " ":
                start += 1
            i, width, last_ok, last_soft, last_loose = start, 0.0, start, start, start
            continue
        if last_ok <= start < last_soft:  # a date wider than the line: after its 年 or 月
            last_ok = last_soft
        elif stretch and last_loose > max(last_ok, start) and _too_slack(tokens, widths, start, last_ok, max_width,
                                                                          stretch, squeeze, indented and start == 0):
            last_ok = last_loose  # inside a date or 文号 (2026年 | 5月8日) rather than a line spread wide before it
        end = last_ok if last_ok > start else i
        # a word that fits on no line, or that no allowed break can move down, fills this line and goes on on
        # the next: a break before it would leave an opening bracket (or nothing) at this line's end
        fill = _fill_word(tokens[i], max_width - width, width_of) \
            if len(tokens[i]) > 1 and tokens[i][0] != " " and (last_ok <= start or widths[i] > max_width) else None
        if fill:
            head, tokens[i] = fill
            widths[i] = width_of(tokens[i])
            lines.append("".join(tokens[start:i]) + head)
            start, width, last_ok, last_soft, last_loose = i, 0.0, i, i, i
            continue
        if end == i:  # no allowed break on this line: hang closing punctuation rather than start with it
            while end < len(tokens) and len(tokens[end]) == 1 and (tokens[end] in NO_START or _spaced_close(
                    tokens, end)):
                end += 1
        lines.append("".join(tokens[start:end]).rstrip(" "))
        start = end
        while start < len(tokens) and tokens[start][0] == " ":
            start += 1
        i, width, last_ok, last_soft, last_loose = start, 0.0, start, start, start
    if start < len(tokens) or not lines:
        lines.append("".join(tokens[start:]).rstrip(" "))
    return lines


def break_lines(text: str, max_width: float, width_of: Callable[[str], float], squeeze: float = 0.0,
                stretch: float = 0.0, indented: bool = False) -> list[str]:
    """``text`` broken into lines no wider than ``max_width`` (as measured by ``width_of``) by Chinese rules.

    Explicit newlines are hard breaks (an empty line stays empty). Breaks fall between Chinese characters
    or at spaces, never inside a Latin word or a number, and never so that a line starts with a ``NO_START``
    or ends with a ``NO_END`` character: such characters take their neighbour with them to the next line.
    Only when a line offers no allowed break is a word split, or closing punctuation left hanging past the
    line's end. Spaces at a break are dropped. With ``squeeze``, a number or Latin word that would move whole
    to the next line stays on this one (as wider than ``max_width``: the writer sets it tighter) when it then
    takes at most ``squeeze`` more per character of the line, and closing punctuation that would take the character
    before it to the next line stays on this one set half as wide (``COMPRESSIBLE``). With ``stretch``, a line that
    would fall short of ``max_width`` by more than justifying it may spread it (``_too_slack``: ``stretch`` per gap
    outside numbers and Latin words; a printed date or 文号 moved whole to the next line) ends inside that date
    instead where one of its places fits: after its 年 or 月 — never inside a 文号
    (佛南市监保存〔2026〕1号 moves whole; only one wider than the line breaks, where the line is full).
    A blank to be written in (＿＿＿＿年, ＿＿＿＿）) moves whole to the next line unless it alone is wider than one,
    and a blank date (＿＿＿＿年＿＿月＿＿日) breaks after its 年 or 月 only when it is wider than the line.
    ``indented``: ``text`` starts with the first-line indent's stand-in (``INDENT``, put there by the PDF writer),
    which sets no gap of the first line; without it a leading U+E000 is a character (a 造字) like any other."""
    lines: list[str] = []
    for number, paragraph in enumerate(text.replace("\r\n", "\n").split("\n")):
        lines += _break_paragraph(paragraph, max_width, width_of, squeeze, stretch, indented and number == 0)
    return lines


def check_lines(lines: list[str]) -> list[str]:
    """The line-breaking violations in ``lines``: each line that starts with a ``NO_START`` character or ends
    with a ``NO_END`` one (spaces ignored; full-width spaces too before closing punctuation: a line starting 　。), as
    messages naming the line (counted from 1) and character."""
    problems = []
    for number, line in enumerate(lines, start=1):
        text = line.strip(" ")
        first = text.lstrip("\u3000")[:1]
        if first and first in NO_START:
            problems.append(_("Line {number} starts with “{char}”.").format(number=number, char=first))
        if text and text[-1] in NO_END:
            problems.append(_("Line {number} ends with “{char}”.").format(number=number, char=text[-1]))
    return problems
