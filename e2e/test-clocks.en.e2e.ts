import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operatorToken } from '../test/support/harness.js';
import { openSession, signIn, type Session } from './support/browser.js';

/** A Global admin whose organization the operator put on a test clock sees it on every page. */
describe('test clock banner in the admin center', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openSession({ cloud: 'worldwide', locale: 'en-US', prefix: 'test-clocks-en' });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('shows the clock’s date, not today’s, once the operator has advanced it', async () => {
    const operator = (method: string, path: string, body?: unknown) =>
      s.server.request(method, path, { token: operatorToken, ...(body === undefined ? {} : { body }) });
    const tenants = (await operator('GET', '/api/operator/tenants')).body.tenants as { id: string; name: string }[];
    const demo = tenants.find((t) => t.name === 'Contoso (demo)')!;
    const clock = (await operator('POST', '/api/operator/test-clocks', { tenantId: demo.id })).body as { id: string };
    const advanced = await operator('POST', `/api/operator/test-clocks/${clock.id}/advance`, {
      frozenTime: '2027-01-15T12:00:00Z',
    });
    expect(advanced.status).toBe(200);
    await signIn(s, { email: /^Email/, password: /^Password/, submit: /^Sign in$/ });
    const banner = s.page.getByTestId('test-clock-banner');
    await banner.getByText('Test clock').waitFor();
    await banner.getByText(/lives at Jan 15, 2027/).waitFor();
    await s.shot('banner');
    await s.axe('banner');
  });
});
