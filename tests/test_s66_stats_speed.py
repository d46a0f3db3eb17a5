"""Statistics at 100,000 cases (session 66): the penalty, month and threshold figures were made faster without
changing any of them. A varied database (register rows of every status, 行政处罚决定书 issued to one party or two,
corrected and voided, reconsiderations revoking or changing a decision, transfers to the police that stand or were
overruled, declined filings, simple-procedure cases, every kind of agency) is generated here with plain SQL, and every
figure of the filters below is compared with the figures the code gave before the change (``EXPECTED``, written by
``python -m tests.test_s66_stats_speed`` against the code of session 65). The statistics page's count reports its
progress per group of figures and hears Cancel between them."""

from __future__ import annotations

import hashlib
import json
import random

import pytest

from tests.helpers import program_day
from workstation.errors import Cancelled
from workstation.progress import CancelToken
from workstation.store.agencies import agency_id_for_code

DAY = "2026-12-05"
CODES = ("440600", "440604", "440604010", "440605", "440605011", "440605121", "440606", "440606003", "440607",
         "440608")
DISTRICTS = {"440600": "", "440604": "禅城区", "440605": "南海区", "440606": "顺德区", "440607": "三水区",
             "440608": "高明区"}
STATUSES = ("pending_filing", "not_filed", "investigating", "suspended", "pre_notice", "hearing", "decision_pending",
            "penalty_decided", "no_penalty", "served", "performed", "transferred_police", "terminated", "closed",
            "archived")
SECTORS = ("real_estate", "education", "decoration", "microloan", "other")
VIOLATIONS = ("illegal_obtain", "illegal_provide", "unsolicited_messages", "excessive_collection", "leak")
FILTERS = (  # (agency code, own, first day, last day)
    (None, False, None, None),
    (None, False, "2026-03-01", "2026-06-30"),
    (None, False, "2026-01-01", None),
    (None, False, None, "2026-05-31"),
    (None, False, "2025-12-15", "2026-02-10"),
    ("440605", False, "2026-02-01", "2026-09-30"),
    ("440605", True, "2026-02-01", "2026-09-30"),
    ("440600", False, "2026-04-01", "2026-04-30"),
    ("440600", True, None, None),
    ("440606", False, None, None),
)


def _day(rng: random.Random, start: str = "2025-11-01", days: int = 400) -> str:
    import datetime as dt

    return (dt.date.fromisoformat(start) + dt.timedelta(days=rng.randrange(days))).isoformat()


