"""The 执法证号 a document prints beside an officer's name (the 当场行政处罚决定书, the 笔录, the 审批表 that name the
执法人员 with their certificates, Penalty Law arts. 42, 52, 55) checked against the officers' register: a number typed
that is not the one registered for the officer named — or that the register holds for another officer — is told
before the document is issued (``stage_rules.stage_warnings``), never refused: an officer of another bureau, not in
this register, may take part under a namesake's name, and a register not yet updated after a certificate was renewed
is corrected in the officer list, not on the document."""

from __future__ import annotations

import re

from workstation.db import Database
from workstation.formkit.spec import FormSpec
from workstation.i18n import _
from workstation.store.agencies import cert_no_key, list_officers, normalized_cert_no

#: the source of a field holding an officer's 执法证号 (its officer's position in the case)
_CERT_SOURCE = re.compile(r"officer(\d+)\.cert_no")


def certificate_fields(form: FormSpec) -> list[tuple[str, str]]:
    """(name field, 执法证号 field) of each officer a form names with a certificate number: each field drawing
    ``officerN.cert_no`` with the field before it drawing ``officerN.name`` (the 询问人 of a 询问笔录, not its 记录人,
    which draws the same name after it)."""
    pairs, names = [], {}
    for field in form.fields:
        found = _CERT_SOURCE.fullmatch(field.source or "")
        if found and found.group(1) in names:
            pairs.append((names[found.group(1)], field.name))
        elif (field.source or "").startswith("officer") and (field.source or "").endswith(".name"):
            names[field.source.removeprefix("officer").removesuffix(".name")] = field.name
    return pairs


def certificate_warnings(db: Database, form: FormSpec, values: dict) -> list[str]:
    """What the officer is told of each 执法证号 in ``values`` (the document's checked values) that the officers'
    register contradicts: one registered for the officer named under another number (each namesake's counted), or
    one that is another officer's; [] when each matches, is left empty or names nobody the register knows. The same
    number written otherwise (粤44060512001, 4406-0512-001) is the same number (``cert_no_key``). And, for a document
    dated today or later (``_dated_from_today``), an officer named who has left (deactivated) or whom the register
    holds without a 执法证号 (the register keeps no leaving date: one dated before may be of when they were on duty)."""
    pairs = certificate_fields(form)
    if not pairs:
        return []
    everyone = list_officers(db, with_inactive=True)
    register = [officer for officer in everyone if officer.cert_no]
    current = _dated_from_today(form, values)
    warnings = []
    for name_field, cert_field in pairs:
        name = str(values.get(name_field) or "").strip()
        typed = normalized_cert_no(str(values.get(cert_field) or ""))
        if name and current:
            warnings += _register_warnings([o for o in everyone if o.name == name], name, typed)
        if not name or not typed:
            continue
        namesakes = [officer.cert_no for officer in register if officer.name == name]
        if namesakes and cert_no_key(typed) not in {cert_no_key(cert) for cert in namesakes}:
            warnings.append(_("The 执法证号 given for {name} is {typed}, but the officers' register holds {registered} "
                              "for {name}: check the number against the certificate. Issue it all the same only for an "
                              "officer of another bureau who bears the same name.").format(
                name=name, typed=typed, registered="、".join(namesakes)))
        elif not namesakes and (owner := next((o.name for o in register
                                               if cert_no_key(o.cert_no) == cert_no_key(typed)), None)):
            warnings.append(_("The 执法证号 {typed} given for {name} is that of {owner} in the officers' register: "
                              "check whose certificate it is.").format(typed=typed, name=name, owner=owner))
    return warnings


def _dated_from_today(form: FormSpec, values: dict) -> bool:
    """Whether the document of ``values`` is dated today or later (``formkit.values.document_date``; one not dated
    yet is dated the day it is issued, today)."""
    from workstation.formkit.values import document_date
    from workstation.records import today

    day = today()
    return str(document_date(form, values, day))[:10] >= day


def _register_warnings(namesakes: list, name: str, typed: str) -> list[str]:
    """What the officer is told of ``name``, named on a document dated from today, whom the officers' register holds
    as ``namesakes`` (the one whose number was typed, when one's was): that they left, or that the register holds no
    执法证号 of theirs; [] for nobody the register knows (an officer of another bureau)."""
    if typed and (chosen := [o for o in namesakes if o.cert_no and cert_no_key(o.cert_no) == cert_no_key(typed)]):
        namesakes = chosen
    if not namesakes:
        return []
    on_duty = [o for o in namesakes if o.active]
    if not on_duty:
        return [_("{name}, named as an officer of this document, has left (deactivated in the officers' register): "
                  "name an officer on duty instead, or take {name} back on duty in Enforcement officers if they are "
                  "still on duty.").format(name=name)]
    if not any(o.cert_no for o in on_duty):
        return [_("The officers' register holds no 执法证号 for {name}, named as an officer of this document: check "
                  "that {name} holds an enforcement certificate, and enter its number in Enforcement officers.").format(
            name=name)]
    return []
