"""The 文书 page: the document types in procedural order with their stage (typing part of a title narrows the
list), the ones with broken form files shown as broken (file, key, reason), each with the 文号
type code this station issues it with (its agency's bureau may set its own in agencies.toml), and which font face
prints each style, with the warning when a style falls back to another face (the note when titles are set in the
Song face), and under them the font files skipped as damaged."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QApplication,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.layouts import clear_layout, heading, scrolled_body
from ui.pages import read_only_table
from ui.record_model import TOOLTIP_ROLE, RecordTableModel
from workstation.documents.fonts import describe, resolve_fonts
from workstation.formkit.spec import load_forms
from workstation.formkit.stages import in_procedural_order, stage_of
from workstation.i18n import N_, _


def _fitted_table(model) -> QTableView:
    """A table whose columns are as wide as their text, the last one (a form's state or reason, a font's warning)
    taking the rest of the width and its text wrapped over as many lines as it needs."""
    view = read_only_table(model)
    for column in range(model.columnCount() - 1):
        view.resizeColumnToContents(column)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return view


class FormsModel(RecordTableModel):
    """The document types: a row's tooltip is its form's ``description`` (when the document is used), a broken
    file's its reason."""

    def data(self, index, role: int = 0):
        if role == TOOLTIP_ROLE and index.isValid() and 0 <= index.row() < len(self.records):
            description = self.records[index.row()].get("description")
            if description:
                return description
        return super().data(index, role)


