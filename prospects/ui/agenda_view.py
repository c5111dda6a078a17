"""Pieces of the reps' agenda page: filters, a group of actions with its done ticks, the action tools."""

from __future__ import annotations

import hashlib
from datetime import date, datetime, time, timedelta

import pandas as pd
import streamlit as st

from prospects.domain import User
from prospects.domain.agenda import AgendaFilters, DoneFilter, Group
from prospects.errors import ValidationError
from prospects.i18n import fmt_datetime, t
from prospects.services import Store
from prospects.services import agenda as agenda_service
from prospects.ui import shell, state
from prospects.ui.dashboard_widgets import money_column, record_column, record_url, table_with_csv

MINE, EVERYONE = "mine", "everyone"


def filters(me: User) -> AgendaFilters:
    who_col, done_col, important_col = st.columns([1, 1.4, 1], vertical_alignment="bottom")
    who = who_col.segmented_control(t("agenda.who"), (MINE, EVERYONE), default=MINE, required=True,
                                    format_func=lambda w: t(f"agenda.who.{w}"), key="agenda_who")
    done = done_col.segmented_control(t("agenda.show"), tuple(DoneFilter), default=DoneFilter.TODO, required=True,
                                      format_func=lambda d: t(f"agenda.done.{d}"), key="agenda_done")
    important = important_col.toggle(t("agenda.important_only"), key="agenda_important")
    return AgendaFilters(assignee_id=me.id if who == MINE else None, important_only=important, done=DoneFilter(done))


def calendar_download(store: Store, assignee_id: int | None, name: str) -> None:
    """The actions left to do as an .ics file, built only when the button is clicked."""
    st.download_button(
        t("agenda.ics"), lambda: agenda_service.calendar_file(store, assignee_id, name, datetime.now()), file_name="agenda.ics",
        mime="text/calendar", icon=":material/calendar_month:", key="agenda_ics", on_click="ignore", help=t("agenda.ics_help"),
    )


def group(store: Store, frame: pd.DataFrame, which: Group) -> None:
    """One group of the agenda, with a done tick per action that saves as soon as it changes."""
    rows = frame[frame["group"] == str(which)]
    if rows.empty:
        return
    total = int(rows["group_total"].iloc[0])
    st.subheader(f"{t(f'agenda.group.{which}')} · {total}")
    if len(rows) < total:
        st.caption(t("agenda.first", n=len(rows)))
    shown = pd.DataFrame({
        "done": rows["done"].astype(bool),
        "due": [fmt_datetime(d.to_pydatetime()) for d in rows["due_at"]],
        "important": ["★" if i else "" for i in rows["important"]],
        "title": rows["title"].fillna(""),
        "name": [record_url(p, n) for p, n in zip(rows["prospect_id"], rows["name"], strict=True)],
        "company": rows["company"].fillna(""),  # an empty cell, never the word "None"
        "assignee": rows["assignee"].fillna(""),
    }).reset_index(drop=True)
    # The key follows the content: once an action moves, the editor must not replay a tick on another row.
    digest = hashlib.sha1(repr(list(zip(rows["id"], rows["version"], strict=True))).encode()).hexdigest()[:12]
    edited = st.data_editor(
        shown, hide_index=True, width="stretch", disabled=[c for c in shown.columns if c != "done"], key=f"agenda_{which}_{digest}",
        column_config={
            "done": st.column_config.CheckboxColumn(t("agenda.col.done"), width="small"),
            "due": t("agenda.col.due"), "important": st.column_config.TextColumn("★", width="small"),
            "title": t("agenda.col.title"), "name": record_column(t("field.name")), "company": t("field.company"),
            "assignee": st.column_config.TextColumn(t("agenda.col.assignee"), width="small"),
        },
    )
    changed = edited.index[edited["done"] != shown["done"]]
    if len(changed):
        with shell.guarded():
            ticks = [(int(rows.iloc[int(i)]["id"]), bool(edited.loc[i, "done"]), int(rows.iloc[int(i)]["version"]))
                     for i in changed]
            agenda_service.tick(store, ticks, shell.current_user_id())
            state.flash(t("agenda.saved"))
            st.rerun()


