"""The editor of one publicity activity (宣传活动): agency, date, title, kind and its counts, each field's error
shown under it as it is typed; Save stores it through the core, asking first when the same activity is in the log
already; Cancel or Esc drop typed changes only when the officer says so."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ui.agency_search import names_no_agency, names_none_message, searchable, settle_typed
from ui.dialog_undo import FieldsHistory
from ui.field_widgets import date_placeholder
from ui.layouts import (
    AsksBeforeDropping,
    add_agency,
    error_label,
    show_field_errors,
    stored_now,
    warning_label,
)
from workstation.errors import ValidationError, WorkstationError, join_reasons
from workstation.i18n import N_, _
from workstation.records import Publicity, today
from workstation.store import list_agencies, publicity_field_errors, save_publicity
from workstation.store.interviews import default_interview_agency
from workstation.store.publicity import (
    COUNT_FIELDS,
    activity_named,
    before_campaign,
    changed_since,
    figures_warning,
    get_publicity,
    normalized_publicity,
    recordable_agencies,
    same_activity,
    shown_figure_name,
)
from workstation.vocabulary import shown_labels

FIELD_LABELS = {
    "agency_id": N_("Organising agency"), "held_on": N_("Date"), "title": N_("Name of the activity"),
    "kind": N_("Kind"),
}
REQUIRED = ("agency_id", "held_on", "title", "kind")


def field_name(field: str) -> str:
    """A field of an activity as the editor names it: 日期, 宣传资料（份） (its internal name when unknown)."""
    if field in COUNT_FIELDS:
        return shown_figure_name(field, unit=True)
    return _(FIELD_LABELS[field]) if field in FIELD_LABELS else field


def refusal_text(exc: WorkstationError) -> str:
    """What the officer reads of a refused activity: each bad field named as the editor names it (``field_name``),
    never by its internal name (``held_on：…``); any other refusal's message as it is."""
    if not isinstance(exc, ValidationError):
        return exc.message
    return join_reasons(_("{field}: {message}").format(field=field_name(field), message=message)
                        for field, message in exc.errors.items())
TEXTS = ("held_on", "title", "flyers", "sms", "participants")


