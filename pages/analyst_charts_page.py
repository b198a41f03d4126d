import streamlit as st


def analyst_charts() -> None:
    st.write("x")
