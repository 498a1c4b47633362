"""What the engine returns: a verdict per title or form, and the problems of bad input."""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether a title or form may be proposed, by which rule version, and why."""

    code: str
    name: str
    eligible: bool
    basis: str
    confidence: str
    reasons: tuple[str, ...]
    rule_version: str
    already_granted: bool = False

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
        # pickled as its eight fields (evaluate_many sends verdicts between processes)
        return (
            _verdict,
            (
                self.code,
                self.name,
                self.eligible,
                self.basis,
                self.confidence,
                self.reasons,
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
    _set_reasons,
    _set_rule_version,
    _set_already_granted,
) = (
    getattr(Verdict, name).__set__
    for name in (
        "code",
        "name",
        "eligible",
        "basis",
        "confidence",
        "reasons",
        "rule_version",
        "already_granted",
    )
)


def _verdict(code, name, eligible, basis, confidence, reasons, rule_version, granted) -> Verdict:
    """Verdict(...) without the frozen dataclass's eight object.__setattr__ calls: the
    yearly review builds millions of them (bench/eligibility_engine.py). Same object."""
    verdict = _new_object(Verdict)
    _set_code(verdict, code)
    _set_name(verdict, name)
    _set_eligible(verdict, eligible)
    _set_basis(verdict, basis)
    _set_confidence(verdict, confidence)
    _set_reasons(verdict, reasons)
    _set_rule_version(verdict, rule_version)
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
