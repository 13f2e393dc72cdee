/**
 * --cors on with a REST API gives the function CORS_ALLOW_ORIGIN, which the
 * generated handler reads. main.go is the owners': a repo whose main.go does
 * not read it is told so on the run that turns CORS on, and a variable of that
 * name an earlier version stored stays the owners' (theirs is passed, not
 * ours), rather than refusing every later run. Through the package's bin.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { runBin as run } from './support/bin.ts';
import { scratchDir } from './support/scratch.ts';


function generated(args: readonly string[]): string {
  const work = scratchDir('cors-rerun');
  const result = run(work, ['demo', '--yes', '--offline', '--payload', '1.0', ...args]);
  assert.equal(result.status, 0, result.stderr);
  return path.join(work, 'demo');
}

/** A handler written before the generated one read CORS_ALLOW_ORIGIN. */
const olderMainGo = `package main

import (
	"context"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

func main() {
	lambda.Start(func(context.Context, events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
		return events.APIGatewayProxyResponse{StatusCode: 200, Body: "{}"}, nil
	})
}
`;

const lambdaEnvironment = (demo: string) =>
  (parseYaml(readFileSync(path.join(demo, 'localdev/docker-compose.yml'), 'utf8')) as { services: { demo: { environment: Record<string, string> } } }).services.demo.environment;

describe('CORS for a REST API on a re-run', () => {
  it("says when the owners' main.go does not read the origin that --cors on now sets", () => {
    const demo = generated([]);
    writeFileSync(path.join(demo, 'cmd/demo/main.go'), olderMainGo);
    const result = run(demo, ['--yes', '--offline', '--cors', 'on']);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(lambdaEnvironment(demo).CORS_ALLOW_ORIGIN, '*');
    assert.match(result.stdout, /--cors on with a REST API: .*main\.go is yours.*it does not read CORS_ALLOW_ORIGIN/);
    assert.equal(readFileSync(path.join(demo, 'cmd/demo/main.go'), 'utf8'), olderMainGo, 'main.go stays as its owners left it');
    // Said once, on the run that turned it on: not on every run after it.
    const again = run(demo, ['--yes', '--offline', '--memory', '256']);
    assert.equal(again.status, 0, again.stderr);
    assert.doesNotMatch(again.stdout, /--cors on with a REST API/);
    // The generated handler reads it: nothing to say.
    const fresh = generated(['--cors', 'on']);
    assert.doesNotMatch(run(fresh, ['--yes', '--offline', '--memory', '256']).stdout, /--cors on with a REST API/);
  });

  it('keeps a CORS_ALLOW_ORIGIN variable an earlier version stored, passing it instead of the generated origin', () => {
    const demo = generated(['--variables', 'CORS_ALLOW_ORIGIN=localhost']);
    // As a version before --cors on set the variable would have stored it.
    const config = path.join(demo, '.yo-rc.json');
    const stored = JSON.parse(readFileSync(config, 'utf8')) as Record<string, Record<string, unknown>>;
    writeFileSync(config, JSON.stringify({ ...stored, 'generator-lambda-local': { ...stored['generator-lambda-local'], cors: 'on' } }, null, 2));
    const result = run(demo, ['--yes', '--offline']);
    assert.equal(result.status, 0, result.stderr);
    // The owners' variable, with its default, and not the generated '*' (YAML refuses a key twice).
    assert.equal(lambdaEnvironment(demo).CORS_ALLOW_ORIGIN, '${CORS_ALLOW_ORIGIN:-localhost}');
    assert.equal(readFileSync(path.join(demo, 'template.yaml'), 'utf8').match(/^ +CORS_ALLOW_ORIGIN:/gm)?.length, 1);
  });
});
