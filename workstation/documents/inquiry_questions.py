"""The standard questions of an inquiry record (询问笔录) that the editor's 插入常用问题 menu offers, read from
``resources/inquiry/questions.toml``: groups of questions in the order they are usually asked, worded for the
kind of party the case is about — 你单位 to a company's or an association's representative, 你 to an individual
business's 经营者 about his own business and to a natural person about himself — as the form's own stock
questions are. A group lists its questions for every kind at once (``questions = [...]``) or for each kind
(``[group.questions]`` with a list per kind; a kind it does not list is not offered the group)."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

from workstation.errors import WorkstationError
from workstation.i18n import _
from workstation.paths import resource
from workstation.vocabulary import labels

#: the kind whose wording is offered when the case has no party yet (the form's own default is a company's)
FALLBACK_KIND = "company"


def questions_file() -> Path:
    """The shipped library of standard questions."""
    return resource("inquiry", "questions.toml")


def _fail(path: Path, key: str, message: str) -> WorkstationError:
    return WorkstationError(_("Standard questions {file}, {key}: {message}. Correct the file; until then the "
                              "menu offers no standard questions.").format(file=path.name, key=key, message=message))


def _question_list(path: Path, key: str, value) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(q, str) and q.strip() for q in value):
        raise _fail(path, key, _("a list of questions, each a non-empty text"))
    return tuple(q.strip() for q in value)


@cache
def _library(path: Path) -> tuple[tuple[str, dict[str, tuple[str, ...]]], ...]:
    """(title, {party kind: questions}) of each group of the file, checked."""
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise _fail(path, "-", str(exc)) from None
    groups = data.get("group")
    if not isinstance(groups, list) or not groups:
        raise _fail(path, "group", _("at least one [[group]]"))
    kinds = list(labels("party_kinds"))
    library = []
    for number, group in enumerate(groups, start=1):
        where = f"group[{number}]"
        if not isinstance(group, dict) or set(group) != {"title", "questions"}:
            raise _fail(path, where, _("exactly the keys title and questions"))
        if not isinstance(group["title"], str) or not group["title"].strip():
            raise _fail(path, f"{where}.title", _("a non-empty text"))
        questions = group["questions"]
        if isinstance(questions, dict):
            unknown = [k for k in questions if k not in kinds]
            if unknown:
                raise _fail(path, f"{where}.questions.{unknown[0]}",
                            _("one of {names}").format(names=", ".join(kinds)))
            by_kind = {k: _question_list(path, f"{where}.questions.{k}", v) for k, v in questions.items()}
        else:
            common = _question_list(path, f"{where}.questions", questions)
            by_kind = dict.fromkeys(kinds, common)
        library.append((group["title"].strip(), by_kind))
    return tuple(library)


def standard_questions(party_kind: str, path: Path | None = None) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(group title, questions) offered for a case whose party is of ``party_kind`` (``company``,
    ``individual_business``, ``person``, ``association``; an unknown or empty kind gets a company's wording).
    A WorkstationError naming the file and the key when the file is broken."""
    library = _library(path or questions_file())
    kind = party_kind if party_kind in labels("party_kinds") else FALLBACK_KIND
    return tuple((title, by_kind[kind]) for title, by_kind in library if kind in by_kind)
