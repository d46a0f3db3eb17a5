"""The criminal audit (session 67): the case's sum of several evidence files tells people apart as one file's count
does — a phone number under two names is two people, in one file or across several — so it is never above the
distinct people of the files (the 5,000 threshold rests on it); recording the transfer to the police of a case whose
own assessment stays below the thresholds is warned of, with the 移送书's wording; and the law panel of a case with
the police says so when the counts recorded now do not reach the thresholds, or changed since its 移送书 (a figure the
letter leaves blank is none; a result turned by a prior penalty or the duty status is not blamed on the counts). A
name is compared as one person writes it (NFKC, no whitespace, case folded), a row of a blank name on a phone of two
names is one of them, and the count holds no name."""

from __future__ import annotations

import csv
import io
import random
from dataclasses import replace

import pytest

from PySide6.QtWidgets import QLabel

from tests.helpers import run
from tests.test_police10 import issue_letter
from workstation import procedure
from workstation.case_records import Evidence
from workstation.evidence_count import apply_count, count_bytes, identities, overlap
from workstation.store import get_case
from workstation.store.cases import update_case
from workstation.store.evidence import add_evidence
from workstation.validators import id_check_character

HEADER = ["姓名", "手机号码", "身份证号码"]


def _csv(rows) -> bytes:
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerows(rows)
    return text.getvalue().encode("utf-8")


def _id18(first17: str) -> str:
    return first17 + id_check_character(first17)


def _file(rows, columns=HEADER) -> list[list[str]]:
    """``rows`` as (name, phone, id) written under ``columns`` (a file without a name or ID column leaves it out)."""
    where = [HEADER.index(c) for c in columns]
    return [list(columns)] + [[row[i] for i in where] for row in rows]


def _total(files: list[list[list[str]]]) -> tuple[int, int]:
    """(the case's figure of the files counted into E, the figure the old rule gave: people matched by their
    numbers alone)."""
    counts = [count_bytes(f"{n}.csv", _csv(rows)) for n, rows in enumerate(files)]
    items = [Evidence(case_id="c", sha256=str(n), file_name=f"{n}.csv", size=1, record_count=count.distinct,
                      record_category="other") for n, count in enumerate(counts)]
    first = replace(counts[0], others={item.id: count.numbers for item, count in zip(items, counts, strict=True)})
    listed = sum(count.distinct for count in counts)
    old = len(set(identities([person for count in counts for person in count.numbers])))
    return listed - overlap(first, items[0], items, "other").repeated, old


def _together(files: list[list[list[str]]]) -> int:
    """The distinct people of the files' rows as one file (their columns joined, a column a file lacks blank)."""
    rows = [HEADER]
    for rows_of in files:
        header = rows_of[0]
        rows += [[row[header.index(c)] if c in header else "" for c in HEADER] for row in rows_of[1:]]
    return count_bytes("all.csv", _csv(rows)).distinct


# 1. the case's sum of several files ---------------------------------------------------------------------------
def test_a_copy_of_a_list_with_a_shared_phone_adds_no_one():
    a = _file([("张三", "13900000001", ""), ("李四", "13900000001", ""), ("王五", "13900000002", "")],
              ["姓名", "手机号码"])
    b = _file([("张三", "13900000001", ""), ("王五", "13900000002", "")], ["姓名", "手机号码"])
    assert count_bytes("a.csv", _csv(a)).distinct == 3
    assert _total([a, b])[0] == 3  # was 3 + 2 − 1 = 4
    assert _total([a, a])[0] == 3


def test_a_list_near_the_threshold_registered_twice_stays_at_its_own_count():
    rows = [(f"业主{n}", f"138{n:08d}", "") for n in range(4_979)]
    rows += [(f"共有人{n}", f"138{n:08d}", "") for n in range(20)]  # 20 phones of two owners each
    listed = _file(rows, ["姓名", "手机号码"])
    own = count_bytes("a.csv", _csv(listed)).distinct
    assert own == 4_999
    assert _total([listed, listed])[0] == 4_999  # was 5,019 + 5,019 − 4,999 = 5,039 over the threshold


