"""The leads page's summary counts a complaint sent through two channels once, as the statistics do: its copies are
linked to the first by ``same_as`` (491/73/67 stored rows were shown where ``stats`` said 483/71/65). The count of the
copies is read once per change of the database, by this connection or another."""

import uuid

from tests.test_complaint_verdict import LEAK, LEAK2, add, complaint
from tests.test_complaint_verdict_copies import add_copy
from workstation.screening import screen
from workstation.stats import campaign_stats
from workstation.store.leads import complaint_totals

UNRELATED = "宽带合约到期后被自动续约并收取128元违约金，要求退费。"


def counted_by_stats(db) -> tuple[int, int, int]:
    figures = campaign_stats(db)["complaints"]
    return figures["imported"], figures["related"], figures["in_leads"]


def test_a_complaint_sent_through_two_channels_counts_once_as_in_the_statistics(db):
    add(db, [("V1", LEAK), ("V2", LEAK2), ("V3", UNRELATED)])
    add_copy(db, "C1", "V1")  # the council's copies of the hotline's V1 (related) and V3 (not)
    add_copy(db, "C3", "V3", text=UNRELATED)
    screen(db)
    assert complaint(db, "C1")["lead_id"] is not None
    assert complaint_totals(db) == counted_by_stats(db) == (3, 2, 2)


def test_a_copy_counts_for_its_complaint_when_its_first_copy_is_not_counted_there(db):
    add(db, [("V1", UNRELATED)])
    add_copy(db, "C1", "V1", text=LEAK)  # the copy is read as related, its first copy not
    add_copy(db, "C2", "V1", text=LEAK2)
    screen(db)
    assert complaint(db, "V1")["category"] == "" and complaint(db, "C1")["category"]
    assert complaint_totals(db) == counted_by_stats(db) == (1, 1, 1)


def test_the_totals_follow_a_change_made_here_or_by_another_connection(db, data_dir):
    from workstation.db import open_database
    from workstation.paths import database_path

    add(db, [("V1", LEAK), ("V2", LEAK2)])
    screen(db)
    assert complaint_totals(db) == (2, 2, 2)
    add_copy(db, "C1", "V1")  # on this connection
    screen(db)
    assert complaint_totals(db) == counted_by_stats(db) == (2, 2, 2)
    other = open_database(database_path(data_dir))
    try:
        with other.atomic():  # an import in the background links a copy of V2 and adds a complaint
            other.execute("INSERT INTO complaints (id, source, channel, external_id, received_at, text, same_as, "
                          "created_at) VALUES (?, 'consumer_council', 'consumer_council', 'C2', '2026-03-02 11:00:00', "
                          "?, ?, '2026-03-31T00:00:00+08:00')", [str(uuid.uuid4()), LEAK2, complaint(db, "V2")["id"]])
            other.execute("INSERT INTO complaints (id, source, channel, external_id, received_at, text, created_at) "
                          "VALUES (?, '12345', '12345', 'V4', '2026-03-03 10:00:00', ?, '2026-03-31T00:00:00+08:00')",
                          [str(uuid.uuid4()), UNRELATED])
    finally:
        other.conn.close()
    assert complaint_totals(db) == counted_by_stats(db) == (3, 2, 2)
