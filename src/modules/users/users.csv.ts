import type { Kysely, Transaction } from 'kysely';
import { inSavepoint, inTransaction } from '../../db/transaction.js';
import { z } from 'zod';
import type { Database, Role } from '../../db/schema.js';
import { AppError, msg, type Message } from '../../shared/app-error.js';
import { recordAudit, type Actor, type Executor } from '../audit/index.js';
import { findUserByEmail, roles } from '../tenants/index.js';
import { insertUserWithAudit } from './users.service.js';
import type { ImportReport, ImportRowReport, UsersCsvRow } from './users.types.js';

/** More rows than this is a directory sync, not an import: refuse rather than time out. */
export const maxImportRows = 10_000;

type Column = 'email' | 'displayName' | 'role';

/** Header names, compared lower-cased without spaces, underscores or hyphens. */
const headerAliases: Record<string, Column> = {
  email: 'email',
  emailaddress: 'email',
  adresseemail: 'email',
  adressemail: 'email',
  courriel: 'email',
  displayname: 'displayName',
  name: 'displayName',
  nomcomplet: 'displayName',
  nomaffiché: 'displayName',
  role: 'role',
  rôle: 'role',
};

/** Role cells: the ids, and the English and French labels the admin center shows. */
const roleAliases: Record<string, Role> = {
  globaladmin: 'global_admin',
  globaladministrator: 'global_admin',
  administrateurgénéral: 'global_admin',
  administrateurglobal: 'global_admin',
  billingadmin: 'billing_admin',
  billingadministrator: 'billing_admin',
  administrateurdefacturation: 'billing_admin',
  licenseadmin: 'license_admin',
  licenseadministrator: 'license_admin',
  administrateurdelicences: 'license_admin',
  administrateurdelicence: 'license_admin',
  user: 'user',
  utilisateur: 'user',
};
for (const role of roles) roleAliases[role.replaceAll('_', '')] = role;

function normalise(text: string): string {
  return text
    .normalize('NFC')
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '');
}

const emailSchema = z.email().max(320);

interface CsvRecord {
  /** 1-based record number. */
  index: number;
  fields: string[];
  /** Set when a quoted field is followed by something other than a delimiter or line end. */
  malformed: boolean;
}

function csvInvalid(message: Message, details?: Record<string, unknown>): AppError {
  return new AppError('csv_invalid', message, {
    hint: msg.csvHeaderShape(),
    ...(details ? { details } : {}),
  });
}

/**
 * Excel writes CSV with semicolons in locales whose decimal separator is a comma (French):
 * the header line decides.
 */
function detectDelimiter(text: string): ',' | ';' {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch === ',') commas++;
    else if (!quoted && ch === ';') semicolons++;
  }
  return semicolons > commas ? ';' : ',';
}

/** RFC 4180 records: quoted fields may hold delimiters, line breaks and doubled quotes. */
function readRecords(text: string, delimiter: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let malformed = false;
  let i = 0;
  let line = 1;
  const endField = () => {
    fields.push(field);
    field = '';
  };
  const endRecord = () => {
    endField();
    records.push({ index: records.length + 1, fields, malformed });
    fields = [];
    malformed = false;
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"' && field.trim() === '') {
      // A quoted field: read to the closing quote.
      field = '';
      const openedOnLine = line;
      i++;
      for (;;) {
        if (i >= text.length) {
          throw csvInvalid(msg.csvQuoteNotClosed({ line: openedOnLine }), { line: openedOnLine });
        }
        const c = text[i]!;
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (c === '\n') line++;
        field += c;
        i++;
      }
      // Only spaces may follow the closing quote before the delimiter or line end.
      while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
      if (i < text.length && text[i] !== delimiter && text[i] !== '\n' && text[i] !== '\r') {
        malformed = true;
        while (i < text.length && text[i] !== delimiter && text[i] !== '\n' && text[i] !== '\r')
          field += text[i++];
      }
      continue;
    }
    if (ch === delimiter) {
      endField();
      i++;
    } else if (ch === '\r' || ch === '\n') {
      endRecord();
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
    } else {
      field += ch;
      i++;
    }
  }
  if (field !== '' || fields.length > 0 || malformed) endRecord();
  return records;
}

