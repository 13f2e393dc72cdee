/**
 * What the generator stops with: one line each, saying what was wrong, where,
 * and what is allowed or what to do. Nothing is written before either is thrown.
 */
export { notAllowed } from '../emulator/src/contract.ts';

/** A value on the command line, in `.yo-rc.json` or at a prompt that is not allowed. */
export class InvalidInputError extends Error {
  override name = 'InvalidInputError';
}

/** A lookup over the network that failed after its retries: what was asked, and what went wrong. */
export class LookupError extends Error {
  override name = 'LookupError';
}
