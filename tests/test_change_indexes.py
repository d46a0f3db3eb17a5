"""m027: the board's T19 starts (``clocks.changed_decisions``) read the corrections and the voided decisions through
partial indexes, and the statistics read the cases declined (不予立案) and transferred to the police through
partial indexes of case_events: none of them reads a whole table, and they return the same rows as before."""

import json
from dataclasses import replace

from workstation import clocks, stats
from workstation.records import ClockEvent
from workstation.store import get_case
from workstation.store.cases import update_case
from workstation.store.clock_events import record_clock_event


def plan(db, sql: str, params=()) -> list[str]:
    return [row[3] for row in db.execute("EXPLAIN QUERY PLAN " + sql, list(params)).fetchall()]


def whole_documents_read(details: list[str]) -> list[str]:
    # the documents are read as ``o`` and ``n`` in changed_decisions
    return [d for d in details if d.split(" USING ")[0] in ("SCAN documents", "SCAN o", "SCAN n")]


def test_the_boards_decision_changes_read_the_documents_through_their_partial_indexes(db):
    _cases, events, params = clocks.board_sql()
    details = plan(db, events, params)
    assert not whole_documents_read(details), details
    assert "SEARCH n USING INDEX documents_superseding (supersedes_id>?)" in details
    assert "SEARCH o USING INDEX documents_void (form_id=?)" in details
    # one case's clocks read its own documents only
    one = plan(db, f"SELECT * FROM {clocks.CASE_EVENTS}", ["c"] * clocks.CASE_EVENT_PARAMS)
    assert not whole_documents_read(one), one
    # the transfers to the police (T27's starts) are read from the steps through their partial index
    # and the step that took each back from them (the time with the police, s72) by the case's own steps, as are the
    # later closes as the police's (h), the transfers between (u) and the steps taking the case up again (r)
    steps = [d for d in details if d.split()[1] in ("case_events", "t", "r", "h", "u") and "clock_events" not in d]
    assert [d for d in steps if d.startswith("SCAN")] == ["SCAN t USING INDEX case_events_to_police"] * 2, steps
    assert set(d for d in steps if not d.startswith("SCAN")) == {
        "SEARCH r USING INDEX case_events_case (case_id=? AND at>?)",
        "SEARCH h USING INDEX case_events_case (case_id=? AND at>?)",
        "SEARCH u USING INDEX case_events_case (case_id=? AND at>? AND at<?)"}, steps
    # one case's: the same, its payment (T8 met, T16 not applicable) through the case's own steps, and the decline
    # of its filing (T1 met in a case never filed) through the partial index of the declines
    assert sorted(set(d for d in one if "case_events" in d and "clock_events" not in d)) == [
        "SEARCH case_events USING INDEX case_events_case (case_id=?)",
        "SEARCH case_events USING INDEX case_events_not_filed (case_id=?)",
        "SEARCH h USING INDEX case_events_case (case_id=? AND at>?)",
        "SEARCH r USING INDEX case_events_case (case_id=? AND at>?)",
        "SEARCH t USING INDEX case_events_to_police (case_id=?)",
        "SEARCH u USING INDEX case_events_case (case_id=? AND at>? AND at<?)"]


def test_the_statistics_read_the_declined_and_police_cases_through_partial_indexes(db):
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    try:
        stats.campaign_stats(db)
        stats.campaign_stats(db, date_from="2026-01-01", date_to="2026-12-31")
    finally:
        db.conn.set_trace_callback(None)
    details = [d for sql in statements if sql.lstrip().upper().startswith("SELECT") for d in plan(db, sql)]
    reading = [d for d in details if "case_events" in d]
    assert reading and all(" USING " in d for d in reading), reading
    assert "SCAN case_events USING INDEX case_events_not_filed" in reading
    assert "SCAN case_events USING INDEX case_events_to_police" in reading


