from django.urls import path

from .views import council, decisions, proposals, registry, round, settings

app_name = "awards"

urlpatterns = [
    # council.py: proposals, council sessions and secret ballots, decisions, certificates
    path("proposals/", council.proposal_list, name="proposal_list"),
    path("proposals/new/", council.proposal_new, name="proposal_new"),
    path("proposals/send/", council.proposal_send_many, name="proposal_send_many"),
    path("proposals/<int:pk>/", council.proposal_detail, name="proposal_detail"),
    path("proposals/<int:pk>/submit/", council.proposal_submit, name="proposal_submit"),
    path("proposals/<int:pk>/edit/", proposals.proposal_edit, name="proposal_edit"),
    path("proposals/<int:pk>/override/", council.proposal_override, name="proposal_override"),
    path("proposals/<int:pk>/check/", council.proposal_check, name="proposal_check"),
    path("council/", council.session_list, name="session_list"),
    path("council/<int:pk>/", council.session_detail, name="session_detail"),
    path("council/<int:pk>/attendance/", council.session_attendance, name="session_attendance"),
    path("council/<int:pk>/date/", council.session_reschedule, name="session_reschedule"),
    path(
        "council/<int:pk>/proposals/", council.session_add_proposals, name="session_add_proposals"
    ),
    path("council/<int:pk>/decide/", council.session_decide, name="session_decide"),
    path("council/<int:pk>/close/", council.session_close, name="session_close"),
    path("council/<int:pk>/minutes.docx", council.session_minutes, name="session_minutes"),
    path("council/<int:pk>/ballots/open/", council.ballot_open, name="ballot_open"),
    path("ballots/", council.ballot_list, name="ballot_list"),
    path("ballots/<int:pk>/", council.ballot_vote, name="ballot_vote"),
    path("ballots/<int:pk>/close/", council.ballot_close, name="ballot_close"),
    path("decisions/", decisions.decision_list, name="decision_list"),
    path("decisions/new/", decisions.decision_new, name="decision_new"),
    path("decisions/<int:pk>/", decisions.decision_detail, name="decision_detail"),
    path("decisions/<int:pk>/decision.docx", decisions.decision_docx, name="decision_docx"),
    path("decisions/<int:pk>/decision.pdf", decisions.decision_pdf, name="decision_pdf"),
    path("certificates/<int:pk>/", council.certificate_print, name="certificate_print"),
    path("certificates/layout/<str:code>/", council.certificate_layout, name="certificate_layout"),
    path("certificates/layout/<str:code>/test/", council.certificate_test, name="certificate_test"),
    # registry.py: the registry of awards, statistics, the yearly eligibility review
    path("registry/", registry.registry_list, name="registry_list"),
    path("registry/new/", registry.registry_new, name="registry_new"),
    path("registry/import/", registry.registry_import, name="registry_import"),
    path("registry/<int:pk>/revoke/", registry.registry_revoke, name="registry_revoke"),
    path("statistics/", registry.statistics_page, name="statistics_page"),
    path("statistics/export.xlsx", registry.statistics_export, name="statistics_export"),
    path("review/", registry.review_page, name="review_page"),
    path("review/<int:person_pk>/", registry.review_person, name="review_person"),
    path("review/propose/", registry.review_propose, name="review_propose"),
    # settings.py: the agency's eligibility settings
    path("settings/", settings.eligibility_settings_page, name="eligibility_settings"),
    # round.py: the yearly commendation round, its steps, verdicts and proposals
    path("rounds/", round.round_list, name="round_list"),
    path("rounds/<int:year>/", round.round_detail, name="round_detail"),
    path("rounds/<int:year>/job/", round.round_job, name="round_job"),
    path("rounds/<int:year>/steps/<str:step>/run/", round.round_step_run, name="round_step_run"),
    path(
        "rounds/<int:year>/steps/<str:step>/confirm/",
        round.round_step_confirm,
        name="round_step_confirm",
    ),
    path(
        "rounds/<int:year>/steps/<str:step>/reopen/",
        round.round_step_reopen,
        name="round_step_reopen",
    ),
    path(
        "rounds/<int:year>/steps/<str:step>/", round.round_step_verdicts, name="round_step_verdicts"
    ),
    path(
        "rounds/verdicts/<int:pk>/choose/", round.round_verdict_choose, name="round_verdict_choose"
    ),
    path("rounds/<int:year>/propose/", round.round_propose, name="round_propose"),
]
