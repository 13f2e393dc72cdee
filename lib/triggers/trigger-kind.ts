/**
 * What every trigger kind module (lib/triggers/<kind>/kind.ts) describes about
 * itself, so one typed map (index.ts) can list them and a later step can
 * generate a function of any kind without knowing the kinds one by one.
 */

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

export interface TriggerKind {
  /** The kind's name, as a user will type it and as its folder is named. */
  readonly name: string;
  /** One line saying what invokes a function of this kind. */
  readonly summary: string;
  /** The folder holding main.go, main_test.go and events/, relative to the package root. */
  readonly folder: string;
  /** The Go type the handler takes, as main.go spells it: aws-lambda-go's for every AWS source. */
  readonly goEventType: string;
  /** The sample events, file names under events/ (events/<kind>*.json). */
  readonly samples: readonly string[];
  /** The expression the local emulator fires the function on, as its SAM event does in AWS; none for a kind a schedule does not invoke. */
  readonly localSchedule?: string;
  /** The kind's SAM part; a kind nothing in AWS invokes has no events, resources or parameters. */
  readonly sam: (context: SamContext) => SamPart;
}

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
