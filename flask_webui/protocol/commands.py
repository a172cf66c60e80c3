"""Commands, server to browser: PyWebIO 1.8's envelope
``{"command": str, "task_id": str, "spec": {...}}``, sent in numbered batches
``{"seq": n, "commands": [...]}``. Pure: no I/O.

>>> command("toast", {"content": "Saved"})
{'command': 'toast', 'task_id': None, 'spec': {'content': 'Saved'}}
"""

from __future__ import annotations

import json
from typing import Any

Command = dict[str, Any]


def command(name: str, spec: Any = None, task_id: str | None = None) -> Command:
    """Build a command envelope.

    >>> command("toast", {"content": "hi"}, "t1")
    {'command': 'toast', 'task_id': 't1', 'spec': {'content': 'hi'}}
    """
    return {"command": name, "task_id": task_id, "spec": {} if spec is None else spec}


def batch(seq: int, commands: list[Command]) -> dict[str, Any]:
    """Build the payload that carries a batch of commands to the browser."""
    return {"seq": seq, "commands": commands}


_last_encoded: tuple[list[Command] | None, str] = (None, "")


def commands_json(commands: list[Command]) -> str:
    """``commands`` as compact JSON, made once per list: the outbox measures a
    batch with it and the Socket.IO transport sends it, and a room broadcast
    seals the same list (never changed once sent) for every member."""
    global _last_encoded
    if _last_encoded[0] is not commands:
        _last_encoded = (commands, json.dumps(commands, separators=(",", ":")))
    return _last_encoded[1]
