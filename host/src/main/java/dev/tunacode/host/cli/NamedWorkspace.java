package dev.tunacode.host.cli;

import dev.tunacode.core.Addresses;
import io.vertx.core.json.JsonObject;

import java.util.Set;
import java.util.function.Consumer;

/**
 * An endpoint whose calls, batches and listings go to one named workspace ({@code --workspace-id}).
 */
final class NamedWorkspace implements Endpoint {

  private static final Set<String> NAMED = Set.of(Addresses.CALL, Addresses.BATCH, Addresses.TOOLS, Addresses.PLUGINS);

  private final Endpoint endpoint;
  private final String workspace;

  NamedWorkspace(Endpoint endpoint, String workspace) {
    this.endpoint = endpoint;
    this.workspace = workspace;
  }

  @Override
  public JsonObject request(String address, JsonObject body) throws Exception {
    return endpoint.request(address, named(address, body));
  }

  @Override
  public JsonObject request(String address, JsonObject body, Consumer<JsonObject> events) throws Exception {
    return endpoint.request(address, named(address, body), events);
  }

  private JsonObject named(String address, JsonObject body) {
    return NAMED.contains(address) ? body.copy().put("workspace", workspace) : body;
  }

  @Override
  public void close() throws Exception {
    endpoint.close();
  }
}
