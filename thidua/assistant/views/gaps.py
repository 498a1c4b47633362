"""Assistant pages: the questions it could not answer, and their .csv."""

import csv
import io

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import selectors


def _gap_days(value: str | None) -> int:
    """The period asked for (?days=30|90|365); anything else is the default period."""
    try:
        days = int(value or "")
    except ValueError:
        return selectors.GAP_DAYS[1]
    return days if days in selectors.GAP_DAYS else selectors.GAP_DAYS[1]


@login_required
def question_gaps(request):
    """Questions that found nothing, grouped: which document is missing (owners only)."""
    days = _gap_days(request.GET.get("days"))
    groups = selectors.question_gaps(viewer=request.user, days=days)
    return render(
        request,
        "assistant/gaps.html",
        {
            "groups": groups[:300],
            "shown_all": len(groups) <= 300,
            "asked": sum(g.count for g in groups),
            "days": days,
            "periods": selectors.GAP_DAYS,
        },
    )


@login_required
def question_gaps_export(request):
    """The same groups as a CSV file (UTF-8 with BOM, for Excel): no asker in it either."""
    days = _gap_days(request.GET.get("days"))
    groups = selectors.question_gaps(viewer=request.user, days=days)
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(
        [
            _("Question"),
            _("Times asked"),
            _("No basis found"),
            _("Rated not useful"),
            _("Last asked"),
            _("Key terms"),
            _("Other wordings"),
        ]
    )
    for g in groups:
        last = timezone.localtime(g.last_asked) if timezone.is_aware(g.last_asked) else g.last_asked
        writer.writerow(
            [
                _csv_safe(g.question),
                g.count,
                g.not_found,
                g.not_useful,
                f"{last:%d/%m/%Y}",
                ", ".join(g.terms),
                " | ".join(_csv_safe(w) for w in g.wordings),
            ]
        )
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="cau-hoi-chua-co-can-cu-{days}-ngay.csv"'
    )
    return response


def _csv_safe(text: str) -> str:
    """A question as a spreadsheet cell that is never a formula ("=HYPERLINK(...)")."""
    text = " ".join(text.split())
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
