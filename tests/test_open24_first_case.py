"""The window's first case opens as quickly as the later ones: once the window has painted, the forms and the legal
data are parsed on a thread of their own (workstation.warmup) and the workspace's modules imported, and a case's
workspace does not load reportlab or python-docx, which only drawing a document needs."""

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent

# the window on a data directory holding the demo cases, shown offscreen; its first case opened once what the
# window warms after its first paint is done (the loop turns until then: the test's timeout stops a stuck one)
FIRST_CASE = r"""
import json
import sys
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication

app = QApplication([])
from ui.main_window import CASE_MODULES, MainWindow
from ui.prompts import Prompts
from ui.task_runner import ImmediateRunner
from workstation.db import open_database
from workstation.paths import database_path

data = Path(sys.argv[1])
db = open_database(database_path(data))
window = MainWindow(db=db, data_dir=data, runner=ImmediateRunner(), prompts=Prompts())
painted = []
window.first_painted.connect(lambda: painted.append(True))
window.show()


def turn_until(check):
    while not check():
        app.processEvents()
        time.sleep(0.01)


turn_until(lambda: painted)
import workstation.warmup as warmup

turn_until(lambda: warmup._started is not None and not warmup._started.is_alive()
           and all(name in sys.modules for name in CASE_MODULES))
from workstation.formkit import spec
from workstation.law import data as law_data

warmed_by = warmup._started.name
warmed_forms = dict(spec._FOLDERS[str(spec.FORMS)][1])  # what the thread parsed, before any case was opened
warmed_law = {name: id(law_data._PARSED[name]) for name in warmup.LAW_FILES}
drawing_before = sorted(n for n in ("reportlab", "docx") if n in sys.modules)
case_id = db.conn.execute("SELECT id FROM cases ORDER BY case_number LIMIT 1").fetchone()[0]
workspace = window.open_case(case_id)
app.processEvents()
print(json.dumps({
    "warmed_by": warmed_by,
    "forms": len(warmed_forms),
    "same_forms": sorted(form_id for form_id, form in workspace.documents.forms.items()
                         if form is warmed_forms.get(form_id)),
    "workspace_forms": sorted(workspace.documents.forms),
    "same_law": {name: id(law_data.load(name)) == kept for name, kept in warmed_law.items()},
    "drawing_before": drawing_before,
    "drawing_after": sorted(n for n in ("reportlab", "docx") if n in sys.modules),
}))
window.close()
db.conn.close()
"""


def test_the_first_case_opens_on_what_was_warmed_without_loading_the_drawing_libraries(demo_db, data_dir):
    demo_db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the other process reads every case the demo stored
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "WORKSTATION_HOME": str(data_dir),
           "WORKSTATION_PLAINTEXT": "1"}
    done = subprocess.run([sys.executable, "-c", FIRST_CASE, str(data_dir)], cwd=PROJECT, env=env,
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["warmed_by"] == "warm-case-data"
    assert result["forms"] > 50
    # the documents section lists the very specs the thread parsed: none parsed again on the window's thread
    assert result["same_forms"] == result["workspace_forms"]
    assert result["same_law"] == {"catalogue": True, "clocks": True, "criminal": True, "discretion": True,
                                  "thresholds": True}
    # neither warming nor opening the case loads reportlab or python-docx: only drawing a document does
    assert result["drawing_before"] == []
    assert result["drawing_after"] == []


def test_data_parsed_on_the_warming_thread_is_what_later_callers_get():
    from workstation import warmup
    from workstation.formkit.spec import load_forms
    from workstation.law import catalogue
    from workstation.law import data as law_data

    thread = threading.Thread(target=warmup.warm_case_data)
    thread.start()
    thread.join()
    warmed_forms, broken = load_forms()
    warmed_law = {name: law_data.load(name) for name in warmup.LAW_FILES}
    assert broken == {}
    again, _ = load_forms()
    assert again.keys() == warmed_forms.keys()
    assert all(again[form_id] is form for form_id, form in warmed_forms.items())
    assert all(law_data.load(name) is parsed for name, parsed in warmed_law.items())
    assert catalogue.norms() is catalogue.norms()


def test_forms_asked_for_while_another_thread_parses_them_are_parsed_once(monkeypatch):
    """The window's thread asking for the forms while the warming thread parses them waits for that parse and takes
    its specs: every file is parsed once, not once by each thread."""
    import tomllib
    from types import SimpleNamespace

    from workstation.formkit import spec

    spec._FOLDERS.pop(str(spec.FORMS), None)
    spec._parsed_form.cache_clear()
    parsed_texts, answers, other = [], [], []

    def counted(text):
        parsed_texts.append(text)
        if not other:  # the first file: a second caller arrives while this thread parses the folder
            other.append(threading.Thread(target=lambda: answers.append(spec.load_forms()[0])))
            other[0].start()
        return tomllib.loads(text)

    monkeypatch.setattr(spec, "tomllib", SimpleNamespace(loads=counted, TOMLDecodeError=tomllib.TOMLDecodeError))
    forms, broken = spec.load_forms()
    other[0].join()
    assert broken == {}
    assert len(parsed_texts) == len(set(parsed_texts)) == len(list(spec.FORMS.glob("*.toml")))
    assert answers[0].keys() == forms.keys()
    assert all(answers[0][form_id] is form for form_id, form in forms.items())


def test_warming_starts_one_thread_per_process(monkeypatch):
    from workstation import warmup

    monkeypatch.setattr(warmup, "_started", None)
    first = warmup.start_warming()
    first.join()
    assert first.name == "warm-case-data"
    assert warmup.start_warming() is None
