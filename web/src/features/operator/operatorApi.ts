import { createContext, useContext } from 'react';
import { createBillingCenterClient, type BillingCenterClient } from 'billing-center/client';
import { apiLanguage } from '../../api/client';

/**
 * The operator pages authenticate with the operator token (`Authorization: Bearer`), not a
 * session cookie: there is no operator account to sign in to. The token stays in this tab's
 * sessionStorage, under the same key as the mail page (`/api/operator/mail.html`), so one paste
 * serves both and closing the tab forgets it.
 */
const storageKey = 'bc-operator-token';

export function storedOperatorToken(): string {
  try {
    return sessionStorage.getItem(storageKey) ?? '';
  } catch {
    return '';
  }
}

export function storeOperatorToken(token: string) {
  if (token) sessionStorage.setItem(storageKey, token);
  else sessionStorage.removeItem(storageKey);
}

export function operatorClient(token: string): BillingCenterClient {
  // 'omit': a tenant admin's session cookie in the same browser must not ride along.
  return createBillingCenterClient({ baseUrl: '', token, credentials: 'omit', language: apiLanguage });
}

export interface OperatorSession {
  client: BillingCenterClient;
  /** Forgets the token (sign-out, or the server refused it). */
  forget: (rejected?: boolean) => void;
}

export const OperatorContext = createContext<OperatorSession | null>(null);

export function useOperator(): OperatorSession {
  const session = useContext(OperatorContext);
  if (!session) throw new Error('useOperator outside OperatorShell');
  return session;
}
