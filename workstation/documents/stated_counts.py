"""A document that prints the counted number of personal-information records (经统计…共计402条, from the case's
evidence count) must not contradict the number the officer wrote in its facts (涉及消费者个人信息540条): before it
is issued, each number of records a text of the document states is compared with the counted figures it prints."""

from __future__ import annotations

import re

from workstation.documents.compose import condition_holds
from workstation.formkit.spec import BlockSpec, FormSpec
from workstation.formkit.template import placeholders
from workstation.i18n import _

#: the sources of a field holding a counted number of records (the total and the categories of REFERENCE §4.6)
COUNT_SOURCES = ("case.records_total", "case.records_trace", "case.records_sensitive", "case.records_other")

#: a number of personal-information records as facts state it: 个人信息540条, 公民个人信息共计1,031条, 个人信息2000余条
STATED = re.compile(r"个人信息(?:共计|合计|总计|累计|共|约)?\s*([0-9０-９][0-9０-９,，]*)\s*(余?)条")


def _texts(block: BlockSpec, values: dict) -> list[str]:
    """The texts of ``block`` that print, as written in the form (placeholders unfilled)."""
    if not condition_holds(block.when, values):
        return []
    if block.kind == "list":
        return [item.text for item in block.items if condition_holds(item.when, values)]
    if block.kind == "table":
        return [cell.text for index, row in enumerate(block.rows)
                if condition_holds(block.row_when[index] if index < len(block.row_when) else "", values)
                for cell in row]
    if block.kind == "signature" and isinstance(block.lines, tuple):
        return list(block.lines)
    return [block.text]


def _printed_names(form: FormSpec, values: dict) -> set[str]:
    return {name for block in form.blocks for text in _texts(block, values) for name, *_rest in placeholders(text)}


def _number(text: str) -> int:
    return int(text.translate(str.maketrans("０１２３４５６７８９", "0123456789")).replace(",", "").replace("，", ""))


def _agrees(stated: int, more_than: bool, figures: set[int]) -> bool:
    """Whether a counted figure says what the facts state: the number itself, or for 余 (2000余条: over 2,000, short
    of the next step of its last non-zero digit, 3,000; 540余条: 541 to 549) a figure in that range."""
    if not more_than:
        return stated in figures
    step = 10 ** max(1, len(str(stated)) - len(str(stated).rstrip("0"))) if stated else 10
    return any(stated < figure < stated + step for figure in figures)


def count_refusal(form: FormSpec, values: dict) -> str | None:
    """Why ``form`` with its checked ``values`` cannot be issued: a text it prints states a number of
    personal-information records (``STATED``) that none of the counted figures it prints gives (its fields drawn
    from ``COUNT_SOURCES``); the message names the field, both figures and the way out. None when they agree, when
    the form prints no counted figure, or when no text states one."""
    printed = _printed_names(form, values)
    counted = [field for field in form.fields if field.source in COUNT_SOURCES and field.name in printed]
    if not counted:
        return None
    figures = {int(values.get(field.name) or 0) for field in counted}
    for field in form.fields:
        if field.type not in ("text", "multiline") or field.name not in printed:
            continue
        for match in STATED.finditer(str(values.get(field.name) or "")):
            stated = _number(match.group(1))
            if _agrees(stated, bool(match.group(2)), figures):
                continue
            shown = "、".join(_("{count}条 ({label})").format(count=f"{int(values.get(f.name) or 0):,}", label=f.label)
                             for f in counted)
            return _("The {label} says {stated}条 of personal information, but the {title} prints the counted "
                     "{counted}: the two figures contradict each other. Correct the figure in the {label}, or the "
                     "count, so that they agree, then issue.").format(
                label=field.label, stated=f"{stated:,}" + match.group(2), title=form.title, counted=shown)
    return None
