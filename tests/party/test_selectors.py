from datetime import date

from thidua.party import rules, selectors, services


def _resolution(party, resolution_text, body="cell_a", who="secretary_a"):
    return services.resolution_upload(
        actor=party[who].user,
        body=party[body],
        title="Nghị quyết",
        file_name="nq.txt",
        data=resolution_text.encode(),
    )


def test_resolutions_are_seen_by_their_secretary_and_the_committee_office(party, resolution_text):
    mine = _resolution(party, resolution_text)
    other = _resolution(party, resolution_text, body="cell_b", who="secretary_b")
    assert list(selectors.resolution_list(viewer=party["secretary_a"].user)) == [mine]
    assert set(selectors.resolution_list(viewer=party["office"].user)) == {mine, other}
    assert not selectors.resolution_list(viewer=party["member_a"].user).exists()
    assert not selectors.resolution_list(viewer=party["outsider"].user).exists()


def test_members_see_no_digest_until_a_campaign_sends_it(party, resolution_text):
    digest = selectors.digest_current(resolution=_resolution(party, resolution_text))
    assert selectors.digest_visible_to_member(digest, party["member_a"]) is False


def test_meetings_are_seen_by_the_cells_members_and_covering_offices_only(party):
    meeting = services.meeting_create(
        actor=party["secretary_a"].user,
        cell=party["cell_a"],
        held_on=date(2021, 3, 10),
        agenda="Chương trình",
        hard_problem="Vấn đề khó",
    )
    for who in ("secretary_a", "member_a", "office"):
        assert list(selectors.meeting_list(viewer=party[who].user)) == [meeting]
        assert rules.can_view_meeting(party[who].user, meeting)
    for who in ("secretary_b", "outsider"):
        assert not selectors.meeting_list(viewer=party[who].user).exists()
        assert not rules.can_view_meeting(party[who].user, meeting)


def test_predicates(party):
    assert rules.is_secretary_of(party["secretary_a"].user, party["cell_a"])
    assert not rules.is_secretary_of(party["secretary_a"].user, party["cell_b"])
    assert not rules.is_secretary_of(party["member_a"].user, party["cell_a"])
    assert not rules.is_secretary_of(party["office"].user, party["cell_a"])
    assert rules.covers_party_body(party["office"].user, party["cell_a"])
    assert not rules.covers_party_body(party["secretary_a"].user, party["committee"])
    assert rules.is_member_of_cell(party["member_a"].user, party["cell_a"])
    assert not rules.is_member_of_cell(party["member_a"].user, party["cell_b"])
