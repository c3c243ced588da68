-- The configuration store, version 1: accounts, VPCs, private hosted zones with their record sets,
-- VPC authorizations and associations, and the change log.
--
-- One script for both engines: H2 in MODE=PostgreSQL (the embedded default) and PostgreSQL (a store
-- shared by several nodes). It therefore keeps to what both accept: VARCHAR without a length, BIGINT
-- identity columns, plain (column-only) indexes. Later migrations (V2+) add resolver endpoints, rules
-- and health checks beside these tables.

-- The configuration version, a single row. Every write transaction first locks this row with
-- SELECT ... FOR UPDATE, which serializes writers across all nodes sharing the database, and bumps
-- the version by one before it commits. Nodes compare it with their snapshot's version.
CREATE TABLE config_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT  NOT NULL
);
INSERT INTO config_version (id, version) VALUES (1, 0);

-- token_hash is the hex SHA-256 of the bearer token; the token itself is never stored.
CREATE TABLE accounts (
    id         VARCHAR PRIMARY KEY,
    name       VARCHAR NOT NULL,
    token_hash VARCHAR NOT NULL UNIQUE
);

CREATE TABLE vpcs (
    id         VARCHAR PRIMARY KEY,
    account_id VARCHAR NOT NULL REFERENCES accounts (id),
    name       VARCHAR NOT NULL,
    region     VARCHAR NOT NULL
);

-- ordinal keeps the CIDRs in the order they were given.
CREATE TABLE vpc_cidrs (
    vpc_id  VARCHAR NOT NULL REFERENCES vpcs (id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    cidr    VARCHAR NOT NULL,
    PRIMARY KEY (vpc_id, ordinal)
);

CREATE TABLE hosted_zones (
    id         VARCHAR PRIMARY KEY,
    name       VARCHAR NOT NULL,
    account_id VARCHAR NOT NULL REFERENCES accounts (id),
    comment    VARCHAR
);

-- One row per record set.
--
-- set_identifier is '' for a simple record set, never NULL: it is part of the record set's key, and
-- a NULL there would let two simple sets of one name and type coexist (NULLs are distinct in unique
-- constraints; NULLS NOT DISTINCT needs PostgreSQL 15 and expression indexes are PostgreSQL-only).
-- Route 53 set identifiers are 1 to 128 characters, so '' is free to mean "none".
--
-- records holds the values joined by a newline, NULL for none (an alias). Records are RDATA in
-- presentation format, which writes every non-printable byte as \DDD, so a value never contains a
-- newline (the store rejects one that does). One column instead of a child table keeps a record set
-- a single row: one statement to write, and one row per set when a node loads a million of them.
--
-- seq keeps insertion order: writers are serialized by the version row, so identity values are
-- handed out in the order record sets are first inserted. Replacing a set updates its row in place
-- and so keeps its position. As the primary key it is also the order H2 stores rows in, so a full
-- load reads the table in order instead of sorting a million rows.
CREATE TABLE record_sets (
    seq                          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    zone_id                      VARCHAR NOT NULL REFERENCES hosted_zones (id) ON DELETE CASCADE,
    name                         VARCHAR NOT NULL,
    type                         VARCHAR NOT NULL,
    set_identifier               VARCHAR NOT NULL,
    ttl                          BIGINT,
    records                      VARCHAR,
    failover                     VARCHAR,
    weight                       INTEGER,
    multi_value_answer           BOOLEAN,
    region                       VARCHAR,
    health_check_id              VARCHAR,
    alias_dns_name               VARCHAR,
    alias_evaluate_target_health BOOLEAN,
    UNIQUE (zone_id, name, type, set_identifier),
    CHECK ((alias_dns_name IS NULL) = (alias_evaluate_target_health IS NULL))
);

-- A zone owner's permission for a VPC (possibly another account's) to associate with the zone.
-- It goes with the zone and with the VPC.
CREATE TABLE zone_authorizations (
    zone_id VARCHAR NOT NULL REFERENCES hosted_zones (id) ON DELETE CASCADE,
    vpc_id  VARCHAR NOT NULL REFERENCES vpcs (id) ON DELETE CASCADE,
    seq     BIGINT GENERATED ALWAYS AS IDENTITY,
    PRIMARY KEY (zone_id, vpc_id)
);
CREATE INDEX zone_authorizations_vpc ON zone_authorizations (vpc_id);

-- Goes with the zone, but a VPC cannot be deleted while zones are associated with it: the foreign
-- key refuses, so a zone never silently loses its VPC.
CREATE TABLE zone_associations (
    zone_id VARCHAR NOT NULL REFERENCES hosted_zones (id) ON DELETE CASCADE,
    vpc_id  VARCHAR NOT NULL REFERENCES vpcs (id),
    seq     BIGINT GENERATED ALWAYS AS IDENTITY,
    PRIMARY KEY (zone_id, vpc_id)
);
CREATE INDEX zone_associations_vpc ON zone_associations (vpc_id);

-- version is the configuration version the change committed as: a node serving that version or a
-- later one serves the change.
CREATE TABLE changes (
    id           VARCHAR PRIMARY KEY,
    version      BIGINT                   NOT NULL,
    submitted_at TIMESTAMP WITH TIME ZONE NOT NULL,
    comment      VARCHAR
);
