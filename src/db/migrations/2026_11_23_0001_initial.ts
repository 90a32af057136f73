import { sql, type Kysely } from 'kysely';

// Migrations receive Kysely<any> on purpose: they describe the schema as it was at their
// time, not as schema.ts describes it today.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE catalog_versions (
      id serial PRIMARY KEY,
      version text NOT NULL,
      checksum text NOT NULL UNIQUE,
      source text NOT NULL,
      document jsonb NOT NULL,
      imported_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE products (
      id text PRIMARY KEY,
      kind text NOT NULL CHECK (kind IN ('base', 'addon')),
      addon_kind text CHECK (addon_kind IN ('traditional', 'standalone')),
      unit text NOT NULL CHECK (unit IN ('user', 'gb', 'credit')),
      min_quantity integer NOT NULL CHECK (min_quantity >= 1),
      max_quantity integer NOT NULL CHECK (max_quantity >= min_quantity),
      names jsonb NOT NULL,
      descriptions jsonb NOT NULL,
      clouds jsonb NOT NULL,
      eligible_base_product_ids jsonb NOT NULL DEFAULT '[]',
      sort_order integer NOT NULL DEFAULT 0,
      catalog_version_id integer NOT NULL REFERENCES catalog_versions(id),
      retired boolean NOT NULL DEFAULT false,
      CHECK ((kind = 'addon') = (addon_kind IS NOT NULL))
    );
    CREATE TABLE prices (
      id text PRIMARY KEY,
      product_id text NOT NULL REFERENCES products(id),
      catalog_version_id integer NOT NULL REFERENCES catalog_versions(id),
      commitment text NOT NULL CHECK (commitment IN ('monthly', 'annual')),
      billing_frequency text NOT NULL CHECK (billing_frequency IN ('monthly', 'annual')),
      currency text NOT NULL,
      unit_amount bigint NOT NULL CHECK (unit_amount >= 0),
      active boolean NOT NULL DEFAULT true
    );
    CREATE UNIQUE INDEX prices_active_offer ON prices (product_id, commitment, billing_frequency, currency)
      WHERE active;
    CREATE TABLE tax_rates (
      country text PRIMARY KEY,
      rate_basis_points integer NOT NULL CHECK (rate_basis_points BETWEEN 0 AND 10000),
      catalog_version_id integer NOT NULL REFERENCES catalog_versions(id)
    );

    CREATE TABLE tenants (
      id text PRIMARY KEY,
      name text NOT NULL,
      billing_country text NOT NULL,
      currency text NOT NULL,
      locale text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE users (
      id text PRIMARY KEY,
      tenant_id text NOT NULL REFERENCES tenants(id),
      email text NOT NULL,
      display_name text NOT NULL,
      role text NOT NULL CHECK (role IN ('global_admin', 'billing_admin', 'license_admin', 'user')),
      password_hash text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX users_tenant_email ON users (tenant_id, lower(email));
    CREATE INDEX users_email ON users (lower(email));
    CREATE TABLE sessions (
      id text PRIMARY KEY,
      token_hash text NOT NULL UNIQUE,
      tenant_id text NOT NULL REFERENCES tenants(id),
      user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL
    );
    CREATE TABLE api_tokens (
      id text PRIMARY KEY,
      tenant_id text NOT NULL REFERENCES tenants(id),
      user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      name text NOT NULL,
      token_hash text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_used_at timestamptz,
      revoked_at timestamptz
    );

    CREATE TABLE subscriptions (
      id text PRIMARY KEY,
      tenant_id text NOT NULL REFERENCES tenants(id),
      product_id text NOT NULL REFERENCES products(id),
      price_id text NOT NULL REFERENCES prices(id),
      kind text NOT NULL CHECK (kind IN ('base', 'traditional_addon', 'standalone_addon')),
      base_subscription_id text REFERENCES subscriptions(id),
      quantity integer NOT NULL CHECK (quantity >= 0),
      pending_quantity integer CHECK (pending_quantity >= 0),
      commitment text NOT NULL,
      billing_frequency text NOT NULL,
      currency text NOT NULL,
      unit_amount bigint NOT NULL,
      status text NOT NULL CHECK (status IN ('active', 'warning', 'expired', 'disabled', 'deleted', 'cancelled')),
      recurring_billing boolean NOT NULL,
      term_start timestamptz NOT NULL,
      term_end timestamptz NOT NULL,
      period_start timestamptz NOT NULL,
      period_end timestamptz NOT NULL,
      window_start timestamptz NOT NULL,
      status_changed_at timestamptz NOT NULL,
      next_action_at timestamptz,
      renewal_attempts integer NOT NULL DEFAULT 0,
      order_id text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      ended_at timestamptz,
      version integer NOT NULL DEFAULT 1,
      CHECK ((kind = 'traditional_addon') = (base_subscription_id IS NOT NULL))
    );
    CREATE INDEX subscriptions_tenant ON subscriptions (tenant_id, product_id);
    CREATE INDEX subscriptions_base ON subscriptions (tenant_id, base_subscription_id);
    CREATE INDEX subscriptions_due ON subscriptions (period_end) WHERE status IN ('active', 'warning');
    CREATE INDEX subscriptions_next_action ON subscriptions (next_action_at) WHERE next_action_at IS NOT NULL;

    CREATE TABLE license_assignments (
      id text PRIMARY KEY,
      tenant_id text NOT NULL REFERENCES tenants(id),
      user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      product_id text NOT NULL REFERENCES products(id),
      assigned_at timestamptz NOT NULL,
      seq bigserial NOT NULL
    );
    CREATE UNIQUE INDEX license_assignments_user_product ON license_assignments (tenant_id, user_id, product_id);
    CREATE INDEX license_assignments_product ON license_assignments (tenant_id, product_id);

    CREATE TABLE payment_methods (
      id text PRIMARY KEY,
      tenant_id text NOT NULL REFERENCES tenants(id),
      type text NOT NULL CHECK (type IN ('card', 'invoice')),
      gateway_token text,
      card_brand text,
      card_last4 text,
      card_exp_month integer,
      card_exp_year integer,
      holder_name text,
      is_default boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      removed_at timestamptz
    );
    CREATE INDEX payment_methods_tenant ON payment_methods (tenant_id);

    CREATE TABLE orders (
      id text PRIMARY KEY,
      tenant_id text NOT NULL REFERENCES tenants(id),
      created_by text,
      status text NOT NULL CHECK (status IN ('completed', 'failed')),
      currency text NOT NULL,
      subtotal bigint NOT NULL,
      tax bigint NOT NULL,
      total_due_today bigint NOT NULL,
      total_per_period jsonb NOT NULL,
      payment_method_id text,
      payment_id text,
      failure_code text,
      failure_message text,
      auto_assign_report jsonb NOT NULL DEFAULT '[]',
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX orders_tenant ON orders (tenant_id, created_at DESC);
    CREATE TABLE order_lines (
      id text PRIMARY KEY,
      tenant_id text NOT NULL REFERENCES tenants(id),
      order_id text NOT NULL REFERENCES orders(id),
      line_no integer NOT NULL,
      product_id text NOT NULL REFERENCES products(id),
      subscription_id text REFERENCES subscriptions(id),
      base_subscription_id text REFERENCES subscriptions(id),
      commitment text NOT NULL,
      billing_frequency text NOT NULL,
      quantity integer NOT NULL,
      unit_amount bigint NOT NULL,
      period_amount bigint NOT NULL,
      prorated_days integer NOT NULL,
      period_days integer NOT NULL,
      amount bigint NOT NULL,
      tax_rate_basis_points integer NOT NULL,
      tax bigint NOT NULL,
      total bigint NOT NULL,
      period_tax bigint NOT NULL,
      period_start timestamptz NOT NULL,
      period_end timestamptz NOT NULL,
      term_end timestamptz NOT NULL
    );
    CREATE INDEX order_lines_order ON order_lines (tenant_id, order_id);

    CREATE TABLE invoices (
      id text PRIMARY KEY,
      tenant_id text NOT NULL REFERENCES tenants(id),
      number text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('order', 'quantity_change', 'renewal', 'period', 'credit')),
      status text NOT NULL CHECK (status IN ('paid', 'open', 'void', 'refunded', 'uncollectible')),
      order_id text,
      subscription_id text,
      currency text NOT NULL,
      subtotal bigint NOT NULL,
      tax bigint NOT NULL,
      total bigint NOT NULL,
      lines jsonb NOT NULL,
      payment_method_id text,
      issued_at timestamptz NOT NULL,
      due_at timestamptz NOT NULL,
      paid_at timestamptz
    );
    CREATE UNIQUE INDEX invoices_number ON invoices (tenant_id, number);
    CREATE INDEX invoices_tenant ON invoices (tenant_id, issued_at DESC);
    CREATE TABLE invoice_counters (
      tenant_id text PRIMARY KEY REFERENCES tenants(id),
      next_number integer NOT NULL
    );

    CREATE TABLE payments (
      id text PRIMARY KEY,
      tenant_id text NOT NULL REFERENCES tenants(id),
      payment_method_id text,
      order_id text,
      invoice_id text,
      kind text NOT NULL CHECK (kind IN ('charge', 'refund')),
      amount bigint NOT NULL,
      currency text NOT NULL,
      status text NOT NULL CHECK (status IN ('succeeded', 'declined', 'pending')),
      decline_code text,
      message text,
      gateway_reference text,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX payments_tenant ON payments (tenant_id, created_at DESC);

    CREATE TABLE idempotency_keys (
      tenant_id text NOT NULL REFERENCES tenants(id),
      key text NOT NULL,
      route text NOT NULL,
      request_hash text NOT NULL,
      response_status integer,
      response_body jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, key)
    );

    CREATE TABLE support_requests (
      id text PRIMARY KEY,
      tenant_id text NOT NULL REFERENCES tenants(id),
      created_by text,
      type text NOT NULL CHECK (type IN ('remove_traditional_addon', 'general')),
      subscription_id text REFERENCES subscriptions(id),
      subject text NOT NULL,
      description text NOT NULL,
      status text NOT NULL CHECK (status IN ('open', 'resolved', 'rejected')),
      resolution text,
      credit_amount bigint,
      credit_invoice_id text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      resolved_at timestamptz
    );
    CREATE INDEX support_requests_tenant ON support_requests (tenant_id, created_at DESC);
    CREATE TABLE support_request_messages (
      id bigserial PRIMARY KEY,
      tenant_id text NOT NULL REFERENCES tenants(id),
      support_request_id text NOT NULL REFERENCES support_requests(id),
      author_type text NOT NULL CHECK (author_type IN ('tenant', 'operator')),
      author_id text,
      body text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE audit_log (
      id bigserial PRIMARY KEY,
      tenant_id text REFERENCES tenants(id),
      actor_type text NOT NULL,
      actor_id text,
      action text NOT NULL,
      entity_type text NOT NULL,
      entity_id text NOT NULL,
      before jsonb,
      after jsonb,
      created_at timestamptz NOT NULL
    );
    CREATE INDEX audit_log_tenant ON audit_log (tenant_id, id DESC);
  `.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP TABLE audit_log, support_request_messages, support_requests, idempotency_keys, payments,
      invoice_counters, invoices, order_lines, orders, payment_methods, license_assignments,
      subscriptions, api_tokens, sessions, users, tenants, tax_rates, prices, products, catalog_versions;
  `.execute(db);
}
