"""Pages parsed with html.parser: elements with their attributes and text, found by id, test id or tag."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    parent: Element | None = None
    children: list[Element] = field(default_factory=list)
    parts: list[str | Element] = field(default_factory=list)

    @property
    def text(self) -> str:
        """All text inside, whitespace collapsed."""
        pieces: list[str] = []

        def walk(element: Element) -> None:
            for part in element.parts:
                if isinstance(part, str):
                    pieces.append(part)
                else:
                    walk(part)

        walk(self)
        return " ".join("".join(pieces).split())

    def iter(self) -> list[Element]:
        found = [self]
        for child in self.children:
            found.extend(child.iter())
        return found

    def find_all(self, tag: str | None = None, **attrs: str) -> list[Element]:
        wanted = {name.rstrip("_").replace("_", "-"): value for name, value in attrs.items()}
        return [
            element
            for element in self.iter()[1:]
            if (tag is None or element.tag == tag) and all(element.attrs.get(k) == v for k, v in wanted.items())
        ]

    def find(self, tag: str | None = None, **attrs: str) -> Element:
        found = self.find_all(tag, **attrs)
        assert found, f"no <{tag or '*'}> with {attrs}"
        return found[0]


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.current = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {name: value or "" for name, value in attrs}, self.current)
        self.current.children.append(element)
        self.current.parts.append(element)
        if tag not in VOID:
            self.current = element

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {name: value or "" for name, value in attrs}, self.current)
        self.current.children.append(element)
        self.current.parts.append(element)

    def handle_endtag(self, tag: str) -> None:
        node: Element | None = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.parts.append(data)


class Page:
    def __init__(self, html: str) -> None:
        parser = _Parser()
        parser.feed(html)
        parser.close()
        self.html = html
        self.root = parser.root

    def by_id(self, element_id: str) -> Element:
        return self.root.find(id=element_id)

    def by_testid(self, testid: str) -> Element:
        return self.root.find(data_testid=testid)

    def all_testid(self, testid: str) -> list[Element]:
        return self.root.find_all(data_testid=testid)

    def find(self, tag: str | None = None, **attrs: str) -> Element:
        return self.root.find(tag, **attrs)

    def find_all(self, tag: str | None = None, **attrs: str) -> list[Element]:
        return self.root.find_all(tag, **attrs)

    @property
    def title(self) -> str:
        return self.find("title").text

    @property
    def text(self) -> str:
        return self.root.text

    def active_content(self) -> list[str]:
        """Anything that could run script: script elements, on* handlers, javascript: links, iframes, objects."""
        found = []
        for element in self.root.iter()[1:]:
            if element.tag in {"script", "iframe", "object", "embed"}:
                found.append(f"<{element.tag}>")
            for name, value in element.attrs.items():
                if name.startswith("on") or value.strip().lower().startswith("javascript:"):
                    found.append(f"<{element.tag} {name}={value!r}>")
        return found


def parse(html: str) -> Page:
    return Page(html)
