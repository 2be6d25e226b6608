"""Settings shared by the CLI and the build, read from `mkdocs.yml` without importing MkDocs.

`playbook check` reads the same `mkdocs.yml` the build uses (the `playbook` and
`playbook-checks` plugin entries), so both apply the same rules at the same severities.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import yaml

from plugins.core import vocabulary as v
from plugins.core.findings import Severity
from plugins.core.mdconfig import MarkdownConfig, MarkdownConfigError, PyRef
from plugins.core.vocabulary_file import DEFAULT_FILE, VocabularyError, load_vocabulary

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

    from plugins.core.vocabulary import Vocabulary

TODAY_ENV = "PLAYBOOK_TODAY"
#: The findings baseline file, relative to the directory of mkdocs.yml, unless configured.
DEFAULT_BASELINE = "playbook-baseline.json"


def today() -> dt.date:
    """Today's date, or the one in `$PLAYBOOK_TODAY` (YYYY-MM-DD) for reproducible builds."""
    fixed = os.environ.get(TODAY_ENV)
    if fixed:
        return dt.date.fromisoformat(fixed)
    return dt.datetime.now(dt.UTC).date()


#: MkDocs 1.6's default for `validation: absolute_links:`.
DEFAULT_ABSOLUTE_LINKS = "info"


@dataclass(frozen=True, slots=True)
class Settings:
    """Where the content lives and how strictly it is checked."""

    root: Path
    docs_dir: str = "playbook"
    data_dir: str = "data"
    nav: tuple[str, ...] | None = None
    #: Folders the nav mounts whole (`- Handbook: handbook/`): their pages are in the nav.
    nav_mounts: tuple[str, ...] = ()
    rules: Mapping[str, Severity] = field(default_factory=dict)
    review_grace_days: int = v.DEFAULT_REVIEW_GRACE_DAYS
    review_soon_days: int = v.DEFAULT_REVIEW_SOON_DAYS
    site_url: str = ""
    repo_url: str = ""
    edit_uri: str = ""
    #: Names of the MkDocs plugins configured (what is generated depends on them).
    plugins: frozenset[str] = frozenset()
    #: The organisation's vocabulary (`vocabulary_path`; the generic defaults without one).
    vocabulary: Vocabulary = v.DEFAULT
    #: The vocabulary file, relative to `root` (it need not exist).
    vocabulary_file: str = f"data/{DEFAULT_FILE}"
    #: The findings baseline, relative to `root` (`playbook-checks: baseline:`); see
    #: `plugins.core.baseline`. Nothing is held back while the file does not exist.
    baseline: str = DEFAULT_BASELINE
    #: The site's `markdown_extensions`: links, headings and anchors are read with them.
    markdown: MarkdownConfig = field(default_factory=MarkdownConfig)
    #: What MkDocs does with a link starting with "/" (`validation: absolute_links:`): "warn",
    #: "info" or "ignore" leave it as is (and log at that level), "relative_to_docs" resolves
    #: it against the docs folder and checks it like a relative link.
    absolute_links: str = DEFAULT_ABSOLUTE_LINKS
    #: How mkdocs-macros reads a page as a template: its `j2_*` delimiters and `j2_extensions`
    #: (`macros` plugin options), for the check that each page rendering macros parses.
    macro_syntax: tuple[tuple[str, str], ...] = ()
    macro_extensions: tuple[str, ...] = ()

    @property
    def docs_path(self) -> Path:
        return self.root / self.docs_dir

    @property
    def data_path(self) -> Path:
        return self.root / self.data_dir


class ConfigError(Exception):
    """mkdocs.yml or the vocabulary file cannot be read or holds a setting Playbook does not
    understand."""


ABSOLUTE_LINKS_VALUES = ("warn", "info", "ignore", "relative_to_docs")


def absolute_links_setting(validation: Any) -> str:
    """`absolute_links` of mkdocs.yml's `validation` (flat, or under `links:`, as MkDocs reads
    it); a `ConfigError` for a value MkDocs refuses too."""
    value: Any = None
    if isinstance(validation, dict):
        links = validation.get("links")
        if isinstance(links, dict) and "absolute_links" in links:
            value = links["absolute_links"]
        elif "absolute_links" in validation:
            value = validation["absolute_links"]
    if value is None:
        return DEFAULT_ABSOLUTE_LINKS
    if str(value) not in ABSOLUTE_LINKS_VALUES:
        raise ConfigError(
            f"mkdocs.yml: validation: absolute_links: expected one of "
            f"{', '.join(ABSOLUTE_LINKS_VALUES)}, got {value!r}"
        )
    return str(value)


def vocabulary_path(data_dir: str, option: str | None) -> str:
    """The vocabulary file, relative to the project root: the `playbook` plugin's `vocabulary`
    option, else `vocabulary.yml` in the data directory."""
    return option or f"{data_dir.rstrip('/')}/{DEFAULT_FILE}"


def read_vocabulary(root: Path, rel: str) -> Vocabulary:
    """The vocabulary in `root / rel`; a `ConfigError` naming file and line when it is wrong."""
    try:
        return load_vocabulary(root / rel, rel)
    except VocabularyError as error:
        raise ConfigError(str(error)) from error


class _LenientLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, whose `!!python/name:` and `!ENV` tags we do not need to resolve."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


