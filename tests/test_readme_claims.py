"""README.md read against the program: the command lines it shows, the files it links, the numbers and labels it
names. Each check reads the README and the code it describes, so a rename on either side fails here."""

import argparse
import re
from pathlib import Path

from workstation.cli import build_parser
from workstation.i18n import load_catalogue

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMAND = ".venv/bin/python main.py"


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _readme_commands() -> list[tuple[str, str]]:
    """(line, code before its comment) of every line of the README's code blocks that runs a command of main.py."""
    found = []
    blocks = re.findall(r"^```bash\n(.*?)^```", README, flags=re.MULTILINE | re.DOTALL)
    for line in "\n".join(blocks).splitlines():
        if COMMAND in line:
            code = line.split(COMMAND, 1)[1].split("#", 1)[0]
            if code.strip():
                found.append((line, code))
    return found


def test_every_command_line_the_readme_shows_exists_with_its_options():
    commands = _readme_commands()
    assert len(commands) > 60  # the README's examples, not a few stray mentions
    wrong, program = [], build_parser()  # built once: walking it down its subcommands changes nothing
    for line, code in commands:
        parser, path = program, []
        for token in code.split():
            choices = _subparsers(parser)
            if token in choices:
                parser = choices[token]
                path.append(token)
        if not path:
            wrong.append(f"no command: {line}")
            continue
        for option in re.findall(r"(?<![\w-])--[a-z][a-z-]*", code):
            if option not in parser._option_string_actions:
                wrong.append(f"{' '.join(path)} has no {option}: {line}")
    assert wrong == []


def test_the_screenshots_the_readme_shows_exist():
    links = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", README)
    assert len(links) == 4
    assert [link for link in links if not (ROOT / link).is_file()] == []


def test_the_number_of_forms_the_readme_states_is_that_of_forms():
    forms = len(list((ROOT / "forms").glob("*.toml")))
    assert f"The {forms} official documents" in README
    assert f"{forms} forms loaded strictly from" in README


def test_the_dashboard_tabs_the_readme_names_are_called_so_in_chinese():
    catalogue = load_catalogue("zh_CN")
    for message_id in ("Eva&luation by bureau", "Publ&icity"):  # the tabs of ui/dashboard.py
        label = re.sub(r"\(&\w\)", "", catalogue[message_id])
        assert f"the **{label}** tab" in README, label


def test_the_files_the_install_stamp_follows_are_those_the_readme_names():
    bootstrap = (ROOT / ".ci" / "bootstrap").read_text(encoding="utf-8")
    stamped = re.search(r"\$\(cat ([^|]+)\|", bootstrap).group(1).split()
    paragraph = README.split("## Two commands", 1)[1].split("##", 1)[0]
    assert stamped and [name for name in stamped if f"`{name}`" not in paragraph] == []


def test_the_test_command_runs_one_worker_per_core_as_the_readme_says():
    bootstrap = (ROOT / ".ci" / "bootstrap").read_text(encoding="utf-8")
    command = next(line for line in bootstrap.splitlines() if "-m pytest" in line)
    setup = (ROOT / "setup.cfg").read_text(encoding="utf-8")
    assert "one process per core (pytest-xdist" in " ".join(README.split())
    assert "-n auto --dist loadfile" in command and "pytest-xdist>=" in setup


def _section(heading: str) -> str:
    return README.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]


def test_the_modules_the_architecture_list_names_exist():
    bullets = {line.split("`", 2)[1]: line for line in re.split(r"\n(?=- `)", _section("How it is built"))
               if line.startswith("- `")}
    packages = {"workstation/": ROOT / "workstation", "workstation/documents/": ROOT / "workstation",
                "ui/": ROOT / "ui"}
    missing, named = [], 0
    for bullet, folder in packages.items():
        for name in re.findall(r"`([a-z_/0-9]+)`", bullets[bullet].split("—", 1)[1]):
            if "/" in name.rstrip("/") and not name.startswith(("formkit/", "documents/")):
                continue  # a file path such as resources/..., not a module
            named += 1
            path = folder / name.rstrip("/")
            if not (path.is_dir() if name.endswith("/") else path.with_suffix(".py").is_file()):
                missing.append(name)
    assert named > 20
    assert missing == []


def test_the_clocks_the_readme_lists_are_those_of_the_rules():
    from workstation.clocks import rules

    listed = re.search(r"`clocks\.toml` \(([^;]+);", README).group(1)
    named = set()
    for item in listed.replace("\n", " ").split(","):
        bounds = re.fullmatch(r"T(\d+)–T(\d+)", item.strip())
        if bounds:
            named |= {f"T{n}" for n in range(int(bounds[1]), int(bounds[2]) + 1)}
        else:
            named.add(item.strip())
    assert named == {rule.id for rule in rules()}


def _latest_bench_figure(pattern: str) -> str:
    """The figure ``pattern`` finds in bench/README.md's newest session that measured it (the "Session" paragraphs
    under "Latest numbers", newest first; a session may measure only some of the benchmarks)."""
    bench = (ROOT / "bench" / "README.md").read_text(encoding="utf-8")
    latest = bench.split("\n## Latest numbers", 1)[1].split("\n| ", 1)[0]
    for paragraph in latest.split("\n\n"):
        found = re.search(pattern, " ".join(paragraph.split()))
        if paragraph.startswith("Session") and found:
            return found.group(1)
    raise AssertionError(f"no session of bench/README.md measured {pattern}")


def test_the_speed_the_readme_gives_as_the_latest_run_is_bench_readmes_latest():
    speed = " ".join(_section("Speed").split())
    start_up = _latest_bench_figure(r"\*\*start-up ([\d.–]+)\*\*")
    case_list = _latest_bench_figure(r"\*\*case list \d+ of \d+ within\*\* \(([\d.–]+)\)")
    assert f"({start_up}× an empty Qt window in the latest run" in speed
    assert f"({case_list}× in the latest run" in speed


def test_the_calendar_note_left_out_after_the_margin_the_readme_states():
    from workstation.clocks import UNCONFIRMED_MARGIN_DAYS

    assert UNCONFIRMED_MARGIN_DAYS == 14
    assert "not for a step dated more than two weeks after the count's end" in " ".join(README.split())


def test_who_may_run_the_bootstrap_is_as_the_readme_says():
    bootstrap = (ROOT / ".ci" / "bootstrap").read_text(encoding="utf-8")
    assert '|| sudo="sudo"' in bootstrap  # not root: apt-get through sudo
    assert "(root or sudo, Python 3.11 or newer)" in _section("Two commands")
