"""The people page's add tab: a new person from the person form."""

from coordpanel import people, ui
from coordpanel.ui.views.people import data, person_form


def show(ctx: data.Context) -> None:
    typed = person_form.submitted(ctx, "add_person", None)
    if typed:
        ui.run(lambda: people.directory.add(ui.db(), ctx.user, ctx.compound, typed), ui.t("people.added", name=typed.name))
