"""The overview's facts tab: the article's headline figures as the data holds them, then the supplies in stock."""

import streamlit as st

from coordpanel.ui.views.overview import data


def show(ctx: data.Context) -> None:
    st.text("\n".join(ctx.page.view.facts))
    st.dataframe(ctx.page.supplies, hide_index=True)
