import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { readConfig } from '../src/config.ts';
import { scratchDir } from '../../test/support/scratch.ts';

describe('the emulator settings', () => {
  it("defaults the integration time-out to the API type's: 29 s for REST, 30 s for HTTP", () => {
    assert.equal(readConfig({}).gatewayTimeoutMs, 29_000);
    assert.equal(readConfig({ PAYLOAD_VERSION: '2.0' }).gatewayTimeoutMs, 30_000);
    assert.equal(readConfig({ PAYLOAD_VERSION: '2.0', GATEWAY_TIMEOUT_MS: '500' }).gatewayTimeoutMs, 500);
  });

  it('reads routes with the generator\'s grammar, and names the one that is wrong', () => {
    assert.deepEqual(readConfig({ ROUTES: 'get /users/{id}, ANY /{proxy+}' }).functions[0]?.routes, [
      { method: 'GET', path: '/users/{id}' },
      { method: 'ANY', path: '/{proxy+}' },
    ]);
    assert.throws(() => readConfig({ ROUTES: 'GET /a,FETCH /b' }), {
      message: 'ROUTES: "GET /a,FETCH /b" is not allowed; expected route "FETCH /b" is not "METHOD /path/{param}" with METHOD one of ANY, GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, {name+} only as the last segment',
    });
    assert.throws(() => readConfig({ ROUTES: 'GET /a,get /a' }), { message: /route "get \/a" is listed twice/ });
    // The emulator's own prefix: a route there would never reach the function.
    assert.throws(() => readConfig({ ROUTES: 'GET /_lambda-local/x' }), { message: /route "GET \/_lambda-local\/x" is under \/_lambda-local\/, which the emulator keeps for its own endpoints/ });
  });

  it('turns the Lambda Invoke API on with INVOKE_PORT, a port of its own', () => {
    assert.equal(readConfig({}).invokePort, undefined, 'off when unset');
    assert.equal(readConfig({ INVOKE_PORT: '' }).invokePort, undefined);
    assert.equal(readConfig({ INVOKE_PORT: '3001' }).invokePort, 3001);
    assert.throws(() => readConfig({ INVOKE_PORT: '3000' }), { message: 'INVOKE_PORT: "3000" is not allowed; expected a port from 0 to 65535 other than PORT (3000)' });
    assert.throws(() => readConfig({ INVOKE_PORT: '70000' }), { message: 'INVOKE_PORT: "70000" is not allowed; expected a port from 0 to 65535 other than PORT (3000)' });
    assert.throws(() => readConfig({ INVOKE_PORT: 'lambda' }), { message: 'INVOKE_PORT: "lambda" is not allowed; expected a whole number' });
  });

  it('takes only http://host:port upstreams', () => {
    assert.deepEqual(readConfig({ LAMBDA_UPSTREAMS: 'http://lambda:8080, http://[::1]:9000' }).functions[0]?.upstreams.map(String), ['http://lambda:8080/', 'http://[::1]:9000/']);
    for (const wrong of ['lambda:8080', 'https://lambda:8080', 'http://lambda:8080/path']) {
      assert.throws(() => readConfig({ LAMBDA_UPSTREAMS: wrong }), { message: `LAMBDA_UPSTREAMS: ${JSON.stringify(wrong)} is not allowed; expected http://host:port, comma-separated` });
    }
    // A user name or password is refused without being repeated.
    for (const wrong of ['http://user@lambda:8080', 'http://user:pa/ss@lambda:8080']) {
      assert.throws(() => readConfig({ LAMBDA_UPSTREAMS: wrong }), { message: /^LAMBDA_UPSTREAMS: "http:\/\/…@lambda:8080" is not allowed( \(it holds a user name or password\))?; expected http:\/\/host:port, comma-separated$/ });
    }
  });

  it("reads the control token from its file, and refuses a missing or weak one without repeating it", () => {
    const dir = scratchDir('control-token');
    const file = path.join(dir, 'token');
    writeFileSync(file, 'a1b2c3d4e5f6a7b8c9d0\n', { mode: 0o600 });
    assert.equal(readConfig({ CONTROL_TOKEN_FILE: file }).controlToken, 'a1b2c3d4e5f6a7b8c9d0');
    assert.equal(readConfig({}).controlToken, undefined, 'without one, the control endpoints are off');
    assert.throws(() => readConfig({ CONTROL_TOKEN_FILE: path.join(dir, 'missing') }), { message: `CONTROL_TOKEN_FILE: "${path.join(dir, 'missing')}" is not allowed; expected a readable file (ENOENT)` });
    writeFileSync(file, 'short-secret\n');
    assert.throws(
      () => readConfig({ CONTROL_TOKEN_FILE: file }),
      (error: Error) => error.message === `CONTROL_TOKEN_FILE: "${file}" is not allowed; expected a file holding a token of at least 16 characters without white space` && !error.message.includes('short-secret'),
    );
  });

  it('gives an invocation the function time-out plus margins, for the answer and for a hold', () => {
    const config = readConfig({ FUNCTION_TIMEOUT_MS: '75000' });
    assert.equal(config.functions[0]?.answerWithinMs, 77_000);
    assert.equal(config.holdLeaseMs, 90_000, 'a 75 s function outlasts no hold: the lease is its time-out plus 15 s');
  });

  it('reads the functions FUNCTIONS lists, each with settings named after it', () => {
    const config = readConfig({
      FUNCTIONS: 'orders, billing-api',
      ORDERS_ROUTES: 'GET /orders/{id},POST /orders',
      ORDERS_UPSTREAMS: 'http://orders:8080',
      BILLING_API_ROUTES: 'ANY /{proxy+}',
      BILLING_API_UPSTREAMS: 'http://billing-api:8080',
      BILLING_API_TIMEOUT_MS: '90000',
      // The one function's settings mean nothing once FUNCTIONS is set.
      ROUTES: 'GET /ignored',
    });
    assert.deepEqual(
      config.functions.map(({ name, routes, upstreams, functionTimeoutMs, answerWithinMs }) => ({ name, routes: routes.map((route) => `${route.method} ${route.path}`), upstreams: upstreams.map(String), functionTimeoutMs, answerWithinMs })),
      [
        { name: 'orders', routes: ['GET /orders/{id}', 'POST /orders'], upstreams: ['http://orders:8080/'], functionTimeoutMs: 300_000, answerWithinMs: 302_000 },
        { name: 'billing-api', routes: ['ANY /{proxy+}'], upstreams: ['http://billing-api:8080/'], functionTimeoutMs: 90_000, answerWithinMs: 92_000 },
      ],
    );
    assert.equal(config.holdLeaseMs, 315_000, 'a hold outlasts the longest function time-out');
  });

  it('refuses function names, missing settings and shared routes, one line naming the setting', () => {
    const two = { ORDERS_ROUTES: 'GET /orders', ORDERS_UPSTREAMS: 'http://orders:8080', ADMIN_UPSTREAMS: 'http://admin:8080' };
    assert.throws(() => readConfig({ FUNCTIONS: 'orders,Admin' }), {
      message: 'FUNCTIONS: "orders,Admin" is not allowed; expected function names of lower-case letters, digits and inner hyphens, starting with a letter, at most 40 characters; "Admin" is not one',
    });
    assert.throws(() => readConfig({ FUNCTIONS: 'a_b' }), { message: /"a_b" is not one/ });
    assert.throws(() => readConfig({ FUNCTIONS: 'orders,orders', ...two }), { message: /expected each function once; orders is listed twice/ });
    assert.throws(() => readConfig({ FUNCTIONS: ' , ' }), { message: 'FUNCTIONS: " , " is not allowed; expected function names, comma-separated' });
    // A function without routes is one the Invoke API (or its schedule) reaches: no route of the API goes to it.
    const routeless = readConfig({ FUNCTIONS: 'orders,admin', ...two });
    assert.deepEqual(routeless.functions.map((fn) => [fn.name, fn.routes.length]), [['orders', 1], ['admin', 0]]);
    assert.throws(() => readConfig({ FUNCTIONS: 'orders', ORDERS_ROUTES: 'GET /orders' }), { message: `ORDERS_UPSTREAMS: "" is not allowed; expected the function orders's RIE URLs, as FUNCTIONS lists it` });
    assert.throws(() => readConfig({ FUNCTIONS: 'orders', ORDERS_ROUTES: 'GET /orders', ORDERS_UPSTREAMS: 'orders:8080' }), { message: 'ORDERS_UPSTREAMS: "orders:8080" is not allowed; expected http://host:port, comma-separated' });
    // One route, two functions: API Gateway has one integration per route, whatever its parameters are called.
    assert.throws(() => readConfig({ FUNCTIONS: 'orders,admin', ...two, ORDERS_ROUTES: 'GET /orders/{id}', ADMIN_ROUTES: 'get /orders/{orderId}' }), {
      message: 'ADMIN_ROUTES: "GET /orders/{orderId}" is not allowed; expected a route no other function claims; orders has GET /orders/{id}',
    });
    // One path variable named two ways across functions: API Gateway keeps one resource per path.
    assert.throws(() => readConfig({ FUNCTIONS: 'orders,admin', ...two, ORDERS_ROUTES: 'GET /o/{id}', ADMIN_ROUTES: 'POST /o/{oid}' }), {
      message: `ADMIN_ROUTES: "POST /o/{oid}" is not allowed; expected routes whose path variables agree with every function's; it is at odds with "GET /o/{id}": {oid} where it has {id}, and API Gateway takes one variable name at each place in a path`,
    });
    // One RIE, two functions: two queues in front of it would overlap.
    assert.throws(() => readConfig({ FUNCTIONS: 'orders,admin', ...two, ADMIN_ROUTES: 'GET /admin', ADMIN_UPSTREAMS: 'http://orders:8080' }), {
      message: 'ADMIN_UPSTREAMS: "http://orders:8080" is not allowed; expected RIEs no other function sends to; orders sends to http://orders:8080',
    });
    // A greedy route beside exact ones, and ANY beside a method, are API Gateway's ordinary precedence, not a clash.
    const precedence = readConfig({ FUNCTIONS: 'orders,admin', ...two, ORDERS_ROUTES: 'GET /orders,ANY /orders/{id}', ADMIN_ROUTES: 'ANY /{proxy+},ANY /orders,GET /orders/{id}' });
    assert.equal(precedence.functions.length, 2);
  });

  it('reads each function\'s schedule; a function on a schedule needs no routes', () => {
    const config = readConfig({
      FUNCTIONS: 'orders,nightly',
      ORDERS_ROUTES: 'GET /orders',
      ORDERS_UPSTREAMS: 'http://orders:8080',
      NIGHTLY_UPSTREAMS: 'http://nightly:8080',
      NIGHTLY_SCHEDULE: 'cron(0 2 * * ? *)',
    });
    assert.deepEqual(config.functions.map(({ name, routes, schedule }) => [name, routes.length, schedule?.expression]), [['orders', 1, undefined], ['nightly', 0, 'cron(0 2 * * ? *)']]);
    assert.equal(config.schedules, true, 'on unless SCHEDULES=off');
    assert.equal(config.region, 'us-east-1');
    // Without FUNCTIONS, the one function's schedule is LAMBDA_SCHEDULE, and it takes the default route only without one.
    assert.deepEqual(readConfig({ LAMBDA_SCHEDULE: 'rate(5 minutes)' }).functions.map(({ routes, schedule }) => [routes.length, schedule?.expression]), [[0, 'rate(5 minutes)']]);
    assert.equal(readConfig({ LAMBDA_SCHEDULE: 'rate(5 minutes)', ROUTES: 'GET /status' }).functions[0]?.routes.length, 1);
    assert.equal(readConfig({}).functions[0]?.schedule, undefined);
    assert.equal(readConfig({ SCHEDULES: 'off', AWS_REGION: 'eu-west-3' }).schedules, false);
    assert.equal(readConfig({ AWS_REGION: 'eu-west-3' }).region, 'eu-west-3');
  });

  it('refuses a bad schedule, SCHEDULES and AWS_REGION, one line naming the setting', () => {
    assert.throws(() => readConfig({ FUNCTIONS: 'nightly', NIGHTLY_UPSTREAMS: 'http://nightly:8080', NIGHTLY_SCHEDULE: 'rate(1 hours)' }), {
      message: /^NIGHTLY_SCHEDULE: "rate\(1 hours\)" is not allowed \(1 takes hour\); expected rate\(<n> minute\|minutes\|hour\|hours\|day\|days\)/,
    });
    assert.throws(() => readConfig({ LAMBDA_SCHEDULE: 'cron(0 2 * * * *)' }), { message: /^LAMBDA_SCHEDULE: "cron\(0 2 \* \* \* \*\)" is not allowed \(one of day-of-month and day-of-week must be "\?", the other not\)/ });
    assert.throws(() => readConfig({ SCHEDULES: 'false' }), { message: 'SCHEDULES: "false" is not allowed; expected on or off' });
    assert.throws(() => readConfig({ AWS_REGION: 'Frankfurt' }), { message: 'AWS_REGION: "Frankfurt" is not allowed; expected an AWS region such as us-east-1' });
  });

  it('stops at start-up on a bad schedule, with that one line and no stack trace', () => {
    const server = path.join(import.meta.dirname, '../src/server.ts');
    const result = spawnSync(process.execPath, [server], { env: { ...process.env, PORT: '0', LAMBDA_SCHEDULE: 'rate(5 minute)' }, encoding: 'utf8', timeout: 10_000 });
    assert.equal(result.status, 1);
    assert.match(result.stderr, /^api-gateway-emulator: LAMBDA_SCHEDULE: "rate\(5 minute\)" is not allowed \(5 takes minutes\); expected [^\n]+\n$/);
    assert.equal(result.stdout, '');
  });
});
