# Rightsgraph image: API (gunicorn), Celery worker/beat and the `rightsgraph` CLI.
# Which process runs is the compose service's `command`; see docker-compose.yml.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# Non-root runtime user; its home is the working directory (Celery beat's schedule volume
# mounts under it, and Docker copies this ownership into a new named volume).
RUN groupadd --system --gid 10001 rightsgraph \
 && useradd --system --uid 10001 --gid rightsgraph --home-dir /var/lib/rightsgraph \
        --shell /usr/sbin/nologin rightsgraph \
 && install -d -o rightsgraph -g rightsgraph /var/lib/rightsgraph /var/lib/rightsgraph/beat

WORKDIR /src

# Dependencies first, from pyproject.toml alone, so a code change does not reinstall them.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/requirements.txt \
 && pip install -r /tmp/requirements.txt \
 && rm /tmp/requirements.txt

# Then the project itself, as a regular (non-editable) install into site-packages.
COPY . .
RUN pip install . \
 && cd / && rm -rf /src

# Run from a directory without the source tree, so `app`, `workers`, ... resolve to the
# installed packages, exactly as `pip install .` put them.
WORKDIR /var/lib/rightsgraph
USER rightsgraph:rightsgraph

EXPOSE 8000

CMD ["gunicorn", "-w", "4", "-b", "0.0.0.0:8000", "--access-logfile", "-", "app:create_app()"]
