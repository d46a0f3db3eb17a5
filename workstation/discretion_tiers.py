"""The 裁量阶次 the 案件调查终结报告 and the 行政处理决定审批表 tick (REFERENCE §5): the tier chosen on the case
(Penalty and discretion…), else the tier its fine falls in within the range of its penalty basis
(``law.discretion.tiers``), else none — never 一般 by default. Before either is issued the officer is told, not
refused, when the tier ticked contradicts the fine, when none is ticked for a fine, and, on the 审批表, when its
裁量理由 or 主要证据 is empty: the bands are cut by percentages that are data UNCONFIRMED for Guangdong, and a fine
outside its tier is lawful with a written reason (``discretion.check``), so a contradiction is for the officer and
the approving head to weigh, not a refusal."""

from __future__ import annotations

from workstation.db import Database
from workstation.i18n import _
from workstation.records import Case

#: the forms that tick a 裁量阶次
TIER_FORMS = ("investigation_report", "decision_approval")


def amount_tier(law, fine_fen: int) -> str | None:
    """The tier (``lighter`` …, ``reduced`` below the statutory minimum) a fine of ``fine_fen`` falls in within the
    range of the penalty basis of ``law`` (a ``case_law.CaseLaw``); None without a fine, without a basis with a
    range, above the maximum or in a gap between tiers."""
    from workstation.law.discretion import tier_of, tiers

    fine_range = law.fine_range if law is not None else None
    if not fine_fen or fine_range is None or fine_fen > fine_range.max_fen:
        return None
    if fine_fen < fine_range.min_fen:
        return "reduced"
    return tier_of(fine_fen, tiers(fine_range.min_fen, fine_range.max_fen))


def tier_default(law, case: Case) -> str:
    """``case.discretion_tier_label``: the label (从轻, 一般 …) of the tier chosen on the case, else of the tier its fine
    falls in (``amount_tier``), else "" (the forms then tick none)."""
    from workstation.law.discretion import tier_label

    tier = case.discretion_tier or amount_tier(law, case.fine_fen)
    return tier_label(tier) if tier else ""


def tier_warnings(db: Database, case: Case, form_id: str, values: dict) -> list[str]:
    """What the officer is told before issuing a form ticking a 裁量阶次 (``TIER_FORMS``): the tier ticked is not the
    one the fine falls in, or none is ticked for a fine; on the 行政处理决定审批表 also an empty 裁量理由 or 主要证据."""
    if form_id not in TIER_FORMS:
        return []
    from workstation.law.case_law import case_law
    from workstation.law.data import yuan
    from workstation.law.discretion import tier_label, tiers

    warnings: list[str] = []
    fine = int(values.get("fine_fen") or 0)
    ticked = str(values.get("discretion_level") or "")
    from workstation.documents.addressee import PARTY_KEY

    law = case_law(db, case, party_id=values.get(PARTY_KEY) or None)  # one party's own range among several
    actual = amount_tier(law, fine)
    if fine and not ticked:
        warnings.append(_("No 裁量阶次 is ticked for the fine of {fine}: tick the tier the fine lies in (from the "
                          "discretion table in Penalty and discretion… on the case), or tick it by hand on the printed "
                          "form.").format(fine=yuan(fine)))
    elif ticked and actual and tier_label(actual) != ticked:
        band = next(b for b in tiers(law.fine_range.min_fen, law.fine_range.max_fen) if b.tier == actual)
        warnings.append(_("The 裁量阶次 ticked is {ticked}, but the fine of {fine} lies in the {actual} band ({band}) of "
                          "the range of {basis}: tick {actual}, or state in the 裁量理由 why the amount lies outside "
                          "the tier ticked.").format(ticked=ticked, fine=yuan(fine), actual=tier_label(actual),
                                                     band=band.range_text, basis=law.penalty.norm.citation))
    if form_id == "decision_approval":
        if not str(values.get("discretion") or "").strip():
            warnings.append(_("The 裁量理由 of the 行政处理决定审批表 is empty: the head approves the amount without the "
                              "reasons for it. State the circumstances for the tier ticked (Penalty and discretion… on "
                              "the case fills it in), or make sure none need stating."))
        if not str(values.get("evidence") or "").strip():
            warnings.append(_("The 主要证据 of the 行政处理决定审批表 is empty: the head approves a penalty without the "
                              "evidence that proves the facts (行政处罚法 art. 40). List the evidence, or register the "
                              "case's evidence and issue its records first."))
    return warnings
