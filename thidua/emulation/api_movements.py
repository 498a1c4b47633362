"""Emulation API, movements' steps (issue 15, point 2): drafting a movement with its criteria,
editing it while it is a draft (PATCH, If-Match required), advancing a movement and publishing
its results (the emulation office), its criteria, the criteria scores (entered by the office
and the council, If-Match checked when sent against the ETag of all the movement's scores,
or computed from key results) and the rankings, and the lessons learned and
exemplary cases with their adoptions — the pages' selectors, services and rules
(thidua/emulation/views/movements.py). Mounted by thidua/emulation/api.py."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from thidua.core.api_etag import ETAG_RESPONSE, IfMatch, check_if_match, locked, set_etag
from thidua.core.api_pagination import KeysetPagination
from thidua.core.api_schemas import ERRORS, PRECONDITION_ERRORS, Day, Id, InputSchema, model_field
from thidua.org.choices import UnitGroupKind
from thidua.org.models import Unit, UnitGroup
from thidua.org.selectors import person_get, unit_get

from . import rules
from .api_schemas import MovementOut
from .choices import MovementStatus
from .models import Criterion, CriterionScore, Lesson, LessonAdoption, Movement
from .selectors import movements as selectors
from .services import movement_edit as edit_services
from .services import movements as services

# A grid sent at once: at most this many cells (registrations × criteria).
SCORES_MAX = 2000
AUTHORS_MAX = 50
CRITERIA_MAX = 30
SCOPE_UNITS_MAX = 500
CLUSTERS_MAX = 100
# A draft's own fields a PATCH may send (the others are lists and units, read below).
EDITABLE = ("name", "kind", "objectives", "period_start", "period_end")

# No tags of its own: it inherits `emulation` from the router that mounts it (ninja adds a
# mounted router's tags to its parent's, so repeating it would tag each operation twice).
router = Router()


def _movement(request, movement_id: int) -> Movement:
    return selectors.movement_get(viewer=request.user, pk=movement_id)


def _movement_for_update(request, movement_id: int, if_match: str | None) -> Movement:
    """The movement the caller may see, locked, at the client's version when If-Match is sent.
    Not api_etag.for_update: the ETag covers the registration count, an annotation of the
    selector's query, so the movement is read again through the selector after the lock."""
    locked(_movement(request, movement_id))
    found = _movement(request, movement_id)
    check_if_match(if_match, schema=MovementOut, obj=found, required=False)
    return found


# ---------------------------------------------------------------- drafting a movement
class CriterionIn(InputSchema):
    name: model_field(Criterion, "name")
    description: model_field(Criterion, "description") = ""
    weight: model_field(Criterion, "weight") = Decimal(1)
    max_points: model_field(Criterion, "max_points")
    source: model_field(Criterion, "source") = "manual"


class MovementIn(InputSchema):
    name: model_field(Movement, "name")
    kind: model_field(Movement, "kind")
    objectives: model_field(Movement, "objectives")
    period_start: Day
    period_end: Day
    launched_by_id: Id = Field(description="Đơn vị phát động (đơn vị đang hoạt động).")
    scope_unit_ids: list[Id] = Field(
        min_length=1,
        max_length=SCOPE_UNITS_MAX,
        description="Các đơn vị tham gia (kèm các đơn vị trực thuộc).",
    )
    cluster_ids: list[Id] = Field(
        [], max_length=CLUSTERS_MAX, description="Các cụm, khối thi đua xếp hạng người đăng ký."
    )
    criteria: list[CriterionIn] = Field(min_length=1, max_length=CRITERIA_MAX)


def _current(queryset, ids: list[int], *, field: str, message: str) -> list:
    """The rows of `ids` among `queryset` (the page's choices), in the order sent; an id
    not offered: 422 on that field."""
    found = queryset.in_bulk(list(dict.fromkeys(ids)))
    if set(ids) - found.keys():
        raise ValidationError({field: message})
    return [found[pk] for pk in dict.fromkeys(ids)]


def _launched_by(unit_id: int, *, today: date) -> Unit:
    """The launching unit sent: a current unit, or 422 on launched_by_id."""
    units = Unit.objects.as_of(today)
    found = _current(units, [unit_id], field="launched_by_id", message=_("Choose a current unit."))
    return found[0]


def _scope_units(unit_ids: list[int], *, today: date) -> list[Unit]:
    """The units taking part sent: current units, or 422 on scope_unit_ids."""
    units = Unit.objects.as_of(today)
    return _current(units, unit_ids, field="scope_unit_ids", message=_("Choose current units."))


