"""Receipt times already looking like YYYY-MM-DD HH:MM:SS (19 characters) are checked like any other: written
with a T or in full-width digits they are stored normalised, an impossible date or clock refuses the file the way
2026/2/30 10:00 does (naming file, row and field), and a normal time is stored as written."""

import csv

import pytest

from workstation.importing.complaints import import_complaints, parse_received

HEADER = ["投诉编号", "投诉时间", "联系电话", "投诉内容"]


def export(folder, name, times):
    """A council-style CSV whose rows 2, 3 … carry ``times`` in order."""
    path = folder / name
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([HEADER] + [[f"TS{i}", t, "13800138000", f"天天打电话推销楼盘{i}"]
                                             for i, t in enumerate(times)])
    return path


def received(db):
    return dict(db.execute("SELECT external_id, received_at FROM complaints"))


def test_times_written_with_t_or_in_full_width_digits_are_stored_normalised(db, tmp_path):
    path = export(tmp_path, "委员会.csv", ["2026-03-05 14:22:10", "2026-03-12T13:14:15", "２０２６-０３-１２ １３:１４:１５",
                                        "2026-03-12 09:00:00"])
    result = import_complaints(db, [path])
    assert not result.refused and result.imported == 4
    assert received(db) == {"TS0": "2026-03-05 14:22:10", "TS1": "2026-03-12 13:14:15",
                            "TS2": "2026-03-12 13:14:15", "TS3": "2026-03-12 09:00:00"}
    # stored normalised they sort by time: the T form no longer sorts after every other time of its day
    latest = db.execute("SELECT external_id FROM complaints ORDER BY received_at DESC, external_id LIMIT 1")
    assert latest.fetchone()[0] == "TS1"


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize("bad", ["2026-02-30 10:00:00", "2026-03-05 24:00:00", "2026-03-05 12:60:00",
                                 "2026-03-05 12:00:60"])
def test_an_impossible_19_character_time_refuses_the_file_like_a_slashed_one(db, tmp_path, bad):
    # a good row with the same date first, so that its date is known when the bad row is read
    slashed = import_complaints(db, [export(tmp_path, "a.csv", ["2026-03-05 09:00:00", "2026/2/30 10:00"])])
    written = import_complaints(db, [export(tmp_path, "b.csv", ["2026-03-05 09:00:00", bad])])
    assert db.execute("SELECT COUNT(*) FROM complaints").fetchone()[0] == 0
    for result, name, value in ((slashed, "a.csv", "2026/2/30 10:00"), (written, "b.csv", bad)):
        outcome = result.files[0]
        assert [(e["file"], e["row"], e["field"]) for e in outcome.errors] == [(name, 3, "投诉时间")]
        assert outcome.refused.startswith(f"{name}: 1 row cannot be read; nothing was imported from this file. "
                                          f"First: row 3, 投诉时间: {value} is not a ")
    assert slashed.files[0].refused.endswith("(month 2 of 2026 has 28 days): write a date that exists, such as "
                                             "2026-02-28.")
    if bad.startswith("2026-02-30"):
        assert written.files[0].refused.endswith("such as 2026-02-28.")
    else:  # the day exists, its time of day does not
        assert written.files[0].refused.endswith(f"{bad} is not a time of day (hours 0 to 23, minutes and seconds 0 "
                                                 "to 59); write it as 2026-03-05 14:22:10.")


def test_a_normal_time_is_stored_as_written_in_a_file_of_many_days(db, tmp_path):
    times = [f"2026-03-{d:02d} {h:02d}:{m:02d}:{s:02d}" for d, h, m, s in
             [(1, 0, 0, 0), (1, 23, 59, 59), (2, 12, 30, 5), (1, 8, 0, 0), (31, 10, 0, 0)]]
    result = import_complaints(db, [export(tmp_path, "c.csv", times)])
    assert not result.refused
    assert received(db) == {f"TS{i}": t for i, t in enumerate(times)}


def test_a_cached_half_is_only_ever_a_whole_date_or_a_whole_clock():
    # the halves of 2026年3月5日14时 22分 are no date and clock of their own: 22分 must not read as 14:22 later
    assert parse_received("2026年3月5日14时 22分") == "2026-03-05 14:22:00"
    assert parse_received("2026-03-06 10:00") == "2026-03-06 10:00:00"
    for text in ("2026-03-06 22分", "2026-3-15:30", "2026-03-15 时30分"):
        with pytest.raises(ValueError):
            parse_received(text)
    assert parse_received("2026-03-15 10:00") == "2026-03-15 10:00:00"
