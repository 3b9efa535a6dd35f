# The Run Inspector as a container image: `streamlit run app.py` on port 8501, as a non-root
# user, with the pinned requirements.txt and nothing else installed.
# Never built on the machines it was written on (they have no container runtime);
# tests/unit/test_deploy_files.py checks it statically.
#
# Configuration comes only from the environment and from mounted secrets; nothing is baked in:
# - LLAMA_CLOUD_API_KEY and the other names in the README's "Configuration" table, and
#   STREAMLIT_* for Streamlit's options (STREAMLIT_SERVER_BASE_URL_PATH for a path prefix).
# - secrets.toml ([auth], [access]: docs/team.md) mounted read-only at
#   /home/inspector/.streamlit/secrets.toml, for example
#     docker run -p 8501:8501 -e LLAMA_CLOUD_API_KEY \
#       -v "$PWD/secrets.toml:/home/inspector/.streamlit/secrets.toml:ro" run-inspector
#   or anywhere else, by running the CMD below with `--secrets.files=/path/secrets.toml` added.

# Python 3.11 (what the app is tested on) on Debian 12 (the tested machines' release).
FROM python:3.11-slim-bookworm

# HOME is Streamlit's home (~/.streamlit): writable, an emptyDir in deploy/kubernetes.
# The app's code is compiled below, so nothing needs writing next to it at run time.
ENV HOME=/home/inspector \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# A numeric user, so Kubernetes' runAsNonRoot can verify it is not root.
RUN groupadd --system --gid 10001 inspector \
    && useradd --system --uid 10001 --gid 10001 --home-dir /home/inspector --create-home \
        --shell /usr/sbin/nologin inspector

WORKDIR /app
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt

# The app only: no tests, benchmarks, docs or secrets (see also .dockerignore). The files stay
# root's, read-only for the app's user.
COPY app.py ./
COPY pages/ pages/
COPY components/ components/
COPY loaders/ loaders/
COPY run_inspector/ run_inspector/
COPY .streamlit/config.toml .streamlit/config.toml
RUN python -m compileall -q app.py pages components loaders run_inspector

USER 10001:10001
EXPOSE 8501

# Slim images have no curl. With a path prefix, Streamlit serves the health check under it.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; p = os.environ.get('STREAMLIT_SERVER_BASE_URL_PATH', '').strip('/'); urllib.request.urlopen('http://127.0.0.1:8501/' + (p + '/' if p else '') + '_stcore/health', timeout=4)"]

# The README's start command, listening on all interfaces inside the container.
CMD ["streamlit", "run", "app.py", "--server.address=0.0.0.0", "--server.port=8501"]
