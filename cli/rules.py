"""`egov-audit rules list|validate|explain`: read the rule set without running an audit."""

from __future__ import annotations

from pathlib import Path

import click
from rich.table import Table

from egov_audit.audits.checks import CHECKS
from egov_audit.audits.rulebook import DEFAULT_PROFILE, load_rules
from egov_audit.audits.vocabulary import vocabulary
from egov_audit.cli.plurals import counted
from egov_audit.cli.terminal import current_terminal, plain
from egov_audit.reports.references import reference_text
from egov_audit.run.preflight import InputError

_PROFILE = click.option("--profile", default=DEFAULT_PROFILE, show_default=True, help="Rule profile.")
_RULES = click.option(
    "--rules",
    "rule_paths",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Your own rule file or folder (repeatable).",
)


@click.group("rules")
def rules_group() -> None:
    """List, validate and explain rules."""


@rules_group.command("list")
@_PROFILE
@_RULES
def list_command(profile: str, rule_paths: tuple[Path, ...]) -> None:
    """A table of the rules of a profile (and your files)."""
    terminal = current_terminal()
    rules = load_rules(profile, list(rule_paths))
    table = Table(title=f"Rules of profile {profile}: {len(rules.rules)}", title_justify="left")
    for column in ("id", "pillar", "check", "scope", "weight", "review", "from"):
        table.add_column(column, justify="right" if column == "weight" else "left")
    for rule in rules.rules:
        table.add_row(
            rule.id,
            rule.spec.pillar,
            rule.spec.check,
            rule.spec.scope,
            f"{rule.spec.weight:g}",
            "yes" if rule.spec.review else "",
            plain(rule.source),
        )
    terminal.out.print(table)
    for override in rules.overrides:
        terminal.note(f"{override.rule_id}: {override.by} replaces {override.replaced}")


@rules_group.command("validate")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@_PROFILE
def validate_command(paths: tuple[Path, ...], profile: str) -> None:
    """Check rule files (or folders of them) with the profile they will join; exit 0 when valid, 2 when not."""
    rules = load_rules(profile, list(paths))
    # Counted by origin, not by label: a user's file may well be called rules/mine.yaml.
    added = sum(1 for rule in rules.rules if rule.user)
    click.echo(
        f"valid: {counted(added, '%(n)d rule', '%(n)d rules')} in "
        f"{counted(len(rules.user_files), '%(n)d file', '%(n)d files')} "
        f"(with the {counted(len(rules.rules) - added, '%(n)d rule', '%(n)d rules')} of profile {profile})"
    )


@rules_group.command("explain")
@click.argument("rule_id")
@_PROFILE
@_RULES
def explain_command(rule_id: str, profile: str, rule_paths: tuple[Path, ...]) -> None:
    """What a rule checks, with which check and parameters, and where it comes from."""
    terminal = current_terminal()
    rules = load_rules(profile, list(rule_paths))
    rule = rules.by_id(rule_id)
    if rule is None:
        raise InputError(f"no rule '{rule_id}' in profile {profile} (see: egov-audit rules list --profile {profile})")
    spec = rule.spec
    lines = [
        f"{spec.id}: {spec.title}",
        "",
        spec.help,
        "",
        f"pillar:  {spec.pillar}",
        f"check:   {spec.check} ({CHECKS[spec.check].level} check)",
        f"         {CHECKS[spec.check].doc.splitlines()[0]}",
        f"scope:   {spec.scope}" + (f", pages {spec.pages.model_dump(exclude_none=True)}" if spec.pages else ""),
        f"weight:  {spec.weight:g}" + (" (needs a human's review: weighs 0 until confirmed)" if spec.review else ""),
        f"defined: {rule.source}:{rule.line}",
        "params:",
        *(f"  {name}: {value}" for name, value in rule.params.model_dump().items()),
        "refs:",
        *(f"  {reference_text(ref.source, ref.item)}" for ref in spec.refs),
    ]
    for concept in _concepts_of(rule.params.model_dump()):
        lines.append(f"phrases of the concept {concept} (rules/vocabularies/):")
        for code in vocabulary().languages:
            lines.append(f"  {code}: {', '.join(vocabulary().phrases(concept, [code]))}")
    terminal.out.print(plain("\n".join(lines)))


def _concepts_of(params: object) -> list[str]:
    """The vocabulary concepts a rule's parameters name, nested ones (a tracker rule's privacy link) too."""
    if isinstance(params, dict):
        found = [params["concept"]] if isinstance(params.get("concept"), str) else []
        return found + [c for value in params.values() for c in _concepts_of(value)]
    return []
