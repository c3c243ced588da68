-- The configuration store, version 15: the resolver addresses of a VPC (docs/spec/resolution.md
-- section 1), the listeners that decide its queries instead of their source address. One column
-- read with the VPC row: "ip:port" items ("[ip]:port" for IPv6) joined by commas, NULL for none.
-- Same dialect rules as V1.
ALTER TABLE vpcs ADD COLUMN resolver_addresses VARCHAR;
