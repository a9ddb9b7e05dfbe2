/**
 * Fixed page ports of the embedding projects' Vitest browser runs (strictPort), because the
 * companion server they talk to allows exactly those origins. Each moves with its variable
 * when two runs share a machine; none is the element's own (FLEX_BROWSER_TEST_PORT, 63315).
 */
export const EMBED_TEST_PORT = Number(process.env.FLEX_EMBED_TEST_PORT ?? 63316);
export const REACT18_TEST_PORT = Number(process.env.FLEX_REACT18_TEST_PORT ?? 63317);
export const STORYBOOK_TEST_PORT = Number(process.env.FLEX_STORYBOOK_TEST_PORT ?? 63318);
