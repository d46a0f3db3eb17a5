"""The time span of a 询问笔录 (REFERENCE §2.2 No. 14: the record states when the interview began and ended, to the
minute): the start is the interview's, never the moment the record is typed or issued.

The form gives the start no default (forms/inquiry_record.toml v9): a record typed after the interview from notes, or
issued from the command line with ``docs issue --values``, names its start or is refused (the form's
``required_to_issue``, as ``docs fields`` says); a draft prints it blank for handwriting. The editor opens a new record with the
time it is opened (``opening_values``): the officer writes the record while the interview goes on, and corrects the
start when the editor was opened later. An interview lasting under ``SHORT_MINUTES`` — the record typed or issued
just after its start was filled in, as the moment of issue once was — is told at issue, naming its times
(``short_warnings``, in ``stage_rules.stage_warnings``), not refused: the officer checks them.

The same holds for every record whose form gives a start and an end to the minute (a pair of ``datetime`` fields, the
end's ``not_before`` naming the start: ``time_pairs``): the 现场笔录, 抽样记录, 听证笔录, 陈述申辩笔录, 集体讨论记录 ….
An end more than ``LONGEST_HOURS`` after the start is a date mistyped (11-03 for 12-03), refused where the values are
checked (``span_refusal``, in ``formkit.values.field_errors``): issued, it would hold both officers of a 询问笔录 for
the whole span (``record_overlap``). One over ``LONG_HOURS`` is told at issue (``long_warnings``). A record issued
before stays as it is."""

from __future__ import annotations

import datetime as dt

from workstation.documents.record_overlap import END, INQUIRY_FORM, START, minute
from workstation.i18n import _, ngettext

#: an interview shorter than this, in minutes, is told at issue (the 告知 block, the questions and the reading back
#: for the interviewee's signature on every page take longer)
SHORT_MINUTES = 5
#: the longest a record may run from its start to its end, in hours: one sitting (an interview, an inspection, a
#: sampling, a hearing, a meeting), its breaks included, within a day; an end later than that is refused
LONGEST_HOURS = 12
#: a record running longer than this, in hours, is told at issue: the officer checks its times
LONG_HOURS = 4


def opening_values(form, values: dict, context: dict) -> dict:
    """``values`` of a new ``form`` opened in the editor: for the 询问笔录, its start still empty set to the time it
    is opened (the context's ``now``); any other form's as they are."""
    if form.id != INQUIRY_FORM or minute(values.get(START)):
        return values
    return {**values, START: minute(context.get("now"))}


def time_pairs(form) -> list[tuple]:
    """(start field, end field) of each pair of date-and-time fields of ``form`` (``type = "datetime"``) whose end
    may not be before its start (the end's ``not_before`` names the start): a record's start and end."""
    pairs = []
    for field in form.fields:
        start = form.field(field.not_before) if field.type == "datetime" and field.not_before else None
        if start is not None and start.type == "datetime":
            pairs.append((start, field))
    return pairs


def span_minutes(start: object, end: object) -> int | None:
    """The minutes from ``start`` to ``end`` (times as ``YYYY-MM-DD HH:MM``: ``minute``); None when either is
    empty or does not read as one."""
    try:
        later, earlier = dt.datetime.fromisoformat(minute(end)), dt.datetime.fromisoformat(minute(start))
    except ValueError:
        return None
    return int((later - earlier).total_seconds() // 60)


def span_refusal(form, end, values: dict) -> str | None:
    """Why the time of ``end`` (a field of ``form``; ``values`` checked) is refused: it is the end of a pair
    (``time_pairs``) more than ``LONGEST_HOURS`` after its start, a date or time mistyped; naming both times and the
    start's field. None otherwise, and while either is not given."""
    start = next((first for first, second in time_pairs(form) if second.name == end.name), None)
    if start is None or (minutes := span_minutes(values.get(start.name), values.get(end.name))) is None \
            or minutes <= LONGEST_HOURS * 60:
        return None
    return _("This time ({end}) is more than {hours} hours after the {label} ({start}): a record is made of one "
             "sitting, which does not run that long. Check the day and the time of both (a month or a day mistyped?) "
             "and correct them.").format(end=minute(values.get(end.name)), hours=LONGEST_HOURS, label=start.label,
                                         start=minute(values.get(start.name)))


def long_warnings(form, values: dict) -> list[str]:
    """What the officer is told before a record of ``form`` running longer than ``LONG_HOURS`` (and not refused:
    ``span_refusal``) from a start to its end (``time_pairs``) is issued: its times, to check them. [] otherwise."""
    warnings = []
    for start, end in time_pairs(form):
        minutes = span_minutes(values.get(start.name), values.get(end.name))
        if minutes is not None and LONG_HOURS * 60 < minutes <= LONGEST_HOURS * 60:
            warnings.append(_(
                "The {title} runs more than {hours} hours, from {start} ({start_label}) to {end} ({end_label}): "
                "check that these are the times it began and ended, and correct them if they are not.").format(
                title=form.title, hours=LONG_HOURS, start=minute(values.get(start.name)), start_label=start.label,
                end=minute(values.get(end.name)), end_label=end.label))
    return warnings


def short_warnings(values: dict) -> list[str]:
    """What the officer is told before a 询问笔录 whose interview lasts under ``SHORT_MINUTES`` (0 included) is
    issued: its minutes and times, to check that they are when the interview began and ended (one lasting over
    ``LONG_HOURS`` is told of as every record's, ``long_warnings``). [] otherwise, and for times that do not read as
    ``YYYY-MM-DD HH:MM`` (refused by the field's own check) or an end before the start."""
    start, end = minute(values.get(START)), minute(values.get(END))
    minutes = span_minutes(start, end)
    if minutes is None or not 0 <= minutes < SHORT_MINUTES:
        return []
    return [ngettext(
        "The 询问笔录 records an interview of {minutes} minute, from {start} to {end}: check that these are the times "
        "the interview began and ended, not when the record was typed or issued, and correct them if they are not.",
        "The 询问笔录 records an interview of {minutes} minutes, from {start} to {end}: check that these are the times "
        "the interview began and ended, not when the record was typed or issued, and correct them if they are not.",
        minutes).format(minutes=minutes, start=start, end=end)]
