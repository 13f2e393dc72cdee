/**
 * Decides which pins a run writes. Today only pins known offline exist: the
 * ones stored in `.yo-rc.json` by an earlier run, else those shipped with the
 * generator. Live resolution will plug in here as a `PinResolver` (lib/pins.ts).
 */
import { checkPins } from '../../lib/check-pins.ts';
import type { PinRequest, Pins } from '../../lib/pins.ts';
import { shippedPins } from '../../lib/shipped-pins.ts';

export interface PinSettlement {
  readonly pins: Pins;
  /** A line to tell the user where the pins came from. */
  readonly notice: string;
}

/** Stored pins over shipped ones: a repo keeps what it was generated with until bumped. */
export function offlinePins(stored: unknown): Pins {
  if (stored === undefined) return shippedPins;
  const checked = checkPins(stored, '.yo-rc.json "pins"');
  return { ...checked, images: { ...shippedPins.images, ...checked.images } };
}

export async function settlePins(options: {
  readonly offline: boolean;
  readonly stored: unknown;
  readonly request: PinRequest;
}): Promise<PinSettlement> {
  const { offline, stored, request } = options;
  const pins = offlinePins(stored);
  const missing = request.images.filter((image) => !pins.images[image]);
  if (missing.length > 0) {
    throw new Error(
      `no digest is known offline for ${missing.join(', ')}; known: ${Object.keys(pins.images).join(', ')}. ` +
        'Use an image listed there, or resolve pins live (not available in this version).',
    );
  }
  const why = offline ? '--offline' : 'live resolution is not available in this version';
  return { pins, notice: `pins: ${pins.source} (${why})` };
}
