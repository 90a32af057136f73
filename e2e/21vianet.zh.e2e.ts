import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectChineseGlyphs,
  expectFitsPhone,
  openSession,
  signIn,
  type Session,
} from './support/browser.js';

/**
 * 21Vianet cloud in Simplified Chinese, from the tenant's locale (the browser speaks English):
 * the Microsoft 365 admin center's Chinese words (账单 › 订阅 › 加载项 › 购买加载项), yuan and
 * dates through Intl in zh-CN, a quantity change paid by invoice, and the phone layout.
 */
describe('21vianet admin center in Chinese', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openSession({ cloud: '21vianet', locale: 'en-US', prefix: '21vianet-zh' });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('speaks Chinese once signed in, because the tenant does', async () => {
    await signIn(s, { email: /^Email/, password: /^Password/, submit: /^Sign in$/ });
    const { page } = s;
    await page.getByRole('heading', { name: '主页', level: 1 }).waitFor();
    await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe('zh-CN');
    const nav = page.getByRole('navigation', { name: '导航', exact: true });
    await nav.getByText('账单', { exact: true }).waitFor();
    await nav.getByRole('link', { name: '购买服务' }).waitFor();
    await nav.getByRole('link', { name: '许可证' }).waitFor();
    await expect(nav.getByRole('link', { name: '你的产品' }).count()).resolves.toBe(0);
    await page.getByText('由世纪互联运营').waitFor();
    // Drawn with the project's Noto Sans SC (e2e/support/fonts.ts), not as boxes.
    await expectChineseGlyphs(page, '主页账单订阅');
    await s.shot('zhuye');
    await s.axe('zhuye');
  });

  it('shows subscriptions in yuan with Chinese dates, and the add-ons tab', async () => {
    const { page } = s;
    await page
      .getByRole('navigation', { name: '导航', exact: true })
      .getByRole('link', { name: '订阅' })
      .click();
    await page.getByRole('heading', { name: '订阅', level: 1 }).waitFor();
    // zh-CN medium dates: "2027年3月2日".
    await page
      .getByText(/^\d{4}年\d{1,2}月\d{1,2}日 续订$/)
      .first()
      .waitFor();
    await s.shot('dingyue');
    await s.axe('dingyue');
    await page.getByRole('link', { name: 'Office 365 E3', exact: true }).click();
    await page.getByRole('heading', { name: 'Office 365 E3', level: 1 }).waitFor();
    await page.getByText(/^¥[\d,]+\.\d\d\/许可证\/月$/).waitFor();
    await page.getByRole('tab', { name: /^加载项/ }).click();
    await page.getByRole('button', { name: '购买加载项' }).waitFor();
    await s.shot('jiazaixiang');
  });

  it('adds licenses with 添加/删除许可证, due by invoice, and the arrows named in Chinese', async () => {
    const { page } = s;
    await page.getByRole('tab', { name: '概述' }).click();
    await page.getByRole('button', { name: /^添加\/删除许可证/ }).click();
    const dialog = page.getByRole('dialog', { name: '添加/删除许可证' });
    const total = dialog.getByRole('spinbutton', { name: '许可证总数' });
    await total.fill('10');
    await total.press('Tab');
    await dialog.getByRole('button', { name: '增加许可证总数' }).click();
    await expect(total.inputValue()).resolves.toBe('11');
    await dialog.getByText(/^¥[\d,]+\.\d\d 将通过发票支付（\d+ 天，共 \d+ 天）。$/).waitFor();
    await s.shot('tianjia-xukezheng');
    await s.axe('tianjia-xukezheng');
    await dialog.getByRole('button', { name: '提交', exact: true }).click();
    await page.getByText(/^数量已更改为 11。¥[\d,]+\.\d\d 将通过发票支付/).waitFor();

    await page.getByRole('link', { name: '查看发票' }).click();
    await page.getByRole('heading', { name: 'Office 365 E3 的发票', level: 1 }).waitFor();
    await page.getByRole('cell', { name: '数量更改' }).first().waitFor();
    await s.shot('fapiao');
    await s.axe('fapiao');
  });

  it('fits a phone in Chinese too', async () => {
    const { page } = s;
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('button', { name: '打开导航' }).click();
    await page
      .getByRole('navigation', { name: '导航', exact: true })
      .getByRole('link', { name: '活跃用户' })
      .click();
    await page.getByRole('heading', { name: '活跃用户', level: 1 }).waitFor();
    await expect(page.getByRole('navigation', { name: '导航', exact: true }).isVisible()).resolves.toBe(
      false,
    );
    await page.getByRole('button', { name: '注销', exact: true }).waitFor();
    await expectFitsPhone(s, 'users-zh');
    await s.shot('phone-huoyue-yonghu');
  });
  it('shows the other areas’ pages in Chinese on a phone: billing profile, security, email notifications', async () => {
    const { page } = s;
    const nav = page.getByRole('navigation', { name: '导航', exact: true });
    for (const [link, heading] of [
      ['账单配置文件', '账单配置文件'],
      ['我的帐户：安全性', '安全性'],
      ['电子邮件通知', '电子邮件通知'],
    ] as const) {
      await page.getByRole('button', { name: '打开导航' }).click();
      await nav.getByRole('link', { name: link, exact: true }).click();
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      await expectFitsPhone(s, `${heading}-zh`);
    }
    await page.getByRole('switch', { name: '订单确认' }).waitFor();
    await page.getByRole('button', { name: '保存' }).waitFor();
    await s.shot('phone-dianzi-youjian-tongzhi');
  });
});
