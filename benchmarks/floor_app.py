"""The floor of the browser benchmark: a Streamlit page with one title and one line of text."""
import streamlit as st

st.title("Trang tối thiểu")
st.write("Một dòng chữ.")
