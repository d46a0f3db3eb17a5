"""The deadline board's rows (``ui.deadlines.board_rows_task``: every deadline with every field, its State text,
each group's rows, texts and calendar note, a sorted count) are exactly those it gave before the count was made
faster: compared with the reference kept in tests/data, counted on a varied database — the demo, plus copies of
its cases put at every stage with suspensions running and over, testing, hearings, announcements, extensions,
seizures, deferrals and challenges, dates through the 2027 holidays (a 2027 calendar file in the data folder), cases
served late in 2027 whose counts run into 2028 (no holiday data: unconfirmed), clocks waiting for a pending lawsuit
to end before they start, publications ended early and run out (T20 is never on the board: what they change of the
others), and 责令改正通知书 awaiting their 复查 — on three days (in the demo's campaign, in the 2027 Spring Festival and
after it).

To write the reference again after a change meant to move the board's rows: S66_WRITE_BOARD_REFERENCE=1."""

import dataclasses
import datetime as dt
import gzip
import json
import os
import random
from pathlib import Path

from tests.helpers import full_2027, program_day
from workstation.clocks import ClockRule
from workstation.paths import RESOURCES, database_path
from workstation.progress import CancelToken

REFERENCE = Path(__file__).parent / "data" / "s66_board_rows.json.gz"
DAYS = ("2026-11-20", "2027-02-08", "2027-06-30")
STATUSES = ("pending_filing", "investigating", "suspended", "under_review", "pre_notice", "hearing",
            "decision_pending", "penalty_decided", "served", "performed", "no_penalty", "transferred_police",
            "closed")
EVENTS = ("suspension", "testing", "hearing", "announcement", "seizure", "identification", "preservation",
          "reconsideration", "litigation", "deferral")


def _vary(db, copies: int = 240, seed: int = 66) -> None:
    """Copies of the demo's cases (their other columns kept) at every stage with consistent key dates from
    2026-01 to 2027-09, and clock events of every interval kind, extensions and challenges' outcomes."""
    rng = random.Random(seed)
    columns = [row[1] for row in db.conn.execute("PRAGMA table_info(cases)")]
    sources = [row[0] for row in db.conn.execute("SELECT id FROM cases ORDER BY id")]
    stamp = "2026-11-30T09:00:00+08:00"

    def day(ordinal: int | None) -> str | None:
        return None if ordinal is None else dt.date.fromordinal(ordinal).isoformat()

    base = dt.date(2026, 1, 5).toordinal()
    events = []
    for i in range(copies):
        source = sources[i % len(sources)]
        case_id = f"s66-{i}"
        chosen = ", ".join("?" if c in ("id", "case_number") else c for c in columns)
        db.conn.execute(f"INSERT INTO cases ({', '.join(columns)}) SELECT {chosen} FROM cases WHERE id = ?",
                        [case_id if c == "id" else f"S66-{i:04d}" for c in columns if c in ("id", "case_number")]
                        + [source])
        status = STATUSES[i % len(STATUSES)]
        rank = min(STATUSES.index(status), 8)
        lead = base + rng.randrange(560)  # to 2027-07
        filed = lead + rng.randrange(3, 20) if rank >= 1 else None
        review = filed + rng.randrange(20, 60) if rank >= 3 else None
        notice = review + rng.randrange(3, 12) if rank >= 4 else None
        decided = notice + rng.randrange(6, 20) if rank >= 7 or status in ("no_penalty", "closed") and notice else None
        served = decided + rng.randrange(0, 6) if decided and rank >= 8 else None
        db.conn.execute("UPDATE cases SET status = ?, lead_received_on = ?, filed_on = ?, review_on = ?, "
                        "notice_served_on = ?, decided_on = ?, served_on = ?, closed_on = ? WHERE id = ?",
                        (status, day(lead), day(filed), day(review), day(notice), day(decided), day(served),
                         day(served + 30) if status == "closed" and served else None, case_id))
        if filed is None:
            continue
        for k in range(rng.randrange(0, 3)):
            kind = EVENTS[(i + k) % len(EVENTS)]
            first = filed + rng.randrange(2, 60)
            running = status == "suspended" and kind == "suspension" or rng.random() < 0.25
            ended = None if running else day(first + rng.randrange(1, 45))
            events.append((f"s66-ev-{i}-{k}", case_id, kind, "", day(first), ended, 0, None, "", stamp, stamp))
        if rng.random() < 0.3:
            approved = day(filed + 80)
            events.append((f"s66-ev-{i}-x", case_id, "extension", "T2", approved, None, 30, approved, "局长",
                           stamp, stamp))
        if served and rng.random() < 0.3:
            kind = rng.choice(("challenge_upheld", "challenge_revoked", "challenge_changed", "challenge_withdrawn",
                               "publication", "demand", "hearing_session", "reconsideration", "litigation"))
            begun = served + rng.randrange(5, 70)
            ended = day(begun + 60) if kind in ("reconsideration", "litigation") and rng.random() < 0.5 else None
            events.append((f"s66-ev-{i}-o", case_id, kind, "", day(begun), ended, 0, None, "", stamp, stamp))
    events += _held_back(db, rng, copies, stamp)
    db.conn.executemany("INSERT INTO clock_events (id, case_id, kind, clock, starts_on, ends_on, days, approved_on, "
                        "approved_by, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)", events)
    db.conn.commit()


