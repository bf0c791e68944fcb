"""Numbered, idempotent ClickHouse migrations. Append new ones; never edit an applied one."""

from __future__ import annotations

# Which payload fields hold names, per event type (retrieval.sql_retriever.NAME_FIELDS is the reader's side).
_EVENT_NAMES_SELECT = """SELECT user_id, field, JSONExtractString(payload, field) AS name, count() AS uses
    FROM events
    ARRAY JOIN multiIf(
        event_type = 'purchase', ['item', 'category', 'place'],
        event_type = 'social', ['action', 'person', 'place'],
        event_type = 'activity', ['activity', 'place'],
        ['metric']
    ) AS field
    WHERE event_type IN ('purchase', 'social', 'activity', 'health')
    GROUP BY user_id, field, name
    HAVING name != ''"""

# Since migration 9: the people of a group event (`people`, a list) are person names too, as `person` is.
_EVENT_NAMES_V9_SELECT = """SELECT user_id, field, name, count() AS uses
    FROM events
    ARRAY JOIN multiIf(
        event_type = 'purchase', ['item', 'category', 'place'],
        event_type = 'social', ['action', 'person', 'place'],
        event_type = 'activity', ['activity', 'place'],
        ['metric']
    ) AS field
    ARRAY JOIN if(field = 'person',
        arrayDistinct(arrayConcat([JSONExtractString(payload, 'person')],
            JSONExtract(payload, 'people', 'Array(String)'))),
        [JSONExtractString(payload, field)]) AS name
    WHERE event_type IN ('purchase', 'social', 'activity', 'health')
    GROUP BY user_id, field, name
    HAVING name != ''"""

# Cells are thousandths of a degree (~100 m): enough to tell home from office, coarse enough to aggregate.
_GEO_HOURLY_SELECT = """SELECT user_id, toStartOfHour(timestamp) AS hour,
        toInt32(round(assumeNotNull(latitude) * 1000)) AS lat_cell,
        toInt32(round(assumeNotNull(longitude) * 1000)) AS lon_cell,
        count() AS points, sum(assumeNotNull(latitude)) AS lat_sum, sum(assumeNotNull(longitude)) AS lon_sum
    FROM events WHERE event_type = 'geo' AND latitude IS NOT NULL AND longitude IS NOT NULL
    GROUP BY user_id, hour, lat_cell, lon_cell"""

_PURCHASE_STATS_SELECT = """SELECT user_id, toDate(timestamp) AS day,
        JSONExtractString(payload, 'item') AS item, JSONExtractString(payload, 'place') AS place,
        JSONExtractString(payload, 'currency') AS currency,
        count() AS purchases, sum(JSONExtractFloat(payload, 'amount')) AS total
    FROM events WHERE event_type = 'purchase'
    GROUP BY user_id, day, item, place, currency"""

# The tables materialized views fill on insert into `events`: (table, the view's query, its summed measures).
# `brain repair` recomputes them from `events` with these same queries.
DERIVED_TABLES: list[tuple[str, str, tuple[str, ...]]] = [
    ("purchase_stats", _PURCHASE_STATS_SELECT, ("purchases", "total")),
    ("geo_hourly", _GEO_HOURLY_SELECT, ("points", "lat_sum", "lon_sum")),
    ("event_names", _EVENT_NAMES_V9_SELECT, ("uses",)),
]

