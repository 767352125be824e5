"""The config file of scheduled audits: the portals an NGO watches and how to audit them.

YAML, validated whole before anything runs: every error at once, one line each naming the file,
the line and the field (`ngo.yaml:14: portals[1].schedule: not a cron expression ...`), the
profiles, rule files and store driver it names included. Paths in it (extra rule files, the
archive folder, a SQLite store) are relative to the file itself, so a config can move with its
folder. See config.example.yaml for every field.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from egov_audit import PROJECT_URL
from egov_audit.audits.file_errors import FileError, FileErrors, closest, field_path, plain_errors
from egov_audit.audits.rulebook import DEFAULT_PROFILE
from egov_audit.audits.yaml_files import line_of, printable, read_yaml_file, strip_lines
from egov_audit.crawler.config import CRAWL_DEFAULTS, CrawlConfig, default_user_agent
from egov_audit.render.settings import RENDER_DEFAULTS
from egov_audit.reports.i18n import DEFAULT_TITLE
from egov_audit.run.preflight import InputError, contact_problem, normalise_start_url
from egov_audit.store.trend_terms import REGRESSION_POINTS

LANGS = ("en", "ru", "kk")


class ConfigError(FileError):
    """The config file is unreadable or invalid; the message says where and why, a line per error."""


def cron_fields(expression: str) -> dict[str, str]:
    """`m h dom mon dow` (cron) or `s m h dom mon dow` (with seconds) as APScheduler's fields."""
    parts = expression.split()
    names = ["minute", "hour", "day", "month", "day_of_week"]
    if len(parts) == 6:
        names = ["second", *names]
    elif len(parts) != 5:
        raise ValueError(f"{expression!r}: give 5 fields (m h dom mon dow) or 6 (seconds first)")
    return dict(zip(names, parts, strict=True))


def _check_cron(expression: str | None) -> str | None:
    if expression is None:
        return None
    from apscheduler.triggers.cron import CronTrigger

    try:
        CronTrigger(**cron_fields(expression), timezone="UTC")
    except ValueError as exc:
        raise ValueError(f"not a cron expression: {exc}") from None
    return expression


def _no_nul(value: str) -> str:
    """File names and URLs cannot hold a NUL character (the OS refuses them later, less clearly)."""
    if "\x00" in value:
        raise ValueError("contains a NUL character")
    return value


Discovery = Literal["auto", "http", "browser"]


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    store: str = "sqlite:///egov-audit.sqlite"
    archive: str = "archive"
    report_lang: Literal["en", "ru", "kk"] = "en"
    archive_title: str = Field(DEFAULT_TITLE, min_length=1)  # the default is worded in report_lang
    concurrency: int = Field(2, ge=1, le=32)  # portals audited at once, each in its own process
    render_concurrency: int = Field(1, ge=1, le=8)  # pages each portal renders at once
    per_host_connections: int = Field(4, ge=1, le=16)
    max_crawl_delay: float = Field(CRAWL_DEFAULTS.max_crawl_delay, ge=0)  # longest robots.txt Crawl-delay honoured
    discovery: Discovery = CRAWL_DEFAULTS.discovery  # auto, http or browser (docs/discovery.md); portals may say
    contact: str = PROJECT_URL
    schedule: str | None = None  # the default schedule of portals that name none
    timezone: str = "UTC"
    jitter: int = Field(300, ge=0)  # seconds of random delay, so portals of one host are not hit together
    misfire_grace: int = Field(6 * 3600, ge=1)  # a run missed by less than this still happens on start
    stop_grace: int = Field(300, ge=0)  # seconds running audits get to finish after SIGTERM
    regression_points: float = Field(REGRESSION_POINTS, ge=0)
    portal_timeout: float | None = Field(
        None, gt=0
    )  # seconds before a portal's process is ended; default 3 × its time budget + 600
    base_url: str | None = None  # the archive's public address: the feed's links and ids become absolute
    # Off by default: a byte order mark helps Excel on Windows and trips scripts that read the CSV as
    # plain UTF-8 (a first column named "\ufeffrun_id"); published files keep the bytes they had.
    csv_bom: bool = False

    _paths = field_validator("archive")(classmethod(lambda cls, value: _no_nul(value)))

    @field_validator("store")
    @classmethod
    def _store_url(cls, value: str) -> str:
        _no_nul(value)
        try:
            url = make_url(value)
        except (ArgumentError, ValueError) as exc:
            raise ValueError(f"is not a database URL: {exc}") from None
        if problem := _store_driver_problem(url):
            raise ValueError(f"'{printable(url.render_as_string(hide_password=True), 200)}': {problem}")
        return value

    @field_validator("contact")
    @classmethod
    def _contact(cls, value: str) -> str:
        if urlsplit(value).scheme not in ("http", "https", "mailto"):
            raise ValueError("must be an http(s) or mailto: URL operators can reach you at")
        if problem := contact_problem(value):
            raise ValueError(problem)
        return value

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{value!r} is not a time zone name (e.g. Asia/Almaty, Europe/Tallinn)") from None
        return value

    _cron = field_validator("schedule")(classmethod(lambda cls, value: _check_cron(value)))

    @field_validator("base_url")
    @classmethod
    def _base_url(cls, value: str | None) -> str | None:
        from egov_audit.reports.feed import feed_base

        return None if value is None else feed_base(value)


