# ruff: noqa: F811 - the station fixture imported from test_s51_law_data is used by name
"""A bureau's copy of a legal data file may change what REFERENCE leaves to the bureau or marks UNCONFIRMED (the
legal review's amounts, the unit of the transfer rules' 三日, the filing period of an on-the-spot decision …), never
what the law fixes: the periods and units of the statutory time limits, the limitation years, the publication days
and periods of the 信息公示规定, the hearing amounts (lowered, not raised), the fine ranges of the statutes and the
criminal thresholds. A copy changing one of them is refused as an invalid copy is (the shipped values counted, the
problem said naming the file, the key, both values and `law reset`); an amount more than ten times away from the
shipped one (yuan written as fen) is refused naming both in yuan. The hand-edited copy is audited once it is seen with
a database at hand; ``law reset`` and ``law copy --force`` keep the copy they replace."""

from __future__ import annotations

import hashlib
import re

import pytest

from tests.helpers import run, run_json
from tests.test_s51_law_data import station  # noqa: F401
from workstation import clocks, paths
from workstation.audit import digest
from workstation.law import catalogue, criminal, thresholds
from workstation.law import data as law_data


def _copy(folder, name: str, old: str, new: str, *, regex: bool = False):
    text = paths.resource("law", f"{name}.toml").read_text(encoding="utf-8")
    changed = re.sub(old, new, text, count=1, flags=re.S) if regex else text.replace(old, new, 1)
    assert changed != text, old
    target = folder / "law" / f"{name}.toml"
    target.write_text(changed, encoding="utf-8")
    return target


def _problem(name: str) -> str:
    problems = [p for p in law_data.problems() if f"{name}.toml" in p]
    assert len(problems) == 1, law_data.problems()
    return problems[0]


T4 = 'title = "当事人陈述、申辩及申请听证"\nperiod = 5\nunit = "wd"'


# ---- 1. statutory values ------------------------------------------------------------------------------------------

def test_a_copy_shortening_the_statement_period_is_refused_and_the_law_s_five_days_counted(station, english):
    _copy(station, "clocks", T4, T4.replace("period = 5", "period = 3"))
    problem = _problem("clocks")
    assert "T4" in problem and "period" in problem and "5" in problem and "3" in problem, problem
    assert "law reset clocks" in problem, problem
    assert "《行政处罚法》第六十四条" in problem, problem  # the law fixing it, from the shipped file
    assert clocks.rule("T4").period == 5


def test_a_copy_changing_the_unit_of_a_statutory_period_is_refused(station, english):
    _copy(station, "clocks", T4, T4.replace('"wd"', '"cd"'))
    problem = _problem("clocks")
    assert "T4" in problem and "unit" in problem and '"wd"' in problem and '"cd"' in problem, problem
    assert clocks.rule("T4").unit == "wd"


def test_what_reference_leaves_unconfirmed_in_the_clocks_may_be_changed(station, english):
    text = paths.resource("law", "clocks.toml").read_text(encoding="utf-8")
    # T25's 三日: whether working days is UNCONFIRMED; T31's three days are not in the law at all
    t25 = 'id = "T25"\ntitle = "负责人审批移送涉嫌犯罪案件"\nperiod = 3\nunit = "cd"'
    t31 = 'id = "T31"\ntitle = "当场处罚决定报所属行政机关备案"\nperiod = 3\n'
    assert t25 in text and t31 in text
    text = text.replace(t25, t25.replace('"cd"', '"wd"')).replace(t31, t31.replace("period = 3", "period = 5"))
    (station / "law" / "clocks.toml").write_text(text, encoding="utf-8")
    assert law_data.problems() == []
    assert clocks.rule("T25").unit == "wd" and clocks.rule("T31").period == 5


@pytest.mark.parametrize(("old", "new", "key"), [
    ("years = 2\n", "years = 0\n", "limitation.years"),
    ("long_years = 5", "long_years = 3", "limitation.long_years"),
    ("deadline_working_days = 20 ", "deadline_working_days = 0 ", "publication.deadline_working_days"),
    ("other_province_working_days = 10", "other_province_working_days = 20", "publication.other_province_working_days"),
    ("long_period_months = 36", "long_period_months = 24", "publication.long_period_months"),
])
def test_a_copy_changing_a_period_the_law_sets_in_thresholds_is_refused(station, english, old, new, key):
    _copy(station, "thresholds", old, new)
    problem = _problem("thresholds")
    shipped, found = old.split("= ")[1].strip(), new.split("= ")[1].strip()
    assert key in problem and f"{shipped}" in problem and f"{found}" in problem, problem
    assert "law reset thresholds" in problem
    assert thresholds.publication("company", 50_000_000, procedure="ordinary").period_months == 36


