FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app

COPY pyproject.toml README.md ./
RUN pip install --upgrade pip && pip install .
COPY . .

RUN useradd --system --uid 1000 registry && chown -R registry /app
USER registry
EXPOSE 8000
CMD ["gunicorn", "registry.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "2"]
