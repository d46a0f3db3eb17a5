"""The stage of the procedure each document type belongs to, for the lists where an officer chooses one (a case's
documents section, the 文书 page): the forms in procedural order, grouped under short stage headings.

The stage is derived from a form's ``catalogue`` number (REFERENCE §2.1: SAMR's 2021 catalogue is numbered in the
order of the procedure) by the one table ``STAGES`` below, rather than by a key in every form file: a new form
with its catalogue number falls into its stage by itself. Forms without a number come after the catalogue: the
约谈 documents (``kind = "interview"``) under their own heading, anything else under "other documents"."""

from __future__ import annotations

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
INTERVIEW_ORDER = ("interview_notice", "interview_record", "interview_minutes")


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
