import { describe, expect, it } from 'vitest';
import { eventTypes } from '../src/modules/notifications/events.catalog.js';
import deDE from '../web/src/i18n/de-DE.js';
import enUS from '../web/src/i18n/en-US.js';
import frFR from '../web/src/i18n/fr-FR.js';
import zhCN from '../web/src/i18n/zh-CN.js';

/**
 * Settings › Email notifications lists the server's event catalog with one label per type: a
 * type the web does not know shows its raw i18n key (which also overflowed a phone's width).
 */
describe('email notification settings labels', () => {
  const catalogs = { 'en-US': enUS, 'fr-FR': frFR, 'de-DE': deDE, 'zh-CN': zhCN };
  for (const [locale, messages] of Object.entries(catalogs)) {
    it(`names every event type of the server in ${locale}`, () => {
      const labels = messages.notificationSettings.type as Record<string, string>;
      const missing = eventTypes.filter((type) => !labels[type]);
      expect(missing).toEqual([]);
    });
  }
});
