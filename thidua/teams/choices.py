from django.utils.translation import gettext_lazy as _

from thidua.core.choices import AuditAction


class TeamsAudit(AuditAction):
    """The teams app's audit actions: a team formed, its members, its goals, its closing."""

    TEAM_CREATED = "team.created", _("Team formed")
    MEMBER_ADDED = "team.member_added", _("Team member added")
    MEMBER_REMOVED = "team.member_removed", _("Team member removed")
    TEAM_CLOSED = "team.closed", _("Team closed")
    GOAL_CREATED = "team.goal_created", _("Team goal set")
