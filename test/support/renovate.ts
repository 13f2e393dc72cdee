/**
 * Renovate's own extraction of Docker dependencies (its dockerfile and
 * docker-compose managers, `extractPackageFile`), from the renovate package on
 * npm: whether Renovate can update our pins is asked of Renovate itself, not of
 * a copy of its rules. The package is large (some 600 packages, 360 MB), so it
 * is installed once per machine into a cache folder outside the repo, as
 * .ci/docker-plugins.sh keeps its builds; .ci/run installs it ahead
 * (`node test/support/renovate.ts`), and a test installs it when it is missing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const renovateVersion = '44.121.2';
const cache = path.join(process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache'), 'generator-lambda-local-ci');
const installed = path.join(cache, `renovate-${renovateVersion}`);
const managers = path.join(installed, 'node_modules/renovate/dist/modules/manager');

/** Installs the pinned Renovate into the cache, unless it is there: into a folder of its own, then renamed, so a run cut short leaves nothing half-installed. */
export function installRenovate(): void {
  if (existsSync(path.join(managers, 'dockerfile/extract.js'))) return;
  mkdirSync(cache, { recursive: true });
  const staging = mkdtempSync(path.join(cache, 'renovate-staging-'));
  try {
    // Its install scripts build nothing the managers use.
    const npm = spawnSync('npm', ['install', '--prefix', staging, '--no-save', '--no-audit', '--no-fund', '--ignore-scripts', `renovate@${renovateVersion}`], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (npm.status !== 0) throw new Error(`npm install renovate@${renovateVersion} failed: ${npm.stderr}`);
    if (!existsSync(installed)) renameSync(staging, installed);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** A dependency as Renovate's managers give it; the fields the tests read. */
export interface RenovateDependency {
  readonly depName?: string;
  readonly currentValue?: string;
  readonly currentDigest?: string;
  readonly replaceString?: string;
  readonly autoReplaceStringTemplate?: string;
  readonly datasource?: string;
  readonly skipReason?: string;
}

type Extract = (content: string, packageFile: string, config: object) => unknown;

async function extractorOf(manager: 'dockerfile' | 'docker-compose'): Promise<Extract> {
  installRenovate();
  const module: unknown = await import(pathToFileURL(path.join(managers, manager, 'extract.js')).href);
  const extract = typeof module === 'object' && module !== null && 'extractPackageFile' in module ? module.extractPackageFile : undefined;
  if (typeof extract !== 'function') throw new Error(`renovate ${renovateVersion}'s ${manager} manager has no extractPackageFile`);
  return (content, packageFile, config) => extract(content, packageFile, config);
}

/** The Docker dependencies Renovate's `manager` finds in `content`, a file at `packageFile` in the repo. */
export async function renovateExtract(manager: 'dockerfile' | 'docker-compose', content: string, packageFile: string): Promise<RenovateDependency[]> {
  const extracted = await (await extractorOf(manager))(content, packageFile, {});
  const deps = typeof extracted === 'object' && extracted !== null && 'deps' in extracted ? extracted.deps : undefined;
  if (!Array.isArray(deps)) throw new Error(`renovate's ${manager} manager found no dependencies in ${packageFile}`);
  return deps.filter((dep): dep is RenovateDependency => typeof dep === 'object' && dep !== null);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) installRenovate();
