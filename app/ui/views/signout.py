import streamlit as st

from app.ui import auth

auth.sign_out()
st.switch_page("views/customer.py")
