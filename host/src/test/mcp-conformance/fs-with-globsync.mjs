import fs from 'node:fs';

export * from 'node:fs';
export default fs;

export function globSync(pattern) {
  throw new Error(`fs.globSync('${pattern}') is not available on Node ${process.versions.node}; only the conformance tool's tier check uses it`);
}
