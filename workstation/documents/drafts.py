"""Drafts of a case's documents: the form's values filled from the case, the officer's overrides checked,
the blocks composed and rendered as PDF or DOCX. Nothing is stored and no 文号 is taken (issuing does that)."""

from __future__ import annotations

from dataclasses import dataclass

from workstation.db import Database
from workstation.documents.addressee import PARTY_KEY, choose_party
from workstation.documents.blocks import Document
from workstation.documents.compose import compose
from workstation.errors import NotFound, WorkstationError
from workstation.formkit import spec
from workstation.formkit.measures import numbered_context
from workstation.formkit.refusals import draft_values as printed_values
from workstation.formkit.spec import FormError, FormSpec
from workstation.formkit.values import (
    case_context,
    default_values,
    document_date,
    may_hold_old_default,
    outdated_defaults,
)
from workstation.i18n import _
from workstation.read_once import context_reads_once
from workstation.records import Case
from workstation.store import find_case
from workstation.store.interviews import get_interview

FORMATS = ("pdf", "docx")


@dataclass(frozen=True)
class Rendered:
    """A rendered document: its bytes, format and page count. The count is None for a DOCX: Word or WPS lays
    the file out on the machine that opens it (with the fonts it has there), so its pages are known only there;
    a PDF's pages are the ones written."""

    data: bytes
    format: str
    pages: int | None = None


def find_form(form_id: str) -> FormSpec:
    """The loaded form of this id (its own file alone is read, as ``load_forms`` reads each); a broken form is
    reported with its file and key."""
    folder = spec.FORMS
    path = folder / f"{form_id}.toml"
    if form_id and path.parent == folder and path.stem == form_id and path.is_file():
        try:
            return spec.load_form(path)
        except FormError as exc:
            raise NotFound(exc.message) from None
    raise NotFound(_("No document type {id}: `docs forms` lists them.").format(id=form_id))


def refuse_interview_form(form: FormSpec) -> None:
    """An interview's document (约谈通知书 …) draws its values from the interview register, not a case."""
    if form.kind == "interview":
        raise WorkstationError(_("The {title} is drawn from an administrative interview: issue it from the "
                                 "interview register (约谈).").format(title=form.title))


def refuse_lead_letter(db: Database, case: Case, form: FormSpec) -> None:
    """The 举报处理结果告知书 tells a lead's reporter the lead's decision: written from the lead, never from a case,
    whose draft would leave the reporter blank (the message names the lead the case was filed from)."""
    from workstation.leads_workflow import REPORT_NOTICE, case_report_notice_refusal

    if form.id == REPORT_NOTICE:
        raise WorkstationError(case_report_notice_refusal(db, case))


def _is_interview(db: Database, reference: str) -> bool:
    try:
        get_interview(db, reference)
    except NotFound:
        return False
    return True


def find_case_for(db: Database, reference: str, form: FormSpec) -> Case:
    """The case ``reference`` (its id or case number) names, to draw ``form`` from; the id of an administrative
    interview is refused naming the form, which is a case document."""
    try:
        return find_case(db, reference)
    except NotFound:
        if not _is_interview(db, reference):
            raise
    raise WorkstationError(_("{ref} is an administrative interview, and the {title} is a case document: give a case "
                             "id or case number.").format(ref=reference, title=form.title))


def draft_document(db: Database, case: Case, form: FormSpec, overrides: dict | None = None,
                   party_id: str | None = None, blanks: list | None = None,
                   context: dict | None = None) -> Document:
    """The draft of ``form`` for ``case``: defaults from the case, ``overrides`` on top, all values checked;
    a form written for one party is written for ``party_id`` (default: the one ``overrides`` record, else the
    case's first party, ``addressee.choose_party``). The 举报处理结果告知书 is refused: it is the lead's letter
    (``leads_workflow.case_report_notice_refusal`` names the case's lead). Given a list ``blanks``, required
    fields still empty print as ruled blanks, as the editor's sheet for handwriting, and are added to it
    (``refusals.draft_values``). ``context``: the case context of the party it is written for, when the caller
    built it already (``draft_values``)."""
    checked, context = draft_values(db, case, form, overrides, party_id, blanks, context)
    return compose(form, checked, agency=str(context["agency.name"]), case_number=case.case_number,
                   date=document_date(form, checked, str(context["today"])))


