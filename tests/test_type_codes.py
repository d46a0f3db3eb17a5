"""Per-bureau 文号 type codes (REFERENCE §3.1: bureau-local): an agency's ``type_codes`` table in agencies.toml,
checked as read, used wherever a 文号 is made (issuing, number blocks, `docs forms`); and a serial chosen by hand
(`docs issue --serial N`) for a number already taken on paper or in another system."""

from __future__ import annotations

import base64

import pytest

from tests.helpers import beijing_year, decided_today, run, run_json
from tests.test_bundle_hq import dirs, export, import_, take_headquarters_card, template  # noqa: F401
from workstation import audit
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document, number_refusal, void_document
from workstation.documents.number_blocks import add_block, check_block_values, known_type_codes
from workstation.documents.numbering import document_type_code
from workstation.errors import ValidationError, WorkstationError
from workstation.paths import resource
from workstation.station import ensure_station, trust_station
from workstation.store import agencies as agencies_module
from workstation.store import agency_by_code, find_case
from workstation.store.base import set_setting

CASE = "佛南市监立〔2026〕1号"
# a 文号 is numbered in the year of the date its document bears: the demo case's 行政处罚决定书 is issued dated today
# (``decided_today``; its own 决定日期 is of 2026), so numbered in this year
YEAR = beijing_year()
NANHAI = 'code = "440605"\n'


@pytest.fixture
def reference(tmp_path, monkeypatch):
    """``reference(text)``: agencies.toml as shipped with ``text`` put right after 南海区局's code line (None: as
    shipped); returns the file, read instead of the shipped one."""
    path = tmp_path / "agencies.toml"
    monkeypatch.setattr(agencies_module, "resource", lambda *parts: path)

    def write(text: str | None):
        shipped = resource("reference", "agencies.toml").read_text(encoding="utf-8")
        path.write_text(shipped.replace(NANHAI, NANHAI + text, 1) if text else shipped, encoding="utf-8")
        return path

    return write


@pytest.fixture
def case(demo_db):
    return find_case(demo_db, CASE)


def _in_force(db, case) -> str | None:
    """The id of the case's latest 行政处罚决定书 in force: each further one corrects it."""
    row = db.execute("SELECT id FROM documents WHERE case_id = ? AND form_id = 'penalty_decision' AND status = 'issued' "
                     "ORDER BY issued_at DESC, rowid DESC LIMIT 1", [case.id]).fetchone()
    return row[0] if row else None


def _issue(db, data_dir, case, serial=None):
    return issue_document(db, data_dir, case, find_form("penalty_decision"), decided_today(),
                          supersedes=_in_force(db, case), serial=serial).number


def _written(db):
    return {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
            for t in ("documents", "doc_numbers", "audit", "files")}


def test_a_changed_type_code_starts_its_own_sequence_and_issued_numbers_keep_their_text(demo_db, data_dir, case,
                                                                                        reference):
    reference(None)
    assert _issue(demo_db, data_dir, case) == f"佛南市监处〔{YEAR}〕1号"
    reference('type_codes = { penalty_decision = "罚" }\n')
    assert _issue(demo_db, data_dir, case) == f"佛南市监罚〔{YEAR}〕1号"
    assert _issue(demo_db, data_dir, case) == f"佛南市监罚〔{YEAR}〕2号"
    numbers = [r[0] for r in demo_db.execute("SELECT number FROM doc_numbers ORDER BY issued_at, rowid")]
    assert numbers == [f"佛南市监处〔{YEAR}〕1号", f"佛南市监罚〔{YEAR}〕1号", f"佛南市监罚〔{YEAR}〕2号"]
    # a town office numbers in its district bureau's name, with its codes; another bureau keeps the forms' own
    form = find_form("penalty_decision")
    assert document_type_code(demo_db, agency_by_code(demo_db, "440605011").id, form) == "罚"
    assert document_type_code(demo_db, agency_by_code(demo_db, "440606").id, form) == "处"


def test_number_blocks_take_the_bureaus_codes(db, reference, english):
    reference('type_codes = { penalty_decision = "罚" }\n')
    assert check_block_values(db, agency_code="440605", type_code="罚", year=YEAR, first=1, last=9)[1] == "佛南市监"
    assert "罚" in known_type_codes(db, agency_by_code(db, "440605011").id)
    assert "处" not in known_type_codes(db, agency_by_code(db, "440605").id)
    with pytest.raises(ValidationError) as refused:
        check_block_values(db, agency_code="440606", type_code="罚", year=YEAR, first=1, last=9)
    assert refused.value.errors["--type"].startswith("No document type uses the code 罚; use one of: ")


