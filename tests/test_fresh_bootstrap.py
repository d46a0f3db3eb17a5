""".ci/bootstrap run on a checkout it did not prepare itself. On a fresh Debian machine `python3 -m venv .venv`
typed before the README's commands fails for want of python3-venv and leaves a .venv whose python has no pip; the
bootstrap then installed python3-venv but, seeing .venv/bin/python, kept that venv and stopped at "No module named
pip". Each test runs the real script with the real Python on a tiny project installed offline."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BASE_PYTHON = Path(sys.base_prefix) / "bin" / "python3"


# The tiny project's own build backend (PEP 517/660, in the checkout: nothing to fetch): its editable wheel puts
# the checkout on sys.path with a .pth file, as setuptools' compat mode does for the real project.
BACKEND = """import base64, hashlib, pathlib, zipfile

NAME = "tiny_checkout-0.1"
METADATA = "Metadata-Version: 2.1\\nName: tiny-checkout\\nVersion: 0.1\\nProvides-Extra: test\\nProvides-Extra: speed\\n"
WHEEL = "Wheel-Version: 1.0\\nGenerator: tiny\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n"


def _wheel(directory, files):
    records = []
    path = pathlib.Path(directory) / (NAME + "-py3-none-any.whl")
    with zipfile.ZipFile(path, "w") as wheel:
        for name, text in files.items():
            data = text.encode()
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            wheel.writestr(name, data)
            records.append(f"{name},sha256={digest},{len(data)}")
        records.append(NAME + ".dist-info/RECORD,,")
        wheel.writestr(NAME + ".dist-info/RECORD", "\\n".join(records) + "\\n")
    return path.name


