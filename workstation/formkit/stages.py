"""The stage of the procedure each document type belongs to, for the lists where an officer chooses one (a case's
documents section, the 文书 page): the forms in procedural order, grouped under short stage headings.

The stage is derived from a form's ``catalogue`` number (REFERENCE §2.1: SAMR's 2021 catalogue is numbered in the
order of the procedure) by the one table ``STAGES`` below, rather than by a key in every form file: a new form
with its catalogue number falls into its stage by itself. Forms without a number come after the catalogue: the
约谈 documents (``kind = "interview"``) under their own heading, anything else under "other documents"."""

from __future__ import annotations

from functools import cache

from workstation.i18n import N_

#: (first catalogue number, last catalogue number, stage heading message id), in procedural order
STAGES: tuple[tuple[int, int, str], ...] = (
    (1, 8, N_("Filing and jurisdiction")),  # 案件来源登记 … 立案/不予立案, 有关事项审批
    (9, 20, N_("Investigation and evidence")),  # 现场笔录 … 先行登记保存证据
    (21, 28, N_("Compulsory measures")),  # 查封、扣押 … 先行处置
    (29, 32, N_("Sampling and testing")),  # 抽样记录, 检测/检验/检疫/鉴定
    (33, 34, N_("Orders to correct")),  # 责令改正, 责令退款
    (35, 36, N_("Investigation report and review")),  # 调查终结报告, 审核/法制审核
    (37, 41, N_("Notice and hearing")),  # 行政处罚告知书, 陈述申辩, 听证
    (42, 46, N_("Decisions")),  # 集体讨论, 决定审批, the decisions
    (47, 52, N_("Service and enforcement")),  # 延期/分期缴纳, 催告, 强制执行, 送达, 涉案物品处理
    (53, 56, N_("Closing and archiving")),  # 结案审批, 卷宗封面, 卷内文件目录, 卷内备考表
)
INTERVIEWS = N_("Administrative interviews")
OTHER = N_("Other documents")
#: the 约谈 documents in the order they are written
INTERVIEW_ORDER = ("interview_notice", "interview_delivery_receipt", "interview_record", "interview_minutes")


def stage_of(form) -> str:
    """The message id of the stage heading ``form`` is listed under (translate it with ``_``)."""
    for first, last, stage in STAGES:
        if form.catalogue and first <= form.catalogue <= last:
            return stage
    return INTERVIEWS if form.kind == "interview" else OTHER


def procedural_key(form) -> tuple:
    """What ``form`` sorts by in procedural order: its catalogue number (two forms of one number, 立案 and 不予立案,
    by id), then the 约谈 documents in the order written, then the forms without a number by id."""
    if form.catalogue:
        return (0, form.catalogue, 0, form.id)
    if form.kind == "interview":
        order = INTERVIEW_ORDER.index(form.id) if form.id in INTERVIEW_ORDER else len(INTERVIEW_ORDER)
        return (1, 0, order, form.id)
    return (2, 0, 0, form.id)


def in_procedural_order(forms) -> list:
    """``forms`` (an iterable of specs) sorted in procedural order."""
    return sorted(forms, key=procedural_key)


def next_forms_file():
    """The shipped table of the documents a case needs next, by its status."""
    from workstation.paths import resource

    return resource("documents", "next_forms.toml")


@cache
def next_forms(path=None) -> dict[str, tuple[str, ...]]:
    """{case status: the ids of the documents the case most likely needs next, in order}, read strictly from
    ``resources/documents/next_forms.toml`` (or ``path``): every status of the vocabulary listed, each with a
    non-empty list of form ids of ``forms/``. A broken file is a WorkstationError naming it, the key and what to
    do."""
    import tomllib
    from pathlib import Path

    from workstation.errors import WorkstationError
    from workstation.i18n import _
    from workstation.paths import FORMS
    from workstation.vocabulary import labels

    path = Path(path or next_forms_file())

    def fail(key: str, message: str) -> WorkstationError:
        return WorkstationError(_("Next documents {file}, {key}: {message}. Correct the file; until then the "
                                  "documents list starts at its first form.").format(file=path.name, key=key,
                                                                                    message=message))

    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise fail("-", str(exc)) from None
    table = data.get("statuses")
    if set(data) != {"statuses"} or not isinstance(table, dict):
        raise fail("statuses", _("exactly one table [statuses]"))
    statuses = list(labels("statuses"))
    for status in table:
        if status not in statuses:
            raise fail(f"statuses.{status}", _("not a case status: use one of {names}").format(
                names=", ".join(statuses)))
    result = {}
    for status in statuses:
        forms = table.get(status)
        if forms is None:
            raise fail(f"statuses.{status}", _("missing: list the documents a case of this status needs next"))
        if not isinstance(forms, list) or not forms or not all(isinstance(f, str) for f in forms):
            raise fail(f"statuses.{status}", _("a non-empty list of form ids"))
        for form_id in forms:
            if not (FORMS / f"{form_id}.toml").is_file():
                raise fail(f"statuses.{status}", _("no form {id} in forms/").format(id=form_id))
        result[status] = tuple(forms)
    return result


def starting_form(status: str, issued, offered, table: dict[str, tuple[str, ...]] | None = None) -> str | None:
    """The form a case of ``status`` most likely needs next (``next_forms``): the first of its list the case has not
    issued (``issued``: form ids) and is ``offered`` (form ids it does not refuse); all issued, the last offered
    (written again); None when none is offered or the status is not listed."""
    candidates = [f for f in (table if table is not None else next_forms()).get(status, ()) if f in offered]
    if not candidates:
        return None
    return next((f for f in candidates if f not in issued), candidates[-1])
