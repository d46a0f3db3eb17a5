"""Render the README screenshot: the main window over the demo data, offscreen.

    .venv/bin/python .ci/screenshot.py resources/screenshots/main-window.png
"""

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtWidgets import QApplication  # noqa: E402

from ui.app import install_qt_translations  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.prompts import Prompts  # noqa: E402
from ui.task_runner import ImmediateRunner  # noqa: E402
from workstation.db import open_database  # noqa: E402
from workstation.demo import load_demo  # noqa: E402
from workstation.paths import database_path  # noqa: E402
from workstation.store import ensure_reference_data  # noqa: E402


def main(target: str, case_tab: bool, editor: bool = False, page: int = 0) -> None:
    app = QApplication([])
    install_qt_translations(app)
    data_dir = Path(tempfile.mkdtemp())
    db = open_database(database_path(data_dir))
    ensure_reference_data(db)
    load_demo(db)
    window = MainWindow(db=db, data_dir=data_dir, runner=ImmediateRunner(), prompts=Prompts())
    window.resize(1440, 860)
    window.show()
    window.board.start()
    if case_tab:
        window.open_case(window.case_list.model.case_id(3))
    if page:
        window.navigation.setCurrentRow(page)
    for _ in range(20 if page else 5):
        app.processEvents()
    shown = window
    if editor:
        import time

        from workstation.documents.drafts import find_form
        from workstation.store import find_case

        shown = window.open_editor(find_case(db, "佛南市监立〔2026〕9号"), find_form("inquiry_record"))
        shown.resize(1440, 900)
        qa = shown.fields["questions_answers"].list
        qa.pairs[0].answer.setPlainText("我叫曾巧玲，是佛山市南海区翊晟建筑装饰设计有限公司的法定代表人。")
        qa.pairs[1].answer.setPlainText("我是公司法定代表人，可以代表公司接受询问。")
        shown.wait_for_preview()
        for _ in range(40):
            app.processEvents()
            time.sleep(0.05)
    shown.grab().save(target)
    if editor:
        shown.save_draft()  # typed above: closing would otherwise ask (a modal box nobody answers offscreen)
        shown.shutdown()
    window.close()
    db.conn.close()


if __name__ == "__main__":
    pages = {"--dashboard": 4, "--exchange": 5}
    main(sys.argv[1] if len(sys.argv) > 1 else "screenshot.png", "--case" in sys.argv, "--editor" in sys.argv,
         next((row for flag, row in pages.items() if flag in sys.argv), 0))
