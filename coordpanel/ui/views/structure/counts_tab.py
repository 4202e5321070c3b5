"""The structure page's counts tab: people and party members per tier, group and organisation."""

import pandas as pd
import streamlit as st

from coordpanel import ui
from coordpanel.ui.views.structure import data


def show(ctx: data.Context) -> None:
    t, lang = ui.t, ctx.lang
    people = ctx.page.frames["people"]
    suffix = "en" if lang == "en" else "zh"
    st.dataframe(pd.DataFrame({
        t("ov.col.tier"): people[f"tier_{suffix}"], t("ov.col.group"): people[f"group_{suffix}"],
        t("st.col.organisation"): people["organisation_en" if lang == "en" else "organisation"],
        t("ov.col.people"): people["people"], t("ov.col.party"): people["party_members"],
    }), hide_index=True)