def _held_back(db, rng, copies: int, stamp: str) -> list[tuple]:
    """Copies served late in 2027 (counts into 2028), some of them waiting for a lawsuit still pending (T16 not
    started) or published (T20: stopped early, or long over); 责令改正通知书 issued on open copies, one of them
    re-inspected (off the board); returns the clock events to add."""
    events = []
    served = [row[0] for row in db.conn.execute("SELECT id FROM cases WHERE id LIKE 's66-%' AND status = 'served' "
                                                "ORDER BY id")]
    for n, case_id in enumerate(served):
        day = dt.date(2027, 10, 1) + dt.timedelta(days=7 * n)
        db.conn.execute("UPDATE cases SET decided_on = ?, served_on = ? WHERE id = ?",
                        ((day - dt.timedelta(days=3)).isoformat(), day.isoformat(), case_id))
        if n % 3 == 0:  # a lawsuit still pending: T16 waits for it to end
            events.append((f"s66-lit-{n}", case_id, "litigation", "", (day + dt.timedelta(days=20)).isoformat(),
                           None, 0, None, "", stamp, stamp))
        if n % 3 == 1:  # published; stopped early (on the party's application) in one case of two
            events.append((f"s66-pub-{n}", case_id, "publication", "", (day + dt.timedelta(days=5)).isoformat(),
                           None, 0, None, "", stamp, stamp))
            if n % 2:
                events.append((f"s66-pubstop-{n}", case_id, "publication_stopped", "",
                               (day + dt.timedelta(days=40)).isoformat(), None, 0, None, "", stamp, stamp))
    for n, case_id in enumerate(served[:3]):  # published in 2026: its period long over by the end of 2027
        events.append((f"s66-pubold-{n}", case_id, "publication", "", "2026-03-02", None, 0, None, "", stamp, stamp))
    sha = "0" * 64  # the orders' PDF, never read by the board
    db.conn.execute("INSERT OR IGNORE INTO files (sha256, size, media_type, created_at) VALUES (?, 1, "
                    "'application/pdf', ?)", (sha, stamp))
    open_cases = [row[0] for row in db.conn.execute(
        "SELECT id FROM cases WHERE id LIKE 's66-%' AND status IN ('investigating', 'under_review', 'hearing') "
        "ORDER BY id")]
    for n, case_id in enumerate(open_cases[:12]):
        signed = dt.date(2026, 10, 1) + dt.timedelta(days=rng.randrange(0, 440))
        correct_by = (signed + dt.timedelta(days=rng.randrange(5, 40))).isoformat()
        values = json.dumps({"signed_on": signed.isoformat(), "correct_by": correct_by,
                             "submit_by": correct_by if n % 2 else "", "party_name": f"测试当事人{n}",
                             "consequence": "逾期不改正的，依法处理" if n % 3 else ""}, ensure_ascii=False)
        doc_id = f"s66-rect-{n}"
        db.conn.execute("INSERT INTO documents (id, case_id, form_id, form_version, title, status, number, "
                        "values_json, pdf_sha256, pages, issued_at, issued_by) VALUES (?, ?, 'rectification_order', "
                        "1, '责令改正通知书', 'issued', ?, ?, ?, 1, ?, '测试')",
                        (doc_id, case_id, f"佛南市监责改〔2027〕{n + 1}号", values, sha, f"{signed}T09:00:00+08:00"))
        if n == 0:  # re-inspected: off the board
            events.append(("s66-check-0", case_id, "rectification_check", doc_id, correct_by, correct_by, 1, None,
                           "", stamp, stamp))
    return events


