import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { fontconfigEnv } from './fonts.js';
import type { Cloud } from '../../src/config.js';
import { seedDemo } from '../../src/db/seed.js';
import { startTestServer, type TestServer } from '../../test/support/harness.js';

export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: chromiumArgs,
    // Fonts from the project's own files (Chinese included), whatever the machine has installed.
    env: { ...process.env, ...fontconfigEnv() },
  });
}

const screenshotDir = path.resolve('test-results/screenshots');
const axeSource = fs.readFileSync(path.resolve('node_modules/axe-core/axe.min.js'), 'utf8');

export interface Session {
  server: TestServer;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  email: string;
  password: string;
  /** Saves test-results/screenshots/<prefix>-<nn>-<name>.png */
  shot(name: string): Promise<void>;
  /** Runs axe-core in the page; fails on serious or critical violations. */
  axe(name: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * One story's world: the real server on a fresh database (the demo tenant "Contoso (demo)"
 * seeded through the real checkout) serving web/dist, and a Chromium page in `locale`.
 */
export async function openSession(options: {
  cloud: Cloud;
  locale: 'en-US' | 'fr-FR' | 'de-DE' | 'zh-CN';
  prefix: string;
  /** 1366×900 unless told (a phone: 390×844). */
  viewport?: { width: number; height: number };
  /** Days between the demo purchases and the story: past the refund window, mid billing period. */
  daysAfterSeed?: number;
}): Promise<Session> {
  const server = await startTestServer({ cloud: options.cloud });
  const demo = await seedDemo(server.ctx);
  if (!demo) throw new Error('The demo tenant already exists in a fresh database');
  server.clock.advanceDays(options.daysAfterSeed ?? 10);
  for (const file of fs.readdirSync(screenshotDir))
    if (file.startsWith(`${options.prefix}-`)) fs.rmSync(path.join(screenshotDir, file));
  const browser = await launchChromium();
  const context = await browser.newContext({
    baseURL: server.url,
    locale: options.locale,
    viewport: options.viewport ?? { width: 1366, height: 900 },
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  let counter = 0;
  return {
    server,
    browser,
    context,
    page,
    email: demo.adminEmail,
    password: demo.adminPassword,
    async shot(name) {
      counter++;
      const file = path.join(
        screenshotDir,
        `${options.prefix}-${String(counter).padStart(2, '0')}-${name}.png`,
      );
      await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
    },
    async axe(name) {
      // A dialog still closing leaves the page aria-hidden for a moment: check the settled page.
      await page.waitForFunction(
        () =>
          document.getAnimations().every((a) => a.playState !== 'running') &&
          (!!document.querySelector('[role="dialog"]') ||
            !document.querySelector('#root[aria-hidden="true"]')),
      );
      // Evaluated by the browser's devtools protocol: the page's CSP (no inline scripts) stays on.
      await page.evaluate(axeSource);
      const violations = await page.evaluate(async () => {
        const axe = (
          window as unknown as {
            axe: { run: (c: object, o: object) => Promise<{ violations: AxeViolation[] }> };
          }
        ).axe;
        // Tabster's focus sentinels (Fluent's arrow-key navigation) are focusable and aria-hidden
        // on purpose: they hand focus on to the real items and are never read.
        const result = await axe.run(
          { include: [['body']], exclude: [['[data-tabster-dummy]']] },
          { resultTypes: ['violations'] },
        );
        return result.violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => ({
            id: v.id,
            impact: v.impact,
            help: v.help,
            targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
          }));
      });
      expect(violations, `axe on ${name}`).toEqual([]);
      expect(errors, `page errors on ${name}`).toEqual([]);
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * What a phone user would notice on any page: nothing scrolls sideways, and sign-out is on screen.
 */
export async function expectFitsPhone(s: Session, name: string) {
  const { page } = s;
  const widths = await page.evaluate(() => ({
    scroll: document.scrollingElement!.scrollWidth,
    inner: window.innerWidth,
    // The widest element, to say what overflows when something does.
    culprit: Array.from(document.querySelectorAll('body *'))
      .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5)
      .slice(0, 3)
      .map(
        (e) =>
          `${e.tagName.toLowerCase()}.${Array.from(e.classList).slice(0, 2).join('.')} "${(e.textContent ?? '').slice(0, 40)}"`,
      ),
  }));
  expect(widths.scroll, `${name} scrolls sideways: ${widths.culprit.join(' | ')}`).toBeLessThanOrEqual(
    widths.inner,
  );
}

/** Signs in through the sign-in page, as a person would. */
export async function signIn(
  s: Session,
  labels: { email: RegExp; password: RegExp; submit: RegExp },
  /** Chosen in the sign-in page's language menu (the user's setting, which beats the tenant's locale). */
  language?: 'English' | 'Français' | 'Deutsch' | '简体中文',
) {
  const { page } = s;
  await page.goto('/');
  if (language) await page.getByRole('combobox').selectOption(language);
  await page.getByLabel(labels.email).fill(s.email);
  await page.getByLabel(labels.password).fill(s.password);
  await s.shot('sign-in');
  await s.axe('sign-in');
  await page.getByRole('button', { name: labels.submit }).click();
  await page.getByRole('heading', { level: 1 }).first().waitFor();
}

/**
 * Fails when Chinese renders as missing-glyph boxes: two different characters drawn in the
 * page's own font give the same pixels only when both are the font's "no glyph" box.
 */
export async function expectChineseGlyphs(page: Page, sample = '中文') {
  const drawn = await page.evaluate((text) => {
    const font = `16px ${getComputedStyle(document.body).fontFamily}`;
    return Array.from(text).map((ch) => {
      const canvas = document.createElement('canvas');
      canvas.width = 32;
      canvas.height = 32;
      const g = canvas.getContext('2d')!;
      g.font = font;
      g.fillText(ch, 4, 24);
      return canvas.toDataURL();
    });
  }, sample);
  expect(new Set(drawn).size, `"${sample}" drawn as identical boxes: no CJK font found`).toBe(drawn.length);
}
