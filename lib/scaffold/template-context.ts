/**
 * Everything the templates may print, derived once from the answers and the
 * pins. Templates render in strict mode, so a name missing here fails loudly.
 */
import type { TemplateSet } from './template-set.ts';
import YAML from 'yaml';
import { routeEventsOf } from '../triggers/http/kind.ts';
import { handlerOf, triggerKinds } from '../triggers/index.ts';
import { corsOriginVariable, type Answers } from './options.ts';
import { samIdOf, type FunctionModel, type Project } from './project-model.ts';
import { awsLambdaGoVersion, downloadAssetModule, goArchOf, goVersion, imageKey, imagePin, type ImagePin, parseImageReference, type PinRequest, type Pins, rieRepository } from '../pins/index.ts';
import { accepted, parseSecretNames, parseVariables } from './function-environment.ts';
import {
  apiContainerPort,
  controlPaths,
  controlTokenFile,
  controlTokenHeader,
  controlTokenSecret,
  formatRouteKeys,
  functionSettingName,
  invokeContainerPort,
  gatewayErrors,
  integrationTimeoutMs,
  parseRouteKeys,
  restartWaitMs,
  rieContainerPort,
  rieExitWaitMs,
  settingNames,
  type RouteKey,
} from '../../emulator/src/contract.ts';

interface ImageLine extends ImagePin {
  /** `name:tag@sha256:…`, what a `FROM` or `image:` line says. */
  readonly pinned: string;
}

function imageLine(pins: Pins, key: string): ImageLine {
  const pin = imagePin(pins, key);
  return { ...pin, pinned: `${pin.name}:${pin.tag}@${pin.digest}` };
}

/** `name:tag` of an image answer (answers are validated references already). */
function imageKeyOf(text: string): string {
  const image = parseImageReference(text);
  if (!image) throw new Error(`${text} is not an image reference`);
  return imageKey(image);
}

/** The answers that say which images a repo builds from. */
type ImageAnswers = Pick<Answers, 'baseImage' | 'syntaxImage' | 'nodeImage' | 'golangImage' | 'rieSource' | 'arch'>;

/** The images a repo with these answers builds from, and the platform its runtime image must have. */
export function pinRequestFor(answers: ImageAnswers): PinRequest {
  const images = [answers.baseImage, answers.syntaxImage, answers.nodeImage];
  if (answers.rieSource === 'download-asset') images.push(answers.golangImage);
  const keys = images.map(imageKeyOf);
  const goModules = answers.rieSource === 'download-asset' ? [downloadAssetModule] : [];
  const givenDigests = Object.fromEntries(
    images.flatMap((text) => {
      const image = parseImageReference(text);
      return image?.digest ? [[imageKey(image), image.digest]] : [];
    }),
  );
  return { images: keys, runtime: { image: imageKeyOf(answers.baseImage), platform: `linux/${goArchOf[answers.arch]}` }, goModules, givenDigests };
}

/** The routes answer, already accepted by its option. */
function routesOf(text: string): RouteKey[] {
  const parsed = parseRouteKeys(text);
  if (!('routes' in parsed)) throw new Error(`routes ${text} were accepted but do not parse`);
  return parsed.routes;
}

/**
 * A request to try the function with, on a route it serves: the first GET or
 * ANY route (else the first), its parameters filled in, and a query the
 * generated handler echoes.
 */
function sampleRequestOf(routes: readonly RouteKey[], apiPort: number) {
  const route = routes.find(({ method }) => method === 'GET' || method === 'ANY') ?? routes[0];
  if (!route) throw new Error('no routes');
  const method = route.method === 'ANY' ? 'GET' : route.method;
  const target = `${route.path.replace(/\{[^}]+\+\}/g, 'hello').replace(/\{[^}]+\}/g, '42')}?name=world`;
  // curl's own spelling of the method: -I for HEAD, which -X would leave waiting for a body.
  const curlMethod = method === 'GET' ? '' : method === 'HEAD' ? ' -I' : ` -X ${method}`;
  return {
    method,
    target,
    curl: `curl${curlMethod} 'http://127.0.0.1:${apiPort}${target}'`,
    /** For a URL that ends in a slash, as the stack's ApiUrl output does. */
    deployedCurl: `curl${curlMethod} "\${API_URL}${target.slice(1)}"`,
  };
}

/**
 * The version of the template context, the object buildTemplateContext returns
 * and every template (a layer's included) renders with; README.md has a table of
 * its fields. A layer's manifest names the versions it is written for. Adding a
 * field is a minor version; renaming or removing one, or changing what it holds,
 * is a major one. 2.0.0: the function's fields moved into `functions`, one
 * entry per function.
 */
export const templateContextVersion = '2.0.0';

