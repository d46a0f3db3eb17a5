"""What an issued document says of the clock event it records (``clock_event_fill.event_from_document``): read once,
in the core, for the window's clock-event dialog opened after issuing (``ui.case_documents.offer_clock_event``) and
for `clocks record CASE KIND --document 文号` — the day it records, the end it approves, the party, the days of an
extension and its approver; an end (``end:…``) its day and party; a document recording no event nothing."""

from __future__ import annotations

from dataclasses import replace

from tests.helpers import program_day
from tests.test_docfixa_issue_checks import investigating  # noqa: F401  (the case under investigation)
from tests.test_lawfix import FURTHER_BY, SECOND, extend
from tests.test_s57_cli_documents import DECISION, LAST, SIGNED, served
from workstation.clock_event_fill import EventFill, event_from_document
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.formkit.spec import END_EVENT
from workstation.store import get_case


def test_a_deferral_notice_gives_its_day_and_the_day_payment_is_deferred_to(db, data_dir, make_case, monkeypatch):
    case = served(db, make_case)
    program_day(monkeypatch, SIGNED)
    form = find_form("payment_deferral_notice")
    document = issue_document(db, data_dir, get_case(db, case.id), form,
                              {"decision_no": DECISION, "applied_on": "2026-12-10", "deferred_to": LAST})
    fill = event_from_document(db, get_case(db, case.id), form, document)
    assert fill == EventFill(kind="deferral", clock="", on=SIGNED, until=LAST, party=document.values.get("party_id"))
    assert (fill.days, fill.approved_by, fill.measure) == (None, "", None)


def test_a_further_extension_of_t2_gives_its_days_and_the_heads_collective_discussion(db, investigating):  # noqa: F811
    extend(db, investigating, 30, "2026-05-25", "王局长")
    case = get_case(db, investigating.id)
    form = find_form("matter_approval")
    document = replace(_any_document(), form_id=form.id, values=SECOND,
                       issued_at="2026-06-21T10:00:00")
    fill = event_from_document(db, case, form, document)
    assert (fill.kind, fill.clock, fill.days, fill.approved_by) == ("extension", "T2", 60, FURTHER_BY)


def test_a_release_gives_the_day_it_was_released_and_no_form_without_an_event_gives_nothing(db, make_case):
    case = make_case(status="investigating", filed_on="2026-09-01")
    release = find_form("preservation_release")
    document = replace(_any_document(), form_id=release.id,
                       values={"released_on": "2026-10-12", "party_id": case.party_ids[0]})
    fill = event_from_document(db, case, release, document)
    assert (fill.kind, fill.clock, fill.on, fill.party) == (END_EVENT, "preservation", "2026-10-12",
                                                            case.party_ids[0])
    assert event_from_document(db, case, find_form("penalty_decision"), document) is None


def _any_document():
    """An issued document's record, its fields given by each test (what a form records is read from them alone)."""
    from workstation.documents.issuing import IssuedDocument

    return IssuedDocument(id="d1", case_id="c1", form_id="", form_version=1, title="", status="issued", number="",
                          values={}, pdf_sha256="", pages=1, supersedes_id=None, issued_at="2026-10-12T09:00:00",
                          issued_by="")
