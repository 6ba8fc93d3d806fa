"""``mlladder mentors`` through the real entry point: a team folder, the example team, a database with decisions,
and every kind of bad input."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from mlladder import Framework, Profile
from mlladder.assess.placement import assess
from mlladder.framework.ladder import placed_competencies
from mlladder.store import Store
from tests.conftest import ROOT, Result, RunCli

EXAMPLE_TEAM = str(ROOT / "examples" / "team")


def ratings(framework: Framework, base: int, **given: int) -> dict[str, int]:
    values = {competency.id: base for competency in placed_competencies(framework)}
    return values | {key.replace("_", "-"): value for key, value in given.items()}


# Ana and Cy are seniors, Ana strongest in MLOps; Ben and Dee are juniors weakest there; Lee manages Ben.
PEOPLE = {
    "Ana": (3, {"mlops": 4}, ["nlp"]),
    "Cy": (3, {}, []),
    "Ben": (1, {"mlops": 0}, ["nlp"]),
    "Dee": (1, {"mlops": 0}, []),
}


@pytest.fixture
def team_folder(tmp_path: Path, ml_ladder: Framework) -> Path:
    folder = tmp_path / "team"
    folder.mkdir()
    for name, (base, given, specialisation) in PEOPLE.items():
        profile = {
            "schema_version": 1,
            "name": name,
            "framework": "ml-engineer",
            "ratings": {"manager": ratings(ml_ladder, base, **given)},
            "specialisation": specialisation,
        }
        (folder / f"{name.lower()}.yaml").write_text(yaml.safe_dump(profile), encoding="utf-8")
    team = {"schema_version": 1, "managers": {"Ben": "Cy", "Dee": "Cy"}}
    (folder / "team.yaml").write_text(yaml.safe_dump(team), encoding="utf-8")
    return folder


@pytest.fixture
def team_db(tmp_path: Path, ml_ladder: Framework) -> str:
    """A single-user database holding the same four people, each with an assessment."""
    url = f"sqlite:///{tmp_path / 'team.db'}"
    with Store(url) as store:
        for name, (base, given, specialisation) in PEOPLE.items():
            person = store.create_person(name)
            profile = Profile(
                name=name,
                framework="ml-engineer",
                ratings={"manager": ratings(ml_ladder, base, **given)},
                specialisation=specialisation,
            )
            store.save_assessment(person.id, profile, assess(profile, ml_ladder))
    return url


def documented_keys(command: str) -> set[str]:
    text = (ROOT / "docs" / "json-output.md").read_text(encoding="utf-8")
    section = text.split(f"## `{command} --format json")[1].split("\n## ")[0]
    return set(re.findall(r"^\| `([a-z0-9_]+)` \|", section, re.M))


def assert_one_line_error(result: Result, *parts: str) -> None:
    assert result.code == 2, result.err
    assert result.out == ""
    assert result.err.startswith("error: ") and result.err.count("\n") == 1 and "Traceback" not in result.err
    for part in parts:
        assert part in result.err


def test_a_team_folder_gets_its_pairs_explained(run_cli: RunCli, team_folder: Path) -> None:
    result = run_cli("mentors", "--profiles", str(team_folder))
    assert result.code == 0 and result.err == ""
    lines = result.out.splitlines()
    assert lines[0].startswith("2 mentor pair(s) for 4 people, total benefit 12.25")
    # Cy manages both juniors, so Ana is the only mentor: she takes both (capacity 2), Ben first (shared nlp).
    assert "  1. Ana mentors Ben on MLOps and production: Ana 4, Ben 0, gap to L2; both work on nlp" in lines
    assert "  2. Ana mentors Dee on MLOps and production: Ana 4, Dee 0, gap to L2" in lines
    assert "Without a mentor (2):" in lines
    assert "  Ana (L3): 2 of 2" in lines


def test_capacity_and_the_own_manager_rule_change_the_pairs(run_cli: RunCli, team_folder: Path) -> None:
    narrow = run_cli("mentors", "--profiles", str(team_folder), "--capacity-of", "ana=1", "--format", "json").json()
    assert [(p["mentor"], p["mentee"]) for p in narrow["pairs"]] == [("Ana", "Ben")]
    dee = next(item for item in narrow["unmatched"] if item["mentee"] == "Dee")
    assert dee["reason"] == "mentors-at-capacity"
    allowed = run_cli(
        "mentors", "--profiles", str(team_folder), "--capacity", "1", "--allow-own-manager", "--format", "json"
    ).json()
    assert {(p["mentor"], p["mentee"]) for p in allowed["pairs"]} == {("Ana", "Ben"), ("Cy", "Dee")}
    excluded = run_cli(
        "mentors", "--profiles", str(team_folder), "--exclude", "Ana:Ben", "--any-specialisation", "--format", "json"
    ).json()
    assert [(p["mentor"], p["mentee"], p["benefit"]) for p in excluded["pairs"]] == [("Ana", "Dee", 6.0)]
    assert excluded["options"]["prefer_same_specialisation"] is False


def test_the_json_keys_are_the_documented_ones(run_cli: RunCli, team_folder: Path) -> None:
    data = run_cli("mentors", "--profiles", str(team_folder), "--format", "json").json()
    assert set(data) == documented_keys("mlladder mentors") - {"saved"}  # saved: with --save only
    assert set(data["pairs"][0]) == {
        "mentor", "mentee", "competency", "competency_name", "mentor_rating", "mentee_rating", "expected", "target",
        "benefit", "same_specialisation", "also", "explanation",
    }  # fmt: skip
    assert set(data["mentors"][0]) == {"name", "level", "capacity", "assigned", "ongoing"}


def test_the_example_team_shows_pairs_in_one_command(run_cli: RunCli) -> None:
    result = run_cli("mentors", "--profiles", EXAMPLE_TEAM)
    assert result.code == 0 and result.err == ""
    assert re.match(r"\d+ mentor pair\(s\) for 14 people", result.out)
    assert re.search(r"^  1\. \w+ \w+ mentors \w+ \w+ on .+: .+, gap to L\d", result.out, re.M)
    below = run_cli("mentors", "--profiles", EXAMPLE_TEAM, "--manager", "Eli Sample", "--format", "json").json()
    mentees = {pair["mentee"] for pair in below["pairs"]} | {item["mentee"] for item in below["unmatched"]}
    assert mentees == {"Gus Invented", "Hana Example", "Ivo Placeholder", "Jun Fictional", "Kim Sample", "Lea Madeup"}


def test_with_a_database_proposals_are_saved_and_decisions_respected(run_cli: RunCli, team_db: str) -> None:
    first = run_cli("mentors", "--db", team_db, "--capacity", "1", "--save", "--format", "json").json()
    assert first["saved"] == 2 and set(first) == documented_keys("mlladder mentors")
    with Store(team_db) as store:
        pairs = {(p.mentor_name, p.mentee_name): p for p in store.list_mentor_pairs()}
        assert set(pairs) == {("Ana", "Ben"), ("Cy", "Dee")}  # in the database nobody manages anybody
        store.decide_mentor_pair(pairs["Ana", "Ben"].id, "declined")
        store.decide_mentor_pair(pairs["Cy", "Dee"].id, "accepted")
    again = run_cli("mentors", "--db", team_db, "--capacity", "1", "--save")
    assert again.code == 0, again.err
    # Cy's one place is Dee's (accepted), Ana declined Ben: Ben is left without, Dee is already mentored.
    assert "No mentor pairs for 4 people." in again.out
    assert "  Dee: Dee already has a mentor: Cy" in again.out
    assert "Saved 0 proposal(s) in place of the undecided ones; accepted and declined pairs are kept" in again.out
    with Store(team_db) as store:
        statuses = {(p.mentor_name, p.mentee_name): p.status for p in store.list_mentor_pairs()}
    assert statuses == {("Ana", "Ben"): "declined", ("Cy", "Dee"): "accepted"}


@pytest.mark.parametrize(
    ("args", "parts"),
    [
        (["--capacity", "-1"], ["--capacity", "greater than or equal to 0"]),
        (["--capacity-of", "bob"], ["--capacity-of 'bob': write NAME=N"]),
        (["--capacity-of", "Ana=-1"], ["--capacity-of 'Ana=-1': write NAME=N with N a whole number"]),
        (["--capacity-of", "Bob=1"], ["--capacity-of 'Bob=1': nobody called 'Bob' is in the team"]),
        (["--exclude", "Ana"], ["--exclude 'Ana': write MENTOR:MENTEE"]),
        (["--exclude", "Ana:Zed"], ["--exclude 'Ana:Zed': nobody called 'Zed'"]),
        (["--manager", "Zed"], ["--manager: nobody called 'Zed'"]),
        (["--save"], ["--save: proposals are kept in a database"]),
        (["--db", "x.db"], ["--profiles and --db: give one of them"]),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    run_cli: RunCli, team_folder: Path, args: list[str], parts: list[str]
) -> None:
    assert_one_line_error(run_cli("mentors", "--profiles", str(team_folder), *args), *parts)


def test_a_missing_database_is_one_line_and_not_created(run_cli: RunCli, tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"
    assert_one_line_error(run_cli("mentors", "--db", str(missing)), f"--db {missing}: no such database file")
    assert not missing.exists()
    assert_one_line_error(run_cli("mentors"), "give --profiles DIR or --db URL")


def test_a_broken_profile_is_a_warning_and_the_rest_are_paired(run_cli: RunCli, team_folder: Path) -> None:
    (team_folder / "broken.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    result = run_cli("mentors", "--profiles", str(team_folder), "--format", "json")
    assert result.code == 0
    assert result.err.startswith("warning: skipped ") and "broken.yaml" in result.err
    assert len(result.json()["pairs"]) == 2 and "broken.yaml" in result.json()["warnings"][0]


# -- deciding saved pairs from the command line --------------------------------------------------------------------


def mentors_doc_keys(heading: str) -> set[str]:
    text = (ROOT / "docs" / "mentors.md").read_text(encoding="utf-8")
    section = text.split(f"### `{heading}`")[1].split("\n#")[0]
    return set(re.findall(r"^\| `([a-z_]+)` \|", section, re.M))


def statuses(url: str) -> dict[tuple[str, str], str]:
    with Store(url) as store:
        return {(pair.mentor_name, pair.mentee_name): pair.status for pair in store.list_mentor_pairs()}


@pytest.fixture
def proposed_db(run_cli: RunCli, team_db: str) -> str:
    """The four people with two proposals saved: Ana for Ben, Cy for Dee."""
    assert run_cli("mentors", "--db", team_db, "--capacity", "1", "--save").code == 0
    assert statuses(team_db) == {("Ana", "Ben"): "proposed", ("Cy", "Dee"): "proposed"}
    return team_db


def test_pairs_are_accepted_and_declined_from_the_command_line(run_cli: RunCli, proposed_db: str) -> None:
    listed = run_cli("mentors", "pairs", "--db", proposed_db)
    assert listed.code == 0 and listed.err == ""
    lines = listed.out.splitlines()
    assert lines[0] == "2 saved mentor pair(s): 2 proposed, 0 accepted, 0 declined"
    assert lines[2].startswith("  proposed  Ana mentors Ben on MLOps and production: Ana 4, Ben 0, gap to L2")

    accepted = run_cli("mentors", "accept", "dee", " Cy ", "--db", proposed_db)  # names as people type them
    assert accepted.code == 0 and accepted.err == ""
    assert accepted.out.startswith("Accepted: Cy mentors Dee on MLOps and production")
    assert accepted.out.endswith("(Dee keeps Cy as mentor when pairs are proposed again)\n")
    declined = run_cli("mentors", "decline", "Ben", "Ana", "--db", proposed_db, "--format", "json").json()
    assert (declined["mentor"], declined["mentee"], declined["status"]) == ("Ana", "Ben", "declined")
    assert declined["decided_at"] is not None
    assert statuses(proposed_db) == {("Ana", "Ben"): "declined", ("Cy", "Dee"): "accepted"}

    again = run_cli("mentors", "--db", proposed_db, "--capacity", "1", "--save")  # the pairing respects both
    assert "  Dee: Dee already has a mentor: Cy" in again.out
    assert statuses(proposed_db) == {("Ana", "Ben"): "declined", ("Cy", "Dee"): "accepted"}

    listed = run_cli("mentors", "pairs", "--db", proposed_db, "--status", "accepted", "--format", "json").json()
    assert [(pair["mentor"], pair["mentee"], pair["status"]) for pair in listed["pairs"]] == [("Cy", "Dee", "accepted")]
    assert set(listed) == {"pairs"} and set(listed["pairs"][0]) == mentors_doc_keys(
        "mlladder mentors pairs --format json"
    )
    assert set(declined) == mentors_doc_keys("mlladder mentors pairs --format json")
    bens = run_cli("mentors", "pairs", "--db", proposed_db, "--person", "ben", "--format", "json").json()
    assert [pair["mentee"] for pair in bens["pairs"]] == ["Ben"]


def test_an_empty_list_of_pairs_says_how_to_make_some(run_cli: RunCli, team_db: str) -> None:
    result = run_cli("mentors", "pairs", "--db", team_db)
    assert (
        result.code == 0
        and result.out == "No saved mentor pairs (save some with 'mlladder mentors --db URL --save').\n"
    )


@pytest.mark.parametrize(
    ("args", "parts"),
    [
        (["accept", "Zed", "Ana"], ["mentee 'Zed': nobody of that name is in the database"]),
        (["accept", "Ben", "Anna"], ["mentor 'Anna': nobody of that name", "did you mean 'Ana'?"]),
        (["decline", "Dee", "Ana"], ["no pair of Ana mentoring Dee is proposed", "save a pairing first"]),
        (
            ["accept", "Ana", "Ben"],
            ["no pair of Ben mentoring Ana is proposed", "the other way round: Ana mentors Ben"],
        ),
        (["pairs", "--person", "Zed"], ["--person 'Zed': nobody of that name"]),
        (["pairs", "--status", "maybe"], ["mlladder mentors pairs: Invalid value for '--status'"]),
        (["accept", "Ben"], ["mlladder mentors accept: Missing argument 'MENTOR'"]),
    ],
)
def test_bad_decisions_are_one_line_and_change_nothing(
    run_cli: RunCli, proposed_db: str, args: list[str], parts: list[str]
) -> None:
    assert_one_line_error(run_cli("mentors", *args, "--db", proposed_db), *parts)
    assert statuses(proposed_db) == {("Ana", "Ben"): "proposed", ("Cy", "Dee"): "proposed"}


def test_a_decided_pair_is_not_decided_again(run_cli: RunCli, proposed_db: str) -> None:
    assert run_cli("mentors", "decline", "Ben", "Ana", "--db", proposed_db).code == 0
    result = run_cli("mentors", "accept", "Ben", "Ana", "--db", proposed_db)
    assert_one_line_error(result, "the pair of Ana mentoring Ben was declined on ", "so is no longer proposed")
    assert statuses(proposed_db)["Ana", "Ben"] == "declined"


def test_two_people_of_one_name_are_not_guessed_between(run_cli: RunCli, proposed_db: str) -> None:
    with Store(proposed_db) as store:
        store.create_person("Ben")
    result = run_cli("mentors", "accept", "Ben", "Ana", "--db", proposed_db)
    assert_one_line_error(result, "mentee 'Ben': 2 people have that name")
    assert statuses(proposed_db)["Ana", "Ben"] == "proposed"


def test_deciding_needs_a_database_that_exists(run_cli: RunCli, tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"
    assert_one_line_error(run_cli("mentors", "accept", "Ben", "Ana", "--db", str(missing)), "no such database file")
    assert_one_line_error(run_cli("mentors", "pairs", "--db", str(missing)), f"--db {missing}: no such database")
    assert not missing.exists()


def test_pairing_options_before_a_command_are_refused_not_ignored(run_cli: RunCli, proposed_db: str) -> None:
    result = run_cli("mentors", "--capacity", "1", "accept", "Ben", "Ana", "--db", proposed_db)
    assert_one_line_error(result, "--capacity: an option of the pairing itself, not of 'mlladder mentors accept'")
    assert statuses(proposed_db)["Ana", "Ben"] == "proposed"
