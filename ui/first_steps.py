"""The first steps on a new workstation, offered once its window is up while the database has no officer on duty:
the agency this station works for (the default agency of new cases, leads, interviews and officers, and so of their
case numbers) unless one was chosen, then its enforcement officers with their certificate numbers (filing a case
needs two; a station holding no number block is told beside them to ask headquarters for one if its bureau has other
workstations), and once they are added 本局文书信息 while no contact telephone is set (its first 询问通知书 would print
an empty 联系电话). Without them a town office's first case would go to the city bureau with no officer to file it; a
station is asked again at each start until one is added. Headquarters with no agency chosen works as the city bureau
(``station_role.own_agency``): it is not asked for an agency, only for its officers, and only once — it may keep no
officers of its own on purpose (it merges the stations' cases)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.agency_search import names_no_agency, names_none_message, searchable, settle_typed
from ui.layouts import add_agency, error_label, plain_label
from workstation.i18n import _
from workstation.station import ensure_station, this_station
from workstation.store import get_agency, get_setting, list_agencies, list_officers, offered_officer_name

#: the setting recorded when the officers step was closed with nobody added (its time): headquarters is not asked
#: again then; a station is, whatever it holds
OFFICERS_LATER = "first_steps_officers_later"


def needs_first_steps(db) -> bool:
    """True on a database with no officer on duty — filing a case needs two —, except at headquarters, which is asked
    only while it has no agency chosen and was not asked yet (``OFFICERS_LATER``), and data opened read only, where
    nothing could be saved."""
    if db.read_only or list_officers(db):
        return False
    return not at_headquarters(db) or (not get_setting(db, "station_agency") and not get_setting(db, OFFICERS_LATER))


def at_headquarters(db) -> bool:
    """Whether this installation's role is headquarters (``station_role``, kept beside the database)."""
    from workstation.clocks import data_dir_of
    from workstation.station_role import installation_role

    data_dir = data_dir_of(db)
    return data_dir is not None and installation_role(db, data_dir).headquarters


def works_as_city_bureau(db) -> bool:
    """True at headquarters with no agency chosen: it works as the city bureau and needs no agency of its own."""
    from workstation.station_role import own_agency

    return not get_setting(db, "station_agency") and own_agency(db) is not None


