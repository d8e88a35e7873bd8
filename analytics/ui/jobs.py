"""A job handed to the writer, on the page: submit it and show its status until it ends.

The page returns at once; a fragment polls the job's state every second and, when the job
has ended, reruns the page so it reads the newly published version.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from analytics.access.roles import Permission
from analytics.formatting import number
from analytics.i18n import t
from analytics.serving import jobs
from analytics.serving.layout import Store
from analytics.serving.status import writer_pid
from analytics.serving.writer import embedded, kick
from analytics.ui import auth

KEY = "kube_import_job"
STEPS = {jobs.QUEUED: "jobs.queued", jobs.CHECKING: "jobs.checking", jobs.STORING: "jobs.storing",
         jobs.REFRESHING: "jobs.refreshing", jobs.PUBLISHING: "jobs.publishing"}     # state -> label


def submit_import(path: Path, data: bytes, file_name: str, kind: str, replace: bool,
                  log_rejections: bool = False, sheet: str | None = None, date_order: str | None = None) -> jobs.Job:
    """Queue the checked file (and the sheet and date order the operator chose) for the writer,
    starting this process's writer in `make run`. The job carries the caller's account and scope:
    the writer refuses rows outside it and records the outcome (`analytics.serving.tasks`); the
    submission is recorded here."""
    identity = auth.current()
    if not identity.can(Permission.IMPORT):
        raise PermissionError(f"{identity.username} may not import")
    store = Store(path)
    scope = identity.scope.codes()
    job = jobs.submit(store, "import", {"file_name": file_name, "kind": kind, "replace": replace,
                                        "log_rejections": log_rejections, "sheet": sheet,
                                        "date_order": date_order, "actor": identity.username, "scope": scope},
                      payload=data)
    auth.record("import_submitted", identity.username, page="impor", region=",".join(scope),
                detail={"job": job.id, "kind": kind, "file": file_name, "replace": replace,
                        "log_rejections": log_rejections})
    kick(store)
    st.session_state[KEY] = job.id
    return job


CONFIRM_KEY = "kube_confirm_job"


def submit_confirm(path: Path, member_id: int, month: str, amount: int, confirmed_by: str) -> jobs.Job:
    """Queue an operator's confirmation of an implausibly high report (the amount shown) for the
    writer, with the caller's account and scope (the writer refuses a member outside it); recorded."""
    identity = auth.current()
    if not identity.can(Permission.IMPORT):           # it changes which reports count
        raise PermissionError(f"{identity.username} may not change stored reports")
    store = Store(path)
    scope = identity.scope.codes()
    job = jobs.submit(store, "confirm", {"member_id": int(member_id), "month": month, "amount": int(amount),
                                         "confirmed_by": confirmed_by, "actor": identity.username, "scope": scope})
    auth.record("confirm_submitted", identity.username, page="kualitas", region=",".join(scope),
                detail={"job": job.id, "member": int(member_id), "month": month})
    kick(store)
    st.session_state[CONFIRM_KEY] = job.id
    return job


def confirm_status(path: Path, lang: str) -> None:
    """The session's latest confirmation: its stage while it runs, then its outcome."""
    job_id = st.session_state.get(CONFIRM_KEY)
    job = jobs.load(Store(path), job_id) if job_id else None
    if job is None:
        return
    if job.state == jobs.PUBLISHED:
        st.success(t("quality.confirmed", lang) + " " + t("jobs.published", lang, version=job.version))
    elif job.final:
        st.error(t("jobs.failed", lang, message=job.message))
    else:
        _confirm_live(str(path), job.id, lang)


@st.fragment(run_every=1.0)
def _confirm_live(path: str, job_id: str, lang: str) -> None:
    job = jobs.load(Store(Path(path)), job_id)
    if job is None or job.final:
        st.rerun()
    st.info(t(STEPS.get(job.state, "jobs.publishing"), lang) + " " + t("jobs.caption", lang, id=job.id,
                                                                        when=job.created[11:19]))


def status(path: Path, lang: str, report_columns: dict[str, str]) -> None:
    """The session's latest job: live while it runs, its outcome once it has ended."""
    job_id = st.session_state.get(KEY)
    job = jobs.load(Store(path), job_id) if job_id else None
    if job is None:
        return
    if job.final:
        _outcome(Store(path), job, lang, report_columns)
    else:
        _live(str(path), job.id, lang)


@st.fragment(run_every=1.0)
def _live(path: str, job_id: str, lang: str) -> None:
    store = Store(Path(path))
    job = jobs.load(store, job_id)
    if job is None:
        return
    if job.final:
        st.rerun()                         # the whole page, on the new version
    st.subheader(t("jobs.title", lang))
    step = list(STEPS).index(job.state) + 1 if job.state in STEPS else len(STEPS)
    label = t(STEPS.get(job.state, "jobs.publishing"), lang)
    st.progress(step / (len(STEPS) + 1), text=f"{label} · {t('jobs.step', lang, step=step, steps=len(STEPS))}")
    st.caption(t("import.storing", lang) + " " + t("jobs.caption", lang, id=job.id, when=job.created[11:19]))
    if job.state == jobs.QUEUED and not embedded() and writer_pid(store) is None:
        st.warning(t("jobs.no_writer", lang))


def _outcome(store: Store, job: jobs.Job, lang: str, report_columns: dict[str, str]) -> None:
    st.subheader(t("jobs.title", lang))
    r = job.result
    if job.state == jobs.PUBLISHED:
        if r.get("already_imported"):
            st.info(t("import.already_short", lang))
        elif r.get("rejected"):
            st.success(t("import.logged", lang) + " " + t("jobs.published", lang, version=job.version))
        else:
            st.success(t("import.stored", lang, batch=r.get("batch"), inserted=number(r.get("inserted", 0), lang),
                         replaced=number(r.get("replaced", 0), lang)) + " "
                       + t("jobs.published", lang, version=job.version))
        return
    st.error(t("jobs.failed", lang, message=job.message))
    rejected = jobs.attachment(store, job.id, "rejected.csv")
    if rejected.exists():
        st.warning(t("import.rejected", lang))
        frame = pd.read_csv(rejected, dtype=str, keep_default_na=False)
        st.dataframe(frame.rename(columns=report_columns), hide_index=True)
    elif job.payload and st.button(t("jobs.rerun", lang), key=f"rerun_{job.id}"):
        data = (store.jobs / job.payload).read_bytes()
        a = job.args
        submit_import(store.link, data, a["file_name"], a["kind"], a.get("replace", False),
                      a.get("log_rejections", False), sheet=a.get("sheet"), date_order=a.get("date_order"))
        st.rerun()
