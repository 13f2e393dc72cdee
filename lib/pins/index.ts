/**
 * The pin machinery, behind one entry point: image digests over the OCI
 * distribution protocol or GitHub's Packages API, the RIE release through
 * Octokit, the pins shipped for --offline, their checks and their summary.
 */
export { checkPins } from './check-pins.ts';
export { defaultRetryPolicy } from './fetch-with-retry.ts';
export { defaultGoProxy } from './go-module.ts';
export { defaultGitHubApiUrl, githubTokenFromEnvironment } from './github-client.ts';
export { imageKey, parseImageReference } from './image-reference.ts';
export { goArchOf, hostLambdaArch, lambdaArchs, type LambdaArch } from './lambda-arch.ts';
export { digestSources, resolveLivePins, type DigestSource } from './live-pins.ts';
export { lookupProgressFor, type LookupProgress } from './lookup-progress.ts';
export { describePinChanges, formatPinSummary } from './pin-summary.ts';
export { canonicalPins, imagePin, type ImagePin, type PinRequest, type Pins } from './pins.ts';
export { isSemverRange } from './rie-release.ts';
export { awsLambdaGoVersion, defaultImages, downloadAssetModule, goVersion, rieRepository, shippedPins } from './shipped-pins.ts';
