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
from workstation.store.agencies import list_officers, normalized_cert_no

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
    one that is another officer's; [] when each matches, is left empty or names nobody the register knows."""
    pairs = certificate_fields(form)
    if not pairs:
        return []
    register = [officer for officer in list_officers(db, with_inactive=True) if officer.cert_no]
    warnings = []
    for name_field, cert_field in pairs:
        name = str(values.get(name_field) or "").strip()
        typed = normalized_cert_no(str(values.get(cert_field) or ""))
        if not name or not typed:
            continue
        namesakes = [officer.cert_no for officer in register if officer.name == name]
        if namesakes and typed not in namesakes:
            warnings.append(_("The 执法证号 given for {name} is {typed}, but the officers' register holds {registered} "
                              "for {name}: check the number against the certificate. Issue it all the same only for an "
                              "officer of another bureau who bears the same name.").format(
                name=name, typed=typed, registered="、".join(namesakes)))
        elif not namesakes and (owner := next((o.name for o in register if o.cert_no == typed), None)):
            warnings.append(_("The 执法证号 {typed} given for {name} is that of {owner} in the officers' register: "
                              "check whose certificate it is.").format(typed=typed, name=name, owner=owner))
    return warnings
