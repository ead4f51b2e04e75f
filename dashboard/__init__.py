"""The Streamlit dashboard of the NPVR monitor: a thin layer over ``monitor/``."""