def _clusters(group_ids: list[int], *, today: date) -> list[UnitGroup]:
    """The clusters sent: current emulation clusters, or 422 on cluster_ids."""
    return _current(
        UnitGroup.objects.as_of(today).filter(kind=UnitGroupKind.EMULATION_CLUSTER),
        group_ids,
        field="cluster_ids",
        message=_("Choose one of the clusters offered."),
    )


# Registered by thidua/emulation/api.py next to GET /movements: a path two routers both
# declare answers only the first router's methods (405 for the others).
def movement_create(request, payload: MovementIn):
    if not rules.can_manage_movement(request.user):
        raise PermissionDenied(_("Only the emulation office may launch movements."))
    today = timezone.localdate()
    launched_by = _launched_by(payload.launched_by_id, today=today)
    scope_units = _scope_units(payload.scope_unit_ids, today=today)
    clusters = _clusters(payload.cluster_ids, today=today)
    created = services.movement_create(
        actor=request.user,
        name=payload.name,
        kind=payload.kind,
        objectives=payload.objectives,
        period_start=payload.period_start,
        period_end=payload.period_end,
        launched_by=launched_by,
        scope_units=scope_units,
        clusters=clusters,
        criteria=[c.dict() for c in payload.criteria],
    )
    return Status(201, _movement(request, created.pk))


# ---------------------------------------------------------------- editing a draft
class MovementUpdateIn(InputSchema):
    name: model_field(Movement, "name") | None = None
    kind: model_field(Movement, "kind") | None = None
    objectives: model_field(Movement, "objectives") | None = None
    period_start: Day | None = None
    period_end: Day | None = None
    launched_by_id: Id | None = Field(None, description="Đơn vị phát động (đơn vị đang hoạt động).")
    scope_unit_ids: list[Id] | None = Field(
        None, min_length=1, max_length=SCOPE_UNITS_MAX, description="Thay cả danh sách."
    )
    cluster_ids: list[Id] | None = Field(
        None, max_length=CLUSTERS_MAX, description="Thay cả danh sách ([]: không cụm nào)."
    )
    criteria: list[CriterionIn] | None = Field(
        None,
        min_length=1,
        max_length=CRITERIA_MAX,
        description="Thay toàn bộ tiêu chí, theo thứ tự gửi.",
    )


def _criteria_specs(movement: Movement) -> list[dict]:
    return [
        {f: getattr(c, f) for f in ("name", "description", "weight", "max_points", "source")}
        for c in movement.criteria.all()
    ]


# Registered by thidua/emulation/api.py next to GET /movements/{movement_id} (same path).
def movement_update(
    request, movement_id: Id, payload: MovementUpdateIn, if_match: str | None = IfMatch
):
    """PATCH /movements/{id}: the fields sent replace the draft's (lists as a whole)."""
    if not rules.can_manage_movement(request.user):
        raise PermissionDenied(_("Only the emulation office may edit a movement."))
    locked(_movement(request, movement_id))
    found = _movement(request, movement_id)
    check_if_match(if_match, schema=MovementOut, obj=found, required=True)
    sent = {k: v for k, v in payload.model_dump(exclude_unset=True).items() if v is not None}
    today = timezone.localdate()
    launched_by = found.launched_by
    if "launched_by_id" in sent:
        launched_by = _launched_by(sent["launched_by_id"], today=today)
    scope_units = list(found.scope_units.all())
    if "scope_unit_ids" in sent:
        scope_units = _scope_units(sent["scope_unit_ids"], today=today)
    clusters = list(found.clusters.all())
    if "cluster_ids" in sent:
        clusters = _clusters(sent["cluster_ids"], today=today)
    edit_services.movement_update(
        actor=request.user,
        movement=found,
        **{f: sent.get(f, getattr(found, f)) for f in EDITABLE},
        launched_by=launched_by,
        scope_units=scope_units,
        clusters=clusters,
        criteria=sent["criteria"] if "criteria" in sent else _criteria_specs(found),
    )
    return _movement(request, movement_id)


# ---------------------------------------------------------------- a movement's steps
class AdvanceIn(InputSchema):
    to_status: model_field(Movement, "status") | None = Field(
        None,
        description="Bước kế tiếp mong muốn; nếu gửi mà không phải bước kế tiếp thì 422 "
        "(không chuyển hai bước khi gọi lặp).",
    )


