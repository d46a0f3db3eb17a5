"""Discretion within a statutory fine range (REFERENCE §5, data in ``resources/law/discretion.toml``): the
tiers 从轻 / 一般 / 从重 cut from the range by percentages (style and percentages are data, UNCONFIRMED for
Guangdong), 减轻 below the statutory minimum, the circumstances that require or allow a lighter, heavier or no
penalty (Penalty Law arts. 30–33, 36), a suggested tier for chosen circumstances, and the check of a
proposed amount: never above the maximum, below the minimum only when reduced for a lighter circumstance,
and outside its tier only with a written reason."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from fractions import Fraction

from workstation.errors import ValidationError
from workstation.i18n import _, join_names
from workstation.law.catalogue import FenRange, range_text
from workstation.law.data import check_amounts, load, text, yuan

LIGHTER_EFFECTS = ("must_lighter", "may_lighter")


@dataclass(frozen=True)
class TierBand:
    """One tier of a fine range in fen, its label in the user's language (shown, never printed); percentages of the
    style (None for 减轻). Both ends are inclusive, but for a band starting at the edge the band below ends on
    (``above_low``): that edge belongs to the lower tier, so this band holds only the amounts above it."""

    tier: str
    label: str
    low_fen: int
    high_fen: int
    low_percent: int | None = None
    high_percent: int | None = None
    above_low: bool = False

    def contains(self, amount_fen: int) -> bool:
        above = self.low_fen < amount_fen if self.above_low else self.low_fen <= amount_fen
        return above and amount_fen <= self.high_fen

    @property
    def text(self) -> str:
        """从轻：¥0.00至¥150,000.00"""
        if self.tier == "reduced":
            return text("discretion", "band_reduced", low=yuan(self.high_fen + 1))
        return text("discretion", "band", tier=self.label, band=self.range_text)

    @property
    def range_text(self) -> str:
        """¥0.00至¥150,000.00; 高于¥150,000.00至¥350,000.00 for a band above a shared edge (减轻: below the minimum)"""
        if self.tier == "reduced":
            return self.text
        key = "band_range_above" if self.above_low else "band_range"
        return text("discretion", key, low=yuan(self.low_fen), high=yuan(self.high_fen))


@dataclass(frozen=True)
class Factor:
    """A circumstance of the case and its effect on the penalty (must/may be lighter, must be heavier …)."""

    key: str
    text: str
    effect: str
    source: str
    unconfirmed: bool = False
    text_en: str = ""

    @property
    def shown_text(self) -> str:
        """The circumstance in the user's language: its ``text_en`` when ``WORKSTATION_LANG=en`` and it has one, else
        ``text`` — which a decision prints whatever the language (``case_law.discretion_text``)."""
        from workstation.i18n import language

        return (self.text_en if language() == "en" else "") or self.text


@dataclass(frozen=True)
class TierSuggestion:
    """The tier the chosen circumstances point to, whether the law requires it, whether heavier and lighter
    circumstances meet, whether no penalty is possible, and a Chinese explanation; ``undefined``: the keys chosen that
    the data in force does not define, passed over (``undefined_circumstances``) and named in the explanation."""

    tier: str
    mandatory: bool
    conflict: bool
    no_penalty_possible: bool
    factors: tuple[Factor, ...]
    message: str
    undefined: tuple[str, ...] = ()


@dataclass(frozen=True)
class DiscretionCheck:
    """The tier a proposed amount falls in (None between tiers), the band of the chosen tier, whether the
    amount lies outside it (then a reason is required) and a Chinese summary for the case file."""

    tier_of_amount: str | None
    band: TierBand | None
    outside_tier: bool
    reason_required: bool
    message: str


def tier_label(tier: str) -> str:
    """从轻, 一般, 从重, 减轻 or 不予处罚 for a tier key."""
    return load("discretion")["tiers"].get(tier, tier)


def shown_tier_label(tier: str) -> str:
    """The tier's label in the user's language: its English one (``[tiers_en]``) when ``WORKSTATION_LANG=en``, else
    ``tier_label`` — which a document prints whatever the language."""
    from workstation.i18n import language

    english = load("discretion").get("tiers_en", {}).get(tier) if language() == "en" else None
    return english or tier_label(tier)


def bands_unconfirmed() -> str:
    """What is not verified about the tiers' styles and percentages (discretion.toml ``unconfirmed``: the Guangdong
    benchmark not retrieved, the bands Jiangsu's and a generic rule's, illustrative), said beside the bands wherever
    they are shown — its ``unconfirmed_en`` when ``WORKSTATION_LANG=en``; "" once the data says nothing."""
    from workstation.i18n import language

    data = load("discretion")
    english = data.get("unconfirmed_en") if language() == "en" else None
    return str(english or data.get("unconfirmed", ""))


def all_factors() -> dict[str, Factor]:
    """Every circumstance of the data by key, in file order."""
    return {f["key"]: Factor(f["key"], f["text"], f["effect"], f["source"], bool(f.get("unconfirmed", False)),
                             f.get("text_en", "")) for f in load("discretion")["factors"]}


def circumstance_names(texts: Iterable[str]) -> str:
    """Circumstances one after the other inside a sentence: 、 in Chinese; in English a semicolon (their texts hold
    commas), each begun in lower case."""
    from workstation.i18n import language

    if language() != "en":
        return "、".join(texts)
    return "; ".join(t[:1].lower() + t[1:] for t in texts)


def _chosen(keys: Iterable[str]) -> tuple[Factor, ...]:
    """The circumstances of ``keys`` the data in force defines, each once; the others passed over
    (``undefined_circumstances``)."""
    known = all_factors()
    return tuple(known[k] for k in dict.fromkeys(keys) if k in known)


def undefined_circumstances(keys: Iterable[str]) -> tuple[str, ...]:
    """The keys among ``keys`` that no circumstance of the data in force has: a station's own circumstance (its copy
    of discretion.toml) in a case imported at headquarters, or one of the bureau's copy since reset. They stay
    recorded on the case as they were (the Penalty and discretion dialog, which has no box for them, saves them back
    beside the circumstances ticked: ``ui.case_law``), and an assessment passes them over, counting them towards no
    tier and naming them (``_said_with_undefined``), never refusing the case's law."""
    known = all_factors()
    return tuple(k for k in dict.fromkeys(keys) if k not in known)


