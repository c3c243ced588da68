-- The configuration store, version 9: the change log says whether a version changed the VPCs
-- (operations.md "Incremental configuration"), so that a node catching up with a structure change
-- that left them alone (an association, a rule) does not read 10,000 VPCs and their CIDRs again.
-- Rows logged before this version may have changed them: they say so. Same dialect rules as V1.
ALTER TABLE config_log ADD COLUMN vpcs BOOLEAN NOT NULL DEFAULT TRUE;
