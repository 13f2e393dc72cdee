import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readFileSync } from 'node:fs';
import { helpText, readCommandLine, repeatingCommandLine, unknownOptionProblem } from './command-line.ts';
import { storedAnswers } from './write-files.ts';

describe('command line: unknown options', () => {
  it('refuses a misspelt option in one line, naming it and the option it resembles', () => {
    assert.equal(
      unknownOptionProblem(readCommandLine(['demo', '--timeoutt', '10'], 'app'), 'app'),
      'option: "--timeoutt" is not allowed; expected an option of this command; did you mean --timeout? (--help lists them)',
    );
    assert.match(unknownOptionProblem(readCommandLine(['--memroy=256'], 'app'), 'app') ?? '', /"--memroy=256" .* did you mean --memory\?/);
    assert.match(unknownOptionProblem(readCommandLine(['--of-line'], 'app'), 'app') ?? '', /did you mean --offline\?/);
  });

  it('says nothing of a likeness where there is none', () => {
    assert.equal(unknownOptionProblem(readCommandLine(['--frobnicate'], 'app'), 'app'), 'option: "--frobnicate" is not allowed; expected an option of this command (--help lists them)');
    assert.match(unknownOptionProblem(readCommandLine(['-x'], 'app'), 'app') ?? '', /^option: "-x" is not allowed/);
  });

  it("takes every option of the table, the command's own switches, negated switches and values that look like options", () => {
    const args = ['demo', '--yes', '--force', '--no-offline', '--arch', 'arm64', '--routes=GET /a', '--variables', '-X=1', '--timeout', '10', '-h'];
    assert.equal(unknownOptionProblem(readCommandLine(args, 'app'), 'app'), undefined);
    assert.equal(unknownOptionProblem(readCommandLine(['--', '--not-an-option'], 'app'), 'app'), undefined);
    // Yeoman's own switches: yo may pass them on.
    assert.equal(unknownOptionProblem(readCommandLine(['--skip-install'], 'app'), 'app'), undefined);
  });

  it("keeps each generator to its own options: bump's to bump, the questions to the app", () => {
    assert.equal(unknownOptionProblem(readCommandLine(['--check', '--dry-run', '--offline'], 'bump'), 'bump'), undefined);
    // A moved layer is re-pointed by bump too.
    assert.equal(unknownOptionProblem(readCommandLine(['--templates', '../layer'], 'bump'), 'bump'), undefined);
    assert.match(unknownOptionProblem(readCommandLine(['--check'], 'app'), 'app') ?? '', /^option: "--check" is not allowed/);
    assert.match(unknownOptionProblem(readCommandLine(['--memory', '256'], 'bump'), 'bump') ?? '', /^option: "--memory" is not allowed/);
    assert.match(unknownOptionProblem(readCommandLine(['--no-memory'], 'app'), 'app') ?? '', /^option: "--no-memory" is not allowed/, 'only a switch negates');
  });
});

describe('command line: --help', () => {
  const help = helpText('npx generator-lambda-local', '9.9.9');
  const lines = help.split('\n');

  it('names the command and the version, and every usage', () => {
    assert.match(lines[0] ?? '', /^generator-lambda-local 9\.9\.9: /);
    assert.ok(help.includes('\n  npx generator-lambda-local [name] [options] '));
    assert.ok(help.includes('\n  npx generator-lambda-local bump [options] '));
    assert.ok(helpText('yo lambda-local', '9.9.9').includes('\n  yo lambda-local:bump [options] '), 'under yo, bump is a sub-generator');
    // The function command's usage is too wide to share its line under npx: its description stands under the others'.
    const usage = lines.indexOf('  npx generator-lambda-local function <name> [options]');
    assert.ok(usage > 0, 'the function command is listed');
    assert.equal(lines[usage + 1], `${' '.repeat(47)}add a function, or change one`);
    assert.ok(helpText('yo lambda-local', '9.9.9').includes('\n  yo lambda-local:function <name> [options]    add a function, or change one\n'), 'under yo it fits on one line');
  });

  it('has a function section naming every trigger, http by default, wrapped under its summary', () => {
    const section = lines.slice(lines.findIndex((line) => line.startsWith('function only ')));
    const trigger = section.findIndex((line) => line.startsWith('  --trigger <kind> '));
    assert.ok(trigger > 0, '--trigger is listed in the function section');
    const text = section.slice(trigger, section.findIndex((line, index) => index > trigger && line.startsWith('  --'))).join(' ');
    for (const kind of ['http', 'sqs', 'sns', 's3', 'eventbridge', 'schedule', 'dynamodb-stream', 'kinesis', 'none']) assert.match(text, new RegExp(`[ :]${kind}[, ]`), `${kind} is named`);
    assert.match(section[trigger + 1] ?? '', /^ {23}\S.* http$/, 'the summary goes on under itself and the default ends its last line');
    assert.ok(section.some((line) => line.startsWith('  --remove ')), '--remove is listed');
    for (const option of ['--timeout', '--memory', '--routes', '--variables', '--secrets']) assert.ok((section[0] ?? '').includes(option), `the function command takes ${option}`);
  });

  it("lists the generators' options, and none of Yeoman's that do nothing here", () => {
    for (const option of ['--module', '--arch', '--lambda-port', '--api-port', '--timeout', '--memory', '--payload', '--routes', '--cors', '--variables', '--secrets',
      '--rie-source', '--base-image', '--node-image', '--golang-image', '--dockerfile-syntax', '--offline', '--github-api-url', '--rie-version',
      '--digest-source', '--github-container-registry', '--go-proxy', '--yes', '--force', '--help', '--version', '--check', '--dry-run', '--remove']) {
      assert.ok(lines.some((line) => line.startsWith(`  ${option} `)), `${option} is listed`);
    }
    for (const yeoman of ['--skip-install', '--force-install', '--skip-cache', '--ask-answered']) assert.equal(help.includes(yeoman), false, `${yeoman} is not`);
  });

  it('puts each default flush with column 80, and no line past it', () => {
    const defaults: [string, string][] = [
      ['--memory', '128'],
      ['--payload', '1.0'],
      ['--routes', 'ANY /{proxy+}'],
      ['--node-image', 'node:24-alpine'],
      ['--secrets', 'none'],
    ];
    for (const [option, value] of defaults) {
      const line = lines.find((candidate) => candidate.startsWith(`  ${option} `)) ?? '';
      assert.ok(line.endsWith(` ${value}`), line);
      assert.equal([...line].length, 80, line);
    }
    // A default too long to share a line stands on the next one, still ending at column 80.
    const base = lines.findIndex((line) => line.startsWith('  --base-image '));
    assert.equal(lines[base + 1], 'ghcr.io/northwood-labs/lambda-provided-al2023:latest'.padStart(80));
    const widest = Math.max(...lines.map((line) => [...line].length));
    assert.ok(widest <= 80, `a line of ${widest} columns`);
  });

  it('ends with three examples: a new repo, a function added to it, and a check for updates', () => {
    const examples = lines.slice(lines.indexOf('Examples:') + 1).filter((line) => line !== '');
    assert.deepEqual(examples, [
      '  npx generator-lambda-local orders --yes --arch arm64 --payload 2.0',
      '  cd orders && npx generator-lambda-local function worker --trigger sqs --yes',
      '  cd orders && npx generator-lambda-local bump --check',
    ]);
  });
});

