-- The configuration store, version 7: what the nodes of a cluster share besides the configuration
-- (operations.md "Several nodes, shared store"): the metric points clients push, the health
-- statuses the health leader decides, named leases (who leads), and whether a node serves from its
-- local snapshot file. Same dialect rules as V1 to V6 (one script for H2 in MODE=PostgreSQL and
-- PostgreSQL 14; no string-comparing CHECK constraints, see V2).
--
-- None of it is configuration: it is written outside the configuration's write transactions, so it
-- neither takes the config_version lock nor bumps the version, and no node rebuilds its snapshot
-- because a metric arrived or a status was decided.

-- One row per data point. id is handed out by the store, not by an identity column: appends lock
-- the single row of metric_point_sequence, number their points from it and commit before the next
-- append may take it, so ids increase in commit order and a reader tailing "id > the last one I
-- saw" never skips a point that a slower transaction committed later with a lower id (which an
-- identity column, numbering at insert time, would allow).
-- dimensions is the canonical text of the sorted name/value map (JdbcMetricPointStore), so equal
-- series store equal text. (VALUE and TIMESTAMP are keywords in H2.)
CREATE TABLE metric_points (
    id           BIGINT PRIMARY KEY,
    account_id   VARCHAR                  NOT NULL,
    namespace    VARCHAR                  NOT NULL,
    metric_name  VARCHAR                  NOT NULL,
    dimensions   VARCHAR                  NOT NULL,
    observed_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    metric_value DOUBLE PRECISION         NOT NULL
);
-- Retention deletes by time; tails use the primary key.
CREATE INDEX metric_points_observed_at ON metric_points (observed_at);

CREATE TABLE metric_point_sequence (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    last_id BIGINT  NOT NULL
);
INSERT INTO metric_point_sequence (id, last_id) VALUES (1, 0);

-- One row per health check, as the leader last decided it. No foreign key to health_checks: the
-- leader saves statuses outside configuration writes, and a check deleted meanwhile must not fail
-- the save of the others (the leader removes orphans with retainOnly). alarm_state is NULL for
-- checks other than METRIC. history is the encoded list of transitions (JdbcHealthStatusStore).
CREATE TABLE health_statuses (
    check_id     VARCHAR PRIMARY KEY,
    healthy      BOOLEAN                  NOT NULL,
    alarm_state  VARCHAR,
    since        TIMESTAMP WITH TIME ZONE NOT NULL,
    reason       VARCHAR                  NOT NULL,
    history      VARCHAR                  NOT NULL,
    evaluated_by VARCHAR                  NOT NULL,
    evaluated_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- A named lease: held by holder until expires_at, a time on the database's clock (nodes' clocks
-- need not agree). A free lease has no row, or an expired one.
CREATE TABLE leases (
    name       VARCHAR PRIMARY KEY,
    holder     VARCHAR                  NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Whether the node serves from its local snapshot file because it could not load from the store.
ALTER TABLE nodes ADD COLUMN serving_stale BOOLEAN DEFAULT FALSE NOT NULL;
