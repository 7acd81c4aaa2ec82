"""API views of karier: one module per area, each with its own ``urlpatterns``."""
