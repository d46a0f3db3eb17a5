"""The 线索 page is built without the PDF machinery: the titles of its internal forms' menu are read from the forms'
TOML (``formkit.spec``), not through ``documents.drafts``, which imports reportlab (about 0.2 s of the page's first
visit, more with no bytecode cached); a lead without documents is selected without it too. Checked in a fresh
interpreter, so that what other tests imported does not count."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SCRIPT = """
import json, sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication([])
from workstation.db import open_database
from workstation.paths import database_path
from ui.leads_page import LeadsPage
data_dir = Path(sys.argv[1])
db = open_database(database_path(data_dir))
page = LeadsPage(db, data_dir, None, None)
heavy = ("reportlab", "workstation.documents.drafts", "workstation.documents.issuing")
built = {name: name in sys.modules for name in heavy}
titles = {name: action.text() for name, action in page.form_actions.items()}
rows = {record["id"]: record for record in page.model.records}
bare = next(i for i in rows if not db.execute("SELECT 1 FROM documents WHERE lead_id = ?", [i]).fetchone())
page.select(bare)
app.processEvents()
print(json.dumps({"built": built, "titles": titles, "selected": page.selected_id() == bare,
                  "after_selecting": {name: name in sys.modules for name in heavy}}, ensure_ascii=False))
"""


def test_building_the_leads_page_does_not_import_reportlab(demo_db, data_dir):
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(data_dir)], cwd=ROOT, env=environment,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["built"] == {"reportlab": False, "workstation.documents.drafts": False,
                              "workstation.documents.issuing": False}
    # the menu still names each form by its title
    assert found["titles"] == {"case_source_register": "案件来源登记表…", "non_filing_approval": "不予立案审批表…",
                               "matter_approval": "行政处罚案件有关事项审批表…", "report_result_notice": "举报处理结果告知书…"}
    assert found["selected"]
    assert not any(found["after_selecting"].values())
