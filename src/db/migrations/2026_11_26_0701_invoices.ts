import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    -- Paying an open invoice from the admin center is a payment attempt of its own purpose.
    ALTER TABLE payment_attempts DROP CONSTRAINT payment_attempts_purpose_check,
      ADD CONSTRAINT payment_attempts_purpose_check
        CHECK (purpose IN ('order', 'quantity_increase', 'renewal', 'period', 'credit', 'undo', 'invoice'));

    CREATE TABLE billing_profiles (
      tenant_id text PRIMARY KEY REFERENCES tenants(id),
      legal_name text NOT NULL,
      address_lines jsonb NOT NULL DEFAULT '[]',
      postal_code text NOT NULL DEFAULT '',
      city text NOT NULL DEFAULT '',
      country text NOT NULL,
      tax_id text,
      billing_email text,
      version integer NOT NULL DEFAULT 1,
      updated_at timestamptz NOT NULL
    );

    -- What was collected on an open invoice after it was issued (bank transfers, payment from
    -- the admin center), and how far its dunning has gone.
    ALTER TABLE invoices
      ADD COLUMN amount_paid bigint NOT NULL DEFAULT 0,
      ADD COLUMN dunning_stage text NOT NULL DEFAULT 'none'
        CHECK (dunning_stage IN ('none', 'first_reminder', 'second_reminder', 'warning', 'suspended')),
      ADD COLUMN dunning_stage_at timestamptz;
    CREATE INDEX IF NOT EXISTS invoices_open_due ON invoices (due_at) WHERE status = 'open';

    CREATE TABLE invoice_bank_transfers (
      id text PRIMARY KEY,
      tenant_id text NOT NULL REFERENCES tenants(id),
      invoice_id text NOT NULL REFERENCES invoices(id),
      amount bigint NOT NULL CHECK (amount > 0),
      currency text NOT NULL,
      received_on text NOT NULL CHECK (received_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
      reference text NOT NULL,
      created_at timestamptz NOT NULL
    );
    -- A bank statement line is recorded once: the same reference on the same invoice is the
    -- same transfer, which makes recording it idempotent.
    CREATE UNIQUE INDEX invoice_bank_transfers_reference ON invoice_bank_transfers (tenant_id, invoice_id, reference);

    -- Subscriptions suspended because an invoice covering them went unpaid, with the state to
    -- give back once it is paid.
    CREATE TABLE invoice_suspensions (
      tenant_id text NOT NULL REFERENCES tenants(id),
      invoice_id text NOT NULL REFERENCES invoices(id),
      subscription_id text NOT NULL REFERENCES subscriptions(id),
      previous_status text NOT NULL,
      previous_next_action_at timestamptz,
      suspended_at timestamptz NOT NULL,
      lifted_at timestamptz,
      PRIMARY KEY (invoice_id, subscription_id)
    );
  `.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP TABLE invoice_suspensions;
    DROP TABLE invoice_bank_transfers;
    DROP INDEX IF EXISTS invoices_open_due;
    ALTER TABLE invoices DROP COLUMN amount_paid, DROP COLUMN dunning_stage, DROP COLUMN dunning_stage_at;
    DROP TABLE billing_profiles;
    ALTER TABLE payment_attempts DROP CONSTRAINT payment_attempts_purpose_check,
      ADD CONSTRAINT payment_attempts_purpose_check
        CHECK (purpose IN ('order', 'quantity_increase', 'renewal', 'period', 'credit', 'undo'));
  `.execute(db);
}
