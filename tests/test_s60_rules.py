"""Found auditing the screening rules editor: the preview counts from what is stored (a rules file put in the data
directory by hand, not screened with yet, must not make it say "no change" when Save unflags complaints); a lead of
a category the rules in force no longer name (its key renamed) is named by the shipped rules' label, marked as no
longer in the rules, on the board, its handout and the leads pane alike, its number never cut in half; and every
rules save leaves one audit entry of its own, in the same transaction as the save."""

import pytest

from tests.helpers import insert_complaint_texts, run_json, undecided_lead
from tests.test_complaints14 import opened
from workstation.audit import digest
from workstation.i18n import _
from workstation.screening import screen
from workstation.screening.rules import RULES_PARTS, parse_rules, shipped_rules_path


def shipped() -> str:
    return shipped_rules_path().read_text(encoding="utf-8")


def categories(db) -> dict:
    return dict(db.execute("SELECT external_id, category FROM complaints"))


def put_by_hand(data_dir, text: str) -> None:
    """``text`` written as the data directory's rules file outside the editor (copied from headquarters, say)."""
    target = data_dir.joinpath(*RULES_PARTS)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


# --- 1. the preview counts from what is stored ------------------------------------------------------------------------

STALE = [("S1", "13900000001", "13755556666骚扰电话很烦"),
         ("S2", "13900000002", "13755556666骚扰电话又来了"),
         ("S3", "13900000003", "13812345678发来垃圾短信"),
         ("S4", "13900000004", "小区门口占道经营")]


def test_the_preview_of_rules_put_in_place_by_hand_counts_what_saving_then_changes(db, data_dir, prompts, qtbot,
                                                                                   english):
    from ui.rules_editor import RulesEditor
    from ui.task_runner import ImmediateRunner

    insert_complaint_texts(db, STALE)
    screen(db)
    insert_complaint_texts(db, [("U1", "13900000005", "13755556666骚扰电话第三次")], month="05")  # not screened yet
    before = categories(db)
    assert before == {"S1": "harassment_call", "S2": "harassment_call", "S3": "marketing_sms", "S4": "", "U1": ""}
    leads_before = {row[0] for row in db.execute("SELECT id FROM leads")}
    by_hand = shipped().replace('"骚扰电话", ', "", 1)  # valid, in force, but the complaints not screened with it
    assert by_hand != shipped()
    put_by_hand(data_dir, by_hand)
    editor = RulesEditor(db, data_dir, prompts, runner=ImmediateRunner())
    qtbot.addWidget(editor)
    assert editor.typed() == by_hand
    assert editor.preview()  # the text as it is in force: what would Save change?
    shown = editor.result.toPlainText().splitlines()
    assert shown[0] == ("Flagged now: 3; with the edited rules: 1 (newly flagged 0, no longer flagged 2, another "
                        "category 0).")
    listed = shown[shown.index("No longer flagged:") + 1:][:2]
    assert [line.split()[0] for line in listed] == ["S1", "S2"]
    assert all("[骚扰电话 → —]" in line for line in listed)
    prompts.confirm_answer = True  # it removes the lead of S1 and S2: asked
    editor.save()
    assert editor.saved and not prompts.errors
    after = categories(db)
    changed = {ref for ref in before if before[ref] != after[ref]}
    assert changed == {"S1", "S2"} and after["S1"] == after["S2"] == ""  # what the preview said, no more
    assert sum(bool(category) for category in after.values()) == 1
    removed = leads_before - {row[0] for row in db.execute("SELECT id FROM leads")}
    assert len(removed) == editor.preview_result.leads_removed == editor.screened.removed == 1


# --- 2. a category key the rules no longer define ---------------------------------------------------------------------

def renamed() -> str:
    """The shipped rules with the key of 骚扰电话 renamed."""
    text = shipped().replace('key = "harassment_call"', 'key = "calls"')
    assert text != shipped()
    return text


def insert_lead(db, lead_id: str, **columns):
    values = {"id": lead_id, "source": "hotline", "received_at": "2026-03-02T09:00:00",
              "description": "骚扰电话：2件投诉；号码：13755556666", "category": "harassment_call",
              "phones": "13755556666", "status": "registered", "created_at": "2026-03-02",
              "updated_at": "2026-03-02", **columns}
    db.execute(f"INSERT INTO leads ({', '.join(values)}) VALUES ({', '.join('?' * len(values))})",
               list(values.values()))


