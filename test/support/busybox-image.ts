/**
 * Runnable stand-in images for the end-to-end tests, made from files on this
 * machine: a busybox-static root file system as one real layer, plus scripts,
 * as OCI images for the host's architecture. No image can be pulled here.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { blob, descriptor, json, type TestImage } from './oci-image.ts';
import { scratchDir } from './scratch.ts';

const applets = ['sh', 'cat', 'chmod', 'echo', 'env', 'ls', 'sha256sum', 'sleep', 'uname', 'wget', 'id', 'stat', 'mkdir', 'mv', 'rm', 'sed'];
const busybox = '/usr/bin/busybox';

interface ImageFile {
  readonly path: string;
  readonly contents: string | Buffer;
  readonly mode: number;
}

/** A single-layer image: busybox at /bin, `files` added, `env` in its config. */
export function busyboxImage(goArch: 'amd64' | 'arm64', files: readonly ImageFile[] = [], env: readonly string[] = []): TestImage {
  const work = scratchDir('rootfs');
  const root = path.join(work, 'root');
  for (const dir of ['bin', 'tmp', 'usr/local/bin', 'var/runtime', 'var/task']) mkdirSync(path.join(root, dir), { recursive: true });
  chmodSync(path.join(root, 'tmp'), 0o1777);
  try {
    copyFileSync(busybox, path.join(root, 'bin/busybox'));
  } catch (error) {
    throw new Error(`${busybox} is missing (${(error as Error).message}); .ci/run installs busybox-static`);
  }
  for (const applet of applets) symlinkSync('busybox', path.join(root, 'bin', applet));
  for (const file of files) {
    mkdirSync(path.dirname(path.join(root, file.path)), { recursive: true });
    writeFileSync(path.join(root, file.path), file.contents, { mode: file.mode });
  }
  const tarFile = path.join(work, 'layer.tar');
  execFileSync('tar', ['--create', '--file', tarFile, '--directory', root, '--owner=0', '--group=0', '--numeric-owner', '--sort=name', '.']);
  const tar = readFileSync(tarFile);
  const layer = blob(gzipSync(tar), 'application/vnd.oci.image.layer.v1.tar+gzip');
  const config = blob(
    json({
      architecture: goArch,
      os: 'linux',
      config: { Env: ['PATH=/usr/local/bin:/usr/bin:/bin', ...env] },
      rootfs: { type: 'layers', diff_ids: [blob(tar, '').digest] },
    }),
    'application/vnd.oci.image.config.v1+json',
  );
  const manifest = blob(
    json({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: descriptor(config), layers: [descriptor(layer)] }),
    'application/vnd.oci.image.manifest.v1+json',
  );
  const index = blob(
    json({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [descriptor(manifest, { platform: { architecture: goArch, os: 'linux' } })] }),
    'application/vnd.oci.image.index.v1+json',
  );
  return { blobs: [layer, config], manifests: [manifest], index, platformDigests: { [`linux/${goArch}`]: manifest.digest } };
}

/**
 * The golang stage's commands, standing in for the Go toolchain and for
 * download-asset (whose real install needs the Go module proxy): \`go install\`
 * does nothing, and \`download-asset get\` fetches the named asset from the test's
 * GitHub stand-in, sending the build secret as real download-asset sends its token.
 */
export const golangStandInFiles: readonly ImageFile[] = [
  {
    path: 'usr/local/bin/go',
    mode: 0o755,
    contents: `#!/bin/sh
# Stands in for the Go toolchain: download-asset is already in this image.
[ "$1" = install ] && echo "go stand-in: $*: provided by the image" && exit 0
echo "go stand-in: only 'go install' is provided" >&2; exit 1
`,
  },
  {
    path: 'usr/local/bin/download-asset',
    mode: 0o755,
    contents: `#!/bin/sh
# Stands in for download-asset get, with its flags and its need of GITHUB_TOKEN.
set -eu
[ -n "\${GITHUB_TOKEN:-}" ] || { echo "GitHub token not found; set GITHUB_TOKEN environment variable" >&2; exit 1; }
[ "$1" = get ] && shift
while [ $# -gt 0 ]; do
  case "$1" in
    --owner-repo) repo=$2 ;; --tag) tag=$2 ;; --intel64) intel64=$2 ;; --arm64) arm64=$2 ;;
    --pattern) pattern=$2 ;; --write-to-bin) bin=$2 ;;
  esac
  shift 2
done
case "$(uname -m)" in x86_64) arch=$intel64 ;; aarch64) arch=$arm64 ;; esac
asset=$(echo "$pattern" | sed "s/{{.Arch}}/$arch/")
wget -q --header "Authorization: token $GITHUB_TOKEN" -O "/usr/local/bin/$bin" "$STANDIN_DOWNLOADS/$tag/$asset"
echo "download-asset stand-in: $repo $tag $asset -> /usr/local/bin/$bin"
`,
  },
];

/**
 * The Node that runs these tests, with the shared libraries it loads, for a
 * stand-in of the pinned Node image: compose's api service then runs the
 * generated emulator on a real Node, in a container, as users run it.
 */
export function nodeImageFiles(): ImageFile[] {
  const node = realpathSync(process.execPath);
  const libraries = execFileSync('ldd', [node], { encoding: 'utf8' })
    .split('\n')
    .map((line) => /(?:=> )?(\/\S+) \(0x/.exec(line)?.[1])
    .filter((library): library is string => library !== undefined);
  return [
    { path: 'usr/local/bin/node', contents: readFileSync(node), mode: 0o755 },
    ...libraries.map((library) => ({ path: library.slice(1), contents: readFileSync(realpathSync(library)), mode: 0o755 })),
  ];
}
