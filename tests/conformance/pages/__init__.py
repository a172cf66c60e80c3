"""The conformance pages, by app name (``/?app=NAME``). Written once against
PyWebIO's names; see :mod:`tests.conformance.serve`."""

from . import inputs, outputs, pins, programs, sessions

APPS = {name: getattr(module, name)
        for module in (inputs, outputs, pins, programs, sessions) for name in module.__all__}
