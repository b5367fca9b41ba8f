"""The `planlint` command line."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from . import __version__

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class _Group(click.Group):
    """Usage errors exit 2 with one line; nothing ever ends in a traceback."""

    def main(self, *args, **kwargs):
        kwargs.setdefault("standalone_mode", True)
        try:
            return super().main(*args, **kwargs)
        except (KeyboardInterrupt, BrokenPipeError):
            sys.exit(EXIT_ERROR)
        except Exception as exc:  # a bug in planlint: one line, exit 2; PLANLINT_DEBUG=1 shows the traceback
            if os.environ.get("PLANLINT_DEBUG"):
                raise
            click.echo(f"planlint: internal error: {type(exc).__name__}: {one_line(str(exc))} "
                       "(set PLANLINT_DEBUG=1 for the traceback, and please report it)", err=True)
            sys.exit(EXIT_ERROR)


def _fail(message: str) -> None:
    click.echo(f"planlint: error: {one_line(message)}", err=True)
    sys.exit(EXIT_ERROR)


def one_line(message: str) -> str:
    """A message as one line of text: control characters (a newline in a file name) and
    undecodable bytes of a file name are written as escapes."""
    return "".join(c if c.isprintable() or c == "\t" else repr(c)[1:-1] for c in message)


def _escaped(report: str) -> str:
    """A report that can be written as UTF-8: bytes of a file name that were not UTF-8
    (read as surrogates) become backslash escapes."""
    return report.encode("utf-8", "backslashreplace").decode("utf-8")


def _split(values: tuple[str, ...]) -> list[str]:
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="planlint")
def main():
    """Lint sprint and project plans written in Markdown."""


def _registry():
    from .engine import RuleError, registry

    try:
        reg = registry()
    except RuleError as exc:
        _fail(str(exc))
    for problem in reg.errors:
        click.echo(f"planlint: warning: {problem}", err=True)
    return reg


def _load(config_path: str | None, select, ignore, extend_select, fail_on, today, config_from=None):
    from .config import ConfigError, check_date, check_selectors, config_at_revision, find_config, load_config

    reg = _registry()
    try:
        if config_from:
            config = config_at_revision(config_from, Path.cwd(), reg)
        else:
            config = load_config(Path(config_path) if config_path else find_config(Path.cwd()), reg)
        if select:
            check_selectors(_split(select), reg, "--select")
            config.cli_select = _split(select)
            if not config.cli_select:
                raise ConfigError("--select: no rule given, so no rule would run")
        if ignore:
            check_selectors(_split(ignore), reg, "--ignore")
            config.cli_ignore = _split(ignore)
        if extend_select:
            check_selectors(_split(extend_select), reg, "--extend-select")
            config.cli_extend_select = _split(extend_select)
        if fail_on:
            config.fail_on = fail_on
        if today:
            config.today = check_date(today, "--today")
    except ConfigError as exc:
        _fail(str(exc))
    return reg, config


_common = [
    click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Configuration file to use instead of the closest one."),
    click.option("--select", multiple=True, help="Rules to run (codes, names or prefixes; comma-separated)."),
    click.option("--ignore", multiple=True, help="Rules to skip."),
    click.option("--extend-select", multiple=True, help="Rules to run in addition to the selected ones."),
    click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), help="Lowest severity that makes the exit code 1."),
    click.option("--today", help="Reference date (YYYY-MM-DD) for rules that compare with today."),
    click.option("--config-from", help="Read the configuration (and policy) as it is at this git revision, "
                 "e.g. the pull request base, so a change cannot switch off its own gate."),
]


def _reporters() -> dict:
    from .reporters import problems, reporters

    found = reporters()
    while problems:
        click.echo(f"planlint: warning: {problems.pop(0)}", err=True)
    return found


class _Formats(click.Choice):
    """The output formats of the planlint.reporters entry points, read when first needed
    (not on every start of the command)."""

    def __init__(self):
        super().__init__(())

    @property
    def choices(self):
        return tuple(_reporters())

    @choices.setter
    def choices(self, value):
        pass


def _options(func):
    for option in reversed(_common):
        func = option(func)
    return func


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@_options
@click.option("--output-format", "--format", "output_format", default=None, type=_Formats(),
              help="Output format (default: text; github when GITHUB_ACTIONS=true). --format is the same.")
@click.option("--output-file", type=click.Path(dir_okay=False, writable=True), help="Write the report to a file.")
@click.option("--fix", is_flag=True, help="Rewrite what fixable rules found (mojibake), keeping everything else as it is.")
@click.option("--diff", "preview", is_flag=True, help="With --fix: print the changes as a unified diff and write "
              "nothing; exit 1 when there is something to fix.")
@click.option("--color/--no-color", "colour", default=None, help="Colour the text output (default: when a terminal; NO_COLOR honoured).")
@click.option("--against", help="Baseline git revision for the scope-creep rules (default in CI: the pull "
              "request base; in pre-commit: PRE_COMMIT_FROM_REF). REV:path reads a file that moved.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Processes to check files with (default: the cores).")
@click.option("--no-cache", is_flag=True, help="Do not read or write the result cache.")
@click.option("--baseline-file", type=click.Path(dir_okay=False), default=None,
              help="Known findings to leave out (default: .planlint-baseline.json at the project root, if there).")
@click.option("--no-baseline-file", is_flag=True, help="Report every finding, even those in the baseline file.")
@click.option("--statistics", is_flag=True, help="Print the number of findings per rule instead of the findings "
              "(as JSON with --output-format json).")
@click.option("--stdin-filename", help="The path of the plan read from standard input (`-`), for messages, "
              "per-file-ignores and relative links.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings (errors still exit 2).")
@click.option("--quiet", "-q", is_flag=True, help="Print the findings and nothing else: no summary, no notes.")
def check(paths, config_path, select, ignore, extend_select, fail_on, today, config_from, output_format, output_file,
          fix, preview, colour, against, jobs, no_cache, baseline_file, no_baseline_file, statistics, stdin_filename,
          exit_zero, quiet):
    """Check plan documents (files, or directories of Markdown files; `-` reads standard input)."""
    from .findings import severity_rank

    stdin = None
    if "-" in paths or (stdin_filename and not paths):
        if len(paths) > 1:
            _fail("`-` (standard input) cannot be given with other paths")
        if fix and not preview:
            _fail("--fix cannot rewrite standard input; --fix --diff shows the change")
        if against:
            _fail("--against: the scope rules read a file's git history, not standard input")
        stdin = (stdin_filename or "-", click.get_binary_stream("stdin").read())
    _check_against(against)
    reg, config = _load(config_path, select, ignore, extend_select, fail_on, today, config_from)
    results, errors = _collect(paths, config, reg, against, "diff" if preview else fix, jobs, no_cache, stdin)
    if preview:  # like `ruff check --fix --diff`: the change, not the findings
        errors += [r.error for r in results if r.error]
        for message in errors:
            click.echo(f"planlint: error: {message}", err=True)
        click.echo("".join(r.diff for r in results), nl=False)
        lines, files = sum(r.fixed for r in results), sum(1 for r in results if r.fixed)
        if not quiet:
            click.echo(f"Would fix {lines} line{'s' if lines != 1 else ''} in {files} file{'s' if files != 1 else ''}."
                       if lines else "Nothing to fix.", err=True)
        sys.exit(EXIT_ERROR if errors else EXIT_FINDINGS if lines and not exit_zero else EXIT_CLEAN)
    known = None if no_baseline_file else _known_findings(baseline_file, config)
    hidden = None  # (count, baseline file)
    if known is not None:
        from . import baseline

        path, entries = known
        before = sum(len(r.findings) for r in results)
        gone = baseline.apply(results, entries, config.root)
        hidden = (before - sum(len(r.findings) for r in results), str(path))
        for document, rule, key in [] if quiet else gone:
            click.echo(f"planlint: {path}: {document}: {rule} no longer occurs ({key}); "
                       "run `planlint baseline` to shrink the file", err=True)
    errors += [r.error for r in results if r.error]
    for message in errors:
        click.echo(f"planlint: error: {one_line(message)}", err=True)

    output_format = output_format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    if colour is None:
        colour = output_file is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    if statistics:
        from .reporters import statistics as per_rule
        from .reporters import text

        report = _escaped(json.dumps({"version": 1, "statistics": per_rule(results)}, indent=2) + "\n"
                  if output_format == "json" else text(results, colour=colour, statistics_only=True, hidden=hidden))
    else:
        report = _escaped(_reporters()[output_format](results, colour=colour, hidden=hidden, quiet=quiet))
    if output_file:
        try:
            Path(output_file).write_text(report, encoding="utf-8")
        except OSError as exc:
            _fail(f"{output_file}: cannot write the report ({exc.strerror})")
    else:
        click.echo(report, nl=False, color=colour)  # click drops colour codes on a pipe unless told
    fixed = sum(r.fixed for r in results)
    if fixed and not quiet:
        click.echo(f"Fixed {fixed} line{'s' if fixed != 1 else ''}.", err=True)
    if errors:
        sys.exit(EXIT_ERROR)
    threshold = severity_rank(config.fail_on)
    failing = any(severity_rank(f.severity) >= threshold for r in results for f in r.findings)
    sys.exit(EXIT_FINDINGS if failing and not exit_zero else EXIT_CLEAN)


def _collect(paths, config, reg, against, fix=False, jobs=None, no_cache=False, stdin=None):
    """Check the files named or below the directories named, or the document on
    standard input (`stdin`: its path and bytes; the history rules need a file's
    history and do not run on it): (results, errors)."""
    from .check import check_file, check_files, discover

    if stdin is not None:
        rules = [r for r in config.selected(reg) if not r.needs_history]
        return [check_file(stdin[0], rules, config, reg, fix=fix, today=config.today, data=stdin[1])], []
    files, errors, skipped = discover(list(paths) or ["."], config.exclude, config.root)
    for message in skipped:
        click.echo(f"planlint: warning: {one_line(message)}", err=True)
    if against is None:
        from .history import default_baseline

        against = default_baseline()
    rules = config.selected(reg, history=bool(against))
    if any(r.needs_history for r in rules):
        from .check import FileResult, internal_error
        from .history import GitError
        from .scope import compare
        from .source import PlanReadError

        if files and against:  # a revision that does not exist is an error of the run, not of one file
            from .history import PlanHistory

            try:
                history = PlanHistory(files[0])
            except GitError:
                history = None  # reported for that file below
            try:
                if history is not None:
                    history.resolve(against.split(":", 1)[0])
            except GitError as exc:
                _fail(str(exc))
        results = []
        for f in files:
            try:
                baseline = compare(f, against, config.today)
            except (GitError, PlanReadError) as exc:
                results.append(FileResult(f, error=str(exc)))
                continue
            except Exception as exc:  # one file's bad history must not stop the others
                if os.environ.get("PLANLINT_DEBUG"):
                    raise
                results.append(FileResult(f, error=internal_error(f, exc)))
                continue
            results.append(check_file(f, rules, config, reg, fix=fix, today=config.today, baseline=baseline))
    else:
        results = check_files(files, rules, config, reg, fix=fix, jobs=jobs or os.cpu_count() or 1, cache=not no_cache)
    return results, errors


def _check_against(against) -> None:
    if against is not None and not against.strip():
        _fail("--against: the revision is empty (leave the option out for the default baseline)")


def _known_findings(explicit, config):
    from . import baseline

    path = Path(explicit) if explicit else config.baseline or config.root / baseline.DEFAULT
    if not explicit and not config.baseline and not path.is_file():
        return None
    try:
        return path, baseline.load(path)
    except ValueError as exc:
        _fail(str(exc))


@main.command(name="baseline")
@click.argument("paths", nargs=-1, type=click.Path())
@_options
@click.option("--output", type=click.Path(dir_okay=False), default=None,
              help="Where to write it (default: .planlint-baseline.json at the project root).")
def write_baseline(paths, config_path, select, ignore, extend_select, fail_on, today, config_from, output):
    """Record the current findings, so that `check` reports only new ones."""
    from . import baseline

    reg, config = _load(config_path, select, ignore, extend_select, fail_on, today, config_from)
    results, errors = _collect(paths, config, reg, None)
    errors += [r.error for r in results if r.error]
    for message in errors:
        click.echo(f"planlint: error: {one_line(message)}", err=True)
    if errors:
        sys.exit(EXIT_ERROR)
    target = Path(output) if output else config.baseline or config.root / baseline.DEFAULT
    count = baseline.write(target, results, config.root)
    click.echo(f"Wrote {count} finding{'s' if count != 1 else ''} of {len(results)} files to {target}")


def _scope_baseline(path, against, today):
    from .history import GitError
    from .scope import compare
    from .source import PlanReadError

    try:
        return compare(path, against, today)
    except (GitError, PlanReadError) as exc:
        _fail(str(exc))


@main.command()
@click.argument("path", type=click.Path())
@click.option("--against", help="Baseline git revision (REV or REV:path). Without it, each started sprint is "
              "compared with the last revision before it started.")
@click.option("--format", "output_format", type=click.Choice(["text", "json", "markdown"]), default="text")
@click.option("--today", help="Reference date (YYYY-MM-DD) for deciding which sprints have started.")
def diff(path, against, output_format, today):
    """Show how a plan's scope changed against a git revision."""
    from .config import ConfigError, check_date
    from .scope import FORMATS

    _check_against(against)
    if against is None:
        from .history import default_baseline

        against = default_baseline()
    try:
        day = check_date(today, "--today") if today else None
    except ConfigError as exc:
        _fail(str(exc))
    click.echo(_escaped(FORMATS[output_format](_scope_baseline(path, against, day))), nl=False)


