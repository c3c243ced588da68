-- The configuration store, version 8: the change log (operations.md "Incremental configuration").
-- Every configuration write adds one row per version it commits, saying what a node serving the
-- version before must read again to serve this one: the structure (anything but record sets) and
-- the owner names whose record sets changed. A node that is behind reads only that, instead of the
-- whole configuration; when the log no longer reaches back to the node's version (old rows are
-- pruned) or has a gap, the node loads everything. Same dialect rules as V1 to V7.

-- structure: VPCs, zones, zone associations, endpoints, rules, rule associations, health checks or
-- query logging changed. A write that changed none of that nor any record set (an account, a
-- token, an authorization, a share) still has its row, with no names: the log has no gaps.
CREATE TABLE config_log (
    version   BIGINT PRIMARY KEY,
    structure BOOLEAN NOT NULL
);

-- The owner names a write changed record sets at. name NULL: the whole zone is read again (a zone
-- created, or more names changed than are worth listing). zone_id is no foreign key: the rows of a
-- deleted zone stay until they are pruned, and the zone is gone from the structure by then.
CREATE TABLE config_log_names (
    version BIGINT  NOT NULL REFERENCES config_log (version) ON DELETE CASCADE,
    zone_id VARCHAR NOT NULL,
    name    VARCHAR
);
CREATE INDEX config_log_names_version ON config_log_names (version);

-- A change batch reads the record sets at the names it changes and the aliases that target them
-- (ConfigReader.recordSetsAt): by the unique (zone_id, name, ...) index, and by this one.
CREATE INDEX record_sets_alias_target ON record_sets (zone_id, alias_dns_name);

-- Whether a new VPC CIDR overlaps one stored is asked of the database, not of every VPC read into
-- memory (a node holds 100,000 CIDRs): family (4 or 6) and first_address (the network address as a
-- number) find the stored blocks inside the new one by a range and those containing it by their
-- few possible network addresses (VpcCidrRanges). V8_1 fills them in for the rows already stored.
ALTER TABLE vpc_cidrs ADD COLUMN family SMALLINT;
ALTER TABLE vpc_cidrs ADD COLUMN first_address NUMERIC(39);
-- first_address alone: H2 uses an IN list only on an index's first column (IPv4 and IPv6 numbers
-- share the index, family tells them apart).
CREATE INDEX vpc_cidrs_first_address ON vpc_cidrs (first_address);

-- The listing order of record sets as bytes (CanonicalKey): canonical name order, then the type's
-- number. A page of a zone of a million record sets is an index range, not a sort of the zone.
-- V8_2 fills it in for the rows already stored.
ALTER TABLE record_sets ADD COLUMN sort_key BYTEA;
CREATE INDEX record_sets_sort_key ON record_sets (zone_id, sort_key);
