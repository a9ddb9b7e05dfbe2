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
