"""Faults a final read found: an extension of the whole case's T14 is held against each party's measure
(行政强制法 art. 25: per measure, once: a second extension of a measure is refused); the timeline's line of an extension
looks its party up once; and the 行政处罚决定书 of a hearing held though the notice offered none tells the hearing
before the statements made at it, never "未提出陈述、申辩意见" before a hearing the party asked for."""

from dataclasses import replace

from tests import test_s44_extension_party as extension_party
from tests.helpers import statements_run
from tests.test_s44_citations import PERSON, STATEMENT, printed
from tests.test_s44_extension_party import extension
from workstation.store.clock_events import clock_event_errors, describe, record_clock_event

# the case with two parties, each one's goods seized: (case, first, other)
two_parties, two_seizures = extension_party.two_parties, extension_party.two_seizures

# ---- 1. a whole-case extension after each party's own


def test_a_whole_case_extension_after_a_partys_own_is_a_second_extension(demo_db, two_seizures, english):
    # each measure is extended once (行政强制法 art. 25, clocks.toml ``once``): the whole case's extension would
    # extend the first party's measure a second time; the other party's own is still its first
    case, first, other = two_seizures
    record_clock_event(demo_db, extension(case, first, 10))
    # naming no measure, it is asked which (s56: each measure by its own 延长决定书); naming the first's, refused
    assert "measure" in clock_event_errors(demo_db, extension(case, None, 15), case)
    assert clock_event_errors(demo_db, replace(extension(case, None, 15), measure_id=seizure_of(demo_db, first)),
                              case)["days"].startswith("T14 was already extended once, by 10 days")
    assert clock_event_errors(demo_db, extension(case, other, 15), case).get("days") is None
    assert clock_event_errors(demo_db, extension(case, other, 31), case)["days"].startswith(
        "T14 may be extended once, by at most 30 days")


def test_a_partys_extension_after_the_whole_cases_is_a_second_extension(demo_db, two_seizures, english):
    case, first, other = two_seizures
    # one of the whole case recorded before extensions named their measure (m061): it extends each measure
    recorded = record_clock_event(demo_db, replace(extension(case, first, 15), measure_id=seizure_of(demo_db, first)))
    demo_db.execute("UPDATE clock_events SET measure_id = NULL, party_id = NULL WHERE id = ?", [recorded.id])
    for party in (first, other):  # each party's measure, its only one (or named by the whole case's extension)
        for event in (extension(case, party, 10), replace(extension(case, None, 10),
                                                          measure_id=seizure_of(demo_db, party))):
            assert clock_event_errors(demo_db, event, case)["days"].startswith(
                "T14 was already extended once, by 15 days")


def seizure_of(db, party) -> str:
    """The id of the seizure of ``party``'s goods (``two_seizures``)."""
    return db.execute("SELECT id FROM clock_events WHERE kind = 'seizure' AND party_id = ?", [party]).fetchone()[0]


# ---- 2. the timeline's line of an extension


def test_an_extensions_line_looks_its_party_up_once(demo_db, two_seizures, english):
    case, first, _other = two_seizures
    event = record_clock_event(demo_db, extension(case, first, 10))
    with statements_run(demo_db) as ran:
        line = describe(event, demo_db)
    assert "” extended by 10 days (approved 2026-10-20 by 局长)" in line and " of " in line
    assert sum("FROM parties" in statement for statement in ran) == 1
    assert sum("FROM case_parties" in statement for statement in ran) == 1


# ---- 3. a hearing held though the notice offered none


def test_a_hearing_held_without_the_right_offered_is_told_before_the_statements(read_demo_db):
    values = {"hearing_required": False, "hearing_held_on": "2026-08-05", "statement": STATEMENT}
    for text in printed(read_demo_db, PERSON, "penalty_decision", values):
        told = text.index("依法享有陈述、申辩的权利。")
        held = text.index("应当事人的要求，本局于2026年8月5日依法举行了听证。")
        assert told < held < text.index(STATEMENT) < text.index("经查，当事人朱子轩")
        assert text.count(STATEMENT) == 1 and "要求听证的权利" not in text


def test_a_hearing_held_without_a_statement_written_never_says_none_was_made(read_demo_db):
    values = {"hearing_required": False, "hearing_held_on": "2026-08-05", "statement": ""}
    for text in printed(read_demo_db, PERSON, "penalty_decision", values):
        assert "依法享有陈述、申辩的权利。应当事人的要求，本局于2026年8月5日依法举行了听证。" in text
        assert "未提出陈述、申辩意见" not in text
