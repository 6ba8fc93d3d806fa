"""Rosters read from real folders of profile files (with team.yaml) and from a real SQLite store."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml

from mlladder import Framework, load_profile
from mlladder.assess.placement import assess
from mlladder.errors import InvalidFile
from mlladder.store import Store
from mlladder.team.load import (
    Roster,
    RosterError,
    managers_of,
    narrowed,
    profile_member,
    reports_of,
    roster_from_folder,
    roster_from_store,
)
from tests.conftest import ROOT

TEAM = ROOT / "examples" / "team"
PROFILES = ROOT / "examples" / "profiles"


@pytest.fixture
def team_copy(tmp_path: Path) -> Path:
    """A private copy of the example team, for a test to break."""
    folder = tmp_path / "team"
    shutil.copytree(TEAM, folder)
    return folder


def write_team_file(folder: Path, data: object) -> None:
    (folder / "team.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def test_the_example_team_reads_whole_with_teams_managers_and_held_levels(ml_ladder: Framework) -> None:
    roster = roster_from_folder(ml_ladder, TEAM)
    assert len(roster.members) == 14 and roster.warnings == ()
    assert roster.names() == sorted(roster.names(), key=str.casefold)
    kim = roster.member("kim sample")  # names are matched without regard to case
    assert (kim.team, kim.manager, kim.held_level) == ("ranking", "Eli Sample", "L2")
    assert kim.level == "L3" and kim.current_level == "L2"  # placed L3, holds L2
    assert roster.member("Dana Fictional").team is None
    assert managers_of(roster, "Kim Sample") == ["Eli Sample", "Dana Fictional"]


def test_a_member_without_a_held_level_holds_the_placed_one(ml_ladder: Framework) -> None:
    member = profile_member(ml_ladder, PROFILES / "senior.yaml")
    assert member.held_level is None and member.current_level == member.level == "L3"
    assert member.name == "Riley Placeholder" and member.source == str(PROFILES / "senior.yaml")


def test_a_broken_profile_is_a_warning_naming_the_file_and_the_rest_are_used(
    ml_ladder: Framework, team_copy: Path
) -> None:
    (team_copy / "zz-broken.yaml").write_text("name: Broken Person\nratings: {self: {mlops: 9}}\n", encoding="utf-8")
    (team_copy / "zz-binary.json").write_bytes(b"\x00\x01\xff\xfe" * 50)
    roster = roster_from_folder(ml_ladder, team_copy)
    assert len(roster.members) == 14
    assert len(roster.warnings) == 2
    assert all("fix:" in warning for warning in roster.warnings)
    assert any("zz-broken.yaml" in warning and "mlops" in warning for warning in roster.warnings)
    assert any("zz-binary.json" in warning for warning in roster.warnings)


def test_a_second_profile_with_the_same_name_is_skipped_with_a_warning(ml_ladder: Framework, tmp_path: Path) -> None:
    shutil.copy(PROFILES / "mid.yaml", tmp_path / "a.yaml")
    shutil.copy(PROFILES / "mid.yaml", tmp_path / "b.yaml")
    roster = roster_from_folder(ml_ladder, tmp_path)
    assert len(roster.members) == 1
    (warning,) = roster.warnings
    assert "b.yaml" in warning and "a.yaml" in warning


def test_a_folder_without_usable_profiles_is_one_error(ml_ladder: Framework, tmp_path: Path) -> None:
    with pytest.raises(RosterError, match="no profile files"):
        roster_from_folder(ml_ladder, tmp_path)
    (tmp_path / "bad.yaml").write_text("- a list\n", encoding="utf-8")
    with pytest.raises(RosterError, match=r"no usable profile: .*bad.yaml"):
        roster_from_folder(ml_ladder, tmp_path)


def test_a_folder_that_does_not_exist_or_is_a_file(ml_ladder: Framework, tmp_path: Path) -> None:
    with pytest.raises(RosterError, match="does not exist"):
        roster_from_folder(ml_ladder, tmp_path / "missing")
    with pytest.raises(RosterError, match="is a file"):
        roster_from_folder(ml_ladder, PROFILES / "mid.yaml")


def test_a_person_in_two_teams(ml_ladder: Framework, team_copy: Path) -> None:
    write_team_file(team_copy, {"teams": {"a": ["Kim Sample"], "b": ["Raf Sample", "kim sample"]}})
    with pytest.raises(RosterError, match="Kim Sample is in two teams, 'a' and 'b'"):
        roster_from_folder(ml_ladder, team_copy)


def test_a_cycle_of_managers(ml_ladder: Framework, team_copy: Path) -> None:
    managers = {"Kim Sample": "Raf Sample", "Raf Sample": "Lea Madeup", "Lea Madeup": "Kim Sample"}
    write_team_file(team_copy, {"managers": managers})
    with pytest.raises(RosterError, match=r"managers form a circle: .*Kim Sample.*Kim Sample"):
        roster_from_folder(ml_ladder, team_copy)
    write_team_file(team_copy, {"managers": {"Kim Sample": "Kim Sample"}})
    with pytest.raises(RosterError, match="circle: Kim Sample -> Kim Sample"):
        roster_from_folder(ml_ladder, team_copy)


def test_an_unknown_manager_or_member_names_the_closest_name(ml_ladder: Framework, team_copy: Path) -> None:
    write_team_file(team_copy, {"managers": {"Kim Sample": "Eli Sampel"}})
    with pytest.raises(RosterError, match=r"manager 'Eli Sampel' has no usable profile.*did you mean 'Eli Sample'"):
        roster_from_folder(ml_ladder, team_copy)
    write_team_file(team_copy, {"teams": {"ranking": ["Nobody Known"]}})
    with pytest.raises(RosterError, match="member 'Nobody Known'"):
        roster_from_folder(ml_ladder, team_copy)


def test_an_unknown_name_mentions_the_skipped_profile(ml_ladder: Framework, team_copy: Path) -> None:
    (team_copy / "kim-sample.yaml").write_text("name: Kim Sample\nyears_experience: -3\n", encoding="utf-8")
    with pytest.raises(RosterError, match=r"1 file\(s\) skipped, the first: .*kim-sample\.yaml"):
        roster_from_folder(ml_ladder, team_copy)


def test_an_unknown_held_level_is_a_file_problem_with_its_line(ml_ladder: Framework, team_copy: Path) -> None:
    write_team_file(team_copy, {"held_levels": {"Kim Sample": "L9"}})
    with pytest.raises(InvalidFile, match=r"team.yaml:2: held_levels.Kim Sample: unknown level 'L9'"):
        roster_from_folder(ml_ladder, team_copy)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- Kim Sample\n- Raf Sample\n", "the top level is list, not a mapping"),
        ("teams: [a, b]\n", "teams"),
        ("teams:\n  ranking: {Kim Sample: 1}\n", "teams"),
        ("colour: blue\n", "colour"),
        (
            "a: &a [x, x, x, x, x, x, x, x, x]\n"
            + "".join(
                f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
                for p, c in zip("abcdefgh", "bcdefghi", strict=True)
            ),
            "aliases",
        ),
        ("teams:" + " [" * 200 + " ]" * 200 + "\n", "nest"),
    ],
    ids=["a-list", "teams-as-list", "members-as-mapping", "unknown-key", "alias-bomb", "deep-nesting"],
)
def test_hostile_team_files_are_one_line_each(ml_ladder: Framework, team_copy: Path, text: str, expected: str) -> None:
    (team_copy / "team.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(InvalidFile) as caught:
        roster_from_folder(ml_ladder, team_copy)
    message = str(caught.value)
    assert "team.yaml" in message and "\n" not in message and "fix" in message
    assert expected in message


def test_a_binary_team_file(ml_ladder: Framework, team_copy: Path) -> None:
    (team_copy / "team.yaml").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    with pytest.raises(InvalidFile, match=r"team\.yaml"):
        roster_from_folder(ml_ladder, team_copy)


def test_reports_of_a_director_reach_every_level_below(ml_ladder: Framework) -> None:
    roster = roster_from_folder(ml_ladder, TEAM)
    everyone_below = reports_of(roster, "Dana Fictional")
    assert len(everyone_below.members) == 13 and "Dana Fictional" not in everyone_below.names()
    direct = reports_of(roster, "dana fictional", indirect=False)
    assert direct.names() == ["Eli Sample", "Fern Madeup"]
    assert set(reports_of(roster, "Fern Madeup").names()) == {
        "Mo Invented", "Nia Example", "Oli Placeholder", "Pia Fictional", "Raf Sample"
    }  # fmt: skip


def test_reports_of_someone_unknown_or_without_reports(ml_ladder: Framework) -> None:
    roster = roster_from_folder(ml_ladder, TEAM)
    with pytest.raises(RosterError, match="did you mean 'Fern Madeup'"):
        reports_of(roster, "Fern Madup")
    with pytest.raises(RosterError, match="nobody reports to Raf Sample"):
        reports_of(roster, "Raf Sample")


def test_narrowed_by_level_specialisation_and_manager(ml_ladder: Framework) -> None:
    roster = roster_from_folder(ml_ladder, TEAM)
    assert narrowed(roster, level="L2").names() == ["Jun Fictional", "Kim Sample", "Pia Fictional"]
    assert narrowed(roster, level="l2", framework=ml_ladder).names() == narrowed(roster, level="L2").names()
    assert narrowed(roster, specialisation="edge-ml").names() == ["Pia Fictional"]
    ranking_seniors = narrowed(roster, level="L3", manager="Eli Sample")
    assert ranking_seniors.names() == ["Gus Invented", "Hana Example"]


def test_narrowed_rejects_unknown_ids_when_given_the_framework(ml_ladder: Framework) -> None:
    roster = roster_from_folder(ml_ladder, TEAM)
    with pytest.raises(Exception, match="no level 'L9'"):
        narrowed(roster, level="L9", framework=ml_ladder)
    with pytest.raises(RosterError, match="did you mean 'edge-ml'"):
        narrowed(roster, specialisation="edge_ml", framework=ml_ladder)


def test_roster_from_the_store_takes_latest_assessments_and_managers(ml_ladder: Framework, tmp_path: Path) -> None:
    with Store(str(tmp_path / "team.db")) as store:
        boss = store.create_user("avery", "a long passphrase here", role="manager", name="Avery Lead")
        report = store.create_user("blake", "a long passphrase here", manager_id=boss.id, name="Blake Report")
        loner = store.create_person("Casey Alone")
        for user_person, path in ((boss.person_id, "staff.yaml"), (report.person_id, "junior.yaml")):
            assert user_person is not None
            profile = load_profile(PROFILES / path, ml_ladder)
            store.save_assessment(user_person, profile, assess(profile, ml_ladder))
        roster = roster_from_store(ml_ladder, store)
        below = roster_from_store(ml_ladder, store, manager="Avery Lead")
    assert roster.names() == ["Avery Lead", "Blake Report"]
    assert roster.member("Blake Report").manager == "Avery Lead"
    assert roster.member("Blake Report").person_id == report.person_id
    assert roster.member("Blake Report").level == "L1"
    (warning,) = roster.warnings
    assert "Casey Alone" in warning and loner.name == "Casey Alone"
    assert below.names() == ["Blake Report"]


def test_an_empty_store_is_one_error(ml_ladder: Framework, tmp_path: Path) -> None:
    with Store(str(tmp_path / "empty.db")) as store, pytest.raises(RosterError, match="nobody has an assessment"):
        roster_from_store(ml_ladder, store)


def test_a_roster_is_a_value(ml_ladder: Framework) -> None:
    roster = roster_from_folder(ml_ladder, TEAM)
    assert isinstance(roster, Roster)
    with pytest.raises(AttributeError):
        roster.members = ()  # type: ignore[misc]


def test_several_team_file_problems_are_counted_in_one_line(ml_ladder: Framework, team_copy: Path) -> None:
    (team_copy / "team.yaml").write_text("teams: [a]\nmanagers: 3\ncolour: blue\n", encoding="utf-8")
    with pytest.raises(InvalidFile) as caught:
        roster_from_folder(ml_ladder, team_copy)
    assert str(caught.value).endswith("[+2 more in the same file]")
    assert "validate" not in str(caught.value) and len(caught.value.problems) == 3


def test_folders_pipes_and_devices_among_the_profiles_are_skipped(ml_ladder: Framework, tmp_path: Path) -> None:
    shutil.copy(PROFILES / "mid.yaml", tmp_path / "mid.yaml")
    (tmp_path / "folder.yaml").mkdir()
    os.mkfifo(tmp_path / "pipe.yaml")  # reading it would wait for a writer for ever
    (tmp_path / "device.yaml").symlink_to("/dev/zero")  # reading it would never end
    (tmp_path / ".hidden.yaml").write_text("not: a profile\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not read\n", encoding="utf-8")
    roster = roster_from_folder(ml_ladder, tmp_path)
    assert roster.names() == ["Jordan Sample"]
    assert sorted(Path(warning.split(":")[0].removeprefix("skipped ")).name for warning in roster.warnings) == [
        "device.yaml", "folder.yaml", "pipe.yaml"
    ]  # fmt: skip
