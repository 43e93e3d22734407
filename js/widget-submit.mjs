// From a valid report to the site: the site's hooks, then the transport.
//   onSubmit(report)  -> false cancels
//   transform(report) -> the body to send (undefined keeps the report)
//   send(body)        -> replaces the transport; a thrown error or `false` is
//                        a failure, a {status} object is used as is, a Response
//                        counts by its .ok, anything else means delivered
//   onSuccess(body, response) / onError(error) after the outcome
// A hook that throws never escapes into the page: it becomes a failure.

function logHook(name, err) {
  console.error(`[Erratum] The ${name} hook failed:`, err);
}

function fromSendResult(value) {
  if (value && typeof value === 'object' && typeof value.status === 'string') return value;
  if (value === false) return { status: 'failed', reason: 'hook' };
  if (typeof Response !== 'undefined' && value instanceof Response) {
    return value.ok ? { status: 'delivered', response: value } : { status: 'failed', reason: 'http', httpStatus: value.status };
  }
  return { status: 'delivered', response: value };
}

/**
 * @param {object} report the composed report
 * @param {{hooks: object, transport: {send: (body: unknown, meta: {id: string}) => Promise<object>}}} deps
 * @returns {Promise<{status: 'delivered'|'rejected'|'failed'|'cancelled', body?: object}>}
 */
export async function deliver(report, { hooks, transport }) {
  let body = report;
  let result;
  try {
    if (hooks.onSubmit && (await hooks.onSubmit(report)) === false) return { status: 'cancelled' };
    if (hooks.transform) {
      const transformed = await hooks.transform(report);
      if (transformed !== undefined) body = transformed;
    }
  } catch (err) {
    logHook('onSubmit/transform', err);
    result = { status: 'failed', reason: 'hook', error: err };
  }
  if (!result) {
    try {
      result = hooks.send ? fromSendResult(await hooks.send(body)) : await transport.send(body, { id: report.id });
    } catch (err) {
      logHook('send', err);
      result = { status: 'failed', reason: 'hook', error: err };
    }
  }
  try {
    if (result.status === 'delivered') await hooks.onSuccess?.(body, result.response);
    else await hooks.onError?.({ ...result, report: body });
  } catch (err) {
    logHook(result.status === 'delivered' ? 'onSuccess' : 'onError', err);
  }
  return { ...result, body };
}
