"""文号 given once only (audit s60 numbers): headquarters numbers no station's sequence without a block of its own; a
serial typed far past the next one is taken only once the skip is confirmed, and automatic numbering stops at the
highest serial; headquarters withdraws a block its station refused; blocks of a hand-out taken before headquarters
was named come with a new hand-out; the register's CSV keeps a pre-printed 编号's zeros; a 文号 conflict is labelled
文号; the refusals over used-up blocks name the window's button beside the command."""

from __future__ import annotations

import base64
import csv
import io
import json

import pytest

from tests.helpers import beijing_year, copy_of, open_db, run, run_json
from tests.test_s56_numbers import _send
from workstation.documents.drafts import find_form
from workstation.documents.issuing import check_issue, issue_document
from workstation.documents.number_blocks import add_block
from workstation.documents.numbering import next_number
from workstation.errors import WorkstationError
from workstation.station import ensure_station, trust_station
from workstation.store import agency_id_for_code, find_case

YEAR = beijing_year()
DEMO_CASE = "佛南市监立〔2026〕9号"
SEQ = f"佛南市监责改〔{YEAR}〕"


@pytest.fixture(scope="module")
def stations_template(hq_and_two_nanhai_template):
    """Headquarters (佛山市局) trusting stations a (南海甲) and b (南海乙) of Nanhai, each with the demo cases (made
    once a worker: conftest)."""
    return hq_and_two_nanhai_template(demo=True)


@pytest.fixture
def stations(stations_template, tmp_path):
    return copy_of(stations_template, tmp_path)


def _issue(capsys, dirs, where, *extra):
    out = dirs / f"{where}-{len(list(dirs.glob('*.pdf')))}.pdf"
    return run(capsys, "--data-dir", dirs / where, "docs", "issue", DEMO_CASE, "--form", "rectification_order",
               "-o", out, "--json", *[str(e) for e in extra])


def _number(capsys, dirs, where, *extra) -> str:
    code, out, err = _issue(capsys, dirs, where, *extra)
    assert code == 0, err
    return json.loads(out)["number"]


def _hand_out(capsys, dirs, station):
    name = {"a": "南海甲", "b": "南海乙"}[station]
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "export", "-o", dirs / f"h-{station}.bundle", "--for", name,
             "--force")
    return run(capsys, "--data-dir", dirs / station, "bundle", "import", dirs / f"h-{station}.bundle")


def _count(data_dir, sql, params=()):
    db = open_db(data_dir)
    try:
        return db.execute(sql, list(params)).fetchone()[0]
    finally:
        db.conn.close()


# ---- 1. headquarters takes no number of a station's sequence without a block of its own


def test_headquarters_numbers_a_stations_sequence_only_inside_a_block_of_its_own(stations, capsys, english):
    assert _send(capsys, stations, "a")[0] == 0  # the demo case reaches headquarters
    code, out, err = _issue(capsys, stations, "hq")
    assert (code, out) == (1, "")
    assert err == (
        f"Error: This installation is headquarters, and station 南海乙、南海甲 numbers in {SEQ} too: a 文号 "
        "headquarters took there without a block of its own could be the very one the station takes, and each side "
        f"would then refuse the other's bundles. Allocate a block of {SEQ} to this installation first (on the "
        "Exchange page's Number blocks tab, “Allocate number block…”, choosing this installation; or `numbers "
        f"allocate --agency 440605 --type 责改 --year {YEAR} --from N --to M --station 佛山市局`), with serials the "
        "station will not reach, then issue again.\n")
    assert _count(stations / "hq", "SELECT COUNT(*) FROM doc_numbers") == 0
    run_json(capsys, "--data-dir", stations / "hq", "numbers", "allocate", "--agency", "440605", "--type", "责改",
             "--year", YEAR, "--from", 500, "--to", 509, "--station", "佛山市局")
    assert _number(capsys, stations, "hq") == f"{SEQ}500号"
    # the station, handed the block, numbers past it: never the number headquarters took
    assert _hand_out(capsys, stations, "a")[0] == 0
    assert _number(capsys, stations, "a") == f"{SEQ}1号"