def test_one_phone_under_two_names_in_two_files_is_two_people_as_in_one_file():
    a = _file([("张三", "13900000001", "")], ["姓名", "手机号码"])
    b = _file([("李四", "13900000001", "")], ["姓名", "手机号码"])
    assert _together([a, b]) == 2
    assert _total([a, b])[0] == 2


def test_a_file_without_names_and_id_numbers_join_people_as_in_one_file():
    named = _file([("张三", "13900000001", _id18("44060219750101000")), ("李四", "13900000001", ""),
                   ("王五", "13900000002", "")])
    unnamed = _file([("", "13900000001", ""), ("", "13900000002", _id18("44060219750101000"))],
                    ["手机号码", "身份证号码"])
    total, _old = _total([named, unnamed])
    assert total <= _together([named, unnamed])
    assert _total([unnamed, named])[0] == total  # whichever file is counted first


@pytest.mark.parametrize("seed", range(60))
def test_the_sum_is_never_above_the_people_of_the_files_and_is_the_old_one_without_a_phone_of_two_names(seed):
    draw = random.Random(seed)
    phones = [f"1390000000{n}" for n in range(3)]
    ids = [_id18(f"4406021975010100{n}") for n in range(3)]
    names = ["张三", "李四", "王五", ""]
    layouts = [HEADER, ["姓名", "手机号码"], ["手机号码", "身份证号码"], ["手机号码"]]
    files = []
    for _n in range(draw.randint(2, 4)):
        layout = draw.choice(layouts)
        rows = [(draw.choice(names), draw.choice(phones), "")]  # a valid number in every file
        for _r in range(draw.randint(0, 8)):
            phone = draw.choice([*phones, "139****0001", ""])  # a masked number is no one's
            rows.append((draw.choice(names), phone, draw.choice([*ids, "", "", ""])))
        files.append(_file(rows, layout))
    total, old = _total(files)
    assert total <= _together(files), files
    named = {}
    for rows_of in files:
        if "姓名" in rows_of[0]:
            for row in rows_of[1:]:
                if row[0] and row[1]:
                    named.setdefault(row[1], set()).add(row[0])
    if all(len(n) < 2 for n in named.values()):  # no phone under two names: as before
        assert total == old, files


def test_the_case_figure_counts_a_list_and_its_copy_once(db, data_dir, make_case, tmp_path):
    case = make_case(status="investigating", filed_on="2026-03-02")
    rows = [["姓名", "手机号码"], ["张三", "13900000001"], ["李四", "13900000001"], ["王五", "13900000002"]]
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_bytes(_csv(rows))
    b.write_bytes(_csv([rows[0], rows[1], rows[3]]))
    first = add_evidence(db, data_dir, case.id, a, kind="customer_list")
    second = add_evidence(db, data_dir, case.id, b, kind="customer_list")
    apply_count(db, data_dir, case.id, first.id, "other")
    applied = apply_count(db, data_dir, case.id, second.id, "other")
    assert applied.case.records_other == 3


# 2. the transfer of a case below the thresholds --------------------------------------------------------------
MESSAGES, PROVIDING = "unsolicited_commercial_messages", "illegal_provision_or_leak"
# a case whose violations are not the offence's conduct is told that first (s76), its counts below in the steps
BELOW = "are not the selling, providing or illegal obtaining of personal information"