# changed_decisions' inner query as it was before m027 (documents o joined to their corrections n on the case)
def old_changes(one_case: bool) -> str:
    of_case = " AND o.case_id = ?" if one_case else ""
    return (
        "SELECT o.case_id, o.id, substr(n.issued_at, 1, 10) AS day FROM documents o JOIN documents n ON "
        f"n.case_id = o.case_id AND n.supersedes_id = o.id WHERE o.form_id = 'penalty_decision'{of_case} UNION ALL "
        "SELECT o.case_id, o.id, substr(COALESCE((SELECT v.voided_at FROM doc_numbers v WHERE v.number = o.number), "
        "(SELECT MIN(a.at) FROM audit a WHERE a.entity = 'document' AND a.entity_id = o.id AND a.action = 'void')), "
        f"1, 10) FROM documents o WHERE o.form_id = 'penalty_decision' AND o.status = 'void'{of_case}")


def new_changes(one_case: bool) -> str:
    sql = clocks.changed_decisions(one_case)
    # the innermost: the changes of each decision (the query around it merges those of one publication, s50)
    start = sql.rindex("MIN(day) AS day FROM (") + len("MIN(day) AS day FROM (")
    return sql[start:sql.index(") WHERE day IS NOT NULL")]


def document(db, case, doc_id, issued_on, *, form="penalty_decision", voided_on=None, supersedes=None):
    db.execute("INSERT OR IGNORE INTO files (sha256, size, media_type, created_at) VALUES ('x', 1, 'application/pdf', "
               "'')")
    number = f"佛南市监处〔2026〕{doc_id}号"
    db.execute("INSERT INTO documents (id, case_id, form_id, form_version, title, status, number, values_json, "
               "pdf_sha256, pages, supersedes_id, issued_at, issued_by, void_reason) VALUES (?, ?, ?, 1, '文书', ?, ?, "
               "?, 'x', 1, ?, ?, '', ?)",
               [doc_id, case.id, form, "void" if voided_on else "issued", number, json.dumps({}), supersedes,
                f"{issued_on}T10:00:00+08:00", "有误" if voided_on else ""])
    db.execute("INSERT INTO doc_numbers (id, agency_id, type_code, year, serial, number, document_id, status, "
               "void_reason, issued_at, voided_at) VALUES (?, ?, '处', 2026, ?, ?, ?, ?, '', ?, ?)",
               [f"n{doc_id}", case.agency_id, doc_id, number, doc_id, "void" if voided_on else "issued",
                f"{issued_on}T10:00:00+08:00", f"{voided_on}T16:30:00+08:00" if voided_on else None])


def test_the_decision_changes_are_the_rows_the_query_before_the_indexes_returned(db, make_case):
    cases = []
    for _ in range(3):
        case = make_case(fine_fen=500_000)
        cases.append(update_case(db, replace(get_case(db, case.id), status="served", filed_on="2026-03-10",
                                             decided_on="2026-06-15", served_on="2026-06-16"),
                                 allow_status_change=True))
        record_clock_event(db, ClockEvent(case_id=case.id, kind="publication", starts_on="2026-06-20"))
    first, second, third = cases
    document(db, first, 1, "2026-06-15", voided_on="2026-09-30")  # voided, then corrected: the earlier day counts
    document(db, first, 2, "2026-07-01", supersedes="1")
    document(db, second, 3, "2026-06-15")
    document(db, second, 4, "2026-08-03", supersedes="3")  # corrected only
    document(db, second, 5, "2026-06-16", form="hearing_notice", voided_on="2026-06-20")  # not a decision
    document(db, third, 6, "2026-06-15", voided_on="2026-10-12")  # voided only
    document(db, third, 7, "2026-06-10", form="hearing_notice")
    document(db, third, 8, "2026-06-11", form="hearing_notice", supersedes="7")  # a correction of no decision

    def rows(sql, params=()):
        return sorted(db.execute(sql, list(params)).fetchall())

    assert rows(new_changes(False)) == rows(old_changes(False)) == sorted([
        (first.id, "1", "2026-07-01"), (first.id, "1", "2026-09-30"), (second.id, "3", "2026-08-03"),
        (third.id, "6", "2026-10-12")])
    for case in cases:
        assert rows(new_changes(True), [case.id] * 2) == rows(old_changes(True), [case.id] * 2)
    starts = rows(f"SELECT case_id, id, starts_on FROM {clocks.EVENTS} WHERE kind = ?", [clocks.DECISION_CHANGED])
    assert starts == sorted([(first.id, "1", "2026-07-01"), (second.id, "3", "2026-08-03"),
                             (third.id, "6", "2026-10-12")])
