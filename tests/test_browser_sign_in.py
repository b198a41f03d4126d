"""Analyst sign-in proven in a browser against a real OpenID Connect provider started by the test (oidc-provider-mock).

Streamlit's st.login runs Authlib's authorization-code flow unpatched: the browser goes to the provider's login form,
the provider redirects back to /oauth2callback, the server exchanges the code for tokens over HTTP and sets its cookie."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ARTIFACTS, write_folder
from playwright.sync_api import expect

from cinecoop.launch import Replica, free_port

# The provider calls Authlib APIs that Authlib has since deprecated: its warnings, not ours (the two raised at its
# import remain: Authlib forces its own deprecation warnings to show).
pytestmark = [pytest.mark.browser, pytest.mark.filterwarnings("ignore:.*is deprecated")]

ANALYST = "ana.lyst@example.org"
DIRECTOR = "director@example.org"
REFUSAL = "The analyst pages are not available to this account or in this deployment."
NOT_LISTED = "This account is not on the analyst list, so the analyst pages stay hidden."
FINISHED = '[data-testid="stApp"][data-test-script-state="notRunning"]'
SCREENINGS = """screening_id,screening_date,program,film_title,film_country,host_country,city,seats
S1,2025-03-01,Russian Film Days in Iran,Film A,RU,IR,Tehran,100
"""
ATTENDANCE = "screening_id,ticket_type,admissions\nS1,paid,50\n"
AGREEMENTS = "agreement_id,title,agreement_type,parties,countries,status,proposed_date\nA1,Memo,memorandum,A;B,IR;RU,proposed,2025-01-01\n"


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    """A real OpenID Connect provider on loopback, knowing the analyst and a director (both with verified addresses)."""
    import werkzeug.serving
    from oidc_provider_mock import User, app

    users = [User(sub=email, claims={"email": email, "email_verified": True}) for email in (ANALYST, DIRECTOR)]
    server = werkzeug.serving.make_server("127.0.0.1", 0, app(user_claims=users, require_nonce=True), threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(10)


@pytest.fixture(scope="module")
def signed_app(provider: str, tmp_path_factory) -> Iterator[Replica]:
    """The dashboard with [auth] pointing at the provider; its secrets file lives in a temporary folder, never the repo."""
    folder = tmp_path_factory.mktemp("sign_in")
    data = write_folder(folder / "data", {"screenings.csv": SCREENINGS, "attendance.csv": ATTENDANCE, "agreements.csv": AGREEMENTS})
    port = free_port()
    secrets = folder / "secrets.toml"
    secrets.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        'cookie_secret = "a-cookie-secret-made-for-this-test-only"\n'
        'client_id = "cinecoop"\n'
        'client_secret = "a-client-secret-made-for-this-test-only"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n'
        "\n[cinecoop]\n"
        f'analysts = ["{ANALYST.upper()}"]\n'
    )
    replica = Replica(
        ARTIFACTS / f"sign-in-{port}.log",
        port=port,
        env={"CINECOOP_DATA_DIR": str(data), "CINECOOP_STORE_DIR": str(folder / "store")},
        options=["--secrets.files", str(secrets)],
        name="sign-in",
    ).start()
    yield replica
    replica.stop()


def settle(page) -> None:
    page.wait_for_selector(FINISHED, timeout=90_000)
    page.wait_for_timeout(300)
    page.wait_for_selector(FINISHED, timeout=90_000)


def navigation(page):
    return page.locator('[data-testid="stSidebarNav"]')


def sign_in(page, app_url: str, provider: str, email: str) -> None:
    page.goto(app_url + "/")
    settle(page)
    expect(navigation(page).get_by_text("Workbench")).to_have_count(0)
    page.get_by_role("button", name="Sign in (analysts)").click()
    # The provider's own login form: one button per known user.
    page.wait_for_url(re.compile(re.escape(provider) + r"/oauth2/authorize"), timeout=60_000)
    page.get_by_role("button", name=email).click()
    page.wait_for_url(re.compile(re.escape(app_url) + r"/(\?.*)?$"), timeout=60_000)
    settle(page)


def sign_out(page, app_url: str, provider: str) -> None:
    page.get_by_role("button", name="Sign out").click()
    # The provider's end-session page asks for a confirmation, then sends the browser back to the app.
    page.wait_for_url(re.compile(re.escape(provider) + r"/oauth2/end_session"), timeout=60_000)
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(re.compile(re.escape(app_url) + r"/"), timeout=60_000)
    settle(page)


def test_an_analyst_on_the_list_signs_in_reaches_the_workbench_and_signing_out_hides_it(signed_app, provider, page):
    sign_in(page, signed_app.url, provider, ANALYST)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    expect(navigation(page).get_by_text("Workbench")).to_be_visible()
    navigation(page).get_by_text("Workbench").click()
    settle(page)
    assert page.url.split("?")[0] == f"{signed_app.url}/workbench"
    expect(page.get_by_text(REFUSAL)).to_have_count(0)
    expect(page.get_by_role("tab", name="SQL sandbox")).to_be_visible()

    sign_out(page, signed_app.url, provider)
    expect(page.get_by_role("button", name="Sign in (analysts)")).to_be_visible()
    expect(navigation(page).get_by_text("Workbench")).to_have_count(0)
    page.goto(f"{signed_app.url}/workbench")
    settle(page)
    expect(page.get_by_text(REFUSAL)).to_be_visible()
    expect(page.get_by_role("tab", name="SQL sandbox")).to_have_count(0)


def test_a_signed_in_reader_not_on_the_list_does_not_see_the_workbench_and_is_refused_at_its_address(signed_app, provider, page):
    sign_in(page, signed_app.url, provider, DIRECTOR)
    expect(page.get_by_text(NOT_LISTED)).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    expect(navigation(page).get_by_text("Workbench")).to_have_count(0)
    expect(navigation(page).get_by_text("Analyst charts")).to_have_count(0)
    page.goto(f"{signed_app.url}/workbench")
    settle(page)
    expect(page.get_by_text(REFUSAL)).to_be_visible()
    expect(page.get_by_role("tab", name="SQL sandbox")).to_have_count(0)
    expect(page.locator('[data-testid="stCodeEditor"], textarea')).to_have_count(0)
    assert "Traceback" not in Path(signed_app.log_path).read_text()
