/**
 * Bump edits pins where they stand and nothing else: every other byte of a
 * file stays as its owner left it. The places that hold a pin are found by
 * parsing, not by a regular expression over the whole file: in the Dockerfile
 * (dockerfile-ast) the `# syntax` directive, each FROM image, each ADD, each
 * RUN (checksums, the RIE tag, `go install module@version`) and each
 * comment; in compose (the yaml CST) each service's `image:`.
 * Within such a place, an old pin's value is replaced where it stands as a
 * whole token. An old value no place holds any more (a site the owner removed
 * or rewrote) is reported, never guessed at.
 */
import { createRequire } from 'node:module';
import { isPair, isScalar, parseDocument, visit } from 'yaml';
import { lambdaArchs, type ImagePin, type Pins } from '../pins/index.ts';
import { isSha256Digest } from '../pins/pins.ts';

/** What a kind of site may hold. */
type SiteKind = 'image' | 'url' | 'checksum' | 'release' | 'module';

interface Site {
  readonly kind: SiteKind;
  readonly start: number;
  readonly end: number;
}

export interface PinChange {
  readonly kind: SiteKind;
  /** What it is, for messages: `node:24-alpine`, `RIE x86_64 asset`. */
  readonly what: string;
  readonly from: string;
  readonly to: string;
}

/** Every pin that differs between two sets, as the text a file holds before and after. */
export function pinChanges(before: Pins, after: Pins): PinChange[] {
  const changes: PinChange[] = [];
  const pinned = (pin: { name: string; tag: string; digest: string }) => `${pin.name}:${pin.tag}@${pin.digest}`;
  for (const [key, old] of Object.entries(before.images)) {
    const now = after.images[key];
    if (now && pinned(old) !== pinned(now)) changes.push({ kind: 'image', what: key, from: pinned(old), to: pinned(now) });
  }
  if (before.rie.version !== after.rie.version) changes.push({ kind: 'release', what: 'RIE release', from: before.rie.version, to: after.rie.version });
  for (const arch of lambdaArchs) {
    const [old, now] = [before.rie.assets[arch], after.rie.assets[arch]];
    if (old.url !== now.url) changes.push({ kind: 'url', what: `RIE ${arch} asset URL`, from: old.url, to: now.url });
    if (old.sha256 !== now.sha256) changes.push({ kind: 'checksum', what: `RIE ${arch} sha256`, from: old.sha256, to: now.sha256 });
  }
  for (const [module, old] of Object.entries(before.goModules)) {
    const now = after.goModules[module];
    if (now && now !== old) changes.push({ kind: 'module', what: module, from: `${module}@${old}`, to: `${module}@${now}` });
  }
  return changes;
}

/** A range as dockerfile-ast gives it: lines and characters from 0. */
interface Range {
  readonly start: { readonly line: number; readonly character: number };
  readonly end: { readonly line: number; readonly character: number };
}

/** Offsets of each line's start, to turn dockerfile-ast's line/character positions into offsets. */
function offsetsOf(text: string): (range: Range) => { start: number; end: number } {
  const lineStarts = [0];
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) lineStarts.push(index + 1);
  const at = (line: number, character: number) => (lineStarts[line] ?? text.length) + character;
  return (range) => ({ start: at(range.start.line, range.start.character), end: at(range.end.line, range.end.character) });
}

// Required when a Dockerfile is first read, not imported: a first run reads none
// (see merge.ts for what loading it up front cost).
const load = createRequire(import.meta.url);
let parser: (typeof import('dockerfile-ast'))['DockerfileParser'] | undefined;

function dockerfileSites(text: string): Site[] {
  parser ??= (load('dockerfile-ast') as typeof import('dockerfile-ast')).DockerfileParser;
  const parsed = parser.parse(text);
  const offsets = offsetsOf(text);
  const sites: Site[] = [];
  for (const directive of parsed.getDirectives()) {
    if (directive.getName().toLowerCase() === 'syntax') sites.push({ kind: 'image', ...offsets(directive.getValueRange()) });
  }
  for (const from of parsed.getFROMs()) {
    const range = from.getImageRange();
    if (range) sites.push({ kind: 'image', ...offsets(range) });
  }
  for (const instruction of parsed.getInstructions()) {
    const keyword = instruction.getKeyword();
    const range = offsets(instruction.getRange());
    if (keyword === 'ADD') sites.push({ kind: 'url', ...range });
    // The RIE check's sha256 values, download-asset's --tag and its `go install` stand in RUN instructions.
    if (keyword === 'RUN') sites.push({ kind: 'checksum', ...range }, { kind: 'release', ...range }, { kind: 'module', ...range });
  }
  for (const comment of parsed.getComments()) sites.push({ kind: 'release', ...offsets(comment.getRange()) });
  return sites;
}

