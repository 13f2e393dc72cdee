import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { shippedPins } from '../pins/index.ts';
import { scratchDir } from '../../test/support/scratch.ts';
import { collectAnswers } from './collect-answers.ts';
import { builtInPartials, everyTemplate } from './files.ts';
import { packageRoot } from './package-root.ts';
import { createRenderer, precompiledFile } from './render-template.ts';
import { projectOf } from './project-model.ts';
import { buildTemplateContext } from './template-context.ts';
import { builtInTemplates } from './template-set.ts';

describe('templates compiled ahead', () => {
  it('are in the build, one for every Handlebars template and partial, as its text is now', () => {
    // npm ci builds dist/; a first run renders from this file instead of compiling.
    assert.ok(existsSync(precompiledFile), `${precompiledFile} (npm run build writes it)`);
    const precompiled = JSON.parse(readFileSync(precompiledFile, 'utf8')) as Record<string, { sha256: string }>;
    const templates = everyTemplate().filter((file) => file.endsWith('.hbs'));
    assert.ok(templates.length >= 13 && templates.some((file) => file.startsWith('templates/partials/')));
    for (const file of templates) {
      const sha256 = createHash('sha256').update(readFileSync(path.join(packageRoot, file))).digest('hex');
      assert.equal(precompiled[file]?.sha256, sha256, `${file} is compiled ahead as it is (npm run build)`);
    }
  });

  it('render exactly as the same templates and partials compiled on the spot, for both payloads and every optional part', async () => {
    // Copies outside the package were never compiled ahead: everything about them is compiled now.
    const work = scratchDir('templates');
    const copyOf = (file: string) => {
      const copy = path.join(work, path.relative(packageRoot, file).replaceAll('/', '_'));
      copyFileSync(file, copy);
      return copy;
    };
    const ahead = createRenderer({ partials: builtInPartials(), helpers: {} });
    const now = createRenderer({ partials: new Map([...builtInPartials()].map(([name, file]) => [name, copyOf(file)])), helpers: {} });
    for (const known of [
      { payload: '1.0', cors: 'on', secrets: 'DB_PASSWORD', variables: 'A=1' },
      { payload: '2.0', rieSource: 'download-asset', routes: 'POST /orders' },
    ] as const) {
      const answers = await collectAnswers({ known, acceptDefaults: true, folderName: 'demo', ask: () => Promise.reject(new Error('no prompt')) });
      const context = buildTemplateContext(projectOf(answers, undefined), shippedPins, '9.9.9', builtInTemplates);
      for (const file of everyTemplate().filter((template) => template.endsWith('.hbs') && !template.startsWith('templates/partials/'))) {
        const original = path.join(packageRoot, file);
        assert.equal(ahead(original, context), now(copyOf(original), context), file);
      }
    }
  });
});
