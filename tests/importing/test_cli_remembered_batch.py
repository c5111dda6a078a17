"""The command line's import, like the page, gives a file of a known shape (its set of headers) the channel,
campaign and owner its last batch was given, when the command gives none; given options win, and one line
says which remembered values were used, in the user's language."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from prospects.cli import main
from prospects.domain import ProspectQuery
from prospects.services import open_store

HEADERS = "First name,Last name,Company,Email\n"


def badges(folder: Path, name: str, people: list[str], headers: str = HEADERS) -> Path:
    """A badge export as the scanner writes it at every show: the same columns, other people."""
    path = folder / name
    lines = [f"{p},{p.upper()},{p} SAS,{p.lower()}@{p.lower()}.fr" for p in people]
    path.write_text(headers + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def given(db_path: Path, last_name: str) -> tuple[str | None, str | None, int | None]:
    """The channel, campaign and owner the prospect of this last name was given."""
    store = open_store(db_path)
    (found,) = store.prospects.list(ProspectQuery(text=last_name)).rows["id"]
    prospect = store.prospects.get(int(found))
    return prospect.channel, prospect.campaign, prospect.owner_id


@pytest.fixture
def first_show(db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> Path:
    """A first show's file imported with its channel, campaign and owner given."""
    path = badges(tmp_path, "lyon.csv", ["Alma", "Bruno"])
    code, out, _ = run(capsys, "--db", str(db_path), "import", str(path), "--channel", "Trade show",
                       "--campaign", "Salon Lyon 2026", "--owner", "EN")
    assert code == 0 and "As the last file" not in out  # nothing was remembered yet
    return db_path


def test_a_file_of_the_same_shape_gets_the_last_batch_s_channel_campaign_and_owner(
    first_show: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    path = badges(tmp_path, "paris.csv", ["Chloe", "Damien"])
    code, out, _ = run(capsys, "--db", str(first_show), "import", str(path))
    assert code == 0
    assert given(first_show, "CHLOE") == given(first_show, "DAMIEN") == ("Trade show", "Salon Lyon 2026", 1)
    assert out.splitlines()[0] == ("As the last file of this shape (the same columns): Channel: Trade show, "
                                   "Campaign: Salon Lyon 2026, Owner: Etienne Neuville (EN).")
    assert out.splitlines()[1].startswith("2 created, 0 updated")


def test_given_options_win_and_the_line_names_only_the_remembered_ones_used(
    first_show: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    path = badges(tmp_path, "paris.csv", ["Chloe"])
    code, out, _ = run(capsys, "--db", str(first_show), "import", str(path), "--campaign", "Salon Paris 2026",
                       "--channel", "")
    assert code == 0
    assert given(first_show, "CHLOE") == (None, "Salon Paris 2026", 1)
    assert out.splitlines()[0] == "As the last file of this shape (the same columns): Owner: Etienne Neuville (EN)."
    # What this batch was given is what the next file of the shape is offered.
    path = badges(tmp_path, "lille.csv", ["Emile"])
    code, out, _ = run(capsys, "--db", str(first_show), "import", str(path), "--owner", "EN")
    assert given(first_show, "EMILE") == (None, "Salon Paris 2026", 1)
    assert out.splitlines()[0] == "As the last file of this shape (the same columns): Campaign: Salon Paris 2026."


def test_the_line_is_in_the_user_s_language_and_a_dry_run_uses_the_remembered_values_too(
    first_show: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    path = badges(tmp_path, "paris.csv", ["Chloe"])
    code, out, _ = run(capsys, "--db", str(first_show), "--lang", "fr", "import", str(path), "--dry-run",
                       "--owner", "EN")
    assert code == 0
    assert out.splitlines()[0] == ("Comme le dernier fichier de cette forme (les mêmes colonnes) : Canal : Trade show, "
                                   "Campagne : Salon Lyon 2026.")
    assert open_store(first_show).prospects.count() == 2  # a dry run writes nothing


def test_with_json_the_line_goes_to_stderr_and_stdout_stays_one_object(
    first_show: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    path = badges(tmp_path, "paris.csv", ["Chloe"])
    code, out, err = run(capsys, "--db", str(first_show), "import", str(path), "--json")
    assert code == 0 and json.loads(out)["created"] == 1
    assert err.startswith("As the last file of this shape (the same columns): Channel: Trade show,")
    assert given(first_show, "CHLOE") == ("Trade show", "Salon Lyon 2026", 1)


def test_a_file_of_another_shape_starts_empty(first_show: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = badges(tmp_path, "other.csv", ["Chloe"], headers="First name,Last name,Company,E-mail,City\n")
    path.write_text(path.read_text(encoding="utf-8").replace(".fr\n", ".fr,Lyon\n"), encoding="utf-8")
    code, out, err = run(capsys, "--db", str(first_show), "import", str(path))
    assert code == 0 and "As the last file" not in out + err
    assert given(first_show, "CHLOE") == (None, None, None)
