"""The time span of a 询问笔录 (REFERENCE §2.2 No. 14: the record states when the interview began and ended, to the
minute): the start is the interview's, never the moment the record is typed or issued.

The form gives the start no default (forms/inquiry_record.toml v9): a record typed after the interview from notes, or
issued from the command line with ``docs issue --values``, names its start or is refused (the form's
``required_to_issue``, as ``docs fields`` says); a draft prints it blank for handwriting. The editor opens a new record with the
time it is opened (``opening_values``): the officer writes the record while the interview goes on, and corrects the
start when the editor was opened later. An interview lasting under ``SHORT_MINUTES`` — the record typed or issued
just after its start was filled in, as the moment of issue once was — is told at issue, naming its times
(``short_warnings``, in ``stage_rules.stage_warnings``), not refused: the officer checks them."""

from __future__ import annotations

import datetime as dt

from workstation.documents.record_overlap import END, INQUIRY_FORM, START, minute
from workstation.i18n import ngettext

#: an interview shorter than this, in minutes, is told at issue (the 告知 block, the questions and the reading back
#: for the interviewee's signature on every page take longer)
SHORT_MINUTES = 5


def opening_values(form, values: dict, context: dict) -> dict:
    """``values`` of a new ``form`` opened in the editor: for the 询问笔录, its start still empty set to the time it
    is opened (the context's ``now``); any other form's as they are."""
    if form.id != INQUIRY_FORM or minute(values.get(START)):
        return values
    return {**values, START: minute(context.get("now"))}


def short_warnings(values: dict) -> list[str]:
    """What the officer is told before a 询问笔录 whose interview lasts under ``SHORT_MINUTES`` (0 included) is
    issued: its minutes and times, to check that they are when the interview began and ended. [] otherwise, and for
    times that do not read as ``YYYY-MM-DD HH:MM`` (refused by the field's own check) or an end before the start."""
    start, end = minute(values.get(START)), minute(values.get(END))
    try:
        minutes = int((dt.datetime.fromisoformat(end) - dt.datetime.fromisoformat(start)).total_seconds() // 60)
    except ValueError:
        return []
    if not 0 <= minutes < SHORT_MINUTES:
        return []
    return [ngettext(
        "The 询问笔录 records an interview of {minutes} minute, from {start} to {end}: check that these are the times "
        "the interview began and ended, not when the record was typed or issued, and correct them if they are not.",
        "The 询问笔录 records an interview of {minutes} minutes, from {start} to {end}: check that these are the times "
        "the interview began and ended, not when the record was typed or issued, and correct them if they are not.",
        minutes).format(minutes=minutes, start=start, end=end)]