/** A kind's part of template.yaml as YAML lines, indented to sit under `key:` at `indent` spaces. */
function yamlBlock(value: Readonly<Record<string, unknown>>, indent: number): string {
  if (Object.keys(value).length === 0) return '';
  const pad = ' '.repeat(indent);
  return YAML.stringify(value, { lineWidth: 0 })
    .trimEnd()
    .split('\n')
    .map((line) => pad + line)
    .join('\n');
}

/** What the templates say of one function. */
function functionContext(fn: FunctionModel, project: Project, apiPort: number) {
  const payloadV1 = project.payload === '1.0';
  const variables = accepted(parseVariables(fn.variables));
  const secrets = accepted(parseSecretNames(fn.secrets));
  const kind = triggerKinds[fn.trigger];
  const http = kind.routes === true;
  const routes = http ? routesOf(fn.routes) : [];
  const samId = samIdOf(fn);
  const sam = kind.sam({ logicalId: samId, timeoutSeconds: fn.timeout });
  const corsOrigin = http && payloadV1 && project.cors === 'on' && ![...variables.map((variable) => variable.name), ...secrets].includes(corsOriginVariable) ? '*' : '';
  return {
    name: fn.name,
    /** Its main package: `cmd/<name>`, or `.` (the root) for a function a 0.1 or 0.2 repo had. */
    folder: fn.folder,
    /** Its handler and test, as paths in the repo. */
    mainFile: fn.folder === '.' ? 'main.go' : `${fn.folder}/main.go`,
    testFile: fn.folder === '.' ? 'main_test.go' : `${fn.folder}/main_test.go`,
    /** What `go build` is given for it. */
    goPackage: fn.folder === '.' ? '.' : `./${fn.folder}`,
    /** Its compose service: its name, or `lambda` for the function of a repo 0.1 or 0.2 wrote. */
    service: fn.service ?? fn.name,
    /** Its compose service where that is not its name (the `lambda` of a repo 0.1 or 0.2 wrote); else undefined. */
    renamedService: fn.service !== undefined && fn.service !== fn.name ? fn.service : undefined,
    /** Where make build puts its bootstrap, relative to localdev/, mounted read-only at /var/runtime. */
    runtimeFolder: `var-runtime/${fn.name}`,
    trigger: fn.trigger,
    http,
    triggerSummary: http ? `serves ${formatRouteKeys(routes)} behind the API` : kind.summary,
    timeout: fn.timeout,
    memory: fn.memory,
    functionTimeoutMs: fn.timeout * 1000,
    /** The emulator's settings for it: FUNCTIONS lists it, these name its routes, RIEs and time-out. */
    settings: {
      routes: functionSettingName(fn.name, 'routes'),
      upstreams: functionSettingName(fn.name, 'upstreams'),
      functionTimeoutMs: functionSettingName(fn.name, 'functionTimeoutMs'),
      schedule: functionSettingName(fn.name, 'schedule'),
    },
    /** The rate() or cron() expression the emulator fires it on, as template.yaml's rule does in AWS; undefined for a kind no schedule invokes. */
    schedule: kind.localSchedule,
    routes: fn.routes,
    routeList: formatRouteKeys(routes),
    samEvents: routeEventsOf(routes),
    /** template.yaml's logical id. */
    samId,
    /** A trigger kind's own SAM events, resources and parameters, as YAML indented for their place; '' where it has none. */
    samKindEvents: yamlBlock(sam.events, 8),
    samKindResources: yamlBlock(sam.resources, 2),
    samParameters: sam.parameters,
    /** The sample event make invoke sends it. */
    eventFile: `events/${handlerOf(kind, project.payload).samples[0]}`,
    corsOrigin,
    // Its variables with their defaults, and the names of its secrets.
    // Compose's interpolation: the shell's or --env-file's value, else the default.
    variables: variables.map((variable) => ({ ...variable, composeValue: `\${${variable.name}:-${variable.value}}` })),
    secrets,
    // CloudFormation's dynamic reference, whole here: its braces are Handlebars' too.
    secretReferences: secrets.map((name) => ({ name, reference: `{{resolve:secretsmanager:\${SecretName}:SecretString:${name}}}` })),
    hasEnvironment: variables.length + secrets.length > 0 || corsOrigin !== '',
    /** RIE reads LOG_LEVEL too: a function's own LOG_LEVEL then sets both. */
    functionHasLogLevel: variables.some((variable) => variable.name === 'LOG_LEVEL'),
    sampleRequest: http && routes.length > 0 ? sampleRequestOf(routes, apiPort) : undefined,
  };
}

