"""Goals API, the ministry dashboard and the monthly review (issue 15, point 2), as on their
pages (thidua/goals/views/dashboard.py, views/review.py) and through the same readers:
`dashboard.ministry_dashboard` and `cycle_time.cycle_panel` for the dashboard's figures,
`review.monthly_review` for the review and `review_export` for its .xlsx and .docx.

Every signed-in user may read them, as the pages: each figure is counted over the goals the
caller may see (selectors.visible_goals), so the answer is the page the caller would get.
A query value the page would refuse (a month that does not exist, a unit that cannot scope
a review, a cycle-time unit the caller does not cover) is a 422 naming the parameter, with
the page's Vietnamese message. Mounted by thidua/goals/api.py."""

import re
from datetime import date
from decimal import Decimal
from typing import Literal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from thidua.core.api_schemas import ERRORS, Day, Id
from thidua.core.documents import DOCX_CONTENT_TYPE
from thidua.org.models import Unit
from thidua.org.rules import viewer_scope

from . import cycle_time, dashboard
from .choices import RiskReason
from .review import MAX_YEAR, MIN_YEAR, MonthlyReview, monthly_review, review_units
from .review_export import XLSX_CONTENT_TYPE, export_filename, review_docx, review_xlsx
from .review_month import default_month

MONTH_TEXT = re.compile(r"\d{4}-\d{2}")
MONTH_DESCRIPTION = "Tháng, viết YYYY-MM."

router = Router()


class BadQuery(ValueError):
    """A query value the page would refuse: answered 422 on that parameter."""

    def __init__(self, name: str, message: str):
        super().__init__(message)
        self.name, self.message = name, message

    def answer(self) -> Status:
        item = {"loc": ["query", self.name], "msg": self.message, "type": "value_error"}
        return Status(422, {"detail": [item]})


# ---------------------------------------------------------------- the dashboard's schemas
class ProgrammeCardOut(Schema):
    program_id: int = Field(description="Chương trình của dòng đang có hiệu lực vào ngày xem.")
    number: int
    code: str
    name: str
    is_illustrative: bool = Field(description="Chương trình minh hoạ (không có trong nguồn).")
    continues: list[str] = Field(description="Các chương trình trước của cùng dòng, cũ trước.")
    progress: Decimal = Field(description="Tiến độ của chương trình (0–1), như trên thẻ.")
    progress_verified: Decimal = Field(description="Tiến độ chỉ tính các lần cập nhật đã xác nhận.")
    goal_count: int = Field(description="Mục tiêu được tính (không nháp, không huỷ) vào ngày xem.")
    top_goals: int = Field(description="Mục tiêu cấp cao nhất.")
    at_risk_goals: int = Field(description="Mục tiêu có nguy cơ, ở mọi cấp.")


class ProgressPointOut(Schema):
    on: date
    progress: Decimal


class ProgressLineOut(Schema):
    program_id: int | None
    name: str
    points: list[ProgressPointOut]


class UnitRiskOut(Schema):
    unit_id: int
    unit_name: str
    at_risk: int = Field(description="Mục tiêu đang thực hiện có nguy cơ.")
    active: int = Field(description="Mục tiêu đang thực hiện.")


class WeekOut(Schema):
    week_start: date = Field(description="Thứ Hai đầu tuần.")
    checkins: int


class CycleMonthOut(Schema):
    month: str = Field(description="Tháng, viết YYYY-MM.")
    items: int
    median_days: Decimal | None
    p90_days: Decimal | None


class CycleUnitOut(Schema):
    name: str
    items: int
    median_days: Decimal | None
    p90_days: Decimal | None


class SlowItemOut(Schema):
    title: str
    url: str = Field(description="Trang của việc (đường dẫn trong Thi Đua).")
    detail: str
    days: Decimal
    count_text: str = Field(
        "",
        description="Một dòng gộp nhiều việc (đợt quán triệt: mỗi đợt một dòng): số việc "
        'dòng đó gồm, bằng lời ("3 đảng viên chưa quán triệt"); rỗng khi là một việc.',
    )


