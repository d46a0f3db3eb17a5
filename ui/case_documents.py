"""The documents section of a case workspace: draft any document type as PDF or DOCX from the case, issue
it (it takes its 文号 and is frozen), and save the PDF of an issued document exactly as issued."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QComboBox, QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from workstation.documents.drafts import draft_document, render_document
from workstation.documents.issuing import case_documents, document_pdf, issue_document
from workstation.errors import WorkstationError
from workstation.formkit.spec import load_forms
from workstation.i18n import _
from workstation.money import chinese_date


def issue_question(form) -> str:
    """The question asked before ``form`` is issued: a document of a numbered type takes the next 文号; the others
    (笔录, 审批表, 送达回证, the archive forms) take none and are only frozen, and the question does not say
    otherwise."""
    if form.type_code:
        return _("Issue {title}? It takes the next 文号 and cannot be edited afterwards.").format(title=form.title)
    return _("Issue {title}? It is kept as it stands (this document type has no 文号) and cannot be edited "
             "afterwards.").format(title=form.title)


class CaseDocuments(QGroupBox):
    """Drafting and issuing the case's documents; ``issued`` fires after a document was issued."""

    def __init__(self, db, data_dir: Path, case, prompts, on_issued=None, open_editor=None,
                 parent: QWidget | None = None):
        super().__init__(_("Documents"), parent)
        self.db, self.data_dir, self.case, self.prompts = db, Path(data_dir), case, prompts
        self.on_issued = on_issued
        self.open_editor = open_editor
        self.forms, _broken = load_forms()
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.form_choice = QComboBox()
        for form in sorted(self.forms.values(), key=lambda f: (f.catalogue or 999, f.id)):
            if form.kind != "interview":  # those are issued from the interview register (约谈)
                self.form_choice.addItem(form.title, form.id)
        row.addWidget(self.form_choice, 1)
        for text, name, slot in ((_("Write…"), "write", self.write),
                                 (_("Draft PDF…"), "draft_pdf", lambda: self.save_draft("pdf")),
                                 (_("Draft DOCX…"), "draft_docx", lambda: self.save_draft("docx")),
                                 (_("Issue…"), "issue", self.issue),
                                 (_("Case file PDF…"), "casefile", self.save_case_file)):
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(slot)
            row.addWidget(button)
        layout.addLayout(row)
        for document in case_documents(db, case.id):
            line = QHBoxLayout()
            state = _(" (void: {reason})").format(reason=document.void_reason) if document.status == "void" else ""
            pages = _("{n} pages").format(n=document.pages)
            label = QLabel(f"{document.number or '—'}  {document.title}  {chinese_date(document.issued_at)}"
                           f"  {pages}{state}")
            line.addWidget(label, 1)
            view = QPushButton(_("Open"))
            view.setObjectName(f"open_{document.id}")
            view.clicked.connect(lambda _checked=False, d=document: self.open_issued(d))
            line.addWidget(view)
            save = QPushButton(_("Save PDF…"))
            save.setObjectName(f"save_{document.id}")
            save.clicked.connect(lambda _checked=False, d=document: self.save_issued(d))
            line.addWidget(save)
            layout.addLayout(line)

    def _form(self):
        return self.forms[self.form_choice.currentData()]

    def write(self) -> None:
        """Open the chosen document in the editor, continuing a kept draft if the officer wants."""
        from workstation.store.drafts import saved_draft

        form = self._form()
        draft = saved_draft(self.db, form.id, case_id=self.case.id)
        if draft is not None and not self.prompts.confirm(self, _(
                "A draft of {title} was kept on {time}. Continue it? (No starts a new one from the case.)").format(
                title=form.title, time=draft.saved_at[:16].replace("T", " "))):
            draft = None
        self._editor(form, draft=draft)

    def open_issued(self, document) -> None:
        self._editor(self.forms.get(document.form_id) or self._form(), document=document)

    def _editor(self, form, draft=None, document=None):
        if self.open_editor is not None:
            return self.open_editor(self.case, form, draft=draft, document=document)
        from ui.form_editor import FormEditor

        editor = FormEditor(self.db, self.data_dir, self.case, form, self.prompts, draft=draft, document=document,
                            parent=self.window())
        editor.setWindowFlag(editor.windowFlags().Window)
        editor.show()
        return editor

    def _target(self, title: str, name: str, suffix: str) -> str | None:
        return self.prompts.save_file(self, title, name, f"{suffix.upper()} (*.{suffix})")

    def save_draft(self, fmt: str) -> None:
        form = self._form()
        try:
            rendered = render_document(draft_document(self.db, self.case, form), fmt)
        except WorkstationError as exc:
            self.prompts.error(self, exc.message)
            return
        target = self._target(_("Save draft"), f"{form.title}（草稿）.{fmt}", fmt)
        if target:
            self._write(target, rendered.data)

    def issue(self) -> None:
        from workstation.procedure import issue_refusal

        form = self._form()
        refusal = issue_refusal(self.db, self.case, form.id)
        if refusal:  # said before the officer is asked to confirm taking a number
            self.prompts.error(self, refusal)
            return
        if not self.prompts.confirm(self, issue_question(form)):
            return
        try:
            issued = issue_document(self.db, self.data_dir, self.case, form)
        except WorkstationError as exc:
            self.prompts.error(self, exc.message)
            return
        self.prompts.info(self, _("{title} issued as {number}.").format(title=form.title, number=issued.number)
                          if issued.number else _("{title} issued.").format(title=form.title))
        if self.on_issued:
            self.on_issued()

    def save_case_file(self) -> None:
        from workstation.documents.casefile import print_case_file

        try:
            case_file = print_case_file(self.db, self.data_dir, self.case)
        except WorkstationError as exc:
            self.prompts.error(self, exc.message)
            return
        target = self._target(_("Save case file"), f"{self.case.case_number} 卷宗.pdf", "pdf")
        if target:
            self._write(target, case_file.data)

    def save_issued(self, document) -> None:
        target = self._target(_("Save issued document"), f"{document.number or document.title}.pdf", "pdf")
        if target:
            try:
                self._write(target, document_pdf(self.db, self.data_dir, document.id))
            except WorkstationError as exc:
                self.prompts.error(self, exc.message)

    def _write(self, target: str, data: bytes) -> None:
        from workstation.output import write_output

        try:
            write_output(target, data)
        except WorkstationError as exc:
            self.prompts.error(self, exc.message)
