"""Editing the screening rules (``resources/screening/rules.toml``, an officer's copy kept in the data
directory): the text with undo, a preview of what the change would flag differently over every stored complaint
before anything is saved, and saving (checked first: a malformed rule is named and nothing is written), which puts
the rules in force as background work with progress and Cancel: every complaint screened again and the numbers the
texts write indexed again, the rules file replaced only when that is done (``apply_rules``: Cancel leaves the rules,
the screening and the index as they were). The preview reads every complaint, so it too is background work, started
by Preview only, with its progress and Cancel in the editor itself and no dialog over it: the officer reads, scrolls
and edits the rules meanwhile, and the pane says when the text was edited after the preview it runs or shows.
Restore defaults puts the shipped rules back in the editor — asked first, with what they would change, and
undoable — and saving them removes the edited copy, so the shipped file is in force again."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ui.layouts import AsksBeforeDropping, error_text, fit_to_screen, report_failure, tab_in_screen_order
from workstation.errors import Cancelled, WorkstationError, join_sentences
from workstation.i18n import _, ngettext
from workstation.masking import mask_text

PREVIEW_LIMIT = 20  # the complaints listed under each heading of the preview (the counts are complete)
#: the share of all stored complaints beyond which Save asks first, when the edited rules flag more than the rules in
#: force: a few per cent of the complaints of the campaign are related (DESIGN §1), so rules flagging a
#: fifth of them most likely hold a word that matches nearly every text
FLAGGED_SHARE_TO_ASK = 0.2
#: ... once this many complaints are stored: of a handful (a first import tried out) a large share may well be related
FLAGGED_SHARE_FROM = 100


class RulesEditor(AsksBeforeDropping, QDialog):
    """The rules as text; Preview shows the effect, Save puts them in force (``runner`` runs both as background
    work: the window's task runner; by default at once, for a dialog opened on its own). After Save ``screened``
    holds the screening's result."""

    def __init__(self, db, data_dir: Path, prompts, parent: QWidget | None = None, runner=None):
        super().__init__(parent)
        self.db, self.data_dir, self.prompts = db, Path(data_dir), prompts
        if runner is None:
            from ui.task_runner import ImmediateRunner

            runner = ImmediateRunner(self)
        self.runner = runner
        self.saved = False
        self.screened = None
        self.previewed: str | None = None  # the text the preview shown is for
        self.preview_result = None  # that preview (``screen.Preview``): Save asks with its counts
        self.trying = False  # a preview is running
        self.tried: str | None = None  # the text the preview running is for
        self._cancel = None  # the running preview's CancelToken
        self.setWindowTitle(_("Screening rules"))
        fit_to_screen(self, 1000, 760)
        text, unreadable = self._rules_text()
        self.text = QPlainTextEdit(text)
        self.text.setObjectName("rules_text")
        self.text.setFont(QFont("monospace"))
        self.text.setTabChangesFocus(True)  # Tab goes on to Preview and Save (the rules indent with spaces)
        self.result = QPlainTextEdit()
        self.result.setObjectName("rules_preview")
        self.result.setReadOnly(True)
        self.result.setPlaceholderText(_("Preview shows which complaints the edited rules would flag differently."))
        # named for a screen reader (focus opens on the rules), each said with what it is for
        self.text.setAccessibleName(_("Screening rules (TOML)"))
        self.result.setAccessibleName(_("Preview of changed verdicts"))
        self.result.setAccessibleDescription(self.result.placeholderText())
        self.stale = QLabel(_("The rules were edited after this preview: press Preview again to see the effect of "
                              "the edits."))
        self.stale.setObjectName("rules_preview_stale")
        self.stale.setWordWrap(True)
        self.stale.setStyleSheet("color: #8a6d3b;")
        self.stale.hide()
        self.text.textChanged.connect(self._say_if_stale)
        self.progress_row = self._progress_row()
        self.preview_button = QPushButton(_("&Preview"))
        self.preview_button.setObjectName("preview_rules")
        self.preview_button.setToolTip(_("Try the edited rules on every stored complaint, in the background; "
                                         "nothing is saved."))
        self.preview_button.clicked.connect(self.preview)
        self.restore_button = QPushButton(_("&Restore shipped rules…"))
        self.restore_button.setObjectName("restore_rules")
        self.restore_button.setToolTip(_("Put the rules shipped with the application back in the editor; Save puts "
                                         "them in force."))
        self.restore_button.clicked.connect(self.restore_shipped)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.addButton(self.preview_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        pane = QWidget()
        pane_layout = QVBoxLayout(pane)
        pane_layout.setContentsMargins(0, 0, 0, 0)
        pane_layout.addWidget(self.progress_row)
        pane_layout.addWidget(self.stale)
        pane_layout.addWidget(self.result, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.text)
        splitter.addWidget(pane)
        splitter.setStretchFactor(0, 3)
        layout = QVBoxLayout(self)
        hint = QLabel(_("Categories with their keywords and exclusions, operator service numbers, sector hints. "
                        "Save puts the rules in force: every complaint is screened again with them and the numbers "
                        "in the texts are indexed again; Cancel during that work leaves the rules in force as they "
                        "were."))
        self.text.setAccessibleDescription(hint.text())  # the label above is linked to neither box
        hint.setWordWrap(True)
        layout.addWidget(hint)
        # the edited copy in force cannot be read (saved as ANSI by Notepad): said, with the shipped rules offered
        self.unreadable = QLabel(unreadable)
        self.unreadable.setObjectName("rules_unreadable")
        self.unreadable.setWordWrap(True)
        self.unreadable.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.unreadable.setStyleSheet("color: #a94442;")
        self.unreadable.setVisible(bool(unreadable))
        layout.addWidget(self.unreadable)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.buttons)
        tab_in_screen_order(self.buttons)
        self.mark_loaded()

    def _rules_text(self) -> tuple[str, str]:
        """The text of the rules in force, read as the command line reads them (UTF-8), and ''; when the data
        directory's edited copy cannot be read (not UTF-8: saved as ANSI/GB18030 or UTF-16; unreadable), the shipped
        rules instead, offered to put in force, and what is wrong with the copy, in the officer's words."""
        from workstation.errors import os_reason
        from workstation.screening.rules import rules_path, shipped_rules_path

        path = rules_path(self.data_dir)
        shipped = shipped_rules_path()
        try:
            return path.read_text(encoding="utf-8"), ""
        except UnicodeDecodeError as exc:
            if path == shipped:
                raise
            line = path.read_bytes()[:exc.start].count(b"\n") + 1
            problem = _("{file}, line {line}: the text is not UTF-8 (saved as GB18030/ANSI or UTF-16?): save the "
                        "file as UTF-8.").format(file=path, line=line)
        except OSError as exc:
            if path == shipped:
                raise
            problem = _("{file}: cannot be read: {reason}").format(file=path, reason=os_reason(exc))
        return shipped.read_text(encoding="utf-8"), join_sentences([problem, _(
            "The editor shows the shipped rules in its place: Save puts them in force and removes that file; "
            "Cancel leaves it as it is.")])

    def _progress_row(self) -> QWidget:
        """The running preview's progress and Cancel, above its pane (hidden while none runs)."""
        row = QWidget()
        row.setObjectName("rules_preview_progress")
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        self.progress_label = QLabel()
        self.progress = QProgressBar()
        self.cancel_button = QPushButton(_("Cancel preview"))
        self.cancel_button.setObjectName("cancel_preview")
        self.cancel_button.setToolTip(_("Stop trying the rules; nothing is saved either way."))
        self.cancel_button.clicked.connect(self.cancel_preview)
        layout.addWidget(self.progress_label)
        layout.addWidget(self.progress, 1)
        layout.addWidget(self.cancel_button)
        row.hide()
        return row

    def typed(self) -> str:
        return self.text.toPlainText()

    def go_to_fault(self, exc: WorkstationError) -> None:
        """Put the cursor at the start of the line a refused rule is on (the message names it)."""
        line = getattr(exc, "line", None)
        block = self.text.document().findBlockByNumber(line - 1) if line else None
        if block is None or not block.isValid():
            return
        self.text.setTextCursor(QTextCursor(block))
        self.text.centerCursor()
        self.text.setFocus()

    # preview -------------------------------------------------------------------------------------------------
    def preview(self) -> bool:
        """Check the edited rules and try them on every complaint in the background (progress and Cancel); the pane
        shows what they flag differently when that is done. False, with the faulty rule named in the pane and the
        cursor on its line, when they are malformed (nothing is tried then)."""
        from workstation.screening.rules import check_edited_rules, parse_rules

        if self.trying:  # one preview at a time (the button is greyed out meanwhile)
            return False
        text = self.typed()
        try:
            check_edited_rules(self.db, parse_rules(text, _("the edited rules")), text)
        except WorkstationError as exc:
            self.previewed = None
            self.stale.hide()
            self.result.setPlainText(exc.message)
            self.go_to_fault(exc)
            return False
        self._try(text, partial(self._show_preview, text))
        return True

    def _show_preview(self, text: str, result) -> None:
        self.result.setPlainText("\n".join(self.preview_lines(text, result)))
        self.previewed, self.preview_result = text, result
        self._say_if_stale()

    def _say_if_stale(self) -> None:
        """Say above the preview when the text was edited after it, or after the preview running was started
        (typing never starts or stops a preview)."""
        if self.trying:
            self.stale.setText(_("The rules were edited after Preview was pressed: the preview running tries them "
                                 "as they were; press Preview again once it is done to see the edits' effect."))
            self.stale.setVisible(self.tried is not None and self.typed() != self.tried)
            return
        self.stale.setText(_("The rules were edited after this preview: press Preview again to see the effect of "
                             "the edits."))
        self.stale.setVisible(self.previewed is not None and self.typed() != self.previewed)

    def _try(self, text: str, done: Callable) -> None:
        """Try the rules ``text`` on every complaint as background work, its progress and Cancel shown in the
        editor; ``done(preview)`` on the window's thread when that ends. The buttons wait meanwhile; the text stays
        readable and editable (no dialog over it)."""
        from workstation import tasks
        from workstation.paths import database_path

        self.tried, self.previewed, self.preview_result = text, None, None
        self._set_trying(True)
        self.result.setPlainText(_("Trying the rules on every stored complaint…"))
        work = partial(tasks.preview_rules_task, database_path(self.data_dir), text, limit=PREVIEW_LIMIT)
        cancel = self.runner.start(_("Previewing the screening rules"), work, partial(self._tried, done),
                                   self._not_tried, self._progressed)
        if self.trying:  # (a runner that ran it at once has finished it already)
            self._cancel = cancel

    def _set_trying(self, trying: bool) -> None:
        self.trying = trying
        if not trying:
            self._cancel = None
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        for button in (self.preview_button, self.restore_button, save):
            button.setEnabled(not trying)
        self.progress.setRange(0, 0)  # busy until the work says how much there is
        self.progress_label.setText(_("Previewing the screening rules"))
        self.cancel_button.setEnabled(trying)
        self.progress_row.setVisible(trying)
        self._say_if_stale()

    def _progressed(self, done: int, total: int, message: str) -> None:
        from shiboken6 import isValid

        if not isValid(self) or not self.trying:
            return
        self.progress.setRange(0, max(total, 0))
        self.progress.setValue(min(done, total) if total else 0)
        if message:
            self.progress_label.setText(message)

    def cancel_preview(self) -> None:
        """Cancel the preview running (the pane then says so); nothing when none runs."""
        if self._cancel is not None:
            self._cancel.cancel()
            self.cancel_button.setEnabled(False)  # pressed: the work stops at its next step

    def done(self, result: int) -> None:
        """Closed (saved, or dropped) while a preview runs: it is cancelled, its result would go nowhere, and waited
        for until it has stopped (no task left running behind a closed editor)."""
        if self._cancel is not None:
            self.runner.join(self._cancel)
        super().done(result)

    def _tried(self, done: Callable, result) -> None:
        from shiboken6 import isValid

        if not isValid(self):  # the editor went away meanwhile
            return
        self._set_trying(False)
        done(result)

    def _not_tried(self, exc: BaseException) -> None:
        """A preview cut short: a cancel is said in the pane (nothing was changed, the text is as typed), a refusal
        too, with the cursor on the rule at fault; a bug is raised again."""
        from shiboken6 import isValid

        if not isinstance(exc, WorkstationError):
            raise exc
        if not isValid(self):
            return
        self._set_trying(False)
        self.previewed = None
        self.stale.hide()
        if isinstance(exc, Cancelled):
            self.result.setPlainText(_("Preview cancelled: the rules were not tried on every complaint. Press "
                                       "Preview to try them again."))
            return
        self.result.setPlainText(error_text(exc))
        self.go_to_fault(exc)

    def preview_lines(self, text: str, result, summary: str | None = None) -> list[str]:
        """The preview ``result`` of the rules ``text`` as the pane shows it: the counts on the first line (worded
        by ``summary``, default: as edited rules), then the complaints concerned, their numbers masked."""
        from workstation.screening.rules import (
            excluded_keyword_notes,
            parse_rules,
            regex_like_notes,
            repeated_words,
            rules_or_shipped,
        )

        lines = [(summary or _("Flagged now: {before}; with the edited rules: {after} (newly flagged {added}, no "
                               "longer flagged {removed}, another category {changed}).")).format(
            before=result.flagged_before, after=result.flagged_after, added=result.added_count,
            removed=result.removed_count, changed=result.changed_count)]
        if note := result.kept_note():  # those in leads already acted on keep their category
            lines.append(note)
        if note := result.dropped_note():  # categories stored that the rules no longer define
            lines.append(note)
        if note := result.leads_removed_note():  # the leads saving removes: Save asks first
            lines.append(note)
        if note := result.grouping_note():  # the leads saving splits, joins or gives other numbers or businesses
            lines.append(note)
        # the categories by their labels: before as the rules in force name them (the shipped ones when the edited
        # copy cannot be read: the editor shows them in its place), after as the edited ones do
        current, edited = rules_or_shipped(self.data_dir), parse_rules(text)
        for label, kind, word in repeated_words(edited):  # why a keyword just added flags nothing more
            lines.append((_("“{word}” is already a keyword of {category}: written twice, it flags nothing more.")
                          if kind == "keywords" else
                          _("“{word}” is already an exclusion of {category}: written twice, it rules out nothing "
                            "more.")).format(word=word, category=label))
        lines += regex_like_notes(text)  # why a keyword written as a pattern flags nothing
        lines += excluded_keyword_notes(text)  # why a keyword that is an exclusion too flags nothing
        if result.removed_leads:  # by the day received and what they are about, their numbers masked
            lines += ["", _("Leads removed:")] + [
                f"{_received_day(lead['received_at'])}  {mask_text(lead['phones'] or lead['businesses'] or '—')}"
                for lead in result.removed_leads]
            if result.leads_removed > len(result.removed_leads):
                lines.append(_("… and {n} more leads.").format(n=result.leads_removed - len(result.removed_leads)))
        lines += _regrouped_lines(result)
        for title, items, count in ((_("Newly flagged:"), result.added, result.added_count),
                                    (_("No longer flagged:"), result.removed, result.removed_count),
                                    (_("Another category:"), result.changed, result.changed_count)):
            if items:
                lines += ["", title] + [
                    f"{item.id}  [{current.category_label(item.before) if item.before else '—'} → "
                    f"{edited.category_label(item.after) if item.after else '—'}]  {mask_text(item.text)[:80]}"
                    for item in items]
                if count > len(items):
                    lines.append(_("… and {n} more complaints.").format(n=count - len(items)))
        return lines

    # restore and save ----------------------------------------------------------------------------------------
    def restore_shipped(self) -> bool:
        """Offer the shipped rules in place of the text: what they would change is tried first (background work,
        as Preview), then the officer is asked with its counts; the replacement is one step Ctrl+Z takes back, and
        nothing is in force before Save. False when nothing is offered (the editor shows them already, or the
        installation's rules are damaged: said)."""
        from workstation.screening.rules import parse_rules, shipped_rules_path

        if self.trying:
            return False
        shipped = shipped_rules_path().read_text(encoding="utf-8")
        if self.typed() == shipped:
            self.prompts.info(self, join_sentences([_("The editor already shows the shipped rules."), _(
                "Save puts them in force again.") if self._edited_copy().is_file() else ""]))
            return False
        try:
            parse_rules(shipped, str(shipped_rules_path()))
        except WorkstationError as exc:  # a damaged installation: say so, change nothing
            self.prompts.error(self, exc.message)
            return False
        self._try(shipped, partial(self._offer_shipped, shipped))
        return True

    def _offer_shipped(self, shipped: str, result) -> None:
        lines = self.preview_lines(shipped, result, _(
            "Flagged now: {before}; with the shipped rules: {after} (newly flagged {added}, no longer flagged "
            "{removed}, another category {changed})."))
        self.result.setPlainText("\n".join(lines))
        self.previewed = None  # the pane shows the shipped rules' effect, not the text's
        self.stale.hide()
        if not self.prompts.confirm(self, _(
                "Replace the rules in the editor with the shipped rules?\n{effect}\nCtrl+Z takes the replacement "
                "back; Save puts the shipped rules in force again.").format(effect=lines[0])):
            return
        cursor = self.text.textCursor()
        cursor.beginEditBlock()  # one step for undo, unlike setPlainText, which forgets the undo history
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText(shipped)
        cursor.endEditBlock()
        self.text.moveCursor(QTextCursor.MoveOperation.Start)
        self.previewed, self.preview_result = shipped, result
        self._say_if_stale()

    def _edited_copy(self) -> Path:
        from workstation.screening.rules import RULES_PARTS

        return self.data_dir.joinpath(*RULES_PARTS)

    def save(self) -> None:
        """Check the rules (a malformed one is named, the cursor put on it, and nothing changes), try them as Preview
        does unless the preview shown is of the text as typed, and ask first when they drop a category stored leads or
        complaints hold, would remove leads, hold a word written like a regular expression or would flag a large
        share of the complaints (``save_questions``); then put them in force in the background with progress and
        Cancel: every complaint screened again with them, the numbers indexed again, and the rules file replaced last
        (the shipped text: the edited copy removed, so that the shipped file and its later updates apply). The editor closes once that is done; after a cancel or a failure, or when the
        officer says no, it stays open with the text as typed."""
        from workstation.screening.rules import check_edited_rules, parse_rules

        if self.trying:  # Save waits for the preview (its button is greyed out meanwhile)
            return
        text = self.typed()
        try:  # a label two categories share is refused too; named as Preview names them: no file holds them yet
            check_edited_rules(self.db, parse_rules(text, _("the edited rules")), text)
        except WorkstationError as exc:
            self.go_to_fault(exc)
            self.prompts.error(self, exc.message)
            return
        if self.previewed == text and self.preview_result is not None:
            self._save_tried(text, self.preview_result)
        else:  # what they would change is tried first, shown in the pane as Preview shows it
            self._try(text, partial(self._save_tried, text))

    def save_questions(self, result, text: str = "") -> list[str]:
        """What Save asks about before putting rules in force whose preview is ``result`` (their ``text``): the
        categories stored that they no longer define, the leads saving would remove, the words written like a regular
        expression (``regex_like_notes``, a warning naming the line), and a share of all complaints flagged beyond
        ``FLAGGED_SHARE_TO_ASK`` that the rules in force do not reach (a keyword or exclusion matching nearly every
        text), once ``FLAGGED_SHARE_FROM`` complaints are stored."""
        from workstation.screening.rules import regex_like_notes

        questions = [note for note in (result.dropped_note(), result.leads_removed_note()) if note]
        questions += regex_like_notes(text)
        if result.total >= FLAGGED_SHARE_FROM and result.flagged_after > result.flagged_before \
                and result.flagged_after > FLAGGED_SHARE_TO_ASK * result.total:
            questions.append(_("With these rules {after} of the {total} stored complaints ({share:.0%}) would be "
                               "flagged, against {before} now: a keyword or exclusion may match nearly every "
                               "complaint.").format(after=result.flagged_after, total=result.total,
                                                    share=result.flagged_after / result.total,
                                                    before=result.flagged_before))
        return questions

    def _save_tried(self, text: str, result) -> None:
        from workstation import tasks
        from workstation.paths import database_path

        if self.previewed != text:
            self._show_preview(text, result)
        if self.typed() != text:  # edited while they were tried: the pane says so; Save tries the edits
            return
        questions = self.save_questions(result, text)
        if questions and not self.prompts.confirm(self, "\n".join([*questions, _("Save these rules all the same?")]),
                                                  destructive=True):
            return
        work = partial(tasks.apply_rules_task, database_path(self.data_dir), self.data_dir, text)
        self.runner.run(_("Putting the screening rules in force"), work, self._applied, self._not_applied, self)

    def _applied(self, result) -> None:
        self.saved, self.screened = True, result
        self.accept()

    def _not_applied(self, exc: BaseException) -> None:
        report_failure(self, self.prompts, exc)
        if isinstance(exc, WorkstationError):
            self.go_to_fault(exc)


def _lead_words(phones: str, businesses: str) -> str:
    """What a lead is about as the preview names it: its numbers masked and its businesses; '—' for neither."""
    return mask_text(" ".join(part for part in (phones, businesses) if part)) or "—"


def _regrouped_lines(result) -> list[str]:
    """The leads the preview ``result`` says saving splits, joins or gives other numbers or businesses, under a heading
    each: the day received and what each is about (its numbers masked), then what it would become."""
    lines = []
    for title, items, count, line in (
            (_("Leads split:"), result.split_leads, result.leads_split,
             lambda lead: "{}  {} → {}".format(_received_day(lead["received_at"]),
                                               _lead_words(lead["phones"], lead["businesses"]),
                                               ngettext("{n} lead", "{n} leads", lead["into"]).format(n=lead["into"]))),
            (_("Leads joined:"), result.joined_leads, result.leads_joined,
             lambda lead: "{}  {} → {}".format(_received_day(lead["from"][0]["received_at"]),
                                               " + ".join(_lead_words(one["phones"], one["businesses"])
                                                          for one in lead["from"]),
                                               _lead_words(lead["phones"], lead["businesses"]))),
            (_("Leads with other numbers or businesses:"), result.changed_leads, result.leads_changed,
             lambda lead: "{}  {} → {}".format(_received_day(lead["received_at"]),
                                               _lead_words(lead["phones"], lead["businesses"]),
                                               _lead_words(lead["after_phones"], lead["after_businesses"])))):
        if items:
            lines += ["", title] + [line(item) for item in items]
            if count > len(items):
                lines.append(_("… and {n} more leads.").format(n=count - len(items)))
    return lines


def _received_day(value: str | None) -> str:
    """The day a lead was received, as the leads list shows it (2026-03-03); '—' for none."""
    return (value or "")[:10] or "—"
