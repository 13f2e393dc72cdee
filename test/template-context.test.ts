/**
 * The template context is documented in README.md, with its version: the
 * table must name every field the templates get, and no other, so a layer's
 * author can trust it.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { shippedPins } from '../lib/pins/index.ts';
import { collectAnswers } from '../lib/scaffold/collect-answers.ts';
import { projectOf } from '../lib/scaffold/project-model.ts';
import { buildTemplateContext, templateContextVersion } from '../lib/scaffold/template-context.ts';
import { builtInTemplates } from '../lib/scaffold/template-set.ts';
import { repoRoot } from './support/generate.ts';

describe('the template context in README.md', () => {
  const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const heading = `### The template context, version ${templateContextVersion}\n`;

  it('is headed with the version layers check against', () => {
    assert.ok(readme.includes(heading), heading);
  });

  it('lists every field the templates get, and no other', async () => {
    const section = readme.slice(readme.indexOf(heading), readme.indexOf('\n## ', readme.indexOf(heading)));
    const documented = section
      .split('\n')
      .filter((line) => line.startsWith('| `'))
      .flatMap((line) => [...(line.split(' | ')[0] ?? '').matchAll(/`([A-Za-z0-9]+)`/g)].map((match) => match[1]));
    const fields = new Set<string>();
    for (const known of [{}, { rieSource: 'download-asset', payload: '2.0', secrets: 'A', variables: 'B=1' }] as const) {
      const answers = await collectAnswers({ known, acceptDefaults: true, folderName: 'demo', ask: () => Promise.reject(new Error('no prompt')) });
      for (const field of Object.keys(buildTemplateContext(projectOf(answers, undefined), shippedPins, '9.9.9', builtInTemplates))) fields.add(field);
    }
    assert.deepEqual([...documented].sort(), [...fields].sort());
  });
});
