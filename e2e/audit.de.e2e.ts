import { afterAll, beforeAll, describe, it } from 'vitest';
import { auditWalk } from './support/audit.js';
import { openSession, signIn, type Session } from './support/browser.js';

/** A German admin (germany cloud) through the source document's steps, on a phone and a desktop. */
describe('audit: the admin center for a German admin', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openSession({ cloud: 'germany', locale: 'de-DE', prefix: 'audit-de' });
    await signIn(s, { email: /^E-Mail/, password: /^Kennwort/, submit: /^Anmelden$/ });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('at 390×844: German only, local formats, nothing scrolls sideways or overlaps', async () => {
    await auditWalk(s, 'de-DE', 'phone');
  });

  it('at 1366×900: the same', async () => {
    await auditWalk(s, 'de-DE', 'desktop');
  });
});
