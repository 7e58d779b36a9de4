"""The Streamlit dashboard (run dashboard/app.py with `geo dashboard`); shared helpers live in common.py."""
