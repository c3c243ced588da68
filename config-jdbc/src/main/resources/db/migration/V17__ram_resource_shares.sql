-- The configuration store, version 17: the resource shares of the AWS-compatible API's RAM calls
-- (docs/aws-api.md). A share belongs to an account and a region; its client token is unique
-- per account. Its resolver rules and principal accounts go with it, and each leaves it when the
-- rule or the account is deleted. The rule shares they stand for are V2's rule_shares, which the
-- facade keeps in step. The share's tags are resource_tags keyed by its ARN. Same dialect rules
-- as V1.
CREATE TABLE ram_resource_shares (
    arn                       VARCHAR PRIMARY KEY,
    account_id                VARCHAR NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    region                    VARCHAR NOT NULL,
    name                      VARCHAR NOT NULL,
    allow_external_principals BOOLEAN NOT NULL,
    client_token              VARCHAR,
    created_at                TIMESTAMP WITH TIME ZONE NOT NULL,
    UNIQUE (account_id, client_token)
);
CREATE TABLE ram_share_rules (
    share_arn     VARCHAR NOT NULL REFERENCES ram_resource_shares (arn) ON DELETE CASCADE,
    rule_id       VARCHAR NOT NULL REFERENCES resolver_rules (id) ON DELETE CASCADE,
    associated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    seq           BIGINT GENERATED ALWAYS AS IDENTITY,
    PRIMARY KEY (share_arn, rule_id)
);
CREATE INDEX ram_share_rules_rule ON ram_share_rules (rule_id);
CREATE TABLE ram_share_principals (
    share_arn     VARCHAR NOT NULL REFERENCES ram_resource_shares (arn) ON DELETE CASCADE,
    account_id    VARCHAR NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    associated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    seq           BIGINT GENERATED ALWAYS AS IDENTITY,
    PRIMARY KEY (share_arn, account_id)
);
CREATE INDEX ram_share_principals_account ON ram_share_principals (account_id);
