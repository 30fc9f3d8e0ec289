// The web console: tools, a batch editor, a live timeline of the batch's calls, results and metrics.
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

function drawTimeline(rows, count) {
  const timeline = $('timeline');
  timeline.replaceChildren();
  const end = Math.max(1, ...rows.filter(Boolean).map((row) => row.timing.endMs));
  for (let i = 0; i < count; i++) {
    const lane = document.createElement('div');
    lane.className = 'lane';
    const row = rows[i];
    lane.append(text('span', row ? `#${i} ${row.tool}` : `#${i} …`, 'lane-label'));
    const track = document.createElement('div');
    track.className = 'track';
    if (row) {
      const bar = document.createElement('div');
      const kind = kinds.get(row.tool) || 'UNKNOWN';
      bar.className = `bar ${kind}${row.ok ? '' : ' failed'}`;
      bar.style.left = `${(row.timing.startMs / end) * 100}%`;
      bar.style.width = `${Math.max(0.4, ((row.timing.endMs - row.timing.startMs) / end) * 100)}%`;
      bar.dataset.index = i;
      bar.dataset.kind = kind;
      bar.dataset.startMs = row.timing.startMs;
      bar.dataset.endMs = row.timing.endMs;
      bar.title = `${row.tool}: ${row.timing.startMs.toFixed(1)}–${row.timing.endMs.toFixed(1)} ms`;
      track.append(bar);
    }
    lane.append(track);
    timeline.append(lane);
  }
  timeline.append(text('div', `0 ms … ${end.toFixed(1)} ms`, 'axis muted'));
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
    item.className = result.ok ? 'ok' : 'failed';
    const details = document.createElement('details');
    const runMs = result.timing ? `${result.timing.runMs.toFixed(1)} ms` : '';
    details.append(text('summary', `#${i} ${result.tool} · ${result.ok ? 'ok' : result.error.code} · ${runMs}`),
      text('pre', result.ok ? result.output.text : `${result.error.code}: ${result.error.message}`, 'result-text'));
    item.append(details);
    list.append(item);
  });
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
  const count = (batch.calls || []).length;
  const rows = new Array(count);
  $('run').disabled = true;
  $('status').textContent = 'running…';
  $('results').replaceChildren();
  $('stats').replaceChildren();
  drawTimeline(rows, count);
  bridge.register(events, (event) => {
    // Besides each call's result, a batch's events say it was accepted and carry commands' output as it comes.
    if (event.type === 'result') {
      rows[event.index] = event;
      drawTimeline(rows, count);
    }
  });
  try {
    const reply = await bridge.request('tunacode.batch', { ...batch, events });
    if (!reply.ok) {
      $('status').textContent = `${reply.error.code}: ${reply.error.message}`;
      return;
    }
    reply.results.forEach((result, i) => { rows[i] = result; });
    drawTimeline(rows, count);
    showStats(reply.stats);
    showResults(reply.results);
    $('status').textContent = `${reply.stats.calls} calls, ${reply.stats.errors} failed`;
  } catch (error) {
    $('status').textContent = error.message;
  } finally {
    bridge.unregister(events);
    $('run').disabled = false;
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
  } catch (ignored) {
    // the next poll tries again
  }
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
    $('batch').value = exampleBatch(reply.tools);
    $('run').onclick = () => run(bridge);
  } catch (error) {
    $('connection').textContent = token ? 'refused' : 'no token: open the URL tunahost serve printed';
    $('connection').className = 'pill down';
  }
  pollMetrics();
  setInterval(pollMetrics, 1000);
}

start();
