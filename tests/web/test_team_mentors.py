"""The mentor pairs page: proposals for a manager's people, each explained; accept and decline kept by the store;
an engineer sees the pairs they are in; bad form fields change nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.web.conftest import Browser
from tests.web.html import Element, Page, parse
from tests.web.test_team_pages import MIAS_TEAM, Crew, crew_at


@pytest.fixture
def crew(tmp_path: Path) -> Iterator[Crew]:
    yield from crew_at(tmp_path)


def pairs_on(page: Page) -> list[Element]:
    return page.find_all("li", data_testid="pair")


def proposed(crew: Crew) -> Page:
    """Mia proposes pairs for her team; the page she lands on."""
    mia = crew.browsers["mia"]
    response = mia.post("/team/mentors/propose", {"capacity": "2"})
    assert response.status_code == 303 and response.headers["location"] == "/team/mentors?capacity=2"
    return mia.page(response.headers["location"])


def test_a_manager_proposes_pairs_for_her_team_each_explained(crew: Crew) -> None:
    mia = crew.browsers["mia"]
    before = mia.page("/team/mentors")
    assert pairs_on(before) == [] and "Propose pairs" in before.by_testid("propose").text
    assert crew.store.list_mentor_pairs() == []  # looking computes, but writes nothing
    page = proposed(crew)
    pairs = pairs_on(page)
    assert pairs, page.text[:2000]
    mentees = [pair.attrs["data-mentee"] for pair in pairs]
    assert set(mentees) <= set(MIAS_TEAM) and len(mentees) == len(set(mentees))  # one mentor per mentee
    for pair in pairs:
        assert pair.attrs["data-status"] == "proposed"
        assert pair.attrs["data-mentor"] != pair.attrs["data-mentee"]
        assert pair.attrs["data-mentor"] in pair.find(data_testid="pair-explanation").text
    stored = crew.store.list_mentor_pairs()
    assert sorted(p.mentee_name for p in stored) == sorted(mentees)
    assert all(p.framework_id == "ml-engineer" and p.benefit > 0 for p in stored)
    left = page.find_all(data_testid="unmatched-mentee")
    assert {item.attrs["data-mentee"] for item in left}.isdisjoint(mentees)
    assert all(item.attrs["data-reason"] and item.text for item in left)  # each with its reason
    assert sorted([*mentees, *(item.attrs["data-mentee"] for item in left)]) == MIAS_TEAM
    assert "Ada Alone" not in page.text and "Fay Small" not in page.text


def test_accepting_and_declining_are_kept(crew: Crew) -> None:
    page = proposed(crew)
    first, *rest = pairs_on(page)
    pair_id = int(first.attrs["id"].removeprefix("pair-"))
    mia = crew.browsers["mia"]
    response = mia.post("/team/mentors/decide", {"pair": str(pair_id), "decision": "accepted"})
    assert response.status_code == 303
    saved = crew.store.get_mentor_pair(pair_id)
    assert saved.status == "accepted" and saved.decided_at is not None
    again = mia.page("/team/mentors")
    decided = again.by_testid("decided").find("li", id=f"pair-{pair_id}")
    assert decided.find(data_testid="pair-status").text == "accepted"
    assert decided.find_all(data_testid="accept") == [] and decided.find_all(data_testid="decline")  # can change
    # Proposing again keeps the decision.
    proposed(crew)
    assert crew.store.get_mentor_pair(pair_id).status == "accepted"
    assert mia.post("/team/mentors/decide", {"pair": str(pair_id), "decision": "declined"}).status_code == 303
    assert crew.store.get_mentor_pair(pair_id).status == "declined"
    del rest


def test_an_engineer_sees_and_decides_only_her_own_pairs(crew: Crew) -> None:
    proposed(crew)
    everyone = crew.store.list_mentor_pairs()
    for username, name in (("bea", "Bea Report"), ("cai", "Cai Report"), ("dan", "Dan Report")):
        browser: Browser = crew.browsers[username]
        page = browser.page("/team/mentors")
        mine = [p for p in everyone if name in (p.mentor_name, p.mentee_name)]
        shown = pairs_on(page)
        assert sorted(int(p.attrs["id"].removeprefix("pair-")) for p in shown) == sorted(p.id for p in mine)
        assert page.find_all(data_testid="propose-form") == []
        assert browser.post("/team/mentors/propose", {"capacity": "2"}).status_code == 403
        others = [p for p in everyone if p not in mine]
        for pair in others:  # not hers: answered like a pair that does not exist, and left alone
            status = crew.store.get_mentor_pair(pair.id).status
            assert (
                browser.post("/team/mentors/decide", {"pair": str(pair.id), "decision": "declined"}).status_code == 404
            )
            assert crew.store.get_mentor_pair(pair.id).status == status
        for pair in mine:
            assert (
                browser.post("/team/mentors/decide", {"pair": str(pair.id), "decision": "accepted"}).status_code == 303
            )
            assert crew.store.get_mentor_pair(pair.id).status == "accepted"


@pytest.mark.parametrize(
    ("path", "fields", "status"),
    [
        ("/team/mentors/decide", {"pair": "{id}", "decision": "maybe"}, 422),
        ("/team/mentors/decide", {"pair": "{id}", "decision": "accepted\x00"}, 422),
        ("/team/mentors/decide", {"pair": "{id}", "decision": "a" * 100_000}, 422),
        ("/team/mentors/decide", {"pair": "{id}"}, 422),
        ("/team/mentors/decide", {"decision": "accepted"}, 422),
        ("/team/mentors/decide", {"pair": "99999", "decision": "accepted"}, 404),
        ("/team/mentors/decide", {"pair": "99999999999", "decision": "accepted"}, 422),
        ("/team/mentors/decide", {"pair": "-1", "decision": "accepted"}, 422),
        ("/team/mentors/decide", {"pair": "{id}\x00", "decision": "accepted"}, 422),
        ("/team/mentors/propose", {"capacity": "0"}, 422),
        ("/team/mentors/propose", {"capacity": "-1"}, 422),
        ("/team/mentors/propose", {"capacity": "11"}, 422),
        ("/team/mentors/propose", {"capacity": "two"}, 422),
        ("/team/mentors/propose", {"capacity": "2\x00"}, 422),
    ],
)
def test_bad_form_fields_change_nothing(crew: Crew, path: str, fields: dict[str, str], status: int) -> None:
    proposed(crew)
    before = [(p.id, p.status) for p in crew.store.list_mentor_pairs()]
    filled = {name: value.replace("{id}", str(before[0][0])) for name, value in fields.items()}
    response = crew.browsers["mia"].post(path, filled)
    assert response.status_code == status, response.text[:300]
    assert parse(response.text).by_testid("error-message").text
    assert [(p.id, p.status) for p in crew.store.list_mentor_pairs()] == before


def test_decisions_need_the_sessions_token(crew: Crew) -> None:
    proposed(crew)
    pair = crew.store.list_mentor_pairs()[0]
    client = crew.browsers["mia"].client
    response = client.post(
        "/team/mentors/decide", data={"pair": pair.id, "decision": "accepted"}, follow_redirects=False
    )
    assert response.status_code == 403
    assert crew.store.get_mentor_pair(pair.id).status == "proposed"


def test_a_director_without_the_setting_sees_no_names_below_her_managers(crew: Crew) -> None:
    proposed(crew)
    page = crew.browsers["dora"].get("/team/mentors").text
    for name in (*MIAS_TEAM, "Fay Small", "Gus Small"):
        assert name not in page, name


def test_capacity_query_is_checked(crew: Crew) -> None:
    mia = crew.browsers["mia"]
    assert mia.get("/team/mentors?capacity=0").status_code == 422
    assert mia.get("/team/mentors?capacity=x").status_code == 422
    assert mia.page("/team/mentors?capacity=1").by_testid("capacity").attrs["value"] == "1"
