"""Awards API, the emulation & commendation council (issue 15, point 2): its sessions
(the office and council members read them; the office creates one, changes its date, takes
the attendance, puts checked proposals before it, records the decisions on titles that need
no ballot, closes it, and gets the minutes), and the secret ballots (the office opens and
counts them; a member of the session votes once, and the vote is not tied to them) — the
pages' selectors, services and rules (thidua/awards/views/council.py, awards/rules.py). Taking the
attendance replaces the previous one: it needs If-Match with the session's ETag; changing
the session's date (while the council has done nothing at it) checks it when sent. Mounted by
thidua/awards/api.py."""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import BooleanField, Case, Value, When
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from thidua.core.api_etag import ETAG_RESPONSE, IfMatch, check_if_match, etag_of
from thidua.core.api_pagination import KeysetPagination
from thidua.core.api_schemas import ERRORS, PRECONDITION_ERRORS, Day, Id, InputSchema, model_field

from . import documents
from .choices import ProposalStatus
from .models import Ballot, BallotVote, CouncilSession, Proposal
from .rules import can_see_ballots, is_emulation_office, require_office
from .selectors import council as selectors
from .services import council as services

IDS_MAX = 500

# No tags of its own: it inherits `awards` from the router that mounts it (ninja adds a
# mounted router's tags to its parent's, so repeating it would tag each operation twice).
router = Router()


class SessionOut(Schema):
    id: int
    title: str
    held_on: date
    status: str
    chair_id: int | None
    n_proposals: int
    n_members: int


class CouncilMemberOut(Schema):
    id: int
    person_id: int
    name: str
    present: bool


class BallotOut(Schema):
    id: int
    session_id: int
    proposal_id: int
    status: str
    rule: dict
    result: dict
    closed_at: datetime | None


class SessionBallotOut(BallotOut):
    voted: int


class SessionProposalOut(Schema):
    id: int
    code: str
    status: str
    subject: str
    needs_ballot: bool
    ballot: SessionBallotOut | None
    deferred_here: bool = Field(
        description=(
            "Phiên họp đã kết thúc mà Hội đồng chưa quyết định đề nghị này: đề nghị được trả về "
            "để đưa ra phiên họp sau (trạng thái hiện tại có thể là kết quả của phiên sau)."
        )
    )


class SessionDetailOut(SessionOut):
    members: list[CouncilMemberOut]
    proposals: list[SessionProposalOut]


class MyBallotOut(BallotOut):
    session_title: str
    subject: str
    voted: bool = Field(description="Tôi đã bỏ phiếu chưa (không bao giờ cho biết bỏ phiếu gì).")

    @staticmethod
    def resolve_session_title(obj):
        return obj.session.title

    @staticmethod
    def resolve_subject(obj):
        return str(obj.proposal.person or obj.proposal.unit or "")


class SessionIn(InputSchema):
    title: model_field(CouncilSession, "title")
    held_on: Day


class SessionDateIn(InputSchema):
    held_on: Day = Field(description="Ngày họp mới (YYYY-MM-DD).")


class AttendanceIn(InputSchema):
    present_member_ids: list[Id] = Field(
        max_length=IDS_MAX,
        description="Mã các thành viên có mặt (CouncilMemberOut.id); còn lại vắng.",
    )


class ProposalsIn(InputSchema):
    proposal_ids: list[Id] = Field(min_length=1, max_length=IDS_MAX)


class CouncilDecideIn(InputSchema):
    proposal_id: Id
    approve: bool
    # The note is kept in the proposal's history, as an override's reason is: the same text.
    note: model_field(Proposal, "override_reason", max_length=2000) = ""


class BallotOpenIn(InputSchema):
    proposal_id: Id


class VoteIn(InputSchema):
    choice: model_field(BallotVote, "choice") = Field(
        description="yes (đồng ý), no (không đồng ý) hoặc abstain (không biểu quyết)."
    )


class VotedOut(Schema):
    voted: bool


def _session(request, session_id: int) -> CouncilSession:
    return selectors.session_get(viewer=request.user, pk=session_id)


