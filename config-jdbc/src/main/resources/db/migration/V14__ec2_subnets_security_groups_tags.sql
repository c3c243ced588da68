-- The configuration store, version 14: what the AWS-compatible API's EC2 calls keep beside the
-- VPCs (docs/aws-api.md "EC2"). Subnets (a CIDR within one of their VPC's CIDRs, an availability
-- zone) and security groups (stored only: nothing filters traffic) go with their VPC. Tags of any
-- resource of an account, by the resource's id; the facade deletes a resource's tags with it.
-- Same dialect rules as V1.
CREATE TABLE ec2_subnets (
    id                VARCHAR PRIMARY KEY,
    account_id        VARCHAR NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    vpc_id            VARCHAR NOT NULL REFERENCES vpcs (id) ON DELETE CASCADE,
    cidr              VARCHAR NOT NULL,
    availability_zone VARCHAR NOT NULL
);
CREATE INDEX ec2_subnets_account ON ec2_subnets (account_id);
CREATE TABLE ec2_security_groups (
    id          VARCHAR PRIMARY KEY,
    account_id  VARCHAR NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    vpc_id      VARCHAR NOT NULL REFERENCES vpcs (id) ON DELETE CASCADE,
    group_name  VARCHAR NOT NULL,
    description VARCHAR NOT NULL,
    UNIQUE (vpc_id, group_name)
);
CREATE INDEX ec2_security_groups_account ON ec2_security_groups (account_id);
CREATE TABLE resource_tags (
    account_id  VARCHAR NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    resource_id VARCHAR NOT NULL,
    tag_key     VARCHAR NOT NULL,
    tag_value   VARCHAR NOT NULL,
    PRIMARY KEY (account_id, resource_id, tag_key)
);
