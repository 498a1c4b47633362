"""Who may read a document and who may manage the document store.

A document is readable by everyone, by the people of a unit subtree (and the heads whose
scope covers it), by the members of a Party body subtree (and the secretaries above it), or
by holders of named roles; its uploader always reads it. The same `Reader` decides what
retrieval may search, so a page, the API and the answer can never disagree.
"""

from dataclasses import dataclass

import rules
from django.utils import timezone

from thidua.org.choices import Role
from thidua.org.rules import viewer_scope
from thidua.org.selectors import ancestor_paths

from .choices import Audience

DOCUMENT_MANAGERS = {Role.ADMINISTRATOR, Role.EMULATION_OFFICER, Role.PARTY_SECRETARY}


@dataclass(frozen=True)
class Reader:
    """What a viewer is, for document audiences."""

    user_id: int | None
    everything: bool
    unit_paths: tuple[str, ...]  # their own unit and its ancestors
    party_paths: tuple[str, ...]  # their Party bodies and the bodies above them
    covered_unit_paths: tuple[str, ...]  # subtrees their role scope covers
    covered_party_paths: tuple[str, ...]
    roles: frozenset[str]

    def may_read(self, document) -> bool:
        if document.audience == Audience.EVERYONE:
            return True
        if self.user_id is not None and document.uploaded_by_id == self.user_id:
            return True
        if self.everything and document.audience != Audience.PARTY:
            return True  # a superuser is a state role: no Party body's documents by that
        if document.audience == Audience.UNIT and document.audience_unit_id:
            path = document.audience_unit.path
            return path in self.unit_paths or any(
                path.startswith(p) for p in self.covered_unit_paths
            )
        if document.audience == Audience.PARTY and document.audience_party_id:
            path = document.audience_party.path
            return path in self.party_paths or any(
                path.startswith(p) for p in self.covered_party_paths
            )
        if document.audience == Audience.ROLES:
            return bool(self.roles & set(document.audience_roles or ()))
        return False


def reader_for(user) -> Reader:
    """The viewer as a reader of documents (cached on the user object for the request)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Reader(None, False, (), (), (), (), frozenset())
    cached = getattr(user, "_thidua_reader", None)
    if cached is not None:
        return cached
    from thidua.org.models import PartyMembership, Person

    scope = viewer_scope(user)
    person = Person.objects.filter(user=user).select_related("unit").first()
    unit_paths = tuple(ancestor_paths(person.unit.path)) if person and person.unit_id else ()
    party_paths: set[str] = set()
    if person is not None:
        today = timezone.localdate()
        for path in (
            PartyMembership.objects.as_of(today)
            .filter(person=person)
            .values_list("organization__path", flat=True)
        ):
            party_paths.update(ancestor_paths(path))
    # Ministry-wide roles (administrator, emulation office, leadership) read every unit's
    # documents; Party bodies' and other roles' documents only by their own audience.
    reader = Reader(
        user_id=user.pk,
        everything=user.is_superuser,
        unit_paths=unit_paths,
        party_paths=tuple(sorted(party_paths)),
        covered_unit_paths=("",) if scope.everything else scope.unit_paths,
        covered_party_paths=scope.party_paths,
        roles=scope.roles,
    )
    user._thidua_reader = reader
    return reader


@rules.predicate
def can_manage_documents(user) -> bool:
    return user.is_authenticated and (
        user.is_superuser or bool(viewer_scope(user).roles & DOCUMENT_MANAGERS)
    )


# Who sees every question that found nothing: the state's document owners for the whole
# ministry. A Party secretary manages only their Party bodies' documents.
QUESTION_GAPS_EVERYWHERE = {Role.ADMINISTRATOR, Role.EMULATION_OFFICER}


@rules.predicate
def can_see_question_gaps(user) -> bool:
    """The questions that found nothing are for those who may add documents (see
    `question_gap_scope` for whose questions each of them sees)."""
    return can_manage_documents(user)


def question_gap_scope(user) -> tuple[str, ...] | None:
    """Whose unanswered questions a document owner sees: None for everyone's (a superuser,
    the administrator and the emulation office upload documents for the whole ministry);
    otherwise the Party body paths a secretary leads — the questions of the current members
    of those bodies and the bodies under them, for whom their Party documents are written.
    () when they see none. Never who asked: only the questions, dates and reasons."""
    if not user.is_authenticated:
        return ()
    scope = viewer_scope(user)
    if user.is_superuser or scope.roles & QUESTION_GAPS_EVERYWHERE:
        return None
    if Role.PARTY_SECRETARY in scope.roles:
        return scope.party_paths
    return ()


@rules.predicate
def can_read_document(user, document) -> bool:
    return reader_for(user).may_read(document)


@rules.predicate
def can_change_document(user, document) -> bool:
    """Uploaded documents are changed by their uploader or an administrator; platform
    documents follow their record and change only there."""
    from .choices import Source

    if document is None or document.source != Source.UPLOAD:
        return False
    if user.is_superuser or Role.ADMINISTRATOR in viewer_scope(user).roles:
        return True
    return document.uploaded_by_id == user.pk and can_manage_documents(user)


rules.add_perm("assistant.manage_documents", can_manage_documents)
rules.add_perm("assistant.read_document", can_read_document)
rules.add_perm("assistant.change_document", can_change_document)
rules.add_perm("assistant.see_question_gaps", can_see_question_gaps)
