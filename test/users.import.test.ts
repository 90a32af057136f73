import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../src/shared/app-error.js';
import { parseUsersCsv } from '../src/modules/users/index.js';
import { startTestServer, type TestServer, type TestTenant } from './support/harness.js';

function csvError(text: string): AppError {
  try {
    parseUsersCsv(text);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected csv_invalid');
}

describe('parseUsersCsv', () => {
  it('reads RFC 4180 quoting: delimiters, doubled quotes and line breaks inside quotes, CRLF', () => {
    const text =
      'email,displayName,role\r\n' +
      'ana@contoso.example,"Lopez, Ana",billing_admin\r\n' +
      'bob@contoso.example,"Bob ""The Builder""",\r\n' +
      'cy@contoso.example,"Cy\r\nSecond line",user\r\n';
    expect(parseUsersCsv(text)).toEqual([
      { row: 2, ok: true, email: 'ana@contoso.example', displayName: 'Lopez, Ana', role: 'billing_admin' },
      { row: 3, ok: true, email: 'bob@contoso.example', displayName: 'Bob "The Builder"', role: 'user' },
      { row: 4, ok: true, email: 'cy@contoso.example', displayName: 'Cy\r\nSecond line', role: 'user' },
    ]);
  });

  it('accepts the French header names, a BOM, semicolons (Excel in French) and role labels', () => {
    const text =
      '\uFEFFAdresse e-mail;Nom complet;Rôle\nana@contoso.example;"Ana; RH";Administrateur de facturation\n\n';
    expect(parseUsersCsv(text)).toEqual([
      { row: 2, ok: true, email: 'ana@contoso.example', displayName: 'Ana; RH', role: 'billing_admin' },
    ]);
  });

  it('takes columns in any order, role optional, and skips blank lines', () => {
    const rows = parseUsersCsv('displayName,email\nAna,ana@contoso.example\n,\n\nBob,bob@contoso.example');
    expect(rows).toEqual([
      { row: 2, ok: true, email: 'ana@contoso.example', displayName: 'Ana', role: 'user' },
      { row: 5, ok: true, email: 'bob@contoso.example', displayName: 'Bob', role: 'user' },
    ]);
  });

  it('reports a bad row on that row, without stopping the others', () => {
    const rows = parseUsersCsv(
      [
        'email,displayName,role',
        'not-an-email,Ana,user',
        'bob@contoso.example,,user',
        'cy@contoso.example,Cy,owner',
        'dee@contoso.example,Dee,user,extra',
        'eve@contoso.example,"Eve" Smith,user',
        'fay@contoso.example,Fay,Global admin',
      ].join('\n'),
    );
    expect(rows.map((r) => (r.ok ? 'ok' : r.code))).toEqual([
      'invalid_email',
      'invalid_display_name',
      'invalid_role',
      'wrong_field_count',
      'malformed_quotes',
      'ok',
    ]);
    expect(rows[5]).toMatchObject({ role: 'global_admin' });
  });

  it('refuses an empty file (csv_invalid) but accepts a header without rows', () => {
    expect(csvError('').code).toBe('csv_invalid');
    expect(csvError(' \r\n').code).toBe('csv_invalid');
    expect(parseUsersCsv('email,name\n')).toEqual([]);
  });

  it('refuses an unusable header or an unclosed quote as a whole, naming the problem (csv_invalid)', () => {
    expect(csvError('mail,displayName\n').message).toContain('Unknown column "mail"');
    expect(csvError('email,role\n').message).toContain('no "displayName" column');
    expect(csvError('email,displayName,email\n').message).toContain('appears twice');
    const unclosed = csvError('email,displayName\nana@contoso.example,"Ana\n');
    expect(unclosed.message).toContain('never closed');
    expect(unclosed.details).toEqual({ line: 2 });
  });
});

describe('POST /api/users/import', () => {
  let server: TestServer;
  let tenant: TestTenant;
  beforeAll(async () => {
    server = await startTestServer();
    tenant = await server.createTenant();
  });
  afterAll(() => server.close());

  const importCsv = (text: string, query = '', headers?: Record<string, string>) =>
    server.request('POST', `/api/users/import${query}`, {
      token: tenant.token,
      raw: { contentType: 'text/csv', text },
      ...(headers ? { headers } : {}),
    });

  it('creates the good rows, skips known emails and reports the bad ones (200)', async () => {
    await server.request('POST', '/api/users', {
      token: tenant.token,
      body: { email: 'existing@contoso.example', displayName: 'Existing' },
    });
    const res = await importCsv(
      [
        'email,displayName,role',
        'new1@contoso.example,"Doe, Jane",license_admin',
        'bad-email,Nobody,user',
        'EXISTING@contoso.example,Existing again,user',
        'new2@contoso.example,New Two,',
        'new1@contoso.example,Twice,user',
      ].join('\n'),
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ applied: true, created: 2, skipped: 2, errors: 1 });
    expect(
      res.body.rows.map((r: { row: number; status: string; code: string | null }) => [
        r.row,
        r.status,
        r.code,
      ]),
    ).toEqual([
      [2, 'created', null],
      [3, 'error', 'invalid_email'],
      [4, 'skipped', 'user_email_taken'],
      [5, 'created', null],
      [6, 'skipped', 'duplicate_in_file'],
    ]);
    expect(res.body.rows[0].userId).toMatch(/^usr_/);
    const jane = await server.request('GET', `/api/users/${res.body.rows[0].userId}`, {
      token: tenant.token,
    });
    expect(jane.body).toMatchObject({ displayName: 'Doe, Jane', role: 'license_admin' });
    const list = await server.request('GET', '/api/users?search=new', { token: tenant.token });
    expect(list.body.total).toBe(2);

    const log = await server.request('GET', `/api/audit-log?action=users.imported`, { token: tenant.token });
    expect(log.body.items[0].after).toEqual({ created: 2, skipped: 2, errors: 1, atomic: false });
  });

  it('is all-or-nothing with atomic=true', async () => {
    const text = ['email,displayName', 'atomic1@contoso.example,One', 'atomic2@contoso.example,'].join('\n');
    const res = await importCsv(text, '?atomic=true');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ applied: false, created: 0, errors: 1 });
    expect(res.body.rows[0]).toMatchObject({ status: 'skipped', code: 'not_applied', userId: null });
    expect(res.body.rows[0].message).toContain('row(s) 3');
    const none = await server.request('GET', '/api/users?search=atomic', { token: tenant.token });
    expect(none.body.total).toBe(0);

    const ok = await importCsv(
      ['email,displayName', 'atomic1@contoso.example,One'].join('\n'),
      '?atomic=true',
    );
    expect(ok.body).toMatchObject({ applied: true, created: 1 });
  });

  it('answers in French when asked', async () => {
    const res = await importCsv('email,displayName\nfoo,Foo\n', '', { 'accept-language': 'fr-FR' });
    expect(res.body.rows[0].message).toContain('n’est pas une adresse e-mail valide');
  });

  it('answers 400 csv_invalid when the header is unusable, creating nobody', async () => {
    const res = await importCsv('courriel électronique,nom\nx@contoso.example,X\n');
    expect(res.status).toBe(400);
    expect(res.contentType).toContain('application/problem+json');
    expect(res.body.code).toBe('csv_invalid');
    expect(res.body.hint).toContain('email,displayName,role');
    expect(res.body.column).toBe('courriel électronique');
  });

  it('refuses a JSON body: the import takes text/csv only (415, with a hint)', async () => {
    const res = await server.request('POST', '/api/users/import', {
      token: tenant.token,
      body: { csv: 'x' },
    });
    expect(res.status).toBe(415);
    expect(res.body.code).toBe('unsupported_media_type');
    expect(res.body.hint).toContain('text/csv');
  });
});