function composeSites(text: string): Site[] {
  const sites: Site[] = [];
  visit(parseDocument(text), {
    Pair(_, pair) {
      if (isPair(pair) && isScalar(pair.key) && pair.key.value === 'image' && isScalar(pair.value) && pair.value.range) {
        sites.push({ kind: 'image', start: pair.value.range[0], end: pair.value.range[1] });
      }
    },
  });
  return sites;
}

/** The files that hold pins, and how each one's pin sites are found. */
const sitesByFile: Readonly<Record<string, (text: string) => Site[]>> = {
  'localdev/Dockerfile': dockerfileSites,
  'localdev/docker-compose.yml': composeSites,
};

export const pinnedFiles = Object.keys(sitesByFile);

const escape = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** `value` as a whole token: not part of a longer name, version or hex string. */
const token = (value: string) => new RegExp(`(?<![A-Za-z0-9._/:@-])${escape(value)}(?![A-Za-z0-9_/-]|\\.[0-9])`, 'g');

export interface Repinned {
  readonly text: string;
  /** The changes made, each once however many sites it touched. */
  readonly applied: readonly PinChange[];
}

/** `text` with each change made in the sites of its kind, and every other byte as it was. */
export function repin(file: string, text: string, changes: readonly PinChange[]): Repinned {
  const edits: { start: number; end: number; to: string; change: PinChange }[] = [];
  for (const site of sitesByFile[file]?.(text) ?? []) {
    const within = text.slice(site.start, site.end);
    for (const change of changes.filter(({ kind }) => kind === site.kind)) {
      for (const match of within.matchAll(token(change.from))) {
        const start = site.start + (match.index ?? 0);
        // Sites overlap (a RUN is searched for checksums and releases): each place is edited once.
        if (!edits.some((edit) => edit.start === start)) edits.push({ start, end: start + change.from.length, to: change.to, change });
      }
    }
  }
  let result = text;
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) result = result.slice(0, edit.start) + edit.to + result.slice(edit.end);
  return { text: result, applied: [...new Set(edits.map((edit) => edit.change))] };
}


/**
 * `stored` with each image's digest as the repo's files hold it, where no site
 * holds the stored digest any more but one holds the same name and tag at
 * another: Renovate's digest updates (or an owner's) are where the repo stands,
 * neither an edit to undo nor a pin still out of date. `read` gives a repo
 * file's text, or undefined when there is none.
 */
export function heldPins(read: (file: string) => string | undefined, stored: Pins): Pins {
  const images: string[] = [];
  for (const file of pinnedFiles) {
    const text = read(file);
    if (text === undefined) continue;
    for (const site of sitesByFile[file]?.(text) ?? []) if (site.kind === 'image') images.push(text.slice(site.start, site.end));
  }
  const held = (pin: ImagePin): ImagePin => {
    const reference = new RegExp(`(?<![A-Za-z0-9._/:@-])${escape(`${pin.name}:${pin.tag}`)}@(sha256:[0-9a-f]{64})(?![0-9a-f])`, 'g');
    const digests = images.flatMap((site) => [...site.matchAll(reference)].map((match) => match[1] ?? '')).filter(isSha256Digest);
    const other = digests.find((digest) => digest !== pin.digest);
    // A site that still holds the stored digest is bump's to move; so is a pin no site holds.
    return digests.includes(pin.digest) || other === undefined ? pin : { name: pin.name, tag: pin.tag, digest: other };
  };
  return { ...stored, images: Object.fromEntries(Object.entries(stored.images).map(([key, pin]) => [key, held(pin)])) };
}
