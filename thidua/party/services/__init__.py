"""Writes: keyword-only, atomic, permission-checked and audited. One module per subject, this
package the import path of all of them: resolutions and their digests (`resolutions.py`),
cell meetings and the task a chosen solution becomes (`cell_meetings.py`), inspections and
supervisions (`inspections.py`), campaigns, reminders and members' answers (`campaigns.py`);
Party bodies and memberships (`org.py`), resolution numbers (`numbers.py`) and who a
reminder goes to (`remind.py`) are imported on their own.
"""

from ..campaign_draft import campaign_draft
from .campaigns import (
    campaign_body,
    campaign_create,
    campaign_preview,
    campaign_remind,
    campaign_send,
    campaign_sms_notice,
    point_answer_save,
)
from .cell_meetings import (
    MEETING_FLOW,
    meeting_choose_solution,
    meeting_create,
    meeting_mark_held,
    meeting_propose_solution,
)
from .inspections import (
    INSPECTION_FLOW,
    inspection_done,
    inspection_plan,
    inspection_propose_practice,
    inspection_unit,
)
from .resolutions import (
    DIGEST_FLOW,
    digest_approve,
    digest_edit,
    resolution_set_classification,
    resolution_upload,
)

__all__ = [
    "DIGEST_FLOW",
    "INSPECTION_FLOW",
    "MEETING_FLOW",
    "campaign_body",
    "campaign_create",
    "campaign_draft",
    "campaign_preview",
    "campaign_remind",
    "campaign_send",
    "campaign_sms_notice",
    "digest_approve",
    "digest_edit",
    "inspection_done",
    "inspection_plan",
    "inspection_propose_practice",
    "inspection_unit",
    "meeting_choose_solution",
    "meeting_create",
    "meeting_mark_held",
    "meeting_propose_solution",
    "point_answer_save",
    "resolution_set_classification",
    "resolution_upload",
]