@main.command()
@click.argument("path", type=click.Path())
@click.option("--output", type=click.Path(dir_okay=False), help="Also write the scope chart to an .svg or .html file.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text")
def history(path, output, output_format):
    """One row per revision of a plan: items, estimate, open vs done, sprints touched."""
    from .history import GitError
    from .timeline import CHART_SUFFIXES, render_json, render_text, timeline, write_chart

    if output and Path(output).suffix.lower() not in CHART_SUFFIXES:
        _fail(f"{output}: planlint writes the chart as .svg or .html, not {Path(output).suffix or 'a file without an extension'}"
              " (convert the SVG for a PNG)")
    try:
        rows = timeline(path, progress=sys.stderr.isatty())
    except GitError as exc:
        _fail(str(exc))
    click.echo(_escaped(render_json(rows) if output_format == "json" else render_text(rows)), nl=False)
    if output:
        try:
            write_chart(rows, Path(output), path)
        except OSError as exc:
            _fail(f"{output}: cannot write the chart ({exc.strerror})")
        click.echo(f"Wrote {output}", err=True)


@main.command()
@click.argument("path", type=click.Path())
@click.option("--compact", is_flag=True, help="One line of JSON.")
@click.option("--summary", is_flag=True, help="What planlint understood, in a few lines: iterations, estimates, "
              "what the checks work on, and the tables with numbers it read nothing from.")
