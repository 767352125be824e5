"""robots.txt: what the portal asks crawlers not to fetch, and where its sitemaps are."""

from __future__ import annotations

from dataclasses import dataclass, field

from protego import Protego


@dataclass(slots=True)
class RobotsPolicy:
    """A parsed robots.txt, the absence of one (which allows everything), or an unreachable one.

    RFC 9309 §2.3.1.4: a robots.txt that cannot be fetched because of a server or
    network error means "assume complete disallow". The start URL is still
    fetched, because a person asked for it (see `Frontier.admit`).
    """

    user_agent: str
    parser: Protego | None = None
    sitemaps: list[str] = field(default_factory=list)
    unreachable_reason: str | None = None

    @classmethod
    def unreachable(cls, user_agent: str, reason: str) -> RobotsPolicy:
        return cls(user_agent=user_agent, unreachable_reason=reason)

    @classmethod
    def parse(cls, body: bytes, user_agent: str) -> RobotsPolicy:
        text = body.decode("utf-8", errors="replace")
        parser = Protego.parse(text)
        return cls(user_agent=user_agent, parser=parser, sitemaps=list(parser.sitemaps))

    @property
    def crawl_delay(self) -> float | None:
        """The seconds between requests robots.txt asks of this crawler (the non-standard but
        widely used Crawl-delay line), or None."""
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(self.user_agent)
        return float(delay) if delay else None

    def allows(self, url: str) -> bool:
        if self.unreachable_reason is not None:
            return False
        if self.parser is None:
            return True
        return bool(self.parser.can_fetch(url, self.user_agent))
