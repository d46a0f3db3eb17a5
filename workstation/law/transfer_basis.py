"""What the transfer of a case to the police rests on, by its own criminal assessment (``criminal.assess_case``): the
one warning of a case whose counts recorded, or whose conduct, stay below the thresholds — said when its 涉嫌犯罪案件移送书 is issued
and when the transfer is recorded (art. 5 items 1, 2 and 10 are judgements the counts do not make: told, not
refused) —, and what the law panel of a case with the police says of the computation it shows, today's figures,
when they stay below the thresholds or changed since the 移送书 the case went with."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from workstation.db import Database
from workstation.i18n import _
from workstation.law.criminal import CriminalAssessment, assess_case, joined_steps
from workstation.records import Case

#: the figures a 涉嫌犯罪案件移送书 states (forms/police_transfer.toml), as the case's fields of the same names
LETTER_FIGURES = ("records_trace", "records_sensitive", "records_other", "illegal_gains_fen")


def below_thresholds_warning(case: Case, assessment: CriminalAssessment | None = None, *, done: bool = False) -> str:
    """Why the transfer of ``case`` to the police does not rest on its counts recorded: nothing counted, the
    violations recorded not being the conduct the thresholds are of (selling, providing or illegally obtaining
    personal information: ``assessment.covered``), or the counts staying below the criminal thresholds (with the
    computation of the last two); "" when they reach them. ``assessment``:
    the case's own (``assess_case`` with its prior punishment), when the caller has it. ``done``: said once the
    transfer is recorded (the command line records it and warns), with what to keep in the case file now."""
    if assessment is None:
        assessment = assess_case(case, prior_punished=case.prior_punished)
    if assessment.serious:
        return ""
    if not assessment.counted:
        if done:
            return _("The transfer to the police is recorded although the case records no personal-information "
                     "records and no illegal gains: record the counts, and keep in the case file the other serious "
                     "circumstances the transfer rests on, as the letter names them.")
        return _("The case records no personal-information records and no illegal gains, so nothing shows that it "
                 "reaches the criminal thresholds: record the counts first, or make sure the transfer rests on other "
                 "serious circumstances named in the letter.")
    if not assessment.covered:  # the conduct is what is missing; the steps say what the counts reach (or not)
        if done:
            return _("The transfer to the police is recorded although the violations recorded are not the selling, "
                     "providing or illegal obtaining of personal information: {steps} Keep in the case file what the "
                     "transfer rests on, as the letter names it.").format(steps=joined_steps(assessment.steps))
        return _("The violations recorded are not the selling, providing or illegal obtaining of personal "
                 "information: {steps} Transfer the case only once that conduct is established and recorded, or on "
                 "other serious circumstances named in the letter.").format(steps=joined_steps(assessment.steps))
    if done:
        return _("The transfer to the police is recorded although the counts recorded stay below the criminal "
                 "thresholds: {steps} Keep in the case file the other serious circumstances the transfer rests on, "
                 "as the letter names them.").format(steps=joined_steps(assessment.steps))
    return _("By the counts recorded the case stays below the criminal thresholds: {steps} Transfer it only on other "
             "serious circumstances, and name them in the letter.").format(steps=joined_steps(assessment.steps))


@dataclass(frozen=True)
class PoliceComputation:
    """What the law panel of a case with the police says before the computation it shows: ``reached`` whether the
    counts recorded now reach the thresholds; ``changes``, each figure the 涉嫌犯罪案件移送书 ``letter`` (its 文号)
    states otherwise than the case now, as (field, the letter's, now's) — a figure it leaves blank is not one —, empty
    when the letter is not known; ``by_letter`` whether the figures the letter states reach them as the case now
    stands (its prior penalty, duty status and violations), None when the letter is not known. Counts below the
    thresholds whose letter's figures would not reach them either are not blamed on the counts: what changed is what
    the computation weighs besides them, or the transfer rested on other circumstances."""

    reached: bool
    letter: str = ""
    changes: tuple[tuple[str, int, int], ...] = ()
    by_letter: bool | None = None

    def text(self) -> str:
        """The sentence for the panel: the transfer, whether today's counts reach the thresholds and, when they
        changed since the letter, that the figures shown are today's."""
        changed = _("; ").join(_("{figure} {before} in the letter, {now} now").format(
            figure=_figure_label(key), before=_figure_text(key, before), now=_figure_text(key, now))
            for key, before, now in self.changes)
        if not self.reached and self.by_letter is False:  # the counts are not what turned the result
            if not self.changes:
                return _("The case was transferred to the police with the 涉嫌犯罪案件移送书 {letter}, but its counts, "
                         "unchanged since, do not reach the criminal thresholds as the case now stands: what the "
                         "computation weighs besides the counts (a prior penalty, the duty-related status, the "
                         "violations recorded) changed since, or the transfer rested on other circumstances. The "
                         "computation follows.").format(letter=self.letter)
            return _("The case was transferred to the police with the 涉嫌犯罪案件移送书 {letter}, but the counts "
                     "recorded now do not reach the criminal thresholds, nor would those the letter states as the case "
                     "now stands: what the computation weighs besides the counts (a prior penalty, the duty-related "
                     "status, the violations recorded) changed since, or the transfer rested on other circumstances. "
                     "The counts changed too ({changes}); the computation that follows is of the counts recorded "
                     "now.").format(letter=self.letter, changes=changed)
        if not self.changes:
            if self.reached:
                return _("The case was transferred to the police; the computation that led to it follows.")
            return _("The case was transferred to the police, but the counts recorded now do not reach the criminal "
                     "thresholds: the transfer rested on other circumstances, or the counts were changed since. The "
                     "computation of the counts recorded now follows.")
        if self.reached:
            return _("The case was transferred to the police with the 涉嫌犯罪案件移送书 {letter}; its counts changed "
                     "since ({changes}). The computation that follows is of the counts recorded now, not of those the "
                     "case was transferred on.").format(letter=self.letter, changes=changed)
        return _("The case was transferred to the police with the 涉嫌犯罪案件移送书 {letter}, but the counts recorded "
                 "now do not reach the criminal thresholds: they changed since ({changes}). The computation that "
                 "follows is of the counts recorded now, not of those the case was transferred on.").format(
            letter=self.letter, changes=changed)


