"""Readable names for audit actions: the audit page never shows a raw action code.

Every action is declared once, in its app's choices.py, as a member of a subclass of
`core.choices.AuditAction` (its value the stored code, its label the words). `ACTION_LABELS`
reads them all (each installed thidua app's choices module is imported on first use), plus
the table below of actions not moved yet; `is_declared` tells `audit_record` whether an
action may be recorded."""

import importlib
from collections.abc import Iterator, Mapping
from typing import Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .choices import AuditAction

_UNMOVED_LABELS = {
    "access_token.created": _("Access token created"),
    "access_token.revoked": _("Access token revoked"),
    "accounts.directory_linked": _("Account linked to the directory"),
    "assistant.document_changed": _("Assistant document changed"),
    "assistant.document_deleted": _("Assistant document deleted"),
    "assistant.document_uploaded": _("Assistant document uploaded"),
    "award.imported": _("Awards imported"),
    "award.recorded": _("Award recorded in the registry"),
    "award.revoked": _("Award revoked"),
    "ballot.closed": _("Ballot closed"),
    "ballot.opened": _("Ballot opened"),
    "ballot.participated": _("Council member voted"),
    "certificate_layout.changed": _("Certificate layout changed"),
    "checkin.created": _("Check-in recorded"),
    "checkin.updated": _("Check-in corrected"),
    "checkin.verified": _("Check-in verified"),
    "criterion_scores.computed": _("Criterion scores computed"),
    "criterion_scores.set": _("Criterion scores entered"),
    "decision.created": _("Award decision drafted"),
    "decision.signed": _("Award decision signed"),
    "external_assessment.answered": _("External assessment answered"),
    "external_assessment.invited": _("External assessment requested"),
    "field_visit.recorded": _("Field visit recorded"),
    "field_visit.task_added": _("Follow-up task of a field visit added"),
    "goal.accepted": _("Goal accepted"),
    "goal.activated": _("Goal activated"),
    "goal.assigned": _("Goal assigned"),
    "goal.changes_proposed": _("Goal changes proposed"),
    "goal.created": _("Goal created"),
    "goal.deleted": _("Goal deleted"),
    "goal.parent_set": _("Goal linked to a parent goal"),
    "goal.proposal_decided": _("Goal change proposal decided"),
    "goal.supports_linked": _("Supporting goal linked"),
    "goal_template.applied": _("Goal template applied"),
    "goals.refreshed_nightly": _("Goals refreshed overnight"),
    "goals.checkin_measured": _("Measured value checked in automatically"),
    "initiative.registered": _("Initiative registered"),
    "initiative.updated": _("Initiative updated"),
    "key_result.added": _("Key result added"),
    "key_result.target_changed": _("Key result target changed"),
    "lesson.adopted": _("Lesson adopted"),
    "lesson.created": _("Lesson recorded"),
    "messaging.delivery_acknowledged": _("Message acknowledged"),
    "messaging.delivery_read": _("Message read"),
    "messaging.dispatch_created": _("Message dispatch created"),
    "messaging.dispatch_queued": _("Message dispatch queued"),
    "messaging.dispatch_resumed": _("Message dispatch resumed"),
    "messaging.dispatch_sent": _("Message dispatch sent"),
    "movement.created": _("Emulation movement created"),
    "movement.results_published": _("Movement results published"),
    "movement.status_changed": _("Movement status changed"),
    "movement.updated": _("Draft emulation movement edited"),
    "org.hr_changes_due": _("Dated HR changes took effect (leaves, moves)"),
    "org.hr_synced": _("People synced from the HR system"),
    "org.imported": _("People and units imported"),
    "org.person.hr_synced": _("Person changed by the HR sync"),
    "org.person.imported": _("Person imported or updated"),
    "org.unit.imported": _("Unit imported or updated"),
    "party.campaign.answer_edited": _("Campaign answer edited"),
    "party.campaign.answered": _("Campaign answered"),
    "party.campaign.created": _("Campaign created"),
    "party.campaign.reminded": _("Campaign reminder sent"),
    "party.campaign.sent": _("Campaign sent"),
    "party.demo.inspections_loaded": _("Demo inspections loaded"),
    "party.digest.approved": _("Key-point digest approved"),
    "party.digest.edited": _("Key-point digest edited"),
    "party.inspection.done": _("Inspection done"),
    "party.inspection.planned": _("Inspection planned"),
    "practice.declined": _("Proposed lesson not published"),
    "practice.proposed": _("Good practice proposed as a lesson"),
    "practice.published": _("Proposed lesson published"),
    "party.meeting.created": _("Cell meeting created"),
    "party.meeting.held": _("Cell meeting held"),
    "party.meeting.solution_chosen": _("Meeting solution chosen"),
    "party.meeting.solution_proposed": _("Meeting solution proposed"),
    "party.members.imported": _("Party members imported"),
    "party.membership.imported": _("Party membership imported"),
    "party.membership_set": _("Party membership changed"),
    "party.membership_ended": _("Party membership ended"),
    "party.membership.created_in_admin": _("Party membership added in administration"),
    "party.membership.changed_in_admin": _("Party membership changed in administration"),
    "party.membership.deleted_in_admin": _("Party membership deleted in administration"),
    "party.resolution.classification_set": _("Resolution classification changed"),
    "party.resolution.uploaded": _("Resolution uploaded"),
    "party_org.created": _("Party body created"),
    "party_org.renamed": _("Party body renamed"),
    "party_org.closed": _("Party body dissolved"),
    "period_score.computed": _("Monthly score computed"),
    "person.created": _("Person created"),
    "person.post_assigned": _("Post assigned"),
    "person.updated": _("Person details changed"),
    "proposal.approved": _("Award proposal approved"),
    "proposal.ballot_opened": _("Ballot opened on a proposal"),
    "proposal.checked": _("Award proposal checked"),
    "proposal.created": _("Award proposal created"),
    "proposal.created_from_round": _("Award proposal created from the yearly round"),
    "awards.round_started": _("Commendation round opened"),
    "awards.round_step_confirmed": _("Round step confirmed"),
    "awards.round_verdict_chosen": _("Round verdict kept or dropped by the office"),
    "awards.settings_changed": _("Eligibility settings changed"),
    "proposal.decided": _("Award proposal decided"),
    "proposal.in_council": _("Award proposal sent to the council"),
    "proposal.overridden": _("Award proposal accepted by exception"),
    "proposal.rejected": _("Award proposal rejected"),
    "proposal.returned": _("Award proposal returned"),
    "proposal.submitted": _("Award proposal submitted"),
    "proposals.created_from_round": _("Award proposals created in bulk from the yearly round"),
    "rating.appeal_decided": _("Rating appeal decided"),
    "rating.conduct_facts_recorded": _("Conduct facts recorded on the rating"),
    "rating.appealed": _("Rating appealed"),
    "rating.approved": _("Rating approved"),
    "rating.prepared": _("Rating prepared"),
    "rating.proposed": _("Rating level proposed"),
    "rating.published": _("Rating published"),
    "rating.self_assessed": _("Self-assessment written"),
    "rating.task_group_set": _("Task group set"),
    "registration.created": _("Emulation registration made"),
    "registration.withdrawn": _("Emulation registration withdrawn"),
    "role.granted": _("Role granted"),
    "role.revoked": _("Role revoked"),
    "role.created_in_admin": _("Role added in administration"),
    "role.changed_in_admin": _("Role changed in administration"),
    "role.deleted_in_admin": _("Role deleted in administration"),
    "session.attendance": _("Council attendance recorded"),
    "session.closed": _("Council session closed"),
    "session.created": _("Council session created"),
    "session.proposals_added": _("Proposals added to a council session"),
    "meeting.created": _("Giao ban meeting planned"),
    "meeting.conclusion_added": _("Giao ban conclusion recorded"),
    "meeting.conclusion_deleted": _("Giao ban conclusion removed"),
    "meeting.closed": _("Giao ban meeting closed"),
    "task.created": _("Task created"),
    "task.status_set": _("Task status changed"),
    "unit.created": _("Unit created"),
    "unit.merged": _("Units merged"),
    "unit.moved": _("Unit moved"),
    "team.created": _("Team formed"),
    "team.member_added": _("Team member added"),
    "team.goal_created": _("Team goal set"),
    "team.member_removed": _("Team member removed"),
    "team.closed": _("Team closed"),
    "unit.renamed": _("Unit renamed"),
    "unit.split": _("Unit split"),
    "unit.dissolved": _("Unit dissolved"),
    "position.created": _("Position created"),
    "unit_rating.computed": _("Unit rating computed"),
    "unit_rating.set": _("Unit rating confirmed"),
    "user.language_set": _("Language changed"),
    "value_record.created": _("Value-created record added"),
    "value_record.updated": _("Value-created record updated"),
    "work_assignment.deleted": _("Work assignment deleted"),
    "work_assignment.recorded": _("Work assignment recorded"),
    "work_item_type.created": _("Work item type created"),
}


