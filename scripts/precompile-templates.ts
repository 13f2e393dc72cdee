/**
 * Part of `npm run build`: compiles every Handlebars template ahead into
 * dist/templates.precompiled.json, which the renderer uses while a template's
 * text is still what was compiled (lib/scaffold/render-template.ts).
 */
import { writeFileSync } from 'node:fs';
import { everyTemplate } from '../lib/scaffold/files.ts';
import { precompiledFile, precompiledTemplates } from '../lib/scaffold/render-template.ts';

writeFileSync(precompiledFile, `${JSON.stringify(precompiledTemplates(everyTemplate()))}\n`);
