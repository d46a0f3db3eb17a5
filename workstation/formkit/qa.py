"""The question-and-answer list of an inquiry record (询问笔录): kept and printed as lines beginning 问： and
答：, strictly alternating; an answer may run over several lines.

A line of an answer (or a question) that itself begins with 问： or 答： — the officer writing down what was said,
after Shift+Enter — is kept with a backslash in front (\\问：…), so that it reads back as part of its answer, not as
a question or answer of its own; a line that begins with backslashes before 问： or 答： is kept with one more. The
record prints each line as typed, without the backslash (``printed``). Values kept before hold no such line and
read as they did."""

from __future__ import annotations

import re

from workstation.i18n import _, join_names, ngettext

QUESTION, ANSWER = "问：", "答："
#: a line that would begin a question or an answer, with the backslashes kept in front of it as part of the text
#: before it (``format_pairs``); the first group is what the line holds as typed
ESCAPED = re.compile(r"\\(\\*(?:问：|答：).*)", re.DOTALL)
_NEEDS_ESCAPE = re.compile(r"\\*(?:问：|答：)")


def parse_pairs(text: str | None) -> list[tuple[str, str]]:
    """[(question, answer)] from 问：/答： lines; a line with neither prefix continues the one before it (a
    text without any prefix is one question), without the backslash ``format_pairs`` put in front of a line
    beginning with 问： or 答：. ValueError, naming the question, when two answers or an answer first come in a
    row."""
    pairs: list[list[str]] = []
    current = None
    for line in (text or "").splitlines():
        stripped = line.strip()
        if stripped.startswith(QUESTION):
            pairs.append([stripped[len(QUESTION):], ""])
            current = 0
        elif stripped.startswith(ANSWER):
            if current is None:
                raise ValueError(_("The first answer comes before any question: each answer (答：) must follow "
                                   "its question (问：)."))
            if current != 0:
                raise ValueError(_("Question {n} is followed by two answers: each answer (答：) must follow its "
                                   "question (问：).").format(n=len(pairs)))
            pairs[-1][1] = stripped[len(ANSWER):]
            current = 1
        elif stripped:
            escaped = ESCAPED.fullmatch(stripped)
            stripped = escaped.group(1) if escaped else stripped
            if current is None:
                pairs.append([stripped, ""])
                current = 0
            else:
                pairs[-1][current] += "\n" + stripped
    return [(q, a) for q, a in pairs]


def _kept(text: str) -> str:
    """A question or answer as kept after its 问： or 答：: each line after the first that begins with 问： or 答：
    (after any backslashes) with a backslash in front."""
    first, *rest = text.strip().splitlines() or [""]
    return "\n".join([first] + ["\\" + line.lstrip() if _NEEDS_ESCAPE.match(line.lstrip()) else line
                                 for line in rest])


def format_pairs(pairs: list[tuple[str, str]]) -> str:
    """The kept lines of the pairs (an empty pair is left out), which ``parse_pairs`` reads back as they were."""
    lines = []
    for question, answer in pairs:
        if not question.strip() and not answer.strip():
            continue
        lines.append(QUESTION + _kept(question))
        lines.append(ANSWER + _kept(answer))
    return "\n".join(lines)


def printed(text: str | None) -> str | None:
    """The lines ``format_pairs`` kept as the record prints them: each as typed, without the backslash put in
    front of a line of an answer or a question that begins with 问： or 答：."""
    if not text:
        return text
    return "\n".join(escaped.group(1) if (escaped := ESCAPED.fullmatch(line.strip())) else line
                     for line in str(text).split("\n"))


def unanswered(text: str | None) -> list[tuple[int, str]]:
    """[(number, question)] of each question of the 问：/答： lines ``text`` left without an answer (nothing after
    its 答：), numbered as the record numbers them from 1: the template's questions not yet asked, or asked and not
    written down. A text that does not read as such lines (``parse_pairs`` refuses it), or has no 问：/答： line at
    all, has none: its own error says what is wrong."""
    if not any(line.strip().startswith((QUESTION, ANSWER)) for line in (text or "").splitlines()):
        return []  # a record written as plain text (a values file): no question of the template left unanswered
    try:
        pairs = parse_pairs(text)
    except ValueError:
        return []
    return [(number, question.strip()) for number, (question, answer) in enumerate(pairs, start=1)
            if question.strip() and not answer.strip()]


#: how much of an unanswered question its refusal quotes
QUOTED = 40


def unanswered_refusal(text: str | None) -> str | None:
    """Why a record whose questions and answers are ``text`` cannot be issued: each question without its answer,
    named by its number and its text (the first ``QUOTED`` characters of its first line), and what to do — answer
    it or delete it; None when every question is answered. A draft may hold them (the template's questions are
    answered as the interview goes on); the record issued, signed by the interviewee as evidence, may not."""
    questions = unanswered(text)
    if not questions:
        return None

    def quoted(question: str) -> str:
        first = question.splitlines()[0].strip()
        return first if len(first) <= QUOTED else first[:QUOTED] + "…"

    named = join_names(_("Question {n} (“{question}”)").format(n=n, question=quoted(q)) for n, q in questions)
    return ngettext("{questions} has no answer: write the answer after its 答：, or delete the question if it was not "
                    "asked; then issue.",
                    "{questions} have no answer: write each answer after its 答：, or delete the questions not "
                    "asked; then issue.", len(questions)).format(questions=named)
