"""Who may use the analyst pages (Workbench, SQL sandbox, Analyst charts), and the analysts' sign-in in the sidebar."""

from __future__ import annotations

import os

import streamlit as st

from cinecoop.view import View

ANALYST_SWITCH_ENV = "CINECOOP_ANALYST_PAGES"


def analyst_pages_switched_off() -> bool:
    """CINECOOP_ANALYST_PAGES=off (or 0, false, no): a leadership-only deployment, no Workbench, charts or sandbox."""
    return os.environ.get(ANALYST_SWITCH_ENV, "on").strip().lower() in ("off", "0", "false", "no")


def auth_configured() -> bool:
    """True when .streamlit/secrets.toml has an [auth] section (Streamlit's OpenID Connect sign-in)."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file: the local default shows the analyst pages
        return False


def analyst_emails() -> set[str]:
    """The `[cinecoop] analysts = [...]` list of secrets.toml, lower-cased."""
    try:
        listed = st.secrets.get("cinecoop", {}).get("analysts", [])
    except Exception:
        return set()
    if isinstance(listed, str):
        listed = [listed]
    return {str(email).strip().lower() for email in listed if str(email).strip()}


def analyst_pages_allowed() -> bool:
    """Workbench and sandbox: off when CINECOOP_ANALYST_PAGES=off; with [auth] configured, signed-in analysts only."""
    if analyst_pages_switched_off():
        return False
    if not auth_configured():
        return True
    if not st.user.get("is_logged_in", False):
        return False
    # A provider that lets anyone register an address says so; an unverified address is nobody's.
    if st.user.get("email_verified") is False:
        return False
    email = str(st.user.get("email") or "").strip().lower()
    return bool(email) and email in analyst_emails()


def _sign_in() -> None:
    section = st.secrets["auth"]
    # One unnamed provider sits in [auth] itself; named ones in [auth.NAME] subsections.
    providers = [name for name, value in section.items() if hasattr(value, "keys")]
    st.login(None if "client_id" in section or not providers else providers[0])


def analyst_sign_in(view: View) -> None:
    """In the sidebar when [auth] is configured: a sign-in button for analysts, or who is signed in and a sign-out button."""
    if analyst_pages_switched_off() or not auth_configured():
        return
    import importlib.util

    with st.sidebar:
        st.divider()
        if not st.user.get("is_logged_in", False):
            if importlib.util.find_spec("authlib") is None:
                st.warning(view.t("Analyst sign-in needs the Authlib package on the server (pip install Authlib)."), icon=":material/lock:")
            else:
                st.button(view.t("Sign in (analysts)"), on_click=_sign_in, key="analyst_sign_in", width="stretch")
            return
        if not analyst_pages_allowed():
            st.caption(view.t("This account is not on the analyst list, so the analyst pages stay hidden."))
        st.button(view.t("Sign out"), on_click=st.logout, key="analyst_sign_out", width="stretch")
