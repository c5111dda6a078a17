"""Streamlit pieces shared by the pages: the store of the session, the current user, the shell."""
