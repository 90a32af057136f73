import createClient from 'openapi-fetch';
import type { paths } from './schema';

/** The language API errors and catalog names come back in; set by the i18n module. */
let requestLanguage = 'en-US';
export function setApiLanguage(language: string) {
  requestLanguage = language;
}
export function apiLanguage(): string {
  return requestLanguage;
}

/**
 * The typed API client: paths, bodies and responses come from the server's OpenAPI document
 * (`npm run api:types`). The session is the HttpOnly cookie the server sets at sign-in.
 */
export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
api.use({
  onRequest({ request }) {
    request.headers.set('Accept-Language', requestLanguage);
    // The server refuses cookie-authenticated changes without it (CSRF: docs/security.md);
    // a cross-site form or fetch cannot set it without a CORS preflight the server never grants.
    request.headers.set('X-Requested-With', 'BillingCenter');
    return request;
  },
});

/** A problem+json answer (RFC 9457) as the UI needs it. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly hint: string | undefined,
    readonly body: Record<string, unknown>,
  ) {
    super(detail);
  }
}

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Returns the data of a successful call and throws an ApiError for any other answer. */
export async function call<T>(request: Promise<FetchResult<T>>): Promise<T> {
  const { data, error, response } = await request;
  if (response.ok) return data as T;
  const body = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  throw new ApiError(
    response.status,
    typeof body.code === 'string' ? body.code : `http_${response.status}`,
    typeof body.detail === 'string' ? body.detail : response.statusText,
    typeof body.hint === 'string' ? body.hint : undefined,
    body,
  );
}

/** One Idempotency-Key per checkout: a retried "Place order" can never buy twice. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // randomUUID exists only in secure contexts (https, localhost); a LAN address over http is not one.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
