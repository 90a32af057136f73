export {
  idempotencyClaim,
  claimIdempotencyKey,
  storeIdempotentResponse,
  recordIdempotentResponse,
  IdempotentReplay,
} from './idempotency.js';
export type { IdempotencyClaim, StoredResponse } from './idempotency.js';