SUPPORTED_STORES = "egov-audit supports sqlite and postgresql+psycopg"


def _store_driver_problem(url: URL) -> str | None:
    """Why the store's database driver cannot be loaded, if it cannot. Importing the dialect and its
    driver connects to nothing: a store unreachable from where the config is validated is no error."""
    try:
        dialect = url.get_dialect()
    except ArgumentError:  # no dialect of that name
        return f"no database called {printable(url.get_backend_name())} is known ({SUPPORTED_STORES})"
    if getattr(dialect, "is_async", False):
        return f"{dialect.driver} is an asyncio driver, which the store cannot use ({SUPPORTED_STORES})"
    try:
        dialect.import_dbapi()
    except ImportError as exc:
        missing = f"{exc.name} " if exc.name else ""
        return (
            f"no database driver for {printable(url.get_backend_name())} is installed "
            f"({missing}is missing; {SUPPORTED_STORES})"
        )
    return None


class PortalEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, max_length=200, description="the portal's name, unique in the file")
    url: str = Field(description="the portal's start URL, http:// or https://")
    country: str | None = None
    profile: str = DEFAULT_PROFILE
    rules: list[str] = Field(default_factory=list)
    max_pages: int = Field(CRAWL_DEFAULTS.max_pages, ge=1)
    max_depth: int = Field(CRAWL_DEFAULTS.max_depth, ge=0)
    time_budget: float = Field(CRAWL_DEFAULTS.time_budget, gt=0)
    render: int | Literal["all"] = "all" if RENDER_DEFAULTS.sample is None else RENDER_DEFAULTS.sample
    schedule: str | None = None
    allow_hosts: list[str] = Field(default_factory=list)
    allow_private: bool = False
    lang_hint: list[str] = Field(default_factory=list)  # read pages in these languages (default: their own)
    discovery: Discovery | None = None  # None: the settings' discovery
    tags: dict[str, str] = Field(default_factory=dict)

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("must be an http:// or https:// URL with a host")
        try:
            normalise_start_url(value)  # what `check` refuses, a config refuses too
        except InputError as exc:
            raise ValueError(str(exc)) from None
        if "@" in parts.netloc:  # as `check` does, credentials are dropped: runs keep and publish their URL
            return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))
        return value

    @field_validator("rules")
    @classmethod
    def _rule_paths(cls, value: list[str]) -> list[str]:
        for path in value:
            _no_nul(path)
        return value

    @field_validator("country")
    @classmethod
    def _country(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"[A-Z]{2}", value):
            raise ValueError("must be a two-letter ISO 3166 code in capitals, e.g. KZ, EE")
        return value

    @field_validator("render", mode="before")
    @classmethod
    def _render(cls, value: object) -> object:
        # Before pydantic's own checks: one message for the field, not one per alternative of its type.
        if value == "all" or (isinstance(value, int) and not isinstance(value, bool) and value >= 0):
            return value
        shown = f"'{printable(value)}'" if isinstance(value, str) else printable(value)
        near = " (did you mean 'all'?)" if isinstance(value, str) and closest(value.lower(), ["all"]) else ""
        raise ValueError(f"must be a number of pages (0 for none) or 'all', got {shown}{near}")

    _cron = field_validator("schedule")(classmethod(lambda cls, value: _check_cron(value)))


class ConfigModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    settings: Settings = Field(default_factory=Settings)
    portals: list[PortalEntry] = Field(min_length=1, description="the portals to audit, each a name and a url")


@dataclass(frozen=True)
class AuditConfig:
    path: Path  # resolved: what the daemon and the portals' processes open, wherever they run
    settings: Settings
    portals: tuple[PortalEntry, ...]
    label: str = ""  # the file as given on the command line, which messages name

    def resolve(self, value: str) -> Path:
        return (self.path.parent / value).resolve()

    @property
    def store_url(self) -> str:
        """The store URL; a relative SQLite path is taken relative to the config file."""
        url = make_url(self.settings.store)
        relative = url.database and url.database != ":memory:" and not Path(url.database).is_absolute()
        if url.get_backend_name() == "sqlite" and relative:
            return url.set(database=str(self.resolve(url.database))).render_as_string(hide_password=False)
        return self.settings.store

    @property
    def archive_dir(self) -> Path:
        return self.resolve(self.settings.archive)

    def portal(self, name: str) -> PortalEntry:
        for portal in self.portals:
            if portal.name == name:
                return portal
        near = closest(name, [p.name for p in self.portals])
        hint = (
            f"did you mean '{printable(near)}'?"
            if near
            else f"portals: {', '.join(printable(p.name) for p in self.portals)}"
        )
        raise ConfigError(f"{self.label or self.path}: no portal named '{printable(name)}' ({hint})")

    def schedule_of(self, portal: PortalEntry) -> str | None:
        return portal.schedule or self.settings.schedule

    def crawl_config(self, portal: PortalEntry) -> CrawlConfig:
        return CrawlConfig(
            start_url=portal.url,
            max_pages=portal.max_pages,
            max_depth=portal.max_depth,
            time_budget=portal.time_budget,
            extra_hosts=frozenset(portal.allow_hosts),
            allow_private=portal.allow_private,
            user_agent=default_user_agent(self.settings.contact),
            concurrency_per_host=self.settings.per_host_connections,
            max_crawl_delay=self.settings.max_crawl_delay,
            discovery=portal.discovery or self.settings.discovery,
        )

    def rule_paths(self, portal: PortalEntry) -> list[Path]:
        return [self.resolve(path) for path in portal.rules]


def load_config(path: Path) -> AuditConfig:
    """The config at `path`, or a `ConfigError` listing every error in it, a line each."""
    label = printable(path, 4096)  # a file name with a newline or an escape sequence in it stays one inert line
    document = read_yaml_file(path, label, ConfigError)
    if not isinstance(document, dict):
        raise ConfigError(f"{label}: must be a mapping with 'portals' (and optionally 'settings')")
    problems = FileErrors()
    model = None
    try:
        model = ConfigModel.model_validate(strip_lines(document))
    except ValidationError as exc:
        for location, message in plain_errors(exc, document, ConfigModel):
            problems.add(label, line_of(document, location), field_path(location) or "the file", message)
    portals = document.get("portals")
    if isinstance(portals, list):
        _check_names(portals, document, label, problems)
        _check_references(portals, document, path, problems)
    problems.raise_if_any(ConfigError)
    assert model is not None  # no problem, so pydantic accepted it
    return AuditConfig(path.resolve(), model.settings, tuple(model.portals), label)