@router.post(
    "/movements/{movement_id}/advance",
    response={200: MovementOut, **ERRORS, **PRECONDITION_ERRORS},
    summary="Chuyển phong trào sang bước kế tiếp",
    description=(
        "Bộ phận thi đua: nháp → phát động → mở đăng ký → đang thực hiện → sơ kết → tổng kết "
        "→ kết thúc, mỗi lần một bước. If-Match (ETag của GET phong trào) được kiểm tra khi "
        "có gửi."
    ),
)
def movement_advance(request, movement_id: Id, payload: AdvanceIn, if_match: str | None = IfMatch):
    if not rules.can_manage_movement(request.user):
        raise PermissionDenied(_("Only the emulation office may change a movement's status."))
    found = _movement_for_update(request, movement_id, if_match)
    services.movement_advance(actor=request.user, movement=found, to_status=payload.to_status)
    return _movement(request, movement_id)


@router.post(
    "/movements/{movement_id}/publish-results",
    response={200: MovementOut, **ERRORS, **PRECONDITION_ERRORS},
    summary="Công bố kết quả phong trào",
    description=(
        "Bộ phận thi đua, khi tổng kết hoặc sau khi kết thúc: bảng xếp hạng và điểm được công "
        "khai cho mọi người. Đã công bố: 422. If-Match được kiểm tra khi có gửi."
    ),
)
def movement_publish(request, movement_id: Id, if_match: str | None = IfMatch):
    if not rules.can_manage_movement(request.user):
        raise PermissionDenied(_("Only the emulation office may publish results."))
    found = _movement_for_update(request, movement_id, if_match)
    services.results_publish(actor=request.user, movement=found)
    return _movement(request, movement_id)


# ---------------------------------------------------------------- criteria and scores
class CriterionOut(Schema):
    id: int
    name: str
    description: str
    weight: Decimal
    max_points: Decimal
    source: str
    order: int


class ScoreOut(Schema):
    id: int
    registration_id: int
    criterion_id: int
    points: Decimal
    source: str
    note: str


class ScoreCellIn(InputSchema):
    registration_id: Id
    criterion_id: Id
    points: model_field(CriterionScore, "points")


class ScoresIn(InputSchema):
    scores: list[ScoreCellIn] = Field(min_length=1, max_length=SCORES_MAX)
    note: model_field(CriterionScore, "note") = ""


class ScoresSavedOut(Schema):
    saved: int


class ComputeIn(InputSchema):
    verified: bool = Field(False, description="Chỉ dùng tiến độ đã được xác minh.")


class RankingRowOut(Schema):
    position: int
    registration_id: int
    name: str
    total: Decimal
    points: list[Decimal | None]


class ClusterRankingOut(Schema):
    cluster_id: int | None
    cluster_name: str
    individuals: bool
    rows: list[RankingRowOut]


@router.get(
    "/movements/{movement_id}/criteria",
    response={200: list[CriterionOut], **ERRORS},
    summary="Tiêu chí chấm điểm của phong trào",
    description="Trọng số, điểm tối đa và cách chấm (nhập tay hoặc tính từ kết quả then chốt).",
)
@paginate(KeysetPagination, ordering=("order", "pk"))
def criteria(request, movement_id: Id):
    found = _movement(request, movement_id)
    return Criterion.objects.filter(movement=found)


def _scores_of(movement: Movement):
    """Every score of the movement's registrations still taking part (GET .../scores)."""
    return CriterionScore.objects.filter(
        registration__movement=movement, registration__withdrawn_at__isnull=True
    )


class ScoresVersion(Schema):
    """What the scores' ETag is a digest of: every score of the movement, as GET .../scores
    shows them (whatever the page or the filter asked), in id order."""

    scores: list[ScoreOut]


def _scores_version(movement: Movement) -> dict:
    return {"scores": list(_scores_of(movement).order_by("pk"))}


