-- The configuration store, version 3: health checks (health.md). Same dialect rules as V1 and V2 (one
-- script for H2 in MODE=PostgreSQL and PostgreSQL; no string-comparing CHECK constraints, see V2).
--
-- One row per check. Exactly the columns of the part matching type are set (metric_* for METRIC,
-- tcp_* for TCP, http_* for HTTP and HTTPS, calculated_* for CALCULATED), the others are NULL; the
-- API validates, the store only holds. type, metric_statistic, metric_comparison and
-- insufficient_data hold the names of the Java enums of HealthCheck.
--
-- metric_threshold is DOUBLE PRECISION, an IEEE 754 double on both engines, so the value the API
-- accepted reads back bit for bit; only -0.0 is written as 0.0, since H2 keeps no negative zero.
--
-- seq keeps creation order (writers are serialized, as for record sets); an update keeps the row and
-- so its place.
CREATE TABLE health_checks (
    id                          VARCHAR PRIMARY KEY,
    seq                         BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
    account_id                  VARCHAR NOT NULL REFERENCES accounts (id),
    type                        VARCHAR NOT NULL,
    metric_namespace            VARCHAR,
    metric_name                 VARCHAR,
    metric_statistic            VARCHAR,
    metric_period_seconds       INTEGER,
    metric_evaluation_periods   INTEGER,
    metric_datapoints_to_alarm  INTEGER,
    metric_comparison           VARCHAR,
    metric_threshold            DOUBLE PRECISION,
    tcp_ip                      VARCHAR,
    tcp_port                    INTEGER,
    http_url                    VARCHAR,
    http_search_string          VARCHAR,
    calculated_health_threshold INTEGER,
    interval_seconds            INTEGER NOT NULL,
    failure_threshold           INTEGER NOT NULL,
    insufficient_data           VARCHAR NOT NULL,
    inverted                    BOOLEAN NOT NULL,
    disabled                    BOOLEAN NOT NULL
);
CREATE INDEX health_checks_account ON health_checks (account_id);

-- The dimensions of a METRIC check's metric: a string map, so one row per key, the key unique
-- within the check. A child table rather than JSON text keeps the store free of a JSON parser and
-- every key and value exactly as given (no escaping to get wrong). (VALUE is a keyword in H2.)
CREATE TABLE health_check_dimensions (
    check_id  VARCHAR NOT NULL REFERENCES health_checks (id) ON DELETE CASCADE,
    key_name  VARCHAR NOT NULL,
    key_value VARCHAR NOT NULL,
    PRIMARY KEY (check_id, key_name)
);

-- The children of a CALCULATED check, in the order given. They go with the parent, but a check
-- cannot be deleted while a calculated check counts it as a child: the foreign key refuses, so a
-- parent never silently loses a child (the API answers ResourceInUse first).
CREATE TABLE health_check_children (
    parent_id VARCHAR NOT NULL REFERENCES health_checks (id) ON DELETE CASCADE,
    ordinal   INTEGER NOT NULL,
    child_id  VARCHAR NOT NULL REFERENCES health_checks (id),
    PRIMARY KEY (parent_id, ordinal)
);
CREATE INDEX health_check_children_child ON health_check_children (child_id);

-- record_sets.health_check_id (V1) gets no foreign key: stores written before this version may name
-- checks that never existed, and the API checks references itself (change batches refuse an unknown
-- id, deleting a check in use is ResourceInUse).
