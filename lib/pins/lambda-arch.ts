/** Lambda's two architectures and the names other tools give them. */

export const lambdaArchs = ['x86_64', 'arm64'] as const;
export type LambdaArch = (typeof lambdaArchs)[number];

/** Go's GOARCH and Docker's TARGETARCH for each Lambda architecture. */
export const goArchOf: Readonly<Record<LambdaArch, 'amd64' | 'arm64'>> = {
  x86_64: 'amd64',
  arm64: 'arm64',
};

/** The Lambda architecture matching this machine, so local runs need no emulation. */
export function hostLambdaArch(nodeArch: string = process.arch): LambdaArch {
  return nodeArch === 'arm64' ? 'arm64' : 'x86_64';
}
