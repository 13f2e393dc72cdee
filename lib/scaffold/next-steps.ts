/**
 * The block a successful run ends with: the commands to run next, as
 * create-vite ends with its own, so nobody has to read the README first.
 */
import path from 'node:path';

interface NextStepsOptions {
  readonly cwd: string;
  readonly repo: string;
  /** A request to the API; undefined when no function is behind it. */
  readonly curl: string | undefined;
  /** The names of the functions' secrets: make up takes each from the shell. */
  readonly secrets: readonly string[];
  /** download-asset's image build needs GITHUB_TOKEN from the shell too. */
  readonly downloadAsset: boolean;
}

/** `export NAME=...` for each variable make up requires from the shell: names only, never a value. */
function exportLines({ secrets, downloadAsset }: NextStepsOptions): string[] {
  const lines = secrets.map((name, index) => `  export ${name}=...${index === 0 ? '   # a secret: make up takes it from your shell' : ''}`);
  if (downloadAsset) lines.push('  export GITHUB_TOKEN=...   # the image build fetches RIE with it');
  return lines;
}

export function nextSteps(options: NextStepsOptions): string[] {
  const folder = path.relative(options.cwd, options.repo);
  return [
    '',
    'Next steps:',
    ...(folder === '' ? [] : [`  cd ${folder.includes(' ') ? JSON.stringify(folder) : folder}`]),
    ...exportLines(options),
    '  make build   # compile each function into its bootstrap',
    '  make up      # start RIE and the API Gateway emulator',
    ...(options.curl === undefined ? [] : [`  ${options.curl}`]),
    '  make help    # every target',
  ];
}
