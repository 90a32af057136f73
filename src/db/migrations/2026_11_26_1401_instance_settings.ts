import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    -- Facts about the instance as a whole that every process needs and only one knows, one row
    -- per name: 'public_url', the address \`serve\` is reached at, which separate
    -- \`billing-center worker\` processes use for links in mail (docs/notifications.md).
    CREATE TABLE instance_settings (
      name text PRIMARY KEY,
      value text NOT NULL,
      updated_at timestamptz NOT NULL
    );
  `.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE instance_settings`.execute(db);
}
