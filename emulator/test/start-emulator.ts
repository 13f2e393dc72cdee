/** The emulator in this process, configured as a test needs; closed when the test file ends. */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after } from 'node:test';
import type { Config } from '../src/config.ts';
import { controlTokenHeader, functionSettingName, parseRouteKey, type RouteKey } from '../src/contract.ts';
import { parseSchedule, type Clock } from '../src/schedules.ts';
import { startEmulator, type Emulator } from '../src/server.ts';

const started: Emulator[] = [];
after(() => {
  for (const { server, invokeServer } of started) {
    for (const listener of [server, ...(invokeServer ? [invokeServer] : [])]) {
      listener.closeAllConnections();
      listener.close();
    }
  }
});

export interface TestEmulator extends Emulator {
  /** `http://127.0.0.1:port` */
  readonly base: string;
  readonly port: number;
  /** `http://127.0.0.1:port` of the Lambda Invoke API, when the test asked for it (invokePort: 0). */
  readonly invokeBase: string | undefined;
}

/** Route keys from their text; a test's own typo fails here, loudly. */
export function routeKeys(texts: readonly string[]): RouteKey[] {
  return texts.map((text) => parseRouteKey(text) ?? assert.fail(`${text} is not a route key`));
}

/** The control token the test emulators take; a control request must carry it, as `make` does. */
export const testControlToken = 'test-control-token-0123456789';
/** The headers of a control request as `make` sends it. */
export const controlHeaders = { [controlTokenHeader]: testControlToken };

/** A test's settings: the API's, and the one function's (routes as text, its time-outs). */
type Overrides = Omit<Partial<Config>, 'functions'> & {
  readonly routes?: readonly string[];
  readonly functionTimeoutMs?: number;
  readonly answerWithinMs?: number;
};

/** One function of a test API, its routes as text. */
export interface TestFunction {
  readonly name: string;
  readonly routes: readonly string[];
  readonly upstreams: readonly string[];
  readonly functionTimeoutMs?: number;
  /** An EventBridge rate() or cron() expression, as <NAME>_SCHEDULE gives it. */
  readonly schedule?: string;
}

/** The API's settings a test changes, and the clock its schedules fire by. */
type ApiOverrides = Omit<Partial<Config>, 'functions'> & { readonly clock?: Clock };

/** The emulator in front of one function, named `lambda` as readConfig names the one function. */
export function emulator(upstreams: readonly string[], overrides: Overrides = {}, log: (line: string) => void = () => {}): Promise<TestEmulator> {
  const { routes, functionTimeoutMs, answerWithinMs, ...api } = overrides;
  const fn = { name: 'lambda', routes: routes ?? ['ANY /{proxy+}', 'GET /'], upstreams, ...(functionTimeoutMs === undefined ? {} : { functionTimeoutMs }) };
  return emulatorOf([fn], api, log, answerWithinMs);
}

/** The emulator in front of several functions, one API. */
export async function emulatorOf(
  functions: readonly TestFunction[],
  { clock, ...overrides }: ApiOverrides = {},
  log: (line: string) => void = () => {},
  answerWithinMs?: number,
): Promise<TestEmulator> {
  const payloadVersion = overrides.payloadVersion ?? '1.0';
  const config: Config = {
    port: 0,
    invokePort: undefined,
    payloadVersion,
    stage: payloadVersion === '1.0' ? 'local' : '$default',
    gatewayTimeoutMs: 29_000,
    binaryMediaTypes: [],
    cors: false,
    queueLimit: 1000,
    upstreamRefreshMs: 60_000,
    controlToken: testControlToken,
    holdLeaseMs: 60_000,
    restartWaitMs: 10_000,
    schedules: true,
    region: 'us-east-1',
    ...overrides,
    functions: functions.map((fn) => {
      const timeoutMs = fn.functionTimeoutMs ?? 3_000;
      return {
        name: fn.name,
        routes: routeKeys(fn.routes),
        ...(fn.schedule === undefined ? {} : { schedule: parseSchedule(functionSettingName(fn.name, 'schedule'), fn.schedule) }),
        upstreams: fn.upstreams.map((url) => new URL(url)),
        functionTimeoutMs: timeoutMs,
        // RIE's answer is due by the function's time-out and its margin, as readConfig sets it.
        answerWithinMs: answerWithinMs ?? timeoutMs + 2_000,
      };
    }),
  };
  const running = await startEmulator(config, log, clock);
  started.push(running);
  const { port } = running.server.address() as AddressInfo;
  const invokeBase = running.invokeServer ? `http://127.0.0.1:${(running.invokeServer.address() as AddressInfo).port}` : undefined;
  return { ...running, base: `http://127.0.0.1:${port}`, port, invokeBase };
}
