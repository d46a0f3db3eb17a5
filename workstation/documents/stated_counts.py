"""A document that prints the counted number of personal-information records (经统计…共计402条, from the case's
evidence count) must not contradict the number the officer wrote in its facts (涉及消费者个人信息540条): before it
is issued, each number of records a text of the document states is compared with the counted figures it prints —
but for its evidence list (``EVIDENCE_SOURCES``), which states each counted item's own figure (1.客户名单…40条；2.通话记录…
12条): each of those is compared with the items' own counts, and the records it says repeat between them
(``store.evidence.OVERLAP_NOTE``) with those the counts give (``count_refusal``)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from workstation.documents.compose import condition_holds
from workstation.formkit.spec import BlockSpec, FormSpec
from workstation.formkit.template import placeholders
from workstation.i18n import _
from workstation.store.evidence import OVERLAP_NOTE

#: the sources of a field holding a counted number of records (the total and the categories of REFERENCE §4.6)
COUNT_SOURCES = ("case.records_total", "case.records_trace", "case.records_sensitive", "case.records_other")

#: a number of personal-information records as facts state it: 个人信息540条, 公民个人信息共计1,031条, 个人信息2000余条
STATED = re.compile(r"个人信息(?:共计|合计|总计|累计|共|约)?\s*([0-9０-９][0-9０-９,，]*)\s*(余?)条")
#: the sources of an evidence list stating the records each counted item holds (``formkit.proof.evidence_proof``)
EVIDENCE_SOURCES = ("evidence.proof_stated", "evidence.proof")
#: the records such a list says were found in more than one item, counted once (``store.evidence.OVERLAP_NOTE``)
REPEATED = re.compile(r"有\s*([0-9０-９][0-9０-９,，]*)\s*条在不同证据间重复")


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


class ListedCounts(NamedTuple):
    """What an evidence list stating each counted item's figure (``EVIDENCE_SOURCES``) is held to: the list as the
    program generated it (``evidence.proof_stated``), the record counts of the case's counted items in force, and
    the records repeated between them (``store.evidence.overlap_note``, 0 when none)."""

    generated: str
    counts: tuple[int, ...]
    repeated: int


def listed_counts(items: Sequence, generated: str) -> ListedCounts:
    """The ``ListedCounts`` of the case's evidence register ``items`` and its ``generated`` list, whose closing
    sentence (``OVERLAP_NOTE``) says the records repeated."""
    counts = tuple(item.record_count for item in items if item.record_count is not None and not item.void_reason)
    last = generated.rstrip().rsplit("\n", 1)[-1]
    repeated = REPEATED.search(last) if last.startswith(OVERLAP_NOTE.split("{", 1)[0]) else None
    return ListedCounts(generated, counts, _number(repeated.group(1)) if repeated else 0)


def _shown(counts) -> str:
    return "、".join(f"{count:,}条" for count in counts)


def _list_refusal(label: str, text: str, listed: ListedCounts, figures: set[int], title: str,
                  counted: str) -> str | None:
    """Why the evidence list ``text`` (the field ``label``) cannot be issued: a figure that is neither a counted
    item's own count nor a counted figure printed (``figures``), a repeat figure other than the one the counts give,
    or, when records repeat between the items, figures of items without the sentence saying so. None for the list
    as the program generated it."""
    if text.strip() == listed.generated.strip():
        return None
    counts = set(listed.counts)
    for match in STATED.finditer(text):
        stated = _number(match.group(1))
        if not _agrees(stated, bool(match.group(2)), counts | figures):
            return _("The {label} says {stated}条 of personal information, but no counted item of evidence holds "
                     "that many ({items}) and the {title} prints the counted {counted}. Correct the figure in the "
                     "{label} to the item's own count, or the count, then issue.").format(
                label=label, stated=f"{stated:,}" + match.group(2), items=_shown(listed.counts), title=title,
                counted=counted)
    said = [_number(match.group(1)) for match in REPEATED.finditer(text)]
    for repeated in said:
        if repeated != listed.repeated:
            return (_("The {label} says {stated}条 of personal information repeat between items of evidence, but "
                      "the counted items share {repeated}条. Correct the figure in the {label}, then issue.")
                    if listed.repeated else
                    _("The {label} says {stated}条 of personal information repeat between items of evidence, but no "
                      "record repeats between the counted items. Take that sentence out of the {label}, then issue.")
                    ).format(label=label, stated=f"{repeated:,}", repeated=f"{listed.repeated:,}")
    items = [figure for figure in (_number(match.group(1)) for match in STATED.finditer(text)) if figure in counts]
    if listed.repeated and not said and len(items) > 1:
        note = OVERLAP_NOTE.format(repeated=f"{listed.repeated:,}", total=f"{sum(listed.counts) - listed.repeated:,}")
        return _("The {label} states {items} of personal information but not that {repeated}条 of them repeat "
                 "between items of evidence, and the {title} prints the counted {counted}. Add “{note}” at its end, "
                 "then issue.").format(label=label, items=_("{first} and {last}").format(
                     first=_shown(items[:-1]), last=_shown(items[-1:])),
                     repeated=f"{listed.repeated:,}", title=title, counted=counted, note=note)
    return None


def count_refusal(form: FormSpec, values: dict, listed: ListedCounts | None = None) -> str | None:
    """Why ``form`` with its checked ``values`` cannot be issued: a text it prints states a number of
    personal-information records (``STATED``) that none of the counted figures it prints gives (its fields drawn
    from ``COUNT_SOURCES``); the message names the field, both figures and the way out. None when they agree, when
    the form prints no counted figure, or when no text states one.
    Its evidence list (a field of ``EVIDENCE_SOURCES``), which states each counted item's own figure, is held to
    ``listed`` (``listed_counts``, from the register and the list generated) instead, figure by figure, never by
    adding them up (``_list_refusal``): accepted as generated; else each figure must be a counted item's own count
    or a counted figure printed, a repeat figure the one the counts give, and records repeated between the items
    said to be. Without ``listed`` it is held to the counted figures like any other text."""
    printed = _printed_names(form, values)
    counted = [field for field in form.fields if field.source in COUNT_SOURCES and field.name in printed]
    if not counted:
        return None
    figures = {int(values.get(field.name) or 0) for field in counted}
    shown = "、".join(_("{count}条 ({label})").format(count=f"{int(values.get(f.name) or 0):,}", label=f.label)
                     for f in counted)
    for field in form.fields:
        if field.type not in ("text", "multiline") or field.name not in printed:
            continue
        text = str(values.get(field.name) or "")
        if listed is not None and field.source in EVIDENCE_SOURCES:
            if refusal := _list_refusal(field.label, text, listed, figures, form.title, shown):
                return refusal
            continue
        for match in STATED.finditer(text):
            stated = _number(match.group(1))
            if _agrees(stated, bool(match.group(2)), figures):
                continue
            return _("The {label} says {stated}条 of personal information, but the {title} prints the counted "
                     "{counted}: the two figures contradict each other. Correct the figure in the {label}, or the "
                     "count, so that they agree, then issue.").format(
                label=field.label, stated=f"{stated:,}" + match.group(2), title=form.title, counted=shown)
    return None
