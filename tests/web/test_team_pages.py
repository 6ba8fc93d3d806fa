"""The team pages: a manager's home (the matrix, readiness, risks, filters, CSV) and who may see it."""

from __future__ import annotations

import contextlib
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from mlladder import assess, builtin_framework, load_profile
from mlladder.access import RoleName
from mlladder.store import Store
from mlladder.web import create_app
from tests.conftest import ROOT
from tests.web.conftest import BASE_URL, PASSWORD, Browser, settings_for, sign_in
from tests.web.html import Element, Page, parse

PROFILES = ROOT / "examples" / "profiles"
# user name, role, manager, display name, example profile (None: no assessment yet)
ACCOUNTS: list[tuple[str, RoleName, str | None, str, str | None]] = [
    ("dora", "director", None, "Dora Director", None),
    ("mia", "manager", "dora", "Mia Manager", "staff.yaml"),
    ("bea", "engineer", "mia", "Bea Report", "mid.yaml"),
    ("cai", "engineer", "mia", "Cai Report", "junior.yaml"),
    ("dan", "engineer", "mia", "Dan Report", "senior.yaml"),
    ("gil", "engineer", "mia", "Gil Platform", "backend-to-ml.yaml"),
    ("eve", "engineer", "mia", "Eve Unassessed", None),
    ("max", "manager", "dora", "Max Manager", "principal.yaml"),
    ("fay", "engineer", "max", "Fay Small", "mid.yaml"),
    ("gus", "engineer", "max", "Gus Small", "junior.yaml"),
    ("ada", "engineer", None, "Ada Alone", "mid.yaml"),
]
MIAS_TEAM = ["Bea Report", "Cai Report", "Dan Report", "Gil Platform"]


@dataclass
class Crew:
    store: Store
    people: dict[str, int]
    browsers: dict[str, Browser]


def crew_at(tmp_path: Path, **settings: Any) -> Iterator[Crew]:
    """Team mode: a director over two managers; Mia leads four assessed reports and one not yet assessed, Max
    two; an engineer outside both teams."""
    config = settings_for(tmp_path, multi_user=True, **settings)
    framework = builtin_framework("ml-engineer")
    with Store(config.db_url) as setup:
        users: dict[str, int] = {}
        for username, role, manager, name, profile in ACCOUNTS:
            user = setup.create_user(username, PASSWORD, role, users.get(manager or ""), name=name)
            users[username] = user.id
            if profile is not None and user.person_id is not None:
                loaded = load_profile(PROFILES / profile, framework)
                setup.save_assessment(user.person_id, loaded, assess(loaded, framework))
    app = create_app(config)
    store: Store = app.state.mlladder.store
    people = {user.username: user.person_id for user in store.list_users() if user.person_id is not None}
    with contextlib.ExitStack() as stack:
        browsers = {}
        for username in people:
            client = stack.enter_context(TestClient(app, base_url=BASE_URL))
            assert sign_in(client, username).status_code == 303
            browsers[username] = Browser(client)
        yield Crew(store, people, browsers)


@pytest.fixture
def crew(tmp_path: Path) -> Iterator[Crew]:
    yield from crew_at(tmp_path)


@pytest.fixture
def open_crew(tmp_path: Path) -> Iterator[Crew]:
    """The same team on a server that lets directors read everyone's records below them."""
    yield from crew_at(tmp_path, director_sees_people=True)


def matrix_rows(page: Page) -> dict[str, Element]:
    return {row.attrs["data-person"]: row for row in page.by_testid("matrix").find_all("tr", data_testid="matrix-row")}


def test_a_managers_home_is_her_team(crew: Crew) -> None:
    mia = crew.browsers["mia"]
    home = mia.get("/", follow_redirects=False)
    assert home.status_code == 303 and home.headers["location"] == "/team"
    page = mia.page("/team")
    rows = matrix_rows(page)
    assert sorted(rows) == MIAS_TEAM  # nobody outside her team, and not herself
    assert "Ada Alone" not in page.text and "Fay Small" not in page.text
    assert "Eve Unassessed has no assessment on this ladder yet" in page.by_testid("team-warnings").text
    bea, person = rows["Bea Report"], crew.people["bea"]
    assert bea.find("a", data_testid="person-link").attrs["href"] == f"/people/{person}"
    assert bea.find("a", data_testid="packet-link").attrs["href"].startswith(f"/people/{person}/packet?target=L")
    assert bea.attrs["data-readiness"] in {"ready", "one-gap", "further", "top"}
    assert "years in" in bea.find(data_testid="row-window").text  # time in level against the window
    assert bea.find(data_testid="row-probability").text.endswith("%")
    cells = [cell for cell in bea.find_all("td") if "cell" in cell.attrs.get("class", "").split()]
    assert len(cells) >= 10
    statuses = {cell.attrs["class"].split()[1] for cell in cells}
    assert statuses <= {"above", "at", "below", "unrated", "not-expected"}
    rated = [cell for cell in cells if cell.attrs["class"].split()[1] in {"above", "at", "below"}]
    assert rated and all(re.match(r"\d\.\d (above|meets|below), expects \d$", cell.text) for cell in rated)
    own = mia.page(f"/people/{crew.people['mia']}")  # her own page stays reachable
    assert own.by_testid("person-name").text == "Mia Manager"
    assert page.by_testid("own-page").attrs["href"] == f"/people/{crew.people['mia']}"