@click.option("--languages", help="Read the document in these languages (comma-separated codes, main first) "
              "instead of the configured or detected ones.")
def parse(path, compact, summary, languages):
    """Print the plan model of a document as JSON (see `planlint schema`), or --summary."""
    from .config import ConfigError, check_languages
    from .parser import parse_plan
    from .source import PlanReadError, read_source

    _, config = _load(None, None, None, None, None, None)
    try:
        chosen = check_languages(_split((languages,)), "--languages") if languages else config.languages
    except ConfigError as exc:
        _fail(str(exc))
    try:
        plan = parse_plan(read_source(path), chosen)
    except PlanReadError as exc:
        _fail(str(exc))
    if summary:
        from .coverage import summary as describe

        click.echo(_escaped(describe(plan)), nl=False)
        return
    click.echo(_escaped(json.dumps(plan.to_dict(), indent=None if compact else 2, ensure_ascii=False)))


@main.command()
@click.option("--policy", is_flag=True, help="Print the default structure policy instead of the model schema.")
def schema(policy):
    """Print the JSON schema of the plan model that `planlint parse` emits."""
    from planlint.schemas import load

    click.echo(json.dumps(load("policy.schema.json" if policy else "plan.schema.json"), indent=2, ensure_ascii=False))


@main.command(name="rules")
@click.option("--format", "output_format", type=click.Choice(["text", "markdown"]), default="text",
              help="markdown: every rule's full documentation (docs/rules.md is this output).")