MIGRATIONS: list[tuple[int, str, list[str]]] = [
    (
        1,
        "events: the source of truth",
        [
            # timestamp is kept in UTC explicitly: chDB otherwise takes the host's zone.
            # seq orders acknowledged batches for the derived indexes' catch-up; client_id echoes the client's id.
            """CREATE TABLE IF NOT EXISTS events (
                id UUID,
                user_id UUID,
                timestamp DateTime64(3, 'UTC'),
                event_type LowCardinality(String),
                latitude Nullable(Float64),
                longitude Nullable(Float64),
                payload String,
                client_id String DEFAULT '',
                seq UInt64 DEFAULT 0,
                ingested_at DateTime64(3, 'UTC') DEFAULT now64(3),
                INDEX idx_id id TYPE bloom_filter(0.01) GRANULARITY 4,
                INDEX idx_seq seq TYPE minmax GRANULARITY 1
            )
            ENGINE = MergeTree()
            PARTITION BY toYYYYMM(timestamp)
            ORDER BY (user_id, timestamp, event_type)""",
        ],
    ),
    (
        2,
        "geo_hourly: hourly GPS aggregation",
        [
            """CREATE TABLE IF NOT EXISTS geo_hourly (
                user_id UUID,
                hour DateTime('UTC'),
                lat_cell Float64,
                lon_cell Float64,
                points UInt64,
                lat_sum Float64,
                lon_sum Float64
            )
            ENGINE = SummingMergeTree()
            PARTITION BY toYYYYMM(hour)
            ORDER BY (user_id, hour, lat_cell, lon_cell)""",
            # ~100 m cells: enough to tell home from office, coarse enough to aggregate.
            """CREATE MATERIALIZED VIEW IF NOT EXISTS geo_hourly_mv TO geo_hourly AS
            SELECT user_id, toStartOfHour(timestamp) AS hour,
                   round(assumeNotNull(latitude), 3) AS lat_cell, round(assumeNotNull(longitude), 3) AS lon_cell,
                   count() AS points, sum(assumeNotNull(latitude)) AS lat_sum, sum(assumeNotNull(longitude)) AS lon_sum
            FROM events WHERE event_type = 'geo' AND latitude IS NOT NULL AND longitude IS NOT NULL
            GROUP BY user_id, hour, lat_cell, lon_cell""",
        ],
    ),
    (
        3,
        "purchase_stats: purchases by item and place per day",
        [
            """CREATE TABLE IF NOT EXISTS purchase_stats (
                user_id UUID,
                day Date,
                item String,
                place String,
                currency LowCardinality(String),
                purchases UInt64,
                total Float64
            )
            ENGINE = SummingMergeTree()
            PARTITION BY toYYYYMM(day)
            ORDER BY (user_id, day, item, place, currency)""",
            f"CREATE MATERIALIZED VIEW IF NOT EXISTS purchase_stats_mv TO purchase_stats AS {_PURCHASE_STATS_SELECT}",
        ],
    ),
    (
        4,
        "users and their hashed tokens",
        [
            """CREATE TABLE IF NOT EXISTS users (
                id UUID,
                name String,
                token_hash String,
                timezone String,
                created_at DateTime64(3, 'UTC') DEFAULT now64(3),
                deleted UInt8 DEFAULT 0
            )
            ENGINE = ReplacingMergeTree(created_at)
            ORDER BY id""",
        ],
    ),
    (
        5,
        "small durable state (index watermarks)",
        [
            """CREATE TABLE IF NOT EXISTS brain_state (
                key String,
                value String,
                updated_at DateTime64(6, 'UTC') DEFAULT now64(6)
            )
            ENGINE = ReplacingMergeTree(updated_at)
            ORDER BY key""",
        ],
    ),
    (
        6,
        "event_names: the distinct names a user has used, per payload field",
        [
            # Questions resolve "кофе" against the user's own item/place/activity names before every query; reading
            # them from 1M events took 25-60 ms, this summing table answers in a few.
            """CREATE TABLE IF NOT EXISTS event_names (
                user_id UUID,
                field LowCardinality(String),
                name String,
                uses UInt64
            )
            ENGINE = SummingMergeTree()
            ORDER BY (user_id, field, name)""",
            "TRUNCATE TABLE event_names",  # a re-run after a crash mid-migration must not count twice
            f"INSERT INTO event_names {_EVENT_NAMES_SELECT}",
            f"CREATE MATERIALIZED VIEW IF NOT EXISTS event_names_mv TO event_names AS {_EVENT_NAMES_SELECT}",
        ],
    ),
    (
        7,
        "geo_hourly with integer cells (rebuilt from events)",
        [
            # Float64 cell keys made the view cost a quarter of every insert; integer thousandths of a degree
            # (the same ~100 m cells) sort and compress faster. The view is derived, so it is rebuilt from events.
            "DROP VIEW IF EXISTS geo_hourly_mv",
            "DROP TABLE IF EXISTS geo_hourly",
            """CREATE TABLE geo_hourly (
                user_id UUID,
                hour DateTime('UTC'),
                lat_cell Int32,
                lon_cell Int32,
                points UInt64,
                lat_sum Float64,
                lon_sum Float64
            )
            ENGINE = SummingMergeTree()
            PARTITION BY toYYYYMM(hour)
            ORDER BY (user_id, hour, lat_cell, lon_cell)""",
            f"INSERT INTO geo_hourly {_GEO_HOURLY_SELECT}",
            f"CREATE MATERIALIZED VIEW geo_hourly_mv TO geo_hourly AS {_GEO_HOURLY_SELECT}",
        ],
    ),
    (
        8,
        "failed_derivations: events the indexer quarantined",
        [
            # One row per (user, event, stage); a later failure of the same event replaces it (last_failure wins).
            """CREATE TABLE IF NOT EXISTS failed_derivations (
                user_id UUID,
                event_id UUID,
                seq UInt64,
                stage LowCardinality(String),
                error String,
                attempts UInt32,
                first_failure DateTime64(3, 'UTC'),
                last_failure DateTime64(3, 'UTC')
            )
            ENGINE = ReplacingMergeTree(last_failure)
            ORDER BY (user_id, event_id, stage)""",
        ],
    ),
    (
        9,
        "event_names: the people of group events are person names (rebuilt from events)",
        [
            "DROP VIEW IF EXISTS event_names_mv",
            "TRUNCATE TABLE event_names",
            f"INSERT INTO event_names {_EVENT_NAMES_V9_SELECT}",
            f"CREATE MATERIALIZED VIEW event_names_mv TO event_names AS {_EVENT_NAMES_V9_SELECT}",
        ],
    ),
]