/**
 * Parses a users CSV (RFC 4180; comma or, as Excel writes it in French, semicolon). The header
 * row names the columns `email,displayName,role` (role optional, default `user`) in any order;
 * the French names `adresse e-mail,nom complet,rôle` work too. Blank lines are ignored. Pure: no
 * database, so the CLI can check a file before sending it.
 *
 * Throws `csv_invalid` when the header is unusable (missing or unknown column) or a quoted
 * field is never closed. Every other problem is reported on its row.
 *
 * @example
 * parseUsersCsv('email,displayName\nana@contoso.com,"Ana, Sales"\n');
 * // [{ row: 2, ok: true, email: 'ana@contoso.com', displayName: 'Ana, Sales', role: 'user' }]
 */
export function parseUsersCsv(text: string): UsersCsvRow[] {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (body.trim() === '') throw csvInvalid(msg.csvEmpty());
  const records = readRecords(body, detectDelimiter(body));
  const header = records[0]!;
  const columns: Column[] = [];
  for (const name of header.fields) {
    const column = headerAliases[normalise(name)];
    if (!column) {
      throw csvInvalid(msg.csvUnknownColumn({ column: name.trim() }), { column: name.trim() });
    }
    if (columns.includes(column)) {
      throw csvInvalid(msg.csvColumnTwice({ column }), { column });
    }
    columns.push(column);
  }
  for (const required of ['email', 'displayName'] as const) {
    if (!columns.includes(required)) {
      throw csvInvalid(msg.csvMissingColumn({ column: required }), { column: required });
    }
  }
  const data = records.slice(1).filter((r) => r.fields.some((f) => f.trim() !== ''));
  if (data.length > maxImportRows) {
    throw csvInvalid(msg.csvTooManyRows({ rows: data.length, max: maxImportRows }), {
      rows: data.length,
      maxRows: maxImportRows,
    });
  }
  return data.map((record) => parseRow(record, columns));
}

function parseRow(record: CsvRecord, columns: readonly Column[]): UsersCsvRow {
  const cell = (column: Column) => {
    const at = columns.indexOf(column);
    return at < 0 ? '' : (record.fields[at] ?? '').trim();
  };
  const row = record.index;
  const email = cell('email');
  const fail = (code: Extract<UsersCsvRow, { ok: false }>['code'], message: Message): UsersCsvRow => ({
    row,
    ok: false,
    email,
    code,
    message,
  });
  if (record.malformed) return fail('malformed_quotes', msg.csvRowMalformedQuotes());
  if (record.fields.length !== columns.length) {
    return fail(
      'wrong_field_count',
      msg.csvRowFieldCount({ fields: record.fields.length, columns: columns.length }),
    );
  }
  if (!emailSchema.safeParse(email).success) return fail('invalid_email', msg.csvRowInvalidEmail({ email }));
  const displayName = cell('displayName');
  if (displayName === '' || displayName.length > 200) {
    return fail('invalid_display_name', msg.csvRowInvalidDisplayName());
  }
  const roleText = cell('role');
  const role = roleText === '' ? 'user' : roleAliases[normalise(roleText)];
  if (!role) return fail('invalid_role', msg.csvRowInvalidRole({ role: roleText }));
  return { row, ok: true, email, displayName, role };
}

type Trx = Transaction<Database>;

/** Unwinds the transaction of an atomic import that had errors, carrying the row report out. */
class AtomicRollback extends Error {
  constructor(readonly report: ImportReport) {
    super('atomic users import rolled back');
  }
}

/**
 * Creates the users of parsed CSV rows. A row whose email already exists in the tenant (or
 * earlier in the file) is `skipped`, so re-importing a file is harmless; a row with an error
 * never stops the others — unless `atomic` is true: then any error leaves the tenant unchanged
 * and the report says `applied: false` (skipped rows do not count as errors).
 *
 * Runs in the caller's transaction when given one (inside a savepoint), else in its own.
 *
 * @example
 * const report = await importUsers(ctx.db, { tenantId, rows: parseUsersCsv(text), now, actor, atomic: false });
 * report.rows; // [{ row: 2, email, status: 'created', … }, { row: 3, email, status: 'error', code: 'invalid_email', … }]
 */
