"""Writes of the assistant: the document store, the index, questions and feedback.

Every user action is one transaction; a document change is searchable as soon as it is
committed, through the delta index (`index_delta`), and merged into a new index build in the
background once the delta has grown (at most one build per transaction, and one at a time).
"""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Iterator
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from thidua.core import demo
from thidua.core.actors import SYSTEM
from thidua.core.audit import audit_record
from thidua.core.jobs import job_start
from thidua.core.templatetags.formatting import number
from thidua.nlp.structure import is_legal_text, split_passages
from thidua.org.models import PartyOrganization, Unit

from . import rules
from .choices import AnswerMode, AssistantAudit, Audience, Feedback, Source
from .constants import TITLE_MAX_CHARS
from .extract import extract_document
from .index import build as index_build
from .index import build_running as index_build_running
from .index import merge_wanted as index_merge_wanted
from .index import state as index_state
from .models import Document, Exchange, IndexState, Passage
from .presenting import withdrawn_note

_local = threading.local()
# The closing block of an administrative document (recipients, signature) answers nothing.
_CLOSING = re.compile(r"^\s*Nơi nhận\s*:", re.IGNORECASE)
INDEX_JOB_KIND = "assistant_index"
INDEX_TASK = "thidua.assistant.tasks.index_rebuild_run"


# ---------------------------------------------------------------- index
@contextlib.contextmanager
def index_updates_deferred() -> Iterator[None]:
    """Within this block document changes do not start builds (the demo builds once)."""
    previous = getattr(_local, "deferred", False)
    _local.deferred = True
    try:
        yield
    finally:
        _local.deferred = previous


def index_request() -> None:
    """Record that the index is out of date and start one build after the commit."""
    index_state()
    IndexState.objects.filter(pk=1).update(requested_at=timezone.now())
    if getattr(_local, "deferred", False) or demo.is_loading():
        return
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(
        getattr(func, "_assistant_index", False) for _, func, *_ in connection.run_on_commit
    ):
        return

    def start() -> None:
        # The change is searchable at once through the delta index; a build (the merge)
        # only when the delta has grown past its threshold (or there is no build yet).
        if index_merge_wanted():
            index_rebuild_start()

    start._assistant_index = True  # type: ignore[attr-defined]
    transaction.on_commit(start)


def index_rebuild_start() -> None:
    """Start a build in the background (a Celery job) unless one is running."""
    if not index_build_running():
        job_start(kind=INDEX_JOB_KIND, task_name=INDEX_TASK, params={}, actor=SYSTEM)


def index_rebuild_job(job, progress) -> dict[str, Any]:
    """Build once: the changes made during the build are served by the delta until the
    next one. Another build running already makes this one a no-op."""
    progress(0, stage="building")
    current = index_build()
    return {
        "ok": True,
        "version": current.version,
        "passages": current.passages,
        "builds": 0 if getattr(current, "skipped", False) else 1,
    }


def index_merge_if_needed() -> IndexState | None:
    """Merge the delta into a new build when it has grown past its threshold (Celery beat)."""
    if index_build_running() or not index_merge_wanted():
        return None
    return index_build()


def index_rebuild_now() -> IndexState:
    """Build the index in this process (management command, demo)."""
    return index_build()


# ---------------------------------------------------------------- documents
def _citation_path(path: str, title: str) -> str:
    """A heading path without the document's own title (a Markdown "# Title" line)."""
    head, sep, rest = path.partition(" › ")
    if head.strip().casefold() == title.strip().casefold():
        return rest if sep else ""
    return path


def _store_passages(document: Document) -> int:
    document.passages.all().delete()
    sections = split_passages(document.text)
    Passage.objects.bulk_create(
        [
            Passage(
                document=document,
                order=i,
                path=_citation_path(s.path, document.title)[:300],
                heading=s.heading[:500],
                text=s.text,
            )
            for i, s in enumerate(sections)
            if s.text.strip() and not _CLOSING.match(s.text)
        ]
    )
    return len(sections)


