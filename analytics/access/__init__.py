"""Who may see what: roles, region scopes, accounts of the embedded identity provider, the audit
trail. Pure Python (no Streamlit): the app side is `analytics/ui/auth.py`."""
