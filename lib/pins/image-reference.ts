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
}

// The grammar of github.com/distribution/reference, minus digests (we add those ourselves).
const hostComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const domain = `(?:${hostComponent}(?:\\.${hostComponent})*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?`;
const pathComponent = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const tagPattern = '[\\w][\\w.-]{0,127}';
const referencePattern = new RegExp(
  `^(?:(?<domain>${domain})/)?(?<path>${pathComponent}(?:/${pathComponent})*)(?::(?<tag>${tagPattern}))?$`,
);

/** Parses `[registry/]repository[:tag]`; returns undefined for anything else. */
export function parseImageReference(text: string): ImageReference | undefined {
  const match = referencePattern.exec(text);
  const groups = match?.groups;
  if (!groups?.path || text.length > 255) return undefined;
  const first = groups.domain;
  // Docker's rule: the first component is a registry only if it looks like a host.
  const isRegistry = first !== undefined && (first.includes('.') || first.includes(':') || first === 'localhost');
  const registry = isRegistry ? first : 'docker.io';
  const path = isRegistry || first === undefined ? groups.path : `${first}/${groups.path}`;
  if (!isRegistry && first !== undefined && !new RegExp(`^${pathComponent}$`).test(first)) return undefined;
  const repository = registry === 'docker.io' && !path.includes('/') ? `library/${path}` : path;
  const name = isRegistry ? `${registry}/${path}` : path;
  return { registry, repository, tag: groups.tag ?? 'latest', name };
}

/** `name:tag`, the key pins are stored under. */
export function imageKey(image: ImageReference): string {
  return `${image.name}:${image.tag}`;
}
