import type { Migration } from 'kysely';
import * as initial from './2026_11_23_0001_initial.js';
import * as paymentAttempts from './2026_11_26_0101_payment_attempts.js';
import * as gatewayCustomers from './2026_11_26_0201_gateway_customers.js';
import * as invoices0701 from './2026_11_26_0701_invoices.js';
import * as notifications from './2026_11_26_0401_notifications.js';
import * as signInSecurity from './2026_11_26_0301_sign_in_security.js';
import * as testClocks from './2026_11_26_0901_test_clocks.js';
import * as structuredRecords from './2026_11_26_1101_structured_records.js';
import * as instanceSettings from './2026_11_26_1401_instance_settings.js';

/**
 * Migrations in the order they run. Named by timestamp; listed here (rather than read from the
 * folder) so the same list works from TypeScript sources and from a compiled build.
 */
export const migrations: Record<string, Migration> = {
  '2026_11_23_0001_initial': initial,
  '2026_11_26_0101_payment_attempts': paymentAttempts,
  '2026_11_26_0201_gateway_customers': gatewayCustomers,
  '2026_11_26_0701_invoices': invoices0701,
  '2026_11_26_0401_notifications': notifications,
  '2026_11_26_0301_sign_in_security': signInSecurity,
  '2026_11_26_0901_test_clocks': testClocks,
  '2026_11_26_1101_structured_records': structuredRecords,
  '2026_11_26_1401_instance_settings': instanceSettings,
};
