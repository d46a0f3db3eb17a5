"""The interviewee of a 询问笔录 as its resident ID number describes them (REFERENCE §8.2, GB 11643: digits 7–14 the
birth date, the 17th odd for a man and even for a woman): a record whose 性别 or 出生年月 contradicts the ID number
printed beside it would name two different people, so ``identity_refusals`` refuses issuing it, naming the field.
A passport or other document number (with letters) says neither, and is not compared."""

from __future__ import annotations

import re

from workstation.i18n import _
from workstation.masking import mask_id

#: the forms whose interviewee has a 性别, 出生年月 and 身份证件号码 (fields sex, birth, id_number)
IDENTITY_FORMS = ("inquiry_record",)
_RESIDENT_ID = re.compile(r"[0-9]{17}[0-9X]")
# a 出生年月 as written: 1985年6月, 1985年06月15日, 1985-06, 1985.6, 1985/6/15
_YEAR_MONTH = re.compile(r"\s*(\d{4})\s*(?:年|[-/.])\s*(\d{1,2})\s*(?:月.*|[-/.]\d{1,2}\s*日?)?\s*")


def id_sex(number: str) -> str:
    """男 or 女 as the 17th digit of an 18-digit ID number says (odd for a man)."""
    return "男" if int(number[16]) % 2 else "女"


def id_described(number: str) -> tuple[str, str]:
    """(性别, 出生年月 as the form's help writes it: 1985年6月) an 18-digit resident ID number ``number`` gives, a
    valid one only (its check digit and birth date); ("", "") for any other: what a 询问笔录 of a natural person
    starts with, so the officer does not copy them from the card by hand."""
    from workstation.validators import plain_id_valid

    if not _RESIDENT_ID.fullmatch(number or "") or not plain_id_valid(number):
        return "", ""
    return id_sex(number), f"{int(number[6:10])}年{int(number[10:12])}月"


def _year_month(text: str) -> tuple[int, int] | None:
    match = _YEAR_MONTH.fullmatch(text)
    return (int(match.group(1)), int(match.group(2))) if match else None


def identity_refusals(form_id: str, values: dict) -> dict[str, str]:
    """{field label: why} for a 性别 or 出生年月 of the checked ``values`` the 18-digit ID number they give
    contradicts ({} when they agree, when the number is no resident ID number, and for other forms)."""
    number = str(values.get("id_number") or "")
    if form_id not in IDENTITY_FORMS or not _RESIDENT_ID.fullmatch(number):
        return {}
    from workstation.documents.drafts import find_form

    labels = {field.name: field.label for field in find_form(form_id).fields}
    errors = {}
    sex = str(values.get("sex") or "")
    if sex and sex != id_sex(number):
        if id_sex(number) == "男":
            why = _(
                "{sex} is ticked, but ID number {number} is a man's (its 17th digit is odd): tick the sex the ID card "
                "shows, or correct the ID number."
            )
        else:
            why = _(
                "{sex} is ticked, but ID number {number} is a woman's (its 17th digit is even): tick the sex the ID "
                "card shows, or correct the ID number."
            )
        errors[labels["sex"]] = why.format(sex=sex, number=mask_id(number))
    written = _year_month(str(values.get("birth") or ""))
    born = int(number[6:10]), int(number[10:12])
    if written and written != born:
        errors[labels["birth"]] = _(
            "{birth} differs from the birth date in ID number {number} ({year}年{month}月): write the month of "
            "birth the ID card shows, or correct the ID number."
        ).format(birth=values.get("birth"), number=mask_id(number), year=born[0], month=born[1])
    return errors
