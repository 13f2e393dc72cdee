/**
 * The generated repo is the user's: nothing is written outside its folder,
 * not even through a symbolic link inside it that points elsewhere (a linked
 * `localdev/`, a dangling `Makefile` link). Links that stay inside are fine.
 */
import { lstatSync, readFileSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { InvalidInputError, notAllowed } from '../errors.ts';
import { payloadVersions } from '../../emulator/src/contract.ts';
import { defaultTriggerKind } from '../triggers/index.ts';
import { everyGeneratedPath } from './files.ts';
import { optionTable } from './options.ts';
import { functionFolderOf, functionNameFor } from './project-model.ts';
import { builtInTemplates, type TemplateSet } from './template-set.ts';

/** Whether `candidate` is `root` or inside it, as paths go (links are the caller's to resolve first). */
export function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}

/**
 * The first symbolic link on the way from `root` to `relative` (a `/`-separated
 * path in the repo) that leads out of `root`, as a one-line refusal; undefined
 * when writing there stays inside.
 */
function linkOutOfProject(root: string, relative: string): string | undefined {
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch {
    return undefined; // No folder yet: nothing in it can be a link.
  }
  let current = root;
  for (const part of relative.split('/')) {
    current = path.join(current, part);
    let isLink: boolean | undefined;
    try {
      // Nothing there is an answer, not an exception: a first run asks about paths that are not there yet.
      isLink = lstatSync(current, { throwIfNoEntry: false })?.isSymbolicLink();
    } catch {
      return undefined;
    }
    if (isLink === undefined) return undefined; // Nothing there yet, nor below it.
    if (!isLink) continue;
    const target = readlinkSync(current);
    let leadsTo: string;
    try {
      leadsTo = realpathSync(current);
    } catch {
      // A dangling link: writing through it would create its target.
      leadsTo = path.resolve(realpathSync(path.dirname(current)), target);
    }
    if (!isInside(realRoot, leadsTo)) {
      return `${path.relative(root, current)} is a symbolic link to ${target}, outside the project; nothing was written (replace the link with a file or folder to let the generator write there)`;
    }
  }
  return undefined;
}

/**
 * Refuses, before any task runs, a project in which a path the generator may
 * write passes through a symbolic link that leads out of it.
 */
export function refuseLinksOutOfProject(root: string, paths: readonly string[] = everyGeneratedPath()): void {
  for (const relative of paths) {
    const refusal = linkOutOfProject(root, relative);
    if (refusal) throw new InvalidInputError(refusal);
  }
}

/**
 * Refuses, before anything is written, a project in which something other
 * than a folder stands where a path the generator may write needs one (say
 * `localdev` is a file): writing there could only fail half-way.
 */
export function refuseFilesWhereFoldersGo(root: string, paths: readonly string[]): void {
  const blocked = new Map<string, string[]>();
  // Each folder is looked at once, however many paths run through it; nothing there is
  // an answer, not an exception: a first run asks about folders that are not there yet.
  const folders = new Map<string, boolean | undefined>();
  const lookAt = (folder: string): boolean | undefined => {
    try {
      // Followed: a link to a folder inside the project is a folder (refuseLinksOutOfProject sees to the others).
      return statSync(path.join(root, folder), { throwIfNoEntry: false })?.isDirectory();
    } catch {
      return undefined; // Unreadable: as good as missing here; writing there reports it.
    }
  };
  const isFolderAt = (folder: string): boolean | undefined => {
    if (!folders.has(folder)) folders.set(folder, lookAt(folder));
    return folders.get(folder);
  };
  for (const relative of paths) {
    const parts = relative.split('/');
    for (let depth = 1; depth < parts.length; depth += 1) {
      const folder = parts.slice(0, depth).join('/');
      const isFolder = isFolderAt(folder);
      if (isFolder === undefined) break; // Nothing there yet, so nothing below it either: it will be made.
      if (!isFolder) {
        blocked.set(folder, [...(blocked.get(folder) ?? []), relative]);
        break;
      }
    }
  }
  const [first] = blocked;
  if (!first) return;
  const [folder, files] = first;
  const kind = statSync(path.join(root, folder)).isFile() ? 'a file' : 'not a folder';
  const listed = files.length > 2 ? `${files.slice(0, 2).join(', ')}, …` : files.join(', ');
  throw new InvalidInputError(`${folder} is ${kind}, where the generator writes a folder (${listed}); nothing was written (move or rename it, then run again)`);
}

/**
 * What already stands where a first run would write (a `.yo-rc.json` of other
 * generators aside: its keys are kept): such a folder is someone's work, and a
 * first run stops on it unless told `--force`.
 */
export function occupiedPaths(root: string, paths: readonly string[] = firstRunPaths(root, builtInTemplates)): string[] {
  return paths.filter((relative) => {
    if (relative === '.yo-rc.json') return false;
    try {
      lstatSync(path.join(root, relative));
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * The paths a first run in `root` writes with `templates`, either payload: the
 * repo's files, and its first function's in `cmd/<name>/`, named as the run
 * names it by default (after the folder).
 */
export function firstRunPaths(root: string, templates: TemplateSet): string[] {
  const name = functionNameFor(optionTable.name.defaultValue({ folderName: path.basename(root), earlier: {}, env: {} }));
  const functions = [{ name, folder: functionFolderOf(name), trigger: defaultTriggerKind }];
  return ['.yo-rc.json', ...new Set(payloadVersions.flatMap((payload) => templates.files({ payload, functions }).map((file) => file.to)))];
}

/** A first run's refusal of a folder that already has `occupied` (paths the generator writes). */
export function occupiedRefusal(root: string, occupied: readonly string[]): InvalidInputError {
  return new InvalidInputError(
    `${root} already has ${occupied.join(', ')}, which the generator writes; nothing was written ` +
      "(--force writes the generator's files over what is there and keeps yours, such as a main.go, as they are)",
  );
}

/** The namespace of this generator's answers in `.yo-rc.json`. */
export const configNamespace = 'generator-lambda-local';

/**
 * The folder of the nearest `.yo-rc.json` with this generator's answers at or
 * above `start`, as git finds `.git`: run from `localdev/`, a run acts on the repo.
 */
export function findProjectRoot(start: string): string | undefined {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    try {
      const config: unknown = JSON.parse(readFileSync(path.join(dir, '.yo-rc.json'), 'utf8'));
      if (typeof config === 'object' && config !== null && configNamespace in config) return dir;
    } catch {
      // No .yo-rc.json here, or not ours: look further up.
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** The generated repo at or above `start`, for a command that acts on one (bump, diff); refused when there is none. */
export function existingProjectRoot(start: string): string {
  const root = findProjectRoot(start);
  if (root === undefined) {
    throw new Error(`no .yo-rc.json with generator-lambda-local answers in ${start} or above; run npx generator-lambda-local (or yo lambda-local) there first`);
  }
  return root;
}

/**
 * Refuses a new repo (`name` given) whose folder lies inside a generated repo:
 * every later run there would act on the outer one, and its make targets would
 * mix with the outer repo's. The repo's own folder, named again, is a re-run.
 */
export function refuseRepoInsideRepo(name: string, destination: string): void {
  const root = findProjectRoot(destination);
  if (root === undefined || root === path.resolve(destination)) return;
  throw new InvalidInputError(
    notAllowed('name', name, 'a name for a folder outside a generated repo (without a name, a run there acts on that repo)', `${destination} is inside the repo generated at ${root}`),
  );
}