def _audience_fields(
    *,
    audience: str,
    unit: Unit | None,
    party: PartyOrganization | None,
    roles: list[str] | None,
) -> dict[str, Any]:
    from thidua.org.choices import Role

    if audience not in Audience.values:
        raise ValidationError({"audience": _("Choose who may read the document.")})
    if audience == Audience.UNIT and unit is None:
        raise ValidationError({"audience_unit": _("Choose the unit whose staff may read it.")})
    if audience == Audience.PARTY and party is None:
        raise ValidationError(
            {"audience_party": _("Choose the Party body whose members may read it.")}
        )
    roles = [r for r in (roles or []) if r]
    if audience == Audience.ROLES:
        unknown = [r for r in roles if r not in Role.values]
        if not roles or unknown:
            raise ValidationError({"audience_roles": _("Choose at least one role.")})
    return {
        "audience": audience,
        "audience_unit": unit if audience == Audience.UNIT else None,
        "audience_party": party if audience == Audience.PARTY else None,
        "audience_roles": roles if audience == Audience.ROLES else [],
    }


@transaction.atomic
def document_upload(
    *,
    actor,
    name: str,
    data: bytes,
    title: str = "",
    number: str = "",
    effective_on: date | None = None,
    audience: str = Audience.EVERYONE,
    unit: Unit | None = None,
    party: PartyOrganization | None = None,
    roles: list[str] | None = None,
) -> Document:
    """Store an uploaded document split into passages; refuse what cannot be read, what is
    not Vietnamese and what is classified (with the reason)."""
    if not rules.can_manage_documents(actor):
        raise PermissionDenied
    fields = _audience_fields(audience=audience, unit=unit, party=party, roles=roles)
    extracted = extract_document(name=name, data=data)
    title = (title or "").strip() or extracted.title
    document = Document(
        title=title[:TITLE_MAX_CHARS],
        number=(number or "").strip()[:64],
        effective_on=effective_on,
        source=Source.UPLOAD,
        original_name=name[:255],
        text=extracted.text,
        is_legal=is_legal_text(extracted.text),
        uploaded_by=actor,
        **fields,
    )
    document.full_clean(exclude=["file"])
    document.file.save(name, ContentFile(data), save=False)
    document.save()
    count = _store_passages(document)
    audit_record(
        actor=actor, action=AssistantAudit.DOCUMENT_UPLOADED, target=document, passages=count
    )
    index_request()
    return document


@transaction.atomic
def document_update(
    *,
    actor,
    document: Document,
    title: str,
    number: str = "",
    effective_on: date | None = None,
    audience: str,
    unit: Unit | None = None,
    party: PartyOrganization | None = None,
    roles: list[str] | None = None,
) -> Document:
    if not rules.can_change_document(actor, document):
        raise PermissionDenied
    fields = _audience_fields(audience=audience, unit=unit, party=party, roles=roles)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Enter the document's title.")})
    before = audience_of(document)
    document.title = title[:TITLE_MAX_CHARS]
    document.number = (number or "").strip()[:64]
    document.effective_on = effective_on
    for key, value in fields.items():
        setattr(document, key, value)
    document.save()
    if audience_of(document) != before:
        exchanges_withdraw(document_id=document.pk, document=document)
    audit_record(
        actor=actor, action=AssistantAudit.DOCUMENT_CHANGED, target=document, audience=audience
    )
    index_request()
    return document


@transaction.atomic
def document_delete(*, actor, document: Document) -> None:
    if not rules.can_change_document(actor, document):
        raise PermissionDenied
    audit_record(
        actor=actor, action=AssistantAudit.DOCUMENT_DELETED, target=document, title=document.title
    )
    if document.file:
        document.file.delete(save=False)
    document.delete()
    index_request()


@transaction.atomic
def platform_document_sync(
    *,
    source: str,
    source_id: int,
    title: str,
    text: str,
    number: str = "",
    effective_on: date | None = None,
    audience: str = Audience.EVERYONE,
    party: PartyOrganization | None = None,
    classification: str = "",
    present: bool = True,
) -> Document | None:
    """Mirror a record of the platform (a resolution, movement, lesson, programme) as a
    document: created, changed, or removed when `present` is false."""
    existing = Document.objects.filter(source=source, source_id=source_id).first()
    if not present or not text.strip():
        if existing is not None:
            existing.delete()
            index_request()
        return None
    document = existing or Document(source=source, source_id=source_id)
    changed_text = document.text != text
    values = {
        "title": title[:TITLE_MAX_CHARS],
        "number": number[:64],
        "effective_on": effective_on,
        "text": text,
        "is_legal": is_legal_text(text),
        "classification": classification,
        "audience": audience,
        "audience_party": party if audience == Audience.PARTY else None,
    }
    if (
        existing is not None
        and not changed_text
        and all(getattr(document, k) == v for k, v in values.items())
    ):
        return document
    before = audience_of(document) if existing is not None else None
    for key, value in values.items():
        setattr(document, key, value)
    document.save()
    if before is not None and audience_of(document) != before:
        exchanges_withdraw(document_id=document.pk, document=document)
    if changed_text or existing is None:
        _store_passages(document)
    index_request()
    return document


