"""What an issued document says of the clock event its form records (``records_event``: the 催告书 starts T15, the
分期缴纳罚款通知书 is a deferral, the 延长 decision extends T14 …), read in one place: the case's clock-event dialog
opened once the document is issued is filled with it (``ui.case_documents.offer_clock_event``), and `clocks record
CASE KIND --document 文号` records it (``cli._from_document``)."""

from __future__ import annotations

from dataclasses import dataclass

from workstation.db import Database
from workstation.records import Case


@dataclass(frozen=True)
class EventFill:
    """The clock event an issued document records, as far as the document says it."""

    #: the event's kind (``formkit.spec.END_EVENT``: the document ends the running event of the kind in ``clock``)
    kind: str
    #: the time limit an extension extends (T2, T14 …); of an end, the kind of event it ends; "" for none
    clock: str
    #: the day it records (the form's ``event_date``), else the date the document bears; "" when it says none
    on: str
    #: the latest of its ``event_until`` dates (a deferral's approved end); "" for none
    until: str = ""
    #: the party the document was written for; for the extension of a seal-up or seizure, its measure's party
    party: str | None = None
    #: for the extension of a seal-up or seizure (T14), the seizure event it extends
    measure: str | None = None
    #: for an extension, the days its 期限 asks for (in the clock's unit), None when it names none
    days: int | None = None
    #: for an extension, its approver when the document says who (a further T2 one: the heads' collective
    #: discussion), else ""
    approved_by: str = ""


def event_from_document(db: Database, case: Case, form, document) -> EventFill | None:
    """The clock event ``document`` of ``case``, issued on ``form``, records, filled in from its values: the day it
    records (else its signature's date, else the day issued), the latest of its end dates, the party it was written
    for (for the extension of a seizure, the party of the measure the 延长 decision names, ``measures.extended_party``,
    and that measure, ``clock_events.extended_seizure``: its T14 alone) and, for an extension, the days its 期限
    asks for and its approver (``stage_rules.extension_prefill``); an end (``end:…``) only its day and party. None
    when the form records no event for those values."""
    from workstation.documents.addressee import PARTY_KEY
    from workstation.formkit.spec import END_EVENT

    values = document.values
    event = form.event_for(values)
    if event is None:
        return None
    kind, clock = event
    if form.event_date:
        on = str(values.get(form.event_date) or "")[:10]
    else:  # the date it bears: its signature's, else the day it was issued
        from workstation.formkit.values import document_date

        on = document_date(form, values, document.issued_at)
    party = values.get(PARTY_KEY)
    if kind == END_EVENT:
        return EventFill(kind=kind, clock=clock, on=on, party=party)
    from workstation.clocks import EXTENSION
    from workstation.store.clock_events import extended_seizure, extends_seizure

    until = max((str(values.get(field) or "")[:10] for field in form.event_until), default="")
    days, approved_by, measure = None, "", None
    if kind == EXTENSION and extends_seizure(clock):  # the party of the measure it extends, as its seizure names it
        from workstation.formkit.measures import extended_party

        party = extended_party(db, case, values)
        measure = extended_seizure(db, case, values)
    if kind == EXTENSION and clock:  # the days its 期限 asked for; a further T2 one by collective discussion
        from workstation.documents.stage_rules import extension_prefill

        days, approved_by = extension_prefill(db, case, clock, values)
    return EventFill(kind=kind, clock=clock, on=on, until=until, party=party, measure=measure, days=days,
                     approved_by=approved_by or "")
