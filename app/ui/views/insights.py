"""Insight dashboard over the question log: what people ask, where it goes, how sure the router is,
and which questions the content does not answer."""
import time

import pandas as pd
import streamlit as st

from app.ui import common, insight

WINDOWS = {"Last 7 days": 7, "Last 30 days": 30, "Everything kept": None}


def load(days: int | None, audience: str) -> list[dict]:
    rows = common.get_log().rows()
    if days is not None:
        rows = [r for r in rows if r["ts"] >= time.time() - days * 86400]
    return rows if audience == "everyone" else [r for r in rows if r["audience"] == audience]


def headline(rows: list[dict]) -> None:
    rated = [r for r in rows if r["feedback"] is not None]
    total, answered, helpful = st.columns(3)
    total.metric("Questions", len(rows))
    answered.metric("Answered", f"{sum(r['answered'] for r in rows) / len(rows):.0%}")
    helpful.metric("Rated helpful", f"{sum(r['feedback'] > 0 for r in rated) / len(rated):.0%}" if rated else "–")


def charts(rows: list[dict]) -> None:
    st.subheader("Request map")
    st.bar_chart(pd.Series(insight.request_map(rows), name="threads"), x_label="kind of request",
                 y_label="threads", horizontal=True)
    per_day, per_audience = st.columns(2)
    per_day.bar_chart(pd.DataFrame.from_dict(insight.request_map_by(rows, "day"), orient="index"),
                      x_label="day", y_label="threads", stack=True)
    per_audience.bar_chart(pd.DataFrame.from_dict(insight.request_map_by(rows, "audience"), orient="index"),
                           x_label="audience", y_label="threads", stack=True)
    st.subheader("Route mix over time")
    mix = pd.DataFrame.from_dict(insight.route_mix(rows), orient="index")
    st.bar_chart(mix, x_label="day", y_label="questions", stack=True)
    st.subheader("Router confidence")
    st.bar_chart(pd.Series(insight.confidence_bins(rows), name="questions"), x_label="confidence",
                 y_label="questions")


def gaps(rows: list[dict]) -> None:
    st.subheader("Content gaps")
    groups = insight.content_gaps(rows)
    if not groups:
        st.success("Every question was answered and none was rated unhelpful.")
        return
    st.caption("Unanswered questions grouped by a shared keyword; unhelpful answers by the document cited.")
    st.bar_chart(pd.Series({name: len(qs) for name, qs in groups}, name="questions"), x_label="gap",
                 y_label="questions", horizontal=True)
    for name, questions in groups:
        with st.expander(f"{name} ({len(questions)})"):
            st.markdown("\n".join(f"- {q}" for q in questions))


st.title("Insights")
window, who = st.columns(2)
days = WINDOWS[window.selectbox("Period", list(WINDOWS), index=1)]
audience = who.selectbox("Asked by", ["everyone", "customer", "agent"])
try:
    data = load(days, audience)
except Exception as e:  # sqlite3.Error, OSError
    st.error(f"The question log cannot be read: {e}")
    st.stop()
if not data:
    st.info("No questions logged for this selection yet.")
else:
    headline(data)
    charts(data)
    gaps(data)
