/** Per-tenant test clocks (docs/test-clocks.md). */
export {
  advanceIsStale,
  advanceTarget,
  advanceTestClockSchema,
  advancing,
  createTestClock,
  createTestClockSchema,
  getTestClocks,
  isTestMode,
  removeTestClock,
  requireTestClock,
  requireTestMode,
  testClockNotFound,
  testClockSchema,
  toTestClockView,
} from './test-clocks.service.js';
export type { AdvanceTestClockInput, TestClockView } from './test-clocks.service.js';
export {
  findTestClock,
  findTestClockOfTenant,
  nextDueInstant,
  nextInvoiceInstant,
  updateTestClock,
} from './test-clocks.repository.js';
