"""The directory's reads, the heaviest and unhurt by a few seconds of lag, go to a read replica
when one is configured; whatever decides who the visitor is stays on the primary."""

from contextvars import ContextVar

REPLICA_ALIAS = "replica"
# Read on the primary even during a directory request: identity and access decisions.
PRIMARY_ONLY = frozenset(
    {"members.user", "sessions.session", "account.emailaddress", "mfa.authenticator"}
)

reading_from_replica: ContextVar[bool] = ContextVar("reading_from_replica", default=False)


class ReplicaRouter:
    """db_for_read → `replica` inside a marked request; writes and migrations → `default`."""

    def db_for_read(self, model, **hints) -> str | None:
        if reading_from_replica.get() and model._meta.label_lower not in PRIMARY_ONLY:
            return REPLICA_ALIAS
        return None

    def db_for_write(self, model, **hints) -> str | None:
        return "default"

    def allow_relation(self, obj1, obj2, **hints) -> bool | None:
        # Both aliases hold the same data: objects read from either may be related.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints) -> bool | None:
        return db != REPLICA_ALIAS
