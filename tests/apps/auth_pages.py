"""Pages behind Flask-Login, for the auth tests."""

from __future__ import annotations

from flask import Flask, redirect
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user

from flask_webui import FlaskWebUI
from flask_webui.input import input
from flask_webui.output import put_text


class User(UserMixin):
    def __init__(self, user_id: str) -> None:
        self.id = user_id


def register_auth_pages(app: Flask, webui: FlaskWebUI) -> None:
    manager = LoginManager(app)
    manager.login_view = "sign_in"
    manager.user_loader(User)

    @app.route("/sign-in")
    def sign_in() -> str:
        return "please sign in"

    @app.route("/sign-in/<name>")
    def sign_in_as(name: str) -> object:
        login_user(User(name))
        return redirect("/admin")

    @app.route("/sign-out")
    def sign_out() -> str:
        logout_user()
        return "signed out"

    @webui.page("/admin", login_required=True)
    def admin() -> None:
        put_text(f"Hello {current_user.id}")
        input("Done?")

    @webui.page("/ada-only", authorize=lambda: current_user.is_authenticated and current_user.id == "ada")
    def ada_only() -> None:
        put_text("for Ada")
        input("Done?")
