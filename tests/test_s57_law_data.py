# ruff: noqa: F811 - the fixture imported from test_s51_law_data is used by name
"""A bureau's copy of a legal data file wrong in its structure is refused as one with a value of the wrong type is:
the problem names the copy and the key, ``law files`` says the shipped file is in force, and the program counts with
the shipped values — a copy dropping a time limit the program counts (T1), meeting one by a date no case has
("decidedon") or running it in a status no case has ("pre-notice"), counting amounts "separatly", classing a party
kind as "natural_persn", dropping a key the program reads or misspelling one ("bindng"), a [texts] template or its
values, a violation type cases record, a category of personal information, a circumstance written twice, bands of
tiers overlapping, and values the law cannot allow (a surcharge above 3 % a day, a simple procedure above ¥200 /
¥3,000, a time limit longer than ten years). A case recording a circumstance the data in force does not define (a
station's own, at headquarters; or after ``law reset discretion``) is assessed without it and says it, named, not
counted."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.test_s51_law_data import station  # noqa: F401 - the data directory with a law folder, by name
from workstation import clocks, paths
from workstation.law import criminal, discretion, surcharge, thresholds
from workstation.law import data as law_data

ROOT = Path(__file__).resolve().parents[1]


def _copy(folder, name: str, old: str, new: str, *, regex: bool = False) -> Path:
    text = paths.resource("law", f"{name}.toml").read_text(encoding="utf-8")
    changed = re.sub(old, new, text, count=1, flags=re.S) if regex else text.replace(old, new, 1)
    assert changed != text, old
    target = folder / "law" / f"{name}.toml"
    target.write_text(changed, encoding="utf-8")
    return target


def _refused(station_dir, name: str) -> str:
    """The one problem said of the bureau's copy of ``name`` (``law files`` saying the shipped file is in force)."""
    from workstation.cli import main

    states = {state["name"]: state for state in law_data.file_states()}
    assert states[name]["own_copy"] and not states[name]["in_force"], states[name]
    problem = states[name]["problem"]
    assert str(law_data.own_file(name)) in problem, problem  # the copy is named, not resources/law
    assert f"law reset {name}" in problem  # and what to do
    assert main(["law", "files", "--json", "--data-dir", str(station_dir)]) == 0
    return problem


def _forget_copies(monkeypatch):
    monkeypatch.setattr(law_data, "_OWN", {})
    clocks._rules.cache_clear()


# ---- clocks.toml -----------------------------------------------------------------------------------------------


def _code_clock_ids() -> set[str]:
    """The time limits the program's code looks up by id ("T1", rule("T8") …), found in its source as the audit did."""
    shipped = {item["id"] for item in law_data.load("clocks")["clock"]}
    found = set()
    for folder in ("workstation", "ui"):
        for path in (ROOT / folder).rglob("*.py"):
            found |= set(re.findall(r"[\"'](T\d+[a-z]?)[\"']", path.read_text(encoding="utf-8")))
    return found & shipped


def test_a_copy_dropping_a_time_limit_the_program_counts_is_refused(station, monkeypatch, capsys):
    ids = _code_clock_ids()
    assert {"T1", "T2", "T8", "T16"} <= ids
    for clock in sorted(ids):
        _forget_copies(monkeypatch)
        _copy(station, "clocks", rf'\[\[clock\]\]\nid = "{clock}"\n.*?(?=\[\[clock\]\]|\Z)', "", regex=True)
        problem = _refused(station, "clocks")
        assert clock in problem and "clocks.toml" in problem, problem
    # the shipped time limits are counted meanwhile: the board is not broken
    assert clocks.rule("T1").period == 15 and clocks.rule("T2").done == "decided_on"
    capsys.readouterr()