class CycleKindOut(Schema):
    key: str
    label: str
    current: CycleMonthOut
    trend: list[CycleMonthOut] = Field(description="Sáu tháng, cũ trước, đến tháng đã chọn.")
    units: list[CycleUnitOut]
    slowest_closed: list[SlowItemOut]
    slowest_open: list[SlowItemOut]


class CyclePanelOut(Schema):
    month: str = Field(description="Tháng đã chọn, YYYY-MM.")
    months: list[str] = Field(description="Các tháng có thể chọn (`cycle_month`), mới trước.")
    unit_name: str = Field(description="Đơn vị đã chọn (`cycle_unit_id`); rỗng: như mặc định.")
    computed_on: date | None = Field(description="Ngày tính số liệu lưu sẵn; null: tính trực tiếp.")
    kinds: list[CycleKindOut]


class DashboardOut(Schema):
    on: date
    programmes: list[ProgrammeCardOut]
    progress_over_time: list[ProgressLineOut] = Field(
        description="Tiến độ mỗi chương trình trong năm qua (tối đa khoảng một điểm mỗi tuần)."
    )
    at_risk_by_unit: list[UnitRiskOut]
    checkins_per_week: list[WeekOut] = Field(description="Mười hai tuần gần nhất.")
    cycle_time: CyclePanelOut


# ---------------------------------------------------------------- the review's schemas
class IssuerOut(Schema):
    governing_name: str = Field(description="Cơ quan chủ quản (chữ in hoa); rỗng ở cấp cao nhất.")
    name: str = Field(description="Đơn vị ban hành (chữ in hoa).")
    short: str = Field(description="Chữ viết tắt trong ký hiệu BC-...")
    unit_name: str


class IndicatorStatusOut(Schema):
    indicator_id: int
    name: str
    unit_of_measure: str
    direction: str
    baseline_value: Decimal
    baseline_on: date
    target_value: Decimal
    target_on: date
    value: Decimal | None = Field(description="Giá trị đo gần nhất đến cuối tháng.")
    measured_on: date | None
    expected: Decimal | None = Field(description="Giá trị theo lộ trình vào ngày đo.")
    is_behind: bool
    is_illustrative: bool


class AtRiskGoalOut(Schema):
    goal_id: int
    title: str
    owner: str
    owner_unit: str
    progress: Decimal
    reasons: list[str] = Field(description="Mã lý do (RiskReason).")
    reason_labels: list[str] = Field(description="Lý do, bằng lời.")
    period_end: date

    @staticmethod
    def resolve_reason_labels(obj) -> list[str]:
        """goals.review's AtRiskGoal (the review, the giao ban agenda), its reasons in words."""
        labels = dict(RiskReason.choices)
        return [str(labels.get(code, code)) for code in obj.reasons]


class UnitStandingOut(Schema):
    unit_id: int
    name: str
    progress: Decimal
    goal_count: int
    at_risk_count: int


class OverdueCheckinOut(Schema):
    key_result_id: int
    title: str
    goal_id: int
    goal_title: str
    owner: str
    owner_unit: str
    last_checkin_on: date | None
    days_since: int | None = Field(description="Số ngày từ lần cập nhật cuối đến cuối tháng.")


class ProgrammeReviewOut(Schema):
    program_id: int | None = Field(description="null: các mục tiêu ngoài các chương trình.")
    number: int
    code: str
    name: str
    is_illustrative: bool
    continues: list[str]
    progress: Decimal | None
    progress_month_end: Decimal | None
    month_end_taken_on: date | None
    goal_count: int
    at_risk_count: int
    indicators: list[IndicatorStatusOut]
    at_risk_goals: list[AtRiskGoalOut]
    ranking: list[UnitStandingOut] = Field(description="Các đơn vị trực thuộc, tốt nhất trước.")
    leading_unit_ids: list[int]
    lagging_unit_ids: list[int] = Field(description="Chậm nhất trước.")
    overdue_checkins: list[OverdueCheckinOut]


