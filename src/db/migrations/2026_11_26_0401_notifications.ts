import { sql, type Kysely } from 'kysely';

/**
 * Events (the notifications outbox), the emails and webhook deliveries they cause, each
 * admin's email preferences, and webhook endpoints. A delivery row is unique per event and
 * recipient (or endpoint), so a job that runs twice never sends twice.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE events (
      id text PRIMARY KEY,
      seq bigserial NOT NULL UNIQUE,
      tenant_id text NOT NULL REFERENCES tenants(id),
      type text NOT NULL,
      api_version text NOT NULL,
      data jsonb NOT NULL,
      ordering_key text,
      dedupe_key text,
      created_at timestamptz NOT NULL
    );
    CREATE UNIQUE INDEX events_dedupe ON events (tenant_id, dedupe_key) WHERE dedupe_key IS NOT NULL;
    CREATE INDEX events_tenant ON events (tenant_id, seq DESC);

    CREATE TABLE notification_preferences (
      tenant_id text NOT NULL REFERENCES tenants(id),
      user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      opted_out jsonb NOT NULL DEFAULT '[]',
      locale text,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, user_id)
    );

    CREATE TABLE email_deliveries (
      id text PRIMARY KEY,
      tenant_id text NOT NULL REFERENCES tenants(id),
      event_id text NOT NULL REFERENCES events(id),
      event_type text NOT NULL,
      recipient_user_id text,
      recipient_email text NOT NULL,
      locale text NOT NULL,
      subject text,
      status text NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
      attempts integer NOT NULL DEFAULT 0,
      last_error text,
      transport text,
      message_id text,
      file_name text,
      created_at timestamptz NOT NULL,
      sent_at timestamptz,
      UNIQUE (event_id, recipient_email)
    );
    CREATE INDEX email_deliveries_recent ON email_deliveries (created_at DESC);
    CREATE INDEX email_deliveries_tenant ON email_deliveries (tenant_id, created_at DESC);

    CREATE TABLE webhook_endpoints (
      id text PRIMARY KEY,
      tenant_id text REFERENCES tenants(id),
      url text NOT NULL,
      description text NOT NULL DEFAULT '',
      event_types jsonb NOT NULL,
      enabled boolean NOT NULL DEFAULT true,
      secret text NOT NULL,
      previous_secret text,
      previous_secret_expires_at timestamptz,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      deleted_at timestamptz
    );
    CREATE INDEX webhook_endpoints_tenant ON webhook_endpoints (tenant_id) WHERE deleted_at IS NULL;

    CREATE TABLE webhook_deliveries (
      id text PRIMARY KEY,
      endpoint_id text NOT NULL REFERENCES webhook_endpoints(id),
      endpoint_tenant_id text REFERENCES tenants(id),
      tenant_id text NOT NULL REFERENCES tenants(id),
      event_id text NOT NULL REFERENCES events(id),
      event_seq bigint NOT NULL,
      event_type text NOT NULL,
      ordering_key text NOT NULL,
      status text NOT NULL CHECK (status IN ('pending', 'sending', 'succeeded', 'failed')),
      attempt_count integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz,
      claimed_at timestamptz,
      last_status_code integer,
      created_at timestamptz NOT NULL,
      completed_at timestamptz,
      UNIQUE (endpoint_id, event_id)
    );
    CREATE INDEX webhook_deliveries_order ON webhook_deliveries (endpoint_id, ordering_key, event_seq);
    CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';

    CREATE TABLE webhook_attempts (
      id bigserial PRIMARY KEY,
      delivery_id text NOT NULL REFERENCES webhook_deliveries(id),
      attempted_at timestamptz NOT NULL,
      status_code integer,
      response_body text,
      error text,
      duration_ms integer NOT NULL,
      manual boolean NOT NULL DEFAULT false
    );
    CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, id);

    -- What the periodic sweep looks for: terms ending soon, open invoices past due.
    CREATE INDEX subscriptions_renewing ON subscriptions (term_end)
      WHERE recurring_billing AND status IN ('active', 'warning');
    CREATE INDEX IF NOT EXISTS invoices_open_due ON invoices (due_at) WHERE status = 'open';
  `.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP INDEX IF EXISTS subscriptions_renewing, invoices_open_due;
    DROP TABLE webhook_attempts, webhook_deliveries, webhook_endpoints, email_deliveries,
      notification_preferences, events;
  `.execute(db);
}
