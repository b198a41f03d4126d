import streamlit as st


def agreements() -> None:
    st.write("x")