def build_varied(db, n: int = 600, seed: int = 66) -> None:
    """``n`` cases of every kind the penalty, transfer and threshold figures read, written with plain SQL."""
    rng = random.Random(seed)
    conn = db.conn
    now = "2026-01-01T00:00:00+08:00"
    conn.execute("INSERT OR IGNORE INTO files (sha256, size, media_type, created_at) VALUES ('0' , 1, 'pdf', ?)",
                 [now])
    party_ids = []
    for p in range(n // 2):
        pid = f"p{p:05d}"
        party_ids.append(pid)
        conn.execute("INSERT INTO parties (id, kind, name, uscc, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                     [pid, rng.choice(("company", "individual_business", "person")), f"当事人{p}",
                      "" if p % 3 else f"9144{p:014d}", now, now])
    serial = 0
    for i in range(n):
        case_id = f"c{i:05d}"
        code = rng.choice(CODES)
        district = DISTRICTS[code[:6]]
        status = rng.choice(STATUSES)
        simple = status in ("served", "closed") and rng.random() < 0.15
        filed_on = None if status in ("pending_filing", "not_filed") or simple or rng.random() < 0.03 \
            else _day(rng)
        decided_on = _day(rng, filed_on or "2025-11-01", 120) if (
            simple or status in ("penalty_decided", "served", "performed", "closed", "archived", "no_penalty")
            or (status == "transferred_police" and rng.random() < 0.4)) and rng.random() < 0.85 else None
        if filed_on:
            serial += 1
            number = f"佛{district or '市'}市监罚〔2026〕{rng.randrange(1, 400)}号-{serial}"
        else:
            number = f"未立案·{case_id}"
        big = rng.random() < 0.12
        records = [rng.randrange(0, 6000 if big else 40) for _ in range(3)]
        fine = rng.choice((0, 0, 500_000, 1_000_000, 2_350_000, 10_000_000))
        confiscated = rng.choice((0, 0, 0, 120_000, 6_000_000))
        gains = rng.choice((0, 0, 0, 100_000, 600_000, 5_000_000))
        violations = json.dumps(rng.sample(VIOLATIONS, rng.randrange(0, 3)))
        created = f"{_day(rng)}T09:00:00+08:00"
        conn.execute(
            "INSERT INTO cases (id, case_number, cause, sector, violations, agency_id, district, status, party_names, "
            "lead_received_on, filed_on, decided_on, records_trace, records_sensitive, records_other, duty_related, "
            "illegal_gains_fen, fine_fen, confiscated_fen, created_at, updated_at, prior_punished, procedure_kind, "
            "law_conditions) VALUES (?, ?, '涉嫌侵害消费者个人信息案', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            "?, ?, ?, ?)",
            [case_id, number, rng.choice(SECTORS), violations, agency_id_for_code(code), district, status,
             f"当事人{i}", _day(rng) if rng.random() < 0.5 else None, filed_on, decided_on, *records,
             int(rng.random() < 0.1), gains, fine, confiscated, created, created, int(rng.random() < 0.05),
             "simple" if simple else None, '["lawful_business"]' if rng.random() < 0.05 else "[]"])
        parties = rng.sample(party_ids, 2 if rng.random() < 0.2 else 1)
        for position, party in enumerate(parties):
            conn.execute("INSERT INTO case_parties (case_id, party_id, position) VALUES (?, ?, ?)",
                         [case_id, party, position])
        _events(conn, rng, case_id, status, filed_on, decided_on, created)
        if decided_on and rng.random() < 0.35:
            _decisions(conn, rng, case_id, parties, decided_on)
        if decided_on and rng.random() < 0.2:
            _challenges(conn, rng, case_id, parties, decided_on)
    conn.commit()


def _events(conn, rng, case_id, status, filed_on, decided_on, created) -> None:
    def event(kind, on, from_status, to_status):
        conn.execute("INSERT INTO case_events (id, case_id, kind, on_date, at, from_status, to_status) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?)",
                     [f"{case_id}-e{rng.randrange(10 ** 9)}", case_id, kind, on if rng.random() < 0.8 else None,
                      f"{on}T10:00:00+08:00", from_status, to_status])

    start = filed_on or created[:10]
    if status == "not_filed" or (status == "closed" and rng.random() < 0.1):
        event("transition", start, "pending_filing", "not_filed")
        if status == "closed":
            event("transition", _day(rng, start, 30), "not_filed", "closed")
    if status == "transferred_police" or (status in ("investigating", "closed") and rng.random() < 0.1):
        on = decided_on or _day(rng, start, 90)
        event("transition", on, "investigating", "transferred_police")
        if status == "investigating":  # back from the police: the transfer no longer stands
            event("transition", _day(rng, on, 30), "transferred_police", "investigating")
        elif status == "closed":
            event("transition", _day(rng, on, 30), "transferred_police", "closed")
    if status in ("closed", "archived") and rng.random() < 0.15:
        event("transition", decided_on or _day(rng, start, 60), "investigating",
              rng.choice(("no_penalty", "terminated")))
    if status == "no_penalty":
        event("transition", decided_on or start, "decision_pending", "no_penalty")


def _decisions(conn, rng, case_id, parties, decided_on) -> None:
    for k in range(rng.randrange(1, 4)):
        values = {"fine_fen": rng.choice((0, 300_000, 800_000, 2_000_000)),
                  "confiscated_fen": rng.choice((0, 0, 50_000, 4_000_000))}
        if rng.random() < 0.7:
            values["decided_on"] = _day(rng, decided_on, 40)
        if len(parties) > 1 or rng.random() < 0.3:
            values["party_id"] = rng.choice(parties)
        conn.execute(
            "INSERT INTO documents (id, case_id, form_id, form_version, title, status, number, values_json, "
            "pdf_sha256, pages, issued_at, issued_by) VALUES (?, ?, 'penalty_decision', 1, '行政处罚决定书', ?, ?, ?, "
            "'0', 1, ?, '测试')",
            [f"{case_id}-d{k}", case_id, "void" if rng.random() < 0.15 else "issued", f"{case_id}-{k}",
             json.dumps(values), f"{_day(rng, decided_on, 30)}T1{k}:00:00+08:00"])


