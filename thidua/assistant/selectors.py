"""Reads of the assistant, always as a given viewer: documents they may read, passages the
retrieval may search for them, their own questions."""

from __future__ import annotations

from collections import OrderedDict
from datetime import timedelta

import numpy as np
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils import timezone

from thidua.nlp.gaps import NOT_FOUND, NOT_USEFUL, Asked, QuestionGroup, group_questions

from . import rules
from .choices import AnswerMode, Audience, Feedback, Source
from .index import LoadedIndex
from .models import Document, Exchange, Passage


def visible_documents(*, viewer) -> QuerySet[Document]:
    """The documents the viewer may read, by their audience (rules.Reader)."""
    reader = rules.reader_for(viewer)
    if reader.user_id is None:
        return Document.objects.none()
    q = Q(audience=Audience.EVERYONE) | Q(uploaded_by_id=reader.user_id)
    if reader.everything:  # every document but a Party body's (rules.Reader.may_read)
        q |= ~Q(audience=Audience.PARTY)
    if reader.unit_paths:
        q |= Q(audience=Audience.UNIT, audience_unit__path__in=reader.unit_paths)
    for path in reader.covered_unit_paths:
        q |= Q(audience=Audience.UNIT, audience_unit__path__startswith=path)
    if reader.party_paths:
        q |= Q(audience=Audience.PARTY, audience_party__path__in=reader.party_paths)
    for path in reader.covered_party_paths:
        q |= Q(audience=Audience.PARTY, audience_party__path__startswith=path)
    if reader.roles:
        role_ids = [
            pk
            for pk, roles in Document.objects.filter(audience=Audience.ROLES).values_list(
                "pk", "audience_roles"
            )
            if reader.roles & set(roles or ())
        ]
        if role_ids:
            q |= Q(pk__in=role_ids)
    return Document.objects.filter(q)


def documents_for_admin(
    *, viewer, queryset: QuerySet[Document] | None = None
) -> QuerySet[Document]:
    """The documents the Django admin shows the viewer (of `queryset`, all by default): never
    a Party resolution's copy (managed in Party work); a document for a Party body only under
    a Party role over that body (its secretary, a committee office above it) or to its
    uploader. A state role, a superuser account included, gives no Party rights by itself."""
    qs = (Document.objects.all() if queryset is None else queryset).exclude(
        source=Source.RESOLUTION
    )
    reader = rules.reader_for(viewer)
    if reader.user_id is None:
        return qs.none()
    party = Q(uploaded_by_id=reader.user_id)
    for path in reader.covered_party_paths:
        party |= Q(audience_party__path__startswith=path)
    return qs.filter(~Q(audience=Audience.PARTY) | party)


def document_list(*, viewer, query: str = "") -> QuerySet[Document]:
    qs = visible_documents(viewer=viewer).select_related("audience_unit", "audience_party")
    if query:
        qs = qs.filter(Q(title__icontains=query) | Q(number__icontains=query))
    return qs.order_by("title", "pk")


def document_get(*, viewer, pk: int) -> Document:
    """A document the viewer may read; DoesNotExist both when it is missing and when they
    may not read it (so its existence does not leak)."""
    document = (
        Document.objects.select_related("audience_unit", "audience_party").filter(pk=pk).first()
    )
    if document is None or not rules.can_read_document(viewer, document):
        raise Document.DoesNotExist
    return document


def document_passages(*, viewer, document: Document) -> QuerySet[Passage]:
    if not rules.can_read_document(viewer, document):
        raise PermissionDenied
    return document.passages.order_by("order")


_masks: OrderedDict[tuple, np.ndarray | None] = OrderedDict()
_MASKS_KEPT = 128  # 100,000 passages: 100 kB a mask


