/**
 * Container image references as the Docker CLI reads them, restricted to what
 * we can write into a Dockerfile `FROM` line and a compose file safely.
 */

export interface ImageReference {
  /** Registry host (with port), as Docker resolves it: `docker.io` when none is given. */
  readonly registry: string;
  /** Repository inside the registry; Docker Hub's official images carry `library/`. */
  readonly repository: string;
  readonly tag: string;
  /** The reference as the user wrote it, without the tag: what templates print. */
  readonly name: string;
  /** The digest given with the tag (`name:tag@sha256:…`): pinned as given. */
  readonly digest?: `sha256:${string}`;
}

// The grammar of github.com/distribution/reference; a digest is sha256 only, and only after a tag (the tag is what readers and Renovate see).
const hostComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const domain = `(?:${hostComponent}(?:\\.${hostComponent})*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?`;
const pathComponent = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const tagPattern = '[\\w][\\w.-]{0,127}';
const referencePattern = new RegExp(
  `^(?:(?<domain>${domain})/)?(?<path>${pathComponent}(?:/${pathComponent})*)(?::(?<tag>${tagPattern})(?:@(?<digest>sha256:[0-9a-f]{64}))?)?$`,
);

/** Parses `[registry/]repository[:tag[@sha256:…]]`; returns undefined for anything else. */
export function parseImageReference(text: string): ImageReference | undefined {
  const match = referencePattern.exec(text);
  const groups = match?.groups;
  if (!groups?.path || text.length > 255 + '@sha256:'.length + 64) return undefined;
  const first = groups.domain;
  // Docker's rule: the first component is a registry only if it looks like a host.
  const isRegistry = first !== undefined && (first.includes('.') || first.includes(':') || first === 'localhost');
  const registry = isRegistry ? first : 'docker.io';
  const path = isRegistry || first === undefined ? groups.path : `${first}/${groups.path}`;
  if (!isRegistry && first !== undefined && !new RegExp(`^${pathComponent}$`).test(first)) return undefined;
  const repository = registry === 'docker.io' && !path.includes('/') ? `library/${path}` : path;
  const name = isRegistry ? `${registry}/${path}` : path;
  const digest = groups.digest as `sha256:${string}` | undefined;
  return { registry, repository, tag: groups.tag ?? 'latest', name, ...(digest ? { digest } : {}) };
}

/** `name:tag`, the key pins are stored under. */
export function imageKey(image: ImageReference): string {
  return `${image.name}:${image.tag}`;
}
