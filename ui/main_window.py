"""The main window: navigation (案件 · 线索 · 约谈 · 文书 · 统计 · 交换), the case list with case workspaces in
tabs, menus with shortcuts, the status bar with the data directory, long work through the task runner, and
the window geometry remembered in the data directory."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSettings, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QStackedWidget,
    QTabWidget,
    QWidget,
)

from ui.deadlines import DeadlineBoard, day_watch
from ui.layouts import close_keys, fit_to_screen, list_join, plain_label, shortcut_hint
from workstation.db.connection import change_mark
from workstation.errors import Cancelled, ImportRefused, NotFound, WorkstationError, join_sentences
from workstation.i18n import N_, _, ngettext
from workstation.paths import database_path

if TYPE_CHECKING:  # loaded with the menus' actions, after the first paint
    from PySide6.QtGui import QAction

NAVIGATION = (N_("Cases"), N_("Leads"), N_("Interviews"), N_("Documents"), N_("Statistics"), N_("Exchange"))
# the Go menu's items, each with its letter (the navigation list shows the names without: Ctrl+1 … Ctrl+6)
GO_ITEMS = (N_("&Cases"), N_("&Leads"), N_("&Interviews"), N_("&Documents"), N_("&Statistics"), N_("&Exchange"))
PAGE_NAMES = ("cases", "leads", "interviews", "documents", "statistics", "exchange")  # of their Go menu actions


def _typed_changes(dialog) -> dict[str, str]:
    """What the officer changed in the case dialog ``dialog`` (the case as typed against the case it opened with), by
    the case's field: the field's label, with the value typed where it is one to read (a date, a count, an amount)."""
    from dataclasses import fields

    from ui.case_dialog import field_label

    typed, original = dialog.typed(), dialog.original
    shown = {"case_number": dialog.case_number.text, "cause": dialog.cause.text, "sector": dialog.sector.currentText}
    shown |= {f: w.text for f, w in (*dialog.dates.items(), *dialog.money.items())}
    shown |= {f: (lambda w=w: str(w.value())) for f, w in dialog.counts.items()}
    changes = {}
    for field in (f.name for f in fields(typed)):
        if field != "version" and getattr(typed, field) != getattr(original, field):
            value = shown[field]().strip() if field in shown else ""
            changes[field] = _("{field}: {part}").format(field=field_label(field), part=value) if value \
                else field_label(field)
    return changes


def _put_typed(typed_in, reopened, changes: dict[str, str]) -> None:
    """Put what was typed in the case dialog ``typed_in`` (its fields ``changes``) into ``reopened``, the dialog
    opened again on the case as stored now; the other fields show what is stored."""
    for key in reopened._value_keys():
        field = "violations" if isinstance(key, tuple) else key
        if field in changes:
            reopened.put(key, typed_in.value(key))
    if "agency_id" in changes:
        reopened.put("agency", (typed_in.agency.currentIndex(), typed_in.lists()))
    elif "party_ids" in changes or "officer_ids" in changes:
        reopened.put("lists", typed_in.lists())


def _focus_selected_row(view) -> None:
    """The keyboard in ``view`` with its selected row current (the first row when none is selected), in view."""
    from PySide6.QtCore import QItemSelectionModel, Qt

    model, selection = view.model(), view.selectionModel()
    if model is not None and selection is not None and model.rowCount() > 0:
        rows = selection.selectedRows()
        index = rows[0] if rows else model.index(0, 0)
        selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate if rows else
                                  QItemSelectionModel.SelectionFlag.ClearAndSelect
                                  | QItemSelectionModel.SelectionFlag.Rows)
        view.scrollTo(index)
    view.setFocus(Qt.FocusReason.ShortcutFocusReason)


# what a case's workspace imports, in the order its imports need them (``MainWindow.warm_case_data``)
CASE_MODULES = ("workstation.bundle", "workstation.documents.issuing", "ui.case_dialog", "ui.case_law",
                "ui.case_clocks", "ui.case_evidence", "ui.case_documents", "ui.case_workspace")
WARM_AFTER_MS = 500  # from the first paint to ``MainWindow.warm_case_data``
#: how often the window looks whether another program changed the database (``MainWindow.look_for_changes``); it
#: looks too when it is activated and when a page or tab is shown
CHANGE_WATCH_MS = 60_000


class MainWindow(QMainWindow):
    """The workstation's window; dependencies are injected so tests can script prompts and run tasks inline."""

    first_painted = Signal()
    data_changed = Signal()
    # another program's change seen (``look_for_changes``), for the pages that read again their own changes
    # themselves and so do not follow ``data_changed`` (the leads and the interviews)
    changed_elsewhere = Signal()

    def __init__(self, db, data_dir: Path, runner, prompts, ask_transition=None, parent=None):
        super().__init__(parent)
        self.db, self.data_dir, self.runner, self.prompts = db, Path(data_dir), runner, prompts
        self._ask_transition = ask_transition
        self.settings = QSettings(str(self.data_dir / "ui.ini"), QSettings.Format.IniFormat)
        self.setWindowTitle(_("Case-file workstation"))
        fit_to_screen(self, 1280, 800)
        self.workspaces: dict = {}  # case id → CaseWorkspace
        self._openers: dict = {}  # case id → the control that had the keyboard when the case was opened
        self.editors: list = []  # open document editors (top-level windows)
        self.idle_lock = None  # ui.idle_lock.IdleLock when the data is encrypted (set by ui.app)
        self.read_only_banner = None  # QLabel saying the data is open read only (``show_read_only``)
        self._pages: dict[int, QWidget] = {}
        self._case_list = None  # ui.case_list_page.CaseListPage, built on the first visit of its tab (case_list)
        self._change_seen = change_mark(db)[0]  # the database's change mark last seen (``look_for_changes``)
        self._replaced_said = False  # the database file replaced by another program said (``look_for_changes``)
        self._build_menus()  # first: its handler of the first paint comes before the board's (``_build_menus``)
        self._build_pages()
        self.data_dir_label = QLabel(_("Data: {path}").format(path=self.data_dir))
        self.statusBar().addPermanentWidget(self.data_dir_label)
        self.statusBar().messageChanged.connect(self._status_message_shown)
        # the numbering hold a restore placed, while it stands (``workstation.numbering_hold``)
        self.numbering_hold_label = QLabel()
        self.numbering_hold_label.setObjectName("numbering_hold_label")
        self.numbering_hold_label.setStyleSheet("color: #8a1c1c;")
        self.statusBar().addPermanentWidget(self.numbering_hold_label)
        self.numbering_hold_label.hide()
        self.data_changed.connect(self.show_numbering_hold)
        self.first_painted.connect(lambda: QTimer.singleShot(0, self, self.show_numbering_hold))
        self._restore_geometry()
        # the first paint of the home tab (the board, with its table, painted in the same pass), told by the board
        # itself: asking the table for its viewport (a widget Qt made) would have PySide6 look up its Python class
        # among every widget class (~7 ms of the start), and an event filter would convert every event's type
        # into PySide6's 179-member QEvent.Type (~1.5 ms)
        self.board.painted.connect(lambda: QTimer.singleShot(0, self.first_painted.emit))
        # another program's change (the command line's, another window's): the database's change mark as last seen
        # (``_change_seen``), the window's own changes (``data_changed``) seen with it, looked at once a minute while
        # the window is shown (``look_for_changes``), when it is activated and when a page is shown
        self.data_changed.connect(self._note_change_mark)
        self.change_watch = day_watch(self, self.look_for_changes, CHANGE_WATCH_MS)

    # construction ---------------------------------------------------------------------------------------
    def _build_pages(self) -> None:
        self.navigation = QListWidget()
        self.navigation.setFixedWidth(120)
        self.navigation.setAccessibleName(_("Sections"))  # focused at the start: a screen reader says more than 列表
        self.navigation.addItems([_(name) for name in NAVIGATION])
        self.stack = QStackedWidget()
        self.board = DeadlineBoard(self.db, runner=self.runner, database=database_path(self.data_dir),
                                   prompts=self.prompts)
        # the board's split and columns as the officer left them (its columns laid out with its first deadlines)
        self.board.table.restore_splitter(self.settings.value("board/splitter"))
        if self.settings.value("board/header") is not None:
            self.board.table.restore_header(self.settings.value("board/header"), self.settings.value("board/dragged"))
        self.board.clock_opened.connect(self.open_case_clock)
        self.board.lead_opened.connect(self.open_lead)
        self.board.interview_opened.connect(self.open_interview)
        self.board.calendar_changed.connect(self.refresh)  # a holiday file: the open cases' deadlines moved
        self.first_painted.connect(self.board.start)
        self.first_painted.connect(lambda: QTimer.singleShot(0, self.recover_drafts))
        self.first_painted.connect(lambda: QTimer.singleShot(0, self, self.say_swept))
        # half a second after: the board's first count and the start's other work go first, and a window quitting
        # right after its paint (the start-up benchmark) leaves no thread behind
        self.first_painted.connect(lambda: QTimer.singleShot(WARM_AFTER_MS, self, self.warm_case_data))
        self.case_tabs = QTabWidget()
        self.case_tabs.setTabsClosable(True)
        self.case_tabs.setDocumentMode(True)
        # the case list's tab holds an empty widget until the list is first shown (or used), which then takes its
        # place: the board is the home tab, so the list, its imports and its two queries wait for the first visit
        self._case_list_placeholder = QWidget()
        self.case_tabs.addTab(self.board, _("&Deadlines"))  # Alt+D, Alt+L
        self.case_tabs.addTab(self._case_list_placeholder, _("Case &list"))
        for fixed in (0, 1):  # the board and the list stay; case tabs close
            self._keep_tab(fixed)
        self.case_tabs.tabCloseRequested.connect(self.close_case_tab)
        self.case_tabs.currentChanged.connect(self._case_tab_shown)
        # the board about to be shown (its tab chosen, the home page): another program's change looked for before
        # it counts, so that it counts once (``eventFilter``)
        self.board.installEventFilter(self)
        # the other pages are built on their first visit, so the window opens as soon as the board is ready
        self.stack.addWidget(self.case_tabs)
        for _name in NAVIGATION[1:]:
            self.stack.addWidget(QWidget())
        self.navigation.currentRowChanged.connect(self.show_page)
        self.navigation.setCurrentRow(0)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addWidget(self.navigation)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

    def show_read_only(self, text: str) -> None:
        """Say above the pages, and in the title, that the data is open read only and why (``text``): every change
        is then refused with the reason (``workstation.db.connection``)."""
        from PySide6.QtWidgets import QVBoxLayout

        self.read_only_banner = QLabel(text)
        self.read_only_banner.setObjectName("read_only_banner")
        self.read_only_banner.setWordWrap(True)
        self.read_only_banner.setStyleSheet("background: #fff3cd; color: #5c4400; padding: 6px 10px;")
        pages = self.takeCentralWidget()
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.read_only_banner)
        layout.addWidget(pages, 1)
        self.setCentralWidget(central)
        self.setWindowTitle(_("Case-file workstation (read only)"))

    def _keep_tab(self, index: int) -> None:
        """No close button on the tab at ``index`` (the board and the case list stay; case tabs close)."""
        self.case_tabs.tabBar().setTabButton(index, self.case_tabs.tabBar().ButtonPosition.RightSide, None)

    @property
    def case_list(self):
        """The case list page (ui.case_list_page.CaseListPage), built into its tab when first needed."""
        return self._case_list if self._case_list is not None else self._build_case_list()

    def _build_case_list(self):
        from ui.case_list_page import CaseListPage

        page = self._case_list = CaseListPage(self.db, runner=self.runner)
        page.case_opened.connect(self.open_case)
        header = self.settings.value("cases/header")
        if header is not None:  # widened where a header grew since; party and cause fitted unless dragged
            page.restore_header(header, self.settings.value("cases/dragged"))
        index = self.case_tabs.indexOf(self._case_list_placeholder)
        shown = self.case_tabs.currentIndex() == index
        self.case_tabs.insertTab(index, page, _("Case &list"))
        self._keep_tab(index)
        self.case_tabs.removeTab(index + 1)
        if shown:
            self.case_tabs.setCurrentIndex(index)
        self._case_list_placeholder.deleteLater()
        return page

    def _case_tab_shown(self, index: int) -> None:
        # (the board looked before it was shown: ``eventFilter``; a case's tab follows no outside change)
        if self._case_list is None and self.case_tabs.widget(index) is self._case_list_placeholder:
            self._build_case_list()  # its first visit

    def go_to_page(self, row: int) -> None:
        """Ctrl+1 … Ctrl+6: show the page of navigation entry ``row`` with the focus on its first control (the
        navigation list keeps it when the page has none; on the cases page, the table of the tab shown, on its
        selected row: ``focus_home_table``), so that the keyboard goes on from there."""
        from PySide6.QtCore import Qt

        self.navigation.setCurrentRow(row)
        if row == 0 and self.focus_home_table():
            return
        page = self.stack.currentWidget()
        first = getattr(page, "first_control", None)  # a page whose focus chain does not start with its first
        if first is not None and first.isVisible() and first.isEnabled():
            first.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return
        widget = page.nextInFocusChain()
        while widget is not page and widget is not None:
            if page.isAncestorOf(widget) and widget.isVisible() and widget.isEnabled() and \
                    widget.focusPolicy().value & Qt.FocusPolicy.TabFocus.value:
                widget.setFocus(Qt.FocusReason.ShortcutFocusReason)
                return
            widget = widget.nextInFocusChain()
        self.navigation.setFocus()

    def show_page(self, row: int) -> None:
        """Show the page of navigation entry ``row``, building it on its first visit; another program's change
        looked for first (``look_for_changes``), the page left already hidden: the page shown (or built) counts it
        once, as it is shown, the one left when next shown."""
        left = self.stack.currentWidget()
        focused = self.focusWidget()
        held = left is not None and self.stack.currentIndex() != row and left.isAncestorOf(focused)
        if left is not None and self.stack.currentIndex() != row:
            left.hide()  # (the stack would hide it after the look: counted on its way out for nothing)
        self.look_for_changes()
        if row > 0:
            self.page(row)
        self.stack.setCurrentIndex(row)
        if held:  # the keyboard was on the page left: on the page shown, as the stack itself would do
            shown = self.stack.currentWidget()
            (shown.focusWidget() or shown).setFocus()
        self._place_new_key()

    def page(self, row: int) -> QWidget:
        """The page of navigation entry ``row`` (1 leads … 5 exchange), built when first needed."""
        page = self._pages.get(row)
        if page is None:
            page = self._pages[row] = self._build_page(row)
            old = self.stack.widget(row)
            self.stack.insertWidget(row, page)
            self.stack.removeWidget(old)
            old.deleteLater()
        return page

    def _build_page(self, row: int) -> QWidget:
        from ui.pages import PlaceholderPage

        if row == 1:
            from ui.leads_page import LeadsPage

            page = LeadsPage(self.db, self.data_dir, self.prompts, self.runner, open_editor=self.open_editor)
            page.case_opened.connect(lambda case_id: (self._case_changed(case_id), self.open_case(case_id)))
            # a lead assigned, extended or decided moves the board's T1 and the statistics' lead figures
            page.leads_changed.connect(self.board.mark_stale)
            page.leads_changed.connect(self.data_changed)
            page.rules_saved.connect(self._rules_saved)
            self.changed_elsewhere.connect(page.mark_stale)  # not ``data_changed``: its own changes it reads itself
            page.restore_splitter(self.settings.value("leads/splitter"))  # the list and its pane as last left
            page.restore_filters(self.settings.value("leads/filters"))  # filtered as it was left
            self._restore_columns("leads", page.fitter)
            return page
        if row == 2:
            from ui.interviews_page import InterviewsPage

            page = InterviewsPage(self.db, self.data_dir, self.prompts, on_case_changed=self._case_changed,
                                  open_editor=self.open_editor, runner=self.runner,
                                  database=database_path(self.data_dir))
            page.interviews_changed.connect(self.data_changed)  # the statistics count the interviews
            page.interviews_changed.connect(self.board.mark_stale)  # a follow-up recorded meets its deadline
            self.changed_elsewhere.connect(page.mark_stale)  # not ``data_changed``: its own changes it reads itself
            self._restore_columns("interviews", page.fitter)
            return page
        if row == 3:
            from ui.documents_page import DocumentsPage

            page = DocumentsPage(self.data_dir, db=self.db, prompts=self.prompts, open_document=self.open_document)
            if page.register is not None:
                self._restore_columns("documents", page.register.fitter)
                # a document issued, voided or corrected (from an editor window, a case) while the page is shown:
                # listed at once; hidden, the page lists it when shown again (``DocumentsPage.showEvent``)
                self.data_changed.connect(self._register_shown_again)
            return page
        if row == 4:
            from ui.dashboard import DashboardPage

            page = DashboardPage(self.db, self.data_dir, self.prompts, self.runner)
            self.data_changed.connect(page.mark_stale)
            # the window's Ctrl+P (``print_current``) prints its report wherever the focus is while it is shown:
            # the page's own binding would make the key ambiguous, and Qt then runs neither
            page.print_action.setShortcuts([])
            return page
        if row == 5:
            from ui.exchange_page import ExchangePage

            page = ExchangePage(self.db, self.data_dir, self.prompts, self.runner)
            page.records_changed.connect(self.refresh)
            # a conflict settled or reopened, whichever value it kept: the statistics say how many are open
            page.conflicts_changed.connect(self.data_changed)
            # and the board: ``data_changed`` marks the database's change mark seen (``_note_change_mark``), so
            # another program's change made before it would otherwise not reach the board
            page.conflicts_changed.connect(self.board.mark_stale)
            return page
        return PlaceholderPage(_("Exchange"), _(
            "Signed case bundles will be exported here for headquarters, and bundles from stations imported and "
            "merged with a preview of new, changed and conflicting records."))

    def _register_shown_again(self) -> None:
        """The register of issued documents (文书 page) listed anew while it is shown, a document issued, voided or
        corrected meanwhile among them; hidden or not yet built, it reads them when shown (``DocumentsPage.showEvent``)."""
        page = self._pages.get(3)
        register = getattr(page, "register", None)
        if register is not None and register.isVisible() and register.stale():
            register.refresh()

    @property
    def leads_page(self):
        return self.page(1)

    @property
    def interviews_page(self):
        return self.page(2)

    @property
    def stats_page(self):
        return self.page(4)

    @property
    def exchange_page(self):
        return self.page(5)

    def ask_transition(self, parent, transition, check=None, warning=None, parties=None, advice=None,
                       proposal=None, payment=None):
        """The date and reason of a procedure action, from the officer (or the injected answerer); ``check``
        says why a date is refused, as the officer picks it, ``warning`` what they must acknowledge first;
        with ``parties`` (id, name) to choose from, also the party who takes it; ``advice`` what else the
        dialog says and offers (``ui.transition_dialog.Advice``); ``proposal`` the filing's proposal date it asks
        for too (``ui.transition_dialog.FilingProposal``); ``payment`` what the amount paid is checked against
        (``ui.transition_dialog.PaymentCheck``)."""
        if self._ask_transition is not None:
            return self._ask_transition(parent, transition)
        from ui.transition_dialog import ask_transition

        return ask_transition(parent, transition, check=check, prompts=self.prompts, warning=warning,
                              parties=parties, advice=advice, proposal=proposal, payment=payment)

    def _action(self, menu, text: str, slot, shortcut=None, name: str = "") -> QAction:
        from PySide6.QtGui import QAction, QKeySequence

        action = QAction(text, self)
        # setShortcuts, not setShortcut: PySide6 resolves setShortcut's overloads through the ``Qt`` namespace,
        # whose creation (~16 ms) the start does not pay before its first paint
        if isinstance(shortcut, str):
            action.setShortcuts([QKeySequence.fromString(shortcut)])
        elif shortcut is not None:  # a list of keys, or a QKeySequence.StandardKey: every binding the platform has
            action.setShortcuts(shortcut)
        action.setToolTip(shortcut_hint(plain_label(text), action))  # "新建案件 (Ctrl+N)"
        action.triggered.connect(slot)
        action.setObjectName(name)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        """The menu bar and its three menus. Their actions are added by ``fill_menus`` right after the first
        paint (nothing shows them before a menu opens; ~3 ms of the start), or earlier when a menu is about to
        open or an action is asked for. After the paint they are added from the event loop, as the other work
        that waits for it, so that no handler of the first paint waits for them, and before the board counts its
        deadlines (scheduled after this), so that the keys work while it does."""
        bar = self.menuBar()
        self._menus = (bar.addMenu(_("&File")), bar.addMenu(_("&Case")), bar.addMenu(_("&Go")),
                       bar.addMenu(_("&Help")))
        self._import_action: QAction | None = None
        for menu in self._menus:
            menu.aboutToShow.connect(self.fill_menus)
        self.first_painted.connect(lambda: QTimer.singleShot(0, self, self.fill_menus))

    def fill_menus(self) -> None:
        """Add the menus' actions with their shortcuts (once)."""
        if self._import_action is not None:
            return
        from PySide6.QtGui import QKeySequence

        file_menu, case_menu, go_menu, help_menu = self._menus
        # every item has its letter (Alt+F, then the letter), and the common ones a key as well
        self._import_action = self._action(file_menu, _("&Import case register…"), self.import_register,
                                           "Ctrl+I", "import_register")
        self._action(file_menu, _("&Withdraw a register import…"), self.withdraw_register_import, None,
                     "withdraw_register_import")
        self._action(file_menu, _("Load &demo data"), self.offer_demo, None, "load_demo")
        self._action(file_menu, _("&Backups…"), self.show_backups, None, "backup")
        self._action(file_menu, _("Co&mpact database…"), self.compact_database, None, "compact_database")
        self._action(file_menu, _("Release &numbering hold…"), self.release_numbering_hold, None,
                     "release_numbering_hold")
        # Ctrl+P prints what the page shown has to print, and says where printing is when it has nothing
        self._action(file_menu, _("P&rint…"), self.print_current, QKeySequence.StandardKey.Print, "print")
        file_menu.addSeparator()
        self._action(file_menu, _("&Passphrases and security…"), self.edit_passphrases, None, "passphrases")
        self._action(file_menu, _("&Security settings…"), self.edit_security_settings, None, "security_settings")
        self._action(file_menu, _("Bureau's document de&tails…"), self.edit_agency_details, None, "agency_details")
        # Ctrl+L locks from the workstation's other windows too (a form editor), not only this one; not while a modal
        # dialog is open (exec(): a case's dialog, the security settings): Qt gives the windows behind it no shortcut
        from PySide6.QtCore import Qt

        self._action(file_menu, _("&Lock now"), self.lock_now, "Ctrl+L", "lock_now").setShortcutContext(
            Qt.ShortcutContext.ApplicationShortcut)
        file_menu.addSeparator()
        # Ctrl+Q everywhere: Windows has no standard key for quitting (Alt+F4 closes whichever window is active)
        self._action(file_menu, _("&Quit"), self.close, "Ctrl+Q", "quit")
        self._new_case_action = self._action(case_menu, _("&New case…"), self.new_case, QKeySequence.StandardKey.New,
                                             "new_case")
        self._new_interview_action = self._action(case_menu, _("New &interview…"), self.new_interview, None,
                                                  "new_interview")
        self._new_lead_action = self._action(case_menu, _("New &lead…"), self.new_lead, "Ctrl+Shift+N", "new_lead")
        self._action(case_menu, _("&Edit case…"), self.edit_current_case, "Ctrl+E", "edit_case")
        self._action(case_menu, _("Enforcement &officers…"), self.edit_officers, None, "officers")
        self._action(case_menu, _("&Find"), self.focus_search, QKeySequence.StandardKey.Find, "find")
        self._action(case_menu, _("&Deadlines"), self.show_deadlines, "Ctrl+D", "deadlines")
        self._action(case_menu, _("&Refresh"), self.refresh, QKeySequence.StandardKey.Refresh, "refresh")
        self._action(case_menu, _("&Close case tab"), self.close_current_case_tab, close_keys(),
                     "close_tab")
        for row, (label, name) in enumerate(zip(GO_ITEMS, PAGE_NAMES, strict=True)):  # every page by keyboard
            action = self._action(go_menu, _(label), partial(self.go_to_page, row), f"Ctrl+{row + 1}", f"go_{name}")
            self.navigation.item(row).setToolTip(action.toolTip())
        self._action(help_menu, _("&About"), self.about, QKeySequence.StandardKey.HelpContents, "about")  # F1
        QTimer.singleShot(0, self._add_redo_key)  # not in the first paint's handlers: it is not needed there
        self._place_new_key()

    def _place_new_key(self) -> None:
        """Ctrl+N makes what the page shown lists: a lead on the 线索 page (which keeps its Ctrl+Shift+N), an
        interview on the 约谈 page, a case everywhere else; the menu and the tooltips show the key on the item it
        makes (the others keep their letter, or key)."""
        if getattr(self, "_new_interview_action", None) is None:
            return  # the menus are not filled yet: they place it when they are (the first page is shown before)
        # imported once the menus exist: PySide6 makes QKeySequence, with its 71 standard keys, when it is first taken
        # from QtGui (~1 ms), which the first page shown, before the window's first paint, does not need
        from PySide6.QtGui import QKeySequence

        keys = QKeySequence.keyBindings(QKeySequence.StandardKey.New)
        page = self.stack.currentIndex()
        for action, bound, own, text in (
                (self._new_case_action, page not in (1, 2), [], _("&New case…")),
                (self._new_lead_action, page == 1, [QKeySequence("Ctrl+Shift+N")], _("New &lead…")),
                (self._new_interview_action, page == 2, [], _("New &interview…"))):
            action.setShortcuts((keys if bound else []) + own)
            action.setToolTip(shortcut_hint(plain_label(text), action))

    def _add_redo_key(self) -> None:
        from ui.redo_key import add_redo_key

        add_redo_key(self)  # Ctrl+Y redoes in the search fields, on every platform

    @property
    def import_action(self) -> QAction:
        """File → Import case register… (the menus are filled first if they were not yet)."""
        self.fill_menus()
        return self._import_action

    # cases ----------------------------------------------------------------------------------------------
    def warm_case_data(self) -> None:
        """Once the window has painted: the forms and the legal data every case's workspace reads are parsed on a
        thread of their own (``workstation.warmup``; its import, of modules a case needs anyway, is done here, not
        on that thread), and the workspace's modules imported here one per turn of the event loop (``CASE_MODULES``,
        10–40 ms each), so that the first case opened neither parses nor imports them."""
        from workstation.warmup import start_warming

        start_warming()
        self._import_case_modules(list(CASE_MODULES))

    def _import_case_modules(self, names: list[str]) -> None:
        """Import the first of ``names`` not imported yet, and the next at the event loop's next turn."""
        import importlib
        import sys

        while names and names[0] in sys.modules:
            names.pop(0)
        if names:
            importlib.import_module(names.pop(0))
            QTimer.singleShot(0, self, partial(self._import_case_modules, names))

    def open_case(self, case_id: str):
        """Show the case's workspace in its own tab (reusing an open one)."""
        from ui.case_workspace import CaseWorkspace

        opener = QApplication.focusWidget()
        if opener is not None and self.isAncestorOf(opener) and case_id not in self.workspaces:
            self._openers[case_id] = opener  # where the keyboard goes back to when its tab is closed
        self.navigation.setCurrentRow(0)
        workspace = self.workspaces.get(case_id)
        if workspace is None:
            workspace = CaseWorkspace(self.db, case_id, self.prompts, self.ask_transition, data_dir=self.data_dir,
                                      open_editor=self.open_editor, runner=self.runner)
            # the tab telling of its change rebuilt itself already: not rebuilt again
            workspace.case_changed.connect(lambda changed, shown=case_id: self._cases_changed([changed], shown=shown))
            workspace.edit_requested.connect(self.edit_case)
            workspace.lead_opened.connect(self.open_lead)
            # the tab saving the party rebuilt itself: not rebuilt again
            workspace.party_saved.connect(lambda party_id, shown=case_id: self._party_changed(party_id, shown))
            workspace.caught_up.connect(self._case_caught_up)  # a change made elsewhere shown: title and board
            self.workspaces[case_id] = workspace
            self.case_tabs.addTab(workspace, self._case_tab_title(workspace))
        self.case_tabs.setCurrentWidget(workspace)
        workspace.focus_first()  # not left on the hidden list or on nothing
        return workspace

    def open_document(self, document) -> None:
        """A document of the register of issued documents (文书 page) opened: its case, scrolled to its documents
        with this one selected; a lead's or an interview's page with its lead or interview selected. A 文号 taken
        without a document here (``kind`` "number"): its state and note said, with the case it was for (opened when
        the officer asks and it is here)."""
        if document.kind == "number":
            self._number_without_document(document)
        elif document.case_id:
            self.open_case(document.case_id).show_document(document.id)
        elif document.lead_id:
            self.open_lead(document.lead_id)
        elif document.interview_id:
            self.open_interview(document.interview_id)

    def _number_without_document(self, number) -> None:
        """What is known of a 文号 no document here holds (the register's row ``number``), said; the case it was for
        offered to open when it is here."""
        lines = [_("{number}: {state}. No document on this machine holds it.").format(number=number.number,
                                                                                       state=number.state_label)]
        lines += [number.note] if number.note else []
        lines += [_("It was for case {case}.").format(case=number.subject)] if number.subject else []
        if number.case_id and self.prompts.confirm(self, "\n".join([*lines, _("Open that case?")])):
            self.open_case(number.case_id)
        elif not number.case_id:
            self.prompts.info(self, "\n".join(lines))

    def open_case_clock(self, case_id: str, clock: str, party_id: str = "") -> None:
        """A deadline opened from the board: its case, scrolled to the deadlines section with that clock selected; a
        case deleted since the board counted (a merge, a restore) is said in the status bar and the board counted
        again."""
        try:
            workspace = self.open_case(case_id)
        except NotFound:
            self._openers.pop(case_id, None)
            self.statusBar().showMessage(_("The case of this deadline no longer exists (it was deleted after the "
                                           "deadlines were counted): the deadlines are counted again."), 15000)
            self.case_tabs.setCurrentWidget(self.board)
            self.board.refresh()
            return
        workspace.show_clock(clock, party_id or None)

    def _case_tab_title(self, workspace, case=None) -> str:
        """A case's tab: its number; until it has one (a case opened from a lead, 待立案), its status and party
        (masked as the case list names a party found only by its number). Of ``case`` when given (the case as stored
        now), else as the ``workspace`` shows it."""
        from workstation.masking import mask_text
        from workstation.store import parties_of_case
        from workstation.vocabulary import shown_label

        case = case or workspace.case
        if case.case_number:
            return case.case_number
        names = [party.name for party in parties_of_case(self.db, case.id)]
        party = mask_text(names[0]) if names else ""
        if len(party) > 18:
            party = party[:17] + "…"
        status = shown_label("statuses", case.status)
        return _("{status}: {party}").format(status=status, party=party) if party else status

    def open_editor(self, case, form, draft=None, document=None, interview=None, party_id=None, lead_id=None,
                    corrects=None):
        """A document editor in its own window, for a case or an administrative interview; issuing from it
        refreshes the case or the interview register. None, with the reason said, when it cannot be opened (its
        draft cannot be written on a full disk, a read-only or locked database)."""
        try:
            return self.show_editor(case, form, draft=draft, document=document, interview=interview,
                                    party_id=party_id, lead_id=lead_id, corrects=corrects)
        except WorkstationError as exc:
            self.prompts.error(self, exc.message)
            return None

    def show_editor(self, case, form, draft=None, document=None, interview=None, party_id=None, lead_id=None,
                    corrects=None):
        """``open_editor`` raising the WorkstationError that keeps the editor from opening."""
        from PySide6.QtCore import Qt  # not at the top: the start does not create the ``Qt`` namespace

        from ui.form_editor import FormEditor

        direct = Qt.FindChildOption.FindDirectChildrenOnly
        before = set(self.findChildren(FormEditor, options=direct))
        try:
            editor = FormEditor(self.db, self.data_dir, case, form, self.prompts, draft=draft, document=document,
                                interview=interview, party_id=party_id, lead_id=lead_id, corrects=corrects,
                                parent=self, open_editor=self.open_editor)
        except Exception:
            # refused half-way (an issued document's PDF gone, a draft not written): the hidden editor it left as
            # the window's child goes, not one more at each attempt
            for left in set(self.findChildren(FormEditor, options=direct)) - before:
                left.deleteLater()
            raise

        editor.setWindowFlag(Qt.WindowType.Window)
        if case is not None:
            editor.issued.connect(lambda _document, case_id=case.id: self._case_changed(case_id))
        else:
            page = 1 if lead_id is not None else 2
            editor.issued.connect(lambda _document: self._pages.get(page) and self._pages[page].refresh())
            editor.issued.connect(lambda _document: self._register_shown_again())  # a lead's, an interview's
        editor.closed.connect(lambda _draft, e=editor: self.editors.remove(e) if e in self.editors else None)
        self.editors.append(editor)
        editor.show()
        return editor

    def say_swept(self) -> None:
        """Say once what the sweep at opening removed (a compact copy of the data that a killed compaction left)."""
        from workstation.repair import swept

        for note in swept():
            self.prompts.info(self, note)

    def recover_drafts(self) -> int:
        """After an unclean stop, offer back the documents that were being written. Not while another window of the
        workstation has the data open: the drafts open then may be being written there (a second editor on one would
        overwrite the other's text, declining would close it under that window); those a crash left are offered at
        the next start with no other window open, never lost meanwhile."""
        from workstation.repair import other_windows
        from workstation.store.drafts import left_open

        if other_windows(self.data_dir):
            return 0
        # none left open (the usual start): the editor's modules, some 0.2 s of imports on the window's thread right
        # after its first paint, wait for the first document opened
        if not left_open(self.db):
            return 0
        from ui.form_editor import recover_drafts

        return recover_drafts(self, self.db, self.prompts,
                              lambda form, draft, case=None, interview=None, party_id=None, lead_id=None:
                              self.show_editor(case, form, draft=draft, interview=interview, party_id=party_id,
                                               lead_id=lead_id))

    def close_case_tab(self, index: int) -> None:
        widget = self.case_tabs.widget(index)
        if widget is not None and widget not in (self.board, self._case_list, self._case_list_placeholder):
            shown = self.case_tabs.currentWidget() is widget and self.stack.currentIndex() == 0
            self.case_tabs.removeTab(index)
            self.workspaces.pop(widget.case_id, None)
            opener = self._openers.pop(widget.case_id, None)
            widget.stop_reading()  # its background read of the case no longer holds up the window's other reads
            widget.deleteLater()
            if shown:
                self._focus_after_closing(widget.case_id, opener)

    def _focus_after_closing(self, case_id: str, opener) -> None:
        """Put the keyboard back where the closed case was opened from: the board's or another page's table it was
        opened from, else the case list on the case's row (not the navigation, where Down would switch pages)."""
        from PySide6.QtCore import Qt
        from shiboken6 import isValid

        opener = opener if opener is not None and isValid(opener) and opener.isEnabled() else None
        row = next((row for row in range(1, self.stack.count()) if opener is not None
                    and self.stack.widget(row).isAncestorOf(opener)), None)
        if row is not None or (opener is not None and self.board.isAncestorOf(opener)):
            if row is None:
                self.case_tabs.setCurrentWidget(self.board)
            else:
                self.navigation.setCurrentRow(row)
            opener.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        page = self.case_list
        self.case_tabs.setCurrentWidget(page)
        page.select_case(case_id)
        page.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def close_current_case_tab(self) -> None:
        """Ctrl+W: close the case tab shown; when none is shown (the deadlines, the case list or another page), the
        status bar says why nothing closes instead of a case tab hidden behind."""
        if self.stack.currentIndex() == 0 and self.case_tabs.currentWidget() in self.workspaces.values():
            self.close_case_tab(self.case_tabs.currentIndex())
            return
        if self.workspaces:
            message = _("Close case tab closes the case tab shown; cases open in tabs: {n}. Show one of them "
                        "first.").format(n=len(self.workspaces))
        else:
            message = _("No case is open in a tab, so there is no case tab to close.")
        self.statusBar().showMessage(message, 10000)

    def new_case(self) -> None:
        from ui.case_dialog import CaseDialog
        from ui.dialog_once import exec_once

        dialog = CaseDialog(self.db, self.prompts, parent=self)
        if exec_once(dialog) == QDialog.DialogCode.Accepted and dialog.saved_case:
            self._case_changed(dialog.saved_case.id)
            self.open_case(dialog.saved_case.id)

    def edit_case(self, case_id: str) -> None:
        """编辑案件. A save refused because the case was changed elsewhere since the dialog opened (the command line, a
        procedure step) leaves nothing typed lost: the case's tab shows it as stored now, and the officer is asked
        whether to open it again as stored with what they typed put back (else told what was not saved). Cancelled on
        purpose, no save tried since the case changed elsewhere, nothing is asked: only its tab follows."""
        from ui.case_dialog import CaseDialog
        from ui.dialog_once import exec_once
        from workstation.store import get_case

        class EditedCase(CaseDialog):
            """The case editor, knowing whether a save was refused: tried, not saved, the case stored since changed
            (``refused``)."""

            refused = False

            def save(self) -> None:
                super().save()
                if self.saved_case is None and get_case(self.db, case_id).version != self.original.version:
                    self.refused = True

        dialog = EditedCase(self.db, self.prompts, get_case(self.db, case_id), parent=self)
        while True:
            if exec_once(dialog) == QDialog.DialogCode.Accepted and dialog.saved_case:
                self._case_changed(case_id)
                return
            stored = get_case(self.db, case_id)
            if stored.version == dialog.original.version:
                return
            self._case_changed(case_id)  # changed elsewhere meanwhile: its tab, the list and the board follow
            typed = _typed_changes(dialog) if dialog.refused else {}
            if not typed or not self.prompts.confirm(self, _(
                    "Case {number} was changed elsewhere while you edited it, so what you typed was not saved: {typed}. "
                    "Open it again as it is stored now, with what you typed put back?").format(
                    number=stored.case_number or _("not filed"), typed=list_join(typed.values()))):
                return
            reopened = EditedCase(self.db, self.prompts, stored, parent=self)
            _put_typed(dialog, reopened, typed)
            dialog = reopened

    def edit_current_case(self) -> None:
        """Ctrl+E: edit the case shown, the one of the case tab shown or the one selected in the case list shown;
        elsewhere (the deadlines, another page, the list with nothing selected) the status bar says why nothing
        opens, as Ctrl+W does, instead of editing a case tab or a list's selection hidden behind."""
        shown = self.case_tabs.currentWidget() if self.stack.currentIndex() == 0 else None
        if shown is not None and shown in self.workspaces.values():
            self.edit_case(shown.case_id)
            return
        if shown is not None and shown is self._case_list:
            case_id = shown.selected_case_id()
            if case_id:
                self.edit_case(case_id)
                return
            message = _("No case is selected in the case list: select one, then edit it.")
        else:
            message = _("Edit case edits the case shown: show an open case's tab, or select a case in the case "
                        "list, then edit it.")
        self.statusBar().showMessage(message, 10000)

    def _status_message_shown(self, message: str) -> None:
        """A message in the status bar has the bar's width, the data directory's label hidden until it goes (as Qt
        hides a status bar's ordinary widgets); one still too long for it, cut at the bar's end, is whole in the
        bar's tooltip (wrapped when wider than the screen)."""
        self.statusBar().setToolTip(message)
        self.data_dir_label.setVisible(not message)

    def print_current(self) -> str:
        """Ctrl+P (文件 → 打印…): the case file of the case whose tab is shown (its 打印卷宗PDF…), the deadlines
        shown on the 期限 tab (a PDF list to hand out), the progress report on the statistics page; where the page shown has nothing to print, the status bar says what can be
        printed and where (the document editor prints its document with its own Ctrl+P). Returns what the status
        bar said, "" when something was printed."""
        row = self.stack.currentIndex()
        if row == 4:
            action = self.stats_page.print_action
            if action.isEnabled():
                action.trigger()
                return ""
            message = action.toolTip()  # why the report cannot be printed (a period that ends before it begins)
        else:
            workspace = self.case_tabs.currentWidget() if row == 0 else None
            if workspace is self.board:  # the deadlines shown, as a list to print and hand out
                self.board.print_list()
                return ""
            printed = workspace.print_case_file() if workspace is not None and workspace in self.workspaces.values() \
                else False
            if printed is True:
                return ""
            if isinstance(printed, str):  # the case has nothing to print yet: why, as its greyed-out button says
                message = printed
            else:
                # where Ctrl+P prints, short enough for the status bar of a 1,024-pixel window; what it prints there,
                # and how a document is opened, in the message's tooltip
                deadlines, statistics = plain_label(_("&Deadlines")), plain_label(_(GO_ITEMS[4]))
                message = _("This page has nothing to print. Ctrl+P prints on the {deadlines} tab, an open case's "
                            "tab, the {statistics} page and in a document's editor.").format(
                    deadlines=deadlines, statistics=statistics)
                detail = _("This page has nothing to print. Ctrl+P prints the list of deadlines shown on the "
                           "{deadlines} tab, the case file on an open case's tab ({case_file}), the progress "
                           "report on the {statistics} page, and a document in its editor ({write} in the case's "
                           "{documents}).").format(
                    deadlines=deadlines, case_file=plain_label(_("Case file PDF…")), statistics=statistics,
                    write=plain_label(_("Write…")), documents=_("Documents"))
                self.statusBar().showMessage(message, 15000)
                self.statusBar().setToolTip(detail)
                return message
        self.statusBar().showMessage(message, 15000)
        return message

    def edit_officers(self) -> None:
        from ui.dialog_once import exec_once
        from ui.officers_dialog import OfficersDialog

        dialog = OfficersDialog(self.db, self.prompts, parent=self)
        exec_once(dialog)
        self.board.reload_officers()  # the board's officer filter lists those added
        # a name or certificate corrected, an officer deactivated: the open cases (their officers, the actions a
        # case of a deactivated officer is refused) and the draft editors (the officers they print) follow
        if dialog.changed:
            self._cases_changed([*self.workspaces, *self._cases_of_editors()])

    def focus_search(self) -> None:
        """Ctrl+F: on the leads page the search of the tab shown (the leads' on the worklist, else the complaints',
        their tab shown), the interviews' on theirs, on 文书 the register's search or the document types' filter
        (``_documents_search``), the case list's search everywhere else."""
        if self.stack.currentIndex() == 3:
            search = self._documents_search(self.page(3))
        elif self.stack.currentIndex() == 2:
            search = self.interviews_page.search
        elif self.stack.currentIndex() == 1:
            page = self.leads_page
            if page.tabs.currentIndex() == 0:  # the lead worklist: its own search
                search = page.lead_search
            else:  # the complaints by keyword; from those in no lead, which have no search, that tab
                page.tabs.setCurrentWidget(page.search_tab)
                search = page.search
        else:
            self.navigation.setCurrentRow(0)
            self.case_tabs.setCurrentWidget(self.case_list)
            search = self.case_list.search
        search.setFocus()
        search.selectAll()

    @staticmethod
    def _documents_search(page) -> QWidget:
        """Ctrl+F on 文书: the register's search (检索发文) when the keyboard is in the register; else the document
        types' filter."""
        register = page.register
        if register is None:
            return page.forms_filter
        focus = QApplication.focusWidget()
        if focus is not None and (focus is register or register.isAncestorOf(focus)):
            return register.search
        return page.forms_filter

    def open_lead(self, lead_id: str) -> None:
        """Show the leads page with this lead selected, the keyboard on the list (Enter takes its next step)."""
        from PySide6.QtCore import Qt

        self.navigation.setCurrentRow(1)
        page = self.leads_page
        if hasattr(page, "select"):
            page.select(lead_id)
            page.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def open_interview(self, interview_id: str) -> None:
        """Show the interviews page with this interview selected, the keyboard on it in the register (Enter on the
        board's 约谈 row goes on in the register, not on 新建约谈)."""
        self.navigation.setCurrentRow(2)
        page = self.interviews_page
        page.select(interview_id)
        _focus_selected_row(page.view)

    def new_interview(self) -> None:
        """The 约谈 page, and on it the dialog entering a new interview (Ctrl+N there)."""
        self.navigation.setCurrentRow(2)
        self.interviews_page.new_interview()

    def new_lead(self) -> None:
        """Ctrl+Shift+N (Ctrl+N on the leads page): the leads page, and on it the dialog registering a lead by
        hand."""
        self.navigation.setCurrentRow(1)
        self.leads_page.new_lead()

    def show_deadlines(self) -> None:
        """Ctrl+D: the deadlines, the keyboard in their table on the deadline selected."""
        self.navigation.setCurrentRow(0)
        self.case_tabs.setCurrentWidget(self.board)
        self.focus_home_table()

    def focus_home_table(self) -> bool:
        """Put the keyboard in the table of the home page's tab shown (the deadlines or the case list) on its
        selected row, not on the tab bar; False when that tab has no table (a case's tab)."""
        shown = self.case_tabs.currentWidget()
        if shown is self.board:
            view = self.board.table.view
        elif self._case_list is not None and shown is self._case_list:
            view = self._case_list.table
        else:
            return False
        _focus_selected_row(view)
        return True

    def _case_changed(self, case_id: str) -> None:
        self._cases_changed([case_id])

    def _case_caught_up(self, case_id: str) -> None:
        """A case's tab rebuilt to show a change made elsewhere (the command line, another window): its title
        follows (a number given, a party renamed), so do its open editors (``_editors_follow``: the officer's own
        typing kept), and the board counts again when next shown."""
        workspace = self.workspaces.get(case_id)
        if workspace is not None:
            self._retitle(workspace)
        self._editors_follow(case_id)
        self.board.mark_stale()

    def look_for_changes(self) -> bool:
        """The window's one look at another program's change (a case imported or moved on by the command line):
        when the database's change mark (``change_mark``'s data_version, a commit by another connection) moved since
        it was last seen, the board is marked stale and every page following ``data_changed`` or ``changed_elsewhere``
        is told, each counted again at once when shown, else when next shown; nothing is counted again while nothing
        changed. True when a change was seen. A database file replaced by another program (a backup restored) is
        said once: nothing saved here from then on would be kept (every change is refused, ``refuse_replaced``)."""
        if not self._replaced_said and self.db.replaced():
            from workstation.db.connection import replaced_notice

            self._replaced_said = True
            self.prompts.error(self, replaced_notice(self.data_dir))
        mark = change_mark(self.db)[0]
        if mark == self._change_seen:
            return False
        self._retitle_hidden_tabs()
        self.board.mark_stale()
        self.data_changed.emit()  # the mark seen with it (``_note_change_mark``, connected directly: same thread)
        self.changed_elsewhere.emit()
        return True

    def _note_change_mark(self) -> None:
        """The window's own change told (``data_changed``, its pages following it): the change mark as it is now seen,
        so that the change its worker's connection wrote is not counted a second time by ``look_for_changes``."""
        self._change_seen = change_mark(self.db)[0]

    def changeEvent(self, event) -> None:
        """The window activated (the officer back from the command line): another program's change looked for."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and self.isVisible() and self.isActiveWindow():
            self.look_for_changes()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        """The board about to be shown (its show event, before its own ``showEvent`` counts a stale board):
        another program's change looked for, so that the board counts once with it."""
        if watched is self.board and event.type() == QEvent.Type.Show:
            self.look_for_changes()
        return super().eventFilter(watched, event)

    def _retitle(self, workspace) -> None:
        """The tab of a case's ``workspace`` titled as the case stands now (``_case_tab_title``)."""
        self.case_tabs.setTabText(self.case_tabs.indexOf(workspace), self._case_tab_title(workspace))

    def _retitle_hidden_tabs(self) -> None:
        """The tabs of the open cases not shown titled as their cases are stored now (a number given, a party
        renamed elsewhere), their workspaces left to catch up when shown (``follow_if_out_of_date``); a case
        deleted elsewhere keeps its title until then."""
        from workstation.store import get_case

        for case_id, workspace in self.workspaces.items():
            if workspace.isVisible():
                continue  # the tab shown catches up whole, its title with it (``_case_caught_up``)
            try:
                case = get_case(self.db, case_id)
            except NotFound:
                continue
            self.case_tabs.setTabText(self.case_tabs.indexOf(workspace), self._case_tab_title(workspace, case))

    def _cases_changed(self, case_ids, shown: str | None = None) -> None:
        """The cases ``case_ids`` changed: their open tabs rebuilt (but that of ``shown``, which rebuilt itself),
        their open editors following (``_editors_follow``), the case list, the board and the pages counting cases
        told once."""
        for case_id in dict.fromkeys(case_ids):
            workspace = self.workspaces.get(case_id)
            if workspace is not None:
                if case_id != shown:
                    workspace.reload()
                self._retitle(workspace)
            self._editors_follow(case_id)
        if self._case_list is not None:  # else it reads the cases when first shown
            self._case_list.refresh()
        self.board.mark_stale()
        self.data_changed.emit()

    def _case_editors(self, case_id: str | None = None) -> list:
        """The open document editors of a case (of ``case_id``, else of any)."""
        from shiboken6 import isValid

        return [editor for editor in self.editors if isValid(editor) and editor.case is not None
                and editor.lead_id is None and editor.interview is None
                and (case_id is None or editor.case.id == case_id)]

    def _cases_of_editors(self) -> list[str]:
        return [editor.case.id for editor in self._case_editors()]

    def _editors_follow(self, case_id: str) -> None:
        """The open editors of the case changed follow it: one writing a new document takes the case's values in the
        fields the officer has not changed (``refresh_from_case``: the penalty chosen in the case's tab, an
        officer's certificate corrected); one showing an issued document says whether it was voided or corrected
        since (``show_withdrawn``). A correction, copied from the document it corrects, is left as it is, and so is a
        document drawing its fields from another named by its 文号 (a release's decision: ``named_numbers``), which
        the case's values would replace by those of the case's latest such document. What the case brings is not the
        officer's change: an editor with nothing unsaved stays so (not asking to be saved on closing), and a new
        draft the officer wrote nothing in stays untouched, thrown away on closing, with no step to undo."""
        for editor in self._case_editors(case_id):
            if editor.document is not None:
                editor.show_withdrawn()
            elif editor.draft is not None and editor.corrects is None \
                    and not any(editor.named_numbers.values()):
                clean, touched = not editor.dirty, editor.touched
                steps = editor.undo_stack.count()
                editor.refresh_from_case()
                if not touched:  # nothing of the officer's: the case's values are what it opened with
                    editor.touched = False
                    if not steps:
                        editor.undo_stack.clear()
                    editor.autosave_timer.stop()  # the draft keeps holding its defaults (``untouched``)
                if clean:
                    editor.saved_values = editor.current_values()
                    editor.setWindowTitle(editor.document_name())  # no * of changes unsaved

    def _party_changed(self, party_id: str, shown: str | None = None) -> None:
        """A party saved in one case's tab (of the case ``shown``, rebuilt already): every open case naming it (its
        tab, its editors) shown as saved."""
        self._cases_changed([case_id for case_id in [*self.workspaces, *self._cases_of_editors()]
                             if party_id in self._case_of(case_id).party_ids], shown=shown)

    def _case_of(self, case_id: str):
        workspace = self.workspaces.get(case_id)
        if workspace is not None:
            return workspace.case
        return next(editor.case for editor in self._case_editors(case_id))

    def _rules_saved(self) -> None:
        """The screening rules saved: the case list, whose parties and causes are masked by them, shown again (the
        leads page reads its own lists again after screening with them)."""
        if self._case_list is not None:  # else it masks by them when first shown
            self._case_list.refresh()

    def refresh(self) -> None:
        """Reload every page from the database (a bundle merged, a register import withdrawn, the demo loaded, a
        restore): the open cases shown as after a change of theirs (``_cases_changed``: their tabs rebuilt and
        retitled, their open editors following, the officer's own typing kept), the case list and the board with
        them. A case no longer stored (deleted by the change) has its tab closed, said in the status bar; its open
        editors are left as they are."""
        self.board.reload_officers()  # those the first steps added, among others
        for page in self._pages.values():
            if hasattr(page, "refresh"):
                page.refresh()
        case_ids = [*self.workspaces, *self._cases_of_editors()]
        gone = [case_id for case_id in case_ids if not self._stored(case_id)]
        self._close_tabs_of_deleted(gone)
        self._cases_changed([case_id for case_id in case_ids if case_id not in gone])

    def _close_tabs_of_deleted(self, case_ids) -> None:
        """The open tabs of the cases ``case_ids``, deleted by a change made here (a merge, a restore), closed, the
        status bar naming them (as their tabs were titled)."""
        from workstation.i18n import join_names

        closed = []
        for case_id in case_ids:
            workspace = self.workspaces.get(case_id)
            if workspace is not None:
                index = self.case_tabs.indexOf(workspace)
                closed.append(self.case_tabs.tabText(index))
                self.close_case_tab(index)
        if closed:
            self.statusBar().showMessage(_("These cases no longer exist (the change just made deleted them): "
                                           "{cases}. Their tabs were closed.").format(cases=join_names(closed)), 15000)

    def _stored(self, case_id: str) -> bool:
        from workstation.store import get_case

        try:
            get_case(self.db, case_id)
        except NotFound:
            return False
        return True

    # long work ------------------------------------------------------------------------------------------
    def import_register(self, path: str | None = None, skip_invalid: bool = False) -> None:
        """Import a case register chosen by the officer, with progress and Cancel."""
        path = path or self.prompts.open_file(self, _("Import case register"),
                                              _("Registers (*.xlsx *.xls *.csv);;All files (*)"))
        if not path or self._register_importing:
            return  # a second Ctrl+I while the progress dialog is still to show (it shows after 0.3 s) starts nothing
        from ui.task_runner import only_reading
        from workstation import tasks
        from workstation.importing.tables import readable_name

        self._register_importing = True
        # first checked and counted, nothing written (a dry run, with its progress and Cancel): the officer is shown
        # what the import would add and leave out, and asked, before anything is committed (``_register_previewed``)
        work = only_reading(partial(tasks.import_register_task, database_path(self.data_dir), path,
                                    skip_invalid=skip_invalid, dry_run=True))
        self.runner.run(_("Checking case register {file}").format(file=readable_name(path)), work,
                        partial(self._register_previewed, path, skip_invalid), partial(self._register_failed, path),
                        self)

    def _register_previewed(self, path: str, skip_invalid: bool, preview) -> None:
        """The dry run of ``import_register`` ended: its counts shown and the officer asked; only Yes imports (No is
        the default). A register with nothing to add is said as an import of it would be, and nothing is asked."""
        from workstation import tasks
        from workstation.importing.register import row_sentence, rows_of, warning_lines
        from workstation.importing.tables import readable_name

        self._register_importing = False
        if not preview.imported:
            self._register_imported(preview)
            return
        name = readable_name(path)
        stored = rows_of([w for w in preview.warnings if w.get("skipped")])
        checked = rows_of([w for w in preview.warnings if not w.get("skipped") and not w.get("numbered")])
        refused = rows_of(preview.errors)
        lines = [ngettext("{file}: {n} case would be added.", "{file}: {n} cases would be added.",
                          preview.imported).format(file=name, n=f"{preview.imported:,}")]
        if stored:
            lines.append(ngettext("{n} row is stored already and would be skipped.",
                                  "{n} rows are stored already and would be skipped.", stored).format(n=f"{stored:,}"))
        if refused:
            lines.append(ngettext("{n} row with errors would be left out:", "{n} rows with errors would be left out:",
                                  refused).format(n=f"{refused:,}"))
            # the errors of the first three rows, then how many more rows: counted as the line above counts them
            shown = list(dict.fromkeys((e.get("sheet") or "", e["row"]) for e in preview.errors))[:3]
            lines += [row_sentence(e) for e in preview.errors if (e.get("sheet") or "", e["row"]) in shown]
            if refused > len(shown):
                lines.append(_("… and {n} more.").format(n=f"{refused - len(shown):,}"))
        if checked:
            lines.append(ngettext("{n} row to add has something to check.", "{n} rows to add have something to check.",
                                  checked).format(n=f"{checked:,}"))
        if preview.ignored_columns:
            lines.append(_("Columns not imported: {columns}.").format(columns=list_join(preview.ignored_columns)))
        if preview.sheets_left_out:
            lines.append(preview.sheets_note())
        lines.append(_("An import can be taken back only while none of its cases has moved on (File → Withdraw a "
                       "register import…). Import these cases now?"))
        details = "\n".join([*(row_sentence(e) for e in preview.errors), *warning_lines(preview.warnings)])
        if not self.prompts.confirm(self, "\n".join(lines), destructive=True, details=details or None):
            self.statusBar().showMessage(_("{file} was not imported: nothing was changed.").format(file=name), 10000)
            return
        self._register_importing = True
        work = partial(tasks.import_register_task, database_path(self.data_dir), path, skip_invalid=skip_invalid)
        # the file's name in the open marker: a start after a crash names the file to import again
        self.runner.run(_("Importing case register {file}").format(file=name), work,
                        self._register_imported, partial(self._register_failed, path), self)

    _register_importing = False  # whether a register import runs (``import_register`` starts no second one)

    def withdraw_register_import(self) -> None:
        """文件 → 撤回台账导入…: one register import chosen from those whose cases are held, taken back after the
        officer confirmed (``importing.register.withdraw_register_import``); refused, naming the cases that moved
        on, with nothing changed. The imports are looked for, and the one chosen withdrawn, through the task runner:
        both read every case's steps, which takes seconds on a large store."""
        from ui.task_runner import only_reading
        from workstation.importing.register import register_imports_task

        work = only_reading(partial(register_imports_task, database_path(self.data_dir)))
        self.runner.run(_("Looking for the register imports"), work, self._register_imports_found,
                        self._register_withdrawal_failed, self)

    def _register_imports_found(self, imports: list[dict]) -> None:
        """The register imports held (``register_imports``) found: one chosen, confirmed, then withdrawn."""
        from workstation.importing.complaint_withdraw import shown_time
        from workstation.importing.register import register_import_word, withdraw_register_import_task

        if not imports:
            self.prompts.info(self, _("No register import here has cases left to withdraw."))
            return
        # two imports in one second are told apart by their times as stored
        items = [ngettext("{time}  {file}: {n} case", "{time}  {file}: {n} cases", i["cases"]).format(
            time=register_import_word(imports, i), file=i["file"], n=f"{i['cases']:,}") for i in imports]
        chosen = self.prompts.choose_item(self, _("Withdraw a register import"),
                                          _("The import to take back (newest first):"), items)
        if chosen is None:
            return
        which = imports[chosen]
        if not self.prompts.confirm(self, ngettext(
                "Withdraw the import of {file} ({time})? Its {n} case is removed, with the parties it added that no "
                "other record uses. This cannot be undone.",
                "Withdraw the import of {file} ({time})? Its {n} cases are removed, with the parties it added that no "
                "other record uses. This cannot be undone.", which["cases"]).format(
                file=which["file"], time=shown_time(which["imported_at"]), n=f"{which['cases']:,}"),
                destructive=True):
            return
        work = partial(withdraw_register_import_task, database_path(self.data_dir), which["imported_at"])
        self.runner.run(_("Withdrawing the import of {file}").format(file=which["file"]), work,
                        self._register_withdrawn, self._register_withdrawal_failed, self)

    def _register_withdrawn(self, result) -> None:
        self.refresh()
        self.prompts.info(self, result.summary())

    def _register_withdrawal_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, WorkstationError):
            raise exc
        if isinstance(exc, Cancelled):
            self.prompts.info(self, exc.message)
            return
        self.prompts.error(self, exc.message)

    def _register_imported(self, result) -> None:
        self._register_importing = False
        self.refresh()
        # the rows left out for their errors (only the valid rows imported) are told apart from those skipped as
        # their case is stored already, and listed again: the officer is to correct and import them
        invalid = sorted({(e.get("sheet") or "", e["row"]) for e in result.errors})
        if invalid:
            message = join_sentences([
                ngettext("{imported} case imported.", "{imported} cases imported.", result.imported).format(
                    imported=f"{result.imported:,}"),
                ngettext("{n} row with errors was not imported.", "{n} rows with errors were not imported.",
                         len(invalid)).format(n=f"{len(invalid):,}")])
        else:
            message = ngettext("{imported} case imported, {skipped} skipped.", "{imported} cases imported, {skipped} "
                               "skipped.", result.imported).format(imported=f"{result.imported:,}",
                                                                    skipped=f"{result.skipped:,}")
        if result.ignored_columns:
            message = join_sentences([message, _("Columns not imported: {columns}.").format(
                columns=list_join(result.ignored_columns))])
        if result.sheets_left_out:
            message = join_sentences([message, result.sheets_note()])
        self.statusBar().showMessage(message, 10000)
        if result.warnings or invalid:  # rows with errors left out, rows imported with something to check
            # (converted old ID numbers, doubtful codes) or skipped as stored already: counted in the message, each
            # row in its scrolling details
            from workstation.importing.register import row_sentence, warning_counts, warning_lines

            lines = []
            if invalid:
                lines.append(ngettext("Not imported, with errors ({n} row): correct it and import it again.",
                                      "Not imported, with errors ({n} rows): correct them and import them again.",
                                      len(invalid)).format(n=f"{len(invalid):,}"))
                lines += [row_sentence(e) for e in result.errors]
            lines += warning_lines(result.warnings, len(result.warnings))
            counts = warning_counts(result.warnings) if result.warnings else [
                _("Each row is listed in the details below.")]
            self.prompts.info(self, "\n".join([message, *counts]), details="\n".join(lines))
            return
        self.prompts.info(self, message)

    def _register_failed(self, path: str, exc: BaseException) -> None:
        self._register_importing = False
        if not isinstance(exc, WorkstationError):
            raise exc
        text = exc.message
        if isinstance(exc, Cancelled):  # asked for by the officer: no error
            self.prompts.info(self, text)
            return
        if isinstance(exc, ImportRefused) and exc.errors:
            from workstation.importing.register import refusal_headline, row_sentence
            from workstation.importing.tables import readable_name

            details = "\n".join(row_sentence(e) for e in exc.errors)  # every bad row, in the scrolling details
            headline = refusal_headline(readable_name(path), exc.errors)
            if getattr(exc, "importable", None) == 0:  # not one row to import: nothing to offer
                self.prompts.error(self, join_sentences([_("{headline}.").format(headline=headline), _(
                    "Not one row of the register is valid: correct the rows listed below and import it again.")]),
                                   details=details)
                return
            text = join_sentences([_("{headline}.").format(headline=headline), _(
                "The rows listed below are not valid: correct them and import the register again, or import only "
                "the valid rows now. Import only the valid rows?")])
            # No is the default: Enter pressed out of habit leaves the bad rows out only when the officer means it
            if self.prompts.confirm(self, text, destructive=True, details=details):
                self.import_register(path, skip_invalid=True)
            return
        self.prompts.error(self, text)

    def offer_demo(self) -> None:
        """文件 → 加载演示数据: made-up records cannot be taken out of real data again, so they are added only
        after the officer confirmed (``--demo`` loads them into a new database without asking)."""
        if self.prompts.confirm(self, _(
                "Add the demo campaign to the data of this workstation? Its cases, leads, complaints, parties and "
                "officers are made up: they cannot be removed again, count in the statistics and go to "
                "headquarters in bundles like any other record. Load it only on a demo or training machine."),
                destructive=True):
            self.load_demo()

    def load_demo(self) -> None:
        from workstation import tasks

        work = partial(tasks.load_demo_task, database_path(self.data_dir))
        self.runner.run(_("Loading demo data"), work, self._demo_loaded, self._demo_failed, self)

    def _demo_loaded(self, added: dict[str, int]) -> None:
        """The demo loaded: shown refreshed, and what it added said (or that it was loaded already and added
        nothing) as the command line says it (``demo_loaded_text``)."""
        from workstation.demo import demo_held, demo_loaded_text

        self.refresh()
        self.prompts.info(self, demo_loaded_text(added, demo_held(self.db)))

    def _demo_failed(self, exc: BaseException) -> None:
        """The demo stopped: cancelled by the officer (said as what it left: nothing, or its records without all
        its complaints), or refused. Shown refreshed either way: its records may be in."""
        from workstation.errors import Cancelled

        self.refresh()
        if isinstance(exc, Cancelled):
            self.prompts.info(self, str(exc))
            return
        self.prompts.error(self, str(exc))

    def show_backups(self):
        """The 备份 dialog: backups, back up now, folder and how many to keep, integrity check, restore wizard."""
        from ui.backup_dialogs import BackupDialog

        if getattr(self, "backup_dialog", None) is None:
            self.backup_dialog = BackupDialog(self, parent=self)
        self.backup_dialog.refresh()
        self.backup_dialog.open()
        return self.backup_dialog

    def show_numbering_hold(self) -> None:
        """Show in the status bar, while it stands, the numbering hold a restore placed (no case number or 文号 is
        given until headquarters' hand-out is imported or the hold is released); its reason as tooltip."""
        from workstation.numbering_hold import current_hold, refusal_text, status_text

        try:
            hold = current_hold(self.db)
        except Exception:  # noqa: BLE001 - a closed or locked database (a restore under way) shows no hold
            hold = None
        self.numbering_hold_label.setText(status_text() if hold is not None else "")
        self.numbering_hold_label.setToolTip(refusal_text(hold) if hold is not None else "")
        self.numbering_hold_label.setVisible(hold is not None)

    def release_numbering_hold(self) -> None:
        """文件 → 解除编号保护…: asked first, naming the backup, to check the last numbers on paper; audited."""
        from workstation.numbering_hold import confirmation_text, current_hold, release

        hold = current_hold(self.db)
        if hold is None:
            self.prompts.info(self, _("There is no numbering hold here: case numbers and 文号 are given as usual."))
            return
        if not self.prompts.confirm(self, confirmation_text(hold), destructive=True):
            return
        try:
            release(self.db, checked=True)
        except WorkstationError as exc:
            self.prompts.error(self, exc.message)
            return
        self.show_numbering_hold()
        self.statusBar().showMessage(_("Numbering hold released: case numbers and 文号 are given again."), 10000)

    def compact_database(self) -> None:
        """压缩数据库…: give the database's free pages back to the disk, asked first with the figures."""
        from ui.backup_dialogs import offer_compaction

        offer_compaction(self, self)

    def unsaved_editors(self) -> list[str]:
        """The documents of the open editors holding changes not saved as a draft (a restore would lose them)."""
        return [editor.document_name() for editor in self.editors if editor.draft is not None and editor.dirty]

    def release_database(self, drop_unsaved: bool = False) -> bool:
        """Before a restore: close the document editors (False when one keeps itself open for unsaved changes; with
        ``drop_unsaved`` — the officer was told ``unsaved_editors`` are lost — they close without asking) and
        the case tabs, wait for background work, and close the database connection."""
        from workstation.backup import close_database

        for editor in list(self.editors):
            editor.drop_unsaved = drop_unsaved
            if not editor.close():
                return False
        for index in reversed(range(self.case_tabs.count())):
            self.close_case_tab(index)
        self._stop_counting()  # their results, even those already on their way, would land on the closed database
        self.runner.wait()
        close_database(self.db)
        return True

    def reopen_database(self) -> None:
        """After a restore (or one that failed): open the database again into the same ``db`` and reload every
        page."""
        from workstation.backup import reopen_database

        reopen_database(self.db, self.data_dir)
        self.refresh()

    def edit_passphrases(self) -> None:
        from ui.dialog_once import exec_once
        from ui.security_dialog import PassphraseDialog
        from workstation.security.access import default_officer

        officer = self.idle_lock.officer if self.idle_lock is not None else default_officer()
        dialog = PassphraseDialog(self.data_dir, officer, parent=self, prompts=self.prompts, db=self.db)
        exec_once(dialog)
        if self.idle_lock is not None and dialog.officer != officer and self.idle_lock.officer == officer:
            # the workstation's passphrase taken over in the dialog: the lock asks for it by their name — unless
            # another officer unlocked the lock meanwhile, who acts from then on
            self.idle_lock.officer = dialog.officer

    def edit_security_settings(self) -> None:
        from ui.dialog_once import exec_once
        from ui.security_dialog import LockSettingsDialog

        exec_once(LockSettingsDialog(self.db, self.data_dir, self.idle_lock, parent=self, prompts=self.prompts))

    def edit_agency_details(self) -> None:
        """本局文书信息: the contact telephone, address and payment account the notices and decisions print."""
        from ui.agency_details_dialog import AgencyDetailsDialog
        from ui.dialog_once import exec_once

        exec_once(AgencyDetailsDialog(self.db, parent=self, prompts=self.prompts))

    def lock_now(self) -> None:
        """Lock the window at once (there is nothing to unlock against when the data is not encrypted)."""
        if self.idle_lock is not None:
            self.idle_lock.lock()
        else:
            self.prompts.info(self, _("The data of this workstation is not encrypted, so there is no passphrase to "
                                      "unlock the window with: the idle lock is off. It works once the data is "
                                      "encrypted: File → Passphrases and security → Encrypt the data… asks for it to "
                                      "be encrypted at the next start, which first asks for your name and a new "
                                      "passphrase."))

    def about(self) -> None:
        """F1: the version and data directory, the first steps on a new workstation with the menu items that
        take them (named as the menus name them; at a station holding no number block, asking headquarters for
        one), and the keys of the pages."""
        from PySide6.QtGui import QAction

        from workstation import version_label

        def item(menu: str, name: str) -> str:
            return _(menu) + " → " + plain_label(self.findChild(QAction, name).text())

        from ui.first_steps import number_blocks_step, works_as_city_bureau

        self.fill_menus()
        if works_as_city_bureau(self.db):  # headquarters with no agency chosen needs none: it is the city bureau
            steps = _("First steps: this installation is headquarters and works as the city bureau unless you choose "
                      "another agency ({agency}); add its enforcement officers with their certificate numbers "
                      "({officers}): filing a case needs two; then create a case ({new_case}) or import your case "
                      "register ({register}).")
        else:
            steps = _("First steps: choose the agency of this workstation ({agency}); add your office's enforcement "
                      "officers with their certificate numbers ({officers}): filing a case needs two; then create a "
                      "case ({new_case}) or import your case register ({register}).")
        steps = steps.format(
            agency=_("Exchange") + " → " + _("Name and agency…"), officers=item("Case", "officers"),
            new_case=item("Case", "new_case"), register=item("File", "import_register"))
        # set once, before the first notice: a 行政处罚告知书 is refused without the contact lines
        details = _(
            "Enter your bureau's document details ({details}): the contact telephone and address the "
            "行政处罚告知书 prints, which it is not issued without, and the account fines are paid "
            "into."
        ).format(details=item("File", "agency_details"))
        # and at a station holding no number block of its own, asking headquarters for one
        steps = join_sentences([steps, details, number_blocks_step(self.db) or ""])
        pages = list_join(shortcut_hint(_(label), self.findChild(QAction, f"go_{name}"))
                         for label, name in zip(NAVIGATION, PAGE_NAMES, strict=True))
        keys = _("Keys: the pages {pages}; every menu item shows its key or its Alt letter.").format(pages=pages)
        keys += "\n" + _("The window's keys: {keys}.").format(keys=list_join(self.window_keys()))
        self.prompts.info(self, _("Case-file workstation {version}\nData directory: {path}").format(
            version=version_label(), path=self.data_dir) + "\n\n" + steps + "\n\n" + keys)

    def window_keys(self) -> list[str]:
        """Each of the window's actions that has a key, as its menu names it with its keys ("刷新 (F5)"), in the menus'
        order; read from the actions themselves, so that F1 never lists a key that is not (or no longer) there."""
        import re

        from PySide6.QtGui import QKeySequence

        self.fill_menus()
        found, seen = [], set()

        def walk(menu) -> None:
            for action in menu.actions():
                if action.menu() is not None:
                    walk(action.menu())
                    continue
                # the keys an officer presses (not the names of a multimedia keyboard's own keys: New, Find, Help)
                keys = [text for k in action.shortcuts() if not k.isEmpty()
                        for text in [k.toString(QKeySequence.SequenceFormat.NativeText)]
                        if "+" in text or re.fullmatch(r"F\d{1,2}", text)]
                if action.isSeparator() or not keys or not action.text() or id(action) in seen \
                        or action.objectName().startswith("go_"):  # the pages: told just before
                    continue
                seen.add(id(action))
                found.append(f"{plain_label(action.text())} ({' / '.join(keys)})")

        for bar_action in self.menuBar().actions():
            if bar_action.menu() is not None:
                walk(bar_action.menu())
        walk(self)  # the window's own actions that no menu shows
        return found

    # window state ---------------------------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)

    def _restore_columns(self, group: str, fitter) -> None:
        """The columns of a list as the officer left them (``{group}/header``, ``{group}/dragged``:
        ``view_state.restore_header``)."""
        from ui.view_state import restore_header

        state = self.settings.value(f"{group}/header")
        if state is not None:
            restore_header(fitter, state, self.settings.value(f"{group}/dragged"))

    def _save_columns(self, group: str, saved: tuple | None) -> None:
        """Keep a list's (header state, columns dragged) under ``group``; None (a list not laid out) keeps what was
        stored."""
        if saved is not None:
            self.settings.setValue(f"{group}/header", saved[0])
            self.settings.setValue(f"{group}/dragged", saved[1])

    def save_geometry(self) -> None:
        """The window's geometry, and the columns and splits the officer set, kept for the next session
        (``ui.ini``); those of a page not built in this session (its first visit builds it) stay as they were."""
        from ui.view_state import header_state

        self.settings.setValue("window/geometry", self.saveGeometry())
        if self._case_list is not None:  # else its saved columns stay as they were
            self._save_columns("cases", self._case_list.header_state())
        self._save_columns("board", self.board.table.header_state())
        split = self.board.table.splitter_state()
        if split is not None:
            self.settings.setValue("board/splitter", split)
        if 1 in self._pages:  # the leads page visited: its list's and pane's sizes
            self.settings.setValue("leads/splitter", self._pages[1].splitter_state())
            self.settings.setValue("leads/filters", self._pages[1].filter_state())
            self._save_columns("leads", header_state(self._pages[1].fitter))
        if 2 in self._pages:
            self._save_columns("interviews", header_state(self._pages[2].fitter))
        if 3 in self._pages and self._pages[3].register is not None:
            self._save_columns("documents", header_state(self._pages[3].register.fitter))
        self.settings.sync()

    def closeEvent(self, event) -> None:
        for editor in list(self.editors):  # each asks about its unsaved changes; one kept open keeps the window
            if not editor.close():
                event.ignore()
                return
        self.save_geometry()
        super().closeEvent(event)
        # the workstation quits with its window (the close button in the moment before a progress dialog shows, the
        # idle lock's 退出): its work cancelled, what it had not committed not kept, and nothing it ends with shown
        self.runner.cancel_all()

    def shutdown(self) -> None:
        """Cancel background work (``TaskRunner.cancel_all``: what had not committed is not kept) and wait for it to
        stop before the database closes."""
        self.runner.cancel_all()
        self.change_watch.stop()
        for editor in list(self.editors):
            editor.shutdown()
        self._stop_counting()
        for workspace in self.workspaces.values():  # nor each open case's read of its refusals
            workspace.stop_reading()
        self.runner.wait()

    def _stop_counting(self) -> None:
        """Cancel the background counts and drop what they end with (``refresh`` counts again)."""
        self.board.stop()  # its count of the deadlines is not waited for
        for page in self._pages.values():  # nor the pages' (statistics, leads: see each ``stop_counting``)
            stop = getattr(page, "stop_counting", None)
            if stop is not None:
                stop()
        if self._case_list is not None:  # the case list's search being read (``CaseListPage.stop_counting``)
            self._case_list.stop_counting()