def _office_session(request, session_id: int) -> CouncilSession:
    """The office's writes: refused to anyone else before anything is looked up."""
    require_office(request.user, explain=True)
    return _session(request, session_id)


def _detail(session: CouncilSession) -> dict:
    ballots = selectors.session_ballots(session)
    settings_ = services.agency_settings.values("awards.", on=session.held_on)

    def ballot_of(proposal_id: int) -> dict | None:
        ballot = ballots.get(proposal_id)
        if ballot is None:
            return None
        return {
            **BallotOut.model_validate(ballot, from_attributes=True).model_dump(),
            "voted": ballot.n_voted,
        }

    return {
        **SessionOut.model_validate(session, from_attributes=True).model_dump(),
        "members": [
            {"id": m.pk, "person_id": m.person_id, "name": m.person.full_name, "present": m.present}
            for m in selectors.session_members(session)
        ],
        "proposals": [
            {
                "id": p.pk,
                "code": p.code,
                "status": p.status,
                "subject": str(p.person or p.unit or ""),
                "needs_ballot": services.needs_ballot(p.code, settings_),
                "ballot": ballot_of(p.pk),
                "deferred_here": p.deferred_here,
            }
            for p in selectors.session_proposals(session)
        ],
    }


def _proposal_in(session: CouncilSession, proposal_id: int):
    found = session.proposals.filter(pk=proposal_id).first()
    if found is None:
        raise ValidationError({"proposal_id": _("This proposal is not before this session.")})
    return found


@router.get(
    "/council/sessions",
    response={200: list[SessionOut], **ERRORS},
    summary="Các phiên họp Hội đồng Thi đua - Khen thưởng",
    description="Bộ phận thi đua và thành viên hội đồng (khác: 403); mới trước.",
)
@paginate(KeysetPagination, ordering=("-held_on", "-pk"))
def sessions(request, status: model_field(CouncilSession, "status") | None = None):
    found = selectors.session_list(viewer=request.user)
    return found.filter(status=status) if status else found


@router.post(
    "/council/sessions",
    response={201: SessionDetailOut, **ERRORS},
    summary="Mở một phiên họp hội đồng",
    description="Bộ phận thi đua; thành viên là những người đang giữ vai trò thành viên hội đồng.",
)
def session_create(request, payload: SessionIn):
    require_office(request.user, explain=True)
    created = services.session_create(
        actor=request.user, title=payload.title, held_on=payload.held_on
    )
    return Status(201, _detail(_session(request, created.pk)))


@router.get(
    "/council/sessions/{session_id}",
    response={200: SessionDetailOut, **ERRORS},
    summary="Một phiên họp hội đồng",
    description=(
        "Thành viên (có mặt hay vắng), các đề nghị đưa ra phiên họp, phiếu kín và kết quả kiểm "
        "phiếu; kèm ETag (gửi trong If-Match khi điểm danh)."
    ),
    openapi_extra=ETAG_RESPONSE,
)
def session(request, session_id: Id, response: HttpResponse):
    detail = _detail(_session(request, session_id))
    response["ETag"] = etag_of(SessionDetailOut, detail)
    return detail


@router.post(
    "/council/sessions/{session_id}/attendance",
    response={200: SessionDetailOut, **ERRORS, **PRECONDITION_ERRORS},
    summary="Điểm danh phiên họp (cần If-Match)",
    description=(
        "Bộ phận thi đua, khi phiên còn mở: những thành viên có mặt, những người khác vắng. "
        "Thay điểm danh trước nên bắt buộc If-Match: thiếu → 428, đã cũ → 412."
    ),
)
def session_attendance(
    request, session_id: Id, payload: AttendanceIn, if_match: str | None = IfMatch
):
    # Not api_etag.for_update: the ETag is of the session's detail (members, proposals,
    # ballots), read again through the selector once the session's row is locked.
    _office_session(request, session_id)
    CouncilSession.objects.select_for_update().filter(pk=session_id).first()
    found = _session(request, session_id)
    check_if_match(if_match, schema=SessionDetailOut, obj=_detail(found), required=True)
    services.session_set_attendance(
        actor=request.user, session=found, present_ids=payload.present_member_ids
    )
    return _detail(_session(request, session_id))


