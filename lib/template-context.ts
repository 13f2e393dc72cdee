/**
 * Everything the templates may print, derived once from the answers and the
 * pins. Templates render in strict mode, so a name missing here fails loudly.
 */
import type { Answers } from '../generators/app/answers.ts';
import { imageKey, parseImageReference } from './image-reference.ts';
import { goArchOf } from './lambda-arch.ts';
import { imagePin, type ImagePin, type Pins } from './pins.ts';
import { parseRouteList } from './routes.ts';
import { awsLambdaGoVersion, defaultImages, downloadAssetModule, goVersion, rieRepository } from './shipped-pins.ts';

/** The port the emulator listens on inside its container; the host port is an answer. */
export const apiContainerPort = 3000;
/** RIE's own listening port inside the lambda container. */
export const rieContainerPort = 8080;

export interface ImageLine extends ImagePin {
  /** `name:tag@sha256:…`, what a `FROM` or `image:` line says. */
  readonly pinned: string;
}

function imageLine(pins: Pins, key: string): ImageLine {
  const pin = imagePin(pins, key);
  return { ...pin, pinned: `${pin.name}:${pin.tag}@${pin.digest}` };
}

/** `name:tag` of the answers' base image (already validated as a reference). */
function baseImageKey(answers: Answers): string {
  const base = parseImageReference(answers.baseImage);
  if (!base) throw new Error(`base image ${answers.baseImage} is not an image reference`);
  return imageKey(base);
}

/** Images a repo with these answers builds from, as `name:tag` keys. */
export function imagesNeeded(answers: Answers): string[] {
  const images = [defaultImages.dockerfileSyntax, baseImageKey(answers), defaultImages.node];
  if (answers.rieSource === 'download-asset') images.push(defaultImages.golang);
  return images;
}

export function buildTemplateContext(answers: Answers, pins: Pins, generatorVersion: string) {
  const goArch = goArchOf[answers.arch];
  const payloadV1 = answers.payload === '1.0';
  // API Gateway's stage names: a REST API's is yours to choose, an HTTP API's is `$default`.
  const stage = payloadV1 ? 'local' : '$default';
  return {
    ...answers,
    generatorVersion,
    pinSource: pins.source,
    goArch,
    platform: `linux/${goArch}`,
    goVersion,
    awsLambdaGoVersion,
    payloadV1,
    routeList: parseRouteList(answers.routes) ?? [],
    eventFile: payloadV1 ? 'events/api-gateway-v1.json' : 'events/http-api-v2.json',
    stage,
    // Compose reads `$` as interpolation; `$$` is a literal one.
    composeStage: stage.replaceAll('$', '$$$$'),
    downloadAsset: answers.rieSource === 'download-asset',
    downloadAssetModule,
    rieRepository: `${rieRepository.owner}/${rieRepository.repo}`,
    rie: pins.rie,
    apiContainerPort,
    rieContainerPort,
    images: {
      syntax: imageLine(pins, defaultImages.dockerfileSyntax),
      base: imageLine(pins, baseImageKey(answers)),
      node: imageLine(pins, defaultImages.node),
      golang: answers.rieSource === 'download-asset' ? imageLine(pins, defaultImages.golang) : undefined,
    },
  };
}

export type TemplateContext = ReturnType<typeof buildTemplateContext>;