def _challenges(conn, rng, case_id, parties, decided_on) -> None:
    for k in range(rng.randrange(1, 3)):
        kind = rng.choice(("challenge_revoked", "challenge_redo", "void", "challenge_changed", "reconsideration"))
        on = _day(rng, "2025-11-01" if rng.random() < 0.2 else decided_on, 90)
        conn.execute(
            "INSERT INTO clock_events (id, case_id, kind, starts_on, days, created_at, updated_at, party_id, no_fine) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [f"{case_id}-k{k}", case_id, kind, on, rng.choice((0, 100_000, 400_000)) if kind == "challenge_changed"
             else 0, f"{on}T08:00:00+08:00", f"{on}T08:00:00+08:00",
             rng.choice(parties) if rng.random() < 0.4 else None, int(kind == "challenge_changed" and
                                                                       rng.random() < 0.2)])


def _keys(value):
    """``value`` with agency ids written as their codes (stable across databases) and tuples as lists."""
    codes = {agency_id_for_code(code): code for code in CODES}
    if isinstance(value, dict):
        return {str(codes.get(k, k)): _keys(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_keys(v) for v in value]
    return codes.get(value, value) if isinstance(value, str) else value


def figures(db) -> dict:
    """Every figure the penalty, transfer, month and threshold queries give, per filter of ``FILTERS``."""
    from workstation import stats

    out = {}
    for code, own, first, last in FILTERS:
        agency = agency_id_for_code(code) if code else None
        counted = stats.campaign_stats(db, agency, first, last, own=own)
        # the cases sent to another agency (session 73: none here, the figures unchanged) are a key of their own
        assert counted["cases"].pop("transferred_out") == 0
        case_keys = ("cases", "infringing_records", "records_by_category", "fines_fen", "confiscated_fen",
                     "penalties_total_fen")
        period = {  # the amounts and transfers of a period (without one, those of the cases counted)
            "penalties": {key: stats._penalties(db, key, agency, first, last, own)
                          for key in ("''", "district", "sector", "agency_id")},
            "by_month": stats._penalties_by_month(db, agency, first, last, own),
            "transferred": stats._transferred(db, agency, first, last, own),
        } if first or last else {}
        out[f"{code}/{own}/{first}/{last}"] = _keys({
            "stats": {key: counted[key] for key in case_keys}, **period,
            "monthly": stats.monthly(db, agency, first, last, own=own),
            "monthly_in_period": stats.monthly_in_period(db, agency, first, last, own=own, until=DAY),
            "districts": stats.district_figures(db, agency, first, last, own=own),
            "sectors": stats.sector_figures(db, agency, first, last, own=own),
        })
    for first, last in ((None, None), ("2026-03-01", "2026-06-30"), ("2026-01-01", "2026-12-31")):
        out[f"bureaus/{first}/{last}"] = [
            [row["code"], row["kind"], *(row[key] for key in ("cases", "records", "fines_fen", "confiscated_fen",
                                                                "penalties_total_fen"))]
            for row in stats.bureau_table(db, first, last)]
    return out


def digest(value) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


@pytest.fixture
def varied(db, monkeypatch):
    program_day(monkeypatch, DAY)
    build_varied(db)
    return db


def test_the_varied_database_holds_what_the_figures_must_weigh(varied):
    one = lambda sql: varied.execute(sql).fetchone()[0]  # noqa: E731
    assert one("SELECT COUNT(*) FROM documents WHERE form_id = 'penalty_decision' AND status = 'issued'") > 100
    assert one("SELECT COUNT(*) FROM clock_events WHERE kind IN ('challenge_revoked', 'challenge_changed')") > 10
    assert one("SELECT COUNT(*) FROM case_events WHERE to_status = 'transferred_police'") > 20
    assert one("SELECT COUNT(*) FROM cases WHERE procedure_kind = 'simple'") > 5
    from workstation import stats

    named = stats.campaign_stats(varied)["cases"]["threshold_not_transferred"]
    assert len(named) > 20 and any(name.startswith("（未立案") for name in named)
    whole = stats.campaign_stats(varied)
    assert whole["fines_fen"] > 0 and whole["confiscated_fen"] > 0 and whole["cases"]["transferred_to_police"] > 0


def test_every_figure_is_what_it_was_before_the_speed_up(varied):
    found = figures(varied)
    assert sorted(found) == sorted(EXPECTED)
    for key, value in EXPECTED.items():  # one filter at a time, so that a difference says where it is
        assert digest(found[key]) == value, key


def test_the_months_add_up_to_the_period_and_the_groups_to_the_total(varied):
    from workstation import stats

    for code, own, first, last in FILTERS:
        if not (first or last):
            continue
        agency = agency_id_for_code(code) if code else None
        total = stats._penalties(varied, "''", agency, first, last, own).get("", (0, 0))
        months = stats._penalties_by_month(varied, agency, first, last, own)
        assert tuple(map(sum, zip(*months.values(), strict=True))) in (total, ()) and (months or total == (0, 0))
        for key in ("district", "sector", "agency_id"):
            groups = stats._penalties(varied, key, agency, first, last, own)
            assert tuple(map(sum, zip(*groups.values(), strict=True))) in (total, ())



# ---- the amounts read once for the figures, the table, the report and the export (``stats._penalties_memo``)

PERIOD = ("2026-03-01", "2026-06-30")


def _a_decided_case(db) -> tuple[str, str]:
    """(id, agency id) of a case whose recorded fine ``_penalties`` counts in ``PERIOD``: no 行政处罚决定书 issued
    here, no challenge, decided in the period at a decided status."""
    return db.execute(
        "SELECT id, agency_id FROM cases WHERE fine_fen > 0 AND filed_on IS NOT NULL AND decided_on BETWEEN ? AND ? "
        "AND status IN ('penalty_decided', 'served', 'performed') AND id NOT IN (SELECT case_id FROM documents) "
        "AND id NOT IN (SELECT case_id FROM clock_events) ORDER BY id LIMIT 1", PERIOD).fetchone()


@pytest.mark.parametrize("nested", [False, True], ids=["transaction", "savepoint"])
def test_a_change_rolled_back_leaves_no_figure_of_it_behind(varied, nested):
    from contextlib import nullcontext

    from workstation import stats

    case_id, _agency = _a_decided_case(varied)
    before = stats._penalties(varied, "''", None, *PERIOD)
    with varied.atomic() if nested else nullcontext():
        with pytest.raises(RuntimeError), varied.atomic():
            varied.execute("UPDATE cases SET fine_fen = fine_fen + 100 WHERE id = ?", [case_id])
            assert stats._penalties(varied, "''", None, *PERIOD)[""][0] == before[""][0] + 100
            raise RuntimeError("rolled back")
        assert stats._penalties(varied, "''", None, *PERIOD) == before


def test_the_amounts_of_an_agency_and_of_every_agency_are_each_read_once(varied, monkeypatch):
    from workstation import stats

    _case, agency = _a_decided_case(varied)
    read = []
    rows = stats._penalty_rows
    monkeypatch.setattr(stats, "_penalty_rows", lambda *args, **kw: read.append(args[1]) or rows(*args, **kw))
    # as the page's figures (the agency's) and its evaluation table (every agency's) ask in turn
    asked = [("''", agency), ("agency_id", None), ("district", agency), ("sector", agency), ("agency_id", None),
             ("''", agency)]
    found = [stats._penalties(varied, key, agency_id, *PERIOD) for key, agency_id in asked]
    stats._penalties_memo.clear()
    assert found == [stats._penalties(varied, key, agency_id, *PERIOD) for key, agency_id in asked[:4]] + found[4:]
    assert found[0][""][0] > 0 and found[1][agency][0] >= found[0][""][0]
    assert read[:2] == [agency, None] and len(read) == 2 + 2  # and twice more after the memo was cleared
    for day in range(1, 20):  # many periods asked of one connection keep only a few
        stats._penalties(varied, "''", None, f"2026-01-{day:02d}", "2026-12-31")
    assert len(stats._penalties_memo[varied][1]) <= stats.PENALTY_FILTERS


# ---- the statistics page's count: progress per group, Cancel heard between them


def test_the_dashboard_count_reports_each_group_and_hears_cancel_between_them(demo_db, data_dir):
    from workstation import tasks
    from workstation.paths import database_path

    said = []
    counted = tasks.dashboard_task(database_path(data_dir), progress=lambda *step: said.append(step),
                                   cancel=CancelToken())
    assert set(counted) == {"stats", "months", "bureaus"}
    assert [(done, total) for done, total, _message in said] == [(0, 3), (1, 3), (2, 3), (3, 3)]
    assert len({message for *_step, message in said}) == 4

    token = CancelToken()

    def cancel_after_the_figures(done, total, message):
        if done == 1:
            token.cancel()

    with pytest.raises(Cancelled):
        tasks.dashboard_task(database_path(data_dir), progress=cancel_after_the_figures, cancel=token)


#: sha256 of each filter's figures as session 65's code gave them (``digest``)
EXPECTED: dict[str, str] = {
    "None/False/None/None": "309724895ffe1b7d95990a733bff1e29a7183853ee01453e725fdf1ef4463d8f",
    "None/False/2026-03-01/2026-06-30": "fd44e7e6a6f7629b862a721933edf51e48c70267e026509c0839adc90f3d12d0",
    "None/False/2026-01-01/None": "72eaeb22aabb1b2da75e9e8eddb8735c2f6320b46f331b42bec7b82925db943b",
    "None/False/None/2026-05-31": "f1a6b8d98701fe0e33b974a1f90e379d45c4352d65582fc8829d68d616ef474d",
    "None/False/2025-12-15/2026-02-10": "779b53dfffe005c9e52278f168ee362c8d8509a3ae09ee601d7dc009dd7f0110",
    "440605/False/2026-02-01/2026-09-30": "2ab3d6d939f27e6d6bc517807a5a84fba6cf1907459d1711fe2a6cbcc8e37c01",
    "440605/True/2026-02-01/2026-09-30": "c0393238b0363bdb59c54d12742ba630fc525f96021aa61263c9e521279a910c",
    "440600/False/2026-04-01/2026-04-30": "3e02782caa742def27085307bbd9372eecfeeae836d470986529e0176a2ca692",
    "440600/True/None/None": "abdc9c8ee897bfffe0f8724688fa411e894cac2145fc3e0dfba4585a8d5d2998",
    "440606/False/None/None": "95fb2bfac4a454205e1dfd6aac104890c8f3f6681abc164779f9b92ef77cb1f9",
    "bureaus/None/None": "8cb9c2b76179f5c3416b7236d52c0be884c82d456039d67434808c5e2a0ad377",
    "bureaus/2026-03-01/2026-06-30": "df0841835761f1fb2e253ff0cb3f14b6c0612eb9ae8524b8f5804ccd91db07e2",
    "bureaus/2026-01-01/2026-12-31": "2c90ecbf56892c623c6c485fd64fe9cd4f5b538c040a039ed90f947535a7e3b4"
}


if __name__ == "__main__":  # write EXPECTED from the code as it is (run once, before the speed-up)
    import os
    import tempfile
    from pathlib import Path

    os.environ["WORKSTATION_HOME"] = tempfile.mkdtemp()
    from _pytest.monkeypatch import MonkeyPatch

    from workstation.db import open_database
    from workstation.paths import database_path
    from workstation.store import ensure_reference_data

    program_day(MonkeyPatch(), DAY)
    database = open_database(database_path(Path(os.environ["WORKSTATION_HOME"])))
    ensure_reference_data(database)
    build_varied(database)
    print(json.dumps({key: digest(value) for key, value in figures(database).items()}, indent=4))