def test_headquarters_numbers_as_before_a_sequence_no_station_numbers_in(demo_db, data_dir, english):
    from workstation.station_role import set_installation_role

    set_installation_role(demo_db, data_dir, "headquarters")
    key = base64.b64encode(bytes(32)).decode("ascii")
    trust_station(demo_db, {"id": "laptop-2", "name": "南海甲", "agency_code": "440605", "sign_key": key,
                            "box_key": key, "fingerprint": "0000 0000 0000 0000 0000"})
    with pytest.raises(WorkstationError, match="This installation is headquarters, and station 南海甲 numbers in"):
        next_number(demo_db, agency_id_for_code("440605"), "责改", YEAR)
    assert next_number(demo_db, agency_id_for_code("440606"), "责改", YEAR) == f"佛顺市监责改〔{YEAR}〕1号"
    own = ensure_station(demo_db, data_dir)
    add_block(demo_db, agency_code="440605", type_code="责改", year=YEAR, first=31, last=40, station_id=own.id)
    assert next_number(demo_db, agency_id_for_code("440605"), "责改", YEAR) == f"{SEQ}31号"


# ---- 2. a serial typed far past the next one; the highest serial


def test_a_serial_typed_far_past_the_next_is_taken_only_once_the_skip_is_confirmed(stations, capsys, english):
    code, out, err = _issue(capsys, stations, "a", "--serial", 120)  # meant 12
    assert (code, out) == (1, "")
    assert err == (
        f"Error: {SEQ}120号 would skip 119 serials of {SEQ}: its next 文号 is {SEQ}1号; numbering would continue "
        "from 121号, and 1–119号 would be issued only with their serial typed by hand. Check the serial typed; if "
        "those numbers were taken on paper or in another system, confirm the skip (in the window, tick “Skip the "
        "serials in between (taken on paper or in another system)”; on the command line, add --skip-serials).\n")
    assert _count(stations / "a", "SELECT COUNT(*) FROM doc_numbers WHERE type_code = '责改'") == 0
    assert _number(capsys, stations, "a", "--serial", 12) == f"{SEQ}12号"  # a few past the next: taken as before
    code, out, err = _issue(capsys, stations, "a", "--skip-serials")
    assert (code, err) == (1, "Error: --skip-serials: it confirms skipping the serials up to the one given with "
                              "--serial: give --serial N too.\n")
    assert _number(capsys, stations, "a", "--serial", 120, "--skip-serials") == f"{SEQ}120号"
    assert _number(capsys, stations, "a") == f"{SEQ}121号"


def test_automatic_numbering_stops_at_the_highest_serial(stations, capsys, english):
    assert _number(capsys, stations, "a", "--serial", 999999, "--skip-serials") == f"{SEQ}999999号"
    code, out, err = _issue(capsys, stations, "a")
    assert (code, out) == (1, "")
    assert err == (
        f"Error: {SEQ} has come to its last serial, 999,999号: no further 文号 is given in it by itself. Issue with a "
        "free serial of your choice (in the window, tick “Use a serial of my choice” when asked to issue; or `docs "
        "issue --serial N`).\n")
    assert _number(capsys, stations, "a", "--serial", 2) == f"{SEQ}2号"


