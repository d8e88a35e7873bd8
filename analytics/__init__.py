"""Pantau KUBE analytics: everything that is not UI (store, SQL, metrics, demo data, CLI)."""
