import streamlit as st


def exchange() -> None:
    st.write("x")