def test_a_hearing_amount_raised_is_refused_and_the_hearing_still_offered(station, english):
    _copy(station, "thresholds", "organisation_fen = 10_000_000        # ¥100,000",
          "organisation_fen = 10_000_000_000")
    problem = _problem("thresholds")
    assert "hearing.organisation_fen" in problem and "¥100,000.00" in problem and "¥100,000,000.00" in problem, problem
    assert thresholds.hearing_limit("company")[0] == 10_000_000


def test_a_hearing_amount_lowered_is_the_safe_side_and_used(station, english):
    _copy(station, "thresholds", "organisation_fen = 10_000_000        # ¥100,000",
          "organisation_fen = 5_000_000        # ¥50,000")
    assert law_data.problems() == []
    assert thresholds.hearing_limit("company")[0] == 5_000_000


def test_a_fine_range_of_a_statute_written_in_yuan_is_refused_naming_both_amounts_in_yuan(station, english):
    _copy(station, "catalogue", "no_gains_fen = [0, 50_000_000]", "no_gains_fen = [0, 500_000]")
    problem = _problem("catalogue")
    assert "consumer_law_56_9" in problem and "¥500,000.00" in problem and "¥5,000.00" in problem, problem
    assert "law reset catalogue" in problem
    assert catalogue.fine_range(catalogue.norm("consumer_law_56_9"), 0).max_fen == 50_000_000


def test_a_fine_range_of_a_statute_changed_is_refused(station, english):
    _copy(station, "catalogue", "no_gains_fen = [0, 50_000_000]", "no_gains_fen = [0, 30_000_000]")
    problem = _problem("catalogue")
    assert "consumer_law_56_9" in problem and "no_gains_fen" in problem and "《中华人民共和国消费者权益保护法》" in problem


def test_a_criminal_threshold_changed_is_refused(station, english):
    _copy(station, "criminal", "threshold = 5_000", "threshold = 4_000")
    problem = _problem("criminal")
    assert "categories.other.threshold" in problem and "5000" in problem.replace(",", "").replace("_", "")
    assert criminal.assess(0, 0, 4500, 0).serious is False


def test_a_local_amount_may_change_but_not_by_more_than_ten_times(station, english):
    _copy(station, "thresholds", "binding = false\nnatural_person_fen = 1_000_000",
          "binding = false\nnatural_person_fen = 2_000_000")
    assert law_data.problems() == []
    _copy(station, "thresholds", "binding = false\nnatural_person_fen = 1_000_000",
          "binding = false\nnatural_person_fen = 100_000_000")
    problem = _problem("thresholds")
    assert "legal_review.natural_person_fen" in problem and "¥10,000.00" in problem and "¥1,000,000.00" in problem
    assert "fen" in problem  # says amounts are written in fen


def test_a_local_amount_of_nought_is_no_slip(station, english):
    _copy(station, "thresholds", "lower_fine_natural_person_fen = 1_000_000", "lower_fine_natural_person_fen = 0")
    assert law_data.problems() == []


def test_law_files_names_the_refused_statutory_change(station, capsys, english):
    _copy(station, "clocks", T4, T4.replace("period = 5", "period = 3"))
    files = {f["name"]: f for f in run_json(capsys, "--data-dir", station, "law", "files")}
    assert files["clocks"]["own_copy"] and not files["clocks"]["in_force"]
    assert "T4" in files["clocks"]["problem"]


# ---- the citation of T4 and T6 --------------------------------------------------------------------------------------

def test_t4_and_t6_cite_the_items_of_art_64_as_the_law_numbers_them():
    assert clocks.rule("T4").source.startswith("《行政处罚法》第六十四条第（一）项")
    assert clocks.rule("T6").source.startswith("《行政处罚法》第六十四条第（二）项")


# ---- 3. the trail of a copy edited by hand --------------------------------------------------------------------------

def _law_entries(db) -> list[tuple]:
    return [tuple(row) for row in db.execute(
        "SELECT action, entity_id, before_digest, after_digest FROM audit WHERE entity = 'law' ORDER BY seq")]


