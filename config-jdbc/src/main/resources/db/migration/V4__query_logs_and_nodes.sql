-- The configuration store, version 4: query-logging configurations with their VPC associations
-- (admin-api.md "Troubleshooting"), and the registry of resolver nodes. Same dialect rules as V1 to
-- V3 (one script for H2 in MODE=PostgreSQL and PostgreSQL 14; no string-comparing CHECK constraints,
-- see V2).

-- owner_account_id is NULL for a configuration the operator created: the operator is no account.
-- destination is 'stdout' or 'file:NAME'; the API validates it, the store only holds it.
CREATE TABLE query_log_configs (
    id               VARCHAR PRIMARY KEY,
    owner_account_id VARCHAR REFERENCES accounts (id),
    name             VARCHAR NOT NULL,
    destination      VARCHAR NOT NULL
);
CREATE INDEX query_log_configs_owner ON query_log_configs (owner_account_id);

-- Goes with the configuration (the API refuses to delete one that is still associated, the store
-- does not need to) and, unlike zone and rule associations, with the VPC too: logging a VPC's
-- queries is no reason to keep the VPC, and a deleted VPC has no queries left to log.
CREATE TABLE query_log_associations (
    id        VARCHAR PRIMARY KEY,
    config_id VARCHAR NOT NULL REFERENCES query_log_configs (id) ON DELETE CASCADE,
    vpc_id    VARCHAR NOT NULL REFERENCES vpcs (id) ON DELETE CASCADE,
    UNIQUE (config_id, vpc_id)
);
CREATE INDEX query_log_associations_vpc ON query_log_associations (vpc_id);

-- One row per resolver node, refreshed by its heartbeat. Not configuration: heartbeats write here
-- outside the configuration's write transactions, so they neither take the config_version lock
-- nor bump the version, and no node rebuilds its snapshot because another one is alive.
-- regions is the comma-joined list of regions the node serves ('' for all: region names hold no
-- comma); snapshot_generation is the configuration version of the snapshot it serves.
CREATE TABLE nodes (
    node_id             VARCHAR PRIMARY KEY,
    regions             VARCHAR                  NOT NULL,
    snapshot_generation BIGINT                   NOT NULL,
    last_seen           TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at          TIMESTAMP WITH TIME ZONE NOT NULL
);
