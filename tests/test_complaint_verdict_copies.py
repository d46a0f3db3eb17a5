"""A complaint received through two channels (its copies linked by ``same_as``) is corrected as one: the officer's
verdict and its clearing change every copy in one transaction, each audited, a copy in a decided lead refuses it
for all, the command line and the window say how many copies changed, and ``--reason`` with ``--clear`` is a usage
error."""

import re

import pytest

from tests.helpers import run, run_json
from tests.test_complaint_verdict import CALLER, LEAK, LEAK2, MASKED_CALLER, add, complaint
from workstation.errors import TransitionRefused
from workstation.screening import screen
from workstation.screening.verdict import correct_complaint


def add_copy(db, external_id: str, of: str, text: str = LEAK) -> str:
    """The consumer council's copy ``external_id`` of the hotline's complaint ``of``, linked to it."""
    first = complaint(db, of)["id"]
    copy_id = f"copy-{external_id}"
    db.execute("INSERT INTO complaints (id, source, channel, external_id, received_at, text, same_as, created_at) "
               "VALUES (?, 'consumer_council', 'consumer_council', ?, '2026-03-02 11:00:00', ?, ?, "
               "'2026-03-31T00:00:00+08:00')", [copy_id, external_id, text, first])
    return copy_id


def verdicts(db, *external_ids) -> list:
    return [complaint(db, e)["verdict"] for e in external_ids]


def audited(db, complaint_id: str) -> list[str]:
    return [r[0] for r in db.execute("SELECT action FROM audit WHERE entity = 'complaint' AND entity_id = ? "
                                     "ORDER BY seq", [complaint_id])]


def test_a_correction_and_its_clearing_change_every_linked_copy_each_audited(db):
    add(db, [("V1", LEAK), ("V2", LEAK2)])
    first = add_copy(db, "C1", "V1")
    second = add_copy(db, "C2", "V1")  # a third channel's copy, linked to the same first one
    screen(db)
    result = correct_complaint(db, "C1", "unrelated", "误判：号码被冒用")  # named by one copy: all of them change
    assert sorted(result.copies) == sorted([complaint(db, "V1")["id"], second])
    assert result.as_dict()["copies"] and result.id == first
    assert verdicts(db, "V1", "C1", "C2", "V2") == ["unrelated", "unrelated", "unrelated", None]
    for external_id in ("V1", "C1", "C2"):
        row = complaint(db, external_id)
        assert (row["category"], row["lead_id"], row["verdict_reason"]) == ("", None, "误判：号码被冒用")
    result = correct_complaint(db, "V1", None)
    assert len(result.copies) == 2
    assert verdicts(db, "V1", "C1", "C2") == [None, None, None]
    assert all(complaint(db, e)["category"] for e in ("V1", "C1", "C2"))  # screening's own reading again
    for copy_id in (complaint(db, "V1")["id"], first, second):
        assert audited(db, copy_id) == ["correct", "uncorrect"]


def test_a_copy_in_a_decided_lead_refuses_the_correction_for_every_copy(db):
    add(db, [("V1", LEAK), ("V2", LEAK2)])
    add_copy(db, "C1", "V1")
    screen(db)
    lead_id = complaint(db, "C1")["lead_id"] or complaint(db, "V1")["lead_id"]
    db.execute("UPDATE complaints SET lead_id = ? WHERE external_id IN ('V1', 'C1')", [lead_id])
    db.execute("UPDATE leads SET status = 'not_filed', decision = 'not_file', decided_on = '2026-04-01' WHERE id = ?",
               [lead_id])
    before = [complaint(db, "V1"), complaint(db, "C1")]
    with pytest.raises(TransitionRefused, match=re.escape(MASKED_CALLER)) as refused:
        correct_complaint(db, "V1", "unrelated", "误判")
    assert CALLER not in refused.value.message  # the decided lead named with its number masked
    assert [complaint(db, "V1"), complaint(db, "C1")] == before


def test_a_complaint_without_copies_changes_alone(db):
    add(db, [("V1", LEAK), ("V2", LEAK2)])
    screen(db)
    assert correct_complaint(db, "V1", "unrelated", "误判").copies == ()
    assert verdicts(db, "V1", "V2") == ["unrelated", None]


def test_the_command_line_names_the_copies_and_refuses_a_reason_with_clear(data_dir, capsys, english):
    from tests.helpers import open_db

    run_json(capsys, "--data-dir", data_dir, "init", "--plaintext")
    db = open_db(data_dir)
    add(db, [("V1", LEAK), ("V2", LEAK2)])
    copy_id = add_copy(db, "C1", "V1")
    screen(db)
    db.conn.close()
    result = run_json(capsys, "--data-dir", data_dir, "complaints", "correct", "V1", "--not-related",
                      "--reason", "误判")
    assert result["copies"] == [copy_id]
    code, out, err = run(capsys, "--data-dir", data_dir, "complaints", "correct", "V1", "--clear",
                         "--reason", "改判")
    assert code == 2 and "--reason" in err and "--clear" in err and out == ""
    db = open_db(data_dir)
    assert verdicts(db, "V1", "C1") == ["unrelated", "unrelated"]  # nothing changed
    db.conn.close()
    code, out, err = run(capsys, "--data-dir", data_dir, "complaints", "correct", "V1", "--clear")
    assert code == 0 and "1 copy of it received through another channel was changed with it" in out
    db = open_db(data_dir)
    assert verdicts(db, "V1", "C1") == [None, None]
    db.conn.close()


def test_the_window_says_how_many_copies_the_correction_changed(db, prompts, english):
    from ui.complaint_verdict import ask_and_correct, clear_correction

    add(db, [("V1", LEAK), ("V2", LEAK2)])
    add_copy(db, "C1", "V1")
    add_copy(db, "C2", "V1")
    screen(db)
    prompts.choices = [1]  # not related
    prompts.texts = ["误判"]
    assert ask_and_correct(None, db, prompts, complaint(db, "V1")["id"], "V1")
    assert prompts.infos == ["Complaint V1 and its 2 copies received through other channels were changed: "
                             "3 complaints."]
    assert verdicts(db, "V1", "C1", "C2") == ["unrelated"] * 3
    prompts.confirm_answer = True
    correct_complaint(db, "V2", "related", "核实")  # (clearing a complaint never corrected is refused)
    assert clear_correction(None, db, prompts, complaint(db, "V2")["id"], "V2")  # no copies: nothing more said
    assert len(prompts.infos) == 1
    assert clear_correction(None, db, prompts, complaint(db, "C2")["id"], "C2")
    assert "its 2 copies" in prompts.infos[-1] and verdicts(db, "V1", "C1", "C2") == [None] * 3
