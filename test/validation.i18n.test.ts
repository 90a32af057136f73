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
        message: 'Ungültige Eingabe: erwartet Zeichenfolge, erhalten Zahl',
      },
      {
        path: 'body.description',
        code: 'validation_failed',
        message: 'Ungültige Eingabe: erwartet Zeichenfolge, erhalten Zahl',
      },
    ]);
    expect(body.detail).toBe(
      'Die Anforderung ist ungültig: body.subject: Ungültige Eingabe: erwartet Zeichenfolge, erhalten Zahl; ' +
        'body.description: Ungültige Eingabe: erwartet Zeichenfolge, erhalten Zahl',
    );
    expect(body.detail).not.toMatch(/Invalid input|expected|received|\bstring\b/);
  });

  it('tells a Chinese reader in Chinese, with Chinese punctuation in the summary', async () => {
    const body = await refused({ 'accept-language': 'zh-CN' });
    expect(body.errors.map((e) => [e.path, e.message])).toEqual([
      ['body.subject', '无效输入：期望 字符串，实际接收 数字'],
      ['body.description', '无效输入：期望 字符串，实际接收 数字'],
    ]);
    expect(body.detail).toBe(
      '请求无效：body.subject：无效输入：期望 字符串，实际接收 数字；body.description：无效输入：期望 字符串，实际接收 数字',
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

  /** The billing profile refused: a lowercase country code (our own check) and a number for a city. */
  async function badProfile(language: string) {
    const res = await server.request('PUT', '/api/billing/profile', {
      token: tenant.token,
      headers: { 'accept-language': language },
      body: { legalName: 'Contoso GmbH', country: 'de', version: 0, city: 5 },
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
    const byPath = Object.fromEntries(
      (res.body.errors as { path: string; message: string }[]).map((e) => [e.path, e.message]),
    );
    return { byPath, detail: res.body.detail as string };
  }

  it('says our own schema’s message (a bad country code) in German, next to zod’s localized one', async () => {
    const { byPath, detail } = await badProfile('de-DE');
    expect(byPath['body.country']).toBe(
      'ein Länder-/Regionscode nach ISO 3166-1 Alpha-2, z. B. US, FR, DE oder CN',
    );
    expect(byPath['body.city']).toBe('Ungültige Eingabe: erwartet Zeichenfolge, erhalten Zahl');
    expect(detail).toContain('body.country: ein Länder-/Regionscode nach ISO 3166-1 Alpha-2');
    expect(detail).not.toMatch(/country code such as/);
    // Refused: the profile was not saved.
    const profile = await server.request('GET', '/api/billing/profile', { token: tenant.token });
    expect(profile.status).toBe(200);
    expect(profile.body.legalName).not.toBe('Contoso GmbH');
  });

  it('says it in Chinese to a Chinese reader, in English to an English one', async () => {
    const zh = await badProfile('zh-CN');
    expect(zh.byPath['body.country']).toBe('ISO 3166-1 alpha-2 国家/地区代码，例如 US、FR、DE 或 CN');
    expect(zh.detail).toContain('body.country：ISO 3166-1 alpha-2 国家/地区代码');
    const en = await badProfile('en-US');
    expect(en.byPath['body.country']).toBe('an ISO 3166-1 alpha-2 country code such as US, FR, DE or CN');
  });

  it('says a refinement of our own (a change of 0, neither quantity nor delta) in German and Chinese', async () => {
    const change = async (language: string, body: unknown) => {
      const res = await server.request('POST', '/api/subscriptions/sub_unknown/quantity', {
        token: tenant.token,
        headers: { 'accept-language': language },
        body,
      });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('validation_failed');
      return (res.body.errors as { path: string; message: string }[]).map((e) => [e.path, e.message]);
    };
    expect(await change('de-DE', { delta: 0 })).toEqual([['body.delta', 'darf nicht 0 sein']]);
    expect(await change('zh-CN', { delta: 0 })).toEqual([['body.delta', '不能为 0']]);
    expect(await change('de-DE', {})).toEqual([['body.quantity', 'entweder quantity oder delta senden']]);
    expect(await change('zh-CN', {})).toEqual([['body.quantity', '请发送 quantity 或 delta 其中之一']]);
    expect(await change('de-DE', { quantity: 1.5 })).toEqual([['body.quantity', 'eine ganze Zahl']]);
    expect(await change('fr-FR', { quantity: 1.5 })).toEqual([['body.quantity', 'un nombre entier']]);
  });

  it('opens nothing when it refuses', async () => {
    await refused({ 'accept-language': 'de-DE' });
    const list = await server.request('GET', '/api/support-requests', { token: tenant.token });
    expect(list.status).toBe(200);
    expect(list.body.supportRequests).toHaveLength(0);
  });
});
