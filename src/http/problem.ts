import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { isDatabaseUnavailable } from '../db/transaction.js';
import { AppError, statusForCode, type ErrorCode } from '../shared/app-error.js';
import { problemTitles } from './i18n/problem-messages.js';

export type Language = 'en' | 'fr';

/** French when the caller's first preference is French, English otherwise. */
export function languageOf(request: FastifyRequest): Language {
  const header = request.headers['accept-language'];
  if (!header) return 'en';
  const first = header
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.find((p) => p.trim().startsWith('q='));
      return { tag: (tag ?? '').toLowerCase(), q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((x) => x.tag && !Number.isNaN(x.q))
    .sort((a, b) => b.q - a.q)[0];
  return first?.tag.startsWith('fr') ? 'fr' : 'en';
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail: string;
  instance: string;
  hint?: string;
  errors?: { path: string; message: string }[];
  [key: string]: unknown;
}

/** Longest id accepted in a path (the router's maxParamLength). */
export const maxPathIdLength = 200;

export function uriTooLong(): AppError {
  return new AppError('uri_too_long', 'A part of the address is too long: no id is that long.', {
    messageFr: 'Une partie de l’adresse est trop longue : aucun identifiant n’est aussi long.',
  });
}

export function problemType(code: ErrorCode): string {
  return `https://billing-center.dev/problems/${code.replaceAll('_', '-')}`;
}

export function problemBody(request: FastifyRequest, error: AppError): Problem {
  const lang = languageOf(request);
  const status = statusForCode(error.code);
  const body: Problem = {
    type: problemType(error.code),
    title: problemTitles[error.code][lang],
    status,
    code: error.code,
    detail: lang === 'fr' && error.messageFr ? error.messageFr : error.message,
    instance: request.url,
  };
  const hint = lang === 'fr' && error.hintFr ? error.hintFr : error.hint;
  if (hint) body.hint = hint;
  if (error.details) Object.assign(body, error.details);
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
      return { path: where ? `${part}.${where}` : part, message: v.message ?? 'invalid' };
    });
    const summary = errors.map((e) => `${e.path}: ${e.message}`).join('; ');
    return sendProblem(
      reply,
      request,
      new AppError('validation_failed', `The request is not valid: ${summary}`, {
        messageFr: `La requête n’est pas valide : ${summary}`,
        details: { errors },
      }),
    );
  }
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return sendProblem(
      reply,
      request,
      new AppError(
        'unsupported_media_type',
        `Content-Type ${request.headers['content-type']} is not accepted here.`,
        {
          hint: 'Send application/json (or text/csv for imports).',
        },
      ),
    );
  }
  if (
    error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
    error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
    error instanceof SyntaxError
  ) {
    return sendProblem(
      reply,
      request,
      new AppError('invalid_json', 'The request body is not valid JSON.', {
        messageFr: 'Le corps de la requête n’est pas du JSON valide.',
      }),
    );
  }
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return sendProblem(
      reply,
      request,
      new AppError('payload_too_large', 'The request body is too large.', {
        messageFr: 'Le corps de la requête est trop volumineux.',
      }),
    );
  }
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') return sendProblem(reply, request, uriTooLong());
  if (error.code === 'FST_ERR_BAD_URL' || error.code === 'FST_ERR_INVALID_URL') {
    return sendProblem(
      reply,
      request,
      new AppError('validation_failed', 'The address is not valid (bad %-encoding).', {
        messageFr: 'L’adresse n’est pas valide (encodage % incorrect).',
      }),
    );
  }
  if (isDatabaseUnavailable(error)) {
    request.log.warn({ err: error }, 'database unavailable');
    return sendProblem(reply, request, databaseUnavailable());
  }
  if (isResponseSerializationError(error)) {
    request.log.error({ err: error, issues: error.cause.issues }, 'response did not match its schema');
  } else if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    const code: ErrorCode = error.statusCode === 404 ? 'not_found' : 'validation_failed';
    return sendProblem(reply, request, new AppError(code, error.message));
  } else {
    request.log.error({ err: error }, 'unhandled error');
  }
  return sendProblem(
    reply,
    request,
    new AppError('internal_error', 'The request failed on the server; nothing was changed.', {
      messageFr: 'La requête a échoué côté serveur ; rien n’a été modifié.',
    }),
  );
}

/** PostgreSQL is down or unreachable: a temporary refusal, never a 500. */
export function databaseUnavailable(): AppError {
  return new AppError(
    'service_unavailable',
    'The database cannot be reached right now; the request was not completed.',
    {
      messageFr: 'La base de données est injoignable pour le moment ; la requête n’a pas abouti.',
      hint: 'Retry in a few seconds (see Retry-After). A request sent with an Idempotency-Key can be retried with the same key: nothing is done twice.',
      hintFr:
        'Réessayez dans quelques secondes (voir Retry-After). Une requête envoyée avec une Idempotency-Key peut être réessayée avec la même clé : rien n’est fait deux fois.',
    },
  );
}
