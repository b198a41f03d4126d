import streamlit as st


def data_quality() -> None:
    st.write("x")
