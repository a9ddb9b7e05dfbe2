/**
 * What the sandbox adds to Flex's API, named once for the sandbox (which offers it) and the
 * companion server (which looks for it).
 *
 * Flex has no browser API: its sessions are paid on the hosted page at `redirect_url`. The
 * sandbox's default profile also offers one (`/v1/client/*`, confirmation tokens, a card
 * frame), which the in-page checkout needs. It says so on every `/v1` answer with this header;
 * Flex sends no such header, so a server that reads it knows which checkout can run.
 *
 * The header's value is a comma-separated list of extension names (`browser, idempotency`);
 * a reader splits it on commas and ignores names it does not know.
 */
export const EXTENSIONS_HEADER = 'flex-sandbox-extensions';
/** The extension name when the browser API is offered. */
export const BROWSER_EXTENSION = 'browser';
/**
 * The extension name when `Idempotency-Key` is honoured: the same key with the same request
 * answers the first answer again instead of doing it twice (for 24 hours), and with another
 * request 409 `idempotency_error`. Flex's documentation describes no idempotency at all, so a
 * client may repeat a write after a lost answer only against an upstream that says this.
 */
export const IDEMPOTENCY_EXTENSION = 'idempotency';

/** Whether an answer's headers name the extension in `flex-sandbox-extensions`. */
export function offersExtension(headers: Headers, extension: string): boolean {
  const value = headers.get(EXTENSIONS_HEADER);
  if (!value) return false;
  return value.split(',').some((name) => name.trim().toLowerCase() === extension);
}
