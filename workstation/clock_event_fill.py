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
    #: why ``on`` is "" for an event counted from the document's service (a 催告书: T15 runs from the day it was
    #: served, 行政强制法 art. 54) whose service is not recorded: what to record or give instead; else ""
    unserved: str = ""


#: the events counted from the service of the document that records them, with the title its 送达回证 or 送达公告
#: names it by (``document_clocks.document_services``): the 催告书's ten working days (T15) run from its service
SERVICE_EVENTS = {"demand": "催告书"}


def served_day(db: Database, case: Case, form, document, title: str = "") -> str | None:
    """The day ``document`` (of ``form``) reached its party: the 送达日期 of the 送达回证 in force naming it, or the day
    a 送达公告 naming it deems it served (``document_clocks.document_services``; one without a 文号 named by ``title``,
    the form's own by default, and its party); None when neither is issued."""
    from workstation.document_clocks import document_services
    from workstation.documents.addressee import PARTY_KEY

    party = document.values.get(PARTY_KEY) or None
    number = document.number or ""
    dated = (form.event_date,) if form.event_date else ("issued_on", "decided_on")
    for service in document_services(db, [case.id], form.id, title or form.title, dated).get(case.id, []):
        if service.number == number and (number or service.party_id == party):
            return service.served_on
    return None


def unserved_text(document, kind: str) -> str:
    """What the officer is told when the event ``kind`` counted from the service of ``document`` cannot be dated: its
    service is not recorded."""
    from workstation.documents.issuing import document_name
    from workstation.i18n import _
    from workstation.vocabulary import shown_label

    return _("The service of {document} is not recorded: the “{kind}” counts from the day it was served "
             "(Administrative Compulsion Law art. 54), not from the day it was signed. Issue its 送达回证 with the "
             "送达日期 (or its 送达公告), or give the day it was served.").format(
        document=document_name(document), kind=shown_label("clock_events", kind))


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
    if kind in SERVICE_EVENTS:  # counted from the day it was served, whatever day it bears (its signature's)
        on = served_day(db, case, form, document, SERVICE_EVENTS[kind]) or ""
        return EventFill(kind=kind, clock=clock, on=on, party=values.get(PARTY_KEY),
                         unserved="" if on else unserved_text(document, kind))
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
