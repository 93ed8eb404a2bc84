"""Settings, read once from the environment.

The embedded default needs no variable at all: it runs its own Neo4j instance under
``.neo4j/`` in the checkout and runs tasks in-process. Production sets ``NEO4J_URI`` (and
friends) and ``CELERY_BROKER_URL``.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from graph.server.local import LocalServer

REPO_ROOT = Path(__file__).resolve().parents[1]

# Each local instance has its own ports so the test suite never touches the demo's data.
INSTANCE_PORTS = {"default": (7687, 7474), "test": (7688, 7475)}


@dataclass(frozen=True)
class Settings:
    """Runtime settings. ``broker_url`` None means tasks run in-process; ``neo4j_uri`` None
    means the project's own local Neo4j instance ``instance``."""

    instance: str
    neo4j_uri: str | None
    neo4j_user: str
    neo4j_password: str
    neo4j_dir: Path
    data_dir: Path
    broker_url: str | None
    jwt_secret: str
    wallet_currency: str
    payout_day_of_month: int
    payout_minimum: str  # decimal string, in any payout currency (app.services.payouts)
    payout_provider: str  # a key of app.services.payout_providers.PROVIDERS
    freeze_credited: bool  # a dispute opening freezes income already credited (app.services.dispute_manager)
    freeze_lookback_days: int  # …credited during these last days
    chunk_seconds: float  # how long one Celery task allocates a statement before queueing the next chunk
    visibility_timeout: int  # seconds before Redis redelivers a task a worker took and never acknowledged
    export_dir: Path  # where partner reports (exports) are written: <export_dir>/<cycleId>/<partnerCode>/
    repertoire_drop_dir: Path  # partners' repertoire files dropped for the nightly sync: <dir>/<PARTNERCODE>/
    repertoire_inline_bytes: int  # repertoire uploads up to this size import in the request; larger are queued
    external_fuzzy_auto: float  # fuzzy score (0–100) matching a play to a partner's repertoire automatically
    external_fuzzy_review: float  # …and to its QA queue (below: unmatched); app.services.external_attribution
    sender_code: str  # us as the sender of partner reports: CWR HDR sender code, file names (app.exports)
    sender_name: str  # …our name in CWR HDR and DSR HEAD SenderName
    sender_dpid: str  # …our DDEX party id (PADPIDA…) in DSR HEAD SenderPartyId and file names
    schedule_max_retries: int  # retries of a failing scheduled job before it is recorded (app.services.schedules)
    schedule_retry_backoff: float  # seconds before its first retry, doubled at each retry

    @classmethod
    def from_env(cls) -> "Settings":
        """Build from ``RIGHTSGRAPH_*``/``NEO4J_*``/``CELERY_BROKER_URL``; see README for each."""
        env = os.environ
        data_dir = Path(env.get("RIGHTSGRAPH_DATA_DIR", REPO_ROOT / ".data"))
        return cls(
            instance=env.get("RIGHTSGRAPH_INSTANCE", "default"),
            neo4j_uri=env.get("NEO4J_URI") or None,
            neo4j_user=env.get("NEO4J_USER", "neo4j"),
            neo4j_password=env.get("NEO4J_PASSWORD", "rightsgraph-dev"),
            neo4j_dir=Path(env.get("RIGHTSGRAPH_NEO4J_DIR", REPO_ROOT / ".neo4j")),
            data_dir=data_dir,
            broker_url=env.get("CELERY_BROKER_URL") or None,
            jwt_secret=env.get("RIGHTSGRAPH_JWT_SECRET", "dev-secret-change-me-32-bytes-minimum!"),
            wallet_currency=env.get("RIGHTSGRAPH_WALLET_CURRENCY", "USD"),
            payout_day_of_month=int(env.get("RIGHTSGRAPH_PAYOUT_DAY", "15")),
            payout_minimum=env.get("RIGHTSGRAPH_PAYOUT_MINIMUM", "10.00"),
            payout_provider=env.get("RIGHTSGRAPH_PAYOUT_PROVIDER", "file"),
            freeze_credited=env.get("RIGHTSGRAPH_FREEZE_CREDITED", "true").strip().lower() in ("1", "true", "yes"),
            freeze_lookback_days=int(env.get("RIGHTSGRAPH_FREEZE_LOOKBACK_DAYS", "365")),
            chunk_seconds=float(env.get("RIGHTSGRAPH_CHUNK_SECONDS", "60")),
            # long: a validator or reprocessing task may run for hours; a killed worker's statement
            # is resumed by beat long before (statement_runs.STALE)
            visibility_timeout=int(env.get("RIGHTSGRAPH_VISIBILITY_TIMEOUT", str(6 * 3600))),
            export_dir=Path(env.get("RIGHTSGRAPH_EXPORT_DIR", data_dir / "exports")),
            repertoire_drop_dir=Path(env.get("RIGHTSGRAPH_REPERTOIRE_DROP_DIR", data_dir / "repertoire-drop")),
            repertoire_inline_bytes=int(env.get("RIGHTSGRAPH_REPERTOIRE_INLINE_BYTES", str(5 * 1024 * 1024))),
            external_fuzzy_auto=float(env.get("RIGHTSGRAPH_EXTERNAL_FUZZY_AUTO", "90")),
            external_fuzzy_review=float(env.get("RIGHTSGRAPH_EXTERNAL_FUZZY_REVIEW", "75")),
            sender_code=env.get("RIGHTSGRAPH_SENDER_CODE", "RGH"),
            sender_name=env.get("RIGHTSGRAPH_SENDER_NAME", "Rightsgraph"),
            sender_dpid=env.get("RIGHTSGRAPH_SENDER_DPID", "PADPIDA0000000000R"),
            schedule_max_retries=int(env.get("RIGHTSGRAPH_SCHEDULE_MAX_RETRIES", "3")),
            schedule_retry_backoff=float(env.get("RIGHTSGRAPH_SCHEDULE_RETRY_BACKOFF", "60")),
        )

    def local_server(self) -> LocalServer:
        """The project-managed Neo4j for this instance: ports from ``INSTANCE_PORTS`` unless
        ``RIGHTSGRAPH_BOLT_PORT``/``RIGHTSGRAPH_HTTP_PORT`` are set (another instance beside
        them), heap from ``RIGHTSGRAPH_NEO4J_HEAP`` (default 1g)."""
        bolt, http = INSTANCE_PORTS.get(self.instance, INSTANCE_PORTS["default"])
        env = os.environ
        return LocalServer(root=self.neo4j_dir, name=self.instance,
                           bolt_port=int(env.get("RIGHTSGRAPH_BOLT_PORT", bolt)),
                           http_port=int(env.get("RIGHTSGRAPH_HTTP_PORT", http)),
                           password=self.neo4j_password, heap=env.get("RIGHTSGRAPH_NEO4J_HEAP", LocalServer.heap))

    @property
    def bolt_uri(self) -> str:
        """``NEO4J_URI`` when set, else the local instance's bolt URI."""
        return self.neo4j_uri or self.local_server().bolt_uri