@router.get(
    "/movements/{movement_id}/scores",
    response={200: list[ScoreOut], **ERRORS},
    summary="Điểm theo tiêu chí của các đăng ký",
    description=(
        "Trước khi công bố kết quả chỉ bộ phận thi đua và hội đồng được xem (khác: 403); sau "
        "đó mọi cán bộ. Lọc theo đăng ký, tiêu chí. Trả kèm ETag của toàn bộ điểm của phong "
        "trào (như nhau ở mọi trang, mọi bộ lọc), để gửi lại trong If-Match khi nhập điểm."
    ),
    openapi_extra=ETAG_RESPONSE,
)
@paginate(KeysetPagination, ordering=("pk",))
def scores(
    request,
    response: HttpResponse,
    movement_id: Id,
    registration_id: Id | None = None,
    criterion_id: Id | None = None,
):
    found = _movement(request, movement_id)
    if not selectors.results_visible(viewer=request.user, movement=found):
        raise PermissionDenied(_("Scores are private until the results are published."))
    set_etag(response, ScoresVersion, _scores_version(found))
    rows = _scores_of(found)
    if registration_id is not None:
        rows = rows.filter(registration_id=registration_id)
    if criterion_id is not None:
        rows = rows.filter(criterion_id=criterion_id)
    return rows


@router.post(
    "/movements/{movement_id}/scores",
    response={200: ScoresSavedOut, **ERRORS, **PRECONDITION_ERRORS},
    summary="Nhập điểm các tiêu chí chấm tay",
    description=(
        "Bộ phận thi đua và hội đồng, khi phong trào đang chấm điểm và chưa công bố. Tất cả "
        "hoặc không: một ô ngoài 0..điểm tối đa, hay đăng ký/tiêu chí không thuộc phong trào, "
        "thì không ô nào được lưu (422, mỗi ô một thông báo). Không ai chấm đăng ký của chính "
        "mình hay của đơn vị mình (đơn vị mình công tác hoặc đơn vị cấp trên của nó): 403. "
        "If-Match (ETag của GET .../scores) được kiểm tra khi có gửi: điểm đã có người nhập "
        "từ lần đọc đó → 412, không ô nào được lưu."
    ),
)
def scores_set(request, movement_id: Id, payload: ScoresIn, if_match: str | None = IfMatch):
    found = _movement(request, movement_id)
    if not rules.can_score_registration(request.user, None):
        raise PermissionDenied(_("Only the emulation office and the council enter scores."))
    # the movement's row locked: two scorers of the movement check and write one after the other
    locked(found)
    check_if_match(if_match, schema=ScoresVersion, obj=_scores_version(found), required=False)
    entries = {(c.registration_id, c.criterion_id): str(c.points) for c in payload.scores}
    saved = services.criterion_scores_set(
        actor=request.user, movement=found, entries=entries, note=payload.note
    )
    return {"saved": len(saved)}


@router.post(
    "/movements/{movement_id}/scores/compute",
    response={200: ScoresSavedOut, **ERRORS},
    summary="Tính điểm các tiêu chí theo kết quả then chốt",
    description="Bộ phận thi đua và hội đồng; trả về số điểm đã ghi.",
)
def scores_compute(request, movement_id: Id, payload: ComputeIn):
    found = _movement(request, movement_id)
    if not rules.can_score_registration(request.user, None):
        raise PermissionDenied(_("Only the emulation office and the council enter scores."))
    count = services.criteria_scores_compute(
        actor=request.user, movement=found, verified=payload.verified
    )
    return {"saved": count}


@router.get(
    "/movements/{movement_id}/rankings",
    response={200: list[ClusterRankingOut], **ERRORS},
    summary="Bảng xếp hạng theo cụm thi đua",
    description=(
        "Mỗi cụm (đơn vị và cá nhân xếp riêng), tổng điểm 0..100 và điểm từng tiêu chí theo "
        "thứ tự tiêu chí. Trước khi công bố chỉ bộ phận thi đua và hội đồng (khác: 403)."
    ),
)
def rankings(request, movement_id: Id):
    found = _movement(request, movement_id)
    return [
        {
            "cluster_id": group.cluster.pk if group.cluster else None,
            "cluster_name": group.cluster.name if group.cluster else "",
            "individuals": group.individuals,
            "rows": [
                {
                    "position": row.position,
                    "registration_id": row.registration.pk,
                    "name": row.name,
                    "total": row.total,
                    "points": row.points,
                }
                for row in group.rows
            ],
        }
        for group in selectors.rankings(viewer=request.user, movement=found)
    ]


# ---------------------------------------------------------------- lessons
class AdoptionOut(Schema):
    id: int
    unit_id: int
    unit_name: str
    adopted_on: date
    result: str

    @staticmethod
    def resolve_unit_name(obj):
        return obj.unit.name


class LessonOut(Schema):
    id: int
    kind: str
    title: str
    summary: str
    unit_id: int
    movement_id: int | None
    adoption_count: int


