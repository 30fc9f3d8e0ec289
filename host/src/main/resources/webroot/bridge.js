// A small client of the host's event-bus bridge over a raw WebSocket: requests with reply addresses,
// handlers on events addresses, and the ping the bridge needs to keep the socket.
class Bridge {
  constructor(token) {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    this.socket = new WebSocket(`${scheme}://${location.host}/eventbus/websocket?token=${encodeURIComponent(token)}`);
    this.socket.binaryType = 'arraybuffer';
    this.pending = new Map();
    this.handlers = new Map();
    this.opened = new Promise((resolve, reject) => {
      this.socket.onopen = resolve;
      this.socket.onerror = () => reject(new Error('the host refused the connection (is the token right?)'));
    });
    this.socket.onmessage = (event) => this.receive(event.data);
    this.socket.onclose = () => {
      clearInterval(this.pinger);
      for (const { reject } of this.pending.values()) reject(new Error('connection closed'));
      this.pending.clear();
      if (this.onclose) this.onclose();
    };
    this.pinger = setInterval(() => this.write({ type: 'ping' }), 5000);
  }

  receive(data) {
    const frame = JSON.parse(typeof data === 'string' ? data : new TextDecoder().decode(data));
    const waiting = frame.address && this.pending.get(frame.address);
    if (waiting) {
      this.pending.delete(frame.address);
      if (frame.type === 'err') waiting.reject(new Error(frame.message || frame.body));
      else waiting.resolve(frame.body);
      return;
    }
    const handler = frame.address && this.handlers.get(frame.address);
    if (handler && frame.type === 'rec') handler(frame.body);
  }

  write(frame) {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(frame));
  }

  request(address, body) {
    const replyAddress = crypto.randomUUID();
    return new Promise((resolve, reject) => {
      this.pending.set(replyAddress, { resolve, reject });
      this.write({ type: 'send', address, body, replyAddress });
    });
  }

  register(address, handler) {
    this.handlers.set(address, handler);
    this.write({ type: 'register', address });
  }

  unregister(address) {
    this.handlers.delete(address);
    this.write({ type: 'unregister', address });
  }
}
