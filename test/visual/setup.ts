import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Storybook built for the screenshots: under test-results/ (gitignored), rebuilt each run. */
export const STATIC_DIR = `${ROOT}test-results/visual/storybook-static`;

/**
 * Before the visual review: a fresh static Storybook build (offline, a few seconds), and
 * whether this run writes the baselines (`npm run test:visual -- --update`, i.e. vitest -u)
 * instead of comparing with them.
 */
export default function setup(project: TestProject) {
  rmSync(STATIC_DIR, { recursive: true, force: true });
  mkdirSync(STATIC_DIR, { recursive: true });
  execFileSync(`${ROOT}node_modules/.bin/storybook`, ['build', '--quiet', '--disable-telemetry', '-o', STATIC_DIR], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, STORYBOOK_DISABLE_TELEMETRY: '1' },
  });
  project.provide('storybookStatic', STATIC_DIR);
  project.provide('updateBaselines', project.config.snapshotOptions.updateSnapshot === 'all');
}

declare module 'vitest' {
  export interface ProvidedContext {
    storybookStatic: string;
    updateBaselines: boolean;
  }
}
