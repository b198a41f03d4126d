import streamlit as st


def workbench() -> None:
    st.write("x")