class LessonDetailOut(LessonOut):
    author_ids: list[int]
    adoptions: list[AdoptionOut]

    @staticmethod
    def resolve_author_ids(obj):
        return sorted(a.pk for a in obj.authors.all())

    @staticmethod
    def resolve_adoptions(obj):
        return list(obj.adoptions.all())


class LessonIn(InputSchema):
    unit_id: Id = Field(description="Đơn vị của bài học (của mình, hoặc đơn vị mình phụ trách).")
    kind: model_field(Lesson, "kind") = "lesson"
    title: model_field(Lesson, "title")
    summary: model_field(Lesson, "summary")
    movement_id: Id | None = None
    author_ids: list[Id] = Field([], max_length=AUTHORS_MAX)


class AdoptionIn(InputSchema):
    unit_id: Id = Field(description="Đơn vị mình là thủ trưởng (bộ phận thi đua: mọi đơn vị).")
    adopted_on: Day | None = Field(None, description="Mặc định hôm nay; không ở tương lai.")
    result: model_field(LessonAdoption, "result") = ""


@router.get(
    "/lessons",
    response={200: list[LessonOut], **ERRORS},
    summary="Bài học kinh nghiệm và điển hình tiên tiến",
    description="Công khai với cán bộ; lọc theo phong trào, loại, đơn vị. Mới trước.",
)
@paginate(KeysetPagination, ordering=("-created_at", "-pk"))
def lessons(
    request,
    movement_id: Id | None = None,
    kind: model_field(Lesson, "kind") | None = None,
    unit_id: Id | None = None,
):
    found = selectors.lesson_list(viewer=request.user)
    if movement_id is not None:
        found = found.filter(movement_id=movement_id)
    if kind is not None:
        found = found.filter(kind=kind)
    if unit_id is not None:
        found = found.filter(unit_id=unit_id)
    return found


@router.get(
    "/lessons/{lesson_id}",
    response={200: LessonDetailOut, **ERRORS},
    summary="Một bài học kinh nghiệm",
    description="Kèm tác giả và các đơn vị đã nhân rộng; kèm ETag.",
    openapi_extra=ETAG_RESPONSE,
)
def lesson(request, lesson_id: Id, response: HttpResponse):
    found = selectors.lesson_get(viewer=request.user, pk=lesson_id)
    return set_etag(response, LessonDetailOut, found)


@router.post(
    "/lessons",
    response={201: LessonDetailOut, **ERRORS},
    summary="Ghi một bài học kinh nghiệm hoặc điển hình tiên tiến",
    description=(
        "Cho đơn vị của mình hoặc đơn vị mình phụ trách (bộ phận thi đua: mọi đơn vị); gắn "
        "với một phong trào đã phát động nếu có; tác giả là người trong danh bạ."
    ),
)
def lesson_create(request, payload: LessonIn):
    unit = unit_get(viewer=request.user, pk=payload.unit_id)
    movement = None
    if payload.movement_id is not None:
        movement = (
            selectors.movement_list(viewer=request.user)
            .exclude(status=MovementStatus.DRAFT)
            .filter(pk=payload.movement_id)
            .first()
        )
        if movement is None:
            raise ValidationError({"movement_id": _("Choose one of the movements offered.")})
    authors = [person_get(viewer=request.user, pk=pk) for pk in dict.fromkeys(payload.author_ids)]
    created = services.lesson_create(
        actor=request.user,
        unit=unit,
        title=payload.title,
        summary=payload.summary,
        kind=payload.kind,
        movement=movement,
        authors=authors,
    )
    return Status(201, selectors.lesson_get(viewer=request.user, pk=created.pk))


@router.post(
    "/lessons/{lesson_id}/adoptions",
    response={201: AdoptionOut, **ERRORS},
    summary="Ghi nhận một đơn vị nhân rộng bài học",
    description=(
        "Thủ trưởng đơn vị (bộ phận thi đua: mọi đơn vị), không phải đơn vị của bài học, mỗi "
        "đơn vị một lần; ngày không ở tương lai."
    ),
)
def lesson_adopt(request, lesson_id: Id, payload: AdoptionIn):
    found = selectors.lesson_get(viewer=request.user, pk=lesson_id)
    unit = unit_get(viewer=request.user, pk=payload.unit_id)
    return Status(
        201,
        services.lesson_adopt(
            actor=request.user,
            lesson=found,
            unit=unit,
            result=payload.result,
            adopted_on=payload.adopted_on,
        ),
    )
