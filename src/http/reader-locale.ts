import type { FastifyRequest } from 'fastify';
import { localeFromAcceptLanguage, pickLocale, type UiLocale } from '../shared/locale.js';

/**
 * The language stored records are rendered in for this request (docs/records.md): the
 * request's Accept-Language, then the tenant's locale, then English. An operator has no tenant.
 */
export function readerLocale(request: FastifyRequest): UiLocale {
  const p = request.principal;
  const tenantLocale = p?.kind === 'tenant' ? p.tenant.locale : undefined;
  return pickLocale(localeFromAcceptLanguage(request.headers['accept-language']), tenantLocale);
}
