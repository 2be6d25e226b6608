"""An existing Markdown tree -> pages under the docs folder, bodies kept byte-for-byte.

Every file is copied as it is, except Markdown links MkDocs could not follow that have exactly
one reading in the imported tree: a link to a folder (`guide/`, `guide`) gets the folder's
`index.md` (or `README.md`), a link without extension (`setup`) or to the old site's HTML
(`setup.html`) gets the `.md` file next to it, and a site-absolute link (`/guide/setup`) becomes
relative. Links in code, in HTML comments and in raw HTML are left alone. What cannot be resolved
is reported with its line, and so are template tokens (`{{ ... }}`, `{% ... %}`) left in the
text: with macros rendered only on opt-in pages, they show as written.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote

from plugins.core.importers.common import ImportError_, ImportPlan, Output, Unmapped

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1", re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
#: `](target "title")` of an inline link or image; the target group is what gets rewritten.
_INLINE = re.compile(r"\]\(\s*(?:<(?P<angle>[^>\n]*)>|(?P<bare>[^\s()]*(?:\([^\s()]*\)[^\s()]*)*))")
_DEFINITION = re.compile(
    r"^ {0,3}\[[^\]\n]+\]:[ \t]*(?:<(?P<angle>[^>\n]*)>|(?P<bare>\S+))", re.MULTILINE
)
_TOKEN = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:|^//")
_MARKDOWN = (".md", ".markdown")


@dataclass(frozen=True, slots=True)
class Tree:
    """The imported tree: every file, relative to its root, POSIX separators."""

    files: frozenset[str]
    dirs: frozenset[str]


def plan_pages(src: Path, display: str, into: str) -> ImportPlan:
    """What copying the Markdown tree `src` (shown as `display`) to `into` (a path relative to the
    project root, inside the docs folder) creates."""
    if not src.is_dir():
        raise ImportError_(f"{display} is not a folder")
    files, unmapped = _walk(src, display)
    tree = Tree(frozenset(files), frozenset(posixpath.dirname(f) for f in files) | _parents(files))
    outputs: list[Output] = []
    notes: list[str] = []
    rewritten = 0
    for rel in sorted(files):
        raw = (src / rel).read_bytes()
        target = f"{into}/{rel}"
        if not rel.lower().endswith(_MARKDOWN):
            outputs.append(Output(target, raw, "file"))
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            line = raw.count(b"\n", 0, error.start) + 1
            unmapped.append(
                Unmapped(f"{display}/{rel}", line, "not UTF-8; copied as it is, links not checked")
            )
            outputs.append(Output(target, raw, "page"))
            continue
        new_text, problems, changes = rewrite_links(text, rel, tree)
        rewritten += changes
        unmapped.extend(Unmapped(f"{display}/{rel}", line, reason) for line, reason in problems)
        unmapped.extend(
            Unmapped(f"{display}/{rel}", line, reason) for line, reason in template_tokens(text)
        )
        outputs.append(Output(target, new_text.encode("utf-8") if changes else raw, "page"))
    for folder in sorted(tree.dirs):
        prefix = f"{folder}/" if folder else ""
        if f"{prefix}index.md" in tree.files and f"{prefix}README.md" in tree.files:
            unmapped.append(
                Unmapped(
                    f"{display}/{prefix}README.md",
                    1,
                    "the folder also has index.md: MkDocs publishes index.md and leaves README.md out",
                )
            )
    if rewritten:
        notes.append(
            f"{rewritten} link{'s' if rewritten != 1 else ''} made explicit so that MkDocs can follow them"
        )
    return ImportPlan(tuple(outputs), tuple(sorted(unmapped)), tuple(notes))


def _walk(src: Path, display: str) -> tuple[list[str], list[Unmapped]]:
    files: list[str] = []
    unmapped: list[Unmapped] = []
    stack = [src]
    while stack:
        folder = stack.pop()
        for path in sorted(folder.iterdir()):
            rel = path.relative_to(src).as_posix()
            if path.name in {".git", ".hg", ".svn"} or path.name == "__pycache__":
                continue
            if path.is_symlink():
                unmapped.append(Unmapped(f"{display}/{rel}", 1, "symbolic link; not imported"))
            elif path.is_dir():
                stack.append(path)
            elif path.is_file():
                files.append(rel)
    return files, unmapped


def _parents(files: list[str]) -> frozenset[str]:
    out = {""}
    for rel in files:
        parts = rel.split("/")[:-1]
        out.update("/".join(parts[: i + 1]) for i in range(len(parts)))
    return frozenset(out)


# ---- Links --------------------------------------------------------------------------------------


def rewrite_links(text: str, rel: str, tree: Tree) -> tuple[str, list[tuple[int, str]], int]:
    """`text` with its unambiguous links made explicit, the problems (line, reason), and how
    many links changed."""
    problems: list[tuple[int, str]] = []
    edits: list[tuple[int, int, str]] = []
    for start, end, target in _links(text):
        line = text.count("\n", 0, start) + 1
        new, problem = resolve(target, rel, tree)
        if problem:
            problems.append((line, problem))
        if new is not None and new != target:
            edits.append((start, end, new))
    out = text
    for start, end, new in reversed(edits):
        out = out[:start] + new + out[end:]
    return out, problems, len(edits)


def _links(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, target) of each link target outside front matter, code and comments."""
    masked = _mask(text)
    for pattern in (_INLINE, _DEFINITION):
        for match in pattern.finditer(masked):
            group = "angle" if match.group("angle") is not None else "bare"
            start, end = match.span(group)
            if start < 0:
                continue
            yield start, end, text[start:end]