@pytest.mark.parametrize(("old", "new", "key", "wrong"), [
    ('done = "decided_on"', 'done = "decidedon"', "done", "decidedon"),
    ('"pre_notice", "hearing",', '"pre-notice", "hearing",', "running", "pre-notice"),
    ('excluded = ["suspension", "hearing"', 'excluded = ["suspensoin", "hearing"', "excluded", "suspensoin"),
    ('done = "event:performed"', 'done = "event:perfomed"', "done", "perfomed"),
    ('outlives = ["no_penalty", "closed", "archived"]', 'outlives = ["no_penalty", "closd", "archived"]', "outlives",
     "closd"),
    ('start = "event:seizure"', 'start = "event:siezure"', "start", "siezure"),
])
def test_a_copy_naming_a_date_status_or_event_the_program_does_not_know_is_refused(station, old, new, key, wrong):
    _copy(station, "clocks", old, new)
    problem = _refused(station, "clocks")
    assert key in problem and wrong in problem and "clocks.toml" in problem, problem
    # the shipped rules count meanwhile: T2 met by the decision, running before the notice
    assert clocks.rule("T2").done == "decided_on" and "pre_notice" in clocks.rule("T2").running


@pytest.mark.parametrize(("old", "new"), [('period = 15\n', 'period = 15000\n'), ('period = 90\n', 'period = 9000\n')])
def test_an_absurd_period_is_refused(station, old, new):
    _copy(station, "clocks", old, new)
    problem = _refused(station, "clocks")
    assert "period" in problem and new.split("= ")[1].strip() in problem, problem


def test_a_copy_adding_a_time_limit_and_lengthening_one_is_used(station):
    text = paths.resource("law", "clocks.toml").read_text(encoding="utf-8")
    (station / "law" / "clocks.toml").write_text(
        text.replace("period = 60\n", "period = 90\n", 1) + '\n[[clock]]\nid = "L1"\ntitle = "本局期限"\nperiod = 5\n'
        'unit = "wd"\nstart = "filed_on"\nsource = "本局规定"\nrunning = ["investigating"]\ndone = "decided_on"\n',
        encoding="utf-8")
    assert law_data.problems() == []
    assert clocks.rule("T2b").period == 90 and clocks.rule("L1").period == 5


# ---- thresholds.toml -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("old", "new", "named"), [
    ('inclusive = true\ncount = "separately"                 # fine;',
     'inclusiv = true\ncount = "separately"                 # fine;', "hearing.inclusiv"),
    ('count = "separately"                 # fine;', 'count = "separatly"                 # fine;', "hearing.count"),
    ('individual_business = "natural_person"       #', 'individual_business = "natural_persn" #',
     "party_classes.individual_business"),
    ('company = "organisation"\n', '', "party_classes.company"),
    ('binding = false\nnatural_person_fen', 'bindng = false\nnatural_person_fen', "legal_review.bindng"),
    ('source = "《中华人民共和国行政处罚法》第六十三条；', 'sauce = "《中华人民共和国行政处罚法》第六十三条；', "hearing.sauce"),
    ('penalties = ["lower_qualification", "revoke_permit",', 'penalties = ["lower_qualification", "revoke_permt",',
     "revoke_permt"),
    ('rounding = "total_down"', 'rounding = "total-down"', "late_payment.rounding"),
    ('surcharge_base = "unpaid"', 'surcharge_base = "unpayed"', "late_payment.surcharge_base"),
    ('simple_allowed = "对{party}处以警告或者{limit}以下罚款', 'simple_allowed = "对{party}处以警告或者{limt}以下罚款',
     "simple_allowed"),
    ('surcharge_total = "合计{amount}。"\n', '', "texts.surcharge_total"),
    ('revoke_permit = ["吊销(?![^，。；]*营业执照)"]', 'revoke_permit = ["吊销(?![^，。；]*营业执照"]', "revoke_permit"),
    ('key = "major_rights_after_hearing"', 'key = "major_rights_after_hearings"', "major_rights_after_hearing"),
])
def test_a_thresholds_copy_wrong_in_structure_is_refused_naming_the_key(station, old, new, named):
    _copy(station, "thresholds", old, new)
    problem = _refused(station, "thresholds")
    assert "thresholds.toml" in problem and named in problem, problem
    # the shipped values are used meanwhile: fine and confiscation each tested on its own, at ¥10,000 inclusive
    result = thresholds.hearing("person", 1_000_000, 1_000_000)
    assert result.applies and len(result.reasons) == 2
    assert thresholds.party_class("company") == "organisation"
    assert thresholds.party_class("individual_business") == "natural_person"