def test_the_matrix_shows_coverage_and_risks(crew: Crew) -> None:
    page = crew.browsers["mia"].page("/team")
    coverage = page.by_testid("coverage").find_all("tr", data_testid="coverage-row")
    assert coverage and all(int(row.attrs["data-count"]) <= len(MIAS_TEAM) for row in coverage)
    singles = [row for row in coverage if row.attrs["data-count"] == "1"]
    assert all("single point" in row.text for row in singles)
    risks = page.by_testid("risks")
    assert "Gaps nobody covers" in risks.text and "Single points of failure" in risks.text
    for row in singles:  # every competency one person covers is named as a single point of failure
        assert row.find_all("td")[0].text in page.by_testid("single-points").text


def test_filters_narrow_the_matrix(crew: Crew) -> None:
    mia = crew.browsers["mia"]
    everyone = matrix_rows(mia.page("/team"))
    level = everyone["Dan Report"].attrs["data-level"]
    same_level = sorted(name for name, row in everyone.items() if row.attrs["data-level"] == level)
    assert sorted(matrix_rows(mia.page(f"/team?level={level}"))) == same_level
    platform = mia.page("/team?specialisation=ml-platform")
    assert sorted(matrix_rows(platform)) == ["Gil Platform"]
    assert platform.by_testid("filter-specialisation").find("option", value="ml-platform").attrs.get("selected") == ""
    assert sorted(matrix_rows(mia.page("/team?manager=Mia+Manager&level="))) == MIAS_TEAM
    nobody = mia.page("/team?specialisation=computer-vision")
    assert "Nobody matches the filters" in nobody.by_testid("no-rows").text


@pytest.mark.parametrize(
    ("query", "status", "words"),
    [
        ("level=L99", 400, "level: 'L99' is not a level"),
        ("specialisation=knitting", 400, "specialisation: 'knitting' is not one"),
        ("manager=Max+Manager", 400, "nobody you see reports to 'Max Manager'"),  # not hers: not even named back
        ("manager=Nobody", 400, "manager: nobody you see reports to 'Nobody'"),
        ("level=L3%00", 400, "level: the value holds a control character"),
        ("manager=" + "x" * 101, 422, "manager"),
        ("level=" + "L" * 5000, 422, "level"),
        ("level=%3Cscript%3E", 400, "'<script>' is not a level"),
    ],
)
def test_bad_filters_are_refused_with_a_clear_line(crew: Crew, query: str, status: int, words: str) -> None:
    for path in ("/team", "/team/download/matrix.csv"):
        response = crew.browsers["mia"].get(f"{path}?{query}")
        assert response.status_code == status, (path, response.text[:300])
        message = parse(response.text).by_testid("error-message").text
        assert words in message and "Traceback" not in response.text
        assert "<script>" not in response.text  # the value is printed as text


