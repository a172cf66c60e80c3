"""Rooms in one process, through the headless client: several pages in one
room see each other's messages, broadcasts, presence and leaves."""

import pytest

from tests.apps import pages


@pytest.fixture
def app_and_webui():
    return pages.create_app()


@pytest.fixture
def client(app_and_webui):
    with app_and_webui[1].test_client() as client:  # its sessions end with the test
        yield client


def chat_lines(page):
    return page.scope_text("chat").splitlines()


def test_messages_reach_every_member_in_order_and_presence_shows_both(client):
    ada = client.open("/room", query_string={"nick": "ada"})
    bob = client.open("/room", query_string={"nick": "bob"})
    client.wait_idle()
    assert chat_lines(ada) == ["* ada joins", "* bob joins"]
    assert chat_lines(bob) == ["* bob joins"]
    for text in ("one", "two", "three"):
        ada.submit(text)
    bob.submit("hello ada")
    client.wait_idle()
    said = ["ada: one", "ada: two", "ada: three", "bob: hello ada"]
    assert chat_lines(ada)[2:] == said
    assert chat_lines(bob)[1:] == said
    bob.submit("/who")
    assert chat_lines(bob)[-1] == "here: ada, bob"


def test_broadcast_puts_output_on_every_page_or_all_but_the_sender(client):
    ada = client.open("/room", query_string={"nick": "ada"})
    bob = client.open("/room", query_string={"nick": "bob"})
    ada.submit("/all tea is ready")
    ada.submit("/others ada went out")
    client.wait_idle()
    assert "[all] tea is ready" in chat_lines(ada) and "[all] tea is ready" in chat_lines(bob)
    assert "[others] ada went out" in chat_lines(bob)
    assert "[others] ada went out" not in chat_lines(ada)
    # The broadcast is an ordinary command of each page: numbered and in its history.
    assert any(c["command"] == "output" and c["spec"].get("content") == "[all] tea is ready"
               for c in bob.commands)
    assert bob.session.can_resume()


def test_a_nickname_is_unique_in_the_room(client):
    client.open("/room", query_string={"nick": "ada"})
    second = client.open("/room", query_string={"nick": "ada"})
    assert second.text.startswith("taken: 'ada' is taken in room 'lobby'")


def test_leaving_and_closing_the_tab_are_announced_and_leave_the_presence(client):
    ada = client.open("/room", query_string={"nick": "ada"})
    bob = client.open("/room", query_string={"nick": "bob"})
    cid = client.open("/room", query_string={"nick": "cid"})
    bob.close_tab()
    cid.submit("/leave")
    client.wait_idle()
    assert chat_lines(ada)[-2:] == ["* bob leaves", "* cid leaves"]
    ada.submit("/who")
    assert chat_lines(ada)[-1] == "here: ada"


def test_comings_and_goings_nobody_asks_about_never_push_a_message_out(app_and_webui, client, monkeypatch):
    monkeypatch.setattr("flask_webui.rooms.hub.MAX_WAITING_MESSAGES", 10)
    app, _webui = app_and_webui
    quiet = client.open("/quiet-member")
    assert app.test_client().get("/quiet-say/hello").text == "ok"
    for _ in range(8):  # 16 presence events, more than the messages kept
        client.open("/quiet-visitor")
    client.wait_idle()
    quiet.submit("yes")
    assert quiet.text.splitlines()[-1] == "got: hello"


def test_a_plain_view_publishes_into_the_room(app_and_webui, client):
    app, _webui = app_and_webui
    ada = client.open("/room", query_string={"nick": "ada"})
    assert app.test_client().get("/announce/maintenance at five").text == "ok"
    client.wait_idle()
    assert chat_lines(ada)[-1] == "maintenance at five"


def test_send_to_user_reaches_every_tab_of_that_user_only(app_and_webui):
    app, webui = app_and_webui
    http = app.test_client()
    http.get("/sign-in/ada")
    tabs = [webui.test_client(http).open("/inbox") for _ in range(2)]
    other = webui.test_client().open("/inbox", query_string={"key": "bob"})
    assert tabs[0].text == "inbox of ada"
    app.test_client().get("/notify/ada/report ready")
    app.test_client().get("/notify/bob/for bob")
    for page in (*tabs, other):
        page.wait_idle()
    assert [tab.text.splitlines()[-1] for tab in tabs] == ["got: report ready"] * 2
    assert other.text.splitlines()[-1] == "got: for bob"


def test_history_hands_the_last_messages_to_a_member_who_joins():
    _app, webui = pages.create_app(WEBUI_ROOM_HISTORY=2)
    client = webui.test_client()
    ada = client.open("/room", query_string={"nick": "ada"})
    for text in ("one", "two", "three"):
        ada.submit(text)
    bob = client.open("/room", query_string={"nick": "bob"})
    client.wait_idle()
    assert chat_lines(bob) == ["ada: two", "ada: three", "* bob joins"]


def test_bad_room_input_is_a_clear_value_error():
    _app, webui = pages.create_app()
    page = webui.test_client().open("/room-errors")
    refused = page.text.splitlines()
    assert refused[0].startswith("refused: a room name must be a printable string of 1 to 128")
    assert refused[1].startswith("refused: member info must be JSON-serialisable")
    assert refused[2] == "refused: a room message is larger than 65536 bytes as JSON"
    assert refused[3].startswith("refused: widgets with callbacks cannot be broadcast")
