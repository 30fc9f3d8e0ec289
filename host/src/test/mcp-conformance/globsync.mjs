// The conformance tool imports fs.globSync, which Node 20 lacks (it came in Node 22), at its top, so it
// cannot even start on Node 20. Its server mode never calls it (only its tier check does): this gives
// the tool's own modules an fs with a globSync that says so, and leaves every other module alone.
import { register } from 'node:module';
import fs from 'node:fs';

if (typeof fs.globSync !== 'function') {
  register('./globsync-hooks.mjs', import.meta.url);
}
