"""One module per page; each has ``render()`` and runs it when Streamlit executes the file."""
