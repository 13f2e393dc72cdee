/** Renders a repo's files into Yeoman's in-memory file system. */
import { statSync } from 'node:fs';
import type Generator from 'yeoman-generator';
import { renderTemplateLayer } from '../../lib/render-template.ts';
import type { TemplateContext } from '../../lib/template-context.ts';
import { appFiles, type FileOwner } from './files.ts';

/** Writes the files of the given owners; a user-owned file only where none exists yet. */
export function writeGeneratedFiles(generator: Generator, context: TemplateContext, owners: readonly FileOwner[]): void {
  for (const file of appFiles(context)) {
    if (!owners.includes(file.owner)) continue;
    const destination = generator.destinationPath(file.to);
    if (file.owner === 'user' && generator.fs.exists(destination)) continue;
    const rendered = renderTemplateLayer([generator.sourceRoot()], file.template, context);
    const stat = file.executable ? Object.assign(statSync(rendered.from), { mode: 0o100755 }) : undefined;
    generator.fs.write(destination, rendered.contents, stat ? { stat } : {});
  }
}
