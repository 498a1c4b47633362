"""Writes for goals. One transaction per user action, permission checked, audited.

Split by reason to change; every public name (but fieldwork.py's) is re-exported here, so
`from thidua.goals import services; services.goal_create(...)` keeps working:
- goals.py: goals (create, assign, accept, activate, change proposals, parent, links);
- closing.py: goals closed once their period has ended;
- key_results.py: key results, their targets and check-ins;
- refresh.py: set-based roll-ups of progress and risk, snapshots, the nightly refresh;
- programs.py: programmes and their successors;
- work.py: tasks and daily work logs;
- templates.py: goal templates applied for a period;
- fieldwork.py: field visits and good practices, imported on its own
  (`from thidua.goals.services import fieldwork`);
- _common.py: input checks and small helpers the others share.
"""

from ._common import COUNTED, PROGRESS_FIELD, to_decimal
from .closing import goal_close, goals_close_ended
from .goals import (
    goal_accept,
    goal_activate,
    goal_assign,
    goal_create,
    goal_delete,
    goal_link_supports,
    goal_proposal_decide,
    goal_propose_changes,
    goal_set_parent,
)
from .key_results import (
    CHECKIN_AUDITED,
    checkin_create,
    checkin_update,
    checkin_verify,
    key_result_add,
    key_result_set_target,
    key_results_refresh_from_checkins,
)
from .programs import program_check_predecessor, program_create, program_set_predecessor
from .refresh import (
    checkin_counts_refresh,
    goals_refresh_nightly,
    goals_refresh_progress,
    goals_refresh_risk,
    programs_refresh_progress,
    snapshots_take,
)
from .templates import goal_template_apply
from .work import daily_log_add, task_create, task_set_status

__all__ = [
    "CHECKIN_AUDITED",
    "COUNTED",
    "PROGRESS_FIELD",
    "checkin_counts_refresh",
    "checkin_create",
    "checkin_update",
    "checkin_verify",
    "daily_log_add",
    "goal_accept",
    "goal_activate",
    "goal_assign",
    "goal_close",
    "goal_create",
    "goal_delete",
    "goal_link_supports",
    "goal_proposal_decide",
    "goal_propose_changes",
    "goal_set_parent",
    "goal_template_apply",
    "goals_close_ended",
    "goals_refresh_nightly",
    "goals_refresh_progress",
    "goals_refresh_risk",
    "key_result_add",
    "key_result_set_target",
    "key_results_refresh_from_checkins",
    "program_check_predecessor",
    "program_create",
    "program_set_predecessor",
    "programs_refresh_progress",
    "snapshots_take",
    "task_create",
    "task_set_status",
    "to_decimal",
]
