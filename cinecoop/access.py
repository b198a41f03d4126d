"""Who may use the analyst pages (Workbench, sandbox, Analyst charts): pure decisions with reasons, and the thin Streamlit layer.

The rules fail closed. Only an explicit, well-formed configuration turns the analyst pages on:

1. `CINECOOP_ANALYST_PAGES=off` (or 0, false, no): off, a leadership-only deployment.
2. Any other value that is not on/1/true/yes (a typo such as `disabled`): off, and the log says why.
3. A secrets file that cannot be read (a missing quote in `.streamlit/secrets.toml`): off, whatever else is set,
   since the broken file may be the very `[auth]` section that was meant to guard the pages.
4. An `[auth]` section that lacks what sign-in needs, or an analyst list that is not a list of addresses: off.
5. `[auth]` well formed: signed-in readers whose verified address is on `[cinecoop] analysts` only. An address the
   provider marks unverified is refused, and so is an `email_verified` claim that is not a boolean (`"false"`).
6. No `[auth]`: on when switched on explicitly (`CINECOOP_ANALYST_PAGES=on`), or when the server listens on loopback
   only (an analyst's own machine, `make run`); off on any other address, and the log says so.

decide() and its helpers take values and return a Decision; the functions after them read those values from Streamlit
(st.secrets, st.user, the `server.address` option) and draw the sidebar's sign-in block."""

from __future__ import annotations

import ipaddress
import logging
import os
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cinecoop.view import View

SWITCH_ENV = "CINECOOP_ANALYST_PAGES"
# The address readers reach the dashboard at when a proxy stands in front of it (the replicas themselves listen on
# loopback): set by `python -m cinecoop.cluster`, and to be set for any proxy put in front of `make run`.
PUBLIC_ADDRESS_ENV = "CINECOOP_PUBLIC_ADDRESS"
ON_VALUES = ("on", "1", "true", "yes")
OFF_VALUES = ("off", "0", "false", "no")
# What Streamlit's st.login needs of one provider, and of [auth] itself.
PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")
AUTH_KEYS = ("redirect_uri", "cookie_secret")

# Reasons a decision gives. Those of the deployment are the same for every reader; the others depend on who signs in.
SWITCHED_OFF = "switched_off"
UNKNOWN_SWITCH = "unknown_switch"
SECRETS_UNREADABLE = "secrets_unreadable"
AUTH_MALFORMED = "auth_malformed"
EXPOSED_WITHOUT_AUTH = "exposed_without_auth"
LOOPBACK_WITHOUT_AUTH = "loopback_without_auth"
SWITCHED_ON_WITHOUT_AUTH = "switched_on_without_auth"
SIGNED_OUT = "signed_out"
ADDRESS_UNVERIFIED = "address_unverified"
VERIFIED_NOT_BOOLEAN = "email_verified_not_boolean"
NO_ADDRESS = "no_address"
NOT_LISTED = "not_listed"
LISTED = "listed"
# Settings that cannot be used: the page says the analyst pages are off and points to the log.
MISCONFIGURED = (UNKNOWN_SWITCH, SECRETS_UNREADABLE, AUTH_MALFORMED)


@dataclass(frozen=True)
class Decision:
    """Whether this reader may use the analyst pages, and why, in words for the server log."""

    allowed: bool
    reason: str
    detail: str
    # Sign-in is configured and usable: the sidebar offers it, and the analyst pages exist (hidden from those refused).
    sign_in: bool = False

    @property
    def misconfigured(self) -> bool:
        return self.reason in MISCONFIGURED


@dataclass(frozen=True)
class SecretsReading:
    """The parsed secrets (None when there is no secrets file at all), or the reason they could not be read."""

    values: Mapping[str, Any] | None = None
    error: str | None = None


@dataclass(frozen=True)
class SignIn:
    """What the secrets say about sign-in: absent, malformed (with the problem) or ready (with the analyst list)."""

    state: str  # absent, malformed, ready
    problem: str = ""
    analysts: frozenset[str] = frozenset()
    provider: str | None = None  # the named provider st.login is given; None for the one unnamed provider in [auth]


# -- pure rules -------------------------------------------------------------------------------------------
def switch(environment: Mapping[str, str]) -> str:
    """The switch as set: "default" (unset or blank), "on", "off", or "unknown"."""
    value = (environment.get(SWITCH_ENV) or "").strip().lower()
    if not value:
        return "default"
    if value in ON_VALUES:
        return "on"
    if value in OFF_VALUES:
        return "off"
    return "unknown"