def _said_with_undefined(message: str, undefined: tuple[str, ...]) -> str:
    """``message`` followed by the circumstances ``undefined`` named as not counted (``message`` alone without)."""
    if not undefined:
        return message
    note = _("Circumstances the legal data in force does not define, not counted: {names}.").format(
        names=join_names(undefined))
    return message + ("" if not message or message.endswith(("。", "；")) else " ") + note


def tiers(min_fen: int, max_fen: int, style: str | None = None) -> list[TierBand]:
    """The tiers of a statutory range [min_fen, max_fen] in the data's style (or ``style``): 减轻 below the
    minimum when the minimum is above 0, then 从轻 / 一般 / 从重 with edges rounded inward to whole fen; an edge two
    tiers share belongs to the lower one, the upper band holding only the amounts above it (``above_low``)."""
    check_amounts(min_fen=min_fen, max_fen=max_fen)
    if min_fen > max_fen:
        raise ValidationError({"max_fen": _("The maximum is below the minimum.")})
    data = load("discretion")
    style = style or data["style"]
    if style not in data["styles"]:
        raise ValidationError({"style": _("Unknown discretion style {style}.").format(style=style)})
    rule = data["styles"][style]
    origin, span = (min_fen, max_fen - min_fen) if rule["base"] == "range" else (0, max_fen)
    bands = [TierBand("reduced", shown_tier_label("reduced"), 0, min_fen - 1)] if min_fen > 0 else []
    below: TierBand | None = None  # the band before, of 从轻 / 一般 / 从重
    for band in rule["bands"]:
        low = max(min_fen, math.ceil(origin + Fraction(span * band["from"], 100)))
        high = min(max_fen, math.floor(origin + Fraction(span * band["to"], 100)))
        shared = below is not None and low <= below.high_fen
        below = TierBand(band["tier"], shown_tier_label(band["tier"]), low, max(low, high), band["from"], band["to"],
                         above_low=shared)
        bands.append(below)
    return bands


def tier_of(amount_fen: int, bands: list[TierBand]) -> str | None:
    """The tier of an amount: the band holding it (a shared edge belongs to the lower tier, ``TierBand.above_low``),
    None in a gap between tiers or above the range."""
    return next((b.tier for b in bands if b.contains(amount_fen)), None)


