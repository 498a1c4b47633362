from datetime import date

from django.urls import reverse

from thidua.emulation.models import Lesson, LessonAdoption


def test_home_page_shows_the_most_replicated_lessons_most_adopted_first(org, client):
    lesson_a = Lesson.objects.create(title="Giao ban điện tử", summary="…", unit=org["dept_a"])
    lesson_b = Lesson.objects.create(title="Số hoá trước", summary="…", unit=org["dept_b"])
    LessonAdoption.objects.create(lesson=lesson_b, unit=org["dept_a"], adopted_on=date(2025, 1, 1))
    LessonAdoption.objects.create(lesson=lesson_b, unit=org["sec_a"], adopted_on=date(2025, 1, 1))
    LessonAdoption.objects.create(lesson=lesson_a, unit=org["dept_b"], adopted_on=date(2025, 1, 1))
    client.force_login(org["staff_a"].user)
    body = client.get(reverse("home")).content.decode()
    panel = body[body.index("Cách làm hay được nhân rộng nhiều nhất") :]
    assert panel.index("Số hoá trước") < panel.index("Giao ban điện tử")
