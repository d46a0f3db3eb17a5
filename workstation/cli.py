"""The command line of ``../shared/CLI.md``: the same core as the GUI for HQ automation, scripts and tests.
Exit codes: 0 success, 1 refused input or state (one line on stderr, nothing changed), 2 usage error."""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import math
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path

from workstation import version_label
from workstation.case_reference import case_named
from workstation.errors import WorkstationError, join_sentences, os_reason, shortened, shortened_path, visibly
from workstation.fullwidth import tidy_spaces
from workstation.i18n import _, join_names
from workstation.output import written_text
from workstation.paths import data_dir_kept, database_path, resolve_data_dir, use_data_dir
from workstation.records import short_time

LOG = logging.getLogger("workstation.cli")


def _common() -> argparse.ArgumentParser:
    from workstation.cli_language import non_empty_path

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", type=non_empty_path, default=argparse.SUPPRESS,
                        help=_("data directory (default: the platform's data directory or WORKSTATION_HOME)"))
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                        help=_("machine-readable result on stdout"))
    common.add_argument("--passphrase-file", type=non_empty_path, default=argparse.SUPPRESS,
                        help=_("file holding the passphrase of an encrypted database"))
    return common


def _keys_and_labels(group: str, only: tuple[str, ...] | None = None) -> str:
    """The keys an option of ``group`` takes (``only`` those, when given), each with its Chinese label, for its help:
    an officer reading the help in Chinese sees what each English key stands for."""
    from workstation.vocabulary import labels

    return join_names(_("{key} ({label})").format(key=key, label=text) for key, text in labels(group).items()
                      if only is None or key in only)


def _vocabulary_keys(group: str) -> list[str]:
    """The keys an option of ``group`` takes (its ``choices``: any other value is a usage error, exit 2)."""
    from workstation.vocabulary import labels

    return list(labels(group))


def build_parser() -> argparse.ArgumentParser:
    from workstation.cli_language import (
        UserLanguageParser,
        non_empty,
        non_empty_path,
        plain_number,
        program_name,
        whole_number,
    )

    common = _common()
    parser = UserLanguageParser(prog=program_name("workstation"), parents=[common],
                                description=_("Case-file workstation command line"),
                                epilog=_("Run without a command to open the window; its options (--demo among them) "
                                         "are listed by “{program} --gui --help”.").format(
                                    program=program_name("workstation")))
    parser.add_argument("--version", action="version", version=version_label(),
                        help=_("show the program's version number and exit"))
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("init", parents=[common], help=_("create or migrate the database"))
    p.add_argument("--agency", help=_("agency code of this station, e.g. 440605"))
    p.add_argument("--station-name", help=_("name of this station"))
    p.add_argument("--change-agency", action="store_true",
                   help=_("change the agency of a station that already issued numbers under another one"))
    p.add_argument("--plaintext", action="store_true",
                   help=_("keep a new database unencrypted on purpose (without it and without a passphrase, the "
                          "database is created unencrypted with a warning)"))
    p.add_argument("--officer", metavar="NAME",
                   help=_("the first enforcement officer, as on their certificate: recorded in the officers' "
                          "register, and the passphrase is theirs (without it, the workstation's passphrase until "
                          "an officer takes it over)"))
    p.add_argument("--cert", metavar="NO", help=_("the enforcement certificate number of --officer"))
    p.set_defaults(handler=cmd_init, creates_data=True)
    _list_agency_codes(p)

    p = sub.add_parser("demo", parents=[common], help=_("load the demo data set (the seed campaign)"))
    p.add_argument("--without-complaints", dest="complaints", action="store_false",
                   help=_("leave out the 13,543 complaints the seed's leads were screened from (the leads are "
                          "stored as assigned)"))
    p.add_argument("--into-existing", action="store_true",
                   help=_("add the demo data to a data directory that holds records of its own (they cannot be told "
                          "apart and removed afterwards)"))
    p.set_defaults(handler=cmd_demo, creates_data=True)

    p = sub.add_parser("stats", parents=[common], help=_("campaign statistics"))
    p.add_argument("--agency", help=_("agency code"))
    p.add_argument("--from", dest="date_from", help=_("first date of the period, YYYY-MM-DD"))
    p.add_argument("--to", dest="date_to", help=_("last date of the period, YYYY-MM-DD"))
    p.add_argument("--own", action="store_true",
                   help=_("only the agency's own records, without those of the bureaus and offices under it "
                          "(needs --agency)"))
    p.set_defaults(handler=cmd_stats)
    stats_sub = p.add_subparsers(dest="stats_command", metavar="ACTION")
    p = stats_sub.add_parser("export", parents=[common],
                             help=_("write the statistics without any personal data (.csv or .xlsx)"))
    p.add_argument("--format", choices=["csv", "xlsx"], help=_("file format (default: from the file's extension)"))
    p.add_argument("-o", "--output", type=non_empty_path, required=True, help=_("file to write"))
    _force_option(p)
    p.add_argument("--agency", default=argparse.SUPPRESS, help=_("agency code"))
    p.add_argument("--from", dest="date_from", default=argparse.SUPPRESS,
                   help=_("first date of the period, YYYY-MM-DD"))
    p.add_argument("--to", dest="date_to", default=argparse.SUPPRESS, help=_("last date of the period, YYYY-MM-DD"))
    p.add_argument("--own", action="store_true", default=argparse.SUPPRESS,
                   help=_("only the agency's own records, without those of the bureaus and offices under it "
                          "(needs --agency)"))
    p.set_defaults(handler=cmd_stats_export)

    cases = sub.add_parser("cases", parents=[common], help=_("case register import and case list"))
    cases_sub = cases.add_subparsers(dest="cases_command", required=True, metavar="ACTION")
    p = cases_sub.add_parser("import", parents=[common], help=_("import a case register (.xlsx, .xls or .csv)"))
    p.add_argument("file", type=non_empty_path, help=_("the case register (台账), .xlsx, .xls or .csv"))
    p.add_argument("--dry-run", action="store_true", help=_("check the file, change nothing"))
    p.add_argument("--skip-invalid", action="store_true", help=_("import the valid rows, report the others"))
    p.add_argument("--encoding", default="auto", choices=["auto", "utf-8", "gb18030"],
                   help=_("text encoding of a CSV file"))
    p.set_defaults(handler=cmd_cases_import, creates_data=True, json_refusal=_cases_import_refused)
    p = cases_sub.add_parser("withdraw-import", parents=[common], help=_(
        "take back one register import: the cases it added are removed, with their parties (those no other record "
        "uses), links and steps; refused, naming them, once one of them has moved on (a step, a change, a document) "
        "or went in a bundle"))
    p.add_argument("file", type=non_empty, metavar="FILE_OR_TIME", help=_(
        "the register's file name as imported, or the time of its import (as the refusal lists them when the file "
        "was imported more than once)"))
    p.add_argument("--officer", metavar="NAME_OR_CERT",
                   help=_("the officer withdrawing it, by name or enforcement certificate number, recorded in the "
                          "audit log (default: with encrypted data, the officer whose passphrase opened it, and "
                          "naming another officer is refused; with unencrypted data, the officer WORKSTATION_ACTOR "
                          "names, else no officer)"))
    p.set_defaults(handler=cmd_cases_withdraw_import)
    p = cases_sub.add_parser("list", parents=[common], help=_("list cases"))
    p.add_argument("--status", help=_("only cases in this status (key or Chinese label): {keys}").format(
        keys=_keys_and_labels("statuses")))
    p.add_argument("--sector", help=_("only cases of this sector (key or Chinese label): {keys}").format(
        keys=_keys_and_labels("sectors")))
    p.add_argument("--district", help=_("only cases of this district, e.g. 南海区"))
    p.add_argument("--agency", help=_("agency code"))
    p.add_argument("--search", default="", help=_("text in the case number, the party or the cause"))
    p.add_argument("--limit", type=whole_number, default=0, help=_("at most this many cases (0: all)"))
    p.set_defaults(handler=cmd_cases_list)
    p = cases_sub.add_parser("transition", parents=[common], help=_("apply a procedure action to a case"))
    p.add_argument("case", type=non_empty, help=_("case id or case number"))
    p.add_argument("action", help=_("the procedure action, e.g. conclude_investigation, or hold_hearing to record the "
                                    "day the hearing is held (举行听证), or hand_over_fine the day a fine collected on "
                                    "the spot was handed to the agency (罚款已交至行政机关), bank_fine the day the agency "
                                    "paid it into the bank (罚款已缴付指定银行), file_with_bureau the day a decision "
                                    "made on the spot was filed with the bureau (已报备案); the steps of a transfer "
                                    "to the police, recorded on --date with --reason as their note as the case's "
                                    "time limits record them: transfer_report (移送涉嫌犯罪案件的书面报告), "
                                    "transfer_approved or transfer_refused (the head's decision on it), "
                                    "police_filed or police_refused (the police's 立案 or 不予立案), "
                                    "police_review_requested and police_review_upheld (复议 of the refusal and its "
                                    "decision), procuratorate_requested (建议检察院立案监督), exhibits_transferred or "
                                    "no_exhibits (涉案物品移交) and police_withdrawn (公安机关撤销案件) (an unknown one "
                                    "is answered with those possible for the case)"))
    p.add_argument("--date", help=_("date of the action, YYYY-MM-DD (default: today)"))
    p.add_argument("--reason", default="", help=_("reason, required by some actions (suspend, terminate …; "
                                                  "withdraw_hearing and hearing_absent: how the request was withdrawn "
                                                  "or the party stayed away)"))
    p.add_argument("--proposed-on", metavar="DATE",
                   help=_("with file: the day the filing was proposed for approval (立案呈批日期), YYYY-MM-DD; "
                          "--date is the day the head approved it"))
    p.add_argument("--officer", dest="officers", action="append", default=[], metavar="NAME_OR_CERT",
                   help=_("with file: an enforcement officer the case is filed with (办案人员), by name or enforcement "
                          "certificate number; repeat for the second (filing needs two with certificates): they "
                          "become the case's officers, in the order given"))
    p.add_argument("--party", type=non_empty, metavar="ID", action="append",
                   help=_("in a case with several parties: send_pre_notice, the id of a party the notice was "
                          "served on (repeat for several; without it, every party not yet served); waive_statement, "
                          "the id of the party who waives (needed; repeat for several); request_hearing, the id of "
                          "the party who asks for the hearing (needed); withdraw_hearing and hearing_absent, the "
                          "id of the party who withdraws its hearing request or did not appear at its hearing "
                          "(needed); hold_hearing, the id of a party heard on --date (repeat for several; "
                          "without it, the parties whose 听证通知书 sets that day); serve_decision, the id of a party its "
                          "decision was served on (repeat for several; without it, every party not yet served); "
                          "record_performance, the id of the party who paid (needed when a party owes money; "
                          "repeat for several); apply_enforcement, the id of the party the court is applied to "
                          "against (without it, every party that did not pay whose application is due)"))
    p.add_argument("--paid", metavar="YUAN", help=_("with record_performance: the amount paid in yuan (checked "
                                                    "against the fine and any surcharge owed: a mismatch is warned "
                                                    "about; one amount for several parties, --party repeated, is "
                                                    "recorded as each party's own only when it is what they owe "
                                                    "together that day, else it is refused)"))
    p.add_argument("--surcharge", metavar="YUAN", help=_("with record_performance: the surcharge (加处罚款) included "
                                                         "in the amount paid, in yuan"))
    p.add_argument("--voucher", metavar="NUMBER", default="",
                   help=_("with record_performance: the number of the payment voucher (缴款凭证)"))
    p.add_argument("--in-full", action="store_true",
                   help=_("with record_performance: record the decision performed (已履行) although the amount paid "
                          "is less than what is owed (the rest reduced or waived, or the total computed not what the "
                          "voucher settles); without it, in a case with one party such a payment is recorded as a "
                          "payment of part and the case stays served"))
    p.add_argument("--not-transferred", action="store_true",
                   help=_("with terminate: terminate although a 涉嫌犯罪案件移送书 was issued and no transfer to the "
                          "police is recorded (the case is not transferred); without it that is refused, as the "
                          "window asks first"))
    p.add_argument("--number", metavar="文号", default="", help=_(
        "with the outcome of a reconsideration or lawsuit (challenge_upheld, challenge_revoked, challenge_changed, "
        "challenge_unlawful, challenge_void, challenge_redo, challenge_withdrawn, challenge_not_accepted, "
        "challenge_dismissed; recorded after reconsideration or litigation, the day the party applied or sued): the "
        "number (文号 or 案号) of the reconsideration decision or judgment"))
    p.add_argument("--fine", metavar="YUAN", help=_(
        "with challenge_changed: the fine as the reconsideration decision or judgment changed it, in yuan, 0 when it "
        "imposes no fine at all (the statistics count it instead of the fine decided)"))
    p.add_argument("--approved-by", metavar="NAME", default="", help=_(
        "with transfer_approved or transfer_refused: the head who decided on the transfer report (批准人; the "
        "涉嫌犯罪案件移送书 takes it as its approver)"))
    p.add_argument("--step-id", metavar="ID", help=_(
        "with undo: the id of the step meant to be undone (its case event's id, which `cases transition --json` "
        "gave as step_id when it recorded the step); when another step is the case's last one by now (recorded or "
        "undone elsewhere meanwhile), nothing is undone and that step is named"))
    p.set_defaults(handler=cmd_cases_transition)
    p = cases_sub.add_parser("review-grounds", parents=[common],
                             help=_("the grounds of Penalty Law art. 58 that require a legal review (法制审核), and "
                                    "of art. 57 para. 2 that require the heads' collective discussion (集体讨论), "
                                    "before the case is decided: show them, or mark them with --ground"))
    p.add_argument("case", type=non_empty, help=_("case id or case number"))
    p.add_argument("--ground", action="append", metavar="KEY", type=non_empty,
                   help=_("a ground the case has (repeat for several; replaces those marked): major_public_interest "
                          "(涉及重大公共利益), complex (疑难复杂、涉及多个法律关系), required_by_law (法律、法规规定的其他情形) "
                          "for legal review; complex_circumstances (情节复杂), major_violation (重大违法行为) for "
                          "collective discussion"))
    p.add_argument("--clear", action="store_true", help=_("mark no ground"))
    p.set_defaults(handler=cmd_cases_review_grounds)
    p = cases_sub.add_parser("facts", parents=[common],
                             help=_("the facts established on a case that change the law applied to it: show them, or "
                                    "record them with --fact"))
    p.add_argument("case", type=non_empty, help=_("case id or case number"))
    _list_known_facts(p, p.add_argument("--fact", action="append", metavar="KEY", help=_(
        "a fact established (repeat for several; replaces those recorded): {facts}")))
    p.add_argument("--clear", action="store_true", help=_("record no fact"))
    p.set_defaults(handler=cmd_cases_facts)

    docs = sub.add_parser("docs", parents=[common], help=_("official documents"))
    docs_sub = docs.add_subparsers(dest="docs_command", required=True, metavar="ACTION")
    from workstation.leads_workflow import lead_form_titles

    try:  # the forms of ``leads_workflow.LEAD_FORMS``, as their files title them
        lead_titles = lead_form_titles()
    except WorkstationError:  # a form's events are checked against clocks.toml: a damaged one is said by the command
        lead_titles = _("the documents of a lead")  # that reads it, every other (--version, backups) still works
    p = docs_sub.add_parser("forms", parents=[common], help=_("list the document types"))
    p.set_defaults(handler=cmd_docs_forms)
    p = docs_sub.add_parser("fields", parents=[common],
                            help=_("list the fields of a document type, for a --values file"))
    p.add_argument("form", help=_("document type, see `docs forms`"))
    p.set_defaults(handler=cmd_docs_fields)
    p = docs_sub.add_parser("render", parents=[common], help=_(
        "render a draft of a case's or an interview's document, or (--document) write an issued document as issued"))
    p.add_argument("case", type=non_empty, nargs="?", help=_(
        "case id or case number; for an interview's document (约谈通知书, 约谈记录, 约谈纪要) the interview id, as "
        "`interviews list` prints it; for a lead's document ({titles}) the lead id (not with --document)").format(
        titles=lead_titles))
    p.add_argument("--form", help=_("document type, see `docs forms` (required unless --document is given)"))
    p.add_argument("--document", type=non_empty, metavar="DOCUMENT", help=_(
        "write the issued document of this id or 文号 (as `docs list` prints them) as it was issued instead of a "
        "draft: its PDF as issued, or its DOCX composed again from what it was issued with, as the window's "
        "Save PDF… and Save DOCX…; a voided or corrected one is written with a warning that it must not be served "
        "or relied on"))
    p.add_argument("--values", help=_("JSON file of field values overriding those taken from the case"))
    p.add_argument("--party", type=non_empty, help=_(
        "the id (or name) of the party the document is written for: a case with several "
        "parties needs it for a document addressed to one party (告知书, 决定书, 送达回证 …), "
        "as does a joint interview's 约谈记录"))
    p.add_argument("--format", choices=["pdf", "docx"],
                   help=_("file format (default: from the file's extension, else pdf)"))
    p.add_argument("-o", "--output", type=non_empty_path, required=True, help=_("file to write"))
    _force_option(p)
    p.set_defaults(handler=cmd_docs_render)
    p = docs_sub.add_parser("issue", parents=[common], help=_("issue a document: take its 文号 and freeze it"))
    p.add_argument("case", type=non_empty, help=_("case id or case number; for a lead's document ({titles}) the lead id").format(
        titles=lead_titles))
    p.add_argument("--form", required=True, help=_("document type, see `docs forms`"))
    p.add_argument("--values", help=_("JSON file of field values overriding those taken from the case"))
    p.add_argument("--supersedes", help=_("id or 文号 of the issued document this one corrects"))
    p.add_argument("--serial", type=plain_number, metavar="N",
                   help=_("issue with serial N of the sequence of the year of the date the document bears (its 落款, "
                          "as its 文号 takes it; a 文号 already taken on paper or in another system) when it is free: "
                          "never issued or voided, not in another station's number block"))
    p.add_argument("--skip-serials", action="store_true",
                   help=_("with --serial: confirm skipping the serials between the next 文号 and N (taken on paper or "
                          "in another system); a serial more than a few past the next one is refused without it"))
    p.add_argument("--party", type=non_empty, help=_(
        "the id (or name) of the party the document is issued to: a case with several "
        "parties needs it for a document addressed to one party (告知书, 决定书, 送达回证 …)"))
    p.add_argument("-o", "--output", type=non_empty_path, required=True, help=_("file to write"))
    _force_option(p)
    p.set_defaults(handler=cmd_docs_issue)
    p = docs_sub.add_parser("casefile", parents=[common], help=_("print the case file (卷宗) as one PDF"))
    p.add_argument("case", type=non_empty, help=_("case id or case number"))
    p.add_argument("-o", "--output", type=non_empty_path, required=True, help=_("file to write"))
    _force_option(p)
    p.set_defaults(handler=cmd_docs_casefile)
    p = docs_sub.add_parser("publication", parents=[common], help=_(
        "write the publication copy (公示版) of an issued 行政处罚决定书: its information summary, then its text with "
        "personal information masked"), description=_(
        "Write the publication copy (公示版) of an issued 行政处罚决定书: its information summary, then its text with "
        "personal information masked. As in the window's review, the names of natural persons the text suggests are "
        "masked unless given whole with --unmask (or left whole in the window's last review); the names kept from "
        "the last review are masked again."))
    p.add_argument("case", type=non_empty, help=_("case id or case number"))
    p.add_argument("--party", type=non_empty, help=_(
        "the id (or name) of the party whose decision is published: a case with several "
        "parties needs it"))
    p.add_argument("--format", choices=["docx", "txt"],
                   help=_("file format: docx, or txt to paste into the publication form (default: from the file's "
                          "extension, else docx)"))
    p.add_argument("--mask", action="append", default=[], metavar="NAME", help=_(
        "the name of a further natural person to mask, written only in the decision (repeat for each); kept with "
        "the decision and masked again in its later copies, with the names chosen in the window's review"))
    p.add_argument("--unmask", action="append", default=[], metavar="NAME", help=_(
        "a name to write whole from now on (repeat for each): one the text suggests, which is masked by default as "
        "the window ticks it, or one kept from the last review; kept with the decision as left whole (unticked in "
        "the window's review)"))
    p.add_argument("-o", "--output", type=non_empty_path, required=True, help=_("file to write"))
    _force_option(p)
    p.set_defaults(handler=cmd_docs_publication)
    p = docs_sub.add_parser("list", parents=[common], help=_("list a case's documents: drafts, issued, void, corrected"))
    p.add_argument("case", type=non_empty, help=_("case id or case number"))
    p.set_defaults(handler=cmd_docs_list)
    p = docs_sub.add_parser("register", parents=[common], help=_(
        "the register of issued documents (发文登记) of every case, lead and interview, newest first"))
    p.add_argument("--search", metavar="TEXT", default="",
                   help=_("only the documents whose 文号, title, case number or party contain TEXT"))
    p.add_argument("--state", choices=["issued", "void", "corrected", "lost"], default="",
                   help=_("only the documents standing, voided or replaced by a correction, or the 文号 taken before "
                          "a restore whose document is not here (lost)"))
    p.add_argument("--year", metavar="YYYY", default="", help=_(
        "only the documents dated in that year (the date each bears, as its 文号 takes it), whenever issued"))
    p.add_argument("--form", metavar="FORM", default="", help=_("only the documents of this type (see `docs forms`)"))
    p.add_argument("--agency", metavar="CODE", help=_("only the documents of this agency and its offices"))
    p.add_argument("-o", "--output", type=non_empty_path, help=_("write the register to this CSV file (UTF-8 with BOM) instead"))
    _force_option(p)
    p.set_defaults(handler=cmd_docs_register)
    p = docs_sub.add_parser("void", parents=[common], help=_("void an issued document (its 文号 too), saying why"))
    p.add_argument("document", type=non_empty, help=_("id or 文号 of the issued document"))
    p.add_argument("--reason", default="", help=_("why it is void (required; kept with it and its 文号)"))
    p.set_defaults(handler=cmd_docs_void)

    evidence = sub.add_parser("evidence", parents=[common], help=_("the evidence register of a case"))
    evidence_sub = evidence.add_subparsers(dest="evidence_command", required=True, metavar="ACTION")
    p = evidence_sub.add_parser("add", parents=[common], help=_("register a file as evidence of a case"))
    p.add_argument("case", type=non_empty, help=_("case id or case number"))
    p.add_argument("file", type=non_empty_path, help=_("the file to keep (photo, recording, customer list, chat export …)"))
    p.add_argument("--kind", help=_("kind of evidence: {keys} (default: the kind the file's type proposes, as the "
                                    "evidence dialog does)").format(keys=_keys_and_labels("evidence_kinds")))
    p.add_argument("--source", default="", help=_("where it was obtained"))
    p.add_argument("--collector", help=_("who collected it (default: the case's officers, as the evidence dialog "
                                         "proposes them)"))
    p.add_argument("--date", help=_("date it was collected (default: today)"))
    p.add_argument("--description", default="", help=_("what it shows"))
    p.add_argument("--recipient", default="", help=_("the person or unit the file shows the records were sold or "
                                                     "provided to, when it is a separate sale or provision"))
    p.set_defaults(handler=cmd_evidence_add)
    p = evidence_sub.add_parser("set", parents=[common],
                                help=_("change how an evidence item is described, or to whom it was provided"))
    p.add_argument("case", type=non_empty, help=_("case id or case number"))
    p.add_argument("evidence_id", type=non_empty, metavar="EVIDENCE_ID",
                   help=_("number of the evidence item in the case's register (as “evidence list” shows it) or its id"))
    p.add_argument("--kind", help=_("kind of evidence: {keys}").format(keys=_keys_and_labels("evidence_kinds")))
    p.add_argument("--source", help=_("where it was obtained"))
    p.add_argument("--collector", help=_("who collected it"))
    p.add_argument("--date", help=_("date it was collected"))
    p.add_argument("--description", help=_("what it shows"))
    p.add_argument("--recipient", help=_("the person or unit the item shows the records were sold or provided to "
                                         "(\"\" when it is not a separate sale or provision)"))
    _stated_options(p)
    p.set_defaults(handler=cmd_evidence_set)
    p = evidence_sub.add_parser("list", parents=[common], help=_("list the evidence of a case"))
    p.add_argument("case", type=non_empty, help=_("case id or case number"))
    p.set_defaults(handler=cmd_evidence_list)
    p = evidence_sub.add_parser("count", parents=[common],
                                help=_("count the distinct records of a spreadsheet into the case's record counts"))
    p.add_argument("case", type=non_empty, help=_("case id or case number"))
    p.add_argument("evidence_id", type=non_empty, metavar="EVIDENCE_ID",
                   help=_("number of the evidence item in the case's register (as “evidence list” shows it) or its id"))
    p.add_argument("--category", required=True, choices=["trace", "sensitive", "other"],
                   help=_("category of personal information (C trace, D sensitive, E other)"))
    _stated_options(p)
    p.set_defaults(handler=cmd_evidence_count)
    p = evidence_sub.add_parser("void", parents=[common], help=_(
        "void an evidence item registered by mistake, saying why: it keeps its number and is left out of the "
        "documents drafted from now on"))
    p.add_argument("case", type=non_empty, help=_("case id or case number"))
    p.add_argument("evidence_id", type=non_empty, metavar="EVIDENCE_ID",
                   help=_("number of the evidence item in the case's register (as “evidence list” shows it) or its id"))
    p.add_argument("--reason", default="", metavar="TEXT", help=_("why it is void (required; kept with the item)"))
    p.set_defaults(handler=cmd_evidence_void)
    p = evidence_sub.add_parser("unvoid", parents=[common], help=_(
        "restore an evidence item voided by mistake (its void undone): in force again under its number, its records "
        "counted again"))
    p.add_argument("case", type=non_empty, help=_("case id or case number"))
    p.add_argument("evidence_id", type=non_empty, metavar="EVIDENCE_ID",
                   help=_("number of the evidence item in the case's register (as “evidence list” shows it) or its id"))
    p.set_defaults(handler=cmd_evidence_unvoid)

    interviews = sub.add_parser("interviews", parents=[common], help=_("the register of administrative interviews"))
    interviews_sub = interviews.add_subparsers(dest="interviews_command", required=True, metavar="ACTION")
    p = interviews_sub.add_parser("list", parents=[common], help=_("list the interviews, overdue follow-ups marked"))
    p.add_argument("--as-of", metavar="DATE", help=_("count overdue follow-ups on this date instead of today"))
    p.add_argument("--search", metavar="TEXT", help=_("only the interviews whose party, subject, attendee, place, "
                                                      "texts, case number or document 文号 contain every word"))
    p.add_argument("--state", metavar="STATE",  # a key or its label (``_vocabulary_key``)
                   help=_("only the interviews scheduled (已安排), held (已约谈) or not attended by the party (当事人未到场)"))
    p.add_argument("--include-void", action="store_true",
                   help=_("list the voided interviews too (left out otherwise), marked with their reason"))
    p.set_defaults(handler=cmd_interviews_list)
    p = interviews_sub.add_parser("export", parents=[common], help=_(
        "write the interview register (约谈台账) as listed, with a 合计 row, to a CSV file (UTF-8 with BOM)"))
    p.add_argument("--state", metavar="STATE",  # a key or its label (``_vocabulary_key``)
                   help=_("only the interviews scheduled (已安排), held (已约谈) or not attended by the party (当事人未到场)"))
    p.add_argument("--search", metavar="TEXT", help=_("only the interviews whose party, subject, attendee, place, "
                                                      "texts, case number or document 文号 contain every word"))
    p.add_argument("-o", "--output", required=True, type=non_empty_path, help=_("file to write"))
    _force_option(p)
    p.set_defaults(handler=cmd_interviews_export)
    p = interviews_sub.add_parser("add", parents=[common], help=_(
        "schedule an interview (a date still to come) or record one held; prints its id"))
    p.add_argument("--party", type=non_empty, action="append", required=True, metavar="PARTY", help=_(
        "party interviewed: its id, unified social credit code, ID number or exact name; repeat for a joint "
        "interview"))
    p.add_argument("--date", required=True, help=_("date of the interview, YYYY-MM-DD"))
    p.add_argument("--time", default="", help=_("time of day it is held, e.g. 9:30 or 下午3时 (its notice prints it, "
                                                "and is not issued without it)"))
    p.add_argument("--place", default="", help=_("where it is held"))
    p.add_argument("--topics", default="", help=_("what the interview is about"))
    p.add_argument("--subject", help=_("short title (default: 约谈 and the parties' names)"))
    p.add_argument("--officer", action="append", default=[], metavar="NAME[:POST]",
                   help=_("an interviewing officer, e.g. 李明:科长; repeat for each"))
    p.add_argument("--recorder", metavar="NAME", help=_(
        "the officer who writes the 约谈记录 (记录人), listed with the bureau's staff; without it the second --officer "
        "is proposed"))
    p.add_argument("--attendee", action="append", default=[], metavar="NAME:ROLE[:ORGANISATION]", help=_(
        "a person of the party who attended, e.g. 王五:法定代表人; the organisation defaults to the only party; "
        "repeat for each"))
    p.add_argument("--provisions", default="", help=_("the provisions explained, one a line"))
    p.add_argument("--commitments", default="", help=_("what the parties committed to, one a line"))
    p.add_argument("--summary", default="", help=_("summary of the meeting"))
    # the period is the legal data's (thresholds.toml, a bureau's copy may change it): not read to build the parser
    p.add_argument("--deadline", metavar="DATE", help=_(
        "rectification deadline, YYYY-MM-DD (default for an interview held with --commitments: the working days "
        "after it of the legal data's interview_report_working_days, 15 as shipped)"))
    p.add_argument("--lead", help=_("the lead the interview is held because of: its id, or a phone number or "
                                    "business name found in one lead"))
    p.add_argument("--contact-phone", help=_("contact phone printed on the notice (default: the one of this "
                                             "agency's last interview)"))
    p.add_argument("--agency", metavar="CODE", help=_(
        "agency code (default: this station's agency; at headquarters without one, the city bureau; at a station "
        "without one, the agency of the first --officer in the officers' register, else of the officer named by "
        "WORKSTATION_ACTOR)"))
    p.add_argument("--allow-duplicate", action="store_true", help=_(
        "record the interview even though the register has one of the same agency, party, date and time (refused "
        "without it, as the window asks first)"))
    p.set_defaults(handler=cmd_interviews_add)
    p = interviews_sub.add_parser("held", parents=[common], help=_(
        "record that a scheduled interview was held, so that its 约谈记录 can be issued"))
    p.add_argument("interview", type=non_empty, help=_("interview id"))
    p.add_argument("--summary", help=_("summary of the meeting, in place of one recorded before (`interviews list` "
                                       "shows it)"))
    p.set_defaults(handler=cmd_interviews_held)
    p = interviews_sub.add_parser("absent", parents=[common], help=_(
        "record that the party summoned did not attend the interview (当事人未到场): it counts in the statistics as "
        "such and may be escalated to a case; it gets no 约谈记录"))
    p.add_argument("interview", type=non_empty, help=_("interview id"))
    p.add_argument("--on", metavar="DATE", help=_("the day the party was summoned for and did not come (default: the "
                                                  "interview's date, which it becomes)"))
    p.add_argument("--reason", default="", metavar="TEXT", help=_(
        "how the absence is known, e.g. 经送达通知书后未到场 (required; kept as the interview's summary)"))
    p.add_argument("--without-notice", action="store_true", help=_(
        "record the absence even though no 约谈通知书 or 送达回证 of the interview is on record (the notice was served "
        "otherwise, on paper or by telephone); without it that is refused, as the window asks first"))
    p.set_defaults(handler=cmd_interviews_absent)
    p = interviews_sub.add_parser("edit", parents=[common], help=_(
        "correct an interview in the register, as its editor in the window does (the same refusals); only the "
        "options given change"))
    p.add_argument("interview", type=non_empty, help=_("interview id"))
    p.add_argument("--date", help=_("date of the interview, YYYY-MM-DD"))
    p.add_argument("--time", help=_("time of day it is held, e.g. 9:30 (empty: none)"))
    p.add_argument("--place", help=_("where it is held"))
    p.add_argument("--topics", help=_("what the interview is about"))
    p.add_argument("--subject", help=_("short title"))
    p.add_argument("--deadline", metavar="DATE", help=_("rectification deadline, YYYY-MM-DD (empty: none)"))
    p.add_argument("--officer", action="append", default=[], metavar="NAME[:POST]", help=_(
        "an interviewing officer, e.g. 李明:科长; repeat for each: the officers given replace the interviewers "
        "recorded, the recorder (记录人) kept unless --recorder is given too"))
    p.add_argument("--recorder", metavar="NAME", help=_("the officer who writes the 约谈记录 (记录人), in place of the one "
                                                        "recorded"))
    p.add_argument("--attendee", action="append", default=[], metavar="NAME:ROLE[:ORGANISATION]", help=_(
        "a person of the party who attended; repeat for each: those given replace the party's attendees recorded"))
    p.add_argument("--provisions", help=_("the provisions explained, one a line"))
    p.add_argument("--commitments", help=_("what the parties committed to, one a line"))
    p.add_argument("--summary", help=_("summary of the meeting"))
    p.add_argument("--contact-phone", help=_("contact phone printed on the notice"))
    p.add_argument("--despite-issued", action="store_true", help=_(
        "change what an issued document printed all the same, a corrected document to be issued (the window asks "
        "first); without it that is refused"))
    p.set_defaults(handler=cmd_interviews_edit)
    p = interviews_sub.add_parser("void", parents=[common], help=_(
        "void an interview entered by mistake, saying why: it leaves the register, the statistics and the deadline "
        "board"))
    p.add_argument("interview", type=non_empty, help=_("interview id"))
    p.add_argument("--reason", default="", metavar="TEXT", help=_("why it is void (required; kept with the interview)"))
    p.set_defaults(handler=cmd_interviews_void)
    p = interviews_sub.add_parser("restore", parents=[common], help=_(
        "restore an interview voided by mistake: it comes back in the register, the statistics and the deadline "
        "board"))
    p.add_argument("interview", type=non_empty, help=_("interview id"))
    p.set_defaults(handler=cmd_interviews_restore)
    p = interviews_sub.add_parser("follow-up", parents=[common],
                                  help=_("record the follow-up of an interview's rectification"))
    p.add_argument("interview", type=non_empty, help=_("interview id"))
    p.add_argument("--on", required=True, metavar="DATE", help=_("the day the follow-up was made (today at the latest)"))
    p.add_argument("--result", required=True, metavar="TEXT", help=_("what the follow-up found"))
    p.add_argument("--party", type=non_empty, metavar="PARTY", help=_(
        "of a joint interview, the party this follow-up is about (its name, credit code or id); without it the "
        "follow-up is every party's"))
    p.add_argument("--outcome", choices=["rectified", "not_rectified", "unverified"], help=_(
        "what the follow-up established: rectified, not_rectified or unverified (could not be checked); without it "
        "rectified only when --result clearly says so, not_rectified when it says the rectification was not made, "
        "else unverified"))
    p.add_argument("--not-rectified", action="store_true", help=_("the same as --outcome not_rectified"))
    p.add_argument("--replace-own", action="store_true", help=_(
        "without --party: replace the follow-ups parties of a joint interview have of their own (refused "
        "without it, naming them)"))
    p.set_defaults(handler=cmd_interviews_follow_up)
    p = interviews_sub.add_parser("escalate", parents=[common],
                                  help=_("link an interview to the case opened because it was not rectified"))
    p.add_argument("interview", type=non_empty, help=_("interview id"))
    p.add_argument("case", type=non_empty, help=_("case id or case number; a case not filed (未立案) also by its party's name, or "
                                  "as messages name it: 未立案：当事人"))
    p.add_argument("--not-rectified", action="store_true",
                   help=_("the rectification was not made, though the follow-up recorded does not say so"))
    p.add_argument("--before-deadline", action="store_true",
                   help=_("escalate before the rectification deadline has passed (for instance because a new "
                          "violation was found); without it that is refused, as the window asks first"))
    p.set_defaults(handler=cmd_interviews_escalate)
    p = interviews_sub.add_parser("issue", parents=[common], help=_("issue a document of an interview"))
    p.add_argument("interview", type=non_empty, help=_("interview id"))
    p.add_argument("--form", required=True, help=_(
        "interview_notice, interview_delivery_receipt, interview_record or interview_minutes"))
    p.add_argument("--party", type=non_empty, help=_(
        "id, credit code, ID number or name (or a part of the name found in one party "
        "only) of the party the notice or record is written for: required when the "
        "interview has several parties (each gets its own), the only party otherwise"))
    p.add_argument("--values", help=_("JSON file of field values overriding those taken from the interview"))
    p.add_argument("-o", "--output", required=True, type=non_empty_path, help=_("file to write"))
    _force_option(p)
    p.set_defaults(handler=cmd_interviews_issue)

    publicity = sub.add_parser("publicity", parents=[common], help=_("the publicity log of the campaign"))
    publicity_sub = publicity.add_subparsers(dest="publicity_command", required=True, metavar="ACTION")
    p = publicity_sub.add_parser("add", parents=[common], help=_("record a publicity activity"))
    p.add_argument("--date", required=True, help=_("date of the activity, YYYY-MM-DD"))
    p.add_argument("--title", required=True, help=_("title of the activity"))
    p.add_argument("--kind", default="community", choices=_vocabulary_keys("publicity_kinds"), metavar="KIND",
                   help=_("kind of activity: {keys}").format(keys=_keys_and_labels("publicity_kinds")))
    p.add_argument("--agency", metavar="CODE", help=_(
        "agency code (default: this station's agency; at headquarters without one, the city bureau; at a station "
        "without one, the agency of the officer named by WORKSTATION_ACTOR in the officers' register)"))
    from workstation.store.publicity import COUNT_FIELDS, shown_figure_name

    for field in COUNT_FIELDS:  # named as the log names the figures: 宣传资料（份）, 提示短信（条）, 参与人数（人）
        p.add_argument(f"--{field}", default="0", metavar="N", help=shown_figure_name(field, unit=True))
    _allow_duplicate_option(p)
    p.set_defaults(handler=cmd_publicity_add)
    p = publicity_sub.add_parser("edit", parents=[common], help=_(
        "correct a publicity activity, as its editor in the window does: only the options given change"))
    p.add_argument("publicity", type=non_empty, metavar="ID", help=_("the activity's id (as `publicity list --json` gives it)"))
    p.add_argument("--date", help=_("date of the activity, YYYY-MM-DD"))
    p.add_argument("--title", help=_("title of the activity"))
    p.add_argument("--kind", choices=_vocabulary_keys("publicity_kinds"), metavar="KIND",
                   help=_("kind of activity: {keys}").format(keys=_keys_and_labels("publicity_kinds")))
    p.add_argument("--agency", metavar="CODE", help=_("the code of the agency that held the activity"))
    for field in COUNT_FIELDS:
        p.add_argument(f"--{field}", metavar="N", help=shown_figure_name(field, unit=True))
    _allow_duplicate_option(p)
    p.set_defaults(handler=cmd_publicity_edit)
    p = publicity_sub.add_parser("delete", parents=[common], help=_(
        "delete a publicity activity entered by mistake, with the reason: it is kept with the reason, and "
        "`publicity restore` brings it back (the audit log records the deletion)"))
    p.add_argument("publicity", type=non_empty, metavar="ID", help=_("the activity's id (as `publicity list --json` gives it)"))
    # checked by the command (exit 1, naming it), not by argparse (a usage error)
    p.add_argument("--reason", metavar="TEXT", help=_("why it is deleted (required)"))
    p.set_defaults(handler=cmd_publicity_delete)
    p = publicity_sub.add_parser("restore", parents=[common], help=_(
        "bring back a publicity activity deleted in error, with the fields it had, as the publicity log's "
        "Bring back deleted… does (as a new activity, with a new id)"))
    p.add_argument("publicity", type=non_empty, metavar="ID", help=_(
        "the deleted activity's id, as `publicity delete` said it or `publicity list --deleted` lists it"))
    _allow_duplicate_option(p)
    p.set_defaults(handler=cmd_publicity_restore)
    p = publicity_sub.add_parser("list", parents=[common], help=_("list the publicity activities of a period"))
    p.add_argument("--from", dest="date_from", help=_("first date, YYYY-MM-DD"))
    p.add_argument("--to", dest="date_to", help=_("last date, YYYY-MM-DD"))
    p.add_argument("--agency", metavar="CODE", help=_("only this agency and its offices"))
    p.add_argument("--own", action="store_true",
                   help=_("only the agency's own records, without those of the bureaus and offices under it "
                          "(needs --agency)"))
    p.add_argument("--deleted", action="store_true", help=_(
        "the activities deleted instead, the latest deleted first, each with why, when and by whom, and the "
        "activity that brought it back if one did (for `publicity restore`)"))
    p.set_defaults(handler=cmd_publicity_list)

    complaints = sub.add_parser("complaints", parents=[common], help=_("hotline and consumer-council complaints"))
    complaints_sub = complaints.add_subparsers(dest="complaints_command", required=True, metavar="ACTION")
    p = complaints_sub.add_parser("import", parents=[common],
                                  help=_("import complaint exports (.xlsx, .xls, .csv), each file whole or not at all"))
    p.add_argument("files", type=non_empty_path, nargs="+", metavar="FILE", help=_("export files of the hotline or consumer council"))
    p.add_argument("--profile", help=_("channel of the exports: 12345, consumer_council or 12315 (default: detected "
                                       "from the header)"))
    p.add_argument("--channel-despite-header", action="store_true",
                   help=_("keep the channel of --profile even for a file whose header is plainly another channel's "
                          "export (refused without it)"))
    p.add_argument("--dry-run", action="store_true", help=_("check the files, change nothing"))
    p.set_defaults(handler=cmd_complaints_import, creates_data=True, json_refusal=_complaints_import_refused)
    p = complaints_sub.add_parser("correct", parents=[common],
                                  help=_("correct screening's verdict on one complaint and its copies from other "
                                         "channels (kept when screening runs again), or restore screening's own "
                                         "with --clear"))
    p.add_argument("complaint", type=non_empty, metavar="ID", help=_("the complaint's id or work-order number"))
    verdict = p.add_mutually_exclusive_group(required=True)
    verdict.add_argument("--related", dest="verdict", action="store_const", const="related",
                         help=_("it concerns personal information"))
    verdict.add_argument("--not-related", dest="verdict", action="store_const", const="unrelated",
                         help=_("it does not concern personal information (it leaves its lead unless the lead is "
                                "decided)"))
    verdict.add_argument("--clear", dest="verdict", action="store_const", const="clear",
                         help=_("remove the officer's verdict: screening's own applies again"))
    p.add_argument("--reason", default="", metavar="TEXT", help=_(
        "why (required with --related or --not-related; not with --clear, which keeps no reason)"))
    p.add_argument("--category", metavar="KEY_OR_LABEL", help=_(
        "with --related: the category it is in (a key or a label of the screening rules, 骚扰电话), kept whatever the "
        "rules read (default: the category the rules read, else their fallback category)"))
    p.add_argument("--officer", metavar="NAME_OR_CERT",
                   help=_("the officer correcting it, by name or enforcement certificate number, recorded with the "
                          "verdict and in the audit log (default: with encrypted data, the officer whose passphrase "
                          "opened it, and naming another officer is refused; with unencrypted data, the officer "
                          "WORKSTATION_ACTOR names, else no officer)"))
    p.set_defaults(handler=cmd_complaints_correct)
    p = complaints_sub.add_parser("imports", parents=[common],
                                  help=_("list the complaint files imported here, newest first (the import history)"))
    p.set_defaults(handler=cmd_complaints_imports)
    p = complaints_sub.add_parser("withdraw-file", parents=[common], help=_(
        "take back one file's import: its complaints are removed, and the leads screening made from them alone; "
        "refused once a bundle was written after it or when a lead of them was acted on"))
    p.add_argument("file", type=non_empty, metavar="FILE_OR_TIME", help=_(
        "the file's name as imported, or the time of its import as `complaints imports` lists it"))
    p.add_argument("--officer", metavar="NAME_OR_CERT",
                   help=_("the officer withdrawing it, by name or enforcement certificate number, recorded in the "
                          "audit log (default: with encrypted data, the officer whose passphrase opened it, and "
                          "naming another officer is refused; with unencrypted data, the officer WORKSTATION_ACTOR "
                          "names, else no officer)"))
    p.set_defaults(handler=cmd_complaints_withdraw_file)

    leads = sub.add_parser("leads", parents=[common], help=_("leads screened from complaints or registered by hand"))
    leads_sub = leads.add_subparsers(dest="leads_command", required=True, metavar="ACTION")
    p = leads_sub.add_parser("list", parents=[common], help=_(
        "list the leads, newest received first: id, day received, business, state and the day to decide by (T1)"))
    p.add_argument("--state", choices=_lead_states(), help=_(
        "only the leads in this state: registered (已登记), assigned (已交办), filing (立案中: its case awaits "
        "filing), filed (已立案), not_filed (不予立案) or referred (已移送)"))
    p.add_argument("--search", metavar="TEXT", help=_(
        "only the leads whose numbers, business or description contain every word, as the leads page finds them (a "
        "number however written, or masked as lists show it: 130****9670)"))
    p.add_argument("--limit", type=whole_number, default=0, help=_("at most this many leads (0: all)"))
    p.set_defaults(handler=cmd_leads_list)
    p = leads_sub.add_parser("screen", parents=[common],
                             help=_("screen the imported complaints, group related ones into leads"))
    p.add_argument("--all", dest="everything", action="store_true",
                   help=_("screen every complaint again, not only those not screened yet"))
    _officer_option(p, registers=True)
    p.set_defaults(handler=cmd_leads_screen)
    p = leads_sub.add_parser("add", parents=[common], help=_("register a lead received otherwise than in a complaint "
                                                             "export (a report, a referral, an inspection finding)"))
    p.add_argument("--source", required=True, help=_("where the lead came from: {keys}").format(
        keys=_keys_and_labels("lead_sources")))
    p.add_argument("--received", required=True, metavar="TIME",
                   help=_("when it was received, such as 2026-11-30T10:00 (not in the future)"))
    p.add_argument("--description", required=True, metavar="TEXT", help=_("what was reported or found"))
    p.add_argument("--party", metavar="NAME|ID",
                   help=_("whom the lead is about: a party's id or name, or just a name not in the register"))
    p.add_argument("--agency", metavar="CODE", help=_("agency holding the lead (default: this station's agency; "
                                                      "at headquarters without one, the city bureau)"))
    p.add_argument("--complainant-phone", metavar="NUMBER", default="",
                   help=_("the reporter's telephone number (masked in lists)"))
    p.add_argument("--reporter-name", metavar="NAME", default="", help=_(
        "the reporter's name (masked in lists): with a phone or an address it makes a named report (实名举报: T24)"))
    p.add_argument("--reporter-address", metavar="TEXT", default="",
                   help=_("the reporter's postal address, where the result is posted (masked in lists)"))
    p.add_argument("--target-phone", metavar="NUMBER", default="",
                   help=_("the number complained of, which called or texted (several separated by spaces or 、; "
                          "masked in lists)"))
    p.add_argument("--sector", help=_("the lead's sector (default: the one the screening rules suggest for the "
                                      "description): {keys}").format(keys=_keys_and_labels("sectors")))
    _officer_option(p, registers=True)
    p.set_defaults(handler=cmd_leads_add)
    p = leads_sub.add_parser("edit", parents=[common], help=_(
        "correct a lead registered by hand while it is undecided: only the options given change (an empty value "
        "clears a party or a number)"))
    p.add_argument("lead", type=non_empty, metavar="LEAD_ID", help=_("the lead's id"))
    p.add_argument("--source", help=_("where the lead came from: {keys}").format(keys=_keys_and_labels("lead_sources")))
    p.add_argument("--received", metavar="TIME",
                   help=_("when it was received, such as 2026-11-30T10:00 (not in the future)"))
    p.add_argument("--description", metavar="TEXT", help=_("what was reported or found"))
    p.add_argument("--party", metavar="NAME|ID",
                   help=_("whom the lead is about: a party's id or name, or just a name not in the register"))
    p.add_argument("--agency", metavar="CODE", help=_("the code of the agency holding the lead (not yet assigned)"))
    p.add_argument("--complainant-phone", metavar="NUMBER", help=_("the reporter's telephone number (masked in lists)"))
    p.add_argument("--reporter-name", metavar="NAME", help=_(
        "the reporter's name (masked in lists): with a phone or an address it makes a named report (实名举报: T24)"))
    p.add_argument("--reporter-address", metavar="TEXT",
                   help=_("the reporter's postal address, where the result is posted (masked in lists)"))
    p.add_argument("--target-phone", metavar="NUMBER",
                   help=_("the number complained of, which called or texted (several separated by spaces or 、; "
                          "masked in lists)"))
    p.add_argument("--sector", help=_("the lead's sector (kept unless it was the one suggested for the description, "
                                      "which follows a corrected description): {keys}").format(
        keys=_keys_and_labels("sectors")))
    _officer_option(p)
    p.set_defaults(handler=cmd_leads_edit)
    p = leads_sub.add_parser("told", parents=[common],
                             help=_("record the day the named reporter of a lead filed or not filed was told (T24)"))
    p.add_argument("lead", type=non_empty, metavar="LEAD", help=_("the lead's id"))
    p.add_argument("--date", required=True, metavar="DATE",
                   help=_("the day the reporter was told (not before the decision, not in the future); with "
                          "--declined, the day the reporter asked not to be told"))
    p.add_argument("--how", choices=("phone", "letter", "sms"), default=None,
                   help=_("how the reporter was told: phone, letter or sms (with --correct, default: the way "
                          "recorded)"))
    p.add_argument("--correct", action="store_true", help=_(
        "replace the day and way recorded (the reporter is told once: another record is refused without it)"))
    p.add_argument("--declined", action="store_true", help=_(
        "record instead that the reporter asked not to be told of the outcome (with --reason: how they said it): "
        "T24 then does not apply"))
    p.add_argument("--reason", default="", metavar="TEXT", help=_(
        "with --correct: why the record is corrected (required; kept in the lead's history); with --declined: how "
        "the reporter asked not to be told (required)"))
    _officer_option(p)
    p.set_defaults(handler=cmd_leads_told)
    p = leads_sub.add_parser("assign", parents=[common], help=_("assign a lead to a district bureau or town office "
                                                                "(交办), or re-assign it"))
    p.add_argument("lead", type=non_empty, metavar="LEAD", help=_("the lead's id"))
    p.add_argument("--agency", required=True, metavar="CODE", help=_("the code of the bureau or office it goes to"))
    p.add_argument("--date", metavar="DATE", help=_("the day it is assigned (default: today)"))
    p.add_argument("--reason", default="", metavar="TEXT",
                   help=_("why a lead already assigned is re-assigned (required then; kept with its earlier "
                          "assignment)"))
    _officer_option(p)
    p.set_defaults(handler=cmd_leads_assign)
    p = leads_sub.add_parser("decide", parents=[common], help=_(
        "decide a lead as the window does: --file opens its case (filed with the procedure), --not-file records "
        "the decision not to file, --refer issues its 案件移送函"))
    p.add_argument("lead", type=non_empty, metavar="LEAD", help=_("the lead's id"))
    decision = p.add_mutually_exclusive_group(required=True)
    decision.add_argument("--file", dest="decision", action="store_const", const="file", help=_(
        "open the lead's case, pending filing (立案中): the lead is decided when that case is filed or not filed "
        "(`cases transition CASE file`)"))
    decision.add_argument("--not-file", dest="decision", action="store_const", const="not_file",
                          help=_("decide not to file it (不予立案): --reason is required"))
    decision.add_argument("--refer", dest="refer_to", metavar="AGENCY", help=_(
        "refer it to the competent agency named: its 案件移送函 is issued to that agency and written to -o, and "
        "the lead is referred on the letter's day"))
    p.add_argument("--date", metavar="DATE", help=_(
        "the day it is decided, not before the lead was received or assigned (default: today); with --refer, the "
        "letter's date"))
    p.add_argument("--reason", metavar="TEXT", help=_(
        "why it is not filed (required with --not-file); with --refer, why it is not within this bureau's "
        "jurisdiction (default: the letter's own)"))
    p.add_argument("--party", metavar="NAME|ID", help=_(
        "with --file: the party of its case, a party's id or exact name in the register (needed when the lead "
        "names no business and no telephone number)"))
    p.add_argument("--values", help=_("with --refer: JSON file of the letter's field values (`docs fields "
                                      "case_transfer_letter`), such as its contact_person"))
    p.add_argument("-o", "--output", type=non_empty_path, help=_("with --refer: the PDF of the letter to write"))
    _force_option(p)
    _officer_option(p)
    p.set_defaults(handler=cmd_leads_decide)
    p = leads_sub.add_parser("extend", parents=[common], help=_(
        "record the approved extension of a lead's verification period (T1, 延长核查期限), or correct it"))
    p.add_argument("lead", type=non_empty, metavar="LEAD", help=_("the lead's id"))
    p.add_argument("--days", type=whole_number, metavar="N",
                   # the clock rules are not read to build the parser: a damaged clocks.toml leaves every other
                   # command (--version, --help, backups) working
                   help=_("by how many working days it is extended (default: the extension the rules give T1, as "
                          "the extension dialog proposes)"))
    p.add_argument("--approved-on", metavar="DATE",
                   help=_("the day the extension was approved (default: today)"))
    p.add_argument("--approved-by", default="", metavar="NAME", help=_(
        "who approved it (the head of the bureau): required"))
    p.add_argument("--correct", action="store_true", help=_(
        "replace the extension recorded (the rules allow one extension: another is refused without it)"))
    _officer_option(p)
    p.set_defaults(handler=cmd_leads_extend)

    p = sub.add_parser("fonts", parents=[common], help=_("which font face serves each style of the documents"))
    p.set_defaults(handler=cmd_fonts)

    p = sub.add_parser("clocks", parents=[common], help=_("statutory deadlines of the open cases"))
    p.add_argument("--due-within", type=whole_number, metavar="N",
                   help=_("only deadlines due within N days (overdue ones included)"))
    p.add_argument("--case", metavar="CASE", help=_("every deadline of one case (id or case number)"))
    p.add_argument("--agency", metavar="CODE", help=_("only cases of this agency and its offices"))
    p.add_argument("--officer", metavar="NAME", help=_(
        "only the cases this officer handles and the interviews the officer held, by name or enforcement certificate "
        "number, as the 期限 tab's officer filter (leads, a bureau's, are then left out)"))
    p.add_argument("--as-of", metavar="DATE", help=_(
        "count today's records as of this date instead of today: for looking ahead, not to reconstruct the past (a "
        "clock that started after that date is counted as running then)"))
    p.set_defaults(handler=cmd_clocks)
    clocks_sub = p.add_subparsers(dest="clocks_command", metavar="ACTION", help=_(
        "record, events, end, correct, remove or restore (a case's clock events); without it, the deadlines are "
        "listed"))
    _clock_event_parsers(clocks_sub, common)

    station = sub.add_parser("station", parents=[common], help=_("this station's identity and the stations it trusts"))
    station_sub = station.add_subparsers(dest="station_command", metavar="ACTION")
    station.set_defaults(handler=cmd_station_show)
    p = station_sub.add_parser("show", parents=[common], help=_("this station's id, name, agency and key fingerprint"))
    p.set_defaults(handler=cmd_station_show)
    p = station_sub.add_parser("export", parents=[common],
                               help=_("write this station's public card (for headquarters to trust)"))
    p.add_argument("-o", "--output", type=non_empty_path, required=True, help=_("file to write"))
    _force_option(p)
    p.set_defaults(handler=cmd_station_export)
    p = station_sub.add_parser("trust", parents=[common],
                               help=_("trust a station's signing key, from its card or from a bundle it signed"))
    p.add_argument("file", type=non_empty_path, metavar="FILE", help=_("station card or bundle"))
    p.add_argument("--fingerprint", help=_("the fingerprint the station read out; refused if it differs"))
    p.set_defaults(handler=cmd_station_trust)
    p = station_sub.add_parser("untrust", parents=[common],
                               help=_("withdraw trust in a station's key (a lost or replaced laptop): its bundles are "
                                      "refused from then on"))
    p.add_argument("station", type=non_empty, metavar="ID|NAME", help=_("the station's id or name (see station list)"))
    p.add_argument("--reason", help=_("why, kept in the audit log (e.g. laptop lost)"))
    p.set_defaults(handler=cmd_station_untrust)
    p = station_sub.add_parser("headquarters", parents=[common],
                               help=_("encrypt this station's bundles to headquarters' key, from its card"))
    p.add_argument("file", type=non_empty_path, metavar="FILE", help=_("headquarters' station card"))
    p.add_argument("--fingerprint", help=_(
        "the fingerprint headquarters read out; refused if it differs, and needed to replace a key set already"))
    p.set_defaults(handler=cmd_station_headquarters)
    p = station_sub.add_parser("list", parents=[common], help=_("the stations known here"))
    p.set_defaults(handler=cmd_station_list)
    p = station_sub.add_parser("role", parents=[common],
                               help=_("show this installation's role, or set it: headquarters or station"))
    p.add_argument("role", nargs="?", choices=("headquarters", "station"), metavar="ROLE",
                   help=_("headquarters or station (omit to show the role)"))
    p.set_defaults(handler=cmd_station_role)
    p = station_sub.add_parser("details", parents=[common],
                               help=_("show or set the bureau's contact telephone, address and payment account its "
                                      "documents print"))
    p.add_argument("--agency", metavar="CODE", help=_(
        "the agency's code (default: this station's agency); a town office sets only its own telephone and "
        "address, its payment account being its district bureau's"))
    for option, what in (("--contact-phone", _("telephone for the party's statement, defence and hearing request")),
                         ("--contact-address", _("address for the party's statement, defence and hearing request")),
                         ("--bank", _("bank the fines are paid into")), ("--account-name", _("name of the account")),
                         ("--account-number", _("account number")),
                         ("--e-payment", _("how to pay electronically, one sentence"))):
        p.add_argument(option, help=what + _(" (an empty value clears it)"))
    p.add_argument("--doc-abbrev", metavar="ABBREV", help=_(
        "the bureau's 文号 abbreviation, such as 佛南市监 (its town offices number with it; its case numbers go on "
        "after those written with the one before)"))
    p.set_defaults(handler=cmd_station_details)

    bundle = sub.add_parser("bundle", parents=[common], help=_("signed case bundles between stations and headquarters"))
    bundle_sub = bundle.add_subparsers(dest="bundle_command", required=True, metavar="ACTION")
    p = bundle_sub.add_parser("export", parents=[common], help=_("write a signed case bundle (default: everything "
                                                                 "changed since the last export)"))
    p.add_argument("-o", "--output", type=non_empty_path, required=True, help=_("file to write"))
    _force_option(p)
    scope = p.add_mutually_exclusive_group()
    scope.add_argument("--all", dest="everything", action="store_true", help=_("every record, not only the changes"))
    scope.add_argument("--case", dest="cases", action="extend", nargs="+", metavar="CASE",
                       help=_("only these cases (ids or case numbers); may be repeated"))
    crypt = p.add_mutually_exclusive_group()
    crypt.add_argument("--encrypt", dest="encrypt", action="store_const", const=True, default=None,
                       help=_("encrypt to headquarters' key (the default when it is set)"))
    crypt.add_argument("--plain", dest="encrypt", action="store_const", const=False,
                       help=_("do not encrypt, even when headquarters' key is set"))
    p.add_argument("--for", dest="for_station", metavar="STATION",
                   help=_("headquarters: the station this hand-out is for (its name or id; needed when more than one "
                          "station is trusted): only its records, encrypted to its key"))
    p.set_defaults(handler=cmd_bundle_export)
    p = bundle_sub.add_parser("verify", parents=[common], help=_("check signature, hashes and format without importing"))
    p.add_argument("file", type=non_empty_path, metavar="FILE", help=_("the case bundle"))
    p.set_defaults(handler=cmd_bundle_verify, json_refusal=_bundle_verify_refused)
    p = bundle_sub.add_parser("import", parents=[common], help=_("verify, then merge in one transaction"))
    p.add_argument("file", type=non_empty_path, metavar="FILE", help=_("the case bundle"))
    p.add_argument("--dry-run", action="store_true", help=_("show what would change, change nothing"))
    p.add_argument("--trust", action="store_true",
                   help=_("trust the signing station's key (first bundle of a station, or a key changed on purpose)"))
    p.add_argument("--take-agency", action="store_true",
                   help=_("take the new agency a trusted station's bundle names for it (its hand-outs then hold that "
                          "agency's records); without it the agency held here is kept, with a warning"))
    p.set_defaults(handler=cmd_bundle_import, creates_data=True)
    p = bundle_sub.add_parser("conflicts", parents=[common], help=_("fields changed both here and at a station"))
    p.set_defaults(handler=cmd_bundle_conflicts)
    p = bundle_sub.add_parser("resolve", parents=[common], help=_("resolve a conflict"))
    p.add_argument("conflict", type=non_empty, metavar="ID", help=_("conflict id (see `bundle conflicts`)"))
    side = p.add_mutually_exclusive_group(required=True)
    side.add_argument("--keep-local", action="store_true", help=_("keep the value held here"))
    side.add_argument("--take-incoming", action="store_true", help=_("take the station's value"))
    p.set_defaults(handler=cmd_bundle_resolve)

    report = sub.add_parser("report", parents=[common], help=_("the campaign progress report and its frozen periods"))
    report_sub = report.add_subparsers(dest="report_command", required=True, metavar="ACTION")
    p = report_sub.add_parser("campaign", parents=[common],
                              help=_("write the campaign progress report with its tables and charts"))
    p.add_argument("--format", choices=["pdf", "docx", "xlsx"],
                   help=_("file format (default: from the file's extension, else pdf)"))
    p.add_argument("-o", "--output", type=non_empty_path, required=True, help=_("file to write"))
    _force_option(p)
    p.add_argument("--from", dest="date_from", help=_("first date of the period, YYYY-MM-DD"))
    p.add_argument("--to", dest="date_to", help=_("last date of the period, YYYY-MM-DD"))
    p.add_argument("--agency", metavar="CODE", help=_("only this agency and its offices"))
    p.add_argument("--own", action="store_true",
                   help=_("only the agency's own records, without those of the bureaus and offices under it "
                          "(needs --agency)"))
    p.add_argument("--period", metavar="LABEL",
                   help=_("print again the report of a frozen period, exactly as it was sent"))
    p.add_argument("--freeze", metavar="LABEL", help=_("freeze the figures under this label, then write the report"))
    p.set_defaults(handler=cmd_report_campaign)
    p = report_sub.add_parser("periods", parents=[common], help=_("list the frozen report periods"))
    p.set_defaults(handler=cmd_report_periods)

    security = sub.add_parser("security", parents=[common], help=_("encryption of the data and the officers' "
                                                                    "passphrases"))
    security_sub = security.add_subparsers(dest="security_command", required=True, metavar="ACTION")
    p = security_sub.add_parser("status", parents=[common], help=_("whether the data is encrypted, and for whom"))
    p.set_defaults(handler=cmd_security_status)
    p = security_sub.add_parser("encrypt", parents=[common],
                                help=_("encrypt a plaintext data directory (the passphrase becomes the first one)"))
    p.add_argument("--officer", help=_("whose passphrase it is (default: the workstation's passphrase, until an "
                                       "officer takes it over with `init --officer`)"))
    p.set_defaults(handler=cmd_security_encrypt)
    p = security_sub.add_parser("add-officer", parents=[common],
                                help=_("give another officer a passphrase of their own"))
    p.add_argument("officer", type=non_empty, metavar="NAME", help=_("the officer's name"))
    p.add_argument("--new-passphrase-file", required=True, help=_("file holding the new officer's passphrase"))
    p.set_defaults(handler=cmd_security_add_officer)
    p = security_sub.add_parser("remove-officer", parents=[common],
                                help=_("withdraw an officer's passphrase (not the last one that opens the data)"))
    p.add_argument("officer", type=non_empty, metavar="NAME", help=_("the officer's name"))
    p.set_defaults(handler=cmd_security_remove_officer)
    p = security_sub.add_parser("change-passphrase", parents=[common],
                                help=_("change an officer's passphrase (the data is not re-encrypted)"))
    p.add_argument("--officer", help=_("whose passphrase (default: the one the current passphrase opens)"))
    p.add_argument("--new-passphrase-file", required=True, help=_("file holding the new passphrase"))
    p.set_defaults(handler=cmd_security_change_passphrase)

    backup = sub.add_parser("backup", parents=[common], help=_("backups of the database and stored files"))
    backup_sub = backup.add_subparsers(dest="backup_command", required=True, metavar="ACTION")
    p = backup_sub.add_parser("create", parents=[common], help=_("back up the database and the stored files now"))
    p.add_argument("--folder", help=_("folder of the backups (remembered; default: the data directory's backups)"))
    p.add_argument("--keep", help=_("how many backups of this station to keep (remembered; default 7)"))
    p.set_defaults(handler=cmd_backup_create)
    p = backup_sub.add_parser("list", parents=[common], help=_("list the backups, newest first"))
    p.add_argument("--folder", help=_("folder of the backups (default: the one chosen)"))
    p.set_defaults(handler=cmd_backup_list)
    p = backup_sub.add_parser("verify", parents=[common], help=_("check every hash of a backup without restoring it"))
    p.add_argument("backup", type=non_empty, metavar="ID", help=_("backup id (see `backup list`) or file"))
    p.add_argument("--folder", help=_("folder of the backups (default: the one chosen)"))
    p.set_defaults(handler=cmd_backup_verify)
    p = backup_sub.add_parser("restore", parents=[common],
                              help=_("replace the data with a backup (the current data is kept in backups/replaced-…)"))
    p.add_argument("backup", type=non_empty, metavar="ID", help=_("backup id (see `backup list`) or file"))
    p.add_argument("--folder", help=_("folder of the backups (default: the one chosen)"))
    p.add_argument("--plaintext", action="store_true",
                   help=_("restoring an unencrypted backup into a new data directory: keep it unencrypted on purpose "
                          "(without it, a passphrase is needed to encrypt it)"))
    p.add_argument("--keyring-only", action="store_true",
                   help=_("keyring.json lost: put back only the backup's keyring (checked to open the database here), "
                          "keeping the data and the work since the backup; give a passphrase of when the backup was "
                          "made"))
    p.set_defaults(handler=cmd_backup_restore, creates_data=True)
    p = backup_sub.add_parser("replaced", parents=[common],
                              help=_("list the data kept aside by restores (backups/replaced-…), newest first"))
    p.set_defaults(handler=cmd_backup_replaced)
    p = backup_sub.add_parser("put-back", parents=[common],
                              help=_("undo a restore: put back data kept aside by it (the current data is kept "
                                     "aside in turn)"))
    p.add_argument("name", type=non_empty, metavar="NAME", help=_("the kept data's name (see `backup replaced`)"))
    p.set_defaults(handler=cmd_backup_put_back)
    p = backup_sub.add_parser("remove-replaced", parents=[common],
                              help=_("remove data kept aside by a restore that is no longer needed (it may hold work "
                                     "no backup holds: this cannot be undone)"))
    p.add_argument("name", type=non_empty, metavar="NAME", help=_("the kept data's name (see `backup replaced`)"))
    p.set_defaults(handler=cmd_backup_remove_replaced)
    p = backup_sub.add_parser("compact", parents=[common],
                              help=_("give the database file's free pages back to the disk (once, e.g. after the "
                                     "upgrade that packed the shared versions)"))
    p.set_defaults(handler=cmd_backup_compact)
    p = backup_sub.add_parser("check", parents=[common], help=_("check the database (quick, or --full)"))
    p.add_argument("--full", action="store_true",
                   help=_("also foreign keys, the search indexes, the whole audit log and every stored file"))
    p.add_argument("--rebuild-index", action="store_true",
                   help=_("first rebuild the search indexes from the records (when the full check finds one that "
                          "does not match them)"))
    p.add_argument("--remove-unnamed", action="store_true",
                   help=_("first remove the stored files no record names (left by a program stopped while adding "
                          "them)"))
    p.set_defaults(handler=cmd_backup_check)

    audit = sub.add_parser("audit", parents=[common], help=_("audit log"))
    audit_sub = audit.add_subparsers(dest="audit_command", required=True, metavar="ACTION")
    p = audit_sub.add_parser("verify", parents=[common], help=_("check the hash chain of the audit log"))
    p.set_defaults(handler=cmd_audit_verify)
    p = audit_sub.add_parser("exports", parents=[common],
                             help=_("the bundles exported here: which cases went where, when and by whom"))
    p.add_argument("--case", metavar="CASE", help=_("only the bundles that carried this case (its number or id)"))
    p.set_defaults(handler=cmd_audit_exports)
    p = audit_sub.add_parser("list", parents=[common],
                             help=_("the entries of the audit log, newest first: when, who, what was done to which "
                                    "record"))
    p.add_argument("--entity", metavar="ENTITY",
                   help=_("only the entries of this kind of record, by its key as --json gives it (case, lead, "
                          "document, security …) or its label as the list shows it"))
    p.add_argument("--action", metavar="ACTION",
                   help=_("only the entries of this action, by its key as --json gives it (create, update, issue, "
                          "decide …) or its label as the list shows it"))
    p.add_argument("--since", metavar="DATE", help=_("only the entries from this day on (YYYY-MM-DD, Beijing time)"))
    p.add_argument("--limit", type=whole_number, default=50, metavar="N",
                   help=_("at most this many entries, the newest (default 50; 0: all)"))
    p.set_defaults(handler=cmd_audit_list)

    calendar = sub.add_parser("calendar", parents=[common], help=_("Chinese working days and holidays"))
    calendar_sub = calendar.add_subparsers(dest="calendar_command", required=True, metavar="ACTION")
    p = calendar_sub.add_parser("add-workdays", parents=[common],
                                help=_("the N-th working day after DATE (before it if N is negative)"))
    p.add_argument("date", metavar="DATE", help=_("start date, YYYY-MM-DD; it is not counted"))
    p.add_argument("n", metavar="N", help=_("number of working days"))
    p.set_defaults(handler=cmd_calendar_add_workdays)
    p = calendar_sub.add_parser("import", parents=[common],
                                help=_("check a yearly holiday file (.toml) and add it to the calendar folder as "
                                       "<year>.toml"))
    p.add_argument("file", type=non_empty_path, metavar="FILE", help=_("the yearly holiday file, in the format of resources/calendar"))
    p.add_argument("--replace", action="store_true",
                   help=_("replace the file that already gives that year's holidays"))
    p.set_defaults(handler=cmd_calendar_import)
    p = calendar_sub.add_parser("remove", parents=[common],
                                help=_("take the holiday file of YEAR out of the calendar folder"))
    p.add_argument("year", metavar="YEAR", help=_("the year whose file <year>.toml is removed, e.g. 2027"))
    p.set_defaults(handler=cmd_calendar_remove)
    p = calendar_sub.add_parser("list", parents=[common],
                                help=_("the years with holiday data and where each comes from; with YEAR, its "
                                       "holidays and make-up working days"))
    p.add_argument("year", metavar="YEAR", nargs="?", help=_("one year, e.g. 2027"))
    p.add_argument("--template", type=non_empty_path, metavar="FILE",
                   help=_("with YEAR: write a commented holiday file of that year to FILE (UTF-8, never over a file "
                          "there), to fill in from the State Council's notice, then add with calendar import FILE"))
    p.set_defaults(handler=cmd_calendar_list)

    law = sub.add_parser("law", parents=[common], help=_("legal thresholds and rules"))
    law_sub = law.add_subparsers(dest="law_command", required=True, metavar="ACTION")
    p = law_sub.add_parser("criminal", parents=[common],
                           help=_("whether records and gains reach the criminal thresholds (transfer to police)"))
    p.add_argument("--trace", default="0", metavar="N",
                   help=_("records of whereabouts, communication content, credit or property (category C)"))
    p.add_argument("--sensitive", default="0", metavar="N",
                   help=_("records of lodging, call logs, health or transactions (category D)"))
    p.add_argument("--other", default="0", metavar="N", help=_("other personal information records (category E)"))
    p.add_argument("--gains", default="0", metavar="YUAN", help=_("illegal gains in yuan"))
    p.add_argument("--duty", action="store_true",
                   help=_("the information was obtained while performing duties or providing services, and "
                          "sold or provided"))
    p.add_argument("--prior", action="store_true",
                   help=_("punished for this before: criminally, or administratively within two years"))
    p.add_argument("--lawful-business", action="store_true",
                   help=_("bought or received only for lawful business (other information, category E, only): art. 6 "
                          "of the interpretation, by the profit"))
    p.set_defaults(handler=cmd_law_criminal)
    p = law_sub.add_parser("files", parents=[common],
                           help=_("the legal data files: whether the bureau's own copy or the shipped one is in force, "
                                  "and their problems"))
    p.set_defaults(handler=cmd_law_files)
    p = law_sub.add_parser("copy", parents=[common],
                           help=_("copy a shipped legal data file into the law folder of the data directory, to edit"))
    p.add_argument("name", metavar="NAME", help=_("the file, without .toml: catalogue, clocks, criminal, discretion or "
                                                  "thresholds"))
    p.add_argument("--force", action="store_true", help=_("replace the bureau's copy already there (kept aside as "
                                                          "law/NAME.<time>.toml)"))
    p.set_defaults(handler=cmd_law_copy)
    p = law_sub.add_parser("reset", parents=[common],
                           help=_("remove the bureau's copy of a legal data file, kept aside as law/NAME.<time>.toml: "
                                  "the shipped one is used again"))
    p.add_argument("name", metavar="NAME", help=_("the file, without .toml: catalogue, clocks, criminal, discretion or "
                                                  "thresholds"))
    p.set_defaults(handler=cmd_law_reset)

    numbers = sub.add_parser("numbers", parents=[common], help=_("文号 number blocks (号段) allocated by headquarters"))
    numbers_sub = numbers.add_subparsers(dest="numbers_command", required=True, metavar="ACTION")
    p = numbers_sub.add_parser("blocks", parents=[common], help=_("list the number blocks known here"))
    p.set_defaults(handler=cmd_numbers_blocks)
    for name, text in (("allocate", _("headquarters: allocate a block of 文号 serials to a station")),
                       ("add-block", _("enter the block headquarters gave this station (on paper or by phone)")),
                       ("withdraw", _("withdraw a block none of whose serials was issued (headquarters: any block; "
                                      "a station: one it entered)"))):
        p = numbers_sub.add_parser(name, parents=[common], help=text)
        p.add_argument("--agency", required=True, metavar="CODE", help=_("agency code whose 文号 it is, e.g. 440605"))
        p.add_argument("--type", required=True, metavar="CODE", help=_("the 文号 type code, e.g. 处 or 告 (立: case numbers)"))
        p.add_argument("--year", required=True, type=plain_number, metavar="Y", help=_("the year of the numbers, e.g. 2026"))
        p.add_argument("--from", dest="first", required=True, type=plain_number, metavar="N", help=_("first serial"))
        p.add_argument("--to", dest="last", required=True, type=plain_number, metavar="M", help=_("last serial"))
        if name == "allocate":
            p.add_argument("--station", required=True, metavar="NAME_OR_ID",
                           help=_("the station the block is for, by name or id (`station list` shows them)"))
            p.add_argument("--despite-withdrawal", action="store_true",
                           help=_("allocate even over a block withdrawn from a station that has not confirmed giving "
                                  "it up (its laptop was lost: it will send no bundle again); audited"))
        p.add_argument("--officer", metavar="NAME_OR_CERT",
                       help=_("the officer doing it, by name or enforcement certificate number, recorded with the "
                              "block and in the audit log (default: none)"))
        if name == "withdraw":
            p.set_defaults(handler=cmd_numbers_withdraw)
            continue
        p.add_argument("--note", default="", help=_("a note kept with the block"))
        p.set_defaults(handler=cmd_numbers_allocate if name == "allocate" else cmd_numbers_add_block)
    p = numbers_sub.add_parser("hold", parents=[common],
                               help=_("whether case numbers and 文号 are held after a restore, and why"))
    p.set_defaults(handler=cmd_numbers_hold)
    p = numbers_sub.add_parser("release-hold", parents=[common],
                               help=_("release the numbering hold a restore placed, after checking the last case "
                                      "number and 文号 on the paper files (audited)"))
    p.add_argument("--checked", action="store_true",
                   help=_("the last case number and 文号 were checked on the paper files (required)"))
    p.add_argument("--officer", metavar="NAME_OR_CERT",
                   help=_("the officer releasing it, by name or enforcement certificate number, recorded in the "
                          "audit log (default: none)"))
    p.set_defaults(handler=cmd_numbers_release_hold)
    return parser


def _clock_event_parsers(clocks_sub, common) -> None:
    """`clocks record`, `clocks events` and `clocks end`: the clock events of a case, as the case's Deadlines
    section records, lists and ends them (“Record clock event…”, “End selected…”)."""
    from workstation.cli_language import non_empty, whole_number

    p = clocks_sub.add_parser("record", parents=[common], help=_(
        "record a clock event of a case (what stops, extends or starts a time limit), as the case's Deadlines "
        "section records it (“Record clock event…”) and checked as there"))
    p.add_argument("case", type=non_empty, help=_("case id or case number"))
    p.add_argument("kind", metavar="KIND", help=_("what happened, by its key or its Chinese label: {kinds}").format(
        kinds=_keys_and_labels("clock_events")))
    p.add_argument("--on", metavar="DATE", help=_(
        "the day it happened or began, YYYY-MM-DD (an extension: the day it was approved; the outcome of a "
        "reconsideration or lawsuit: the day the party received it); with --document, default: the day the "
        "document records"))
    p.add_argument("--until", metavar="DATE", help=_(
        "the last day of an event that lasts (a deferral: the day payment is deferred until; without it, another "
        "one runs on and is ended by `clocks end`), or the day one of a single day was done; an extension: the day "
        "its time limit is extended to, the days counted from its running deadline"))
    p.add_argument("--approved-on", metavar="DATE", help=_(
        "with deferral or extension: the day it was approved (default: --on)"))
    p.add_argument("--applied-on", metavar="DATE", help=_(
        "with publication_stopped: the day the party applied for the early stop of the publication"))
    p.add_argument("--approved-by", metavar="NAME", help=_(
        "with deferral or extension: who approved it (the agency's head; a further extension of T2: the heads' "
        "collective discussion); with transfer_approved or transfer_refused: the head who decided"))
    p.add_argument("--number", metavar="文号", help=_(
        "with the outcome of a reconsideration or lawsuit (challenge_…): the number (文号 or 案号) of the "
        "reconsideration decision or judgment"))
    p.add_argument("--fine", metavar="YUAN", help=_(
        "with challenge_changed: the fine as changed, in yuan (0: no fine at all; leave it out when the fine was "
        "not changed)"))
    p.add_argument("--party", type=non_empty, metavar="ID|NAME", help=_(
        "in a case with several parties, the party whose own event it is (its reconsideration or lawsuit, the "
        "demand served on it, the testing or seizure of its goods, the deferral granted to it, its hearing held); "
        "without it, the whole case's (a hearing held: of the parties whose 听证通知书 sets that day)"))
    p.add_argument("--clock", metavar="T", help=_(
        "with extension: the time limit extended (T1, T2, T14 …, as `clocks --case CASE` lists them)"))
    p.add_argument("--days", type=whole_number, metavar="N", help=_(
        "with extension: by how many days (working days for a time limit counted in them) it is extended"))
    p.add_argument("--measure", metavar="EVENT|DATE", help=_(
        "with an extension of the period of a seal-up or seizure (T14) in a case with several: the seizure it "
        "extends, by its event id (`clocks events CASE`) or the day it began"))
    p.add_argument("--result", metavar="RESULT", help=_(
        "with rectification_check: what the re-inspection found: {results}").format(
        results=_keys_and_labels("rectification_results")))
    p.add_argument("--document", type=non_empty, metavar="DOCUMENT", help=_(
        "the issued document that records the event (the 分期缴纳罚款通知书 of a deferral, the 催告书 of a demand …), "
        "as the window offers to record it once the document is issued: the day, the end, the party and the "
        "extension it states are taken from it unless given; with rectification_check: the 责令改正通知书 "
        "re-inspected"))
    p.add_argument("--preservation", choices=["end", "keep"], help=_(
        "with seizure, while a preservation (先行登记保存) begun on or before it runs: end, the seizure holds the "
        "preserved goods (the decision on them, 行政处罚法 art. 56: the preservation ends that day), or keep, it "
        "runs on (the window asks this)"))
    p.add_argument("--note", default="", help=_("a note kept with it (a suspension's reason, a withdrawal's …)"))
    p.set_defaults(handler=cmd_clocks_record)
    p = clocks_sub.add_parser("events", parents=[common], help=_(
        "list the clock events recorded for a case, each with its id (for `clocks end`)"))
    p.add_argument("case", type=non_empty, help=_("case id or case number"))
    p.add_argument("--removed", action="store_true", help=_(
        "list the events removed from the case instead, the latest first, with why (for `clocks restore`)"))
    p.set_defaults(handler=cmd_clocks_events)
    p = clocks_sub.add_parser("end", parents=[common], help=_(
        "end a clock event that runs (a testing period, a seizure …) on its last day, as “End selected…” does"))
    p.add_argument("event", type=non_empty, metavar="EVENT", help=_("the event's id, as `clocks events` lists it"))
    p.add_argument("--on", metavar="DATE", required=True, help=_("the last day it lasted, YYYY-MM-DD"))
    p.add_argument("--despite-held", action="store_true", help=_(
        "end a seizure or preservation whose document still holds goods all the same (given back or disposed of on "
        "paper; the window asks first); without it that is refused"))
    p.set_defaults(handler=cmd_clocks_end)
    p = clocks_sub.add_parser("correct", parents=[common], help=_(
        "correct a recorded extension whose length, approval date or approver was entered wrongly, as “Correct "
        "selected extension…” does (a time limit extended once, T1, is corrected, not extended again)"))
    p.add_argument("event", type=non_empty, metavar="EVENT", help=_("the extension's id, as `clocks events` lists it"))
    p.add_argument("--days", type=whole_number, metavar="N", help=_(
        "by how many days (working days for a time limit counted in them) it extends; default: as recorded"))
    p.add_argument("--approved-on", metavar="DATE", help=_("the day it was approved; default: as recorded"))
    p.add_argument("--approved-by", metavar="NAME", help=_("who approved it; default: as recorded"))
    p.set_defaults(handler=cmd_clocks_correct)
    p = clocks_sub.add_parser("remove", parents=[common], help=_(
        "remove an event recorded in error (recorded twice, on a wrong day …) with the reason, as “Remove "
        "selected…” does; the reason stays on the timeline and in the audit log"))
    p.add_argument("event", type=non_empty, metavar="EVENT", help=_("the event's id, as `clocks events` lists it"))
    p.add_argument("--reason", metavar="TEXT", required=True, help=_("why it is removed"))
    p.set_defaults(handler=cmd_clocks_remove)
    p = clocks_sub.add_parser("restore", parents=[common], help=_(
        "put back a clock event removed in error, with its dates, approval and note, as the 期限 section's Undo "
        "removal does (as a new event, with a new id)"))
    p.add_argument("event", type=non_empty, metavar="EVENT", help=_(
        "the removed event's id, as `clocks remove` said it or `clocks events CASE --removed` lists it"))
    p.set_defaults(handler=cmd_clocks_restore)


def _list_known_facts(parser: argparse.ArgumentParser, action: argparse.Action) -> None:
    """Fill the ``{facts}`` of ``action``'s help with every fact the legal data defines and its wording, read from
    the files alone (not the law of cases) only when ``parser``'s help is shown: not at every command's start."""
    show_help = parser.format_help

    def format_help() -> str:
        if "{facts}" in action.help:
            try:
                from workstation.law.data import condition_labels

                known_facts = "; ".join(f"{key} ({label})" for key, label in condition_labels().items())
            except WorkstationError:  # a damaged file: said by the command
                known_facts = _("see `cases facts CASE`")
            action.help = action.help.replace("{facts}", known_facts.replace("%", "%%"))  # argparse's % expansion
        return show_help()

    parser.format_help = format_help


def _list_agency_codes(parser: argparse.ArgumentParser) -> None:
    """Make ``parser``'s help end with the agency codes (which the refusal of an unknown code points to), read
    from the reference file only when the help is shown."""
    show_help = parser.format_help

    def format_help() -> str:
        import tomllib

        from workstation.cli_language import RawDescriptionUsageFormatter
        from workstation.paths import resource

        with resource("reference", "agencies.toml").open("rb") as fh:
            agencies = tomllib.load(fh)["agency"]
        parser.epilog = _("agency codes:") + "\n" + "\n".join(f"  {a['code']:<10} {a['name']}" for a in agencies)
        parser.formatter_class = RawDescriptionUsageFormatter
        return show_help()

    parser.format_help = format_help


def _input_file(path: str) -> str:
    """``path``, refused in the user's language when it is missing, a folder, or a pipe or a device (which no
    program may ever write to: reading it would wait for ever)."""
    target = Path(path)
    try:  # a name the system refuses to look up (too long: JSON text given where its file's path belongs)
        target.stat()
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise WorkstationError(_("{file} cannot be read: {reason}").format(
            file=shortened_path(path), reason=os_reason(exc))) from None
    if target.is_dir():
        raise WorkstationError(_("{file} is a folder: choose a file.").format(file=path))
    if not target.exists():
        raise WorkstationError(_("{file}: no such file.").format(file=path))
    if not target.is_file():
        raise WorkstationError(_("{file} is not a file but a pipe or a device: choose the file itself.").format(
            file=path))
    return path


def _long_name_refusal(args, exc: BaseException) -> WorkstationError | None:
    """The refusal of a file name the system refuses as too long (over 255 bytes: some 85 Chinese characters, a
    name pasted whole), wherever the command looked it up — an input file, a backup's id, the ``-o`` file —, as
    ``_input_file`` says it: named, shortened, with the reason; None for any other failure."""
    from workstation.errors import name_too_long

    if not name_too_long(exc):
        return None
    name = os.fsdecode(exc.filename) if exc.filename is not None else ""
    # the places the command writes to: the ``-o`` file, the folder `backup create` writes the backup into
    places = [getattr(args, "output", None)]
    if getattr(args, "backup_command", None) == "create":
        places.append(getattr(args, "folder", None))
    written = any(place and name in (str(place), str(Path(str(place)).expanduser()), str(Path(str(place))
                                     .expanduser().absolute())) for place in places)
    message = _("{file} cannot be written: {reason}") if written else _("{file} cannot be read: {reason}")
    return WorkstationError(message.format(file=shortened_path(name), reason=os_reason(exc)))


#: the most characters of a value typed on the command line a refusal repeats whole: a longer one (a text pasted into
#: --party, a name of thousands of characters) is shortened (``errors.shortened``), not written again on one line
QUOTED_ARGUMENT = 200


def _arguments_shortened(message: str, argv: list[str] | None) -> str:
    """``message`` with each value of the command line (``argv``, default ``sys.argv[1:]``; ``--option=value`` too)
    longer than ``QUOTED_ARGUMENT`` characters that it quotes whole shortened with "…" — a path in its middle,
    keeping the file's name (``errors.shortened_path``)."""
    given = sys.argv[1:] if argv is None else argv
    values = {str(a).split("=", 1)[1] if str(a).startswith("--") and "=" in str(a) else str(a) for a in given}
    for value in sorted((v for v in values if len(v) > QUOTED_ARGUMENT), key=len, reverse=True):
        message = message.replace(value, shortened_path(value))
    return message


@contextlib.contextmanager
def _argparse_errors_shortened(argv: list[str] | None):
    """Within this block argparse's own usage errors (“invalid choice” of a --format of 3,000 characters) shorten
    the long values of the command line they repeat, as the program's refusals do (``_arguments_shortened``)."""
    error = argparse.ArgumentParser.error

    def shortened_error(parser, message):
        error(parser, _arguments_shortened(message, argv))

    argparse.ArgumentParser.error = shortened_error
    try:
        yield
    finally:
        argparse.ArgumentParser.error = error


def _force_option(parser: argparse.ArgumentParser) -> None:
    """``--force`` of a command writing ``-o FILE``: without it an existing file is refused, not overwritten."""
    parser.add_argument("--force", action="store_true", help=_("overwrite the output file if it exists"))


def _refuse_existing_output(args) -> None:
    """Refuse, before any work, to overwrite the existing file ``-o`` names (an issued 决定书, last month's report)
    unless ``--force`` is given; and, even with it, an output inside the data directory (``--force`` replaced the
    database itself with a PDF, every later command refused) or onto what is not a file (a device: root replaced
    /dev/full)."""
    output = getattr(args, "output", None)
    if not output:
        return
    from workstation.output import refuse_long_name

    refuse_long_name(output)  # before its folder or file is looked up
    _refuse_output_in_data(output, args.data_dir)
    target = Path(output)
    if target.exists() and not target.is_file() and not target.is_dir():  # a folder: said by ``refuse_folder``
        raise WorkstationError(_("{file} is not an ordinary file (a device or a pipe): give the name of a file to "
                                 "write.").format(file=output))
    if not getattr(args, "force", False) and target.is_file():
        raise WorkstationError(_("{file} already exists: give another file name, or add --force to overwrite it.")
                               .format(file=output))


#: the beginnings of the names of the files the program keeps at the top of a data directory: the database and its
#: journal, the log (``workstation.``), the keys and their lock, the backups' record, the window's settings, the file
#: store being encrypted, and its hidden markers (a claim of a new data directory)
DATA_DIR_OWN = ("workstation.", "keyring.", "backup.json", "ui.ini", "files.", ".")


def _refuse_output_in_data(output: str, data_dir: Path) -> None:
    """Refuse an output file that is or may become one of the data directory's own: one of the names the program
    keeps at its top (``DATA_DIR_OWN``), whatever is in its folders (``files``, ``backups``, ``station``…). Another
    file beside the database is written, and overwritten with --force (a data directory that is the officer's
    working folder: a report made there again)."""
    try:
        target, data = Path(output).resolve(), Path(data_dir).resolve()
    except (OSError, RuntimeError):  # a loop of links: said by the write itself
        return
    if data not in target.parents:
        return
    if target.parent != data or target.name.startswith(DATA_DIR_OWN):
        raise WorkstationError(_("{file} is inside the data directory {folder}, which holds the workstation's "
                                 "database, keys and files: write it to another folder.").format(
            file=output, folder=data))


def _check_output(path: str) -> None:
    """Refuse, before any work, an output path that names a folder or whose folder is missing or read-only."""
    from workstation.output import check_output, refuse_folder

    check_output(refuse_folder(path))


def _output_format(args, formats: tuple[str, ...]) -> str:
    """``--format``, else the output file's extension when it is one of ``formats``, else the first of them; an
    extension naming another document format than the one written is refused before any work, by the rule the
    window's exports follow (``output_names.output_format``), in the command line's words (``--format``)."""
    from workstation.output_names import OtherFormatName, output_format

    try:
        return output_format(args.output, formats, getattr(args, "format", None))
    except OtherFormatName as refused:
        suffix, chosen = refused.extension, refused.chosen
        if suffix in formats:
            raise WorkstationError(_("{file} ends in .{suffix}, but --format is {format}: give --format {suffix}, "
                                     "or end the file's name in .{format}.").format(
                file=args.output, suffix=suffix, format=chosen)) from None
        raise WorkstationError(_("{file} ends in .{suffix}, but this command writes {formats} only: end the file's "
                                 "name in .{format}.").format(file=args.output, suffix=suffix, format=chosen,
                                                              formats="、".join(f.upper() for f in formats))) from None


def _vocabulary_key(group: str, option: str, value: str | None, only: tuple[str, ...] | None = None) -> str | None:
    """The key of a filter option given as a key or as its Chinese label (``only`` those keys, when given); an
    unknown one is refused."""
    from workstation.vocabulary import key_for_label

    if value is None:
        return None
    key = key_for_label(group, value)
    if key is None or (only is not None and key not in only):
        # a value outside a fixed list: a usage error (exit 2), the allowed keys and labels named
        raise _usage_error(option, _("Unknown value {value}; use one of: {keys}.").format(
            value=value, keys=_keys_and_labels(group, only)))
    return key


def _configure_streams(*, json_output: bool = False) -> None:
    """Make stdout and stderr unable to fail on a character their encoding lacks.

    A --json result is UTF-8 whatever the console's code page (the contract; a Windows pipe would otherwise get
    GBK). Text keeps the encoding the environment declares -- the code page a Chinese Windows gives a pipe or a
    file (GBK, which Notepad, WPS and ``type`` read as they read every other file there), UTF-8 on a Chinese
    Linux, or what ``PYTHONIOENCODING`` asks for -- and a character that encoding cannot hold (a rare name
    character such as 𠮷 in GBK, any Chinese in ASCII, an undecodable byte of a file name) is written as its
    escape (``\\U00020bb7``) instead of ending the command with UnicodeEncodeError half-way through its output:
    the rest stays readable, and the escape still says which character it was."""
    for stream, encoding in ((sys.stdout, "utf-8" if json_output else None), (sys.stderr, None)):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None:  # replaced by something that is not a text stream: leave it as it is
            continue
        try:
            reconfigure(encoding=encoding, errors="backslashreplace")  # encoding None: the one it has
        except (OSError, ValueError):
            pass


def _creates_data(args) -> bool:
    """Whether the command may make ``--data-dir`` a new data directory (``init``, ``demo``, the imports and a
    restore); every other command works on the data already there."""
    return getattr(args, "creates_data", False)


def _require_folder(data_dir: Path) -> None:
    """Refuse a ``--data-dir`` (or ``WORKSTATION_HOME``) naming a file: it can neither hold data nor become a data
    directory, and "no data there" or "cannot create it" would not say what is wrong; nor one in a folder the
    account may not open (``data_folder.check_data_folder``)."""
    from workstation.data_folder import check_data_folder

    check_data_folder(data_dir)


def _require_data(data_dir: Path) -> None:
    """Refuse a command that works on existing data when ``data_dir`` holds no database, before anything is
    written: a mistyped ``--data-dir`` (or an unset ``WORKSTATION_HOME``) must answer "no data here", not
    report an empty campaign from a new database it has just left behind."""
    from workstation.db.connection import holds_no_database, refuse_lost

    _require_folder(data_dir)
    refuse_lost(database_path(data_dir))  # a database lost where data was: the backup to restore is named
    if holds_no_database(database_path(data_dir)):  # none, or an empty file (0 bytes): no data here either
        raise _no_data(data_dir)


def _no_data(data_dir: Path) -> WorkstationError:
    return WorkstationError(_("There is no workstation data in {path}: check --data-dir (or WORKSTATION_HOME), "
                              "or run `init` or `demo` to create it there.").format(path=data_dir))


# a field of the core named otherwise than the option that gives it (used where the command has that option)
FIELD_OPTIONS = {"agency_id": "agency", "new": "new_passphrase_file", "party_ids": "party", "lead_id": "lead",
                 "case_id": "case"}
FIELD = re.compile(r"[a-z][a-z0-9_]*")


def _command_options(parser: argparse.ArgumentParser, args) -> dict[str, str]:
    """The fields of the core a refusal may name (a bare internal key such as ``officer``), each with the option
    or argument of the command run that gives it (``--agency``, ``NAME``): the last resort of a ValidationError
    no command renamed."""
    actions = list(parser._actions)
    while (chosen := next((a for a in actions if isinstance(a, argparse._SubParsersAction)
                           and getattr(args, a.dest, None) in a.choices), None)) is not None:
        actions = list(chosen.choices[getattr(args, chosen.dest)]._actions)
    shown = {}
    for action in actions:
        if isinstance(action, argparse._SubParsersAction) or action.dest == argparse.SUPPRESS:
            continue
        longs = [o for o in action.option_strings if o.startswith("--")]
        shown[action.dest] = longs[0] if longs else (
            action.option_strings[0] if action.option_strings else str(action.metavar or action.dest.upper()))
    named = {field: shown[dest] for field, dest in FIELD_OPTIONS.items() if dest in shown}
    # the passphrase that opens (or is to encrypt) the data: from the file named, else from the environment
    named["passphrase"] = "--passphrase-file" if getattr(args, "passphrase_file", None) else "WORKSTATION_PASSPHRASE"
    return {**named, **{dest: option for dest, option in shown.items() if FIELD.fullmatch(dest)}}


def _undecodable_option(parser: argparse.ArgumentParser, args) -> tuple[str, bool] | None:
    """The option or argument of the command run whose value holds bytes that are not UTF-8 (surrogates), as the
    command shows it, and whether that value names a file or folder that is there (its name on disk is in another
    encoding, as archives made on Windows give: typing it again cannot help); None when no value does."""
    from workstation.errors import undecodable

    shown = _command_options(parser, args)
    for dest, value in vars(args).items():
        for v in value if isinstance(value, list) else [value]:
            text = os.fspath(v) if isinstance(v, (str, os.PathLike)) else None
            if isinstance(text, str) and undecodable(text):
                return shown.get(dest, "--" + dest.replace("_", "-")), os.path.lexists(text)
    return None


def _agency_option(db, code: str | None) -> str | None:
    """The id of the agency ``--agency`` gives by its code (None without the option); an unknown code is refused
    naming the option."""
    from workstation.errors import NotFound, ValidationError
    from workstation.store import agency_by_code

    if code is None:
        return None
    try:  # an empty code is refused too: `--agency "$CODE"` with the variable unset is not every agency
        return agency_by_code(db, code).id
    except NotFound as exc:
        raise ValidationError({"--agency": exc.message}) from None


def _named_by_options(exc, options: dict[str, str]):
    """``exc`` (a ValidationError of the core, keyed by field) keyed instead by the options the officer typed."""
    from workstation.errors import ValidationError

    # a form's value no option names is named by its key in the --values file too (``checked_values``)
    keys = getattr(exc, "values_keys", {})
    return ValidationError({options.get(field, keys.get(field, field)): message
                            for field, message in exc.errors.items()})


def _database_file_ours(data_dir: Path) -> bool:
    """Whether the database file of ``data_dir`` may be the workstation's (none yet, or one whose header is ours and
    that is not another program's SQLite database), so that the log goes there; a file that is not ours is refused
    by the command, its folder left as it was."""
    from workstation.db.connection import _check_file, another_programs

    try:
        _check_file(database_path(data_dir))
    except WorkstationError:
        return False
    return not another_programs(database_path(data_dir))


#: the commands that only read the database (and perhaps write a file of their own): opened as readers
#: (``open_database``'s ``reader``), they take no write lock to check that it is free, and so answer while another
#: program holds it (the window importing a bundle): in WAL mode reading goes on meanwhile. A database this version
#: must update is updated all the same, which takes the lock; the audit entries any opening writes at best (wrong
#: passphrases, legal data changed by hand) are written only while the lock is free, never waited for (``_open``). No command that may write is here: `station show`
#: makes the station, `evidence count` records the count; `cases facts` and `cases review-grounds` read only
#: without the options that record (``_reads_only``).
_READERS = frozenset({
    "cmd_stats", "cmd_stats_export", "cmd_cases_list", "cmd_cases_facts", "cmd_cases_review_grounds", "cmd_docs_list",
    "cmd_evidence_list", "cmd_interviews_list", "cmd_interviews_export", "cmd_publicity_list", "cmd_complaints_imports",
    "cmd_leads_list", "cmd_clocks", "cmd_clocks_events", "cmd_station_list", "cmd_bundle_conflicts",
    "cmd_report_periods", "cmd_audit_verify", "cmd_audit_exports", "cmd_audit_list", "cmd_calendar_list",
    "cmd_numbers_blocks"})


def _reads_only(args) -> bool:
    """Whether the command of ``args`` only reads the database (``_READERS``)."""
    name = getattr(getattr(args, "handler", None), "__name__", None)
    if name in ("cmd_cases_facts", "cmd_cases_review_grounds"):  # --fact, --ground, --clear record
        return not (getattr(args, "fact", None) or getattr(args, "ground", None) or getattr(args, "clear", False))
    return name in _READERS


def _open(args, *, upgrade: bool = True):
    """The database of ``--data-dir``, unlocked with the passphrase of ``--passphrase-file`` or
    ``WORKSTATION_PASSPHRASE`` when encrypted. Only a command that creates data (``_creates_data``) creates a
    missing one (encrypted when a passphrase is given); the others refuse with nothing written. Without
    ``upgrade`` the migrations a newer version brings are left for the next command (a check reads as it is)."""
    from workstation.db import open_database
    from workstation.security.access import (
        PASSPHRASE_ENV,
        passphrase_from,
        prepare,
        recover_interrupted_encryption,
    )
    from workstation.security.keyring import WrongPassphrase

    creates = _creates_data(args)
    if creates:
        _require_folder(args.data_dir)
    else:
        _require_data(args.data_dir)  # the folder checked first
    recovered = recover_interrupted_encryption(args.data_dir)
    if recovered:
        sys.stderr.write(_("Note: {message}").format(message=recovered) + "\n")
    passphrase = passphrase_from(getattr(args, "passphrase_file", None))
    try:
        mode = prepare(args.data_dir, passphrase, plaintext=getattr(args, "plaintext", False),
                       officer=getattr(args, "first_officer", None))
    except WrongPassphrase:
        if passphrase == "" and not getattr(args, "passphrase_file", None):  # the file's case is refused before
            raise WrongPassphrase(_("{variable} is set but empty: set it to the passphrase, or unset it to be "
                                    "told what the data needs.").format(variable=PASSPHRASE_ENV)) from None
        raise
    from workstation.db.connection import set_migration_notice

    set_migration_notice(_updating_notice)  # a database of an earlier version: its update said while it runs
    try:
        db = open_database(database_path(args.data_dir), create=creates, upgrade=upgrade,
                           reader=_reads_only(args))
    except WorkstationError:
        from workstation.security.access import forget_new

        forget_new(args.data_dir)  # a new data directory the disk refused: its keyring goes with the database
        raise
    finally:
        set_migration_notice(None)
    args.db = db
    if mode == "encrypted":
        from workstation.security.access import act_as_opener

        # what the command changes is recorded under the officer whose passphrase opened the data: a
        # WORKSTATION_ACTOR naming another officer is refused
        act_as_opener(db, args.data_dir)
    if mode == "unchosen":  # made unencrypted as CLI.md's `init` makes it: said, and offered again in the window
        from workstation.security.access import unchosen_note

        # said once the command keeps the new data (``_say_unchosen_note``): a refused or dry-run command removes
        # it, and says only its reason
        args.unchosen_note = unchosen_note(args.data_dir)
    elif mode == "plaintext" and passphrase and getattr(args, "security_command", None) != "encrypt":
        from workstation.security.access import unused_passphrase_note

        # the officer may believe the data encrypted: said once the command has succeeded, as the note above
        given = "--passphrase-file" if getattr(args, "passphrase_file", None) else PASSPHRASE_ENV
        args.unused_passphrase_note = unused_passphrase_note(args.data_dir, given)
    from workstation.db.connection import not_waiting
    from workstation.law.trail import audit_hand_changes
    from workstation.security.events import audit_failed_logins

    # a reader writes them only while the lock is free, never waiting for another program's: else they are left, the
    # wrong passphrases in the keyring and the files' changes to compare again, for the next opening
    with not_waiting(db) if _reads_only(args) else contextlib.nullcontext():
        audit_failed_logins(db, args.data_dir)  # at best: the command goes on when they cannot be written
        audit_hand_changes(db, args.data_dir)  # legal data and holiday files changed by hand: at best, as above
    from workstation.repair import mark_open, swept

    mark_open(args.data_dir)
    for note in swept():  # copies of the data that killed work left behind, removed now: said once
        sys.stderr.write(_("Note: {message}").format(message=note) + "\n")
    if (getattr(args, "command", None), getattr(args, "backup_command", None)) != ("backup", "check"):  # said there
        _say_cut_off(args.data_dir)
    args.marked_open = True
    _mark_changes(args, db)  # what the command saves from here on, told apart if it is interrupted
    return db


def _say_unchosen_note(args) -> None:
    """The warning that the new data was created unencrypted (``_open``), once the command has finished: only when
    its database is still there, kept by a command that succeeded (or left for the log of a fault)."""
    note = getattr(args, "unchosen_note", None)
    if note and database_path(args.data_dir).is_file():
        _warn(note)


@contextlib.contextmanager
def _updating_notice(data_dir: Path):
    """The update of an earlier version's database said on stderr (a start line at once: with its copy it takes
    seconds to minutes; an end line once done) and named in the open marker while it runs."""
    from workstation.repair import noted_update

    # the check may refuse the update (nothing changed, no copy made): said as what comes, not as done
    sys.stderr.write(_("Checking the database in {path}, then updating it to this version of the workstation after "
                       "keeping a copy of it in {folder}; do not stop the program…").format(
        path=data_dir, folder=Path(data_dir) / "backups") + "\n")
    sys.stderr.flush()
    with noted_update(data_dir):
        yield
    sys.stderr.write(_("The database is updated to this version.") + "\n")


@contextlib.contextmanager
def _noted_work(title: str):
    """Name the long work of a command in its open marker while it runs (as the window's task runner does), so
    that a start after the command was killed can say which work was cut off."""
    from workstation.repair import note_work

    note_work([title])
    try:
        yield
    finally:
        note_work([])


def _emit(args, result, text: str) -> None:
    _hold_interrupts(args)  # the result told is the result: a script seeing it must not see exit 130 and run again
    told = json.dumps(result, ensure_ascii=False, indent=1) if args.json else text
    args.result_told = True  # once writing begins: a refusal after it adds no second result (``_refusal_as_json``)
    if getattr(args, "result_lost", None) is not None:
        return  # the output refused an earlier result: said once, by ``_result_lost``
    try:
        sys.stdout.write(told + "\n")
        sys.stdout.flush()
    except OSError as exc:  # a full disk, a closed pipe (BrokenPipeError): the work is done all the same
        args.result_lost = exc
        _stdout_to_devnull()


def _stdout_to_devnull() -> None:
    """stdout pointed at the null device once writing to it failed, so that what is left in its buffer and what is
    written after does not fail again, nor at the interpreter's exit ("Exception ignored … BrokenPipeError")."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
    except OSError:
        return
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no file descriptor (a test's captured stream): nothing left there
        pass
    finally:
        os.close(devnull)


def _result_lost(args, code: int, saved: bool) -> int:
    """The end of a command whose result could not be written to stdout (``_emit``: ``args.result_lost``): said on
    stderr (if it can be), with where to see what it did when it saved something. A command that only read (it
    opened the data, so what it saved is known, and it wrote no -o file) exits 1, saying nothing was changed: its
    result is lost, and a script must not take the cut-off output for it. Else the command's own exit code — never 1
    after a change that was committed (CLI.md: exit 1 means nothing changed; a script would run it again)."""
    lost = args.result_lost
    reason = _("the program reading it has closed it") if isinstance(lost, BrokenPipeError) else os_reason(lost)
    # ``db_marks``: the data opened by ``_open``, whose commits (any connection's) ``_saved_since_mark`` sees
    only_read = not (saved or code or getattr(args, "output", None)) and bool(getattr(args, "db_marks", None))
    if only_read:
        said = _("The result of the command could not be written to the output ({reason}); nothing was "
                 "changed.").format(reason=reason)
    elif saved:
        said = _("The command was done and its changes are saved, but its result could not be written to the output "
                 "({reason}): check what it did with `audit list` (the documents issued with `docs register`) before "
                 "running it again.").format(reason=reason)
    else:
        said = _("The command was done, but its result could not be written to the output ({reason}).").format(
            reason=reason)
    LOG.info("result not written: %s %s", args.command, type(args.result_lost).__name__)
    try:
        sys.stderr.write(said + "\n")
        sys.stderr.flush()
    except OSError:
        pass
    return 1 if only_read else code


def _refusal_as_json(args, refusal: WorkstationError) -> None:
    """With --json, the result a command gives when it is refused (exit 1), for the commands whose refusal is a
    result too (``json_refusal``, set with their parser: `cases import`, `complaints import`, `bundle verify`): the
    same keys on stdout from every refusal — a file or a data folder refused, a database that cannot be used, a
    fault — unless the command told its result already; the reason stays the error line on stderr. An interrupt is
    no refusal: the command cut off by Ctrl+C (exit 1 or 130) prints nothing on stdout, its stderr line says it."""
    refused = getattr(args, "json_refusal", None)
    if refused is None or not getattr(args, "json", False) or getattr(args, "result_told", False):
        return
    args.result_told = True
    try:
        sys.stdout.write(json.dumps(refused(args, refusal), ensure_ascii=False, indent=1) + "\n")
        sys.stdout.flush()
    except OSError:  # the output full or closed: the refusal's line on stderr says it all (exit 1)
        _stdout_to_devnull()


def _cases_import_refused(args, refusal: WorkstationError) -> dict:
    """`cases import --json` refused: the result of an import that imported nothing, its errors the rows refused (a
    register refused for its bad rows) or the reason, which names no row."""
    from workstation.errors import ImportRefused
    from workstation.importing.register import RegisterRefused, RegisterResult

    if isinstance(refusal, RegisterRefused):
        return RegisterResult(rows=refusal.rows, errors=refusal.errors, dry_run=args.dry_run,
                              ignored_columns=refusal.ignored_columns).as_dict()
    errors = (refusal.errors if isinstance(refusal, ImportRefused) else None) or [
        {"row": None, "field": None, "message": refusal.message}]
    return RegisterResult(errors=errors, dry_run=args.dry_run).as_dict()


def _complaints_import_refused(args, refusal: WorkstationError) -> dict:
    """`complaints import --json` refused before any file was read (its data folder, its database): the keys of its
    result (``cmd_complaints_import``), no file imported or refused, the reason its one error."""
    from workstation.importing.complaints import ComplaintImportResult

    summary = {**ComplaintImportResult(dry_run=args.dry_run).as_dict(), "imported_files": [], "refused_files": [],
               "errors": [{"file": None, "row": None, "field": None, "message": refusal.message}]}
    if args.dry_run:
        summary.update(would_import=0, would_import_files=[])
    return summary


def _bundle_verify_refused(args, refusal: WorkstationError) -> dict:
    """`bundle verify --json` refused, as `audit verify` says it: ``valid`` false, the reason its problem — the
    archive, its signature, hashes or station card, or a file missing, or data that cannot be opened."""
    return {"valid": False, "station": None, "cases": None, "problems": [refusal.message]}


# a stored text's own line breaks and tabs (a name or a reason typed on two lines, a title pasted with a tab)
_CELL_BREAKS = re.compile("\r\n|[\n\t\u2028\u2029]")


def _cell(text):
    """A stored text as a cell of a listing's row: its own line breaks and tabs as spaces, so that the row stays one
    line and its cells between the tabs that part them, for the officer and for a script reading the rows (--json
    keeps the text as stored); its other control characters are stdout's to show as escapes (``_VisibleControls``)."""
    return _CELL_BREAKS.sub(" ", text) if text else text


def _progress_clock() -> float:
    """Seconds on a clock that only goes forward: how ``_stderr_progress`` spaces its lines."""
    import time

    return time.monotonic()


def _warn(message: str) -> None:
    """A warning on stderr ("Warning: …"): the work was done or the record kept, and the officer is told what to
    check (CLI.md: stdout, and with it a --json result, is never written)."""
    sys.stderr.write(_("Warning: {message}").format(message=message) + "\n")


def _stderr_progress(stream=None) -> Callable[[int, int, str], None]:
    """Progress of long work on stderr (CLI.md) as the percentage of the step under way ("Copying the database:
    45%"), never the raw units the core counts in (database pages, KiB). On a terminal one line is rewritten in
    place (carriage return) whenever the percentage changes. To a file or a pipe (a log, a script) whole lines, no
    carriage return, once the work has lasted a second and then at most one a second, and the 100% of a step so
    shown: a log of long work holds a line a second, and a command done within a second (the refusal of a small
    file) leaves stderr to its one-line reason. stdout, and with it a --json result, is never written."""
    stream = stream or sys.stderr
    terminal = stream.isatty()
    shown: dict[str, object] = {"message": None, "percent": -1, "open": False, "at": _progress_clock()}

    def line(message: str, percent: int) -> str:
        if percent < 0:  # a step of unknown length under way ("正在读取 台账.xlsx……"): no percentage to give
            return message
        return _("{message}: {percent}%").format(message=message, percent=percent)

    def report(done: int, total: int, message: str) -> None:
        # (0, 0): a step whose length is not known (reading a workbook), as the window shows a busy bar
        percent = -1 if total <= 0 and done <= 0 else 100 if total <= 0 else max(0, min(100, done * 100 // total))
        same_step = message == shown["message"]
        if same_step and percent == shown["percent"]:
            return
        if terminal:
            if not same_step and shown["open"]:
                stream.write("\n")
            stream.write("\r" + line(message, percent) + ("\n" if percent >= 100 else ""))
            shown["open"] = percent < 100
        else:
            now = _progress_clock()
            finished = percent >= 100 and same_step and shown["open"]  # the end of a step whose progress was shown
            if not finished and now - shown["at"] < 1:
                return
            stream.write(line(message, percent) + "\n")
            shown.update(at=now, open=percent < 100)
        shown.update(message=message, percent=percent)
        stream.flush()

    return report


class _LeadingLine:
    """A stream that writes ``line`` before the first text written to it (``_reported_work``'s start line)."""

    def __init__(self, stream, line: str) -> None:
        self.stream, self.line, self.said = stream, line, False

    def isatty(self) -> bool:
        return self.stream.isatty()

    def lead(self) -> None:
        if not self.said:
            self.said = True
            self.stream.write(self.line + "\n")

    def write(self, text: str) -> None:
        self.lead()
        self.stream.write(text)

    def flush(self) -> None:
        self.stream.flush()


class _WorkReporter:
    """The progress reporter ``_reported_work`` yields; ``refused`` set when the work ended in a refusal it reports
    itself (a complaints file refused among others): no end line then."""

    def __init__(self, report) -> None:
        self.report, self.refused = report, False

    def __call__(self, done: int, total: int, message: str) -> None:
        self.report(done, total, message)


@contextlib.contextmanager
def _reported_work(started: str, finished: str, stream=None):
    """The progress reporter (``_stderr_progress``) of a long command (an import, an export, a backup or a restore):
    to a file or a pipe its work is said between a start line and an end line once it has succeeded, whatever its
    length (a quick one too), so that a log shows what was done and that it ended; the start line comes before the
    first progress line a long work says, and a refusal within the first second (its progress unsaid) leaves
    stderr to its one-line reason, as CLI.md wants. On a terminal only the rewritten progress line, as before."""
    stream = stream or sys.stderr
    if stream.isatty():
        yield _WorkReporter(_stderr_progress(stream))
        return
    leading = _LeadingLine(stream, started)
    reporter = _WorkReporter(_stderr_progress(leading))
    yield reporter
    if reporter.refused:
        return
    leading.lead()
    stream.write(finished + "\n")
    stream.flush()


def _agency_change(args, db, agency) -> tuple[dict, str] | None:
    """What ``init --agency`` changes of the station's agency (codes for --json, a sentence), None when nothing;
    refused, before anything is written, when numbers were issued in the old one's name without ``--change-agency``
    (``station.agency_change``, the rule the window follows too)."""
    from workstation.station import agency_change

    change = agency_change(db, agency.id)
    if change is None:
        return None
    old = change.old
    if change.numbers_issued and not args.change_agency:
        raise WorkstationError(_("This station works for {old} ({old_code}) and has issued numbers in its name; "
                                 "`init` does not change that on its own. To change it on purpose, run `init "
                                 "--agency {code} --change-agency`.").format(old=old.name, old_code=old.code,
                                                                            code=agency.code))
    said = _("The station's agency changed from {old} ({old_code}) to {new} ({code}).").format(
        old=old.name, old_code=old.code, new=agency.name, code=agency.code)
    # its officers stay at the old one: said (on stderr, with --json too), or new cases would find nobody counted
    from workstation.store.agencies import officers_left_note

    if note := officers_left_note(db, old, agency):
        _warn(note)
    return {"from": old.code, "to": agency.code}, said


def _station_name(value: str | None) -> str | None:
    """The name ``--station-name`` gives, without the spaces around it (None when the option is left out); an empty
    one is refused before anything is written."""
    from workstation.errors import ValidationError

    if value is None:
        return None
    if not value.strip():
        raise ValidationError({"--station-name": _("The name is empty: give the station's name, or leave the option "
                                                   "out to keep the name it has.")})
    return value.strip()


def _plaintext_or_passphrase(args) -> None:
    """Refuse ``--plaintext`` together with a passphrase: one asks for an unencrypted database, the other for an
    encrypted one, and neither may win silently."""
    import os

    from workstation.security.access import PASSPHRASE_ENV

    if not args.plaintext:
        return
    if getattr(args, "passphrase_file", None):
        given = "--passphrase-file"
    elif os.environ.get(PASSPHRASE_ENV) is not None:
        given = PASSPHRASE_ENV
    else:
        return
    raise WorkstationError(_("--plaintext asks for an unencrypted database, but {given} gives a passphrase to "
                             "encrypt it: drop one of the two.").format(given=given))


def cmd_init(args) -> int:
    from workstation.db.connection import applied_schema
    from workstation.errors import NotFound, ValidationError
    from workstation.store import agency_by_code, ensure_reference_data, set_setting

    name = _station_name(args.station_name)
    if args.agency is not None and not args.agency.strip():  # as an empty --station-name: nothing written
        raise ValidationError({"--agency": _("The code is empty: give the agency's code, e.g. --agency 440605, or "
                                             "leave the option out to keep the agency it has.")})
    _plaintext_or_passphrase(args)
    first = _first_officer_typed(args)
    db = _open(args)
    ensure_reference_data(db)
    officer = _first_officer_checked(args, db, first) if first else None  # (officer, whether new)
    changed = None
    agency = None
    if args.agency is not None:
        try:
            agency = agency_by_code(db, args.agency)
        except NotFound as exc:  # named by the option, as stats and report name an unknown code
            raise ValidationError({"--agency": exc.message}) from None
        changed = _agency_change(args, db, agency)
        set_setting(db, "station_agency", agency.id)
    from workstation.station import ensure_station, station_label, this_station

    before = this_station(db)
    if name:
        set_setting(db, "station_name", name)
    after = ensure_station(db, args.data_dir, name=name, agency_id=agency.id if agency else None)
    schema = applied_schema(db)
    result = {"data_dir": str(args.data_dir), "schema": schema}
    text = _("Database ready in {path} (schema {schema}).").format(path=args.data_dir, schema=schema[-1])
    if changed:
        result["agency_changed"], said = changed
        text += "\n" + said
    if before is not None and before.name != after.name:  # given, or named after the new agency as before the old
        result["station_renamed"] = {"from": before.name, "to": after.name}
        text += "\n" + _("The station's name changed from {old} to {new}.").format(
            old=station_label(before.name), new=station_label(after.name))  # one never named: 未命名, not 站点
    if first:
        result["officer"], said = _record_first_officer(args, db, officer)
        text += "".join("\n" + line for line in said)
    _emit(args, result, text)
    return 0


def _first_officer_typed(args) -> tuple[str, str] | None:
    """(name, certificate number) of ``init --officer NAME [--cert NO]``, refused before anything is written when the
    name is no person's name (a login name such as root is not printed on documents) or the number no certificate's."""
    from workstation.errors import ValidationError
    from workstation.store.agencies import cert_no_error, normalized_cert_no, offered_officer_name

    if args.officer is None:
        if args.cert:
            raise _usage_error("--cert", _("--cert is the certificate number of the officer --officer names: "
                                           "give the officer's name with --officer too."))
        return None
    officer = offered_officer_name(args.officer)
    if not officer:
        raise ValidationError({"--officer": _("“{name}” is not an officer's name: give the name as it is on the "
                                              "enforcement certificate, e.g. --officer 陈志强.").format(
            name=args.officer.strip())})
    if args.cert and cert_no_error(args.cert):
        raise ValidationError({"--cert": cert_no_error(args.cert)})
    from workstation.db.connection import holds_no_database

    if holds_no_database(database_path(args.data_dir)):
        if not args.agency:  # a new station has no agency to give them
            raise ValidationError({"--officer": _("A new officer belongs to the station's agency: give it with "
                                                  "--agency CODE too, e.g. --agency 440605.")})
        args.first_officer = officer  # the passphrase a new encrypted data directory is made with is theirs
    return officer, normalized_cert_no(args.cert or "")


def _first_officer_checked(args, db, first: tuple[str, str]) -> tuple:
    """The officer ``init --officer`` names as the register would store them: the one registered under that name (a
    different --cert refused), or a new one of the station's agency (--agency, or the one chosen before). Refused,
    with nothing written, when the register would refuse them or the station has no agency yet."""
    from workstation.errors import ValidationError
    from workstation.records import Officer
    from workstation.station_role import own_agency
    from workstation.store import agency_by_code, list_officers, officer_field_errors

    name, cert = first
    same = [o for o in list_officers(db) if o.name == name]
    if same:
        if cert and all(o.cert_no != cert for o in same):
            raise ValidationError({"--cert": _("{name} is registered with the certificate number {cert}: leave --cert "
                                               "out, or correct the number in the officers' register.").format(
                name=name, cert="、".join(o.cert_no or "—" for o in same))})
        return next((o for o in same if o.cert_no == cert), same[0]), False
    agency_id = agency_by_code(db, args.agency).id if args.agency is not None else own_agency(db)
    if not agency_id:
        raise ValidationError({"--officer": _("A new officer belongs to the station's agency, which is not chosen "
                                              "yet: give it with --agency CODE too.")})
    officer = Officer(name=name, cert_no=cert, agency_id=agency_id)
    errors = officer_field_errors(db, officer)
    if errors:
        raise ValidationError({{"name": "--officer", "cert_no": "--cert"}.get(k, k): m for k, m in errors.items()})
    return officer, True  # saved by ``_record_first_officer``, once the agency is set


def _record_first_officer(args, db, checked: tuple) -> tuple[str, list[str]]:
    """Record the officer of ``init --officer`` (when new) in the register, and name the workstation's passphrase
    after them when the passphrase given is it; their name and what was done, one sentence a line."""
    from workstation.audit import acting
    from workstation.security import keyring
    from workstation.security.access import passphrase_from
    from workstation.store import save_officer

    officer, new = checked
    said = []
    if new:
        from workstation.security.access import officer_opened

        # added as their own act, unless another officer's passphrase opened the data: then it is that officer's
        with acting(officer_opened(db, args.data_dir) or officer.name):
            officer = save_officer(db, officer)
        said.append(_("{name} is in the officers' register now.").format(name=officer.name))
    if keyring.state(args.data_dir) == "encrypted" and officer.name not in keyring.officers(args.data_dir) and \
            keyring.take_over(args.data_dir, passphrase_from(getattr(args, "passphrase_file", None)) or "",
                              officer.name, officer.id):  # recorded as this officer's (a namesake cannot take it)
        said.append(_("The workstation's passphrase is {name}'s now.").format(name=officer.name))
    elif new and keyring.state(args.data_dir) == "encrypted" and officer.name in keyring.officers(args.data_dir) \
            and keyring.holder_id(args.data_dir, officer.name) is None:
        # a new data folder's first passphrase, sealed under the name before the officer had an id: theirs now
        keyring.set_holder(args.data_dir, officer.name, officer.id)
    return officer.name, said


def cmd_demo(args) -> int:
    from workstation.demo import (
        demo_held,
        demo_loaded_text,
        load_demo,
        own_records_said,
        records_not_from_demo,
        refuse_before_last_record,
    )
    from workstation.store import ensure_reference_data

    refuse_before_last_record()  # a computer's date before the demo's last record: refused before the data is opened
    db = _open(args)
    own = records_not_from_demo(db)
    # made-up records cannot be removed again: not mixed in silently with officers, number blocks or records of the
    # folder's own. A folder only given its agency (`init --agency`, then `demo`: a training machine) holds none of
    # them, and the command names the demo itself (the window's --demo, passed by every `bash .ci/bootstrap app`,
    # leaves that folder too: ``ui.app``)
    if any(n for kind, n in own.items() if kind != "station_agency") and not args.into_existing:
        held = [text.format(n=n) for text, n in own_records_said(own)]
        raise WorkstationError(_("The data directory {folder} already holds records that are not demo data "
                                 "({records}); the demo's made-up records could not be removed from it again. Load "
                                 "the demo into a separate folder with --data-dir, or add --into-existing to add it "
                                 "here all the same.").format(folder=args.data_dir,
                                                              records=join_names(held)))
    ensure_reference_data(db)
    # noted as the window notes it: killed part way, `backup check` and the next start say so (another `demo`
    # completes it)
    with _noted_work(_("Loading demo data")):
        added = load_demo(db, progress=_stderr_progress(), complaints=args.complaints)
    # the data set's size as the database now holds it (the demo's records there, the complaints imported);
    # "added": what this run added (nothing on a second run)
    held = demo_held(db)
    _emit(args, {**held, "added": added}, demo_loaded_text(added, held))
    return 0


def _not_empty(option: str, value: str | None, message: str) -> None:
    """Refuse an option given empty (or only spaces) with ``message``, naming it: `--from "$FIRST"` with the variable
    unset is not the option left out, which would widen what is counted, listed or assessed."""
    from workstation.errors import ValidationError

    if value is not None and not str(value).strip():
        raise ValidationError({option: message})


def _period(args) -> tuple:
    """The dates of ``--from`` and ``--to`` (None when not given); a wrong one is refused naming its option."""
    from workstation.errors import ValidationError
    from workstation.validators import parse_date

    dates = []
    for option, value in (("--from", args.date_from), ("--to", args.date_to)):
        _not_empty(option, value, _("The date is empty: give it as YYYY-MM-DD, e.g. {option} 2026-03-01, or leave "
                                    "the option out (no limit on that side).").format(option=option))
        try:
            dates.append(parse_date(value))
        except ValueError as exc:
            raise ValidationError({option: str(exc)}) from None
    if dates[0] and dates[1] and dates[1] < dates[0]:  # an empty period would answer zeros as if they were counted
        raise ValidationError({"--to": _("{to} is before the first date {first} (--from): give the period's first "
                                         "date with --from and its last with --to.").format(to=dates[1],
                                                                                           first=dates[0])})
    return tuple(dates)


def _own(args) -> bool:
    """``--own``: the agency's own records only (as the window's "(own records only)" entry); refused without
    ``--agency``, whose own records they would be."""
    own = bool(getattr(args, "own", False))
    if own and not getattr(args, "agency", None):  # a wrong combination of options: CLI.md's usage error, exit 2
        raise _usage_error("--own", _("--own counts an agency's own records: give the agency with --agency "
                                      "CODE, e.g. --agency 440600 --own for the city bureau's own records."))
    return own


def _usage_error(option: str, message: str):
    """A usage error (exit 2, as argparse's own: an option missing its companion, a value the option cannot take)
    naming ``option``."""
    from workstation.errors import UsageError

    return UsageError(_("{field}: {message}").format(field=option, message=message))


def _counted_period(args) -> tuple:
    """The dates of ``--from`` and ``--to`` (``_period``) of figures counted: a period not begun (its first date
    after today) is refused naming the option and the date, as it has nothing to count yet."""
    from workstation.errors import ValidationError
    from workstation.stats import period_not_begun

    date_from, date_to = _period(args)
    if refusal := period_not_begun(date_from):  # the core's refusal, as the statistics export and the page say it
        raise ValidationError({"--from": refusal})
    return date_from, date_to


def cmd_stats(args) -> int:
    from workstation.reports.campaign import scope_note
    from workstation.stats import (
        campaign_counted_text,
        campaign_stats,
        complaint_scope,
        counted_period,
        counted_period_text,
        named_districts,
        open_conflicts_text,
        overdue_undecided_text,
        period_counted_text,
        stations_as_of_text,
        unconfirmed_verdicts_text,
        untransferred_text,
    )
    from workstation.store.publicity import shown_figures_text

    own = _own(args)
    db = _open(args)
    _warn_law_problems(args)  # a bureau's copy refused: its figures were counted on the shipped values, said
    agency_id = _agency_option(db, args.agency) or None
    date_from, date_to = _counted_period(args)
    stats = campaign_stats(db, agency_id, date_from, date_to, own=own)
    c = stats["cases"]
    # the cases and, after them, the transfers to the police; apart from them, on a line of its own, the cases
    # reaching the criminal threshold not transferred, named as the report (通报) names them
    text = join_sentences([_("{total} cases, {records} infringing records, {yuan:,.2f} yuan fined and "
                             "confiscated.").format(total=f"{c['total']:,}", records=f"{stats['infringing_records']:,}",
                                                    yuan=stats["penalties_total_fen"] / 100),
                           _("Transferred to the police: {n}.").format(n=f"{c['transferred_to_police']:,}")])
    if c.get("transferred_out"):  # sent to another agency (移送其他机关): not among the cases above
        text = join_sentences([text, _("Sent to other agencies with a 案件移送函, not counted above: {n}.").format(
            n=f"{c['transferred_out']:,}")])
    if untransferred := untransferred_text(c):
        text += "\n" + untransferred
    leads, complaints = stats["leads"], stats["complaints"]
    counts = {"total": f"{leads['total']:,}", "assigned": f"{leads['assigned']:,}",
              "decided": f"{leads['decided']:,}", "related": f"{complaints['related']:,}"}
    if complaint_scope(db, agency_id, own) == "city":
        text += "\n" + _("Leads: {total} ({assigned} assigned, {decided} decided); complaints: {imported} imported, "
                          "{related} concerning personal information.").format(
            imported=f"{complaints['imported']:,}", **counts)
    else:  # a bureau's or office's imported complaints would be its related ones again, as the page and report say
        text += "\n" + _("Leads: {total} ({assigned} assigned, {decided} decided); complaints: {related} concerning "
                          "personal information.").format(**counts)
    if unconfirmed := unconfirmed_verdicts_text(leads):  # in time or late on a T1 through a year without holidays
        text += "\n" + unconfirmed
    if overdue := overdue_undecided_text(leads):  # past T1 with no decision, as the deadline board counts them
        text += "\n" + overdue
    text += "\n" + _("Interviews: {held}, of which the party did not attend {absent}.").format(
        held=f"{stats['interviews']:,}", absent=f"{stats['interviews_absent']:,}")
    # the publicity figures named as the log names them (宣传资料 1,200 份，…), as --json has them
    text += "\n" + _("Publicity: {campaigns} activities; {figures}.").format(
        campaigns=f"{stats['publicity']['campaigns']:,}", figures=shown_figures_text(stats["publicity"]))
    if as_of := stations_as_of_text(stats["stations"]):  # headquarters: how recent each station's data are
        text += "\n" + as_of
    # a period: what counts in it, by which date (as the 统计 page says it); else the whole campaign's, said so
    # named as the report names it (an end still to come cut back to today), as --json gives it under "period": a
    # script's "no start" and "no end" (0001-01-01, 9999-12-31) are the whole campaign in both
    period = counted_period(date_from, date_to)  # the period on a line of its own, its rule on the next
    text += "\n" + (f"{counted_period_text(date_from, date_to)}\n{period_counted_text()}" if period
                    else campaign_counted_text())
    if conflicts := open_conflicts_text(stats["open_conflicts"]):  # said, never refused: settle them to be sure
        _warn(conflicts)
    # the agency counted, where it could be misread: at a station, every record held here unless --agency is given,
    # while its `report campaign` is of the station's own agency (both defaults kept: CLI.md); elsewhere (headquarters,
    # a laptop) without --agency, every record held here, said as well
    text += "\n" + scope_note(db, agency_id, own, always=True)
    result = named_districts(stats)  # the city bureau's own cases as 市局本级, as the report names them
    if period:  # a key added to CLI.md's: none for the whole campaign
        result["period"] = period
    _emit(args, result, text)
    return 0


def cmd_stats_export(args) -> int:
    from workstation.reports.campaign import scope_note
    from workstation.stats_export import export_statistics

    _check_output(args.output)
    fmt = _output_format(args, ("xlsx", "csv"))
    date_from, date_to = _counted_period(args)
    own = _own(args)
    db = _open(args)
    _warn_law_problems(args)  # as `stats`
    agency_id = _agency_option(db, args.agency) or None
    # progress on stderr as `report campaign` says it (counting the figures, writing the file)
    with _reported_work(_("Writing the statistics {file}…").format(file=args.output),
                        _("Statistics {file}: export finished.").format(file=args.output)) as progress:
        path = export_statistics(db, args.output, fmt, agency_id, date_from, date_to, own=own, progress=progress)
    # the file names the agency counted (办案机关); said here too where it could be misread, as `stats` says it
    _emit(args, {"path": str(path)}, written_text(path, _("It holds statistics without personal data."),
                                                  scope_note(db, agency_id, own)))
    return 0


def _import_lines(*files: str) -> tuple[str, str]:
    """The start and end lines of an import of ``files`` said to a file or a pipe (``_reported_work``)."""
    from workstation.importing.tables import readable_path

    named = join_names(readable_path(f) for f in files)
    return _("Importing {file}…").format(file=named), _("{file}: import finished.").format(file=named)


def cmd_cases_import(args) -> int:
    from workstation.errors import ImportRefused
    from workstation.i18n import ngettext
    from workstation.importing.register import import_register, row_sentence, rows_of
    from workstation.importing.tables import readable_name, readable_path
    from workstation.store import ensure_reference_data

    db = _open(args)
    ensure_reference_data(db)
    try:
        # the file's name (not where it was) in the open marker: a start after a kill names the file to import again
        noted = _("Importing case register {file}").format(file=readable_name(args.file))
        with _noted_work(noted), _reported_work(*_import_lines(args.file)) as progress:
            result = import_register(db, args.file, dry_run=args.dry_run, skip_invalid=args.skip_invalid,
                                     encoding=args.encoding, progress=progress,
                                     cancel=_interrupts_held_once_closed(args))
    except ImportRefused as exc:
        # named by the path typed, as the complaint imports name theirs (the core names the file by its name)
        name, given = readable_name(args.file), readable_path(args.file)
        if given != name and exc.message.startswith(name):
            exc.message = given + exc.message[len(name):]
        raise  # with --json, the result of an import that imported nothing too (``_cases_import_refused``)
    summary = result.as_dict()
    # three numbers that do not overlap, as the window says them: the rows skipped as their case is stored, and the
    # rows left out for their errors (each counted once however many of its fields are wrong); the JSON's
    # "skipped" still counts both, as it always has
    invalid = rows_of(result.errors)
    template = ngettext("{rows} row: {imported} imported, {skipped} skipped as stored already, {errors} with errors "
                        "not imported.", "{rows} rows: {imported} imported, {skipped} skipped as stored already, "
                        "{errors} with errors not imported.", result.rows)
    if result.ignored_columns:  # joined as sentences ("。" then the next, no space) before the column names go in
        template = join_sentences([template, _("Columns not imported: {columns}.")])
    text = template.format(rows=result.rows, imported=result.imported, skipped=result.skipped - invalid,
                           errors=invalid, columns="、".join(result.ignored_columns))
    for error in result.errors:  # "禅城区 row 4, …" when a workbook's sheets were imported together
        text += "\n" + row_sentence(error)
    if result.sheets_left_out:
        text += "\n" + result.sheets_note()
    if result.warnings:
        from workstation.importing.register import warning_lines

        text += "\n" + "\n".join(warning_lines(result.warnings))
    if args.dry_run:  # the counts say what an import would do: the officer must not take them as done
        text += "\n" + _("Dry run: nothing was changed.")
    _emit(args, summary, text)
    return 0


#: the largest --limit the database takes (SQLite's integers are 64-bit): one beyond it is refused as a negative one
_MAX_LIMIT = 2 ** 63 - 1


def _limit_checked(limit: int, message: str) -> None:
    """Refuse a ``--limit`` below zero or beyond ``_MAX_LIMIT`` with ``message`` (what the option takes), naming
    the option."""
    if not 0 <= limit <= _MAX_LIMIT:
        raise _usage_error("--limit", message)


def _search_checked(text: str | None) -> None:
    """Refuse a ``--search`` the terminal passed in bytes that are not UTF-8 (Python holds them as surrogates, which
    the database refuses), naming the option."""
    from workstation.errors import ValidationError, undecodable, undecodable_text

    if text and undecodable(text):
        raise ValidationError({"--search": undecodable_text()})


def cmd_cases_list(args) -> int:
    from workstation.masking import mask_text
    from workstation.store import CaseFilter, count_cases, list_cases
    from workstation.vocabulary import shown_label

    status = _vocabulary_key("statuses", "--status", args.status)
    sector = args.sector
    if sector:  # the sector words a register is imported with too (the importer loaded only then: ~0.4 s)
        from workstation.importing.register import sector_key

        sector = sector_key(sector) or sector
    sector = _vocabulary_key("sectors", "--sector", sector)
    _not_empty("--district", args.district, _("The district is empty: give one, e.g. --district 南海区, or leave the "
                                              "option out to list the cases of every district."))
    _limit_checked(args.limit, _("Give a number of cases, zero or more."))
    _search_checked(args.search)
    db = _open(args)
    agency_id = _agency_option(db, args.agency) or None
    flt = CaseFilter(status=status, sector=sector, district=args.district, agency_id=agency_id,
                     search=args.search)
    limit = args.limit or count_cases(db, flt)
    rows = list_cases(db, flt, limit=max(limit, 1)) if limit else []
    # the 罚没金额 as the case list shows it: a decision the party's reconsideration or lawsuit revoked counts nothing
    # (as in the statistics), the amount it imposed said apart
    # the party masked as the window's list shows it: a number's 使用人 named by a phone or ID number (masking)
    result = [{"id": r.id, "case_number": r.case_number or None, "party": mask_text(r.party_names), "sector": r.sector,
               "status": r.status, "district": r.district, "filed_on": r.filed_on, "penalties_fen": r.penalties_fen,
               "penalties_revoked_fen": r.penalties_revoked_fen} for r in rows]
    not_filed = _("not filed")
    text = "\n".join(f"{r.case_number or not_filed}\t{_cell(mask_text(r.party_names))}\t"
                     f"{shown_label('sectors', r.sector)}\t"
                     f"{shown_label('districts', r.district)}\t"
                     f"{shown_label('statuses', r.status)}" for r in rows)
    _emit(args, result, text or _("No cases."))
    return 0


def _review_grounds_shown() -> dict[str, list[str]]:
    """The grounds `cases review-grounds --ground` marks, each key with its wordings (the one shown first): in the
    user's language, and the Chinese of the legal data (``law.thresholds.shown_ground``)."""
    from workstation.decision_review import marked_ground_entries
    from workstation.law.thresholds import shown_ground

    return {key: [shown_ground(g), g["text"]] for key, g in marked_ground_entries().items()}


def _review_ground_key(value: str) -> str:
    """The key of a ground --ground gives as its key or as its wording (``_review_grounds_shown``); an unknown one
    refused naming the option, the grounds listed as key and wording, as other options list theirs."""
    from workstation.errors import ValidationError

    grounds = _review_grounds_shown()
    typed = " ".join(value.split())
    for key, wordings in grounds.items():
        if typed.casefold() in (key.casefold(), *(w.casefold() for w in wordings)):
            return key
    raise ValidationError({"--ground": _("Unknown ground of legal review or collective discussion {name}; known: "
                                         "{known}.").format(name=shortened(value), known=join_names(
        _("{key} ({label})").format(key=key, label=wordings[0]) for key, wordings in grounds.items()))})


def cmd_cases_review_grounds(args) -> int:
    """Show the grounds of Penalty Law art. 58 marked on a case, or mark them (``--ground``, ``--clear``)."""
    from workstation.decision_review import (
        legal_review_recorded_for_each,
        mark_review_grounds,
        marked_discussion_text,
        marked_grounds_text,
    )
    from workstation.errors import ValidationError, join_sentences
    from workstation.store import find_case

    if args.clear and args.ground:  # options that do not go together: CLI.md's usage error, exit 2
        raise _usage_error("--clear", _("Give --ground or --clear, not both."))
    db = _open(args)
    case = find_case(db, args.case)
    if args.ground or args.clear:
        try:
            case = mark_review_grounds(db, case, [_review_ground_key(value) for value in args.ground or []])
        except ValidationError as exc:
            raise _named_by_options(exc, {"review_grounds": "--ground"}) from None
    named = case_named(case.case_number, case.party_names, case.cause)
    marked = marked_grounds_text(case)
    text = (_("Case {case}: legal review is required before the decision: {grounds}.").format(case=named,
                                                                                              grounds=marked)
            if marked else _("Case {case}: no ground of Penalty Law art. 58 is marked.").format(case=named))
    if discussed := marked_discussion_text(case):  # art. 57 para. 2, said only when marked
        text = join_sentences([text, _("The heads' collective discussion is required before the decision: "
                                       "{grounds}.").format(grounds=discussed)])
    # with several parties, each party whose decision needs one has its own (the 案件审核表 is made for one party)
    _emit(args, {"case_number": case.case_number or None, "review_grounds": case.review_grounds,
                 "legal_review_recorded": legal_review_recorded_for_each(db, case)}, text)
    return 0


def cmd_cases_facts(args) -> int:
    """Show the facts recorded on a case that change the law applied (``case_law.condition_labels``), or record them
    (``--fact``, ``--clear``) with the rest of its penalty choice kept; the penalty basis and its range follow."""
    from workstation.errors import ValidationError
    from workstation.law import catalogue
    from workstation.law.case_law import (
        basis_citation,
        calls_warning_and_command,
        case_law,
        condition_labels,
        save_penalty_choice,
        to_be_verified,
        told_provisions_note,
    )
    from workstation.rectification_checks import REFUSED, refused_correction_warning
    from workstation.store import find_case

    if args.clear and args.fact:  # options that do not go together: CLI.md's usage error, exit 2
        raise _usage_error("--clear", _("Give --fact or --clear, not both."))
    db = _open(args)
    case = find_case(db, args.case)
    before = None  # the provisions violated before the facts are recorded (told after a notice when they change)
    if args.fact or args.clear:
        before = case_law(db, case).violated_norms
        try:
            case = save_penalty_choice(
                db, case, act_on=case.act_on, prior_punished=case.prior_punished, penalty_norm=case.penalty_norm,
                discretion_tier=case.discretion_tier, discretion_factors=case.discretion_factors,
                discretion_reason=case.discretion_reason, fine_fen=case.fine_fen, law_conditions=args.fact or [])
        except ValidationError as exc:
            raise _named_by_options(exc, {"law_conditions": "--fact"}) from None
    named = case_named(case.case_number, case.party_names, case.cause)
    labels = condition_labels()
    law = case_law(db, case)
    basis = (_("penalty basis {norm}: {range}").format(norm=basis_citation(law.penalty),
                                                        range=catalogue.range_text(law.penalty.range))
             if law.penalty else _("no penalty basis"))
    text = (_("Case {case}: facts established: {facts}; {basis}.").format(
        case=named, facts="；".join(labels.get(c, c) for c in case.law_conditions), basis=basis)
        if case.law_conditions else _("Case {case}: no fact is recorded that changes the law; {basis}.").format(
            case=named, basis=basis))
    if law.violated_norms:  # the 违反的规定 the documents print: what the facts change, seen before issuing
        text = join_sentences([text, _("Provisions violated: {norms}.").format(norms=law.violated_norms)])
    if law.acts:  # separate acts (分别裁量、合并处罚): each with its own basis and range
        text = join_sentences([text, law.penalty.explanation])
    if law.basis_unconfirmed:  # what is not verified about the basis (广告法 art. 62, 个保法 art. 66 …): said with it
        text = join_sentences([text, to_be_verified(law.basis_unconfirmed)])
    _emit(args, {"case_number": case.case_number or None, "facts": case.law_conditions,
                 "violated": law.violated_norms or None, "violated_norms": [n.id for n in law.violated_duties],
                 "penalty_norm": law.penalty.norm.id if law.penalty else None,
                 "acts": [{"violations": [v.violation for v in a.violations], "penalty_norm": a.penalty.norm.id,
                           "fine_range_fen": [a.penalty.range.min_fen, a.penalty.range.max_fen]} for a in law.acts],
                 "fine_range_fen": [law.penalty.range.min_fen, law.penalty.range.max_fen] if law.penalty else None,
                 "unconfirmed": law.basis_unconfirmed or None,
                 "transfer_suggested": law.criminal.transfer_suggested}, text)
    if law.uncovered_warning:  # violations the basis does not cover: 择一重处 is for one act (told, not refused)
        _warn(law.uncovered_warning)
    calls, command = calls_warning_and_command(case)  # calls told in the facts, cited as messages without the fact
    if calls:  # told, with the command (--fact replaces: all of them)
        _warn(f"{calls} (`{command}`)")
    if before is not None and (told := told_provisions_note(db, case, before, law.violated_norms)):
        _warn(told)  # a 行政处罚告知书 told the party of the provisions before: a new one first (Penalty Law art. 44)
    from workstation.law.criminal import lawful_business_conflict

    if conflict := lawful_business_conflict(case):  # art. 6 set on a case providing the records: not followed
        _warn(conflict)
    if REFUSED in (args.fact or ()) and (missing := refused_correction_warning(db, case.id)):
        # no order or no re-inspection finding it not corrected here: recorded (the order may be on paper), told
        _warn(missing)
    return 0


def _transition_party(db, case, given: str) -> str:
    """The id of the party of ``case`` that a --party of `cases transition` names by its id or its name as recorded,
    as `docs … --party` reads it (``addressee.choose_party``, asked for a form written for one party); ``given``
    itself when it names none (refused then, naming the option)."""
    from workstation.documents.addressee import choose_party
    from workstation.documents.drafts import find_form
    from workstation.errors import NotFound

    try:
        chosen = choose_party(db, case, find_form("pre_penalty_notice"), given) if given else None
    except NotFound:
        return given
    return chosen.id if chosen else given


def cmd_cases_transition(args) -> int:
    from workstation import procedure
    from workstation.errors import TransitionRefused, ValidationError
    from workstation.store import find_case, parties_of_case
    from workstation.validators import parse_date
    from workstation.vocabulary import shown_label

    _transition_option_clashes(args)  # a usage error whatever the data, the case or the action's state
    try:  # a date not in the calendar is refused naming its option, as every other command's
        parse_date(args.date)
    except ValueError as exc:
        raise ValidationError({"--date": str(exc)}) from None
    from workstation.store.clock_events import HEAD_STEPS

    if args.approved_by and args.action not in HEAD_STEPS:  # before anything is recorded, whatever the action
        raise ValidationError({"--approved-by": _("--approved-by goes with the actions {actions} only: it names "
                                                  "the head who decided on the transfer report.").format(
            actions=", ".join(HEAD_STEPS))})
    db = _open(args)
    _warn_law_problems(args)  # the thresholds and time limits its guards weigh are the shipped ones: said
    case = find_case(db, args.case)
    if args.action == UNDO_STEP:  # 撤销上一步: the last step recorded taken back, to be recorded again
        return _undo_step(args, db, case)
    if args.action in CHALLENGE_STEPS:  # 申请行政复议, 提起行政诉讼 and their outcome: on the case's clocks
        return _record_challenge(args, db, case)
    if args.action == HOLD_HEARING:  # 举行听证: recorded on the case's clocks (or its parties'), not a change of state
        return _record_hearing_session(args, db, case, EVENT_STEPS[HOLD_HEARING][1])
    if args.action in EVENT_STEPS:  # 罚款已交至行政机关 …: recorded on the case's clocks, not a change of state
        return _hold_hearing(args, db, case, *EVENT_STEPS[args.action])
    if args.action in _police_event_steps():  # the transfer report, its approval, the police's answers: likewise
        return _record_police_step(args, db, case)
    if args.action not in procedure.BY_NAME:
        # those offered in this case (转为普通程序 only once its 当场行政处罚决定书 was voided: ``offered_when``)
        possible = [(t.name, shown_label("transitions", t.name)) for t in procedure.transitions_from(case.status)
                    if t.offered_when is None or t.offered_when(db, case)]
        if case.status == "hearing":  # the hearing held, recorded while the case is at its hearing
            possible.insert(0, (HOLD_HEARING, shown_label("clock_events", "hearing_session")))
        from workstation.on_the_spot_payment import fine_collected

        if case.status in ("served", "performed") and fine_collected(db, case):  # the fine collected handed over
            possible.insert(0, (BANK_FINE, shown_label("clock_events", "fine_banked")))  # and paid into the bank
            possible.insert(0, (HAND_OVER_FINE, shown_label("clock_events", "fine_handed_over")))
        if case.procedure_kind == procedure.SIMPLE and case.status in ("served", "performed", "closed", "archived"):
            possible.insert(0, (FILE_WITH_BUREAU, shown_label("clock_events", "bureau_filing")))  # 已报备案 (T31)
        possible[:0] = [(kind, shown_label("clock_events", kind)) for kind in _police_steps_possible(db, case)]
        status = shown_label("statuses", case.status)
        if not possible:
            raise WorkstationError(_("Unknown procedure action {name}; no action is possible while the case is "
                                     "“{status}”.").format(name=args.action, status=status))
        raise WorkstationError(_("Unknown procedure action {name}; while the case is “{status}” these are "
                                 "possible: {actions}.").format(
            name=args.action, status=status, actions=join_names(_("{key} ({label})").format(
                key=key, label=label) for key, label in possible)))
    transition = procedure.BY_NAME[args.action]
    given_reason = None  # the reason taken for the officer, said with the result (never silently)
    if args.action == "terminate" and not args.reason.strip():  # a case sent elsewhere by a 案件移送函: that transfer
        from workstation.concluding import transfer_letter_reason

        args.reason = given_reason = transfer_letter_reason(db, case)
    referral = procedure.pending_referral(db, case) if args.action == "decline_filing" else None
    letter_day = None  # the 案件移送函's day taken for --date, said with the result (never silently)
    if referral is not None:  # a case awaiting filing sent away by its 案件移送函: referred on its day, for it
        if not args.date:
            args.date = referral.dated
            letter_day = _("Recorded on the day of the 案件移送函 {number}, {date} (give --date for another).").format(
                number=referral.number or "—", date=referral.dated)
        if not args.reason.strip():
            from workstation.concluding import transfer_letter_reason

            args.reason = given_reason = transfer_letter_reason(db, case)
    cover_day = None  # the 卷宗封面's 归档日期 taken for --date, said with the result (never silently)
    if args.action == "archive" and not args.date and case.status in transition.sources:
        from workstation.closing import cover_archive_day

        day = cover_archive_day(db, case)  # as the window's archive dialog starts at it; none: today
        if day is not None:
            args.date, cover = day
            cover_day = _("Archived on {date}, the 归档日期 the {title} issued {issued} gives (give --date for "
                          "another).").format(date=args.date, title=cover.title, issued=cover.issued_at[:10])
    sheet_days = _filing_sheet_days(db, case, args) if args.action == "file" else ""
    if transition.needs_reason and not args.reason.strip() and \
            case.status in transition.sources + transition.police_sources:
        raise ValidationError({"--reason": _("“{action}” needs a reason.").format(
            action=shown_label("transitions", transition.name))})
    parties = parties_of_case(db, case.id)
    named = tuple(_transition_party(db, case, given) for given in args.party or ())
    unknown = [given for given in named if given not in {p.id for p in parties}]
    if unknown:  # named by the option typed, with the ids to give instead
        raise ValidationError({"--party": _("{party} is not a party of case {case}. Its parties are: {parties}.").format(
            party=unknown[0], case=case_named(case.case_number, case.party_names, case.cause),
            parties=_parties_listed(parties) or _("none"))})
    if args.action == "request_hearing" and not named and len(parties) > 1:
        raise WorkstationError(_("Case {case} has {n} parties and each asks for its own hearing: say which one asks "
                                 "with --party ID: {parties}.").format(
            case=case_named(case.case_number, case.party_names, case.cause), n=len(parties), parties=_parties_listed(parties)))
    if args.action in procedure.HEARING_GIVEN_UP and not named and len(parties) > 1 and (
            pending := procedure.pending_hearings(db, case)):  # each party gives up its own hearing
        raise WorkstationError(_("Case {case} has several parties, each asking for its own hearing: say for whom "
                                 "“{action}” is recorded with --party ID, one of those whose hearing is pending: "
                                 "{parties}.").format(
            case=case_named(case.case_number, case.party_names, case.cause),
            action=shown_label("transitions", args.action),
            parties=_parties_listed([party for party in parties if party.id in pending])))
    if args.action == "waive_statement" and not named and len(parties) > 1:
        raise WorkstationError(_("Case {case} has {n} parties and each waives for itself: say which one waives "
                                 "with --party ID (repeat it for several): {parties}.").format(
            case=case_named(case.case_number, case.party_names, case.cause), n=len(parties), parties=_parties_listed(parties)))
    if len(named) > 1 and args.action not in procedure.PARTY_ACTIONS:
        raise ValidationError({"--party": _("“{action}” is taken by one party: give --party once.").format(
            action=shown_label("transitions", args.action))})
    officer_ids = _filing_officers(db, args, case)
    if args.action == "file" and (args.proposed_on or case.filing_proposed_on):  # said at the option, before
        from workstation.records import today  # anything is recorded (the one recorded: against --date)
        from workstation.store.cases import proposal_refusal

        refusal = proposal_refusal(args.proposed_on or case.filing_proposed_on, args.date or today(),
                                   case.lead_received_on)
        if refusal:
            raise ValidationError({"--proposed-on" if args.proposed_on else "--date": refusal})
    payment = _payment_options(args)
    _payment_refusal(db, case, args, named, payment)
    payment, filled = _owed_surcharge(db, case, args, named, payment)
    _untransferred_refusal(db, case, args)
    # (what is said, what the timeline keeps with the step, as the window keeps the warning ticked)
    found = _transition_warnings(db, case, args, named, payment) + _count_warning(db, case, args, named)
    if args.action == "file" and case.status in transition.sources:  # days other than the issued sheet's
        from workstation.records import today

        differs = procedure.filing_date_warning(db, case, args.date or today(), args.proposed_on)
        found += [differs] if differs else []
    warnings = [said for said, _note in found]
    # 听证结束 in a case with several parties: said whom it recorded as heard (an absent party is recorded first)
    note = procedure.conclusion_note(db, case) if args.action == "conclude_hearing" and len(parties) > 1 else None
    note = note or filled or None  # a payment of what is owed given without its surcharge: the one computed
    if given_reason:  # terminated without --reason: the 案件移送函's transfer, which the 结案审批表 states
        note = _("Reason (from the 案件移送函; give --reason for another): {reason}").format(reason=given_reason)
    note = sheet_days or note  # filed on the days of the issued 立案审批表, not given as options
    if letter_day:  # referred on the 案件移送函's day, --date not given
        note = " ".join(filter(None, [note, letter_day]))
    if cover_day:  # archived on the cover's 归档日期, --date not given
        note = " ".join(filter(None, [note, cover_day]))
    try:
        updated = procedure.apply(db, case.id, args.action, on_date=args.date,
                                  reason=procedure.noted_reason(args.reason, *(kept for _said, kept in found)),
                                  party_ids=named, proposed_on=args.proposed_on, payment=payment,
                                  officer_ids=officer_ids, in_full=args.in_full, for_command_line=True)
    except TransitionRefused as exc:  # too few officers to file: named here with --officer, not in the window
        if cover_day:  # a day not given, refused (still to come): said where it came from
            raise TransitionRefused(" ".join([exc.message, _(
                "--date was not given: the day is the 归档日期 the {title} issued {issued} gives; give --date for "
                "another, or issue the cover's correction.").format(title=cover.title,
                                                                    issued=cover.issued_at[:10])])) from None
        if procedure.officers_remedy() not in exc.message:
            raise
        if args.action != "file":  # a case filed already (one imported from a register): no command names them
            raise TransitionRefused(exc.message.replace(procedure.officers_remedy(), _(
                "The command line names a case's officers only as it files it (cases transition CASE file --officer): "
                "for a case filed already, name them in the window — officers and their certificate numbers under "
                "Case → Enforcement officers…, the case's own under Edit case…."))) from None
        raise TransitionRefused(exc.message.replace(procedure.officers_remedy(), _(
            "Name the two officers the case is filed with: cases transition {case} file --officer NAME --officer "
            "NAME (officers and their certificate numbers are entered in the window, under Case → Enforcement "
            "officers…).").format(case=args.case))) from None
    from workstation.step_undo import last_step

    recorded = last_step(db, updated.id)  # its id: what `cases transition CASE undo --step-id` takes
    result = {"id": updated.id, "case_number": updated.case_number or None, "status": updated.status,
              "step_id": recorded.id if recorded is not None else None}
    if warnings:
        result["warnings"] = warnings
    if note:
        result["note"] = note
    _emit(args, result, "\n".join([_("{number}: {status}").format(number=updated.case_number or _("not filed"),
                                                                   status=shown_label("statuses", updated.status)),
                                   *([note] if note else []),
                                   *(_("Warning: {message}").format(message=w) for w in warnings)]))
    return 0


def _transition_option_clashes(args) -> None:
    """Refuse the options of `cases transition` given with an action they do not go with — a usage error (exit 2),
    said before the data directory, the case or its state is looked at, so that the same command line is refused
    alike whatever the data (and with undo, which takes none of them)."""
    from workstation.store.clock_events import CHANGED, OUTCOMES

    if args.proposed_on and args.action != "file":
        raise _usage_error("--proposed-on", _("--proposed-on goes with the action file only."))
    if args.officers and args.action != "file":
        raise _usage_error("--officer", _("--officer goes with the action file only: it names the officers the case "
                                          "is filed with."))
    if args.number and args.action not in OUTCOMES:
        raise _number_refusal()
    if args.fine is not None and args.action != CHANGED:
        raise _usage_error("--fine", _("--fine goes with the action {action} only.").format(action=CHANGED))
    if args.action != "record_performance":
        if getattr(args, "in_full", False):
            raise _usage_error("--in-full", _("--in-full goes with the action record_performance only."))
        for option, value in (("--paid", args.paid), ("--surcharge", args.surcharge), ("--voucher", args.voucher)):
            if value:
                raise _usage_error(option, _("{option} goes with the action record_performance only.").format(
                    option=option))
    if args.not_transferred and args.action != "terminate":
        raise _usage_error("--not-transferred", _("--not-transferred goes with the action terminate only."))
    if getattr(args, "step_id", None) and args.action != UNDO_STEP:
        raise _usage_error("--step-id", _("--step-id goes with the action {action} only.").format(action=UNDO_STEP))


def _filing_sheet_days(db, case, args) -> str:
    """``cases transition CASE file`` after the case's 立案审批表 was issued (``procedure.filing_approval``): --date and
    --proposed-on not given take the 立案日期 and 立案呈批日期 it bears (a 立案呈批日期 the case records already stays),
    as the window's filing dialog starts at them (``ui.transition_dialog.filing_advice``); what was taken is said,
    "" when nothing was."""
    from workstation import procedure

    sheet = procedure.filing_approval(db, case)
    if sheet is None:
        return ""
    taken = []
    if not args.date and sheet.approved_on:
        args.date = sheet.approved_on
        taken.append(_("立案日期 {date} (--date)").format(date=sheet.approved_on))
    if not args.proposed_on and not case.filing_proposed_on and sheet.proposed_on:
        args.proposed_on = sheet.proposed_on
        taken.append(_("立案呈批日期 {date} (--proposed-on)").format(date=sheet.proposed_on))
    if not taken:
        return ""
    return _("Filed with the days the 立案审批表 issued {issued} bears: {days}; give the option for another.").format(
        issued=sheet.issued_on, days=_("; ").join(taken))


def _filing_officers(db, args, case) -> tuple[str, ...]:
    """The ids of the officers ``cases transition CASE file --officer NAME_OR_CERT`` names, in their order (each
    once): refused naming ``--officer`` and the officer when the officers' register holds nobody on duty so named
    (``officer_named``), they hold no enforcement certificate (filing needs two who do, Penalty Law art. 42) or they
    are officers of another agency than the case's bureau and its offices (``outside_agency_refusal``: its documents
    would print them) (with any action but ``file``: ``_transition_option_clashes``)."""
    from workstation.errors import ValidationError
    from workstation.store import officer_named
    from workstation.store.cases import outside_agency_refusal

    if not args.officers:
        return ()
    ids = []
    for text in args.officers:
        try:
            officer = officer_named(db, text)
        except ValidationError as exc:
            raise _named_by_options(exc, {"officer": "--officer"}) from None
        if not officer.certified:
            raise ValidationError({"--officer": _("{name} has no enforcement certificate: a case is filed with two "
                                                  "officers who hold one (Penalty Law art. 42).").format(
                name=officer.name)})
        if refusal := outside_agency_refusal(db, case.agency_id, officer):  # as the case window offers them
            raise ValidationError({"--officer": refusal})
        ids.append(officer.id)
    return tuple(dict.fromkeys(ids))


# `cases transition CASE hold_hearing`: the hearing held (举行听证), which T6 counts back from and 听证结束 follows
# `cases transition CASE undo --reason TEXT`: the case's last recorded step undone (撤销上一步, ``step_undo``): its status,
# date fields and clock events put back, the step then recorded again with the right date
UNDO_STEP = "undo"


def _undo_step(args, db, case) -> int:
    from workstation import procedure, step_undo
    from workstation.errors import ValidationError
    from workstation.vocabulary import shown_label

    if args.date:
        raise ValidationError({"--date": _("undo takes back the last step with the date it was recorded with: "
                                           "leave --date out, and give it when the step is recorded again.")})
    if not args.reason.strip():
        raise ValidationError({"--reason": _("Undoing a step needs a reason.")})
    event = step_undo.last_step(db, case.id)
    # what is said undone, read before it goes; undo_last_step refuses, nothing undone, a step that cannot be undone
    # (none at all) and, with --step-id, another step than that one the last by now (named, in its transaction)
    name, day = (step_undo.step_name(event, case, db), event.on_date) if event is not None else (None, None)
    named = step_undo.last_step_named(db, case, event=event)  # a payment as the timeline names it
    voided = step_undo.number_kept_void(db, case)  # the filing undone: its number kept void, said
    updated = procedure.undo_last_step(db, case.id, args.reason, expected_event_id=args.step_id or None)
    result = {"id": updated.id, "case_number": updated.case_number or None, "status": updated.status,
              "undone": name, "undone_date": day, "voided_case_number": voided or None}
    text = _("{number}: “{step}” of {date} undone; {status}").format(
        number=case_named(updated.case_number, updated.party_names, updated.cause),
        step=named[0] if named else shown_label("transitions", name), date=day,
        status=shown_label("statuses", updated.status))
    _emit(args, result, f"{text}\n{step_undo.number_kept_void_note(voided)}" if voided else text)
    return 0


HOLD_HEARING = "hold_hearing"
# `cases transition CASE hand_over_fine`: the fine collected on the spot handed to the agency (罚款已交至行政机关, T32)
HAND_OVER_FINE = "hand_over_fine"
# `cases transition CASE bank_fine`: that fine paid by the agency into the designated bank (罚款已缴付指定银行, T33)
BANK_FINE = "bank_fine"
# `cases transition CASE file_with_bureau`: the decision made on the spot filed with the bureau (已报备案, T31)
FILE_WITH_BUREAU = "file_with_bureau"
# the steps recorded as a clock event of the case: {action: (event kind, the key of its day in the --json result)}
EVENT_STEPS = {HOLD_HEARING: ("hearing_session", "hearing_held_on"),
               HAND_OVER_FINE: ("fine_handed_over", "handed_over_on"), BANK_FINE: ("fine_banked", "banked_on"),
               FILE_WITH_BUREAU: ("bureau_filing", "filed_with_bureau_on")}


def _hold_hearing(args, db, case, kind: str, key: str) -> int:
    """Record the event ``kind`` of ``EVENT_STEPS`` other than 举行听证 (``_record_hearing_session``) on --date
    (default today) with --reason as its note, as the case's Deadlines section records it (“Record clock event…”)
    and checked as there (``clock_event_errors``: 罚款已交至行政机关 after a decision that collected the fine on the
    spot), its day given as ``key``."""
    from workstation.vocabulary import shown_label

    event = _record_case_event(args, db, case, kind)
    result = {"id": case.id, "case_number": case.case_number or None, "status": case.status,
              key: event.starts_on}
    _emit(args, result, _("{number}: “{event}” recorded on {date}").format(
        number=case.case_number or _("not filed"), event=shown_label("clock_events", kind), date=event.starts_on))
    return 0


# `cases transition CASE police_filed` …: the steps of a transfer to the police (REFERENCE §1.7; transfer rules arts.
# 5, 8, 9, 12), each action named by the kind of clock event it records, as the case's Deadlines section records
# them: the transfer report (移送涉嫌犯罪案件的书面报告), the head's approval or refusal of it, the police's 立案 or
# 不予立案, a request to reconsider and their decision on it, a request to the procuratorate to supervise, the
# exhibits handed over (or none to hand over) and the police's withdrawal of a case they opened
# (``clock_events.TRANSFER_REPORT``, ``HEAD_STEPS`` — recorded with the head who decided: --approved-by, kept in
# ``approved_by``, the 涉嫌犯罪案件移送书's 批准人 —, ``POLICE_STEPS``)
def _police_event_steps() -> tuple[str, ...]:
    """The report, the head's decisions on it, then the steps with the police, in that order."""
    from workstation.store.clock_events import HEAD_STEPS, POLICE_STEPS, TRANSFER_REPORT

    return (TRANSFER_REPORT, *HEAD_STEPS, *POLICE_STEPS)


def _record_police_step(args, db, case) -> int:
    """Record a step of ``_police_event_steps`` on --date (default today) with --reason as its note (and
    --approved-by, the head who decided on the transfer report), checked as the window checks it
    (``clock_event_errors``: each after the step it follows, the head's decision before the transfer, once per
    report or refusal …); the case's own, never a party's."""
    from workstation.vocabulary import shown_label

    event = _record_case_event(args, db, case, args.action, approved_by=args.approved_by.strip())
    result = {"id": case.id, "case_number": case.case_number or None, "status": case.status, "event": event.kind,
              "on": event.starts_on}
    if event.approved_by:
        result["approved_by"] = event.approved_by
    _emit(args, result, _("{number}: “{event}” recorded on {date}").format(
        number=case.case_number or _("not filed"), event=shown_label("clock_events", event.kind),
        date=event.starts_on))
    return 0


def _police_steps_possible(db, case) -> list[str]:
    """The steps of ``_police_event_steps`` following a transfer report or a transfer (not the report itself) that
    could be recorded in ``case`` today, as an unknown action lists them."""
    from workstation.records import ClockEvent, today
    from workstation.store.clock_events import clock_event_errors

    # who decided on the report is asked when it is recorded (--approved-by), not weighed here
    return [kind for kind in _police_event_steps()[1:]
            if not set(clock_event_errors(db, ClockEvent(case_id=case.id, kind=kind, starts_on=today()), case))
            - {"approved_by"}]


def _record_hearing_session(args, db, case, key: str) -> int:
    """`cases transition CASE hold_hearing`: 举行听证 on --date (default today) with --reason as its note
    (``procedure.record_hearing_session``): for the parties --party names (each by its id or name, repeated for
    several), else — in a case with several parties heard on different days — for those whose 听证通知书 sets that
    day, else for the whole case; refused naming the option that gives what is wrong, nothing recorded."""
    from workstation import procedure
    from workstation.errors import ValidationError
    from workstation.records import today
    from workstation.store import get_party
    from workstation.vocabulary import shown_label

    named = tuple(_transition_party(db, case, given) for given in args.party or ())
    try:
        events = procedure.record_hearing_session(db, case, args.date or today(), args.reason.strip(), named,
                                                  for_command_line=True)
    except ValidationError as exc:  # the fields named by their options, a refusal of the step said as it is
        if "kind" in exc.errors:
            raise WorkstationError(exc.errors["kind"]) from None
        options = {"starts_on": "--date", "party": "--party"}
        if set(exc.errors) <= set(options):
            raise ValidationError({options[field]: message for field, message in exc.errors.items()}) from None
        raise WorkstationError(join_sentences(list(exc.errors.values()))) from None
    day = events[0].starts_on
    parties = [get_party(db, event.party_id) for event in events if event.party_id]
    result = {"id": case.id, "case_number": case.case_number or None, "status": case.status, key: day,
              "party_ids": [party.id for party in parties]}
    number, label = case.case_number or _("not filed"), shown_label("clock_events", "hearing_session")
    _emit(args, result, _("{number}: “{event}” recorded on {date} for {parties}").format(
        number=number, event=label, date=day, parties="、".join(party.name for party in parties)) if parties else
        _("{number}: “{event}” recorded on {date}").format(number=number, event=label, date=day))
    return 0


def _record_case_event(args, db, case, kind: str, approved_by: str = ""):
    """The clock event ``kind`` of the whole case recorded on --date (default today) with --reason as its note, as
    the case's Deadlines section records it: refused naming --party given with it (--proposed-on and the payment
    options: ``_transition_option_clashes``), a date refused naming --date and the head who decided on a transfer
    report --approved-by; a step refused whatever its day (the step it follows not recorded, a second decision …,
    the case's stage) is said as it is, naming no option, and the command line's own remedies
    (``for_command_line``)."""
    from workstation.errors import ValidationError
    from workstation.records import ClockEvent, today
    from workstation.store.clock_events import record_clock_event
    from workstation.vocabulary import shown_label

    label = shown_label("clock_events", kind)
    if args.party:
        raise ValidationError({"--party": _("“{action}” is recorded for the whole case, not for one party: leave out "
                                            "the party.").format(action=label)})
    try:
        return record_clock_event(db, ClockEvent(case_id=case.id, kind=kind, starts_on=args.date or today(),
                                                 approved_by=approved_by, note=args.reason.strip()),
                                  for_command_line=True)
    except ValidationError as exc:  # the fields named by their options, a refusal of the step said as it is
        if "kind" in exc.errors:
            raise WorkstationError(exc.errors["kind"]) from None
        options = {"starts_on": "--date", "approved_by": "--approved-by"}
        if set(exc.errors) <= set(options):
            raise ValidationError({options[field]: message for field, message in exc.errors.items()}) from None
        raise WorkstationError(join_sentences(list(exc.errors.values()))) from None


# `cases transition CASE reconsideration|litigation`: the party applied for reconsideration or sued (行政复议期间,
# 行政诉讼期间 from --date); `cases transition CASE challenge_revoked --number 文号` …: its outcome, which ends it
CHALLENGE_STEPS = ("reconsideration", "litigation", "challenge_upheld", "challenge_revoked", "challenge_changed",
                   "challenge_unlawful", "challenge_void", "challenge_redo", "challenge_withdrawn",
                   "challenge_not_accepted", "challenge_dismissed")


def _number_refusal():
    """The refusal of --number given with an action that is not the outcome of a reconsideration or lawsuit (a
    usage error, exit 2)."""
    from workstation.store.clock_events import OUTCOMES

    return _usage_error("--number", _("--number goes with the outcome of a reconsideration or lawsuit only "
                                      "({actions}).").format(actions=", ".join(OUTCOMES)))


def _record_challenge(args, db, case) -> int:
    """Record the party's reconsideration or lawsuit against the decision (a penalty, or not to penalise) from --date
    (the day it applied or sued), or its outcome on --date — the day the party RECEIVED the reconsideration decision
    or judgment (收到复议决定书（裁判文书）之日, from which the 15 days to sue count: 行政诉讼法 art. 45), not the day it
    bears — with --number, the 文号 or 案号 of the decision or judgment, as
    the case's Deadlines section records them and checked as there (``clock_event_errors``); --party names the party
    that applied in a case with several parties (none: all of them together), --reason is kept as the note."""
    from workstation.errors import ValidationError
    from workstation.records import ClockEvent, today
    from workstation.store.clock_events import (
        CHANGED,
        changed_fen,
        late_challenge_warning,
        record_clock_event,
    )
    from workstation.vocabulary import shown_label

    label = shown_label("clock_events", args.action)
    if len(args.party or ()) > 1:
        raise ValidationError({"--party": _("“{action}” is taken by one party: give --party once.").format(
            action=label)})
    fine, no_fine = _changed_fine(args)
    try:
        event = record_clock_event(db, ClockEvent(case_id=case.id, kind=args.action, starts_on=args.date or today(),
                                                  party_id=(args.party or [None])[0], approved_by=args.number,
                                                  days=fine, no_fine=no_fine, note=args.reason.strip()))
    except ValidationError as exc:  # the fields named by their options, a refusal of the kind said as it is
        options = {"starts_on": "--date", "approved_by": "--number", "party": "--party", "days": "--fine",
                   "fine": "--fine"}
        if set(exc.errors) <= set(options):
            raise ValidationError({options[field]: message for field, message in exc.errors.items()}) from None
        raise WorkstationError(join_sentences(list(exc.errors.values()))) from None
    result = {"id": case.id, "case_number": case.case_number or None, "status": case.status, "event": event.kind,
              "on": event.starts_on, "number": event.approved_by or None}
    if event.kind == CHANGED:
        result["fine_fen"] = changed_fen(event)
    late = late_challenge_warning(db, case, event)  # begun after its period: recorded, said (T16 runs on)
    if late:
        _warn(late)
    _emit(args, result, _("{number}: “{event}” recorded on {date}").format(
        number=case.case_number or _("not filed"), event=label, date=event.starts_on))
    return 0


def _changed_fine(args) -> tuple[int, bool]:
    """What --fine gives the outcome challenge_changed: (the fine in fen, whether it was changed to no fine at all —
    given as 0); (0, False) without it (the fine not changed); refused naming the option empty or unreadable (with
    any other action: ``_transition_option_clashes``)."""
    from workstation.errors import ValidationError
    from workstation.validators import parse_amount_fen

    if args.fine is None:
        return 0, False
    try:
        fen = parse_amount_fen(args.fine)
    except ValueError as exc:
        raise ValidationError({"--fine": str(exc)}) from None
    if not str(args.fine).strip():
        raise ValidationError({"--fine": _("Give the fine as changed, in yuan (0: no fine at all).")})
    return fen, fen == 0


def _parties_listed(parties) -> str:
    """The parties of a case or interview as a message lists them to choose from: id and name, 「p1（佛山市某公司）；
    p2（李某）」 — the name as typed (data), the brackets and separators in the user's language."""
    return _("; ").join(_("{key} ({label})").format(key=p.id, label=p.name) for p in parties)


def _payment_options(args):
    """The payment given with --paid, --surcharge and --voucher (record_performance only), None without any; an
    amount that cannot be read refused naming the option (they, and --in-full, with another action:
    ``_transition_option_clashes``)."""
    from workstation.errors import ValidationError
    from workstation.payments import Payment
    from workstation.validators import parse_amount_fen

    given = {"--paid": args.paid, "--surcharge": args.surcharge, "--voucher": args.voucher}
    for option in ("--paid", "--surcharge"):  # "$AMOUNT" with the variable unset: not read as no payment given
        if given[option] is not None and not str(given[option]).strip():
            raise ValidationError({option: _("The amount is empty: give it in yuan, or leave the option out.")})
    if not any(given.values()):
        return None
    amounts = {}
    for option in ("--paid", "--surcharge"):
        try:
            amounts[option] = parse_amount_fen(given[option]) if given[option] else None
        except ValueError as exc:
            raise ValidationError({option: str(exc)}) from None
    return Payment(paid_fen=amounts["--paid"], surcharge_fen=amounts["--surcharge"] or 0, voucher=args.voucher)


def _payment_refusal(db, case, args, named: tuple[str, ...], payment) -> None:
    """Refuse, naming the option, a payment on a decision that leaves nothing to pay or a surcharge above the fine
    (``payments.payment_refusal``), or one amount for several parties (--party repeated) that is not what they owe
    together (``payments.payment_shares``); the procedure refuses them too, without naming an option."""
    if args.action != "record_performance" or payment is None or not _performance_allowed(db, case):
        return  # a case not yet served (or whose decision was voided …): the procedure says why, not the options
    from workstation.errors import ValidationError
    from workstation.payments import owed, payment_refusal, payment_shares, voucher_refusal
    from workstation.records import today

    if len(named) > 1 and len(case.party_ids) > 1:  # one payment for several parties: split into each one's own
        refused = payment_shares(db, case, args.date or today(), named, payment)[1]
    else:
        refused = payment_refusal(owed(db, case, args.date or today(), named[0] if named else None), payment)
    refused = refused or voucher_refusal(db, case, payment, named or None)
    if refused:
        raise ValidationError({f"--{refused[0]}": refused[1]})


def _performance_allowed(db, case) -> bool:
    """Whether the case's state lets record_performance be taken at all (its status and its guard): until it does,
    the procedure's refusal is said, not one of the payment typed."""
    from workstation import procedure

    transition = procedure.BY_NAME["record_performance"]
    return case.status in transition.sources and not (transition.guard and transition.guard(db, case))


def _owed_surcharge(db, case, args, named: tuple[str, ...], payment):
    """(the payment, what is said of it): a payment given without --surcharge whose amount is what is owed with the
    surcharge computed for its day records that surcharge, and says so (``payments.with_owed_surcharge``); otherwise
    the payment as given and ""."""
    if (args.action != "record_performance" or payment is None or args.surcharge or len(named) > 1
            or not _performance_allowed(db, case)):
        return payment, ""
    from workstation.payments import owed, with_owed_surcharge
    from workstation.records import today

    owing = owed(db, case, args.date or today(), named[0] if named else None)
    payment, filled = with_owed_surcharge(owing, payment)
    # that surcharge counted from a T8 ending in a year without holiday data (日历待核实): said with it
    return payment, join_sentences([filled, owing.unconfirmed]) if filled else filled


def _untransferred_refusal(db, case, args) -> None:
    """Refuse to terminate a case whose 涉嫌犯罪案件移送书 was issued and not sent without --not-transferred (the
    window asks first, ``concluding.termination_warnings``); --not-transferred with another action is refused by
    ``_transition_option_clashes``."""
    from workstation import procedure

    if args.action != "terminate" or args.not_transferred or case.status not in procedure.BY_NAME["terminate"].sources:
        return
    if procedure.BY_NAME["terminate"].guard(db, case):  # refused whatever the letter: the procedure says why
        return
    from workstation.concluding import termination_warnings

    found = termination_warnings(db, case)
    if found:
        raise WorkstationError(_("{warning} Nothing was changed. To terminate it all the same, add "
                                 "--not-transferred.").format(warning=found[0].message))


def _step_day(args) -> str | None:
    """The day the step is recorded on (``--date``, today by default); None for a date the procedure refuses,
    naming it."""
    from workstation.records import today
    from workstation.validators import parse_date

    try:
        return parse_date(args.date) or today()
    except ValueError:  # refused by the procedure, naming the date
        return None


def _late_decision(db, case, args) -> list[tuple[str, str]]:
    """A decision recorded after T2 (or T2b) ran out, or 立案 or 不予立案 after T1 ran out, as the window says it
    (``concluding.late_step_warnings``); empty for another step, or a date the procedure refuses."""
    from workstation.concluding import late_step_warnings

    date = _step_day(args)
    if date is None:
        return []
    return [(item.done or item.message, item.note) for item in late_step_warnings(db, case, args.action, date)]


def _transition_warnings(db, case, args, named: tuple[str, ...], payment) -> list[tuple[str, str]]:
    """What the action goes against without being refused (the window asks to tick them), each as what is said and
    what the timeline keeps with the step (as the window keeps the warning ticked): closing without an
    issued 结案审批表 or before the penalty was published, concluding the investigation with no issued record and no
    registered evidence, submitting it for review with no issued 调查终结报告, transferring it to the police with no
    issued 涉嫌犯罪案件移送书, deciding not to penalise with no 不予行政处罚决定书 issued,
    applying to the court for enforcement after T16 ran out, a payment that differs from what
    is owed or by a party whose own amount is not known, deciding or serving a penalty with no 行政处罚决定书 issued,
    deciding it without the legal review or collective discussion the data's local thresholds suggest (``decision_review``),
    filing, serving the notice or taking up again after the police an act whose limitation period has run
    (``case_law.limitation_warning``), serving the notice with no 行政处罚告知书 in force (``procedure.no_notice_warning``),
    archiving without the 卷宗封面, 卷内文件目录 or 卷内备考表 issued, with them out of date or the cover's 归档日期
    blank or another day (``closing.archive_warnings``), filing or declining to
    file after the lead's verification period (T1) ran out (``concluding.late_filing_warnings``)."""
    from workstation import procedure

    if args.action == "close" and case.status in procedure.BY_NAME["close"].sources + \
            procedure.BY_NAME["close"].police_sources:  # also a case the police opened, closed while being handled
        from workstation.closing import approval_date_warnings, closing_warnings

        # and a 结案审批表 giving no 报请日期 issued after the day closed (None: a date the procedure refuses)
        return [(item.done or item.message, item.note)  # said once recorded
                for item in closing_warnings(db, case, for_command_line=True) + approval_date_warnings(
                    db, case, _step_day(args), for_command_line=True)]
    if args.action == "archive" and case.status in procedure.BY_NAME["archive"].sources:
        from workstation.closing import archive_warnings

        # a cover giving another 归档日期, or none, is said of the day archived (None: a date the procedure refuses)
        return [(item.done or item.message, item.note)  # said once recorded
                for item in archive_warnings(db, case, _step_day(args), for_command_line=True)]
    if args.action in ("conclude_investigation", "submit_review", "terminate", "transfer_to_police",
                       "decide_no_penalty", "decline_filing") and \
            case.status in procedure.BY_NAME[args.action].sources:
        from workstation.concluding import action_warnings

        return [(item.done or item.message, item.note) for item in action_warnings(db, case, args.action)] + \
            _late_decision(db, case, args)
    if args.action == "apply_enforcement" and case.status in procedure.BY_NAME[args.action].sources:
        from workstation.enforcement import late_warnings

        date = _step_day(args)  # after T16 ran out: the court may refuse a late application
        if date is None:
            return []
        return [(item.done or item.message, item.note) for item in late_warnings(db, case, date, named)]
    if args.action in ("decide_penalty", "serve_decision") and case.status in procedure.BY_NAME[args.action].sources:
        message = procedure.no_decision_warning(db, case, args.action)  # a decision made outside the workstation
        found = [(message, procedure.no_decision_note(db, case))] if message else []
        found += _late_decision(db, case, args)  # after T2 ran out
        if args.action == "decide_penalty":  # a legal review or collective discussion the data suggests
            from workstation.decision_review import review_note, review_warnings

            # the window keeps one note for them all
            found += [(w, "" if i else review_note())  # those dated after the decision's day do not count
                      for i, w in enumerate(review_warnings(db, case, _step_day(args)))]
            from workstation.party_decisions import undecided_note, undecided_warning

            undecided = undecided_warning(db, case)  # a party with no decision yet: the case waits for it
            found += [(undecided, undecided_note(db, case))] if undecided else []
            found += _redo_notice(db, case, args, named)  # of the party named, as the window asks
        return found
    if args.action == "record_performance" and case.status in procedure.BY_NAME[args.action].sources:
        from workstation.payments import mismatch, mismatch_note, owed
        from workstation.records import today

        if len(named) > 1 and len(case.party_ids) > 1:  # split into what each owes (payment_shares) or refused
            return []
        owing = owed(db, case, args.date or today(), named[0] if named else None)
        if getattr(args, "in_full", False):  # recorded as performed, not as a payment of part: not said so
            from dataclasses import replace

            owing = replace(owing, parts=False)
        # a party whose own amount is not known (decided outside for all parties: the window says it, nothing to
        # tick), or a payment not what is owed
        differs = payment and mismatch(owing, payment)
        return ([(owing.unknown, "")] if owing.unknown else []) + ([(differs, mismatch_note(payment, owing))]
                                                                   if differs else [])
    from workstation.law.case_law import LIMITATION_ADVICE, discovery_day, limitation_warning

    notice = []  # 送达行政处罚告知书 with no 行政处罚告知书 in force: a notice written outside the workstation
    if args.action == "send_pre_notice" and case.status in procedure.BY_NAME[args.action].sources + \
            procedure.BY_NAME[args.action].several_parties_sources:
        message = procedure.no_notice_warning(db, case)
        notice = [(message, procedure.no_notice_note(db, case))] if message else []
    if args.action in LIMITATION_ADVICE and case.status in procedure.BY_NAME[args.action].sources:
        from workstation.records import today
        from workstation.validators import parse_date

        try:  # filing, the notice or the investigation taken up again of an act whose limitation period has run
            # discovered when the case's lead was received, not when it was assigned (``discovery_day``)
            found = limitation_warning(case, args.action, parse_date(args.date) or today(), discovery_day(db, case))
        except ValueError:  # refused by the procedure, naming the date
            return notice
        # filed after the lead's verification period (T1) ran out
        late = _late_decision(db, case, args) if args.action == "file" else []
        return notice + ([found] if found else []) + late
    return notice


def _redo_notice(db, case, args, named: tuple[str, ...]) -> list[tuple[str, str]]:
    """Deciding anew (作出行政处罚决定) with no 行政处罚告知书 served since the order to decide anew
    (``procedure.redo_notice_warning``, Penalty Law art. 62), on the day given. Not said at 重新作出处理决定: the new
    notice comes after that step."""
    from workstation import procedure
    from workstation.validators import parse_date

    try:
        date = parse_date(args.date) or procedure.decision_document_day(db, case)  # said at decide_penalty only
    except ValueError:  # refused by the procedure, naming the date
        return []
    found = procedure.redo_notice_warning(db, case, named[0] if named else None, date)
    return [found] if found else []


def _count_warning(db, case, args, named: tuple[str, ...]) -> list[tuple[str, str]]:
    """The action's legal condition counted in working days through a year without holiday data (日历待核实,
    ``procedure.count_warning``), on the day given (today by default; the decision: the day its 决定书 bears), with
    what the timeline keeps of it."""
    from workstation import procedure
    from workstation.records import today
    from workstation.validators import parse_date

    if args.action not in procedure.COUNTED_ACTIONS:
        return []
    try:
        date = parse_date(args.date) or (procedure.decision_document_day(db, case) if args.action == "decide_penalty"
                                         else procedure.receipt_day(db, case, args.action, named)) or today()
    except ValueError:  # refused by the procedure, naming the date
        return []
    found = procedure.count_warning(db, case, args.action, date, named)
    return [(found, procedure.count_warning_note())] if found else []


def cmd_docs_forms(args) -> int:
    from workstation.formkit.spec import load_forms

    forms, broken = load_forms()
    codes = _station_type_codes(args, forms)
    rows = [{"id": f.id, "title": f.title, "catalogue": f.catalogue, "type_code": codes.get(f.id, f.type_code),
             "one_per_case": f.one_per_case, "one_per_party": f.one_per_party}
            for f in sorted(forms.values(), key=lambda f: (f.catalogue or 999, f.id))]
    rows += [{"id": name.removesuffix(".toml"), "title": "", "broken": reason} for name, reason in broken.items()]
    once = _("one per case (a new one corrects or replaces the one in force)")
    each = _("one per party (a new one to the same party corrects or replaces the one in force)")
    # every row the same columns, an empty one kept (id, title or why the form is broken, type code, one per …)
    _emit(args, rows, "\n".join("\t".join((r["id"], _cell(r["title"] or r.get("broken", "")), r.get("type_code") or "",
                                           once if r.get("one_per_case") else
                                           each if r.get("one_per_party") else ""))
                                for r in rows))
    return 0


def cmd_docs_fields(args) -> int:
    """The fields a ``--values`` file of ``docs render``/``docs issue`` may hold for a form, in the form's order."""
    from workstation.documents.drafts import find_form
    from workstation.formkit.field_list import field_entries, field_table

    form = find_form(args.form)
    _emit(args, field_entries(form), field_table(form))
    return 0


def _station_type_codes(args, forms: dict) -> dict[str, str]:
    """The 文号 type code of each form for the station's agency (agencies.toml may set its bureau's own), when the
    data directory holds a database with one; {} (the forms' own codes) otherwise."""
    from workstation.documents.numbering import agency_type_codes
    from workstation.station_role import own_agency

    if not database_path(args.data_dir).exists():
        return {}
    try:
        db = _open(args, upgrade=False)  # a listing: a newer version's migrations wait for the next command
    except WorkstationError as exc:  # e.g. encrypted and no passphrase given: the forms' own codes, said so
        sys.stderr.write(_("Note: the type codes listed are the forms' own: {reason}").format(reason=exc.message)
                         + "\n")
        return {}
    agency_id = own_agency(db)
    return agency_type_codes(db, agency_id, forms) if agency_id else {}


def _form_values(path: str | None, form) -> dict:
    """The field values of ``--values`` for ``form``; a name that is not one of its fields is refused (a misspelt
    field would otherwise be dropped without a word, and the document printed without the officer's value)."""
    values = _read_values(path)
    names = [f.name for f in form.fields]
    unknown = [key for key in values if key not in names]
    if unknown:
        raise WorkstationError(_("{file}: {keys} is not a field of {form} ({id}); its fields are: {fields}.").format(
            file=path, keys="、".join(unknown), form=form.title, id=form.id, fields=", ".join(names)))
    return {key: _fen_value(path, key, value) if key in _fen_fields(form) else value for key, value in values.items()}


def _fen_fields(form) -> set[str]:
    """The amounts of ``form`` a ``--values`` file gives in fen, as their names say (``fine_fen``: 5000000 is
    ¥50,000.00); the editor, and with it the core, takes them in yuan."""
    from workstation.formkit.field_list import in_fen

    return {f.name for f in form.fields if in_fen(f)}


#: a whole number of fen, with or without thousands separators (5000000, 5,000,000)
_FEN = re.compile(r"\d+|\d{1,3}(,\d{3})+")


def _fen_value(path: str | None, key: str, value):
    """The amount ``value`` of the ``--values`` key ``key`` (in fen) as the yuan the form's field takes; an empty one
    as given; a negative number (-100, "-5,000", -1.5) as given too, for the field's own check to refuse it as it
    refuses a negative count, naming the field by its label and saying an amount cannot be negative (its unit then
    matters not); any other value with a decimal point, a unit or a sign refused naming the key and saying it is in
    fen."""
    from workstation.money import yuan_input

    if value is None or value == "":
        return value
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return yuan_input(value)
    if isinstance(value, str) and _FEN.fullmatch(value.strip()):
        return yuan_input(int(value.strip().replace(",", "")))
    negative = (isinstance(value, int | float) and not isinstance(value, bool) and value < 0) or (
        isinstance(value, str) and re.fullmatch(r"-\s*(\d+|\d{1,3}(,\d{3})+)(\.\d+)?", value.strip()))
    if negative:
        return value
    raise WorkstationError(_("{file}: {key} is an amount in fen (分), a whole number without a decimal point: "
                             "write ¥50,000.00 as 5000000, and ¥1,234.56 as 123456 (you wrote {value}).").format(
        file=path, key=key, value=json.dumps(value, ensure_ascii=False)))


LARGEST_VALUES = 16 << 20  # an inquiry record of a hundred questions and answers is some 100 kB


class _NotANumber(ValueError):
    def __init__(self, text: str):
        super().__init__(text)
        self.text = text


def _no_number(text: str):
    """JSON's NaN and Infinity (Python writes them), which no field takes."""
    raise _NotANumber(text)


def _finite_number(text: str) -> float:
    """A JSON number with a fraction or exponent, refused when it overflows (1e999 would print inf)."""
    number = float(text)
    if not math.isfinite(number):
        raise _NotANumber(text)
    return number


def _read_values(path: str | None) -> dict:
    if not path:
        return {}
    if Path(_input_file(path)).stat().st_size > LARGEST_VALUES:  # read whole, a file of megabytes would take as much
        raise WorkstationError(_("{file} is larger than {size} MB, far more than the field values of a document: "
                                 "choose the JSON file of the values.").format(file=path, size=LARGEST_VALUES >> 20))
    try:
        values = json.loads(Path(path).read_text(encoding="utf-8-sig"), parse_constant=_no_number,
                            parse_float=_finite_number)
    except _NotANumber as exc:
        raise WorkstationError(_("{file} holds {text}, which is no number a field can take (too large, or not a "
                                 "number): write the value in digits.").format(file=path, text=exc.text)) from None
    except json.JSONDecodeError as exc:
        raise WorkstationError(_("{file} is not valid JSON (line {line}, column {column}): write the field values "
                                 "as one JSON object.").format(file=path, line=exc.lineno, column=exc.colno)) from None
    except UnicodeDecodeError:
        raise WorkstationError(_("{file} is not UTF-8 text: save it as UTF-8.").format(file=path)) from None
    except OSError as exc:
        raise WorkstationError(_("{file} is not a JSON file of field values: {reason}").format(
            file=path, reason=os_reason(exc))) from None
    if not isinstance(values, dict):
        raise WorkstationError(_("{file} must hold a JSON object of field values.").format(file=path))
    return values


def _current_values(args, db, case, form, values: dict) -> dict:
    """The ``--values`` of a case's document, a field still holding the default of an earlier version of the form
    taking the current one (as a kept draft does), with a note on stderr naming those fields."""
    from workstation.documents.compose import printed_title
    from workstation.documents.drafts import kept_old_defaults, without_old_defaults

    kept = kept_old_defaults(db, case, form, values)
    title = printed_title(form, {**values_for_title(db, case, form, values), **values})  # 法制审核表, not 案件审核表
    values, outdated = without_old_defaults(db, case, form, values)
    if outdated:
        sys.stderr.write(_("Note: {message}").format(message=_(
            "{file}: {fields} held the default text of an earlier version of the {form}; the current default is "
            "printed instead.").format(file=args.values, fields="、".join(outdated), form=title)) + "\n")
    if kept:  # the form gives no default there now: what the officer wrote out is kept, not thrown away
        sys.stderr.write(_("Note: {message}").format(message=_(
            "{file}: {fields} is word for word the text an earlier version of the {form} gave by default; it is "
            "printed as given: make sure it says what was really found or said.").format(
            file=args.values, fields="、".join(kept), form=title)) + "\n")
    return values


def values_for_title(db, case, form, values: dict) -> dict:
    """The defaults of ``form`` for ``case`` under the given ``values``, to tell the title the document prints."""
    from workstation.documents.addressee import PARTY_KEY
    from workstation.formkit.values import case_context, default_values

    return default_values(form, case_context(db, case, values.get(PARTY_KEY)), values)


def cmd_docs_render(args) -> int:
    """Write a draft; its --json ``pages`` is the PDF's page count, and null for a DOCX (``Rendered.pages``): a
    number there would be a guess at the word processor's layout. A draft (a case's, a lead's, an interview's) with
    required fields still empty is written as the editor's sheet for handwriting, those fields as ruled blanks, with
    a warning naming them (issuing still needs them); any other wrong value refuses it."""
    from workstation.documents.addressee import PARTY_KEY, required_party
    from workstation.documents.drafts import draft_document, find_case_for, find_form, render_document
    from workstation.output import write_output

    if args.document is not None:  # the issued document, as issued
        return _render_issued(args)
    if args.case is None or args.form is None:
        from workstation.errors import UsageError

        raise UsageError(_("Give the case (or the interview or lead) and --form to write a draft, or --document "
                           "ID|文号 to write an issued document as issued."))
    _check_output(args.output)
    fmt = _output_format(args, ("pdf", "docx"))
    form = find_form(args.form)
    values = _form_values(args.values, form)
    db = _open(args)
    blanks: list = []  # the required fields still empty, printed as ruled blanks (``refusals.draft_values``)
    if form.kind == "interview":  # 约谈 documents are drawn from the interview register, not from a case
        from workstation.documents.interview_documents import draft_interview_document, find_interview_for

        interview = find_interview_for(db, args.case, form)
        document = draft_interview_document(db, interview, form, values,
                                            party_id=_interview_addressee(db, interview, form, args.party, values),
                                            blanks=blanks)
    elif (lead_id := _lead_for(db, args.case, form)) is not None:  # a lead's 不予立案审批表, 交办通知书 …
        from workstation.leads_workflow import draft_lead_document

        document = draft_lead_document(db, lead_id, form, values, blanks)
    else:
        case = find_case_for(db, args.case, form)
        party = required_party(db, case, form, args.party)
        values = {**values, PARTY_KEY: party.id} if party else values
        values = _current_values(args, db, case, form, values)
        document = draft_document(db, case, form, values, party_id=party.id if party else None, blanks=blanks)
    rendered = render_document(document, fmt)
    target = write_output(args.output, rendered.data)
    _emit(args, {"path": str(target), "pages": rendered.pages, "format": rendered.format}, written_text(target))
    if form.kind != "interview" and lead_id is None:  # a case's document issued already: this is not that one
        _issued_in_force_warning(db, case, form, party, target)
    if blanks:  # written all the same, as the editor prints a sheet to be filled in by hand
        _warn(_(
            "{fields}: required but empty, printed as ruled blanks to be filled in by hand. Issuing needs them: give "
            "them in a --values file (`docs fields {form}` lists the fields) or write them in the window.").format(
            fields="、".join(f"{field.label}（{field.name}）" for field in blanks), form=form.id))
    if form.kind != "interview" and lead_id is None:  # a case's document citing the law of messages for calls
        from workstation.law.case_law import cited_calls_warning

        if calls := cited_calls_warning(case, form):
            _warn(calls)
    if form.id in ("performance_demand", "enforcement_application"):  # a case's document
        from workstation.procedure import _revoked_form_refusal

        # a draft is written all the same; issuing it is refused: the decision it enforces was revoked (or changed
        # to nothing to pay) on reconsideration or in court
        if revoked := _revoked_form_refusal(db, case, form.id, values):
            _warn(revoked)
    if form.id == "penalty_decision":  # a case's document (never an interview's or a lead's)
        from workstation.documents.drafts import draft_values
        from workstation.documents.stage_rules import evidence_gap

        # a draft is written all the same; issuing it is refused until it states its evidence
        if gap := evidence_gap(form.id, draft_values(db, case, form, values, party.id if party else None, [])[0]):
            _warn(gap)
    if form.id in ("evidence_extraction", "electronic_evidence_record"):  # a case's document
        from workstation.store.evidence import nothing_new_note

        # every item on an issued record already: the draft lists none of them again, and says which records do
        if note := nothing_new_note(db, case, form.id, values):
            sys.stderr.write(_("Note: {message}").format(message=note) + "\n")
    if fmt == "pdf":  # a draft is written all the same; Word draws such a character from a face of its own
        from workstation.documents.glyphs import document_missing_glyphs, draft_warnings

        for warning in draft_warnings(document_missing_glyphs(document), args.data_dir):
            _warn(warning)
        _stand_in_fonts_warning(args.data_dir)
    return 0


def _issued_in_force_warning(db, case, form, party, target) -> None:
    """Warn that the draft written to ``target`` is not the document issued when one of ``form`` is in force in
    ``case`` (for ``party``, a form written for one party of several), naming its 文号 and how to write it; only for a
    form the case or a party keeps one of in force (``one_per_case``, ``one_per_party``, a decision: as
    ``decision_to_correct`` weighs them): a draft of a form issued many times (询问笔录, 送达回证 …) is a new one."""
    from workstation.documents.issuing import (
        CORRECTABLE_DECISIONS,
        document_name,
        in_force_of_form,
        party_in_force,
    )

    if not (form.one_per_case or form.one_per_party or form.id in CORRECTABLE_DECISIONS):
        return
    in_force = party_in_force(db, case, form.id, party.id) if party is not None and len(case.party_ids) > 1 \
        else in_force_of_form(db, case.id, form.id)
    if not in_force:
        return
    issued = in_force[-1]
    _warn(_("{file} is a draft, not the document issued: {document} is in force in this case, and the draft leaves "
            "out its 文号 and the values it was issued with. Write the document as issued with `docs render "
            "--document {reference} -o FILE`.").format(file=target, document=document_name(issued),
                                                       reference=issued.number or issued.id))


def _render_issued(args) -> int:
    """`docs render --document ID|文号`: the issued document written as issued — its PDF as stored, or its DOCX
    composed again from what it was frozen with (``issuing.issued_docx``), as the window's Save PDF… and Save DOCX…
    write them; a document voided or replaced by a correction is written with the warning the window asks with."""
    from workstation.documents.issuing import document_pdf, get_document, issued_docx
    from workstation.errors import UsageError
    from workstation.output import write_output

    given = [name for name, value in (("CASE", args.case), ("--form", args.form), ("--values", args.values),
                                      ("--party", args.party)) if value is not None]
    if given:
        raise UsageError(_("--document writes the issued document as it was issued: leave out {options}.").format(
            options=join_names(given)))
    _check_output(args.output)
    fmt = _output_format(args, ("pdf", "docx"))
    db = _open(args)
    document = get_document(db, args.document.strip())
    if fmt == "pdf":
        data = document_pdf(db, args.data_dir, document.id)
    else:
        agency, case_number = _issued_under(db, document)
        data = issued_docx(document, _issued_form(document), agency=agency, case_number=case_number,
                           issued_pdf=document_pdf(db, args.data_dir, document.id))
    warnings = [warning for warning in (_withdrawn_copy_warning(db, document),) if warning]
    target = write_output(args.output, data)
    result = {"path": str(target), "pages": document.pages if fmt == "pdf" else None, "format": fmt,
              "id": document.id, "number": document.number, "status": document.status}
    if warnings:
        result["warnings"] = warnings
    _emit(args, result, written_text(target))
    for warning in warnings:
        _warn(warning)
    return 0


def _issued_form(document):
    """The form ``document`` was issued on (its version as issued is chosen by ``issuing.composed_as_issued``)."""
    from workstation.documents.drafts import find_form

    try:
        return find_form(document.form_id)
    except WorkstationError:
        raise WorkstationError(_("The form file of {title} ({id}) is missing or broken: its DOCX cannot be composed. "
                                 "Write it as PDF: that is the copy as issued.").format(
            title=document.title, id=document.form_id)) from None


def _issued_under(db, document) -> tuple[str, str]:
    """(agency name, case number) a document issued by an earlier version, which kept neither, is composed under,
    as the window's editor gives them (checked against its PDF by ``issued_docx``); ("", "") for one that kept
    them."""
    if document.issued_as:
        return "", ""
    if document.case_id:
        from workstation.formkit.values import case_context
        from workstation.store import get_case

        case = get_case(db, document.case_id)
        return str(case_context(db, case)["agency.name"]), case.case_number
    if document.interview_id:
        from workstation.formkit.interview_values import interview_context
        from workstation.store.interviews import get_interview

        return str(interview_context(db, get_interview(db, document.interview_id))["agency.name"]), ""
    if document.lead_id:
        from workstation.leads_workflow import get_lead_row, lead_context

        return str(lead_context(db, get_lead_row(db, document.lead_id), form_id=document.form_id)["agency.name"]), ""
    return "", ""


def _withdrawn_copy_warning(db, document) -> str:
    """What the window asks before it copies an issued document no longer in force, said as a warning; "" for one
    in force (``issuing.withdrawn_state``)."""
    from workstation.documents.issuing import withdrawn_copy_warning, withdrawn_state

    state = withdrawn_state(db, document)
    return withdrawn_copy_warning(document, state) if state else ""


def _lead_for(db, reference: str, form) -> str | None:
    """The id of the lead ``reference`` is, when it is a lead's id and ``form`` one of a lead's documents (drafted
    and issued from the lead as in the window: ``leads_workflow.LEAD_FORMS``); None otherwise (a case's
    reference)."""
    from workstation.leads_workflow import LEAD_FORMS

    if form.id not in LEAD_FORMS:
        return None
    row = db.execute("SELECT id FROM leads WHERE id = ?", [str(reference).strip()]).fetchone()
    return row[0] if row else None


def _interview_addressee(db, interview, form, given: str | None, values: dict) -> str | None:
    """The id of the interview's party ``--party`` names (``interview_party``: its id, credit code, ID number, name
    or a part of the name found in one of its parties only), None without it. The command line
    does not guess: the record of a joint interview without ``--party`` (and without ``--values`` naming one of its
    parties, as a kept draft does) is refused naming the option and listing the parties to choose from, as is a
    party the interview did not have."""
    from workstation.documents.interview_documents import chosen_for_each_party, party_named_in
    from workstation.errors import ValidationError
    from workstation.store import get_party

    parties = [get_party(db, party_id) for party_id in interview.party_ids]
    listed = _parties_listed(parties)
    if given:
        from workstation.store.interviews import NotInterviewed, interview_party

        try:  # taken as `interviews follow-up --party` takes it: its id, credit code, ID number or name (or part)
            return interview_party(db, interview, given)
        except NotInterviewed:
            raise ValidationError({"--party": _("{party} was not interviewed in this interview; give the id or name "
                                                "of one of its parties: {parties}.").format(party=given,
                                                                                           parties=listed)}) from None
        except WorkstationError as exc:  # a part of a name found in several of its parties
            raise ValidationError({"--party": str(exc)}) from None
    if chosen_for_each_party(form, interview) and party_named_in(db, interview, form, values) is None:
        raise WorkstationError(_("The {title} of a joint interview is written for each party: say which of its {n} "
                                 "parties this one is for with --party (its id or name): {parties}.").format(
            title=form.title, n=len(parties), parties=listed))
    return None


def cmd_docs_issue(args) -> int:
    from workstation.documents.addressee import PARTY_KEY, required_party
    from workstation.documents.drafts import find_case_for, find_form
    from workstation.documents.issuing import issue_document

    _check_output(args.output)
    _output_format(args, ("pdf",))
    if args.skip_serials and args.serial is None:
        from workstation.errors import ValidationError

        raise ValidationError({"--skip-serials": _("it confirms skipping the serials up to the one given with "
                                                   "--serial: give --serial N too.")})
    form = find_form(args.form)
    if form.kind == "interview":
        raise WorkstationError(_("The {title} is drawn from an administrative interview: issue it with `interviews "
                                 "issue INTERVIEW --form {id}`.").format(title=form.title, id=form.id))
    values = _form_values(args.values, form)
    db = _open(args)
    _warn_law_problems(args)  # a bureau's copy refused: the document's guards weigh the shipped values, said
    lead_id = _lead_for(db, args.case, form)
    if lead_id is not None:  # a lead's document, issued from the lead as in the window
        return _issue_lead_document(args, db, lead_id, form, values)
    case = find_case_for(db, args.case, form)
    party = required_party(db, case, form, args.party)
    values = {**values, PARTY_KEY: party.id} if party else values
    values = _current_values(args, db, case, form, values)
    issued, warnings = [], []

    def issue():
        issued.append(issue_document(db, args.data_dir, case, form, values, supersedes=args.supersedes,
                                     party_id=party.id if party else None, serial=args.serial,
                                     for_command_line=True))
        if form.id == "penalty_decision":  # what the window asks about before issuing, said here once issued
            from workstation.penalty_terms import unrecorded_proposal_warning

            # not refused: facts other than those of the notice served on the party, or a notice served on paper
            # before its penalty was kept (Penalty Law arts. 44, 62)
            warnings[:] = [w for w in (unrecorded_proposal_warning(db, case, issued[-1].values),) if w]
        from workstation.documents.stage_rules import stage_warnings

        # not refused: a transfer to the police may rest on other serious circumstances than the counts
        warnings.extend(stage_warnings(db, case, form.id, issued[-1].values, for_command_line=True))
        if form.id == "penalty_decision":  # decided anew with no 告知书 served since the order (art. 62): told
            from workstation.penalty_terms import redo_decision_warning

            if redo := redo_decision_warning(db, case, issued[-1].values):
                warnings.append(redo)
        if not args.supersedes:  # a 立案审批表 before the filing prints its 案件编号 blank, as the window warns
            from workstation.procedure import unfiled_approval_warning

            warnings.extend(w for w in (unfiled_approval_warning(case, form.id, issued[-1].values),) if w)
        return issued[-1]

    from workstation.documents.numbering import skip_confirmed

    with skip_confirmed(args.serial if args.skip_serials else None):  # a serial far past the next one, confirmed
        code = _write_issued(args, db, issue, warnings)
    for warning in warnings:
        _warn(warning)
    event = form.event_for(issued[-1].values)
    from workstation.formkit.spec import END_EVENT

    if event is not None and event[0] == END_EVENT:  # a release: the running preservation or seizure ends
        from workstation.formkit.measures import partial_release_text
        from workstation.store.clock_events import open_event
        from workstation.vocabulary import label

        # a partial release: what is still held, and no hint to end the event (as the window's ``_offer_end``)
        running = open_event(db, case.id, event[1]) is not None
        partial = partial_release_text(db, case, event[1], issued[-1].values.get(PARTY_KEY) or None, "",
                                       for_command_line=True) if running else None
        if partial:
            sys.stderr.write(_("Note: {message}").format(message=partial) + "\n")
        elif running:
            sys.stderr.write(_("Note: {message}").format(message=_(
                "end the clock event “{event}” on the day it was released: `clocks events {case}` lists it with its "
                "id, `clocks end EVENT --on DATE` ends it (or in the case's {tab} section, {button}).").format(
                event=label("clock_events", event[1]), case=case.case_number or case.id, tab=_("Deadlines"),
                button=_("End selected…"))) + "\n")
    elif event is not None:  # the clocks count from the day it was served or approved, which the officer knows
        from workstation.clocks import EXTENSION
        from workstation.formkit.spec import event_name
        from workstation.store.clock_events import APPROVAL_REQUIRED

        command = f"clocks record {case.case_number or case.id} {event[0]} --document {issued[-1].number or issued[-1].id}" \
            " --on DATE" + (" --approved-by NAME" if event[0] == EXTENSION or event[0] in APPROVAL_REQUIRED else "")
        sys.stderr.write(_("Note: {message}").format(message=_(
            "record the clock event “{event}”, dated the day the document was served or approved: `{command}` (or "
            "in the case's {tab} section, {button}).").format(
            event=event_name(*event), command=command, tab=_("Deadlines"), button=_("Record clock event…"))) + "\n")
    return code


def _issue_lead_document(args, db, lead_id: str, form, values: dict) -> int:
    """Issue a lead's document (``leads_workflow.issue_lead_document``) and write its PDF; the options of a case's
    document a lead's does not take are refused naming them, before anything is issued."""
    from workstation.errors import ValidationError
    from workstation.leads_workflow import issue_lead_document

    for option, given in (("--supersedes", args.supersedes), ("--serial", args.serial), ("--party", args.party)):
        if given is not None:
            raise ValidationError({option: _("A lead's document is issued from the lead as it stands: {option} "
                                             "is for a case's document; leave it out.").format(option=option)})
    from workstation.leads_workflow import lead_issue_warning

    # not refused: the end of T1 the notice asks the result by, counted through a year without holiday data
    warnings = [w for w in (lead_issue_warning(db, lead_id, form, values),) if w]
    issued = []
    code = _write_issued(args, db, lambda: issued.append(issue_lead_document(db, args.data_dir, lead_id, form,
                                                                             values)) or issued[-1], warnings)
    for warning in warnings:
        _warn(warning)
    from workstation.leads_workflow import REPORT_NOTICE, get_lead_row, reporter_refusal

    if form.id == REPORT_NOTICE and reporter_refusal(get_lead_row(db, lead_id)) is None:  # T24: asked, not recorded
        day = str(issued[-1].values.get("issued_on") or "")[:10]
        sys.stderr.write(_("Note: {message}").format(message=_(
            "once the letter is sent, record that the reporter was told (T24): `leads told {lead} --date {date} --how "
            "letter`; the command line does not record it by itself.").format(lead=lead_id, date=day)) + "\n")
    return code


def _write_issued(args, db, issue, warnings: list[str] | None = None) -> int:
    """Issue a document (``issue()``) and write its PDF to ``args.output`` (see ``issue_to_file``), then report its
    number and sha256, and in --json the ``warnings`` ``issue()`` left (the key only when there are some)."""
    from workstation.documents.issuing import issue_to_file

    issued, target = issue_to_file(db, args.data_dir, args.output, issue)
    result = {"path": str(target), "number": issued.number, "sha256": issued.pdf_sha256, "id": issued.id}
    if warnings:
        result["warnings"] = list(warnings)
    _emit(args, result, _("{number} issued: {file}").format(number=issued.number or issued.title, file=target))
    _stand_in_fonts_warning(args.data_dir)
    return 0


def _stand_in_fonts_warning(data_dir) -> None:
    """The editor's note when a style of the documents has no official face installed or a font file was skipped as
    damaged (``fonts.stand_in_note``), said on stderr once a PDF is issued (the issued PDF keeps the face it was set
    in) or a PDF draft written."""
    from workstation.documents.fonts import resolve_fonts, stand_in_note, user_font_dir

    try:
        note = stand_in_note(resolve_fonts(data_dir), user_font_dir(data_dir))
    except WorkstationError:  # no usable font at all: the issue was refused before
        return
    if note:
        _warn(note)


def cmd_docs_casefile(args) -> int:
    from workstation.documents.casefile import print_case_file, working_copy_note
    from workstation.output import write_output
    from workstation.store import find_case

    _check_output(args.output)
    _output_format(args, ("pdf",))
    db = _open(args)
    case = find_case(db, args.case)
    # progress on stderr as the window's dialog shows it: the cover and index, each document (n of N), the remarks
    # sheet; a refusal (nothing issued, a stale cover) comes before any of it and is its one line
    with _reported_work(_("Printing the case file {file}…").format(file=args.output),
                        _("Case file {file}: printed.").format(file=args.output)) as progress:
        last = [""]

        def report(done: int, total: int, message: str) -> None:
            last[0] = message
            progress(done, total, message)

        case_file = print_case_file(db, args.data_dir, case, progress=report)
        target = write_output(args.output, case_file.data)
        if last[0]:  # the remarks sheet is the last step: its end said (100%), the terminal's line closed
            progress(1, 1, last[0])
    if note := working_copy_note(case):  # a case not closed: printed, but as a working copy, said so
        _warn(note)
    _emit(args, {"path": str(target), "pages": case_file.pages}, written_text(target))
    return 0


def cmd_docs_publication(args) -> int:
    """Write the publication copy of the party's 行政处罚决定书 in force (``publication.publication_copy``): refused,
    in one line, when none was issued or it is not published (void, corrected, a warning alone)."""
    from workstation.documents.addressee import required_party
    from workstation.documents.drafts import find_form
    from workstation.documents.publication import (
        DECISION_FORM,
        decision_to_publish,
        publication_copy,
        publication_reminder,
        unmasked_names,
        write_publication_copy,
    )
    from workstation.documents.publication_review import Review, given_whole, review_to_offer
    from workstation.output import write_output
    from workstation.store import find_case

    _check_output(args.output)
    fmt = _output_format(args, ("docx", "txt"))
    db = _open(args)
    case = find_case(db, args.case)
    party = required_party(db, case, find_form(DECISION_FORM), args.party)
    document = decision_to_publish(db, case, party.id if party else None)
    # the names kept from the last review (the window's, or --mask given before), less those to give whole again,
    # then those given now
    review = review_to_offer(db, document) or Review()
    unmask = tuple(dict.fromkeys(name.strip() for name in args.unmask if name.strip()))
    kept = tuple(name for name in review.masked if name not in unmask)
    # a --mask the decision writes nowhere refused; a name kept that it writes nowhere (a correction) left out
    copy = publication_copy(db, args.data_dir, document, names=tuple(args.mask), kept=kept)
    kept = tuple(name for name in kept if name in copy.names)
    suggested = tuple(n.name for n in unmasked_names(copy))
    _check_unmask(unmask, review.masked, suggested, args.mask, document)
    # the names the text suggests masked, as the window ticks them, but those its review left whole (unticked) and
    # those given whole now
    auto = tuple(name for name in suggested if name not in review.kept_whole and name not in unmask)
    if auto:
        copy = publication_copy(db, args.data_dir, document, names=(*args.mask, *auto), kept=kept)
    found = unmasked_names(copy)
    if args.mask or unmask or auto:  # the names chosen kept with the copy written, or neither (as the window keeps them)
        typed, kept_whole = given_whole(review, unmask, suggested)
        asked = [name for name in copy.names if name not in kept and name not in auto]
        typed = "、".join(part for part in (typed, "、".join(asked)) if part)
        # a suggestion left whole in the window but given now is masked: no longer left whole
        target = write_publication_copy(db, copy, typed, kept_whole - set(copy.names), args.output, fmt)
    else:
        target = write_output(args.output, copy.data(fmt))
    text = written_text(target)
    if kept:  # masked because an earlier review kept them: said, so that a name masked is never a surprise
        text += "\n" + _("Masked as kept from the last review: {names}.").format(names="、".join(kept))
    if auto:  # masked as the window ticks them: said, with how to write one whole
        text += "\n" + _("Masked as the text suggests: {names}. Write one whole with --unmask NAME.").format(
            names="、".join(auto))
    if unmask:
        text += "\n" + _("Written whole, no longer kept to mask: {names}.").format(names="、".join(unmask))
    if found:  # names left whole (in the window's review, or with --unmask): said, for the officer to mask with --mask
        text += "\n" + _("Names the text may still give whole: {names}. Mask them with --mask NAME and write the "
                         "copy again.").format(names="；".join(f"{n.name}（…{n.context}…）" for n in found))
    _emit(args, {"path": str(target), "format": fmt, "document": document.id, "number": document.number,
                 "summary": dict(copy.summary), "masked_on_request": list(copy.names), "masked_as_reviewed": list(kept),
                 "masked_as_suggested": list(auto), "given_whole": list(unmask),
                 "unmasked_names": [{"name": n.name, "context": n.context} for n in found]}, text)
    # what the processing does and that the whole text is read before publishing, as the review window says it:
    # on stderr, never in the file nor with the --json result
    sys.stderr.write(_("Note: {message}").format(message=publication_reminder()) + "\n")
    return 0


def _check_unmask(unmask: tuple[str, ...], kept: tuple[str, ...], suggested: tuple[str, ...], mask: list[str],
                  document) -> None:
    """Refuse, in one line and before anything is written, a name given with --unmask that the last review of
    ``document`` does not keep masked nor the text suggests (``suggested``), or one given with --mask too."""
    if both := [name for name in unmask if name in {m.strip() for m in mask}]:
        raise WorkstationError(_("--unmask: {names} is given with --mask too: give each name once.").format(
            names="、".join(both)))
    unknown = [name for name in unmask if name not in kept and name not in suggested]
    if unknown and suggested:
        raise WorkstationError(_(
            "--unmask: {names} is neither among the names the last review of {document} keeps masked ({kept}) nor "
            "among those the text suggests ({suggested}): nothing to write whole.").format(
            names="、".join(unknown), document=document.number or document.title, kept="、".join(kept) or _("none"),
            suggested="、".join(suggested)))
    if unknown:
        raise WorkstationError(_(
            "--unmask: {names} is not among the names the last review of {document} keeps masked ({kept}): "
            "nothing to write whole again.").format(names="、".join(unknown), document=document.number or document.title,
                                                    kept="、".join(kept) or _("none")))


def cmd_docs_list(args) -> int:
    """The case's documents (``issuing.document_list``): its kept drafts, then each document issued with its id (for
    `docs void` and `docs issue --supersedes`, also of one without a 文号), 文号, status (a void one's reason, its
    numbers masked, --json too) and date; in a case with
    several parties, the party each is written for after its form (``_listed_party``; "—": the whole case's)."""
    from workstation.documents.issuing import document_list
    from workstation.masking import mask_text, rules_in_force
    from workstation.store import find_case

    db = _open(args)
    case = find_case(db, args.case)
    rows = [{**row, **_listed_party(db, case, row)} for row in document_list(db, case.id)]
    rules = rules_in_force()
    for row in rows:  # a void reason's numbers masked, --json too, as `docs register` gives it in its note
        row["void_reason"] = mask_text(row["void_reason"], rules)
    several = len(case.party_ids) > 1  # the party each is written for, after its form
    lines = []
    for row in rows:
        state = row["status_label"]
        if row["status"] == "void" and row["void_reason"]:
            state = f"{state}：{_cell(row['void_reason'])}"
        lines.append("\t".join([row["id"], row["form"], *([row["party"] or "—"] if several else []),
                                row["number"] or "—", state, row["issued_on"] or (row["saved_at"] or "")[:10]]))
    _emit(args, rows, "\n".join(lines) or _("{number} has no documents.").format(
        number=case_named(case.case_number, case.party_names, case.cause)))
    return 0


def _listed_party(db, case, row: dict) -> dict:
    """{"party_id", "party"} of a document or draft ``docs list`` lists: the party of the case it is written for (one
    recording none, the case's first), None for one written for the whole case (``addressee.addressed_to_party``)."""
    import json

    from workstation.documents.addressee import PARTY_KEY, addressed_to_party
    from workstation.formkit.spec import load_forms
    from workstation.store import parties_of_case

    form = load_forms()[0].get(row["form_id"])
    parties = parties_of_case(db, case.id)
    if form is None or not parties or not addressed_to_party(form):
        return {"party_id": None, "party": None}
    table = "drafts" if row["status"] == "draft" else "documents"
    found = db.execute(f"SELECT values_json FROM {table} WHERE id = ?", [row["id"]]).fetchone()
    party_id = json.loads(found[0] or "{}").get(PARTY_KEY) if found else None
    if not party_id:
        return {"party_id": parties[0].id, "party": parties[0].name}
    known = {p.id: p.name for p in parties}
    if party_id not in known:  # a party removed from the case since: named as recorded
        from workstation.store import get_party

        try:
            known[party_id] = get_party(db, party_id).name
        except WorkstationError:
            known[party_id] = None
    return {"party_id": party_id, "party": known[party_id]}


def cmd_docs_register(args) -> int:
    """The register of issued documents (``document_register``): listed one a line (--json: each with its case,
    lead or interview id), or written whole to a CSV file with -o."""
    from dataclasses import asdict

    from workstation.document_register import export_register_counted, registered_documents
    from workstation.i18n import ngettext

    if args.year and not (len(args.year) == 4 and args.year.isdigit()):
        raise WorkstationError(_("--year takes a year of four digits, such as 2026, not {given}.").format(
            given=args.year))
    _search_checked(args.search)
    if args.form:  # an unknown type refused naming the option, before anything is read or written
        from workstation.documents.drafts import find_form
        from workstation.errors import NotFound, ValidationError

        try:
            find_form(args.form.strip())
        except NotFound as exc:
            raise ValidationError({"--form": exc.message}) from None
    if args.output:
        _check_output(args.output)
        _output_format(args, ("csv",))
    db = _open(args)
    filters = {"form": args.form.strip(), "agency": _agency_option(db, args.agency) or ""}
    if args.output:  # its progress on stderr; the rows written said, not counted again
        path, n, numbers = export_register_counted(db, args.output, args.search, args.state, args.year, **filters,
                                                   progress=_stderr_progress())
        said = ngettext("It holds {n} document.", "It holds {n} documents.", n).format(n=n)
        if numbers:
            said = join_sentences([said, ngettext("It lists {n} 文号 taken without a document here.",
                                                  "It lists {n} 文号 taken without a document here.",
                                                  numbers).format(n=numbers)])
        _emit(args, {"path": str(path), "documents": n, **({"numbers": numbers} if numbers else {})},
              written_text(path, said))
        return 0
    documents = registered_documents(db, args.search, args.state, args.year, limit=None, **filters)
    # in the order issued, each with the date it bears first and when it was issued (as the CSV's 签发时间); after
    # these columns, the parties and, of a document without a 文号 (a 送达回证, a 约谈记录), the id `docs void` takes
    lines = ["\t".join([d.dated or "—", d.number or "—", d.title, d.subject or "—", d.state_label, _cell(d.note) or "—",
                        short_time(d.issued_at), _cell(d.parties) or "—",
                        d.id if not d.number and d.kind == "document" else "—"]) for d in documents]
    _emit(args, [{**asdict(d), "state_label": d.state_label} for d in documents],
          "\n".join(lines) or _("No document issued matches."))
    return 0


def cmd_docs_void(args) -> int:
    """Void an issued document with its reason (``void_document``): the text says what follows from it, --json
    prints the document as voided, with what follows under ``warnings`` (the key only when something does)."""
    from workstation.documents.issuing import document_name, get_document, void_consequences, void_document
    from workstation.errors import ValidationError, join_sentences

    db = _open(args)
    document = get_document(db, args.document.strip())
    follows = void_consequences(db, document, for_command_line=True)  # read before the void changes them; dropped when it is refused
    try:
        voided = void_document(db, document.id, args.reason, for_command_line=True)
    except ValidationError as exc:  # named by the option the officer typed
        raise _named_by_options(exc, {"reason": "--reason"}) from None
    _emit(args, {**{key: getattr(voided, key) for key in ("id", "case_id", "form_id", "title", "number", "status",
                                                          "void_reason", "supersedes_id", "issued_at", "issued_by")},
                 **({"warnings": follows} if follows else {})},  # what the text says follows, as a list
          join_sentences([_("{document} is void: {reason}.").format(
              document=document_name(voided), reason=voided.void_reason.rstrip("。. ")), *follows]))
    return 0


EVIDENCE_OPTIONS = {"kind": "--kind", "collected_on": "--date", "source": "--source", "collector": "--collector",
                    "description": "--description", "recipient": "--recipient", "evidence": "EVIDENCE_ID"}


def _evidence_kind(args) -> tuple[str, bool]:
    """The kind of a file being added and whether it was proposed: ``--kind`` as typed (a key or its label), else
    the kind the file's type proposes, as the evidence dialog does; a file whose type says nothing is refused naming
    ``--kind`` and the kinds (the file itself checked first, so a missing or empty one is said as such)."""
    from workstation.errors import ValidationError
    from workstation.store.evidence import check_evidence_file, proposed_kind

    if args.kind is not None:
        return _vocabulary_key("evidence_kinds", "--kind", args.kind), False
    path = check_evidence_file(args.file)
    proposed = proposed_kind(path)
    if proposed is None:
        raise ValidationError({"--kind": _(
            "the type of {file} does not tell what kind of evidence it is: give --kind with one of {keys}; nothing "
            "was stored.").format(file=path.name, keys=_keys_and_labels("evidence_kinds"))})
    return proposed, True


def cmd_evidence_add(args) -> int:
    from workstation.errors import ValidationError
    from workstation.store import find_case
    from workstation.store.evidence import StoredCopyRestored, add_evidence, default_collector
    from workstation.vocabulary import label

    kind, proposed = _evidence_kind(args)
    db = _open(args)
    case = find_case(db, args.case)
    # no --collector, or a blank one: the case's officers, as the evidence dialog proposes them
    collector = args.collector if (args.collector or "").strip() else default_collector(db, case)
    try:
        item = add_evidence(db, args.data_dir, case.id, args.file, kind=kind, source=args.source,
                            collected_on=args.date, collector=collector, description=args.description,
                            recipient=args.recipient, progress=_stderr_progress())
    except ValidationError as exc:  # named by the options the officer typed, not by the register's fields
        raise _named_by_options(exc, EVIDENCE_OPTIONS) from None
    except StoredCopyRestored as done:  # the missing copy is back: what the officer came for, no item added
        item = done.item
        _emit(args, {"id": item.id, "sha256": item.sha256, "size": item.size, "kind": item.kind,
                     "kind_proposed": False, "collector": item.collector, "restored": True}, done.message)
        return 0
    # a kind the officer did not type is said, so it is seen and can be changed
    text = (_("{file} registered as evidence ({size} bytes, SHA-256 {sha256}); its kind {kind} was proposed from "
              "the file's type (“evidence set --kind” changes it).") if proposed
            else _("{file} registered as evidence ({size} bytes, SHA-256 {sha256}).")).format(
        file=item.file_name, size=item.size, sha256=item.sha256, kind=label("evidence_kinds", item.kind))
    _emit(args, {"id": item.id, "sha256": item.sha256, "size": item.size, "kind": item.kind,
                 "kind_proposed": proposed, "collector": item.collector}, text)
    return 0


def cmd_evidence_list(args) -> int:
    from workstation.store import find_case
    from workstation.store.evidence import list_evidence, listed_text

    db = _open(args)
    items = list_evidence(db, find_case(db, args.case).id)
    rows = [{"number": n, "id": e.id, "file_name": e.file_name, "kind": e.kind, "source": e.source,
             "collected_on": e.collected_on, "collector": e.collector, "description": e.description,
             "size": e.size, "sha256": e.sha256, "record_count": e.record_count,
             "record_category": e.record_category, "recipient": e.recipient, "void_reason": e.void_reason,
             "voided_at": e.voided_at} for n, e in enumerate(items, 1)]
    text = "\n".join(f"{n}. {_cell(listed_text(e))}\t{e.sha256}\t{e.id}" for n, e in enumerate(items, 1))
    _emit(args, rows, text or _("No evidence."))
    return 0


def _evidence_by_number(db, case, given: str) -> str:
    """The id of the case's evidence item ``given`` as its number in the register (1, 2 … as ``evidence list``
    numbers them) or as its id; a number the register does not have is refused saying which it has."""
    from workstation.errors import ValidationError
    from workstation.store.evidence import numbered_item, register_size

    given = given.strip()
    if not given.isdigit():
        return given
    found = numbered_item(db, case.id, int(given))  # one row, not the case's register
    if found is not None:
        return found
    count = register_size(db, case.id)
    message = _("Case {number} has no evidence item {n}: its items are numbered 1 to {count} (see “evidence list”)."
                ) if count else _("Case {number} has no evidence yet: add the file with “evidence add” first.")
    raise ValidationError({"EVIDENCE_ID": message.format(
        number=case_named(case.case_number, case.party_names, case.cause), n=given, count=count)})


def _recount_lines(before, after, message: str) -> list[str]:
    """``message`` (a translated sentence with {category}, {after} and {before}) for each record category whose count
    differs between the case as it was (``before``) and as it is now (``after``), in the order trace, sensitive,
    other."""
    from workstation.vocabulary import shown_label

    return [message.format(category=shown_label("record_categories", key), after=f"{now:,}", before=f"{was:,}")
            for key in ("trace", "sensitive", "other")
            if (was := getattr(before, f"records_{key}")) != (now := getattr(after, f"records_{key}"))]


def _case_records(case) -> dict:
    """The case's record figures as ``evidence void`` and ``evidence unvoid`` print them under "case_records"."""
    return {"trace": case.records_trace, "sensitive": case.records_sensitive, "other": case.records_other,
            "total": case.records_total}


def cmd_evidence_void(args) -> int:
    """Void an evidence item registered by mistake with its reason (``evidence_count.void_and_recount``); refused,
    changing nothing, without a reason, for a number the register does not have, or for an item voided already."""
    from workstation.errors import ValidationError
    from workstation.evidence_count import void_and_recount
    from workstation.store import find_case
    from workstation.store.evidence import evidence_of_case, item_number, void_consequences

    db = _open(args)
    case = find_case(db, args.case)
    evidence_id = _evidence_by_number(db, case, args.evidence_id)
    try:
        item = evidence_of_case(db, case.id, [evidence_id])[0]
        follows = void_consequences(db, item)
        voided = void_and_recount(db, args.data_dir, item.id, args.reason, progress=_stderr_progress())
    except ValidationError as exc:  # named by the arguments the officer typed
        raise _named_by_options(exc, {"reason": "--reason", "evidence": "EVIDENCE_ID"}) from None
    before, case = case, find_case(db, case.id)
    follows += _recount_lines(before, case, _("The case's count of “{category}” records is made again from the "
                                              "other items: {after} (was {before})."))
    _emit(args, {"id": voided.id, "number": item_number(db, voided), "file_name": voided.file_name,
                 "void_reason": voided.void_reason, "voided_at": voided.voided_at,
                 "case_records": _case_records(case)},
          join_sentences([_("Evidence item {n} ({file}) is void: {reason}.").format(
              n=item_number(db, voided), file=voided.file_name, reason=voided.void_reason.rstrip("。. ")),
              *follows]))
    return 0


def cmd_evidence_unvoid(args) -> int:
    """Restore an evidence item voided by mistake (``evidence_count.unvoid_and_recount``), as “Unvoid…” in the
    case's evidence does; refused, changing nothing, for a number the register does not have and as
    ``store.evidence.unvoid_refusal`` says (an item in force, a closed case, the same file added again in its
    place)."""
    from workstation.evidence_count import unvoid_and_recount
    from workstation.store import find_case
    from workstation.store.evidence import evidence_of_case, item_number

    db = _open(args)
    case = find_case(db, args.case)
    item = evidence_of_case(db, case.id, [_evidence_by_number(db, case, args.evidence_id)])[0]
    restored = unvoid_and_recount(db, args.data_dir, item.id, progress=_stderr_progress())
    before, case = case, find_case(db, case.id)
    follows = _recount_lines(before, case, _("The case's count of “{category}” records is made again with it: "
                                             "{after} (was {before})."))
    _emit(args, {"id": restored.id, "number": item_number(db, restored), "file_name": restored.file_name,
                 "was_void_reason": item.void_reason, "case_records": _case_records(case)},
          join_sentences([_("Evidence item {n} ({file}) is in force again (its void undone).").format(
              n=item_number(db, restored), file=restored.file_name), *follows]))
    return 0


def _stated_options(parser) -> None:
    """--replace-stated / --keep-stated: what a count does to a record figure of the case its evidence did not give."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--replace-stated", action="store_const", const="replace", dest="stated",
                       help=_("replace a record figure of the case that was not counted from its evidence (typed by "
                              "hand or imported) with the count"))
    group.add_argument("--keep-stated", action="store_const", const="keep", dest="stated",
                       help=_("keep such a figure as the one used; the file is counted all the same"))


def _stated_refused(exc) -> WorkstationError:
    """The refusal of a count that would replace the officer's own figure, saying how to go on."""
    return WorkstationError(_("{reason} Nothing was changed: count again with --replace-stated to replace it, or "
                              "with --keep-stated to keep it.").format(reason=exc.message))


def cmd_evidence_count(args) -> int:
    from workstation.errors import ValidationError
    from workstation.evidence_count import ASK, StatedCount, apply_count
    from workstation.store import find_case

    db = _open(args)
    case = find_case(db, args.case)
    evidence_id = _evidence_by_number(db, case, args.evidence_id)
    try:
        applied = apply_count(db, args.data_dir, case.id, evidence_id, args.category, stated=args.stated or ASK,
                              progress=_stderr_progress())
    except ValidationError as exc:  # named by the argument the officer typed
        raise _named_by_options(exc, {"evidence": "EVIDENCE_ID"}) from None
    except StatedCount as exc:
        raise _stated_refused(exc) from None
    case = applied.case
    records = {"trace": case.records_trace, "sensitive": case.records_sensitive, "other": case.records_other,
               "total": case.records_total}
    count = applied.count
    _emit(args, {**count.as_dict(), "case_records": records}, applied.evidence.count_note)
    return 0


def cmd_evidence_set(args) -> int:
    from workstation.errors import ValidationError, WorkstationError
    from workstation.evidence_count import ASK, StatedCount, update_and_recount
    from workstation.store import find_case
    from workstation.store.evidence import (
        DESCRIBED_FIELDS,
        default_collector,
        evidence_of_case,
        item_number,
        recipient_key,
    )

    given = {"kind": args.kind, "source": args.source, "collector": args.collector, "collected_on": args.date,
             "description": args.description, "recipient": args.recipient}
    values = {k: v for k, v in given.items() if v is not None}
    if not values:
        raise WorkstationError(_("Say what to change: --recipient, --kind, --source, --collector, --date or "
                                 "--description."))
    if "kind" in values:
        values["kind"] = _vocabulary_key("evidence_kinds", "--kind", values["kind"])
    db = _open(args)
    case = find_case(db, args.case)
    evidence_id = _evidence_by_number(db, case, args.evidence_id)
    if "collector" in values and not values["collector"].strip():  # a blank one: the case's officers, as add does
        values["collector"] = default_collector(db, case)
    try:
        before = evidence_of_case(db, case.id, [evidence_id])[0]
        item = update_and_recount(db, args.data_dir, evidence_id, stated=args.stated or ASK, **values)
    except ValidationError as exc:  # named by the options the officer typed
        raise _named_by_options(exc, EVIDENCE_OPTIONS) from None
    except StatedCount as exc:
        raise _stated_refused(exc) from None
    case = find_case(db, case.id)
    recounted = item.record_count is not None and recipient_key(item) != recipient_key(before)
    changed = any(getattr(item, name) != getattr(before, name) for name in DESCRIBED_FIELDS)
    text = _("Evidence item {n} changed.").format(n=item_number(db, item)) if changed else _(
        "Evidence item {n} is already described so: nothing was changed.").format(n=item_number(db, item))
    _emit(args, {"id": item.id, "changed": changed, "recipient": item.recipient, "record_count": item.record_count,
                 "record_category": item.record_category, "recounted": recounted,
                 "case_records": {"trace": case.records_trace, "sensitive": case.records_sensitive,
                                  "other": case.records_other, "total": case.records_total}},
          text + ("\n" + item.count_note if recounted else ""))
    return 0


SUMMARY_LISTED = 24  # the characters of an interview's summary of the meeting `interviews list` shows in its row


def cmd_interviews_list(args) -> int:
    from workstation.errors import ValidationError
    from workstation.records import today
    from workstation.store.interviews import (
        PENDING_LABELS,
        STATES,
        follow_up_outcome,
        follow_up_overdue,
        follow_up_pending,
        interview_state,
        list_interviews,
        notice_summons_elsewhere,
        party_results,
        past_unrecorded,
        register_links,
        stale_notice_mark,
    )
    from workstation.validators import parse_date
    from workstation.vocabulary import label

    try:
        day = parse_date(args.as_of) or today()
    except ValueError as exc:
        raise ValidationError({"--as-of": str(exc)}) from None
    state = _vocabulary_key("interview_states", "--state", args.state, STATES)  # void is --include-void's
    _search_checked(args.search)
    db = _open(args)
    from workstation.clocks import data_dir_of
    from workstation.interview_register import due_text, escalated_cases, register_found, summary_text
    from workstation.masking import mask_text, rules_in_force
    from workstation.workdays import default_calendar

    calendar = default_calendar(data_dir_of(db))  # read once for every deadline listed
    rules = rules_in_force()  # the rules reading the numbers to mask in the summaries, read once for the list
    interviews = list_interviews(db, state, day if args.as_of else None, include_void=args.include_void)
    links = register_links(db, interviews)  # the parties, cases and documents of the whole list, a query each
    rows, summaries, stale = [], {}, {}
    for i in interviews:
        case_number = (links.filed_numbers.get(i.case_id) or None) if i.case_id else None
        documents = links.documents.get(i.id, [])
        # a party known by its number (号码…的使用人) masked as the export and the window show it, and so the subject
        parties = [mask_text(links.party_names.get(p, p), rules) for p in i.party_ids]
        # found as the export and the window find it: also by every case it or a party of it was escalated to
        if args.search and not register_found(i, args.search, links):
            continue
        cases = [links.case_numbers.get(c, c) for c in escalated_cases(i)]  # of a joint interview, each party's
        # overdue once the deadline in force passed (the later day an issued 约谈记录's working days end on now)
        overdue = follow_up_overdue(i, day, db, calendar=calendar, documents=documents) and i.status != "void"
        # the summary of the meeting (约谈情况摘要), its numbers masked as the register's export masks them: in --json
        # its lines as typed, in the row one line (summary_text, as the export's cell) cut to SUMMARY_LISTED; the
        # follow-up's result and the reason for voiding, free texts too, are masked the same way
        summaries[i.id] = mask_text(summary_text(i.summary), rules)
        rows.append({"id": i.id, "held_on": i.held_on, "kind": i.kind, "subject": mask_text(i.subject, rules),
                     "summary": mask_text(i.summary, rules),
                     "state": interview_state(i, day if args.as_of else None), "lead_id": i.lead_id,
                     "contact_phone": i.contact_phone, "parties": parties,
                     "rectification_due": i.rectification_due, "follow_up_on": i.follow_up_on,
                     "follow_up_result": mask_text(i.follow_up_result, rules),
                     "follow_up_outcome": follow_up_outcome(i.follow_up_result, i.follow_up_outcome),
                     "case_number": case_number,
                     # escalated to a case not filed yet: no number, but the case all the same
                     "case_id": i.case_id, "case_unfiled": bool(i.case_id) and case_number is None,
                     "case": "；".join(cases) or None, "cases": cases,
                     "rectification_due_text": due_text(db, i, calendar, documents) or None,
                     "overdue": overdue,
                     # followed up as not rectified (to be escalated) or not verified (to be verified again), still
                     # awaited: the row's note says which
                     "follow_up_pending": follow_up_pending(i) if overdue else None,
                     # still scheduled though its day passed: neither held nor not attended recorded yet
                     "past_scheduled": past_unrecorded(i, day),
                     "void_reason": mask_text(i.void_reason, rules),  # shown in the row's note too
                     # where each party stands: its own follow-up and the case it was escalated to
                     "party_results": [{"party": mask_text(links.party_names.get(r.party_id, r.party_id), rules),
                                        "follow_up_on": r.follow_up_on,
                                        "follow_up_result": mask_text(r.follow_up_result, rules), "case_id": r.case_id,
                                        "case_number": (links.filed_numbers.get(r.case_id) or None)
                                        if r.case_id else None} for r in party_results(i)],
                     # summons_to: the day and time an issued notice summons to, when the interview was moved since
                     "documents": [{"number": d.number, "title": d.title, "status": d.status,
                                    "summons_to": notice_summons_elsewhere(i, d)} for d in documents]})
        # a notice summoning to the day the interview was moved from, marked as the window's register marks it
        stale[i.id] = [f"{d.title} {d.number}{mark}" for d in documents if (mark := stale_notice_mark(i, d))]

    def note(r) -> str:  # the last column, under its own head: a follow-up overdue, or why the interview is void
        if r["state"] == "void":
            return _("void: {reason}").format(reason=_cell(r["void_reason"]))
        if r["past_scheduled"]:
            said = _("interview day passed, no outcome recorded (interviews held, or interviews absent)")
        elif r["follow_up_pending"]:
            said = _(PENDING_LABELS[r["follow_up_pending"]])
        else:
            said = _("follow-up overdue") if r["overdue"] else ""
        return _("; ").join([t for t in (said, *stale[r["id"]]) if t]) or "—"

    def summary_cell(r) -> str:  # the summary's beginning, so that the row stays readable
        text = _cell(summaries[r["id"]])
        return (text if len(text) <= SUMMARY_LISTED else text[:SUMMARY_LISTED] + "…") if text else "—"

    lines = [f"{r['id']}\t{r['held_on']}\t{label('interview_states', r['state'])}\t"
             f"{label('interview_kinds', r['kind'])}\t{_cell('、'.join(r['parties']))}\t{summary_cell(r)}\t"
             f"{r['rectification_due_text'] or '—'}\t{r['case'] or '—'}\t{note(r)}" for r in rows]
    header = "\t".join((_("ID"), _("Date"), _("State"), _("Kind"), _("Parties"), _("Summary of the meeting"),
                        _("Rectification deadline"), _("Escalated to case"), _("Note")))
    empty = _("No interview contains {text}.").format(text=args.search) if args.search else _("No interviews.")
    _emit(args, rows, "\n".join([header, *lines]) if lines else empty)
    return 0


def cmd_interviews_export(args) -> int:
    """Write the register as ``interviews list`` lists it (voided interviews left out) to a CSV file."""
    from workstation.i18n import ngettext
    from workstation.interview_register import export_register, register_found
    from workstation.store.interviews import STATES, list_interviews, register_links

    _check_output(args.output)
    _output_format(args, ("csv",))
    state = _vocabulary_key("interview_states", "--state", args.state, STATES)  # void is --include-void's
    _search_checked(args.search)
    db = _open(args)
    interviews = list_interviews(db, state)
    if args.search:  # found as `interviews list` finds it (``register_found``)
        links = register_links(db, interviews)
        interviews = [i for i in interviews if register_found(i, args.search, links)]
    path = export_register(db, interviews, args.output)
    _emit(args, {"path": str(path), "interviews": len(interviews)},
          written_text(path, ngettext("It holds {n} interview and its 合计 row.", "It holds {n} interviews and their "
                                      "合计 row.", len(interviews)).format(n=len(interviews))))
    return 0


INTERVIEW_OPTIONS = {"held_on": "--date", "party_ids": "--party", "place": "--place", "topics": "--topics",
                     "subject": "--subject", "attendees": "--officer", "lead_id": "--lead",
                     "contact_phone": "--contact-phone", "agency_id": "--agency", "held_at": "--time",
                     "rectification_due": "--deadline", "provisions": "--provisions",
                     "commitments": "--commitments", "summary": "--summary"}
RECORDER_POST = "记录人"  # the post that marks the bureau's attendee who writes the 约谈记录 (forms/interview_record.toml)


def _interview_attendees(db, args, staff: str, party_ids: list[str]) -> list[dict]:
    """The attendees ``--officer``, ``--recorder`` and ``--attendee`` name: the bureau's staff (the recorder marked
    by the post 记录人, as the record reads it) and the party's people; a malformed one refused naming it, and so is
    one repeating another with the same post (the window refuses that row too) — an officer who also keeps the
    record (``--officer X --recorder X``) is one person in two posts, printed once."""
    from workstation.errors import ValidationError
    from workstation.formkit.interview_values import attendee_line, repeated_attendees

    rows, given = [], []  # given: each row's option as typed, to name a repeated one
    for text in args.officer:
        name, _sep, post = text.partition(":")
        rows.append({"name": name.strip(), "organisation": staff, "post": post.strip()})
        given.append(("--officer", text))
    if args.recorder is not None:
        if not args.recorder.strip():
            raise ValidationError({"--recorder": _("Give the name of the officer who writes the record.")})
        rows.append({"name": args.recorder.strip(), "organisation": staff, "post": RECORDER_POST})
        given.append(("--recorder", args.recorder))
    names = [db.execute("SELECT name FROM parties WHERE id = ?", [p]).fetchone()[0] for p in party_ids]
    for text in args.attendee:
        name, _sep, rest = text.partition(":")
        role, _sep, organisation = rest.partition(":")
        if not name.strip() or not role.strip():
            raise ValidationError({"--attendee": _("--attendee {text}: give the attendee's name and role, such as "
                                                   "王五:法定代表人, or 王五:法定代表人:ORGANISATION in a joint "
                                                   "interview.").format(text=text)})
        if not organisation.strip() and len(names) > 1:
            raise ValidationError({"--attendee": _("--attendee {text}: the interview has {n} parties; add which one "
                                                   "the attendee came for, such as {name}:{role}:{party}.").format(
                text=text, n=len(names), name=name.strip(), role=role.strip(), party=names[0])})
        rows.append({"name": name.strip(), "organisation": organisation.strip() or names[0], "post": role.strip()})
        given.append(("--attendee", text))
    for row, first, same_post in repeated_attendees(rows):
        if same_post:
            option, text = given[row - 1]
            raise ValidationError({option: _("{again} repeats {first}: the same person with the same post ({who}). "
                                             "Give each attendee once.").format(
                again=f"{option} {text}", first=" ".join(given[first - 1]), who=attendee_line(rows[row - 1]))})
    return rows


def _interview_party(db, reference: str) -> str:
    """The id of the party ``reference`` names (its id, USCC, ID number or name, however written:
    ``store.parties.party_named``)."""
    from workstation.errors import ValidationError
    from workstation.store.parties import party_codes, party_named
    from workstation.validators import ID_SHAPE, USCC_FORM, compact_code, normalize_uscc

    code = compact_code(reference)
    if USCC_FORM.match(code) and not ID_SHAPE.match(code) and not any(party_codes(reference)):
        try:  # a credit code mistyped (its check character): said as such, not as a party not found (REFERENCE §8.1)
            normalize_uscc(code)
        except ValueError as exc:
            raise ValidationError({"--party": str(exc)}) from None
    party = party_named(db, reference)
    if party is None:  # the command line registers no party: the window's interview editor does
        raise ValidationError({"--party": _("No party {ref} is recorded at this station: give its id, unified social "
                                            "credit code, ID number or exact name as registered. A party not yet "
                                            "recorded is registered in the window: Interviews, New interview…, then "
                                            "New party… in the editor (the command line registers no party).").format(
            ref=reference)})
    return party.id


def _roster_strangers(db, args, agency_id: str) -> list[str]:
    """The officers ``--officer`` and ``--recorder`` name that the officers' register does not hold for the
    interview's agency (``roster_officer``), each once: the notice prints them as 约谈人, the record as 记录人."""
    from workstation.store.interviews import roster_officer

    return [name for name in dict.fromkeys([*(t.partition(":")[0].strip() for t in args.officer),
                                            (args.recorder or "").strip()])
            if name and not roster_officer(db, agency_id, name)]


def _warn_strangers(strangers: list[str], staff: str) -> None:
    """Tell (not refuse: the window takes any name, and no rule found names who may interview) of the officers
    given that are not in the officers' register (``_roster_strangers``)."""
    if strangers:
        _warn(_(
            "{names} is not an active officer of {agency} or its bureau in the officers' register, yet the notice and "
            "the 约谈记录 print it as the bureau's: correct the name (interviews are held by the bureau's officers), or "
            "add the officer to the register (Case → Enforcement officers… in the window).").format(
            names="、".join(strangers), agency=staff))


def cmd_interviews_add(args) -> int:
    """Schedule an interview or record one held: its parties, date, place, topics, officers, lead and contact
    phone; a refusal names the option and stores nothing."""
    from workstation.errors import NotFound, ValidationError
    from workstation.records import Interview
    from workstation.store import agency_by_code, get_agency
    from workstation.store.interviews import (
        SameInterview,
        default_interview_agency,
        interview_state,
        offered_contact_phone,
        resolve_lead,
        rest_day_warning,
        save_interview,
    )

    db = _open(args)
    try:
        agency_id = agency_by_code(db, args.agency).id if args.agency is not None else default_interview_agency(
            db, [text.partition(":")[0].strip() for text in args.officer])
    except NotFound as exc:
        raise ValidationError({"--agency": exc.message}) from None
    if not agency_id:
        raise ValidationError({"--agency": _("Give --agency CODE: this station has no agency (see `init "
                                             "--agency`), and no officer named with --officer or WORKSTATION_ACTOR "
                                             "is in the officers' register with an agency.")})
    party_ids = [_interview_party(db, ref) for ref in args.party]
    for n, party_id in enumerate(party_ids):  # one party named twice (by name and by code …) is a typing slip
        if party_id in party_ids[:n]:
            first = args.party[party_ids.index(party_id)]
            raise ValidationError({"--party": _("--party {again} names the same party as --party {first} "
                                                "({name}): give each party once.").format(
                again=args.party[n], first=first,
                name=db.execute("SELECT name FROM parties WHERE id = ?", [party_id]).fetchone()[0])})
    try:
        lead_id = resolve_lead(db, args.lead).id if args.lead else None
    except WorkstationError as exc:
        raise ValidationError({"--lead": exc.message}) from None
    staff = get_agency(db, agency_id).name
    strangers = _roster_strangers(db, args, agency_id)
    attendees = _interview_attendees(db, args, staff, party_ids)
    names = "、".join(db.execute("SELECT name FROM parties WHERE id = ?", [p]).fetchone()[0] for p in party_ids)
    phone = args.contact_phone if args.contact_phone is not None else offered_contact_phone(db, agency_id)
    interview = Interview(agency_id=agency_id, held_on=args.date, held_at=args.time, subject=args.subject or f"约谈{names}",
                          place=args.place, topics=args.topics, attendees=attendees, party_ids=party_ids,
                          lead_id=lead_id, contact_phone=phone, provisions=args.provisions,
                          commitments=args.commitments, summary=args.summary, rectification_due=args.deadline)
    try:
        saved = save_interview(db, interview, allow_duplicate=args.allow_duplicate,
                               deadline_typed=args.deadline is not None)
    except ValidationError as exc:  # named by the options the officer typed
        raise _named_by_options(exc, INTERVIEW_OPTIONS) from None
    except SameInterview as exc:  # the same interview typed twice would be counted twice: the window asks
        raise WorkstationError(join_sentences([exc.message, _("Nothing was recorded. If this is another interview all "
                                                              "the same, add --allow-duplicate.")])) from None
    state = interview_state(saved)
    from workstation.interview_register import UNCONFIRMED_MARK, due_text

    # the deadline as `interviews list` words it (日历待核实 while counted through a year without holiday data), and
    # whether it is confirmed read from the same words (a new interview's report is awaited: marked when unconfirmed)
    due = due_text(db, saved) or None
    said = (_("Interview {id} scheduled for {date}: issue its notice with `interviews issue {id} --form "
              "interview_notice`.") if state == "scheduled" else _("Interview {id} of {date} recorded as held.")
            ).format(id=saved.id, date=saved.held_on)
    if due:
        said = join_sentences([said, _("Rectification deadline: {due}.").format(due=due)])
    _emit(args, {"id": saved.id, "held_on": saved.held_on, "held_at": saved.held_at, "state": state, "parties": party_ids,
                 "lead_id": saved.lead_id, "contact_phone": saved.contact_phone,
                 "rectification_due": saved.rectification_due, "attendees": saved.attendees,
                 "rectification_due_text": due,
                 "rectification_due_confirmed": UNCONFIRMED_MARK not in due if due else None}, said)
    from workstation.interview_register import lone_interviewer

    if rest := rest_day_warning(db, saved):  # told, not refused: the officer may have set it so on purpose
        _warn(rest)
    from workstation.store.interviews import deadline_rest_day_warning

    if rest := deadline_rest_day_warning(db, saved):  # a deadline on a rest day runs to the next working day
        _warn(rest)
    _warn_strangers(strangers, staff)
    from workstation.formkit.interview_values import joint_lines_warning

    if shared := joint_lines_warning(db, saved):  # lines printing in every party's 约谈记录: told, not refused
        _warn(shared)
    if not any(a.get("organisation") == staff for a in saved.attendees):  # no 约谈人 on the notice: told, not refused
        _warn(_(
            "no officer was given: the notice and the 约谈记录 would name no interviewer (约谈人). Interviews are held by "
            "two officers as a rule: add them with --officer NAME (repeat it) before issuing its documents."))
    elif lone := lone_interviewer(db, saved):  # the record would name one officer as both, as the window warns
        _warn(_(
            "only one officer was given: the 约谈记录 would name {name} both as the interviewer and as its recorder "
            "(记录人). Add the officer who writes the record with --recorder NAME, or a second --officer.").format(
            name=lone))
    from workstation.interview_register import principal_warning

    if principal := principal_warning(db, saved):  # PIPL art. 64: told, not refused
        _warn(principal)
    return 0


def cmd_interviews_held(args) -> int:
    from workstation.store.interviews import IssuedChange, absence_reason_dropped, get_interview, mark_held

    db = _open(args)
    before = get_interview(db, args.interview)
    try:
        interview = mark_held(db, args.interview, args.summary, command_line=True)
    except IssuedChange as exc:  # a summary the minutes printed: corrected with the officer's word, as edit takes it
        raise WorkstationError(join_sentences([exc.message, _(
            "Nothing was changed; to change it all the same, a corrected document to be issued, give interviews edit "
            "{id} --summary TEXT --despite-issued.").format(id=args.interview)])) from None
    _emit(args, {"id": interview.id, "state": "held"},
          _("Interview {id} of {date} recorded as held: its 约谈记录 can be issued.").format(
              id=interview.id, date=interview.held_on))
    if dropped := absence_reason_dropped(before, interview, command_line=True):  # the summary is to be written
        _warn(dropped)
    return 0


def cmd_interviews_absent(args) -> int:
    """Record that the party did not attend the interview (``mark_absent``); refused, changing nothing, without a
    reason, for an interview still to come, voided, or whose 约谈记录 or 纪要 is issued."""
    from workstation.errors import ValidationError
    from workstation.store.interviews import (
        absence_cleared_note,
        absent_refusal,
        absent_without_notice,
        get_interview,
        mark_absent,
    )

    db = _open(args)
    before = get_interview(db, args.interview)
    # a party never summoned is not absent: the window asks first, here a word (said after what refuses it outright)
    from workstation.validators import parse_date

    try:  # checked on the day given (--on), as mark_absent checks it; a malformed day is refused there, named
        on = parse_date(args.on) if args.on else None
    except ValueError:
        on = None
    if not args.without_notice and args.reason.strip() and absent_refusal(db, before, on, command_line=True) is None \
            and (unsummoned := absent_without_notice(db, before, on)):
        raise WorkstationError(join_sentences([unsummoned, _(
            "Nothing was changed; if the notice was served otherwise, add --without-notice.")])) from None
    try:
        interview = mark_absent(db, args.interview, args.reason, args.on, command_line=True)
    except ValidationError as exc:  # named by the options the officer typed
        raise _named_by_options(exc, {"reason": "--reason", "held_on": "--on"}) from None
    _emit(args, {"id": interview.id, "state": "absent", "held_on": interview.held_on, "summary": interview.summary},
          _("Interview {id} of {date} recorded as not attended by the party: it counts in the statistics as such; "
            "escalate it to a case with `interviews escalate {id} CASE`.").format(id=interview.id,
                                                                                date=interview.held_on))
    if cleared := absence_cleared_note(before):  # its commitments and deadline: none without a meeting
        _warn(cleared)
    return 0


def cmd_interviews_edit(args) -> int:
    """Correct an interview of the register with the options given (``save_interview``, as the window's editor
    saves it: the same refusals, a change of what an issued document printed only with --despite-issued)."""
    from dataclasses import replace

    from workstation.errors import ValidationError
    from workstation.store import get_agency
    from workstation.store.interviews import (
        IssuedChange,
        edited_follow_up_refusal,
        get_interview,
        interview_state,
        rest_day_warning,
        save_interview,
    )

    db = _open(args)
    before = get_interview(db, args.interview)
    changes = {field: value for field, value in (
        ("held_on", args.date), ("held_at", args.time), ("place", args.place), ("topics", args.topics),
        ("subject", args.subject), ("provisions", args.provisions), ("commitments", args.commitments),
        ("summary", args.summary), ("contact_phone", args.contact_phone)) if value is not None}
    if args.deadline is not None:
        changes["rectification_due"] = args.deadline.strip() or None
    strangers: list[str] = []
    if args.officer or args.recorder is not None or args.attendee:
        staff = get_agency(db, before.agency_id).name
        given = _interview_attendees(db, args, staff, before.party_ids)
        strangers = _roster_strangers(db, args, before.agency_id)  # told once saved, as on add
        parties = {db.execute("SELECT name FROM parties WHERE id = ?", [p]).fetchone()[0] for p in before.party_ids}
        # the rows recorded: the bureau's (not of a party interviewed) and the party's, each kept unless given anew
        kept_staff = [a for a in before.attendees if a.get("organisation") not in parties]
        kept_party = [a for a in before.attendees if a.get("organisation") in parties]
        officers = len(args.officer) + (args.recorder is not None)  # their rows come first, then the party's
        new_staff, new_party = given[:officers], given[officers:]
        from workstation.formkit.interview_values import is_recorder

        if args.recorder is not None and not args.officer:  # the recorder alone: the interviewers are kept
            new_staff = [a for a in kept_staff if not is_recorder(a)] + new_staff
        elif args.officer and args.recorder is None:  # the interviewers alone: the recorder is kept
            new_staff = new_staff + [a for a in kept_staff if is_recorder(a)]
        changes["attendees"] = ((new_staff if args.officer or args.recorder is not None else kept_staff)
                                + (new_party if args.attendee else kept_party))
    if not changes:
        raise WorkstationError(_("Give what to correct: --date, --time, --place, --deadline, --officer, --attendee "
                                 "… (`interviews edit --help` lists them). Nothing was changed."))
    try:
        saved = save_interview(db, replace(before, **changes), despite_issued=args.despite_issued,
                               deadline_typed=args.deadline is not None, command_line=True)
    except IssuedChange as exc:  # the window asks the officer; here, a word
        raise WorkstationError(join_sentences([exc.message, _("Nothing was changed; to change it all the same, a "
                                                              "corrected document to be issued, add "
                                                              "--despite-issued.")])) from None
    except ValidationError as exc:  # named by the options the officer typed
        errors = dict(exc.errors)
        if "rectification_due" in errors and args.deadline is None and before.rectification_due:
            # the deadline stored, typed by hand, is now before the date given: --date is what was typed
            errors.pop("rectification_due")
            errors.setdefault("held_on", _("The rectification deadline recorded, {due}, typed by hand, would be "
                                           "before the interview of {date}: give the deadline again with --deadline "
                                           "YYYY-MM-DD (or --deadline \"\" to clear it: an interview held with "
                                           "commitments then gets the usual one).").format(
                due=before.rectification_due, date=changes.get("held_on", before.held_on)))
        # the follow-up's date, checked against the date or the deadline typed: named by that option
        typed = "--date" if args.date is not None else "--deadline" if args.deadline is not None else "--date"
        # the follow-up recorded, which no option here clears: named in words, saying what to give instead
        follow_up = {field: _("Follow-up recorded") for field in ("follow_up_result", "follow_up_outcome")}
        for field in follow_up:
            if field in errors:
                errors[field] = edited_follow_up_refusal(replace(before, **changes))
        raise _named_by_options(ValidationError(errors), {**INTERVIEW_OPTIONS, "follow_up_on": typed,
                                                          **follow_up}) from None
    _emit(args, {"id": saved.id, "held_on": saved.held_on, "held_at": saved.held_at, "state": interview_state(saved),
                 "place": saved.place, "rectification_due": saved.rectification_due, "attendees": saved.attendees,
                 "subject": saved.subject},
          _("Interview {id} of {date} corrected.").format(id=saved.id, date=saved.held_on))
    if (rest := rest_day_warning(db, saved)) and saved.held_on != before.held_on:  # told, not refused
        _warn(rest)
    from workstation.store.interviews import deadline_rest_day_warning

    if (rest := deadline_rest_day_warning(db, saved)) and saved.rectification_due != before.rectification_due:
        _warn(rest)  # a deadline on a rest day runs to the next working day: told, not refused
    if strangers:
        _warn_strangers(strangers, get_agency(db, saved.agency_id).name)
    from workstation.interview_register import principal_warning

    if (args.attendee or saved.party_ids != before.party_ids) and (principal := principal_warning(db, saved)):
        _warn(principal)  # PIPL art. 64: told, not refused
    if args.officer or args.recorder is not None:  # no 约谈人 left on the notice and the record: told, not refused
        from workstation.formkit.interview_values import is_recorder, staff_names

        own = staff_names(db, saved)
        if not any(a.get("organisation") in own and not is_recorder(a) for a in saved.attendees):
            _warn(_("no interviewer is left: the notice and the 约谈记录 would name the recorder alone. Add the "
                    "interviewing officers with --officer NAME:POST (repeat it; given with --recorder, they replace "
                    "the bureau's attendees)."))
    from workstation.formkit.interview_values import joint_lines_warning

    if (shared := joint_lines_warning(db, saved)) and (
            saved.commitments != before.commitments or saved.attendees != before.attendees
            or saved.party_ids != before.party_ids):  # lines printing in every party's 约谈记录: told, not refused
        _warn(shared)
    return 0


def cmd_interviews_void(args) -> int:
    """Void an interview entered by mistake with its reason (``void_interview``); refused, changing nothing, without
    a reason, once escalated to a case, or while one of its documents is issued."""
    from workstation.errors import ValidationError
    from workstation.store.interviews import void_interview

    db = _open(args)
    try:
        interview = void_interview(db, args.interview, args.reason, command_line=True)
    except ValidationError as exc:  # named by the option the officer typed
        raise _named_by_options(exc, {"reason": "--reason"}) from None
    _emit(args, {"id": interview.id, "state": "void", "void_reason": interview.void_reason},
          _("Interview {id} of {date} is void: {reason}. It is left out of the register, the statistics and the "
            "deadline board.").format(id=interview.id, date=interview.held_on,
                                      reason=interview.void_reason.rstrip("。. ")))
    return 0


def cmd_interviews_restore(args) -> int:
    """Restore an interview voided by mistake (``restore_interview``, audited); refused, changing nothing, for one
    not void or when another interview entered since takes its place."""
    from workstation.store.interviews import interview_state, restore_interview
    from workstation.vocabulary import label

    db = _open(args)
    interview = restore_interview(db, args.interview)
    state = interview_state(interview)
    _emit(args, {"id": interview.id, "state": state},
          _("Interview {id} of {date} is in force again ({state}): it is back in the register, the statistics and "
            "the deadline board.").format(id=interview.id, date=interview.held_on,
                                          state=label("interview_states", state)))
    return 0


def cmd_interviews_follow_up(args) -> int:
    from workstation.errors import ValidationError
    from workstation.store.interviews import (
        OUTCOME_LABELS,
        get_interview,
        interview_party,
        not_held_refusal,
        party_result,
        record_follow_up,
        suggested_outcome,
    )

    if args.not_rectified and args.outcome not in (None, "not_rectified"):  # a usage error (exit 2), whatever the data
        raise _usage_error("--outcome", _("--not-rectified says the same as --outcome not_rectified: give one of the "
                                          "two."))
    db = _open(args)
    before = get_interview(db, args.interview)
    if refusal := not_held_refusal(before, "follow_up", command_line=True):  # the command to give, not a button
        raise WorkstationError(refusal)
    party_id = interview_party(db, before, args.party) if args.party else None
    outcome = "not_rectified" if args.not_rectified else args.outcome
    suggested = None
    if outcome is None:  # never rectified on a guess: only a text clearly saying so (suggested_outcome); one saying
        # it was not rectified before the deadline is refused, as the window refuses it (early_not_rectified)
        suggested = suggested_outcome(args.result) or "unverified"
    try:
        interview = record_follow_up(db, args.interview, args.on, args.result, party_id, outcome or suggested,
                                     replace_own=args.replace_own)
    except ValidationError as exc:  # named by the options the officer typed
        names = {"follow_up_on": "--on", "follow_up_result": "--result", "follow_up_outcome": "--outcome"}
        raise _named_by_options(exc, names) from None
    # what was recorded: that party's own follow-up when one party was named, else the interview's
    on, result = interview.follow_up_on, interview.follow_up_result
    if party_id is not None:
        found = party_result(interview, party_id)
        on, result = found.follow_up_on, found.follow_up_result
    data = {"id": interview.id, "follow_up_on": on, "follow_up_result": result, "follow_up_outcome": outcome or suggested}
    if party_id is not None:
        data["party_id"] = party_id
    _emit(args, data, _("Follow-up of interview {id} recorded on {date}.").format(id=interview.id, date=on))
    if suggested is not None:  # what was recorded without --outcome, and how to say otherwise
        sys.stderr.write(_("Note: {message}").format(message=_(
            "recorded with the outcome “{outcome}”, as --result reads; if the follow-up established otherwise, record it again with "
            "--outcome rectified, not_rectified or unverified.").format(outcome=_(OUTCOME_LABELS[suggested]))) + "\n")
    return 0


def cmd_interviews_escalate(args) -> int:
    from workstation.store import get_case
    from workstation.store.interviews import (
        RectifiedFollowUp,
        deadline_in_force,
        escalate_to_case,
        escalation_case,
        get_interview,
        not_held_refusal,
        within_deadline,
    )

    db = _open(args)
    if refusal := not_held_refusal(get_interview(db, args.interview), "escalate", command_line=True):
        raise WorkstationError(refusal)  # the command to give, not a button
    case = get_case(db, escalation_case(db, get_interview(db, args.interview), args.case))
    early = get_interview(db, args.interview)
    # the window asks first (early_escalation): here, a word; the deadline in force, the later day an issued 约谈记录's
    # working days end on now when a holiday file moved it
    if within_deadline(early, db=db) and not args.before_deadline:
        raise WorkstationError(_("The rectification deadline of interview {id} is {due}, not passed yet: the party may "
                                 "still rectify until then, and nothing was changed. To escalate it to a case now all "
                                 "the same (for instance because a new violation was found), add "
                                 "--before-deadline.").format(id=early.id, due=deadline_in_force(db, early)))
    try:
        interview = escalate_to_case(db, args.interview, case.id, not_rectified=args.not_rectified)
    except RectifiedFollowUp as exc:  # a follow-up telling of a rectification: the option that confirms it was not
        raise WorkstationError(join_sentences([exc.message, _("If it was not made after all, give --not-rectified.")])) from None
    _emit(args, {"id": interview.id, "case_id": case.id, "case_number": case.case_number or None},
          _("Interview {id} escalated to case {number}.").format(
              id=interview.id, number=case_named(case.case_number, case.party_names, case.cause)))
    return 0


def cmd_interviews_issue(args) -> int:
    from workstation.documents.drafts import find_form
    from workstation.documents.interview_documents import issue_interview_document
    from workstation.store.interviews import get_interview

    _check_output(args.output)
    try:
        _output_format(args, ("pdf",))
    except WorkstationError as exc:  # a DOCX is written of the document once issued: the command that does named
        if not str(args.output).lower().endswith(".docx"):
            raise
        raise WorkstationError(join_sentences([exc.message, _(
            "Its DOCX is written once it is issued: `docs render --document NUMBER -o {file}`, NUMBER being the "
            "文号 it was given (or its id when it has none).").format(file=args.output)])) from None
    form = find_form(args.form)
    values = _form_values(args.values, form)
    db = _open(args)
    interview = get_interview(db, args.interview)
    party_id = _interview_addressee(db, interview, form, args.party, values)
    from workstation.interview_register import principal_warning
    from workstation.store.interviews import rectification_calendar_warning, rest_day_warning

    # not refused: the 截止日期 it prints counted through a year without holiday data (日历待核实), a notice calling
    # the party on a rest day, a 约谈记录 with no attendee answering for the party (PIPL art. 64) — said once it is
    # issued, as what to check in the document issued
    warnings = [w for w in (rectification_calendar_warning(db, interview, form.id, issued=True, values=values),
                            rest_day_warning(db, interview, form.id, issued=True),
                            form.id == "interview_record" and principal_warning(db, interview, party_id)) if w]
    code = _write_issued(args, db, lambda: issue_interview_document(db, args.data_dir, interview, form, values,
                                                                    party_id=party_id, command_line=True), warnings)
    for warning in warnings:
        _warn(warning)
    return code


PUBLICITY_OPTIONS = {"held_on": "--date", "title": "--title", "kind": "--kind", "agency_id": "--agency",
                     "flyers": "--flyers", "sms": "--sms", "participants": "--participants"}


def _publicity_row(db, item) -> dict:
    from workstation.store import get_agency

    agency = get_agency(db, item.agency_id)
    return {"id": item.id, "held_on": item.held_on, "agency": agency.code, "agency_name": agency.name,
            "title": item.title, "kind": item.kind, "flyers": item.flyers, "sms": item.sms,
            "participants": item.participants}


def cmd_publicity_add(args) -> int:
    from workstation.errors import ValidationError
    from workstation.records import Publicity
    from workstation.store import save_publicity
    from workstation.store.interviews import default_interview_agency
    from workstation.store.publicity import normalized_publicity

    _refuse_empty_counts(args, _("Nothing was recorded."))
    db = _open(args)
    # as an interview's: the station's agency, at headquarters the city bureau, else the acting officer's
    agency_id = _agency_option(db, args.agency) or default_interview_agency(db)
    if not agency_id:
        raise ValidationError({"--agency": _(
            "Give --agency CODE (such as 440605): this station has no agency (set it with `init --agency CODE`), "
            "and WORKSTATION_ACTOR names no officer of the officers' register with an agency. Nothing was "
            "recorded.")})
    item = Publicity(agency_id=agency_id, held_on=args.date, title=args.title, kind=args.kind,
                     flyers=args.flyers, sms=args.sms, participants=args.participants)
    try:
        item = normalized_publicity(db, item)
    except ValidationError as exc:
        raise _named_by_options(exc, PUBLICITY_OPTIONS) from None
    # the same activity typed twice would be counted twice: refused unless said to be another (the window asks)
    _refuse_same_activity(db, args, item, _(
        "{activity} is already in the publicity log (id {id}): nothing was recorded. If this is another activity all "
        "the same, add --allow-duplicate."))
    saved = save_publicity(db, item)
    _emit(args, _publicity_row(db, saved), _("Publicity activity {id} recorded: {date} {title}.").format(
        id=saved.id, date=saved.held_on, title=saved.title))
    _warn_before_campaign(db, saved.held_on)
    _warn_figures(saved)
    return 0


def _warn_figures(item) -> None:
    """Warn (stderr) of an activity saved with its kind's own figure 0 or every figure 0 (``figures_warning``), as
    the editor shows it under the figures: saved and counted all the same."""
    from workstation.store.publicity import figures_warning

    if odd := figures_warning(item):
        _warn(odd)


def _warn_before_campaign(db, held_on: str) -> None:
    """Warn (stderr) of an activity recorded with a date before the campaign's earliest (``before_campaign``)."""
    from workstation.store.publicity import before_campaign

    if early := before_campaign(db, held_on):
        _warn(early)


def _allow_duplicate_option(parser) -> None:
    parser.add_argument("--allow-duplicate", action="store_true", help=_(
        "record the activity even though the log has one of the same agency, date, kind and title (refused without "
        "it, as the window asks first)"))


def _refuse_empty_counts(args, nothing: str) -> None:
    """Refuse a figure option given empty (``--sms ""``: a variable left unset in a script), naming it, rather than
    read it as 0; ``nothing`` says what was left undone."""
    from workstation.errors import ValidationError
    from workstation.store.publicity import COUNT_FIELDS

    empty = {f"--{field}": _("Write a number; if there were none, write 0. {nothing}").format(nothing=nothing)
             for field in COUNT_FIELDS if getattr(args, field) is not None and not str(getattr(args, field)).strip()}
    if empty:
        raise ValidationError(empty)


def _refuse_same_activity(db, args, item, refusal: str) -> None:
    """Refuse ``item`` (valid) when the log holds the same activity already (``same_activity``) and
    ``--allow-duplicate`` was not given: ``refusal`` (its {activity}, {id}) names the one stored."""
    from workstation.errors import WorkstationError
    from workstation.store.publicity import activity_named, same_activity

    if args.allow_duplicate or (twin := same_activity(db, item)) is None:
        return
    raise WorkstationError(refusal.format(activity=activity_named(db, twin), id=twin.id))


def cmd_publicity_edit(args) -> int:
    """Correct a publicity activity as the window's editor does (``save_publicity``, audited): the options given
    replace its values, the others stay. An unknown id, a refused value (named by its option) or the same activity
    as another in the log (without ``--allow-duplicate``) changes nothing. The result is ``publicity add``'s, with
    the fields changed."""
    from dataclasses import replace

    from workstation.errors import ValidationError
    from workstation.store import get_publicity, save_publicity
    from workstation.store.publicity import normalized_publicity

    _refuse_empty_counts(args, _("Nothing was changed."))
    db = _open(args)
    item = get_publicity(db, args.publicity)
    given = {field: value for field, value in (
        ("held_on", args.date), ("title", args.title), ("kind", args.kind), ("agency_id", _agency_option(db, args.agency)),
        ("flyers", args.flyers), ("sms", args.sms), ("participants", args.participants)) if value is not None}
    try:
        edited = normalized_publicity(db, replace(item, **given))
    except ValidationError as exc:
        raise _named_by_options(exc, PUBLICITY_OPTIONS) from None
    changed = [field for field in PUBLICITY_OPTIONS if getattr(edited, field) != getattr(item, field)]
    if changed:
        _refuse_same_activity(db, args, edited, _(
            "{activity} is already in the publicity log (id {id}): nothing was changed. If this is another activity "
            "all the same, add --allow-duplicate."))
        edited = save_publicity(db, edited)
        message = _("Publicity activity {id} corrected: {date} {title}.")
    else:
        message = _("Publicity activity {id}: nothing differs from what it holds; nothing was changed.")
    _emit(args, {**_publicity_row(db, edited), "changed": changed}, message.format(
        id=edited.id, date=edited.held_on, title=edited.title))
    if "held_on" in changed:
        _warn_before_campaign(db, edited.held_on)
    if {"kind", "flyers", "sms", "participants"} & set(changed):
        _warn_figures(edited)
    return 0


def cmd_publicity_delete(args) -> int:
    """Delete a publicity activity entered by mistake with --reason, as the window's Delete does
    (``delete_publicity``: kept with the reason for `publicity restore`, the audit log recording the deletion); an
    unknown id, an activity of another agency or no reason changes nothing. The result is the activity deleted, as
    ``publicity add`` gives one, with the reason (as `clocks remove` gives it)."""
    from workstation.errors import ValidationError
    from workstation.store import get_publicity
    from workstation.store.publicity import delete_publicity, one_line

    db = _open(args)
    item = get_publicity(db, args.publicity)
    reason = one_line(args.reason)
    row = {**_publicity_row(db, item), "reason": reason}  # described before it is gone
    try:  # the agency refused first, then a reason left blank (the store checks both)
        delete_publicity(db, item.id, args.reason or "")
    except ValidationError as exc:  # the option named, as typed
        raise ValidationError({"--reason": _("Say why the activity is deleted, with --reason TEXT: the reason is "
                                             "kept with it, to bring it back later. Nothing was deleted.")}
                              if "reason" in exc.errors else exc.errors) from None
    said = _("Publicity activity {id} deleted: {date} {title} — {reason}").format(
        id=item.id, date=item.held_on, title=item.title, reason=reason)
    _emit(args, row, f"{said}\n" + _("Deleted in error? {command} brings it back.").format(
        command=f"publicity restore {item.id}"))
    return 0


def cmd_publicity_restore(args) -> int:
    """Bring back a publicity activity deleted with a reason (``restore_deleted_publicity``: as a new activity, its
    fields as they were), as the publicity log's Bring back deleted… does; refused, nothing changed, when it was brought
    back already, or when the log holds it again (without ``--allow-duplicate``). The result is ``publicity add``'s,
    with the id it had (``restored_from``), as `clocks restore` gives it."""
    from workstation.store.publicity import restore_deleted_publicity

    db = _open(args)
    deleted_id = args.publicity.strip()
    restored = restore_deleted_publicity(db, deleted_id, allow_duplicate=args.allow_duplicate)
    _emit(args, {**_publicity_row(db, restored), "restored_from": deleted_id},
          _("Publicity activity {old} brought back as {id}: {date} {title}.").format(
              old=deleted_id, id=restored.id, date=restored.held_on, title=restored.title))
    return 0


def _deleted_publicity(args, db, date_from, date_to, agency_id) -> int:
    """`publicity list --deleted`: the activities deleted with a reason in the period and agency, the latest deleted
    first, each with its id (for `publicity restore`), why, when and by whom, and the activity that brought it back
    if one did."""
    from workstation.store.publicity import reason_shown, removed_publicities

    rows, lines = [], []
    for removed in removed_publicities(db, date_from, date_to, agency_id, own=_own(args)):
        row = {**_publicity_row(db, removed.item), "reason": removed.reason, "removed_at": removed.removed_at,
               "removed_by": removed.removed_by, "restored_as": removed.restored_as}
        rows.append(row)
        line = _("{date} {title} — deleted on {day} by {officer}: {reason}").format(
            date=removed.item.held_on, title=removed.item.title, day=removed.removed_at[:10],
            officer=removed.removed_by or "—", reason=reason_shown(removed))
        if removed.restored_as:
            line += _(" (brought back as {id})").format(id=removed.restored_as)
        lines.append(f"{removed.item.id}\t{_cell(line)}")
    _emit(args, rows, "\n".join(lines) or _("No publicity activity was deleted."))
    return 0


def cmd_publicity_list(args) -> int:
    from workstation.store import list_publicity
    from workstation.store.publicity import listed_date, totals_text
    from workstation.vocabulary import label

    date_from, date_to = _period(args)
    db = _open(args)
    agency_id = _agency_option(db, args.agency) or None
    if args.deleted:
        return _deleted_publicity(args, db, date_from, date_to, agency_id)
    items = list_publicity(db, date_from, date_to, agency_id, own=_own(args))
    rows = [_publicity_row(db, i) for i in items]
    # as the log's tab lists them: one dated after today marked, and left out of the totals as the statistics leave
    # it out; the figures named as the window and the CSV name them (宣传资料 …)
    lines = [f"{listed_date(i)}\t{_cell(r['agency_name'])}\t{label('publicity_kinds', r['kind'])}\t"
             f"{_cell(r['title'])}\t{r['flyers']}\t{r['sms']}\t{r['participants']}"
             for i, r in zip(items, rows, strict=True)]
    lines.append(totals_text(items))
    _emit(args, rows, "\n".join(lines))
    return 0


def cmd_complaints_correct(args) -> int:
    """Record an officer's verdict on one complaint, or clear it (``workstation.screening.verdict``); refused input
    names the option and changes nothing."""
    from workstation.errors import UsageError, ValidationError
    from workstation.i18n import ngettext
    from workstation.screening.verdict import correct_complaint, left_text, placed_text

    verdict = None if args.verdict == "clear" else args.verdict
    if verdict is None and args.reason.strip():  # as two options that exclude each other: nothing would keep it
        raise UsageError("--reason: " + _("not with --clear: clearing the verdict keeps no reason (the audit log "
                                          "records who cleared it and when)."))
    if (args.category or "").strip() and verdict != "related":  # as --reason: refused before the database opens
        raise UsageError("--category: " + _("only with --related: a complaint not related to personal information is "
                                            "in no category, and --clear restores screening's own."))
    db = _open(args)
    officer = _acting_officer(args, db)  # an officer not in the register refused before anything is written
    with officer:
        try:
            result = correct_complaint(db, args.complaint, verdict, args.reason, category=args.category)
        except ValidationError as exc:
            raise _named_by_options(exc, {"reason": "--reason", "category": "--category"}) from None
    ref = result.external_id or result.id
    if verdict is None:
        text = _("Complaint {ref}: the officer's verdict was removed; screening finds it {related}.")
    else:
        text = _("Complaint {ref} corrected: {related}.")
    if result.category and verdict is not None:  # the category stored with the verdict, as the rules name it
        from workstation.screening.complaint import rules_for

        related = _("related to personal information ({category})").format(
            category=rules_for(db).category_label(result.category))
    else:
        related = _("related to personal information") if result.category else _("not related to personal information")
    text = text.format(ref=ref, related=related)
    if result.copies:
        text = join_sentences([text, ngettext("{n} copy of it received through another channel was changed with it.",
                                              "Its {n} copies received through other channels were changed with it.",
                                              len(result.copies)).format(n=len(result.copies))])
    # counted again, or kept for the complaint to go back into; and where it went
    text = join_sentences([text, left_text(result, for_command_line=True), placed_text(result)])
    _emit(args, result.as_dict(), text)
    return 0


def cmd_complaints_imports(args) -> int:
    """The import history: each file's import with its time and the complaints it still holds."""
    from workstation.importing.complaint_withdraw import complaint_imports, shown_time

    imports = complaint_imports(_open(args))
    lines = [_("{time}  {file}: {n} complaints").format(time=shown_time(i["imported_at"]), file=_cell(i["file"]),
                                                        n=i["complaints"]) for i in imports]
    _emit(args, imports, "\n".join(lines) if lines else _("No complaint file was imported here."))
    return 0


def cmd_cases_withdraw_import(args) -> int:
    """Withdraw one register import (``importing.register.withdraw_register_import``); refused with nothing
    changed."""
    from workstation.importing.register import withdraw_register_import

    db = _open(args)
    with _acting_officer(args, db):
        result = withdraw_register_import(db, args.file)
    _emit(args, result.as_dict(), result.summary())
    return 0


def cmd_complaints_withdraw_file(args) -> int:
    """Withdraw one file's import (``workstation.importing.complaint_withdraw``); refused with nothing changed."""
    from workstation.importing.complaint_withdraw import withdraw_import

    db = _open(args)
    with _acting_officer(args, db):
        result = withdraw_import(db, args.file)
    _emit(args, result.as_dict(), result.summary())
    return 0


def cmd_complaints_import(args) -> int:
    """Import the files all or none (``import_complaints``'s ``together``): a refused file makes the exit code 1,
    its reason on stderr, and none of the files is imported, as CLI.md's exit 1 promises that nothing was changed;
    stdout says so and what to do (``imported_files`` empty and ``refused_files`` in the --json result)."""
    from workstation.importing.complaint_withdraw import import_word
    from workstation.importing.complaints import complaint_spec, import_complaints
    from workstation.importing.tables import readable_name, readable_path

    db = _open(args)
    # the files' names (not where they were) in the open marker: a start after a kill names the files to import again
    noted = _("Importing complaints {files}").format(files=join_names(readable_name(f) for f in args.files))
    with _noted_work(noted), _reported_work(*_import_lines(*args.files)) as progress:
        result = import_complaints(db, args.files, profile=args.profile, dry_run=args.dry_run, progress=progress,
                                   despite_header=args.channel_despite_header, together=True, command_line=True,
                                   cancel=_interrupts_held_once_closed(args))
        progress.refused = bool(result.refused)  # its reasons follow, one line a file refused
    labels = {name: spec["label"] for name, spec in complaint_spec()["profiles"].items()}  # 消委会投诉, not its key
    lines = []
    for f, given in zip(result.files, args.files, strict=True):
        _name_as_given(f, readable_path(given))
    for f in result.files:
        if f.refused:
            sys.stderr.write(_("Error: {message}").format(message=f.refused.splitlines()[0]) + "\n")
            _refused_rows(f)
            continue
        if result.withheld:  # read without fault, but not imported as another was refused: said below
            continue
        if note := f.already_imported_note():  # every complaint of it stored already: said plainly, with when
            # and how to import it again, read wrongly the first time: what withdraw-file takes for that import
            at, stored_as = f.stored_before
            redo = f.redo_note(command_line=True, which=import_word(db, stored_as, at))
            lines += [note, redo] if redo else [note]  # none for a file given twice in this import
            continue
        # the complaints also sent through another channel are among those imported (not more of them): said so,
        # and only when there are any
        if args.dry_run and f.same_as:  # what an import would do, not said as done
            template = _("{file} ({profile}): {rows} rows, {imported} would be imported (of which {same} the same "
                         "complaint as one sent through another channel), {duplicates} duplicates (dry run, not "
                         "saved).")
        elif args.dry_run:
            template = _("{file} ({profile}): {rows} rows, {imported} would be imported, {duplicates} duplicates "
                         "(dry run, not saved).")
        elif f.same_as:
            template = _("{file} ({profile}): {rows} rows, {imported} imported (of which {same} the same complaint "
                         "as one sent through another channel), {duplicates} duplicates.")
        else:
            template = _("{file} ({profile}): {rows} rows, {imported} imported, {duplicates} duplicates.")
        lines.append(template.format(file=f.file, profile=labels.get(f.profile, f.profile), rows=f.rows,
                                     imported=f.imported, duplicates=f.duplicates, same=f.same_as))
        if f.repeated:
            lines.append(f.repeated_note())
        if f.same_numbers:  # another complaint under the number of a row above: left out, named
            lines.append(f.same_number_note())
        if note := f.remembered_note():  # columns the channel's remembered choices decided, said so
            lines.append(note)
        if f.sheets_left_out:  # a workbook's sheets whose complaints are not among them
            lines.append(f.sheets_note())
        if f.updated:
            lines.append(f.updated_note(planned=args.dry_run))
        if f.cleaned:
            lines.append(f.cleaned_note(planned=args.dry_run))
    imported = [] if result.withheld else [f.file for f in result.files]
    refused = [f.file for f in result.refused]
    args.kept = bool(imported) and not args.dry_run  # a new data directory stays with what was imported
    if refused and len(result.files) > 1:  # a single file's refusal is its line on stderr alone
        lines.append(_withheld_note(result))
    if args.dry_run:
        lines.append(_("Dry run: nothing was changed."))
    summary = {**result.as_dict(), "imported_files": imported, "refused_files": refused}
    if args.dry_run:  # nothing was imported: what would be is under keys of its own
        summary.update(imported=0, imported_files=[], would_import=result.imported, would_import_files=imported,
                       files=[{**f, "imported": 0, "would_import": f["imported"]} for f in summary["files"]])
    if args.json or lines:
        _emit(args, summary, "\n".join(lines))
    return 1 if refused else 0


def _refused_rows(f) -> None:
    """Under a refused complaint file's error line, on stderr, every row it could not read ("  row 5, 受理时间: …."),
    as the window's details list them (``FileResult.refused_row_lines``): its error line names the first alone, and
    the officer corrects them all before importing again. Nothing for a file refused whole or at one row (its one
    error is the line said)."""
    lines = f.refused_row_lines()
    if len(lines) > 1:
        sys.stderr.write("".join(f"  {line}\n" for line in lines))


def _withheld_note(result) -> str:
    """The summary's line on an import of several files some of which were refused (``result.withheld``): no file
    was imported (in a dry run: none would be), the files refused, those read without fault, and what to do."""
    from workstation.i18n import ngettext

    refused = result.refused
    if result.dry_run:
        said = ngettext("An import would import no file: {files} is refused (its error line says why) and the "
                        "files of one import are imported all or none.",
                        "An import would import no file: {files} are refused (their error lines say why) and the "
                        "files of one import are imported all or none.", len(refused))
    else:
        said = ngettext("No file was imported: {files} was refused (its error line says why) and the files of one "
                        "import are imported all or none.",
                        "No file was imported: {files} were refused (their error lines say why) and the files of "
                        "one import are imported all or none.", len(refused))
    # {files}, not {refused}: a new msgid retires the old Chinese msgstr, which ran the names into the words after
    # them (…{refused}被拒绝), so that its translation sets them off (…：甲.csv 被拒绝)
    parts = [said.format(files=join_names(f.file for f in refused))]
    if fine := [f.file for f in result.files if not f.refused]:
        parts.append(_("Read without fault: {files}.").format(files=join_names(fine)))
    parts.append(ngettext("Mend the refused file or leave it out, then run the command again.",
                          "Mend the refused files or leave them out, then run the command again.", len(refused)))
    return join_sentences(parts)


def _name_as_given(f, given: str) -> None:
    """Name the file of a complaint import result (``f``) by the path typed on the command line rather than by its
    bare name, which two 工单.csv in two folders share: in its messages, its errors and the --json "file". The note
    on a file stored before keeps comparing the bare name the database holds, so it is worded before the swap."""
    name = f.file
    if given == name:
        return
    note = f.already_imported_note()
    f.already_imported_note = lambda: note.replace(name, given, 1)  # type: ignore[method-assign]
    f.file = given

    def swapped(text: str) -> str:
        return given + text[len(name):] if text.startswith(name) else text

    f.refused = swapped(f.refused)
    for error in f.errors:
        if error.get("file") == name:
            error["file"] = given
        error["message"] = swapped(error.get("message") or "")


def _officer_option(parser, registers: bool = False) -> None:
    """``--officer``: who does what a leads command changes (the command line otherwise acts as the system
    account, and a lead it registers has no 登记人); named the lead's 登记人 by the commands that register leads
    (``registers``)."""
    parser.add_argument("--officer", metavar="NAME_OR_CERT", help=_(
        "the officer doing it, by name or enforcement certificate number, recorded in the audit log and as the "
        "lead's 登记人 (default: with encrypted data, the officer whose passphrase opened it, and naming another "
        "officer is refused; with unencrypted data, the officer WORKSTATION_ACTOR names, else no officer)")
        if registers else _(
        "the officer doing it, by name or enforcement certificate number, recorded in the audit log (default: with "
        "encrypted data, the officer whose passphrase opened it, and naming another officer is refused; with "
        "unencrypted data, the officer WORKSTATION_ACTOR names, else no officer)"))


def _acting_officer(args, db):
    """A context in which the changes are recorded as made by the officer ``--officer`` names (nothing changes
    when it is not given); refused, before anything is changed, naming ``--officer`` when the officers' register
    holds no such officer on duty. ``args.officer_name`` is the name recorded (None without ``--officer``)."""
    from contextlib import nullcontext

    from workstation.audit import acting
    from workstation.errors import ValidationError
    from workstation.store import officer_named

    args.officer_name = None
    if args.officer is None:
        return nullcontext()
    try:
        officer = officer_named(db, args.officer)
    except ValidationError as exc:
        raise _named_by_options(exc, {"officer": "--officer"}) from None
    from workstation.security.access import actor_refusal

    refusal = actor_refusal(db, args.data_dir, officer.name, "--officer")  # encrypted: the passphrase's officer acts
    if refusal is not None:
        raise ValidationError({"--officer": refusal})
    args.officer_name = officer.name
    return acting(officer.name)


def _lead_states() -> list[str]:
    """The states ``leads list --state`` takes: a lead's status (``lead_statuses``), or filing (立案中) while the case
    opened for it awaits filing (``leads_workflow.lead_state``), listed after the open statuses it follows."""
    from workstation.leads_workflow import FILING, OPEN_STATUSES

    statuses = _vocabulary_keys("lead_statuses")
    opened = [key for key in statuses if key in OPEN_STATUSES]
    return [*opened, FILING, *(key for key in statuses if key not in OPEN_STATUSES)]


def cmd_leads_list(args) -> int:
    """``leads list``: the leads as the leads page lists them (``store.leads.lead_rows``: newest received first),
    found as it finds them (``lead_holds``), each with its id (which ``leads assign/decide/told/extend`` take), the day
    it was received, its business (masked as lists mask a number's 使用人; a lead naming none by its number, masked),
    its state and the last day of its T1 as the page counts it (``clocks.lead_deadlines``; none once decided)."""
    from workstation import clocks
    from workstation.leads_workflow import lead_state, lead_state_label, shown_target_of
    from workstation.masking import mask_text
    from workstation.store.leads import lead_holds, lead_rows

    _limit_checked(args.limit, _("Give a number of leads, zero or more."))
    _search_checked(args.search)
    db = _open(args)
    rows = [r for r in lead_rows(db) if (args.state is None or lead_state(r) == args.state)
            and (not args.search or lead_holds(r, args.search))]
    rows = rows[:args.limit] if args.limit else rows
    t1 = {d.lead_id: d for d in clocks.lead_deadlines(db, clocks.engine_for(db), with_filing=True, labelled=False)
          if d.clock == "T1"}
    result, lines = [], []
    for r in rows:
        deadline = t1.get(r["id"])
        business = mask_text(r["businesses"] or r["target_name"]) or None
        numbered = bool(r["phones"] or r["target_phone"])
        result.append({"id": r["id"], "received_at": r["received_at"], "source": r["source"], "business": business,
                       "target": business or (shown_target_of(r) if numbered else None), "state": lead_state(r),
                       "district": r["district"] or None, "case_id": r["case_id"],
                       "t1_due": deadline.due if deadline else None,
                       "t1_confirmed": deadline.confirmed if deadline else None,
                       "overdue": bool(deadline and deadline.state == "overdue")})
        due = (deadline.due + ("" if deadline.confirmed else _(" (calendar unconfirmed)"))) if deadline else "—"
        lines.append("\t".join((r["id"], r["received_at"][:10], _cell(result[-1]["target"]) or "—",
                                lead_state_label(r), due)))  # lead_rows marks one decided on the spot
    _emit(args, result, "\n".join(lines) or _("No leads."))
    return 0


def cmd_leads_screen(args) -> int:
    from workstation.screening import screen
    from workstation.store import ensure_reference_data

    db = _open(args)
    officer = _acting_officer(args, db)  # an officer not in the register refused before anything is written
    ensure_reference_data(db)
    with officer, _noted_work(_("Screening complaints")):
        result = screen(db, everything=args.everything, progress=_stderr_progress())
    text = _("{screened} complaints screened, {related} concern personal information; {leads} leads ({created} new, "
             "{updated} updated, {removed} removed).").format(
        screened=f"{result.screened:,}", related=f"{result.related:,}", leads=f"{len(result.leads):,}",
        created=f"{result.created:,}", updated=f"{result.updated:,}", removed=f"{result.removed:,}")
    # as the window says them: complaints that joined leads registered by hand, leads kept for their approved
    # extension of T1, leads kept, emptied, for a document draft of theirs (each note '' when there is none)
    # the copies of a complaint received through another channel, which "related" counts as CLI.md lists them: the
    # different complaints said too, the number the window's summary and the statistics give
    text = join_sentences([text, result.copies_note(), result.joined_note(), result.kept_note(), result.drafts_note()])
    _emit(args, result.as_dict(), text)  # the keys of CLI.md exactly: who screened is in the audit and the 登记人
    return 0


LEAD_OPTIONS = {"source": "--source", "received_at": "--received", "description": "--description", "party": "--party",
                "agency_id": "--agency", "complainant_phone": "--complainant-phone", "target_phone": "--target-phone",
                "sector": "--sector", "reporter_name": "--reporter-name", "reporter_address": "--reporter-address"}


#: a time-zone suffix after a time to the minute (2026-10-12T10:00+08:00, …Z): the lead's time is Beijing's as typed
_ZONE_SUFFIX = re.compile(r"\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)\s*$", re.IGNORECASE)


def _received_refusal(text: str | None) -> None:
    """``--received`` with a time-zone suffix refused saying so (the time reads as Beijing's, without one)."""
    from workstation.errors import ValidationError

    if text and (suffix := _ZONE_SUFFIX.search(text)):
        raise ValidationError({"--received": _("{text} ends in a time-zone suffix ({suffix}), which is not taken: "
                                               "write the time it was received, in Beijing time, without it, such "
                                               "as 2026-03-10 09:30.").format(text=text, suffix=suffix.group(1))})


def cmd_leads_add(args) -> int:
    """Register a lead by hand (``workstation.leads_register``); refused input names the option and changes
    nothing."""
    from workstation.errors import NotFound, ValidationError
    from workstation.leads_register import LeadEntry, register_lead, resolve_party
    from workstation.store import agency_by_code, ensure_reference_data
    from workstation.store.base import fetch_dict
    from workstation.vocabulary import key_for_label
    from workstation.vocabulary import label as vocabulary_label

    _received_refusal(args.received)
    db = _open(args)
    ensure_reference_data(db)
    try:
        agency_id = agency_by_code(db, args.agency).id if args.agency is not None else None
    except NotFound as exc:
        raise ValidationError({"--agency": exc.message}) from None
    party_id, name = resolve_party(db, args.party or "")
    entry = LeadEntry(source=key_for_label("lead_sources", args.source) or args.source, received_at=args.received,
                      description=args.description, party=name, party_id=party_id, agency_id=agency_id,
                      complainant_phone=args.complainant_phone, target_phone=args.target_phone,
                      sector=_vocabulary_key("sectors", "--sector", args.sector), reporter_name=args.reporter_name,
                      reporter_address=args.reporter_address)
    try:
        with _acting_officer(args, db):
            lead = register_lead(db, entry)
    except ValidationError as exc:  # named by the options the officer typed, not by the lead's fields
        raise _named_by_options(exc, LEAD_OPTIONS) from None
    result, deadline = _lead_result(args, db, fetch_dict(db, "SELECT * FROM leads WHERE id = ?", [lead.id]))
    message = _("Lead {id} registered: {source}, received {date}; decide whether to file by {due} (T1).") \
        if deadline.confirmed else _("Lead {id} registered: {source}, received {date}; decide whether to file by "
                                     "{due} (calendar unconfirmed) (T1).")
    message = message.format(id=lead.id, source=vocabulary_label("lead_sources", lead.source),
                             date=short_time(lead.received_at), due=deadline.due)
    if lead.sector and args.sector is None:  # said as the lead dialog says it: a suggestion the officer may change
        message += "\n" + _("Sector: {sector}, suggested from the description (leads edit {id} --sector KEY chooses "
                            "another).").format(sector=vocabulary_label("sectors", lead.sector), id=lead.id)
    from workstation.leads_workflow import hotline_reporter_warning

    if warning := hotline_reporter_warning(lead.source, lead.complainant_phone):  # kept, but no T24: said
        result["warnings"] = [warning]
        _warn(warning)
    _emit(args, result, message)
    return 0


def _lead_result(args, db, row: dict) -> tuple[dict, object]:
    """What ``leads add`` and ``leads edit`` say of the lead ``row`` (its row as stored): the --json object (CLI.md)
    and its T1 deadline. A T1 counted into a year without holiday data is noted on stderr, naming the year and the
    file that gives it, as the deadline board says."""
    from workstation import clocks
    from workstation.leads_workflow import lead_registrar, t1_deadline
    from workstation.masking import mask_field
    from workstation.store.leads import agency_districts, lead_district

    agency = db.execute("SELECT code FROM agencies WHERE id = ?", [row["agency_id"]]).fetchone() \
        if row["agency_id"] else None
    result = {"id": row["id"], "source": row["source"], "received_at": row["received_at"], "status": row["status"],
              "party": row["target_name"], "party_id": row["target_party_id"], "agency": agency[0] if agency else None,
              # the numbers complained of as ``leads screen --json`` gives a lead's (normalised), none: []
              "target_phone": row["target_phone"] or None, "phones": (row["phones"] or "").split(),
              # the district the 线索 page lists it under (its agency's; none held by the city bureau)
              "district": lead_district(row, agency_districts(db)) or None,
              "registered_by": lead_registrar(db, row) or None, "sector": row["sector"] or None,
              # the reporter's name and address (m056) masked as the lists show them, as the number is not given
              "reporter_name": mask_field("reporter_name", row.get("reporter_name") or "") or None,
              "reporter_address": mask_field("reporter_address", row.get("reporter_address") or "") or None}
    deadline = t1_deadline(db, row)  # confirmed False: counted through a year without holiday data (日历待核实)
    result.update(t1_due=deadline.due, t1_confirmed=deadline.confirmed)
    note = "" if deadline.confirmed else clocks.calendar_note([deadline], clocks.data_dir_of(db))
    if note and not args.json:
        sys.stderr.write(_("Note: {message}").format(message=note) + "\n")
    return result, deadline


def cmd_leads_edit(args) -> int:
    """Correct a lead registered by hand (``workstation.leads_register.edit_lead``): the options given replace its
    values, the others stay. Refused input names the option, a lead that may not be corrected says why and what
    to do instead; either way nothing changes. The result is ``leads add``'s, with the fields changed."""
    from dataclasses import replace

    from workstation.errors import NotFound, ValidationError
    from workstation.leads_register import edit_lead, lead_entry, resolve_party
    from workstation.leads_workflow import get_lead_row
    from workstation.store import agency_by_code, ensure_reference_data
    from workstation.vocabulary import key_for_label
    from workstation.vocabulary import label as vocabulary_label

    _received_refusal(args.received)
    db = _open(args)
    ensure_reference_data(db)
    entry = lead_entry(get_lead_row(db, args.lead), db=db)
    given: dict = {}
    if args.agency is not None:
        try:
            given["agency_id"] = agency_by_code(db, args.agency).id
        except NotFound as exc:
            raise ValidationError({"--agency": exc.message}) from None
    if args.party is not None:
        given["party_id"], given["party"] = resolve_party(db, args.party)
    for field, value in (("source", args.source and (key_for_label("lead_sources", args.source) or args.source)),
                         ("received_at", args.received), ("description", args.description),
                         ("complainant_phone", args.complainant_phone), ("target_phone", args.target_phone),
                         ("sector", _vocabulary_key("sectors", "--sector", args.sector)),
                         ("reporter_name", args.reporter_name), ("reporter_address", args.reporter_address)):
        if value is not None:
            given[field] = value
    try:
        with _acting_officer(args, db):
            row, changed = edit_lead(db, args.lead, replace(entry, **given))
    except ValidationError as exc:  # named by the options the officer typed, not by the lead's fields
        raise _named_by_options(exc, LEAD_OPTIONS) from None
    result, deadline = _lead_result(args, db, row)
    result["changed"] = changed  # what the correction changed, as the lead's columns name them ([]: nothing differed)
    if not changed:
        message = _("Lead {id}: nothing differs from what it holds; nothing was changed.")
    elif deadline.confirmed:
        message = _("Lead {id} corrected: {source}, received {date}; decide whether to file by {due} (T1).")
    else:
        message = _("Lead {id} corrected: {source}, received {date}; decide whether to file by {due} (calendar "
                    "unconfirmed) (T1).")
    _emit(args, result, message.format(id=row["id"], source=vocabulary_label("lead_sources", row["source"]),
                                       date=short_time(row["received_at"]), due=deadline.due))
    return 0


def cmd_leads_told(args) -> int:
    """Record that the named reporter of a lead was told whether it was filed (T24), or with ``--correct`` correct
    the day and way recorded (with ``--reason``), or with ``--declined`` that the reporter asked not to be told
    (with ``--reason``: T24 does not apply); refused input names the option and changes nothing."""
    from workstation.errors import TransitionRefused, ValidationError, join_sentences
    from workstation.leads_workflow import (
        get_lead_row,
        late_told_line,
        reporter_correction_refusal,
        tell_reporter,
    )

    db = _open(args)
    lead = get_lead_row(db, args.lead)  # an unknown lead said as such
    if args.declined:
        return _leads_told_declined(args, db)
    correcting = args.correct and bool(lead["reporter_told_on"])
    how = args.how if args.how is not None else (lead["reporter_told_how"] if correcting else "")
    try:
        with _acting_officer(args, db):
            row = tell_reporter(db, args.lead, args.date, how, correct=args.correct, reason=args.reason)
    except ValidationError as exc:  # named by the options the officer typed
        options = {"reporter_told_on": "--date", "reporter_told_how": "--how", "reason": "--reason"}
        raise _named_by_options(exc, options) from None
    except TransitionRefused as exc:
        if not args.correct and reporter_correction_refusal(lead) is None:  # told already: it may be corrected
            raise TransitionRefused(join_sentences([exc.message, _(
                "If that record is wrong, add --correct and --reason to correct its day and way.")])) from None
        raise
    result = {"id": row["id"], "decision": row["decision"], "decided_on": row["decided_on"],
              "reporter_told_on": row["reporter_told_on"], "reporter_told_how": row["reporter_told_how"] or None,
              "officer": args.officer_name}
    message = _("Lead {id}: the reporter was told on {date} of the decision of {decided} (T24).").format(
        id=row["id"], date=row["reporter_told_on"], decided=row["decided_on"])
    if correcting:
        result["corrected"] = True
        message = _("Lead {id}: corrected: the reporter was told on {date} of the decision of {decided} (T24); "
                    "recorded before: {before}.").format(id=row["id"], date=row["reporter_told_on"],
                                                        decided=row["decided_on"], before=lead["reporter_told_on"])
    late = late_told_line(db, row)  # told after T24 ended (逾期告知): recorded, and said as the pane keeps it
    if late:
        result["warnings"] = [late]
    _emit(args, result, message)
    if late:
        _warn(late)
    return 0


def _leads_told_declined(args, db) -> int:
    """``leads told --declined``: record that the lead's reporter asked not to be told of its outcome."""
    from workstation.errors import ValidationError
    from workstation.leads_workflow import record_reporter_declined

    if args.correct or args.how is not None:
        raise ValidationError({"--declined": _("--declined records that the reporter asked not to be told: it "
                                               "takes no --how or --correct.")})
    try:
        with _acting_officer(args, db):
            row = record_reporter_declined(db, args.lead, args.date, args.reason)
    except ValidationError as exc:  # named by the options the officer typed
        raise _named_by_options(exc, {"reporter_declined_on": "--date", "reporter_declined_reason": "--reason"}) \
            from None
    result = {"id": row["id"], "decision": row["decision"] or None, "decided_on": row["decided_on"],
              "reporter_declined_on": row["reporter_declined_on"],
              "reporter_declined_reason": row["reporter_declined_reason"], "officer": args.officer_name}
    _emit(args, result, _("Lead {id}: the reporter asked on {date} not to be told of the outcome; T24 does not "
                          "apply.").format(id=row["id"], date=row["reporter_declined_on"]))
    return 0


def cmd_leads_assign(args) -> int:
    """Assign a lead (交办), or re-assign one already assigned: that needs ``--reason``, and its earlier assignment
    is kept in the lead's history with its deadline met or missed. Refused input names the option and changes
    nothing."""
    from workstation.errors import NotFound, ValidationError
    from workstation.leads_workflow import (
        assign_lead,
        district_warning,
        earlier_assignments,
        get_lead_row,
        held_since,
        late_assignment_summary,
        replaced_assignment,
        t1_deadline,
    )
    from workstation.store import agency_by_code
    from workstation.store.leads import agency_districts, lead_district

    db = _open(args)
    try:
        agency = agency_by_code(db, args.agency)
    except NotFound as exc:
        raise ValidationError({"--agency": exc.message}) from None
    lead = get_lead_row(db, args.lead)  # a first assignment after T1 ended is said, as the window asks it (kept)
    try:
        late = "" if replaced_assignment(db, lead, agency.id) else late_assignment_summary(db, lead, args.date)
    except (ValueError, ValidationError):  # a malformed --date: refused by assign_lead, naming the option
        late = ""
    try:
        with _acting_officer(args, db):
            row = assign_lead(db, args.lead, agency.id, args.date, reason=args.reason)
    except ValidationError as exc:  # named by the options the officer typed
        raise _named_by_options(exc, {"agency_id": "--agency", "assigned_on": "--date", "reason": "--reason"}) from None
    if row == lead:  # assigned there that day already (assign_lead): nothing recorded, the reason given neither
        said = _("Lead {id} is assigned to {agency} on {date} already: nothing changed (the reason given is not "
                 "recorded).") if (args.reason or "").strip() else _(
            "Lead {id} is assigned to {agency} on {date} already: nothing changed.")
        _emit(args, {"id": row["id"], "agency": agency.code, "assigned_on": row["assigned_on"], "changed": False},
              said.format(id=row["id"], agency=agency.name, date=row["assigned_on"]))
        return 0
    # agencies by code, as "agency" is; who re-assigned as "by", named as "officer" is
    earlier = earlier_assignments(db, row["id"])
    deadline = t1_deadline(db, row)  # confirmed False: counted through a year without holiday data (日历待核实)
    result = {"id": row["id"], "agency": agency.code, "assigned_on": row["assigned_on"], "changed": True,
              "t1_due": deadline.due,
              "t1_confirmed": deadline.confirmed, "earlier": earlier, "officer": args.officer_name,
              # the district the 线索 page lists it under: screening's, else the assignee's (store.leads.lead_district)
              "district": lead_district(row, agency_districts(db)) or None}
    # another district's bureau or office than the lead's suspected district: allowed, said as a warning (the
    # window's choice starts on that district's bureau)
    if warning := district_warning(db, lead, agency.id):
        result["warnings"] = [warning]
        _warn(warning)
    due = deadline.due + ("" if deadline.confirmed else _(" (calendar unconfirmed)"))
    _emit(args, result, _("Lead {id} assigned to {agency} on {date}; decide whether to file by {due} (T1).").format(
        id=row["id"], agency=agency.name, date=held_since(db, row) or row["assigned_on"], due=due))
    if late:
        sys.stderr.write(_("Note: {message}").format(message=late) + "\n")
    return 0


def _refuse_options(args, options: dict[str, str], refusal: str) -> None:
    """Refuse, naming the first of ``options`` ({attribute: option}) given, the options a kind of decision does
    not take (``refusal`` says why)."""
    from workstation.errors import ValidationError

    for attribute, option in options.items():
        if getattr(args, attribute) is not None:
            raise ValidationError({option: refusal})


def cmd_leads_decide(args) -> int:
    """Decide a lead through what the window's buttons call: ``--file`` opens its case (``file_case_from_lead``,
    the lead 立案中 until the case is filed or not filed), ``--not-file`` records the decision not to file
    (``decide_lead``), ``--refer`` issues its 案件移送函 to the agency named (``issue_lead_document``, which records
    the referral on the letter's day). Refused input names the option and changes nothing."""
    if args.refer_to is not None:
        return _refer_lead(args)
    _refuse_options(args, {"values": "--values", "output": "-o"}, _(
        "only --refer takes it, for the 案件移送函 it issues; leave it out."))
    if args.decision == "file":
        return _file_lead(args)
    _refuse_options(args, {"party": "--party"}, _party_only_with_file())
    from workstation.errors import ValidationError
    from workstation.leads_workflow import (
        approval_day_warning,
        decide_lead,
        get_lead_row,
        late_decision_line,
        lead_documents,
    )

    db = _open(args)
    get_lead_row(db, args.lead)  # an unknown lead said as such
    try:
        with _acting_officer(args, db):
            row = decide_lead(db, args.lead, "not_file", on=args.date, reason=args.reason or "")
    except ValidationError as exc:  # named by the options the officer typed
        raise _named_by_options(exc, {"decided_on": "--date", "decision_reason": "--reason"}) from None
    _emit(args, _decision_result(args, row), _("Lead {id} not filed on {date}: {reason}").format(
        id=row["id"], date=row["decided_on"], reason=row["decision_reason"]))
    if late := late_decision_line(db, row):  # decided after the lead's T1 ended: recorded, and said as the pane says
        sys.stderr.write(_("Note: {message}").format(message=late) + "\n")
    if other_day := approval_day_warning(db, row, "not_file", row["decided_on"]):  # its sheet approves another day
        sys.stderr.write(_("Note: {message}").format(message=other_day) + "\n")
    if not any(d.form_id == "non_filing_approval" and d.status == "issued" for d in lead_documents(db, row["id"])):
        sys.stderr.write(_("Note: {message}").format(message=_(
            "write its 不予立案审批表 with `docs issue {lead} --form non_filing_approval -o FILE`.").format(
            lead=row["id"])) + "\n")
    return 0


def _party_only_with_file() -> str:
    """Why --party is refused with --not-file and --refer."""
    return _("only --file takes it, for the party of the case it opens; leave it out.")


def _decision_result(args, row: dict) -> dict:
    """The --json result of ``leads decide`` for the lead ``row`` (as stored after it)."""
    from workstation.leads_workflow import lead_state

    return {"id": row["id"], "decision": row["decision"] or None, "status": lead_state(row),
            "decided_on": row["decided_on"], "decision_reason": row["decision_reason"] or None,
            "referred_to": row["referred_to"] or None, "case_id": row["case_id"], "officer": args.officer_name}


def _file_lead(args) -> int:
    """``leads decide --file``: the lead's case opened as the window's 立案 opens it."""
    from workstation.errors import ValidationError
    from workstation.leads_register import resolve_party
    from workstation.leads_workflow import file_case_from_lead, get_lead_row, opened_case_warnings

    _refuse_options(args, {"date": "--date", "reason": "--reason"}, _(
        "not taken with --file: the lead is decided on the day its case is filed, or not filed, with its reason "
        "(`cases transition CASE file --date DATE`); leave it out."))
    db = _open(args)
    get_lead_row(db, args.lead)  # an unknown lead said as such
    party_id = None
    if args.party is not None:
        party_id, _name = resolve_party(db, args.party)
        if party_id is None:
            raise ValidationError({"--party": _("“{party}” is no party of the register: give the id or exact name of "
                                                "a party (add the party in the window first).").format(
                party=args.party)})
    try:
        with _acting_officer(args, db):
            case = file_case_from_lead(db, args.lead, party_id=party_id)
    except ValidationError as exc:  # named by what the officer typed
        raise _named_by_options(exc, {"party": "--party", "agency_id": "LEAD"}) from None
    row = get_lead_row(db, args.lead)
    result = _decision_result(args, row)
    result["case"] = {"id": case.id, "case_number": case.case_number or None, "status": case.status,
                      "cause": case.cause}
    # the user of its number (号码…的使用人); calls told without the facts of calls (cited as messages)
    if warnings := opened_case_warnings(db, row, case):
        result["warnings"] = warnings
        for warning in warnings:
            _warn(warning)
    _emit(args, result, _("Case {case} opened for lead {id}, pending filing ({cause}); file it with `cases transition "
                          "{case} file`: the lead is decided when its case is filed or not filed.").format(
        case=case.id, id=row["id"], cause=case.cause))
    return 0


def _refer_lead(args) -> int:
    """``leads decide --refer AGENCY``: the lead's 案件移送函 issued to that agency and written to ``-o``, which
    records the referral, as the window's 移送 does; refused, with no number taken, as issuing it is."""
    from workstation.documents.drafts import find_form
    from workstation.documents.issuing import issue_to_file
    from workstation.documents.jurisdiction import receiver_name
    from workstation.errors import TransitionRefused, ValidationError
    from workstation.leads_workflow import (
        decision_refusal,
        get_lead_row,
        issue_lead_document,
        late_decision_line,
        police_referral_warning,
    )

    _refuse_options(args, {"party": "--party"}, _party_only_with_file())
    if not args.output:
        raise ValidationError({"-o": _("Give the file the 案件移送函 is written to: the lead is referred when its "
                                       "letter is issued.")})
    _check_output(args.output)
    form = find_form("case_transfer_letter")
    values = _form_values(args.values, form)
    given = {"receiver": "--refer", "agency_id": "LEAD"}
    db = _open(args)
    # an agency's code written as its name, as the window's 移送 box writes it (its own, or no code: refused)
    values["receiver"] = receiver_name(db, args.refer_to)
    for field, value, option in (("issued_on", args.date, "--date"), ("reason", args.reason, "--reason")):
        if value is not None:
            values[field] = value
            given[field] = option
    options = {**given, **{form.field(field).label: option for field, option in given.items() if form.field(field)}}
    refusal = decision_refusal(get_lead_row(db, args.lead), decision="refer", db=db)
    if refusal:  # a letter of a lead decided would refer nothing (one being filed settles its case: not filed here)
        raise TransitionRefused(refusal)
    issued = []
    try:
        with _acting_officer(args, db):  # the officer named is the letter's 联系人, as the signed-in officer is
            letter, target = issue_to_file(db, args.data_dir, args.output, lambda: issued.append(
                issue_lead_document(db, args.data_dir, args.lead, form, values)) or issued[-1])
    except ValidationError as exc:  # named by the options the officer typed; a field of --values by its label
        raise _named_by_options(exc, options) from None
    row = get_lead_row(db, args.lead)
    result = _decision_result(args, row)
    result["letter"] = {"path": str(target), "number": letter.number, "sha256": letter.pdf_sha256, "id": letter.id}
    # referred after the lead's T1 ended: recorded, and said as `--not-file`, `docs issue` and the pane say it; to the
    # police: a suspected crime goes with a 涉嫌犯罪案件移送书 once the case is filed (told, not refused)
    warnings = [w for w in (late_decision_line(db, row), police_referral_warning(row["referred_to"] or "")) if w]
    if warnings:
        result["warnings"] = warnings
    told = _("Lead {id} referred to {agency} on {date} with {number}.").format(
        id=row["id"], agency=row["referred_to"], date=row["decided_on"], number=letter.number)
    if row["case_id"]:  # its case awaiting filing: recorded 不予立案 with the letter (leads_workflow.refer_with_case)
        told = join_sentences([told, _("Its case {case} is recorded as not filed here (不予立案) on {date}.").format(
            case=row["case_id"], date=row["decided_on"])])
    _emit(args, result, written_text(target, told))
    for warning in warnings:
        _warn(warning)
    return 0


def _t1_extension_days() -> int:
    """The working days a lead's T1 is extended by unless the officer says otherwise (clocks.toml's T1, as the
    extension dialog proposes)."""
    from workstation.clocks import rule

    return rule("T1").extension_days


def cmd_leads_extend(args) -> int:
    """Record the approved extension of a lead's T1 (``extend_lead``, as the window's 延长核查期限), or with
    ``--correct`` correct the one recorded; refused input names the option and changes nothing."""
    from workstation.errors import ValidationError, join_sentences
    from workstation.leads_workflow import extend_lead, get_lead_row, lead_extension_warning, t1_deadline
    from workstation.records import today

    db = _open(args)
    lead = get_lead_row(db, args.lead)  # an unknown lead said as such
    days = _t1_extension_days() if args.days is None else args.days
    approved_on = args.approved_on or today()
    # not refused: approved after the end of T1 as counted through a year without holiday data (日历待核实)
    warning = lead_extension_warning(db, lead, approved_on)
    try:
        with _acting_officer(args, db):
            row = extend_lead(db, args.lead, days, approved_on, args.approved_by, correct=args.correct)
    except ValidationError as exc:  # named by the options the officer typed
        errors = dict(exc.errors)
        if "days" in errors and lead["extension_days"] and not args.correct:  # the window corrects it by itself
            errors["days"] = join_sentences([errors["days"], _("Add --correct to replace the recorded extension.")])
        raise _named_by_options(ValidationError(errors), {"days": "--days", "approved_on": "--approved-on",
                                                          "approved_by": "--approved-by"}) from None
    deadline = t1_deadline(db, row)  # confirmed False: counted through a year without holiday data (日历待核实)
    result = {"id": row["id"], "extension_days": row["extension_days"],
              "extension_approved_on": row["extension_approved_on"],
              "extension_approved_by": row["extension_approved_by"], "corrected": bool(lead["extension_days"]),
              "t1_due": deadline.due, "t1_confirmed": deadline.confirmed, "officer": args.officer_name}
    if warning:
        result["warnings"] = [warning]
        _warn(warning)
    due = deadline.due + ("" if deadline.confirmed else _(" (calendar unconfirmed)"))
    _emit(args, result, _("Lead {id}: its verification period (T1) extended by {days} working days, approved on "
                          "{date} by {who}; decide whether to file by {due} (T1).").format(
        id=row["id"], days=row["extension_days"], date=row["extension_approved_on"],
        who=row["extension_approved_by"], due=due))
    return 0


def cmd_fonts(args) -> int:
    from workstation.documents.fonts import describe, resolve_fonts

    fontset = resolve_fonts(args.data_dir)
    rows = describe(fontset)
    for note in fontset.skipped:  # a font file skipped (damaged, not TrueType): else only "none is installed"
        _warn(note)
    # a style set in its documented stand-in's face (titles in the song face) is said, not warned
    lines = [f"{r['label']}\t{r['face']}\t{r['file']}" + (f"\t{r['warning'] or r['note']}" if r["warning"] or r["note"]
                                                         else "") for r in rows]
    _emit(args, rows, "\n".join(lines))
    return 0


def cmd_clocks(args) -> int:
    from workstation import clocks
    from workstation.errors import ValidationError
    from workstation.store import find_case
    from workstation.validators import parse_date

    try:
        as_of = parse_date(args.as_of)
    except ValueError as exc:
        raise ValidationError({"--as-of": str(exc)}) from None
    if args.due_within is not None and args.due_within < 0:
        raise ValidationError({"--due-within": _("Give a number of days, zero or more.")})
    db = _open(args)
    agency = _agency_option(db, args.agency) or None
    officer = None
    if args.officer is not None:  # the officer so named, as the 期限 tab's officer filter lists them: also one
        from workstation.store import officer_named  # deactivated, whose open cases are to be handed over

        try:
            officer = officer_named(db, args.officer, deactivated=True).id
        except ValidationError as exc:
            raise _named_by_options(exc, {"officer": "--officer"}) from None
    if args.case:
        case = find_case(db, args.case)
        deadlines = clocks.case_clocks(db, case, on=as_of)
        # --agency, --officer and --due-within narrow one case's clocks as they narrow the board
        if agency and not _of_agency(db, case.id, agency):
            deadlines = []
        if officer and not db.execute("SELECT 1 FROM case_officers WHERE case_id = ? AND officer_id = ?",
                                      [case.id, officer]).fetchone():
            deadlines = []
        if args.due_within is not None:  # the clocks still open (one met is due at no time), as on the board
            deadlines = clocks.due_within_days([d for d in deadlines if d.open], clocks.engine_for(db, as_of),
                                               args.due_within)
    else:
        deadlines = clocks.board(db, on=as_of, agency_id=agency, officer_id=officer,
                                 due_within=args.due_within)
    # a malformed holiday file, and the years counted without holiday data, are said as on the 期限 tab
    from workstation.workdays import default_calendar

    for problem in default_calendar(clocks.data_dir_of(db)).problems:
        _warn(problem)
    _warn_law_problems(args)  # a bureau's clocks.toml refused: the shipped time limits were counted
    note = clocks.calendar_note(deadlines, clocks.data_dir_of(db))
    if note and not args.json:  # the JSON gives "confirmed" for each deadline
        sys.stderr.write(_("Note: {message}").format(message=note) + "\n")
    def concerned(d) -> str:  # a lead's target or an interview's parties beside its case cell, as the board's 当事人
        return f"  {d.party_label}" if (d.lead_id or d.interview_id) and d.party_label else ""

    from workstation.board_export import case_text, name_rows, remaining_text, state_text

    def state(d) -> str:  # a stopped clock has no last day: what it has left, as the board's 剩余 column says
        said = state_text(d)  # (one not started, waiting for a challenge to end, says so once: 尚未起算（…）)
        return _("{state} ({remaining})").format(state=said, remaining=remaining_text(d)) \
            if d.state == "stopped" and not d.awaiting else said

    # a lead's and an interview's rows named as the board names them, and a case without a number: one decided on
    # the spot by its 当场行政处罚决定书 (当场处罚 No.…), not 未立案
    name_rows(db, [d for d in deadlines if d.lead_id or d.interview_id or not d.case_number])
    from workstation.enforcement import demand_by_note

    # court enforcement's (T16) latest day to serve the 催告书, as the board's tooltip says it, and a fine paid in
    # instalments' time to pay (T8) what it says of them (an instalment missed, the next one to pay): the JSON's
    # "note" and the line under the row ("" for the others)
    notes = [demand_by_note(d, clocks.data_dir_of(db), on=as_of) for d in deadlines]
    # the state as the board's row says it: 日历待核实, and an internal limit's last day (perhaps) a rest day
    lines = [f"{d.due or '—':10}  {state(d):6}  {case_text(d)}{concerned(d)}  {d.shown_limit()}"
             + (f"\n            {note}" if note else "") for d, note in zip(deadlines, notes, strict=True)]
    _emit(args, [{**d.as_dict(), "note": note or None} for d, note in zip(deadlines, notes, strict=True)],
          "\n".join(lines) or _("No running deadlines."))
    return 0


# the options of `clocks record` that only some kinds take, each with the kinds (``_clock_option_kinds``)
CLOCK_EVENT_OPTIONS = ("--until", "--approved-on", "--applied-on", "--approved-by", "--number", "--fine", "--party",
                       "--clock", "--days", "--measure", "--result", "--preservation")


def _clock_option_kinds(option: str, kind: str, clock: str) -> bool:
    """Whether the clock event ``kind`` (an extension: of ``clock``) takes ``option`` of `clocks record`, as the
    window's dialog shows the field for it (``ui.case_clocks.ClockEventDialog._kind_changed``)."""
    from workstation.clocks import EXTENSION
    from workstation.store.clock_events import (
        APPROVAL_REQUIRED,
        CHANGED,
        CHECK,
        EARLY_STOP,
        HEAD_STEPS,
        OUTCOMES,
        SEIZED_KINDS,
        extends_seizure,
        names_party,
        one_off,
    )

    extension = kind == EXTENSION
    return {"--until": not one_off(kind), "--approved-on": extension or kind in APPROVAL_REQUIRED,
            "--applied-on": kind == EARLY_STOP,
            "--approved-by": extension or kind in APPROVAL_REQUIRED or kind in HEAD_STEPS,
            "--number": kind in OUTCOMES, "--fine": kind == CHANGED, "--party": names_party(kind, clock),
            "--clock": extension, "--days": extension, "--measure": extension and extends_seizure(clock),
            "--result": kind == CHECK, "--preservation": kind in SEIZED_KINDS}[option]


def _given_options(args) -> dict[str, object]:
    """The options of ``CLOCK_EVENT_OPTIONS`` given to `clocks record`, with their values."""
    given = {option: getattr(args, option[2:].replace("-", "_")) for option in CLOCK_EVENT_OPTIONS}
    return {option: value for option, value in given.items() if value is not None}


def _event_document(db, case, kind: str, given: str):
    """The issued document ``--document`` names for the clock event ``kind`` of ``case``, with the form it was
    issued on: one of the case's, in force, recording an event of that kind (``FormSpec.event_for``; a
    re-inspection's: the 责令改正通知书 re-inspected); refused naming the option otherwise (one replaced by an issued
    correction naming the correction, as ``_withdrawn_copy_warning`` does: a correction keeps it "issued")."""
    from workstation.documents.drafts import find_form
    from workstation.documents.issuing import correction_of, document_name, documents_of_case, get_document
    from workstation.errors import ValidationError
    from workstation.formkit.spec import END_EVENT, event_name
    from workstation.store.clock_events import CHECK
    from workstation.vocabulary import shown_label

    document = get_document(db, given.strip())
    if document.id not in {d.id for d in documents_of_case(db, case.id)}:
        raise ValidationError({"--document": _("{document} is not a document of case {case}.").format(
            document=document_name(document), case=case_named(case.case_number, case.party_names, case.cause))})
    if document.status != "issued":
        raise ValidationError({"--document": _("{document} is void: {reason}.").format(
            document=document_name(document), reason=document.void_reason.rstrip("。. "))})
    if (correction := correction_of(db, document)) is not None:
        raise ValidationError({"--document": _("{document} was replaced by its correction {correction}: name the "
                                               "correction instead.").format(
            document=document_name(document), correction=correction.number or correction.id)})
    form = find_form(document.form_id)
    if kind == CHECK:  # the order re-inspected: checked by the store as the dialog's list offers them
        return document, form
    event = form.event_for(document.values)
    if event is not None and event[0] == END_EVENT:
        raise ValidationError({"--document": _("{document} ends the “{event}”: end it with `clocks end EVENT --on "
                                               "DATE` (`clocks events CASE` lists the events with their ids).").format(
            document=document_name(document), event=shown_label("clock_events", event[1]))})
    if event is None or event[0] != kind:
        what = _("it records “{event}”").format(event=event_name(*event)) if event is not None else _(
            "it records no clock event")
        raise ValidationError({"--document": _("{document} does not record a “{kind}”: {what}.").format(
            document=document_name(document), kind=shown_label("clock_events", kind), what=what)})
    return document, form


def _from_document(db, case, document, form) -> dict:
    """What the clock-event dialog is opened with once ``document`` (of ``form``) was issued
    (``clock_event_fill.event_from_document``, as ``ui.case_documents.offer_clock_event`` fills it): on, until,
    clock, party, measure, days and approved_by, None for what it does not say."""
    from workstation.clock_event_fill import event_from_document

    fill = event_from_document(db, case, form, document)
    return {"on": fill.on or None, "until": fill.until or None, "clock": fill.clock or None, "party": fill.party,
            "measure": fill.measure, "days": fill.days, "approved_by": fill.approved_by or None,
            "unserved": fill.unserved or None}


def _event_measure(db, case, given: str) -> str:
    """The id of the seal-up or seizure ``--measure`` names by its event id or the day it began; refused naming the
    option, listing the case's, when it names none or several."""
    from workstation.errors import ValidationError
    from workstation.store.clock_events import describe, measures_to_extend

    measures = measures_to_extend(db, case.id)
    chosen = [m for m in measures if given.strip() in (m.id, m.starts_on)]
    if len(chosen) == 1:
        return chosen[0].id
    listed = _("; ").join(f"{m.id} ({describe(m, db)})" for m in measures) or _("none")
    raise ValidationError({"--measure": _("{given} names no single seal-up or seizure of the case; its seals-up and "
                                          "seizures are: {measures}.").format(given=given, measures=listed)})


def _clock_event_dict(db, event) -> dict:
    """A clock event as `clocks record --json` and `clocks events --json` give it: its fields and the line the
    case's Deadlines section shows (``describe``)."""
    from dataclasses import asdict

    from workstation.store.clock_events import describe

    return {**asdict(event), "text": describe(event, db)}


def cmd_clocks_record(args) -> int:
    """Record a clock event as the case's Deadlines section does (``ClockEventDialog.current`` built from the options,
    ``record_clock_event`` checking it as there): a field refused is named by the option that gives it, a kind the
    case's stage does not allow said as the dialog's tooltip says it; what the dialog warns about (not refused) is
    warned about once recorded; the question it asks after a seizure recorded while a preservation runs is
    ``--preservation``."""
    from workstation.clocks import EXTENSION, extension_days_until
    from workstation.errors import UsageError, ValidationError
    from workstation.records import ClockEvent
    from workstation.store import find_case
    from workstation.store.clock_events import (
        APPROVAL_REQUIRED,
        CHANGED,
        CHECK,
        EARLY_STOP,
        GRANTED_TO_PARTY,
        OUTCOMES,
        early_demand,
        end_decided_preservations,
        late_challenge_warning,
        notice_end_warning,
        preservations_decided_by,
        record_clock_event,
        unconfirmed_extension_warning,
        withdrawal_warning,
    )
    from workstation.validators import parse_amount_fen
    from workstation.vocabulary import shown_label

    kind = _vocabulary_key("clock_events", "KIND", args.kind)
    # an extension's day is the day it was approved: --approved-on alone gives it (as --on defaults it)
    if args.on is None and args.document is None and not (kind == EXTENSION and args.approved_on):
        raise UsageError(_("--on: give the day it happened (or began, or was approved), YYYY-MM-DD, or --document "
                           "naming the issued document that records it."))
    given = _given_options(args)
    clock = args.clock or ""
    db = _open(args)
    _warn_law_problems(args)  # the time limits its checks weigh are the shipped ones: said
    case = find_case(db, args.case)
    document = form = None
    taken = {}
    if args.document is not None:
        document, form = _event_document(db, case, kind, args.document)
        if kind != CHECK:
            taken = _from_document(db, case, document, form)
            clock = clock or taken["clock"] or ""
    wrong = [option for option in given if not _clock_option_kinds(option, kind, clock)]
    if wrong:
        label = shown_label("clock_events", kind)
        raise ValidationError({option: _("“{kind}” takes no {option}: leave it out.").format(kind=label, option=option)
                               for option in wrong})
    extension, outcome = kind == EXTENSION, kind in OUTCOMES
    on = args.on or taken.get("on")
    if not on and taken.get("unserved"):  # a 催告书 not yet served: T15 counts from its service (s62)
        raise ValidationError({"--on": taken["unserved"]})
    until = args.until or (taken.get("until") if kind != CHECK else None)
    party = _transition_party(db, case, args.party) if args.party else taken.get("party")
    if args.party and party not in case.party_ids:  # named by the option, with the ids to give instead
        from workstation.store import parties_of_case

        raise ValidationError({"--party": _("{party} is not a party of case {case}. Its parties are: {parties}.").format(
            party=args.party, case=case_named(case.case_number, case.party_names, case.cause),
            parties=_parties_listed(parties_of_case(db, case.id)) or _("none"))})
    if party is None and kind in GRANTED_TO_PARTY and not args.document:  # the party its notice was written for
        from workstation.payments import deferral_notice_party

        party = deferral_notice_party(db, case)
    # as the dialog asks it: of a kind naming one party, in a case with several (one alone: the whole case's)
    party = party if _clock_option_kinds("--party", kind, clock) and len(case.party_ids) > 1 else None
    measure = _event_measure(db, case, args.measure) if args.measure else taken.get("measure")
    approved_on = args.approved_on or args.applied_on or (on if extension or kind in APPROVAL_REQUIRED else None)
    days = 0
    by_until = False  # the days counted from --until: a refusal of them names --until, the option given
    no_days = ""  # said for the store's “Enter by how many days …” when --until is not after the running deadline
    if extension:
        days = args.days if args.days is not None else taken.get("days")
        if days is None and until:  # extended to a day: the days up to it from the running deadline
            by_until = args.until is not None
            days = extension_days_until(db, case, clock, until, party, measure)
            if days is None and by_until:
                no_days = _("{date} is not after a running deadline of {clock}: an extension moves the deadline "
                            "later. Give the day it is extended to, or --days.").format(date=until, clock=clock)
        days = days or 0
    elif kind == CHECK:
        result = _vocabulary_key("rectification_results", "--result", args.result) if args.result else None
        from workstation.rectification_checks import RESULTS

        days = next((code for code, key in RESULTS.items() if key == result), 0)
    no_fine = False
    if kind == CHANGED and args.fine is not None:  # the fine as changed, in fen; 0: none at all
        try:
            days = parse_amount_fen(args.fine.strip())
        except ValueError as exc:
            raise ValidationError({"--fine": str(exc)}) from None
        no_fine = days == 0 and bool(args.fine.strip())
    approved_by = (args.number if outcome else args.approved_by) or taken.get("approved_by") or ""
    event = ClockEvent(case_id=case.id, kind=kind,
                       clock=clock if extension else (document.id if kind == CHECK and document else ""),
                       party_id=party or None, days=days, no_fine=no_fine,
                       measure_id=measure if extension else None,
                       starts_on=(approved_on if extension else on) or "",
                       ends_on=None if extension else until, approved_on=approved_on, approved_by=approved_by,
                       note=args.note.strip())
    # what the dialog says under its fields before Save (not refused), said once recorded
    warning = early_demand(db, case, event) or notice_end_warning(db, case, event) or late_challenge_warning(
        db, case, event) or withdrawal_warning(db, case, event) or unconfirmed_extension_warning(db, case, event)
    preserved = preservations_decided_by(db, event)
    if preserved and args.preservation is None:  # the dialog's question, asked before anything is recorded
        raise ValidationError({"--preservation": _(
            "A “{preservation}” is still running since {since}: say whether this {seizure} holds the preserved goods "
            "(--preservation end: it is the decision on them, 行政处罚法 art. 56, and the preservation ends on "
            "{date}) or not (--preservation keep: it runs on).").format(
            preservation=shown_label("clock_events", preserved[0].kind),
            since=join_names([p.starts_on for p in preserved]), seizure=shown_label("clock_events", kind),
            date=event.starts_on)})
    options = {"starts_on": "--on", "ends_on": "--until", "approved_on": "--approved-on" if args.approved_on else
               "--applied-on" if kind == EARLY_STOP else "--on", "approved_by": "--number" if outcome else
               "--approved-by", "clock": "--clock", "days": "--days", "measure": "--measure", "party": "--party",
               "note": "--note", "order": "--document", "result": "--result", "fine": "--fine"}
    if kind == CHANGED:
        options["days"] = "--fine"
    elif by_until:
        options["days"] = "--until"
    try:
        with db.atomic():
            # a hearing held: the party's own in a case with several heard on different days, one event each
            if kind == "hearing_session":
                from workstation.procedure import record_hearing_session

                every = record_hearing_session(db, case, event.starts_on, event.note,
                                               (event.party_id,) if event.party_id else (), for_command_line=True)
            else:
                every = [record_clock_event(db, event, for_command_line=True)]
            recorded = every[0]
            ended = end_decided_preservations(db, recorded) if args.preservation == "end" else []
    except ValidationError as exc:  # the fields named by their options, a refusal of the kind said as it is
        if "kind" in exc.errors:
            raise WorkstationError(exc.errors["kind"]) from None
        if no_days and exc.errors.get("days") == _("Enter by how many days the time limit is extended."):
            exc.errors["days"] = no_days
        raise ValidationError({options.get(field, field): message for field, message in exc.errors.items()}) \
            from None
    result = _clock_event_dict(db, recorded)
    if len(every) > 1:  # several parties heard that day: each one's event (the first's fields above, as before)
        result["events"] = [_clock_event_dict(db, each) for each in every]
    if ended:
        result["preservations_ended"] = [e.id for e in ended]
    if kind == CHANGED:  # a fine lowered below what was paid: the party has paid, the rest is refunded
        from workstation.payments import overpaid_notes
        from workstation.store import get_case

        warning = join_sentences(part for part in (warning, overpaid_notes(db, get_case(db, case.id),
                                                                           recorded.party_id)) if part)
    if warning:
        result["warnings"] = [warning]
    from workstation.store.clock_events import describe

    _emit(args, result, "\n".join(_("{number}: recorded {event}").format(
        number=case.case_number or _("not filed"), event=describe(each, db)) for each in every))
    if warning:
        _warn(warning)
    return 0


def cmd_clocks_events(args) -> int:
    """The case's clock events, oldest first, each as the Deadlines section lists it (``CaseClocks.refresh``), with
    its id: the numbers written in it and its note masked (in --json too), a recorded extension the deadlines do not
    count (``clocks.superseded_extensions``) marked “not counted” in the window's words (--json: "counted")."""
    from workstation.clocks import case_clocks, superseded_extensions
    from workstation.masking import mask_text, rules_in_force
    from workstation.records import today
    from workstation.store import find_case
    from workstation.store.clock_events import clock_events_of

    db = _open(args)
    case = find_case(db, args.case)
    if args.removed:
        return _removed_clock_events(args, db, case)
    superseded = superseded_extensions(case_clocks(db, case, on=today()))  # as the window counts them, today
    rules = rules_in_force()  # the rules reading the numbers to mask, read once for the list
    rows, lines = [], []
    for event in clock_events_of(db, case.id):
        row = _clock_event_dict(db, event)
        shown = describe_event(db, event)  # the window's line
        row["counted"] = event.id not in superseded
        if not row["counted"]:  # a second extension of a clock the law extends once, from before the rule
            reason = _("{event} — not counted: {clock} may be extended once and the first extension counts; "
                       "correct or remove this record")
            clock = superseded[event.id].rule.id
            shown = reason.format(event=shown, clock=clock)
            row["text"] = reason.format(event=row["text"], clock=clock)
        row["text"], row["note"] = mask_text(row["text"], rules), mask_text(row["note"], rules)
        rows.append(row)
        lines.append(f"{event.id}\t{_cell(mask_text(shown, rules))}")
    _emit(args, rows, "\n".join(lines) or _("{number} has no clock events.").format(
        number=case_named(case.case_number, case.party_names, case.cause)))
    return 0


def cmd_clocks_end(args) -> int:
    """End a running clock event on --on, checked as the window's “End selected…” checks it."""
    from workstation.errors import ValidationError
    from workstation.store import get_case
    from workstation.store.clock_events import (
        describe,
        end_clock_event,
        get_clock_event,
        notice_end_warning,
        one_off,
    )
    from workstation.vocabulary import shown_label

    db = _open(args)
    event = get_clock_event(db, args.event.strip())
    if one_off(event.kind):
        raise WorkstationError(_("“{kind}” happened on one day, {date}: it has no end to record.").format(
            kind=shown_label("clock_events", event.kind), date=event.starts_on))
    try:
        ended = end_clock_event(db, event.id, args.on, despite_held=args.despite_held, for_command_line=True)
    except ValidationError as exc:  # every refusal is about the last day, but goods still held
        if "despite_held" in exc.errors:
            raise WorkstationError(exc.errors["despite_held"]) from None
        raise ValidationError({"--on": join_sentences(list(exc.errors.values()))}) from None
    # what the window's end dialog says under its date (not refused): a public notice ended on another day than the
    # one the party is deemed served (T30)
    warning = notice_end_warning(db, get_case(db, ended.case_id), ended)
    result = _clock_event_dict(db, ended)
    if warning:
        result["warnings"] = [warning]
    _emit(args, result, _("Ended: {event}").format(event=describe(ended, db)))
    if warning:
        _warn(warning)
    return 0


def cmd_clocks_correct(args) -> int:
    """Correct a recorded extension (its length, approval date or approver), checked and audited as the window's
    “Correct selected extension…” corrects it (``clock_events.correct_extension``); what is not given stays as
    recorded. A field refused is named by the option that gives it."""
    from workstation.errors import ValidationError
    from workstation.store import get_case
    from workstation.store.clock_events import (
        correct_extension,
        describe,
        get_clock_event,
        unconfirmed_extension_warning,
    )

    db = _open(args)
    recorded = get_clock_event(db, args.event.strip())
    days = recorded.days if args.days is None else args.days
    approved_on = args.approved_on or recorded.approved_on
    approved_by = recorded.approved_by if args.approved_by is None else args.approved_by
    try:
        corrected = correct_extension(db, recorded.id, days, approved_on, approved_by)
    except ValidationError as exc:  # the fields named by their options, what is not the extension's said as it is
        options = {"days": "--days", "approved_on": "--approved-on", "starts_on": "--approved-on",
                   "approved_by": "--approved-by"}
        if set(exc.errors) <= set(options):
            raise ValidationError({options[field]: message for field, message in exc.errors.items()}) from None
        raise WorkstationError(join_sentences(list(exc.errors.values()))) from None
    # a correction counted through a year without holiday data is warned of as a new extension is
    warning = unconfirmed_extension_warning(db, get_case(db, corrected.case_id), corrected)
    result = _clock_event_dict(db, corrected)
    if warning:
        result["warnings"] = [warning]
    _emit(args, result, _("Corrected: {event}").format(event=describe(corrected, db)))
    if warning:
        _warn(warning)
    return 0


def cmd_clocks_remove(args) -> int:
    """Remove a clock event recorded in error with --reason, checked and audited as the window's “Remove selected…”
    removes it (``clock_events.delete_clock_event``: the reason on the timeline and in the audit log; refused, as
    there, without a reason, while the case stands in the status its running suspension or hearing stands for, or
    while an extension names the seizure)."""
    from workstation.errors import ValidationError
    from workstation.store.clock_events import delete_clock_event, get_clock_event

    db = _open(args)
    event = get_clock_event(db, args.event.strip())
    result = {**_clock_event_dict(db, event), "reason": args.reason.strip()}  # described before it is gone
    try:
        delete_clock_event(db, event.id, args.reason)
    except ValidationError as exc:  # a reason left blank names the option; what forbids the removal is said as it is
        message = join_sentences(list(exc.errors.values()))
        if not args.reason.strip():
            raise ValidationError({"--reason": message}) from None
        raise WorkstationError(message) from None
    said = _("Removed: {what} — {reason}").format(what=result["text"], reason=result["reason"])
    _emit(args, result, f"{said}\n" + _("Removed in error? {command} puts it back.").format(
        command=f"clocks restore {event.id}"))
    return 0


def cmd_clocks_restore(args) -> int:
    """Put back a clock event removed in error (``clock_events.restore_clock_event``: as a new event, its dates,
    approval and note as they were), as the 期限 section's Undo removal does; refused, nothing changed, when it was
    put back already or no longer fits the events recorded since."""
    from workstation.masking import mask_text, rules_in_force
    from workstation.store.clock_events import restore_clock_event

    db = _open(args)
    event_id = args.event.strip()
    restored = restore_clock_event(db, event_id)
    rules = rules_in_force()  # the numbers written in it masked, as `clocks events` masks them
    row = {**_clock_event_dict(db, restored), "restored_from": event_id}
    row["text"], row["note"] = mask_text(row["text"], rules), mask_text(row["note"], rules)
    _emit(args, row, _("Put back: {event} (now {id})").format(event=mask_text(describe_event(db, restored), rules),
                                                                id=restored.id))
    return 0


def describe_event(db, event) -> str:
    """A clock event's line as the 期限 section shows it (``describe``), its note after it."""
    from workstation.store.clock_events import describe

    return describe(event, db) + (f" — {event.note}" if event.note else "")


def _removed_clock_events(args, db, case) -> int:
    """`clocks events CASE --removed`: the events removed from the case, the latest first, each with its id (for
    `clocks restore`), when and why it was removed, and the event that put it back if one did; numbers masked as
    in the events listed."""
    from workstation.masking import mask_text, rules_in_force
    from workstation.store.clock_events import removed_clock_events

    rules = rules_in_force()
    rows, lines = [], []
    for removed in removed_clock_events(db, case.id):
        row = {**_clock_event_dict(db, removed.event), "reason": removed.reason, "removed_at": removed.removed_at,
               "removed_by": removed.removed_by, "restored_as": removed.restored_as}
        row["text"], row["note"] = mask_text(row["text"], rules), mask_text(row["note"], rules)
        row["reason"] = mask_text(removed.reason, rules)
        rows.append(row)
        line = _("{event} — removed on {date}: {reason}").format(
            event=mask_text(describe_event(db, removed.event), rules), date=removed.removed_at[:10],
            reason=row["reason"])
        if removed.restored_as:
            line += _(" (put back as {id})").format(id=removed.restored_as)
        lines.append(f"{removed.event.id}\t{_cell(line)}")
    _emit(args, rows, "\n".join(lines) or _("Nothing was removed from {number}.").format(
        number=case_named(case.case_number, case.party_names, case.cause)))
    return 0


def _of_agency(db, case_id: str, agency_id: str) -> bool:
    """Whether the case is one of the agency's or of an office under it (the board's ``--agency``)."""
    from workstation.store.agencies import AGENCY_AND_OFFICES

    return db.execute(f"SELECT 1 FROM cases WHERE id = ? AND agency_id IN ({AGENCY_AND_OFFICES})",
                      [case_id, agency_id, agency_id]).fetchone() is not None


def _station_text(db, station, role) -> str:
    """The station's line as the 交换 page shows it: its name (未命名 for one never named) and its agency by name and
    code — at headquarters with no agency chosen, the city bureau it works as, said so."""
    from workstation.station import station_label
    from workstation.station_role import own_agency
    from workstation.store import get_agency

    agency_id = station.agency_id or own_agency(db)
    agency = get_agency(db, agency_id) if agency_id else None
    text = f"{agency.name}（{agency.code}）" if agency else "—"
    if agency and not station.agency_id and role.headquarters:
        text = _("{agency} (no agency chosen: headquarters works as the city bureau)").format(agency=text)
    return tidy_spaces(_("Station {name} ({id}), agency {agency}, key fingerprint {fingerprint}").format(
        name=station_label(station.name), id=station.id, agency=text, fingerprint=station.fingerprint))


def _encryption_text(db, data_dir, role, hq) -> str:
    """How this installation's bundles are encrypted, as the 交换 page says it: to headquarters' key; at
    headquarters, each hand-out to its station's key; else not at all."""
    from workstation.i18n import ngettext
    from workstation.station import station_label, trusted_stations

    if hq is not None:
        return tidy_spaces(_("Bundles are encrypted to headquarters {name} ({fingerprint}).").format(
            name=station_label(hq.name), fingerprint=hq.fingerprint))
    if role.headquarters:
        served = len(trusted_stations(db))
        return ngettext("This workstation is headquarters itself ({n} station trusted). Each hand-out is made "
                        "for one station, holds its records only and is encrypted to its key.",
                        "This workstation is headquarters itself ({n} stations trusted). Each hand-out is made "
                        "for one station, holds its records only and is encrypted to its key.",
                        served).format(n=served)
    return _("No headquarters key set: bundles are not encrypted.")


def _role_json(role) -> dict:
    return {"role": role.role, "explicit": role.explicit, "set_at": role.set_at, "set_by": role.set_by,
            "unreadable": role.unreadable}


def cmd_station_role(args) -> int:
    """Show this installation's role (headquarters or station), or set it (audited)."""
    from workstation.station_role import installation_role, role_text, set_installation_role
    from workstation.store import ensure_reference_data

    db = _open(args)
    ensure_reference_data(db)
    role = set_installation_role(db, args.data_dir, args.role) if args.role else installation_role(db, args.data_dir)
    _emit(args, _role_json(role), role_text(role))
    return 0


def _role_hint(args, db) -> str | None:
    """The hint of an installation that may be headquarters but has no role set (``station_role.role_hint``): on
    stderr, or returned for the --json result's ``role_hint``."""
    from workstation.station_role import role_hint

    hint = role_hint(db, args.data_dir)
    if hint and not args.json:
        sys.stderr.write(_("Note: {message}").format(message=hint) + "\n")
    return hint


def cmd_station_show(args) -> int:
    from workstation.station import (
        agency_code,
        ensure_station,
        headquarters,
        missing_keys_text,
        station_label,
        this_station,
    )
    from workstation.station_role import installation_role, role_text
    from workstation.store import ensure_reference_data

    db = _open(args)
    ensure_reference_data(db)
    # only a station not yet made gets its keys here: lost key files are said, never replaced by a command that reads
    station = this_station(db)
    if station is None:
        station = ensure_station(db, args.data_dir)
    elif lost := missing_keys_text(args.data_dir, station):
        raise WorkstationError(lost)
    hq = headquarters(db)
    role = installation_role(db, args.data_dir)
    # "name" stays the card's own (the card format, read back by `station trust`); "label" is the name shown
    result = {**station.card(agency_code(db, station.agency_id)), "label": station_label(station.name),
              "headquarters": {"id": hq.id, "name": hq.name, "label": station_label(hq.name),
                               "fingerprint": hq.fingerprint} if hq else None,
              "role": _role_json(role), "role_hint": _role_hint(args, db)}
    text = _station_text(db, station, role) + "\n" + role_text(role)
    text += "\n" + _encryption_text(db, args.data_dir, role, hq)
    _emit(args, result, text)
    return 0


def cmd_station_details(args) -> int:
    """Show the contact telephone, address and payment account the documents of the agency's cases print, or set
    those given; the 行政处罚告知书 and 行政处罚决定书 print them (``agency_details``). A town office (given, or the
    station's own) sets its own telephone and address, its cases printing its bureau's where it has none; its
    payment account is its bureau's, shown marked as such and refused if given."""
    from workstation.agency_details import (
        FIELDS,
        acting_agency_id,
        details_from,
        document_details,
        set_agency_details,
        station_own_agency_id,
    )
    from workstation.store import agency_by_code, ensure_reference_data, get_agency

    db = _open(args)
    ensure_reference_data(db)
    agency_id = agency_by_code(db, args.agency).id if args.agency is not None else station_own_agency_id(db)
    if not agency_id:
        raise WorkstationError(_("This station works for no agency yet: give --agency CODE."))
    changes = {name: getattr(args, name) for name in FIELDS if getattr(args, name) is not None}
    if args.doc_abbrev is not None:  # the 文号 abbreviation (the agencies register's), both checked before either is set
        from workstation.agency_details import checked_details
        from workstation.errors import ValidationError
        from workstation.store.agencies import doc_abbrev_refusal, set_doc_abbrev

        checked_details(db, agency_id, changes)
        if refusal := doc_abbrev_refusal(db, agency_id, args.doc_abbrev):
            raise _named_by_options(ValidationError({"doc_abbrev": refusal}), {"doc_abbrev": "--doc-abbrev"})
        with db.atomic():
            set_doc_abbrev(db, agency_id, args.doc_abbrev)
            if changes:
                set_agency_details(db, agency_id, changes)
    elif changes:
        set_agency_details(db, agency_id, changes)
    details, source = document_details(db, agency_id), details_from(db, agency_id)
    agency, acting = get_agency(db, agency_id), get_agency(db, acting_agency_id(db, agency_id))
    not_set = _("(not set)")
    # a town office's line taken from its bureau says so: the officer sets it there (or, for the telephone and
    # address, gives the office's own)
    lines = [agency.name, _("文号 abbreviation: {abbrev}").format(abbrev=acting.doc_abbrev or not_set) + (
        _(" (from {agency})").format(agency=acting.name) if acting.id != agency_id else "")] + [
        f"{label}：{details[name] or not_set}" + (
            _(" (from {agency})").format(agency=acting.name) if source[name] != agency_id else "")
        for name, label in FIELDS.items()]
    _emit(args, {"agency": agency.code, "doc_abbrev": acting.doc_abbrev, **details, "acting_agency": acting.code,
                 "from_acting_agency": [name for name in FIELDS if source[name] != agency_id]}, "\n".join(lines))
    return 0


def cmd_station_export(args) -> int:
    from workstation.station import write_card
    from workstation.store import ensure_reference_data

    _check_output(args.output)
    db = _open(args)
    ensure_reference_data(db)
    card = write_card(db, args.data_dir, Path(args.output))
    _emit(args, {"path": args.output, **card}, "\n".join([written_text(args.output), _(
        "Key fingerprint: {fingerprint}").format(fingerprint=card["fingerprint"])]))
    return 0


def cmd_station_trust(args) -> int:
    from workstation.station import (
        box_private_key,
        earlier_withdrawal_text,
        earlier_withdrawals,
        read_card,
        same_fingerprint,
        same_station_trusted,
        station_label,
        trust_station,
    )

    db = _open(args)
    card = read_card(Path(_input_file(args.file)), box_private_key(args.data_dir))
    if args.fingerprint and not same_fingerprint(args.fingerprint, card["fingerprint"]):
        raise WorkstationError(_("The fingerprint of {file} is {actual}, not {expected}: it is not trusted.").format(
            file=args.file, actual=card["fingerprint"], expected=args.fingerprint))
    earlier = earlier_withdrawals(db, card)  # before the trust, which makes the station's key the card's
    station = trust_station(db, card)  # refused for a key withdrawn here
    text = tidy_spaces(_("Station {name} is trusted (fingerprint {fingerprint}).").format(
        name=station_label(station.name), fingerprint=station.fingerprint))
    for said in earlier:
        text += "\n" + tidy_spaces(earlier_withdrawal_text(said))
    same = same_station_trusted(db, card)
    for old in same:
        text += "\n" + tidy_spaces(_(
            "Station {name} of the same agency is also trusted here with another key (fingerprint {fingerprint}, "
            "trusted on {date}). If this card replaces that laptop, withdraw its old key: station untrust {id} "
            "--reason \"replaced\"").format(name=station_label(old.name), fingerprint=old.fingerprint,
                                            date=str(old.trusted_at or "")[:10], id=old.id))
    _emit(args, {"id": station.id, "name": station.name, "fingerprint": station.fingerprint,
                 "same_name": [{"id": s.id, "fingerprint": s.fingerprint, "trusted_at": s.trusted_at} for s in same],
                 "earlier_withdrawn": [{k: said.get(k) for k in ("fingerprint", "at", "reason")} for said in earlier]},
          text)
    return 0


def cmd_station_untrust(args) -> int:
    from workstation.station import station_label, untrust_station

    db = _open(args)
    station, said = untrust_station(db, args.station, args.reason or "")
    _emit(args, {"id": station.id, "name": station.name, "fingerprint": station.fingerprint,
                 "withdrawn_at": said["at"], "reason": said["reason"]},
          tidy_spaces(_("Trust in the key of station {name} (fingerprint {fingerprint}) is withdrawn: its bundles are "
                        "refused from now on, and the key is not trusted again (the station makes a new key and sends "
                        "its new card); its records merged before are kept.").format(name=station_label(station.name),
                                                        fingerprint=station.fingerprint)))
    return 0


def cmd_station_headquarters(args) -> int:
    from workstation.station import (
        box_private_key,
        read_card,
        same_fingerprint,
        set_headquarters,
        station_label,
    )

    db = _open(args)
    # headquarters' hand-out, encrypted to this station's key, gives headquarters' card as `station trust` reads it
    card = read_card(Path(_input_file(args.file)), box_private_key(args.data_dir), of_headquarters=True)
    if args.fingerprint and not same_fingerprint(args.fingerprint, card["fingerprint"]):
        raise WorkstationError(_("The fingerprint of {file} is {actual}, not {expected}: bundles are not encrypted to "
                                 "its key; nothing was changed.").format(file=args.file, actual=card["fingerprint"],
                                                                        expected=args.fingerprint))
    # a key other than the one set already is taken only with its fingerprint as typed (``set_headquarters``)
    station = set_headquarters(db, card, fingerprint=args.fingerprint or "")
    _emit(args, {"id": station.id, "name": station.name, "fingerprint": station.fingerprint},
          tidy_spaces(_("Bundles will be encrypted to headquarters {name} (fingerprint {fingerprint}).").format(
              name=station_label(station.name), fingerprint=station.fingerprint)))
    return 0


def cmd_station_list(args) -> int:
    from workstation.station import list_stations, withdrawal

    db = _open(args)
    rows = []
    for s in list_stations(db):
        said = withdrawal(db, s)
        rows.append({"id": s.id, "name": s.name, "role": "withdrawn" if said else s.role, "fingerprint": s.fingerprint,
                     "trusted_at": s.trusted_at, "audit_seq": s.audit_seq,
                     "withdrawn": {"at": said["at"], "reason": said["reason"]} if said else None})
    _emit(args, rows, "\n".join(f"{_station_role_text(r)}\t{_cell(r['name'])}\t{r['fingerprint']}\t{r['id']}"
                                for r in rows) or _("No stations."))
    return 0


def _station_role_text(row: dict) -> str:
    """A station's role as `station list` prints it, in the words of the 站点 list of the exchange page: 本站,
    总部, 已信任站点, 密钥已撤销（date）; --json keeps the keys (self, hq, trusted, withdrawn)."""
    if row["role"] == "withdrawn":
        return _("Key withdrawn {date}").format(date=short_time((row["withdrawn"] or {}).get("at")))
    labels = {"self": _("This station"), "hq": _("Headquarters"), "trusted": _("Trusted station")}
    return labels.get(row["role"], row["role"])


def cmd_bundle_export(args) -> int:
    from workstation.bundle import export_bundle
    from workstation.station import station_label, withdrawn_station_named
    from workstation.store import ensure_reference_data, find_case

    _check_output(args.output)  # a missing folder (a USB stick not plugged in) is refused, never made
    db = _open(args)
    ensure_reference_data(db)
    case_ids = [find_case(db, c).id for c in args.cases] if args.cases else None
    if args.for_station and (gone := withdrawn_station_named(db, args.for_station)):
        station, said = gone
        raise WorkstationError(tidy_spaces(_(
            "Trust in the key of station {station} (fingerprint {fingerprint}) was withdrawn here on {date} "
            "({reason}): no hand-out is made for it. Once the station has made a new key and sent its new card, "
            "trust that card (`station trust FILE`), then export for it.").format(
            station=station_label(station.name, station.fingerprint), fingerprint=station.fingerprint,
            date=str(said.get("at") or "")[:10], reason=said.get("reason") or _("no reason was given"))))
    with _noted_work(_("Exporting case bundle")), \
            _reported_work(_("Writing the bundle {file}…").format(file=args.output),
                           _("Bundle {file}: export finished.").format(file=args.output)) as progress:
        try:
            result = export_bundle(db, args.data_dir, Path(args.output), case_ids=case_ids,
                                   everything=args.everything, encrypt=args.encrypt, for_station=args.for_station,
                                   progress=progress)
        except WorkstationError as exc:  # refused after removing bundles of cut-off exports: --json names them too
            if args.json and (getattr(exc, "unrecorded", None) or getattr(exc, "removed_parts", None)):
                _emit(args, {"path": None, "error": exc.message, "removed_parts": exc.removed_parts,
                             "unrecorded": exc.unrecorded}, "")
            raise
    from workstation.bundle.writer import holds_text

    text = written_text(result["path"], holds_text(result, _(", encrypted to headquarters") if result["encrypted"]
                                                   and not result["for"] else ""))
    if result["for"]:
        from workstation.station import station_label

        text += "\n" + tidy_spaces((_("The hand-out holds the records of station {station} only, encrypted to its "
                                       "key.") if result["encrypted"] else _(
            "The hand-out holds the records of station {station} only.")).format(
            station=station_label(result["for"]["name"])))
    if not result["encrypted"]:  # the file goes on a USB stick: say what it lays open (stderr, also with --json)
        from workstation.bundle.writer import unencrypted_note
        from workstation.station import headquarters
        from workstation.station_role import installation_role

        # how to encrypt, unless headquarters' key is set (--plain) or this is headquarters (its hand-outs are
        # encrypted to the station's key unless --plain, or the station's card carries none)
        advice = headquarters(db) is None and not installation_role(db, args.data_dir).headquarters
        sys.stderr.write(_("Note: {message}").format(message=unencrypted_note(advice=advice)) + "\n")
    from workstation.bundle.writer import nothing_new_note, removed_parts_note

    if removed_parts_note(result):  # hidden files with personal data on the USB stick, now gone: said
        sys.stderr.write(_("Note: {message}").format(message=removed_parts_note(result)) + "\n")
    if result.get("nothing_new"):  # written all the same (the blocks, headquarters' acknowledgements), and said
        from workstation.station_role import installation_role

        _warn(nothing_new_note(
            result, installation_role(db, args.data_dir).headquarters))
    for said in result.get("details_warnings") or ():  # a 联系电话 saved before the present checks: sent all the same
        _warn(said)
    _emit(args, {**result, "role_hint": _role_hint(args, db)}, text)
    return 0


def cmd_bundle_verify(args) -> int:
    from workstation.bundle import verify_bundle
    from workstation.station import new_key_advice

    db = _open(args)
    path = _input_file(args.file)
    # the archive, its signature, hashes or station card refused, as a missing file or data that cannot be opened:
    # as `audit verify`, --json still says {"valid": false} on stdout (``_bundle_verify_refused``); the reason is the
    # error line on stderr
    result = verify_bundle(db, args.data_dir, path)
    from workstation.i18n import ngettext
    from workstation.station import station_label

    station = result["station"]
    # a station never named is "unnamed" here as in `bundle import`, `station list` and the window, not 站点
    # headquarters' hand-out is said signed by headquarters, as the merge preview says it comes from headquarters
    text = tidy_spaces((ngettext(
        "{file}: valid, signed by headquarters {name} (fingerprint {fingerprint}), {cases} case.",
        "{file}: valid, signed by headquarters {name} (fingerprint {fingerprint}), {cases} cases.", result["cases"])
        if result.get("from_headquarters") else
        ngettext("{file}: valid, signed by station {name} (fingerprint {fingerprint}), {cases} case.",
                 "{file}: valid, signed by station {name} (fingerprint {fingerprint}), {cases} cases.",
                 result["cases"])).format(
        file=args.file, name=station_label(station["name"]),
        fingerprint=station["fingerprint"], cases=result["cases"]))
    if result["key_changed"]:
        text += "\n" + _("Warning: the station's key differs from the one trusted here; the import will be refused "
                         "unless --trust is given (confirm the new fingerprint with the station first).")
    elif result.get("withdrawn"):
        said = result["withdrawn"]
        text += "\n" + _("Trust in this key was withdrawn here on {date} ({reason}): the import will be refused, "
                         "and the key is not trusted again: {advice}").format(
            date=str(said["at"])[:10], reason=said["reason"] or _("no reason was given"), advice=new_key_advice())
    elif not result["trusted"]:
        text += "\n" + _("The station is not trusted here yet: confirm its fingerprint with the station, then import "
                         "the bundle with --trust (or first trust the station with “station trust”).")
    if result.get("import_refusal"):  # valid all the same (exit 0): its place among the station's bundles
        text += "\n" + _("Warning: importing it here would be refused: {reason}").format(
            reason=result["import_refusal"])
    # "name" is the signing card's own; "label" the name as said above (未命名 for a station never named)
    _emit(args, {**result, "station": {**station, "label": station_label(station["name"])}}, text)
    return 0


def cmd_bundle_import(args) -> int:
    from workstation.bundle import import_bundle, older_bundle_note, settled_note, undecided_note
    from workstation.bundle.details_part import details_note
    from workstation.bundle.import_log import merge_summary
    from workstation.store import ensure_reference_data

    db = _open(args)
    ensure_reference_data(db)  # a new data directory (headquarters' first import): the agencies its records name
    path = _input_file(args.file)
    with _noted_work(_("Merging {file}").format(file=Path(path).name)), \
            _reported_work(*_import_lines(args.file)) as progress:
        try:
            result = import_bundle(db, args.data_dir, path, dry_run=args.dry_run, trust=args.trust,
                                   take_agency=args.take_agency, progress=progress)
        except Exception as exc:
            if not args.dry_run:  # listed in 导入记录 as the window lists it; a dry run changes nothing
                _record_refusal(db, Path(path).name, exc)
            raise
    if result.get("already_imported"):  # nothing merged (nor compared; its counts each 0): said alone
        _emit(args, result, "\n".join([_("This bundle was imported before; nothing changed."),
                                       *(e["message"] for e in (result.get("calendar") or {}).get("years", ()))]))
        return 0
    # the cases first, then the records of every kind (parties, case records…) the counts are of
    text = merge_summary(str(args.file), result, dry_run=args.dry_run)
    if result.get("deleted"):  # counted among the updated (CLI.md's four counts), said apart
        from workstation.bundle.merge import deleted_note

        text += "\n" + deleted_note(result["deleted"], planned=args.dry_run)
    if result.get("settled"):
        text += "\n" + settled_note(result["settled"], planned=args.dry_run)
    if result.get("older_format"):
        text += "\n" + older_bundle_note()
    if result.get("undecided"):
        text += "\n" + undecided_note(result["undecided"], planned=args.dry_run,
                                     station=result.get("undecided_station"))
    if result.get("undecided_deletions"):  # kept, or kept deleted, until headquarters decides
        from workstation.bundle.merge import undecided_deletions_note

        text += "\n" + undecided_deletions_note(result["undecided_deletions"], planned=args.dry_run)
    if result.get("numbering_hold"):
        text += "\n" + result["numbering_hold"]["message"]
    if note := details_note(result.get("agency_details"), planned=args.dry_run):  # the station's document details
        text += "\n" + note
    for entry in (result.get("calendar") or {}).get("years", ()):  # holiday files taken, kept, counted otherwise
        text += "\n" + entry["message"]
    if result.get("blocks_ignored"):  # number blocks of a sender that is not this station's headquarters
        text += "\n" + result["blocks_ignored"]
    if args.dry_run and (note := _untrusted_note(result["station"], args.trust)):
        text += "\n" + note
    from workstation.bundle.station_card import agency_kept_text, card_note

    said, station = result.get("station_card"), result["station"]["name"]  # a trusted station's new name, agency
    if note := card_note(said, station, planned=args.dry_run):
        text += "\n" + note
    if not args.dry_run and (kept := agency_kept_text(said, station)):
        _warn(kept)  # its new agency not taken without --take-agency
    _emit(args, result, text)
    return 0


def _record_refusal(db, file_name: str, exc: BaseException) -> None:
    """List a bundle ``bundle import`` refused in the 导入记录 list the Exchange page shows (``record_if_refused``:
    refusals only, not a failure of this computer); the refusal is said and exits as before even when the list
    cannot be written (a database opened read only)."""
    from workstation.bundle.import_log import record_if_refused

    try:
        record_if_refused(db, file_name, exc)
    except Exception:  # noqa: BLE001 - the refusal said matters more than its entry in the list
        LOG.warning("bundle refusal not listed", exc_info=True)


def _untrusted_note(station: dict, trust: bool) -> str:
    """What a dry run of the bundle of a station not trusted here (or signed with a changed key) says: the preview
    was made all the same, and the import itself is refused unless ``--trust`` trusts the key ('' for a trusted
    station)."""
    from workstation.station import station_label

    name = station_label(station["name"])
    fingerprint = station["fingerprint"]
    if station["status"] == "new_station":
        said = _("Station {station} is not trusted here yet (key fingerprint {fingerprint}).")
    elif station["status"] == "changed_key":
        said = _("The key of station {station} has changed since it was trusted here (the bundle is signed with key "
                 "fingerprint {fingerprint}).")
    else:
        return ""
    then = _("Importing with --trust trusts this key and imports the bundle; confirm the fingerprint with the "
             "station first.") if trust else _("The import is refused unless --trust is given, which trusts this "
                                               "key: confirm the fingerprint with the station first.")
    return join_sentences([said, then]).format(station=name, fingerprint=fingerprint)


def cmd_bundle_conflicts(args) -> int:
    from workstation.bundle import list_conflicts
    from workstation.bundle.conflict_text import (
        conflict_text,
        field_label,
        record_names,
        show_value,
        table_label,
    )

    db = _open(args)
    conflicts = list_conflicts(db)
    names = record_names(db, conflicts)  # the parties and cases an interview's party results name
    # the raw values under their keys, and each as the 冲突 tab shows it (kind, field label, amounts in yuan)
    rows = [{"id": c.id, "table": c.table, "record_id": c.record_id, "record": c.label, "field": c.field,
             "local": c.local, "incoming": c.incoming, "station": c.station_name, "detected_at": c.detected_at,
             "kind": table_label(c.table), "field_label": field_label(c.field, c.table),
             "local_text": show_value(c.field, c.local, names, c.table),
             "incoming_text": show_value(c.field, c.incoming, names, c.table)}
            for c in conflicts]
    _emit(args, rows, "\n".join(f"{c.id}\t{_cell(conflict_text(c, names))}" for c in conflicts)
          or _("No open conflicts."))
    return 0


def cmd_bundle_resolve(args) -> int:
    from workstation.bundle import resolve_conflict

    db = _open(args)
    resolve_conflict(db, args.conflict, take_incoming=args.take_incoming)
    _emit(args, {"id": args.conflict, "took_incoming": args.take_incoming},
          _("Conflict resolved: the station's value was taken.") if args.take_incoming else
          _("Conflict resolved: the value held here was kept."))
    return 0


def cmd_report_campaign(args) -> int:
    from workstation.errors import ValidationError
    from workstation.reports import write_campaign_report
    from workstation.reports.campaign import default_agency, report_scope_note

    _check_output(args.output)
    fmt = _output_format(args, ("pdf", "docx", "xlsx"))
    date_from, date_to = _counted_period(args)
    for option, value in (("--freeze", args.freeze), ("--period", args.period)):
        if value is not None and not value.strip():
            raise ValidationError({option: _("The label is empty: give the report period's label, e.g. "
                                             "2026年第1期.")})
    own = _own(args)
    db = _open(args)
    if not args.period:  # live figures counted on the shipped values where a bureau's copy was refused: said
        _warn_law_problems(args)  # (a frozen period prints as it was sent)
    agency_id = _agency_option(db, args.agency) or None
    result = write_campaign_report(db, args.output, fmt,
                                   date_from=date_from, date_to=date_to, agency_id=agency_id, own=own,
                                   period_label=args.period, freeze_as=args.freeze, progress=_stderr_progress())
    if not args.period:  # the live figures count whichever copy of a conflicting station record came first
        from workstation.stats import open_conflicts, open_conflicts_text

        # of the agency reported on, as the report's own note counts them
        if conflicts := open_conflicts_text(open_conflicts(db, agency_id or default_agency(db), own)):
            _warn(conflicts)
    # the agency reported on: the one given, else (CLI.md) at a station its own — said, as `stats` counts every
    # record held here without --agency; a frozen period prints as sent, its agency with it
    scope = "" if args.period else report_scope_note(db, agency_id or default_agency(db), own,
                                                     defaulted=not agency_id)
    text = written_text(result["path"], _("Its figures are frozen as report period {label}.").format(
        label=args.freeze) if args.freeze else "", scope)
    if args.period:  # printed as sent; the analyst is told when the live figures of the period moved since
        from workstation.reports import drift_lines, drift_summary, live_changes

        result["live"] = live_changes(db, args.period, progress=_stderr_progress())
        if result["live"]["differs"]:
            text += "\n" + "\n".join([drift_summary(result["live"]), *("  " + line for line in
                                                                         drift_lines(result["live"]))])
    _emit(args, result, text)
    for warning in result.get("warnings", ()):  # characters printed as blank boxes, emoji: the report is written
        _warn(warning)
    return 0


def cmd_report_periods(args) -> int:
    from workstation.reports import list_periods

    rows = list_periods(_open(args))
    from workstation.audit import no_officer_text

    lines = [f"{_cell(r['label'])}\t{r['from'] or '…'} – {r['to'] or '…'}\t{r['agency_code'] or '—'}\t"
             f"{short_time(r['frozen_at'])}\t{_cell(r['frozen_by_officer']) or no_officer_text()}\t{r['sha256'][:12]}"
             for r in rows]
    _emit(args, rows, "\n".join(lines) or _("No frozen report periods."))
    return 0


def cmd_security_status(args) -> int:
    from workstation.db.connection import holds_no_database, keyring_lost
    from workstation.security import keyring

    if keyring_lost(database_path(args.data_dir)):  # encrypted data, not an earlier version's: said, with the way back
        return _keyring_lost_status(args)
    mode = keyring.state(args.data_dir)
    has_db = not holds_no_database(database_path(args.data_dir))
    holders = keyring.officers(args.data_dir)
    on_duty = keyring.officers(args.data_dir, on_duty=True)
    # the workstation's passphrase no officer took over yet is no officer's: said, never named after an account
    result = {"mode": mode if mode != "none" else ("plaintext" if has_db else "none"),
              "chosen": mode != "none", "officers": [n for n in holders if n != keyring.STATION_ENTRY],
              "station_passphrase": keyring.STATION_ENTRY in holders,
              "wait_seconds": round(keyring.failure_delay(args.data_dir), 1) if mode == "encrypted" else 0}
    if mode == "encrypted":  # the passphrases of officers who left, kept suspended: they open nothing until back
        result["suspended"] = [n for n in holders if n not in on_duty and n != keyring.STATION_ENTRY]
    text = {"encrypted": _("Encrypted; passphrases: {officers}.").format(
        officers="、".join(keyring.shown_name(n) if n in on_duty else _("{name} (left: suspended)").format(
            name=keyring.shown_name(n)) for n in holders)),
            "plaintext": _("Not encrypted (chosen explicitly).")}.get(mode) or (
        _("Not encrypted (made by an earlier version, or by a command given no passphrase): run `security encrypt` to "
          "encrypt it.") if has_db
        else _("No database yet."))
    _emit(args, result, text)
    return 0


def _keyring_lost_status(args) -> int:
    """``security status`` of encrypted data whose keyring.json is missing: encrypted, no passphrase known here
    ("keyring_missing"), and the recovery ``stats`` names (``keyring_lost_message``)."""
    from workstation.db.connection import keyring_lost_message

    result = {"mode": "encrypted", "chosen": True, "officers": [], "station_passphrase": False, "wait_seconds": 0,
              "keyring_missing": True}
    _emit(args, result, keyring_lost_message(database_path(args.data_dir)))
    return 0


def _passphrase_file(path: str, option: str) -> str:
    """The passphrase on the first line of the file ``option`` names; refused naming the file when it is missing,
    a folder or has nothing on its first line (an empty passphrase opens nothing and protects nothing)."""
    from workstation.security.access import passphrase_from

    try:
        _input_file(path)
    except WorkstationError as exc:  # "nofile.txt: no such file." alone would not say which option named it
        raise WorkstationError(f"{option} " + exc.message) from None
    value = passphrase_from(path)
    if not value:
        raise WorkstationError(_("{option} {file}: the first line is empty; write the passphrase on it.").format(
            option=option, file=path))
    return value


def cmd_security_encrypt(args) -> int:
    from workstation.audit import acting
    from workstation.errors import ValidationError
    from workstation.security.access import encrypting_officer, passphrase_from

    passphrase = passphrase_from(getattr(args, "passphrase_file", None))
    if passphrase is None:
        raise WorkstationError(_("Give the new passphrase with WORKSTATION_PASSPHRASE or --passphrase-file."))
    if args.officer is None:  # the workstation's passphrase, until an officer takes it over
        return _security_encrypted(args, passphrase, None)
    try:  # an officer of the register, as it names them
        officer = encrypting_officer(args.data_dir, args.officer)
    except ValidationError as exc:
        raise _named_by_options(exc, {"officer": "--officer"}) from None
    with acting(officer):  # the encryption (and the backup after it) audited as theirs, as ``access.act_as`` does
        return _security_encrypted(args, passphrase, officer)


def _security_encrypted(args, passphrase: str, officer: str | None) -> int:
    """``security encrypt`` once its officer is known: the data encrypted, said, and the backup made after it."""
    from workstation.backup import plaintext_backups, plaintext_left_note
    from workstation.security.access import encrypt_data_dir

    result = encrypt_data_dir(args.data_dir, passphrase, officer, progress=_stderr_progress())
    if result.get("recovered"):
        sys.stderr.write(_("Note: {message}").format(message=result["recovered"]) + "\n")
    said = [_("The database and {files} stored files are encrypted now.").format(files=result["files"])]
    if result.get("backups_note"):  # the encrypted backup made before the unencrypted ones went, or why none was
        said.append(result["backups_note"])
    elif result.get("plaintext_copies_removed"):  # the unencrypted backups went: one encrypted takes their place now
        said.append(_encrypted_backup_after(args, result))
    said.append(result.get("files_note", ""))  # unencrypted stored files that could not be removed
    # those not taken for this data's (after a restore, on a USB stick, another data folder's) are named; when no
    # encrypted backup could be made, this data's kept are named by "backups_note"
    if result.get("backup") or not plaintext_backups(args.data_dir):
        said.append(plaintext_left_note(args.data_dir, exclude=[item["path"] for item in result["backups_left"]]))
    _emit(args, result, "\n".join(filter(None, said)))
    return 0


def _encrypted_backup_after(args, result: dict) -> str:
    """A backup of the data just encrypted, made where backups go, since encrypting removed the unencrypted ones
    (they held the personal information in the clear) and the station would otherwise have none until the window's
    next daily backup; kept in ``result["backup"]`` (None when it could not be made, which is said: the encryption
    stands)."""
    from workstation.backup import create_backup

    try:
        made = create_backup(_open(args), args.data_dir)
    except WorkstationError as exc:
        result["backup"] = None
        return _("The unencrypted backups were removed, and no encrypted backup could be made: {message} Make one "
                 "with `backup create` as soon as you can.").format(message=exc.message)
    result["backup"] = made["path"]
    return _("The unencrypted backups were removed; an encrypted backup takes their place: {path}.").format(
        path=made["path"])


def _require_encrypted(data_dir: Path) -> None:
    """Refuse a passphrase command on data that has no passphrases (instead of asking for one it cannot take)."""
    from workstation.security import keyring

    _require_data(data_dir)
    if keyring.state(data_dir) != "encrypted":
        raise WorkstationError(_("The data in {path} is not encrypted, so it has no passphrases: run `security "
                                 "encrypt` to encrypt it first.").format(path=data_dir))


def cmd_security_add_officer(args) -> int:
    from workstation.errors import ValidationError
    from workstation.security import keyring
    from workstation.security.access import give_passphrase

    _require_encrypted(args.data_dir)
    new = _passphrase_file(args.new_passphrase_file, "--new-passphrase-file")
    try:
        name = give_passphrase(_open(args), args.data_dir, args.officer, new)  # an officer on duty of the register
    except ValidationError as exc:  # the passphrase given is the new officer's, from --new-passphrase-file
        raise _named_by_options(exc, {"passphrase": "--new-passphrase-file", "officer": "NAME"}) from None
    officers = keyring.officers(args.data_dir)  # the keys, and as they are shown (the workstation's by its name)
    _emit(args, {"officers": officers, "officers_shown": [keyring.shown_name(o) for o in officers]},
          _("{name} has a passphrase of their own now.").format(name=name))
    return 0


def cmd_security_remove_officer(args) -> int:
    from workstation.security import keyring
    from workstation.security.access import withdraw_passphrase

    _require_encrypted(args.data_dir)
    db = _open(args)  # only who can open the data; the withdrawal is audited
    entry = withdraw_passphrase(args.data_dir, args.officer, db)  # by name, or the workstation's as it is shown
    # the data key stays: what the passphrase still opens (the backups made before, and with them the key) is said
    officers = keyring.officers(args.data_dir)  # the keys, and as they are shown (the workstation's by its name)
    _emit(args, {"officers": officers, "officers_shown": [keyring.shown_name(o) for o in officers]},
          keyring.withdrawn_message(entry))
    return 0


def cmd_security_change_passphrase(args) -> int:
    from workstation.security import keyring
    from workstation.security.access import change_passphrase, passphrase_from

    _require_encrypted(args.data_dir)
    current = passphrase_from(getattr(args, "passphrase_file", None))
    if current is None:
        raise WorkstationError(_("Give the current passphrase with WORKSTATION_PASSPHRASE or --passphrase-file."))
    # an officer's name, or the workstation's passphrase by the name it is shown (or its key)
    officer = keyring.entry_named(args.data_dir, args.officer) if args.officer else None
    if args.officer and officer is None:
        # a name mistyped is said so, not taken for a wrong passphrase (nor counted as a wrong try)
        from workstation.errors import ValidationError

        raise ValidationError({"--officer": _("{name} has no passphrase here: give the name of an officer who has "
                                              "one ({names}).").format(
            name=args.officer, names=keyring.shown_names(args.data_dir))})
    officer = officer or keyring.unlock(args.data_dir, current)[0]
    new = _passphrase_file(args.new_passphrase_file, "--new-passphrase-file")
    change_passphrase(_open(args), args.data_dir, officer, current, new)  # audited in the data's log
    from workstation.backup import passphrase_change_note

    note = passphrase_change_note(args.data_dir)
    # the workstation's passphrase no officer took over yet is said as `security status` says it, not by its key
    shown = keyring.shown_name(officer)
    text = _("The workstation's passphrase was changed.") if officer == keyring.STATION_ENTRY else \
        _("The passphrase of {name} was changed.").format(name=shown)
    _emit(args, {"officer": shown, "backups_note": note}, join_sentences([text, note]))
    return 0


def cmd_backup_create(args) -> int:
    from workstation.backup import (
        BackupRefused,
        check_keep,
        create_backup,
        damaged_note,
        incomplete_note,
        removed_note,
    )
    from workstation.backup_format import BackupNotRecorded
    from workstation.errors import ValidationError

    keep = None
    if args.keep is not None:  # refused naming the option, before the database is opened
        try:
            keep = check_keep(args.keep)
        except BackupRefused as exc:
            raise ValidationError({"--keep": exc.message}) from None
    db = _open(args)
    with _noted_work(_("Backing up")), _reported_work(_("Writing a backup…"), _("Backup finished.")) as progress:
        try:
            result = create_backup(db, args.data_dir, args.folder, keep=keep, progress=progress)
        except BackupNotRecorded as exc:  # written in full, only backup.json could not list it (a read-only disk):
            result = exc.result  # the backup is made, so exit 0 (CLI.md), what is not recorded said as a note
    text = written_text(result["path"], _("It is {size} bytes.").format(size=result["size"]))
    if result["removed"]:  # (another data folder's backups kept there: said by `backup list`, not at each backup)
        text += "\n" + removed_note(result)
    if result["damaged"]:  # found by the rotation, which kept an older whole backup in their place
        text += "\n" + damaged_note(result)
    if result["missing_files"]:  # stored files gone from the data folder: no older backup was removed
        text += "\n" + incomplete_note(result)
    _emit(args, result, text)
    if result.get("recorded") is False:  # stderr, also with --json: the backup list did not take it, and why
        sys.stderr.write(_("Note: {message}").format(message=result["not_recorded"]) + "\n")
    if result.get("encrypted") is False:  # as ``bundle export`` says of its file (stderr, also with --json)
        sys.stderr.write(_("Note: {message}").format(message=_(
            "This backup is not encrypted: anyone who has the file can read the whole database, the parties' phone "
            "and ID numbers, the complaints and the stored documents and evidence. Encrypt the data "
            "(`security encrypt`) to encrypt its backups.")) + "\n")
    return 0


def cmd_backup_compact(args) -> int:
    """Rewrite the database without its free pages (``compaction``), with progress on stderr; refused, nothing
    changed, when the data disk lacks the room."""
    from workstation.compaction import compact_database, few_free_pages_text, page_figures, worth_compacting

    db = _open(args)
    if not worth_compacting(db):
        figures = page_figures(db)
        result = {"before": figures["file_bytes"], "after": figures["file_bytes"], "freed": 0}
        _emit(args, result, few_free_pages_text(figures))
        return 0
    with _noted_work(_("Compacting the database")), \
            _reported_work(_("Compacting the database…"), _("Compaction finished.")) as progress:
        result = compact_database(db, args.data_dir, progress=progress)
    _emit(args, result, _("Database compacted: {before} bytes before, {after} bytes now.").format(**result))
    return 0


def cmd_backup_list(args) -> int:
    from workstation.backup import list_backups, other_folders_note, settings_path
    from workstation.db.connection import refuse_lost
    from workstation.paths import backups_dir

    # a folder that is no data directory (a mistyped --data-dir) is refused as by every other command; one that lost
    # its database still lists its backups, and --folder lists a drive's backups for a new laptop
    _require_folder(args.data_dir)
    if not args.folder and not any(p.exists() for p in (database_path(args.data_dir), backups_dir(args.data_dir),
                                                         settings_path(args.data_dir))):
        refuse_lost(database_path(args.data_dir))  # a keyring kept here (a restore cut off, say) is no "no data"
        raise _no_data(args.data_dir)
    rows = list_backups(args.data_dir, args.folder)
    # a backup the rotation found damaged is marked as the window's list marks it (--json: "damaged")
    lines = [f"{r['id']}\t{r['created'][:19].replace('T', ' ')}\t{r['size']}\t{r['station'][:8]}\t"
             + (_("encrypted") if r["encrypted"] else "") + ("" if r["valid"] else "\t" + r["problem"])
             + ("\t" + _("damaged") if r.get("damaged") else "")
             + ("\t" + _("pre-update copy") if r.get("kind") == "migration" else "") for r in rows]
    # another data folder's backups (of this station) there: named once, with how they go, under the list
    _emit(args, rows, "\n".join(filter(None, ["\n".join(lines) or _("No backups."), other_folders_note(rows)])))
    return 0


def _unlock(args) -> None:
    """Unlock an encrypted data directory without opening its database (which may be the damaged one); what the
    command writes is recorded under the officer whose passphrase opened it, as by every command (``_open``)."""
    from workstation.security.access import act_as_opener_unopened, passphrase_from, prepare

    if prepare(args.data_dir, passphrase_from(getattr(args, "passphrase_file", None))) == "encrypted":
        act_as_opener_unopened(args.data_dir)


def _backup_argument(value: str) -> str:
    """A backup given as a path is refused as every input file is (missing, or a folder); an id is looked up."""
    import os

    if "/" in value or os.sep in value or Path(value).expanduser().is_dir():
        _input_file(str(Path(value).expanduser()))
    return value


def cmd_backup_verify(args) -> int:
    from workstation.backup import find_backup, verify_backup

    _backup_argument(args.backup)
    _unlock(args)
    result = verify_backup(args.data_dir, find_backup(args.data_dir, args.backup, args.folder),
                           progress=_stderr_progress())
    if not result.get("database_checked", True):  # the hashes good, the database unchecked: exit 0, warned
        _warn(_("the database in {id} could not be checked ({reason}): the data directory could not take a copy of "
                "it. Its hashes are good; a restore checks the database before replacing anything. To check it now, "
                "free some space on the data disk (or make it writable) and verify again.").format(
            id=result["id"], reason=result.get("database_unchecked", "")))
        _emit(args, result, _("{id}: hashes good, made {created}; its database not checked.").format(
            id=result["id"], created=result["created"][:19].replace("T", " ")))
        return 0
    _emit(args, result, _("{id}: valid, made {created}.").format(id=result["id"],
                                                                 created=result["created"][:19].replace("T", " ")))
    return 0


def _restore_lines(backup: str) -> tuple[str, str]:
    """The start and end lines of a restore said to a file or a pipe (``_reported_work``)."""
    return (_("Restoring the backup {id}…").format(id=backup),
            _("Backup {id}: restore finished.").format(id=backup))


def _claim_note(args) -> str:
    """What the claim on a new data directory says (``cli_new_data.before_command``): for a restore, the command that
    finishes it when it is cut off, its backup as a whole path; "" for the other commands."""
    if getattr(args, "handler", None) is not cmd_backup_restore or args.keyring_only:
        return ""
    backup = Path(args.backup).expanduser()
    try:
        whole = backup.resolve() if backup.is_file() else args.backup
    except OSError:  # a name too long to look up: refused by the command itself (``_long_name_refusal``)
        whole = args.backup
    note = f"backup restore {whole}"
    return note + (f" --folder {Path(args.folder).expanduser().resolve()}" if args.folder else "")


def cmd_backup_restore(args) -> int:
    from workstation.backup import restore_backup
    from workstation.backup_restore import is_new_data_dir, restore_advice, restore_into_new
    from workstation.security.access import passphrase_from

    _backup_argument(args.backup)
    _require_folder(args.data_dir)
    if args.keyring_only:
        return _restore_keyring_only(args)
    _refuse_damaged_keyring(args)
    new = is_new_data_dir(args.data_dir)
    if new:  # a copy an update made holds the database alone: restored only where it was made
        from workstation.backup import refuse_copy_into_new

        # one in this data directory's own backups/ was made here (unencrypted data without a keyring, its database
        # lost): restored as into this data directory
        new = not refuse_copy_into_new(args.data_dir, args.backup, args.folder)
    if args.plaintext:
        _plaintext_restore(args, new)
    if new:  # a new laptop: the backup brings the keyring and the station's keys
        if args.folder and not Path(args.backup).expanduser().is_file():  # an id of `backup list --folder`
            from workstation.backup import find_backup

            args.backup = str(find_backup(args.data_dir, args.backup, args.folder))
        with _reported_work(*_restore_lines(args.backup)) as progress:
            result = restore_into_new(args.data_dir, args.backup,
                                      passphrase_from(getattr(args, "passphrase_file", None)),
                                      plaintext=args.plaintext, progress=progress)
        result["advice"] = restore_advice(result, args.data_dir)
        if result.get("backup"):  # encrypted here: the unencrypted backups not taken for this data's are named
            from workstation.backup import plaintext_left_note

            result["advice"] = "\n".join(filter(None, [result["advice"], plaintext_left_note(
                args.data_dir, exclude=[item["path"] for item in result.get("backups_left", [])])]))
        _emit(args, result, _("{id} restored into the new data directory {path}.").format(
            id=result["restored"], path=args.data_dir) + "\n" + result["advice"])
        return 0
    _unlock(args)
    from workstation.repair import mark_open, swept

    # marked open while it swaps the data in: what needs the data not to change meanwhile (the removal of the stored
    # files no record names, another restore) sees it and is refused
    mark_open(args.data_dir)
    for note in swept():  # what the opening found of work cut off (a restore killed before it replaced the data)
        sys.stderr.write(_("Note: {message}").format(message=note) + "\n")
    args.marked_open = True
    # noted while it runs: a restore killed before it replaced the data is said at the next start (``repair``)
    with _noted_work(_("Restoring the backup {backup}").format(backup=Path(args.backup).name)), \
            _reported_work(*_restore_lines(args.backup)) as progress:
        result = restore_backup(args.data_dir, args.backup, folder=args.folder, progress=progress)
    # when the backup was made is said, so the officer sees how much work the restore took back, and what to do
    # before taking a number again
    result["advice"] = restore_advice(result, args.data_dir)
    texts = (_("{id} (the backup made {created}) restored; the data it replaced is kept in {kept}."),
             _("{id} (the backup made {created}) restored; there was no data here to replace."))
    if result.get("kind") == "migration":  # a copy an update made: the database alone
        texts = (_("{id} (the copy of the database made before the update of {created}) restored; the stored files "
                   "stay as they were; the data it replaced is kept in {kept}."),
                 _("{id} (the copy of the database made before the update of {created}) restored; the stored files "
                   "stay as they were; there was no data here to replace."))
    _emit(args, result, _said_of_swap(result, *texts, id=result["restored"],
                                      created=short_time(result["created"])) + "\n" + result["advice"])
    return 0


def _refuse_damaged_keyring(args) -> None:
    """A whole restore into encrypted data whose keyring.json is damaged: refused as into one that lost it, naming
    the damaged file and the way back that keeps the work done since this backup (``--keyring-only``)."""
    from workstation.backup import (
        BackupRefused,
        find_backup,
        keyring_missing,
        keyring_missing_message,
        read_header,
    )
    from workstation.security import keyring

    if keyring.damaged(args.data_dir) and keyring_missing(args.data_dir):
        path = find_backup(args.data_dir, args.backup, args.folder)
        raise BackupRefused(keyring_missing_message(args.data_dir, read_header(path), path))


def _restore_keyring_only(args) -> int:
    """``backup restore ID --keyring-only``: the keyring of the backup back into data that lost its keyring.json."""
    from workstation.backup_restore import keyring_put_back_advice, put_back_keyring
    from workstation.security.access import passphrase_from

    if args.plaintext:
        raise WorkstationError(_("--keyring-only puts back the keyring of an encrypted backup, --plaintext keeps an "
                                 "unencrypted one unencrypted: drop one of the two; nothing was changed."))
    result = put_back_keyring(args.data_dir, args.backup, passphrase_from(getattr(args, "passphrase_file", None)),
                              folder=args.folder)
    result["advice"] = keyring_put_back_advice(result)
    _emit(args, result, _("The keyring of {id} (the backup made {created}) is back in {path}: the data opens again, "
                          "with the work done since the backup.").format(
        id=result["keyring_put_back"], created=short_time(result["created"]), path=args.data_dir)
        + "\n" + result["advice"])
    return 0


def _plaintext_restore(args, new: bool) -> None:
    """Refuse ``backup restore --plaintext`` where the restored data would be encrypted all the same, before
    anything is written: existing encrypted data (a restore keeps it encrypted), or a passphrase given to encrypt
    an unencrypted backup restored into a new data directory (refused as ``init --plaintext`` with one is). An
    encrypted backup with ``--plaintext`` is refused by ``restore_into_new`` itself."""
    from workstation.backup_restore import backup_is_encrypted
    from workstation.security import keyring

    if not new and keyring.state(args.data_dir) == "encrypted":
        raise WorkstationError(_("--plaintext keeps an unencrypted backup unencrypted in a new data directory, but "
                                 "the data in {path} is encrypted and stays so when a backup is restored into it: "
                                 "drop --plaintext; nothing was restored.").format(path=args.data_dir))
    if new and Path(args.backup).expanduser().is_file() and backup_is_encrypted(Path(args.backup).expanduser()):
        return  # said by restore_into_new: the backup's data is encrypted, whatever the passphrase
    _plaintext_or_passphrase(args)


def _said_of_swap(result: dict, kept_text: str, nothing_kept_text: str, **names) -> str:
    """What a restore or a put-back says: ``kept_text`` with the folder keeping the data it replaced as ``{kept}``,
    or ``nothing_kept_text`` when there was none; both formatted with ``names``."""
    if result["kept"]:
        return kept_text.format(kept=result["kept"], **names)
    return nothing_kept_text.format(**names)


def cmd_backup_replaced(args) -> int:
    from workstation.backup_replaced import list_replaced

    _unlock(args)  # the cases of encrypted kept data are counted with the data's key
    rows = list_replaced(args.data_dir)
    lines = [f"{r['name']}\t{short_time(r['replaced_at'])}\t{r['by'] or '?'}\t{r['size']}\t"
             + ("" if r["cases"] is None else _("{n} cases").format(n=r["cases"]))
             + (f"\t{r['problem']}" if r["problem"] else "") for r in rows]
    note = _("They are kept until removed: `backup remove-replaced NAME` removes one no longer needed (it may hold "
             "work no backup holds).")
    _emit(args, rows, "\n".join([*lines, note]) if rows else _("No data kept aside by restores."))
    return 0


def cmd_backup_remove_replaced(args) -> int:
    from workstation.backup_replaced import remove_replaced, removed_text

    _unlock(args)  # as a put-back: an officer of this data removes what it kept
    result = remove_replaced(args.data_dir, args.name)
    _emit(args, result, removed_text(result))
    return 0


def cmd_backup_put_back(args) -> int:
    from workstation.backup_replaced import put_back, put_back_advice

    _unlock(args)
    result = put_back(args.data_dir, args.name, progress=_stderr_progress())
    # what the data put back lacks (the work since it was replaced), and that the numbers taken meanwhile stay taken
    result["advice"] = put_back_advice(result)
    said = _said_of_swap(
        result, _("{name} (the data replaced {when}) put back; the data it replaced is kept in {kept}."),
        _("{name} (the data replaced {when}) put back; there was no data here to keep."),
        name=result["put_back"], when=short_time(result["replaced_at"]))
    _emit(args, result, "\n".join(filter(None, [said, result["advice"]])))
    return 0


def cmd_backup_check(args) -> int:
    from workstation.i18n import ngettext
    from workstation.repair import damage, full_check, quick_check, rebuild_search_indexes

    db = _open(args, upgrade=False)  # a database a crash damaged is checked, not migrated first
    rebuilt = None
    if args.rebuild_index:  # refused (nothing written) when the quick check finds the database damaged
        with _noted_work(_("Rebuilding the search indexes")):
            rebuilt = rebuild_search_indexes(db, args.data_dir)
    removed = None
    if args.remove_unnamed:  # refused (nothing removed) while another program has the data open, or it is damaged
        from workstation.repair import remove_unnamed_files

        removed = remove_unnamed_files(db, args.data_dir)
    missing = []
    if args.full:
        found = full_check(db, args.data_dir, progress=_stderr_progress())
    else:  # the stored files the records name looked for too (not read: the full check reads them)
        from workstation.backup import missing_files_problems

        found = quick_check(db)
        missing = missing_files_problems(db, args.data_dir)
        found += missing
    from workstation.backup import plaintext_files_findings

    found += plaintext_files_findings(args.data_dir)  # unencrypted stored files an encryption left: a note
    # the stored files no record names only take space: a note with the command removing them, not damage
    problems = damage(found)
    notes = [finding for finding in found if finding not in problems]
    result = {"ok": not problems, "problems": problems, "full": args.full}
    if notes:
        result["notes"] = notes
    text = "\n".join(problems or [_("No problems found.")])
    from workstation.repair import IndexMismatch

    if any(not isinstance(problem, IndexMismatch) and problem not in missing for problem in problems):
        from workstation.backup import damaged_database_way

        # damage only a backup repairs: which one, and how (a search index is rebuilt, a missing file put back)
        result["advice"] = damaged_database_way(args.data_dir, checked=True)
        text += "\n" + result["advice"]
    text += "".join("\n" + _("Note: {message}").format(message=note) for note in notes)
    if removed is not None:
        result["unnamed_removed"] = removed
        said = ngettext("Stored files no record names removed: {n} ({bytes} bytes).",
                        "Stored files no record names removed: {n} ({bytes} bytes).", removed["removed"]).format(
            n=removed["removed"], bytes=removed["freed"])
        if removed["left"]:
            from workstation.repair import unnamed_left_text

            said = join_sentences([said, unnamed_left_text(removed["left"])])
        text = said + "\n" + text
    if rebuilt is not None:
        result["rebuilt"] = rebuilt
        text = _("Search indexes rebuilt from the records: {indexes}.").format(
            indexes=", ".join(rebuilt) or _("none")) + "\n" + text
    _emit(args, result, text)
    _settle_markers(args.data_dir, problems)
    if not problems:
        return 0
    # as `audit verify`: the text lists every problem on stdout and the error line counts them; with --json the
    # error line is the first problem itself
    n = len(problems)
    reason = problems[0] if args.json else ngettext(
        "The check found {n} problem, listed above.", "The check found {n} problems, listed above.", n).format(n=n)
    sys.stderr.write(_("Error: {message}").format(message=reason) + "\n")
    return 1


def _cut_off_text(cut_off: list[str]) -> str:
    return _("Cut off when the workstation last stopped without closing: {work}. What it had not completed was not "
             "saved: check the result and do the work again where needed.").format(work=_("; ").join(cut_off))


def _say_cut_off(data_dir: Path) -> None:
    """The work a crash cut off, said on stderr by the first command that opens the database after it (once: its
    markers are marked as told, not cleared — `backup check` and the window's start check the database, say it
    too and clear them)."""
    from workstation.repair import untold_interrupted_work

    cut_off = untold_interrupted_work(data_dir)
    if cut_off:
        sys.stderr.write(_cut_off_text(cut_off) + "\n")


def _settle_markers(data_dir: Path, problems: list[str]) -> None:
    """After `backup check`, what the window's start does after its check: the open markers of processes that were
    killed are cleared (the work they were doing named on stderr first, as the window says it), and problems found
    are remembered as not repaired (so imports and the next start still check), or forgotten when none was found."""
    from workstation.repair import (
        clear_stopped,
        clear_unclean,
        interrupted_work,
        keep_unrepaired,
        stopped_without_closing,
    )

    if stopped_without_closing(data_dir) and (cut_off := interrupted_work(data_dir)):
        sys.stderr.write(_cut_off_text(cut_off) + "\n")
    try:
        if not problems:
            clear_unclean(data_dir)
        elif keep_unrepaired(data_dir, problems):  # else the markers stay: the check is not forgotten
            clear_stopped(data_dir)
    except OSError as exc:  # a read-only data directory: the markers stay, the next start checks again
        LOG.warning("open markers not cleared: %s", exc.strerror)


def cmd_audit_verify(args) -> int:
    from workstation import audit
    from workstation.audit import audit_repair_text
    from workstation.i18n import ngettext

    db = _open(args)
    result = audit.verify(db)
    text = audit.intact_text(result["entries"], db) if result["valid"] else \
        "\n".join([*result["problems"], audit_repair_text()])
    _emit(args, result, text)
    if result["valid"]:
        return 0
    # the text lists every problem on stdout, the error line only counts them; --json's stdout is for programs,
    # so there the error line is the first problem itself
    n = len(result["problems"])
    reason = result["problems"][0] if args.json else ngettext(
        "The audit log is not intact: {n} problem, listed above.",
        "The audit log is not intact: {n} problems, listed above.", n).format(n=n)
    sys.stderr.write(_("Error: {message}").format(message=reason) + "\n")
    return 1


def cmd_audit_exports(args) -> int:
    """The bundles exported here, newest first (``exports_sent``): destination, file, time, officer and the cases
    carried; the exports written before m034, which do not record their cases, are counted once."""
    from workstation.exports_sent import (
        before_m034_note,
        case_exports,
        exported_text,
        exports_before_m034,
        sent_exports,
    )
    from workstation.store import find_case

    db = _open(args)
    if args.case:
        case = find_case(db, args.case)
        rows = case_exports(db, case.id)[::-1]
        for row in rows:
            row["case_ids"], row["case_numbers"] = [case.id], [case.case_number or None]
            row["case_names"] = [case_named(case.case_number, case.party_names, case.cause)]
        older = exports_before_m034(sent_exports(db, limit=-1))
    else:
        rows = sent_exports(db, limit=-1)
        older = exports_before_m034(rows)
    result = {"exports": [{"id": r["id"], "created_at": r["created_at"], "officer": r["created_by_officer"],
                           "destination": r["destination"], "destination_name": r["destination_name"],
                           "file": r["path"], "scope": r["scope"], "cases": r["cases"], "case_ids": r["case_ids"],
                           "case_numbers": r["case_numbers"]} for r in rows],
              "without_cases": older}
    lines = []
    for row in rows:
        lines.append(exported_text(row))
        if row["case_names"]:
            lines.append("  " + join_names(row["case_names"]))
    if not rows:
        lines.append(_("No bundle exported here carried this case.") if args.case else _("No bundle was exported here."))
    if older:
        lines.append(before_m034_note(older))
    _emit(args, result, "\n".join(lines))
    return 0


def cmd_audit_list(args) -> int:
    """The entries of the audit log, newest first, filtered by ``--entity``, ``--action`` and ``--since``: when,
    the officer who acted (as the register names them; never the computer's account), the action and the record
    (kind and id). Only what the log holds: no digest is resolved into the record's content."""
    from workstation.audit import action_label, entity_label, keys_named, keys_offered, no_officer_text
    from workstation.errors import ValidationError
    from workstation.security.events import shown_subject
    from workstation.validators import parse_date

    _limit_checked(args.limit, _("Give a number of entries, zero or more (0: all)."))
    _not_empty("--since", args.since, _("The date is empty: give it as YYYY-MM-DD, e.g. {option} 2026-03-01, or "
                                        "leave the option out (no limit on that side).").format(option="--since"))
    try:
        since = parse_date(args.since)
    except ValueError as exc:
        raise ValidationError({"--since": str(exc)}) from None
    db = _open(args)
    where, params = [], []
    for column, value in (("entity", args.entity), ("action", args.action)):
        if value and value.strip():  # a key, or the label `audit list` shows for one or more (案件, 修改)
            keys = keys_named(db, column, value)
            if keys is None:
                raise ValidationError({f"--{column}": (_(
                    "“{value}” is no kind of record of the audit log: give one of {keys}.") if column == "entity"
                    else _("“{value}” is no action of the audit log: give one of {keys}.")).format(
                    value=value.strip(), keys=keys_offered(column))})
            where.append(f"a.{column} IN ({', '.join('?' * len(keys))})")
            params.extend(keys)
    if since:
        where.append("substr(a.at, 1, 10) >= ?")
        params.append(since)
    condition = (" WHERE " + " AND ".join(where)) if where else ""
    total = db.execute(f"SELECT COUNT(*) FROM audit a{condition}", params).fetchone()[0]
    from workstation.store.agencies import recorded_officer_sql

    # who acted as recorded, when an officer's name then (theirs now, or before a rename: m057), never an OS account
    rows = db.execute(
        f"SELECT a.seq, a.at, {recorded_officer_sql('a.actor', 'a.at')}, a.action, "
        f"a.entity, a.entity_id FROM audit a{condition} ORDER BY a.seq DESC LIMIT ?",
        [*params, args.limit or -1]).fetchall()
    # the record as it is kept ("entity_id") and as it is shown ("entity_id_shown": the workstation's passphrase by
    # its name, not its key)
    entries = [{"seq": seq, "at": at, "officer": officer or None, "action": action, "entity": entity,
                "entity_id": entity_id, "entity_id_shown": shown_subject(entity, entity_id)}
               for seq, at, officer, action, entity, entity_id in rows]
    lines = [f"{e['at'][:19].replace('T', ' ')}  {e['officer'] or no_officer_text()}  "
             f"{action_label(e['action'])}  {entity_label(e['entity'])}  {e['entity_id_shown']}" for e in entries]
    if not entries:
        lines.append(_("No audit entry matches.") if condition else _("The audit log is empty."))
    elif len(entries) < total:
        lines.append(_("The newest {shown} of {total} entries; --limit 0 lists them all.").format(
            shown=len(entries), total=total))
    _emit(args, {"entries": entries, "total": total}, "\n".join(lines))
    return 0


# the furthest ``calendar add-workdays`` counts: ten years of working days (about 14 years), far beyond any
# statutory time limit, yet short enough that a typo (99999) is refused rather than answered with a date centuries on
MAX_WORKDAYS = 3650


def cmd_calendar_add_workdays(args) -> int:
    """The N-th working day after DATE (before it for a negative N; the start day never counts, REFERENCE §1.2
    rule 1). N = 0 is the day itself when it is a working day, else the next working day (§1.2 rule 3: a time
    limit that ends on a rest day ends on the next working day), which is then said. Text: the date alone on
    stdout, every remark on stderr; --json adds the years without holiday data and the files to add for them."""
    import datetime as dt

    from workstation.errors import ValidationError
    from workstation.validators import parse_date
    from workstation.vocabulary import shown_label
    from workstation.workdays import default_calendar, example_file, fixed_holidays_text, year_file

    try:
        text = parse_date(args.date)
    except ValueError as exc:
        raise ValidationError({"DATE": str(exc)}) from None
    if text is None:
        raise ValidationError({"DATE": _("{text} is not a date; write it as 2026-03-01.").format(text=args.date)})
    try:
        n = int(args.n)
    except ValueError:
        raise _usage_error("N", _("{value} is not a whole number of working days.").format(value=args.n)) from None
    if abs(n) > MAX_WORKDAYS:
        raise ValidationError({"N": _("{n} working days is more than this command counts: give at most {limit} "
                                      "(or -{limit}).").format(n=n, limit=MAX_WORKDAYS)})
    calendar = default_calendar(args.data_dir)
    for problem in calendar.problems:
        _warn(problem)
    start = dt.date.fromisoformat(text)
    try:
        day = calendar.add_workdays(start, n) if n else calendar.roll_forward(start)
    except (ValueError, OverflowError):
        raise ValidationError({"N": _("{n} working days from {date} fall outside the calendar.").format(
            n=n, date=start)}) from None
    missing = calendar.unconfirmed_years(start, day)
    files = [str(year_file(args.data_dir, year)) for year in missing]
    if not args.json:
        if n == 0 and day != start:  # N = 0 on a rest day
            holiday = calendar.holiday_name(start)
            holiday = shown_label("holidays", holiday) if holiday else None
            rest = _("{date} is a rest day ({holiday}); the next working day is {next}.").format(
                date=start, holiday=holiday, next=day) if holiday else \
                _("{date} is a rest day; the next working day is {next}.").format(date=start, next=day)
            sys.stderr.write(_("Note: {message}").format(message=rest) + "\n")
        if missing:
            # the file added through the import, checked and audited, not copied into the folder by hand
            sys.stderr.write(_(
                "Unconfirmed: there is no holiday data for {years}, so Monday to Friday were counted as working "
                "days except the statutory holidays, {fixed}. Once the State Council publishes that "
                "year's holidays, add them with `calendar import FILE` (on the deadline board: {button}), FILE "
                "written like {example}: it is checked and copied to {files}.").format(
                years=join_names(missing), fixed=fixed_holidays_text(missing, calendar.festivals),
                button=_("Import holiday file…"),
                example=example_file(), files=join_names(files)) + "\n")
    result = {"date": day.isoformat(), "confirmed": not missing}
    if n == 0:
        result["workday"] = day == start
    if missing:
        result.update(unconfirmed_years=missing, calendar_files=files, example_file=str(example_file()))
    _emit(args, result, day.isoformat())
    return 0


def cmd_calendar_import(args) -> int:
    """Check a yearly holiday file and copy it into the calendar folder as <year>.toml (``calendar_change``: the
    deadlines counted before and after, the import audited); a bad file is refused naming its file, line and fix,
    and a year that has a file already only with --replace, nothing changed. A file giving the days of the file in
    use (``workdays.days_in_use``) is said to be in use already: nothing changed, nothing audited, exit 0."""
    from workstation.workdays import (
        calendar_year,
        change_lines,
        checked_year_file,
        day_changes,
        days_in_use,
        in_use_text,
        origin_text,
        program_year,
        with_year,
        year_file,
        year_lines,
        year_listing,
    )

    source = Path(_input_file(args.file))
    db = _open(args)
    data_dir = Path(args.data_dir)
    data = checked_year_file(source, importing=True)
    target = year_file(data_dir, data.year)
    # what the calendar folder's reader took (a 2027.toml it refused gives nothing; a copy "2027 - 副本.toml" may)
    calendar, given = calendar_year(data_dir, data.year)
    if (in_use := days_in_use(given, data)) is not None:
        # imported again: nothing changed nor audited; the documents still off the count are said as an import says
        # them, and what to check in the file (a holiday name outside the notice's …) as an import warns of it
        for warning in data.warnings:
            _warn(warning)
        from workstation.calendar_change import CalendarChange

        unchanged = CalendarChange(data.year, Path(in_use.origin), data)  # no day changed, no deadline moved
        unchanged.note_documents(db)
        # not ``lines()``: no "no day changes" line under what says nothing was changed
        _emit(args, {**unchanged.as_dict(), "already_in_use": True, "source": data.source,
                     **year_listing(data.holidays, data.workdays), "warnings": list(data.warnings)},
              "\n".join([in_use_text(in_use, source), *unchanged.interview_lines, *unchanged.notice_lines]))
        return 0
    replaced = given is not None
    ignored = not replaced and target.exists()  # a <year>.toml the calendar refused: overwritten, of no use
    known = program_year(calendar, data.year, data_dir)  # the package built in, a shipped file
    changes = day_changes(calendar, with_year(calendar, data), data.year)
    if replaced and not args.replace:
        raise WorkstationError("\n".join([_(
            "{file} already gives the holidays of {year}: to replace it with {source}, run the command again with "
            "--replace (`calendar list {year}` shows the holidays it gives).").format(
            file=given.origin, year=data.year, source=source), *change_lines(changes)]))
    if known is not None and not args.replace:
        raise WorkstationError("\n".join([_(
            "The holidays of {year} are already given by {where}: to replace them with {source}, run the command "
            "again with --replace (`calendar list {year}` shows the holidays known).").format(
            year=data.year, where=origin_text(known, data_dir), source=source), *change_lines(changes)]))
    from workstation.calendar_change import MOVED_SHOWN, change_calendar

    # counted before, imported (audited), counted again: the days changed, the deadlines moved (the first
    # MOVED_SHOWN said, the JSON gives all), the interviews' and the leads' documents now off the count
    done = change_calendar(db, data_dir, source=source, replace=args.replace, limit=None if args.json else MOVED_SHOWN)
    data = done.data
    for warning in data.warnings:  # a make-up working day on a weekday: imported, to be checked
        _warn(warning)
    if done.recount_problem:
        _warn(done.recount_problem)
    if replaced and Path(given.origin) != target and done.copy_left:  # a copy named otherwise that stayed
        text = _("The holidays of {year} replaced {file}, but that file could not be removed from the calendar "
                 "folder: remove it by hand, else the calendar ignores both files of {year}. The holidays are now "
                 "in {target}.").format(year=data.year, file=given.origin, target=target)
    elif replaced and Path(given.origin) != target:  # a copy named otherwise: taken out, <year>.toml in its place
        text = _("The holidays of {year} replaced {file}, which was removed from the calendar folder; they are now "
                 "in {target}.").format(year=data.year, file=given.origin, target=target)
    elif replaced:
        text = _("The holidays of {year} replaced {file}.").format(year=data.year, file=target)
    elif ignored:
        text = _("The holidays of {year} were added to {file}, in place of the file of that name that the calendar "
                 "refused (ignored).").format(year=data.year, file=target)
    elif known is not None:
        text = _("The holidays of {year} were added to {file}, in place of those of {where}.").format(
            year=data.year, file=target, where=origin_text(known, data_dir))
    else:
        text = _("The holidays of {year} were added to {file}.").format(year=data.year, file=target)
    # what was taken, for the officer to check against the State Council's notice by eye, then what it changed
    _emit(args, {**done.as_dict(), "source": data.source, "replaced": replaced,
                 "replaced_file": given.origin if replaced else None, "replaced_file_left": done.copy_left,
                 "replaced_source": known.source if known is not None else None,
                 **year_listing(data.holidays, data.workdays), "warnings": list(data.warnings)},
          "\n".join([text, *year_lines(data.holidays, data.workdays), *done.lines()]))
    return 0


def cmd_calendar_list(args) -> int:
    """The years some source gives the holidays of, each with where they come from (``workdays.year_origin``: the
    chinesecalendar package built into the program, a file shipped with it, the data folder's own file, or
    headquarters' taken from its hand-out); with YEAR, that year's holidays and make-up working days (for a year no
    source gives, the statutory holidays that are counted: ``workdays.fixed_holidays``). The calendar's problems
    (files refused) are warned of on stderr."""
    from workstation.bundle.calendar_part import from_headquarters
    from workstation.errors import ValidationError
    from workstation.workdays import (
        YEAR_LIMITS,
        default_calendar,
        fixed_holidays,
        year_lines,
        year_listing,
        year_origin,
    )

    year = None
    if args.year is not None:
        text = str(args.year).strip()
        if not (text.isdigit() and YEAR_LIMITS[0] <= int(text) <= YEAR_LIMITS[1]):
            raise ValidationError({"YEAR": _("{value} is not a year; write it as 2027.").format(value=args.year)})
        year = int(text)
    from workstation.workdays import FIXED_HOLIDAYS_SINCE, example_file, write_year_template

    if getattr(args, "template", None):  # a file of YEAR to fill in, written in UTF-8 by the program itself: a
        # console's redirection (GBK, PowerShell 5's UTF-16) would make one the calendar refuses
        if year is None or year < FIXED_HOLIDAYS_SINCE:
            raise ValidationError({"YEAR": _("--template needs a year from {first} on, e.g. calendar list 2027 "
                                             "--template 2027.toml.").format(first=FIXED_HOLIDAYS_SINCE)})
        written = write_year_template(Path(args.template), year, data_dir=Path(args.data_dir))
        _emit(args, {"year": year, "file": str(written), "example_file": str(example_file())},
              written_text(written, _(
                  "Fill it in from the State Council's notice on the holidays of {year} (its comments say how; "
                  "{example} is an example filled in), then add it with `calendar import {file}`.").format(
                  file=written, year=year, example=example_file())))
        return 0
    db = _open(args)
    data_dir = Path(args.data_dir)
    calendar = default_calendar(data_dir)
    for problem in calendar.problems:
        _warn(problem)
    # how to write the next year's file: the example shipped with the program by its full path, and the template
    how = _("To add a year's holidays, write its file like {example} (shipped with the program; `calendar list YEAR "
            "--template FILE` writes one to fill in) and add it with `calendar import FILE`.").format(
        example=example_file())

    def entry(data) -> dict:
        origin = year_origin(data, data_dir)
        if origin == "data_folder" and from_headquarters(db, data_dir, data):
            origin = "headquarters"
        file = None if origin == "chinesecalendar" else data.origin
        return {"year": data.year, "origin": origin, "source": data.source, "file": file}

    def said(item: dict) -> str:
        wording = {"chinesecalendar": _("{source}, built into the program"),
                   "shipped": _("shipped with the program: {file}"),
                   "data_folder": _("this data folder's own file: {file}"),
                   "headquarters": _("headquarters' file, taken from its hand-out: {file}")}[item["origin"]]
        where = wording.format(source=item["source"], file=item["file"])
        if item["file"] is not None and item["source"] != item["file"]:  # the notice the file names
            where = _("{where} ({source})").format(where=where, source=item["source"])
        return where

    if year is None:
        years = [entry(calendar.years[y]) for y in sorted(calendar.years)]
        lines = [_("Year  Holidays from")] + [f"{item['year']}  {said(item)}" for item in years]
        lines.append(_("Any other year has no holiday data: Monday to Friday are counted as working days, less the "
                       "statutory holidays from 2025 on — those on lunar dates only in the years the program's "
                       "festival data gives their days for —, and its deadlines are marked unconfirmed."))
        lines.append(how)
        _emit(args, {"years": years, "problems": list(calendar.problems), "example_file": str(example_file())},
              "\n".join(lines))
        return 0
    data = calendar.years.get(year)
    if data is not None:
        item = entry(data)
        holidays, workdays = data.holidays, data.workdays
        head = _("{year}: {where}").format(year=year, where=said(item))
    else:
        item = {"year": year, "origin": None, "source": None, "file": None}
        holidays = {day: name for day, name in fixed_holidays(year, calendar.festivals).items()
                    if calendar.holiday_name(day)}
        workdays = frozenset()
        head = _("{year} has no holiday data: Monday to Friday are counted as working days, less the statutory "
                 "holidays listed here (those on lunar dates on the days the program's festival data gives, not "
                 "official), and its deadlines are marked unconfirmed. Add its file with "
                 "`calendar import FILE` once the State Council's notice is published.").format(year=year)
    _emit(args, {**item, "confirmed": data is not None, **year_listing(holidays, workdays),
                 "problems": list(calendar.problems), "example_file": str(example_file())},
          "\n".join([head, *year_lines(holidays, workdays), *([how] if data is None else [])]))
    return 0


def cmd_calendar_remove(args) -> int:
    """Take the file the calendar reads the year from (<year>.toml, or a copy named otherwise: ``removed_file``) out
    of the calendar folder (``remove_year_file``: audited); the year then falls back on the shipped data, else is
    counted without holiday data. The interviews' rectification deadlines are counted again; the days changed, the
    running deadlines moved and the 案件交办通知书 now asking too late are said, as `calendar import` says them."""
    from workstation.calendar_change import MOVED_SHOWN, change_calendar
    from workstation.errors import ValidationError
    from workstation.workdays import YEAR_LIMITS, default_calendar, removed_file

    text = str(args.year).strip()
    if not (text.isdigit() and YEAR_LIMITS[0] <= int(text) <= YEAR_LIMITS[1]):
        raise ValidationError({"YEAR": _("{value} is not a year; write it as 2027.").format(value=args.year)})
    year = int(text)
    db = _open(args)
    data_dir = Path(args.data_dir)
    # the file the calendar reads the year from ("2027 - 副本.toml" too; the folder read again first), refused
    # before the deadlines are counted when there is none
    done = change_calendar(db, data_dir, year=year, file=removed_file(data_dir, year),
                           limit=None if args.json else MOVED_SHOWN)
    if done.recount_problem:
        _warn(done.recount_problem)
    target = done.file
    calendar = default_calendar(data_dir)
    confirmed = calendar.confirmed(year)
    # another file of the calendar folder giving the year (a stray copy, "2027 - 副本.toml") is read now
    used = Path(calendar.years[year].origin) if confirmed else None
    other = used if used is not None and used.parent.resolve() == target.parent.resolve() else None
    if other is not None:
        message = _("{file} was removed; the holidays of {year} now come from {other}, another file of the calendar "
                    "folder: remove it too if it should not be used.")
    elif confirmed:
        message = _("{file} was removed; the holidays of {year} now come from the data supplied with the program.")
    else:
        message = _("{file} was removed; {year} is now counted without holiday data.")
    _emit(args, {**done.as_dict(), "confirmed": confirmed, "now_from": str(other) if other is not None else None},
          "\n".join([message.format(file=target, year=year, other=other), *done.lines()]))
    return 0


def _warn_law_problems(args) -> None:
    """Each bureau's copy of a legal data file that fails its checks (``law.data.problems``), as a warning on stderr:
    the shipped values were used in its place, as `law files` and the 期限 tab say too."""
    from workstation.law.data import problems

    for problem in problems(args.data_dir):
        _warn(problem)


def cmd_law_criminal(args) -> int:
    from workstation.errors import ValidationError
    from workstation.law.criminal import assess
    from workstation.validators import parse_amount_fen, parse_count

    values, errors = {}, {}
    for name, parse in (("trace", parse_count), ("sensitive", parse_count), ("other", parse_count),
                        ("gains", parse_amount_fen)):
        try:
            _not_empty(f"--{name}", getattr(args, name), _("The number is empty: give it in digits, e.g. --{name} 500, "
                                                          "or leave the option out (0).").format(name=name))
        except ValidationError as exc:
            errors.update(exc.errors)
            continue
        try:
            values[name] = parse(getattr(args, name))
        except ValueError as exc:
            errors[f"--{name}"] = str(exc)
    if errors:
        raise ValidationError(errors)
    result = assess(values["trace"], values["sensitive"], values["other"], values["gains"], args.duty, args.prior,
                    lawful_business=args.lawful_business)
    _warn_law_problems(args)  # a bureau's criminal.toml refused: the shipped thresholds were assessed
    _emit(args, result.as_dict(), "\n".join(result.steps))
    return 0


def _law_file_name(args) -> str:
    from workstation.errors import ValidationError
    from workstation.law.data import FILES

    name = str(args.name).strip().removesuffix(".toml")
    if name not in FILES:
        raise ValidationError({"NAME": _("{value} is not a legal data file; use one of {names}.").format(
            value=args.name, names=", ".join(FILES))})
    return name


def cmd_law_files(args) -> int:
    """Each legal data file: the bureau's copy (<data dir>/law/<name>.toml) or the shipped file in force, and why a
    copy there is not used. A copy edited, put there or taken away by hand since the audit log last recorded it is
    audited now, as the database is opened (``_open``: ``law.trail``) — at best: data that cannot be opened (its
    passphrase not given) is listed all the same, the audit left for the next time it is opened, and said."""
    from workstation.law.data import file_states

    try:
        _law_audit_db(args)
    except WorkstationError as exc:  # the listing only reads the files
        sys.stderr.write(_("Note: {message}").format(message=_(
            "the data was not opened, so a copy changed by hand is audited the next time the data is opened: "
            "{reason}").format(reason=exc.message)) + "\n")
    states = file_states(args.data_dir)
    lines = []
    for state in states:
        if state["in_force"]:
            lines.append(_("{name}: the bureau's copy {file}").format(name=state["name"], file=state["own_file"]))
        elif state["own_copy"]:
            lines.append(_("{name}: the shipped file {file}; the bureau's copy {own} is not used").format(
                name=state["name"], file=state["shipped"], own=state["own_file"]))
        else:
            lines.append(_("{name}: the shipped file {file}").format(name=state["name"], file=state["shipped"]))
        if state["problem"]:
            lines.append("  " + state["problem"])
    _emit(args, states, "\n".join(lines))
    return 0


def cmd_law_copy(args) -> int:
    """Copy the shipped <name>.toml into <data dir>/law/ for the bureau to edit; an existing copy only with --force."""
    import shutil

    from workstation.law.data import keep_aside, own_file
    from workstation.output import remove_quietly
    from workstation.paths import resource

    name = _law_file_name(args)
    target = own_file(name, args.data_dir)
    if target.exists() and not args.force:
        raise WorkstationError(_("{file} is there already: edit it, or add --force to replace it with the shipped "
                                 "file.").format(file=target))
    db = _law_audit_db(args)  # before anything is changed: a copy is not made unaudited
    kept = None
    partial = target.with_name(f"{target.name}.part")
    try:
        before = target.read_bytes() if target.exists() else None
        target.parent.mkdir(parents=True, exist_ok=True)
        # the shipped file copied whole beside the copy first (a full disk refuses it with the copy still in use),
        # then the copy moved aside (``keep_aside``: never lost) and the new one into its place
        shutil.copyfile(resource("law", f"{name}.toml"), partial)
        after = partial.read_bytes()
        if before is not None:
            kept = keep_aside(name, args.data_dir)
        os.replace(partial, target)
    except OSError as exc:
        remove_quietly(partial)
        said = _("{file} cannot be made: {reason}").format(file=target, reason=os_reason(exc))
        if kept is not None:  # moved aside, the new one not put in its place: put back in use
            try:
                os.replace(kept, target)
            except OSError:
                said = join_sentences([said, _("The copy it was to replace is kept as {kept}: move it back to {file} "
                                                "to use it again.").format(kept=kept, file=target)])
        raise WorkstationError(said) from None
    _audit_law_file(args, db, "copy" if before is None else "replace", name, before, after)
    said = _("Copied to {file}: edit it there; it is checked and used from the next time the program reads it.").format(
        file=target)
    if kept is not None:
        said = join_sentences([said, _("The copy it replaced is kept as {kept}.").format(kept=kept)])
    _emit(args, {"name": name, "file": str(target), "sha256": _sha256(after),
                 "kept": str(kept) if kept is not None else None}, said)
    return 0


def cmd_law_reset(args) -> int:
    """Remove the bureau's copy of <name>.toml: the shipped file is used again. The copy is moved aside
    (``keep_aside``: law/<name>.<YYYYmmddTHHMMSS>.toml), not deleted, and where it went is said."""
    from workstation.law.data import keep_aside, own_file

    name = _law_file_name(args)
    target = own_file(name, args.data_dir)
    removed = target.exists()
    content = kept = None
    if removed:
        db = _law_audit_db(args)  # before anything is changed: a copy is not removed unaudited
        try:
            content = target.read_bytes()
            kept = keep_aside(name, args.data_dir)
        except OSError as exc:
            raise WorkstationError(_("{file} cannot be removed: {reason}").format(
                file=target, reason=os_reason(exc))) from None
        _audit_law_file(args, db, "remove", name, content, None)
    message = _("{file} was removed; the shipped {name}.toml is used again. The copy removed is kept as {kept}.") \
        if removed else _("There is no copy {file}; the shipped {name}.toml is in force.")
    _emit(args, {"name": name, "file": str(target), "removed": removed,
                 "sha256": _sha256(content) if content is not None else None,
                 "kept": str(kept) if kept is not None else None},
          message.format(file=target, name=name, kept=kept))
    return 0


def _law_audit_db(args):
    """The database of ``--data-dir`` in whose audit log a change of the bureau's copy of a legal data file is
    written, opened before the change (a passphrase missing refuses it, nothing changed); None when the data
    directory holds no database yet, where there is no log to write it in (as ``audit.append_in``)."""
    from workstation.db.connection import holds_no_database

    return None if holds_no_database(database_path(args.data_dir)) else _open(args)


def _sha256(content: bytes) -> str:
    import hashlib

    return hashlib.sha256(content).hexdigest()


def _audit_law_file(args, db, action: str, name: str, before: bytes | None, after: bytes | None) -> None:
    """The audit entry of a bureau's copy of ``<name>.toml`` made (action "copy"), replaced ("replace") or removed
    ("remove") through the program: entity "law", the file's name, and the copies before and after as records of the
    file's name and the sha256 of its content, as a holiday file's import is audited (``workdays._audit_import``);
    none without a database (``db`` None)."""
    from workstation.audit import append_in

    if db is None:
        return

    def record(content: bytes | None) -> dict | None:
        return None if content is None else {"file": f"{name}.toml", "sha256": _sha256(content)}

    append_in(args.data_dir, action, "law", f"{name}.toml", record(before), record(after), db=db,
              what="legal data file change")


def _block_text(block: dict) -> str:
    from workstation.station import station_label

    # a station never named is 未命名 here as on the 交换 page, not 站点; two of one name show their fingerprints
    station = block.get("station_label") or (station_label(block["station_name"]) if block["station_name"]
                                             else block["station"])
    return _("{sequence}{first}–{last}号 for {station}: {issued} issued{note}").format(
        sequence=block["sequence"], first=block["from"], last=block["to"],
        station=_("{station} (this station)").format(station=station) if block["own"] else station,
        issued=block["issued"], note=f" ({block['note']})" if block["note"] else "")


def cmd_numbers_blocks(args) -> int:
    from workstation.documents.number_blocks import list_blocks

    db = _open(args)
    blocks = list_blocks(db)
    _emit(args, blocks, "\n".join(_block_text(b) for b in blocks) or _("No number blocks."))
    return 0


def _store_block(args, station_id: str, action: str, officer) -> int:
    from workstation.documents.number_blocks import add_block, block_year_warning, list_blocks

    db = args.db
    with officer:
        block = add_block(db, agency_code=args.agency, type_code=args.type, year=args.year, first=args.first,
                          last=args.last, station_id=station_id, note=args.note, action=action,
                          despite_withdrawal=getattr(args, "despite_withdrawal", False))
    stored = next(b for b in list_blocks(db) if b["id"] == block.id)
    warning = block_year_warning(block.year)  # last year's or next year's: said, not refused
    _emit(args, {**stored, "warnings": [warning]} if warning else stored,
          _("Number block stored: {block}").format(block=_block_text(stored)))
    if warning:
        _warn(warning)
    return 0


def cmd_numbers_allocate(args) -> int:
    """Headquarters allocates a block of a 文号 sequence to a station (audited)."""
    from workstation.station import station_named
    from workstation.station_role import installation_role
    from workstation.store import ensure_reference_data

    db = _open(args)
    officer = _acting_officer(args, db)
    ensure_reference_data(db)
    if not installation_role(db, args.data_dir).headquarters:
        raise WorkstationError(_("Only headquarters allocates number blocks: a station enters the block it was given "
                                 "with `numbers add-block`."))
    return _store_block(args, station_named(db, args.station), "allocate", officer)


def cmd_numbers_add_block(args) -> int:
    """A station enters the block headquarters gave it (audited)."""
    from workstation.documents.number_blocks import check_new_block
    from workstation.station import default_station_name, ensure_station, this_station
    from workstation.store import ensure_reference_data, get_setting

    db = _open(args)
    officer = _acting_officer(args, db)
    ensure_reference_data(db)
    # refused before the station's identity is made: a refused command changes nothing
    current = this_station(db)
    agency = (current.agency_id if current else None) or get_setting(db, "station_agency")
    check_new_block(db, agency_code=args.agency, type_code=args.type, year=args.year, first=args.first,
                    last=args.last, station_name=(current.name if current and current.name else
                                                  default_station_name(db, agency)), station_agency=agency)
    return _store_block(args, ensure_station(db, args.data_dir).id, "add_block", officer)


def cmd_numbers_withdraw(args) -> int:
    """Withdraw a block none of whose serials was issued (audited)."""
    from workstation.documents.number_blocks import withdraw_block
    from workstation.station_role import installation_role

    db = _open(args)
    with _acting_officer(args, db):
        block = withdraw_block(db, agency_code=args.agency, type_code=args.type, year=args.year, first=args.first,
                               last=args.last, headquarters=installation_role(db, args.data_dir).headquarters)
    _emit(args, block, _("Number block withdrawn: {block}").format(block=_block_text(block)))
    return 0


def cmd_numbers_hold(args) -> int:
    """Whether a restore's numbering hold stands, and why."""
    from workstation.numbering_hold import current_hold, refusal_text

    db = _open(args)
    hold = current_hold(db)
    _emit(args, {"held": hold is not None, "hold": hold},
          refusal_text(hold) if hold is not None else _("No numbering hold: case numbers and 文号 are given as usual."))
    return 0


def cmd_numbers_release_hold(args) -> int:
    """Release the numbering hold by hand, after the paper files were checked (audited with the officer)."""
    from workstation.numbering_hold import release

    db = _open(args)
    with _acting_officer(args, db):
        hold = release(db, args.checked)
    created = short_time(hold.get("backup_created"))
    _emit(args, {"released": True, "hold": hold},
          _("Numbering hold released (restored from the backup made {created}): case numbers and 文号 are given "
            "again, following the highest recorded here.").format(created=created))
    return 0


#: the parsers built, by language, catalogue and program name, with the catalogue each was built in (held, so
#: that its id is not given to another one)
_PARSERS: dict[tuple, tuple[dict, argparse.ArgumentParser]] = {}


def _parser() -> argparse.ArgumentParser:
    """The command line's parser, built once per language, catalogue and program name: its thousand options took
    60 ms to build, at every command a process runs (the first one, with the imports, 0.2–0.5 s). argparse does
    not change a parser while parsing, so one serves every command; call within ``argparse_in_user_language``."""
    from workstation import i18n
    from workstation.cli_language import program_name

    key = (i18n.language(), id(i18n._catalogue), program_name("workstation"))
    if key not in _PARSERS:
        if len(_PARSERS) >= 4:  # the oldest let go: a process changing catalogues keeps no more than four
            del _PARSERS[next(iter(_PARSERS))]
        _PARSERS[key] = (i18n._catalogue, build_parser())
    return _PARSERS[key][1]


def main(argv: list[str] | None = None, *, ends_process: bool = False) -> int:
    """Run one command; returns the exit code. Its data directory is the program's while it runs
    (``use_data_dir``): the documents it renders or measures use the fonts of ``--data-dir``, not the default's.
    ``ends_process`` (``main.py``, ``python -m workstation``): the process ends with the command, and Ctrl+C stays
    ignored from the command's end through the interpreter's shutdown, which would otherwise give SIGINT back to
    the system's default: a Ctrl+C there killed the process, exit 130 after its result was told (a script would
    run it again, taking a second 文号)."""
    held: list = []  # the Ctrl+C handler ``_hold_interrupts`` set aside: put back once everything here is done
    code = None
    try:
        from workstation.security.session import actor_set_aside

        with data_dir_kept(), _controls_shown(), actor_set_aside():  # WORKSTATION_ACTOR as given, after
            code = _main(argv, held)
    except KeyboardInterrupt:  # before the command began (``_main`` says what it did once it ran), or as it ended
        if code is None:
            sys.stderr.write(_("Interrupted; nothing was changed.") + "\n")
            code = 1
    finally:
        if ends_process:
            import signal

            signal.signal(signal.SIGINT, signal.SIG_IGN)  # left so by the shutdown, unlike a handler of Python's
        else:
            for previous in held:
                _put_back_interrupts(previous)
    return code


class _VisibleControls:
    """stderr as a command writes to it: every refusal, warning and note (and argparse's usage errors) quotes file
    content or a value typed as it is, with its control characters and text-direction controls shown as escapes
    (``errors.visibly``), so that an ESC sequence in a party's name or a complaint cannot act on the officer's
    terminal; the one carriage return a progress line starts with (``_stderr_progress``) is its own. stdout too
    when a command's result is text (``_main``), ``rewrites`` False: no line of a listing rewrites itself."""

    def __init__(self, stream, *, rewrites: bool = True) -> None:
        self._stream = stream
        self._rewrites = rewrites

    def write(self, text: str) -> int:
        head = "\r" if self._rewrites and text[:1] == "\r" else ""
        return self._stream.write(head + visibly(text[len(head):]))

    def writelines(self, lines) -> None:  # the stream's own would write them as they are
        for text in lines:
            self.write(text)

    def __getattr__(self, name: str):  # isatty, flush, reconfigure, fileno, encoding …: the stream's own
        return getattr(self._stream, name)


@contextlib.contextmanager
def _controls_shown():
    """``sys.stderr`` written through ``_VisibleControls`` while a command runs (``sys.stdout`` too once ``_main``
    knows its result is text), the streams they were put back after."""
    out, stream = sys.stdout, sys.stderr
    if stream is not None:  # none under pythonw: nothing is written there anyway
        sys.stderr = _VisibleControls(stream)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, stream


def _hold_interrupts(args) -> None:
    """Ctrl+C ignored from when a command starts telling its result (``_emit``: what it saved is committed), or
    from the commit of work said to be past cancelling (``_interrupts_held_once_closed``: `cases import`,
    `complaints import`), until the command is done (``_main``, or ``main`` after its context managers), which puts
    the handler back: exit 0 with the result told, never 130 after it (a script would run the command again, taking
    a second 文号). Exit 130 is left for a command interrupted before its result, or before its commit."""
    if getattr(args, "interrupts_before_result", None) is not None:
        return
    try:
        args.interrupts_before_result = (_ignore_interrupts(),)
    except ValueError:  # not the main thread (a test's, a worker's): no Ctrl+C is raised there
        pass


def _interrupts_held_once_closed(args):
    """A CancelToken for work a command runs (Ctrl+C its only Cancel): once the work closes it (``CancelToken.close``)
    for its last step, the commit it says can no longer be cancelled, Ctrl+C is ignored until the command is done
    (``_hold_interrupts``), as it says: heard there, it rolled the work back after all."""
    from workstation.progress import CancelToken

    class HeldOnceClosed(CancelToken):
        def close(self) -> None:
            super().close()
            _hold_interrupts(args)

    return HeldOnceClosed()


def _ignore_interrupts():
    """Ctrl+C ignored from now; the handler it had is returned, for ``_put_back_interrupts``. ValueError outside
    the main thread."""
    import signal

    return signal.signal(signal.SIGINT, lambda _signal, _frame: None)


def _put_back_interrupts(previous) -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL if previous is None else previous)


@contextlib.contextmanager
def _interrupt_held():
    """Ctrl+C held off while a command ends: what it does then (the data marked closed, new data kept or removed, the
    database closed, which folds its -wal in and takes a moment) is done whole and the command's own result stands,
    never cut short with a traceback; a Ctrl+C meanwhile is let go, the command being over."""
    try:
        previous = _ignore_interrupts()
    except ValueError:  # not the main thread (a test's, a worker's): no Ctrl+C is raised there
        yield
        return
    try:
        yield
    finally:
        _put_back_interrupts(previous)


@contextlib.contextmanager
def _interrupt_deferred():
    """Ctrl+C put off while a step is done whole (a new data folder made and claimed): one pressed meanwhile is raised
    once the block is over, where its caller knows what the step made and can remove it."""
    import signal

    heard: list = []
    try:
        previous = signal.signal(signal.SIGINT, lambda _signal, _frame: heard.append(True))
    except ValueError:  # not the main thread (a test's, a worker's): no Ctrl+C is raised there
        yield
        return
    try:
        yield
    finally:
        _put_back_interrupts(previous)
    if heard:
        signal.raise_signal(signal.SIGINT)


def _mark_changes(args, db=None) -> None:
    """Note how the data stands, for an interrupt to tell whether the command saved anything since
    (``_saved_since_mark``): at the start, the database file (a restore puts another one in its place); once ``_open``
    opened ``db``, the changes its connection saved and the commits of other connections it has seen."""
    from workstation.db.connection import file_identity

    if db is None:
        args.file_mark = file_identity(database_path(args.data_dir))
        return
    try:
        args.db_marks = [*getattr(args, "db_marks", []), (db, _database_mark(db))]
    except Exception:  # noqa: BLE001 - a database that cannot answer: what it saved is not told apart (said saved)
        args.db_marks = [*getattr(args, "db_marks", []), (db, None)]


def _database_mark(db) -> tuple[int, int]:
    return db.execute("PRAGMA data_version").fetchone()[0], db.saved_changes()


def _saved_since_mark(args, new_data) -> bool:
    """Whether the command interrupted had saved something (``_mark_changes``): a connection it opened saved changes or
    saw another's commit, or, in data that was there before it, the database file was replaced (a restore). A
    database that cannot tell counts as saved: "nothing was changed" is said only when it is known."""
    from workstation.db.connection import file_identity

    for db, mark in getattr(args, "db_marks", []):
        try:
            if mark is None or _database_mark(db) != mark:
                return True
        except Exception:  # noqa: BLE001 - closed or failing: unknown
            return True
    # new data the command made is removed when it saved nothing through its connection (``remove_new_data``)
    return new_data is None and file_identity(database_path(args.data_dir)) != getattr(args, "file_mark", None)


def _main(argv: list[str] | None, held: list | None = None) -> int:
    """The command; the Ctrl+C handler its result set aside (``_hold_interrupts``) is put back as it ends, or added
    to ``held`` for ``main`` to put back once its own context managers are done."""
    from workstation.cli_language import argparse_in_user_language
    from workstation.cli_new_data import before_command, keep_new_data, remove_new_data
    from workstation.data_folder import check_data_folder
    from workstation.errors import UsageError, ValidationError

    _configure_streams()  # before argparse, which writes the help and usage errors
    try:  # Ctrl+C while the parser is built (the first second): nothing was done yet, said without a traceback
        with argparse_in_user_language(), _argparse_errors_shortened(argv):
            parser = _parser()
            args = parser.parse_args(argv)
    except KeyboardInterrupt:
        sys.stderr.write(_("Interrupted; nothing was changed.") + "\n")
        return 1
    for name, value in vars(args).items():  # a list default (``--officer``) is the cached parser's own: not shared
        if isinstance(value, list):
            setattr(args, name, list(value))
    args.json = getattr(args, "json", False)
    if args.json:
        _configure_streams(json_output=True)
    elif sys.stdout is not None:  # a listing's stored texts shown as stderr shows them; JSON stays byte for byte
        sys.stdout = _VisibleControls(sys.stdout, rewrites=False)
    args.data_dir = resolve_data_dir(getattr(args, "data_dir", None))
    use_data_dir(args.data_dir)
    new_data = None
    code = 1  # the command's, once it ran (its end, ``finally`` below, keeps new data only after exit 0)
    try:  # Ctrl+C before the command runs: nothing was done, and the new data folder claimed for it is removed
        try:  # a file, or a folder the account may not open, is refused before anything is made there
            check_data_folder(args.data_dir)
            # before the log is made there; made and claimed whole, a Ctrl+C meanwhile raised once ``new_data`` says
            # what to remove
            with _interrupt_deferred():
                new_data = before_command(args.data_dir, _creates_data(args), _claim_note(args))
            reachable = True
        except WorkstationError as exc:
            if _creates_data(args):
                sys.stderr.write(_("Error: {message}").format(message=exc.message) + "\n")
                _refusal_as_json(args, exc)
                return 1
            new_data, reachable = None, False  # refused by the command if it uses the data (``_require_folder``)
        from workstation.db.connection import holds_no_database
        from workstation.log import setup_logging

        # the log goes into a data directory, or into the folder a command is making one: a folder named by mistake
        # is left as it was (its refusal needs no log)
        if reachable and args.data_dir.is_dir() and (_creates_data(args) or
                                                     not holds_no_database(database_path(args.data_dir))) \
                and _database_file_ours(args.data_dir):
            setup_logging(args.data_dir)
        _mark_changes(args)
    except KeyboardInterrupt:
        with _interrupt_held():
            if new_data is not None:
                remove_new_data(new_data)
        sys.stderr.write(_("Interrupted; nothing was changed.") + "\n")
        return 1
    try:
        if getattr(args, "passphrase_file", None):
            _passphrase_file(args.passphrase_file, "--passphrase-file")
        _refuse_existing_output(args)
        code = args.handler(args)
        if getattr(args, "result_lost", None) is not None:
            code = _result_lost(args, code, _saved_since_mark(args, new_data))
        return code
    except UsageError as exc:  # CLI.md: exit 2 for a usage error, as argparse's own
        exc.message = _arguments_shortened(exc.message, argv)
        sys.stderr.write(_("Error: {message}").format(message=exc.message) + "\n")
        LOG.info("command refused: %s %s", args.command, type(exc).__name__)
        code = 2
        return code
    except WorkstationError as exc:
        if isinstance(exc, ValidationError):  # a field of the core named by the option the officer typed
            exc = _named_by_options(exc, _command_options(parser, args))
        exc.message = _arguments_shortened(exc.message, argv)
        sys.stderr.write(_("Error: {message}").format(message=exc.message) + "\n")
        _refusal_as_json(args, exc)
        LOG.info("command refused: %s %s", args.command, type(exc).__name__)
        return 1
    except KeyboardInterrupt:
        _hold_interrupts(args)  # a second Ctrl+C does not cut short what is said of the first
        if args.command == "backup" and getattr(args, "backup_command", None) in ("restore", "put-back"):
            from workstation.backup_restore import interrupted_swap_text

            # a swap's journal left: finished (or undone) at the next opening, not to be run again
            if said := interrupted_swap_text(args.data_dir):
                args.kept = True
                sys.stderr.write(join_sentences([_("Interrupted."), said]) + "\n")
                code = 130
                return code
        if _saved_since_mark(args, new_data):
            # CLI.md keeps exit 1 for nothing changed: the work saved is kept (new data too) and said, 128 + SIGINT
            args.kept = True
            sys.stderr.write(_("Interrupted; what was done before the interrupt is saved: check it with `audit list` "
                               "before running the command again.") + "\n")
            code = 130
            return code
        sys.stderr.write(_("Interrupted; nothing was changed.") + "\n")
        return 1
    except UnicodeEncodeError as exc:
        # a value the terminal passed in bytes that are not UTF-8 (held as surrogates) reached the database or a
        # file: the option is named rather than a fault reported (a file name of such bytes works where it can)
        named = _undecodable_option(parser, args)
        if named is None:
            raise
        option, on_disk = named
        from workstation.errors import undecodable_name, undecodable_text

        message = undecodable_name() if on_disk else undecodable_text()
        refusal = WorkstationError(_("{field}: {message}").format(field=option, message=message))
        sys.stderr.write(_("Error: {message}").format(message=refusal.message) + "\n")
        _refusal_as_json(args, refusal)
        LOG.info("command refused: %s %s", args.command, type(exc).__name__)
        return 1  # as ``_search_checked`` refuses one
    except Exception as exc:
        from workstation.db.connection import database_failure

        if (refusal := _long_name_refusal(args, exc)) is not None:  # a name the system refuses, wherever looked up
            sys.stderr.write(_("Error: {message}").format(message=refusal.message) + "\n")
            _refusal_as_json(args, refusal)
            LOG.info("command refused: %s %s", args.command, type(exc).__name__)
            return 1
        known = database_failure(exc, database_path(args.data_dir))
        if known is not None:
            sys.stderr.write(_("Error: {message}").format(message=known.message) + "\n")
            _refusal_as_json(args, known)
            LOG.info("command refused: %s database %s", args.command, type(exc).__name__)
            return 1
        LOG.exception("command failed: %s", args.command)
        args.kept = True  # a fault, not a refusal: the log the message points to stays
        fault = WorkstationError(_("Internal error in the workstation; details are in the log in {path}.").format(
            path=args.data_dir / "logs"))
        sys.stderr.write(fault.message + "\n")
        _refusal_as_json(args, fault)
        return 1
    finally:
        try:
            with _interrupt_held():  # the command's end done whole, whenever Ctrl+C comes
                if getattr(args, "marked_open", False):
                    from workstation.repair import mark_closed

                    mark_closed(args.data_dir)
                done = code == 0 and not getattr(args, "dry_run", False)
                if new_data is not None and not done and not getattr(args, "kept", False):
                    remove_new_data(new_data, getattr(args, "db", None))
                elif new_data is not None:
                    keep_new_data(new_data)
                _say_unchosen_note(args)
                if code == 0 and (note := getattr(args, "unused_passphrase_note", None)):
                    _warn(note)
                if (db := getattr(args, "db", None)) is not None:
                    # closed here, not by the garbage collector (a connection is in a cycle with its statement
                    # cache): a copy or backup of the folder made right after the command finds the database
                    # whole, without its -wal and -shm files vanishing meanwhile
                    db.conn.close()
        finally:  # ``_hold_interrupts``: put back even when the command's end failed
            if (set_aside := getattr(args, "interrupts_before_result", None)) is not None:
                if held is None:
                    _put_back_interrupts(set_aside[0])
                else:
                    held.append(set_aside[0])
