import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo, Server } from 'node:net';
import selfsigned from 'selfsigned';
import { afterEach } from 'vitest';

/**
 * Real servers on 127.0.0.1 for the health checks, closed after each test: healthy, hanging
 * (accepts, never answers), a status of choice with headers, and TLS with a self-signed
 * certificate made here (selfsigned: pure JavaScript, so no openssl binary is needed).
 */

export interface LoopbackServer {
  readonly port: number;
  readonly url: string;
  /** Requests received, as `METHOD path`. */
  readonly hits: string[];
}

const open: Server[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map(close));
});

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (server instanceof http.Server) server.closeAllConnections();
    server.close(() => resolve());
  });
}

/** Answers every request with `status` (and `headers`); `port` 0 picks a free one. */
export function answeringServer(status = 200, headers: http.OutgoingHttpHeaders = {}, port = 0): Promise<LoopbackServer> {
  return listen(http.createServer(), 'http', port, (req, res) => res.writeHead(status, headers).end(req.method === 'HEAD' ? undefined : 'ok'));
}

/** Accepts connections and requests and never answers: probes must time out. */
export function hangingServer(): Promise<LoopbackServer> {
  return listen(http.createServer(), 'http', 0, () => undefined);
}

/** HTTPS with a certificate nobody signed, for localhost and 127.0.0.1. */
export function selfSignedServer(): Promise<LoopbackServer> {
  const pems = selfsigned.generate([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048,
    algorithm: 'sha256',
    days: 1,
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }] }],
  });
  return listen(https.createServer({ key: pems.private, cert: pems.cert }), 'https', 0, (_req, res) => res.end('ok'));
}

/** Answers HEAD with 405, GET with 200: a GET-only health route. */
export function getOnlyServer(): Promise<LoopbackServer> {
  return listen(http.createServer(), 'http', 0, (req, res) => res.writeHead(req.method === 'HEAD' ? 405 : 200).end());
}

async function listen(
  server: http.Server | https.Server,
  scheme: 'http' | 'https',
  port: number,
  handler: (req: http.IncomingMessage, res: http.ServerResponse) => void,
): Promise<LoopbackServer> {
  const hits: string[] = [];
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    hits.push(`${req.method} ${req.url}`);
    handler(req, res);
  });
  // A probe that gives up on TLS leaves the server a reset socket: not the test's failure.
  server.on('tlsClientError', () => undefined);
  open.push(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const actual = (server.address() as AddressInfo).port;
  return { port: actual, url: `${scheme}://127.0.0.1:${actual}`, hits };
}