def suggest(factors: Iterable[str]) -> TierSuggestion:
    """The tier the chosen circumstances (``factors``: keys of ``[[factors]]``) point to: no penalty if one requires it;
    heavier and lighter circumstances together → 一般, flagged as a conflict to weigh; 从重 for a must-heavier,
    从轻 (or 减轻) for a must/may-lighter circumstance, the two kinds named apart (应当…；可以…); 一般 otherwise. A
    may-not-penalise circumstance keeps the tier and sets ``no_penalty_possible``. A key the data in force does not
    define counts towards none of them and is named as not counted (``undefined_circumstances``)."""
    factors = list(factors)
    suggestion = _suggested(_chosen(factors))
    undefined = undefined_circumstances(factors)
    return replace(suggestion, message=_said_with_undefined(suggestion.message, undefined), undefined=undefined) \
        if undefined else suggestion


def _suggested(chosen: tuple[Factor, ...]) -> TierSuggestion:
    by = {effect: [f for f in chosen if f.effect == effect] for effect in
          ("must_not_penalise", "may_not_penalise", "must_lighter", "may_lighter", "must_heavier")}
    names = lambda items: circumstance_names(f.shown_text for f in items)  # noqa: E731
    lighter, heavier = by["must_lighter"] + by["may_lighter"], by["must_heavier"]
    if by["must_not_penalise"]:
        return TierSuggestion("no_penalty", True, False, True, chosen,
                              text("discretion", "suggest_no_penalty", factors=names(by["must_not_penalise"])))
    if heavier and lighter:
        tier, mandatory, conflict = "ordinary", False, True
        message = text("discretion", "suggest_conflict", heavier=names(heavier), lighter=names(lighter))
    elif heavier:
        tier, mandatory, conflict = "heavier", True, False
        message = text("discretion", "suggest_heavier", factors=names(heavier))
    elif by["must_lighter"] and by["may_lighter"]:  # each kind said with its own strength, as the law data gives it
        tier, mandatory, conflict = "lighter", True, False
        message = text("discretion", "suggest_lighter_both", must=names(by["must_lighter"]),
                       may=names(by["may_lighter"]))
    elif lighter:
        tier, mandatory, conflict = "lighter", bool(by["must_lighter"]), False
        strength = text("discretion", "must" if mandatory else "may")
        message = text("discretion", "suggest_lighter", strength=strength, factors=names(lighter))
    else:
        tier, mandatory, conflict = "ordinary", False, False
        message = text("discretion", "suggest_none")
    if by["may_not_penalise"]:
        message = text("discretion", "suggest_may_no_penalty", factors=names(by["may_not_penalise"]),
                       tier=shown_tier_label(tier)) + (message if heavier or lighter else "")
    # an English sentence leaves a space before the one it may be followed by
    return TierSuggestion(tier, mandatory, conflict, bool(by["may_not_penalise"]), chosen, message.rstrip())


def lighter_grounds(keys: Iterable[str]) -> tuple[Factor, ...]:
    """The circumstances among ``keys`` that must or may make the penalty lighter (Penalty Law arts. 30–32): the
    grounds a reduced penalty (减轻) needs; keys the data no longer knows are passed over."""
    known = all_factors()
    return tuple(known[k] for k in dict.fromkeys(keys) if k in known and known[k].effect in LIGHTER_EFFECTS)


NOT_PENALISE_EFFECTS = ("must_not_penalise", "may_not_penalise")


def no_penalty_grounds(keys: Iterable[str]) -> tuple[Factor, ...]:
    """The circumstances among ``keys`` in which no penalty is or may be given (Penalty Law arts. 30, 31, 33, 36:
    effect ``must_not_penalise`` or ``may_not_penalise``): the grounds the tier 不予处罚 rests on. Refused naming
    ``discretion_factors`` without one."""
    known = all_factors()
    grounds = tuple(known[k] for k in dict.fromkeys(keys) if k in known and known[k].effect in NOT_PENALISE_EFFECTS)
    if not grounds:
        raise ValidationError({"discretion_factors": _(
            "Not penalising (不予处罚) needs a circumstance in which no penalty is or may be given (Penalty Law arts. "
            "30, 31, 33, 36): tick that circumstance — or, for another ground a law gives, write it with its article "
            "as the reason —, or choose another tier.")})
    return grounds


