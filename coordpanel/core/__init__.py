"""The core every feature uses, without Streamlit: database, auth, audit, errors, settings, clock, vocabulary, i18n, sheets, exports."""
