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

  it('lists every field the templates get, and no other: the repo-wide ones, then each function\'s', async () => {
    const section = readme.slice(readme.indexOf(heading), readme.indexOf('\n## ', readme.indexOf(heading)));
    const split = section.indexOf('\n#### Each entry of `functions`');
    assert.ok(split > 0, "the section has a table of a function's fields");
    const documented = (table: string) =>
      table
        .split('\n')
        .filter((line) => line.startsWith('| `'))
        .flatMap((line) => [...(line.split(' | ')[0] ?? '').matchAll(/`([A-Za-z0-9]+)`/g)].map((match) => match[1]));
    const fields = new Set<string>();
    const functionFields = new Set<string>();
    for (const known of [{}, { rieSource: 'download-asset', payload: '2.0', secrets: 'A', variables: 'B=1' }] as const) {
      const answers = await collectAnswers({ known, acceptDefaults: true, folderName: 'demo', ask: () => Promise.reject(new Error('no prompt')) });
      // A second function, not behind the API, so a field only some functions have would show.
      const project = projectOf(answers, undefined);
      const worker = { name: 'worker', folder: 'cmd/worker', trigger: 'sqs', timeout: 30, memory: 128, routes: '', variables: '', secrets: '' } as const;
      for (const candidate of [project, { ...project, functions: [...project.functions, worker] }]) {
        const context = buildTemplateContext(candidate, shippedPins, '9.9.9', builtInTemplates);
        for (const field of Object.keys(context)) fields.add(field);
        for (const fn of context.functions) for (const field of Object.keys(fn)) functionFields.add(field);
      }
    }
    assert.deepEqual(documented(section.slice(0, split)).sort(), [...fields].sort());
    assert.deepEqual(documented(section.slice(split)).sort(), [...functionFields].sort());
  });

  it('says what 2.0.0 moved, naming every field 1.2.0 had at the top and 2.0.0 has not', async () => {
    const changes = readme.slice(readme.indexOf('What changed in 2.0.0'), readme.indexOf('| field |', readme.indexOf(heading)));
    const answers = await collectAnswers({ known: {}, acceptDefaults: true, folderName: 'demo', ask: () => Promise.reject(new Error('no prompt')) });
    const fields = Object.keys(buildTemplateContext(projectOf(answers, undefined), shippedPins, '9.9.9', builtInTemplates));
    // 1.2.0's per-function fields, as its README table listed them.
    const removed = ['timeout', 'memory', 'routes', 'variables', 'secrets', 'eventFile', 'samEvents', 'routeList', 'functionTimeoutMs', 'corsOrigin', 'secretReferences', 'functionHasLogLevel', 'samFunctionId', 'hasEnvironment'];
    for (const field of removed) {
      assert.equal(fields.includes(field), false, `${field} is gone from the top`);
      assert.ok(changes.includes(`\`${field}\``), `the changes name ${field}`);
    }
  });
});
