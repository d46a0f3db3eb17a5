"""Administrative interviews, loose ends: every interviewing officer of the agency is printed on the 约谈记录 (a third
line, the fourth and later joined on it), and ``interviews add`` takes, at a station without an agency, the agency of
its interviewing officer or of the officer acting, as the window does."""

from dataclasses import replace

from tests.helpers import open_db, pdf_text, run, run_json
from workstation.documents.drafts import find_form, render_document
from workstation.documents.interview_documents import draft_interview_document
from workstation.formkit.interview_values import interview_context
from workstation.store import agency_id_for_code, get_agency
from workstation.store.interviews import get_interview, save_interview


def demo_interview(db, prefix: str):
    row = db.execute("SELECT id FROM interviews WHERE id LIKE ?", [prefix + "%"]).fetchone()
    return get_interview(db, row[0])


def with_staff(db, names_posts):
    interview = demo_interview(db, "5246de4e")
    agency = get_agency(db, interview.agency_id).name
    party_name = db.execute("SELECT name FROM parties WHERE id = ?", [interview.party_ids[0]]).fetchone()[0]
    staff = [{"name": n, "organisation": agency, "post": p} for n, p in names_posts]
    return save_interview(db, replace(interview, attendees=[
        *staff, {"name": "王强", "organisation": party_name, "post": "总经理"}]))


def record_text(db, interview) -> str:
    document = draft_interview_document(db, interview, find_form("interview_record"))
    return pdf_text(render_document(document, "pdf").data)


# 1. the interviewers printed --------------------------------------------------------------------------------------
def test_a_third_interviewer_is_printed_on_the_record(demo_db):
    saved = with_staff(demo_db, [("欧文辉", "科长"), ("陈志坚", "科员"), ("梁嘉欣", "副科长")])
    context = interview_context(demo_db, saved)
    assert (context["interview.officer3.name"], context["interview.officer3.post"]) == ("梁嘉欣", "副科长")
    text = record_text(demo_db, saved)
    assert "欧文辉" in text and "陈志坚" in text and "梁嘉欣" in text and "副科长" in text


def test_a_fourth_interviewer_is_joined_on_the_third_line(demo_db):
    saved = with_staff(demo_db, [("欧文辉", "科长"), ("陈志坚", "科员"), ("梁嘉欣", "副科长"), ("何振华", "")])
    context = interview_context(demo_db, saved)
    assert context["interview.officer3.name"] == "梁嘉欣　副科长、何振华"
    text = record_text(demo_db, saved)
    assert "梁嘉欣" in text and "何振华" in text


def test_two_interviewers_print_no_third_line(demo_db):
    saved = with_staff(demo_db, [("欧文辉", "科长"), ("陈志坚", "科员")])
    assert "interview.officer3.name" not in interview_context(demo_db, saved)
    assert interviewer_cells(demo_db, saved) == ["欧文辉　科长\n陈志坚　科员"]


def test_three_interviewers_print_three_lines(demo_db):
    saved = with_staff(demo_db, [("欧文辉", "科长"), ("陈志坚", "科员"), ("梁嘉欣", "副科长")])
    assert interviewer_cells(demo_db, saved) == ["欧文辉　科长\n陈志坚　科员\n梁嘉欣　副科长"]


def interviewer_cells(db, interview) -> list[str]:
    """The texts of the record's cells naming the first interviewer, a line per paragraph."""
    document = draft_interview_document(db, interview, find_form("interview_record"))
    texts = ["\n".join("".join(run.text for run in paragraph.runs) for paragraph in cell.paragraphs)
             for block in document.blocks if hasattr(block, "rows") for row in block.rows for cell in row.cells]
    return [text for text in texts if "欧文辉" in text]


# 2. the agency of `interviews add` --------------------------------------------------------------------------------
def _station_without_agency(data_dir, capsys):
    run_json(capsys, "--data-dir", data_dir, "init", "--plaintext")
    db = open_db(data_dir)
    nanhai = agency_id_for_code("440605")
    shunde = agency_id_for_code("440606")
    db.execute("INSERT INTO parties (id, kind, name, created_at, updated_at) VALUES ('p1', 'company', '某科技公司', "
               "'2026-01-01', '2026-01-01')")
    db.execute("INSERT INTO officers (id, name, agency_id, updated_at) VALUES ('o1', '李明', ?, '2026-01-01'), "
               "('o2', '张华', ?, '2026-01-01')", [nanhai, shunde])
    db.conn.close()
    return nanhai, shunde


def test_interviews_add_takes_the_interviewing_officer_s_agency_at_a_station_without_one(data_dir, capsys,
                                                                                         monkeypatch):
    nanhai, shunde = _station_without_agency(data_dir, capsys)
    monkeypatch.delenv("WORKSTATION_ACTOR", raising=False)
    result = run_json(capsys, "--data-dir", data_dir, "interviews", "add", "--party", "某科技公司", "--date",
                      "2026-12-10", "--officer", "李明:科长")
    db = open_db(data_dir)
    assert get_interview(db, result["id"]).agency_id == nanhai
    db.conn.close()
    monkeypatch.setenv("WORKSTATION_ACTOR", "张华")  # no interviewing officer named: the officer acting
    result = run_json(capsys, "--data-dir", data_dir, "interviews", "add", "--party", "某科技公司", "--date",
                      "2026-12-11")
    db = open_db(data_dir)
    interview = get_interview(db, result["id"])
    assert interview.agency_id == shunde
    db.conn.close()


def test_interviews_add_without_any_agency_to_take_is_refused_naming_agency(data_dir, capsys, monkeypatch, english):
    _station_without_agency(data_dir, capsys)
    monkeypatch.delenv("WORKSTATION_ACTOR", raising=False)
    code, out, err = run(capsys, "--data-dir", data_dir, "interviews", "add", "--party", "某科技公司", "--date",
                         "2026-12-10", "--officer", "无此人")
    assert code == 1 and "--agency" in err and "WORKSTATION_ACTOR" in err
    db = open_db(data_dir)
    assert db.execute("SELECT COUNT(*) FROM interviews").fetchone()[0] == 0
    db.conn.close()


def test_the_station_s_agency_still_comes_first(data_dir, capsys, monkeypatch):
    nanhai, shunde = _station_without_agency(data_dir, capsys)
    db = open_db(data_dir)
    db.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('station_agency', ?)", [shunde])
    db.conn.close()
    result = run_json(capsys, "--data-dir", data_dir, "interviews", "add", "--party", "某科技公司", "--date",
                      "2026-12-10", "--officer", "李明:科长")
    db = open_db(data_dir)
    assert get_interview(db, result["id"]).agency_id == shunde
    db.conn.close()
