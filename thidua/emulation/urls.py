from django.urls import path

from .views import (
    movement_edit,
    movements,
    practices,
    rating_approvals,
    rating_sheets,
    rating_work,
    ratings,
    records,
    unit_ratings,
)

app_name = "emulation"

urlpatterns = [
    # movements.py: movements, registrations, scores; lessons and their adoptions
    path("movements/", movements.movement_list, name="movement_list"),
    path("movements/new/", movements.movement_new, name="movement_new"),
    path("movements/<int:pk>/", movements.movement_detail, name="movement_detail"),
    path("movements/<int:pk>/advance/", movements.movement_advance, name="movement_advance"),
    path("movements/<int:pk>/publish/", movements.movement_publish, name="movement_publish"),
    path("movements/<int:pk>/register/", movements.movement_register, name="movement_register"),
    path(
        "movements/<int:pk>/registrations/<int:reg_pk>/withdraw/",
        movements.movement_withdraw,
        name="movement_withdraw",
    ),
    path("movements/<int:pk>/scores/", movements.movement_scores, name="movement_scores"),
    path(
        "movements/<int:pk>/scores/compute/",
        movements.movement_scores_compute,
        name="movement_scores_compute",
    ),
    path("lessons/", movements.lesson_list, name="lesson_list"),
    path("lessons/new/", movements.lesson_new, name="lesson_new"),
    path("lessons/<int:pk>/", movements.lesson_detail, name="lesson_detail"),
    path("lessons/<int:pk>/adopt/", movements.lesson_adopt, name="lesson_adopt"),
    # movement_edit.py: editing a draft movement
    path("movements/<int:pk>/edit/", movement_edit.movement_edit, name="movement_edit"),
    # practices.py: proposed lessons, published or declined
    path("lessons/proposed/<int:pk>/", practices.practice_publish, name="practice_publish"),
    path("lessons/proposed/<int:pk>/decline/", practices.practice_decline, name="practice_decline"),
    # ratings.py: a person's annual rating and the writes on it
    path("ratings/", ratings.my_rating, name="rating_mine"),
    path("ratings/<int:pk>/", ratings.rating_detail, name="rating_detail"),
    path("ratings/<int:pk>/self-assess/", ratings.rating_self_assess, name="rating_self_assess"),
    path(
        "ratings/<int:pk>/conduct-facts/", ratings.rating_conduct_facts, name="rating_conduct_facts"
    ),
    path(
        "ratings/<int:pk>/agency-criteria/",
        ratings.rating_agency_criteria,
        name="rating_agency_criteria",
    ),
    path("ratings/<int:pk>/appeal/", ratings.rating_appeal, name="rating_appeal"),
    path(
        "ratings/people/<int:pk>/<int:year>/prepare/", ratings.rating_prepare, name="rating_prepare"
    ),
    # rating_sheets.py: a head's sheet of a unit for the year
    path("ratings/<int:pk>/propose/", rating_sheets.rating_propose, name="rating_propose"),
    path("ratings/<int:pk>/task-group/", rating_sheets.rating_task_group, name="rating_task_group"),
    path("ratings/units/<int:pk>/<int:year>/", rating_sheets.unit_sheet, name="rating_unit"),
    path(
        "ratings/units/<int:pk>/<int:year>/prepare/",
        rating_sheets.unit_prepare,
        name="rating_unit_prepare",
    ),
    path("ratings/units/<int:pk>/<int:year>/cap/", rating_sheets.unit_cap, name="rating_unit_cap"),
    # rating_approvals.py: the approver's pages
    path("ratings/approvals/", rating_approvals.approvals, name="rating_approvals"),
    path("ratings/<int:pk>/approve/", rating_approvals.rating_approve, name="rating_approve"),
    path("ratings/<int:pk>/publish/", rating_approvals.rating_publish, name="rating_publish"),
    path(
        "ratings/appeals/<int:pk>/decide/",
        rating_approvals.appeal_decide,
        name="rating_appeal_decide",
    ),
    # rating_work.py: a person's month and a unit's catalogue of work items
    path(
        "ratings/people/<int:pk>/<int:year>/<int:month>/",
        rating_work.person_month,
        name="rating_person_month",
    ),
    path("ratings/units/<int:pk>/work-items/", rating_work.catalogue, name="rating_catalogue"),
    # unit_ratings.py: the emulation office's ratings of units
    path(
        "ratings/unit-ratings/<int:pk>/<int:year>/",
        unit_ratings.unit_ratings_page,
        name="rating_unit_ratings",
    ),
    # records.py: value-created records, initiatives, external assessments
    path("records/", records.record_mine, name="record_mine"),
    path("records/<int:person_pk>/<int:year>/", records.record_year, name="record_year"),
    path(
        "records/<int:person_pk>/<int:year>/posts/<int:post_pk>/",
        records.record_edit,
        name="record_edit",
    ),
    path("records/evidence/<int:pk>/", records.record_evidence, name="record_evidence"),
    path("initiatives/", records.initiative_list, name="initiative_list"),
    path("initiatives/new/", records.initiative_new, name="initiative_new"),
    path("initiatives/<int:pk>/edit/", records.initiative_edit, name="initiative_edit"),
    path(
        "assessments/<int:person_pk>/<int:year>/",
        records.assessment_invite,
        name="assessment_invite",
    ),
    path("assess/thanks/", records.assessment_thanks, name="assessment_thanks"),
    path("assess/<str:token>/", records.assessment_answer, name="assessment_answer"),
]
