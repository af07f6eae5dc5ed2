import streamlit as st

from app.ui import common, session

session.sign_out(common.get_kb().config)
st.switch_page("views/customer.py")