def test_docs_forms_lists_the_codes_of_the_stations_agency(demo_db, data_dir, reference, capsys):
    reference('type_codes = { penalty_decision = "罚", pre_penalty_notice = "罚告" }\n')
    set_setting(demo_db, "station_agency", agency_by_code(demo_db, "440605").id)
    demo_db.conn.close()
    rows = {r["id"]: r["type_code"] for r in run_json(capsys, "--data-dir", data_dir, "docs", "forms")}
    assert (rows["penalty_decision"], rows["pre_penalty_notice"], rows["hearing_notice"]) == ("罚", "罚告", "听")


@pytest.mark.parametrize(("text", "message"), [
    ('type_codes = { penalty_decision = "罚", filing_approval = "批" }\n',
     "agency 440605, type_codes.filing_approval: no document form filing_approval takes a 文号; the forms that do "
     "are: "),
    ('type_codes = { penalty_decision = "F" }\n',
     "agency 440605, type_codes.penalty_decision: “F” is not a 文号 type code: give one to 4 Chinese characters, "
     "such as 处 or 罚."),
    ('type_codes = { penalty_decision = "行政处罚决定" }\n',
     "agency 440605, type_codes.penalty_decision: “行政处罚决定” is not a 文号 type code"),
    ('type_codes = { penalty_decision = "" }\n', "agency 440605, type_codes.penalty_decision: “” is not a 文号"),
    ('type_codes = { hearing_notice = "处" }\n',
     "agency 440605, type_codes.hearing_notice: hearing_notice and penalty_decision would both be numbered 处: give "
     "each document type its own code."),
    ('type_codes = { penalty_decision = "立" }\n',
     "agency 440605, type_codes.penalty_decision: 立 is the code of the case numbers: choose another code."),
    ('type_codes = "罚"\n', "agency 440605, type_codes: write it as a table of form ids and codes, e.g. "
                            'type_codes = { penalty_decision = "罚" }.'),
    ('\n[agency.type_codes]\npre_penalty_notice = "告"\npenalty_decision = "告知"\nhearing_notice = "x"\n',
     "agency 440605, type_codes.hearing_notice: “x” is not a 文号 type code"),
])
def test_a_wrong_type_code_is_refused_naming_file_line_and_field(demo_db, data_dir, case, reference, english, text,
                                                                  message):
    if text.startswith("\n["):  # a sub-table: after the agency's other keys, which would otherwise belong to it
        path = reference(None)
        shipped = path.read_text(encoding="utf-8")
        end = shipped.index("\n\n", shipped.index(NANHAI))
        path.write_text(shipped[:end + 1] + text + shipped[end:], encoding="utf-8")
    else:
        path = reference(text)
    field = message.split(": ")[0].split(".")[-1].split(", ")[-1]  # the key named: its line in the file
    lines = path.read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines) if text.startswith((field, "type_codes"))
                and "440605" in "".join(lines[i - 15:i])) + 1
    before = _written(demo_db)
    with pytest.raises(WorkstationError) as refused:
        _issue(demo_db, data_dir, case)
    assert str(refused.value).startswith(f"{path}, line {line}, {message}")
    assert "\n" not in str(refused.value) and _written(demo_db) == before


def test_a_town_office_sets_no_codes_of_its_own(db, reference, english):
    path = reference(None)
    text = path.read_text(encoding="utf-8").replace('code = "440605011"\n',
                                                    'code = "440605011"\ntype_codes = { penalty_decision = "罚" }\n')
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index('type_codes = { penalty_decision = "罚" }') + 1
    with pytest.raises(WorkstationError) as refused:
        document_type_code(db, agency_by_code(db, "440605").id, find_form("penalty_decision"))
    assert str(refused.value) == (f"{path}, line {line}, agency 440605011, type_codes: a town office numbers in its "
                                  "district bureau's name: set the codes on agency 440605 and remove them here.")


# ---- a serial chosen by hand

def test_a_chosen_serial_is_issued_audited_and_later_numbers_go_on_after_it(demo_db, data_dir, case):
    assert _issue(demo_db, data_dir, case, serial=7) == f"佛南市监处〔{YEAR}〕7号"
    entry = demo_db.execute("SELECT entity FROM audit WHERE action = 'manual_serial'").fetchall()
    assert entry == [("doc_number",)] and audit.verify(demo_db)["valid"]
    assert _issue(demo_db, data_dir, case, serial=3) == f"佛南市监处〔{YEAR}〕3号"  # a free serial below
    assert _issue(demo_db, data_dir, case) == f"佛南市监处〔{YEAR}〕8号"