class StationAgencyDialog(QDialog):
    """Which agency this workstation works for; 以后再说 leaves everything as it was."""

    def __init__(self, db, data_dir, parent: QWidget | None = None):
        super().__init__(parent)
        self.db, self.data_dir = db, data_dir
        self.setObjectName("station_dialog")
        self.setWindowTitle(_("Set up this workstation"))
        intro = QLabel(_(
            "Which agency does this workstation work for? New cases, leads and interviews take it as their agency, "
            "and new case numbers its abbreviation. Next, add the enforcement officers of your office with their "
            "certificate numbers: filing a case needs two of them. Both can be changed later ({agency}; "
            "{officers}).").format(agency=_("Exchange") + " → " + _("Name and agency…"),
                                   officers=_("Case") + " → " + _("Enforcement officers")))
        intro.setWordWrap(True)
        self.agency = QComboBox()
        self.agency.setObjectName("agency")
        for agency in list_agencies(db):
            add_agency(self.agency, agency)
        searchable(self.agency, keeps_choice=False)  # the station's agency, saved: text naming none kept, in red
        self.agency.setCurrentIndex(-1)
        # the list is typed into (``add_agency``): its field shows the hint while no agency is chosen
        self.agency.lineEdit().setPlaceholderText(_("Type part of the agency's name, or choose it"))
        form = QFormLayout()
        form.addRow(_("Station agency") + " *", self.agency)
        # what keeps the agency from being saved: text naming no agency (``ui.agency_search``), keys not written
        self.error = error_label("agency")
        form.addRow("", self.error)
        self.continue_button = QPushButton(_("Save and add officers"))
        self.continue_button.setObjectName("continue")
        self.continue_button.setDefault(True)
        self.continue_button.setEnabled(False)
        later = QPushButton(_("Not now"))
        later.setObjectName("later")  # Enter on it when it has the keyboard leaves (autoDefault)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.continue_button)
        buttons.addWidget(later)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addLayout(buttons)
        self.resize(640, self.sizeHint().height())
        self.agency.currentIndexChanged.connect(self._agency_changed)
        self.agency.editTextChanged.connect(self._agency_changed)  # the text typed, and its mark (agency_search)
        self.continue_button.clicked.connect(self.save)
        later.clicked.connect(self.reject)

    def choose(self, agency_id: str) -> None:
        self.agency.setCurrentIndex(self.agency.findData(agency_id))

    def _agency_changed(self) -> None:
        """Continue only with an agency chosen; text left in the field that names none (``ui.agency_search`` keeps
        it, choosing no agency) is said to be none."""
        self.continue_button.setEnabled(self.agency.currentIndex() >= 0)
        self._say(names_none_message() if names_no_agency(self.agency) else "")

    def _say(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def save(self) -> None:
        """Record the agency as this station's (a station not yet named takes the agency's short name); nothing
        while the field names no agency, and nothing when the station's keys cannot be written (said here, the
        dialog left open)."""
        from workstation.errors import WorkstationError

        settle_typed(self.agency)  # what is half typed first (a call not made by leaving the field)
        agency_id = self.agency.currentData()
        if not agency_id:  # after ``settle_typed`` the field shows the agency chosen, or text naming none (no agency)
            self._agency_changed()
            return
        from workstation.station import unnamed

        station = this_station(self.db)  # made unnamed by `init` without an agency: named after the agency chosen
        name = get_agency(self.db, agency_id).short_name if station is None or unnamed(station.name) else None
        try:
            ensure_station(self.db, self.data_dir, name=name, agency_id=agency_id)
        except WorkstationError as exc:  # nothing saved (``ensure_station``): the folder named, and what to do
            self._say(exc.message)
            return
        self.accept()


def offer_first_steps(window, officer: str, show: Callable[[QDialog], bool]) -> bool:
    """On a database with no officer: the station's agency (unless one was chosen, or at headquarters working as the
    city bureau), then the officers dialog (the name given at the first start filled in as its first officer when it
    is a person's name), saying why it is shown and when it is asked again. Closed with nobody added, that is
    recorded (``OFFICERS_LATER``): headquarters is not asked again. True when the officers dialog was shown (the
    agency chosen, or none needed)."""
    from ui.officers_dialog import OfficersDialog
    from workstation.records import now
    from workstation.store import set_setting

    db = window.db
    if not get_setting(db, "station_agency") and not works_as_city_bureau(db):
        dialog = StationAgencyDialog(db, window.data_dir, parent=window)
        if not show(dialog):
            return False
    officers = OfficersDialog(db, window.prompts, parent=window)
    note = _officers_note(db)
    officers.layout().insertWidget(0, note)
    _passphrase_follows_first_officer(officers, note, window.data_dir, officer)
    if blocks := number_blocks_step(db):  # a station of a bureau with other workstations: numbers of its own
        note = QLabel(blocks)
        note.setObjectName("first_steps_number_blocks")
        note.setWordWrap(True)
        officers.layout().insertWidget(1, note)
    if offered_officer_name(officer):  # a login name (root, zhangsan) given as the officer is no name to print
        officers.name.setText(offered_officer_name(officer))
        officers.mark_loaded()  # offered, not typed: closing with it asks nothing
    show(officers)
    if not list_officers(db):
        set_setting(db, OFFICERS_LATER, now())
    elif needs_document_details(db):  # once, with the officers: the first steps are not asked again after them
        show(_details_dialog(window))
    window.refresh()
    return True


def _passphrase_follows_first_officer(dialog, note: QLabel, data_dir, opener: str) -> None:
    """The passphrase that opened the data goes by the name ``opener`` typed at the first start, which the dialog
    offers as the first officer: saved under another name (the name corrected: 陈志明 → 陈智明), it would open the data
    as nobody of the register's — what is registered with it registered by nobody, and deactivating the officer
    withdrawing nothing. Yet the officer saved may as well be a colleague added first (黄丽娟), whose name the
    passphrase must never take: their logins would be audited as hers, deactivating her would lock him out. So it is
    never moved unasked: the first new officer under another name is asked about (No the default answer); after a No,
    only an officer whose name shares a character with it (陈智明, the name corrected), not every colleague saved (a
    login name, chenzm, shares none), until one is said to hold it (``access.follow_rename``, audited; the same
    passphrase opens the data; said in ``note``) or one bearing its name is saved, which it then goes by. The same
    name written with spaces (陈 志明) is no other name: it takes the register's spelling unasked. Nothing changes when an officer bears the name, the data is not encrypted or was
    opened with the workstation's passphrase."""
    from dataclasses import replace

    from workstation.errors import ValidationError, WorkstationError, join_sentences
    from workstation.security import access, keyring

    db = dialog.db
    if data_dir is None or keyring.state(data_dir) != "encrypted" or opener == keyring.STATION_ENTRY or \
            opener not in keyring.officers(data_dir):
        return
    before = list_officers(db, with_inactive=True)
    if any(o.name == opener for o in before):
        return
    known, asked, done = {o.id for o in before}, set(), []

    def saved() -> None:
        new = [o for o in list_officers(db, with_inactive=True) if o.id not in known and o.id not in asked]
        if done or not new:
            return
        officer = new[0]
        if officer.name == opener or opener not in keyring.officers(data_dir):
            done.append(officer)
            return
        same_name = "".join(officer.name.split()) == "".join(opener.split())
        if asked and not same_name and not set(officer.name) & set(opener) - {" "}:
            asked.add(officer.id)  # a colleague saved after a No, no name like it: not asked about
            return
        if not same_name and not dialog.prompts.confirm(dialog, _(
                "The passphrase that opened the data goes by the name {old}, which no officer of the register bears. "
                "Is it {new}'s, the name corrected? Yes: it goes by {new} from now on and follows them in the "
                "register (deactivating them withdraws it); the same passphrase opens the data. No: it keeps the name "
                "{old}.").format(old=opener, new=officer.name), destructive=True):
            asked.add(officer.id)  # a colleague: only a name like the opener's is asked about next
            return
        try:  # refused: not done, the next save tries again
            change = access.follow_rename(db, data_dir, replace(officer, name=opener), officer.name)
        except ValidationError as exc:
            dialog.prompts.error(dialog, join_sentences(list(exc.errors.values())))
            return
        except WorkstationError as exc:
            dialog.prompts.error(dialog, exc.message)
            return
        done.append(officer)
        if change is None:
            return
        access.audit_rename(db, data_dir)
        note.setText(join_sentences([note.text(), _(
            "The passphrase that opened the data went by the name {old}, which no officer bears: it goes by {new} "
            "now, the name saved, and follows {new} in the register (deactivating them withdraws it). The same "
            "passphrase opens the data.").format(old=opener, new=officer.name)]))

    dialog.model.modelReset.connect(saved)  # after each save, the register read again


def number_blocks_step(db) -> str | None:
    """At a station (not headquarters, which hands the blocks out) holding no number block (号段) of its own: the
    step telling it to ask headquarters for one when its bureau has other workstations, with where it is entered —
    two workstations of one bureau numbering on their own give the same case numbers and 文号, which headquarters
    then refuses to merge. None otherwise."""
    from workstation.documents.number_blocks import list_blocks

    if at_headquarters(db) or any(block["own"] for block in list_blocks(db)):
        return None
    where = " → ".join((_("Exchange"), plain_label(_("Number b&locks")), _("Add number block…")))
    return _("If your bureau has other workstations, first ask headquarters for a number block (号段) and enter it "
             "({blocks}): two workstations of one bureau numbering on their own give the same case numbers and "
             "document numbers.").format(blocks=where)


def needs_document_details(db) -> bool:
    """Whether the documents of the station's cases would go out without a contact telephone (本局文书信息 not set
    for its agency, nor for its bureau): the 询问通知书 and the 告知书 print it for the party to call."""
    from workstation.agency_details import document_details, station_own_agency_id

    agency_id = station_own_agency_id(db)
    return agency_id is not None and not document_details(db, agency_id)["contact_phone"]


def _details_dialog(window) -> QDialog:
    """本局文书信息 as the last of the first steps, saying why it is shown; 取消 leaves it for later."""
    from ui.agency_details_dialog import AgencyDetailsDialog

    dialog = AgencyDetailsDialog(window.db, parent=window, prompts=window.prompts)
    note = QLabel(_("Your cases' documents print this bureau's contact telephone and address (the party of a "
                    "询问通知书 or a 告知书 calls or writes to them) and the account fines are paid into. Enter them "
                    "now, or later under {details}.").format(
        details=_("File") + " → " + plain_label(_("Bureau's document de&tails…"))))
    note.setObjectName("first_steps_note")
    note.setWordWrap(True)
    dialog.layout().insertWidget(0, note)
    return dialog


def _officers_note(db) -> QLabel:
    """Above the officers dialog of the first steps: why it is shown, and whether closing it asks again."""
    where = _("Case") + " → " + _("Enforcement officers")
    if at_headquarters(db):
        text = _("No enforcement officer is registered at headquarters yet. It needs them only to file cases of its "
                 "own: add them here, or close this dialog and you will not be asked again (add them later under "
                 "{officers}).")
    else:
        text = _("No enforcement officer is registered on this workstation yet: filing a case needs two, with their "
                 "certificate numbers. Add them here, or later under {officers}; until one is added, each start "
                 "asks again.")
    note = QLabel(text.format(officers=where))
    note.setObjectName("first_steps_note")
    note.setWordWrap(True)
    return note
