"""coordpanel: the compound coordination panel's core, usable without Streamlit."""

__version__ = "0.1.0"
