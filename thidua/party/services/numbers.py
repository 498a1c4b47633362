"""A resolution's number is unique per issuing body and year of issue.

Party resolution numbers ("05-NQ/ĐU") restart with each year (and term), so the same number
may come back in another year; within one body and one year it names one document. A
resolution without an issue date is compared with the body's other undated ones. Numbers are
compared without case and with spaces collapsed ("05-NQ/ĐU" is "05-nq/đu "). The body row is
locked first, so two uploads of the same number at once cannot both pass the check.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from thidua.org.models import PartyOrganization

from ..models import Resolution


def resolution_number_free(
    *, body: PartyOrganization, number: str, issued_on: date | None, exclude_pk: int | None = None
) -> str:
    """The number as stored (spaces collapsed), or ValidationError when the body already has a
    resolution with that number in the same year of issue. An empty number is not checked."""
    number = " ".join(number.split())
    if not number:
        return number
    PartyOrganization.objects.select_for_update().filter(pk=body.pk).first()
    same = Resolution.objects.filter(body=body).exclude(number="")
    if issued_on is None:
        same = same.filter(issued_on__isnull=True)
    else:
        same = same.filter(issued_on__year=issued_on.year)
    if exclude_pk is not None:
        same = same.exclude(pk=exclude_pk)
    # casefold in Python: SQLite folds only ASCII letters, and "Đ" is not one
    key = number.casefold()
    if not any(
        " ".join(n.split()).casefold() == key for n in same.values_list("number", flat=True)
    ):
        return number
    if issued_on is None:
        message = _("%(body)s already has an undated resolution number %(number)s.")
    else:
        message = _("%(body)s already has resolution number %(number)s issued in %(year)s.")
    args = {"body": body.name, "number": number, "year": issued_on.year if issued_on else ""}
    raise ValidationError({"number": message % args})
