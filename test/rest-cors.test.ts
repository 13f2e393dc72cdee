/**
 * CORS with a REST API, end to end short of Docker: a REST API's Lambda proxy
 * integration answers preflights itself but leaves Access-Control-Allow-Origin
 * on every other response to the function. The generated 1.0 handler, built
 * against the real aws-lambda-go, runs under the real RIE with the environment
 * the generated compose file gives the function's service, behind the emulator
 * configured as the compose file configures it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { emulator } from '../emulator/test/start-emulator.ts';
import { parseCloudFormation } from './support/checks.ts';
import { generate } from './support/generate.ts';
import { generatedHandlerBinary } from './support/go-programs.ts';
import { startRie } from './support/rie.ts';

interface Compose {
  readonly services: { readonly demo: { readonly environment: Record<string, string> }; readonly api: { readonly environment: Record<string, string> } };
}

/** The function's service's environment as compose gives it from a shell that sets none of it: each `${NAME:-default}` its default, `$$` a `$`. */
const resolved = (environment: Record<string, string>) =>
  Object.fromEntries(Object.entries(environment).map(([name, value]) => [name, value.replace(/\$\{[A-Z_][A-Z0-9_]*:-([^}]*)\}/g, '$1').replaceAll('$$', '$')]));

/** The repo's compose file, and the stack it describes: RIE with the function's service's variables, the emulator with the api service's CORS and the function's routes. */
async function stackOf(options: Record<string, string>) {
  const repo = await generate(options);
  const compose = parseYaml(repo.read('localdev/docker-compose.yml')) as Compose;
  const { demo: lambda, api } = compose.services;
  const rie = await startRie([generatedHandlerBinary('1.0')], { env: resolved(lambda.environment) });
  const gateway = await emulator([rie.origin], { payloadVersion: '1.0', cors: api.environment.CORS === 'on', routes: (api.environment.DEMO_ROUTES ?? '').split(',') });
  return { repo, lambda, gateway };
}

describe('CORS with a REST API (payload 1.0)', () => {
  it('with --cors on, the generated handler adds Access-Control-Allow-Origin to its responses, and template.yaml gives it the same', async () => {
    const { repo, gateway } = await stackOf({ payload: '1.0', cors: 'on', routes: 'GET /users/{id},POST /users' });
    const response = await fetch(`${gateway.base}/users/42?x=1`, { headers: { origin: 'http://app.test' } });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
    assert.equal(((await response.json()) as { path: string }).path, '/users/42', "the generated handler's answer");
    // The preflight is API Gateway's (the emulator's mock), not the function's.
    const preflight = await fetch(`${gateway.base}/users`, { method: 'OPTIONS', headers: { origin: 'http://app.test', 'access-control-request-method': 'POST' } });
    assert.equal(preflight.headers.get('access-control-allow-origin'), '*');

    // In AWS, the function reads the same setting from template.yaml.
    const template = parseCloudFormation(repo.read('template.yaml')) as { Resources: { DemoFunction: { Properties: { Environment?: { Variables: Record<string, string> } } } } };
    const local = (parseYaml(repo.read('localdev/docker-compose.yml')) as Compose).services.demo.environment;
    const corsVariables = Object.entries(local).filter(([name]) => name.startsWith('CORS_'));
    assert.ok(corsVariables.length > 0, 'compose gives the function its CORS origin');
    for (const [name, value] of corsVariables) assert.equal(template.Resources.DemoFunction.Properties.Environment?.Variables[name], value, `${name} in template.yaml`);
  });

  it('with --cors off, the handler adds no CORS header', async () => {
    const { gateway } = await stackOf({ payload: '1.0', cors: 'off' });
    const response = await fetch(`${gateway.base}/anything`, { headers: { origin: 'http://app.test' } });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), null);
  });

  it('with an HTTP API (payload 2.0) the function needs nothing: compose gives it no CORS variable', async () => {
    const repo = await generate({ payload: '2.0', cors: 'on' });
    const { demo: lambda } = (parseYaml(repo.read('localdev/docker-compose.yml')) as Compose).services;
    assert.deepEqual(Object.keys(lambda.environment).filter((name) => name.startsWith('CORS')), []);
  });
});