def test_the_issue_dialog_asks_to_confirm_a_skip_and_the_document_takes_it(demo_db, data_dir, qtbot, english):
    from ui.case_documents import issue_question, serial_check
    from ui.serial_dialog import IssueNumberDialog

    case = find_case(demo_db, DEMO_CASE)
    form = find_form("rectification_order")
    dialog = IssueNumberDialog(None, lambda n, c: issue_question(form, n, c),
                               next_number(demo_db, case.agency_id, "责改"), serial_check(demo_db, case.agency_id, form))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.skip.isHidden()
    dialog.use_serial.setChecked(True)
    dialog.serial_edit.setText("8")
    assert dialog.ok.isEnabled() and dialog.skip.isHidden()
    dialog.serial_edit.setText("120")
    assert not dialog.ok.isEnabled() and not dialog.skip.isHidden()
    assert dialog.error.text().startswith(f"{SEQ}120号 would skip 119 serials of {SEQ}: its next 文号 is {SEQ}1号")
    assert "numbering would continue from 121号" in dialog.error.text()
    dialog.skip.setChecked(True)
    assert dialog.ok.isEnabled()
    assert f"It takes the 文号 of the serial chosen, {SEQ}120号" in dialog.question.text()
    dialog.accept()
    assert issue_document(demo_db, data_dir, case, form, serial=dialog.serial()).number == f"{SEQ}120号"
    assert next_number(demo_db, case.agency_id, "责改") == f"{SEQ}121号"
    with pytest.raises(WorkstationError, match="would skip"):  # the confirmation was for that issue only
        issue_document(demo_db, data_dir, case, form, serial=300)


# ---- 3. a block its station refused


def test_headquarters_withdraws_a_block_its_station_refused(stations, capsys, english):
    assert [_number(capsys, stations, "a") for _ in range(2)] == [f"{SEQ}1号", f"{SEQ}2号"]
    station_a = run_json(capsys, "--data-dir", stations / "a", "station", "show")["id"]
    block = ["--agency", "440605", "--type", "责改", "--year", YEAR, "--from", 1, "--to", 50]
    run_json(capsys, "--data-dir", stations / "hq", "numbers", "allocate", *block, "--station", station_a)
    assert _hand_out(capsys, stations, "a")[0] == 0  # refused there: it issued 1–2 outside any block
    assert _send(capsys, stations, "a")[0] == 0
    hq = stations / "hq"
    # 1–2 were issued before the block was allocated: none of its serials is used
    assert run_json(capsys, "--data-dir", hq, "numbers", "blocks")[0]["issued"] == 0
    conflict = next(c for c in run_json(capsys, "--data-dir", hq, "bundle", "conflicts")
                    if c["table"] == "number_blocks")
    code, out, err = run(capsys, "--data-dir", hq, "bundle", "resolve", conflict["id"], "--take-incoming")
    assert code == 1 and err == (
        "Error: A number block overlapping a different block or serials issued here is never taken (two stations "
        "would issue the same 文号): keep what is held here. A block a station refused is withdrawn here (on the "
        "Exchange page's Number blocks tab, “Withdraw number block…”, or `numbers withdraw`); then allocate the "
        "station a block above the serials it issued (“Allocate number block…”, or `numbers allocate`).\n")
    run_json(capsys, "--data-dir", hq, "bundle", "resolve", conflict["id"], "--keep-local")
    assert _number(capsys, stations, "a") == f"{SEQ}3号"  # numbering on as without blocks, after the allocation
    assert _send(capsys, stations, "a")[0] == 0
    assert [c for c in run_json(capsys, "--data-dir", hq, "bundle", "conflicts")
            if c["table"] == "number_blocks"] == []  # kept: not raised again by every later bundle
    withdrawn = run_json(capsys, "--data-dir", hq, "numbers", "withdraw", *block)
    assert (withdrawn["from"], withdrawn["to"]) == (1, 50)
    assert run_json(capsys, "--data-dir", hq, "numbers", "blocks") == []
    station_b = run_json(capsys, "--data-dir", stations / "b", "station", "show")["id"]
    given = run_json(capsys, "--data-dir", hq, "numbers", "allocate", "--agency", "440605", "--type", "责改", "--year",
                     YEAR, "--from", 11, "--to", 20, "--station", station_b)  # station a gave it up by refusing it
    assert (given["from"], given["to"]) == (11, 20)


# ---- 4. blocks of a hand-out imported before headquarters was named


