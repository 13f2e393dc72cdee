/**
 * OS/architecture/variant names as containerd normalises them before it
 * compares two: Docker's official images list arm64 as `linux/arm64/v8`, which
 * is the `linux/arm64` a Lambda function on Graviton runs. The rules are
 * containerd's (platforms.Normalize): architecture aliases, then the default
 * variant of each architecture dropped.
 */

const architectureAliases: Readonly<Record<string, string>> = {
  i386: '386',
  x86_64: 'amd64',
  'x86-64': 'amd64',
  aarch64: 'arm64',
  armhf: 'arm',
  armel: 'arm',
};

/** `os/arch[/variant]` in containerd's normal form: `linux/arm64/v8` and `linux/aarch64` are `linux/arm64`. */
export function normalizePlatform(platform: string): string {
  const [os = '', rawArchitecture = '', rawVariant = ''] = platform.toLowerCase().split('/');
  const architecture = architectureAliases[rawArchitecture] ?? rawArchitecture;
  let variant = rawVariant;
  if (rawArchitecture === 'armhf') variant = 'v7';
  if (rawArchitecture === 'armel') variant = 'v6';
  if (architecture === 'arm64' && (variant === 'v8' || variant === '8')) variant = '';
  if (architecture === 'amd64' && variant === 'v1') variant = '';
  if (architecture === 'arm' && variant === '') variant = 'v7';
  if (architecture === 'arm' && /^[5-8]$/.test(variant)) variant = `v${variant}`;
  return [os, architecture, variant].filter((part) => part !== '').join('/');
}

/** Whether an image's manifest for `offered` runs where `wanted` is asked for. */
export const platformsMatch = (wanted: string, offered: string): boolean => normalizePlatform(wanted) === normalizePlatform(offered);