def test_the_matrix_downloads_as_csv(crew: Crew) -> None:
    response = crew.browsers["mia"].get("/team/download/matrix.csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert sorted(row["name"] for row in rows) == MIAS_TEAM
    assert all(row["manager"] == "Mia Manager" and row["readiness"] for row in rows)
    assert all(float(row["mlops"]) > 0 for row in rows if row["mlops"])
    filtered = crew.browsers["mia"].get("/team/download/matrix.csv?specialisation=ml-platform")
    assert [row["name"] for row in csv.DictReader(io.StringIO(filtered.text))] == ["Gil Platform"]


def test_an_engineer_has_no_team_pages(crew: Crew) -> None:
    bea = crew.browsers["bea"]
    assert bea.get("/", follow_redirects=False).status_code == 200  # her own page, as before
    for path in ("/team", "/team/download/matrix.csv", "/team/download/teams.csv"):
        response = bea.get(path)
        assert response.status_code == 403, path
        assert "for managers and directors" in parse(response.text).by_testid("error-message").text
        assert "Cai Report" not in response.text


def test_signed_out_visitors_are_sent_to_sign_in(crew: Crew, tmp_path: Path) -> None:
    anonymous = TestClient(crew.browsers["mia"].client.app, base_url=BASE_URL)
    response = anonymous.get("/team?level=L3", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login?next=%2Fteam%3Flevel%3DL3"


def test_single_user_mode_sees_everyone_else_in_its_database(browser: Browser, store: Store, me: int) -> None:
    """No accounts, no policy: the one local user owns the whole database, so the team is everyone else in it."""
    assert browser.get("/", follow_redirects=False).status_code == 200  # the start page stays their own
    assert "Nobody below you has an assessment yet" in browser.page("/team").by_testid("no-rows").text
    framework = builtin_framework("ml-engineer")
    profile = load_profile(PROFILES / "mid.yaml", framework)
    other = store.create_person("Kim Imported")
    store.save_assessment(other.id, profile, assess(profile, framework))
    store.save_assessment(me, profile, assess(profile, framework))
    assert sorted(matrix_rows(browser.page("/team"))) == ["Kim Imported"]


def test_the_page_follows_new_assessments(crew: Crew) -> None:
    """The page is remembered until the database changes: a new assessment shows at once."""
    mia = crew.browsers["mia"]
    assert "Eve Unassessed" not in matrix_rows(mia.page("/team"))
    framework = builtin_framework("ml-engineer")
    profile = load_profile(PROFILES / "mid.yaml", framework)
    crew.store.save_assessment(crew.people["eve"], profile, assess(profile, framework))
    page = mia.page("/team")
    assert "Eve Unassessed" in matrix_rows(page)
    assert page.find_all(data_testid="team-warnings") == []


def test_a_director_sees_aggregates_below_her_managers(crew: Crew) -> None:
    dora = crew.browsers["dora"]
    assert dora.get("/", follow_redirects=False).headers["location"] == "/team"
    response = dora.get("/team")
    page = parse(response.text)
    assert sorted(matrix_rows(page)) == ["Max Manager", "Mia Manager"]  # her direct reports, in full
    for name in (*MIAS_TEAM, "Fay Small", "Gus Small", "Eve Unassessed", "Ada Alone"):
        assert name not in response.text, name  # nobody below them by name, nor their ratings
    groups = {
        row.attrs["data-group"]: row for row in page.by_testid("group-table").find_all("tr", data_testid="group-row")
    }
    assert sorted(groups) == ["Max Manager", "Mia Manager"]
    assert groups["Mia Manager"].find(data_testid="group-count").text == "4"
    mix = groups["Mia Manager"].find(data_testid="level-mix").text
    assert sum(int(part.split(": ")[1]) for part in mix.split(", ")) == 4
    assert groups["Max Manager"].find(data_testid="group-count").text == "2"
    assert "Head count only" in groups["Max Manager"].find(data_testid="head-count-only").text
    teams = list(csv.DictReader(io.StringIO(dora.get("/team/download/teams.csv").text)))
    assert [(row["team"], row["people"]) for row in teams] == [("Max Manager", "2"), ("Mia Manager", "4")]
    assert teams[0]["level_mix"] == ""  # a small team: its head count only
    matrix = dora.get("/team/download/matrix.csv").text
    assert "Bea Report" not in matrix and "Mia Manager" in matrix
    assert dora.get(f"/people/{crew.people['bea']}").status_code == 404  # her page stays closed too


def test_a_director_on_a_server_that_allows_it_sees_everyone(open_crew: Crew) -> None:
    page = open_crew.browsers["dora"].page("/team")
    names = sorted(matrix_rows(page))
    assert names == sorted([*MIAS_TEAM, "Fay Small", "Gus Small", "Max Manager", "Mia Manager"])
    assert page.find_all(data_testid="groups") == []
    assert sorted(matrix_rows(open_crew.browsers["dora"].page("/team?manager=Max+Manager"))) == [
        "Fay Small",
        "Gus Small",
    ]


def test_what_if_someone_leaves_or_is_promoted(crew: Crew) -> None:
    mia = crew.browsers["mia"]
    empty = mia.page("/team/whatif")
    assert empty.find_all(data_testid="whatif-result") == []
    for testid in ("whatif-remove", "whatif-promote", "whatif-move"):
        choices = [option.text for option in empty.by_testid(testid).find_all("option")][1:]
        assert sorted(choices) == MIAS_TEAM, testid  # her people only, not herself
    managers = [option.text for option in empty.by_testid("whatif-move-to").find_all("option")][1:]
    assert managers == ["Mia Manager", *sorted(MIAS_TEAM)]  # herself, then the people she may see
    page = mia.page("/team/whatif?remove=Dan+Report&promote=Cai+Report&to=L3")
    assert page.by_testid("whatif-changes").text == "Trying: remove Dan Report; promote Cai Report to L3"
    assert (head_counts(page)) == (len(MIAS_TEAM), len(MIAS_TEAM) - 1)
    assert crew.store.latest_assessment(crew.people["dan"]) is not None  # trying writes nothing


def head_counts(page: Page) -> tuple[int, int]:
    levels = page.by_testid("whatif-levels").find_all("tr")[1:]
    return sum(int(row.find_all("td")[1].text) for row in levels), sum(
        int(row.find_all("td")[2].text) for row in levels
    )


def level_counts(page: Page, level: str) -> tuple[int, int]:
    row = page.by_testid("whatif-levels").find("tr", data_level=level)
    return int(row.find_all("td")[1].text), int(row.find_all("td")[2].text)


def teams(page: Page) -> dict[str, tuple[int, int]]:
    rows = page.by_testid("whatif-teams").find_all("tr", data_testid="whatif-team")
    return {row.attrs["data-team"]: (int(row.attrs["data-before"]), int(row.attrs["data-after"])) for row in rows}


def test_what_if_someone_joins_at_a_level(crew: Crew) -> None:
    mia = crew.browsers["mia"]
    page = mia.page("/team/whatif?add_level=L5&add_name=Zoe+New&add_specialisation=ml-platform")
    assert page.by_testid("whatif-changes").text == "Trying: add Zoe New (L5)"
    assert head_counts(page) == (len(MIAS_TEAM), len(MIAS_TEAM) + 1)
    before, after = level_counts(page, "L5")
    assert after == before + 1
    assert teams(page) == {"reports of Mia Manager": (4, 5)}  # she reports to Mia unless told otherwise
    # an L5 meets the needed level everywhere: no competency loses a holder, and any gap closes
    changes = page.all_testid("whatif-change")
    assert all(int(row.attrs["data-after"]) >= int(row.attrs["data-before"]) for row in changes)
    unnamed = mia.page("/team/whatif?add_level=l2&add_manager=Dan+Report")
    assert unnamed.by_testid("whatif-changes").text == "Trying: add New L2 hire (L2)"
    assert teams(unnamed) == {"reports of Dan Report": (0, 1)}
    assert unnamed.by_testid("whatif-add-manager").find("option", selected="").text == "Dan Report"


def test_what_if_someone_moves_to_another_manager(crew: Crew) -> None:
    page = crew.browsers["mia"].page("/team/whatif?move=Cai+Report&move_to=Dan+Report")
    assert page.by_testid("whatif-changes").text == "Trying: move Cai Report to report to Dan Report"
    assert head_counts(page) == (4, 4)  # the same people, in other teams
    assert teams(page) == {"reports of Dan Report": (0, 1), "reports of Mia Manager": (4, 3)}
    row = page.by_testid("whatif-teams").find("tr", data_team="reports of Mia Manager")
    assert "→" in row.text or "none" in row.text


def test_a_director_who_reads_everyone_moves_someone_between_her_managers(open_crew: Crew) -> None:
    page = open_crew.browsers["dora"].page("/team/whatif?move=Bea+Report&move_to=Max+Manager")
    assert teams(page) == {"reports of Max Manager": (2, 3), "reports of Mia Manager": (4, 3)}


def test_changes_of_every_kind_together(crew: Crew) -> None:
    query = (
        "add_level=L4&add_name=Zoe+New&remove=Dan+Report&promote=Cai+Report&to=L3&move=Bea+Report&move_to=Gil+Platform"
    )
    page = crew.browsers["mia"].page(f"/team/whatif?{query}")
    changes = "add Zoe New (L4); remove Dan Report; promote Cai Report to L3; move Bea Report to report to Gil Platform"
    assert page.by_testid("whatif-changes").text == f"Trying: {changes}"
    assert head_counts(page) == (4, 4)  # one joins, one leaves
    assert teams(page) == {"reports of Gil Platform": (0, 1), "reports of Mia Manager": (4, 3)}
    kept = page.by_testid("whatif-move-to").find("option", selected="")
    assert kept.text == "Gil Platform"  # the form shows what was tried
    assert page.by_testid("whatif-add-name").attrs["value"] == "Zoe New"


def kept_value(page: Page, name: str) -> str:
    field = page.find(name=name)
    if field.tag == "input":
        return field.attrs.get("value", "")
    return field.find("option", selected="").text


@pytest.mark.parametrize(
    ("query", "field", "words"),
    [
        ("remove=Ada+Alone", "remove", "Leaves: choose someone from the list."),
        ("promote=Cai+Report", "to", "To level: choose the level to promote Cai Report to."),
        ("promote=Cai+Report&to=L99", "to", "To level: choose one of the ladder's levels"),
        ("promote=Cai+Report&to=L1", "to", "choose a level above the one they hold"),
        ("to=L3", "promote", "Promoted: choose who is promoted to L3."),
        ("remove=Cai+Report&promote=Cai+Report&to=L3", "promote", "Cai Report leaves in this what-if"),
        ("remove=Dan%01", "remove", "Leaves: type it as plain text"),
        ("add_level=L99", "add_level", "Joins at level: choose one of the ladder's levels"),
        ("add_name=Zoe+New", "add_level", "Joins at level: choose the level the new person joins at."),
        ("add_level=L3&add_name=bea+report", "add_name", "Name: give the new person a name nobody in the team has."),
        ("add_level=L3&add_specialisation=knitting", "add_specialisation", "Specialisation: choose one of"),
        ("add_level=L3&add_manager=Fay+Small", "add_manager", "Reports to: choose someone from the list."),
        ("move=Nobody+Here&move_to=Dan+Report", "move", "Moves: choose someone from the list."),
        ("move=Fay+Small&move_to=Dan+Report", "move", "Moves: choose someone from the list."),  # not hers
        ("move=Cai+Report", "move_to", "Then reports to: choose who Cai Report reports to."),
        ("move_to=Dan+Report", "move", "Moves: choose who moves."),
        ("move=Cai+Report&move_to=Max+Manager", "move_to", "Then reports to: choose someone from the list."),
        ("move=Cai+Report&move_to=Cai+Report", "move_to", "choose someone outside Cai Report's reporting line"),
        ("remove=Dan+Report&move=Cai+Report&move_to=Dan+Report", "move_to", "Dan Report leaves in this what-if"),
    ],
)
def test_bad_what_ifs_come_back_on_the_form(crew: Crew, query: str, field: str, words: str) -> None:
    response = crew.browsers["mia"].get(f"/team/whatif?{query}")
    assert response.status_code == 400, response.text[:300]
    page = parse(response.text)
    (message,) = page.all_testid("field-error")
    assert message.attrs["data-field"] == field and words in message.text, message.text
    box = page.find(name=field)
    assert box.attrs["aria-invalid"] == "true" and box.attrs["aria-describedby"] == message.attrs["id"]
    assert page.find_all(data_testid="whatif-result") == [] and page.find_all(data_testid="error-message") == []
    for part in query.split("&"):  # every value as it was typed
        name, _, value = part.partition("=")
        if "%" not in value:
            assert kept_value(page, name) == value.replace("+", " "), name
    assert "Fay Small" not in [option.text for option in page.by_testid("whatif-move-to").find_all("option")][1:-1]


def test_a_director_may_not_move_people_she_sees_only_in_aggregate(crew: Crew) -> None:
    dora = crew.browsers["dora"]
    choices = [option.text for option in dora.page("/team/whatif").by_testid("whatif-move").find_all("option")][1:]
    assert choices == ["Max Manager", "Mia Manager"]
    response = dora.get("/team/whatif?move=Bea+Report&move_to=Max+Manager")
    assert response.status_code == 400
    assert parse(response.text).by_testid("field-error").attrs["data-field"] == "move"
    cycle = dora.get("/team/whatif?move=Dora+Director&move_to=Max+Manager")
    assert cycle.status_code == 400  # herself: not one of her people


def test_an_overlong_what_if_value_is_refused_before_any_work(crew: Crew) -> None:
    response = crew.browsers["mia"].get("/team/whatif?add_name=" + "x" * 101)
    assert response.status_code == 422
    assert "add name" in parse(response.text).by_testid("error-message").text


def test_an_engineer_has_no_what_if(crew: Crew) -> None:
    for query in ("remove=Cai+Report", "add_level=L3", "move=Cai+Report&move_to=Bea+Report"):
        assert crew.browsers["bea"].get(f"/team/whatif?{query}").status_code == 403
