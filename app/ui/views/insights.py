import streamlit as st

st.title("Insights")
