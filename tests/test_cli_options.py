"""The command line as a ruff user expects it (issue 18): shared options, default path, severity
and colour, the fixable hint, --statistics, --show-settings, --write-baseline, option spelling."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from provlint.cli import options
from provlint.cli.main import _load_commands, cli
from provlint.cli.options import SHARED_PARAMS, use_color

_load_commands()

ARTICLE = "Skip to content\nThe council met on Monday.\nSkip to content\n"


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False, env=env)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("name", ["check", "scorecard", "fix", "tag"])
def test_every_input_command_has_the_shared_options(name: str) -> None:
    command = cli.commands[name]
    params = {p.name for p in command.params}
    assert set(SHARED_PARAMS) <= params
    spellings = {o for p in command.params if isinstance(p, click.Option) for o in p.opts}
    assert {
        "--config",
        "--isolated",
        "--select",
        "--extend-select",
        "--ignore",
        "--input-format",
        "-j",
        "--jobs",
        "--scheduler",
        "-q",
        "--quiet",
        "-v",
        "--verbose",
    } <= spellings
    # one definition: the help text is the same everywhere
    helps = {p.name: p.help for p in command.params if isinstance(p, click.Option) and p.name in SHARED_PARAMS}
    reference = {p.name: p.help for p in cli.commands["check"].params if isinstance(p, click.Option)}
    assert all(helps[k] == reference[k] for k in helps)


def test_check_without_paths_lints_the_current_folder_minus_excludes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(ARTICLE)
    for folder in ("node_modules", "drafts", "keep/drafts"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "b.txt").write_text(ARTICLE)
    (tmp_path / "keep" / "c.tmp.txt").write_text(ARTICLE)
    (tmp_path / "provlint.toml").write_text('select = ["PL101"]\nextend-exclude = ["drafts/", "*.tmp.txt"]\n')
    code, out, _ = run("check", "--no-scorecard")
    assert code == 1
    assert out.splitlines() == [
        'a.txt:1:1: warning PL101 [navigation-residue] navigation residue "Skip to content"',
        'a.txt:3:1: warning PL101 [navigation-residue] navigation residue "Skip to content"',
        "",
        "Found 2 findings (0 error, 2 warning, 0 info) in 1 document (linted 1, skipped 0, failed 0).",
        "2 fixable with `provlint fix`.",
    ]
    # exclude replaces the defaults: node_modules is read again, drafts stay out
    (tmp_path / "provlint.toml").write_text('select = ["PL101"]\nexclude = ["drafts"]\n')
    _, out, _ = run("check", "--no-scorecard", "-q")
    assert [line.split(":")[0] for line in out.splitlines()] == [
        "a.txt",
        "a.txt",
        "keep/c.tmp.txt",
        "keep/c.tmp.txt",
        "node_modules/b.txt",
        "node_modules/b.txt",
    ]


def test_quiet_leaves_only_the_findings(tmp_path: Path) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text(ARTICLE)
    code, out, err = run("check", "-q", "--select", "PL101", str(doc))
    assert code == 1 and err == ""
    assert out == (
        f'{doc}:1:1: warning PL101 [navigation-residue] navigation residue "Skip to content"\n'
        f'{doc}:3:1: warning PL101 [navigation-residue] navigation residue "Skip to content"\n'
    )
    code, out, err = run("fix", "--in-place", "-q", str(doc))
    assert (code, out, err) == (0, "", "")
    assert doc.read_text() == "The council met on Monday.\n"
    code, out, err = run("scorecard", "-q", "--fail-under", "99.9", str(doc))
    assert (code, out) == (0, "")


def test_colour_on_a_terminal_only_and_never_in_ci_formats(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text(ARTICLE)
    monkeypatch.delenv("NO_COLOR", raising=False)
    _, out, _ = run("check", "--no-scorecard", "--select", "PL101", str(doc), env={"FORCE_COLOR": "1"})
    first = out.splitlines()[0]
    assert first == (
        f"\x1b[1m{doc}\x1b[0m:1:1: \x1b[33mwarning\x1b[0m \x1b[1;33mPL101\x1b[0m "
        '\x1b[2m[navigation-residue]\x1b[0m navigation residue "Skip to content"'
    )
    for fmt in ("github", "json", "sarif", "junit", "gitlab", "jsonl"):
        _, out, _ = run("check", "--format", fmt, str(doc), env={"FORCE_COLOR": "1"})
        assert "\x1b" not in out, fmt
    _, out, _ = run("check", "--no-color", str(doc), env={"FORCE_COLOR": "1"})
    assert "\x1b" not in out

    class Terminal:
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setattr(options.sys, "stdout", terminal)
    assert use_color(False, terminal) is True  # type: ignore[arg-type]
    assert use_color(True, terminal) is False  # type: ignore[arg-type]
    monkeypatch.setenv("NO_COLOR", "1")
    assert use_color(False, terminal) is False  # type: ignore[arg-type]


def test_output_format_alias_and_environment_variable(tmp_path: Path) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text(ARTICLE)
    _, out, _ = run("check", "--output-format", "json", "--select", "PL101", str(doc))
    assert [f["code"] for f in json.loads(out)["findings"]] == ["PL101", "PL101"]
    _, out, _ = run("check", "--select", "PL101", str(doc), env={"PROVLINT_OUTPUT_FORMAT": "github"})
    assert out.splitlines()[0].startswith(f"::warning file={doc},line=1,col=1,")
    _, out, _ = run(
        "check", "--format", "text", "-q", "--select", "PL101", str(doc), env={"PROVLINT_OUTPUT_FORMAT": "json"}
    )
    assert out.startswith(f"{doc}:1:1: warning PL101")  # the option wins over the environment


def test_unknown_options_name_the_nearest_real_one() -> None:
    code, _, err = run("check", "--selct", "PL1", ".")
    assert code == 2 and err.splitlines()[-1] == "Error: no such option '--selct': did you mean --select?"
    code, _, err = run("scorecard", "--fail-undr", "80")
    assert code == 2 and err.splitlines()[-1] == "Error: no such option '--fail-undr': did you mean --fail-under?"
    code, _, err = run("fix", "--zzzz")
    assert (
        code == 2
        and err.splitlines()[-1] == "Error: no such option '--zzzz': see 'provlint fix --help' for the options"
    )


def test_write_baseline_prints_one_line(tmp_path: Path) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text(ARTICLE)
    baseline = tmp_path / "baseline.json"
    code, out, err = run("check", "--select", "PL101", "--write-baseline", str(baseline), str(doc))
    assert (code, out) == (0, "")
    assert err == f"provlint: wrote 2 findings to baseline {baseline}\n"
    assert len(json.loads(baseline.read_text())["findings"]) == 2


def test_show_settings_names_the_file_and_the_one_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "provlint.toml").write_text('select = ["PL1"]\n[limits]\nmax-document-chars = 5000\n')
    (tmp_path / "pyproject.toml").write_text('[tool.provlint]\nselect = ["PL3"]\n')
    code, out, _ = run("check", "--show-settings", "--ignore", "PL105")
    assert code == 0
    lines = out.splitlines()
    assert lines[:8] == [
        f"# Settings from {tmp_path / 'provlint.toml'} (the nearest configuration file from {tmp_path} up)",
        f"# Not used: {tmp_path / 'pyproject.toml'} (provlint.toml takes precedence in the same folder)",
        "# Command-line options are applied on top.",
        "",
        'select = ["PL1"]',
        "extend-select = []",
        'ignore = ["PL105"]',
        'fail-on = "warning"',
    ]
    assert "max-document-chars = 5000" in lines
    _, out, _ = run("check", "--show-settings", "--isolated")
    assert out.splitlines()[0] == "# Settings: provlint's defaults (--isolated: configuration files are ignored)"


def test_scheduler_replaces_engine_which_stays_as_a_deprecated_alias(tmp_path: Path) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text(ARTICLE)
    code, out, err = run("check", "--engine", "local", "-j", "1", "-q", "--select", "PL101", str(doc))
    assert code == 1 and err == "provlint: warning: --engine is deprecated; use --scheduler processes\n"
    assert out.count("PL101") == 2
    code, _, err = run("check", "--scheduler", "nowhere", str(doc))
    assert code == 2
    assert "'nowhere': expected processes, dask or a Dask scheduler address such as tcp://10.0.0.5:8786" in err
    assert "--engine" not in run("check", "--help")[1]


EVAL_SAMPLE = Path(__file__).parent / "fixtures" / "eval"


def test_eval_takes_the_shared_selection_config_and_run_options(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``provlint eval`` reads labelled datasets, not paths: it has every shared option but the input ones,
    defined once (same help as ``check``), and they work as for ``check``."""
    command = cli.commands["eval"]
    params = {p.name for p in command.params}
    assert set(options.RUN_PARAMS) <= params
    assert set(options.INPUT_PARAMS) & params == set()
    helps = {p.name: p.help for p in command.params if isinstance(p, click.Option) and p.name in options.RUN_PARAMS}
    reference = {p.name: p.help for p in cli.commands["check"].params if isinstance(p, click.Option)}
    assert helps == {k: reference[k] for k in helps}

    base = ["eval", "--data", str(EVAL_SAMPLE), "--no-baselines", "--no-clean-text", "-d", "conll2010-wiki-sample"]

    def rows(out: str) -> list[str]:
        return [line.split(" | ")[1] for line in out.splitlines() if line.startswith("| conll2010-wiki-sample |")]

    code, out, err = run(*base, "-j", "1", "--select", "PL301,PL302", "-q")
    assert code == 0
    assert rows(out) == [
        "**provlint** (all PL3xx)",
        "PL3xx",
        "PL301 dangling-citation-marker",
        "PL302 placeholder-attribution",
    ]
    assert err == ""  # --quiet: no progress lines

    config = tmp_path / "provlint.toml"
    config.write_text('ignore = ["PL301"]\n')
    code, out, err = run(*base, "--jobs", "1", "--config", str(config), "--select", "PL301,PL302")
    assert code == 0
    assert rows(out)[2:] == ["PL302 placeholder-attribution"]
    assert err.splitlines()[0] == "scoring conll2010-wiki-sample.jsonl.gz ..."
    monkeypatch.chdir(tmp_path)  # the configuration is found as for check, and --isolated ignores it
    _, out, _ = run(*base, "-j", "1", "--select", "PL301,PL302")
    assert rows(out)[2:] == ["PL302 placeholder-attribution"]
    _, out, _ = run(*base, "-j", "1", "--isolated", "--select", "PL301,PL302")
    assert rows(out)[2:] == ["PL301 dangling-citation-marker", "PL302 placeholder-attribution"]

    code, out, err = run(*base, "-j", "1", "--select", "PL3O1")
    assert (code, out) == (2, "")
    assert err.startswith("provlint: error: ") and "PL3O1" in err
