import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    -- Every charge and refund is written here and committed BEFORE the gateway is asked, with
    -- the idempotency key the gateway receives; its outcome is written after. An attempt still
    -- pending after a crash is resolved by reconciliation (ask the gateway, then finish or undo).
    CREATE TABLE payment_attempts (
      id text PRIMARY KEY,
      tenant_id text NOT NULL REFERENCES tenants(id),
      kind text NOT NULL CHECK (kind IN ('charge', 'refund')),
      purpose text NOT NULL CHECK (purpose IN ('order', 'quantity_increase', 'renewal', 'period', 'credit', 'undo')),
      -- The business operation the money belongs to: an order id, a subscription period
      -- (subscription id @ period start), a credit note id…
      operation_type text NOT NULL,
      operation_id text NOT NULL,
      amount bigint NOT NULL CHECK (amount > 0),
      currency text NOT NULL,
      payment_method_id text REFERENCES payment_methods(id),
      -- For a refund: the charge attempt whose money goes back.
      refund_of text REFERENCES payment_attempts(id),
      idempotency_key text NOT NULL UNIQUE,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'declined', 'failed')),
      gateway_reference text,
      decline_code text,
      message text,
      -- What finishing the operation needs (the order request), so reconciliation can finish
      -- exactly what the request would have.
      request jsonb NOT NULL DEFAULT '{}',
      -- Whether the business change that follows the outcome is written (or undone).
      settled boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      resolved_at timestamptz,
      CHECK ((kind = 'refund') = (refund_of IS NOT NULL)),
      CHECK (status <> 'succeeded' OR gateway_reference IS NOT NULL)
    );
    -- One gateway charge (or refund) is recorded by one attempt only.
    CREATE UNIQUE INDEX payment_attempts_gateway_reference ON payment_attempts (kind, gateway_reference)
      WHERE gateway_reference IS NOT NULL;
    -- One business operation has at most one charge that is in flight or taken: one order is
    -- paid once, one subscription period is billed once (a declined one may be tried again).
    CREATE UNIQUE INDEX payment_attempts_one_charge ON payment_attempts (tenant_id, operation_type, operation_id)
      WHERE kind = 'charge' AND status IN ('pending', 'succeeded');
    CREATE INDEX payment_attempts_unsettled ON payment_attempts (created_at)
      WHERE status = 'pending' OR NOT settled;

    ALTER TABLE payments ADD COLUMN attempt_id text UNIQUE REFERENCES payment_attempts(id);
    CREATE UNIQUE INDEX payments_gateway_reference ON payments (kind, gateway_reference)
      WHERE gateway_reference IS NOT NULL;

    -- A renewal or period invoice names the period it bills; a period is billed once.
    ALTER TABLE invoices ADD COLUMN billed_period_start timestamptz;
    CREATE UNIQUE INDEX invoices_one_per_period ON invoices (tenant_id, subscription_id, billed_period_start)
      WHERE billed_period_start IS NOT NULL;
    -- A credit note that reduced an open invoice names it.
    ALTER TABLE invoices ADD COLUMN credited_invoice_id text REFERENCES invoices(id);
    ALTER TABLE invoices ADD COLUMN amount_credited bigint NOT NULL DEFAULT 0;

    -- "Still running" for an Idempotency-Key whose work spans transactions (a checkout waiting
    -- for the gateway): the attempt that answers it.
    ALTER TABLE idempotency_keys ADD COLUMN attempt_id text REFERENCES payment_attempts(id);
  `.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE idempotency_keys DROP COLUMN attempt_id;
    ALTER TABLE invoices DROP COLUMN amount_credited;
    ALTER TABLE invoices DROP COLUMN credited_invoice_id;
    DROP INDEX invoices_one_per_period;
    ALTER TABLE invoices DROP COLUMN billed_period_start;
    DROP INDEX payments_gateway_reference;
    ALTER TABLE payments DROP COLUMN attempt_id;
    DROP TABLE payment_attempts;
  `.execute(db);
}
