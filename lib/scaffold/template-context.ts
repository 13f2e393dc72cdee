/**
 * Everything the templates may print, derived once from the answers and the
 * pins. Templates render in strict mode, so a name missing here fails loudly.
 */
import { eventFileOf } from './files.ts';
import type { TemplateSet } from './template-set.ts';
import { corsOriginVariable, type Answers } from './options.ts';
import { awsLambdaGoVersion, downloadAssetModule, goArchOf, goVersion, imageKey, imagePin, type ImagePin, parseImageReference, type PinRequest, type Pins, rieRepository } from '../pins/index.ts';
import { accepted, parseSecretNames, parseVariables } from './function-environment.ts';
import {
  apiContainerPort,
  controlPaths,
  controlTokenFile,
  controlTokenHeader,
  controlTokenSecret,
  formatRouteKeys,
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

/** The images a repo with these answers builds from, and the platform its runtime image must have. */
export function pinRequestFor(answers: Answers): PinRequest {
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

/** The logical id of the function in template.yaml, and so the name of SAM's Make target, `build-Function`. */
export const samFunctionId = 'Function';

interface SamEvent {
  /** The event's key under Events: the method and path in PascalCase, e.g. GetUsersId. */
  readonly id: string;
  readonly method: string;
  readonly path: string;
}

/** One SAM event per route, keyed by a readable id that stays the same while the route does. */
function samEventsOf(routes: readonly RouteKey[]): SamEvent[] {
  const seen = new Set<string>();
  return routes.map(({ method, path }) => {
    const words = [method, ...path.split(/[^A-Za-z0-9]+/)].filter((word) => word !== '');
    const base = words.map((word) => word[0]?.toUpperCase() + word.slice(1).toLowerCase()).join('') + (path === '/' ? 'Root' : '');
    let id = base;
    for (let next = 2; seen.has(id); next++) id = `${base}${next}`;
    seen.add(id);
    return { id, method, path };
  });
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
 * is a major one.
 */
export const templateContextVersion = '1.2.0';

export function buildTemplateContext(answers: Answers, pins: Pins, generatorVersion: string, templates: TemplateSet) {
  const goArch = goArchOf[answers.arch];
  const payloadV1 = answers.payload === '1.0';
  // API Gateway's stage names: a REST API's is yours to choose, an HTTP API's is `$default`.
  const stage = payloadV1 ? 'local' : '$default';
  const variables = accepted(parseVariables(answers.variables));
  const secrets = accepted(parseSecretNames(answers.secrets));
  const routes = routesOf(answers.routes);
  return {
    ...answers,
    generatorVersion,
    pinSource: pins.source,
    goArch,
    platform: `linux/${goArch}`,
    goVersion,
    awsLambdaGoVersion,
    payloadV1,
    eventFile: eventFileOf(answers.payload),
    // Compose reads `$` as interpolation; `$$` is a literal one.
    composeStage: stage.replaceAll('$', '$$$$'),
    downloadAsset: answers.rieSource === 'download-asset',
    downloadAssetModule,
    /** The version `go install` is given for download-asset (download-asset mode only). */
    downloadAssetVersion: pins.goModules[downloadAssetModule],
    rieRepository: `${rieRepository.owner}/${rieRepository.repo}`,
    rie: pins.rie,
    apiContainerPort,
    rieContainerPort,
    /** The emulator's environment variable names. */
    settings: settingNames,
    gatewayTimeoutMs: integrationTimeoutMs[answers.payload],
    gatewayTimeoutStatus: gatewayErrors[answers.payload].timeout.statusCode,
    functionTimeoutMs: answers.timeout * 1000,
    // Stopping, the emulator answers what it has (each by the gateway time-out),
    // then waits for RIE to finish (each by the function's): both, and a margin.
    apiStopGraceSeconds: Math.ceil(integrationTimeoutMs[answers.payload] / 1000) + answers.timeout + 5,
    corsOn: answers.cors === 'on',
    /** Whether compose passes the developer's AWS credentials to the function (--aws-credentials on). */
    awsCredentialsOn: answers.awsCredentials === 'on',
    /**
     * The origin a REST API's function allows (CORS_ALLOW_ORIGIN): its proxy integration leaves the
     * header to the function; '' when it adds none, or when the owners pass that variable themselves.
     */
    corsOrigin: payloadV1 && answers.cors === 'on' && ![...variables.map((variable) => variable.name), ...secrets].includes(corsOriginVariable) ? '*' : '',
    // The function's variables with their defaults, and the names of its secrets.
    // Compose's interpolation: the shell's or --env-file's value, else the default.
    variables: variables.map((variable) => ({ ...variable, composeValue: `\${${variable.name}:-${variable.value}}` })),
    secrets,
    hasComposeSecrets: secrets.length > 0 || answers.rieSource === 'download-asset',
    hasEnvironment: variables.length + secrets.length > 0 || (payloadV1 && answers.cors === 'on'),
    // CloudFormation's dynamic reference, whole here: its braces are Handlebars' too.
    secretReferences: secrets.map((name) => ({ name, reference: `{{resolve:secretsmanager:\${SecretName}:SecretString:${name}}}` })),
    /** RIE reads LOG_LEVEL too: a function's own LOG_LEVEL then sets both. */
    functionHasLogLevel: variables.some((variable) => variable.name === 'LOG_LEVEL'),
    /** The Secrets Manager secret template.yaml reads the secrets from, by default. */
    secretNameDefault: `${answers.name}/secrets`,
    samFunctionId,
    /** Whether template.yaml is written: a template layer may leave it out, and then nothing speaks of SAM. */
    samTemplate: templates.files(answers.payload).some((file) => file.to === 'template.yaml'),
    samEvents: samEventsOf(routes),
    routeList: formatRouteKeys(routes),
    sampleRequest: sampleRequestOf(routes, answers.apiPort),
    /** `make build`'s hold and release at the emulator, around a restart of RIE. */
    controlPaths,
    /** The header, the file in localdev/ and the compose secret of the token only make sends with them. */
    controlTokenHeader,
    controlTokenFile,
    controlTokenSecret,
    // A hold answers once the running invocation ends (by the function's time-out);
    // a release once the old RIE has exited and the new one listens. Both, with a margin.
    holdMaxSeconds: answers.timeout + 10,
    releaseMaxSeconds: (rieExitWaitMs + restartWaitMs) / 1000 + 5,
    images: {
      syntax: imageLine(pins, imageKeyOf(answers.syntaxImage)),
      base: imageLine(pins, imageKeyOf(answers.baseImage)),
      node: imageLine(pins, imageKeyOf(answers.nodeImage)),
      golang: answers.rieSource === 'download-asset' ? imageLine(pins, imageKeyOf(answers.golangImage)) : undefined,
    },
  };
}

export type TemplateContext = ReturnType<typeof buildTemplateContext>;
