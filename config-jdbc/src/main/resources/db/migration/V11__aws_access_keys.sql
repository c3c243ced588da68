-- The configuration store, version 11: AWS-style access keys of accounts, for the AWS-compatible
-- API (docs/aws-api.md). The secret is stored sealed (AES-GCM under the nodes' secret-sealing key,
-- isthmus.aws.secret-key); the store never sees it in the clear. A key goes with its account.
-- Same dialect rules as V1.
CREATE TABLE aws_access_keys (
    access_key_id VARCHAR PRIMARY KEY,
    account_id    VARCHAR NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    sealed_secret VARCHAR NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX aws_access_keys_account ON aws_access_keys (account_id, created_at);
