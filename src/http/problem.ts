import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { isDatabaseUnavailable } from '../db/transaction.js';
import { AppError, msg, statusForCode, type ErrorCode } from '../shared/app-error.js';
import { localeFromAcceptLanguage, pickLocale, type UiLocale } from '../shared/locale.js';
import { problemTitle, renderDeep } from '../shared/messages/index.js';
import { issueMessage, issuesSummary } from './validation.js';

/**
 * The reader's language for everything the server says in a response (problems, names,
 * sentences): an explicit `?lang=`, then Accept-Language, then the tenant's locale, then English.
 */
export function localeOf(request: FastifyRequest, explicit?: string | null): UiLocale {
  const query = request.query as Record<string, unknown> | undefined;
  const lang = explicit ?? (typeof query?.lang === 'string' ? query.lang : undefined);
  const principal = request.principal;
  const tenantLocale = principal?.kind === 'tenant' ? principal.tenant.locale : undefined;
  return pickLocale(lang, localeFromAcceptLanguage(request.headers['accept-language']), tenantLocale);
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail: string;
  instance: string;
  hint?: string;
  /** The inputs the problem is about: where each sits in the request, why, in the reader's language. */
  errors?: { path: string; code: string; message: string }[];
  [key: string]: unknown;
}

/** Longest id accepted in a path (the router's maxParamLength). */
export const maxPathIdLength = 200;

export function uriTooLong(): AppError {
  return new AppError('uri_too_long', msg.addressPartTooLong());
}

export function problemType(code: ErrorCode): string {
  return `https://billing-center.dev/problems/${code.replaceAll('_', '-')}`;
}

export function problemBody(request: FastifyRequest, error: AppError): Problem {
  const locale = localeOf(request);
  const status = statusForCode(error.code);
  const detail = error.detailIn(locale);
  const body: Problem = {
    type: problemType(error.code),
    title: problemTitle(error.code, locale),
    status,
    code: error.code,
    detail,
    instance: request.url,
  };
  const hint = error.hintIn(locale);
  if (hint) body.hint = hint;
  if (error.details) Object.assign(body, renderDeep(error.details, locale));
  if (error.field && !body.errors) body.errors = [{ path: error.field, code: error.code, message: detail }];
  // Every entry names its code, so a client maps any problem to its fields the same way.
  if (Array.isArray(body.errors)) {
    body.errors = body.errors.map((e) => ({ ...e, code: typeof e.code === 'string' ? e.code : error.code }));
  }
  return body;
}

/** How long a client is told to wait before retrying a 503 (database or gateway unavailable). */
export const retryAfterSeconds = 5;

export function sendProblem(reply: FastifyReply, request: FastifyRequest, error: AppError): FastifyReply {
  const body = problemBody(request, error);
  // A 503 is temporary: say when to come back (clients and proxies honour Retry-After).
  if (body.status === 503) reply.header('retry-after', String(retryAfterSeconds));
  return reply
    .status(body.status)
    .header('content-type', 'application/problem+json; charset=utf-8')
    .send(body);
}

/** One error handler: every failure leaves as RFC 9457 problem+json with a stable code. */
export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AppError) return sendProblem(reply, request, error);
  if (hasZodFastifySchemaValidationErrors(error)) {
    const errors = error.validation.map((v) => {
      const where = v.instancePath ? v.instancePath.replace(/^\//, '').replaceAll('/', '.') : '';
      const part = error.validationContext ?? 'body';
      return {
        path: where ? `${part}.${where}` : part,
        code: 'validation_failed' as const,
        // Rendered in the reader's language with the problem (zod wrote it in English).
        message: issueMessage(v),
      };
    });
    const summary = issuesSummary(errors);
    return sendProblem(
      reply,
      request,
      new AppError('validation_failed', msg.requestInvalid({ summary }), { details: { errors } }),
    );
  }
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return sendProblem(
      reply,
      request,
      new AppError(
        'unsupported_media_type',
        msg.contentTypeRefused({ contentType: String(request.headers['content-type']) }),
        { hint: msg.sendJson() },
      ),
    );
  }
  if (
    error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
    error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
    error instanceof SyntaxError
  ) {
    return sendProblem(reply, request, new AppError('invalid_json', msg.bodyNotJson()));
  }
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return sendProblem(reply, request, new AppError('payload_too_large', msg.bodyTooLarge()));
  }
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') return sendProblem(reply, request, uriTooLong());
  if (error.code === 'FST_ERR_BAD_URL' || error.code === 'FST_ERR_INVALID_URL') {
    return sendProblem(reply, request, new AppError('validation_failed', msg.addressBadEncoding()));
  }
  if (isDatabaseUnavailable(error)) {
    request.log.warn({ err: error }, 'database unavailable');
    return sendProblem(reply, request, databaseUnavailable());
  }
  if (isResponseSerializationError(error)) {
    request.log.error({ err: error, issues: error.cause.issues }, 'response did not match its schema');
  } else if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    const code: ErrorCode = error.statusCode === 404 ? 'not_found' : 'validation_failed';
    return sendProblem(reply, request, new AppError(code, msg.requestRefused({ reason: error.message })));
  } else {
    request.log.error({ err: error }, 'unhandled error');
  }
  return sendProblem(reply, request, new AppError('internal_error', msg.serverFailed()));
}

/** PostgreSQL is down or unreachable: a temporary refusal, never a 500. */
export function databaseUnavailable(): AppError {
  return new AppError('service_unavailable', msg.databaseUnavailable(), { hint: msg.retryAfterHint() });
}
