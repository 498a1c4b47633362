"""The round judges with the agency settings in force on its receipt date (issue 11, point 2):
a change of the CSTĐCS cap dated 01/06/2026 leaves a round received on 31/12/2025 as it was
and applies to one received on 31/12/2026; the step records the cap it applied."""

from datetime import date

import pytest

from thidua.awards.choices import RoundStep
from thidua.awards.models import RoundStepResult
from thidua.awards.services import round as services
from thidua.core.actors import SYSTEM
from thidua.core.agency_settings import setting_override

from .test_round import run_and_confirm

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("received_on", "share", "kept", "capped"),
    [
        (date(2025, 12, 31), 0.15, 1, 1),  # before the change: the law's 15 %, one capped
        (date(2026, 12, 31), 1.0, 2, 0),  # after it: no one capped
    ],
)
def test_a_cap_change_dated_after_a_round_leaves_that_round_alone(
    officer, section, received_on, share, kept, capped
):
    setting_override(
        actor=SYSTEM,
        key="awards.cstdcs_cap_share",
        value=1,
        reason="Quy chế thi đua 2026",
        valid_from=date(2026, 6, 1),
    )
    round_ = services.round_start(actor=officer.user, year=2025, received_on=received_on)
    run_and_confirm(round_, [RoundStep.RATINGS, RoundStep.UNIT_RATINGS, RoundStep.TITLES])

    titles = RoundStepResult.objects.get(round=round_, step=RoundStep.TITLES)
    assert titles.counts["CSTDCS_eligible"] == 2
    assert (titles.counts["CSTDCS_kept"], titles.counts["capped"]) == (kept, capped)
    assert float(titles.details["cap_share"]) == share