def test_a_mistyped_rounding_is_named_in_the_copy_before_any_surcharge_is_counted(station, english):
    copy = _copy(station, "thresholds", 'rounding = "total_down"', 'rounding = "total_dwon"')
    problem = _refused(station, "thresholds")
    assert str(copy) in problem and "rounding" in problem and "total_dwon" in problem
    assert "resources/law/thresholds.toml" not in problem
    owed = surcharge.surcharge(100_000, "2026-03-01", "2026-03-11")  # the shipped rule: 3 % a day, 10 days
    assert owed.amount_fen == 30_000


@pytest.mark.parametrize(("old", "new", "named", "law"), [
    ("rate_percent = 3", "rate_percent = 30", "late_payment.rate_percent", "72"),
    ("rate_percent = 3", "rate_percent = 0", "late_payment.rate_percent", "72"),
    ("natural_person_max_fen = 20_000", "natural_person_max_fen = 2_000_000", "simple_procedure.natural_person_max_fen",
     "51"),
    ("organisation_max_fen = 300_000", "organisation_max_fen = 300_001", "simple_procedure.organisation_max_fen",
     "51"),
    ("max_fen = 10_000", "max_fen = 20_000", "on_the_spot_collection.max_fen", "68"),
])
def test_a_value_the_law_cannot_allow_is_refused(station, english, old, new, named, law):
    _copy(station, "thresholds", old, new)
    problem = _refused(station, "thresholds")
    assert named in problem and law in problem, problem
    assert surcharge.surcharge(100_000, "2026-03-01", "2026-03-02").amount_fen == 3_000
    assert thresholds.simple_procedure_limit("person") == 20_000
    assert thresholds.on_the_spot_collection_limit() == 10_000


def test_a_lower_limit_and_a_bureaus_own_texts_wording_are_used(station):
    text = paths.resource("law", "thresholds.toml").read_text(encoding="utf-8")
    text = text.replace("natural_person_max_fen = 20_000", "natural_person_max_fen = 10_000", 1)
    text = text.replace('below = "罚没数额未达到标准，亦无其他法定情形。"', 'below = "未达到本局标准。"', 1)
    text = text.replace("binding = false\nnatural_person_fen", "natural_person_fen", 1)  # optional: not binding
    (station / "law" / "thresholds.toml").write_text(text, encoding="utf-8")
    assert law_data.problems() == []
    assert thresholds.simple_procedure_limit("person") == 10_000
    assert thresholds.hearing("person", 100).reasons == ("未达到本局标准。",)


# ---- catalogue.toml, criminal.toml -----------------------------------------------------------------------------


def test_a_catalogue_copy_dropping_a_violation_cases_record_is_refused(station):
    _copy(station, "catalogue", r"\[violations\.illegal_collection_or_use\]\n.*?(?=\n\[|\Z)", "", regex=True)
    problem = _refused(station, "catalogue")
    assert "catalogue.toml" in problem and "violations.illegal_collection_or_use" in problem, problem
    assert "illegal_collection_or_use" in law_data.load("catalogue")["violations"]


@pytest.mark.parametrize(("old", "new", "named"), [
    ('violations = ["illegal_provision_or_leak"', 'violations = ["illegal_provison_or_leak"', "illegal_provison_or_leak"),
    (r"\[categories\.trace\]\n.*?(?=\n\[)", "", "categories.trace"),
    ("[categories.other]", "[categories.others]", "categories.other"),
])
def test_a_criminal_copy_with_an_unknown_violation_or_without_a_category_is_refused(station, old, new, named):
    _copy(station, "criminal", old, new, regex=old.startswith(r"\["))
    problem = _refused(station, "criminal")
    assert "criminal.toml" in problem and named in problem, problem
    assert criminal.offence_covers(["illegal_provision_or_leak"])
    assert criminal.assess(60, 0, 0, 0).serious  # 60 trace records reach the shipped threshold of 50


# ---- discretion.toml -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("old", "new", "named"), [
    ('key = "minor_14_to_18"', 'key = "under_14"', "factors.under_14"),
    ('{ tier = "ordinary", from = 30, to = 70 }', '{ tier = "ordinary", from = 20, to = 70 }', "bands"),
    ('{ tier = "heavier", from = 70, to = 100 }', '{ tier = "ordinary", from = 70, to = 100 }', "ordinary"),
    ('heavier = "从重"\n', '', "tiers.heavier"),
])
def test_a_discretion_copy_with_a_circumstance_twice_or_overlapping_bands_is_refused(station, old, new, named):
    _copy(station, "discretion", old, new)
    problem = _refused(station, "discretion")
    assert "discretion.toml" in problem and named in problem, problem
    assert discretion.suggest(["minor_14_to_18"]).tier == "lighter"
    assert [(b.tier, b.low_fen, b.high_fen) for b in discretion.tiers(0, 1_000_000)] == [
        ("lighter", 0, 300_000), ("ordinary", 300_000, 700_000), ("heavier", 700_000, 1_000_000)]


