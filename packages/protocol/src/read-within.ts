/**
 * `@flex-checkout/protocol/read-within`: how the companion server, the sandbox and the demo
 * store read a request body they may refuse as too large (a 413). Web streams only, no zod
 * and no HTTP framework, so each process's own middleware decides what the refusal says.
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
