import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    -- One gateway customer per tenant: saved cards are attached to it, renewals charge it.
    -- Its own table rather than a tenants column, so reading a tenant (every request) is untouched.
    CREATE TABLE tenant_gateway_customers (
      tenant_id text PRIMARY KEY REFERENCES tenants(id) ON DELETE CASCADE,
      customer_id text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    -- Which charge a refund returns money from: a gateway refund names its PaymentIntent,
    -- and no charge can be refunded beyond what it took.
    ALTER TABLE payments ADD COLUMN refund_of text REFERENCES payments(id);
    CREATE INDEX payments_refund_of ON payments (refund_of) WHERE refund_of IS NOT NULL;
  `.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE payments DROP COLUMN refund_of;
    DROP TABLE tenant_gateway_customers;
  `.execute(db);
}
