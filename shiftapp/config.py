"""One settings object for the whole app, read from the environment (and `.env`).

Every setting is documented in the README's "Settings" table; keep the two in step.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
API_VERSION = "1.6.0"
# The database `make run` uses when DATABASE_URL is not set; the only one the demo loads into unasked.
DEFAULT_DATABASE_URL = f"sqlite:///{PROJECT_ROOT / 'shiftapp.db'}"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    environment: str = Field("development", description="development | test | production")
    database_url: str = Field(DEFAULT_DATABASE_URL)
    # Sessions: idle expiry is renewed by use; the absolute expiry is never extended.
    session_idle_minutes: int = Field(12 * 60, ge=1)
    session_absolute_hours: int = Field(7 * 24, ge=1)
    # Self-service signup is off unless an email domain is allowed here (admins can always add people).
    signup_allowed_domain: str | None = None
    # Scheduling rule parameters shared by the rule engine and the solver.
    min_rest_hours: float = Field(11.0, gt=0)
    timezone: str = "Europe/Rome"
    # Delivery planning defaults (seed 004), overridable per request.
    max_vehicles_per_route_per_day: int = Field(2, ge=1)
    max_units_per_customer_per_day: int = Field(2, ge=1)
    # AI: with no key the app runs its deterministic fallbacks and says so on /api/ai/status.
    anthropic_api_key: str | None = None
    anthropic_model: str = "claude-haiku-4-5"
    # Rate limits per user and minute; counters live in Redis when REDIS_URL is set, else in the database.
    redis_url: str | None = None
    rate_limit_standard: int = 100
    rate_limit_ai: int = 10
    rate_limit_bulk: int = 20
    rate_limit_key_prefix: str = "shiftapp"  # separates several deployments (or test runs) sharing one Redis
    # The job queue (services/queue.py): in Redis when REDIS_URL is set, else in a SQLite file, by
    # default beside a SQLite database (or in the project folder). The name separates deployments.
    job_queue_name: str = "shiftapp-jobs"
    job_queue_path: str | None = None
    # A synchronous API call run as a job (POST /api/plans/auto-assign, /api/ai/generate-schedule without
    # `background`, copy & repeat's /api/v1/schedule/*) waits this long beyond its time limit for a job
    # worker to finish it. Past that wait a preview or a generation is stopped and answers 503; a
    # commit (copy & repeat's, auto-assign's with `commit`) is left to finish and answers 202 Accepted
    # with the job to follow (GET /api/jobs/{id}), since its change may land after the wait.
    job_wait_margin_seconds: float = Field(30.0, gt=0)
    # At most this long, whatever the time limit (e.g. below a proxy's own request timeout).
    job_wait_max_seconds: float | None = Field(None, gt=0)
    # Finished, failed and cancelled job rows (a schedule preview's result can run to megabytes) are
    # deleted by the job workers this many days after they ended; queued and running ones are kept.
    job_retention_days: int = Field(30, ge=1)
    # Wiping every shift, assignment and conflict (DELETE /api/shifts/reset, admins only) is off unless set here.
    allow_schedule_reset: bool = False
    # Sign-in throttling (OWASP ASVS 5.0 ch. 6), in the same store as the rate limits: this many failed
    # sign-ins within the window pause sign-in for the account (or the client address) for
    # sign_in_lock_seconds, doubled for each further pause within a day, up to sign_in_lock_max_seconds.
    sign_in_account_failures: int = Field(5, ge=1)
    sign_in_address_failures: int = Field(50, ge=1)
    sign_in_failure_window_seconds: int = Field(15 * 60, ge=1)
    sign_in_lock_seconds: int = Field(5 * 60, ge=1)
    sign_in_lock_max_seconds: int = Field(60 * 60, ge=1)
    # Reverse proxies in front of the app that append to X-Forwarded-For: the client address (for the
    # sign-in throttle and anonymous rate limits) is read that many entries from the right. 0: the peer.
    trusted_proxy_hops: int = Field(0, ge=0, le=10)
    # Largest request body the API reads (bytes); bigger ones are answered 413 before they are read.
    max_request_body_bytes: int = Field(1_000_000, ge=1_024)
    # Pages: how many rows a list shows at once.
    page_size: int = Field(25, ge=5, le=200)
    # Notification email (issue 20, item 5): off unless SMTP_HOST is set; the inbox is written either way.
    smtp_host: str | None = None
    smtp_port: int = Field(587, ge=1, le=65535)
    smtp_from: str = "shiftapp@localhost"
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = True
    smtp_timeout_seconds: float = Field(10.0, gt=0)
    # The app's address as people reach it, for the links in notification emails (else they are paths).
    app_url: str | None = None

    @model_validator(mode="after")
    def _refuse_sqlite_memory_in_production(self) -> Settings:
        in_memory_sqlite = self.database_url.startswith("sqlite://") and ":memory:" in self.database_url
        if self.environment == "production" and in_memory_sqlite:
            raise ValueError("DATABASE_URL may not be an in-memory SQLite database in production")
        return self

    @property
    def email_enabled(self) -> bool:
        return bool(self.smtp_host and self.smtp_host.strip())

    @property
    def is_development(self) -> bool:
        return self.environment in ("development", "test")


@lru_cache
def get_settings() -> Settings:
    return Settings()