def _declared_classes() -> list[type[AuditAction]]:
    for config in apps.get_app_configs():
        if config.name.startswith("thidua."):
            try:
                importlib.import_module(f"{config.name}.choices")
            except ModuleNotFoundError as error:
                if error.name != f"{config.name}.choices":
                    raise
    found, queue = [], list(AuditAction.__subclasses__())
    while queue:
        cls = queue.pop()
        found.append(cls)
        queue.extend(cls.__subclasses__())
    return found


class _ActionLabels(Mapping[str, Any]):
    """{code: label} of every declared action, built on first use (after the apps load)."""

    _table: dict[str, Any] | None = None

    def _labels(self) -> dict[str, Any]:
        if self._table is None:
            table = dict(_UNMOVED_LABELS)
            for cls in _declared_classes():
                for member in cls:
                    if member.value in table and table[member.value] != member.label:
                        raise ImproperlyConfigured(f"audit action {member.value!r} declared twice")
                    table[member.value] = member.label
            if not apps.ready:
                return table
            self._table = table
        return self._table

    def __getitem__(self, code: str) -> Any:
        return self._labels()[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self._labels())

    def __len__(self) -> int:
        return len(self._labels())


ACTION_LABELS: Mapping[str, Any] = _ActionLabels()


def is_declared(code: str) -> bool:
    """Whether `code` may be recorded: a declared action, or an administration change of a
    model ("<app>.<model>.created_in_admin", …)."""
    if code in ACTION_LABELS:
        return True
    model_label, _dot, verb = code.rpartition(".")
    if verb in ADMIN_VERBS and model_label:
        return True
    # A class declared after the table was built (a test's own actions).
    return any(code == member.value for cls in _declared_classes() for member in cls)


ADMIN_VERBS = {
    "created_in_admin": _("%(object)s added in administration"),
    "changed_in_admin": _("%(object)s changed in administration"),
    "deleted_in_admin": _("%(object)s deleted in administration"),
}


# Stored values that are codes of no choice field (an API token's scopes, …): each app
# registers their words here (in its AppConfig.ready), so the audit log never shows a code.
VALUE_LABELS: dict[str, Any] = {}


def register_value_labels(labels: dict[str, Any]) -> None:
    VALUE_LABELS.update(labels)


def action_label(code: str) -> str:
    """The action's name in the user's language; an unknown code reads as a generic change."""
    if code in ACTION_LABELS:
        return str(ACTION_LABELS[code])
    model_label, _dot, verb = code.rpartition(".")
    if verb in ADMIN_VERBS:
        try:
            name = apps.get_model(model_label)._meta.verbose_name
        except (LookupError, ValueError):
            name = _("object")
        return capfirst(str(ADMIN_VERBS[verb]) % {"object": name})
    return str(_("Other change"))