def allowed_mask(*, viewer, loaded: LoadedIndex) -> np.ndarray | None:
    """What the viewer may search in the index, as a boolean mask over its positions; None
    when they may search all of it. Computed from the documents' audiences in the database
    now, not at build time, so a narrowed audience takes effect before the next build; kept
    per (reader, build, last document change) in this process."""
    reader = rules.reader_for(viewer)
    key = (reader, loaded.version, loaded.folder, loaded.stamp)
    if key in _masks:
        _masks.move_to_end(key)
        return _masks[key]
    visible = set(
        visible_documents(viewer=viewer).filter(classification="").values_list("pk", flat=True)
    )
    mask = loaded.mask_for(visible)
    _masks[key] = mask
    while len(_masks) > _MASKS_KEPT:
        _masks.popitem(last=False)
    return mask


def allowed_passage_ids(*, viewer, loaded: LoadedIndex) -> set[str] | None:
    """The passage ids of the index the viewer may search (None: all of it)."""
    mask = allowed_mask(viewer=viewer, loaded=loaded)
    if mask is None or loaded.index is None:
        return None
    return {loaded.index.ids[i] for i in np.flatnonzero(mask).tolist()}


def readable_passages(*, viewer, ids: list[int]) -> dict[int, Passage]:
    """The passages among `ids` the viewer may read now, with their documents."""
    documents = visible_documents(viewer=viewer).filter(classification="")
    return {
        p.pk: p
        for p in Passage.objects.filter(pk__in=ids, document__in=documents).select_related(
            "document"
        )
    }


def exchanges_of(*, viewer) -> QuerySet[Exchange]:
    """The viewer's own questions, newest first (the page shows each page of HISTORY_SHOWN
    oldest first, as a conversation reads; the API pages them by cursor)."""
    if not viewer.is_authenticated:
        return Exchange.objects.none()
    return Exchange.objects.filter(asker=viewer).order_by("-created_at", "-pk")


def exchange_get(*, viewer, pk: int) -> Exchange:
    exchange = Exchange.objects.filter(pk=pk, asker_id=getattr(viewer, "pk", None)).first()
    if exchange is None:
        raise Exchange.DoesNotExist
    return exchange


# Questions that found nothing (the owners' page): the periods offered, in days, the middle
# one by default, and how many of the newest questions are grouped at most.
GAP_DAYS = (30, 90, 365)
GAP_ROWS = 5000


def question_gaps(*, viewer, days: int = GAP_DAYS[1]) -> list[QuestionGroup]:
    """The questions of the last `days` days answered "Không tìm thấy căn cứ" or rated not
    useful (a document answer), grouped by similarity (`nlp.gaps`), most asked first — for
    document owners to see which document is missing. Whose questions: `rules.
    question_gap_scope` (everyone's for the administrator and the emulation office; a Party
    secretary's members'). Only the question, its date and the reason are read: nothing of
    the asker leaves the database. At most the newest GAP_ROWS questions are grouped."""
    if not rules.can_see_question_gaps(viewer):
        raise PermissionDenied
    if days not in GAP_DAYS:
        days = GAP_DAYS[1]
    scope = rules.question_gap_scope(viewer)
    if scope is not None and not scope:
        return []
    since = timezone.now() - timedelta(days=days)
    qs = Exchange.objects.filter(created_at__gte=since).filter(
        Q(mode=AnswerMode.NOT_FOUND)
        | Q(
            feedback=Feedback.NOT_USEFUL,
            mode__in=[AnswerMode.EXTRACTIVE, AnswerMode.GENERATIVE],
        )
    )
    if scope is not None:
        from thidua.org.models import PartyMembership

        members = Q()
        for path in scope:
            members |= Q(organization__path__startswith=path)
        askers = (
            PartyMembership.objects.as_of(timezone.localdate())
            .filter(members, person__user__isnull=False)
            .values("person__user_id")
        )
        qs = qs.filter(asker_id__in=askers)
    rows = qs.order_by("-created_at", "-pk").values_list("question", "created_at", "mode")[
        :GAP_ROWS
    ]
    return group_questions(
        Asked(question, asked_at, NOT_FOUND if mode == AnswerMode.NOT_FOUND else NOT_USEFUL)
        for question, asked_at, mode in reversed(list(rows))
    )


def library_has_passages() -> bool:
    """Whether any document has passages (something an index build should hold)."""
    return Passage.objects.exists()