def test_a_gap_between_bands_stays_allowed(station):
    _copy(station, "discretion", '{ tier = "ordinary", from = 30, to = 70 }', '{ tier = "ordinary", from = 40, to = 70 }')
    assert law_data.problems() == []
    # the copy is in use: 一般 starts at 40 %, leaving 30-40 % in no tier
    assert [(b.tier, b.low_fen, b.high_fen) for b in discretion.tiers(0, 1_000_000)] == [
        ("lighter", 0, 300_000), ("ordinary", 400_000, 700_000), ("heavier", 700_000, 1_000_000)]


# ---- a circumstance the data in force does not define ----------------------------------------------------------

LOCAL = ('\n[[factors]]\nkey = "local_repeat_offender"\ntext = "本局认定的多次违法"\neffect = "must_heavier"\n'
         'source = "本局裁量规定"\n')
CASE = "佛三市监立〔2026〕6号"  # demo: unsolicited commercial messages, one party, notice not yet issued


def test_a_circumstance_the_data_no_longer_defines_is_named_not_counted(station, demo_db, english, prompts, qtbot,
                                                                      capsys):
    from PySide6.QtWidgets import QLabel

    from ui.case_law import CaseLawBox
    from workstation.cli import main
    from workstation.law.case_law import case_law, save_penalty_choice
    from workstation.store import find_case, get_case

    text = paths.resource("law", "discretion.toml").read_text(encoding="utf-8")
    at = text.index("\n[texts]")
    (station / "law" / "discretion.toml").write_text(text[:at] + LOCAL + text[at:], encoding="utf-8")
    assert law_data.problems() == []
    case = find_case(demo_db, CASE)
    case = save_penalty_choice(demo_db, get_case(demo_db, case.id), act_on=None, prior_punished=False,
                               penalty_norm="", discretion_tier="heavier",
                               discretion_factors=["local_repeat_offender", "cooperated"], discretion_reason="",
                               fine_fen=40_000_000)
    assert case_law(demo_db, case).suggestion.tier == "ordinary"  # heavier and lighter: weighed
    assert main(["law", "reset", "discretion", "--data-dir", str(station)]) == 0
    capsys.readouterr()
    case = get_case(demo_db, case.id)
    assert case.discretion_factors == ["local_repeat_offender", "cooperated"]  # kept as recorded
    law = case_law(demo_db, case)  # no "Unknown circumstance" refusal
    assert law.suggestion.tier == "lighter"  # only the circumstance defined counts
    assert "local_repeat_offender" in law.suggestion.message and "not counted" in law.suggestion.message
    assert law.suggestion.undefined == ("local_repeat_offender",)
    assert law.discretion is not None and "local_repeat_offender" in law.discretion.message
    assert not law.discretion_problem
    box = CaseLawBox(demo_db, case, prompts)
    qtbot.addWidget(box)
    shown = box.findChild(QLabel, "discretion_check").text()
    assert "local_repeat_offender" in shown and "not counted" in shown
    # the facts command re-saves the choice as recorded
    assert main(["cases", "facts", CASE, "--clear", "--data-dir", str(station)]) == 0
    assert get_case(demo_db, case.id).discretion_factors == ["local_repeat_offender", "cooperated"]


def test_a_suggestion_without_unknown_circumstances_says_nothing_more(station, english):
    suggestion = discretion.suggest(["cooperated"])
    assert suggestion.undefined == () and "not counted" not in suggestion.message
    assert discretion.suggest(["nonsense"]).tier == "ordinary"
    assert "nonsense" in discretion.suggest(["nonsense"]).message


