import streamlit as st

from app.ui import session

session.sign_out()
st.switch_page("views/customer.py")