def mandatory_refusal(tier: str, keys: Iterable[str], reason: str = "") -> str | None:
    """Why the tier ``tier`` contradicts a mandatory circumstance among ``keys`` (None when it does not): one in
    which the penalty must be lighter or reduced (``must_lighter``, Penalty Law art. 32: 应当从轻或者减轻) refuses 一般
    and 从重, whatever may-lighter circumstance beside it; one in which it must be heavier (``must_heavier``) refuses
    从轻 and 减轻. Both kinds
    together pull against each other: they are weighed (``suggest``: 一般), so a tier other than 一般 (and 不予处罚,
    judged on its own grounds) needs the written ``reason`` saying why one outweighs the other."""
    chosen = _chosen(keys)
    lighter = [f for f in chosen if f.effect == "must_lighter"]
    heavier = [f for f in chosen if f.effect == "must_heavier"]
    named = lambda items: {"circumstances": circumstance_names(f.shown_text for f in items),  # noqa: E731
                           "sources": "、".join(dict.fromkeys(f.source for f in items)),
                           "tier": shown_tier_label(tier)}
    if lighter and heavier:
        if tier in ("lighter", "heavier", "reduced") and not reason.strip():
            return _("The case records circumstances in which the penalty must be lighter or reduced ({lighter}) and "
                     "others in which it must be heavier ({heavier}): they are weighed against each other, which "
                     "gives {ordinary}. To choose {tier}, write the reason why one outweighs the other; otherwise "
                     "choose {ordinary}.").format(
                lighter=circumstance_names(f.shown_text for f in lighter),
                heavier=circumstance_names(f.shown_text for f in heavier), tier=shown_tier_label(tier),
                ordinary=shown_tier_label("ordinary"))
        return None
    if lighter and tier in ("ordinary", "heavier"):
        return _("The case records the circumstance “{circumstances}”, in which the penalty must be lighter or "
                 "reduced ({sources}): the tier cannot be {tier}. Choose {lighter} or {reduced}, or, if the circumstance was recorded in "
                 "error, take it off.").format(**named(lighter), lighter=shown_tier_label("lighter"),
                                               reduced=shown_tier_label("reduced"))
    if heavier and tier in ("lighter", "reduced"):
        return _("The case records the circumstance “{circumstances}”, in which the penalty must be heavier "
                 "({sources}): the tier cannot be {tier}. Choose {heavier}, or, if the circumstance was recorded in error, take it "
                 "off.").format(**named(heavier), heavier=shown_tier_label("heavier"))
    return None


def fine_tier_refusal(amount_fen: int, min_fen: int, max_fen: int, citation: str, keys: Iterable[str],
                      reason: str = "") -> str | None:
    """Why a fine of ``amount_fen``, imposed with no tier chosen on the case, contradicts a mandatory circumstance
    among ``keys`` (None when it does not, without a fine, or above the maximum — refused on its own): the tier it
    falls in within [min_fen, max_fen] (below the minimum 减轻; in a gap between tiers neither lighter nor heavier, as
    一般) is held to ``mandatory_refusal`` as a tier chosen would be — a must-lighter circumstance (Penalty Law art.
    32: 应当从轻或者减轻) asks for a fine in the 从轻 band or a reduced one, a must-heavier one for the 从重 band, both
    kinds together for the 一般 band. A written ``reason`` (裁量理由) lets a fine outside that band through, as ``check``
    lets one outside the tier chosen: the tier the circumstances ask for stands chosen, the amount outside it
    explained — except a fine below the minimum beside a must-heavier circumstance, which no tier allows (only 减轻
    goes below it, and a must-heavier circumstance refuses 减轻). The refusal names the band the fine is to be
    brought into, and says to take off a circumstance that does not apply."""
    if not amount_fen or amount_fen > max_fen:
        return None
    bands = tiers(min_fen, max_fen)
    tier = "reduced" if amount_fen < min_fen else (tier_of(amount_fen, bands) or "ordinary")
    keys = list(keys)
    if not mandatory_refusal(tier, keys, reason):
        return None
    if reason.strip() and tier != "reduced":  # (减轻 refused here: a must-heavier circumstance alone)
        return None  # the amount outside the band the circumstances ask for, with the reason written for it
    chosen = _chosen(keys)
    lighter = [f for f in chosen if f.effect == "must_lighter"]
    heavier = [f for f in chosen if f.effect == "must_heavier"]
    band = {b.tier: b.range_text for b in bands}
    common = {"fine": yuan(amount_fen), "basis": citation or _range_named(min_fen, max_fen)}
    if lighter and heavier:
        return _("The case records circumstances in which the penalty must be lighter or reduced ({lighter}) and "
                 "others in which it must be heavier ({heavier}): weighed against each other they give {ordinary} "
                 "({band}), and no tier is chosen, but the fine of {fine} lies outside that band of the range of "
                 "{basis}. Bring the fine into the {ordinary} band, or write under Penalty and discretion… on the "
                 "case why one kind outweighs the other.").format(
            lighter=circumstance_names(f.shown_text for f in lighter),
            heavier=circumstance_names(f.shown_text for f in heavier), ordinary=shown_tier_label("ordinary"),
            band=band.get("ordinary", ""), **common)
    found = lighter or heavier
    named = {"circumstances": circumstance_names(f.shown_text for f in found),
             "sources": "、".join(dict.fromkeys(f.source for f in found)), **common}
    if lighter:
        lower = _("Lower the fine into the {lighter} band ({band})").format(lighter=shown_tier_label("lighter"),
                                                                            band=band.get("lighter", ""))
        if min_fen:
            lower = _("{lower}, or below {minimum} as a {reduced} penalty (choose {reduced} under Penalty and "
                      "discretion… on the case)").format(lower=lower, minimum=yuan(min_fen),
                                                        reduced=shown_tier_label("reduced"))
        return _("The case records the circumstance “{circumstances}”, in which the penalty must be lighter or "
                 "reduced ({sources}), and no tier is chosen, but the fine of {fine} lies above the {lighter} band of "
                 "the range of {basis}. {lower}; or write the reason for the amount under Penalty and discretion… on "
                 "the case; or, if the circumstance does not apply to this case, take it off there and write "
                 "why.").format(
            lighter=shown_tier_label("lighter"), lower=lower, **named)
    return _("The case records the circumstance “{circumstances}”, in which the penalty must be heavier ({sources}), "
             "and no tier is chosen, but the fine of {fine} lies below the {heavier} band ({band}) of the range of "
             "{basis}. Raise the fine into that band; or write the reason for the amount under Penalty and "
             "discretion… on the case; or, if the circumstance does not apply to this case, take it off there and "
             "write why.").format(
        heavier=shown_tier_label("heavier"), band=band.get("heavier", ""), **named)