export function buildTemplateContext(project: Project, pins: Pins, generatorVersion: string, templates: TemplateSet) {
  const goArch = goArchOf[project.arch];
  const payloadV1 = project.payload === '1.0';
  // API Gateway's stage names: a REST API's is yours to choose, an HTTP API's is `$default`.
  const stage = payloadV1 ? 'local' : '$default';
  const functions = project.functions.map((fn) => functionContext(fn, project, project.apiPort));
  const httpFunctions = functions.filter((fn) => fn.http);
  const longestTimeout = Math.max(...project.functions.map((fn) => fn.timeout));
  // Every function's secrets and variables, each name once (project-model.ts refuses one name with two defaults).
  const secrets = [...new Set(functions.flatMap((fn) => fn.secrets))];
  const variables = [...new Map(functions.flatMap((fn) => fn.variables).map((variable) => [variable.name, variable])).values()];
  const samKindParameters = yamlBlock(Object.assign({}, ...functions.map((fn) => fn.samParameters)), 2);
  const { functions: _functions, ...answers } = project;
  return {
    ...answers,
    generatorVersion,
    pinSource: pins.source,
    goArch,
    platform: `linux/${goArch}`,
    goVersion,
    awsLambdaGoVersion,
    payloadV1,
    /** Every function, in the order `.yo-rc.json` lists them. */
    functions,
    /** The functions behind the API, and so whether there is an API: a repo of queue workers has none. */
    httpFunctions,
    hasApi: httpFunctions.length > 0,
    /** Whether a function's compose service is not its name (a repo 0.1 or 0.2 wrote keeps `lambda`). */
    hasRenamedServices: functions.some((fn) => fn.renamedService !== undefined),
    /** Whether a function fires on a schedule locally. */
    hasSchedules: functions.some((fn) => fn.schedule !== undefined),
    /** More than one function: the files then speak of each by name. */
    manyFunctions: functions.length > 1,
    /** FUNCTIONS, the emulator's list of them. */
    functionNames: functions.map((fn) => fn.name).join(','),
    // Compose reads `$` as interpolation; `$$` is a literal one.
    composeStage: stage.replaceAll('$', '$$$$'),
    downloadAsset: project.rieSource === 'download-asset',
    downloadAssetModule,
    /** The version `go install` is given for download-asset (download-asset mode only). */
    downloadAssetVersion: pins.goModules[downloadAssetModule],
    rieRepository: `${rieRepository.owner}/${rieRepository.repo}`,
    rie: pins.rie,
    apiContainerPort,
    rieContainerPort,
    invokeContainerPort,
    /** The emulator's environment variable names. */
    settings: settingNames,
    gatewayTimeoutMs: integrationTimeoutMs[project.payload],
    gatewayTimeoutStatus: gatewayErrors[project.payload].timeout.statusCode,
    // Stopping, the emulator answers what it has (each by the gateway time-out),
    // then waits for RIE to finish (each by the function's): both, and a margin.
    apiStopGraceSeconds: Math.ceil(integrationTimeoutMs[project.payload] / 1000) + longestTimeout + 5,
    corsOn: project.cors === 'on',
    /** Whether compose passes the developer's AWS credentials to the functions (--aws-credentials on). */
    awsCredentialsOn: project.awsCredentials === 'on',
    /** Every function's variables (each name once) and secrets, for .env.example, make up and compose's secrets. */
    allVariables: variables,
    allSecrets: secrets,
    hasComposeSecrets: secrets.length > 0 || project.rieSource === 'download-asset',
    /** template.yaml's parameters of the trigger kinds (their streams' ARNs), as YAML lines; whether it has a Parameters section at all. */
    samKindParameters,
    hasSamParameters: secrets.length > 0 || samKindParameters !== '',
    /** The Secrets Manager secret template.yaml reads the secrets from, by default. */
    secretNameDefault: `${project.name}/secrets`,
    /** Whether template.yaml is written: a template layer may leave it out, and then nothing speaks of SAM. */
    samTemplate: templates.files(project).some((file) => file.to === 'template.yaml'),
    /** A request to try the API with, on the first HTTP function's first route; undefined without an API. */
    sampleRequest: httpFunctions[0]?.sampleRequest,
    /** `make build`'s hold and release at the emulator, around a restart of RIE. */
    controlPaths,
    /** The header, the file in localdev/ and the compose secret of the token only make sends with them. */
    controlTokenHeader,
    controlTokenFile,
    controlTokenSecret,
    // A hold answers once the running invocations end (by the longest time-out);
    // a release once the old RIEs have exited and the new ones listen. Both, with a margin.
    holdMaxSeconds: longestTimeout + 10,
    releaseMaxSeconds: (rieExitWaitMs + restartWaitMs) / 1000 + 5,
    images: {
      syntax: imageLine(pins, imageKeyOf(project.syntaxImage)),
      base: imageLine(pins, imageKeyOf(project.baseImage)),
      node: imageLine(pins, imageKeyOf(project.nodeImage)),
      golang: project.rieSource === 'download-asset' ? imageLine(pins, imageKeyOf(project.golangImage)) : undefined,
    },
  };
}

export type TemplateContext = ReturnType<typeof buildTemplateContext>;
