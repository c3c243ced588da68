-- The configuration store, version 6: the owner of a change, the one account that may read it
-- back (admin-api GET /v1/changes/{id}). Same dialect rules as V1 to V4 (one script for H2 in
-- MODE=PostgreSQL and PostgreSQL 14). V5 belongs to another table; the two are independent.
--
-- owner_account_id is the account on whose behalf the change was submitted: the account whose
-- token made the request, which for an association across accounts is the side that made it (the
-- VPC owner associating, or whichever owner disassociated), so each can poll its own change until
-- INSYNC. NULL means the operator alone reads the change: a change submitted on behalf of no
-- account (the operator's, the demo configuration's) and every change recorded before this
-- version. The older rows cannot be given an owner: a change names no zone or account, and the
-- zone it touched may be gone, so nothing left in the store says who made it. Leaving them to the
-- operator leaks nothing; their submitters lose only the status of a change that is long INSYNC.
ALTER TABLE changes ADD COLUMN owner_account_id VARCHAR;
ALTER TABLE changes ADD CONSTRAINT changes_owner_account
    FOREIGN KEY (owner_account_id) REFERENCES accounts (id);