def test_recording_the_transfer_below_the_thresholds_is_warned_as_the_letter_is(db, make_case, english):
    from workstation.concluding import transfer_warnings
    from workstation.documents.stage_rules import stage_warnings

    case = make_case(status="investigating", filed_on="2026-11-02", records_other=540, violations=[MESSAGES],
                     facts="经查")
    told = [w.message for w in transfer_warnings(db, case) if BELOW in w.message]
    assert len(told) == 1
    assert told[0] in stage_warnings(db, case, "police_transfer", {"issued_on": "2026-11-13"})  # one wording
    serious = make_case(status="investigating", filed_on="2026-11-02", records_other=6_000, violations=[PROVIDING],
                        facts="经查")
    assert not [w for w in transfer_warnings(db, serious) if BELOW in w.message]
    empty = make_case(status="investigating", filed_on="2026-11-02", facts="经查")
    assert [w for w in transfer_warnings(db, empty) if "records no personal-information records" in w.message]


def test_the_command_line_records_the_transfer_and_warns(capsys, db, data_dir, make_case, english):
    case = make_case(status="investigating", filed_on="2026-11-02", records_other=540, violations=[MESSAGES],
                     facts="经查")
    code, out, err = run(capsys, "--data-dir", data_dir, "cases", "transition", case.case_number,
                         "transfer_to_police", "--date", "2026-11-20", "--reason", "涉嫌犯罪")
    assert code == 0, err
    assert ("Warning: The transfer to the police is recorded although the violations recorded are not the selling"
            in out and "do not reach" in out), out
    assert get_case(db, case.id).status == "transferred_police"


# 3. the law panel of a case with the police -------------------------------------------------------------------
def _verdict(qtbot, db, case) -> str:
    from ui.case_law import CaseLawBox

    box = CaseLawBox(db, get_case(db, case.id), None)
    qtbot.addWidget(box)
    return box.findChild(QLabel, "criminal_verdict").text()


@pytest.mark.gui
def test_the_panel_of_a_case_transferred_below_the_thresholds_says_so(qtbot, db, make_case, english):
    case = make_case(status="investigating", filed_on="2026-11-02", records_other=540, violations=[MESSAGES],
                     facts="经查")
    procedure.apply(db, case.id, "transfer_to_police", on_date="2026-11-13", reason="涉嫌犯罪")
    text = _verdict(qtbot, db, case)
    assert "the computation that led to it follows" not in text, text
    assert "do not reach the criminal thresholds" in text, text


@pytest.mark.gui
def test_the_panel_says_the_counts_changed_since_the_letter(qtbot, db, data_dir, make_case, english):
    case = make_case(status="investigating", filed_on="2026-03-02", records_other=6_000, violations=[PROVIDING],
                     facts="经查")
    letter = issue_letter(db, data_dir, case)
    procedure.apply(db, case.id, "transfer_to_police", on_date="2026-04-21", reason="涉嫌犯罪")
    assert _verdict(qtbot, db, case) == ("The case was transferred to the police; the computation that led to it "
                                         "follows.")
    update_case(db, replace(get_case(db, case.id), records_other=7_000))  # still serious, but other figures
    text = _verdict(qtbot, db, case)
    assert letter.number in text and "6,000" in text and "7,000" in text, text
    assert "the counts recorded now" in text and "do not reach" not in text, text
    update_case(db, replace(get_case(db, case.id), records_other=4_000))
    text = _verdict(qtbot, db, case)
    assert "do not reach the criminal thresholds" in text and "4,000" in text and letter.number in text, text


# 4. names as one person writes them, a blank name, what the count keeps ------------------------------------------
P = "13900000001"


def _named(*names: str) -> list[list[str]]:
    return _file([(name, P, "") for name in names], ["姓名", "手机号码"])


@pytest.mark.parametrize(("one", "other"), [("张三", "张　三"), ("ＺhangSan", "ZhangSan"), ("Zhang San", "ZHANG SAN"),
                                            ("张三", " 张三\t")])
def test_one_name_written_two_ways_is_one_person_in_a_file_and_across_files(one, other):
    assert count_bytes("a.csv", _csv(_named(one, other, "李四"))).distinct == 2
    assert _total([_named(one, "李四"), _named(other)])[0] == 2


