import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passwordCheckCount } from '../src/modules/tenants/index.js';
import { totpCode } from '../src/modules/security/index.js';
import { startTestServer, type TestServer, type TestTenant } from './support/harness.js';

function cookieOf(res: { headers: Headers }): string {
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}

async function auditActions(server: TestServer, tenant: TestTenant, userId: string): Promise<string[]> {
  const res = await server.request('GET', `/api/audit-log?entityType=user&entityId=${userId}&limit=100`, {
    token: tenant.token,
  });
  expect(res.status).toBe(200);
  return (res.body.items as { action: string }[]).map((i) => i.action).reverse();
}

describe('sign-in brute force', () => {
  let server: TestServer;
  let tenant: TestTenant;
  const login = (email: string, password: string) =>
    server.request('POST', '/api/auth/login', { body: { email, password } });

  beforeAll(async () => {
    server = await startTestServer({ env: { BILLING_CENTER_SIGN_IN_ATTEMPTS_PER_MINUTE: '1000' } });
    tenant = await server.createTenant();
  });
  afterAll(() => server.close());

  it('locks the account after five wrong passwords, for longer each time, even for the right password', async () => {
    for (let i = 1; i <= 4; i++) {
      const res = await login(tenant.adminEmail, `wrong password ${i}`);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('invalid_credentials');
    }
    const fifth = await login(tenant.adminEmail, 'wrong password 5');
    expect(fifth.status).toBe(429);
    expect(fifth.contentType).toContain('application/problem+json');
    expect(fifth.body.code).toBe('too_many_requests');
    expect(fifth.headers.get('retry-after')).toBe('30');

    // Locked: the right password does not open it either, and says how long to wait.
    server.clock.advance(10_000);
    const right = await login(tenant.adminEmail, tenant.adminPassword);
    expect(right.status).toBe(429);
    expect(right.headers.get('retry-after')).toBe('20');

    server.clock.advance(21_000);
    const sixth = await login(tenant.adminEmail, 'wrong password 6');
    expect(sixth.status).toBe(429);
    expect(sixth.headers.get('retry-after')).toBe('60');

    server.clock.advance(61_000);
    expect((await login(tenant.adminEmail, tenant.adminPassword)).status).toBe(200);
    // A success forgets the failures.
    expect((await login(tenant.adminEmail, 'wrong again')).status).toBe(401);

    const actions = await auditActions(server, tenant, tenant.adminUserId);
    expect(actions.filter((a) => a === 'user.sign_in_failed')).toHaveLength(5);
    expect(actions.filter((a) => a === 'user.sign_in_locked')).toHaveLength(2);
    expect(actions).toContain('user.signed_in');
  });

  it('treats an unknown email exactly like a known one: same hash work, same lockout', async () => {
    const known = await server.createTenant();
    let before = passwordCheckCount.value;
    expect((await login(known.adminEmail, 'not the password')).status).toBe(401);
    const knownChecks = passwordCheckCount.value - before;
    before = passwordCheckCount.value;
    const unknown = await login('nobody-here@example.com', 'not the password');
    expect(unknown.status).toBe(401);
    expect(passwordCheckCount.value - before).toBe(knownChecks);
    expect(knownChecks).toBe(1);

    for (let i = 0; i < 3; i++) await login('nobody-here@example.com', 'not the password');
    const locked = await login('nobody-here@example.com', 'not the password');
    expect(locked.status).toBe(429);
    expect(locked.body).toMatchObject({ code: 'too_many_requests', retryAfterSeconds: 30 });
  });
});

describe('sign-in rate limit per client address', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { BILLING_CENTER_SIGN_IN_ATTEMPTS_PER_MINUTE: '3' } });
  });
  afterAll(() => server.close());

  it('answers 429 problem+json with Retry-After once an address made too many attempts', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await server.request('POST', '/api/auth/login', {
        body: { email: `spray${i}@example.com`, password: 'spring2026spring' },
      });
      expect(res.status).toBe(401);
    }
    const res = await server.request('POST', '/api/auth/login', {
      body: { email: 'spray9@example.com', password: 'spring2026spring' },
    });
    expect(res.status).toBe(429);
    expect(res.contentType).toContain('application/problem+json');
    expect(res.body.code).toBe('too_many_requests');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    // Other routes are not limited.
    expect((await server.request('GET', '/api/instance')).status).toBe(200);
  });
});

