package dev.tunacode.host.cli;

import io.vertx.core.json.JsonObject;

import java.util.function.Consumer;

/**
 * Where a command sends its requests: a host started in this process, or a running host over its bridge.
 */
interface Endpoint extends AutoCloseable {

  /** Sends a request to one of the wire contract's addresses and waits for the reply. */
  JsonObject request(String address, JsonObject body) throws Exception;

  /**
   * Sends a call or batch and hands {@code events} what it tells as it runs, where the endpoint can hear
   * it; a host in this process prints nothing before its reply, since the command waits on it anyway.
   */
  default JsonObject request(String address, JsonObject body, Consumer<JsonObject> events) throws Exception {
    return request(address, body);
  }

  /** @return the tool's argument schema, or null when there is no such tool */
  default JsonObject schemaOf(String tool) throws Exception {
    JsonObject tools = request(dev.tunacode.core.Addresses.TOOLS, new JsonObject());
    for (Object item : tools.getJsonArray("tools")) {
      JsonObject described = (JsonObject) item;
      if (described.getString("name").equals(tool)) {
        return described.getJsonObject("schema");
      }
    }
    return null;
  }
}
