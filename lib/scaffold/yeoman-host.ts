/**
 * What a Yeoman generator gives a Scaffold (pipeline.ts): its prompts, its
 * in-memory file system (committed all or none by yeoman-commit.ts) and its
 * logger. The app and the function generator both run a Scaffold; this is
 * written once for both.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import type Generator from 'yeoman-generator';
import type { Question } from './collect-answers.ts';
import { packageRoot } from './package-root.ts';
import type { ScaffoldHost } from './pipeline.ts';
import type { FileTarget } from './write-files.ts';
import { promptsReachSomeone } from './yeoman-output.ts';

/** Yeoman's in-memory file system, committed by Yeoman's commit task (customCommitTask). */
function fileTargetOf(generator: Generator): FileTarget {
  return {
    path: (relative) => generator.destinationPath(relative),
    exists: (file) => generator.fs.exists(file),
    read: (file) => generator.fs.read(file) ?? '',
    // mem-fs writes a file with the mode of the stat it is given (a regular file's, made executable).
    write: (file, text, { executable }) =>
      generator.fs.write(file, text, executable ? { stat: Object.assign(statSync(path.join(packageRoot, 'package.json')), { mode: 0o100755 }) } : {}),
    remove: (file) => generator.fs.delete(file),
  };
}

async function ask(generator: Generator, question: Question): Promise<string> {
  const answers = await generator.prompt<Record<string, unknown>>([
    {
      type: question.choices ? 'select' : 'input',
      name: question.key,
      message: question.message,
      default: question.defaultValue,
      ...(question.choices ? { choices: question.choices.map((choice) => ({ ...choice })) } : {}),
      validate: (value: unknown) => question.validate(String(value)),
    },
  ]);
  return String(answers[question.key]);
}

/** The host of a Scaffold that runs in `generator`, whose destination root is the project's. */
export function yeomanScaffoldHost(generator: Generator): ScaffoldHost {
  return {
    root: generator.destinationRoot(),
    cwd: generator.env.cwd,
    config: generator.config,
    files: fileTargetOf(generator),
    canAsk: promptsReachSomeone(generator.env.adapter),
    ask: (question) => ask(generator, question),
    info: (line) => generator.log.info(line),
    writeln: (line) => generator.log.writeln(line),
    error: (line) => generator.log.error(line),
  };
}
