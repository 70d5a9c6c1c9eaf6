# The 擂台 image: the app with WeasyPrint's libraries and CJK fonts. Used by docker-compose.yml.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 ARENA_DATA_DIR=/data ARENA_PRODUCTION=1
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
    libharfbuzz-subset0 fonts-noto-cjk \
 && rm -rf /var/lib/apt/lists/*
# The user the app runs as, and the data directory it writes: uploads (/data/media and /data/private, volumes in
# docker-compose.yml) and the collected static files. A named volume starts as a copy of this
# directory, owner included, so /data/media must exist here, owned by arena: else uploads fail.
RUN useradd --system --home /app arena && mkdir -p /data/media /data/private && chown -R arena:arena /data
WORKDIR /app
COPY . .
# At the versions CI tested (constraints.txt); editable, so the code runs from /app alone.
RUN pip install --no-cache-dir -c constraints.txt -e .
USER arena
RUN SECRET_KEY=build-only python manage.py collectstatic --noinput -v0
EXPOSE 8000
CMD ["uvicorn", "arena.asgi:application", "--host", "0.0.0.0", "--port", "8000", "--workers", "2", "--no-access-log"]
