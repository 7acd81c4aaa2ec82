# ASN Karier: one image for web (gunicorn), worker and beat (Celery) and the one-shot migrate.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    DJANGO_MEDIA_ROOT=/app/var/media

WORKDIR /app
RUN groupadd --system asn && useradd --system --gid asn --home-dir /app --no-create-home asn

COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .

# Static files and translations are built into the image, so every service has them.
# The values below exist only for this build step; the running containers get theirs from the env file.
RUN DJANGO_SECRET_KEY=build-only-collectstatic-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz \
    DJANGO_ALLOWED_HOSTS=localhost \
    DATABASE_URL=sqlite:////tmp/build.sqlite3 \
    REDIS_URL=redis://localhost:6379/0 \
    python manage.py collectstatic --noinput -v 0 \
 && python scripts/compile_translations.py \
 && mkdir -p /app/var/media \
 && chown -R asn:asn /app/var

USER asn
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60", "--access-logfile", "-"]
