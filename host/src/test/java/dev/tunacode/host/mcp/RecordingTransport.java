package dev.tunacode.host.mcp;

import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A client transport that remembers the ids of the tool calls it sent, and can send the cancel for one:
 * the Java SDK's client has no call that sends {@code notifications/cancelled}.
 */
final class RecordingTransport implements McpClientTransport {

  private final McpClientTransport transport;
  /** The ids of the tool calls sent, in the order they were handed to the transport. */
  final List<Object> callIds = new CopyOnWriteArrayList<>();
  /** The ids of the tool calls whose sending has completed. */
  final List<Object> sent = new CopyOnWriteArrayList<>();

  RecordingTransport(McpClientTransport transport) {
    this.transport = transport;
  }

  void cancel(Object requestId, String reason) {
    transport.sendMessage(new McpSchema.JSONRPCNotification(McpSchema.JSONRPC_VERSION, "notifications/cancelled",
      Map.of("requestId", requestId, "reason", reason))).block();
  }

  @Override
  public Mono<Void> connect(Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
    return transport.connect(handler);
  }

  @Override
  public void setExceptionHandler(Consumer<Throwable> handler) {
    transport.setExceptionHandler(handler);
  }

  @Override
  public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
    if (message instanceof McpSchema.JSONRPCRequest request && McpSchema.METHOD_TOOLS_CALL.equals(request.method())) {
      callIds.add(request.id());
      // Once its sending is done, a message sent after it comes after it on a stream such as stdio.
      return transport.sendMessage(message).doOnSuccess(done -> sent.add(request.id()));
    }
    return transport.sendMessage(message);
  }

  @Override
  public Mono<Void> closeGracefully() {
    return transport.closeGracefully();
  }

  @Override
  public void close() {
    transport.close();
  }

  @Override
  public <T> T unmarshalFrom(Object data, TypeRef<T> type) {
    return transport.unmarshalFrom(data, type);
  }

  @Override
  public List<String> protocolVersions() {
    return transport.protocolVersions();
  }
}
