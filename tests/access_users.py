"""Users for tests: the claims a real login puts into `st.user`, for `AppTest.user`."""
from __future__ import annotations

import time


def claims(roles: list[str] | str = "pusat", scope: list[str] | str = "00", sub: str = "uji",
           issued_at: float | None = None) -> dict[str, object]:
    """`st.user` of a logged-in person with these roles and region scope."""
    roles = [roles] if isinstance(roles, str) else roles
    scope = [scope] if isinstance(scope, str) else scope
    return {"is_logged_in": True, "sub": sub, "name": sub.title(), "preferred_username": sub,
            "iss": "http://127.0.0.1:1", "iat": int(issued_at if issued_at is not None else time.time()),
            "kube_roles": roles, "kube_scope": scope}
