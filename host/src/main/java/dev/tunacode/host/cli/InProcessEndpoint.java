package dev.tunacode.host.cli;

import dev.tunacode.host.runtime.HostRuntime;
import io.vertx.core.json.JsonObject;

/**
 * A host in this process, started for one command.
 */
final class InProcessEndpoint implements Endpoint {

  private final HostRuntime runtime;
  private final long timeoutMs;

  InProcessEndpoint(HostRuntime runtime, long timeoutMs) {
    this.runtime = runtime;
    this.timeoutMs = timeoutMs;
  }

  @Override
  public JsonObject request(String address, JsonObject body) throws Exception {
    return Requests.send(runtime.vertx(), address, body, timeoutMs);
  }

  @Override
  public void close() throws Exception {
    runtime.close();
  }
}