def tools(store: Store, frame: pd.DataFrame, now: datetime) -> None:
    """Snooze or finish one action and schedule its follow-up."""
    todo = frame[~frame["done"].astype(bool)]
    if todo.empty:
        return
    st.subheader(t("agenda.tools"))
    actions = {int(r.id): r for r in todo.itertuples()}
    chosen = st.selectbox(t("agenda.action"), list(actions), key="agenda_action",
                          format_func=lambda i: f"{fmt_datetime(actions[i].due_at.to_pydatetime())} · {actions[i].title} · {actions[i].name}")
    row = actions[chosen]
    day, week, _ = st.columns([1, 1, 3])
    for col, label, delta in ((day, "agenda.snooze_day", timedelta(days=1)), (week, "agenda.snooze_week", timedelta(days=7))):
        if col.button(t(label), icon=":material/snooze:", key=f"{label}_{chosen}", width="stretch"):
            with shell.guarded():
                moved = agenda_service.snooze(store, chosen, delta, now, shell.current_user_id(), int(row.version))
                state.flash(t("agenda.snoozed", when=fmt_datetime(moved.due_at)))
                st.rerun()
    follow_up(store, chosen, int(row.version), now)


def follow_up(store: Store, action_id: int, version: int, now: datetime) -> None:
    with st.form(f"agenda_next_{action_id}", clear_on_submit=False, border=True):
        st.markdown(f"**{t('agenda.done_and_next')}**")
        title_col, day_col, time_col, flag_col = st.columns([3, 1.2, 1, 1], vertical_alignment="bottom")
        title = title_col.text_input(t("agenda.next_title"), key="agenda_next_title")
        day = day_col.date_input(t("agenda.next_day"), value=now.date() + timedelta(days=7), key="agenda_next_day",
                                 format="DD/MM/YYYY")
        at = time_col.time_input(t("agenda.next_time"), value=time(9, 0), key="agenda_next_time")
        important = flag_col.checkbox(t("agenda.next_important"), key="agenda_next_important")
        if st.form_submit_button(t("agenda.done_and_next_button"), type="primary", icon=":material/task_alt:"):
            _complete(store, action_id, version, title, day, at, important)


def _complete(store: Store, action_id: int, version: int, title: str, day: date, at: time, important: bool) -> None:
    try:
        follow = agenda_service.complete_and_schedule(store, action_id, version, title, day, at, important,
                                                      shell.current_user_id())
    except ValidationError as error:
        for message in shell.field_errors(error).values():
            st.error(shell.md(message), icon=":material/error:")
        return
    except Exception as error:  # noqa: BLE001 - one calm sentence, never a traceback
        shell.show_error(error)
        return
    state.flash(t("agenda.scheduled", title=shell.md(follow.title), when=fmt_datetime(follow.due_at)))
    st.rerun()


def without_next_step(store: Store, owner_id: int | None, currency: str) -> None:
    frame, total = agenda_service.without_next_step(store, owner_id)
    st.subheader(t("agenda.no_next", n=total))
    if frame.empty:
        st.caption(t("agenda.no_next_none"))
        return
    st.caption(t("agenda.no_next_help"))
    titles = {"name": t("field.name"), "company": t("field.company"), "stage": t("field.stage"), "owner": t("field.owner"),
              "expected_revenue": t("field.expected_revenue"), "last_action": t("agenda.col.last_action")}
    shown = frame.assign(name=[record_url(p, n) for p, n in zip(frame["prospect_id"], frame["name"], strict=True)],
                         # empty cells, never the word "None"
                         **{column: frame[column].fillna("") for column in ("company", "stage", "owner") if column in frame})
    table_with_csv(shown.rename(columns=titles), "without_next_step", {
        "prospect_id": None, titles["name"]: record_column(titles["name"]),
        titles["expected_revenue"]: money_column(titles["expected_revenue"], currency),
        titles["last_action"]: st.column_config.DatetimeColumn(titles["last_action"], format="DD/MM/YYYY"),
    }, csv=frame.rename(columns=titles))
