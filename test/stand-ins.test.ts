/**
 * The stand-ins the other tests trust, compared with the recordings of the real
 * things (test/fixtures/real-rie/): the RIE stand-in replays all 46 recorded
 * exchanges with the same functions, and the aws-lambda-go stand-in marshals
 * every recorded value and declares every recorded field as the real one does.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { generatedHandlerBinary, goProgram, probeBinary } from './support/go-programs.ts';
import { marshalRecording, rawExchange, requestBytes, responseBody, transcripts, type Exchange, type Transcript } from './support/real-rie.ts';
import { startRie, type RunningRie } from './support/rie-stand-in.ts';

/** The function a recording ran, as a bootstrap command line. */
function bootstrapOf(recorded: Transcript): string[] {
  const name = recorded.rie.function.split(' ')[0] ?? '';
  if (['probe', 'bigprobe', 'rawprobe'].includes(name)) return [probeBinary(), name];
  if (recorded.rie.function.startsWith('generated demo handler, payload 1.0')) return [generatedHandlerBinary('1.0')];
  if (recorded.rie.function.startsWith('generated demo2 handler, payload 2.0')) return [generatedHandlerBinary('2.0')];
  throw new Error(`no stand-in for the function ${recorded.rie.function}`);
}

/** When each exchange was sent, as the recordings' notes say, relative to the one before it. */
const sentAfter: Record<string, { readonly ms: number; readonly overlapping?: true }> = {
  'h-overlap-second': { ms: 300, overlapping: true },
  'i-next-after-2s': { ms: 2000 },
  'i2-next-while-abandoned-running': { ms: 300 },
};

