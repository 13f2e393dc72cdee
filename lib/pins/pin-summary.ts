/** What a run prints of its pins: the table of what it pinned, and what bump moved. */
import type { PinRequest, Pins } from './pins.ts';

/** `sha256:` and the first 12 hex digits: enough to tell pins apart in a table or a log line. */
const shortDigest = (digest: string) => digest.slice(0, 19);

const short = (digest: string) => `${shortDigest(digest)}…`;

export function formatPinSummary(pins: Pins, request: PinRequest): string[] {
  const rows = request.images.map((key) => {
    const pin = pins.images[key];
    return [pin?.name ?? key, pin?.tag ?? '', pin ? short(pin.digest) : 'not pinned'];
  });
  rows.push([`RIE ${pins.rie.version}`, 'x86_64', short(`sha256:${pins.rie.assets.x86_64.sha256}`)]);
  rows.push(['', 'arm64', short(`sha256:${pins.rie.assets.arm64.sha256}`)]);
  for (const module of request.goModules) rows.push([module, pins.goModules[module] ?? 'not pinned', '']);
  const table = [['image', 'tag', 'digest'], ...rows];
  const widths = [0, 1].map((column) => Math.max(...table.map((row) => (row[column] ?? '').length)));
  const lines = table.map((row) => row.map((cell, column) => (column < 2 ? cell.padEnd(widths[column] ?? 0) : cell)).join('  ').trimEnd());
  return [`pins ${pins.source}:`, ...lines];
}

/** Lines saying what moved between two sets of pins. */
export function describePinChanges(before: Pins | undefined, after: Pins, request: PinRequest): string[] {
  const brief = (digest: string | undefined) => (digest ? shortDigest(digest) : 'none');
  const lines = request.images.map((image) => {
    const [old, now] = [before?.images[image]?.digest, after.images[image]?.digest];
    return old === now ? `${image}: ${brief(now)} (unchanged)` : `${image}: ${brief(old)} -> ${brief(now)}`;
  });
  const [oldRie, newRie] = [before?.rie.version, after.rie.version];
  lines.push(oldRie === newRie ? `RIE: ${newRie} (unchanged)` : `RIE: ${oldRie ?? 'none'} -> ${newRie}`);
  for (const module of request.goModules) {
    const [old, now] = [before?.goModules[module], after.goModules[module]];
    lines.push(old === now ? `${module}: ${now} (unchanged)` : `${module}: ${old ?? 'none'} -> ${now}`);
  }
  return lines;
}
