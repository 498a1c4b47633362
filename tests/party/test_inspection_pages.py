"""The inspections page lists every inspection 25 a page, newest first, the term chosen for
the counts kept in the page links (it used to show the first 100 and hide the rest: the demo
committee has 544)."""

from datetime import date, timedelta

from django.urls import reverse

from thidua.party.models import Inspection


def test_every_inspection_is_on_one_of_the_pages_and_the_term_is_kept(client, party):
    committee = party["committee"]
    Inspection.objects.bulk_create(
        Inspection(
            kind="kiem_tra",
            by_body=committee,
            subject_org=party["cell_a"],
            planned_on=date(2020, 1, 1) + timedelta(days=i),
        )
        for i in range(120)
    )
    client.force_login(party["office"].user)
    term = {"body": committee.pk, "start": "2015-10-01", "end": "2020-09-30"}
    url = reverse("party:inspections")

    pages = [client.get(url, {**term, "page": n}) for n in (1, 2, 3, 4, 5)]

    shown = [[i.pk for i in page.context["inspections"]] for page in pages]
    assert [len(s) for s in shown] == [25, 25, 25, 25, 20]
    assert sorted(sum(shown, [])) == sorted(Inspection.objects.values_list("pk", flat=True))
    newest = pages[0].context["inspections"][0]
    assert newest.planned_on == date(2020, 1, 1) + timedelta(days=119)
    body = pages[1].content.decode()
    assert f"body={committee.pk}&amp;start=2015-10-01&amp;end=2020-09-30&amp;page=3" in body
    assert pages[1].context["counts"]["start"] == date(2015, 10, 1)
