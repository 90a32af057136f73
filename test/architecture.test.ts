import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * ARCHITECTURE.md's rules, checked on the sources: a rule broken here fails the build.
 */
const root = path.resolve('src');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

const files = sources(root).map((file) => ({
  file: path.relative(root, file).replaceAll(path.sep, '/'),
  text: fs.readFileSync(file, 'utf8'),
}));

/**
 * Files that still hold SQL outside a repository, each owned by another piece of work and
 * named here so the list can only shrink: authentication (sessions, tokens, sign-in) and the
 * users CSV import belong to the security work.
 */
const sqlOutsideRepositoriesStillToMove = new Set<string>([]);

/** The transaction helpers of src/db: they run statements repositories built, or savepoints. */
const transactionHelpers = new Set(['db/together.ts', 'db/transaction.ts']);

describe('architecture rules (ARCHITECTURE.md)', () => {
  it('areas import each other only through their index.ts', () => {
    const broken: string[] = [];
    for (const { file, text } of files) {
      const from = path.posix.dirname(file);
      for (const m of text.matchAll(/from '(\.[^']+)'/g)) {
        const target = path.posix.normalize(path.posix.join(from, m[1]!));
        const area = /^modules\/([^/]+)\/(.+)$/.exec(target);
        if (!area) continue;
        const sameArea = file.startsWith(`modules/${area[1]}/`);
        if (!sameArea && area[2] !== 'index.js') broken.push(`${file} imports ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('SQL only in repositories (and migrations)', () => {
    const sqlPattern = /\.(selectFrom|insertInto|updateTable|deleteFrom)\(|\bsql`|\bsql<|CompiledQuery\./;
    const broken = files
      .filter(({ file }) => !file.endsWith('.repository.ts') && !file.startsWith('db/migrations/'))
      .filter(({ file }) => !transactionHelpers.has(file))
      .filter(({ file }) => !sqlOutsideRepositoriesStillToMove.has(file))
      .filter(({ text }) => sqlPattern.test(text))
      .map(({ file }) => file);
    expect(broken).toEqual([]);
    // The exceptions above are real: drop one from the list once its SQL has moved.
    for (const file of sqlOutsideRepositoriesStillToMove) {
      expect(sqlPattern.test(files.find((f) => f.file === file)?.text ?? ''), file).toBe(true);
    }
  });

  it('transactions go through inTransaction (a deadlock answers 409, never 500)', () => {
    // Kysely's own `.transaction()` (or `.startTransaction()`) only inside the helpers of
    // src/db, however it is written: `db.transaction()` or split over lines.
    const broken = files
      .filter(({ file }) => !file.startsWith('db/'))
      .filter(({ text }) => /\.\s*(transaction|startTransaction)\s*\(/.test(text))
      .map(({ file }) => file);
    expect(broken).toEqual([]);
  });

  it('Executor and the transaction helpers live in src/db/', () => {
    const definesExecutor = files
      .filter(({ text }) => /export type Executor\s*=/.test(text))
      .map((f) => f.file);
    expect(definesExecutor).toEqual(['db/executor.ts']);
    const definesTransactionHelper = files
      .filter(({ text }) => /export async function inTransaction\b/.test(text))
      .map((f) => f.file);
    expect(definesTransactionHelper).toEqual(['db/transaction.ts']);
  });

  it('no gateway call inside a workflow transaction: money moves only through the charge and refund steps', () => {
    const callers = files
      .filter(({ text }) => /ctx\.gateway\.(charge|refund)\(/.test(text))
      .map((f) => f.file)
      .sort();
    expect(callers).toEqual(['workflows/steps/charge.step.ts', 'workflows/steps/refund.step.ts']);
  });

  it('no AppError is built with a sentence: its message comes from the catalogs (docs/messages.md)', () => {
    const literal: string[] = [];
    for (const { file, text } of files) {
      for (const m of text.matchAll(/new AppError\(/g)) {
        const second = secondArgument(text, m.index + m[0].length);
        if (/^['"`]/.test(second) || /^String\(/.test(second)) {
          literal.push(`${file}:${text.slice(0, m.index).split('\n').length}: ${second.slice(0, 60)}`);
        }
      }
    }
    expect(literal).toEqual([]);
    // The French sentences beside the English ones are gone; only stored refusals from before
    // the catalogs are still read with theirs (modules/idempotency/idempotency.ts).
    const bilingual = files
      .filter(({ file }) => file !== 'modules/idempotency/idempotency.ts')
      .filter(({ text }) => /\b(messageFr|hintFr)\b/.test(text))
      .map((f) => f.file);
    expect(bilingual).toEqual([]);
  });
});

/** The source text of a call's second argument, from just after its opening parenthesis. */
function secondArgument(text: string, start: number): string {
  let depth = 0;
  let quote: string | null = null;
  for (let i = start; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') quote = c;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) return text.slice(i + 1).trimStart();
    if (depth < 0) return '';
  }
  return '';
}
