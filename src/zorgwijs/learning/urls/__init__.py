from django.urls import path

from ..views import blueprints, load, people, prior, routes

app_name = "learning"

urlpatterns = [
    path("", routes.index, name="index"),
    path("mijn-route/", people.my_route, name="my_route"),
    path("mijn-route/stap/<int:step_id>/", people.my_step, name="my_step"),
    path(
        "mijn-route/<int:completed_route_id>/bewijs/",
        people.my_route_credential,
        name="my_route_credential",
    ),
    path("mijn-route/eerder-geleerd/", prior.my_prior, name="my_prior"),
    path("begeleiden/", people.guide, name="guide"),
    path("begeleiden/stap/<int:step_id>/", people.guide_step, name="guide_step"),
    path("blauwdrukken/", blueprints.blueprints, name="blueprints"),
    path("blauwdrukken/<int:blueprint_id>/", blueprints.blueprint, name="blueprint"),
    path(
        "blauwdrukken/<int:blueprint_id>/actie/",
        blueprints.blueprint_action,
        name="blueprint_action",
    ),
    path("blauwdrukken/<int:blueprint_id>/verschil/", blueprints.gap, name="gap"),
    path("routes/nieuw/", routes.route_new, name="route_new"),
    path("routes/<int:route_id>/", routes.route, name="route"),
    path("routes/<int:route_id>/actie/", routes.route_action, name="route_action"),
    path("routes/<int:route_id>/stappen/", routes.route_edit, name="route_edit"),
    path("routes/<int:route_id>/stap/<int:step_id>/", routes.step_edit, name="step_edit"),
    path("leerbelasting/", load.load, name="load"),
    path("opleidingen/", prior.curricula, name="curricula"),
    path("opleidingen/<int:curriculum_id>/", prior.curriculum, name="curriculum"),
    path("mensen/<int:membership_id>/eerder-geleerd/", prior.prior, name="prior"),
    path("evc/", prior.prior_inbox_view, name="prior_inbox"),
    path("evc/<int:prior_id>/", prior.prior_decide_view, name="prior_decide"),
]
