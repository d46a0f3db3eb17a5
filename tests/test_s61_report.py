"""Audit of the 统计 page and the 通报 at 100,000 cases (session 61): the cases reaching the criminal threshold but not
transferred are named in the case list's natural number order, taking each district in turn (not as text, which put
〔2026〕10号 before 〔2026〕2号 and named five cases of one district); the threshold list reads the criminal-law data
once, not once per case, and leaves out in SQL the cases below every threshold; the table by month is counted once;
a Cancel while the report's figures are collected is heard; the page's tooltip names the first cases, not 10,000;
`stats --from/--to` say they bound a period, not filing dates."""

from __future__ import annotations

import json
import threading

import pytest

from workstation import stats, tasks
from workstation.law import criminal
from workstation.law import data as law_data
from workstation.law.criminal import LAWFUL_BUSINESS, assess, case_gains_sql
from workstation.paths import database_path
from workstation.progress import Cancelled, CancelToken
from workstation.stats import (
    CASE_DAY,
    GAINS_CONFISCATED_SQL,
    TRANSFERRED_CASE,
    _case_where,
    campaign_stats,
    monthly,
    monthly_in_period,
    threshold_not_transferred,
)
from workstation.store import agency_id_for_code

PROVIDING = '["illegal_provision_or_leak"]'


def _over(db, *numbers: str) -> None:
    """The cases numbered ``numbers`` made ones of providing 8,000 other records (≥ 5,000: 情节严重)."""
    with db.atomic():
        for number in numbers:
            db.execute("UPDATE cases SET records_other = 8000, violations = ? WHERE case_number = ?",
                       [PROVIDING, number])


def _named(db) -> list[str]:
    return campaign_stats(db)["cases"]["threshold_not_transferred"]


# ---- 1. which cases are named, in which order

def test_the_cases_are_named_in_natural_number_order_not_as_text(demo_db):
    with demo_db.atomic():
        demo_db.execute("UPDATE cases SET case_number = '佛南市监立〔2026〕10号' WHERE case_number = '佛南市监立〔2026〕9号'")
    _over(demo_db, *(f"佛南市监立〔2026〕{n}号" for n in (1, 2, 3, 10)))
    assert _named(demo_db) == [f"佛南市监立〔2026〕{n}号" for n in (1, 2, 3, 10)]  # not 1号, 10号, 2号, 3号


def test_the_first_cases_named_are_each_of_another_district(demo_db):
    with demo_db.atomic():
        demo_db.execute("UPDATE cases SET case_number = '佛南市监立〔2026〕10号' WHERE case_number = '佛南市监立〔2026〕9号'")
    _over(demo_db, "佛南市监立〔2026〕10号", "佛南市监立〔2026〕2号", "佛南市监立〔2026〕1号", "佛三市监立〔2026〕2号",
          "佛三市监立〔2026〕1号", "佛禅市监立〔2026〕3号")
    # each district's first, in the case list's order of districts (禅城, 高明, 南海, 三水, 顺德), then each one's second
    assert _named(demo_db) == ["佛禅市监立〔2026〕3号", "佛南市监立〔2026〕1号", "佛三市监立〔2026〕1号",
                               "佛南市监立〔2026〕2号", "佛三市监立〔2026〕2号", "佛南市监立〔2026〕10号"]


def test_the_report_names_cases_of_several_districts(demo_db):
    from workstation.reports.data import FORMAT, report_data

    with demo_db.atomic():
        demo_db.execute("UPDATE cases SET records_other = 8000, violations = ?", [PROVIDING])
    text = "".join(report_data(demo_db)["text"])
    named = text.split("尚未移送（")[1].split("）")[0]
    assert named == "佛禅市监立〔2026〕1号、佛高市监立〔2026〕1号、佛南市监立〔2026〕1号、佛三市监立〔2026〕1号、佛顺市监立〔2026〕1号等"
    assert FORMAT >= 20  # the cases a report names changed: a new format (a period frozen before keeps its own)


# ---- 2. the threshold list at 100,000 cases

