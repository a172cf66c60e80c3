"""A benchmark's clients in a process of their own, driven by lines: the
benchmark writes a command on the process's stdin, the process answers with
a line on its stdout.

>>> clients = DrivenProcess([sys.executable, "bench/paced_clients.py", ...], "clients")  # doctest: +SKIP
>>> clients.say("report")                                                            # doctest: +SKIP
>>> clients.read()                                                                   # doctest: +SKIP
'{"count": 120, ...}'
"""

from __future__ import annotations

import subprocess


class DrivenProcess:
    """A child process that takes commands on stdin and answers on stdout."""

    def __init__(self, args: list[str], what: str) -> None:
        """``what`` names the clients in errors ("the typing clients gave up")."""
        self.what = what
        self.process = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def say(self, line: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()

    def read(self) -> str:
        """The next line it answers; an error if it exited instead."""
        assert self.process.stdout is not None
        line = self.process.stdout.readline().strip()
        if not line:
            raise RuntimeError(f"the {self.what} gave up (exit {self.process.wait()})")
        return line

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
