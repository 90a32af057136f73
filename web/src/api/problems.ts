import { ApiError } from './client';

/**
 * Problems shown beside the form fields they are about, from the pointer the server puts in
 * every problem (`errors[].path`, e.g. `body.email`, `body.items.0.quantity`) — for schema
 * violations and business errors alike, so no form keeps a table of error codes. The message
 * is the server's, already in the admin's language (the client sends it as Accept-Language).
 */
interface FieldProblem {
  path: string;
  code: string;
  message: string;
}

function fieldProblems(error: unknown): FieldProblem[] {
  if (!(error instanceof ApiError) || !Array.isArray(error.body.errors)) return [];
  return (error.body.errors as Partial<FieldProblem>[])
    .filter((e) => typeof e.path === 'string')
    .map((e) => ({
      path: String(e.path),
      code: String(e.code ?? error.code),
      message: String(e.message ?? ''),
    }));
}

/** The request field a path names, without where it was (`body.items.0.quantity` → `items.0.quantity`). */
function fieldOfPath(path: string): string {
  return path.replace(/^(body|querystring|params|headers)\.?/, '');
}

/** The message of the problem about `field` (or a field under it: `addressLines` for `addressLines.0`). */
export function problemAt(error: unknown, field: string): string | undefined {
  const hits = fieldProblems(error).filter((p) => {
    const f = fieldOfPath(p.path);
    return f === field || f.startsWith(`${field}.`);
  });
  return hits.length > 0 ? hits.map((p) => p.message).join(' ') : undefined;
}

/**
 * The error still to show above the form: none when every input it is about is one of the form's
 * `fields` (each already shows its message), else the error itself.
 */
export function unplaced(error: unknown, fields: readonly string[]): unknown {
  const problems = fieldProblems(error);
  const placed =
    problems.length > 0 &&
    problems.every((p) =>
      fields.some((f) => fieldOfPath(p.path) === f || fieldOfPath(p.path).startsWith(`${f}.`)),
    );
  return placed ? undefined : error;
}
