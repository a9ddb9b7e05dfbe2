import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Where Chromium (or Chrome) usually is; `CHROMIUM_PATH` comes first. */
const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/**
 * The Chromium to drive. Nothing downloads a browser on this project's machines
 * (`npx playwright install` cannot reach its servers), so the system's is used.
 */
export function findChromium(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new Error(`CHROMIUM_PATH is ${fromEnv}, which does not exist`);
  }
  const found = CANDIDATES.find((path) => existsSync(path));
  if (found) return found;
  throw new Error(
    `No Chromium found (looked at ${CANDIDATES.join(', ')}). Install one with ` +
      '"apt-get update && apt-get install -y chromium", or set CHROMIUM_PATH to a Chromium or Chrome binary.',
  );
}

/** Flags that let headless Chromium run in a container and keep it off the network. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** A headless Chromium driven by playwright-core; close it when done. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
}