def test_the_shipped_files_pass_and_law_files_lists_them_in_force(station, capsys):
    from workstation.cli import main

    for name in law_data.FILES:
        (station / "law" / f"{name}.toml").write_bytes(paths.resource("law", f"{name}.toml").read_bytes())
    assert law_data.problems() == []
    assert main(["law", "files", "--json", "--data-dir", str(station)]) == 0
    assert all(state["in_force"] for state in json.loads(capsys.readouterr().out))


# ---- the final read of the checks: a band without its tier, start_if, the top level, the interview's report -----


def test_a_later_band_without_its_tier_is_refused_by_name_not_a_crash(station, english):
    _copy(station, "discretion", '{ tier = "heavier", from = 70, to = 100 }', '{ from = 70, to = 100 }')
    problem = _refused(station, "discretion")  # once a KeyError escaping the check: no "copy not used" said
    assert "bands.tier is missing" in problem, problem
    assert [b.tier for b in discretion.tiers(0, 1_000_000)] == ["lighter", "ordinary", "heavier"]


def test_start_if_naming_the_end_of_an_event_is_refused(station, english):
    # the engine starts a clock under start_if only from another clock's deadline: end:… would never start it
    _copy(station, "clocks", 'start_if = { simple_procedure = "clock:T10" }',
          'start_if = { simple_procedure = "end:litigation" }')
    problem = _refused(station, "clocks")
    assert "T16" in problem and "start_if" in problem and "end:litigation" in problem, problem
    assert dict(clocks.rule("T16").start_if) == {"simple_procedure": "clock:T10"}


def test_start_if_on_a_time_limit_not_counted_from_another_is_refused(station, english):
    # start_if is read only for a clock whose start is clock:…; on T16 counted from a case date it would be ignored
    _copy(station, "clocks", 'start = "clock:T11"\nstart_instead', 'start = "served_on"\nstart_instead')
    problem = _refused(station, "clocks")
    assert "T16" in problem and "start_if" in problem and 'clock:' in problem, problem


def test_start_instead_may_still_name_the_end_of_a_lawsuit(station):
    _copy(station, "clocks", 'start_instead = ["clock:T12", "end:litigation"]',
          'start_instead = ["end:litigation", "clock:T12"]')
    assert law_data.problems() == []
    assert clocks.rule("T16").start_instead == ("end:litigation", "clock:T12")  # the copy is in use


def test_an_unknown_table_of_thresholds_names_the_file_as_the_table(station, english):
    text = paths.resource("law", "thresholds.toml").read_text(encoding="utf-8")
    at = text.index("\n[texts]")
    copy = station / "law" / "thresholds.toml"
    copy.write_text(text[:at] + '\n[hearingg]\nsource = "x"\n' + text[at:], encoding="utf-8")
    problem = _refused(station, "thresholds")
    assert "hearingg: unknown key; the keys of thresholds.toml are party_classes, simple_procedure" in problem, problem
    line = copy.read_text(encoding="utf-8")[:copy.read_text(encoding="utf-8").index("[hearingg]")].count("\n") + 1
    assert f"line {line}:" in problem, problem


def test_no_working_days_for_the_interviews_report_is_refused(station, english):
    _copy(station, "thresholds", "interview_report_working_days = 15", "interview_report_working_days = 0")
    problem = _refused(station, "thresholds")
    assert "rectification_check.interview_report_working_days" in problem and "above 0" in problem, problem
    assert law_data.load("thresholds")["rectification_check"]["interview_report_working_days"] == 15


