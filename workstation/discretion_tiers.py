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


def _weighed(case: Case, fine_fen: int) -> bool:
    """Whether a fine of ``fine_fen`` is held to the mandatory circumstances recorded on ``case`` by the tier it
    falls in: there is a fine, a circumstance is recorded and no tier is chosen (a tier chosen is checked as it is
    saved, ``discretion.check``)."""
    return bool(fine_fen and case.discretion_factors and not case.discretion_tier)


def unchosen_fine_refusal(penalty, case: Case, fine_fen: int, reason: str = "") -> str | None:
    """Why the fine ``fine_fen`` under ``penalty`` (a ``case_law`` penalty basis, None without one) contradicts a
    circumstance recorded on ``case`` in which the penalty must be lighter or reduced, or heavier (Penalty Law art.
    32), when the case chooses no tier: the tier the fine falls in is held to ``discretion.mandatory_refusal``
    (``discretion.fine_tier_refusal``). None with a tier chosen, no such circumstance, no fine or no basis with a
    range (``_weighed``). ``reason``: one the document writes, else the case's reason for the amount. What the law
    panel shows (``case_law.discretion_problem``) and the documents are refused for (``unchosen_tier_refusal``)."""
    from workstation.law.discretion import fine_tier_refusal

    fine_range = penalty.range if penalty is not None else None
    if not _weighed(case, fine_fen) or fine_range is None:
        return None
    from workstation.law.case_law import basis_citation

    return fine_tier_refusal(fine_fen, fine_range.min_fen, fine_range.max_fen, basis_citation(penalty),
                             case.discretion_factors, reason or case.discretion_reason)


def unchosen_tier_refusal(db: Database, case: Case, fine_fen: int, *, party_id: str | None = None,
                          reason: str = "", confiscated_fen: int = 0) -> str | None:
    """``unchosen_fine_refusal`` under the case's penalty basis (of the party ``party_id``'s own range among
    several): what the 行政处罚告知书, the 行政处罚决定书 and the 当场行政处罚决定书 with the fine ``fine_fen``, and the
    decision or notice recorded with the fine typed on the case, are refused for. ``confiscated_fen``: the illegal
    gains the document confiscates — the range follows from the larger of them and those the case records, as the
    criminal threshold of the document does (``stage_rules._document_threshold``); of one party of several, from the
    document's when it confiscates any (``case_law``'s ``amounts``)."""
    if not _weighed(case, fine_fen):
        return None
    from dataclasses import replace

    from workstation.law.case_law import case_law

    judged = replace(case, confiscated_fen=confiscated_fen) if confiscated_fen > case.confiscated_fen else case
    amounts = {"confiscated_fen": confiscated_fen} if confiscated_fen else None
    return unchosen_fine_refusal(case_law(db, judged, party_id=party_id, amounts=amounts).penalty, case, fine_fen,
                                reason)


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
    from workstation.law.case_law import basis_citation, case_law
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
                                                     band=band.range_text, basis=basis_citation(law.penalty)))
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


# ---- a natural person under 18 by the birth date of the ID number (Penalty Law art. 30) --------------------------

#: the circumstances of a minor: not penalised under 14, lighter or reduced at 14 to 17 (resources/law/discretion.toml)
UNDER_14, MINOR_14_TO_18 = "under_14", "minor_14_to_18"


def minor_circumstance(age: int | None) -> tuple[str, str] | None:
    """The circumstance of Penalty Law art. 30 a person of ``age`` (in full years, ``validators.id_age_on``) is in:
    (``UNDER_14`` or ``MINOR_14_TO_18``, its text as resources/law/discretion.toml words it, the key when that file
    has none); None for an adult, an age not known or below nought (a birth date after the day)."""
    from workstation.law.discretion import all_factors

    if age is None or not 0 <= age < 18:
        return None
    key = UNDER_14 if age < 14 else MINOR_14_TO_18
    factor = all_factors().get(key)
    return key, factor.shown_text if factor is not None else key


def minor_age_day(case: Case) -> str:
    """The day a party's age counts on in ``case``: the day of the act; without it, the earliest of the days the
    lead was received and the case filed, else today. The act comes before its lead and its filing, so the party is
    no older at the act than on those days — counted on a later day, a minor at the act could read as an adult: the
    earliest day recorded is taken, and the warning says the age at the act may be lower
    (``minor_party_warning``)."""
    from workstation.records import today

    if case.act_on:
        return str(case.act_on)[:10]
    recorded = [str(day)[:10] for day in (case.lead_received_on, case.filed_on) if day]
    return min(recorded) if recorded else today()


def minor_parties(db: Database, case: Case, party_id: str | None = None) -> list[tuple[str, int, str, str]]:
    """(name, age, circumstance key, its text: ``minor_circumstance``) of each natural-person party of ``case``
    (``party_id`` alone when given) whose resident ID number makes it under 18 on ``minor_age_day``; [] when none."""
    from workstation.errors import NotFound
    from workstation.store.parties import get_party
    from workstation.validators import id_age_on

    day = minor_age_day(case)
    found = []
    for pid in [party_id] if party_id else case.party_ids:
        try:
            party = get_party(db, pid)
        except NotFound:  # a party not stored: refused under the field, not here
            continue
        if party.kind != "person" or not party.id_number:
            continue
        age = id_age_on(party.id_number.strip().upper(), day)
        if (minor := minor_circumstance(age)) is not None:
            found.append((party.name, age, *minor))
    return found


def minor_party_warning(db: Database, case: Case, penalty, party_id: str | None = None) -> str | None:
    """What the officer is told, not refused, when a penalty (``penalty``: the fine typed, or True for a decision
    issued) is recorded for a natural-person party under 18 by its ID number (``minor_parties``) while the case does
    not record the circumstance for that age: 不满十四周岁 (``under_14``, not penalised) or 已满十四周岁不满十八周岁
    (``minor_14_to_18``, lighter or reduced), Penalty Law art. 30. Not refused: the ID number gives the party's age,
    but whether the party is the one who acted is the officer's finding — ticked under Penalty and discretion, the
    circumstance is then held to by the tier checks (``discretion.mandatory_refusal``: no penalty under 14). Without
    a date of the act it says the age is counted on a later day (``minor_age_day``) and may be lower at the act. None
    without a penalty, without such a party, or with the circumstance recorded."""
    if not penalty:
        return None
    lines = []
    day = minor_age_day(case)
    for name, age, key, circumstance in minor_parties(db, case, party_id):
        if key in case.discretion_factors:
            continue
        if key == UNDER_14:
            lines.append(_("By the birth date in the ID number, the party {name} was {age} on {day}, under 14: a "
                           "person under 14 is not given an administrative penalty, only ordered to correct, the "
                           "guardian told to discipline them (Penalty Law art. 30). Record “{circumstance}” under "
                           "Penalty and discretion and decide not to penalise, or check the party's ID number.")
                         .format(name=name, age=age, day=day, circumstance=circumstance))
        else:
            lines.append(_("By the birth date in the ID number, the party {name} was {age} on {day}, under 18: a "
                           "minor of 14 to 17 is penalised lighter or reduced (Penalty Law art. 30). Record "
                           "“{circumstance}” under Penalty and discretion and choose the tier by it, or check the "
                           "party's ID number.").format(name=name, age=age, day=day, circumstance=circumstance))
    if lines and not case.act_on:  # counted on a later day than the act: younger at the act, perhaps under 14
        lines.append(_("The date of the act is not recorded: the age above is counted on {day}, and at the act the "
                       "party may have been younger. Record the date of the act under Penalty and discretion.")
                     .format(day=day))
    return "\n".join(lines) or None
