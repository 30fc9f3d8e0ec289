// The timeline: a lane for each call of the batch, its bar coloured by kind and by how it ended, and a
// Stop button while it has not.

// ok, failed, or one of the two ways a call is cut short, each with its own colour.
function stateOf(row) {
  if (row.ok) return 'ok';
  if (row.error.code === 'CANCELLED') return 'cancelled';
  if (row.error.code === 'TIMEOUT') return 'timeout';
  return 'failed';
}

function drawTimeline(current) {
  const { rows, calls } = current;
  const timeline = $('timeline');
  timeline.replaceChildren();
  const end = Math.max(1, ...rows.filter(Boolean).map((row) => row.timing.endMs));
  for (let i = 0; i < calls.length; i++) {
    const lane = document.createElement('div');
    lane.className = 'lane';
    lane.dataset.index = i;
    const row = rows[i];
    lane.append(text('span', row ? `#${i} ${row.tool}` : `#${i} ${(calls[i] && calls[i].tool) || ''} …`, 'lane-label'));
    const track = document.createElement('div');
    track.className = 'track';
    const stop = document.createElement('span');
    if (row) {
      const bar = document.createElement('div');
      const kind = kinds.get(row.tool) || 'UNKNOWN';
      const state = stateOf(row);
      bar.className = `bar ${kind}${state === 'ok' ? '' : ` ${state}`}`;
      bar.style.left = `${(row.timing.startMs / end) * 100}%`;
      bar.style.width = `${Math.max(0.4, ((row.timing.endMs - row.timing.startMs) / end) * 100)}%`;
      bar.dataset.index = i;
      bar.dataset.kind = kind;
      bar.dataset.state = state;
      bar.dataset.startMs = row.timing.startMs;
      bar.dataset.endMs = row.timing.endMs;
      bar.title = `${row.tool}${row.ok ? '' : ` ${row.error.code}`}: ${row.timing.startMs.toFixed(1)}–${row.timing.endMs.toFixed(1)} ms`;
      track.append(bar);
    } else if (current.batchId) {
      stop.append(stopButton(current, i));
    }
    lane.append(track, stop);
    timeline.append(lane);
  }
  timeline.append(text('div', `0 ms … ${end.toFixed(1)} ms`, 'axis muted'));
}

// A call's id is its batch's id, a slash and its index (docs/wire.md), so a call can be stopped before it says anything.
function stopButton(current, index) {
  const callId = `${current.batchId}/${index}`;
  const button = text('button', 'Stop', 'stop');
  button.dataset.callId = callId;
  button.disabled = current.stopping.has(callId);
  button.onclick = () => {
    current.stopping.add(callId);
    button.disabled = true;
    cancel(current, { batchId: current.batchId, callId });
  };
  return button;
}
