"""Long lists read what their rows show in a bounded number of statements (counted with SQLite's trace callback),
whatever the number of rows: the case list's cases decided outside the workstation with a warning alone, and the
register of interviews with each interview's parties, documents, case and lead."""

from __future__ import annotations

import json
from dataclasses import replace

from tests.helpers import statements_run
from workstation.case_records import CaseEvent
from workstation.penalty_terms import cases_warned_only, proposed_penalty
from workstation.records import Case, Interview, Lead, Party
from workstation.store import create_case, get_case, list_cases, save_party
from workstation.store.cases import add_event, update_case
from workstation.store.interviews import save_interview
from workstation.store.leads import save_lead

ROWS = 100


def _served(db, case_id: str, party_id: str | None = None, **proposed) -> None:
    """A service of the 行政处罚告知书 (written outside the workstation) recording what it proposed."""
    add_event(db, CaseEvent(case_id=case_id, kind="notice_served", at="2026-03-16T10:00:00+08:00",
                            on_date="2026-03-16", party_id=party_id,
                            details=json.dumps({"proposed": {**proposed, "number": ""}})))


def _decided_outside(make_case, **fields):
    return make_case(status="penalty_decided", filed_on="2026-03-02", notice_served_on="2026-03-16",
                     decided_on="2026-04-01", **fields)


def test_the_cases_decided_outside_with_a_warning_alone_are_found_in_one_statement(db, make_case):
    warned = [_decided_outside(make_case) for _ in range(ROWS)]
    for case in warned:
        _served(db, case.id, warning=True, fine_fen=0)
    fined = _decided_outside(make_case)
    _served(db, fined.id, warning=True, fine_fen=500_000)
    silent = _decided_outside(make_case)  # its service recorded no warning: not decided with one
    _served(db, silent.id, fine_fen=0, other_penalty="责令改正")
    ids = [c.id for c in (*warned, fined, silent)]
    with statements_run(db) as ran:
        found = cases_warned_only(db, ids)
    assert found == {c.id for c in warned}
    assert len(ran) == 1, len(ran)  # not one (or more) for each case


def test_a_case_of_several_parties_decided_outside_is_a_warning_alone_only_when_every_party_was_warned(db, make_case):
    other = save_party(db, Party(name="佛山市南海区某某信息咨询有限公司"))
    both = _decided_outside(make_case)
    both = update_case(db, replace(get_case(db, both.id), party_ids=[*both.party_ids, other.id]))
    first = both.party_ids[0]
    _served(db, both.id, first, warning=True)
    _served(db, both.id, other.id, warning=True)
    mixed = update_case(db, replace(get_case(db, _decided_outside(make_case).id), party_ids=[first, other.id]))
    _served(db, mixed.id, first, warning=True)
    _served(db, mixed.id, other.id, fine_fen=300_000)
    assert cases_warned_only(db, [both.id, mixed.id]) == {both.id}
    # the same as the case workspace reads it, party by party
    assert proposed_penalty(db, get_case(db, both.id)).warning_only
    assert not proposed_penalty(db, get_case(db, mixed.id)).warning_only


def test_the_demo_cases_decided_outside_show_the_warning_the_workspace_reads(read_demo_db):
    """Every demo case: found with a warning alone by the case list's query exactly when the workspace reads a
    proposal of a warning alone (for those decided outside) or a decision of one."""
    from workstation.penalty_terms import decided_warning_only, decisions_in_force

    rows = list_cases(read_demo_db, limit=1000)
    found = cases_warned_only(read_demo_db, [r.id for r in rows])
    expected = set()
    for row in rows:
        case = get_case(read_demo_db, row.id)
        if decided_warning_only(read_demo_db, case):
            expected.add(case.id)
        elif case.decided_on and not decisions_in_force(read_demo_db, case):
            proposed = proposed_penalty(read_demo_db, case)
            if proposed is not None and proposed.warning_only:
                expected.add(case.id)
    on_the_spot = {case_id for (case_id,) in read_demo_db.execute(
        "SELECT case_id FROM documents WHERE form_id = 'on_the_spot_decision' AND status = 'issued'")}
    assert found - on_the_spot == expected - on_the_spot
    assert len(expected) >= 3  # the three demo cases decided outside with a warning alone


def test_the_interview_register_reads_its_rows_in_a_bounded_number_of_statements(db, make_window):
    agency = db.execute("SELECT id FROM agencies LIMIT 1").fetchone()[0]
    page = make_window(db).interviews_page
    party = save_party(db, Party(kind="company", name="佛山市某某地产有限公司"))
    lead = save_lead(db, Lead(source="12345", received_at="2026-10-01T09:00:00+08:00",
                              businesses="佛山市某某地产有限公司", complaint_count=3))
    case = create_case(db, Case(case_number="", cause="涉嫌未经消费者同意发送商业性信息案", sector="real_estate",
                                agency_id=agency, party_ids=[party.id]))

    def refreshed() -> int:
        with statements_run(db) as ran:
            page.refresh()
        return len(ran)

    save_interview(db, Interview(agency_id=agency, held_on="2026-11-02", subject="约谈地产公司", party_ids=[party.id],
                                 lead_id=lead.id, case_id=case.id))
    few = refreshed()
    for n in range(ROWS):
        own = save_party(db, Party(kind="company", name=f"佛山市第{n}地产有限公司"))
        save_interview(db, Interview(agency_id=agency, held_on="2026-11-03", subject=f"约谈{n}",
                                     party_ids=[own.id, party.id], lead_id=lead.id, case_id=case.id),
                       allow_duplicate=True)
    many = refreshed()
    assert many == few, (few, many)  # the same statements for 101 interviews as for one
    rows = {r.interview.subject: r for r in page.rows}
    assert len(rows) == ROWS + 1
    shown = rows["约谈7"]
    assert shown.party_names == "佛山市第7地产有限公司、佛山市某某地产有限公司"
    assert shown.lead.startswith("2026-10-01") and "佛山市某某地产有限公司" in shown.lead
    assert shown.case_number and shown.documents == []