def _value(value):
    if isinstance(value, tuple | list):
        return [_value(v) for v in value]
    if isinstance(value, frozenset | set):
        return sorted(_value(v) for v in value)
    if isinstance(value, ClockRule):
        return value.id
    if dataclasses.is_dataclass(value):  # an event's facts in a detail
        return {f.name: _value(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return value


def _rows(database: Path, day: str, sort=None) -> dict:
    from ui.deadlines import board_rows_task

    deadlines, texts, groups = board_rows_task(database, progress=lambda *_a: None, cancel=CancelToken(),
                                               on=day, sort=sort)
    index = {id(d): i for i, d in enumerate(deadlines)}
    return {
        "rows": [{**{f.name: _value(getattr(d, f.name)) for f in dataclasses.fields(d)},
                  "title": d.title, "limit_text": d.limit_text, "source": d.source, "state_key": d.state_key,
                  "text": texts[id(d)]} for d in deadlines],
        # the note names the calendar folders of the test's own data folder and of the program's resources
        "groups": {key: [[index[id(d)] for d in shown], sorted(shown_texts),
                         note.replace(str(database.parent), "<data folder>").replace(str(RESOURCES), "<resources>")]
                   for key, (shown, shown_texts, note) in groups.items()},
    }


def test_the_boards_rows_are_those_it_gave_before(demo_db, data_dir, monkeypatch):
    folder = data_dir / "calendar"
    folder.mkdir(exist_ok=True)
    (folder / "2027.toml").write_text(full_2027(), encoding="utf-8")
    from workstation.workdays import reload_calendars

    reload_calendars()
    _vary(demo_db)
    database = database_path(data_dir)
    counted = {}
    for day in DAYS:
        program_day(monkeypatch, day)
        counted[day] = _rows(database, day)
    counted["sorted"] = _rows(database, DAYS[0], sort=(2, True))
    reload_calendars()
    assert len(counted[DAYS[0]]["rows"]) > 300
    assert {row["state"] for row in counted[DAYS[0]]["rows"]} >= {"open", "due_soon", "overdue", "stopped"}
    every = [row for key in DAYS for row in counted[key]["rows"]]
    # what the State text's memo keys on besides the rule and state: each kind of row is there to be worded
    assert any(not row["confirmed"] for row in every) and any(row["confirmed"] for row in every)
    assert any(row["state_key"] == "not_started" for row in every)
    assert any(row["document_id"] for row in every)
    if os.environ.get("S66_WRITE_BOARD_REFERENCE"):
        REFERENCE.write_bytes(gzip.compress(json.dumps(counted, ensure_ascii=False, sort_keys=True).encode(),
                                            mtime=0))
    expected = json.loads(gzip.decompress(REFERENCE.read_bytes()))
    for key in expected:
        assert len(counted[key]["rows"]) == len(expected[key]["rows"]), key
        for got, wanted in zip(counted[key]["rows"], expected[key]["rows"], strict=True):
            assert json.loads(json.dumps(got, ensure_ascii=False)) == wanted, key
        assert json.loads(json.dumps(counted[key]["groups"], ensure_ascii=False)) == expected[key]["groups"], key
