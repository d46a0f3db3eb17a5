"""A merge's case summary counts a case as updated (更新) when its own row is the same but some of its records — a
payment (case event), a clock event, a document, a party … — were added, updated or deleted by the import: an
incremental bundle carrying only a case's second payment no longer reads "新增案件0件、更新0件、未变1件" at
headquarters (HQ audit, session 75). So say ``bundle import`` (text, and the JSON's ``case_counts``; the four counts
CLI.md documents stay those of the records), the 导入记录 list's 案件 column and the exchange page's summary; a case
sent again with nothing of it changed stays 未变."""

from __future__ import annotations

import contextlib
import io
from dataclasses import replace
from pathlib import Path

import pytest

from tests.helpers import copy_station_and_hq, open_db, run, run_json

PAID = "佛南市监立〔2026〕8号"  # a demo case 已送达: given a fine, then paid in part
TESTED = "佛南市监立〔2026〕9号"  # a demo case with one clock event (检测), removed at the station


def _cli(*argv) -> None:
    from workstation.cli import main

    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()) as err:
        assert main([str(a) for a in argv]) == 0, err.getvalue()


@pytest.fixture(scope="module")
def first_merge(station_and_hq_template, tmp_path_factory):
    """The station (PAID given a fine of 20,000 yuan) after its first bundle was merged at headquarters."""
    import gc

    from workstation.store import find_case, update_case

    root = copy_station_and_hq(station_and_hq_template(), tmp_path_factory.mktemp("s75-summary"))
    db = open_db(root / "station")
    update_case(db, replace(find_case(db, PAID), fine_fen=2_000_000))
    db.conn.close()
    _cli("--data-dir", root / "station", "bundle", "export", "-o", root / "one.bundle")
    _cli("--data-dir", root / "hq", "station", "trust", root / "station.card")
    _cli("--data-dir", root / "hq", "bundle", "import", root / "one.bundle")
    gc.collect()
    return root


@pytest.fixture
def merged(first_merge, tmp_path):
    return copy_station_and_hq(first_merge, tmp_path)


def _pay_in_part(dirs: Path, name: str = "two.bundle") -> Path:
    """PAID paid 5,000 of its 20,000 yuan at the station (it stays 已送达: its row unchanged), then exported."""
    _cli("--data-dir", dirs / "station", "cases", "transition", PAID, "record_performance", "--paid", "5000",
         "--date", "2026-11-20")
    _cli("--data-dir", dirs / "station", "bundle", "export", "-o", dirs / name)
    return dirs / name


def _kept_cases_text(data_dir: Path) -> str:
    """The 导入记录 list's 案件 cell of the last merge (as the exchange page writes it)."""
    from workstation.bundle.import_log import case_counts, cases_text

    db = open_db(data_dir)
    try:
        return cases_text(list(case_counts(db).values())[-1])
    finally:
        db.conn.close()


def test_a_bundle_carrying_only_a_payment_says_its_case_was_updated(capsys, merged, chinese):
    bundle = _pay_in_part(merged)
    hq = merged / "hq"
    code, out, _err = run(capsys, "--data-dir", hq, "bundle", "import", bundle, "--dry-run")
    assert code == 0
    assert out.startswith(f"{bundle}：预计新增案件0件、更新1件、未变0件、冲突0件（共"), out
    assert "新增1条" in out  # the payment, among the records
    code, out, _err = run(capsys, "--data-dir", hq, "bundle", "import", bundle)
    assert code == 0
    assert out.startswith(f"{bundle}：已合并，新增案件0件、更新1件、未变0件、冲突0件（共"), out
    assert "未变1件" not in out
    # the 导入记录 list says the same of the merge
    assert _kept_cases_text(hq) == "新增案件0件、更新1件、未变0件、冲突0件"
    db = open_db(hq)
    try:
        paid = db.execute("SELECT COUNT(*) FROM case_events e JOIN cases c ON c.id = e.case_id WHERE "
                          "c.case_number = ? AND e.kind = 'payment'", [PAID]).fetchone()[0]
    finally:
        db.conn.close()
    assert paid == 1


def test_the_json_keeps_the_record_counts_and_gives_the_cases_apart(capsys, merged):
    bundle = _pay_in_part(merged)
    for extra in (["--dry-run"], []):
        result = run_json(capsys, "--data-dir", merged / "hq", "bundle", "import", bundle, *extra)
        # CLI.md's four keys count records, as before: the payment is the one new record
        assert (result["new"], result["updated"], result["conflicts"]) == (1, 0, 0)
        assert result["case_counts"] == {"new": 0, "updated": 1, "unchanged": 0, "conflicts": 0}


