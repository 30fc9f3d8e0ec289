package dev.tunacode.tools.builtin.file;

import dev.tunacode.tools.builtin.OutputSchemas;
import dev.tunacode.core.HostContext;
import dev.tunacode.core.os.PosixException;
import dev.tunacode.core.spi.ArgsSchema;
import dev.tunacode.core.spi.ErrorCode;
import dev.tunacode.core.spi.Footprint;
import dev.tunacode.core.spi.Tool;
import dev.tunacode.core.spi.ToolCall;
import dev.tunacode.core.spi.ToolException;
import dev.tunacode.core.spi.ToolKind;
import dev.tunacode.core.spi.ToolSpec;
import dev.tunacode.core.workspace.DanglingLink;
import dev.tunacode.core.workspace.DirHandle;
import dev.tunacode.core.workspace.ResolvedPath;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;

/**
 * {@code write_file}: creates a new file, and the folders above it, atomically.
 */
public final class WriteFileTool implements Tool {

  /** Permissions of a new file, as most tools create them under the usual umask. */
  static final int NEW_FILE = 0644;

  private static final ToolSpec SPEC = new ToolSpec("write_file", ToolKind.WRITE,
    "Creates a new file with the given content; refuses a path that exists (use update_file for those).",
    ArgsSchema.object()
      .string("filepath", "The new file, relative to the workspace or absolute inside it.")
      .string("content", "The whole content, written as UTF-8.")
      .required("filepath", "content")
      .build());

  private final HostContext context;

  public WriteFileTool(HostContext context) {
    this.context = context;
  }

  @Override
  public ToolSpec spec() {
    return SPEC;
  }

  @Override
  public JsonObject outputSchema() {
    return OutputSchemas.writeFile();
  }

  @Override
  public Footprint footprint(JsonObject args) {
    return Footprint.write(args.getString("filepath"));
  }

  @Override
  public Future<JsonObject> execute(ToolCall call) {
    String path = call.args().getString("filepath");
    TextChecks.checkEncodable(name(), "content", call.args().getString("content"));
    byte[] content = call.args().getString("content").getBytes(StandardCharsets.UTF_8);
    return context.io().run(() -> {
      try (ResolvedPath resolved = context.workspace().locate(path)) {
        if (resolved.isDirectory()) {
          throw exists(path);
        }
        String suffix = FileErrors.folderSuffix(path);
        if (!suffix.isEmpty()) {
          throw FileErrors.folderSyntax(path, suffix, "To create the file", " (to make a folder, use bash: mkdir -p)");
        }
        if (resolved.exists()) {
          throw exists(path);
        }
        if (resolved.danglingLink() != null) {
          throw throughLink(path, resolved.danglingLink(), resolved.relative());
        }
        if (resolved.blockedBy() != null) {
          throw new ToolException(ErrorCode.IO_ERROR, "Cannot create '" + path + "': '" + resolved.blockedBy()
            + "' is a file, not a folder. Choose a different filepath.");
        }
        try (DirHandle folder = resolved.createFolders()) {
          folder.createFile(resolved.name(), content, NEW_FILE);
        } catch (FileAlreadyExistsException raced) {
          throw exists(path);
        } catch (PosixException e) {
          throw e.isAccessDenied() ? FileErrors.writeDenied(path) : e;
        }
        // The path as written on the disk: a backslash is part of a name here, not a separator.
        return new JsonObject().put("text", "Successfully wrote to new file: " + path)
          .put("path", resolved.relative()).put("bytes", content.length);
      }
    });
  }

  // TunaCode followed the link and created its target; a link is a name that exists, and is left alone.
  private static ToolException throughLink(String path, DanglingLink link, String created) {
    if (link.entry()) {
      return new ToolException(ErrorCode.ALREADY_EXISTS, "File '" + path + "' already exists as a symlink to '" + link.target()
        + "', which does not exist; write_file does not create files through a link. To create the file it points to, "
        + "write to '" + link.target() + "'; or choose a different filepath.");
    }
    return new ToolException(ErrorCode.IO_ERROR, "Cannot create '" + path + "': '" + link.link() + "' is a symlink to '"
      + link.target() + "', which does not exist; write_file does not create folders through a link. To create the file "
      + "there, write to '" + created + "'; or choose a different filepath.");
  }

  private static ToolException exists(String path) {
    return new ToolException(ErrorCode.ALREADY_EXISTS, "File '" + path + "' already exists. "
      + "Use the `update_file` tool to modify it, or choose a different filepath.");
  }
}
