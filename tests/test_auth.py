"""Pages behind a login: the page request and its Socket.IO connection are
both refused to the wrong browser; a token stays bound to its user."""

import requests
from playwright.sync_api import expect

from harness.pages import PageClient, cookie_header, page_config
from harness.processes import wait_until
from tests.test_socketio import refusal


def signed_in(live_server, name):
    http = requests.Session()
    http.get(f"{live_server.url}/sign-in/{name}", timeout=5, allow_redirects=False).raise_for_status()
    return http


def test_login_required_redirects_to_the_login_view_then_greets_the_user(page, live_server):
    page.goto(live_server.url + "/admin")
    expect(page).to_have_url(live_server.url + "/sign-in?next=%2Fadmin")
    page.goto(live_server.url + "/sign-in/ada")
    expect(page.get_by_text("Hello ada")).to_be_visible()


def test_authorize_refuses_with_403(live_server):
    assert requests.get(live_server.url + "/ada-only", timeout=5).status_code == 403
    assert signed_in(live_server, "bob").get(live_server.url + "/ada-only", timeout=5).status_code == 403
    assert signed_in(live_server, "ada").get(live_server.url + "/ada-only", timeout=5).status_code == 200


def test_socketio_connect_needs_the_same_browser_and_logged_in_user(live_server):
    ada = signed_in(live_server, "ada")
    config = page_config(live_server.url + "/admin", ada)
    namespace, auth = config["namespace"], {"token": config["token"]}
    assert refusal(live_server.url, namespace, auth) == \
        "the session token was issued to another browser; reload the page"
    assert refusal(live_server.url, namespace, auth, cookie_header(signed_in(live_server, "bob"))) == \
        "the session token was issued to another browser; reload the page"
    with PageClient(live_server.url, "/admin", http=ada) as page:
        assert page.next_command("output")["spec"]["content"] == "Hello ada"
    # The same browser, signed in as someone else since.
    ada.get(f"{live_server.url}/sign-in/bob", timeout=5, allow_redirects=False).raise_for_status()
    assert refusal(live_server.url, namespace, auth, cookie_header(ada)) == \
        "this page was opened by another user; reload the page"


def test_after_logout_the_old_token_cannot_reconnect(live_server):
    ada = signed_in(live_server, "ada")
    page = PageClient(live_server.url, "/admin", http=ada)
    page.next_command("input_group")
    seq = page.last_seq
    page.close()
    ada.get(live_server.url + "/sign-out", timeout=5).raise_for_status()
    auth = {"token": page.token, "ack": seq}
    assert refusal(live_server.url, page.namespace, auth, cookie_header(ada)) == "this page needs a login"


def test_the_test_client_applies_the_same_rules_and_a_login_ends_with_its_token():
    import pytest
    from flask_login import current_user

    from flask_webui.input import input
    from flask_webui.output import put_text
    from tests.apps import pages

    app, webui = pages.create_app(WEBUI_TOKEN_MAX_AGE=0.5)
    webui.add_page("/mine", lambda: (put_text(f"mine: {current_user.id}"), input("Done?")),
                   endpoint="mine", login_required=True)
    client = webui.test_client()
    with pytest.raises(PermissionError, match="this page needs a login"):
        client.open("/mine")
    set_cookies = app.test_client().get("/sign-in/ada").headers.getlist("Set-Cookie")
    cookie = next(c for c in set_cookies if c.startswith("session=")).split(";")[0]
    page = client.open("/mine", headers={"Cookie": cookie})
    assert page.text == "mine: ada"  # (the page ran before its login expired)
    wait_until(page.session.closed, what="the expired login to end the session")
    assert page.session.close_reason == "the page's login has expired"


def test_the_test_client_shares_cookies_with_flasks_test_client():
    import pytest

    from tests.apps import pages

    app, webui = pages.create_app()
    http = app.test_client()
    client = webui.test_client(http)
    http.get("/sign-in/ada")  # the login lands in http's cookie jar: no Set-Cookie copied by hand
    assert client.open("/admin").text == "Hello ada"
    http.get("/sign-out")
    with pytest.raises(PermissionError, match="this page needs a login"):
        client.open("/admin")
