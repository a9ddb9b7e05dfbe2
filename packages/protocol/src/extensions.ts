/**
 * What the sandbox adds to Flex's API, named once for the sandbox (which offers it) and the
 * companion server (which looks for it).
 *
 * Flex has no browser API: its sessions are paid on the hosted page at `redirect_url`. The
 * sandbox's default profile also offers one (`/v1/client/*`, confirmation tokens, a card
 * frame), which the in-page checkout needs. It says so on every `/v1` answer with this header;
 * Flex sends no such header, so a server that reads it knows which checkout can run.
 */
export const EXTENSIONS_HEADER = 'flex-sandbox-extensions';
/** The header's value when the browser API is offered. */
export const BROWSER_EXTENSION = 'browser';
