"""The 文书 page: the document types with broken form files shown as broken (file, key, reason), each with the 文号
type code this station issues it with (its agency's bureau may set its own in agencies.toml), and which font face
prints each style, with the warning when a style falls back to another face."""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from ui.layouts import clear_layout, heading
from ui.pages import read_only_table
from ui.record_model import RecordTableModel
from workstation.documents.fonts import describe, resolve_fonts
from workstation.formkit.spec import load_forms
from workstation.i18n import N_, _


def _fitted_table(model) -> QTableView:
    """A table whose columns are as wide as their text, the last one (a form's state or reason, a font's warning)
    taking the rest of the width and its text wrapped over as many lines as it needs."""
    view = read_only_table(model)
    for column in range(model.columnCount() - 1):
        view.resizeColumnToContents(column)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return view


class DocumentsPage(QWidget):
    """Forms and fonts of the document engine; ``refresh`` reloads both (after a form file is fixed). ``db``: the
    station's database, whose agency's 文号 type codes are shown (without it, or without an agency, the forms'
    own)."""

    def __init__(self, data_dir, parent: QWidget | None = None, db=None):
        super().__init__(parent)
        self.data_dir, self.db = data_dir, db
        self.layout_ = QVBoxLayout(self)
        self.refresh()

    def refresh(self) -> None:
        clear_layout(self.layout_)
        self.layout_.addWidget(heading(_("Documents")))
        note = QLabel(_("Documents are produced from a case: open the case and use its Documents section."))
        note.setWordWrap(True)
        self.layout_.addWidget(note)
        forms, broken = load_forms()
        codes = self._station_codes(forms)
        rows = [{"title": f.title, "id": f.id, "code": codes.get(f.id, f.type_code) or "—", "state": _("ready")}
                for f in sorted(forms.values(), key=lambda f: (f.catalogue or 999, f.id))]
        rows += [{"title": name, "id": name, "code": "—", "state": reason} for name, reason in broken.items()]
        self.forms_model = RecordTableModel([(N_("Document"), lambda r: r["title"]),
                                             (N_("Form file"), lambda r: r["id"]),
                                             (N_("文号 type code"), lambda r: r["code"]),
                                             (N_("State"), lambda r: r["state"])], self)
        self.forms_model.set_records(rows)
        self.broken = broken
        box = QGroupBox(_("Document types ({n}, {broken} broken)").format(n=len(forms), broken=len(broken)))
        self.forms_view = _fitted_table(self.forms_model)
        QVBoxLayout(box).addWidget(self.forms_view)
        self.layout_.addWidget(box, 2)
        fonts = describe(resolve_fonts(self.data_dir))
        self.fonts_model = RecordTableModel([(N_("Style"), lambda r: r["label"]),
                                             (N_("Face"), lambda r: r["face"]),
                                             (N_("File"), lambda r: r["file"]),
                                             (N_("Warning"), lambda r: r["warning"] or "—")], self)
        self.fonts_model.set_records(fonts)
        box = QGroupBox(_("Fonts"))
        self.fonts_view = _fitted_table(self.fonts_model)
        QVBoxLayout(box).addWidget(self.fonts_view)
        self.layout_.addWidget(box, 1)

    def _station_codes(self, forms: dict) -> dict[str, str]:
        """The 文号 type code of each form for the station's agency (``numbering.agency_type_codes``: its bureau's
        own where agencies.toml sets one); {} (the forms' own codes) without a database or an agency."""
        from workstation.documents.numbering import agency_type_codes
        from workstation.station_role import own_agency

        agency_id = own_agency(self.db) if self.db is not None else None
        return agency_type_codes(self.db, agency_id, forms) if agency_id else {}
