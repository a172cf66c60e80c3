"""The first load: content-hashed assets cached for a year, served
compressed, Bootstrap's unused rest loaded after the first form."""

import gzip
import os
import re

import pytest
from flask import Flask
from playwright.sync_api import expect

from flask_webui import FlaskWebUI
from flask_webui.input import textarea
from flask_webui.output import put_html, put_text
from flask_webui.serving.assets import STATIC_FOLDER, Assets


@pytest.fixture
def client():
    app = Flask(__name__)
    app.config["SECRET_KEY"] = "k"
    webui = FlaskWebUI(app)
    webui.add_page("/hello", lambda: put_text("hi"), endpoint="hello")
    return app.test_client()


def linked_assets(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="(/_webui/static/[^"]+)"', html)


def test_the_page_links_content_hashed_assets(client):
    assets = linked_assets(client.get("/hello").get_data(as_text=True))
    assert len(assets) == 2, assets  # one stylesheet, one script
    for url in assets:
        assert re.search(r"-[A-Z0-9]{8}\.(css|js)$", url), url
        response = client.get(url)
        assert response.status_code == 200
        cache = response.headers["Cache-Control"]
        assert "immutable" in cache and int(re.search(r"max-age=(\d+)", cache).group(1)) >= 365 * 24 * 3600


def test_the_first_frame_waits_for_the_page_script(client):
    # Chromium paints nothing before the script has shown the first batch:
    # no empty frame first, and the form comes a frame sooner.
    head = client.get("/hello").get_data(as_text=True).split("</head>")[0]
    script = r'<script type="module" src="/_webui/static/webui-[A-Z0-9]{8}\.js" blocking="render">'
    assert re.search(script, head), head


def test_a_page_that_starts_with_html_fetches_the_sanitizer_beside_its_script():
    app = Flask(__name__)
    app.config["SECRET_KEY"] = "k"
    webui = FlaskWebUI(app)
    webui.add_page("/html", lambda: put_html("<b>hi</b>"), endpoint="html")
    webui.add_page("/trusted", lambda: put_html("<b>hi</b>", sanitize=False), endpoint="trusted")
    webui.add_page("/text", lambda: put_text("<b>hi</b>"), endpoint="text")
    client = app.test_client()
    sanitizer = (r'<script type="module" src="/_webui/static/chunks/sanitize-[A-Z0-9]{8}\.js"'
                 r' blocking="render">')
    assert re.search(sanitizer, client.get("/html").get_data(as_text=True).split("</head>")[0])
    for path in ("/trusted", "/text"):  # nothing to sanitize: it comes after the first frame
        assert "chunks/sanitize-" not in client.get(path).get_data(as_text=True)


def test_a_page_whose_first_batch_shows_a_code_field_loads_the_editor_with_its_head():
    app = Flask(__name__)
    app.config["SECRET_KEY"] = "k"
    webui = FlaskWebUI(app)
    webui.add_page("/code", lambda: textarea("Code", code={"mode": "python"}), endpoint="code")
    webui.add_page("/plain", lambda: textarea("Text"), endpoint="plain")
    client = app.test_client()
    editor = (r'<script type="module" src="/_webui/static/chunks/code_editor-[A-Z0-9]{8}\.js"'
              r' blocking="render">')
    assert re.search(editor, client.get("/code").get_data(as_text=True).split("</head>")[0])
    assert "chunks/code_editor-" not in client.get("/plain").get_data(as_text=True)


@pytest.mark.parametrize("accept, encoding", [("br", "br"), ("gzip, deflate, br", "br"), ("gzip", "gzip"),
                                              ("identity", None), ("", None)])
def test_assets_come_compressed_as_the_browser_accepts(client, accept, encoding):
    html = client.get("/hello").get_data(as_text=True)
    url = next(url for url in linked_assets(html) if url.endswith(".js"))
    plain = (STATIC_FOLDER / url.removeprefix("/_webui/static/")).read_bytes()
    response = client.get(url, headers={"Accept-Encoding": accept})
    assert response.headers.get("Content-Encoding") == encoding
    assert "Accept-Encoding" in response.headers["Vary"]
    assert response.headers["Content-Type"].startswith("text/javascript")
    body = response.get_data()
    if encoding == "gzip":
        assert gzip.decompress(body) == plain
    elif encoding is None:
        assert body == plain
    else:
        assert len(body) < len(plain) / 3


def test_bootstrap_beyond_our_widgets_arrives_after_the_first_form(page, live_server):
    page.goto(live_server.url + "/author-html")
    page.get_by_label("Done?").wait_for()
    alert = page.locator("#author-alert")
    expect(alert).to_have_css("padding-top", "16px")  # Bootstrap's .alert, from the rest
    expect(alert).to_have_css("color", "rgb(1, 2, 3)")  # the page's css_style still wins
    late = page.locator("link[data-webui=late]")
    expect(late).to_have_count(1)
    assert re.search(r"/webui-rest-[A-Z0-9]{8}\.css$", late.get_attribute("href"))


def test_a_rebuilt_manifest_is_read_again_once_it_is_time_to_look(tmp_path):
    manifest = tmp_path / "manifest.json"
    manifest.write_text('{"webui.js": "webui-AAAAAAAA.js"}')
    watching, cached = Assets(tmp_path, recheck_after=0), Assets(tmp_path, recheck_after=3600)
    assert watching.file("webui.js") == cached.file("webui.js") == "webui-AAAAAAAA.js"
    manifest.write_text('{"webui.js": "webui-BBBBBBBB.js"}')
    os.utime(manifest, (1, 1))  # a different mtime, however fast the file system's clock
    assert watching.file("webui.js") == "webui-BBBBBBBB.js"
    assert cached.file("webui.js") == "webui-AAAAAAAA.js"  # not looked at again within the hour


def test_no_manifest_is_a_clear_error(tmp_path):
    assert not Assets(tmp_path).built
    with pytest.raises(RuntimeError, match="npm run build"):
        Assets(tmp_path).file("webui.js")