def test_blocks_of_a_hand_out_taken_before_headquarters_was_named_come_with_a_new_hand_out(tmp_path, capsys, english):
    hq, station = tmp_path / "hq", tmp_path / "st"
    for argv in (("--data-dir", hq, "init", "--station-name", "佛山市局"),
                 ("--data-dir", hq, "station", "role", "headquarters"),
                 ("--data-dir", hq, "station", "export", "-o", tmp_path / "hq.card"),
                 ("--data-dir", station, "init", "--agency", "440605", "--station-name", "南海甲"),
                 ("--data-dir", station, "station", "export", "-o", tmp_path / "st.card"),
                 ("--data-dir", hq, "station", "trust", tmp_path / "st.card"),
                 ("--data-dir", station, "station", "trust", tmp_path / "hq.card")):
        code, _out, err = run(capsys, *argv)
        assert code == 0, err
    run_json(capsys, "--data-dir", hq, "numbers", "allocate", "--agency", "440605", "--type", "询", "--year", YEAR,
             "--from", 100, "--to", 109, "--station", "南海甲")
    run_json(capsys, "--data-dir", hq, "bundle", "export", "--for", "南海甲", "-o", tmp_path / "h1.bundle")
    code, out, err = run(capsys, "--data-dir", station, "bundle", "import", tmp_path / "h1.bundle")
    assert code == 0, err
    assert ("The number blocks in this bundle were not taken: this station names no headquarters. Name it (on the "
            "Exchange page, “Set headquarters' key…”, or `station headquarters FILE`), then ask headquarters for a "
            "new hand-out for this station (`bundle export --for 南海甲` there), which carries every block: this "
            "bundle is recorded as imported, and importing it again changes nothing.") in out
    assert run(capsys, "--data-dir", station, "station", "headquarters", tmp_path / "hq.card")[0] == 0
    run_json(capsys, "--data-dir", hq, "bundle", "export", "--for", "南海甲", "-o", tmp_path / "h2.bundle")
    assert run(capsys, "--data-dir", station, "bundle", "import", tmp_path / "h2.bundle")[0] == 0
    assert [(b["sequence"], b["from"], b["to"], b["own"]) for b in
            run_json(capsys, "--data-dir", station, "numbers", "blocks")] == [(f"佛南市监询〔{YEAR}〕", 100, 109, True)]


# ---- 5. the register's CSV


def test_a_pre_printed_number_keeps_its_zeros_in_the_register_csv(db, data_dir, make_case):
    from workstation.document_register import register_csv, registered_documents

    case = make_case()
    issue_document(db, data_dir, case, find_form("on_the_spot_decision"),
                   {"serial_no": "0012345", "fine_fen": "200", "decided_at": "2026-03-10 09:30",
                    "party_address": "佛山市南海区桂城街道南海大道北281号", "place": "佛山市南海区桂城街道南海大道北281号",
                    "facts": "经查，当事人于2026年3月10日在门店向消费者发送商业性短信，未经消费者同意。"})
    data = register_csv(registered_documents(db, limit=None)).decode("utf-8-sig")
    assert '"=""0012345"""' in data  # Excel and WPS read ="0012345" as the text 0012345
    assert list(csv.reader(io.StringIO(data)))[1][1] == '="0012345"'


def test_a_wenhao_in_the_register_csv_is_written_as_it_is(demo_db, data_dir):
    from workstation.document_register import register_csv, registered_documents

    case = find_case(demo_db, DEMO_CASE)
    issue_document(demo_db, data_dir, case, find_form("rectification_order"))
    data = register_csv(registered_documents(demo_db, limit=None)).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(data)))[1][1] == f"{SEQ}1号"


# ---- 6. a 文号 conflict's field


def test_a_conflict_over_a_wenhao_is_labelled_wenhao(chinese):
    from workstation.bundle.conflict_text import field_label

    assert field_label("number", "doc_numbers") == "文号"
    assert field_label("void_reason", "doc_numbers") == "作废原因"


# ---- 7. the window's button named beside the command