describe("command line: a command's own --help", () => {
  const optionsListed = (page: string) => page.split('\n').flatMap((line) => /^ {2}(--[a-z-]+)/.exec(line)?.[1] ?? []);
  // What each command takes, by its design: bump re-pins (the run's lookups, --templates, and its own switches),
  // diff renders offline what was written, function edits one function's answers.
  const expected = {
    bump: ['--templates', '--offline', '--check', '--json', '--dry-run', '--github-api-url', '--rie-version', '--digest-source', '--github-container-registry', '--go-proxy', '--help', '--version'],
    diff: ['--offline', '--exit-code', '--help', '--version'],
    function: ['--trigger', '--remove', '--timeout', '--memory', '--routes', '--variables', '--secrets', '--yes', '--help', '--version'],
  } as const;

  for (const [generator, options] of Object.entries(expected) as [keyof typeof expected, readonly string[]][]) {
    it(`${generator}: its usage, and exactly the options it takes, each accepted`, () => {
      const page = helpText('npx generator-lambda-local', '9.9.9', generator);
      const usage = generator === 'function' ? 'function <name> [options]' : `${generator} [options]`;
      assert.ok(page.includes(`\n  npx generator-lambda-local ${usage}`), page);
      assert.deepEqual([...optionsListed(page)].sort(), [...options].sort());
      for (const option of options) assert.equal(unknownOptionProblem(readCommandLine([option], generator), generator), undefined, option);
      // And the other way: of every option any page names, those the command accepts are on its page.
      const anyPage = new Set(['app', 'bump', 'diff', 'function'].flatMap((name) => optionsListed(helpText('npx generator-lambda-local', '9.9.9', name as keyof typeof expected))));
      const accepted = [...anyPage].filter((option) => unknownOptionProblem(readCommandLine([option], generator), generator) === undefined);
      assert.deepEqual(accepted.sort(), [...options].sort(), 'what it accepts is what its page lists');
      assert.ok(page.split('\n').every((line) => [...line].length <= 80), 'no line past column 80');
      assert.ok(page.includes('npx generator-lambda-local --help'), 'it says where every command is');
    });
  }

  it("gives the defaults the command itself takes, not the app's", () => {
    const lineOf = (generator: keyof typeof expected, option: string) =>
      helpText('npx generator-lambda-local', '9.9.9', generator).split('\n').find((line) => line.startsWith(`  ${option} `)) ?? '';
    // A new function behind the API gets a path of its own, not the app's greedy ANY /{proxy+}.
    assert.ok(lineOf('function', '--routes').endsWith(' ANY /<name>/{proxy+}'), lineOf('function', '--routes'));
    // bump without --templates keeps the layers the repo was written with.
    assert.ok(lineOf('bump', '--templates').endsWith(" the repo's layers"), lineOf('bump', '--templates'));
  });

  it("names the sub-generator as yo spells it", () => {
    assert.ok(helpText('yo lambda-local', '9.9.9', 'function').includes('\n  yo lambda-local:function <name> [options] '));
    assert.ok(helpText('yo lambda-local', '9.9.9', 'bump').includes('\n  cd orders && yo lambda-local:bump --check\n'));
  });
});

describe('command line: the line that repeats a run', () => {
  const stored = (JSON.parse(readFileSync(new URL('../../test/snapshots/defaults/.yo-rc.json', import.meta.url), 'utf8')) as Record<string, Record<string, unknown>>)['generator-lambda-local'] ?? {};

  it('gives layer folders from the root, so the line works from any folder, and packages as they are', () => {
    const answers = storedAnswers({ ...stored, templates: '../layers/team,@acme/lambda-layer,./local,.layers/acme' });
    assert.ok(answers);
    const line = repeatingCommandLine('npx generator-lambda-local', answers, { name: 'demo', given: {}, projectRoot: '/work/demo' });
    assert.match(line, / --templates \/work\/layers\/team,@acme\/lambda-layer,\/work\/demo\/local,\/work\/demo\/\.layers\/acme /);
    assert.match(line, /^npx generator-lambda-local demo --module /);
    assert.match(line, / --yes$/);
  });
});