def _python_name(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> PyRef:
    return PyRef(suffix)


def _python_apply(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> PyRef:
    if isinstance(node, yaml.SequenceNode):
        return PyRef(suffix, apply=True, args=tuple(loader.construct_sequence(node, deep=True)))
    if isinstance(node, yaml.MappingNode):
        value = loader.construct_mapping(node, deep=True)
        return PyRef(
            suffix,
            apply=True,
            args=tuple(value.get("args") or ()),
            kwds=dict(value.get("kwds") or {}),
        )
    return PyRef(suffix, apply=True)


# MkDocs resolves these two in `markdown_extensions` (a custom `toc` slugify); they are kept as
# references and resolved only when the Markdown parser is built.
_LenientLoader.add_multi_constructor("tag:yaml.org,2002:python/name:", _python_name)
_LenientLoader.add_multi_constructor("tag:yaml.org,2002:python/object/apply:", _python_apply)
_LenientLoader.add_multi_constructor("", _ignore_tag)


def read_settings(
    root: Path, config_file: str = "mkdocs.yml", *, prepare_markdown: bool = True
) -> Settings:
    """Settings from `mkdocs.yml` in `root` (defaults when there is none).

    The site's Markdown parser is built to see that its extensions load (a `ConfigError` when
    they do not), unless `prepare_markdown` is false: then `prepare_markdown_of` must be called
    before any page is read."""
    path = root / config_file
    if not path.is_file():
        return Settings(root=root)
    try:
        config = yaml.load(path.read_text(encoding="utf-8"), Loader=_LenientLoader)  # noqa: S506
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise ConfigError(f"{config_file}: cannot be read: {error}") from error
    if not isinstance(config, dict):
        raise ConfigError(f"{config_file}: expected a mapping of settings")
    plugins = _plugin_configs(config.get("plugins"))
    content = plugins.get("playbook", {})
    checks = plugins.get("playbook-checks", {})
    try:
        overrides = {
            str(rule): Severity.parse(str(level))
            for rule, level in (checks.get("rules") or {}).items()
        }
    except ValueError as error:
        raise ConfigError(f"{config_file}: playbook-checks rules: {error}") from error
    try:
        markdown = MarkdownConfig.from_yaml(config.get("markdown_extensions"))
    except MarkdownConfigError as error:
        raise ConfigError(f"{config_file}: {error}") from error
    if prepare_markdown:
        _prepare(markdown, config_file)
    data_dir = str(content.get("data_dir") or "data")
    option = content.get("vocabulary")
    vocab_file = vocabulary_path(data_dir, str(option) if option else None)
    return Settings(
        root=root,
        docs_dir=str(config.get("docs_dir") or "docs"),
        data_dir=data_dir,
        nav=tuple(nav_pages(config["nav"])) if config.get("nav") else None,
        nav_mounts=tuple(nav_mounts(config.get("nav"))),
        rules=overrides,
        review_grace_days=int(checks.get("review_grace_days", v.DEFAULT_REVIEW_GRACE_DAYS)),
        review_soon_days=int(checks.get("review_soon_days", v.DEFAULT_REVIEW_SOON_DAYS)),
        site_url=str(config.get("site_url") or ""),
        repo_url=str(config.get("repo_url") or ""),
        edit_uri=str(config.get("edit_uri") or ""),
        plugins=frozenset(plugins),
        vocabulary=read_vocabulary(root, vocab_file),
        vocabulary_file=vocab_file,
        baseline=str(checks.get("baseline") or DEFAULT_BASELINE),
        markdown=markdown,
        absolute_links=absolute_links_setting(config.get("validation")),
        macro_syntax=tuple(
            (key[len("j2_") :], str(value))
            for key, value in sorted(plugins.get("macros", {}).items())
            if key in _MACRO_DELIMITERS and value
        ),
        macro_extensions=tuple(
            str(name) for name in (plugins.get("macros", {}).get("j2_extensions") or ())
        ),
    )


def prepare_markdown_of(settings: Settings, config_file: str = "mkdocs.yml") -> None:
    """Build the settings' Markdown parser now (see `read_settings`)."""
    _prepare(settings.markdown, config_file)


def _prepare(markdown: MarkdownConfig, config_file: str) -> None:
    # Imported here: Python-Markdown is not needed to read the settings.
    from plugins.core.pagescan import scanner_for

    try:
        scanner_for(markdown)
    except MarkdownConfigError as error:
        raise ConfigError(f"{config_file}: {error}") from error


#: The mkdocs-macros options that change how Jinja2 reads a page.
_MACRO_DELIMITERS = frozenset(
    f"j2_{part}_{end}_string"
    for part in ("block", "variable", "comment")
    for end in ("start", "end")
)


def _plugin_configs(plugins: Any) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    items = plugins.items() if isinstance(plugins, dict) else (plugins or [])
    for item in items:
        if isinstance(item, str):
            out[item] = {}
        elif isinstance(item, tuple):
            out[str(item[0])] = item[1] if isinstance(item[1], dict) else {}
        elif isinstance(item, dict):
            for name, options in item.items():
                out[str(name)] = options if isinstance(options, dict) else {}
    return out


def nav_pages(nav: Any) -> list[str]:
    """Every local Markdown path named in a MkDocs `nav` tree."""
    found: list[str] = []
    stack = [nav]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            if node.endswith(".md") and "://" not in node:
                found.append(node)
        elif isinstance(node, list):
            stack.extend(reversed(node))
        elif isinstance(node, dict):
            stack.extend(reversed(list(node.values())))
    return found


def is_mount(entry: Any) -> bool:
    """A nav value naming a folder of the docs (`handbook/`), not a page or a URL."""
    return isinstance(entry, str) and entry.endswith("/") and "://" not in entry and entry != "/"


def nav_mounts(nav: Any) -> list[str]:
    """Every folder a MkDocs `nav` tree mounts."""
    found: list[str] = []
    stack = [nav]
    while stack:
        node = stack.pop()
        if is_mount(node):
            found.append(node)
        elif isinstance(node, list):
            stack.extend(reversed(node))
        elif isinstance(node, dict):
            stack.extend(reversed(list(node.values())))
    return found
