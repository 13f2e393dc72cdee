/**
 * A Go module's version, resolved as the go command resolves it: through a
 * module proxy (the GOPROXY protocol), `@latest` for the newest version (a
 * pseudo-version for a module without release tags), then that version's
 * `.info` to confirm the proxy serves it. `go install module@version` then
 * builds exactly those sources, checked by the checksum database.
 */
import { LookupError } from '../errors.ts';
import { fetchWithRetry, type RetryPolicy } from './fetch-with-retry.ts';
import { isJsonObject } from './json-object.ts';

export const defaultGoProxy = 'https://proxy.golang.org';

/** A version `go install` takes: a semantic or pseudo-version, or a full commit hash. */
const goVersion = /^(v\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+incompatible)?|[0-9a-f]{40})$/;
export const isGoModuleVersion = (value: unknown): value is string => typeof value === 'string' && goVersion.test(value);

/** The proxy's path for a module: upper-case letters escaped as `!` and the letter, as the protocol asks. */
const escapePath = (module: string) => module.replace(/[A-Z]/g, (letter) => `!${letter.toLowerCase()}`);

async function versionAt(url: string, policy: RetryPolicy, what: string): Promise<string> {
  const { response, body } = await fetchWithRetry(url, {}, policy, what);
  if (response.status === 404 || response.status === 410) throw new LookupError(`${what}: the proxy does not know it (HTTP ${response.status})`);
  if (!response.ok) throw new LookupError(`${what}: HTTP ${response.status}`);
  let info: unknown;
  try {
    info = JSON.parse(body.toString('utf8'));
  } catch {
    throw new LookupError(`${what}: the proxy answered with malformed JSON`);
  }
  const version = isJsonObject(info) ? info.Version : undefined;
  if (!isGoModuleVersion(version)) throw new LookupError(`${what}: ${JSON.stringify(version)} is not a Go module version`);
  return version;
}

/** The newest version of `module` the proxy at `proxy` serves. */
export async function resolveGoModuleVersion(proxy: string, module: string, policy: RetryPolicy): Promise<string> {
  const base = `${proxy.replace(/\/+$/, '')}/${escapePath(module)}/@`;
  const latest = await versionAt(`${base}latest`, policy, `Go module ${module} from ${proxy}`);
  return versionAt(`${base}v/${latest}.info`, policy, `Go module ${module}@${latest} from ${proxy}`);
}
