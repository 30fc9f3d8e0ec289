// The host's bridge, driven by the official npm client (@vertx/eventbus-bridge-client.js over SockJS), over
// each transport SockJS may fall back to. NodeClientIT starts a host with the default limits and runs this
// with TUNACODE_URL and TUNACODE_TOKEN set.
const { describe, test } = require('node:test');
const assert = require('node:assert');
const EventBus = require('@vertx/eventbus-bridge-client.js');

const url = process.env.TUNACODE_URL;
const token = process.env.TUNACODE_TOKEN;
const MAX_MESSAGE_BYTES = 1024 * 1024;

function open(transport, withToken = token) {
  return new Promise((resolve, reject) => {
    const bus = new EventBus(`${url}/eventbus?token=${encodeURIComponent(withToken)}`, { transports: [transport] });
    bus.onopen = () => resolve(bus);
    bus.onerror = (error) => reject(error);
    bus.onclose = (event) => reject(new Error(`closed before it opened: ${event && event.code} ${event && event.reason}`));
  });
}

function send(bus, address, body) {
  return new Promise((resolve, reject) => {
    bus.send(address, body, {}, (error, message) => (error ? reject(error) : resolve(message.body)));
  });
}

async function eventually(check) {
  for (let i = 0; i < 250 && !check(); i++) await new Promise((done) => setTimeout(done, 20));
  return check();
}

for (const transport of ['websocket', 'xhr-streaming', 'xhr-polling']) {
  describe(transport, () => {
    test('lists the tools', async () => {
      const bus = await open(transport);
      try {
        assert.strictEqual(bus.sockJSConn.transport, transport);
        const reply = await send(bus, 'tunacode.tools', {});
        const names = reply.tools.map((tool) => tool.name);
        assert.ok(names.includes('read_file'), names.join(','));
        assert.ok(names.includes('sleep'), names.join(','));
      } finally {
        bus.close();
      }
    });

    test('runs a batch in order and receives its id, then one event per call as it finishes', async () => {
      const bus = await open(transport);
      try {
        const events = [];
        const address = `tunacode.events.node-${process.pid}-${transport}`;
        bus.registerHandler(address, {}, (error, message) => { if (!error) events.push(message.body); });
        const reply = await send(bus, 'tunacode.batch', {
          events: address,
          calls: [
            { tool: 'sleep', args: { ms: 100 } },
            { tool: 'echo', args: { text: 'from node' } },
            { tool: 'nope', args: {} },
          ],
        });
        assert.strictEqual(reply.ok, true);
        assert.deepStrictEqual(reply.results.map((result) => result.ok), [true, true, false]);
        assert.strictEqual(reply.results[0].output.text, 'slept 100 ms');
        assert.strictEqual(reply.results[1].output.text, 'from node');
        assert.strictEqual(reply.results[2].error.code, 'UNKNOWN_TOOL');
        assert.ok(await eventually(() => events.length === 4), `events: ${JSON.stringify(events)}`);
        assert.deepStrictEqual(events[0], { type: 'accepted', batchId: reply.batchId, session: events[0].session, calls: 3, ids: ['0', '1', '2'] });
        const results = events.slice(1);
        assert.ok(results.every((event) => event.type === 'result' && event.batchId === reply.batchId));
        assert.deepStrictEqual(results.map((event) => event.index).sort(), [0, 1, 2]);
        assert.strictEqual(results.find((event) => event.index === 0).output.text, 'slept 100 ms');
      } finally {
        bus.close();
      }
    });

    test('is refused an address outside the wire contract, with the reason', async () => {
      const bus = await open(transport);
      try {
        await assert.rejects(send(bus, 'tunacode.tool.bash', { command: 'id' }), (error) => {
          assert.strictEqual(error.failureCode, 403);
          assert.match(error.message, /is not reachable over the bridge/);
          return true;
        });
      } finally {
        bus.close();
      }
    });

    test('gets 413 for a message over the limit, escapes and all, and goes on with the next', async () => {
      const bus = await open(transport);
      try {
        await assert.rejects(send(bus, 'tunacode.call', { tool: 'echo', args: { text: 'x'.repeat(MAX_MESSAGE_BYTES) } }),
          (error) => {
            assert.strictEqual(error.failureCode, 413);
            assert.match(error.message, /^The message is \d+ bytes; this host accepts at most 1048576\./);
            return true;
          });
        // Half a mebibyte of quotes: its JSON is within the limit, SockJS's escapes double it.
        const quotes = '"'.repeat(MAX_MESSAGE_BYTES / 2 - 100);
        const reply = await send(bus, 'tunacode.call', { tool: 'echo', args: { text: quotes } });
        assert.strictEqual(reply.output.text, quotes);
      } finally {
        bus.close();
      }
    });

    test('cannot open with a wrong token', async () => {
      await assert.rejects(open(transport, 'not-the-token-at-all'));
    });
  });
}