#: (trace, sensitive, other, gains_fen, duty_related, prior_punished, lawful_business, violations): at and just
#: below each threshold, halved or not, art. 6, violations the offence does not cover
BOUNDARIES = [
    (0, 0, 4999, 0, 0, 0, 0, PROVIDING), (0, 0, 5000, 0, 0, 0, 0, PROVIDING),
    (49, 0, 0, 0, 0, 0, 0, PROVIDING), (50, 0, 0, 0, 0, 0, 0, PROVIDING),
    (0, 499, 0, 0, 0, 0, 0, PROVIDING), (0, 500, 0, 0, 0, 0, 0, PROVIDING),
    (25, 250, 0, 0, 0, 0, 0, PROVIDING), (25, 249, 0, 0, 0, 0, 0, PROVIDING),
    (24, 0, 2600, 0, 0, 0, 0, PROVIDING), (24, 0, 2599, 0, 0, 0, 0, PROVIDING),
    (0, 0, 2500, 0, 1, 0, 0, PROVIDING), (0, 0, 2499, 0, 1, 0, 0, PROVIDING),
    (0, 0, 2500, 0, 1, 0, 0, '["illegal_collection_or_use"]'), (0, 0, 2500, 0, 1, 0, 0, "[]"),
    (0, 0, 0, 499_999, 0, 0, 0, PROVIDING), (0, 0, 0, 500_000, 0, 0, 0, PROVIDING),
    (0, 0, 0, 250_000, 1, 0, 0, PROVIDING), (0, 0, 0, 249_999, 1, 0, 0, PROVIDING),
    (0, 0, 0, 0, 0, 1, 0, PROVIDING), (0, 0, 0, 0, 0, 1, 0, '["unsolicited_commercial_messages"]'),
    (0, 0, 6000, 1_000_000, 0, 0, 1, '["illegal_collection_or_use"]'),
    (0, 0, 6000, 5_000_000, 0, 0, 1, '["illegal_collection_or_use"]'),
    (0, 0, 6000, 4_999_999, 0, 0, 1, '["illegal_collection_or_use"]'),
    (0, 0, 6000, 0, 0, 0, 1, PROVIDING), (10, 0, 6000, 0, 0, 0, 1, '["illegal_collection_or_use"]'),
    (0, 0, 9000, 0, 0, 0, 0, '["unsolicited_commercial_messages"]'), (0, 0, 5000, 0, 0, 0, 0, "[]"),
]


def _boundary_cases(db) -> None:
    ids = [row[0] for row in db.execute("SELECT id FROM cases ORDER BY id")]
    assert len(ids) >= len(BOUNDARIES)
    with db.atomic():
        db.execute("UPDATE cases SET records_trace = 0, records_sensitive = 0, records_other = 0, "
                   "illegal_gains_fen = 0, confiscated_fen = 0, duty_related = 0, prior_punished = 0, "
                   "law_conditions = '[]'")
        for case_id, (trace, sensitive, other, gains, duty, prior, lawful, violations) in zip(ids, BOUNDARIES,
                                                                                            strict=False):
            db.execute("UPDATE cases SET records_trace = ?, records_sensitive = ?, records_other = ?, "
                       "illegal_gains_fen = ?, duty_related = ?, prior_punished = ?, law_conditions = ?, "
                       "violations = ? WHERE id = ?",
                       [trace, sensitive, other, gains, duty, prior, json.dumps([LAWFUL_BUSINESS] if lawful else []),
                        violations, case_id])


def _assessed(db) -> set[str]:
    """The cases not transferred whose figures ``law.criminal.assess`` (exact fractions) finds serious, read without
    any filter, among those whose violations the offence covers (finalB 1): what the threshold list must name."""
    from workstation.law.criminal import halves, offence_covers, provides

    found = set()
    for number, trace, sensitive, other, gains, duty, prior, conditions, violations in db.execute(
            "SELECT case_number, records_trace, records_sensitive, records_other, "
            f"{case_gains_sql(GAINS_CONFISCATED_SQL)}, duty_related, prior_punished, law_conditions, violations "
            f"FROM cases WHERE NOT {TRANSFERRED_CASE}"):
        kinds = json.loads(violations)
        lawful = LAWFUL_BUSINESS in json.loads(conditions) and not provides(kinds)
        if offence_covers(kinds) and assess(trace, sensitive, other, gains, bool(duty) and halves(kinds), bool(prior),
                                            lawful_business=lawful).serious:
            found.add(number)
    return found


