"""Prospects: the frame and router of the Streamlit app (`streamlit run app.py`).

The frame itself is `prospects.ui.shell.run_app`: a page that Streamlit runs without this file
(its pages/ folder mode) runs the same frame.
"""

from __future__ import annotations

from prospects.ui import shell

shell.run_app()
