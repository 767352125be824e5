"""The config file of scheduled audits: the portals an NGO watches and how to audit them.

YAML, validated whole before anything runs; an error names the file, the line and the field
(`ngo.yaml:14: portals[1].schedule: not a cron expression ...`). Paths in it (extra rule files,
the archive folder, a SQLite store) are relative to the file itself, so a config can move with
its folder. See config.example.yaml for every field.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from egov_audit import PROJECT_URL
from egov_audit.audits.rulebook import DEFAULT_PROFILE
from egov_audit.audits.yaml_files import line_of, printable, read_yaml_file, strip_lines
from egov_audit.crawler.config import CRAWL_DEFAULTS, CrawlConfig, default_user_agent
from egov_audit.render.settings import RENDER_DEFAULTS
from egov_audit.run.preflight import InputError, contact_problem, normalise_start_url
from egov_audit.store.trend_terms import REGRESSION_POINTS

LANGS = ("en", "ru", "kk")


class ConfigError(Exception):
    """The config file is unreadable or invalid; the message says where and why."""


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
    archive_title: str = Field("Portal audits", min_length=1)
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

    _paths = field_validator("archive")(classmethod(lambda cls, value: _no_nul(value)))

    @field_validator("store")
    @classmethod
    def _store_url(cls, value: str) -> str:
        _no_nul(value)
        try:
            make_url(value)
        except (ArgumentError, ValueError) as exc:
            raise ValueError(f"is not a database URL: {exc}") from None
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


class PortalEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, max_length=200)
    url: str
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

    @field_validator("render")
    @classmethod
    def _render(cls, value: int | str) -> int | str:
        if isinstance(value, int) and value < 0:
            raise ValueError("must be a number of pages (0 for none) or 'all'")
        return value

    _cron = field_validator("schedule")(classmethod(lambda cls, value: _check_cron(value)))


class ConfigModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    settings: Settings = Field(default_factory=Settings)
    portals: list[PortalEntry] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_names(self) -> ConfigModel:
        seen: set[str] = set()
        for portal in self.portals:
            if portal.name in seen:
                raise ValueError(f"two portals are named {portal.name!r}: names must be unique")
            seen.add(portal.name)
        return self


@dataclass(frozen=True)
class AuditConfig:
    path: Path
    settings: Settings
    portals: tuple[PortalEntry, ...]

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
        names = ", ".join(printable(p.name) for p in self.portals)
        raise ConfigError(f"{self.path}: no portal named '{printable(name)}' (portals: {names})")

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


def _field(location: tuple[Any, ...]) -> str:
    text = ""
    for part in location:
        name = printable(part)
        text += f"[{part}]" if isinstance(part, int) else (f".{name}" if text else name)
    return text or "the file"


def _model_at(location: tuple[Any, ...]) -> type[BaseModel]:
    """The model whose fields a location's last key belongs to."""
    if location[:1] == ("settings",):
        return Settings
    if location[:1] == ("portals",):
        return PortalEntry
    return ConfigModel


def load_config(path: Path) -> AuditConfig:
    label = printable(path, 4096)  # a file name with a newline or an escape sequence in it stays one inert line
    document = read_yaml_file(path, label, ConfigError)
    if not isinstance(document, dict):
        raise ConfigError(f"{label}: must be a mapping with 'portals' (and optionally 'settings')")
    try:
        model = ConfigModel.model_validate(strip_lines(document))
    except ValidationError as exc:
        first = exc.errors()[0]
        location = tuple(part for part in first["loc"] if part not in ("function-after[_unique_names(), ConfigModel]",))
        # Unions report each alternative; the field is what the user wrote, not the alternative.
        location = tuple(p for p in location if not (isinstance(p, str) and ("[" in p or p in ("int", "str"))))
        line = line_of(document, location)
        where = f"{label}:{line}" if line else label
        message = first["msg"].removeprefix("Value error, ")
        if first["type"] == "extra_forbidden" and location:
            model = _model_at(location[:-1])
            known = sorted(model.model_fields)
            close = difflib.get_close_matches(str(location[-1]), known, n=1)
            hint = f"did you mean {close[0]}?" if close else f"known: {', '.join(known)}"
            message = f"is not a field here ({hint})"
        raise ConfigError(f"{where}: {_field(location)}: {message}") from None
    config = AuditConfig(path.resolve(), model.settings, tuple(model.portals))
    _check_references(config)
    return config


def _check_references(config: AuditConfig) -> None:
    """Profiles and rule files exist: found now, not at 3 a.m. when the portal's turn comes."""
    from egov_audit.audits.rule_schema import RuleFileError
    from egov_audit.audits.rulebook import load_rules

    for index, portal in enumerate(config.portals):
        where = f"{printable(config.path, 4096)}: portals[{index}]"
        try:
            paths = config.rule_paths(portal)
            for path in paths:
                if not path.exists():
                    raise ConfigError(f"{where}.rules: {printable(path, 200)} does not exist")
            load_rules(portal.profile, paths, portal.lang_hint)
        except OSError as exc:  # a name too long, a loop of links, a file that cannot be read
            name = printable(exc.filename, 200) if exc.filename else "a rule file"
            raise ConfigError(f"{where}.rules: {name}: {exc.strerror or exc}") from None
        except RuleFileError as exc:
            raise ConfigError(f"{where} ({printable(portal.name)}): {printable(exc, 1000)}") from None