def test_the_penalty_dialog_keeps_a_circumstance_the_data_no_longer_defines(station, demo_db, english, prompts,
                                                                          qtbot, capsys):
    from PySide6.QtCore import Qt

    from ui.case_law import PenaltyChoiceDialog
    from workstation.cli import main
    from workstation.law.case_law import save_penalty_choice
    from workstation.store import find_case, get_case

    text = paths.resource("law", "discretion.toml").read_text(encoding="utf-8")
    at = text.index("\n[texts]")
    (station / "law" / "discretion.toml").write_text(text[:at] + LOCAL + text[at:], encoding="utf-8")
    case = find_case(demo_db, CASE)
    save_penalty_choice(demo_db, get_case(demo_db, case.id), act_on=None, prior_punished=False, penalty_norm="",
                        discretion_tier="heavier", discretion_factors=["local_repeat_offender", "cooperated"],
                        discretion_reason="", fine_fen=40_000_000)
    assert main(["law", "reset", "discretion", "--data-dir", str(station)]) == 0
    capsys.readouterr()
    case = get_case(demo_db, case.id)
    dialog = PenaltyChoiceDialog(demo_db, case, prompts)
    qtbot.addWidget(dialog)
    keys = [dialog.factors.item(i).data(256) for i in range(dialog.factors.count())]
    assert "local_repeat_offender" not in keys  # no box for it: the data does not define it
    dialog.validate()
    assert "local_repeat_offender" in dialog.suggestion.text() and "not counted" in dialog.suggestion.text()
    # the officer unticks the circumstance the data defines and saves: the station's own one stays recorded
    item = dialog.factors.item(keys.index("cooperated"))
    assert item.checkState() == Qt.CheckState.Checked
    item.setCheckState(Qt.CheckState.Unchecked)
    assert dialog.validate() == {}
    dialog.save()
    assert dialog.saved is not None, prompts.errors
    assert get_case(demo_db, case.id).discretion_factors == ["local_repeat_offender"]


# ---- (second read) a table of party classes inside another; bands of the tiers the program sets itself ----------


def _line_of(path: Path, text: str) -> int:
    written = path.read_text(encoding="utf-8")
    return written[:written.index(text)].count("\n") + 1


@pytest.mark.parametrize(("old", "new", "said"), [
    ('party_classes = { individual_business = "natural_person" }',
     'party_classes = { individual_busines = "natural_person" }',
     "legal_review.party_classes.individual_busines: unknown key; the keys of [legal_review.party_classes] are "),
    ('party_classes = { individual_business = "natural_person" }',
     'party_classes = { individual_business = "natural_persn" }',
     "legal_review.party_classes.individual_business must be one of "),
])
def test_a_party_class_written_inline_is_refused_naming_its_table_and_line(station, english, old, new, said):
    copy = _copy(station, "thresholds", old, new)
    problem = _refused(station, "thresholds")
    assert said in problem, problem
    assert "the keys of [legal_review] are" not in problem, problem  # not the keys of the table it is in
    assert f"line {_line_of(copy, new)}:" in problem, problem  # the line of party_classes = { … }, not [legal_review]
    assert thresholds.party_class("individual_business") == "natural_person"  # the shipped values meanwhile


def test_a_party_class_under_its_own_header_is_refused_on_its_own_line(station, english):
    text = paths.resource("law", "thresholds.toml").read_text(encoding="utf-8")
    text = text.replace('party_classes = { individual_business = "natural_person" }\n', "", 1)
    at = text.index("[[legal_review.grounds]]")
    copy = station / "law" / "thresholds.toml"
    copy.write_text(text[:at] + '[legal_review.party_classes]\n# 个体工商户\nindividual_busines = "natural_person"\n\n'
                    + text[at:], encoding="utf-8")
    problem = _refused(station, "thresholds")
    assert "legal_review.party_classes.individual_busines: unknown key; the keys of [legal_review.party_classes] " \
           "are " in problem, problem
    assert f"line {_line_of(copy, 'individual_busines =')}:" in problem, problem


def test_the_top_level_party_classes_are_named_as_before(station, english):
    copy = _copy(station, "thresholds", 'individual_business = "natural_person"       #',
                 'individual_busines = "natural_person"       #')
    problem = _refused(station, "thresholds")
    assert "party_classes.individual_busines: unknown key; the keys of [party_classes] are " in problem, problem
    assert f"line {_line_of(copy, 'individual_busines =')}:" in problem, problem


@pytest.mark.parametrize("tier", ["reduced", "no_penalty"])
def test_a_band_of_a_tier_the_program_sets_itself_is_refused_naming_it(station, english, tier):
    copy = _copy(station, "discretion", '{ tier = "lighter", from = 0, to = 30 }', f'{{ tier = "{tier}", from = 0, '
                 'to = 30 }')
    problem = _refused(station, "discretion")
    assert f'styles.percent_of_range.bands.tier: "{tier}" has no band of the range' in problem, problem
    assert "lighter, ordinary, heavier" in problem, problem
    assert f"line {_line_of(copy, 'bands = [')}:" in problem, problem
    assert [b.tier for b in discretion.tiers(100_000, 1_000_000)] == ["reduced", "lighter", "ordinary", "heavier"]
