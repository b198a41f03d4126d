import streamlit as st


def regional() -> None:
    st.write("x")
