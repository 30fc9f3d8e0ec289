// The web console: tools, a batch editor, a live timeline of the batch's calls with Stop buttons, commands'
// live output, results and metrics.
const token = new URLSearchParams(location.search).get('token') || '';
const kinds = new Map();
const $ = (id) => document.getElementById(id);

function text(tag, content, className) {
  const node = document.createElement(tag);
  node.textContent = content;
  if (className) node.className = className;
  return node;
}

function renderTools(tools) {
  const list = $('tools');
  list.replaceChildren();
  for (const tool of tools) {
    kinds.set(tool.name, tool.kind);
    const item = document.createElement('li');
    const details = document.createElement('details');
    const summary = document.createElement('summary');
    summary.append(text('span', tool.name, 'tool-name'), text('span', tool.kind, `kind ${tool.kind}`));
    details.append(summary, text('p', tool.description, 'muted'), text('pre', JSON.stringify(tool.schema.properties || {}, null, 2)));
    item.append(details);
    list.append(item);
  }
}

// A plugin jar came, changed or went in the host's plugins folder: the list follows, and says what moved.
function toolsChanged(body) {
  const before = new Set(kinds.keys());
  const after = new Set(body.tools.map((tool) => tool.name));
  kinds.clear();
  renderTools(body.tools);
  const added = [...after].filter((name) => !before.has(name));
  const removed = [...before].filter((name) => !after.has(name));
  const parts = [];
  if (added.length) parts.push(`added ${added.join(', ')}`);
  if (removed.length) parts.push(`removed ${removed.join(', ')}`);
  const failed = (body.plugins || []).filter((plugin) => plugin.state === 'failed').map((plugin) => `${plugin.name} failed: ${plugin.error}`);
  const note = $('tools-changed');
  note.textContent = `Plugins changed at ${new Date().toLocaleTimeString()}: ${parts.length ? parts.join('; ') : 'same tools, new versions'}`
    + (failed.length ? `. ${failed.join('; ')}` : '');
  note.hidden = false;
}

// An example that shows overlap with whatever tools this host has.
function exampleBatch(tools) {
  const has = (name) => tools.some((tool) => tool.name === name);
  const calls = [];
  if (has('sleep')) for (let i = 0; i < 3; i++) calls.push({ tool: 'sleep', args: { ms: 300 } });
  if (has('list_dir')) calls.push({ tool: 'list_dir', args: { directory: '.' } });
  if (has('glob')) calls.push({ tool: 'glob', args: { pattern: '**/*.md' } });
  if (has('grep')) calls.push({ tool: 'grep', args: { pattern: 'TODO', max_results: 20 } });
  if (has('echo')) calls.push({ tool: 'echo', args: { text: 'done' } });
  return JSON.stringify({ calls }, null, 2);
}

async function cancel(current, target) {
  try {
    const reply = await current.bridge.request('tunacode.cancel', target);
    if (!current.done) $('status').textContent = reply.ok ? reply.text : `${reply.error.code}: ${reply.error.message}`;
  } catch (error) {
    if (!current.done) $('status').textContent = error.message;
  }
}

function hear(current, event) {
  if (current.done) return;
  if (event.type === 'accepted') {
    current.batchId = event.batchId;
    const stop = $('stop');
    stop.hidden = false;
    stop.disabled = false;
    stop.onclick = () => {
      stop.disabled = true;
      cancel(current, { batchId: current.batchId });
    };
    drawTimeline(current);
  } else if (event.type === 'output') {
    showOutput(current, event);
  } else if (event.type === 'result') {
    current.rows[event.index] = event;
    finishLive(current, event.index, event);
    drawTimeline(current);
  }
}

function showStats(stats) {
  $('stats').replaceChildren(
    text('span', `wall ${stats.wallMs.toFixed(1)} ms`),
    text('span', `sum ${stats.sumMs.toFixed(1)} ms`),
    text('span', `speedup ${stats.speedup.toFixed(2)}×`),
    text('span', `max ${stats.maxConcurrency} at once`));
  $('stats').dataset.maxConcurrency = stats.maxConcurrency;
}

function showResults(results) {
  const list = $('results');
  list.replaceChildren();
  results.forEach((result, i) => {
    const item = document.createElement('li');
    item.className = stateOf(result);
    const details = document.createElement('details');
    const runMs = result.timing ? `${result.timing.runMs.toFixed(1)} ms` : '';
    const failure = result.ok ? '' : `${result.error.code}: ${result.error.message}`;
    // A command that was stopped still answers with the output it had.
    const body = result.ok ? result.output.text : result.output && result.output.text ? `${failure}\n\n${result.output.text}` : failure;
    const cached = result.cached ? ' · from the cache' : '';
    details.append(text('summary', `#${i} ${result.tool} · ${result.ok ? 'ok' : result.error.code}${cached} · ${runMs}`),
      text('pre', body, 'result-text'));
    item.append(details);
    list.append(item);
  });
}