def test_the_threshold_list_names_exactly_the_cases_assessed_serious(demo_db):
    _boundary_cases(demo_db)
    named = threshold_not_transferred(demo_db, " WHERE 1 = 1", [])
    assert set(named) == _assessed(demo_db) and len(named) == len(set(named))
    assert len(named) >= 14  # the boundaries reached are there


def test_the_threshold_list_reads_the_criminal_law_data_once(demo_db, monkeypatch):
    _boundary_cases(demo_db)
    calls = []
    load = law_data.load

    def counted(name):
        calls.append(name)
        return load(name)

    monkeypatch.setattr(law_data, "load", counted)
    monkeypatch.setattr(criminal, "load", counted)
    assert threshold_not_transferred(demo_db, " WHERE 1 = 1", [])
    assert calls.count("criminal") <= 1  # it was read again (and the file looked for on disk) for every case


def test_the_table_by_month_is_counted_once(demo_db, monkeypatch):
    calls = []

    def counted(*args, **kwargs):
        calls.append(args[1:])
        return monthly(*args, **kwargs)

    monkeypatch.setattr(stats, "monthly", counted)
    assert monthly_in_period(demo_db)
    assert len(calls) == 1


def _earlier_monthly_in_period(db, agency_id=None, date_from=None, date_to=None, *, own=False, until=None):
    """``monthly_in_period`` as it was before session 61 (counting the table twice): what it must still give."""
    until = until[:10]
    if date_from and date_to and date_from <= until < date_to:
        date_to = until
    months = monthly(db, agency_id, date_from, date_to, own=own)
    if not months or (date_from and date_to):
        return months
    clause, params = _case_where(None, None, None)
    (first,) = db.execute(f"SELECT MIN({CASE_DAY}) FROM cases{clause}", params).fetchone()
    start = date_from or first[:10]
    end = date_to or until
    return monthly(db, agency_id, start, end, own=own) if start <= end else months


@pytest.mark.parametrize(("agency", "date_from", "date_to", "until"), [
    (None, None, None, "2026-12-05"), ("440608", None, None, "2026-12-05"), (None, "2026-04-01", None, "2026-12-05"),
    (None, None, "2026-06-30", "2026-12-05"), ("440605", None, "2026-03-31", "2026-12-05"),
    (None, "2026-03-01", "2026-05-31", "2026-12-05"), (None, "2026-03-01", "2027-05-31", "2026-12-05"),
    (None, "2027-03-01", None, "2026-12-05"), (None, None, None, "2025-01-01"), (None, None, "2025-06-30", "2026-12-05"),
    ("440605", "2026-05-01", None, "2026-12-05"), ("440605121", None, None, "2026-12-05"),
    ("440605121", None, "2026-06-30", "2026-12-05"), ("440605011", None, None, "2026-12-05"),
])
def test_the_table_by_month_lists_what_it_listed(demo_db, agency, date_from, date_to, until):
    agency_id = agency_id_for_code(agency) if agency else None
    assert monthly_in_period(demo_db, agency_id, date_from, date_to, until=until) == \
        _earlier_monthly_in_period(demo_db, agency_id, date_from, date_to, until=until)


# ---- 3. Cancel while the report's figures are collected

def _report(data_dir, tmp_path, cancel, progress=lambda *_a: None):
    return tasks.campaign_report_task(database_path(data_dir), tmp_path / "通报.pdf", "pdf", progress=progress,
                                      cancel=cancel, all_agencies=True)


