"""dbt's structured log (`--log-format json`, one event a line) turned into progress: nodes done of the total,
the node running now, and, when the build fails, dbt's own error summary.

dbt numbers every node it runs ("12 of 441 START sql table model marts.dim_accounts"): an event with an
`index` and a `total` (`num_models` for a test) in its data starts (LogStartLine) or ends (LogModelResult,
LogTestResult, LogSeedResult, LogNodeNoOpResult, SkippingDetails …) a node.
Project hooks are numbered apart ("1 of 1") and not counted.
On a terminal the progress is a rich bar; off a terminal (CI logs) a few plain lines, one per quarter done.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_STARTS = {"LogStartLine"}
_HOOKS = ("LogHookStartLine", "LogHookEndLine")
PLAIN_STEPS = 4  # off a terminal: a line at each quarter of the nodes


def parse_event(line: str) -> dict:
    """One line of dbt's stdout as an event; a line that is not JSON (a traceback) as a plain error message."""
    try:
        event = json.loads(line)
    except ValueError:
        event = None
    if not isinstance(event, dict) or "info" not in event:
        return {"info": {"name": "Text", "level": "error" if line.strip() else "info", "msg": line.rstrip()}}
    return event


@dataclass
class DbtRunState:
    """What dbt's events told so far: total and finished nodes, the running ones, the messages worth keeping."""

    total: int = 0
    done: int = 0
    running: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)
    stats: str = ""
    _in_summary: bool = False

    def feed(self, event: dict) -> None:
        info, data = event.get("info", {}), event.get("data") or {}
        name, msg = info.get("name", ""), _ANSI.sub("", str(info.get("msg") or "")).rstrip()
        if name == "StatsLine":
            self.stats = msg
        elif name == "EndOfRunSummary":
            self._in_summary = True
        elif self._in_summary and msg.strip():
            self.summary.append(msg)
        if info.get("level") == "error" and msg.strip() and not self._in_summary:
            self.errors.append(msg)
        total = data.get("total", data.get("num_models"))  # a test's result names the total num_models
        if name in _HOOKS or "index" not in data or total is None:
            return
        self.total = max(self.total, int(total))
        node = (data.get("node_info") or {}).get("node_name") or data.get("description") or ""
        if name in _STARTS:
            self.running.append(node)
            return
        self.done += 1
        if node in self.running:
            self.running.remove(node)

    @property
    def current(self) -> str:
        return self.running[-1] if self.running else ""

    def failure_messages(self) -> list[str]:
        """dbt's error summary (the failing nodes and their messages), else the errors seen before it."""
        seen: dict[str, None] = {}
        for msg in (*self.errors, *self.summary):
            seen.setdefault(msg, None)
        return list(seen)


class DbtProgress:
    """Feeds dbt's events to a DbtRunState and shows it on `console`: a bar on a terminal, plain lines off one."""

    def __init__(self, console: Console, label: str = "dbt build") -> None:
        self.console, self.label, self.state = console, label, DbtRunState()
        self._animated = console.is_terminal
        self._next_plain = 0
        self._bar: Progress | None = None
        self._task = None

    def __enter__(self) -> DbtProgress:
        if self._animated:
            columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
            self._bar = Progress(*columns, TextColumn("[dim]{task.fields[node]}"), console=self.console)
            self._bar.start()
            self._task = self._bar.add_task(self.label, total=None, node="starting dbt")
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar:
            self._bar.stop()

    def __call__(self, event: dict) -> None:
        self.state.feed(event)
        state = self.state
        if self._bar is not None:
            self._bar.update(self._task, total=state.total or None, completed=state.done, node=state.current)
        elif state.total and state.done >= self._next_plain:
            self.console.print(f"{self.label}: {state.done} of {state.total} nodes done", soft_wrap=True)
            self._next_plain = state.done + max(1, state.total // PLAIN_STEPS)

    def flush(self) -> None:
        """The stats line of the dbt invocation that ended, once."""
        if self.state.stats:
            self.console.print(f"{self.label}: {self.state.stats}", soft_wrap=True)
            self.state.stats = ""

    def restart(self, label: str) -> None:
        """A new dbt invocation of the same command (a build on PostgreSQL runs several): the last one's stats,
        then counting afresh under `label`."""
        self.flush()
        self.label, self.state, self._next_plain = label, DbtRunState(), 0
        if self._bar is not None:
            self._bar.update(self._task, description=label, total=None, completed=0, node="starting dbt")

    def report(self, code: int) -> None:
        """After dbt: its stats line; on failure, the failing nodes' messages."""
        if self.state.stats:
            self.console.print(f"{self.label}: {self.state.stats}", soft_wrap=True)
        if code != 0:
            for msg in self.state.failure_messages():
                self.console.print(msg, soft_wrap=True, markup=False, highlight=False)