@router.post(
    "/council/sessions/{session_id}/date",
    response={200: SessionDetailOut, **ERRORS, **PRECONDITION_ERRORS},
    summary="Đổi ngày họp của phiên họp",
    description=(
        "Bộ phận thi đua, khi phiên họp được dời lại hoặc họp sớm hơn: chỉ khi phiên còn mở, "
        "chưa mở phiếu kín nào (phiếu kín lấy quy định áp dụng vào ngày họp) và Hội đồng chưa "
        "quyết định đề nghị nào tại phiên; khác: 422, ngày họp giữ nguyên. "
        "Ghi nhật ký (session.rescheduled, ngày cũ và ngày mới). If-Match (ETag của phiên "
        "họp) được kiểm tra khi có gửi."
    ),
)
def session_reschedule(
    request, session_id: Id, payload: SessionDateIn, if_match: str | None = IfMatch
):
    # As the attendance: the ETag is of the session's detail, read again once the row is locked.
    _office_session(request, session_id)
    CouncilSession.objects.select_for_update().filter(pk=session_id).first()
    found = _session(request, session_id)
    if if_match is not None:
        check_if_match(if_match, schema=SessionDetailOut, obj=_detail(found), required=False)
    services.session_reschedule(actor=request.user, session=found, held_on=payload.held_on)
    return _detail(_session(request, session_id))


@router.post(
    "/council/sessions/{session_id}/proposals",
    response={200: SessionDetailOut, **ERRORS},
    summary="Đưa đề nghị đã thẩm định ra phiên họp",
    description="Bộ phận thi đua; chỉ đề nghị đã thẩm định hồ sơ (khác: 422, không đưa đề nghị nào).",
)
def session_add_proposals(request, session_id: Id, payload: ProposalsIn):
    found = _office_session(request, session_id)
    ids = set(payload.proposal_ids)
    chosen = list(
        selectors.proposal_list(viewer=request.user).filter(
            pk__in=ids, status=ProposalStatus.CHECKED
        )
    )
    if len(chosen) != len(ids):
        raise ValidationError(
            {"proposal_ids": _("Only proposals whose dossier was checked can go to the council.")}
        )
    services.session_add_proposals(actor=request.user, session=found, proposals=chosen)
    return _detail(_session(request, session_id))


@router.post(
    "/council/sessions/{session_id}/decisions",
    response={200: SessionDetailOut, **ERRORS},
    summary="Ghi quyết định của hội đồng về một đề nghị",
    description=(
        "Bộ phận thi đua, với danh hiệu không cần bỏ phiếu kín: thông qua hoặc không, kèm ghi chú."
    ),
)
def session_decide(request, session_id: Id, payload: CouncilDecideIn):
    found = _office_session(request, session_id)
    services.session_decide(
        actor=request.user,
        session=found,
        proposal=_proposal_in(found, payload.proposal_id),
        approve=payload.approve,
        note=payload.note,
    )
    return _detail(_session(request, session_id))


@router.post(
    "/council/sessions/{session_id}/close",
    response={200: SessionDetailOut, **ERRORS},
    summary="Kết thúc phiên họp",
    description=(
        "Bộ phận thi đua, khi mọi phiếu kín đã kiểm. Đề nghị Hội đồng chưa quyết định được trả "
        "về trạng thái đã thẩm định để đưa ra phiên họp sau."
    ),
)
def session_close(request, session_id: Id):
    found = _office_session(request, session_id)
    services.session_close(actor=request.user, session=found)
    return _detail(_session(request, session_id))


