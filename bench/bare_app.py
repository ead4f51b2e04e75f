"""A bare Streamlit page: the floor of "new session -> page drawn" for bench/bench_speed.py."""

import streamlit as st

st.write("Kale Streamlit-pagina")
