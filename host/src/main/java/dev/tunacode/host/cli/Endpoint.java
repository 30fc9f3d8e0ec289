package dev.tunacode.host.cli;

import io.vertx.core.json.JsonObject;

/**
 * Where a command sends its requests: a host started in this process, or a running host over its bridge.
 */
interface Endpoint extends AutoCloseable {

  /** Sends a request to one of the wire contract's addresses and waits for the reply. */
  JsonObject request(String address, JsonObject body) throws Exception;

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
