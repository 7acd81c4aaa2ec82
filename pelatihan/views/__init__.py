"""pelatihan HTML views, one module per area; each declares its own ``urlpatterns``."""
