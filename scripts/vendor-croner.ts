/**
 * Refreshes emulator/vendor/croner/ from node_modules: a generated repo's api
 * service runs the emulator's sources with nothing installed, so croner (which
 * reads cron() schedules) ships beside them. Run `npm run vendor:croner` after
 * a croner bump in package.json and emulator/package.json (and their locks);
 * emulator/test/packaging.test.ts fails until the vendored copy is the installed one.
 */
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageRoot } from '../lib/scaffold/package-root.ts';

/** The files vendored: where each is in croner's package, and its name in the vendor folder. */
export const vendoredFiles: readonly { readonly from: string; readonly to: string }[] = [
  { from: 'dist/croner.cjs', to: 'croner.cjs' },
  { from: 'LICENSE', to: 'LICENSE' },
];

/** The README line that says where the copy came from, rewritten on every refresh. */
export const fromLinePattern = /^From: .*$/m;

/** The README's line for a version of croner and its integrity as package-lock.json records it. */
export const fromLine = (version: string, integrity: string) => `From: croner ${version}, https://registry.npmjs.org/croner/-/croner-${version}.tgz, integrity ${integrity}`;

/** Copies the installed croner of `root` (its node_modules and package-lock.json) into `target`, and rewrites the README there. */
export function vendorCroner(root: string, target: string): string {
  const installed = path.join(root, 'node_modules/croner');
  const { version } = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8')) as { version: string };
  const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string; integrity?: string } | undefined> };
  const locked = lock.packages['node_modules/croner'];
  if (locked?.version !== version || locked.integrity === undefined) {
    throw new Error(`node_modules/croner is ${version}, package-lock.json locks ${locked?.version ?? 'none'}: run npm ci, then this again`);
  }
  // The emulator's own lock is what a generated repo's package.json and lock are copied from: it must lock the same croner.
  const emulatorLock = path.join(root, 'emulator/package-lock.json');
  if (existsSync(emulatorLock)) {
    const emulatorLocked = (JSON.parse(readFileSync(emulatorLock, 'utf8')) as typeof lock).packages['node_modules/croner'];
    if (emulatorLocked?.version !== version) throw new Error(`emulator/package-lock.json locks croner ${emulatorLocked?.version ?? 'none'}, package-lock.json ${version}: bump both, then run this again`);
  }
  const readmeFile = path.join(target, 'README.md');
  const readme = readFileSync(readmeFile, 'utf8');
  if (!fromLinePattern.test(readme)) throw new Error(`${readmeFile} has no line starting "From: " to rewrite`);
  for (const file of vendoredFiles) copyFileSync(path.join(installed, file.from), path.join(target, file.to));
  writeFileSync(readmeFile, readme.replace(fromLinePattern, fromLine(version, locked.integrity)));
  return version;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const target = path.join(packageRoot, 'emulator/vendor/croner');
  console.log(`${path.relative(packageRoot, target)}: croner ${vendorCroner(packageRoot, target)}`);
}
