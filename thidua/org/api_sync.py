"""Organisation API, the HR sync (issue 15, point 3) for administrators, as on its pages
(thidua/org/views/sync.py) and through hr_sync.py: the runs, newest first; one run's report
(what it changed, what it refused, who was not in the file); and "Sync now", the same sync
as the nightly one started as a background job. Mounted by thidua/org/api.py."""

from datetime import datetime
from typing import Any

from ninja import Schema, Status
from ninja.pagination import paginate

from thidua.core.api_pagination import KeysetPagination
from thidua.core.api_schemas import ERRORS, Id

from . import hr_sync
from .api_base import OrgRouter, require_admin
from .models import HrSyncRun

router = OrgRouter()


class HrSyncRunOut(Schema):
    id: int
    started_at: datetime
    finished_at: datetime | None
    trigger: str
    actor: str | None
    file_name: str
    status: str
    rows: int
    created: int
    moved: int
    updated: int
    departed: int
    returned: int
    unchanged: int
    not_in_file_count: int
    error_count: int
    message: str

    @staticmethod
    def resolve_actor(run: HrSyncRun) -> str | None:
        return run.actor.username if run.actor else None


class HrSyncReportOut(HrSyncRunOut):
    changes: list[dict[str, Any]]
    errors: list[dict[str, Any]]
    not_in_file: list[dict[str, Any]]


class HrSyncJobOut(Schema):
    id: int
    kind: str
    status: str
    created_at: datetime


@router.get(
    "/hr-sync/runs",
    response={200: list[HrSyncRunOut], **ERRORS},
    summary="Các lần đồng bộ với hệ thống quản lý cán bộ",
    description=(
        "Quản trị (khác: 403), như trang “Đồng bộ nhân sự”: mỗi lần đồng bộ (hằng đêm hoặc do "
        "quản trị chạy), mới trước, với tệp, kết quả và số người mới, điều động, cập nhật, "
        "nghỉ, không có trong tệp, số lỗi. Phân trang bằng con trỏ."
    ),
)
@paginate(KeysetPagination, ordering=("-started_at", "-pk"))
def hr_sync_runs(request):
    return hr_sync.hr_sync_runs(viewer=request.user).select_related("actor")


@router.get(
    "/hr-sync/runs/{run_id}",
    response={200: HrSyncReportOut, **ERRORS},
    summary="Báo cáo một lần đồng bộ nhân sự",
    description=(
        "Quản trị: như trang báo cáo — các thay đổi đã áp dụng (tối đa 20.000 dòng), các lỗi "
        "của tệp (tệp có lỗi thì không áp dụng gì) và những người không có trong tệp."
    ),
)
def hr_sync_run(request, run_id: Id):
    # hr_sync checks the administrator before looking anything up (403 first).
    return hr_sync.hr_sync_run_get(viewer=request.user, pk=run_id)


@router.post(
    "/hr-sync/runs",
    response={202: HrSyncJobOut, **ERRORS},
    summary="Đồng bộ nhân sự ngay (công việc nền)",
    description=(
        "Quản trị, như nút “Đồng bộ ngay”: cùng việc đồng bộ hằng đêm, chạy nền dưới tên người "
        "gọi; báo cáo xuất hiện ở GET /hr-sync/runs khi xong. Đang có lần đồng bộ chạy: 422."
    ),
)
def hr_sync_start(request):
    require_admin(request)
    return Status(202, hr_sync.hr_sync_start(actor=request.user))
