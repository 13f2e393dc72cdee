/** The emulator in this process, configured as a test needs; closed when the test file ends. */
import type { AddressInfo } from 'node:net';
import { after } from 'node:test';
import type { Config } from '../src/config.ts';
import { startEmulator, type Emulator } from '../src/server.ts';

const started: Emulator[] = [];
after(() => {
  for (const { server } of started) {
    server.closeAllConnections();
    server.close();
  }
});

export interface TestEmulator extends Emulator {
  /** `http://127.0.0.1:port` */
  readonly base: string;
  readonly port: number;
}

export async function emulator(upstreams: readonly string[], overrides: Partial<Config> = {}, log: (line: string) => void = () => {}): Promise<TestEmulator> {
  const payloadVersion = overrides.payloadVersion ?? '1.0';
  const config: Config = {
    port: 0,
    upstreams: upstreams.map((url) => new URL(url)),
    payloadVersion,
    routes: ['ANY /{proxy+}', 'GET /'],
    stage: payloadVersion === '1.0' ? 'local' : '$default',
    gatewayTimeoutMs: 29_000,
    functionTimeoutMs: 3_000,
    binaryMediaTypes: [],
    cors: false,
    queueLimit: 1000,
    upstreamRefreshMs: 60_000,
    ...overrides,
  };
  const running = await startEmulator(config, log);
  started.push(running);
  const { port } = running.server.address() as AddressInfo;
  return { ...running, base: `http://127.0.0.1:${port}`, port };
}