class ReviewUnitOut(Schema):
    id: int
    code: str
    name: str
    depth: int


class ReviewOut(Schema):
    month: str = Field(description="Tháng của báo cáo, viết YYYY-MM.")
    start: date
    end: date
    unit_id: int | None = Field(description="null: toàn Bộ.")
    subject: str
    issuer: IssuerOut
    generated_on: date
    at_risk_total: int
    overdue_total: int
    indicators_behind_total: int
    programmes: list[ProgrammeReviewOut]
    units: list[ReviewUnitOut] = Field(description="Các đơn vị có thể chọn (`unit_id`) tháng đó.")


# ---------------------------------------------------------------- query values
def _month(raw: str | None, *, name: str) -> date | None:
    """A month written YYYY-MM (the first day), None when not given."""
    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        if not (raw.isascii() and MONTH_TEXT.fullmatch(raw)):
            raise ValueError
        month = date(int(raw[:4]), int(raw[5:]), 1)
    except ValueError:
        raise BadQuery(
            name, _("“%(name)s” must be a month written YYYY-MM.") % {"name": name}
        ) from None
    _check_year(month.year, name=name)
    return month


def _check_year(year: int, *, name: str) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise BadQuery(
            name,
            _("The year must be between %(first)s and %(last)s.")
            % {"first": MIN_YEAR, "last": MAX_YEAR},
        )


def _cycle_month(raw: str | None, *, today: date) -> date | None:
    """`cycle_month`: one of the kept months up to this one, as on the page."""
    month = _month(raw, name="cycle_month")
    if month is None:
        return None
    this_month = cycle_time.month_start(today)
    oldest = cycle_time.add_months(this_month, -(cycle_time.KEPT_MONTHS - 1))
    if not oldest <= month <= this_month:
        raise BadQuery(
            "cycle_month",
            _("Cycle times are kept for the months from %(first)s to %(last)s.")
            % {"first": oldest.strftime("%m/%Y"), "last": this_month.strftime("%m/%Y")},
        )
    return month


def _cycle_unit(viewer, pk: int | None) -> Unit | None:
    """`cycle_unit_id`: a unit the viewer covers (ministry-wide roles: any unit)."""
    if pk is None:
        return None
    unit = Unit.objects.filter(pk=pk).first()
    if unit is None or not viewer_scope(viewer).covers_unit_path(unit.path):
        raise BadQuery("cycle_unit_id", _("You may see the cycle times of your own units only."))
    return unit


def _review_scope(viewer, *, month: str | None, unit_id: int | None):
    """(year, month, unit, units) of a review, as the page reads them."""
    first = _month(month, name="month") or date(*default_month(timezone.localdate()), 1)
    units = list(review_units(viewer=viewer, year=first.year, month=first.month))
    unit = None
    if unit_id is not None:
        unit = next((u for u in units if u.pk == unit_id), None)
        if unit is None:
            raise BadQuery("unit_id", _("Unknown unit: choose one from the list."))
    return first.year, first.month, unit, units


# ---------------------------------------------------------------- serialising
def _month_text(day: date) -> str:
    return day.strftime("%Y-%m")


def _card(card: dashboard.ProgramCard) -> dict:
    program = card.program
    return {
        "program_id": program.pk,
        "number": program.number,
        "code": program.code,
        "name": program.name,
        "is_illustrative": program.is_illustrative,
        "continues": [p.name for p in card.line.earlier] if card.line else [],
        "progress": card.progress,
        "progress_verified": card.progress_verified,
        "goal_count": card.goal_count,
        "top_goals": card.top_goals,
        "at_risk_goals": card.at_risk_goals,
    }


def _cycle_figure(figure: cycle_time.MonthFigure) -> dict:
    return {
        "month": _month_text(figure.month),
        "items": figure.items,
        "median_days": figure.median,
        "p90_days": figure.p90,
    }


