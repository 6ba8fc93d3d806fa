"""``mlladder team`` and ``mlladder team whatif`` through the real entry point, on the example team and on broken
copies of it."""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import pytest
import yaml

from mlladder import load_profile
from mlladder.assess.placement import assess
from mlladder.framework.schema import Framework
from mlladder.store import Store
from tests.conftest import ROOT, Result, RunCli

TEAM = str(ROOT / "examples" / "team")
PROFILES = ROOT / "examples" / "profiles"
POSTING = str(ROOT / "examples" / "documents" / "posting-staff.md")


def documented_keys(command: str) -> set[str]:
    text = (ROOT / "docs" / "json-output.md").read_text(encoding="utf-8")
    section = text.split(f"## `{command} --format json")[1].split("\n## ")[0]
    return set(re.findall(r"^\| `([a-z0-9_]+)` \|", section, re.M))


@pytest.fixture
def team_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "team"
    shutil.copytree(TEAM, folder)
    return folder


def assert_one_line_error(result: Result, *parts: str) -> None:
    code, out, err = result.code, result.out, result.err
    assert code == 2, err
    assert out == ""
    assert err.startswith("error: ") and err.count("\n") == 1 and "Traceback" not in err
    for part in parts:
        assert part in err


def test_the_example_team_in_one_command(run_cli: RunCli) -> None:
    result = run_cli("team", "--profiles", TEAM)
    assert result.code == 0 and result.err == ""
    out = result.out
    assert "Team: 14 people (L1 2, L2 3, L3 4, L4 2, M1 2, M2 1); needed level L3" in out
    assert "Kim Sample" in out and "L2 (L3)" in out and "2.0▼" in out and "1 gap: L3" in out
    assert "Coverage at L3" in out and "single point" in out and "GAP" in out
    assert "Only Mo Invented meets the L3 expectation in MLOps and production (3)" in out
    assert re.search(r"Jun Fictional: \d+\.\d years in L2; the step to L3 takes 3-4 years \(past\)", out)
    assert "Readiness for the next level" in out and "one gap away" in out
    assert "promotion packet:" in out
    # the pairing in the same first look, as `mlladder mentors` gives it with its default options
    assert "Mentor pairs (default options" in out
    assert re.search(r"mentor pair\(s\) for 14 people", out) and "Mo Invented mentors" in out


