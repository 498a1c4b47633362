"""A title the person qualifies for in the judged year but is not given — over the CSTĐCS cap,
or dropped by the office in step c of the round — is not counted by higher titles for that
year (`titles_withheld` in the history; the round passes it)."""

import pytest

from thidua.awards.eligibility import HistoryError
from thidua.awards.round_titles import withhold_titles_not_kept
from thidua.awards.services import round as services

from .helpers import initiative, person, text, verdict, verdicts, year


def cstd_bo(*, withheld=()):
    return person(
        year(2023, "HTXS", ["LDTT", "CSTDCS"]),
        year(2024, "HTXS", ["LDTT", "CSTDCS"], initiatives=initiative("bo", "Số hoá hồ sơ")),
        year(2025, "HTXS", titles_withheld=list(withheld)),
    )


def test_a_withheld_cstdcs_is_still_eligible_but_not_counted_by_cstd_cap_bo():
    assert verdict(cstd_bo(), "CSTD_BO").eligible  # 2023–2025, this year's judged eligible
    vs = verdicts(cstd_bo(withheld=["CSTDCS"]))
    assert vs["CSTDCS"].eligible
    assert "không được xét tặng Chiến sĩ thi đua cơ sở năm 2025" in text(vs["CSTDCS"])
    assert not vs["CSTD_BO"].eligible
    assert "2025" in text(vs["CSTD_BO"])


def test_withheld_must_be_individual_title_codes():
    with pytest.raises(HistoryError) as caught:
        verdicts(cstd_bo(withheld=["BK_BO"]))
    assert any(p.path == "years[2].titles_withheld" for p in caught.value.problems)


@pytest.mark.django_db
def test_the_round_judges_capped_people_again_without_this_years_cstdcs(officer, section):
    """Step f: a person step c did not keep is judged again with the title withheld; the
    people kept are left as they were judged."""
    from thidua.awards.eligibility import evaluate_many

    from .test_round_checks import RECEIVED

    round_ = services.round_start(actor=officer.user, year=2025, received_on=RECEIVED)
    ctx = services.context(round_)
    histories = {1: cstd_bo(), 2: cstd_bo()}
    histories[1]["name"] = histories[2]["name"] = "x"
    outcomes = evaluate_many(
        list(histories.values()), year=2025, received_on=RECEIVED, settings=ctx.policy
    )
    # person 1 kept CSTĐCS in step c, person 2 was capped
    titles = {1: {"LDTT", "CSTDCS"}, 2: {"LDTT"}}
    redone = withhold_titles_not_kept(
        ctx, [(1, "x"), (2, "x")], outcomes, histories, titles, codes=("LDTT", "CSTDCS")
    )
    assert redone[0] is outcomes[0]
    by_code = {v.code: v for v in redone[1]}
    assert not by_code["CSTD_BO"].eligible
    assert {v.code: v for v in outcomes[1]}["CSTD_BO"].eligible
