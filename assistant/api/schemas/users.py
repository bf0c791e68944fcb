"""Users (admin creates and lists, the user erases and exports), reindexing, and the health report."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from assistant.api.schemas.common import USER_ID, Timestamp


class NewUser(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"name": "alice", "timezone": "Europe/Moscow"}]})

    name: str = Field(min_length=1, max_length=200)
    timezone: str | None = Field(None, description="IANA zone; default BRAIN_TIMEZONE.")


class UserInfo(BaseModel):
    user_id: str = Field(examples=[USER_ID])
    name: str
    timezone: str = Field(examples=["Europe/Moscow"])


class CreatedUser(UserInfo):
    """The token is shown only here, once."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"user_id": USER_ID, "name": "alice", "timezone": "Europe/Moscow", "token": "Zq4v…"},
    ]})

    token: str = Field(description="Send as `Authorization: Bearer <token>`.")


class ListedUser(UserInfo):
    created_at: Timestamp


class UserList(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"users": [
        {"user_id": USER_ID, "name": "alice", "timezone": "Europe/Moscow", "created_at": "2025-10-01T12:00:00+00:00"},
    ]}]})

    users: list[ListedUser]


class Erased(BaseModel):
    erased: str = Field(description="The erased user's id.", examples=[USER_ID])


class ReindexRequest(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"user": USER_ID}, {"user": "all"}]})

    user: str = Field(description="a user id, or `all`")


class Reindexed(BaseModel):
    events: int = Field(description="Events re-embedded and re-linked.", examples=[1250])


class DerivedTableFix(BaseModel):
    table: str = Field(examples=["purchase_stats"])
    user_id: str = Field(examples=[USER_ID])
    before: dict[str, float] = Field(description="The table's totals for the user before the rebuild.")
    after: dict[str, float] = Field(description="…and after it: what `events` says.")


class IndexRepair(BaseModel):
    user_id: str = Field(examples=[USER_ID])
    vectors_before: int
    vectors_after: int
    graph_before: int
    graph_after: int


class Repaired(BaseModel):
    """What a repair found wrong and fixed; empty lists when everything already agreed with `events`."""

    derived: list[DerivedTableFix] = Field(description="Derived tables (per user) whose totals were wrong.")
    indexes: list[IndexRepair] = Field(description="Users whose vector or graph counts changed in the rebuild.")
    reindexed: int = Field(description="Events re-embedded and re-linked.")


class Health(BaseModel):
    """200 when every store answers (`degraded` with a `reason` if something still needs a look), 503 (same
    body, `degraded`) when one does not."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [
        {"status": "healthy", "clickhouse": "connected", "qdrant": "connected", "graph": "connected", "llm": "off"},
    ]})

    status: str = Field(description="`healthy` or `degraded`.")
    clickhouse: str = Field(description="`connected` or `unreachable: <reason>`.")
    qdrant: str
    graph: str
    llm: str = Field(description="`off`, or the litellm model string.")
    indexer: str | None = Field(None, description="`running`, `off`, or why it is paused (a store down, disk full).")
    quarantined: int | None = Field(None, description="Events the indexer set aside after repeated failures.")
    reason: str | None = Field(
        None, description="Why the status is `degraded` while every store answers (200): quarantine, paused indexer."
    )
