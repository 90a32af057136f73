import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestTenant } from './support/harness.js';

/** Schema violations (400 validation_failed) in the reader's language, not zod's English. */
describe('validation problems in the reader’s language', () => {
  let server: TestServer;
  let tenant: TestTenant;
  beforeAll(async () => {
    server = await startTestServer();
    tenant = await server.createTenant();
  });
  afterAll(() => server.close());

  // A general support request whose subject and description are numbers, not text.
  const wrongTypes = { type: 'general', subject: 42, description: 7 };

  async function refused(headers: Record<string, string>, query = '') {
    const res = await server.request('POST', `/api/support-requests${query}`, {
      token: tenant.token,
      headers,
      body: wrongTypes,
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('validation_failed');
    return res.body as {
      title: string;
      detail: string;
      errors: { path: string; code: string; message: string }[];
    };
  }

  it('tells a German reader in German which field has the wrong type', async () => {
    const body = await refused({ 'accept-language': 'de-DE,de;q=0.9' });
    expect(body.errors).toEqual([
      {
        path: 'body.subject',
        code: 'validation_failed',
        message: 'Ungültige Eingabe: erwartet string, erhalten Zahl',
      },
      {
        path: 'body.description',
        code: 'validation_failed',
        message: 'Ungültige Eingabe: erwartet string, erhalten Zahl',
      },
    ]);
    expect(body.detail).toBe(
      'Die Anforderung ist ungültig: body.subject: Ungültige Eingabe: erwartet string, erhalten Zahl; ' +
        'body.description: Ungültige Eingabe: erwartet string, erhalten Zahl',
    );
    expect(body.detail).not.toMatch(/Invalid input|expected|received/);
  });

  it('tells a Chinese reader in Chinese, with Chinese punctuation in the summary', async () => {
    const body = await refused({ 'accept-language': 'zh-CN' });
    expect(body.errors.map((e) => [e.path, e.message])).toEqual([
      ['body.subject', '无效输入：期望 string，实际接收 数字'],
      ['body.description', '无效输入：期望 string，实际接收 数字'],
    ]);
    expect(body.detail).toBe(
      '请求无效：body.subject：无效输入：期望 string，实际接收 数字；body.description：无效输入：期望 string，实际接收 数字',
    );
  });

  it('keeps English for an English reader and follows ?lang= over Accept-Language', async () => {
    const en = await refused({ 'accept-language': 'en-US' });
    expect(en.errors[0]).toEqual({
      path: 'body.subject',
      code: 'validation_failed',
      message: 'Invalid input: expected string, received number',
    });
    expect(en.detail).toBe(
      'The request is not valid: body.subject: Invalid input: expected string, received number; ' +
        'body.description: Invalid input: expected string, received number',
    );

    const fr = await refused({ 'accept-language': 'de-DE' }, '?lang=fr');
    expect(fr.errors[0]?.message).toBe('Entrée invalide : chaîne de caractères attendu, nombre reçu');
    expect(fr.detail).toMatch(/^La requête n’est pas valide : body\.subject : Entrée invalide/);
  });

  it('keeps a message written in our own schema as written, next to zod’s localized one', async () => {
    const res = await server.request('PUT', '/api/billing/profile', {
      token: tenant.token,
      headers: { 'accept-language': 'de-DE' },
      body: { legalName: 'Contoso GmbH', country: 'de', version: 0, city: 5 },
    });
    expect(res.status).toBe(400);
    const byPath = Object.fromEntries(
      (res.body.errors as { path: string; message: string }[]).map((e) => [e.path, e.message]),
    );
    expect(byPath['body.country']).toBe('an ISO 3166-1 alpha-2 country code such as US, FR, DE or CN');
    expect(byPath['body.city']).toBe('Ungültige Eingabe: erwartet string, erhalten Zahl');
    // Refused: the profile was not saved.
    const profile = await server.request('GET', '/api/billing/profile', { token: tenant.token });
    expect(profile.status).toBe(200);
    expect(profile.body.legalName).not.toBe('Contoso GmbH');
  });

  it('opens nothing when it refuses', async () => {
    await refused({ 'accept-language': 'de-DE' });
    const list = await server.request('GET', '/api/support-requests', { token: tenant.token });
    expect(list.status).toBe(200);
    expect(list.body.supportRequests).toHaveLength(0);
  });
});
