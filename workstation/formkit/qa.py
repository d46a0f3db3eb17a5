"""The question-and-answer list of an inquiry record (询问笔录): kept and printed as lines beginning 问： and
答：, strictly alternating; an answer may run over several lines."""

from __future__ import annotations

from workstation.i18n import _

QUESTION, ANSWER = "问：", "答："


def parse_pairs(text: str | None) -> list[tuple[str, str]]:
    """[(question, answer)] from 问：/答： lines; a line with neither prefix continues the one before it (a
    text without any prefix is one question). ValueError when two answers or an answer first come in a row."""
    pairs: list[list[str]] = []
    current = None
    for number, line in enumerate((text or "").splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith(QUESTION):
            pairs.append([stripped[len(QUESTION):], ""])
            current = 0
        elif stripped.startswith(ANSWER):
            if current != 0:
                raise ValueError(_("Line {n}: an answer must follow a question.").format(n=number))
            pairs[-1][1] = stripped[len(ANSWER):]
            current = 1
        elif stripped:
            if current is None:
                pairs.append([stripped, ""])
                current = 0
            else:
                pairs[-1][current] += "\n" + stripped
    return [(q, a) for q, a in pairs]


def format_pairs(pairs: list[tuple[str, str]]) -> str:
    """The printed lines of the pairs (an empty pair is left out)."""
    lines = []
    for question, answer in pairs:
        if not question.strip() and not answer.strip():
            continue
        lines.append(QUESTION + question.strip())
        lines.append(ANSWER + answer.strip())
    return "\n".join(lines)
