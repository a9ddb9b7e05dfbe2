/**
 * `@flex-checkout/protocol/request-body`: how the companion server, the sandbox and the demo
 * store read a request body they may refuse as too large (a 413), and tell a client that hung
 * up mid-body from a failure. Web streams only, no zod and no HTTP framework, so each
 * process's own middleware decides what the refusal says and how the abort is logged.
 */

/**
 * The body's bytes when it is at most `maxSize`; otherwise reads on to its end (`drained`)
 * or until `drainLimit` bytes, keeping nothing past `maxSize`. Draining matters: answering
 * while the client is still sending leaves the connection half-read, and a keep-alive client
 * would send its next request into the rest of the body and get a reset.
 */
export async function readWithin(
  body: ReadableStream<Uint8Array>,
  maxSize: number,
  drainLimit: number,
): Promise<{ bytes: Uint8Array<ArrayBuffer>; drained: true } | { bytes: null; drained: boolean }> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size <= maxSize) chunks.push(value);
    else if (size > drainLimit) {
      void reader.cancel().catch(() => {});
      return { bytes: null, drained: false };
    }
  }
  if (size > maxSize) return { bytes: null, drained: true };
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return { bytes, drained: true };
}

/**
 * Whether a request failed because its client went away: the connection closed while the
 * body was still arriving (a cancelled upload, a closed tab, a request timeout). That is no
 * fault of the server's, so it is logged as what it is ("client aborted", at info) rather
 * than as an unhandled error.
 */
export function isClientAbort(error: unknown, request?: Request): boolean {
  if (request?.signal.aborted) return true;
  // Node's IncomingMessage fails a body read with Error('aborted') (code ECONNRESET). Narrow
  // on purpose: an upstream that resets is a failure of ours to report, not a client abort.
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return (code === 'ECONNRESET' && message === 'aborted') || code === 'ERR_STREAM_PREMATURE_CLOSE';
}