def _cycle_panel(panel: cycle_time.CyclePanel) -> dict:
    def slow(items):
        return [vars(item) for item in items]

    return {
        "month": _month_text(panel.month),
        "months": [_month_text(m) for m in panel.months],
        "unit_name": panel.unit_name,
        "computed_on": panel.computed_on,
        "kinds": [
            {
                "key": kind.key,
                "label": str(kind.label),
                "current": _cycle_figure(kind.current),
                "trend": [_cycle_figure(f) for f in kind.trend],
                "units": [
                    {"name": u.name, "items": u.items, "median_days": u.median, "p90_days": u.p90}
                    for u in kind.units
                ],
                "slowest_closed": slow(kind.slowest_closed),
                "slowest_open": slow(kind.slowest_open),
            }
            for kind in panel.kinds
        ],
    }


def _dashboard(data: dashboard.Dashboard, panel: cycle_time.CyclePanel) -> dict:
    ids = {str(card.program): card.program.pk for card in data.cards}
    return {
        "on": data.today,
        "programmes": [_card(card) for card in data.cards],
        "progress_over_time": [
            {
                "program_id": ids.get(line.name),
                "name": line.name,
                "points": [{"on": p.at, "progress": p.value} for p in line.points],
            }
            for line in data.progress_chart.lines
        ],
        "at_risk_by_unit": [
            {
                "unit_id": entry["unit"].pk,
                "unit_name": entry["unit"].name,
                "at_risk": entry["at_risk"],
                "active": entry["total"],
            }
            for entry in data.at_risk_units
        ],
        "checkins_per_week": [
            {"week_start": column.label, "checkins": column.value}
            for column in data.activity_chart.columns
        ],
        "cycle_time": _cycle_panel(panel),
    }


def _programme(programme) -> dict:
    return {
        **{
            name: getattr(programme, name)
            for name in (
                "program_id",
                "number",
                "code",
                "name",
                "is_illustrative",
                "progress",
                "progress_month_end",
                "month_end_taken_on",
                "goal_count",
                "at_risk_count",
            )
        },
        "continues": list(programme.continues),
        "indicators": [vars(i) for i in programme.indicators],
        "at_risk_goals": list(programme.at_risk_goals),
        "ranking": [vars(s) for s in programme.ranking],
        "leading_unit_ids": [s.unit_id for s in programme.leading],
        "lagging_unit_ids": [s.unit_id for s in programme.lagging],
        "overdue_checkins": [vars(row) for row in programme.overdue_checkins],
    }


def _review(review: MonthlyReview, units: list[Unit]) -> dict:
    return {
        "month": _month_text(review.start),
        "start": review.start,
        "end": review.end,
        "unit_id": review.unit.pk if review.unit is not None else None,
        "subject": review.subject,
        "issuer": vars(review.issuer),
        "generated_on": review.generated_on,
        "at_risk_total": review.at_risk_total,
        "overdue_total": review.overdue_total,
        "indicators_behind_total": review.indicators_behind_total,
        "programmes": [_programme(p) for p in review.programmes],
        "units": [{"id": u.pk, "code": u.code, "name": u.name, "depth": u.depth} for u in units],
    }


# ---------------------------------------------------------------- operations
@router.get(
    "/dashboard",
    response={200: DashboardOut, **ERRORS},
    summary="Bảng điều hành của Bộ",
    description=(
        "Như trang bảng điều hành, cho mọi người đã đăng nhập, đếm trên các mục tiêu người gọi "
        "được xem: mỗi dòng chương trình có hiệu lực vào ngày `on` (mặc định hôm nay; năm từ "
        "2000 đến 2100) với tiến độ, số mục tiêu, mục tiêu cấp cao nhất và có nguy cơ; tiến độ "
        "theo thời gian trong năm trước ngày đó; mục tiêu có nguy cơ theo đơn vị cấp Cục/Vụ; số "
        "lần cập nhật mỗi tuần trong 12 tuần. Kèm bảng thời gian hoàn thành (trung vị, phân vị "
        "90 theo loại việc) của tháng `cycle_month` (YYYY-MM, một trong 12 tháng gần nhất, mặc "
        "định tháng này) và đơn vị `cycle_unit_id` (đơn vị người gọi phụ trách). Giá trị sai "
        "hoặc đơn vị không phụ trách: 422 như trang."
    ),
)
def goals_dashboard(
    request,
    on: Day | None = None,
    cycle_month: str | None = Query(None, max_length=7, description=MONTH_DESCRIPTION),
    cycle_unit_id: Id | None = None,
):
    today = timezone.localdate()
    try:
        if on is not None:
            _check_year(on.year, name="on")
        month = _cycle_month(cycle_month, today=today)
        unit = _cycle_unit(request.user, cycle_unit_id)
    except BadQuery as exc:
        return exc.answer()
    data = dashboard.ministry_dashboard(viewer=request.user, today=on or today)
    panel = cycle_time.cycle_panel(viewer=request.user, month=month, unit=unit, today=today)
    return _dashboard(data, panel)


