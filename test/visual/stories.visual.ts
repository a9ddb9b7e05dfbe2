import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser } from '../support/browser.js';
import { listen } from '../embed/support/flex.js';
import { comparePngs } from './compare.js';

/**
 * Visual review: every story × locale × theme of the built Storybook, screenshot in
 * Chromium and compared with the committed baselines (docs/screenshots/stories/). A
 * difference fails the test and keeps the actual picture, the baseline and the diff under
 * test-results/visual/. `npm run test:visual -- --update` rewrites the baselines, whose
 * review is then part of the change's diff.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BASELINES = join(ROOT, 'docs/screenshots/stories');
const RESULTS = join(ROOT, 'test-results/visual');
const LOCALES = ['en', 'es'] as const;
const THEMES = ['light', 'dark'] as const;
/** The screenshots' width: the middle of the toolbar's 320 / 768 / 1280. */
const WIDTH = 768;

const staticDir = inject('storybookStatic');
const update = inject('updateBaselines');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/** The static build, as any static host would serve it; the extensionless pages are HTML. */
function staticSite() {
  const app = new Hono();
  app.get('*', (c) => {
    const path = normalize(decodeURIComponent(new URL(c.req.url).pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = join(staticDir, path === '/' ? 'index.html' : path);
    if (!file.startsWith(staticDir) || !existsSync(file) || statSync(file).isDirectory()) return c.notFound();
    // Extensionless pages are HTML: the sandbox's (/sandbox/card-frame …) and the hosted stories' recorded pages (/pay/c/{id}).
    const html = file.includes('/sandbox/') || file.includes('/pay/c/');
    const type = TYPES[extname(file)] ?? (html ? 'text/html; charset=utf-8' : 'application/octet-stream');
    // Cached for the run: each screenshot opens a fresh page, and need not fetch Storybook again.
    return c.body(readFileSync(file), 200, { 'content-type': type, 'cache-control': 'max-age=3600' });
  });
  return app;
}

let site: { origin: string; close: () => Promise<void> };
let browser: Browser;
/**
 * Browser contexts for the story pages (each with its theme's colour scheme), one page open in
 * a context at a time, and reused afterwards so its mock service worker registers once. One at
 * a time because pages sharing a context share its mock service worker, which answers a
 * request from a frame (the sandbox's card frame) through the first visible page that runs the
 * mock: under concurrency another story's, whose handlers lack the card frame's route, so the
 * token request reached the static site ("The sandbox answered 404.", once in CI).
 */
const contexts: BrowserContext[] = [];
/** Per theme, the contexts with no page open. */
const idle = new Map<string, BrowserContext[]>();
const idleFor = (theme: string) => idle.get(theme) ?? idle.set(theme, []).get(theme)!;
async function borrowContext(theme: string): Promise<BrowserContext> {
  const free = idleFor(theme).pop();
  if (free) return free;
  const context = await browser.newContext({ viewport: { width: WIDTH, height: 600 }, colorScheme: theme as 'light' | 'dark', reducedMotion: 'reduce' });
  contexts.push(context);
  return context;
}
const returnContext = (theme: string, context: BrowserContext) => idleFor(theme).push(context);
/** Every story in the build, from Storybook's index. */
const stories: { id: string; name: string }[] = Object.values<any>(JSON.parse(readFileSync(join(staticDir, 'index.json'), 'utf8')).entries).filter(
  (entry) => entry.type === 'story',
);

beforeAll(async () => {
  site = await listen(staticSite());
  browser = await launchBrowser();
  mkdirSync(RESULTS, { recursive: true });
  mkdirSync(BASELINES, { recursive: true });
});
afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await site?.close();
});

const baselineName = (id: string, locale: string, theme: string) => `${id.replace(/^checkout-flex-checkout--/, '')}--${locale}-${theme}.png`;

it('the built Storybook has the stories', () => {
  expect(stories.length).toBeGreaterThanOrEqual(30);
});

// Concurrent: each shot mostly waits (page load, the story's network, its play function).
/**
 * The variants each story is shot in. `npm test` (and so CI) takes every story once, the four
 * locale × theme variants in turn (story i in variant i mod 4): every story and every variant
 * is reviewed, in a quarter of the time. `npm run test:visual` (FLEX_VISUAL=all) and `--update`
 * take all four of every story.
 */
