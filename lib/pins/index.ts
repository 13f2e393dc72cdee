/**
 * The pin machinery, behind one entry point: image digests over the OCI
 * distribution protocol or GitHub's Packages API, the RIE release through
 * Octokit, the pins shipped for --offline, their checks and their summary.
 */
import type * as LivePins from './live-pins.ts';

export { checkPins } from './check-pins.ts';
export { defaultRetryPolicy } from './fetch-with-retry.ts';
export { defaultGoProxy } from './go-module.ts';
export { imageKey, parseImageReference } from './image-reference.ts';
export { goArchOf, hostLambdaArch, lambdaArchs, type LambdaArch } from './lambda-arch.ts';
export { defaultGitHubApiUrl, digestSources, githubTokenFromEnvironment, isSemverRange, type DigestSource } from './lookup-settings.ts';
export { lookupProgressFor, type LookupProgress } from './lookup-progress.ts';
export { describePinChanges, formatPinSummary } from './pin-summary.ts';
export { canonicalPins, imagePin, type ImagePin, type PinRequest, type Pins } from './pins.ts';
export { awsLambdaGoVersion, baseImageChoices, defaultImages, downloadAssetModule, goVersion, rieRepository, shippedPins } from './shipped-pins.ts';

/**
 * Resolves every pin over the network. Its modules (Octokit, the registry
 * client) load on the first call: an offline run never pays for them.
 */
export const resolveLivePins: typeof LivePins.resolveLivePins = async (...args) => (await import('./live-pins.ts')).resolveLivePins(...args);
