/** Renders a repo's files into Yeoman's in-memory file system. */
import { statSync } from 'node:fs';
import path from 'node:path';
import type Generator from 'yeoman-generator';
import { packageRoot } from './package-root.ts';
import { renderTemplate } from './render-template.ts';
import type { TemplateContext } from './template-context.ts';
import { appFiles, type FileOwner } from './files.ts';

/** Writes the files of the given owners; a user-owned file only where none exists yet. */
export function writeGeneratedFiles(generator: Generator, context: TemplateContext, owners: readonly FileOwner[]): void {
  for (const file of appFiles(context.payload).filter(({ owner }) => owners.includes(owner))) {
    const destination = generator.destinationPath(file.to);
    if (file.owner === 'user' && generator.fs.exists(destination)) continue;
    const from = path.join(packageRoot, file.from);
    const stat = file.executable ? Object.assign(statSync(from), { mode: 0o100755 }) : undefined;
    generator.fs.write(destination, renderTemplate(from, context), stat ? { stat } : {});
  }
}