export async function importUsers(
  db: Executor,
  input: {
    tenantId: string;
    rows: readonly UsersCsvRow[];
    now: Date;
    actor: Actor;
    atomic?: boolean | undefined;
  },
): Promise<ImportReport> {
  const run = async (trx: Trx): Promise<ImportReport> => {
    const report = await importRows(trx, input);
    if (input.atomic && report.errors > 0) throw new AtomicRollback(report);
    await recordAudit(trx, {
      tenantId: input.tenantId,
      actor: input.actor,
      action: 'users.imported',
      entityType: 'tenant',
      entityId: input.tenantId,
      after: {
        created: report.created,
        skipped: report.skipped,
        errors: report.errors,
        atomic: Boolean(input.atomic),
      },
      at: input.now,
    });
    return report;
  };
  try {
    if (db.isTransaction) {
      const trx = db as Trx;
      return await inSavepoint(trx, 'users_import', () => run(trx));
    }
    return await inTransaction(db as Kysely<Database>, run);
  } catch (error) {
    if (error instanceof AtomicRollback) return notApplied(error.report);
    throw error;
  }
}

function notApplied(report: ImportReport): ImportReport {
  const failed = report.rows.filter((r) => r.status === 'error').map((r) => r.row);
  const list = failed.slice(0, 10).join(', ') + (failed.length > 10 ? '…' : '');
  const rows: ImportRowReport[] = report.rows.map((r) =>
    r.status === 'created'
      ? {
          ...r,
          status: 'skipped',
          code: 'not_applied',
          userId: null,
          message: msg.csvRowNotApplied({ rows: list }),
        }
      : r,
  );
  return {
    applied: false,
    created: 0,
    skipped: rows.filter((r) => r.status === 'skipped').length,
    errors: report.errors,
    rows,
  };
}

async function importRows(
  trx: Trx,
  input: { tenantId: string; rows: readonly UsersCsvRow[]; now: Date; actor: Actor },
): Promise<ImportReport> {
  const seen = new Map<string, number>();
  const rows: ImportRowReport[] = [];
  for (const parsed of input.rows) {
    if (!parsed.ok) {
      rows.push({
        row: parsed.row,
        email: parsed.email,
        status: 'error',
        code: parsed.code,
        message: parsed.message,
        userId: null,
      });
      continue;
    }
    const key = parsed.email.toLowerCase();
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      rows.push({
        row: parsed.row,
        email: parsed.email,
        status: 'skipped',
        code: 'duplicate_in_file',
        message: msg.csvRowDuplicate({ earlier }),
        userId: null,
      });
      continue;
    }
    seen.set(key, parsed.row);
    const existing = await findUserByEmail(trx, input.tenantId, parsed.email);
    if (existing) {
      rows.push(taken(parsed.row, parsed.email, existing.id));
      continue;
    }
    // A savepoint per row: a concurrent insert of the same email fails this row only.
    try {
      const user = await inSavepoint(trx, 'users_import_row', () =>
        insertUserWithAudit(trx, {
          tenantId: input.tenantId,
          user: { email: parsed.email, displayName: parsed.displayName, role: parsed.role },
          now: input.now,
          actor: input.actor,
        }),
      );
      rows.push({
        row: parsed.row,
        email: parsed.email,
        status: 'created',
        code: null,
        message: msg.csvRowCreated(),
        userId: user.id,
      });
    } catch (error) {
      if (error instanceof AppError && error.code === 'user_email_taken') {
        rows.push(taken(parsed.row, parsed.email, null));
        continue;
      }
      throw error;
    }
  }
  const report: ImportReport = {
    applied: true,
    created: rows.filter((r) => r.status === 'created').length,
    skipped: rows.filter((r) => r.status === 'skipped').length,
    errors: rows.filter((r) => r.status === 'error').length,
    rows,
  };
  return report;
}

function taken(row: number, email: string, userId: string | null): ImportRowReport {
  return {
    row,
    email,
    status: 'skipped',
    code: 'user_email_taken',
    message: msg.csvRowEmailTaken(),
    userId,
  };
}
