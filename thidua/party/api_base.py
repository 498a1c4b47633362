"""What the Party API's routers share (thidua/party/api.py mounts them): a router whose
operation ids stay `thidua_party_api_<function>` whichever module holds the function (the
generated client names its methods after them), the uploaded file's field and name, and the
lookups that scope every read through the pages' selectors (404 outside the caller's Party
scope, 403 for a body the caller does not cover)."""

from pathlib import PurePath

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import File, Router, UploadedFile

from thidua.core.numbers import format_number

from . import selectors
from .constants import MAX_UPLOAD_BYTES
from .models import Resolution

FILE_NAME_MAX = 80  # the stored name (the original's full name is kept in original_name)

# An uploaded file (multipart/form-data), bounded as every input: what extract() accepts.
UPLOAD = File(..., description="Tệp (tối đa 10 MB).", max_length=MAX_UPLOAD_BYTES)


class PartyRouter(Router):
    """The Party API's routers: operation ids named after the app's API and the function
    (`thidua_party_api_resolution`), not after the module that holds it. Only the router of
    thidua/party/api.py carries the tag `party`: the area routers mounted on it inherit it."""

    def add_api_operation(self, path, methods, view_func, **kwargs) -> None:
        kwargs["operation_id"] = kwargs.get("operation_id") or (
            f"thidua_party_api_{view_func.__name__}"
        )
        super().add_api_operation(path, methods, view_func, **kwargs)


def get_one(queryset, pk: int):
    """One row of a selector's (already scoped) queryset, or 404."""
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def stored_name(name: str) -> str:
    """An uploaded file's name as stored: its last path part, the suffix kept, bounded (the
    file field holds 100 characters with its folder)."""
    name = PurePath(name.replace("\\", "/")).name.replace("\x00", "") or "file"
    if len(name) <= FILE_NAME_MAX:
        return name
    suffix = PurePath(name).suffix[:10]
    return name[: FILE_NAME_MAX - len(suffix)] + suffix


def refuse_too_large(file: UploadedFile) -> None:
    if file.size is not None and file.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            {
                "file": _("The file is larger than %(mb)s MB.")
                % {"mb": format_number(MAX_UPLOAD_BYTES // 2**20, grouping=True)}
            }
        )


def resolution_of(request, pk: int) -> Resolution:
    return get_one(selectors.resolution_list(viewer=request.user), pk)


def bodies_covered(request, ids: list[int]) -> list:
    """The caller's covered bodies named by `ids`; one unknown or not covered: 403, as the
    services refuse a body the caller does not cover."""
    found = {
        b.pk: b for b in selectors.party_bodies_covered(viewer=request.user).filter(pk__in=ids)
    }
    missing = [pk for pk in dict.fromkeys(ids) if pk not in found]
    if missing:
        raise PermissionDenied(
            _("Unknown Party body or one you do not cover: %(ids)s.")
            % {"ids": ", ".join(map(str, missing))}
        )
    return [found[pk] for pk in dict.fromkeys(ids)]