class DocumentsPage(QWidget):
    """Forms and fonts of the document engine; ``refresh`` reloads both (after a form file is fixed). ``db``: the
    station's database, whose agency's 文号 type codes are shown (without it, or without an agency, the forms'
    own)."""

    def __init__(self, data_dir, parent: QWidget | None = None, db=None, prompts=None, open_document=None):
        super().__init__(parent)
        self.data_dir, self.db = data_dir, db
        self.filter_text = ""  # what was typed in the forms' filter, kept across a refresh
        page = QVBoxLayout(scrolled_body(self))
        page.addWidget(heading(_("Documents")))
        note = QLabel(_("Documents are produced from a case: open the case and use its Documents section."))
        note.setWordWrap(True)
        page.addWidget(note)
        # the register of the documents issued (发文登记), kept with what was typed in it when the page is rebuilt
        self.register = None
        if db is not None and prompts is not None:
            from ui.document_register import DocumentRegisterBox

            self.register = DocumentRegisterBox(db, prompts, open_document, self)
            page.addWidget(self.register, 3)
        self.layout_ = QVBoxLayout()
        page.addLayout(self.layout_, 3)
        self.refresh()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        """Shown again: the register lists the documents issued meanwhile."""
        super().showEvent(event)
        if self.register is not None:
            self.register.refresh()

    def refresh(self) -> None:
        """Build the page anew; the keyboard stays where it was (F5 in the filter goes on typing there, the caret where
        it was; in a table, on the same row), not lost with the widgets replaced."""
        focus, caret, selected = self._focus_place()
        if hasattr(self, "forms_view"):  # a row selected (Enter in the filter) is let go before the table goes
            self.forms_view.clearSelection()
        clear_layout(self.layout_)
        if self.register is not None:
            self.register.refresh()
        for model in (getattr(self, "forms_model", None), getattr(self, "fonts_model", None)):
            if model is not None:  # the page's children, not its layout's: else two more at every F5, all day
                model.deleteLater()
        self._build()
        if focus == "filter":
            self.forms_filter.setFocus(Qt.FocusReason.OtherFocusReason)
            self.forms_filter.setCursorPosition(caret)
        elif focus in ("forms", "fonts"):
            view = self.forms_view if focus == "forms" else self.fonts_view
            if selected is not None and selected < view.model().rowCount():
                view.selectRow(selected)
                view.scrollTo(view.model().index(selected, 0))
            view.setFocus(Qt.FocusReason.OtherFocusReason)

    def _focus_place(self) -> tuple[str | None, int, int | None]:
        """Which of the page's boxes has the keyboard ("filter", "forms", "fonts" or None), the filter's caret and
        the table's selected row."""
        if not hasattr(self, "forms_filter"):
            return None, 0, None
        focus = QApplication.focusWidget()
        if focus is self.forms_filter:
            return "filter", self.forms_filter.cursorPosition(), None
        for name, view in (("forms", self.forms_view), ("fonts", self.fonts_view)):
            if focus is not None and (focus is view or view.isAncestorOf(focus)):
                rows = view.selectionModel().selectedRows()
                return name, 0, rows[0].row() if rows else None
        return None, 0, None

    def _build(self) -> None:
        forms, broken = load_forms()
        codes = self._station_codes(forms)
        # in procedural order with the stage of each (workstation/formkit/stages.py)
        rows = [{"stage": _(stage_of(f)), "title": f.title, "id": f.id, "code": codes.get(f.id, f.type_code) or "—",
                 "state": _("ready"), "description": f.shown_description()}
                for f in in_procedural_order(forms.values())]
        rows += [{"stage": "—", "title": name, "id": name, "code": "—", "state": reason}
                 for name, reason in broken.items()]
        self.forms_model = FormsModel([(N_("Stage"), lambda r: r["stage"]),
                                       (N_("Document"), lambda r: r["title"]),
                                       (N_("Form file"), lambda r: r["id"]),
                                       (N_("文号 type code"), lambda r: r["code"]),
                                       (N_("State"), lambda r: r["state"])], self)
        self.forms_model.set_records(rows)
        self.broken = broken
        box = QGroupBox(_("Document types ({n}, {broken} broken)").format(n=len(forms), broken=len(broken)))
        self.forms_view = _fitted_table(self.forms_model)
        self.forms_filter = QLineEdit(self.filter_text)
        # Ctrl+4 lands here (``MainWindow``): the register, built into the same scrolled body, is earlier in the chain
        self.first_control = self.forms_filter
        self.forms_filter.setObjectName("forms_filter")
        self.forms_filter.setPlaceholderText(_("Type part of a title or form file to narrow the list"))
        self.forms_filter.setClearButtonEnabled(True)
        self.forms_filter.textChanged.connect(self.filter_forms)
        self.forms_filter.returnPressed.connect(self.select_first_form)
        self.forms_filter.installEventFilter(self)  # Down goes on to the first document type shown
        box_layout = QVBoxLayout(box)
        row = QHBoxLayout()
        self.forms_filter_label = QLabel(_("Find document &type"))  # Alt+T, as Ctrl+F, puts the keyboard there
        self.forms_filter_label.setBuddy(self.forms_filter)
        row.addWidget(self.forms_filter_label)
        row.addWidget(self.forms_filter, 1)
        box_layout.addLayout(row)
        box_layout.addWidget(self.forms_view)
        self.filter_forms(self.filter_text)
        self.layout_.addWidget(box, 2)
        fontset = resolve_fonts(self.data_dir)
        # a style set in its documented stand-in's face (titles in the Song face) says so where another's fallback
        # is warned of: a style has one or the other (``fonts.describe``)
        self.fonts_model = RecordTableModel([(N_("Style"), lambda r: r["label"]),
                                             (N_("Face"), lambda r: r["face"]),
                                             (N_("File"), lambda r: r["file"]),
                                             (N_("Warning or note"),
                                              lambda r: r["warning"] or r["note"] or "—")], self)
        self.fonts_model.set_records(describe(fontset))
        box = QGroupBox(_("Fonts"))
        self.fonts_view = _fitted_table(self.fonts_model)
        box_layout = QVBoxLayout(box)
        # under the table, a font file copied in but skipped (damaged, not TrueType): else the warning of its style
        # asks for the file that is there
        self.fonts_skipped = QLabel("\n".join(fontset.skipped))
        self.fonts_skipped.setObjectName("fonts_skipped")
        self.fonts_skipped.setWordWrap(True)
        self.fonts_skipped.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fonts_skipped.setStyleSheet("color: #b00020;")
        self.fonts_skipped.setVisible(bool(fontset.skipped))
        box_layout.addWidget(self.fonts_view)
        box_layout.addWidget(self.fonts_skipped)
        self.layout_.addWidget(box, 1)

    def filter_forms(self, text: str) -> None:
        """Show only the document types whose title or form file contains ``text`` (any case); all when empty."""
        self.filter_text = text
        wanted = text.strip().casefold()
        for row, record in enumerate(self.forms_model.records):
            shown = not wanted or wanted in record["title"].casefold() or wanted in record["id"].casefold()
            self.forms_view.setRowHidden(row, not shown)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        """Down or PageDown in the filter puts the keyboard on the first document type shown, as in the case list's
        search (Enter selects it and leaves the keyboard in the filter)."""
        if watched is getattr(self, "forms_filter", None) and event.type() == QEvent.Type.KeyPress and \
                event.key() in (Qt.Key.Key_Down, Qt.Key.Key_PageDown) and not event.modifiers() & (
                    Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            if self.select_first_form():
                self.forms_view.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        return super().eventFilter(watched, event)

    def select_first_form(self) -> bool:
        """Enter in the filter: select the first document type shown (its description is its tooltip); False when
        the filter shows none."""
        for row in range(self.forms_model.rowCount()):
            if not self.forms_view.isRowHidden(row):
                self.forms_view.selectRow(row)
                self.forms_view.scrollTo(self.forms_model.index(row, 0))
                return True
        return False

    def _station_codes(self, forms: dict) -> dict[str, str]:
        """The 文号 type code of each form for the station's agency (``numbering.agency_type_codes``: its bureau's
        own where agencies.toml sets one); {} (the forms' own codes) without a database or an agency."""
        from workstation.documents.numbering import agency_type_codes
        from workstation.station_role import own_agency

        agency_id = own_agency(self.db) if self.db is not None else None
        return agency_type_codes(self.db, agency_id, forms) if agency_id else {}
