// The first step of `npm run build` and `npm test`, in plain JavaScript so that
// any Node runs it: the build and the tests run TypeScript files directly,
// which Node does only from the versions package.json's engines names. On an
// older Node (Debian's 20, say) the user would otherwise meet
// ERR_UNKNOWN_FILE_EXTENSION from `npm ci`; this says in one line what to do.
import { readFileSync } from 'node:fs';
import satisfies from 'semver/functions/satisfies.js';

const { engines } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
if (!satisfies(process.versions.node, engines.node)) {
  console.error(
    `generator-lambda-local: Node ${process.versions.node} cannot build or test this package; it needs ${engines.node}. ` +
      'npm install --prefix ~/.local/node24 node@24, then put ~/.local/node24/node_modules/.bin first on PATH (README.md, "Two commands on a fresh machine")',
  );
  process.exit(1);
}
