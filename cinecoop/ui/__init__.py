"""The Streamlit layer: the only code that reads st.session_state or the link, draws widgets and renders page declarations."""