describe('passwords and sessions', () => {
  let server: TestServer;
  let tenant: TestTenant;
  beforeAll(async () => {
    server = await startTestServer({ env: { BILLING_CENTER_SIGN_IN_ATTEMPTS_PER_MINUTE: '1000' } });
    tenant = await server.createTenant();
  });
  afterAll(() => server.close());

  it('refuses short, common and breached passwords, also with digits added', async () => {
    const user = await tenant.addUser('billing_admin');
    for (const password of [
      '12345678',
      'password',
      'short pw 11',
      'password1234',
      'qwertyuiop123',
      'Password2026!',
    ]) {
      const res = await server.request('PATCH', `/api/users/${user.id}`, {
        token: tenant.token,
        body: { password },
      });
      expect(res.status, password).toBe(400);
      expect(res.body.code).toBe('validation_failed');
      expect(res.body.errors[0].path).toBe('body.password');
    }
    const ok = await server.request('PATCH', `/api/users/${user.id}`, {
      token: tenant.token,
      body: { password: 'violet tractor morning' },
    });
    expect(ok.status).toBe(200);
  });

  it('ends the other sessions when a password changes, lists sessions, signs out everywhere', async () => {
    const login = (password: string) =>
      server.request('POST', '/api/auth/login', {
        body: { email: tenant.adminEmail, password },
        headers: { 'user-agent': 'TestBrowser/1.0' },
      });
    const a = cookieOf(await login(tenant.adminPassword));
    const b = cookieOf(await login(tenant.adminPassword));
    const listed = await server.request('GET', '/api/me/sessions', { cookie: a });
    expect(listed.status).toBe(200);
    expect(listed.body.items).toHaveLength(2);
    expect(listed.body.items.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    expect(listed.body.items[0]).toMatchObject({ userAgent: 'TestBrowser/1.0', clientAddress: '127.0.0.1' });

    const wrong = await server.request('POST', '/api/me/password', {
      cookie: a,
      body: { currentPassword: 'not it at all', newPassword: 'orange bicycle harbour' },
    });
    expect(wrong.status).toBe(401);
    const changed = await server.request('POST', '/api/me/password', {
      cookie: a,
      body: { currentPassword: tenant.adminPassword, newPassword: 'orange bicycle harbour' },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.endedSessions).toBe(1);
    expect((await server.request('GET', '/api/me', { cookie: b })).status).toBe(401);
    expect((await server.request('GET', '/api/me', { cookie: a })).status).toBe(200);
    expect((await login(tenant.adminPassword)).status).toBe(401);

    // An admin setting someone's password ends that person's sessions too.
    const c = cookieOf(await login('orange bicycle harbour'));
    const other = await tenant.addUser('global_admin');
    await server.request('PATCH', `/api/users/${tenant.adminUserId}`, {
      token: other.token,
      body: { password: 'purple kettle evening' },
    });
    expect((await server.request('GET', '/api/me', { cookie: c })).status).toBe(401);
    expect((await server.request('GET', '/api/me', { cookie: a })).status).toBe(401);

    const d = cookieOf(await login('purple kettle evening'));
    const e = cookieOf(await login('purple kettle evening'));
    const everywhere = await server.request('POST', '/api/me/sessions/sign-out-everywhere', { cookie: d });
    expect(everywhere.body.endedSessions).toBe(2);
    expect((await server.request('GET', '/api/me', { cookie: d })).status).toBe(401);
    expect((await server.request('GET', '/api/me', { cookie: e })).status).toBe(401);
  });

  it('revokes every API token of one user (Global admin only)', async () => {
    const user = await tenant.addUser('billing_admin');
    const second = await server.request('POST', '/api/tokens', { token: user.token, body: { name: 'x' } });
    expect(second.status).toBe(403);
    const licenseAdmin = await tenant.addUser('license_admin');
    const refused = await server.request('DELETE', `/api/users/${user.id}/api-tokens`, {
      token: licenseAdmin.token,
    });
    expect(refused.status).toBe(403);
    expect((await server.request('GET', '/api/subscriptions', { token: user.token })).status).toBe(200);
    const revoked = await server.request('DELETE', `/api/users/${user.id}/api-tokens`, {
      token: tenant.token,
    });
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedTokenIds).toHaveLength(1);
    expect((await server.request('GET', '/api/subscriptions', { token: user.token })).status).toBe(401);
    // Another tenant's user is unknown here.
    const other = await server.createTenant();
    const foreign = await server.request('DELETE', `/api/users/${user.id}/api-tokens`, {
      token: other.token,
    });
    expect(foreign.status).toBe(404);
  });
});

describe('two-step sign-in', () => {
  let server: TestServer;
  let tenant: TestTenant;
  beforeAll(async () => {
    server = await startTestServer({ env: { BILLING_CENTER_SIGN_IN_ATTEMPTS_PER_MINUTE: '1000' } });
    tenant = await server.createTenant();
  });
  afterAll(() => server.close());

  const login = (t: TestTenant) =>
    server.request('POST', '/api/auth/login', { body: { email: t.adminEmail, password: t.adminPassword } });

  it('enrols an authenticator, then asks for its code (or a recovery code) at sign-in', async () => {
    const session = cookieOf(await login(tenant));
    const enrol = await server.request('POST', '/api/me/two-step/enrol', { cookie: session });
    expect(enrol.status).toBe(200);
    expect(enrol.body.otpauthUri).toMatch(/^otpauth:\/\/totp\/Billing%20Center:.*secret=/);
    const secret = enrol.body.secret as string;
    const bad = await server.request('POST', '/api/me/two-step/confirm', {
      cookie: session,
      body: { code: '000000' },
    });
    expect(bad.status).toBe(401);
    const confirm = await server.request('POST', '/api/me/two-step/confirm', {
      cookie: session,
      body: { code: totpCode(secret, server.clock.now()) },
    });
    expect(confirm.status).toBe(200);
    const recovery = confirm.body.recoveryCodes as string[];
    expect(recovery).toHaveLength(10);
    expect((await server.request('GET', '/api/me/two-step', { cookie: session })).body).toMatchObject({
      enabled: true,
      recoveryCodesLeft: 10,
    });

    server.clock.advance(60_000);
    const first = await login(tenant);
    expect(first.status).toBe(401);
    expect(first.body.code).toBe('second_factor_required');
    const provisional = cookieOf(first);
    // The password alone signs nobody in.
    expect((await server.request('GET', '/api/me', { cookie: provisional })).status).toBe(401);
    const wrong = await server.request('POST', '/api/auth/second-step', {
      cookie: provisional,
      body: { code: '123456' },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('invalid_second_factor');
    const code = totpCode(secret, server.clock.now());
    const done = await server.request('POST', '/api/auth/second-step', {
      cookie: provisional,
      body: { code },
    });
    expect(done.status).toBe(200);
    const full = cookieOf(done);
    expect(full).not.toBe(provisional);
    expect((await server.request('GET', '/api/me', { cookie: full })).status).toBe(200);
    expect((await server.request('GET', '/api/me', { cookie: provisional })).status).toBe(401);

    // The same code cannot be used twice; a recovery code works once.
    const again = cookieOf(await login(tenant));
    const replay = await server.request('POST', '/api/auth/second-step', { cookie: again, body: { code } });
    expect(replay.status).toBe(401);
    const byRecovery = await server.request('POST', '/api/auth/second-step', {
      cookie: again,
      body: { code: recovery[0] },
    });
    expect(byRecovery.status).toBe(200);
    const third = cookieOf(await login(tenant));
    expect(
      (await server.request('POST', '/api/auth/second-step', { cookie: third, body: { code: recovery[0] } }))
        .status,
    ).toBe(401);

    const actions = await auditActions(server, tenant, tenant.adminUserId);
    expect(actions).toEqual(expect.arrayContaining(['user.two_step_enabled', 'user.second_step_failed']));
  });

  it('lets a Global admin require it of every admin; an admin without it can only set it up', async () => {
    const other = await server.createTenant();
    const billing = await other.addUser('billing_admin');
    const refused = await server.request('PUT', '/api/tenant/security', {
      token: billing.token,
      body: { requireTwoStepForAdmins: true },
    });
    expect(refused.status).toBe(403);
    const set = await server.request('PUT', '/api/tenant/security', {
      token: other.token,
      body: { requireTwoStepForAdmins: true },
    });
    expect(set.status).toBe(200);

    const session = cookieOf(await login(other));
    const blocked = await server.request('GET', '/api/users', { cookie: session });
    expect(blocked.status).toBe(403);
    expect(blocked.body.code).toBe('two_step_enrolment_required');
    expect((await server.request('GET', '/api/me', { cookie: session })).status).toBe(200);
    const enrol = await server.request('POST', '/api/me/two-step/enrol', { cookie: session });
    await server.request('POST', '/api/me/two-step/confirm', {
      cookie: session,
      body: { code: totpCode(enrol.body.secret, server.clock.now()) },
    });
    expect((await server.request('GET', '/api/users', { cookie: session })).status).toBe(200);
    // Required: it cannot be turned off.
    const off = await server.request('POST', '/api/me/two-step/disable', {
      cookie: session,
      body: { password: other.adminPassword },
    });
    expect(off.status).toBe(409);
    // Scripts with API tokens are not concerned.
    expect((await server.request('GET', '/api/users', { token: billing.token })).status).toBe(200);
  });
});
