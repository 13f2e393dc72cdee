/**
 * Last-known-good pins, used by `--offline` when a repo has none stored yet.
 * Versions live here and nowhere else. Each value was read from a public
 * source on the date in `source`; refresh them when cutting a release.
 */
import type { Pins } from './pins.ts';

export const rieRepository = { owner: 'aws', repo: 'aws-lambda-runtime-interface-emulator' } as const;

/** Release asset name per architecture; `{arch}` is the Lambda architecture. */
export const rieAssetPattern = 'aws-lambda-rie-{arch}';

/** Images the templates use unless the answers name others. */
export const defaultImages = {
  base: 'ghcr.io/northwood-labs/lambda-provided-al2023:latest',
  node: 'node:24-alpine',
  golang: 'golang:1-alpine',
  dockerfileSyntax: 'docker/dockerfile:1',
} as const;

/**
 * The base images `--base-image` offers: AWS's own, and the fork the
 * generator started with (a weekly copy of it by Northwood Labs). Both have a
 * shipped digest, so either works offline.
 */
export const baseImageChoices = {
  aws: 'public.ecr.aws/lambda/provided:al2023',
  fork: defaultImages.base,
} as const;

/** The tool that fetches RIE in `download-asset` mode; it receives the GitHub token, so its version is pinned. */
export const downloadAssetModule = 'github.com/northwood-labs/download-asset';

const rieVersion = 'v1.35';
const rieDownload = `https://github.com/${rieRepository.owner}/${rieRepository.repo}/releases/download/${rieVersion}`;

export const shippedPins: Pins = {
  source: 'shipped with generator-lambda-local (recorded 2026-11-22)',
  images: {
    [defaultImages.base]: {
      name: 'ghcr.io/northwood-labs/lambda-provided-al2023',
      tag: 'latest',
      digest: 'sha256:2b947c7c1e18392ce6b1b311ba1715a9b043a6fb5bb6572e914764e946321382',
    },
    // The digest AWS's tag al2023 (and latest) pointed at, as listed in aws/aws-lambda-base-images
    // issue #437 (a tag -> digest table of AWS's Lambda images), read on 2026-12-03. Not checked
    // against the registry from here (no network); a live run or `make bump` resolves it anew.
    [baseImageChoices.aws]: {
      name: 'public.ecr.aws/lambda/provided',
      tag: 'al2023',
      digest: 'sha256:a2c2e2ea773fd480ecc196fa6130d99b3b085bfbdd9b55b054387afd6c67cbf1',
    },
    [defaultImages.node]: {
      name: 'node',
      tag: '24-alpine',
      digest: 'sha256:a0b9bf06e4e6193cf7a0f58816cc935ff8c2a908f81e6f1a95432d679c54fbfd',
    },
    [defaultImages.golang]: {
      name: 'golang',
      tag: '1-alpine',
      digest: 'sha256:d4c4845f5d60c6a974c6000ce58ae079328d03ab7f721a0734277e69905473e5',
    },
    [defaultImages.dockerfileSyntax]: {
      name: 'docker/dockerfile',
      tag: '1',
      digest: 'sha256:b6afd42430b15f2d2a4c5a02b919e98a525b785b1aaff16747d2f623364e39b6',
    },
  },
  goModules: {
    // download-asset publishes no release tags. This is a commit of it whose go.mod was read
    // from a public index of GitHub repositories on 2026-11-25 (not known to be its newest):
    // `go install` resolves it to its pseudo-version. A live run pins the proxy's @latest.
    [downloadAssetModule]: 'b5eec396ba93c808658adf338932e3b200efc21b',
  },
  rie: {
    version: rieVersion,
    assets: {
      x86_64: {
        url: `${rieDownload}/aws-lambda-rie-x86_64`,
        sha256: '3a3494331c212c14366c1073fdc4f0078f58a927da64479413879b0d84e21f20',
      },
      arm64: {
        url: `${rieDownload}/aws-lambda-rie-arm64`,
        sha256: '8159172a2dc2ce5bf434ba94d7241f2252d1ac30b58410c7e30a4b8afefd7cca',
      },
    },
  },
};

/** Go toolchain line and aws-lambda-go version written into a new go.mod. */
export const goVersion = '1.24';
export const awsLambdaGoVersion = 'v1.54.0';
