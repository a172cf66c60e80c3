"""A headless client for pages: open a page without a browser or a network,
read what it put out, answer its forms and click its buttons.

>>> with webui.test_client() as client:         # doctest: +SKIP
...     page = client.open("/bmi")
...     page.submit({"height": 180, "weight": 81})
...     assert "BMI: 25.0" in page.text
"""

from .client import TestPage, WebUITestClient

__all__ = ["TestPage", "WebUITestClient"]
