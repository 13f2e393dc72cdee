/**
 * The block a successful run ends with: the commands to run next, as
 * create-vite ends with its own, so nobody has to read the README first.
 */
import path from 'node:path';

export function nextSteps(options: { readonly cwd: string; readonly repo: string; readonly curl: string }): string[] {
  const folder = path.relative(options.cwd, options.repo);
  return [
    '',
    'Next steps:',
    ...(folder === '' ? [] : [`  cd ${folder.includes(' ') ? JSON.stringify(folder) : folder}`]),
    '  make build   # compile main.go into the bootstrap',
    '  make up      # start RIE and the API Gateway emulator',
    `  ${options.curl}`,
    '  make help    # every target',
  ];
}