def test_a_cancel_is_heard_inside_the_threshold_list(demo_db, data_dir, tmp_path, monkeypatch):
    with demo_db.atomic():
        demo_db.execute("UPDATE cases SET records_other = 8000, violations = ?", [PROVIDING])
    cancel, weighed = CancelToken(), []
    reached = criminal.threshold_reached

    def cancelled_at_the_first(*args, **kwargs):
        weighed.append(args)
        cancel.cancel()  # the officer presses Cancel while the cases are weighed
        return reached(*args, **kwargs)

    monkeypatch.setattr(criminal, "threshold_reached", cancelled_at_the_first)
    with pytest.raises(Cancelled):
        _report(data_dir, tmp_path, cancel)
    assert len(weighed) == 1  # not every one of the 36 cases weighed first
    assert not (tmp_path / "通报.pdf").exists()


def test_a_cancel_is_heard_between_the_figures(demo_db, data_dir, tmp_path, monkeypatch):
    from workstation.reports import data

    cancel, counted = CancelToken(), []
    figures = data.campaign_stats

    def cancelled_after(*args, **kwargs):
        found = figures(*args, **kwargs)
        cancel.cancel()
        return found

    monkeypatch.setattr(data, "campaign_stats", cancelled_after)
    monkeypatch.setattr(data, "monthly_in_period", lambda *a, **k: counted.append(a) or [])
    with pytest.raises(Cancelled):
        _report(data_dir, tmp_path, cancel)
    assert counted == []  # the months were not counted after the Cancel


def test_a_cancel_stops_a_query_of_the_figures_running(demo_db, data_dir, tmp_path, monkeypatch):
    from workstation.reports import campaign

    cancel, finished = CancelToken(), threading.Event()

    def long_figures(db, *args, **kwargs):
        cancel.cancel()  # pressed while one long query runs (threshold list, 9 s at 100,000 cases)
        db.execute("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 5000000) "
                   "SELECT COUNT(*) FROM n").fetchone()
        finished.set()
        return {}

    monkeypatch.setattr(campaign, "report_data", long_figures)
    with pytest.raises(Cancelled):
        _report(data_dir, tmp_path, cancel)
    assert not finished.is_set()  # the query stopped at the Cancel, not run to its end


# ---- 4. the page's tooltip

def test_the_tooltip_names_the_first_twenty_cases_and_how_many_in_all(demo_db, make_window, english):
    from PySide6.QtWidgets import QLabel

    from ui.dashboard_overview import TIP_CASES

    with demo_db.atomic():
        demo_db.execute("UPDATE cases SET records_other = 8000, violations = ?", [PROVIDING])
    pending = _named(demo_db)
    assert len(pending) == 36 and TIP_CASES == 20
    window = make_window(demo_db)
    window.navigation.setCurrentRow(4)
    tip = window.stats_page.findChild(QLabel, "stats_threshold").toolTip()
    assert all(number in tip for number in pending[:20]) and not any(number in tip for number in pending[20:])
    assert "36" in tip and "case list" in tip
    assert max(len(line) for line in tip.splitlines()) < 120  # lines, not one line as wide as the screen


def test_the_tooltip_of_a_few_cases_names_them_all(demo_db, make_window, english):
    from PySide6.QtWidgets import QLabel

    _over(demo_db, "佛南市监立〔2026〕1号", "佛三市监立〔2026〕1号")
    window = make_window(demo_db)
    window.navigation.setCurrentRow(4)
    tip = window.stats_page.findChild(QLabel, "stats_threshold").toolTip()
    assert "佛南市监立〔2026〕1号" in tip and "佛三市监立〔2026〕1号" in tip and "case list" not in tip


# ---- 5. `stats --from/--to`

@pytest.mark.parametrize("command", [["stats"], ["stats", "export"]])
def test_stats_help_says_the_dates_bound_a_period(command, capsys, english):
    from workstation.cli import main

    with pytest.raises(SystemExit):
        main([*command, "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "filing date" not in out
    assert "first date of the period, YYYY-MM-DD" in out and "last date of the period, YYYY-MM-DD" in out
