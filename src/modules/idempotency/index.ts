export {
  claimIdempotencyKey,
  storeIdempotentResponse,
  recordIdempotentResponse,
  attachAttemptToKey,
  findIdempotentResponse,
} from './idempotency.repository.js';
export {
  idempotencyClaim,
  storedProblem,
  problemOf,
  IdempotentReplay,
  IdempotentInFlight,
} from './idempotency.js';
export type { IdempotencyClaim, StoredResponse, StoredProblem } from './idempotency.js';
