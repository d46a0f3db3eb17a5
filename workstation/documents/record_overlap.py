"""One officer, one inquiry at a time (REFERENCE §2.2 No. 14): a 询问笔录 is made for one time window to the minute,
and the same officers cannot appear in two records whose windows overlap — one of them would not be evidence of an
inquiry the officer really held. ``overlap_refusals`` finds the issued 询问笔录 (of any case: an officer is in one
place at a time) that shares a 询问人 or the 记录人 (by name, and 执法证号 where both give one) with the record about
to be issued and overlaps its window."""

from __future__ import annotations

import json

from workstation.db import Database
from workstation.i18n import _

#: the form whose records are held to one time window per officer (and to the interview's times, ``inquiry_times``)
INQUIRY_FORM = "inquiry_record"
#: its fields of the start and the end of the interview
START, END = "time_from", "time_to"
#: the fields naming the officers taking part in an inquiry, with the field of each one's 执法证号: both 询问人
#: and the 记录人 (whose number is the 询问人's when the recorder is one of them)
OFFICER_FIELDS = (
    ("interviewer1", "interviewer1_cert"),
    ("interviewer2", "interviewer2_cert"),
    ("recorder", ""),
)


def _officers(values: dict) -> dict[str, str]:
    """{name: 执法证号 or ""} of the officers a record names."""
    officers: dict[str, str] = {}
    for name_field, cert_field in OFFICER_FIELDS:
        name = str(values.get(name_field) or "").strip()
        if name:
            cert = str(values.get(cert_field) or "").strip() if cert_field else ""
            officers[name] = officers.get(name) or cert
    return officers


def _shared(officers: dict[str, str], other: dict[str, str]) -> list[str]:
    """The officers named in both records: the same name, and the same 执法证号 where both records give one (two
    officers may share a name, never a certificate)."""
    return sorted(
        n for n, cert in officers.items() if n in other and (not cert or not other[n] or cert == other[n])
    )


def minute(value: object) -> str:
    """A datetime value as ``YYYY-MM-DD HH:MM`` (which compares as text; "" for none)."""
    return str(value or "").replace("T", " ").strip()[:16]


def _window(values: dict) -> tuple[str, str] | None:
    """(start, end) of a record's 询问时间 as ``YYYY-MM-DD HH:MM`` (``minute``), None without a whole window (a record
    issued before the end time was required)."""
    start, end = minute(values.get(START)), minute(values.get(END))
    return (start, end) if start and end and start < end else None


def overlap_refusals(db: Database, form_id: str, values: dict) -> dict[str, str]:
    """{field label: why} when an officer of the 询问笔录 ``values`` (checked values, about to be issued) is one of
    another issued, not voided 询问笔录 whose time window overlaps this one's (a window ending as the other begins
    does not overlap); {} otherwise, and for any other form."""
    if form_id != INQUIRY_FORM or (window := _window(values)) is None or not (officers := _officers(values)):
        return {}
    start, end = window
    rows = db.execute(
        "SELECT d.values_json, COALESCE(c.case_number, '') FROM documents d "
        "LEFT JOIN cases c ON c.id = d.case_id WHERE d.form_id = ? AND d.status = 'issued' "
        "ORDER BY d.issued_at",
        [INQUIRY_FORM],
    )
    for values_json, case_number in rows:
        other = json.loads(values_json)
        shared = _shared(officers, _officers(other))
        other_window = _window(other)
        if not shared or other_window is None or not (start < other_window[1] and other_window[0] < end):
            continue
        from workstation.documents.drafts import find_form

        label = find_form(INQUIRY_FORM).field(START).label
        return {
            label: _(
                "{names} already took part in the inquiry record of case {case} from {other_start} to "
                "{other_end}, which overlaps this one ({start} to {end}): an officer cannot question two "
                "people at the same time. Correct the times, or name the officers who held this inquiry."
            ).format(
                names="、".join(shared),
                case=case_number or "—",
                other_start=other_window[0],
                other_end=other_window[1],
                start=start,
                end=end,
            )
        }
    return {}