def is_loopback(address: str | None) -> bool:
    """True when the server listens on this machine only. No address means every interface, which is not loopback."""
    text = (address or "").strip().strip("[]")
    if not text:
        return False
    if text.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(text).is_loopback
    except ValueError:
        return False  # a host name other than localhost may resolve to anything


def _filled(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def sign_in(secrets: Mapping[str, Any] | None) -> SignIn:
    """Read the [auth] and [cinecoop] sections of parsed secrets; a section that is there but unusable is "malformed"."""
    secrets = secrets or {}
    auth = secrets.get("auth")
    if auth is None:
        return SignIn("absent")
    if not isinstance(auth, Mapping):
        return SignIn("malformed", "[auth] is not a section")
    missing = [key for key in AUTH_KEYS if not _filled(auth.get(key))]
    if missing:
        return SignIn("malformed", f"[auth] lacks {', '.join(missing)}")
    provider: str | None = None
    if not all(_filled(auth.get(key)) for key in PROVIDER_KEYS):
        # One unnamed provider sits in [auth] itself; named ones in [auth.NAME] subsections, and the first one is used.
        named = [name for name, value in auth.items() if isinstance(value, Mapping)]
        usable = [name for name in named if all(_filled(auth[name].get(key)) for key in PROVIDER_KEYS)]
        if not usable:
            return SignIn("malformed", f"[auth] names no provider with {', '.join(PROVIDER_KEYS)}")
        provider = usable[0]
    section = secrets.get("cinecoop", {})
    if not isinstance(section, Mapping):
        return SignIn("malformed", "[cinecoop] is not a section")
    listed = section.get("analysts", [])
    if not isinstance(listed, (list, tuple)) or not all(isinstance(email, str) for email in listed):
        return SignIn("malformed", '[cinecoop] analysts is not a list of addresses such as ["analyst@example.org"]')
    analysts = frozenset(email.strip().lower() for email in listed if email.strip())
    not_addresses = sorted(email for email in analysts if "@" not in email)
    if not_addresses:
        return SignIn("malformed", f"[cinecoop] analysts holds {len(not_addresses)} entries that are not e-mail addresses")
    return SignIn("ready", analysts=analysts, provider=provider)


def decide(environment: Mapping[str, str], secrets: SecretsReading, address: str | None, user: Mapping[str, Any] | None = None) -> Decision:
    """The decision for one reader: the switch, the secrets (or why they cannot be read), the listening address, the claims."""
    state = switch(environment)
    if state == "off":
        return Decision(False, SWITCHED_OFF, f"{SWITCH_ENV}=off: a leadership-only deployment")
    if state == "unknown":
        value = environment.get(SWITCH_ENV, "")
        return Decision(
            False,
            UNKNOWN_SWITCH,
            f"{SWITCH_ENV}={value!r} is neither on ({', '.join(ON_VALUES)}) nor off ({', '.join(OFF_VALUES)}); the analyst pages stay off",
        )
    if secrets.error is not None:
        return Decision(False, SECRETS_UNREADABLE, f"the secrets cannot be read, so sign-in cannot be trusted: {secrets.error}")
    configured = sign_in(secrets.values)
    if configured.state == "malformed":
        return Decision(False, AUTH_MALFORMED, f"the sign-in settings cannot be used: {configured.problem}")
    if configured.state == "absent":
        if state == "on":
            where = "on loopback" if is_loopback(address) else f"on {address or 'every interface'}"
            return Decision(
                True, SWITCHED_ON_WITHOUT_AUTH, f"{SWITCH_ENV}=on with no [auth]: anyone who reaches the server {where} may use them"
            )
        if is_loopback(address):
            return Decision(True, LOOPBACK_WITHOUT_AUTH, f"no [auth], and the server listens on {address} only")
        return Decision(
            False,
            EXPOSED_WITHOUT_AUTH,
            f"the server listens on {address or 'every interface'} and no [auth] is configured; "
            f"set up sign-in, or {SWITCH_ENV}=on to open them to everyone who reaches the server",
        )
    return _reader(configured, user or {})


def _reader(configured: SignIn, user: Mapping[str, Any]) -> Decision:
    if user.get("is_logged_in") is not True:
        return Decision(False, SIGNED_OUT, "not signed in", sign_in=True)
    verified = user.get("email_verified", True)  # a provider that does not say is taken at its word, as before
    if verified is False:
        return Decision(False, ADDRESS_UNVERIFIED, "the provider marks the address unverified", sign_in=True)
    if verified is not True:
        return Decision(False, VERIFIED_NOT_BOOLEAN, f"email_verified is {verified!r}, not true or false", sign_in=True)
    email = user.get("email")
    if not isinstance(email, str) or not email.strip():
        return Decision(False, NO_ADDRESS, "the provider gave no e-mail address", sign_in=True)
    if email.strip().lower() not in configured.analysts:
        return Decision(False, NOT_LISTED, "the address is not on [cinecoop] analysts", sign_in=True)
    return Decision(True, LISTED, "a signed-in analyst on the list", sign_in=True)


# -- the Streamlit layer ----------------------------------------------------------------------------------
logger = logging.getLogger(__name__)
_logged: set[tuple[str, str]] = set()  # the deployment's decisions already in the log (not a reader's)
_logged_lock = threading.Lock()


def read_secrets() -> SecretsReading:
    """st.secrets parsed, or why not: no secrets file is not an error, a file that does not parse is."""
    import streamlit as st
    from streamlit.errors import StreamlitSecretNotFoundError

    try:
        return SecretsReading(st.secrets.to_dict())
    except StreamlitSecretNotFoundError as error:
        if getattr(error, "error_id", None) == "no-secrets-found":
            return SecretsReading(None)
        return SecretsReading(None, str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__)
    except Exception as error:  # whatever else breaks the reading, nothing may open on it
        return SecretsReading(None, f"{type(error).__name__}: {error}")


def server_address() -> str | None:
    """Where readers reach the server: CINECOOP_PUBLIC_ADDRESS behind a proxy, else Streamlit's server.address (the
    interface it listens on; empty means every interface)."""
    from streamlit import config

    return os.environ.get(PUBLIC_ADDRESS_ENV, "").strip() or config.get_option("server.address")


def user_claims() -> dict[str, Any]:
    import streamlit as st

    try:
        return dict(st.user.to_dict())
    except Exception:  # no [auth], or secrets that cannot be read: nobody is signed in
        return {}


def current() -> Decision:
    """This reader's decision, from the process environment, the secrets, the listening address and st.user."""
    secrets = read_secrets()
    settings = decide(os.environ, secrets, server_address())
    decision = decide(os.environ, secrets, server_address(), user_claims()) if settings.sign_in else settings
    _log(settings)
    return decision


def _log(decision: Decision) -> None:
    """One line in the server log for each decision of the deployment, the first time it is made in this process."""
    key = (decision.reason, decision.detail)
    with _logged_lock:
        if key in _logged:
            return
        _logged.add(key)
    if not logger.handlers and not logging.getLogger().handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    if decision.sign_in:
        logger.info("analyst pages: behind sign-in (%s)", decision.detail if decision.reason != SIGNED_OUT else "[auth] configured")
    elif decision.allowed:
        level = logging.WARNING if decision.reason == SWITCHED_ON_WITHOUT_AUTH else logging.INFO
        logger.log(level, "analyst pages: on: %s", decision.detail)
    else:
        level = logging.INFO if decision.reason == SWITCHED_OFF else logging.WARNING
        logger.log(level, "analyst pages: off: %s", decision.detail)


def visibility(decision: Decision) -> str | None:
    """How the analyst pages are registered: visible, hidden (behind sign-in, so /workbench refuses in place), or not at all."""
    if decision.allowed:
        return "visible"
    return "hidden" if decision.sign_in else None


def sidebar(decision: Decision, view: View) -> None:
    """The sidebar's sign-in block, or why the analyst pages are off when the settings for them cannot be used."""
    import importlib.util

    import streamlit as st

    if decision.misconfigured:
        with st.sidebar:
            st.caption(view.t("The analyst pages are off: the server's settings for them cannot be used. The server log says why."))
        return
    if not decision.sign_in:
        return
    with st.sidebar:
        st.divider()
        if decision.reason == SIGNED_OUT:
            if importlib.util.find_spec("authlib") is None:
                st.warning(view.t("Analyst sign-in needs the Authlib package on the server (pip install Authlib)."), icon=":material/lock:")
            else:
                st.button(view.t("Sign in (analysts)"), on_click=_sign_in, key="analyst_sign_in", width="stretch")
            return
        if decision.reason in (ADDRESS_UNVERIFIED, VERIFIED_NOT_BOOLEAN):
            st.caption(view.t("The sign-in provider has not confirmed this account's address, so the analyst pages stay hidden."))
        elif not decision.allowed:
            st.caption(view.t("This account is not on the analyst list, so the analyst pages stay hidden."))
        st.button(view.t("Sign out"), on_click=st.logout, key="analyst_sign_out", width="stretch")


def _sign_in() -> None:
    import streamlit as st

    st.login(sign_in(read_secrets().values).provider)
