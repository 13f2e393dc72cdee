/**
 * Reads an image tag's digest through GitHub's Packages API instead of the
 * registry: the version of the container package that carries the tag is named
 * by its manifest digest. Needs a token with `read:packages`.
 */
import { LookupError } from '../errors.ts';
import { describeGitHubError, type GitHub } from './github-client.ts';
import type { ImageReference } from './image-reference.ts';
import { isSha256Digest, type Sha256Digest } from './pins.ts';

interface PackageVersion {
  readonly name: string;
  readonly metadata?: { readonly container?: { readonly tags?: readonly string[] } };
}

function hasStatus(error: unknown, status: number): boolean {
  return error instanceof Error && 'status' in error && error.status === status;
}

export async function resolvePackageDigest(github: GitHub, image: ImageReference): Promise<Sha256Digest> {
  const [owner = '', ...rest] = image.repository.split('/');
  const packageName = rest.join('/');
  const what = `GitHub Packages, container ${owner}/${packageName}`;
  const query = { package_type: 'container' as const, package_name: packageName, per_page: 100 };
  let versions: PackageVersion[];
  try {
    try {
      versions = await github.paginate(github.rest.packages.getAllPackageVersionsForPackageOwnedByOrg, { ...query, org: owner });
    } catch (error) {
      // The owner may be a user rather than an organisation.
      if (!hasStatus(error, 404)) throw error;
      versions = await github.paginate(github.rest.packages.getAllPackageVersionsForPackageOwnedByUser, { ...query, username: owner });
    }
  } catch (error) {
    throw describeGitHubError(error, what);
  }
  const tagged = versions.find((version) => version.metadata?.container?.tags?.includes(image.tag));
  if (!tagged) throw new LookupError(`${what}: no version is tagged ${image.tag}`);
  if (!isSha256Digest(tagged.name)) {
    throw new LookupError(`${what}: the version tagged ${image.tag} is named ${JSON.stringify(tagged.name.slice(0, 80))}, not "sha256:" and 64 hex digits`);
  }
  return tagged.name;
}
