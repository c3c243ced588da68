-- The configuration store, version 12: the CallerReference of a hosted zone created through the
-- AWS-compatible API (docs/aws-api.md), unique per account, so that a request sent again is
-- recognized (Route 53 answers HostedZoneAlreadyExists). It goes with its zone. Same dialect rules
-- as V1.
CREATE TABLE zone_caller_references (
    account_id       VARCHAR NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    caller_reference VARCHAR NOT NULL,
    zone_id          VARCHAR NOT NULL REFERENCES hosted_zones (id) ON DELETE CASCADE,
    PRIMARY KEY (account_id, caller_reference)
);
CREATE INDEX zone_caller_references_zone ON zone_caller_references (zone_id);
