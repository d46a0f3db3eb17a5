"""The file in use imported again (`calendar import`, nothing changed) gives the JSON of a change with nothing in it:
every key a change gives (``CalendarChange.as_dict``), so a key added there reaches it too; and says the documents
off the count as a change says them (``CalendarChange.note_documents``), with no "no day changes" line."""

from __future__ import annotations

from tests.helpers import run, run_json
from tests.test_s69_calendar import CAL
from workstation.calendar_change import CalendarChange


def test_the_file_in_use_imported_again_gives_every_key_of_a_change_empty(demo_db, data_dir, capsys, tmp_path,
                                                                           english):
    source = tmp_path / "2027.toml"
    source.write_text(CAL, encoding="utf-8")
    code, _out, err = run(capsys, "calendar", "import", source, "--data-dir", data_dir)
    assert code == 0, err
    result = run_json(capsys, "calendar", "import", source, "--data-dir", data_dir, "--json")
    target = data_dir / "calendar" / "2027.toml"
    keys = CalendarChange(2027, target).as_dict()
    assert result["already_in_use"] is True and set(keys) <= set(result)
    assert result["year"] == 2027 and result["file"] == str(target)
    for key in ("changed_days", "moved_deadlines", "steps_inside_statement_periods", "recounted_interviews"):
        assert result[key] == [], key
    code, out, err = run(capsys, "calendar", "import", source, "--data-dir", data_dir)
    assert code == 0 and "nothing was changed" in out and "No day changes" not in out, out
