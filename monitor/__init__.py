"""Vitale Regio's monitor: CBS indicators for the eleven NPVR regions against Nederland.

The package is the core of the monitor. It never imports streamlit; ``app.py`` is a thin
layer over it.
"""

__version__ = "0.1.0"
