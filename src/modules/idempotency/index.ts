export {
  idempotencyClaim,
  claimIdempotencyKey,
  storeIdempotentResponse,
  recordIdempotentResponse,
  attachAttemptToKey,
  findIdempotentResponse,
  storedProblem,
  problemOf,
  IdempotentReplay,
  IdempotentInFlight,
} from './idempotency.js';
export type { IdempotencyClaim, StoredResponse, StoredProblem } from './idempotency.js';