function summary(stats, results) {
  const count = (state) => results.filter((result) => stateOf(result) === state).length;
  const cut = [[count('cancelled'), 'cancelled'], [count('timeout'), 'timed out']].filter(([n]) => n > 0).map(([n, how]) => `${n} ${how}`);
  return `${stats.calls} call${stats.calls === 1 ? '' : 's'}, ${stats.errors} failed${cut.length ? ` (${cut.join(', ')})` : ''}`;
}

async function run(bridge) {
  let batch;
  try {
    batch = JSON.parse($('batch').value);
  } catch (error) {
    $('status').textContent = `The batch is not JSON: ${error.message}`;
    return;
  }
  const events = `tunacode.events.${crypto.randomUUID()}`;
  const calls = Array.isArray(batch.calls) ? batch.calls : [];
  const current = { bridge, calls, rows: new Array(calls.length), batchId: null, stopping: new Set(), live: new Map(), done: false };
  $('run').disabled = true;
  $('status').textContent = 'running…';
  $('results').replaceChildren();
  $('live').replaceChildren();
  $('stats').replaceChildren();
  drawTimeline(current);
  // The events say the batch was accepted (with the batchId to stop it by), carry commands' output as it comes, and each result.
  bridge.register(events, (event) => hear(current, event));
  try {
    const reply = await bridge.request('tunacode.batch', { ...batch, events });
    current.done = true;
    if (!reply.ok) {
      $('status').textContent = `${reply.error.code}: ${reply.error.message}`;
      return;
    }
    reply.results.forEach((result, i) => {
      current.rows[i] = result;
      finishLive(current, i, result);
    });
    drawTimeline(current);
    showStats(reply.stats);
    showResults(reply.results);
    $('status').textContent = summary(reply.stats, reply.results);
  } catch (error) {
    current.done = true;
    current.batchId = null;
    drawTimeline(current);
    $('status').textContent = error.message;
  } finally {
    bridge.unregister(events);
    $('stop').hidden = true;
    $('run').disabled = false;
  }
}

// Each workspace with the nodes that serve it and the calls each has in hand; in a cluster, all of its nodes.
function renderWorkspaces(reply) {
  const list = $('workspaces');
  list.replaceChildren();
  for (const workspace of reply.workspaces || []) {
    const item = text('li', '', 'workspace');
    item.append(text('b', workspace.id));
    for (const node of workspace.nodes) {
      const line = text('div', '', 'muted');
      line.append(text('code', node.node === reply.node ? 'this node' : node.node.slice(0, 8)),
        document.createTextNode(` · load ${node.load} · ${node.root}`));
      item.append(line);
    }
    list.append(item);
  }
}

async function pollWorkspaces(bridge) {
  try {
    renderWorkspaces(await bridge.request('tunacode.workspaces', {}));
  } catch (ignored) {
    // the next poll tries again
  }
}

async function pollMetrics() {
  try {
    const response = await fetch('/api/stats', { headers: { 'X-TunaCode-Token': token } });
    const stats = await response.json();
    $('m-rate').textContent = stats.callsPerSecond.toFixed(1);
    $('m-p50').textContent = `${stats.p50Ms.toFixed(2)} ms`;
    $('m-p99').textContent = `${stats.p99Ms.toFixed(2)} ms`;
    $('m-calls').textContent = stats.calls;
    const looked = stats.cacheHits + stats.cacheMisses;
    $('m-hits').textContent = looked === 0 ? '–' : `${(stats.cacheHitRate * 100).toFixed(1)}%`;
    const health = await (await fetch('/health', { headers: { 'X-TunaCode-Token': token } })).json();
    showIndex((health.index || [])[0]);
  } catch (ignored) {
    // the next poll tries again
  }
}

// The first workspace's index, when index.enabled is on: how far its build or its last sync has come.
function showIndex(index) {
  $('m-index-box').hidden = !index;
  if (!index) {
    return;
  }
  const files = index.files.toLocaleString('en-US');
  $('m-index').textContent = index.state === 'building'
    ? `building · ${index.pending.toLocaleString('en-US')} files to read`
    : `${files} files · ${(index.bytes / 1048576).toFixed(1)} MB${index.full ? ' · full' : ''}`;
}

async function start() {
  const bridge = new Bridge(token);
  bridge.onclose = () => { $('connection').textContent = 'disconnected'; $('connection').className = 'pill down'; };
  try {
    await bridge.opened;
    const reply = await bridge.request('tunacode.tools', {});
    $('connection').textContent = 'connected';
    $('connection').className = 'pill up';
    renderTools(reply.tools);
    bridge.register('tunacode.tools.changed', toolsChanged);
    $('batch').value = exampleBatch(reply.tools);
    $('run').onclick = () => run(bridge);
    pollWorkspaces(bridge);
    setInterval(() => pollWorkspaces(bridge), 2000);
  } catch (error) {
    $('connection').textContent = token ? 'refused' : 'no token: open the URL tunahost serve printed';
    $('connection').className = 'pill down';
  }
  pollMetrics();
  setInterval(pollMetrics, 1000);
}

start();