def _mask(text: str) -> str:
    """`text` with front matter, fenced code, code spans and HTML comments blanked out (same
    length, newlines kept), so that offsets found in it are offsets in `text`."""

    def blank(match: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", match.group(0))

    lines = text.split("\n")
    fence: str | None = None
    in_front = bool(lines) and lines[0].rstrip() == "---"
    for i, line in enumerate(lines):
        if in_front:
            if i > 0 and line.rstrip() in {"---", "..."}:
                in_front = False
            lines[i] = " " * len(line)
            continue
        match = _FENCE.match(line)
        if fence is not None:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = None
            lines[i] = " " * len(line)
            continue
        if match:
            fence = match.group(1)
            lines[i] = " " * len(line)
    masked = "\n".join(lines)
    masked = _COMMENT.sub(blank, masked)
    return _CODE_SPAN.sub(blank, masked)


def resolve(target: str, rel: str, tree: Tree) -> tuple[str | None, str]:
    """The explicit form of `target` (a link in the page `rel`), and a problem to report."""
    if not target or target.startswith("#") or _SCHEME.match(target):
        return None, ""
    path, sep, rest = _split(target)
    decoded = unquote(path)
    here = posixpath.dirname(rel)
    absolute = decoded.startswith("/")
    joined = posixpath.normpath(posixpath.join("" if absolute else here, decoded.lstrip("/")))
    if joined == ".":
        joined = ""
    if joined.startswith(".."):
        return None, f"link '{target}' points outside the imported folder; left as it is"
    found = _file_for(joined, decoded.endswith("/"), tree)
    if found is None:
        what = (
            "folder without index.md or README.md"
            if joined in tree.dirs
            else "not found in the imported folder"
        )
        return None, f"link '{target}': {what}; left as it is"
    if found == joined and not absolute:
        return None, ""
    if absolute:
        relative = posixpath.relpath(found, here or ".")
        return _encode(relative, path) + sep + rest, ""
    if decoded.endswith(".html"):
        new_path = path[: -len(".html")] + ".md"
    elif found == joined + ".md":
        new_path = path + ".md"
    else:  # a folder: its index page
        name = posixpath.basename(found)
        new_path = path + name if path.endswith("/") else f"{path}/{name}"
    return new_path + sep + rest, ""


def _split(target: str) -> tuple[str, str, str]:
    for i, char in enumerate(target):
        if char in "#?":
            return target[:i], char, target[i + 1 :]
    return target, "", ""


def _file_for(path: str, folder_only: bool, tree: Tree) -> str | None:
    """The file a link to `path` means, when exactly one reading exists."""
    prefix = f"{path}/" if path else ""
    if not folder_only and path in tree.files:
        return path
    if path in tree.dirs:
        for name in ("index.md", "README.md"):
            if prefix + name in tree.files:
                return prefix + name
        return None
    if folder_only:
        return None
    if path.endswith(".html") and path[: -len(".html")] + ".md" in tree.files:
        return path[: -len(".html")] + ".md"
    if path + ".md" in tree.files:
        return path + ".md"
    return None


def _encode(path: str, original: str) -> str:
    """`path` percent-encoded the way the original link was (encoded or not)."""
    return quote(path) if "%" in original else path


def template_tokens(text: str) -> list[tuple[int, str]]:
    """(line, reason) for each template token left in the text."""
    out = []
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        shown = token if len(token) <= 60 else token[:57] + "..."
        line = text.count("\n", 0, match.start()) + 1
        out.append(
            (
                line,
                f"template token {shown} left in the text (shown as written unless the page sets render_macros: true)",
            )
        )
    return out


def nav_mount(folder: str) -> str:
    """The `nav:` entry that mounts a folder's page tree (`  - Handbook: handbook/`)."""
    name = folder.rstrip("/").rsplit("/", 1)[-1]
    title = name.replace("-", " ").replace("_", " ").strip().capitalize() or "Imported"
    return f"  - {_yaml_scalar(title)}: {_yaml_scalar(folder)}"


def _yaml_scalar(text: str) -> str:
    if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9 _./-]*", text) and not text.endswith(" "):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
