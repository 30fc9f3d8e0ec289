// The host's bridge, driven by the official npm client (@vertx/eventbus-bridge-client.js over SockJS).
// NodeClientIT starts a host and runs this with TUNACODE_URL and TUNACODE_TOKEN set.
const { test } = require('node:test');
const assert = require('node:assert');
const EventBus = require('@vertx/eventbus-bridge-client.js');

const url = process.env.TUNACODE_URL;
const token = process.env.TUNACODE_TOKEN;

function open(withToken = token) {
  return new Promise((resolve, reject) => {
    const bus = new EventBus(`${url}/eventbus?token=${encodeURIComponent(withToken)}`);
    bus.onopen = () => resolve(bus);
    bus.onerror = (error) => reject(error);
    bus.onclose = () => reject(new Error('closed before it opened'));
  });
}

function send(bus, address, body) {
  return new Promise((resolve, reject) => {
    bus.send(address, body, {}, (error, message) => (error ? reject(error) : resolve(message.body)));
  });
}

test('lists the tools', async () => {
  const bus = await open();
  try {
    const reply = await send(bus, 'tunacode.tools', {});
    const names = reply.tools.map((tool) => tool.name);
    assert.ok(names.includes('read_file'), names.join(','));
    assert.ok(names.includes('sleep'), names.join(','));
  } finally {
    bus.close();
  }
});

test('runs a batch in order and receives one event per call as it finishes', async () => {
  const bus = await open();
  try {
    const events = [];
    const address = `tunacode.events.node-${process.pid}`;
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
    for (let i = 0; i < 50 && events.length < 3; i++) await new Promise((done) => setTimeout(done, 20));
    assert.deepStrictEqual(events.map((event) => event.index).sort(), [0, 1, 2]);
    assert.strictEqual(events.find((event) => event.index === 0).output.text, 'slept 100 ms');
  } finally {
    bus.close();
  }
});

test('is refused an address outside the wire contract, with the reason', async () => {
  const bus = await open();
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