const VARIANTS = LOCALES.flatMap((locale) => THEMES.map((theme) => ({ locale, theme })));
const everyVariant = update || process.env.FLEX_VISUAL === 'all';
const variantsOf = (index: number) => (everyVariant ? VARIANTS : [VARIANTS[index % VARIANTS.length]!]);

describe.concurrent('visual review of every story', () => {
  for (const [index, story] of stories.entries()) {
    for (const { locale, theme } of variantsOf(index)) {
      const name = baselineName(story.id, locale, theme);
      // A page load, the story's network and play function, and up to six captures: on a
      // loaded machine, more than 30 s. One retry: under load a story page now and then starts
      // before the mock service worker controls it, and its first request misses the
      // recordings; a real difference fails both attempts.
      it(`${story.name} (${locale}, ${theme})`, { timeout: 60_000, retry: 1 }, async () => {
        const context = await borrowContext(theme);
        const page = await context.newPage();
        try {
          const errors: string[] = [];
          page.on('pageerror', (e) => errors.push(e.message));
          // a11y.manual: axe already checks every story in the `storybook` project; here it would only cost time.
          await page.goto(`${site.origin}/iframe.html?id=${story.id}&viewMode=story&globals=locale:${locale};theme:${theme};width:${WIDTH};a11y.manual:!true`);
          // Storybook's own account of the story: rendered, played, checked.
          await page.waitForFunction(
            () => ['finished', 'errored', 'aborted'].includes((window as any).__STORYBOOK_PREVIEW__?.currentRender?.phase),
            undefined,
            { timeout: 30_000 },
          );
          const phase = await page.evaluate(() => (window as any).__STORYBOOK_PREVIEW__.currentRender.phase);
          expect(phase, `the story's play function (${errors.join('; ')})`).toBe('finished');
          await page.evaluate(() => document.fonts.ready);
          // The 3-D Secure challenge is a modal over the whole window: then the window is the picture.
          const modal = await page.locator('iframe[title="3D Secure authentication"]').count();
          if (modal) await page.setViewportSize({ width: WIDTH, height: 900 });
          const shoot = () =>
            modal
              ? page.screenshot({ animations: 'disabled', caret: 'hide' })
              : page.locator('.merchant-page').screenshot({ animations: 'disabled', caret: 'hide' });
          // As Playwright's toHaveScreenshot does: the picture counts once two in a row agree,
          // so a capture taken while the layout still settles (a resize, a late frame) is retaken.
          let actual = await shoot();
          for (let tries = 0; tries < 5; tries++) {
            const again = await shoot();
            if (again.equals(actual)) break;
            actual = again;
          }
          const baseline = join(BASELINES, name);
          if (update) return writeFileSync(baseline, actual);
          if (!existsSync(baseline)) {
            writeFileSync(join(RESULTS, name.replace(/\.png$/, '.actual.png')), actual);
            throw new Error(`no baseline ${baseline.replace(ROOT, '')}: run "npm run test:visual -- --update", look at the pictures, and commit them`);
          }
          const { problem, diff } = comparePngs(readFileSync(baseline), actual);
          if (problem) {
            const stem = join(RESULTS, name.replace(/\.png$/, ''));
            writeFileSync(`${stem}.actual.png`, actual);
            writeFileSync(`${stem}.expected.png`, readFileSync(baseline));
            if (diff) writeFileSync(`${stem}.diff.png`, diff);
            throw new Error(
              `${name} differs from its baseline: ${problem}. See ${stem.replace(ROOT, '')}.{actual,expected,diff}.png; if the change is meant, run "npm run test:visual -- --update" and commit the baselines.`,
            );
          }
        } finally {
          await page.close();
          returnContext(theme, context);
        }
      });
    }
  }
});

describe('baselines', () => {
  it('keeps no baseline for a story that no longer exists', () => {
    const wanted = new Set(stories.flatMap((s) => LOCALES.flatMap((l) => THEMES.map((t) => baselineName(s.id, l, t)))));
    const stale = readdirSync(BASELINES).filter((f) => f.endsWith('.png') && !wanted.has(f));
    if (update) for (const f of stale) rmSync(join(BASELINES, f));
    else expect(stale, 'baselines without a story (npm run test:visual -- --update removes them)').toEqual([]);
  });
});
