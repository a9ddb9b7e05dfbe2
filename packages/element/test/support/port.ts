/**
 * The port Vitest serves the browser tests' pages from. Fixed (strictPort), because the
 * companion server the tests talk to allows exactly that origin; `FLEX_BROWSER_TEST_PORT`
 * moves it when two runs share a machine.
 */
export const BROWSER_TEST_PORT = Number(process.env.FLEX_BROWSER_TEST_PORT ?? 63315);
