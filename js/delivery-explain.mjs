// The console's sentence for each mistake of the site's configuration that
// delivery-diagnosis.mjs finds: what failed, for which page, and the fix.
// For the site's developers, in English; loaded only when there is one to say.

function originOf(url) {
  try {
    return new URL(url).origin;
  } catch {
    return String(url);
  }
}

/** The console's sentence for a configuration failure: what failed, for which page, and the fix; '' for the others. */
export function explain(result, { endpoint, pageOrigin }) {
  switch (result?.reason) {
    case 'cors':
      return (
        `[Erratum] ${endpoint} refused this page's origin ${pageOrigin} (CORS): the browser did not send the report. ` +
        `Start the collector with --allow-origin ${pageOrigin}, or have your endpoint answer the CORS preflight ` +
        `(OPTIONS) for that origin. A wrong endpoint URL on another origin fails the same way: check it too.`
      );
    case 'not-found':
      return (
        `[Erratum] ${endpoint} answered 404 Not Found to the report from ${pageOrigin}: nothing takes reports at that URL. ` +
        `Set endpoint to the URL that does (the collector's is /api/reports).`
      );
    case 'method':
      return (
        `[Erratum] ${endpoint} answered 405 Method Not Allowed to the report from ${pageOrigin}: that URL does not take POST. ` +
        `Set endpoint to the URL that receives reports (the collector's is /api/reports).`
      );
    case 'mixed-content':
      return (
        `[Erratum] ${endpoint} is plain http: and this page ${pageOrigin} is https:, so the browser blocks the report ` +
        `as mixed content. Serve the endpoint over https: and set endpoint to its https: URL.`
      );
    case 'csp':
      return (
        `[Erratum] The Content-Security-Policy of this page ${pageOrigin} blocks ${endpoint} (${result.directive || 'connect-src'}). ` +
        `Add ${originOf(endpoint)} to its connect-src directive.`
      );
    default:
      return '';
  }
}
