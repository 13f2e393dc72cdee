/**
 * A registry on loopback that serves every repository and tag with a
 * two-platform index (one platform for repositories named `…amd64-only`; arm64
 * listed as `arm64/v8`, as Docker's official images list it, for `…arm64-v8`),
 * behind a Bearer token challenge as ghcr.io and Docker Hub answer.
 */
import { loopbackServer } from './loopback-server.ts';
import { buildTestImage, type TestImage } from './oci-image.ts';

interface FakeRegistry {
  /** `127.0.0.1:port`, as an image reference's registry part. */
  readonly host: string;
  /** The image served for a repository name. */
  imageOf(repository: string): TestImage;
  /** Publishes a new build of every image under the same tags, as upstream does: new digests. */
  publishNewBuild(): void;
}

export async function fakeRegistry(): Promise<FakeRegistry> {
  let build = 1;
  const images = () => ({ both: buildTestImage(['amd64', 'arm64'], build), amd64Only: buildTestImage(['amd64'], build), arm64v8: buildTestImage(['amd64', 'arm64/v8'], build) });
  let served = images();
  const imageOf = (repository: string) => (repository.endsWith('amd64-only') ? served.amd64Only : repository.endsWith('arm64-v8') ? served.arm64v8 : served.both);
  const publishNewBuild = () => {
    build++;
    served = images();
  };
  let origin = '';
  origin = await loopbackServer((request, response) => {
    const url = new URL(request.url ?? '/', origin);
    if (url.pathname === '/token') {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token: 'registry-token' }));
      return;
    }
    if (request.headers.authorization !== 'Bearer registry-token') {
      response.writeHead(401, { 'www-authenticate': `Bearer realm="${origin}/token",service="fake"` }).end();
      return;
    }
    const match = /^\/v2\/(.+)\/manifests\/(.+)$/.exec(url.pathname);
    if (!match?.[1]) {
      response.writeHead(404).end();
      return;
    }
    const { index } = imageOf(match[1]);
    response.writeHead(200, { 'content-type': index.mediaType, 'docker-content-digest': index.digest });
    response.end(request.method === 'HEAD' ? undefined : index.bytes);
  });
  return { host: origin.replace('http://', ''), imageOf, publishNewBuild };
}
