import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * The database as Kysely sees it. Every tenant-owned table carries `tenant_id` and every
 * query on it filters by it, which keeps a move to a tenant-sharded PostgreSQL possible.
 * Money columns are BIGINT minor units, read back as JS numbers (see connection.ts).
 */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Json<T> = ColumnType<T, string, string>;

export type ProductKind = 'base' | 'addon';
export type AddonKind = 'traditional' | 'standalone';
export type ProductUnit = 'user' | 'gb' | 'credit';
export type Commitment = 'monthly' | 'annual';
export type BillingFrequency = 'monthly' | 'annual';
export type Role = 'global_admin' | 'billing_admin' | 'license_admin' | 'user';
export type SubscriptionKind = 'base' | 'traditional_addon' | 'standalone_addon';
export type SubscriptionStatus = 'active' | 'warning' | 'expired' | 'disabled' | 'deleted' | 'cancelled';
export type LocalizedText = Record<string, string>;

export interface CatalogVersionTable {
  id: Generated<number>;
  version: string;
  checksum: string;
  source: string;
  document: Json<unknown>;
  imported_at: CreatedAt;
}

export interface ProductTable {
  id: string;
  kind: ProductKind;
  addon_kind: AddonKind | null;
  unit: ProductUnit;
  min_quantity: number;
  max_quantity: number;
  names: Json<LocalizedText>;
  descriptions: Json<LocalizedText>;
  clouds: Json<string[]>;
  eligible_base_product_ids: Json<string[]>;
  sort_order: number;
  catalog_version_id: number;
  /** Absent from the newest catalog: no longer sold, still billed for existing subscriptions. */
  retired: boolean;
}

export interface PriceTable {
  id: string;
  product_id: string;
  catalog_version_id: number;
  commitment: Commitment;
  billing_frequency: BillingFrequency;
  currency: string;
  unit_amount: number;
  active: boolean;
}

export interface TaxRateTable {
  country: string;
  rate_basis_points: number;
  catalog_version_id: number;
}

export interface TenantTable {
  id: string;
  name: string;
  billing_country: string;
  currency: string;
  locale: string;
  created_at: CreatedAt;
}

export interface UserTable {
  id: string;
  tenant_id: string;
  email: string;
  display_name: string;
  role: Role;
  password_hash: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
  totp_secret: string | null;
  totp_enabled_at: Timestamp | null;
  totp_last_step: number | null;
}

export interface SessionTable {
  id: string;
  token_hash: string;
  tenant_id: string;
  user_id: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
  last_seen_at: Timestamp | null;
  user_agent: string | null;
  client_address: string | null;
  second_step_pending: Generated<boolean>;
}

export interface SignInThrottleTable {
  account: string;
  failures: number;
  locked_until: Timestamp | null;
  last_failure_at: Timestamp;
}

export interface TenantSecuritySettingsTable {
  tenant_id: string;
  require_two_step_for_admins: boolean;
  updated_at: Timestamp;
}

export interface RecoveryCodeTable {
  id: string;
  tenant_id: string;
  user_id: string;
  code_hash: string;
  used_at: Timestamp | null;
}

