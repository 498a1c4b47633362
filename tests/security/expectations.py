"""What each role may do on every page and API operation: the declared expectations of the
permission matrix. A URL pattern or an API operation missing here fails the matrix test, so
a new endpoint must say who may use it.

Targets are records of Cục An toàn thông tin (ATTT) and of the Party cell of its Phòng An
toàn hệ thống thông tin (see world.py): `unit_head` heads ATTT, `secretary` leads that cell;
`other_head` heads Cục Viễn thông, `other_secretary` leads another cell.

get:    PUBLIC (everyone, anonymous too), LOGIN (every signed-in role), POST_ONLY (GET is
        405), or the set of roles that get the page; every other signed-in role gets 403/404
        and anonymous callers are sent to the login page.
loose:  roles whose GET is only required not to fail (5xx) — each with its reason.
refuse: roles whose POST must be refused (403/404/405, or the login page) with nothing
        written. Roles allowed to write are not tried here: their writes are in the apps'
        own tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .world import ROLES

PUBLIC = "public"
LOGIN = "login"
POST_ONLY = "post-only"

SIGNED_IN = frozenset(ROLES) - {"anonymous"}
ST, OH, H, L, O, C, OS, S, A = (  # noqa: E741 (O: the office)
    "staff",
    "other_head",
    "unit_head",
    "leadership",
    "office",
    "council",
    "other_secretary",
    "secretary",
    "admin",
)


def only(*roles: str) -> frozenset[str]:
    return frozenset(roles)


def but(*roles: str) -> frozenset[str]:
    """Every signed-in role except these."""
    return SIGNED_IN - set(roles)


# Roles with no business in ATTT's state records (another unit, the council, another cell).
OUTSIDERS = only(ST, OH, C, OS)
# Roles with no Party role at all: a ministry-wide state role gives no Party rights by
# itself (issue 10, point 2). The other cell's secretary is added where the target is a body
# she does not lead.
NOT_PARTY = only(ST, OH, H, L, O, C, A)


@dataclass(frozen=True)
class Rule:
    get: str | frozenset[str]
    refuse: frozenset[str] = frozenset()
    loose: frozenset[str] = frozenset()
    post: dict = field(default_factory=dict)
    # A link that works without an account (an external assessor's one-time link): an
    # anonymous caller is judged like any other role, not sent to the login page.
    public_link: bool = False


# Leadership of the whole ministry, the emulation office and the administrator: awards
# treats all three as the office (emulation.rules.is_emulation_office).
STATE_OFFICE = only(L, O, A)

PAGES: dict[str, Rule] = {
    "home": Rule(LOGIN),
    "audit_log": Rule(only(A, H, OH)),  # heads: the events of their own units
    # the agency settings page: the office (with leadership, as awards treats it) and admin
    "agency_settings": Rule(STATE_OFFICE, refuse=but(L, O, A)),
    "notifications": Rule(LOGIN),
    "notifications_count": Rule(PUBLIC),  # the bell's badge: empty for anonymous callers
    "goals:verify_list": Rule(LOGIN),  # each person's own list (empty for most)
    "notification_go": Rule(only(H)),  # the unit head's own notification; anyone else: 404
    "notifications_read_all": Rule(POST_ONLY),
    # Giao ban of ATTT: its heads and leaders hold it; people working in ATTT (the secretary)
    # and ministry-wide roles read it; the others are refused. The office (the emulation
    # officer, seated in the Văn phòng Bộ) plans the ministry's and the blocks' giao ban for
    # their chair, so the planning form answers its POST (tests/meetings/test_office_prepares).
    "meetings:list": Rule(LOGIN, refuse=only(ST, C, OS, S)),
    # A team hosted by ATTT and led by its head: those over ATTT and ministry-wide roles read
    # it, its lead sets its goals; no one else.
    "teams:list": Rule(LOGIN, refuse=only(ST, C, O, OS, S)),
    "teams:detail": Rule(only(H, L, O, A), refuse=only(ST, OH, C, O, OS, S)),
    # Removing a member, closing the team: its lead (the head), leaders over it; not the office.
    "teams:member_remove": Rule(POST_ONLY, refuse=only(ST, OH, C, O, OS, S)),
    "teams:close": Rule(POST_ONLY, refuse=only(ST, OH, C, O, OS, S)),
    "meetings:detail": Rule(only(H, L, O, A, S), refuse=only(ST, OH, C, O, OS, S)),
    # the notice names every assignment: those who take part, not a reader below (S)
    "meetings:notice": Rule(only(H, L, O, A)),
    "meetings:close": Rule(POST_ONLY, refuse=only(ST, OH, C, O, OS, S)),
    # the assignee list's search (htmx): for those who record ATTT's meeting only
    "meetings:assignees": Rule(only(H, L, A), refuse=only(ST, OH, C, O, OS, S)),
    "meetings:key_results": Rule(only(H, L, A), refuse=only(ST, OH, C, O, OS, S)),
    "meetings:conclusion_delete": Rule(POST_ONLY, refuse=only(ST, OH, C, O, OS, S)),
    "healthz": Rule(PUBLIC),
    "favicon": Rule(PUBLIC),  # a redirect to the static icon, for every browser
    "accounts:login": Rule(PUBLIC),
    "accounts:logout": Rule(POST_ONLY),
    "accounts:password_change": Rule(LOGIN),
    "accounts:password_change_done": Rule(LOGIN),
    # OpenID Connect sign-in: off in these settings, so 404 for everyone, anonymous too
    # (tests/directory/test_oidc.py signs in through it).
    "directory:oidc_login": Rule(only(), loose=only("anonymous")),
    "directory:oidc_callback": Rule(only(), loose=only("anonymous")),
    # Personal API tokens: each user's own; the target is a token of `canbo` (staff).
    "accounts:tokens": Rule(LOGIN),
    "accounts:token_revoke": Rule(POST_ONLY, refuse=but(ST)),
    "set_language": Rule(PUBLIC),
    # Each app's address leads to its main page (which then asks for a login).
    "emulation_root": Rule(PUBLIC),
    "awards_root": Rule(PUBLIC),
    "party_root": Rule(PUBLIC),
    # Organisation: names and the tree are public to staff; a unit's directory is private.
    "org:tree": Rule(LOGIN),
    "org:unit": Rule(LOGIN),
    "org:unit_staff": Rule(only(H, L, O, A)),
    "org:person": Rule(LOGIN),
    "org:import": Rule(only(A), refuse=but(A)),
    "org:import_template": Rule(only(A)),
    # The job of another user's import: only administrators (there is no org job in the
    # world, so the administrator's answer is a 404 too).
    "org:job": Rule(only(), loose=only(A)),
    # The HR sync's reports and "Sync now": administrators only (tests/org/test_hr_sync.py).
    "org:hr_sync": Rule(only(A)),
    "org:hr_sync_run": Rule(only(A)),
    "org:hr_sync_start": Rule(POST_ONLY, refuse=but(A)),
    # Goals: published goals are public to staff; writes belong to their owners and heads.
    "goals:mine": Rule(LOGIN),
    "goals:new": Rule(LOGIN),
    "goals:detail": Rule(LOGIN),
    # each head's own goals whose period has ended (empty for most); POST closes them: heads
    # and ministry-wide roles may, the others are refused
    "goals:to_close": Rule(LOGIN, refuse=only(ST, C, OS, S)),
    "goals:person": Rule(only(H, L, A)),  # a person's goals, year by year: heads over their unit
    "goals:accept": Rule(POST_ONLY, refuse=OUTSIDERS | {S}),
    "goals:publish": Rule(POST_ONLY, refuse=OUTSIDERS | {S}),
    "goals:propose": Rule(POST_ONLY, refuse=OUTSIDERS),
    "goals:proposal_decide": Rule(POST_ONLY, refuse=only(ST, OS, S, C)),
    "goals:checkin": Rule(POST_ONLY, refuse=OUTSIDERS),
    "goals:verify": Rule(POST_ONLY, refuse=OUTSIDERS | {S}),
    "goals:checkin_edit": Rule(POST_ONLY, refuse=OUTSIDERS),
    "goals:checkin_evidence": Rule(only(), loose=only(H, L, O, A)),  # no file attached
    "goals:supports": Rule(POST_ONLY, refuse=OUTSIDERS),
    "goals:unit_tree": Rule(LOGIN),
    "goals:children": Rule(LOGIN),
    "goals:task_create": Rule(POST_ONLY),
    # The task belongs to `canbo` (staff): nobody else changes its status.
    "goals:task_status": Rule(POST_ONLY, refuse=only(OH, H, C, OS, S), post={"status": "done"}),
    "goals:log_add": Rule(POST_ONLY),
    "goals:templates": Rule(only(OH, H, L, A), refuse=only(ST, C, OS, S, O)),
    "goals:template_apply": Rule(only(), loose=only(OH, H, L, A), refuse=only(ST, C, OS, S, O)),
    "goals:dashboard": Rule(LOGIN),
    "goals:program": Rule(LOGIN),
    "goals:review": Rule(LOGIN),
    "goals:review_xlsx": Rule(LOGIN),
    "goals:review_docx": Rule(LOGIN),
    # Field visits: leaders and heads (their own, their subtree's), the ministry-wide roles
    # (all). The target is a visit of ATTT's head to ATTT.
    "goals:field_visits": Rule(only(H, OH, L, O, A), refuse=only(ST, C, OS, S)),
    "goals:field_visit_new": Rule(only(H, OH, L, O, A), refuse=only(ST, C, OS, S)),
    "goals:field_visit": Rule(only(H, L, O, A)),
    "goals:field_visit_task": Rule(POST_ONLY, refuse=only(ST, OH, C, OS, S)),
    "goals:field_visit_practice": Rule(POST_ONLY, refuse=only(ST, OH, C, OS, S)),
    # Emulation.
    "emulation:movement_list": Rule(LOGIN),
    "emulation:movement_new": Rule(STATE_OFFICE, refuse=but(L, O, A)),
    "emulation:movement_detail": Rule(LOGIN),
    # Editing a movement: the office, while it is a draft (the target is a draft of ATTT).
    "emulation:movement_edit": Rule(STATE_OFFICE, refuse=but(L, O, A)),
    "emulation:movement_advance": Rule(POST_ONLY, refuse=but(L, O, A)),
    "emulation:movement_publish": Rule(POST_ONLY, refuse=but(L, O, A)),
    "emulation:movement_register": Rule(LOGIN),  # anyone registers themselves
    "emulation:movement_withdraw": Rule(POST_ONLY, refuse=only(ST, C, OS, S)),
    "emulation:movement_scores": Rule(only(H, L, O, C, A), loose=only(OH)),
    "emulation:movement_scores_compute": Rule(POST_ONLY, refuse=but(L, O, A)),
    "emulation:lesson_list": Rule(LOGIN),
    "emulation:lesson_new": Rule(LOGIN),
    "emulation:lesson_detail": Rule(LOGIN),
    "emulation:lesson_adopt": Rule(POST_ONLY, refuse=only(ST, C, OS, S)),
    # Good practices proposed as lessons: the office publishes or declines them.
    "emulation:practice_publish": Rule(STATE_OFFICE, refuse=but(L, O, A)),
    "emulation:practice_decline": Rule(POST_ONLY, refuse=but(L, O, A)),
    "emulation:rating_mine": Rule(LOGIN),
    "emulation:rating_approvals": Rule(LOGIN),
    # A rating of a person of ATTT (who has no login): private to ATTT's heads and the
    # ministry-wide state roles.
    "emulation:rating_detail": Rule(only(H, L, O, A)),
    "emulation:rating_self_assess": Rule(POST_ONLY, refuse=SIGNED_IN),
    "emulation:rating_propose": Rule(POST_ONLY, refuse=OUTSIDERS | {S}),
    "emulation:rating_task_group": Rule(POST_ONLY, refuse=OUTSIDERS | {S}),
    "emulation:rating_approve": Rule(POST_ONLY, refuse=OUTSIDERS | {S}),
    "emulation:rating_publish": Rule(POST_ONLY, refuse=OUTSIDERS | {S}),
    "emulation:rating_appeal": Rule(POST_ONLY, refuse=SIGNED_IN),
    "emulation:rating_appeal_decide": Rule(POST_ONLY, refuse=OUTSIDERS | {S}),
    "emulation:rating_prepare": Rule(POST_ONLY, refuse=OUTSIDERS | {S}),
    "emulation:rating_conduct_facts": Rule(POST_ONLY, refuse=OUTSIDERS | {S}),
    "emulation:rating_agency_criteria": Rule(POST_ONLY, refuse=OUTSIDERS | {S}),
    "emulation:rating_person_month": Rule(only(H, L, O, A), refuse=OUTSIDERS | {S}),
    "emulation:rating_unit": Rule(only(H, L, O, A)),
    "emulation:rating_unit_prepare": Rule(POST_ONLY, refuse=OUTSIDERS | {S}),
    "emulation:rating_unit_cap": Rule(POST_ONLY, refuse=OUTSIDERS | {S}),
    "emulation:rating_catalogue": Rule(LOGIN, refuse=OUTSIDERS | {S}),
    "emulation:rating_unit_ratings": Rule(only(L, O, A), loose=only(H)),
    "emulation:record_mine": Rule(LOGIN, loose=only(A)),  # the administrator has no record
    "emulation:record_year": Rule(only(H, L, O, A)),
    "emulation:record_edit": Rule(only(H, L, A), refuse=OUTSIDERS | {S, O}),
    "emulation:record_evidence": Rule(only()),  # no evidence in the world: 404 for all
    "emulation:initiative_list": Rule(LOGIN),
    "emulation:initiative_new": Rule(STATE_OFFICE, refuse=but(L, O, A)),
    "emulation:initiative_edit": Rule(STATE_OFFICE, refuse=but(L, O, A)),
    "emulation:assessment_invite": Rule(only(H, L, O, A), refuse=OUTSIDERS | {S}),
    # External assessors answer by a one-time link, without an account.
    "emulation:assessment_thanks": Rule(PUBLIC),
    "emulation:assessment_answer": Rule(
        only(), refuse=SIGNED_IN, public_link=True
    ),  # no such token
    # Awards: proposals by heads and the office; council pages for its members and the office.
    "awards:proposal_list": Rule(LOGIN),
    "awards:proposal_new": Rule(only(OH, H, L, O, A), refuse=only(ST, C, OS, S)),
    "awards:proposal_detail": Rule(only(H, L, O, A), loose=only(C)),
    "awards:proposal_submit": Rule(POST_ONLY, refuse=OUTSIDERS | {S}),
    # a returned proposal's text, completed by the head of its proposing unit only (issue 11):
    # the office, which returned it, may open it but not edit it
    "awards:proposal_edit": Rule(POST_ONLY, refuse=OUTSIDERS | {S, O}),
    # sending the chosen drafts together (walk-through F6b): a role that proposes nowhere
    # is refused; one that does, sending none of ATTT's, is sent back with an error
    "awards:proposal_send_many": Rule(POST_ONLY, refuse=OUTSIDERS | {S}),
    "awards:proposal_override": Rule(POST_ONLY, refuse=OUTSIDERS | {S, H}),
    "awards:proposal_check": Rule(POST_ONLY, refuse=OUTSIDERS | {S, H}),
    "awards:session_list": Rule(only(H, L, O, C, A)),
    "awards:session_detail": Rule(only(H, L, O, C, A)),
    "awards:session_attendance": Rule(POST_ONLY, refuse=but(L, O, A)),
    "awards:session_reschedule": Rule(POST_ONLY, refuse=but(L, O, A)),
    "awards:session_add_proposals": Rule(POST_ONLY, refuse=but(L, O, A)),
    "awards:session_decide": Rule(POST_ONLY, refuse=but(L, O, A)),
    "awards:session_close": Rule(POST_ONLY, refuse=but(L, O, A)),
    "awards:session_minutes": Rule(only(H, L, O, C, A)),
    "awards:ballot_open": Rule(POST_ONLY, refuse=but(L, O, A)),
    "awards:ballot_list": Rule(only(H, L, O, C, A)),
    # Only council members vote: not the office, not the administrator.
    "awards:ballot_vote": Rule(only(H, L, C), refuse=only(ST, OH, O, OS, S, A)),
    "awards:ballot_close": Rule(POST_ONLY, refuse=but(L, O, A)),
    "awards:decision_list": Rule(STATE_OFFICE),
    "awards:decision_new": Rule(STATE_OFFICE, refuse=but(L, O, A)),
    "awards:decision_detail": Rule(only(), loose=STATE_OFFICE),  # no decision in the world
    "awards:decision_docx": Rule(only(), loose=STATE_OFFICE),
    "awards:decision_pdf": Rule(only(), loose=STATE_OFFICE),
    "awards:certificate_print": Rule(STATE_OFFICE),
    "awards:certificate_layout": Rule(STATE_OFFICE, refuse=but(L, O, A)),
    "awards:certificate_test": Rule(STATE_OFFICE),
    "awards:registry_list": Rule(LOGIN),
    "awards:registry_new": Rule(STATE_OFFICE, refuse=but(L, O, A)),
    "awards:registry_import": Rule(STATE_OFFICE, refuse=but(L, O, A)),
    "awards:registry_revoke": Rule(STATE_OFFICE, refuse=but(L, O, A)),
    "awards:statistics_page": Rule(LOGIN),
    "awards:statistics_export": Rule(LOGIN),
    "awards:review_page": Rule(STATE_OFFICE),
    "awards:review_person": Rule(STATE_OFFICE),
    "awards:review_propose": Rule(POST_ONLY, refuse=but(L, O, A)),
    "awards:eligibility_settings": Rule(STATE_OFFICE, refuse=but(L, O, A)),
    # the yearly round: the office only; the world has no round, so its pages are 404s
    "awards:round_list": Rule(STATE_OFFICE, refuse=but(L, O, A)),
    "awards:round_detail": Rule(only(), loose=STATE_OFFICE),
    "awards:round_job": Rule(only(), loose=STATE_OFFICE),
    "awards:round_step_verdicts": Rule(only(), loose=STATE_OFFICE),
    "awards:round_step_run": Rule(POST_ONLY, refuse=but(L, O, A)),
    "awards:round_step_confirm": Rule(POST_ONLY, refuse=but(L, O, A)),
    "awards:round_step_reopen": Rule(POST_ONLY, refuse=but(L, O, A)),
    "awards:round_verdict_choose": Rule(POST_ONLY, refuse=but(L, O, A)),
    "awards:round_propose": Rule(POST_ONLY, refuse=but(L, O, A)),
    # Party work: only Party roles over the body; state roles have none (issue 10, point 2).
    "party:resolutions": Rule(LOGIN, refuse=NOT_PARTY),  # others upload for their own body
    "party:resolution": Rule(only(S), refuse=NOT_PARTY | {OS}),
    "party:resolution_file": Rule(only(S)),
    "party:meetings": Rule(LOGIN, refuse=NOT_PARTY),
    "party:meeting": Rule(only(S), loose=only(H), refuse=NOT_PARTY | {OS}),  # H may be a member
    "party:inspections": Rule(LOGIN),
    "party:inspection_new": Rule(POST_ONLY, refuse=NOT_PARTY),
    "party:inspection_done": Rule(POST_ONLY, refuse=NOT_PARTY),
    # An inspection by the target cell: only its secretary, never a state role.
    "party:inspection": Rule(only(S)),
    "party:inspection_practice": Rule(POST_ONLY, refuse=NOT_PARTY | {OS}),
    "party:campaign_new": Rule(only(S), refuse=NOT_PARTY | {OS}),
    # The demo's campaign belongs to the ministry's Party committee; a cell's secretary
    # follows it for the cell it reached (results scoped to the cell: tests/party).
    "party:campaign": Rule(only(S, OS)),
    "party:campaign_answers": Rule(LOGIN, loose=SIGNED_IN),
    "party:campaign_export": Rule(only(S, OS)),
    "party:members_import": Rule(only(S, OS), refuse=NOT_PARTY),  # each row: its own test
    # the members of the bodies one may import for: each secretary her own cell (GET only)
    "party:members": Rule(only(S, OS), refuse=NOT_PARTY),
    # Messages: a personal link works only for the person it was sent to.
    "messaging:inbox": Rule(LOGIN),
    "messaging:message": Rule(only()),
    "messaging:acknowledge": Rule(POST_ONLY, refuse=SIGNED_IN),
    # The demo campaign's dispatch (the first one): followed by the committee office that
    # manages it, no matrix role; not by the administrator (a state role gives no Party
    # right) nor by a cell's secretary (their cell's part is on party:campaign).
    "messaging:dispatch_progress": Rule(only()),
    # The SMS gateway's delivery reports: signed by the gateway, no session.
    "messaging:sms_report": Rule(POST_ONLY),
    # The assistant.
    "assistant:chat": Rule(LOGIN),
    "assistant:feedback": Rule(POST_ONLY, refuse=SIGNED_IN),  # nobody's answer
    "assistant:documents": Rule(LOGIN),
    # A document whose audience is ATTT's subtree.
    "assistant:document": Rule(only(H, L, O, S, A)),
    # Questions that found nothing: those who may add documents (issue 14, point 6).
    "assistant:gaps": Rule(only(O, A, S, OS)),
    "assistant:gaps_export": Rule(only(O, A, S, OS)),
}

# API operations, "METHOD /path" as in the OpenAPI schema. Anonymous callers get 401.
OPERATIONS: dict[str, Rule] = {
    "GET /api/v1/org/units": Rule(LOGIN),
    "GET /api/v1/org/people/{person_id}": Rule(LOGIN),
    # Organisation (issue 15): names are public to staff; writes for administrators only.
    "GET /api/v1/org/people": Rule(LOGIN),
    "GET /api/v1/org/units/{unit_id}": Rule(LOGIN),
    "POST /api/v1/org/units": Rule(
        POST_ONLY,
        refuse=but(A),
        post={"code": "THU", "name": "Thử", "kind": "department", "valid_from": "{year}-01-01"},
    ),
    "POST /api/v1/org/units/{unit_id}/rename": Rule(
        POST_ONLY, refuse=but(A), post={"name": "Thử", "effective_on": "{year}-12-31"}
    ),
    "POST /api/v1/org/people/{person_id}/posts": Rule(
        POST_ONLY,
        refuse=but(A),
        post={"unit_id": 1, "position_id": 1, "valid_from": "{year}-12-31"},
    ),
    # The tree's changes, positions, posts and roles (issue 15): administrators only; a
    # person's posts are private as on their page; roles: the administrator the state roles,
    # a Party role the secretary roles of its bodies (the target is ATTT's head's role).
    "POST /api/v1/org/units/{unit_id}/move": Rule(
        POST_ONLY, refuse=but(A), post={"parent_id": None}
    ),
    "POST /api/v1/org/units/{unit_id}/merge": Rule(
        POST_ONLY, refuse=but(A), post={"source_ids": [1], "effective_on": "{year}-12-31"}
    ),
    "POST /api/v1/org/units/{unit_id}/split": Rule(
        POST_ONLY,
        refuse=but(A),
        post={
            "effective_on": "{year}-12-31",
            "into": [
                {"code": "THU1", "name": "Thử 1", "kind": "department"},
                {"code": "THU2", "name": "Thử 2", "kind": "department"},
            ],
        },
    ),
    "GET /api/v1/org/positions": Rule(LOGIN),
    # Dissolving a unit and a new position (issue 15): administrators only.
    "POST /api/v1/org/units/{unit_id}/close": Rule(
        POST_ONLY, refuse=but(A), post={"effective_on": "{year}-12-31"}
    ),
    "POST /api/v1/org/positions": Rule(
        POST_ONLY, refuse=but(A), post={"code": "THU", "name": "Thử", "level": 1}
    ),
    "GET /api/v1/org/people/{person_id}/posts": Rule(only(H, L, O, A), loose=only(S)),
    "GET /api/v1/org/roles": Rule(LOGIN),
    "GET /api/v1/org/roles/{role_id}": Rule(only(A)),
    "POST /api/v1/org/roles": Rule(
        POST_ONLY,
        refuse=but(A),
        post={"person_id": 1, "role": "unit_head", "valid_from": "{year}-12-31", "unit_id": 1},
    ),
    "POST /api/v1/org/roles/{role_id}/end": Rule(
        POST_ONLY, refuse=but(A), post={"valid_to": "{year}-12-31"}
    ),
    # A person's record (issue 15): administrators add a person and change their own fields.
    "POST /api/v1/org/people": Rule(
        POST_ONLY,
        refuse=but(A),
        post={
            "employee_code": "THU-API",
            "full_name": "Thử",
            "unit_id": "{attt}",
            "position_id": 1,
            "category": "cong_chuc",
            "post_from": "{year}-12-31",
        },
    ),
    "PATCH /api/v1/org/people/{person_id}": Rule(
        POST_ONLY, refuse=but(A), post={"full_name": "Thử"}
    ),
    # The Excel import (issue 15): multipart, so a JSON body is a 422 before any check — its
    # refusals are in tests/org/test_api_import.py; here only anonymous. An import job: only
    # its uploader and administrators (none in the world, so the administrator's is a 404).
    "POST /api/v1/org/import": Rule(POST_ONLY),
    "GET /api/v1/org/import/template": Rule(only(A)),
    "GET /api/v1/org/import/jobs/{job_id}": Rule(only(), loose=only(A)),
    "GET /api/v1/goals/programs": Rule(LOGIN),
    "GET /api/v1/goals/goals": Rule(LOGIN),
    "POST /api/v1/goals/goals": Rule(
        POST_ONLY,
        refuse=OUTSIDERS | {S},
        post={
            "title": "Mục tiêu không được phép",
            "period_kind": "year",
            "period_start": "{year}-01-01",
            "period_end": "{year}-12-31",
            "owner_unit_id": "{attt}",
        },
    ),
    "GET /api/v1/goals/goals/{goal_id}": Rule(LOGIN),
    "GET /api/v1/goals/key-results/{kr_id}": Rule(LOGIN),
    # Updates are sent with `If-Match: *` by the matrix, so the refusal is the permission's.
    "PATCH /api/v1/goals/key-results/{kr_id}": Rule(
        POST_ONLY, refuse=OUTSIDERS | {S}, post={"target": "99", "reason": "thử"}
    ),
    "GET /api/v1/goals/check-ins/{checkin_id}": Rule(LOGIN),
    # Only the author corrects a check-in (never verified ones): nobody in the matrix.
    "PATCH /api/v1/goals/check-ins/{checkin_id}": Rule(
        POST_ONLY, refuse=SIGNED_IN, post={"value": "5"}
    ),
    "POST /api/v1/goals/goals/{goal_id}/key-results": Rule(
        POST_ONLY, refuse=OUTSIDERS | {S}, post={"title": "Kết quả không được phép", "target": "9"}
    ),
    "POST /api/v1/goals/key-results/{kr_id}/target": Rule(
        POST_ONLY, refuse=OUTSIDERS | {S}, post={"target": "99", "reason": "thử"}
    ),
    "GET /api/v1/goals/key-results/{kr_id}/check-ins": Rule(LOGIN),
    "POST /api/v1/goals/key-results/{kr_id}/check-ins": Rule(
        POST_ONLY, refuse=OUTSIDERS, post={"value": "5", "confidence": "on_track"}
    ),
    "POST /api/v1/goals/check-ins/{checkin_id}/verify": Rule(POST_ONLY, refuse=OUTSIDERS | {S}),
    "GET /api/v1/goals/tasks": Rule(LOGIN),
    "POST /api/v1/goals/tasks": Rule(POST_ONLY),
    # One task (with its ETag): its owner and those managing them, as changing its status.
    "GET /api/v1/goals/tasks/{task_id}": Rule(only(ST, L, A)),
    "POST /api/v1/goals/tasks/{task_id}/status": Rule(
        POST_ONLY, refuse=only(OH, H, C, OS, S), post={"status": "done"}
    ),
    # The goal pages' actions (issue 15): the target goal is ATTT's, active — nobody accepts,
    # publishes or proposes on it (each its page's rule); its heads link what it supports.
    "POST /api/v1/goals/goals/{goal_id}/accept": Rule(POST_ONLY, refuse=SIGNED_IN),
    "POST /api/v1/goals/goals/{goal_id}/publish": Rule(POST_ONLY, refuse=SIGNED_IN),
    "POST /api/v1/goals/goals/{goal_id}/propose": Rule(
        POST_ONLY, refuse=SIGNED_IN, post={"changes": [{"key_result_id": 1, "target": "5"}]}
    ),
    "POST /api/v1/goals/goals/{goal_id}/supports": Rule(
        POST_ONLY, refuse=OUTSIDERS | {S}, post={"supported_id": "{attt}"}
    ),
    # Closing the goals of an ended period (as the page goals:to_close): heads over the goal
    # close it; the list is each caller's own (empty for most), closing many needs a head.
    "POST /api/v1/goals/goals/{goal_id}/close": Rule(POST_ONLY, refuse=OUTSIDERS | {S, O}),
    "GET /api/v1/goals/to-close": Rule(LOGIN),
    "POST /api/v1/goals/to-close": Rule(POST_ONLY, refuse=only(ST, C, OS, S, O)),
    "GET /api/v1/goals/proposals": Rule(LOGIN),  # each caller's own list
    "POST /api/v1/goals/proposals/{goal_proposal_id}/decide": Rule(
        POST_ONLY, refuse=only(ST, OS, S, C), post={"approve": True}
    ),
    "GET /api/v1/goals/assignments": Rule(LOGIN),
    "GET /api/v1/goals/verification-queue": Rule(LOGIN),
    # Evidence is the unit's private data: its owner and those covering ATTT.
    "GET /api/v1/goals/goals/{goal_id}/evidence": Rule(only(H, L, O, A)),
    "GET /api/v1/goals/check-ins/{checkin_id}/evidence": Rule(only(), loose=only(H, L, O, A)),
    # multipart: a JSON body is refused before the rule (422); the rule's refusals are in
    # tests/goals/test_api_actions.py
    "POST /api/v1/goals/key-results/{kr_id}/check-ins/with-evidence": Rule(POST_ONLY),
    "GET /api/v1/goals/daily-log": Rule(LOGIN),
    "POST /api/v1/goals/daily-log": Rule(POST_ONLY),  # one's own log
    "GET /api/v1/goals/templates": Rule(only(OH, H, L, A)),
    "POST /api/v1/goals/templates/{template_id}/apply": Rule(
        POST_ONLY,
        refuse=only(ST, C, OS, S, O),
        post={"period_kind": "year", "period_start": "{year}-01-01", "period_end": "{year}-12-31"},
    ),
    "GET /api/v1/goals/field-visits": Rule(only(H, OH, L, O, A)),
    "GET /api/v1/goals/field-visits/{visit_id}": Rule(only(H, L, O, A)),
    "POST /api/v1/goals/field-visits": Rule(
        POST_ONLY,
        refuse=only(ST, C, OS, S),
        post={"visited_on": "{year}-01-01", "findings": "Thử", "unit_id": "{attt}"},
    ),
    "POST /api/v1/goals/field-visits/{visit_id}/tasks": Rule(
        POST_ONLY,
        refuse=only(ST, OH, C, OS, S),
        post={"title": "Thử", "owner_id": 1, "due_date": "{year}-12-31"},
    ),
    "POST /api/v1/goals/field-visits/{visit_id}/practices": Rule(
        POST_ONLY, refuse=only(ST, OH, C, OS, S), post={"text": "Thử"}
    ),
    # The ministry dashboard and the monthly review, as their pages: every signed-in user,
    # each counting the goals they may see (the .xlsx by default).
    "GET /api/v1/goals/dashboard": Rule(LOGIN),
    "GET /api/v1/goals/review": Rule(LOGIN),
    "GET /api/v1/goals/review/export": Rule(LOGIN),
    "POST /api/v1/awards/eligibility": Rule(POST_ONLY),
    # the world has no round: 404 for the office, 403 for every other role (tests/awards)
    "GET /api/v1/awards/rounds/{year}": Rule(LOGIN, loose=SIGNED_IN),
    # Proposals (issue 15): the list is the pages' scope, without the achievements; the
    # target is ATTT's proposal, private to its heads and the office (the council: loose).
    "GET /api/v1/awards/proposals": Rule(LOGIN),
    "GET /api/v1/awards/proposals/{proposal_id}": Rule(only(H, L, O, A), loose=only(C)),
    # A proposal's path to the registry (issue 15), as on its pages: ATTT's head and the
    # office check and save a proposal for ATTT (a collective title), submit it; the office
    # overrides, checks, drafts and signs decisions (the world has none), prints certificates.
    "POST /api/v1/awards/proposals/preview": Rule(
        POST_ONLY, refuse=but(H, L, O, A), post={"code": "TLDTT", "year": 2025, "unit_id": "{attt}"}
    ),
    "POST /api/v1/awards/proposals": Rule(
        POST_ONLY, refuse=but(H, L, O, A), post={"code": "TLDTT", "year": 2025, "unit_id": "{attt}"}
    ),
    "POST /api/v1/awards/proposals/{proposal_id}/submit": Rule(POST_ONLY, refuse=OUTSIDERS | {S}),
    # several at once (walk-through F6b); the id is a placeholder: a proposal the role may not
    # see is 404, one it may see but not send 403 (tests/awards/test_proposals_send.py)
    "POST /api/v1/awards/proposals/send": Rule(
        POST_ONLY, refuse=OUTSIDERS | {S}, post={"proposal_ids": [1]}
    ),
    # A returned proposal completed by its unit (issue 11), as the page awards:proposal_edit:
    # only the head of the proposing unit; the office may open it but not edit it (403).
    "PATCH /api/v1/awards/proposals/{proposal_id}": Rule(
        POST_ONLY, refuse=OUTSIDERS | {S, O}, post={"achievements": "Thử"}
    ),
    "POST /api/v1/awards/proposals/{proposal_id}/override": Rule(
        POST_ONLY, refuse=but(L, O, A), post={"reason": "Thử"}
    ),
    "POST /api/v1/awards/proposals/{proposal_id}/check": Rule(
        POST_ONLY, refuse=but(L, O, A), post={"accept": True}
    ),
    "GET /api/v1/awards/decisions": Rule(STATE_OFFICE),
    "POST /api/v1/awards/decisions": Rule(
        POST_ONLY, refuse=but(L, O, A), post={"proposal_ids": [1], "summary": "Thử", "issuer": "Bộ"}
    ),
    "GET /api/v1/awards/decisions/{decision_id}": Rule(only(), loose=STATE_OFFICE),
    "POST /api/v1/awards/decisions/{decision_id}/sign": Rule(
        POST_ONLY, refuse=but(L, O, A), post={"number": "1/QĐ", "signed_on": "{year}-01-02"}
    ),
    "GET /api/v1/awards/decisions/{decision_id}/docx": Rule(only(), loose=STATE_OFFICE),
    "GET /api/v1/awards/decisions/{decision_id}/pdf": Rule(only(), loose=STATE_OFFICE),
    "GET /api/v1/awards/certificates/{award_id}": Rule(STATE_OFFICE),
    "GET /api/v1/awards/certificate-layouts/{code}": Rule(STATE_OFFICE),
    "PUT /api/v1/awards/certificate-layouts/{code}": Rule(
        POST_ONLY, refuse=but(L, O, A), post={"offset_x": 1, "offset_y": 0}
    ),
    # The registry and its statistics are public to staff; the yearly review and the
    # eligibility settings are the office's (as their pages).
    "GET /api/v1/awards/registry": Rule(LOGIN),
    "GET /api/v1/awards/registry/{award_id}": Rule(LOGIN),  # one award, as the registry
    "GET /api/v1/awards/statistics": Rule(LOGIN),
    # The registry's writes: the office (L, O, A), as on the pages. The import is multipart,
    # so a JSON body is a 422 before any check: its refusals are in
    # tests/awards/test_api_registry_writes.py; here only anonymous.
    "POST /api/v1/awards/registry": Rule(
        POST_ONLY,
        refuse=but(L, O, A),
        post={
            "person_id": 1,
            "code": "LDTT",
            "year": 2020,
            "decision_number": "1/QĐ-BTN",
            "decision_date": "2021-01-10",
            "issuer": "Bộ trưởng",
        },
    ),
    "POST /api/v1/awards/registry/import": Rule(POST_ONLY),
    "POST /api/v1/awards/registry/{award_id}/revoke": Rule(
        POST_ONLY, refuse=but(L, O, A), post={"reason": "Thử"}
    ),
    "GET /api/v1/awards/review": Rule(STATE_OFFICE),
    "GET /api/v1/awards/review/{person_id}": Rule(STATE_OFFICE),
    "POST /api/v1/awards/review/propose": Rule(
        POST_ONLY, refuse=but(L, O, A), post={"picks": [{"person_id": 1, "code": "LDTT"}]}
    ),
    # The agency settings (issue 11, point 2): as their page, the office (L, O, A).
    "GET /api/v1/settings/agency": Rule(STATE_OFFICE),
    "GET /api/v1/settings/agency/{key}": Rule(STATE_OFFICE),  # one setting, with its ETag
    # The audit log (issue 15, point 2): as its page, administrators and unit heads (theirs).
    "GET /api/v1/audit/events": Rule(only(A, H, OH)),
    "POST /api/v1/settings/agency/{key}": Rule(
        POST_ONLY,
        refuse=but(L, O, A),
        post={"value": 0.2, "reason": "Thử", "valid_from": "{year}-01-01"},
    ),
    "GET /api/v1/awards/eligibility-settings": Rule(STATE_OFFICE),
    "PUT /api/v1/awards/eligibility-settings": Rule(
        POST_ONLY,
        refuse=but(L, O, A),
        post={"valid_from": "{year}-01-01", "values": {}, "reason": "Thử"},
    ),
    # The round's steps and the council (issue 15): the office (L, O, A) writes, as on the
    # pages; the demo's round (loose for the office) and council, whose members (C, and the
    # demo's H and L) read the sessions and vote.
    "GET /api/v1/awards/rounds": Rule(STATE_OFFICE),
    "POST /api/v1/awards/rounds": Rule(
        POST_ONLY, refuse=but(L, O, A), post={"year": "{year}", "received_on": "{year}-01-15"}
    ),
    "GET /api/v1/awards/rounds/{year}/job": Rule(only(), loose=STATE_OFFICE),
    "POST /api/v1/awards/rounds/{year}/steps/{step}/run": Rule(POST_ONLY, refuse=but(L, O, A)),
    "POST /api/v1/awards/rounds/{year}/steps/{step}/confirm": Rule(POST_ONLY, refuse=but(L, O, A)),
    "POST /api/v1/awards/rounds/{year}/steps/{step}/reopen": Rule(POST_ONLY, refuse=but(L, O, A)),
    "GET /api/v1/awards/rounds/{year}/steps/{step}/verdicts": Rule(only(), loose=STATE_OFFICE),
    "POST /api/v1/awards/round-verdicts/{verdict_id}/choose": Rule(
        POST_ONLY, refuse=but(L, O, A), post={"keep": True, "reason": "Thử"}
    ),
    "POST /api/v1/awards/rounds/{year}/propose": Rule(POST_ONLY, refuse=but(L, O, A)),
    "GET /api/v1/awards/council/sessions": Rule(only(H, L, O, C, A)),
    "POST /api/v1/awards/council/sessions": Rule(
        POST_ONLY, refuse=but(L, O, A), post={"title": "Thử", "held_on": "{year}-12-01"}
    ),
    "GET /api/v1/awards/council/sessions/{session_id}": Rule(only(H, L, O, C, A)),
    "GET /api/v1/awards/council/sessions/{session_id}/minutes": Rule(only(H, L, O, C, A)),
    "POST /api/v1/awards/council/sessions/{session_id}/date": Rule(
        POST_ONLY, refuse=but(L, O, A), post={"held_on": "{year}-12-02"}
    ),
    "POST /api/v1/awards/council/sessions/{session_id}/attendance": Rule(
        POST_ONLY, refuse=but(L, O, A), post={"present_member_ids": []}
    ),
    "POST /api/v1/awards/council/sessions/{session_id}/proposals": Rule(
        POST_ONLY, refuse=but(L, O, A), post={"proposal_ids": [1]}
    ),
    "POST /api/v1/awards/council/sessions/{session_id}/decisions": Rule(
        POST_ONLY, refuse=but(L, O, A), post={"proposal_id": 1, "approve": True}
    ),
    "POST /api/v1/awards/council/sessions/{session_id}/close": Rule(POST_ONLY, refuse=but(L, O, A)),
    "POST /api/v1/awards/council/sessions/{session_id}/ballots": Rule(
        POST_ONLY, refuse=but(L, O, A), post={"proposal_id": 1}
    ),
    "GET /api/v1/awards/ballots": Rule(only(H, L, O, C, A)),
    # A ballot: the members of its session only (as the ballot page).
    "GET /api/v1/awards/ballots/{ballot_id}": Rule(only(H, L, C)),
    "POST /api/v1/awards/ballots/{ballot_id}/vote": Rule(
        POST_ONLY, refuse=only(ST, OH, O, OS, S, A), post={"choice": "yes"}
    ),
    "POST /api/v1/awards/ballots/{ballot_id}/close": Rule(POST_ONLY, refuse=but(L, O, A)),
    "POST /api/v1/assistant/ask": Rule(POST_ONLY),
    # Emulation: movements and registrations are public to staff (drafts: the office).
    "GET /api/v1/emulation/movements": Rule(LOGIN),
    "GET /api/v1/emulation/movements/{movement_id}": Rule(LOGIN),
    # Editing a draft: the office only (the target movement is open: its 422 is in
    # tests/emulation/test_movement_edit_api.py).
    "PATCH /api/v1/emulation/movements/{movement_id}": Rule(
        POST_ONLY, refuse=but(L, O, A), post={"name": "Thử"}
    ),
    "GET /api/v1/emulation/movements/{movement_id}/registrations": Rule(LOGIN),
    # Emulation writes (issue 15): anyone registers themselves; withdrawing, ratings and
    # records follow their pages (the target rating and records are of a person of ATTT).
    "POST /api/v1/emulation/movements/{movement_id}/registrations": Rule(
        POST_ONLY, post={"commitments": "Cam kết thử"}
    ),
    "POST /api/v1/emulation/movements/{movement_id}/registrations/{registration_id}/withdraw": (
        Rule(POST_ONLY, refuse=only(ST, C, OS, S))
    ),
    "GET /api/v1/emulation/ratings/mine": Rule(LOGIN),
    "GET /api/v1/emulation/units/{unit_id}/ratings": Rule(only(H, L, O, A)),
    "GET /api/v1/emulation/ratings/{rating_id}": Rule(only(H, L, O, A)),
    "POST /api/v1/emulation/ratings/{rating_id}/propose": Rule(
        POST_ONLY, refuse=OUTSIDERS | {S}, post={"level": "HT"}
    ),
    "POST /api/v1/emulation/ratings/{rating_id}/approve": Rule(POST_ONLY, refuse=OUTSIDERS | {S}),
    "GET /api/v1/emulation/people/{person_id}/records": Rule(only(H, L, O, A)),
    "GET /api/v1/emulation/records/{record_id}": Rule(only()),  # no record in the world
    "POST /api/v1/emulation/people/{person_id}/records": Rule(
        POST_ONLY,
        refuse=OUTSIDERS | {S, O},
        post={"year": "{year}", "post_id": 1, "achievements": "Thử"},
    ),
    "PATCH /api/v1/emulation/records/{record_id}": Rule(
        POST_ONLY, refuse=SIGNED_IN, post={"products": "Thử"}
    ),
    "GET /api/v1/emulation/initiatives": Rule(LOGIN),
    "GET /api/v1/emulation/initiatives/{initiative_id}": Rule(LOGIN),
    "POST /api/v1/emulation/initiatives": Rule(
        POST_ONLY,
        refuse=but(L, O, A),
        post={"title": "Thử", "scope": "bo", "year": "{year}", "author_ids": [1]},
    ),
    # A movement's steps, scores and lessons (issue 15): the office advances and publishes;
    # scores and rankings are the office's and the council's until published; lessons of
    # ATTT by those working in or heading it, adoptions by heads. The target rating is of a
    # person of ATTT without an account: nobody self-assesses or appeals it.
    "POST /api/v1/emulation/movements/{movement_id}/advance": Rule(POST_ONLY, refuse=but(L, O, A)),
    "POST /api/v1/emulation/movements/{movement_id}/publish-results": Rule(
        POST_ONLY, refuse=but(L, O, A)
    ),
    "GET /api/v1/emulation/movements/{movement_id}/criteria": Rule(LOGIN),
    "GET /api/v1/emulation/movements/{movement_id}/scores": Rule(only(H, L, O, C, A)),
    "POST /api/v1/emulation/movements/{movement_id}/scores": Rule(
        POST_ONLY,
        refuse=but(H, L, O, A, C),
        post={"scores": [{"registration_id": 1, "criterion_id": 1, "points": "1"}]},
    ),
    "POST /api/v1/emulation/movements/{movement_id}/scores/compute": Rule(
        POST_ONLY, refuse=but(H, L, O, A, C)
    ),
    "GET /api/v1/emulation/movements/{movement_id}/rankings": Rule(only(H, L, O, C, A)),
    "GET /api/v1/emulation/lessons": Rule(LOGIN),
    "GET /api/v1/emulation/lessons/{lesson_id}": Rule(LOGIN),
    "POST /api/v1/emulation/lessons": Rule(
        POST_ONLY, refuse=OUTSIDERS, post={"unit_id": "{attt}", "title": "Thử", "summary": "Thử"}
    ),
    "POST /api/v1/emulation/lessons/{lesson_id}/adoptions": Rule(
        POST_ONLY, refuse=OUTSIDERS | {S}, post={"unit_id": "{attt}"}
    ),
    "POST /api/v1/emulation/people/{person_id}/ratings/{year}/prepare": Rule(
        POST_ONLY, refuse=OUTSIDERS | {S}
    ),
    "POST /api/v1/emulation/ratings/{rating_id}/self-assessment": Rule(
        POST_ONLY, refuse=SIGNED_IN, post={"text": "Thử"}
    ),
    "POST /api/v1/emulation/ratings/{rating_id}/conduct-facts": Rule(
        POST_ONLY, refuse=OUTSIDERS | {S}
    ),
    "POST /api/v1/emulation/ratings/{rating_id}/publish": Rule(POST_ONLY, refuse=OUTSIDERS | {S}),
    "GET /api/v1/emulation/ratings/{rating_id}/appeals": Rule(only(H, L, O, A)),
    "POST /api/v1/emulation/ratings/{rating_id}/appeals": Rule(
        POST_ONLY, refuse=SIGNED_IN, post={"text": "Thử"}
    ),
    "POST /api/v1/emulation/rating-appeals/{appeal_id}/decide": Rule(
        POST_ONLY, refuse=SIGNED_IN, post={"upheld": False, "note": "Thử"}
    ),
    # What the emulation pages offered beyond (issue 15): drafting a movement (the office);
    # a unit's work-item catalogue (public; its head and the office add); a person's month
    # and period scores (private; the head scoring the person writes, never the office);
    # the head's sheet, caps and unit preparation; the approver's list (each their own);
    # unit ratings (the office). The world has no unit rating: its reads are 404.
    "POST /api/v1/emulation/movements": Rule(
        POST_ONLY,
        refuse=but(L, O, A),
        post={
            "name": "Thử",
            "kind": "regular",
            "objectives": "Thử",
            "period_start": "{year}-01-01",
            "period_end": "{year}-12-31",
            "launched_by_id": "{attt}",
            "scope_unit_ids": ["{attt}"],
            "criteria": [{"name": "Thử", "max_points": "10"}],
        },
    ),
    "GET /api/v1/emulation/units/{unit_id}/work-items": Rule(LOGIN),
    "POST /api/v1/emulation/units/{unit_id}/work-items": Rule(
        POST_ONLY,
        refuse=OUTSIDERS | {S},
        post={"code": "THU", "name": "Thử", "conversion_factor": "1"},
    ),
    "GET /api/v1/emulation/people/{person_id}/months/{year}/{month}": Rule(only(H, L, O, A)),
    "POST /api/v1/emulation/people/{person_id}/months/{year}/{month}/work": Rule(
        POST_ONLY, refuse=OUTSIDERS | {S, O}, post={"item_type_id": 1, "assigned": 1}
    ),
    "DELETE /api/v1/emulation/people/{person_id}/months/{year}/{month}/work/{assignment_id}": (
        Rule(POST_ONLY, refuse=OUTSIDERS | {S, O})
    ),
    "POST /api/v1/emulation/people/{person_id}/months/{year}/{month}/score": Rule(
        POST_ONLY, refuse=OUTSIDERS | {S, O}, post={"general_points": 20}
    ),
    "GET /api/v1/emulation/people/{person_id}/scores": Rule(only(H, L, O, A)),
    "GET /api/v1/emulation/units/{unit_id}/rating-sheet": Rule(only(H, L, O, A)),
    "POST /api/v1/emulation/units/{unit_id}/rating-caps": Rule(
        POST_ONLY, refuse=OUTSIDERS | {S}, post={"year": "{year}"}
    ),
    "POST /api/v1/emulation/units/{unit_id}/ratings/{year}/prepare": Rule(
        POST_ONLY, refuse=OUTSIDERS | {S}
    ),
    "POST /api/v1/emulation/ratings/{rating_id}/task-group": Rule(
        POST_ONLY, refuse=OUTSIDERS | {S}, post={"task_group": "Thử"}
    ),
    "GET /api/v1/emulation/rating-approvals": Rule(LOGIN),
    "GET /api/v1/emulation/units/{unit_id}/unit-ratings": Rule(STATE_OFFICE),
    "POST /api/v1/emulation/unit-ratings": Rule(
        POST_ONLY,
        refuse=but(L, O, A),
        post={
            "unit_id": "{attt}",
            "year": "{year}",
            "score": "80",
            "tasks_total": 1,
            "tasks_done": 1,
            "tasks_on_time": 1,
            "tasks_exceeding": 0,
        },
    ),
    "GET /api/v1/emulation/unit-ratings/{unit_rating_id}": Rule(only(), loose=STATE_OFFICE),
    "POST /api/v1/emulation/unit-ratings/{unit_rating_id}/confirm": Rule(
        POST_ONLY, refuse=but(L, O, A), post={"level": "HT"}
    ),
    # Evidence (the world has no record: 404; attaching is multipart, so a JSON body is a 422
    # before any check — its refusals are in tests/emulation/test_api_more_records.py), the
    # register's edits (the office), invitations for a director (ATTT's person is none: 403
    # for all) and the office's queue of good practices.
    "GET /api/v1/emulation/records/{record_id}/evidence": Rule(only()),
    "POST /api/v1/emulation/records/{record_id}/evidence": Rule(POST_ONLY),
    "DELETE /api/v1/emulation/records/{record_id}/evidence": Rule(POST_ONLY, refuse=SIGNED_IN),
    "PATCH /api/v1/emulation/initiatives/{initiative_id}": Rule(
        POST_ONLY, refuse=but(L, O, A), post={"title": "Thử"}
    ),
    "POST /api/v1/emulation/people/{person_id}/records/{year}/invitations": Rule(
        POST_ONLY, refuse=OUTSIDERS | {S}, post={"count": 1}
    ),
    "GET /api/v1/emulation/people/{person_id}/records/{year}/assessments": Rule(only(H, L, O, A)),
    # An external assessor's answer: the link's token is the credential (no account needed),
    # so only a real link is answered — a made-up one is a 404 for everyone.
    "POST /api/v1/emulation/assessments/answer": Rule(
        POST_ONLY,
        refuse=SIGNED_IN,
        post={"token": "khong-phai-duong-dan-that-0123456789", "score": 4, "comment": "Thử"},
    ),
    "GET /api/v1/emulation/practices/proposed": Rule(LOGIN),
    "POST /api/v1/emulation/practices/{practice_id}/publish": Rule(
        POST_ONLY, refuse=but(L, O, A), post={"title": "Thử", "summary": "Thử"}
    ),
    "POST /api/v1/emulation/practices/{practice_id}/decline": Rule(
        POST_ONLY, refuse=but(L, O, A), post={"reason": "Thử"}
    ),
    # Messages: each person's own inbox; the target message is a member of ATTT's with no
    # login, so nobody in the matrix reads or acknowledges it.
    "GET /api/v1/messaging/inbox": Rule(LOGIN),
    "GET /api/v1/messaging/messages/{message_id}": Rule(only()),
    "POST /api/v1/messaging/messages/{message_id}/read": Rule(POST_ONLY, refuse=SIGNED_IN),
    "POST /api/v1/messaging/messages/{message_id}/acknowledge": Rule(POST_ONLY, refuse=SIGNED_IN),
    # The bell: each person's own notifications; the target is the unit head's.
    "GET /api/v1/messaging/notifications": Rule(LOGIN),
    "GET /api/v1/messaging/notifications/unread-count": Rule(LOGIN),
    "POST /api/v1/messaging/notifications/{notification_id}/read": Rule(POST_ONLY, refuse=but(H)),
    "POST /api/v1/messaging/notifications/read-all": Rule(POST_ONLY),
    # A dispatch's progress, as messaging:dispatch_progress (the demo campaign's dispatch,
    # followed by the committee office only: no matrix role).
    "GET /api/v1/messaging/dispatches/{dispatch_id}/progress": Rule(only()),
    # Teams and giao ban as their pages (teams:detail, meetings:detail): ATTT's team led by
    # its head, ATTT's meeting chaired by its head. Forming a team or planning a meeting of
    # ATTT: its head (with any lead: not tried), leadership and the administrator.
    "GET /api/v1/teams/teams": Rule(LOGIN),
    "GET /api/v1/teams/teams/{team_id}": Rule(only(H, L, O, A)),
    "POST /api/v1/teams/teams": Rule(
        POST_ONLY,
        refuse=but(H, L, A),
        post={
            "name": "Thử",
            "unit_id": "{attt}",
            "lead_id": 1,
            "period_start": "{year}-01-01",
            "period_end": "{year}-12-31",
        },
    ),
    "POST /api/v1/teams/teams/{team_id}/members": Rule(
        POST_ONLY, refuse=only(ST, OH, C, O, OS, S), post={"person_id": 1}
    ),
    "POST /api/v1/teams/teams/{team_id}/members/{person_id}/remove": Rule(
        POST_ONLY, refuse=only(ST, OH, C, O, OS, S)
    ),
    "POST /api/v1/teams/teams/{team_id}/close": Rule(POST_ONLY, refuse=only(ST, OH, C, O, OS, S)),
    "POST /api/v1/teams/teams/{team_id}/goals": Rule(
        POST_ONLY,
        refuse=only(ST, OH, C, O, OS, S),
        post={"title": "Thử", "key_results": [{"title": "Thử", "target": "1"}]},
    ),
    "GET /api/v1/meetings/briefings": Rule(LOGIN),
    "GET /api/v1/meetings/briefings/{briefing_id}": Rule(only(H, L, O, A, S)),
    # The agenda (everyone's overdue tasks and stale key results) is for those taking part:
    # the secretary works in a Phòng of ATTT, below its giao ban (issue 13, B4); the page
    # still opens for her with the conclusions only.
    "GET /api/v1/meetings/briefings/{briefing_id}/agenda": Rule(only(H, L, O, A)),
    "GET /api/v1/meetings/briefings/{briefing_id}/notice": Rule(only(H, L, O, A)),
    "POST /api/v1/meetings/briefings": Rule(
        POST_ONLY,
        refuse=but(H, L, A),
        post={"unit_id": "{attt}", "year": "{year}", "month": 1, "held_on": "{year}-01-05"},
    ),
    "POST /api/v1/meetings/briefings/{briefing_id}/conclusions": Rule(
        POST_ONLY, refuse=only(ST, OH, C, O, OS, S), post={"text": "Thử"}
    ),
    "DELETE /api/v1/meetings/briefings/{briefing_id}/conclusions/{conclusion_id}": Rule(
        POST_ONLY, refuse=only(ST, OH, C, O, OS, S)
    ),
    "POST /api/v1/meetings/briefings/{briefing_id}/close": Rule(
        POST_ONLY, refuse=only(ST, OH, C, O, OS, S)
    ),
    # Party (issue 15): the pages' rules — Party roles over the body only, never a state
    # role (NOT_PARTY). Targets: the target cell (its secretary S), its resolution, meeting
    # and inspection, and the demo's committee-wide campaign (S and OS follow it for their
    # cells; only the committee's office above them manages it).
    "GET /api/v1/party/bodies": Rule(LOGIN),
    "GET /api/v1/party/bodies/{body_id}/members": Rule(only(S)),
    "GET /api/v1/party/bodies/{body_id}": Rule(only(S)),
    "GET /api/v1/party/memberships/{membership_id}": Rule(only(S)),
    "GET /api/v1/party/resolutions": Rule(LOGIN),
    "GET /api/v1/party/resolutions/{resolution_id}": Rule(only(S)),
    "GET /api/v1/party/resolutions/{resolution_id}/digest": Rule(only(S)),
    "POST /api/v1/party/resolutions/{resolution_id}/digest/approve": Rule(
        POST_ONLY, refuse=NOT_PARTY | {OS}
    ),
    "GET /api/v1/party/digests/to-approve": Rule(LOGIN),
    "GET /api/v1/party/campaigns": Rule(LOGIN),
    "GET /api/v1/party/campaigns/{campaign_id}": Rule(only(S, OS)),
    "GET /api/v1/party/campaigns/{campaign_id}/acknowledgements": Rule(only(S, OS)),
    "GET /api/v1/party/campaigns/{campaign_id}/results": Rule(only(S, OS)),  # their cells' rows
    "GET /api/v1/party/campaigns/{campaign_id}/preview": Rule(only()),  # who sends it: nobody here
    # A draft previewed from the input of creating one: the resolution's manager (S's is a draft,
    # another cell's secretary: tests/party/test_api_counts_preview.py); writes nothing.
    "POST /api/v1/party/campaigns/preview": Rule(
        POST_ONLY,
        refuse=NOT_PARTY,
        post={"resolution_id": 1, "audience": "cells", "body_ids": [1]},
    ),
    "POST /api/v1/party/resolutions/{resolution_id}/campaigns": Rule(
        POST_ONLY, refuse=NOT_PARTY | {OS}, post={"audience": "cells", "body_ids": [1]}
    ),
    "POST /api/v1/party/campaigns/{campaign_id}/send": Rule(POST_ONLY, refuse=SIGNED_IN),
    "GET /api/v1/party/meetings": Rule(LOGIN),
    "GET /api/v1/party/meetings/{meeting_id}": Rule(only(S), loose=only(H)),  # H may be a member
    "POST /api/v1/party/meetings": Rule(
        POST_ONLY,
        refuse=but(S),
        post={"cell_id": 1, "held_on": "{year}-12-01", "agenda": "Thử", "hard_problem": "Thử"},
    ),
    "POST /api/v1/party/meetings/{meeting_id}/proposals": Rule(
        POST_ONLY, refuse=NOT_PARTY - {H} | {OS}, post={"text": "Giải pháp thử"}
    ),
    "GET /api/v1/party/inspections": Rule(LOGIN),
    # The page's counts for a term: who covers a Party body (each her own cell); others 403.
    "GET /api/v1/party/inspections/counts": Rule(only(S, OS)),
    "GET /api/v1/party/inspections/{inspection_id}": Rule(only(S)),
    "POST /api/v1/party/inspections": Rule(
        POST_ONLY,
        refuse=NOT_PARTY,
        post={"kind": "kiem_tra", "by_body_id": 1, "planned_on": "{year}-12-01", "subject": "Thử"},
    ),
    "POST /api/v1/party/inspections/{inspection_id}/done": Rule(
        POST_ONLY, refuse=NOT_PARTY | {OS}, post={"done_on": "{year}-01-01", "findings": "Thử"}
    ),
    # Party writes (issue 15): uploads are multipart, so a JSON body is a 422 before any
    # check — their refusals are in tests/party/test_api_writes.py; here only anonymous.
    "POST /api/v1/party/resolutions": Rule(POST_ONLY),
    "POST /api/v1/party/members/import": Rule(POST_ONLY),
    # Bodies and memberships one at a time (issue 15): a new body under body 1 (the top
    # committee, covered by no role here); the target cell renamed by its secretary, dissolved
    # only by the body above (its secretary too is refused); a member added to body 1 by no
    # role here; the cell's membership given another role or ended by its secretary.
    "POST /api/v1/party/bodies": Rule(
        POST_ONLY,
        refuse=SIGNED_IN,
        post={
            "code": "THU",
            "name": "Thử",
            "kind": "cell",
            "parent_id": 1,
            "valid_from": "{year}-01-01",
        },
    ),
    "PATCH /api/v1/party/bodies/{body_id}": Rule(
        POST_ONLY, refuse=NOT_PARTY | {OS}, post={"name": "Thử"}
    ),
    "POST /api/v1/party/bodies/{body_id}/close": Rule(
        POST_ONLY, refuse=SIGNED_IN, post={"valid_to": "{year}-12-31"}
    ),
    "POST /api/v1/party/memberships": Rule(
        POST_ONLY,
        refuse=SIGNED_IN,
        post={
            "person_id": 1,
            "organization_id": 1,
            "joined_party_on": "{year}-01-01",
            "valid_from": "{year}-12-31",
        },
    ),
    "POST /api/v1/party/memberships/{membership_id}/role": Rule(
        POST_ONLY, refuse=NOT_PARTY | {OS}, post={"role": "member", "valid_from": "{year}-12-31"}
    ),
    "POST /api/v1/party/memberships/{membership_id}/end": Rule(
        POST_ONLY, refuse=NOT_PARTY | {OS}, post={"valid_to": "{year}-12-31"}
    ),
    "PATCH /api/v1/party/resolutions/{resolution_id}": Rule(
        POST_ONLY, refuse=NOT_PARTY | {OS}, post={"classification": "mat"}
    ),
    "GET /api/v1/party/resolutions/{resolution_id}/file": Rule(only(S)),
    "PUT /api/v1/party/resolutions/{resolution_id}/digest": Rule(
        POST_ONLY, refuse=NOT_PARTY | {OS}, post={"points": [{"text": "Ý thử"}]}
    ),
    # The committee-wide campaign: only the committee's office manages it (not in the matrix);
    # each cell's secretary it reached reminds her own cell's members (walk-through C1; the
    # scope of her reminder: tests/party/test_cell_follows_campaign.py).
    "POST /api/v1/party/campaigns/{campaign_id}/reminders": Rule(
        POST_ONLY, refuse=but(S, OS), post={"after_days": 1}
    ),
    # Its questions and answers: the members it reached only — as Party members, every role
    # here but the administrator (who is none); their answers are in the apps' own tests.
    "GET /api/v1/party/campaigns/{campaign_id}/questions": Rule(but(A)),
    "POST /api/v1/party/campaigns/{campaign_id}/answers": Rule(
        POST_ONLY, refuse=only(A), post={"point_id": 1, "answer": "Thử"}
    ),
    "POST /api/v1/party/meetings/{meeting_id}/choice": Rule(
        POST_ONLY, refuse=but(S), post={"proposal_id": 1}
    ),
    "POST /api/v1/party/meetings/{meeting_id}/held": Rule(POST_ONLY, refuse=but(S)),
    "POST /api/v1/party/inspections/{inspection_id}/practices": Rule(
        POST_ONLY, refuse=NOT_PARTY | {OS}, post={"text": "Cách làm thử"}
    ),
    # The HR sync: administrators only, as its pages (tests/api/test_api_org_sync.py).
    "GET /api/v1/org/hr-sync/runs": Rule(only(A)),
    "GET /api/v1/org/hr-sync/runs/{run_id}": Rule(only(A)),
    "POST /api/v1/org/hr-sync/runs": Rule(POST_ONLY, refuse=but(A)),
    "GET /api/v1/assistant/history": Rule(LOGIN),
    # The questions found no basis for: as the gaps page (document owners).
    "GET /api/v1/assistant/gaps": Rule(only(O, A, S, OS)),
    # The documents library (issue 15, point 2), as its pages: the list for everyone, the
    # document of ATTT's audience for its readers; the upload is multipart, so a JSON body is
    # a 422 before any check (its refusals: tests/assistant/test_api_documents.py); changing
    # and deleting it: its uploader, the administrator.
    "GET /api/v1/assistant/documents": Rule(LOGIN),
    "GET /api/v1/assistant/documents/{document_id}": Rule(only(H, L, O, S, A)),
    "POST /api/v1/assistant/documents": Rule(POST_ONLY),
    "PATCH /api/v1/assistant/documents/{document_id}": Rule(
        POST_ONLY, refuse=but(A), post={"title": "Thử"}
    ),
    "DELETE /api/v1/assistant/documents/{document_id}": Rule(POST_ONLY, refuse=but(A)),
    "POST /api/v1/assistant/answers/{exchange_id}/feedback": Rule(
        POST_ONLY, refuse=SIGNED_IN, post={"feedback": "useful"}
    ),
}
