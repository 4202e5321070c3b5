"""The people page's person form, shared by the add and edit tabs."""

import streamlit as st

from coordpanel import people, ui
from coordpanel.core.vocab import TIERS
from coordpanel.people.directory import PersonInput
from coordpanel.ui.views.people import data


def submitted(ctx: data.Context, key: str, current: dict | None) -> PersonInput | None:
    """The fields of one person; returns what was typed when the form is submitted."""
    t, vocabulary, group_name = ui.t, ctx.vocabulary, ctx.group_name
    current = current or {}
    with st.form(key, clear_on_submit=current == {}):
        name = st.text_input(t("cov.col.name"), value=current.get("name", ""))
        tier = st.selectbox(t("cov.col.tier"), TIERS, index=TIERS.index(current.get("tier", "volunteer")),
                            format_func=lambda c: t(f"tier.{c}"))
        codes = [None, *group_name]
        group = st.selectbox(t("cov.col.group"), codes, index=codes.index(current.get("group_code")),
                             format_func=lambda c: group_name.get(c, t("people.none")))
        org_ids = [None, *vocabulary.organisations]
        organisation = st.selectbox(t("people.col.organisation"), org_ids, index=org_ids.index(current.get("organisation_id")),
                                    format_func=lambda o: vocabulary.organisations[o]["name"] if o else t("people.none"))
        phone = st.text_input(t("cov.col.phone"), value=current.get("phone") or "")
        building_ids = [None, *vocabulary.buildings]
        home = st.selectbox(t("people.building"), building_ids, index=building_ids.index(current.get("home_building_id")),
                            format_func=lambda b: vocabulary.buildings[b] if b else t("people.none"))
        party_member = st.checkbox(t("cov.col.party"), value=bool(current.get("party_member")))
        title = st.text_input(t("people.col.title"), value=current.get("title") or "")
        note = st.text_input(t("people.col.note"), value=current.get("note") or "")
        if st.form_submit_button(t("users.save"), type="primary"):
            return PersonInput(name, tier, group, organisation, title.strip() or None, party_member,
                               people.directory.normalise_phone(phone), home, note.strip() or None)
    return None

