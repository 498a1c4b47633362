"""What the organisation API's routers share (thidua/org/api.py mounts them): a router whose
operation ids stay `thidua_org_api_<function>` whichever module holds the function (the
generated client names its methods after them), the administrators' check and the search
field."""

from typing import Annotated

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import Field, Router

from .rules import is_org_administrator

SEARCH_MAX = 120

Search = Annotated[str, Field(max_length=SEARCH_MAX, pattern=r"^[^\x00]*$")]


class OrgRouter(Router):
    """The organisation API's routers: operation ids named after the app's API and the
    function (`thidua_org_api_unit`), not after the module that holds it. Only the router of
    thidua/org/api.py carries the tag `org`: the area routers mounted on it inherit it."""

    def add_api_operation(self, path, methods, view_func, **kwargs) -> None:
        kwargs["operation_id"] = kwargs.get("operation_id") or (
            f"thidua_org_api_{view_func.__name__}"
        )
        super().add_api_operation(path, methods, view_func, **kwargs)


def require_admin(request) -> None:
    # Before any lookup, so that a non-administrator learns nothing of what exists.
    if not is_org_administrator(request.user):
        raise PermissionDenied(_("Only an administrator may change the organisation."))
