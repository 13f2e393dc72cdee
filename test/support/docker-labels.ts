/**
 * What marks a Docker object as made by this test run. `npm test`
 * (scripts/run-tests.ts) removes what its run's tests leave on the engine, and
 * only that: the engine may hold a developer's own containers and images, or
 * another run's. So every `docker build`, `run` and `create` a test runs takes
 * `dockerLabelArgs`, every `docker import` takes `importLabelArgs` (import has
 * no --label), and every compose project a test starts is named with
 * `composeProjectPrefix`: Compose labels its containers with the project's name
 * and names the images it builds `<project>-<service>`.
 */
import { randomBytes } from 'node:crypto';

/** The environment variable run-tests hands its run's id to the tests in. */
export const testRunVariable = 'LAMBDA_LOCAL_TEST_RUN';
/** The label every Docker object a test makes carries, with the run's id as its value. */
export const testRunLabel = 'lambda-local.test-run';

// Short enough that a prefixed function name stays within its 64 characters.
const runId = /^[a-z0-9]{1,16}$/;

/** A new run id: lower-case hex, usable in a compose project name. */
export const newTestRun = () => randomBytes(4).toString('hex');

/** The prefix of the compose project names of run `run`: lower-case, as Compose requires. */
export const composeProjectPrefixOf = (run: string) => `lambda-local-test-${run}-`;

function currentRun(): string {
  const given = process.env[testRunVariable];
  // Run by hand (node --test a-file.ts), a process is a run of its own.
  if (given === undefined || given === '') return newTestRun();
  if (!runId.test(given)) throw new Error(`${testRunVariable}: "${given}" is not allowed; expected 1 to 16 lower-case letters and digits`);
  return given;
}

/** This run's id. */
export const testRun = currentRun();

/** For `docker build`, `docker run` and `docker create`. */
export const dockerLabelArgs: readonly string[] = ['--label', `${testRunLabel}=${testRun}`];

/** For `docker import`, which takes the label as a Dockerfile instruction. */
export const importLabelArgs: readonly string[] = ['--change', `LABEL ${testRunLabel}=${testRun}`];

/** What every compose project name a test uses starts with. */
export const composeProjectPrefix = composeProjectPrefixOf(testRun);

/** A compose project name (the generated repo's `name`, a function name) for this run. */
export const composeProject = (name: string) => `${composeProjectPrefix}${name}`;
