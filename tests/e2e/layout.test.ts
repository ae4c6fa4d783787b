// Acceptance: the layout renders in both themes and both languages, on a desktop and a phone.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { cleanup, Client, startServer, tempDir, type TestServer } from '../helpers/server.js';
import { launchBrowser, signIn, VIEWPORTS, watchErrors } from './browser.js';

const LOCALES = [
  { id: 'zh-CN', nav: '我的', signOut: '退出' },
  { id: 'en', nav: 'Self-service', signOut: 'Sign out' },
] as const;
const THEMES = ['default', 'dark'] as const;

describe('layout in every theme, language and screen size', () => {
  let server: TestServer;
  let browser: Browser;
  const dataDir = tempDir();
  // Set HR_E2E_SHOTS=<folder> to keep the screenshots for a look.
  const shots = process.env.HR_E2E_SHOTS ?? join(dataDir, 'screenshots');

  beforeAll(async () => {
    server = await startServer({ dataDir });
    await new Client(server.url).setup({ login: 'admin', password: 'correct-horse-9', name: '王小明' }, { demo: 'on' });
    browser = await launchBrowser();
    mkdirSync(shots, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    cleanup(dataDir);
  });

  for (const [size, viewport] of Object.entries(VIEWPORTS)) {
    it(`renders on a ${size} (${viewport.width}px)`, async () => {
      const context = await browser.newContext({ viewport });
      const page = await signIn(context, server.url, 'admin', 'correct-horse-9');
      const errors = watchErrors(page);
      const backgrounds = new Set<string>();

      for (const theme of THEMES) {
        for (const locale of LOCALES) {
          // Switch through the real preferences form (it submits itself on change).
          await page.goto(`${server.url}/notices`);
          const account = page.locator('details.account');
          await account.locator('summary').click();
          await Promise.all([page.waitForLoadState('load'), page.selectOption('#pref-locale', locale.id)]);
          await page.locator('details.account summary').click();
          await Promise.all([page.waitForLoadState('load'), page.selectOption('#pref-theme', theme)]);
          await page.waitForFunction(([l, t]) => document.documentElement.lang === l && document.documentElement.dataset.theme === t, [locale.id, theme]);

          const where = `${theme}/${locale.id}/${size}`;
          expect(await page.getAttribute('html', 'lang'), where).toBe(locale.id);
          expect(await page.getAttribute('html', 'data-theme'), where).toBe(theme);
          // The page kept its place and shows the notices from the demo company.
          expect(new URL(page.url()).pathname, where).toBe('/notices');
          expect(await page.locator('main').innerText(), where).not.toHaveLength(0);
          const nav = size === 'phone' ? page.locator('details.menu-mobile') : page.locator('aside.sidebar');
          if (size === 'phone') {
            expect(await page.locator('aside.sidebar').isVisible(), where).toBe(false);
            await nav.locator('summary').click();
          }
          expect((await nav.locator('.nav-title').first().textContent())?.trim(), where).toBe(locale.nav);
          expect(await nav.locator('a[href="/notices"]').getAttribute('aria-current'), where).toBe('page');
          // Nothing spills sideways on a phone.
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          expect(overflow, where).toBeLessThanOrEqual(0);
          backgrounds.add(await page.evaluate(() => getComputedStyle(document.body).backgroundColor));
          await page.screenshot({ path: join(shots, `${where.replaceAll('/', '-')}.png`), fullPage: true });
        }
      }
      expect(backgrounds.size, 'the two themes look different').toBe(2);
      expect(errors, 'no console errors or CSP violations').toEqual([]);
      await context.close();
    });
  }
});
