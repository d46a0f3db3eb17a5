"""The law applied to one case: whether its records and gains reach the criminal thresholds, the norms in
force for each violation and the penalty norm with its fine range, the procedural thresholds its amounts
reach, the discretion tier of its fine with the written reason, and the surcharge on an overdue fine.

``save_penalty_choice`` stores what the officer chose (the date of the act, prior punishment, the penalty
norm, the tier, the circumstances, the reason and the fine); an amount outside its tier without a reason, or
beyond the statutory range, is refused there with the field named."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import json
import math
import re
from dataclasses import dataclass, replace
from fractions import Fraction

from workstation.db import Database
from workstation.discretion_tiers import unchosen_fine_refusal
from workstation.errors import ValidationError, join_reasons, join_sentences
from workstation.i18n import N_, _, join_names
from workstation.law import catalogue, criminal, discretion, surcharge, thresholds
from workstation.law.data import condition_labels, load  # condition_labels: read here by its callers
from workstation.records import Case, today
from workstation.vocabulary import label, shown_label


@dataclass(frozen=True)
class ViolationLaw:
    """The law in time for one violation type of the case, or for a part of it with norms of its own (``part``, the
    fact recording it: ``commercial_calls`` beside messages, ``_parts_law``)."""

    violation: str
    label: str
    law: catalogue.LawChoice
    part: str = ""


@dataclass(frozen=True)
class ActLaw:
    """One of the separate acts of a case (catalogue.toml ``[acts]``): the violations it is and the penalty norm
    chosen among their norms alone (Penalty Law art. 29 within the act), with its fine range."""

    violations: tuple[ViolationLaw, ...]
    penalty: catalogue.NormChoice

    @property
    def label(self) -> str:
        """The act's violation types in the user's language."""
        return join_names(shown_label("violations", v.violation) for v in self.violations)


@dataclass(frozen=True)
class ActsChoice(catalogue.NormChoice):
    """The penalty basis of a case whose violations are separate acts (分别裁量、合并处罚): ``norm`` that of the act
    allowing the highest fine, ``also_cite`` the norms every other act rests on (so ``cited`` names each act's basis),
    ``range`` the acts' ranges added up (``_combined``), ``acts`` each act with its own choice."""

    acts: tuple[ActLaw, ...] = ()


@dataclass(frozen=True)
class PartyLaw:
    """The procedural thresholds and the publication of the case's amounts for one party of a case with several:
    the amounts that give a natural person a hearing or exclude the simple procedure differ from a company's."""

    party_id: str
    name: str
    kind: str
    # empty, with no publication, for a party not penalised (a 不予行政处罚决定书, or no penalty notified or decided
    # for it while the others have theirs)
    thresholds: tuple[tuple[str, thresholds.ThresholdResult], ...]
    publication: thresholds.Publication | None
    # the surcharge on this party's own overdue fine (its decision's fine, from its own payment deadline)
    surcharge: surcharge.Surcharge | None = None
    # what its own payments of part paid of that surcharge by the day assessed (fen): ``surcharge`` is the one accrued
    # in all, this included, so what it still owes is the difference (``surcharge_owed_fen``)
    surcharge_paid_fen: int = 0

    @property
    def surcharge_owed_fen(self) -> int | None:
        """The surcharge this party still owes: accrued less what it paid of it; None without a surcharge."""
        return None if self.surcharge is None else max(self.surcharge.amount_fen - self.surcharge_paid_fen, 0)


@dataclass(frozen=True)
class CaseLaw:
    """Everything the law says about the case's figures, each part with its explanation and source. The
    thresholds and publication (and ``party_kind``) are those of the case's first party; ``parties`` holds them
    for each party when the case has several (empty for one). The surcharge of a case with several parties each
    fined by its own decision is each party's (``PartyLaw.surcharge``), not the case's (None)."""

    act_date: str
    act_date_assumed: bool
    party_kind: str
    criminal: criminal.CriminalAssessment
    violations: tuple[ViolationLaw, ...]
    penalty: catalogue.NormChoice | None
    candidates: tuple[catalogue.Norm, ...]
    suggestion: discretion.TierSuggestion
    discretion: discretion.DiscretionCheck | None
    discretion_problem: str
    # empty, with no publication, for a party not penalised (a 不予行政处罚决定书, or no penalty notified or decided
    # for it while the others have theirs)
    thresholds: tuple[tuple[str, thresholds.ThresholdResult], ...]
    publication: thresholds.Publication | None
    surcharge: surcharge.Surcharge | None
    limitation: Limitation | None = None
    parties: tuple[PartyLaw, ...] = ()
    # what the case's 行政处罚决定书 in force (else its last issued 行政处罚告知书) imposes that its penalty basis does
    # not provide (``kinds_refusal``), "" when nothing
    kinds_problem: str = ""
    # a penalty norm chosen by hand that allows a lower fine than the one Penalty Law art. 29 picks
    # (``norm_warning``), "" otherwise: told, not refused
    norm_warning: str = ""
    # 首违不罚 chosen for a party penalised before within the window (``first_violation_warning``), "" otherwise:
    # told, not refused, the reading of 初次违法 being unconfirmed
    first_violation_warning: str = ""
    # what the payments of part paid of ``surcharge`` by the day assessed (fen, ``payments.surcharge_payments``):
    # ``surcharge`` is the surcharge accrued in all, this included (at most the fine, Penalty Law art. 72), so what
    # is still owed of it is the difference (``surcharge_owed_fen``), as the 催告书 and the payment dialog count it
    surcharge_paid_fen: int = 0
    # the parts of its violations with norms of their own (the calls of a case of calls and messages, ``_parts_law``)
    parts: tuple[ViolationLaw, ...] = ()
    # the violations (and parts of one) recorded that no penalty provision in force at the act's date penalises while
    # the case has a penalty basis for the others (``_unpenalised``), named as recorded (``_as_recorded``)
    unpenalised: tuple[ViolationLaw, ...] = ()

    @property
    def surcharge_owed_fen(self) -> int | None:
        """The surcharge still owed: accrued less what was paid of it; None without a surcharge."""
        return None if self.surcharge is None else max(self.surcharge.amount_fen - self.surcharge_paid_fen, 0)

    @property
    def fine_range(self) -> catalogue.FenRange | None:
        return self.penalty.range if self.penalty else None

    @property
    def acts(self) -> tuple[ActLaw, ...]:
        """The separate acts of the case, each with its own penalty norm (``act_groups``); empty when its violations
        are one act, fined once under the norm allowing the higher fine (Penalty Law art. 29)."""
        return self.penalty.acts if isinstance(self.penalty, ActsChoice) else ()

    @property
    def violated_norms(self) -> str:
        """The duty norms the case's acts violated, as documents cite them (``catalogue.cite``): for each violation
        recorded those of the instruments whose penalty norm it is penalised under (消法 art. 29 with 消法 art. 56,
        not PIPL art. 10) — the case's penalty norm, else, for a violation (or a part of one: the calls) that norm does
        not cover (``uncovered``), its own."""
        if self.penalty is None:
            return ""
        return catalogue.cite(self.violated_duties)

    @property
    def violated_duties(self) -> tuple[catalogue.Norm, ...]:
        """The duty norms ``violated_norms`` cites, in its order (``duty_order``); empty without a penalty basis.
        A violation the case's penalty norm does not cover keeps the duties of its own penalty norm's instruments:
        the 违反的规定 of a decision names every violation recorded, whichever norm the case's penalty rests on — and
        so does a part of one (``uncovered_parts``: the calls, 条例 art. 24, beside messages penalised under 广告法
        art. 62)."""
        if self.penalty is None:
            return ()
        # the parts their act's basis does not cover: with the duties of the instruments of their own penalty norm
        duties = {n.id: n for p in self.uncovered_parts for n in p.law.duties
                  if n.instrument in {c.instrument for c in p.law.penalty.cited}}
        if self.acts:  # each act's violations with the duties of the instruments of its own basis
            duties.update({n.id: n for act in self.acts for v in act.violations for n in v.law.duties
                           if n.instrument in {c.instrument for c in act.penalty.cited}})
            # a violation in no act (no penalty norm of its own): with those of the instruments of every act's basis
            in_acts = {v.violation for act in self.acts for v in act.violations}
            duties.update({n.id: n for v in self.violations if v.violation not in in_acts for n in v.law.duties
                           if n.instrument in {c.instrument for c in self.penalty.cited}})
            return tuple(sorted(duties.values(), key=duty_order))
        chosen = {n.instrument for n in (self.penalty.norm, *self.penalty.also_cite)}
        uncovered = {v.violation for v in self.uncovered if not v.part}
        for v in self.violations:
            own = v.law.penalty
            instruments = {n.instrument for n in own.cited} if v.violation in uncovered and own else chosen
            duties.update({n.id: n for n in v.law.duties if n.instrument in instruments})
        return tuple(sorted(duties.values(), key=duty_order))

    @property
    def uncovered(self) -> tuple[ViolationLaw, ...]:
        """The violations recorded on the case that carry a penalty of their own, which the case's penalty norm is
        not one of: 择一重处 (Penalty Law art. 29) chooses among the norms one act breaks, so these are penalised on
        it only if they are that one act; separate acts are each weighed and their penalties combined. Empty
        without a penalty basis; for separate acts (``acts``), each penalised on its own basis, only the parts of a
        violation its act's basis does not cover. With those parts (``uncovered_parts``) last."""
        if self.penalty is None:
            return ()
        whole = () if self.acts else tuple(
            v for v in self.violations if v.law.penalty is not None
            and self.penalty.norm.id not in {n.id for n, _range in v.law.penalty.considered})
        return (*whole, *self.uncovered_parts)

    @property
    def uncovered_parts(self) -> tuple[ViolationLaw, ...]:
        """The parts of the case's violations with a penalty of their own (``parts``: the calls of a case of calls and
        messages) that the penalty basis of their act does not cover (``_uncovered_parts``: 广告法 art. 62, chosen
        for the messages' higher fine, penalises no call). Empty without a penalty basis."""
        return _uncovered_parts(self.penalty, self.parts)

    @property
    def uncovered_warning(self) -> str:
        """What the officer is told, not refused, when the case's penalty norm does not cover every violation
        recorded (``uncovered``): the violations named with their own penalty norms; "" when it covers them all.
        For separate acts (``acts``) that each act's basis and penalty are to be stated in the document: its 依据
        cites their bases together, and its fine is weighed on their ranges added up. And a violation recorded that
        no penalty provision in force penalises (``unpenalised``): it cannot be penalised (``unpenalised_text``)."""
        unpenalised = unpenalised_text(self.penalty, self.unpenalised)
        if self.acts:
            return join_sentences([_(
                "The case records its violations as separate acts, each weighed (裁量) on its own basis and the "
                "penalties combined (合并): {acts}. The document cites their bases together — state the basis and "
                "the penalty of each act in it by hand.").format(acts=catalogue.text("catalogue", "act_separator").join(
                    f"{act.label}: {catalogue.cite(act.penalty.cited)}" for act in self.acts)),
                uncovered_text(self.penalty, self.uncovered_parts), unpenalised])
        return join_sentences([uncovered_text(self.penalty, self.uncovered), unpenalised])

    @property
    def basis_unconfirmed(self) -> str:
        """What is not verified about the penalty basis and the norms cited with it (``Norm.unconfirmed``: which body
        enforces 广告法 art. 62, whether Foshan bureaus cite 个保法 art. 66 …), said beside the basis wherever it is
        shown (``to_be_verified``); "" when nothing, or without a penalty basis."""
        if self.penalty is None:
            return ""
        notes = [n.unconfirmed for n in self.penalty.cited if n.unconfirmed]
        if self.acts:  # whether the violations are separate acts: the officer's finding, not verified
            notes.append(load("catalogue").get("acts", {}).get("unconfirmed", ""))
        return "".join(dict.fromkeys(note for note in notes if note))

    @property
    def rectification_basis(self) -> str:
        """The basis of the 责令改正通知书: Penalty Law art. 28 para. 1 (the order to correct with the penalty), then
        the case's penalty norm with the norms that refer to it (as ``basis_text`` cites them); "" without a
        penalty basis."""
        if self.penalty is None:
            return ""
        return load("catalogue")["texts"]["penalty_law_28_1"] + "、" + catalogue.cite(self.penalty.cited)

    @property
    def basis_text(self) -> str:
        """The "依据…的规定" phrase naming the penalty norm and the norms that refer to it, law before
        administrative regulation before rule (``catalogue.by_rank``), each law once (``catalogue.cite``)."""
        if self.penalty is None:
            return ""
        return f"依据{catalogue.cite(self.penalty.cited)}的规定"


def basis_citation(choice: catalogue.NormChoice) -> str:
    """The penalty basis ``choice`` as a message names it: its norm, or every act's basis for separate acts
    (``ActsChoice``)."""
    return catalogue.cite(choice.cited) if isinstance(choice, ActsChoice) else choice.norm.citation


def basis_norms(choice: catalogue.NormChoice) -> list[catalogue.Norm]:
    """The norms of the penalty basis ``choice``: its norm, or every act's penalty norm for separate acts
    (``ActsChoice``)."""
    return [a.penalty.norm for a in choice.acts] if isinstance(choice, ActsChoice) else [choice.norm]


def to_be_verified(note: str) -> str:
    """An UNCONFIRMED legal choice's note as shown beside it (the law panel, the Penalty and discretion dialog,
    ``cases facts``): 待核实：…"""
    return _("To be verified: {note}").format(note=note)


def uncovered_text(penalty: catalogue.NormChoice | None, uncovered: tuple[ViolationLaw, ...]) -> str:
    """``CaseLaw.uncovered_warning`` of the violations (and parts of one, ``ViolationLaw.part``) ``uncovered`` that
    the penalty basis ``penalty`` does not cover — a part's basis is that of its act (``_uncovered_parts``) —, named
    with their own penalty norms; "" for none."""
    if penalty is None or not uncovered:
        return ""
    bases = dict.fromkeys(_act_basis(penalty, v).norm.citation for v in uncovered)
    return _("The penalty basis {basis} does not cover {violations} recorded on the case. Choosing the norm "
             "with the higher fine (择一重处, Penalty Law art. 29) applies only to one act breaking several norms: "
             "if these are separate acts, each is weighed (裁量) on its own basis ({own}) and the penalties are "
             "combined (合并) — state the bases and the penalty of each act in the document by hand.").format(
        basis="、".join(bases), violations=join_names(_violation_named(v) for v in uncovered),
        own="；".join(catalogue.cite(v.law.penalty.cited) for v in uncovered))


def unpenalised_text(penalty: catalogue.NormChoice | None, unpenalised: tuple[ViolationLaw, ...]) -> str:
    """What the officer is told, not refused, of the violations (or parts of one) ``unpenalised`` that no penalty
    provision in force at the act's date penalises (``_unpenalised``) while the case's penalty basis ``penalty``
    penalises the others: each named with the law in time quoted, that it cannot be penalised (Penalty Law arts. 37,
    38) and is to be left out of the penalty or handled otherwise. "" for none or without a penalty basis (the case
    is then refused as a whole: ``no_basis_refusal``)."""
    if penalty is None or not unpenalised:
        return ""
    why = unpenalised[0].law.explanation if len(unpenalised) == 1 else join_sentences([_(
        "{violation}: {explanation}").format(violation=_violation_named(v), explanation=v.law.explanation)
        for v in unpenalised])  # each named when several
    return _("No penalty provision in force when the act occurred penalises {violations} recorded on the case: {why} "
             "It cannot be penalised (Penalty Law art. 38): the penalty basis {basis} covers the other violations "
             "only. Leave it out of the penalty the notice or decision proposes or imposes and of the fine weighed, "
             "or handle it otherwise (state that it is not penalised; if the date of the act or the facts recorded "
             "are wrong, correct them under Penalty and discretion…).").format(
        violations=join_names(_violation_named(v) for v in unpenalised), why=why, basis=basis_citation(penalty))


def _unpenalised(case: Case, penalty: catalogue.NormChoice | None, violations: tuple[ViolationLaw, ...],
                 parts: tuple[ViolationLaw, ...]) -> tuple[ViolationLaw, ...]:
    """The violations of ``case`` in time (``_violations_law``) and the parts of one (``_parts_law``) that no penalty
    provision in force at the act's date penalises (``LawChoice.penalty`` None: calls made before 2024-07-01, when
    条例 art. 24 did not yet exist) while the case has a penalty basis ``penalty`` for the others; a violation named as
    the facts record it (``_as_recorded``: calls alone as calls). Empty without a penalty basis."""
    if penalty is None:
        return ()
    return (*(_as_recorded(case, v) for v in violations if v.law.penalty is None),
            *(p for p in parts if p.law.penalty is None))


def _violation_named(v: ViolationLaw) -> str:
    """A violation as a message names it: its type, or for a part of one the fact recording that part (当事人未经消费者
    同意向其拨打商业性电话（骚扰电话）)."""
    return condition_labels().get(v.part, v.part) if v.part else shown_label("violations", v.violation)


def _as_recorded(case: Case, v: ViolationLaw) -> ViolationLaw:
    """``v`` as the facts recorded on ``case`` make it, for ``_violation_named``: the part that fact is when a fact
    whose norms replace the violation's own holds alone, with no fact keeping them (catalogue.toml ``replaces_own``,
    ``keeps_own``: calls without messages are no message, 条例 art. 24 alone); else ``v`` itself."""
    if v.part:
        return v
    keeping, replacing = _own_facts(case, v.violation)
    if keeping:
        return v
    return replace(v, part=replacing[0]) if replacing else v


def _own_facts(case: Case, violation: str) -> tuple[list[str], list[str]]:
    """The facts established on ``case`` (``norm_conditions``) that keep the norms of ``violation`` beside others
    (catalogue.toml ``keeps_own``), and those whose norms replace them (``replaces_own``), each in the case's order."""
    when = load("catalogue")["violations"].get(violation, {}).get("when", {})
    conditions = norm_conditions(case)
    return ([c for c in conditions if when.get(c, {}).get("keeps_own")],
            [c for c in conditions if when.get(c, {}).get("replaces_own")])


def _act_basis(penalty: catalogue.NormChoice, v: ViolationLaw) -> catalogue.NormChoice:
    """The penalty basis of the act ``v`` belongs to: its own act's for separate acts (``ActsChoice``), else
    ``penalty``."""
    acts = penalty.acts if isinstance(penalty, ActsChoice) else ()
    return next((a.penalty for a in acts if v.violation in {w.violation for w in a.violations}), penalty)


def _uncovered_parts(penalty: catalogue.NormChoice | None, parts: tuple[ViolationLaw, ...]
                     ) -> tuple[ViolationLaw, ...]:
    """The ``parts`` (``_parts_law``) with a penalty of their own that the penalty basis of their act does not count
    among their candidates: the calls (条例 art. 24 → art. 50 para. 3 → 消法 art. 56) of a case of calls and messages
    whose messages are penalised under 广告法 art. 62, the higher fine (Penalty Law art. 29), which penalises no
    call. Empty without a penalty basis."""
    if penalty is None:
        return ()
    return tuple(p for p in parts if p.law.penalty is not None
                 and _act_basis(penalty, p).norm.id not in {n.id for n, _range in p.law.penalty.considered})


def duty_order(norm: catalogue.Norm) -> tuple:
    """The order documents cite the provisions violated in: law before regulation before rule (the instrument's
    rank), then by instrument, article, paragraph and item."""
    return norm.rank, norm.instrument, norm.article, norm.paragraph or 0, norm.item or 0


@dataclass(frozen=True)
class Limitation:
    """The limitation period (追责时效, Penalty Law art. 36) of the case's recorded act: its length in years,
    the last day the act could be discovered, the day it was discovered (the lead's receipt, else the filing,
    else ``on``), whether that was too late, and the officer's one-line explanation."""

    years: int
    act_on: str
    last_day: str
    discovered_on: str
    expired: bool
    message: str
    source: str


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February: the period ends on 28 February
        return day.replace(year=day.year + years, day=28)


def discovery_day(db: Database, case: Case) -> tuple[str, str] | None:
    """The day the act was discovered (Penalty Law art. 36) when the case's leads tell it, with how, for
    ``limitation``'s ``discovered``: the earliest day the administration received a lead the case was opened from
    (``leads.case_id``), when earlier than the case's 线索接收日期 — a lead assigned (交办) to an office gives its case
    the assignment day, from which its verification period (T1) counts, not the day it was received. None when the
    case has no lead, or none received earlier: ``limitation`` then takes the case's own dates."""
    row = db.execute("SELECT MIN(substr(received_at, 1, 10)) FROM leads WHERE case_id = ? AND received_at != ''",
                     [case.id]).fetchone()
    day = row[0] if row else None
    if not day or (case.lead_received_on and case.lead_received_on <= day):
        return None
    if not case.lead_received_on:
        return day, _("the lead was received")
    return day, _("the lead was received by the administration; it was assigned on {assigned}").format(
        assigned=case.lead_received_on)


def limitation(case: Case, on: str | None = None, discovered: tuple[str, str] | None = None) -> Limitation | None:
    """The limitation period of the act recorded on the case (None while its date is not recorded): two years
    from the act (its end for a continuing act), five when the case carries the circumstance that the act
    involved life, health or financial safety with harmful consequences (thresholds.toml ``[limitation]``). An
    act discovered after the last day is not penalised; this is a warning to the officer, who finds the facts.
    ``discovered`` (day, how): the day the act was discovered as the case's leads tell it (``discovery_day``, which
    a caller with the database passes); without it, the case's 线索接收日期, else its filing, else ``on``."""
    if not case.act_on:
        return None
    rule = load("thresholds")["limitation"]
    long = rule["long_factor"] in case.discretion_factors
    years = rule["long_years"] if long else rule["years"]
    last = _add_years(dt.date.fromisoformat(case.act_on), years).isoformat()
    if discovered:
        discovered, how = discovered
    elif case.lead_received_on:
        discovered, how = case.lead_received_on, _("the lead was received")
    elif case.filed_on:
        discovered, how = case.filed_on, _("the case was filed")
    else:
        discovered, how = on or today(), _("today, no lead or filing date recorded")
    expired = discovered > last
    if expired:
        message = _("Limitation period run: the act of {act} was discovered on {discovered} ({how}), after the "
                    "{years}-year limitation period ended on {last}; it is no longer penalised (Penalty Law art. "
                    "36).").format(act=case.act_on, discovered=discovered, how=how, years=years, last=last)
        if not long:
            message = join_sentences([message, _(
                "If it involved life, health or financial safety with harmful consequences, the period is {long} "
                "years: tick that circumstance under Penalty and discretion.").format(long=rule["long_years"])])
    else:
        message = _("Within the {years}-year limitation period: the act of {act} was discovered on {discovered} "
                    "({how}); the period ended or ends on {last}.").format(
            years=years, act=case.act_on, discovered=discovered, how=how, last=last)
    return Limitation(years, case.act_on, last, discovered, expired, message, rule["source"])


def limitation_refusal(case: Case, discovered: tuple[str, str] | None = None) -> str | None:
    """Why no penalty may be decided in the case on its recorded dates, None when it may: an act discovered after
    its limitation period is no longer penalised (Penalty Law art. 36; REFERENCE §1.6 超过时效, mandatory). What
    remains is the decision not to penalise (at 待立案 not to file: ``closing_instead``); the officer corrects the act
    date or its kind if they are wrong. ``discovered``: as ``limitation`` takes it (``discovery_day``)."""
    found = limitation(case, discovered=discovered)
    if found is None or not found.expired:
        return None
    return _("No penalty may be decided: {why} {instead}, or correct the date of the act under Penalty and discretion "
             "if it is wrong.").format(why=found.message, instead=closing_instead(case.status))


def closing_instead(status: str) -> str:
    """The step a case at ``status`` closes with when no penalty may be given, as the refusals of a penalty name it
    (``limitation_refusal``, ``no_basis_refusal``, ``no_penalty_refusal``): at 待立案 not to file (不予立案), the case
    offering no decision yet; once filed, the decision not to penalise (不予行政处罚)."""
    if status == "pending_filing":
        return _("Decline to file the case (不予立案) instead")
    return _("Decide not to penalise (不予行政处罚) instead")


# the actions that go on towards a penalty, with what remains possible when the act's limitation period has run
# (``limitation_warning``); deciding the penalty itself is refused (``limitation_refusal``), the decision not to
# penalise is the outcome the law leaves
LIMITATION_ADVICE = {
    "file": N_("Filing requires the act to be within the limitation period: decline filing (不予立案) unless the "
               "date of the act or its kind is still to be established."),
    "send_pre_notice": N_("The penalty the notice would propose may not be given: decide not to penalise "
                          "(不予行政处罚) instead."),
    "resume_after_police": N_("The investigation taken up again cannot end in a penalty: decide not to penalise "
                              "(不予行政处罚) or terminate the investigation (终止调查)."),
}


def limitation_warning(case: Case, action: str, on_date: str, discovered: tuple[str, str] | None = None
                       ) -> tuple[str, str] | None:
    """What ``action`` (``LIMITATION_ADVICE``) recorded on ``on_date`` goes against without being refused, with the
    note the timeline keeps once the officer read it: the act's limitation period has run (Penalty Law art. 36); None
    when it has not, or for another action. Filing a case without a recorded lead counts the act as discovered on
    the filing date. The window asks to tick it, the command line says it with the step recorded. ``discovered``:
    as ``limitation`` takes it (``discovery_day``)."""
    if action not in LIMITATION_ADVICE:
        return None
    found = limitation(case, on=on_date, discovered=discovered)
    if found is None or not found.expired:
        return None
    note = _("Limitation period warning read: act of {act}, discovered on {discovered}, period ended on {last}."
             ).format(act=found.act_on, discovered=found.discovered_on, last=found.last_day)
    return join_sentences([found.message, _(LIMITATION_ADVICE[action])]), note


def no_basis_refusal(case: Case, document: str = "", *, on: str | None = None) -> str | None:
    """Why no penalty may be proposed, notified or decided in ``case`` for want of a legal basis, None when it has one
    or records no violation (nothing to check against): it records violations and no norm penalises them in time
    (``catalogue.applicable_law``: none in force when the act occurred — calls before 2024-07-01, when 条例 art. 24
    did not yet exist and 消法 art. 29 para. 3 names messages only —, none at all, or none left at the decision;
    ``CaseLaw.penalty`` None), each violation's law in time quoted. A penalty without a basis is void (Penalty Law
    art. 38): what remains is not to penalise (不予行政处罚; at 待立案 not to file, 不予立案), or the date of the act
    corrected if it is wrong (an assumed one recorded). A violation that is one fact alone (calls without messages) is
    named as that fact (``_as_recorded``). ``document``: the document refused (行政处罚告知书 …), "" for a step. The one check the
    行政处罚告知书, 行政处罚决定书 and 当场行政处罚决定书 (``procedure.issue_refusal``, ``values_refusal``) and the steps
    of a penalty (``no_penalty_refusal``, ``procedure._pre_notice_guard``) are refused by; the documents then print
    no provisions of their own in its place (``formkit.values.law_context``: no 消法 default). ``on``: as
    ``case_law``'s."""
    if not case.violations:
        return None
    violations = _violations_law(case, on)
    if _penalty(case, violations)[0] is not None:
        return None
    act, assumed = act_date_of(case)
    why = join_sentences([_("{violation}: {explanation}").format(
        violation=_violation_named(_as_recorded(case, v)), explanation=v.law.explanation) for v in violations])
    sentences = [_("No norm provides an administrative penalty for the violations recorded on this case: {why}"
                   ).format(why=why)]
    if document:
        sentences.append(_("A penalty without a legal basis is void (Penalty Law art. 38): the {document} cannot "
                           "propose or impose one — no fine, warning, confiscation or other penalty.").format(
            document=document))
    else:
        sentences.append(_("A penalty without a legal basis is void (Penalty Law art. 38): none can be proposed, "
                           "notified or decided in this case."))
    if assumed:
        sentences.append(_("The case records no date of the act: {act} is assumed from its lead or filing. Record "
                           "the date of the act under Penalty and discretion… if it is known.").format(act=act))
    sentences.append(_("{instead}; if the date of the act ({act}) or the facts recorded are wrong, correct them under "
                       "Penalty and discretion… first.").format(instead=closing_instead(case.status), act=act))
    return join_sentences(sentences)


def no_penalty_refusal(case: Case, discovered: tuple[str, str] | None = None) -> str | None:
    """Why no penalty may be decided in the case, None when it may: its limitation period has run
    (``limitation_refusal``), no norm penalises its violations (``no_basis_refusal``), or a circumstance recorded on the case under Penalty and discretion is one in which no
    penalty is given (discretion.toml effect ``must_not_penalise``: a minor under 14, a minor violation corrected in
    time without harm, no fault, …; Penalty Law arts. 30, 31, 33, 36; REFERENCE §1.6 — mandatory, not a tier the
    officer weighs). What remains is the decision not to penalise (at 待立案 not to file: ``closing_instead``), or
    taking the circumstance off if it was recorded in error. ``discovered``: as ``limitation`` takes it (``discovery_day``)."""
    refusal = limitation_refusal(case, discovered) or no_basis_refusal(case)
    if refusal:
        return refusal
    barring = barring_circumstances(case.discretion_factors)
    if not barring:
        return None
    return _("No penalty may be decided: the case records {circumstances}, in which no administrative penalty is "
             "given ({sources}). {instead}, or, if the circumstance was recorded in error, take it off under Penalty "
             "and discretion.").format(**_barring_named(barring), instead=closing_instead(case.status))


def barring_circumstances(keys) -> list[discretion.Factor]:
    """The circumstances among ``keys`` (keys of discretion.toml ``[[factors]]``) in which no administrative penalty
    is given (effect ``must_not_penalise``: Penalty Law arts. 30, 31, 33, 36), in their order; keys the data no longer
    knows are passed over."""
    factors = discretion.all_factors()
    return [factors[key] for key in dict.fromkeys(keys) if key in factors and factors[key].effect == "must_not_penalise"]


def penalty_tier_refusal(discretion_tier: str, fine_fen: int, keys, reason: str = "") -> str | None:
    """Why the tier ``discretion_tier`` with the fine ``fine_fen`` cannot be chosen beside the circumstances ``keys``:
    one of them is a circumstance in which no penalty is given (``barring_circumstances``: 轻微不罚, 无过错不罚 …), so
    the only tier is 不予处罚 (``discretion.suggest`` makes it mandatory); or the tier contradicts a circumstance in
    which the penalty must be lighter or heavier, unless ``reason`` weighs the two kinds against each other
    (``discretion.mandatory_refusal``, Penalty Law art. 32). None for 不予处罚, for no tier and no fine, and without
    such a circumstance."""
    if discretion_tier == "no_penalty" or not (discretion_tier or fine_fen):
        return None
    barring = barring_circumstances(keys)
    if not barring:
        return discretion.mandatory_refusal(discretion_tier, keys, reason)
    return _("The case records {circumstances}, in which no administrative penalty is given ({sources}): the tier "
             "can only be 不予处罚 (no penalty), with no fine. Choose 不予处罚 and decide not to penalise "
             "(不予行政处罚决定书), or, if the circumstance was recorded in error, take it off.").format(
        **_barring_named(barring))


def _barring_named(barring: list[discretion.Factor]) -> dict[str, str]:
    """The circumstances in which no penalty is given and their sources, as the refusals name them."""
    return {"circumstances": discretion.circumstance_names(f.shown_text for f in barring),
            "sources": "、".join(dict.fromkeys(f.source for f in barring))}


#: the circumstance 首违不罚 (discretion.toml): a first violation with minor harm, promptly corrected (Penalty Law art. 33
#: para. 1), which a party punished before does not have
FIRST_VIOLATION = "first_violation_minor"
#: the circumstance 一年内因同一种违法行为受过行政处罚… (discretion.toml, must be heavier): a party it is recorded of is not
#: violating for the first time, so 首违不罚 beside it is refused (``first_violation_refusal``)
REPEAT_WITHIN_YEAR = "repeat_within_year"


@dataclass(frozen=True)
class EarlierPenalty:
    """Another case of the same party decided with a penalty that stands: its number, decision date, amounts and
    the penalties besides money its decisions in force impose (a warning, property confiscated, another penalty as
    written)."""

    case_number: str
    decided_on: str
    fine_fen: int
    confiscated_fen: int
    warning: bool = False
    confiscated_property: str = ""
    other_penalty: str = ""


def earlier_penalty(db: Database, case: Case, party_ids: list[str] | None = None, on: str | None = None
                    ) -> EarlierPenalty | None:
    """The first other case of the parties ``party_ids`` (the case's by default) — the same party found by its id,
    its unified social credit code or its ID number — decided on or before ``on`` (the case's decision date, else
    today; a case without a decision date counts) with a penalty that stands against that party: a fine or
    confiscation as the statistics count it (``stats.FINE_SQL``), so never a decision voided or revoked (or declared
    void) on reconsideration or in court, nor a case only proposing a penalty or decided not to penalise. In a case
    with 行政处罚决定书 issued here only those of the same party count (``_decided_kinds``: a co-party's fine is not
    its own); a case decided outside records its amounts for the whole case, which count as they are. Or a warning,
    property confiscated or another penalty imposed by a decision in force so read (``_decided_kinds``: a warning is
    an administrative penalty, Penalty Law art. 9). Each within the look-back window of discretion.toml
    ``[first_violation]`` (``years`` before the day; an earlier one says nothing) and, with its ``same_violation``, for
    a violation this case is about too (a case of either recording no violation counts). That reading of 初次违法 is
    UNCONFIRMED: REFERENCE says only "first violation". None without one."""
    from workstation.penalty_terms import DECIDED_CASE, DECIDED_STATUS
    from workstation.stats import CONFISCATED_SQL, FINE_SQL

    ids = list(dict.fromkeys(party_ids if party_ids is not None else case.party_ids))
    if not ids:
        return None
    marks = ", ".join("?" * len(ids))
    rows = db.execute(f"SELECT uscc, id_number FROM parties WHERE id IN ({marks})", ids).fetchall()
    codes = [code for row in rows for code in row if code]
    code_marks = ", ".join("?" * len(codes)) or "NULL"
    day = on or case.decided_on or today()
    rule = load("discretion")["first_violation"]
    # the parties of another case that are the case's: by id, unified social credit code or ID number
    same = (f"p.id IN ({marks}) OR (p.uscc != '' AND p.uscc IN ({code_marks})) OR (p.id_number != '' AND "
            f"p.id_number IN ({code_marks}))")
    found = db.execute(
        f"SELECT id, case_number, COALESCE(decided_on, ''), {FINE_SQL}, {CONFISCATED_SQL}, violations, "
        f"({DECIDED_STATUS}) OR {DECIDED_CASE}, {DECIDED_CASE} FROM cases WHERE "
        "id != ? AND "
        f"id IN (SELECT cp.case_id FROM case_parties cp JOIN parties p ON p.id = cp.party_id WHERE {same}) "
        "AND (decided_on IS NULL OR decided_on BETWEEN ? AND ?) ORDER BY decided_on, case_number",
        [case.id or "", *ids, *codes, *codes, _add_years(dt.date.fromisoformat(day[:10]), -rule["years"]).isoformat(), day]).fetchall()
    own = set(case.violations or ())
    for case_id, number, decided, fine, confiscated, violations, was_decided, decided_here in found:
        if (rule["same_violation"] and not _same_violation(own, violations)) or not (
                fine or confiscated or was_decided):  # no decision issued nor status decided: no penalty besides
            continue
        matched = {row[0] for row in db.execute(
            "SELECT cp.party_id FROM case_parties cp JOIN parties p ON p.id = cp.party_id WHERE cp.case_id = ? AND "
            f"({same})", [case_id, *ids, *codes, *codes])}
        kinds = _decided_kinds(db, case_id, bool(was_decided), matched)
        warning, confiscated_property, other_penalty = kinds.warning, kinds.confiscated_property, kinds.other_penalty
        if decided_here:  # its decisions in force, each party's own: the party's only (``stats.FINE_SQL`` sums all)
            fine, confiscated = kinds.fine_fen, kinds.confiscated_fen
        if fine or confiscated or warning or confiscated_property or other_penalty:
            return EarlierPenalty(number or "", decided, fine, confiscated, warning, confiscated_property,
                                  other_penalty)
    return None


@dataclass(frozen=True)
class _Decided:
    """What a case's decisions in force that stand impose on some of its parties (``_decided_kinds``)."""

    warning: bool
    confiscated_property: str
    other_penalty: str
    fine_fen: int = 0
    confiscated_fen: int = 0


def _decided_kinds(db: Database, case_id: str, decided: bool, party_ids: set[str]) -> _Decided:
    """What the case ``case_id`` imposes on its parties ``party_ids`` (those that are the party asking: another
    party's penalty is not its own) and that stands: the warning, property confiscated, other penalty, fine and
    confiscated illegal gains of their 行政处罚决定书 in force (``penalty_terms.decisions_in_force``) that no
    reconsideration or lawsuit revoked or declared void (``party_decision_annulled``) — a fine changed (变更) as
    changed (``penalty_terms.changed_fine``): in a case with several parties by a change naming the party, the whole
    case's changed fine only when every party of the case is among ``party_ids`` (then counted once, not per
    party), else the party's own fine as decided —, as the fines counted are read (``stats.FINE_SQL``, which sums
    every party's); and, in a case with one party, a warning as the case list shows 警告
    (``penalty_terms.cases_warned_only``: a 当场行政处罚决定书 in force, or a warning alone proposed to a case decided
    outside the workstation), for a case whose status is at or after a penalty decision (``decided``: not one decided
    not to penalise, whose notice may have proposed a warning)."""
    from workstation.penalty_terms import (
        cases_warned_only,
        changed_fine,
        decisions_in_force,
        party_decision_annulled,
    )
    from workstation.store import get_case

    earlier = get_case(db, case_id)
    standing = [d for d in decisions_in_force(db, earlier)
                if d.party_id in party_ids and party_decision_annulled(db, earlier, d) is None]
    terms = [d.terms for d in standing]
    if len(earlier.party_ids) < 2:  # the party's fine as its or the whole case's challenge changed it, else as decided
        fine_fen = sum(t.fine_fen if fine is None else fine for t, fine in zip(
            terms, [changed_fine(db, earlier, d.party_id or None) for d in standing], strict=True))
    else:
        # several parties: a change naming the party is its own; the whole case's changed fine is theirs together,
        # counted once, only when every party of the case is asked of, else each keeps the fine decided for it
        own = [changed_fine(db, earlier, d.party_id, whole=False) if d.party_id else None for d in standing]
        whole = changed_fine(db, earlier) if set(earlier.party_ids) <= party_ids else None
        rest = [t.fine_fen for t, fine in zip(terms, own, strict=True) if fine is None]
        fine_fen = sum(fine for fine in own if fine is not None) + (
            whole if whole is not None and rest else sum(rest))
    warning = any(t.warning for t in terms) or (decided and len(earlier.party_ids) < 2
                                                and case_id in cases_warned_only(db, [case_id]))
    return _Decided(warning, "、".join(dict.fromkeys(t.confiscated_property for t in terms if t.confiscated_property)),
                    "、".join(dict.fromkeys(t.other_penalty for t in terms if t.other_penalty)),
                    fine_fen, sum(t.confiscated_fen for t in terms))


def _same_violation(own: set[str], stored) -> bool:
    """Whether an earlier case's violations (as stored: a JSON list) share one with ``own``; either recording none
    counts as the same (nothing tells them apart)."""
    try:
        theirs = set(json.loads(stored)) if isinstance(stored, str) and stored else set(stored or ())
    except (ValueError, TypeError):
        theirs = set()
    return not own or not theirs or bool(own & theirs)


def first_violation_refusal(db: Database, case: Case, party_ids: list[str] | None = None,
                            on: str | None = None) -> str | None:
    """Why 首违不罚 (``FIRST_VIOLATION``, Penalty Law art. 33 para. 1) does not apply to the case's party: the case
    records that it was punished before, or the circumstance of a repeat within a year (``REPEAT_WITHIN_YEAR``) beside
    it, both named, or — only when discretion.toml ``[first_violation] refuse`` says so — another case of the same
    party was decided with a penalty that counts (``earlier_penalty``), named; None when none of these (such a
    penalty is then warned of: ``first_violation_warning``)."""
    if case.prior_punished:
        return _("首违不罚 (a first violation, Penalty Law art. 33 para. 1) does not apply: the case records that the "
                 "party was punished before (Penalty and discretion). Choose another ground not to penalise, or "
                 "decide a penalty; take off the prior punishment if it was recorded in error.")
    if REPEAT_WITHIN_YEAR in case.discretion_factors:
        known = discretion.all_factors()
        named = {key: known[key].shown_text if key in known else key for key in (FIRST_VIOLATION, REPEAT_WITHIN_YEAR)}
        return _("首违不罚 (a first violation, Penalty Law art. 33 para. 1) does not apply beside the circumstance "
                 "“{repeat}” the case records: a party penalised before for the same kind of violation is not "
                 "violating for the first time. Take off “{first}” or “{repeat}”, whichever was recorded in error, "
                 "and choose the tier again.").format(first=named[FIRST_VIOLATION], repeat=named[REPEAT_WITHIN_YEAR])
    if not load("discretion")["first_violation"]["refuse"]:
        return None
    return _earlier_penalty_text(db, case, party_ids, on)


def first_violation_warning(db: Database, case: Case, party_ids: list[str] | None = None,
                            on: str | None = None) -> str:
    """What the officer choosing 首违不罚 is told, not refused (discretion.toml ``[first_violation] refuse`` false, the
    reading of 初次违法 being UNCONFIRMED): the earlier penalty of the party that counts (``earlier_penalty``), named,
    with the reading's note; "" when none counts, when the case records prior punishment (refused instead) or
    when the data refuses."""
    rule = load("discretion")["first_violation"]
    if case.prior_punished or rule["refuse"]:
        return ""
    refusal = _earlier_penalty_text(db, case, party_ids, on, warn=True)
    if not refusal:
        return ""
    from workstation.i18n import language

    note = rule.get("unconfirmed_en") if language() == "en" else None
    return _("{warning} Note: {note}.").format(  # the note says what is unconfirmed (discretion.toml)
        warning=refusal, note=note or rule["unconfirmed"])


def _earlier_penalty_text(db: Database, case: Case, party_ids: list[str] | None, on: str | None,
                          warn: bool = False) -> str | None:
    """The refusal (or, with ``warn``, the warning) naming the party's earlier penalty that counts; None without one."""
    earlier = earlier_penalty(db, case, party_ids, on)
    if earlier is None:
        return None
    from workstation.law.data import yuan

    parts = [part for part in (
        _("warning") if earlier.warning else "",
        _("fine {amount}").format(amount=yuan(earlier.fine_fen)) if earlier.fine_fen else "",
        _("illegal gains confiscated {amount}").format(amount=yuan(earlier.confiscated_fen))
        if earlier.confiscated_fen else "",
        _("confiscation of illegal property ({what})").format(what=earlier.confiscated_property)
        if earlier.confiscated_property else "",
        _("another penalty ({what})").format(what=earlier.other_penalty) if earlier.other_penalty else "") if part]
    # those written out (a property, another penalty: an 、 may be inside them) set apart by ；
    amounts = ("；" if earlier.confiscated_property or earlier.other_penalty else "、").join(parts)
    if warn:
        return _("首违不罚 (a first violation, Penalty Law art. 33 para. 1) may not apply: the party was penalised "
                 "before, in case {number} decided on {date} ({amounts}). Check that this is its first violation "
                 "before deciding not to penalise on this ground.").format(
            number=earlier.case_number or "—", date=earlier.decided_on or "—", amounts=amounts)
    return _("首违不罚 (a first violation, Penalty Law art. 33 para. 1) does not apply: the party was penalised before, "
             "in case {number} decided on {date} ({amounts}). Choose another ground not to penalise, or decide a "
             "penalty.").format(number=earlier.case_number or "—", date=earlier.decided_on or "—", amounts=amounts)


THRESHOLD_CHECKS = (("simple_procedure", thresholds.simple_procedure), ("hearing", thresholds.hearing),
                    ("legal_review", thresholds.legal_review),
                    ("collective_discussion", thresholds.collective_discussion))


def _thresholds(kind: str, case: Case, penalties: tuple[str, ...] = (), review_grounds: tuple[str, ...] = ()
                ) -> tuple[tuple[str, thresholds.ThresholdResult], ...]:
    """Each procedural threshold of the case's amounts for a party of ``kind``, with ``penalties`` (the other penalty
    kinds decided or proposed, ``terms_kinds``): a licence revoked gives the hearing right whatever the amounts; legal
    review with its grounds ``review_grounds`` (``_review_grounds``); collective discussion with the grounds of art. 57
    para. 2 marked on the case (``decision_review.DISCUSSION_GROUNDS``)."""
    from workstation.decision_review import DISCUSSION_GROUNDS

    discussion = tuple(DISCUSSION_GROUNDS[key] for key in DISCUSSION_GROUNDS if key in case.review_grounds)
    return tuple((name, fn(kind, case.fine_fen, case.confiscated_fen, penalties=penalties,
                           **({"grounds": review_grounds} if name == "legal_review" else
                              {"grounds": discussion} if name == "collective_discussion" else {})))
                 for name, fn in THRESHOLD_CHECKS)


def _review_grounds(db: Database, case: Case, party_id: str | None = None) -> tuple[str, ...]:
    """The grounds for legal review (keys of thresholds.toml ``[[legal_review.grounds]]``, in its order) the case has
    as ``decision_review`` counts them before refusing or warning of the decision: those of Penalty Law art. 58 marked
    on the case, a hearing held (art. 58 para. 1 (2); of ``party_id``, else of any party) and a reduced penalty."""
    from workstation.decision_review import HEARING_GROUND, hearing_held_on
    from workstation.procedure import party_hearing_held_on

    held = case.id and (party_hearing_held_on(db, case, party_id) if party_id else hearing_held_on(db, case))
    chosen = {*case.review_grounds, *([HEARING_GROUND] if held else []),
              *(["reduced_penalty"] if case.discretion_tier == "reduced" else [])}
    return tuple(g["key"] for g in load("thresholds")["legal_review"]["grounds"] if g["key"] in chosen)


def terms_kinds(terms) -> tuple[str, ...]:
    """The penalty kinds besides the fine and confiscated gains (keys of catalogue.toml ``[penalty_kinds]``) that a
    notice or decision's terms (``penalty_terms.Terms``) name: a warning, confiscated property, and those its
    其他行政处罚 writes out (吊销营业执照, 通报批评 …, ``thresholds.written_kinds``)."""
    kinds = ({"warning"} if terms.warning else set()) | ({"confiscate_property"} if terms.confiscated_property
                                                           else set())
    return tuple(sorted(kinds | set(thresholds.written_kinds(terms.other_penalty))))


def _party_terms(db: Database, case: Case, parties: list) -> dict:
    """{party id: the penalty terms it is judged on (``penalty_terms.Terms``), None when it is not penalised}: its
    行政处罚决定书 in force, else the 行政处罚告知书 issued to it, else the penalty recorded when its notice was served;
    a party issued a 不予行政处罚决定书, or given none of these while another party was, is not penalised. A case
    whose documents were all written on paper (none of these for any party) judges every party on the case's
    amounts, as before."""
    from workstation.party_decisions import no_penalty_parties
    from workstation.penalty_terms import Terms, decisions_in_force, last_notice, served_proposal

    decided = {d.party_id: d.terms for d in decisions_in_force(db, case)}
    spared = no_penalty_parties(db, case, parties)
    out: dict = {}
    for party in parties:
        if party.id in spared:
            out[party.id] = None
        elif party.id in decided:
            out[party.id] = decided[party.id]
        elif (notice := last_notice(db, case, party.id, parties)) is not None:  # the parties read once, not per party
            out[party.id] = notice.terms
        elif (served := served_proposal(db, case, party.id, parties)) is not None:
            out[party.id] = served.terms
        else:
            out[party.id] = None
    if not spared and all(terms is None for terms in out.values()):
        case_terms = Terms(fine_fen=case.fine_fen, confiscated_fen=case.confiscated_fen)
        return {party.id: case_terms for party in parties}
    return out


def party_terms(db: Database, case: Case) -> dict:
    """{party id: the penalty terms (``penalty_terms.Terms``) each party of the case is judged on, None when it is not
    penalised} (``_party_terms``): its 行政处罚决定书 in force, else its notice, else the case's amounts."""
    from workstation.store import parties_of_case

    return _party_terms(db, case, parties_of_case(db, case.id))


def _penalised(terms) -> bool:
    return bool(terms.fine_fen or terms.confiscated_fen or terms.warning or terms.confiscated_property
                or terms.other_penalty)


def parties_law(db: Database, case: Case, surcharges: dict[str, surcharge.Surcharge] | None = None,
                surcharges_paid: dict[str, int] | None = None) -> tuple[PartyLaw, ...]:
    """The thresholds and publication of the case's amounts for each of its parties, with the surcharge on its own
    overdue fine (``surcharges``, by party id) and what it paid of it (``surcharges_paid``, fen by party id), in the
    case's order; empty for a case with one party (or none), whose assessment is the case's own."""
    from workstation.store import parties_of_case

    parties = parties_of_case(db, case.id)
    if len(parties) < 2:
        return ()
    surcharges, paid = surcharges or {}, surcharges_paid or {}
    terms_of = _party_terms(db, case, parties)
    out = []
    for p in parties:
        terms = terms_of[p.id]
        if terms is None or not _penalised(terms):  # not penalised: no thresholds, nothing published
            out.append(PartyLaw(p.id, p.name, p.kind, (), None, surcharges.get(p.id), paid.get(p.id, 0)))
            continue
        own = replace(case, fine_fen=terms.fine_fen, confiscated_fen=terms.confiscated_fen)
        kinds = terms_kinds(terms)
        out.append(PartyLaw(p.id, p.name, p.kind, _thresholds(p.kind, own, kinds, _review_grounds(db, case, p.id)),
                            thresholds.publication(p.kind, terms.fine_fen, terms.confiscated_fen, penalties=kinds,
                                                   other_penalty=terms.other_penalty),
                            surcharges.get(p.id), paid.get(p.id, 0)))
    return tuple(out)


def party_kind(db: Database, case: Case) -> str:
    """The kind of the case's first party (person, individual business, company …); "company" without one. A
    case with several parties has its thresholds for each in ``case_law(...).parties``."""
    row = db.execute("SELECT p.kind FROM case_parties cp JOIN parties p ON p.id = cp.party_id "
                     "WHERE cp.case_id = ? ORDER BY cp.position LIMIT 1", [case.id]).fetchone()
    return row[0] if row else "company"


def act_date_of(case: Case) -> tuple[str, bool]:
    """The date of the act (its end for a continuing act): the recorded one, else the earliest date the case
    has (the lead or the filing), marked as assumed."""
    if case.act_on:
        return case.act_on, False
    return case.lead_received_on or case.filed_on or today(), True


def _violations_law(case: Case, on: str | None = None) -> tuple[ViolationLaw, ...]:
    """The law in time for each violation of the case: the law at the act (``act_date_of``) unless the one at the
    decision (its date, else ``on``, else today; never before the act) is lighter, for the illegal gains the case
    proves (the gains it records, or those it confiscates when larger)."""
    act, decision = _law_dates(case, on)
    gains = criminal.case_gains_fen(case)
    return tuple(ViolationLaw(v, label("violations", v), catalogue.applicable_law(
        v, act, decision, gains, conditions=norm_conditions(case))) for v in case.violations)


def _law_dates(case: Case, on: str | None = None) -> tuple[str, str]:
    """The two dates the law in time is weighed between: the act (``act_date_of``) and the decision (its date, else
    ``on``, else today; never before the act)."""
    act, _assumed = act_date_of(case)
    return act, max(case.decided_on or on or today(), act)


def _parts_law(case: Case, on: str | None = None) -> tuple[ViolationLaw, ...]:
    """The law in time of each part of the case's violations with norms of its own, as ``_violations_law`` works it
    out: a fact whose norms replace the violation's (catalogue.toml ``replaces_own``: the calls, 条例 art. 24 alone)
    while another fact keeps the violation's own beside them (``keeps_own``: messages too) — the part is that fact's
    norms alone, the case's facts but the keeping ones. Empty for a case without such facts."""
    conditions = norm_conditions(case)
    act, decision = _law_dates(case, on)
    gains = criminal.case_gains_fen(case)
    parts = []
    for v in dict.fromkeys(case.violations):
        keeping, replacing = _own_facts(case, v)
        own = tuple(c for c in conditions if c not in keeping)
        parts += [ViolationLaw(v, label("violations", v), catalogue.applicable_law(
            v, act, decision, gains, conditions=own), part=c) for c in replacing if keeping]
    return tuple(parts)


def norm_conditions(case: Case) -> tuple[str, ...]:
    """The facts established on the case that change its norms or fines (catalogue.toml ``[conditions]``: the party
    refused to correct, is an intermediary); the case's other ``law_conditions`` are the criminal assessment's."""
    known = load("catalogue")["conditions"]
    return tuple(c for c in case.law_conditions if c in known)


def penalty_basis(case: Case, *, on: str | None = None) -> catalogue.NormChoice | None:
    """The penalty norm of the case's violations with its fine range, chosen as ``case_law`` chooses it, from the case
    alone (no database: the amounts it records, not those of its documents); None without a violation that carries a
    penalty. What a register row is checked against (``importing.register``)."""
    return _penalty(case, _violations_law(case, on))[0]


def act_groups(violations, conditions) -> tuple[tuple[str, ...], ...]:
    """The violation types ``violations`` grouped into acts: two are separate acts when catalogue.toml
    ``[[acts.separate]]`` lists the pair and ``conditions`` (the facts established on the case, ``norm_conditions``)
    hold its ``when`` (``_check_acts``: every pair names one); every other pair is one act under several norms (一事不二罚, Penalty Law art.
    29), the conservative default where the data is silent. Types linked as one act through a third are one act. In
    the order recorded; one group for one act."""
    keys = list(dict.fromkeys(violations))
    given = set(conditions)
    separate = {frozenset(entry["violations"]) for entry in load("catalogue").get("acts", {}).get("separate", ())
                if entry["when"] in given}
    group = {key: index for index, key in enumerate(keys)}
    for first in keys:
        for second in keys:
            if first != second and frozenset((first, second)) not in separate and group[first] != group[second]:
                old, new = group[second], group[first]
                group = {key: new if at == old else at for key, at in group.items()}
    ordered = list(dict.fromkeys(group[key] for key in keys))
    return tuple(tuple(key for key in keys if group[key] == at) for at in ordered)


def _penalty(case: Case, violations: tuple[ViolationLaw, ...]) -> tuple[catalogue.NormChoice | None,
                                                                       tuple[catalogue.Norm, ...]]:
    """The penalty basis of the case's violations: the violations of each act (``act_groups``) penalised under their
    own norm (``_one_act``) and the penalties combined (``ActsChoice``) when they are separate acts; else one choice
    among all their norms (``_one_act``, Penalty Law art. 29). The candidates are those of every violation."""
    groups = act_groups([v.violation for v in violations], norm_conditions(case))
    acts = []
    for group in groups if len(groups) > 1 else ():
        own = tuple(v for v in violations if v.violation in group)
        choice = _one_act(case, own)[0]
        if choice is not None:
            acts.append(ActLaw(own, choice))
    if len(acts) < 2:  # one act, or only one of the acts carries a penalty
        return _one_act(case, violations)
    candidates = {n.id: n for v in violations if v.law.penalty is not None for n, _range in v.law.penalty.considered}
    return (_combined(tuple(acts), criminal.case_gains_fen(case), norm_conditions(case)),
            tuple(candidates.values()))


def _in_gains(norm: catalogue.Norm, gains_fen: int) -> bool:
    """Whether ``norm`` fines in multiples of the illegal gains ``gains_fen`` (the case's, or those confiscated):
    separate acts fined so share those gains, recorded for the case as a whole (``shared_gains_maximum``)."""
    rule = norm.fine
    return bool(gains_fen) and rule is not None and rule.fixed_fen is None and rule.gains_multiple is not None


def shared_gains_maximum(norms, gains_fen: int, *, conditions=(), held_elsewhere: bool = False) -> int:
    """The most the separate acts fined under ``norms`` in multiples of the same illegal gains ``gains_fen`` allow
    together. The gains are recorded for the case, not per act, and how they split between the acts is UNCONFIRMED
    (catalogue.toml ``[acts]``): the most over every split — the acts holding the gains fined up to their multiples of
    them together, never once per act (消法 art. 56: 1–10× the gains however they split, ``_held_maximum``), each
    act holding none up to its maximum for an act without illegal gains (消法 art. 56: ¥500,000; ``conditions`` the
    case's facts, ``catalogue.fine_range``). With ``held_elsewhere`` (an act fined otherwise, such as 广告法 art. 62,
    may have gained them all) none of these acts need hold any."""
    norms = list(norms)
    most = 0
    for size in range(0 if held_elsewhere else 1, len(norms) + 1):
        for holding in itertools.combinations(range(len(norms)), size):
            without = sum(catalogue.fine_range(n, 0, conditions=conditions).max_fen
                          for i, n in enumerate(norms) if i not in holding)
            most = max(most, without + _held_maximum([norms[i] for i in holding], gains_fen))
    return most


def _held_maximum(norms, gains_fen: int) -> int:
    """The most the acts fined under ``norms`` allow together when they hold all the illegal gains ``gains_fen``
    between them: the gains go first to the highest multiple, up to its cap (``gains_cap_fen``), the rest to the
    next."""
    left, total = gains_fen, 0
    for rule in sorted((n.fine for n in norms), key=lambda r: r.gains_multiple[1], reverse=True):
        multiple, cap = rule.gains_multiple[1], rule.gains_cap_fen
        if left <= 0 or not multiple:
            break
        share = left if cap is None else min(left, math.ceil(cap / multiple))
        total += math.floor(share * multiple) if cap is None else min(math.floor(share * multiple), cap)
        left -= share
    return total


def _acts_min_fen(acts, gains_fen: int) -> int:
    """The lowest fine separate acts allow together — the one minimum of their range (``_combined``), which the
    discretion check, the choice saved and a notice's fine (``minimum_of``) are held to: each act's minimum, an act
    whose fine is optional counting 0 (``fine_optional``: 消法 art. 56, a warning alone); the acts fined in multiples
    of the same illegal gains ``gains_fen`` share them, so they add the lowest of theirs."""
    lows = [(0 if fine_optional(a.penalty.norm) else a.penalty.range.min_fen, _in_gains(a.penalty.norm, gains_fen))
            for a in acts]
    return sum(low for low, shared in lows if not shared) + min((low for low, shared in lows if shared), default=0)


def _combined(acts: tuple[ActLaw, ...], gains_fen: int, conditions=()) -> ActsChoice:
    """The penalty basis of separate acts: each act's basis cited, the fines of their ranges added up — the minimum
    ``_acts_min_fen``, the maximum with those of the acts fined in multiples of the illegal gains ``gains_fen`` the
    most they allow however the gains split (``shared_gains_maximum``, ``conditions`` the case's facts)."""
    principal = max(acts, key=lambda a: (a.penalty.range.max_fen, a.penalty.range.min_fen)).penalty.norm
    others = {n.id: n for a in acts for n in a.penalty.cited if n.id != principal.id}
    considered = {n.id: (n, r) for a in acts for n, r in a.penalty.considered}
    shared = [a for a in acts if _in_gains(a.penalty.norm, gains_fen) and a.penalty.range.max_fen]
    own = [a for a in acts if not any(a is s for s in shared)]
    total = catalogue.FenRange(_acts_min_fen(acts, gains_fen), sum(a.penalty.range.max_fen for a in own) + (
        shared_gains_maximum([a.penalty.norm for a in shared], gains_fen, conditions=conditions,
                             held_elsewhere=bool(own)) if shared else 0))
    return ActsChoice(norm=principal, range=total, also_cite=tuple(others.values()),
                      considered=tuple(considered.values()), explain=functools.partial(_acts_text, acts, total),
                      acts=acts)


def _acts_text(acts: tuple[ActLaw, ...], total: catalogue.FenRange) -> str:
    """The explanation of separate acts' basis: each act with its norm and range, then the fines together."""
    parts = catalogue.text("catalogue", "act_separator").join(
        catalogue.text("catalogue", "act", violations=a.label, norm=catalogue.cite(a.penalty.cited),
                       range=catalogue.range_text(a.penalty.range)) for a in acts)
    return catalogue.text("catalogue", "acts", acts=parts, range=catalogue.range_text(total))


def _one_act(case: Case, violations: tuple[ViolationLaw, ...]) -> tuple[catalogue.NormChoice | None,
                                                                       tuple[catalogue.Norm, ...]]:
    """The penalty norm of one act: the officer's choice when it is one of the candidates, else the one allowing the
    higher fine among the violations' own choices (one act, several norms: Penalty Law art. 29). Its range is that
    of the illegal gains the case proves (``criminal.case_gains_fen``: gains confiscated were gained, so a case
    confiscating some is never fined in the range for an act without illegal gains)."""
    candidates: dict[str, catalogue.Norm] = {}
    for v in violations:
        if v.law.penalty is not None:
            for norm, _range in v.law.penalty.considered:
                candidates[norm.id] = norm
    if not candidates:
        return None, ()
    gains, conditions = criminal.case_gains_fen(case), norm_conditions(case)
    chosen = catalogue.choose_norm(list(candidates.values()), gains, conditions=conditions)
    if case.penalty_norm and case.penalty_norm in candidates and case.penalty_norm != chosen.norm.id:
        norm = candidates[case.penalty_norm]
        picked = replace(chosen, norm=norm, range=catalogue.fine_range(norm, gains, conditions=conditions),
                         also_cite=tuple(n for n in candidates.values() if n.refers_to == norm.id))
        chosen = replace(picked, explain=functools.partial(_hand_picked_text, picked, chosen))
    return chosen, tuple(candidates.values())


def _lower(picked: catalogue.NormChoice, by_law: catalogue.NormChoice) -> bool:
    """Whether the norm chosen by hand ``picked`` allows a lower fine than ``by_law``, the norm Penalty Law art. 29
    picks (higher maximum, then higher minimum: ``catalogue.choose_norm``)."""
    return (picked.range.max_fen, picked.range.min_fen) < (by_law.range.max_fen, by_law.range.min_fen)


def _hand_picked_text(picked: catalogue.NormChoice, by_law: catalogue.NormChoice) -> str:
    """The explanation of a penalty norm the officer chose by hand (``Case.penalty_norm``) in place of ``by_law``,
    the one allowing the higher fine that Penalty Law art. 29 picks: the norm chosen with its range, and the norm the
    law picks with its own; the norms referring to the one chosen cited with it."""
    sentences = [_("{norm} was chosen by hand as the penalty norm: a fine of {range}.").format(
        norm=picked.norm.citation, range=catalogue.range_text(picked.range))]
    if _lower(picked, by_law):
        sentences.append(_("Penalty Law art. 29 would apply {norm}, which allows a higher fine ({range}).").format(
            norm=by_law.norm.citation, range=catalogue.range_text(by_law.range)))
    else:
        sentences.append(_("It allows the same fine as {norm} ({range}), which Penalty Law art. 29 would apply."
                           ).format(norm=by_law.norm.citation, range=catalogue.range_text(by_law.range)))
    if picked.also_cite:
        referring = catalogue.cite(picked.also_cite, catalogue.text("catalogue", "separator"))
        sentences.append(catalogue.text("catalogue", "choice_refers", norm=picked.norm.citation, referring=referring))
    return join_sentences(sentences)


def norm_warning(case: Case, choice: catalogue.NormChoice | None, by_law: catalogue.NormChoice | None) -> str:
    """What the officer is told, not refused, when the penalty norm chosen by hand (``Case.penalty_norm``) allows a
    lower fine than the one Penalty Law art. 29 picks for one act breaking several norms (``_penalty`` without the
    officer's choice: ``by_law``): both named with their ranges; "" otherwise. The lower norm may be right — the act
    may not break the other —, which is the officer's finding."""
    if choice is None or not case.penalty_norm or choice.norm.id != case.penalty_norm:
        return ""
    if by_law is None or by_law.norm.id == choice.norm.id or not _lower(choice, by_law):
        return ""
    return _("{norm} (a fine of {range}) was chosen by hand, but {other} allows a higher fine ({other_range}): when "
             "one act breaks several norms, the norm allowing the higher fine applies (择一重处, Penalty Law art. 29). "
             "Choose {other} under Penalty and discretion…, or keep {norm} only if the act does not break "
             "{other}.").format(norm=choice.norm.citation, range=catalogue.range_text(choice.range),
                                other=by_law.norm.citation, other_range=catalogue.range_text(by_law.range))


def _hand_picked_violations(violations: tuple[ViolationLaw, ...], by_law: catalogue.NormChoice | None,
                            choice: catalogue.NormChoice | None) -> tuple[ViolationLaw, ...]:
    """The violations with their law in time explained as applying the penalty norm chosen by hand ``choice`` in
    place of ``by_law`` (the one Penalty Law art. 29 picks) where their own choice named that one; as they are when no
    norm was chosen by hand."""
    if choice is None or by_law is None or by_law.norm.id == choice.norm.id:
        return violations
    separator = catalogue.text("catalogue", "separator")
    out = []
    for v in violations:
        own = v.law.penalty
        if own is None or own.norm.id == choice.norm.id or choice.norm.id not in {n.id for n, _r in own.considered}:
            out.append(v)
            continue
        swaps = ((catalogue.cite(own.cited, separator), catalogue.cite(choice.cited, separator)),
                 (catalogue.range_text(own.range), catalogue.range_text(choice.range)))
        out.append(replace(v, law=replace(v.law, explain=functools.partial(_swapped, v.law.explain, swaps))))
    return tuple(out)


def _acts_hand_picked(case: Case, penalty: ActsChoice, violations: tuple[ViolationLaw, ...]
                      ) -> tuple[str, tuple[ViolationLaw, ...]]:
    """(``norm_warning`` of each separate act, the violations explained as ``_hand_picked_violations`` explains them
    within their act) for the officer's choice of norm (``Case.penalty_norm``), which applies in each act it is a
    candidate of."""
    warnings, swapped = [], {}
    for act in penalty.acts:
        by_law = _one_act(replace(case, penalty_norm=""), act.violations)[0]
        warnings.append(norm_warning(case, act.penalty, by_law))
        swapped.update({v.violation: v for v in _hand_picked_violations(act.violations, by_law, act.penalty)})
    return join_sentences([w for w in warnings if w]), tuple(swapped.get(v.violation, v) for v in violations)


def _swapped(explain, swaps) -> str:
    explanation = explain()
    for old, new in swaps:
        explanation = explanation.replace(old, new)
    return explanation


def imposed_kinds(terms) -> tuple[str, ...]:
    """Every penalty kind (keys of catalogue.toml ``[penalty_kinds]``) a notice or decision's terms
    (``penalty_terms.Terms``) impose: the fine and the confiscated illegal gains with ``terms_kinds``."""
    money = ({"fine"} if terms.fine_fen else set()) | ({"confiscate_gains"} if terms.confiscated_fen else set())
    return tuple(sorted(money | set(terms_kinds(terms))))


def provided_kinds(choice: catalogue.NormChoice, candidates: tuple[catalogue.Norm, ...] = ()) -> tuple[str, ...]:
    """The penalty kinds a notice or decision resting on the penalty basis ``choice`` may impose: those of its norm
    (a norm penalising "according to" another has that one's) and the confiscated illegal gains every norm allows
    (``[kinds_of_every_norm]``, Penalty Law art. 28 para. 2); with catalogue.toml ``[kinds_of_other_norms]``
    ``allowed``, also those of the other candidate penalty norms of the act (``candidates``) — whether Penalty Law
    art. 29 allows that is UNCONFIRMED, and the data says no."""
    data = load("catalogue")
    # the illegal gains confiscated whatever the norm (Penalty Law art. 28 para. 2: ``[kinds_of_every_norm]``)
    kinds = [*choice.norm.penalties, *data.get("kinds_of_every_norm", {}).get("kinds", ())]
    # separate acts: the kinds of each act's own basis (``ActsChoice``; a norm citing another has that one's kinds)
    kinds += [k for n in choice.also_cite for k in n.penalties] if isinstance(choice, ActsChoice) else []
    if data.get("kinds_of_other_norms", {}).get("allowed"):
        kinds += [k for n in candidates for k in n.penalties]
    return tuple(dict.fromkeys(kinds))


def kinds_refusal(choice: catalogue.NormChoice | None, candidates: tuple[catalogue.Norm, ...], terms) -> str | None:
    """Why the penalty ``terms`` (``penalty_terms.Terms``) cannot rest on the penalty basis ``choice``: a kind they
    impose that it does not provide (``provided_kinds``: 警告 under 广告法 art. 62, which provides a fine only), named
    with the kinds it does provide; None when every kind is provided, or the case has no penalty basis (no violation
    recorded: nothing to check against)."""
    if choice is None:
        return None
    allowed = provided_kinds(choice, candidates)
    missing = [k for k in imposed_kinds(terms) if k not in allowed]
    if not missing:
        return None
    names = join_names(catalogue.shown_penalty_label(k) for k in missing)
    provided = "；".join(catalogue.kinds_text(n) for n in basis_norms(choice))
    return _("The penalty basis {basis} does not provide {kinds}: it provides {provided}. Take {kinds} out of the "
             "document, or correct the case's penalty basis (Penalty and discretion…) or its violations (Edit case…) "
             "if they are wrong.").format(basis=basis_citation(choice), kinds=names, provided=provided or "—")


def mandatory_kinds(norm: catalogue.Norm) -> tuple[str, ...]:
    """The penalty kinds ``norm`` imposes whenever it penalises (catalogue.toml ``[[norms]] mandatory``, those of a
    norm it penalises "according to" for a ``penalty_as`` norm): 警告 under 个人信息保护法 art. 66 para. 1, whose fine
    for 拒不改正 comes with it (并处). Only kinds of ``[penalty_kinds]`` count; () for a norm naming none."""
    data = load("catalogue")
    raw = {item["id"]: item for item in data["norms"]}
    own = raw.get(norm.id, {})
    penal = raw.get(own.get("penalty_as", ""), own)
    return tuple(kind for kind in penal.get("mandatory", ()) if kind in data["penalty_kinds"])


def mandatory_refusal(choice: catalogue.NormChoice | None, terms) -> str | None:
    """Why the penalty ``terms`` (``penalty_terms.Terms``) cannot rest on the penalty basis ``choice``: they impose
    a penalty without a kind the basis imposes whenever it penalises (``mandatory_kinds``: a fine under 个人信息保护法
    art. 66 para. 1 without its warning), named; None when they impose none, or every such kind, or the case has no
    penalty basis."""
    if choice is None:
        return None
    imposed = imposed_kinds(terms)
    missing = [kind for kind in dict.fromkeys(k for n in basis_norms(choice) for k in mandatory_kinds(n)) if kind not in imposed]
    if not imposed or not missing:
        return None
    names = join_names(catalogue.shown_penalty_label(k) for k in missing)
    return _("The penalty basis {basis} imposes {kinds} whenever it penalises, any other penalty coming with it, and "
             "the document leaves it out. Add {kinds} to the document, or correct the case's penalty basis (Penalty "
             "and discretion…) or its violations (Edit case…) if they are wrong.").format(
        basis=basis_citation(choice), kinds=names)


def _penalty_terms(db: Database, case: Case, party_id: str | None = None) -> list:
    """The terms (``penalty_terms.Terms``) of the case's 行政处罚决定书 in force, else of its last issued
    行政处罚告知书; empty without either (the case itself records amounts only). With ``party_id`` (one party of a
    case with several, ``_several_parties``) that party's own decision in force, else its own last notice."""
    from workstation.penalty_terms import decisions_in_force, last_notice

    if not case.id:
        return []
    terms = [d.terms for d in decisions_in_force(db, case) if party_id is None or d.party_id == party_id]
    if not terms:
        notice = last_notice(db, case, party_id)
        terms = [notice.terms] if notice is not None else []
    return terms


def penalty_kinds(db: Database, case: Case, party_id: str | None = None) -> tuple[str, ...]:
    """The penalty kinds besides the fine and confiscated gains (keys of catalogue.toml ``[penalty_kinds]``: a
    warning, confiscated property, a licence revoked, 通报批评 …, ``terms_kinds``) that the case's 行政处罚决定书 in
    force impose, else that its last issued 行政处罚告知书 proposes; the case itself records amounts only. Empty
    without either. With ``party_id`` (of a case with several parties) those of that party's own documents."""
    return tuple(sorted({kind for terms in _penalty_terms(db, case, party_id) for kind in terms_kinds(terms)}))


def _shared_fine(db: Database, case: Case) -> bool:
    """Whether the case's fine is that of several parties together (one party's range is no measure of it)."""
    from workstation.store import parties_of_case

    return bool(case.id) and len(parties_of_case(db, case.id)) > 1


def _several_parties(db: Database, case: Case, party_id: str | None) -> list:
    """The case's parties when ``party_id`` is one of several (its documents are judged on its own amounts), else
    empty: no party named, or a case with one party, judged on the case's as before."""
    from workstation.store import parties_of_case

    if party_id is None or not case.id:
        return []
    parties = parties_of_case(db, case.id)
    return parties if len(parties) > 1 and any(p.id == party_id for p in parties) else []


def _party_amounts(db: Database, case: Case, party_id: str, parties: list, amounts: dict | None = None) -> Case:
    """``case`` with the fine and illegal gains confiscated of one party of several in place of the case's (which
    are the parties' together, or, once decided, the sum of their decisions): its 行政处罚决定书 in force, else its
    notice, else the penalty recorded when its notice was served (``_party_terms``), else its own 调查终结报告; a
    party given none of these while another party was, or not penalised, confiscates nothing (the case's fine kept:
    nothing of its own is known yet). Another party's confiscation is never its illegal gains (the penalty norm and
    the fine range follow from the gains, ``_penalty``). While no party has any of these, the case's amounts.
    ``amounts`` ({"fine_fen": …, "confiscated_fen": …}, each optional): those of the document being checked for the
    party, which are its own whatever the others' documents or the case record."""
    from workstation.penalty_terms import last_report

    terms = _party_terms(db, case, parties)[party_id]
    if terms is None and (report := last_report(db, case, party_id)) is not None:
        terms = report.terms
    if terms is None:
        own = replace(case, confiscated_fen=0)
    else:
        own = replace(case, fine_fen=terms.fine_fen, confiscated_fen=terms.confiscated_fen)
    return replace(own, **{key: int(value) for key, value in (amounts or {}).items()
                           if key in ("fine_fen", "confiscated_fen")})


def as_decided(db: Database, case: Case, party_id: str | None = None, amounts: dict | None = None) -> Case:
    """The case with the fine and confiscation its 行政处罚决定书 in force impose (each party's summed, as
    ``penalty_terms.decided_amounts`` counts them) in place of those typed on it, which are locked and counted
    nowhere once a decision is in force; the case itself while it has none (a voided one included). With
    ``party_id``, one of several parties, that party's own amounts (``_party_amounts``: ``amounts``, those of the
    document being checked for it, when given), never another's; ``amounts`` is ignored otherwise."""
    from workstation.penalty_terms import decisions_in_force

    if parties := _several_parties(db, case, party_id):
        return _party_amounts(db, case, party_id, parties, amounts)
    decisions = decisions_in_force(db, case) if case.id else []
    if not decisions:
        return case
    return replace(case, fine_fen=sum(d.terms.fine_fen for d in decisions),
                   confiscated_fen=sum(d.terms.confiscated_fen for d in decisions))


def case_law(db: Database, case: Case, *, on: str | None = None, party_id: str | None = None,
             amounts: dict | None = None) -> CaseLaw:
    """The legal assessment of the case as it is stored; once a 行政处罚决定书 is in force, of the amounts it
    imposes (``as_decided``), not of the stale ones typed on the case. With ``party_id``, one of several parties:
    the assessment of that party's documents, on its own amounts, kind and penalties — the penalty norm and fine
    range follow from its own illegal gains confiscated, never another party's. A case with one party is assessed
    the same with or without it. ``amounts`` ({"fine_fen": …, "confiscated_fen": …}, each optional): those of the
    party's document being checked or drafted, its own amounts for the assessment (``_party_amounts``); ignored
    without ``party_id`` or in a case with one party."""
    several = _several_parties(db, case, party_id)
    own = party_id if several else None
    case = as_decided(db, case, own, amounts)
    kind = next(p.kind for p in several if p.id == own) if several else party_kind(db, case)
    act, assumed = act_date_of(case)
    violations = _violations_law(case, on)
    penalty, candidates = _penalty(case, violations)
    parts = _parts_law(case, on)
    unpenalised = _unpenalised(case, penalty, violations, parts)  # those in time, before the choice reworks them
    if isinstance(penalty, ActsChoice):  # separate acts: the officer's choice weighed within each act
        lower_norm, violations = _acts_hand_picked(case, penalty, violations)
    else:
        hand_picked = penalty is not None and case.penalty_norm and penalty.norm.id == case.penalty_norm
        # the norm Penalty Law art. 29 picks without the officer's choice, worked out once for the warning and the text
        by_law = _penalty(replace(case, penalty_norm=""), violations)[0] if hand_picked else penalty
        lower_norm = norm_warning(case, penalty, by_law)
        if hand_picked:
            violations = _hand_picked_violations(violations, by_law, penalty)
    suggestion = discretion.suggest(case.discretion_factors)
    check, problem = None, ""
    if penalty is not None and case.discretion_tier:
        try:
            check = check_discretion(penalty, case.fine_fen, case.discretion_tier, case.discretion_reason,
                                     case.discretion_factors)
        except ValidationError as exc:
            problem = join_reasons(exc.errors.values())
    elif (refusal := unchosen_fine_refusal(penalty, case, case.fine_fen)) and (several or not _shared_fine(db, case)):
        problem = refusal  # no tier chosen: the tier the fine falls in against a mandatory circumstance (art. 32)
    per_party = _party_surcharges(db, case, on)
    owed = None if per_party is not None else _surcharge(db, case, on)
    kinds = penalty_kinds(db, case, own)
    # only a decision of the ordinary procedure is published (REFERENCE §1.9), not one made on the spot
    procedure = "simple" if case.procedure_kind == "simple" else "ordinary"
    imposed = _penalty_terms(db, case, own)
    written = "；".join(t.other_penalty for t in imposed if t.other_penalty)
    not_provided = join_sentences(dict.fromkeys(
        refusal for t in imposed if (refusal := kinds_refusal(penalty, candidates, t))))
    return CaseLaw(act, assumed, kind, criminal.assess_case(case, prior_punished=case.prior_punished), violations,
                   penalty, candidates, suggestion, check, problem,
                   _thresholds(kind, case, kinds, _review_grounds(db, case, own)),
                   thresholds.publication(kind, case.fine_fen, case.confiscated_fen, penalties=kinds,
                                          procedure=procedure, other_penalty=written),
                   owed, limitation(case, on, discovery_day(db, case)),
                   parties_law(db, case, per_party, {party_id: _surcharge_paid(db, case, on, party_id)
                                                     for party_id in per_party or {}}),
                   not_provided, lower_norm,
                   first_violation_warning(db, case) if FIRST_VIOLATION in case.discretion_factors else "",
                   surcharge_paid_fen=_surcharge_paid(db, case, on) if owed is not None else 0,
                   parts=parts, unpenalised=unpenalised)


@dataclass(frozen=True)
class FineMaximum:
    """The highest fine the case's penalty basis allows, as the law panel shows it: the norm's citation, the
    amount in fen and how the amount follows from the case (``kind``: "fixed" — the norm's own amount —,
    "gains" — a multiple of the illegal gains recorded on the case, ``multiple`` times them, or the norm's cap
    ``capped`` —, "no_gains" — the norm's amount for an act without illegal gains, the case recording none —,
    "condition" — nothing: the norm fines only on a fact, ``condition`` (catalogue.toml ``[conditions]``, such as
    ``refused_correction``), that the case does not record —, "confiscated" — ``multiple`` times the illegal gains
    confiscated, ``gains_fen``, the case recording no gains: what was confiscated was gained)."""

    citation: str
    max_fen: int
    kind: str
    multiple: Fraction | None = None
    gains_fen: int = 0
    capped: bool = False
    condition: str = ""
    # kind "acts": the maximum of each separate act (``ActsChoice``), ``max_fen`` their sum
    parts: tuple[FineMaximum, ...] = ()


def fine_maximum(db: Database, case: Case, *, confiscated_fen: int = 0, party_id: str | None = None,
                 amounts: dict | None = None) -> FineMaximum | None:
    """The maximum fine of the case's penalty basis when the data fixes it, None when it does not: no legal
    assessment (no violations recorded), a norm without a fine, a fine that depends on last year's turnover, which
    the case does not record, or a fine in multiples of illegal gains that the case records as none while some are
    confiscated (``confiscated_fen`` of the document, or the case's own: the gains exist, their amount is not on the
    case: no maximum is guessed, the officer is warned above the multiple of those confiscated,
    ``confiscated_maximum``). A norm fining only on a fact (拒不改正, ``law_conditions``) has its maximum when the
    case records the fact, and nothing ("condition") when it does not. With ``party_id``, one of several parties,
    the maximum of that party's documents (``case_law``), on its own illegal gains confiscated — with ``amounts``,
    those of the document being checked."""
    own = as_decided(db, case, party_id, amounts) if _several_parties(db, case, party_id) else case
    return maximum_of(case_law(db, case, party_id=party_id, amounts=amounts).penalty, own,
                      confiscated_fen=confiscated_fen)


def confiscated_maximum(db: Database, case: Case, *, confiscated_fen: int = 0, party_id: str | None = None,
                        amounts: dict | None = None) -> FineMaximum | None:
    """The maximum fine of the case's penalty basis in multiples of the illegal gains, counting what is confiscated
    (``confiscated_fen`` of the document, or the case's own) as the gains, for a case that records no illegal gains
    while some are confiscated — where ``fine_maximum`` guesses none, the gains being at least that but not known
    (kind "confiscated"); None otherwise. What the officer is warned of (``penalty_terms.confiscated_maximum_warning``):
    a fine above it means gains larger than those confiscated, to be recorded, or a slip in the confiscation."""
    own = as_decided(db, case, party_id, amounts) if _several_parties(db, case, party_id) else case
    found = maximum_of(case_law(db, case, party_id=party_id, amounts=amounts).penalty, own,
                       confiscated_fen=confiscated_fen, confiscated_as_gains=True)
    return found if found is not None and found.kind == "confiscated" else None


def maximum_of(choice: catalogue.NormChoice | None, case: Case, *, confiscated_fen: int = 0,
               confiscated_as_gains: bool = False) -> FineMaximum | None:
    """``fine_maximum`` of the penalty basis ``choice`` (``CaseLaw.penalty``, ``penalty_basis``) for ``case``: the
    maximum when the data and the case fix it, None when they do not. A norm in multiples of the illegal gains, for a
    case recording none while some are confiscated (``confiscated_fen`` of the document, or the case's own): with
    ``confiscated_as_gains`` the multiple of what is confiscated ("confiscated": what was confiscated was gained, as
    ``criminal.case_gains_fen`` counts it, and the case records no more; ``confiscated_maximum``), else None: the
    gains are at least that, their amount is not known."""
    if isinstance(choice, ActsChoice):
        return _acts_maximum(choice, case, confiscated_fen=confiscated_fen, confiscated_as_gains=confiscated_as_gains)
    if choice is None or choice.norm.fine is None:
        return None
    rule, top = choice.norm.fine, choice.range.max_fen
    if rule.turnover_percent is not None:
        return None
    citation = choice.norm.citation
    if rule.condition and rule.condition not in norm_conditions(case):  # no fine without the fact (fine_range)
        return FineMaximum(citation, 0, "condition", condition=rule.condition)
    if rule.fixed_fen is not None:
        return FineMaximum(citation, top, "fixed")
    if rule.gains_multiple is None:
        return None
    multiple = rule.gains_multiple[1]
    if case.illegal_gains_fen:  # or the gains it confiscates, when larger (the range's, ``_penalty``)
        return FineMaximum(citation, top, "gains", multiple, criminal.case_gains_fen(case),
                           capped=rule.gains_cap_fen is not None and top == rule.gains_cap_fen)
    confiscated = max(confiscated_fen, case.confiscated_fen)
    if confiscated and confiscated_as_gains:  # what the officer is warned of (a fen/yuan slip of ¥1 …)
        top = catalogue.fine_range(choice.norm, confiscated, conditions=norm_conditions(case)).max_fen
        return FineMaximum(citation, top, "confiscated", multiple, confiscated,
                           capped=rule.gains_cap_fen is not None and top == rule.gains_cap_fen)
    if rule.no_gains_fen is None or confiscated:
        return None
    return FineMaximum(citation, top, "no_gains", multiple)


def _acts_maximum(choice: ActsChoice, case: Case, **options) -> FineMaximum | None:
    """``maximum_of`` separate acts: the sum of each act's maximum (kind "acts", ``parts``) — an act whose norm fines
    only on a fact the case does not record adds nothing —, the first act's "condition" when none may be fined; None
    when any act's maximum is not fixed."""
    parts = tuple(maximum_of(a.penalty, case, **options) for a in choice.acts)
    if any(p is None for p in parts):
        return None
    if all(p.kind == "condition" for p in parts):
        return parts[0]
    # the acts fined in multiples of the gains share them: one part, the most they allow together
    shared = [(a, p) for a, p in zip(choice.acts, parts, strict=True) if p.kind in ("gains", "confiscated")]
    parts = tuple(p for p in parts if p.kind not in ("gains", "confiscated"))
    if shared:
        first = shared[0][1]
        gains = shared_gains_maximum([a.penalty.norm for a, _p in shared], first.gains_fen, conditions=norm_conditions(case),
                                     held_elsewhere=bool(parts))
        parts += (FineMaximum(catalogue.cite(tuple({n.id: n for a, _p in shared for n in a.penalty.cited}.values())),
                              gains, first.kind, max(p.multiple for _a, p in shared), first.gains_fen,
                              capped=len(shared) == 1 and first.capped and gains == first.max_fen),)
    total = sum(p.max_fen for p in parts)
    if shared and shared[0][1].kind == "confiscated":  # the warning of gains known only from what is confiscated
        return FineMaximum(basis_citation(choice), total, "confiscated", parts[-1].multiple, parts[-1].gains_fen,
                           parts=parts)
    return FineMaximum(basis_citation(choice), total, "acts", parts=parts)


@dataclass(frozen=True)
class FineMinimum:
    """The lowest fine the case's penalty basis allows, when above nothing: the norm's citation, the amount in fen and
    how it follows from the case (``kind``: "fixed" — the norm's own amount —, "no_gains" — its amount for an act
    without illegal gains, the case recording none —, "gains" — ``multiple`` times the illegal gains recorded on the
    case, ``gains_fen`` —, "confiscated" — ``multiple`` times the illegal gains confiscated, ``gains_fen``, which the
    case does not record otherwise: the minimum is at least that, the gains themselves not being known). Below it a
    fine is lawful only as a reduced penalty (减轻, REFERENCE §5.1)."""

    citation: str
    min_fen: int
    kind: str
    multiple: Fraction | None = None
    gains_fen: int = 0


def fine_minimum(db: Database, case: Case, *, confiscated_fen: int = 0, party_id: str | None = None,
                 amounts: dict | None = None) -> FineMinimum | None:
    """The minimum fine of the case's penalty basis (``minimum_of``), None when it is nothing or not known; with
    ``party_id``, one of several parties, of that party's documents (``fine_maximum``, ``amounts`` likewise)."""
    own = as_decided(db, case, party_id, amounts) if _several_parties(db, case, party_id) else case
    return minimum_of(case_law(db, case, party_id=party_id, amounts=amounts).penalty, own,
                      confiscated_fen=confiscated_fen)


def minimum_of(choice: catalogue.NormChoice | None, case: Case, *, confiscated_fen: int = 0) -> FineMinimum | None:
    """The lowest fine the penalty basis ``choice`` allows for ``case`` (a fine imposed at all), None when it is
    nothing (消法 art. 56 for an act without illegal gains: up to ¥500,000) or depends on a fact the case does not
    record (a fine only on a condition such as 拒不改正). A norm in multiples of the illegal gains counts the gains the
    case records, else those confiscated (``confiscated_fen`` of the document, or the case's own): what was
    confiscated was gained, so the minimum is at least that multiple of it."""
    if isinstance(choice, ActsChoice):
        return _acts_minimum(choice)
    if choice is None or choice.norm.fine is None or choice.norm.fine.condition:
        return None
    rule, citation = choice.norm.fine, choice.norm.citation
    if rule.fixed_fen is not None:
        return FineMinimum(citation, rule.fixed_fen[0], "fixed") if rule.fixed_fen[0] else None
    if rule.gains_multiple is None:
        return None
    multiple = rule.gains_multiple[0]
    if case.illegal_gains_fen:
        gains = criminal.case_gains_fen(case)
        return FineMinimum(citation, choice.range.min_fen, "gains", multiple, gains) if choice.range.min_fen else None
    confiscated = max(confiscated_fen, case.confiscated_fen)
    if confiscated:
        low = math.ceil(confiscated * multiple)
        if rule.gains_cap_fen is not None:
            low = min(low, rule.gains_cap_fen)
        return FineMinimum(citation, low, "confiscated", multiple, confiscated) if low else None
    low = rule.no_gains_fen[0] if rule.no_gains_fen else 0
    return FineMinimum(citation, low, "no_gains") if low else None


def _acts_minimum(choice: ActsChoice) -> FineMinimum | None:
    """``minimum_of`` separate acts: the minimum of their range (``_acts_min_fen``, the one the discretion check
    holds the fine to), None when it is nothing."""
    low = choice.range.min_fen
    return FineMinimum(basis_citation(choice), low, "fixed") if low else None


def _surcharge(db: Database, case: Case, on: str | None) -> surcharge.Surcharge | None:
    """The surcharge accrued on an unpaid fine once its payment deadline (T8) has passed; days while
    reconsideration or litigation is pending do not count."""
    if case.status != "served" or not case.fine_fen:
        return None
    from workstation.clocks import case_clocks

    as_of = on or today()
    payment = next((d for d in case_clocks(db, case, on=as_of) if d.clock == "T8"), None)
    if payment is None or payment.due is None:
        return None
    due, paused = surcharge_terms(db, case, payment)  # a deferral approved late keeps what accrued before it
    if due >= as_of:
        return None
    from workstation.payments import fine_payments  # payments of part lower the fine it is counted on

    return _checked(surcharge.surcharge(case.fine_fen, due, as_of, paused, fine_payments(db, case)), payment)


def _surcharge_paid(db: Database, case: Case, on: str | None, party_id: str | None = None) -> int:
    """What the payments of part (of the case, else of ``party_id`` in a case with several) paid of the surcharge by
    the day ``on`` (else today), fen: not owed again (``payments.surcharge_payments``)."""
    from workstation.payments import surcharge_paid, surcharge_payments

    return surcharge_paid(surcharge_payments(db, case, party_id), on or today())


def _checked(owed: surcharge.Surcharge, payment) -> surcharge.Surcharge:
    """``owed`` with a last step saying that it rests on a payment deadline (the T8 ``payment``) counted through a
    year without holiday data (日历待核实): that year's holidays and make-up working days may move its last day, and
    with it the days owed. Such a surcharge is counted again once the year's calendar file is added."""
    if payment.confirmed:
        return owed
    return replace(owed, steps=(*owed.steps, unconfirmed_due_note(payment.due)))


def unconfirmed_due_note(due: str) -> str:
    """What a surcharge counted from the payment period's last day ``due`` (T8, unconfirmed) says of that day: the
    law panel's last step (``_checked``) and the payment dialog's (``payments.Owed.unconfirmed``)."""
    return _("The payment period's last day, {due}, falls in {year}, whose holidays are not known yet (calendar "
             "unconfirmed): should the holidays of {year} move it, the surcharge changes with it. Check it before "
             "demanding it; adding the holiday file of {year} counts it again.").format(due=due, year=due[:4])


def _paused(db: Database, case: Case, party_id: str | None = None) -> list[tuple]:
    """The intervals of reconsideration or litigation pending (Penalty Law art. 73 para. 3): for ``party_id`` (a
    party's own surcharge in a case with several parties) those it applied for and those of the whole case (no party
    named, as before parties were named); without it (the case's one surcharge) every one recorded."""
    of_party = " AND (party_id IS NULL OR party_id = ?)" if party_id else ""
    rows = db.execute("SELECT starts_on, ends_on FROM clock_events WHERE case_id = ? AND kind IN "
                      f"('reconsideration', 'litigation'){of_party} ORDER BY starts_on",
                      [case.id] + ([party_id] if party_id else [])).fetchall()
    return [tuple(row) for row in rows]


def deferral_of(period) -> tuple[dt.date, dt.date, dt.date] | None:
    """(the payment period's last day before it was deferred, the day the deferral was approved — its first day
    when no approval day is recorded —, its last day) of the deferral that moved T8 (``period``, a
    ``clocks.Deadline``) to its end; None when none did (or one without an end)."""
    import datetime as dt

    for item in getattr(period, "detail", ()) or ():
        if item[0] != "deferred":
            continue
        deferral = item[2]
        if deferral.end is None:  # a deferral without an end moved nothing to its end: the next one is looked at
            continue
        approved = dt.date.fromisoformat(str(deferral.approved_on)[:10]) if deferral.approved_on else \
            dt.date.fromordinal(deferral.start)
        return dt.date.fromordinal(item[1]), approved, dt.date.fromordinal(deferral.end)
    return None


def late_deferral(period) -> tuple[str, str, str] | None:
    """(the payment period's last day before it was deferred, the first and last day the deferral stops the
    surcharge) when the deferral that moved T8 (``period``, a ``clocks.Deadline``) was approved after that last day;
    None otherwise. A deferral approved after the period ran out waives nothing of the surcharge accrued by the day
    it was approved (REFERENCE gives no retroactive waiver; a reduction is a decision of its own, 行政强制法 art. 42,
    UNCONFIRMED): it stops further accrual until its end only."""
    import datetime as dt

    found = deferral_of(period)
    if found is None or found[1] <= found[0]:
        return None
    before, approved, end = found
    return before.isoformat(), (approved + dt.timedelta(days=1)).isoformat(), end.isoformat()


def surcharge_terms(db: Database, case: Case, period, party_id: str | None = None) -> tuple[str, list[tuple]]:
    """(the last day of the payment period the surcharge counts from, the intervals it does not accrue) for the
    payment period ``period`` (T8, of ``party_id`` or the case): its last day and the reconsideration or litigation
    pending (``_paused``); where a deferral was approved after the period ran out (``late_deferral``), the last day
    before the deferral, and the deferral's days after its approval paused — the payment dialog, the law panel and
    the 催告书 count the same."""
    paused = _paused(db, case, party_id)
    late = late_deferral(period)
    if late is None:
        return period.due, paused
    due, first, last = late
    if last < first:  # approved on its last day: nothing left to stop
        return due, paused
    return due, sorted([*paused, (first, last)], key=lambda interval: interval[0])


def _party_surcharges(db: Database, case: Case, on: str | None) -> dict[str, surcharge.Surcharge] | None:
    """{party id: the surcharge accrued on its overdue fine} for a case with several parties each fined by its own
    行政处罚决定书 in force: the fine of that decision, from the day after that party's own payment deadline (T8,
    counted from the service on it), on what its payments of part left unpaid, none once it paid in full. None for a case whose fines are not each party's (one
    party, or no decision issued in the workstation): its surcharge is the case's (``_surcharge``)."""
    from workstation.party_decisions import party_payments
    from workstation.payments import fine_payments
    from workstation.penalty_terms import decisions_in_force

    decisions = {d.party_id: d for d in decisions_in_force(db, case)} if case.decided_on else {}
    items = party_payments(db, case) if decisions else []
    if not items:
        return None
    if case.status != "served":
        return {}
    from workstation.clocks import case_clocks

    as_of = on or today()
    clocks = [d for d in case_clocks(db, case, on=as_of) if d.clock == "T8" and d.due]
    out = {}
    for item in items:
        fine = decisions[item.party.id].terms.fine_fen if item.party.id in decisions else 0
        own = next((d for d in clocks if d.party_id == item.party.id), None) or next(
            (d for d in clocks if not d.party_id), None)  # served on every party on the case's one date
        if not fine or item.paid_on is not None or own is None:
            continue
        due, paused = surcharge_terms(db, case, own, item.party.id)
        if due >= as_of:
            continue
        # its own payments of part lower the fine it is counted on (``payments.fine_payments``)
        out[item.party.id] = _checked(surcharge.surcharge(fine, due, as_of, paused,
                                                          fine_payments(db, case, item.party.id)), own)
    return out


def save_penalty_choice(db: Database, case: Case, *, act_on: str | None, prior_punished: bool, penalty_norm: str,
                        discretion_tier: str, discretion_factors: list[str], discretion_reason: str,
                        fine_fen: int, review_grounds: list[str] | None = None,
                        law_conditions: list[str] | None = None) -> Case:
    """Store the officer's choice of norm, tier, circumstances, reason and fine on the case (audited, version
    checked), with the grounds of legal review of Penalty Law art. 58 the officer marks (``review_grounds``, keys of
    ``decision_review.MARKED_GROUNDS``; None keeps those recorded). Refused with the field named: a fine beyond the
    norm's range, an amount outside the chosen tier without a reason, a reduced penalty without a lighter
    circumstance, a tier other than 不予处罚 beside a circumstance in which no penalty is given, a tier against a
    circumstance in which the penalty must be lighter or heavier (``penalty_tier_refusal``), an act dated after the case began, an unknown ground. Once a 行政处罚决定书 is in
    force the fine is its own: the tier is checked against it, and another ``fine_fen`` than the case records is refused
    (``store.cases.update_case``), and so are changed facts, penalty norm or act date: the decision was decided on
    them (``store.cases.DECIDED_LEGAL_FIELDS``, refused with the note the editor shows). ``law_conditions`` (keys
    of ``condition_labels``; None keeps those recorded) are the facts established that change the law applied: the
    norms, their fines, the criminal assessment; messages without calls among them are refused
    (``messages_refusal``); 拒不改正 among them is refused once the re-inspection of the case's 责令改正通知书 found it
    corrected
    (``rectification_checks.refused_correction_refusal``; what else it lacks is only warned of,
    ``refused_correction_warning``)."""
    from workstation.rectification_checks import REFUSED, refused_correction_refusal
    from workstation.store.cases import case_field_errors, update_case
    from workstation.validators import parse_date

    try:
        act_on = parse_date(act_on) if act_on else None
    except ValueError as exc:
        raise ValidationError({"act_on": str(exc)}) from None
    if fine_fen < 0:
        raise ValidationError({"fine_fen": str(fine_fen)})
    known = condition_labels()
    conditions = case.law_conditions if law_conditions is None else list(dict.fromkeys(law_conditions))
    if unknown := [c for c in law_conditions or () if c not in known]:  # those recorded stay as they are
        raise ValidationError({"law_conditions": _("Unknown fact {names}; known: {known}.").format(
            names=join_names(unknown), known=join_names(known))})
    if law_conditions is not None and (refusal := messages_refusal(conditions, case.law_conditions)):
        raise ValidationError({"law_conditions": refusal})
    if law_conditions is not None and REFUSED in conditions and (
            refusal := refused_correction_refusal(db, case.id)):  # the re-inspection found the order corrected
        raise ValidationError({"law_conditions": refusal})
    updated = replace(case, law_conditions=conditions, act_on=act_on, prior_punished=prior_punished, penalty_norm=penalty_norm,
                      discretion_tier=discretion_tier, discretion_factors=list(discretion_factors),
                      discretion_reason=discretion_reason.strip(), fine_fen=fine_fen,
                      review_grounds=case.review_grounds if review_grounds is None else list(dict.fromkeys(
                          review_grounds)))
    errors = case_field_errors(db, updated, existing=True, stored=case)
    if errors:
        raise ValidationError(errors)
    if FIRST_VIOLATION in updated.discretion_factors and (refusal := first_violation_refusal(db, updated)):
        raise ValidationError({"discretion_factors": refusal})
    if discretion_tier == "no_penalty" and not discretion_reason.strip():
        # whatever the penalty basis, it rests on a ground not to penalise: a circumstance ticked, or another ground
        # the law gives (the 不予行政处罚决定书's 其他) written as the reason
        discretion.no_penalty_grounds(discretion_factors)
    if refusal := penalty_tier_refusal(discretion_tier, fine_fen, discretion_factors,
                                       discretion_reason):  # Penalty Law arts. 30–33, 36
        raise ValidationError({"discretion_tier": refusal})
    law = case_law(db, updated)
    if penalty_norm and penalty_norm not in {n.id for n in law.candidates}:
        raise ValidationError({"penalty_norm": catalogue.norm(penalty_norm).citation})
    from workstation.decided_transfer import INVESTIGATION_ON

    if law.penalty is not None and discretion_tier:  # the tier of the fine decided once a decision is in force
        check_discretion(law.penalty, as_decided(db, updated).fine_fen, discretion_tier, discretion_reason,
                         discretion_factors)
    elif law.penalty is not None and case.status in INVESTIGATION_ON and (
            decided := as_decided(db, updated)).fine_fen:
        # no tier chosen: a fine below the minimum is still a reduced penalty (减轻), which needs the tier and its
        # lighter circumstance — refused as the 行政处罚决定书 issued with it would be, while the fine is only
        # proposed: a case decided outside the workstation (a register's 已决定 row) keeps the fine it was decided
        # with, and its penalty choice is saved as before (``procedure._typed_minimum_refusal`` and issuing hold a
        # decision to the minimum)
        from workstation.penalty_terms import minimum_refusal

        if refusal := minimum_refusal(db, updated, {"fine_fen": decided.fine_fen,
                                                    "confiscated_fen": decided.confiscated_fen}):
            raise ValidationError({"discretion_tier": refusal})
    return update_case(db, updated)


#: the facts of a case of 未经同意发送商业性信息 that tell calls from messages (catalogue.toml ``[conditions]``): messages
#: are recorded as a fact only beside calls — its wording says they were sent besides the calls; a case of messages
#: alone records neither, and is cited as before
COMMERCIAL_CALLS, COMMERCIAL_MESSAGES = "commercial_calls", "commercial_messages"


def messages_refusal(conditions, stored=()) -> str | None:
    """Why the facts ``conditions`` cannot be recorded on a case (None when they can): ``COMMERCIAL_MESSAGES``
    without ``COMMERCIAL_CALLS`` — its wording names calls the case would not record. Not refused when the case
    records them so already (``stored``: one stored before this check is not refused at every later edit)."""
    if COMMERCIAL_MESSAGES not in conditions or COMMERCIAL_CALLS in conditions or set(conditions) == set(stored):
        return None
    labels = condition_labels()
    return _("“{messages}” is recorded only with “{calls}”: it states messages sent besides the calls. Tick both for "
             "a case of calls and messages; for messages alone tick neither (the law of messages applies).").format(
        messages=labels.get(COMMERCIAL_MESSAGES, COMMERCIAL_MESSAGES), calls=labels.get(COMMERCIAL_CALLS,
                                                                                        COMMERCIAL_CALLS))


#: the screening categories' keywords that name calls (电话, 来电, 致电, 外呼, 打来, 拨打, 响一声): the others of 骚扰电话
#: (频繁接到, 反复骚扰, 多个号码推销) name no channel — 经常接到推销短信 tells of messages
_CALL_WORD = re.compile(r"电|呼|打|拨|响一声")
#: after a verb of calling: a consumer calling a complaint line (消费者拨打12345热线投诉, 多次致电12315, 拨打市场监管投诉
#: 电话), not the party; 投诉人 and 举报人 are the consumer called (当事人反复拨打投诉人手机推销), and a 举报 after what
#: the call sold is not the call's object (多次致电消费者推销被举报)
_COMPLAINT_LINE = r"(?!(?:(?!推销|推广|营销)[^，。；\n]){0,8}?(?:12345|12315|热线|投诉(?!人)|举报(?!人)))"
#: ``calls_told``'s matchers by the digests of the rules they are read from (the shipped ones first)
_CALLS_PATTERNS: dict[tuple[str, ...], CallsTold] = {}


@dataclass(frozen=True)
class CallsTold:
    """``calls_told``'s matcher: ``pattern`` (the calls keywords) searched in a text whose clauses holding one of
    ``exclusions`` (their categories') are blanked first, as screening leaves them out (``rules.blank_clauses``)."""

    pattern: re.Pattern
    exclusions: re.Pattern

    def search(self, text: str) -> re.Match | None:
        """The first of the calls told in ``text`` (read ``normalise``-d, its excluded clauses blanked), or None."""
        from workstation.screening.rules import blank_clauses

        return self.pattern.search(blank_clauses(text, self.exclusions))


def calls_told(rules=None) -> CallsTold:
    """What in a case's facts or 案由 tells of calls the party made (拨打推销电话, 外呼平台, 电话营销, 打电话来推销,
    天天来电): the keywords naming calls (``_CALL_WORD``) of the categories whose cases record ``COMMERCIAL_CALLS``
    (rules.toml 骚扰电话: one list, read by screening and by this warning alike) in the shipped screening rules and in
    ``rules`` (a bureau's edited copy, ``complaint.rules_for``: its words count too), a keyword inside one of their
    exclusions not counted there (电销 in 充电销售, 外呼 in 外呼叫器), nor any in a clause holding one of them (每天来电
    催收, 天天来电催我取件: screening's exclusions by clause), and 拨打 (拨打消费者手机). Not a consumer's number
    (联系电话), nor a consumer calling a complaint line (消费者拨打12345热线投诉, 拨打12315投诉举报电话), nor 短信
    (messages, cited as such without a fact). Kept by the rules' digests: the same matcher while they are unchanged."""
    from workstation.screening.rules import RulesError, load_rules, normalise, words_matcher

    try:
        sources = [load_rules()]
    except RulesError:  # a damaged installation: 拨打 alone, as screening cannot run either
        sources = []
    if rules is not None and all(rules.digest != source.digest for source in sources):
        sources.append(rules)
    key = tuple(source.digest for source in sources)
    told = _CALLS_PATTERNS.get(key)
    if told is None:
        categories = [c for source in sources for c in source.categories if COMMERCIAL_CALLS in c.facts]
        exclusions = tuple(normalise(w) for c in categories for w in c.exclusions)
        told = CallsTold(_calls_pattern(tuple(normalise(w) for c in categories for w in c.keywords
                                              if _CALL_WORD.search(normalise(w))), exclusions),
                         words_matcher(exclusions))
        if len(_CALLS_PATTERNS) >= 8:  # rules edited again and again in one run: the earlier ones' let go
            _CALLS_PATTERNS.clear()
        _CALLS_PATTERNS[key] = told
    return told


def bureau_rules():
    """The screening rules in force for the data directory in use (``paths.use_data_dir``: a command's, the
    window's): its edited copy, else the shipped ones; None when its copy cannot be read (the shipped ones alone are
    read then, as ``calls_told`` reads them anyway). For ``calls_told`` where no database is at hand."""
    from workstation.paths import resolve_data_dir
    from workstation.screening.rules import RulesError, load_rules_in_force

    try:
        return load_rules_in_force(resolve_data_dir(None))
    except RulesError:
        return None


def _calls_pattern(keywords: tuple[str, ...], exclusions: tuple[str, ...]) -> re.Pattern:
    """``calls_told`` of the calls ``keywords`` and their category's ``exclusions`` (longest keyword first)."""
    alternatives = []
    for word in sorted(set(keywords), key=lambda w: (-len(w), w)):
        before_guards = after_guards = ""  # lookbehinds go before the word, lookaheads after it (外呼(?!叫器))
        for excluded in dict.fromkeys(exclusions):
            if (at := excluded.find(word)) < 0:
                continue
            before, after = excluded[:at], excluded[at + len(word):]
            if before:
                before_guards += f"(?<!{re.escape(before)})"
            elif after:
                after_guards += f"(?!{re.escape(after)})"
            else:
                before_guards += "(?!)"
        line = _COMPLAINT_LINE if word.endswith(("拨打", "致电", "打电话", "来电")) else ""
        alternatives.append(before_guards + re.escape(word) + after_guards + line)
    return re.compile("|".join([*alternatives, "拨打" + _COMPLAINT_LINE]))


def calls_facts_missing(case: Case, conditions=None, rules=None) -> tuple[str, ...]:
    """The facts to record on a case whose facts or 案由 tell of calls (``calls_told``) while ``COMMERCIAL_CALLS`` is
    not among ``conditions`` (default: those the case records): ``COMMERCIAL_CALLS``, with ``COMMERCIAL_MESSAGES``
    when they tell of 短信 too; on a case recording ``COMMERCIAL_CALLS`` whose facts or 案由 tell of 短信,
    ``COMMERCIAL_MESSAGES`` when not recorded (the messages would not be cited under the law of messages). Only for a
    case recording a violation whose law that fact changes (catalogue.toml ``[violations.<key>.when.commercial_calls]``).
    Empty otherwise. ``rules``: the bureau's screening rules whose calls words count beside the shipped ones
    (``calls_told``; default: those of the data directory in use, ``bureau_rules``). 短信 said unsent (没有发短信),
    the complainant's own (我已回复短信拒绝) or next to no verb of sending or marketing (短信验证码, 银行发来的短信通知)
    tells of no messages (``screening.rules.tells_of_messages``, with ``rules``' keywords of 短信)."""
    from workstation.screening.rules import tells_of_messages

    conditions = case.law_conditions if conditions is None else conditions
    violations = load("catalogue")["violations"]
    if not any(COMMERCIAL_CALLS in violations.get(v, {}).get("when", {}) for v in case.violations):
        return ()
    told = f"{case.cause}\n{case.facts}"
    rules = bureau_rules() if rules is None else rules
    if COMMERCIAL_CALLS in conditions:
        return (COMMERCIAL_MESSAGES,) if COMMERCIAL_MESSAGES not in conditions and tells_of_messages(told, rules) else ()
    if not calls_told(rules).search(told):
        return ()
    return (COMMERCIAL_CALLS, COMMERCIAL_MESSAGES) if tells_of_messages(told, rules) else (COMMERCIAL_CALLS,)


def calls_fact_warning(case: Case, conditions=None, rules=None, missing=None) -> str:
    """What the officer is told, not refused, of the facts ``calls_facts_missing`` suggests: without them 条例 art. 24
    is still cited, but the calls are also cited under the law of messages (消法 art. 29 para. 3, 办法 art. 11 para. 1
    item 3), which names messages only; with the calls fact, 条例 art. 24 alone (with the messages fact too, beside the
    law of messages, for the messages) (REFERENCE §4.4). "" when none. ``rules``: as ``calls_facts_missing``'s;
    ``missing``: what it gave, when already worked out (a warning said with its command, ``calls_fact_command``)."""
    missing = calls_facts_missing(case, conditions, rules) if missing is None else missing
    if not missing:
        return ""
    labels = condition_labels()
    calls = labels.get(COMMERCIAL_CALLS, COMMERCIAL_CALLS)
    messages = labels.get(COMMERCIAL_MESSAGES, COMMERCIAL_MESSAGES)
    if COMMERCIAL_CALLS not in missing:  # calls recorded, 短信 told: the messages are left out of the law of messages
        return _("The case's facts or cause tell of messages (短信) besides the calls recorded, but the fact "
                 "“{messages}” is not recorded: only 条例第二十四条 is cited, and the messages are not cited under the "
                 "law of messages (消法第二十九条第三款、办法第十一条第一款第（三）项). Record it if the party also sent "
                 "the messages.").format(messages=messages)
    if COMMERCIAL_MESSAGES in missing:
        return _("The case's facts or cause tell of calls and messages, but the facts “{calls}” and “{messages}” are "
                 "not recorded: the calls are also cited under the law of messages (消法第二十九条第三款、办法第十一条"
                 "第一款第（三）项), which names messages only; with both facts, the calls are cited under 条例第二十四条 "
                 "and the messages under the law of messages. Record both if the party made the calls.").format(
            calls=calls, messages=messages)
    return _("The case's facts or cause tell of calls, but the fact “{calls}” is not recorded: 条例第二十四条 is cited, "
             "but the calls are also cited under the law of messages (消法第二十九条第三款、办法第十一条第一款第（三）项), "
             "which names messages only; with the fact, 条例第二十四条 alone is cited. Record it if the party made the "
             "calls.").format(
        calls=calls)


def facts_command(case: Case, facts, rules=None) -> str:
    """The command recording ``facts`` on ``case`` beside those it records (``cases facts --fact`` replaces them all),
    with the messages its facts or 案由 tell of when the calls are among them (``calls_facts_missing``), each fact
    once, named by its case number, else its id: ``cases facts 佛南市监立〔2026〕1号 --fact commercial_calls``.
    ``rules``: as ``calls_facts_missing``'s. One command for the calls warning (``calls_fact_command``) and a refused
    category correction (``screening.verdict``)."""
    given = [*case.law_conditions, *facts]
    return f"cases facts {case.case_number or case.id} " + " ".join(
        f"--fact {fact}" for fact in dict.fromkeys([*given, *calls_facts_missing(case, given, rules)]))


def calls_fact_command(case: Case, rules=None, missing=None) -> str:
    """The command recording the facts ``calls_fact_warning`` suggests on ``case`` (``facts_command``); "" when none
    is suggested. ``rules``: as ``calls_facts_missing``'s; ``missing``: what it gave, when already worked out."""
    missing = calls_facts_missing(case, rules=rules) if missing is None else missing
    return facts_command(case, missing, rules) if missing else ""


def calls_warning_and_command(case: Case, rules=None) -> tuple[str, str]:
    """``calls_fact_warning`` of ``case`` and ``calls_fact_command``, from one look at the facts missing
    (``calls_facts_missing``) with one reading of the rules; ("", "") when nothing is suggested. ``rules``: as
    ``calls_facts_missing``'s."""
    rules = bureau_rules() if rules is None else rules
    missing = calls_facts_missing(case, rules=rules)
    if not missing:
        return "", ""
    return calls_fact_warning(case, rules=rules, missing=missing), calls_fact_command(case, rules, missing)


def cited_calls_warning(case: Case, form, rules=None) -> str:
    """``calls_fact_warning`` of ``case`` said with a document of ``form`` (a ``FormSpec``) that prints the provisions
    violated or the penalty basis — a field drawn from one of ``formkit.values.NORM_SOURCES`` (law.violated …: the
    调查终结报告, 行政处罚告知书, 行政处罚决定书, 案件审核表 …) —, so that the calls are not cited under the law of
    messages unseen, with the command recording the facts (``calls_fact_command``); and a 案由 naming 商业性信息 in a
    case of calls alone (``cause_messages_warning``). "" for any other form, or when nothing is suggested. ``rules``: as ``calls_facts_missing``'s."""
    from workstation.formkit.values import NORM_SOURCES

    if not any(field.source in NORM_SOURCES for field in form.fields):
        return ""
    warning, command = calls_warning_and_command(case, rules)
    cause = cause_messages_warning(case, form.title)  # a 案由 of messages over provisions of calls
    uncovered = calls_uncovered_warning(case)  # calls beside messages under 广告法 art. 62, which penalises no call
    if not warning:
        return join_sentences([cause, uncovered])
    return join_sentences([_(
        "{warning} The {title} cites the provisions as the case records them now; record the facts first "
        "(Penalty and discretion… on the case's page, or `{command}`).").format(
        warning=warning, title=form.title, command=command), cause, uncovered])


def calls_uncovered_warning(case: Case, on: str | None = None) -> str:
    """``CaseLaw.uncovered_warning`` of the parts of ``case``'s violation (the calls of a case of calls and messages,
    ``_uncovered_parts``) that its penalty basis does not cover (广告法 art. 62), worked out from the case alone
    (``penalty_basis``), for a case recording one violation type: a document's checks tell the violations of a case
    recording several uncovered already (``stage_rules._uncovered_acts``, with these parts). With them, the calls no
    penalty provision in force at the act's date penalises (made before 2024-07-01 beside messages:
    ``unpenalised_text``). "" otherwise."""
    if len(set(case.violations)) != 1 or COMMERCIAL_CALLS not in case.law_conditions:
        return ""
    parts = _parts_law(case, on)
    if not parts:
        return ""
    violations = _violations_law(case, on)
    penalty = _penalty(case, violations)[0]
    return join_sentences([uncovered_text(penalty, _uncovered_parts(penalty, parts)),
                           unpenalised_text(penalty, _unpenalised(case, penalty, violations, parts))])


#: a 案由 naming messages: 商业性信息 (商业信息), the word of 消法 art. 29 para. 3 and 条例 art. 24 for them — 商业性电话
#: names the calls
_CAUSE_MESSAGES = re.compile(r"商业性?信息")


def cause_messages_warning(case: Case, title: str) -> str:
    """What a document titled ``title`` printing the case's provisions (``cited_calls_warning``) is told, not
    refused, when the case records calls alone (``COMMERCIAL_CALLS`` without ``COMMERCIAL_MESSAGES``) while its 案由
    names 商业性信息 (``_CAUSE_MESSAGES``: 涉嫌未经消费者同意向其发送商业性信息案): the document would print a cause of
    messages over 条例 art. 24 on calls alone. "" otherwise."""
    conditions = case.law_conditions
    if COMMERCIAL_CALLS not in conditions or COMMERCIAL_MESSAGES in conditions \
            or not _CAUSE_MESSAGES.search(case.cause or ""):
        return ""
    labels = condition_labels()
    return _("The case's cause (案由) “{cause}” names 商业性信息 (messages), but the case records calls alone "
             "(“{calls}”): the {title} prints that cause over 条例第二十四条 on calls. Word the cause as calls "
             "(…拨打商业性电话案) under Edit case…, or, if the party also sent messages, record “{messages}” too.").format(
        cause=case.cause, calls=labels.get(COMMERCIAL_CALLS, COMMERCIAL_CALLS), title=title,
        messages=labels.get(COMMERCIAL_MESSAGES, COMMERCIAL_MESSAGES))


def told_provisions_note(db: Database, case: Case, before: str, after: str) -> str:
    """What recording the facts of ``case`` (stored with them) is told when they change the provisions violated from
    ``before`` to ``after`` (``CaseLaw.violated_norms``) after its party was told of them by a 行政处罚告知书 and no
    decision is in force (``cases.told_legal_note``: the notice named by its 文号 and date): the provisions before
    and now, and that a penalty is decided only on those the party was told of — a new notice first. "" when the
    provisions are unchanged, or without such a notice."""
    if before == after:
        return ""
    from workstation.store.cases import told_legal_note

    note = told_legal_note(db, case)
    if not note:
        return ""
    return join_sentences([_("The provisions violated change from {before} to {after}.").format(
        before=before or _("none"), after=after or _("none")), note])


def fine_optional(norm: catalogue.Norm) -> bool:
    """Whether the penalty norm ``norm`` lets a penalty go without a fine (消法 art. 56: 可以单处或者并处 a warning,
    confiscation, a fine): catalogue.toml ``fine_optional`` of the norm, or of the norm it is penalised under
    (``penalty_as``: 办法 art. 14 → 消法 art. 56). Left out (a bureau's copy of an earlier version of the file): False,
    the fine required as before."""
    raw = next((n for n in load("catalogue")["norms"] if n.get("id") == (norm.refers_to or norm.id)), {})
    return raw.get("fine_optional") is True


def basis_fine_optional(choice: catalogue.NormChoice) -> bool:
    """``fine_optional`` of the penalty basis ``choice``: of its norm, or of every act's for separate acts
    (``ActsChoice``: an act whose norm requires a fine is fined)."""
    return all(fine_optional(n) for n in basis_norms(choice))


def check_discretion(choice: catalogue.NormChoice, amount_fen: int, tier: str, reason: str = "",
                     factors=()) -> discretion.DiscretionCheck:
    """``discretion.check`` of ``amount_fen`` against the range of the penalty basis ``choice``: a refusal out of the
    range names the norm; no fine at all passes the minimum where the norm does not require one (``fine_optional``)."""
    return discretion.check(amount_fen, choice.range.min_fen, choice.range.max_fen, tier, reason,
                            factors=factors, citation=basis_citation(choice), fine_optional=basis_fine_optional(choice))


def closed_sentence(text: str) -> str:
    """``text`` (a reason as typed) as a sentence of its own: stripped and closed with one 。 ("" for none)."""
    return text.strip().rstrip("。") + "。" if text.strip() else ""


def discretion_text(case: Case, law: CaseLaw | None = None) -> str:
    """The discretion paragraph a decision prints: the tier, the circumstances and the written reason
    (当事人具有…的情节，依法从轻处罚。…). The 行政处罚告知书 words it to its party (``notice_discretion``)."""
    if not case.discretion_tier:
        return ""
    parts = []
    factors = discretion.all_factors()
    chosen = [factors[k].text for k in case.discretion_factors
              if k in factors and factors[k].effect != "limitation_five_years"]
    if chosen:
        parts.append(_DECIDED_SUBJECT + "、".join(chosen) + "的情节")
    if case.discretion_tier == "no_penalty":  # the 不予行政处罚决定书's reason; no penalty decision is issued with it
        return "，".join([*parts, "依法不予行政处罚"]) + "。" + closed_sentence(case.discretion_reason or "")
    parts.append(_tier_words(case.discretion_tier))
    return "，".join(parts) + "。" + closed_sentence(case.discretion_reason or "")


#: how the decision's 裁量理由 names the party (``discretion_text``), and what the 告知书 puts before the tier it
#: proposes (``notice_discretion``)
_DECIDED_SUBJECT, _PROPOSED = "当事人具有", "本局拟"


def _tier_words(tier: str) -> str:
    """What the 裁量理由 states of ``tier``: 依法从轻处罚 (从重, 减轻), 按一般情形处罚."""
    name = discretion.tier_label(tier)
    return f"依法{name}处罚" if tier in ("lighter", "heavier", "reduced") else f"按{name}情形处罚"


def _tier_pattern() -> re.Pattern:
    """The tier stated at the start of a clause of a 裁量理由 (``_tier_words`` of each tier but 不予处罚), and 本局拟
    before it when the 告知书 proposes it."""
    words = "|".join(re.escape(_tier_words(t)) for t in ("lighter", "heavier", "reduced", "ordinary"))
    return re.compile(rf"(^|[，。；])(?:{_PROPOSED})?({words})")


def notice_discretion(text: str, you: str) -> str:
    """The decision's 裁量理由 ``text`` (``discretion_text``, or a notice's told in it: ``decided_discretion``) as the
    行政处罚告知书 says it: to the party as the notice speaks to it (``you``: 你单位, 你) where it names the party's
    circumstances (你单位具有…的情节), and the tier proposed, not decided before the party is heard (Penalty Law
    art. 44: 本局拟依法从轻处罚). What the officer wrote otherwise is left as written."""
    if text.startswith(_DECIDED_SUBJECT):
        text = you + "具有" + text[len(_DECIDED_SUBJECT):]
    return _tier_pattern().sub(lambda m: m.group(1) + _PROPOSED + m.group(2), text, count=1)


def decided_discretion(text: str) -> str:
    """The 行政处罚告知书's 裁量理由 ``text`` (``notice_discretion``) as the decision states it: the party named as
    当事人, the tier decided (当事人具有…的情节，依法从轻处罚). A notice of an earlier version of its form, which said it
    so, as it is."""
    for you in ("你单位具有", "你具有"):
        if text.startswith(you):
            text = _DECIDED_SUBJECT + text[len(you):]
            break
    return _tier_pattern().sub(lambda m: m.group(1) + m.group(2), text, count=1)

