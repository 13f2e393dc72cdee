/**
 * Decides which pins a run writes: resolved live at this moment, or with
 * `--offline` those stored in `.yo-rc.json` by an earlier run, else those
 * shipped with the generator.
 */
import { checkPins, defaultRetryPolicy, githubTokenFromEnvironment, type LookupProgress, type PinRequest, type Pins, resolveLivePins, shippedPins } from '../pins/index.ts';
import { LookupError } from '../errors.ts';
import type { RunOptions } from './options.ts';

/** Stored pins over shipped ones: a repo keeps what it was generated with until bumped. */
function offlinePins(stored: unknown): Pins {
  if (stored === undefined) return shippedPins;
  const checked = checkPins(stored, '.yo-rc.json "pins"');
  return { ...checked, images: { ...shippedPins.images, ...checked.images }, goModules: { ...shippedPins.goModules, ...checked.goModules } };
}

export async function settlePins(options: {
  readonly run: RunOptions;
  /** Pins from `.yo-rc.json`, used offline; undefined to use the shipped ones. */
  readonly stored: unknown;
  readonly request: PinRequest;
  readonly progress: LookupProgress;
  /** The command line that runs again with this run's answers, for a run that has answers to lose. */
  readonly repeat?: string;
}): Promise<Pins> {
  const { run, stored, request, progress, repeat } = options;
  if (!run.offline) {
    try {
      return await resolveLivePins(request, {
        githubApiUrl: run.githubApiUrl,
        githubToken: githubTokenFromEnvironment(),
        rieRange: run.rieRange ?? undefined,
        policy: defaultRetryPolicy,
        progress,
        digestSource: run.digestSource,
        githubContainerRegistry: run.githubContainerRegistry,
        goProxy: run.goProxy,
      });
    } catch (error) {
      if (!(error instanceof LookupError)) throw error;
      const pinned = 'the pins stored in .yo-rc.json or shipped with the generator';
      throw new LookupError(
        repeat === undefined
          ? `${error.message}. Nothing was written; --offline uses ${pinned}`
          : `${error.message}. Nothing was written; run again with the same answers: ${repeat} (or add --offline for ${pinned})`,
      );
    }
  }
  const offline = offlinePins(stored);
  // A digest given with an image is taken as is offline: there is no registry to ask.
  const given = Object.entries(request.givenDigests ?? {}).map(([key, digest]) => {
    const [name = key, tag = 'latest'] = [key.slice(0, key.lastIndexOf(':')), key.slice(key.lastIndexOf(':') + 1)];
    const known = offline.images[key];
    return [key, known?.digest === digest ? known : { name, tag, digest }] as const;
  });
  const pins = given.length === 0 ? offline : { ...offline, images: { ...offline.images, ...Object.fromEntries(given) } };
  const missing = request.images.filter((image) => !pins.images[image]);
  if (missing.length > 0) {
    throw new LookupError(
      `--offline: no digest is known for ${missing.join(', ')}; known: ${Object.keys(pins.images).join(', ')}. Run without --offline to resolve it`,
    );
  }
  return pins;
}
