/**
 * One API in front of several functions, each with its own RIE (the real one,
 * which exits with status 2 on an overlap) running the probe function: each
 * route reaches its own function, each RIE runs one invocation at a time, one
 * function's failure stays its own, and a hold can hold one function alone.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { describe, it } from 'node:test';
import { controlPaths } from '../src/contract.ts';
import { probeInvocations, startProbe } from '../../test/support/rie.ts';
import { controlHeaders, emulatorOf } from './start-emulator.ts';

/** A control request as `make` sends it. */
function control(base: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const sent = request(`${base}${path}`, { method: 'POST', headers: controlHeaders, agent: false }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    sent.on('error', reject);
    sent.end();
  });
}

/** The path the probe saw, from its summary of the event. */
const pathSeen = async (response: Response) => ((await response.json()) as { path: string }).path;

async function twoFunctions(log: (line: string) => void = () => {}) {
  const [orders, billing] = await Promise.all([startProbe(), startProbe()]);
  const api = await emulatorOf(
    [
      { name: 'orders', routes: ['GET /orders/{id}', 'POST /orders', 'GET /__error', 'GET /__slow'], upstreams: [orders.origin] },
      { name: 'billing', routes: ['ANY /{proxy+}', 'GET /invoices/{id}'], upstreams: [billing.origin] },
    ],
    {},
    log,
  );
  return { api, orders, billing };
}

describe('one API, several functions', { timeout: 60_000 }, () => {
  it('sends each route to its own function, and names the function in the log', async () => {
    const lines: string[] = [];
    const { api, orders, billing } = await twoFunctions((line) => lines.push(line));
    assert.equal(await pathSeen(await fetch(`${api.base}/orders/7`)), '/orders/7');
    assert.equal(await pathSeen(await fetch(`${api.base}/invoices/3`)), '/invoices/3');
    // GET /orders/{id} is orders'; other methods on that path fall to billing's greedy route.
    assert.equal(await pathSeen(await fetch(`${api.base}/orders/7`, { method: 'DELETE' })), '/orders/7');
    assert.equal(await probeInvocations(orders), 1);
    assert.equal(await probeInvocations(billing), 2);
    assert.match(orders.log(), /path="\/orders\/7"/);
    assert.doesNotMatch(orders.log(), /invoices/);
    assert.ok(lines.some((line) => /^GET \/orders\/7 200 [\d.]+ms id=\S+ fn=orders$/.test(line)), lines.join('\n'));
    assert.ok(lines.some((line) => /^DELETE \/orders\/7 200 [\d.]+ms id=\S+ fn=billing$/.test(line)), lines.join('\n'));
  });

  it('never overlaps either RIE in a burst across both', async () => {
    const { api, orders, billing } = await twoFunctions();
    const paths = Array.from({ length: 120 }, (_, index) => (index % 2 === 0 ? `/orders/${index}` : `/invoices/${index}`));
    const responses = await Promise.all(paths.map((path) => fetch(`${api.base}${path}`)));
    assert.deepEqual(responses.map((response) => response.status), Array(120).fill(200));
    assert.deepEqual(await Promise.all(responses.map(pathSeen)), paths);
    assert.equal(orders.exitStatus(), undefined, "orders' RIE never saw two invocations at once");
    assert.equal(billing.exitStatus(), undefined, "billing's RIE never saw two invocations at once");
    assert.equal(await probeInvocations(orders), 60);
    assert.equal(await probeInvocations(billing), 60);
  });

  it("maps one function's error to the API type's error while the other keeps answering", async () => {
    const { api, billing } = await twoFunctions();
    const [failed, ...others] = await Promise.all([fetch(`${api.base}/__error`), ...Array.from({ length: 5 }, (_, index) => fetch(`${api.base}/invoices/${index}`))]);
    assert.equal(failed?.status, 502);
    assert.deepEqual(await failed?.json(), { message: 'Internal server error' });
    assert.deepEqual(others.map((response) => response.status), Array(5).fill(200));
    assert.equal(await probeInvocations(billing), 5);
  });

  it('holds one function alone when the hold names it: the other answers meanwhile', async () => {
    const { api, orders } = await twoFunctions();
    assert.deepEqual(await control(api.base, `${controlPaths.hold}?functions=nope`), {
      status: 400,
      body: `${JSON.stringify({ message: 'functions: "nope" is not allowed; expected names among orders, billing' })}\n`,
    });
    assert.equal((await control(api.base, `${controlPaths.hold}?functions=orders`)).status, 200);
    let ordersAnswered = false;
    const held = fetch(`${api.base}/orders/1`).then((response) => {
      ordersAnswered = true;
      return response;
    });
    // billing is not held: it answers while orders' request waits.
    assert.equal((await fetch(`${api.base}/invoices/1`)).status, 200);
    assert.equal(ordersAnswered, false, "orders' request waits for the release");
    assert.equal(await probeInvocations(orders), 0);
    // Nothing restarted orders' RIE here, so the release says so; it watched orders' one RIE, not billing's.
    const release = await control(api.base, controlPaths.release);
    assert.equal(release.status, 503);
    assert.match(release.body, /released, but 1 RIE\(s\) did not exit within 2000 ms/);
    assert.equal((await held).status, 200);
    assert.equal(await probeInvocations(orders), 1);
  });

  it('leaves out an address another function sends to, when two names resolve to one RIE', async () => {
    const rie = await startProbe();
    const lines: string[] = [];
    const port = new URL(rie.origin).port;
    const api = await emulatorOf(
      [
        { name: 'orders', routes: ['GET /orders/{id}'], upstreams: [`http://127.0.0.1:${port}`] },
        // localhost is 127.0.0.1 too: the same RIE under another name, which config.ts cannot see.
        { name: 'billing', routes: ['GET /invoices/{id}'], upstreams: [`http://localhost:${port}`] },
      ],
      {},
      (line) => lines.push(line),
    );
    assert.ok(lines.some((line) => line.startsWith(`upstreams: billing: left out http://127.0.0.1:${port}, which another function sends to`)), lines.join('\n'));
    const paths = Array.from({ length: 40 }, (_, index) => (index % 2 === 0 ? `/orders/${index}` : `/invoices/${index}`));
    await Promise.all(paths.map((path) => fetch(`${api.base}${path}`)));
    assert.equal(rie.exitStatus(), undefined, 'the one RIE never saw two invocations at once');
  });
});