@router.get(
    "/review",
    response={200: ReviewOut, **ERRORS},
    summary="Báo cáo giao ban tháng (thực hiện chiến lược)",
    description=(
        "Như trang báo cáo giao ban, cho mọi người đã đăng nhập, trên các mục tiêu người gọi "
        "được xem: theo từng chương trình, tiến độ hiện tại và cuối tháng, chỉ tiêu quốc gia so "
        "với lộ trình, mục tiêu có nguy cơ và người phụ trách, đơn vị dẫn đầu và chậm, kết quả "
        "then chốt quá hạn cập nhật. `month` (YYYY-MM, năm 2000–2100; mặc định: tháng trước "
        "đến hết ngày 10, sau đó tháng này) và "
        "`unit_id` (một đơn vị đến cấp phòng còn hoạt động trong tháng, danh sách `units`; mặc "
        "định toàn Bộ). Tháng sai hoặc đơn vị không chọn được: 422."
    ),
)
def goals_review(
    request,
    month: str | None = Query(None, max_length=7, description=MONTH_DESCRIPTION),
    unit_id: Id | None = None,
):
    try:
        year, number, unit, units = _review_scope(request.user, month=month, unit_id=unit_id)
    except BadQuery as exc:
        return exc.answer()
    review = monthly_review(viewer=request.user, year=year, month=number, unit=unit)
    return _review(review, units)


FILE_TYPES = {"xlsx": (review_xlsx, XLSX_CONTENT_TYPE), "docx": (review_docx, DOCX_CONTENT_TYPE)}


@router.get(
    "/review/export",
    response={200: None, **ERRORS},
    summary="Tải báo cáo giao ban tháng (.xlsx, .docx)",
    description=(
        "Cùng tệp như nút tải trên trang báo cáo giao ban: `format=xlsx` (mặc định; mỗi phần một "
        "trang tính, số vẫn là số) hoặc `docx` (thể thức Nghị định 30/2020). Cùng tham số và "
        "quyền như GET /review; tên tệp không dấu: bao-cao-giao-ban-YYYY-MM[-mã đơn vị]."
    ),
    openapi_extra={
        "responses": {
            200: {
                "description": "Báo cáo giao ban tháng",
                "content": {
                    content_type: {"schema": {"type": "string", "format": "binary"}}
                    for _writer, content_type in FILE_TYPES.values()
                },
            }
        }
    },
)
def goals_review_export(
    request,
    month: str | None = Query(None, max_length=7, description=MONTH_DESCRIPTION),
    unit_id: Id | None = None,
    format: Literal["xlsx", "docx"] = Query(  # noqa: A002 - the query parameter's name
        "xlsx", description="xlsx (mặc định) hoặc docx."
    ),
):
    try:
        year, number, unit, _units = _review_scope(request.user, month=month, unit_id=unit_id)
    except BadQuery as exc:
        return exc.answer()
    review = monthly_review(viewer=request.user, year=year, month=number, unit=unit)
    writer, content_type = FILE_TYPES[format]
    response = HttpResponse(writer(review), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{export_filename(review, format)}"'
    return response
