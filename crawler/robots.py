"""robots.txt: what the portal asks crawlers not to fetch, and where its sitemaps are."""

from __future__ import annotations

from dataclasses import dataclass, field

from protego import Protego


@dataclass(slots=True)
class RobotsPolicy:
    """A parsed robots.txt, or the absence of one (which allows everything)."""

    user_agent: str
    parser: Protego | None = None
    sitemaps: list[str] = field(default_factory=list)

    @classmethod
    def parse(cls, body: bytes, user_agent: str) -> RobotsPolicy:
        text = body.decode("utf-8", errors="replace")
        parser = Protego.parse(text)
        return cls(user_agent=user_agent, parser=parser, sitemaps=list(parser.sitemaps))

    def allows(self, url: str) -> bool:
        if self.parser is None:
            return True
        return bool(self.parser.can_fetch(url, self.user_agent))