def _reduction_grounds(chosen: tuple[Factor, ...]) -> tuple[Factor, ...]:
    """The lighter circumstances of a reduced penalty (减轻), whatever its amount: the tier itself rests on one
    (Penalty Law art. 32; REFERENCE §5.1). Refused naming ``discretion_factors`` without one."""
    grounds = lighter_grounds(f.key for f in chosen)
    if not grounds:
        raise ValidationError({"discretion_factors": _(
            "A reduced penalty (减轻) needs a circumstance that must or may make the penalty lighter (Penalty Law "
            "arts. 30–32): tick that circumstance, or choose another tier.")})
    return grounds


def _range_named(min_fen: int, max_fen: int) -> str:
    """The statutory range as a refusal names it with its article: ¥3,000.00至¥30,000.00 (catalogue.toml's
    ``range``, in English ¥3,000.00 to ¥30,000.00)."""
    return range_text(FenRange(min_fen, max_fen))


def _below_minimum(amount_fen: int, min_fen: int, max_fen: int, chosen_tier: str, chosen: tuple[Factor, ...],
                   bands: list[TierBand], citation: str) -> DiscretionCheck:
    if chosen_tier != "reduced":
        if citation:
            raise ValidationError({"amount": _(
                "{amount} is below the fine range of {citation}, {range}: only a reduced penalty (减轻) may go below "
                "it.").format(amount=yuan(amount_fen), citation=citation,
                              range=_range_named(min_fen, max_fen))})
        raise ValidationError({"amount": _("{amount} is below the statutory minimum {minimum}: only a reduced "
                                           "penalty (减轻) may go below it.").format(amount=yuan(amount_fen),
                                                                                   minimum=yuan(min_fen))})
    grounds = lighter_grounds(f.key for f in chosen)  # one at least (``check``)
    message = text("discretion", "reduced", amount=yuan(amount_fen), low=yuan(min_fen),
                   factors=circumstance_names(f.shown_text for f in grounds))
    return DiscretionCheck("reduced", bands[0], False, False, message)


