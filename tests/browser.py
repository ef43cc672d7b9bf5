"""Headless Chromium (Debian's `chromium`) driven over the DevTools protocol on a pipe.

No driver and no Python package: Chromium started with `--remote-debugging-pipe` reads
commands (JSON, each ended by a NUL byte) on its file descriptor 3 and answers on 4. Enough of
the protocol to open a page, wait for it, read what its scripts did and logged, click, and take
a screenshot.
"""

from __future__ import annotations

import base64
import json
import os
import select
import shutil
import signal
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
# The flags Chromium needs on a machine with no network and no screen (and as root).
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--remote-debugging-pipe",
)


def chromium_missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is absent (Debian: apt-get install -y chromium; .ci/run does)"
    return None


class ProtocolError(RuntimeError):
    pass


@dataclass
class Page:
    """One tab: its session id, and what the page logged as errors while it was watched."""

    browser: Browser
    session: str
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        return self.browser.send(method, params, self.session)

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression (awaited if it is a promise)."""
        answer = self.send(
            "Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True
        )
        if "exceptionDetails" in answer:
            raise ProtocolError(f"{expression!r}: {answer['exceptionDetails']}")
        return answer["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 30.0) -> Any:
        """Poll until the expression is truthy; its value."""
        deadline = time.monotonic() + timeout
        while True:
            value = self.evaluate(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                raise TimeoutError(f"{expression!r} still {value!r} after {timeout} s")
            self.browser.pump(0.05)

    def screenshot(self, path: Path) -> None:
        answer = self.send("Page.captureScreenshot", format="png")
        path.write_bytes(base64.b64decode(answer["data"]))


class Browser:
    def __init__(self, pid: int, commands: int, answers: int) -> None:
        self.pid = pid
        self.commands = commands
        self.answers = answers
        self.buffer = b""
        self.next_id = 0
        self.pages: dict[str, Page] = {}

    def send(
        self, method: str, params: dict[str, Any] | None = None, session: str | None = None
    ) -> dict[str, Any]:
        self.next_id += 1
        message: dict[str, Any] = {"id": self.next_id, "method": method, "params": params or {}}
        if session is not None:
            message["sessionId"] = session
        os.write(self.commands, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + 60
        while True:
            for answer in self._messages(deadline - time.monotonic()):
                if answer.get("id") == self.next_id:
                    if "error" in answer:
                        raise ProtocolError(f"{method}: {answer['error']}")
                    return dict(answer.get("result", {}))
            if time.monotonic() > deadline:
                raise TimeoutError(f"no answer to {method}")

    def pump(self, seconds: float) -> None:
        """Read the events that arrive within `seconds`."""
        list(self._messages(seconds))

    def _messages(self, timeout: float) -> Iterator[dict[str, Any]]:
        ready, _, _ = select.select([self.answers], [], [], max(timeout, 0.0))
        if ready:
            chunk = os.read(self.answers, 1 << 20)
            if not chunk:
                raise ProtocolError("chromium closed its end of the pipe")
            self.buffer += chunk
        while b"\0" in self.buffer:
            raw, self.buffer = self.buffer.split(b"\0", 1)
            message = json.loads(raw)
            self._event(message)
            yield message

    def _event(self, message: dict[str, Any]) -> None:
        page = self.pages.get(message.get("sessionId", ""))
        if page is None or "method" not in message:
            return
        params = message.get("params", {})
        method = message["method"]
        if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            page.errors.append(
                "console: " + " ".join(str(a.get("value", a)) for a in params.get("args", []))
            )
        elif method == "Runtime.exceptionThrown":
            page.errors.append(f"exception: {params.get('exceptionDetails')}")
        elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
            page.errors.append(f"log: {params['entry'].get('text')}")
        elif method == "Page.javascriptDialogOpening":  # an alert(): the page ran a script
            page.dialogs.append(str(params.get("message")))

    def wait(self, timeout: float = 10.0) -> None:
        """Until Chromium has exited; killed if it takes longer than `timeout`."""
        deadline = time.monotonic() + timeout
        while os.waitpid(self.pid, os.WNOHANG) == (0, 0):
            if time.monotonic() > deadline:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
                return
            time.sleep(0.05)

    def open(self, url: str, width: int = 1400, height: int = 1000) -> Page:
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})
        page = Page(self, session["sessionId"])
        self.pages[page.session] = page
        for domain in ("Runtime.enable", "Log.enable", "Page.enable"):
            page.send(domain)
        page.send(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )
        page.send("Page.navigate", url=url)
        return page


@contextmanager
def chromium() -> Iterator[Browser]:
    """A headless Chromium with a new, empty profile, closed (and its profile removed) after."""
    profile = tempfile.mkdtemp(prefix="mmdiag-chromium-")
    commands_read, commands_write = os.pipe()
    answers_read, answers_write = os.pipe()
    # In the child, the pipe ends go where Chromium looks for them (by way of two free
    # numbers, in case an end already sits on 3 or 4); Python's own descriptors close at exec.
    actions = [
        (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
        (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
        (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0),
        (os.POSIX_SPAWN_DUP2, commands_read, 1000),
        (os.POSIX_SPAWN_DUP2, answers_write, 1001),
        (os.POSIX_SPAWN_DUP2, 1000, 3),
        (os.POSIX_SPAWN_DUP2, 1001, 4),
        (os.POSIX_SPAWN_CLOSE, 1000),
        (os.POSIX_SPAWN_CLOSE, 1001),
    ]
    argv = [str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", "about:blank"]
    pid = os.posix_spawn(str(CHROMIUM), argv, dict(os.environ), file_actions=actions)
    os.close(commands_read)
    os.close(answers_write)
    browser = Browser(pid, commands_write, answers_read)
    try:
        yield browser
    finally:
        with suppress(ProtocolError, TimeoutError, OSError):
            browser.send("Browser.close")
        browser.wait()
        os.close(commands_write)
        os.close(answers_read)
        shutil.rmtree(profile, ignore_errors=True)