const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** A body with what differs from run to run (ids, deadlines, dates, stack frames' file paths) taken out. */
function comparable(body: string): string {
  let text = body.replace(uuid, '<id>').replace(/(deadlineInMs\\?":)\d+/g, '$1<ms>');
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null) {
      const record = parsed as Record<string, unknown>;
      if (Array.isArray(record.stackTrace)) record.stackTrace = `${record.stackTrace.length > 0 ? 'frames' : 'none'}`;
      const next = record.nextHeaders as Record<string, unknown> | undefined;
      if (next) for (const name of ['Date', 'Lambda-Runtime-Deadline-Ms']) if (name in next) next[name] = ['<varies>'];
      text = JSON.stringify(record);
    }
  } catch {
    // Plain text ("Task timed out after 3.00 seconds", a 404 page) is compared as it is.
  }
  return text;
}

async function assertSameExchange(recorded: Transcript, got: Exchange, rie: RunningRie, logBefore: number): Promise<void> {
  const label = recorded.name;
  assert.equal(got.outcome, recorded.connection.outcome, `${label}: outcome`);
  if (!recorded.response) {
    assert.equal(got.response, undefined, `${label}: no response at all`);
    return;
  }
  const response = got.response;
  assert.ok(response, `${label}: a response`);
  assert.equal(response.statusLine, recorded.response.statusLine, `${label}: status line`);
  assert.deepEqual(response.headers.map(([name]) => name), recorded.response.headerOrderWithDate, `${label}: header names and order`);
  const hasStack = recorded.response.body?.includes('"stackTrace"') ?? false;
  for (const [name, value] of recorded.response.headers) {
    // A stack trace's file paths differ in length between the two builds.
    if (name === 'Content-Length' && hasStack) continue;
    assert.equal(response.headers.find(([key]) => key === name)?.[1], value, `${label}: ${name}`);
  }
  assert.equal(response.framing, recorded.response.framing, `${label}: framing`);
  if (recorded.response.chunkSizes) assert.deepEqual(response.chunkSizes, recorded.response.chunkSizes, `${label}: chunk sizes`);
  assert.equal(comparable(response.body.toString()), comparable(responseBody(recorded.response).toString()), `${label}: body`);
  const received = recorded.functionReceivedBytes;
  const logged = (await rie.quietLog()).slice(logBefore);
  if (typeof received === 'number') assert.match(logged, new RegExp(`bytes=${received}\\b`), `${label}: the function received ${received} bytes`);
  // Null: the handler never ran (aws-lambda-go could not decode the event).
  if (received === null) assert.doesNotMatch(logged, /probe: /, `${label}: the handler did not run`);
}

describe('the RIE stand-in against the recordings of the real RIE v1.29', { timeout: 120_000 }, () => {
  // Exchanges that share a RIE run in order, on one stand-in, as they were recorded.
  const groups: Transcript[][] = [];
  for (const recorded of transcripts) {
    if (recorded.rie.freshRie || groups.length === 0) groups.push([]);
    groups.at(-1)?.push(recorded);
  }

  for (const group of groups) {
    it(group.map((recorded) => recorded.name).join(', '), async () => {
      const first = group[0];
      assert.ok(first);
      const rie = await startRie(bootstrapOf(first), { timeoutSeconds: Number(first.rie.AWS_LAMBDA_FUNCTION_TIMEOUT) });
      try {
        let previous: Promise<Exchange> | undefined;
        const pending: { recorded: Transcript; exchange: Promise<Exchange>; logBefore: number }[] = [];
        for (const recorded of group) {
          const timing = sentAfter[recorded.name];
          if (previous && !timing?.overlapping) await previous;
          await new Promise((resolve) => setTimeout(resolve, previous ? (timing?.ms ?? 100) : 0));
          const logBefore = rie.log().length;
          const closeAfterMs = recorded.request.clientClosedSocketAfterMs;
          previous = rawExchange(rie.port, requestBytes(recorded.request, `127.0.0.1:${rie.port}`), closeAfterMs === undefined ? {} : { closeAfterMs });
          pending.push({ recorded, exchange: previous, logBefore });
        }
        for (const { recorded, exchange, logBefore } of pending) {
          const got = await exchange;
          await assertSameExchange(recorded, got, rie, logBefore);
          if (recorded.name === 'd-sleep-timeout') {
            assert.ok(got.elapsedMs >= 3000 && got.elapsedMs < 3600, `answered at the 3 s timeout, not after ${got.elapsedMs} ms`);
          }
        }
        const last = group.at(-1);
        if (last?.rieExited) {
          assert.equal(await rie.exited, last.exitStatus, 'RIE crashed with the recorded exit status');
        } else {
          await new Promise((resolve) => setTimeout(resolve, 100));
          assert.equal(rie.exitStatus(), undefined, 'RIE is still running');
        }
      } finally {
        rie.stop();
      }
    });
  }
});

describe('the aws-lambda-go stand-in against the recording of aws-lambda-go v1.54.0', () => {
  it('declares every recorded API Gateway type field by field: name, Go type, JSON name and omitempty', () => {
    const types = [...new Set(marshalRecording.fields.map((field) => field.type))];
    const program = goProgram('fields', {
      'main.go': `package main

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"

	"github.com/aws/aws-lambda-go/events"
)

func main() {
	var rows []map[string]interface{}
	for _, t := range []reflect.Type{${types.map((type) => `reflect.TypeOf(events.${type}{})`).join(', ')}} {
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			tag := f.Tag.Get("json")
			rows = append(rows, map[string]interface{}{"type": t.Name(), "field": f.Name, "goType": f.Type.String(), "json": strings.Split(tag, ",")[0], "omitempty": strings.Contains(tag, ",omitempty"), "tag": tag})
		}
	}
	out, _ := json.Marshal(rows)
	fmt.Println(string(out))
}
`,
    });
    const printed = JSON.parse(runProgram(program, [])) as unknown[];
    assert.deepEqual(printed, marshalRecording.fields);
  });

  it('marshals every recorded value as json.Marshal does, and lambda.Start sends it as the real Start does, nulls included', async () => {
    const values = marshalRecording.marshal;
    const program = goProgram('marshal', {
      'main.go': `package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

var values = []interface{}{
${values.map((value) => `\t${value.goValue},`).join('\n')}
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == "marshal" {
		var texts []string
		for _, value := range values {
			text, _ := json.Marshal(value)
			texts = append(texts, string(text))
		}
		out, _ := json.Marshal(texts)
		fmt.Println(string(out))
		return
	}
	var _ events.APIGatewayProxyResponse
	lambda.Start(func(in struct{ Index int }) (interface{}, error) { return values[in.Index], nil })
}
`,
    });
    assert.deepEqual(JSON.parse(runProgram(program, ['marshal'])), values.map((value) => value.jsonMarshalText));
    const rie = await startRie([program]);
    try {
      for (const [index, value] of values.entries()) {
        const got = await rawExchange(rie.port, Buffer.from(`POST /2015-03-31/functions/function/invocations HTTP/1.1\r\nHost: x\r\nContent-Length: ${`{"Index":${index}}`.length}\r\n\r\n{"Index":${index}}`));
        assert.equal(got.response?.body.toString(), value.lambdaStartWireText, value.name);
      }
    } finally {
      rie.stop();
    }
  });
});

function runProgram(program: string, args: string[]): string {
  const result = spawnSync(program, args, { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout;
}
