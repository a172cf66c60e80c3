"""Pin widgets (PyWebIO's ``pywebio.pin``): input widgets placed in the output
area whose values are read at any time.

Not available yet: this module reserves the name; the widgets land with the
pin issue. Importing a name from it fails with ImportError, never silently.
"""

__all__: list[str] = []
