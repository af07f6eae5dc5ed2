"""Insight dashboard over the question log: what people ask, where it goes, how sure the router is,
and which questions the content does not answer."""
import time

import pandas as pd
import streamlit as st

from app.ui import common, insight, questions

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
    common.note("Unanswered questions grouped by a shared keyword, with the article they came closest to (where "
                "the answer is missing); unhelpful answers by the document shown first. Repeated questions are "
                "counted once, with how often they were asked.")
    st.dataframe(pd.DataFrame([{"gap": name, "questions": len(qs)} for name, qs in groups]), hide_index=True,
                 use_container_width=True, column_config={"gap": st.column_config.TextColumn(width="large")})
    for g, (name, asked) in enumerate(groups):
        with st.expander(f"{name} ({len(asked)})"):
            for i, (text, count) in enumerate(questions.merged(asked)):
                left, right = st.columns([6, 1])
                left.markdown(f"- {text}" + (f" (asked {count}×)" if count > 1 else ""))
                if right.button("Preview", key=f"gap_{g}_{i}", help="What would this question cite?"):
                    st.session_state.owners_preview_q = text
                    st.switch_page("views/owners.py")


def export(rows: list[dict]) -> None:
    frame = pd.DataFrame(rows).assign(time=lambda f: pd.to_datetime(f["ts"], unit="s", utc=True))
    st.download_button("Download questions as CSV", frame.to_csv(index=False).encode("utf-8"),
                       file_name="questions.csv", mime="text/csv", icon=":material/download:")


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
    export(data)