@router.get(
    "/council/sessions/{session_id}/minutes",
    response={200: None, **ERRORS},
    summary="Biên bản phiên họp (DOCX)",
    description="Bộ phận thi đua và thành viên hội đồng; tệp Word.",
    openapi_extra={
        "responses": {
            200: {
                "description": "Biên bản",
                "content": {documents.DOCX_CONTENT_TYPE: {"schema": {"type": "string"}}},
            }
        }
    },
)
def session_minutes(request, session_id: Id):
    found = _session(request, session_id)
    content = documents.minutes_docx(
        found,
        selectors.session_members(found),
        selectors.session_proposals(found),
        selectors.session_ballots(found),
    )
    response = HttpResponse(content, content_type=documents.DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="bien-ban-hoi-dong-{found.pk}.docx"'
    return response


# ---------------------------------------------------------------- secret ballots
@router.post(
    "/council/sessions/{session_id}/ballots",
    response={201: BallotOut, **ERRORS},
    summary="Mở phiếu kín về một đề nghị",
    description=(
        "Bộ phận thi đua, với danh hiệu cần bỏ phiếu kín; quy tắc (túc số, tỷ lệ) chụp lại "
        "theo cấu hình hôm nay. Mỗi đề nghị một phiếu trong phiên."
    ),
)
def ballot_open(request, session_id: Id, payload: BallotOpenIn):
    found = _office_session(request, session_id)
    proposal = _proposal_in(found, payload.proposal_id)
    return Status(201, services.ballot_open(actor=request.user, session=found, proposal=proposal))


@router.get(
    "/ballots",
    response={200: list[MyBallotOut], **ERRORS},
    summary="Các phiếu kín đang mở tôi được bỏ phiếu",
    description="Thành viên hội đồng (và bộ phận thi đua; khác: 403): phiếu đang mở của các phiên "
    "mình có ghế, đã bỏ phiếu hay chưa.",
)
@paginate(KeysetPagination, ordering=("pk",))
def ballots(request):
    if not can_see_ballots(request.user):
        raise PermissionDenied
    mine = selectors.ballots_for_voter(viewer=request.user)
    voted = [b.pk for b, has in mine if has]
    return (
        Ballot.objects.filter(pk__in=[b.pk for b, _has in mine])
        .select_related("session", "proposal__person", "proposal__unit")
        .annotate(
            voted=Case(
                When(pk__in=voted, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
    )


@router.get(
    "/ballots/{ballot_id}",
    response={200: MyBallotOut, **ERRORS},
    summary="Một phiếu kín",
    description="Thành viên của phiên họp (khác: 403).",
)
def ballot(request, ballot_id: Id):
    found, member = selectors.ballot_get_for_voter(viewer=request.user, pk=ballot_id)
    return _mine(found, selectors.has_voted(found, member))


@router.post(
    "/ballots/{ballot_id}/vote",
    response={200: VotedOut, **ERRORS},
    summary="Bỏ phiếu kín",
    description=(
        "Thành viên của phiên (khi phiếu tính theo số có mặt: thành viên có mặt), một lần; "
        "phiếu không gắn với người bỏ."
    ),
)
def ballot_vote(request, ballot_id: Id, payload: VoteIn):
    found, _member = selectors.ballot_get_for_voter(viewer=request.user, pk=ballot_id)
    services.ballot_cast(ballot=found, voter_user=request.user, choice=payload.choice)
    return {"voted": True}


@router.post(
    "/ballots/{ballot_id}/close",
    response={200: BallotOut, **ERRORS},
    summary="Kiểm phiếu",
    description=(
        "Bộ phận thi đua, một lần: đề nghị được thông qua hoặc không theo quy tắc đã chụp; "
        "chưa đủ túc số hoặc số phiếu tối thiểu thì 422, không ghi gì; còn thành viên chưa bỏ "
        "phiếu thì 422 (nói số đã bỏ và số phiếu đồng ý cần), trừ khi count_missing=true "
        "xác nhận họ sẽ không bỏ phiếu."
    ),
)
def ballot_close(request, ballot_id: Id, count_missing: bool = False):
    if not is_emulation_office(request.user):
        raise PermissionDenied(_("Only the emulation & commendation office may do this."))
    found = selectors.ballot_get(viewer=request.user, pk=ballot_id)
    return services.ballot_close(actor=request.user, ballot=found, count_missing=count_missing)


def _mine(found: Ballot, voted: bool) -> Ballot:
    found.voted = voted  # type: ignore[attr-defined]
    return found
