import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    -- Failed sign-ins per account (lower-cased email, known or not: an unknown email is
    -- throttled exactly like a known one, so lockouts tell nothing about who has an account).
    CREATE TABLE sign_in_throttle (
      account text PRIMARY KEY,
      failures integer NOT NULL DEFAULT 0,
      locked_until timestamptz,
      last_failure_at timestamptz NOT NULL
    );
    ALTER TABLE sessions
      ADD COLUMN last_seen_at timestamptz,
      ADD COLUMN user_agent text,
      ADD COLUMN client_address text,
      -- Password accepted, second step (TOTP or recovery code) still owed: not signed in yet.
      ADD COLUMN second_step_pending boolean NOT NULL DEFAULT false;
    ALTER TABLE users
      ADD COLUMN totp_secret text,
      ADD COLUMN totp_enabled_at timestamptz,
      -- The last time step accepted, so a code cannot be replayed within its window.
      ADD COLUMN totp_last_step bigint;
    CREATE TABLE recovery_codes (
      id text PRIMARY KEY,
      tenant_id text NOT NULL REFERENCES tenants(id),
      user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      code_hash text NOT NULL,
      used_at timestamptz
    );
    CREATE INDEX recovery_codes_user ON recovery_codes (user_id);
    -- Microsoft 365's "security defaults": a Global admin can require two-step sign-in of every admin.
    CREATE TABLE tenant_security_settings (
      tenant_id text PRIMARY KEY REFERENCES tenants(id),
      require_two_step_for_admins boolean NOT NULL DEFAULT false,
      updated_at timestamptz NOT NULL
    );
  `.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP TABLE tenant_security_settings;
    DROP TABLE recovery_codes;
    ALTER TABLE users DROP COLUMN totp_secret, DROP COLUMN totp_enabled_at, DROP COLUMN totp_last_step;
    ALTER TABLE sessions DROP COLUMN last_seen_at, DROP COLUMN user_agent, DROP COLUMN client_address,
      DROP COLUMN second_step_pending;
    DROP TABLE sign_in_throttle;
  `.execute(db);
}
