-- The configuration store, version 13: what the AWS-compatible API (docs/aws-api.md) keeps beside
-- the configuration. CloudWatch alarms of an account per region, their fields kept as the API
-- wrote them (only that API reads them: a health check copies an alarm's condition). And how a
-- health check was made through Route 53's API: its CallerReference, unique per account, and the
-- alarm a CLOUDWATCH_METRIC check follows. Same dialect rules as V1.
CREATE TABLE cloudwatch_alarms (
    account_id VARCHAR NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    region     VARCHAR NOT NULL,
    name       VARCHAR NOT NULL,
    definition VARCHAR NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (account_id, region, name)
);
CREATE TABLE health_check_origins (
    check_id         VARCHAR PRIMARY KEY REFERENCES health_checks (id) ON DELETE CASCADE,
    account_id       VARCHAR NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    caller_reference VARCHAR NOT NULL,
    alarm_region     VARCHAR,
    alarm_name       VARCHAR,
    UNIQUE (account_id, caller_reference)
);
CREATE INDEX health_check_origins_alarm
    ON health_check_origins (account_id, alarm_region, alarm_name);
