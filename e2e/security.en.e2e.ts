import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../src/modules/security/index.js';
import { openSession, signIn, type Session } from './support/browser.js';

/**
 * My account › Security in English: the demo banner, setting up two-step sign-in with an
 * authenticator (the code computed from the key the page shows), the recovery codes, then
 * signing in again in two steps. Runs under the server's CSP (no inline script).
 */
describe('sign-in security in the admin center', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openSession({ cloud: 'worldwide', locale: 'en-US', prefix: 'security-en' });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('warns of the demo sign-in, sets up two-step sign-in and asks for its code at the next sign-in', async () => {
    const { page, server } = s;
    await page.goto('/signin');
    await page.getByTestId('demo-banner').getByText('Demo instance').waitFor();
    await signIn(s, { email: /^Email/, password: /^Password/, submit: /^Sign in$/ });
    await page.getByRole('heading', { name: 'Home', level: 1 }).waitFor();

    await page.getByRole('navigation').getByRole('link', { name: 'My account: security' }).click();
    await page.getByRole('heading', { name: 'Security', level: 1 }).waitFor();
    await page.getByRole('table', { name: 'Where you are signed in' }).getByText('This session').waitFor();
    await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
    const secret = (await page.getByLabel('Secret key').textContent())!.trim();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await page.getByRole('textbox', { name: 'Code' }).fill(totpCode(secret, server.clock.now()));
    await page.getByRole('button', { name: 'Turn on' }).click();
    const codes = page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem');
    await codes.first().waitFor();
    expect(await codes.count()).toBe(10);
    await page.getByText('On', { exact: true }).waitFor();
    await s.shot('security');
    await s.axe('security');

    // Sign out, then in again: the password is not enough any more.
    await page.getByRole('button', { name: 'Sign out everywhere' }).click();
    await page.getByRole('button', { name: /^Sign in$/ }).waitFor();
    server.clock.advance(60_000);
    await page.getByLabel(/^Email/).fill(s.email);
    await page.getByLabel(/^Password/).fill(s.password);
    await page.getByRole('button', { name: /^Sign in$/ }).click();
    await page.getByRole('heading', { name: 'Two-step verification' }).waitFor();
    await s.axe('second-step');
    await page.getByRole('textbox', { name: 'Code' }).fill(totpCode(secret, server.clock.now()));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('heading', { name: 'Home', level: 1 }).waitFor();
  });
});