def test_the_board_and_its_handout_name_a_renamed_categorys_lead_by_its_shipped_label_and_whole_number(
        db, data_dir, chinese):
    from workstation import clocks
    from workstation.board_export import handout_bytes, name_rows, row_texts

    insert_lead(db, "L1")
    insert_lead(db, "L2", category="overcharge", phones="13811112222")  # a key the shipped rules never had
    put_by_hand(data_dir, renamed())
    leads = {d.lead_id: d for d in clocks.board(db, on="2026-03-05") if d.lead_id}
    name_rows(db, list(leads.values()))
    gone = _("{key} (category no longer defined)")
    subject = gone.format(key="骚扰电话") + "（137****6666）"
    assert subject == "骚扰电话（筛查规则中已无此类别）（137****6666）"
    assert row_texts(leads["L1"])[3] == _("Lead: {target}").format(target=subject)
    assert row_texts(leads["L2"])[3].endswith("（138****2222）")
    assert gone.format(key="overcharge")[:8] in row_texts(leads["L2"])[3]
    handout = handout_bytes("csv", "期限提醒", "2026-03-05", list(leads.values())).decode("utf-8-sig")
    assert subject in handout and "harassment_call" not in handout


def test_a_long_label_is_shortened_before_the_number_never_the_number_cut(data_dir):
    from workstation.board_export import lead_subject

    long_label = "电话推销骚扰及各类营销来电不断且拒接后仍反复拨打的情形"
    rules = parse_rules(shipped().replace('label = "骚扰电话"', f'label = "{long_label}"'))
    subject = lead_subject("harassment_call", "13755556666", "", rules)
    assert subject.endswith("（137****6666）") and subject.startswith(long_label[:10])
    for phones in ("13755556666 13811112222", "13755556666 13811112222 13900001111 13600002222"):
        masked = lead_subject("harassment_call", phones, "", rules)
        inside = masked[masked.index("（") + 1:-1]
        assert all(len(number) == 11 and "****" in number for number in inside.rstrip("…").split()), masked
    alone = lead_subject("", "13755556666 13811112222 13900001111 13600002222", "", rules)
    assert all(len(number) == 11 for number in alone.rstrip("…").split()), alone


def test_the_leads_pane_names_a_renamed_categorys_complaint_as_the_board_does(db, data_dir, make_window, english):
    from workstation.screening.screen import apply_rules

    insert_complaint_texts(db, [("K1", "13900000001", "13755556666骚扰电话很烦"),
                                ("K2", "13900000002", "13755556666骚扰电话又来了")])
    screen(db)
    lead = db.execute("SELECT lead_id FROM complaints WHERE external_id = 'K1'").fetchone()[0]
    undecided_lead(db, lead, agency_code="440604")  # acted on: its complaints keep their category
    apply_rules(db, data_dir, renamed())
    assert categories(db)["K1"] == "harassment_call"
    page = make_window(db).leads_page
    received = db.execute("SELECT received_at FROM leads WHERE id = ?", [lead]).fetchone()[0]
    assert opened(page, "骚扰电话很烦", "K1")[1] == (
        f"Screening: 骚扰电话 (category no longer defined), in the lead received {received[:10]} (137****6666).")


# --- 3. every rules save is audited ---------------------------------------------------------------------------------

def record(text: str, shipped_in_force: bool) -> dict:
    return {"file": "rules.toml", "digest": parse_rules(text).digest, "shipped": shipped_in_force}


def test_each_rules_save_writes_one_audit_entry_with_the_digests(db, data_dir, capsys):
    from workstation.screening.screen import apply_rules

    insert_complaint_texts(db, STALE)
    screen(db)
    apply_rules(db, data_dir, renamed())
    apply_rules(db, data_dir, shipped())  # the shipped rules restored
    entries = db.execute("SELECT action, entity, entity_id, before_digest, after_digest FROM audit "
                         "WHERE entity = 'screening_rules' ORDER BY seq").fetchall()
    assert entries == [
        ("update", "screening_rules", "rules.toml", digest(record(shipped(), True)),
         digest({**record(renamed(), False), "shipped_restored": False})),
        ("update", "screening_rules", "rules.toml", digest(record(renamed(), False)),
         digest({**record(shipped(), True), "shipped_restored": True}))]
    listed = run_json(capsys, "--data-dir", data_dir, "audit", "list", "--entity", "screening_rules")["entries"]
    assert [(e["action"], e["entity_id"]) for e in listed] == [("update", "rules.toml")] * 2
    assert run_json(capsys, "--data-dir", data_dir, "audit", "verify")["valid"]


def test_a_cancelled_rules_save_leaves_no_audit_entry(db, data_dir):
    from workstation.errors import Cancelled
    from workstation.progress import CancelToken
    from workstation.screening.screen import apply_rules

    insert_complaint_texts(db, STALE)
    screen(db)
    token = CancelToken()

    def progress(done, total, said):
        if said == _("Screening complaints"):
            token.cancel()

    with pytest.raises(Cancelled):
        apply_rules(db, data_dir, renamed(), progress=progress, cancel=token)
    assert db.execute("SELECT COUNT(*) FROM audit WHERE entity = 'screening_rules'").fetchone()[0] == 0
    assert not data_dir.joinpath(*RULES_PARTS).exists()
