/**
 * README.md is the owners' from the first run on (files.ts), and not merged
 * like the generator's files: a README is prose a team rewrites, so a merge
 * would put conflict markers in their document run after run, and a file
 * with markers stops every later run until resolved. Instead a re-run leaves
 * it alone and names the sections its new answers make stale: README.md is
 * rendered with last time's answers and with this run's, by the same
 * templates and pins, so the answers alone differ; the sections whose text
 * differs are the ones to update.
 */
import type { TemplateContext } from './template-context.ts';
import type { TemplateSet } from './template-set.ts';

/** A Markdown text's sections by heading, in order; a `#` line inside a code fence is no heading. */
function sections(markdown: string): Map<string, string> {
  const found = new Map<string, string>();
  let heading = 'the top';
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const match = fenced ? null : /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (match) heading = match[1] === '#' ? `the top (# ${match[2] ?? ''})` : (match[2] ?? '');
    found.set(heading, `${found.get(heading) ?? ''}${line}\n`);
  }
  return found;
}

/** The sections of README.md that say something else with the answers of `after` than with those of `before`; none when the templates write no README.md. */
export function staleReadmeSections(templates: TemplateSet, before: TemplateContext, after: TemplateContext): string[] {
  const readme = (context: TemplateContext) => {
    const file = templates.files(context).find((candidate) => candidate.to === 'README.md');
    return file ? sections(templates.render(file, context)) : undefined;
  };
  const [then, now] = [readme(before), readme(after)];
  if (!then || !now) return [];
  return [...now].filter(([heading, text]) => then.get(heading) !== text).map(([heading]) => heading);
}