@pytest.mark.parametrize("other", ["張三", "张三（业主）"])
def test_names_that_differ_in_more_than_their_writing_stay_two_people(other):
    # traditional and simplified characters, or a name with a note, are not taken as one name: two people
    assert count_bytes("a.csv", _csv(_named("张三", other))).distinct == 2
    assert _total([_named("张三"), _named(other)])[0] == 2


def test_a_blank_name_on_a_phone_of_two_names_is_one_of_them_not_a_third():
    rows = _named("张三", "李四", "")
    assert count_bytes("a.csv", _csv(rows)).distinct == 2
    splits = [[_named("张三", "李四"), _named("")], [_named("张三"), _named("李四", "")], [_named(""), _named("张三"),
              _named("李四")], [_named("张三", "李四"), _file([("", P, "")], ["手机号码"])]]
    for files in splits:
        assert _together(files) == 2, files
        assert _total(files)[0] == 2, files
        assert _total(list(reversed(files)))[0] == 2, files


def test_a_blank_name_on_a_phone_of_one_name_is_that_person():
    assert count_bytes("a.csv", _csv(_named("张三", ""))).distinct == 1
    assert _total([_named("张三"), _named("")])[0] == 1
    assert _total([_named(""), _named("张三"), _file([("", P, "")], ["手机号码"])])[0] == 1


@pytest.mark.parametrize(("a_names", "b_names", "total"), [(("张三",), ("张三", "李四"), 2),
                                                           (("张三", ""), ("张三", "李四", ""), 2)])
def test_the_names_lower_an_old_over_count(a_names, b_names, total):
    # file B gives the phone under two names, file A under one of them: its person is B's 张三 (the rule before gave
    # 1 + 2 = 3, B's people written apart and A's phone matching neither)
    a, b = _named(*a_names), _named(*b_names)
    listed = count_bytes("a.csv", _csv(a)).distinct + count_bytes("b.csv", _csv(b)).distinct
    assert listed == 3
    assert _total([a, b])[0] == _total([b, a])[0] == total == _together([a, b])


@pytest.mark.parametrize("seed", range(40))
def test_without_id_numbers_the_files_combined_count_as_one_file(seed):
    draw = random.Random(seed)
    phones = [f"1390000000{n}" for n in range(3)]
    names = ["张三", "张 三", "李四", "ＬＩ　si", "li SI", ""]
    files = []
    for _n in range(draw.randint(2, 4)):
        layout = draw.choice([["姓名", "手机号码"], ["手机号码"]])
        rows = [(draw.choice(names), draw.choice(phones), "") for _r in range(draw.randint(1, 6))]
        files.append(_file(rows, layout))
    total, _old = _total(files)
    assert total == _together(files), files


def test_the_count_keeps_no_name():
    count = count_bytes("a.csv", _csv(_named("张三", "李四", "王五") + [["赵六", "13900000002"]]))
    assert count.distinct == 4
    held = repr(sorted(count.numbers)) + repr(dict(count.numbers.names)) + repr(dict(count.numbers.shared))
    assert not any(name in held for name in ("张三", "李四", "王五", "赵六")), held
    assert all(isinstance(value, int) for value in count.numbers.names.values())


# 5. the letter's figures against the case now ------------------------------------------------------------------
def test_the_transfer_document_carries_the_values_it_was_issued_with(db, data_dir, make_case):
    case = make_case(status="investigating", filed_on="2026-03-02", records_other=6_000, violations=[PROVIDING],
                     facts="经查")
    letter = issue_letter(db, data_dir, case)
    found = procedure.transfer_document(db, get_case(db, case.id))
    assert found.number == letter.number
    assert found.values["records_other"] == letter.values["records_other"]
    assert found.values["issued_on"] == "2026-04-20"


