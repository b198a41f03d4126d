"""Who may use the analyst pages: the rules fail closed (issue 16 finding 5) and follow the listening address (issue 15.5)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from conftest import ROOT, open_page
from streamlit.testing.v1 import AppTest

from cinecoop import access
from cinecoop.access import SecretsReading, decide

AUTH = {
    "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
    "cookie_secret": "a-cookie-secret-for-tests",
    "client_id": "cinecoop",
    "client_secret": "a-client-secret-for-tests",
    "server_metadata_url": "http://127.0.0.1:9400/.well-known/openid-configuration",
}
SECRETS = {"auth": AUTH, "cinecoop": {"analysts": ["Ana.Lyst@example.org"]}}
ANALYST = {"is_logged_in": True, "email": "ana.lyst@example.org", "email_verified": True}
REFUSAL = "The analyst pages are not available to this account or in this deployment."
MISCONFIGURED_NOTE = "The analyst pages are off: the server's settings for them cannot be used. The server log says why."


# -- the pure rules ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "state"),
    [
        (None, "default"),
        ("  ", "default"),
        ("on", "on"),
        ("TRUE", "on"),
        ("1", "on"),
        ("off", "off"),
        ("No", "off"),
        ("disabled", "unknown"),
    ],
)
def test_the_switch_reads_on_off_default_or_unknown(value, state):
    assert access.switch({} if value is None else {"CINECOOP_ANALYST_PAGES": value}) == state


@pytest.mark.parametrize(
    ("address", "loopback"),
    [("127.0.0.1", True), ("127.0.1.1", True), ("::1", True), ("[::1]", True), ("localhost", True), ("", False), (None, False),
     ("0.0.0.0", False), ("::", False), ("10.0.0.5", False), ("cinecoop.example.org", False)],
)  # fmt: skip
def test_only_loopback_addresses_count_as_this_machine(address, loopback):
    assert access.is_loopback(address) is loopback


@pytest.mark.parametrize(
    ("environment", "secrets", "address", "user", "allowed", "reason"),
    [
        pytest.param({}, SecretsReading(), "127.0.0.1", None, True, access.LOOPBACK_WITHOUT_AUTH, id="own_machine"),
        pytest.param({}, SecretsReading(), "0.0.0.0", None, False, access.EXPOSED_WITHOUT_AUTH, id="exposed_without_auth"),
        pytest.param({}, SecretsReading(), None, None, False, access.EXPOSED_WITHOUT_AUTH, id="every_interface_without_auth"),
        pytest.param({"CINECOOP_ANALYST_PAGES": "on"}, SecretsReading(), "0.0.0.0", None, True, access.SWITCHED_ON_WITHOUT_AUTH, id="exposed_switched_on"),
        pytest.param({"CINECOOP_ANALYST_PAGES": "off"}, SecretsReading(), "127.0.0.1", None, False, access.SWITCHED_OFF, id="switched_off"),
        pytest.param({"CINECOOP_ANALYST_PAGES": "disabled"}, SecretsReading(), "127.0.0.1", None, False, access.UNKNOWN_SWITCH, id="unknown_switch"),
        pytest.param({}, SecretsReading(None, "Error parsing secrets file"), "127.0.0.1", None, False, access.SECRETS_UNREADABLE, id="unreadable"),
        pytest.param({"CINECOOP_ANALYST_PAGES": "on"}, SecretsReading(None, "bad"), "127.0.0.1", None, False, access.SECRETS_UNREADABLE, id="unreadable_switched_on"),
        pytest.param({}, SecretsReading(SECRETS), "0.0.0.0", ANALYST, True, access.LISTED, id="listed_analyst"),
        pytest.param({}, SecretsReading(SECRETS), "0.0.0.0", {"is_logged_in": False}, False, access.SIGNED_OUT, id="signed_out"),
        pytest.param({}, SecretsReading(SECRETS), "0.0.0.0", {"is_logged_in": "true", "email": "ana.lyst@example.org"}, False, access.SIGNED_OUT, id="logged_in_not_boolean"),
        pytest.param({}, SecretsReading(SECRETS), "0.0.0.0", {**ANALYST, "email": "director@example.org"}, False, access.NOT_LISTED, id="not_listed"),
        pytest.param({}, SecretsReading(SECRETS), "0.0.0.0", {**ANALYST, "email_verified": False}, False, access.ADDRESS_UNVERIFIED, id="unverified"),
        pytest.param({}, SecretsReading(SECRETS), "0.0.0.0", {**ANALYST, "email_verified": "false"}, False, access.VERIFIED_NOT_BOOLEAN, id="verified_as_text_false"),
        pytest.param({}, SecretsReading(SECRETS), "0.0.0.0", {**ANALYST, "email_verified": "true"}, False, access.VERIFIED_NOT_BOOLEAN, id="verified_as_text_true"),
        pytest.param({}, SecretsReading(SECRETS), "0.0.0.0", {**ANALYST, "email_verified": 1}, False, access.VERIFIED_NOT_BOOLEAN, id="verified_as_number"),
        pytest.param({}, SecretsReading(SECRETS), "0.0.0.0", {"is_logged_in": True, "email": "ana.lyst@example.org"}, True, access.LISTED, id="provider_silent_on_verification"),
        pytest.param({}, SecretsReading(SECRETS), "0.0.0.0", {"is_logged_in": True, "email_verified": True}, False, access.NO_ADDRESS, id="no_address"),
        pytest.param({"CINECOOP_ANALYST_PAGES": "on"}, SecretsReading(SECRETS), "0.0.0.0", {"is_logged_in": False}, False, access.SIGNED_OUT, id="switched_on_still_needs_sign_in"),
    ],
)  # fmt: skip
def test_decisions(environment, secrets, address, user, allowed, reason):
    decision = decide(environment, secrets, address, user)
    assert (decision.allowed, decision.reason) == (allowed, reason), decision.detail


@pytest.mark.parametrize(
    ("secrets", "problem"),
    [
        ({"auth": "yes"}, "[auth] is not a section"),
        ({"auth": {**AUTH, "cookie_secret": ""}}, "[auth] lacks cookie_secret"),
        ({"auth": {key: value for key, value in AUTH.items() if key != "redirect_uri"}}, "[auth] lacks redirect_uri"),
        ({"auth": {"redirect_uri": "x", "cookie_secret": "y", "client_id": "z"}}, "[auth] names no provider"),
        ({"auth": AUTH, "cinecoop": {"analysts": "ana.lyst@example.org"}}, "[cinecoop] analysts is not a list"),
        ({"auth": AUTH, "cinecoop": {"analysts": ["ana.lyst@example.org", 7]}}, "[cinecoop] analysts is not a list"),
        ({"auth": AUTH, "cinecoop": {"analysts": ["ana.lyst"]}}, "1 entries that are not e-mail addresses"),
        ({"auth": AUTH, "cinecoop": "analysts"}, "[cinecoop] is not a section"),
    ],
)
def test_sign_in_settings_that_cannot_be_used_keep_the_pages_off_and_say_why(secrets, problem):
    decision = decide({}, SecretsReading(secrets), "127.0.0.1", ANALYST)
    assert (decision.allowed, decision.reason, decision.sign_in) == (False, access.AUTH_MALFORMED, False)
    assert problem in decision.detail


def test_a_named_provider_is_used_when_auth_holds_no_unnamed_one():
    named = {
        "redirect_uri": "x",
        "cookie_secret": "y",
        "broken": {"client_id": "a"},
        "corporate": {key: "v" for key in access.PROVIDER_KEYS},
    }
    assert access.sign_in({"auth": named}).provider == "corporate"
    assert access.sign_in(SECRETS).provider is None
    assert access.sign_in(SECRETS).analysts == frozenset({"ana.lyst@example.org"})


# -- in the app ---------------------------------------------------------------------------------------------
@pytest.fixture
def dashboard(make_data, app_env, monkeypatch, tmp_path: Path, caplog):
    """The dashboard on the mini data, reading secrets only from a file this test writes (none until it does)."""
    from streamlit import config
    from streamlit.runtime.secrets import secrets_singleton

    app_env(make_data())
    monkeypatch.delenv("CINECOOP_ANALYST_PAGES", raising=False)
    secrets_file = tmp_path / "secrets" / "secrets.toml"
    secrets_file.parent.mkdir()
    before = config.get_option("secrets.files")
    config.set_option("secrets.files", [str(secrets_file)])
    secrets_singleton._reset()
    access._logged.clear()
    caplog.set_level(logging.INFO, logger="cinecoop.access")
    yield secrets_file
    config.set_option("secrets.files", before)
    secrets_singleton._reset()
    access._logged.clear()


def run_app(url_path: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).run()
    assert not at.exception
    if url_path:
        open_page(at, url_path).run()
    return at


def registered(at: AppTest) -> set[str]:
    return {info["url_pathname"] for info in at._registered_pages.values()}


def access_log(caplog) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.name == "cinecoop.access"]


def test_a_secrets_file_with_a_missing_quote_turns_the_analyst_pages_off_and_says_so(dashboard, caplog):
    dashboard.write_text(
        '[auth]\nredirect_uri = "http://127.0.0.1:8501/oauth2callback\ncookie_secret = "s"\n\n[cinecoop]\nanalysts = ["ana.lyst@example.org"]\n'
    )
    at = run_app()
    assert "workbench" not in registered(at)
    assert MISCONFIGURED_NOTE in [caption.value for caption in at.sidebar.caption]
    assert not [button for button in at.sidebar.button if button.label == "Sign in (analysts)"]
    [line] = access_log(caplog)
    assert line.startswith("analyst pages: off: the secrets cannot be read, so sign-in cannot be trusted: Error parsing secrets file at")
    assert str(dashboard) in line


def test_an_unknown_switch_value_turns_the_analyst_pages_off_and_says_so(dashboard, monkeypatch, caplog):
    monkeypatch.setenv("CINECOOP_ANALYST_PAGES", "disabled")
    at = run_app()
    assert "workbench" not in registered(at)
    assert MISCONFIGURED_NOTE in [caption.value for caption in at.sidebar.caption]
    assert access_log(caplog) == [
        "analyst pages: off: CINECOOP_ANALYST_PAGES='disabled' is neither on (on, 1, true, yes) nor off (off, 0, false, no); "
        "the analyst pages stay off"
    ]


def test_email_verified_given_as_the_text_false_is_not_a_verified_address(dashboard):
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.secrets = SECRETS
    at.user = {**ANALYST, "email_verified": "false"}
    at.run()
    assert not at.exception
    open_page(at, "workbench").run()
    assert REFUSAL in [element.value for element in at.error]
    assert not [toggle for toggle in at.toggle if toggle.key == "wb_use_filters"]  # no sandbox
    assert "The sign-in provider has not confirmed this account's address, so the analyst pages stay hidden." in [
        caption.value for caption in at.sidebar.caption
    ]
    assert "Sign out" in [button.label for button in at.sidebar.button]


def test_a_server_listening_beyond_loopback_without_sign_in_keeps_the_analyst_pages_off_and_logs_it(dashboard, caplog):
    from streamlit import config

    config.set_option("server.address", "0.0.0.0")
    at = run_app()
    assert "workbench" not in registered(at) and "analyst_charts" not in registered(at)
    assert {"exchange", "data_quality"} <= registered(at)
    assert access_log(caplog) == [
        "analyst pages: off: the server listens on 0.0.0.0 and no [auth] is configured; "
        "set up sign-in, or CINECOOP_ANALYST_PAGES=on to open them to everyone who reaches the server"
    ]


def test_switched_on_explicitly_a_server_beyond_loopback_shows_the_analyst_pages_with_a_warning_in_the_log(dashboard, monkeypatch, caplog):
    from streamlit import config

    config.set_option("server.address", "0.0.0.0")
    monkeypatch.setenv("CINECOOP_ANALYST_PAGES", "on")
    at = run_app("workbench")
    assert REFUSAL not in [element.value for element in at.error]
    assert [toggle for toggle in at.toggle if toggle.key == "wb_use_filters"]  # the sandbox
    assert [(record.levelname, record.getMessage()) for record in caplog.records if record.name == "cinecoop.access"] == [
        ("WARNING", "analyst pages: on: CINECOOP_ANALYST_PAGES=on with no [auth]: anyone who reaches the server on 0.0.0.0 may use them")
    ]


def test_on_loopback_without_sign_in_the_analyst_pages_are_shown(dashboard):
    at = run_app("workbench")
    assert REFUSAL not in [element.value for element in at.error]
    assert [toggle for toggle in at.toggle if toggle.key == "wb_use_filters"]  # the sandbox


def test_a_well_formed_secrets_file_puts_the_analyst_pages_behind_sign_in(dashboard, caplog):
    dashboard.write_text(
        "[auth]\n" + "".join(f'{key} = "{value}"\n' for key, value in AUTH.items()) + '\n[cinecoop]\nanalysts = ["ana.lyst@example.org"]\n'
    )
    at = run_app("workbench")
    assert REFUSAL in [element.value for element in at.error]  # nobody is signed in
    assert "Sign in (analysts)" in [button.label for button in at.sidebar.button]
    assert access_log(caplog) == ["analyst pages: behind sign-in ([auth] configured)"]
