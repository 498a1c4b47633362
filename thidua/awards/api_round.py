"""Awards API, the yearly commendation round's steps (issue 15, point 2), for the emulation
office only (awards.rules.require_office, as the pages): the rounds, starting one, running a
step as a background job and following its progress, each step's verdicts and the office's
choice on one (keep or drop, with a reason when against the engine), confirming a step, and
creating the proposals of the kept verdicts — the pages' selectors and services
(thidua/awards/views/round.py). A change to the round checks If-Match when it is sent (the
ETag of GET /awards/rounds/{year}). Mounted by thidua/awards/api.py."""

from datetime import date, datetime
from typing import Annotated, Literal

from ninja import Field, Path, Router, Schema, Status
from ninja.pagination import paginate

from thidua.core.api_etag import IfMatch, check_if_match
from thidua.core.api_pagination import KeysetPagination
from thidua.core.api_schemas import ERRORS, PRECONDITION_ERRORS, Day, Id, InputSchema, model_field
from thidua.org.selectors import unit_get

from .api_schemas import RoundOut, RoundStepOut
from .choices import AwardCode, RoundStep
from .models import CommendationRound, RoundVerdict
from .rules import require_office
from .selectors import round as selectors
from .services import round as services

YEAR_MIN, YEAR_MAX = 1945, 2100
RoundYear = Annotated[int, Path(ge=YEAR_MIN, le=YEAR_MAX)]
Step = Literal[tuple(RoundStep.values)]  # type: ignore[valid-type]
Code = Literal[tuple(AwardCode.values)]  # type: ignore[valid-type]
Only = Literal["eligible", "capped", "not_eligible"]

# No tags of its own: it inherits `awards` from the router that mounts it (ninja adds a
# mounted router's tags to its parent's, so repeating it would tag each operation twice).
router = Router()


class RoundListOut(Schema):
    id: int
    year: int
    received_on: date
    settings_from: date | None
    created_at: datetime


class RoundStartIn(InputSchema):
    year: int = Field(ge=YEAR_MIN, le=YEAR_MAX, description="Năm xét (thành tích của năm).")
    received_on: Day = Field(description="Ngày nhận hồ sơ: quy định áp dụng theo ngày này.")


class JobOut(Schema):
    id: int
    kind: str
    status: str
    stage: str
    progress_done: int
    progress_total: int
    error: str
    result: dict
    finished_at: datetime | None


class RoundVerdictOut(Schema):
    id: int
    step: str
    code: str
    person_id: int | None
    unit_id: int | None
    subject: str
    eligible: bool
    capped: bool
    kept: bool
    override_reason: str
    proposal_id: int | None
    verdict: dict

    @staticmethod
    def resolve_subject(obj):
        return str(obj.person or obj.unit or "")


class VerdictChooseIn(InputSchema):
    keep: bool = Field(description="true: giữ để đề nghị; false: bỏ.")
    reason: model_field(RoundVerdict, "override_reason") = Field(
        "", description="Bắt buộc khi chọn khác kết quả xét (giữ người không đủ điều kiện...)."
    )


class RoundProposeIn(InputSchema):
    code: Code | None = Field(None, description="Chỉ một danh hiệu hoặc hình thức.")
    unit_id: Id | None = Field(None, description="Chỉ các đối tượng thuộc đơn vị này.")


class ProposedOut(Schema):
    created: int
    proposal_ids: list[int]


def _round(request, year: int) -> CommendationRound:
    return selectors.round_get(viewer=request.user, year=year)


def _summary(request, round_: CommendationRound) -> dict:
    return selectors.round_summary(viewer=request.user, round_=round_)


def _round_for_update(request, year: int, if_match: str | None) -> CommendationRound:
    """The round, locked, at the client's version when If-Match is sent. Not
    api_etag.for_update: the round's ETag is of its summary (steps, cap, overrides), which the
    selector builds from several rows, not of the round's own row."""
    require_office(request.user, explain=True)
    found = (
        CommendationRound.objects.select_for_update(of=("self",))
        .select_related("job")
        .get(year=year)
    )
    check_if_match(if_match, schema=RoundOut, obj=_summary(request, found), required=False)
    return found


@router.get(
    "/rounds",
    response={200: list[RoundListOut], **ERRORS},
    summary="Các đợt xét khen thưởng năm",
    description="Bộ phận thi đua (khác: 403); năm mới trước.",
)
@paginate(KeysetPagination, ordering=("-year", "-pk"))
def rounds(request):
    return selectors.round_list(viewer=request.user)


@router.post(
    "/rounds",
    response={200: RoundOut, 201: RoundOut, **ERRORS},
    summary="Mở đợt xét khen thưởng của một năm",
    description=(
        "Bộ phận thi đua. Quy định đang áp dụng vào ngày nhận hồ sơ được chép vào đợt. Năm đã "
        "có đợt: trả về đợt đó (200), không mở lần hai."
    ),
)
def round_start(request, payload: RoundStartIn):
    require_office(request.user, explain=True)
    existed = CommendationRound.objects.filter(year=payload.year).exists()
    started = services.round_start(
        actor=request.user, year=payload.year, received_on=payload.received_on
    )
    return Status(200 if existed else 201, _summary(request, _round(request, started.year)))


@router.get(
    "/rounds/{year}/job",
    response={200: JobOut, **ERRORS},
    summary="Tiến độ công việc nền của đợt xét",
    description="Bước đang chạy (hoặc vừa chạy) của đợt: trạng thái, tiến độ, lỗi. Chưa có: 404.",
)
def round_job(request, year: RoundYear):
    found = _round(request, year)
    if found.job is None:
        raise CommendationRound.DoesNotExist
    return found.job


