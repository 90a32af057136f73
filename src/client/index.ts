/**
 * The typed client of the Billing Center HTTP API (`import … from 'billing-center/client'`).
 * Paths, parameters, bodies and answers are typed from the server's OpenAPI document
 * (`npm run api:types` regenerates `schema.d.ts`), through openapi-fetch: a wrong path or body
 * is a compile error, not a 400. The admin center and the `billing-center` CLI use it too.
 *
 * @example
 * const bc = createBillingCenterClient({ baseUrl: 'http://127.0.0.1:3000', token: 'bct_…' });
 * const { subscriptions } = await call(bc.GET('/api/subscriptions'));
 */
import createClient, { type Client } from 'openapi-fetch';
import type { components, operations, paths } from './schema.js';

export type { components, operations, paths };
export type BillingCenterClient = Client<paths>;
/** The problem+json body every error answer carries. */
export type Problem = components['schemas']['Problem'];
export type ErrorCode = Problem['code'];
type QuoteAnswer = paths['/api/checkout/quote']['post']['responses'][200]['content']['application/json'];
/** How an amount is collected: charged to a card now, due on an invoice, credited, or nothing. */
export type Collection = QuoteAnswer['collection'];
/** What a traditional add-on takes from its base: term end, billing frequency and commitment. */
export type CoTerm = NonNullable<QuoteAnswer['lines'][number]['coTerm']>;

export interface BillingCenterClientOptions {
  /** Scheme, host and port of the server, e.g. http://127.0.0.1:3000; '' in the browser. */
  baseUrl: string;
  /** An API token (bct_…) or the operator token, sent as `Authorization: Bearer`. */
  token?: string | undefined;
  /** Accept-Language of every request (error texts and product names): fixed, or read each time. */
  language?: string | (() => string) | undefined;
  /** The browser's session cookie: 'same-origin'. */
  credentials?: 'include' | 'omit' | 'same-origin' | undefined;
  /** Another fetch (tests, proxies). */
  fetch?: typeof globalThis.fetch | undefined;
}

export function createBillingCenterClient(options: BillingCenterClientOptions): BillingCenterClient {
  const client = createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const { token, language } = options;
  client.use({
    onRequest({ request }) {
      if (token) request.headers.set('Authorization', `Bearer ${token}`);
      const lang = typeof language === 'function' ? language() : language;
      if (lang) request.headers.set('Accept-Language', lang);
      // The server refuses cookie-authenticated changes without it (CSRF, docs/security.md); a
      // cross-site form or fetch cannot set it without a CORS preflight the server never grants.
      request.headers.set('X-Requested-With', 'BillingCenter');
      return request;
    },
  });
  return client;
}

/** An error answer (RFC 9457 problem+json), thrown by `call`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    /** The stable code (`quantity_below_assigned`…), or `http_<status>` when the body had none. */
    readonly code: string,
    readonly detail: string,
    readonly hint: string | undefined,
    /** The whole problem body, with its extra members (`errors`, `assigned`…). */
    readonly body: Record<string, unknown>,
  ) {
    super(detail);
    this.name = 'ApiError';
  }
}

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The data of a successful call; any other answer throws an ApiError. */
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

/** A fresh Idempotency-Key: one per order, reused only to retry that same order. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // randomUUID exists only in secure contexts (https, localhost); a LAN address over http is not one.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The ETag of a response, to send back as If-Match. */
export function etagOf(response: Response): string | undefined {
  return response.headers.get('etag') ?? undefined;
}
