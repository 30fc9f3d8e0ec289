package dev.tunacode.tools.builtin.file;

import dev.tunacode.core.spi.ErrorCode;
import dev.tunacode.core.spi.Footprint;
import dev.tunacode.core.spi.Tool;
import dev.tunacode.core.spi.ToolCall;
import dev.tunacode.core.spi.ToolContext;
import dev.tunacode.core.spi.ToolException;
import dev.tunacode.core.spi.ToolKind;
import dev.tunacode.tools.builtin.Schema;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * {@code write_file}: creates a new file, and the folders above it, atomically.
 */
public final class WriteFileTool implements Tool {

  private static final JsonObject SCHEMA = Schema.object()
    .string("filepath", "The new file, relative to the workspace or absolute inside it.")
    .string("content", "The whole content, written as UTF-8.")
    .required("filepath", "content")
    .build();

  private final ToolContext context;

  public WriteFileTool(ToolContext context) {
    this.context = context;
  }

  @Override
  public String name() {
    return "write_file";
  }

  @Override
  public ToolKind kind() {
    return ToolKind.WRITE;
  }

  @Override
  public String description() {
    return "Creates a new file with the given content; refuses a path that exists (use update_file for those).";
  }

  @Override
  public JsonObject schema() {
    return SCHEMA;
  }

  @Override
  public Footprint footprint(JsonObject args) {
    return Footprint.write(args.getString("filepath"));
  }

  @Override
  public Future<JsonObject> execute(ToolCall call) {
    String path = call.args().getString("filepath");
    byte[] content = call.args().getString("content").getBytes(StandardCharsets.UTF_8);
    return context.io().run(() -> {
      Path file = context.workspace().resolve(path);
      if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
        throw exists(path);
      }
      checkFolders(path, file.getParent());
      try {
        Files.createDirectories(file.getParent());
        AtomicWriter.create(file, content);
      } catch (FileAlreadyExistsException raced) {
        throw exists(path);
      } catch (AccessDeniedException denied) {
        throw FileErrors.writeDenied(path);
      }
      return new JsonObject().put("text", "Successfully wrote to new file: " + path)
        .put("path", context.workspace().relativize(file)).put("bytes", content.length);
    });
  }

  // createDirectories fails with a bare FileAlreadyExistsException or ENOTDIR when a part of the path is a file.
  private void checkFolders(String path, Path folder) {
    Path existing = folder;
    while (!Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
      existing = existing.getParent();
    }
    if (!Files.isDirectory(existing)) {
      throw new ToolException(ErrorCode.IO_ERROR, "Cannot create '" + path + "': '" + context.workspace().relativize(existing)
        + "' is a file, not a folder. Choose a different filepath.");
    }
  }

  private static ToolException exists(String path) {
    return new ToolException(ErrorCode.ALREADY_EXISTS, "File '" + path + "' already exists. "
      + "Use the `update_file` tool to modify it, or choose a different filepath.");
  }
}
