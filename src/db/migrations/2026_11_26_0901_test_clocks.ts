import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    -- A per-tenant test clock (docs/test-clocks.md): while a row exists, the tenant lives at
    -- frozen_time and the instance's billing run and sweep leave it alone.
    CREATE TABLE test_clocks (
      id text PRIMARY KEY,
      tenant_id text NOT NULL UNIQUE REFERENCES tenants(id),
      name text NOT NULL,
      frozen_time timestamptz NOT NULL,
      status text NOT NULL DEFAULT 'ready' CHECK (status IN ('ready', 'advancing')),
      advancing_to timestamptz,
      -- Instance time the advance began: one left "advancing" by a dead process is taken over.
      advance_started_at timestamptz,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    );
  `.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE test_clocks`.execute(db);
}