def _info():
    return {NAME + ".dist-info/METADATA": METADATA, NAME + ".dist-info/WHEEL": WHEEL}


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    source = pathlib.Path("tiny.py").read_text()
    return _wheel(wheel_directory, {"tiny.py": source, **_info()})


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    return _wheel(wheel_directory, {"tiny_checkout.pth": str(pathlib.Path.cwd()) + "\\n", **_info()})
"""


def _tiny_project(folder: Path) -> Path:
    """A checkout holding the real bootstrap and a one-module package with the extras it installs."""
    (folder / ".ci").mkdir(parents=True)
    shutil.copy(ROOT / ".ci" / "bootstrap", folder / ".ci" / "bootstrap")
    (folder / "setup.cfg").write_text("[metadata]\nname = tiny-checkout\n", encoding="utf-8")
    (folder / "pyproject.toml").write_text('[build-system]\nrequires = []\nbuild-backend = "tiny_backend"\n'
                                           'backend-path = ["."]\n', encoding="utf-8")
    (folder / "tiny_backend.py").write_text(BACKEND, encoding="utf-8")
    (folder / "tiny.py").write_text('ANSWER = "installed"\n', encoding="utf-8")
    return folder


def _run_bootstrap(project: Path, home: Path) -> subprocess.CompletedProcess:
    """The bootstrap in a mode it does not know (it installs, then says its usage and exits 2), with a PATH
    holding no dpkg unless a test put its Debian in (no Debian packages looked at) and pip kept off every index and
    configuration file."""
    tools = home / "bin"
    tools.mkdir(exist_ok=True)
    for name in ("cat", "sha256sum", "cut", "rm", "touch", "dirname", "id", "awk", "grep"):
        if not (tools / name).exists():
            (tools / name).symlink_to(shutil.which(name))
    if not (tools / "python3").exists():
        (tools / "python3").symlink_to(BASE_PYTHON)
    env = {"PATH": str(tools), "HOME": str(home), "PIP_CONFIG_FILE": os.devnull, "PIP_NO_INDEX": "1",
           "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    return subprocess.run([shutil.which("bash"), str(project / ".ci" / "bootstrap"), "nothing"], env=env,
                          capture_output=True, text=True, timeout=240)


def test_a_venv_left_without_pip_is_made_anew_and_installed(tmp_path):
    project = _tiny_project(tmp_path / "checkout")
    # what `python3 -m venv .venv` leaves on Debian without python3-venv: a python and no pip
    subprocess.run([str(BASE_PYTHON), "-m", "venv", "--without-pip", str(project / ".venv")], check=True,
                   capture_output=True, timeout=60)
    python = project / ".venv" / "bin" / "python"
    assert python.exists() and subprocess.run([str(python), "-c", "import pip"], capture_output=True).returncode

    result = _run_bootstrap(project, tmp_path)

    assert "No module named pip" not in result.stderr, result.stderr
    assert result.returncode == 2 and "usage: bash .ci/bootstrap app|test" in result.stderr, result.stderr
    imported = subprocess.run([str(python), "-c", "import tiny; print(tiny.ANSWER)"], capture_output=True,
                              text=True, cwd=tmp_path, timeout=60)
    assert imported.stdout.strip() == "installed"
    assert len(list((project / ".venv").glob(".installed-*"))) == 1


@pytest.fixture(scope="module")
def installed_checkout(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """(checkout, first run): the tiny project on which the bootstrap ran once, from no .venv at all (it made the
    venv and installed the project into it). The tests of a later run take a copy (``_copy_installed``) instead of
    installing again, 5 to 8 s each; the checkout itself is never changed."""
    home = tmp_path_factory.mktemp("installed-checkout")
    project = _tiny_project(home / "checkout")
    return project, _run_bootstrap(project, home)


def _copy_installed(installed: Path, tmp_path: Path) -> Path:
    """A copy of the installed checkout, its venv included (the venv's python stays the symbolic link venv made;
    its site-packages are found beside the copy's pyvenv.cfg)."""
    return Path(shutil.copytree(installed, tmp_path / "checkout", symlinks=True))


def test_a_second_run_keeps_the_venv_and_installs_nothing(installed_checkout, tmp_path):
    installed, first = installed_checkout
    assert first.returncode == 2 and "Installing Python packages" in first.stderr, first.stderr
    project = _copy_installed(installed, tmp_path)
    marker = project / ".venv" / "made-by-the-first-run"
    marker.write_text("", encoding="utf-8")

    second = _run_bootstrap(project, tmp_path)

    assert second.returncode == 2, second.stderr
    assert "Installing" not in second.stderr and marker.exists()  # the venv kept, nothing installed again


def _apt_packages() -> set[str]:
    """The Debian packages the bootstrap installs when missing (its APT_PACKAGES list)."""
    bootstrap = (ROOT / ".ci" / "bootstrap").read_text(encoding="utf-8")
    listed = re.search(r"^APT_PACKAGES=\((.*?)\)", bootstrap, flags=re.MULTILINE | re.DOTALL)
    return set(listed.group(1).split())


def test_every_system_font_a_test_reads_comes_from_a_package_the_bootstrap_installs():
    # on a fresh Debian the suite ran with DejaVuMathTeXGyre.ttf missing: test_missing_glyphs failed on it and
    # test_fonts_data_dir skipped three tests
    if shutil.which("dpkg-query") is None:
        pytest.skip("the owner of a font file is asked of dpkg: not a Debian machine")
    fonts = sorted({name for test in (ROOT / "tests").glob("test_*.py")
                    for name in re.findall(r"/usr/share/fonts/truetype/[\w./-]+", test.read_text(encoding="utf-8"))})
    assert len(fonts) >= 5  # the CJK faces and the DejaVu ones, not a pattern that no longer matches
    owners = {}
    for font in fonts:
        found = subprocess.run(["dpkg-query", "-S", font], capture_output=True, text=True, timeout=60)
        assert found.returncode == 0, f"{font} is not installed: run bash .ci/bootstrap test"
        owners[font] = found.stdout.split(":", 1)[0]
    assert {font: owner for font, owner in owners.items() if owner not in _apt_packages()} == {}


def _debian(home: Path, installed: dict[str, str]) -> Path:
    """A Debian the bootstrap asks through dpkg-query and dpkg, with ``installed`` (package: what it provides, as
    dpkg-query prints it); its apt-get and sudo install nothing and write their arguments into the returned log."""
    tools = home / "bin"
    tools.mkdir(exist_ok=True)
    log = home / "apt.log"
    database = home / "dpkg-status"
    database.write_text("".join(f"ii |{name}|{provides}\n" for name, provides in installed.items()),
                        encoding="utf-8")
    scripts = {
        # -W -f='${db:Status-Abbrev}|${Package}|${Provides}\n': every installed package, one a line
        "dpkg-query": f'#!/bin/sh\ncat "{database}"\n',
        # -s NAME: 0 only for an installed package, never for a name another one provides
        "dpkg": f'#!/bin/sh\n[ "$1" = -s ] && cut -d"|" -f2 "{database}" | grep -qxF "$2"\n',
        "apt-get": f'#!/bin/sh\necho "apt-get $*" >> "{log}"\n',
        "sudo": '#!/bin/sh\nexec "$@"\n',
    }
    for name, text in scripts.items():
        (tools / name).write_text(text, encoding="utf-8")
        (tools / name).chmod(0o755)
    for name in ("sh", "cut", "grep"):  # what those scripts run
        if not (tools / name).exists():
            (tools / name).symlink_to(shutil.which(name))
    return log


def _ubuntu_2404() -> dict[str, str]:
    """Every package the bootstrap needs installed as on Ubuntu 24.04, where glib's library came in under a new
    name (the 64-bit time_t transition) that provides the old one."""
    installed = {name: "" for name in _apt_packages() if name != "libglib2.0-0"}
    installed["libglib2.0-0t64"] = "libglib2.0-0 (= 2.80.0-6ubuntu1), libglib2.0-data-t64 (= 2.80.0-6ubuntu1)"
    return installed


def test_a_package_installed_under_a_name_that_provides_the_listed_one_is_not_installed_again(
        installed_checkout, tmp_path):
    # the venv installed already: what this run does is look at Debian's packages
    project = _copy_installed(installed_checkout[0], tmp_path)
    log = _debian(tmp_path, _ubuntu_2404())

    result = _run_bootstrap(project, tmp_path)

    assert result.returncode == 2, result.stderr
    assert "Installing system packages" not in result.stderr and not log.exists()  # no apt-get at every start


def test_a_package_missing_from_that_debian_is_installed_alone(installed_checkout, tmp_path):
    project = _copy_installed(installed_checkout[0], tmp_path)  # the venv installed already, as above
    installed = _ubuntu_2404()
    del installed["libxcb-cursor0"]
    log = _debian(tmp_path, installed)

    result = _run_bootstrap(project, tmp_path)

    assert result.returncode == 2, result.stderr
    assert "Installing system packages: libxcb-cursor0\n" in result.stderr
    assert log.read_text(encoding="utf-8").splitlines()[-1] == \
        "apt-get install -y -qq --no-install-recommends libxcb-cursor0"


def test_an_older_python_is_refused_before_any_debian_package_is_installed(tmp_path):
    project = _tiny_project(tmp_path / "checkout")
    log = _debian(tmp_path, {})  # nothing installed: every package would be
    python3 = tmp_path / "bin" / "python3"
    # Ubuntu 22.04's python3: its version check fails (exit 1) and it says which it is
    python3.write_text('#!/bin/sh\n[ "$1" = --version ] && echo "Python 3.10.12" && exit 0\nexit 1\n',
                       encoding="utf-8")
    python3.chmod(0o755)

    result = _run_bootstrap(project, tmp_path)

    assert result.returncode == 1
    assert result.stderr.strip() == ("Python 3.11 or newer is needed (found Python 3.10.12): install it, then run "
                                     "this again.")
    assert not log.exists() and not (project / ".venv").exists()