@router.post(
    "/rounds/{year}/steps/{step}/run",
    response={202: JobOut, **ERRORS, **PRECONDITION_ERRORS},
    summary="Chạy một bước của đợt xét (công việc nền)",
    description=(
        "Bộ phận thi đua; bước trước phải đã chốt; mỗi đợt một công việc nền một lúc (gọi lại "
        "khi đang chạy trả về công việc đó). Theo dõi ở GET /rounds/{year}/job. If-Match được "
        "kiểm tra khi có gửi."
    ),
)
def round_step_run(request, year: RoundYear, step: Step, if_match: str | None = IfMatch):
    found = _round_for_update(request, year, if_match)
    return Status(202, services.round_step_run(actor=request.user, round_=found, step=step))


@router.post(
    "/rounds/{year}/steps/{step}/confirm",
    response={200: RoundStepOut, **ERRORS, **PRECONDITION_ERRORS},
    summary="Chốt kết quả một bước của đợt xét",
    description=(
        "Bộ phận thi đua, khi bước đã tính xong; bước sau mới chạy được. Bước còn thiếu dữ "
        "liệu (người, đơn vị chưa có xếp loại chính thức, hồ sơ không xét được) chỉ chốt được "
        "với `incomplete_ok=true`, nếu không trả 422 nêu số còn thiếu. If-Match được kiểm "
        "tra khi có gửi."
    ),
)
def round_step_confirm(
    request,
    year: RoundYear,
    step: Step,
    incomplete_ok: bool = False,
    if_match: str | None = IfMatch,
):
    found = _round_for_update(request, year, if_match)
    services.round_step_confirm(
        actor=request.user, round_=found, step=step, incomplete_ok=incomplete_ok
    )
    return next(s for s in _summary(request, found)["steps"] if s["step"] == step)


class StepReopenIn(InputSchema):
    # required, but checked by the service after the office is (422 in words, never a
    # schema error before the permission)
    reason: str = Field("", max_length=2000, description="Lý do mở lại bước (bắt buộc).")


@router.post(
    "/rounds/{year}/steps/{step}/reopen",
    response={200: RoundStepOut, **ERRORS, **PRECONDITION_ERRORS},
    summary="Mở lại một bước đã chốt của đợt xét",
    description=(
        "Bộ phận thi đua, ghi lý do: bước trở về “đã tính, chờ chốt” để chạy lại hoặc chốt "
        "lại; các bước sau đã chạy bị xóa kết quả, phải chạy lại. Không mở lại được khi đã "
        "tạo đề nghị từ đợt hoặc khi một bước đang chạy. If-Match được kiểm tra khi có gửi."
    ),
)
def round_step_reopen(
    request, year: RoundYear, step: Step, payload: StepReopenIn, if_match: str | None = IfMatch
):
    found = _round_for_update(request, year, if_match)
    services.round_step_reopen(actor=request.user, round_=found, step=step, reason=payload.reason)
    return next(s for s in _summary(request, found)["steps"] if s["step"] == step)


@router.get(
    "/rounds/{year}/steps/{step}/verdicts",
    response={200: list[RoundVerdictOut], **ERRORS},
    summary="Kết quả xét của một bước",
    description=(
        "Bộ phận thi đua; lọc theo danh hiệu/hình thức (`code`) và `only` (eligible: đủ điều "
        "kiện trong trần, capped: vượt trần, not_eligible: không đủ điều kiện)."
    ),
)
@paginate(KeysetPagination, ordering=("pk",))
def round_verdicts(
    request, year: RoundYear, step: Step, code: Code | None = None, only: Only | None = None
):
    found = _round(request, year)
    return selectors.round_verdicts(
        viewer=request.user, round_=found, step=step, code=code or "", only=only or ""
    )


@router.post(
    "/round-verdicts/{verdict_id}/choose",
    response={200: RoundVerdictOut, **ERRORS, **PRECONDITION_ERRORS},
    summary="Giữ hoặc bỏ một kết quả xét để đề nghị",
    description=(
        "Bộ phận thi đua, trước khi chốt bước. Chọn khác kết quả xét (giữ người vượt trần hay "
        "không đủ điều kiện, bỏ người đủ điều kiện) phải ghi lý do. If-Match (ETag của đợt) "
        "được kiểm tra khi có gửi."
    ),
)
def round_verdict_choose(
    request, verdict_id: Id, payload: VerdictChooseIn, if_match: str | None = IfMatch
):
    require_office(request.user, explain=True)
    verdict = selectors.round_verdict_get(viewer=request.user, pk=verdict_id)
    _round_for_update(request, verdict.round.year, if_match)
    # the same row again, locked now that its round is
    verdict = RoundVerdict.objects.select_for_update().select_related("round").get(pk=verdict.pk)
    return services.round_verdict_choose(
        actor=request.user, verdict=verdict, keep=payload.keep, reason=payload.reason
    )


@router.post(
    "/rounds/{year}/propose",
    response={200: ProposedOut, **ERRORS, **PRECONDITION_ERRORS},
    summary="Tạo đề nghị khen thưởng từ các kết quả được giữ",
    description=(
        "Bộ phận thi đua, khi các bước đã chốt: tất cả, một danh hiệu/hình thức, hoặc một đơn "
        "vị; mỗi đề nghị mang kết quả xét và lý do chọn khác nếu có. If-Match được kiểm tra "
        "khi có gửi."
    ),
)
def round_propose(
    request, year: RoundYear, payload: RoundProposeIn, if_match: str | None = IfMatch
):
    found = _round_for_update(request, year, if_match)
    unit = unit_get(viewer=request.user, pk=payload.unit_id) if payload.unit_id else None
    created = services.round_propose(
        actor=request.user, round_=found, code=payload.code or None, unit=unit
    )
    return {"created": len(created), "proposal_ids": sorted(p.pk for p in created)}
