"""The registers menu: each register app adds its list page here from its AppConfig.ready()."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RegisterLink:
    """A register shown on the registers index page."""

    url_name: str
    title: str
    description: str
    permission: str
    order: int = 100


REGISTER_LINKS: list[RegisterLink] = []


def add_register(link: RegisterLink) -> None:
    if all(existing.url_name != link.url_name for existing in REGISTER_LINKS):
        REGISTER_LINKS.append(link)
        REGISTER_LINKS.sort(key=lambda each: (each.order, str(each.title)))


def visible_registers(user) -> list[RegisterLink]:
    return [link for link in REGISTER_LINKS if user.has_perm(link.permission)]
