"""Chinese line breaking for the PDF writer (DESIGN §4): greedy filling that may break between any two Chinese
characters but never inside a run of Latin letters or digits, and never so that a line starts with closing
punctuation (。，、；：？！）》」』” …) or ends with opening punctuation (（《「『“ …). reportlab's
``wordWrap='CJK'`` does neither completely, so the writer splits lines with ``break_lines``."""

from __future__ import annotations

import re
from collections.abc import Callable

from workstation.i18n import _

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
_TOKEN = re.compile(rf"[{_WIDE}]| +|[^ {_WIDE}]+")
_ONE_BY_ONE = re.compile(rf"[{_WIDE}]")

#: A date or a 文号's year and serial is kept on one line: 2026年12月1日, 〔2026〕9号, and of a blank date to be written in
#: (＿＿＿＿年＿＿月＿＿日) the last two blanks before 年 and all that follows — never 12月1 | 日, 9 | 号 or ＿＿月＿ | ＿日.
#: (A blank of full-width spaces, 　　　　年　　月　　日, may still break: the justified line before a whole one
#: moved down would be spread too thin.)
_DIGIT = "0-9０-９"
_BLANK = f"{_DIGIT}＿_"
_KEPT = re.compile(rf"(?:[{_DIGIT}]{{1,4}}|[＿_]{{1,2}})年(?:[{_BLANK}]{{1,3}}月(?:[{_BLANK}]{{1,3}}日)?)?"
                   rf"|[{_BLANK}]{{1,3}}月[{_BLANK}]{{1,3}}日|(?:〔[{_DIGIT}]{{4}}〕)?[{_DIGIT}]+号")


def _kept_together(tokens: list[str]) -> set[int]:
    """The indexes i of ``tokens`` before which a line may not end because a date or serial (``_KEPT``) runs
    across them."""
    starts, offset = {}, 0
    for index, token in enumerate(tokens):
        starts[offset] = index
        offset += len(token)
    text = "".join(tokens)
    return {starts[at] for match in _KEPT.finditer(text) for at in range(match.start() + 1, match.end())
            if at in starts}


def _allowed_breaks(tokens: list[str]) -> list[bool]:
    """allowed[i]: a line may end before tokens[i] (spaces around the break are dropped)."""
    n = len(tokens)
    allowed = [False] * (n + 1)
    prev_end = ""  # last character of the last non-space token before i
    for i in range(1, n):
        if tokens[i - 1][0] != " ":
            prev_end = tokens[i - 1][-1]
        allowed[i] = bool(prev_end) and prev_end not in NO_END
    next_start = ""  # first character of the first non-space token at or after i
    for i in range(n - 1, 0, -1):
        if tokens[i][0] != " ":
            next_start = tokens[i][0]
        allowed[i] = allowed[i] and bool(next_start) and next_start not in NO_START
    for i in _kept_together(tokens):
        allowed[i] = False
    return allowed


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


def _break_paragraph(text: str, max_width: float, width_of: Callable[[str], float],
                     squeeze: float = 0.0) -> list[str]:
    tokens = _TOKEN.findall(text)
    if not tokens:
        return [text]
    allowed = _allowed_breaks(tokens)
    widths = [width_of(t) for t in tokens]
    lines: list[str] = []
    start, i, width, last_ok = 0, 0, 0.0, 0
    while i < len(tokens):
        if i > start and allowed[i]:
            last_ok = i
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
        squeezed = _squeezed_in(tokens, widths, allowed, start, i, width, max_width, squeeze)
        if squeezed:
            lines.append("".join(tokens[start:squeezed]))
            start = squeezed
            while start < len(tokens) and tokens[start][0] == " ":
                start += 1
            i, width, last_ok = start, 0.0, start
            continue
        end = last_ok if last_ok > start else i
        # a word that fits on no line, or that no allowed break can move down, fills this line and goes on on
        # the next: a break before it would leave an opening bracket (or nothing) at this line's end
        fill = _fill_word(tokens[i], max_width - width, width_of) \
            if len(tokens[i]) > 1 and tokens[i][0] != " " and (last_ok <= start or widths[i] > max_width) else None
        if fill:
            head, tokens[i] = fill
            widths[i] = width_of(tokens[i])
            lines.append("".join(tokens[start:i]) + head)
            start, width, last_ok = i, 0.0, i
            continue
        if end == i:  # no allowed break on this line: hang closing punctuation rather than start with it
            while end < len(tokens) and tokens[end][0] in NO_START and len(tokens[end]) == 1:
                end += 1
        lines.append("".join(tokens[start:end]).rstrip(" "))
        start = end
        while start < len(tokens) and tokens[start][0] == " ":
            start += 1
        i, width, last_ok = start, 0.0, start
    if start < len(tokens) or not lines:
        lines.append("".join(tokens[start:]).rstrip(" "))
    return lines


def break_lines(text: str, max_width: float, width_of: Callable[[str], float], squeeze: float = 0.0) -> list[str]:
    """``text`` broken into lines no wider than ``max_width`` (as measured by ``width_of``) by Chinese rules.

    Explicit newlines are hard breaks (an empty line stays empty). Breaks fall between Chinese characters
    or at spaces, never inside a Latin word or a number, and never so that a line starts with a ``NO_START``
    or ends with a ``NO_END`` character: such characters take their neighbour with them to the next line.
    Only when a line offers no allowed break is a word split, or closing punctuation left hanging past the
    line's end. Spaces at a break are dropped. With ``squeeze``, a number or Latin word that would move whole
    to the next line stays on this one (as wider than ``max_width``: the writer sets it tighter) when it then
    takes at most ``squeeze`` more per character of the line."""
    lines: list[str] = []
    for paragraph in text.replace("\r\n", "\n").split("\n"):
        lines += _break_paragraph(paragraph, max_width, width_of, squeeze)
    return lines


def check_lines(lines: list[str]) -> list[str]:
    """The line-breaking violations in ``lines``: each line that starts with a ``NO_START`` character or ends
    with a ``NO_END`` one (spaces ignored), as messages naming the line (counted from 1) and character."""
    problems = []
    for number, line in enumerate(lines, start=1):
        text = line.strip(" ")
        if text and text[0] in NO_START:
            problems.append(_("Line {number} starts with “{char}”.").format(number=number, char=text[0]))
        if text and text[-1] in NO_END:
            problems.append(_("Line {number} ends with “{char}”.").format(number=number, char=text[-1]))
    return problems
