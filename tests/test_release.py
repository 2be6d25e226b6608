"""A one-off build lets each page's Markdown and HTML go once no plugin reads them again, and
hands that memory back to the system: the site it writes is the same, and a plugin it does not
know still finds every page's content to the end of the build."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from typing import TYPE_CHECKING

import pytest
from helpers import TODAY, commit_all, edit, write

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.build

LET_GO = "Let every page's Markdown and HTML go once used"

#: A site's own hooks module that records, once the build is over, what each page still holds.
RECORDING_HOOK = """\
import json
from pathlib import Path

PAGES = []


def on_post_page(output, page, config):
    PAGES.append(page)


def on_post_build(config):
    seen = {
        page.file.src_uri: [page.markdown is not None and page.markdown != "", len(page.content or "")]
        for page in PAGES
    }
    Path(config.config_file_path).with_name("seen.json").write_text(json.dumps(seen))
"""


def _build(config: Path, site: Path) -> str:
    """Build verbosely (the debug lines say whether pages were let go); the build's log."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PLAYBOOK_TODAY": TODAY.isoformat()}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-v", "-f", str(config), "-d", str(site)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return result.stderr


def _tree(site: Path) -> dict[str, bytes]:
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


def test_pages_let_go_give_the_same_site_as_pages_kept(minimal: Path, tmp_path: Path) -> None:
    # The same site under a second configuration with a hooks module the plugins do not
    # know: it might read the pages' content to the end, so every page keeps it. Both are
    # committed: the site's history is the same.
    write(minimal, "hooks/noop.py", "def on_startup(command, dirty):\n    return None\n")
    config = (minimal / "mkdocs.yml").read_text(encoding="utf-8")
    write(
        minimal,
        "mkdocs-kept.yml",
        config.replace("validation:", "hooks:\n  - hooks/noop.py\nvalidation:", 1),
    )
    commit_all(minimal)
    released = _build(minimal / "mkdocs.yml", tmp_path / "released")
    assert LET_GO in released
    kept = _build(minimal / "mkdocs-kept.yml", tmp_path / "kept")
    assert LET_GO not in kept
    assert "kept to the end of the build: plugins hooks/noop.py may read them" in kept

    released_tree, kept_tree = _tree(tmp_path / "released"), _tree(tmp_path / "kept")
    assert released_tree.keys() == kept_tree.keys()
    assert "roadmap/index.html" in released_tree
    for name, content in released_tree.items():
        assert content == kept_tree[name], name


def test_a_plugin_the_build_does_not_know_reads_every_page_to_the_end(
    minimal: Path, tmp_path: Path
) -> None:
    write(minimal, "recording_hook.py", RECORDING_HOOK)
    edit(minimal, "mkdocs.yml", "validation:", "hooks:\n  - recording_hook.py\nvalidation:")
    commit_all(minimal)
    log = _build(minimal / "mkdocs.yml", tmp_path / "site")
    assert LET_GO not in log
    seen = json.loads((minimal / "seen.json").read_text(encoding="utf-8"))
    assert "index.md" in seen
    assert "roadmap/index.md" in seen  # a generated page
    for uri, (has_markdown, content_length) in seen.items():
        assert has_markdown, uri
        assert content_length > 0, uri


HEAP_PROBE = textwrap.dedent(
    """\
    import json
    from plugins.core.heap import give_back

    def rss():
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) // 1024
        raise AssertionError("no VmRSS")

    start = rss()
    pages = [("page %d " % n) * 400 + "x" for n in range(25_000)]  # ~3 KB each: C heap
    kept = pages[::20]  # still in use, scattered through the heap: its top is not free
    del pages
    freed = rss()
    asked = give_back()
    print(json.dumps({"start": start, "freed": freed, "after": rss(), "asked": asked}))
    """
)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's heap")
def test_freed_page_text_is_handed_back_to_the_system() -> None:
    out = subprocess.run(
        [sys.executable, "-c", HEAP_PROBE], capture_output=True, text=True, check=True
    )
    figures = json.loads(out.stdout)
    if not figures["asked"]:
        pytest.skip("not glibc: memory is only collected")
    # About 70 MB of text were freed but stay resident until handed back.
    assert figures["freed"] - figures["start"] > 50
    assert figures["freed"] - figures["after"] > 40
