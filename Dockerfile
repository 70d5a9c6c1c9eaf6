# The 擂台 image: the app with WeasyPrint's libraries and CJK fonts. Used by docker-compose.yml.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 ARENA_DATA_DIR=/data ARENA_PRODUCTION=1
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
    libharfbuzz-subset0 fonts-noto-cjk \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml ./
COPY arena ./arena
COPY contests ./contests
COPY scoring ./scoring
RUN pip install --no-cache-dir .
COPY . .
RUN SECRET_KEY=build-only python manage.py collectstatic --noinput -v0
RUN useradd --system --home /app arena && mkdir -p /data && chown arena /data
USER arena
EXPOSE 8000
CMD ["uvicorn", "arena.asgi:application", "--host", "0.0.0.0", "--port", "8000", "--workers", "2", "--no-access-log"]
