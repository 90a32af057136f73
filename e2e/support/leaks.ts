import type { Page } from 'playwright-core';
import { expect } from 'vitest';

export type Tree = { [key: string]: string | Tree };

/**
 * The admin center's own message catalog for a language (web/src/i18n), read as data: a
 * computed path keeps the web's module settings out of the test project's compile.
 */
export async function catalog(locale: 'en-US' | 'fr-FR' | 'de-DE' | 'zh-CN'): Promise<Tree> {
  const file = `../../web/src/i18n/${locale}.ts`;
  return ((await import(/* @vite-ignore */ file)) as { default: Tree }).default;
}

/** English words that come from components rather than our catalogs (Fluent's defaults, inputs). */
const componentEnglish = ['Increment value', 'Decrement value', 'Close', 'Dismiss', 'Loading...', 'MM/YY'];

/**
 * Every English UI string that the other language says differently, without its placeholders:
 * a text, label or placeholder equal to one of them is an English leak.
 */
function englishOnly(en: Tree, other: Tree): string[] {
  const out: string[] = [];
  const walk = (en: Tree, x: Tree | undefined) => {
    for (const [key, value] of Object.entries(en)) {
      const theirs = x?.[key];
      if (typeof value === 'string') {
        if (
          typeof theirs === 'string' &&
          theirs !== value &&
          !value.includes('{{') &&
          /[a-z]{3}/i.test(value)
        )
          out.push(value);
      } else walk(value, typeof theirs === 'object' ? theirs : undefined);
    }
  };
  walk(en, other);
  return out;
}

/**
 * What a German or Chinese admin would notice: an English sentence, label, button, placeholder
 * or accessible name from the UI's catalogs (or a component's default) on the page.
 */
export async function expectNoEnglish(page: Page, locale: 'fr-FR' | 'de-DE' | 'zh-CN', where: string) {
  const english = [...englishOnly(await catalog('en-US'), await catalog(locale)), ...componentEnglish];
  const found = await page.evaluate((words) => {
    const set = new Set(words);
    const hits = new Set<string>();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = (n.textContent ?? '').trim();
      const el = n.parentElement;
      if (text && set.has(text) && el && el.getClientRects().length > 0) hits.add(text);
    }
    for (const el of Array.from(document.querySelectorAll('[aria-label],[placeholder],[title]'))) {
      for (const attr of ['aria-label', 'placeholder', 'title']) {
        const v = el.getAttribute(attr)?.trim();
        if (v && set.has(v)) hits.add(`${attr}="${v}"`);
      }
    }
    return [...hits];
  }, english);
  expect(found, `English on ${where}`).toEqual([]);
}

/**
 * Text that overlaps other text: two visible elements holding their own text whose boxes cross
 * (neither inside the other), as in a table squeezed onto a phone.
 */
export async function expectNoOverlappingText(page: Page, where: string, scope = 'body') {
  const overlaps = await page.evaluate((root) => {
    const boxes: { el: Element; r: DOMRect; text: string }[] = [];
    for (const el of Array.from(document.querySelectorAll(`${root} *`))) {
      const own = Array.from(el.childNodes)
        .filter((n) => n.nodeType === Node.TEXT_NODE)
        .map((n) => n.textContent ?? '')
        .join('')
        .trim();
      if (!own) continue;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || style.opacity === '0') continue;
      // Inside a closed <details> (the charts' tables): not shown, so not overlapping.
      const details = el.closest('details');
      if (details && !details.open && !el.closest('summary')) continue;
      // Visually hidden text (for screen readers) is clipped to nothing: no one sees it overlap.
      let clipped = false;
      for (let a: Element | null = el; a && !clipped; a = a.parentElement) {
        const st = getComputedStyle(a);
        const box = a.getBoundingClientRect();
        clipped =
          (st.clip !== 'auto' && st.position === 'absolute') ||
          st.clipPath.startsWith('inset(50%') ||
          (st.overflow === 'hidden' && (box.width <= 1 || box.height <= 1));
      }
      if (clipped) continue;
      const range = document.createRange();
      range.selectNodeContents(el);
      const r = range.getBoundingClientRect();
      if (r.width < 1 || r.height < 1) continue;
      boxes.push({ el, r, text: own.slice(0, 30) });
    }
    const hits: string[] = [];
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i]!;
        const b = boxes[j]!;
        if (a.el.contains(b.el) || b.el.contains(a.el)) continue;
        const x = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
        const y = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
        // Line boxes of CJK text are taller than its line height: a few pixels is not an overlap.
        if (x > 2 && y > Math.max(2, 0.3 * Math.min(a.r.height, b.r.height)))
          hits.push(`"${a.text}" × "${b.text}"`);
      }
    return hits.slice(0, 5);
  }, scope);
  expect(overlaps, `overlapping text on ${where}`).toEqual([]);
}

/** Dates and amounts in the page's language, not the US way ("Mar 2, 2027", "$1,234.56", "12.50 €"). */
export async function expectLocalFormats(page: Page, locale: 'de-DE' | 'zh-CN', where: string) {
  const text = await page.locator('body').innerText();
  const us =
    text.match(/\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{1,2}, \d{4}\b|\$\s?\d|US\$/g) ?? [];
  const wrongDecimal =
    locale === 'de-DE'
      ? (text.match(/\d\.\d\d[ \u00a0]?€|€[ \u00a0]?\d/g) ?? [])
      : (text.match(/\d,\d\d\s?¥|\d+\/\d+\/\d{4}/g) ?? []);
  expect([...us, ...wrongDecimal], `US formats on ${where}`).toEqual([]);
}
