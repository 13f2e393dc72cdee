/**
 * Paths inside this package. Code runs from `generators/…` in a checkout and
 * from `dist/generators/…` once published, so the root is found, not assumed.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'templates'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`generator-lambda-local: no package root above ${start}`);
  }
}

export const packageRoot = findPackageRoot(path.dirname(fileURLToPath(import.meta.url)));

const manifest = JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { version: string; engines: { node: string } };

export const packageVersion = manifest.version;

/** The Node versions this package runs on, as package.json's engines say. */
export const supportedNode = manifest.engines.node;