export interface ApiTokenTable {
  id: string;
  tenant_id: string;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: CreatedAt;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface SubscriptionTable {
  id: string;
  tenant_id: string;
  product_id: string;
  price_id: string;
  kind: SubscriptionKind;
  base_subscription_id: string | null;
  quantity: number;
  /** A reduction scheduled for the next renewal (outside the refund window). */
  pending_quantity: number | null;
  commitment: Commitment;
  billing_frequency: BillingFrequency;
  currency: string;
  /** Copied from the price at purchase: a later catalog never changes what this pays. */
  unit_amount: number;
  status: SubscriptionStatus;
  recurring_billing: boolean;
  term_start: Timestamp;
  term_end: Timestamp;
  period_start: Timestamp;
  period_end: Timestamp;
  /** Purchase or last renewal: opens the refund window. */
  window_start: Timestamp;
  status_changed_at: Timestamp;
  /** Next automatic step of the lifecycle (renewal retry, disable, delete). */
  next_action_at: Timestamp | null;
  renewal_attempts: Generated<number>;
  order_id: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
  ended_at: Timestamp | null;
  version: Generated<number>;
}

export interface LicenseAssignmentTable {
  id: string;
  tenant_id: string;
  user_id: string;
  product_id: string;
  assigned_at: Timestamp;
  seq: Generated<number>;
}

export interface OrderTable {
  id: string;
  tenant_id: string;
  created_by: string | null;
  status: 'completed' | 'failed';
  currency: string;
  subtotal: number;
  tax: number;
  total_due_today: number;
  total_per_period: Json<Record<string, number>>;
  payment_method_id: string | null;
  payment_id: string | null;
  failure_code: string | null;
  failure_message: string | null;
  auto_assign_report: Json<unknown>;
  created_at: CreatedAt;
}

export interface OrderLineTable {
  id: string;
  tenant_id: string;
  order_id: string;
  line_no: number;
  product_id: string;
  subscription_id: string | null;
  base_subscription_id: string | null;
  commitment: Commitment;
  billing_frequency: BillingFrequency;
  quantity: number;
  unit_amount: number;
  period_amount: number;
  prorated_days: number;
  period_days: number;
  amount: number;
  tax_rate_basis_points: number;
  tax: number;
  total: number;
  period_tax: number;
  period_start: Timestamp;
  period_end: Timestamp;
  term_end: Timestamp;
}

export interface PaymentMethodTable {
  id: string;
  tenant_id: string;
  type: 'card' | 'invoice';
  gateway_token: string | null;
  card_brand: string | null;
  card_last4: string | null;
  card_exp_month: number | null;
  card_exp_year: number | null;
  holder_name: string | null;
  is_default: boolean;
  created_at: CreatedAt;
  removed_at: Timestamp | null;
}

/** The tenant's customer at the payment gateway (`cus_…`), created with its first saved card. */
export interface TenantGatewayCustomerTable {
  tenant_id: string;
  customer_id: string;
  created_at: CreatedAt;
}

export interface PaymentTable {
  id: string;
  tenant_id: string;
  payment_method_id: string | null;
  order_id: string | null;
  invoice_id: string | null;
  kind: 'charge' | 'refund';
  amount: number;
  currency: string;
  status: 'succeeded' | 'declined' | 'pending';
  decline_code: string | null;
  message: string | null;
  gateway_reference: string | null;
  /** The payment attempt this payment records (one attempt, one payment). */
  attempt_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** For a refund: the charge (payment id) it gives money back from. */
  refund_of: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
}

export type PaymentAttemptKind = 'charge' | 'refund';
export type PaymentAttemptPurpose =
  'order' | 'quantity_increase' | 'renewal' | 'period' | 'credit' | 'undo' | 'invoice';
export type PaymentAttemptStatus = 'pending' | 'succeeded' | 'declined' | 'failed';

/**
 * A charge or refund, committed before the gateway is called (with the idempotency key the
 * gateway receives) and given its outcome after. See docs/money.md.
 */
export interface PaymentAttemptTable {
  id: string;
  tenant_id: string;
  kind: PaymentAttemptKind;
  purpose: PaymentAttemptPurpose;
  operation_type: string;
  operation_id: string;
  amount: number;
  currency: string;
  payment_method_id: string | null;
  refund_of: string | null;
  idempotency_key: string;
  status: ColumnType<PaymentAttemptStatus, PaymentAttemptStatus | undefined, PaymentAttemptStatus>;
  gateway_reference: string | null;
  decline_code: string | null;
  message: string | null;
  request: Json<Record<string, unknown>>;
  settled: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
  resolved_at: Timestamp | null;
}

export type InvoiceKind = 'order' | 'quantity_change' | 'renewal' | 'period' | 'credit';

export interface InvoiceTable {
  id: string;
  tenant_id: string;
  number: string;
  kind: InvoiceKind;
  status: 'paid' | 'open' | 'void' | 'refunded' | 'uncollectible';
  order_id: string | null;
  subscription_id: string | null;
  currency: string;
  subtotal: number;
  tax: number;
  total: number;
  lines: Json<unknown>;
  payment_method_id: string | null;
  issued_at: Timestamp;
  due_at: Timestamp;
  paid_at: Timestamp | null;
  /** Renewal and period invoices: the period billed (a period is billed once). */
  billed_period_start: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** A credit note that reduced an open invoice names it. */
  credited_invoice_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** What credit notes took off this invoice (it stays open for the rest). */
  amount_credited: ColumnType<number, number | undefined, number>;
  /** Collected on an open invoice after it was issued (bank transfers, payment later on). */
  amount_paid: Generated<number>;
  dunning_stage: Generated<DunningStage>;
  dunning_stage_at: Timestamp | null;
}

export type DunningStage = 'none' | 'first_reminder' | 'second_reminder' | 'warning' | 'suspended';

export interface BillingProfileTable {
  tenant_id: string;
  legal_name: string;
  address_lines: Json<string[]>;
  postal_code: string;
  city: string;
  country: string;
  tax_id: string | null;
  billing_email: string | null;
  version: number;
  updated_at: Timestamp;
}

export interface InvoiceBankTransferTable {
  id: string;
  tenant_id: string;
  invoice_id: string;
  amount: number;
  currency: string;
  /** A calendar day (YYYY-MM-DD) as the bank statement shows it. */
  received_on: ColumnType<string, string, string>;
  reference: string;
  created_at: Timestamp;
}

export interface InvoiceSuspensionTable {
  tenant_id: string;
  invoice_id: string;
  subscription_id: string;
  previous_status: SubscriptionStatus;
  previous_next_action_at: Timestamp | null;
  suspended_at: Timestamp;
  lifted_at: Timestamp | null;
}

export interface IdempotencyKeyTable {
  tenant_id: string;
  key: string;
  route: string;
  request_hash: string;
  response_status: number | null;
  response_body: Json<unknown> | null;
  /** The payment attempt of work still running under this key (its outcome answers it). */
  attempt_id: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
}

export interface SupportRequestTable {
  id: string;
  tenant_id: string;
  created_by: string | null;
  type: 'remove_traditional_addon' | 'general';
  subscription_id: string | null;
  /** What the author typed, or the English text of `subject_record` (the fallback). */
  subject: string;
  /** The subject as data (kind + params), rendered in the reader's language; docs/records.md. */
  subject_record: ColumnType<unknown, string | null | undefined, string | null>;
  description: string;
  status: 'open' | 'resolved' | 'rejected';
  resolution: string | null;
  credit_amount: number | null;
  credit_invoice_id: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
  resolved_at: Timestamp | null;
}

export interface SupportRequestMessageTable {
  id: Generated<number>;
  tenant_id: string;
  support_request_id: string;
  author_type: 'tenant' | 'operator';
  author_id: string | null;
  body: string;
  created_at: CreatedAt;
}

export interface AuditLogTable {
  id: Generated<number>;
  tenant_id: string | null;
  actor_type: 'user' | 'api_token' | 'operator' | 'system';
  actor_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  before: Json<unknown> | null;
  after: Json<unknown> | null;
  /** What its description is rendered from (product, quantities, number…): docs/records.md. */
  params: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_at: Timestamp;
}

export interface InvoiceCounterTable {
  tenant_id: string;
  next_number: number;
}

export interface EventTable {
  id: string;
  seq: Generated<number>;
  tenant_id: string;
  type: string;
  api_version: string;
  data: Json<Record<string, unknown>>;
  /** Deliveries to one endpoint with the same key arrive in `seq` order (a subscription id). */
  ordering_key: string | null;
  /** Makes a scheduled event (a reminder) happen once however often the sweep runs. */
  dedupe_key: string | null;
  created_at: Timestamp;
}

export interface NotificationPreferenceTable {
  tenant_id: string;
  user_id: string;
  /** Event types this admin no longer wants by email (only optional ones are honoured). */
  opted_out: Json<string[]>;
  /** Language of this admin's emails; null follows the tenant's. */
  locale: string | null;
  updated_at: Timestamp;
}

export interface EmailDeliveryTable {
  id: string;
  tenant_id: string;
  event_id: string;
  event_type: string;
  recipient_user_id: string | null;
  recipient_email: string;
  locale: string;
  subject: string | null;
  status: 'pending' | 'sent' | 'failed';
  attempts: Generated<number>;
  last_error: string | null;
  transport: 'smtp' | 'file' | null;
  message_id: string | null;
  file_name: string | null;
  created_at: Timestamp;
  sent_at: Timestamp | null;
}

export interface WebhookEndpointTable {
  id: string;
  /** Null: an operator endpoint, which receives the events of every tenant. */
  tenant_id: string | null;
  url: string;
  description: string;
  event_types: Json<string[]>;
  enabled: boolean;
  /**
   * Sealed with AES-256-GCM (`sealSecret`, src/modules/security/secret-box.ts): signing needs it
   * back, a database copy alone must not give it. Shown to the caller only when created or rotated.
   */
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  deleted_at: Timestamp | null;
}

export type WebhookDeliveryStatus = 'pending' | 'sending' | 'succeeded' | 'failed';

export interface WebhookDeliveryTable {
  id: string;
  endpoint_id: string;
  endpoint_tenant_id: string | null;
  tenant_id: string;
  event_id: string;
  event_seq: number;
  event_type: string;
  ordering_key: string;
  status: WebhookDeliveryStatus;
  attempt_count: Generated<number>;
  next_attempt_at: Timestamp | null;
  claimed_at: Timestamp | null;
  last_status_code: number | null;
  created_at: Timestamp;
  completed_at: Timestamp | null;
}

export interface WebhookAttemptTable {
  id: Generated<number>;
  delivery_id: string;
  attempted_at: Timestamp;
  status_code: number | null;
  response_body: string | null;
  error: string | null;
  duration_ms: number;
  manual: Generated<boolean>;
}

/** A tenant's test clock (docs/test-clocks.md): the tenant lives at `frozen_time`. */
export interface TestClockTable {
  id: string;
  tenant_id: string;
  name: string;
  frozen_time: Timestamp;
  status: 'ready' | 'advancing';
  advancing_to: Timestamp | null;
  advance_started_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** One fact about the whole instance, by name (e.g. 'public_url', written by `serve`). */
export interface InstanceSettingTable {
  name: string;
  value: string;
  updated_at: Timestamp;
}

export interface Database {
  catalog_versions: CatalogVersionTable;
  products: ProductTable;
  prices: PriceTable;
  tax_rates: TaxRateTable;
  tenants: TenantTable;
  users: UserTable;
  sessions: SessionTable;
  sign_in_throttle: SignInThrottleTable;
  recovery_codes: RecoveryCodeTable;
  tenant_security_settings: TenantSecuritySettingsTable;
  api_tokens: ApiTokenTable;
  subscriptions: SubscriptionTable;
  license_assignments: LicenseAssignmentTable;
  orders: OrderTable;
  order_lines: OrderLineTable;
  payment_methods: PaymentMethodTable;
  payments: PaymentTable;
  payment_attempts: PaymentAttemptTable;
  tenant_gateway_customers: TenantGatewayCustomerTable;
  invoices: InvoiceTable;
  invoice_counters: InvoiceCounterTable;
  billing_profiles: BillingProfileTable;
  invoice_bank_transfers: InvoiceBankTransferTable;
  invoice_suspensions: InvoiceSuspensionTable;
  idempotency_keys: IdempotencyKeyTable;
  support_requests: SupportRequestTable;
  support_request_messages: SupportRequestMessageTable;
  audit_log: AuditLogTable;
  events: EventTable;
  notification_preferences: NotificationPreferenceTable;
  email_deliveries: EmailDeliveryTable;
  webhook_endpoints: WebhookEndpointTable;
  webhook_deliveries: WebhookDeliveryTable;
  webhook_attempts: WebhookAttemptTable;
  test_clocks: TestClockTable;
  instance_settings: InstanceSettingTable;
}

export type Product = Selectable<ProductTable>;
export type Price = Selectable<PriceTable>;
export type Tenant = Selectable<TenantTable>;
export type TestClock = Selectable<TestClockTable>;
export type User = Selectable<UserTable>;
export type Subscription = Selectable<SubscriptionTable>;
export type NewSubscription = Insertable<SubscriptionTable>;
export type SubscriptionUpdate = Updateable<SubscriptionTable>;
export type Order = Selectable<OrderTable>;
export type OrderLine = Selectable<OrderLineTable>;
export type PaymentMethod = Selectable<PaymentMethodTable>;
export type Invoice = Selectable<InvoiceTable>;
export type BillingProfile = Selectable<BillingProfileTable>;
export type InvoiceBankTransfer = Selectable<InvoiceBankTransferTable>;
export type PaymentAttempt = Selectable<PaymentAttemptTable>;
export type SupportRequest = Selectable<SupportRequestTable>;
export type AuditEntry = Selectable<AuditLogTable>;
