/**
 * The last step of `npm run build`: compiles every Handlebars template ahead
 * into dist/templates.precompiled.json, which the renderer uses while a
 * template's text is still what was compiled (lib/scaffold/render-template.ts),
 * and makes the package's bins executable again: tsc writes them 0644, npx then
 * answers `Permission denied`, and `npm pack` puts that mode in the tarball.
 */
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { everyTemplate } from '../lib/scaffold/files.ts';
import { packageRoot } from '../lib/scaffold/package-root.ts';
import { precompiledFile, precompiledTemplates } from '../lib/scaffold/render-template.ts';

writeFileSync(precompiledFile, `${JSON.stringify(precompiledTemplates(everyTemplate()))}\n`);

const { bin } = JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { bin: Record<string, string> };
for (const file of Object.values(bin)) chmodSync(path.join(packageRoot, file), 0o755);
