"""The assistant part of `thidua demo`: three illustrative documents with different audiences
(everyone; the staff of Cục An toàn thông tin; the emulation office and council members),
the platform's own records mirrored, and the index built once. Idempotent."""

from datetime import date
from pathlib import Path

from django.contrib.auth import get_user_model

from thidua.org.choices import Role
from thidua.org.models import Unit

from .choices import Audience, Source
from .models import Document
from .services import document_upload, index_rebuild_now, index_updates_deferred
from .signals import platform_documents_sync_all

FOLDER = Path(__file__).parent / "demo_documents"
DOCUMENTS = [
    # file, number, effective from, audience, unit code, roles
    (
        "quy-che-thi-dua-khen-thuong.md",
        "QC-TĐKT (minh hoạ)",
        date(2025, 1, 1),
        Audience.EVERYONE,
        None,
        [],
    ),
    ("ke-hoach-attt-2026.md", "", date(2026, 1, 5), Audience.UNIT, "ATTT", []),
    (
        "huong-dan-bo-phieu-hoi-dong.md",
        "",
        date(2025, 3, 1),
        Audience.ROLES,
        None,
        [Role.EMULATION_OFFICER, Role.COUNCIL_MEMBER],
    ),
]


def demo_loader(*, people: int = 300, seed: int = 2020) -> str:
    admin = get_user_model().objects.filter(username="quantri").first()
    if admin is None:
        admin = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    added = 0
    with index_updates_deferred():
        mirrored = platform_documents_sync_all()
        for name, number, effective_on, audience, unit_code, roles in DOCUMENTS:
            if (
                admin is None
                or Document.objects.filter(source=Source.UPLOAD, original_name=name).exists()
            ):
                continue
            unit = (
                Unit.objects.filter(code=unit_code, valid_to__isnull=True).first()
                if unit_code
                else None
            )
            if audience == Audience.UNIT and unit is None:
                continue
            document_upload(
                actor=admin,
                name=name,
                data=(FOLDER / name).read_bytes(),
                number=number,
                effective_on=effective_on,
                audience=audience,
                unit=unit,
                roles=roles,
            )
            added += 1
    state = index_rebuild_now()
    return (
        f"Assistant demo: {added} documents uploaded, {mirrored} platform records mirrored; "
        f"index v{state.version} with {state.passages} passages of {state.documents} documents."
    )
