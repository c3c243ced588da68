-- The configuration store, version 2: Route 53 Resolver's endpoints, rules, rule sharing and rule
-- associations. Same dialect rules as V1 (one script for H2 in MODE=PostgreSQL and PostgreSQL).
--
-- Children that make up their parent (addresses, CIDRs, targets, shares) go with it: ON DELETE
-- CASCADE. References between resources do not: a VPC cannot be deleted while it has endpoints or
-- rule associations, nor an endpoint while rules forward through it, so nothing is silently lost.
-- ordinal keeps a list in the order it was given.
--
-- direction and rule_type hold the names of the Java enums. They have no CHECK (... IN (...)): H2 2.4
-- reports such a string-comparing CHECK as invalid in every session but the one that created it
-- while the database stays open (a second pooled connection, an in-memory database).

CREATE TABLE resolver_endpoints (
    id         VARCHAR PRIMARY KEY,
    account_id VARCHAR NOT NULL REFERENCES accounts (id),
    name       VARCHAR NOT NULL,
    direction  VARCHAR NOT NULL,
    vpc_id     VARCHAR NOT NULL REFERENCES vpcs (id)
);
CREATE INDEX resolver_endpoints_vpc ON resolver_endpoints (vpc_id);

-- INBOUND: the listeners; OUTBOUND: the source addresses of forwarded queries.
CREATE TABLE endpoint_addresses (
    endpoint_id VARCHAR NOT NULL REFERENCES resolver_endpoints (id) ON DELETE CASCADE,
    ordinal     INTEGER NOT NULL,
    ip          VARCHAR NOT NULL,
    port        INTEGER NOT NULL,
    PRIMARY KEY (endpoint_id, ordinal)
);

-- The sources an INBOUND endpoint answers (its "security group").
CREATE TABLE endpoint_allowed_cidrs (
    endpoint_id VARCHAR NOT NULL REFERENCES resolver_endpoints (id) ON DELETE CASCADE,
    ordinal     INTEGER NOT NULL,
    cidr        VARCHAR NOT NULL,
    PRIMARY KEY (endpoint_id, ordinal)
);

-- resolver_endpoint_id is NULL for a SYSTEM rule. region is always set: a FORWARD rule's is its
-- outbound endpoint's VPC region, kept here so that associations can be checked without a join.
CREATE TABLE resolver_rules (
    id                   VARCHAR PRIMARY KEY,
    owner_id             VARCHAR NOT NULL REFERENCES accounts (id),
    name                 VARCHAR NOT NULL,
    domain_name          VARCHAR NOT NULL,
    rule_type            VARCHAR NOT NULL,
    resolver_endpoint_id VARCHAR REFERENCES resolver_endpoints (id),
    region               VARCHAR NOT NULL
);
CREATE INDEX resolver_rules_endpoint ON resolver_rules (resolver_endpoint_id);

CREATE TABLE rule_targets (
    rule_id VARCHAR NOT NULL REFERENCES resolver_rules (id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    ip      VARCHAR NOT NULL,
    port    INTEGER NOT NULL,
    PRIMARY KEY (rule_id, ordinal)
);

-- The accounts a rule is shared with; seq keeps the order they were added in.
CREATE TABLE rule_shares (
    rule_id    VARCHAR NOT NULL REFERENCES resolver_rules (id) ON DELETE CASCADE,
    account_id VARCHAR NOT NULL REFERENCES accounts (id),
    seq        BIGINT GENERATED ALWAYS AS IDENTITY,
    PRIMARY KEY (rule_id, account_id)
);
CREATE INDEX rule_shares_account ON rule_shares (account_id);

-- Goes with the rule (the API refuses to delete an associated rule, the store does not need to),
-- but not with the VPC, like zone_associations. A rule is associated with a VPC at most once.
CREATE TABLE rule_associations (
    id      VARCHAR PRIMARY KEY,
    rule_id VARCHAR NOT NULL REFERENCES resolver_rules (id) ON DELETE CASCADE,
    vpc_id  VARCHAR NOT NULL REFERENCES vpcs (id),
    UNIQUE (rule_id, vpc_id)
);
CREATE INDEX rule_associations_vpc ON rule_associations (vpc_id);
