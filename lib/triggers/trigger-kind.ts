/**
 * What every trigger kind module (lib/triggers/<kind>/kind.ts) describes about
 * itself, so one typed map (index.ts) lists them and the generator writes a
 * function of any kind without knowing the kinds one by one.
 */
import { payloadVersions, type PayloadVersion } from '../../emulator/src/contract.ts';

/** A CloudFormation value as SAM's YAML holds it: scalars, lists, maps and intrinsic functions. */
export type TemplateValue = string | number | boolean | readonly TemplateValue[] | { readonly [key: string]: TemplateValue };

/** What a kind's SAM part is built from: the function's logical id (names its resources) and its time-out. */
export interface SamContext {
  readonly logicalId: string;
  readonly timeoutSeconds: number;
}

/**
 * One kind's part of template.yaml: the function's `Events:` entries, and the
 * resources and parameters those events refer to, keyed by logical id.
 */
export interface SamPart {
  readonly events: Readonly<Record<string, { readonly Type: string; readonly Properties: Readonly<Record<string, TemplateValue>> }>>;
  readonly resources: Readonly<Record<string, { readonly Type: string; readonly Properties?: Readonly<Record<string, TemplateValue>> }>>;
  readonly parameters: Readonly<Record<string, { readonly Type: string; readonly Description: string; readonly AllowedPattern?: string }>>;
}

/** A handler skeleton: the Go type it takes and the sample events a function of it is tried with. */
export interface Handler {
  /** The Go type the handler takes, as main.go spells it: aws-lambda-go's for every AWS source. */
  readonly goEventType: string;
  /** The sample events, file names under the kind's events/; never none, as make invoke sends the first. */
  readonly samples: readonly [string, ...string[]];
}

interface KindCommon {
  /** The kind's name, as a user will type it and as its folder is named. */
  readonly name: string;
  /** One line saying what invokes a function of this kind. */
  readonly summary: string;
  /** The kind's folder, relative to the package root: kind.ts, events/, and its handler's main.go and main_test.go (http's in payload-<version>/). */
  readonly folder: string;
  /** Whether it is served on routes of the API: a function of it has the routes answer, and the API's requests are its events. */
  readonly routes?: true;
  /** The expression the local emulator fires the function on, as its SAM event does in AWS; none for a kind a schedule does not invoke. */
  readonly localSchedule?: string;
  /** The kind's SAM part; a kind nothing in AWS invokes has no events, resources or parameters. */
  readonly sam: (context: SamContext) => SamPart;
}

/**
 * A kind is one handler in its folder, or, behind the API, one per payload
 * format in payload-<version>/ under it: the request and response types differ.
 */
export type TriggerKind = (KindCommon & Handler & { readonly payloads?: never }) | (KindCommon & { readonly payloads: Readonly<Record<PayloadVersion, Handler>> });

/** A handler and where its main.go and main_test.go are, relative to the package root. */
export interface HandlerFiles extends Handler {
  readonly folder: string;
}

/** The handler a function of `kind` is written from in a repo of this API type. */
export function handlerOf(kind: TriggerKind, payload: PayloadVersion): HandlerFiles {
  if (kind.payloads === undefined) return { folder: kind.folder, goEventType: kind.goEventType, samples: kind.samples };
  return { folder: `${kind.folder}/payload-${payload}`, ...kind.payloads[payload] };
}

/** Every handler of a kind, each once: its one, or one per payload format. */
export const handlersOf = (kind: TriggerKind): HandlerFiles[] => [...new Map(payloadVersions.map((payload) => handlerOf(kind, payload)).map((handler) => [handler.folder, handler])).values()];

/**
 * The SAM part of a kind that reads a stream (a Kinesis stream, a DynamoDB
 * table's): the stream's ARN as a parameter; `batchItemFailures` honoured, so
 * one bad record does not retry the whole batch; and a record that keeps
 * failing skipped after 3 retries, as it would otherwise block its shard until
 * it expires (a DestinationConfig OnFailure keeps what is skipped).
 */
export function streamSam(type: 'Kinesis' | 'DynamoDB', logicalId: string, stream: { readonly description: string; readonly allowedPattern: string }): SamPart {
  return {
    events: {
      Stream: {
        Type: type,
        Properties: {
          Stream: { Ref: `${logicalId}StreamArn` },
          StartingPosition: 'TRIM_HORIZON',
          BatchSize: 100,
          FunctionResponseTypes: ['ReportBatchItemFailures'],
          MaximumRetryAttempts: 3,
        },
      },
    },
    resources: {},
    parameters: { [`${logicalId}StreamArn`]: { Type: 'String', Description: stream.description, AllowedPattern: stream.allowedPattern } },
  };
}