def test_the_refusals_over_blocks_name_the_window_button_beside_the_command(demo_db, data_dir, english):
    from workstation.documents.numbering import serial_refusal

    case = find_case(demo_db, DEMO_CASE)
    own = ensure_station(demo_db, data_dir)
    add_block(demo_db, agency_code="440605", type_code="责改", year=YEAR, first=5, last=6, station_id=own.id)
    form = find_form("rectification_order")
    assert [issue_document(demo_db, data_dir, case, form).number for _ in range(2)] == [f"{SEQ}5号", f"{SEQ}6号"]
    with pytest.raises(WorkstationError) as refused:
        check_issue(demo_db, case, form, {})
    assert refused.value.message == (
        f"The number blocks of this station for {SEQ} are used up (the last is 5–6): ask headquarters for a new block "
        "and enter it (on the Exchange page's Number blocks tab, “Add number block…”, or `numbers add-block`).")
    assert serial_refusal(demo_db, case.agency_id, "责改", 9, YEAR) == (
        f"{SEQ}9号 lies outside the number blocks this station holds for {SEQ} (5–6): while it holds blocks of a "
        "sequence, a station issues only serials inside them, headquarters giving the others to other stations. "
        "Choose a serial inside its blocks, or let the workstation number the document; a number headquarters gave "
        "outside them is entered first as a block (on the Exchange page's Number blocks tab, “Add number block…”, or "
        "`numbers add-block`).")


@pytest.mark.gui
def test_the_exchange_page_allocates_a_block_to_headquarters_itself(station_and_hq_template, tmp_path, capsys, qtbot,
                                                                    prompts, english):
    from tests.helpers import copy_station_and_hq
    from ui.exchange_page import ExchangePage
    from ui.task_runner import ImmediateRunner
    from workstation.documents.number_blocks import known_type_codes
    from workstation.store import list_agencies

    dirs = copy_station_and_hq(station_and_hq_template(), tmp_path)
    run_json(capsys, "--data-dir", dirs / "hq", "station", "trust", dirs / "station.card")
    db = open_db(dirs / "hq")
    try:
        page = ExchangePage(db, dirs / "hq", prompts, ImmediateRunner())
        qtbot.addWidget(page)
        nanhai = next(i for i, a in enumerate(list_agencies(db)) if a.code == "440605")
        prompts.choices = [1, nanhai, known_type_codes().index("责改")]
        prompts.texts = [str(YEAR), "500-509"]
        page.allocate_number_block()
        assert prompts.errors == []
        assert prompts.offered[0] == ["Station", "南海区局（佛山市南海区市场监督管理局）", "佛山市局 (this installation)"]
        assert prompts.infos == [f"Number block allocated to 佛山市局: {SEQ}500–509号."]
        assert [(b["sequence"], b["from"], b["to"], b["own"]) for b in
                run_json(capsys, "--data-dir", dirs / "hq", "numbers", "blocks")] == [(SEQ, 500, 509, True)]
    finally:
        db.conn.close()


def test_a_serial_typed_past_another_station_s_block_counts_only_the_serials_lost(db, monkeypatch, english):
    """Serials inside other stations' blocks are theirs: passing over them loses nothing here (final read, s60)."""
    from workstation.documents import numbering
    from workstation.documents.number_blocks import NumberBlock

    monkeypatch.setattr(numbering, "today", lambda: "2026-12-06")
    monkeypatch.setattr("workstation.documents.number_blocks.choose_serial", lambda *_args: 20)
    monkeypatch.setattr("workstation.documents.number_blocks.sequence_blocks", lambda *_args: [
        NumberBlock(*block) for block in [("b", "owner", "询", 2026, 21, 100, "B", "", "", None)]])
    assert numbering._skip_refusal(db, "owner", "佛南市监", "询", 2026, 101) is None  # only 20 lost
    refusal = numbering._skip_refusal(db, "owner", "佛南市监", "询", 2026, 130)
    assert refusal is not None and "skip 30 serials" in refusal  # 20 and 101–129
