import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A loopback port that nobody listens on (until a test starts a server there): bound once by the OS, then released. */
export async function refusedPort(): Promise<number> {
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
