# ruff: noqa: F811 - the register fixture imported from test_register_import is used by name
"""The statistics (dashboard, 考评, 通报 and its workbook) count a case's recorded fine and confiscation only once its
status is at or after a penalty decision: a fine only proposed (立案调查, 已告知) counts nothing there, while the case
list still shows it (marked 拟). Figures computed by hand from the register below."""

from __future__ import annotations

from tests.test_register_import import USCC_A, register  # noqa: F401 - the fixture, used by name
from workstation.stats import bureau_table, campaign_stats, district_figures, monthly
from workstation.store import agency_id_for_code, list_cases

NANHAI = "440605"


def _row(number: str, status: str, fine: str, confiscated: str = "0") -> list[str]:
    return [number, f"当事人{number[-4:]}", "", "南海区", "其他", "涉嫌违法收集消费者个人信息案", "违法收集使用个人信息",
            "2026-03-02", status, "10", fine, confiscated]


ROWS = [
    _row("佛南市监立〔2026〕201号", "已告知", "8,500"),  # proposed: not counted
    _row("佛南市监立〔2026〕202号", "立案调查", "1,000", "200"),  # proposed: not counted
    _row("佛南市监立〔2026〕203号", "已决定", "5,000", "300"),  # decided: counted
    _row("佛南市监立〔2026〕204号", "已结案", "20,000"),  # closed, imported: counted
    _row("佛南市监立〔2026〕205号", "已移送公安", "3,000"),  # transferred with no decision date: not counted
    _row("佛南市监立〔2026〕206号", "已移送公安", "4,000", "50"),  # transferred after its decision (dated below): counted
]
# fines 5,000 + 20,000 + 4,000 = 29,000 元; confiscated 300 + 50 = 350 元
FINES_FEN, CONFISCATED_FEN = 2_900_000, 35_000


def _imported(db, register):
    from workstation.importing.register import import_register

    import_register(db, register(rows=ROWS, total=False))
    db.execute("UPDATE cases SET decided_on = '2026-03-20' WHERE case_number = '佛南市监立〔2026〕206号'")


def test_the_statistics_count_only_the_amounts_of_cases_at_or_after_a_decision(db, register):
    _imported(db, register)
    stats = campaign_stats(db)
    assert (stats["fines_fen"], stats["confiscated_fen"], stats["penalties_total_fen"]) == (
        FINES_FEN, CONFISCATED_FEN, FINES_FEN + CONFISCATED_FEN)
    assert district_figures(db)["南海区"]["penalties_total_fen"] == FINES_FEN + CONFISCATED_FEN
    nanhai = next(r for r in bureau_table(db) if r["agency_id"] == agency_id_for_code(NANHAI) and r["kind"] == "agency")
    assert (nanhai["cases"], nanhai["fines_fen"], nanhai["confiscated_fen"]) == (6, FINES_FEN, CONFISCATED_FEN)
    assert bureau_table(db)[-1]["penalties_total_fen"] == FINES_FEN + CONFISCATED_FEN
    assert monthly(db, date_from="2026-03-01", date_to="2026-03-31") == [
        {"month": "2026-03", "cases": 6, "records": 60, "penalties_total_fen": FINES_FEN + CONFISCATED_FEN}]


def test_the_case_list_still_shows_a_proposed_fine(db, register):
    _imported(db, register)
    shown = {r.case_number: r.penalties_fen for r in list_cases(db, limit=100)}
    assert shown["佛南市监立〔2026〕201号"] == 850_000
    assert shown["佛南市监立〔2026〕202号"] == 120_000


def test_a_case_moving_from_notice_to_decision_starts_counting(db, register):
    _imported(db, register)
    db.execute("UPDATE cases SET status = 'penalty_decided' WHERE case_number = '佛南市监立〔2026〕201号'")
    assert campaign_stats(db)["fines_fen"] == FINES_FEN + 850_000
