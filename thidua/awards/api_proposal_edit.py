"""Awards API: a proposal the office returned, completed by its unit (issue 11; issue 15,
point 2: the API does what the proposal page's edit form `awards:proposal_edit` does, through
the same service, `services.proposals.proposal_edit_returned`).

The head of the proposing unit changes the summary of achievements of a RETURNED proposal,
then sends it again (POST /proposals/{id}/submit). As every PATCH, If-Match with the ETag
of GET /proposals/{id} is required. Registered on the proposals router
(thidua/awards/api_proposals.py), beside the GET of the same path; imported by
thidua/awards/api.py."""

from django.http import HttpResponse
from ninja import Field

from thidua.core.api_etag import IfMatch, for_update, set_etag
from thidua.core.api_schemas import ERRORS, PRECONDITION_ERRORS, Id, InputSchema, model_field

from .api_proposals import router
from .api_schemas import ProposalDetailOut
from .models import Proposal
from .selectors import council as selectors
from .services import proposals as services


class ProposalEditIn(InputSchema):
    achievements: model_field(Proposal, "achievements", max_length=services.ACHIEVEMENTS_MAX) = (
        Field(description="Thành tích tóm tắt của đề nghị, thay toàn bộ (tối đa 8000 ký tự).")
    )


@router.patch(
    "/proposals/{proposal_id}",
    operation_id="thidua_awards_api_proposals_proposal_edit",
    response={200: ProposalDetailOut, **ERRORS, **PRECONDITION_ERRORS},
    summary="Hoàn thiện đề nghị bị trả lại (cần If-Match)",
    description=(
        "Thủ trưởng đơn vị lập đề nghị sửa thành tích tóm tắt của đề nghị bộ phận thi đua đã "
        "trả lại, rồi gửi lại (POST /proposals/{id}/submit). Người khác xem được đề nghị, kể "
        "cả bộ phận thi đua: 403; không xem được: 404; đề nghị không ở trạng thái bị trả "
        "lại: 422 nêu lý do; quá 8000 ký tự: 422. Không ghi gì khi bị từ chối; nội dung "
        "trước và sau được ghi nhật ký (proposal.edited). Bắt buộc If-Match bằng ETag của GET "
        "/proposals/{id}: thiếu → 428, đã có người đổi → 412."
    ),
)
def proposal_edit(
    request,
    proposal_id: Id,
    payload: ProposalEditIn,
    response: HttpResponse,
    if_match: str | None = IfMatch,
):
    found = for_update(
        selectors.proposal_get(viewer=request.user, pk=proposal_id),
        schema=ProposalDetailOut,
        if_match=if_match,
    )
    services.proposal_edit_returned(
        actor=request.user, proposal=found, achievements=payload.achievements
    )
    return set_etag(
        response, ProposalDetailOut, selectors.proposal_get(viewer=request.user, pk=proposal_id)
    )
