import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { shippedPins } from '../pins/index.ts';
import { scratchDir } from '../../test/support/scratch.ts';
import { collectAnswers } from './collect-answers.ts';
import { everyTemplate } from './files.ts';
import { packageRoot } from './package-root.ts';
import { precompiledFile, renderTemplate } from './render-template.ts';
import { buildTemplateContext } from './template-context.ts';

describe('templates compiled ahead', () => {
  it('are in the build, one for every Handlebars template, as its text is now', () => {
    // npm ci builds dist/; a first run renders from this file instead of compiling.
    assert.ok(existsSync(precompiledFile), `${precompiledFile} (npm run build writes it)`);
    const precompiled = JSON.parse(readFileSync(precompiledFile, 'utf8')) as Record<string, { sha256: string }>;
    const templates = everyTemplate().filter((file) => file.endsWith('.hbs'));
    assert.ok(templates.length >= 8);
    for (const file of templates) {
      const sha256 = createHash('sha256').update(readFileSync(path.join(packageRoot, file))).digest('hex');
      assert.equal(precompiled[file]?.sha256, sha256, `${file} is compiled ahead as it is (npm run build)`);
    }
  });

  it('render exactly as the same templates compiled on the spot, for both payloads and every optional part', async () => {
    const work = scratchDir('templates');
    for (const known of [
      { payload: '1.0', cors: 'on', secrets: 'DB_PASSWORD', variables: 'A=1' },
      { payload: '2.0', rieSource: 'download-asset', routes: 'POST /orders' },
    ] as const) {
      const answers = await collectAnswers({ known, acceptDefaults: true, folderName: 'demo', ask: () => Promise.reject(new Error('no prompt')) });
      const context = buildTemplateContext(answers, shippedPins, '9.9.9');
      for (const file of everyTemplate().filter((template) => template.endsWith('.hbs'))) {
        // Outside the package, no template was compiled ahead: this one is compiled now.
        const copy = path.join(work, file.replaceAll('/', '_'));
        copyFileSync(path.join(packageRoot, file), copy);
        assert.equal(renderTemplate(path.join(packageRoot, file), context), renderTemplate(copy, context), file);
      }
    }
  });
});