@pytest.mark.gui
def test_a_figure_the_letter_leaves_blank_is_not_a_change(qtbot, db, data_dir, make_case, english):
    case = make_case(status="investigating", filed_on="2026-03-02", records_other=6_000, violations=[PROVIDING],
                     facts="经查")
    from tests.test_police10 import ADDRESS
    from workstation.documents.drafts import find_form
    from workstation.documents.issuing import issue_document

    # the officer cleared the field: the letter states no such figure
    letter = issue_document(db, data_dir, case, find_form("police_transfer"),
                            {"party_address": ADDRESS, "issued_on": "2026-04-20", "records_trace": ""})
    assert letter.values.get("records_trace") in (None, "")
    procedure.apply(db, case.id, "transfer_to_police", on_date="2026-04-21", reason="涉嫌犯罪")
    update_case(db, replace(get_case(db, case.id), records_trace=20))
    text = _verdict(qtbot, db, case)
    assert "in the letter" not in text, text


@pytest.mark.gui
@pytest.mark.parametrize("changed", [{"prior_punished": False}, {"duty_related": False}])
@pytest.mark.parametrize("counts_too", [False, True])
def test_a_result_turned_by_a_prior_penalty_or_the_duty_is_said_so(qtbot, db, data_dir, make_case, english, changed,
                                                                    counts_too):
    fields = {"prior_punished": True, "records_other": 100} if "prior_punished" in changed else \
        {"duty_related": True, "records_other": 3_000}
    case = make_case(status="investigating", filed_on="2026-03-02", violations=[PROVIDING], facts="经查", **fields)
    issue_letter(db, data_dir, case)
    procedure.apply(db, case.id, "transfer_to_police", on_date="2026-04-21", reason="涉嫌犯罪")
    assert _verdict(qtbot, db, case).startswith("The case was transferred to the police; the computation")
    now = {**changed, **({"records_other": fields["records_other"] + 10} if counts_too else {})}
    update_case(db, replace(get_case(db, case.id), **now))
    text = _verdict(qtbot, db, case)
    assert "do not reach the criminal thresholds" in text, text
    assert "a prior penalty, the duty-related status" in text, text
    assert "the counts were changed since" not in text and ": they changed since" not in text, text
    assert ("in the letter" in text) is counts_too, text


@pytest.mark.gui
def test_the_panel_of_a_case_the_police_opened_starts_with_one_sentence(qtbot, db, data_dir, make_case, english):
    from workstation.records import ClockEvent
    from workstation.store.clock_events import record_clock_event

    case = make_case(status="investigating", filed_on="2026-03-02", records_other=6_000, violations=[PROVIDING],
                     facts="经查")
    issue_letter(db, data_dir, case)
    procedure.apply(db, case.id, "transfer_to_police", on_date="2026-04-21", reason="涉嫌犯罪")
    record_clock_event(db, ClockEvent(case_id=case.id, kind="police_filed", starts_on="2026-04-23"))
    opened = ("The police opened a criminal case: the case is theirs, and no administrative penalty is imposed in its "
              "place (transfer rules art. 11; Penalty Law art. 82).")
    text = _verdict(qtbot, db, case)
    assert text.startswith(opened + " The computation that led to the transfer follows."), text
    update_case(db, replace(get_case(db, case.id), records_other=4_000))
    text = _verdict(qtbot, db, case)
    assert text.startswith(opened + "\n") and "4,000" in text, text


def test_the_command_line_says_the_transfer_below_the_thresholds_as_done(capsys, db, data_dir, make_case, english):
    case = make_case(status="investigating", filed_on="2026-11-02", records_other=540, violations=[MESSAGES],
                     facts="经查")
    code, out, err = run(capsys, "--data-dir", data_dir, "cases", "transition", case.case_number,
                         "transfer_to_police", "--date", "2026-11-20", "--reason", "涉嫌犯罪")
    assert code == 0, err
    assert "Transfer it only on" not in out, out
    assert ("The transfer to the police is recorded although the violations recorded are not the selling" in out
            and "do not reach" in out), out
