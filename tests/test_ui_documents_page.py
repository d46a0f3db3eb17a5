"""The 文书 page as an officer reads it: every column as wide as its text, and a long reason (a broken form file's)
or warning (a font's) wrapped over the lines it needs instead of cut off."""

import shutil

from PySide6.QtWidgets import QApplication

from ui.documents_page import DocumentsPage
from workstation import paths


def test_every_column_and_a_long_reason_show_whole(data_dir, qtbot, monkeypatch, tmp_path):
    forms = tmp_path / "forms"
    shutil.copytree(paths.FORMS, forms)
    (forms / "broken_form.toml").write_text('id = "broken_form"\ntitle = "坏的"\ncolour_of_the_paper_in_the_tray = 1\n',
                                            encoding="utf-8")
    monkeypatch.setattr("workstation.formkit.spec.FORMS", forms)
    monkeypatch.setattr("workstation.formkit.spec.load_forms.__defaults__", (forms,))
    page = DocumentsPage(data_dir)
    qtbot.addWidget(page)
    page.resize(620, 700)
    page.show()
    QApplication.processEvents()
    view = page.forms_view
    broken = next(r for r in range(page.forms_model.rowCount()) if page.forms_model.records[r]["id"] == "broken_form.toml")
    assert view.sizeHintForRow(broken) > 1.5 * view.sizeHintForRow(0)  # its reason takes two lines or more
    for view in (page.forms_view, page.fonts_view):
        model = view.model()
        for column in range(model.columnCount() - 1):
            assert view.columnWidth(column) >= view.sizeHintForColumn(column)
        for row in range(model.rowCount()):
            assert view.rowHeight(row) >= view.sizeHintForRow(row)