# ---------------------------------------------------------------- answers withdrawn
def audience_of(document: Document) -> tuple:
    """Who a document is for, to tell whether a change narrowed it."""
    return (
        document.audience,
        document.audience_unit_id,
        document.audience_party_id,
        tuple(document.audience_roles or ()),
    )


def _citing(document_id: int) -> list[Exchange]:
    """The stored answers that cite the document (found by their citations' "document")."""
    text = Q()
    for pattern in ('"document": %d,', '"document": %d}', '"document":%d,', '"document":%d}'):
        text |= Q(answer__icontains=pattern % document_id)
    candidates = Exchange.objects.filter(
        text, mode__in=[AnswerMode.EXTRACTIVE, AnswerMode.GENERATIVE]
    ).select_related("asker")
    return [
        x
        for x in candidates
        if any(c.get("document") == document_id for c in (x.answer or {}).get("citations", ()))
    ]


def _withdrawn(answer: dict[str, Any], document_id: int) -> dict[str, Any]:
    """The answer without its text and without the document's citations: a note instead.
    The answer's text goes whole (sentences and the language model's answer may draw on
    every passage cited); the other documents' citations stay, to be opened."""
    kept = [c for c in answer.get("citations", ()) if c.get("document") != document_id]
    rest = {k: v for k, v in answer.items() if k not in ("generated", "cited")}
    with translation.override("vi"):  # stored in the platform's language, as the note says
        note = withdrawn_note()
    return {**rest, "citations": kept, "sentences": [], "note": note, "withdrawn": True}


def exchanges_withdraw(*, document_id: int, document: Document | None = None) -> int:
    """Withdraw the stored answers that cite a document leaving the store (`document`
    None: deleted, or classified) or narrowed (`document`: from the askers who may no
    longer read it), in the caller's transaction. Returns how many were withdrawn."""
    changed = []
    for exchange in _citing(document_id):
        if document is not None and rules.reader_for(exchange.asker).may_read(document):
            continue
        exchange.answer = _withdrawn(exchange.answer, document_id)
        changed.append(exchange)
    Exchange.objects.bulk_update(changed, ["answer"])
    return len(changed)


# ---------------------------------------------------------------- questions
@transaction.atomic
def feedback_record(*, actor, exchange: Exchange, feedback: str) -> Exchange:
    if exchange.asker_id != actor.pk:
        raise PermissionDenied
    if feedback not in Feedback.values:
        raise ValidationError(_("Choose useful or not useful."))
    exchange.feedback = feedback
    exchange.feedback_at = timezone.now()
    exchange.save(update_fields=["feedback", "feedback_at"])
    return exchange


def question_ask(*, actor, question: str) -> Exchange:
    """Answer a question and keep it in the asker's history. Bad input (empty, too long)
    is refused with a message and nothing is stored."""
    from .answering import answer, clean_question
    from .constants import QUESTION_MAX_CHARS

    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied
    text = clean_question(question)
    if not text:
        raise ValidationError({"question": _("Type a question.")}, code="empty")
    if len(text) > QUESTION_MAX_CHARS:
        raise ValidationError(
            {
                "question": _(
                    "The question is too long (%(length)s characters; at most %(max)s). Ask "
                    "about one thing at a time."
                )
                % {"length": number(len(text)), "max": number(QUESTION_MAX_CHARS)}
            },
            code="too_long",
        )
    mode, data, version = answer(viewer=actor, question=text)
    with transaction.atomic():
        return Exchange.objects.create(
            asker=actor, question=text, mode=mode, answer=data, index_version=version
        )