def test_a_clock_event_removed_at_the_station_counts_its_case_as_updated(capsys, merged, english):
    db = open_db(merged / "station")
    try:
        event = db.execute("SELECT e.id FROM clock_events e JOIN cases c ON c.id = e.case_id WHERE c.case_number = ?",
                           [TESTED]).fetchone()[0]
    finally:
        db.conn.close()
    _cli("--data-dir", merged / "station", "clocks", "remove", event, "--reason", "登记错误")
    _cli("--data-dir", merged / "station", "bundle", "export", "-o", merged / "two.bundle")
    code, out, _err = run(capsys, "--data-dir", merged / "hq", "bundle", "import", merged / "two.bundle")
    assert code == 0
    assert "merged cases: 0 new, 1 updated, 0 unchanged, 0 in conflict;" in out, out
    db = open_db(merged / "hq")
    try:
        assert db.execute("SELECT COUNT(*) FROM clock_events WHERE id = ?", [event]).fetchone()[0] == 0
    finally:
        db.conn.close()


def test_a_case_sent_again_with_nothing_changed_stays_unchanged(capsys, merged, english):
    _cli("--data-dir", merged / "station", "bundle", "export", "-o", merged / "again.bundle", "--case", PAID)
    code, out, _err = run(capsys, "--data-dir", merged / "hq", "bundle", "import", merged / "again.bundle")
    assert code == 0
    assert "merged cases: 0 new, 0 updated, 1 unchanged, 0 in conflict;" in out, out
    assert _kept_cases_text(merged / "hq") == "cases: 0 new, 0 updated, 1 unchanged, 0 in conflict"


@pytest.mark.gui
def test_the_exchange_page_says_the_paid_case_was_updated(merged, qtbot, prompts, english):
    from PySide6.QtCore import Qt

    from tests.test_ui_exchange import merge_through
    from ui.exchange_page import ExchangePage
    from ui.task_runner import ImmediateRunner

    bundle = _pay_in_part(merged)
    db = open_db(merged / "hq")
    try:
        page = ExchangePage(db, merged / "hq", prompts, ImmediateRunner())
        qtbot.addWidget(page)
        prompts.confirm_answer = True
        merge_through(page, bundle)
        assert prompts.errors == []
        assert prompts.infos[-1].startswith(
            "two.bundle: merged cases: 0 new, 1 updated, 0 unchanged, 0 in conflict; "), prompts.infos[-1]
        model = page.imports_model
        column = next(c for c in range(model.columnCount())
                      if model.headerData(c, Qt.Orientation.Horizontal) == "Cases")
        files = [model.index(r, 1).data() for r in range(model.rowCount())]
        assert model.index(files.index("two.bundle"), column).data() == \
            "cases: 0 new, 1 updated, 0 unchanged, 0 in conflict"
    finally:
        db.conn.close()


def _plan(*changes):
    from workstation.bundle.merge import MergePlan

    return MergePlan("b", {"id": "s"}, "trusted", False, list(changes), [])


def test_each_kind_of_a_case_s_record_counts_its_case_as_updated():
    from workstation.bundle.merge import Change

    def case(key, status="unchanged", parties=()):
        return Change("cases", key, status, key, incoming={"id": key, "_parties": [[p, "party", 0] for p in parties]})

    plan = _plan(
        case("c1"), Change("clock_events", "e1", "deleted", "e1", local={"id": "e1", "case_id": "c1"}),
        case("c2", parties=["p2"]), Change("parties", "p2", "updated", "p2", incoming={"id": "p2"}),
        case("c3"), Change("documents", "d3", "unchanged", "d3", incoming={"id": "d3", "case_id": "c3"}),
        Change("doc_numbers", "n3", "updated", "n3", incoming={"id": "n3", "document_id": "d3"}),
        case("c4"), Change("evidence", "v4", "new", "v4", incoming={"id": "v4", "case_id": "c4"}),
        # records left as they are change nothing of their case
        case("c5", parties=["p5"]), Change("parties", "p5", "unchanged", "p5", incoming={"id": "p5"}),
        Change("case_events", "x5", "unchanged", "x5"),
        case("c6"), case("c7", "updated"), case("c8", "new"),
        # a case whose own row is in conflict counts as in conflict, whatever its records
        case("c9", "conflict"), Change("case_events", "x9", "new", "x9", incoming={"id": "x9", "case_id": "c9"}))
    assert plan.case_counts() == {"new": 1, "updated": 5, "unchanged": 2, "conflicts": 1}
    # the records by table are counted as before: the cases by their rows
    assert plan.by_table()["cases"] == {"new": 1, "updated": 1, "unchanged": 6, "conflicts": 1}


def _case(key, status="unchanged"):
    from workstation.bundle.merge import Change

    return Change("cases", key, status, key, incoming={"id": key, "_parties": []})