def check(amount_fen: int, min_fen: int, max_fen: int, chosen_tier: str, reason: str = "", *,
          factors: Iterable[str] = (), style: str | None = None, citation: str = "",
          fine_optional: bool = False) -> DiscretionCheck:
    """Check a proposed fine against its statutory range and the chosen tier. Above the maximum: always
    ValidationError. Below the minimum: only with ``chosen_tier`` 减轻 (``reduced``), which whatever the amount needs
    a must/may-lighter circumstance among ``factors`` (keys of ``[[factors]]``) — except no fine at all where the
    norm does not require one (``fine_optional``: 消法 art. 56 可以单处或者并处 a warning, confiscation …), recorded with
    any tier. Outside the chosen tier (or between tiers): allowed only with a non-blank ``reason``, else
    ValidationError naming ``discretion_reason``. A tier against a mandatory circumstance: ValidationError naming
    ``discretion_tier`` (``mandatory_refusal``). ``citation``: the penalty norm the range is of, named with the range
    in a refusal out of it. A key of ``factors`` the data in force does not define counts for nothing and is named as
    not counted in the summary."""
    factors = list(factors)
    checked = _checked(amount_fen, min_fen, max_fen, chosen_tier, reason, factors=factors, style=style,
                       citation=citation, fine_optional=fine_optional)
    undefined = undefined_circumstances(factors)
    return replace(checked, message=_said_with_undefined(checked.message, undefined)) if undefined else checked


def _checked(amount_fen: int, min_fen: int, max_fen: int, chosen_tier: str, reason: str, *, factors: list[str],
             style: str | None, citation: str, fine_optional: bool) -> DiscretionCheck:
    check_amounts(amount_fen=amount_fen, min_fen=min_fen, max_fen=max_fen)
    if chosen_tier not in load("discretion")["tiers"]:
        raise ValidationError({"discretion_tier": _("Unknown discretion tier {tier}.").format(tier=chosen_tier)})
    chosen = _chosen(factors)
    if chosen_tier == "no_penalty":  # its grounds (``no_penalty_grounds``) are the case's, checked as it is saved
        if amount_fen:
            raise ValidationError({"amount": _("No penalty was chosen, so the fine must be 0.")})
        return DiscretionCheck("no_penalty", None, False, False, shown_tier_label("no_penalty"))
    if refusal := mandatory_refusal(chosen_tier, (f.key for f in chosen), reason):  # Penalty Law art. 32 …
        raise ValidationError({"discretion_tier": refusal})
    if amount_fen > max_fen:
        if citation and not max_fen:  # no fine at all (个保法 art. 66 para. 1 without 拒不改正)
            raise ValidationError({"amount": _(
                "{amount} is above the fine range of {citation}, which provides no fine in this case; no tier or "
                "reason allows it.").format(amount=yuan(amount_fen), citation=citation)})
        if citation:
            raise ValidationError({"amount": _(
                "{amount} is above the fine range of {citation}, {range}; no tier or reason allows it.").format(
                amount=yuan(amount_fen), citation=citation, range=_range_named(min_fen, max_fen))})
        raise ValidationError({"amount": _("{amount} is above the statutory maximum {maximum}; no tier or reason "
                                           "allows it.").format(amount=yuan(amount_fen), maximum=yuan(max_fen))})
    if chosen_tier == "reduced":
        _reduction_grounds(chosen)
    bands = tiers(min_fen, max_fen, style)
    if not amount_fen and fine_optional and min_fen:  # a warning or confiscation alone: the minimum is of a fine
        band = next((b for b in bands if b.tier == chosen_tier), None)
        return DiscretionCheck(None, band, False, False, _(
            "No fine: {citation} allows the penalty without one (a warning, confiscation, alone or together); tier "
            "{tier}.").format(citation=citation or "—", tier=shown_tier_label(chosen_tier)))
    if amount_fen < min_fen:
        return _below_minimum(amount_fen, min_fen, max_fen, chosen_tier, chosen, bands, citation)
    actual = tier_of(amount_fen, bands)
    band = next((b for b in bands if b.tier == chosen_tier), None)
    band_text = band.range_text if band else shown_tier_label(chosen_tier)
    if actual == chosen_tier:
        return DiscretionCheck(actual, band, False, False, text("discretion", "within", amount=yuan(amount_fen),
                                                                tier=shown_tier_label(actual), band=band_text))
    if not reason.strip():
        raise ValidationError({"discretion_reason": _(
            "{amount} lies outside the chosen tier {tier} ({band}); write the reason for the amount.").format(
            amount=yuan(amount_fen), tier=shown_tier_label(chosen_tier), band=band_text)})
    actual_text = text("discretion", "actual_tier", tier=shown_tier_label(actual)) if actual else text("discretion",
                                                                                                        "gap")
    message = text("discretion", "outside", amount=yuan(amount_fen), chosen=shown_tier_label(chosen_tier),
                   band=band_text, actual=actual_text,
                   reason=reason.strip())
    return DiscretionCheck(actual, band, True, True, message)
