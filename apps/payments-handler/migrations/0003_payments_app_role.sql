-- payments_app: the role the payments function connects as, with IAM database authentication and only what the
-- handler does: connect to this database, use its schema, read and insert payments. It owns nothing, so it can
-- neither drop, alter nor truncate a table; it may not create anything (tables, temporary tables, schemas), read
-- any other table (schema_migrations), update or delete a payment. Only the migrations, as the master user, hold
-- the master secret.
--
-- Roles belong to the cluster, not to one database: an existing payments_app (another database of the cluster, or
-- a run that raced this one) is reused, and held to these attributes.
DO $$
BEGIN
  CREATE ROLE payments_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
EXCEPTION
  WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;

DO $$
BEGIN
  IF EXISTS (
    SELECT 1 FROM pg_roles
     WHERE rolname = 'payments_app'
       AND (rolsuper OR rolcreatedb OR rolcreaterole OR rolreplication OR rolbypassrls OR NOT rolcanlogin)
  ) THEN
    ALTER ROLE payments_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
  END IF;
END
$$;

-- Nobody but the roles named here connects to the database or makes temporary tables in it (PUBLIC has both by
-- default); the owner, the master user, keeps its own rights.
DO $$
BEGIN
  EXECUTE format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database());
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO payments_app', current_database());
END
$$;

REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO payments_app;
GRANT SELECT, INSERT ON payments TO payments_app;

-- IAM database authentication: RDS lets a role sign in with an IAM token when it is a member of rds_iam, which
-- exists on RDS and Aurora only (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/UsingWithRDS.IAMDBAuth.DBAccounts.html).
-- On plain PostgreSQL (the tests) there is no rds_iam: nothing to grant.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'rds_iam') THEN
    GRANT rds_iam TO payments_app;
  END IF;
END
$$;
