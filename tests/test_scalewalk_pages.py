"""The pages of the window over a city's year of records: the interviews' search keeps the columns as they were
sized (measuring hundreds of rows again on every keystroke held the typing up), and the statistics page reads the
publicity log once for its period."""

from dataclasses import replace

from tests.helpers import statements_run
from ui.interviews_page import InterviewsPage
from workstation.i18n import _ as translated
from workstation.progress import CancelToken
from workstation.records import Interview
from workstation.store import list_publicity
from workstation.store.interviews import list_interviews, save_interview


def _widths(page) -> list[int]:
    return [page.view.columnWidth(c) for c in range(page.model.columnCount())]


def test_typing_a_search_finds_the_interviews_and_keeps_the_columns_as_sized(qtbot, demo_db, data_dir, prompts):
    # one interview held because of a lead: its Lead column is wider than the others' "—"
    lead = demo_db.execute("SELECT id FROM leads ORDER BY id LIMIT 1").fetchone()[0]
    with_lead = save_interview(demo_db, replace(list_interviews(demo_db)[0], lead_id=lead))
    page = InterviewsPage(demo_db, data_dir, prompts)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    sized = _widths(page)
    for typed in ("房", "房地", "房地产业协会"):
        page.search.setText(typed)
    found = [r.interview for r in page.model.records]
    assert [i.subject for i in found] == ["约谈佛山市房地产业协会，推动行业个人信息保护自律"]
    assert with_lead.id not in {i.id for i in found}
    assert _widths(page) == sized  # the Lead column stays as wide as the lead hidden by the search needs
    page.search.clear()
    assert page.model.rowCount() == len(page.rows) and _widths(page) == sized


class IdleRunner:
    """Takes background work and never runs it: what the statistics page reads on the GUI thread alone."""

    def start(self, *_args, **_kwargs):
        return CancelToken()


def test_the_statistics_page_lists_the_publicity_log_reading_it_once(qtbot, demo_db, data_dir, prompts):
    from ui.dashboard import DashboardPage

    with statements_run(demo_db) as ran:
        page = DashboardPage(demo_db, data_dir, prompts, IdleRunner())
    qtbot.addWidget(page)
    assert len([s for s in ran if "FROM publicity" in s]) == 1
    shown = [p.id for p in page.publicity.model.records]
    assert shown and sorted(shown) == sorted(p.id for p in list_publicity(demo_db))
    assert page.publicity.totals.text()  # its totals said under it


class HeldRunner:
    """Runs each background reading when it is started but hands its result over only at ``finish(i)``: readings
    made at different times arriving in any order."""

    def __init__(self):
        self.held = []

    def start(self, _title, work, on_done, _on_error, _progress):
        self.held.append((work(progress=lambda *_a: None, cancel=CancelToken()), on_done))
        return CancelToken()

    def finish(self, index: int) -> None:
        result, on_done = self.held[index]
        on_done(result)


def _register(page) -> list[str]:
    return sorted(r.interview.id for r in page.rows)


def test_the_register_is_read_in_the_background_and_the_interview_asked_for_is_selected(qtbot, demo_db, data_dir,
                                                                                        prompts):
    from workstation.paths import database_path

    runner = HeldRunner()
    page = InterviewsPage(demo_db, data_dir, prompts, runner=runner, database=database_path(data_dir))
    qtbot.addWidget(page)
    page.show()
    assert page.model.rowCount() == 0 and page.found.text() == translated("Reading the interviews…")
    page.search.setText("房地产业协会")  # typed while it is read: hides the interview asked for below
    wanted = next(i for i in list_interviews(demo_db) if "房地产业协会" not in i.subject)
    page.select(wanted.id)  # the board's 约谈 row opened meanwhile
    runner.finish(0)
    assert _register(page) == sorted(i.id for i in list_interviews(demo_db, include_void=True))
    assert page.selected_id() == wanted.id and page.search.text() == ""  # shown, the search that hid it cleared


def test_a_reading_overtaken_by_a_newer_one_is_dropped(qtbot, demo_db, data_dir, prompts):
    from workstation.paths import database_path

    runner = HeldRunner()
    page = InterviewsPage(demo_db, data_dir, prompts, runner=runner, database=database_path(data_dir))
    qtbot.addWidget(page)
    before = sorted(i.id for i in list_interviews(demo_db, include_void=True))
    added = save_interview(demo_db, replace(list_interviews(demo_db)[0], subject="新增约谈", lead_id=None, case_id=None,
                                            party_results={}, id=Interview(agency_id="", held_on="", subject="").id),
                           allow_duplicate=True)
    page.refresh()  # the interview entered: read again
    runner.finish(1)
    assert _register(page) == sorted([*before, added.id])
    runner.finish(0)  # the first reading, made before the interview was entered, arrives last: dropped
    assert _register(page) == sorted([*before, added.id])