def police_computation(db: Database, case: Case, assessment: CriminalAssessment) -> PoliceComputation:
    """What the law panel says of the computation ``assessment`` of ``case``, which is with the police (transferred,
    or a criminal case opened): whether it reaches the thresholds, the figures changed since the 涉嫌犯罪案件移送书
    the case went with (``procedure.transfer_document``, its values; the one it went with before, when the police
    answered), and whether the letter's figures reach them as the case now stands."""
    from workstation.procedure import earlier_transfer_document, transfer_document

    document = transfer_document(db, case)
    if document is None and (earlier := earlier_transfer_document(db, case)) is not None:
        document = earlier[0]
    reached = assessment.transfer_suggested
    if document is None:
        return PoliceComputation(reached)
    stated = letter_figures(document.values)
    changes = tuple((key, before, getattr(case, key) or 0) for key, before in stated.items()
                    if before != (getattr(case, key) or 0))
    by_letter = None if not stated else reached if not changes else assess_case(
        replace(case, **stated), prior_punished=case.prior_punished).transfer_suggested
    return PoliceComputation(reached, document.number or _("(no number)"), changes, by_letter)


def letter_figures(values: Mapping) -> dict[str, int]:
    """The figures (``LETTER_FIGURES``) a 涉嫌犯罪案件移送书's ``values`` state as whole numbers: one left blank, or
    not a number, is not stated (not read as 0)."""
    stated = {}
    for key in LETTER_FIGURES:
        value = values.get(key)
        if value is None or isinstance(value, bool) or (isinstance(value, str) and not value.strip()):
            continue
        try:
            stated[key] = int(value)
        except (TypeError, ValueError):
            continue  # a figure the letter does not state as a number: not compared
    return stated


def _figure_label(key: str) -> str:
    from workstation.vocabulary import shown_label

    if key == "illegal_gains_fen":
        return _("illegal gains")
    return shown_label("record_categories", key.removeprefix("records_"))


def _figure_text(key: str, value: int) -> str:
    if key == "illegal_gains_fen":
        from workstation.money import figures

        return figures(value)
    return f"{value:,}"