@pytest.mark.parametrize("columns", [80, 100, 120])
def test_a_narrow_terminal_gets_the_heatmap_in_parts_that_fit(
    run_cli: RunCli, monkeypatch: pytest.MonkeyPatch, columns: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    out = run_cli("team", "--profiles", TEAM).out
    heatmap = out.split("Ratings against each person's level", 1)[1].split("▲ above the expectation")[0]
    assert all(len(line) <= columns for line in heatmap.splitlines())
    parts = re.findall(r"\((\d) of (\d)\)", out.split("Coverage at")[0])
    assert parts and len(parts) == int(parts[0][1]) > 1  # split, each part announced
    headers = [line.split() for line in heatmap.splitlines() if line.strip().startswith("Person")]
    codes = [code for header in headers for code in header[3:-1]]  # after Person, Level, P; before Next
    assert len(codes) == len(set(codes)) == 15  # every competency once, none cut off
    assert all("Kim Sample" in part and "1 gap: L3" in part for part in heatmap.split("Person")[1:])


def test_json_keys_are_the_documented_ones(run_cli: RunCli) -> None:
    data = run_cli("team", "--profiles", TEAM, "--format", "json").json()
    assert set(data) == documented_keys("mlladder team")
    assert data["needed_level"] == "L3" and len(data["people"]) == 14 and data["warnings"] == []
    kim = next(person for person in data["people"] if person["name"] == "Kim Sample")
    assert kim["readiness"]["band"] == "one-gap" and kim["ratings"]["mlops"]["status"] == "at"
    teams = run_cli("team", "--profiles", TEAM, "--by-team", "--format", "json").json()
    assert set(teams) == {"teams", "warnings"} and set(teams["teams"]) == {"(no team)", "platform", "ranking"}
    assert set(teams["teams"]["ranking"]) == documented_keys("mlladder team") - {"warnings"}


def test_whatif_json_keys_are_the_documented_ones(run_cli: RunCli) -> None:
    data = run_cli("team", "whatif", "--profiles", TEAM, "--remove", "Mo Invented", "--format", "json").json()
    assert set(data) == documented_keys("mlladder team whatif")
    assert data["changes"] == ["remove Mo Invented"]
    assert "Nobody meets the L3 expectation in MLOps and production (3)" in data["new_risks"]
    (platform,) = data["teams"]
    assert platform["team"] == "platform" and set(platform) == documented_team_keys()


def documented_team_keys() -> set[str]:
    """The keys of each item of ``teams``, as the table's row for it lists them: ``[{team, head_count, ...}]``."""
    text = (ROOT / "docs" / "json-output.md").read_text(encoding="utf-8")
    section = text.split("## `mlladder team whatif --format json")[1].split("\n## ")[0]
    (row,) = re.findall(r"^\| `teams` \| .*?`\[\{([a-z_, ]+)\}\]`", section, re.M)
    return {key.strip() for key in row.split(",")}


def test_filters_by_manager_level_and_specialisation(run_cli: RunCli) -> None:
    def names(*args: str) -> list[str]:
        data = run_cli("team", "--profiles", TEAM, *args, "--format", "json").json()
        return sorted(person["name"] for person in data["people"])

    assert names("--manager", "Fern Madeup") == [
        "Mo Invented", "Nia Example", "Oli Placeholder", "Pia Fictional", "Raf Sample"
    ]  # fmt: skip
    assert len(names("--manager", "Dana Fictional")) == 13
    assert names("--level", "L2") == ["Jun Fictional", "Kim Sample", "Pia Fictional"]
    assert names("--specialisation", "edge-ml") == ["Pia Fictional"]


def test_skills_and_by_team_in_the_terminal(run_cli: RunCli) -> None:
    result = run_cli("team", "--profiles", TEAM, "--by-team", "--skills")
    assert result.code == 0
    assert "Team ranking: 7 people" in result.out and "Team platform: 6 people" in result.out
    assert "Skills: every skill held or needed" in result.out


def test_csv_export(run_cli: RunCli) -> None:
    result = run_cli("team", "--profiles", TEAM, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert result.code == 0 and len(rows) == 14
    kim = next(row for row in rows if row["name"] == "Kim Sample")
    assert (kim["team"], kim["manager"], kim["level"], kim["placed_level"]) == ("ranking", "Eli Sample", "L2", "L3")
    assert kim["mlops"] == "2.00" and kim["mlops expected"] == "2"


def test_whatif_side_by_side(run_cli: RunCli) -> None:
    result = run_cli(
        "team", "whatif", "--profiles", TEAM, "--add-posting", POSTING, "--remove", "Mo Invented",
        "--promote", "Kim Sample=L3", "--move", "Nia Example=ranking",
    )  # fmt: skip
    assert result.code == 0, result.err
    out = result.out
    assert "What if: add New L4 hire (posting-staff) (L4); remove Mo Invented; promote Kim Sample to L3;" in out
    assert "Level mix" in out and "Coverage at L3, today and after" in out
    assert "New risks" in out and "Risks resolved" in out


def test_whatif_adds_a_profile(run_cli: RunCli) -> None:
    data = run_cli(
        "team", "whatif", "--profiles", TEAM, "--add", str(PROFILES / "staff.yaml"), "--format", "json"
    ).json()
    assert data["level_mix"]["L4"] == {"before": 2, "after": 3}


def test_whatif_moves_someone_to_another_team_and_manager(run_cli: RunCli, team_copy: Path) -> None:
    before = {path.name: path.read_bytes() for path in team_copy.iterdir()}
    args = ("team", "whatif", "--profiles", str(team_copy), "--move", "Kim Sample=platform")
    result = run_cli(*args, "--reports-to", "kim sample=fern madeup")
    assert result.code == 0 and result.err == "", result.err
    out = result.out
    assert "What if: move Kim Sample to platform and report to Fern Madeup\n" in out  # one move, both parts
    assert "Teams whose people change (coverage at L3)" in out
    platform = next(line for line in out.splitlines() if line.startswith("│ platform"))
    assert re.search(
        r"│ platform\s+│\s+6 │\s+7 │ Kim Sample\s+│ -\s+│ Research and innovation 0 → 1: becomes", platform
    )
    ranking = next(line for line in out.splitlines() if line.startswith("│ ranking"))
    assert re.search(
        r"│ ranking\s+│\s+7 │\s+6 │ -\s+│ Kim Sample\s+│ Research and innovation 1 → 0: becomes a GAP", ranking
    )
    data = run_cli(*args, "--reports-to", "Kim Sample=Fern Madeup", "--format", "json").json()
    assert data["changes"] == ["move Kim Sample to platform and report to Fern Madeup"]
    assert data["coverage"] == [] and data["level_mix"]["L2"] == {"before": 3, "after": 3}  # the same people
    kim = next(person for person in data["after"]["people"] if person["name"] == "Kim Sample")
    assert (kim["team"], kim["manager"]) == ("platform", "Fern Madeup")
    teams = {item["team"]: item for item in data["teams"]}
    assert set(teams) == {"platform", "ranking"}
    assert teams["platform"]["head_count"] == {"before": 6, "after": 7} and teams["platform"]["joined"] == [
        "Kim Sample"
    ]
    assert teams["ranking"]["left"] == ["Kim Sample"] and teams["ranking"]["level_mix"]["L2"] == {
        "before": 2,
        "after": 1,
    }
    research = {item["id"]: item for item in teams["ranking"]["coverage"]}["research"]
    assert (research["before"], research["after"], research["gap_after"]) == (1, 0, True)
    assert any("Research and innovation" in text for text in teams["ranking"]["new_risks"])
    assert {path.name: path.read_bytes() for path in team_copy.iterdir()} == before  # nothing written


def test_whatif_a_new_manager_alone_keeps_the_team(run_cli: RunCli) -> None:
    args = ("team", "whatif", "--profiles", TEAM, "--reports-to", "Jun Fictional=Fern Madeup")
    result = run_cli(*args)
    assert result.code == 0, result.err
    assert "What if: move Jun Fictional to report to Fern Madeup\n" in result.out
    assert "Teams whose people change\nnone: everyone stays in their team" in result.out
    data = run_cli(*args, "--format", "json").json()
    assert data["teams"] == [] and data["coverage"] == []
    jun = next(person for person in data["after"]["people"] if person["name"] == "Jun Fictional")
    assert (jun["team"], jun["manager"]) == ("ranking", "Fern Madeup")


def test_whatif_moves_below_the_manager_a_team_is_narrowed_to(run_cli: RunCli) -> None:
    data = run_cli(
        "team", "whatif", "--profiles", TEAM, "--manager", "Eli Sample", "--reports-to", "Lea Madeup=Ivo Placeholder",
        "--format", "json",
    ).json()  # fmt: skip
    lea = next(person for person in data["after"]["people"] if person["name"] == "Lea Madeup")
    assert lea["manager"] == "Ivo Placeholder" and len(data["after"]["people"]) == 6
    back = run_cli(
        "team", "whatif", "--profiles", TEAM, "--manager", "Eli Sample", "--reports-to", "Lea Madeup=Eli Sample"
    )
    assert back.code == 0, back.err  # the manager above the team is not in it, but manages it
    assert_one_line_error(
        run_cli(
            "team", "whatif", "--profiles", TEAM, "--manager", "Eli Sample", "--reports-to", "Lea Madeup=Fern Madeup"
        ),
        "cannot report to 'Fern Madeup'",
        "nobody called that is in the team or manages anyone in it",
    )


def test_whatif_moves_someone_to_another_manager_in_a_database(
    run_cli: RunCli, tmp_path: Path, ml_ladder: Framework
) -> None:
    db = tmp_path / "team.db"
    with Store(str(db)) as store:
        for boss, reports in (("Avery Lead", ("Blake", "Casey")), ("Bo Lead", ("Dee",))):
            manager = store.create_user(boss.split()[0].lower(), "a long passphrase here", role="manager", name=boss)
            for name, path in zip(reports, ("mid.yaml", "junior.yaml"), strict=False):
                user = store.create_user(name.lower(), "a long passphrase here", manager_id=manager.id, name=name)
                assert user.person_id is not None
                profile = load_profile(PROFILES / path, ml_ladder)
                store.save_assessment(user.person_id, profile, assess(profile, ml_ladder))
    stored = db.read_bytes()
    result = run_cli("team", "whatif", "--db", str(db), "--reports-to", "Blake=Bo Lead", "--format", "json")
    assert result.code == 0, result.err
    data = result.json()
    assert data["changes"] == ["move Blake to report to Bo Lead"]
    teams = {item["team"]: item for item in data["teams"]}
    assert teams["reports of Avery Lead"]["head_count"] == {"before": 2, "after": 1}
    assert teams["reports of Bo Lead"]["people"] == {"before": ["Dee"], "after": ["Blake", "Dee"]}
    text = run_cli("team", "whatif", "--db", str(db), "--reports-to", "Blake=Bo Lead").out
    assert re.search(r"│ reports of Bo Lead\s+│\s+1 │\s+2 │ Blake ", text)
    refused = run_cli("team", "whatif", "--db", str(db), "--reports-to", "Blake=Bo Leed")
    *warnings, error = refused.err.splitlines()
    assert (refused.code, refused.out) == (2, "") and "Traceback" not in refused.err
    assert all(line.startswith("warning: left out ") for line in warnings) and len(warnings) == 2  # the managers
    assert error.startswith("error: move: Blake cannot report to 'Bo Leed'") and "did you mean 'Bo Lead'" in error
    assert db.read_bytes() == stored  # a what-if writes nothing


def test_a_warning_per_broken_file_on_stderr_and_the_rest_used(run_cli: RunCli, team_copy: Path) -> None:
    (team_copy / "zz-broken.yaml").write_text("name: Zed\nratings: {self: {mlops: 7}}\n", encoding="utf-8")
    result = run_cli("team", "--profiles", str(team_copy), "--format", "json")
    assert result.code == 0
    assert result.err.startswith("warning: skipped ") and "zz-broken.yaml" in result.err and "fix:" in result.err
    assert len(result.json()["people"]) == 14 and len(result.json()["warnings"]) == 1


@pytest.mark.parametrize(
    ("args", "parts"),
    [
        (("team",), ("either --profiles DIR or --db URL",)),
        (("team", "--profiles", TEAM, "--db", "x.db"), ("either --profiles DIR or --db URL",)),
        (("team", "--profiles", "/no/such/folder"), ("/no/such/folder", "does not exist")),
        (("team", "--profiles", TEAM, "--manager", "Fern Madup"), ("--manager", "did you mean 'Fern Madeup'")),
        (("team", "--profiles", TEAM, "--manager", "Raf Sample"), ("nobody reports to Raf Sample",)),
        (("team", "--profiles", TEAM, "--level", "L9"), ("no level 'L9'",)),
        (("team", "--profiles", TEAM, "--specialisation", "cooking"), ("--specialisation", "cooking")),
        (("team", "--profiles", TEAM, "--level", "L5"), ("no one in the team matches",)),
        (("team", "--profiles", TEAM, "--target", "Q1"), ("no level 'Q1'",)),
        (("team", "whatif", "--profiles", TEAM), ("no change to try",)),
        (("team", "whatif", "--profiles", TEAM, "--remove", "Nobody"), ("nobody called 'Nobody'",)),
        (("team", "whatif", "--profiles", TEAM, "--promote", "Kim Sample"), ("--promote", "NAME=LEVEL")),
        (("team", "whatif", "--profiles", TEAM, "--promote", "Kim Sample=L9"), ("no level 'L9'",)),
        (("team", "whatif", "--profiles", TEAM, "--promote", "Mo Invented=L3"), ("Mo Invented holds L4, above L3",)),
        (("team", "whatif", "--profiles", TEAM, "--move", "=ranking"), ("--move", "NAME=TEAM")),
        (("team", "whatif", "--profiles", TEAM, "--add", "/no/such.yaml"), ("/no/such.yaml",)),
        (
            ("team", "whatif", "--profiles", TEAM, "--reports-to", "Kim Sampel=Fern Madeup"),
            ("nobody called 'Kim Sampel'", "did you mean 'Kim Sample'"),
        ),
        (
            ("team", "whatif", "--profiles", TEAM, "--reports-to", "Kim Sample=Fern Madup"),
            ("Kim Sample cannot report to 'Fern Madup'", "did you mean 'Fern Madeup'"),
        ),
        (
            ("team", "whatif", "--profiles", TEAM, "--reports-to", "Eli Sample=Kim Sample"),
            ("Eli Sample cannot report to Kim Sample, who is below them", "outside their reporting line"),
        ),
        (
            ("team", "whatif", "--profiles", TEAM, "--reports-to", "Kim Sample=kim sample"),
            ("Kim Sample cannot report to themselves",),
        ),
        (
            ("team", "whatif", "--profiles", TEAM, "--remove", "Fern Madeup", "--reports-to", "Kim Sample=Fern Madeup"),
            ("cannot report to 'Fern Madeup'",),
        ),
        (("team", "whatif", "--profiles", TEAM, "--reports-to", "Kim Sample"), ("--reports-to", "NAME=MANAGER")),
        (("team", "whatif", "--profiles", TEAM, "--remove", "Raf Sample", "--format", "csv"), ("--format csv",)),
    ],
    ids=[
        "neither", "both", "missing-folder", "unknown-manager", "manager-without-reports", "unknown-level",
        "unknown-specialisation", "nobody-matches", "unknown-target", "no-change", "unknown-name", "promote-form",
        "promote-level", "promote-down", "move-form", "missing-profile", "reports-to-unknown-person",
        "reports-to-unknown-manager", "reports-to-below-them", "reports-to-themselves", "reports-to-someone-leaving",
        "reports-to-form", "whatif-csv",
    ],
)  # fmt: skip
def test_bad_input_is_one_line_and_exit_code_2(run_cli: RunCli, args: tuple[str, ...], parts: tuple[str, ...]) -> None:
    assert_one_line_error(run_cli(*args), *parts)


def test_a_person_in_two_teams_and_a_manager_cycle(run_cli: RunCli, team_copy: Path) -> None:
    team_file = team_copy / "team.yaml"
    team_file.write_text(yaml.safe_dump({"teams": {"a": ["Kim Sample"], "b": ["Kim Sample"]}}), encoding="utf-8")
    assert_one_line_error(run_cli("team", "--profiles", str(team_copy)), "Kim Sample is in two teams")
    cycle = {"managers": {"Kim Sample": "Raf Sample", "Raf Sample": "Kim Sample"}}
    team_file.write_text(yaml.safe_dump(cycle), encoding="utf-8")
    assert_one_line_error(run_cli("team", "--profiles", str(team_copy)), "managers form a circle")


def test_a_hostile_team_file_is_one_line(run_cli: RunCli, team_copy: Path) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    (team_copy / "team.yaml").write_text(bomb, encoding="utf-8")
    assert_one_line_error(run_cli("team", "--profiles", str(team_copy)), "team.yaml")


def test_a_database_that_does_not_exist_is_not_created(run_cli: RunCli, tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"
    assert_one_line_error(run_cli("team", "--db", str(missing)), "no such database file")
    assert not missing.exists()


def test_the_team_from_a_database(run_cli: RunCli, tmp_path: Path, ml_ladder: Framework) -> None:
    db = tmp_path / "team.db"
    with Store(str(db)) as store:
        boss = store.create_user("avery", "a long passphrase here", role="manager", name="Avery Lead")
        for username, path in (("blake", "junior.yaml"), ("casey", "mid.yaml")):
            user = store.create_user(username, "a long passphrase here", manager_id=boss.id, name=username.title())
            assert user.person_id is not None
            profile = load_profile(PROFILES / path, ml_ladder)
            store.save_assessment(user.person_id, profile, assess(profile, ml_ladder))
    data = run_cli("team", "--db", str(db), "--manager", "Avery Lead", "--format", "json").json()
    assert [person["name"] for person in data["people"]] == ["Casey", "Blake"]  # the higher level first
    assert all(person["manager"] == "Avery Lead" for person in data["people"])
    assert "/packet?target=L3" in data["people"][0]["readiness"]["packet"]
    assert data["warnings"] == ["left out Avery Lead: no assessment on 'ml-engineer' yet (fix: assess them)"]


def test_skills_and_a_named_needed_level_in_json(run_cli: RunCli) -> None:
    plain = run_cli("team", "--profiles", TEAM, "--format", "json").json()
    every = run_cli("team", "--profiles", TEAM, "--skills", "--needed", "L4", "--format", "json").json()
    assert "skills" not in plain["people"][0] and "kubernetes" in next(
        person["skills"] for person in every["people"] if person["name"] == "Mo Invented"
    )
    assert len(every["skill_coverage"]) > len(plain["skill_coverage"])
    assert every["needed_level"] == "L4"
    assert {item["id"]: item["expected"] for item in every["coverage"]}["mlops"] == 4


def test_a_target_sets_everyones_next_level(run_cli: RunCli) -> None:
    data = run_cli("team", "--profiles", TEAM, "--level", "L3", "--target", "L5", "--format", "json").json()
    assert {person["target"] for person in data["people"]} == {"L5"}
    assert all(person["readiness"]["window_years"] is None for person in data["people"])


def test_two_hires_from_one_posting_get_their_own_names(run_cli: RunCli) -> None:
    data = run_cli(
        "team", "whatif", "--profiles", TEAM, "--add-posting", POSTING, "--add-posting", POSTING, "--format", "json"
    ).json()
    assert data["changes"] == ["add New L4 hire (posting-staff) (L4)", "add New L4 hire (posting-staff) 2 (L4)"]
    assert data["level_mix"]["L4"] == {"before": 2, "after": 4}
