"""The structure page's chat tab: the grid chat groups, how many answer in each, and who, phones masked by role."""

import pandas as pd
import streamlit as st

from coordpanel import ui
from coordpanel.core import auth
from coordpanel.ui.views.structure import data


def show(ctx: data.Context) -> None:
    t, groups = ui.t, ctx.page.frames["chat"]
    st.dataframe(pd.DataFrame({
        t("st.col.group_name"): groups["name"],
        t("ov.col.people"): groups["answering"],
        t("st.col.members"): [
            # a group with no one answering has no lists (None), shown as an empty cell
            "、".join(f"{n} {auth.shown_phone(ctx.user, p)}" for n, p in zip(names, phones, strict=True)) if names is not None else ""
            for names, phones in zip(groups["members"], groups["phones"], strict=True)
        ],
    }), hide_index=True)
