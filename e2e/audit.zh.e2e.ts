import { afterAll, beforeAll, describe, it } from 'vitest';
import { auditWalk } from './support/audit.js';
import { openSession, signIn, type Session } from './support/browser.js';

/** A Chinese admin (21vianet cloud) through the source document's steps, on a phone and a desktop. */
describe('audit: the admin center for a Chinese admin', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openSession({ cloud: '21vianet', locale: 'zh-CN', prefix: 'audit-zh' });
    await signIn(s, { email: /^电子邮件/, password: /^密码/, submit: /^登录$/ });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('at 390×844: Chinese only, local formats, nothing scrolls sideways or overlaps', async () => {
    await auditWalk(s, 'zh-CN', 'phone');
  });

  it('at 1366×900: the same', async () => {
    await auditWalk(s, 'zh-CN', 'desktop');
  });
});
