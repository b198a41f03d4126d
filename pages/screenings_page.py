import streamlit as st


def screenings() -> None:
    st.write("x")
