// A fault-injecting HTTP proxy for the delivery tests. It stands between the
// browser and the real collector and passes every request through unchanged,
// except those its `fault(request)` rule picks:
//   {status, headers?, body?}  answered by the proxy; the collector never sees
//                              the request (a gateway error, a crash before
//                              anything was stored)
//   {holdMs}                   forwarded (so the collector stores the report),
//                              then the collector's answer is held back that
//                              long, past the widget's timeout
// Answers it makes up carry the CORS headers a gateway in front of the
// collector would add, so the page reads the status instead of a network
// error. Every request is recorded.

import http from 'node:http';

const readBody = (req) =>
  new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

function corsHeaders(req) {
  const origin = req.headers.origin;
  return origin ? { 'Access-Control-Allow-Origin': origin, 'Access-Control-Expose-Headers': 'Retry-After', Vary: 'Origin' } : {};
}

/**
 * @param {{target: string}} options the collector's origin (http://127.0.0.1:PORT)
 * @returns {Promise<FaultProxy>} with origin, endpoint, requests, posts(), fault (settable), close()
 */
export async function startFaultProxy({ target }) {
  const upstream = new URL(target);
  const proxy = {
    /** (request) => fault or null; request = {method, path, contentType, idempotencyKey, id, n} */
    fault: () => null,
    /**
     * Every request: {method, path, contentType, idempotencyKey, id (the body's report id),
     * fault, status (what the browser got, or 'held'), answer and answerHeaders (the collector's)}.
     */
    requests: [],
    posts: () => proxy.requests.filter((r) => r.method === 'POST'),
  };
  const sockets = new Set();

  const server = http.createServer(async (req, res) => {
    const body = await readBody(req).catch(() => Buffer.alloc(0));
    let id = null;
    try {
      const text = body.toString('utf8');
      const json = req.headers['content-type']?.startsWith('application/x-www-form-urlencoded')
        ? JSON.parse(new URLSearchParams(text).get('report'))
        : JSON.parse(text);
      id = typeof json?.id === 'string' ? json.id : null;
    } catch {} // not a report: recorded without an id
    const record = {
      method: req.method,
      path: req.url,
      contentType: req.headers['content-type'] || '',
      idempotencyKey: req.headers['idempotency-key'] || null,
      cookie: req.headers.cookie || null,
      id,
      at: Date.now(),
    };
    record.n = proxy.requests.filter((r) => r.method === req.method).length + 1;
    proxy.requests.push(record);
    const fault = proxy.fault(record) || null;
    record.fault = fault;

    if (fault && fault.status) {
      record.status = fault.status;
      res.writeHead(fault.status, { 'Content-Type': 'application/json', ...corsHeaders(req), ...(fault.headers || {}) });
      res.end(JSON.stringify(fault.body ?? { ok: false, errors: [] }));
      return;
    }
    const forwarded = http.request(
      // Host names the collector, as a reverse proxy's default is: the
      // collector answers only its own names (DNS rebinding).
      { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: { ...req.headers, host: upstream.host } },
      async (up) => {
        const answer = await readBody(up).catch(() => Buffer.alloc(0));
        record.answerHeaders = up.headers;
        try {
          record.answer = JSON.parse(answer.toString('utf8'));
        } catch {}
        const reply = () => {
          if (res.destroyed) return;
          record.status = up.statusCode;
          res.writeHead(up.statusCode, up.headers);
          res.end(answer);
        };
        if (fault && fault.holdMs) {
          record.status = 'held';
          setTimeout(reply, fault.holdMs).unref();
        } else reply();
      },
    );
    forwarded.on('error', () => {
      record.status = 502;
      if (!res.headersSent) res.writeHead(502, corsHeaders(req)).end();
    });
    forwarded.end(body);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.origin = `http://127.0.0.1:${server.address().port}`;
  proxy.endpoint = `${proxy.origin}/api/reports`;
  proxy.close = () =>
    new Promise((resolve) => {
      for (const socket of sockets) socket.destroy(); // held answers included
      server.close(() => resolve());
    });
  return proxy;
}
