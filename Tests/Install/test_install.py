"""What a researcher does with a released paperpages, run for real: the deploy workflow that
`paperpages init` writes, checked by actionlint and its build steps run as GitHub Actions
runs them (which `make install`s paperpages from a git clone into a temporary prefix), then
that installed binary used from another folder: init, import, new, build.

Run by `make test` after the browser tests; by hand (after a commit: the workflow builds
paperpages from a git clone of this repository's HEAD):
    PAPERPAGES=.build/debug/paperpages .build/browser-venv/bin/pytest Tests/Install
"""
import html.parser
import os
import pathlib
import re
import shutil
import subprocess
import tarfile
import urllib.parse

import pytest
import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]
BIB = ROOT / "Tests" / "Data" / "pmlr-v304-acml2025.bib"
BINARY = str((ROOT / os.environ.get("PAPERPAGES", ".build/debug/paperpages")).resolve())
ACTIONLINT = ROOT / ".build" / "browser-venv" / "bin" / "actionlint"
# What configure-pages answers for a project site.
PAGES_URL = "https://owner.github.io/reading-list"


def run(arguments, cwd, env=None, check=True):
    result = subprocess.run(arguments, cwd=cwd, env=env, capture_output=True, text=True)
    if check:
        assert result.returncode == 0, f"{arguments}: {result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    return tmp_path_factory.mktemp("install")


@pytest.fixture(scope="module")
def site(workspace):
    """A new site, as `paperpages init` writes it, with the PMLR volume imported."""
    folder = workspace / "site"
    run([BINARY, "init", str(folder), "--title", "A reading list"], cwd=workspace)
    run([BINARY, "import", str(BIB)], cwd=folder)
    return folder


def test_actionlint_finds_nothing_in_either_workflow(workspace, site):
    gitlab = workspace / "gitlab-site"
    run([BINARY, "init", str(gitlab), "--host", "gitlab"], cwd=workspace)
    assert (gitlab / ".gitlab-ci.yml").exists() and not (gitlab / ".github").exists()
    yaml.safe_load((gitlab / ".gitlab-ci.yml").read_text())
    workflow = site / ".github" / "workflows" / "pages.yml"
    result = run([str(ACTIONLINT), "-no-color", str(workflow)], cwd=site, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    text = workflow.read_text()
    # Every action pinned to a full commit, and the permissions Pages needs written out.
    for uses in re.findall(r"uses: (\S+)", text):
        assert re.fullmatch(r"[\w-]+/[\w-]+@[0-9a-f]{40}", uses), uses
    permissions = yaml.safe_load(text)["permissions"]
    assert permissions == {"contents": "read", "pages": "write", "id-token": "write"}


def expression(text, env, outputs):
    """`${{ env.X }}` and `${{ steps.id.outputs.y }}`, as the runner fills them in."""
    def value(match):
        name = match.group(1).strip()
        if name.startswith("env."):
            return env[name[4:]]
        step, _, key = name[len("steps."):].partition(".outputs.")
        return outputs.get(step, {}).get(key, "")
    return re.sub(r"\$\{\{(.*?)\}\}", value, text)


def condition_holds(condition, env, outputs):
    """`steps.id.outputs.y != 'text'` (or ==), the one form of `if:` the workflow uses."""
    match = re.fullmatch(r"\s*(?:\$\{\{)?\s*([\w.-]+)\s*(==|!=)\s*'([^']*)'\s*(?:\}\})?\s*", condition)
    assert match, f"a condition this test cannot read: {condition}"
    value = expression("${{ " + match.group(1) + " }}", env, outputs)
    equal = value == match.group(3)
    return equal if match.group(2) == "==" else not equal


@pytest.fixture(scope="module")
def installed(workspace, site):
    """The build job's steps, run as the runner runs them, in order: `run:` steps with bash
    -e and the job's environment, the actions done here as they would do it. paperpages comes
    from a git clone of this repository at HEAD, built and installed by `make install`."""
    workflow = yaml.safe_load((site / ".github" / "workflows" / "pages.yml").read_text())
    job = workflow["jobs"]["build"]
    assert job["container"] == "swift:6.3.1-bookworm"
    head = run(["git", "rev-parse", "HEAD"], cwd=ROOT).stdout.strip()
    prefix = workspace / "prefix"
    env = dict(os.environ)
    env.update({key: str(value) for key, value in workflow["env"].items()})
    assert env["PAPERPAGES_REF"] == "v" + run([BINARY, "--version"], cwd=site).stdout.strip()
    env.update({"PAPERPAGES_SOURCE": str(ROOT), "PAPERPAGES_REF": head, "PAPERPAGES_PREFIX": str(prefix),
                "RUNNER_TEMP": str(workspace / "runner"), "CI": "true"})
    (workspace / "runner").mkdir()
    outputs = {"pages": {"base_url": PAGES_URL}, "cache": {"cache-hit": "false"}}
    uploaded = None
    for step in job["steps"]:
        if "if" in step and not condition_holds(step["if"], env, outputs):
            continue
        if "uses" in step:
            action = step["uses"].split("@")[0]
            if action == "actions/checkout":
                assert (site / "Content" / "site.yaml").exists()
            elif action == "actions/configure-pages":
                assert step.get("id") == "pages"
            elif action == "actions/cache":
                assert step["with"]["path"] == workflow["env"]["PAPERPAGES_PREFIX"]
            elif action == "actions/upload-pages-artifact":
                # As the action does: a tar of the folder, which must hold the site.
                folder = site / step["with"]["path"]
                assert (folder / "index.html").exists()
                uploaded = workspace / "artifact.tar"
                with tarfile.open(uploaded, "w") as tar:
                    tar.add(folder, arcname=".")
            else:
                pytest.fail(f"the workflow uses an action this test does not know: {action}")
            continue
        step_env = dict(env)
        step_env.update({key: expression(str(value), env, outputs) for key, value in step.get("env", {}).items()})
        script = expression(step["run"], env, outputs)
        result = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
                                cwd=site, env=step_env, capture_output=True, text=True)
        assert result.returncode == 0, f"step '{step['name']}' failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    assert uploaded is not None
    return prefix, uploaded


class Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        self.links += [value for name, value in attrs if name in ("href", "src") and value]


def test_the_workflow_builds_the_site_for_its_pages_address(installed, site):
    _, artifact = installed
    with tarfile.open(artifact) as tar:
        names = set(tar.getnames())
    assert "./index.html" in names and "./papers/punching-above-precision-small-quantized-model/index.html" in names
    public = site / "Public"
    # Built for https://owner.github.io/reading-list/: links under /reading-list/, canonical URLs on the host.
    page = (public / "papers" / "punching-above-precision-small-quantized-model" / "index.html").read_text()
    assert f'<link rel="canonical" href="{PAGES_URL}/papers/punching-above-precision-small-quantized-model/">' in page
    files = {str(path.relative_to(public)) for path in public.rglob("*") if path.is_file()}
    broken = []
    for name in sorted(name for name in files if name.endswith(".html")):
        parser = Links()
        parser.feed((public / name).read_text())
        for link in parser.links:
            url = urllib.parse.urlsplit(urllib.parse.urljoin(f"{PAGES_URL}/{name}", link))
            if f"{url.scheme}://{url.netloc}" != "https://owner.github.io" or not url.path.startswith("/reading-list/"):
                continue
            path = urllib.parse.unquote(url.path[len("/reading-list/"):])
            if not (path in files or (path.rstrip("/") + "/index.html").lstrip("/") in files):
                broken.append(f"{name}: {link}")
    assert broken == []


def test_the_installed_binary_works_from_any_folder(installed, workspace):
    prefix, _ = installed
    binary = prefix / "bin" / "paperpages"
    assert (prefix / "share" / "paperpages" / "Layouts" / "base.mustache").exists()
    # No toolchain needed at run time: the Swift runtime is linked in.
    assert "libswiftCore" not in run(["ldd", str(binary)], cwd=workspace).stdout
    elsewhere = workspace / "elsewhere"
    elsewhere.mkdir()
    clean = {"PATH": "/usr/bin:/bin", "HOME": str(workspace)}
    run([str(binary), "init", "mine"], cwd=elsewhere, env=clean)
    mine = elsewhere / "mine"
    run([str(binary), "import", str(BIB)], cwd=mine, env=clean)
    run([str(binary), "new", "paper", "my-own-paper"], cwd=mine, env=clean)
    built = run([str(binary), "build"], cwd=mine, env=clean)
    assert built.stdout.startswith("Wrote ")
    assert (mine / "Public" / "papers" / "my-own-paper" / "index.html").exists()
    listed = run([str(binary), "layouts"], cwd=mine, env=clean).stdout
    assert str(prefix / "share" / "paperpages" / "Layouts") in listed
    shutil.rmtree(mine / "Public")


def test_the_readme_and_docs_name_only_files_that_exist():
    """Every relative link of README.md and docs/, and every repository path they quote in
    backticks (`Layouts/assets/site.css`), names a file or folder of this repository."""
    missing = []
    for page in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        text = page.read_text()
        prose = re.sub(r"`[^`\n]*`", "", re.sub(r"```.*?```", "", text, flags=re.S))
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", prose):
            if "://" not in target and not (page.parent / target).exists():
                missing.append(f"{page.relative_to(ROOT)}: ({target})")
        for quoted in re.findall(r"`((?:Layouts|Starter|Sources|Tests|Benchmarks|Fuzz|docs|\.ci)/[\w./+-]*)`", text):
            if "<" not in quoted and "*" not in quoted and not (ROOT / quoted).exists():
                missing.append(f"{page.relative_to(ROOT)}: `{quoted}`")
    assert missing == []
