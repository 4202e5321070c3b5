"""Streamlit layouts of the pages: each page script in pages/ calls one render() from here."""