def test_a_record_in_conflict_but_partly_merged_counts_its_case_as_updated():
    """A record in conflict is still written in part (its fields not in conflict taken, a 文号 taken twice merged:
    ``apply_merge``): its case, whose own row is unchanged, is updated. One whose every differing field is kept
    for the analyst changes nothing of its case."""
    from workstation.bundle.merge import Change, FieldChange

    def field_change(name, action):
        return FieldChange(name, "here", "there", "before", action)

    plan = _plan(
        _case("c1"), Change("evidence", "v1", "conflict", "v1", [field_change("note", "take"),
                                                                  field_change("title", "conflict")],
                            incoming={"id": "v1", "case_id": "c1"}, local={"id": "v1", "case_id": "c1"}),
        _case("c2"), Change("documents", "d2", "unchanged", "d2", incoming={"id": "d2", "case_id": "c2"}),
        Change("doc_numbers", "n2", "conflict", "n2", [field_change("number", "conflict")],
               incoming={"id": "n2", "document_id": "d2"}, merged_in_conflict=True),
        _case("c3"), Change("clock_events", "e3", "conflict", "e3", [field_change("day", "conflict")],
                            incoming={"id": "e3", "case_id": "c3"}, local={"id": "e3", "case_id": "c3"}))
    assert plan.case_counts() == {"new": 0, "updated": 2, "unchanged": 1, "conflicts": 0}


def test_a_record_moved_to_another_case_counts_both_cases_as_updated():
    """A clock event the station moved from one case to another changes both: the one it leaves (the case named
    by the copy held here) as well as the one it joins."""
    from workstation.bundle.merge import Change, FieldChange

    plan = _plan(_case("c1"), _case("c2"), _case("c3"),
                 Change("clock_events", "e1", "updated", "e1", [FieldChange("case_id", "c1", "c2", "c1", "take")],
                        incoming={"id": "e1", "case_id": "c2"}, local={"id": "e1", "case_id": "c1"}))
    assert plan.case_counts() == {"new": 0, "updated": 2, "unchanged": 1, "conflicts": 0}


def test_the_import_log_keeps_the_case_counts_it_is_given(db, english):
    from workstation.bundle.import_log import case_counts, cases_text, keep_case_counts

    keep_case_counts(db, "import-1", {"new": 2, "updated": 1, "unchanged": 4})
    assert cases_text(case_counts(db)["import-1"]) == "cases: 2 new, 1 updated, 4 unchanged, 0 in conflict"


def test_the_summary_says_the_case_counts_of_the_result(english):
    from workstation.bundle.import_log import merge_summary

    result = {"new": 3, "updated": 1, "unchanged": 0, "conflicts": 0,
              "case_counts": {"new": 1, "updated": 1, "unchanged": 0, "conflicts": 0}}
    assert merge_summary("h0.bundle", result) == (
        "h0.bundle: merged cases: 1 new, 1 updated, 0 unchanged, 0 in conflict; 4 records in all: 3 new, "
        "1 updated, 0 unchanged, 0 in conflict.")
    assert merge_summary("h0.bundle", {"new": 0, "updated": 0, "unchanged": 0, "conflicts": 0}, dry_run=True) \
        .startswith("h0.bundle: would merge cases: 0 new, 0 updated, 0 unchanged, 0 in conflict; 0 records")


def test_an_import_works_out_its_case_counts_once(capsys, merged, monkeypatch):
    """The cases of a merge are worked out once (a pass over every change of the bundle), kept in the 导入记录
    list and given in the result as the same counts; the dry run and a bundle imported before give them too."""
    from workstation.bundle.merge import MergePlan

    worked_out = []
    real = MergePlan.case_counts

    def counted(plan):
        worked_out.append(len(plan.changes))
        return real(plan)

    monkeypatch.setattr(MergePlan, "case_counts", counted)
    bundle = _pay_in_part(merged)
    hq = merged / "hq"
    paid = {"new": 0, "updated": 1, "unchanged": 0, "conflicts": 0}
    assert run_json(capsys, "--data-dir", hq, "bundle", "import", bundle, "--dry-run")["case_counts"] == paid
    assert len(worked_out) == 1
    worked_out.clear()
    assert run_json(capsys, "--data-dir", hq, "bundle", "import", bundle)["case_counts"] == paid
    assert len(worked_out) == 1
    db = open_db(hq)
    try:
        from workstation.bundle.import_log import case_counts

        assert list(case_counts(db).values())[-1] == paid
    finally:
        db.conn.close()
    again = run_json(capsys, "--data-dir", hq, "bundle", "import", bundle)
    assert again["already_imported"] is True
    assert again["case_counts"] == {"new": 0, "updated": 0, "unchanged": 0, "conflicts": 0}
