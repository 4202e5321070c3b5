"""The structure page's figures tab: each of the article's figures beside the data's, and whether they match."""

import pandas as pd
import streamlit as st

from coordpanel import ui
from coordpanel.ui.views.structure import data


def show(ctx: data.Context) -> None:
    t, comparisons = ui.t, ctx.page.comparisons
    st.dataframe(pd.DataFrame({
        t("st.col.figure"): [t(f"st.fig.{c.figure}") for c in comparisons],
        t("st.col.data"): [c.data for c in comparisons],
        t("st.col.article"): [c.article for c in comparisons],
        t("st.col.match"): [not c.differs for c in comparisons],
    }), hide_index=True)
