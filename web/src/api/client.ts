import { ApiError, call, createBillingCenterClient, newIdempotencyKey } from 'billing-center/client';

export { ApiError, call, newIdempotencyKey };

/** The language API errors and catalog names come back in; set by the i18n module. */
let requestLanguage = 'en-US';
export function setApiLanguage(language: string) {
  requestLanguage = language;
}
export function apiLanguage(): string {
  return requestLanguage;
}

/**
 * The package's typed client (`billing-center/client`, src/client): paths, bodies and
 * responses come from the server's OpenAPI document (`npm run api:types`). The session is the
 * HttpOnly cookie the server sets at sign-in.
 */
export const api = createBillingCenterClient({
  baseUrl: '',
  credentials: 'same-origin',
  language: () => requestLanguage,
});
