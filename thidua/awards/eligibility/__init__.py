"""Eligibility for emulation titles and commendation forms, judged by law (pure Python).

`evaluate(history, year=..., received_on=..., settings=None)` returns one `Verdict` per
title or form. The rules are data in `law.py`; `checks.py` holds one small check per
provision, each appending the facts that met (✓) or failed (✗) its conditions, in
Vietnamese, to the verdict's reasons; notes (version used, settings, already granted) start
with "•". The rule version is the one in force on the dossier's receipt date; before
1/10/2026 the newer version is used instead when it is more favourable.

No Django import here: the yearly review bulk-loads histories and calls `evaluate()` on
each (`compile_settings()` once, then pass the result as `settings`, saves re-reading them).
The history format is in docs/eligibility.md and docs/eligibility-history.schema.json.

One module per reason to change:
  results.py   Verdict, Problem, HistoryError (what callers get back)
  schema.py    reading and checking the JSON history
  policy.py    the agency's settings compiled (Policy, compile_settings)
  context.py   what one evaluation knows (years counted, verdicts so far)
  checks.py    one check per provision
  wording.py   the shared Vietnamese sentences and marks
  engine.py    evaluate, evaluate_many
  parallel.py  split and in_processes: parts judged in forked children
"""

from .checks import CHECKS
from .engine import evaluate, evaluate_many
from .parallel import Outcome, in_processes, split
from .policy import Policy, compile_settings
from .results import HistoryError, Problem, Verdict
from .wording import FAILED, MET, NOTE

__all__ = [
    "CHECKS",
    "FAILED",
    "MET",
    "NOTE",
    "HistoryError",
    "Outcome",
    "Policy",
    "Problem",
    "Verdict",
    "compile_settings",
    "evaluate",
    "evaluate_many",
    "in_processes",
    "split",
]
