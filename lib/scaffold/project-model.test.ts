/**
 * The project model (project-model.ts): the schema-1 migration, the rules a
 * list of functions must keep to share one API and one `.env`, and the names
 * a function may take.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseStoredAnswer } from './collect-answers.ts';
import { storedFunctions } from './write-files.ts';
import {
  appAnswersOf,
  functionNameFor,
  functionNameProblem,
  migrateStored,
  parseStoredFunctions,
  routeConflict,
  samIdOf,
  variableConflict,
  type FunctionModel,
} from './project-model.ts';

const fn = (name: string, routes: string, extra: Partial<FunctionModel> = {}): FunctionModel => ({
  name,
  folder: `cmd/${name}`,
  trigger: 'http',
  routes,
  timeout: 30,
  memory: 128,
  variables: '',
  secrets: '',
  ...extra,
});

/** `.yo-rc.json` as 0.1.0 wrote it (test/fixtures/releases/, its snapshot), trimmed to what the migration reads. */
const schemaOne = {
  name: 'orders_api',
  module: 'example.com/orders',
  arch: 'x86_64',
  lambdaPort: 9000,
  apiPort: 3000,
  timeout: 20,
  memory: 256,
  payload: '1.0',
  routes: 'GET /orders/{id}',
  cors: 'off',
  variables: 'TABLE=orders',
  secrets: 'DB_PASSWORD',
  rieSource: 'pinned',
  pins: { source: 'test' },
  generatorVersion: '0.1.0',
  files: {},
};

describe('the project model', () => {
  it('reads a schema-1 repo as a project of its one function, at the root, with the logical id its stack has', () => {
    const migrated = migrateStored(schemaOne);
    assert.equal(migrated.schemaVersion, 2);
    assert.deepEqual(migrated.functions, [
      { name: 'orders-api', folder: '.', trigger: 'http', timeout: 20, memory: 256, routes: 'GET /orders/{id}', variables: 'TABLE=orders', secrets: 'DB_PASSWORD', samId: 'Function', service: 'lambda' },
    ]);
    for (const key of ['routes', 'timeout', 'memory', 'variables', 'secrets']) assert.equal(key in migrated, false, `${key} is the function's now`);
    assert.deepEqual({ name: migrated.name, pins: migrated.pins, generatorVersion: migrated.generatorVersion }, { name: 'orders_api', pins: { source: 'test' }, generatorVersion: '0.1.0' });
    // The app's answers read back the same either way.
    assert.deepEqual(appAnswersOf(migrated), appAnswersOf(schemaOne));
    assert.equal(appAnswersOf(schemaOne).memory, 256);
    const [only] = parseStoredFunctions(migrated.functions, parseStoredAnswer, () => '');
    assert.equal(only && samIdOf(only), 'Function');
  });

  it('gives a schema-1 file\'s function the defaults of the answers it lacks, as a run with --yes does', () => {
    assert.deepEqual(storedFunctions({ name: 'demo', pins: {} }), [
      { name: 'demo', folder: '.', trigger: 'http', timeout: 30, memory: 128, routes: 'ANY /{proxy+}', variables: '', secrets: '', samId: 'Function', service: 'lambda' },
    ]);
  });

  it('reads a file whose schemaVersion was deleted by its functions, not as schema 1 (which would drop them)', () => {
    const functions = [fn('a', 'GET /a'), fn('b', 'GET /b')];
    assert.deepEqual(migrateStored({ name: 'x', pins: {}, functions }).functions, functions);
  });

  it('refuses a schema newer than its own, naming the field and what to run', () => {
    assert.throws(() => migrateStored({ ...schemaOne, schemaVersion: 3 }), {
      message: '.yo-rc.json "schemaVersion": 3 is not allowed; expected 2 or older; a newer generator-lambda-local wrote this repo, so run that one (npx generator-lambda-local@latest)',
    });
  });

  it('gives a schema-1 project name that is no function name one that is', () => {
    assert.equal(functionNameFor('orders'), 'orders');
    assert.equal(functionNameFor('orders__api_'), 'orders-api');
    assert.equal(functionNameFor('1st'), 'fn-1st');
  });

  it('lets a greedy route and exact paths belong to different functions, as API Gateway does', () => {
    assert.equal(routeConflict([fn('site', 'ANY /{proxy+}'), fn('orders', 'GET /orders,GET /orders/{id}')]), undefined);
    assert.equal(routeConflict([fn('a', 'GET /orders'), fn('b', 'POST /orders')]), undefined);
  });

  it('refuses a route two functions claim, whatever its variables are called', () => {
    assert.equal(routeConflict([fn('a', 'GET /orders/{id}'), fn('b', 'GET /orders/{orderId}')]), "b's route GET /orders/{orderId} is a's already (GET /orders/{id}): a route belongs to one function");
    assert.match(routeConflict([fn('a', 'GET /orders/{id}'), fn('b', 'POST /orders/{orderId}/items')]) ?? '', /^b's route POST \/orders\/\{orderId\}\/items is /);
  });

  it('refuses one variable with two defaults, which one .env cannot give', () => {
    assert.equal(variableConflict([fn('a', 'GET /a', { variables: 'TABLE=x' }), fn('b', 'GET /b', { variables: 'TABLE=x,MODE=y' })]), undefined);
    assert.match(variableConflict([fn('a', 'GET /a', { variables: 'TABLE=x' }), fn('b', 'GET /b', { variables: 'TABLE=y' })])?.why ?? '', /^b's variable TABLE defaults to "y" and a's to "x"/);
  });

  it('names what is wrong with a new function name', () => {
    const functions = [fn('orders', 'GET /orders'), fn('a-b', 'GET /ab')];
    assert.equal(functionNameProblem('payments', functions), undefined);
    assert.match(functionNameProblem('Pay_ments', functions) ?? '', /^lower-case letters, digits and inner hyphens/);
    assert.match(functionNameProblem('api', functions) ?? '', /the API emulator's compose service/);
    assert.match(functionNameProblem('orders', functions) ?? '', /orders is one already/);
    assert.match(functionNameProblem('a--b', functions) ?? '', /template.yaml id \(ABFunction\) no other function has; a-b's is/);
    assert.equal(functionNameProblem('lambda', [fn('orders', 'GET /orders', { service: 'lambda' })]), 'a name other than lambda, the compose service of orders');
  });

  it('refuses a stored list with a name twice, or no function at all, naming the field', () => {
    assert.throws(() => parseStoredFunctions([fn('a', 'GET /a'), fn('a', 'GET /b')], parseStoredAnswer, () => ''), { message: /^\.yo-rc\.json "functions\[1\]\.name": "a" is not allowed; expected a name no other function of this repo has/ });
    assert.throws(() => parseStoredFunctions([], parseStoredAnswer, () => ''), { message: /^\.yo-rc\.json "functions": \[\] is not allowed; expected a list of one function or more/ });
    assert.throws(() => parseStoredFunctions([fn('a', 'GET /a', { memory: 5 })], parseStoredAnswer, () => ''), { message: /^\.yo-rc\.json "functions\[0\]\.memory": 5 is not allowed/ });
  });
});
