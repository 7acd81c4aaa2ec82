"""API views of karier: one module per area, each with its own ``urlpatterns``."""

# the OpenAPI tag of every karier operation
TAG = ["karier"]