class PublicityDialog(AsksBeforeDropping, QDialog):
    """Publicity editor; after Save, ``saved_publicity`` is the stored activity."""

    def __init__(self, db, prompts, item: Publicity | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        item = stored_now(db, item, get_publicity)  # shown, and compared when saving, as stored when it opens
        self.db, self.prompts, self.original = db, prompts, item
        # the activity as stored when opened (a new one: none): its save is refused when another process saved it
        # since
        self.loaded: Publicity | None = item
        # True once a save was refused because the activity was saved elsewhere since it opened: the log reads it
        # again, so that it is reopened as stored
        self.changed_elsewhere = False
        # one blank for a new activity, so that its id stays the same from one reading of the fields to the next
        self._base = item or Publicity(agency_id="", held_on="", title="")
        self.saved_publicity: Publicity | None = None
        self.setWindowTitle(_("Edit publicity activity") if item else _("New publicity activity"))
        self.errors: dict[str, QLabel] = {}
        self.form = QFormLayout()
        self.agency = QComboBox()
        self.agency.setObjectName("agency_id")
        # the agencies this station records for (``recordable_agencies``), and the one an edited activity keeps
        allowed = recordable_agencies(db)
        for agency in list_agencies(db):
            if allowed is None or agency.id in allowed or (item is not None and agency.id == item.agency_id):
                add_agency(self.agency, agency)
        searchable(self.agency, keeps_choice=False)  # the activity's agency, saved: text naming none kept, in red
        self.kind = QComboBox()
        self.kind.setObjectName("kind")
        for key, text in shown_labels("publicity_kinds").items():
            self.kind.addItem(text, key)
        self.texts: dict[str, QLineEdit] = {}
        for field in TEXTS:
            self.texts[field] = QLineEdit()
            self.texts[field].setObjectName(field)
            self.texts[field].textChanged.connect(self.validate)
        self.texts["held_on"].setPlaceholderText(date_placeholder())
        self.texts["title"].setPlaceholderText(_("e.g. 个人信息保护进社区宣传活动"))
        for field in ("agency_id", "held_on", "title", "kind", "flyers", "sms", "participants"):
            widget = {"agency_id": self.agency, "kind": self.kind}.get(field) or self.texts[field]
            self._row(field, widget)
        # the kind's own figure 0, or every figure 0 (``figures_warning``): told under the figures, Save still allowed,
        # as `publicity add` warns
        self.figures_warning = warning_label("figures")
        # a new activity's figures start at 0: warned of only once a figure or the kind is edited (an activity stored
        # so, at once)
        self.figures_edited = item is not None
        self.form.addRow("", self.figures_warning)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)
        self._load(item)
        # Ctrl+Z takes back the agency or kind chosen as it does typing
        self.fields_history = FieldsHistory(self, {"agency_id": self.agency, "kind": self.kind, **self.texts},
                                            "publicity")
        self.mark_loaded()
        self.agency.currentIndexChanged.connect(self.validate)
        self.kind.currentIndexChanged.connect(self.validate)
        for edited in (self.kind.currentIndexChanged, *(self.texts[field].textChanged for field in COUNT_FIELDS)):
            edited.connect(self._mark_figures_edited)
        self.validate()

    def _mark_figures_edited(self) -> None:
        if not self.figures_edited:  # once edited, ``validate`` (run first on every change) keeps it up to date
            self.figures_edited = True
            self._show_figures_warning()

    def _show_figures_warning(self) -> None:
        odd = figures_warning(self.current()) if self.figures_edited else None
        self.figures_warning.setText(odd or "")
        self.figures_warning.setVisible(bool(odd))

    def _row(self, field: str, widget: QWidget) -> None:
        self.errors[field] = error_label(field)
        # the figures named as in the log (and, in Chinese, its CSV): 宣传资料（份）, Leaflets (copies)
        self.form.addRow(field_name(field) + (" *" if field in REQUIRED else ""), widget)
        self.form.addRow("", self.errors[field])
        if isinstance(widget, QComboBox):  # named by its label for a screen reader: Linux names it by its choice
            widget.setAccessibleName(field_name(field))
            if widget.lineEdit() is not None:  # the list of agencies, typed in
                widget.lineEdit().setAccessibleName(field_name(field))

    def _load(self, item: Publicity | None) -> None:
        # a new activity is the station's agency's, else the signed-in officer's, as a new interview is; with none
        # known (or one this station does not record for) the agency is left to be chosen, its error shown
        agency_id = item.agency_id if item else default_interview_agency(self.db)
        self.agency.setCurrentIndex(self.agency.findData(agency_id) if agency_id else -1)
        if item is None:
            self.texts["held_on"].setText(today())
            for field in ("flyers", "sms", "participants"):
                self.texts[field].setText("0")
            return
        if self.kind.findData(item.kind) >= 0:
            self.kind.setCurrentIndex(self.kind.findData(item.kind))
        for field, edit in self.texts.items():
            edit.setText(str(getattr(item, field)))

    def typed(self) -> Publicity:
        return self.current()

    def current(self) -> Publicity:
        """The activity as the fields describe it (counts still as typed: the core checks them)."""
        return replace(self._base, agency_id=self.agency.currentData() or "", kind=self.kind.currentData() or "",
                       **{field: edit.text().strip() for field, edit in self.texts.items()})

    def validate(self) -> dict[str, str]:
        """Show every field's error under it; Save is enabled only when there is none."""
        if not hasattr(self, "buttons"):
            return {}  # still building
        errors = publicity_field_errors(self.db, self.current())
        if names_no_agency(self.agency):  # text typed that names no agency, none chosen (``ui.agency_search``)
            errors["agency_id"] = names_none_message()
        show_field_errors(self.errors, errors, self.buttons)
        self._show_figures_warning()
        return errors

    def save(self) -> None:
        """Store the activity as the fields give it; an activity opened and left as it was (its fields as stored,
        once normalised) closes without being written again: no audit entry, its time of change kept."""
        settle_typed(self.agency)  # what is half typed first: a click taking no keyboard (macOS) never left the field
        if self.validate():
            return
        if self.loaded is not None and self._unchanged():
            self.accept()
            return
        # the same activity typed twice would be counted twice in the statistics: asked before it is
        twin = same_activity(self.db, self.current())
        if twin is not None and self.prompts.choose(self, _(
                "{activity} is already in the publicity log: saving this one records it a second time, and the "
                "statistics count it twice.").format(activity=activity_named(self.db, twin)),
                [_("Save anyway"), _("Cancel")]) != 0:
            return
        try:
            self.saved_publicity = save_publicity(self.db, self.current(), loaded=self.loaded)
        except WorkstationError as exc:
            self.changed_elsewhere = self.loaded is not None and changed_since(self.db, self.loaded) is not None
            self.prompts.error(self, refusal_text(exc))
            return
        self.loaded = self.saved_publicity  # saved again, it is compared with what this save stored
        held_on = self.saved_publicity.held_on  # a new date before the campaign's: told, as `publicity add` warns
        moved = self.original is None or self.original.held_on != held_on
        if moved and (early := before_campaign(self.db, held_on)):
            self.prompts.info(self, _("Saved, but check the date: {message}").format(message=early))
        self.accept()

    def _unchanged(self) -> bool:
        """Whether the fields, normalised as the core stores them (``normalized_publicity``), give the activity as
        it was stored when the editor opened it (or last saved)."""
        try:
            return normalized_publicity(self.db, self.current()) == self.loaded
        except WorkstationError:
            return False
