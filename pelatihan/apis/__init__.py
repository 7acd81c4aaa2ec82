"""pelatihan API views, one module per area; each declares its own ``urlpatterns``."""