# the case's parties, its evidence register, the forms, the account of the payment and the case's clocks, the legal
# data files read once for the whole draft (``case_context``, the defaults, the checks)
@context_reads_once()
def draft_values(db: Database, case: Case, form: FormSpec, overrides: dict | None = None,
                 party_id: str | None = None, blanks: list | None = None,
                 context: dict | None = None) -> tuple[dict, dict]:
    """The checked values of ``draft_document`` (what the draft prints, what a draft's warnings look at:
    ``stage_rules.evidence_gap``) and the case context they were drawn from; ``blanks`` as there. ``context``: the
    ``case_context`` of the case for the party the form is written for, when the caller built it already (the
    卷宗's cover, index and remarks sheet, drawn from one), else built here."""
    refuse_interview_form(form)
    refuse_lead_letter(db, case, form)
    party = choose_party(db, case, form, party_id or (overrides or {}).get(PARTY_KEY))
    if context is None:
        context = case_context(db, case, party.id if party else None)
    # an earlier decision named by its 文号: its measure, items…
    context = numbered_context(db, case, form, overrides, party.id if party else None, context)
    values = {**default_values(form, context, overrides), **(overrides or {})}
    if (own := own_amounts_context(db, case, form, party, values, context)) is not None:
        context = own  # its 处罚依据 printed on the amounts it proposes or imposes, as its checks judge it
        values = {**default_values(form, context, overrides), **(overrides or {})}
    return printed_values(form, values, context, blanks), context


def own_amounts_context(db: Database, case: Case, form: FormSpec, party, values: dict,
                        context: dict) -> dict | None:
    """In a case with several parties, the case context of ``party``'s document proposing or imposing a fine
    (``stage_rules.FINING_FORMS``: its 告知书, 决定书 …) with its law built on the fine and illegal gains confiscated
    ``values`` give (as typed, in yuan; read as ``penalty_terms._amounts_of_values`` reads the checked values the
    checks judge: ``case_law`` ``amounts``), so the 处罚依据 and 违反的规定 it prints are those of the norm its fine
    is checked against; None otherwise (a case with one party, another form, no party), the context as it is.
    An amount written wrong is not given (its field is refused when the values are checked)."""
    from workstation.documents.stage_rules import FINING_FORMS
    from workstation.store import parties_of_case

    if party is None or form.id not in FINING_FORMS or len(parties_of_case(db, case.id)) < 2:
        return None
    return case_context(db, case, party.id, amounts=own_amounts(form, values, context))


def own_amounts(form: FormSpec, values: dict, context: dict) -> dict:
    """The fine and illegal gains confiscated ``values`` give, read as the checks read them
    (``penalty_terms._amounts_of_values`` of the checked values), an amount written wrong left out (its field is
    refused when the values are checked): what a party's own law is built on (``own_amounts_context``)."""
    from workstation.formkit.values import field_errors
    from workstation.penalty_terms import _amounts_of_values

    checked, errors = field_errors(form, values, context)
    return _amounts_of_values({key: value for key, value in checked.items() if key not in errors})


def without_old_defaults(db: Database, case: Case, form: FormSpec, overrides: dict) -> tuple[dict, list[str]]:
    """Values given for a case's document (a ``--values`` file) without those still holding a default an earlier
    version of the form gave (``old_defaults``) that the form now words otherwise: text the officer never wrote,
    which the current default replaces as it does in a kept draft; and the labels of those fields, to tell the
    officer. Any other value is kept — also one the form now gives no default for (``kept_old_defaults``): the
    reviewers' opinion, the party's answer, given in so many words, are not thrown away for an empty field."""
    outdated, _kept = _old_defaults_given(db, case, form, overrides)
    names = {field.name for field in outdated}
    return {k: v for k, v in overrides.items() if k not in names}, [field.label for field in outdated]


def kept_old_defaults(db: Database, case: Case, form: FormSpec, overrides: dict) -> list[str]:
    """The labels of the fields whose given value (``overrides``, a ``--values`` file) is a default an earlier
    version of the form gave while the form now gives none for this case: kept as given (the officer wrote it out),
    for the officer to be told to check it is their own."""
    return [field.label for field in _old_defaults_given(db, case, form, overrides)[1]]


def _old_defaults_given(db: Database, case: Case, form: FormSpec, overrides: dict) -> tuple[list, list]:
    """The fields of ``overrides`` holding an old default: (those the current default replaces, those kept because
    the form has no default for them now)."""
    if not any(may_hold_old_default(field, overrides.get(field.name))
               for field in form.fields):  # no given text could be an old default (``outdated_defaults``)
        return [], []  # without working out the case's context for nothing (a render with no --values file)
    context = case_context(db, case, overrides.get(PARTY_KEY))
    outdated = outdated_defaults(form, overrides, context)
    if not outdated:
        return [], []
    defaults = default_values(form, context, overrides)
    replaced = [field for field in outdated if str(defaults.get(field.name) or "").strip()]
    return replaced, [field for field in outdated if field not in replaced]


def render_document(document: Document, fmt: str) -> Rendered:
    """The document as PDF or DOCX bytes."""
    if fmt == "docx":
        from workstation.documents.docx_writer import render_docx

        return Rendered(render_docx(document), "docx")
    if fmt == "pdf":
        from workstation.documents.pdf_writer import render_pdf

        result = render_pdf(document)
        return Rendered(result.data, "pdf", result.pages)
    raise NotFound(_("Unknown format {name}: use pdf or docx.").format(name=fmt))
