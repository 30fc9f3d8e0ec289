// Commands' output as it streams, one panel for each call that prints.
const LIVE_CHARS = 100000;

function liveEntry(current, index) {
  let entry = current.live.get(index);
  if (!entry) {
    const item = document.createElement('li');
    item.className = 'running';
    item.dataset.index = index;
    entry = { item, head: text('div', `#${index} ${current.calls[index].tool} · running`, 'live-head'), out: text('pre', '', 'live-text'), chars: 0 };
    item.append(entry.head, entry.out);
    const next = [...$('live').children].find((other) => Number(other.dataset.index) > index);
    $('live').insertBefore(item, next || null);
    current.live.set(index, entry);
  }
  return entry;
}

// The page keeps the end of a long output only; the result holds all the host kept.
function showOutput(current, event) {
  if (typeof event.data !== 'string') return;
  const entry = liveEntry(current, event.index);
  const chunks = event.skipped ? [text('span', `[${event.skipped} characters left out]\n`, 'skipped')] : [];
  chunks.push(text('span', event.data, event.stream));
  for (const chunk of chunks) {
    entry.out.append(chunk);
    entry.chars += chunk.textContent.length;
  }
  while (entry.chars > LIVE_CHARS && entry.out.childNodes.length > 1) {
    entry.chars -= entry.out.firstChild.textContent.length;
    entry.out.firstChild.remove();
  }
  entry.out.scrollTop = entry.out.scrollHeight;
}

function finishLive(current, index, row) {
  const entry = current.live.get(index);
  if (!entry) return;
  entry.item.className = stateOf(row);
  entry.head.textContent = `#${index} ${row.tool} · ${row.ok ? 'ok' : row.error.code}`;
}
