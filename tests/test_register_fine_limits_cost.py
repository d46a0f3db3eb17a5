"""The register's warning of decided fines outside their basis's range (``importing.register._fine_limits``, ~0.15 ms
a row) is worked out once for each stretch of days with the same law in force, not once for each filing date, and
never for a fine at or above the most the basis can ask of the gains confiscated: at 30,000 rows it had added half
again to the import. The warnings themselves are those of the basis worked out on each row's own date."""

import datetime as dt

import pytest

import workstation.importing.register as register
from tests.test_register_import import GOOD, register_rows, write_csv
from workstation.importing.register import _fine_limits, _law_dated, import_register

SENDING = ("unsolicited_commercial_messages",)
LEAK = ("illegal_provision_or_leak",)


@pytest.mark.parametrize("day, stretch", [
    ("2026-03-05", "2024-07-01"),  # 消法实施条例 in force from 2024-07-01
    ("2024-07-01", "2024-07-01"),
    ("2024-06-30", "2021-11-01"),  # 个人信息保护法 from 2021-11-01
    ("2015-03-14", "2014-03-15"),  # the day before 侵害消费者权益行为处罚办法 (2015-03-15)
    ("2010-05-01", "2010-05-01"),  # before every norm of the catalogue: the day itself
])
def test_a_filing_date_stands_for_the_first_day_of_its_stretch_of_law(day, stretch):
    assert _law_dated(day) == stretch


def test_the_basis_of_the_first_day_of_a_stretch_is_that_of_every_day_in_it():
    day = dt.date(2013, 1, 1)
    while day <= dt.date(2026, 11, 30):
        for violations in (SENDING, LEAK, SENDING + LEAK):
            for confiscated in (0, 600_000):
                assert _fine_limits(violations, day.isoformat(), confiscated) == _fine_limits(
                    violations, _law_dated(day.isoformat()), confiscated), (day, violations, confiscated)
        day += dt.timedelta(days=97)


def test_the_basis_is_worked_out_once_a_stretch_and_not_for_fines_the_confiscation_cannot_reach(db, tmp_path,
                                                                                            monkeypatch):
    calls = []
    worked_out = register._fine_limits

    def counted(*args):
        calls.append(args)
        return worked_out(*args)

    monkeypatch.setattr(register, "_fine_limits", counted)
    rows = []
    for day in ("2026-01-05", "2026-02-10", "2026-03-15", "2026-04-20"):
        # decided without gains confiscated, filed on four days of one stretch of law: one basis
        rows.append([*GOOD[3][:7], day, "已决定", "10", "50,000", "0"])
        # gains confiscated below the fine (消法 56: at least 1 × the gains): nothing to work out
        rows.append([*GOOD[3][:7], day, "已结案", "10", "20,000", "6,000"])
    rows.append([*GOOD[3][:7], "2026-05-06", "已结案", "10", "1,000", "6,000"])  # below the gains: worked out, warned
    for n, row in enumerate(rows):
        row[0] = f"佛高市监立〔2026〕{301 + n}号"
    result = import_register(db, write_csv(tmp_path / "台账.csv", register_rows(rows, total=False)))
    assert result.imported == len(rows)
    assert [(args[1], args[2]) for args in calls] == [("2024-07-01", 0), ("2024-07-01", 600_000)]
    fines = [w["row"] for w in result.warnings if w["field"] == "罚款金额"]
    assert fines == [len(rows) + 3]  # the one below the gains confiscated (its row in the file, under two title rows)


def test_a_choice_of_norm_words_its_explanation_only_when_it_is_read(monkeypatch):
    """The register's range check chooses a norm for rows fined below their confiscation and reads no explanation:
    wording it on every choice was half the check's time."""
    from workstation.law import catalogue

    worded = []
    word = catalogue._choice_text
    monkeypatch.setattr(catalogue, "_choice_text", lambda *args: worded.append(args) or word(*args))
    law = catalogue.applicable_law("unsolicited_commercial_messages", "2026-03-05", "2026-11-30", 600_000)
    assert law.penalty is not None and worded == []
    assert "第五十六条" in law.penalty.explanation and len(worded) == 1
    assert law.explanation and law.source and law.penalty.source  # worded when read, as before