def _check_names(portals: list[Any], document: dict[Any, Any], label: str, problems: FileErrors) -> None:
    """Portal names are unique: `run --portal NAME`, the store and the archive know a portal by it."""
    first: dict[str, int] = {}
    for index, entry in enumerate(portals):
        name = entry.get("name") if isinstance(entry, dict) else None
        if not isinstance(name, str):
            continue
        if name in first:
            line = line_of(document, ("portals", first[name], "name"))
            problems.add(
                label,
                line_of(document, ("portals", index, "name")),
                f"portals[{index}].name",
                f"'{printable(name)}' is the name of portals[{first[name]}] too (line {line}): names must be unique",
            )
        else:
            first[name] = index


def _check_references(portals: list[Any], document: dict[Any, Any], path: Path, problems: FileErrors) -> None:
    """Profiles, languages and rule files exist and are valid: found now, not at 3 a.m. when the
    portal's turn comes. Read from the document, so they are checked even beside other errors."""
    from egov_audit.audits.rule_schema import RuleFileError
    from egov_audit.audits.rulebook import load_rules

    label = printable(path, 4096)
    reported: set[str] = set()  # a rule file's error, once however many portals name the file
    for index, entry in enumerate(portals):
        if not isinstance(entry, dict):
            continue

        def add(location: tuple[Any, ...], message: str, index: int = index) -> None:
            at = ("portals", index, *location)
            problems.add(label, line_of(document, at), field_path(at), message)

        profile = _known_profile(entry, add)
        hint = _covered_languages(entry, add)
        rule_paths = _rule_files(entry, path, add)
        if profile is None:
            continue  # the rule files join a profile: which, the user will say
        try:
            load_rules(profile, rule_paths, hint)
        except OSError as exc:  # a file that cannot be read
            name = printable(exc.filename, 200) if exc.filename else "a rule file"
            add(("rules",), f"{name}: {exc.strerror or exc}")
        except RuleFileError as exc:
            for line in exc.lines:
                if line not in reported:
                    reported.add(line)
                    add(("rules",) if rule_paths else ("profile",), line)


Report = Callable[[tuple[Any, ...], str], None]


def _known_profile(entry: dict[Any, Any], add: Report) -> str | None:
    """The portal's profile, if it is one (None also when pydantic names it as no text)."""
    from egov_audit.audits.rulebook import profile_names

    profile = entry.get("profile", DEFAULT_PROFILE)
    if not isinstance(profile, str):
        return None
    if profile not in profile_names():
        near = closest(profile, profile_names())
        hint = f"did you mean {near}?" if near else f"profiles: {', '.join(profile_names())}"
        add(("profile",), f"'{printable(profile)}' is not a profile ({hint})")
        return None
    return profile


def _covered_languages(entry: dict[Any, Any], add: Report) -> list[str]:
    """The portal's lang_hint, when a vocabulary covers each of its languages (else none)."""
    from egov_audit.audits.vocabulary import vocabulary

    hint = entry.get("lang_hint", [])
    if not isinstance(hint, list) or not all(isinstance(code, str) for code in hint):
        return []  # pydantic names it
    unknown = [printable(code) for code in hint if not vocabulary().covers(code)]
    if unknown:
        covered = ", ".join(vocabulary().languages)
        add(("lang_hint",), f"no vocabulary for {', '.join(unknown)} (covered: {covered})")
        return []
    return hint


def _rule_files(entry: dict[Any, Any], path: Path, add: Report) -> list[Path]:
    """The portal's rule files that exist. Each is named as the config's path joined to the path
    written in it (`conf/ngo.yaml` naming `my.yaml`: `conf/my.yaml`), which opens from where the
    command ran, as the config's own name does: no message mixes absolute and relative paths."""
    files = entry.get("rules", [])
    found: list[Path] = []
    for number, value in enumerate(files if isinstance(files, list) else []):
        if not isinstance(value, str) or "\x00" in value:
            continue  # pydantic names it
        shown = path.parent / value
        try:
            if shown.exists():
                found.append(shown)
            else:
                add(("rules", number), f"{printable(shown, 200)} does not exist")
        except OSError as exc:  # a name too long, a loop of links
            add(("rules", number), f"{printable(shown, 200)}: {exc.strerror or exc}")
    return found