def test_a_taken_voided_or_other_stations_serial_is_refused_and_nothing_changes(demo_db, data_dir, case, english):
    first = _issue(demo_db, data_dir, case)
    second = _issue(demo_db, data_dir, case)
    void_document(demo_db, _in_force(demo_db, case), "当事人名称错误")
    ensure_station(demo_db, data_dir)
    key = base64.b64encode(bytes(32)).decode("ascii")
    other = trust_station(demo_db, {"id": "laptop-2", "name": "桂城所笔记本", "agency_code": "", "sign_key": key,
                                    "box_key": key, "fingerprint": "0000 0000 0000 0000 0000"})
    add_block(demo_db, agency_code="440605", type_code="处", year=YEAR, first=11, last=20, station_id=other.id)
    before = _written(demo_db)
    for serial, message in [
        (1, f"{first} is already issued: choose a serial not used yet."),
        (2, f"{second} was voided: a voided number is never given again; choose another serial."),
        (15, f"佛南市监处〔{YEAR}〕15号 lies in the number block 11–20 of station 桂城所笔记本: only that station issues "
             "it; choose a serial outside it."),
        (0, "Serial 0: a 文号's serial is 1 or above."),
    ]:
        with pytest.raises(WorkstationError) as refused:
            _issue(demo_db, data_dir, case, serial=serial)
        assert str(refused.value) == message
    assert number_refusal(demo_db, case.agency_id, find_form("filing_approval"), 3) == (
        "立案审批表 takes no 文号: leave out the serial.")
    assert _written(demo_db) == before


def test_docs_issue_serial_on_the_command_line(demo_db, data_dir, tmp_path, capsys, english):
    demo_db.conn.close()
    base = ("--data-dir", data_dir, "docs", "issue", CASE, "--form", "penalty_decision", "--values",
            decided_today(tmp_path))
    issued = run_json(capsys, *base, "--serial", "5", "-o", tmp_path / "a.pdf")
    assert issued["number"] == f"佛南市监处〔{YEAR}〕5号"
    code, out, err = run(capsys, *base, "--supersedes", issued["id"], "--serial", "5", "-o", tmp_path / "b.pdf")
    assert (code, out) == (1, "")
    assert err == f"Error: 佛南市监处〔{YEAR}〕5号 is already issued: choose a serial not used yet.\n"
    assert not (tmp_path / "b.pdf").exists()


@pytest.mark.gui
def test_the_exchange_pages_number_block_offers_the_bureaus_codes(demo_db, data_dir, reference, qtbot, prompts,
                                                                 english):
    from ui.exchange_page import ExchangePage
    from ui.task_runner import ImmediateRunner
    from workstation.store import list_agencies

    reference('type_codes = { penalty_decision = "罚" }\n')
    ensure_station(demo_db, data_dir)
    page = ExchangePage(demo_db, data_dir, prompts, ImmediateRunner())
    qtbot.addWidget(page)
    nanhai = next(i for i, a in enumerate(list_agencies(demo_db)) if a.code == "440605")
    codes = known_type_codes(demo_db, agency_by_code(demo_db, "440605").id)
    prompts.choices = [nanhai, codes.index("罚")]
    prompts.texts = [str(YEAR), "101-200"]
    page.add_number_block()
    assert "罚" in prompts.offered[1] and "处" not in prompts.offered[1]
    assert prompts.errors == [] and prompts.infos == [f"Number block stored: 佛南市监罚〔{YEAR}〕101–200号."]


def test_a_block_of_a_bureaus_own_code_travels_to_headquarters(capsys, dirs, reference):  # noqa: F811
    reference('type_codes = { penalty_decision = "罚" }\n')
    take_headquarters_card(capsys, dirs, "nanhai")
    run_json(capsys, "--data-dir", dirs / "nanhai", "numbers", "add-block", "--agency", "440605", "--type", "罚",
             "--year", YEAR, "--from", 1, "--to", 50)
    export(capsys, dirs, "nanhai", "n1.bundle")
    merged = import_(capsys, dirs, "n1.bundle")
    assert merged["conflicts"] == 0 and merged["by_table"]["number_blocks"]["new"] == 1
    listed = run_json(capsys, "--data-dir", dirs / "hq", "numbers", "blocks")
    assert [(b["sequence"], b["from"], b["to"]) for b in listed] == [(f"佛南市监罚〔{YEAR}〕", 1, 50)]