def _record(path) -> dict:
    return {"file": path.name, "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}


def test_a_copy_edited_by_hand_is_audited_once_when_law_files_sees_it(db, station, capsys, english):
    copied = station / "law" / "discretion.toml"
    run_json(capsys, "--data-dir", station, "law", "copy", "discretion")
    made = _record(copied)
    run_json(capsys, "--data-dir", station, "law", "files")
    assert _law_entries(db) == [("copy", "discretion.toml", "", digest(made))]  # unchanged: nothing more
    copied.write_text(copied.read_text(encoding="utf-8") + "\n# 本局修改\n", encoding="utf-8")
    edited = _record(copied)
    run_json(capsys, "--data-dir", station, "law", "files")
    run_json(capsys, "--data-dir", station, "law", "files")  # seen again, unchanged: no second entry
    assert _law_entries(db)[1:] == [("update", "discretion.toml", digest(made), digest(edited))]
    # a copy put there by hand, never copied through the program
    _copy(station, "criminal", "# ", "#  ")
    run_json(capsys, "--data-dir", station, "law", "files")
    assert _law_entries(db)[-1] == ("update", "criminal.toml", "", digest(_record(station / "law" / "criminal.toml")))
    assert run_json(capsys, "--data-dir", station, "audit", "verify")["valid"]


def test_a_copy_taken_away_by_hand_is_audited_as_removed(db, station, capsys, english):
    copied = station / "law" / "discretion.toml"
    run_json(capsys, "--data-dir", station, "law", "copy", "discretion")
    made = _record(copied)
    copied.unlink()
    run_json(capsys, "--data-dir", station, "law", "files")
    assert _law_entries(db)[-1] == ("remove", "discretion.toml", digest(made), "")


def test_the_board_audits_a_copy_edited_by_hand(db, station, qtbot, prompts, english):
    from ui.deadlines import DeadlineBoard

    copied = _copy(station, "discretion", "# ", "#  ")
    board = DeadlineBoard(db, prompts=prompts)
    qtbot.addWidget(board)
    board.show()
    board.refresh()
    assert _law_entries(db) == [("update", "discretion.toml", "", digest(_record(copied)))]


# ---- law reset and law copy --force keep the copy they replace ----------------------------------------------------

def _kept(folder, name: str) -> list:
    return sorted((folder / "law").glob(f"{name}.*T*.toml"))


def test_law_reset_keeps_the_removed_copy_and_says_where(db, station, capsys, english):
    edited = _copy(station, "discretion", "# ", "#  ")
    text = edited.read_text(encoding="utf-8")
    code, out, _err = run(capsys, "--data-dir", station, "law", "reset", "discretion")
    assert code == 0 and not edited.exists()
    kept = _kept(station, "discretion")
    assert len(kept) == 1 and re.fullmatch(r"discretion\.\d{8}T\d{6}\.toml", kept[0].name)
    assert kept[0].read_text(encoding="utf-8") == text and str(kept[0]) in out
    assert law_data.problems() == [] and law_data.file_states()[3]["own_copy"] is False


def test_law_copy_force_keeps_the_replaced_copy_and_says_where(db, station, capsys, english):
    edited = _copy(station, "clocks", "# ", "#  ")
    text = edited.read_text(encoding="utf-8")
    result = run_json(capsys, "--data-dir", station, "law", "copy", "clocks", "--force")
    kept = _kept(station, "clocks")
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == text
    assert result["kept"] == str(kept[0])
    assert edited.read_bytes() == paths.resource("law", "clocks.toml").read_bytes()
    code, _out, _err = run(capsys, "--data-dir", station, "law", "reset", "clocks")  # within the same second
    assert code == 0 and len(_kept(station, "clocks")) == 2


def test_any_command_audits_a_copy_edited_by_hand_when_it_opens_the_data(db, station, capsys, english):
    copied = station / "law" / "discretion.toml"
    run_json(capsys, "--data-dir", station, "law", "copy", "discretion")
    made = _record(copied)
    copied.write_text(copied.read_text(encoding="utf-8") + "\n# 本局修改\n", encoding="utf-8")
    run_json(capsys, "--data-dir", station, "stats")
    assert _law_entries(db)[1:] == [("update", "discretion.toml", digest(made), digest(_record(copied)))]
