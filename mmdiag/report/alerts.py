"""Where `watch` says things: a terminal, JSON lines, a command run per alert.

Each is a `Sink` with two methods, `send(alert)` and `close()`. Log text in alerts is escaped
for each: rich markup prints literally, one alert is one line.
"""

from __future__ import annotations

import json
import subprocess
from typing import IO, Any, Protocol

from rich.console import Console
from rich.text import Text

from mmdiag.live import Alert
from mmdiag.report.analysis import incident_json, rfc3339, session_json
from mmdiag.report.escape import one_line, rich_text

ALERT_SCHEMA = "mmdiag.watch/1"


class Sink(Protocol):
    def send(self, alert: Alert) -> None: ...

    def close(self) -> None: ...


def alert_json(alert: Alert) -> dict[str, Any]:
    """One alert as the JSON-lines output and `--exec` give it (schema in the README)."""
    return {
        "schema": ALERT_SCHEMA,
        "alert": alert.what,
        "log_time": rfc3339(alert.log_time) if alert.log_time else None,
        "wall_time": rfc3339(alert.wall_time),
        "delay_s": round(alert.delay_s, 3) if alert.delay_s is not None else None,
        "replayed": alert.replayed,
        "message": alert.message,
        "session": session_json(alert.session) if alert.session is not None else None,
        "incident": incident_json(0, alert.item) if alert.item is not None else None,
        "fails_policy": alert.fails,
    }


_STYLE = {
    "window_opened": "bold red",
    "silence": "bold red",
    "session_ended": "yellow",
    "window_closed": "green",
    "resumed": "green",
}
_LABEL = {
    "watching": "WATCH",
    "notice": "NOTE",
    "session_started": "START",
    "session_ended": "STOP",
    "window_opened": "NO ORDERS",
    "window_closed": "QUOTING",
    "silence": "SILENT",
    "resumed": "RESUMED",
}


class TextSink:
    """One line per alert: log time, the wall clock's delay, what, and the sentence."""

    def __init__(self, console: Console) -> None:
        self.console = console

    def send(self, alert: Alert) -> None:
        when = f"{alert.log_time:%H:%M:%S}" if alert.log_time else "--:--:--"
        live = alert.delay_s is not None and not alert.replayed and alert.what != "watching"
        delay = f" +{alert.delay_s:.1f}s" if live and alert.delay_s is not None else ""
        earlier = " (earlier)" if alert.replayed else ""
        head = Text(
            f"[{when}{delay}] {_LABEL[alert.what]:<9}{earlier} ", style=_STYLE.get(alert.what, "")
        )
        self.console.print(head + rich_text(one_line(alert.message)))

    def close(self) -> None:
        return None


class JsonSink:
    """JSON lines: one object per alert, flushed at once (a pipe reads them as they come)."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out

    def send(self, alert: Alert) -> None:
        self.out.write(json.dumps(alert_json(alert), allow_nan=False) + "\n")
        self.out.flush()

    def close(self) -> None:
        return None


class ExecSink:
    """Runs a command for each alert, its JSON on standard input, within a time limit. A
    command that fails or overruns is reported (`report`) and watching goes on."""

    def __init__(self, command: str, timeout_s: float, report: Sink) -> None:
        self.command = command
        self.timeout_s = timeout_s
        self.report = report
        self.failures = 0

    def send(self, alert: Alert) -> None:
        if alert.what == "notice":
            return
        payload = json.dumps(alert_json(alert), allow_nan=False) + "\n"
        try:
            done = subprocess.run(
                self.command,
                shell=True,
                input=payload,
                text=True,
                capture_output=True,
                timeout=self.timeout_s,
                check=False,
            )
        except subprocess.TimeoutExpired:
            self._failed(alert, f"took longer than {self.timeout_s:g} s and was stopped")
            return
        except OSError as exc:
            self._failed(alert, f"could not start: {exc.strerror or exc}")
            return
        if done.returncode != 0:
            said = one_line(done.stderr.strip())[:200]
            self._failed(alert, f"exited {done.returncode}" + (f": {said}" if said else ""))

    def _failed(self, alert: Alert, why: str) -> None:
        self.failures += 1
        note = Alert(
            "notice",
            f"--exec {self.command!r} for the {alert.what} alert {why}",
            alert.wall_time,
        )
        self.report.send(note)

    def close(self) -> None:
        return None