def list_rules(output_format):
    """List every rule: code, name, default severity, what it checks."""
    reg = _registry()
    if output_format == "markdown":
        click.echo(rules_markdown(reg.rules.values()), nl=False)
        return
    width = max((len(r.name) for r in reg.rules.values()), default=10)
    levels = max((len(r.severities) for r in reg.rules.values()), default=7)
    for r in reg.rules.values():
        flags = (" (fix)" if r.fix else "") + (" (history)" if r.needs_history else "")
        click.echo(f"{r.code}  {r.name:<{width}}  {r.severities:<{levels}}  {r.summary}{flags}")


def rules_markdown(rules) -> str:
    out = ["# Rules", "", "Generated by `planlint rules --format markdown`; do not edit by hand.", "",
           "| Code | Name | Severity | Summary |", "|---|---|---|---|"]
    out += [f"| [{r.code}](#{r.anchor}) | {r.name} | {r.severities} | {r.summary} |" for r in rules]
    for r in rules:
        notes = (" Fixable with `--fix`." if r.fix else "") + (" Runs when a baseline revision is given." if r.needs_history else "")
        milder = f"; its milder findings (see What it does): {', '.join(r.lower)}" if r.lower else ""
        out += ["", f"## {r.code} {r.name}", "", r.summary, "", f"Severity: {r.severity}{milder}.{notes}"]
        for heading, text in r.sections().items():
            out += ["", f"### {heading}", ""]
            out += ["```markdown", text, "```"] if heading in ("Example", "Use instead") else [text]
        if r.options:
            out += ["", "Defaults: " + ", ".join(f"`{k} = {json.dumps(v)}`" for k, v in r.options.items())]
    return "\n".join(out) + "\n"


@main.command(name="rule")
@click.argument("name")
def show_rule(name):
    """Print a rule's documentation (by code or name)."""
    from .config import rule_hint

    reg = _registry()
    r = reg.lookup(name)
    if r is None:
        _fail(f"unknown rule {name!r} ({rule_hint(name, reg)})")
    click.echo(f"{r.code} {r.name} ({r.severities})\n")
    click.echo(r.doc)
    if r.options:
        click.echo("\nDefaults: " + ", ".join(f"{k} = {json.dumps(v)}" for k, v in r.options.items()))


if __name__ == "__main__":
    main()
