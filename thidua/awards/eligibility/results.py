"""What the engine returns: a verdict per title or form, and the problems of bad input."""

from dataclasses import FrozenInstanceError, dataclass

from .wording import _text


class Verdict:
    """Whether a title or form may be proposed, by which rule version, and why.

    Immutable. `reasons` are made into words the first time they are read (the engine keeps
    the facts of each reason, `wording._text`): the same strings as if made at once, equal
    verdicts compare and hash by them, and a verdict pickles as its facts."""

    __slots__ = (
        "code",
        "name",
        "eligible",
        "basis",
        "confidence",
        "_pieces",
        "_reasons",
        "rule_version",
        "already_granted",
    )
    code: str
    name: str
    eligible: bool
    basis: str
    confidence: str
    _pieces: tuple
    _reasons: tuple[str, ...] | None
    rule_version: str
    already_granted: bool

    def __init__(
        self,
        code: str,
        name: str,
        eligible: bool,
        basis: str,
        confidence: str,
        reasons: tuple[str, ...],
        rule_version: str,
        already_granted: bool = False,
    ):
        _fill(self, code, name, eligible, basis, confidence, tuple(reasons), rule_version)
        _set_already_granted(self, already_granted)

    @property
    def reasons(self) -> tuple[str, ...]:
        made = self._reasons
        if made is None:
            made = tuple([_text(piece) for piece in self._pieces])
            _set_reasons(self, made)
        return made

    def _fields(self) -> tuple:
        return (
            self.code,
            self.name,
            self.eligible,
            self.basis,
            self.confidence,
            self.reasons,
            self.rule_version,
            self.already_granted,
        )

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not Verdict:
            return NotImplemented
        return self is other or self._fields() == other._fields()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        names = ("code", "name", "eligible", "basis", "confidence", "reasons", "rule_version")
        shown = ", ".join(f"{n}={v!r}" for n, v in zip(names, self._fields(), strict=False))
        return f"Verdict({shown}, already_granted={self.already_granted!r})"

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def to_dict(self) -> dict:
        return {
            "code": self.code,
            "name": self.name,
            "eligible": self.eligible,
            "already_granted": self.already_granted,
            "basis": self.basis,
            "confidence": self.confidence,
            "rule_version": self.rule_version,
            "reasons": list(self.reasons),
        }

    def __reduce__(self):
        # pickled as its fields, the reasons as their facts unless already made into words
        # (evaluate_many sends verdicts between processes)
        made = self._reasons
        return (
            _verdict,
            (
                self.code,
                self.name,
                self.eligible,
                self.basis,
                self.confidence,
                self._pieces if made is None else made,
                self.rule_version,
                self.already_granted,
            ),
        )


_new_object = object.__new__
(
    _set_code,
    _set_name,
    _set_eligible,
    _set_basis,
    _set_confidence,
    _set_pieces,
    _set_reasons,
    _set_rule_version,
    _set_already_granted,
) = (getattr(Verdict, name).__set__ for name in Verdict.__slots__)


def _fill(verdict, code, name, eligible, basis, confidence, pieces, rule_version) -> None:
    _set_code(verdict, code)
    _set_name(verdict, name)
    _set_eligible(verdict, eligible)
    _set_basis(verdict, basis)
    _set_confidence(verdict, confidence)
    _set_pieces(verdict, pieces)
    _set_reasons(verdict, None)
    _set_rule_version(verdict, rule_version)


def _verdict(code, name, eligible, basis, confidence, pieces, rule_version, granted) -> Verdict:
    """A Verdict whose reasons are `pieces` (strings, or facts made into words when read,
    `wording._text`), without going through `__init__`: the yearly review builds millions."""
    verdict = _new_object(Verdict)
    _fill(verdict, code, name, eligible, basis, confidence, pieces, rule_version)
    _set_already_granted(verdict, granted)
    return verdict


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the input: where (a JSON path) and what, in Vietnamese and English."""

    path: str
    message: str
    message_en: str

    def to_dict(self) -> dict:
        return {"path": self.path, "message": self.message, "message_en": self.message_en}


class HistoryError(ValueError):
    """The history, the year, the receipt date or the settings cannot be judged."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]):
        self.problems = tuple(problems)
        super().__init__(
            "invalid eligibility input: " + "; ".join(f"{p.path}: {p.message_en}" for p in problems)
        )

    def to_dict(self) -> dict:
        return {
            "detail": "Dữ liệu xét khen thưởng không hợp lệ (invalid eligibility input)",
            "problems": [p.to_dict() for p in self.problems],
        }

    def __reduce__(self):
        return (HistoryError, (self.problems,))
