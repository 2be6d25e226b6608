"""The git history, read by a separate Python process while the build loads the content.

Reading the history (`history.read_history`: two `git log` passes and their parsing) needs
nothing the build computes first, so it runs beside the content model's loading, on another core,
instead of after it. It also keeps GitPython out of the build's own process: imported, it stays
resident (3 MB) until the build ends, and the build's memory peak comes at that end.

`start` launches `python -m plugins.core.history_process`, which writes the history to its
standard output, pickled; `PendingHistory.result` waits for it. The child is this same
interpreter running this same code, so its pickle is trusted. Should the child not answer (it
cannot be started, it is killed, its interpreter is missing), the history is read in this process
instead: reading it in a child is an optimisation the build never depends on.
"""

from __future__ import annotations

import logging
import os
import pickle
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from plugins.core.gitutil import GitError

if TYPE_CHECKING:
    from plugins.core.history import HistoryIndex, RoadmapChanges

log = logging.getLogger(__name__)

#: The directory `plugins` is imported from: the child imports the very same code.
_PACKAGE_ROOT = Path(__file__).resolve().parents[2]


class PendingHistory:
    """The history being read by a child process; `result` waits for it."""

    def __init__(
        self, root: Path, roadmap_dir: str, recent: int, process: subprocess.Popen[bytes] | None
    ) -> None:
        self.root, self.roadmap_dir, self.recent = root, roadmap_dir, recent
        self.process = process

    def result(self) -> tuple[HistoryIndex | None, RoadmapChanges]:
        """The index and the roadmap's field changes, as `history.read_history` returns them.

        Raises:
            GitError: git is missing or one of its commands failed.
        """
        answer = self._answer()
        if answer is None:
            from plugins.core.history import read_history

            return read_history(self.root, self.roadmap_dir, recent=self.recent)
        if answer[0] == "git-error":
            raise GitError(answer[1])
        return answer[1], answer[2]

    def _answer(self) -> tuple[Any, ...] | None:
        process, self.process = self.process, None
        if process is None:
            return None
        out, err = process.communicate()
        if process.returncode == 0:
            try:
                answer = pickle.loads(out)
            except Exception:  # noqa: BLE001 - any unreadable answer means: read it here
                answer = None
            if isinstance(answer, tuple) and answer and answer[0] in ("ok", "git-error"):
                return answer
        log.debug(
            "the history reader exited with %s (%s); reading the history in this process",
            process.returncode,
            err.decode("utf-8", "replace").strip()[-500:],
        )
        return None

    def cancel(self) -> None:
        """Stop the child if its answer is no longer wanted (the build failed before using it)."""
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            process.kill()
            process.communicate()


def start(
    root: Path, roadmap_dir: str = "data/roadmap", *, recent: int = 10, python: str | None = None
) -> PendingHistory:
    """Start reading the history of the repository around `root` in a child process."""
    root = Path(root).resolve()
    executable = sys.executable if python is None else python
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(_PACKAGE_ROOT), env.get("PYTHONPATH", "")) if p
    )
    try:
        process: subprocess.Popen[bytes] | None = subprocess.Popen(
            [executable, "-m", __name__, str(root), roadmap_dir, str(recent)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=_PACKAGE_ROOT,  # `-m` must find this `plugins`, not one in the user's directory
            env=env,
        )
    except OSError as error:
        log.debug("the history reader cannot start (%s); reading it in this process", error)
        process = None
    return PendingHistory(root, roadmap_dir, recent, process)


def main(argv: list[str]) -> int:
    """The child: read the history and write it, pickled, to standard output."""
    from plugins.core.history import read_history

    root, roadmap_dir, recent = argv
    answer: tuple[object, ...]
    try:
        index, changes = read_history(Path(root), roadmap_dir, recent=int(recent))
        answer = ("ok", index, changes)
    except GitError as error:
        answer = ("git-error", str(error))
    sys.stdout.buffer.write(pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
